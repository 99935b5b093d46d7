"""The forms as built from their files, cached in the user's cache folder (issue 14).

Reading a form's TOML costs a whole-process ``govreport check`` about 4 ms (importing ``tomllib``
and parsing), and building the form from the data (checking every id, rule, reference and
phrase) about 4 ms more. So once a form file has been parsed and built, the form is written to
``forms/NAME-XXXXXXXX.form`` in the cache folder (:mod:`form_pack`), and later runs put it back
from there in a fraction of that.

A cache holds what this program's code built from these bytes, and nothing else is used:

- it records the form file's size and CRC-32, compared with the bytes just read (the form file is
  always read; it is small);
- it records the code that built it (:func:`code_stamp`: the size and modification time of each
  module that builds a form, and the Python version), compared with the code running now: a
  program updated, or a module edited, builds the form anew;
- it is input like any other: it may be truncated, damaged, left by another version, a link or a
  pipe. It is opened without following a link, read only when it is a plain file of a sane size,
  and checked against the CRC-32 it carries of itself; a cache that is wrong in any way, or does
  not unpack, is ignored and written anew, atomically (a temporary file beside it, flushed,
  renamed over it; never written through a link). A cache that cannot be written (a read-only
  home folder, a full disk) is simply not written.

CRC-32 catches damage, not forgery: whoever can write the user's cache folder can write the user's
other files too. The cache folder is given by the caller (:func:`configure`, the command line):
the forms do not know the user's folders.
"""

from __future__ import annotations

import os
import sys
from binascii import crc32

from govreport_gui.core.cache_file import read_cache_file, write_cache_file
from govreport_gui.core.json_text import loads

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from _typeshed import StrPath

MAGIC = "govreport-form-cache-2"
MAX_CACHE_BYTES = 4 * 1024 * 1024  # the bundled forms' caches are 40 to 100 KB

# The modules of this folder whose code runs while a form file is read and built (``form_file``
# and what it imports from here), and the one that packs it: a change to any of them makes the
# caches stale. ``tests/test_form_cache.py`` holds the list to form_file's imports.
BUILT_BY = (
    "form_file",
    "form_build",
    "formdef",
    "form_pack",
    "headings",
    "record",
    "rule_expr",
    "sections",
    "text_figures",
    "values",
)

_folder: StrPath | None = None
_stamp: str | None = None


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
    return os.path.join(cache, "forms", f"{stem}-{digest:08x}.form")


def code_stamp() -> str:
    """What identifies the code that builds forms: the Python version, and each module of
    :data:`BUILT_BY` by its file's size and modification time. In a packaged program (no module
    files), the program file's own (each package build writes it anew). "" when neither can be
    read: then nothing is cached."""
    global _stamp
    if _stamp is None:
        found = _modules() or _program()
        _stamp = f"{sys.version}\n{found}" if found else ""
    return _stamp


def _modules() -> str:
    """Each module of :data:`BUILT_BY` by its file's size and modification time ("" without them)."""
    here = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for name in BUILT_BY:
        try:
            info = os.stat(os.path.join(here, f"{name}.py"))
        except OSError:
            return ""
        parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
    return "\n".join(parts)


def _program() -> str:
    """A packaged program's own file by its size and modification time ("" when not packaged).
    The file itself: on Linux the window is a link to the command line's program, and the two
    share one stamp (and one cache)."""
    if not getattr(sys, "frozen", False):
        return ""
    program = os.path.realpath(sys.executable)
    try:
        info = os.stat(program)
    except OSError:
        return ""
    return f"{program} {info.st_size} {info.st_mtime_ns}"


def read(form_path: str, source: bytes, model: Sequence[type]) -> Any:
    """The form built from the form file ``form_path`` whose bytes are ``source``, as cached (an
    object of ``model[0]``, made of the classes of ``model``); ``None`` when there is no cache
    folder or no right cache for these bytes and this code."""
    if _folder is None:
        return None
    stamp = code_stamp()
    if not stamp:
        return None
    blob = read_cache_file(cache_file(_folder, form_path), MAX_CACHE_BYTES)
    if blob is None:
        return None
    from govreport_gui.core.forms.form_pack import unpack

    try:
        head, _newline, body = blob.partition(b"\n")
        magic, checksum = head.decode("ascii").split(" ")
        if magic != MAGIC or int(checksum, 16) != crc32(body):
            return None
        about, _newline, packed = body.partition(b"\n")
        entry = loads(about.decode("ascii"))  # as written (a byte past ASCII: no cache)
        if (
            not isinstance(entry, dict)
            or entry.get("size") != len(source)
            or entry.get("crc32") != crc32(source)
            or entry.get("code") != stamp
        ):
            return None
        form = unpack(packed, model)
        # Read here: a crafted form may lack the field (AttributeError).
        return form if form.source == form_path else None
    except Exception:  # anything a damaged cache makes the unpickler raise: no cache this time
        return None


def write(form_path: str, source: bytes, form: object, model: Sequence[type]) -> None:
    """Cache ``form``, built from ``source`` (the form file's bytes) and made of the classes of
    ``model``; silently nothing when there is no cache folder, the form cannot be packed, or the
    cache cannot be written."""
    if _folder is None:
        return
    stamp = code_stamp()
    if not stamp:
        return
    from govreport_gui.core.forms.form_pack import pack

    try:
        packed = pack(form, model)
    except (ValueError, RecursionError):
        return  # a value the cache does not hold: the form is built every time
    import json  # only when writing: a check that reads the cache imports no json (issue 14)

    about = json.dumps({"size": len(source), "crc32": crc32(source), "code": stamp})
    body = about.encode("ascii") + b"\n" + packed
    blob = f"{MAGIC} {crc32(body):08x}\n".encode("ascii") + body
    try:
        write_cache_file(cache_file(_folder, form_path), blob)
    except OSError:
        pass  # no cache this time; the form is read all the same
