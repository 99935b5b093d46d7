"""Files the system hands the running program to open, not on its command line.

On macOS a double-click on a ``.nianbao`` in Finder (the app declares the type: packaging/macos/
bundle_info.py), a file dropped on the Dock icon or 打开方式 starts the program *without* the path
as an argument and delivers it as a ``QFileOpenEvent`` to the application object instead — also
to a program already running. Without this the window would start on the start page and ignore
the file. Windows and Linux pass the path as an argument (the installers' ``%1`` / ``%f``).

The event is taken in :class:`Application`'s ``event()`` (only events sent to the application
object itself pass there), or, when the application object was made before ours (a test, the
start-up benchmark), by an event filter, which sees every event of the program and so is
installed only where such events come (macOS).

A file that arrives while the window is still starting (the usual case for a double-click: the
event comes in the first turns of the event loop) is opened once the start-up has finished, so it
replaces whatever the start-up showed, as a second double-click would.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.startup import startup_of


class FileOpener(QObject):
    """Opens the files the system hands over in ``window`` (a child of it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._waiting: list[Path] = []

    def take(self, event: QEvent) -> bool:
        """Open the file of a ``FileOpen`` event; whether the event was one (and so handled)."""
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        name = event.file()
        if not name:  # a web address, no local file (macOS sends those too): not ours
            return False
        self.open(Path(name))
        return True

    def open(self, path: Path) -> None:
        startup = startup_of(self._window)
        if startup is not None and not startup.done:
            if not self._waiting:
                startup.finished.connect(self._open_waiting)
            self._waiting.append(path)
            return
        self._window.open_path(path)

    def _open_waiting(self) -> None:
        # The last one only: the window shows one draft, and a later file replaces an earlier one.
        waiting, self._waiting = self._waiting, []
        if waiting:
            self._window.open_path(waiting[-1])


class Application(QApplication):
    """The program's QApplication: hands ``FileOpen`` events to the window's :class:`FileOpener`."""

    file_opener: FileOpener | None = None

    def event(self, event: QEvent) -> bool:
        if self.file_opener is not None and self.file_opener.take(event):
            return True
        return super().event(event)


class _Filter(QObject):
    def __init__(self, opener: FileOpener) -> None:
        super().__init__(opener)
        self._opener = opener

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return watched is QApplication.instance() and self._opener.take(event)


def install(app: QApplication, window: MainWindow, filter_anyway: bool = False) -> FileOpener:
    """Have ``app`` open the files the system hands over in ``window``."""
    opener = FileOpener(window)
    if isinstance(app, Application):
        app.file_opener = opener
    elif sys.platform == "darwin" or filter_anyway:
        app.installEventFilter(_Filter(opener))
    return opener
