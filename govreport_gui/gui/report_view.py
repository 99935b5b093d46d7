"""报告正文: the whole report in the window — the title, each section's heading, its official guidance
and an editor of its text, the tables in their place (read-only, as they print), and an outline at
the side that jumps to a section and follows the scrolling.

Everything shown is read from the draft (:func:`govreport_gui.core.ops.report_text.report_text`)
and every change goes through the ops (``text_ops.set_section_text``), coming back as a change
set: a section's text (undo, redo, another window's ``set``), a cell (its figures in the text and
its table redrawn), the year or unit (title and headings), the status or mode (locked or not),
comments (the paragraphs marked). See :mod:`.section_editor` for typing, paste, figures and
saving.

Problems in the text (the text checks) come as a section, a paragraph and a span:
:meth:`ReportView.show_text_problem` is the hook the problems panel calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QShowEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextTable,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.forms.sections import TABLE, Guidance
from govreport_gui.core.layout.grid import display_value
from govreport_gui.core.ops import review_ops, text_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.report.figures import token
from govreport_gui.core.report.sections import paragraph_target, parse_paragraph_target
from govreport_gui.core.store.draft import DraftError
from govreport_gui.gui.figure_picker import FigurePicker, cell_name, shown_figure
from govreport_gui.gui.report_tables import tables_html, value_places
from govreport_gui.gui.section_editor import CELL_PROPERTY, FIGURE_TYPE, OBJECT_CHAR, SectionEditor

OUTLINE_WIDTH = 180
PREFACE_NAME = "开头部分"
GREY = "#5f6368"
PROBLEM_COLOR = QColor("#d93025")
COMMENT_BACKGROUND = QColor("#fff4c2")


@dataclass
class SectionBlock:
    """One section on screen."""

    id: str
    kind: str
    box: QWidget  # heading, guidance and the editor or the tables: what the outline jumps to
    heading: QLabel
    editor: SectionEditor | None = None
    tables: QTextBrowser | None = None
    table_ids: tuple[str, ...] = ()
    # The tables' value cells and their (row, column) in the HTML table: written in place.
    places: dict[str, tuple[int, int]] = field(default_factory=dict)


class GuidanceBox(QWidget):
    """The official guidance of a section: quoted text and its source, small and grey, folded
    away by a click (open while the section has no text yet)."""

    def __init__(self, guidance: tuple[Guidance, ...], open_: bool, parent: QWidget) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("guidanceToggle")
        self.toggle.setText("官方要求")
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setStyleSheet(
            f"QToolButton {{ color: {GREY}; border: none; background: transparent; }}"
        )
        box.addWidget(self.toggle)
        parts = [
            f"<p style='margin:0 0 4px 0'>“{escape(g.text)}”<br>"
            f"<span style='color:#80868b'>出处：{escape(g.source)}</span></p>"
            for g in guidance
        ]
        self.text = QLabel("".join(parts), self)
        self.text.setObjectName("guidanceText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setStyleSheet(f"QLabel {{ color: {GREY}; margin-left: 18px; }}")
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.text.setFont(font)
        box.addWidget(self.text)
        self.toggle.toggled.connect(self._show)
        self.toggle.setChecked(open_)
        self._show(open_)

    def _show(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.text.setVisible(on)


class ReportView(QWidget):
    message = Signal(str)
    problem = Signal(str)
    # Text typed and not saved yet (the first keystroke after a save): 撤销 is possible now.
    pendingStarted = Signal()

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportView")
        self.doc = doc
        self.blocks: dict[str, SectionBlock] = {}
        self.last_editor: SectionEditor | None = None  # where 插入数字 goes
        self._watching = False  # the application's events watched (a save is pending)
        self._problem_marks: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._stale_cells: set[str] = set()  # changed while the view was hidden

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.outline = QListWidget(self)
        self.outline.setObjectName("reportOutline")
        self.outline.setAccessibleName("报告正文大纲")
        self.outline.setFixedWidth(OUTLINE_WIDTH)
        self.outline.setWordWrap(True)
        self.outline.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.outline.itemClicked.connect(self._outline_clicked)
        self.outline.itemActivated.connect(self._outline_clicked)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.outline.customContextMenuRequested.connect(self._outline_menu)
        layout.addWidget(self.outline)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        # Why the text cannot be changed now: above the scrolling text, always in sight.
        self.lock_note = QLabel(self)
        self.lock_note.setObjectName("reportLockNote")
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet(
            "QLabel { background: #f1f3f4; color: #3c4043; padding: 4px 12px; }"
        )
        right.addWidget(self.lock_note)
        self.area = QScrollArea(self)
        self.area.setObjectName("reportScroll")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        right.addWidget(self.area, 1)
        layout.addLayout(right, 1)
        self._build()
        doc.subscribe(self._on_change)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        report = report_text(self.doc)
        inner = QWidget(self.area)
        inner.setObjectName("reportInner")
        column = QVBoxLayout(inner)
        column.setContentsMargins(16, 8, 16, 16)
        column.setSpacing(6)
        self.title = QLabel(inner)
        self.title.setObjectName("reportTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        column.addWidget(self.title)
        self.blocks = {}
        self.outline.clear()
        self.outline_title = QListWidgetItem("标题", self.outline)
        bold = self.outline_title.font()
        bold.setBold(True)
        self.outline_title.setFont(bold)
        for section in report.sections:
            block = self._section(section.id, section.kind, section.heading, section.tables, inner)
            column.addWidget(block.box)
            item = QListWidgetItem(section.heading or PREFACE_NAME, self.outline)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            item.setToolTip(section.heading or PREFACE_NAME)
        column.addStretch(1)
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.area.setWidget(inner)
        self.last_editor = None
        self._update_title(report.title)
        self.update_lock()
        self.mark_comments()

    def _section(
        self, section_id: str, kind: str, heading: str, tables: tuple[str, ...], parent: QWidget
    ) -> SectionBlock:
        box = QWidget(parent)
        box.setObjectName(f"block_{section_id}")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(4)
        label = QLabel(heading, box)
        label.setObjectName(f"heading_{section_id}")
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        label.setFont(font)
        label.setVisible(bool(heading))
        # Right-click: rename, add, remove, move (a form whose sections may be edited: 2014).
        label.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        label.customContextMenuRequested.connect(
            lambda pos, s=section_id, w=label: self._section_menu(s, w.mapToGlobal(pos))
        )
        column.addWidget(label)
        block = SectionBlock(section_id, kind, box, label)
        defined = self.doc.form.section(section_id)
        text = self.doc.draft.texts.get(section_id, "")
        if defined is not None and defined.guidance:
            column.addWidget(GuidanceBox(defined.guidance, not text.strip(), box))
        if kind == TABLE:
            view = QTextBrowser(box)
            view.setObjectName(f"tables_{section_id}")
            view.setAccessibleName(f"{heading}（只读，在统计表中修改）")
            view.setToolTip("统计表只读显示，与打印一致；请在“统计表”中修改数字")
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            view.document().documentLayout().documentSizeChanged.connect(
                lambda size, v=view: v.setFixedHeight(int(size.height()) + 4)
            )
            block.tables, block.table_ids = view, tables
            block.places = value_places(self.doc.form, tables)
            self._draw_tables(block)
            column.addWidget(view)
        else:
            editor = SectionEditor(
                section_id,
                self.doc.form.has_cell,
                lambda cell: shown_figure(self.doc, cell),
                lambda cell: cell_name(self.doc, cell),
                self._save,
                box,
            )
            editor.setAccessibleName(heading or PREFACE_NAME)
            editor.setPlaceholderText(
                "在此输入正文，一段一行；可从 Word/WPS 粘贴。插入表中数字：Ctrl+Shift+F"
            )
            editor.set_stored_text(text)
            editor.pending.connect(self._watch_commands)
            editor.menuRequested.connect(lambda pos, e=editor: self._editor_menu(e, pos))
            editor.cursorPositionChanged.connect(lambda e=editor: self._remember(e))
            block.editor = editor
            column.addWidget(editor)
        self.blocks[section_id] = block
        return block

    def _draw_tables(self, block: SectionBlock) -> None:
        if block.tables is not None:
            block.tables.setHtml(tables_html(self.doc.form, block.table_ids, self.doc.draft.values))

    def _cells_changed(self, cells: set[str]) -> None:
        """Figures and tables follow changed cells: at once while the view is shown; while the
        tables are being filled in (the view hidden) once, when it is shown again, so typing in
        the tables does not pay for a layout of the text at every cell."""
        if not self.isVisible():
            self._stale_cells |= cells
            return
        for block in self.blocks.values():
            if block.editor is not None:
                block.editor.refresh_figures(cells)
            elif cells & block.places.keys():
                self._update_cells(block, cells & block.places.keys())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale_cells:
            cells, self._stale_cells = self._stale_cells, set()
            for block in self.blocks.values():
                if block.editor is not None:
                    block.editor.refresh_figures(cells)
                elif cells & block.places.keys():
                    self._draw_tables(block)  # once, however many cells changed

    def _update_cells(self, block: SectionBlock, cells: set[str]) -> None:
        """Write the new numbers of ``cells`` into the table in place (its layout is kept)."""
        view = block.tables
        frames = view.document().rootFrame().childFrames() if view is not None else []
        table = next((f for f in frames if isinstance(f, QTextTable)), None)
        if table is None:
            self._draw_tables(block)
            return
        for cell_id in cells:
            row, column = block.places[cell_id]
            cell = table.cellAt(row, column)
            if not cell.isValid():
                continue
            cursor = cell.firstCursorPosition()
            cursor.setPosition(
                cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.insertText(display_value(self.doc.value(cell_id)))

    def _update_title(self, title: str) -> None:
        self.title.setText(title)
        self.outline_title.setText(title or "标题")
        self.outline_title.setToolTip(title)

    def _remember(self, editor: SectionEditor) -> None:
        self.last_editor = editor

    # -- the sections' own list (editable forms) ------------------------------------------------

    def ask_heading(self, title: str, default: str) -> str | None:
        """A heading typed in a small dialog (tests replace it)."""
        from govreport_gui.gui.section_menu import ask_heading

        return ask_heading(self, title, default)

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """A question before a section with text is removed (the window's; tests replace it)."""
        window = self.window()
        asker = getattr(window, "confirm", None)
        return bool(asker(title, text, yes)) if callable(asker) else False

    def heading_text(self, section_id: str) -> str:
        block = self.blocks.get(section_id)
        return block.heading.text() if block is not None else ""

    def show_problem(self, text: str) -> None:
        self.problem.emit(text)

    def _outline_menu(self, pos: QPoint) -> None:
        item = self.outline.itemAt(pos)
        section_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if section_id is not None:
            self._section_menu(str(section_id), self.outline.viewport().mapToGlobal(pos))

    def _section_menu(self, section_id: str, where: QPoint) -> None:
        from govreport_gui.gui.section_menu import section_menu

        menu = section_menu(self, section_id, self)
        menu.exec(where)
        menu.deleteLater()

    # -- following the document -----------------------------------------------------------------

    def _on_change(self, change: ChangeSet) -> None:
        if change.headings:
            self.flush()
            self._build()
            return
        for section_id in change.sections:
            self.reload(section_id)
        if change.cells:
            self._cells_changed(set(change.cells))
        if "year" in change.fields or "unit" in change.fields:
            report = report_text(self.doc)
            self._update_title(report.title)
            for section in report.sections:  # a heading may name the year (四、2019年工作思路)
                shown = self.blocks.get(section.id)
                if shown is not None:
                    shown.heading.setText(section.heading)
                    row = self._outline_row(section.id)
                    if row is not None:
                        self.outline.item(row).setText(section.heading or PREFACE_NAME)
        if change.editability:
            self.update_lock()
        if change.comments or change.editability or change.sections:
            self.mark_comments()

    def reload(self, section_id: str) -> None:
        """Show the section's text as the draft has it (after an undo, or another window's
        change), unless the editor holds a change not saved yet (it is saved next)."""
        block = self.blocks.get(section_id)
        if block is None or block.editor is None or block.editor.is_pending:
            return
        block.editor.set_stored_text(self.doc.draft.texts.get(section_id, ""))

    def update_lock(self) -> None:
        """Read-only (greyed, with the reason) while the draft may not change."""
        reason = self.lock_reason()
        self.lock_note.setText(reason)
        self.lock_note.setVisible(bool(reason))
        for block in self.blocks.values():
            if block.editor is not None:
                block.editor.setReadOnly(bool(reason))
                block.editor.setStyleSheet(
                    "QTextEdit { background: #f8f9fa; color: #5f6368; }" if reason else ""
                )

    def lock_reason(self) -> str:
        draft = self.doc.draft
        if self.doc.editable:
            return ""
        if draft.readonly:
            return f"正文只读：{draft.readonly_reason}"
        if self.doc.review_mode:
            return "审核模式下正文只读；可右键某一段“批注此段…”提意见。"
        if draft.signed:
            return "已签发：正文与数字一同锁定（撤销签发后才能修改）。"
        if draft.locked:
            return "已提交审核：正文与数字在审核期间锁定。"
        return "正文当前不能修改。"

    # -- saving ---------------------------------------------------------------------------------

    def _save(self, section_id: str, text: str) -> bool:
        try:
            text_ops.set_section_text(self.doc, section_id, text)
        except (DraftError, text_ops.SectionTextError) as exc:
            message = exc.message if isinstance(exc, DraftError) else str(exc)
            self.problem.emit(f"正文未保存：{message}")
            return False
        return True

    def flush(self) -> bool:
        """Save every text typed and not saved yet (before another command, a switch of view,
        closing); False when a save was refused (its message was shown)."""
        saved = True
        for block in self.blocks.values():
            if block.editor is not None and block.editor.is_pending:
                saved = block.editor.flush() and saved
        self._stop_watching()
        return saved

    def pending(self) -> bool:
        return any(b.editor is not None and b.editor.is_pending for b in self.blocks.values())

    def _watch_commands(self) -> None:
        # While a text is unsaved, any command (a shortcut, a click on a menu, a button or a
        # cell elsewhere) saves it first: watched at the application, only while needed.
        app = QApplication.instance()
        if not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True
            self.pendingStarted.emit()

    def _stop_watching(self) -> None:
        app = QApplication.instance()
        if self._watching and app is not None:
            app.removeEventFilter(self)
        self._watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Shortcut or (
            kind == QEvent.Type.MouseButtonPress and not self._inside_pending(watched)
        ):
            self.flush()
        return False

    def _inside_pending(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        for block in self.blocks.values():
            editor = block.editor
            pending = editor is not None and editor.is_pending
            if (
                pending
                and editor is not None
                and (watched is editor or editor.isAncestorOf(watched))
            ):
                return True
        return False

    # -- moving around --------------------------------------------------------------------------

    def section_ids(self) -> list[str]:
        return list(self.blocks)

    def _outline_row(self, section_id: str) -> int | None:
        for row in range(self.outline.count()):
            if self.outline.item(row).data(Qt.ItemDataRole.UserRole) == section_id:
                return row
        return None

    def _outline_clicked(self, item: QListWidgetItem) -> None:
        section_id = item.data(Qt.ItemDataRole.UserRole)
        if section_id is None:
            self.area.verticalScrollBar().setValue(0)
            return
        self.jump_to(str(section_id))

    def jump_to(self, section_id: str, focus: bool = True) -> bool:
        """Scroll the section to the top of the view (its editor focused); False: no such section."""
        block = self.blocks.get(section_id)
        if block is None:
            return False
        inner = self.area.widget()
        if inner is not None:
            settle_layout()
            top = block.box.mapTo(inner, block.box.rect().topLeft()).y()
            self.area.verticalScrollBar().setValue(top)
        row = self._outline_row(section_id)
        if row is not None:
            self.outline.setCurrentRow(row)
        if focus and block.editor is not None:
            block.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_first(self) -> None:
        """The view from its top (the title), the keyboard in the first section's editor."""
        self.area.verticalScrollBar().setValue(0)
        editor = self._first_editor()
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
            self.area.verticalScrollBar().setValue(0)

    def current_section(self) -> str | None:
        """The section at the top of the view (what the outline shows as current)."""
        inner = self.area.widget()
        if inner is None or not self.blocks:
            return None
        top = self.area.verticalScrollBar().value() + 8
        current = next(iter(self.blocks))
        for section_id, block in self.blocks.items():
            if block.box.mapTo(inner, block.box.rect().topLeft()).y() <= top:
                current = section_id
        return current

    def _follow_scroll(self, _value: int) -> None:
        section_id = self.current_section()
        row = self._outline_row(section_id) if section_id else None
        if row is not None and row != self.outline.currentRow():
            self.outline.blockSignals(True)
            self.outline.setCurrentRow(row)
            self.outline.blockSignals(False)

    def step_section(self, step: int) -> bool:
        """F6 / Shift+F6: the next / previous section (round at the ends)."""
        ids = self.section_ids()
        if not ids:
            return False
        focused = QApplication.focusWidget()
        here = next(
            (i for i, b in self.blocks.items() if b.editor is not None and b.editor is focused),
            self.current_section(),
        )
        index = ids.index(here) if here in ids else -1
        return self.jump_to(ids[(index + step) % len(ids)])

    # -- figures --------------------------------------------------------------------------------

    def insert_figure(self, pick: Callable[[], str | None] | None = None) -> bool:
        """插入数字…: pick a cell, its figure goes in at the cursor of the last editor used."""
        editor = self.last_editor or self._first_editor()
        if editor is None:
            return False
        if editor.isReadOnly():
            self.message.emit(self.lock_reason() or "正文当前不能修改。")
            return False
        cell = pick() if pick is not None else self._pick()
        if cell is None:
            return False
        editor.setFocus()
        editor.insert_figure(cell)
        self.message.emit(f"已插入 {cell_name(self.doc, cell)} 的数字（随表格变化）。")
        return True

    def _pick(self) -> str | None:
        dialog = FigurePicker(self.doc, self)
        if dialog.exec() != FigurePicker.DialogCode.Accepted:
            return None
        return dialog.chosen

    def _first_editor(self) -> SectionEditor | None:
        return next((b.editor for b in self.blocks.values() if b.editor is not None), None)

    # -- the editor's menu, comments ------------------------------------------------------------

    def _editor_menu(self, editor: SectionEditor, pos: QPointF) -> None:
        self.last_editor = editor
        menu = self.editor_menu(editor, pos)
        menu.exec(editor.viewport().mapToGlobal(pos.toPoint()))
        menu.deleteLater()

    def editor_menu(self, editor: SectionEditor, pos: QPointF) -> QMenu:
        """The right-click menu of an editor: cut/copy/paste, 插入数字…, 批注此段…"""
        menu = editor.createStandardContextMenu(pos.toPoint())
        for action in menu.actions():  # the editor keeps no undo of its own (section_editor.py)
            if action.objectName() in ("edit-undo", "edit-redo"):
                menu.removeAction(action)
        menu.addSeparator()
        insert = menu.addAction("插入数字…\tCtrl+Shift+F")
        insert.setObjectName("insertFigure")
        insert.setEnabled(not editor.isReadOnly())
        insert.triggered.connect(lambda: self.insert_figure())
        number = self.paragraph_at(editor, pos)
        comment = menu.addAction("批注此段…")
        comment.setObjectName("commentParagraph")
        comment.setEnabled(self.doc.review_mode and number is not None)
        comment.triggered.connect(lambda: self.comment_paragraph(editor.section_id, number or 0))
        return menu

    def paragraph_at(self, editor: SectionEditor, pos: QPointF) -> int | None:
        """The paragraph (from 1, counting the non-empty ones as the stored text does) at ``pos``."""
        block = editor.cursorForPosition(pos.toPoint()).block()
        if not block.text().strip():
            return None
        number = 0
        current = editor.document().begin()
        while current.isValid():
            if current.text().strip():
                number += 1
            if current == block:
                return number
            current = current.next()
        return None

    def comment_paragraph(
        self, section_id: str, number: int, ask: Callable[[], str | None] | None = None
    ) -> bool:
        """批注此段…: a reviewer's comment on paragraph ``number`` of a section."""
        if not self.doc.review_mode or number < 1:
            return False
        if ask is None:
            text, ok = QInputDialog.getMultiLineText(self, f"批注第 {number} 段", "意见：")
            body = text.strip() if ok else None
        else:
            body = ask()
        if not body:
            return False
        try:
            review_ops.add_comment(self.doc, body, cell=paragraph_target(section_id, number))
        except (DraftError, ValueError) as exc:
            self.problem.emit(exc.message if isinstance(exc, DraftError) else str(exc))
            return False
        self.message.emit("意见已保存。")
        return True

    def commented_paragraphs(self) -> dict[str, set[int]]:
        """The paragraphs with open comments, by section."""
        from govreport_gui.core.ops import review

        found: dict[str, set[int]] = {}
        for comment in review.comments(self.doc.draft, open_only=True):
            parsed = parse_paragraph_target(comment.cell or "")
            if parsed is not None:
                found.setdefault(parsed[0], set()).add(parsed[1])
        return found

    def mark_comments(self) -> None:
        """Paragraphs with open comments on a light yellow background."""
        marked = self.commented_paragraphs()
        for section_id, block in self.blocks.items():
            if block.editor is not None:
                self._apply_marks(block.editor, marked.get(section_id, set()))

    def _apply_marks(self, editor: SectionEditor, numbers: set[int]) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        number = 0
        block = editor.document().begin()
        while block.isValid():
            if block.text().strip():
                number += 1
                if number in numbers:
                    selection = QTextEdit.ExtraSelection()
                    cursor = QTextCursor(block)
                    cursor.movePosition(
                        QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                    )
                    selection.cursor = cursor
                    fmt = QTextCharFormat()
                    fmt.setBackground(COMMENT_BACKGROUND)
                    fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
                    fmt.setToolTip("此段有审核意见（见“审核意见”面板）")
                    selection.format = fmt
                    selections.append(selection)
            block = block.next()
        editor.setProperty("commentMarks", len(selections))
        editor.setExtraSelections(selections + self._problem_marks.get(editor.section_id, []))

    # -- problems in the text (the text checks' hook) -------------------------------------------

    def show_paragraph(self, section_id: str, number: int) -> bool:
        """Put the cursor at the start of paragraph ``number`` (from 1) of a section (a comment
        on it chosen in the 审核意见 pane); False when it no longer exists."""
        block = self.blocks.get(section_id)
        if block is None or block.editor is None:
            return False
        text_block = _paragraph_block(block.editor, number)
        if text_block is None:
            return False
        self.jump_to(section_id)
        cursor = QTextCursor(text_block)
        block.editor.setTextCursor(cursor)
        self._ensure_cursor_visible(block.editor)
        return True

    def _ensure_cursor_visible(self, editor: SectionEditor) -> None:
        rect = editor.cursorRect()
        inner = self.area.widget()
        if inner is not None:
            point = editor.viewport().mapTo(inner, rect.center())
            self.area.ensureVisible(point.x(), point.y(), 20, 60)

    def show_text_problem(self, section_id: str, paragraph: int, start: int, end: int) -> bool:
        """Show a problem found in the text: jump to the section, underline the span and select
        it. ``paragraph`` counts from 1 the non-empty paragraphs (as ``ReportSection.paragraphs``);
        ``start`` / ``end`` are offsets in that paragraph's stored text (a figure's token counts
        as its characters, as the checks read the text). False when that place no longer exists."""
        block = self.blocks.get(section_id)
        if block is None or block.editor is None:
            return False
        editor = block.editor
        text_block = _paragraph_block(editor, paragraph)
        if text_block is None:
            return False
        first = text_block.position() + _editor_offset(text_block, start)
        last = text_block.position() + _editor_offset(text_block, end)
        cursor = QTextCursor(editor.document())
        cursor.setPosition(first)
        cursor.setPosition(max(first, last), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(cursor)
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(PROBLEM_COLOR)
        mark.format = fmt
        self._problem_marks = {section_id: [mark]}
        self.mark_comments()
        self.jump_to(section_id)
        editor.setTextCursor(cursor)
        self._ensure_cursor_visible(editor)
        return True

    def problem_marks(self, section_id: str) -> list[tuple[int, int]]:
        """(start, end) in the document of the spans underlined in a section (tests, screen readers)."""
        return [
            (m.cursor.selectionStart(), m.cursor.selectionEnd())
            for m in self._problem_marks.get(section_id, [])
        ]

    def detach(self) -> None:
        self.flush()  # which stops watching for commands too
        self.doc.unsubscribe(self._on_change)


def _paragraph_block(editor: SectionEditor, number: int) -> QTextBlock | None:
    """The block of paragraph ``number``, counting from 1 the non-empty ones (as the stored
    text's ``ReportSection.paragraphs`` and the comments' targets do)."""
    block = editor.document().begin()
    count = 0
    while block.isValid():
        if block.text().strip():
            count += 1
            if count == number:
                return block
        block = block.next()
    return None


def settle_layout() -> None:
    """Lay the view out now: an editor's height follows its text's layout, which follows its
    width, so a jump right after the view was shown (or the text loaded) lands where it should."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _editor_offset(block: QTextBlock, stored_offset: int) -> int:
    """The position in a paragraph of the editor (a figure is one character) of an offset in its
    stored text (a figure is its token ``{{CELL_ID}}``)."""
    lengths: list[int] = []  # what each character of the block is in the stored text
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        fmt = fragment.charFormat()
        figure = fmt.objectType() == FIGURE_TYPE
        cell = str(fmt.property(CELL_PROPERTY)) if figure else ""
        for ch in fragment.text():
            lengths.append(len(token(cell)) if figure and ch == OBJECT_CHAR else 1)
        it += 1
    stored = 0
    for index, length in enumerate(lengths):
        if stored >= stored_offset:
            return index
        stored += length
    return len(lengths)
