"""Draft documents: one ``.nianbao`` file per report, saved at every edit.

Every acknowledged edit is one committed SQLite transaction (rollback journal, ``synchronous=FULL``):
when :meth:`Draft.apply` returns, the change is on disk, with its history row (who, when, old, new).
Several cells changed together (a paste, an undo) are one transaction. Memory is updated only after
the commit, so a failed write (full disk, a pulled USB stick) leaves both file and screen as they were.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.atomic_file import PRIVATE_MODE, TempFileError, atomic_replace
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import UnknownFormError, get_form
from govreport_gui.core.forms.values import Value, from_text, to_text
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store import draft_lock
from govreport_gui.core.store.draft_schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    create_schema,
    migrate,
    missing_columns,
)

# format_time stays importable from here, where the window and the command line take it.
from govreport_gui.core.timefmt import format_time as format_time
from govreport_gui.core.timefmt import now_iso as now_iso

DRAFT_SUFFIX = ".nianbao"
SQLITE_HEADER = b"SQLite format 3\x00"

FILLING = "filling"
SUBMITTED = "submitted"
SIGNED = "signed"
STATUS_NAMES = {FILLING: "填报中", SUBMITTED: "待审核", SIGNED: "已签发"}
# What each kind of history entry is called on screen and on the command line.
HISTORY_KIND_NAMES = {
    "create": "新建",
    "cell": "修改",
    "field": "字段",
    "import": "导入",
    "undo": "撤销",
    "redo": "重做",
    "fill-totals": "填入合计",
    "status": "状态",
    "signoff": "签发",
    "reopen": "撤销签发",
    "explain": "说明",
    "comment": "意见",
}


class DraftError(Exception):
    """Anything that goes wrong with a draft; ``message`` is a Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DraftOpenError(DraftError):
    """The file cannot be opened as a draft. It has not been changed."""


class DraftWriteError(DraftError):
    """A change could not be saved. Nothing of it was applied, on disk or in memory."""


class DraftReadOnlyError(DraftError):
    """The draft is open read-only (another window has it, or the file or folder is read-only)."""


class DraftLockedError(DraftError):
    """The draft is signed off: values and fields cannot change until it is reopened."""


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


@dataclass(frozen=True)
class Change:
    target: str  # a cell id, or "field:KEY"
    old: str
    new: str


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5)
    else:
        con = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    con.execute("PRAGMA synchronous = FULL")
    return con


def _use_rollback_journal(con: sqlite3.Connection) -> None:
    """A rollback journal (not WAL): a closed draft is always exactly one file to copy or mail.

    Only for a file known to be a draft: switching a WAL database writes to it.
    """
    con.execute("PRAGMA journal_mode = DELETE")


def roll_back_hot_journal(path: Path) -> None:
    """Finish a save interrupted by a crash, so that a read-only connection can read the file.

    A crash mid-save leaves a ``-journal`` beside the draft; SQLite undoes the half-written
    transaction on the next read, which a read-only connection is not allowed to do (it fails with
    "attempt to write a readonly database"). A brief read-write connection does it: the file returns
    to its last committed state. A journal of a live writer is not hot and is left alone.
    """
    if not path.with_name(path.name + "-journal").exists():
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        return
    try:
        con = sqlite3.connect(str(path), timeout=5)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError):
        pass  # the open that follows reports the problem


def _remove_stale_journal(path: Path) -> None:
    """After opening for writing (we hold the lock, and SQLite has read the file): a ``-journal``
    still there is not hot — SQLite rolls back a hot one on the first read — so it only keeps the
    draft from being exactly one file. A crash while the journal was being started leaves one."""
    try:
        path.with_name(path.name + "-journal").unlink(missing_ok=True)
    except OSError:
        pass


def _writable(path: Path, folder: bool = False) -> bool:
    """Whether we may write ``path``, as its owner meant it.

    ``os.access`` says yes to root for any file; but a draft someone made read-only (a copy
    handed in for review, an archived report) is meant to stay unchanged whoever opens it, so
    for root the permission bits decide: no write bit for anyone means read-only.
    """
    if not os.access(path, os.W_OK | (os.X_OK if folder else 0)):
        return False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            return bool(path.stat().st_mode & 0o222)
        except OSError:
            return False
    return True


def sqlite_reason(exc: sqlite3.Error) -> str:
    """SQLite's English message as a Chinese phrase (what it means for a draft file)."""
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "文件已损坏或不完整，可能复制或保存时被中断"
    if "unable to open" in text:
        return "无法打开文件（文件夹不存在或没有权限？）"
    if "locked" in text or "busy" in text:
        return "文件正被另一个程序写入，请稍后重试"
    if "readonly" in text or "read-only" in text:
        return "文件或文件夹是只读的"
    if "full" in text:
        return "磁盘空间已满"
    if "i/o" in text:
        return "读写磁盘出错（U 盘或网络盘是否已断开？）"
    return f"数据库错误：{type(exc).__name__}"


def _write_error(exc: sqlite3.Error, path: Path) -> DraftWriteError:
    text = str(exc).lower()
    if "full" in text:
        reason = "磁盘空间已满，这次修改没有保存。请腾出空间后重试；之前保存的内容都还在。"
    elif "readonly" in text or "read-only" in text:
        reason = "文件或文件夹是只读的，这次修改没有保存。可用“另存为”保存到别处。"
    elif "locked" in text or "busy" in text:
        reason = "草稿正被另一个程序写入，这次修改没有保存，请稍后重试。"
    elif "i/o" in text:
        reason = "写入磁盘失败（U 盘是否已拔出？），这次修改没有保存；之前保存的内容都还在。"
    else:
        reason = f"保存失败（数据库错误：{type(exc).__name__}），这次修改没有保存；之前保存的内容都还在。"
    return DraftWriteError(f"{reason}\n文件：{path}")


def sniff(path: Path) -> None:
    """Refuse, with a Chinese reason, a file that is plainly not a draft. Reads 100 bytes only.

    Another program's SQLite database is refused here, before SQLite opens it: opening one can
    leave ``-wal`` / ``-shm`` files beside it.
    """
    try:
        if path.is_dir():
            raise DraftOpenError(f"这是一个文件夹，不是草稿文件：{path}")
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise DraftOpenError(f"找不到文件：{path}") from None
    except PermissionError:
        raise DraftOpenError(f"没有权限读取文件：{path}") from None
    except OSError as exc:
        raise DraftOpenError(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    if size == 0:
        raise DraftOpenError(f"文件是空的（0 字节），不是有效的年报草稿：{path}")
    head = header[:16]
    if head == SQLITE_HEADER:
        if len(header) >= 72 and int.from_bytes(header[68:72], "big") != APPLICATION_ID:
            raise DraftOpenError(f"这是另一种程序的数据库文件，不是年报草稿：{path}")
        return
    if head.startswith(b"PK\x03\x04"):
        raise DraftOpenError(
            f"这是一个压缩包或 Excel/Word 文档，不是年报草稿：{path}\n如需导入 Excel 表，请用“从 Excel 导入”。"
        )
    if head.startswith(b"%PDF"):
        raise DraftOpenError(f"这是一个 PDF 文件，不是年报草稿：{path}")
    if size < 512 and SQLITE_HEADER.startswith(head[: len(head)]):
        raise DraftOpenError(f"草稿文件不完整（只有 {size} 字节），可能复制时被中断：{path}")
    raise DraftOpenError(f"这不是年报草稿文件（.nianbao），可能是其他类型的文件：{path}")


class Draft:
    """An open draft. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, path: Path, con: sqlite3.Connection, form: FormDef, user: str) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = con
        self.form = form
        self.user = user
        self.values: dict[str, Value] = {}
        self.fields: dict[str, str] = {}
        self.previous: dict[str, Value] | None = None
        self.meta: dict[str, str] = {}
        self.readonly = False
        self.readonly_reason = ""
        self.lock_holder: draft_lock.LockInfo | None = None
        self.form_changed = (
            False  # the form definition differs from the one the draft was made with
        )
        self.unknown_cells: list[str] = []
        self.migrated_backup: Path | None = None
        self.last_saved: str | None = None
        self._lock: draft_lock.DraftLock | None = None

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
    ) -> Draft:
        """Write a new draft. The file appears complete or not at all (written aside, then renamed)."""
        path = Path(path)
        if path.exists():
            raise DraftWriteError(f"文件已存在，不会覆盖：{path}")
        if not path.parent.is_dir():
            raise DraftWriteError(f"文件夹不存在：{path.parent}")
        try:
            # A private file (0600): a draft is the unit's working copy until it is handed over.
            with atomic_replace(path, mode=PRIVATE_MODE) as tmp:
                _write_new(tmp, path, form, user, fields, values, previous, previous_source)
        except sqlite3.Error as exc:
            raise _write_error(exc, path) from exc
        except TempFileError as exc:
            raise DraftWriteError(_cannot_write(exc, path.parent)) from exc
        except OSError as exc:
            raise DraftWriteError(_cannot_write(exc, path)) from exc
        return cls.open(path, user)

    @classmethod
    def open(cls, path: Path, user: str, readonly: bool = False) -> Draft:
        """Open a draft for editing (or read-only). Raises DraftOpenError with a Chinese reason."""
        path = Path(path)
        sniff(path)
        reason = ""
        lock: draft_lock.DraftLock | None = None
        holder: draft_lock.LockInfo | None = None
        if readonly:
            reason = "以只读方式打开。"
        elif not _writable(path):
            readonly, reason = (
                True,
                "文件是只读的，修改无法保存。可用“另存为”保存一份可编辑的副本。",
            )
        elif not _writable(path.parent, folder=True):
            readonly, reason = (
                True,
                "文件所在的文件夹是只读的，修改无法保存。可用“另存为”保存到别处。",
            )
        else:
            try:
                acquired = draft_lock.acquire(path, user)
            except OSError:
                readonly, reason = (
                    True,
                    "无法在文件夹中建立锁文件，修改无法保存。可用“另存为”保存到别处。",
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
        if lock is not None:
            _remove_stale_journal(path)
        return draft

    @classmethod
    def _open_connection(cls, path: Path, user: str, readonly: bool) -> Draft:
        if readonly:
            roll_back_hot_journal(path)
        try:
            con = _connect(path, readonly)
        except sqlite3.Error as exc:
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
            raise DraftOpenError(
                f"草稿文件已损坏，无法读取（{sqlite_reason(exc)}）：{path}\n文件未被修改。"
            ) from exc
        except BaseException:
            con.close()
            raise

    @classmethod
    def _load(cls, path: Path, con: sqlite3.Connection, user: str, readonly: bool) -> Draft:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise DraftOpenError(f"这是另一种程序的数据库文件，不是年报草稿：{path}")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version < 1:
            raise DraftOpenError(
                f"草稿文件已损坏（文件格式版本 {version} 无效）：{path}\n文件未被修改。"
            )
        if version > SCHEMA_VERSION:
            raise DraftOpenError(
                f"此草稿由更新版本的 govreport 创建（文件格式 {version}，本程序支持到 {SCHEMA_VERSION}）。请升级程序后再打开：{path}"
            )
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        page_count = con.execute("PRAGMA page_count").fetchone()[0]
        if path.stat().st_size < page_size * page_count:
            raise DraftOpenError(
                f"草稿文件不完整（被截断），可能复制时被中断：{path}\n文件未被修改。"
            )
        check = con.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            # quick_check's own words ("*** in database main *** Page 5 ...") mean nothing to a
            # user; the file is damaged, and it is left as it is.
            raise DraftOpenError(
                f"草稿文件已损坏（内部结构检查未通过），可能复制或保存时被中断：{path}\n文件未被修改。"
            )
        if not readonly:
            _use_rollback_journal(con)
        backup: Path | None = None
        if version < SCHEMA_VERSION and readonly:
            # Read an old draft without changing it: migrate a copy in memory.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            con.backup(memory)
            con.close()
            con = memory
            migrate(con, version)
        elif version < SCHEMA_VERSION:
            backup = _backup_before_migration(con, path, version)
            try:
                migrate(con, version)
            except BaseException:
                backup.unlink(missing_ok=True)  # the file itself is unchanged: no copy needed
                raise
        missing = missing_columns(con)
        if missing:
            raise DraftOpenError(
                f"草稿文件已损坏（数据表结构不完整），可能保存时被中断：{path}\n文件未被修改。"
            )
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
        for cell_id, text in con.execute("SELECT id, value FROM cell"):
            if not form.has_cell(cell_id):
                draft.unknown_cells.append(cell_id)
                continue
            value = _stored_value(form, cell_id, text, path)
            if value is not None:
                draft.values[cell_id] = value
        for key, text in con.execute("SELECT key, value FROM field"):
            if not isinstance(key, str) or not isinstance(text, str):
                raise DraftOpenError(f"草稿中字段 {key!r} 的内容无法读取：{path}\n文件未被修改。")
            draft.fields[key] = text
        previous = con.execute("SELECT cell, value FROM previous_value").fetchall()
        if previous:
            draft.previous = {
                c: v
                for c, t in previous
                if form.has_cell(c) and (v := _stored_value(form, c, t, path)) is not None
            }
        row = con.execute("SELECT max(at) FROM history").fetchone()
        draft.last_saved = row[0] if row else None
        return draft

    # -- state -------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return self.meta.get("status", FILLING)

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
                "此报表已签发，数值和表头表尾不能再修改。如需修改，请先“撤销签发”。"
            )
        if values_change and self.locked:
            raise DraftLockedError(
                "此报表已提交审核，等待审核期间数值和表头表尾不能修改。如需修改，请审核人先“退回”。"
            )

    @contextmanager
    def transaction(self) -> Iterator[tuple[sqlite3.Connection, int, str]]:
        """One durable transaction: yields (connection, batch number, time)."""
        con = self.con
        try:
            con.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _write_error(exc, self.path) from exc
        try:
            batch = con.execute("SELECT coalesce(max(batch), 0) + 1 FROM history").fetchone()[0]
            at = now_iso()
            yield con, batch, at
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(con)
            raise _write_error(exc, self.path) from exc
        except BaseException:
            _rollback(con)
            raise
        self.last_saved = at

    def apply(
        self,
        values: Mapping[str, Value | None] | None = None,
        fields: Mapping[str, str] | None = None,
        kind: str = "cell",
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
                        "field" if is_field else kind,
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

    def history(self, target: str | None = None) -> list[HistoryEntry]:
        sql = "SELECT seq, batch, at, who, kind, target, old, new, note FROM history"
        if target is None:
            rows = self._read(sql + " ORDER BY seq")
        else:
            rows = self._read(sql + " WHERE target = ? ORDER BY seq", (target,))
        return [HistoryEntry(*row) for row in rows]

    def last_change(self, target: str) -> HistoryEntry | None:
        rows = self._read(
            "SELECT seq, batch, at, who, kind, target, old, new, note FROM history "
            "WHERE target = ? AND kind IN ('cell', 'import', 'undo', 'fill-totals', 'field') ORDER BY seq DESC LIMIT 1",
            (target,),
        )
        return HistoryEntry(*rows[0]) if rows else None

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query; a damaged file (e.g. text that is not UTF-8) is a DraftError."""
        try:
            return self.con.execute(sql, params).fetchall()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            reason = sqlite_reason(exc) if isinstance(exc, sqlite3.Error) else "文字不是 UTF-8"
            raise DraftError(f"草稿文件已损坏，修改记录无法读取（{reason}）：{self.path}") from exc

    # -- copies ---------------------------------------------------------------------------------

    def save_as(self, dest: Path, overwrite: bool = False) -> Path:
        """Write a clean, complete copy elsewhere (``VACUUM INTO`` a temporary file, then rename)."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise DraftWriteError("不能另存为正在编辑的同一个文件。")
        if dest.exists() and not overwrite:
            raise DraftWriteError(f"文件已存在：{dest}")
        try:
            # VACUUM INTO writes into an empty file; the copy is as private as the draft.
            with atomic_replace(dest, mode=PRIVATE_MODE) as tmp:
                self.con.execute("VACUUM INTO ?", (str(tmp),))
        except sqlite3.Error as exc:
            raise _write_error(exc, dest) from exc
        except TempFileError as exc:
            raise DraftWriteError(_cannot_write(exc, dest.parent)) from exc
        except OSError as exc:
            raise DraftWriteError(_cannot_write(exc, dest)) from exc
        return dest


def _write_new(
    tmp: Path,
    path: Path,
    form: FormDef,
    user: str,
    fields: Mapping[str, str] | None,
    values: Mapping[str, Value | None] | None,
    previous: Mapping[str, Value | None] | None,
    previous_source: str,
) -> None:
    """The contents of a new draft, written into the (empty) temporary file ``tmp``."""
    con = _connect(tmp, readonly=False)

    try:
        _use_rollback_journal(con)
        at = now_iso()
        con.execute("BEGIN")
        create_schema(con)
        meta = {
            "form_id": form.id,
            "form_fingerprint": form.fingerprint,
            "status": FILLING,
            "created_at": at,
            "created_by": user,
            "app_version": __version__,
            "previous_source": previous_source,
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.execute(
            "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, 'create', ?, NULL, ?)",
            (at, user, form.id, path.name),
        )
        for key, field_text in (fields or {}).items():
            if field_text:
                con.execute("INSERT INTO field VALUES (?, ?)", (key, field_text))
                con.execute(
                    "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, 'field', ?, '', ?)",
                    (at, user, key, field_text),
                )
        for cell_id, value in (values or {}).items():
            text = to_text(value)
            if text:
                con.execute("INSERT INTO cell VALUES (?, ?)", (cell_id, text))
                con.execute(
                    "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, 'cell', ?, '', ?)",
                    (at, user, cell_id, text),
                )
        for cell_id, value in (previous or {}).items():
            if value is not None and value != "":
                con.execute(
                    "INSERT INTO previous_value VALUES (?, ?)", (cell_id, to_text(value))
                )
        con.execute("COMMIT")
    finally:
        con.close()


def _stored_value(form: FormDef, cell_id: str, text: object, path: Path) -> Value | None:
    """A value as read from the file; a damaged one (not canonical text) is a DraftOpenError."""
    try:
        if not isinstance(text, str):
            raise ValueError(text)
        return from_text(form.cell(cell_id).kind, text)
    except (ValueError, TypeError, ArithmeticError) as exc:  # ValueInputError too
        raise DraftOpenError(
            f"草稿中单元格 {cell_id} 的值“{text!s}”无法读取：{path}\n文件未被修改。"
        ) from exc


def _rollback(con: sqlite3.Connection) -> None:
    try:
        con.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # SQLite already rolled back (e.g. after SQLITE_FULL)


def _backup_before_migration(con: sqlite3.Connection, path: Path, version: int) -> Path:
    backup = path.with_name(f"{path.stem}.v{version}-备份{path.suffix}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.stem}.v{version}-备份{n}{path.suffix}")
    target = sqlite3.connect(str(backup))
    try:
        con.backup(target)
    finally:
        target.close()
    return backup


def _cannot_write(exc: OSError, path: Path) -> str:
    return f"无法写入 {path}：{describe_os_error(exc)}"
