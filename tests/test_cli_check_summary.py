"""``govreport check … --summary-xlsx OUT.xlsx`` (issue 17): the list of every report checked as a
workbook, read back as a reviewer reads it; reports of one unit and year found twice are named."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from signing import sign_off_as

from govreport_gui.cli.main import main
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
HEADERS = [
    "文件",
    "单位",
    "年度",
    "表单",
    "表单名称",
    "状态",
    "错误",
    "警告",
    "未填",
    "已签发",
    "签名",
    "签名人受信任",
    "签发人",
    "最后修改",
    "重复",
    "无法读取的原因",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def values(path: Path, unit: str, **changes: Any) -> Path:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["fields"]["unit"] = unit
    document["values"].update(changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def draft(path: Path, unit: str, signed: bool) -> Path:
    doc = load_values_document(EXAMPLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    d = Draft.create(path, doc.form, "填报人", {**doc.fields, "unit": unit}, doc.values)
    if signed:
        review.submit(d)
        sign_off_as(d, "沈涛")
    d.close()
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A 政务公开办's folder: a clean values file, one with an error, one with a blank cell, a draft
    being filled, a signed draft of the same unit as the clean one (a duplicate), an unreadable
    file."""
    root = tmp_path / "各部门"
    values(root / "a-clean.json", "财政局", gazette=7)  # figures unlike e-signed's
    values(root / "b-error.json", "教育局", received=1)
    values(root / "c-blank.json", "民政局", received=None)
    draft(root / "d-filling.nianbao", "公安局", signed=False)
    draft(root / "sub" / "e-signed.nianbao", "财政局", signed=True)
    (root / "f-broken.json").write_text("{", encoding="utf-8")
    os.utime(root / "a-clean.json", (1_700_000_000, 1_700_000_000))
    return root


def rows_of(path: Path) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path)
    sheet = book["报表清单"]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == HEADERS
    return [dict(zip(HEADERS, row, strict=True)) for row in table[1:]]


def test_the_list_has_one_row_per_report_with_every_column(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "清单.xlsx"
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(out_file))
    assert code == 2  # the worst file's: one cannot be read
    assert out.splitlines()[-1] == "共 6 份：通过 4（其中 1 份有空格未填），有错误 1，无法读取 1"
    rows = rows_of(out_file)
    # Sorted as check prints them.
    assert [r["文件"] for r in rows] == [line.split("\t")[0] for line in out.splitlines()[:-1]]
    by_name = {Path(r["文件"]).name: r for r in rows}

    clean = by_name["a-clean.json"]
    assert clean["单位"] == "财政局" and clean["年度"] == "2018"
    assert clean["表单"] == "gov-disclosure-2014"
    assert clean["表单名称"] == "政府信息公开情况统计表"
    assert clean["状态"] == "数值文件"
    assert (clean["错误"], clean["警告"], clean["未填"]) == (0, 0, 0)  # numbers, not text
    assert (clean["已签发"], clean["签名"], clean["签名人受信任"]) == ("—", "—", "—")
    assert clean["签发人"] is None
    assert clean["最后修改"] == _local(1_700_000_000)  # a values file: its modification time
    assert clean["无法读取的原因"] is None

    error = by_name["b-error.json"]
    assert isinstance(error["错误"], int) and error["错误"] >= 1
    assert error["重复"] is None

    assert by_name["c-blank.json"]["未填"] == 1

    filling = by_name["d-filling.nianbao"]
    assert (filling["单位"], filling["状态"], filling["已签发"]) == ("公安局", "填报中", "否")
    assert (filling["签名"], filling["签名人受信任"]) == ("—", "—")
    assert filling["最后修改"]  # the draft's last history time
    assert filling["错误"] == 0

    signed = by_name["e-signed.nianbao"]
    assert (signed["状态"], signed["已签发"], signed["签发人"]) == ("已签发", "是", "沈涛")
    assert signed["签名"] == "签名有效，签名人受信任"  # signed with this user's own key
    assert signed["签名人受信任"] == "是"

    broken = by_name["f-broken.json"]
    assert broken["状态"] == "无法读取"
    assert "JSON 格式错误" in broken["无法读取的原因"]
    assert broken["错误"] is None and broken["单位"] is None

    # The same unit and year twice (a values file and a signed draft): both named.
    assert clean["重复"] == str(folder / "sub" / "e-signed.nianbao")
    assert signed["重复"] == str(folder / "a-clean.json")
    assert (
        f"同一单位同一年度的报表有 2 份，数字不同：{folder / 'a-clean.json'}、"
        f"{folder / 'sub' / 'e-signed.nianbao'}（财政局，2018 年度）"
    ) in err.splitlines()
    assert err.count("同一单位同一年度") == 1


def test_the_sheet_is_ready_to_filter_and_says_what_was_checked(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "清单.xlsx"
    run(capsys, "check", str(folder), "--summary-xlsx", str(out_file))
    book = openpyxl.load_workbook(out_file)
    sheet = book["报表清单"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P7"
    assert sheet.column_dimensions["B"].width >= 20  # a Chinese unit name fits
    about = {
        row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row[0] != "校验时间"
    }
    assert about == {
        "校验的文件和文件夹": str(folder),
        "报表份数": 6,
        "通过": 4,
        "其中有空格未填": 1,
        "有错误": 1,
        "无法读取": 1,
        "同一单位同一年度重复": 2,
        "同一报告的其他格式（不算重复）": 0,
    }


def test_one_file_prints_as_before_and_writes_its_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = values(tmp_path / "r.json", "财政局", received=1)
    out_file = tmp_path / "one.xlsx"
    code, out, _ = run(capsys, "check", str(report), "--summary-xlsx", str(out_file))
    assert code == 1  # the file's own exit code
    assert out.splitlines()[-1].startswith("共 1 个错误")  # the single report, as before
    rows = rows_of(out_file)
    assert [r["文件"] for r in rows] == [str(report)]
    assert rows[0]["状态"] == "数值文件" and rows[0]["错误"] >= 1


@pytest.mark.parametrize("name", ["清单.xls", "清单.csv", "清单"])
def test_a_name_not_ending_in_xlsx_is_refused_before_checking(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path, name: str
) -> None:
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(tmp_path / name))
    assert code == 2
    assert out == ""  # nothing was checked
    assert "--summary-xlsx 的文件名应以 .xlsx 结尾" in err
    assert not (tmp_path / name).exists()


def test_an_existing_file_is_kept_unless_overwrite(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "清单.xlsx"
    out_file.write_bytes(b"mine")
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(out_file))
    assert code == 1 and out == ""
    assert "文件已存在，没有写入汇总表（如要覆盖，请加 --overwrite）" in err
    assert out_file.read_bytes() == b"mine"
    code, _, _ = run(capsys, "check", str(folder), "--summary-xlsx", str(out_file), "--overwrite")
    assert code == 2  # the worst file's, as without the list
    assert len(rows_of(out_file)) == 6


def test_a_folder_as_the_name_or_a_missing_folder_is_refused(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(tmp_path))
    assert code == 2 and out == "" and "是一个文件夹，不是文件名" in err
    missing = tmp_path / "没有" / "清单.xlsx"
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(missing))
    assert code == 2 and out == "" and "文件夹不存在" in err


def _local(stamp: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M:%S")


def test_many_copies_of_one_report_name_the_first_few_and_the_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder of 13 copies of one unit's report: each cell names 10 others and says how many
    there are, the stderr line names 10 and the total (a cell of 3,000 names nobody reads)."""
    root = tmp_path / "副本"
    for i in range(13):
        values(root / f"{i:02d}.json", "财政局", gazette=i)  # 13 versions, none alike
    out_file = tmp_path / "清单.xlsx"
    code, _, err = run(capsys, "check", str(root), "--summary-xlsx", str(out_file))
    assert code == 0
    first = rows_of(out_file)[0]["重复"]
    assert first.split("、")[0] == str(root / "01.json")
    assert first.endswith(f"{root / '10.json'} 等 12 份")
    assert first.count("、") == 9
    (line,) = [line for line in err.splitlines() if line.startswith("同一单位同一年度")]
    assert line.startswith(f"同一单位同一年度的报表有 13 份，数字不同：{root / '00.json'}、")
    assert line.endswith(f"{root / '09.json'} 等（共 13 份）（财政局，2018 年度）")


# -- text from outside that a workbook cannot hold -------------------------------------------------


def _damaged_cell(path: Path) -> Path:
    """A draft whose stored figure holds a NUL: unreadable, with a reason that quotes it."""
    import sqlite3

    draft(path, "公安局", signed=False)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE cell SET value = ? WHERE id = 'received'", ("1\x002",))
    con.close()
    return path


def test_control_characters_in_names_and_reasons_are_escaped_and_the_list_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "收到的"
    values(root / "a\x01b.json", "财政局")
    values(root / "a\x02b.json", "教育局")
    _damaged_cell(root / "c.nianbao")
    out_file = tmp_path / "清单.xlsx"
    code, out, err = run(capsys, "check", str(root), "--summary-xlsx", str(out_file))
    assert code == 2  # the damaged draft cannot be read; no internal error
    assert "内部错误" not in err
    assert f"已写入汇总表（3 份）：{out_file}" in err
    rows = rows_of(out_file)
    # Each name still tells its file, written as the terminal shows it.
    names = [r["文件"] for r in rows]
    assert names == [
        str(root / "a\\u0001b.json"),
        str(root / "a\\u0002b.json"),
        str(root / "c.nianbao"),
    ]
    assert names == [line.split("\t")[0] for line in out.splitlines()[:-1]]
    damaged = rows[2]
    assert damaged["状态"] == "无法读取"
    assert "1\\u00002" in damaged["无法读取的原因"]  # the NUL quoted, visibly


@pytest.mark.skipif(os.name != "posix", reason="a file name of bytes that are not UTF-8: POSIX")
def test_a_file_name_that_is_not_utf8_is_written_by_its_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "收到的"
    values(root / os.fsdecode(b"gbk-\xb2\xc6.json"), "财政局")  # 财 in GBK
    out_file = tmp_path / "清单.xlsx"
    code, _out, err = run(capsys, "check", str(root), "--summary-xlsx", str(out_file))
    assert code == 0, err
    assert [r["文件"] for r in rows_of(out_file)] == [str(root / "gbk-\\xb2\\xc6.json")]


def test_a_control_character_in_a_name_given_is_escaped_in_the_about_sheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "x\x1b[2J.json"  # named on the command line; it does not exist
    report = values(tmp_path / "r.json", "财政局")
    out_file = tmp_path / "清单.xlsx"
    code, _out, err = run(
        capsys, "check", str(report), str(missing), "--summary-xlsx", str(out_file)
    )
    assert code == 2 and "内部错误" not in err
    book = openpyxl.load_workbook(out_file)
    checked = [
        row[1] for row in book["说明"].iter_rows(values_only=True) if row[0] == "校验的文件和文件夹"
    ]
    assert checked == [str(report), str(tmp_path / "x\\u001b[2J.json")]


def test_one_unreadable_file_still_gets_its_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As README says: the same check, one file or many, and the list of every report (a row
    无法读取 with the reason); the file's own error and exit code as without the list."""
    broken = tmp_path / "坏.json"
    broken.write_text("{", encoding="utf-8")
    out_file = tmp_path / "one.xlsx"
    code, _out, err = run(capsys, "check", str(broken), "--summary-xlsx", str(out_file))
    assert code == 2
    assert "JSON 格式错误" in err  # the single check's message, as without the list
    assert f"已写入汇总表（1 份）：{out_file}" in err
    rows = rows_of(out_file)
    assert [(r["文件"], r["状态"]) for r in rows] == [(str(broken), "无法读取")]
    assert "JSON 格式错误" in rows[0]["无法读取的原因"]


def test_one_unreadable_draft_gets_its_list_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    damaged = _damaged_cell(tmp_path / "坏.nianbao")
    out_file = tmp_path / "one.xlsx"
    code, _out, err = run(capsys, "check", str(damaged), "--summary-xlsx", str(out_file))
    assert code == 2 and "内部错误" not in err
    rows = rows_of(out_file)
    assert rows[0]["状态"] == "无法读取" and "1\\u00002" in rows[0]["无法读取的原因"]


# -- the list never replaces a report it checks --------------------------------------------------


def test_the_list_over_a_report_in_the_folder_is_refused_before_checking(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    report = folder / "sub" / "财政局.xlsx"  # a unit's workbook among the reports
    report.write_bytes(b"the unit's own workbook")
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(report), "--overwrite")
    assert code == 2 and out == ""  # nothing was checked
    assert err.endswith(
        f"govreport：汇总表的文件“{report}”是要校验的报表之一，覆盖它就没有这份报表了："
        "请给汇总表另起一个文件名。没有校验，也没有写入任何文件。\n"
    )
    assert report.read_bytes() == b"the unit's own workbook"


@pytest.mark.parametrize("many", [False, True], ids=["one-file", "files"])
def test_the_list_over_a_file_given_is_refused_by_any_of_its_names(
    capsys: pytest.CaptureFixture[str], folder: Path, many: bool
) -> None:
    report = folder / "财政局.xlsx"
    report.write_bytes(b"the unit's own workbook")
    os.link(report, folder / "硬链接.xlsx")
    given = [str(report), str(folder / "a-clean.json")] if many else [str(report)]
    for name in (report, folder / "sub" / ".." / "财政局.xlsx", folder / "硬链接.xlsx"):
        code, out, err = run(capsys, "check", *given, "--summary-xlsx", str(name), "--overwrite")
        assert code == 2 and out == ""
        assert f"汇总表的文件“{name}”是要校验的报表之一" in err
    assert report.read_bytes() == b"the unit's own workbook"


def test_a_list_of_an_earlier_check_in_the_folder_is_replaced(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    """The list itself is no report (the walk skips it): checking again may replace it."""
    target = folder / "汇总.xlsx"
    code, _, _ = run(capsys, "check", str(folder), "--summary-xlsx", str(target))
    assert code == 2 and len(rows_of(target)) == 6
    code, out, err = run(capsys, "check", str(folder), "--summary-xlsx", str(target), "--overwrite")
    assert code == 2 and len(rows_of(target)) == 6  # not a row of its own
    assert f"注意：已跳过本程序导出的报表清单（不是单位的年报）：{target}" in err
    assert out.splitlines()[-1] == "共 6 份：通过 4（其中 1 份有空格未填），有错误 1，无法读取 1"
