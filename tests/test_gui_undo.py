"""Undo and redo from the keyboard and the menu: typed values, pastes, clears and field edits."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import (
    CTRL,
    K,
    doc_value,
    draft_path,
    enter,
    example,
    focused,
    home,
    press,
    redo_key,
    saved_fields,
    saved_values,
    select,
    status,
    type_text,
    undo_key,
    window,
)
from PySide6.QtWidgets import QApplication

from govreport_gui.core.forms.values import Value
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


def _three_changes(qtbot: Any, win: MainWindow) -> FormTableView:
    view = select(qtbot, win, "website")
    enter(qtbot, "331")  # 1: a typed value
    select(qtbot, win, "gazette")
    view.paste("7\n8\n9\n")  # 2: a paste (three cells)
    select(qtbot, win, "meetings")
    press(qtbot, K.Key_Delete)  # 3: a clear
    qtbot.waitUntil(lambda: win.act_undo.text().startswith("撤销 清除"))
    return view


UNDO_CELLS = ("gazette", "website", "weibo", "wechat", "meetings")


def undo_cells(win: MainWindow) -> tuple[Value | None, ...]:
    return tuple(doc_value(win, c) for c in UNDO_CELLS)


def test_ctrl_z_undoes_every_change_and_redo_restores_it(qtbot: Any, example: MainWindow) -> None:
    win = example
    view = _three_changes(qtbot, win)
    # the paste went into gazette, website (overwriting the typed 331) and weibo
    final = (7, 8, 9, 0, None)
    assert undo_cells(win) == final

    undo_key(qtbot, win)
    assert doc_value(win, "meetings") == 2
    assert saved_values(draft_path(win))["meetings"] == 2
    undo_key(qtbot, win)  # the whole paste at once
    assert undo_cells(win) == (0, 331, 0, 0, 2)
    undo_key(qtbot, win)
    assert undo_cells(win) == (0, 330, 0, 0, 2)
    assert saved_values(draft_path(win))["website"] == 330
    qtbot.waitUntil(lambda: not win.act_undo.isEnabled())
    press(qtbot, K.Key_Z, CTRL)  # nothing more to undo
    assert undo_cells(win) == (0, 330, 0, 0, 2)
    assert focused() is view

    for expected in ((0, 331, 0, 0, 2), (7, 8, 9, 0, 2), final):
        qtbot.waitUntil(win.act_redo.isEnabled)
        win.act_redo.trigger()
        assert undo_cells(win) == expected
    assert saved_values(draft_path(win)).get("meetings") is None
    qtbot.waitUntil(lambda: not win.act_redo.isEnabled())
    # a new change after an undo drops what could have been redone
    undo_key(qtbot, win)
    select(qtbot, win, "trainees")
    enter(qtbot, "41")
    qtbot.waitUntil(lambda: not win.act_redo.isEnabled())


def test_ctrl_y_redoes(qtbot: Any, example: MainWindow) -> None:
    win = example
    _three_changes(qtbot, win)
    undo_key(qtbot, win)
    undo_key(qtbot, win)
    assert undo_cells(win) == (0, 331, 0, 0, 2)
    redo_key(qtbot, win)
    assert undo_cells(win) == (7, 8, 9, 0, 2)
    redo_key(qtbot, win)
    assert undo_cells(win) == (7, 8, 9, 0, None)


def test_undo_and_redo_through_the_window_actions(qtbot: Any, example: MainWindow) -> None:
    win = example
    select(qtbot, win, "trainees")
    enter(qtbot, "41")
    qtbot.waitUntil(win.act_undo.isEnabled)
    assert "接受培训人员数" in win.act_undo.text()
    win.act_undo.trigger()
    assert doc_value(win, "trainees") == 40
    assert win.act_redo.isEnabled()
    win.act_redo.trigger()
    assert doc_value(win, "trainees") == 41


def test_undo_of_a_field_edit(qtbot: Any, example: MainWindow) -> None:
    win = example
    assert win.page is not None
    edit = win.page.field_edits["preparer"]
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    edit.selectAll()
    type_text(qtbot, "李四")
    press(qtbot, K.Key_Return)
    assert saved_fields(draft_path(win))["preparer"] == "李四"
    select(qtbot, win, "trainees")
    undo_key(qtbot, win)
    assert edit.text() == "董晓东"
    assert saved_fields(draft_path(win))["preparer"] == "董晓东"


def test_the_status_bar_says_what_was_undone_not_what_was_done(
    qtbot: Any, example: MainWindow
) -> None:
    win = example
    view = select(qtbot, win, "gazette")
    view.paste("7\n8\n9\n")
    assert status(win) == "已粘贴 3 格。"
    undo_key(qtbot, win)
    assert doc_value(win, "gazette") == 0
    assert status(win).startswith("已撤销：粘贴")  # not still “已粘贴 3 格。” over empty cells
    redo_key(qtbot, win)
    assert doc_value(win, "gazette") == 7
    assert status(win).startswith("已重做：粘贴")
