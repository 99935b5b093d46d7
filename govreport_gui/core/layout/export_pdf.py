"""PDF export of a report (reportlab): A4, the official table, signatures and room for the seal.

The same grid as the Excel export (:func:`~govreport_gui.core.layout.export_xlsx.section_grid`) drawn with
platypus: GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), table text 10 pt
with wrapped labels, column headers broken in balanced lines (:mod:`textbreak`), figures
right-aligned, header rows repeated on every page, 第 X 页 共 Y 页 when there is more than one page,
and on every page of a draft 草稿（未签发） at the top right and as a watermark (an artifact that
text extraction skips), which take no room: a draft is laid out as the signed-off export.

Fonts: the system's official faces when they exist with TrueType outlines (Windows 宋体 / 黑体 /
仿宋), else the bundled GovReport Serif SC. reportlab silently drops characters a font lacks, so every
string is checked against the fonts' character maps first: a character the chosen face lacks is
printed in the bundled font (a ``<font>`` run), and a character no font has refuses the export with
the list of characters. The PDF holds only embedded subset fonts (no unembedded Helvetica).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.layout.export_xlsx import all_texts
from govreport_gui.core.layout.grid import SectionGrid, display_value, section_grid, sections
from govreport_gui.core.layout.pdf_content import INFO_KEY, embedded_content
from govreport_gui.core.layout.report import (
    DRAFT_MARK,
    ExportError,
    ReportData,
    check_exportable,
    footer_fields,
    header_lines,
    printed_footer_fields,
    signoff_lines,
    title_text,
)
from govreport_gui.core.layout.textbreak import balanced_break
from govreport_gui.core.paths import fonts_dir

MM = 72 / 25.4
MARGIN_TOP = 37 * MM
MARGIN_BOTTOM = 35 * MM
MARGIN_LEFT = 28 * MM
MARGIN_RIGHT = 26 * MM
SEAL_WIDTH = 50 * MM
SEAL_HEIGHT = 45 * MM
# Table text 10 pt on 12 pt lines in rows 14.5 pt high (about 5 mm, as a printed spreadsheet):
# the 2014 table and its signatures fit two pages.
TABLE_SIZE = 10.0
TABLE_LEADING = 12.0
CELL_PAD_TOP = 1.0
CELL_PAD_BOTTOM = 1.5
BUNDLED_NAME = "GovReportSerifSC"
BUNDLED_FILE = "GovReportSerifSC-Regular.ttf"
PAGE_TEXT = "第 {page} 页 共 {total} 页"
KEEP_MIN_ROWS = 8  # rows of the table at least on the page of the signatures, if it can be done
KEEP_MAX_ROWS = 20  # at a break before a heading (see first_kept_row)
# Marked content around the slanted draft watermark (PDF 32000-1 14.8.2.2 artifacts, 14.9.4
# ActualText): drawn, but not part of the page's text.
WATERMARK_BEGIN = (
    "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC /Span <</ActualText ()>> BDC"
)
WATERMARK_END = "EMC EMC"

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
_MAC_SUPPLEMENTAL = Path("/System/Library/Fonts/Supplemental")

# (role, reportlab name, file, sub-font index), best first. The official faces are used only when
# present with TrueType (glyf) outlines; macOS Songti.ttc usually has CFF outlines and is skipped.
SYSTEM_FONTS: list[tuple[str, str, Path, int]] = [
    ("body", "SimSun", _WINDOWS_FONTS / "simsun.ttc", 0),
    ("body", "Songti", _MAC_SUPPLEMENTAL / "Songti.ttc", 0),
    ("heading", "SimHei", _WINDOWS_FONTS / "simhei.ttf", 0),
    ("fangsong", "SimFang", _WINDOWS_FONTS / "simfang.ttf", 0),
]


class PdfGlyphError(ExportError):
    """Characters that no available font can print; ``chars`` lists them."""

    def __init__(self, chars: Sequence[str]) -> None:
        listed = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars)
        super().__init__(
            f"以下字符在可用的字体中都没有字形，打印出来会是空白，因此没有导出 PDF：{listed}。"
            "请改用常用字（或同音的规范字）后再导出。"
        )
        self.chars = list(chars)


@dataclass(frozen=True)
class FontSet:
    body: str  # table text and lines
    heading: str  # title, section titles, the draft mark
    fangsong: str  # 填报单位 line and the signatures block
    fallback: str  # the bundled font, for characters a system face lacks
    coverage: dict[str, frozenset[int]]

    def covers(self, name: str, ch: str) -> bool:
        return ord(ch) in self.coverage[name]


def has_truetype_outlines(path: Path, index: int = 0) -> bool:
    """Whether the font (or sub-font of a .ttc) has a ``glyf`` table: reads only the directory."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if index >= count:
                    return False
                handle.seek(12 + 4 * index)
                offset = struct.unpack(">I", handle.read(4))[0]
            handle.seek(offset)
            directory = handle.read(12)
            if len(directory) < 12 or directory[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False  # "OTTO": CFF outlines, which reportlab cannot embed
            tables = struct.unpack(">H", directory[4:6])[0]
            records = handle.read(16 * tables)
    except (OSError, struct.error):
        return False
    return any(records[i : i + 4] == b"glyf" for i in range(0, len(records), 16))


def register_font(name: str, path: Path, index: int) -> frozenset[int] | None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from govreport_gui.core.layout.font_cache import load_font

    if not path.is_file() or not has_truetype_outlines(path, index):
        return None
    try:
        font = load_font(name, path, index)  # the parsed tables from the cache when right
    except (TTFError, OSError, ValueError, struct.error):
        return None  # postscript outlines, embedding not permitted, a damaged file
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with characters above U+FFFF as UTF-16BE surrogate pairs.

    reportlab 4/5 writes ``<%04X>``, e.g. ``<2B5AF>`` for 𫖯 (a standard character of 通用规范汉字表,
    common in names), which PDF readers take for U+2B5A ⭚: copying, searching and pdftotext would
    give the wrong character although the right glyph is drawn. Same CMap otherwise.
    """
    pairs = [
        f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
        for code, cp in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@cache
def pdf_fonts() -> FontSet:
    """Register the fonts once per process: official system faces if usable, else bundled."""
    from reportlab.pdfbase import ttfonts

    # reportlab looks the function up in its module when it writes a subset font.
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    coverage: dict[str, frozenset[int]] = {}
    bundled = register_font(BUNDLED_NAME, fonts_dir() / BUNDLED_FILE, 0)
    if bundled is None:
        raise ExportError(f"找不到内置字体 {fonts_dir() / BUNDLED_FILE}，无法导出 PDF。")
    coverage[BUNDLED_NAME] = bundled
    chosen: dict[str, str] = {}
    for role, name, path, index in SYSTEM_FONTS:
        if role in chosen:
            continue
        found = register_font(name, path, index)
        if found is not None:
            coverage[name] = found
            chosen[role] = name
    body = chosen.get("body", BUNDLED_NAME)
    return FontSet(
        body=body,
        heading=chosen.get("heading", body),
        fangsong=chosen.get("fangsong", body),
        fallback=BUNDLED_NAME,
        coverage=coverage,
    )


def _runs(text: str, font: str, fonts: FontSet) -> list[tuple[str, str]]:
    """Split ``text`` into (font, piece) runs: the bundled font where ``font`` lacks a glyph."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        name = font
        if not ch.isspace() and not fonts.covers(font, ch) and fonts.covers(fonts.fallback, ch):
            name = fonts.fallback
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1] + ch)
        else:
            runs.append((name, ch))
    return runs


def missing_characters(texts: Iterable[str], fonts: FontSet) -> list[str]:
    """Characters none of the fonts can print (in order of first appearance)."""
    missing: dict[str, None] = {}
    for text in texts:
        for ch in text:
            if ch.isspace() or ch in missing:
                continue
            if not any(fonts.covers(name, ch) for name in fonts.coverage):
                missing[ch] = None
    return list(missing)


@cache
def _ideographic_space(font: str) -> str:
    """Paragraphs collapse U+3000 into one narrow space: no-break spaces of the same width."""
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    face = getattr(getFont(font), "face", None)
    if 0xA0 not in getattr(face, "charToGlyph", {}):
        return "\u3000"
    narrow = stringWidth("\xa0", font, 10)
    return "\xa0" * max(1, round(stringWidth("\u3000", font, 10) / narrow)) if narrow else "\u3000"


def escape(text: str) -> str:
    """``xml.sax.saxutils.escape``, without importing it (it brings urllib and http: 12 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, font: str, fonts: FontSet) -> str:
    """Paragraph markup for ``text``: escaped, line breaks kept, fallback runs in <font> tags."""
    parts: list[str] = []
    for name, piece in _runs(text, font, fonts):
        body = escape(piece).replace("\n", "<br/>")
        if "\u3000" in body:
            body = body.replace("\u3000", _ideographic_space(name))
        parts.append(body if name == font else f'<font name="{name}">{body}</font>')
    return "".join(parts)


def draw_runs(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    fonts: FontSet,
    align: str = "left",
) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = _runs(text, font, fonts)
    width = sum(stringWidth(piece, name, size) for name, piece in runs)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    for name, piece in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, name, size)


def _title_lines(data: ReportData, width: float, fonts: FontSet) -> str:
    """The title; too long for one line, it breaks after the unit's name, as published reports
    set it (淮安市人民政府 / 2024年政府信息公开工作年度报告), not at whatever character is last."""
    title = title_text(data)
    unit = data.unit.strip()
    size = TableStyles.TITLE_SIZE
    if unit and title.startswith(unit) and _runs_width(title, size, fonts, fonts.heading) > width:
        return f"{unit}\n{title[len(unit) :]}"
    return title


def _runs_width(text: str, size: float, fonts: FontSet, font: str = "") -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = _runs(text, font or fonts.body, fonts)
    return float(sum(stringWidth(piece, name, size) for name, piece in runs))


# ---------------------------------------------------------------------------------------------


def export_pdf(data: ReportData, path: str | Path, draft_mode: bool = False) -> Path:
    """Write the report as an A4 PDF; returns the path written.

    Refuses (:class:`~govreport_gui.core.layout.export_xlsx.ExportRefused`) unless signed off and unchanged
    since, or ``draft_mode``; refuses (:class:`PdfGlyphError`) when a character cannot be printed.
    """
    fonts = _checked_fonts(data, draft_mode)
    return write_export(
        Path(path), lambda tmp: _build(data, draft_mode, fonts, str(tmp)), "其他程序"
    )


def render_pdf(data: ReportData, draft_mode: bool = False) -> bytes:
    """The bytes :func:`export_pdf` writes, made in memory (refuses as it does): a PDF drawn in
    another process is written by :func:`write_pdf` (``core/ops/pdf_beside.py``)."""
    import io

    fonts = _checked_fonts(data, draft_mode)
    buffer = io.BytesIO()
    _build(data, draft_mode, fonts, buffer)
    return buffer.getvalue()


def write_pdf(path: str | Path, content: bytes) -> Path:
    """Write the bytes of :func:`render_pdf` as :func:`export_pdf` writes its file."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_export(Path(path), write, "其他程序")


def _checked_fonts(data: ReportData, draft_mode: bool) -> FontSet:
    """The fonts, once the report may be exported and every character can be printed."""
    check_exportable(data, draft_mode)
    fonts = pdf_fonts()
    texts = [
        *all_texts(data, draft_mode),
        DRAFT_MARK,
        PAGE_TEXT.format(page=0, total=0),
        running_text(data),
    ]
    texts.extend(f.print_label for f in footer_fields(data.form))
    missing = missing_characters(texts, fonts)
    if missing:
        raise PdfGlyphError(missing)
    return fonts


def draw_pdf(data: ReportData, canvas_base: type, draft_mode: bool = False) -> None:
    """Lay the report out exactly as :func:`export_pdf` does, but draw the pages through
    ``canvas_base`` (a subclass of reportlab's ``Canvas``) instead of into a file: printing
    (``gui/print_canvas.py``) paints the very pages of the export. Refuses as export_pdf does."""
    import io

    _build(data, draft_mode, _checked_fonts(data, draft_mode), io.BytesIO(), canvas_base)


class TableStyles:
    TITLE_SIZE = 18

    def __init__(self, fonts: FontSet) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        def style(name: str, font: str, size: float, leading: float, **kw: Any) -> Any:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                leading=leading,
                wordWrap="CJK",
                bulletFontName=font,
                **kw,
            )

        self.title = style(
            "title", fonts.heading, self.TITLE_SIZE, 26, alignment=TA_CENTER, spaceAfter=4
        )
        self.line = style("line", fonts.fangsong, 12, 20, alignment=TA_LEFT, spaceBefore=4)
        self.section = style(
            "section", fonts.heading, 14, 20, spaceBefore=10, spaceAfter=6, keepWithNext=1
        )
        self.cell = style("cell", fonts.body, TABLE_SIZE, TABLE_LEADING, alignment=TA_LEFT)
        self.center = style("center", fonts.body, TABLE_SIZE, TABLE_LEADING, alignment=TA_CENTER)
        self.right = style("right", fonts.body, TABLE_SIZE, TABLE_LEADING, alignment=TA_RIGHT)
        self.note = style("note", fonts.body, 9, 11.5, alignment=TA_LEFT)
        self.sign_field = style("sign_field", fonts.fangsong, 12, 21, alignment=TA_LEFT)
        self.seal = style(
            "seal", fonts.body, 9, 12, alignment=TA_CENTER, textColor=colors.HexColor("#808080")
        )
        self.signoff = style(
            "signoff", fonts.body, 8, 11, alignment=TA_LEFT, textColor=colors.HexColor("#404040")
        )


def _build(
    data: ReportData,
    draft_mode: bool,
    fonts: FontSet,
    filename: Any,
    canvas_base: type | None = None,
) -> None:
    from reportlab.lib.pagesizes import A4

    from govreport_gui.core.layout.platypus_import import import_platypus

    import_platypus()  # before reportlab.platypus is first imported: see that module
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = TableStyles(fonts)
    width = A4[0] - MARGIN_LEFT - MARGIN_RIGHT

    def para(text: str, style: Any) -> Any:
        return Paragraph(markup(text, style.fontName, fonts), style)

    # A draft is marked at the top right of every page and by the watermark (see PageDecor); no
    # extra line under the title, so a draft is laid out as the signed-off export.
    story: list[Any] = [para(_title_lines(data, width, fonts), styles.title)]
    story.extend(para(text, styles.line) for text in header_lines(data))
    story.append(Spacer(1, 3 * MM))
    # The signatures block is the last row of the last table, kept together with the table's last
    # rows: it never stands alone on a page of its own (where it could be put under another table).
    closing = [
        Spacer(1, 6 * MM),
        _signatures(data, width, styles, fonts),
        Spacer(1, 3 * MM),
        *[para(t, styles.signoff) for t in signoff_lines(data, draft_mode)],
    ]
    parts = sections(data.form)
    for index, section in enumerate(parts):
        if section.title:
            story.append(para(section.title, styles.section))
        grid = section_grid(section, data.form, data.values)
        last = index == len(parts) - 1
        story.append(section_table(grid, width, styles, fonts, closing if last else None))

    signoff = data.signoff if not draft_mode else None
    keywords = f"govreport form={data.form.id}"
    if signoff is not None:
        keywords += f" fingerprint={signoff.fingerprint}"
        if signoff.signature:  # the digital signature, to check the PDF without the draft
            keywords += (
                f" content_version={signoff.content_version} digests={signoff.digests}"
                f" signature={signoff.signature} public_key={signoff.public_key}"
                f" key_fingerprint={signoff.key_fingerprint.replace(' ', '')}"
            )
    doc = SimpleDocTemplate(
        filename,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title_text(data) + (f"（{DRAFT_MARK}）" if draft_mode else ""),
        author=data.unit,
        subject=data.form.title,
        keywords=keywords,
        creator=f"govreport {__version__}",
        initialFontName=fonts.body,
        initialFontSize=TABLE_SIZE,
        # No clock in a signed export: `govreport verify` draws the PDF again from the signed
        # content and compares the bytes (core/ops/verify_pdf.py). Invariant mode derives the
        # document id from the content; the dates are set to the signing time by the canvas.
        invariant=0 if signoff is None else 1,
    )
    decor = PageDecor(fonts, draft_mode, running_text(data), signoff.at if signoff else "")
    # The signed content itself, so that verify can redraw the PDF without the draft.
    decor.embedded = embedded_content(data) if signoff is not None else ""
    doc.build(
        story,
        onFirstPage=decor.page,
        onLaterPages=decor.page,
        canvasmaker=decor.canvas_class(canvas_base),
    )


def section_table(
    grid: SectionGrid,
    width: float,
    styles: TableStyles,
    fonts: FontSet,
    closing: list[Any] | None = None,
    keep_rows: int = 3,
) -> Any:
    """The section as one reportlab Table; ``closing`` flowables go in an extra, unruled last row
    that is never separated from the table's last rows (see :func:`first_kept_row`)."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    total_units = sum(grid.col_units)
    col_widths = [width * u / total_units for u in grid.col_units]
    matrix: list[list[Any]] = [["" for _ in range(grid.ncols)] for _ in range(grid.nrows)]
    last_row = grid.nrows - 1
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, last_row), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
        ("FONTNAME", (0, 0), (-1, -1), fonts.body),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
    ]

    def para(text: str, style: Any) -> Any:
        return Paragraph(markup(text, style.fontName, fonts), style)

    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(
                (
                    "SPAN",
                    (cell.col, cell.row),
                    (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1),
                )
            )
        avail = sum(col_widths[cell.col : cell.col + cell.colspan]) - 6
        content: Any = ""
        if cell.role == "block":
            content = para(cell.text, styles.center)
        elif cell.role == "stub":
            parts = []
            if cell.text:
                parts.append(para(cell.text, styles.center))
            if cell.note:
                parts.append(para(cell.note, styles.note))
            content = parts if len(parts) > 1 else (parts[0] if parts else "")
        elif cell.role in ("unit_head", "group", "label"):
            # 商业 / 企业 rather than the greedy 商业企 / 业 (the same breaks as the Excel export)
            per_line = int((avail + 0.01) // stringWidth("国", fonts.body, TABLE_SIZE))
            text = "\n".join(balanced_break(cell.text, per_line))
            content = para(text, styles.center) if text else ""
        elif cell.role == "unit":
            content = para(cell.text, styles.center) if cell.text else ""
        elif cell.role == "row_label":
            row = cell.row_def
            assert row is not None
            indent = row.indent * TABLE_SIZE
            style = styles.cell
            if indent:
                from reportlab.lib.styles import ParagraphStyle

                style = ParagraphStyle(f"indent{row.indent}", parent=styles.cell, leftIndent=indent)
            content = para(cell.text, style) if cell.text else ""
        elif cell.role == "value" and cell.value is not None:
            text = display_value(cell.value)
            size = TABLE_SIZE
            while size > 6 and stringWidth(text, fonts.body, size) > avail:
                size -= 0.5
            style = styles.right
            if size < TABLE_SIZE:
                from reportlab.lib.styles import ParagraphStyle

                style = ParagraphStyle(
                    f"right{size}", parent=styles.right, fontSize=size, leading=size * 1.3
                )
            content = para(text, style)
        matrix[cell.row][cell.col] = content
    repeat: int | tuple[int, ...] = 0
    if len(grid.header_rows) == 1:
        first, last = grid.header_rows[0]
        repeat = last + 1 if first == 0 else tuple(range(first, last + 1))
    # No heading row (一、主动公开情况, 第二十条第（一）项) alone at the bottom of a page.
    headings = sorted(
        {
            c.row
            for c in grid.cells
            if c.role == "block" or (c.role == "row_label" and c.row_def and c.row_def.heading)
        }
    )
    header_end = {first: last for first, last in grid.header_rows}
    for heading in headings:
        end = heading + 1
        if heading + 1 in header_end:  # a block title: keep it with its header and first row
            end = header_end[heading + 1] + 1
        if end <= last_row:
            commands.append(("NOSPLIT", (0, heading), (-1, end)))
    if closing:
        matrix.append([closing] + [""] * (grid.ncols - 1))
        tail = grid.nrows
        first_kept = first_kept_row(last_row, grid.header_rows[-1][1] + 1, headings, keep_rows)
        commands += [
            ("SPAN", (0, tail), (-1, tail)),
            ("VALIGN", (0, tail), (-1, tail), "TOP"),
            ("LEFTPADDING", (0, tail), (-1, tail), 0),
            ("RIGHTPADDING", (0, tail), (-1, tail), 0),
            ("TOPPADDING", (0, tail), (-1, tail), 0),
            ("BOTTOMPADDING", (0, tail), (-1, tail), 0),
            ("NOSPLIT", (0, first_kept), (-1, tail)),
        ]
    table = Table(matrix, colWidths=col_widths, repeatRows=repeat, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table


def first_kept_row(
    last_row: int,
    body_start: int,
    headings: Iterable[int],
    keep_rows: int = 3,
    min_rows: int = KEEP_MIN_ROWS,
    max_rows: int = KEEP_MAX_ROWS,
) -> int:
    """The first row of the table kept on the page of the signatures block.

    When the table and the signatures do not fit on one page, the page break goes before a
    heading, so that the last page holds a whole part of the table (for the 2014 form 八、and 九、,
    eleven rows) rather than a leftover of three or four rows: the last heading with at least
    ``min_rows`` rows from it to the end (at most ``max_rows``, so the group always fits a page).
    Without such a heading, the last ``keep_rows`` rows and the headings just above them.
    """
    for heading in sorted(headings, reverse=True):
        rows = last_row - heading + 1
        if heading < body_start or rows > max_rows:
            break
        if rows >= min_rows:
            return heading
    first = max(body_start, last_row - keep_rows + 1)
    marks = set(headings)
    while first - 1 in marks and first - 1 >= body_start:
        first -= 1
    return first


def _signatures(data: ReportData, width: float, styles: TableStyles, fonts: FontSet) -> Any:
    """单位负责人 … 填报日期 at the left, a 45 mm high area for the seal at the right."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    left = [
        Paragraph(
            markup(
                f"{f.print_label}：{data.fields.get(f.key, '')}", styles.sign_field.fontName, fonts
            ),
            styles.sign_field,
        )
        for f in printed_footer_fields(data)
    ]
    seal = Paragraph(markup("（单位盖章）", styles.seal.fontName, fonts), styles.seal)
    # At least the seal's height, more when long entries wrap: a fixed height let a long footer
    # run over the lines printed under it (the 草稿 note, the sign-off).
    needed = sum(p.wrap(width - SEAL_WIDTH, 10_000)[1] for p in left)
    table = Table(
        [[left, seal]],
        colWidths=[width - SEAL_WIDTH, SEAL_WIDTH],
        rowHeights=[max(SEAL_HEIGHT, needed + 2)],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),  # else reportlab adds Helvetica
                ("VALIGN", (0, 0), (0, 0), "TOP"),
                ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def running_text(data: ReportData) -> str:
    """Whose report and which year, under the table of every page (a loose page still says)."""
    unit = data.unit.strip() or "（未填填报单位）"
    year = f"{data.year}年度" if data.year else "（未填年度）"
    return f"{unit}　{year}"


def _info_with(info: Any, embedded: str) -> Any:
    """reportlab's document information with one more key, :data:`pdf_content.INFO_KEY`
    (reportlab writes a fixed set of keys; its ``format`` is followed here, plus ours)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString

    class Info(PDFInfo):  # type: ignore[misc]
        def format(self, document: Any) -> Any:
            text = super().format(document)
            extra = PDFDictionary({INFO_KEY: PDFString(embedded)}).format(document)
            # Both are ``<<\n… >>``: ours goes in before the closing ``>>``.
            return text.rstrip()[:-2] + extra.strip()[2:]

    extended = Info()
    extended.__dict__.update(info.__dict__)  # whatever the canvas has set on it so far
    return extended


def date_at(stamp: Any, at: str) -> None:
    """Set reportlab's time stamp (the PDF's CreationDate and ModDate) to ``at`` in UTC: a
    signed export is dated by its sign-off, so the same sign-off gives the same bytes."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return  # the invariant mode's fixed date stands
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    stamp.t = when.replace(tzinfo=dt.UTC).timestamp()
    stamp.lt = when.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"


class PageDecor:
    """What is drawn on every page: the draft watermark, and at the foot of every page the unit,
    the year and 第 X 页 共 Y 页 (drawn at the end, when the page count is known)."""

    def __init__(
        self, fonts: FontSet, draft_mode: bool, running: str = "", signed_at: str = ""
    ) -> None:
        self.fonts = fonts
        self.draft_mode = draft_mode
        self.running = running
        self.signed_at = signed_at
        self.embedded = ""  # pdf_content.embedded_content, written under its own Info key

    def page(self, canvas: Any, doc: Any) -> None:
        if not self.draft_mode:
            return
        from reportlab.lib import colors

        page_w, page_h = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
        canvas.translate(page_w / 2, page_h / 2)
        canvas.rotate(40)
        # The slanted mark is decoration, not text: as a watermark artifact with an empty
        # ActualText, text extraction and copying (pdftotext, viewers, screen readers) skip it
        # instead of mixing its characters, one per line, into the lines around it.
        canvas.addLiteral(WATERMARK_BEGIN)
        draw_runs(canvas, 0, -20, DRAFT_MARK, self.fonts.heading, 64, self.fonts, "center")
        canvas.addLiteral(WATERMARK_END)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#C00000"))
        draw_runs(
            canvas,
            page_w - MARGIN_RIGHT,
            page_h - 20 * MM,
            DRAFT_MARK,
            self.fonts.heading,
            12,
            self.fonts,
            "right",
        )
        canvas.restoreState()

    def canvas_class(self, base: type | None = None) -> Any:
        from reportlab.pdfgen.canvas import Canvas

        decor = self

        class NumberedCanvas(base or Canvas):  # type: ignore[misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["initialFontName"] = decor.fonts.body
                kwargs["initialFontSize"] = TABLE_SIZE
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []
                document = getattr(self, "_doc", None)
                if decor.signed_at and document is not None:
                    date_at(document._timeStamp, decor.signed_at)
                if decor.embedded and document is not None:
                    document.info = _info_with(document.info, decor.embedded)

            def showPage(self) -> None:
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    page_w = self._pagesize[0]
                    text = PAGE_TEXT.format(page=self._pageNumber, total=total)
                    self.setFillColorRGB(0, 0, 0)
                    if decor.running:
                        # In the bottom margin, under the table and above the page number;
                        # a long unit name is set smaller to stay on one line.
                        room = page_w - MARGIN_LEFT - MARGIN_RIGHT
                        size = 9.0
                        while size > 6 and _runs_width(decor.running, size, decor.fonts) > room:
                            size -= 0.5
                        draw_runs(
                            self,
                            page_w / 2,
                            MARGIN_BOTTOM - 8 * MM,
                            decor.running,
                            decor.fonts.body,
                            size,
                            decor.fonts,
                            "center",
                        )
                    draw_runs(
                        self,
                        page_w / 2,
                        MARGIN_BOTTOM - 14 * MM,
                        text,
                        decor.fonts.body,
                        10.5,
                        decor.fonts,
                        "center",
                    )
                    super().showPage()
                super().save()

        return NumberedCanvas
