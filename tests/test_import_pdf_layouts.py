"""Published reports as PDF in the layouts Word, WPS and printing give them, read right or named.

Most reports on government sites are PDFs saved from Word or WPS (另存为 PDF) or printed to PDF.
Each test makes one such layout with tests/published_reports.py (synthetic unit, every cell a
figure no other cell has, so that a figure read into a wrong cell cannot pass) and reads it back:
figures wrapped inside narrow cells (``10`` over ``37``, ``1,234,5`` over ``67``), figures written
with separators, full-width digits, a unit or a dash; table 三 continued on the next page under its
repeated header; the title and the unit over two lines, the 落款 set flush right; table 三 on a
landscape page (marked ``/Rotate 90``, or drawn turned on a portrait page); tables ruled with
horizontal lines only (a line under each row, or a 三线表). A figure that cannot be read is left
blank and named, never put in another cell. PDFs are slow to make and read: each is made once
for the tests that read it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from published_reports import (
    Grid,
    distinct_file,
    filled,
    load,
    platypus_pdf,
    rename,
    text_table_pdf,
)
from test_import_real_variants import F2021, THREE, TWO, wrong_cells

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms, get_form
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file

Read = tuple[ImportedReport, ValuesDocument, Path]
A4_WIDTH, A4_HEIGHT = 595.2756, 841.8898  # as reportlab writes them


def distinct_with(folder: Path, figures: dict[str, int]) -> ValuesDocument:
    """The 2021 form's distinct figures (published_reports.distinct_file), some set to ``figures``."""
    path = distinct_file(folder, F2021)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"].update(figures)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load(path)


def printed_as(texts: dict[str, str]) -> Callable[[dict[str, Grid]], None]:
    """Table 三's cells printed otherwise: ``texts`` maps a figure as printed by default (its
    digits) to the text the report prints instead; each must be printed once."""

    def change(tables: dict[str, Grid]) -> None:
        grid = tables[THREE]
        for old, new in texts.items():
            found = [(row, c) for row in grid.rows for c, text in enumerate(row) if text == old]
            assert len(found) == 1, old
            row, c = found[0]
            row[c] = new

    return change


def read(path: Path) -> ImportedReport:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    return imported


# -- figures wrapped in their cells, written with separators, marks and units ------------------

# Table 四's fifteen columns are narrow (≈ 21 pt): three or four digits wrap onto two lines there,
# as Word and reportlab wrap a word too long for its cell ("10" over "37").
FOUR_WIDE = {
    cell.id: 1000 + 37 * n if n % 2 else 300 + n
    for n, cell in enumerate(c for c in get_form(F2021).cells if c.table_id == "appeals")
}
# Table 三's figures as offices print them (its cells are ≈ 37 pt wide).
AS_PRINTED = {
    "1234": "1,234",  # granted.natural
    "2345": "2，345",  # full-width comma
    "908": "９０８",  # full-width digits
    "97": "97件",  # a unit in the cell: named, as the web page and Word readers name it
    "1234567": "1,234,567",  # wraps in its cell after "1,234,5"
    "45": "4\n5",  # two lines in a wide cell: one figure or two? named
}
ZERO_MARKS = ("—", "-", "/", "")  # a 0 printed as a dash, a slash, or left blank: blank, not 0
FORMATS = {
    "granted.natural": 1234,
    "granted.commercial": 2345,
    "granted.research": 908,
    "granted.public_interest": 97,
    "granted.legal_services": 0,
    "granted.other_org": 0,
    "granted.total": 0,
    "partly_granted.natural": 0,
    "partly_granted.commercial": 1234567,
    "partly_granted.research": 45,
}
NAMED = {"granted.public_interest", "partly_granted.research"}
BLANK = {k for k, v in FORMATS.items() if v == 0}


def zeros_printed(tables: dict[str, Grid]) -> None:
    """The four 0 of table 三's first rows printed as ZERO_MARKS, one each."""
    marks = iter(ZERO_MARKS)
    grid = tables[THREE]
    for r, row in enumerate(grid.rows):
        if grid.labels[r].startswith(("（一）", "（二）")):
            for c, text in enumerate(row):
                if text == "0":
                    row[c] = next(marks)


@pytest.fixture(scope="module")
def as_printed(tmp_path_factory: pytest.TempPathFactory) -> Read:
    """One report with all of these, table 三 broken over two pages with its header repeated
    (Word's 重复标题行), the title's unit broken over two lines, the 落款 flush right."""
    folder = tmp_path_factory.mktemp("printed")
    doc = distinct_with(folder, {**FOUR_WIDE, **FORMATS})
    change = printed_as(AS_PRINTED)

    def both(tables: dict[str, Grid]) -> None:
        change(tables)
        zeros_printed(tables)

    path = platypus_pdf(
        folder / "printed.pdf",
        doc,
        official=True,
        repeat_header=True,
        break_three_after=14,
        title_lines=["示例县人民政府", "办公室2022年政府信息公开工作年度报告"],
        signoff_right=True,
        change=both,
    )
    return read(path), doc, path


def test_figures_wrapped_in_narrow_cells_are_read(as_printed: Read) -> None:
    """Table 四's fifteen figures each over two lines of its narrow cell, and 1,234,567 over two
    lines of a cell of table 三: each line but the last fills its cell, so the lines are one
    figure (they used to be refused: 数字中间不能有空格)."""
    imported, doc, _ = as_printed
    expected = filled(doc)
    assert {k: imported.values.get(k) for k in FOUR_WIDE} == {k: expected[k] for k in FOUR_WIDE}
    assert imported.values["partly_granted.commercial"] == 1234567


def test_nothing_lands_in_a_wrong_cell(as_printed: Read) -> None:
    """Every figure read is its cell's; table 三's header repeated at the top of its second page
    is neither rows nor a break in the table; only the two cells named are not read."""
    imported, doc, _ = as_printed
    assert wrong_cells(imported, doc) == {}
    expected = {k: v for k, v in filled(doc).items() if k not in NAMED | BLANK}
    assert imported.values == expected


def test_two_lines_in_a_wide_cell_and_a_unit_are_named(as_printed: Read) -> None:
    """“4” over “5” in a cell wide enough for both on one line is not a wrapped figure: it is
    left blank and named with both lines; “97件” is named as the other readers name it."""
    imported, _, _ = as_printed
    assert imported.lost_figures == 2
    named = "\n".join(imported.unplaced)
    assert "部分公开（科研机构）" in named and "“4”“5”分在两行" in named
    assert "予以公开（社会公益组织）" in named and "“97件”不是数字" in named


def test_separators_full_width_digits_and_dashes(as_printed: Read) -> None:
    """1,234 and 2，345 and ９０８ are the figures; “—”, “-”, “/” and a blank cell are blank, not
    0, the marks said in a note (as a web page's or a Word table's are)."""
    imported, _, _ = as_printed
    values = imported.values
    assert (values["granted.natural"], values["granted.commercial"]) == (1234, 2345)
    assert values["granted.research"] == 908
    assert not BLANK & set(values)
    note = next(n for n in imported.table_notes if "不适用" in n)
    assert "3 格" in note and "予以公开（总计）" in note


def test_the_title_broken_inside_the_unit_and_the_signoff_flush_right(as_printed: Read) -> None:
    """示例县人民政府 / 办公室2022年…年度报告 in the title's font: one title, the whole unit (it was
    read as 办公室, the first line named as before the title); the 落款 at the right is the
    unit and the date, not text of section 六."""
    imported, _, _ = as_printed
    assert imported.title == "示例县人民政府办公室2022年政府信息公开工作年度报告"
    assert imported.fields["unit"] == "示例县人民政府办公室"
    assert imported.fields["year"] == "2022"
    assert imported.fields["date"] == "2023年1月20日"
    assert imported.sections["other_matters"] == "其他需要报告的说明文字。"
    assert not [u for u in imported.unplaced if "标题" in u]


def test_import_report_says_what_it_left(
    as_printed: Read, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, path = as_printed
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    out = capsys.readouterr().out
    assert code == 1
    assert "有 2 处数字没有导入" in out
    assert "“4”“5”分在两行" in out
    values = json.loads((tmp_path / "read.json").read_text(encoding="utf-8"))["values"]
    assert values["partly_granted.research"] is None
    assert values["cases.review_corrected"] == FOUR_WIDE["cases.review_corrected"]


# -- table 三 on landscape pages -----------------------------------------------------------------


@pytest.fixture(scope="module")
def distinct(tmp_path_factory: pytest.TempPathFactory) -> ValuesDocument:
    return load(distinct_file(tmp_path_factory.mktemp("distinct"), F2021))


@pytest.mark.parametrize(
    ("landscape", "rotation"),
    [
        pytest.param("rotate", 90, id="page-marked-rotate-90"),
        pytest.param("turned", 0, id="table-drawn-turned"),
    ],
)
def test_table_three_on_landscape_pages(
    distinct: ValuesDocument, tmp_path: Path, landscape: str, rotation: int
) -> None:
    """Table 三 on two landscape pages of its own between portrait ones: pages marked
    ``/Rotate 90`` with the content drawn turned (as Word saves a landscape section), or portrait
    pages with the table drawn turned and no mark (printed so): read upright, the two parts one
    table, every figure in its cell. (The turned drawing was read sideways: its rows of figures
    named, table 三 missing.)"""
    import pdfplumber

    path = platypus_pdf(
        tmp_path / "landscape.pdf",
        distinct,
        official=True,
        landscape_three=landscape,
        break_three_after=14,
    )
    with pdfplumber.open(path) as pdf:
        media = [(p.rotation, *p.page_obj.mediabox[2:]) for p in pdf.pages]
    assert set(media[1:3]) == {(rotation, A4_WIDTH, A4_HEIGHT)}  # portrait paper
    imported = read(path)
    assert imported.values == filled(distinct)
    assert imported.unplaced == [] and imported.table_notes == []


# -- tables ruled with horizontal lines only ------------------------------------------------------


@pytest.mark.parametrize(
    "rules",
    [
        pytest.param("rows", id="a-line-under-each-row"),
        pytest.param("three", id="three-line-table"),
    ],
)
def test_tables_without_vertical_rulings(
    distinct: ValuesDocument, tmp_path: Path, rules: str
) -> None:
    """Every table drawn without a vertical line: a line under each row (WPS's plain table
    style), or a 三线表 (a line over the table, one under its header, one under the table).
    The header's merged cells are centred (申请人情况 over seven columns, 自然人 over two rows),
    long labels wrap with their figures centred beside them, table 四's headers stand one
    character a line, table 三 runs on to the next page: every figure in its cell. (They were
    read as text: 175 figures named, tables 三 and 四 missing.)"""
    path = platypus_pdf(tmp_path / "rules.pdf", distinct, rules=rules, break_three_after=12)
    imported = read(path)
    assert wrong_cells(imported, distinct) == {}
    assert imported.values == filled(distinct)
    assert imported.unplaced == []


@pytest.mark.parametrize("rules", ["rows", "three"])
def test_a_figure_alone_on_its_line_is_no_page_number(
    distinct: ValuesDocument, tmp_path: Path, rules: str
) -> None:
    """A row of table 二's one-column blocks whose label wraps (行政许可 with a note after it), its
    figure centred between the label's lines on a line of its own, in a table drawn without
    vertical rules: read. (The line “107” was taken for a page number and dropped: the figure
    was lost, import-report exited 0.)"""
    long = "行政许可（含通过政府网站、政务新媒体等渠道办理的事项）"
    path = platypus_pdf(
        tmp_path / "wrapped.pdf",
        distinct,
        rules=rules,
        change=lambda tables: rename(tables[TWO], "行政许可", long, header=False),
    )
    imported = read(path)
    assert wrong_cells(imported, distinct) == {}
    assert imported.values == filled(distinct)
    assert imported.lost_figures == 0


def test_a_table_without_rulings_its_figures_beside_a_labels_last_line(tmp_path: Path) -> None:
    """The 2014 table set as text, a long label wrapped onto a second line with its unit and
    figure beside that line (the cell's text set to its bottom): one row, read. (The figures
    stood under a label of their own and were named.)"""
    doc = load(distinct_file(tmp_path, "gov-disclosure-2014"))
    path = text_table_pdf(tmp_path / "plain.pdf", doc, figures_last=True)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2014"
    assert imported.values == filled(doc)
    assert imported.unplaced == []


@pytest.mark.parametrize(
    ("form_id", "rules", "break_after"),
    [
        pytest.param(F2021, "rows", 12, id="2021-a-line-under-each-row"),
        pytest.param(F2021, "rows", 14, id="2021-a-line-under-each-row-2"),
        pytest.param(F2021, "three", 12, id="2021-three-line-table"),
        pytest.param(F2021, "three", 14, id="2021-three-line-table-2"),
        pytest.param("gov-disclosure-2019", "three", 8, id="2019-three-line-table"),
        pytest.param("gov-disclosure-2019", "rows", None, id="2019-a-line-under-each-row"),
    ],
)
def test_table_three_in_three_label_columns_without_vertical_rulings(
    tmp_path: Path, form_id: str, rules: str, break_after: int | None
) -> None:
    """The official layout's three label columns (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密,
    the headings merged down and centred beside the rows they head) with a line under each row,
    or as a 三线表, and no line between the columns: every figure in its cell, table 三 broken
    over two or three pages. (A heading stood beside a row's own label and was read into it,
    “4.保护第三方合理结果法权益”: up to eight rows named as not read, a row's figures lost without
    a word when two rows ran into one.)"""
    doc = load(distinct_file(tmp_path, form_id))
    path = platypus_pdf(
        tmp_path / "official.pdf", doc, official=True, rules=rules, break_three_after=break_after
    )
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == form_id
    assert wrong_cells(imported, doc) == {}
    assert imported.values == filled(doc)
    assert imported.unplaced == [] and imported.lost_figures == 0


def test_a_header_not_over_its_figures_is_not_read_by() -> None:
    """Headings set to the left of their cells over figures set to the right, without vertical
    lines: the first heading stands left of its figures' column, each heading nearer the column
    before its own. The header is kept as text (no column is found by it: the table is named
    as not read), never read one column off."""
    from govreport_gui.core.layout.pdf_row_rules import Rule, split_tables
    from govreport_gui.core.layout.pdf_text_table import TextLine, Word

    def line(top: float, *words: tuple[str, float]) -> TextLine:
        return TextLine([Word(t, x, x + 7.5 * len(t), top, top + 7.5) for t, x in words], 600)

    lines = [
        line(100, ("自然人", 101), ("商业企业", 161)),  # each at its cell's left
        line(120, ("一、本年新收", 10), ("111", 132), ("112", 192)),  # figures at the right
        line(140, ("二、上年结转", 10), ("118", 132), ("119", 192)),
    ]
    rules = [Rule(5, 220, y) for y in (95, 115, 135, 155)]
    (table,) = list(split_tables(lines, rules))
    assert not isinstance(table, list)
    assert table.rows[0][1:] == (None, None)  # no heading over a column of figures
    assert table.rows[1] == ("一、本年新收", "111", "112")


def test_a_heading_merged_down_beside_a_row_with_its_figures_is_no_label_of_it() -> None:
    """A table set without rules in the official layout's label columns, a heading merged down
    standing on the line of a row's label and figures (（三）不予公开 beside 2.…): the row's label
    is its own, its figures in their columns. (The row's label was read as a column of figures,
    every figure of the table one column off.)"""
    from govreport_gui.core.layout.pdf_row_rules import split_tables
    from govreport_gui.core.layout.pdf_text_table import TextLine, Word

    def line(top: float, *words: tuple[str, float]) -> TextLine:
        return TextLine([Word(t, x, x + 7.5 * len(t), top, top + 7.5) for t, x in words], 600)

    lines = [
        line(80, ("自然人", 255), ("商业企业", 292)),
        line(100, ("（一）予以公开", 80), ("125", 260), ("126", 300)),
        line(120, ("1.属于国家秘密", 150), ("139", 260), ("140", 300)),
        line(140, ("（三）不予公开", 80), ("2.其他法律", 150), ("146", 260), ("147", 300)),
        line(160, ("3.危及安全", 150), ("153", 260), ("154", 300)),
        line(180, ("（七）总计", 80), ("272", 260), ("273", 300)),
    ]
    (table,) = list(split_tables(lines, []))
    assert not isinstance(table, list)
    assert table.rows[1:] == (
        ("（一）予以公开", "125", "126"),
        ("1.属于国家秘密", "139", "140"),
        ("2.其他法律", "146", "147"),
        ("3.危及安全", "153", "154"),
        ("（七）总计", "272", "273"),
    )
