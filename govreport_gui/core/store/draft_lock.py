"""One writer at a time: a lock file beside the draft, held with an OS lock.

The lock file (``.~lock.NAME#``, as office programs do) says who has the draft open since when.
The OS lock (``flock`` / ``msvcrt.locking``) is what counts: it is released by the OS when the
holder dies, so a lock left by a crashed process never blocks — the next opener takes it over.

A file may have several names: symbolic links, or a hard link in another folder under another
name. The lock belongs to the file, not to the name it was opened by:

- the lock file sits beside the file's *real* path (links resolved) and is named after it, so
  every symbolic link to a draft shares one ``.~lock.NAME#``;
- a hard link has no other real path, so the lock also takes an *identity lock* keyed by the
  file's (``st_dev``, ``st_ino``) in the user's data folder (``locks/DEV-INO.lock``), held as long
  as the name's lock and holding the same who/since. It is deliberately not an OS lock on the
  draft file itself: SQLite holds POSIX locks on that file, and closing any other descriptor of it
  drops every POSIX lock of the process on it (SQLite's "How To Corrupt An SQLite Database File"
  §2.2), so a refused second opening in the same process would silently unlock the first one's
  transaction; on network shares ``flock`` is even emulated with those same POSIX locks. The
  identity lock is per user and per computer (a hard link reached by another user or another
  computer is covered by its name's lock only); the test suite checks both kinds of link with two
  processes (``tests/test_lock_identity.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
from pathlib import Path

from govreport_gui.core.forms.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import IO


def host_name() -> str:
    """This computer's name, as ``socket.gethostname()`` gives it: on POSIX that is the kernel's
    node name, read here without importing ``socket`` (≈ 2 ms of every command that opens a draft,
    issue 14); ``socket`` elsewhere."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket

    return socket.gethostname()


class LockInfo(Record):
    user: str
    host: str
    pid: int
    since: str  # ISO time

    def describe(self) -> str:
        try:
            when = dt.datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = self.since
        where = "本机" if self.host == host_name() else f"计算机 {self.host}"
        return f"{self.user}（{where}）自 {when} 起正在编辑"


def real_path(draft: str | os.PathLike[str]) -> Path:
    """The draft's real path: every symbolic link on the way resolved (the file its names share)."""
    return Path(os.path.realpath(draft))


def lock_path(draft: str | os.PathLike[str]) -> Path:
    """The lock file of a draft: beside its real path, named after the real file."""
    real = real_path(draft)
    return real.with_name(f".~lock.{real.name}#")


def identity_lock_path(draft: str | os.PathLike[str]) -> Path | None:
    """The identity lock of the file at ``draft`` (None when the file cannot be stat'ed)."""
    # Imported here: the lock is low in the store; settings only gives the per-user folder.
    from govreport_gui.core.store.settings import data_dir

    try:
        st = os.stat(draft)
    except OSError:
        return None
    return data_dir() / "locks" / f"{st.st_dev:x}-{st.st_ino:x}.lock"


class HeldFile:
    """A lock file of ours, held with its OS lock; removed when released."""

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if sys.platform != "win32":
            # Remove while still holding the lock, so nobody can take over a file about to vanish.
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass
        try:
            _unlock(handle)
        finally:
            handle.close()
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass


class DraftLock:
    """The draft's lock: the name's lock file, and the file's identity lock when one was made."""

    def __init__(self, name: HeldFile, identity: HeldFile | None = None) -> None:
        self.path = name.path
        self._name: HeldFile | None = name
        self._identity = identity

    def release(self) -> None:
        name, self._name = self._name, None
        identity, self._identity = self._identity, None
        if name is not None:
            name.release()
        if identity is not None:
            identity.release()


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def acquire(draft: str | os.PathLike[str], user: str) -> DraftLock | LockInfo:
    """Take the draft's lock, or say who holds it. Raises OSError when no lock file can be made.

    Whatever name ``draft`` is (the file, a symbolic link to it, a hard link), the lock is the
    file's: a second opener through any other name is told who holds it.
    """
    path = lock_path(draft)
    identity_path = identity_lock_path(draft)
    info = LockInfo(user, host_name(), os.getpid(), dt.datetime.now(dt.UTC).isoformat())
    payload: dict[str, object] = dict(info.__dict__, file=str(real_path(draft)))
    if identity_path is not None:
        st = os.stat(draft)
        payload.update(dev=st.st_dev, ino=st.st_ino)
    text = json.dumps(payload, ensure_ascii=False)
    for _attempt in range(5):
        name = _acquire_once(path, text)
        if name is None:
            continue
        if isinstance(name, LockInfo) or identity_path is None:
            return name if isinstance(name, LockInfo) else DraftLock(name)
        try:
            identity_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            identity = _acquire_once(identity_path, text)
        except OSError:
            # No data folder to write (a read-only home): the name's lock alone, as before.
            return DraftLock(name)
        if isinstance(identity, HeldFile):
            return DraftLock(name, identity)
        name.release()
        if isinstance(identity, LockInfo):
            return identity  # open under another of its names
    raise OSError("无法取得草稿锁")


# O_NOFOLLOW: a symbolic link planted at the lock's name must never make us write the file it
# points to; O_NONBLOCK: a FIFO planted there must not hang the open. Both POSIX only.
_OPEN_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


def _remove_planted(path: Path) -> None:
    """Remove what stands at the lock's name but is not a lock file of ours: a link or special file.

    Removing a link removes the link only, never its target. A plain file with other names (a hard
    link to someone's file) is unlinked too: only this name goes, the other file keeps its content.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(st.st_mode) and st.st_nlink <= 1:
        return
    path.unlink(missing_ok=True)


def _open_lock_file(path: Path) -> IO[str]:
    _remove_planted(path)
    fd = os.open(path, _OPEN_FLAGS, 0o644)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            # Planted between our check and our open: do not write into it.
            raise OSError("锁文件不是普通文件")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        # backslashreplace: a name that is not UTF-8 (surrogate escapes in the JSON's "file") is
        # written as \\udcff, which json reads back as the same name.
        return open(fd, "a+", encoding="utf-8", errors="backslashreplace", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def _acquire_once(path: Path, text: str) -> HeldFile | LockInfo | None:
    """Take the lock file at ``path`` and write ``text`` in it, or read who holds it; None: the
    holder removed it meanwhile, try again."""
    handle = _open_lock_file(path)
    try:
        if not _try_lock(handle):
            handle.seek(0)
            info = _read_info(handle.read())
            handle.close()
            return info
        if not _same_file(handle, path):
            # The previous holder removed the file between our open and our lock: start again.
            _unlock(handle)
            handle.close()
            return None
    except BaseException:
        handle.close()
        raise
    held = HeldFile(path, handle)
    try:
        handle.seek(0)
        handle.truncate()
        _write_all(handle.fileno(), text.encode("utf-8", "backslashreplace"))
    except BaseException:
        # A full disk (or a quota, an I/O error) while the lock's text was written: the file is
        # ours (we hold its lock), empty or half-written. It goes at once, not at the next run.
        held.release()
        raise
    return held


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is written (a short write is not a failure, ENOSPC is)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_info(text: str) -> LockInfo:
    try:
        data = json.loads(text)
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (ValueError, KeyError, TypeError, RecursionError):  # damaged, or [[[[…]]]]
        return LockInfo("另一个程序", "?", 0, "")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return True  # a file system without locks (some network shares): carry on
        return True

    def _unlock(handle: IO[str]) -> None:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        except OSError:
            pass
