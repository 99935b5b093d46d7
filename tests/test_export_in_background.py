"""Export and import in the window run in Qt's thread pool: the window keeps answering, a busy
indicator shows, the files hold the report as it was when the export started, errors are said in
Chinese, and an import is one undo step."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from pathlib import Path
from typing import Any

import background
import pytest
from PySide6.QtCore import QTimer

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout import export_pdf as pdf_writer
from govreport_gui.core.layout import export_xlsx as xlsx_writer
from govreport_gui.core.layout.export_xlsx import ExportError
from govreport_gui.core.layout.import_xlsx import import_xlsx
from govreport_gui.core.ops import import_workbook
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import file_dialogs
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.worker import BusyIndicator

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


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


def test_export_runs_off_the_gui_thread_on_a_snapshot(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    before = dict(doc.draft.values)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    # The Excel writer waits until the test lets it go, so the export is surely still running
    # while the window is looked at and used.
    writer_threads: list[int] = []
    started, release = threading.Event(), threading.Event()
    real = xlsx_writer.export_xlsx

    def held_writer(data: Any, path: Any, draft_mode: bool = False) -> Path:
        writer_threads.append(threading.get_ident())
        started.set()
        release.wait(60)
        return real(data, path, draft_mode=draft_mode)

    monkeypatch.setattr(xlsx_writer, "export_xlsx", held_writer)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    job = win.exports.export(("xlsx", "pdf"), draft_mode=True)
    release_later = release.set  # keep a way out should an assertion below fail
    try:
        assert job is not None  # the export was started, not finished on the spot
        qtbot.waitUntil(started.is_set)
        # The GUI thread goes on: timers fire, the busy indicator appears, a second export waits.
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        qtbot.waitUntil(job.busy.isVisible)
        assert job.busy.label.toolTip().startswith("正在导出 ") and job.busy.label.text()
        assert not win.exports.act_both.isEnabled() and not win.exports.act_import.isEnabled()
        assert win.exports.export(("xlsx", "pdf"), draft_mode=True) is None
        # Editing goes on too; the files show the report as it was when the export started.
        doc.edit({"meetings": 99})
        assert doc.draft.values["meetings"] == 99 != before["meetings"]
    finally:
        release_later()
        timer.stop()
    background.wait_for(qtbot, job)
    assert writer_threads and writer_threads[0] != threading.main_thread().ident
    written = win.exports.last_written
    assert [p.suffix for p in written] == [".xlsx", ".pdf"]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in written)
    assert import_xlsx(written[0], doc.form).values["meetings"] == before["meetings"]
    assert not [w for w in win.statusBar().findChildren(BusyIndicator) if w.isVisible()]
    assert win.exports.act_both.isEnabled()
    assert "已导出" in win.statusBar().currentMessage()


def test_an_error_in_the_background_is_said_in_chinese(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)

    def broken(data: Any, path: Any, draft_mode: bool = False) -> Path:
        raise ExportError("PDF 中有无法打印的字符：“𠀀”，未导出")

    monkeypatch.setattr(pdf_writer, "export_pdf", broken)
    written = background.export(qtbot, window, ("xlsx", "pdf"), draft_mode=True)
    # All or nothing: the workbook written before the PDF failed is not left behind.
    assert written == [] and list(out.iterdir()) == []
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "导出失败"
    assert "无法打印的字符" in text and text.count("没有导出任何文件") == 1
    assert "没有写入任何文件" not in text  # said once
    assert window.exports.act_both.isEnabled()  # the next export may start


def test_the_window_keeps_the_rules_on_where_an_export_goes(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named like a file, chosen in the save dialog: refused in Chinese, nothing written
    (the rule was the command line's only)."""
    folder = tmp_path / "报表.pdf"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: folder)
    assert background.export(qtbot, window, ("pdf",), draft_mode=True) == []
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "导出失败" and "是一个文件夹，不是文件名" in text and "没有写入任何文件" in text
    assert list(folder.iterdir()) == []


def _blank(win: MainWindow) -> Path:
    form = get_form("gov-disclosure-2014")
    path = library.new_draft_path(form, "空白单位", "2018")
    Draft.create(path, form, "董晓东", fields={"unit": "空白单位", "year": "2018"}).close()
    return path


def test_import_reads_off_the_gui_thread_and_applies_as_one_undo_step(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    assert win.doc is not None
    workbook = xlsx_writer.export_xlsx(win.doc.draft, tmp_path / "filled.xlsx", draft_mode=True)
    expected = dict(win.doc.draft.values)
    assert win.open_path(_blank(win))
    blank = win.doc
    assert blank is not None and blank.draft.values == {}
    monkeypatch.setattr(type(win.exports), "_ask", lambda self, title, text, yes: True)
    reader_threads: list[int] = []
    real = import_workbook.import_xlsx

    def reader(path: Any, form: Any) -> Any:
        reader_threads.append(threading.get_ident())
        return real(path, form)

    monkeypatch.setattr(import_workbook, "import_xlsx", reader)
    assert background.import_xlsx(qtbot, win, workbook)
    assert reader_threads and reader_threads[0] != threading.main_thread().ident
    assert blank.draft.values == expected
    assert blank.undo_stack.undo_text() == "从 Excel 导入 filled.xlsx"
    win.undo()
    assert blank.draft.values == {} and blank.draft.fields["unit"] == "空白单位"
    assert not blank.undo_stack.can_undo()  # the whole import was one step
    blank.redo()
    assert blank.draft.values == expected


def test_an_unreadable_workbook_is_said_in_chinese(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_text("这不是 Excel", encoding="utf-8")
    assert window.doc is not None
    before = dict(window.doc.draft.values)
    assert not background.import_xlsx(qtbot, window, bad)
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "不能导入" and text.startswith("没有导入任何数值：")
    assert window.doc.draft.values == before
