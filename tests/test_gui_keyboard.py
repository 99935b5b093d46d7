"""Moving with the keyboard: Tab, Shift+Tab, arrows and Enter, a whole report typed without a mouse."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import (
    SHIFT,
    USER,
    K,
    current_cell,
    doc_value,
    enter,
    example,
    example_document,
    focused,
    home,
    new_draft,
    open_draft,
    press,
    saved_fields,
    saved_values,
    select,
    type_text,
    view_of,
    window,
)
from PySide6.QtWidgets import (
    QApplication,
    QScrollArea,
)

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


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
