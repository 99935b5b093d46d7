"""How real published reports differ from the official layout of their tables, read back.

Each test reproduces one variant seen in reports published on government sites in 2019–2024
(synthetic units and figures; none of their text is copied): labels typed with spaces or line
breaks (商业 企业, 本年新<br>制作数量), notes added to labels and headers (现行有效件数（历史累计）,
规章（设区的市…）), the 2019 format's label in a 2021 report (规范性文件), 合计 for 总计, a total column
left out or a 小计 column added, the fee's unit printed as 元, dashes and words in cells, rows in
another order or retyped, rows the form does not have (其他主动公开文件). The reports are made in
the two layouts tests/published_reports.py builds (an old content system's web page; a Word
document typed from the official template), every cell with a figure no other cell has, so that a
figure read into a wrong cell cannot pass. What cannot be read must be said, never put elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from published_reports import (
    Change,
    Grid,
    add_column,
    cms_html,
    distinct_file,
    drop_column,
    export_html,
    filled,
    load,
    move_row,
    official_docx,
    platypus_pdf,
    rename,
    rewrite_once,
)

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file

F2014, F2019, F2021 = "gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"
THREE = "三、收到和处理政府信息公开申请情况"
FOUR = "四、政府信息公开行政复议、行政诉讼情况"
TWO = "二、主动公开政府信息情况"
Maker = Callable[[Path, ValuesDocument, Change], Path]


def web_page(path: Path, doc: ValuesDocument, change: Change) -> Path:
    return cms_html(path.with_suffix(".htm"), doc, encoding="utf-8", nested=False, change=change)


def word(path: Path, doc: ValuesDocument, change: Change) -> Path:
    return official_docx(path.with_suffix(".docx"), doc, change=change)


def pdf(path: Path, doc: ValuesDocument, change: Change) -> Path:
    """Set in STSong-Light, table 三 broken over two pages (slower to read: for a few tests)."""
    return platypus_pdf(path.with_suffix(".pdf"), doc, official=True, change=change)


MAKERS = [pytest.param(web_page, id="html"), pytest.param(word, id="docx")]
WITH_PDF = [*MAKERS, pytest.param(pdf, id="pdf")]


def made(
    tmp_path: Path, maker: Maker, change: Change, form_id: str = F2021
) -> tuple[ImportedReport, ValuesDocument, Path]:
    """The report of ``form_id`` with distinct figures, changed by ``change`` and read back (the
    form guessed as import-report guesses it)."""
    doc = load(distinct_file(tmp_path, form_id))
    path = maker(tmp_path / "report", doc, change)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == form_id
    return imported, doc, path


def read_whole(
    tmp_path: Path, maker: Maker, change: Change, form_id: str = F2021
) -> ImportedReport:
    """The changed report read back with every figure in its own cell, nothing lost."""
    imported, doc, _ = made(tmp_path, maker, change, form_id)
    assert imported.values == filled(doc)
    assert imported.lost_figures == 0
    return imported


def wrong_cells(imported: ImportedReport, doc: ValuesDocument) -> dict[str, object]:
    """Figures read that are not the report's figure of that cell: must always be none."""
    expected = filled(doc)
    return {k: v for k, v in imported.values.items() if expected.get(k) != v}


def cells_of(doc: ValuesDocument, row: str = "", column: str = "") -> set[str]:
    """The cell ids of a row (its id) and/or a column (its id) of the form."""
    return {
        c.id
        for c in doc.form.cells
        if (not row or c.row.id == row) and (not column or c.column.id == column)
    }


def cli(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import-report", str(path), "--values-out", str(tmp_path / "read.json")])
    return code, capsys.readouterr().out


# -- labels as typed ---------------------------------------------------------------------------


@pytest.mark.parametrize("maker", WITH_PDF)
def test_header_labels_with_spaces_line_breaks_and_notes(tmp_path: Path, maker: Maker) -> None:
    """商业 企业 and 科研<br>机构 (the cell too narrow, the label broken by hand), 本年制发<br>件数,
    现行有效件数（历史累计） and a row label with the note the province asked for: every figure,
    nothing said."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[THREE], "商业企业", "商业 企业")
        rename(tables[THREE], "科研机构", "科研\n机构")
        rename(tables[TWO], "本年制发件数", "本年制发\n件数")
        rename(tables[TWO], "现行有效件数", "现行有效件数（历史累计）")
        rename(tables[TWO], "规章", "规章（设区的市、自治州人民政府填写）")

    assert read_whole(tmp_path, maker, change).unplaced == []


@pytest.mark.parametrize("maker", WITH_PDF)
def test_table_four_headers_set_one_character_a_line(tmp_path: Path, maker: Maker) -> None:
    """Table 四's fifteen narrow columns with their headers set upright, one character a line
    (结/果/维/持), as a PDF report prints them: every figure."""

    def change(tables: dict[str, Grid]) -> None:
        for label in ("结果维持", "结果纠正", "其他结果", "尚未审结"):
            rename(tables[FOUR], label, "\n".join(label), header=True)

    read_whole(tmp_path, maker, change)


def test_a_heading_retyped_with_de(tmp_path: Path) -> None:
    """三、收到和处理政府信息公开的申请情况 (的 added): still that section's heading, not a heading
    the form does not have; before, the section and the sentence under it were not placed."""
    doc = load(distinct_file(tmp_path, F2021))
    path = export_html(tmp_path / "de.html", doc)
    text = path.read_text(encoding="utf-8").replace(
        "<h2>三、收到和处理政府信息公开申请情况</h2>",
        "<h2>三、收到和处理政府信息公开的申请情况</h2><p>本年度申请情况如下表。</p>",
    )
    path.write_text(text, encoding="utf-8")
    _form, imported = read_report_file(path, None, all_forms())
    assert imported.sections["requests_handled"] == "本年度申请情况如下表。"
    assert imported.unplaced == [] and imported.values == filled(doc)


@pytest.mark.parametrize("maker", MAKERS)
def test_the_2019_label_in_a_2021_report(tmp_path: Path, maker: Maker) -> None:
    """A 2021 report printing table 二's 行政规范性文件 as the 2019 format's 规范性文件 (the form
    lists it as an alias of the row): its figures are read into that row."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[TWO], "行政规范性文件", "规范性文件")

    assert read_whole(tmp_path, maker, change).unplaced == []


@pytest.mark.parametrize("maker", MAKERS)
def test_xianxing_youxiao_jian_without_shu(tmp_path: Path, maker: Maker) -> None:
    """现行有效件 printed for table 二's 现行有效件数 (a 2023 town report; the form lists it as an
    alias of the column): the block is read, every figure in its own cell."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[TWO], "现行有效件数", "现行有效件", header=True)

    assert read_whole(tmp_path, maker, change).unplaced == []


@pytest.mark.parametrize("maker", MAKERS)
def test_heji_for_zongji(tmp_path: Path, maker: Maker) -> None:
    """合计 printed for the 总计 columns of tables 三 and 四: every figure."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[THREE], "总计", "合计", header=True)
        rename(tables[FOUR], "总计", "合计", header=True)

    read_whole(tmp_path, maker, change)


def test_rows_in_another_order(tmp_path: Path) -> None:
    """二、上年结转 printed before 一、本年新收, （七）总计 before （六）其他处理: rows are found by
    their labels, every figure in its own cell."""

    def change(tables: dict[str, Grid]) -> None:
        move_row(
            tables[THREE], "二、上年结转政府信息公开申请数量", "一、本年新收政府信息公开申请数量"
        )
        move_row(tables[THREE], "（七）总计", "（六）其他处理")

    read_whole(tmp_path, web_page, change)


@pytest.mark.parametrize("maker", MAKERS)
def test_a_retyped_label_is_said_not_guessed(
    tmp_path: Path, maker: Maker, capsys: pytest.CaptureFixture[str]
) -> None:
    """一、本年新收政府信息公开申请数 (量 left out) and 5.属于三类内部事物信息 (a wrong character):
    those rows' figures are not imported and each row is named, with its figures; every other
    figure is read into its own cell; import-report exits 1."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[THREE], "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数")
        rename(tables[THREE], "5.属于三类内部事务信息", "5.属于三类内部事物信息")

    imported, doc, path = made(tmp_path, maker, change)
    assert wrong_cells(imported, doc) == {}
    lost = cells_of(doc, "new") | cells_of(doc, "withheld_internal")
    assert set(filled(doc)) - set(imported.values) == lost
    assert imported.lost_figures == 2
    said = "\n".join(imported.unplaced)
    assert "“一、本年新收政府信息公开申请数”未能匹配表单中的行（有数字，未导入）" in said
    assert "“5.属于三类内部事物信息”未能匹配表单中的行（有数字，未导入）" in said
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 2 处数字没有导入" in out


@pytest.mark.parametrize("form_id", [F2019, F2021])
def test_a_row_the_form_does_not_have(
    tmp_path: Path, form_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Table 二 with a row of its own (其他主动公开文件, as some provinces ask), between the
    official rows: named with its figures, the rows around it read right."""

    def change(tables: dict[str, Grid]) -> None:
        grid = tables[TWO]
        at = grid.labels.index("规章") + 1
        grid.rows.insert(at, ["其他主动公开文件", "56", "45", "57"])
        grid.labels.insert(at, "其他主动公开文件")
        for span in grid.spans:
            if span.row >= at:
                span.row += 1
        grid.header = {r + 1 if r >= at else r for r in grid.header}

    imported, doc, path = made(tmp_path, web_page, change, form_id)
    assert imported.values == filled(doc)
    assert imported.lost_figures == 1
    assert any(
        "“其他主动公开文件”未能匹配表单中的行（有数字，未导入）" in u for u in imported.unplaced
    )
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 1 处数字没有导入" in out


def test_2019_labels_with_the_notes_a_province_added(tmp_path: Path) -> None:
    """A 2019-format page whose headers carry explanations (上一年项目数量（指2019年事项数）,
    本年增/减（…减用负值表示，如-8）), a row label its note (规章（…）), 本年新<br>制作数量: every
    figure, the negative ones too."""

    def change(tables: dict[str, Grid]) -> None:
        grid = tables[TWO]
        rename(grid, "上一年项目数量", "上一年项目数量（指2019年事项数）")
        rename(grid, "本年增/减", "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）")
        rename(grid, "本年新制作数量", "本年新\n制作数量")
        rename(grid, "规章", "规章（设区的市、自治州人民政府应提供相关数据）")

    imported = read_whole(tmp_path, web_page, change, F2019)
    assert any(isinstance(v, int) and v < 0 for v in imported.values.values())


@pytest.mark.parametrize("maker", MAKERS)
def test_2019_changes_written_in_words(tmp_path: Path, maker: Maker) -> None:
    """本年增/减 printed as 减4 and 增加2 (for -4 and 2): read as the signed figures they say."""
    signed = 0

    def change(tables: dict[str, Grid]) -> None:
        nonlocal signed
        col = None  # the 本年增/减 column of the block the row is in (table 二 has four)
        for row in tables[TWO].rows:
            if "信息内容" in row:
                col = next((i for i, t in enumerate(row) if t.startswith("本年增/减")), None)
                continue
            text = row[col] if col is not None else ""
            if re.fullmatch(r"-?[0-9]+", text):
                row[col] = f"减{text[1:]}" if text.startswith("-") else f"增加{text}"
                signed += 1

    imported = read_whole(tmp_path, maker, change, F2019)
    assert signed >= 2 and any(isinstance(v, int) and v < 0 for v in imported.values.values())


# -- columns -----------------------------------------------------------------------------------


@pytest.mark.parametrize("maker", WITH_PDF)
def test_a_subtotal_column_is_said_not_read(
    tmp_path: Path, maker: Maker, capsys: pytest.CaptureFixture[str]
) -> None:
    """Table 三 with a 小计 column after the five kinds of 法人或其他组织 (the official form has
    none): every figure of the form's columns in its own cell, the 小计 column named with the
    number of its figures, and import-report exits 1."""

    def change(tables: dict[str, Grid]) -> None:
        grid = tables[THREE]
        body = len(grid.rows) - len(grid.header)
        add_column(grid, grid.stub_cols + 6, "小计", [str(9000 + n) for n in range(body)])

    imported, doc, path = made(tmp_path, maker, change)
    assert imported.values == filled(doc)
    extra = [u for u in imported.unplaced if "“小计”一列不是本表单的列" in u]
    assert len(extra) == 1 and "数字没有导入" in extra[0]
    assert imported.lost_figures == 1
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "“小计”一列不是本表单的列" in out and "有 1 处数字没有导入" in out
    # check says so too: an error of the file, not a pass
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"错误\tfile\.column_unread\t.*“小计”一列不是本表单的列.*没有参与校验", out)
    assert out.startswith("错误\tfile.column_unread")  # the file's problems come first


@pytest.mark.parametrize("maker", WITH_PDF)
def test_a_report_without_the_total_column(tmp_path: Path, maker: Maker) -> None:
    """Table 三 printed without its 总计 column: the other figures are read (before, the whole
    table was not), the totals are blank and the notes say so."""

    def change(tables: dict[str, Grid]) -> None:
        grid = tables[THREE]
        drop_column(grid, grid.ncols - 1)

    imported, doc, _ = made(tmp_path, maker, change)
    totals = cells_of(doc, column="total")
    assert imported.values == {k: v for k, v in filled(doc).items() if k not in totals}
    assert any("表头中没有“总计”列" in note for note in imported.table_notes)
    assert imported.lost_figures == 0


def test_a_2014_table_with_a_cumulative_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2014 统计表 with a 历年累计 column beside 统计数 (local variants had one): 统计数 is read,
    the other column is named, not read silently nor into 统计数."""

    def change(tables: dict[str, Grid]) -> None:
        grid = next(iter(tables.values()))
        body = len(grid.rows) - len(grid.header)
        add_column(grid, grid.ncols, "历年累计", [str(7000 + n) for n in range(body)])

    imported, doc, path = made(tmp_path, web_page, change, F2014)
    assert imported.values == filled(doc)
    assert any("“历年累计”一列不是本表单的列" in u for u in imported.unplaced)
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 1 处数字没有导入" in out


# -- units -------------------------------------------------------------------------------------


@pytest.mark.parametrize("maker", WITH_PDF)
@pytest.mark.parametrize("header", ["本年收费金额（单位：元）", "本年收费金额（元）"])
def test_a_fee_in_yuan_is_not_read_as_wan_yuan(
    tmp_path: Path, maker: Maker, header: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fee column's header says 元 where the form's says 万元: the figure would be ten
    thousand times too large. It is left blank and named with both units; the rest is read."""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[TWO], "本年收费金额（单位：万元）", header)

    imported, doc, path = made(tmp_path, maker, change)
    assert imported.values == {k: v for k, v in filled(doc).items() if k != "fees"}
    said = [u for u in imported.unplaced if "行政事业性收费" in u]
    assert len(said) == 1
    assert "表中写明的单位是“元”，本表单是“万元”" in said[0] and "须换算为万元后填写" in said[0]
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 1 处数字没有导入" in out


def test_a_2014_fee_in_yuan_in_the_unit_column(tmp_path: Path) -> None:
    """The 2014 table's unit column printing 元 on the 费用 row (the form's 万元): not read,
    said; a count row whose unit is written otherwise (件 for 条) is read as it is."""

    def change(tables: dict[str, Grid]) -> None:
        grid = next(iter(tables.values()))
        fee = next(r for r, row in enumerate(grid.rows) if row[0].startswith("七、依申请公开"))
        assert grid.rows[fee][1] == "万元"
        grid.rows[fee][1] = "元"
        first = next(r for r, row in enumerate(grid.rows) if row[1] == "条")
        grid.rows[first][1] = "件"

    imported, doc, _ = made(tmp_path, web_page, change, F2014)
    assert imported.values == {k: v for k, v in filled(doc).items() if k != "fees"}
    assert any("表中写明的单位是“元”，本表单是“万元”" in u for u in imported.unplaced)


# -- cells -------------------------------------------------------------------------------------


def page(tmp_path: Path, cell: str) -> tuple[ImportedReport, ValuesDocument, str]:
    """Our web page of the distinct 2021 report with the cell 属于四类过程性信息（自然人） written
    ``cell``; the figure it replaced."""
    doc = load(distinct_file(tmp_path, F2021))
    path = export_html(tmp_path / "cell.html", doc)
    figure = str(doc.values["withheld_process.natural"])
    rewrite_once(path, f'<td class="num">{figure}</td>', f'<td class="num">{cell}</td>')
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    return imported, doc, figure


@pytest.mark.parametrize("mark", ["-", "—", "——", "/", "－", "—\u3000"])
def test_a_dash_is_a_blank_not_zero(tmp_path: Path, mark: str) -> None:
    imported, doc, _ = page(tmp_path, mark)
    expected = {k: v for k, v in filled(doc).items() if k != "withheld_process.natural"}
    assert imported.values == expected and imported.lost_figures == 0
    assert any(
        "属于四类过程性信息（自然人）" in note and "不是 0" in note for note in imported.table_notes
    )


@pytest.mark.parametrize(
    ("cell", "read"), [("1,234", 1234), ("１２３", 123), ("0.00", 0), ("12 ", 12)]
)
def test_figures_as_typed(tmp_path: Path, cell: str, read: int) -> None:
    """Thousands separators, full-width digits, 0.00 in a count cell: the figure."""
    imported, doc, _ = page(tmp_path, cell)
    assert imported.values == {**filled(doc), "withheld_process.natural": read}


@pytest.mark.parametrize("cell", ["无", "?&nbsp;0", "×", "7件", "（空）"])
def test_a_word_in_a_cell_is_named_not_guessed(tmp_path: Path, cell: str) -> None:
    """无 (0, or nothing to report?), a stray character a site's editor left before 0, 7件:
    blank and named, never 0."""
    imported, doc, _ = page(tmp_path, cell)
    assert "withheld_process.natural" not in imported.values
    assert wrong_cells(imported, doc) == {}
    assert imported.lost_figures == 1
    assert any("属于四类过程性信息（自然人）" in u and "留空" in u for u in imported.unplaced)


# -- the form --------------------------------------------------------------------------------


def test_the_form_is_guessed_right_when_a_header_is_not_recognised(tmp_path: Path) -> None:
    """Table 三's header with one label retyped (法律服务组织): its figures cannot be read. The
    report is still a 2021 report: its table 二 and 四 are read for the 2021 form, and table 三's
    rows are named with their figures. (The 2019 form, which reads table 四 alone, used to win:
    the rows it could not place were not counted against it.)"""

    def change(tables: dict[str, Grid]) -> None:
        rename(tables[THREE], "法律服务机构", "法律服务组织")

    imported, doc, _ = made(tmp_path, web_page, change)
    three = {c.id for c in doc.form.cells if c.table_id == "applications"}
    assert imported.values == {k: v for k, v in filled(doc).items() if k not in three}
    assert imported.lost_figures > 20


# -- section headings in other words -----------------------------------------------------------

# Headings published 2019-2024 reports print for the form's sections (synthetic reports; the
# headings are the 条例 第五十条's words and their common retypings, listed as the sections'
# ``aliases`` in the form files): numbered as the form's, each section's text lands under it.
RETYPED = {
    "general": "一、政府信息公开工作总体情况",
    "proactive_disclosure": "二、行政机关主动公开政府信息情况",
    "requests_handled": "三、行政机关收到和处理政府信息公开申请的情况",
    "reviews_litigation": "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "problems": "五、政府信息公开工作存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告事项",
}
OTHER_WORDS = [
    ("reviews_litigation", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况"),
    ("reviews_litigation", "四、政府信息公开行政复议和行政诉讼情况"),
    ("problems", "五、存在的主要问题和改进情况"),
    ("problems", "五、存在主要问题及改进情况"),
    ("other_matters", "六、其它需要报告的事项"),
    ("general", "第一部分 工作基本情况"),
]


def report_headed(
    tmp_path: Path, maker: str, form_id: str, headings: dict[str, str]
) -> tuple[ImportedReport, ValuesDocument, dict[str, str]]:
    """The report of ``form_id`` with ``headings`` printed for its sections and a sentence of
    its own under every section (the table sections too), read back."""
    doc = load(distinct_file(tmp_path, form_id))
    texts = {s.id: f"第{n}部分的文字，只属于这一部分。" for n, s in enumerate(doc.form.sections)}
    if maker == "html":
        path = cms_html(
            tmp_path / "r.htm", doc, encoding="utf-8", nested=False, headings=headings, texts=texts
        )
    else:
        path = official_docx(tmp_path / "r.docx", doc, headings=headings, texts=texts)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == form_id
    return imported, doc, texts


@pytest.mark.parametrize("form_id", [F2019, F2021])
@pytest.mark.parametrize("maker", ["html", "docx"])
def test_section_headings_in_other_words(tmp_path: Path, maker: str, form_id: str) -> None:
    """二、行政机关主动公开政府信息情况, 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况 and
    the others: every section's text under its own section, every figure, nothing said; before,
    each was "not the form's section" and the text under it was not placed."""
    imported, doc, texts = report_headed(tmp_path, maker, form_id, RETYPED)
    assert imported.unplaced == []
    assert imported.sections == {k: v for k, v in texts.items()}
    assert imported.values == filled(doc)


@pytest.mark.parametrize(("section", "heading"), OTHER_WORDS)
@pytest.mark.parametrize("maker", ["html", "docx"])
def test_one_section_heading_in_other_words(
    tmp_path: Path, maker: str, section: str, heading: str
) -> None:
    imported, _doc, texts = report_headed(tmp_path, maker, F2021, {section: heading})
    assert imported.unplaced == []
    assert imported.sections[section] == texts[section]


@pytest.mark.parametrize("maker", ["html", "docx"])
def test_other_words_numbered_as_another_section_are_not_that_section(
    tmp_path: Path, maker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """六、政府信息公开工作存在的主要问题及改进情况 (五's words numbered 六) and 一、年度工作概况 (no
    section's words): neither is taken for a section of the form; both are named with their
    paragraphs as not placed, and import-report exits 1. Nothing lands under a wrong section."""
    headings = {
        "general": "一、年度工作概况",
        "problems": "六、政府信息公开工作存在的主要问题及改进情况",
    }
    imported, _doc, texts = report_headed(tmp_path, maker, F2021, headings)
    assert "general" not in imported.sections and "problems" not in imported.sections
    assert imported.unplaced == [
        "“一、年度工作概况”不是本表单的部分标题：它和其后 1 段未能归入任何部分",
        "“六、政府信息公开工作存在的主要问题及改进情况”不是本表单的部分标题："
        "它和其后 1 段未能归入任何部分",
    ]
    assert imported.sections["other_matters"] == texts["other_matters"]
    path = tmp_path / ("r.htm" if maker == "html" else "r.docx")
    code, out = cli(path, tmp_path, capsys)
    assert code == 1
    assert "“六、政府信息公开工作存在的主要问题及改进情况”不是本表单的部分标题" in out
