"""The official layout grid (core/layout/grid.py): one place that says where each cell of a form
sits on the sheet, shared by the Excel writer, the PDF writer, the Excel importer and verify.

Also bug 2 of issue 12: a 2019/2021 draft exported while table 四 is still blank could not be
imported back (the footer line 单位负责人：… was read as table 四's figures).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_export import consistent_values, fields_for, make_draft, read_data

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import all_forms, get_form
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.grid import section_grid, sections
from govreport_gui.core.layout.import_xlsx import import_xlsx
from govreport_gui.core.layout.report import SIGNED_STATUS, ReportData
from govreport_gui.core.store.draft import SIGNED

NEW_FORMS = ["gov-disclosure-2019", "gov-disclosure-2021"]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def _blank_appeals(form_id: str) -> dict[str, Value | None]:
    form = get_form(form_id)
    values = consistent_values(form)
    appeals = next(t for t in form.tables if t.id == "appeals")
    for cell in appeals.cells:
        values[cell.id] = None
    return values


@pytest.mark.parametrize("form_id", NEW_FORMS)
@pytest.mark.parametrize("with_footer", [True, False], ids=["footer-filled", "footer-blank"])
def test_export_with_table_four_blank_imports_back(
    tmp_path: Path, form_id: str, with_footer: bool
) -> None:
    form = get_form(form_id)
    year = "2019" if form_id.endswith("2019") else "2021"
    fields = fields_for(year)
    if not with_footer:
        fields = {k: v for k, v in fields.items() if k in ("unit", "year")}
    values = _blank_appeals(form_id)
    source = make_draft(tmp_path / "src.nianbao", form, fields, values, sign=False)
    out = export_xlsx(read_data(source), tmp_path / "out.xlsx", draft_mode=True)

    result = import_xlsx(out, form)  # before the fix: “单位负责人：张三……”不是数字

    for cell in form.cells:
        assert result.values.get(cell.id) == values.get(cell.id), cell.id
    appeals = next(t for t in form.tables if t.id == "appeals")
    assert all(result.values[c.id] is None for c in appeals.cells)
    assert result.fields["unit"] == fields["unit"]
    if with_footer:
        assert result.fields["head"] == "张三"
        assert result.fields["phone"] == "0557-1234567"


# -- the grid: one position per value cell --------------------------------------------------------


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_every_value_cell_has_exactly_one_grid_position(form: FormDef) -> None:
    places: dict[str, list[tuple[str, int, int]]] = {}
    occupied: set[tuple[str, int, int]] = set()
    for section in sections(form):
        grid = section_grid(section, form, {})
        for cell in grid.cells:
            if cell.role != "value" or not cell.cell_id:
                continue
            where = (section.title, cell.row, cell.col)
            assert where not in occupied, f"{cell.cell_id} shares {where}"
            occupied.add(where)
            places.setdefault(cell.cell_id, []).append(where)
            assert 0 <= cell.row < grid.nrows and cell.col + cell.colspan <= grid.ncols
    assert sorted(places) == sorted(c.id for c in form.cells)
    assert all(len(p) == 1 for p in places.values()), {
        k: p for k, p in places.items() if len(p) != 1
    }


def _distinct_values(form: FormDef) -> dict[str, Value | None]:
    """A different figure in every cell, so that a cell read from the wrong place shows."""
    values: dict[str, Value | None] = {}
    for n, cell in enumerate(form.cells, start=1):
        if cell.kind is Kind.MONEY:
            values[cell.id] = Decimal(n) + Decimal("0.25")
        elif cell.kind is Kind.SIGNED:
            values[cell.id] = -n if n % 2 else n
        elif cell.kind is Kind.COUNT:
            values[cell.id] = n
        else:
            values[cell.id] = f"文字{n}"
    return values


@pytest.mark.parametrize("form", all_forms(), ids=lambda f: f.id)
def test_the_importer_finds_every_exported_cell_where_the_grid_put_it(
    tmp_path: Path, form: FormDef
) -> None:
    import openpyxl

    values = _distinct_values(form)
    data = ReportData(form, {"unit": "某某局", "year": "2021"}, values)
    out = export_xlsx(data, tmp_path / "grid.xlsx", draft_mode=True)

    result = import_xlsx(out, form)
    assert {c.id: result.values.get(c.id) for c in form.cells} == values

    # The writer put each figure at its grid position: the same column on every sheet, the rows
    # in grid order, below the sheet's heading lines.
    workbook = openpyxl.load_workbook(out)
    for section, ws in zip(sections(form), workbook.worksheets, strict=True):
        grid = section_grid(section, form, values)
        value_cells = [c for c in grid.cells if c.role == "value" and c.cell_id]
        first = value_cells[0]
        expected = values[first.cell_id]
        tops = [
            r - first.row
            for r in range(1, ws.max_row + 1)
            if ws.cell(r, first.col + 1).value == _as_written(expected)
        ]
        assert len(tops) == 1, (section.title, first.cell_id)
        for cell in value_cells:
            written = ws.cell(tops[0] + cell.row, cell.col + 1).value
            assert written == _as_written(values[cell.cell_id]), cell.cell_id


def _as_written(value: Value | None) -> object:
    return float(value) if isinstance(value, Decimal) else value


def test_the_layout_compares_with_the_stored_signed_status() -> None:
    assert SIGNED_STATUS == SIGNED
