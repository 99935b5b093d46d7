"""Checks for the bundled PDF font resources/fonts/GovReportSerifSC-Regular.ttf (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT_PATH = FONT_DIR / "GovReportSerifSC-Regular.ttf"

# Noto Serif CJK 2.001 maps U+4E00..U+9FEA (20,971 code points); U+9FEB.. are newer.
MIN_URO_COVERAGE = 20_900


@pytest.fixture(scope="module")
def font() -> TTFont:
    assert FONT_PATH.is_file(), f"missing bundled font {FONT_PATH}"
    return TTFont(FONT_PATH, lazy=True)


@pytest.fixture(scope="module")
def cmap(font: TTFont) -> dict[int, str]:
    return dict(font.getBestCmap())


def test_font_and_license_files_exist() -> None:
    assert FONT_PATH.is_file()
    assert FONT_PATH.stat().st_size < 20_000_000
    ofl = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl
    assert (FONT_DIR / "README.md").is_file()


def test_truetype_outlines(font: TTFont) -> None:
    assert font.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in font
    assert "loca" in font
    assert "CFF " not in font
    assert "CFF2" not in font
    assert font["maxp"].tableVersion == 0x00010000


def test_names_and_license_notice(font: TTFont) -> None:
    name = font["name"]
    assert name.getDebugName(1) == "GovReport Serif SC"
    assert name.getDebugName(6) == "GovReportSerifSC-Regular"
    assert "Open Font License" in (name.getDebugName(13) or "")
    assert font["OS/2"].fsType == 0  # installable embedding


def test_covers_cjk_unified_ideographs(cmap: dict[int, str]) -> None:
    covered = [cp for cp in range(0x4E00, 0xA000) if cp in cmap]
    assert len(covered) >= MIN_URO_COVERAGE
    # No holes: the covered part is contiguous from U+4E00.
    assert covered == list(range(0x4E00, 0x4E00 + len(covered)))


@pytest.mark.parametrize(
    "text",
    [
        "埇桥区",
        "政府信息公开情况统计表",
        "０１２３４５６７８９",
        "（一）、。，：；“”《》",
        "—·×≤≥≠−①",
        "ABCxyz 1234.56 %",
    ],
)
def test_required_characters(cmap: dict[int, str], text: str) -> None:
    missing = [f"U+{ord(ch):04X} {ch}" for ch in text if ord(ch) not in cmap]
    assert not missing


def test_glyphs_have_outlines(font: TTFont, cmap: dict[int, str]) -> None:
    glyf = font["glyf"]
    for ch in "埇政０A":
        glyph = glyf[cmap[ord(ch)]]
        assert glyph.numberOfContours > 0, ch


def test_reportlab_can_register_and_embed(tmp_path: Path) -> None:
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics")
    ttfonts = pytest.importorskip("reportlab.pdfbase.ttfonts")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")

    pdfmetrics.registerFont(ttfonts.TTFont("GovReportSerifSC-Test", str(FONT_PATH)))
    pdf = tmp_path / "font.pdf"
    c = canvas.Canvas(str(pdf))
    c.setFont("GovReportSerifSC-Test", 12)
    c.drawString(72, 720, "政府信息公开情况统计表 埇桥区 ０１２３ 1234.56 —（一）")
    c.save()
    data = pdf.read_bytes()
    assert b"GovReportSerifSC-Regular" in data
    assert b"/FontFile2" in data  # embedded TrueType program
