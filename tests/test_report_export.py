"""The whole report (issue 16) as Word, PDF and a web page: what a clerk opening each file sees.

The reports are those of ``report_samples``: the seed report (2014 form, its 统计表 as the 附件) and
a 2021 report with all six sections and figures inserted as ``{{CELL_ID}}``. The Word file is read
back with python-docx, the PDF with pdftotext (poppler-utils, installed by .ci/run), the web page
with html.parser; where LibreOffice is installed, the Word file is converted to PDF with it.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from report_samples import TEXT_2021, UNIT_2021, report_2021, seed_report, seed_sections

from govreport_gui.core.layout.report import ExportError, ExportRefused, ReportData
from govreport_gui.core.layout.report_docx import export_report_docx, render_report_docx
from govreport_gui.core.layout.report_html import render_report_html
from govreport_gui.core.layout.report_pdf import export_report_pdf, render_report_pdf
from govreport_gui.core.report.model import ReportSection, ReportText

PDFTOTEXT = shutil.which("pdftotext")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def with_values(data: ReportData, **changes: Any) -> ReportData:
    return ReportData(form=data.form, fields=data.fields, values={**data.values, **changes})


def read_docx(content: bytes) -> Any:
    return docx.Document(io.BytesIO(content))


def pdf_text(content: bytes, tmp_path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    """Text without line breaks and spaces: a paragraph wrapped over lines reads as one."""
    return re.sub(r"\s+", "", text)


def seed_paragraphs() -> list[str]:
    return [p.strip() for _h, text in seed_sections() for p in text.split("\n") if p.strip()]


# -- Word --------------------------------------------------------------------------------------


def test_seed_docx_reads_like_the_seed() -> None:
    report, data = seed_report()
    document = read_docx(render_report_docx(report, data))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == "自治区机关事务管理局\n2018年政府信息公开工作年度报告"
    assert title.style.name == "报告标题"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、概述",
        "二、信息公开情况",
        "三、存在的问题与不足",
        "四、2019年工作思路",
    ]
    # Every paragraph of the seed, in order, as typed.
    body = [p.text for p in paragraphs if p.style.name == "Normal"]
    assert body[: len(seed_paragraphs())] == seed_paragraphs()
    # 附件说明, the 落款 and the attachment's own lines follow.
    texts = [p.text for p in paragraphs]
    note = texts.index("附件：政府信息公开情况统计表")
    assert texts[note + 1 : note + 3] == ["自治区机关事务管理局", "2019年2月14日"]
    assert texts[note + 3 : note + 5] == ["附件", "政府信息公开情况统计表\n（2018年度）"]
    # GB/T 9704 7.3.5.1: the date four characters (三号, 16 pt) in from the right, the unit
    # centred over it: 自治区机关事务管理局 (10) over 2019年2月14日 (6.5) is 2.25 characters in.
    unit, date = (p for p in paragraphs if p.text in ("自治区机关事务管理局", "2019年2月14日"))
    assert date.paragraph_format.right_indent.pt == 64
    assert unit.paragraph_format.right_indent.pt == 36
    assert unit.alignment.name == date.alignment.name == "RIGHT"
    assert document.paragraphs[
        [p.text for p in document.paragraphs].index("附件")
    ].paragraph_format.page_break_before
    # The 统计表 as a real table with the example's figures.
    (table,) = document.tables
    rows = {r.cells[0].text.strip(): [c.text for c in r.cells] for r in table.rows}
    assert rows["统　计　指　标"] == ["统　计　指　标", "单位", "统计数"]
    assert rows["2.政府网站公开政府信息数"][1:] == ["条", "330"]
    assert rows["5.其他方式公开政府信息数"][1:] == ["条", "40"]


def test_docx_page_and_fonts_follow_gbt_9704() -> None:
    report, data = report_2021()
    document = read_docx(render_report_docx(report, data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.rFonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert normal.paragraph_format.first_line_indent.pt == 32  # two characters of 三号
    assert 28 <= normal.paragraph_format.line_spacing.pt <= 29
    title = document.styles["报告标题"]
    assert title.font.size.pt == 22
    assert title.element.rPr.rFonts.get(f"{W}eastAsia") == "方正小标宋简体"
    heading = document.styles["Heading 1"]
    assert heading.element.rPr.rFonts.get(f"{W}eastAsia") == "黑体"
    assert not heading.font.bold and heading.font.size.pt == 16
    # （一） leads in 楷体, the rest of the paragraph in the text's 仿宋.
    lead = next(p for p in document.paragraphs if p.text.startswith("（二）依申请公开"))
    assert lead.runs[0].text == "（二）依申请公开。"
    assert lead.runs[0]._r.rPr.rFonts.get(f"{W}eastAsia") == "楷体_GB2312"
    assert lead.runs[1]._r.rPr is None or lead.runs[1]._r.rPr.rFonts is None
    # The fonts' fallbacks are in the font table, for a computer without the office fonts.
    fonts = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in fonts
    # Page numbers: — PAGE — in 四号 宋体, odd pages right, even pages left.
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        (paragraph,) = footer.paragraphs
        xml = paragraph._p.xml
        assert "PAGE" in xml and paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment.name.lower() == align
        assert paragraph.runs[0].font.size.pt == 14
    props = document.core_properties
    assert props.title == report.title and props.author == UNIT_2021


def test_2021_docx_has_the_six_sections_and_the_tables_in_place() -> None:
    report, data = report_2021()
    document = read_docx(render_report_docx(report, data))
    body = document.element.body
    order: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{W}tbl":
            order.append("表")
        elif child.tag == f"{W}p":
            text = "".join(t.text or "" for t in child.iter(f"{W}t"))
            if re.match(r"^[一二三四五六]、", text):
                order.append(text)
    assert order == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "表",
        "三、收到和处理政府信息公开申请情况",
        "表",
        "四、政府信息公开行政复议、行政诉讼情况",
        "表",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    two, three, four = document.tables
    # Merged header cells as the official table: 申请人情况 over seven columns, 法人或其他组织
    # over five; the header rows repeat on every page.
    header = [c.text for c in three.rows[0].cells]
    assert header[1:] == ["申请人情况"] * 7
    assert [c.text for c in three.rows[1].cells][2:7] == ["法人或其他组织"] * 5
    assert three.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    new = next(r for r in three.rows if r.cells[0].text.startswith("一、本年新收"))
    assert new.cells[-1].text == str(data.values["new.total"])
    assert new.cells[-1].paragraphs[0].alignment.name == "RIGHT"
    assert "第二十条第（一）项" in [c.text for r in two.rows for c in r.cells]
    assert len(four.rows) == 4
    # Each block's own header in table 二 stays on the page of the row under it.
    block = next(i for i, r in enumerate(two.rows) if r.cells[0].text == "第二十条第（八）项")
    assert all(p.paragraph_format.keep_with_next for p in two.rows[block].cells[0].paragraphs)
    assert not any(p.paragraph_format.keep_with_next for p in two.rows[-1].cells[0].paragraphs)


def test_inserted_figures_follow_the_table() -> None:
    report, data = report_2021()
    before = read_docx(render_report_docx(report, data))
    line = next(p.text for p in before.paragraphs if p.text.startswith("（二）依申请公开"))
    assert line == f"（二）依申请公开。共收到申请{data.values['new.total']}件，上年结转1件。"
    changed = with_values(data, **{"new.total": 65})
    after = read_docx(render_report_docx(report, changed))
    assert "（二）依申请公开。共收到申请65件，上年结转1件。" in [p.text for p in after.paragraphs]
    html = render_report_html(report, changed)
    assert "共收到申请65件" in html and "{{" not in html


def test_docx_is_the_same_bytes_for_the_same_report() -> None:
    report, data = report_2021()
    assert render_report_docx(report, data) == render_report_docx(report, data)


def test_unsigned_report_is_refused_unless_a_draft(tmp_path: Path) -> None:
    report, data = report_2021()
    target = tmp_path / "r.docx"
    with pytest.raises(ExportRefused):
        export_report_docx(report, data, target)
    with pytest.raises(ExportRefused):
        export_report_pdf(report, data, tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []
    export_report_docx(report, data, target, draft_mode=True)
    header = read_docx(target.read_bytes()).sections[0].header.paragraphs[0].text
    assert header == "草稿（未签发）"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_the_docx(tmp_path: Path) -> None:
    report, data = report_2021()
    source = tmp_path / "report.docx"
    source.write_bytes(render_report_docx(report, data))
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text = squeeze(pdf_text((tmp_path / "report.pdf").read_bytes(), tmp_path))
    assert squeeze("一、总体情况") in text and "六、其他需要报告的事项" in text


# -- PDF ---------------------------------------------------------------------------------------


def test_seed_pdf_text_is_there_in_order(tmp_path: Path) -> None:
    report, data = seed_report()
    text = pdf_text(render_report_pdf(report, data), tmp_path)
    # The text read across the pages: the page numbers between them left out.
    flat = squeeze(re.sub(r"(?m)^—\s*\d+\s*—$", "", text))
    position = 0
    for paragraph in ["自治区机关事务管理局2018年政府信息公开工作年度报告", *seed_paragraphs()]:
        found = flat.find(squeeze(paragraph), position)
        assert found >= 0, paragraph[:30]
        position = found
    for after in ["附件：政府信息公开情况统计表", "2019年2月14日", "附件", "（2018年度）", "330"]:
        found = flat.find(after, position)
        assert found >= 0, after
        position = found
    # Page numbers — 1 — …, on every page.
    pages = text.split("\f")[:-1]
    assert all(f"—{n}—" in squeeze(page) for n, page in enumerate(pages, 1))


def test_pdf_lines_never_start_with_a_closing_mark(tmp_path: Path) -> None:
    """Chinese line-breaking rules: no line of the text begins with ，。、；：”）》."""
    report, data = seed_report()
    text = pdf_text(render_report_pdf(report, data), tmp_path)
    starts = [line[0] for line in text.splitlines() if line.strip()]
    assert not [c for c in starts if c in "，。、；：？！”’）》"]


# Longer than two lines of the text (27.6 characters of 三号 on 156 mm): the 落款 wraps it.
VERY_LONG_UNIT = (
    "中华人民共和国某某部某某司某某局某某处某某科某某办公室综合协调与政务公开工作领导小组"
    "办公室（政务公开办公室）·信息中心"
)


def test_a_unit_longer_than_a_line_leaves_the_closing_date_on_one_line(tmp_path: Path) -> None:
    """The 落款's date is centred under the unit's name; a name longer than a line takes the
    line's width, not its own: before, the date's right indent was half the name's excess over
    the date, more than a line, and the PDF set the date a character or two to a line (年 / 月 /
    日 down the page), Word squeezed it likewise."""
    report, data = report_2021(VERY_LONG_UNIT)
    text = pdf_text(render_report_pdf(report, data), tmp_path)
    assert "2022年1月20日" in [line.strip() for line in text.splitlines()]
    document = read_docx(render_report_docx(report, data))
    date = next(p for p in document.paragraphs if p.text == "2022年1月20日")
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    room = text_width - date.paragraph_format.right_indent
    assert room > 11 * 16 * 12700  # the date's 11 characters of 16 pt (EMU) fit on its line


def test_pdf_embeds_every_font_and_is_reproducible(tmp_path: Path) -> None:
    report, data = report_2021()
    first = render_report_pdf(report, data)
    assert first == render_report_pdf(report, data)
    assert b"/FontFile2" in first
    assert b"/Helvetica" not in first and b"/Times" not in first
    assert "示例市人民政府办公室" in pdf_text(first, tmp_path)


def test_pdf_prints_the_typed_text_as_text(tmp_path: Path) -> None:
    report, data = report_2021()
    text = squeeze(pdf_text(render_report_pdf(report, data), tmp_path))
    assert squeeze("<script>alert('x')</script>&“引号”") in text


# -- web page ----------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "meta", "col", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for tag in ("h1", "h2", "p", "caption", "title", "script"):
            if tag in self.open:
                self.text.setdefault(tag, []).append(data)


def test_html_is_one_self_contained_page() -> None:
    report, data = report_2021()
    html = render_report_html(report, data)
    page = Page()
    page.feed(html)
    names = [t for t, _a in page.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert not re.search(r"\b(src|href)=|url\(|@import", html)
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    assert any(a.get("name") == "viewport" for a in metas)
    assert "".join(page.text["h1"]) == report.title
    assert [h for h in page.text["h2"]] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    # The typed <script> is text, escaped.
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; “引号”" in html
    assert TEXT_2021["problems"].split("\n")[1] in "".join(page.text["p"])
    # One <table> per form table (二 has four blocks, each with its own header), each with its
    # caption and its header rows in <thead>.
    tables = len(data.form.tables)
    assert names.count("table") == names.count("thead") == names.count("caption") == tables
    assert "二、主动公开政府信息情况　第二十条第（一）项" in page.text["caption"]
    spans = [a for t, a in page.tags if t == "th" and a.get("colspan") == "7"]
    assert spans, "申请人情况 spans the seven columns of table 三"
    assert any(t == "th" and a.get("rowspan") for t, a in page.tags)
    assert 'class="table-wrap"' in html and "overflow-x: auto" in html and "@media print" in html


def test_seed_html_has_the_attachment_and_the_closing() -> None:
    report, data = seed_report()
    page = Page()
    page.feed(render_report_html(report, data))
    paragraphs = [p.strip() for p in page.text["p"]]
    assert paragraphs[-3:] != []
    assert "自治区机关事务管理局" in paragraphs and "2019年2月14日" in paragraphs
    assert "附件" in paragraphs
    assert "".join(page.text["caption"]) == "政府信息公开情况统计表（2018年度）"


def test_a_report_without_text_still_exports() -> None:
    """A draft whose sections are empty: the headings and tables, no empty paragraphs."""
    report, data = report_2021()
    bare = ReportText(
        report.title,
        tuple(ReportSection(s.id, s.heading, s.kind, s.tables) for s in report.sections),
        report.unit,
        "",
    )
    document = read_docx(render_report_docx(bare, data))
    assert len(document.tables) == 3
    assert [p.text for p in document.paragraphs if p.text][-1] == UNIT_2021


def test_a_character_word_cannot_hold_is_a_message_not_a_crash(tmp_path: Path) -> None:
    report, data = report_2021()
    bad = ReportText(report.title, (ReportSection("preface", "", "text", (), "甲\x01乙"),), "", "")
    with pytest.raises(ExportError, match="Word 文件不能保存的字符"):
        export_report_docx(bad, data, tmp_path / "r.docx", draft_mode=True)
    assert list(tmp_path.iterdir()) == []
