"""``govreport check`` over many files and folders in one process (issue 14): one line per file and
a summary, JSON Lines with ``--json``, the worst exit code, hostile files as one line each."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from signing import sign_off_as
from unlistable import cli_without_permissions, deny_listing

from govreport_gui.cli import common
from govreport_gui.cli.main import main
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store import draft as draft_module
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def values(path: Path, **changes: Any) -> Path:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["values"].update(changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def signed_draft(path: Path) -> Path:
    doc = load_values_document(EXAMPLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    d = Draft.create(path, doc.form, "填报人", doc.fields, doc.values)
    review.submit(d)
    sign_off_as(d, "沈涛")
    d.close()
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A unit office's folder: a clean report, one with a warning, one with an error (in a
    sub-folder), a signed draft, and a file that is no report at all (ignored: not .json)."""
    root = tmp_path / "各部门"
    values(root / "b-clean.json")
    values(root / "a-warning.json", proactive_info=999)
    values(root / "sub" / "c-error.json", received=1)
    signed_draft(root / "sub" / "d-signed.nianbao")
    (root / "说明.txt").write_text("不是报表", encoding="utf-8")
    return root


def test_one_file_prints_the_single_report_as_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "check", str(values(tmp_path / "a.json")))
    assert code == 0
    assert out == "共 0 个错误，0 个警告，0 个空格未填（共 58 格）。\n"
    code, out, _ = run(capsys, "check", str(tmp_path / "a.json"), "--json")
    data = json.loads(out)  # one object, as before: no "file" key, no summary
    assert "file" not in data and data["errors"] == 0


def test_a_folder_gives_one_line_per_file_sorted_and_a_summary(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, out, err = run(capsys, "check", str(folder))
    lines = out.splitlines()
    files = [line.split("\t")[0] for line in lines[:-1]]
    assert (
        files
        == sorted(files)
        == [
            str(folder / "a-warning.json"),
            str(folder / "b-clean.json"),
            str(folder / "sub" / "c-error.json"),
            str(folder / "sub" / "d-signed.nianbao"),
        ]
    )
    by_file = {line.split("\t")[0]: line.split("\t")[1:] for line in lines[:-1]}
    assert by_file[str(folder / "a-warning.json")] == ["通过", "0 个错误", "1 个警告"]
    assert by_file[str(folder / "b-clean.json")] == ["通过", "0 个错误", "0 个警告"]
    assert by_file[str(folder / "sub" / "c-error.json")][0] == "有错误"
    signed = by_file[str(folder / "sub" / "d-signed.nianbao")]
    assert signed[:3] == ["通过", "0 个错误", "0 个警告"]
    assert signed[3].startswith("签名：签名有效，签名人受信任")
    assert lines[-1] == "共 4 份：通过 3，有错误 1，无法读取 0"
    assert code == 1  # the worst of them: errors found
    # The folder holds one unit's report four times (made from one example), with different
    # figures: said on stderr in one line, naming the two with the same figures (b and d).
    assert err.startswith("同一单位同一年度的报表有 4 份，数字不同：") and err.count("\n") == 1
    same = err.split("其中数字相同的（同一报告的其他格式）：")[1].strip()
    assert same.split("、") == [
        str(folder / "b-clean.json"),
        str(folder / "sub" / "d-signed.nianbao"),
    ]


def test_files_and_folders_together_each_file_once(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    extra = values(tmp_path / "extra.json")
    code, out, _ = run(
        capsys, "check", str(folder / "b-clean.json"), str(extra), str(folder / "sub")
    )
    files = [line.split("\t")[0] for line in out.splitlines()[:-1]]
    assert files == sorted(
        [str(folder / "b-clean.json"), str(extra), *(str(p) for p in (folder / "sub").iterdir())]
    )
    assert out.splitlines()[-1] == "共 4 份：通过 3，有错误 1，无法读取 0"
    assert code == 1
    code, out, _ = run(capsys, "check", str(extra), str(extra))
    assert out.splitlines() == [
        f"{extra}\t通过\t0 个错误\t0 个警告",
        "共 1 份：通过 1，有错误 0，无法读取 0",
    ]
    assert code == 0


def test_json_lines_are_the_single_objects_with_file_then_a_summary(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    code, out, _ = run(capsys, "check", str(folder), "--json")
    objects = [json.loads(line) for line in out.splitlines()]
    *per_file, summary = objects
    assert summary == {
        "summary": {
            "files": 4,
            "passed": 3,
            "failed": 1,
            "unreadable": 0,
            "exit_code": 1,
            "duplicates": [
                {
                    "unit": "自治区机关事务管理局",
                    "year": "2018",
                    "files": [
                        str(folder / "a-warning.json"),
                        str(folder / "b-clean.json"),
                        str(folder / "sub" / "c-error.json"),
                        str(folder / "sub" / "d-signed.nianbao"),
                    ],
                }
            ],
        }
    }
    assert code == 1
    for obj in per_file:
        path = obj.pop("file")
        _, single, _ = run(capsys, "check", path, "--json")
        assert obj == json.loads(single)  # today's object for that file, plus "file"
    assert [o["errors"] > 0 for o in per_file] == [False, False, True, False]


def test_hostile_files_in_the_middle_are_one_line_each_and_never_stop_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "收到的"
    values(root / "1-good.json")
    (root / "2-broken.json").write_text('{"form": ', encoding="utf-8")
    (root / "3-garbage.nianbao").write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    (root / "4-zip.nianbao").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (root / "5-unknown-form.json").write_text(
        json.dumps({"form": "no-such-form", "values": {}}), encoding="utf-8"
    )
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "6-pipe.json")  # must be refused unread, never block the run
    (root / "7-text.json").write_bytes("\ud800".encode("utf-8", "surrogatepass"))
    values(root / "8-good.json")
    code, out, _ = run(capsys, "check", str(root))
    lines = out.splitlines()
    names = [Path(line.split("\t")[0]).name for line in lines[:-1]]
    expected = [
        "1-good.json",
        "2-broken.json",
        "3-garbage.nianbao",
        "4-zip.nianbao",
        "5-unknown-form.json",
        "6-pipe.json",
        "7-text.json",
        "8-good.json",
    ]
    if not hasattr(os, "mkfifo"):
        expected.remove("6-pipe.json")
    assert names == expected
    for line in lines[1:-2]:
        _path, status, reason = line.split("\t")
        assert status == "无法读取" and reason.strip(), line
    assert "未知的表单“no-such-form”" in lines[4]
    assert lines[-2].split("\t")[1] == "通过"
    bad = len(expected) - 2
    assert lines[-1] == f"共 {len(expected)} 份：通过 2，有错误 0，无法读取 {bad}"
    assert code == 2  # unusable input is the worst

    code, out, _ = run(capsys, "check", str(root), "--json")
    objects = [json.loads(line) for line in out.splitlines()]
    assert all(o.get("unreadable") for o in objects[1:-2])
    assert objects[-1]["summary"]["unreadable"] == bad


def test_a_bug_on_one_file_is_one_line_and_the_others_are_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.cli import check_command

    real = check_command.inspect_file

    def buggy(path: Path) -> check_command.Inspected:
        if path.name == "b.json":
            raise ZeroDivisionError("a bug")
        return real(path)

    monkeypatch.setattr(check_command, "inspect_file", buggy)
    for name in ("a.json", "b.json", "c.json"):
        values(tmp_path / "d" / name)
    code, out, _ = run(capsys, "check", str(tmp_path / "d"))
    lines = out.splitlines()
    assert lines[1].split("\t")[1:2] == ["无法读取"] and "内部错误（ZeroDivisionError）" in lines[1]
    assert lines[-1] == "共 3 份：通过 2，有错误 0，无法读取 1"
    assert code == 2


def test_an_empty_folder_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    (tmp_path / "空" / "readme.txt").write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path / "空"))
    assert code == 2 and out == ""
    assert (
        f"没有找到可校验的文件：文件夹“{tmp_path / '空'}”中没有草稿（.nianbao）、数值文件（.json）或导出的工作簿（.xlsx）"
        in err
    )


def test_an_empty_folder_beside_reports_is_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "空").mkdir()
    good = values(tmp_path / "a.json")
    code, out, err = run(capsys, "check", str(tmp_path / "空"), str(good))
    assert code == 0 and out.splitlines()[-1] == "共 1 份：通过 1，有错误 0，无法读取 0"
    assert (
        f"文件夹中没有草稿（.nianbao）、数值文件（.json）或导出的工作簿（.xlsx）：{tmp_path / '空'}"
        in err
    )


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_links_inside_a_folder_are_not_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    values(outside / "secret.json", received=1)  # an error, were it read
    root = tmp_path / "root"
    values(root / "a.json")
    (root / "link.json").symlink_to(outside / "secret.json")
    (root / "linked-folder").symlink_to(outside, target_is_directory=True)
    code, out, err = run(capsys, "check", str(root))
    assert out.splitlines() == [
        f"{root / 'a.json'}\t通过\t0 个错误\t0 个警告",
        "共 1 份：通过 1，有错误 0，无法读取 0",
    ]
    assert code == 0
    assert f"已跳过链接（文件夹中的链接不跟随）：{root / 'link.json'}" in err
    assert f"已跳过链接（文件夹中的链接不跟随）：{root / 'linked-folder'}" in err
    # A link named on the command line is what the user asked for.
    code, out, _ = run(capsys, "check", str(root / "link.json"), str(root / "a.json"))
    assert f"{root / 'link.json'}\t有错误" in out and code == 1


def test_a_signed_draft_changed_behind_the_programs_back_counts_as_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = signed_draft(tmp_path / "d" / "x.nianbao")
    values(tmp_path / "d" / "y.json")
    con = sqlite3.connect(str(path))
    with con:
        con.execute("UPDATE cell SET value = '7' WHERE id = 'gazette'")
    con.close()
    code, out, _ = run(capsys, "check", str(tmp_path / "d"))
    line = out.splitlines()[0].split("\t")
    assert line[1] == "有错误" and "签发后被改动（签名无效）" in line[4]
    assert out.splitlines()[-1] == "共 2 份：通过 1，有错误 1，无法读取 0"
    assert code == 1


def test_the_draft_suffix_is_the_stores() -> None:
    assert common.DRAFT_SUFFIX == draft_module.DRAFT_SUFFIX


def test_published_reports_in_a_folder_are_checked_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder of published reports: found with --published, and without it the message says
    how to ask for them."""
    from published_reports import example_2021_file, export_html, load

    root = tmp_path / "已发布"
    root.mkdir()
    export_html(root / "a.html", load(example_2021_file(tmp_path)))
    code, out, err = run(capsys, "check", str(root))
    assert code == 2 and "--published" in err
    code, out, err = run(capsys, "check", str(root), "--published")
    assert code == 0, out + err
    assert out.splitlines()[-1] == "共 1 份：通过 1，有错误 0，无法读取 0"


# -- a folder that cannot be read ------------------------------------------------------------------


def test_a_subfolder_that_cannot_be_read_makes_the_check_incomplete(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "各部门"
    values(root / "a.json")
    values(root / "sub" / "b.json")  # never found: its folder cannot be listed
    deny_listing(monkeypatch, root / "sub")
    code, out, err = run(capsys, "check", str(root))
    assert code == 2  # as for a file that cannot be read: the reports in it were not checked
    assert out.splitlines() == [
        f"{root / 'a.json'}\t通过\t0 个错误\t0 个警告",
        f"{root / 'sub'}\t无法读取\t没有权限读取文件夹：{root / 'sub'}",
        "共 2 份：通过 1，有错误 0，无法读取 1",
    ]
    assert f"注意：没有权限读取文件夹：{root / 'sub'}" in err  # the note stays


def test_an_unreadable_subfolder_in_json_lines_and_in_the_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import openpyxl

    root = tmp_path / "各部门"
    values(root / "a.json")
    (root / "sub").mkdir()
    deny_listing(monkeypatch, root / "sub")
    out_file = tmp_path / "清单.xlsx"
    code, out, _ = run(capsys, "check", str(root), "--json", "--summary-xlsx", str(out_file))
    assert code == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[1] == {
        "file": str(root / "sub"),
        "unreadable": f"没有权限读取文件夹：{root / 'sub'}",
        "folder": True,
    }
    assert lines[2]["summary"] == {
        "files": 2,
        "passed": 1,
        "failed": 0,
        "unreadable": 1,
        "exit_code": 2,
        "duplicates": [],
    }
    sheet = openpyxl.load_workbook(out_file)["报表清单"]
    listed = [(row[0], row[5]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == [(str(root / "a.json"), "数值文件"), (str(root / "sub"), "无法读取")]


def test_a_folder_with_only_an_unreadable_subfolder_is_not_called_empty(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "各部门"
    (root / "sub").mkdir(parents=True)
    deny_listing(monkeypatch, root / "sub")
    code, out, err = run(capsys, "check", str(root))
    assert code == 2
    assert out.splitlines() == [
        f"{root / 'sub'}\t无法读取\t没有权限读取文件夹：{root / 'sub'}",
        "共 1 份：通过 0，有错误 0，无法读取 1",
    ]
    assert "没有找到可校验的文件" not in err and "文件夹中没有" not in err


def test_a_subfolder_without_permission_really_is_reported(tmp_path: Path) -> None:
    """The whole command in a process that cannot read a chmod 000 folder (as root too)."""
    root = tmp_path / "各部门"
    values(root / "a.json")
    values(root / "sub" / "b.json")
    (root / "sub").chmod(0o000)
    try:
        done = cli_without_permissions(["check", "各部门"], tmp_path, dict(os.environ))
    finally:
        (root / "sub").chmod(0o700)
    if done is None:
        pytest.skip("cannot drop the permission to read any folder here")
    assert done.returncode == 2
    assert done.stdout.splitlines()[-1] == "共 2 份：通过 1，有错误 0，无法读取 1"


def test_a_report_not_filled_in_says_its_blanks_beside_passed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """通过 says no error only: a report with cells not filled in says how many, on its line."""
    values(tmp_path / "a-filled.json")
    values(tmp_path / "b-unfilled.json", received=None, closed=None)
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert out.splitlines() == [
        f"{tmp_path / 'a-filled.json'}\t通过\t0 个错误\t0 个警告",
        f"{tmp_path / 'b-unfilled.json'}\t通过\t0 个错误\t0 个警告\t2 个空格未填",
        "共 2 份：通过 2（其中 1 份有空格未填），有错误 0，无法读取 0",
    ]
    assert code == 0
