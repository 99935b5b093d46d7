"""What the markup of a published report's table cells does to its figures, read back.

Word and web editors leave more than text in a cell: a content control (Word's 内容控件, which
form templates put around a cell, a row or the text in a cell), a footnote mark set as a
superscript after a figure (``12<sup>1</sup>``, Word's 上标), a figure struck through and
another typed beside it (``<s>99</s>111``, a tracked deletion shown), hidden text (Word's 隐藏
文字). Each report is made with every cell's figure different from every other
(tests/published_reports.py), so a figure read into a wrong cell, or a wrong figure, cannot pass.
A figure is read as the reader of the report sees it, or named; never shifted, never joined with
a mark into another number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from published_reports import (
    distinct_file,
    export_html,
    filled,
    load,
    official_docx,
    platypus_pdf,
    rewrite_once,
)

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file

F2021 = "gov-disclosure-2021"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CELL = "new.natural"  # 本年新收申请（自然人）: the first figure of table 三's first row
Edit = Callable[[Any], None]


def read(path: Path) -> ImportedReport:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    return imported


def wrong_cells(imported: ImportedReport, doc: ValuesDocument) -> dict[str, object]:
    expected = filled(doc)
    return {k: v for k, v in imported.values.items() if expected.get(k) != v}


# -- Word ------------------------------------------------------------------------------------


def word_report(tmp_path: Path, edit: Edit) -> tuple[Path, ValuesDocument, str]:
    """The distinct 2021 report typed from the official template, the cell holding the figure of
    :data:`CELL` changed by ``edit`` (its ``w:tc``); that figure."""
    doc = load(distinct_file(tmp_path, F2021))
    figure = str(doc.values[CELL])
    path = official_docx(tmp_path / "report.docx", doc)
    document = docx.Document(str(path))
    cells = [
        tc
        for tc in document.element.body.iter(f"{W}tc")
        if "".join(t.text or "" for t in tc.iter(f"{W}t")).strip() == figure
    ]
    assert len(cells) == 1
    edit(cells[0])
    document.save(str(path))
    return path, doc, figure


def sub(parent: Any, tag: str) -> Any:
    """A new ``tag`` (``f"{W}r"``) appended to ``parent``."""
    child = OxmlElement("w:" + tag.removeprefix(W))
    parent.append(child)
    return child


def wrapped(element: Any, tag: str = "sdt") -> None:
    """``element`` put inside a content control (``w:sdt``/``w:sdtContent``) or a custom XML
    element (``w:customXml``), where it stood."""
    wrapper = OxmlElement(f"w:{tag}")
    element.addprevious(wrapper)
    inner = sub(wrapper, f"{W}sdtContent") if tag == "sdt" else wrapper
    inner.append(element)


def run(text: str, *properties: str) -> Any:
    """A ``w:r`` holding ``text`` with the run properties named (``strike``, ``vanish``,
    ``vertAlign=superscript``)."""
    r = OxmlElement("w:r")
    rpr = sub(r, f"{W}rPr")
    for prop in properties:
        name, _, value = prop.partition("=")
        element = sub(rpr, f"{W}{name}")
        if value:
            element.set(f"{W}val", value)
    sub(r, f"{W}t").text = text
    return r


def first_run(tc: Any) -> Any:
    found = tc.find(f"{W}p/{W}r")
    assert found is not None
    return found


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda tc: wrapped(tc), id="control-around-the-cell"),
        pytest.param(lambda tc: wrapped(tc, "customXml"), id="custom-xml-around-the-cell"),
        pytest.param(lambda tc: wrapped(tc.getparent()), id="control-around-the-row"),
        pytest.param(lambda tc: wrapped(tc.find(f"{W}p")), id="control-around-the-text"),
    ],
)
def test_a_content_control_in_a_table(tmp_path: Path, edit: Edit) -> None:
    """A content control around a cell, around a row or around the cell's text (as a form
    template puts them): every figure in its own cell. Before, the cells after one inside a
    control moved one column left (111 read as nothing, 112 as 自然人's…) and the figures in a
    control around a row or a cell's text were not read, without a word."""
    path, doc, _ = word_report(tmp_path, edit)
    imported = read(path)
    assert imported.values == filled(doc)
    assert imported.lost_figures == 0


def test_a_table_inside_a_cell_is_read_as_its_text(tmp_path: Path) -> None:
    """A figure typed in a one-cell table inside the cell (Word's 嵌套表格): the figure. Before,
    the inner table's text was not read and the cell was blank, without a word."""

    def edit(tc: Any) -> None:
        for paragraph in tc.findall(f"{W}p"):
            tc.remove(paragraph)
        inner = sub(sub(sub(tc, f"{W}tbl"), f"{W}tr"), f"{W}tc")
        sub(inner, f"{W}p").append(run("111"))
        sub(tc, f"{W}p")  # a cell ends with a paragraph

    path, doc, _ = word_report(tmp_path, edit)
    assert read(path).values == filled(doc)


def test_hidden_text_in_a_cell_is_not_read(tmp_path: Path) -> None:
    """A run set as hidden text (隐藏文字, not shown nor printed) before the figure: the figure as
    shown. Before, the hidden 99 and the figure made 99111."""
    path, doc, _ = word_report(tmp_path, lambda tc: first_run(tc).addprevious(run("99", "vanish")))
    assert read(path).values == filled(doc)


def test_text_hidden_then_shown_again_is_read(tmp_path: Path) -> None:
    """``<w:vanish w:val="0"/>`` turns hidden text off: the run is shown, and read as shown."""
    path, doc, figure = word_report(
        tmp_path, lambda tc: first_run(tc).addprevious(run("9", "vanish=0"))
    )
    assert read(path).values == {**filled(doc), CELL: int("9" + figure)}


@pytest.mark.parametrize("mark", ["1", "12"])
def test_a_superscript_after_a_figure_is_named(
    tmp_path: Path, mark: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A footnote mark set as a superscript after a figure (111¹): the cell is named and left
    blank, and import-report exits 1. Before, it was read as 1111, without a word."""
    path, doc, figure = word_report(
        tmp_path, lambda tc: tc.find(f"{W}p").append(run(mark, "vertAlign=superscript"))
    )
    imported = read(path)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert imported.lost_figures == 1
    raised = mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    said = [line for line in imported.unplaced if "本年新收申请（自然人）" in line]
    assert said == [
        f"表格2第 4 行第 4 列“本年新收申请（自然人）”：“{figure}{raised}”中有上标、圈码或其他"
        "写法的数字，请只用 0–9 填写。（未导入，留空）"
    ]
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    out = capsys.readouterr().out
    assert code == 1 and "有 1 处数字没有导入" in out


@pytest.mark.parametrize("strike", ["strike", "dstrike"])
def test_a_figure_struck_through_is_named(tmp_path: Path, strike: str) -> None:
    """99 struck through before the figure 111 (a correction left visible): which figure the
    table gives cannot be told for sure; the cell is named, saying what is struck. Before, 99111."""
    path, doc, figure = word_report(
        tmp_path, lambda tc: first_run(tc).addprevious(run("99", strike))
    )
    imported = read(path)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert any(
        f"“本年新收申请（自然人）”：“99{figure}”中的“99”加了删除线，看的人会当它已删去，"
        "不能确定这一格的数字，请核对原表。（未导入，留空）" in line
        for line in imported.unplaced
    )


def test_strike_turned_off_is_no_strike(tmp_path: Path) -> None:
    """``<w:strike w:val="false"/>`` (a style's strike turned off): the run is plain text."""
    path, doc, figure = word_report(
        tmp_path, lambda tc: first_run(tc).addprevious(run("9", "strike=false"))
    )
    assert read(path).values == {**filled(doc), CELL: int("9" + figure)}


# -- web pages -------------------------------------------------------------------------------


def web_page(tmp_path: Path, cell: str) -> tuple[ImportedReport, ValuesDocument, str]:
    """Our web page of the distinct 2021 report, the cell of :data:`CELL` written ``cell``
    (``{}`` standing for its figure); that figure."""
    doc = load(distinct_file(tmp_path, F2021))
    figure = str(doc.values[CELL])
    path = export_html(tmp_path / "report.html", doc)
    rewrite_once(
        path, f'<td class="num">{figure}</td>', f'<td class="num">{cell.format(figure)}</td>'
    )
    return read(path), doc, figure


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("{}<sup>1</sup>", "{}¹"),
        ("{}<sup>23</sup>", "{}²³"),
        ("{}<sub>2</sub>", "{}₂"),
        ('{}<span style="vertical-align: super">1</span>', "{}¹"),
    ],
)
def test_a_superscript_on_a_web_page_is_named(tmp_path: Path, cell: str, shown: str) -> None:
    """111<sup>1</sup> (a footnote mark after a figure), a subscript, a span raised by its style:
    named, not read as 1111."""
    imported, doc, figure = web_page(tmp_path, cell)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert imported.lost_figures == 1
    assert any(
        f"“{shown.format(figure)}”中有上标、圈码或其他写法的数字" in line
        for line in imported.unplaced
    )


@pytest.mark.parametrize(
    "cell",
    [
        "<s>99</s>{}",
        "<strike>99</strike>{}",
        "<del>99</del><ins>{}</ins>",
        '<span style="text-decoration:line-through">99</span>{}',
    ],
)
def test_a_figure_struck_through_on_a_web_page_is_named(tmp_path: Path, cell: str) -> None:
    imported, doc, figure = web_page(tmp_path, cell)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert any(
        f"“99{figure}”中的“99”加了删除线，看的人会当它已删去" in line for line in imported.unplaced
    )


# -- PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "said"),
    [
        ("{}<super>1</super>", "“{}¹”中有上标、圈码或其他写法的数字"),
        ('{}<sub rise="1.2">2</sub>', "“{}₂”中有上标、圈码或其他写法的数字"),
        ("<strike>99</strike>{}", "“99{}”中的“99”加了删除线，看的人会当它已删去"),
    ],
)
def test_a_mark_on_a_figure_in_a_pdf_is_named(tmp_path: Path, markup: str, said: str) -> None:
    """A superscript 1 after a figure of a ruled table (smaller, raised), a subscript lowered
    little enough to stand on the figure's line (lowered more, it is a line of its own, and the
    cell is named as holding two lines), a figure
    struck through beside another (a line drawn through the middle of its digits): named. Before,
    1111 and 99111."""
    doc = load(distinct_file(tmp_path, F2021))
    figure = str(doc.values[CELL])
    path = platypus_pdf(
        tmp_path / "report.pdf", doc, official=True, markup={figure: markup.format(figure)}
    )
    imported = read(path)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert imported.lost_figures == 1
    assert any(said.format(figure) in line for line in imported.unplaced)


@pytest.mark.parametrize("rules", ["rows", "three"])
def test_a_mark_on_a_figure_in_a_pdf_table_without_vertical_rules(
    tmp_path: Path, rules: str
) -> None:
    """The same marks in a table ruled with horizontal lines only (a line under each row, or a
    三线表), whose body is read from its words: a figure struck through beside another is named,
    not read as 99111; a superscript footnote mark drawn apart from the figure leaves the figure
    itself, read."""
    doc = load(distinct_file(tmp_path, F2021))
    figure = str(doc.values[CELL])
    struck = platypus_pdf(
        tmp_path / "struck.pdf", doc, rules=rules, markup={figure: f"<strike>99</strike>{figure}"}
    )
    imported = read(struck)
    assert CELL not in imported.values and wrong_cells(imported, doc) == {}
    assert imported.lost_figures == 1
    said = f"“99{figure}”中的“99”加了删除线，看的人会当它已删去"
    assert any(said in line for line in imported.unplaced)
    marked = platypus_pdf(
        tmp_path / "mark.pdf", doc, rules=rules, markup={figure: f"{figure}<super>1</super>"}
    )
    imported = read(marked)
    assert imported.values[CELL] == doc.values[CELL] and wrong_cells(imported, doc) == {}


# -- a figure in a cell merged across columns -------------------------------------------------

MERGED_SAID = (
    "“本年新收申请（自然人）”：“{}”所在的单元格横跨 2 列，也在“本年新收申请（商业企业）”之下，"
    "不能确定是哪一格的数字，请核对原表。（未导入，留空）"
)


def merged_across(tc: Any) -> None:
    """The cell merged with the next one to its right (Word's 合并单元格: ``w:gridSpan``)."""
    following = tc.getnext()
    assert following is not None and following.tag == f"{W}tc"
    following.getparent().remove(following)
    properties = tc.find(f"{W}tcPr")
    if properties is None:
        properties = OxmlElement("w:tcPr")
        tc.insert(0, properties)
    sub(properties, f"{W}gridSpan").set(f"{W}val", "2")


def test_a_figure_merged_across_two_columns_in_word_is_named(tmp_path: Path) -> None:
    """111 in a cell merged across 自然人 and 商业企业: whose figure it is cannot be told. Before,
    it was read as 自然人's and 商业企业's cell left blank, without a word."""
    path, doc, figure = word_report(tmp_path, merged_across)
    imported = read(path)
    assert {CELL, "new.commercial"}.isdisjoint(imported.values)
    assert wrong_cells(imported, doc) == {}
    assert any(MERGED_SAID.format(figure) in line for line in imported.unplaced)


@pytest.mark.parametrize("figure", ["111", "0"])
def test_a_figure_merged_across_two_columns_on_a_web_page_is_named(
    tmp_path: Path, figure: str
) -> None:
    """``<td colspan="2">`` over 自然人 and 商业企业 (a 0 written once for both, too): named."""
    doc = load(distinct_file(tmp_path, F2021))
    path = export_html(tmp_path / "report.html", doc)
    first, second = doc.values[CELL], doc.values["new.commercial"]
    rewrite_once(
        path,
        f'<td class="num">{first}</td><td class="num">{second}</td>',
        f'<td class="num" colspan="2">{figure}</td>',
    )
    imported = read(path)
    assert {CELL, "new.commercial"}.isdisjoint(imported.values)
    assert wrong_cells(imported, doc) == {}
    assert any(MERGED_SAID.format(figure) in line for line in imported.unplaced)


def test_a_figure_merged_across_the_columns_of_one_heading_is_read(tmp_path: Path) -> None:
    """Table 二's single-column blocks printed in one four-column table, 行政许可's figure merged
    across the three figure columns under its heading merged the same: one column of the form,
    the figure."""
    doc = load(distinct_file(tmp_path, F2021))
    path = export_html(tmp_path / "report.html", doc)
    text, count = re.subn(
        r'<th scope="col">本年处理决定数量</th>(.*?)<td class="num">107</td>',
        r'<th scope="col" colspan="3">本年处理决定数量</th>\1<td class="num" colspan="3">107</td>',
        path.read_text(encoding="utf-8"),
        count=1,
        flags=re.DOTALL,
    )
    assert count == 1
    path.write_text(text, encoding="utf-8")
    assert read(path).values == filled(doc)
