"""The 审核台 window (issue 17): a folder of reports listed in the background, sorted, filtered,
watched, opened, exported — checked as a reviewer would look at it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import gui_helpers
import openpyxl
import pytest
from desk_samples import EXAMPLE, draft, reviewer_folder, values_file
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from govreport_gui.gui import desk_model, file_dialogs
from govreport_gui.gui.desk import DeskWindow
from govreport_gui.gui.main_window import MainWindow

home, window, started = gui_helpers.home, gui_helpers.window, gui_helpers.started  # fixtures


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return reviewer_folder(tmp_path / "各部门")


def open_desk(qtbot: Any, paths: list[Path], opener: Any = None) -> DeskWindow:
    desk = DeskWindow(paths, opener)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    qtbot.waitUntil(lambda: desk.complete and not desk.scanning, timeout=20_000)
    return desk


def shown(desk: DeskWindow, column: int) -> list[str]:
    proxy = desk.proxy
    return [str(proxy.index(r, column).data()) for r in range(proxy.rowCount())]


def by_file(desk: DeskWindow, name: str) -> int:
    """The shown row of the file named ``name``."""
    for r in range(desk.proxy.rowCount()):
        if Path(desk.proxy.index(r, 0).data(desk_model.PATH_ROLE)).name == name:
            return r
    raise AssertionError(f"{name} is not shown")


def select(qtbot: Any, desk: DeskWindow, *names: str) -> None:
    desk.table.clearSelection()
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in names:
        desk.table.selectionModel().select(desk.proxy.index(by_file(desk, name), 0), flags)
    desk.table.setCurrentIndex(desk.proxy.index(by_file(desk, names[0]), 0))
    for name in names:
        desk.table.selectionModel().select(desk.proxy.index(by_file(desk, name), 0), flags)


def test_the_folder_is_listed_one_row_per_report(qtbot: Any, home: Path, folder: Path) -> None:
    desk = open_desk(qtbot, [folder])
    assert desk.proxy.rowCount() == 7  # the link and notes.txt are not listed
    assert desk.summary.text().startswith("共 7 份：通过 4，有错误 2，无法读取 1")
    assert "同一单位同一年度重复 2 份" in desk.summary.text()
    assert "已跳过 2 项" in desk.summary.text()  # the two links
    assert desk.progress.isHidden()
    model = desk.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == list(desk_model.HEADERS)
    tampered = by_file(desk, "e-民政局.nianbao")
    signature = desk.proxy.index(tampered, desk_model.SIGNATURE)
    assert signature.data() == "签发后被改动（签名无效）"
    assert signature.data(Qt.ItemDataRole.ForegroundRole).color() == desk_model.RED
    errors = desk.proxy.index(by_file(desk, "b-教育局.json"), desk_model.ERRORS)
    assert errors.data(Qt.ItemDataRole.ForegroundRole).color() == desk_model.RED
    signed = by_file(desk, "d-财政局.nianbao")
    assert desk.proxy.index(signed, desk_model.TRUSTED).data() == "是"
    assert desk.proxy.index(signed, desk_model.DUPLICATES).data() == "重复 2 份"
    assert desk.proxy.index(signed, desk_model.FILE).data() == os.path.join(
        "sub", "d-财政局.nianbao"
    )
    broken = desk.proxy.index(by_file(desk, "g-坏文件.json"), desk_model.UNIT)
    assert "无法读取" in broken.data(Qt.ItemDataRole.ToolTipRole)


def test_the_model_passes_qts_model_tester(
    qtbot: Any, qtmodeltester: Any, home: Path, folder: Path
) -> None:
    desk = open_desk(qtbot, [folder])
    qtmodeltester.check(desk.model)
    qtmodeltester.check(desk.proxy)


def test_numbers_sort_as_numbers(qtbot: Any, home: Path, tmp_path: Path) -> None:
    root = tmp_path / "f"
    # 2 and 10 blanks: as text "10" < "2"; as numbers 2 < 10.
    ids = json.loads(EXAMPLE.read_text(encoding="utf-8"))["values"]
    blanks2 = dict.fromkeys(list(ids)[:2])
    blanks10 = dict.fromkeys(list(ids)[:10])
    values_file(root / "a.json", "甲", "2018", **blanks10)
    values_file(root / "b.json", "乙", "2018", **blanks2)
    values_file(root / "c.json", "丙")
    desk = open_desk(qtbot, [root])
    desk.table.sortByColumn(desk_model.BLANKS, Qt.SortOrder.AscendingOrder)
    numbers = [int(x) for x in shown(desk, desk_model.BLANKS)]
    assert numbers == [0, 2, 10]
    desk.table.sortByColumn(desk_model.BLANKS, Qt.SortOrder.DescendingOrder)
    assert shown(desk, desk_model.UNIT) == ["甲", "乙", "丙"]


def test_a_report_with_blank_cells_is_not_simply_passed(
    qtbot: Any, home: Path, tmp_path: Path
) -> None:
    """The summary line and each row's verdict say the blank cells, in ``check FOLDER``'s words."""
    root = tmp_path / "f"
    values_file(root / "a.json", "甲", gazette=None, received=None)
    values_file(root / "b.json", "乙")
    desk = open_desk(qtbot, [root])
    assert desk.summary.text() == "共 2 份：通过 2（其中 1 份有空格未填），有错误 0，无法读取 0"
    blanks = desk.proxy.index(by_file(desk, "a.json"), desk_model.BLANKS)
    assert blanks.data() == "2"
    assert blanks.data(Qt.ItemDataRole.ToolTipRole) == "通过，0 个错误，0 个警告，2 个空格未填"
    filled = desk.proxy.index(by_file(desk, "b.json"), desk_model.ERRORS)
    assert filled.data(Qt.ItemDataRole.ToolTipRole) == "通过，0 个错误，0 个警告"


def test_the_filters_keep_what_the_reviewer_asks_for(qtbot: Any, home: Path, folder: Path) -> None:
    desk = open_desk(qtbot, [folder])
    desk.table.setFocus()
    qtbot.keyClick(desk.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is desk.filter
    desk.filter.setText("财政")
    assert sorted(shown(desk, desk_model.UNIT)) == ["财政局", "财政局"]
    assert "（显示 2 份）" in desk.summary.text()
    qtbot.keyClick(desk.filter, Qt.Key.Key_Escape)
    assert desk.filter.text() == "" and desk.proxy.rowCount() == 7
    desk.filter.setText("sub")  # the file's path, relative to the folder
    assert shown(desk, desk_model.UNIT) == ["财政局"]
    desk.filter.clear()

    def units(state: str) -> list[str]:
        desk.state.setCurrentText(state)
        return sorted(shown(desk, desk_model.UNIT))

    assert units("有错误") == ["教育局", "民政局"]
    assert units("未签发") == ["公安局"]
    assert units("签名无效") == ["民政局"]
    assert units("重复") == ["财政局", "财政局"]
    assert units("无法读取") == ["（无法读取）g-坏文件.json"]  # which file: seen at once
    assert len(units("全部")) == 7


def test_the_list_follows_the_folder(qtbot: Any, home: Path, folder: Path) -> None:
    desk = open_desk(qtbot, [folder])
    read_before = dict(desk.scan.stamps)
    values_file(folder / "sub" / "m-新单位.json", "新单位")
    qtbot.waitUntil(
        lambda: "m-新单位.json" in " ".join(shown(desk, desk_model.FILE)), timeout=10_000
    )
    qtbot.waitUntil(lambda: not desk.scanning)
    # Only the new file was read: every other row kept the stamp it was read at.
    assert all(desk.scan.stamps[k] == v for k, v in read_before.items())

    values_file(folder / "a-财政局.json", "财政局", received=1)  # changed in place: now an error
    a = str(folder / "a-财政局.json")
    qtbot.waitUntil(lambda: bool(desk.model.row_of(a).errors), timeout=10_000)  # type: ignore[union-attr]

    (folder / "sub" / "d-财政局.nianbao").unlink()
    qtbot.waitUntil(lambda: desk.proxy.rowCount() == 7, timeout=10_000)
    assert "d-财政局.nianbao" not in " ".join(shown(desk, desk_model.FILE))
    qtbot.waitUntil(lambda: desk.model.row_of(a).duplicate_count == 0)  # type: ignore[union-attr]


def test_f5_reads_every_file_again(qtbot: Any, home: Path, folder: Path) -> None:
    desk = open_desk(qtbot, [folder])
    desk.watcher.removePaths(desk.watcher.directories() + desk.watcher.files())
    desk.poll.stop()
    path = folder / "b-教育局.json"
    values_file(path, "教育局")  # corrected, unseen (no watch)
    assert desk.model.row_of(str(path)).errors  # type: ignore[union-attr]
    desk.table.setFocus()
    qtbot.keyClick(desk.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: desk.complete and desk.model.row_of(str(path)).errors == 0)  # type: ignore[union-attr]


def test_double_click_opens_a_draft_in_the_main_window(
    qtbot: Any, window: MainWindow, folder: Path
) -> None:
    desk = open_desk(qtbot, [folder], window)
    row = by_file(desk, "c-公安局.nianbao")
    index = desk.proxy.index(row, desk_model.UNIT)
    desk.table.setCurrentIndex(index)
    rect = desk.table.visualRect(index)
    # A double click is a press, a release, then the double-click event (as a mouse sends them).
    qtbot.mouseClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(desk.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.doc is not None and window.doc.draft.path == folder / "c-公安局.nianbao"


def test_enter_on_a_workbook_offers_a_new_draft_with_its_figures(
    qtbot: Any,
    window: MainWindow,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = open_desk(qtbot, [folder], window)
    asked: list[str] = []

    def confirm(title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(desk.ops, "confirm", confirm)
    desk.table.setCurrentIndex(desk.proxy.index(by_file(desk, "f-水利局.xlsx"), 0))
    desk.table.setFocus()
    before = (folder / "f-水利局.xlsx").read_bytes()
    qtbot.keyClick(desk.table, Qt.Key.Key_Return)
    assert "是导出的工作簿，不是草稿" in asked[0]
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.doc is not None
    assert window.doc.draft.fields["unit"] == "水利局"
    assert window.doc.draft.path.parent != folder  # in the library, not beside the file
    assert (folder / "f-水利局.xlsx").read_bytes() == before


def test_an_unreadable_row_says_why_instead_of_opening(
    qtbot: Any, window: MainWindow, folder: Path
) -> None:
    desk = open_desk(qtbot, [folder], window)
    desk.table.setCurrentIndex(desk.proxy.index(by_file(desk, "g-坏文件.json"), 0))
    desk.ops.act_open.trigger()
    assert desk.ops.last_message.startswith("这个文件无法读取：")
    assert window.doc is None


def test_export_writes_the_rows_shown(
    qtbot: Any,
    home: Path,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = open_desk(qtbot, [folder])
    target = tmp_path / "清单"  # no suffix typed: .xlsx is added
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args: target)
    desk.state.setCurrentText("有错误")
    desk.ops.act_export.trigger()
    qtbot.waitUntil(lambda: desk.ops.last_export is not None, timeout=10_000)
    written = tmp_path / "清单.xlsx"
    assert desk.ops.last_export == written
    sheet = openpyxl.load_workbook(written)["报表清单"]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:3] == ("文件", "单位", "年度")
    assert sorted(str(r[1]) for r in table[1:]) == ["教育局", "民政局"]


def test_export_to_a_folder_that_is_gone_says_so(
    qtbot: Any,
    home: Path,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = open_desk(qtbot, [folder])
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args: tmp_path / "没有" / "清单.xlsx")
    desk.ops.act_export.trigger()
    assert desk.ops.last_message.startswith("清单没有导出：\n文件夹不存在")


def test_export_over_a_report_listed_is_refused(
    qtbot: Any,
    home: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk = open_desk(qtbot, [folder])
    report = folder / "f-水利局.xlsx"  # the dialog's own question (replace?) was answered yes
    before = report.read_bytes()
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args: report)
    desk.ops.act_export.trigger()
    assert desk.ops.last_message.startswith(f"清单没有导出：“{report}”是清单中的一份报表")
    assert report.read_bytes() == before and desk.ops.last_export is None


def test_compare_and_consolidate_are_offered_for_the_right_rows(
    qtbot: Any,
    home: Path,
    tmp_path: Path,
) -> None:
    root = tmp_path / "f"
    values_file(root / "a-2018.json", "财政局", "2018")
    draft(root / "b-2019.nianbao", "财政局", year="2019")
    values_file(root / "c-other.json", "教育局", "2019")
    desk = open_desk(qtbot, [root])
    ops = desk.ops
    select(qtbot, desk, "a-2018.json", "b-2019.nianbao")
    assert ops.act_compare.isEnabled()
    pair = ops.compare_pair()
    assert pair is not None and [Path(r.file).name for r in pair] == [
        "a-2018.json",
        "b-2019.nianbao",
    ]
    assert ops.act_consolidate.isEnabled()
    assert len(ops.consolidation_rows()) == 2  # the two selected
    select(qtbot, desk, "b-2019.nianbao", "c-other.json")  # two units
    assert not ops.act_compare.isEnabled()
    select(qtbot, desk, "a-2018.json")
    assert not ops.act_compare.isEnabled()
    assert len(ops.consolidation_rows()) == 3  # one selected: all shown
    desk.filter.setText("c-other")
    assert not ops.act_consolidate.isEnabled()  # one report shown: nothing to add up


def test_compare_from_the_desk_shows_last_and_this_years_figures(
    qtbot: Any,
    home: Path,
    tmp_path: Path,
) -> None:
    root = tmp_path / "f"
    values_file(root / "a-2018.json", "财政局", "2018", gazette=5)
    values_file(root / "b-2019.json", "财政局", "2019", gazette=60)
    desk = open_desk(qtbot, [root])
    select(qtbot, desk, "a-2018.json", "b-2019.json")
    from govreport_gui.gui.compare_dialog import CompareDialog

    desk.ops.act_compare.trigger()
    qtbot.waitUntil(lambda: bool(desk.findChildren(CompareDialog)), timeout=20_000)
    dialog = desk.findChildren(CompareDialog)[0]
    comparison = dialog.comparison
    assert comparison.last.path.name == "a-2018.json" and comparison.this.path.name == "b-2019.json"
    gazette = [f for f in comparison.figures if f.cell_id == "gazette"]
    assert gazette and str(gazette[0].last) == "5" and str(gazette[0].this) == "60"
    assert any(note.cell_id == "gazette" for note in comparison.notes)  # ×10 or more: a note
    dialog.close()


def test_consolidate_from_the_desk_sums_the_rows_and_opens_the_new_draft(
    qtbot: Any,
    home: Path,
    tmp_path: Path,
) -> None:
    from PySide6.QtCore import QTimer

    from govreport_gui.core.store.draft import Draft
    from govreport_gui.gui.consolidate_dialog import ConsolidateDialog

    root = tmp_path / "f"
    values_file(root / "a.json", "财政局", "2018", gazette=5)
    values_file(root / "b.json", "教育局", "2018", gazette=7)
    opened: list[Path] = []

    class Opener:
        def open_path(self, path: Path) -> bool:
            opened.append(path)
            return True

        def show_from_desk(self) -> None:
            pass

        def import_published(self, path: Path) -> None:
            pass

    desk = open_desk(qtbot, [root], Opener())
    select(qtbot, desk, "a.json", "b.json")
    out = tmp_path / "汇总.nianbao"
    seen: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConsolidateDialog)
        seen.append(sorted(p.name for p in dialog.paths))
        dialog.unit.setText("某某县人民政府")
        dialog.out.setText(str(out))
        dialog.include_unsigned.setChecked(True)  # values files carry no sign-off
        dialog.go.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
        if dialog.isVisible():  # the notes (unsigned reports) are shown before opening
            dialog.accept()

    QTimer.singleShot(0, answer)
    desk.ops.act_consolidate.trigger()
    assert seen == [["a.json", "b.json"]]
    assert opened == [out]
    with Draft.open(out, "x", readonly=True) as made:
        assert str(made.values["gazette"]) == "12"
        assert made.fields["unit"] == "某某县人民政府"


def test_the_menu_item_opens_the_desk_on_the_folder_chosen(
    qtbot: Any,
    window: MainWindow,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *args: folder)
    assert window.act_desk.shortcut().toString() == "Ctrl+Shift+O"
    assert window.act_desk in window.menus["file"].actions()
    window.act_desk.trigger()
    assert len(window.desks) == 1
    desk = window.desks[0]
    qtbot.waitUntil(lambda: desk.complete, timeout=20_000)
    assert desk.proxy.rowCount() == 7
    desk.close()
    assert window.desks == []


def test_a_folder_that_does_not_exist_is_refused(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    assert window.open_desk([tmp_path / "没有"]) is None
    assert "找不到" in window.last_problem


def test_the_command_line_opens_the_desk(
    qtbot: Any, started: list[MainWindow], folder: Path
) -> None:
    win = gui_helpers.start_window(qtbot, started, "--desk", str(folder))
    qtbot.waitUntil(lambda: len(win.desks) == 1, timeout=20_000)
    desk = win.desks[0]
    qtbot.waitUntil(lambda: desk.complete, timeout=20_000)
    assert desk.proxy.rowCount() == 7 and desk.isVisible()
    assert win.start.isVisible()  # the start page behind it


def test_many_files_are_read_by_worker_processes_with_the_same_rows(
    qtbot: Any, home: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.gui import desk_scanner

    alone = open_desk(qtbot, [folder])
    expected = sorted(row.cells() for row in alone.model.rows)
    alone.close()
    # A handful of files stands for thousands: the first page here, the rest in two processes.
    monkeypatch.setattr(desk_scanner, "PAGE", 2)
    monkeypatch.setattr(desk_scanner, "POOL_FROM", 1)
    monkeypatch.setattr(desk_scanner, "BATCH", 2)
    monkeypatch.setattr(desk_scanner, "processes", lambda: 2)
    from_workers: list[int] = []

    import concurrent.futures
    from concurrent.futures import ProcessPoolExecutor

    class Counted(ProcessPoolExecutor):
        def map(self, *args: Any, **kwargs: Any) -> Any:
            for batch in super().map(*args, **kwargs):
                from_workers.append(len(batch))
                yield batch

    # desk_scanner imports the pool only when it starts one (a packaged program never does).
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    pooled = open_desk(qtbot, [folder])
    assert sum(from_workers) == 5  # read by the workers, not here after a failure
    assert sorted(row.cells() for row in pooled.model.rows) == expected
    assert pooled.summary.text().startswith("共 7 份：通过 4，有错误 2，无法读取 1")


def test_a_published_report_is_listed_when_asked_and_opens_through_the_import(
    qtbot: Any,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    from report_docx import seed_document

    root = tmp_path / "f"
    values_file(root / "a.json", "财政局")
    seed_document(root / "年报.docx")
    desk = open_desk(qtbot, [root], window)
    assert desk.proxy.rowCount() == 1  # Word files only when asked
    desk.published.setChecked(True)
    qtbot.waitUntil(lambda: desk.proxy.rowCount() == 2 and desk.complete, timeout=20_000)
    row = by_file(desk, "年报.docx")
    assert desk.proxy.index(row, desk_model.STATUS).data() == "已发布的年报"
    desk.table.setCurrentIndex(desk.proxy.index(row, 0))
    desk.ops.act_open.trigger()
    # The import of published reports reads it and shows what it found, to make a draft of.
    qtbot.waitUntil(lambda: window.word_import.dialog is not None, timeout=20_000)
    assert window.word_import.dialog is not None
    window.word_import.dialog.reject()
    desk.published.setChecked(False)
    qtbot.waitUntil(lambda: desk.proxy.rowCount() == 1 and desk.complete, timeout=20_000)
