"""填报说明: the official explanation of the current row, in a "填报说明" pane (F1, 帮助 menu).

The text comes only from the form file's ``[[help]]`` entries (quoted from the notices and the
regulation, each with its source; see forms/README.md). Where a row has no official text the pane
says so plainly — it never makes up guidance.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout, QWidget

from govreport_gui.core.forms.formdef import FormDef, HelpEntry, Row, Table
from govreport_gui.gui.window_base import WindowBase, side_dock

if TYPE_CHECKING:
    from govreport_gui.gui.draft_page import DraftPage
    from govreport_gui.gui.form_view import FormTableView

NO_OFFICIAL_TEXT = "本行没有官方填报说明。"
NO_ROW = "请先选中表格中的一格，再按 F1 查看本行的填报说明。"


def help_html(form: FormDef, table: Table, row: Row) -> str:
    """The pane's text for one row: its own official entries (or that there are none), then the
    entries about its whole table."""
    row_entries, table_entries = form.help_for(table.id, row.id)
    where = " · ".join(p for p in (table.section, table.title) if p and p != form.title)
    name = row.full_label or (table.title or table.section or "本表")
    parts = [f"<h3>{escape(name)}</h3>"]
    if where and where != name:
        parts.append(f"<p style='color:#5f6368'>{escape(where)}</p>")
    if row_entries:
        parts.extend(_entry_html(entry) for entry in row_entries)
    else:
        parts.append(f"<p style='color:#5f6368'>{NO_OFFICIAL_TEXT}</p>")
    if table_entries:
        parts.append("<h4>本表说明</h4>")
        parts.extend(_entry_html(entry) for entry in table_entries)
    return "".join(parts)


def _entry_html(entry: HelpEntry) -> str:
    return (
        f"<p style='margin-left:6px'>{escape(entry.text)}</p>"
        f"<p style='color:#5f6368'>出处：{escape(entry.source)}</p>"
    )


class HelpPane(QTextBrowser):
    """What the dock shows: read-only, selectable (a user may copy the quoted article)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPane")
        self.setAccessibleName("本行填报说明")
        self.setOpenLinks(False)
        # Clicking in the pane must not take the keyboard away from the table for long: it is
        # read-only, and F1 / the cell keys keep working from the table.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.show_message(NO_ROW)

    def show_message(self, text: str) -> None:
        self.setHtml(f"<p style='color:#5f6368'>{escape(text)}</p>")

    def show_row(self, form: FormDef, table: Table, row: Row) -> None:
        self.setHtml(help_html(form, table, row))


class HelpUI(QObject):
    """The "填报说明" dock, the 帮助 menu with 本行填报说明 (F1), and following the current cell."""

    def __init__(self, window: WindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.page: DraftPage | None = None
        self.pane = HelpPane()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.pane)
        self.dock = side_dock(window, "填报说明", "helpDock")
        self.dock.setWidget(holder)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        # A tab beside 问题 and 审核意见: the table keeps its width (also at 1024×600); F1 raises it.
        window.tabifyDockWidget(window.dock, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._on_visibility)

        self.act_row_help = QAction("本行填报说明", window)
        self.act_row_help.setObjectName("actRowHelp")
        self.act_row_help.setShortcut(QKeySequence(Qt.Key.Key_F1))
        # F1 also while a cell's editor is open (the editor is a child of the window).
        self.act_row_help.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.act_row_help.setToolTip("显示当前行的官方填报说明及其出处")
        self.act_row_help.triggered.connect(self.show_help)
        window.addAction(self.act_row_help)
        self.menu = window.menuBar().addMenu("帮助(&H)")
        self.menu.addAction(self.act_row_help)
        self.dock.toggleViewAction().setText("填报说明面板")
        window.menus["view"].addAction(self.dock.toggleViewAction())
        self.attach(None)

    # -- the open draft ------------------------------------------------------------------------

    def attach(self, page: DraftPage | None) -> None:
        """Follow ``page``'s tables (``None``: no draft open)."""
        self.page = page
        self.act_row_help.setEnabled(page is not None)
        self.dock.toggleViewAction().setEnabled(page is not None)
        if page is None:
            self.dock.hide()
            self.pane.show_message(NO_ROW)
            return
        for view in page.views.built():
            self._follow_view(view)
        page.viewMade.connect(self._follow_view)  # the tables of a tab first shown later
        if page.tabs is not None:
            page.tabs.currentChanged.connect(lambda _index: self.refresh())

    def _follow_view(self, view: FormTableView) -> None:
        view.selectionModel().currentChanged.connect(
            lambda current, _previous, v=view: self._on_current(v, current)
        )

    def _on_current(self, view: FormTableView, current: QModelIndex) -> None:
        if self.dock.isVisible() and current.isValid():
            self._show_index(view, current)

    def _on_visibility(self, visible: bool) -> None:
        if visible:
            self.refresh()

    # -- showing -------------------------------------------------------------------------------

    def show_help(self) -> None:
        """F1: open (or raise) the pane on the current row; the keyboard stays in the table."""
        if self.page is None:
            return
        focus = QApplication.focusWidget()
        self.dock.show()
        self.dock.raise_()
        self.refresh()
        if focus is not None and focus is not QApplication.focusWidget():
            focus.setFocus()

    def refresh(self) -> None:
        view = self.page.current_view() if self.page is not None else None
        if view is None or not view.currentIndex().isValid():
            self.pane.show_message(NO_ROW)
            return
        self._show_index(view, view.currentIndex())

    def _show_index(self, view: FormTableView, index: QModelIndex) -> None:
        if self.page is None:
            return
        table = view.form_model.table
        if not 0 <= index.row() < len(table.rows):
            self.pane.show_message(NO_ROW)
            return
        self.pane.show_row(self.page.doc.form, table, table.rows[index.row()])
