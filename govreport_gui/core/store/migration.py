"""Bringing a draft of an older file format up to date, with a copy of it kept first.

The migrations themselves (one per format version) are in :mod:`.draft_schema`. A draft opened
read-only is migrated in memory only; one opened for writing is copied to
``<name>.v<version>-备份.nianbao`` before it is changed, and the copy is removed again when the
migration fails (the file itself is then unchanged).
"""

from __future__ import annotations

import os
from pathlib import Path

from govreport_gui.core.store.draft_file import harden
from govreport_gui.core.store.draft_schema import SCHEMA_VERSION, migrate
from govreport_gui.core.store.sqlite import sqlite3
from govreport_gui.core.store.sqlite_uri import connect_file


def bring_up_to_date(
    con: sqlite3.Connection, path: str | os.PathLike[str], version: int, readonly: bool
) -> tuple[sqlite3.Connection, Path | None]:
    """The connection to use (a copy in memory when read-only) and the backup made, if any."""
    if version >= SCHEMA_VERSION:
        return con, None
    if readonly:
        # Read an old draft without changing it: migrate a copy in memory.
        memory = sqlite3.connect(":memory:", isolation_level=None)
        harden(memory)
        con.backup(memory)
        con.close()
        migrate(memory, version)
        return memory, None
    backup = backup_before_migration(con, Path(path), version)
    try:
        migrate(con, version)
    except BaseException:
        backup.unlink(missing_ok=True)  # the file itself is unchanged: no copy needed
        raise
    return con, backup


def backup_before_migration(con: sqlite3.Connection, path: Path, version: int) -> Path:
    backup = path.with_name(f"{path.stem}.v{version}-备份{path.suffix}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.stem}.v{version}-备份{n}{path.suffix}")
    target = connect_file(backup)
    try:
        con.backup(target)
    finally:
        target.close()
    return backup
