"""How the window's program names itself: ``govreport-gui --version`` says what ``govreport
--version`` says, and its app_id (Wayland's name for the program) is the desktop entry's."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import home, new_draft
from PySide6.QtGui import QGuiApplication

from govreport_gui import __version__
from govreport_gui.cli.main import main as cli_main
from govreport_gui.gui import app as gui_app
from govreport_gui.gui.startup import startup_of

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home,)
REPO = Path(__file__).resolve().parent.parent


def _version(main: Any, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    return capsys.readouterr().out.strip()


def test_govreport_gui_version_is_the_command_lines(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _version(gui_app.start, capsys)
    assert shown == f"govreport {__version__}"
    assert shown == _version(cli_main, capsys)


def test_the_app_id_is_the_desktop_entrys_name(
    qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The .deb installs /usr/share/applications/govreport.desktop (packaging/linux)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    QGuiApplication.setDesktopFileName("")
    desktop = (REPO / "packaging" / "linux" / "freedesktop.py").read_text(encoding="utf-8")
    assert 'APP_ID = "govreport"' in desktop
    path = new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    _app, win = gui_app.start([str(path)])
    qtbot.addWidget(win)
    assert QGuiApplication.desktopFileName() == "govreport"
    startup = startup_of(win)
    assert startup is not None
    with qtbot.waitSignal(startup.finished, timeout=20000):
        pass
    win.close()
