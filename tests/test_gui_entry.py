"""Typing into the table: digits, full-width digits and input methods, bad text, Escape, F2, Delete."""

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
    doc_value,
    draft_path,
    enter,
    example,
    focused,
    home,
    new_draft,
    open_draft,
    press,
    saved_values,
    select,
    status,
    type_text,
    undo_key,
    view_of,
    window,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
)

from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


def test_typing_digits_and_enter_stores_and_moves_down_past_the_heading(
    qtbot: Any, example: MainWindow
) -> None:
    view = select(qtbot, example, "other_channel")
    type_text(qtbot, "12")
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.parent() is view.viewport()
    assert view.state() == view.State.EditingState
    assert editor.text() == "12"
    press(qtbot, K.Key_Return)
    assert focused() is view
    assert view.state() != view.State.EditingState
    # 二、回应解读情况 is a heading: Enter goes straight to 回应公众关注热点或重大舆情数
    assert current_cell(view) == "hot_topics"
    assert doc_value(example, "other_channel") == 12
    assert saved_values(draft_path(example))["other_channel"] == 12
    assert "12" in (view.model().index_of("other_channel").data() or "")  # type: ignore[attr-defined]


def test_click_a_cell_and_type(qtbot: Any, example: MainWindow) -> None:
    view = view_of(example)
    index = view.form_model.index_of("gazette")
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_cell(view) == "gazette"
    assert focused() is view
    enter(qtbot, "15")
    assert saved_values(draft_path(example))["gazette"] == 15
    assert current_cell(view) == "website"
    # a click on a label or a heading selects no value cell
    label = view.visualRect(view.form_model.index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=label.center())
    assert view.selected_cell_ids() == []


def test_enter_without_typing_moves_down_too(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "hot_topics")
    press(qtbot, K.Key_Return)
    # （二）通过不同渠道和方式回应解读的情况 is a heading
    assert current_cell(view) == "press_conferences"
    assert doc_value(example, "hot_topics") == 0


def test_full_width_digits_are_stored_as_numbers(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    type_text(qtbot, "１２")
    assert isinstance(focused(), QLineEdit)
    assert focused().text() == "１２"  # type: ignore[attr-defined]
    press(qtbot, K.Key_Return)
    assert doc_value(example, "website") == 12
    assert saved_values(draft_path(example))["website"] == 12
    assert current_cell(view) == "weibo"


def commit_text(text: str, preedit: str = "") -> None:
    """What an input method sends: optionally a composition (pre-edit), then the committed text."""
    if preedit:
        QApplication.sendEvent(focused(), QInputMethodEvent(preedit, []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def test_full_width_digits_from_an_input_method_are_stored(qtbot: Any, example: MainWindow) -> None:
    """A Chinese input method composes (pre-edit) and then commits its text."""
    view = select(qtbot, example, "weibo")
    commit_text("３４", preedit="３４")
    editor = focused()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "３４"
    press(qtbot, K.Key_Return)
    assert doc_value(example, "weibo") == 34
    assert current_cell(view) == "wechat"


def test_text_committed_directly_by_an_input_method_starts_the_edit(
    qtbot: Any, example: MainWindow
) -> None:
    """fcitx / ibus in full-width mode commit a digit at once, without a composition."""
    view = select(qtbot, example, "weibo")
    commit_text("３")
    editor = focused()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "３"
    commit_text("４")
    press(qtbot, K.Key_Return)
    assert doc_value(example, "weibo") == 34
    assert current_cell(view) == "wechat"


def test_bad_text_keeps_the_editor_open_and_says_why(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    before = saved_values(draft_path(example))
    enter(qtbot, "abc")
    editor = focused()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "abc"  # nothing typed is lost
    assert view.state() == view.State.EditingState
    assert current_cell(view) == "website"
    assert "不是数字" in status(example)
    assert doc_value(example, "website") == 330
    assert saved_values(draft_path(example)) == before
    assert example.doc is not None and not example.doc.undo_stack.can_undo()
    # correcting it then works
    for _ in range(3):
        press(qtbot, K.Key_Backspace)
    enter(qtbot, "331")
    assert doc_value(example, "website") == 331
    assert current_cell(view) == "weibo"


def test_escape_cancels_an_edit(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    type_text(qtbot, "999")
    assert isinstance(focused(), QLineEdit)
    press(qtbot, K.Key_Escape)
    assert focused() is view
    assert view.state() != view.State.EditingState
    assert current_cell(view) == "website"
    assert doc_value(example, "website") == 330
    assert saved_values(draft_path(example))["website"] == 330
    assert example.doc is not None and not example.doc.undo_stack.can_undo()


def test_delete_clears_the_selected_cells_in_one_undo_step(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_Down, SHIFT)  # website, weibo, wechat, other_channel
    assert view.selected_cell_ids() == ["website", "weibo", "wechat", "other_channel"]
    press(qtbot, K.Key_Delete)
    for cell in ("website", "weibo", "wechat", "other_channel"):
        assert doc_value(example, cell) is None
        assert cell not in saved_values(draft_path(example))
    assert "已清除 4 格" in status(example)
    assert doc_value(example, "gazette") == 0
    undo_key(qtbot, example)
    assert [doc_value(example, c) for c in ("website", "weibo", "wechat", "other_channel")] == [
        330,
        0,
        0,
        40,
    ]
    assert example.doc is not None and not example.doc.undo_stack.can_undo()


def test_closing_the_window_while_editing_keeps_what_was_typed(
    qtbot: Any, window: MainWindow
) -> None:
    path = new_draft("gov-disclosure-2021")
    open_draft(qtbot, window, path)
    select(qtbot, window, "enforcement")  # 第二十条第（六）项: not the page's first table
    type_text(qtbot, "88")
    assert isinstance(focused(), QLineEdit)
    window.close()
    assert saved_values(path) == {"enforcement": 88}


def test_the_current_view_is_the_one_being_edited(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.core.ops import review
    from govreport_gui.gui import review_ui

    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    assert window.page is not None and window.doc is not None
    view = select(qtbot, window, "enforcement")
    type_text(qtbot, "8")
    assert isinstance(focused(), QLineEdit)
    monkeypatch.setattr(
        review_ui.QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("请核对", True))
    )
    press(qtbot, K.Key_M, CTRL | Qt.KeyboardModifier.AltModifier)
    notes = review.comments(window.doc.draft)
    assert [c.cell for c in notes] == ["enforcement"]
    assert window.page.current_view() is view


def test_f2_edits_the_value_and_enter_without_a_change_is_no_change(
    qtbot: Any, example: MainWindow
) -> None:
    view = select(qtbot, example, "website")
    press(qtbot, K.Key_F2)
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == "330"
    press(qtbot, K.Key_Return)
    assert current_cell(view) == "weibo"
    assert example.doc is not None and not example.doc.undo_stack.can_undo()
    # F2 then End and a digit appends to the value
    select(qtbot, example, "website")
    press(qtbot, K.Key_F2)
    press(qtbot, K.Key_End)
    enter(qtbot, "1")
    assert doc_value(example, "website") == 3301


def test_big_numbers_show_thousands_separators(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    enter(qtbot, "1,234,567")
    assert doc_value(example, "website") == 1234567
    index = view.form_model.index_of("website")
    assert index.data(Qt.ItemDataRole.DisplayRole) == "1,234,567"
    assert index.data(Qt.ItemDataRole.EditRole) == "1234567"
    select(qtbot, example, "budget")
    enter(qtbot, "10.5")
    assert str(doc_value(example, "budget")) == "10.5"


def test_a_digit_typed_on_a_label_goes_into_that_rows_value(
    qtbot: Any, example: MainWindow
) -> None:
    view = select(qtbot, example, "normative_published")
    row = view.currentIndex().row()
    view.setCurrentIndex(view.model().index(row, 0))  # the label "其中：主动公开规范性文件数"
    type_text(qtbot, "8")
    press(qtbot, K.Key_Return)
    assert doc_value(example, "normative_published") == 8
    # A heading takes nothing, and the cursor does not jump to a label starting with "8".
    heading = next(
        r for r in range(view.model().rowCount()) if view.form_model.table.rows[r].heading
    )
    view.setCurrentIndex(view.model().index(heading, 0))
    type_text(qtbot, "8")
    assert view.currentIndex().row() == heading
    assert "标题" in status(example)


def test_a_refusal_is_cleared_once_the_corrected_entry_is_accepted(
    qtbot: Any, example: MainWindow
) -> None:
    select(qtbot, example, "website")
    type_text(qtbot, "1 2")
    press(qtbot, K.Key_Return)
    assert "空格" in status(example)
    editor = focused()
    assert isinstance(editor, QLineEdit)
    editor.clear()
    type_text(qtbot, "１２")
    press(qtbot, K.Key_Return)
    assert doc_value(example, "website") == 12
    assert "空格" not in status(example)


def test_f2_puts_the_caret_at_the_end(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "other_channel")  # 40
    press(qtbot, K.Key_F2)
    qtbot.wait(10)
    type_text(qtbot, "5")
    press(qtbot, K.Key_Return)
    assert doc_value(example, "other_channel") == 405
