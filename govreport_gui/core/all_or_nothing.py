"""Several files written as one: all of them appear, or none, and what a killed run left is swept.

An export of Excel and PDF used to write the workbook, then fail on the PDF (a full disk) with the
workbook already in place; a process killed while writing left its ``.NAME-XXXX.tmp`` beside the
target for good. Now:

- inside :func:`all_or_nothing`, :func:`~govreport_gui.core.atomic_file.atomic_replace` writes and
  flushes each temporary file but does not rename it; the batch is *staged*;
- when every file is written, :meth:`FileBatch.commit` moves them into place one by one. An
  existing target is first kept aside under a second name (a hard link where the file system has
  them, so the target never goes missing; else a rename); if a later rename fails, those already
  done are undone — a new file removed, a replaced one restored — and the kept-aside files are
  removed only once all renames succeeded;
- every temporary or kept-aside file has a name of ours, ``.NAME.govreport-XXXXXXXX.tmp`` /
  ``.old``; :func:`sweep_leftovers` removes such files older than :data:`LEFTOVER_AGE` from a
  folder we are about to write (a kept-aside ``.old`` whose target is missing is put back instead:
  a kill between the rename aside and the rename into place). Only plain files of ours (owned by
  this user) with that exact pattern are touched, only in the folders written to.
"""

from __future__ import annotations

import contextvars
import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARK = ".govreport-"
LEFTOVER_AGE = 5 * 60  # seconds: no write of ours leaves a file untouched that long while alive
# A new draft is written by SQLite into the temporary file, which gets its own "-journal".
_OURS = re.compile(
    r"^\.(?P<target>.+)\.govreport-[0-9a-f]{8}\.(?P<kind>tmp|old)(?P<journal>-journal)?$", re.DOTALL
)


def temp_name(target: Path, kind: str = "tmp") -> str:
    """A name of ours beside ``target``: ``.NAME.govreport-XXXXXXXX.tmp`` (or ``.old``)."""
    return f".{target.name}{MARK}{_token()}.{kind}"


def _token() -> str:
    # os.urandom, not ``secrets``: that imports hashlib and hmac, which the window does not need
    # before its first paint (settings are saved through this module).
    return os.urandom(4).hex()


class CommitError(OSError):
    """Moving the written files into place failed; nothing of the batch is in place.

    ``target`` is the file whose rename failed, ``note`` what the writer said may hold it."""

    def __init__(self, cause: OSError, target: Path, note: str) -> None:
        super().__init__(cause.errno, cause.strerror, str(target))
        self.target = target
        self.note = note


class _Staged:
    """One staged file (a plain class: no dataclass processed while the window starts, issue 14)."""

    __slots__ = ("note", "target", "tmp")

    def __init__(self, tmp: Path, target: Path, note: str) -> None:
        self.tmp = tmp
        self.target = target
        self.note = note


class FileBatch:
    """The files written inside one :func:`all_or_nothing`; see the module's text."""

    def __init__(self) -> None:
        self._staged: list[_Staged] = []

    def stage(self, tmp: Path, target: Path, note: str = "") -> None:
        """``tmp`` is written and flushed; it goes to ``target`` at the commit."""
        self._staged.append(_Staged(tmp, target, note))

    def discard(self) -> None:
        for staged in self._staged:
            _remove(staged.tmp)
        self._staged.clear()

    def commit(self) -> None:
        """Move every staged file into place, or none (raises :class:`CommitError`)."""
        done: list[tuple[Path, Path | None]] = []
        try:
            for staged in self._staged:
                try:
                    aside, moved = _keep_aside(staged.target)
                except OSError as exc:
                    raise CommitError(exc, staged.target, staged.note) from exc
                try:
                    os.replace(staged.tmp, staged.target)
                except OSError as exc:
                    if aside is not None and moved:
                        _undo([(staged.target, aside)])  # the old file back under its name
                    elif aside is not None:
                        _remove(aside)  # a second name only: the target was never touched
                    raise CommitError(exc, staged.target, staged.note) from exc
                done.append((staged.target, aside))
        except BaseException:
            _undo(done)
            self.discard()
            raise
        for _target, aside in done:
            if aside is not None:
                _remove(aside)
        self._staged.clear()
        for folder in sorted({target.parent for target, _ in done}):
            fsync_dir(folder)


def fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (the rename) to the disk, where the system allows it (POSIX)."""
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; its rename is flushed with the file
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) refuse fsync on a folder: the rename is done
    finally:
        os.close(fd)


_current: contextvars.ContextVar[FileBatch | None] = contextvars.ContextVar(
    "govreport_file_batch", default=None
)


def current_batch() -> FileBatch | None:
    """The batch the files written now belong to (None: each file is replaced at once)."""
    return _current.get()


@contextmanager
def all_or_nothing() -> Iterator[FileBatch]:
    """Every whole-file write inside is staged; all are moved into place at the end, or none.

    Raises what the body raises (nothing is then in place, no temporary file is left) or
    :class:`CommitError`."""
    batch = FileBatch()
    token = _current.set(batch)
    try:
        yield batch
    except BaseException:
        batch.discard()
        raise
    finally:
        _current.reset(token)
    batch.commit()


def _keep_aside(target: Path) -> tuple[Path | None, bool]:
    """Keep an existing ``target`` under a name of ours until the batch is done: its path, and
    whether it was moved away from ``target`` (else it is a second name of it)."""
    if not os.path.lexists(target):
        return None, False
    aside = target.with_name(temp_name(target, "old"))
    try:
        # A second name for the same file: the target stays in place until the new one replaces it.
        os.link(target, aside, follow_symlinks=False)
    except (OSError, NotImplementedError):  # NotImplementedError: follow_symlinks unsupported
        os.replace(target, aside)  # no hard links here (FAT, some shares): moved aside instead
        return aside, True
    return aside, False


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    """Put back what a failed commit had moved: a replaced file restored, a new one removed."""
    for target, aside in reversed(done):
        try:
            if aside is not None:
                os.replace(aside, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            pass  # the sweep of the next run finds what is left, by its name


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def sweep_leftovers(folder: Path, now: float | None = None) -> list[Path]:
    """Remove files of ours that a killed run left in ``folder``; returns what was removed.

    Only plain files named ``.NAME.govreport-XXXXXXXX.tmp|old`` (or a ``-journal`` of one), owned by this user and untouched
    for :data:`LEFTOVER_AGE` (a live write of another window's export is younger). A ``.old`` whose
    ``NAME`` is missing is moved back to ``NAME`` rather than removed."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _OURS.match(name)
        if match is None:
            continue
        path = Path(folder) / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue  # a link or anything else planted under our pattern: not ours
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            continue
        # A temporary file's mtime is its last write. A kept-aside file is a hard link to the
        # old target, whose mtime may be old: its ctime (changed by the link) says when.
        touched = st.st_mtime if match["kind"] == "tmp" else max(st.st_mtime, st.st_ctime)
        if now - touched < LEFTOVER_AGE:
            continue
        target = path.with_name(match["target"])
        try:
            if match["kind"] == "old" and not match["journal"] and not os.path.lexists(target):
                os.replace(path, target)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
