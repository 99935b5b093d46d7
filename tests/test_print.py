"""Printing (文件 → 打印…, 打印预览…): the printed pages are the PDF export's pages.

There are no printers here: Qt prints to a PDF file (QPrinter's PdfFormat), which poppler reads
back like the export, page by page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from test_export import (
    consistent_values,
    example,
    fields_for,
    make_draft,
    needs_poppler,
    pdf_pages,
    read_data,
    signed_example,
    signed_form,
)

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.export_pdf import export_pdf
from govreport_gui.core.layout.report import DRAFT_MARK
from govreport_gui.core.store import settings
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.print_ui import a4_printer

pytestmark = needs_poppler


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def pdf_printer(path: Path) -> QPrinter:
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def page_texts(path: Path) -> list[str]:
    """The text of each page, whitespace removed (Qt and reportlab space words differently)."""
    texts = []
    for page in range(1, pdf_pages(path) + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts.append("".join(out.split()))
    return texts


def report_draft(tmp_path: Path, form: str, signed: bool) -> Path:
    """The bundled example (2014 form) or a complete 2021 report, signed off or not."""
    if form == "2014":
        doc = example()
        return make_draft(tmp_path / "r.nianbao", doc.form, doc.fields, doc.values, sign=signed)
    form_def = get_form("gov-disclosure-2021")
    values = consistent_values(form_def)
    return make_draft(tmp_path / "r.nianbao", form_def, fields_for("2021"), values, sign=signed)


@pytest.mark.parametrize(
    ("form", "signed"),
    [("2014", True), ("2014", False), ("2021", True), ("2021", False)],
)
def test_printed_pages_are_the_export_pages(
    window: MainWindow, tmp_path: Path, form: str, signed: bool
) -> None:
    path = report_draft(tmp_path, form, signed)
    exported = export_pdf(read_data(path), tmp_path / "export.pdf", draft_mode=not signed)
    assert window.open_path(path)
    assert window.page is not None
    made = [v.objectName() for v in window.page.views.built()]
    printed = tmp_path / "printed.pdf"
    assert window.printing.print_to(pdf_printer(printed)) == pdf_pages(exported)
    # Every table is printed, those of tabs never shown too (their views are not needed).
    assert [v.objectName() for v in window.page.views.built()] == made
    assert form == "2014" or "table_appeals" not in made

    expected, got = page_texts(exported), page_texts(printed)
    assert len(got) == len(expected) >= 2
    assert got == expected  # page by page, the same text
    mark = "".join(DRAFT_MARK.split())
    # An unsigned draft prints as the draft export, with its mark on every page; a signed one not.
    assert all((mark in page) is not signed for page in got)
    assert "已打印" in window.statusBar().currentMessage()


def test_print_action_asks_the_print_dialog_then_prints(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not window.printing.act_print.isEnabled()  # nothing to print on the start screen
    assert window.open_path(signed_form(tmp_path, "gov-disclosure-2021"))
    assert window.printing.act_print.isEnabled()
    printed = tmp_path / "via-dialog.pdf"
    window.printing.printer = pdf_printer(printed)
    asked: list[QPrintDialog] = []

    def accept(dialog: QPrintDialog) -> int:
        asked.append(dialog)
        return int(QPrintDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.printing.act_print.trigger()
    assert asked and pdf_pages(printed) == 3


def test_cancelled_print_dialog_prints_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_path(signed_example(tmp_path))
    printed = tmp_path / "cancelled.pdf"
    window.printing.printer = pdf_printer(printed)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: int(QPrintDialog.DialogCode.Rejected))
    window.printing.act_print.trigger()
    assert not printed.exists()


def test_print_preview_shows_every_page(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    assert window.open_path(signed_form(tmp_path, "gov-disclosure-2021"))
    dialog = window.printing.preview()
    assert dialog is not None
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() == 3)
    dialog.close()


def test_a_page_range_prints_only_those_pages(window: MainWindow, tmp_path: Path) -> None:
    assert window.open_path(signed_form(tmp_path, "gov-disclosure-2021"))
    exported = export_pdf(read_data(window.doc.draft.path), tmp_path / "export.pdf")  # type: ignore[union-attr]
    printer = pdf_printer(tmp_path / "page2.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert window.printing.print_to(printer) == 1
    assert page_texts(tmp_path / "page2.pdf") == page_texts(exported)[1:2]


def test_characters_no_font_has_are_named_and_nothing_is_printed(
    window: MainWindow, tmp_path: Path
) -> None:
    doc = example()
    fields = dict(doc.fields, unit="𠀀𠀁县人民政府")
    path = make_draft(tmp_path / "odd.nianbao", doc.form, fields, doc.values, sign=False)
    assert window.open_path(path)
    printed = tmp_path / "odd.pdf"
    assert window.printing.print_to(pdf_printer(printed)) == 0
    assert window.printing.preview() is None
    assert not printed.exists()
    message = window.last_problem  # type: ignore[attr-defined]
    assert "U+20000" in message and "打印" in message and "导出" not in message
