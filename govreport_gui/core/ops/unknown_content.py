"""What a draft holds that its form does not have: cells and section texts kept aside on opening.

A draft saved by a newer govreport (whose form has a cell or section more) or edited by hand can
hold such rows. This program cannot check, show, export or sign them — the signature covers the
form's cells and sections only, so a signed draft's signature says nothing about them — but it
never deletes them either: every save writes only the rows it changes. So the user is told, as a
warning (the form's own figures may all be right; the rows are no error of the report this program
makes): ``check`` and ``show`` list it with the rules' warnings, the window in its banner.
"""

from __future__ import annotations

from govreport_gui.core.capped_list import named, short_id
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.report.problems import FileProblem

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process' start)
if TYPE_CHECKING:
    from collections.abc import Sequence

UNKNOWN_CELLS_RULE = "draft.unknown_cells"
UNKNOWN_SECTIONS_RULE = "draft.unknown_sections"

# Why it may be there, and that it stays: the same words for cells and sections.
_WHY = "可能是更新版本的 govreport 保存的（请升级程序后再看），或文件被改动过。本程序保存时原样保留它们。"


def unknown_content_problems(
    cells: Sequence[str], sections: Sequence[str] = ()
) -> list[FileProblem]:
    """One warning for the cells the form does not have, one for the texts of no section."""
    found: list[FileProblem] = []
    if cells:
        found.append(
            FileProblem(
                UNKNOWN_CELLS_RULE,
                f"草稿中有 {len(cells)} 个本表单没有的单元格：{named([short_id(i) for i in cells])}。"
                f"其中的数值无法校验，不会显示或导出，也不在签名范围内；{_WHY}",
                severity=Severity.WARNING,
            )
        )
    if sections:
        found.append(
            FileProblem(
                UNKNOWN_SECTIONS_RULE,
                f"草稿中有 {len(sections)} 段正文不属于本表单的任何章节："
                f"{named([short_id(i) for i in sections], unit='段')}。"
                f"这些正文不会显示或导出，也不在签名范围内；{_WHY}",
                severity=Severity.WARNING,
            )
        )
    return found
