"""The main window's size and place: remembered between sessions, and always on the screen.

The first window opens at 1180×820 (the whole 2014 table at a glance) or smaller: never larger than
the screen's available area (a 1920×1080 laptop at 150 % is 1280×720, with the taskbar less), so
that the footer fields and the status bar are never off screen. A remembered geometry is restored,
then fitted into the available area of the screen it is on (the screen may have changed since: a
projector, another resolution, another scaling). The docks and the toolbar (``saveState``) are
remembered while a draft is open, and restored when one is opened.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow

from govreport_gui.core.store import settings

DEFAULT_SIZE = QSize(1180, 820)


def fit_into(rect: QRect, area: QRect) -> QRect:
    """``rect`` made no larger than ``area`` and moved (as little as possible) inside it."""
    width = min(rect.width(), area.width())
    height = min(rect.height(), area.height())
    x = min(max(rect.x(), area.x()), area.x() + area.width() - width)
    y = min(max(rect.y(), area.y()), area.y() + area.height() - height)
    return QRect(x, y, width, height)


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str) -> QByteArray:
    return QByteArray.fromBase64(QByteArray(text.encode("ascii", "ignore")))


class WindowGeometry(QObject):
    """Installed on the main window: sets its first geometry, fits it again once shown (when the
    frame is known), and saves it (:meth:`remember`) when the window closes."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._fitted_once = False
        window.installEventFilter(self)
        saved = settings.load_settings()
        if not (saved.window_geometry and window.restoreGeometry(_decode(saved.window_geometry))):
            self._initial()
        self.fit()

    def _screen(self) -> QScreen:
        center = self.window.frameGeometry().center()
        screen = QGuiApplication.screenAt(center) or self.window.screen()
        return screen or QGuiApplication.primaryScreen()

    def _initial(self) -> None:
        area = self._screen().availableGeometry()
        size = DEFAULT_SIZE.boundedTo(area.size())
        self.window.resize(size)
        self.window.move(area.center() - QPoint(size.width() // 2, size.height() // 2))

    def fit(self) -> None:
        """Fit the window's frame (title bar included, when known) into the available area."""
        window = self.window
        if window.isMaximized() or window.isFullScreen():
            return
        area = self._screen().availableGeometry()
        frame = window.frameGeometry()
        inner = window.geometry()
        # Before the window manager framed the window both are the same: nothing to allow for.
        extra_w = frame.width() - inner.width()
        extra_h = frame.height() - inner.height()
        fitted = fit_into(frame, area)
        if fitted == frame:
            return
        window.resize(max(1, fitted.width() - extra_w), max(1, fitted.height() - extra_h))
        window.move(fitted.topLeft())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show and not self._fitted_once:
            self._fitted_once = True
            QTimer.singleShot(0, self.fit)  # once the frame (title bar) is known
        return False

    def remember(self) -> None:
        """Save the geometry (and, with a draft open, the docks and toolbar) in the settings."""
        try:
            current = settings.load_settings()
            current.window_geometry = _encode(self.window.saveGeometry())
            if getattr(self.window, "doc", None) is not None:
                current.window_state = _encode(self.window.saveState())
            settings.save_settings(current)
        except OSError:
            pass  # a read-only profile: the window opens at its default size next time

    def restore_state(self) -> None:
        """The docks and toolbar as they were the last time a draft was open."""
        saved = settings.load_settings().window_state
        if saved:
            self.window.restoreState(_decode(saved))
