"""The start page as a user meets it: the library list, the example, opening and closing drafts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    USER,
    K,
    current_cell,
    draft_path,
    example,
    home,
    new_draft,
    press,
    saved_values,
    view_of,
    wait_ready,
    window,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.start_page import DraftListModel

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


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


def test_closing_the_draft_returns_to_the_start_page(qtbot: Any, example: MainWindow) -> None:
    path = draft_path(example)
    assert example.close_draft()
    assert example.stack.currentWidget() is example.start
    assert example.start.model.rowCount() == 1
    assert example.start.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) == str(path)
    with Draft.open(path, USER) as draft:
        assert not draft.readonly


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
    monkeypatch.setattr(
        MainWindow, "confirm", lambda self, title, text, yes: asked.append(text) or False
    )
    window.new_draft()
    assert asked == [] and window.doc is not None  # the first one: no question
    first = window.doc.draft.path
    window.close_draft()
    window.new_draft()  # the same unit, year and form again: asked, and "cancel" makes nothing
    assert len(asked) == 1 and first.name in asked[0]
    assert window.doc is None
    assert [d.path for d in library.list_drafts()] == [first]
