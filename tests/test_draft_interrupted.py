"""A save cut short (power cut, killed process) leaves a hot ``-journal`` beside the draft.

SQLite's crash recovery (rolling the journal back) is what makes the draft whole again, and it
writes. So: a command that only reads (check, show, history, export, verify, compare,
consolidate) never does it — it says that the last save was interrupted and how to recover,
exit 2, every file as it was; opening the draft for writing (the window, ``govreport recover``,
any command that changes the draft) recovers it and says so. A ``-journal`` of garbage is
"hot" to SQLite as well (its first byte is not 0); rolling it back finds no valid header and
only deletes it, the draft unchanged. A ``-wal`` of garbage beside a draft is refused unread by
a read-only open as an unmerged WAL is (reading it would rewrite ``-shm`` beside the draft).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_run import Run, run
from consolidation_samples import variant, write_draft, write_values
from gui_helpers import home, window

from govreport_gui.core.store.draft import Draft, DraftOpenError
from govreport_gui.gui.main_window import MainWindow

_ = (run, home, window)  # the fixtures of cli_run and gui_helpers

INTERRUPTED = "草稿上次保存时被中断"
RECOVERED = "草稿上次保存时被中断，已恢复到上次完整保存时的内容"


def state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` by name, with its bytes' digest."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def interrupt_a_save(path: Path) -> None:
    """A process changes the draft in one transaction, big enough for SQLite to write pages into
    the file before the commit, and dies before committing: a real hot journal."""
    code = textwrap.dedent(
        f"""
        import os, sqlite3
        con = sqlite3.connect({str(path)!r}, isolation_level=None)
        con.execute("PRAGMA cache_size = 1")
        con.execute("BEGIN")
        con.execute("UPDATE cell SET value = '77'")
        con.execute("UPDATE history SET new = coalesce(new, '') || printf('%.2000c', 'x')")
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    return write_draft(tmp_path / "报表" / "财政局.nianbao", variant("自治区财政厅", 1, "0", "1"))


@pytest.fixture()
def hot(draft: Path) -> tuple[Path, str]:
    """The draft after an interrupted save, and the digest of the draft as last saved."""
    saved = hashlib.sha256(draft.read_bytes()).hexdigest()
    interrupt_a_save(draft)
    journal = draft.with_name(draft.name + "-journal")
    assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")  # SQLite's magic
    assert hashlib.sha256(draft.read_bytes()).hexdigest() != saved  # pages were written
    return draft, saved


def test_read_only_commands_refuse_and_change_nothing(
    run: Run, hot: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = hot
    folder = path.parent
    other = write_values(tmp_path / "去年.json", variant("自治区财政厅", 1, "0", "1", year="2017"))
    before = state(folder)
    commands = [
        ["check", path],
        ["show", path],
        ["history", path],
        ["export", path, "--xlsx", tmp_path / "出.xlsx"],
        ["compare", other, path],
        ["consolidate", path, "--out", tmp_path / "汇总.nianbao", "--unit", "某县"],
        ["verify", tmp_path / "出.xlsx", "--draft", path],
        ["sections", path],
        ["comments", path],
    ]
    for args in commands:
        code, out, err = run(*args)
        assert code == 2, (args, out, err)
        assert INTERRUPTED in err and "govreport recover" in err and "文件未被修改" in err, args
        assert state(folder) == before, args  # the draft and its journal untouched
    assert not (tmp_path / "出.xlsx").exists() and not (tmp_path / "汇总.nianbao").exists()


def test_a_folder_check_lists_it_as_unreadable_with_the_reason(
    run: Run, hot: tuple[Path, str]
) -> None:
    path, _ = hot
    before = state(path.parent)
    code, out, _ = run("check", path.parent)
    assert code == 2
    line = out.splitlines()[0]
    assert line.startswith(f"{path}\t无法读取\t{INTERRUPTED}")
    assert state(path.parent) == before


def test_recover_rolls_back_to_the_last_save_and_says_so(run: Run, hot: tuple[Path, str]) -> None:
    path, saved = hot
    code, out, err = run("recover", path)
    assert code == 0, err
    assert out == f"{RECOVERED}（中断的那次修改没有保存）：{path}\n"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no journal left
    assert hashlib.sha256(path.read_bytes()).hexdigest() == saved  # exactly as last saved
    code, out, _ = run("check", path)
    assert code == 0, out
    code, out, _ = run("recover", path)
    assert code == 0 and out == f"草稿没有需要恢复的内容（上次保存是完整的）：{path}\n"


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_draft_that_cannot_be_written_says_to_copy_it_with_its_journal_to_recover(
    run: Run, hot: tuple[Path, str], tmp_path: Path, locked: str
) -> None:
    """Recovering writes the draft and deletes its journal: on a read-only file or folder (a
    write-protected stick) ``recover`` cannot, and must not tell the user to run ``recover``."""
    path, saved = hot
    folder = path.parent
    journal = path.with_name(path.name + "-journal")
    before = state(folder)
    target = path if locked == "file" else folder
    mode = target.stat().st_mode
    target.chmod(0o444 if locked == "file" else 0o555)
    try:
        for command in ("recover", "check", "set"):
            args = (command, path, "received=5") if command == "set" else (command, path)
            code, out, err = run(*args)
            assert code == 2, (command, out, err)
            why = "草稿文件是只读的" if locked == "file" else "草稿所在的文件夹是只读的"
            assert f"恢复需要改写草稿，但{why}" in err, err
            assert f"请把草稿连同旁边的 {journal.name} 一起复制到可以写入的文件夹" in err, err
            assert "复制出的草稿若仍是只读的，请取消它的只读属性" in err, err
            assert "文件未被修改" in err
        assert state(folder) == before
    finally:
        target.chmod(mode)
    # What the message says to do works: the copy of both recovers to the last save.
    copy = tmp_path / "副本"
    copy.mkdir()
    for name in (path.name, journal.name):
        (copy / name).write_bytes((folder / name).read_bytes())
    code, out, err = run("recover", copy / path.name)
    assert code == 0 and out.startswith(RECOVERED), (out, err)
    assert hashlib.sha256((copy / path.name).read_bytes()).hexdigest() == saved


def test_a_command_that_changes_the_draft_recovers_it_first_and_says_so(
    run: Run, draft: Path
) -> None:
    code, _, err = run("reopen", draft, "--reason", "改数")  # signed: back to 填报中 first
    assert code == 0, err
    interrupt_a_save(draft)
    code, _, err = run("set", draft, "received=5")
    assert code == 0, err
    assert f"注意：{RECOVERED}（中断的那次修改没有保存）：{draft}" in err
    with Draft.open(draft, "李四", readonly=True) as opened:
        assert opened.values["received"] == 5
        assert opened.values["answered"] != 77  # the interrupted save's figure is not there


def test_a_garbage_journal_is_refused_read_only_and_dropped_by_a_writer(
    run: Run, draft: Path
) -> None:
    journal = draft.with_name(draft.name + "-journal")
    journal.write_bytes(b"\x92" + os.urandom(2999))  # not SQLite's: no valid header
    saved = hashlib.sha256(draft.read_bytes()).hexdigest()
    before = state(draft.parent)
    code, _, err = run("check", draft)
    assert code == 2 and INTERRUPTED in err
    assert state(draft.parent) == before
    code, out, _ = run("recover", draft)
    assert code == 0 and out.startswith(RECOVERED)
    assert not journal.exists()
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == saved  # nothing was played back


def test_a_garbage_wal_is_refused_read_only_and_merged_by_a_writer(run: Run, draft: Path) -> None:
    wal = draft.with_name(draft.name + "-wal")
    shm = draft.with_name(draft.name + "-shm")
    wal.write_bytes(os.urandom(5000))
    shm.write_bytes(os.urandom(32768))
    saved = hashlib.sha256(draft.read_bytes()).hexdigest()
    before = state(draft.parent)
    with pytest.raises(DraftOpenError) as caught:
        Draft.open(draft, "李四", readonly=True)
    assert "未合并的日志文件" in caught.value.message
    code, _, err = run("check", draft)
    assert code == 2 and "未合并的日志文件" in err and "govreport recover" in err
    assert state(draft.parent) == before  # -shm not rewritten
    code, _, err = run("recover", draft)
    assert code == 0, err
    assert [p.name for p in draft.parent.iterdir()] == [draft.name]
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == saved


def test_the_window_recovers_and_says_so_in_its_banner(
    window: MainWindow, hot: tuple[Path, str]
) -> None:
    path, _ = hot
    assert window.open_path(path)
    assert window.doc is not None and window.doc.draft.recovered
    assert window.banner.isVisible() and RECOVERED in window.banner.text()
    assert window.doc.draft.values["answered"] != 77
    assert not path.with_name(path.name + "-journal").exists()
