"""One writer at a time: a lock file beside the draft, held with an OS lock.

The lock file (``.~lock.NAME#``, as office programs do) says who has the draft open since when.
The OS lock (``flock`` / ``msvcrt.locking``) is what counts: it is released by the OS when the
holder dies, so a lock left by a crashed process never blocks — the next opener takes it over.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str  # ISO time

    def describe(self) -> str:
        try:
            when = dt.datetime.fromisoformat(self.since).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = self.since
        where = "本机" if self.host == socket.gethostname() else f"计算机 {self.host}"
        return f"{self.user}（{where}）自 {when} 起正在编辑"


def lock_path(draft: Path) -> Path:
    return draft.with_name(f".~lock.{draft.name}#")


class DraftLock:
    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if sys.platform != "win32":
            # Remove while still holding the lock, so nobody can take over a file about to vanish.
            self.path.unlink(missing_ok=True)
        try:
            _unlock(handle)
        finally:
            handle.close()
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                pass


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def acquire(draft: Path, user: str) -> DraftLock | LockInfo:
    """Take the draft's lock, or say who holds it. Raises OSError when no lock file can be made."""
    path = lock_path(draft)
    for _attempt in range(5):
        result = _acquire_once(path, user)
        if result is not None:
            return result
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
        return open(fd, "a+", encoding="utf-8", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def _acquire_once(path: Path, user: str) -> DraftLock | LockInfo | None:
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
        handle.seek(0)
        handle.truncate()
        info = LockInfo(
            user, socket.gethostname(), os.getpid(), dt.datetime.now(dt.UTC).isoformat()
        )
        handle.write(json.dumps(info.__dict__, ensure_ascii=False))
        handle.flush()
    except BaseException:
        handle.close()
        raise
    return DraftLock(path, handle)


def _read_info(text: str) -> LockInfo:
    try:
        data = json.loads(text)
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (ValueError, KeyError, TypeError):
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
