"""Reading a published report from PDF (issue 17): reports made here from values files in several
layouts come back with every figure right, the unit and the year from the title; a scan, an
encrypted, damaged or crafted file gets a Chinese message, never a traceback."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from published_reports import (
    SEED_VALUES,
    encrypted_pdf,
    example_2019_file,
    example_2021_file,
    export_pdf,
    filled,
    image_only_pdf,
    load,
    platypus_pdf,
    restricted_pdf,
    text_table_pdf,
    values_file,
)

from govreport_gui.core.forms.registry import all_forms, get_form
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout import import_pdf
from govreport_gui.core.layout.import_docx import Paragraph, WordTable
from govreport_gui.core.layout.import_pdf import PdfImportError, read_pdf_blocks
from govreport_gui.core.ops.import_report import ReportImportRefused, read_report_file


def _read_back(path: Path, doc: ValuesDocument) -> Any:
    """The report at ``path`` gives back the values file's form, every figure, unit and year."""
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == doc.form.id
    assert imported.values == filled(doc)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.fields["year"] == doc.fields["year"]
    return imported


def _refusal(path: Path) -> str:
    with pytest.raises(ReportImportRefused) as caught:
        read_report_file(path, None, all_forms())
    message = caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "Traceback" not in message
    return message


# -- layouts -----------------------------------------------------------------------------------


def test_our_own_report_pdf_with_table_three_over_two_pages(tmp_path: Path) -> None:
    """The report PDF govreport exports (embedded subset font, Identity-H): table 三 runs on to the
    next page with its header repeated; read as one table, every figure right."""
    doc = load(example_2021_file(tmp_path))
    path = export_pdf(tmp_path / "report.pdf", doc)
    with pdfplumber.open(path) as pdf:
        pages_with_three = [
            p.page_number for p in pdf.pages if "（七）总计" in (p.extract_text() or "")
        ] + [
            p.page_number
            for p in pdf.pages
            if "一、本年新收政府信息公开申请数量" in (p.extract_text() or "")
        ]
    assert len(set(pages_with_three)) == 2  # the table starts on one page and ends on the next
    _read_back(path, doc)


def test_a_draft_pdf_with_its_watermark_across_the_pages(tmp_path: Path) -> None:
    """Our draft export lays 草稿（未签发） diagonally over every page: its characters are left
    out of the tables and the text, so every figure is read as in the signed export."""
    from published_reports import report_of

    from govreport_gui.core.layout.report_pdf import render_report_pdf

    doc = load(example_2021_file(tmp_path))
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_report_pdf(*report_of(doc), draft_mode=True))
    with pdfplumber.open(path) as pdf:  # the mark is there, turned, on the table pages
        turned = [c for c in pdf.pages[1].chars if abs(c["matrix"][1]) > 0.01]
    assert turned and {c["text"] for c in turned} >= set("草稿未签发")
    imported = _read_back(path, doc)
    text = "".join(imported.sections.values())
    assert "未签发" not in text


def test_the_2014_example_as_our_report_pdf(tmp_path: Path) -> None:
    """resources/examples/nxjgsw-2018.json as govreport's report PDF: the 统计表 is the 附件."""
    doc = load(SEED_VALUES)
    _read_back(export_pdf(tmp_path / "seed.pdf", doc), doc)


def _large_figures_pdf(
    tmp_path: Path, form_id: str, figure: int, money: Decimal
) -> tuple[Path, ValuesDocument]:
    """Our report PDF of a draft without text, every count ``figure`` and every fee ``money``: the
    columns of figures wide, the labels' narrow."""
    from govreport_gui.core.layout.report import ReportData
    from govreport_gui.core.layout.report_pdf import render_report_pdf
    from govreport_gui.core.ops.report_export import report_of

    form = get_form(form_id)
    values: dict[str, Value | None] = {
        cell.id: money if cell.kind is Kind.MONEY else figure for cell in form.cells
    }
    fields = {"unit": "示例县人民政府办公室", "year": str(form.last_year or 2022)}
    doc = load(values_file(tmp_path / "large.json", form.id, values, fields))
    data = ReportData(form=form, fields=dict(doc.fields), values=dict(doc.values))
    path = tmp_path / "large.pdf"
    path.write_bytes(render_report_pdf(report_of(data), data))
    return path, doc


def test_a_column_edge_moved_by_a_table_above_it_on_the_page(tmp_path: Path) -> None:
    """Our 2019 report PDF (no text) with every figure 12345678: table 三 starts under table 二 on
    page 1 and goes on to page 2. pdfplumber snaps a vertical line to one within 3 pt (its
    snap_tolerance): on page 1 三's 科研机构 edge (302.9 pt) is moved onto 二's (300.9 pt), and the
    two parts, laid on one grid by their edges, took it for two columns. Before, 22 figures of
    科研机构 were named as a column without a header and not read."""
    path, doc = _large_figures_pdf(tmp_path, "gov-disclosure-2019", 12345678, Decimal(12345678))
    with pdfplumber.open(path) as pdf:  # the edges the two parts of table 三 were found with
        edges = [
            sorted({round(cell[0]) for cell in table.cells})
            for page in pdf.pages[:2]
            for table in page.find_tables()
            if "申请人情况" in str(table.extract())  # table 三's header
        ]
    assert len(edges) == 2 and edges[0] != edges[1]
    imported = _read_back(path, doc)
    assert imported.unplaced == []


def test_a_mark_hanging_past_its_cells_edge_stays_in_its_cell(tmp_path: Path) -> None:
    """Our 2021 report PDF with every figure 987654321: the label column is narrow, and the
    line 费通知要求缴纳费用、 ends in a mark that may not start a line, which hangs past the cell's
    right edge (reportlab, as Word's 允许标点溢出边界). Its box's middle lies over the next cell,
    its ink in the label's: it is the label's. Before, it was read as the figure's, “、987654321”,
    and the figure named as no figure, not read."""
    path, doc = _large_figures_pdf(tmp_path, "gov-disclosure-2021", 987654321, Decimal(1))
    with pdfplumber.open(path) as pdf:  # the mark drawn across the label cell's right edge
        hung = [
            mark
            for page in pdf.pages
            for table in page.find_tables()
            for cell in table.cells
            for mark in page.chars
            if mark["text"] == "、"
            and cell[1] <= mark["top"] <= cell[3]
            and mark["x0"] < cell[2] < (mark["x0"] + mark["x1"]) / 2
        ]
    assert hung
    imported = _read_back(path, doc)
    assert imported.unplaced == []


LONG_UNIT = "新疆维吾尔自治区伊犁哈萨克自治州直属机关事务管理局（自治州人民政府机关事务服务中心）"


@pytest.mark.parametrize(
    ("values", "last"),
    [(SEED_VALUES, "next_year"), (None, "other_matters")],
    ids=["2014", "2021"],
)
def test_a_unit_too_long_for_a_line_of_the_closing(
    tmp_path: Path, values: Path | None, last: str
) -> None:
    """Our report PDF of a unit whose name does not fit a line: the 落款 prints it over two lines
    (…直属机关事务管理局 / （自治州人民政府机关事务服务中心）, or broken elsewhere). Both lines are the
    落款, as the one line of a shorter name is: not text of the last section (2021), nor lines of
    the 附件 that fit nowhere (2014) — the unit and the date read, nothing named."""
    source = load(values if values is not None else example_2021_file(tmp_path))
    doc = load(values_file(tmp_path / "long.json", source.form.id, source.values,
                           {**source.fields, "unit": LONG_UNIT}))  # fmt: skip
    path = export_pdf(tmp_path / "long.pdf", doc)
    with pdfplumber.open(path) as pdf:  # the name is broken over two lines of the 落款
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert LONG_UNIT not in text.split("\n")
    imported = _read_back(path, doc)
    assert imported.unplaced == []
    assert imported.fields["date"] == doc.fields["date"]
    assert "机关事务服务中心" not in imported.sections[last]


def test_a_font_not_in_the_file_and_table_three_broken_without_its_header(
    tmp_path: Path,
) -> None:
    """Another office's layout: STSong-Light (not embedded: text through the GB CMap), a narrow
    label column whose labels wrap, "/" in every blank cell, and table 三 broken by a page break
    into two tables, the second without a header."""
    values = dict(load(example_2021_file(tmp_path)).values)
    for blank in ("fees", "new.research", "carried_over.legal_services"):
        values[blank] = None  # printed as "/"
    fields = {"unit": "某某市交通运输局", "year": "2021", "date": "2022年1月10日"}
    doc = load(values_file(tmp_path / "blanks.json", "gov-disclosure-2021", values, fields))
    path = platypus_pdf(tmp_path / "other.pdf", doc, na="/", break_three_after=10)
    with pdfplumber.open(path) as pdf:
        fonts = {c["fontname"] for c in pdf.pages[0].chars}
    assert any("STSong" in f for f in fonts)
    _read_back(path, doc)
    _, imported = read_report_file(path, None, all_forms())
    assert not [n for n in imported.table_notes if "标题行" in n]  # "/" in heading rows: as usual


def test_other_numbers_with_the_header_repeated_drawn_unmerged(tmp_path: Path) -> None:
    """The consistent report's other numbers (money with 6 places), "—" for blank, table 三's
    header repeated after the page break and drawn as separate cells, the title on one line."""
    doc = load(example_2021_file(tmp_path, "other.json", other=True))
    title = f"{doc.fields['unit']}{doc.fields['year']}年政府信息公开工作年度报告"
    path = platypus_pdf(
        tmp_path / "other.pdf",
        doc,
        na="—",
        break_three_after=20,
        repeat_header=True,
        unmerged_header=True,
        title_lines=[title],
    )
    _read_back(path, doc)


def test_a_2019_report_is_told_from_a_2021_one(tmp_path: Path) -> None:
    doc = load(example_2019_file(tmp_path))
    _read_back(platypus_pdf(tmp_path / "r2019.pdf", doc), doc)


def test_a_table_set_as_text_without_rulings(tmp_path: Path) -> None:
    """The 2014 table with no line drawn (columns of text; long labels wrap onto a second line):
    read from the text's alignment, every figure right."""
    doc = load(SEED_VALUES)
    path = text_table_pdf(tmp_path / "plain.pdf", doc)
    with pdfplumber.open(path) as pdf:
        assert not any(p.find_tables() for p in pdf.pages)  # nothing ruled to find
    _read_back(path, doc)


def test_the_2019_style_single_six_row_in_a_2021_report_is_reported(tmp_path: Path) -> None:
    """Table 三 printed with the 2019 form's one （六）其他处理 row: the other figures are read; the
    （六） row's figures are not spread by a guess: the row is counted as not imported and says
    which rows to fill. (It was a note only: import-report exited 0, its figures not read.)"""
    doc = load(example_2021_file(tmp_path))
    path = platypus_pdf(tmp_path / "six.pdf", doc, six_as_2019=True)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    under = {k: v for k, v in filled(doc).items() if not k.startswith("other_")}
    assert imported.values == under
    assert imported.lost_figures == 1
    (said,) = [u for u in imported.unplaced if "（六）其他处理" in u]
    assert "一行有数字" in said and "3.其他" in said and "分别填入" in said
    assert said.endswith("（有数字，未导入）")
    assert not [n for n in imported.table_notes if "（六）其他处理" in n]


def test_text_lines_become_paragraphs_and_page_numbers_go(tmp_path: Path) -> None:
    """The seed report's text as our PDF prints it: each paragraph's wrapped lines are one
    paragraph again, the title's two lines (in the title's font) are one title, not joined with
    the text under them, the page numbers (— 1 —) are gone."""
    from report_samples import seed_report, seed_sections

    from govreport_gui.core.layout.report_pdf import render_report_pdf

    path = tmp_path / "seed.pdf"
    path.write_bytes(render_report_pdf(*seed_report()))
    blocks = read_pdf_blocks(path)
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[0] == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    written = [p for _, text in seed_sections() for p in text.split("\n") if p.strip()]
    assert texts[1] == written[0]  # the preface's first paragraph, over three lines
    # most paragraphs come back whole (a line that ends short of the margin by itself, before a
    # full-width bracket, may split one: the text is for the clerk to look over)
    assert len([p for p in written if p in texts]) >= 0.8 * len(written)
    assert not [t for t in texts if t.strip("— ").isdigit()]
    assert any(isinstance(b, WordTable) for b in blocks)


def test_a_bare_page_number_at_the_foot_of_a_page_goes(tmp_path: Path) -> None:
    """A page numbered with a bare ``2`` (or ``2/3``) under its text, apart from it: no text of
    the report; a figure on a line of its own among the text (``12``) is kept."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from govreport_gui.core.layout.report_pdf import report_fonts

    path = tmp_path / "numbered.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for mark in ("2", "2/3"):
        pdf.setFont(report_fonts().body, 12)
        pdf.drawString(72, 700 - 40 * len(mark), "本机关全年收到申请。")
        pdf.drawString(72, 682 - 40 * len(mark), "12")
        pdf.drawString(72, 664 - 40 * len(mark), "全年办结。")
        pdf.drawCentredString(A4[0] / 2, 40, mark)
        pdf.showPage()
    pdf.save()
    text = "|".join(b.text for b in read_pdf_blocks(path) if isinstance(b, Paragraph))
    assert text.replace("|", "") == "本机关全年收到申请。12全年办结。" * 2


# -- refused -----------------------------------------------------------------------------------


def test_a_scan_without_text_gets_a_message(tmp_path: Path) -> None:
    message = _refusal(image_only_pdf(tmp_path / "scan.pdf"))
    assert "扫描件" in message and "OCR" in message and ".docx" in message


def test_an_encrypted_pdf_gets_a_message(tmp_path: Path) -> None:
    assert "密码" in _refusal(encrypted_pdf(tmp_path / "locked.pdf"))


def test_a_pdf_only_restricted_from_copying_is_read(tmp_path: Path) -> None:
    path = restricted_pdf(tmp_path / "restricted.pdf", "某某局2022年政府信息公开工作年度报告")
    assert [b.text for b in read_pdf_blocks(path) if isinstance(b, Paragraph)] == [
        "某某局2022年政府信息公开工作年度报告"
    ]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just some text, not a PDF", "不是 PDF"),
        (b"PK\x03\x04" + b"\0" * 100, "压缩包"),
        (b"", "空的"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj << /Type /Catalog >> endobj\n", "PDF"),
    ],
)
def test_not_a_pdf_or_a_broken_one(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    assert words in _refusal(path)


def test_a_truncated_pdf(tmp_path: Path) -> None:
    data = export_pdf(tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        read_report_file(cut, None, all_forms())
    except ReportImportRefused as exc:
        assert "PDF" in exc.message and str(cut) in exc.message
    # pdfminer may rebuild a cut file's cross-reference: reading what is there is fine too


def test_damaged_bytes_never_raise_anything_but_a_refusal(tmp_path: Path) -> None:
    """Bytes of a real report PDF overwritten at random places (20 files): each is read or
    refused with a Chinese message; no other exception escapes."""
    data = bytearray(export_pdf(tmp_path / "whole.pdf").read_bytes())
    rng = random.Random(17)
    for n in range(20):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            at = rng.randrange(len(damaged))
            damaged[at : at + 8] = bytes(rng.randrange(256) for _ in range(8))
        path = tmp_path / f"d{n}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            read_pdf_blocks(path)
        except PdfImportError as exc:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "r.pdf"
    link.symlink_to("/dev/zero")
    assert str(link) in _refusal(link)


def test_a_folder_named_pdf_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "r.pdf"
    folder.mkdir()
    assert "文件夹" in _refusal(folder) or "不是" in _refusal(folder)


def test_limits_on_pages_characters_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with more pages, more characters on a page or slower than allowed is refused with
    the limit said (limits lowered here, so that an ordinary report crosses them)."""
    path = export_pdf(tmp_path / "report.pdf")
    with monkeypatch.context() as patch:
        patch.setattr(import_pdf, "MAX_PAGES", 2)
        assert "超过 2 页" in _refusal(path)
    with monkeypatch.context() as patch:
        patch.setattr(import_pdf, "MAX_PAGE_CHARS", 100)
        assert "超过 100 个" in _refusal(path)
    with monkeypatch.context() as patch:
        patch.setattr(import_pdf, "MAX_SECONDS", -1.0)
        assert "已停止" in _refusal(path)


def test_a_file_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(import_pdf.MAX_FILE_BYTES + 1)  # sparse: nothing written to the disk
    assert "过大" in _refusal(path) or "MB" in _refusal(path)


def test_a_pdf_named_docx_is_told_to_be_renamed(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(export_pdf(tmp_path / "r.pdf").read_bytes())
    assert "改为 .pdf" in _refusal(path)


def test_table_three_in_the_official_layout_broken_over_pages(tmp_path: Path) -> None:
    """Table 三 as the official template lays it out: its labels in three columns merged down
    (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密), broken over two pages where the first page's
    rows draw no line between the label columns: one grid, every figure right."""
    doc = load(example_2021_file(tmp_path, other=True))
    path = platypus_pdf(tmp_path / "official.pdf", doc, official=True, break_three_after=14)
    with pdfplumber.open(path) as pdf:
        widths = {len(t.extract()[0]) for p in pdf.pages for t in p.find_tables()}
    assert {8, 10} <= widths  # the parts of table 三, each with its own columns
    imported = _read_back(path, doc)
    assert imported.table_notes == [] and imported.unplaced == []
