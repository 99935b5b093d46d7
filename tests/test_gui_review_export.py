"""Review, export and import in the window: the whole round trip a 填报人 and a 审核人 make.

Dialogs that ask (confirmations, reasons, names, file choices) are answered by patching the call that
would open them; everything else goes through the window's own actions.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import background
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.ops import review, review_ops
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import FILLING, SIGNED, SUBMITTED, Draft
from govreport_gui.gui import export_ui, file_dialogs, review_ui, style
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # Questions are answered yes; reasons and names come from the test.
    monkeypatch.setattr(review_ui.ReviewUI, "_confirm", lambda self, *a: True)
    win.open_example()
    return win


def _answer_reason(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (text, True))
    )


def _answer_name(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (name, True)))


def _type(qtbot: Any, win: MainWindow, cell_id: str, text: str) -> None:
    assert win.page is not None
    win.page.select_cell(cell_id)
    view = win.page.views[win.doc.form.cell(cell_id).table_id]  # type: ignore[union-attr]
    # The first key opens the cell's editor; the rest, and Enter, go to whatever has the focus then.
    qtbot.keyClicks(view, text[0])
    focus = QApplication.focusWidget() or view
    if text[1:]:
        qtbot.keyClicks(focus, text[1:])
    qtbot.keyClick(focus, Qt.Key.Key_Return)


def test_round_trip_in_the_window(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    ui = win.review
    doc = win.doc
    assert doc is not None and doc.draft.status == FILLING
    assert "填报中" in ui.status_label.text()

    ui.act_submit.trigger()
    assert doc.draft.status == SUBMITTED and "待审核" in ui.status_label.text()
    # 退回 and 签发 are the reviewer's: disabled until 审核模式 is entered with a name.
    assert (
        not ui.act_submit.isEnabled()
        and not ui.act_signoff.isEnabled()
        and not ui.act_return.isEnabled()
    )

    # Submitted: the values are locked until returned (the banner says so), review mode or not.
    assert not doc.editable and win.banner.isVisible() and "已提交审核" in win.banner.text()
    _type(qtbot, win, "received_online", "8")
    win.page.views["main"].paste("5\n")  # type: ignore[union-attr]
    assert doc.value("received_online") == 2

    # The reviewer reads in review mode: values are read-only, comments are allowed.
    _answer_name(monkeypatch, "沈涛")
    ui.act_review_mode.trigger()
    assert doc.review_mode and not doc.editable and win.banner.isVisible()
    assert (
        ui.act_signoff.isEnabled() and ui.act_return.isEnabled() and not ui.act_submit.isEnabled()
    )
    assert "审核模式：沈涛" in win.windowTitle() and "审核人：沈涛" in win.banner.text()
    _type(qtbot, win, "received_online", "9")
    assert doc.value("received_online") == 2
    win.page.select_cell("received_online")  # type: ignore[union-attr]
    _answer_reason(monkeypatch, "网络申请数与登记簿不符，请核对")
    ui.act_comment.trigger()
    open_comments = review.comments(doc.draft, open_only=True)
    assert [(c.cell, c.text, c.who) for c in open_comments] == [
        ("received_online", "网络申请数与登记簿不符，请核对", "沈涛")
    ]
    assert "网络申请数与登记簿不符" in ui.comments.list.item(0).text()
    model = win.page.views["main"].form_model  # type: ignore[union-attr]
    assert "received_online" in model.comment_cells
    _answer_reason(monkeypatch, "请核对网络申请数")
    ui.act_return.trigger()
    assert doc.draft.status == FILLING
    ui.act_review_mode.trigger()
    assert not doc.review_mode and doc.editable and "审核模式" not in win.windowTitle()

    # The 填报人 fixes the figure (and its total), answers the comment, submits again.
    _type(qtbot, win, "received_online", "3")
    assert (
        doc.value("received_online") == 3 and doc.checker.summary().errors == 1
    )  # 收到申请数 3 ≠ 4
    _type(qtbot, win, "received", "4")
    assert doc.checker.summary().errors == 0
    ui.add_comment(on_cell=False, parent=open_comments[0].id, cell="received_online")
    assert review.unanswered_comments(doc.draft) == []
    ui.act_submit.trigger()
    assert doc.draft.status == SUBMITTED

    ui.act_review_mode.trigger()
    ui.resolve_comment(open_comments[0].id)
    assert review.comments(doc.draft, open_only=True) == []
    ui.act_signoff.trigger()
    assert doc.draft.status == SIGNED
    first = review.current_signoff(doc.draft)
    assert first is not None and first.reviewer == "沈涛"
    assert "已签发" in ui.status_label.text() and win.banner.isVisible()

    # Locked: typing, paste, clear, undo and fill-totals change nothing.
    before = dict(doc.draft.values)
    _type(qtbot, win, "received_online", "7")
    view = win.page.views["main"]  # type: ignore[union-attr]
    view.paste("5\n6\n")
    view.clear_selection_values()
    assert not win.act_undo.isEnabled() and not win.act_fill.isEnabled()
    win.undo()
    assert dict(doc.draft.values) == before
    assert (
        not view.form_model.flags(view.form_model.index_of("received_online"))
        & Qt.ItemFlag.ItemIsEditable
    )

    _answer_reason(monkeypatch, "发现培训人数有误")
    ui.act_reopen.trigger()
    assert doc.draft.status == FILLING and review.current_signoff(doc.draft) is None
    ui.act_review_mode.trigger()  # back to 填报
    _type(qtbot, win, "trainees", "41")
    assert doc.value("trainees") == 41
    ui.act_submit.trigger()
    ui.act_review_mode.trigger()
    ui.act_signoff.trigger()
    second = review.current_signoff(doc.draft)
    assert second is not None and second.fingerprint != first.fingerprint


def test_blockers_are_listed_all_at_once_and_lead_to_their_cells(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    doc.edit({"received": 4, "meetings": None}, fields={"head": ""})
    shown: list[list[review.Blocker]] = []
    monkeypatch.setattr(review_ui.BlockersDialog, "exec", lambda self: shown.append([]) or 0)
    original = review_ui.BlockersDialog.__init__

    def capture(self: Any, title: str, blockers: list[review.Blocker], parent: Any = None) -> None:
        original(self, title, blockers, parent)
        shown.append(blockers)

    monkeypatch.setattr(review_ui.BlockersDialog, "__init__", capture)
    win.review.act_submit.trigger()
    assert doc.draft.status == FILLING
    blockers = shown[0]
    assert {b.kind for b in blockers} == {"error", "blank", "field"}
    assert any(b.cell == "meetings" for b in blockers)
    dialog = review_ui.BlockersDialog("t", blockers, win)
    dialog.cellChosen.connect(win.select_cell)
    item = next(
        dialog.list.item(i)
        for i in range(dialog.list.count())
        if "会议数" in dialog.list.item(i).text()
    )
    dialog._go(item)
    view = win.page.views["main"]  # type: ignore[union-attr]
    assert view.form_model.cell_at(view.currentIndex()).id == "meetings"  # type: ignore[union-attr]


def test_export_needs_a_sign_off_and_then_writes_excel_and_pdf(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    assert background.export(qtbot, win, ("xlsx", "pdf")) == []
    assert "签发" in win.last_problem
    draft_files = background.export(qtbot, win, ("xlsx", "pdf"), draft_mode=True)
    assert [p.suffix for p in draft_files] == [".xlsx", ".pdf"] and all(
        "草稿" in p.name for p in draft_files
    )
    review_ops.submit(doc)  # through the document: the window hears of it
    doc.draft.user = "沈涛"  # the reviewer acts, as in 审核模式
    review_ops.sign_off(doc, "沈涛")
    win.review.update()
    written = background.export(qtbot, win, ("xlsx", "pdf"))
    assert [p.name for p in written] == [
        "自治区机关事务管理局_2018年度_政府信息公开情况统计表.xlsx",
        "自治区机关事务管理局_2018年度_政府信息公开情况统计表.pdf",
    ]
    assert all(p.stat().st_size > 1000 for p in written)
    from govreport_gui.core.ops.verify import verify_xlsx

    assert verify_xlsx(written[0]).ok

    # Exporting again into the same folder asks before replacing; "cancel" leaves the files alone.
    before = [p.stat().st_mtime_ns for p in written]
    asked: list[list[Path]] = []

    def refuse(self: object, existing: list[Path]) -> bool:
        asked.append(existing)
        return False

    monkeypatch.setattr(export_ui.ExportUI, "_confirm_overwrite", refuse)
    assert background.export(qtbot, win, ("xlsx", "pdf")) == []
    assert asked == [written]
    assert [p.stat().st_mtime_ns for p in written] == before
    monkeypatch.setattr(export_ui.ExportUI, "_confirm_overwrite", lambda self, existing: True)
    assert background.export(qtbot, win, ("xlsx", "pdf")) == written


def test_the_save_dialog_does_not_start_in_the_hidden_library(
    window: MainWindow, tmp_path: Path
) -> None:
    win = window
    assert win.doc is not None
    assert win.doc.draft.path.is_relative_to(
        settings.data_dir()
    )  # the example lives in the library
    folder = win.exports.default_folder()
    assert not folder.resolve().is_relative_to(settings.data_dir().resolve())
    assert folder.is_dir()
    win.exports.last_folder = tmp_path
    assert win.exports.default_folder() == tmp_path


def test_import_from_excel_is_one_undoable_step(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    from govreport_gui.core.layout.export_xlsx import export_xlsx
    from govreport_gui.core.ops.snapshot import report_data

    workbook = export_xlsx(report_data(doc.draft), tmp_path / "filled.xlsx", draft_mode=True)
    expected = dict(doc.draft.values)
    form = get_form("gov-disclosure-2014")
    path = library.new_draft_path(form, "空白单位", "2018")
    Draft.create(path, form, "董晓东", fields={"unit": "空白单位", "year": "2018"}).close()
    assert win.open_path(path)
    blank = win.doc
    assert blank is not None and blank.draft.values == {}
    # The unit differs (空白单位 → 自治区机关事务管理局): the window asks first; "cancel" imports nothing.
    asked: list[str] = []

    def answer(answer: bool) -> None:
        def ask(self: object, title: str, text: str, yes: str) -> bool:
            asked.append(text)
            return answer

        monkeypatch.setattr(export_ui.ExportUI, "_ask", ask)

    answer(False)
    assert not background.import_xlsx(qtbot, win, workbook)
    assert "“空白单位” → “自治区机关事务管理局”" in asked[0]
    assert blank.draft.values == {} and blank.draft.fields["unit"] == "空白单位"
    answer(True)
    assert background.import_xlsx(qtbot, win, workbook)
    assert blank.draft.values == expected
    history = blank.draft.history()
    assert {e.batch for e in history if e.kind == "import"} and len(
        {e.batch for e in history if e.kind == "import"}
    ) == 1
    win.undo()
    assert blank.draft.values == {}


def test_an_explained_warning_is_shown_as_settled(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None and win.problems is not None
    _type(qtbot, win, "normative_published", "1")  # more published than issued: a warning
    problems = win.problems.model
    assert problems.rowCount() == 1
    row = problems.index(0)
    assert row.data().startswith("【警告】") and "已说明" not in row.data()
    assert "警告 1" in win.counts.text() and "已说明" not in win.counts.text()

    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *a, **k: (items[0], True))
    )
    _answer_reason(monkeypatch, "转发上级文件 1 件")
    win.review.act_explain.trigger()
    row = problems.index(0)
    assert row.data().startswith("【警告·已说明】") and "说明：转发上级文件 1 件" in row.data()
    assert row.data(Qt.ItemDataRole.BackgroundRole) == style.EXPLAINED_BG  # calm, not amber
    assert "警告 1（已说明 1）" in win.counts.text()
    model = win.page.views["main"].form_model  # type: ignore[union-attr]
    cell = model.index_of("normative_published")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == style.EXPLAINED_BG
    assert "已说明：转发上级文件 1 件" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert review.blockers(doc.draft) == []


def test_an_explanation_for_other_numbers_is_shown_as_needing_renewal(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    assert win.problems is not None
    _type(qtbot, win, "normative_published", "1")
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *a, **k: (items[0], True))
    )
    _answer_reason(monkeypatch, "转发上级文件 1 件")
    win.review.act_explain.trigger()
    assert win.problems.model.index(0).data().startswith("【警告·已说明】")

    _type(qtbot, win, "normative_published", "30")  # another figure: the 说明 was not for it
    row = win.problems.model.index(0).data()
    assert (
        row.startswith("【警告】") and "原说明（数字已改变，需重新说明）：转发上级文件 1 件" in row
    )
    assert "已说明" not in win.counts.text()
    model = win.page.views["main"].form_model  # type: ignore[union-attr]
    assert (
        model.index_of("normative_published").data(Qt.ItemDataRole.BackgroundRole)
        == style.WARNING_BG
    )


def test_the_filler_sees_why_it_came_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    win.review.act_submit.trigger()
    _answer_name(monkeypatch, "沈涛")
    win.review.act_review_mode.trigger()
    _answer_reason(monkeypatch, "网络申请数与登记簿不符")
    win.review.act_return.trigger()
    win.review.act_review_mode.trigger()
    assert doc.draft.status == FILLING
    assert win.banner.isVisible() and "退回：网络申请数与登记簿不符" in win.banner.text()
    # The same after closing and opening the draft again.
    path = doc.draft.path
    win.close_draft()
    assert win.open_path(path)
    assert "退回：网络申请数与登记簿不符" in win.banner.text()


def test_a_form_that_does_not_fit_the_year_is_said(window: MainWindow, qtbot: Any) -> None:
    win = window
    assert win.page is not None and win.doc is not None
    assert "适用于" not in win.banner.text()
    edit = win.page.field_edits["year"]
    edit.setText("2023")
    edit.editingFinished.emit()
    assert win.doc.draft.year == "2023"
    assert win.banner.isVisible() and "2023 年度应使用 gov-disclosure-2021" in win.banner.text()


def test_the_history_speaks_the_forms_words(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = window
    doc = win.doc
    assert doc is not None
    doc.edit(fields={"phone": "0951-1234567"})
    win.review.act_submit.trigger()
    dialog = review_ui.HistoryDialog(doc, None, win)
    cells = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert "报表状态" in cells and "联系电话" in cells
    assert "status" not in cells and "phone" not in cells
    dialog.close()
