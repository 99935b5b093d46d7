"""A draft the system hands over as an event (macOS: a double-click in Finder, a file dropped on
the Dock icon) is opened in the window, as a path on the command line is (gui/file_open_event.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import home, new_draft, start_window, started
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from govreport_gui.gui import file_open_event
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.startup import startup_of

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, started)  # the fixtures of gui_helpers

REPO = Path(__file__).resolve().parent.parent


def _finish(qtbot: Any, win: MainWindow) -> None:
    startup = startup_of(win)
    assert startup is not None
    if not startup.done:
        with qtbot.waitSignal(startup.finished, timeout=20000):
            pass


def _hand_over(path: Path) -> bool:
    app = QApplication.instance()
    assert app is not None
    return QCoreApplication.sendEvent(app, QFileOpenEvent(str(path)))


def test_a_file_handed_over_after_start_up_is_opened(qtbot: Any, started: list[MainWindow]) -> None:
    path = new_draft("gov-disclosure-2021", "某某县财政局", "2023")
    win = start_window(
        qtbot, started
    )  # the start page, as a program started by a double-click shows
    _finish(qtbot, win)
    # The test's application object is pytest-qt's, not ours: the event filter (macOS's way).
    file_open_event.install(QApplication.instance(), win, filter_anyway=True)  # type: ignore[arg-type]
    assert win.doc is None
    assert _hand_over(path)
    assert win.doc is not None and win.doc.draft.path == path.resolve()
    assert win.close_draft()


def test_a_file_handed_over_while_starting_replaces_what_the_start_up_opens(
    qtbot: Any, started: list[MainWindow]
) -> None:
    path = new_draft("gov-disclosure-2019", "某某县教育局", "2020")
    win = start_window(qtbot, started, "--example")
    file_open_event.install(QApplication.instance(), win, filter_anyway=True)  # type: ignore[arg-type]
    assert _hand_over(path)  # before the event loop ran: the window is still starting
    assert win.doc is None
    _finish(qtbot, win)
    qtbot.waitUntil(lambda: win.doc is not None and win.doc.draft.path == path.resolve())
    assert win.close_draft()


def test_a_file_that_is_not_a_draft_gets_the_usual_message(
    qtbot: Any, started: list[MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "不是草稿.nianbao"
    bad.write_bytes(b"just text")
    win = start_window(qtbot, started)
    _finish(qtbot, win)
    file_open_event.install(QApplication.instance(), win, filter_anyway=True)  # type: ignore[arg-type]
    shown: list[str] = []
    monkeypatch.setattr(win, "show_problem", lambda text, **_kw: shown.append(text))
    assert _hand_over(bad)
    assert win.doc is None
    assert len(shown) == 1 and "不是年报草稿文件" in shown[0], shown


def test_the_programs_own_application_object_takes_the_event(tmp_path: Path) -> None:
    """Started as ``govreport-gui`` starts (no application object before ours): the event is
    taken by the application object itself, on every platform, no filter needed."""
    home = tmp_path / "home"
    draft_home = subprocess.run(
        [sys.executable, "-c", _MAKE_DRAFT],
        env={**os.environ, "GOVREPORT_HOME": str(home), "GOVREPORT_USER": "测试"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, draft_home],
        env={
            **os.environ,
            "GOVREPORT_HOME": str(home),
            "GOVREPORT_USER": "测试",
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == f"opened {Path(draft_home).resolve()}"


_MAKE_DRAFT = """
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
form = get_form("gov-disclosure-2021")
path = library.new_draft_path(form, "某某县审计局", "2023")
Draft.create(path, form, "测试", fields={"unit": "某某县审计局", "year": "2023"}).close()
print(path)
"""

_CHILD = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFileOpenEvent
from govreport_gui.gui.app import start
from govreport_gui.gui.startup import startup_of
app, win = start([])
assert type(app).__name__ == "Application", type(app)
def done():
    QCoreApplication.sendEvent(app, QFileOpenEvent(sys.argv[1]))
    print("opened", win.doc.draft.path if win.doc is not None else None)
    win.close_draft()
    app.quit()
startup_of(win).finished.connect(lambda: QTimer.singleShot(0, done))
app.exec()
"""
