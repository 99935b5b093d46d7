"""The only way a file name reaches SQLite: a ``file:`` URI we build from the absolute path.

SQLite reads a file name starting with ``file:`` as a URI when URI handling is on (it is, in many
builds, even without ``uri=True``): ``govreport set "file:x.nianbao"`` would then open
``x.nianbao``, another draft, which our lock does not cover, and query parameters in a name
(``?mode=memory``, ``?vfs=…``) would change how the file is opened. So every connection gets a URI
whose path is the absolute path, percent-encoded (``:``, ``?``, ``#`` and ``%`` included), and
``uri=True``: the name a user typed is always a plain name.
"""

from __future__ import annotations

import os

from govreport_gui.core.store.sqlite import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Literal

    from _typeshed import StrPath

# What a URI's path keeps as it is (RFC 3986's unreserved characters and "/"), as
# ``urllib.parse.quote(..., safe="/")`` does: a ``check`` of a draft imports neither ``urllib`` nor
# ``pathlib`` (with the ``ipaddress`` they import, ≈ 8 % of the process, issue 14).
_KEPT = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def _percent_encoded(raw: bytes) -> str:
    return "".join(chr(byte) if byte in _KEPT else f"%{byte:02X}" for byte in raw)


def file_uri(path: StrPath, mode: str | None = None) -> str:
    """``file:`` URI of ``path``'s absolute form (links are not resolved: the lock sits beside it)."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        text = os.path.join(os.getcwd(), text)  # as Path.absolute(): ".." is left as written
    drive = os.path.splitdrive(text)[0]
    # Forward slashes keep a Windows drive as "C:/..."; the encoding keeps "/" and encodes
    # everything else that SQLite's URI parser would give a meaning to.
    if os.sep != "/":
        text = text.replace(os.sep, "/")  # Windows: its backslashes
    if not text.startswith("/"):
        text = "/" + text  # file:///C:/... on Windows
    # The bytes the file system has for the name, not the text: a name that is not UTF-8 (GBK names
    # on a USB stick) is text with surrogate escapes, which encoding a str could not do.
    uri = "file://" + _percent_encoded(os.fsencode(text))
    if drive:
        # SQLite wants the drive's colon literal: file:///C:/...
        uri = uri.replace("%3A", ":", 1)
    return uri + (f"?mode={mode}" if mode else "")


def connect_file(
    path: StrPath,
    *,
    mode: str | None = None,
    timeout: float = 5,
    isolation_level: Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None = "DEFERRED",
) -> sqlite3.Connection:
    """Connect to ``path`` by its URI (``mode``: ``ro``, ``rw`` or ``rwc``; None: read-write-create)."""
    # "DEFERRED" is what sqlite3's default ("") does (implicit BEGIN); None is autocommit.
    return sqlite3.connect(
        file_uri(path, mode), uri=True, timeout=timeout, isolation_level=isolation_level
    )
