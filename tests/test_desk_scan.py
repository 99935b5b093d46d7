"""core/ops/desk_scan.py (issue 17): the 审核台's list of a folder — which files, one row each, what
changed since — read as a reviewer checks it. No Qt here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from desk_samples import draft, reviewer_folder, values_file

from govreport_gui.core.ops import check_summary, desk_scan
from govreport_gui.core.ops.check_summary import SummaryRow
from govreport_gui.core.ops.desk_scan import DeskScan, collect, read, scan_file


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return reviewer_folder(tmp_path / "各部门")


def rows_by_name(folder: Path, published: bool = False) -> dict[str, SummaryRow]:
    files, _empty = collect([folder], published)
    rows = [scan_file(path) for path in files]
    desk_scan.mark_all_duplicates(rows)
    return {Path(row.file).name: row for row in rows}


def test_the_folder_lists_reports_only_and_never_follows_a_link(folder: Path) -> None:
    told: list[str] = []
    files, empty = collect([folder], notice=told.append)
    assert [p.relative_to(folder).as_posix() for p in files] == [
        "a-财政局.json",
        "b-教育局.json",
        "c-公安局.nianbao",
        "e-民政局.nianbao",
        "f-水利局.xlsx",
        "g-坏文件.json",
        "sub/d-财政局.nianbao",
    ]
    assert empty == []
    assert f"注意：已跳过链接（文件夹中的链接不跟随）：{folder / 'h-link.json'}" in told
    assert f"注意：已跳过链接（文件夹中的链接不跟随）：{folder / 'i-linked-folder'}" in told


def test_published_reports_are_listed_only_when_asked(folder: Path) -> None:
    (folder / "j-年报.docx").write_bytes(b"PK\x03\x04 not really")
    assert "j-年报.docx" not in rows_by_name(folder)
    row = rows_by_name(folder, published=True)["j-年报.docx"]
    assert row.unreadable  # a broken Word file: a row that says why, not a crash


def test_each_kind_of_file_is_one_row_with_its_counts_and_signature(folder: Path) -> None:
    rows = rows_by_name(folder)
    clean = rows["a-财政局.json"]
    assert (clean.unit, clean.year, clean.status) == ("财政局", "2018", "数值文件")
    assert (clean.errors, clean.warnings, clean.blanks) == (0, 0, 0)
    assert clean.last_change  # a values file: its modification time
    assert rows["b-教育局.json"].errors
    filling = rows["c-公安局.nianbao"]
    assert (filling.status, filling.signed, filling.signature) == ("填报中", "否", "—")
    signed = rows["d-财政局.nianbao"]
    assert (signed.signed, signed.trusted, signed.signer) == ("是", "是", "沈涛")
    assert signed.signature == "签名有效，签名人受信任"
    tampered = rows["e-民政局.nianbao"]
    assert tampered.signature == "签发后被改动（签名无效）"
    assert check_summary.failed(tampered)
    book = rows["f-水利局.xlsx"]
    assert (book.unit, book.status, book.errors) == ("水利局", "导出的工作簿", 0)
    broken = rows["g-坏文件.json"]
    assert broken.status == "无法读取" and "数值文件" in broken.unreadable
    assert "\n" not in broken.unreadable  # one line in a table cell


def test_the_same_unit_and_year_twice_is_marked_on_both(folder: Path) -> None:
    rows = rows_by_name(folder)
    assert rows["a-财政局.json"].duplicate_count == 1
    assert rows["d-财政局.nianbao"].duplicates == [str(folder / "a-财政局.json")]
    assert rows["b-教育局.json"].duplicate_count == 0


def test_a_duplicate_mark_goes_when_the_other_copy_goes(folder: Path) -> None:
    rows = [scan_file(folder / "a-财政局.json"), scan_file(folder / "sub" / "d-财政局.nianbao")]
    desk_scan.mark_all_duplicates(rows)
    assert rows[0].duplicate_count == 1
    desk_scan.mark_all_duplicates(rows[:1])
    assert rows[0].duplicate_count == 0 and rows[0].duplicates == []


def test_the_summary_line_counts_as_check_does(folder: Path) -> None:
    rows = list(rows_by_name(folder).values())
    # b has an error, e's signature no longer holds, g cannot be read.
    assert desk_scan.summary_line(rows) == "共 7 份：通过 4，有错误 2，无法读取 1"


def test_a_file_that_cannot_be_read_is_a_row_that_says_why(tmp_path: Path) -> None:
    missing = scan_file(tmp_path / "不存在.json")
    assert missing.status == "无法读取" and missing.unreadable
    folder = tmp_path / "dir.nianbao"
    folder.mkdir()
    assert scan_file(folder).unreadable
    fake = tmp_path / "zip.nianbao"
    fake.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert "不是年报草稿" in scan_file(fake).unreadable


def test_looking_again_reads_only_what_changed(folder: Path) -> None:
    scan = DeskScan([folder])
    first = scan.plan()
    assert len(first.to_read) == 7 and first.removed == []
    scan.apply([read(path) for path in first.to_read])
    assert scan.plan().to_read == []  # nothing changed: nothing read again
    assert len(scan.plan(everything=True).to_read) == 7  # F5 reads all

    changed = values_file(folder / "a-财政局.json", "财政局", received=1)
    os.utime(changed, (1_700_000_000, 1_700_000_000))  # a different time, whatever the clock
    added = draft(folder / "sub" / "k-新单位.nianbao", "新单位")
    (folder / "c-公安局.nianbao").unlink()
    again = scan.plan()
    assert set(again.to_read) == {changed, added}
    assert again.removed == [str(folder / "c-公安局.nianbao")]
    scan.apply([read(path) for path in again.to_read], again.removed)
    assert scan.rows[str(changed)].errors
    assert str(folder / "c-公安局.nianbao") not in scan.rows
    assert len(scan.rows) == 7


def test_the_folders_to_watch_are_those_listed_without_links(folder: Path) -> None:
    watched = desk_scan.folders_of([folder, folder / "sub" / "d-财政局.nianbao"])
    assert watched == [folder, folder / "sub"]


def test_check_uses_the_same_walk(folder: Path) -> None:
    from govreport_gui.cli import check_command

    assert check_command.collect([folder]) == collect([folder])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_hostile_files_in_the_folder_are_rows_that_say_why(tmp_path: Path) -> None:
    """A pipe named like a report must not block the scan; a huge file is not read."""
    folder = tmp_path / "收到的"
    folder.mkdir()
    for name in ("a.json", "b.nianbao", "c.xlsx"):
        os.mkfifo(folder / name)
    with (folder / "d.json").open("wb") as big:
        big.truncate(50_000_000)
    rows = rows_by_name(folder)
    assert sorted(rows) == ["a.json", "b.nianbao", "c.xlsx", "d.json"]
    for name in ("a.json", "b.nianbao", "c.xlsx"):
        assert "不是普通文件" in rows[name].unreadable
    assert "文件过大" in rows["d.json"].unreadable
    assert desk_scan.summary_line(list(rows.values())) == "共 4 份：通过 0，有错误 0，无法读取 4"


def test_a_report_with_blank_cells_is_said_as_check_says_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """通过 says no error, not filled in: the 审核台 says the blank cells beside it, in the words
    ``check FOLDER`` prints for the same report, its summary line too."""
    from govreport_gui.cli.main import main

    folder = tmp_path / "收到的"
    values_file(folder / "a-财政局.json", "财政局", gazette=None, received=None)
    values_file(folder / "b-教育局.json", "教育局")
    rows = rows_by_name(folder)
    assert desk_scan.verdict(rows["a-财政局.json"]) == "通过，0 个错误，0 个警告，2 个空格未填"
    assert desk_scan.verdict(rows["b-教育局.json"]) == "通过，0 个错误，0 个警告"
    line = "共 2 份：通过 2（其中 1 份有空格未填），有错误 0，无法读取 0"
    assert desk_scan.summary_line(list(rows.values())) == line

    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{folder / 'a-财政局.json'}\t通过\t0 个错误\t0 个警告\t2 个空格未填",
        f"{folder / 'b-教育局.json'}\t通过\t0 个错误\t0 个警告",
        line,
    ]
