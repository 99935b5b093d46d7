"""Draft documents: one ``.nianbao`` file per report, saved at every edit.

Every acknowledged edit is one committed SQLite transaction (rollback journal, ``synchronous=FULL``):
when :meth:`Draft.apply` returns, the change is on disk, with its history row (who, when, old, new).
Several cells changed together (a paste, an undo) are one transaction. Memory is updated only after
the commit, so a failed write (full disk, a pulled USB stick) leaves both file and screen as they were.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from govreport_gui.core.forms.fields import MAX_FIELD_LENGTH
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.record import Record
from govreport_gui.core.forms.registry import UnknownFormError, get_form
from govreport_gui.core.forms.text_figures import is_cell_id
from govreport_gui.core.forms.values import (
    Value,
    check_stored,
    control_character_problem,
    from_text,
    to_text,
)
from govreport_gui.core.store.consolidation_record import ConsolidatedSource, load_sources

# The draft's public names stay importable from here, where the window, the command line and the
# operations take them; each lives in the module of its job.
from govreport_gui.core.store.draft_errors import DraftError as DraftError
from govreport_gui.core.store.draft_errors import DraftLockedError as DraftLockedError
from govreport_gui.core.store.draft_errors import DraftOpenError as DraftOpenError
from govreport_gui.core.store.draft_errors import DraftReadOnlyError as DraftReadOnlyError
from govreport_gui.core.store.draft_errors import DraftWriteError as DraftWriteError
from govreport_gui.core.store.draft_errors import cannot_write, sqlite_reason, write_error
from govreport_gui.core.store.draft_file import (
    check_file,
    connect,
    folder_of,
    hot_journal,
    interrupted,
    refuse_unmerged_wal,
    refused_rollback,
    remove_stale_journal,
    rollback,
    sniff,
    use_rollback_journal,
    writable,
    write_new,
)
from govreport_gui.core.store.draft_schema import SCHEMA_VERSION, missing_columns
from govreport_gui.core.store.draft_types import wrongly_typed
from govreport_gui.core.store.kinds import CONTENT_KINDS, DraftStatus, HistoryKind
from govreport_gui.core.store.sqlite import sqlite3
from govreport_gui.core.timefmt import now_iso

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

    from govreport_gui.core.store import draft_lock
    from govreport_gui.core.store.history import HistoryEntry

DRAFT_SUFFIX = ".nianbao"

# The status and history kinds are enumerations (:mod:`.kinds`); these names stay for callers.
FILLING = DraftStatus.FILLING
SUBMITTED = DraftStatus.SUBMITTED
SIGNED = DraftStatus.SIGNED
STATUS_NAMES: dict[str, str] = {s: s.label for s in DraftStatus}
# What each kind of history entry is called on screen and on the command line.
HISTORY_KIND_NAMES: dict[str, str] = {k: k.label for k in HistoryKind}


TEXT_TARGET = "text:"  # a section's text in the history and in a Change: "text:SECTION_ID"
SECTIONS_TARGET = "sections"  # the draft's own section list (an editable form's), in the history


class Change(Record):
    target: str  # a cell id, "field:KEY" or "text:SECTION_ID"
    old: str
    new: str


class Draft:
    """An open draft. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, path: StrPath, con: sqlite3.Connection, form: FormDef, user: str) -> None:
        # The file as text: opening and reading a draft (every ``check``) runs on ``os.path`` and
        # imports no ``pathlib`` (with its ``urllib.parse`` and ``ipaddress``: ≈ 8 % of such a
        # process, issue 14). :attr:`path` gives it as a ``Path``.
        self.file = os.fspath(path)
        self._con: sqlite3.Connection | None = con
        self.form = form
        self.user = user
        self.values: dict[str, Value] = {}
        self.fields: dict[str, str] = {}
        self.previous: dict[str, Value] | None = None
        self.meta: dict[str, str] = {}
        self.readonly = False
        self.readonly_reason = ""
        # The last save had been interrupted and this open (for writing) rolled it back: the
        # draft is as last saved whole (draft_file.RECOVERED says so to the user).
        self.recovered = False
        self.lock_holder: draft_lock.LockInfo | None = None
        # Why the lock could not be made (None: it was, or it was not tried): its errno words the
        # message (a full disk, a read-only file system, no permission).
        self.lock_error: OSError | None = None
        self.form_changed = (
            False  # the form definition differs from the one the draft was made with
        )
        self.unknown_cells: list[str] = []
        # The report's text (issue 16): each section's text by id (non-empty ones), the draft's own
        # section list (id, heading as stored) on an editable form (None: the form's list), and
        # the ids of stored texts that belong to no section in force (kept, not shown).
        self.texts: dict[str, str] = {}
        self.own_sections: tuple[tuple[str, str], ...] | None = None
        self.unknown_sections: list[str] = []
        # A consolidated draft's record of the reports it sums (issue 17); empty for any other.
        self.consolidated_from: tuple[ConsolidatedSource, ...] = ()
        self.migrated_backup: Path | None = None
        self.last_saved: str | None = None
        self._lock: draft_lock.DraftLock | None = None

    @property
    def path(self) -> Path:
        """The draft's file (:attr:`file`) as a ``Path``."""
        from pathlib import Path

        return Path(self.file)

    # -- creating and opening ----------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        form: FormDef,
        user: str,
        fields: Mapping[str, str] | None = None,
        values: Mapping[str, Value | None] | None = None,
        previous: Mapping[str, Value | None] | None = None,
        previous_source: str = "",
        sections: Mapping[str, str] | None = None,
        consolidated_from: Sequence[ConsolidatedSource] = (),
        consolidation_note: str = "",
    ) -> Draft:
        """Write a new draft. The file appears complete or not at all (written aside, then renamed).

        ``sections`` are initial texts of the form's sections (by id), checked as typed ones are.
        ``consolidated_from``: the reports a consolidated draft sums (its record and history line);
        ``consolidation_note``: what the user was told of them, kept as that line's note."""
        from pathlib import Path  # writing only (the check of a draft runs on os.path)

        from govreport_gui.core.name_length import draft_name_problem

        path = Path(path)
        # First: a name over the file system's limit makes even exists() fail (ENAMETOOLONG).
        too_long = draft_name_problem(path)
        if too_long:
            raise DraftWriteError(too_long)
        if path.exists():
            raise DraftWriteError(f"文件已存在，不会覆盖：{path}")
        if not path.parent.is_dir():
            from govreport_gui.core.oserror_text import no_folder

            raise DraftWriteError(no_folder(path.parent))
        texts = _initial_texts(form, sections or {})
        _write_private(
            path,
            lambda tmp: write_new(
                tmp,
                path,
                form,
                user,
                fields,
                values,
                previous,
                previous_source,
                now_iso(),
                texts,
                consolidated_from,
                consolidation_note,
            ),
        )
        return cls.open(path, user)

    @classmethod
    def open(cls, path: StrPath, user: str, readonly: bool = False) -> Draft:
        """Open a draft for editing (or read-only). Raises DraftOpenError with a Chinese reason.

        A symbolic link is followed to the real file, and the draft is that file from then on (its
        lock, journal and messages): every name of one file shares one lock and one journal.
        """
        path = followed(path)
        sniff(path)
        reason = ""
        lock: draft_lock.DraftLock | None = None
        holder: draft_lock.LockInfo | None = None
        lock_error: OSError | None = None
        if readonly:
            reason = "以只读方式打开。"
        elif not writable(path):
            readonly, reason = (
                True,
                "文件是只读的，修改无法保存。可用“另存为”保存一份可编辑的副本。",
            )
        elif not writable(folder_of(path), folder=True):
            readonly, reason = (
                True,
                "文件所在的文件夹是只读的，修改无法保存。可用“另存为”保存到别处。",
            )
        else:
            # Imported by a writer only: a read-only open (every ``check``) takes no lock.
            from govreport_gui.core.store import draft_lock

            try:
                acquired = draft_lock.acquire(path, user)
            except OSError as exc:
                # The OS's reason decides the words: a full disk is no read-only folder.
                from govreport_gui.core.oserror_text import DISK_FULL_ERRNOS, describe_os_error

                lock_error = exc
                readonly, reason = (
                    True,
                    f"无法在文件夹中建立锁文件（{describe_os_error(exc)}），修改无法保存。"
                    + (
                        "请腾出磁盘空间后重新打开；或用“另存为”保存到别处。"
                        if exc.errno in DISK_FULL_ERRNOS
                        else "可用“另存为”保存到别处。"
                    ),
                )
            else:
                if isinstance(acquired, draft_lock.LockInfo):
                    holder = acquired
                    readonly, reason = (
                        True,
                        f"此草稿已被打开：{acquired.describe()}。本窗口为只读。",
                    )
                else:
                    lock = acquired
        # Asked while holding the lock (no writer of ours is saving): SQLite rolls a hot journal
        # back on the first read of a connection that may write.
        recovering = lock is not None and hot_journal(path)
        try:
            draft = cls._open_connection(path, user, readonly)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        draft._lock = lock
        draft.readonly = readonly
        draft.readonly_reason = reason
        draft.lock_holder = holder
        draft.lock_error = lock_error
        draft.recovered = recovering
        if lock is not None:
            remove_stale_journal(path)  # a read-only open writes nothing, deletes nothing
        return draft

    @classmethod
    def _open_connection(cls, path: str, user: str, readonly: bool) -> Draft:
        if readonly:
            refuse_unmerged_wal(path)
        try:
            con = connect(path, readonly)
        except sqlite3.Error as exc:
            if refused_rollback(exc):
                raise interrupted(path) from exc
            raise DraftOpenError(f"无法打开草稿（{sqlite_reason(exc)}）：{path}") from exc
        except UnicodeDecodeError as exc:  # SQLite's message quotes a damaged schema's bytes
            raise DraftOpenError(f"草稿文件已损坏，无法读取：{path}\n文件未被修改。") from exc
        try:
            return cls._load(path, con, user, readonly)
        except UnicodeDecodeError as exc:
            con.close()
            raise DraftOpenError(f"草稿文件已损坏，无法读取：{path}\n文件未被修改。") from exc
        except sqlite3.DatabaseError as exc:
            con.close()
            if refused_rollback(exc):  # a read-only open of a hot journal: nothing was read
                raise interrupted(path) from exc
            raise DraftOpenError(
                f"草稿文件已损坏，无法读取（{sqlite_reason(exc)}）：{path}\n文件未被修改。"
            ) from exc
        except BaseException:
            con.close()
            raise

    @classmethod
    def _load(cls, path: str, con: sqlite3.Connection, user: str, readonly: bool) -> Draft:
        version = check_file(con, path)
        if not readonly:
            use_rollback_journal(con)
        backup: Path | None = None
        if version < SCHEMA_VERSION:  # an older format: migrated (in memory when read-only)
            from govreport_gui.core.store.migration import bring_up_to_date

            con, backup = bring_up_to_date(con, path, version, readonly)
            # A current file's schema was compared whole (check_file); a migrated one's columns
            # are checked here.
            if missing_columns(con):
                raise DraftOpenError(
                    f"草稿文件已损坏（数据表结构不完整），可能保存时被中断：{path}\n文件未被修改。"
                )
        wrong = wrongly_typed(con)
        if wrong:
            raise DraftOpenError(f"草稿文件已损坏（{wrong}），无法读取：{path}\n文件未被修改。")
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        form_id = meta.get("form_id", "")
        try:
            form = get_form(form_id)
        except UnknownFormError:
            raise DraftOpenError(
                f"此草稿使用的表单“{form_id}”本程序不认识，可能需要更新 govreport：{path}"
            ) from None
        draft = cls(path, con, form, user)
        draft.meta = meta
        draft.migrated_backup = backup
        draft.form_changed = meta.get("form_fingerprint") != form.fingerprint
        _load_cells(draft, con, path)
        for key, text in con.execute("SELECT key, value FROM field"):
            if not isinstance(key, str) or not isinstance(text, str):
                raise DraftOpenError(f"草稿中字段 {key!r} 的内容无法读取：{path}\n文件未被修改。")
            _check_stored_field(form, key, text, path)
            draft.fields[key] = text
        previous = con.execute("SELECT cell, value FROM previous_value").fetchall()
        if previous:
            draft.previous = {
                c: v
                for c, t in previous
                if form.has_cell(c) and (v := _stored_value(form, c, t, path)) is not None
            }
        _load_text(draft, con, path)
        draft.consolidated_from = load_sources(con, path)
        row = con.execute("SELECT max(at) FROM history").fetchone()
        draft.last_saved = row[0] if row else None
        return draft

    # -- state -------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        """A :class:`DraftStatus` (compared as text: a status unknown to this version stays text)."""
        stored = self.meta.get("status", DraftStatus.FILLING)
        try:
            return DraftStatus(stored)
        except ValueError:
            return stored

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)

    @property
    def signed(self) -> bool:
        return self.status == SIGNED

    @property
    def locked(self) -> bool:
        """Values, fields and explanations cannot change: submitted for review, or signed off.

        What the reviewer reads must be what is signed; the 填报人 edits again after 退回.
        """
        return self.status in (SUBMITTED, SIGNED)

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            raise DraftError("草稿已关闭。")
        return self._con

    @property
    def unit(self) -> str:
        return self.fields.get("unit", "")

    @property
    def year(self) -> str:
        return self.fields.get("year", "")

    def close(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Draft:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def check_writable(self, values_change: bool = True) -> None:
        if self.readonly:
            raise DraftReadOnlyError(self.readonly_reason or "草稿以只读方式打开，不能修改。")
        if values_change and self.signed:
            raise DraftLockedError(
                "此报表已签发，数值、表头表尾和报告正文不能再修改。如需修改，请审核人先“撤销签发”。"
            )
        if values_change and self.locked:
            raise DraftLockedError(
                "此报表已提交审核，等待审核期间数值、表头表尾和报告正文不能修改。如需修改，请审核人先“退回”。"
            )

    def transaction(self) -> _Transaction:
        """One durable transaction: ``with draft.transaction() as (con, batch, at):``."""
        return _Transaction(self)

    def apply(
        self,
        values: Mapping[str, Value | None] | None = None,
        fields: Mapping[str, str] | None = None,
        kind: str = HistoryKind.CELL,
        note: str = "",
    ) -> list[Change]:
        """Save changed values and fields as one transaction; returns what actually changed.

        Values must already be parsed (:func:`~govreport_gui.core.forms.values.parse_value`), fields
        already checked (:func:`~govreport_gui.core.forms.fields.parse_field`).
        """
        self.check_writable()
        changes: list[Change] = []
        for cell_id, value in (values or {}).items():
            cell = self.form.cell(cell_id)  # KeyError for an unknown cell: a programming error
            new = to_text(value)
            old = to_text(self.values.get(cell.id))
            if new != old:
                changes.append(Change(cell_id, old, new))
        for key, text in (fields or {}).items():
            self.form.field(key)
            old = self.fields.get(key, "")
            if text != old:
                changes.append(Change(f"field:{key}", old, text))
        if not changes:
            return []
        with self.transaction() as (con, batch, at):
            for change in changes:
                is_field = change.target.startswith("field:")
                target = change.target.removeprefix("field:")
                table = "field" if is_field else "cell"
                column = "key" if is_field else "id"
                if change.new:
                    con.execute(
                        f"INSERT INTO {table} VALUES (?, ?) ON CONFLICT ({column}) DO UPDATE SET value = excluded.value",
                        (target, change.new),
                    )
                else:
                    con.execute(f"DELETE FROM {table} WHERE {column} = ?", (target,))
                con.execute(
                    "INSERT INTO history (batch, at, who, kind, target, old, new, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        batch,
                        at,
                        self.user,
                        HistoryKind.FIELD if is_field else kind,
                        target,
                        change.old,
                        change.new,
                        note,
                    ),
                )
        for change in changes:
            if change.target.startswith("field:"):
                key = change.target.removeprefix("field:")
                if change.new:
                    self.fields[key] = change.new
                else:
                    self.fields.pop(key, None)
            else:
                value = from_text(self.form.cell(change.target).kind, change.new)
                if value is None:
                    self.values.pop(change.target, None)
                else:
                    self.values[change.target] = value
        return changes

    # -- the report's text (issue 16) -----------------------------------------------------------

    def section_ids(self) -> list[str]:
        """The ids of the draft's sections in force, in order."""
        from govreport_gui.core.report.sections import section_list

        return [i for i, _h in section_list(self.form, self.own_sections)]

    def apply_text(
        self, texts: Mapping[str, str], kind: str, note: str = "", merge_seq: int | None = None
    ) -> tuple[list[Change], int | None]:
        """Save section texts (already checked) as one transaction: the changes and the ``seq``
        of the (last) history row written. With ``merge_seq`` (a single text), that history row is
        updated instead of a new one added: consecutive saves of one typing session are one entry
        (its old text stays the text before the session)."""
        self.check_writable()
        changes = [
            Change(TEXT_TARGET + i, self.texts.get(i, ""), t)
            for i, t in texts.items()
            if t != self.texts.get(i, "")
        ]
        if not changes:
            return [], None
        seq: int | None = None
        with self.transaction() as (con, batch, at):
            for change in changes:
                _store_text(con, change.target.removeprefix(TEXT_TARGET), change.new)
                if merge_seq is not None and len(changes) == 1:
                    con.execute(
                        "UPDATE history SET new = ?, at = ? WHERE seq = ?",
                        (change.new, at, merge_seq),
                    )
                    seq = merge_seq
                else:
                    self.log(con, batch, at, kind, change.target, change.old, change.new, note)
                    seq = con.execute("SELECT max(seq) FROM history").fetchone()[0]
        for change in changes:
            section_id = change.target.removeprefix(TEXT_TARGET)
            if change.new:
                self.texts[section_id] = change.new
            else:
                self.texts.pop(section_id, None)
        return changes, seq

    def apply_sections(
        self,
        own: tuple[tuple[str, str], ...] | None,
        texts: Mapping[str, str],
        kind: str,
        note: str = "",
    ) -> list[Change]:
        """Save the draft's own section list (``None``: back to the form's) and texts (a removed
        section's text is cleared, an undone removal brings it back) in one transaction; one
        history row for the list (old and new as ``id<TAB>heading`` lines), one per text."""
        self.check_writable()
        old_list = _list_text(self.own_sections)
        new_list = _list_text(own)
        changes = [
            Change(TEXT_TARGET + i, self.texts.get(i, ""), t)
            for i, t in texts.items()
            if t != self.texts.get(i, "")
        ]
        if old_list == new_list and not changes:
            return []
        with self.transaction() as (con, batch, at):
            if old_list != new_list:
                con.execute("DELETE FROM section_list")
                con.executemany(
                    "INSERT INTO section_list (position, id, heading) VALUES (?, ?, ?)",
                    [(n, i, h) for n, (i, h) in enumerate(own or ())],
                )
                self.log(con, batch, at, kind, SECTIONS_TARGET, old_list, new_list, note)
            for change in changes:
                _store_text(con, change.target.removeprefix(TEXT_TARGET), change.new)
                self.log(con, batch, at, kind, change.target, change.old, change.new, note)
        self.own_sections = own
        for change in changes:
            section_id = change.target.removeprefix(TEXT_TARGET)
            if change.new:
                self.texts[section_id] = change.new
            else:
                self.texts.pop(section_id, None)
        if old_list != new_list:
            changes.insert(0, Change(SECTIONS_TARGET, old_list, new_list))
        return changes

    def set_meta(self, con: sqlite3.Connection, key: str, value: str) -> None:
        """Inside :meth:`transaction`: change a meta entry (memory follows after the commit)."""
        con.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def log(
        self,
        con: sqlite3.Connection,
        batch: int,
        at: str,
        kind: str,
        target: str,
        old: str | None,
        new: str | None,
        note: str = "",
    ) -> None:
        con.execute(
            "INSERT INTO history (batch, at, who, kind, target, old, new, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (batch, at, self.user, kind, target, old, new, note),
        )

    # -- reading history ------------------------------------------------------------------------

    # core/store/history.py is imported when the history is read: a check of a draft reads none.
    def history(self, target: str | None = None, last: int | None = None) -> list[HistoryEntry]:
        """The changes (of ``target``), oldest first; with ``last``, only the latest ``last``."""
        from govreport_gui.core.store import history

        return history.entries(self.con, self.file, target, last)

    def history_spans(
        self, after: int, kinds: tuple[str, ...], apart: tuple[str, ...] = ()
    ) -> list[tuple[HistoryEntry, HistoryEntry]]:
        """Each target's first and last change after history row ``after`` (in SQL: not every
        row since): see :func:`~govreport_gui.core.store.history.spans`."""
        from govreport_gui.core.store import history

        return history.spans(self.con, self.file, after, kinds, apart)

    def history_latest(
        self, target: str, any_of: tuple[tuple[str, str | None], ...]
    ) -> HistoryEntry | None:
        """The last change of ``target`` of one of the (kind, old value) pairs, in one query:
        see :func:`~govreport_gui.core.store.history.latest`."""
        from govreport_gui.core.store import history

        return history.latest(self.con, self.file, target, any_of)

    def consolidation_note(self) -> str:
        """What the user was told of the reports a consolidated draft sums when it was made (the
        note of its 汇总 history line: reports without a digital signature or a trusted signer,
        values of cells the form has not, left out of the sums); '' for any other draft, or when
        nothing was said."""
        if not self.consolidated_from:
            return ""
        entry = self.history_latest("", ((HistoryKind.CONSOLIDATE, None),))
        return entry.note if entry is not None else ""

    def history_count(self, target: str | None = None) -> int:
        from govreport_gui.core.store import history

        return history.count(self.con, self.file, target)

    def last_change(self, target: str) -> HistoryEntry | None:
        """The last row that changed this cell's value or this field (any content kind: an
        edit, a paste, an import, 填入合计, an undo or a redo)."""
        marks = ", ".join("?" for _ in CONTENT_KINDS)
        rows = self._read(
            "SELECT seq, batch, at, who, kind, target, old, new, note FROM history "
            f"WHERE target = ? AND kind IN ({marks}) ORDER BY seq DESC LIMIT 1",
            (target, *CONTENT_KINDS),
        )
        from govreport_gui.core.store import history

        return history.entry(rows[0], self.file) if rows else None

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        from govreport_gui.core.store import history

        return history.read_rows(self.con, self.file, sql, params)

    # -- copies ---------------------------------------------------------------------------------

    def save_as(self, dest: Path, overwrite: bool = False) -> Path:
        """Write a clean, complete copy elsewhere (``VACUUM INTO`` a temporary file, then rename)."""
        from pathlib import Path  # writing only

        from govreport_gui.core.name_length import draft_name_problem

        dest = Path(dest)
        too_long = draft_name_problem(dest)  # first: exists() fails on such a name
        if too_long:
            raise DraftWriteError(too_long)
        if dest.resolve() == self.path.resolve():
            raise DraftWriteError("不能另存为正在编辑的同一个文件。")
        if dest.exists() and not overwrite:
            raise DraftWriteError(f"文件已存在：{dest}")
        # VACUUM INTO writes into an empty file; the copy is as private as the draft.
        _write_private(dest, lambda tmp: self.con.execute("VACUUM INTO ?", (str(tmp),)))
        return dest


class _Transaction:
    """One durable transaction of a draft: entered, it gives (connection, batch number, time);
    left normally, it commits, and the draft's ``last_saved`` is that time; left by an exception,
    it rolls back. An SQLite error on the way becomes the draft's Chinese write error.

    A class rather than ``@contextlib.contextmanager``: importing ``contextlib`` costs a whole
    ``check`` process, which never writes, about 1 ms (issue 14)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.at = ""

    def __enter__(self) -> tuple[sqlite3.Connection, int, str]:
        con = self.draft.con
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_error(exc, self.draft.file) from exc
        try:
            batch = con.execute("SELECT coalesce(max(batch), 0) + 1 FROM history").fetchone()[0]
            self.at = now_iso()
        except BaseException as exc:
            self._roll_back(exc)
            raise
        return con, batch, self.at

    def __exit__(self, _type: object, exc: BaseException | None, _trace: object) -> None:
        if exc is not None:  # the exception goes on (an SQLite one as the Chinese write error)
            self._roll_back(exc)
            return
        try:
            self.draft.con.execute("COMMIT")
        except BaseException as error:
            self._roll_back(error)
            raise
        self.draft.last_saved = self.at

    def _roll_back(self, exc: BaseException) -> None:
        """Undo the transaction that ``exc`` broke off; an SQLite error is raised again as the
        draft's write error, anything else is left for the caller to raise."""
        rollback(self.draft.con)
        if isinstance(exc, sqlite3.Error):
            raise write_error(exc, self.draft.file) from exc


def followed(path: StrPath) -> str:
    """``path`` itself, or the real file when a symbolic link is on the way to it."""
    text = os.fspath(path)
    real = os.path.realpath(text)  # draft_lock.real_path, which a reader need not import
    return real if os.path.normcase(real) != os.path.normcase(os.path.abspath(text)) else text


def _load_cells(draft: Draft, con: sqlite3.Connection, path: StrPath) -> None:
    """The values as read from the file. A cell the form does not have (a newer program's form
    has more, or the file was edited) is kept aside in ``unknown_cells``, named by ``check``,
    ``show`` and the window, and left in the file by every save; an id no form could declare is
    damage, or a trap for every list that names it: refused, untouched (as a section's is)."""
    form = draft.form
    for cell_id, text in con.execute("SELECT id, value FROM cell"):
        if form.has_cell(cell_id):
            value = _stored_value(form, cell_id, text, path)
            if value is not None:
                draft.values[cell_id] = value
        elif is_cell_id(cell_id):
            draft.unknown_cells.append(cell_id)
        else:
            raise DraftOpenError(
                f"草稿中有本程序不会写入的单元格标识，文件可能被改动或已损坏：{path}\n文件未被修改。"
            )


def _stored_value(form: FormDef, cell_id: str, text: object, path: StrPath) -> Value | None:
    """A value as read from the file; a damaged one (not canonical text) is a DraftOpenError."""
    try:
        if not isinstance(text, str):
            raise ValueError(text)
        kind = form.cell(cell_id).kind
        value = from_text(kind, text)
        if isinstance(value, str):
            # Text as typed then: a control character is damage, an invisible one (U+200B) was
            # accepted by older versions and stays readable.
            if control_character_problem(value, cell_id, paragraphs=True, invisible=False):
                raise ValueError(text)
            return value
        # What no input could have stored is a crafted or damaged file, refused like any other.
        check_stored(kind, value)
        return value
    except (ValueError, TypeError, ArithmeticError) as exc:  # ValueInputError too
        # Named by its label (收到申请数) as a user reads it, with the id a values file uses.
        name = f"{form.cell(cell_id).label}（{cell_id}）" if form.has_cell(cell_id) else cell_id
        raise DraftOpenError(
            f"草稿中单元格“{name}”的值“{str(text)[:40]}”无法读取：{path}\n文件未被修改。"
        ) from exc


def _check_stored_field(form: FormDef, key: str, text: str, path: StrPath) -> None:
    """A form's field as read from the file must be what typing could have stored: a control
    character would fail the export (IllegalCharacterError), a 5-million-character name would
    hang the PDF's line breaking. Such a file was crafted or damaged: refused, untouched."""
    if not any(f.key == key for f in form.fields):
        return
    if (
        len(text) > MAX_FIELD_LENGTH
        or control_character_problem(text, key, invisible=False) is not None
    ):
        raise DraftOpenError(
            f"草稿中字段“{form.field(key).label}”的内容不是本程序能写入的"
            f"（过长或含控制字符），文件可能被改动或已损坏：{path}\n文件未被修改。"
        )


def _store_text(con: sqlite3.Connection, section_id: str, text: str) -> None:
    if text:
        con.execute(
            "INSERT INTO section_text VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text",
            (section_id, text),
        )
    else:
        con.execute("DELETE FROM section_text WHERE id = ?", (section_id,))


def _list_text(own: tuple[tuple[str, str], ...] | None) -> str:
    """A section list as the history shows it: one ``id<TAB>heading`` line per section ('' for
    the form's own list)."""
    return "\n".join(f"{i}\t{h}" for i, h in own or ())


def _initial_texts(form: FormDef, sections: Mapping[str, str]) -> dict[str, str]:
    """A new draft's texts, checked as typed ones are (DraftWriteError: nothing is written)."""
    from govreport_gui.core.report.sections import normalized_text, text_problem

    known = {s.id: s for s in form.sections}
    texts: dict[str, str] = {}
    for section_id, raw in sections.items():
        section = known.get(section_id)
        if section is None:
            raise DraftWriteError(f"表单“{form.title}”没有章节“{section_id}”。")
        text = normalized_text(raw)
        problem = text_problem(text, f"章节“{section.heading or '开头部分'}”的正文")
        if problem:
            raise DraftWriteError(problem)
        if text:
            texts[section_id] = text
    return texts


def _load_text(draft: Draft, con: sqlite3.Connection, path: StrPath) -> None:
    """The report's text as read from the file: what typing could not have stored (a control
    character, a text over the limit, an own section list that breaks the form's) is a damaged or
    crafted file, refused untouched; a text of a section not in force is kept aside (as unknown
    cells are) and named by the window and the command line."""
    from govreport_gui.core.forms.text_figures import is_id
    from govreport_gui.core.report.sections import own_list_problem, text_problem

    own = con.execute("SELECT id, heading FROM section_list ORDER BY position").fetchall()
    if own:
        listed = tuple((str(i), str(h)) for i, h in own)
        problem = own_list_problem(draft.form, listed)
        if problem:
            raise DraftOpenError(
                f"草稿中的章节列表不是本程序能写入的（{problem}），文件可能被改动或已损坏：{path}\n"
                "文件未被修改。"
            )
        draft.own_sections = listed
    in_force = set(draft.section_ids())
    for section_id, text in con.execute("SELECT id, text FROM section_text"):
        if not is_id(section_id):  # no id the program writes: damage, or a trap
            raise DraftOpenError(
                f"草稿中有本程序不会写入的章节标识，文件可能被改动或已损坏：{path}\n文件未被修改。"
            )
        if text_problem(text, "正文", invisible=False) is not None:
            raise DraftOpenError(
                f"草稿中章节“{str(section_id)[:40]}”的正文不是本程序能写入的"
                f"（过长或含控制字符），文件可能被改动或已损坏：{path}\n文件未被修改。"
            )
        if section_id not in in_force:
            draft.unknown_sections.append(section_id)
            continue
        if text:
            draft.texts[section_id] = text


def _write_private(path: Path, write: Callable[[Path], object]) -> None:
    """Write a whole draft file at ``path`` through ``write(tmp)``: it appears complete or not at
    all, and private (0600): a draft is the unit's working copy until it is handed over. Every
    failure is a DraftWriteError with a Chinese reason."""
    # Imported here: opening a draft (a check, issue 14) writes no file.
    from govreport_gui.core.atomic_file import PRIVATE_MODE, TempFileError, atomic_replace

    try:
        with atomic_replace(path, mode=PRIVATE_MODE) as tmp:
            write(tmp)
    except sqlite3.Error as exc:
        raise write_error(exc, path) from exc
    except TempFileError as exc:
        raise DraftWriteError(cannot_write(exc, path.parent)) from exc
    except OSError as exc:
        raise DraftWriteError(cannot_write(exc, path)) from exc
