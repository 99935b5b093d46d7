"""审核台 (issue 17): the reviewer's folder of reports, one row per report, in a window of its own.

文件 → 打开审核台（文件夹）… (Ctrl+Shift+O) or ``govreport-gui --desk FOLDER`` opens it on a folder
(or on files): drafts, values files and exported workbooks — and published reports when
包括已发布的年报 is ticked — listed with unit, year, form, status, errors, warnings, blanks,
sign-off and signature (core/ops/desk_scan.py reads each file). The files are read in a worker
thread (gui/desk_scanner.py) and the rows arrive in chunks, so the first page shows at once and a
progress bar runs until all are read. The folder is watched: a file added, changed or removed is
read again (only those), after a short pause so that a copy of many files is one look.

Keys: Ctrl+F the filter, Esc clears it, Enter opens the report, F5 reads every file again; Tab
goes filter → state → tick box → table → buttons, and the buttons have access keys: 与上年比较
Alt+B, 汇总 Alt+H, 导出清单 Alt+E (also Ctrl+E), 重新扫描 Alt+R.
What the buttons do (open, export, compare, consolidate) is in gui/desk_actions.py.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.ops import desk_scan
from govreport_gui.core.ops.check_summary import SummaryRow
from govreport_gui.core.ops.desk_scan import DeskScan, Plan, Scanned
from govreport_gui.gui import desk_model
from govreport_gui.gui.desk_actions import DeskActions, Opener
from govreport_gui.gui.desk_base import DeskBase
from govreport_gui.gui.desk_model import DeskFilter, DeskModel
from govreport_gui.gui.desk_scanner import DeskScanner

DEBOUNCE_MS = 400  # a folder being copied into changes many times: one look after it settles
POLL_MS = 15_000  # a file changed in place (a draft saved) where no watch reaches it
FILE_WATCH_LIMIT = 1000  # files watched one by one (beyond: the poll sees their changes)
_WIDTHS = {  # pixels: at 1180 wide every column shows; at 800 the unit, file, year and state
    desk_model.UNIT: 150,
    desk_model.FILE: 170,
    desk_model.YEAR: 48,
    desk_model.FORM: 84,
    desk_model.STATUS: 84,
    desk_model.ERRORS: 44,
    desk_model.WARNINGS: 44,
    desk_model.BLANKS: 44,
    desk_model.SIGNED: 52,
    desk_model.SIGNATURE: 160,
    desk_model.TRUSTED: 90,
    desk_model.CHANGED: 132,
}


class DeskWindow(DeskBase):
    """The 审核台 on ``paths`` (folders and files); ``opener`` opens a report in the main window."""

    closed = Signal()

    def __init__(
        self,
        paths: list[Path],
        opener: Opener | None = None,
        published: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # the opener drops it
        self.setObjectName("deskWindow")
        self.scan = DeskScan(paths, published)
        self.model = DeskModel(self)
        self.model.roots = [p for p in paths if p.is_dir()]
        self.proxy = DeskFilter(self.model, self)
        self.scanner = DeskScanner(self)
        self.scanner.planned.connect(self._planned)
        self.scanner.chunk.connect(self._chunk)
        self.scanner.finished.connect(self._finished)
        self.scanner.failed.connect(self._failed)
        self.complete = False  # the last scan read every file it meant to
        self.notices: list[str] = []
        self._pending: bool | None = None  # a look asked for while one runs (True: everything)
        self._to_read = 0
        self._read = 0
        self._closing = False

        self._build()
        self.ops = DeskActions(self, opener)
        self._menus()
        self._title()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(lambda: self.rescan(everything=False))
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._poll)
        self.poll.start()
        screen = self.screen().availableGeometry()  # a 1024×600 screen gets the window within it
        self.resize(min(1180, screen.width()), min(720, screen.height()))
        self.rescan(everything=True)

    # -- the widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        bar = QHBoxLayout()
        self.filter = QLineEdit(central)
        self.filter.setPlaceholderText("筛选：单位、文件名、年度或表单（Ctrl+F；Esc 清除）")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.state = QComboBox(central)
        self.state.addItems(list(desk_model.STATE_FILTERS))
        self.state.setToolTip("只显示某一类报表")
        self.state.currentIndexChanged.connect(self._state_changed)
        self.published = QCheckBox("包括已发布的年报", central)
        self.published.setToolTip("也列出文件夹中的 Word、PDF 和网页格式的年报（.docx .pdf .html）")
        self.published.setChecked(self.scan.published)
        self.published.toggled.connect(self._published_toggled)
        bar.addWidget(self.filter, 3)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.published)
        layout.addLayout(bar)

        self.table = QTableView(central)
        self.table.setObjectName("deskTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(desk_model.FILE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Tab leaves the table for the buttons (the arrows move between the rows).
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        # Every row one line high, fixed: no row is measured (3,000 rows lay out at once).
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        # Tool buttons showing the actions: greyed out when the action does not apply.
        self.open_button = _button(central)
        self.compare_button = _button(central)
        self.consolidate_button = _button(central)
        self.export_button = _button(central)
        self.rescan_button = QPushButton("重新扫描(&R)", central)
        self.rescan_button.setToolTip("重新读取所有文件（F5）")
        for button in (
            self.open_button,
            self.compare_button,
            self.consolidate_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.rescan_button)
        layout.addLayout(buttons)
        # The order the eye reads: the filter, the state, the tick box, the list, the buttons.
        chain: tuple[QWidget, ...] = (
            self.filter,
            self.state,
            self.published,
            self.table,
            self.open_button,
            self.compare_button,
            self.consolidate_button,
            self.export_button,
            self.rescan_button,
        )
        for widget in chain[4:]:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setCentralWidget(central)

        self.summary = QLabel(self)
        self.summary.setObjectName("deskSummary")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("%v / %m")
        self.progress.hide()
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().setSizeGripEnabled(True)

    def _menus(self) -> None:
        a = self.ops
        self.open_button.setDefaultAction(a.act_open)
        self.compare_button.setDefaultAction(a.act_compare)
        self.consolidate_button.setDefaultAction(a.act_consolidate)
        self.export_button.setDefaultAction(a.act_export)
        self.rescan_button.clicked.connect(lambda: self.rescan(everything=True))
        # Enter opens the report (on the table only: Enter in the filter box just filters).
        a.act_open.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        a.act_open.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(a.act_open)
        self.act_find = QAction("筛选", self)
        self.act_find.setShortcut(QKeySequence("Ctrl+F"))
        self.act_find.triggered.connect(self.focus_filter)
        self.act_rescan = QAction("重新扫描", self)
        self.act_rescan.setShortcut(QKeySequence("F5"))
        self.act_rescan.triggered.connect(lambda: self.rescan(everything=True))
        self.act_clear = QAction("清除筛选", self)
        self.act_clear.setShortcut(QKeySequence("Esc"))
        self.act_clear.triggered.connect(self.clear_filter)
        for action in (self.act_find, self.act_rescan, self.act_clear, a.act_export):
            self.addAction(action)
        self.table.selectionModel().selectionChanged.connect(lambda *_: a.update())
        self.proxy.rowsInserted.connect(lambda *_: a.update())
        self.proxy.rowsRemoved.connect(lambda *_: a.update())
        self.proxy.modelReset.connect(a.update)
        self.proxy.layoutChanged.connect(lambda *_: a.update())
        a.update()

    def _title(self) -> None:
        names = "、".join(p.name or str(p) for p in self.scan.paths[:3])
        more = f" 等 {len(self.scan.paths)} 项" if len(self.scan.paths) > 3 else ""
        self.setWindowTitle(f"审核台 — {names}{more}")

    # -- what is selected --------------------------------------------------------------------

    def selected_rows(self) -> list[SummaryRow]:
        rows = self.model.rows
        chosen = self.table.selectionModel().selectedRows()
        return [
            rows[self.proxy.mapToSource(i).row()] for i in sorted(chosen, key=lambda i: i.row())
        ]

    def current_row(self) -> SummaryRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            chosen = self.selected_rows()
            return chosen[0] if chosen else None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def shown_rows(self) -> list[SummaryRow]:
        return self.proxy.rows_shown()

    def table_selection(self) -> list[int]:
        return [index.row() for index in self.table.selectionModel().selectedRows()]

    def shown_count(self) -> int:
        return self.proxy.rowCount()

    # -- the filter ----------------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def clear_filter(self) -> None:
        self.filter.clear()
        self.state.setCurrentIndex(desk_model.ALL)
        self.table.setFocus()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_summary()

    def _state_changed(self, index: int) -> None:
        self.proxy.set_state(max(index, 0))
        self._update_summary()

    def _published_toggled(self, on: bool) -> None:
        self.scan.published = on
        self.rescan(everything=False)

    # -- scanning ------------------------------------------------------------------------------

    @property
    def scanning(self) -> bool:
        return self.scanner.running

    def rescan(self, everything: bool = True) -> None:
        """Look at the files again: all read again (``everything``), or only the new and changed."""
        if self._closing:
            return
        if self.scanner.running:
            self._pending = everything or bool(self._pending)
            return
        self.complete = False
        self.scanner.start(self.scan.paths, self.scan.published, self.scan.stamps, everything)

    def _planned(self, plan: Plan) -> None:
        self.notices = plan.notices
        if plan.removed:
            self.scan.apply([], plan.removed)
            self.model.drop(plan.removed)
            self._mark_duplicates()
        self._to_read, self._read = len(plan.to_read), 0
        if plan.to_read:
            self.progress.setRange(0, len(plan.to_read))
            self.progress.setValue(0)
            self.progress.show()
        self._update_summary()

    def _chunk(self, scanned: list[Scanned]) -> None:
        self.scan.apply(scanned)
        self.model.put([row for row, _ in scanned])
        self._mark_duplicates()
        self._read += len(scanned)
        self.progress.setValue(self._read)
        self._update_summary()
        self.ops.update()

    def _finished(self, complete: bool) -> None:
        self.complete = complete
        self.progress.hide()
        self._watch()
        self._update_summary()
        self.ops.update()
        if self._pending is not None and not self._closing:
            everything, self._pending = self._pending, None
            self.rescan(everything)

    def _failed(self, exc: object) -> None:
        self.progress.hide()
        if isinstance(exc, BaseException):
            raise exc  # a bug: the crash report shows it, as on the GUI thread

    def _mark_duplicates(self) -> None:
        before = {row.file: (row.duplicate_count, row.copies) for row in self.model.rows}
        desk_scan.mark_all_duplicates(self.model.rows)
        column = desk_model.DUPLICATES
        for i, row in enumerate(self.model.rows):
            if before.get(row.file) != (row.duplicate_count, row.copies):
                index = self.model.index(i, column)
                self.model.dataChanged.emit(index, index)

    def _update_summary(self) -> None:
        rows = self.model.rows
        text = desk_scan.summary_line(rows)
        shown = self.proxy.rowCount()
        if shown != len(rows):
            text += f"（显示 {shown} 份）"
        duplicated = sum(1 for row in rows if row.duplicate_count)
        if duplicated:
            text += f"；同一单位同一年度重复 {duplicated} 份"
        if self.scanning:
            text += f"；正在读取 {self._read} / {self._to_read}…"
        elif not rows:
            text = "文件夹中没有草稿、数值文件或导出的工作簿。"
            if not self.scan.published:
                text += "（要列出 Word/PDF/网页格式的年报，请勾选“包括已发布的年报”。）"
        if self.notices:
            text += f"；已跳过 {len(self.notices)} 项（链接、报表清单或无法读取的文件夹，见提示）"
            self.summary.setToolTip("\n".join(self.notices[:20]))
        else:
            self.summary.setToolTip("")
        self.summary.setText(text)

    # -- watching the folder -----------------------------------------------------------------

    def _watch(self) -> None:
        """Watch the folders listed (and the files, up to a limit), as they are now."""
        folders = [str(p) for p in desk_scan.folders_of(self.scan.paths)]
        files = list(self.scan.stamps)[:FILE_WATCH_LIMIT]
        wanted = set(folders) | set(files)
        now = set(self.watcher.directories()) | set(self.watcher.files())
        gone = [p for p in now if p not in wanted]
        new = [p for p in folders + files if p not in now]
        if gone:
            self.watcher.removePaths(gone)
        if new:
            self.watcher.addPaths(new)  # a path that cannot be watched is left to the poll

    def _changed(self, _path: str) -> None:
        self.debounce.start()

    def _poll(self) -> None:
        if self.isVisible() and not self.scanning and not self.debounce.isActive():
            self.rescan(everything=False)

    # -- opening ---------------------------------------------------------------------------------

    def _double_clicked(self, _index: QModelIndex) -> None:
        self.ops.act_open.trigger()

    def _context_menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        a = self.ops
        for action in (a.act_open, a.act_compare, a.act_consolidate, None, a.act_export):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(at))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.poll.stop()
        self.debounce.stop()
        self.scanner.wait()
        event.accept()
        self.closed.emit()


def _button(parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setMinimumWidth(88)
    return button
