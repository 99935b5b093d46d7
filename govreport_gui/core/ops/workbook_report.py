"""A workbook read as a report (for ``check`` and the 审核台, issue 17): its form, fields, figures.

An exported workbook states its form in its properties; a workbook filled by hand from a template
does not, and is read for each form the program knows: the one whose rows take the most figures,
with no figure left over, is it. The import's own matcher reads the tables (rows by label, columns
by header), so what the Excel import accepts is what is read here, and what it refuses is refused
with its reasons (the cell whose figure is “abc”). Figures that a reader may not see (under a merged
range, in a hidden row…) are read: the reader of the file decides what they mean
(:meth:`WorkbookReport.seen_notes` for an unsigned workbook, verify's comparison for a signed
one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import UnknownFormError, all_forms, get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.export_xlsx import sheet_titles
from govreport_gui.core.layout.import_xlsx import (
    HIDDEN_FIGURES,
    MAX_UNMATCHED_LISTED,
    AmbiguousRowsError,
    BadValuesError,
    ImportResult,
    UnmatchedRowsError,
    WorkbookContent,
    XlsxImportError,
    hidden_lines,
    judge_figures,
    read_tables,
    read_workbook,
    refuse_unmatched,
    workbook_notes,
)

PROP_FORM = "govreport.form"


class WorkbookReadError(ValueError):
    """The workbook cannot be read as a report; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class WorkbookReport:
    """A workbook read as a report, figures a reader may not see included: the caller decides (a
    signed workbook is compared with what was signed, an unsigned one refused with
    :meth:`seen_notes`)."""

    form: FormDef
    fields: dict[str, str]
    values: dict[str, Value | None]
    result: ImportResult
    content: WorkbookContent  # as read: ``check`` hands it to verify, which need not read it again

    def seen_notes(self, path: Path) -> list[str]:
        """What the import of the workbook notes (:func:`workbook_notes`), its figures judged as
        whoever opens it in Excel or WPS sees them (a format not judged, another count unit).
        WorkbookReadError when it cannot be taken as it is: figures not seen as read (each named,
        and why), or its look could not be read."""
        try:
            unseen, figure_notes = judge_figures(self.result, path)
        except XlsxImportError as exc:
            raise WorkbookReadError("\n".join(exc.problems)) from exc
        if unseen:
            *hidden, advice = hidden_lines(unseen)
            lines = [HIDDEN_FIGURES, *(f"  {h}" for h in hidden), advice]
            raise _cannot_read(self.form, path, lines)
        return self._checked(workbook_notes(self.content, self.result, figure_notes))

    def notes(self) -> list[str]:
        """What the import notes of the workbook's tables and sheets, its figures' look not judged:
        a signed workbook's look is compared with what was signed (verify), which a format not
        the export's already fails."""
        return self._checked(workbook_notes(self.content, self.result))

    def _checked(self, notes: list[str]) -> list[str]:
        """The import's notes as a check says them (ImportResult.in_check): it changes nothing,
        so the rows not found are cells not filled in (not cells left unchanged), a “/” counts as
        a blank (not imported as one), a column not the form's is not checked (not imported); a
        table without figures is said by its blank cells alone (a warning beside them would count
        it twice)."""
        return [said for said in map(self.result.checked, notes) if said]


def read_exported_workbook(path: Path) -> WorkbookReport:
    """The form, fields and figures of the workbook at ``path``; WorkbookReadError when unusable
    (why, and for a figure that is no figure, which cell)."""
    try:
        content = read_workbook(path)
    except XlsxImportError as exc:
        raise WorkbookReadError("\n".join(exc.problems)) from exc
    stated = content.properties.get(PROP_FORM)
    if stated:
        try:
            form = get_form(stated)
        except UnknownFormError:
            raise WorkbookReadError(
                f"工作簿使用的表单“{stated}”本程序不认识，可能需要更新 govreport：{path}"
            ) from None
        try:
            result = _read(content, form)
        except XlsxImportError as exc:
            raise _cannot_read(form, path, _reasons(exc)) from exc
    else:
        form, result = _guess(content, path)
    values = {c.id: result.values.get(c.id) for c in form.cells}
    fields = {f.key: result.fields.get(f.key, "") for f in form.fields}
    return WorkbookReport(form, fields, values, result, content)


def _cannot_read(form: FormDef, path: Path, reasons: list[str]) -> WorkbookReadError:
    lines = [f"工作簿中的统计表无法按表单“{form.title}”读出：{path}", *reasons]
    return WorkbookReadError("\n  ".join(lines))


def _reasons(exc: XlsxImportError) -> list[str]:
    """The import's reasons in a check's words (a check imports nothing)."""
    if isinstance(exc, BadValuesError):
        return ["以下数值无法使用：", *(f"  {b.description}" for b in exc.bad[:200])]
    if isinstance(exc, UnmatchedRowsError):
        listed = [f"  {row.describe()}" for row in exc.unmatched[:MAX_UNMATCHED_LISTED]]
        return [
            f"以下 {len(exc.unmatched)} 行有数字，但在表单中找不到对应的行"
            f"（能对应的有 {len(exc.matched)} 行）：",
            *listed,
        ]
    reasons = [p.removeprefix("没有导入，").removeprefix("因为") for p in exc.problems]
    if isinstance(exc, AmbiguousRowsError):  # the rows under the reason, as for bad values
        return [reasons[0], *(f"  {r}" for r in reasons[1:])]
    return reasons


def _read(content: WorkbookContent, form: FormDef) -> ImportResult:
    """Raises XlsxImportError (UnmatchedRowsError: figures in rows the form does not have)."""
    order = {title: index for index, title in enumerate(sheet_titles(form))}
    sheets = sorted(content.sheets, key=lambda sheet: order.get(sheet.name, len(order)))
    ordered = WorkbookContent(sheets, content.properties, content.hidden_sheets)
    result = read_tables(ordered, form)
    refuse_unmatched(result)  # figures in rows the form does not have: not this form's table
    return result


def _guess(content: WorkbookContent, path: Path) -> tuple[FormDef, ImportResult]:
    best: tuple[int, FormDef, ImportResult] | None = None
    # A form whose tables were found but something in them refused the whole (a figure that is
    # no figure, a row the form has not, a row that fits two): said as such.
    closest: tuple[int, FormDef, XlsxImportError] | None = None
    for form in all_forms():
        try:
            result = _read(content, form)
        except XlsxImportError as exc:
            if exc.fitted and (closest is None or exc.fitted > closest[0]):
                closest = (exc.fitted, form, exc)
            continue
        if best is None or len(result.matched_rows) > best[0]:
            best = (len(result.matched_rows), form, result)
    if (best is None or best[0] == 0) and closest is not None:
        raise _cannot_read(closest[1], path, _reasons(closest[2]))
    if best is None or best[0] == 0:
        raise WorkbookReadError(
            f"工作簿中没有认得出的统计表（不是本程序导出的文件，也不像任何一种年报格式）：{path}"
        )
    return best[1], best[2]
