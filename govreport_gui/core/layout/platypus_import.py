"""reportlab's ``platypus`` imported without compiling its web-address pattern up front.

Importing ``reportlab.platypus.paragraph`` compiles one regular expression, ``uri_pat`` (a web
address, case-insensitive over every character from U+00A1 to U+FFFF), and that single compile
takes ≈ 24 ms: a tenth of a whole-process ``govreport export``, spent in the process that draws the
PDF. reportlab uses the pattern only to break a long web address across lines (hyphenation or
``uriWasteReduce``, both off by default and never used by our PDF). It is compiled here on first
use instead: the same pattern and flags, so a paragraph that needs it gets the same answers.

Every import of ``reportlab.platypus`` in our PDF code goes through :func:`import_platypus` first
(later imports find the module loaded). Only that one pattern is deferred; every other
``re.compile`` during the import is passed through unchanged.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

# The start of reportlab's ``uri_pat`` (reportlab/platypus/paragraph.py, from Django's validator).
_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class DeferredPattern:
    """A regular expression compiled on first use; then it answers as the compiled one does."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, sub, groups, …
        return getattr(self.compiled(), name)


_lock = threading.Lock()


def import_platypus() -> None:
    """Import ``reportlab.platypus`` (once; a no-op when it is loaded) with ``uri_pat`` deferred."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    with _lock:  # two exports in the window's thread pool: one swaps re.compile at a time
        if "reportlab.platypus.paragraph" in sys.modules:
            return
        real = re.compile

        def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN_START):
                return DeferredPattern(pattern, flags)
            return real(pattern, flags)

        re.compile = compile_or_defer
        try:
            import reportlab.platypus  # noqa: F401
        finally:
            re.compile = real
