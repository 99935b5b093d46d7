"""插入数字…: pick the cell whose figure goes into the text, by typing part of its name.

Every value cell of the form is listed by its readable name (the cell's label, its table's title,
its id) with its current number; typing filters the list (any part of the name, the id, or the
number), the line completes from the same names, and Enter inserts the highlighted cell.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.report.figures import BLANK_FIGURE, render, token

CELL_ROLE = Qt.ItemDataRole.UserRole


def cell_name(doc: ReportDocument, cell_id: str) -> str:
    """A cell as the picker and the figure's tool tip name it: 表 · 标签."""
    cell = doc.form.cell(cell_id)
    table = next((t for t in doc.form.tables if t.id == cell.table_id), None)
    where = (table.title or table.section) if table is not None else ""
    return f"{where} · {cell.label}" if where and where != doc.form.title else cell.label


def shown_figure(doc: ReportDocument, cell_id: str) -> str:
    """The number a figure of ``cell_id`` shows (as the exports print it)."""
    return render(token(cell_id), doc.form, doc.draft.values)


class FigurePicker(QDialog):
    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("插入数字")
        self.resize(560, 420)
        self.chosen: str | None = None
        box = QVBoxLayout(self)
        hint = QLabel(
            "输入单元格名称的一部分（如“网站”“新收”），按回车插入。插入的数字随表格变化。", self
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("单元格名称、表名或编号")
        self.search.setClearButtonEnabled(True)
        box.addWidget(self.search)
        self.list = QListWidget(self)
        box.addWidget(self.list, 1)
        names: list[str] = []
        for table in doc.form.tables:
            for cell in table.cells:
                number = shown_figure(doc, cell.id)
                shown = "空" if number == BLANK_FIGURE else number
                name = cell_name(doc, cell.id)
                item = QListWidgetItem(f"{name}　= {shown}", self.list)
                item.setData(CELL_ROLE, cell.id)
                item.setToolTip(f"{name}（{cell.id}）")
                names.append(name)
        completer = QCompleter(names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.setCompleter(completer)
        self.search.textChanged.connect(self.filter)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("插入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.search.setFocus()

    def filter(self, text: str) -> None:
        """Show the cells whose name, id or number contains every word of ``text``."""
        words = text.lower().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            haystack = f"{item.text()} {item.data(CELL_ROLE)}".lower()
            hidden = not all(w in haystack for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up / Down move in the list while the typing stays in the line.
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.search.hasFocus():
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = self.list.currentRow() + step
            while 0 <= row < self.list.count() and self.list.item(row).isHidden():
                row += step
            if 0 <= row < self.list.count():
                self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        self.chosen = str(item.data(CELL_ROLE))
        super().accept()
