"""A draft's own SQL: a file from outside whose schema is not exactly ours is refused, untouched.

Drafts travel by USB stick and mail. A trigger stored in one would run when the draft is edited
(silently changing another cell), a CHECK with ``randomblob`` would eat memory. Each crafted file
is refused on open, for writing and read-only, with a Chinese reason, and its bytes and mtime
stay as they were. A WAL-mode draft, once closed, is again exactly one file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import draft_schema
from govreport_gui.core.store.draft import Draft, DraftOpenError

FORM = get_form("gov-disclosure-2014")

# Each: what the hostile sender added to a real draft (SQL run with sqlite3 on the file).
CRAFTED = {
    "trigger": "CREATE TRIGGER evil AFTER INSERT ON history BEGIN UPDATE cell SET value = '999'; END",
    "view": "CREATE VIEW v AS SELECT * FROM cell",
    "extra table": "CREATE TABLE extra (x TEXT)",
    "extra column": "ALTER TABLE cell ADD COLUMN extra TEXT",
    "extra index": "CREATE INDEX cell_value ON cell (value)",
    "check constraint": (
        "DROP TABLE field; CREATE TABLE field (key TEXT PRIMARY KEY, value TEXT NOT NULL"
        " CHECK (length(randomblob(1000)) > 0)) WITHOUT ROWID"
    ),
    "changed default": (
        "DROP INDEX history_target; DROP TABLE history; CREATE TABLE history (seq INTEGER PRIMARY"
        " KEY, batch INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL,"
        " target TEXT NOT NULL, old TEXT, new TEXT, note TEXT NOT NULL DEFAULT 'x');"
        " CREATE INDEX history_target ON history (target, seq)"
    ),
}


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def make_draft(path: Path) -> Path:
    Draft.create(path, FORM, "张三", fields={"unit": "某某局", "year": "2018"}).close()
    with Draft.open(path, "张三") as draft:
        draft.apply({"received": 3, "website": 2})
    return path


def craft(path: Path, sql: str) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.executescript(sql)
    finally:
        con.close()


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_schema_is_refused_and_file_unchanged(
    tmp_path: Path, name: str, readonly: bool
) -> None:
    path = make_draft(tmp_path / "来件.nianbao")
    craft(path, CRAFTED[name])
    before = state(path)
    with pytest.raises(DraftOpenError) as caught:
        Draft.open(path, "李四", readonly=readonly).close()
    assert "为安全起见不打开" in caught.value.message
    assert state(path) == before
    assert leftovers(path) == []  # no -journal, -wal or -shm left beside it


def test_trigger_is_named_in_the_message(tmp_path: Path) -> None:
    path = make_draft(tmp_path / "来件.nianbao")
    craft(path, CRAFTED["trigger"])
    with pytest.raises(DraftOpenError) as caught:
        Draft.open(path, "李四")
    assert "触发器" in caught.value.message


def test_trigger_never_runs_through_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`set` on a draft with a trigger is refused; the trigger's 999 never reaches a cell."""
    path = make_draft(tmp_path / "来件.nianbao")
    craft(path, CRAFTED["trigger"])
    code = cli.main(["set", str(path), "staff=5"])
    _out, err = capsys.readouterr()
    assert code == 2 and "为安全起见不打开" in err and "Traceback" not in err
    con = sqlite3.connect(str(path))
    try:
        assert con.execute("SELECT count(*) FROM cell WHERE value = '999'").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
def test_ordinary_and_older_drafts_still_open(tmp_path: Path, readonly: bool) -> None:
    path = make_draft(tmp_path / "普通.nianbao")
    with Draft.open(path, "张三", readonly=readonly) as draft:
        assert draft.values["received"] == 3


def test_connections_do_not_trust_the_schema(tmp_path: Path) -> None:
    """Functions with side effects are not run from a file's schema (trusted_schema off)."""
    path = make_draft(tmp_path / "普通.nianbao")
    with Draft.open(path, "张三") as draft:
        con = draft._con
        assert con is not None
        assert con.execute("PRAGMA trusted_schema").fetchone() == (0,)


def make_wal_draft(tmp_path: Path) -> Path:
    path = make_draft(tmp_path / "wal.nianbao")
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        assert con.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    finally:
        con.close()
    return path


def leftovers(path: Path) -> list[str]:
    return sorted(
        p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path
    )


def test_show_of_wal_draft_leaves_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_wal_draft(tmp_path)
    assert leftovers(path) == []
    code = cli.main(["show", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "某某局" in out
    assert leftovers(path) == []


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
def test_wal_draft_closed_is_one_file(tmp_path: Path, readonly: bool) -> None:
    path = make_wal_draft(tmp_path)
    for _ in range(3):
        with Draft.open(path, "张三", readonly=readonly) as draft:
            assert draft.values["received"] == 3
        assert leftovers(path) == [], os.listdir(tmp_path)


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
def test_crafted_wal_draft_refused_leaves_one_unchanged_file(
    tmp_path: Path, readonly: bool
) -> None:
    path = make_wal_draft(tmp_path)
    craft(path, CRAFTED["trigger"])
    before = state(path)
    with pytest.raises(DraftOpenError):
        Draft.open(path, "李四", readonly=readonly).close()
    assert state(path) == before
    assert leftovers(path) == []


def test_readonly_open_of_wal_with_pending_log_says_how(tmp_path: Path) -> None:
    """Changes still in the -wal: a read-only open would miss them or leave files; it says to
    open the draft for editing once (which merges the log) instead."""
    path = make_wal_draft(tmp_path)
    writer = sqlite3.connect(str(path), isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE cell SET value = '4' WHERE id = 'received'")
        assert (tmp_path / "wal.nianbao-wal").stat().st_size > 0
        with pytest.raises(DraftOpenError) as caught:
            Draft.open(path, "李四", readonly=True)
        assert "未合并的日志" in caught.value.message
    finally:
        writer.close()
    with Draft.open(path, "李四", readonly=True) as draft:
        assert draft.values["received"] == 4
    assert leftovers(path) == []


def test_a_stale_journal_is_left_by_readers_and_removed_by_a_writer(tmp_path: Path) -> None:
    """A -journal left by an interrupted save (not hot: empty) stays after read-only opens (they
    write nothing, delete nothing: tests/test_draft_interrupted.py) and is gone after an open for
    writing, which says nothing was recovered."""
    path = make_draft(tmp_path / "草稿.nianbao")
    (tmp_path / "草稿.nianbao-journal").write_bytes(b"")
    for _ in range(3):
        with Draft.open(path, "李四", readonly=True) as draft:
            assert draft.values["received"] == 3
        assert leftovers(path) == ["草稿.nianbao-journal"]
    with Draft.open(path, "李四") as draft:
        assert not draft.recovered
    assert leftovers(path) == []


def test_the_schema_rows_known_by_heart_are_those_sqlite_writes() -> None:
    """draft_schema.CURRENT_MASTER (a current file's schema, known without building a reference
    database) is what SQLite stores for a new file and for a file of version 1 migrated."""
    new = sqlite3.connect(":memory:")
    draft_schema.create_schema(new)
    assert draft_schema.master_rows(new) == draft_schema.CURRENT_MASTER
    old = sqlite3.connect(":memory:")
    for statement in draft_schema.SCHEMA_V1.split(";"):
        old.execute(statement)
    draft_schema.migrate(old, 1)
    assert draft_schema.master_rows(old) == draft_schema.CURRENT_MASTER


@pytest.mark.parametrize("readonly", [False, True], ids=["edit", "readonly"])
def test_an_ordinary_draft_opens_without_the_reference_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readonly: bool
) -> None:
    path = make_draft(tmp_path / "草稿.nianbao")

    def refused(version: int) -> object:
        raise AssertionError("the reference schema was built")

    draft_schema._expected_schema.cache_clear()
    monkeypatch.setattr(draft_schema, "_expected_schema", refused)
    with Draft.open(path, "李四", readonly=readonly) as draft:
        assert draft.values["received"] == 3
