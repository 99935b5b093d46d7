"""Keyboard navigation over the value cells of one page of tables, as a spreadsheet user expects.

What "the table" is: one page (one tab). Table 二 of the 2019/2021 forms is four small tables one
under another (第二十条第（一）（五）（六）（八）项), each its own view; for the keyboard they are ONE
continuous table, as on paper: Down / Enter from the last row of one sub-table goes on into the first
row of the next, Up / Shift+Enter from the first row back into the previous one, Tab at the end of a
row wraps into the next row (also in the next sub-table), Ctrl+Home / Ctrl+End go to the first / last
value cell of the whole page, Ctrl+Up / Ctrl+Down and PgUp / PgDn run through all of them. Between
sub-tables with different numbers of columns the column is kept by its place among the value columns
(the n-th, or the last one when the next sub-table has fewer). Left / Right / Home / End and
Ctrl+Left / Ctrl+Right stay in their row. A selection cannot span two views, so Shift+movement
(extending a selection) stops at the edge of its sub-table. The sub-tables also keep ONE selection
between them: selecting in one clears the others.

Heading rows (no value cells) and the label / unit columns are skipped by every move.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QScrollArea, QTableView, QWidget

from govreport_gui.core.forms.record import Record
from govreport_gui.gui.pyside_costs import adopt_viewport

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

# Keys that move the current cell, and the command each gives without / with Ctrl.
_PLAIN = {
    K.Key_Up: "up",
    K.Key_Down: "down",
    K.Key_Left: "left",
    K.Key_Right: "right",
    K.Key_Home: "home",
    K.Key_End: "end",
    K.Key_PageUp: "page_up",
    K.Key_PageDown: "page_down",
    K.Key_Tab: "next",
    K.Key_Backtab: "previous",
    K.Key_Return: "down",
    K.Key_Enter: "down",
}
_WITH_CTRL = {
    K.Key_Up: "jump_up",
    K.Key_Down: "jump_down",
    K.Key_Left: "jump_left",
    K.Key_Right: "jump_right",
    K.Key_Home: "first",
    K.Key_End: "last",
}
# Keys Qt's own item-view key handling moves with (it extends the selection when Shift is held).
QT_MOVES = frozenset(_PLAIN) - {K.Key_Return, K.Key_Enter}


# Records, not frozen dataclasses: no generated methods compiled while the window starts (issue 14).
class Move(Record):
    command: str
    extend: bool  # Shift held: extend the selection (stays within one view)


def move_for(event: QKeyEvent) -> Move | None:
    """The move a key press asks for, or None when it is not a navigation key."""
    key = Qt.Key(event.key())
    mods = event.modifiers()
    if mods & ALT:
        return None
    shift = bool(mods & SHIFT)
    if mods & CTRL:
        command = _WITH_CTRL.get(key)
        return Move(command, shift) if command else None
    command = _PLAIN.get(key)
    if command is None:
        return None
    if key in (K.Key_Return, K.Key_Enter):
        return Move("up" if shift else "down", False)  # Shift+Enter goes up, as in Excel and WPS
    if key in (K.Key_Tab, K.Key_Backtab):
        return Move(command, False)
    return Move(command, shift)


class NavigableView(QTableView):
    """What the navigator needs of a view (``form_view.FormTableView`` is the one such view).

    Declared here, so that this module does not import ``form_view`` (which imports this one):
    the navigator is generic in the view type and hands back the caller's own views.
    """

    navigator: TableNavigator[Any]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        adopt_viewport(self)

    def value_positions(self) -> list[tuple[int, int]]:
        """(row, column) of every value cell, in reading order."""
        raise NotImplementedError

    def first_value_column(self) -> int:
        raise NotImplementedError

    def first_value_index(self) -> QModelIndex:
        raise NotImplementedError


V = TypeVar("V", bound=NavigableView)


class Spot(Record, Generic[V]):
    """One value cell of the page: the view that shows it, its row and column there."""

    view: V
    row: int
    column: int

    def index(self) -> QModelIndex:
        return self.view.model().index(self.row, self.column)


class TableNavigator(QObject, Generic[V]):
    """The value cells of one page's views (one view, or the sub-tables of table 二), in order."""

    def __init__(self, views: list[V], scroll: QScrollArea | None = None) -> None:
        super().__init__(views[0])
        self.views = views
        self.scroll = scroll
        self.last_view = views[0]  # where focus returns when the page is shown again
        for view in views:
            view.navigator = self
            if len(views) > 1:
                view.selectionModel().selectionChanged.connect(
                    lambda *_, v=view: self._selected_in(v)
                )

    # -- one selection between the sub-tables -------------------------------------------------

    def _selected_in(self, view: V) -> None:
        if not view.selectionModel().hasSelection():
            return
        for other in self.views:
            if other is not view and other.selectionModel().hasSelection():
                other.clearSelection()

    def selected_views(self) -> list[V]:
        return [v for v in self.views if v.selectionModel().hasSelection()]

    # -- the cells, in reading order -------------------------------------------------------------

    def _rows(self) -> list[list[Spot[V]]]:
        rows: list[list[Spot[V]]] = []
        for view in self.views:
            current: int | None = None
            for row, column in view.value_positions():
                if row != current:
                    rows.append([])
                    current = row
                rows[-1].append(Spot(view, row, column))
        return rows

    def _order(self, view: V, row: int) -> tuple[int, int]:
        return (self.views.index(view), row)

    def target(
        self,
        view: V,
        current: QModelIndex,
        command: str,
        filled: Callable[[Spot[V]], bool] | None = None,
    ) -> Spot[V] | None:
        """Where ``command`` goes from ``current`` (in ``view``); the same cell when it cannot move."""
        rows = self._rows()
        if not rows:
            return None
        cells = [spot for r in rows for spot in r]
        if command == "first":
            return cells[0]
        if command == "last":
            return cells[-1]
        if not current.isValid():
            return cells[0]
        here = self._order(view, current.row())
        at = next((i for i, r in enumerate(rows) if self._order(r[0].view, r[0].row) == here), None)
        if at is None:
            # On a heading row: the nearest row of value cells in the direction of the move.
            later = [i for i, r in enumerate(rows) if self._order(r[0].view, r[0].row) > here]
            earlier = [i for i, r in enumerate(rows) if self._order(r[0].view, r[0].row) < here]
            backwards = command in ("up", "previous", "jump_up", "page_up")
            if backwards and earlier:
                return rows[earlier[-1]][0]
            return rows[later[0]][0] if later else rows[earlier[-1]][0]
        row = rows[at]
        columns = [s.column for s in row]
        if current.column() not in columns and command in ("left", "right", "next", "previous"):
            return row[0]  # on the label or unit column: a move starts at the first value cell
        k = columns.index(current.column()) if current.column() in columns else 0
        spot = row[k]
        ordinal = spot.column - spot.view.first_value_column()

        def in_column(r: list[Spot[V]]) -> Spot[V]:
            """The cell of row ``r`` in the same (n-th) value column, or the nearest before it."""
            before = [s for s in r if s.column - s.view.first_value_column() <= ordinal]
            return before[-1] if before else r[0]

        if command == "home":
            return row[0]
        if command == "end":
            return row[-1]
        if command in ("left", "right"):
            step = 1 if command == "right" else -1
            return row[k + step] if 0 <= k + step < len(row) else spot
        if command in ("next", "previous"):
            n = cells.index(spot) + (1 if command == "next" else -1)
            return cells[n] if 0 <= n < len(cells) else spot
        if command in ("up", "down"):
            n = at + (1 if command == "down" else -1)
            return in_column(rows[n]) if 0 <= n < len(rows) else spot
        if command in ("jump_left", "jump_right"):
            return _jump(row, k, 1 if command == "jump_right" else -1, filled or _never)
        if command in ("jump_up", "jump_down"):
            line = [in_column(r) for r in rows]
            return _jump(line, at, 1 if command == "jump_down" else -1, filled or _never)
        if command in ("page_up", "page_down"):
            line = [in_column(r) for r in rows]
            return self._page(line, at, 1 if command == "page_down" else -1)
        return spot

    # -- pages -----------------------------------------------------------------------------------------

    def page_height(self, view: V) -> int:
        if self.scroll is not None:
            return self.scroll.viewport().height()
        return view.viewport().height()

    def _y(self, spot: Spot[V]) -> int:
        """The top of the cell's row in the page's coordinates (unscrolled)."""
        view = spot.view
        y = view.verticalHeader().sectionPosition(spot.row)
        inner = self.scroll.widget() if self.scroll is not None else None
        if inner is not None:
            y += view.viewport().mapTo(inner, QPoint(0, 0)).y()
        return y

    def _page(self, line: list[Spot[V]], at: int, step: int) -> Spot[V]:
        """The farthest cell of the column within one visible page (at least one cell on)."""
        start = self._y(line[at])
        page = max(1, self.page_height(line[at].view))
        n = at + step
        if not 0 <= n < len(line):
            return line[at]
        while 0 <= n + step < len(line) and abs(self._y(line[n + step]) - start) <= page:
            n += step
        return line[n]

    # -- focus -----------------------------------------------------------------------------------------

    def focus(self) -> V:
        """Give the focus to the page's remembered view and cell (its first value cell at first)."""
        view = self.last_view
        if not view.currentIndex().isValid():
            view.setCurrentIndex(view.first_value_index())
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        view.scrollTo(view.currentIndex())
        return view


def _never(_: Spot[V]) -> bool:
    return False


def _jump(line: list[Spot[V]], k: int, step: int, filled: Callable[[Spot[V]], bool]) -> Spot[V]:
    """Ctrl+arrow as in Excel and WPS: from a filled cell followed by a filled one, to the last
    filled cell before a blank; otherwise to the next filled cell; at the edge, to the last cell."""
    n = k + step
    if not 0 <= n < len(line):
        return line[k]
    if filled(line[k]) and filled(line[n]):
        while 0 <= n + step < len(line) and filled(line[n + step]):
            n += step
        return line[n]
    while 0 <= n < len(line):
        if filled(line[n]):
            return line[n]
        n += step
    return line[-1] if step > 0 else line[0]
