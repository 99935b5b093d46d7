"""Reading a draft's history: every change with who, when, old and new.

The history rows are written by :class:`~govreport_gui.core.store.draft.Draft` in the transaction
of the change itself; this module only reads them.
"""

from __future__ import annotations

import datetime as dt

from govreport_gui.core.forms.record import Record
from govreport_gui.core.store.draft_errors import DraftError, sqlite_reason
from govreport_gui.core.store.sqlite import sqlite3
from govreport_gui.core.timefmt import format_time

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any

    from _typeshed import StrPath  # a path as text or Path: ``check`` imports no ``pathlib``


COLUMNS = "seq, batch, at, who, kind, target, old, new, note"


class HistoryEntry(Record):
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
    con: sqlite3.Connection, path: StrPath, sql: str, params: tuple[object, ...] = ()
) -> list[tuple[Any, ...]]:
    """Rows of a query; a damaged file (e.g. text that is not UTF-8) is a DraftError."""
    try:
        return con.execute(sql, params).fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        reason = sqlite_reason(exc) if isinstance(exc, sqlite3.Error) else "文字不是 UTF-8"
        raise DraftError(f"草稿文件已损坏，修改记录无法读取（{reason}）：{path}") from exc


def entries(
    con: sqlite3.Connection, path: StrPath, target: str | None = None, last: int | None = None
) -> list[HistoryEntry]:
    """Every change (of one target: a cell id, a field key), oldest first; with ``last``, only
    the latest ``last`` of them, the others not even read (a crafted draft may hold 300,000)."""
    where, params = ("", ()) if target is None else (" WHERE target = ?", (target,))
    sql = f"SELECT {COLUMNS} FROM history{where}"
    if last is None:
        rows = read_rows(con, path, sql + " ORDER BY seq", params)
    else:
        rows = read_rows(con, path, sql + " ORDER BY seq DESC LIMIT ?", (*params, last))
        rows.reverse()
    return [entry(row, path) for row in rows]


def latest(
    con: sqlite3.Connection, path: StrPath, target: str, any_of: tuple[tuple[str, str | None], ...]
) -> HistoryEntry | None:
    """The last row of ``target`` that is of one of ``any_of``'s (kind, old value) pairs (old
    None: any), or None. One query on the ``(target, seq)`` index, read from the newest row back:
    only the row found becomes an entry (a crafted draft may hold 300,000 rows of one target)."""
    if not any_of:
        return None
    cases = " OR ".join(
        "(kind = ?)" if old is None else "(kind = ? AND old = ?)" for _, old in any_of
    )
    params: list[object] = [target]
    for kind, old in any_of:
        params += [kind] if old is None else [kind, old]
    sql = f"SELECT {COLUMNS} FROM history WHERE target = ? AND ({cases}) ORDER BY seq DESC LIMIT 1"
    rows = read_rows(con, path, sql, tuple(params))
    return entry(rows[0], path) if rows else None


def spans(
    con: sqlite3.Connection,
    path: StrPath,
    after: int,
    kinds: tuple[str, ...],
    apart: tuple[str, ...],
) -> list[tuple[HistoryEntry, HistoryEntry]]:
    """The first and the last row of each target changed after row ``after`` by a row of
    ``kinds``, in the order first changed. A row of a kind in ``apart`` counts apart from the
    other rows of its target (a 说明 of rule X is no change of a cell X).

    SQLite groups the rows and reads only those after ``after`` (``seq`` is the rowid): only
    two rows a target become entries, not every row since (a crafted draft may hold 300,000)."""
    kind_marks = ", ".join("?" for _ in kinds)
    apart_marks = ", ".join("?" for _ in apart)
    first = ", ".join(f"f.{c.strip()}" for c in COLUMNS.split(","))
    last = ", ".join(f"l.{c.strip()}" for c in COLUMNS.split(","))
    sql = (
        "WITH g AS (SELECT min(seq) AS first, max(seq) AS last FROM history"
        f" WHERE seq > ? AND kind IN ({kind_marks})"
        f" GROUP BY CASE WHEN kind IN ({apart_marks}) THEN kind ELSE '' END, target)"
        f" SELECT {first}, {last} FROM g JOIN history f ON f.seq = g.first"
        " JOIN history l ON l.seq = g.last ORDER BY g.first"
    )
    rows = read_rows(con, path, sql, (after, *kinds, *apart))
    width = len(_TYPES)
    return [(entry(row[:width], path), entry(row[width:], path)) for row in rows]


def count(con: sqlite3.Connection, path: StrPath, target: str | None = None) -> int:
    """How many changes (of one target) the history holds."""
    where, params = ("", ()) if target is None else (" WHERE target = ?", (target,))
    return int(read_rows(con, path, f"SELECT count(*) FROM history{where}", params)[0][0])


# The type each column must have; anything else was written by another program (or damage).
_TYPES: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("序号", (int,)),
    ("批次", (int,)),
    ("时间", (str,)),
    ("修改人", (str,)),
    ("类别", (str,)),
    ("对象", (str,)),
    ("原值", (str, type(None))),
    ("新值", (str, type(None))),
    ("备注", (str,)),
)


def entry(row: tuple[Any, ...], path: StrPath) -> HistoryEntry:
    """One history row, checked: a damaged row (a blob or number where text belongs, a time that
    is no time) is a DraftError naming the row, never a crash in whoever shows it."""
    if len(row) != len(_TYPES):
        raise DraftError(f"草稿文件已损坏，修改记录无法读取：{path}\n文件未被修改。")
    for value, (name, types) in zip(row, _TYPES, strict=True):
        if isinstance(value, bool) or not isinstance(value, types):
            raise _damaged(row, name, path)
    at = row[2]
    try:
        # A time in year 1 or 9999 may not be shown in local time: damage as well.
        dt.datetime.fromisoformat(at).astimezone()
    except (ValueError, OverflowError, OSError):
        raise _damaged(row, "时间", path) from None
    return HistoryEntry(*row)


def _damaged(row: tuple[Any, ...], name: str, path: StrPath) -> DraftError:
    seq = row[0] if isinstance(row[0], int) and not isinstance(row[0], bool) else "?"
    return DraftError(
        f"草稿文件已损坏：修改记录第 {seq} 条的{name}无法读取（不是本程序写入的内容）：{path}\n"
        "文件未被修改。草稿中的数值仍可打开查看；如需完整的修改记录，"
        "请向发来文件的人要一份由本程序保存的草稿。"
    )
