"""Names too long for what is written beside them (issue 13 §5): said before anything is tried.

A draft's temporary file and its journal, or an export's temporary file, have longer names than the
file itself; a name that fits but whose companions do not failed half-way with
“保存失败（数据库错误：OperationalError）”. The limit is the folder's own NAME_MAX less those bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.name_length import draft_extra, export_extra, name_max
from govreport_gui.core.ops.export import TargetError, export_report
from govreport_gui.core.store.draft import Draft, DraftWriteError

FORM = get_form("gov-disclosure-2014")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path.parent / (tmp_path.name + "-home")))


def named(folder: Path, size: int, suffix: str, char: str = "字") -> Path:
    """A name of exactly ``size`` bytes in UTF-8, mostly Chinese (3 bytes), ending in ``suffix``."""
    room = size - len(suffix.encode())
    text = char * (room // len(char.encode())) + "a" * (room % len(char.encode()))
    path = folder / (text + suffix)
    assert len(path.name.encode()) == size
    return path


def draft_limit(folder: Path) -> int:
    return name_max(folder) - draft_extra(folder / "x.nianbao")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("over", [1, 4, 9, 13])  # 245–254 bytes on a 255-byte file system
def test_new_with_a_name_too_long_says_so_and_writes_nothing(
    tmp_path: Path, over: int, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = draft_limit(tmp_path)
    path = named(tmp_path, limit + over, ".nianbao")
    code, _out, err = run(capsys, "new", "--form", FORM.id, path, "--field", "unit=某局")
    assert code != 0
    assert "文件名太长" in err and f"最多 {limit} 字节" in err, err
    assert "OperationalError" not in err and "内部错误" not in err
    assert list(tmp_path.iterdir()) == []


def test_new_with_the_longest_name_allowed_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = named(tmp_path, draft_limit(tmp_path), ".nianbao")
    code, _out, err = run(capsys, "new", "--form", FORM.id, path, "--field", "unit=某局")
    assert code == 0, err
    code, _out, err = run(capsys, "set", path, "received=3")
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_save_as_with_a_name_too_long_says_so(tmp_path: Path) -> None:
    with Draft.create(tmp_path / "d.nianbao", FORM, "填报人") as draft:
        dest = named(tmp_path, draft_limit(tmp_path) + 5, ".nianbao")
        with pytest.raises(DraftWriteError, match="文件名太长"):
            draft.save_as(dest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.nianbao"]


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_an_export_name_too_long_is_refused_before_anything_is_written(
    tmp_path: Path, kind: str
) -> None:
    draft = signed_example(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    suffix = f".{kind}"
    limit = name_max(out) - export_extra(out / f"x{suffix}")
    too_long = named(out, limit + 1, suffix)
    fits = named(out, limit, suffix, char="表")
    with pytest.raises(TargetError, match=f"文件名太长.*最多 {limit} 字节"):
        export_report(read_data(draft), [(kind, too_long)], draft_path=draft)  # type: ignore[list-item]
    assert list(out.iterdir()) == []
    written = export_report(read_data(draft), [(kind, fits)], draft_path=draft).written  # type: ignore[list-item]
    assert written == [fits] and fits.stat().st_size > 1000


def test_export_command_says_the_name_is_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = signed_example(tmp_path)
    target = named(tmp_path, 254, ".xlsx")
    code, _out, err = run(capsys, "export", draft, "--xlsx", target)
    assert code == 2 and "文件名太长" in err, err
    assert not target.exists()
