"""The command line registers its sub-commands lazily (issue 14): ``--help`` lists every command
with its one-line help without importing the command modules, and a command imports only what it
needs (``check FILE`` loads neither openpyxl, reportlab nor Qt)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govreport_gui.cli import main as cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

# Runs the command as ``govreport`` does, then names every module the process imported.
HOOK = """
import sys
from govreport_gui.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
sys.exit(code)
"""


def imported_by(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", HOOK, *argv],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    line = result.stderr.rsplit("MODULES ", 1)[1]
    return result, set(line.split())


def subparsers(parser: argparse.ArgumentParser) -> Any:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


HEAVY = ("openpyxl", "reportlab", "PySide6", "shiboken6")


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_help_lists_every_command_with_its_help_without_importing_them(tmp_path: Path) -> None:
    result, modules = imported_by(tmp_path, "--help")
    assert result.returncode == 0
    listed = result.stdout
    for name, _module, help_text in cli.COMMANDS:
        assert name in listed and help_text in listed
    command_modules = {f"govreport_gui.cli.{m}" for m in cli.COMMAND_MODULES}
    assert modules & command_modules == set()
    assert heavy(modules) == []


def test_the_table_has_every_command_with_the_help_its_module_gives() -> None:
    full = subparsers(cli.build_parser())
    registered = {a.dest: a.help for a in full._choices_actions}
    assert registered == {name: help_text for name, _m, help_text in cli.COMMANDS}
    assert list(registered) == [name for name, _m, _h in cli.COMMANDS]  # same order


@pytest.mark.parametrize("name", [name for name, _m, _h in cli.COMMANDS])
def test_a_command_alone_parses_as_with_every_command_registered(name: str) -> None:
    full = subparsers(cli.build_parser()).choices[name]
    alone = subparsers(cli.build_parser(only=name)).choices[name]
    assert alone.format_help() == full.format_help()


def test_check_of_a_values_file_imports_no_writer_no_qt_no_other_command(tmp_path: Path) -> None:
    result, modules = imported_by(tmp_path, "check", str(EXAMPLE))
    assert result.returncode == 0
    assert result.stdout.startswith("共 0 个错误")
    assert heavy(modules) == []
    # nor what only drafts need
    assert not {"sqlite3", "cryptography", "govreport_gui.core.store.draft"} & modules
    others = {f"govreport_gui.cli.{m}" for m in cli.COMMAND_MODULES} - {
        "govreport_gui.cli.check_command"
    }
    assert modules & others == set()


def test_check_of_a_draft_imports_no_writer_and_no_qt(tmp_path: Path) -> None:
    """Nor, reading the user's name from the settings (``new`` wrote them: the recent list),
    Python's ``utf-8-sig`` codec for the BOM a hand-edited file may start with."""
    draft = tmp_path / "r.nianbao"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run(
        [sys.executable, "-m", "govreport_gui", "new", "--form", "gov-disclosure-2021", str(draft)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    from govreport_gui.core.store import settings

    assert (settings.config_dir() / "settings.json").is_file()
    result, modules = imported_by(tmp_path, "check", str(draft), "--json")
    assert json.loads(result.stdout)["form"] == "gov-disclosure-2021"
    assert heavy(modules) == []
    assert "govreport_gui.core.store.settings" in modules  # the name was read from them
    assert "encodings.utf_8_sig" not in modules


def test_an_unknown_command_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["chek", str(EXAMPLE)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "chek" in err and "check" in err  # argparse names the choices


def test_check_of_a_values_file_imports_no_form_parser_when_the_form_is_cached(
    tmp_path: Path,
) -> None:
    """From the second run on the form comes from the cache: no TOML reader; and the form model
    needs neither dataclasses, hashlib (the fingerprint is not asked for), typing nor datetime,
    nor argparse's shutil, nor platformdirs for the cache folder, nor contextlib and the importlib
    package for the command line's own plumbing, nor pathlib (with urllib.parse and ipaddress):
    the file's path is text; nor the code that builds a form from its file, nor pickle's Python
    module (the cache is read by _pickle's unpickler) (issue 14)."""
    first, _modules = imported_by(tmp_path, "check", str(EXAMPLE))
    result, modules = imported_by(tmp_path, "check", str(EXAMPLE))
    assert result.stdout == first.stdout and result.stdout.startswith("共 0 个错误")
    unwanted = {
        "tomllib", "dataclasses", "inspect", "hashlib", "typing", "datetime", "shutil",
        "platformdirs", "string", "contextlib", "importlib", "pathlib", "urllib.parse", "ipaddress",
        "govreport_gui.core.forms.form_build", "govreport_gui.core.forms.headings", "pickle",
    }  # fmt: skip
    assert unwanted & modules == set()
    assert "_pickle" in modules  # the form did come from the cache


@pytest.mark.parametrize("columns", [None, "50", "200", "abc"])
def test_help_is_as_wide_as_argparse_would_make_it(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    """The parsers ask the terminal's width without shutil: the help reads the same."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    check = subparsers(cli.build_parser(only="check")).choices["check"]
    ours = check.format_help()
    monkeypatch.setattr(
        check, "_get_formatter", lambda: argparse.ArgumentParser._get_formatter(check)
    )
    assert ours == check.format_help()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "a.json"],
        ["check", "a.json", "--json"],
        ["check", "--json", "a.json", "部门/", "b.nianbao"],
        ["check", "a.json", "--json", "--json"],
    ],
)
def test_a_plain_check_is_read_as_the_parser_reads_it(argv: list[str]) -> None:
    """``check FILE... [--json]`` is read without argparse (cli/quick_args.py), into what the
    parser gives."""
    from govreport_gui.cli.quick_args import quick_args

    quick = quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(cli.build_parser(only="check").parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "-h"],
        ["check", "--js", "a.json"],
        ["check", "--", "-a.json"],
        ["check", "-"],
        ["check", ""],
        ["check", "  "],
        ["check", "a.json", "--jsonl"],
        ["show", "a.nianbao"],
        ["--version"],
        [],
    ],
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    from govreport_gui.cli.quick_args import quick_args

    assert quick_args(argv) is None


def test_check_of_a_values_file_builds_no_parser(tmp_path: Path) -> None:
    result, modules = imported_by(tmp_path, "check", str(EXAMPLE), "--json")
    assert json.loads(result.stdout)["errors"] == 0
    assert not {"argparse", "gettext", "govreport_gui.argparse_zh"} & modules
    # a blank path is still argparse's to refuse, with its Chinese words
    result, _modules = imported_by(tmp_path, "check", " ")
    assert result.returncode == 2 and "路径不能为空" in result.stderr


def test_export_of_a_workbook_writes_it_without_loading_pillow(tmp_path: Path) -> None:
    # openpyxl loads Pillow only to embed pictures; the report has none (issue 14: export speed).
    draft = tmp_path / "r.nianbao"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run(
        [sys.executable, "-m", "govreport_gui", "new", "--form", "gov-disclosure-2021", str(draft)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    out = tmp_path / "年报.xlsx"
    result, modules = imported_by(tmp_path, "export", str(draft), "--draft", "--xlsx", str(out))
    assert result.returncode == 0, result.stderr
    assert "openpyxl" in modules and "PIL" not in modules
    from openpyxl import load_workbook

    workbook = load_workbook(out)
    assert any("草稿（未签发）" in str(cell.value) for ws in workbook for row in ws for cell in row)


def test_pillow_can_still_be_imported_after_openpyxl_loaded_without_it(tmp_path: Path) -> None:
    script = (
        "from govreport_gui.core.layout.export_xlsx import import_openpyxl_without_pillow\n"
        "import_openpyxl_without_pillow()\n"
        "import openpyxl, PIL.Image\n"
        "print(PIL.Image.new('RGB', (2, 2)).size, openpyxl.Workbook().active.title)\n"
    )
    result = run_script(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["(2,", "2)", "Sheet"]


def run_script(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by a Python of its own, with this checkout on its path."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _signed_draft(folder: Path, preface: str = "") -> Path:
    """The example, submitted and signed off (with this test's own signing key); with ``preface``
    as its report's text when given."""
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.ops.text_ops import set_section_text
    from govreport_gui.core.store.draft import Draft

    doc = load_values_document(EXAMPLE)
    path = folder / "已签发.nianbao"
    draft = Draft.create(path, doc.form, "填报人", doc.fields, doc.values)
    if preface:
        set_section_text(ReportDocument(draft), "preface", preface)
    try:
        review.submit(draft)
        draft.user = "审核人"
        review.sign_off(draft, "审核人")
    finally:
        draft.close()
    return path


def test_check_of_a_signed_draft_imports_only_what_checking_needs(tmp_path: Path) -> None:
    """A signed draft's check reads the draft and verifies its signature (issue 14): the review's
    records without the review's actions, the signature through cryptography's binding without
    its wrapper modules, SHA-256 without OpenSSL's hashlib, SQLite without the ``sqlite3``
    package's date helpers (core/store/sqlite.py), its path, the forms, the settings and the keys
    as text without pathlib (which imports urllib.parse and ipaddress); no dataclasses, typing,
    contextlib, datetime, writer."""
    draft = _signed_draft(tmp_path)
    first, _modules = imported_by(tmp_path, "check", str(draft))
    result, modules = imported_by(tmp_path, "check", str(draft))
    assert result.returncode == 0 and result.stdout == first.stdout
    assert result.stdout.startswith("签名：签名有效，签名人受信任（签名密钥 ")
    assert "cryptography.hazmat.bindings._rust" in modules  # the signature was verified
    assert heavy(modules) == []
    unwanted = {
        "dataclasses", "inspect", "typing", "hashlib", "_hashlib", "base64",
        "tomllib", "argparse", "shutil", "socket", "platformdirs", "string", "contextlib",
        "importlib", "cryptography.exceptions", "cryptography.utils", "cryptography.hazmat.primitives",
        "govreport_gui.core.ops.review", "govreport_gui.core.atomic_file",
        "govreport_gui.core.store.history", "govreport_gui.core.store.migration",
        "sqlite3", "sqlite3.dbapi2", "datetime", "pathlib", "urllib.parse", "ipaddress",
    }  # fmt: skip
    assert "_sqlite3" in modules  # the draft was read
    assert unwanted & modules == set()


def test_check_of_a_signed_draft_with_text_imports_no_typing(tmp_path: Path) -> None:
    """The text checks come with the text, and no more than they need (issue 14): ``typing``
    alone is ≈ 10M instructions of a ``check`` process. (The text agrees with the table: a
    warning would have blocked the sign-off.)"""
    draft = _signed_draft(tmp_path, "本年度共收到政府信息公开申请3件。")
    imported_by(tmp_path, "check", str(draft))
    result, modules = imported_by(tmp_path, "check", str(draft))
    assert result.returncode == 0 and "共 0 个错误，0 个警告" in result.stdout
    assert "govreport_gui.core.report.text_checks" in modules
    assert {"typing", "dataclasses", "inspect", "datetime", "pathlib"} & modules == set()


def _values_file_2021(folder: Path) -> Path:
    """A report of the format in force as a values file: 200 figures, money with fractions
    (“12.5”, as a person types them), and a 填报日期."""
    from consistent_report import consistent_values

    from govreport_gui.core.forms.registry import get_form

    form = get_form("gov-disclosure-2021")
    figures = {k: v if isinstance(v, int) else str(v) for k, v in consistent_values(form).items()}
    assert any("." in str(v) for v in figures.values())  # a fraction is read
    fields = {"unit": "某某市人民政府办公室", "year": "2021", "date": "2022年1月20日"}
    path = folder / "2021.json"
    document = {"form": form.id, "fields": fields, "values": figures}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_of_a_values_file_or_signed_draft_imports_neither_re_nor_json(
    tmp_path: Path,
) -> None:
    """Reading JSON (the values file, the settings, the trusted keys, the form cache's header, the
    signed digests) goes through json's C scanner alone (core/json_text.py), and no pattern is
    compiled for figures, a year or a date (issue 14: ``json`` is ≈ 6M instructions of a ``check``
    process, ``re`` ≈ 8M where the program was not started by a script that imports it)."""
    for path in (EXAMPLE, _values_file_2021(tmp_path), _signed_draft(tmp_path)):
        first, _modules = imported_by(tmp_path, "check", str(path))
        result, modules = imported_by(tmp_path, "check", str(path))
        assert result.returncode == 0 and result.stdout == first.stdout
        assert "共 0 个错误，0 个警告" in result.stdout
        assert {"re", "json", "json.decoder", "json.encoder"} & modules == set(), path


def test_check_of_a_signed_draft_with_text_imports_no_json(tmp_path: Path) -> None:
    """Its text checks need ``re`` (the phrases of the form file are patterns); JSON is read
    without the ``json`` package there too."""
    draft = _signed_draft(tmp_path, "本年度共收到政府信息公开申请3件。")
    imported_by(tmp_path, "check", str(draft))
    result, modules = imported_by(tmp_path, "check", str(draft))
    assert result.returncode == 0 and "共 0 个错误，0 个警告" in result.stdout
    assert "govreport_gui.core.report.text_checks" in modules
    assert {"json", "json.decoder", "json.encoder"} & modules == set()


def test_json_text_imports_json_only_for_an_error(tmp_path: Path) -> None:
    """core/json_text.py in a process of its own (tests/test_json_text.py compares it with json
    in one where json is imported): on Python 3.11 the C scanner raises JSONDecodeError only once
    ``json.decoder`` is imported (otherwise a SystemError); the error is still json's own."""
    script = (
        "import sys\n"
        "from govreport_gui.core.json_text import loads\n"
        "assert loads(' {\"a\": [1, 2.5, \"x\"]} ') == {'a': [1, 2.5, 'x']}\n"
        "print('json' in sys.modules)\n"
        "try:\n"
        "    loads('[1, }')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__module__, type(exc).__name__, exc)\n"
    )
    result = run_script(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "False",
        "json.decoder JSONDecodeError Expecting value: line 1 column 5 (char 4)",
    ]
