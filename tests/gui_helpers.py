"""Shared fixtures and helpers of the window tests (tests/test_gui_*.py, tests/test_models.py).

Every test runs with a fresh ``GOVREPORT_HOME`` (settings and library in a temporary folder) and the
user's name already confirmed, so no name dialog appears. Keys go to the widget that has the focus,
as they would from a keyboard: typing into a selected cell opens its editor, and the following keys
go to that editor.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QWidget,
)

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.paths import example_values_path
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.form_model import CELL_ID_ROLE
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.main_window import MainWindow

USER = "测试员"
FORM_IDS = ("gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021")
K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NO_MOD = Qt.KeyboardModifier.NoModifier


# -- fixtures (a test module imports the ones it uses) -------------------------------------------------------------------------------------


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


@pytest.fixture()
def started(qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MainWindow]]:
    """Windows made by ``app.start`` (as ``govreport-gui`` makes them; see :func:`start_window`),
    closed at the end; the error hooks it installs are put back."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    made: list[MainWindow] = []
    yield made
    for win in made:
        for box in win.findChildren(QMessageBox):
            box.close()
        win.close()


def start_window(qtbot: Any, started: list[MainWindow], *argv: str) -> MainWindow:
    """``govreport-gui ARGV``'s window, as ``app.start`` leaves it (the frame only, shown)."""
    from govreport_gui.gui import app as gui_app

    _app, win = gui_app.start(list(argv))
    qtbot.addWidget(win)
    started.append(win)
    return win


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
