"""A file name as text that can be stored and printed, whatever bytes the file system gave.

A name that is not UTF-8 (a GBK name on a USB stick written under Windows, read on Linux) reaches
Python with "surrogate escapes" (byte 0xFF as U+DCFF). Such text cannot be encoded as UTF-8: SQLite,
a JSON file or a terminal refuse it. Where a name is only recorded or shown (a history line, a
message), its undecodable bytes are written as ``\\xFF``: readable, and the rest of the name intact.
Where the file itself is opened, the name stays as it is (the path, not this text).
"""

from __future__ import annotations

import os


def readable_name(name: str) -> str:
    """``name`` with every byte that was not UTF-8 written as ``\\xNN`` (and any other lone
    surrogate as ``\\uNNNN``): text that encodes as UTF-8."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:  # a lone surrogate that no byte gave (from JSON "\ud800")
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
