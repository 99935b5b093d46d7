"""The ops that change values and fields: each one undoable command, one broadcast, one change set.

The window and the command line both call these; what an action does (which cells it may touch,
its undo text, the kind of its history rows) is written here only. Each raises before anything is
changed when the draft may not be edited (:meth:`ReportDocument.check_editable`) or the write
fails, and returns an empty change set when there was nothing to change (no undo step then).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.commands import (
    EditField,
    EditValues,
    FillFromFile,
    FillTotals,
    ImportXlsx,
    Paste,
    SetValues,
    ZeroFill,
)
from govreport_gui.core.ops.document import ReportDocument


def _run(
    doc: ReportDocument,
    command: type[SetValues],
    values: Mapping[str, Value | None] | None,
    fields: Mapping[str, str] | None,
    description: str,
    note: str = "",
) -> ChangeSet:
    doc.check_editable()
    changed_values, changed_fields = doc.changed_only(values, fields)
    if not changed_values and not changed_fields:
        return ChangeSet()
    return doc.run(command(changed_values, changed_fields, description, note=note))


def set_values(
    doc: ReportDocument,
    values: Mapping[str, Value | None] | None = None,
    fields: Mapping[str, str] | None = None,
    description: str = "修改",
) -> ChangeSet:
    """Set parsed values (and fields) together: typed, cleared, or given on the command line."""
    return _run(doc, EditValues, values, fields, description)


def type_value(doc: ReportDocument, cell_id: str, text: str) -> ChangeSet:
    """A figure as typed into a cell, checked as typed (raises ValueInputError, nothing changed,
    for bad input)."""
    value = doc.parse(cell_id, text)
    return set_values(doc, {cell_id: value}, description=f"修改 {doc.form.cell(cell_id).label}")


def set_field(doc: ReportDocument, key: str, text: str) -> ChangeSet:
    """A header/footer field, checked as typed (raises ValueInputError for bad input)."""
    value = doc.parse_field(key, text)
    return _run(doc, EditField, None, {key: value}, f"修改{doc.form.field(key).label}")


def clear(doc: ReportDocument, cells: Iterable[str]) -> ChangeSet:
    """Delete: the cells become blank (blank is not 0)."""
    filled = [c for c in cells if doc.value(c) is not None]
    return _run(doc, EditValues, dict.fromkeys(filled), None, f"清除 {len(filled)} 格")


def paste(doc: ReportDocument, plan: Mapping[str, Value | None]) -> ChangeSet:
    """A parsed paste (:func:`~govreport_gui.core.ops.document.plan_paste`): one undo step."""
    return _run(doc, Paste, plan, None, f"粘贴 {len(plan)} 格")


def fill_totals(doc: ReportDocument, only: Iterable[str] | None = None) -> ChangeSet:
    """按分项填入合计: every blank total whose parts are all filled (or only those of ``only``);
    never overwrites a typed value. The filled cells are the change set's ``cells``."""
    doc.check_editable()
    totals: dict[str, Value | None] = dict(doc.checker.computable_totals())
    if only is not None:
        chosen = set(only)
        totals = {c: v for c, v in totals.items() if c in chosen}
        description = f"填入合计（{len(totals)} 格）"
    else:
        description = f"按分项填入合计（{len(totals)} 格）"
    return _run(doc, FillTotals, totals, None, description)


def zero_blanks(doc: ReportDocument, cells: Iterable[str]) -> ChangeSet:
    """空格填 0: the blank number cells among ``cells`` become 0 (filled cells stay as they are)."""
    zeros = {c: doc.parse(c, "0") for c in blank_number_cells(doc, cells)}
    return _run(doc, ZeroFill, zeros, None, f"空格填 0（{len(zeros)} 格）")


def blank_number_cells(doc: ReportDocument, cells: Iterable[str]) -> list[str]:
    """The blank cells holding a number among ``cells`` (what 空格填 0 would fill)."""
    return [c for c in cells if doc.value(c) is None and doc.form.cell(c).kind.is_numeric]


def fill_from_file(
    doc: ReportDocument,
    values: Mapping[str, Value | None],
    fields: Mapping[str, str],
    source: str,
) -> ChangeSet:
    """A values file's values and fields, as the file states them (an empty field clears it)."""
    return _run(doc, FillFromFile, values, fields, f"从数值文件填入 {source}")


def import_values(
    doc: ReportDocument,
    values: Mapping[str, Value | None],
    fields: Mapping[str, str],
    source: str,
) -> ChangeSet:
    """Values and fields read from a workbook (``source`` names it): one undo step, one history
    batch of kind ``import``. Empty fields in the workbook leave the draft's fields alone."""
    filled_fields = {k: v for k, v in fields.items() if v}
    return _run(
        doc,
        ImportXlsx,
        values,
        filled_fields,
        f"从 Excel 导入 {source}",
        note=f"从 Excel 导入：{source}",
    )
