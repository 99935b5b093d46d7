"""What the command line prints never carries a terminal's control sequences.

A draft or a values file comes from anyone: a name in its history, a comment, or a message quoting
a value could hold ESC sequences (clear the screen, retitle the window, write the clipboard through
OSC 52) that the user's terminal would obey. Every control character other than line break, tab
and carriage return is printed as ``\\uXXXX``: still the same character inside a JSON string,
readable in plain text, obeyed by no terminal.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any, TextIO

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ControlFreeStream(io.TextIOBase):
    """A text stream that writes to ``inner`` with control characters escaped."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self._inner.flush()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._inner, "encoding", "utf-8") or "utf-8")

    def isatty(self) -> bool:
        return self._inner.isatty()

    def __getattr__(self, name: str) -> Any:  # buffer, fileno, errors …: the real stream's
        return getattr(self._inner, name)


@contextmanager
def control_free_stdio() -> Iterator[None]:
    """Within: ``sys.stdout`` and ``sys.stderr`` escape control characters."""
    saved = sys.stdout, sys.stderr
    sys.stdout = ControlFreeStream(saved[0])
    sys.stderr = ControlFreeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
