"""Excel and PDF exports of a signed-off report (no Qt).

The signed example (resources/examples/nxjgsw-2018.json) is put into a draft, submitted and signed
off, then exported; the workbook is read back with openpyxl and the PDF with poppler (pdftotext,
pdffonts, pdftoppm; tests that need poppler are skipped when it is missing).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from consistent_report import consistent_values
from signing import sign_off_as

from govreport_gui.cli.main import main as cli_main
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.forms.valuesfile import ValuesDocument, load_values_document
from govreport_gui.core.layout.export_pdf import (
    BUNDLED_NAME,
    FontSet,
    PdfGlyphError,
    export_pdf,
    first_kept_row,
    has_truetype_outlines,
    markup,
    missing_characters,
    pdf_fonts,
)
from govreport_gui.core.layout.export_xlsx import balanced_lines, export_xlsx
from govreport_gui.core.layout.grid import display_value, label_text, section_grid, sections
from govreport_gui.core.layout.report import (
    COUNT_FORMAT,
    DRAFT_MARK,
    MONEY_FORMAT,
    ExportError,
    ExportRefused,
    ReportData,
)
from govreport_gui.core.layout.textbreak import balanced_break
from govreport_gui.core.ops import review
from govreport_gui.core.ops.snapshot import report_data
from govreport_gui.core.paths import fonts_dir
from govreport_gui.core.store.draft import SIGNED, Draft

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"
REVIEWER = "沈涛"
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed"
)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


# -- helpers shared with test_import_xlsx.py and test_verify.py ----------------------------------


def example() -> ValuesDocument:
    return load_values_document(EXAMPLE)


def make_draft(
    path: Path,
    form: FormDef,
    fields: Mapping[str, str],
    values: Mapping[str, Value | None],
    sign: bool = True,
) -> Path:
    """A draft with these contents; submitted and signed off by 沈涛 unless ``sign`` is False."""
    draft = Draft.create(path, form, "董晓东", dict(fields), dict(values))
    try:
        if sign:
            review.submit(draft)
            sign_off_as(draft, REVIEWER)
            assert draft.status == SIGNED
    finally:
        draft.close()
    return path


def signed_example(tmp_path: Path, name: str = "report.nianbao") -> Path:
    doc = example()
    return make_draft(tmp_path / name, doc.form, doc.fields, doc.values)


def read_data(path: Path) -> ReportData:
    draft = Draft.open(path, "测试", readonly=True)
    try:
        return report_data(draft)
    finally:
        draft.close()


def fields_for(year: str, unit: str = "宿州市埇桥区人民政府办公室") -> dict[str, str]:
    return {
        "unit": unit,
        "year": year,
        "head": "张三",
        "reviewer": "李四",
        "preparer": "王五",
        "phone": "0557-1234567",
        "date": f"{int(year) + 1}年1月20日",
    }


def signed_form(tmp_path: Path, form_id: str, name: str = "report.nianbao") -> Path:
    form = get_form(form_id)
    year = "2019" if form_id.endswith("2019") else "2021"
    return make_draft(tmp_path / name, form, fields_for(year), consistent_values(form))


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    return "".join(text.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages:")))


def pdf_words(path: Path) -> list[str]:
    """The words poppler finds (a run of characters without a gap: one line of a cell)."""
    import html

    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [html.unescape(w) for w in re.findall(r"<word[^>]*>([^<]*)</word>", out)]


# -- the data ------------------------------------------------------------------------------------


def test_consistent_values_are_clean() -> None:
    for form_id in ("gov-disclosure-2019", "gov-disclosure-2021"):
        form = get_form(form_id)
        checker = Checker(form, consistent_values(form))
        assert checker.problems() == [], form_id
        assert checker.blank_cells() == [], form_id


def test_report_data_copies_the_draft(tmp_path: Path) -> None:
    data = read_data(signed_example(tmp_path))
    doc = example()
    assert data.status == SIGNED
    assert data.signoff is not None and data.signoff.reviewer == REVIEWER
    assert data.signoff.fingerprint == data.fingerprint
    assert dict(data.fields) == doc.fields
    assert {k: v for k, v in doc.values.items() if v is not None} == dict(data.values)


def test_display_value() -> None:
    assert display_value(None) == ""
    assert display_value(370) == "370"
    assert display_value(-18) == "-18"
    assert display_value(Decimal("10")) == "10.00"
    assert display_value(Decimal("0.5")) == "0.50"
    assert display_value(Decimal("24252.311082")) == "24252.311082"


def test_exporters_do_not_import_openpyxl_or_reportlab_until_used() -> None:
    code = (
        "import sys\n"
        "import govreport_gui.core.layout.export_xlsx, govreport_gui.core.layout.export_pdf\n"
        "import govreport_gui.core.layout.import_xlsx, govreport_gui.core.ops.verify\n"
        "import govreport_gui.cli.export_commands\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'reportlab')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# -- Excel ---------------------------------------------------------------------------------------


@pytest.fixture()
def example_xlsx(tmp_path: Path) -> Iterator[tuple[Path, ReportData]]:
    data = read_data(signed_example(tmp_path))
    out = export_xlsx(data, tmp_path / "out.xlsx")
    yield out, data


def test_xlsx_layout_of_the_2014_table(example_xlsx: tuple[Path, ReportData]) -> None:
    import openpyxl

    path, data = example_xlsx
    form = data.form
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["政府信息公开情况统计表"]
    ws = wb.active
    assert ws["A1"].value == "政府信息公开情况统计表（2018年度）"
    assert ws["A1"].font.name == "黑体"
    assert ws["A2"].value == "填报单位（盖章）：自治区机关事务管理局"
    assert [ws.cell(3, c).value for c in (1, 2, 3)] == ["统　计　指　标", "单位", "统计数"]
    table = form.tables[0]
    for offset, row in enumerate(table.rows):
        r = 4 + offset
        label, unit, value = (ws.cell(r, c) for c in (1, 2, 3))
        assert label.value == label_text(row)
        assert label.font.name == "宋体"
        assert label.font.bold == row.heading
        assert label.alignment.indent == min(row.indent * 2, 15)
        assert label.alignment.wrap_text
        assert unit.value == row.unit
        assert label.border.left.style == "thin" and value.border.right.style == "thin"
        if row.heading:
            assert unit.value == "——" and value.value is None
            continue
        expected = data.values.get(row.id)
        assert value.data_type == "n"
        assert value.value == expected
        assert isinstance(value.value, int | float) and not isinstance(value.value, bool)
        cell = form.cell(row.id)
        assert value.number_format == (MONEY_FORMAT if cell.kind is Kind.MONEY else COUNT_FORMAT)
        # row heights leave room for wrapped labels
        lines = label_text(row).count("\n") + 1
        assert ws.row_dimensions[r].height >= 15 * lines
    last = 4 + len(table.rows)
    texts = [ws.cell(r, 1).value for r in range(last, ws.max_row + 1)]
    assert "单位负责人：潘明生　　　　审核人：沈涛　　　　填报人：董晓东" in texts
    assert "联系电话：0951-6038879　　　　填报日期：2019年2月14日" in texts
    assert data.signoff is not None
    sign_lines = [t for t in texts if t and t.startswith("签发：")]
    assert (
        sign_lines
        and REVIEWER in sign_lines[0]
        and short(data.signoff.fingerprint) in sign_lines[0]
    )
    assert any(t and data.signoff.fingerprint in t for t in texts)
    # wide enough for the labels: a CJK character is about two units
    assert ws.column_dimensions["A"].width >= 50
    assert "A1:C1" in {str(r) for r in ws.merged_cells.ranges}


def test_xlsx_print_settings(example_xlsx: tuple[Path, ReportData]) -> None:
    import openpyxl

    path, _ = example_xlsx
    ws = openpyxl.load_workbook(path).active
    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 2  # the 2014 table prints on two whole pages
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.page_margins.top == pytest.approx(37 / 25.4, abs=0.01)
    assert ws.page_margins.left == pytest.approx(28 / 25.4, abs=0.01)


def test_xlsx_properties_carry_the_signoff(example_xlsx: tuple[Path, ReportData]) -> None:
    import openpyxl

    path, data = example_xlsx
    wb = openpyxl.load_workbook(path)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert data.signoff is not None
    assert props["govreport.form"] == "gov-disclosure-2014"
    assert props["govreport.fingerprint"] == data.signoff.fingerprint
    assert props["govreport.reviewer"] == REVIEWER
    assert props["govreport.signed_at"] == data.signoff.at
    assert props["govreport.status"] == SIGNED
    assert props["govreport.export"] == "final"
    assert wb.properties.title == "政府信息公开情况统计表（2018年度）"


def test_money_is_a_number_with_decimals(tmp_path: Path) -> None:
    import openpyxl

    doc = example()
    values = dict(doc.values)
    values["budget"] = Decimal("10.5")
    values["fees"] = Decimal("0.123456")
    data = read_data(make_draft(tmp_path / "m.nianbao", doc.form, doc.fields, values))
    ws = openpyxl.load_workbook(export_xlsx(data, tmp_path / "m.xlsx")).active
    cells = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(1, ws.max_row + 1)}
    fee = cells["七、依申请公开信息收取的费用"]
    assert fee.value == pytest.approx(0.123456) and fee.number_format == MONEY_FORMAT
    assert Decimal(repr(fee.value)) == Decimal("0.123456")
    budget = next(
        c for label, c in cells.items() if label and label.startswith("（四）政府信息公开专项经费")
    )
    assert budget.value == 10.5


@pytest.mark.parametrize("budget", ["123456789012.123456", "1234567890.123456"])
def test_money_beyond_spreadsheet_precision_is_refused(tmp_path: Path, budget: str) -> None:
    """More significant digits than Excel shows (15): the cell and the formula bar would show
    another number (1234567890.123456 as 1234567890.12346), though a float holds 16 or 17."""
    doc = example()
    values: dict[str, Value] = {k: v for k, v in doc.values.items() if v is not None}
    values["budget"] = Decimal(budget)
    data = ReportData(doc.form, doc.fields, values)
    with pytest.raises(ExportError, match="有效数字超过 15 位"):
        export_xlsx(data, tmp_path / "x.xlsx", draft_mode=True)
    assert not (tmp_path / "x.xlsx").exists()


def test_money_of_fifteen_digits_is_exported_as_it_is(tmp_path: Path) -> None:
    import openpyxl

    doc = example()
    values: dict[str, Value] = {k: v for k, v in doc.values.items() if v is not None}
    values["budget"] = Decimal("123456789.123456")
    data = ReportData(doc.form, doc.fields, values)
    ws = openpyxl.load_workbook(export_xlsx(data, tmp_path / "x.xlsx", draft_mode=True)).active
    budget = next(
        ws.cell(r, 3).value
        for r in range(1, ws.max_row + 1)
        if str(ws.cell(r, 1).value or "").startswith("（四）政府信息公开专项经费")
    )
    assert Decimal(repr(budget)) == Decimal("123456789.123456")


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_xlsx_of_the_2019_and_2021_forms(tmp_path: Path, form_id: str) -> None:
    import openpyxl

    data = read_data(signed_form(tmp_path, form_id))
    wb = openpyxl.load_workbook(export_xlsx(data, tmp_path / "f.xlsx"))
    assert wb.sheetnames == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    s2, s3, s4 = wb.worksheets
    year = data.fields["year"]
    # every sheet says whose report it is and for which year, as the 2014 sheet does
    for ws in wb.worksheets:
        # the official pattern: {单位}{年度}年政府信息公开工作年度报告
        assert ws["A1"].value == f"宿州市埇桥区人民政府办公室{year}年政府信息公开工作年度报告"
        assert ws["A1"].font.name == "黑体"
        assert ws["A2"].value == "填报单位（盖章）：宿州市埇桥区人民政府办公室", ws.title
        assert ws["A3"].value == ws.title  # the section title
        assert ws.print_area is not None and "$A$1:" in str(ws.print_area)
    texts2 = [s2.cell(r, 1).value for r in range(1, s2.max_row + 1)]
    for block in (
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ):
        assert block in texts2
    assert texts2.count("信息内容") == len(
        [t for t in data.form.tables if t.section.startswith("二")]
    )

    def merged_text(ws: Any) -> dict[str, str]:
        return {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}

    # column headers in balanced lines: 商业 / 企业, never 商业企 / 业
    headers3 = {s3.cell(r, c).value for r in range(1, 12) for c in range(1, 9)}
    assert {"商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构"} <= headers3
    headers4 = {s4.cell(r, c).value for r in range(1, 12) for c in range(1, 16)}
    assert {"结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结"} <= headers4
    m3 = merged_text(s3)
    # 申请人情况 over all seven columns, 法人或其他组织 over five, 自然人 and 总计 down two rows
    top = next(k for k, v in m3.items() if v == "申请人情况")
    assert top.startswith("B") and top.split(":")[1].startswith("H")
    legal = next(k for k, v in m3.items() if v == "法人或其他组织")
    assert legal.startswith("C") and legal.split(":")[1].startswith("G")
    assert any(v == "自然人" for v in m3.values()) and any(v == "总计" for v in m3.values())
    stub = next(v for v in m3.values() if v and "勾稽关系" in v)
    assert stub.startswith("（本列数据的勾稽关系为")
    assert s3.print_title_rows is not None
    m4 = merged_text(s4)
    assert any(v == "行政复议" and k.startswith("A") and ":E" in k for k, v in m4.items())
    assert any(v == "行政诉讼" and k.startswith("F") and ":O" in k for k, v in m4.items())
    assert any(v == "未经复议直接起诉" and k.startswith("F") and ":J" in k for k, v in m4.items())
    assert any(v == "复议后起诉" and k.startswith("K") and ":O" in k for k, v in m4.items())
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "portrait"
        assert ws.page_setup.fitToWidth == 1
        assert int(ws.page_setup.paperSize) == 9  # A4
    # every value is a number in a cell
    numbers = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "n" and c.value is not None
    ]
    assert len(numbers) == len(data.form.cells)
    last = [str(s4.cell(r, 1).value) for r in range(1, s4.max_row + 1)]
    assert any(t and t.startswith("单位负责人：张三") for t in last)
    assert any(t and t.startswith("签发：沈涛") for t in last)


def test_unsigned_draft_is_refused(tmp_path: Path) -> None:
    doc = example()
    path = make_draft(tmp_path / "u.nianbao", doc.form, doc.fields, doc.values, sign=False)
    data = read_data(path)
    with pytest.raises(ExportRefused, match="填报中"):
        export_xlsx(data, tmp_path / "u.xlsx")
    with pytest.raises(ExportRefused, match="填报中"):
        export_pdf(data, tmp_path / "u.pdf")
    assert not list(tmp_path.glob("u.xlsx")) and not list(tmp_path.glob("u.pdf"))


def test_signed_but_changed_content_is_refused(tmp_path: Path) -> None:
    data = read_data(signed_example(tmp_path))
    changed = dict(data.values)
    changed["received"] = 4
    tampered = ReportData(data.form, data.fields, changed, data.status, data.signoff)
    with pytest.raises(ExportRefused, match="签发后报表内容已变"):
        export_xlsx(tampered, tmp_path / "t.xlsx")


def test_a_changed_form_definition_is_named(tmp_path: Path) -> None:
    data = read_data(signed_example(tmp_path))
    stale = ReportData(
        data.form, data.fields, data.values, data.status, data.signoff, "0" * 64, form_changed=True
    )
    with pytest.raises(ExportRefused, match="表单定义有了更新"):
        export_pdf(stale, tmp_path / "s.pdf")


def test_draft_mode_xlsx_of_the_2021_form_marks_and_names_every_sheet(tmp_path: Path) -> None:
    import openpyxl

    form = get_form("gov-disclosure-2021")
    data = ReportData(form, fields_for("2021"), consistent_values(form))
    wb = openpyxl.load_workbook(export_xlsx(data, tmp_path / "d.xlsx", draft_mode=True))
    for ws in wb.worksheets:
        texts = [ws.cell(r, 1).value for r in range(1, 5)]
        assert texts == [
            "宿州市埇桥区人民政府办公室2021年政府信息公开工作年度报告",
            DRAFT_MARK,
            "填报单位（盖章）：宿州市埇桥区人民政府办公室",
            ws.title,
        ]


def test_draft_mode_xlsx(tmp_path: Path) -> None:
    import openpyxl

    doc = example()
    path = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    out = export_xlsx(read_data(path), tmp_path / "d.xlsx", draft_mode=True)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.oddHeader.center.text == DRAFT_MARK
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert DRAFT_MARK in texts
    assert not any(t and t.startswith("签发：") for t in texts)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["govreport.export"] == "draft"
    assert props["govreport.status"] == "filling"
    assert "govreport.fingerprint" not in props and "govreport.reviewer" not in props


# -- PDF -----------------------------------------------------------------------------------------


def test_bundled_font_has_truetype_outlines(tmp_path: Path) -> None:
    assert has_truetype_outlines(fonts_dir() / "GovReportSerifSC-Regular.ttf")
    cff = tmp_path / "cff.otf"
    cff.write_bytes(b"OTTO" + b"\x00" * 60)
    assert not has_truetype_outlines(cff)
    assert not has_truetype_outlines(tmp_path / "missing.ttf")


def test_fallback_runs_and_missing_characters() -> None:
    fonts = pdf_fonts()
    body = frozenset(ord(c) for c in "填报单位：")
    fake = FontSet(
        body="Body",
        heading="Body",
        fangsong="Body",
        fallback=BUNDLED_NAME,
        coverage={"Body": body, BUNDLED_NAME: fonts.coverage[BUNDLED_NAME]},
    )
    text = markup("填报单位：宿州埇桥<&>", "Body", fake)
    assert text == f'填报单位：<font name="{BUNDLED_NAME}">宿州埇桥&lt;&amp;&gt;</font>'
    assert missing_characters(["埇桥", "𠀀a𠀀"], fake) == ["𠀀"]
    # U+3000 would collapse into one narrow space in a Paragraph: no-break spaces of its width
    spaced = markup("统\u3000计", BUNDLED_NAME, fonts)
    assert spaced == "统" + "\xa0" * 4 + "计"


@pytest.fixture()
def example_pdf(tmp_path: Path) -> tuple[Path, ReportData]:
    data = read_data(signed_example(tmp_path))
    return export_pdf(data, tmp_path / "out.pdf"), data


@needs_poppler
def test_pdf_holds_every_label_and_value(example_pdf: tuple[Path, ReportData]) -> None:
    path, data = example_pdf
    text = pdftotext(path)
    flat = squeeze(text)
    assert "政府信息公开情况统计表（2018年度）" in flat
    assert "填报单位（盖章）：自治区机关事务管理局" in flat
    for row in data.form.tables[0].rows:
        assert squeeze(label_text(row)) in flat, row.label
    for f in data.form.fields:
        if f.place == "footer":
            assert f"{f.print_label}：{data.fields[f.key]}" in flat
    assert data.signoff is not None
    assert data.signoff.fingerprint in flat
    assert squeeze(short(data.signoff.fingerprint)) in flat
    # Each one-line row: label, unit and value on one line of the layout text, the value last.
    layout = pdftotext(path, "-layout").splitlines()
    checked = 0
    for row in data.form.tables[0].rows:
        if row.heading or row.note or len(row.label) > 30:
            continue
        line = next(ln for ln in layout if ln.strip().startswith(row.label))
        assert row.unit in line
        assert line.split()[-1] == display_value(data.values[row.id]), row.label
        checked += 1
    assert checked > 40
    pages = int(
        next(
            ln.split()[-1]
            for ln in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if ln.startswith("Pages:")
        )
    )
    assert pages >= 2
    assert f"第1页共{pages}页" in flat


@needs_poppler
def test_pdf_fonts_are_embedded_subsets(example_pdf: tuple[Path, ReportData]) -> None:
    path, _ = example_pdf
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Helvetica" not in row
        assert "+" in row.split()[0], row  # subset prefix ABCDEF+
        # columns: name type encoding emb sub uni object ID
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row


@needs_poppler
def test_pdf_renders(example_pdf: tuple[Path, ReportData], tmp_path: Path) -> None:
    path, _ = example_pdf
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) >= 2
    assert all(p.stat().st_size > 1000 for p in pngs)


@needs_poppler
def test_pdf_prints_characters_outside_gb2312(tmp_path: Path) -> None:
    doc = example()
    fields = dict(doc.fields, unit="宿州市埇桥区人民政府办公室")
    data = read_data(make_draft(tmp_path / "y.nianbao", doc.form, fields, doc.values))
    text = pdftotext(export_pdf(data, tmp_path / "y.pdf"))
    assert "宿州市埇桥区人民政府办公室" in squeeze(text)
    assert "埇" in text


def test_pdf_refuses_characters_no_font_has(tmp_path: Path) -> None:
    doc = example()
    values: dict[str, Value] = {k: v for k, v in doc.values.items() if v is not None}
    data = ReportData(doc.form, dict(doc.fields, unit="𠀀𠀁县人民政府"), values)
    with pytest.raises(PdfGlyphError) as caught:
        export_pdf(data, tmp_path / "z.pdf", draft_mode=True)
    assert caught.value.chars == ["𠀀", "𠀁"]
    assert "U+20000" in caught.value.message
    assert not (tmp_path / "z.pdf").exists()


@needs_poppler
@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_pdf_of_the_2019_and_2021_forms(tmp_path: Path, form_id: str) -> None:
    data = read_data(signed_form(tmp_path, form_id))
    path = export_pdf(data, tmp_path / "f.pdf")
    flat = squeeze(pdftotext(path))
    for text in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "第二十条第（一）项",
        "申请人情况",
        "法人或其他组织",
        "未经复议直接起诉",
        "复议后起诉",
        "24252.311082",
    ):
        assert text in flat, text
    for table in data.form.tables:
        for row in table.rows:
            assert squeeze(row.label) in flat, row.label
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Helvetica" not in fonts.stdout


@needs_poppler
@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_pdf_column_headers_break_in_balanced_lines(tmp_path: Path, form_id: str) -> None:
    data = read_data(signed_form(tmp_path, form_id))
    words = pdf_words(export_pdf(data, tmp_path / "f.pdf"))
    # no orphan character on a line of its own (商业企 / 业), apart from 第 1 页 共 3 页
    orphans = [w for w in words if len(w) == 1 and not w.isdigit() and w not in "第页共"]
    assert orphans == []
    for part in ("商业", "企业", "科研", "机构", "社会", "公益", "组织", "法律", "服务"):
        assert part in words, part  # table 三
    for part in ("结果", "维持", "纠正", "其他", "尚未", "审结", "总计"):
        assert part in words, part  # table 四
    assert "法人或其他组织" in words and "未经复议直接起诉" in words


def test_balanced_break() -> None:
    assert balanced_break("商业企业", 3) == ("商业", "企业")
    assert balanced_break("科研机构", 3) == ("科研", "机构")
    assert balanced_break("社会公益组织", 4) == ("社会公益", "组织")
    assert balanced_break("社会公益组织", 3) == ("社会", "公益", "组织")
    assert balanced_break("法律服务机构", 5) == ("法律服务", "机构")
    assert balanced_break("法人或其他组织", 5) == ("法人或", "其他组织")
    assert balanced_break("结果维持", 2) == ("结果", "维持")
    assert balanced_break("本年新制作数量", 6) == ("本年新", "制作数量")
    assert balanced_break("对外公开总数量", 6) == ("对外公开", "总数量")
    # unknown words: equal lines, the longer first, never a lone last character
    assert balanced_break("甲乙丙丁戊己庚", 3) == ("甲乙丙", "丁戊", "己庚")
    # no line starts with closing punctuation
    assert all(
        not line.startswith(("）", "：")) for line in balanced_break("金额（单位：万元）", 3)
    )
    # what fits, or is not all CJK, is left alone
    assert balanced_break("自然人", 3) == ("自然人",)
    assert balanced_break("本年增/减", 2) == ("本年增/减",)
    assert balanced_lines("商业企业", 7.2) == "商业\n企业"


def test_every_header_of_tables_3_and_4_breaks_without_an_orphan() -> None:
    """The PDF's and the workbook's header cells, at their own widths, for 2019 and 2021."""
    from reportlab.lib.pagesizes import A4

    from govreport_gui.core.layout import export_pdf as pdf

    page_width = A4[0] - pdf.MARGIN_LEFT - pdf.MARGIN_RIGHT
    em = pdf.TABLE_SIZE  # a CJK character is one em wide
    for form_id in ("gov-disclosure-2019", "gov-disclosure-2021"):
        form = get_form(form_id)
        for section in sections(form)[1:]:  # 三 and 四
            grid = section_grid(section, form, {})
            total = sum(grid.col_units)
            for cell in grid.cells:
                if cell.role not in ("group", "label"):
                    continue
                units = sum(grid.col_units[cell.col : cell.col + cell.colspan])
                pdf_avail = page_width * units / total - 6
                for lines in (
                    balanced_break(cell.text, int((pdf_avail + 0.01) // em)),
                    tuple(balanced_lines(cell.text, units).split("\n")),
                ):
                    assert "".join(lines) == cell.text
                    assert len(cell.text) == 1 or all(len(x) > 1 for x in lines), lines


def test_table_4_has_no_empty_label_column() -> None:
    for form_id in ("gov-disclosure-2019", "gov-disclosure-2021"):
        form = get_form(form_id)
        grid = section_grid(sections(form)[-1], form, {})
        assert not grid.has_stub and not grid.has_unit
        assert grid.ncols == 15
        first = [c for c in grid.cells if c.col == 0]
        assert [c.role for c in first] == ["group", "label", "value"]
        assert first[0].text == "行政复议"


def test_signatures_are_kept_with_a_whole_part_of_the_table() -> None:
    # the 2014 table: the page break goes before 八、 (eleven rows), not before the last three
    form = example().form
    grid = section_grid(sections(form)[0], form, {})
    headings = [
        c.row for c in grid.cells if c.role == "row_label" and c.row_def and c.row_def.heading
    ]
    kept = first_kept_row(grid.nrows - 1, grid.header_rows[-1][1] + 1, headings)
    label = next(c.text for c in grid.cells if c.row == kept and c.role == "row_label")
    assert label == "八、机构建设和保障经费情况"
    # no heading near the end (table 四): the last three rows, and a heading just above them
    assert first_kept_row(40, 3, [10], keep_rows=3) == 38
    assert first_kept_row(40, 3, [10, 37], keep_rows=3) == 37
    assert first_kept_row(3, 3, [], keep_rows=3) == 3


@needs_poppler
def test_the_2014_table_fits_two_pages_signed_or_draft(tmp_path: Path) -> None:
    signed = read_data(signed_example(tmp_path))
    doc = example()
    draft = read_data(make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, False))
    for pdf in (
        export_pdf(signed, tmp_path / "s.pdf"),
        export_pdf(draft, tmp_path / "d.pdf", draft_mode=True),
    ):
        assert pdf_pages(pdf) == 2, pdf.name
        last = squeeze(pdftotext(pdf, "-f", "2", "-l", "2"))
        assert "九、政府信息公开会议和培训情况" in last and "单位负责人：潘明生" in last


@needs_poppler
def test_draft_watermark_is_not_text(tmp_path: Path) -> None:
    """The slanted 草稿（未签发） is drawn but is no text: pdftotext does not put its characters,
    one per line, among the signatures and the page number."""
    form = get_form("gov-disclosure-2021")
    data = ReportData(form, fields_for("2021"), consistent_values(form))
    pdf = export_pdf(data, tmp_path / "d.pdf", draft_mode=True)
    for page in range(1, pdf_pages(pdf) + 1):
        text = pdftotext(pdf, "-layout", "-f", str(page), "-l", str(page))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert [ln for ln in lines if len(ln) == 1 and not ln.isdigit()] == [], page
        assert lines[0] == DRAFT_MARK  # the mark at the top right of every page is text
    last = pdftotext(pdf, "-layout", "-f", str(pdf_pages(pdf)), "-l", str(pdf_pages(pdf)))
    assert "单位负责人：张三\n审核人：李四\n填报人：王五" in re.sub(r"[ \t]+\n", "\n", last)
    # and it is still drawn: the middle of a page is not blank
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "w")],
        check=True,
    )
    assert next(tmp_path.glob("w*.png")).stat().st_size > 1000


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_exports_get_the_permissions_of_a_saved_file(tmp_path: Path, umask: int) -> None:
    data = read_data(signed_example(tmp_path))
    target = tmp_path / "existing.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    old = os.umask(umask)
    try:
        written = [
            export_xlsx(data, tmp_path / "out.xlsx"),
            export_pdf(data, tmp_path / "out.pdf"),
            export_pdf(data, target),  # replacing a file: the new one follows the umask too
        ]
    finally:
        os.umask(old)
    for path in written:
        assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask, path.name
    assert not list(tmp_path.glob(".*.tmp"))


@needs_poppler
def test_draft_mode_pdf_marks_every_page(tmp_path: Path) -> None:
    doc = example()
    path = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    pdf = export_pdf(read_data(path), tmp_path / "d.pdf", draft_mode=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = pdftotext(pdf, "-f", str(page), "-l", str(page))
        assert DRAFT_MARK in squeeze(text), page
    assert "内容指纹" not in pdftotext(pdf)


def test_export_speed_is_reasonable(tmp_path: Path) -> None:
    data = read_data(signed_example(tmp_path))
    export_pdf(data, tmp_path / "warm.pdf")  # fonts registered once per process
    start = time.perf_counter()
    export_xlsx(data, tmp_path / "s.xlsx")
    export_pdf(data, tmp_path / "s.pdf")
    assert time.perf_counter() - start < 10


# -- command line --------------------------------------------------------------------------------


def test_cli_export_writes_both_with_default_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(tmp_path)
    assert cli_main(["export", str(path)]) == 0
    base = "自治区机关事务管理局_2018年度_政府信息公开情况统计表"
    assert (tmp_path / f"{base}.xlsx").is_file()
    assert (tmp_path / f"{base}.pdf").read_bytes().startswith(b"%PDF")
    out = capsys.readouterr().out
    assert "已导出 Excel" in out and "已导出 PDF" in out and REVIEWER in out


def test_cli_export_chosen_files(tmp_path: Path) -> None:
    path = signed_example(tmp_path)
    assert cli_main(["export", str(path), "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    assert (tmp_path / "a.xlsx").is_file() and not list(tmp_path.glob("*.pdf"))
    assert cli_main(["export", str(path), "--xlsx", str(path)]) == 2
    assert path.read_bytes().startswith(b"SQLite format 3")


@pytest.mark.parametrize(
    "argv",
    [
        ["--xlsx", "out/x.pdf"],
        ["--pdf", "out/p.xlsx"],
        ["--xlsx", "out/same", "--pdf", "out/same"],
        ["--xlsx", "out/x.xls"],
        ["--pdf", "out/p"],
        ["--xlsx", "out/ok.xlsx", "--pdf", "out/bad.xlsx"],  # nothing written, not even the Excel
    ],
    ids=["xlsx-as-pdf", "pdf-as-xlsx", "same-path", "xls", "no-suffix", "one-bad"],
)
def test_cli_export_refuses_a_name_that_is_not_its_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    path = signed_example(tmp_path)
    (tmp_path / "out").mkdir()
    code = cli_main(["export", str(path), *(str(tmp_path / a) if "/" in a else a for a in argv)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "结尾" in err and "Traceback" not in err
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_export_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = signed_example(tmp_path)
    xlsx, pdf = tmp_path / "A.XLSX", tmp_path / "A.Pdf"
    assert cli_main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert xlsx.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_cli_export_does_not_overwrite_without_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(tmp_path)
    xlsx, pdf = tmp_path / "a.xlsx", tmp_path / "a.pdf"
    pdf.write_bytes(b"mine")
    assert cli_main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert str(pdf) in err and "--overwrite" in err and "已存在" in err
    assert not xlsx.exists() and pdf.read_bytes() == b"mine"  # checked before anything is written
    # the default names too
    assert cli_main(["export", str(path)]) == 0
    capsys.readouterr()
    written = sorted(tmp_path.glob("自治区*"))
    before = [p.stat().st_mtime_ns for p in written]
    assert cli_main(["export", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(written) == 2 and all(str(p) in err for p in written)
    assert [p.stat().st_mtime_ns for p in written] == before
    assert (
        cli_main(["export", str(path), "--xlsx", str(xlsx), "--pdf", str(pdf), "--overwrite"]) == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.is_file()


def test_cli_refuses_unsigned_unless_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = example()
    path = make_draft(tmp_path / "u.nianbao", doc.form, doc.fields, doc.values, sign=False)
    assert cli_main(["export", str(path)]) == 1
    err = capsys.readouterr().err
    assert "只有已签发的报表才能导出正式文件" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.xlsx"))
    assert cli_main(["export", str(path), "--draft"]) == 0
    assert len(list(tmp_path.glob("*_草稿.xlsx"))) == 1
    assert len(list(tmp_path.glob("*_草稿.pdf"))) == 1


def test_cli_export_of_a_missing_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["export", str(tmp_path / "none.nianbao")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_a_crafted_signoff_with_a_control_character_is_refused_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sign-off is read as stored: a crafted draft, validly signed with its maker's own key,
    may name a reviewer with a control character, which no workbook can hold. The export says so
    in Chinese and writes nothing (escaping it would break the workbook's signature)."""
    doc = example()
    path = make_draft(tmp_path / "crafted.nianbao", doc.form, doc.fields, doc.values, sign=False)
    with monkeypatch.context() as m:  # what the maker's own program lets through
        m.setattr(review, "control_character_problem", lambda *_a, **_k: None)
        draft = Draft.open(path, "董晓东")
        try:
            review.submit(draft)
            sign_off_as(draft, "沈\x01涛")
        finally:
            draft.close()
    target = tmp_path / "out.xlsx"
    code = cli_main(["export", str(path), "--xlsx", str(target)])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "内部错误" not in err and "Traceback" not in err
    assert "Excel 文件不能保存的控制字符（\\u0001）" in err and "沈\\u0001涛" in err
    assert not target.exists()
