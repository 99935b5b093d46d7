"""The 审核台's scan off the GUI thread: the folder listed and its files read in a worker thread,
the rows handed to the window in chunks.

The first chunk goes as soon as a page of rows is read (or after :data:`FIRST_CHUNK_S`), so the
list shows at once; then a chunk every :data:`CHUNK_S`, so the window repaints a few times a second
while thousands of files are read and never waits for the scan. The worker touches no widget and
no list the window holds: it gets the paths and the stamps already known (a copy), and sends rows.
One scan at a time, in a pool of one thread that the window waits for when it closes.

Many files (:data:`POOL_FROM` or more) are read by worker processes, one per core (up to
:data:`MOST_PROCESSES`): reading a draft is Python work, which threads would share one core for.
The first page is read in this thread meanwhile (a process takes a moment to start), and the
batches come back in the list's order. A packaged program (PyInstaller) reads in this thread
only: its executable cannot be started as a worker.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from govreport_gui.core.ops import desk_scan
from govreport_gui.core.ops.desk_scan import Plan, Scanned, Stamp

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PAGE = 40  # rows: more than a screen shows
FIRST_CHUNK_S = 0.1
CHUNK_S = 0.25
POOL_FROM = 400  # files left after the first page: fewer are read here (a pool starts in ≈ 0.5 s)
BATCH = 20  # files a worker process reads per task
MOST_PROCESSES = 2  # each holds ≈ 90 MB: the 审核台 with two stays under 300 MB


def processes() -> int:
    """How many worker processes to read with (0: read in the scan's thread)."""
    if getattr(sys, "frozen", False):  # a packaged program: its executable is no Python to spawn
        return 0  # (nor does it carry multiprocessing: packaging/bundle_filter.py leaves it out)
    cores = os.cpu_count() or 1
    return min(cores, MOST_PROCESSES) if cores > 1 else 0


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
        head, rest = plan.to_read[:PAGE], plan.to_read[PAGE:]
        workers = processes() if len(rest) >= POOL_FROM else 0
        if not workers:
            self._deliver(desk_scan.read(path) for path in plan.to_read)
            return
        pools: list[ProcessPoolExecutor] = []
        try:
            self._deliver(self._pooled(head, rest, workers, pools))
        finally:
            for pool in pools:
                pool.shutdown(wait=True, cancel_futures=True)

    def _pooled(
        self, head: list[Path], rest: list[Path], workers: int, pools: list[ProcessPoolExecutor]
    ) -> Iterator[Scanned]:
        """The first page read here and handed over first; only then the worker processes start
        (their start-up would slow the first page down), and their batches follow in order."""
        for path in head:
            yield desk_scan.read(path)
        # Imported here, never by a packaged program (processes() is 0 there).
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
        from multiprocessing import get_context

        batches = [rest[i : i + BATCH] for i in range(0, len(rest), BATCH)]
        results: Any
        try:
            # spawn, not fork: this process runs Qt's threads, which a forked child must not inherit.
            pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            pools.append(pool)
            results = pool.map(desk_scan.read_many, batches)
        except OSError:
            results = iter(())
        for n in range(len(batches)):
            if self.stop.is_set():
                return
            try:
                batch = next(results)
            except (BrokenProcessPool, OSError, StopIteration):  # no worker: read them here
                for left in batches[n:]:
                    for path in left:
                        if self.stop.is_set():
                            return
                        yield desk_scan.read(path)
                return
            yield from batch

    def _deliver(self, scanned: Iterator[Scanned]) -> None:
        """Hand the rows over in chunks: the first as soon as a page is read, then a few a second."""
        chunk: list[Scanned] = []
        delivered = 0
        last = time.monotonic()
        for one in scanned:
            if self.stop.is_set():
                break
            chunk.append(one)
            now = time.monotonic()
            if delivered < PAGE:  # the first page: as soon as it is read, and a part meanwhile
                due = delivered + len(chunk) >= PAGE or now - last >= FIRST_CHUNK_S
            else:
                due = now - last >= CHUNK_S
            if due:
                self.signals.chunk.emit(chunk)
                delivered += len(chunk)
                chunk, last = [], now
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
