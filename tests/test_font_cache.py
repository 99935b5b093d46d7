"""The PDF export's parsed font, cached in the user's cache folder (issue 14): the same font as a
fresh parse (the embedded subset byte for byte), and a cache file that is damaged, truncated, a
link or a pipe is never trusted: the font is parsed again and the cache written anew."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import ttfonts
from signing import sign_off_as

from govreport_gui.cli.main import main
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout import font_cache
from govreport_gui.core.ops import review
from govreport_gui.core.paths import fonts_dir
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import Draft

FONT = fonts_dir() / "GovReportSerifSC-Regular.ttf"
EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
TEXT = "政府信息公开情况统计表自治区机关事务管理局第页共（）1234567890𫖯"


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time reportlab parses a font's tables (the work the cache saves)."""
    seen: list[str] = []
    real = ttfonts.TTFontFile.extractInfo

    def counting(self: Any, charInfo: int = 1) -> None:
        seen.append(str(self.filename))
        real(self, charInfo)

    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", counting)
    return seen


@pytest.fixture()
def folder(tmp_path: Path) -> Iterator[Path]:
    cache = tmp_path / "cache"
    font_cache.configure(cache)
    yield cache
    font_cache.configure(None)


def subset_of(font: Any) -> bytes:
    codes = [ord(c) for c in TEXT]
    data: bytes = font.face.makeSubset(codes)
    return data


def same_as_parsed(font: Any, path: Path = FONT) -> None:
    """The cached face gives what a fresh parse gives: widths, glyphs and the embedded subset."""
    plain = ttfonts.TTFont("plain", str(path))
    for ch in TEXT:
        code = ord(ch)
        assert font.face.charToGlyph.get(code) == plain.face.charToGlyph.get(code)
        assert font.face.getCharWidth(code) == plain.face.getCharWidth(code)
    assert font.stringWidth(TEXT, 12) == plain.stringWidth(TEXT, 12)
    for attr in ("ascent", "descent", "capHeight", "bbox", "italicAngle", "stemV", "flags", "name"):
        assert getattr(font.face, attr) == getattr(plain.face, attr), attr
    assert len(font.face.hmetrics) == len(plain.face.hmetrics)
    assert subset_of(font) == subset_of(plain)


def cache_path(folder: Path, font: Path = FONT) -> Path:
    return font_cache.cache_file(folder, font, 0)


def test_the_first_load_writes_the_cache_and_the_next_one_parses_nothing(
    folder: Path, parses: list[str]
) -> None:
    first = font_cache.load_font("a", FONT)
    assert len(parses) == 1
    assert cache_path(folder).is_file()
    second = font_cache.load_font("b", FONT)
    assert len(parses) == 1  # from the cache
    same_as_parsed(second)
    assert subset_of(first) == subset_of(second)


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "empty", "other version", "garbage", "wrong counts"],
)
def test_a_damaged_cache_is_rebuilt_and_the_font_is_right(
    folder: Path, parses: list[str], damage: str
) -> None:
    font_cache.load_font("a", FONT)
    path = cache_path(folder)
    blob = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped byte":
        path.write_bytes(blob[:5000] + bytes([blob[5000] ^ 0xFF]) + blob[5001:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "other version":
        path.write_bytes(blob.replace(b'"format": 1', b'"format": 9', 1))
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(blob)))
    else:  # a digest made for wrong content: the checks after the digest catch it
        import hashlib
        import json
        import struct

        body = blob[len(font_cache.MAGIC) + 32 :]
        (size,) = struct.unpack(">I", body[:4])
        header = json.loads(body[4 : 4 + size])
        header["tables"]["glyph_pos"][1] -= 1
        path.write_bytes(font_cache._encode(header, body[4 + size :]))
        assert hashlib.sha256(path.read_bytes()[40:]).digest() == path.read_bytes()[8:40]
    parses.clear()
    font = font_cache.load_font("b", FONT)
    assert len(parses) == 1  # parsed again
    same_as_parsed(font)
    assert path.read_bytes() == blob  # written anew, as the first time
    parses.clear()
    font_cache.load_font("c", FONT)
    assert parses == []


@pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs as on POSIX")
def test_a_link_at_the_cache_name_is_not_followed_nor_written_through(
    folder: Path, parses: list[str], tmp_path: Path
) -> None:
    font_cache.load_font("a", FONT)
    path = cache_path(folder)
    elsewhere = tmp_path / "elsewhere.bin"
    shutil.copyfile(path, elsewhere)  # a valid cache, but reached through a link
    path.unlink()
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    parses.clear()
    font = font_cache.load_font("b", FONT)
    assert len(parses) == 1
    same_as_parsed(font)
    assert not path.is_symlink() and path.is_file()  # the link replaced by a file of ours
    assert elsewhere.read_bytes() == before  # the link's target untouched


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_at_the_cache_name_does_not_block(folder: Path, parses: list[str]) -> None:
    path = cache_path(folder)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    font = font_cache.load_font("a", FONT)
    same_as_parsed(font)
    assert path.is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="links as on POSIX")
def test_a_link_in_place_of_the_cache_folder_is_not_used(
    folder: Path, parses: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "planted"
    target.mkdir()
    folder.mkdir()
    (folder / "fonts").symlink_to(target, target_is_directory=True)
    fonts = [font_cache.load_font(name, FONT) for name in ("a", "b")]
    assert len(parses) == 2  # never cached through the link
    assert list(target.iterdir()) == []
    same_as_parsed(fonts[1])


def test_a_cache_folder_that_cannot_be_made_only_costs_the_parse(
    tmp_path: Path, parses: list[str]
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    font_cache.configure(tmp_path / "a-file" / "cache")
    try:
        same_as_parsed(font_cache.load_font("a", FONT))
    finally:
        font_cache.configure(None)


def test_the_font_moved_or_touched_with_the_same_bytes_keeps_its_cache(
    folder: Path, parses: list[str], tmp_path: Path
) -> None:
    copy = tmp_path / "fonts" / FONT.name
    copy.parent.mkdir()
    shutil.copyfile(FONT, copy)
    font_cache.load_font("a", copy)
    os.utime(copy, ns=(1_000_000_000, 1_000_000_000))  # another time stamp, same content
    parses.clear()
    font = font_cache.load_font("b", copy)
    assert parses == []  # hashed again, found the same, and used
    same_as_parsed(font, copy)


def test_another_font_under_the_same_name_is_parsed(
    folder: Path, parses: list[str], tmp_path: Path
) -> None:
    copy = tmp_path / "fonts" / FONT.name
    copy.parent.mkdir()
    shutil.copyfile(FONT, copy)
    font_cache.load_font("a", copy)
    # The same file name, other bytes: a changed glyph width in hmtx (the cache would lie).
    plain = ttfonts.TTFont("p", str(copy))
    offset = plain.face.table["hmtx"]["offset"] + 4 * plain.face.charToGlyph[ord("统")]
    data = bytearray(copy.read_bytes())
    data[offset : offset + 2] = (777).to_bytes(2, "big")
    copy.write_bytes(bytes(data))
    parses.clear()
    font = font_cache.load_font("b", copy)
    assert len(parses) == 1
    assert font.face.getCharWidth(ord("统")) == 777
    same_as_parsed(font, copy)


def test_the_cache_folder_follows_govreport_home(tmp_path: Path) -> None:
    assert settings.cache_dir() == Path(os.environ["GOVREPORT_HOME"]) / "cache"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("damage", ["none", "truncated", "link"])
def test_the_exported_pdf_is_right_whatever_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """Whole exports in new processes (the font is registered once per process): the first writes
    the cache, the second reads it (damaged or not); both PDFs have the right text."""
    doc = load_values_document(EXAMPLE)
    draft = Draft.create(tmp_path / "r.nianbao", doc.form, "填报人", doc.fields, doc.values)
    review.submit(draft)
    sign_off_as(draft, "沈涛")
    draft.close()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    texts = []
    for run in (1, 2):
        pdf = tmp_path / f"r{run}.pdf"
        result = subprocess.run(
            [sys.executable, "-m", "govreport_gui", "export", str(tmp_path / "r.nianbao"),
             "--pdf", str(pdf)],
            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        texts.append(subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
            encoding="utf-8", check=True,
        ).stdout)  # fmt: skip
        cached = cache_path(settings.cache_dir(), FONT)
        assert cached.is_file() and not cached.is_symlink()
        if damage == "truncated":
            cached.write_bytes(cached.read_bytes()[:1000])
        elif damage == "link":
            cached.unlink()
            cached.symlink_to(tmp_path / "r.nianbao")
    for text in texts:
        assert "政府信息公开情况统计表（2018年度）" in text
        assert "自治区机关事务管理局" in text
        assert "第1页共2页" in text.replace(" ", "")
    assert texts[0] == texts[1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["r1.pdf", "r2.pdf"]
    assert main  # the command line under test is the one in this checkout
