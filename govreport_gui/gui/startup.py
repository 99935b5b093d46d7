"""The window's start-up, frame first: what ``govreport-gui [PATH | --example]`` shows, and when.

1. Before the event loop: the window's frame only (title, remembered size and place), shown.
   Nothing of the forms, drafts or exports is imported yet, so the first paint comes about as soon
   as a bare Qt window's would.
2. After that first paint: what a draft needs (menus 文件 编辑 查看, toolbar, the panes) and,
   with no draft to open, the start page. With a draft to open, the start page is not made (nor
   the library read for it): an empty page and “正在打开 NAME…” in the status bar stand in until
   the draft is there.
3. After the next paint: the draft is opened and shown (or the example). When it cannot be opened
   its Chinese dialog is shown as before, over the start page. ``Startup.interactive``.
4. After the next paint: the rest (审核 with the key dialogs and the signature's check, 导出,
   设置 and 打印, 帮助 and its pane), one part per turn of the event loop
   (``MainWindow.build_next_extra``); the status badge and a signed draft's banner line fill in
   then. Anything that uses one of them earlier builds them at once. ``Startup.finished``.

Each step waits for the window's paint event, not for a zero timer: Qt delivers a repaint with a
low priority, after every queued call, so a chain of zero timers would run to the end before the
window was ever drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from govreport_gui.gui.after_paint import after_paint
from govreport_gui.gui.main_window import MainWindow


class Startup(QObject):
    """Steps 2 and 3 of the module's note, for a window shown with ``frame_only``."""

    interactive = Signal()  # the draft (or the start page) is shown and can be typed into
    finished = Signal()  # and the rest of the window is built too

    def __init__(
        self,
        window: MainWindow,
        path: Path | None = None,
        example: bool = False,
        warning: Callable[[], str | None] = lambda: None,
        before_build: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.example = example
        self.warning = warning  # read once the window can show it
        self.before_build = before_build  # e.g. the bundled font, not needed by the frame
        self.done = False
        self.placeholder: QLabel | None = None
        after_paint(window, self._build)

    def _build(self) -> None:
        window = self.window
        self.before_build()
        opening = self.path is not None or self.example
        # The start page is made if the draft fails; 审核, 导出, 打印, 帮助… once it is shown.
        window.build(start_page=not opening, extras=False)
        if opening:
            # Not the start page: it would flash up and read the whole library for nothing.
            self.placeholder = QLabel(window.stack)
            window.stack.addWidget(self.placeholder)
            window.stack.setCurrentWidget(self.placeholder)
            name = "示例" if self.example or self.path is None else self.path.name
            window.statusBar().showMessage(f"正在打开 {name}…")
            after_paint(window, self._open)
        else:
            self._finish()
        text = self.warning()  # a damaged settings file was set aside: say so, once
        if text:
            window.show_problem(text, title="设置文件")

    def _open(self) -> None:
        window = self.window
        window.statusBar().clearMessage()  # before: a failure puts its own line there
        if not window.isVisible():
            pass  # closed meanwhile: nothing to open it in (no lock taken for nothing)
        elif self.example:
            window.open_example()
        elif self.path is not None:
            window.open_path(self.path)
        if window.doc is None:  # it could not be opened: its dialog is up, over the start page
            window.stack.setCurrentWidget(window.start)
            window.start.focus_list()
        if self.placeholder is not None:
            window.stack.removeWidget(self.placeholder)
            self.placeholder.deleteLater()
            self.placeholder = None
        self._finish()

    def _finish(self) -> None:
        self.interactive.emit()
        # Once what is shown now was painted: the other parts, one per turn of the event loop
        # (each takes a few milliseconds; a key pressed meanwhile waits for one part at most).
        if self.window.isVisible():
            after_paint(self.window, self._build_next)
        else:  # closed meanwhile: no paint will come
            QTimer.singleShot(0, self.window, self._build_next)

    def _build_next(self) -> None:
        if self.window.build_next_extra():
            QTimer.singleShot(0, self.window, self._build_next)
            return
        self.done = True
        self.finished.emit()


def startup_of(window: QWidget) -> Startup | None:
    """The start-up steps of a window that ``app.start`` showed (None for any other window)."""
    return window.findChild(Startup)
