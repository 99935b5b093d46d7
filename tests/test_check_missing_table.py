"""``govreport check`` of a published report that lacks one of its statistics tables: the report is
incomplete, not blank. One error of the file (file.table_missing) per table not found, named as the
report prints it; its cells are not counted as blanks — in the text, --json, check FOLDER and the
审核台. A table found but partly empty still counts its blanks as blanks; a 2014 report, whose one
table is the whole 统计表, is unreadable without it (no figure to check at all)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_run import Run, run
from published_reports import (
    SEED_VALUES,
    example_2019_file,
    example_2021_file,
    export_html,
    load,
    values_file,
)
from test_check_hidden_cells import assert_one_error_in_folder

from govreport_gui.core.ops.desk_scan import scan_file

_ = run  # the fixture of cli_run
THREE = "三、收到和处理政府信息公开申请情况"


def without_table(page: Path, target: Path, words: str) -> Path:
    """The web page ``page`` without the table whose text holds ``words``."""
    text = page.read_text(encoding="utf-8")
    tables = list(re.finditer(r"<table.*?</table>", text, re.S))
    cut = next(t for t in tables if words in re.sub(r"<[^>]+>", "", t.group()))
    target.write_text(text[: cut.start()] + text[cut.end() :], encoding="utf-8")
    return target


@pytest.fixture(params=["2019", "2021"])
def report(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A 2019 or 2021 report as a web page, as published: all its tables."""
    maker = example_2019_file if request.param == "2019" else example_2021_file
    return export_html(tmp_path / "full.html", load(maker(tmp_path)))


def test_a_report_without_its_table_three_has_an_error_not_blanks(
    report: Path, tmp_path: Path, run: Run
) -> None:
    cut = without_table(report, tmp_path / "x.html", "本年新收政府信息公开申请数量")
    code, out, _ = run("check", cut)
    assert code == 1, out
    lines = out.splitlines()
    assert lines[0].startswith(f"错误\tfile.table_missing\t没有读出统计表“{THREE}”")
    assert "格都没有读到数字，报告不完整（不算作空格未填）" in lines[0]
    assert re.fullmatch(r"共 1 个错误，0 个警告，0 个空格未填（共 \d+ 格）。", lines[-1])
    data = run.json("check", cut)
    assert (data["errors"], data["blank"], data["blank_cells"]) == (1, 0, [])
    (problem,) = data["problems"]
    assert problem["rule"] == "file.table_missing" and problem["severity"] == "error"
    assert len(problem["cells"]) > 100  # the table's cells, none of them a blank to fill
    row = scan_file(cut)  # the 审核台 counts as check does
    assert (row.errors, row.blanks) == (1, 0)


def test_a_missing_table_fails_a_folder_check(report: Path, tmp_path: Path, run: Run) -> None:
    folder = tmp_path / "各部门"
    folder.mkdir()
    without_table(report, folder / "x.html", "本年新收政府信息公开申请数量")
    assert assert_one_error_in_folder(run, folder)["blank"] == 0


def test_a_missing_table_of_section_two_is_named_with_its_item(tmp_path: Path, run: Run) -> None:
    page = export_html(tmp_path / "full.html", load(example_2021_file(tmp_path)))
    cut = without_table(page, tmp_path / "x.html", "第二十条第（一）项")
    code, out, _ = run("check", cut)
    assert code == 1, out
    assert out.splitlines()[0].startswith(
        "错误\tfile.table_missing\t没有读出统计表“二、主动公开政府信息情况 第二十条第（一）项”"
    )
    assert out.splitlines()[-1] == "共 1 个错误，0 个警告，0 个空格未填（共 200 格）。"


def test_a_table_found_but_partly_empty_counts_its_blanks(tmp_path: Path, run: Run) -> None:
    """Table 三 printed with three figures left blank: three blanks, no file error."""
    doc = load(example_2021_file(tmp_path))
    values = dict(doc.values)
    three = [c.id for c in doc.form.cells if c.table_id == "applications" and values.get(c.id)]
    for cell_id in three[-3:]:
        values[cell_id] = None
    partly = values_file(tmp_path / "p.json", doc.form.id, values, doc.fields)
    page = export_html(tmp_path / "p.html", load(partly))
    _, out, _ = run("check", page)
    assert "file.table_missing" not in out
    assert re.search(r"共 \d+ 个错误，\d+ 个警告，3 个空格未填（共 200 格）。$", out), out
    assert scan_file(page).blanks == 3


def test_a_2014_report_without_its_table_is_not_a_report_of_blanks(
    tmp_path: Path, run: Run
) -> None:
    page = export_html(tmp_path / "full.html", load(SEED_VALUES))
    cut = without_table(page, tmp_path / "x.html", "主动公开政府信息数")
    code, out, err = run("check", cut)
    assert code == 2, out
    assert "没有从中读出统计表的数字" in err and "空格未填" not in out


def test_a_2014_report_with_blanks_in_its_table_counts_them(tmp_path: Path, run: Run) -> None:
    doc = load(SEED_VALUES)
    values = {**doc.values, "gazette": None, "weibo": None}
    page = export_html(
        tmp_path / "p.html", load(values_file(tmp_path / "p.json", doc.form.id, values, doc.fields))
    )
    _, out, _ = run("check", page)
    assert "file.table_missing" not in out
    assert out.splitlines()[-1].endswith("2 个空格未填（共 58 格）。"), out
