"""Hostile file-system tricks (issue 13 §1): planted links, `file:` names, special files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import draft_lock
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs: POSIX")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, out, err


@pytest.fixture()
def draft_path(tmp_path: Path) -> Path:
    p = tmp_path / "s.nianbao"
    with Draft.create(p, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 3})
    return p


@posix_only
def test_planted_lock_symlink_does_not_overwrite_its_target(
    draft_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("别人的文件", encoding="utf-8")
    draft_lock.lock_path(draft_path).symlink_to(victim)
    code, _out, _err = run(capsys, "set", draft_path, "received=5")
    assert code == 0
    assert victim.read_text(encoding="utf-8") == "别人的文件"
    with Draft.open(draft_path, "读者", readonly=True) as draft:
        assert draft.values["received"] == 5


@posix_only
def test_planted_lock_hard_link_does_not_overwrite_the_other_file(
    draft_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("别人的文件", encoding="utf-8")
    os.link(victim, draft_lock.lock_path(draft_path))
    code, _out, _err = run(capsys, "set", draft_path, "received=5")
    assert code == 0
    assert victim.read_text(encoding="utf-8") == "别人的文件"


@posix_only
def test_planted_lock_fifo_does_not_hang(
    draft_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(draft_lock.lock_path(draft_path))
    code, _out, _err = run(capsys, "set", draft_path, "received=5")
    assert code == 0
    with Draft.open(draft_path, "读者", readonly=True) as draft:
        assert draft.values["received"] == 5


def test_a_name_starting_with_file_colon_is_a_plain_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "x.nianbao"
    with Draft.create(other, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 3})
    before = other.read_bytes()
    monkeypatch.chdir(tmp_path)
    code, _out, _err = run(capsys, "set", "file:x.nianbao", "received=77")
    # "file:x.nianbao" is no draft (no such file): refused, and x.nianbao is untouched.
    assert code != 0
    assert other.read_bytes() == before
    assert not (tmp_path / "file:x.nianbao").exists()
    # A draft really named so is opened as itself.
    code, _out, _err = run(
        capsys, "new", "file:x.nianbao", "--form", FORM.id, "--field", "unit=乙局"
    )
    assert code == 0
    code, _out, _err = run(capsys, "set", "file:x.nianbao", "received=77")
    assert code == 0
    assert other.read_bytes() == before
    with Draft.open(tmp_path / "file:x.nianbao", "读者", readonly=True) as draft:
        assert draft.values["received"] == 77


@pytest.mark.parametrize("name", ["a?mode=memory.nianbao", "b#c.nianbao", "百分%41号.nianbao"])
def test_names_with_uri_characters_are_plain_names(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    with Draft.create(p, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 4})
    with Draft.open(p, "读者") as draft:
        draft.apply({"received": 6})
    with Draft.open(p, "读者", readonly=True) as draft:
        assert draft.values["received"] == 6
    assert sorted(x.name for x in tmp_path.iterdir() if x.name != "home") == [name]


@pytest.mark.parametrize(
    "name",
    ["a?mode=memory.nianbao", "b#c.nianbao", "百分%41号.nianbao", "空 格;&=+,'~_.-.nianbao"],
)
def test_a_draft_uri_encodes_its_name_as_urllib_would(tmp_path: Path, name: str) -> None:
    """The URI SQLite is given is encoded by our own few lines (a ``check`` imports no
    ``urllib``): every byte but the unreserved ones and ``/`` is percent-encoded, as
    ``urllib.parse.quote`` does, so no name is read as a query or a fragment."""
    from urllib.parse import quote

    from govreport_gui.core.store.sqlite_uri import file_uri

    path = tmp_path / name
    assert file_uri(path) == "file://" + quote(os.fsencode(str(path)), safe="/")
    assert file_uri(str(path), "ro") == file_uri(path) + "?mode=ro"


@posix_only
def test_a_name_that_is_not_utf8_opens_by_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GBK name from a USB stick (surrogate escapes in Python) given relative to the working
    folder, as ``check`` receives it: the URI carries the file system's own bytes."""
    name = os.fsdecode("年报".encode("gbk") + b".nianbao")
    with Draft.create(tmp_path / name, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 5})
    monkeypatch.chdir(tmp_path)
    with Draft.open(name, "读者", readonly=True) as draft:
        assert draft.values["received"] == 5
        assert draft.file == name and draft.path == Path(name)


def _fifo(tmp_path: Path, name: str) -> Path:
    p = tmp_path / name
    os.mkfifo(p)
    return p


@posix_only
@pytest.mark.parametrize("name", ["管道.nianbao", "管道.json"])
@pytest.mark.timeout(20)
def test_check_refuses_a_fifo_without_hanging(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before the fix this test hangs: the pytest timeout below ends it.
    code, _out, err = run(capsys, "check", _fifo(tmp_path, name))
    assert code == 2
    assert "不是普通文件" in err


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_check_refuses_a_device(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} missing")
    code, _out, err = run(capsys, "check", device)
    assert code == 2
    assert "不是普通文件" in err


@posix_only
@pytest.mark.parametrize("values", ["/dev/urandom", "fifo"])
@pytest.mark.timeout(20)
def test_fill_refuses_special_values_files(
    draft_path: Path, tmp_path: Path, values: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _fifo(tmp_path, "v.json") if values == "fifo" else Path(values)
    before = draft_path.read_bytes()
    code, _out, err = run(capsys, "fill", draft_path, "--values", source)
    assert code == 2
    assert "不是普通文件" in err
    assert draft_path.read_bytes() == before


def test_values_file_over_the_cap_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govreport_gui.core.forms.valuesfile import MAX_VALUES_FILE

    big = tmp_path / "大.json"
    big.write_text('{"form": "gov-disclosure-2014", "values": {}}' + " " * MAX_VALUES_FILE)
    code, _out, err = run(capsys, "check", big)
    assert code == 2
    assert "文件过大" in err


@posix_only
@pytest.mark.timeout(20)
def test_workbook_fifo_and_device_are_refused(
    draft_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source in (_fifo(tmp_path, "表.xlsx"), Path("/dev/zero")):
        before = draft_path.read_bytes()
        code, _out, err = run(capsys, "import-xlsx", source, draft_path)
        assert code in (1, 2)
        assert "不是普通文件" in err
        assert draft_path.read_bytes() == before
        code, _out, err = run(capsys, "verify", source)
        assert code == 2
        assert "不是普通文件" in err
