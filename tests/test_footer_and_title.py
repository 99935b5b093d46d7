"""Footer fields and titles as each official form has them (no Qt).

The 2014 统计表 has a footer to sign (单位负责人 / 审核人 / 填报人 / 联系电话 / 填报日期), required and
printed even when blank; the 2019 and 2021 tables are parts of a published report and have none:
there the fields are optional and printed only when filled. Titles follow each form's pattern:
政府信息公开情况统计表（2018年度）, and {单位}{年度}年政府信息公开工作年度报告 for 2019/2021.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from signing import sign_off_as
from test_export import (
    consistent_values,
    example,
    fields_for,
    make_draft,
    read_data,
    signed_example,
)

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.export_pdf import export_pdf
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_xlsx import import_xlsx
from govreport_gui.core.layout.report import ReportData
from govreport_gui.core.ops import review
from govreport_gui.core.ops.verify import verify_xlsx
from govreport_gui.core.store.draft import SIGNED, Draft

FOOTER = ("head", "reviewer", "preparer", "date")
needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler missing")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def xlsx_texts(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]


# -- footer fields -------------------------------------------------------------------------------


def test_2014_footer_fields_are_required() -> None:
    form = get_form("gov-disclosure-2014")
    assert all(form.field(key).required for key in FOOTER)
    assert all(form.field(key).print_blank for key in (*FOOTER, "phone"))


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_2019_2021_footer_fields_are_optional(year: str) -> None:
    form = get_form(f"gov-disclosure-{year}")
    assert not any(form.field(key).required for key in FOOTER)
    assert not any(form.field(key).print_blank for key in (*FOOTER, "phone"))
    assert form.field("unit").required and form.field("year").required


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_2019_2021_sign_off_without_footer_fields(tmp_path: Path, year: str) -> None:
    form = get_form(f"gov-disclosure-{year}")
    fields = {"unit": "某某市人民政府", "year": year}
    draft = Draft.create(tmp_path / "d.nianbao", form, "填报人", fields, consistent_values(form))
    try:
        assert review.blockers(draft) == []
        review.submit(draft)
        sign_off_as(draft, "沈涛")
        assert draft.status == SIGNED
    finally:
        draft.close()


def test_2014_blank_footer_fields_block_sign_off(tmp_path: Path) -> None:
    doc = example()
    fields = {k: v for k, v in doc.fields.items() if k not in ("head", "date")}
    draft = Draft.create(tmp_path / "d.nianbao", doc.form, "填报人", fields, doc.values)
    try:
        blocking = [b.message for b in review.blockers(draft) if b.kind == "field"]
    finally:
        draft.close()
    assert blocking == ["“单位负责人”尚未填写", "“填报日期”尚未填写"]


@needs_pdftotext
@pytest.mark.parametrize("year", ["2019", "2021"])
def test_2019_2021_exports_print_only_filled_footer_fields(tmp_path: Path, year: str) -> None:
    form = get_form(f"gov-disclosure-{year}")
    values = consistent_values(form)
    bare = ReportData(form, {"unit": "某某市人民政府", "year": year}, values)
    filled = ReportData(form, {**fields_for(year), "phone": ""}, values)
    for data, name in ((bare, "bare"), (filled, "filled")):
        texts = " ".join(xlsx_texts(export_xlsx(data, tmp_path / f"{name}.xlsx", draft_mode=True)))
        pdf = pdf_text(export_pdf(data, tmp_path / f"{name}.pdf", draft_mode=True))
        for label in ("单位负责人：", "审核人：", "填报人：", "联系电话：", "填报日期："):
            assert label not in pdf or name == "filled", (name, label)
            assert label not in texts or name == "filled", (name, label)
        if name == "filled":
            assert "单位负责人：张三" in texts and "单位负责人：张三" in pdf
            assert "填报人：王五" in texts and "填报人：王五" in pdf
            assert "联系电话：" not in texts and "联系电话：" not in pdf  # blank: not printed


@needs_pdftotext
def test_2014_export_prints_the_blank_footer_to_sign(tmp_path: Path) -> None:
    doc = example()
    fields = {k: v for k, v in doc.fields.items() if k not in ("head",)}
    data = ReportData(doc.form, fields, doc.values)
    texts = xlsx_texts(export_xlsx(data, tmp_path / "d.xlsx", draft_mode=True))
    assert any(t.startswith("单位负责人：") for t in texts)
    assert "单位负责人：" in pdf_text(export_pdf(data, tmp_path / "d.pdf", draft_mode=True))


# -- titles ----------------------------------------------------------------------------------------


def test_titles_follow_each_forms_pattern() -> None:
    assert (
        get_form("gov-disclosure-2014").title_for_year("2018", "某局")
        == "政府信息公开情况统计表（2018年度）"
    )
    for year in ("2019", "2021"):
        assert (
            get_form(f"gov-disclosure-{year}").title_for_year("2024", "淮安市人民政府")
            == "淮安市人民政府2024年政府信息公开工作年度报告"
        )


def test_a_title_pattern_without_the_year_is_refused() -> None:
    text = 'id = "x"\ntitle = "表"\nreport_title = "{unit}报告"\n[[tables]]\nid = "t"\n'
    text += '[[tables.rows]]\nid = "a"\nlabel = "甲"\n'
    with pytest.raises(FormDefinitionError, match="report_title"):
        parse_form(text)


@needs_pdftotext
@pytest.mark.parametrize("year", ["2019", "2021"])
def test_2019_2021_exports_carry_the_official_title_and_read_back(
    tmp_path: Path, year: str
) -> None:
    import openpyxl

    form = get_form(f"gov-disclosure-{year}")
    path = make_draft(
        tmp_path / "s.nianbao", form, fields_for(year, "淮安市人民政府"), consistent_values(form)
    )
    data = read_data(path)
    title = f"淮安市人民政府{year}年政府信息公开工作年度报告"
    xlsx = export_xlsx(data, tmp_path / "s.xlsx")
    assert all(ws["A1"].value == title for ws in openpyxl.load_workbook(xlsx).worksheets)
    assert title in pdf_text(export_pdf(data, tmp_path / "s.pdf"))
    # the importer takes the year from the new title, and verify still matches the sign-off
    result = import_xlsx(xlsx, form)
    assert result.fields["year"] == year and result.fields["unit"] == "淮安市人民政府"
    assert result.values == {k: v for k, v in data.values.items()}
    assert verify_xlsx(xlsx).ok


def test_import_still_reads_the_old_title(tmp_path: Path) -> None:
    import openpyxl

    form = get_form("gov-disclosure-2021")
    path = make_draft(tmp_path / "s.nianbao", form, fields_for("2021"), consistent_values(form))
    xlsx = export_xlsx(read_data(path), tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.worksheets[0]["A1"].value != "政府信息公开工作年度报告（2021年度）"
    for ws in wb.worksheets:
        ws["A1"].value = "政府信息公开工作年度报告（2021年度）"  # as exported before
    wb.save(tmp_path / "old.xlsx")
    result = import_xlsx(tmp_path / "old.xlsx", form)
    assert result.fields["year"] == "2021"
    assert verify_xlsx(tmp_path / "old.xlsx").ok  # signed off: still matches its sign-off


def test_2014_export_keeps_its_title(tmp_path: Path) -> None:
    import openpyxl

    data = read_data(signed_example(tmp_path))
    ws = openpyxl.load_workbook(export_xlsx(data, tmp_path / "e.xlsx")).active
    assert ws["A1"].value == "政府信息公开情况统计表（2018年度）"
    assert import_xlsx(tmp_path / "e.xlsx", data.form).fields["year"] == "2018"
