"""File names made from a report's unit, year and form: ``<填报单位>_<年度>年度_<表名>``.

A unit's full name can be long (``某某省某某市某某区人民政府办公室关于……``), and Chinese takes
3 bytes a character in UTF-8: Linux and macOS refuse a name over 255 bytes (eCryptfs-encrypted home
folders over 143), and Windows a path over 260 characters. So the unit part is shortened (ending
in “…”) until the whole name, with what the caller appends, fits :data:`MAX_NAME_BYTES`; year and
form stay whole, because they are what tells two files of one unit apart.
"""

from __future__ import annotations

import re

# Under eCryptfs's 143-byte limit, and leaves a Windows path room for a deep folder.
MAX_NAME_BYTES = 140
ELLIPSIS = "…"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_part(text: str) -> str:
    """``text`` with the characters no file system takes (``\\ / : * ? " < > |``, controls) as _."""
    return _UNSAFE.sub("_", text).strip(" .") or "未命名"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def report_stem(unit: str, year: str, title: str, tail: str = "", room: int = 0) -> str:
    """``<unit>_<year>年度_<title><tail>``, safe for any file system, at most
    ``MAX_NAME_BYTES - room`` bytes in UTF-8 (``room``: the bytes of the suffix, a “（2）”… the
    caller appends). The caller passes its own wording for a blank unit or year."""
    limit = MAX_NAME_BYTES - room
    unit_part = _UNSAFE.sub("_", unit).strip(" .")
    rest = _UNSAFE.sub("_", f"_{year}年度_{title}{tail}").rstrip(" .")
    if _size(unit_part + rest) <= limit:
        return safe_part(unit_part + rest)
    # Shorten the unit, character by character from its end, to what still fits beside the rest.
    budget = limit - _size(rest) - _size(ELLIPSIS)
    kept = ""
    for ch in unit_part:
        if _size(kept + ch) > budget:
            break
        kept += ch
    kept = kept.rstrip(" ._")
    if kept:
        return kept + ELLIPSIS + rest
    # Not even one character of the unit fits (a form title of absurd length): cut the whole name.
    cut = ""
    for ch in unit_part + rest:
        if _size(cut + ch + ELLIPSIS) > limit:
            break
        cut += ch
    return safe_part(cut.rstrip(" .") + ELLIPSIS)
