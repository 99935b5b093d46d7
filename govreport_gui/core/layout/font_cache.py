"""The parsed fonts of the PDF export, cached in the user's cache folder.

reportlab parses a TrueType font's tables (character map, widths, glyph locations) every time a
process registers it: for the bundled 14 MB font that is most of a whole-process
``govreport export --pdf`` after the imports. What it extracts depends only on the font's bytes
and reportlab's version, so it is kept in a cache file and read back in a few milliseconds; the
font file itself is still read (the subset embedded in the PDF is cut from it).

The cache is keyed by the font's SHA-256 (and reportlab's version, the sub-font index and this
module's format). Hashing 14 MB costs about as much as it saves, so the cache also records the
font file's size, modification time and inode: while they are unchanged the recorded hash is
taken as the font's (as ``git`` trusts its index); when they change the font is hashed again and
the cache used only when the hash is the same.

A cache file is input like any other: it may be truncated, damaged, left by another version, or
replaced by a link. It is opened without following a link, read only when it is a plain file of a
sane size, checked against its own SHA-256 and then against the font (counts, glyph numbers and
offsets in range); anything wrong and the font is parsed as before and the cache written anew,
atomically (a temporary file beside it, flushed, renamed over it; never written through a link).
A cache that cannot be written (a read-only home folder, a full disk) is simply not written.

The cache folder is given by the caller (:func:`configure`): the layout does not know the user's
folders (``core/store/settings.py``'s ``cache_dir``, which ``GOVREPORT_HOME`` moves).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import threading
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

from govreport_gui.core.cache_file import read_cache_file, write_cache_file

FORMAT = 1
MAGIC = b"GRFONTC1"
MAX_CACHE_BYTES = 64 * 1024 * 1024
_DIGEST = 32

_cache_dir: Path | None = None
_lock = threading.Lock()


def configure(cache_dir: Path | None) -> None:
    """Where parsed fonts are cached (``None``: not cached). Set by the op that exports."""
    global _cache_dir
    _cache_dir = cache_dir


def cache_dir() -> Path | None:
    return _cache_dir


def load_font(name: str, path: Path, index: int = 0) -> Any:
    """A reportlab ``TTFont`` for ``path`` (sub-font ``index``), its tables read from the cache
    when the cache is right for this font, else parsed (and the cache written)."""
    from reportlab.pdfbase import ttfonts

    folder = _cache_dir
    if folder is None or getattr(ttfonts, "uharfbuzz", None) is not None:
        # No cache folder; or reportlab can shape text (uharfbuzz installed), and then it reads
        # the whole font and every table as its own types: let it parse them.
        return ttfonts.TTFont(name, str(path), subfontIndex=index)
    face = _CachedFace(str(path), index, folder)
    with _lock:  # TTFont builds its face through the module's name: hand it the one made here
        original = ttfonts.TTFontFace
        ttfonts.TTFontFace = lambda *_args, **_kwargs: face
        try:
            return ttfonts.TTFont(name, str(path), subfontIndex=index)
        finally:
            ttfonts.TTFontFace = original


def cache_file(folder: Path, font: Path, index: int) -> Path:
    """The cache file of one font file and sub-font (its content key is inside)."""
    where = hashlib.sha256(f"{os.path.abspath(font)}\0{index}".encode("utf-8", "surrogateescape"))
    return folder / "fonts" / f"{font.stem[:40]}-{index}-{where.hexdigest()[:16]}.fontcache"


def _reportlab_version() -> str:
    import reportlab

    return str(getattr(reportlab, "Version", "?"))


def _make_face_class() -> type:
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):  # type: ignore[misc]
        """A ``TTFontFace`` whose ``extractInfo`` is read from the cache when it can be."""

        def __init__(self, filename: str, index: int, folder: Path) -> None:
            self._gr_folder = folder
            self._gr_index = index
            # The font's bytes are read as reportlab asks for them (the table directory, then
            # the glyphs of the subset) when the tables come from the cache; parsing reads it all.
            self._ttf_data: Any = FontBytes.open(Path(filename))
            self.filename = filename  # what reportlab's readFile would set
            super().__init__(filename, subfontIndex=index)
            del self._gr_folder, self._gr_index

        def extractInfo(self, charInfo: int = 1) -> None:
            font = Path(self.filename)
            target = cache_file(self._gr_folder, font, self._gr_index)
            try:
                info = os.stat(font)
            except OSError:
                info = None
            if charInfo and info is not None and _restore(self, target, info):
                return
            self._ttf_data = bytes(self._ttf_data)  # reportlab's parser reads byte by byte
            before = dict(vars(self))
            super().extractInfo(charInfo)
            if charInfo and info is not None:
                _save(self, target, info, before)

    return CachedFace


_face_class: type | None = None

# A slice of the font at least this long (the glyf table) is a view, read piece by piece.
_VIEW_MIN = 1 << 20


class FontBytes:
    """The bytes of a font file, read where they are sliced (as reportlab slices its ``_ttf_data``):
    the subset of a PDF needs a few hundred glyphs of a 14 MB font, not all of it. Not ``mmap``: a
    file truncated while mapped kills the process (SIGBUS); a short read here is an error."""

    def __init__(self, handle: Any, start: int, stop: int, lock: threading.Lock) -> None:
        self._handle = handle
        self._start = start
        self._stop = stop
        self._lock = lock

    @classmethod
    def open(cls, path: Path) -> FontBytes:
        handle = open(path, "rb")  # noqa: SIM115 - kept open while the font is registered
        size = os.fstat(handle.fileno()).st_size
        return cls(handle, 0, size, threading.Lock())

    def __len__(self) -> int:
        return self._stop - self._start

    def _read(self, start: int, count: int) -> bytes:
        with self._lock:
            self._handle.seek(self._start + start)
            data = bytes(self._handle.read(count))
        if len(data) != count:
            raise OSError("the font file changed while it was read")
        return data

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, int):
            index = key + len(self) if key < 0 else key
            if not 0 <= index < len(self):
                raise IndexError("font offset out of range")
            return self._read(index, 1)[0]
        start, stop, step = key.indices(len(self))
        if step != 1:
            return bytes(self)[key]
        count = max(0, stop - start)
        if count >= _VIEW_MIN:
            return FontBytes(self._handle, self._start + start, self._start + stop, self._lock)
        return self._read(start, count)

    def __bytes__(self) -> bytes:
        return self._read(0, len(self))


def _CachedFace(filename: str, index: int, folder: Path) -> Any:
    global _face_class
    if _face_class is None:
        _face_class = _make_face_class()
    return _face_class(filename, index, folder)


# -- encoding ----------------------------------------------------------------------------------

# The large tables are stored as typed arrays (see _tables); everything else extractInfo sets is
# small and stored as JSON. The typecodes each array may have:
_LAYOUT = {
    "c2g_chars": "i",
    "c2g_glyphs": "i",
    "w_chars": "i",
    "w_values": "qd",  # widths in 1/1000 em: ints for a 1000-unit font, floats for another
    "g2c_glyphs": "i",
    "g2c_chars": "i",
    "hm_aw": "i",
    "hm_lsb": "i",
    "glyph_pos": "q",
}
_TABLES = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")
_SKIP = {"_ttf_data", "_pos", "_pdfScale", "_gr_folder", "_gr_index"}


def _stat_key(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def _key(face: Any) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "reportlab": _reportlab_version(),
        "subfont": face._gr_index,
        "byteorder": sys.byteorder,
        "itemsizes": [array("i").itemsize, array("q").itemsize, array("d").itemsize],
    }


def _scalar(value: Any) -> Any:
    """A small attribute as JSON; ``ValueError`` for a kind this cache does not know."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, TTFNameBytes):
        return {"ttfname": value.decode("latin-1"), "ustr": value.ustr}
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"tuple": [_scalar(v) for v in value]}
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _scalar(v) for k, v in value.items()}}
    raise ValueError(type(value).__name__)


def _unscalar(value: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, list):
        return [_unscalar(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"ttfname", "ustr"} and isinstance(value["ustr"], str):
            return TTFNameBytes(value["ttfname"].encode("latin-1"), value["ustr"])
        if set(value) == {"bytes"}:
            return value["bytes"].encode("latin-1")
        if set(value) == {"tuple"}:
            return tuple(_unscalar(v) for v in value["tuple"])
        if set(value) == {"dict"}:
            return {str(k): _unscalar(v) for k, v in value["dict"].items()}
        raise ValueError("unknown value")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ValueError("unknown value")


def _tables(face: Any) -> dict[str, array[Any]]:
    c2g: dict[int, int] = face.charToGlyph
    widths: dict[int, Any] = face.charWidths
    g2c: dict[int, list[int]] = face.glyphToChar
    pairs = [(g, c) for g, chars in g2c.items() for c in chars]
    exact = all(isinstance(w, int) for w in widths.values())
    if not all(isinstance(aw, int) for aw, _lsb in face.hmetrics):
        raise ValueError("advance widths that are not whole numbers")
    return {
        "c2g_chars": array("i", c2g.keys()),
        "c2g_glyphs": array("i", c2g.values()),
        "w_chars": array("i", widths.keys()),
        "w_values": array("q", widths.values()) if exact else array("d", widths.values()),
        "g2c_glyphs": array("i", (g for g, _c in pairs)),
        "g2c_chars": array("i", (c for _g, c in pairs)),
        "hm_aw": array("i", (aw for aw, _lsb in face.hmetrics)),
        "hm_lsb": array("i", (lsb for _aw, lsb in face.hmetrics)),
        "glyph_pos": array("q", face.glyphPos),
    }


def _encode(header: dict[str, Any], tables: bytes) -> bytes:
    head = json.dumps(header, ensure_ascii=True).encode("ascii")
    body = struct.pack(">I", len(head)) + head + tables
    return MAGIC + hashlib.sha256(body).digest() + body


def _save(face: Any, target: Path, info: os.stat_result, before: dict[str, Any]) -> None:
    try:
        scalars = {
            key: _scalar(value)
            for key, value in vars(face).items()
            if key not in _SKIP
            and key not in _TABLES
            and (key not in before or before[key] is not value)
        }
        tables = _tables(face)
    except (ValueError, TypeError, OverflowError, AttributeError):
        return  # a font or reportlab this cache does not understand: parse it every time
    header = {
        "key": _key(face),
        "font_sha256": hashlib.sha256(face._ttf_data).hexdigest(),
        "stat": _stat_key(info),
        "scalars": scalars,
        "tables": {name: [a.typecode, len(a)] for name, a in tables.items()},
    }
    try:
        write_cache_file(target, _encode(header, b"".join(a.tobytes() for a in tables.values())))
    except OSError:
        pass  # no cache this time; the export itself is not affected


def _restore(face: Any, target: Path, info: os.stat_result) -> bool:
    """Fill ``face`` from the cache; False (face untouched) when the cache is not right."""
    blob = read_cache_file(target, MAX_CACHE_BYTES)
    if blob is None or len(blob) < len(MAGIC) + _DIGEST + 4 or not blob.startswith(MAGIC):
        return False
    digest, body = blob[len(MAGIC) : len(MAGIC) + _DIGEST], blob[len(MAGIC) + _DIGEST :]
    if hashlib.sha256(body).digest() != digest:
        return False  # truncated or damaged
    try:
        values = _decode(face, target, body, info)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, struct.error):
        return False
    if values is None:
        return False
    face.__dict__.update(values)
    return True


def _decode(face: Any, target: Path, body: bytes, info: os.stat_result) -> dict[str, Any] | None:
    (size,) = struct.unpack(">I", body[:4])
    header = json.loads(body[4 : 4 + size].decode("ascii"))
    if not isinstance(header, dict) or header.get("key") != _key(face):
        return None
    tables = body[4 + size :]
    if header.get("stat") != _stat_key(info):
        # The font file changed on the disk (or was copied): the same bytes still fit.
        if header.get("font_sha256") != hashlib.sha256(bytes(face._ttf_data)).hexdigest():
            return None
        header["stat"] = _stat_key(info)
        try:
            write_cache_file(target, _encode(header, tables))
        except OSError:
            pass
    raw_scalars = header["scalars"]
    layout = header["tables"]
    if not isinstance(raw_scalars, dict) or not isinstance(layout, dict):
        return None
    if list(layout) != list(_LAYOUT):
        return None
    values: dict[str, Any] = {str(k): _unscalar(v) for k, v in raw_scalars.items()}
    if _SKIP & set(values) or set(_TABLES) & set(values):
        return None
    arrays: dict[str, array[Any]] = {}
    offset = 0
    for name, (typecode, count) in layout.items():
        if typecode not in _LAYOUT[name] or not isinstance(count, int) or count < 0:
            return None
        a = array(typecode)
        end = offset + count * a.itemsize
        if end > len(tables):
            return None
        a.frombytes(tables[offset:end])
        arrays[name] = a
        offset = end
    if offset != len(tables):
        return None
    return _rebuild(face, values, arrays)


class _Pairs(Sequence[tuple[int, int]]):
    """``hmetrics`` as reportlab reads it (``aw, lsb = face.hmetrics[glyph]``), over two arrays."""

    def __init__(self, first: array[int], second: array[int]) -> None:
        self._first = first
        self._second = second

    def __len__(self) -> int:
        return len(self._first)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(index, slice):
            return list(zip(self._first[index], self._second[index], strict=True))
        return (self._first[index], self._second[index])


class _GlyphToChar(Mapping[int, list[int]]):
    """``glyphToChar``, built when first read: reportlab reads it only to shape text (with
    uharfbuzz, when the cache is not used), so an export never pays for 32,000 lists."""

    def __init__(self, glyphs: array[int], chars: array[int]) -> None:
        self._pairs: tuple[array[int], array[int]] | None = (glyphs, chars)
        self._built: dict[int, list[int]] = {}

    def _table(self) -> dict[int, list[int]]:
        if self._pairs is not None:
            glyphs, chars = self._pairs
            for g, c in zip(glyphs, chars, strict=True):
                self._built.setdefault(g, []).append(c)
            self._pairs = None
        return self._built

    def __getitem__(self, glyph: int) -> list[int]:
        return self._table()[glyph]

    def __iter__(self) -> Iterator[int]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _within(values: array[Any], low: float, high: float) -> bool:
    return not values or (low <= min(values) and max(values) <= high)


def _rebuild(
    face: Any, values: dict[str, Any], arrays: dict[str, array[Any]]
) -> dict[str, Any] | None:
    """The face's attributes from the cache, once they are consistent with the font file."""
    glyphs = values.get("numGlyphs")
    upem = values.get("unitsPerEm")
    if not (isinstance(glyphs, int) and 0 < glyphs <= 0xFFFF):
        return None
    if not (isinstance(upem, int) and 16 <= upem <= 16384):
        return None
    a = arrays
    same = (
        len(a["c2g_chars"]) == len(a["c2g_glyphs"]),
        len(a["w_chars"]) == len(a["w_values"]),
        len(a["g2c_glyphs"]) == len(a["g2c_chars"]),
        len(a["hm_aw"]) == len(a["hm_lsb"]) == glyphs,
        len(a["glyph_pos"]) == glyphs + 1,
    )
    # What indexes the other tables is checked (a glyph number past the font would stop the
    # export); a damaged cache is caught by its digest before this.
    in_range = (
        _within(a["c2g_glyphs"], 0, glyphs - 1),
        _within(a["glyph_pos"], 0, len(face._ttf_data)),
    )
    if not (all(same) and all(in_range)):
        return None
    values["charToGlyph"] = dict(zip(a["c2g_chars"], a["c2g_glyphs"], strict=True))
    values["charWidths"] = dict(zip(a["w_chars"], a["w_values"], strict=True))
    values["glyphToChar"] = _GlyphToChar(a["g2c_glyphs"], a["g2c_chars"])
    # Read only at the glyphs of the subset: sequences over the arrays, not 32,000 objects.
    values["hmetrics"] = _Pairs(a["hm_aw"], a["hm_lsb"])
    values["glyphPos"] = a["glyph_pos"]
    # reportlab's own scale function (a lambda it keeps on the face), rebuilt the same way.
    if upem == 1000:
        values["_pdfScale"] = lambda x: x
    else:
        factor = 1000 / upem
        values["_pdfScale"] = lambda x: x * factor
    return values
