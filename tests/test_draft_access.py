"""Read-only drafts, and one writer at a time (in this process, from another, after a crash)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store import draft_file, draft_lock
from govreport_gui.core.store.draft import Draft, DraftReadOnlyError

FORM = get_form("gov-disclosure-2014")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "草稿"
    folder.mkdir()
    p = folder / "报表.nianbao"
    with Draft.create(p, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 3})
    return p


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def assert_writes_refused(draft: Draft, p: Path) -> None:
    before = sha(p)
    values, fields = dict(draft.values), dict(draft.fields)
    with pytest.raises(DraftReadOnlyError) as info:
        draft.apply({"received": 99})
    assert info.value.message
    with pytest.raises(DraftReadOnlyError):
        draft.apply(fields={"unit": "别的局"})
    with pytest.raises(DraftReadOnlyError):
        ReportDocument(draft).edit({"received": 99})
    assert draft.values == values and draft.fields == fields
    assert sha(p) == before


def deny_write(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """os.access as a non-root user would answer for a read-only ``target`` (tests may run as root)."""
    real: Callable[..., bool] = os.access

    def access(p: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(p)).resolve() == target.resolve():
            return False
        return real(p, mode, *args, **kwargs)

    monkeypatch.setattr(draft_file.os, "access", access)


# -- read-only files and folders -------------------------------------------------------------------


def test_read_only_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny_write(monkeypatch, path)
    with Draft.open(path, "查看者") as draft:
        assert draft.readonly
        assert "只读" in draft.readonly_reason and "另存为" in draft.readonly_reason
        assert draft.values == {"received": 3}
        assert not draft_lock.lock_path(path).exists()
        assert_writes_refused(draft, path)
        # What the reason suggests works: a writable copy elsewhere.
        copy = draft.save_as(path.parent.parent / "副本.nianbao")
    with Draft.open(copy, "查看者") as draft:
        assert not draft.readonly
        draft.apply({"received": 4})
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_read_only_folder(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deny_write(monkeypatch, path.parent)
    with Draft.open(path, "查看者") as draft:
        assert draft.readonly
        assert "文件夹" in draft.readonly_reason and "只读" in draft.readonly_reason
        assert_writes_refused(draft, path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.fixture()
def restore_modes(path: Path) -> Iterator[None]:
    yield
    path.parent.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_by_chmod(path: Path, what: str, restore_modes: None) -> None:
    target = path if what == "file" else path.parent
    target.chmod(0o444 if what == "file" else 0o555)
    # Also as root (CI runs as root), whom chmod would not stop: the owner meant it read-only.
    with Draft.open(path, "查看者") as draft:
        assert draft.readonly and "只读" in draft.readonly_reason
        assert_writes_refused(draft, path)


# -- one writer at a time --------------------------------------------------------------------------


def test_second_open_in_this_process_is_read_only(path: Path) -> None:
    first = Draft.open(path, "张三")
    try:
        assert not first.readonly
        with Draft.open(path, "李四") as second:
            assert second.readonly
            assert "张三" in second.readonly_reason
            assert second.lock_holder is not None and second.lock_holder.user == "张三"
            assert second.lock_holder.pid == os.getpid()
            assert_writes_refused(second, path)
        first.apply({"received": 5})  # the first is still the writer
    finally:
        first.close()
    with Draft.open(path, "李四") as third:
        assert not third.readonly and third.lock_holder is None
        assert third.values["received"] == 5
        third.apply({"received": 6})
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


HOLD = """
import sys
from pathlib import Path
from govreport_gui.core.store.draft import Draft
draft = Draft.open(Path(sys.argv[1]), sys.argv[2])
print("readonly" if draft.readonly else "writer", draft.readonly_reason, flush=True)
sys.stdin.readline()
draft.close()
print("closed", flush=True)
"""


def hold(path: Path, user: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), user],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline()


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == "closed\n"
    assert proc.wait(timeout=10) == 0


def test_another_process_holding_it(path: Path) -> None:
    proc, line = hold(path, "王五")
    try:
        assert line.startswith("writer")
        with Draft.open(path, "赵六") as draft:
            assert draft.readonly
            assert "王五" in draft.readonly_reason
            assert draft.lock_holder is not None and draft.lock_holder.pid == proc.pid
            assert_writes_refused(draft, path)
    finally:
        release(proc)
    with Draft.open(path, "赵六") as draft:
        assert not draft.readonly
        draft.apply({"received": 7})


def test_this_process_holding_it_against_another(path: Path) -> None:
    with Draft.open(path, "张三") as draft:
        proc, line = hold(path, "李四")
        try:
            assert line.startswith("readonly") and "张三" in line
        finally:
            release(proc)
        draft.apply({"received": 8})


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_lock_of_a_killed_process_does_not_block(path: Path) -> None:
    proc, line = hold(path, "王五")
    assert line.startswith("writer")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    proc.stdout.close()
    lock = draft_lock.lock_path(path)
    assert lock.exists() and "王五" in lock.read_text(encoding="utf-8")
    with Draft.open(path, "赵六") as draft:
        assert not draft.readonly, draft.readonly_reason
        assert draft.lock_holder is None
        assert "赵六" in lock.read_text(encoding="utf-8")
        draft.apply({"received": 9})
    assert not lock.exists()


@pytest.mark.parametrize("text", ["", "{", "[1]", '{"user": 1}', "[" * 2000 + "]" * 2000])
def test_a_lock_files_text_that_is_no_holder_names_another_program(text: str) -> None:
    """What another process wrote in the lock file is read for the message only: text that is no
    holder (damaged, or nested past Python's recursion limit) names 另一个程序, never raises."""
    info = draft_lock._read_info(text)
    assert (info.user, info.pid) == ("另一个程序", 0)
