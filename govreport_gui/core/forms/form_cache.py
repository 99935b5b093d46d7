"""The form files' parsed data, cached in the user's cache folder (issue 14).

Reading a form's TOML costs a whole-process ``govreport check`` about 4 ms (importing ``tomllib``
and parsing); the same data read back as JSON costs a tenth of a millisecond. So once a form file
has been parsed, its data (the dict ``tomllib`` gave) and the lines of its ``id = "…"``
assignments (for messages that name a line) are written to ``forms/NAME-XXXXXXXX.json`` in the
cache folder, and later runs read that instead. The form is still built and checked from the data
as from a freshly parsed file (every rule, id and reference), so a cache can give nothing that the
form file itself would not.

The cache is keyed by the form file's content, not its date: the file's size and CRC-32 are
recorded in the cache and compared with the bytes just read (the form file is always read; it is
small). A cache file is input like any other: it may be truncated, damaged, left by another
version, a link or a pipe. It is opened without following a link, read only when it is a plain
file of a sane size, and checked against the CRC-32 it carries of itself; a cache that is wrong in
any way, or whose data does not build, is ignored and written anew, atomically (a temporary file
beside it, flushed, renamed over it; never written through a link). A cache that cannot be written
(a read-only home folder, a full disk) is simply not written. CRC-32 catches damage, not forgery:
whoever can write the user's cache folder can write the user's other files too.

The cache folder is given by the caller (:func:`configure`, the command line): the forms do not
know the user's folders. Data that JSON cannot hold as it is (a TOML date) is not cached.
"""

from __future__ import annotations

import json
import os
from binascii import crc32

from govreport_gui.core.cache_file import read_cache_file, write_cache_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any

    from _typeshed import StrPath

MAGIC = "govreport-form-cache-1"
MAX_CACHE_BYTES = 4 * 1024 * 1024  # the bundled forms' caches are about 25 KB

# The lines of a form file's ``key = "value"`` assignments, as ``formdef._Source`` indexes them.
Assignments = dict[tuple[str, str], list[int]]

_folder: StrPath | None = None


def configure(folder: StrPath | None) -> None:
    """Where parsed forms are cached (``None``: not cached, every form file is parsed)."""
    global _folder
    _folder = folder


def folder() -> StrPath | None:
    return _folder


def cache_file(cache: StrPath, form_path: str) -> str:
    """The cache of one form file: named after it, and after its full path (two folders of forms
    with the same file names do not share a cache file). As text: a ``check`` reads it."""
    stem = os.path.splitext(os.path.basename(form_path))[0]
    digest = crc32(form_path.encode("utf-8", "surrogateescape"))
    return os.path.join(cache, "forms", f"{stem}-{digest:08x}.json")


def read(form_path: str, source: bytes) -> tuple[dict[str, Any], Assignments] | None:
    """The cached data and assignment lines of the form file ``form_path`` whose bytes are
    ``source``; ``None`` when there is no cache folder or no right cache for these bytes."""
    if _folder is None:
        return None
    blob = read_cache_file(cache_file(_folder, form_path), MAX_CACHE_BYTES)
    if blob is None:
        return None
    try:
        head, _newline, body = blob.partition(b"\n")
        magic, checksum = head.decode("ascii").split(" ")
        if magic != MAGIC or int(checksum, 16) != crc32(body):
            return None
        entry = json.loads(body)
        if (
            not isinstance(entry, dict)
            or entry.get("size") != len(source)
            or entry.get("crc32") != crc32(source)
            or not isinstance(entry.get("data"), dict)
            or not isinstance(entry.get("ids"), list)
        ):
            return None
        ids: Assignments = {}
        # Plain loops and exact types: a few hundred entries, read by every `check` process.
        for key, value, lines in entry["ids"]:
            if type(key) is not str or type(value) is not str or type(lines) is not list:
                return None
            for number in lines:
                if type(number) is not int:
                    return None
            ids[(key, value)] = lines
        data: dict[str, Any] = entry["data"]
        return data, ids
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return None


def write(form_path: str, source: bytes, data: dict[str, Any], ids: Assignments) -> None:
    """Cache the data parsed from ``source`` (the form file's bytes); silently nothing when there
    is no cache folder, the data is not plain JSON, or the cache cannot be written."""
    if _folder is None:
        return
    entry = {
        "size": len(source),
        "crc32": crc32(source),
        "data": data,
        "ids": [[key, value, lines] for (key, value), lines in ids.items()],
    }
    try:
        body = json.dumps(entry, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError):
        return  # a date or another value JSON would not give back as it was
    blob = f"{MAGIC} {crc32(body):08x}\n".encode("ascii") + body
    try:
        write_cache_file(cache_file(_folder, form_path), blob)
    except OSError:
        pass  # no cache this time; the form is read all the same
