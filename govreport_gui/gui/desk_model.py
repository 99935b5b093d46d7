"""The 审核台's table (issue 17): one row per report file, sorted and filtered.

:class:`DeskModel` holds the :class:`~govreport_gui.core.ops.check_summary.SummaryRow` of each file
(nothing more: 3,000 reports stay small) and takes them in chunks as the scan delivers them.
:class:`DeskFilter` sorts (numbers as numbers, blanks last) and filters by a text over unit, file,
year and form and by a state (有错误, 未签发 …).

What tells a row apart comes first, so that a 1024×600 screen shows it: 单位 (for a file that
cannot be read, its name), then 文件; the form as a reviewer names it (2021版格式; the id in the
tooltip); 重复 last.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from govreport_gui.core.ops.check_summary import (
    COPIES_PREFIX,
    FAILED,
    NO,
    SIGNATURE_INVALID,
    UNREADABLE,
    YES,
    SummaryRow,
    failed,
)
from govreport_gui.core.ops.desk_scan import verdict
from govreport_gui.core.ops.signature import SignatureStatus

Index = QModelIndex | QPersistentModelIndex

# The unit and its file first (what tells the rows apart), then the columns the issue lists, the
# duplicates last.
UNIT, FILE, YEAR, FORM, STATUS, ERRORS, WARNINGS, BLANKS, SIGNED, SIGNATURE, TRUSTED = range(11)
CHANGED, DUPLICATES = 11, 12
HEADERS = (
    "单位",
    "文件",
    "年度",
    "表单",
    "状态",
    "错误",
    "警告",
    "未填",
    "已签发",
    "签名",
    "签名人受信任",
    "最后修改",
    "重复",
)
NUMBERS = (ERRORS, WARNINGS, BLANKS)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2  # the file's full path (str)
RED = QColor("#b3261e")
INVALID = SignatureStatus.INVALID.value

# The state filter: its label (the verdicts in check's words) and which rows it keeps.
ALL, HAS_ERRORS, HAS_WARNINGS, UNSIGNED, BAD_SIGNATURE, DUPLICATED, UNREADABLE_ROWS = range(7)
STATE_FILTERS = ("全部", FAILED, "有警告", "未签发", SIGNATURE_INVALID, "重复", UNREADABLE)


def keeps(state: int, row: SummaryRow) -> bool:
    """Whether the state filter ``state`` keeps ``row``."""
    if state == HAS_ERRORS:
        return not row.unreadable and failed(row)
    if state == HAS_WARNINGS:
        return bool(row.warnings)
    if state == UNSIGNED:  # a report that could be signed and is not (a values file cannot be)
        return row.signed == NO
    if state == BAD_SIGNATURE:
        return row.signature == INVALID
    if state == DUPLICATED:
        return row.duplicate_count > 0
    if state == UNREADABLE_ROWS:
        return bool(row.unreadable)
    return True


class DeskModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SummaryRow] = []
        self._where: dict[str, int] = {}  # file → its row
        self._names: dict[str, str] = {}  # file → as shown (computed once: sorting asks often)
        self.roots: list[Path] = []  # the folders listed: files are shown relative to them

    # -- the Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == PATH_ROLE:
            return row.file
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: SummaryRow, column: int) -> str:
        if column == UNIT:
            if row.unreadable:  # which file it is must show without scrolling
                return f"（{UNREADABLE}）{os.path.basename(row.file)}"
            return row.unit or "（未填单位）"
        if column == YEAR:
            return row.year
        if column == FORM:
            return row.form_name
        if column == STATUS:
            return row.status
        if column in NUMBERS:
            number = (row.errors, row.warnings, row.blanks)[column - ERRORS]
            return "" if number is None else str(number)
        if column == SIGNED:
            return row.signed
        if column == SIGNATURE:
            return row.signature
        if column == TRUSTED:
            return row.trusted
        if column == CHANGED:
            return row.last_change
        if column == FILE:
            return self.shown_name(row.file)
        if column == DUPLICATES:
            return _duplicate_text(row)
        return ""

    def _sort_key(self, row: SummaryRow, column: int) -> Any:
        if column in NUMBERS:
            number = (row.errors, row.warnings, row.blanks)[column - ERRORS]
            return -1 if number is None else number  # an unreadable file: below 0
        if column == DUPLICATES:
            return row.duplicate_count
        if column == YEAR:
            return int(row.year) if row.year.isdigit() else -1
        return self._text(row, column)

    def _colour(self, row: SummaryRow, column: int) -> QBrush | None:
        red = (
            (column == ERRORS and bool(row.errors))
            or (column == SIGNATURE and row.signature == INVALID)
            or (column == STATUS and row.status in (UNREADABLE, SIGNATURE_INVALID))
            or (column == DUPLICATES and row.duplicate_count > 0)
        )
        return QBrush(RED) if red else None

    def _tip(self, row: SummaryRow, column: int) -> str | None:
        if row.unreadable:  # the reason names the file mostly: its path said once
            if row.file in row.unreadable:
                return f"{UNREADABLE}：{row.unreadable}"
            return f"{UNREADABLE}：{row.unreadable}\n{row.file}"
        if column == DUPLICATES and (row.duplicate_count or row.copy_count):
            parts = []
            if row.duplicate_count:
                parts.append(
                    "同一单位同一年度、数字不同的报表还有：\n"
                    + _listed(row.duplicates, row.duplicate_count)
                )
            if row.copy_count:
                parts.append(
                    "数字相同的同一报告的其他格式（不算重复）：\n"
                    + _listed(row.copies, row.copy_count)
                )
            return "\n\n".join(parts)
        if column == SIGNATURE and row.signer:
            return f"签发人：{row.signer}"
        if column == FORM:
            return f"{row.form_title}\n{row.form_id}"
        if column == STATUS and row.status == SIGNATURE_INVALID:
            return "签发后报表被改动过，签名已不成立：请与报送单位核实"
        if column == FILE:
            return row.file
        if column in NUMBERS:  # the verdict in check's words: 通过 is not all of it
            return verdict(row)
        return None

    # -- rows in and out ---------------------------------------------------------------------

    def shown_name(self, file: str) -> str:
        """The file relative to the folder listed that holds it (else its full path)."""
        name = self._names.get(file)
        if name is None:
            name = file
            for root in self.roots:
                prefix = os.path.join(str(root), "")
                if file.startswith(prefix):
                    name = file[len(prefix) :]
                    break
            self._names[file] = name
        return name

    def row_of(self, file: str) -> SummaryRow | None:
        at = self._where.get(file)
        return None if at is None else self.rows[at]

    def put(self, rows: Sequence[SummaryRow]) -> None:
        """Add new files' rows at the end and replace the rows of files already listed."""
        new: list[SummaryRow] = []
        for row in rows:
            at = self._where.get(row.file)
            if at is None:
                new.append(row)
            else:
                self.rows[at] = row
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(HEADERS) - 1))
        if new:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for i, row in enumerate(new, start=first):
                self._where[row.file] = i
            self.rows.extend(new)
            self.endInsertRows()

    def drop(self, files: Iterable[str]) -> None:
        """Remove the rows of ``files`` (files gone from the folder)."""
        for at in sorted((self._where[f] for f in set(files) if f in self._where), reverse=True):
            self.beginRemoveRows(QModelIndex(), at, at)
            self._names.pop(self.rows[at].file, None)
            del self.rows[at]
            self.endRemoveRows()
        self._where = {row.file: i for i, row in enumerate(self.rows)}

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._where = {}
        self._names = {}
        self.endResetModel()

    def duplicates_changed(self) -> None:
        """The duplicate marks were computed again: their cells (and the filter) follow."""
        if self.rows:
            last = len(self.rows) - 1
            self.dataChanged.emit(self.index(0, DUPLICATES), self.index(last, DUPLICATES))


def _duplicate_text(row: SummaryRow) -> str:
    """重复 2 份 (figures that differ); the same report in other formats is said apart."""
    parts = []
    if row.duplicate_count:
        parts.append(f"重复 {row.duplicate_count + 1} 份")
    if row.copy_count:
        parts.append(COPIES_PREFIX + "、".join(os.path.basename(f) for f in row.copies[:3]))
        if row.copy_count > 3:
            parts[-1] += f" 等 {row.copy_count} 份"
    return "；".join(parts)


def _listed(names: list[str], count: int) -> str:
    more = f"\n……共 {count} 份" if count > len(names) else ""
    return "\n".join(names) + more


class DeskFilter(QSortFilterProxyModel):
    """Sort by :data:`SORT_ROLE`; keep the rows whose unit, file, year or form holds the text and
    whose state the state filter keeps."""

    def __init__(self, source: DeskModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = source
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self.setDynamicSortFilter(True)
        self.text = ""
        self.state = ALL

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: int) -> None:
        self.beginFilterChange()
        self.state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        rows = self.desk.rows
        if not 0 <= source_row < len(rows):
            return False
        row = rows[source_row]
        if self.text and not any(
            self.text in text.casefold()
            for text in (
                row.unit,
                self.desk.shown_name(row.file),
                row.year,
                row.form_name,
                row.form_id,
                row.form_title,
            )
        ):
            return False
        return keeps(self.state, row)

    # No lessThan of our own: Qt compares the sort role's ints as numbers and its strings by the
    # locale, in C++ (a Python lessThan made sorting 3,000 rows during a scan seconds slower).

    def rows_shown(self) -> list[SummaryRow]:
        """The rows the filter keeps, in the order shown."""
        rows = self.desk.rows
        return [rows[self.mapToSource(self.index(i, 0)).row()] for i in range(self.rowCount())]


__all__ = ["YES", "DeskFilter", "DeskModel", "keeps"]
