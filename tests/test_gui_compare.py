"""审核 → 与上年报告比较… and :func:`show_comparison` (issue 17): the files read off the GUI thread,
the dialog (notes and checks, the table of figures with the noted rows highlighted, the filter,
Ctrl+C, Esc), refusals as a Chinese message, the menu item defaulting to the open draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from compare_files import example, following, report
from dialog_texts import english_words, visible_texts
from gui_helpers import example as example_window
from gui_helpers import home, window
from menu_text import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from govreport_gui.core.ops.compare import compare_files
from govreport_gui.gui import compare_dialog
from govreport_gui.gui.compare_dialog import (
    CHANGE,
    LABEL,
    LAST,
    REMARK,
    THIS,
    CompareDialog,
    CompareModel,
)
from govreport_gui.gui.compare_menu import ChooseReportsDialog
from govreport_gui.gui.fonts import ensure_chinese_font
from govreport_gui.gui.main_window import MainWindow

_ = (home, window, example_window)  # the window fixtures of gui_helpers


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two years of the example: one ×11 jump, one figure down to 0, 收到申请数 a little up."""
    last = example(tmp_path / "2018.json", "2018", proactive_info=370, other_channel=40)
    this = example(tmp_path / "2019.json", "2019", proactive_info=4100, other_channel=0, received=5)
    return last, this


def make_dialog(qtbot: Any, last: Path, this: Path) -> CompareDialog:
    dialog = CompareDialog(compare_files(last, this))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def row_of(model: CompareModel, label_end: str) -> int:
    return next(
        r
        for r in range(model.rowCount())
        if str(model.data(model.index(r, LABEL))).endswith(label_end)
    )


def test_the_model_passes_the_model_tester(
    qtmodeltester: Any, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    model = CompareModel(compare_files(*pair))
    qtmodeltester.check(model)
    model.set_only_remarks(True)
    qtmodeltester.check(model)
    cross = CompareModel(
        compare_files(
            report(tmp_path / "a.json", "gov-disclosure-2019", "2020"),
            report(tmp_path / "b.json", "gov-disclosure-2021", "2021"),
        )
    )
    qtmodeltester.check(cross)


def test_the_table_shows_both_years_and_highlights_the_notes(
    qtbot: Any, pair: tuple[Path, Path]
) -> None:
    dialog = make_dialog(qtbot, *pair)
    model = dialog.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "项目",
        "上年",
        "本年",
        "变化",
        "说明",
    ]
    assert model.rowCount() == 58
    row = row_of(model, "（一）主动公开政府信息数")
    texts = [model.data(model.index(row, c)) for c in (LAST, THIS, CHANGE, REMARK)]
    assert texts == [
        "370",
        "4100",
        "+3730（+1008.1%）",
        "增加到上年的 11.1 倍（370 → 4100），请核对",
    ]
    assert model.data(model.index(row, LAST), Qt.ItemDataRole.BackgroundRole) is not None
    quiet = row_of(model, "（一）收到申请数")
    assert model.data(model.index(quiet, CHANGE)) == "+2（+66.7%）"
    assert model.data(model.index(quiet, LAST), Qt.ItemDataRole.BackgroundRole) is None
    # The notes above the table: the two jumps, then (this 2014 form) no check of last year's.
    notes = [dialog.notes.item(i).text().strip() for i in range(dialog.notes.count())]
    assert notes[0] == "大幅变化 2 项（请核对；不是错误）"
    assert (
        notes[2]
        == "一、主动公开情况 › （二）通过不同渠道和方式公开政府信息的情况 › 5.其他方式公开政府信息数：上年为 40，本年为 0，请核对"
    )
    assert english_words(visible_texts(dialog)) == []


def test_only_the_figures_with_a_remark(qtbot: Any, pair: tuple[Path, Path]) -> None:
    dialog = make_dialog(qtbot, *pair)
    dialog.only_remarks.setChecked(True)
    assert dialog.model.rowCount() == 2
    # A note clicked in the list selects its row; filtered out, the filter is lifted first.
    dialog.only_remarks.setChecked(True)
    dialog._go(dialog.notes.item(2))
    assert dialog.selected_rows() == [1]
    dialog.only_remarks.setChecked(False)
    dialog._go(dialog.notes.item(1))
    assert dialog.selected_rows() == [row_of(dialog.model, "（一）主动公开政府信息数")]


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_text(
    qtbot: Any, pair: tuple[Path, Path]
) -> None:
    dialog = make_dialog(qtbot, *pair)
    model = dialog.model
    first, second = row_of(model, "（一）主动公开政府信息数"), row_of(model, "（一）收到申请数")
    dialog.table.selectRow(first)
    dialog.table.selectionModel().select(
        model.index(second, 0),
        dialog.table.selectionModel().SelectionFlag.Select
        | dialog.table.selectionModel().SelectionFlag.Rows,
    )
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().splitlines() == [
        "项目\t上年\t本年\t变化\t说明",
        "一、主动公开情况 › （一）主动公开政府信息数\t370\t4100\t+3730（+1008.1%）\t增加到上年的 11.1 倍（370 → 4100），请核对",
        "三、依申请公开情况 › （一）收到申请数\t3\t5\t+2（+66.7%）\t",
    ]


def test_escape_closes(qtbot: Any, pair: tuple[Path, Path]) -> None:
    dialog = make_dialog(qtbot, *pair)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_look_at_it(qtbot: Any, tmp_path: Path) -> None:
    """Screenshots of a 2020 (2019 form) → 2021 comparison, as a reviewer sees it (and at 1024×600)."""
    app = QGuiApplication.instance()
    ensure_chinese_font(app)  # type: ignore[arg-type]
    last = report(tmp_path / "2020.json", "gov-disclosure-2019", "2020", licensing__decisions=7)
    this = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021", licensing=70)
    dialog = make_dialog(qtbot, last, this)
    assert dialog.grab().save(str(tmp_path / "compare.png"))
    dialog.resize(1024, 600)
    qtbot.waitUntil(lambda: dialog.height() == 600)
    assert dialog.grab().save(str(tmp_path / "compare-1024.png"))
    # The failing 上年结转 checks are in the list, in the error colour.
    failing = [
        dialog.notes.item(i)
        for i in range(dialog.notes.count())
        if dialog.notes.item(i).text().strip().startswith("不相符：")
    ]
    assert failing and all(
        item.foreground().color() == compare_dialog.FAILED_COLOUR for item in failing
    )
    # A check clicked finds its figure: 上年结转 (自然人) of this year.
    dialog._go(failing[0])
    (row,) = dialog.selected_rows()
    assert dialog.model.shown[row].cell_id == "carried_over.natural"


def visible_boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_show_comparison_reads_in_the_background(
    qtbot: Any, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    compare_dialog.show_comparison(window, *pair)
    qtbot.waitUntil(lambda: bool(window.findChildren(CompareDialog)))
    dialog = window.findChildren(CompareDialog)[0]
    assert dialog.isVisible() and dialog.windowTitle() == (
        "与上年报告比较 — 自治区机关事务管理局：2018 年度与 2019 年度"
    )
    dialog.close()


def test_a_refusal_is_a_chinese_message(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    last = example(tmp_path / "a.json", "2019")
    other = example(tmp_path / "b.json", "2019", unit="另一个局")
    compare_dialog.show_comparison(window, last, other)
    qtbot.waitUntil(lambda: bool(visible_boxes(window)))
    box = visible_boxes(window)[0]
    assert box.windowTitle() == "无法比较"
    assert "不是同一个单位" in box.text() and "都是 2019 年度" in box.text()
    assert not window.findChildren(CompareDialog)
    box.accept()


def test_the_menu_item_asks_with_the_open_draft_as_this_year(
    qtbot: Any, example_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = example_window
    win.build_extras()
    assert win.act_compare in win.review.menu.actions()
    assert plain(win.act_compare.text()) == "与上年报告比较…"
    draft = win.doc.draft.path if win.doc is not None else None
    last = example(tmp_path / "2017.json", "2017")
    asked: list[ChooseReportsDialog] = []

    def answer(chooser: ChooseReportsDialog) -> int:
        asked.append(chooser)
        assert chooser.this_edit.text() == str(draft)
        assert not chooser.ok.isEnabled()  # last year's not given yet
        chooser.last_edit.setText(str(last))
        assert chooser.ok.isEnabled()
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ChooseReportsDialog, "exec", answer)
    win.act_compare.trigger()
    qtbot.waitUntil(lambda: bool(win.findChildren(CompareDialog)))
    dialog = win.findChildren(CompareDialog)[0]
    assert asked and dialog.comparison.this.path == draft
    assert dialog.comparison.last.year == "2017"
    dialog.close()


def test_following_year_without_notes(qtbot: Any, tmp_path: Path) -> None:
    last = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021")
    this = report(tmp_path / "2022.json", "gov-disclosure-2021", "2022", following(last))
    dialog = make_dialog(qtbot, last, this)
    first = dialog.notes.item(0).text()
    assert first.startswith("没有大幅变化")
    texts = [dialog.notes.item(i).text().strip() for i in range(dialog.notes.count())]
    assert "与上年报告的衔接：没有不相符" in texts


def test_a_parent_outside_a_main_window_gets_the_dialog_too(
    qtbot: Any, pair: tuple[Path, Path]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    compare_dialog.show_comparison(parent, *pair)  # no status bar: read at once
    dialogs = parent.findChildren(CompareDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()


def test_a_parent_closed_while_reading_is_left_alone(
    qtbot: Any, window: MainWindow, pair: tuple[Path, Path]
) -> None:
    import shiboken6

    from govreport_gui.gui.worker import Job

    desk = QDialog(window)  # e.g. the 审核台, closed before the files are read
    compare_dialog.show_comparison(desk, *pair)
    jobs = window.findChildren(Job)
    shiboken6.delete(desk)  # before the result (a queued signal) can arrive
    qtbot.waitUntil(lambda: all(job.done for job in jobs))
    assert not window.findChildren(CompareDialog) and not visible_boxes(window)


def test_at_1024x600_the_labels_take_the_room_and_the_files_say_kind_state_and_signature(
    qtbot: Any, tmp_path: Path
) -> None:
    from test_cli_compare import signed_draft, tamper

    ensure_chinese_font(QGuiApplication.instance())  # type: ignore[arg-type]
    last = signed_draft(example(tmp_path / "2018.json", "2018"))
    this = signed_draft(example(tmp_path / "2019.json", "2019"))
    tamper(this)
    dialog = make_dialog(qtbot, last, this)
    dialog.resize(1024, 600)
    qtbot.waitUntil(lambda: dialog.height() == 600)
    assert dialog.grab().save(str(tmp_path / "compare-signed-1024.png"))
    texts = visible_texts(dialog)
    assert "2018.nianbao（2018 年度，草稿，已签发）；签名：签名有效，签名人受信任" in texts
    assert "2019.nianbao（2019 年度，草稿，已签发）；签名：签发后被改动（签名无效）" in texts
    assert "本年报告签发后被改动（签名无效）" in dialog.warnings.text()
    header = dialog.table.horizontalHeader()
    label, remark = header.sectionSize(LABEL), header.sectionSize(REMARK)
    # 项目 takes the spare width (more than half the table), so the longest label of this form
    # is read whole; 说明 is the column cut.
    assert label > remark and label >= 0.55 * dialog.table.viewport().width()
    row = row_of(dialog.model, "1.政府公报公开政府信息数")
    longest = str(dialog.model.data(dialog.model.index(row, LABEL)))
    assert dialog.table.fontMetrics().horizontalAdvance(longest) < label, longest


def test_across_a_gap_year_the_dialog_says_the_carry_over_checks_do_not_apply(
    qtbot: Any, tmp_path: Path
) -> None:
    last = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021")
    this = report(
        tmp_path / "2023.json",
        "gov-disclosure-2021",
        "2023",
        following(last),
        carried_over__natural=3,
    )
    dialog = make_dialog(qtbot, last, this)
    notes = [dialog.notes.item(i).text().strip() for i in range(dialog.notes.count())]
    assert "与上年报告的衔接：两份报告不是相邻年度，上年结转的核对不适用" in notes
    assert not any(n.startswith("不相符") for n in notes)
