"""What a real Word or WPS report carries besides its text, read back as its reader sees it.

A clean export has plain runs; a report that went round an office has tracked changes left in
it (修订), comments (批注), its title or 落款 in a text box (WPS's 文本框), fields, hyperlinks,
content controls, a page header and footer, footnotes, and its headings numbered by Word's
automatic numbering (自动编号: the 一、 shown is in numbering.xml, not in the text). Each report
here is the distinct 2021 report (tests/published_reports.py: every figure different from every
other) typed from the official template, changed as such a document has it, in raw XML where
python-docx cannot write it; what is read must be what the printed document shows: every
figure in its own cell, every section's text, nothing that is not printed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.parser import parse_xml
from published_reports import distinct_file, filled, load, official_docx
from test_import_cell_markup import CELL, MERGED_SAID, W, run, sub

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file

F2021 = "gov-disclosure-2021"
UNIT = "示例县人民政府办公室"
TITLE = f"{UNIT}2022年政府信息公开工作年度报告"
DATE = "2023年1月20日"
PROBLEMS = "存在的主要问的说明文字。"  # section 五's text in the made report
OTHER = "其他需要报告的说明文字。"  # section 六's, the last before the 落款
HEADINGS = {
    "general": "一、总体情况",
    "proactive_disclosure": "二、主动公开政府信息情况",
    "requests_handled": "三、收到和处理政府信息公开申请情况",
    "reviews_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
SECTIONS = {
    "preface": "本报告根据《中华人民共和国政府信息公开条例》编制。",
    "general": "（一）主动公开。全年主动公开政府信息。\n（二）依申请公开。依法办理申请。",
    "problems": PROBLEMS,
    "other_matters": OTHER,
}
NAMESPACES = {
    "w": W[1:-1],
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
Edit = Callable[[Any], None]  # changes the document's body (``w:body``)


def xml(text: str) -> Any:
    """An element written in the prefixes of :data:`NAMESPACES`."""
    declared = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
    wrapper = parse_xml(f"<wrapper {declared}>{text}</wrapper>".encode())
    return wrapper[0]


def report(tmp_path: Path, edit: Edit) -> tuple[Path, ValuesDocument]:
    """The distinct 2021 report typed from the official template, its body changed by ``edit``."""
    path, doc, document = document_of(tmp_path)
    edit(document.element.body)
    document.save(str(path))
    return path, doc


def cell_report(tmp_path: Path, edit: Callable[[Any, str], None]) -> tuple[Path, ValuesDocument]:
    """The report with the cell of :data:`CELL`'s figure changed by ``edit(tc, figure)``."""
    figure = str(load(distinct_file(tmp_path, F2021)).values[CELL])
    return report(tmp_path, lambda body: edit(figure_cell(body, figure), figure))


def document_of(tmp_path: Path) -> tuple[Path, ValuesDocument, Any]:
    """The distinct 2021 report typed from the official template, opened with python-docx."""
    doc = load(distinct_file(tmp_path, F2021))
    path = official_docx(tmp_path / "report.docx", doc)
    return path, doc, docx.Document(str(path))


def read(path: Path) -> ImportedReport:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    return imported


def assert_as_printed(imported: ImportedReport, doc: ValuesDocument) -> None:
    """Everything the made report prints, read where it belongs, and nothing else."""
    assert imported.values == filled(doc)
    assert imported.sections == SECTIONS
    assert imported.headings == HEADINGS
    assert imported.title == TITLE
    assert imported.fields == {"unit": UNIT, "year": "2022", "date": DATE}
    assert imported.unplaced == [] and imported.lost_figures == 0


def paragraph(body: Any, text: str) -> Any:
    """The body's paragraph (``w:p``) whose text is ``text``."""
    found = [
        p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == text
    ]
    assert len(found) == 1, text
    return found[0]


def figure_cell(body: Any, figure: str) -> Any:
    """The table cell (``w:tc``) holding ``figure``."""
    found = [
        tc
        for tc in body.iter(f"{W}tc")
        if "".join(t.text or "" for t in tc.iter(f"{W}t")) == figure
    ]
    assert len(found) == 1, figure
    return found[0]


def retyped(p: Any, *runs: Any) -> None:
    """The paragraph ``p`` with its runs replaced by ``runs``."""
    for old in p.findall(f"{W}r"):
        p.remove(old)
    for new in runs:
        p.append(new)


def cli(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    return code, capsys.readouterr().out


def test_the_report_unchanged_is_read_as_printed(tmp_path: Path) -> None:
    """The report every test here changes: read whole as it is."""
    path, doc = report(tmp_path, lambda body: None)
    assert_as_printed(read(path), doc)


# -- tracked changes (修订) and comments (批注) -------------------------------------------------


def deleted(text: str) -> Any:
    return xml(
        f'<w:del w:id="1" w:author="审核人"><w:r><w:delText>{text}</w:delText></w:r></w:del>'
    )


def inserted(text: str) -> Any:
    return xml(f'<w:ins w:id="2" w:author="审核人"><w:r><w:t>{text}</w:t></w:r></w:ins>')


def test_tracked_changes_in_the_text_read_as_accepted(tmp_path: Path) -> None:
    """Text a reviewer deleted with 修订 on is not read, text inserted is: the report as it reads
    once the changes are accepted (and as Word prints it without markup)."""

    def edit(body: Any) -> None:
        retyped(
            paragraph(body, PROBLEMS),
            run("存在的"),
            deleted("次要"),
            inserted("主要问的说明文字。"),
        )
        retyped(
            paragraph(body, OTHER),
            inserted("其他需要报告的"),
            run("说明文字。"),
            deleted("删去的话"),
        )

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_figure_corrected_with_tracked_changes_is_the_new_figure(tmp_path: Path) -> None:
    """99 deleted and the figure inserted in its place: the figure. Before a reviewer's changes
    are accepted, the old figure must not join the new one (99111)."""

    def edit(tc: Any, figure: str) -> None:
        retyped(tc.find(f"{W}p"), deleted("99"), inserted(figure))

    path, doc = cell_report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_table_row_deleted_with_tracked_changes_is_not_read(tmp_path: Path) -> None:
    """A copy of a row with other figures deleted with 修订 on (its row marked deleted): not read,
    neither as a row the form has not nor as the row twice."""

    def edit(body: Any) -> None:
        row = figure_cell(body, "111").getparent()
        copy = deepcopy(row)
        properties = copy.find(f"{W}trPr")
        if properties is None:
            properties = sub(copy, f"{W}trPr")
            copy.insert(0, properties)
        properties.append(xml('<w:del w:id="5" w:author="审核人"/>'))
        for t in copy.iter(f"{W}t"):
            if t.text and t.text.isdigit():
                t.text = "9" + t.text
        row.addprevious(copy)

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_text_moved_with_tracked_changes_is_read_where_it_went(tmp_path: Path) -> None:
    """A sentence moved (Word's 移动, ``w:moveFrom`` / ``w:moveTo``): read once, where it went."""

    def edit(body: Any) -> None:
        retyped(
            paragraph(body, PROBLEMS),
            xml(
                '<w:moveFrom w:id="3" w:author="审核人"><w:r><w:t>其他需要报告的</w:t></w:r></w:moveFrom>'
            ),
            run(PROBLEMS),
        )
        retyped(
            paragraph(body, OTHER),
            xml(
                '<w:moveTo w:id="4" w:author="审核人"><w:r><w:t>其他需要报告的</w:t></w:r></w:moveTo>'
            ),
            run("说明文字。"),
        )

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_paragraphs_joined_with_tracked_changes_are_one_paragraph(tmp_path: Path) -> None:
    """A heading typed over two paragraphs whose break a reviewer deleted with 修订 on (the first
    paragraph's mark deleted): one heading, as the report reads once the change is accepted."""

    def edit(body: Any) -> None:
        heading = paragraph(body, "五、存在的主要问题及改进情况")
        retyped(heading, run("五、存在的主要问题"))
        heading.insert(0, xml('<w:pPr><w:rPr><w:del w:id="6" w:author="审核人"/></w:rPr></w:pPr>'))
        rest = xml("<w:p/>")
        rest.append(run("及改进情况"))
        heading.addnext(rest)

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_comments_are_not_read_as_text(tmp_path: Path) -> None:
    """A comment (批注) on a sentence and on a figure: neither its text nor its mark is read."""
    path, doc, document = document_of(tmp_path)
    target = next(p for p in document.paragraphs if p.text == PROBLEMS)
    document.add_comment(target.runs, text="请补充具体问题 12 条", author="审核人", initials="审")
    figure = str(doc.values[CELL])
    cell = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == figure)
    document.add_comment(cell.paragraphs[0].runs, text="核对：应为 99", author="审核人")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        assert "请补充具体问题" in archive.read("word/comments.xml").decode("utf-8")
    assert_as_printed(read(path), doc)


# -- text boxes and shapes ---------------------------------------------------------------------

EMU_PER_PT = 12700


def text_box(
    lines: list[str], below_pt: int = 0, vml_only: bool = False, hidden: bool = False
) -> Any:
    """A run holding a floating text box (文本框) with ``lines`` as its paragraphs, placed
    ``below_pt`` points under the top of its anchor paragraph: DrawingML with its VML copy for
    older readers (as Word and WPS write it), or VML alone (older WPS)."""
    content = (
        "<w:txbxContent>"
        + "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
        + "</w:txbxContent>"
    )
    vml = (
        '<w:pict><v:shape id="文本框 1" type="#_x0000_t202" style="position:absolute;'
        f"margin-left:0;margin-top:{below_pt}pt;width:415pt;height:60pt;"
        'mso-position-vertical-relative:paragraph">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict>"
    )
    if vml_only:
        return xml(f"<w:r>{vml}</w:r>")
    hidden_attribute = ' hidden="1"' if hidden else ""
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{below_pt * EMU_PER_PT}'
        "</wp:posOffset></wp:positionV>"
        '<wp:extent cx="5270500" cy="762000"/><wp:wrapNone/>'
        f'<wp:docPr id="1" name="文本框 1"{hidden_attribute}/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing>"
    )
    return xml(
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{drawing}</mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def removed(p: Any) -> Any:
    """``p`` taken out of the body; its previous sibling."""
    before = p.getprevious()
    p.getparent().remove(p)
    return before


@pytest.mark.parametrize("vml_only", [False, True], ids=["drawingml", "vml"])
def test_a_title_in_a_text_box(tmp_path: Path, vml_only: bool) -> None:
    """The title typed in a text box at the top of the first page (a WPS habit), its anchor in
    the preface's paragraph: the unit and year read from it, the title once (Word keeps the box
    twice, DrawingML and VML), the preface still the preface. Before, the box was not read: no
    title, no unit, no year."""

    def edit(body: Any) -> None:
        removed(paragraph(body, TITLE))
        preface = paragraph(body, SECTIONS["preface"])
        preface.insert(0, text_box([UNIT, "2022年政府信息公开工作年度报告"], vml_only=vml_only))

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


@pytest.mark.parametrize("vml_only", [False, True], ids=["drawingml", "vml"])
def test_the_closing_in_a_text_box_under_the_last_paragraph(tmp_path: Path, vml_only: bool) -> None:
    """The 落款 (unit, date) in a text box placed under the last paragraph, its anchor at that
    paragraph's start (where Word puts it): the 落款's date read, the box's lines not taken for
    text of 六, which keeps its own paragraph. Before, the box was not read: no date."""

    def edit(body: Any) -> None:
        removed(paragraph(body, DATE))
        removed(paragraph(body, UNIT))
        last = paragraph(body, OTHER)
        last.insert(0, text_box([UNIT, DATE], below_pt=40, vml_only=vml_only))

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_the_closing_in_a_text_box_in_an_empty_paragraph(tmp_path: Path) -> None:
    """The 落款's box anchored in an empty paragraph after the text: read as the 落款."""

    def edit(body: Any) -> None:
        removed(paragraph(body, DATE))
        anchor = paragraph(body, UNIT)
        retyped(anchor, text_box([UNIT, DATE]))

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_hidden_text_box_is_not_read(tmp_path: Path) -> None:
    """A text box set hidden (选择窗格's eye closed): not printed, not read."""

    def edit(body: Any) -> None:
        paragraph(body, OTHER).insert(0, text_box(["七、其他事项"], hidden=True))

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_figure_in_a_text_box_over_its_cell(tmp_path: Path) -> None:
    """A figure typed in a text box anchored in its cell (the cell itself empty): the figure."""

    def edit(tc: Any, figure: str) -> None:
        retyped(tc.find(f"{W}p"), text_box([figure]))

    path, doc = cell_report(tmp_path, edit)
    assert_as_printed(read(path), doc)


# -- fields, hyperlinks, content controls, breaks and tabs -------------------------------------


def field(code: str, result: str) -> list[Any]:
    """A field as Word writes it: its code (``w:instrText``), then its result."""
    return [
        xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'),
        xml(f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'),
        xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
        run(result),
        xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
    ]


def test_a_field_reads_as_its_result(tmp_path: Path) -> None:
    """A date field in the 落款 (CREATEDATE), a field inside another's code (its result is part
    of the code, not printed), a simple field (``w:fldSimple``): each reads as the result it
    shows, never its code."""

    def edit(body: Any) -> None:
        retyped(paragraph(body, DATE), *field('CREATEDATE \\@ "yyyy年M月d日"', DATE))
        nested = [
            xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'),
            xml('<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'),
            *field("PAGE", "1"),
            xml('<w:r><w:instrText xml:space="preserve"> = 1 "说明文字。" "" </w:instrText></w:r>'),
            xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
            run("说明文字。"),
            xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        ]
        retyped(paragraph(body, OTHER), run("其他需要报告的"), *nested)
        simple = xml(
            '<w:fldSimple w:instr=" DOCPROPERTY Company "><w:r><w:t>的说明文字。</w:t></w:r></w:fldSimple>'
        )
        retyped(paragraph(body, PROBLEMS), run("存在的主要问"), simple)

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_hyperlinks_content_controls_breaks_and_tabs(tmp_path: Path) -> None:
    """A hyperlink's words are text; a content control's text is text; a line break typed in the
    title splits it into its two lines; a tab after a heading's number is a space."""

    def edit(body: Any) -> None:
        link = xml('<w:hyperlink r:id="rId99"><w:r><w:t>政府信息公开条例</w:t></w:r></w:hyperlink>')
        retyped(
            paragraph(body, SECTIONS["preface"]),
            run("本报告根据《中华人民共和国"),
            link,
            run("》编制。"),
        )
        control = xml(
            '<w:sdt><w:sdtPr><w:alias w:val="问题"/></w:sdtPr><w:sdtContent>'
            "<w:r><w:t>存在的主要问的说明文字。</w:t></w:r></w:sdtContent></w:sdt>"
        )
        retyped(paragraph(body, PROBLEMS), control)
        retyped(
            paragraph(body, TITLE),
            run(UNIT),
            xml("<w:r><w:br/></w:r>"),
            run("2022年政府信息公开工作年度报告"),
        )
        retyped(
            paragraph(body, "六、其他需要报告的事项"),
            run("六、"),
            xml("<w:r><w:tab/></w:r>"),
            run("其他需要报告的事项"),
        )

    path, doc = report(tmp_path, edit)
    imported = read(path)
    assert imported.headings["other_matters"].replace("\t", "") == HEADINGS["other_matters"]
    imported.headings["other_matters"] = HEADINGS["other_matters"]
    assert_as_printed(imported, doc)


# -- tables --------------------------------------------------------------------------------


def test_a_figure_in_runs_and_full_width_digits(tmp_path: Path) -> None:
    """A figure typed in two runs (“1” then “11”, a change of font between them), another in
    full-width digits (１１２): the figures."""
    doc = load(distinct_file(tmp_path, F2021))
    first = str(doc.values[CELL])
    second = str(doc.values["new.commercial"])

    def edit(body: Any) -> None:
        retyped(figure_cell(body, first).find(f"{W}p"), run(first[:1]), run(first[1:]))
        wide = second.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        retyped(figure_cell(body, second).find(f"{W}p"), run(wide))

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_figure_under_an_empty_paragraph_in_its_cell(tmp_path: Path) -> None:
    """An empty paragraph before the figure in its cell (an Enter typed before it): the figure."""
    path, doc = cell_report(tmp_path, lambda tc, _: tc.find(f"{W}p").addprevious(xml("<w:p/>")))
    assert_as_printed(read(path), doc)


def test_a_figure_over_two_paragraphs_of_its_cell_is_named(tmp_path: Path) -> None:
    """“1” and “11” in two paragraphs of one cell: printed on two lines, which a reader cannot
    tell from two figures; named, not read as 111 nor as 1."""

    def edit(tc: Any, figure: str) -> None:
        p = tc.find(f"{W}p")
        retyped(p, run(figure[:1]))
        rest = xml("<w:p/>")
        rest.append(run(figure[1:]))
        p.addnext(rest)

    path, doc = cell_report(tmp_path, edit)
    imported = read(path)
    assert CELL not in imported.values
    assert imported.values == {k: v for k, v in filled(doc).items() if k != CELL}
    assert imported.lost_figures == 1


def test_cells_merged_the_old_way_across_columns(tmp_path: Path) -> None:
    """A heading merged across columns with ``w:hMerge`` (Word 97's way, which WPS and converted
    documents still write: each grid column its own cell, the first holding the text): read as
    a merge, every figure under its column."""

    def edit(body: Any) -> None:
        for tc in list(body.iter(f"{W}tc")):
            properties = tc.find(f"{W}tcPr")
            span = properties.find(f"{W}gridSpan") if properties is not None else None
            if span is None:
                continue
            count = int(span.get(f"{W}val"))
            properties.remove(span)
            properties.append(xml('<w:hMerge w:val="restart"/>'))
            for _ in range(count - 1):
                follower = xml("<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>")
                merge = properties.find(f"{W}vMerge")
                if merge is not None:
                    follower.find(f"{W}tcPr").append(deepcopy(merge))
                tc.addnext(follower)

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


def test_a_figure_merged_the_old_way_across_two_columns_is_named(tmp_path: Path) -> None:
    """A figure in a cell merged with its right neighbour by ``w:hMerge``: whose figure it is
    cannot be told, so it is named, as a ``w:gridSpan`` merge is. Before, it was read as the
    first column's figure, the second column's left blank without a word."""

    def edit(tc: Any, _: str) -> None:
        follower = tc.getnext()
        retyped(follower.find(f"{W}p"))
        follower.insert(0, xml("<w:tcPr><w:hMerge/></w:tcPr>"))
        tc.insert(0, xml('<w:tcPr><w:hMerge w:val="restart"/></w:tcPr>'))

    path, doc = cell_report(tmp_path, edit)
    figure = str(doc.values[CELL])
    imported = read(path)
    assert {CELL, "new.commercial"}.isdisjoint(imported.values)
    assert imported.values == {
        k: v for k, v in filled(doc).items() if k not in (CELL, "new.commercial")
    }
    assert any(MERGED_SAID.format(figure) in line for line in imported.unplaced)


def test_table_three_split_in_two_without_its_header(tmp_path: Path) -> None:
    """Table 三 split into two Word tables (拆分表格, at a page's end), the second without the
    header, its labels merged down starting again empty in the second part: every figure."""

    def edit(body: Any) -> None:
        table = figure_cell(body, "111").getparent().getparent()
        second = deepcopy(table)
        rows = table.findall(f"{W}tr")
        cut = 12
        for tr in rows[cut:]:
            table.remove(tr)
        for tr in second.findall(f"{W}tr")[:cut]:
            second.remove(tr)
        for merge in second.find(f"{W}tr").iter(f"{W}vMerge"):
            merge.set(f"{W}val", "restart")
        gap = xml('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        table.addnext(gap)
        gap.addnext(second)

    path, doc = report(tmp_path, edit)
    assert_as_printed(read(path), doc)


# -- page header, footer, footnotes -------------------------------------------------------------


def test_header_footer_and_footnotes_are_not_text(tmp_path: Path) -> None:
    """The unit's name in the page header, “— 1 —” (a PAGE field) in the footer, a footnote on a
    sentence and one after a figure: none of it read into the body, the figure read whole."""
    path, doc, document = document_of(tmp_path)
    section = document.sections[0]
    section.header.paragraphs[0].text = UNIT
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    for element in field("PAGE", "1"):
        footer._p.append(element)
    footer.add_run(" —")
    body = document.element.body
    reference = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    paragraph(body, PROBLEMS).append(xml(reference))
    figure_cell(body, str(doc.values[CELL])).find(f"{W}p").append(xml(reference))
    document.save(str(path))
    notes = (
        f'<w:footnotes xmlns:w="{W[1:-1]}"><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>注：含依申请公开 12 件。</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    add_part(path, "word/footnotes.xml", notes, "footnotes")
    assert_as_printed(read(path), doc)


def add_part(path: Path, name: str, content: str, kind: str) -> None:
    """The document at ``path`` with the part ``name`` added and related from document.xml."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    types = members["[Content_Types].xml"].decode("utf-8")
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    members["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'
    ).encode("utf-8")
    rels = members["word/_rels/document.xml.rels"].decode("utf-8")
    relation = f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"
    members["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId900" Type="{relation}" Target="{name.removeprefix("word/")}"/>'
        "</Relationships>",
    ).encode("utf-8")
    members[name] = content.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


# -- automatic numbering (自动编号) ---------------------------------------------------------------


def list_of(document: Any, levels: list[str], restarts: int = 1) -> list[str]:
    """A list in numbering.xml whose levels are ``levels`` (``numFmt|lvlText``, or raw XML of the
    number format then ``|lvlText``), and ``restarts`` lists using it, each starting again at 1
    (Word's 重新开始编号); their ids."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(f"{W}abstractNumId")) for n in numbering.iter(f"{W}abstractNum")]
    abstract = max(ids, default=0) + 1
    written = []
    for level, spec in enumerate(levels):
        number_format, _, text = spec.rpartition("|")
        if not number_format.startswith("<"):
            number_format = f'<w:numFmt w:val="{number_format}"/>'
        written.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>{number_format}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        )
    first_list = next(iter(numbering.iter(f"{W}num")), None)
    element = xml(f'<w:abstractNum w:abstractNumId="{abstract}">{"".join(written)}</w:abstractNum>')
    if first_list is not None:
        first_list.addprevious(element)
    else:
        numbering.append(element)
    nums = [int(n.get(f"{W}numId")) for n in numbering.iter(f"{W}num")]
    made = []
    for n in range(restarts):
        num_id = max(nums, default=0) + 1 + n
        override = (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if n else ""
        )
        numbering.append(
            xml(
                f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
            )
        )
        made.append(str(num_id))
    return made


def numbered(p: Any, num_id: str, level: int = 0) -> None:
    """The paragraph ``p`` made an item of the list ``num_id`` at ``level`` (``w:numPr``)."""
    properties = p.find(f"{W}pPr")
    if properties is None:
        properties = xml("<w:pPr/>")
        p.insert(0, properties)
    properties.append(
        xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def unnumbered(p: Any, text: str) -> None:
    """The paragraph ``p`` retyped without the numbering its text starts with (``text``)."""
    written = "".join(t.text or "" for t in p.iter(f"{W}t"))
    assert written.startswith(text)
    retyped(p, run(written.removeprefix(text)))


def numbered_report(
    tmp_path: Path, levels: list[str], edit: Callable[[Any, str], None] | None = None
) -> tuple[Path, ValuesDocument]:
    """The report with its six headings numbered by Word (their 一、 taken out of the text) in
    a list of ``levels``, its 总体情况's two items at the list's second level; ``edit`` then
    changes the body, given the list's id."""
    path, doc, document = document_of(tmp_path)
    (num_id,) = list_of(document, levels)
    body = document.element.body
    for heading in HEADINGS.values():
        p = paragraph(body, heading)
        unnumbered(p, heading[:2])
        numbered(p, num_id)
    for item in SECTIONS["general"].split("\n"):
        p = paragraph(body, item)
        unnumbered(p, item[:3])
        numbered(p, num_id, 1)
    if edit is not None:
        edit(body, num_id)
    document.save(str(path))
    return path, doc


CUSTOM = (
    '<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" '
    'w:format="一, 二, 三, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="chineseCounting"/>'
    "</mc:Fallback></mc:AlternateContent>"
)


@pytest.mark.parametrize(
    "number_format",
    ["chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting", CUSTOM],
    ids=[
        "chineseCounting",
        "chineseCountingThousand",
        "taiwaneseCounting",
        "japaneseCounting",
        "custom",
    ],
)
def test_headings_numbered_by_word(tmp_path: Path, number_format: str) -> None:
    """一、 to 六、 and （一）（二） written by Word's automatic numbering (the Chinese counting
    formats Word and WPS offer, or Word 2010's custom format with its fallback): each heading read
    with its number, as printed, the items' numbers in the section's text."""
    path, doc = numbered_report(tmp_path, [f"{number_format}|%1、", f"{number_format}|（%2）"])
    assert_as_printed(read(path), doc)


def test_a_heading_numbered_by_its_style(tmp_path: Path) -> None:
    """The headings set in 标题 1 whose style carries the numbering (a 公文 template's multilevel
    list linked to its heading styles), the items in 标题 2: read with their numbers."""
    path, doc, document = document_of(tmp_path)
    (num_id,) = list_of(document, ["chineseCounting|%1、", "chineseCounting|（%2）"])
    for style_id, level in (("Heading1", 0), ("Heading2", 1)):
        style = next(
            s for s in document.styles.element.iter(f"{W}style") if s.get(f"{W}styleId") == style_id
        )
        numbered(style, num_id, level)
    body = document.element.body
    for text, style_id in [
        *((h, "Heading1") for h in HEADINGS.values()),
        *((i, "Heading2") for i in SECTIONS["general"].split("\n")),
    ]:
        p = paragraph(body, text)
        unnumbered(p, text[:3] if text.startswith("（") else text[:2])
        p.insert(0, xml(f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'))
    document.save(str(path))
    assert_as_printed(read(path), doc)


def test_a_heading_the_form_has_not_numbered_by_word_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """七、其他事项 after 六、, its 七、 Word's: a heading the form has not, named with its
    paragraph (exit 1). Before, without its number, it was read as a sentence of 六."""

    def edit(body: Any, num_id: str) -> None:
        last = paragraph(body, OTHER)
        heading = xml("<w:p/>")
        heading.append(run("其他事项"))
        numbered(heading, num_id)
        text = xml("<w:p/>")
        text.append(run("无其他事项。"))
        last.addnext(heading)
        heading.addnext(text)

    path, _ = numbered_report(tmp_path, ["chineseCounting|%1、", "chineseCounting|（%2）"], edit)
    imported = read(path)
    assert imported.sections == SECTIONS
    assert imported.extra_sections == [("七、其他事项", "无其他事项。")]
    assert imported.unplaced == [
        "“七、其他事项”不是本表单的部分标题：它和其后 1 段未能归入任何部分"
    ]
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "“七、其他事项”不是本表单的部分标题" in out


def test_a_heading_in_other_words_numbered_by_word(tmp_path: Path) -> None:
    """五、政府信息公开工作存在的主要问题及改进情况 (other words for 五, which count only numbered
    五、), its number Word's: section 五. Before, without its number, it was text of 四."""

    def edit(body: Any, num_id: str) -> None:
        retyped(
            paragraph(body, "存在的主要问题及改进情况"),
            run("政府信息公开工作存在的主要问题及改进情况"),
        )

    path, _ = numbered_report(tmp_path, ["chineseCounting|%1、", "chineseCounting|（%2）"], edit)
    imported = read(path)
    assert imported.sections == SECTIONS and imported.unplaced == []
    assert imported.headings["problems"] == "五、政府信息公开工作存在的主要问题及改进情况"


def test_table_labels_numbered_by_word(tmp_path: Path) -> None:
    """Table 三's 1.属于国家秘密 … numbered by Word, each group restarting at 1 (重新开始编号):
    every figure."""
    path, doc, document = document_of(tmp_path)
    body = document.element.body
    groups: list[list[Any]] = []
    for tc in body.iter(f"{W}tc"):
        text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
        if len(text) > 2 and text[0].isdigit() and text[1] == ".":
            if text[0] == "1":
                groups.append([])
            groups[-1].append(tc.find(f"{W}p"))
    assert len(groups) == 4
    lists = list_of(document, ["decimal|%1."], restarts=len(groups))
    for group, num_id in zip(groups, lists, strict=True):
        for p in group:
            unnumbered(p, "".join(t.text or "" for t in p.iter(f"{W}t"))[:2])
            numbered(p, num_id)
    document.save(str(path))
    assert_as_printed(read(path), doc)


@pytest.mark.parametrize(
    "crafted",
    [
        pytest.param(
            '<w:start w:val="99999999999999999999"/><w:numFmt w:val="chineseCounting"/>',
            id="huge-start",
        ),
        pytest.param('<w:start w:val="-5"/><w:numFmt w:val="decimal"/>', id="negative-start"),
        pytest.param('<w:start w:val="x"/><w:numFmt w:val="nonsense"/>', id="not-a-number"),
        pytest.param("<w:numFmt/>" + "<w:lvlText/>" * 3, id="no-values"),
    ],
)
def test_crafted_numbering_reads_the_rest(tmp_path: Path, crafted: str) -> None:
    """A numbering.xml no office writes (a start of 20 digits, a negative one, no value at all,
    a level text 10,000 characters long, a list that points at itself through a style, a level
    not defined): no crash, the report read as far as it goes."""
    path, doc, document = document_of(tmp_path)
    numbering = document.part.numbering_part.element
    long_text = "%1" * 5000
    numbering.insert(
        0,
        xml(
            f'<w:abstractNum w:abstractNumId="900"><w:lvl w:ilvl="0">{crafted}'
            f'<w:lvlText w:val="{long_text}"/></w:lvl>'
            '<w:lvl w:ilvl="99999999999"><w:lvlText w:val="%1%2%3%9%0%"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.insert(
        1,
        xml('<w:abstractNum w:abstractNumId="901"><w:numStyleLink w:val="Loop"/></w:abstractNum>'),
    )
    numbering.append(xml('<w:num w:numId="900"><w:abstractNumId w:val="900"/></w:num>'))
    numbering.append(xml('<w:num w:numId="901"><w:abstractNumId w:val="901"/></w:num>'))
    styles = document.styles.element
    styles.append(
        xml(
            '<w:style w:type="numbering" w:styleId="Loop"><w:pPr><w:numPr>'
            '<w:numId w:val="901"/></w:numPr></w:pPr></w:style>'
        )
    )
    body = document.element.body
    numbered(paragraph(body, PROBLEMS), "900")
    numbered(paragraph(body, OTHER), "901")
    numbered(paragraph(body, SECTIONS["preface"]), "900", 7)
    numbered(paragraph(body, DATE), "12345")
    document.save(str(path))
    imported = read(path)
    assert imported.values == filled(doc)
    assert imported.fields["unit"] == UNIT
    assert all(len(text) < 1000 for text in imported.sections.values())


def test_crafted_boxes_and_fields_read_the_rest(tmp_path: Path) -> None:
    """Text boxes nested in text boxes as deep as the XML parser allows, a paragraph of 5,000
    fields begun and never ended, a box twice in both copies of AlternateContent with nothing in
    the first: no crash; what prints is read (the innermost box's text; nothing after the open
    fields, which Word would take for their code)."""

    def edit(body: Any) -> None:
        box = text_box(["最里面的文字。"], vml_only=True)
        for _ in range(40):
            outer = xml("<w:p/>")
            outer.append(box)
            box = text_box([], vml_only=True)
            box.find(f".//{W}txbxContent").append(outer)
        problems = paragraph(body, PROBLEMS)
        opened = xml("<w:p/>")
        for _ in range(5000):
            opened.append(xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
        opened.append(run("代码中的文字"))
        problems.addnext(opened)
        holder = xml("<w:p/>")
        holder.append(box)
        opened.addnext(holder)
        empty_choice = xml(
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>'
            "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>备用副本。"
            "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
        holder.append(empty_choice)

    path, doc = report(tmp_path, edit)
    imported = read(path)
    assert imported.values == filled(doc)
    assert imported.sections["problems"] == f"{PROBLEMS}\n最里面的文字。\n备用副本。"


def test_a_numbered_heading_run_on_from_the_paragraph_before(tmp_path: Path) -> None:
    """五、's first words typed in a paragraph of their own whose mark a reviewer deleted with 修订
    on, the rest in the numbered paragraph: one heading, its number first (五、存在的主要问题及改进
    情况), as printed once the change is accepted — not the number in the middle."""

    def edit(body: Any, _num_id: str) -> None:
        heading = paragraph(body, "存在的主要问题及改进情况")
        retyped(heading, run("及改进情况"))
        first = xml('<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="审核人"/></w:rPr></w:pPr></w:p>')
        first.append(run("存在的主要问题"))
        heading.addprevious(first)

    path, doc = numbered_report(tmp_path, ["chineseCounting|%1、", "chineseCounting|（%2）"], edit)
    assert_as_printed(read(path), doc)
