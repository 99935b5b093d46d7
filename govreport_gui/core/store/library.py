"""The local draft library: drafts in the per-user data folder, and recently opened files."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from govreport_gui.core.filenames import report_stem, safe_part
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.record import Record
from govreport_gui.core.forms.registry import UnknownFormError, get_form
from govreport_gui.core.paths import example_values_path
from govreport_gui.core.store import draft_lock, settings
from govreport_gui.core.store.draft import (
    DRAFT_SUFFIX,
    STATUS_NAMES,
    Draft,
    DraftError,
    DraftOpenError,
    DraftWriteError,
)
from govreport_gui.core.store.draft_file import (
    interrupted,
    refuse_unmerged_wal,
    refused_rollback,
    sniff,
)
from govreport_gui.core.store.draft_types import wrongly_typed
from govreport_gui.core.store.sqlite import sqlite3
from govreport_gui.core.store.sqlite_uri import connect_file

if TYPE_CHECKING:
    from govreport_gui.core.forms.valuesfile import ValuesDocument


# A Record, not a frozen dataclass: nothing compiled for it while the window opens the example
# (issue 14).
class DraftSummary(Record):
    path: Path
    form_id: str
    form_title: str
    unit: str
    year: str
    status: str
    status_name: str
    last_change: str  # ISO time of the last history entry
    in_library: bool
    problem: str = ""  # why the file could not be read, if it could not

    @property
    def where(self) -> str:
        """Where the file lives, for a list: 本机草稿库, or its folder shortened."""
        return LIBRARY_NAME if self.in_library else short_folder(self.path.parent)

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "form": self.form_id,
            "form_title": self.form_title,
            "unit": self.unit,
            "year": self.year,
            "status": self.status,
            "status_name": self.status_name,
            "last_change": self.last_change,
            "in_library": self.in_library,
            "problem": self.problem,
        }


def summarise(path: Path, in_library: bool) -> DraftSummary:
    """Read a draft's key facts without locking or changing it."""
    try:
        sniff(path)
        refuse_unmerged_wal(path)  # read, it would write -shm beside the draft
        con = connect_file(path.resolve(), mode="ro", timeout=2)
        try:
            wrong = wrongly_typed(con)  # a crafted BLOB form id must not reach get_form
            if wrong:
                raise DraftOpenError(f"草稿文件已损坏（{wrong}）")
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            fields = dict(con.execute("SELECT key, value FROM field").fetchall())
            last = con.execute("SELECT max(at) FROM history").fetchone()[0] or ""
        finally:
            con.close()
    except (DraftError, sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, DraftError):
            message = exc.message
        elif isinstance(exc, sqlite3.Error) and refused_rollback(exc):
            message = interrupted(path).message  # a save interrupted: opening it recovers it
        else:
            message = "无法读取"
        return DraftSummary(path, "", "", "", "", "", "", "", in_library, message)
    form_id = meta.get("form_id", "")
    try:
        title = get_form(form_id).title
    except UnknownFormError:
        title = f"未知表单 {form_id}"
    status = meta.get("status", "")
    return DraftSummary(
        path=path,
        form_id=form_id,
        form_title=title,
        unit=fields.get("unit", ""),
        year=fields.get("year", ""),
        status=status,
        status_name=STATUS_NAMES.get(status) or status,
        last_change=last,
        in_library=in_library,
    )


_BACKUP = re.compile(r"\.v\d+-备份\d*$")
LIBRARY_NAME = "本机草稿库"
REPLACED_FOLDER = "已替换"  # inside the library: copies set aside when a newer one replaced them


def short_folder(folder: Path, limit: int = 28) -> str:
    """A folder as a person reads it in a narrow column: ``~`` for home, the last parts only."""
    text = str(folder)
    try:
        home = Path.home()
        if folder == home or home in folder.parents:
            text = str(Path("~") / folder.relative_to(home))
    except (RuntimeError, ValueError):
        pass
    if len(text) <= limit:
        return text
    parts = Path(text).parts
    tail = str(Path(*parts[-2:])) if len(parts) >= 2 else text
    if len(tail) > limit - 2:
        tail = parts[-1]
    return f"…{os.sep}{tail}"


def _library_drafts() -> list[DraftSummary]:
    folder = settings.library_dir()
    if not folder.is_dir():
        return []
    return [
        summarise(_resolved(path), in_library=True)
        for path in folder.glob(f"*{DRAFT_SUFFIX}")
        if not _BACKUP.search(path.stem)
    ]


def same_report(a: DraftSummary, b: DraftSummary) -> bool:
    """The same report: one unit, one year, one form (two copies of it may differ in content)."""
    return (
        not a.problem
        and not b.problem
        and bool(a.form_id)
        and (a.unit, a.year, a.form_id) == (b.unit, b.year, b.form_id)
    )


def older_library_copy(path: Path) -> DraftSummary | None:
    """The library's copy of the report in ``path`` when ``path`` is a newer copy of it.

    A draft handed to a reviewer comes back as another file (返回的已签发副本) while the
    library still holds the copy sent (待审核). The same report (:func:`same_report`) whose last
    change is earlier than this file's is that older copy; None when there is none (or ``path``
    is itself in the library).
    """
    try:
        resolved = path.resolve()
    except OSError:
        return None
    if resolved.parent == settings.library_dir().resolve():
        return None
    this = summarise(resolved, in_library=False)
    if this.problem or not this.last_change:
        return None
    older = [
        d
        for d in _library_drafts()
        if same_report(d, this) and d.last_change < this.last_change and d.path != resolved
    ]
    return max(older, key=lambda d: d.last_change) if older else None


def replace_library_copy(old: Path, newer: Path, user: str) -> Path:
    """Put a clean copy of ``newer`` where the library's ``old`` was; ``old`` is moved aside.

    Never deletes: the old copy goes to ``<library>/已替换/<name>.替换于-YYYYMMDD-HHMMSS.nianbao``
    (returned). Refused (DraftWriteError) while somebody has the old copy open for writing.
    """
    lock = draft_lock.acquire(old, user)
    if isinstance(lock, draft_lock.LockInfo):
        raise DraftWriteError(f"本机草稿库中的副本正被打开（{lock.describe()}），无法替换：{old}")
    try:
        aside = old.parent / REPLACED_FOLDER
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = aside / f"{old.stem}.替换于-{stamp}{DRAFT_SUFFIX}"
        n = 2
        while backup.exists():
            backup = aside / f"{old.stem}.替换于-{stamp}-{n}{DRAFT_SUFFIX}"
            n += 1
        staging = old.with_name(f".{old.stem}.替换中{DRAFT_SUFFIX}")
        try:
            aside.mkdir(exist_ok=True)
            staging.unlink(missing_ok=True)
            with Draft.open(newer, user, readonly=True) as source:
                source.save_as(staging)  # VACUUM INTO: a clean, complete copy, never a raw one
            os.replace(old, backup)
            os.replace(staging, old)
        except OSError as exc:
            staging.unlink(missing_ok=True)
            from govreport_gui.core.oserror_text import describe_os_error

            raise DraftWriteError(f"无法替换本机草稿库中的副本：{describe_os_error(exc)}") from exc
    finally:
        lock.release()
    return backup


def draft_sources() -> list[tuple[Path, bool]]:
    """What :func:`list_drafts` lists, unread: (path, in the library?), the library's drafts and
    then the recent files from elsewhere, each once; newest file first (by its modification time,
    which the last change sets), so that a list filled in a bit at a time starts with the drafts
    it shows first."""
    folder = settings.library_dir()
    sources: list[tuple[Path, bool]] = []
    if folder.is_dir():
        sources = [
            (_resolved(path), True)
            for path in folder.glob(f"*{DRAFT_SUFFIX}")
            if not _BACKUP.search(path.stem)
        ]
    seen: set[Path] = {path for path, _ in sources}
    for entry in settings.load_settings().recent:
        path = Path(entry)
        resolved = _resolved_if_there(path)
        if resolved is None or resolved in seen:
            continue
        seen.add(resolved)
        sources.append((path, False))

    def modified(source: tuple[Path, bool]) -> float:
        try:
            return -source[0].stat().st_mtime
        except OSError:
            return 0.0

    sources.sort(key=modified)  # stable: the order above among files of the same time
    return sources


def _resolved(path: Path) -> Path:
    """``path`` resolved; as it is when it cannot be (a link loop: listed, it says why it cannot
    be read)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's resolve() of a link loop
        return path


def _resolved_if_there(path: Path) -> Path | None:
    """``path`` resolved when something is there; None when nothing is, or nothing could be (a
    recent entry of a hand-edited settings file: a name too long for the file system, a link
    loop)."""
    try:
        return _resolved(path) if path.exists() else None
    except OSError:  # a name too long: ENAMETOOLONG is no "not there" to exists()
        return None


def has_drafts() -> bool:
    """Whether :func:`draft_sources` would list anything, found without listing them all."""
    folder = settings.library_dir()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(DRAFT_SUFFIX) and not _BACKUP.search(name[: -len(DRAFT_SUFFIX)]):
                    return True
    except OSError:
        pass
    return any(_resolved_if_there(Path(entry)) for entry in settings.load_settings().recent)


def list_drafts() -> list[DraftSummary]:
    """The library's drafts and the recent files from elsewhere, most recently changed first."""
    # The library's drafts (not the copies kept before a migration, not those set aside)...
    result = [summarise(path, in_library) for path, in_library in draft_sources()]
    result.sort(key=lambda s: s.last_change, reverse=True)
    return result


def safe_name(text: str) -> str:
    return safe_part(text)


# What new_draft_path may append to the stem: a number, then the suffix.
_DRAFT_NAME_ROOM = len(f"（999）{DRAFT_SUFFIX}".encode())


def _draft_stem(form: FormDef, unit: str, year: str) -> str:
    return report_stem(unit or "未命名单位", year or "未定", form.title, room=_DRAFT_NAME_ROOM)


def new_draft_path(form: FormDef, unit: str, year: str, folder: Path | None = None) -> Path:
    """A fresh file name in the library: ``<单位>_<年度>年度_<表名>.nianbao`` (numbered if taken)."""
    folder = folder or settings.library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = _draft_stem(form, unit, year)
    path = folder / f"{stem}{DRAFT_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}（{n}）{DRAFT_SUFFIX}"
        n += 1
    return path


def _example() -> tuple[ValuesDocument, str, str]:
    from govreport_gui.core.forms.valuesfile import load_values_document

    doc = load_values_document(example_values_path())
    return doc, f"示例_{doc.fields.get('unit', '示例')}", doc.fields.get("year", "")


def example_copy(folder: Path | None = None) -> Path | None:
    """The library's copy of the bundled example that 打开示例 opens, if there is one."""
    doc, unit, year = _example()
    return _earlier_copy(
        folder or settings.library_dir(), _draft_stem(doc.form, unit, year), doc.form
    )


def create_example(folder: Path | None = None) -> Path:
    """The library's copy of the bundled example (the seed's 2018 report); returns its path.

    A copy made before that is still in the library folder is returned as it is (the first one,
    ``示例_<单位>_<年度>年度_<表名>.nianbao`` before ``…（2）.nianbao``, if there are several), so
    opening the example again does not fill the library with identical drafts. A new copy is made
    only when there is none that opens as a draft of the example's form.
    """
    folder = folder or settings.library_dir()
    earlier = example_copy(folder)
    if earlier is not None:
        return earlier
    return _new_example(folder)


def _new_example(folder: Path) -> Path:
    doc, unit, year = _example()
    path = new_draft_path(doc.form, unit, year, folder)
    draft = Draft.create(
        path, doc.form, settings.current_user(), fields=doc.fields, values=doc.values
    )
    draft.close()
    return path


def fresh_example(folder: Path | None = None) -> tuple[Path, Path | None]:
    """重新打开原始示例: a fresh copy of the bundled example, and where the edited one went.

    The copy 打开示例 would open is not deleted: it is renamed ``…（改过的副本 YYYYMMDD-HHMMSS）``
    beside it (still in the library, as a draft of its own), so the fresh copy takes its name.
    Refused (DraftWriteError) while that copy is open for writing somewhere.
    """
    folder = folder or settings.library_dir()
    earlier = example_copy(folder)
    kept: Path | None = None
    if earlier is not None:
        lock = draft_lock.acquire(earlier, settings.current_user())
        if isinstance(lock, draft_lock.LockInfo):
            raise DraftWriteError(f"示例的副本正被打开（{lock.describe()}），请先关闭它：{earlier}")
        try:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = earlier.with_name(f"{earlier.stem}（改过的副本 {stamp}）{DRAFT_SUFFIX}")
            n = 2
            while kept.exists():
                kept = earlier.with_name(f"{earlier.stem}（改过的副本 {stamp}-{n}）{DRAFT_SUFFIX}")
                n += 1
            try:
                os.replace(earlier, kept)
            except OSError as exc:
                from govreport_gui.core.oserror_text import describe_os_error

                raise DraftWriteError(
                    f"无法把示例的旧副本改名保留：{describe_os_error(exc)}"
                ) from exc
        finally:
            lock.release()
    return _new_example(folder), kept


def _earlier_copy(folder: Path, stem: str, form: FormDef) -> Path | None:
    """The first file named as :func:`new_draft_path` names ``stem`` that is a draft of ``form``."""
    named = re.compile(re.escape(stem) + r"(?:（(\d+)）)?" + re.escape(DRAFT_SUFFIX))
    try:
        names = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return None
    numbered: list[tuple[int, str, Path]] = []
    for path in names:
        match = named.fullmatch(path.name)
        if match and path.is_file():
            numbered.append((int(match.group(1) or 1), path.name, path))
    for _, _, path in sorted(numbered):
        try:
            with Draft.open(path, settings.current_user(), readonly=True) as draft:
                if draft.form.id == form.id:
                    return path
        except (DraftError, OSError):
            continue  # damaged, newer, foreign, unreadable: not a copy to go back to
    return None
