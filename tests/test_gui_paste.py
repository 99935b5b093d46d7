"""Copy and paste: columns and blocks from a spreadsheet, bad or too large pastes change nothing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import (
    CTRL,
    SHIFT,
    K,
    current_cell,
    dismiss_message_boxes,
    doc_value,
    draft_path,
    example,
    home,
    new_draft,
    open_draft,
    press,
    saved_values,
    select,
    status,
    undo_key,
    window,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


def test_paste_a_column_skips_headings(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "other_channel")
    view.paste("1\n2\n3\n")
    assert [
        doc_value(example, c) for c in ("other_channel", "hot_topics", "press_conferences")
    ] == [
        1,
        2,
        3,
    ]
    saved = saved_values(draft_path(example))
    assert (saved["other_channel"], saved["hot_topics"], saved["press_conferences"]) == (1, 2, 3)
    assert "已粘贴 3 格" in status(example)
    # one paste is one undo step
    undo_key(qtbot, example)
    assert [
        doc_value(example, c) for c in ("other_channel", "hot_topics", "press_conferences")
    ] == [
        40,
        0,
        0,
    ]


def test_paste_from_the_clipboard_with_ctrl_v(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "received_in_person")
    QGuiApplication.clipboard().setText("5\r\n6\r\n7\r\n")  # as Excel puts it there
    press(qtbot, K.Key_V, CTRL)
    assert [
        doc_value(example, c) for c in ("received_in_person", "received_fax", "received_online")
    ] == [5, 6, 7]
    assert "已粘贴 3 格" in status(example)
    assert current_cell(view) == "received_in_person"


def test_paste_of_a_bad_column_changes_nothing_and_says_why(
    qtbot: Any, example: MainWindow
) -> None:
    view = select(qtbot, example, "other_channel")
    before = saved_values(draft_path(example))
    view.paste("1\nx\n3")
    assert saved_values(draft_path(example)) == before
    assert doc_value(example, "other_channel") == 40
    assert example.doc is not None and not example.doc.undo_stack.can_undo()
    # The status bar says why too, not just a heading ending in a colon.
    assert "粘贴未执行" in status(example) and "不是数字" in status(example)
    assert "“回应公众关注热点或重大舆情数”" in example.last_problem
    assert "不是数字" in example.last_problem
    texts = dismiss_message_boxes(example)
    assert len(texts) == 1 and "回应公众关注热点或重大舆情数" in texts[0]


def test_paste_past_the_end_of_the_table_changes_nothing(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "trainees")
    before = saved_values(draft_path(example))
    view.paste("1\n2\n")
    assert saved_values(draft_path(example)) == before
    assert "只有 1 个可填的行" in example.last_problem
    dismiss_message_boxes(example)


def test_2021_table_three_paste_a_block(qtbot: Any, window: MainWindow) -> None:
    path = new_draft("gov-disclosure-2021")
    open_draft(qtbot, window, path)
    view = select(qtbot, window, "carried_over.research")
    view.paste("1\t2\n3\t4\n")
    assert saved_values(path) == {
        "carried_over.research": 1,
        "carried_over.public_interest": 2,
        "granted.research": 3,  # the heading row 三、本年度办理结果 is skipped
        "granted.public_interest": 4,
    }
    assert "已粘贴 4 格" in status(window)
    # too wide for the table: nothing changes
    select(qtbot, window, "granted.total")
    view.paste("1\t2\n")
    assert "只有 1 列" in window.last_problem
    dismiss_message_boxes(window)
    assert len(saved_values(path)) == 4


def test_ctrl_c_copies_the_selected_cells(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "website")
    for _ in range(3):
        press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "330\n0\n0\n40\n"


def test_paste_starts_at_the_top_left_of_the_selection(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "gazette")
    press(qtbot, K.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, K.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert current_cell(view) == "weibo"  # the cursor is at the end of the selection
    view.paste("1\n2\n3\n")
    assert [doc_value(example, c) for c in ("gazette", "website", "weibo")] == [1, 2, 3]


def test_one_value_pasted_into_a_selection_fills_every_selected_cell(
    qtbot: Any, example: MainWindow
) -> None:
    view = select(qtbot, example, "gazette")
    press(qtbot, K.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, K.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    view.paste("9")
    assert [doc_value(example, c) for c in ("gazette", "website", "weibo")] == [9, 9, 9]
    assert example.doc is not None and example.doc.undo_stack.can_undo()
    undo_key(qtbot, example)
    assert [doc_value(example, c) for c in ("gazette", "website", "weibo")] == [0, 330, 0]
