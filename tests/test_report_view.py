"""The 报告正文 view (issue 16): sections in order, typing saved after a pause, the document's undo,
locking, paste from Word, figures from the tables, the outline, the text checks' hook."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    CTRL,
    SHIFT,
    K,
    example,
    focused,
    home,
    new_draft,
    open_draft,
    press,
    type_text,
    window,
)
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtWidgets import QApplication, QLabel

from govreport_gui.core.ops import review_ops, text_ops
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import section_editor
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.report_view import ReportView
from govreport_gui.gui.section_editor import SectionEditor

_ = (home, window, example)  # the window fixtures of gui_helpers

SEED_TEXT = Path(__file__).resolve().parent.parent / "resources/examples/nxjgsw-2018-report.txt"


@pytest.fixture(autouse=True)
def _short_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pause in typing of 50 ms (the window's is 700 ms): the tests wait for it, not longer."""
    monkeypatch.setattr(section_editor, "SAVE_DELAY_MS", 50)


def text_view(qtbot: Any, win: MainWindow) -> ReportView:
    """Switch to 报告正文 as the user does (Ctrl+Shift+R) and return the view."""
    press(qtbot, K.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: win.report.view is not None and win.report.view.isVisible())
    assert win.report.view is not None
    return win.report.view


def editor(view: ReportView, section_id: str) -> SectionEditor:
    found = view.blocks[section_id].editor
    assert found is not None
    return found


def click_into(qtbot: Any, view: ReportView, section_id: str) -> SectionEditor:
    view.jump_to(section_id)
    edit = editor(view, section_id)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    return edit


def stored(path: Path, section_id: str) -> str:
    """The section's text in the file, read by another opener."""
    with Draft.open(path, "检查", readonly=True) as draft:
        return draft.texts.get(section_id, "")


# -- the view ------------------------------------------------------------------------------------


def test_the_view_shows_the_title_and_every_section_in_order(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.report.act_report.text().startswith("报告正文")
    assert example.report.act_report in example.menus["view"].actions()
    view = text_view(qtbot, example)
    assert example.page is not None and not example.page.isVisible()
    assert view.title.text() == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    assert view.section_ids() == [
        "preface",
        "summary",
        "disclosure",
        "shortcomings",
        "next_year",
        "attachment",
    ]
    # the heading with the year filled in, as printed; the outline lists them after the title
    assert view.blocks["next_year"].heading.text() == "四、2019年工作思路"
    outline = [view.outline.item(r).text() for r in range(view.outline.count())]
    assert outline[1:] == [
        "开头部分",
        "一、概述",
        "二、信息公开情况",
        "三、存在的问题与不足",
        "四、2019年工作思路",
        "附件：政府信息公开情况统计表",
    ]
    # the table section is a read-only rendering of the table, the text sections editors
    tables = view.blocks["attachment"].tables
    assert tables is not None and tables.isReadOnly() and view.blocks["attachment"].editor is None
    assert "370" in tables.toPlainText()
    # the guidance of a section, quoted with its source
    guidance = view.blocks["disclosure"].box.findChild(QLabel, "guidanceText")
    assert "行政机关主动公开政府信息的情况" in guidance.text() and "出处" in guidance.text()
    # back to the tables with the same key
    press(qtbot, K.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: example.page is not None and example.page.isVisible())
    assert not view.isVisible()


def test_typing_is_saved_after_a_pause_as_one_undo_step(qtbot: Any, example: MainWindow) -> None:
    view = text_view(qtbot, example)
    edit = click_into(qtbot, view, "summary")
    type_text(qtbot, "本年工作")
    qtbot.waitUntil(lambda: example.doc is not None and example.doc.draft.texts.get("summary"))
    qtbot.wait(80)
    type_text(qtbot, "顺利")  # a second pause, the same typing session
    path = example.doc.draft.path if example.doc else Path()
    qtbot.waitUntil(lambda: stored(path, "summary") == "本年工作顺利")
    qtbot.waitUntil(lambda: example.act_undo.isEnabled())
    assert example.act_undo.text().replace("(&U)", "") == "撤销 修改正文 一、概述"
    # the window's 撤销 (here from the menu) takes the whole session back, and the editor shows it
    example.act_undo.trigger()
    assert stored(path, "summary") == ""
    assert edit.stored_text() == ""
    example.act_redo.trigger()
    assert edit.stored_text() == "本年工作顺利"


def test_ctrl_z_in_the_editor_is_the_documents_undo(qtbot: Any, example: MainWindow) -> None:
    view = text_view(qtbot, example)
    edit = click_into(qtbot, view, "shortcomings")
    type_text(qtbot, "问题")
    # at once, before the pause is over: the pending text is saved, then undone
    press(qtbot, K.Key_Z, CTRL)
    assert example.doc is not None
    assert example.doc.draft.texts.get("shortcomings", "") == ""
    assert edit.stored_text() == ""
    assert focused() is edit
    press(qtbot, K.Key_Z, CTRL | SHIFT)
    assert edit.stored_text() == "问题"
    assert example.doc.draft.texts["shortcomings"] == "问题"


def test_closing_the_window_100_ms_after_typing_keeps_the_text(
    qtbot: Any, example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(section_editor, "SAVE_DELAY_MS", 700)  # the window's own pause
    view = text_view(qtbot, example)
    click_into(qtbot, view, "next_year")
    assert example.doc is not None
    path = example.doc.draft.path
    type_text(qtbot, "明年计划")
    qtbot.wait(100)
    assert stored(path, "next_year") == ""  # not saved yet: the pause is not over
    example.close()
    assert stored(path, "next_year") == "明年计划"


def test_switching_back_to_the_tables_saves_at_once(
    qtbot: Any, example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(section_editor, "SAVE_DELAY_MS", 60_000)
    view = text_view(qtbot, example)
    click_into(qtbot, view, "summary")
    type_text(qtbot, "概述")
    press(qtbot, K.Key_R, CTRL | SHIFT)
    assert example.doc is not None and example.doc.draft.texts["summary"] == "概述"


def test_the_text_is_locked_after_submission_and_in_review_mode(
    qtbot: Any, example: MainWindow
) -> None:
    view = text_view(qtbot, example)
    edit = editor(view, "summary")
    assert not edit.isReadOnly() and not view.lock_note.isVisible()
    assert example.doc is not None
    review_ops.submit(example.doc)
    assert edit.isReadOnly()
    assert view.lock_note.isVisible() and "已提交审核" in view.lock_note.text()
    assert not example.report.act_figure.isEnabled()
    # 退回 is the reviewer's, as in 审核模式 (tests/test_gui_roles.py).
    example.doc.draft.user = "沈涛"
    review_ops.return_to_filler(example.doc, "请补充正文")
    assert not edit.isReadOnly() and not view.lock_note.isVisible()
    example.doc.set_review_mode(True)
    assert edit.isReadOnly() and "审核模式" in view.lock_note.text()


# -- paste ---------------------------------------------------------------------------------------

WORD_HTML = (
    "<html><body><!--StartFragment-->"
    "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312;"
    "font-size:16.0pt'>\u3000\u3000一、总体情况\u200b</span></p>\r\n"
    "<p class=MsoNormal><span lang=EN-US style='font-size:16.0pt'>2021</span>"
    "<span style='font-family:仿宋'>年，本机关<b>认真</b>贯彻落实《条例》。</span></p>"
    "<!--EndFragment--></body></html>"
)


def test_paste_from_word_keeps_paragraphs_and_drops_formatting(
    qtbot: Any, example: MainWindow
) -> None:
    view = text_view(qtbot, example)
    edit = click_into(qtbot, view, "summary")
    html_only = QMimeData()
    html_only.setHtml(WORD_HTML)
    edit.insertFromMimeData(html_only)
    assert edit.stored_text() == "一、总体情况\n2021年，本机关认真贯彻落实《条例》。"
    edit.clear()
    plain = QMimeData()
    plain.setText("第一段\r\n\r\n\t第二段\u00ad文字\r\n第三段\x07")
    plain.setHtml("<p><b>ignored</b></p>")  # text/plain wins when it is offered
    edit.insertFromMimeData(plain)
    assert edit.stored_text() == "第一段\n第二段文字\n第三段"
    assert example.doc is not None
    qtbot.waitUntil(
        lambda: (
            example.doc is not None
            and example.doc.draft.texts.get("summary") == "第一段\n第二段文字\n第三段"
        )
    )


# -- figures ------------------------------------------------------------------------------------


def test_an_inserted_figure_shows_the_number_and_follows_the_cell(
    qtbot: Any, example: MainWindow
) -> None:
    view = text_view(qtbot, example)
    edit = click_into(qtbot, view, "disclosure")
    type_text(qtbot, "通过网站发布")
    assert view.insert_figure(pick=lambda: "website")
    type_text(qtbot, "条")
    assert edit.shown_text() == "通过网站发布330条"
    assert example.doc is not None
    qtbot.waitUntil(
        lambda: (
            example.doc is not None
            and example.doc.draft.texts.get("disclosure") == "通过网站发布{{website}}条"
        )
    )
    example.doc.edit({"website": 331})  # the cell changed (typed in the table, an import…)
    assert edit.shown_text() == "通过网站发布331条"
    assert example.doc.draft.texts["disclosure"] == "通过网站发布{{website}}条"
    # the attached table, read-only in the text, shows the new number too
    tables = view.blocks["attachment"].tables
    assert tables is not None and "331" in tables.toPlainText()
    # one character: Backspace takes the whole figure, never half of it
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    press(qtbot, K.Key_Backspace)
    press(qtbot, K.Key_Backspace)
    assert edit.stored_text() == "通过网站发布"


def test_the_figure_picker_filters_by_name_and_enter_inserts(
    qtbot: Any, example: MainWindow
) -> None:
    from govreport_gui.gui.figure_picker import FigurePicker

    assert example.doc is not None
    picker = FigurePicker(example.doc, example)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search, "website")
    visible = [
        picker.list.item(r)
        for r in range(picker.list.count())
        if not picker.list.item(r).isHidden()
    ]
    assert [i.data(Qt.ItemDataRole.UserRole) for i in visible] == ["website"]
    qtbot.keyClick(picker.search, K.Key_Return)
    assert picker.chosen == "website"


def test_figures_copied_between_sections_stay_figures(qtbot: Any, example: MainWindow) -> None:
    view = text_view(qtbot, example)
    first = editor(view, "summary")
    first.set_stored_text("共{{received}}件")
    first.selectAll()
    data = first.createMimeDataFromSelection()
    assert data.text() == "共3件"  # other programs get the number
    second = editor(view, "shortcomings")
    second.insertFromMimeData(data)
    assert second.stored_text() == "共{{received}}件"


# -- moving around, problems, comments ----------------------------------------------------------


def test_the_outline_jumps_and_follows_the_scrolling(qtbot: Any, example: MainWindow) -> None:
    assert example.doc is not None
    text_ops.set_section_text(example.doc, "summary", "\n".join(["一段文字。"] * 40))
    view = text_view(qtbot, example)
    row = next(
        r
        for r in range(view.outline.count())
        if view.outline.item(r).text() == "三、存在的问题与不足"
    )
    item = view.outline.item(row)
    qtbot.mouseClick(
        view.outline.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.outline.visualItemRect(item).center(),
    )
    assert view.current_section() == "shortcomings"
    assert focused() is editor(view, "shortcomings")
    view.area.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: view.outline.currentRow() in (0, 1))
    view.jump_to("summary", focus=False)
    view.area.verticalScrollBar().setValue(view.area.verticalScrollBar().value() + 200)
    assert view.outline.currentItem().text() == "一、概述"  # still inside the long section
    # F6 / Shift+F6: the next and previous section
    editor(view, "summary").setFocus()
    qtbot.waitUntil(lambda: focused() is editor(view, "summary"))
    press(qtbot, K.Key_F6)
    assert focused() is editor(view, "disclosure")
    press(qtbot, K.Key_F6, SHIFT)
    assert focused() is editor(view, "summary")


def test_a_problem_in_the_text_is_underlined_and_shown(qtbot: Any, example: MainWindow) -> None:
    assert example.doc is not None
    text_ops.set_section_text(
        example.doc, "summary", "第一段。\n\n共收到申请{{received}}件，办结65件。"
    )
    view = text_view(qtbot, example)
    edit = editor(view, "summary")
    # a fake check's finding: paragraph 2 (of the non-empty ones), "65件" in the stored text
    paragraph = "共收到申请{{received}}件，办结65件。"
    start = paragraph.index("65")
    assert example.report.show_text_problem("summary", 2, start, start + 3)
    cursor = edit.textCursor()
    assert cursor.selectedText() == "65件"
    assert view.problem_marks("summary") == [(cursor.selectionStart(), cursor.selectionEnd())]
    assert focused() is edit
    assert not view.show_text_problem("summary", 9, 0, 1)  # no such paragraph any more


def test_comment_on_a_paragraph_only_in_review_mode(qtbot: Any, example: MainWindow) -> None:
    assert example.doc is not None
    text_ops.set_section_text(example.doc, "summary", "第一段。\n第二段。")
    view = text_view(qtbot, example)
    edit = editor(view, "summary")
    second = edit.document().findBlockByNumber(1)
    pos = QPointF(edit.cursorRect(_cursor_at(edit, second.position())).center())
    assert view.paragraph_at(edit, pos) == 2
    menu = view.editor_menu(edit, pos)
    action = next(a for a in menu.actions() if a.objectName() == "commentParagraph")
    assert not action.isEnabled()  # a filler does not comment on their own text
    assert not any(a.objectName() in ("edit-undo", "edit-redo") for a in menu.actions())
    menu.deleteLater()
    example.doc.set_review_mode(True)
    menu = view.editor_menu(edit, pos)
    action = next(a for a in menu.actions() if a.objectName() == "commentParagraph")
    assert action.isEnabled()
    menu.deleteLater()


def test_the_2021_form_shows_its_six_sections_and_fits_1024x600(
    qtbot: Any, window: MainWindow
) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2021"))
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024)
    view = text_view(qtbot, window)
    headings = [view.blocks[i].heading.text() for i in view.section_ids() if i != "preface"]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    qtbot.wait(10)
    # nothing wider than the view: the text and the tables wrap, only the view scrolls down
    inner = view.area.widget()
    assert inner is not None
    assert inner.width() <= view.area.viewport().width()
    for block in view.blocks.values():
        shown = block.editor or block.tables
        assert shown is not None and shown.width() <= view.area.viewport().width()
    assert view.area.verticalScrollBar().maximum() > 0
    # the tables of 三 (grouped headers, spans) follow a changed cell in the right place
    from govreport_gui.gui.report_tables import tables_html

    assert window.doc is not None
    window.doc.edit({"new.natural": 7, "regulations.in_force": 5, "fees": Decimal("1.5")})
    for block in view.blocks.values():
        if block.tables is not None:
            fresh = type(block.tables)()
            fresh.setHtml(tables_html(window.doc.form, block.table_ids, window.doc.draft.values))
            assert block.tables.toPlainText() == fresh.toPlainText()


def _cursor_at(edit: SectionEditor, position: int) -> Any:
    cursor = edit.textCursor()
    cursor.setPosition(position)
    return cursor


def test_a_reviewers_comment_on_a_paragraph_marks_it_and_leads_back_to_it(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.doc is not None
    text_ops.set_section_text(example.doc, "summary", "第一段。\n\n第二段。")
    view = text_view(qtbot, example)
    edit = editor(view, "summary")
    assert edit.property("commentMarks") == 0
    example.doc.set_review_mode(True)
    assert view.comment_paragraph("summary", 2, ask=lambda: "请写明具体数字")
    from govreport_gui.core.ops import review

    (comment,) = review.comments(example.doc.draft)
    assert comment.cell == "text:summary:2" and comment.text == "请写明具体数字"
    assert edit.property("commentMarks") == 1
    # chosen in the 审核意见 pane: the paragraph in the text, the cursor at its start
    press(qtbot, K.Key_R, CTRL | SHIFT)  # back to the tables first
    qtbot.waitUntil(lambda: not view.isVisible())
    example.select_cell(comment.cell)
    assert view.isVisible()
    assert edit.textCursor().block().text() == "第二段。"


def test_the_table_in_the_text_is_the_printed_table_and_follows_every_cell(
    qtbot: Any, example: MainWindow
) -> None:
    from govreport_gui.core.layout.grid import display_value
    from govreport_gui.gui.report_tables import tables_html

    view = text_view(qtbot, example)
    assert example.doc is not None
    doc = example.doc
    doc.edit({"website": 331, "received": 12, "other_channel": None})
    tables = view.blocks["attachment"].tables
    assert tables is not None
    # what the view shows after the changes is what a fresh rendering of the table shows
    fresh = type(tables)()
    fresh.setHtml(tables_html(doc.form, ("main",), doc.draft.values))
    assert tables.toPlainText() == fresh.toPlainText()
    assert display_value(doc.value("website")) in tables.toPlainText()


def test_cells_changed_on_the_tables_tab_are_shown_when_the_text_is_shown_again(
    qtbot: Any, example: MainWindow
) -> None:
    assert example.doc is not None
    text_ops.set_section_text(example.doc, "summary", "网站发布{{website}}条")
    view = text_view(qtbot, example)
    press(qtbot, K.Key_R, CTRL | SHIFT)  # filling in the tables
    qtbot.waitUntil(lambda: not view.isVisible())
    example.doc.edit({"website": 512})
    example.doc.edit({"received": 9})
    view = text_view(qtbot, example)
    assert editor(view, "summary").shown_text() == "网站发布512条"
    tables = view.blocks["attachment"].tables
    assert tables is not None and "512" in tables.toPlainText()


def test_the_2014_sections_are_renamed_added_removed_and_moved_from_the_view(
    qtbot: Any, example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.gui.section_menu import section_menu

    view = text_view(qtbot, example)
    assert example.doc is not None
    headings = iter(["一、工作概述", "五、其他事项"])
    monkeypatch.setattr(ReportView, "ask_heading", lambda self, title, default: next(headings))
    monkeypatch.setattr(ReportView, "confirm", lambda self, title, text, yes: True)

    def choose(section_id: str, name: str) -> None:
        current = example.report.view or view
        menu = section_menu(current, section_id, current)
        action = next(a for a in menu.actions() if a.objectName() == name)
        assert action.isEnabled(), name
        action.trigger()
        menu.deleteLater()

    choose("summary", "renameSection")
    view = example.report.view
    assert view is not None
    assert view.blocks["summary"].heading.text() == "一、工作概述"
    choose("next_year", "addSection")
    view = example.report.view
    assert view is not None
    added = view.section_ids()[5]
    assert view.blocks[added].heading.text() == "五、其他事项"
    assert view.section_ids()[-1] == "attachment"  # the table stays the attachment
    text_ops.set_section_text(example.doc, added, "其他")
    choose(added, "removeSection")  # with text: asked, then removed
    view = example.report.view
    assert view is not None and added not in view.section_ids()
    choose("shortcomings", "moveSectionUp")
    view = example.report.view
    assert view is not None
    assert view.section_ids()[:4] == ["preface", "summary", "shortcomings", "disclosure"]
    # the table section and the preface keep their place and name
    menu = section_menu(view, "attachment", view)
    names = {a.objectName(): a.isEnabled() for a in menu.actions() if a.objectName()}
    assert not names["renameSection"] and not names["removeSection"]
    menu.deleteLater()
    # each change is one undo step
    qtbot.waitUntil(lambda: "移动章节" in example.act_undo.text())
    example.act_undo.trigger()
    view = example.report.view
    assert view is not None
    assert view.section_ids()[:4] == ["preface", "summary", "disclosure", "shortcomings"]


def test_the_2021_sections_are_fixed(qtbot: Any, window: MainWindow) -> None:
    from govreport_gui.gui.section_menu import section_menu

    open_draft(qtbot, window, new_draft("gov-disclosure-2021", year="2021"))
    view = text_view(qtbot, window)
    menu = section_menu(view, "general", view)
    assert not any(a.isEnabled() for a in menu.actions() if a.objectName())
    menu.deleteLater()
