"""The window's start-up as a user meets it: the frame first, the draft right after, and a start
page that reads the library only when it is shown, a bit at a time (gui/startup.py,
gui/start_page.py). Nothing here is timed: the figures are benchmarks/startup.py's."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import home, new_draft, start_window, started, window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from govreport_gui.core.store import library, settings
from govreport_gui.gui import start_page
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.startup import startup_of

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, started, window)  # the window fixtures of gui_helpers


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every draft file the library listing opens."""
    opened: list[Path] = []
    real = library.summarise

    def summarise(path: Path, in_library: bool) -> library.DraftSummary:
        opened.append(path)
        return real(path, in_library)

    monkeypatch.setattr(library, "summarise", summarise)
    return opened


def _library_of(count: int) -> list[Path]:
    """``count`` drafts in the library (copies of one, as a unit office's many drafts)."""
    first = new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    paths = [first]
    for n in range(2, count + 1):
        copy = first.with_name(f"{first.stem}（{n}）{first.suffix}")
        shutil.copyfile(first, copy)
        paths.append(copy)
    return paths


def test_a_path_given_at_start_is_opened_after_the_frame_without_reading_the_library(
    qtbot: Any, started: list[MainWindow], reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = _library_of(5)
    path = drafts[2]
    win = start_window(qtbot, started, str(path))
    messages: list[str] = []
    win.statusBar().messageChanged.connect(messages.append)
    # Before the event loop: the frame only, shown; the draft comes after the first paint.
    assert win.isVisible()
    assert win.doc is None
    seen_at_open: list[bool] = []
    real_open = MainWindow.open_path

    def open_path(self: MainWindow, p: Path) -> bool:
        seen_at_open.append(self.start.isVisible())
        return real_open(self, p)

    monkeypatch.setattr(MainWindow, "open_path", open_path)
    startup = startup_of(win)
    assert startup is not None
    with qtbot.waitSignal(startup.finished, timeout=20000):
        pass
    assert win.doc is not None and win.doc.draft.path == path.resolve()
    assert win.stack.currentWidget() is win.draft_holder
    assert f"正在打开 {path.name}…" in messages
    assert seen_at_open == [False]  # the start page never flashed up before the draft
    # Nor was the library read for it: the start page's list is empty until it is shown.
    assert reads == []
    assert win.start.model.rowCount() == 0
    assert win.close_draft()
    qtbot.waitUntil(lambda: win.start.model.rowCount() == 5)
    assert {Path(win.start.model.index(r, 0).data(start_page.PATH_ROLE)) for r in range(5)} == {
        p.resolve() for p in drafts
    }


def test_a_draft_that_cannot_be_opened_at_start_shows_its_chinese_dialog_over_the_start_page(
    qtbot: Any, started: list[MainWindow], tmp_path: Path
) -> None:
    bad = tmp_path / "坏的.nianbao"
    bad.write_bytes(b"not a draft at all")
    win = start_window(qtbot, started, str(bad))
    startup = startup_of(win)
    assert startup is not None
    qtbot.waitUntil(lambda: startup.done, timeout=20000)
    assert win.doc is None
    assert win.stack.currentWidget() is win.start
    boxes = [b for b in win.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and boxes[0].windowTitle() == "无法打开"
    assert "坏的.nianbao" in boxes[0].text() or "草稿" in boxes[0].text()


def test_the_example_at_start_is_shown_after_the_first_turn_of_the_event_loop(
    qtbot: Any, started: list[MainWindow]
) -> None:
    win = start_window(qtbot, started, "--example")
    assert win.doc is None
    qtbot.waitUntil(lambda: win.page is not None and win.page.isVisible(), timeout=20000)
    assert win.doc is not None
    assert win.page.title.text() == "政府信息公开情况统计表（2018年度）"
    assert win.act_undo is not None  # the menus were built once the frame had been painted


def test_the_start_page_with_no_path_lists_the_library(
    qtbot: Any, started: list[MainWindow]
) -> None:
    _library_of(3)
    win = start_window(qtbot, started)
    assert not win.built  # the frame first: its contents come after it was painted
    qtbot.waitUntil(lambda: win.built, timeout=20000)
    qtbot.waitUntil(lambda: win.start.model.rowCount() == 3)
    assert win.stack.currentWidget() is win.start
    assert win.start.list.isVisible() and not win.start.empty.isVisible()


def test_a_big_library_is_listed_a_bit_at_a_time_and_all_of_it_in_the_end(
    qtbot: Any, window: MainWindow, qtmodeltester: Any, reads: list[Path]
) -> None:
    total = start_page.CHUNK * 3 + 5
    drafts = _library_of(total)
    reads.clear()
    window.start.reload()  # the page is shown: read now
    model = window.start.model
    # The first rows at once (the page never says 还没有草稿 first), the others later.
    assert model.rowCount() == start_page.CHUNK
    assert model.loading
    assert window.start.list.isVisible() and not window.start.empty.isVisible()
    qtmodeltester.check(model)  # and it watches every row put in from here on
    qtbot.waitUntil(lambda: model.rowCount() == total, timeout=30000)
    assert not model.loading
    assert sorted(reads) == sorted(p.resolve() for p in drafts)  # each file read once
    times = [row.summary.last_change for row in model.rows]
    assert times == sorted(times, reverse=True)
    qtmodeltester.check(model)


def test_the_list_texts_are_made_once_per_draft_not_in_data(
    qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    _library_of(4)
    calls: list[str] = []
    real = start_page.format_time

    def format_time(iso: str) -> str:
        calls.append(iso)
        return real(iso)

    monkeypatch.setattr(start_page, "format_time", format_time)
    model = start_page.DraftListModel()
    model.reload()
    assert len(calls) == 4  # one 最后修改 per draft, when it was read
    for _ in range(3):  # what a view asks for while it paints, again and again
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    model.index(r, c).data(role)
    assert len(calls) == 4
    assert model.index(0, 0).data() == "某某市人民政府办公室"
    assert model.index(0, 4).data() == real(model.rows[0].summary.last_change)
    qtmodeltester.check(model)


def test_the_recent_list_keeps_a_draft_opened_at_start(
    qtbot: Any, started: list[MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "别处的草稿.nianbao"
    shutil.copyfile(new_draft("gov-disclosure-2021", "外单位", "2023"), path)
    win = start_window(qtbot, started, str(path))
    qtbot.waitUntil(lambda: win.doc is not None, timeout=20000)
    qtbot.waitUntil(lambda: str(path.resolve()) in settings.load_settings().recent)


def test_a_table_is_fitted_once_when_a_draft_opens_and_never_drawn_unfitted(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening lays the window out in several steps (table shown, docks placed); the 2014 table's
    rows (long wrapped labels) are measured once, for the final width, before it is painted."""
    from PySide6.QtCore import QEvent, QObject

    from govreport_gui.gui.form_view import FormTableView

    fits: list[int] = []
    real = FormTableView.resizeRowsToContents

    def resize_rows(self: FormTableView) -> None:
        fits.append(self.columnWidth(0))
        real(self)

    monkeypatch.setattr(FormTableView, "resizeRowsToContents", resize_rows)
    drawn_fitted: list[bool] = []

    class FirstPaint(QObject):
        view: FormTableView | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            view = self.view
            if view is not None and event.type() == QEvent.Type.Paint and not drawn_fitted:
                drawn_fitted.append(view._rows_fitted_to == view.columnWidth(0))
            return False

    watch = FirstPaint()
    real_show = MainWindow.show_document

    def show_document(self: MainWindow, doc: Any) -> None:
        real_show(self, doc)
        assert self.page is not None
        watch.view = self.page.first_view()
        watch.view.viewport().installEventFilter(watch)

    monkeypatch.setattr(MainWindow, "show_document", show_document)
    window.open_example()
    assert window.page is not None
    view = window.page.first_view()
    qtbot.waitUntil(lambda: bool(drawn_fitted))
    assert drawn_fitted == [True]
    assert fits == [view.columnWidth(0)]


def test_the_start_page_is_drawn_before_any_draft_is_read_and_never_says_there_are_none(
    qtbot: Any, qapp: QApplication, started: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    _library_of(3)
    painted: list[QWidget] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                painted.append(watched)
            return False

    paints = Paints()
    qapp.installEventFilter(paints)
    try:
        at_read: list[tuple[bool, bool, bool]] = []  # page drawn? list shown? 还没有草稿 shown?
        real = library.summarise

        def summarise(path: Path, in_library: bool) -> library.DraftSummary:
            win = started[0]
            at_read.append(
                (
                    any(w is win.start or win.start.isAncestorOf(w) for w in painted),
                    win.start.list.isVisible(),
                    win.start.empty.isVisible(),
                )
            )
            return real(path, in_library)

        monkeypatch.setattr(library, "summarise", summarise)
        win = start_window(qtbot, started)
        qtbot.waitUntil(lambda: win.built and win.start.model.rowCount() == 3, timeout=20000)
    finally:
        qapp.removeEventFilter(paints)
    assert at_read[0] == (True, True, False)
    assert not win.start.empty.isVisible()


def test_whether_the_library_has_drafts_is_known_without_reading_them(
    home: Path, reads: list[Path], tmp_path: Path
) -> None:
    assert not library.has_drafts()
    folder = settings.library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "某单位.v1-备份.nianbao").write_bytes(b"a backup is not listed")
    (folder / "说明.txt").write_text("not a draft", encoding="utf-8")
    assert not library.has_drafts()
    elsewhere = tmp_path / "别处.nianbao"
    elsewhere.write_bytes(b"")
    settings.remember_recent(elsewhere)
    assert library.has_drafts()  # a recent file from elsewhere is listed too
    elsewhere.unlink()
    assert not library.has_drafts()
    new_draft("gov-disclosure-2021")
    assert library.has_drafts()
    assert reads == []


def test_a_file_from_outside_the_library_is_shown_before_the_library_is_read_for_an_older_copy(
    qtbot: Any,
    started: list[MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``govreport-gui /mnt/usb/x.nianbao`` with many drafts in the library: the draft comes first;
    whether the library holds an older copy of it is found after that, and offered then."""
    import itertools

    from govreport_gui.core.store import draft as draft_module
    from govreport_gui.core.store.draft import Draft

    minutes = itertools.count()  # a clock that moves on with each change: "later" without waiting
    monkeypatch.setattr(
        draft_module, "now_iso", lambda: f"2025-01-10T08:{next(minutes) % 60:02d}:00+00:00"
    )
    drafts = _library_of(40)  # one report, and 39 other copies of it in the library
    mine = drafts[0]
    stick = tmp_path / "U盘"
    stick.mkdir()
    with Draft.open(mine, "审核人", readonly=True) as d:
        back = d.save_as(stick / mine.name)  # the copy on the USB stick, changed there later
    from govreport_gui.core.ops.document import ReportDocument

    with Draft.open(back, "审核人") as d:
        ReportDocument(d).edit({d.form.cells[0].id: 7})
    shown_at_read: list[bool] = []
    real = library.summarise

    def summarise(path: Path, in_library: bool) -> library.DraftSummary:
        if in_library:
            shown_at_read.append(bool(interactive))
        return real(path, in_library)

    monkeypatch.setattr(library, "summarise", summarise)
    asked: list[str] = []

    def confirm(self: MainWindow, title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(MainWindow, "confirm", confirm)
    interactive: list[bool] = []
    win = start_window(qtbot, started, str(back))
    startup = startup_of(win)
    assert startup is not None
    startup.interactive.connect(
        lambda: interactive.append(win.doc is not None and win.page is not None)
    )
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert interactive == [True]  # the draft was shown (and the start-up went on)…
    assert shown_at_read and all(shown_at_read)  # …before any draft of the library was read
    assert len(shown_at_read) >= 40  # the whole library was read for the offer, after that
    assert "较新的副本" in asked[0] and mine.name in asked[0]
    assert win.doc is not None and win.doc.draft.path == back.resolve()  # declined: left open


def _menu_titles(win: MainWindow) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def test_a_draft_at_start_is_shown_before_review_export_print_and_help_are_built(
    qtbot: Any, started: list[MainWindow], window: MainWindow
) -> None:
    """What a draft needs first; 审核 (its signature check and key dialogs), 导出, 设置/打印 and
    帮助 right after it was shown, in the same places as in a window built at once."""
    path = new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    win = start_window(qtbot, started, str(path))
    startup = startup_of(win)
    assert startup is not None
    at_interactive: list[tuple[list[str], bool, bool]] = []
    startup.interactive.connect(
        lambda: at_interactive.append(
            (_menu_titles(win), win.page is not None and win.page.isVisible(), win.extras_built)
        )
    )
    with qtbot.waitSignal(startup.finished, timeout=20000):
        pass
    assert at_interactive == [(["文件(&F)", "编辑(&E)", "查看(&V)"], True, False)]
    # Then all of it, as in a window built at once (the ``window`` fixture).
    assert win.extras_built
    assert _menu_titles(win) == _menu_titles(window)
    assert _menu_titles(win)[3:] == ["审核(&R)", "导出(&X)", "设置(&S)", "帮助(&H)"]
    assert [a.text() for a in win.toolbar.actions()] == [a.text() for a in window.toolbar.actions()]
    file_menu = [a.text() for a in win.menus["file"].actions()]
    assert file_menu == [a.text() for a in window.menus["file"].actions()]
    assert any(t.startswith("打印") for t in file_menu)
    # The status badge filled in for the open draft once the review part was there.
    assert "填报中" in win.review.status_label.text()
    assert win.review.status_action.isVisible()
    assert win.row_help.act_row_help.isEnabled()  # F1 follows the draft shown before it
    assert win.exports.act_draft.isEnabled()


def test_using_a_part_before_it_was_built_builds_it_at_once(
    qtbot: Any, started: list[MainWindow]
) -> None:
    path = new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    win = start_window(qtbot, started, str(path))
    startup = startup_of(win)
    assert startup is not None
    seen: list[bool] = []

    def use_review() -> None:
        seen.append(win.extras_built)
        seen.append("填报中" in win.review.status_label.text())  # e.g. F9 pressed at once
        seen.append(win.extras_built)

    startup.interactive.connect(use_review)
    with qtbot.waitSignal(startup.finished, timeout=20000):
        pass
    assert seen == [False, True, True]
    assert _menu_titles(win)[3:] == ["审核(&R)", "导出(&X)", "设置(&S)", "帮助(&H)"]
