"""Checks for the bundled PDF font resources/fonts/GovReportSerifSC-Regular.ttf (no Qt)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from test_export import example, make_draft, pdftotext, read_data, squeeze

from govreport_gui.core.layout.export_pdf import export_pdf

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT_PATH = FONT_DIR / "GovReportSerifSC-Regular.ttf"

# Noto Serif CJK 2.001 maps U+4E00..U+9FEA (20,971 code points); U+9FEB.. are newer.
MIN_URO_COVERAGE = 20_900

# Standard characters of 通用规范汉字表 (2013) outside the BMP, used in personal and place names:
# 𫖯 U+2B5AF (Ext C), 𬭚 U+2CB5A, 𬌗 U+2C317, 𬍛 U+2C35B, 𬘡 U+2C621, 𬶋 U+2CD8B (Ext E), 𫄨 U+2B128
# (Ext C); and U+FA11 﨑 (CJK Compatibility Ideographs).
SMP_NAME_CHARS = "𫖯𬭚𬌗𬍛𬘡𫄨𬶋"
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts"))


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


def test_covers_cjk_extensions_b_to_f(cmap: dict[int, str]) -> None:
    # Noto Serif CJK SC 2.001 maps 2,248 code points in Ext B..F (2,057 of them in Ext B).
    extensions = [cp for cp in range(0x20000, 0x2EBF0) if cp in cmap]
    assert len(extensions) >= 2_200
    assert sum(1 for cp in range(0xF900, 0xFB00) if cp in cmap) >= 300
    assert sum(1 for cp in range(0x2F800, 0x2FA20) if cp in cmap) >= 50
    # ...while U+20000 is not in the SC face: test_export.py uses it as a character no font has.
    assert 0x20000 not in cmap


@pytest.mark.parametrize(
    "text",
    [
        SMP_NAME_CHARS,
        "﨑",
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
    for ch in "埇政０A﨑" + SMP_NAME_CHARS:
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


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")
def test_pdf_export_prints_characters_outside_the_bmp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    doc = example()
    unit = "𬭚𬌗县人民政府办公室"
    fields = dict(doc.fields, unit=unit, head="刘𫖯", preparer="王𬍛﨑")
    data = read_data(make_draft(tmp_path / "smp.nianbao", doc.form, fields, doc.values))
    path = export_pdf(data, tmp_path / "smp.pdf")  # not refused: the bundled font has them
    flat = squeeze(pdftotext(path))
    assert f"填报单位（盖章）：{unit}" in flat
    for text in ("刘𫖯", "王𬍛﨑"):
        assert text in flat, text
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert any("GovReportSerifSC-Regular" in row for row in rows)
    for row in rows:
        assert "+" in row.split()[0], row  # subset prefix ABCDEF+
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # emb sub uni
