"""What an acceptance tester found in the 审核台 and ``check FOLDER`` (issue 17), core and command
line: the program's own list workbook saved among the reports, one report in several formats, a
signature that no longer holds, a locked sub-folder. Read back as a reviewer would."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from desk_samples import draft, tamper, values_file

from govreport_gui.cli.main import main
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops import desk_scan
from govreport_gui.core.ops.check_summary import write_summary
from govreport_gui.core.ops.desk_scan import collect, scan_file
from govreport_gui.core.ops.report_file import NotAReportError, read_report_file
from govreport_gui.core.ops.snapshot import report_data
from govreport_gui.core.store.draft import Draft


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def exported(source: Path, target: Path) -> Path:
    """The workbook exported from a draft, as the unit would send it along with the draft."""
    with Draft.open(source, "审核人", readonly=True) as d:
        export_xlsx(report_data(d), target)
    return target


def rows_by_name(paths: list[Path]) -> dict[str, Any]:
    files, _ = collect(paths)
    rows = [scan_file(path) for path in files]
    desk_scan.mark_all_duplicates(rows)
    return {Path(row.file).name: row for row in rows}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "各部门"
    values_file(root / "a-财政局.json", "财政局")
    values_file(root / "b-教育局.json", "教育局")
    return root


# -- the list workbook among the reports --------------------------------------------------------


def listed(folder: Path, target: Path) -> Path:
    rows = [scan_file(path) for path in collect([folder])[0]]
    return write_summary(rows, target, [str(folder)])


def test_a_list_saved_in_the_folder_is_skipped_with_a_note(folder: Path) -> None:
    saved = listed(folder, folder / "审核台清单.xlsx")
    told: list[str] = []
    files, _ = collect([folder], notice=told.append)
    assert [p.name for p in files] == ["a-财政局.json", "b-教育局.json"]
    assert told == [f"注意：已跳过本程序导出的报表清单（不是单位的年报）：{saved}"]
    with pytest.raises(NotAReportError) as caught:
        read_report_file(saved)
    assert "报表清单" in caught.value.message and "不是单位的年报" in caught.value.message


def test_a_list_written_before_the_mark_is_known_by_its_sheets(folder: Path) -> None:
    old = folder / "旧清单.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "报表清单"
    book.create_sheet("说明")
    book.save(old)
    assert [p.name for p in collect([folder])[0]] == ["a-财政局.json", "b-教育局.json"]


def test_check_of_the_folder_skips_the_list_and_names_it_once(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    target = folder / "清单.xlsx"
    code, _, _ = run(capsys, "check", str(folder), "--summary-xlsx", str(target))
    assert code == 0
    code, out, err = run(capsys, "check", str(folder))  # the list is now in the folder
    assert code == 0
    assert "无法读取" not in out.replace("无法读取 0", "")
    assert out.splitlines()[-1] == "共 2 份：通过 2，有错误 0，无法读取 0"
    assert err.count(str(target)) == 1 and "报表清单" in err


def test_check_of_a_list_named_says_it_is_a_list(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    saved = listed(folder, tmp_path / "清单.xlsx")
    code, _out, err = run(capsys, "check", str(saved))
    assert code == 2
    assert "这是本程序导出的报表清单" in err and "不是单位的年报" in err


# -- one report in several formats ---------------------------------------------------------------


def test_a_signed_draft_and_its_workbook_are_one_report_not_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "各部门"
    signed = draft(root / "财政局.nianbao", "财政局", signed=True)
    exported(signed, root / "财政局.xlsx")
    values_file(root / "财政局-修改版.json", "财政局", gazette=7)  # other figures: a duplicate
    rows = rows_by_name([root])
    book, copy, other = rows["财政局.nianbao"], rows["财政局.xlsx"], rows["财政局-修改版.json"]
    assert book.digest == copy.digest != other.digest
    assert book.copies == [copy.file] and copy.copies == [book.file]
    assert book.duplicates == [other.file] and book.duplicate_count == 1
    assert other.duplicate_count == 2 and other.copy_count == 0
    assert book.duplicate_text() == f"{other.file}；同一报告的其他格式：{copy.file}"


def test_check_names_the_other_formats_apart_from_duplicates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "各部门"
    signed = draft(root / "财政局.nianbao", "财政局", signed=True)
    exported(signed, root / "财政局.xlsx")
    target = tmp_path / "清单.xlsx"
    code, _, err = run(capsys, "check", str(root), "--summary-xlsx", str(target))
    assert code == 0
    assert "同一单位同一年度的报表有" not in err
    assert "同一报告的 2 个文件（数字相同，是其他格式，不算重复）" in err
    sheet = openpyxl.load_workbook(target)
    rows = list(sheet["报表清单"].iter_rows(values_only=True))
    assert [r[14] for r in rows[1:]] == [
        f"同一报告的其他格式：{root / '财政局.xlsx'}",
        f"同一报告的其他格式：{root / '财政局.nianbao'}",
    ]
    about = dict(
        r for r in sheet["说明"].iter_rows(values_only=True) if r[0] != "校验的文件和文件夹"
    )
    assert about["同一单位同一年度重复"] == 0
    assert about["同一报告的其他格式（不算重复）"] == 2


# -- a signature that no longer holds ---------------------------------------------------------


def test_a_report_changed_after_sign_off_is_not_called_signed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    changed = tamper_signed(tmp_path / "各部门" / "民政局.nianbao")
    row = scan_file(changed)
    assert row.status == "签名无效"
    target = tmp_path / "清单.xlsx"
    run(capsys, "check", str(changed.parent), "--summary-xlsx", str(target))
    rows = list(openpyxl.load_workbook(target)["报表清单"].iter_rows(values_only=True))
    assert rows[1][5] == "签名无效"


def tamper_signed(path: Path) -> Path:
    tamper(draft(path, "民政局", signed=True))
    return path


# -- a locked sub-folder ----------------------------------------------------------------------


def test_a_locked_sub_folder_is_called_a_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = folder / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path: Any) -> Any:  # as for another user's folder (the tests may run as root)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    told: list[str] = []
    collect([folder], notice=told.append)
    assert told == [f"注意：没有权限读取文件夹：{locked}"]
