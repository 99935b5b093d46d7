"""The workbook's table cells are styled as before when cells of one style share its indices
(export_xlsx's ``_SheetWriter.style``, issue 14: fewer style objects hashed): every cell of the
table area has the thin border, labels and values have their fonts, alignments and number formats,
and each cell owns its style (changing one changes no other)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout.export_xlsx import build_workbook
from govreport_gui.core.layout.report import COUNT_FORMAT, MONEY_FORMAT, ReportData

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


def data_of(form_id: str) -> ReportData:
    if form_id == "gov-disclosure-2014":
        doc = load_values_document(EXAMPLE)
        form, fields, values = doc.form, doc.fields, dict(doc.values)
    else:
        form = get_form(form_id)
        fields = {"unit": "某某局", "year": "2024"}
        values = {c.id: (1 if c.kind is not Kind.TEXT else "无") for c in form.cells[::3]}
    return ReportData(form=form, fields=fields, values=values, status="draft")


@pytest.mark.parametrize("form_id", ["gov-disclosure-2014", "gov-disclosure-2021"])
def test_table_cells_have_their_border_fonts_and_formats(form_id: str) -> None:
    wb = build_workbook(data_of(form_id), True)
    buf = io.BytesIO()
    wb.save(buf)
    read = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    values_seen = 0
    for ws in read.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "n" and cell.value is not None:
                    values_seen += 1
                    assert cell.number_format in (COUNT_FORMAT, MONEY_FORMAT), cell.coordinate
                    assert cell.alignment.horizontal == "right"
                    assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
                    assert cell.font.b is False or cell.font.b is None
        # the table's header cells: bold, centred, bordered
        bold_bordered = [
            c for r in ws.iter_rows() for c in r if c.font.b and c.border.top.style == "thin"
        ]
        assert bold_bordered and all(c.alignment.vertical == "center" for c in bold_bordered)
    assert values_seen > 5


def test_each_cell_owns_its_style() -> None:
    wb = build_workbook(data_of("gov-disclosure-2014"), False)
    ws = wb.worksheets[0]
    numbers = [c for r in ws.iter_rows() for c in r if isinstance(c.value, int)]
    first, second = numbers[0], numbers[1]
    assert (first.font.name, first.font.sz, first.alignment.horizontal) == (
        second.font.name,
        second.font.sz,
        second.alignment.horizontal,
    )
    first.font = openpyxl.styles.Font(name="仿宋", size=20, bold=True)
    assert second.font.sz != 20 and not second.font.b
