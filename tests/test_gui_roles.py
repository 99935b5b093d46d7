"""The two roles in the window: 审核模式 entered with a name, sign-off refused for a 填报人,
changed cells marked for the reviewer, comments that cannot be missed, the user's name, and one
key per action."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from menu_text import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QTabBar

from govreport_gui.core.ops import review
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import FILLING, SIGNED, SUBMITTED, Draft
from govreport_gui.gui import review_ui, style, user_name
from govreport_gui.gui.form_model import CHANGED_ROLE, FormTableModel
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

FILLER = "董晓东"
REVIEWER = "沈涛"


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOVREPORT_USER", raising=False)
    settings.save_settings(settings.Settings(user_name=FILLER, user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    QApplication.processEvents()  # the first fit to the (800-wide offscreen) screen, done
    win.resize(1280, 720)  # wide: a narrow window folds the panels away (gui/compact_layout.py)
    qtbot.waitUntil(lambda: win.width() == 1280)
    monkeypatch.setattr(review_ui.ReviewUI, "_confirm", lambda self, *a: True)
    win.open_example()  # made in the 填报人's name: 董晓东 entered every figure
    return win


def answer_name(monkeypatch: pytest.MonkeyPatch, name: str, asked: list[str] | None = None) -> None:
    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        if asked is not None:
            asked.append(kwargs.get("text", ""))
        return name, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))


def answer_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (text, True))
    )


def front_panel(win: MainWindow) -> str:
    """The title of the dock panel in front (the docks on the right share one set of tabs)."""
    QApplication.processEvents()
    for bar in win.findChildren(QTabBar):
        titles = [bar.tabText(i) for i in range(bar.count())]
        if "审核意见" in titles:
            return bar.tabText(bar.currentIndex())
    return ""


def model_of(win: MainWindow, cell_id: str) -> FormTableModel:
    assert win.page is not None and win.doc is not None
    return win.page.views[win.doc.form.cell(cell_id).table_id].form_model


def test_review_actions_live_in_review_mode(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, ui = window, window.review
    doc = win.doc
    assert doc is not None
    ui.act_submit.trigger()
    assert doc.draft.status == SUBMITTED
    for action in (ui.act_return, ui.act_signoff, ui.act_reopen):
        assert not action.isEnabled() and "审核模式" in action.toolTip()
    assert not ui.comments.resolve.isEnabled() and not ui.comments.no_reply.isEnabled()
    assert not ui.mode_label.isVisible() and "审核模式" not in win.windowTitle()

    asked: list[str] = []
    answer_name(monkeypatch, REVIEWER, asked)
    ui.act_review_mode.trigger()
    assert asked == [FILLER]  # the name offered is the user's own
    assert ui.in_review_mode and ui.reviewer == REVIEWER
    assert ui.act_signoff.isEnabled() and ui.act_return.isEnabled()
    assert not ui.act_submit.isEnabled()
    assert ui.comments.resolve.isEnabled() and ui.comments.no_reply.isEnabled()
    # The mode is shown in the title, the banner and the status bar.
    assert win.windowTitle().startswith(f"【审核模式：{REVIEWER}】")
    assert win.banner.text().startswith(f"审核模式（审核人：{REVIEWER}）")
    assert ui.mode_label.isVisible() and REVIEWER in ui.mode_label.text()
    assert plain(ui.act_review_mode.text()) == f"退出审核模式（{REVIEWER}）"
    # What the reviewer does is recorded in the reviewer's name.
    answer_text(monkeypatch, "请核对网站公开数")
    win.select_cell("website")
    ui.act_comment.trigger()
    assert review.comments(doc.draft)[-1].who == REVIEWER

    ui.act_review_mode.trigger()  # leaving it: 填报 again, in the user's own name
    assert not ui.in_review_mode and doc.draft.user == FILLER
    assert not ui.act_signoff.isEnabled() and not ui.mode_label.isVisible()
    assert "审核模式" not in win.windowTitle() and "审核模式" not in win.banner.text()


def review_as(win: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Into 审核模式 with ``name`` (leaving it first when in it)."""
    if win.review.in_review_mode:
        win.review.act_review_mode.trigger()
    answer_name(monkeypatch, name)
    win.review.act_review_mode.trigger()


def submitted_and_reviewed_by_the_filler(
    win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> ReportDocument:
    """The example submitted, and 审核模式 entered with the 填报人's name: the banner warns."""
    doc = win.doc
    assert doc is not None
    win.review.act_submit.trigger()
    review_as(win, monkeypatch, FILLER)
    assert f"注意：{FILLER}录入了本表的数字，不能退回、签发或撤销签发本表。" in win.banner.text()
    return doc


def test_the_filler_cannot_sign_off_in_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, ui = window, window.review
    doc = submitted_and_reviewed_by_the_filler(win, monkeypatch)
    ui.act_signoff.trigger()
    assert doc.draft.status == SUBMITTED
    assert f"签发人不能是填报人：{FILLER}录入了本表的数字" in win.last_problem

    review_as(win, monkeypatch, REVIEWER)
    ui.act_signoff.trigger()
    assert doc.draft.status == SIGNED
    signed = review.current_signoff(doc.draft)
    assert signed is not None and signed.reviewer == REVIEWER


def test_the_filler_cannot_return_or_revoke_in_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """退回 and 撤销签发 in 审核模式 entered with the 填报人's name: refused before the reason is
    asked (no point in writing one), and the banner says so."""
    win, ui = window, window.review
    doc = submitted_and_reviewed_by_the_filler(win, monkeypatch)

    def no_reason(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        raise AssertionError("the reason is asked of a 填报人 who is refused anyway")

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(no_reason))
    ui.act_return.trigger()
    assert doc.draft.status == SUBMITTED
    assert win.last_problem == (
        f"不能退回：\n填报人不能退回：正在操作的{FILLER}录入了本表的数字或表头表尾（65 处修改）。"
        "退回是审核人的事：如需收回已提交的报表再修改，请审核人退回。"
    )

    review_as(win, monkeypatch, REVIEWER)
    ui.act_signoff.trigger()
    assert doc.draft.status == SIGNED
    review_as(win, monkeypatch, FILLER)
    ui.act_reopen.trigger()
    assert doc.draft.status == SIGNED and review.current_signoff(doc.draft) is not None
    assert win.last_problem == (
        f"不能撤销签发：\n填报人不能撤销签发：正在操作的{FILLER}录入了本表的数字或表头表尾"
        f"（65 处修改）。撤销签发是审核人的事：如需修改已签发的报表，请签发人{REVIEWER}或另一位"
        "审核人撤销签发。"
    )

    # The reviewer revokes the sign-off.
    review_as(win, monkeypatch, REVIEWER)
    answer_text(monkeypatch, "会议数有误")
    ui.act_reopen.trigger()
    assert doc.draft.status == FILLING and doc.draft.history()[-1].who == REVIEWER


def test_an_unanswered_comment_blocks_sign_off_until_no_reply_needed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, ui = window, window.review
    doc = win.doc
    assert doc is not None
    ui.act_submit.trigger()
    answer_name(monkeypatch, REVIEWER)
    ui.act_review_mode.trigger()
    answer_text(monkeypatch, "培训人数与上年持平，请确认")
    win.select_cell("trainees")
    ui.act_comment.trigger()
    assert "〔待答复〕" in ui.comments.list.item(0).text()
    ui.act_signoff.trigger()
    assert doc.draft.status == SUBMITTED and "尚未答复" in win.last_problem

    ui.comments.list.setCurrentRow(0)
    ui.comments.no_reply.click()
    comment = review.comments(doc.draft)[0]
    assert comment.no_reply_by == REVIEWER
    assert f"〔不需答复：{REVIEWER}〕" in ui.comments.list.item(0).text()
    ui.act_signoff.trigger()
    assert doc.draft.status == SIGNED


def _returned_and_fixed(win: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Submitted, commented on 'website' and returned by the reviewer, fixed by the 填报人."""
    ui, doc = win.review, win.doc
    assert doc is not None
    ui.act_submit.trigger()
    answer_name(monkeypatch, REVIEWER)
    ui.act_review_mode.trigger()
    win.select_cell("website")
    answer_text(monkeypatch, "网站公开数与后台统计不符，请核对")
    ui.act_comment.trigger()
    answer_text(monkeypatch, "请按意见核对网站公开数")
    ui.act_return.trigger()
    ui.act_review_mode.trigger()
    assert doc.draft.status == FILLING


def test_a_returned_draft_shows_its_comments_by_itself(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    win = window
    assert front_panel(win) == "问题"  # a draft never returned: the problems come first
    _returned_and_fixed(win, monkeypatch)
    assert win.doc is not None
    path = win.doc.draft.path
    win.close_draft()
    assert win.open_path(path)
    # The 审核意见 panel is in front (the 问题 panel behind it), each comment with its cell.
    qtbot.waitUntil(lambda: front_panel(win) == "审核意见")
    first = win.review.comments.list.item(0)
    assert "【政府网站公开政府信息数】" in first.text() and "请核对" in first.text()
    win.review.comments.list.itemDoubleClicked.emit(first)
    view = win.page.current_view()  # type: ignore[union-attr]
    assert view is not None and view.form_model.cell_at(view.currentIndex()).id == "website"  # type: ignore[union-attr]
    # The commented cell is tinted and its tooltip says the comment.
    model = model_of(win, "website")
    index = model.index_of("website")
    assert index.data(Qt.ItemDataRole.BackgroundRole) == style.COMMENT_BG
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert f"（{REVIEWER}）：网站公开数与后台统计不符，请核对" in tip
    assert model.index_of("other_channel").data(Qt.ItemDataRole.BackgroundRole) != style.COMMENT_BG


def test_the_reviewer_sees_what_changed_since_the_return(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, ui = window, window.review
    doc = win.doc
    assert doc is not None
    _returned_and_fixed(win, monkeypatch)
    doc.edit({"website": 329, "other_channel": 41})
    answer_text(monkeypatch, "已核对后台，改为 329")
    ui.comments.list.setCurrentRow(0)
    ui.comments.reply.click()
    ui.act_submit.trigger()
    assert doc.draft.status == SUBMITTED

    ui.act_review_mode.trigger()
    model = model_of(win, "website")
    for cell_id, old, new in (("website", 330, 329), ("other_channel", 40, 41)):
        index = model.index_of(cell_id)
        assert index.data(Qt.ItemDataRole.BackgroundRole) == style.CHANGED_BG
        assert index.data(CHANGED_ROLE) == f"{old} → {new}（{FILLER}）"
        assert f"退回后修改：{old} → {new}（{FILLER}）" in index.data(Qt.ItemDataRole.ToolTipRole)
    unchanged = model.index_of("meetings")
    assert unchanged.data(Qt.ItemDataRole.BackgroundRole) != style.CHANGED_BG
    assert not unchanged.data(CHANGED_ROLE)
    changes = ui.comments.changes
    assert ui.comments.changes.isVisible() and changes.count() == 2
    assert changes.item(0).text() == f"政府网站公开政府信息数：330 → 329（{FILLER}）"
    changes.itemDoubleClicked.emit(changes.item(1))
    view = win.page.current_view()  # type: ignore[union-attr]
    assert view is not None and view.form_model.cell_at(view.currentIndex()).id == "other_channel"  # type: ignore[union-attr]


def test_each_shortcut_belongs_to_one_action(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text}: {seen[text]} 与 {action.text()}"
            seen[text] = plain(action.text())
    save_as = QKeySequence(QKeySequence.StandardKey.SaveAs).toString()
    assert seen.get(save_as) == "另存为…"
    assert window.review.act_submit.shortcut().toString() == "F9"


def test_the_name_can_be_changed_and_is_asked_with_a_reason(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = user_name.name_dialog(None, "张三", first=True)
    assert dialog.windowTitle() == "您的姓名 — 政府信息公开年报填报"
    assert "修改记录、审核意见和签发都会署上这个名字" in dialog.labelText()
    assert dialog.textValue() == "张三"
    dialog.deleteLater()

    monkeypatch.setattr(user_name, "ask_name", lambda *a, **k: "王  小明")
    window.act_user_name.trigger()
    assert window.user == "王  小明" and settings.current_user() == "王  小明"
    assert window.doc is not None
    window.doc.edit({"meetings": 3})
    assert window.doc.draft.history()[-1].who == "王  小明"


def test_first_start_asks_once_and_not_when_the_environment_names_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "fresh"))
    monkeypatch.setenv("GOVREPORT_USER", "打包测试")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("asked although GOVREPORT_USER is set")

    monkeypatch.setattr(user_name, "ask_name", refuse)
    assert user_name.ask_user_name_once() == "打包测试"
    assert not settings.load_settings().user_name_confirmed  # nothing was asked or stored

    monkeypatch.delenv("GOVREPORT_USER")
    asked: list[bool] = []
    monkeypatch.setattr(
        user_name, "ask_name", lambda parent, current, first: asked.append(first) or "李雷"
    )
    assert user_name.ask_user_name_once() == "李雷"
    assert user_name.ask_user_name_once() == "李雷"
    assert asked == [True]


def test_the_environment_name_cannot_be_changed_in_the_window(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVREPORT_USER", "打包测试")
    window.act_user_name.trigger()
    assert "GOVREPORT_USER" in window.last_problem


def test_a_draft_opened_again_keeps_nothing_of_the_last_mode(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    win, ui = window, window.review
    assert win.doc is not None
    path = win.doc.draft.path
    answer_name(monkeypatch, REVIEWER)
    ui.act_review_mode.trigger()
    assert ui.in_review_mode
    win.close_draft()
    assert win.open_path(path)
    assert not ui.in_review_mode and win.doc is not None and win.doc.draft.user == FILLER
    assert "审核模式" not in win.windowTitle()
    with Draft.open(path, "查看", readonly=True) as d:
        assert d.status == FILLING


def test_a_name_pasted_with_an_invisible_character_is_asked_again_without_it(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A direction override (U+202E) pasted with the name would be in every history line (and
    the next start would refuse it from the settings): the question comes again, saying why,
    with the name cleaned, and the clean name is what is taken."""
    from PySide6.QtWidgets import QInputDialog

    shown: list[tuple[str, str]] = []
    typed = iter(["沈\u202e涛", None])  # pasted, then the cleaned name confirmed as shown

    def answer(dialog: QInputDialog) -> int:
        shown.append((dialog.labelText(), dialog.textValue()))
        text = next(typed)
        if text is not None:
            dialog.setTextValue(text)
        return QInputDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "exec", answer)
    assert user_name.ask_name(None, "", first=True) == "沈涛"
    assert len(shown) == 2
    label, value = shown[1]
    assert value == "沈涛"
    assert "刚才填写的姓名不能使用" in label and "U+202E" in label
    assert "下面的姓名已去掉这些字符，请核对后按“确定”" in label
    assert "U+202E" not in shown[0][0]


def test_a_reviewer_name_pasted_with_an_invisible_character_is_asked_again(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name asked on entering 审核模式 was checked for its length only: a pasted direction
    override (沈\u202e涛, shown as 涛沈 or 沈涛) became the author of comments, 退回 and 撤销签发.
    It gets the check of --user and of the sign-off: asked again, saying why, the name cleaned."""
    win, ui = window, window.review
    doc = win.doc
    assert doc is not None
    asked: list[tuple[str, str]] = []
    too_long = "沈" * 101
    answers = iter(
        [("沈\u202e涛", True), ("", False), ("沈\u200b涛", True), (too_long, True), ("沈涛", True)]
    )

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append((args[2], kwargs.get("text", "")))
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    ui.act_review_mode.trigger()  # pasted, then cancelled when asked again: no 审核模式
    assert not ui.in_review_mode and not ui.act_review_mode.isChecked()
    assert doc.draft.user == FILLER
    label, offered = asked[1]
    assert offered == "沈涛"  # the name without what cannot be stored: nothing to type again
    assert label == (
        "审核人姓名（意见、退回和签发都会署上这个名字）：\n\n刚才填写的审核人姓名不能使用："
        "审核人姓名中有不可见的格式字符（U+202E，文字方向控制符），会让显示的文字与实际内容不同，"
        "请删去后重新输入（从网页或文档复制的文字常带有这种字符）。\n"
        "下面的审核人姓名已去掉这些字符，请核对后按“确定”。"
    )
    assert "U+202E" not in asked[0][0]

    ui.act_review_mode.trigger()  # a zero-width space, a name too long, then a good one
    assert "U+200B" in asked[3][0] and asked[3][1] == "沈涛"
    assert asked[4] == (
        "审核人姓名（意见、退回和签发都会署上这个名字）：\n\n刚才填写的审核人姓名不能使用："
        "审核人姓名过长（101 字，最多 100 字）。\n请改正后按“确定”。",
        too_long,
    )
    assert ui.in_review_mode and ui.reviewer == "沈涛" and doc.draft.user == "沈涛"
    answer_text(monkeypatch, "请核对网站公开数")
    win.select_cell("website")
    ui.act_comment.trigger()
    assert review.comments(doc.draft)[-1].who == "沈涛"
