"""The whole report's pages for 打印全文 and 全文打印预览, laid out as the report PDF.

Qt in PySide6-Essentials has no QtPdf, so the report PDF cannot be rasterised; the pages are drawn
by Qt from the same blocks the PDF is made from (:func:`~govreport_gui.core.layout.report_layout.
report_layout`): a :class:`QTextDocument` on the A4 text block of GB/T 9704 (margins 37/35/28/26
mm), the title 二号, the body 三号 仿宋 on 28.95 pt lines, first-level headings 黑体, the lead of a
（一） paragraph 楷体, the tables as text tables (merged cells as the grid merges them, the header
repeated on a new page), the 落款 with room for the seal, a 2014 统计表 as the 附件 on pages of its
own, and under each page its number — N — outside, as :mod:`~govreport_gui.core.layout.report_pdf`
draws it. The document is paginated by hand (one page = one slice of the text block): the preview
and the print call the same :meth:`ReportPages.paint_page`.

The document's unit is the point: it is laid out for a 72 dpi device, with design metrics, so
that the lines break the same on the screen's preview and on a 600 dpi printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPainter,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
    QTransform,
)

# The report PDF's page and sizes, in points: the print draws the same report (importing these
# loads no reportlab).
from govreport_gui.core.layout.export_pdf import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MM,
)
from govreport_gui.core.layout.grid import SectionGrid, display_value
from govreport_gui.core.layout.report import DRAFT_MARK, ReportData
from govreport_gui.core.layout.report_layout import (
    Attachment,
    Heading,
    Para,
    ReportLayout,
    closing_indents,
)
from govreport_gui.core.layout.report_pdf import (
    ATTACHMENT_LINE_PT,
    BODY_PT,
    HEADING_ROOM_LINES,
    LINE_PT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_PT,
    SEAL_LINES,
    TITLE_LEADING,
    TITLE_PT,
)
from govreport_gui.core.report.model import ReportText

PAGE_W, PAGE_H = 210 * MM, 297 * MM
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
TEXT_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
TABLE_PT, TABLE_LEADING = 10.0, 12.0
_POINTS_PER_METRE = round(72 / 0.0254)

# The faces offices set a report in, best first (names as Windows, WPS and fontconfig give them);
# the window's own Chinese font when none is installed.
TITLE_FACES = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "SimSun", "宋体", "STSong")
BODY_FACES = ("仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong")
# Without 仿宋 the body is set in a Song face, as the report PDF does.
SONG_FACES = ("SimSun", "宋体", "STSong", "Noto Serif CJK SC", "Source Han Serif SC")
HEADING_FACES = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC")
KAI_FACES = ("楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "STKaiti", "AR PL UKai CN")


@dataclass(frozen=True)
class Faces:
    title: str
    body: str
    heading: str
    kai: str
    title_bold: bool  # no 小标宋: the title is set bold, as the PDF strokes its Song face
    heading_bold: bool  # no 黑体: the headings are set bold in the body face

    @classmethod
    def found(cls) -> Faces:
        installed = set(QFontDatabase.families())

        def pick(names: tuple[str, ...]) -> str:
            return next((n for n in names if n in installed), "")

        window = _chinese_fallback() or QGuiApplication.font().family()
        body = pick(BODY_FACES) or pick(SONG_FACES) or window
        heading = pick(HEADING_FACES)
        title = pick(TITLE_FACES[:3])
        return cls(
            title=title or pick(SONG_FACES) or body,
            body=body,
            heading=heading or body,
            kai=pick(KAI_FACES) or body,
            title_bold=not title,
            heading_bold=not heading,
        )


def _chinese_fallback() -> str:
    """The window's Chinese font where the system has none (gui/fonts.py registers it when the
    window starts; a window made otherwise, as in tests, may not have): registered once."""
    from govreport_gui.gui.fonts import bundled_family, system_has_chinese_font

    return "" if system_has_chinese_font() else bundled_family()


class ReportPages:
    """The whole report as pages of a :class:`QTextDocument` (see the module's note)."""

    def __init__(self, layout: ReportLayout, data: ReportData, draft_mode: bool) -> None:
        self.layout = layout
        self.draft_mode = draft_mode
        self.faces = Faces.found()
        self.document = QTextDocument()
        # Points as the document's unit: fonts are resolved for a 72 dpi device (kept alive here).
        self._device = QImage(1, 1, QImage.Format.Format_RGB32)
        self._device.setDotsPerMeterX(_POINTS_PER_METRE)
        self._device.setDotsPerMeterY(_POINTS_PER_METRE)
        self.document.documentLayout().setPaintDevice(self._device)
        self.document.setUseDesignMetrics(True)
        self.document.setDocumentMargin(0)
        self.document.setPageSize(QSizeF(TEXT_W, TEXT_H))
        self._scale = length_scale(self._device)
        self.cursor = QTextCursor(self.document)
        self._fresh = True  # the cursor's block is empty and may take the next block's format
        self._headings: list[int] = []  # block numbers of the headings
        self._closing = -1  # block number of the 落款's last line (the date)
        self._last_para = -1  # block number of the last paragraph of the text before it
        # One edit block: the document is laid out once, not after each cell of the tables.
        self.cursor.beginEditBlock()
        self._build(data)
        self.cursor.endEditBlock()
        self._keep_together()

    # -- building ----------------------------------------------------------------------------

    def _len(self, points: float) -> float:
        """A length of the format (indent, margin, line height, border) that lays out as
        ``points``: Qt scales these from its default dpi to the device's."""
        return points / self._scale

    def _chars(self, face: str, size: float, bold: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies([face, self.faces.body, *QGuiApplication.font().families()])
        fmt.setFontPointSize(size)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _block(
        self,
        runs: list[tuple[str, QTextCharFormat]],
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignJustify,
        indent: float = 2 * BODY_PT,
        line: float = LINE_PT,
        before: float = 0.0,
        right: float = 0.0,
        new_page: bool = False,
    ) -> int:
        """A paragraph; returns its block number."""
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        fmt.setTextIndent(self._len(indent))
        fmt.setLineHeight(self._len(line), QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        fmt.setTopMargin(self._len(before))
        fmt.setRightMargin(self._len(right))
        if new_page:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        if self._fresh:
            self.cursor.setBlockFormat(fmt)
            self._fresh = False
        else:
            self.cursor.insertBlock(fmt)
        for text, chars in runs:
            self.cursor.insertText(text, chars)
        return self.cursor.block().blockNumber()

    def _title(self, lines: tuple[str, ...], new_page: bool = False) -> None:
        f = self.faces
        chars = self._chars(f.title, TITLE_PT, f.title_bold)
        centre = Qt.AlignmentFlag.AlignHCenter
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            self._block([(line, chars)], centre, 0, TITLE_LEADING, new_page=new_page and not i)
            if last:  # a blank line under the title, as the PDF's title style has
                fmt = self.cursor.blockFormat()
                fmt.setBottomMargin(self._len(LINE_PT))
                self.cursor.setBlockFormat(fmt)

    def _build(self, data: ReportData) -> None:
        layout, f = self.layout, self.faces
        body = self._chars(f.body, BODY_PT)
        self._title(layout.title_lines)
        for block in layout.body:
            if isinstance(block, Heading):
                heading = self._chars(f.heading, BODY_PT, f.heading_bold)
                self._headings.append(self._block([(block.text, heading)]))
            elif isinstance(block, Para):
                runs = [(block.lead, self._chars(f.kai, BODY_PT))] if block.lead else []
                if block.text:
                    runs.append((block.text, body))
                self._last_para = self._block(runs or [("", body)])
            else:
                self._table(block.grid)
        if layout.attachment_note:
            self._block([(layout.attachment_note, body)], before=LINE_PT)
        indents = closing_indents(layout.unit, layout.date)
        first = True
        for line, right_chars in zip((layout.unit, layout.date), indents, strict=True):
            if not line:
                continue
            number = self._block(
                [(line, body)],
                Qt.AlignmentFlag.AlignRight,
                0,
                before=SEAL_LINES * LINE_PT if first else 0.0,
                right=right_chars * BODY_PT,
            )
            self._closing = number
            first = False
        for attachment in layout.attachments:
            self._attachment(attachment)

    def _attachment(self, attachment: Attachment) -> None:
        f = self.faces
        label = self._chars(f.heading, BODY_PT, f.heading_bold)
        self._block([(attachment.label, label)], Qt.AlignmentFlag.AlignLeft, 0, new_page=True)
        self._title(attachment.title_lines)
        line = self._chars(f.body, ATTACHMENT_LINE_PT)
        for text in attachment.before:
            self._block([(text, line)], Qt.AlignmentFlag.AlignLeft, 0, ATTACHMENT_LINE_PT * 1.6)
        for table in attachment.tables:
            self._table(table.grid)
        for i, text in enumerate(attachment.after):
            before = LINE_PT / 3 if i == 0 else 0.0  # the signature lines clear of the table
            self._block(
                [(text, line)], Qt.AlignmentFlag.AlignLeft, 0, ATTACHMENT_LINE_PT * 1.6, before
            )

    def _table(self, grid: SectionGrid) -> None:
        """The grid as one text table: spans merged, header rows repeated on a new page."""
        if not grid.nrows or not grid.ncols:
            return
        if self._fresh:  # a table cannot open the document: an empty line holds its place
            self._block([("", self._chars(self.faces.body, BODY_PT))])
        fmt = QTextTableFormat()
        fmt.setBorder(self._len(0.75))
        fmt.setBorderBrush(QColor("black"))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setCellSpacing(0)
        fmt.setCellPadding(self._len(1.25))  # the PDF's cells: 1 pt above, 1.5 below
        fmt.setTopMargin(self._len(LINE_PT / 4))
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        total = sum(grid.col_units) or 1.0
        units = grid.col_units if len(grid.col_units) == grid.ncols else [1.0] * grid.ncols
        fmt.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, 100 * u / total) for u in units]
        )
        if len(grid.header_rows) == 1:  # one table: its header again at the top of a new page
            fmt.setHeaderRowCount(grid.header_rows[0][1] + 1)
        table = self.cursor.insertTable(grid.nrows, grid.ncols, fmt)
        chars = self._chars(self.faces.body, TABLE_PT)
        for cell in grid.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                table.mergeCells(cell.row, cell.col, cell.rowspan, cell.colspan)
        for cell in grid.cells:
            text = cell.text
            align = Qt.AlignmentFlag.AlignHCenter
            indent = 0.0
            if cell.role == "value":
                text = display_value(cell.value)
            elif cell.role == "row_label":
                align = Qt.AlignmentFlag.AlignLeft
                indent = (cell.row_def.indent if cell.row_def else 0) * TABLE_PT
            if cell.note:
                text = f"{text}\u2028{cell.note}" if text else cell.note
            block = QTextBlockFormat()
            block.setAlignment(align)
            block.setLeftMargin(self._len(indent))
            block.setLineHeight(
                self._len(TABLE_LEADING), QTextBlockFormat.LineHeightTypes.FixedHeight.value
            )
            place = table.cellAt(cell.row, cell.col).firstCursorPosition()
            place.setBlockFormat(block)
            place.insertText(text, chars)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self._fresh = True  # the empty block after the table takes the next paragraph

    def _keep_together(self) -> None:
        """What the PDF keeps together: a heading with two lines of its text under it, and the
        落款 with the last paragraph before it (GB/T 9704 7.3.5.4: it never stands alone)."""
        for _ in range(len(self._headings) + 2):  # each pass may move what follows
            moved = False
            for number in self._headings:
                block = self.document.findBlockByNumber(number)
                top = self._top(block) - self.page_of(block) * TEXT_H  # from the page's top
                if TEXT_H - top < HEADING_ROOM_LINES * LINE_PT and top > 1:
                    moved |= self._break_before(block)
            if self._closing >= 0 and self._last_para >= 0:
                closing = self.document.findBlockByNumber(self._closing)
                last = self.document.findBlockByNumber(self._last_para)
                if self.page_of(closing) != self.page_of(last):
                    moved |= self._break_before(last)
            if not moved:
                return

    def _break_before(self, block: QTextBlock) -> bool:
        fmt = block.blockFormat()
        if fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
            return False
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(block).setBlockFormat(fmt)
        return True

    # -- reading the pages -------------------------------------------------------------------

    def _top(self, block: QTextBlock) -> float:
        return self.document.documentLayout().blockBoundingRect(block).top()

    def page_of(self, block: QTextBlock) -> int:
        """The page (0-based) a block of the text starts on (tables' cells are not blocks of it)."""
        # A block moved to the top of a page lies there to within Qt's fixed-point rounding.
        return int((self._top(block) + 0.5) // TEXT_H)

    @property
    def page_count(self) -> int:
        return max(1, self.document.pageCount())

    def page_text(self, index: int) -> str:
        """The text of the paragraphs that start on page ``index`` (tables left out)."""
        lines = []
        block = self.document.begin()
        while block.isValid():
            if self.page_of(block) == index and block.text().strip():
                lines.append(block.text().replace("\u2028", "\n"))
            block = block.next()
        return "\n".join(lines)

    def paint_page(self, painter: QPainter, index: int, base: QTransform) -> None:
        """Page ``index`` (0-based); ``base`` maps the page's points (origin top left) to the
        painter's device."""
        painter.save()
        painter.setTransform(base)
        painter.fillRect(QRectF(0, 0, PAGE_W, PAGE_H), QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if self.draft_mode:  # under the text, as the PDF's watermark
            self._draft_mark(painter)
        painter.save()
        painter.translate(MARGIN_LEFT, MARGIN_TOP - index * TEXT_H)
        clip = QRectF(0, index * TEXT_H, TEXT_W, TEXT_H)
        self.document.drawContents(painter, clip)
        painter.restore()
        self._footer(painter, index + 1)
        painter.restore()

    def _font(self, painter: QPainter, face: str, size: float) -> QFont:
        """``face`` at ``size`` points of the page: the painter's device turns points into its own
        pixels (by its dpi) before the page's transform scales them again, so that is undone."""
        font = QFont([face, self.faces.body, *QGuiApplication.font().families()])
        font.setPointSizeF(size * 72 / max(1, painter.device().logicalDpiY()))
        return font

    def _footer(self, painter: QPainter, number: int) -> None:
        """— N — under the text block: on odd pages at the right, on even pages at the left,
        one character in from the text's edge (GB/T 9704 7.5)."""
        label = f"— {number} —"
        painter.setFont(self._font(painter, self.faces.body, PAGE_NUMBER_PT))
        painter.setPen(QColor("black"))
        width = painter.fontMetrics().horizontalAdvance(label)
        baseline = PAGE_H - MARGIN_BOTTOM + PAGE_NUMBER_GAP + PAGE_NUMBER_PT * 0.8
        if number % 2:
            x = PAGE_W - MARGIN_RIGHT - PAGE_NUMBER_PT - width
        else:
            x = MARGIN_LEFT + PAGE_NUMBER_PT
        painter.drawText(QPointF(x, baseline), label)

    def _draft_mark(self, painter: QPainter) -> None:
        """The draft export's marks (core/layout/export_pdf.py PageDecor): 草稿（未签发） slanted
        across the page in light grey, and in red at the top right."""
        painter.save()
        painter.translate(PAGE_W / 2, PAGE_H / 2)
        painter.rotate(-40)
        painter.setFont(self._font(painter, self.faces.heading, 64))
        painter.setPen(QColor(191, 191, 191, 90))
        painter.drawText(
            QRectF(-PAGE_H / 2, -64, PAGE_H, 128), int(Qt.AlignmentFlag.AlignCenter), DRAFT_MARK
        )
        painter.restore()
        painter.setFont(self._font(painter, self.faces.heading, 12))
        painter.setPen(QColor("#C00000"))
        painter.drawText(
            QRectF(MARGIN_LEFT, 20 * MM - 12, TEXT_W, 16),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            DRAFT_MARK,
        )


def length_scale(device: QImage) -> float:
    """How Qt's text layout scales the lengths of a format for ``device`` (by its dpi over Qt's
    default dpi: 96, or 72 on macOS): measured once on a two-line paragraph."""
    probe = QTextDocument()
    probe.documentLayout().setPaintDevice(device)
    probe.setDocumentMargin(0)
    fmt = QTextBlockFormat()
    fmt.setLineHeight(100, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    cursor = QTextCursor(probe)
    cursor.setBlockFormat(fmt)
    cursor.insertText("a\u2028b")
    probe.documentLayout().documentSize()  # lays it out
    lines = probe.begin().layout()
    step = lines.lineAt(1).y() - lines.lineAt(0).y() if lines.lineCount() > 1 else 100.0
    return step / 100 if step > 0 else 1.0


def report_pages(
    data: ReportData, draft_mode: bool, report: ReportText | None = None
) -> ReportPages:
    """The pages of ``report`` (by default the one ``data`` carries: the draft's text, or made
    from its form) with the figures of ``data``."""
    from govreport_gui.core.layout.report_layout import report_layout
    from govreport_gui.core.ops.report_export import report_of

    text = report if report is not None else report_of(data)
    return ReportPages(report_layout(text, data), data, draft_mode)


def page_base(device_width: float, device_height: float, dpi: float) -> QTransform:
    """The page's points to a device's pixels: actual size, or smaller to fit a smaller sheet."""
    scale = dpi / 72
    if PAGE_W * scale > device_width or PAGE_H * scale > device_height:
        scale = min(device_width / PAGE_W, device_height / PAGE_H)
    return QTransform.fromScale(scale, scale)
