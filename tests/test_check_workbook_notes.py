"""What ``import-xlsx`` notes of a workbook (注意：…) ``check`` says too, as warnings of the file.

A figure whose number format this program cannot work out (a fraction), a count shown with another
count unit than its row's, a sheet hidden, a “/” read as blank…: the import takes the workbook and
notes each for a person to confirm. A reviewer who only runs ``check`` must hear of them as well:
each is a warning ``file.workbook_note`` with the import's words, counted with the warnings, in
``--json``'s ``problems``, and in the line of each file of a folder. Warnings do not fail a check.
A note on what the import does with the cells (imports 12, leaves a row unchanged, a “/” blank, a
column not imported) is said in a check's words: a check changes nothing. So are a published
report's rows and columns not read (``file.row_unread``, ``file.column_unread``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import Run, run
from desk_samples import workbook
from test_import_xlsx import FORM_2014
from test_import_xlsx_formats import PROACTIVE, formatted

_ = run  # the fixture of cli_run
RULE = "file.workbook_note"
B6 = "工作表“Sheet1”B6“主动公开政府信息数”：“12”"
FRACTION = f"{B6}的数字格式“# ?/?”本程序无法核对，请在 Excel 或 WPS 中确认它显示的是 12。"
SHOWN = f'{B6}显示为“12件”（数字格式“0"件"”），这一行的单位是“条”，'
PIECES = f"{SHOWN}按 12 校验，请核对单位。"  # import-xlsx: “已按 12 导入，请核对单位。”


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def import_notes(run: Run, path: Path) -> list[str]:
    """The notes import-xlsx prints for ``path`` (without their “注意：”), and how many more."""
    code, out, err = run("import-xlsx", path, path.with_suffix(".nianbao"), "--form", FORM_2014.id)
    assert code == 0, out + err
    said = [line for line in out.splitlines() if line.startswith(("注意：", "……另有 "))]
    return [line.removeprefix("注意：") for line in said]


def noted(problems: list[dict[str, object]]) -> list[object]:
    return [p["message"] for p in problems if p["rule"] == RULE]


def test_check_warns_of_a_format_it_cannot_judge(tmp_path: Path, run: Run) -> None:
    path = formatted(tmp_path, PROACTIVE, 12, "# ?/?")
    code, out, err = run("check", path)
    assert code == 0, out + err  # a warning: the check passes
    assert f"警告\t{RULE}\t{FRACTION}\n" in out
    # the same workbook with the figure in 常规: one warning fewer
    (tmp_path / "plain").mkdir()
    plain = formatted(tmp_path / "plain", PROACTIVE, 12, "General")
    warnings = run.json("check", path)["warnings"]
    assert warnings == run.json("check", plain)["warnings"] + 1
    assert f"共 0 个错误，{warnings} 个警告，" in out


def test_check_json_lists_another_count_unit_as_a_warning(tmp_path: Path, run: Run) -> None:
    path = formatted(tmp_path, PROACTIVE, 12, '0"件"')
    found = run.json("check", path)
    said = [p for p in found["problems"] if p["rule"] == RULE]
    assert {
        "rule": RULE,
        "severity": "warning",
        "cells": [],
        "message": PIECES,
        "expected": None,
        "actual": None,
        "explanation": None,
        "stale_explanation": None,
    } in said
    assert found["errors"] == 0
    assert found["warnings"] == sum(1 for p in found["problems"] if p["severity"] == "warning")
    code, _, _ = run("check", path, "--json")
    assert code == 0


def test_check_says_every_note_import_xlsx_says_in_its_words(tmp_path: Path, run: Run) -> None:
    """A fraction format, a sheet hidden, a “/” in a figure's cell: the import's notes, each once,
    in its order, are the check's warnings of the file (the rows not found and the “/” in a
    check's words)."""
    path = formatted(tmp_path, PROACTIVE, 12, "# ?/?")
    book = openpyxl.load_workbook(path)
    book.active.cell(11, 2).value = "/"  # 1、当面申请数: not applicable, read as blank
    book.create_sheet("旧表").sheet_state = "hidden"
    book.save(path)
    notes = import_notes(run, path)
    assert FRACTION in notes
    assert any(n.startswith("1 格写的是“/”或“—”（不适用）") for n in notes)
    assert "已忽略隐藏的工作表：旧表" in notes
    # the rows the hand-filled sheet lacks, the “/”: in a check's words (it changes no cell)
    checked = [
        n.replace("（这些格不会被改动）", "（这些格算作空格未填）").replace(
            "已按空白导入（不是 0）", "算作空格未填（不是 0）"
        )
        for n in notes
    ]
    assert checked != notes
    assert noted(run.json("check", path)["problems"]) == checked


def test_a_folder_counts_the_notes_in_each_files_line(tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "收到的报表"
    folder.mkdir()
    for name, fmt in (("a", "# ?/?"), ("b", '0"件"'), ("c", "General")):
        (folder / name).mkdir()
        formatted(folder / name, PROACTIVE, 12, fmt)
    single = {n: run.json("check", folder / n / "hand.xlsx")["warnings"] for n in "abc"}
    blanks = {run.json("check", folder / n / "hand.xlsx")["blank"] for n in "abc"}
    assert single["a"] == single["b"] == single["c"] + 1
    code, out, err = run("check", folder)
    assert code == 0, out + err
    for name in "abc":
        line = f"{folder / name / 'hand.xlsx'}\t通过\t0 个错误\t{single[name]} 个警告"
        line += f"\t{next(iter(blanks))} 个空格未填\n"  # the hand-filled sheet has one figure
        assert line in out
    code, out, _ = run("check", folder, "--json")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    by_file = {Path(line["file"]).parent.name: line for line in lines if "file" in line}
    assert FRACTION in noted(by_file["a"]["problems"])
    assert PIECES in noted(by_file["b"]["problems"])
    assert not [n for n in noted(by_file["c"]["problems"]) if "数字格式" in n]
    assert {n: by_file[n]["warnings"] for n in "abc"} == single


def test_many_notes_are_capped_as_the_import_caps_them(tmp_path: Path, run: Run) -> None:
    """A fraction format over every figure of a table: the first 20 notes, then how many more, in
    check as in the import (a crafted workbook must not flood the terminal)."""
    path = workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")  # an unsigned export, in C
    book = openpyxl.load_workbook(path)
    for row in book.active.iter_rows(min_col=3, max_col=3):
        row[0].number_format = "# ?/?"
    book.save(path)
    notes = import_notes(run, path)
    assert len(notes) == 21 and notes[-1].startswith("……另有 ")
    found = run.json("check", path)
    assert noted(found["problems"]) == notes
    code, out, _ = run("check", path)
    assert code == 0
    assert out.count(f"警告\t{RULE}\t") == 21


ROWS = "“其中：主动公开规范性文件数”、“制发规范性文件总数”"


def test_rows_not_found_count_as_blank_in_a_check_and_are_not_changed_by_the_import(
    tmp_path: Path, run: Run
) -> None:
    """A check changes nothing: the rows a workbook lacks are said as what they are there (their
    cells count as not filled in), not as cells the import leaves alone."""
    path = workbook(tmp_path / "缺行.xlsx", "财政局")
    book = openpyxl.load_workbook(path)
    book.worksheets[0].delete_rows(7, 2)  # the two rows under 主动公开政府信息数
    book.save(path)
    assert f"表中没有找到以下行（这些格不会被改动）：{ROWS}" in import_notes(run, path)
    code, out, err = run("check", path)
    assert code == 0, out + err
    assert out.splitlines() == [
        f"警告\t{RULE}\t表中没有找到以下行（这些格算作空格未填）：{ROWS}",
        "共 0 个错误，1 个警告，2 个空格未填（共 58 格）。",
    ]


F2021 = "gov-disclosure-2021"


def export_2021(path: Path, changes: dict[str, object] | None = None) -> Path:
    """A 2021 report of consistent figures (``changes`` to them) exported unsigned to ``path``."""
    from consistent_report import consistent_values

    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.layout.export_xlsx import export_xlsx
    from govreport_gui.core.ops.snapshot import report_data
    from govreport_gui.core.store.draft import Draft

    form = get_form(F2021)
    values = {**consistent_values(form), **(changes or {})}
    fields = {"unit": "教育局", "year": "2022"}
    with Draft.create(path.with_suffix(".nianbao"), form, "填报人", fields, values) as draft:
        export_xlsx(report_data(draft), path, draft_mode=True)
    return path


def test_a_table_without_figures_is_said_once_by_its_blank_cells(tmp_path: Path, run: Run) -> None:
    """A table found with no figure is a table not filled in: its blank cells say it; a warning
    beside them would count it twice. The import still says what it does with the table."""
    from govreport_gui.core.forms.registry import get_form

    appeals = next(t for t in get_form(F2021).tables if t.id == "appeals")
    path = export_2021(tmp_path / "空表.xlsx", dict.fromkeys(c.id for c in appeals.cells))
    empty = "表格“四、政府信息公开行政复议、行政诉讼情况”中没有数字，按空白处理"
    code, out, err = run("import-xlsx", path, tmp_path / "导入.nianbao")
    assert code == 0 and f"注意：{empty}" in out, out + err
    code, out, err = run("check", path)
    assert code == 0, out + err
    assert out.splitlines() == [
        f"共 0 个错误，0 个警告，{len(appeals.cells)} 个空格未填（共 200 格）。"
    ]


def test_a_count_shown_in_another_unit_is_checked_as_the_number(tmp_path: Path, run: Run) -> None:
    """12件 on a row counted in 条: the import says it imported 12, a check that it checked 12."""
    path = formatted(tmp_path, PROACTIVE, 12, '0"件"')
    assert f"{SHOWN}已按 12 导入，请核对单位。" in import_notes(run, path)
    code, out, err = run("check", path)
    assert code == 0, out + err
    assert f"警告\t{RULE}\t{SHOWN}按 12 校验，请核对单位。\n" in out
    assert "导入" not in out


def hand_2014(tmp_path: Path, extra: list[list[Any]] | None = None) -> Path:
    """The 2014 table typed by hand (test_import_xlsx), with ``extra`` lines under it."""
    from test_import_xlsx import hand_made_2014

    return hand_made_2014(tmp_path / "hand.xlsx", extra)


def checked_notes(run: Run, path: Path) -> list[str]:
    """The warnings ``file.workbook_note`` of ``check`` (the text output), rows not found aside."""
    code, out, err = run("check", path)
    assert code == 0, out + err
    said = [line.split("\t", 2)[2] for line in out.splitlines() if line.startswith("警告\t")]
    return [line for line in said if not line.startswith("表中没有找到以下行")]


def test_a_not_applicable_mark_counts_as_blank_in_a_check(tmp_path: Path, run: Run) -> None:
    """A “/” in a figure's cell: the import leaves the cell blank (已按空白导入); in a check the
    cell counts as not filled in — not as 0."""
    path = hand_2014(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active["B11"] = "/"  # 1、当面申请数
    book.save(path)
    where = "工作表“Sheet1”B11“当面申请数”"
    said = f"1 格写的是“/”或“—”（不适用），已按空白导入（不是 0）：{where}"
    assert said in import_notes(run, path)
    assert checked_notes(run, path) == [
        f"1 格写的是“/”或“—”（不适用），算作空格未填（不是 0）：{where}"
    ]


NOTE = "注：本表统计时限为当年1月1日至12月31日。"


def test_a_tables_note_is_not_checked(tmp_path: Path, run: Run) -> None:
    """A 注 line under the table: the import says it did not import it; a check, that it is no
    row of the table and was not checked."""
    path = hand_2014(tmp_path, [[NOTE]])
    note = f"工作表“Sheet1”第 23 行“{NOTE}”是表注（表格的说明文字），不是统计表的行，"
    assert f"{note}没有导入" in import_notes(run, path)
    assert checked_notes(run, path) == [f"{note}没有参与校验"]


def test_a_column_the_form_does_not_have_is_not_checked(tmp_path: Path, run: Run) -> None:
    """A 历年累计 column beside 统计数: its figures are not imported, and not checked."""
    path = hand_2014(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["D4"], sheet["D6"], sheet["D13"] = "历年累计", 120, 50
    book.save(path)
    column = "工作表“Sheet1”D6起的“历年累计”一列不是本表单的列，其中 2 行的数字"
    assert f"{column}没有导入" in import_notes(run, path)
    assert checked_notes(run, path) == [f"{column}没有参与校验"]


def test_a_heading_rows_figures_are_not_checked(tmp_path: Path, run: Run) -> None:
    """Table 三 as a 2019 report has it: one （六）其他处理 row with the sum of 2021's three rows
    under it, which are gone. The import says the row's figures were not imported; a check, that
    they were not checked."""
    path = export_2021(tmp_path / "六.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["三、收到和处理政府信息公开申请情况"]
    assert sheet["A32"].value == "（六）其他处理"
    for col in range(2, 9):  # B:H, 自然人 … 总计
        sheet.cell(32, col).value = sum(sheet.cell(r, col).value or 0 for r in (33, 34, 35))
    sheet.delete_rows(33, 3)
    book.save(path)
    rows = "“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”、“2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”、“3.其他”"
    row = (
        f"工作表“三、收到和处理政府信息公开申请情况”第 32 行“（六）其他处理”一行有数字，"
        f"但本表单在它下面分行填写（{rows}），这一行的数字"
    )
    code, out, err = run("import-xlsx", path, tmp_path / "导入.nianbao", "--form", F2021)
    assert code == 0 and f"注意：{row}没有导入：请按实际情况分别填入其下各行\n" in out, out + err
    said = [line for line in run("check", path)[1].splitlines() if line.startswith("警告\tfile.")]
    assert said == [
        f"警告\t{RULE}\t表中没有找到以下行（这些格算作空格未填）：{rows}",
        f"警告\t{RULE}\t{row}没有参与校验：请按实际情况分别填入其下各行",
    ]


def test_a_published_reports_heading_row_and_column_are_said_as_not_checked(
    tmp_path: Path, run: Run
) -> None:
    """A web page's table 三 with the 2019 （六）其他处理 row and a 小计 column: check's errors of
    the file say their figures were not checked, once (not “没有导入” and then “未能读出”)."""
    from published_reports import add_column, cms_html, example_2021_file, load
    from test_import_real_variants import THREE

    def change(tables: dict[str, Any]) -> None:
        grid = tables[THREE]
        body = len(grid.rows) - len(grid.header)
        add_column(grid, grid.stub_cols + 6, "小计", [str(9000 + n) for n in range(body)])

    doc = load(example_2021_file(tmp_path))
    path = cms_html(tmp_path / "六.html", doc, six_as_2019=True, change=change)
    rows = "“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”、“2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”、“3.其他”"
    row = (
        f"表格2第 28 行“（六）其他处理”一行有数字，但本表单在它下面分行填写（{rows}），这一行的数字"
    )
    column = "表格2第 4 行第 8 列起的“小计”一列不是本表单的列，其中 22 行的数字"
    code, out, err = run("import-report", path, "--values-out", tmp_path / "读出.json")
    assert code == 1, out + err
    assert f"  {row}没有导入：请按实际情况分别填入其下各行（有数字，未导入）\n" in out
    assert f"  {column}没有导入\n" in out
    code, out, err = run("check", path)
    assert code == 1, out + err
    assert out.splitlines()[:2] == [
        f"错误\tfile.row_unread\t{row}没有参与校验：请按实际情况分别填入其下各行",
        f"错误\tfile.column_unread\t{column}没有参与校验",
    ]
