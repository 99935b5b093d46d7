"""The garbage collector while a program starts (``govreport_gui/collector.py``, issue 14): the
window's own process runs it in larger steps until the whole window is built (not already when
the draft can be typed into: the first round at Python's thresholds would then come before the
draft's first paint), then as Python does; a window started from another program (a test) keeps
that program's settings."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from gui_helpers import home, start_window, started, wait_ready

from govreport_gui.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent
__all__ = ["home", "started"]  # fixtures

WINDOW = """
import gc, sys
from govreport_gui.gui.process import start_window
from govreport_gui.gui.startup import startup_of
app, window = start_window(["--example"])
print("starting", gc.get_threshold()[0])
steps = startup_of(window)
def interactive():
    print("interactive", gc.get_threshold()[0])
def built():
    print("built", gc.get_threshold()[0])
    app.quit()
steps.interactive.connect(interactive)
steps.finished.connect(built)
app.exec()
"""


def _printed(child: str, tmp_path: Path) -> list[str]:
    """The words a window's own process started by ``child`` printed (it must exit with 0)."""
    env = {
        **os.environ,
        "GOVREPORT_HOME": str(tmp_path / "home"),
        "GOVREPORT_USER": "张三",
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", child],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_windows_process_collects_as_usual_once_the_whole_window_is_built(
    tmp_path: Path,
) -> None:
    python_s = str(gc.get_threshold()[0])
    assert _printed(WINDOW, tmp_path) == [
        "starting",
        "30000",
        "interactive",
        "30000",
        "built",
        python_s,
    ]


NEVER_BUILT = """
import gc
from govreport_gui import collector
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.process import start_window
from govreport_gui.gui.startup import startup_of
from PySide6.QtCore import QTimer
collector.AT_THE_LATEST_MS = 300
MainWindow.build_next_extra = lambda self: True  # a part that never gets done: no ``finished``
app, window = start_window(["--example"])
steps = startup_of(window)
def interactive():
    print("interactive", gc.get_threshold()[0])
    QTimer.singleShot(2000, lambda: (print("later", gc.get_threshold()[0]), app.quit()))
steps.interactive.connect(interactive)
steps.finished.connect(lambda: print("built"))
app.exec()
"""


def test_a_window_whose_rest_is_never_built_still_goes_back_to_pythons_collector(
    tmp_path: Path,
) -> None:
    python_s = str(gc.get_threshold()[0])
    assert _printed(NEVER_BUILT, tmp_path) == ["interactive", "30000", "later", python_s]


def test_a_window_started_in_this_process_leaves_the_collector_alone(
    qtbot: Any, started: list[MainWindow]
) -> None:
    before = gc.get_threshold()
    window = start_window(qtbot, started, "--example")
    qtbot.waitUntil(lambda: window.page is not None)
    wait_ready(qtbot, window)
    assert gc.get_threshold() == before
