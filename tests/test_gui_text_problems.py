"""The report text's warnings in the window (issue 16): listed in the problems panel after the
rules' (once the opened draft has been drawn, issue 14), counted in the status bar as `check`
counts them, shown in 报告正文 when activated, and mended in one undo step by 编辑 →
修正正文小标题编号."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

from gui_helpers import USER, example_document, home, new_draft, wait_ready, window
from PySide6.QtWidgets import QApplication

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.valuesfile import parse_values
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.main_window import MainWindow

_ = (home, window)  # the window fixtures of gui_helpers

SLIPS = "（一）第一项。\n（2）第二项。\n（3）第三项。"


def _seed_like_draft() -> Path:
    """A 2014 draft with the example's figures and a section numbered （一）（2）（3）."""
    path = new_draft("gov-disclosure-2014", unit="自治区机关事务管理局", year="2018")
    form = get_form("gov-disclosure-2014")
    values = parse_values(form, example_document()["values"])
    with Draft.open(path, USER) as draft:
        draft.apply(values, {}, "cell")
    with Draft.open(path, USER) as draft:
        draft.apply_text({"disclosure": SLIPS}, "text")
    return path


def _texts(win: MainWindow) -> list[str]:
    model = win.problems.model
    return [str(model.index(r).data()) for r in range(model.rowCount())]


def test_the_text_warnings_are_listed_counted_shown_and_mended_in_one_step(
    qtbot: Any, window: MainWindow
) -> None:
    assert window.open_path(_seed_like_draft())
    # The draft is drawn first (checking a text compiles the form's phrase patterns, ≈ 0.1 s on
    # a slow machine): its text's warnings are listed and counted once it has been painted.
    assert _texts(window) == [] and "警告 0" in window.counts.text()
    assert window.problems.empty.text() == "正在检查报告正文…"  # not "no problems" yet
    qtbot.waitUntil(lambda: len(_texts(window)) == 2)
    wait_ready(qtbot, window)
    rows = _texts(window)
    assert rows == [
        "【警告】正文“二、信息公开情况”第2段：第2个小标题应为“（二）”，写成了“（2）”",
        "【警告】正文“二、信息公开情况”第3段：第3个小标题应为“（三）”，写成了“（3）”",
    ]
    assert "警告 2" in window.counts.text()  # as `check` counts them
    # Activating one shows its words in 报告正文, selected.
    model = window.problems.model
    window.problems._activated(model.index(1))
    view = window.report.view
    assert view is not None
    qtbot.waitUntil(view.isVisible)
    editor = view.blocks["disclosure"].editor
    assert editor is not None and editor.textCursor().selectedText() == "（3）"
    # 编辑 → 修正正文小标题编号: both mended in one undo step.
    window.report.act_mend.trigger()
    qtbot.waitUntil(lambda: _texts(window) == [])
    assert "警告 0" in window.counts.text()
    assert window.problems.empty.text() == "没有发现问题。"
    assert window.act_undo.isEnabled() and "修正小标题编号" in window.act_undo.text()
    window.act_undo.trigger()
    qtbot.waitUntil(lambda: len(_texts(window)) == 2)
    with Draft.open(window.doc.draft.path, "读者", readonly=True) as draft:  # type: ignore[union-attr]
        assert draft.texts["disclosure"] == SLIPS
    QApplication.processEvents()


def test_a_text_without_problems_ends_as_no_problems(qtbot: Any, window: MainWindow) -> None:
    """The panel says the text is being checked while its first check is put off, and then that
    there is no problem: it does not stay at “正在检查” when the check finds nothing."""
    path = new_draft("gov-disclosure-2014", unit="自治区机关事务管理局", year="2018")
    with Draft.open(path, USER) as draft:
        draft.apply_text({"disclosure": "（一）第一项。\n（二）第二项。"}, "text")
    assert window.open_path(path)
    assert window.problems.empty.text() == "正在检查报告正文…"
    qtbot.waitUntil(lambda: window.problems.empty.text() == "没有发现问题。")
    assert window.problems.empty.isVisibleTo(window.problems) and _texts(window) == []
    wait_ready(qtbot, window)


def test_the_text_is_checked_when_报告正文_is_chosen_before_the_table_was_drawn(
    qtbot: Any, window: MainWindow
) -> None:
    """报告正文 chosen at once (a click queued while the draft was opening): the table's page is
    hidden before it is ever painted, and the text's warnings come all the same."""
    assert window.open_path(_seed_like_draft())
    window.report.show_text()  # before any event: nothing of the draft has been painted yet
    qtbot.waitUntil(lambda: len(_texts(window)) == 2)
    assert "警告 2" in window.counts.text()


def test_an_edit_while_the_text_check_is_put_off_shows_the_text_s_problems(
    qtbot: Any, window: MainWindow
) -> None:
    """An edit ends the wait: the views refresh for it and list the text's problems with it; a
    text emptied meanwhile ends as 没有发现问题, not as 正在检查."""
    assert window.open_path(_seed_like_draft())
    doc = window.doc
    assert doc is not None and doc.text_check_pending
    from govreport_gui.core.ops import text_ops

    text_ops.set_section_text(doc, "disclosure", "")
    assert not doc.text_check_pending
    assert _texts(window) == [] and window.problems.empty.text() == "没有发现问题。"
    wait_ready(qtbot, window)
