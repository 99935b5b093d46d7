#!/usr/bin/env python3
"""Build the bundled CJK font ``resources/fonts/GovReportSerifSC-Regular.ttf``.

reportlab can only embed TrueType (``glyf``) fonts, while Noto Serif CJK ships
with CFF outlines (``.otf`` / ``.ttc``).  This script

1. opens the source font (picking the Simplified Chinese face from a TTC by its
   name table),
2. subsets it to the code points a Chinese government report needs (ASCII,
   Latin-1, punctuation, symbols, CJK punctuation, full-width forms, the whole
   CJK Unified Ideographs block, Extension A, CJK Compatibility Ideographs, and
   outside the BMP Extensions B–F and the Compatibility Ideographs Supplement,
   where the standard characters of 通用规范汉字表 such as 𫖯 𬭚 𬌗 live; the
   output gets a format 12 ``cmap`` next to the format 4 one),
3. converts the cubic CFF outlines to quadratic TrueType outlines with
   ``fontTools.pens.cu2quPen.Cu2QuPen`` + ``TTGlyphPen`` (``glyf``/``loca``,
   ``maxp`` 1.0, ``post`` format 3, no ``CFF``),
4. renames the family to "GovReport Serif SC" while keeping the copyright and
   SIL Open Font License notices in the ``name`` table, and
5. writes the result deterministically (timestamps are copied from the source
   font, so re-running with the same source and fontTools gives the same bytes).

Usage::

    python packaging/make_font.py [SOURCE] [-o OUTPUT]

The default source is Debian's ``fonts-noto-cjk`` package
(``/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
DEFAULT_OUTPUT = REPO_ROOT / "resources" / "fonts" / "GovReportSerifSC-Regular.ttf"

FAMILY_NAME = "GovReport Serif SC"
STYLE_NAME = "Regular"
PS_NAME = "GovReportSerifSC-Regular"

# Maximum deviation (font units, 1000 UPM) allowed when approximating the cubic
# curves with quadratic ones.  1.0 is what fontmake uses (0.001 * UPM).
DEFAULT_MAX_ERR = 1.0

# Inclusive code point ranges to keep.  Anything the source font does not map is
# silently skipped.
UNICODE_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "Basic Latin (ASCII)"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x01CD, 0x01DC, "Pinyin letters with caron (Latin Extended-B)"),
    (0x02C6, 0x02DD, "Spacing modifier letters (ˇ ˉ ˊ ˋ ˙ …)"),
    (0x0391, 0x03C9, "Greek (GB 2312 subset)"),
    (0x0401, 0x0451, "Cyrillic (GB 2312 subset)"),
    (0x2000, 0x2BFF, "Punctuation, letterlike, arrows, math, enclosed alnum, symbols"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3200, 0x33FF, "Enclosed CJK Letters and Months, CJK Compatibility (㈠ ㎡ …)"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs (﨑 …)"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
    (0xFFFD, 0xFFFD, "Replacement character"),
    # Outside the BMP: the standard characters of 通用规范汉字表 (2013) that Unicode
    # put in the extensions (𫖯 𬭚 𬌗 𬍛 𬘡 𫄨 𬶋 …, in personal and place names).
    (0x20000, 0x2A6DF, "CJK Unified Ideographs Extension B"),
    (0x2A700, 0x2B73F, "CJK Unified Ideographs Extension C"),
    (0x2B740, 0x2B81F, "CJK Unified Ideographs Extension D"),
    (0x2B820, 0x2CEAF, "CJK Unified Ideographs Extension E"),
    (0x2CEB0, 0x2EBEF, "CJK Unified Ideographs Extension F"),
    (0x2F800, 0x2FA1F, "CJK Compatibility Ideographs Supplement"),
)

# Tables that are useless for PDF embedding / plain horizontal text and only add
# size (VORG is CFF-only; the layout tables would pull in thousands of
# alternate glyphs through the GSUB closure).
DROP_TABLES = ("VORG", "BASE", "GDEF", "GSUB", "GPOS", "vhea", "vmtx")

SC_FACE = re.compile(r"(\bSC\b|CJKsc|SerifSC|SansSC)")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _debug_names(font: TTFont) -> list[str]:
    name = font["name"]
    names = [name.getDebugName(i) for i in (16, 1, 4, 6)]
    return [n for n in names if n]


def find_sc_face(path: Path) -> int:
    """Return the index of the Simplified Chinese face of a font collection."""
    index = 0
    while True:
        try:
            font = TTFont(path, fontNumber=index, lazy=True)
        except Exception:  # IndexError/TTLibError past the last face
            break
        try:
            names = _debug_names(font)
        finally:
            font.close()
        if any(SC_FACE.search(n) for n in names):
            return index
        index += 1
    raise SystemExit(f"no Simplified Chinese (SC) face found in {path}")


def load_source(path: Path, face: int | None) -> TTFont:
    is_collection = path.read_bytes()[:4] == b"ttcf"
    if is_collection:
        number = find_sc_face(path) if face is None else face
        font = TTFont(path, fontNumber=number, lazy=False)
        log(f"source: {path} face #{number}: {', '.join(_debug_names(font))}")
    else:
        font = TTFont(path, lazy=False)
        log(f"source: {path}: {', '.join(_debug_names(font))}")
    # Keep the source timestamps: this makes the output reproducible.
    font.recalcTimestamp = False
    return font


def wanted_codepoints(font: TTFont) -> list[int]:
    cmap: Mapping[int, str] = font.getBestCmap()
    return sorted(cp for lo, hi, _ in UNICODE_RANGES for cp in range(lo, hi + 1) if cp in cmap)


def subset_font(font: TTFont, codepoints: Iterable[int]) -> None:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.recommended_glyphs = True
    options.glyph_names = False
    options.hinting = False  # PostScript hints are meaningless after conversion
    options.desubroutinize = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)


def glyphs_to_quadratic(font: TTFont, max_err: float) -> dict[str, Glyph]:
    glyph_set = font.getGlyphSet()
    quad: dict[str, Glyph] = {}
    for name in font.getGlyphOrder():
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        quad[name] = tt_pen.glyph(dropImpliedOnCurves=True)
    return quad


def cff_to_glyf(font: TTFont, max_err: float) -> None:
    """Replace the CFF table by glyf/loca (after fontTools' otf2ttf snippet)."""
    if "CFF " not in font:
        if "glyf" in font:
            log("source already has TrueType outlines, skipping conversion")
            return
        raise SystemExit("source font has neither CFF nor glyf outlines (CFF2 unsupported)")

    glyph_order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs_to_quadratic(font, max_err)
    del font["CFF "]
    for tag in ("VORG",):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes bounding boxes

    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.numGlyphs = len(glyph_order)
    maxp.compile(font)

    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab doesn't need them
    post.extraNames = []
    post.mapping = {}

    head = font["head"]
    head.glyphDataFormat = 0

    gasp = font["gasp"] = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: 0x000F}  # unhinted: smooth + symmetric at all sizes

    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, source_label: str) -> None:
    name = font["name"]
    version = f"{font['head'].fontRevision:.3f}"
    copyright_ = name.getDebugName(0) or ""
    description = name.getDebugName(10) or ""
    license_ = name.getDebugName(13) or ""

    # Drop every family/style/unique/PostScript/typographic name record, in all
    # languages, then write fresh English ones.
    name.names = [r for r in name.names if r.nameID not in (1, 2, 3, 4, 5, 6, 10, 16, 17, 18)]
    new_description = (
        f"{FAMILY_NAME} is a Modified Version of {source_label} (SIL Open Font License 1.1), "
        "subset and converted to TrueType outlines for PDF embedding by govreport's "
        "packaging/make_font.py. Original description: " + description
    )
    records = {
        1: FAMILY_NAME,
        2: STYLE_NAME,
        3: f"{version};GOVREPORT;{PS_NAME}",
        4: f"{FAMILY_NAME} {STYLE_NAME}" if STYLE_NAME != "Regular" else FAMILY_NAME,
        5: f"Version {version}; TrueType conversion of {source_label}",
        6: PS_NAME,
        10: new_description,
    }
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)
    if not copyright_ or not license_:
        raise SystemExit("source font lacks copyright (name ID 0) or license (ID 13) notice")
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))

    font["OS/2"].fsType = 0  # OFL: installable embedding


def build(source: Path, output: Path, face: int | None, max_err: float) -> None:
    started = time.perf_counter()
    font = load_source(source, face)
    source_label = font["name"].getDebugName(1) or source.stem
    codepoints = wanted_codepoints(font)
    log(f"keeping {len(codepoints)} code points")
    for lo, hi, label in UNICODE_RANGES:
        count = sum(1 for cp in codepoints if lo <= cp <= hi)
        log(f"  U+{lo:04X}..U+{hi:04X} {label}: {count}")

    subset_font(font, codepoints)
    log(f"subset to {len(font.getGlyphOrder())} glyphs ({time.perf_counter() - started:.1f}s)")

    cff_to_glyf(font, max_err)
    log(f"converted to TrueType ({time.perf_counter() - started:.1f}s)")

    rename(font, source_label)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False
    font.save(output)
    size = output.stat().st_size
    log(f"wrote {output} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"Noto Serif CJK / Noto Serif SC font (.otf/.ttc, CFF) (default: {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output .ttf path"
    )
    parser.add_argument(
        "--face", type=int, default=None, help="TTC face index (default: the SC face by name)"
    )
    parser.add_argument(
        "--max-err",
        type=float,
        default=DEFAULT_MAX_ERR,
        help=f"max cubic→quadratic approximation error in font units (default {DEFAULT_MAX_ERR})",
    )
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.error(f"source font not found: {args.source} (apt-get install fonts-noto-cjk)")
    build(args.source, args.output, args.face, args.max_err)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
