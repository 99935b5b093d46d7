"""The review's rows in the draft file: sign-offs, comments, explanations, the stored status.

:mod:`govreport_gui.core.ops.review` decides what may happen (the rules of submitting, signing and
commenting); this module is the only place that knows how those records are stored, so the ops hold
no SQL. Readers take the open :class:`~govreport_gui.core.store.draft.Draft`; writers take the
connection of a :meth:`Draft.transaction` so that the record, its history row and the status change
are committed together or not at all (the caller opens the transaction, as before).

Rows are returned as plain tuples in the column order named below: the record types (``SignOff``,
``Comment``, ``Explanation``) belong to the review ops, and the store imports nothing of ops.
"""

from __future__ import annotations

from collections.abc import Sequence

from govreport_gui.core.store.draft import FILLING, Draft
from govreport_gui.core.store.sqlite import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any

# The v1 fingerprint, then the digital signature of format 5 (NULL in a legacy sign-off).
SIGNOFF_COLUMNS = "reviewer, at, fingerprint, content_version, digests, signature, public_key"
EXPLANATION_COLUMNS = "rule_id, text, at, who, numbers"
COMMENT_COLUMNS = (
    "id, cell, parent, at, who, text, resolved_at, resolved_by, no_reply_at, no_reply_by"
)


# -- reading -----------------------------------------------------------------------------------


def active_signoff(draft: Draft) -> tuple[Any, ...] | None:
    """The latest active sign-off (see :data:`SIGNOFF_COLUMNS`), or None."""
    row: tuple[Any, ...] | None = draft.con.execute(
        f"SELECT {SIGNOFF_COLUMNS} FROM signoff WHERE active = 1 ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row


def explanations(draft: Draft) -> list[tuple[Any, ...]]:
    """Every explanation as (rule_id, text, at, who, numbers), by rule id."""
    return stored_explanations(draft.con)


def stored_explanations(con: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The explanations as stored in the file (see :func:`explanations`)."""
    return list(con.execute(f"SELECT {EXPLANATION_COLUMNS} FROM explanation ORDER BY rule_id"))


def comments(draft: Draft, open_only: bool = False) -> list[tuple[Any, ...]]:
    """Comments in the order written (see :data:`COMMENT_COLUMNS`); ``open_only``: not resolved."""
    sql = f"SELECT {COMMENT_COLUMNS} FROM comment"
    if open_only:
        sql += " WHERE resolved_at IS NULL"
    return list(draft.con.execute(sql + " ORDER BY id"))


def comment_cell(draft: Draft, comment_id: int) -> tuple[bool, str | None]:
    """Whether the comment exists, and the cell it is on (None: on the whole form)."""
    row = draft.con.execute("SELECT cell FROM comment WHERE id = ?", (comment_id,)).fetchone()
    return (False, None) if row is None else (True, row[0])


def changes_by_author(draft: Draft, kinds: Sequence[str]) -> list[tuple[Any, int]]:
    """(who, number of history rows) for the history rows of these kinds."""
    marks = ", ".join("?" for _ in kinds)
    return list(
        draft.con.execute(
            f"SELECT who, count(*) FROM history WHERE kind IN ({marks}) GROUP BY who", tuple(kinds)
        )
    )


def created_form_id(draft: Draft) -> object:
    """What the draft's 'create' history row names as its form (the form it was made with; a
    crafted file may hold anything there), or None."""
    row = draft.con.execute(
        "SELECT target FROM history WHERE kind = 'create' ORDER BY seq LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def stored_status(con: sqlite3.Connection) -> str:
    """The status as stored in the file (in a transaction: what another writer may have changed)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'status'").fetchone()
    return str(row[0]) if row else FILLING


def stored_content(con: sqlite3.Connection) -> tuple[list[tuple[Any, Any]], dict[Any, Any]]:
    """The cells (id, text) and the fields {key: text} as stored in the file, not as in memory."""
    cells = list(con.execute("SELECT id, value FROM cell"))
    fields = dict(con.execute("SELECT key, value FROM field").fetchall())
    return cells, fields


# -- writing (inside the caller's Draft.transaction) -------------------------------------------


def stored_sections(
    con: sqlite3.Connection,
) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """The report's text as stored in the file (in a transaction): the own section list (empty:
    the form's) and the texts by section id."""
    own = tuple(
        (str(i), str(h))
        for i, h in con.execute("SELECT id, heading FROM section_list ORDER BY position")
    )
    texts = {str(i): str(t) for i, t in con.execute("SELECT id, text FROM section_text")}
    return own, texts


def deactivate_signoffs(con: sqlite3.Connection) -> None:
    """Every sign-off stays in the file but no longer counts (signing anew, or reopening)."""
    con.execute("UPDATE signoff SET active = 0 WHERE active <> 0")


def insert_signoff(
    con: sqlite3.Connection,
    reviewer: str,
    at: str,
    fingerprint: str,
    signed: tuple[str, str, str, str] | None = None,
) -> None:
    """A new active sign-off; ``signed``: (content version, digests JSON, signature, public key)."""
    version, digests, signature, public_key = signed or (None, None, None, None)
    con.execute(
        "INSERT INTO signoff (reviewer, at, fingerprint, active, content_version, digests, "
        "signature, public_key) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
        (reviewer, at, fingerprint, version, digests, signature, public_key),
    )


def set_explanation(
    con: sqlite3.Connection, rule_id: str, text: str, at: str, who: str, numbers: str
) -> None:
    """Write or renew the explanation of one rule."""
    con.execute(
        "INSERT INTO explanation (rule_id, text, at, who, numbers) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (rule_id) DO UPDATE SET text = excluded.text, at = excluded.at, "
        "who = excluded.who, numbers = excluded.numbers",
        (rule_id, text, at, who, numbers),
    )


def delete_explanation(con: sqlite3.Connection, rule_id: str) -> None:
    con.execute("DELETE FROM explanation WHERE rule_id = ?", (rule_id,))


def insert_comment(
    con: sqlite3.Connection, cell: str | None, parent: int | None, at: str, who: str, text: str
) -> int:
    """A new comment; its id."""
    cursor = con.execute(
        "INSERT INTO comment (cell, parent, at, who, text) VALUES (?, ?, ?, ?, ?)",
        (cell, parent, at, who, text),
    )
    comment_id = cursor.lastrowid
    assert comment_id is not None  # an INSERT always gives a row id
    return comment_id


def mark_resolved(con: sqlite3.Connection, comment_id: int, at: str, who: str) -> None:
    con.execute(
        "UPDATE comment SET resolved_at = ?, resolved_by = ? WHERE id = ?", (at, who, comment_id)
    )


def mark_no_reply(con: sqlite3.Connection, comment_id: int, at: str, who: str) -> None:
    con.execute(
        "UPDATE comment SET no_reply_at = ?, no_reply_by = ? WHERE id = ?", (at, who, comment_id)
    )
