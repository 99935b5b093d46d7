"""The mark of the program's own list workbook (issue 17): what tells it from a unit's report.

The 审核台's 导出清单 and ``govreport check --summary-xlsx`` write a list of many reports as a
workbook; saved beside the reports, it would be read back as a (broken) report. :func:`mark`
gives the list a custom document property ``govreport.kind = summary-list``;
:func:`is_summary_list` finds it (or, for a list written before the mark, the list's two sheets
报表清单 and 说明) by reading two small parts of the zip, never the sheets. Every file is hostile:
a part too large or broken is simply "not a list".
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

PROPERTY = "govreport.kind"
KIND = "summary-list"
SHEETS = ("报表清单", "说明")
_PART_LIMIT = 1 << 20  # a real workbook.xml / custom.xml is a few kB; a bigger one is not ours


def mark(book: object) -> None:
    """Give an openpyxl workbook the list's custom document property."""
    from openpyxl.packaging.custom import StringProperty

    book.custom_doc_props.append(StringProperty(name=PROPERTY, value=KIND))  # type: ignore[attr-defined]


def is_summary_list(path: Path) -> bool:
    """Whether ``path`` is a list workbook written by this program (False for anything else,
    an unreadable or broken file included: the report reader then says what is wrong)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the open
            return False
        with zipfile.ZipFile(path) as archive:
            custom = _part(archive, "docProps/custom.xml")
            if custom is not None and PROPERTY.encode() in custom and KIND.encode() in custom:
                return True
            workbook = _part(archive, "xl/workbook.xml")
    # zlib.error: a part's compressed bytes are broken (not a subclass of any of the others)
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, zlib.error):
        return False
    if workbook is None:
        return False
    text = workbook.decode("utf-8", errors="replace")
    # The list's sheets, and only them (a report's workbook never has these two names).
    return all(f'name="{sheet}"' in text for sheet in SHEETS) and text.count("<sheet ") == 2


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _PART_LIMIT:
        return None
    with archive.open(info) as part:
        return part.read(_PART_LIMIT + 1)[:_PART_LIMIT]
