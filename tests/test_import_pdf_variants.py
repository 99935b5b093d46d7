"""Published reports' PDFs in layouts seen on government sites, read right or named.

Each test makes one layout with tests/published_reports.py (synthetic unit, every cell a figure no
other cell has, so that a figure read into a wrong cell cannot pass) and reads it back: a 2014
statistics table printed without its 单位 column (统计指标 | 统计数), table 四's header broken over
a page break in a table drawn without vertical lines, a table set without rulings broken by a page
anywhere (its header alone at the foot, its last row alone on the next page, a label wrapped over
the break), a running header and page numbers on every page, between the rows of a table broken
by the page, totals printed as 合计.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from published_reports import (
    Grid,
    PageMarks,
    distinct_file,
    drop_column,
    filled,
    load,
    platypus_pdf,
    rename,
    text_table_pdf,
)
from test_import_real_variants import F2021, FOUR, THREE, wrong_cells

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.ops.import_report import read_report_file

F2014 = "gov-disclosure-2014"


@pytest.fixture(scope="module")
def distinct_2014(tmp_path_factory: pytest.TempPathFactory) -> ValuesDocument:
    return load(distinct_file(tmp_path_factory.mktemp("d2014"), F2014))


@pytest.fixture(scope="module")
def distinct_2021(tmp_path_factory: pytest.TempPathFactory) -> ValuesDocument:
    return load(distinct_file(tmp_path_factory.mktemp("d2021"), F2021))


# -- a 2014 table without its 单位 column ---------------------------------------------------------


def without_units(path: Path, doc: ValuesDocument, layout: str) -> Path:
    """The 2014 report, its table printed 统计指标 | 统计数: set as text (``layout`` "text"),
    or drawn with every line (``"grid"``), a line under each row (``"rows"``) or as a 三线表."""
    if layout == "text":
        return text_table_pdf(path, doc, units=False)

    def change(tables: dict[str, Grid]) -> None:
        for grid in tables.values():
            drop_column(grid, 1)

    return platypus_pdf(path, doc, rules=layout, change=change)


@pytest.mark.parametrize("layout", ["rows", "three", "grid", "text"])
def test_a_2014_table_without_its_unit_column(
    distinct_2014: ValuesDocument, tmp_path: Path, layout: str
) -> None:
    """Many 2014-format reports print the table as 统计指标 | 统计数 (the unit in the label, or
    none): recognised as the 2014 table, every figure in its cell. (Drawn without vertical
    lines, its header 统计数, wider than the figures under it, was read into the labels' column:
    the table was not recognised, nothing read.)"""
    path = without_units(tmp_path / "plain.pdf", distinct_2014, layout)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2014
    assert wrong_cells(imported, distinct_2014) == {}
    assert imported.values == filled(distinct_2014)
    assert imported.unplaced == [] and imported.lost_figures == 0


def test_import_report_reads_a_2014_table_without_units(
    distinct_2014: ValuesDocument, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = without_units(tmp_path / "plain.pdf", distinct_2014, "rows")
    out_file = tmp_path / "read.json"
    code = main(["import-report", str(path), "--values-out", str(out_file)])
    out = capsys.readouterr().out
    assert "对不上" not in out and "没有读出" not in out
    values = json.loads(out_file.read_text(encoding="utf-8"))["values"]
    assert values["proactive_info"] == filled(distinct_2014)["proactive_info"]
    assert code == 1  # the distinct figures do not add up: the check's errors, nothing unread
    assert "没有导入" not in out


# -- table 四's header broken over a page break ---------------------------------------------------


@pytest.mark.parametrize("rules", ["rows", "three", "three-open"])
@pytest.mark.parametrize(
    "after",
    [
        pytest.param(1, id="after-first-header-row"),
        pytest.param(2, id="after-second-header-row"),
        pytest.param(3, id="whole-header-then-figures"),
    ],
)
def test_table_four_header_broken_over_a_page(
    distinct_2021: ValuesDocument, tmp_path: Path, rules: str, after: int
) -> None:
    """Table 四 drawn without vertical lines (a line under each row, a 三线表, one without a line
    where the page breaks it), a page break after the first rows of its header (or after the
    whole header, its figures alone on the next page): the part at the foot of the page goes on
    with the part at the top of the next, one table, its fifteen figures read. (The part at the
    foot, no figure in it, was read as a paragraph, and the rest's figures were named:
    “这一行与表头的列错开了”.)"""
    path = platypus_pdf(
        tmp_path / "four.pdf",
        distinct_2021,
        rules=rules.removesuffix("-open"),
        open_breaks=rules.endswith("-open"),
        breaks={"四": after},
    )
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    assert wrong_cells(imported, distinct_2021) == {}
    assert imported.values == filled(distinct_2021)
    assert imported.unplaced == [] and imported.lost_figures == 0
    assert "行政复议" not in imported.sections.get("reviews_litigation", "")


# -- a table broken by a page anywhere ------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_break", "figures_last", "units"),
    [
        pytest.param((1, 0), False, True, id="header-alone-at-the-foot"),
        pytest.param((3, 0), False, True, id="header-and-two-rows-at-the-foot"),
        pytest.param((20, 0), False, True, id="last-rows-alone-on-the-next-page"),
        pytest.param((14, 0), False, True, id="label-wrapped-over-the-break"),
        pytest.param((16, 0), True, True, id="label-begun-at-the-foot-figures-by-its-end"),
        pytest.param((3, 0), False, False, id="no-unit-column-header-and-headings-at-the-foot"),
        pytest.param((40, 0), True, False, id="no-unit-column-later-break"),
    ],
)
def test_a_table_without_rulings_broken_by_a_page(
    distinct_2014: ValuesDocument,
    tmp_path: Path,
    page_break: tuple[int, int],
    figures_last: bool,
    units: bool,
) -> None:
    """The 2014 table set as text without a line drawn, broken by a page where it falls: its
    header (and a row or two, or the headings under it) alone at the foot of a page, its last
    rows alone at the top of the next, a long label wrapped over the break with its figures
    beside its first line or its last: one table, every figure in its cell. (The header alone
    at the foot was read as text: no header for the rows on the next page, all 58 figures
    named; the last row or two alone on a page were taken for text after the table and lost
    without a word; a label's part on the other page left the row named.)"""
    path = text_table_pdf(
        tmp_path / "broken.pdf",
        distinct_2014,
        figures_last=figures_last,
        units=units,
        page_break=page_break,
    )
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2014
    assert wrong_cells(imported, distinct_2014) == {}
    assert imported.values == filled(distinct_2014)
    assert imported.unplaced == [] and imported.lost_figures == 0


@pytest.mark.parametrize("left", [1, 2])
def test_a_three_line_tables_last_rows_over_its_bottom_rule(
    distinct_2014: ValuesDocument, tmp_path: Path, left: int
) -> None:
    """A 三线表 broken by a page as Word draws it, no line at the break: its last row or two
    alone at the top of the next page over the table's bottom rule, the only rule there: read
    as the table's last rows. (One rule alone made no table: the rows were read as text, their
    figures named as paragraphs not placed.)"""
    rows = len(distinct_2014.form.tables[0].rows) + 1  # its header row
    path = platypus_pdf(
        tmp_path / "three.pdf",
        distinct_2014,
        rules="three",
        open_breaks=True,
        breaks={"附件": rows - left},
    )
    imported = read_report_file(path, None, all_forms())[1]
    assert wrong_cells(imported, distinct_2014) == {}
    assert imported.values == filled(distinct_2014)
    assert imported.unplaced == [] and imported.lost_figures == 0


# -- what is printed on every page ---------------------------------------------------------------

HEADER = "示例县人民政府办公室2022年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("rules", "marks"),
    [
        pytest.param("grid", PageMarks(footer="共9页 第{n}页"), id="grid-total-first"),
        pytest.param("rows", PageMarks(footer="第{n}页（共9页）"), id="rows-total-in-brackets"),
        pytest.param("three", PageMarks(footer="共 9 页，第 {n} 页"), id="three-total-first-comma"),
        pytest.param("rows", PageMarks(header=HEADER, footer="- {n} -"), id="rows-running-header"),
        pytest.param(
            "rows", PageMarks(header=HEADER, footer="{n}", header_rule=True), id="rows-header-rule"
        ),
    ],
)
def test_page_numbers_and_running_headers_between_a_tables_rows(
    distinct_2021: ValuesDocument, tmp_path: Path, rules: str, marks: PageMarks
) -> None:
    """A page number at every page's foot in the forms Word's and WPS's page-number fields give
    (共9页 第3页, 第3页（共9页）), or the report's title as a running header over every page
    (with Word's line under it or without), table 三 (its labels in the official layout's three
    columns) broken over two pages between them: the
    marks are no text of the report and no row of the table, every figure read. (共9页 第3页
    was kept as a paragraph named as not placed, and between the two parts of a ruled table it
    cut table 三 in two: 161 figures named. A running header was read as the first row of table
    三's part under it: 35 figures lost without a word.)"""
    path = platypus_pdf(
        tmp_path / "marks.pdf", distinct_2021, rules=rules, page_marks=marks, official=True
    )
    imported = read_report_file(path, None, all_forms())[1]
    assert wrong_cells(imported, distinct_2021) == {}
    assert imported.values == filled(distinct_2021)
    assert imported.unplaced == [] and imported.lost_figures == 0


# -- totals printed as 合计 -----------------------------------------------------------------------


def totals_as_heji(tables: dict[str, Grid]) -> None:
    """Table 三's （七）总计 row and its 总计 column, and table 四's 总计 columns, printed 合计."""
    rename(tables[THREE], "（七）总计", "（七）合计", header=False)
    rename(tables[THREE], "总计", "合计", header=True)
    rename(tables[FOUR], "总计", "合计")


@pytest.mark.parametrize("form_id", [F2021, "gov-disclosure-2019"])
@pytest.mark.parametrize("rules", ["grid", "rows"])
def test_totals_printed_as_heji(tmp_path: Path, form_id: str, rules: str) -> None:
    """Reports print table 三's （七）总计 row as （七）合计 (as they print its 总计 column, already
    read): the row is read as the total. (Its seven figures were named as a row the form has
    not: “（七）合计”未能匹配表单中的行.)"""
    doc = load(distinct_file(tmp_path, form_id))
    path = platypus_pdf(tmp_path / "heji.pdf", doc, rules=rules, change=totals_as_heji)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == form_id
    assert wrong_cells(imported, doc) == {}
    assert imported.values == filled(doc)
    assert imported.unplaced == [] and imported.lost_figures == 0


def test_a_tall_page_of_close_lines_costs_each_label_a_bounded_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A crafted page of thousands of close rows: looking for the heading merged down beside a
    label goes a bounded way up and down, so twice the rows is twice the work, not four times
    (before: 2,000 such rows took 4.6 s, 4,000 took 20 s)."""
    from govreport_gui.core.layout import pdf_text_table
    from govreport_gui.core.layout.pdf_text_table import TextLine, Word

    def steps(rows: int) -> int:
        calls = [0]
        overlap = pdf_text_table._overlap

        def counted(a: Word, b: Word) -> bool:
            calls[0] += 1
            return overlap(a, b)

        monkeypatch.setattr(pdf_text_table, "_overlap", counted)
        lines = [
            TextLine(
                [
                    Word("a", 50, 60, 10 + 3 * i, 12 + 3 * i),
                    Word("1", 300, 306, 10 + 3 * i, 12 + 3 * i),
                ],
                600,
            )
            for i in range(rows)
        ]
        list(pdf_text_table.split_text_tables(lines))
        return calls[0]

    assert steps(800) < 2.5 * steps(400)


def test_text_far_under_a_table_whose_last_label_never_closes_is_not_that_label() -> None:
    """A last row 其他（含转办 (its bracket left open) and a heading 155 pt under it: the heading
    is text after the table, not the rest of the label (it was read as 其他（含转办二、存在的…)."""
    from govreport_gui.core.layout.import_docx import WordTable
    from govreport_gui.core.layout.pdf_text_table import TextLine, Word, split_text_tables

    def line(y: float, *cells: tuple[str, float]) -> TextLine:
        return TextLine([Word(t, x, x + 12 * len(t), y, y + 12) for t, x in cells], 600)

    labels = ["网络申请数", "信函申请数", "当面申请数", "其他（含转办"]
    lines = [line(100 + 20 * i, (label, 50), ("3", 300)) for i, label in enumerate(labels)]
    lines += [line(315, ("二、存在的主要问题", 50)), line(360, ("附：说明", 50))]
    table, after = list(split_text_tables(lines))
    assert isinstance(table, WordTable) and table.rows[-1] == ("其他（含转办", "3")
    assert isinstance(after, list) and [x.text for x in after] == ["二、存在的主要问题", "附：说明"]


def test_a_line_moved_over_a_page_break_keeps_its_look() -> None:
    """A page's foot read with the next page's top is moved in height, not in look: its font
    and size still tell a heading from the text (pdf_headings)."""
    from govreport_gui.core.layout.pdf_page_breaks import _moved
    from govreport_gui.core.layout.pdf_text_table import TextLine, Word

    line = TextLine([Word("二、主动公开情况", 50, 150, 700, 712, look="SimHei 16")], 600)
    [moved] = _moved(line, 30).words
    assert (moved.top, moved.bottom, moved.look) == (730, 742, "SimHei 16")
