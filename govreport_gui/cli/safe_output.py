"""What the command line prints never carries a terminal's control sequences.

A draft or a values file comes from anyone: a name in its history, a comment, or a message quoting
a value could hold ESC sequences (clear the screen, retitle the window, write the clipboard through
OSC 52) that the user's terminal would obey. Every control character other than line break, tab
and carriage return is printed as ``\\uXXXX``: still the same character inside a JSON string,
readable in plain text, obeyed by no terminal.
"""

from __future__ import annotations

import errno
import io
import os
import sys

# The same escapes as the workbooks' (the list of check --summary-xlsx): a name reads alike in both.
from govreport_gui.core.xml_text import escape_matching

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any, TextIO

# Surrogates too: a file name that is not UTF-8 (a GBK name on a USB stick) holds its bytes as
# U+DC80–U+DCFF, which no terminal encoding takes (an error, or raw bytes that garble the line).
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"


def escape_controls(text: str) -> str:
    return escape_matching(text, _CONTROL)


# What breaks a line of tab-separated fields and is not escaped when printed: each line break as
# ⏎ (CR LF is one), the Unicode line and paragraph separators too (Python's splitlines splits at
# them), and a tab, which would make a field two, as the escape the other controls get.
_ONE_LINE = str.maketrans({"\n": "⏎", "\r": "⏎", "\u2028": "⏎", "\u2029": "⏎", "\t": "\\u0009"})


def one_line(text: str) -> str:
    """``text`` as one field of a printed line (a comment with paragraphs: ``第一段⏎第二段``); the
    exact text is what ``--json`` gives."""
    if text.isprintable():  # nearly every text: nothing to look at
        return text
    return text.replace("\r\n", "\n").translate(_ONE_LINE)


# A reader that went away (``govreport verify x.xlsx | head -1``), an output closed by the shell
# (``>&-``) or a descriptor that is no more: what is still to print has nobody to read it.
_GONE_ERRNOS = {errno.EPIPE, errno.EBADF, errno.EINVAL}


def _gone(exc: BaseException) -> bool:
    if isinstance(exc, BrokenPipeError):
        return True
    if isinstance(exc, ValueError):  # "I/O operation on closed file"
        return "closed" in str(exc)
    return isinstance(exc, OSError) and exc.errno in _GONE_ERRNOS


class ControlFreeStream(io.TextIOBase):
    """A text stream that writes to ``inner`` with control characters escaped.

    When the reader is gone (a closed pipe, a closed output), the stream falls silent instead of
    raising: the command runs to its end and its exit code stands (a `verify` that found a change
    still exits 1 through ``| head -1``). ``gone`` tells that it happened.
    """

    def __init__(self, inner: TextIO | None) -> None:
        super().__init__()
        self._inner = inner
        self.gone = inner is None or bool(getattr(inner, "closed", False))

    def write(self, text: str) -> int:
        if not self.gone and self._inner is not None:
            try:
                self._inner.write(escape_controls(text))
            except (OSError, ValueError) as exc:
                if not _gone(exc):
                    raise
                self._fall_silent()
        return len(text)

    def flush(self) -> None:
        if self.gone or self._inner is None:
            return
        try:
            self._inner.flush()
        except (OSError, ValueError) as exc:
            if not _gone(exc):
                raise
            self._fall_silent()

    def _fall_silent(self) -> None:
        self.gone = True
        # What the real stream still buffers is flushed when Python exits: to a closed pipe that
        # would print "Exception ignored … BrokenPipeError" and change the exit code to 120. Point
        # its descriptor at the null device, so that last flush goes nowhere, quietly.
        try:
            fd = self._inner.fileno() if self._inner is not None else -1
        except (OSError, ValueError, AttributeError):
            return
        if fd < 0:
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
        except OSError:
            return
        try:
            os.dup2(null, fd)
        except OSError:
            pass
        finally:
            os.close(null)

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._inner, "encoding", "utf-8") or "utf-8")

    def isatty(self) -> bool:
        if self.gone or self._inner is None:
            return False
        try:
            return self._inner.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:  # buffer, errors …: the real stream's
        if self._inner is None:
            raise AttributeError(name)
        return getattr(self._inner, name)


def _reopen_closed_descriptors() -> None:
    """Standard input, output and error closed by the shell (``>&-``): put the null device there.

    Otherwise the next file we open takes descriptor 1 or 2, and whatever a library or a child
    process writes to "standard output" would land in it (a draft, an export)."""
    if os.name != "posix":
        return
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            return
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


class ControlFreeStdio:
    """Within ``with ControlFreeStdio():``, ``sys.stdout`` and ``sys.stderr`` escape control
    characters, and fall silent when their reader is gone (or there is none: ``sys.stdout`` is
    None when the shell closed it).

    A class rather than ``@contextlib.contextmanager``: importing ``contextlib`` costs a whole
    ``check`` process about 1 ms (issue 14)."""

    def __enter__(self) -> None:
        _reopen_closed_descriptors()
        self.saved = sys.stdout, sys.stderr
        sys.stdout = ControlFreeStream(self.saved[0])
        sys.stderr = ControlFreeStream(self.saved[1])

    def __exit__(self, *_exc: object) -> None:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, ControlFreeStream):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass  # the reader is gone: nobody is left to read it
        sys.stdout, sys.stderr = self.saved


def output_gone() -> bool:
    """Did the command's standard output lose its reader (within :class:`ControlFreeStdio`)?"""
    return isinstance(sys.stdout, ControlFreeStream) and sys.stdout.gone
