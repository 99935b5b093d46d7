"""A numbered list inside a section of a published report (一、… 二、… in 一、总体情况), read back.

Reports number their own lists with the sections' numerals: 二、依申请公开情况 inside 一、总体情况
is an item of the section's text, not a heading the form has not. A document that marks its
headings (Word's 标题 1 or an outline level, a web page's ``<h2>``, a PDF's bookmarks or its
headings' own font or size) says which paragraph is one; a document that marks none is read by its
numbering and the form's headings still to come. What is a heading the form has not is still named
(README, import-report), never put under a section silently.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from consistent_report import consistent_values
from published_reports import (
    UNIT,
    cms_html,
    export_pdf,
    load,
    official_docx,
    platypus_pdf,
    values_file,
)
from report_docx import add_heading

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms, get_form
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.ops.import_report import read_report_file

F2021 = "gov-disclosure-2021"
LISTS = {
    "general": "一、主动公开情况\n全年主动公开政府信息。\n二、依申请公开情况\n依法办理申请。\n"
    "三、政府信息管理\n规范管理。",
    # numbered past the last section's own number (七、 in 六、): a list begun with 一、
    "other_matters": "一、收费情况\n本年度未收取信息处理费。\n二、人大建议办理\n三、政协提案办理\n"
    "四、政务公开培训\n五、网站建设\n六、新媒体\n七、其他\n无。",
}
Maker = Callable[[Path, ValuesDocument], Path]
NO_TABLES = "文档中没有表格：统计表的数字需另行填写（或用“从 Excel 导入”）"  # the text alone


def word(path: Path, doc: ValuesDocument) -> Path:
    """Headings typed as plain paragraphs: no heading style, no outline level."""
    return official_docx(path.with_suffix(".docx"), doc, texts=LISTS)


def web_page(path: Path, doc: ValuesDocument) -> Path:
    """Headings in ``<p><strong>``: no ``<h2>``."""
    return cms_html(path.with_suffix(".htm"), doc, encoding="utf-8", nested=False, texts=LISTS)


def pdf_headings_larger(path: Path, doc: ValuesDocument) -> Path:
    return platypus_pdf(path.with_suffix(".pdf"), doc, texts=LISTS, break_three_after=None)


def pdf_headings_as_text(path: Path, doc: ValuesDocument) -> Path:
    """The headings in the text's font and size: nothing marks them."""
    return platypus_pdf(
        path.with_suffix(".pdf"), doc, texts=LISTS, break_three_after=None, head_size=11
    )


MAKERS = [word, web_page, pdf_headings_larger, pdf_headings_as_text]


@pytest.mark.parametrize("maker", MAKERS, ids=lambda m: m.__name__)
def test_a_real_reports_numbered_lists_stay_in_their_sections(
    tmp_path: Path, maker: Maker, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: “二、依申请公开情况” was taken for a heading the form has not (“有 1 个标题不是本表单
    的部分…”, exit 1) and its text was not imported; 七、其他 in 六 too, with the 落款 after it."""
    fields = {"unit": UNIT, "year": "2022", "date": "2023年1月20日"}
    form = get_form(F2021)
    doc = load(values_file(tmp_path / "v.json", F2021, consistent_values(form), fields))
    path = maker(tmp_path / "r", doc)
    read_form, imported = read_report_file(path, None, all_forms())
    assert read_form.id == F2021
    assert imported.unplaced == []
    assert imported.extra_sections == []
    assert imported.sections["general"] == LISTS["general"]
    assert imported.sections["other_matters"] == LISTS["other_matters"]
    assert imported.fields["date"] == "2023年1月20日"
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "不是本表单的部分" not in out and "未能归入" not in out


def _inserted_section_document(path: Path, style: str) -> Path:
    """A report typed with a list in 一 and a section of its own, 五、工作亮点, inserted before the
    form's 五 (numbered 六 as the report renumbers the rest); headings set in ``style``."""
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    lines = [
        ("一、总体情况", True),
        ("一、主动公开", False),
        ("全年主动公开政府信息。", False),
        ("二、依申请公开", False),
        ("收到申请，依法办理。", False),
        ("五、工作亮点", True),
        ("开展政务公开日活动。", False),
        ("六、存在的主要问题及改进情况", True),
        ("公开不够及时。", False),
        ("七、其他需要报告的事项", True),
        ("无。", False),
    ]
    for text, heading in lines:
        if heading:
            add_heading(document, text, style)
        else:
            document.add_paragraph(text)
    document.add_paragraph("某某局")
    document.add_paragraph("2024年1月15日")
    document.save(str(path))
    return path


@pytest.mark.parametrize("style", ["plain", "bold", "heading"])
def test_a_section_of_the_reports_own_is_still_named_beside_a_list(
    tmp_path: Path, style: str
) -> None:
    """The list's 二、依申请公开 is text of 一 (the form's 二 is still to come, or the document's
    headings say so); 五、工作亮点 is a heading the form has not (六、存在的主要问题… comes next,
    numbered after it): named with its text, which goes under no section of the form."""
    path = _inserted_section_document(tmp_path / f"{style}.docx", style)
    _, imported = read_report_file(path, get_form(F2021), [])
    assert imported.sections == {
        "general": "一、主动公开\n全年主动公开政府信息。\n二、依申请公开\n收到申请，依法办理。",
        "problems": "公开不够及时。",
        "other_matters": "无。",
    }
    assert imported.extra_sections == [("五、工作亮点", "开展政务公开日活动。")]
    assert imported.unplaced == [
        "“五、工作亮点”不是本表单的部分标题：它和其后 1 段未能归入任何部分",
        NO_TABLES,
    ]
    assert imported.fields["date"] == "2024年1月15日"


TITLE = "某某局2023年政府信息公开工作年度报告"
# (text, set as a heading), 七、附则 after the form's last section: the test's own
MARKED = [
    ("一、总体情况", True),
    ("全年主动公开政府信息。", False),
    ("六、其他需要报告的事项", True),
    ("无。", False),
]
APPENDIX = ("七、附则", "本报告由办公室负责解释。")


def marked_docx(path: Path, lines: list[tuple[str, bool]]) -> Path:
    """Word's 标题 1 on the headings."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    for text, heading in lines:
        if heading:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path.with_suffix(".docx")))
    return path.with_suffix(".docx")


def marked_html(path: Path, lines: list[tuple[str, bool]]) -> Path:
    """``<h2>`` headings."""
    body = "".join(f"<h2>{t}</h2>" if heading else f"<p>{t}</p>" for t, heading in lines)
    page = f'<html><head><meta charset="utf-8"></head><body><h1>{TITLE}</h1>{body}</body></html>'
    path.with_suffix(".html").write_text(page, encoding="utf-8")
    return path.with_suffix(".html")


def marked_pdf(path: Path, lines: list[tuple[str, bool]]) -> Path:
    """Headings a size larger than the text, no bookmarks (as many offices' PDFs are)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from govreport_gui.core.layout.report_pdf import report_fonts

    font = report_fonts().body
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, firstLineIndent=28)
    head = ParagraphStyle("head", parent=body, fontSize=16)
    title = ParagraphStyle("title", parent=body, fontSize=22, leading=32, alignment=1)
    story = [Paragraph(TITLE, title)]
    story += [Paragraph(t, head if heading else body) for t, heading in lines]
    SimpleDocTemplate(str(path.with_suffix(".pdf")), pagesize=A4).build(story)
    return path.with_suffix(".pdf")


@pytest.mark.parametrize("maker", [marked_docx, marked_html, marked_pdf], ids=lambda m: m.__name__)
def test_a_document_that_marks_its_headings_reads_its_body_paragraphs_as_text(
    tmp_path: Path, maker: Callable[[Path, list[tuple[str, bool]]], Path]
) -> None:
    """A body paragraph 七、附则 (numbered past 六, nothing of the form after it: read by its
    numbering, a heading) is text of 六 in a document whose headings are marked; the same words
    set as its headings are is a heading the form has not, named as before."""
    heading, text = APPENDIX
    path = maker(tmp_path / "body", [*MARKED, (heading, False), (text, False)])
    _, body = read_report_file(path, get_form(F2021), [])
    assert body.sections["other_matters"] == "无。\n七、附则\n本报告由办公室负责解释。"
    assert body.unplaced == [NO_TABLES] and body.extra_sections == []
    path = maker(tmp_path / "heading", [*MARKED, (heading, True), (text, False)])
    _, marked = read_report_file(path, get_form(F2021), [])
    assert marked.sections["other_matters"] == "无。"
    assert marked.extra_sections == [APPENDIX]
    assert marked.unplaced == [
        "“七、附则”不是本表单的部分标题：它和其后 1 段未能归入任何部分",
        NO_TABLES,
    ]


def test_a_few_heading_styles_do_not_make_the_rest_text(tmp_path: Path) -> None:
    """Only 一、 set in 标题 1, the other headings typed plain: the document does not mark its
    headings, and 七、附则 is read by its numbering — a heading the form has not, named."""
    heading, text = APPENDIX
    lines = [*MARKED[:2], (MARKED[2][0], False), MARKED[3], (heading, False), (text, False)]
    _, imported = read_report_file(marked_docx(tmp_path / "r", lines), get_form(F2021), [])
    assert imported.extra_sections == [APPENDIX]


# An outline entry whose next entry is itself; one whose first child is the entry before it (the
# bytes replaced keep their length, so the file's cross-reference table still holds).
LOOPS = {
    "next": [(b"/Next 17 0 R", b"/Next 16 0 R")],
    "first": [
        (b"/Dest [ 2 0 R /XYZ 85.37008 516.2579", b"/Dest [2 0 R /XYZ 85.37008 516.2579"),
        (b"/Next 18 0 R /Parent 15 0 R /Prev 16 0 R", b"/First 16 0 R /Parent 15 0 R /Last 16 0 R"),
    ],
}


@pytest.mark.parametrize("loop", list(LOOPS))
def test_a_pdf_whose_bookmarks_loop_is_read_by_its_numbering(tmp_path: Path, loop: str) -> None:
    fields = {"unit": UNIT, "year": "2022", "date": "2023年1月20日"}
    form = get_form(F2021)
    doc = load(values_file(tmp_path / "v.json", F2021, consistent_values(form), fields))
    path = export_pdf(tmp_path / "r.pdf", doc)
    data = path.read_bytes()
    for old, new in LOOPS[loop]:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    assert len(data) == path.stat().st_size
    path.write_bytes(data)
    _, imported = read_report_file(path, None, all_forms())
    assert imported.unplaced == []
    assert (
        imported.sections["general"]
        == "（一）主动公开。全年主动公开政府信息。\n（二）依申请公开。依法办理申请。"
    )
