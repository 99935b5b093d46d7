"""A workbook read as a report (for ``check`` and the 审核台, issue 17): its form, fields, figures.

An exported workbook states its form in its properties; a workbook filled by hand from a template
does not, and is read for each form the program knows: the one whose rows take the most figures,
with no figure left over, is it. The import's own matcher reads the tables (rows by label, columns
by header), so what the Excel import accepts is what is read here.
"""

from __future__ import annotations

from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import UnknownFormError, all_forms, get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.export_xlsx import sheet_titles
from govreport_gui.core.layout.import_xlsx import (
    ImportResult,
    WorkbookContent,
    XlsxImportError,
    read_tables,
    read_workbook,
)

PROP_FORM = "govreport.form"


class WorkbookReadError(ValueError):
    """The workbook cannot be read as a report; ``message`` says why in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_exported_workbook(
    path: Path,
) -> tuple[FormDef, dict[str, str], dict[str, Value | None]]:
    """The form, fields and figures of the workbook at ``path``; WorkbookReadError when unusable."""
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
        result = _read(content, form)
        if result is None:
            raise WorkbookReadError(f"工作簿中的统计表无法按表单“{form.title}”读出：{path}")
    else:
        form, result = _guess(content, path)
    values = {c.id: result.values.get(c.id) for c in form.cells}
    fields = {f.key: result.fields.get(f.key, "") for f in form.fields}
    return form, fields, values


def _read(content: WorkbookContent, form: FormDef) -> ImportResult | None:
    order = {title: index for index, title in enumerate(sheet_titles(form))}
    sheets = sorted(content.sheets, key=lambda sheet: order.get(sheet.name, len(order)))
    ordered = WorkbookContent(sheets, content.properties, content.hidden_sheets)
    try:
        result = read_tables(ordered, form)
    except XlsxImportError:
        return None
    if any(row.has_values for row in result.unmatched_rows):
        return None  # figures in rows the form does not have: not this form's table
    return result


def _guess(content: WorkbookContent, path: Path) -> tuple[FormDef, ImportResult]:
    best: tuple[int, FormDef, ImportResult] | None = None
    for form in all_forms():
        result = _read(content, form)
        if result is not None and (best is None or len(result.matched_rows) > best[0]):
            best = (len(result.matched_rows), form, result)
    if best is None or best[0] == 0:
        raise WorkbookReadError(
            f"工作簿中没有认得出的统计表（不是本程序导出的文件，也不像任何一种年报格式）：{path}"
        )
    return best[1], best[2]
