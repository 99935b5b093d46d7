"""Text from outside made fit for a workbook: what XML 1.0 cannot hold is written as an escape.

A workbook is XML, and XML 1.0 cannot hold most C0 control characters, lone surrogates, U+FFFE
and U+FFFF: openpyxl raises ``IllegalCharacterError`` for the first, lxml ``ValueError`` for the
others, and no file is written. Text from outside reaches the workbooks we write: a file name in a
folder handed in by others (``a\\x01b.json``, or a GBK name on a USB stick, whose bytes Python keeps
as U+DC80–U+DCFF), a reason that quotes a damaged draft's cell (a NUL).

:func:`writable` escapes them as the command line prints them (cli/safe_output.py): ``\\u0001``,
and ``\\xNN`` for a file name's byte that is not UTF-8. An escape rather than U+FFFD because the
list's 文件 column must still tell which file a row is: ``a\\x01b.json`` and ``a\\x02b.json`` would
both become ``a�b.json``, and the escape is the name the terminal showed for the same file. The C1
controls and DEL, which XML does hold, are escaped too: they are invisible in a cell, and the
terminal escapes them, so a name reads the same in both.

:func:`first_unwritable` is for what must not be changed (a signed report's export): the
character that stops it, so the writer can refuse with a Chinese reason instead of crashing.
"""

from __future__ import annotations

# Line break, tab and carriage return are kept: XML holds them and a text may have paragraphs.
# A pattern string, compiled on first use (re's cache), and ``re`` imported by the functions
# that need it: the command line imports this at start, and prints nearly only printable text.
_UNWRITABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
_KEPT = str.maketrans("", "", "\n\t\r")
_LONG = 65_536  # characters: a text this long is searched with the pattern (escape_matching)


def escaped_character(char: str) -> str:
    """One character as the command line and the workbooks show it: ``\\u0001``, or ``\\xff``
    for a byte of a file name that was not UTF-8 (Python's U+DCFF)."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte the file name has
    return f"\\u{code:04x}"


def escape_matching(text: str, pattern: str) -> str:
    """``text`` with the characters ``pattern`` matches escaped (:func:`escaped_character`); the
    pattern must match unprintable characters only (but line break, tab, carriage return)."""
    # Nearly every text is printable: passed at C speed, without the pattern (compiled on first
    # use: re's cache). A long one (a whole JSON document: 60 MB for a history of 300,000
    # changes) goes to the pattern at once: translate() takes about 70 ns a character, the
    # pattern's pass a twentieth of that.
    if text.isprintable() or (len(text) < _LONG and text.translate(_KEPT).isprintable()):
        return text
    import re

    return re.sub(pattern, lambda m: escaped_character(m.group()), text)


def writable(text: str) -> str:
    """``text`` with every character a workbook cannot hold (or would hide) escaped."""
    # U+FFFE/U+FFFF are unassigned, hence not printable either: escape_matching's shortcut holds.
    return escape_matching(text, _UNWRITABLE)


def first_unwritable(text: str) -> str | None:
    """The first character of ``text`` that :func:`writable` would escape; None when none."""
    if text.isprintable() or text.translate(_KEPT).isprintable():
        return None
    import re

    found = re.search(_UNWRITABLE, text)
    return found.group() if found else None
