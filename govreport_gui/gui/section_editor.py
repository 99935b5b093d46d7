"""The editor of one section's text in the 报告正文 view: paragraphs of plain text, figures from the
tables, saved to the draft after a pause in typing.

- **Paragraphs**: one block per paragraph; the stored text is the blocks joined with ``"\\n"``.
  Paste keeps the paragraphs and drops everything else (:meth:`SectionEditor.insertFromMimeData`,
  cleaned by :func:`govreport_gui.core.report.pasted_text.plain_paragraphs`); Tab moves the focus
  (a tab character is refused in a section's text).
- **Figures**: a figure inserted from a cell is ONE character of the document (Qt's object
  replacement character, an inline object drawn by :class:`FigureObject`) whose format names the
  cell; it shows the cell's current number on a light background, and the stored text has the
  token ``{{CELL_ID}}`` in its place (:mod:`govreport_gui.core.report.figures`). Being one
  character, a figure can be deleted or replaced whole, never half edited.
- **Saving**: the draft is the one source of truth. A change is saved :data:`SAVE_DELAY_MS` after
  the last keystroke, or at once by :meth:`flush` (the view calls it when the focus leaves, before
  another command, when the view switches or the window closes). The editor keeps no undo history
  of its own: Ctrl+Z and Ctrl+Shift+Z go to the window's 撤销 / 重做, the document's undo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QObject,
    QPointF,
    QRect,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPyTextObject,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget

from govreport_gui.core.report.figures import TOKEN, token
from govreport_gui.core.report.pasted_text import plain_paragraphs

# Saved this long after the last keystroke (ms): a pause in typing, not every character. The
# document merges the saves of one typing session into one history entry and undo step
# (core/ops/text_ops.py), so this only bounds what a crash could lose. Tests set it shorter.
SAVE_DELAY_MS = 700

FIGURE_TYPE = QTextFormat.ObjectTypes.UserObject + 1  # the inline object of a figure
CELL_PROPERTY = QTextFormat.Property.UserProperty + 1  # the cell a figure shows (its id)
OBJECT_CHAR = "\ufffc"  # what a figure is in the document's text
# Our own clipboard format: text copied from a section with its figures as tokens, so that a
# figure pasted into another section is still a figure (other programs get the numbers).
TOKENS_MIME = "application/x-govreport-section-text"

FIGURE_BACKGROUND = QColor("#dbeafe")
FIGURE_COLOR = QColor("#1e3a8a")


class FigureObject(QPyTextObject):
    """Draws a figure: the cell's current number, on a light background, as one character."""

    def __init__(self, shown: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown = shown  # cell id -> the number shown

    def _text(self, fmt: QTextFormat) -> str:
        return self.shown(str(fmt.property(CELL_PROPERTY)))

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        metrics = QFontMetricsF(doc.defaultFont())
        return QSizeF(metrics.horizontalAdvance(self._text(fmt)) + 6, metrics.height())

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        pos: int,
        fmt: QTextFormat,
    ) -> None:
        rect = QRectF(rect)
        metrics = QFontMetricsF(doc.defaultFont())
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(FIGURE_BACKGROUND)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(FIGURE_COLOR)
        painter.setFont(doc.defaultFont())
        baseline = rect.bottom() - metrics.descent()
        painter.drawText(QPointF(rect.left() + 3, baseline), self._text(fmt))
        painter.restore()


def figure_format(cell_id: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(FIGURE_TYPE)
    fmt.setProperty(CELL_PROPERTY, cell_id)
    # On the line's baseline like the text around it (the default would lift it by its descent).
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignBaseline)
    return fmt


def figure_at(cursor: QTextCursor) -> str | None:
    """The cell of the figure just before ``cursor``'s position, or None."""
    fmt = cursor.charFormat()
    if fmt.objectType() != FIGURE_TYPE or not cursor.block().text():
        return None
    position = cursor.position() - cursor.block().position()
    if position <= 0 or cursor.block().text()[position - 1] != OBJECT_CHAR:
        return None
    return str(fmt.property(CELL_PROPERTY))


class SectionEditor(QTextEdit):
    """One section's text (see the module's note)."""

    # The text changed and was not saved yet: the view watches for commands run meanwhile.
    pending = Signal()
    # Right-click: the view fills the menu (插入数字…, 批注此段…); the position in the viewport.
    menuRequested = Signal(QPointF)

    def __init__(
        self,
        section_id: str,
        has_cell: Callable[[str], bool],
        shown: Callable[[str], str],
        label: Callable[[str], str],
        save: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section_id = section_id
        self._has_cell = has_cell  # whether the form has this cell
        self._label = label  # a cell's readable name (tool tips)
        self._save = save  # (section id, stored text) -> saved (False: refused, message shown)
        self._loading = False
        self._pending = False
        self.setObjectName(f"section_{section_id}")
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda pos: self.menuRequested.emit(QPointF(pos)))
        doc = self.document()
        doc.setUndoRedoEnabled(False)  # the document's undo, through the window (module note)
        doc.setDocumentMargin(6)
        self.figures = FigureObject(shown, self)
        doc.documentLayout().registerHandler(FIGURE_TYPE, self.figures)
        doc.documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())
        doc.contentsChanged.connect(self._changed)
        self.cursorPositionChanged.connect(self._plain_after_figure)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.flush)
        self._fit_height()

    # -- the stored text ------------------------------------------------------------------------

    def stored_text(self) -> str:
        """The text as the draft stores it: paragraphs joined with "\\n", figures as tokens."""
        paragraphs: list[str] = []
        block = self.document().begin()
        while block.isValid():
            parts: list[str] = []
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                text = fragment.text()
                fmt = fragment.charFormat()
                if fmt.objectType() == FIGURE_TYPE:
                    cell = str(fmt.property(CELL_PROPERTY))
                    text = text.replace(OBJECT_CHAR, token(cell))
                parts.append(text)
                it += 1
            paragraphs.append("".join(parts))
            block = block.next()
        # Shift+Enter's line separator is a paragraph break here (a section has no other kind).
        return "\n".join(paragraphs).replace("\u2028", "\n")

    def shown_text(self) -> str:
        """The text as the user reads it: figures as the numbers they show."""
        stored = self.stored_text()
        return TOKEN.sub(
            lambda m: self.figures.shown(m.group(1)) if self._has_cell(m.group(1)) else m.group(0),
            stored,
        )

    def set_stored_text(self, text: str) -> None:
        """Show ``text`` (as stored): the cursor stays where it was as far as the text allows."""
        if text == self.stored_text():
            return
        position = self.textCursor().position()
        self._loading = True
        try:
            self.document().clear()
            cursor = QTextCursor(self.document())
            cursor.setBlockFormat(paragraph_format())
            self.insert_stored(cursor, text)
        finally:
            self._loading = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)

    def insert_stored(self, cursor: QTextCursor, text: str) -> None:
        """Insert ``text`` (paragraphs, tokens of known cells become figures) at ``cursor``."""
        plain = QTextCharFormat()
        start = 0
        for match in TOKEN.finditer(text):
            if not self._has_cell(match.group(1)):
                continue  # kept as typed: render() shows an unknown token as it is, so do we
            cursor.insertText(text[start : match.start()], plain)
            cursor.insertText(OBJECT_CHAR, figure_format(match.group(1)))
            start = match.end()
        cursor.insertText(text[start:], plain)

    def insert_figure(self, cell_id: str) -> None:
        """Insert a figure from ``cell_id`` at the cursor (replacing the selection)."""
        cursor = self.textCursor()
        cursor.insertText(OBJECT_CHAR, figure_format(cell_id))
        self.setTextCursor(cursor)
        self.setCurrentCharFormat(QTextCharFormat())

    def figure_cells(self) -> Iterator[tuple[int, str]]:
        """(position, cell id) of every figure in the text."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.objectType() == FIGURE_TYPE:
                    cell = str(fmt.property(CELL_PROPERTY))
                    for offset, ch in enumerate(fragment.text()):
                        if ch == OBJECT_CHAR:
                            yield fragment.position() + offset, cell
                it += 1
            block = block.next()

    def refresh_figures(self, cells: set[str]) -> None:
        """The numbers of these cells changed: their figures are laid out and drawn again."""
        for position, cell in list(self.figure_cells()):
            if cell in cells:
                self.document().markContentsDirty(position, 1)

    # -- saving ---------------------------------------------------------------------------------

    @property
    def is_pending(self) -> bool:
        return self._pending

    def _changed(self) -> None:
        if self._loading or self.isReadOnly():
            return
        self._pending = True
        self.timer.start(SAVE_DELAY_MS)
        self.pending.emit()

    def flush(self) -> bool:
        """Save now what was typed and not saved yet; False when the save was refused."""
        self.timer.stop()
        if not self._pending:
            return True
        self._pending = False
        return self._save(self.section_id, self.stored_text())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.flush()

    # -- editing --------------------------------------------------------------------------------

    def _plain_after_figure(self) -> None:
        # Text typed right after a figure would take the figure's format (Qt continues the
        # format of the character before): it is plain text.
        if self.currentCharFormat().hasProperty(CELL_PROPERTY):
            self.setCurrentCharFormat(QTextCharFormat())

    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and _is_undo_key(event):
            event.ignore()  # not the editor's: the window's 撤销 / 重做 take it
            return True
        if event.type() == QEvent.Type.ToolTip:
            return self._figure_tool_tip(event)
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_undo_key(event):
            event.ignore()
            return
        super().keyPressEvent(event)

    def _figure_tool_tip(self, event: QEvent) -> bool:
        pos = event.pos() if hasattr(event, "pos") else None  # QHelpEvent
        if pos is None:
            return False
        layout = self.document().documentLayout()
        offset = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        hit = layout.hitTest(QPointF(pos) + offset, Qt.HitTestAccuracy.FuzzyHit)
        cell = None
        for at in (hit, hit + 1):
            if 0 < at < self.document().characterCount():
                cursor = QTextCursor(self.document())
                cursor.setPosition(at)
                cell = figure_at(cursor)
                if cell is not None:
                    break
        if cell is None:
            QToolTip.hideText()
            return True
        QToolTip.showText(
            event.globalPos(),  # type: ignore[attr-defined]
            f"来自表格：{self._label(cell)}（{token(cell)}），表中数字改了，这里随之改变",
            self,
        )
        return True

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copied text: the numbers for other programs, the tokens for our own sections."""
        cursor = self.textCursor()
        data = QMimeData()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        stored = _stored_between(self, start, end)
        data.setText(
            TOKEN.sub(
                lambda m: (
                    self.figures.shown(m.group(1)) if self._has_cell(m.group(1)) else m.group(0)
                ),
                stored,
            )
        )
        data.setData(TOKENS_MIME, stored.encode("utf-8"))
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasHtml() or source.hasFormat(TOKENS_MIME)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste: paragraphs kept, formatting dropped (see :func:`pasted_text`)."""
        text = pasted_text(source)
        if not text:
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        self.insert_stored(cursor, text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- size: the whole text shown, the view scrolls -------------------------------------------

    def _fit_height(self) -> None:
        height = self.document().documentLayout().documentSize().height()
        lines = QFontMetricsF(self.document().defaultFont()).height() * 3
        frame = self.frameWidth() * 2
        self.setFixedHeight(int(max(height, lines + 12)) + frame + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()


def paragraph_format() -> QTextBlockFormat:
    """A paragraph as a report prints it: first line indented two characters, a little space after."""
    fmt = QTextBlockFormat()
    fmt.setTextIndent(28)
    fmt.setBottomMargin(4)
    return fmt


def pasted_text(source: QMimeData) -> str:
    """What a paste inserts, as stored text: our own copy keeps its figures (tokens); else the
    plain text (or the HTML made plain, when only HTML is offered), one paragraph per line."""
    if source.hasFormat(TOKENS_MIME):
        own = bytes(source.data(TOKENS_MIME).data()).decode("utf-8", "replace")
        return plain_paragraphs(own)
    if source.hasText() and source.text().strip():
        return plain_paragraphs(source.text())
    if source.hasHtml():
        doc = QTextDocument()
        doc.setHtml(source.html())  # <p>, <br> and <div> become line breaks; styles are gone
        return plain_paragraphs(doc.toPlainText())
    return ""


def _stored_between(editor: SectionEditor, start: int, end: int) -> str:
    """The stored text (tokens) of the document's characters from ``start`` to ``end``."""
    parts: list[str] = []
    cursor = QTextCursor(editor.document())
    text = editor.document().toPlainText()
    for position in range(start, end):
        ch = text[position] if position < len(text) else ""
        if ch == OBJECT_CHAR:
            cursor.setPosition(position + 1)
            cell = figure_at(cursor)
            parts.append(token(cell) if cell is not None else "")
        elif ch in ("\u2029", "\u2028"):
            parts.append("\n")
        else:
            parts.append(ch)
    return "".join(parts)


def _is_undo_key(event: QKeyEvent) -> bool:
    combination = event.keyCombination().toCombined()
    key = QKeySequence(combination)
    return (
        event.matches(QKeySequence.StandardKey.Undo)
        or event.matches(QKeySequence.StandardKey.Redo)
        or key.matches(QKeySequence("Ctrl+Y")) == QKeySequence.SequenceMatch.ExactMatch
        or key.matches(QKeySequence("Ctrl+Shift+Z")) == QKeySequence.SequenceMatch.ExactMatch
    )
