"""The draft file itself: recognising one, connecting to it, its journal, writing a new one.

A ``.nianbao`` file is an SQLite database marked with our ``application_id``. :func:`sniff` refuses
what is plainly not a draft from its first 100 bytes, before SQLite touches it; :func:`check_file`
refuses a damaged, truncated or newer one after connecting. Nothing here knows about values,
status or review: that is :mod:`.draft`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from govreport_gui import __version__
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value, to_text
from govreport_gui.core.regular_file import (
    UnreadableFileError,
    read_head,
)
from govreport_gui.core.store.consolidation_record import (
    MAX_NOTE,
    ConsolidatedSource,
    clean_text,
    history_text,
    write_sources,
)
from govreport_gui.core.store.draft_errors import DraftOpenError
from govreport_gui.core.store.draft_schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    create_schema,
    unexpected_objects,
)
from govreport_gui.core.store.sqlite import sqlite3
from govreport_gui.core.store.sqlite_uri import connect_file, file_uri

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    # Paths are given as text or ``Path`` and handled with ``os.path``: a ``check`` of a draft
    # imports no ``pathlib`` (with its ``urllib.parse`` and ``ipaddress``: ≈ 8 %, issue 14).
    from _typeshed import StrPath

SQLITE_HEADER = b"SQLite format 3\x00"
NEW_STATUS = "filling"  # the status of a new draft (store.draft.FILLING)


# Limits for a connection to a file that may come from anyone: no text or statement of ours
# comes near them, and they keep crafted content from growing without bound in memory.
_LIMITS = {
    "SQLITE_LIMIT_LENGTH": 50_000_000,  # any one string or blob (bytes)
    "SQLITE_LIMIT_SQL_LENGTH": 1_000_000,  # one SQL statement, the schema's included
    "SQLITE_LIMIT_COLUMN": 100,
    "SQLITE_LIMIT_EXPR_DEPTH": 200,
    "SQLITE_LIMIT_COMPOUND_SELECT": 50,
    "SQLITE_LIMIT_TRIGGER_DEPTH": 1,
}


def folder_of(path: StrPath) -> str:
    """The folder a file is in, as ``Path.parent`` gives it (``.`` for a bare file name)."""
    return os.path.dirname(os.fspath(path)) or os.curdir


def connect(path: StrPath, readonly: bool) -> sqlite3.Connection:
    # The read-only open resolves links as before; both go through a URI we build (never the
    # user's string: a name starting with "file:" would be read as a URI by SQLite).
    if readonly:
        if is_wal(path):
            # A WAL file read with mode=ro leaves -wal/-shm beside it; read as immutable it
            # leaves nothing. Its own -wal (if any) was refused or merged before (see
            # :func:`refuse_unmerged_wal`), so the file alone holds the whole draft.
            uri = file_uri(os.path.realpath(path)) + "?immutable=1"
            con = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5)
        else:
            con = connect_file(os.path.realpath(path), mode="ro", isolation_level=None)
    else:
        con = connect_file(path, isolation_level=None)
    harden(con)
    con.execute("PRAGMA synchronous = FULL")
    return con


def harden(con: sqlite3.Connection) -> None:
    """SQLite's defensive settings: the schema of a file from outside is not trusted to run
    functions with side effects, the schema cannot be written through SQL, and sizes are capped."""
    con.execute("PRAGMA trusted_schema = OFF")
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if defensive is not None and hasattr(con, "setconfig"):  # Python 3.12+
        con.setconfig(defensive, True)
    if hasattr(con, "setlimit"):
        for name, limit in _LIMITS.items():
            category = getattr(sqlite3, name, None)
            if category is not None:
                con.setlimit(category, limit)


def is_wal(path: StrPath) -> bool:
    """Whether the file's header says WAL mode (bytes 18 and 19 are 2)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2 and header[19] == 2


def refuse_unmerged_wal(path: StrPath) -> None:
    """A read-only open of a draft with a ``-wal`` that is not empty beside it: SQLite would read
    it whatever the draft's header says (and write ``-shm`` beside the draft, recovering the WAL
    index); say how to merge it instead. A ``-wal`` of garbage is refused alike: a writer's open
    finds no valid frame in it and removes it (the draft unchanged)."""
    wal = os.fspath(path) + "-wal"
    wal_name = os.path.basename(wal)
    try:
        pending = os.path.exists(wal) and os.stat(wal).st_size > 0
    except OSError:
        pending = True
    if pending:
        blocked = _cannot_write(path)
        if blocked:
            raise DraftOpenError(
                f"草稿旁边有未合并的日志文件（{wal_name}），只读方式无法完整读取：{path}\n"
                f"合并日志需要改写草稿，但{blocked}。{_copy_to_recover(wal_name)}文件未被修改。"
            )
        raise DraftOpenError(
            f"草稿旁边有未合并的日志文件（{wal_name}），只读方式无法完整读取：{path}\n"
            "请先以可编辑方式打开一次（日志会并入草稿；或运行 govreport recover 草稿文件），"
            "再只读打开。文件未被修改。"
        )


def use_rollback_journal(con: sqlite3.Connection) -> None:
    """A rollback journal (not WAL): a closed draft is always exactly one file to copy or mail.

    Only for a file known to be a draft: switching a WAL database writes to it.
    """
    con.execute("PRAGMA journal_mode = DELETE")


# A save cut short (power cut, a killed process) leaves a "hot" -journal beside the draft: the
# pages as they were before the save. SQLite rolls it back on the next read, and that writes (the
# draft and the journal): SQLite's crash recovery, which makes the draft whole again. A read-only
# open must not write, so SQLite refuses it there (SQLITE_READONLY_ROLLBACK) and the user is told
# to open the draft for writing, which recovers it (and says so: Draft.recovered).
RECOVERED = "草稿上次保存时被中断，已恢复到上次完整保存时的内容（中断的那次修改没有保存）"
_READONLY_ROLLBACK = getattr(sqlite3, "SQLITE_READONLY_ROLLBACK", 776)


def journal_of(path: StrPath) -> str:
    return os.fspath(path) + "-journal"


def hot_journal(path: StrPath) -> bool:
    """Whether the draft's ``-journal`` is one SQLite rolls back: there, and its first byte is not
    0 (SQLite's own test, less the lock a live writer holds: ask only while holding the draft's
    lock). A journal of garbage is "hot" too; its rollback finds no valid header and only
    removes it."""
    try:
        with open(journal_of(path), "rb") as handle:
            return handle.read(1) not in (b"", b"\x00")
    except FileNotFoundError:
        return False
    except OSError:
        return True  # SQLite takes a journal it cannot read for hot as well


def refused_rollback(exc: sqlite3.Error) -> bool:
    """Whether a read-only connection's error is SQLite refusing to roll back a hot journal."""
    return getattr(exc, "sqlite_errorcode", None) == _READONLY_ROLLBACK


def interrupted(path: StrPath) -> DraftOpenError:
    """The refusal of a read-only open of a draft whose last save was interrupted. Recovering
    writes the draft and deletes the journal beside it: where that cannot be done (a read-only
    file or folder, a write-protected stick) the way to recover is a copy of both elsewhere, not
    ``govreport recover`` here, which would only say the same again."""
    journal = os.path.basename(journal_of(path))
    blocked = _cannot_write(path)
    if blocked:
        return DraftOpenError(
            f"草稿上次保存时被中断（可能断电或程序意外退出），旁边留有未完成的保存记录（{journal}）：{path}\n"
            f"恢复需要改写草稿，但{blocked}，所以没有读取。{_copy_to_recover(journal)}"
            "文件未被修改。"
        )
    return DraftOpenError(
        f"草稿上次保存时被中断（可能断电或程序意外退出），旁边留有未完成的保存记录（{journal}）：{path}\n"
        "只读方式不修改文件，所以没有读取。用本程序打开这份草稿（或运行 govreport recover 草稿文件），"
        f"会自动恢复到上次完整保存时的内容；不要删除 {journal}，也不要只复制草稿而不带它。"
        "文件未被修改。"
    )


def _cannot_write(path: StrPath) -> str:
    """Why the draft at ``path`` cannot be written to recover it ("" when it can)."""
    if not writable(path):
        return "草稿文件是只读的"
    if not writable(folder_of(path), folder=True):
        return "草稿所在的文件夹是只读的（或在写保护的U盘、光盘上）"
    return ""


def _copy_to_recover(beside: str) -> str:
    """What to do instead. A copy keeps a file's read-only mark (``cp``, Windows Explorer), so
    the advice says to clear it on the copy; a write-protected stick's files copied off are
    writable, and the folder case needs the copy alone."""
    return (
        f"请把草稿连同旁边的 {beside} 一起复制到可以写入的文件夹；复制出的草稿若仍是只读的，"
        "请取消它的只读属性（Windows：右键 → 属性 → 去掉“只读”），"
        "再用本程序打开复制的草稿（或运行 govreport recover 草稿文件），即可恢复；"
        f"不要删除 {beside}，也不要只复制草稿而不带它。"
    )


def remove_stale_journal(path: StrPath) -> None:
    """After opening for writing (we hold the lock, and SQLite has read the file): a ``-journal``
    still there is not hot — SQLite rolls back a hot one on the first read — so it only keeps the
    draft from being exactly one file. A crash while the journal was being started leaves one."""
    try:
        os.unlink(journal_of(path))
    except OSError:  # none there (the usual case), or it cannot be removed: it stays
        pass


def writable(path: StrPath, folder: bool = False) -> bool:
    """Whether we may write ``path``, as its owner meant it.

    ``os.access`` says yes to root for any file; but a draft someone made read-only (a copy
    handed in for review, an archived report) is meant to stay unchanged whoever opens it, so
    for root the permission bits decide: no write bit for anyone means read-only.
    """
    if not os.access(path, os.W_OK | (os.X_OK if folder else 0)):
        return False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            return bool(os.stat(path).st_mode & 0o222)
        except OSError:
            return False
    return True


def sniff(path: StrPath) -> None:
    """Refuse, with a Chinese reason, a file that is plainly not a draft. Reads 100 bytes only.

    Another program's SQLite database is refused here, before SQLite opens it: opening one can
    leave ``-wal`` / ``-shm`` files beside it.
    """
    try:
        if os.path.isdir(path):
            raise DraftOpenError(f"这是一个文件夹，不是草稿文件：{path}")
        size, header = read_head(path, 100, "草稿文件")
    except UnreadableFileError as exc:
        raise DraftOpenError(exc.message) from None
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


def check_file(con: sqlite3.Connection, path: StrPath) -> int:
    """Refuse a file that is not ours, from a newer program, truncated or damaged; its version."""
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
    if os.stat(path).st_size < page_size * page_count:
        raise DraftOpenError(f"草稿文件不完整（被截断），可能复制时被中断：{path}\n文件未被修改。")
    unexpected = unexpected_objects(con, int(version))
    if unexpected:
        shown = "、".join(unexpected[:5]) + ("等" if len(unexpected) > 5 else "")
        raise DraftOpenError(
            f"草稿文件含有本程序不会写入的内容（{shown}），为安全起见不打开：{path}\n"
            "文件未被修改。请向发来文件的人要一份由本程序保存的草稿。"
        )
    check = con.execute("PRAGMA quick_check").fetchall()
    if check != [("ok",)]:
        # quick_check's own words ("*** in database main *** Page 5 ...") mean nothing to a
        # user; the file is damaged, and it is left as it is.
        raise DraftOpenError(
            f"草稿文件已损坏（内部结构检查未通过），可能复制或保存时被中断：{path}\n文件未被修改。"
        )
    return int(version)


def rollback(con: sqlite3.Connection) -> None:
    try:
        con.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # SQLite already rolled back (e.g. after SQLITE_FULL)


def write_new(
    tmp: StrPath,
    path: StrPath,
    form: FormDef,
    user: str,
    fields: Mapping[str, str] | None,
    values: Mapping[str, Value | None] | None,
    previous: Mapping[str, Value | None] | None,
    previous_source: str,
    at: str,
    texts: Mapping[str, str] | None = None,
    consolidated_from: Sequence[ConsolidatedSource] = (),
    consolidation_note: str = "",
) -> None:
    """The contents of a new draft, written into the (empty) temporary file ``tmp``; ``at`` is
    the time of creation (ISO 8601, UTC) recorded in the meta data and the history;
    ``consolidation_note``: what the user was told of the reports a 汇总 sums, kept as the note
    of its history line."""
    from govreport_gui.core.readable_name import readable_name  # writing only (issue 14)

    con = connect(tmp, readonly=False)

    try:
        use_rollback_journal(con)
        con.execute("BEGIN")
        create_schema(con)
        meta = {
            "form_id": form.id,
            "form_fingerprint": form.fingerprint,
            "status": NEW_STATUS,
            "created_at": at,
            "created_by": user,
            "app_version": __version__,
            "previous_source": previous_source,
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.execute(
            "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, 'create', ?, NULL, ?)",
            (at, user, form.id, readable_name(os.path.basename(path))),
        )
        # Each filled field and cell: its row (the table is named as its history kind) and the
        # history line that says it was filled when the draft was created.
        filled = [
            *(("field", key, text) for key, text in (fields or {}).items()),
            *(("cell", cell_id, to_text(value)) for cell_id, value in (values or {}).items()),
        ]
        for table, target, text in filled:
            if text:
                con.execute(f"INSERT INTO {table} VALUES (?, ?)", (target, text))
                con.execute(
                    "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, ?, ?, '', ?)",
                    (at, user, table, target, text),
                )
        for section_id, text in (texts or {}).items():
            con.execute("INSERT INTO section_text VALUES (?, ?)", (section_id, text))
            con.execute(
                "INSERT INTO history (batch, at, who, kind, target, old, new) VALUES (1, ?, ?, 'text', ?, '', ?)",
                (at, user, "text:" + section_id, text),
            )
        if consolidated_from:  # a consolidated draft (issue 17): its record and one history line
            write_sources(con, consolidated_from)
            con.execute(
                "INSERT INTO history (batch, at, who, kind, target, old, new, note)"
                " VALUES (1, ?, ?, 'consolidate', '', NULL, ?, ?)",
                (
                    at,
                    user,
                    history_text(consolidated_from),
                    clean_text(consolidation_note, MAX_NOTE),
                ),
            )
        for cell_id, value in (previous or {}).items():
            if value is not None and value != "":
                con.execute("INSERT INTO previous_value VALUES (?, ?)", (cell_id, to_text(value)))
        con.execute("COMMIT")
    finally:
        con.close()
