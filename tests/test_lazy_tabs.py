"""Issue 14: a draft's other tabs get their tables' views when first shown (or asked for), and
then behave exactly as if they had been made with the page; the window reads parsed forms from
the user's cache folder as the command line does."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import home, select, wait_ready, window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from govreport_gui.core.forms import form_build, registry
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import app as gui_app
from govreport_gui.gui.form_model import CELL_ID_ROLE
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import CELL_ROLE
from govreport_gui.gui.startup import startup_of

_ = (home, window)  # the window fixtures of gui_helpers

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
USER = "测试员"


def _draft_2021() -> Path:
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "测试单位", "2023")
    Draft.create(path, form, USER, fields={"unit": "测试单位", "year": "2023"}).close()
    return path


@pytest.fixture()
def form_2021(qtbot: Any, window: MainWindow) -> MainWindow:
    assert window.open_path(_draft_2021())
    wait_ready(qtbot, window)
    return window


def _made(win: MainWindow) -> set[str]:
    assert win.page is not None
    return {v.objectName().removeprefix("table_") for v in win.page.views.built()}


def _first_tab_ids(win: MainWindow) -> set[str]:
    assert win.page is not None and win.page.tabs is not None
    first = win.page.tabs.widget(0)
    return {t for t, page in win.page.page_of.items() if page is first}


def _focused_view() -> FormTableView:
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, FormTableView):
        widget = widget.parentWidget()
    assert isinstance(widget, FormTableView), "the focus is not in a table"
    return widget


def test_only_the_first_tab_has_views_until_another_is_shown(
    qtbot: Any, form_2021: MainWindow, qtmodeltester: Any
) -> None:
    win = form_2021
    page = win.page
    assert page is not None and page.tabs is not None and page.tabs.count() == 3
    first = _first_tab_ids(win)
    assert _made(win) == first
    assert not win.findChild(FormTableView, "table_applications")  # not made at all
    assert "applications" in page.views and "applications" not in _made(win)  # asking makes none
    qtbot.keyClick(QApplication.focusWidget(), K.Key_PageDown, CTRL)
    assert page.tabs.currentIndex() == 1
    view = _focused_view()
    assert view.objectName() == "table_applications" and view.isVisible()
    assert view.currentIndex().data(CELL_ID_ROLE) == "new.natural"
    assert _made(win) == first | {"applications"}
    qtmodeltester.check(view.form_model)  # a model made later is a sound model too
    # Typing in the table made later goes into the draft as in any other.
    qtbot.keyClick(view, "7")
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Return)
    assert win.doc is not None and win.doc.draft.values.get("new.natural") == 7
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Tab, CTRL)
    assert page.tabs.currentIndex() == 2 and _made(win) == set(page.views)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Tab, CTRL)  # round to the first
    assert (
        page.tabs.currentIndex() == 0
        and _focused_view().objectName().removeprefix("table_") in first
    )


def test_a_problem_in_a_table_not_yet_made_is_shown_when_clicked(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    assert win.doc is not None and win.problems is not None and win.page is not None
    win.doc.edit({"new.natural": 5, "new.total": 1})  # the total of 新收申请 does not add up
    assert "applications" not in _made(win)
    problems = win.problems
    form = win.doc.form
    rows = [
        index
        for index in (problems.model.index(n, 0) for n in range(problems.model.rowCount()))
        if index.data(CELL_ROLE)
        and form.cell(str(index.data(CELL_ROLE))).table_id == "applications"
    ]
    assert rows, "no problem listed for table 三"
    rect = problems.view.visualRect(rows[0])
    qtbot.mouseClick(problems.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = win.page.views.built_one("applications")
    assert view is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert view.isVisible() and win.page.tabs is not None and win.page.tabs.currentIndex() == 1
    cell = view.currentIndex().data(CELL_ID_ROLE)
    assert cell is not None and win.doc.form.cell(str(cell)).table_id == "applications"


def test_selecting_a_cell_of_another_tab_makes_its_view(qtbot: Any, form_2021: MainWindow) -> None:
    win = form_2021
    view = select(qtbot, win, "cases.review_upheld")  # as help, comments and search jump
    assert view.objectName() == "table_appeals" and view.isVisible()
    assert win.page is not None and win.page.tabs is not None and win.page.tabs.currentIndex() == 2


def test_zoom_menus_and_help_follow_the_tables_made_later(
    qtbot: Any, form_2021: MainWindow
) -> None:
    win = form_2021
    win.zoom.set(150)
    assert win.page is not None and "applications" not in _made(win)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_PageDown, CTRL)
    view = _focused_view()
    assert view.objectName() == "table_applications"
    assert view.zoom == 150
    assert view.font().pointSizeF() == pytest.approx(win.page.views.built()[0].font().pointSizeF())
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    menu = win.table_actions.cell_menu(view)
    assert menu.actions()
    # The row help pane follows the current row of the later table.
    help_ui = win.row_help
    help_ui.dock.show()
    qtbot.waitUntil(help_ui.dock.isVisible)
    before = help_ui.pane.toPlainText()
    qtbot.keyClick(view, K.Key_Down)
    qtbot.waitUntil(lambda: help_ui.pane.toPlainText() != before)


def test_review_marks_reach_a_table_made_later(qtbot: Any, form_2021: MainWindow) -> None:
    """The review marks every model it knows; a model made later carries the same marks."""
    win = form_2021
    page = win.page
    assert page is not None
    first = page.models[0]
    first.comment_cells = {"new.natural"}
    first.comment_notes = {"new.natural": ["意见 #1（审核人）：请核实"]}
    for model in page.models:
        model.comment_cells, model.comment_notes = first.comment_cells, first.comment_notes
    later = page.views["applications"].form_model
    assert later.comment_cells == {"new.natural"}
    assert "请核实" in str(later.index_of("new.natural").data(Qt.ItemDataRole.ToolTipRole))


# -- the parsed-form cache --------------------------------------------------------------------------


@pytest.fixture()
def started(qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MainWindow]]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    made: list[MainWindow] = []
    yield made
    for win in made:
        win.close()


def _start_on(qtbot: Any, started: list[MainWindow], path: Path) -> MainWindow:
    _app, win = gui_app.start([str(path)])
    qtbot.addWidget(win)
    started.append(win)
    startup = startup_of(win)
    assert startup is not None
    qtbot.waitUntil(lambda: startup.done, timeout=10000)
    assert win.doc is not None and win.doc.form.id == "gov-disclosure-2021"
    return win


def test_the_window_reads_the_parsed_form_from_the_cache_on_its_second_start(
    qtbot: Any, home: Path, started: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _draft_2021()
    registry._load_one.cache_clear()  # as in a new process: no form parsed yet
    registry._load_dir.cache_clear()
    parsed: list[str] = []
    real_parse = form_build._parse_toml

    def parse(src: Any, text: str) -> Any:
        parsed.append(src.path)
        return real_parse(src, text)

    monkeypatch.setattr(form_build, "_parse_toml", parse)
    first = _start_on(qtbot, started, path)
    assert any(p.endswith("gov-disclosure-2021.toml") for p in parsed)  # parsed the first time
    cached = list((home / "cache" / "forms").glob("gov-disclosure-2021-*.form"))
    assert cached, "the window wrote no parsed-form cache in the user's cache folder"
    first.close()
    registry._load_one.cache_clear()  # the second start: a new process
    registry._load_dir.cache_clear()
    parsed.clear()
    second = _start_on(qtbot, started, path)
    assert parsed == []  # read from the cache, not parsed
    assert second.page is not None and second.page.views.built()
