"""A draft of an older file format (version 1) is upgraded on open, after a backup copy."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store.draft import Draft, DraftOpenError
from govreport_gui.core.store.draft_schema import APPLICATION_ID, SCHEMA_V1, SCHEMA_VERSION

FORM = get_form("gov-disclosure-2014")
AT = "2019-02-14T08:30:00+00:00"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def write_v1(path: Path, extra_sql: str = "") -> None:
    """A version-1 file as the first release wrote it, by hand."""
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V1 + extra_sql)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    meta = {
        "form_id": FORM.id,
        "form_fingerprint": FORM.fingerprint,
        "status": "filling",
        "created_at": AT,
        "created_by": "老版本用户",
        "app_version": "0.0.9",
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.executemany(
        "INSERT INTO field VALUES (?, ?)", [("unit", "自治区机关事务管理局"), ("year", "2018")]
    )
    con.executemany(
        "INSERT INTO cell VALUES (?, ?)",
        [("proactive_info", "370"), ("website", "330"), ("fees", "0.125"), ("budget", "12.5")],
    )
    con.executemany(
        "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (1, AT, "老版本用户", "create", FORM.id, None, "旧.nianbao"),
            (2, AT, "老版本用户", "cell", "proactive_info", "", "370"),
            (2, AT, "老版本用户", "cell", "website", "", "330"),
        ],
    )
    con.commit()
    con.close()


def tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_version_1_is_migrated_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "旧.nianbao"
    write_v1(path)
    original = path.read_bytes()

    with Draft.open(path, "新版本用户") as draft:
        assert not draft.readonly
        assert draft.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"explanation", "previous_value"} <= tables(draft.con)
        assert draft.values == {
            "proactive_info": 370,
            "website": 330,
            "fees": Decimal("0.125"),
            "budget": Decimal("12.5"),
        }
        assert draft.fields == {"unit": "自治区机关事务管理局", "year": "2018"}
        assert draft.meta["created_by"] == "老版本用户"
        assert [(h.batch, h.target, h.new) for h in draft.history()][1:] == [
            (2, "proactive_info", "370"),
            (2, "website", "330"),
        ]
        backup = draft.migrated_backup
        assert backup is not None and backup.parent == path.parent and backup != path
        # The upgraded draft works as any other.
        draft.apply({"website": 340})

    # The backup is the old file as it was: version 1, same rows, nothing of version 2.
    con = sqlite3.connect(backup)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert "explanation" not in tables(con) and "previous_value" not in tables(con)
        assert dict(con.execute("SELECT id, value FROM cell")) == {
            "proactive_info": "370",
            "website": "330",
            "fees": "0.125",
            "budget": "12.5",
        }
        assert con.execute("SELECT count(*) FROM history").fetchone()[0] == 3
    finally:
        con.close()
    assert hashlib.sha256(original).digest() != hashlib.sha256(path.read_bytes()).digest()

    # Opened again: already current, no second backup; the edit after the upgrade is kept.
    with Draft.open(path, "新版本用户") as draft:
        assert draft.migrated_backup is None
        assert draft.values["website"] == 340
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        [path.name, backup.name]
    )


def test_version_1_opens_read_only_without_being_changed(tmp_path: Path) -> None:
    """A reviewer (or next year's draft reading last year's) can read an old draft as it is."""
    path = tmp_path / "旧.nianbao"
    write_v1(path)
    before = path.read_bytes()
    with Draft.open(path, "查看者", readonly=True) as draft:
        assert draft.readonly
        assert draft.values["website"] == 330
        assert draft.migrated_backup is None
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [path.name]


def test_failed_migration_leaves_the_file_and_no_backup(tmp_path: Path) -> None:
    """A file that says version 1 but already has a version-2 table: the upgrade cannot run."""
    path = tmp_path / "坏.nianbao"
    write_v1(path, "CREATE TABLE explanation (x TEXT);")
    before = path.read_bytes()
    with pytest.raises(DraftOpenError) as info:
        Draft.open(path, "新版本用户")
    assert "草稿" in info.value.message
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [path.name]


def test_the_backup_copy_is_not_listed_as_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.core.store import library, settings

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    folder = settings.library_dir()
    folder.mkdir(parents=True)
    path = folder / "旧.nianbao"
    write_v1(path)
    with Draft.open(path, "新版本用户") as draft:
        assert draft.migrated_backup is not None and draft.migrated_backup.exists()
    assert [d.path.name for d in library.list_drafts()] == [path.name]


def test_a_version_4_sign_off_stays_a_legacy_one_after_the_upgrade(tmp_path: Path) -> None:
    """Version 5 adds the digital signature to the sign-off row; older rows keep NULL there."""
    from govreport_gui.core.store.draft_schema import MIGRATIONS

    path = tmp_path / "旧签发.nianbao"
    write_v1(path, "".join(MIGRATIONS[v] for v in (1, 2, 3)))
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 4")
    con.execute(
        "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES ('沈涛', ?, ?, 1)",
        (AT, "ab" * 32),
    )
    con.commit()
    con.close()
    with Draft.open(path, "查看者", readonly=True) as draft:  # read-only: migrated in memory
        row = draft.con.execute(
            "SELECT reviewer, content_version, digests, signature, public_key FROM signoff"
        ).fetchall()
        assert row == [("沈涛", None, None, None, None)]
    with Draft.open(path, "新版本用户") as draft:
        assert draft.migrated_backup is not None and draft.migrated_backup.name.startswith(
            "旧签发.v4"
        )
        assert draft.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        row = draft.con.execute("SELECT reviewer, signature FROM signoff").fetchall()
        assert row == [("沈涛", None)]
