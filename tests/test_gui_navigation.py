"""The data-entry table's keyboard, selection, right-click menu and zoom, as a spreadsheet user meets them.

Keys go to the widget that has the focus, through the real views (``qtbot.keyClick``). The 2021
form is used for its table 三 (seven value columns, heading rows between the figures) and its table
二 (four sub-tables, each its own view, that the keyboard treats as one continuous table: see
``govreport_gui/gui/table_nav.py``); the 2014 example for a one-column table.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from menu_text import plain_texts
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyleOptionViewItem, QWidget

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops import review
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import style
from govreport_gui.gui.form_model import CELL_ID_ROLE, HINT_ROLE
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

USER = "测试员"
K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_MOD = Qt.KeyboardModifier.NoModifier
COLUMNS_3 = (
    "natural",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)


# -- fixtures and helpers ----------------------------------------------------------------------------


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("GOVREPORT_HOME", str(folder))
    settings.save_settings(settings.Settings(user_name=USER, user_name_confirmed=True))
    return folder


def make_window(qtbot: Any) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture()
def window(qtbot: Any, home: Path) -> MainWindow:
    return make_window(qtbot)


def wait_ready(qtbot: Any, win: MainWindow) -> None:
    assert win.page is not None
    view = win.page.first_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view and view.currentIndex().isValid())


@pytest.fixture()
def form_2021(qtbot: Any, window: MainWindow) -> MainWindow:
    """A new, blank 2021 draft open in the window."""
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "测试单位", "2023")
    Draft.create(path, form, USER, fields={"unit": "测试单位", "year": "2023"}).close()
    assert window.open_path(path)
    wait_ready(qtbot, window)
    return window


@pytest.fixture()
def example(qtbot: Any, window: MainWindow) -> MainWindow:
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: Any, text: str) -> None:
    for ch in text:
        qtbot.keyClick(focused(), ch)


def focused_view() -> FormTableView:
    widget = focused()
    while widget is not None and not isinstance(widget, FormTableView):
        widget = widget.parentWidget()
    assert isinstance(widget, FormTableView), "the focus is not in a table"
    return widget


def here() -> str:
    """The cell id of the current cell of the table that has the focus."""
    value = focused_view().currentIndex().data(CELL_ID_ROLE)
    return (
        str(value) if value is not None else f"<not a value cell: {focused_view().currentIndex()}>"
    )


def select(qtbot: Any, win: MainWindow, cell_id: str) -> FormTableView:
    assert win.page is not None and win.page.select_cell(cell_id)
    view = win.page.views[win.page.doc.form.cell(cell_id).table_id]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert here() == cell_id
    return view


def keys_from(
    qtbot: Any, win: MainWindow, start: str, key: Qt.Key, mod: Qt.KeyboardModifier = NO_MOD
) -> str:
    select(qtbot, win, start)
    press(qtbot, key, mod)
    return here()


def fill(win: MainWindow, values: dict[str, Value | None]) -> None:
    assert win.doc is not None
    win.doc.edit(values, description="测试数据")


def value(win: MainWindow, cell_id: str) -> Value | None:
    assert win.doc is not None
    return win.doc.value(cell_id)


def selected_everywhere(win: MainWindow) -> list[str]:
    """Every selected cell of the tables of the tab shown (table 二: all its sub-tables)."""
    assert win.page is not None
    shown = [v for v in win.page.views.values() if v.isVisible()]
    return [cell for view in shown for cell in view.selected_cell_ids()]


def click_cell(
    qtbot: Any, win: MainWindow, cell_id: str, modifier: Qt.KeyboardModifier = NO_MOD
) -> FormTableView:
    assert win.page is not None and win.doc is not None
    view = win.page.views[win.doc.form.cell(cell_id).table_id]
    index = view.form_model.index_of(cell_id)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center()
    )
    return view


# -- 1. Home / End / Ctrl+Home / Ctrl+End ----------------------------------------------------------------


def test_home_and_end_stay_in_their_row(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    assert keys_from(qtbot, win, "granted.research", K.Key_Home) == "granted.natural"
    assert keys_from(qtbot, win, "granted.research", K.Key_End) == "granted.total"
    # the first row, and the last row (Home went to the previous row there)
    assert keys_from(qtbot, win, "new.legal_services", K.Key_Home) == "new.natural"
    assert keys_from(qtbot, win, "carry_forward.research", K.Key_Home) == "carry_forward.natural"
    assert keys_from(qtbot, win, "carry_forward.research", K.Key_End) == "carry_forward.total"
    # already at the row's first / last cell: stay
    assert (
        keys_from(qtbot, win, "withheld_inquiry.natural", K.Key_Home) == "withheld_inquiry.natural"
    )
    assert keys_from(qtbot, win, "withheld_inquiry.total", K.Key_End) == "withheld_inquiry.total"
    # the selection follows the cell
    assert selected_everywhere(win) == ["withheld_inquiry.total"]


def test_home_and_end_in_a_one_column_table_stay_on_the_cell(
    qtbot: Any, example: MainWindow
) -> None:
    assert keys_from(qtbot, example, "website", K.Key_Home) == "website"
    assert keys_from(qtbot, example, "website", K.Key_End) == "website"
    assert keys_from(qtbot, example, "trainees", K.Key_Home) == "trainees"  # the last row


def test_home_then_typing_fills_the_first_cell_of_that_row(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    select(qtbot, win, "partly_granted.legal_services")
    press(qtbot, K.Key_Home)
    type_text(qtbot, "7")
    press(qtbot, K.Key_Return)
    assert value(win, "partly_granted.natural") == 7
    assert (
        value(win, "granted.natural") is None
        and value(win, "partly_granted.legal_services") is None
    )
    assert here() == "withheld_state_secret.natural"  # Enter went down, past the heading row
    # End then typing: the row's last cell
    press(qtbot, K.Key_End)
    type_text(qtbot, "3")
    press(qtbot, K.Key_Return)
    assert value(win, "withheld_state_secret.total") == 3


def test_ctrl_home_and_ctrl_end_go_to_the_first_and_last_cell_of_the_table(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    assert keys_from(qtbot, win, "withheld_security.research", K.Key_Home, CTRL) == "new.natural"
    assert (
        keys_from(qtbot, win, "withheld_security.research", K.Key_End, CTRL)
        == "carry_forward.total"
    )
    assert keys_from(qtbot, win, "new.natural", K.Key_Home, CTRL) == "new.natural"
    # table 二: the first / last cell of the whole page, in another sub-table
    assert keys_from(qtbot, win, "penalty", K.Key_Home, CTRL) == "regulations.issued"
    assert focused_view().objectName() == "table_proactive_1"
    assert keys_from(qtbot, win, "normative_docs.repealed", K.Key_End, CTRL) == "fees"
    assert focused_view().objectName() == "table_proactive_8"
    assert selected_everywhere(win) == ["fees"]
    # typing lands there
    type_text(qtbot, "12")
    press(qtbot, K.Key_Return)
    assert value(win, "fees") == 12


# -- 2. every other key ------------------------------------------------------------------------------------


def test_arrows_move_one_value_cell_and_skip_heading_rows(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    assert (
        keys_from(qtbot, win, "carried_over.research", K.Key_Down) == "granted.research"
    )  # heading 三、
    press(qtbot, K.Key_Up)
    assert here() == "carried_over.research"
    assert (
        keys_from(qtbot, win, "partly_granted.total", K.Key_Down) == "withheld_state_secret.total"
    )
    assert (
        keys_from(qtbot, win, "unable_not_held.commercial", K.Key_Up)
        == "withheld_inquiry.commercial"
    )
    assert keys_from(qtbot, win, "granted.research", K.Key_Right) == "granted.public_interest"
    assert keys_from(qtbot, win, "granted.research", K.Key_Left) == "granted.commercial"
    # the edges: stay
    assert keys_from(qtbot, win, "granted.natural", K.Key_Left) == "granted.natural"
    assert keys_from(qtbot, win, "granted.total", K.Key_Right) == "granted.total"
    assert keys_from(qtbot, win, "new.research", K.Key_Up) == "new.research"
    assert keys_from(qtbot, win, "carry_forward.research", K.Key_Down) == "carry_forward.research"


def test_tab_and_shift_tab_wrap_to_the_next_and_previous_row(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    assert keys_from(qtbot, win, "new.research", K.Key_Tab) == "new.public_interest"
    assert keys_from(qtbot, win, "new.total", K.Key_Tab) == "carried_over.natural"
    assert (
        keys_from(qtbot, win, "carried_over.total", K.Key_Tab) == "granted.natural"
    )  # over a heading
    press(qtbot, K.Key_Backtab, SHIFT)
    assert here() == "carried_over.total"
    assert keys_from(qtbot, win, "carried_over.natural", K.Key_Backtab, SHIFT) == "new.total"
    assert keys_from(qtbot, win, "new.research", K.Key_Backtab, SHIFT) == "new.commercial"


def test_enter_and_shift_enter_move_down_and_up(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    assert keys_from(qtbot, win, "carried_over.commercial", K.Key_Return) == "granted.commercial"
    press(qtbot, K.Key_Return, SHIFT)
    assert here() == "carried_over.commercial"
    press(qtbot, K.Key_Enter, SHIFT)  # the keypad's Enter too
    assert here() == "new.commercial"
    # from inside the editor: commit, then up
    select(qtbot, win, "granted.research")
    type_text(qtbot, "5")
    assert isinstance(focused(), QLineEdit)
    press(qtbot, K.Key_Return, SHIFT)
    assert value(win, "granted.research") == 5
    assert here() == "carried_over.research"


def test_ctrl_arrows_jump_to_the_edge_of_the_filled_block(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    fill(
        win,
        {
            "new.natural": 1,
            "carried_over.natural": 2,
            "granted.natural": 3,  # partly_granted.natural blank
            "withheld_state_secret.natural": 4,
            "granted.commercial": 5,  # granted.research blank
            "granted.public_interest": 6,
        },
    )
    select(qtbot, win, "new.natural")
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "granted.natural"  # the last filled cell before a blank (over the heading)
    assert selected_everywhere(win) == ["granted.natural"]  # the jump selects where it lands
    press(qtbot, K.Key_Down, CTRL)
    assert (
        here() == "withheld_state_secret.natural"
    )  # from the edge of a block: the next filled cell
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "carry_forward.natural"  # nothing filled below: the last value cell
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "carry_forward.natural"
    press(qtbot, K.Key_Up, CTRL)
    assert here() == "withheld_state_secret.natural"  # from a blank: the next filled cell
    press(qtbot, K.Key_Up, CTRL)
    assert here() == "granted.natural"
    press(qtbot, K.Key_Up, CTRL)
    assert here() == "new.natural"
    # along a row
    select(qtbot, win, "granted.natural")
    press(qtbot, K.Key_Right, CTRL)
    assert here() == "granted.commercial"
    press(qtbot, K.Key_Right, CTRL)
    assert here() == "granted.public_interest"
    press(qtbot, K.Key_Right, CTRL)
    assert here() == "granted.total"  # the edge of the table
    press(qtbot, K.Key_Left, CTRL)
    assert here() == "granted.public_interest"
    press(qtbot, K.Key_Left, CTRL)
    assert here() == "granted.commercial"
    press(qtbot, K.Key_Left, CTRL)
    assert here() == "granted.natural"
    press(qtbot, K.Key_Left, CTRL)
    assert here() == "granted.natural"
    # Ctrl+Shift extends the selection to where the jump lands
    select(qtbot, win, "new.natural")
    press(qtbot, K.Key_Down, CTRL | SHIFT)
    assert here() == "granted.natural"
    assert focused_view().selected_cell_ids() == [
        "new.natural",
        "carried_over.natural",
        "granted.natural",
    ]


def row_top(view: FormTableView, cell_id: str) -> int:
    return view.verticalHeader().sectionPosition(view.form_model.index_of(cell_id).row())


def test_page_down_and_page_up_move_by_a_visible_page(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    view = select(qtbot, win, "new.research")
    column = [f"{r.id}.research" for r in view.form_model.table.rows if not r.heading]
    page = view.viewport().height()
    assert row_top(view, column[-1]) - row_top(view, column[0]) > page  # more than one page
    press(qtbot, K.Key_PageDown)
    target = here()
    assert target in column and column.index(target) > 1
    # the farthest cell of the column within one visible page
    assert row_top(view, target) - row_top(view, "new.research") <= page
    after = column[column.index(target) + 1]
    assert row_top(view, after) - row_top(view, "new.research") > page
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))  # scrolled to
    press(qtbot, K.Key_PageUp)
    assert here() == "new.research"
    # at the end: the last cell, then stay
    select(qtbot, win, "carry_forward.research")
    press(qtbot, K.Key_PageDown)
    assert here() == "carry_forward.research"
    press(qtbot, K.Key_PageUp)
    assert (
        here() in column and row_top(view, "carry_forward.research") - row_top(view, here()) <= page
    )


# -- table 二: one continuous table over its sub-tables ----------------------------------------------------


def test_down_and_up_go_on_through_the_sub_tables_of_table_two(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    select(qtbot, win, "regulations.in_force")
    path = []
    for _ in range(6):
        press(qtbot, K.Key_Down)
        path.append((focused_view().objectName(), here()))
    assert path == [
        ("table_proactive_1", "normative_docs.in_force"),
        ("table_proactive_5", "licensing"),  # the n-th value column, or the last there is
        ("table_proactive_6", "penalty"),
        ("table_proactive_6", "enforcement"),
        ("table_proactive_8", "fees"),
        ("table_proactive_8", "fees"),  # the end of the table
    ]
    for _ in range(4):
        press(qtbot, K.Key_Up)
    assert focused_view().objectName() == "table_proactive_1"
    assert here() == "normative_docs.issued"
    # Enter / Shift+Enter as well, and typing lands where the key went
    select(qtbot, win, "normative_docs.repealed")
    press(qtbot, K.Key_Return)
    assert here() == "licensing"
    type_text(qtbot, "4")
    press(qtbot, K.Key_Return)
    assert value(win, "licensing") == 4 and here() == "penalty"
    press(qtbot, K.Key_Return, SHIFT)
    press(qtbot, K.Key_Return, SHIFT)
    assert (focused_view().objectName(), here()) == ("table_proactive_1", "normative_docs.issued")


def test_tab_wraps_through_the_sub_tables_of_table_two(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    assert keys_from(qtbot, win, "normative_docs.in_force", K.Key_Tab) == "licensing"
    press(qtbot, K.Key_Tab)
    assert here() == "penalty"
    press(qtbot, K.Key_Backtab, SHIFT)
    press(qtbot, K.Key_Backtab, SHIFT)
    assert (focused_view().objectName(), here()) == ("table_proactive_1", "normative_docs.in_force")


def test_ctrl_arrows_and_pages_run_through_table_two(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    fill(
        win, {"regulations.issued": 1, "normative_docs.issued": 2, "licensing": 3, "enforcement": 5}
    )
    select(qtbot, win, "regulations.issued")
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "licensing"  # 1, 2, 3 is one block, across two sub-tables
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "enforcement"  # over the blank 行政处罚
    press(qtbot, K.Key_Down, CTRL)
    assert here() == "fees"
    press(qtbot, K.Key_Up, CTRL)
    assert here() == "enforcement"
    # PgDn: the farthest cell within the visible page (table 二 scrolls as one page)
    assert win.page is not None
    navigator = focused_view().navigator
    assert navigator.scroll is not None
    select(qtbot, win, "regulations.issued")
    press(qtbot, K.Key_PageDown)
    inner = navigator.scroll.widget()
    assert inner is not None and inner.height() <= navigator.scroll.viewport().height()
    assert here() == "fees"  # the whole of table 二 is one visible page here
    press(qtbot, K.Key_PageUp)
    assert here() == "regulations.issued"


def test_page_down_in_table_two_on_a_small_screen(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    win.resize(1024, 600)
    win.zoom.set(150)  # big enough that table 二 is more than one page
    select(qtbot, win, "regulations.issued")
    scroll = focused_view().navigator.scroll
    assert scroll is not None
    inner = scroll.widget()
    assert inner is not None
    assert win.page is not None and win.doc is not None
    column = [
        "regulations.issued",
        "normative_docs.issued",
        "licensing",
        "penalty",
        "enforcement",
        "fees",
    ]

    def top(cell_id: str) -> int:
        assert win.page is not None and win.doc is not None
        view = win.page.views[win.doc.form.cell(cell_id).table_id]
        rect = view.visualRect(view.form_model.index_of(cell_id))
        return view.viewport().mapTo(inner, rect.topLeft()).y()  # in the page, unscrolled

    def expected_from(start: str, step: int) -> str:
        """The farthest cell of the column within one page of ``start``."""
        n = column.index(start)
        onwards = column[n + 1 :] if step > 0 else column[:n][::-1]
        found = onwards[0]  # at least one cell on
        for cell in onwards:
            if abs(top(cell) - top(start)) <= page:
                found = cell
        return found

    # more than a page from the first to the last cell (once the zoomed rows are laid out)
    qtbot.waitUntil(lambda: top("fees") - top("regulations.issued") > scroll.viewport().height())
    page = scroll.viewport().height()
    want = expected_from("regulations.issued", 1)
    press(qtbot, K.Key_PageDown)
    assert here() == want
    assert want not in ("regulations.issued", "fees")  # a page on, not the whole table
    bar = scroll.verticalScrollBar().value()
    assert bar > 0 and bar <= top(want) <= bar + page  # scrolled into sight
    want_back = expected_from(want, -1)
    press(qtbot, K.Key_PageUp)
    assert here() == want_back


def test_shift_arrows_extend_the_selection_within_one_sub_table(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    view = select(qtbot, win, "regulations.issued")
    press(qtbot, K.Key_Right, SHIFT)
    press(qtbot, K.Key_Down, SHIFT)
    assert view.selected_cell_ids() == [
        "regulations.issued",
        "regulations.repealed",
        "normative_docs.issued",
        "normative_docs.repealed",
    ]
    press(qtbot, K.Key_Down, SHIFT)  # a selection cannot span two views: it stays
    assert focused_view() is view
    assert len(view.selected_cell_ids()) == 4


# -- 3. one selection between the sub-tables -------------------------------------------------------------


def test_table_two_keeps_one_selection_between_its_sub_tables(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    click_cell(qtbot, win, "regulations.issued")
    click_cell(qtbot, win, "normative_docs.in_force", SHIFT)
    assert len(selected_everywhere(win)) == 6
    click_cell(qtbot, win, "penalty")
    assert selected_everywhere(win) == ["penalty"]
    click_cell(qtbot, win, "licensing")
    assert selected_everywhere(win) == ["licensing"]
    # by keyboard too
    select(qtbot, win, "normative_docs.issued")
    press(qtbot, K.Key_Down)
    assert selected_everywhere(win) == ["licensing"]
    press(qtbot, K.Key_End, CTRL)
    assert selected_everywhere(win) == ["fees"]


# -- 4. switching tables ----------------------------------------------------------------------------------


def tab(win: MainWindow) -> int:
    assert win.page is not None and win.page.tabs is not None
    return win.page.tabs.currentIndex()


def test_ctrl_tab_and_ctrl_page_keys_switch_tables(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    select(qtbot, win, "penalty")  # a cell of a sub-table of table 二
    press(qtbot, K.Key_Tab, CTRL)
    assert tab(win) == 1
    assert (focused_view().objectName(), here()) == ("table_applications", "new.natural")
    press(qtbot, K.Key_Tab, CTRL)
    assert tab(win) == 2 and here() == "cases.review_upheld"
    press(qtbot, K.Key_Tab, CTRL)  # round to the first table, to the cell left there
    assert tab(win) == 0 and here() == "penalty"
    press(qtbot, K.Key_Backtab, CTRL | SHIFT)
    assert tab(win) == 2 and here() == "cases.review_upheld"
    press(qtbot, K.Key_PageUp, CTRL)
    assert tab(win) == 1 and here() == "new.natural"
    press(qtbot, K.Key_Down)
    press(qtbot, K.Key_PageDown, CTRL)
    press(qtbot, K.Key_PageDown, CTRL)
    assert tab(win) == 0
    press(qtbot, K.Key_PageUp, CTRL)
    assert tab(win) == 2
    press(qtbot, K.Key_PageUp, CTRL)
    assert tab(win) == 1 and here() == "carried_over.natural"  # the remembered cell


def test_switching_tables_while_editing_keeps_what_was_typed(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    select(qtbot, win, "enforcement")
    type_text(qtbot, "8")
    assert isinstance(focused(), QLineEdit)
    press(qtbot, K.Key_PageDown, CTRL)
    assert tab(win) == 1
    assert value(win, "enforcement") == 8
    assert here() == "new.natural"


def test_the_2014_form_has_one_table_and_ctrl_tab_does_nothing(
    qtbot: Any, example: MainWindow
) -> None:
    select(qtbot, example, "website")
    press(qtbot, K.Key_PageDown, CTRL)
    assert here() == "website"
    assert not example.table_actions.act_next_table.isEnabled()


# -- 5. the right-click menu -------------------------------------------------------------------------------


def menu_entries(win: MainWindow, view: FormTableView) -> dict[str, bool]:
    menu = win.table_actions.cell_menu(view)
    return {a.text(): a.isEnabled() for a in menu.actions() if not a.isSeparator()}


def trigger(win: MainWindow, view: FormTableView, text: str) -> None:
    menu = win.table_actions.cell_menu(view)
    [action] = [a for a in menu.actions() if a.text() == text]
    action.trigger()


# A real popup menu asks the (offscreen) platform to grab the keyboard.
@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard", "This plugin does not support raise"
)
def test_the_right_click_menu_has_its_entries(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    assert menu_entries(example, view) == {
        "复制": True,
        "粘贴": True,
        "清除": True,
        "填入合计": True,
        "空格填 0…": True,
        "批注…": True,
    }
    # a real right-click opens it
    seen: list[list[str]] = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # not open yet: look again shortly (the menu's exec waits for us)
            QTimer.singleShot(20, close_menu)
            return
        seen.append([a.text() for a in menu.actions() if not a.isSeparator()])
        menu.close()

    QTimer.singleShot(50, close_menu)
    index = view.form_model.index_of("weibo")
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    assert seen and seen[0][:3] == ["复制", "粘贴", "清除"]
    assert here() == "weibo"  # the right-clicked cell is selected first


def test_menu_copy_and_clear_do_what_they_say(qtbot: Any, example: MainWindow) -> None:
    view = select(qtbot, example, "website")
    press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_Down, SHIFT)
    press(qtbot, K.Key_Down, SHIFT)  # website 330, weibo 0, wechat 0, other_channel 40
    QGuiApplication.clipboard().setText("")
    trigger(example, view, "复制")
    assert QGuiApplication.clipboard().text() == "330\n0\n0\n40\n"
    trigger(example, view, "清除")
    assert [value(example, c) for c in ("website", "weibo", "wechat", "other_channel")] == [
        None
    ] * 4
    assert value(example, "gazette") == 0
    qtbot.waitUntil(example.act_undo.isEnabled)
    press(qtbot, K.Key_Z, CTRL)
    assert value(example, "website") == 330


def test_menu_fill_totals_fills_only_the_selected_totals(qtbot: Any, example: MainWindow) -> None:
    fill(example, {"received": None, "staff": None})  # both computable from their parts
    view = select(qtbot, example, "received")
    trigger(example, view, "填入合计")
    assert value(example, "received") == 3
    assert value(example, "staff") is None  # not selected: left blank


def test_menu_comment_adds_a_review_comment_on_that_cell(
    qtbot: Any, example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.gui import review_ui

    monkeypatch.setattr(
        review_ui.QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("请核对", True))
    )
    view = select(qtbot, example, "weibo")
    trigger(example, view, "批注…")
    assert example.doc is not None
    assert [(c.cell, c.text) for c in review.comments(example.doc.draft)] == [("weibo", "请核对")]


def test_menu_entries_that_change_figures_are_disabled_on_a_locked_draft(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.doc is not None
    example.review.enter_review_mode("审核人甲")  # values read-only, comments allowed
    view = select(qtbot, example, "website")
    assert menu_entries(example, view) == {
        "复制": True,
        "粘贴": False,
        "清除": False,
        "填入合计": False,
        "空格填 0…": False,
        "批注…": True,
    }
    assert not example.table_actions.act_zero.isEnabled()


# -- 6. 空格填 0 ---------------------------------------------------------------------------------------------


def test_zero_fill_fills_the_selected_blanks_in_one_undo_step(
    qtbot: Any, form_2021: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = form_2021
    fill(win, {"new.research": 9})
    view = select(qtbot, win, "new.natural")
    press(qtbot, K.Key_Right, SHIFT)
    press(qtbot, K.Key_Right, SHIFT)
    press(
        qtbot, K.Key_Right, SHIFT
    )  # natural, commercial: blank; research: 9; public_interest: blank
    assert view.selected_cell_ids() == [
        "new.natural",
        "new.commercial",
        "new.research",
        "new.public_interest",
    ]
    questions: list[str] = []

    def answer(yes: bool) -> None:
        monkeypatch.setattr(win, "confirm", lambda title, text, ok: questions.append(text) or yes)

    answer(False)  # 取消: nothing changes
    win.table_actions.act_zero.trigger()
    assert "3 个空格" in questions[-1]
    assert [
        value(win, f"new.{c}") for c in ("natural", "commercial", "research", "public_interest")
    ] == [
        None,
        None,
        9,
        None,
    ]
    answer(True)
    win.table_actions.act_zero.trigger()
    assert [
        value(win, f"new.{c}") for c in ("natural", "commercial", "research", "public_interest")
    ] == [
        0,
        0,
        9,
        0,
    ]
    assert "已把 3 个空格填为 0" in win.statusBar().currentMessage()
    assert win.act_fill.isEnabled()
    assert win.doc is not None
    win.undo()  # one step restores every blank
    assert [
        value(win, f"new.{c}") for c in ("natural", "commercial", "research", "public_interest")
    ] == [
        None,
        None,
        9,
        None,
    ]
    assert win.doc.undo_stack.undo_text() == "测试数据"


def test_zero_fill_is_in_the_edit_menu(window: MainWindow) -> None:
    texts = plain_texts(window.menus["edit"].actions())
    assert "空格填 0…" in texts


# -- 7. the "应为 N" hint is readable on every background ---------------------------------------------------


def wcag_contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_hint_is_readable_on_the_selection_and_every_cell_colour(
    qtbot: Any, example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = select(qtbot, example, "received")
    press(qtbot, K.Key_Delete)
    index = view.form_model.index_of("received")
    assert index.data(HINT_ROLE) == "应为 3"
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.state |= QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_Active
    selection = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    on_selection = view.delegate.hint_colour(option, index)
    assert wcag_contrast(on_selection, selection) >= 4.5
    option.state &= ~QStyle.StateFlag.State_Active  # the selection of a table without the focus
    inactive = view.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert wcag_contrast(view.delegate.hint_colour(option, index), inactive) >= 4.5
    # unselected: the plain background, and the colours of a cell with a problem or locked
    option.state &= ~QStyle.StateFlag.State_Selected
    base = view.palette().color(QPalette.ColorRole.Base)
    assert view.delegate.background(option, index) == base
    assert wcag_contrast(view.delegate.hint_colour(option, index), base) >= 4.5
    model = view.form_model
    # A context of its own: monkeypatch.undo() would also undo the test's own GOVREPORT_HOME and
    # HOME (conftest), and the window would then save its geometry into the user's real settings.
    with monkeypatch.context() as patch:
        for worst, background in (
            ("error", style.ERROR_BG),
            ("warning", style.WARNING_BG),
            ("explained", style.EXPLAINED_BG),
        ):
            patch.setattr(model, "worst", lambda cell_id, w=worst: w)
            assert view.delegate.background(option, index) == background
            assert wcag_contrast(view.delegate.hint_colour(option, index), background) >= 4.5
    example.review.enter_review_mode("审核人甲")
    assert view.delegate.background(option, index) == style.LOCKED_BG
    assert wcag_contrast(view.delegate.hint_colour(option, index), style.LOCKED_BG) >= 4.5
    # the grey of an unselected hint is not the colour used on the selection
    assert on_selection != view.delegate.hint_colour(option, index)


# -- 8. zoom ---------------------------------------------------------------------------------------------------


def test_zoom_is_kept_for_the_next_window_and_ctrl_0_resets_it(qtbot: Any, home: Path) -> None:
    win = make_window(qtbot)
    qtbot.mouseClick(win.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, win)
    assert win.page is not None
    view = win.page.first_view()
    size = view.font().pointSizeF()
    row = view.form_model.index_of("website").row()
    height = view.rowHeight(row)
    width = view.columnWidth(1)
    assert win.zoom.label.text() == "缩放 100%"
    press(qtbot, K.Key_Equal, CTRL)
    press(qtbot, K.Key_Plus, CTRL)
    assert win.zoom.label.text() == "缩放 125%"
    assert view.font().pointSizeF() == pytest.approx(size * 1.25)
    assert view.rowHeight(row) > height and view.columnWidth(1) > width
    assert view.horizontalHeader().font().pointSizeF() == pytest.approx(size * 1.25)
    win.close()

    again = make_window(qtbot)
    assert again.zoom.label.text() == "缩放 125%"
    again.open_example()
    wait_ready(qtbot, again)
    assert again.page is not None
    view = again.page.first_view()
    assert view.font().pointSizeF() == pytest.approx(size * 1.25)
    press(qtbot, K.Key_Minus, CTRL)
    assert again.zoom.label.text() == "缩放 110%"
    press(qtbot, K.Key_0, CTRL)
    assert again.zoom.label.text() == "缩放 100%"
    assert view.font().pointSizeF() == pytest.approx(size)
    assert view.rowHeight(row) == height
    assert settings.load_settings().zoom == 100
    texts = plain_texts(again.menus["view"].actions())
    assert {"放大", "缩小", "实际大小"} <= set(texts)


def test_the_zoom_is_shown_only_beside_a_drafts_tables(qtbot: Any, window: MainWindow) -> None:
    """The start page has nothing to zoom: its status bar said “缩放 100%” all the same."""
    assert not window.zoom.label.isVisible()
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    assert window.zoom.label.isVisible()
    assert window.close_draft()
    assert not window.zoom.label.isVisible()


def test_zoom_stops_at_its_limits(qtbot: Any, example: MainWindow) -> None:
    for _ in range(12):
        example.zoom.act_in.trigger() if example.zoom.act_in.isEnabled() else None
    assert example.zoom.percent == 200 and not example.zoom.act_in.isEnabled()
    for _ in range(12):
        example.zoom.step(-1)
    assert example.zoom.percent == 70


def test_old_settings_files_load_with_the_default_zoom(home: Path) -> None:
    path = settings.config_dir() / "settings.json"
    path.write_text('{"user_name": "张三", "recent": []}', encoding="utf-8")
    loaded = settings.load_settings()
    assert loaded.user_name == "张三" and loaded.zoom == 100
    path.write_text('{"user_name": "张三", "zoom": "大"}', encoding="utf-8")
    assert settings.load_settings().zoom == 100
    path.write_text('{"zoom": 150}', encoding="utf-8")
    assert settings.load_settings().zoom == 150
    assert settings.pop_warning() is None
