"""Reading a draft's history: every change with who, when, old and new.

The history rows are written by :class:`~govreport_gui.core.store.draft.Draft` in the transaction
of the change itself; this module only reads them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreport_gui.core.store.draft_errors import DraftError, sqlite_reason
from govreport_gui.core.timefmt import format_time

COLUMNS = "seq, batch, at, who, kind, target, old, new, note"


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    batch: int
    at: str  # ISO 8601, UTC
    who: str
    kind: str  # cell, field, status, signoff, reopen, explain, comment, create, import
    target: str
    old: str | None
    new: str | None
    note: str

    @property
    def local_time(self) -> str:
        return format_time(self.at)


def read_rows(
    con: sqlite3.Connection, path: Path, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[Any, ...]]:
    """Rows of a query; a damaged file (e.g. text that is not UTF-8) is a DraftError."""
    try:
        return con.execute(sql, params).fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        reason = sqlite_reason(exc) if isinstance(exc, sqlite3.Error) else "文字不是 UTF-8"
        raise DraftError(f"草稿文件已损坏，修改记录无法读取（{reason}）：{path}") from exc


def entries(con: sqlite3.Connection, path: Path, target: str | None = None) -> list[HistoryEntry]:
    """Every change (of one target: a cell id, a field key), oldest first."""
    sql = f"SELECT {COLUMNS} FROM history"
    if target is None:
        rows = read_rows(con, path, sql + " ORDER BY seq")
    else:
        rows = read_rows(con, path, sql + " WHERE target = ? ORDER BY seq", (target,))
    return [HistoryEntry(*row) for row in rows]
