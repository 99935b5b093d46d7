"""The start screen: recent drafts and the local library, 新建 / 打开… / 打开示例."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.store import library, settings
from govreport_gui.core.timefmt import format_time
from govreport_gui.gui.after_paint import after_paint

_Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("填报单位", "年度", "表单", "状态", "最后修改", "文件", "位置")
# Drafts read (each one opened) per turn of the event loop: a library of thousands fills in while
# the window answers. ``reload`` reads the first chunk at once; the page shown for the first time
# is drawn first (the list empty, never “还没有草稿” when there are drafts), then read.
CHUNK = 32


@dataclass(frozen=True)
class DraftRow:
    """One draft's row, its texts made once when it is read (``data()`` only hands them out)."""

    summary: library.DraftSummary
    texts: tuple[str, ...]  # one per column
    tooltip: str
    path: str

    @classmethod
    def of(cls, d: library.DraftSummary) -> DraftRow:
        if d.problem:
            texts: tuple[str, ...] = (
                d.path.name,
                "",
                "无法读取",
                d.problem,
                "",
                d.path.name,
                d.where,
            )
        else:
            texts = (
                d.unit or "（未填单位）",
                d.year,
                f"{d.form_title}（{d.form_id.rsplit('-', 1)[-1]} 版）" if d.form_id else "",
                d.status_name,
                format_time(d.last_change),
                d.path.stem,  # tells apart two drafts of one unit and year
                d.where,  # 本机草稿库, or the folder (shortened; the tooltip has it whole)
            )
        where = "（本机草稿库）" if d.in_library else ""
        tooltip = f"{d.path}{where}" + (f"\n{d.problem}" if d.problem else "")
        return cls(d, texts, tooltip, str(d.path))


class DraftListModel(QAbstractTableModel):
    """The library and the recent files, most recently changed first.

    :meth:`reload` reads them all at once; :meth:`load` reads the first :data:`CHUNK` at once and
    the others :data:`CHUNK` per turn of the event loop, each put in its place in the order
    (``loaded`` when the last one is in)."""

    loaded = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[DraftRow] = []
        self._pending: list[tuple[Path, bool]] = []
        self._unlisted = False  # load(first_now=False): the files are not even listed yet
        self._timer = QTimer(self)  # a child: it goes with the model, never calls a dead one
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._read_chunk)

    @property
    def drafts(self) -> list[library.DraftSummary]:
        return [row.summary for row in self.rows]

    @property
    def loading(self) -> bool:
        return self._unlisted or bool(self._pending)

    def reload(self) -> None:
        self._timer.stop()
        self._pending = []
        self._unlisted = False
        rows = [DraftRow.of(d) for d in library.list_drafts()]
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()
        self.loaded.emit()

    def load(self, first_now: bool = True) -> None:
        """Start listing again: the first rows now, or at :meth:`read_more` (``first_now`` off)."""
        self._timer.stop()
        self.beginResetModel()
        self.rows = []
        self.endResetModel()
        self._pending = []
        # Not even the names yet, when later: whether there is anything is found at once.
        self._unlisted = not first_now and library.has_drafts()
        if first_now:
            self._pending = library.draft_sources()  # names and times only: nothing opened yet
            self._read_chunk()

    def read_more(self) -> None:
        """Read the next rows now (and go on a bit at a time), unless all are in."""
        if self._unlisted:
            self._unlisted = False
            self._pending = library.draft_sources()
        if self._pending:
            self._timer.stop()
            self._read_chunk()

    def _read_chunk(self) -> None:
        chunk, self._pending = self._pending[:CHUNK], self._pending[CHUNK:]
        for path, in_library in chunk:
            self._insert(DraftRow.of(library.summarise(path, in_library)))
        if self._pending:
            self._timer.start()
        else:
            self.loaded.emit()

    def _insert(self, row: DraftRow) -> None:
        # After every row changed later (or as late): the order a full sort gives.
        key = row.summary.last_change
        low, high = 0, len(self.rows)
        while low < high:
            middle = (low + high) // 2
            if self.rows[middle].summary.last_change >= key:
                low = middle + 1
            else:
                high = middle
        self.beginInsertRows(QModelIndex(), low, low)
        self.rows.insert(low, row)
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[index.column()]
        if role == PATH_ROLE:
            return row.path
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip
        return None


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    exampleRequested = Signal()
    freshExampleRequested = Signal()
    draftChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # One calm column, centred, that does not spread over a wide screen.
        column = QWidget(self)
        column.setMaximumWidth(1080)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        title = QLabel("政府信息公开年报填报", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(
            "填写、校验、审核并导出《政府信息公开工作年度报告》统计表。草稿随时自动保存在本机。",
            self,
        )
        subtitle.setWordWrap(True)
        subtitle.setStyleSheet("color: #5f6368;")
        layout.addWidget(title)
        layout.addWidget(subtitle)

        buttons = QHBoxLayout()
        style = self.style()
        self.new_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), "新建…", self
        )
        self.open_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), "打开…", self
        )
        self.example_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView), "打开示例", self
        )
        self.example_button.setToolTip("打开自带示例：自治区机关事务管理局 2018 年度统计表的副本")
        self.fresh_example_button = QPushButton("重新打开原始示例", self)
        self.fresh_example_button.setToolTip(
            "新建一份未改过的示例副本（已改过的副本改名保留在草稿库中，不会删除）"
        )
        for button in (
            self.new_button,
            self.open_button,
            self.example_button,
            self.fresh_example_button,
        ):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        caption = QLabel("最近的草稿", self)
        caption_font = caption.font()
        caption_font.setBold(True)
        caption.setFont(caption_font)
        layout.addWidget(caption)
        self.model = DraftListModel(self)
        self.list = QTableView(self)
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        # Columns are fitted once to the first rows read (``_fit_columns``), never again per row
        # added; rows are all one line high (no fitting of their heights).
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list.setShowGrid(False)
        self.list.setAlternatingRowColors(True)
        # A long folder or file name loses its middle, not its end (the folder that says where).
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(
            f"还没有草稿。点“新建…”开始填报，或点“打开示例”看一份填好的统计表。\n草稿保存在：{settings.library_dir()}",
            self,
        )
        self.empty.setStyleSheet("color: #5f6368;")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        # With no drafts the list is hidden: keep the rest together at the top.
        self.filler = QWidget(column)
        layout.addWidget(self.filler, 1)

        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.example_button.clicked.connect(self.exampleRequested)
        self.fresh_example_button.clicked.connect(self.freshExampleRequested)
        self.list.activated.connect(self._chosen)  # Enter, and a double click
        # Listing the library opens every draft in it: done when the page is first shown (and
        # drawn), so ``govreport-gui PATH`` (and the example) never wait for it.
        self._stale = True
        self._fitted = False
        self.model.rowsInserted.connect(self._rows_added)
        self.model.loaded.connect(self._rows_added)  # also when the files were gone meanwhile

    def reload(self) -> None:
        """List the library again now, or when the page is next shown."""
        self._stale = True
        if self.isVisible():
            self._reload_now()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            # The page is drawn first (with an empty list, or 还没有草稿 when there is nothing to
            # read: that is known without opening a file), its rows read right after.
            self._reload_now(first_now=False)
            if self.model.loading:
                after_paint(self.window(), self.model.read_more)

    def _reload_now(self, first_now: bool = True) -> None:
        self._stale = False
        self._fitted = False
        # The first rows now (or after the paint), the others a bit at a time (``_rows_added``).
        self.model.load(first_now)
        self._rows_added()

    def _rows_added(self) -> None:
        has = self.model.rowCount() > 0 or self.model.loading
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.filler.setVisible(not has)
        if self.model.rowCount() > 0 and not self._fitted:
            self._fitted = True
            self.list.selectRow(0)
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Once, to the rows read first; the user may then widen or narrow any column."""
        self.list.resizeColumnsToContents()
        # Long file names must not push the 位置 column (where the copy lives) out of sight.
        name_column = _HEADERS.index("文件")
        if self.list.columnWidth(name_column) > 240:
            self.list.setColumnWidth(name_column, 240)

    def focus_list(self) -> None:
        """The keyboard on the recent drafts (Enter opens the selected one), else on 新建…."""
        if self._stale:
            self._reload_now()
        if self.model.rowCount() > 0:
            if not self.list.currentIndex().isValid():
                self.list.selectRow(0)
            self.list.setFocus()
        else:
            self.new_button.setFocus()

    def _chosen(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.draftChosen.emit(path)
