"""填报说明: official help per row in the form files, and F1 / 帮助 → 本行填报说明 in the window.

Help is only what an official text says, with its source; a row without one shows that there is
none. The form files are checked as data (every entry has a source and names a real row), and the
window is driven as a user would: a cell selected, F1 pressed, the 说明 pane read.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tomllib
from pathlib import Path
from typing import Any

import gui_helpers
import pytest
from gui_helpers import USER
from menu_text import plain
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.desktop_habits import submenu_of
from govreport_gui.gui.help_pane import NO_OFFICIAL_TEXT
from govreport_gui.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent
FORM_FILES = sorted((REPO / "forms").glob("*.toml"))

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

home, window = gui_helpers.home, gui_helpers.window  # the shared window fixtures


# -- the form files --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_every_help_entry_has_a_source_and_names_an_existing_row(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    form = load_form(path)
    rows = {(t.id, r.id) for t in form.tables for r in t.rows}
    tables = {t.id for t in form.tables}
    assert len(form.help) == len(raw.get("help", []))  # none dropped on the way
    for entry in form.help:
        assert entry.text.strip(), entry
        assert entry.source.strip(), entry
        # a source names a document: 《…》 or a 文号 such as 国办公开办函〔2021〕30号
        assert "《" in entry.source or "〔" in entry.source, entry.source
        assert entry.table_id in tables
        if entry.row_id:
            assert (entry.table_id, entry.row_id) in rows


def test_the_national_forms_carry_the_official_notes_and_articles() -> None:
    form = get_form("gov-disclosure-2021")
    rows, table = form.help_for("applications", "partly_granted")
    assert [h.text for h in rows] == ["（区分处理的，只计这一情形，不计其他情形）"]
    assert "第一项加第二项之和，等于第三项加第四项之和" in table[0].text
    secret, _ = form.help_for("applications", "withheld_state_secret")
    assert "依法确定为国家秘密的政府信息" in secret[0].text
    assert secret[0].source.endswith("第十四条")
    _, item_one = form.help_for("proactive_1", "regulations")
    assert "（一）行政法规、规章和规范性文件" in item_one[0].text
    assert "第二十条第（一）项" in item_one[0].source
    # where no official text was found there is none: 结转下年度 has only its table's note
    rows, _ = form.help_for("applications", "carry_forward")
    assert rows == []


GRID = (REPO / "tests" / "forms" / "test-grid.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('row = "nowhere"\ntext = "说明"\nsource = "《某文件》第一条"', "不存在的行 “nowhere”"),
        ('table = "nowhere"\ntext = "说明"\nsource = "《某文件》"', "不存在的表格 “nowhere”"),
        ('row = "new"\ntext = "说明"', "缺少 source"),
        ('row = "new"\ntext = ""\nsource = "《某文件》"', "缺少 text"),
        ('text = "说明"\nsource = "《某文件》"', "应写明 row（行）或 table（表格）"),
    ],
)
def test_a_help_entry_without_source_or_row_refuses_the_file(entry: str, problem: str) -> None:
    text = f"{GRID}\n[[help]]\n{entry}\n"
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(text, "bad.toml")
    assert problem in caught.value.problem
    if "nowhere" in entry:  # the message points at the line
        assert caught.value.line == text.splitlines().index(entry.splitlines()[0]) + 1


def test_help_does_not_change_the_form_fingerprint() -> None:
    """Adding or correcting help must not make signed-off drafts look changed."""
    plain = parse_form(GRID, "grid.toml")
    helped = parse_form(f'{GRID}\n[[help]]\nrow = "new"\ntext = "说明"\nsource = "《某文件》"\n')
    assert helped.help and not plain.help
    assert helped.fingerprint == plain.fingerprint
    renamed = GRID.replace('label = "甲"', 'label = "甲类"', 1)
    assert renamed != GRID
    changed = parse_form(renamed)
    assert changed.fingerprint != plain.fingerprint  # the fingerprint still sees the form itself


# -- the window ------------------------------------------------------------------------------------


def open_form(qtbot: Any, win: MainWindow, form_id: str) -> None:
    form = get_form(form_id)
    path = library.new_draft_path(form, "测试单位", "2023")
    Draft.create(path, form, USER, fields={"unit": "测试单位", "year": "2023"}).close()
    assert win.open_path(path)
    assert win.page is not None
    view = win.page.first_view()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view and view.currentIndex().isValid())


def select(qtbot: Any, win: MainWindow, cell_id: str) -> None:
    assert win.page is not None and win.page.select_cell(cell_id)
    view = win.page.views[win.page.doc.form.cell(cell_id).table_id]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)


def press_f1(qtbot: Any) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_F1)


def pane_text(win: MainWindow) -> str:
    return win.row_help.pane.toPlainText()


def test_f1_on_a_cell_with_help_shows_its_text_and_source(qtbot: Any, window: MainWindow) -> None:
    open_form(qtbot, window, "gov-disclosure-2021")
    assert not window.row_help.dock.isVisible()
    select(qtbot, window, "withheld_state_secret.research")
    press_f1(qtbot)
    qtbot.waitUntil(window.row_help.dock.isVisible)
    text = pane_text(window)
    assert "1.属于国家秘密" in text
    assert "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息" in text
    assert "出处：《中华人民共和国政府信息公开条例》（2019年修订）第十四条" in text
    assert NO_OFFICIAL_TEXT not in text
    # the table's own note comes after the row's text
    assert text.index("本表说明") > text.index("第十四条")
    # the keyboard stays in the table: typing goes on into the cells
    assert QApplication.focusWidget() is window.page.views["applications"]  # type: ignore[union-attr]


def test_f1_also_works_while_a_figure_is_being_typed(qtbot: Any, window: MainWindow) -> None:
    open_form(qtbot, window, "gov-disclosure-2021")
    select(qtbot, window, "withheld_internal.natural")
    qtbot.keyClick(QApplication.focusWidget(), "3")  # opens the cell's editor
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "3"
    press_f1(qtbot)
    qtbot.waitUntil(lambda: "第十六条" in pane_text(window))
    assert QApplication.focusWidget() is editor and editor.text() == "3"  # typing goes on
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.doc is not None and window.doc.draft.values["withheld_internal.natural"] == 3


def test_f1_on_a_cell_without_help_says_there_is_no_official_text(
    qtbot: Any, window: MainWindow
) -> None:
    open_form(qtbot, window, "gov-disclosure-2021")
    select(qtbot, window, "cases.review_upheld")  # table 四: no official note at all
    press_f1(qtbot)
    qtbot.waitUntil(window.row_help.dock.isVisible)
    text = pane_text(window)
    assert NO_OFFICIAL_TEXT in text
    assert "出处" not in text  # nothing quoted, nothing invented


def test_the_pane_follows_the_current_cell_while_open(qtbot: Any, window: MainWindow) -> None:
    open_form(qtbot, window, "gov-disclosure-2021")
    select(qtbot, window, "withheld_third_party.natural")
    press_f1(qtbot)
    qtbot.waitUntil(lambda: "第十五条" in pane_text(window))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # 5.属于三类内部事务信息
    qtbot.waitUntil(lambda: "第十六条" in pane_text(window))
    assert "内部事务信息" in pane_text(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # 8.属于行政查询事项
    qtbot.waitUntil(lambda: NO_OFFICIAL_TEXT in pane_text(window))
    assert "8.属于行政查询事项" in pane_text(window)
    # closed, it no longer follows; F1 brings it back on the row now current
    window.row_help.dock.close()
    select(qtbot, window, "partly_granted.natural")
    assert "8.属于行政查询事项" in pane_text(window)
    press_f1(qtbot)
    qtbot.waitUntil(lambda: "区分处理的，只计这一情形" in pane_text(window))


def test_help_is_in_the_help_menu_for_the_mouse(qtbot: Any, window: MainWindow) -> None:
    menus = {a.text(): submenu_of(a) for a in window.menuBar().actions()}
    assert "帮助(&H)" in menus
    actions = {plain(a.text()): a for a in menus["帮助(&H)"].actions()}
    action = actions["本行填报说明"]
    assert action.shortcut().toString() == "F1"
    assert not action.isEnabled()  # nothing open: no row to explain
    open_form(qtbot, window, "gov-disclosure-2019")
    assert action.isEnabled()
    select(qtbot, window, "procurement.amount")
    action.trigger()
    qtbot.waitUntil(window.row_help.dock.isVisible)
    assert "（九）政府集中采购项目的目录、标准及实施情况" in pane_text(window)
    assert "第二十条第（九）项" in pane_text(window)
    window.close_draft()
    assert not window.row_help.dock.isVisible()
    assert not action.isEnabled()


def test_f1_on_the_2014_form_shows_the_counting_note(qtbot: Any, window: MainWindow) -> None:
    open_form(qtbot, window, "gov-disclosure-2014")
    select(qtbot, window, "proactive_info")
    press_f1(qtbot)
    qtbot.waitUntil(lambda: "不同渠道和方式公开相同信息计1条" in pane_text(window))
    assert "国办发〔2014〕32号）所附《政府信息公开情况统计表》" in pane_text(window)
