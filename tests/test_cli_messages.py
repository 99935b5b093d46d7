"""The command line's words: Chinese argparse, OS errors, bad paths, unknown cells, last year's
report, forms out of force, command-line wording for read-only drafts, describe, broken settings."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_export import make_draft, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft

FORM_2014 = get_form("gov-disclosure-2014")
FORM_2019 = get_form("gov-disclosure-2019")
FORM_2021 = get_form("gov-disclosure-2021")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout, stderr; argparse's SystemExit counts as the exit code."""
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, out, err


def new_draft(path: Path, form_id: str = "gov-disclosure-2021", **fields: str) -> Path:
    Draft.create(path, get_form(form_id), "填报人", fields=fields).close()
    return path


# -- 2. argparse in Chinese ------------------------------------------------------------------------

ENGLISH = re.compile(
    r"usage|error|argument|expected|choose from|invalid|unrecognized|required|options"
    r"|positional|show this|help message|version number",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "x.nianbao"],  # --form missing
        ["new"],  # PATH and --form missing
        ["show", "x.nianbao", "--bogus"],  # an unknown option
        ["no-such-command"],  # a bad choice
        ["export", "x.nianbao", "--pdf"],  # an option without its value
        ["comment", "x.nianbao", "text", "--reply-to", "one"],  # a bad int
    ],
)
def test_argument_errors_are_chinese_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert not ENGLISH.search(out + err), out + err
    assert "用法：govreport" in err


def test_argument_error_messages_say_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert "缺少必需的参数：--form" in run(capsys, "new", "x.nianbao")[2]
    assert "无法识别的参数：--bogus" in run(capsys, "show", "x.nianbao", "--bogus")[2]
    err = run(capsys, "no-such-command")[2]
    assert "无效的选择 'no-such-command'" in err and "'import-xlsx'" in err
    assert "参数 --pdf：后面需要一个值" in run(capsys, "export", "x.nianbao", "--pdf")[2]


def test_help_of_every_command_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and out.startswith("用法：govreport")
    assert "位置参数：" in out and "选项：" in out and "显示此帮助并退出" in out
    assert not ENGLISH.search(out), out
    commands = re.findall(r"^    ([a-z][a-z-]+)", out, re.MULTILINE)
    assert {"new", "import-xlsx", "verify"} <= set(commands)
    for command in commands:
        code, out, err = run(capsys, command, "-h")
        assert code == 0 and out.startswith(f"用法：govreport {command}"), command
        assert not ENGLISH.search(out + err), (command, out)


def test_argparse_elsewhere_keeps_its_own_language(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    run(capsys, "new")
    parser = argparse.ArgumentParser(prog="other")
    assert "usage: other" in parser.format_help()


def test_a_real_process_prints_chinese_usage(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "govreport_gui", "new", "--form"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 2
    assert "用法：" in result.stderr and not ENGLISH.search(result.stderr), result.stderr


# -- 3. OS errors in Chinese -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (errno.EACCES, "没有权限"),
        (errno.EPERM, "没有权限"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.ENOENT, "文件或文件夹不存在"),
        (errno.EROFS, "只读文件系统"),
        (errno.EISDIR, "文件夹"),
        (errno.ENOTDIR, "不是文件夹"),
        (errno.EEXIST, "文件已存在"),
        (errno.EDQUOT, "磁盘配额"),
    ],
)
def test_describe_os_error(code: int, phrase: str) -> None:
    text = describe_os_error(OSError(code, os.strerror(code)))
    assert phrase in text
    assert not re.search(r"[A-Za-z]{2,}", text) and os.strerror(code) not in text


def test_describe_os_error_names_a_rare_errno_without_english() -> None:
    assert describe_os_error(OSError(errno.EPIPE, "Broken pipe")) == "系统错误（EPIPE）"
    assert describe_os_error(OSError("no errno")) == "系统错误"


def test_a_full_disk_during_export_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = signed_example(tmp_path)
    real_replace = os.replace

    def full_disk(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith(".xlsx"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = run(capsys, "export", signed, "--xlsx", tmp_path / "out.xlsx")
    assert code == 1
    assert "磁盘空间不足" in err and os.strerror(errno.ENOSPC) not in err


def test_an_unexpected_os_error_is_said_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied() -> list[object]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/某处/drafts")

    monkeypatch.setattr(library, "list_drafts", denied)
    code, _, err = run(capsys, "drafts")
    assert code == 1
    assert "没有权限" in err and "/某处/drafts" in err and os.strerror(errno.EACCES) not in err


def test_a_too_long_file_name_is_said_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = tmp_path / ("表" * 200)
    english = os.strerror(errno.ENAMETOOLONG)
    for argv in (
        ("show", long),
        ("check", long),
        ("import-xlsx", f"{long}.xlsx", tmp_path / "x.nianbao"),
        ("new", "--form", FORM_2021.id, long),
        ("fill", new_draft(tmp_path / "d.nianbao"), "--values", long),
    ):
        code, _, err = run(capsys, *argv)
        # The words of a name refused before anything is tried (core/name_length.py).
        assert code == 2 and "文件名太长" in err and english not in err, (argv, err)


# -- 4. bad paths ------------------------------------------------------------------------------------


def test_an_empty_path_is_a_chinese_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = new_draft(tmp_path / "d.nianbao")
    for argv in (
        ("new", "--form", FORM_2021.id, ""),
        ("new", "--form", FORM_2021.id, tmp_path / "n", "--previous", ""),
        ("set", "", "a=1"),
        ("show", ""),
        ("check", ""),
        ("export", draft, "--draft", "--xlsx", ""),
        ("import-xlsx", "", draft),
        ("verify", tmp_path / "x.xlsx", "--draft", ""),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "路径不能为空" in err, (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".nianbao") == ["d.nianbao"]


def test_a_folder_as_the_path_of_a_new_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    draft = new_draft(tmp_path / "d.nianbao")
    monkeypatch.chdir(tmp_path)
    for argv in (
        ("new", "--form", FORM_2021.id, folder),
        ("new", "--form", FORM_2021.id, "."),
        ("new", "--form", FORM_2021.id, "/"),
        ("export", draft, "--draft", "--xlsx", folder),
        ("export", draft, "--draft", "--pdf", "."),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "是一个文件夹" in err and "文件名" in err, (argv, err)
    assert not (tmp_path / "folder.nianbao").exists() and not Path("/.nianbao").exists()


def test_a_huge_comment_number_is_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = new_draft(tmp_path / "d.nianbao")
    code, _, err = run(capsys, "comment", draft, "意见", "--reply-to", "9" * 20)
    assert code == 2 and "没有编号为" in err


def test_a_path_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", "--form", FORM_2021.id, tmp_path / "nope" / "x")
    assert code == 2 and "文件夹不存在" in err


def test_an_export_into_a_missing_folder_is_unusable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As ``new`` and ``check --summary-xlsx``: exit 2, nothing written (it was exit 1, found only
    when the workbook was written)."""
    draft = new_draft(tmp_path / "d.nianbao", unit="某局", year="2024")
    before = sorted(tmp_path.iterdir())
    code, out, err = run(
        capsys, "export", draft, "--draft", "--xlsx", tmp_path / "o.xlsx", "--pdf",
        tmp_path / "nope" / "o.pdf",
    )  # fmt: skip
    assert code == 2 and out == "" and "文件夹不存在" in err and "没有导出任何文件" in err
    assert sorted(tmp_path.iterdir()) == before


def test_a_path_under_a_file_says_that_it_is_a_file_not_that_no_folder_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``afile/d.nianbao`` said “文件夹不存在：afile” of a file that is right there."""
    afile = tmp_path / "说明.txt"
    afile.write_text("不是文件夹", encoding="utf-8")
    said = f"“{afile}”是一个文件，不是文件夹"
    draft = new_draft(tmp_path / "d.nianbao", unit="某局", year="2024")
    for argv in (
        ("new", "--form", FORM_2021.id, afile / "x"),
        ("new", "--form", FORM_2021.id, afile / "sub" / "x"),
        ("export", draft, "--draft", "--xlsx", afile / "o.xlsx"),
        ("check", draft, "--summary-xlsx", afile / "清单.xlsx"),
    ):
        code, _, err = run(capsys, *argv)
        assert code in (1, 2) and said in err and "文件夹不存在" not in err, (argv, err)
    assert afile.read_text(encoding="utf-8") == "不是文件夹"


def test_a_file_to_write_named_as_a_folder_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--xlsx 报表/``: pathlib drops the slash, and a file named 报表 was written where the user
    meant a folder. Every name of a file a command writes is refused so, saying why."""
    draft = new_draft(tmp_path / "d.nianbao", unit="某局", year="2024")
    folder = f"{tmp_path / '报表'}{os.sep}"
    before = sorted(p.name for p in tmp_path.iterdir())
    for *argv, example in (
        ("new", "--form", FORM_2021.id, folder, ".nianbao"),
        ("export", draft, "--draft", "--xlsx", folder, ".xlsx"),
        ("export", draft, "--draft", "--pdf", folder, ".pdf"),
        ("export", draft, "--draft", "--report-pdf", folder, ".pdf"),
        ("export", draft, "--draft", "--docx", folder, ".docx"),
        ("export", draft, "--draft", "--html", folder, ".html"),
        ("check", draft, "--summary-xlsx", folder, ".xlsx"),
        ("consolidate", draft, "--out", folder, "--unit", "某县", ".nianbao"),
        ("keys", "export-public", folder, ".govreport-key"),
        ("keys", "backup", folder, "签名密钥备份"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", (argv, out, err)
        said = f"“{folder}”以“{os.sep}”结尾，是文件夹的写法：请写出要保存的文件名，如 {folder}"
        assert said in err, (argv, err)
        # the example is a name such a file has (the extension the option requires)
        assert err.split(said, 1)[1].split("\n", 1)[0].endswith(example), (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# -- 5. history --cell -------------------------------------------------------------------------------


def test_history_of_an_unknown_cell_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = new_draft(tmp_path / "d.nianbao", "gov-disclosure-2014", unit="某局", year="2018")
    assert run(capsys, "set", draft, "received=3")[0] == 0
    code, out, err = run(capsys, "history", draft, "--cell", "nope")
    assert code == 2 and out == ""
    assert "未知的单元格" in err and "nope" in err
    code, _, err = run(capsys, "history", draft, "--cell", "recieved")
    assert code == 2 and "received" in err  # a close id is suggested
    code, out, _ = run(capsys, "history", draft, "--cell", "received")
    assert code == 0 and "received" in out
    assert run(capsys, "history", draft, "--cell", "unit")[0] == 0  # a field
    assert run(capsys, "history", draft, "--cell", "closed")[0] == 0  # a cell never changed


# -- 6. last year's report ---------------------------------------------------------------------------


def test_last_years_report_must_be_of_the_year_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = new_draft(tmp_path / "last.nianbao", "gov-disclosure-2019", unit="某局", year="2020")
    path = tmp_path / "this.nianbao"
    code, _, err = run(
        capsys, "new", "--form", FORM_2021.id, path, "--previous", last, "--field", "year=2022"
    )
    assert code == 2 and "2020" in err and "2022" in err and "2021" in err
    assert not path.exists()
    code, _, err = run(
        capsys, "new", "--form", FORM_2021.id, path, "--previous", last, "--field", "year=2021"
    )
    assert code == 0, err


def test_last_years_report_without_a_year_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = new_draft(tmp_path / "last.nianbao", "gov-disclosure-2019", unit="某局")
    path = tmp_path / "this.nianbao"
    code, _, err = run(capsys, "new", "--form", FORM_2021.id, path, "--previous", last)
    assert code == 2 and "年度" in err and not path.exists()


def test_last_years_report_on_a_form_with_nothing_to_carry_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = new_draft(tmp_path / "last.nianbao", "gov-disclosure-2014", unit="某局", year="2018")
    path = tmp_path / "this.nianbao"
    code, _, err = run(capsys, "new", "--form", FORM_2019.id, path, "--previous", last)
    assert code == 2 and "2014 年版《政府信息公开情况统计表》（2014–2018 年度）" in err
    assert "gov-disclosure" not in err and not path.exists()
    # 2014 → 2014 links (issue 16): the table reads no last-year figure, the text's 比上年 does.
    older = new_draft(tmp_path / "2017.nianbao", "gov-disclosure-2014", unit="某局", year="2017")
    code, _, err = run(capsys, "new", "--form", FORM_2014.id, path, "--previous", older)
    assert code == 0 and path.exists()


def test_unit_and_year_are_taken_from_last_years_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = new_draft(tmp_path / "last.nianbao", "gov-disclosure-2021", unit="某局", year="2023")
    path = tmp_path / "this.nianbao"
    code, _, err = run(capsys, "new", "--form", FORM_2021.id, path, "--previous", last)
    assert code == 0 and err == ""
    with Draft.open(path, "t", readonly=True) as draft:
        assert draft.fields == {"unit": "某局", "year": "2024"}
    assert "没写unit时填报单位取自它" in re.sub(r"\s+", "", run(capsys, "new", "-h")[1])


# -- 7. a form not in force for the year -------------------------------------------------------------


def test_new_and_check_warn_about_a_form_out_of_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old-form.nianbao"
    code, out, err = run(
        capsys, "new", "--form", FORM_2014.id, path, "--field", "year=2021", "--field", "unit=某局"
    )
    assert code == 0 and "已新建草稿" in out
    assert "注意：gov-disclosure-2014 适用于 2014–2018 年度" in err
    assert "2021 年度应使用 gov-disclosure-2021" in err
    code, out, err = run(capsys, "check", path)
    assert code == 0 and "共 0 个错误" in out
    assert "gov-disclosure-2014 适用于 2014–2018 年度" in err
    values = tmp_path / "v.json"
    document = {"form": FORM_2021.id, "fields": {"year": "2019"}, "values": {}}
    values.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "check", values)
    assert code == 0 and "2019 年度应使用 gov-disclosure-2019" in err


def test_no_warning_for_the_form_in_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.nianbao"
    code, _, err = run(capsys, "new", "--form", FORM_2021.id, path, "--field", "year=2024")
    assert code == 0 and err == ""
    assert run(capsys, "check", path)[2] == ""


# -- 8. read-only drafts in command-line words -------------------------------------------------------

WINDOW_WORDS = ("另存为", "窗口")


def test_a_draft_open_elsewhere_names_no_window_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = new_draft(tmp_path / "d.nianbao")
    with Draft.open(draft, "张三") as other:
        assert not other.readonly
        code, _, err = run(capsys, "set", draft, "new.natural=1")
    assert code == 1 and "无法修改" in err and "张三" in err
    assert not any(word in err for word in WINDOW_WORDS), err


def test_a_read_only_file_names_no_window_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = new_draft(tmp_path / "d.nianbao")
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)) == draft:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    for argv in (("set", draft, "new.natural=1"), ("submit", draft)):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "只读" in err, err
        assert not any(word in err for word in WINDOW_WORDS), err


def test_locked_drafts_name_the_command_that_unlocks_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = signed_example(tmp_path)
    code, _, err = run(capsys, "set", signed, "received=1")
    assert code == 1 and "govreport reopen" in err
    assert run(capsys, "reopen", signed, "--reason", "改")[0] == 0
    assert run(capsys, "submit", signed)[0] == 0
    code, _, err = run(capsys, "set", signed, "received=1")
    assert code == 1 and "govreport return" in err
    code, _, err = run(capsys, "explain", signed, "closed_le_received", "说明")
    assert code == 1 and "govreport return" in err


def test_a_workbook_given_as_a_draft_names_the_import_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    workbook = tmp_path / "表.xlsx"
    openpyxl.Workbook().save(workbook)
    code, _, err = run(capsys, "show", workbook)
    assert code == 2 and "govreport import-xlsx" in err and "“从 Excel 导入”" not in err


def test_export_refusal_names_the_draft_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = make_draft(tmp_path / "u.nianbao", FORM_2021, {"year": "2024"}, {}, sign=False)
    code, _, err = run(capsys, "export", draft)
    assert code == 1 and "--draft" in err


# -- 9. describe -------------------------------------------------------------------------------------


def test_describe_names_the_column_of_single_column_tables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "describe", FORM_2014.id)[1]
    assert "  列：统计数\n" in out
    out = run(capsys, "describe", FORM_2021.id)[1]
    assert "  列：本年收费金额（单位：万元）\n" in out
    assert "  列：本年处理决定数量\n" in out


# -- 10. a broken settings file ----------------------------------------------------------------------


def test_a_broken_settings_file_is_kept_and_reported_once(tmp_path: Path) -> None:
    config = settings.config_dir()
    config.mkdir(parents=True)
    broken = '{"user_name": "张三", "recent": ["/a.nianbao",]'  # a trailing comma, no brace
    (config / "settings.json").write_text(broken, encoding="utf-8")
    assert settings.pop_warning() is None
    loaded = settings.load_settings()
    assert loaded.recent == [] and loaded.user_name == ""
    backups = list(config.glob("settings.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == broken
    warning = settings.pop_warning()
    assert warning is not None and "已损坏" in warning and str(backups[0]) in warning
    assert settings.pop_warning() is None  # once
    settings.remember_recent(tmp_path / "b.nianbao")
    assert settings.load_settings().recent == [str((tmp_path / "b.nianbao").resolve())]
    assert settings.pop_warning() is None
    assert backups[0].read_text(encoding="utf-8") == broken  # never overwritten


def test_settings_of_the_wrong_shape_do_not_crash() -> None:
    config = settings.config_dir()
    config.mkdir(parents=True)
    (config / "settings.json").write_text('{"recent": 5, "user_name": 3}', encoding="utf-8")
    loaded = settings.load_settings()
    assert loaded.recent == [] and loaded.user_name == ""
    (config / "settings.json").write_text("[1, 2]", encoding="utf-8")
    assert settings.load_settings().recent == []
    assert settings.pop_warning() is not None
    assert len(list(config.glob("settings.json.broken-*"))) == 1


def test_the_command_line_prints_the_settings_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = settings.config_dir()
    config.mkdir(parents=True)
    (config / "settings.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(
        capsys, "new", "--form", FORM_2021.id, tmp_path / "d", "--field", "year=2024"
    )
    assert code == 0
    assert err.count("设置文件已损坏") == 1 and "settings.json.broken-" in err
    code, _, err = run(capsys, "drafts")
    assert code == 0 and "设置文件" not in err


# -- 11. a crafted settings file (hostile-input probe) -----------------------------------------------


def _settings_file(content: bytes | str) -> Path:
    config = settings.config_dir()
    config.mkdir(parents=True, exist_ok=True)
    path = config / "settings.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "content", [b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000]
)
def test_settings_nested_too_deeply_are_set_aside_as_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    """Python's JSON reader recurses once a level: 内部错误（RecursionError） in every command, and
    the window did not start."""
    path = _settings_file(content)
    code, out, err = run(capsys, "drafts")
    assert code == 0 and "草稿库是空的" in out
    assert "设置文件已损坏（不是有效的 JSON：嵌套层数过多）" in err, err
    (backup,) = path.parent.glob("settings.json.broken-*")
    assert backup.read_bytes() == content and not path.exists()


def test_a_huge_settings_file_is_set_aside_unread(tmp_path: Path) -> None:
    """A 1 GB settings.json took 2 GB of memory to be found broken."""
    path = _settings_file(b"")
    with path.open("r+b") as handle:
        handle.truncate(1 << 30)  # sparse: no disk space used
    assert settings.load_settings() == settings.Settings()
    warning = settings.pop_warning()
    assert warning is not None and "设置文件已损坏（文件过大" in warning, warning
    (backup,) = path.parent.glob("settings.json.broken-*")
    assert backup.stat().st_size == 1 << 30


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_settings_that_are_a_fifo_or_a_device_are_not_read(
    capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """A FIFO (or a link to /dev/zero) at settings.json hung every command and the window."""
    config = settings.config_dir()
    config.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(config / "settings.json")
    else:
        (config / "settings.json").symlink_to("/dev/zero")
    code, out, err = run(capsys, "drafts")
    assert code == 0 and "草稿库是空的" in out
    assert "无法读取设置文件（它不是普通文件，可能是设备或管道）" in err, err


def test_settings_saved_with_a_byte_order_mark_are_read() -> None:
    """Windows Notepad (before 2019) saves UTF-8 with a BOM: the file was set aside as broken."""
    _settings_file(b'\xef\xbb\xbf{"user_name": "\xe5\xbc\xa0\xe4\xb8\x89", "zoom": 150}')
    loaded = settings.load_settings()
    assert (loaded.user_name, loaded.zoom) == ("张三", 150)
    assert settings.pop_warning() is None


def test_recent_files_that_no_file_can_be_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A NUL in a recent path was 内部错误（ValueError）; a name or path too long for the file
    system made `drafts` fail (exit 2) and the window's start page log a traceback."""
    good = new_draft(tmp_path / "好的.nianbao", unit="某局", year="2024")
    recent = ["a\x00b.nianbao", "/tmp/" + "x" * 300, "/nowhere/" + "d/" * 3000, str(good)]
    _settings_file(json.dumps({"recent": recent}))
    assert library.has_drafts()
    assert [path for path, _ in library.draft_sources()] == [good]
    code, out, err = run(capsys, "drafts")
    assert code == 0 and "好的.nianbao" in out and err == "", err


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("张\udcff", "无效的字符（U+DCFF"),
        ("张\x1b[31m三", "控制字符（U+001B）"),
        ("张\n三", "控制字符（U+000A）"),
        ("张\u202e三", "不可见的格式字符（U+202E"),
        ("张" * 101, "姓名过长"),
    ],
)
def test_a_name_in_the_settings_that_cannot_be_recorded_is_not_used(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    said: str,
) -> None:
    """The settings' name is recorded with every change: a lone surrogate was 内部错误 and no
    draft; a control or direction character, a line break or 100,000 characters went into the
    history. The login name is used, the window asks again, and the warning says why."""
    monkeypatch.setenv("LOGNAME", "login_zhang")
    _settings_file(json.dumps({"user_name": name, "user_name_confirmed": True}))
    draft = tmp_path / "d.nianbao"
    code, _, err = run(capsys, "new", "--form", FORM_2021.id, draft, "--field", "year=2024")
    assert code == 0, err
    assert "设置文件中的姓名不能使用" in err and said in err, err
    assert "login_zhang" in err
    code, out, _ = run(capsys, "history", draft)
    assert code == 0 and "login_zhang" in out
    loaded = settings.load_settings()
    assert loaded.user_name == "" and not loaded.user_name_confirmed  # the window asks again


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("张\udcff", "无效的字符（U+DCFF"),
        ("张\x1b[31m三", "控制字符（U+001B）"),
        ("张\u200b三", "不可见的格式字符（U+200B"),
        ("张" * 101, "姓名过长"),
        ("  ", "不能为空"),
    ],
)
def test_a_user_option_that_cannot_be_recorded_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, said: str
) -> None:
    draft = new_draft(tmp_path / "d.nianbao")
    before = draft.read_bytes()
    code, _, err = run(capsys, "set", draft, "--field", "unit=某局", "--user", name)
    assert code == 2 and "--user" in err and said in err, err
    assert draft.read_bytes() == before


def test_a_govreport_user_that_cannot_be_recorded_is_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVREPORT_USER", "张\u202e三")
    monkeypatch.setenv("LOGNAME", "login_zhang")
    draft = new_draft(tmp_path / "d.nianbao")
    code, _, err = run(capsys, "set", draft, "--field", "unit=某局")
    assert code == 0 and "环境变量 GOVREPORT_USER 中的姓名不能使用" in err, err
    assert "login_zhang" in run(capsys, "history", draft)[1]


def test_a_bad_govreport_user_and_a_broken_settings_file_are_both_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each is said once: the one said last no longer takes the other's place (the window, which
    asks GOVREPORT_USER twice, never said that the settings file had been moved aside)."""
    monkeypatch.setenv("GOVREPORT_USER", "张\u202e三")
    path = _settings_file("{not json")
    code, _, err = run(
        capsys, "new", "--form", FORM_2021.id, tmp_path / "d", "--field", "year=2024"
    )
    assert code == 0, err
    assert err.count("环境变量 GOVREPORT_USER 中的姓名不能使用") == 1, err
    assert err.count("设置文件已损坏") == 1 and "settings.json.broken-" in err, err
    assert all(line.startswith("govreport：") for line in err.splitlines()), err
    assert len(list(path.parent.glob("settings.json.broken-*"))) == 1
    # as the window asks: the environment, the settings, the environment again
    monkeypatch.delenv("GOVREPORT_USER")
    _settings_file("{not json")
    monkeypatch.setenv("GOVREPORT_USER", "张\u202e三")
    assert settings.env_user() == "" and settings.load_settings() == settings.Settings()
    assert settings.env_user() == ""
    warning = settings.pop_warning()
    assert warning is not None and "设置文件已损坏" in warning, warning
    assert warning.count("GOVREPORT_USER") == 1
    assert settings.pop_warning() is None
