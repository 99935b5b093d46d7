"""A new draft from a values file or an exported workbook (the 审核台's 用它新建草稿, issue 17).

A reviewer who receives a workbook (or a values file) and wants to work on its figures in the
window gets a new draft in the library with the file's form, fields and figures; the file itself
is never written. A published report (.docx …) goes through the import of published reports
instead, which also reads its text.
"""

from __future__ import annotations

from pathlib import Path

from govreport_gui.core.ops.report_file import PUBLISHED, read_report_file


def draft_from_file(path: Path, user: str, folder: Path | None = None) -> Path:
    """Write a draft in the library (or ``folder``) with ``path``'s figures; its path.

    Raises :class:`~govreport_gui.core.ops.report_file.ReportFileError` for a file that cannot be
    read, :class:`~govreport_gui.core.store.draft.DraftError` or OSError when the draft cannot be
    written (nothing is left behind: a draft is written aside and renamed)."""
    from govreport_gui.core.store import library
    from govreport_gui.core.store.draft import Draft

    found = read_report_file(path)
    if found.kind == PUBLISHED:  # its text would be lost: the import reads it
        raise ValueError("a published report is imported, not copied")
    target = library.new_draft_path(found.form, found.unit, found.year, folder)
    draft = Draft.create(target, found.form, user, found.fields, found.values)
    draft.close()
    return target
