"""The table view: spreadsheet-like keyboard entry over a :class:`FormTableModel`.

Typing starts editing; Enter commits and moves down to the next value cell (headings skipped);
Tab / Shift+Tab move along value cells; Delete clears; a bad entry keeps the editor open with the
reason, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from govreport_gui.core.forms.values import ValueInputError, is_not_applicable
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.document import PasteError, parse_clipboard, plan_paste
from govreport_gui.core.store.draft import DraftError
from govreport_gui.gui import style
from govreport_gui.gui.form_model import COMMENT_ROLE, HINT_ROLE, INDENT_ROLE, FormTableModel
from govreport_gui.gui.grouped_header import GroupedHeader
from govreport_gui.gui.readable import readable
from govreport_gui.gui.table_nav import (
    QT_MOVES,
    Move,
    NavigableView,
    Spot,
    TableNavigator,
    move_for,
)

_Index = QModelIndex | QPersistentModelIndex
# Keys that commit an entry and move on (in the editor, the other keys move the caret).
_EDITOR_MOVES = ("down", "up", "next", "previous")
_FIT_ROWS = QEvent.Type(QEvent.registerEventType())  # FormTableView._fit_soon
_A = QAbstractItemView.CursorAction
_ACTION_COMMANDS = {
    _A.MoveDown: "down",
    _A.MoveUp: "up",
    _A.MoveLeft: "left",
    _A.MoveRight: "right",
    _A.MoveNext: "next",
    _A.MovePrevious: "previous",
    _A.MoveHome: "home",
    _A.MoveEnd: "end",
    _A.MovePageUp: "page_up",
    _A.MovePageDown: "page_down",
}
_CTRL_COMMANDS = {
    "down": "jump_down",
    "up": "jump_up",
    "left": "jump_left",
    "right": "jump_right",
    "home": "first",
    "end": "last",
}


def _caret_to_end(editor: QLineEdit) -> None:
    try:
        editor.deselect()
        editor.end(False)
    except RuntimeError:  # the editor was closed before the timer ran
        pass


class ValueDelegate(QStyledItemDelegate):
    """Paints indentation and "应为 N" hints; validates typed text before it is committed."""

    def __init__(self, view: FormTableView) -> None:
        super().__init__(view)
        self.view = view
        self.last_editor: QLineEdit | None = None

    def _em(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance("国")

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        indent = index.data(INDENT_ROLE)
        if indent:
            option.rect.setLeft(option.rect.left() + int(indent) * self._em(option))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        if index.data(COMMENT_ROLE):
            # A small corner mark, as spreadsheets show comments.
            r = option.rect
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.COMMENT_MARK)
            size = max(6, r.height() // 4)
            painter.drawPolygon(
                [
                    QPoint(r.right() - size, r.top()),
                    QPoint(r.right(), r.top()),
                    QPoint(r.right(), r.top() + size),
                ]
            )
            painter.restore()
        hint = index.data(HINT_ROLE)
        if hint:
            painter.save()
            painter.setPen(self.hint_colour(option, index))
            font = option.font
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(
                option.rect.adjusted(4, 0, -6, 0),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                hint,
            )
            painter.restore()

    def background(self, option: QStyleOptionViewItem, index: _Index) -> QColor:
        """The colour the cell is painted in: the selection's, its state's, or the base."""
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            group = (
                QPalette.ColorGroup.Active
                if option.state & QStyle.StateFlag.State_Active
                else QPalette.ColorGroup.Inactive
            )
            return palette.color(group, QPalette.ColorRole.Highlight)
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(brush, QBrush):
            return brush.color()
        if isinstance(brush, QColor):
            return brush
        return palette.color(QPalette.ColorRole.Base)

    def hint_colour(self, option: QStyleOptionViewItem, index: _Index) -> QColor:
        """Grey for "应为 N", darkened or lightened as much as needed to read on its background."""
        return readable(style.HINT_FG, self.background(option, index))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        self.last_editor = editor
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        if not editor.text():  # a key that started editing has already typed into it
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            # F2 / double click: the caret at the end, as in Excel and WPS (typing appends).
            QTimer.singleShot(0, lambda: _caret_to_end(editor))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QLineEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            move = move_for(event)
            if move is not None and move.command in _EDITOR_MOVES:
                if not self.view.accept_editor_text(editor):
                    return True  # keep editing: the reason is shown, the text stays
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.view.step_to(move.command)
                return True
        return super().eventFilter(editor, event)


class FormTableView(NavigableView):
    message = Signal(str)  # a status-bar message
    problem = Signal(str)  # something the user must read (bad input, failed save)

    def __init__(self, model: FormTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.form_model = model
        self.setHorizontalHeader(GroupedHeader(model.table, model.first_value_column, self))
        self.delegate = ValueDelegate(self)
        self.setItemDelegate(self.delegate)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(False)
        self.setCornerButtonEnabled(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("国")
        header.setMinimumSectionSize(em * 3)
        for section in range(1, model.columnCount()):
            # The user may widen a column by dragging its border; figures widen it themselves.
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(section, self._fitting_width(section))
        if not any(row.label for row in model.table.rows) and not model.table.stub_note:
            # Table 四 is one unlabeled row of 15 figures: no empty label column to waste room.
            # Its columns share the width evenly (counts are short; the minimum keeps them legible).
            self.setColumnHidden(0, True)
            for section in range(1, model.columnCount()):
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        self._rows_fitted_to = -1  # the label column width the row heights were fitted to
        self._showing_reason = False  # a refused entry's reason is on screen
        self._fit_posted = False
        header.sectionResized.connect(lambda *_: self._fit_soon())
        model.dataChanged.connect(self._widen_for_values)
        model.modelReset.connect(self._widen_all)
        model.inputRejected.connect(self._input_rejected)
        model.writeFailed.connect(self.problem)
        self._value_positions = sorted(model._cells)
        self._base_font = QFont(self.font())  # 100% zoom
        self.zoom = 100
        self._nav_target: QModelIndex | None = None
        # Alone, or replaced by the page's navigator over its sub-tables (DraftPage).
        self.navigator: TableNavigator[FormTableView] = TableNavigator([self])

    # -- column widths -----------------------------------------------------------------------

    def _text_width(self, index: QModelIndex) -> int:
        """The room the cell's figure (and its "应为 N" hint, when it has one) needs."""
        metrics = self.fontMetrics()
        text = index.data(Qt.ItemDataRole.DisplayRole)
        hint = index.data(HINT_ROLE)
        width = metrics.horizontalAdvance(str(text)) if text not in (None, "") else 0
        if hint:
            width = max(width, metrics.horizontalAdvance(str(hint)))
        return width + metrics.horizontalAdvance("国")  # margins, focus frame, comment mark

    def _fitting_width(self, section: int) -> int:
        """A value column wide enough for its title in at most two lines and every figure in it.

        Figures are never cut ("24252.311082" must not show as "4252.311082"); wide tables
        (table 四 has 15 value columns) start narrower so they fit a screen.
        """
        model = self.form_model
        em = self.fontMetrics().horizontalAdvance("国")
        is_unit = model.table.show_unit and section == 1
        if is_unit:
            width = 4 * em
        else:
            width = (7 if len(model.table.columns) <= 4 else 5) * em
            column = model.table.columns[section - model.first_value_column]
            title = self.horizontalHeader().fontMetrics()
            half = column.label[: (len(column.label) + 1) // 2]
            width = max(width, title.horizontalAdvance(half) + em)
        for row in range(model.rowCount()):
            width = max(width, self._text_width(model.index(row, section)))
        return width

    def _widen_for_values(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: Any) -> None:
        """Grow (never shrink) the columns whose figures no longer fit: cheap, one edit at a time."""
        for section in range(max(1, top_left.column()), bottom_right.column() + 1):
            needed = max(
                self._text_width(self.form_model.index(row, section))
                for row in range(top_left.row(), bottom_right.row() + 1)
            )
            if needed > self.columnWidth(section):
                self.setColumnWidth(section, needed)

    def _widen_all(self) -> None:
        for section in range(1, self.form_model.columnCount()):
            width = self._fitting_width(section)
            if width > self.columnWidth(section):
                self.setColumnWidth(section, width)

    # -- navigation (the rules are in table_nav.py) ---------------------------------------------

    def value_positions(self) -> list[tuple[int, int]]:
        """(row, column) of every value cell, in reading order."""
        return self._value_positions

    def first_value_column(self) -> int:
        return self.form_model.first_value_column

    def first_value_index(self) -> QModelIndex:
        if not self._value_positions:
            return QModelIndex()
        return self.model().index(*self._value_positions[0])

    def _filled(self, spot: Spot[FormTableView]) -> bool:
        cell = spot.view.form_model.cell_at(spot.index())
        return cell is not None and spot.view.form_model.doc.value(cell.id) is not None

    def target(self, command: str) -> Spot[FormTableView] | None:
        return self.navigator.target(self, self.currentIndex(), command, self._filled)

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        if self._nav_target is not None:  # computed by keyPressEvent for this very key
            return self._nav_target
        command = _ACTION_COMMANDS.get(action)
        if command is None:
            return self.currentIndex()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            if command not in _CTRL_COMMANDS:
                return self.currentIndex()  # Ctrl+PgDn / Ctrl+Tab switch tables, not cells
            command = _CTRL_COMMANDS[command]
        spot = self.target(command)
        if spot is None or spot.view is not self:
            return self.currentIndex()
        return spot.index()

    def selectionCommand(
        self, index: _Index, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        flags = QItemSelectionModel.SelectionFlag
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and Qt.Key(event.key()) in QT_MOVES
        ):
            # Qt moves without selecting on Ctrl+key; a Ctrl+arrow jump selects where it lands
            # (Ctrl+Shift extends the selection), as in Excel and WPS.
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return flags.SelectCurrent
            return flags.ClearAndSelect
        return super().selectionCommand(index, event)

    def go(self, index: QModelIndex) -> None:
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def enter_at(self, index: QModelIndex) -> None:
        """Take the focus with ``index`` current (a move from another sub-table of the page)."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.go(index)

    def _navigate(self, event: QKeyEvent, move: Move) -> None:
        spot = self.target(move.command)
        if spot is None:
            event.ignore()
            return
        key = Qt.Key(event.key())
        if spot.view is self:
            if key in QT_MOVES:
                # Qt applies the move (with Shift it extends the selection from its anchor).
                self._nav_target = spot.index()
                try:
                    super().keyPressEvent(event)
                finally:
                    self._nav_target = None
                if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                    event.accept()  # at the edge: not on to the scroll area, which would scroll
                # Tab at the very last cell is left ignored: the focus goes on to the next field.
                return
            self.go(spot.index())
            return
        event.accept()
        if not move.extend:  # a selection stays within one sub-table
            spot.view.enter_at(spot.index())

    def step_to(self, direction: str) -> None:
        spot = self.target(direction)
        if spot is None:
            return
        if spot.view is self:
            self.go(spot.index())
        else:
            spot.view.enter_at(spot.index())

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.navigator.last_view = self
        current = self.currentIndex()
        if not current.isValid():
            super().focusInEvent(event)  # Qt picks the first cell (and repaints all, once)
            return
        # What QAbstractItemView.focusInEvent does, but for its repaint of the whole viewport
        # (and QWidget's of the whole view): each typed figure moves the focus to the cell's
        # editor and back, and on table 三 that repaint of ~200 cells was most of a keystroke.
        self.setAttribute(
            Qt.WidgetAttribute.WA_InputMethodEnabled,
            bool(self.form_model.flags(current) & Qt.ItemFlag.ItemIsEditable),
        )
        self._repaint_focus_look()
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # As focusInEvent: only what looks different without the focus is repainted.
        self._repaint_focus_look()
        event.accept()

    def _repaint_focus_look(self) -> None:
        """Repaint what the focus changes: the selection (active or inactive colour) and the
        current cell (its focus frame); the other cells look the same either way."""
        region = self.visualRegionForSelection(self.selectionModel().selection())
        current = self.currentIndex()
        if current.isValid():
            region = region.united(self.visualRect(current))
        self.viewport().update(region)

    def select_cell(self, cell_id: str) -> bool:
        index = self.form_model.index_of(cell_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus()
        return True

    # -- keys --------------------------------------------------------------------------------

    def keyboardSearch(self, search: str) -> None:
        """Off: Qt would jump to a label starting with the typed digit ("8" → "8.告知…")."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if (
            self.state() != QAbstractItemView.State.EditingState
            and text
            and text.isprintable()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            index = self.currentIndex()
            if self.form_model.cell_at(index) is None and index.isValid():
                # Typed on a label or unit: the figure is meant for this row's (first) value cell.
                row_cells = [p for p in self._value_positions if p[0] == index.row()]
                if not row_cells:
                    self.message.emit("这一行是标题，不填数字。")
                    return
                self.setCurrentIndex(self.model().index(*row_cells[0]))
                index = self.currentIndex()
            if not self.form_model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                try:
                    self.form_model.doc.check_editable()
                except DraftError as exc:
                    self.message.emit(f"不能修改：{exc.message.splitlines()[0]}")
                return
        if self.state() != QAbstractItemView.State.EditingState:
            move = move_for(event)
            if move is not None:
                self._navigate(event, move)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_values()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy()
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # Qt opens the editor for an input method's composition, but not for text committed
        # directly (a full-width digit from a Chinese input method): open it with that text.
        commit = event.commitString()
        index = self.currentIndex()
        if (
            commit
            and not event.preeditString()
            and self.state() != QAbstractItemView.State.EditingState
            and self.form_model.flags(index) & Qt.ItemFlag.ItemIsEditable
            and self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, event)
        ):
            editor = self.delegate.last_editor
            if editor is not None:
                editor.setText(commit)
            event.accept()
            return
        super().inputMethodEvent(event)

    def accept_editor_text(self, editor: QLineEdit) -> bool:
        """Check typed text before committing; on bad input, say why next to the editor."""
        cell = self.form_model.cell_at(self.currentIndex())
        if cell is None:
            return True
        try:
            self.form_model.doc.parse(cell.id, editor.text())
        except ValueInputError as exc:
            self._show_reason(editor, exc.reason)
            self._showing_reason = True
            return False
        if self._showing_reason:
            # The corrected entry is accepted: the earlier reason no longer applies.
            self._showing_reason = False
            QToolTip.hideText()
            self.message.emit("")
        if cell.kind.is_numeric and is_not_applicable(editor.text()):
            self.message.emit(
                f"“{editor.text().strip()}”表示不适用：此格按空白处理（与删除相同，不是 0）。"
            )
        return True

    def _show_reason(self, widget: QWidget, reason: str) -> None:
        QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), reason, widget)
        self.message.emit(reason)

    def _input_rejected(self, cell_id: str, reason: str) -> None:
        label = self.form_model.doc.form.cell(cell_id).label
        self.problem.emit(f"“{label}”没有修改：{reason}")

    # -- clipboard and clearing -------------------------------------------------------------------

    def selected_cell_ids(self) -> list[str]:
        cells = [self.form_model.cell_at(i) for i in self.selectedIndexes()]
        return [c.id for c in sorted((c for c in cells if c is not None), key=lambda c: c.index)]

    def clear_selection_values(self) -> None:
        doc = self.form_model.doc
        cells = [c for c in self.selected_cell_ids() if doc.value(c) is not None]
        if not cells:
            return
        self._edit(lambda: edit_ops.clear(doc, cells), f"已清除 {len(cells)} 格。")

    def _edit(self, action: Callable[[], object], done: str) -> None:
        """Run one edit op; say ``done`` in the status bar, or why nothing changed."""
        try:
            action()
        except DraftError as exc:
            self.problem.emit(exc.message)
            return
        self.message.emit(done)

    def copy(self) -> None:
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, list[str]] = {}
        for index in indexes:
            rows.setdefault(index.row(), []).append(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in rows.values()) + "\n")

    def paste(self, text: str | None = None) -> None:
        doc = self.form_model.doc
        try:
            doc.check_editable()
        except DraftError as exc:  # read-only, submitted, signed, review mode: say which
            self.problem.emit(f"不能粘贴：{exc.message}")
            return
        # A paste starts at the top-left of the selection (as in a spreadsheet), wherever the
        # cursor ended up after Shift+arrows or a drag.
        selected = sorted(
            (i for i in self.selectedIndexes() if self.form_model.cell_at(i) is not None),
            key=lambda i: (i.row(), i.column()),
        )
        start = selected[0] if selected else self.currentIndex()
        cell = self.form_model.cell_at(start)
        if cell is None:
            self.problem.emit("请先选中要粘贴到的第一个单元格。")
            return
        if text is None:
            text = QGuiApplication.clipboard().text()
        grid = parse_clipboard(text)
        if not grid or grid == [[""]]:
            self.message.emit("剪贴板中没有可粘贴的内容。")
            return
        blanked: list[str] = []  # cells pasted as “/” or “—”: not applicable, read as blank
        try:
            if len(grid) == 1 and len(grid[0]) == 1 and len(selected) > 1:
                # One value into several selected cells fills each of them (as a spreadsheet).
                plan = {}
                for index in selected:
                    target = self.form_model.cell_at(index)
                    assert target is not None
                    plan.update(plan_paste(doc, target.id, grid, blanked))
            else:
                plan = plan_paste(doc, cell.id, grid, blanked)
        except PasteError as exc:
            self.problem.emit("粘贴未执行，没有任何单元格被修改：\n" + "\n".join(exc.problems))
            return
        note = (
            f"其中 {len(blanked)} 格为“/”或“—”（不适用），已按空白处理（不是 0）。"
            if blanked
            else ""
        )
        self._edit(lambda: edit_ops.paste(doc, plan), f"已粘贴 {len(plan)} 格。{note}")

    def set_zoom(self, percent: int) -> None:
        """Scale the table's font (figures, labels, column titles); columns and rows follow."""
        font = QFont(self._base_font)
        if self._base_font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * percent / 100)
        else:  # a font sized in pixels
            font.setPixelSize(max(6, round(self._base_font.pixelSize() * percent / 100)))
        self.setFont(font)
        self.zoom = percent
        header = self.horizontalHeader()
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("国") * 3)
        for section in range(1, self.form_model.columnCount()):
            if header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive:
                self.setColumnWidth(section, self._fitting_width(section))
        self._rows_fitted_to = -1
        self.fit_rows()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_soon()  # rows of a table zoomed while its tab was hidden

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_soon()

    def _fit_soon(self) -> None:
        """Fit the rows once the widths settle: a window being laid out resizes its tables
        several times in one go (shown, docks placed, fitted to the screen), and each fit of a long
        table measures every label. A posted event of normal priority runs before the repaint
        (which Qt posts with a low one), so the table is never drawn unfitted."""
        if not self._fit_posted:
            self._fit_posted = True
            QCoreApplication.postEvent(self, QEvent(_FIT_ROWS))

    def customEvent(self, event: QEvent) -> None:
        if event.type() == _FIT_ROWS:
            self._fit_posted = False
            self.fit_rows()
            return
        super().customEvent(event)

    def fit_rows(self) -> None:
        """Row heights follow the wrapped labels; only the label column's width changes them
        (figures never wrap), so resizing is skipped while that width stays the same."""
        width = self.columnWidth(0)
        if width == self._rows_fitted_to or not self.isVisible():
            return  # a hidden view is fitted when it is shown (it gets a resize event then)
        self._rows_fitted_to = width
        self.resizeRowsToContents()

    def fitted_height(self) -> int:
        """The height that shows every row without a scroll bar."""
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        for row in range(self.model().rowCount()):
            height += self.rowHeight(row)
        if self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        return height


def is_editing(view: QTableView) -> bool:
    return view.state() == QAbstractItemView.State.EditingState
