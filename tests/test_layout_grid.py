"""The official layout grid (core/layout/grid.py): one place that says where each cell of a form
sits on the sheet, shared by the Excel writer, the PDF writer, the Excel importer and verify.

Also bug 2 of issue 12: a 2019/2021 draft exported while table 四 is still blank could not be
imported back (the footer line 单位负责人：… was read as table 四's figures).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import consistent_values, fields_for, make_draft, read_data

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_xlsx import import_xlsx

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
