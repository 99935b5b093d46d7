"""审核 → 与上年报告比较…: one unit's report beside last year's, in the window (issue 17).

The window's side of ``govreport compare``: :func:`show_comparison` reads both files off the GUI
thread (:mod:`.worker`; :func:`govreport_gui.core.ops.compare.compare_files` does the work), then
shows :class:`CompareDialog`: what was compared and the warnings, the list of large jumps and of
the checks against last year's report (上年结转 …), and a table of every figure (项目 / 上年 / 本年 /
变化 / 说明; :class:`CompareModel`) with the rows that carry a note highlighted and a filter
“只看有说明的”. Ctrl+C copies the selected rows as tab-separated text (with the header) for a
spreadsheet; Esc closes. A file that cannot be read, or two reports that cannot be compared, get
a Chinese message and no dialog.

The 审核台 (folder view) calls :func:`show_comparison` with two paths; the menu item
(:mod:`.compare_menu`) asks for the two files first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from govreport_gui.core.forms.values import Value, to_text
from govreport_gui.core.ops.compare import (
    Comparison,
    ComparisonRefused,
    Figure,
    change_text,
    compare_files,
    report_state,
    signature_text,
)

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("项目", "上年", "本年", "变化", "说明")
LABEL, LAST, THIS, CHANGE, REMARK = range(5)
NOTE_BACKGROUND = QColor("#fff1c2")  # a jump: amber, as the form's warnings
FAILED_COLOUR = QColor("#b3261e")  # a prev() check that fails
ABSENT_COLOUR = QColor("#6b6b6b")  # a figure the other year's form has not
FIGURE_ROLE = Qt.ItemDataRole.UserRole + 1  # the row of a list item in the model's figures


class CompareModel(QAbstractTableModel):
    """The figures of a :class:`Comparison`, all or only those with a 说明 (``only_remarks``)."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.only_remarks = False
        self.shown: list[Figure] = list(comparison.figures)

    def set_only_remarks(self, only: bool) -> None:
        self.beginResetModel()
        self.only_remarks = only
        figures = self.comparison.figures
        self.shown = [f for f in figures if f.remark] if only else list(figures)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.shown):
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        figure = self.shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(figure, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return figure.label if column == LABEL else (figure.remark or None)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (LAST, THIS, CHANGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and figure.jump is not None:
            return QBrush(NOTE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and figure.jump is None and figure.remark:
            return QBrush(ABSENT_COLOUR)
        return None

    def row_of(self, figure: Figure) -> int | None:
        for row, shown in enumerate(self.shown):
            if shown is figure:
                return row
        return None

    def rows_text(self, rows: list[int]) -> str:
        """The rows as tab-separated text with the header, for pasting into a spreadsheet."""
        lines = ["\t".join(HEADERS)]
        for row in sorted(rows):
            figure = self.shown[row]
            lines.append("\t".join(cell_text(figure, c) for c in range(len(HEADERS))))
        return "\n".join(lines) + "\n"


def cell_text(figure: Figure, column: int) -> str:
    if column == LABEL:
        return figure.label
    if column == LAST:
        return _value(figure.last, figure.last_cell_id is not None)
    if column == THIS:
        return _value(figure.this, figure.cell_id is not None)
    if column == CHANGE:
        return change_text(figure.change, figure.percent)
    return figure.remark


def _value(value: Value | None, exists: bool) -> str:
    if not exists:
        return "—"
    return "（空）" if value is None else to_text(value)


class _ElideRight(QStyledItemDelegate):
    """The 说明 column cut at its end (the label column keeps its end: the row and column); the
    whole remark is the cell's tooltip."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class _RowsTable(QTableView):
    """A table whose Ctrl+C copies whole selected rows (QTableView's own copies one cell)."""

    def __init__(self, copy: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._copy = copy

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self._copy()
            event.accept()
            return
        super().keyPressEvent(event)


class CompareDialog(QDialog):
    """The comparison: facts and warnings, the notes and checks, the table of figures."""

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(f"与上年报告比较 — {comparison.title}")
        layout = QVBoxLayout(self)
        facts = QFormLayout()
        for name, report in (("上年：", comparison.last), ("本年：", comparison.this)):
            signature = signature_text(report)
            label = QLabel(f"{report.name}（{report_state(report)}）；签名：{signature}", self)
            label.setToolTip(str(report.path))
            label.setWordWrap(True)
            if report.signature is not None and report.signature.invalid:
                label.setStyleSheet(f"color: {FAILED_COLOUR.name()};")
            facts.addRow(name, label)
        layout.addLayout(facts)
        self.warnings = QLabel("\n".join(comparison.warnings), self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.setVisible(bool(comparison.warnings))
        layout.addWidget(self.warnings)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.notes = QListWidget(split)
        self.notes.setWordWrap(True)
        self.notes.setToolTip("单击一项，在下表中找到它")
        self._fill_notes()
        below = QWidget(split)
        table_box = QVBoxLayout(below)
        table_box.setContentsMargins(0, 0, 0, 0)
        self.only_remarks = QCheckBox("只看有说明的", below)
        self.only_remarks.setToolTip("只列出大幅变化和另一年表格中没有的项目")
        self.model = CompareModel(comparison, self)
        self.table = _RowsTable(self.copy_rows, below)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideLeft)  # the row and column stay seen
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(REMARK, _ElideRight(self.table))
        header = self.table.horizontalHeader()
        # 项目 takes the spare width (its labels are long and what the reviewer reads); 说明 gets
        # a set width and is cut at its end, the whole remark in its tooltip and the notes list.
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        for column in (LAST, THIS, CHANGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REMARK, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.copy_action = QAction("复制所选行（Ctrl+C）", self.table)  # the right-click menu
        self.copy_action.triggered.connect(self.copy_rows)
        self.table.addAction(self.copy_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        count = QLabel(self._count_text(), below)
        top = QHBoxLayout()
        top.addWidget(self.only_remarks)
        top.addStretch(1)
        top.addWidget(count)
        table_box.addLayout(top)
        table_box.addWidget(self.table)
        split.addWidget(self.notes)
        split.addWidget(below)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.only_remarks.toggled.connect(self.model.set_only_remarks)
        self.notes.itemActivated.connect(self._go)
        self.notes.itemClicked.connect(self._go)
        self._size_to_screen()
        self.table.setFocus()

    def _fill_notes(self) -> None:
        notes = self.comparison.notes
        self._note_header(
            f"大幅变化 {len(notes)} 项（请核对；不是错误）"
            if notes
            else "没有大幅变化（增减到上年的 10 倍或十分之一、由 0 变多或由多变 0）"
        )
        for figure in notes:
            item = QListWidgetItem(f"    {figure.label}：{figure.remark}", self.notes)
            item.setData(FIGURE_ROLE, self.comparison.figures.index(figure))
            item.setBackground(QBrush(NOTE_BACKGROUND))
        checks = self.comparison.prev_checks
        if not self.comparison.adjacent:
            self._note_header("与上年报告的衔接：两份报告不是相邻年度，上年结转的核对不适用")
            return
        if not checks:
            return
        failed = len(self.comparison.prev_failed)
        rows = {f.cell_id: i for i, f in enumerate(self.comparison.figures) if f.cell_id}
        self._note_header(
            f"与上年报告的衔接：{failed} 项不相符" if failed else "与上年报告的衔接：没有不相符"
        )
        described = ""
        for check in checks:
            if check.description != described:
                described = check.description
                QListWidgetItem(f"    {described}", self.notes)
            item = QListWidgetItem(f"        {check.line}", self.notes)
            if check.cell_id in rows:
                item.setData(FIGURE_ROLE, rows[check.cell_id])
            if check.failed:
                item.setForeground(QBrush(FAILED_COLOUR))

    def _note_header(self, text: str) -> None:
        item = QListWidgetItem(text, self.notes)
        font = item.font()
        font.setBold(True)
        item.setFont(font)

    def _count_text(self) -> str:
        c = self.comparison
        both = len(c.figures) - len(c.unmatched_last) - len(c.unmatched_this)
        return f"共 {len(c.figures)} 项，两年都有的 {both} 项"

    def _size_to_screen(self) -> None:
        """1000×700, or what the screen has room for (a 1024×600 laptop)."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        room = screen.availableGeometry() if screen is not None else None
        width, height = 1000, 700
        if room is not None:
            width, height = min(width, room.width() - 24), min(height, room.height() - 48)
        self.resize(width, height)
        self.table.setColumnWidth(REMARK, max(160, width * 22 // 100))

    def _go(self, item: QListWidgetItem) -> None:
        """Select the figure of a note in the table (showing every row if it is filtered out)."""
        index = item.data(FIGURE_ROLE)
        if index is None:
            return
        figure = self.comparison.figures[int(index)]
        row = self.model.row_of(figure)
        if row is None:
            self.only_remarks.setChecked(False)
            row = self.model.row_of(figure)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, LABEL))

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def copy_rows(self) -> None:
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(self.model.rows_text(rows))


# -- reading in the background --------------------------------------------------------------------


def tell(parent: QWidget, title: str, text: str) -> None:
    """A problem in a message box with 知道了 (not waited for: the window stays usable)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.open()


def _main_window(widget: QWidget) -> QMainWindow | None:
    """The main window ``widget`` is in or belongs to (its status bar shows the busy line)."""
    current: QWidget | None = widget
    while current is not None:
        top = current.window()
        if isinstance(top, QMainWindow):
            return top
        current = top.parentWidget()
    return None


def show_comparison(parent: QWidget, last: Path, this: Path) -> None:
    """Compare ``last`` (last year's report) with ``this`` and show the dialog over ``parent``;
    a Chinese message instead when a file cannot be read or the two cannot be compared."""
    start_comparison(parent, last, this)


def start_comparison(
    parent: QWidget, last: Path, this: Path, shown: Callable[[CompareDialog], None] | None = None
) -> None:
    """:func:`show_comparison`, telling ``shown`` the dialog once it is up (tests, the 审核台)."""

    def done(comparison: Comparison) -> None:
        if not isValid(parent):  # closed while the files were read (a 审核台): no one to tell
            return
        dialog = CompareDialog(comparison, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if shown is not None:
            shown(dialog)

    def failed(exc: Exception) -> None:
        if not isValid(parent):
            return
        if isinstance(exc, ComparisonRefused):
            tell(parent, "无法比较", exc.message)
            return
        from govreport_gui.core.store import crash_log

        written = crash_log.write_exception(type(exc), exc, exc.__traceback__, "govreport-gui")
        where = f"详情已写入 {written}" if written else "错误日志无法写入"
        tell(parent, "无法比较", f"比较时发生内部错误（{type(exc).__name__}），{where}。")

    window = _main_window(parent)
    if window is None:  # no status bar to show the work in: read here, with a busy cursor
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = compare_files(last, this)
        except Exception as exc:  # said in Chinese, as in the background
            QApplication.restoreOverrideCursor()
            failed(exc)
            return
        QApplication.restoreOverrideCursor()
        done(result)
        return
    from govreport_gui.gui.worker import Job

    Job(
        window,
        f"正在比较 {last.name} 与 {this.name}…",
        lambda _progress: compare_files(last, this),
        done,
        failed,
    )
