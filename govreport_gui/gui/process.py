"""``govreport-gui`` as a process of its own: the window started the way only the program's own
process may start it. The garbage collector waits from before the window's modules are imported
until the whole window is built (``govreport_gui/collector.py``, issue 14); a test, or another
program calling :func:`govreport_gui.gui.app.start`, keeps its own settings."""

from __future__ import annotations

from collections.abc import Sequence

from govreport_gui import collector

TYPE_CHECKING = False
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from govreport_gui.gui.main_window import MainWindow


def start_window(argv: Sequence[str] | None = None) -> tuple[QApplication, MainWindow]:
    """What :func:`run` does before the event loop (the start-up benchmark runs this too)."""
    collector.wait_while_starting()
    from govreport_gui.gui.app import start

    return start(argv, own_process=True)


def run(argv: Sequence[str] | None = None) -> int:
    """``govreport-gui``'s entry: the window, until it is closed."""
    app, _window = start_window(argv)
    return app.exec()
