"""What the window offers on the table's cells: the right-click menu, 空格填 0, switching tables.

- Right-click on a cell: 复制, 粘贴, 清除, 填入合计 (the selected totals, from their parts), 空格填 0,
  批注 (the review's comment on that cell). Where the draft is locked (submitted, signed, read-only,
  review mode) the entries that change figures are disabled; 复制 stays, and 批注 follows the review's
  own rule (a reviewer comments on a submitted draft).
- 空格填 0: the selected blank value cells get 0, after a question naming how many, as one undo step.
- Ctrl+Tab / Ctrl+PgDn and Ctrl+Shift+Tab / Ctrl+PgUp show the next / previous table (表二/表三/表四),
  round at the ends, with the focus in its remembered cell, from any cell (also while editing one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from govreport_gui.core.ops import edit_ops
from govreport_gui.core.store.draft import DraftError
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from govreport_gui.gui.draft_page import DraftPage


class TableActions:
    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self.act_next_table = QAction("下一张表", window)
        self.act_next_table.setShortcuts([QKeySequence("Ctrl+PgDown"), QKeySequence("Ctrl+Tab")])
        self.act_next_table.triggered.connect(lambda: self.switch_table(1))
        self.act_previous_table = QAction("上一张表", window)
        self.act_previous_table.setShortcuts(
            [QKeySequence("Ctrl+PgUp"), QKeySequence("Ctrl+Shift+Tab")]
        )
        self.act_previous_table.triggered.connect(lambda: self.switch_table(-1))
        self.act_zero = QAction("空格填 0…", window)
        self.act_zero.setToolTip("把所选单元格中的空格填为 0（已填的数不变）")
        self.act_zero.triggered.connect(lambda: self.zero_blanks())
        window.menus["edit"].addAction(self.act_zero)
        view_menu = window.menus["view"]
        view_menu.addSeparator()
        view_menu.addAction(self.act_next_table)
        view_menu.addAction(self.act_previous_table)

    def update(self) -> None:
        doc = self.window.doc
        page = self.window.page
        self.act_zero.setEnabled(bool(doc is not None and doc.editable))
        many = bool(page is not None and page.tabs is not None and page.tabs.count() > 1)
        self.act_next_table.setEnabled(many)
        self.act_previous_table.setEnabled(many)

    def attach(self, page: DraftPage) -> None:
        """Give every table of a newly shown draft its right-click menu."""
        for view in page.views.built():
            self._attach_view(view)
        page.viewMade.connect(self._attach_view)  # the tables of a tab first shown later

    def _attach_view(self, view: FormTableView) -> None:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda pos, v=view: self._show_menu(v, pos))

    # -- the views ---------------------------------------------------------------------------

    def _current_view(self) -> FormTableView | None:
        page = self.window.page
        return page.current_view() if page is not None else None

    @staticmethod
    def selected_cells(view: FormTableView) -> list[str]:
        """The selected cells of the view's table (table 二's sub-tables share one selection)."""
        views = view.navigator.selected_views() or [view]
        return [cell for v in views for cell in v.selected_cell_ids()]

    def switch_table(self, step: int) -> None:
        page = self.window.page
        if page is not None:
            page.switch_table(step)

    # -- the right-click menu --------------------------------------------------------------------

    def _show_menu(self, view: FormTableView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if view.form_model.cell_at(index) is not None and not view.selectionModel().isSelected(
            index
        ):
            view.setCurrentIndex(index)  # a right-click outside the selection selects that cell
        view.setFocus(Qt.FocusReason.PopupFocusReason)
        self.cell_menu(view).exec(view.viewport().mapToGlobal(pos))

    def cell_menu(self, view: FormTableView) -> QMenu:
        menu = QMenu(view)
        doc = self.window.doc
        editable = bool(doc is not None and doc.editable)
        entries = [
            ("复制", view.copy, True),
            ("粘贴", lambda: view.paste(), editable),
            ("清除", view.clear_selection_values, editable),
            None,
            ("填入合计", lambda: self.fill_selected_totals(view), editable),
            ("空格填 0…", lambda: self.zero_blanks(view), editable),
            None,
            (
                "批注…",
                lambda: self.window.review.add_comment(on_cell=True),
                self.window.review.act_comment.isEnabled(),
            ),
        ]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, slot, enabled = entry
            action = menu.addAction(text)
            action.triggered.connect(slot)
            action.setEnabled(enabled)
        return menu

    # -- changing the selected cells -------------------------------------------------------------------

    def fill_selected_totals(self, view: FormTableView) -> None:
        """按分项填入合计, for the selected totals only."""
        doc = self.window.doc
        if doc is None:
            return
        try:
            filled = edit_ops.fill_totals(doc, only=self.selected_cells(view))
        except DraftError as exc:
            self.window.show_problem(exc.message)
            return
        if not filled.cells:
            self.window.statusBar().showMessage(
                "所选单元格中没有可以填入的合计：合计已填写、其分项尚有空格，或所选的不是合计。",
                8000,
            )
            return
        self.window.statusBar().showMessage(
            f"已按分项填入 {len(filled.cells)} 个合计（可撤销）。", 8000
        )

    def zero_blanks(self, view: FormTableView | None = None) -> None:
        """Fill the selected blank value cells with 0, after asking, as one undo step."""
        window = self.window
        doc = window.doc
        view = view or self._current_view()
        if doc is None or view is None:
            return
        try:
            doc.check_editable()
        except DraftError as exc:
            window.show_problem(f"不能填 0：{exc.message}")
            return
        blanks = edit_ops.blank_number_cells(doc, self.selected_cells(view))
        if not blanks:
            window.statusBar().showMessage("所选单元格中没有空格。", 8000)
            return
        if not window.confirm(
            "空格填 0",
            f"把所选的 {len(blanks)} 个空格填为 0 吗？\n已填的数不变；填错了可以撤销。",
            f"填 0（{len(blanks)} 格）",
        ):
            return
        try:
            edit_ops.zero_blanks(doc, blanks)
        except DraftError as exc:
            window.show_problem(exc.message)
            return
        window.statusBar().showMessage(f"已把 {len(blanks)} 个空格填为 0（可撤销）。", 8000)
