"""What an acceptance tester found in the 审核台 window (issue 17), checked as they would: the list
saved among the reports, which file is broken on a small screen, one report in several formats,
the keyboard, a signature that no longer holds, the filter, paths that do not exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gui_helpers
import pytest
from desk_samples import draft, reviewer_folder, values_file
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_desk_found import exported

from govreport_gui.gui import desk_model, file_dialogs
from govreport_gui.gui.desk import DeskWindow
from govreport_gui.gui.import_report_ui import documents_folder
from govreport_gui.gui.main_window import MainWindow

home, window = gui_helpers.home, gui_helpers.window  # fixtures


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return reviewer_folder(tmp_path / "各部门")


def open_desk(qtbot: Any, paths: list[Path], size: tuple[int, int] | None = None) -> DeskWindow:
    desk = DeskWindow(paths, None)
    qtbot.addWidget(desk)
    if size is not None:
        desk.resize(*size)
    desk.show()
    qtbot.waitExposed(desk)
    qtbot.waitUntil(lambda: desk.complete and not desk.scanning, timeout=20_000)
    return desk


def row_of(desk: DeskWindow, name: str) -> int:
    for r in range(desk.proxy.rowCount()):
        if Path(desk.proxy.index(r, 0).data(desk_model.PATH_ROLE)).name == name:
            return r
    raise AssertionError(f"{name} is not shown")


def cell(desk: DeskWindow, name: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return desk.proxy.index(row_of(desk, name), column).data(role)


def test_the_list_is_proposed_in_the_documents_and_skipped_when_saved_among_the_reports(
    qtbot: Any, home: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = open_desk(qtbot, [folder])
    proposed: list[Path] = []

    def save_file(_parent: Any, _title: str, where: Path, _filters: str) -> Path:
        proposed.append(where)
        return folder / "清单.xlsx"  # the user saves it among the reports all the same

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    desk.ops.act_export.trigger()
    qtbot.waitUntil(lambda: desk.ops.last_export is not None, timeout=10_000)
    assert proposed[0].parent == documents_folder()
    assert folder not in proposed[0].parents
    desk.rescan(everything=False)
    qtbot.waitUntil(lambda: desk.complete and not desk.scanning, timeout=20_000)
    assert desk.proxy.rowCount() == 7  # not an eighth, unreadable, row
    assert "已跳过 3 项" in desk.summary.text()  # the two links and the list
    assert any("报表清单" in note and "清单.xlsx" in note for note in desk.notices)


@pytest.mark.parametrize("size", [(1024, 600), (800, 600)])
def test_which_file_is_broken_shows_on_a_small_screen(
    qtbot: Any, home: Path, folder: Path, size: tuple[int, int]
) -> None:
    desk = open_desk(qtbot, [folder], size)
    headers = list(desk_model.HEADERS)
    assert headers[:3] == ["单位", "文件", "年度"] and headers[-1] == "重复"
    assert cell(desk, "g-坏文件.json", desk_model.UNIT) == "（无法读取）g-坏文件.json"
    header = desk.table.horizontalHeader()
    right = header.sectionViewportPosition(desk_model.FILE) + header.sectionSize(desk_model.FILE)
    assert right <= desk.table.viewport().width()  # the file column is on screen
    assert cell(desk, "a-财政局.json", desk_model.FORM) == "2014版格式"
    tip = cell(desk, "a-财政局.json", desk_model.FORM, Qt.ItemDataRole.ToolTipRole)
    assert "gov-disclosure-2014" in tip
    desk.grab().save(f"/tmp/desk-{size[0]}x{size[1]}.png")


def test_one_report_in_other_formats_is_no_duplicate(
    qtbot: Any, home: Path, tmp_path: Path
) -> None:
    root = tmp_path / "各部门"
    signed = draft(root / "财政局.nianbao", "财政局", signed=True)
    exported(signed, root / "财政局.xlsx")
    values_file(root / "教育局.json", "教育局")
    desk = open_desk(qtbot, [root])
    assert cell(desk, "财政局.nianbao", desk_model.DUPLICATES) == "同一报告的其他格式：财政局.xlsx"
    assert cell(desk, "财政局.xlsx", desk_model.DUPLICATES) == "同一报告的其他格式：财政局.nianbao"
    assert "重复" not in desk.summary.text()
    desk.state.setCurrentText("重复")
    assert desk.proxy.rowCount() == 0


def test_tab_reaches_the_buttons_and_the_buttons_have_keys(
    qtbot: Any, home: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = open_desk(qtbot, [folder])
    desk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk)
    order = [desk.filter]
    desk.filter.setFocus()
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    buttons = [
        desk.open_button,
        desk.compare_button,
        desk.consolidate_button,
        desk.export_button,
        desk.rescan_button,
    ]
    first_enabled = next(b for b in buttons if b.isEnabled())  # a greyed-out one is passed by
    assert order == [desk.filter, desk.state, desk.published, desk.table, first_enabled]
    desk.table.setFocus()
    desk.table.setCurrentIndex(desk.proxy.index(0, 0))
    qtbot.keyClick(desk.table, Qt.Key.Key_Down)
    assert desk.table.currentIndex().row() == 1  # the arrows still move in the list
    asked: list[Path] = []
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args: asked.append(args[2]))
    qtbot.keyClick(desk.table, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)  # 导出清单 (the button shows its press first)
    qtbot.keyClick(desk.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2
    pressed: list[str] = []
    desk.ops.act_consolidate.triggered.connect(lambda: pressed.append("汇总"))
    desk.ops.act_compare.triggered.connect(lambda: pressed.append("比较"))
    from govreport_gui.gui import consolidate_dialog

    # No dialog in the test: it is the consolidation's own (tests/test_gui_consolidate.py).
    monkeypatch.setattr(consolidate_dialog, "consolidate_files_dialog", lambda *args: None)
    qtbot.keyClick(desk.table, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pressed == ["汇总"])
    assert desk.compare_button.shortcut().toString() == "Alt+B"
    assert desk.rescan_button.shortcut().toString() == "Alt+R"


def test_a_signature_that_no_longer_holds_is_not_called_signed(
    qtbot: Any, home: Path, folder: Path
) -> None:
    desk = open_desk(qtbot, [folder])
    status = desk.proxy.index(row_of(desk, "e-民政局.nianbao"), desk_model.STATUS)
    assert status.data() == "签名无效"
    assert status.data(Qt.ItemDataRole.ForegroundRole).color() == desk_model.RED
    assert cell(desk, "d-财政局.nianbao", desk_model.STATUS) == "已签发"


def test_the_broken_files_tooltip_names_it_once_and_the_filter_knows_year_and_form(
    qtbot: Any, home: Path, folder: Path
) -> None:
    values_file(folder / "j-财政局-2019.json", "财政局", year="2019")
    desk = open_desk(qtbot, [folder])
    tip = cell(desk, "g-坏文件.json", desk_model.UNIT, Qt.ItemDataRole.ToolTipRole)
    assert tip.count("g-坏文件.json") == 1
    desk.filter.setText("2019")
    assert [desk.proxy.index(r, desk_model.UNIT).data() for r in range(desk.proxy.rowCount())] == [
        "财政局"
    ]
    desk.filter.setText("2014版")
    assert desk.proxy.rowCount() == 7  # every readable report is on the 2014 form
    desk.filter.setText("gov-disclosure")
    assert desk.proxy.rowCount() == 7


def test_paths_that_exist_are_opened_and_the_others_named(
    qtbot: Any, window: MainWindow, folder: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "没有"
    desk = window.open_desk([folder, gone])
    assert desk is not None
    qtbot.waitUntil(lambda: desk.complete, timeout=20_000)
    assert desk.proxy.rowCount() == 7
    assert str(gone) in window.last_problem and "只列出了其余的" in window.last_problem
    desk.close()
