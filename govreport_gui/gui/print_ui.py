"""文件 → 打印… (Ctrl+P) and 打印预览…: the pages of the PDF export, on the system's printers.

What is printed is what 导出 PDF writes: a signed-off report (unchanged since) prints as the export
for submission, anything else as the draft export, with its 草稿（未签发） marks. The layout is the
export's own (:func:`govreport_gui.core.layout.export_pdf.draw_pdf`), painted by
:mod:`govreport_gui.gui.print_canvas`. reportlab is imported only when printing.

打印全文… and 全文打印预览… print the whole report (title, text, tables, 落款) as its PDF lays it
out, drawn by Qt (:mod:`govreport_gui.gui.report_print`); the preview and the print paint the same
pages.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog

from govreport_gui.gui.print_canvas import (
    Recording,
    fonts_for_printing,
    page_transform,
    paint_page,
    record_report,
)
from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from govreport_gui.gui.report_print import ReportPages


class PrintError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def paint_recording(printer: QPrinter, recording: Recording) -> int:
    """Paint the recorded pages on ``printer`` (the pages it asks for); returns how many."""
    pages = list(enumerate(recording.pages, start=1))
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or len(pages)
        pages = [(n, p) for n, p in pages if printer.fromPage() <= n <= last]
    if not pages:
        return 0
    # The export's pages carry their own margins (GB/T 9704): paint from the paper's corner.
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印：打印机不可用或输出文件无法写入。请检查打印机后重试。")
    with fonts_for_printing():  # until painter.end() (the PDF engine embeds them there)
        try:
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            dpi = printer.resolution()
            for i, (_n, page) in enumerate(pages):
                if i and not printer.newPage():
                    raise PrintError("打印中断：打印机不接受新的一页。请检查打印机后重试。")
                base = page_transform(page.width, page.height, paper.width(), paper.height(), dpi)
                paint_page(painter, page, recording, base)
        finally:
            painter.end()
    return len(pages)


def a4_printer(title: str = "") -> QPrinter:
    """A printer set up for the export's pages: A4 portrait, no margins of its own."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)
    return printer


class PrintUI:
    """The printing behind 文件 → 打印… and the others (their actions: :mod:`print_actions`,
    which makes this on first use)."""

    def __init__(
        self, window: WindowBase, actions: tuple[QAction, QAction, QAction, QAction]
    ) -> None:
        self.window = window
        # The menu's actions (打印…, 打印预览…, 打印全文…, 全文打印预览…), made and enabled by
        # ``PrintActions``; here too, so that ``window.printing.act_print`` is what a user clicks.
        self.act_print, self.act_preview, self.act_print_whole, self.act_preview_whole = actions
        # Kept for the session: the printer, copies and options chosen last time are offered again.
        self.printer: QPrinter | None = None
        self.preview_dialog: QPrintPreviewDialog | None = None

    def layout(self) -> Recording | None:
        """The export's pages for the open draft (signed export or draft export), or None after
        saying why not."""
        doc = self.window.doc
        if doc is None:
            return None
        from govreport_gui.core.layout.export_pdf import PdfGlyphError
        from govreport_gui.core.layout.report import ExportError, refusal_reason
        from govreport_gui.core.ops.snapshot import report_data

        data = report_data(doc.draft)
        # Exactly what 导出 would write: the submission copy once signed off, else the draft.
        draft_mode = bool(refusal_reason(data))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return record_report(data, draft_mode)
        except PdfGlyphError as exc:
            listed = "、".join(f"“{c}”(U+{ord(c):04X})" for c in exc.chars)
            self.window.show_problem(
                f"以下字符在可用的字体中都没有字形，打印出来会是空白，因此没有打印：{listed}。"
                "请改用常用字（或同音的规范字）后再打印。",
                title="不能打印",
            )
            return None
        except ExportError as exc:
            self.window.show_problem(exc.message, title="不能打印")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = a4_printer()
        doc = self.window.doc
        if doc is not None:
            self.printer.setDocName(doc.draft.path.stem)
        return self.printer

    def print_report(self) -> None:
        recording = self.layout()
        if recording is None:
            return
        if self._chosen_printer("打印", len(recording.pages)):
            self.print_to(self._printer(), recording)

    def print_to(self, printer: QPrinter, recording: Recording | None = None) -> int:
        """Print on ``printer`` (already chosen); returns the number of pages sent."""
        recording = recording or self.layout()
        if recording is None:
            return 0
        return self._print_pages(printer, lambda p: paint_recording(p, recording), "")

    def _chosen_printer(self, title: str, pages: int) -> bool:
        """The print dialog (printer, page range) for ``pages`` pages; False when cancelled."""
        dialog = QPrintDialog(self._printer(), self.window)
        dialog.setWindowTitle(title)
        dialog.setMinMax(1, pages)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def _print_pages(self, printer: QPrinter, paint: Callable[[QPrinter], int], what: str) -> int:
        """Paint on ``printer`` with a wait cursor; a failure is a message, the count is said in
        the status bar (``what``: "全文" for the whole report, "" for the table)."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            count = paint(printer)
        except PrintError as exc:
            QGuiApplication.restoreOverrideCursor()
            self.window.show_problem(exc.message, title="打印失败")
            return 0
        QGuiApplication.restoreOverrideCursor()
        where = printer.outputFileName() or printer.printerName() or "打印机"
        self.window.statusBar().showMessage(f"已打印{what} {count} 页（{where}）。", 10000)
        return count

    def _open_preview(self, title: str, paint: Callable[[QPrinter], object]) -> QPrintPreviewDialog:
        """A window-modal print preview drawing with ``paint`` (printing from it prints the same
        pages); the print fonts stay registered while it is open (it draws again on zoom)."""
        dialog = QPrintPreviewDialog(self._printer(), self.window)
        dialog.setWindowTitle(title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.paintRequested.connect(paint)
        fonts = ExitStack()
        fonts.enter_context(fonts_for_printing())
        dialog.destroyed.connect(lambda *_: fonts.close())
        dialog.resize(self.window.size() * 0.9)
        self.preview_dialog = dialog
        dialog.destroyed.connect(self._forget_preview)
        dialog.open()
        return dialog

    def preview(self) -> QPrintPreviewDialog | None:
        """The print preview (window-modal; printing from it prints the same pages)."""
        recording = self.layout()
        if recording is None:
            return None
        return self._open_preview("打印预览", lambda printer: paint_recording(printer, recording))

    def _forget_preview(self) -> None:
        self.preview_dialog = None

    # -- the whole report ----------------------------------------------------------------------

    def whole_pages(self) -> ReportPages | None:
        """The whole report's pages for the open draft: as its export for submission once signed
        off (and unchanged since), else as the draft export, with 草稿（未签发） on every page."""
        doc = self.window.doc
        if doc is None:
            return None
        from govreport_gui.core.layout.report import refusal_reason
        from govreport_gui.core.ops.export import snapshot
        from govreport_gui.gui.report_print import report_pages

        data = snapshot(doc)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return report_pages(data, draft_mode=bool(refusal_reason(data)))
        finally:
            QGuiApplication.restoreOverrideCursor()

    def print_whole(self) -> None:
        pages = self.whole_pages()
        if pages is None:
            return
        if self._chosen_printer("打印全文", pages.page_count):
            self.print_whole_to(self._printer(), pages)

    def print_whole_to(self, printer: QPrinter, pages: ReportPages | None = None) -> int:
        """Print the whole report on ``printer`` (already chosen); the number of pages sent."""
        pages = pages or self.whole_pages()
        if pages is None:
            return 0
        return self._print_pages(printer, lambda p: paint_report_pages(p, pages), "全文")

    def preview_whole(self) -> QPrintPreviewDialog | None:
        """The whole report's print preview: the pages :meth:`print_whole_to` prints."""
        pages = self.whole_pages()
        if pages is None:
            return None
        return self._open_preview(
            "全文打印预览", lambda printer: paint_report_pages(printer, pages)
        )


def paint_report_pages(printer: QPrinter, pages: ReportPages) -> int:
    """Paint the whole report's pages on ``printer`` (those it asks for); returns how many."""
    from govreport_gui.gui.report_print import page_base

    numbers = list(range(1, pages.page_count + 1))
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = printer.toPage() or len(numbers)
        numbers = [n for n in numbers if printer.fromPage() <= n <= last]
    if not numbers:
        return 0
    printer.setFullPage(True)  # the pages carry their own margins (GB/T 9704)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("无法开始打印：打印机不可用或输出文件无法写入。请检查打印机后重试。")
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        base = page_base(paper.width(), paper.height(), printer.resolution())
        for i, number in enumerate(numbers):
            if i and not printer.newPage():
                raise PrintError("打印中断：打印机不接受新的一页。请检查打印机后重试。")
            pages.paint_page(painter, number - 1, base)
    finally:
        painter.end()
    return len(numbers)
