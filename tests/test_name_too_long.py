"""Names of 256 bytes or more (issue 13 follow-up): the same message and exit code as 245–255.

Names that fit the file system but not the temporary files beside them were refused with
“文件名太长 … 最多 N 字节” (exit 2); a name over the file system's own limit made the first
``exists()`` or ``is_dir()`` fail and got “文件名或路径太长：<the whole name>” (exit 1) instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.name_length import draft_extra, name_max


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path.parent / (tmp_path.name + "-home")))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "内部错误" not in err and "Traceback" not in err, err
    return code, out + err


def over(folder: Path, size: int, suffix: str) -> Path:
    stem = "长" * ((size - len(suffix)) // 3)
    path = folder / (stem + "x" * (size - len(suffix) - len(stem.encode())) + suffix)
    assert len(path.name.encode()) == size
    return path


@pytest.mark.parametrize("size", [256, 300, 1000])
def test_new_with_a_name_over_the_file_systems_limit_gets_the_same_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int
) -> None:
    path = over(tmp_path, size, ".nianbao")
    limit = name_max(tmp_path) - draft_extra(path)
    code, text = run(capsys, "new", "--form", "gov-disclosure-2014", path, "--field", "unit=某局")
    assert code == 2, text
    assert "文件名太长" in text and f"最多 {limit} 字节" in text, text
    assert path.name not in text  # shortened: its start and end, not the whole name
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["show", "check", "history", "set", "export"])
def test_other_commands_with_such_a_name_say_it_is_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    path = over(tmp_path, 256, ".nianbao")
    extra = {"set": ["received=1"], "export": ["--draft", "--xlsx", tmp_path / "o.xlsx"]}
    code, text = run(capsys, command, path, *extra.get(command, []))
    assert code == 2, text
    assert "文件名太长" in text and f"最多 {name_max(tmp_path)} 字节" in text, text
    assert path.name not in text


def test_an_export_name_over_the_limit_gets_the_export_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = signed_example(tmp_path)
    target = over(tmp_path, 300, ".xlsx")
    code, text = run(capsys, "export", draft, "--xlsx", target)
    assert code == 2, text
    assert "文件名太长" in text and "导出文件的文件名最多" in text, text
    assert sorted(p.name for p in tmp_path.iterdir()) == [draft.name]


def test_a_path_over_the_systems_limit_says_the_path_is_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path.joinpath(*(["目" * 80] * 20), "d.nianbao")  # about 4,800 bytes
    code, text = run(capsys, "show", deep)
    assert code == 2, text
    assert "路径太长" in text and str(deep) not in text, text
