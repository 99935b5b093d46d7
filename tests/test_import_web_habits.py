"""What government web pages do to a report's tables, read back (issue 17): invisible characters
left by web editors, the quotation marks and particles a retyped label changes, the unit printed
after a fee, a footnote mark on a figure, the title shown only in the browser's tab. Each page is
our own export of a consistent 2021 report, changed the way such a page is; what is read is
compared figure by figure with the values it was made from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from published_reports import example_2021_file, export_html, filled, load

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument, load_values_document
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file

ZWSP, BOM = "\u200b", "\ufeff"


def page(tmp_path: Path, change: dict[str, str] | None = None) -> tuple[Path, ValuesDocument]:
    """The consistent 2021 report as our web page, each key of ``change`` (a regular expression)
    replaced once or more by its value; a key that is not found fails the test (the page's
    markup changed under it)."""
    doc = load(example_2021_file(tmp_path, other=True))
    path = export_html(tmp_path / "report.html", doc)
    text = path.read_text(encoding="utf-8")
    for pattern, replacement in (change or {}).items():
        text, count = re.subn(pattern, replacement, text)
        assert count, pattern
    path.write_text(text, encoding="utf-8")
    return path, doc


def read(path: Path) -> ImportedReport:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    return imported


def test_invisible_characters_in_every_figure_and_label(tmp_path: Path) -> None:
    """A zero-width space after every figure and a byte-order mark inside every label (what
    UEditor and Word's web pages leave): every figure, nothing unplaced."""
    path, doc = page(
        tmp_path,
        {
            r'(<td class="num">[0-9.,]+)</td>': rf"\1{ZWSP}</td>",
            r"(>[0-9]+\.)([^<>0-9])": rf"\1{BOM}\2",
        },
    )
    imported = read(path)
    assert imported.values == filled(doc)
    assert imported.unplaced == [] and imported.lost_figures == 0


@pytest.mark.parametrize(
    ("official", "as_written"),
    [
        ("“三安全一稳定”", '"三安全一稳定"'),
        ("“三安全一稳定”", "‘三安全一稳定’"),
        ("“三安全一稳定”", "三安全一稳定"),
        ("其他法律行政法规禁止公开", "其他法律、行政法规禁止公开"),
        ("重新出具已获取信息", "重新出具已获取的信息"),
    ],
)
def test_a_label_retyped_with_other_quotes_or_particles(
    tmp_path: Path, official: str, as_written: str
) -> None:
    path, doc = page(tmp_path, {re.escape(official): as_written})
    imported = read(path)
    assert imported.values == filled(doc)
    assert imported.lost_figures == 0


def test_the_fee_printed_with_its_unit(tmp_path: Path) -> None:
    """本年收费金额（单位：万元） printed as “24,252.311082万元”: the figure, not a refusal."""
    path, doc = page(tmp_path, {r'(<td class="num">24,?252\.311082)</td>': r"\1万元</td>"})
    imported = read(path)
    assert imported.values == filled(doc)


def test_a_footnote_mark_loses_that_figure_only_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One figure written “7*”: the other figures are read, that cell is left blank and named,
    and import-report exits 1 (a figure was not imported), writing the values file."""
    path, doc = page(tmp_path)
    text = path.read_text(encoding="utf-8")
    cells = list(re.finditer(r'<td class="num">([0-9]+)</td>', text))
    hit = cells[len(cells) // 2]  # one in the middle of the tables
    text = text[: hit.start(1)] + hit.group(1) + "*" + text[hit.end(1) :]
    path.write_text(text, encoding="utf-8")
    imported = read(path)
    expected = filled(doc)
    lost = [cell for cell in expected if cell not in imported.values]
    assert len(lost) == 1 and imported.lost_figures == 1
    assert {k: v for k, v in expected.items() if k not in lost} == imported.values
    assert any(f"“{hit.group(1)}*”" in line and "留空" in line for line in imported.unplaced)

    out_json = tmp_path / "read.json"
    code = main(["import-report", str(path), "--values-out", str(out_json)])
    out = capsys.readouterr().out
    assert code == 1
    assert "有 1 处数字没有导入" in out
    assert load_values_document(out_json).values[lost[0]] is None


def test_a_row_of_figures_that_matches_no_row_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A label no one could match (a row of figures the form does not have): its figures are not
    imported, and the command says so and exits 1, though the sums that are left hold."""
    path, _doc = page(tmp_path, {r"4\.无正当理由大量反复申请": "4.某某自定义的一行"})
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    out = capsys.readouterr().out
    assert code == 1
    assert "“4.某某自定义的一行”未能匹配表单中的行（有数字，未导入）" in out
    assert "有 1 处数字没有导入" in out


def test_the_title_only_in_the_browser_tab(tmp_path: Path) -> None:
    """No title on the page; <title> holds it with the site's name after it: unit and year."""
    path, doc = page(
        tmp_path,
        {
            r"<h1>.*?</h1>": "",
            r"<title>(.*?)</title>": r"<title>\1_示例县人民政府门户网站</title>",
        },
    )
    imported = read(path)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.fields["year"] == "2022"
    assert imported.values == filled(doc)


def test_a_title_on_the_page_wins_over_the_tab(tmp_path: Path) -> None:
    path, doc = page(
        tmp_path, {r"<title>.*?</title>": "<title>另一单位2019年政府信息公开工作年度报告</title>"}
    )
    imported = read(path)
    assert imported.fields["unit"] == doc.fields["unit"] and imported.fields["year"] == "2022"


def rule_less_table_three_pdf(path: Path, doc: ValuesDocument, wrap: int) -> Path:
    """Table 三 alone, set as text without a line drawn, as a report typed in a word processor
    with tabs is printed: 自然人 and the group heading over the figures (wider than the figures
    under them), the five kinds of 法人 in small type, figures right-aligned, labels longer than
    ``wrap`` characters running on to the next line, the figures on their first line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from govreport_gui.core.layout.report_pdf import report_fonts

    font = report_fonts().body
    table = next(t for t in doc.form.tables if t.id == "applications")
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 70
    pdf.setFont(font, 16)
    pdf.drawCentredString(A4[0] / 2, y, f"{doc.fields['unit']}2022年政府信息公开工作年度报告")
    y -= 36
    pdf.setFont(font, 10.5)
    pdf.drawString(80, y, "三、收到和处理政府信息公开申请情况")
    y -= 26
    rights = [262, 307, 352, 397, 442, 487, 532]  # the figures' right edges
    pdf.setFont(font, 8)
    pdf.drawString(60, y, "申请人情况")
    y -= 13
    pdf.drawRightString(rights[0], y, "自然人")
    pdf.drawCentredString(410, y, "法人或其他组织")
    pdf.drawRightString(rights[6], y, "总计")
    y -= 13
    pdf.setFont(font, 6.5)
    for right, column in zip(rights[1:6], table.columns[1:6], strict=True):
        pdf.drawRightString(right, y, column.label)
    pdf.setFont(font, 8)
    y -= 16
    for row in table.rows:
        label = row.label
        pdf.drawString(60 + 12 * min(row.indent, 2), y, label[:wrap])
        for right, column in zip(rights, table.columns, strict=True):
            cell = table.cell_at(row.id, column.id)
            value = doc.values.get(cell.id) if cell is not None else None
            if value is not None:
                pdf.drawRightString(right, y, str(value))
        y -= 13
        if len(label) > wrap:
            pdf.drawString(60 + 12 * min(row.indent, 2), y, label[wrap:])
            y -= 13
    pdf.save()
    return path


@pytest.mark.parametrize("wrap", [16, 22])
def test_table_three_set_as_text_without_rulings(tmp_path: Path, wrap: int) -> None:
    """Every figure of table 三 (the other tables are not in this PDF and are said missing); with
    ``wrap`` 22 the two long （六） labels run on to a second line without figures, with 16 a dozen
    labels do (the longest label must end left of the first figures: 22 characters here)."""
    doc = load(example_2021_file(tmp_path, other=True))
    path = rule_less_table_three_pdf(tmp_path / "t3.pdf", doc, wrap)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    table = next(t for t in form.tables if t.id == "applications")
    expected = {
        cell.id: value
        for cell in form.cells
        if cell.table_id == table.id and (value := filled(doc).get(cell.id)) is not None
    }
    assert {k: v for k, v in imported.values.items() if k in expected} == expected
    assert imported.lost_figures == 0
    assert set(imported.missing_tables) == {t.id for t in form.tables} - {table.id}


def test_the_sites_footer_after_the_signature_is_not_the_reports_text(tmp_path: Path) -> None:
    """An old content system's page (tests' cms_html): the 落款's date is read though the site's
    copyright line follows it, and that line is said as the page's, not kept as text of section
    六 nor named as the report's text not placed (tests/test_import_portal_pages.py: a whole
    portal's footer)."""
    from published_reports import cms_html

    doc = load(example_2021_file(tmp_path))
    path = cms_html(tmp_path / "cms.htm", doc, encoding="utf-8")
    assert "版权所有" in path.read_text(encoding="utf-8")
    imported = read(path)
    assert imported.fields["date"] == doc.fields["date"]
    assert all("版权所有" not in text for text in imported.sections.values())
    assert imported.page_frame[-1] == "正文之后 1 段：“版权所有：示例县人民政府”"
    assert imported.unplaced == []
