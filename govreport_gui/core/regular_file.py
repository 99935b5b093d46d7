"""Open a file given by the user only when it is a plain file, and read it with a cap.

Drafts, values files and workbooks come from anyone (USB sticks, mail). A device (``/dev/zero``,
``/dev/urandom``) has size 0 and never ends; a FIFO blocks the open until someone writes. Both are
refused before reading: ``os.stat`` does not open the file (so a FIFO cannot block it), and the
open itself uses ``O_NONBLOCK`` and is checked again with ``fstat``, in case the name was changed
between the two. Reading is capped, so a file growing while read cannot exhaust memory either.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import BinaryIO

    from _typeshed import StrPath  # a path as text or Path: ``check`` imports no ``pathlib``

# O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# O_NOFOLLOW: a link at the last component fails the open (ELOOP) instead of being followed.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegularFileError(OSError):
    """What is at the path is a device, a pipe, a socket: never read."""

    def __init__(self, path: StrPath) -> None:
        super().__init__(f"不是普通文件（可能是设备或管道），不读取：{path}")
        self.message = str(self.args[0])


class LinkNotFollowedError(NotRegularFileError):
    """What is at the path is a symbolic link, and the reader does not follow links: a text copied
    into the report (``set --section ID=@FILE``) must not come from wherever a link in a folder
    handed in points (``~/.ssh/id_rsa``)."""

    def __init__(self, path: StrPath) -> None:
        OSError.__init__(
            self, f"这是一个符号链接，为安全起见不通过它读取：{path}\n请直接写出它所指的文件。"
        )
        self.message = str(self.args[0])


def size_text(size: int) -> str:
    """A byte count as a message states it: MB from 1 MB, else KB, else bytes; whole when it is
    (20 MB), else to one decimal (781.3 KB). Never whole MB by integer division: a limit below
    1 MB would read “超过 0 MB”."""
    for unit, name in ((1024 * 1024, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{size // unit} {name}" if size % unit == 0 else f"{size / unit:.1f} {name}"
    return f"{size} 字节"


class FileTooLargeError(OSError):
    def __init__(self, path: StrPath, limit: int) -> None:
        super().__init__(f"文件过大（超过 {size_text(limit)}），不像是本程序的文件，未读取：{path}")
        self.message = str(self.args[0])


def is_special(path: StrPath) -> bool:
    """Whether ``path`` exists and is neither a plain file nor a folder (no open, never blocks)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def open_regular(path: StrPath, follow_links: bool = True) -> BinaryIO:
    """``path`` opened for reading in binary; NotRegularFileError for a device, pipe or socket,
    and (``follow_links`` False) LinkNotFollowedError for a symbolic link, dangling or not.

    Other OSErrors (not found, a folder, no permission) are raised as ``open`` raises them.
    """
    if not follow_links and _is_link(path):
        raise LinkNotFollowedError(path)
    if is_special(path):
        raise NotRegularFileError(path)
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_links else _NOFOLLOW))
    except OSError as exc:
        if not follow_links and exc.errno == errno.ELOOP:  # made a link since the look above
            raise LinkNotFollowedError(path) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def _is_link(path: StrPath) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False  # the open that follows says why the path cannot be read


def read_limited(path: StrPath, limit: int, follow_links: bool = True) -> bytes:
    """The whole of plain file ``path``; FileTooLargeError past ``limit`` bytes (never reads more).
    ``follow_links`` False: a symbolic link is refused (LinkNotFollowedError), never read through."""
    with open_regular(path, follow_links) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(path, limit)
    return data


class UnreadableFileError(Exception):
    """The file could not be read at all; ``message`` says why in one Chinese sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def size_problem(size: int, limit: int, path: StrPath, unlike: str) -> str | None:
    """Why a file of ``size`` bytes is refused before it is read: larger than ``limit`` (“不像是
    {unlike}”: what so large a file cannot be), or empty; None when neither."""
    if size > limit:
        return f"文件太大（{size_text(size)}，上限 {size_text(limit)}），不像是{unlike}：{path}"
    if size == 0:
        return f"文件是空的（0 字节）：{path}"
    return None


def read_head(path: StrPath, count: int, what: str) -> tuple[int, bytes]:
    """The size and first ``count`` bytes of a plain file, for recognising it before it is opened
    as what it should be (``what``: “草稿文件”, “ Excel 文件”); UnreadableFileError otherwise."""
    try:
        with open_regular(path) as handle:
            return os.fstat(handle.fileno()).st_size, handle.read(count)
    except NotRegularFileError as exc:
        raise UnreadableFileError(exc.message) from None
    except OSError as exc:
        # The words for an error, loaded when one happens (a `check` process, issue 14).
        from govreport_gui.core.oserror_text import cannot_read

        raise UnreadableFileError(cannot_read(exc, path, what)) from None


def starts_with(path: StrPath, head: bytes) -> bool:
    """Whether the file at ``path`` begins with ``head`` (False when it cannot be read). A FIFO or
    a device is not opened: telling a file's kind must never block on one."""
    try:
        with open_regular(path) as handle:
            return handle.read(len(head)) == head
    except OSError:
        return False
