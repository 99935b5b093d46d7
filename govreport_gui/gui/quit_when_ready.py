"""``GOVREPORT_QUIT_WHEN_READY=1``: the window closes itself once it has fully started.

For smoke tests of a built package (tests/test_installer_deb.py), which cannot click the window
shut: ``govreport-gui --example`` started with it shows its window, opens the example, builds the
rest (``Startup.finished``), prints one line naming what it shows and closes the window the usual
way (the draft let go, the window's place remembered), so the program ends with exit code 0.
Any other value, or none, changes nothing.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication

from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.startup import startup_of

ENV = "GOVREPORT_QUIT_WHEN_READY"


def arm(window: MainWindow) -> bool:
    """Close ``window`` (and end the event loop) once its start-up has finished, when asked to."""
    startup = startup_of(window)
    if os.environ.get(ENV) != "1" or startup is None:
        return False
    startup.finished.connect(lambda: _report_and_close(window))
    return True


def _report_and_close(window: MainWindow) -> None:
    opened = "" if window.doc is not None else "（未打开草稿）"
    # A windowed program on Windows has no standard output at all.
    if sys.stdout is not None:
        print(f"已就绪{opened}：{window.windowTitle()}", flush=True)
    window.close()
    QCoreApplication.exit(0)
