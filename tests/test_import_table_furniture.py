"""Lines a published statistics table carries that are no rows of it, read back (a second round
of real variants, after tests/test_import_real_variants.py).

County, town and department reports of 2020–2024 print their tables with lines of their own: the
unit (单位：件) merged across the first row or set in the last column, a note at the foot (注：…,
说明：…, 数据来源：…), a caption (表二 收到和处理政府信息公开申请情况, 续表), and the same as paragraphs
just above or below the table. They hold no figure: none is a row the form lacks, and import-report
does not list them as one (a note is said, once, as not imported); a row with figures the form
lacks is still named. A unit such a line states is the table's: a money unit the form does not
count in (单位：元 over the fee the form asks in 万元, or over counts) leaves those cells blank and
named, as a 元 fee column is. The reports are made by tests/published_reports.py, every cell with
a figure no other cell has, so that a figure read into a wrong cell cannot pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from published_reports import (
    Grid,
    cms_html,
    distinct_file,
    filled,
    insert_line,
    load,
    official_docx,
    rename,
)
from test_import_real_variants import (
    F2019,
    F2021,
    FOUR,
    MAKERS,
    THREE,
    TWO,
    WITH_PDF,
    Maker,
    cli,
    made,
    read_whole,
    web_page,
    wrong_cells,
)

from govreport_gui.cli.main import main
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.ops.import_report import read_report_file

NOTE = "注：本表统计时限为当年1月1日至12月31日。"
SOURCE = "数据来源：本机关政府信息公开工作台账"


def below_header(grid: Grid) -> int:
    return max(grid.header) + 1


def block_row(grid: Grid, title: str) -> int:
    """The row of table 二 that opens the block ``title`` (第二十条第（八）项)."""
    return next(r for r, row in enumerate(grid.rows) if row[0] == title)


# -- lines that are no rows --------------------------------------------------------------------


@pytest.mark.parametrize("maker", WITH_PDF)
def test_unit_note_and_caption_lines_are_not_rows(tmp_path: Path, maker: Maker) -> None:
    """单位：件 over table 三, 注：… under it, 表一 … as table 二's first line, 说明：… and
    数据来源：… under table 四: every figure in its own cell, nothing listed as not placed; the
    notes are said once as not imported. Before, each line was "未能匹配表单中的行"."""

    def change(tables: dict[str, Grid]) -> None:
        insert_line(tables[TWO], 0, "表一 主动公开政府信息情况")
        three = tables[THREE]
        insert_line(three, 0, "单位：件")
        insert_line(three, len(three.rows), NOTE)
        four = tables[FOUR]
        insert_line(four, len(four.rows), "说明：本年度无因政府信息公开引起的行政复议。")
        insert_line(four, len(four.rows), SOURCE)

    imported = read_whole(tmp_path, maker, change)
    assert imported.unplaced == []
    notes = "\n".join(imported.table_notes)
    assert "“注：本表统计时限为当年1月1日至12月31日。”" in notes and "表注" in notes
    assert "“数据来源：本机关政府信息公开工作台账”" in notes
    assert "单位：件" not in notes and "表一" not in notes


@pytest.mark.parametrize("maker", WITH_PDF)
def test_a_unit_line_between_table_fours_header_and_its_figures(
    tmp_path: Path, maker: Maker
) -> None:
    """Table 四 with 单位：件 merged across the line under its header: the fifteen figures are
    read. Before, the unit line was taken for the row of figures (“单位：件”不是数字) and the real
    row was named as a row the form has not: every figure of the table lost."""

    def change(tables: dict[str, Grid]) -> None:
        insert_line(tables[FOUR], below_header(tables[FOUR]), "单位：件")

    assert read_whole(tmp_path, maker, change).unplaced == []


@pytest.mark.parametrize("maker", MAKERS)
def test_a_unit_set_in_the_last_column(tmp_path: Path, maker: Maker) -> None:
    """单位：件 alone in the last cell of a line above table 三's header (set right, as a web page
    does it) and under table 二's last block: read as a unit, not a row."""

    def change(tables: dict[str, Grid]) -> None:
        three = tables[THREE]
        insert_line(three, 0, "单位：件", col=three.ncols - 1)
        two = tables[TWO]
        insert_line(two, len(two.rows), "单位：件", col=two.ncols - 1)

    assert read_whole(tmp_path, maker, change).unplaced == []


@pytest.mark.parametrize("maker", ["html", "docx"])
def test_unit_and_caption_paragraphs_around_a_table(tmp_path: Path, maker: str) -> None:
    """单位：件 and 表二 … as paragraphs between table 三's heading and the table, 续表 before
    table 四: not the section's text (they are the table's), nothing listed, every figure. Before,
    they were the text of section 三."""
    texts = {
        "preface": "本报告根据《中华人民共和国政府信息公开条例》编制。",
        "requests_handled": "表二 收到和处理政府信息公开申请情况\n单位：件",
        "reviews_litigation": "续表",
    }
    doc = load(distinct_file(tmp_path, F2021))
    if maker == "html":
        path = cms_html(tmp_path / "p.htm", doc, encoding="utf-8", nested=False, texts=texts)
    else:
        path = official_docx(tmp_path / "p.docx", doc, texts=texts)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    assert imported.values == filled(doc) and imported.lost_figures == 0
    assert "requests_handled" not in imported.sections
    assert "reviews_litigation" not in imported.sections
    assert imported.unplaced == []


@pytest.mark.parametrize("maker", MAKERS)
def test_a_row_of_figures_among_the_notes_is_still_named(
    tmp_path: Path, maker: Maker, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 注：… line and a row the form has not (其他主动公开文件, with figures) at the foot of
    table 二: the note is no row, the row of figures is named as not imported; exit 1."""

    def change(tables: dict[str, Grid]) -> None:
        two = tables[TWO]
        at = block_row(two, "第二十条第（五）项")
        two.rows.insert(at, ["其他主动公开文件", "56", "45", "57"][: two.ncols])
        two.labels.insert(at, "其他主动公开文件")
        for span in two.spans:
            if span.row >= at:
                span.row += 1
        two.header = {r + 1 if r >= at else r for r in two.header}
        two.blocks = {r + 1 if r >= at else r for r in two.blocks}
        insert_line(two, len(two.rows), NOTE)

    imported, doc, path = made(tmp_path, maker, change)
    assert imported.values == filled(doc)
    assert len(imported.unplaced) == 1
    assert "“其他主动公开文件”未能匹配表单中的行（有数字，未导入）" in imported.unplaced[0]
    assert imported.lost_figures == 1
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 1 处数字没有导入" in out


# -- the unit such a line states ---------------------------------------------------------------


@pytest.mark.parametrize("maker", WITH_PDF)
def test_a_fee_block_in_yuan_by_its_unit_line(
    tmp_path: Path, maker: Maker, capsys: pytest.CaptureFixture[str]
) -> None:
    """第二十条第（八）项 printed with 单位：元 on a line over it and 本年收费金额 without a unit in its
    header: the fee would be ten thousand times too large. It is left blank and named with both
    units, as a header in 元 is; the rest is read; import-report and check exit 1."""

    def change(tables: dict[str, Grid]) -> None:
        two = tables[TWO]
        rename(two, "本年收费金额（单位：万元）", "本年收费金额")
        insert_line(two, block_row(two, "第二十条第（八）项"), "单位：元")

    imported, doc, path = made(tmp_path, maker, change)
    assert imported.values == {k: v for k, v in filled(doc).items() if k != "fees"}
    said = [u for u in imported.unplaced if "行政事业性收费" in u]
    assert len(said) == 1
    assert "表中写明的单位是“元”，本表单是“万元”" in said[0] and "须换算为万元后填写" in said[0]
    assert imported.lost_figures == 1
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and "有 1 处数字没有导入" in out
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "表中写明的单位是“元”" in out


@pytest.mark.parametrize(
    ("header", "line"),
    [
        ("本年收费金额", "单位：万元"),
        ("本年收费金额（单位：万元）", "单位：件、万元"),
        ("本年收费金额（单位：万元）", "（单位：件）"),
    ],
)
def test_a_unit_line_that_agrees_with_the_form(tmp_path: Path, header: str, line: str) -> None:
    """A unit line over the fee block the form agrees with (万元; 件 and 万元; 件 where the fee's
    header states its own): every figure, the fee too."""

    def change(tables: dict[str, Grid]) -> None:
        two = tables[TWO]
        if header != "本年收费金额（单位：万元）":
            rename(two, "本年收费金额（单位：万元）", header)
        insert_line(two, block_row(two, "第二十条第（八）项"), line)

    assert read_whole(tmp_path, web_page, change).unplaced == []


def test_a_yuan_line_over_the_fee_header_in_wan_yuan_is_not_guessed(tmp_path: Path) -> None:
    """单位：元 over the fee block whose header still says （单位：万元）: the report contradicts
    itself, the fee is not read but named; nothing else changes."""

    def change(tables: dict[str, Grid]) -> None:
        two = tables[TWO]
        insert_line(two, block_row(two, "第二十条第（八）项"), "单位：元")

    imported, doc, _ = made(tmp_path, web_page, change)
    assert imported.values == {k: v for k, v in filled(doc).items() if k != "fees"}
    assert any("表中写明的单位是“元”，本表单是“万元”" in u for u in imported.unplaced)


def test_a_money_unit_over_a_table_of_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """单位：元 over table 三, which counts applications: its figures are not read, each named
    with the unit; tables 二 and 四 are read. Nothing is read into a wrong cell."""

    def change(tables: dict[str, Grid]) -> None:
        insert_line(tables[THREE], 0, "单位：元")

    imported, doc, path = made(tmp_path, web_page, change)
    three = {c.id for c in doc.form.cells if c.table_id == "applications"}
    assert wrong_cells(imported, doc) == {}
    assert imported.values == {k: v for k, v in filled(doc).items() if k not in three}
    assert imported.lost_figures == len(three & set(filled(doc)))
    assert {cell.cell_id for cell in imported.unread_cells} == three & set(filled(doc))
    said = [u for u in imported.unplaced if "表中写明的单位是“元”" in u]
    assert len(said) == imported.lost_figures
    assert "本表单这一格是数量，不是金额" in said[0]
    code, out = cli(path, tmp_path, capsys)
    assert code == 1 and f"有 {imported.lost_figures} 处数字没有导入" in out


def test_a_2019_procurement_block_with_its_unit_line(tmp_path: Path) -> None:
    """The 2019 table 二's 政府集中采购 block under 单位：万元 (the form states no unit for 采购总金额;
    采购项目数量 is a count beside it: the money unit is the amount's): every figure."""

    def change(tables: dict[str, Grid]) -> None:
        two = tables[TWO]
        insert_line(two, block_row(two, "第二十条第（九）项"), "单位：万元")

    assert read_whole(tmp_path, web_page, change, F2019).unplaced == []


# -- around the report -------------------------------------------------------------------------


@pytest.mark.parametrize("maker", ["html", "docx"])
def test_a_date_printed_under_the_title(tmp_path: Path, maker: str) -> None:
    """（2023年3月26日） on a line of its own under the title, as some county pages print the
    report's date: not the first line of the preface (before, it was), nothing listed; the
    落款's date stays the report's date when there is one."""
    doc = load(distinct_file(tmp_path, F2021))
    if maker == "html":
        path = cms_html(tmp_path / "d.htm", doc, encoding="utf-8", nested=False)
        text = path.read_text(encoding="utf-8")
        dated = text.replace(
            "</b></font></div>", "</b></font></div><p align=center>（2023年3 月 26日）</p>", 1
        )
        assert dated != text
        path.write_text(dated, encoding="utf-8")
    else:
        import docx

        path = official_docx(tmp_path / "d.docx", doc)
        document = docx.Document(str(path))
        document.paragraphs[1].insert_paragraph_before("（2023年3 月 26日）")
        document.save(str(path))
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == F2021
    assert imported.sections["preface"] == "本报告根据《中华人民共和国政府信息公开条例》编制。"
    assert imported.unplaced == []
    assert imported.fields["date"] == "2023年1月20日"
