"""The PDF drawn in a child process while this one writes the workbook (whole-process exports).

A command-line export of both files spends about as long importing and drawing the PDF
(reportlab) as reading the draft and writing the workbook (openpyxl), and neither needs the
other: on a machine with a second core a forked child draws the PDF at the same time. The
command line starts the child first (:meth:`PdfBeside.start`): it imports reportlab and loads the
fonts while this process reads the draft; the report is then sent to it (:meth:`PdfBeside.send`)
and the PDF's bytes come back through a pipe (:meth:`PdfBeside.result`). This process writes both
files as before (its all-or-nothing batch, its temporary files, its messages); the child writes
nothing but the font cache.

Only where it is safe: ``os.fork`` on Linux, in a process with one thread (a fork copies the
calling thread alone; the window's export runs in a thread pool and never comes here). Anything
unexpected — no fork, the child killed, an answer that does not arrive whole — and the PDF is
drawn here, as before. A refusal found by the child (a character no font has) is raised here at
the point where the PDF would have been drawn: the outcome and the message are the same.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govreport_gui.core.layout.report import ReportData


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class PdfBeside:
    """A forked child that draws the PDF of the report it is sent."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self._pid: int | None = pid
        self._to_child: int | None = to_child
        self._from_child: int | None = from_child

    @classmethod
    def start(cls) -> PdfBeside | None:
        """The child, started (it prepares reportlab and the fonts, then waits for the report);
        ``None`` where a child cannot be used (draw the PDF here)."""
        if not can_fork():
            return None
        # What both processes need (our layout modules, dataclasses, the form's types: this
        # process for the workbook, the child for the PDF) is imported once, before the fork: the
        # child starts with it instead of importing it again. reportlab stays the child's alone.
        import govreport_gui.core.layout.export_pdf
        import govreport_gui.core.ops.font_cache_dir  # noqa: F401

        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - runs in the child (tests/test_pdf_beside.py runs it)
            os.close(down_write)
            os.close(up_read)
            _child(down_read, up_write)
        os.close(down_read)
        os.close(up_write)
        return cls(pid, down_write, up_read)

    def send(self, data: ReportData, draft_mode: bool) -> bool:
        """Give the child the report to draw; False when it cannot take it (draw it here)."""
        fd = self._to_child
        if fd is None:
            return False
        self._to_child = None
        try:
            payload = pickle.dumps((data, draft_mode))
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
        except Exception:
            return False
        return True

    def result(self) -> bytes | None:
        """The PDF's bytes; the child's refusal (an ``ExportError``) raised here; ``None`` when the
        child gave no usable answer (draw the PDF here)."""
        from govreport_gui.core.layout.report import ExportError

        fd = self._from_child
        if fd is None or self._to_child is not None:
            return None  # never sent a report
        self._from_child = None
        chunks: list[bytes] = []
        try:
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(fd)
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
        """Stop the child if it still runs (nothing to draw, or the export failed before)."""
        for name in ("_to_child", "_from_child"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
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


def _read_all(fd: int) -> bytes:  # pragma: no cover - runs in the child
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _child(down: int, up: int) -> None:  # pragma: no cover - runs in the child
    """Prepare, draw the report sent, answer, and leave without running the parent's exit
    handlers or flushing its buffers (``os._exit``)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C: the parent reports it
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from govreport_gui.core.layout.export_pdf import pdf_fonts, render_pdf
        from govreport_gui.core.layout.report import ExportError
        from govreport_gui.core.ops.font_cache_dir import use_font_cache

        use_font_cache()
        try:
            pdf_fonts()  # while the parent reads the draft; a failure is met again below
        except Exception:
            pass
        request = _read_all(down)
        if not request:
            return  # nothing to draw
        data, draft_mode = pickle.loads(request)  # from our own parent
        try:
            answer: tuple[str, Any] = ("pdf", render_pdf(data, draft_mode))
        except ExportError as exc:
            answer = ("refused", exc)
        try:
            payload = pickle.dumps(answer)
        except Exception:
            payload = pickle.dumps(("failed", None))
        with os.fdopen(up, "wb") as out:
            out.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
