"""The 审核台's scan off the GUI thread: the folder listed and its files read in a worker thread,
the rows handed to the window in chunks.

The first chunk goes as soon as a page of rows is read (or after :data:`FIRST_CHUNK_S`), so the
list shows at once; then a chunk every :data:`CHUNK_S`, so the window repaints a few times a second
while thousands of files are read and never waits for the scan. The worker touches no widget and
no list the window holds: it gets the paths and the stamps already known (a copy), and sends rows.
One scan at a time, in a pool of one thread that the window waits for when it closes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from govreport_gui.core.ops import desk_scan
from govreport_gui.core.ops.desk_scan import Plan, Scanned, Stamp

PAGE = 40  # rows: more than a screen shows
FIRST_CHUNK_S = 0.1
CHUNK_S = 0.25


class _Signals(QObject):
    planned = Signal(object)  # Plan: the files found, those to read, those removed
    chunk = Signal(object)  # list[Scanned]
    finished = Signal(bool)  # True: every file was read (False: stopped)
    failed = Signal(object)  # an exception (a bug: the crash report shows it)


class _Scan(QRunnable):
    def __init__(
        self,
        paths: list[Path],
        published: bool,
        known: Mapping[str, Stamp | None],
        everything: bool,
        signals: _Signals,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the scanner keeps it (Python owns it)
        self.paths = paths
        self.published = published
        self.known = known
        self.everything = everything
        self.signals = signals
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            self._run()
        except Exception as exc:  # handed to the GUI thread
            self.signals.failed.emit(exc)

    def _run(self) -> None:
        plan = desk_scan.make_plan(self.paths, self.published, self.known, self.everything)
        self.signals.planned.emit(plan)
        chunk: list[Scanned] = []
        first = True
        last = time.monotonic()
        for path in plan.to_read:
            if self.stop.is_set():
                break
            chunk.append(desk_scan.read(path))
            now = time.monotonic()
            due = (
                (len(chunk) >= PAGE or now - last >= FIRST_CHUNK_S)
                if first
                else now - last >= CHUNK_S
            )
            if due:
                self.signals.chunk.emit(chunk)
                chunk, first, last = [], False, now
        if chunk:
            self.signals.chunk.emit(chunk)
        self.signals.finished.emit(not self.stop.is_set())


class DeskScanner(QObject):
    """Runs one scan at a time; its signals arrive on the GUI thread."""

    planned = Signal(object)
    chunk = Signal(object)
    finished = Signal(bool)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._scan: _Scan | None = None
        self._signals: _Signals | None = None

    @property
    def running(self) -> bool:
        return self._scan is not None

    def start(
        self,
        paths: list[Path],
        published: bool,
        known: Mapping[str, Stamp | None],
        everything: bool,
    ) -> bool:
        """Start a scan; False when one is running (the caller asks again when it is over)."""
        if self._scan is not None:
            return False
        signals = _Signals()
        signals.planned.connect(self.planned)
        signals.chunk.connect(self.chunk)
        signals.finished.connect(self._finished)
        signals.failed.connect(self._failed)
        self._signals = signals
        self._scan = _Scan(list(paths), published, dict(known), everything, signals)
        self.pool.start(self._scan)
        return True

    def cancel(self) -> None:
        if self._scan is not None:
            self._scan.stop.set()

    def wait(self, ms: int = 5000) -> None:
        """Stop the scan and wait for the thread (the window is closing)."""
        self.cancel()
        self.pool.waitForDone(ms)

    def _finished(self, complete: bool) -> None:
        self._scan = None
        self.finished.emit(complete)

    def _failed(self, exc: object) -> None:
        self._scan = None
        self.failed.emit(exc)


__all__ = ["DeskScanner", "Plan"]
