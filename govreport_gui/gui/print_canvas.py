"""The pages of the PDF export, painted with a QPainter (on a printer, or in the print preview).

:func:`govreport_gui.core.layout.export_pdf.draw_pdf` lays the report out exactly as the export does and
draws through a reportlab canvas it is given. :class:`PageRecorder` is that canvas: reportlab's own
``Canvas`` (so that platypus, the page numbers and the draft mark work unchanged), which keeps each
finished page's drawing operators instead of writing a file. :func:`paint_page` then paints those
operators with a QPainter, in points, with the same fonts, so that what is printed is the export
page for page, and text stays text (a printer's PDF output can be searched and copied like the
export).

Why the page's operators rather than a copy of each canvas method: platypus paragraphs draw through
reportlab's text objects (``_textOut``, ``setXPos``, ``T*`` line moves, font runs) and tables through
``line``/``rect``/``saveState``/``translate``; every one of them ends up as one of the few PDF
operators below, so painting these operators paints everything the export draws, whichever method
drew it. Operators reportlab does not produce for our pages (images, shadings) are ignored.

The draft watermark is marked content (an ``/Artifact``, skipped by text extraction in the export):
it is painted as outlines, so that it is not text in a printed PDF either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

# Glyphs are laid out at this pixel size and scaled down to the font size: QFont sizes are whole
# pixels, the PDF's are fractions of a point (10.5 pt).
_GLYPH_UNITS = 1000.0

_TOKEN = re.compile(
    rb"""
    (?P<string>\((?:\\.|[^\\)])*\))      # (text), reportlab escapes ( ) and \\ inside
  | (?P<dict><<.*?>>)                    # a marked-content property list (flat)
  | (?P<array>\[[^\]]*\])                # [dash] or a TJ array
  | (?P<name>/[^\s/\[\]()<>]+)
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[A-Za-z'"*]+)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}


def _unescape(raw: bytes) -> bytes:
    """The bytes of a PDF literal string (without its parentheses)."""
    out = bytearray()
    i = 0
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt.isdigit():
            digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            assert digits is not None
            out.append(int(digits.group(), 8) & 0xFF)
            i += 1 + len(digits.group())
        else:
            out.append(_ESCAPES.get(nxt, nxt[0] if nxt else 0x5C))
            i += 2
    return bytes(out)


@dataclass
class RecordedPage:
    width: float  # points
    height: float
    code: list[str]
    # ExtGState names of the page (/gRLs0 gs) and their parameters: the watermark's transparency.
    extgstates: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Recording:
    """The pages of one layout, and what is needed to read their text back."""

    pages: list[RecordedPage] = field(default_factory=list)
    doc: Any = None  # reportlab's PDFDocument: it numbers the fonts' subsets


def recorder_class(recording: Recording) -> type:
    """A reportlab ``Canvas`` class whose finished pages go into ``recording``."""
    from reportlab.pdfgen.canvas import Canvas

    class PageRecorder(Canvas):  # type: ignore[misc]
        def showPage(self) -> None:
            width, height = self._pagesize
            states: dict[str, dict[str, Any]] = {}
            for (key, value), name in self._extgstate._c.items():
                states.setdefault(name, {})[key] = value
            page = RecordedPage(float(width), float(height), list(self._code), states)
            recording.pages.append(page)
            recording.doc = self._doc
            super().showPage()

        def save(self) -> None:
            if self._code:
                self.showPage()
            # No file: the pages are painted by paint_page.

    return PageRecorder


def record_report(data: Any, draft_mode: bool) -> Recording:
    """Lay the report out as the PDF export does and keep its pages (ExportError as export_pdf)."""
    from govreport_gui.core.layout.export_pdf import draw_pdf

    recording = Recording()
    draw_pdf(data, recorder_class(recording), draft_mode=draft_mode)
    return recording


# -- fonts -----------------------------------------------------------------------------------------


_font_ids: dict[str, int] = {}  # the export's font files registered with Qt now
_painting = 0  # how many paintings (or open previews) need them


@contextmanager
def fonts_for_printing() -> Iterator[None]:
    """The export's font files are registered with Qt only while pages are painted (or a preview
    shows them). A registered application font joins Qt's fallback for Chinese text: left
    registered, the window's own labels and tool bar would switch to the print font after the
    first print (wider: the tool bar no longer fits a 1024-pixel screen)."""
    global _painting
    _painting += 1
    try:
        yield
    finally:
        _painting -= 1
        if _painting == 0:
            for font_id in _font_ids.values():
                QFontDatabase.removeApplicationFont(font_id)
            _font_ids.clear()


def _qt_family(path: str, index: int) -> str:
    """The Qt family of a font file used by the export (registered with Qt until the painting
    ends: :func:`fonts_for_printing`)."""
    if path not in _font_ids:
        font_id = QFontDatabase.addApplicationFont(path)
        if font_id < 0:
            return ""
        _font_ids[path] = font_id
    families = QFontDatabase.applicationFontFamilies(_font_ids[path])
    if not families:
        return ""
    return families[index] if index < len(families) else families[0]


@dataclass(frozen=True)
class _PdfFont:
    name: str  # reportlab's font name
    chars: tuple[int, ...]  # the subset: code -> Unicode code point
    family: str


def _resolve_font(recording: Recording, internal: str) -> _PdfFont | None:
    """``/F1+0`` -> the reportlab font F1 is and the characters of its subset 0."""
    from reportlab.pdfbase import pdfmetrics

    base, _, subset = internal.lstrip("/").partition("+")
    doc = recording.doc
    for font_name, mapped in getattr(doc, "fontMapping", {}).items():
        if mapped.lstrip("/") != base:
            continue
        font = pdfmetrics.getFont(font_name)
        state = getattr(font, "state", {}).get(doc)
        chars: tuple[int, ...] = ()
        if state is not None and subset.isdigit() and int(subset) < len(state.subsets):
            chars = tuple(state.subsets[int(subset)])
        face = getattr(font, "face", None)
        path = str(getattr(face, "filename", ""))
        index = int(getattr(face, "subfontIndex", 0) or 0)
        return _PdfFont(font_name, chars, _qt_family(path, index) if path else "")
    return None


# -- painting --------------------------------------------------------------------------------------


@dataclass
class _State:
    ctm: QTransform = field(default_factory=QTransform)
    fill: QColor = field(default_factory=lambda: QColor(0, 0, 0))
    stroke: QColor = field(default_factory=lambda: QColor(0, 0, 0))
    fill_alpha: float = 1.0
    stroke_alpha: float = 1.0
    line_width: float = 1.0
    cap: Qt.PenCapStyle = Qt.PenCapStyle.FlatCap
    join: Qt.PenJoinStyle = Qt.PenJoinStyle.MiterJoin
    dash: tuple[float, ...] = ()
    font: _PdfFont | None = None
    size: float = 12.0
    leading: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    scale: float = 1.0  # Tz / 100
    rise: float = 0.0


def _color(values: list[float]) -> QColor:
    if len(values) == 1:
        return QColor.fromRgbF(values[0], values[0], values[0])
    if len(values) == 3:
        return QColor.fromRgbF(*values)
    c, m, y, k = values
    return QColor.fromCmykF(c, m, y, k)


class _PagePainter:
    def __init__(
        self, painter: QPainter, base: QTransform, recording: Recording, page: RecordedPage
    ) -> None:
        self.p = painter
        self.page = page
        self.base = base
        self.recording = recording
        self.state = _State()
        self.stack: list[_State] = []
        self.path = QPainterPath()
        self.clip_next = False
        self.text_matrix = QTransform()
        self.line_matrix = QTransform()
        self.artifact_depth = 0  # inside /Artifact marked content: the watermark
        self.marks: list[bool] = []
        self.fonts: dict[str, _PdfFont | None] = {}

    # graphics ----------------------------------------------------------------------------------

    def _brush(self) -> QBrush:
        color = QColor(self.state.fill)
        color.setAlphaF(color.alphaF() * self.state.fill_alpha)
        return QBrush(color)

    def _pen(self) -> QPen:
        color = QColor(self.state.stroke)
        color.setAlphaF(color.alphaF() * self.state.stroke_alpha)
        pen = QPen(color)
        pen.setWidthF(self.state.line_width)
        pen.setCapStyle(self.state.cap)
        pen.setJoinStyle(self.state.join)
        if self.state.dash and self.state.line_width > 0:
            pen.setDashPattern([max(d / self.state.line_width, 0.01) for d in self.state.dash])
        return pen

    def _paint_path(self, fill: bool, stroke: bool, even_odd: bool = False) -> None:
        path = self.path
        path.setFillRule(Qt.FillRule.OddEvenFill if even_odd else Qt.FillRule.WindingFill)
        self.p.setTransform(self.state.ctm * self.base)
        if fill:
            self.p.fillPath(path, self._brush())
        if stroke:
            self.p.strokePath(path, self._pen())
        if self.clip_next:
            self.p.setClipPath(path, Qt.ClipOperation.IntersectClip)
            self.clip_next = False
        self.path = QPainterPath()

    # text ----------------------------------------------------------------------------------------

    def _show(self, data: bytes) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        state = self.state
        font = state.font
        if font is None:
            return
        chars = font.chars
        text = "".join(chr(chars[b]) if b < len(chars) else chr(b) for b in data)
        if text.strip():
            render = (
                QTransform(state.size * state.scale, 0, 0, state.size, 0, state.rise)
                * self.text_matrix
                * state.ctm
                * self.base
            )
            qfont = QFont(font.family) if font.family else QFont()
            qfont.setPixelSize(int(_GLYPH_UNITS))
            qfont.setKerning(False)
            qfont.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self.p.setTransform(
                QTransform(1 / _GLYPH_UNITS, 0, 0, -1 / _GLYPH_UNITS, 0, 0) * render
            )
            if self.artifact_depth:
                # Decoration (the watermark): outlines, not text, as in the export.
                outline = QPainterPath()
                outline.addText(QPointF(0, 0), qfont, text)
                self.p.fillPath(outline, self._brush())
            else:
                self.p.setFont(qfont)
                self.p.setPen(QPen(self._brush().color()))
                self.p.drawText(QPointF(0, 0), text)
        advance = stringWidth(text, font.name, state.size)
        advance += state.char_space * len(data) + state.word_space * data.count(b" ")
        self.text_matrix = QTransform.fromTranslate(advance * state.scale, 0) * self.text_matrix

    def _next_line(self, tx: float, ty: float) -> None:
        self.line_matrix = QTransform.fromTranslate(tx, ty) * self.line_matrix
        self.text_matrix = QTransform(self.line_matrix)

    # the operators -------------------------------------------------------------------------------

    def run(self, code: str) -> None:
        operands: list[Any] = []
        for match in _TOKEN.finditer(code.encode("latin-1", "replace")):
            kind = match.lastgroup
            token = match.group()
            if kind == "number":
                operands.append(float(token))
            elif kind == "string":
                operands.append(_unescape(token[1:-1]))
            elif kind == "name":
                operands.append(token.decode("latin-1"))
            elif kind == "array":
                operands.append(self._array(token[1:-1]))
            elif kind == "dict":
                operands.append(token)
            else:
                try:
                    self._op(token.decode("latin-1"), operands)
                except (IndexError, TypeError, ValueError):
                    pass  # an operator with unexpected operands: skip it, as a viewer would
                operands = []

    def _array(self, body: bytes) -> list[Any]:
        items: list[Any] = []
        for match in _TOKEN.finditer(body):
            if match.lastgroup == "number":
                items.append(float(match.group()))
            elif match.lastgroup == "string":
                items.append(_unescape(match.group()[1:-1]))
        return items

    def _op(self, op: str, a: list[Any]) -> None:  # one branch per operator
        s = self.state
        if op == "q":
            self.stack.append(replace(s))
            self.p.save()
        elif op == "Q":
            if self.stack:
                self.state = self.stack.pop()
                self.p.restore()
        elif op == "cm":
            s.ctm = QTransform(*a[:6]) * s.ctm
        elif op == "w":
            s.line_width = a[0]
        elif op == "J":
            caps = [Qt.PenCapStyle.FlatCap, Qt.PenCapStyle.RoundCap, Qt.PenCapStyle.SquareCap]
            s.cap = caps[int(a[0])]
        elif op == "j":
            joins = [
                Qt.PenJoinStyle.MiterJoin,
                Qt.PenJoinStyle.RoundJoin,
                Qt.PenJoinStyle.BevelJoin,
            ]
            s.join = joins[int(a[0])]
        elif op == "d":
            s.dash = tuple(float(x) for x in a[0])
        elif op in ("rg", "g", "k"):
            s.fill = _color(a)
        elif op in ("RG", "G", "K"):
            s.stroke = _color(a)
        elif op == "gs":
            params = self.page.extgstates.get(a[0].lstrip("/"), {})
            s.fill_alpha = float(params.get("ca", s.fill_alpha))
            s.stroke_alpha = float(params.get("CA", s.stroke_alpha))
        elif op == "m":
            self.path.moveTo(a[0], a[1])
        elif op == "l":
            self.path.lineTo(a[0], a[1])
        elif op == "c":
            self.path.cubicTo(a[0], a[1], a[2], a[3], a[4], a[5])
        elif op == "v":
            self.path.cubicTo(self.path.currentPosition(), QPointF(a[0], a[1]), QPointF(a[2], a[3]))
        elif op == "y":
            self.path.cubicTo(a[0], a[1], a[2], a[3], a[2], a[3])
        elif op == "h":
            self.path.closeSubpath()
        elif op == "re":
            self.path.addRect(QRectF(a[0], a[1], a[2], a[3]))
        elif op in ("S", "s"):
            if op == "s":
                self.path.closeSubpath()
            self._paint_path(False, True)
        elif op in ("f", "F", "f*"):
            self._paint_path(True, False, op == "f*")
        elif op in ("B", "B*", "b", "b*"):
            if op.startswith("b"):
                self.path.closeSubpath()
            self._paint_path(True, True, op.endswith("*"))
        elif op == "n":
            self._paint_path(False, False)
        elif op in ("W", "W*"):
            self.clip_next = True
        elif op == "BT":
            self.text_matrix = QTransform()
            self.line_matrix = QTransform()
        elif op == "Tf":
            name = a[0]
            if name not in self.fonts:
                self.fonts[name] = _resolve_font(self.recording, name)
            s.font = self.fonts[name]
            s.size = a[1]
        elif op == "TL":
            s.leading = a[0]
        elif op == "Tc":
            s.char_space = a[0]
        elif op == "Tw":
            s.word_space = a[0]
        elif op == "Tz":
            s.scale = a[0] / 100
        elif op == "Ts":
            s.rise = a[0]
        elif op == "Td":
            self._next_line(a[0], a[1])
        elif op == "TD":
            s.leading = -a[1]
            self._next_line(a[0], a[1])
        elif op == "Tm":
            self.line_matrix = QTransform(*a[:6])
            self.text_matrix = QTransform(self.line_matrix)
        elif op == "T*":
            self._next_line(0, -s.leading)
        elif op == "Tj":
            self._show(a[0])
        elif op == "'":
            self._next_line(0, -s.leading)
            self._show(a[0])
        elif op == '"':
            s.word_space, s.char_space = a[0], a[1]
            self._next_line(0, -s.leading)
            self._show(a[2])
        elif op == "TJ":
            for item in a[0]:
                if isinstance(item, bytes):
                    self._show(item)
                else:
                    shift = -item / 1000 * s.size * s.scale
                    self.text_matrix = QTransform.fromTranslate(shift, 0) * self.text_matrix
        elif op in ("BDC", "BMC"):
            artifact = bool(a) and a[0] == "/Artifact"
            self.marks.append(artifact)
            self.artifact_depth += int(artifact)
        elif op == "EMC" and self.marks and self.marks.pop():
            self.artifact_depth -= 1


def page_transform(
    width: float, height: float, device_width: float, device_height: float, dpi: float
) -> QTransform:
    """PDF points (origin bottom left, y up) to device pixels (origin top left): actual size,
    or smaller to fit a smaller sheet (A4 on Letter)."""
    scale = dpi / 72
    if width * scale > device_width or height * scale > device_height:
        scale = min(device_width / width, device_height / height)
    return QTransform(scale, 0, 0, -scale, 0, height * scale)


def paint_page(
    painter: QPainter, page: RecordedPage, recording: Recording, base: QTransform
) -> None:
    """Paint one recorded page; ``base`` maps its points to the painter's device."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    _PagePainter(painter, base, recording, page).run(" ".join(page.code))
    painter.restore()
