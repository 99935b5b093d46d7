"""The window shows what the core now says: rules broken early, and the form's printed title."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import (
    K,
    enter,
    home,
    new_draft,
    open_draft,
    press,
    select,
    wait_ready,
    window,
)
from PySide6.QtCore import Qt

from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import ProblemsModel

_ = (home, window)  # the window fixtures of gui_helpers


@pytest.fixture()
def example_window(request: pytest.FixtureRequest, qtbot: Any) -> MainWindow:
    win: MainWindow = request.getfixturevalue("window")
    qtbot.mouseClick(win.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, win)
    return win


def test_parts_over_the_total_show_at_once_with_blanks_left(
    qtbot: Any, example_window: MainWindow
) -> None:
    win = example_window
    # 收到申请数 3 = 当面 0 + 传真 0 + 网络 2 + 信函 1: blank 当面 and 传真, then 网络 3
    select(qtbot, win, "received_in_person")
    press(qtbot, K.Key_Delete)
    select(qtbot, win, "received_fax")
    press(qtbot, K.Key_Delete)
    assert win.problems is not None and isinstance(win.problems.model, ProblemsModel)
    assert all(p.id != "received_sum" for p in win.problems.model.problems)
    select(qtbot, win, "received_online")
    enter(qtbot, "3")
    shown = [p for p in win.problems.model.problems if p.id == "received_sum"]
    assert len(shown) == 1 and shown[0].severity == "error"
    assert "已填分项之和 4 已超过合计 3" in shown[0].message
    assert win.page is not None
    model = win.page.views["main"].form_model
    assert model.worst("received_online") == "error"


def test_2021_title_is_the_published_pattern(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", "淮安市人民政府", "2024"))
    assert window.page is not None
    assert window.page.title.text() == "淮安市人民政府2024年政府信息公开工作年度报告"
