"""The window as a user meets it: keyboard entry, paste, undo, problems, read-only, the 2019/2021 forms.

Every test runs with a fresh ``GOVREPORT_HOME`` (settings and library in a temporary folder) and the
user's name already confirmed, so no name dialog appears. Keys go to the widget that has the focus,
as they would from a keyboard: typing into a selected cell opens its editor, and the following keys
go to that editor.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.paths import example_values_path
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import fonts, style
from govreport_gui.gui.form_model import CELL_ID_ROLE, HINT_ROLE, FormTableModel
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import ProblemsModel
from govreport_gui.gui.start_page import DraftListModel

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

USER = "测试员"
FORM_IDS = ("gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021")
K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_MOD = Qt.KeyboardModifier.NoModifier


# -- fixtures -------------------------------------------------------------------------------------


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("GOVREPORT_HOME", str(folder))
    settings.save_settings(settings.Settings(user_name=USER, user_name_confirmed=True))
    return folder


@pytest.fixture()
def window(qtbot: Any, home: Path) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # A desktop-size window: the offscreen screen is 800×800, where the window (fitted to the
    # screen) would be narrow, with its problems pane collapsed (tests/test_window_fit.py).
    qtbot.wait(1)  # after the window is fitted to the screen, once shown
    win.resize(1180, 820)
    qtbot.waitUntil(lambda: win.width() == 1180)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture()
def example(window: MainWindow, qtbot: Any) -> MainWindow:
    """The window with a fresh copy of the bundled example open, the first value cell focused."""
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    return window


@pytest.fixture()
def holder(home: Path) -> Iterator[list[Draft]]:
    """Drafts a test opens itself (another window's hold on a file); closed at the end."""
    held: list[Draft] = []
    yield held
    for draft in held:
        draft.close()


# -- helpers --------------------------------------------------------------------------------------


def wait_ready(qtbot: Any, win: MainWindow) -> None:
    """Wait until the open draft's first table has the keyboard focus (set on a zero timer)."""
    assert win.page is not None
    view = win.page.first_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view and view.currentIndex().isValid())


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: Any, text: str) -> None:
    """Type ``text`` key by key into whatever has the focus (it may change after the first key).

    QTest.keyClicks only knows ASCII (a full-width digit aborts the process in qasciikey.cpp), so
    other characters are sent as the key events a keyboard in full-width mode produces: no key
    code, the character as the event's text.
    """
    for ch in text:
        widget = focused()
        if ch.isascii():
            qtbot.keyClick(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, NO_MOD, ch))


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(focused(), key, modifier)


def enter(qtbot: Any, text: str) -> None:
    type_text(qtbot, text)
    press(qtbot, K.Key_Return)


def view_of(win: MainWindow, table_id: str = "main") -> FormTableView:
    assert win.page is not None
    return win.page.views[table_id]


def current_cell(view: FormTableView) -> str | None:
    value = view.currentIndex().data(CELL_ID_ROLE)
    return str(value) if value is not None else None


def select(qtbot: Any, win: MainWindow, cell_id: str) -> FormTableView:
    """Select a cell as a click on it would (its table gets the focus)."""
    assert win.page is not None
    assert win.page.select_cell(cell_id)
    view = win.page.views[win.page.doc.form.cell(cell_id).table_id]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert current_cell(view) == cell_id
    return view


def doc_value(win: MainWindow, cell_id: str) -> Value | None:
    assert win.doc is not None
    return win.doc.value(cell_id)


def saved_values(path: Path) -> dict[str, Value]:
    """The values in the draft file, read by a separate read-only opener."""
    with Draft.open(path, "检查", readonly=True) as draft:
        return dict(draft.values)


def saved_fields(path: Path) -> dict[str, str]:
    with Draft.open(path, "检查", readonly=True) as draft:
        return dict(draft.fields)


def draft_path(win: MainWindow) -> Path:
    assert win.doc is not None
    return win.doc.draft.path


def status(win: MainWindow) -> str:
    return win.statusBar().currentMessage()


def new_draft(form_id: str, unit: str = "测试单位", year: str = "") -> Path:
    form = get_form(form_id)
    year = year or str(form.last_year or 2023)
    path = library.new_draft_path(form, unit, year)
    Draft.create(path, form, USER, fields={"unit": unit, "year": year}).close()
    return path


def open_draft(qtbot: Any, win: MainWindow, path: Path) -> None:
    assert win.open_path(path)
    wait_ready(qtbot, win)


def undo_key(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(win.act_undo.isEnabled)
    press(qtbot, K.Key_Z, CTRL)


def redo_key(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(win.act_redo.isEnabled)
    press(qtbot, K.Key_Y, CTRL)


def open_message_boxes(win: MainWindow) -> list[QMessageBox]:
    return [box for box in win.findChildren(QMessageBox) if box.isVisible()]


def dismiss_message_boxes(win: MainWindow) -> list[str]:
    texts = []
    for box in open_message_boxes(win):
        texts.append(box.text())
        box.accept()
    return texts


def example_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_values_path().read_text(encoding="utf-8"))
    return data


# -- the start screen and the example ---------------------------------------------------------------


def test_fresh_home_shows_start_page_with_empty_library_text(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.start
    assert window.start.empty.isVisible()
    assert "还没有草稿" in window.start.empty.text()
    assert str(settings.library_dir()) in window.start.empty.text()
    assert not window.start.list.isVisible()
    assert not window.dock.isVisible()
    assert not window.act_undo.isEnabled()


def test_open_example_opens_a_copy_of_the_example(example: MainWindow) -> None:
    win = example
    assert win.page is not None
    assert win.stack.currentWidget() is win.draft_holder
    assert win.page.title.text() == "政府信息公开情况统计表（2018年度）"
    assert win.page.field_edits["unit"].text() == "自治区机关事务管理局"
    assert win.counts.text().startswith("错误 0")
    # a copy in the library, not the bundled file
    path = draft_path(win)
    assert path.parent == settings.library_dir()
    assert saved_values(path)["proactive_info"] == 370
    assert "自治区机关事务管理局" in win.windowTitle()
    assert win.dock.isVisible()
    assert win.problems is not None and win.problems.empty.isVisible()
    assert current_cell(view_of(win)) == "proactive_info"


def test_start_page_lists_the_drafts(window: MainWindow, qtmodeltester: Any) -> None:
    library.create_example()
    new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    new_draft("gov-disclosure-2019", "某某县人民政府", "2020")
    window.start.reload()
    model = window.start.model
    assert isinstance(model, DraftListModel)
    assert model.rowCount() == 3
    assert window.start.list.isVisible() and not window.start.empty.isVisible()
    units = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert units == {"自治区机关事务管理局", "某某市人民政府办公室", "某某县人民政府"}
    qtmodeltester.check(model)


def test_draft_list_model_with_an_unreadable_file(home: Path, qtmodeltester: Any) -> None:
    folder = settings.library_dir()
    folder.mkdir(parents=True)
    (folder / "坏文件.nianbao").write_bytes(b"not a draft at all")
    model = DraftListModel()
    model.reload()
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "无法读取"
    qtmodeltester.check(model)


# -- the models -------------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_table_model_and_the_problems_model_pass_the_model_tester(
    qtbot: Any, window: MainWindow, qtmodeltester: Any, form_id: str
) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    assert window.page is not None and window.problems is not None
    form: FormDef = window.page.doc.form
    assert [m.table.id for m in window.page.models] == [t.id for t in form.tables]
    for model in window.page.models:
        assert isinstance(model, FormTableModel)
        assert model.rowCount() == len(model.table.rows)
        qtmodeltester.check(model)
    qtmodeltester.check(window.problems.model)


def test_models_of_the_filled_example_with_a_problem(
    qtbot: Any, example: MainWindow, qtmodeltester: Any
) -> None:
    select(qtbot, example, "received")
    enter(qtbot, "4")
    assert example.problems is not None
    assert isinstance(example.problems.model, ProblemsModel)
    assert example.problems.model.rowCount() == 1
    assert example.page is not None
    qtmodeltester.check(example.page.models[0])
    qtmodeltester.check(example.problems.model)


# -- typing ------------------------------------------------------------------------------------------


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


# -- moving ------------------------------------------------------------------------------------------


def test_tab_and_shift_tab_move_over_value_cells(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "normative_issued")
    press(qtbot, K.Key_Tab)
    assert current_cell(view) == "gazette"  # past the heading （二）通过不同渠道…
    press(qtbot, K.Key_Backtab, SHIFT)
    assert current_cell(view) == "normative_issued"
    press(qtbot, K.Key_Backtab, SHIFT)
    assert current_cell(view) == "normative_published"
    # Tab from inside an editor commits and moves on
    type_text(qtbot, "5")
    press(qtbot, K.Key_Tab)
    assert doc_value(example, "normative_published") == 5
    assert current_cell(view) == "normative_issued"
    type_text(qtbot, "6")
    press(qtbot, K.Key_Backtab, SHIFT)
    assert doc_value(example, "normative_issued") == 6
    assert current_cell(view) == "normative_published"


def test_arrow_keys_move_over_value_cells(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "other_channel")
    press(qtbot, K.Key_Down)
    assert current_cell(view) == "hot_topics"
    press(qtbot, K.Key_Down)
    assert current_cell(view) == "press_conferences"
    press(qtbot, K.Key_Up)
    press(qtbot, K.Key_Up)
    assert current_cell(view) == "other_channel"
    # one value column: left and right stay on the value cell
    press(qtbot, K.Key_Left)
    assert current_cell(view) == "other_channel"
    press(qtbot, K.Key_Right)
    assert current_cell(view) == "other_channel"
    # Down from inside an editor commits and moves
    type_text(qtbot, "41")
    press(qtbot, K.Key_Down)
    assert doc_value(example, "other_channel") == 41
    assert current_cell(view) == "hot_topics"
    # the first and the last value cells stay put
    select(qtbot, example, "proactive_info")
    press(qtbot, K.Key_Up)
    assert current_cell(view) == "proactive_info"
    select(qtbot, example, "trainees")
    press(qtbot, K.Key_Down)
    assert current_cell(view) == "trainees"


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


# -- paste -------------------------------------------------------------------------------------------


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


# -- undo and redo ------------------------------------------------------------------------------------


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


# -- checks on screen ----------------------------------------------------------------------------------


def test_a_wrong_subtotal_marks_exactly_its_cells_and_is_listed(
    qtbot: Any, example: MainWindow
) -> None:
    win = example
    view = select(qtbot, win, "received")
    enter(qtbot, "4")
    assert win.doc is not None and win.problems is not None
    rule = win.doc.checker.result("received_sum")
    assert rule.failed
    rule_cells = set(rule.cells)
    assert rule_cells == {
        "received",
        "received_in_person",
        "received_fax",
        "received_online",
        "received_letter",
    }
    model = view.form_model
    marked = {
        cell.id
        for cell in model.table.cells
        if model.index_of(cell.id).data(Qt.ItemDataRole.BackgroundRole) == style.ERROR_BG
    }
    assert marked == rule_cells
    assert model.index_of("received").data(Qt.ItemDataRole.ForegroundRole) == style.ERROR_FG
    assert "收到申请数 4 ≠" in model.index_of("received").data(Qt.ItemDataRole.ToolTipRole)

    problems = win.problems.model
    assert problems.rowCount() == 1
    text = problems.index(0, 0).data()
    assert text.startswith("【错误】")
    assert "收到申请数 4 ≠" in text
    assert not win.problems.empty.isVisible()
    assert win.counts.text().startswith("错误 1")

    # activating the problem selects its cell
    select(qtbot, win, "trainees")
    win.problems.view.activated.emit(problems.index(0, 0))
    assert current_cell(view) == "received"
    assert focused() is view
    select(qtbot, win, "trainees")
    win.problems._activated(problems.index(0, 0))
    assert current_cell(view) == "received"
    # F7 goes to the first problem too
    select(qtbot, win, "trainees")
    press(qtbot, K.Key_F7)
    assert current_cell(view) == "received"

    # fixing it clears the marks and the list
    enter(qtbot, "3")
    assert problems.rowCount() == 0
    assert win.problems.empty.isVisible()
    assert win.counts.text().startswith("错误 0")
    assert all(
        model.index_of(c).data(Qt.ItemDataRole.BackgroundRole) != style.ERROR_BG for c in rule_cells
    )


def test_fill_totals_fills_a_blank_total_and_never_overwrites(
    qtbot: Any, example: MainWindow
) -> None:
    win = example
    view = select(qtbot, win, "received")
    press(qtbot, K.Key_Delete)
    model = view.form_model
    assert doc_value(win, "received") is None
    assert model.index_of("received").data(HINT_ROLE) == "应为 3"
    assert model.index_of("closed").data(HINT_ROLE) == ""
    select(qtbot, win, "closed")
    enter(qtbot, "7")  # a typed (wrong) total: 3 + 0 ≠ 7
    undo_depth = len(win.doc.undo_stack._done) if win.doc else 0

    win.act_fill.trigger()
    assert doc_value(win, "received") == 3
    assert doc_value(win, "closed") == 7
    assert saved_values(draft_path(win))["received"] == 3
    assert model.index_of("received").data(HINT_ROLE) == ""
    assert "已按分项填入 1 个合计" in status(win)
    assert win.doc is not None and len(win.doc.undo_stack._done) == undo_depth + 1

    undo_key(qtbot, win)
    assert doc_value(win, "received") is None
    assert doc_value(win, "closed") == 7
    # nothing more to fill once every total is filled
    win.act_fill.trigger()
    win.act_fill.trigger()
    assert "没有可以填入的合计" in status(win)
    assert doc_value(win, "closed") == 7


def test_fill_totals_with_ctrl_t(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "staff")
    press(qtbot, K.Key_Delete)
    assert example.page is not None
    assert view_of(example).form_model.index_of("staff").data(HINT_ROLE) == "应为 2"
    press(qtbot, K.Key_T, CTRL)
    assert doc_value(example, "staff") == 2


def test_a_blank_cell_is_not_an_error(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "received_fax")
    press(qtbot, K.Key_Delete)
    assert example.counts.text().startswith("错误 0")
    assert "空格 1" in example.counts.text()
    assert example.problems is not None and example.problems.model.rowCount() == 0


# -- read-only ------------------------------------------------------------------------------------------


def test_a_draft_held_by_another_window_opens_read_only(
    qtbot: Any, window: MainWindow, holder: list[Draft]
) -> None:
    path = library.create_example()
    holder.append(Draft.open(path, "王五"))
    assert window.open_path(path)
    wait_ready(qtbot, window)
    assert window.doc is not None and window.doc.draft.readonly
    assert window.banner.isVisible()
    assert "只读" in window.banner.text()
    assert "王五" in window.banner.text()
    assert "（只读）" in window.windowTitle()
    view = view_of(window)
    model = view.form_model
    for cell in model.table.cells:
        flags = model.flags(model.index_of(cell.id))
        assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.index_of("website").data(Qt.ItemDataRole.BackgroundRole) == style.LOCKED_BG
    assert window.page is not None
    assert all(edit.isReadOnly() for edit in window.page.field_edits.values())
    assert not window.act_fill.isEnabled()
    assert not window.act_paste.isEnabled()

    before = saved_values(path)
    select(qtbot, window, "website")
    type_text(qtbot, "5")
    assert not isinstance(focused(), QLineEdit)
    press(qtbot, K.Key_Return)
    view.paste("1\n2\n")
    press(qtbot, K.Key_Delete)
    press(qtbot, K.Key_Z, CTRL)
    dismiss_message_boxes(window)
    assert doc_value(window, "website") == 330
    assert saved_values(path) == before
    assert window.doc.undo_stack.can_undo() is False


# -- a whole report by keyboard ---------------------------------------------------------------------------


def test_a_whole_report_typed_with_the_keyboard_only(qtbot: Any, window: MainWindow) -> None:
    data = example_document()
    form = get_form("gov-disclosure-2014")
    path = library.new_draft_path(form, "新单位", "")
    Draft.create(path, form, USER).close()
    open_draft(qtbot, window, path)
    assert window.page is not None and window.doc is not None
    view = view_of(window)
    table = form.tables[0]
    assert current_cell(view) == table.cells[0].id
    for cell in table.cells:
        assert current_cell(view) == cell.id
        enter(qtbot, str(data["values"][cell.id]))
    assert window.doc.draft.values == data["values"]

    # the fields: Shift+Tab out of the first cell reaches the header, Tab past the table the footer
    edits = window.page.field_edits
    select(qtbot, window, table.cells[0].id)
    press(qtbot, K.Key_Backtab, SHIFT)
    if isinstance(focused(), QScrollArea):  # an invisible stop: see test_tab_from_the_year_field…
        press(qtbot, K.Key_Backtab, SHIFT)
    assert focused() is edits["year"]
    type_text(qtbot, data["fields"]["year"])
    press(qtbot, K.Key_Backtab, SHIFT)
    assert focused() is edits["unit"]
    type_text(qtbot, data["fields"]["unit"])
    press(qtbot, K.Key_Tab)
    assert saved_fields(path)["unit"] == "自治区机关事务管理局"
    select(qtbot, window, table.cells[-1].id)
    press(qtbot, K.Key_Tab)
    for key in ("head", "reviewer", "preparer", "phone", "date"):
        assert focused() is edits[key], key
        type_text(qtbot, data["fields"][key])
        press(qtbot, K.Key_Tab)
    assert window.page.title.text() == "政府信息公开情况统计表（2018年度）"
    assert window.counts.text().startswith("错误 0")

    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    with Draft.open(path, USER) as draft:  # the window let go of its lock
        assert draft.values == data["values"]
        assert draft.fields == data["fields"]
        assert not draft.readonly

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.open_path(path)
    assert again.doc is not None
    assert again.doc.draft.values == data["values"]
    assert again.counts.text().startswith("错误 0　警告 0　空格 0")
    assert again.page is not None
    assert again.page.field_edits["unit"].text() == "自治区机关事务管理局"


def test_tab_from_the_year_field_goes_straight_to_the_table(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.page is not None
    year = example.page.field_edits["year"]
    year.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is year)
    press(qtbot, K.Key_Tab)
    assert focused() is view_of(example)


# -- the 2019 and 2021 forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_multi_table_forms_show_tabs(qtbot: Any, window: MainWindow, form_id: str) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    page = window.page
    assert page is not None and page.tabs is not None
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert names == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert page.tabs.currentIndex() == 0
    # selecting a cell on another tab shows that tab
    select(qtbot, window, "new.natural")
    assert page.tabs.currentIndex() == 1
    assert page.views["applications"].isVisible()
    select(qtbot, window, "cases.review_total")
    assert page.tabs.currentIndex() == 2


def test_2021_table_three_tab_along_the_row_enter_down_the_column(
    qtbot: Any, window: MainWindow
) -> None:
    path = new_draft("gov-disclosure-2021")
    open_draft(qtbot, window, path)
    view = select(qtbot, window, "new.natural")
    type_text(qtbot, "1")
    press(qtbot, K.Key_Tab)
    assert current_cell(view) == "new.commercial"
    type_text(qtbot, "2")
    press(qtbot, K.Key_Return)
    assert current_cell(view) == "carried_over.commercial"
    press(qtbot, K.Key_Return)
    assert current_cell(view) == "granted.commercial"  # past the heading 三、本年度办理结果
    press(qtbot, K.Key_Backtab, SHIFT)
    assert current_cell(view) == "granted.natural"
    press(qtbot, K.Key_Backtab, SHIFT)  # from a row's first cell back to the end of the row above
    assert current_cell(view) == "carried_over.total"
    press(qtbot, K.Key_Right)
    assert current_cell(view) == "carried_over.total"
    press(qtbot, K.Key_Left)
    assert current_cell(view) == "carried_over.other_org"
    assert saved_values(path) == {"new.natural": 1, "new.commercial": 2}


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


def test_2021_problem_on_another_tab_is_listed_and_selected(
    qtbot: Any, window: MainWindow, qtmodeltester: Any
) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    page = window.page
    assert page is not None and page.tabs is not None and window.problems is not None
    view = select(qtbot, window, "cases.review_upheld")
    view.paste("1\t1\t1\t1\t9\n")  # 总计 9 ≠ 1 + 1 + 1 + 1
    problems = window.problems.model
    assert problems.rowCount() == 1
    text = problems.index(0, 0).data()
    assert text.startswith("【错误】表四：")
    assert "行政复议·总计 9 ≠ 行政复议·结果维持 1 +" in text
    assert text.endswith("= 4")
    assert window.counts.text().startswith("错误 1")
    qtmodeltester.check(problems)
    marked = {
        cell.id
        for cell in view.form_model.table.cells
        if view.form_model.index_of(cell.id).data(Qt.ItemDataRole.BackgroundRole) == style.ERROR_BG
    }
    assert marked == {
        f"cases.review_{k}" for k in ("upheld", "corrected", "other", "pending", "total")
    }

    select(qtbot, window, "regulations.issued")
    assert page.tabs.currentIndex() == 0
    window.problems.view.activated.emit(problems.index(0, 0))
    assert page.tabs.currentIndex() == 2
    assert current_cell(view) == "cases.review_total"
    assert focused() is view


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_table_four_shows_its_row(qtbot: Any, window: MainWindow, form_id: str) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    view = select(qtbot, window, "cases.review_upheld")
    qtbot.wait(20)
    assert view.isVisible()
    assert view.viewport().height() >= view.rowHeight(0)


def test_table_four_has_no_empty_label_column(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    view = select(qtbot, window, "cases.review_upheld")
    assert view.isColumnHidden(0)
    assert view.currentIndex() == view.form_model.index_of("cases.review_upheld")
    assert not view.isColumnHidden(view.currentIndex().column())


def test_long_figures_and_column_titles_are_shown_whole(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    view = select(qtbot, window, "fees")
    enter(qtbot, "24252.311082")
    index = view.form_model.index_of("fees")
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    assert shown.replace(",", "") == "24252.311082"
    width = view.columnWidth(index.column())
    assert width > view.fontMetrics().horizontalAdvance(shown)
    # 本年收费金额（单位：万元）fits in two lines of the header.
    title = view.form_model.table.columns[0].label
    assert "万元" in title
    half = title[: (len(title) + 1) // 2]
    assert width > view.horizontalHeader().fontMetrics().horizontalAdvance(half)
    # The user can still widen it.
    assert view.horizontalHeader().sectionResizeMode(index.column()) == QHeaderView.ResizeMode.Interactive


def test_2021_tab_at_the_end_of_a_table_goes_on_to_the_next_table(
    qtbot: Any, window: MainWindow
) -> None:
    path = new_draft("gov-disclosure-2021")
    open_draft(qtbot, window, path)
    assert window.page is not None
    first = view_of(window, "proactive_1")
    assert current_cell(first) == "regulations.issued"
    for text in ("1", "0", "5", "2", "0", "9"):
        type_text(qtbot, text)
        press(qtbot, K.Key_Tab)
    # Table 二's sub-tables are one table for the keyboard: Tab from the last cell of （一）
    # commits it and wraps on into the next row, the first of （五）.
    assert saved_values(path)["normative_docs.in_force"] == 9
    assert focused() is view_of(window, "proactive_5")
    assert current_cell(view_of(window, "proactive_5")) == "licensing"
    press(qtbot, K.Key_Backtab, SHIFT)
    assert focused() is first
    assert current_cell(first) == "normative_docs.in_force"


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


# -- the start screen's keyboard -------------------------------------------------------------------------


def test_enter_on_the_draft_list_opens_the_draft_once(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = library.create_example()
    window.start.reload()
    opened: list[Path] = []
    real_open = window.open_path

    def open_path(p: Path) -> bool:
        opened.append(p)
        return real_open(p)

    monkeypatch.setattr(window, "open_path", open_path)
    window.start.list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.start.list)
    press(qtbot, K.Key_Return)
    wait_ready(qtbot, window)
    assert draft_path(window) == path.resolve()
    assert opened == [path.resolve()]


def test_double_click_on_the_draft_list_opens_the_draft_once(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = library.create_example()
    window.start.reload()
    opened: list[Path] = []
    real_open = window.open_path

    def open_path(p: Path) -> bool:
        opened.append(p)
        return real_open(p)

    monkeypatch.setattr(window, "open_path", open_path)
    listing = window.start.list
    qtbot.waitUntil(listing.isVisible)
    qtbot.wait(20)  # laid out
    rect = listing.visualRect(window.start.model.index(0, 0))
    assert rect.isValid()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == []  # a single click only selects
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_ready(qtbot, window)
    assert draft_path(window) == path.resolve()
    assert opened == [path.resolve()]


# -- copy, F2, big numbers -------------------------------------------------------------------------------


def test_ctrl_c_copies_the_selected_cells(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "website")
    for _ in range(3):
        press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_C, CTRL)
    assert QGuiApplication.clipboard().text() == "330\n0\n0\n40\n"


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


# -- fonts ------------------------------------------------------------------------------------------------


def test_the_system_chinese_font_is_used_when_there_is_one(qapp: QApplication) -> None:
    if not fonts.system_has_chinese_font():
        pytest.skip("no Chinese system font on this machine")
    before = qapp.font()
    assert fonts.ensure_chinese_font(qapp) is None
    assert qapp.font() == before


def test_the_bundled_font_is_registered_without_a_system_chinese_font(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fonts.sys.platform in ("win32", "darwin"):
        pytest.skip("the system UI font is used as it is on Windows and macOS")
    monkeypatch.setattr(fonts, "system_has_chinese_font", lambda: False)
    before = qapp.font()
    try:
        family = fonts.ensure_chinese_font(qapp)
        assert family == "GovReport Serif SC"
        assert family in QFontDatabase.families()
        assert family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        assert family in qapp.font().families()
    finally:
        qapp.setFont(before)


# -- painting ---------------------------------------------------------------------------------------------


def _shot(widget: QWidget, folder: Path, name: str) -> None:
    pixmap = widget.grab()
    assert not pixmap.isNull()
    assert pixmap.save(str(folder / name))


def test_screenshots(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    """Paint every screen (the grouped headers, hints and marks included).

    With GOVREPORT_SCREENSHOTS=DIR the pictures are kept there (docs/images/ holds the ones in the
    documentation).
    """
    folder = Path(os.environ.get("GOVREPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1180, 820)
    library.create_example()
    new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    new_draft("gov-disclosure-2019", "某某县人民政府", "2020")
    window.start.reload()
    qtbot.wait(50)
    _shot(window, folder, "start.png")

    window.start.list.setFocus()
    window.start.list.selectRow(window.start.model.rowCount() - 1)
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    qtbot.wait(50)
    _shot(window, folder, "example-2014.png")

    select(qtbot, window, "received")
    enter(qtbot, "4")
    select(qtbot, window, "closed")
    press(qtbot, K.Key_Delete)  # a blank total: "应为 3"
    select(qtbot, window, "answered_granted")
    qtbot.wait(50)
    _shot(window, folder, "errors-2014.png")

    path = new_draft("gov-disclosure-2021", "某某区人民政府", "2022")
    open_draft(qtbot, window, path)
    view = select(qtbot, window, "new.natural")
    view.paste("12\t3\t0\t1\t0\t0\t16\n2\t0\t0\t0\t0\t0\t2\n")
    select(qtbot, window, "granted.natural")
    qtbot.wait(50)
    _shot(window, folder, "form-2021.png")
    assert window.page is not None
    _shot(window.page.views["applications"].horizontalHeader(), folder, "header-2021-3.png")
    select(qtbot, window, "cases.review_upheld")
    qtbot.wait(50)
    _shot(window.page.views["appeals"], folder, "table-2021-4.png")


def test_grouped_header_spans(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    assert window.page is not None
    header = window.page.views["applications"].horizontalHeader()
    assert header.levels == 3
    # 申请人情况 over all seven columns, 法人或其他组织 over the five in the middle
    assert header._spans(0) == [(1, 7, "申请人情况")]
    assert header._spans(1) == [(2, 6, "申请人情况\x00法人或其他组织")]
    appeals = window.page.views["appeals"].horizontalHeader()
    assert [s[2].split("\x00")[-1] for s in appeals._spans(0)] == ["行政复议", "行政诉讼"]
    assert [s[2].split("\x00")[-1] for s in appeals._spans(1)] == ["未经复议直接起诉", "复议后起诉"]


def test_closing_the_draft_returns_to_the_start_page(qtbot: Any, example: MainWindow) -> None:
    path = draft_path(example)
    assert example.close_draft()
    assert example.stack.currentWidget() is example.start
    assert example.start.model.rowCount() == 1
    assert example.start.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) == str(path)
    with Draft.open(path, USER) as draft:
        assert not draft.readonly


# -- spreadsheet habits --------------------------------------------------------------------------


def test_f7_goes_on_to_the_next_problem_each_time(qtbot: Any, example: MainWindow) -> None:
    select(qtbot, example, "received")
    enter(qtbot, "4")  # 收到申请数 4 ≠ 3
    select(qtbot, example, "closed_on_time")
    enter(qtbot, "9")  # 按时办结 9 > 申请办结数 3
    assert example.doc is not None
    problems = [p for p in example.doc.checker.problems() if p.cells]
    assert len(problems) >= 2
    seen = []
    for _ in range(len(problems) + 1):
        press(qtbot, K.Key_F7)
        seen.append(current_cell(view_of(example)))
    anchors = [example.doc.form.cells[p.anchor].id for p in problems]
    assert seen == [*anchors, anchors[0]]  # every problem in turn, then round again


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


def test_a_digit_typed_on_a_label_goes_into_that_rows_value(qtbot: Any, example: MainWindow) -> None:
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


def test_a_second_draft_of_the_same_report_is_asked_about(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.gui import new_draft_dialog

    def filled_in(self: new_draft_dialog.NewDraftDialog) -> int:
        self.year.setValue(2023)
        self.unit.setText("某某市人民政府办公室")
        return int(new_draft_dialog.NewDraftDialog.DialogCode.Accepted)

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", filled_in)
    asked: list[str] = []
    monkeypatch.setattr(MainWindow, "confirm", lambda self, title, text, yes: asked.append(text) or False)
    window.new_draft()
    assert asked == [] and window.doc is not None  # the first one: no question
    first = window.doc.draft.path
    window.close_draft()
    window.new_draft()  # the same unit, year and form again: asked, and "cancel" makes nothing
    assert len(asked) == 1 and first.name in asked[0]
    assert window.doc is None
    assert [d.path for d in library.list_drafts()] == [first]
