"""Run something once a window has been painted: what the user waits for is drawn first.

Not a zero timer: Qt delivers a repaint with a low priority, after every queued call, so work put
on a zero timer runs before the window is drawn, not after.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    """Calls ``then`` (from the event loop) once ``window`` has been painted."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            # Once this paint is done (and on screen); not at all once the window is gone.
            QTimer.singleShot(0, self.window, self.then)
            self.deleteLater()
        return False


def after_paint(window: QWidget, then: Callable[[], None]) -> None:
    _AfterPaint(window, then)
