"""A cache file of ours in the user's cache folder (the parsed forms, the parsed font).

Such a file is hostile input like any other: someone may have planted a link, a FIFO or a huge file
at its name, or a link in place of its folder. It is read only when it is a plain file of a sane
size reached without a link, and written beside and renamed over, never through a link. What is in
it is checked by its reader (each cache has its own digest); any doubt means no cache this time.
The read path imports nothing beyond the standard library's basics: ``govreport check`` reads the
form cache and must stay light.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from _typeshed import StrPath


def read_cache_file(target: StrPath, max_bytes: int) -> bytes | None:
    """The file's bytes when it is a plain file (not a link, not in a linked folder) of at most
    ``max_bytes``; None otherwise, or when it cannot be read. (``os.path``: the form cache's read
    is a ``check``'s, which imports no ``pathlib``.)"""
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.islink(folder) or os.path.islink(os.path.dirname(folder)):
        return None
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)  # a FIFO planted at the name must not block
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            blob = handle.read(max_bytes + 1)
        return blob if len(blob) <= max_bytes else None  # grown while read
    except OSError:
        return None
    finally:
        os.close(fd)


def write_cache_file(target: StrPath, blob: bytes) -> None:
    """Written beside, flushed and renamed over ``target``: a link at ``target`` is replaced, never
    written through; a link in place of the cache folder stops the write (OSError)."""
    from pathlib import Path

    from govreport_gui.core.all_or_nothing import sweep_leftovers
    from govreport_gui.core.atomic_file import create_temp_beside, fsync_file

    target = Path(target)
    folder = target.parent
    if folder.is_symlink() or folder.parent.is_symlink():
        raise OSError("the cache folder is a link")
    folder.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(folder)  # what a run killed while writing the cache left
    tmp = create_temp_beside(target)
    try:
        with open(tmp, "wb") as handle:
            handle.write(blob)
        fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
