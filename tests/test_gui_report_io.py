"""The whole report from the window (issue 16): 导出全文 Word / PDF / 网页, 打印全文 and its
preview, 从已发布年报导入. Dialogs are answered by patching the call that would open them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import background
import pytest

from govreport_gui.core.ops import review_ops
from govreport_gui.core.store import settings
from govreport_gui.gui import export_ui, file_dialogs
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

TITLE = "自治区机关事务管理局2018年政府信息公开工作年度报告"


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(win, "show_problem", lambda text, title="提示": shown.append((title, text)))
    win.problems_shown = shown  # type: ignore[attr-defined]
    win.open_example()
    return win


def _save_into(monkeypatch: pytest.MonkeyPatch, folder: Path) -> list[Path]:
    """The save dialog accepts the name it offers, in ``folder``; the names offered."""
    offered: list[Path] = []

    def save(_parent: object, _title: str, proposed: Path, _filters: str) -> Path:
        offered.append(Path(proposed))
        return folder / Path(proposed).name

    monkeypatch.setattr(file_dialogs, "save_file", save)
    return offered


def _export_whole(qtbot: Any, win: MainWindow, kind: Any) -> list[Path]:
    background.wait_for(qtbot, win.exports.export_whole(kind))
    return win.exports.last_written


def test_the_export_menu_offers_the_whole_report(window: MainWindow) -> None:
    texts = [a.text() for a in window.exports.menu.actions()]
    for name in ("导出全文 Word（.docx）", "导出全文 PDF", "导出网页（.html）"):
        assert any(t.startswith(name) for t in texts), texts


def test_an_unsigned_report_is_exported_only_as_a_draft(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    out = tmp_path / "out"
    out.mkdir()
    offered = _save_into(monkeypatch, out)
    asked: list[str] = []

    def no(self: object, title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(export_ui.ExportUI, "_ask", no)
    assert _export_whole(qtbot, win, "docx") == []
    assert "签发" in asked[0] and offered == [] and list(out.iterdir()) == []
    monkeypatch.setattr(export_ui.ExportUI, "_ask", lambda self, *a: True)
    written = _export_whole(qtbot, win, "docx")
    assert [p.name for p in written] == [f"{TITLE}_草稿.docx"]
    import docx

    document = docx.Document(str(written[0]))
    text = "\n".join(p.text for p in document.paragraphs)
    marks = "".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "一、概述" in text and "草稿" in marks


def test_a_signed_report_exports_word_pdf_and_web_page(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    review_ops.submit(doc)
    doc.draft.user = "沈涛"  # the reviewer acts, as in 审核模式
    review_ops.sign_off(doc, "沈涛")
    win.review.update()
    out = tmp_path / "out"
    out.mkdir()
    offered = _save_into(monkeypatch, out)
    written = [
        p for kind in ("docx", "report-pdf", "html") for p in _export_whole(qtbot, win, kind)
    ]
    assert [p.name for p in written] == [f"{TITLE}.docx", f"{TITLE}.pdf", f"{TITLE}.html"]
    assert offered[1].parent == out  # the next export starts where the last one went
    assert written[1].read_bytes().startswith(b"%PDF")
    page = written[2].read_text(encoding="utf-8")
    assert "<table" in page and "自治区机关事务管理局" in page and "<script" not in page
    assert win.problems_shown == []  # type: ignore[attr-defined]


def test_a_write_failure_is_said_in_chinese(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    monkeypatch.setattr(export_ui.ExportUI, "_ask", lambda self, *a: True)
    missing = tmp_path / "gone" / "deeper"
    _save_into(monkeypatch, missing)
    assert _export_whole(qtbot, win, "html") == []
    title, text = win.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "导出失败" and "文件夹不存在" in text and "没有导出任何文件" in text


# -- 文件 → 从已发布年报导入… ---------------------------------------------------------------------


def _read_word(qtbot: Any, win: MainWindow, path: Path, form_id: str | None = None) -> Any:
    """Read ``path`` as the menu does; the confirmation dialog shown (None if refused)."""
    win.build_extras()
    ui = win.word_import
    ui.dialog = None
    background.wait_for(qtbot, ui.import_report(path, form_id))
    return ui.dialog


def test_the_file_menu_offers_the_word_import(window: MainWindow) -> None:
    window.build_extras()
    texts = [a.text() for a in window.menus["file"].actions()]
    assert any(t.startswith("从已发布年报导入") for t in texts), texts
    assert window.word_import.act_import.isEnabled()


def test_a_word_report_becomes_a_new_draft_and_is_opened(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from report_docx import seed_document, seed_values

    win = window
    source = seed_document(tmp_path / "seed.docx")
    dialog = _read_word(qtbot, win, source)
    assert dialog is not None and dialog.isVisible()
    rows = [
        [dialog.sections.topLevelItem(i).text(c) for c in range(3)]
        for i in range(dialog.sections.topLevelItemCount())
    ]
    names = [r[0] for r in rows]
    assert names[:1] == ["（开头）"] and "四、2019年工作思路" in names
    assert all(r[1].endswith("段") and r[1] != "0 段" for r in rows[:-1]), rows
    assert rows[-1][2] == "（统计表）"
    figures = len([v for v in seed_values().values() if v is not None])
    assert f"读出 {figures} 个数字" in dialog.figures.text()
    assert dialog.form_box.currentData() == "gov-disclosure-2014"
    offered: list[Path] = []
    target = tmp_path / "drafts" / "导入的草稿"
    target.parent.mkdir()

    def save(_parent: object, _title: str, proposed: Path, _filters: str) -> Path:
        offered.append(Path(proposed))
        return target

    monkeypatch.setattr(file_dialogs, "save_file", save)
    dialog.accept()
    made = target.with_name("导入的草稿.nianbao")
    assert win.word_import.last_created == made
    # Offered in the library under the name 新建 gives: unit and year from the report's title.
    assert offered[0].parent == settings.library_dir()
    assert offered[0].name.startswith("自治区机关事务管理局_2018年度_")
    assert win.doc is not None and win.doc.draft.path == made
    assert win.doc.draft.values["received"] == seed_values()["received"]
    from govreport_gui.core.ops.report_text import report_text

    report = report_text(win.doc)
    assert report.title == TITLE
    assert any("2018年" in s.text for s in report.sections if s.id == "preface")


def test_another_form_can_be_chosen_and_the_file_is_read_again(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    from report_docx import seed_document

    win = window
    dialog = _read_word(qtbot, win, seed_document(tmp_path / "seed.docx"))
    index = dialog.form_box.findData("gov-disclosure-2021")
    win.word_import.dialog = None
    dialog.form_box.setCurrentIndex(index)  # read again, in the background, for that form
    qtbot.waitUntil(lambda: win.word_import.dialog is not None, timeout=30000)
    again = win.word_import.dialog
    assert again is not dialog and again.form.id == "gov-disclosure-2021"
    assert again.form_box.currentData() == "gov-disclosure-2021"
    assert again.unplaced.toPlainText()  # the 2014 table's figures do not fit the 2021 tables


def test_an_old_word_file_is_refused_with_the_cores_message(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    win = window
    old = tmp_path / "年报.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    before = sorted(settings.library_dir().iterdir())
    assert _read_word(qtbot, win, old) is None
    title, text = win.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "不能导入" and "旧版 Word 文档（.doc）" in text and ".docx" in text
    assert sorted(settings.library_dir().iterdir()) == before  # nothing made


def test_a_draft_that_cannot_be_finished_is_not_left_behind(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 2014 form takes a report's own sections; should adding one be refused, the half-made
    draft is removed and the reason said."""
    import docx
    from report_docx import seed_lines

    from govreport_gui.core.ops import text_ops

    source = tmp_path / "own.docx"
    document = docx.Document()
    for line in seed_lines()[:4]:
        document.add_paragraph(line)
    document.add_paragraph("五、其他需要说明的事项")
    document.add_paragraph("本年度没有收取信息处理费。")
    document.save(str(source))
    win = window
    dialog = _read_word(qtbot, win, source, "gov-disclosure-2014")
    assert "五、其他需要说明的事项" in [
        dialog.sections.topLevelItem(i).text(0) for i in range(dialog.sections.topLevelItemCount())
    ]

    def refused(*_a: object, **_k: object) -> None:
        raise text_ops.SectionTextError("标题太长")

    monkeypatch.setattr(text_ops, "add_section", refused)
    target = tmp_path / "半成品.nianbao"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a: target)
    opened = win.doc.draft.path  # type: ignore[union-attr]
    dialog.accept()
    title, text = win.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "不能导入" and "标题太长" in text
    assert not target.exists() and win.word_import.last_created is None
    assert win.doc is not None and win.doc.draft.path == opened  # the open draft stays


# -- 文件 → 打印全文… / 全文打印预览… ------------------------------------------------------------


def _with_seed_text(win: MainWindow) -> None:
    """The seed report's text typed into the example (a 2014 draft of the same report)."""
    from report_text_seed import seed_sections

    from govreport_gui.core.ops import text_ops

    doc = win.doc
    assert doc is not None
    ids = doc.draft.section_ids()  # preface, then 一 … 四 in order, then the attachment
    for key, text in seed_sections().items():
        section_id = "preface" if key == "preface" else ids[int(key[1:])]
        text_ops.set_section_text(doc, section_id, text, merge=False)


def _page_image(pages: Any, index: int, dpi: int = 100) -> Any:
    from PySide6.QtGui import QColor, QImage, QPainter

    from govreport_gui.gui.report_print import PAGE_H, PAGE_W, page_base

    image = QImage(round(PAGE_W * dpi / 72), round(PAGE_H * dpi / 72), QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    painter = QPainter(image)
    pages.paint_page(painter, index, page_base(image.width(), image.height(), dpi))
    painter.end()
    return image


def _dark(image: Any, top: float, bottom: float) -> int:
    """Dark pixels in the band between ``top`` and ``bottom`` (fractions of the height)."""
    width = image.bytesPerLine()
    data = bytes(image.constBits())
    band = data[int(image.height() * top) * width : int(image.height() * bottom) * width]
    blue = band[::4]  # RGB32: the text is black or grey, so one channel tells
    return len(blue) - len(blue.translate(None, bytes(range(160))))


def test_the_whole_report_prints_as_pages_with_text_tables_and_closing(window: MainWindow) -> None:
    win = window
    win.build_extras()
    texts = [a.text() for a in win.menus["file"].actions()]
    assert any(t.startswith("打印全文") for t in texts) and any(
        t.startswith("全文打印预览") for t in texts
    )
    _with_seed_text(win)
    pages = win.printing.whole_pages()
    assert pages is not None and pages.draft_mode  # not signed off: printed as the draft
    count = pages.page_count
    assert count >= 5  # the seed's text fills several pages, then the 统计表 as the 附件
    first = pages.page_text(0)
    assert first.startswith("自治区机关事务管理局\n2018年政府信息公开工作年度报告")
    assert "一、概述" in first and "根据《中华人民共和国政府信息公开条例》" in first
    attachment = next(i for i in range(count) if pages.page_text(i).startswith("附件"))
    closing = pages.page_text(attachment - 1)  # the last page of the text carries the 落款
    assert closing.endswith("自治区机关事务管理局\n2019年2月14日")
    assert "附件：政府信息公开情况统计表" in closing
    for index in range(count):
        image = _page_image(pages, index)
        assert _dark(image, 37 / 297, 1 - 35 / 297) > 500, index  # the page's text is drawn
        assert _dark(image, 1 - 35 / 297, 1 - 20 / 297) > 5, index  # and its number under it
        assert image.pixelColor(2, 2).lightness() == 255  # on a white sheet


def test_the_whole_report_preview_and_print_show_the_same_pages(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    from govreport_gui.gui.print_ui import a4_printer

    win = window
    win.build_extras()
    _with_seed_text(win)
    pages = win.printing.whole_pages()
    assert pages is not None
    dialog = win.printing.preview_whole()
    assert dialog is not None and dialog.windowTitle() == "全文打印预览"
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() == pages.page_count)
    dialog.close()
    printed = tmp_path / "全文.pdf"
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    assert win.printing.print_whole_to(printer) == pages.page_count
    assert (
        printed.read_bytes().startswith(b"%PDF")
        and "已打印全文" in win.statusBar().currentMessage()
    )
    _the_number_sits_under_the_text(printed)
    printer.setOutputFileName(str(tmp_path / "第2页.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert win.printing.print_whole_to(printer) == 1


def test_a_signed_report_prints_without_the_draft_mark(window: MainWindow) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    review_ops.submit(doc)
    doc.draft.user = "沈涛"  # the reviewer acts, as in 审核模式
    review_ops.sign_off(doc, "沈涛")
    win.build_extras()
    pages = win.printing.whole_pages()
    assert pages is not None and not pages.draft_mode
    # The draft mark is drawn in the top margin: the signed report's margin stays white.
    assert _dark(_page_image(pages, 0), 0, 30 / 297) == 0
    win.build_extras()


def _the_number_sits_under_the_text(printed: Path) -> None:
    """On the printer (not only on a screen image) page 1 carries — 1 — at its size, 四号 (14 pt),
    below the text block, and the title and the draft mark as text."""
    import re
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(printed), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)
    words = [(float(y0), float(y1), word) for y0, y1, word in found]
    number = [(y0, y1) for y0, y1, w in words if w == "1"]
    assert number, words
    top, bottom = number[-1]
    assert top > (297 - 35) * 72 / 25.4  # under the text block (bottom margin 35 mm)
    assert 14 <= bottom - top <= 14 * 1.6  # the line box of a 14 pt figure
    text = "".join(w for _y0, _y1, w in words)
    assert "草稿（未签发）" in text and "2018年政府信息公开工作年度报告" in text


# -- 从已发布年报导入: PDF and web pages (issue 17) ---------------------------------------------


def test_the_file_dialog_offers_pdf_and_web_pages(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def open_file(_parent: object, title: str, _folder: Path, filters: str) -> None:
        asked.append(f"{title}|{filters}")

    monkeypatch.setattr(file_dialogs, "open_file", open_file)
    window.build_extras()
    window.word_import.import_report()
    assert asked and asked[0].startswith(
        "从已发布年报导入|已发布的年度报告 (*.docx *.pdf *.html *.htm)"
    )


def test_a_published_pdf_is_read_in_the_background_and_shown(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    from published_reports import example_2021_file, filled, load, platypus_pdf

    doc = load(example_2021_file(tmp_path))
    dialog = _read_word(qtbot, window, platypus_pdf(tmp_path / "report.pdf", doc))
    assert dialog is not None and dialog.windowTitle() == "从已发布年报导入"
    assert f"读出 {len(filled(doc))} 个数字" in dialog.figures.text()
    assert "校验：没有错误和警告" in dialog.figures.text()  # the check, as the command line's
    assert dialog.form_box.currentData() == "gov-disclosure-2021"


def test_the_import_dialog_shows_the_check_of_what_was_read(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    from published_reports import example_2021_file, load, platypus_pdf, values_file

    doc = load(example_2021_file(tmp_path))
    from govreport_gui.core.forms.engine import Checker

    figures = dict(doc.values)
    for cell in doc.form.cells:  # the first figure whose change breaks a sum: one error
        value = figures.get(cell.id)
        if isinstance(value, int):
            figures[cell.id] = value + 1
            if Checker(doc.form, figures).summary().errors == 1:
                break
            figures[cell.id] = value
    wrong = load(values_file(tmp_path / "wrong.json", doc.form.id, figures, doc.fields))
    dialog = _read_word(qtbot, window, platypus_pdf(tmp_path / "report.pdf", wrong))
    assert dialog is not None
    assert "校验：1 个错误" in dialog.figures.text(), dialog.figures.text()


def test_the_import_dialog_counts_the_text_contradicting_the_tables(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    """A text that says 999 applications where the table says otherwise: a warning, as the
    command line's check and the new draft's status bar count it, not “没有错误和警告”."""
    from published_reports import example_2021_file, load, report_of

    from govreport_gui.core.layout.report_html import render_report_html

    doc = load(example_2021_file(tmp_path))
    texts = {"general": "本年度共收到政府信息公开申请999件。"}
    page = tmp_path / "report.html"
    page.write_text(render_report_html(*report_of(doc, texts)), encoding="utf-8")
    dialog = _read_word(qtbot, window, page)
    assert dialog is not None
    assert "校验：0 个错误，1 个警告" in dialog.figures.text(), dialog.figures.text()


def test_a_scanned_pdf_is_refused_with_what_to_do(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    from published_reports import image_only_pdf

    assert _read_word(qtbot, window, image_only_pdf(tmp_path / "scan.pdf")) is None
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "不能导入" and "扫描件" in text and "OCR" in text
