"""A table model over one table of a report (a thin adapter over the core document).

Columns: the label, the unit (when the table prints one), then the table's value columns.
The model keeps no copy of the values: every ``data`` call reads the document, and document
changes arrive as :class:`~govreport_gui.core.ops.changes.ChangeSet` so only the touched cells
are redrawn.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from govreport_gui.core.forms.engine import RuleResult, Status
from govreport_gui.core.forms.formdef import Cell, Severity, Table
from govreport_gui.core.forms.values import Kind, ValueInputError, format_number, to_text
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store.draft import DraftError
from govreport_gui.gui import style

CELL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2  # "应为 3" for a blank total whose parts are filled
INDENT_ROLE = Qt.ItemDataRole.UserRole + 3
HEADING_ROLE = Qt.ItemDataRole.UserRole + 4
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 5  # the cell has an open review comment
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 6  # changed since the last 退回 ('' when not)

# The colours of a cell by its worst problem (FormTableModel.worst).
_PROBLEM_BG = {"error": style.ERROR_BG, "warning": style.WARNING_BG}
_SEVERITY_FG = {
    "error": style.ERROR_FG,
    "warning": style.WARNING_FG,
    "explained": style.EXPLAINED_FG,
}

_Index = QModelIndex | QPersistentModelIndex

# Qt's enum members looked up once: ``data`` runs for every role of every cell painted, and an
# attribute look-up on a PySide 6 enum (``Qt.ItemDataRole.DisplayRole``) costs ~8× a global's,
# combining two flags ~50×.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_TEXT_ROLES = (_DISPLAY, _EDIT)
_CENTERED = Qt.AlignmentFlag.AlignCenter
_RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_VERTICAL = Qt.Orientation.Vertical
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_LABEL_FLAGS = Qt.ItemFlag.ItemIsEnabled
_VALUE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _VALUE_FLAGS | Qt.ItemFlag.ItemIsEditable


class FormTableModel(QAbstractTableModel):
    inputRejected = Signal(str, str)  # cell id, Chinese reason
    writeFailed = Signal(str)  # Chinese reason

    def __init__(self, doc: ReportDocument, table: Table, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table = table
        self.first_value_column = 2 if table.show_unit else 1
        self._cells: dict[tuple[int, int], Cell] = {}
        self._position: dict[str, tuple[int, int]] = {}
        columns = {c.id: i for i, c in enumerate(table.columns)}
        rows = {r.id: i for i, r in enumerate(table.rows)}
        for cell in table.cells:
            pos = (rows[cell.row.id], self.first_value_column + columns[cell.column.id])
            self._cells[pos] = cell
            self._position[cell.id] = pos
        self._heading_font = QFont()
        self._heading_font.setBold(True)
        self.comment_cells: set[str] = set()
        # Set by the review part of the window (gui/review_ui.py): each commented cell's comments
        # as lines for its tooltip, and the cells changed since the last 退回 ("3 → 5（张三）").
        self.comment_notes: dict[str, list[str]] = {}
        self.changed_cells: dict[str, str] = {}
        doc.subscribe(self._on_change)

    # -- structure ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.first_value_column + len(self.table.columns)

    def cell_at(self, index: _Index) -> Cell | None:
        if not index.isValid():
            return None
        return self._cells.get((index.row(), index.column()))

    def index_of(self, cell_id: str) -> QModelIndex:
        pos = self._position.get(cell_id)
        if pos is None:
            return QModelIndex()
        return self.index(*pos)

    def is_value_index(self, row: int, column: int) -> bool:
        return (row, column) in self._cells

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == _VERTICAL:
            return None
        if section == 0:
            return self.table.stub_header
        if self.table.show_unit and section == 1:
            return self.table.unit_header
        column = self.table.columns[section - self.first_value_column]
        return column.label

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _NO_FLAGS
        if self.cell_at(index) is None:
            return _LABEL_FLAGS
        return _EDITABLE_FLAGS if self.doc.editable else _VALUE_FLAGS

    # -- data --------------------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.table.rows[index.row()]
        column = index.column()
        cell = self.cell_at(index)
        if column == 0:
            return self._label_data(row, role)
        if self.table.show_unit and column == 1:
            if role == _DISPLAY:
                return row.unit
            if role == _ALIGNMENT:
                return _CENTERED
            if role == _BACKGROUND and row.heading:
                return style.HEADING_BG
            return None
        if cell is None:
            if role == _BACKGROUND:
                return style.HEADING_BG
            return None
        return self._value_data(cell, role)

    def _label_data(self, row: Any, role: int) -> Any:
        if role == _DISPLAY:
            return f"{row.label}\n{row.note}" if row.note else row.label
        if role == INDENT_ROLE:
            return row.indent
        if role == HEADING_ROLE:
            return row.heading
        if role == _FONT and row.heading:
            return self._heading_font
        if role == _BACKGROUND and row.heading:
            return style.HEADING_BG
        if role == _TOOLTIP:
            return f"{row.label}{row.note}"
        return None

    def _value_data(self, cell: Cell, role: int) -> Any:
        if role in _TEXT_ROLES:
            value = self.doc.value(cell.id)
            if value is None:
                return ""
            text = to_text(value)
            if role == _DISPLAY and cell.kind is not Kind.TEXT and isinstance(value, int):
                return f"{value:,}" if abs(value) >= 10000 else text
            return text
        if role == CELL_ID_ROLE:
            return cell.id
        if role == _ALIGNMENT:
            return _RIGHT_ALIGNED
        if role == _BACKGROUND:
            severity = self.worst(cell.id) or ""
            if severity in _PROBLEM_BG:  # an error or a warning shows above all else
                return _PROBLEM_BG[severity]
            if cell.id in self.changed_cells:
                return style.CHANGED_BG
            if cell.id in self.comment_cells:
                return style.COMMENT_BG
            if severity == "explained":
                return style.EXPLAINED_BG
            if not self.doc.editable:
                return style.LOCKED_BG
            return None
        if role == _FOREGROUND:
            return _SEVERITY_FG.get(self.worst(cell.id) or "")
        if role == HINT_ROLE:
            return self.hint(cell.id)
        if role == COMMENT_ROLE:
            return cell.id in self.comment_cells
        if role == CHANGED_ROLE:
            return self.changed_cells.get(cell.id, "")
        if role == _TOOLTIP:
            return self.tooltip(cell)
        return None

    def failing(self, cell_id: str) -> list[RuleResult]:
        return [r for r in self.doc.checker.results_for_cell(cell_id) if r.status is Status.FAILED]

    def worst(self, cell_id: str) -> str | None:
        """ "error", "warning", "explained" (every failing warning has a 说明) or None."""
        worst = None
        for result in self.doc.checker.results_for_cell(cell_id):
            if result.status is Status.FAILED:
                if result.severity is Severity.ERROR:
                    return "error"
                if self.doc.explanation(result) is None:
                    worst = "warning"
                elif worst is None:
                    worst = "explained"
        return worst

    def hint(self, cell_id: str) -> str:
        if self.doc.value(cell_id) is not None:
            return ""
        for result in self.doc.checker.results_for_cell(cell_id):
            if result.expected is not None and result.cells and result.cells[0] == cell_id:
                return f"应为 {format_number(result.expected)}"
        return ""

    def tooltip(self, cell: Cell) -> str:
        lines = [f"{cell.label}（{cell.kind.chinese}{'，' + cell.unit if cell.unit else ''}）"]
        for result in self.doc.checker.results_for_cell(cell.id):
            if result.status is Status.FAILED:
                tag = "错误" if result.severity is Severity.ERROR else "警告"
                lines.append(f"{tag}：{result.message}")
                if (explained := self.doc.explanation(result)) is not None:
                    lines.append(f"　已说明：{explained}")
                elif (stale := self.doc.stale_explanation(result)) is not None:
                    lines.append(f"　原说明（数字已改变，需重新说明）：{stale}")
            elif (
                result.status is Status.INCOMPLETE
                and result.expected is not None
                and result.cells[0] == cell.id
            ):
                lines.append(f"提示：{result.message}")
        if self.doc.value(cell.id) is None:
            lines.append("尚未填写（空白不等于 0；没有请填 0）")
        if cell.id in self.changed_cells:
            lines.append(f"退回后修改：{self.changed_cells[cell.id]}")
        lines.extend(self.comment_notes.get(cell.id, []))
        try:
            last = self.doc.draft.last_change(cell.id)
        except DraftError:
            last = None  # a damaged history row: the tooltip shows the rest (history says why)
        if last is not None:
            lines.append(
                f"最后修改：{last.who}，{last.local_time}（{last.old or '空'} → {last.new or '空'}）"
            )
        return "\n".join(lines)

    # -- editing -----------------------------------------------------------------------------

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell_at(index)
        if cell is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            edit_ops.type_value(self.doc, cell.id, str(value))
        except ValueInputError as exc:
            self.inputRejected.emit(cell.id, exc.reason)
            return False
        except DraftError as exc:
            self.writeFailed.emit(exc.message)
            return False
        return True

    # -- document changes ----------------------------------------------------------------------

    def _on_change(self, change: ChangeSet) -> None:
        touched: set[str] = set(change.cells)
        for result in change.rules:
            touched.update(result.cells)
        if change.editability:  # locked or unlocked: every cell's flags and tint change
            self.refresh()
            return
        for rule_id in change.explanations:  # an explained warning is shown as settled
            touched.update(self.doc.checker.result(rule_id).cells)
        for cell_id in touched:
            index = self.index_of(cell_id)
            if index.isValid():
                self.dataChanged.emit(index, index)

    def refresh(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def detach(self) -> None:
        self.doc.unsubscribe(self._on_change)
