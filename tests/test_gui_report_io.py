"""The whole report from the window (issue 16): 导出全文 Word / PDF / 网页, 打印全文 and its
preview, 从 Word 导入年报. Dialogs are answered by patching the call that would open them."""

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
