"""填报日期 with a calendar: a date picked in the popup is stored like a typed one (one undoable
step, the field's usual ``2025年1月20日`` form); a blank field stays blank until a date is picked."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import gui_helpers
import pytest
from gui_helpers import USER
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.date_field import DateFieldEdit, stored_text
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a window or grab the keyboard for a popup; both are harmless.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)

home, window = gui_helpers.home, gui_helpers.window  # the shared window fixtures


def open_draft(qtbot: Any, win: MainWindow, date: str) -> tuple[Path, DateFieldEdit]:
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "测试单位", "2023")
    fields = {"unit": "测试单位", "year": "2023", "date": date}
    Draft.create(path, form, USER, fields=fields).close()
    assert win.open_path(path)
    assert win.page is not None
    view = win.page.first_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    edit = win.page.field_edits["date"]
    assert isinstance(edit, DateFieldEdit)
    return path, edit


def stored_date(win: MainWindow) -> str:
    assert win.doc is not None
    return win.doc.draft.fields.get("date", "")


def open_calendar(qtbot: Any, edit: DateFieldEdit) -> QTableView:
    """Click the calendar button in the field; the popup's day grid gets the keyboard."""
    edit.pick_action.trigger()
    assert edit.popup is not None
    qtbot.waitUntil(edit.popup.isVisible)
    grid = edit.popup.calendar.findChild(QTableView)
    assert grid is not None
    grid.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    return grid


def test_a_picked_date_is_stored_and_undo_restores_the_old_one(
    qtbot: Any, window: MainWindow
) -> None:
    path, edit = open_draft(qtbot, window, "2025年1月20日")
    grid = open_calendar(qtbot, edit)
    assert edit.popup is not None
    assert edit.popup.calendar.selectedDate() == QDate(2025, 1, 20)  # opens on the stored day
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # the next day
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not edit.popup.isVisible())  # type: ignore[union-attr]
    assert stored_date(window) == "2025年1月21日"
    assert edit.text() == "2025年1月21日"
    with Draft.open(path, USER, readonly=True) as saved:  # on disk at once
        assert saved.fields["date"] == "2025年1月21日"

    qtbot.waitUntil(window.act_undo.isEnabled)  # the window updates its actions after the edit
    assert "填报日期" in window.act_undo.text()
    window.act_undo.trigger()
    assert stored_date(window) == "2025年1月20日"
    qtbot.waitUntil(lambda: edit.text() == "2025年1月20日")
    qtbot.waitUntil(window.act_redo.isEnabled)
    window.act_redo.trigger()
    assert stored_date(window) == "2025年1月21日"


def test_a_blank_date_stays_blank_until_a_date_is_picked(qtbot: Any, window: MainWindow) -> None:
    _path, edit = open_draft(qtbot, window, "")
    assert edit.text() == "" and "未填" in edit.placeholderText()
    grid = open_calendar(qtbot, edit)
    assert edit.popup is not None
    today = QDate.currentDate()
    assert edit.popup.calendar.selectedDate() == today  # shows this month, picks nothing yet
    assert stored_date(window) == ""
    qtbot.keyClick(grid, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not edit.popup.isVisible())  # type: ignore[union-attr]
    assert stored_date(window) == "" and edit.text() == ""
    assert window.doc is not None and not window.doc.undo_stack.can_undo()

    open_calendar(qtbot, edit)
    qtbot.mouseClick(edit.popup.today_button, Qt.MouseButton.LeftButton)
    assert (
        stored_date(window)
        == stored_text(today)
        == f"{today.year()}年{today.month()}月{today.day()}日"
    )


def test_clearing_the_date_makes_it_blank_again_and_is_undoable(
    qtbot: Any, window: MainWindow
) -> None:
    _path, edit = open_draft(qtbot, window, "2025年1月20日")
    assert edit.clear_action.isVisible()
    edit.clear_action.trigger()
    assert stored_date(window) == "" and edit.text() == ""
    assert not edit.clear_action.isVisible()  # nothing left to clear
    qtbot.waitUntil(window.act_undo.isEnabled)
    window.act_undo.trigger()
    assert stored_date(window) == "2025年1月20日"
    qtbot.waitUntil(lambda: edit.text() == "2025年1月20日")
    # the popup's 清除 does the same
    open_calendar(qtbot, edit)
    qtbot.mouseClick(edit.popup.clear_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    assert stored_date(window) == ""


def test_typing_a_date_still_works_and_keeps_the_stored_format(
    qtbot: Any, window: MainWindow
) -> None:
    _path, edit = open_draft(qtbot, window, "")
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClicks(edit, "2025-02-03")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert stored_date(window) == "2025年2月3日"
    assert edit.text() == "2025年2月3日"
    # from the keyboard, Alt+↓ opens the calendar on the typed day
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert edit.popup is not None
    qtbot.waitUntil(edit.popup.isVisible)
    assert edit.popup.calendar.selectedDate() == QDate(2025, 2, 3)


def test_a_locked_draft_offers_no_calendar(qtbot: Any, window: MainWindow) -> None:
    path, edit = open_draft(qtbot, window, "2025年1月20日")
    window.close_draft()
    with Draft.open(path, USER) as held:  # another window holds it: this one opens read-only
        assert window.open_path(path)
        assert window.page is not None
        edit = window.page.field_edits["date"]  # type: ignore[assignment]
        assert isinstance(edit, DateFieldEdit)
        assert edit.isReadOnly()
        assert not edit.pick_action.isVisible() and not edit.clear_action.isVisible()
        edit.open_calendar()
        assert edit.popup is None
        window.close_draft()
        assert held.fields["date"] == "2025年1月20日"
