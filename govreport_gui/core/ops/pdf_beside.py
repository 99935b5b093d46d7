"""The PDF drawn in a child process while this one writes the workbook (whole-process exports).

A command-line export of both files spends about as long importing and drawing the PDF
(reportlab) as the workbook (openpyxl), and neither needs the other: on a machine with a second
core the PDF is drawn by a forked child at the same time, and its bytes come back through a pipe.
The parent writes both files as before (its all-or-nothing batch, its temporary files, its
error messages): the child writes nothing but the font cache.

Only where it is safe: ``os.fork`` on Linux, and only in a process with one thread (a fork copies
the calling thread alone; the window's export runs in a thread pool and never comes here). Anything
unexpected — no fork, the child killed, a result that does not arrive whole — and the parent
draws the PDF itself, as before. The child's refusal (a character no font has) is raised in the
parent at the point where the PDF would have been drawn, so the outcome and the message are the
same as without the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import TYPE_CHECKING

from govreport_gui.core.layout.report import ExportError

if TYPE_CHECKING:
    from govreport_gui.core.layout.report import ReportData


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class PdfBeside:
    """A forked child drawing the PDF of ``data``; :meth:`result` collects it."""

    def __init__(self, pid: int, pipe: int) -> None:
        self._pid: int | None = pid
        self._pipe: int | None = pipe

    @classmethod
    def start(cls, data: ReportData, draft_mode: bool) -> PdfBeside | None:
        """The child, started; ``None`` where a child cannot be used (draw the PDF here)."""
        if not can_fork():
            return None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # pragma: no cover - runs in the child (tests/test_pdf_beside.py runs it)
            _child(read_end, write_end, data, draft_mode)
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> bytes | None:
        """The PDF's bytes; the child's :class:`ExportError` raised here; ``None`` when the child
        gave no usable answer (draw the PDF here)."""
        chunks: list[bytes] = []
        pipe = self._pipe
        if pipe is None:
            return None
        try:
            while chunk := os.read(pipe, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(pipe)
            self._pipe = None
            self._wait()
        try:
            kind, value = pickle.loads(b"".join(chunks))  # from our own child, never from a file
        except Exception:
            return None
        if kind == "pdf" and isinstance(value, bytes):
            return value
        if kind == "refused" and isinstance(value, ExportError):
            raise value
        return None

    def cancel(self) -> None:
        """Stop the child if it still runs (the export failed before its PDF was needed)."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGTERM)
            except OSError:
                pass
            self._wait()

    def _wait(self) -> None:
        if self._pid is not None:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = None


def _child(
    read_end: int, write_end: int, data: ReportData, draft_mode: bool
) -> None:  # pragma: no cover - runs in the child
    """Draw the PDF, send it, and leave without running the parent's exit handlers or flushing
    its buffers (``os._exit``)."""
    code = 0
    try:
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C: the parent reports it
        from govreport_gui.core.layout.export_pdf import render_pdf

        try:
            answer: tuple[str, object] = ("pdf", render_pdf(data, draft_mode))
        except ExportError as exc:
            answer = ("refused", exc)
        try:
            payload = pickle.dumps(answer)
        except Exception:
            payload = pickle.dumps(("failed", None))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
