"""The one atomic write of the program: a file appears complete, or the old one stays.

Every file govreport writes whole — an exported workbook or PDF, a new draft, a copy of a draft
(另存为), the settings — goes through :func:`atomic_replace`:

1. an empty temporary file ``.<name>.govreport-<random>.tmp`` is created beside the target, exclusively and
   without following a link planted under that name;
2. the caller writes it;
3. it is flushed to the disk (``fsync``), renamed over the target in one step, and the folder is
   flushed, so that after a power cut the folder shows either the old file or the new one;
4. on any failure (an exception, Ctrl+C) the temporary file is removed and the target is untouched.

The temporary file gets mode 0666 less the process umask, as ``open(path, "w")`` would
(``tempfile.mkstemp`` makes 0600, which a rename keeps: an exported workbook could then not be read
by a colleague or a backup job); files that are the user's own business (drafts, settings) ask for
``mode=0o600``. At ``core/`` top level, not in ``store/``: the layout writers use it too, and the
layout does not import the file layer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from govreport_gui.core.all_or_nothing import current_batch, sweep_leftovers, temp_name
from govreport_gui.core.all_or_nothing import fsync_dir as fsync_dir  # its home is there now

TEMP_SUFFIX = ".tmp"
SHARED_MODE = 0o666  # less the umask: like any file a user saves
PRIVATE_MODE = 0o600  # drafts and settings, as tempfile.mkstemp made them before


class TempFileError(OSError):
    """The temporary file could not be created: the folder itself refuses the write (read-only,
    full, missing). Callers word this apart from a failure to write or replace the target."""


def _temp_name(path: Path) -> str:
    # A name of ours (``.NAME.govreport-XXXXXXXX.tmp``): what a killed run leaves is recognised
    # and swept by the next write into the folder (:mod:`.all_or_nothing`).
    return temp_name(path)


def temp_name_size(path: Path) -> int:
    """The length in bytes (UTF-8) of the temporary file's name beside ``path``."""
    return len(_temp_name(path).encode("utf-8", "surrogateescape"))


def create_temp_beside(path: Path, mode: int = SHARED_MODE) -> Path:
    """An empty new file ``.<name>.govreport-<random>.tmp`` in ``path``'s folder; raises OSError."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = path.parent / _temp_name(path)
        try:
            fd = os.open(name, flags, mode)
        except FileExistsError:
            continue
        os.close(fd)
        return name
    raise FileExistsError(f"no free temporary name in {path.parent}")


def fsync_file(path: Path) -> None:
    """Flush a written file to the disk."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_replace(
    path: str | os.PathLike[str], mode: int = SHARED_MODE, note: str = ""
) -> Iterator[Path]:
    """Write ``path`` atomically: the body writes the yielded temporary file (it exists, empty).

    Inside :func:`~govreport_gui.core.all_or_nothing.all_or_nothing` the written file is staged
    instead of renamed (``note``: what may hold ``path`` open, for the batch's error). Files of
    ours that a killed run left in the folder are swept first.

    Raises :class:`TempFileError` when the temporary file cannot be made, OSError from flushing or
    renaming, and whatever the body raises; in every
    such case the temporary file is gone and ``path`` is as it was.
    """
    path = Path(path)
    sweep_leftovers(path.parent)
    try:
        tmp = create_temp_beside(path, mode)
    except OSError as exc:
        raise TempFileError(exc.errno, exc.strerror, str(path.parent)) from exc
    batch = current_batch()
    try:
        yield tmp
        fsync_file(tmp)
        if batch is not None:
            # Inside all_or_nothing(): moved into place with the batch's other files, or removed.
            batch.stage(tmp, path, note)
            return
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
