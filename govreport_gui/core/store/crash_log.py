"""The error log: what went wrong inside the program, with its traceback, for whoever fixes it.

The user is told in Chinese what happened and where this file is; the traceback itself goes only
here. The file lives in the per-user data folder (:func:`govreport_gui.core.store.settings.log_dir`), is
created for the user alone (mode 0600), never through a symbolic link planted at its name
(``O_NOFOLLOW``), and is rotated at :data:`MAX_LOG_BYTES` so that a program failing in a loop
cannot fill the disk.

Writing the log never raises: an error report that itself fails must not hide the first error.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.store.settings import log_dir

LOG_NAME = "govreport-错误日志.log"
MAX_LOG_BYTES = 1_000_000  # then the file becomes ``….log.1`` (one old generation kept)

# O_NOFOLLOW refuses a symlink at the last component; O_NONBLOCK keeps a FIFO planted there from
# blocking the program (a FIFO is then refused as not a regular file). Both are POSIX only.
_OPEN_FLAGS = (
    os.O_WRONLY
    | os.O_APPEND
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)


def log_path() -> Path:
    return log_dir() / LOG_NAME


def format_exception(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    where: str = "",
) -> str:
    """One log entry: when, which version, where (window, thread, command) and the traceback."""
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    head = f"==== {stamp}  govreport {__version__}" + (f"  {where}" if where else "")
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"{head}\n{body}\n"


def write_entry(text: str) -> Path | None:
    """Append ``text`` to the log; the log's path, or None when it could not be written."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = _open(path)
        if fd is not None and os.fstat(fd).st_size >= MAX_LOG_BYTES:
            os.close(fd)
            # os.replace renames the link or file itself: it never writes through a link.
            os.replace(path, path.with_name(path.name + ".1"))
            fd = _open(path)
        if fd is None:
            return None
        try:
            os.write(fd, text.encode("utf-8", "replace"))
        finally:
            os.close(fd)
    except OSError:
        return None
    return path


def _open(path: Path) -> int | None:
    """The log opened for appending, or None when what is at ``path`` is not a plain file.

    A symbolic link at the log's name is not followed: it is removed (the link, not what it points
    to) and a fresh log is created in its place.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o600)
    except OSError:
        if not path.is_symlink():
            raise
        path.unlink()  # unlinks the link itself
        fd = os.open(path, _OPEN_FLAGS | os.O_EXCL, 0o600)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def write_exception(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    where: str = "",
) -> Path | None:
    return write_entry(format_exception(exc_type, exc, tb, where))


def log_unraisable(unraisable: Any) -> None:
    """A ``sys.unraisablehook`` that writes “Exception ignored in …” reports here, not on the
    terminal or the console.

    Python reports an exception it cannot raise (one in ``__del__``, say a zip archive that a
    failed write left open and that fails again when collected) by printing its English traceback
    on stderr, after the user has been told in Chinese what happened. That report is for whoever
    fixes the program: the log is where such things go.
    """
    try:
        what = unraisable.err_msg or "Exception ignored in"
        try:
            shown = repr(unraisable.object)[:200] if unraisable.object is not None else ""
        except Exception:  # a broken __repr__: the log entry still goes out
            shown = f"<{type(unraisable.object).__name__}>"
        exc_type = unraisable.exc_type
        write_exception(
            exc_type, unraisable.exc_value, unraisable.exc_traceback, f"{what}: {shown}".strip()
        )
    except Exception:  # the hook itself must never raise
        pass


def install_unraisable_hook() -> Callable[[Any], object]:
    """Route Python's unraisable exceptions to the log; returns the hook it replaced."""
    previous = sys.unraisablehook
    sys.unraisablehook = log_unraisable
    return previous
