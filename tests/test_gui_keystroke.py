"""What one typed figure costs the window: only what it changed is redrawn (issue 14).

A figure typed into a cell and committed with Enter repaints the cell, the cells of the rules whose
result changed, and the problems panel's rows that changed; the rest of the table and the panel's
other rows stay as they were. Nothing here is timed (benchmarks/keystroke.py measures the time).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import K, enter, example, home, new_draft, open_draft, press, select, window
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage, QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import CELL_ROLE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers

_TX = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}  # SQL that opens or ends one


class Painted(QObject):
    """The region of a widget painted since the last :meth:`clear`."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.region = QRegion()
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.region = self.region.united(event.region())
        return False

    def clear(self) -> None:
        self.region = QRegion()

    def covers(self, rect: QRect) -> bool:
        return self.region.intersects(rect)


def settle(qtbot: Any) -> None:
    """Let every posted repaint happen."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def test_a_typed_figure_repaints_its_cell_and_rules_not_the_whole_table(
    qtbot: Any, window: MainWindow
) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2023"))
    view = select(qtbot, window, "granted.natural")  # 表三, the biggest table
    painted = Painted(view.viewport())
    settle(qtbot)
    edited = view.visualRect(view.form_model.index_of("granted.natural"))
    # Neither in granted's row nor in the natural column: no rule of the edited cell reads it.
    elsewhere = view.visualRect(view.form_model.index_of("withheld_internal.research"))
    assert view.viewport().rect().contains(elsewhere)  # on screen: it would be painted

    painted.clear()
    qtbot.keyClick(view, "7")  # the editor opens with the digit
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    settle(qtbot)
    assert not painted.covers(elsewhere), "opening the editor repainted the whole table"

    painted.clear()
    press(qtbot, K.Key_Return)
    settle(qtbot)
    assert window.doc is not None and window.doc.value("granted.natural") == 7
    assert QApplication.focusWidget() is view
    assert painted.covers(edited)
    assert not painted.covers(elsewhere), "committing a figure repainted the whole table"


def test_the_selection_is_repainted_when_the_table_loses_and_regains_the_focus(
    qtbot: Any, window: MainWindow
) -> None:
    """The selection's colour follows the focus (active/inactive): those cells are repainted."""
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2023"))
    view = select(qtbot, window, "granted.natural")
    painted = Painted(view.viewport())
    settle(qtbot)
    selected = view.visualRect(view.currentIndex())
    assert window.page is not None
    painted.clear()
    window.page.field_edits["unit"].setFocus()  # the focus goes to a header field
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.page.field_edits["unit"])
    settle(qtbot)
    assert painted.covers(selected)
    painted.clear()
    view.setFocus()
    settle(qtbot)
    assert painted.covers(selected)
    enter(qtbot, "3")  # and the keyboard still types into the selected cell
    assert window.doc is not None and window.doc.value("granted.natural") == 3


def test_the_problems_panel_keeps_its_selected_row_when_another_problem_comes_and_goes(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.problems is not None
    panel = example.problems
    select(qtbot, example, "normative_published")
    enter(qtbot, "9")  # a warning: more published than issued
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.view.isVisible())
    panel.view.setCurrentIndex(panel.model.index(0, 0))  # the user picks that row
    select(qtbot, example, "received")
    enter(qtbot, "4")  # an error comes: 收到申请数 4 ≠ 0 + 0 + 2 + 1
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.view.currentIndex().data(CELL_ROLE) == "normative_published"
    assert panel.view.selectionModel().isSelected(panel.view.currentIndex())
    select(qtbot, example, "received")
    enter(qtbot, "3")  # and goes
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.view.currentIndex().data(CELL_ROLE) == "normative_published"
    assert panel.view.isVisible() and not panel.empty.isVisible()
    select(qtbot, example, "normative_published")
    enter(qtbot, "0")  # the last problem fixed: "没有发现问题" instead of an empty list
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    qtbot.waitUntil(panel.empty.isVisible)
    # Written inside the empty list, from its top-left corner, not beside a list with no rows.
    assert panel.empty.parent() is panel.view.viewport()
    assert panel.empty.geometry() == panel.view.viewport().rect()


def test_a_typed_figure_is_one_durable_transaction_with_one_history_row(
    qtbot: Any, window: MainWindow
) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2023"))
    assert window.doc is not None
    select(qtbot, window, "granted.natural")
    statements: list[str] = []
    window.doc.draft.con.set_trace_callback(statements.append)
    try:
        enter(qtbot, "7")
        settle(qtbot)  # whatever the window does after the edit (status bar, actions) too
    finally:
        window.doc.draft.con.set_trace_callback(None)
    ends = [s.split()[0].upper() for s in statements if s.split()[0].upper() in _TX]
    assert ends == ["BEGIN", "COMMIT"]
    assert [(h.old, h.new) for h in window.doc.draft.history("granted.natural")] == [("", "7")]


def on_screen(win: MainWindow) -> QImage:
    """What the screen shows of the window (the offscreen platform's backing store)."""
    shot = win.screen().grabWindow(win.winId()).toImage()
    return shot.convertToFormat(QImage.Format.Format_RGB32)


def redrawn_whole(win: MainWindow) -> QImage:
    """The window drawn afresh from top to bottom."""
    return win.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_after_typing_the_screen_shows_what_a_full_redraw_shows(
    qtbot: Any, window: MainWindow
) -> None:
    """Repainting only what changed leaves nothing stale: no old figure, colour or selection."""
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2023"))
    assert window.page is not None and window.problems is not None
    steps = (("new.natural", "5"), ("granted.natural", "3"), ("new.natural", ""))
    for cell, text in steps:
        select(qtbot, window, cell)
        if text:
            enter(qtbot, text)
        else:
            press(qtbot, K.Key_Delete)
        settle(qtbot)
        assert on_screen(window) == redrawn_whole(window), f"stale pixels after {cell}={text!r}"
    window.page.field_edits["unit"].setFocus()  # the focus leaves the table and comes back
    settle(qtbot)
    select(qtbot, window, "granted.natural")
    settle(qtbot)
    assert on_screen(window) == redrawn_whole(window), "stale selection colour"
