"""Checks on screen: broken rules marked and listed, F7, 填入合计 (fill totals), blank cells."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import (
    CTRL,
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
    undo_key,
    view_of,
    window,
)
from PySide6.QtCore import Qt

from govreport_gui.gui import style
from govreport_gui.gui.form_model import HINT_ROLE
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


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
