"""从 Excel 导入 as one operation, for the window and the command line alike.

Reading (:func:`read_import`) touches no draft: the window runs it off the GUI thread. Applying
(:func:`apply_import`) is one undoable command over the open document (one transaction, one
history batch naming the workbook); the command line opens a document over its draft and calls
the same function. A field left empty in the workbook does not clear the draft's field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govreport_gui.core.capped_list import capped
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.import_xlsx import (
    ImportResult,
    UnmatchedRowsError,
    XlsxImportError,
    import_xlsx,
    workbook_form_id,
)
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.document import ReportDocument


class ImportRefused(Exception):
    """Nothing was imported. ``problems`` are Chinese sentences; ``unusable``: the file cannot be
    read as a table of this form (else it holds figures in rows the form does not have)."""

    def __init__(self, problems: Sequence[str], unusable: bool = True) -> None:
        self.problems = list(problems)
        self.unusable = unusable
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The problems as one text: the first line, the others indented under it."""
        if len(self.problems) == 1:
            return self.problems[0]
        return "\n".join([self.problems[0], *(f"  {p}" for p in self.problems[1:])])


def read_import(file: Path, form: FormDef) -> ImportResult:
    """Read the filled table of ``file`` for ``form``; raises :class:`ImportRefused`."""
    try:
        return import_xlsx(file, form)
    except UnmatchedRowsError as exc:
        raise ImportRefused(exc.problems, unusable=False) from exc
    except XlsxImportError as exc:
        raise ImportRefused(exc.problems) from exc


def stated_form(file: Path) -> str | None:
    """The form id an exported workbook states (None for a hand-made copy); ImportRefused."""
    try:
        return workbook_form_id(file)
    except XlsxImportError as exc:
        raise ImportRefused(exc.problems) from exc


def import_changes(
    doc: ReportDocument, result: ImportResult
) -> tuple[dict[str, Value | None], dict[str, str]]:
    """What importing ``result`` would change in the document (cells, then fields)."""
    draft = doc.draft
    values = {c: v for c, v in result.values.items() if draft.values.get(c) != v}
    fields = {k: v for k, v in result.fields.items() if v and draft.fields.get(k, "") != v}
    return values, fields


def apply_import(doc: ReportDocument, result: ImportResult, file: Path) -> int:
    """Apply what was read as one undoable command; the number of cells and fields changed.

    Raises DraftError (locked, read-only, disk full): then nothing changed."""
    doc.check_editable()  # a locked draft refuses even an import that would change nothing
    values, fields = import_changes(doc, result)
    if not values and not fields:
        return 0
    # The one import op (edit_ops.import_values): one transaction, one undo step, the workbook
    # named in the history.
    change = edit_ops.import_values(doc, values, fields, file.name)
    return len(change.cells) + len(change.fields)


def import_notes(result: ImportResult) -> list[str]:
    """What an import says besides how many rows it matched: the rows without figures it ignored
    and its notes, each list capped (a crafted workbook can hold 5,000 rows the form lacks)."""
    lines: list[str] = []
    if result.unmatched_rows:  # only rows without numbers: one with numbers refuses the import
        lines.append("以下行在表单中找不到（没有数字），已忽略：")
        lines.extend(f"  {line}" for line in capped([r.describe() for r in result.unmatched_rows]))
    lines.extend(capped([f"注意：{p}" for p in result.problems]))
    return lines
