"""Slow work (writing an export, reading a workbook) off the GUI thread, with a busy indicator.

:func:`start` runs a function in Qt's global thread pool and calls back on the GUI thread with
its result or its exception, so the window keeps painting and answering while files are written.
The function must not touch the draft or any widget: it gets plain data (a snapshot of the
report, a file name, a form definition) and a ``progress`` callback for a line of status text.
A busy indicator appears in the status bar only when the work takes longer than
:data:`SHOW_AFTER_MS`, so a quick export does not flicker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QProgressBar, QWidget

SHOW_AFTER_MS = 300
LABEL_WIDTH = 260  # pixels: the status bar keeps room for the counts at 1024 wide

Progress = Callable[[str], None]
Work = Callable[[Progress], Any]


class _Signals(QObject):
    """Emitted from the pool thread; received (queued) on the GUI thread by the :class:`Job`."""

    progress = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Job keeps it (Python owns it) until it has finished
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as exc:  # handed to the GUI thread, which says it in Chinese
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class BusyIndicator(QWidget):
    """A line of text and a moving bar in the status bar: “正在导出 报表.pdf…”."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: how long a writer takes is not known in advance
        self.bar.setMaximumWidth(120)
        self.bar.setTextVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def say(self, text: str) -> None:
        """Show ``text`` (a long file name shortened in the middle; whole in the tooltip)."""
        metrics = self.label.fontMetrics()
        self.label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH))
        self.label.setToolTip(text)


class Job(QObject):
    """One piece of work in the pool, started when made: ``work(progress)`` runs in Qt's thread pool,
    then ``on_done(result)`` or ``on_error(exc)`` on the GUI thread; ``done`` once that has run.
    ``text`` is what the busy indicator says until ``progress`` says otherwise."""

    finished = Signal()

    def __init__(
        self,
        window: QMainWindow,
        text: str,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(window)
        self.done = False
        self._on_done = on_done
        self._on_error = on_error
        self._signals = _Signals()
        self._signals.progress.connect(self._progress)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._runnable = _Runnable(work, self._signals)
        self.busy = BusyIndicator(window)
        self.busy.say(text)
        window.statusBar().addPermanentWidget(self.busy)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.busy.show)
        self._timer.start(SHOW_AFTER_MS)
        QThreadPool.globalInstance().start(self._runnable)

    @Slot(str)
    def _progress(self, text: str) -> None:
        self.busy.say(text)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self._finish(self._on_done, result)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self._finish(self._on_error, exc)

    def _finish(self, handler: Callable[[Any], None], outcome: Any) -> None:
        """Hide the indicator, hand the outcome over, and say the task is over even if that raised."""
        self._end()
        try:
            handler(outcome)
        finally:
            self.done = True
            self.finished.emit()

    def _end(self) -> None:
        self._timer.stop()
        self.busy.hide()
        self.busy.deleteLater()


# The tasks running: each is kept here until its work has ended, so that a dialog closed
# meanwhile (and deleted) takes neither the task nor the runnable the pool is still running.
_RUNNING: set[Task] = set()


class Task(QObject):
    """Work in the pool for a dialog that shows its own progress (no status bar of a window):
    ``work(progress)`` runs in Qt's thread pool; ``progressed(text)``, then ``succeeded(result)``
    or ``failed(exc)`` are emitted on the GUI thread; ``done`` once the work has ended. The task
    has no parent: it lives until its work ends, whatever happens to the dialog that started it
    (which disconnects itself when it is closed first)."""

    progressed = Signal(str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Work) -> None:
        super().__init__()
        _RUNNING.add(self)
        self.done = False
        self._signals = _Signals()
        self._signals.progress.connect(self.progressed)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._runnable = _Runnable(work, self._signals)
        QThreadPool.globalInstance().start(self._runnable)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.done = True
        _RUNNING.discard(self)
        self.succeeded.emit(result)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self.done = True
        _RUNNING.discard(self)
        self.failed.emit(exc)

    def forget(self) -> None:
        """Nobody waits for the outcome any more (the dialog was closed): it is dropped."""
        for signal in (self.progressed, self.succeeded, self.failed):
            signal.disconnect()
