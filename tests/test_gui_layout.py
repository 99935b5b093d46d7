"""What the window shows: tabs of the 2019/2021 forms, table 四, column widths, fonts, headers, screenshots."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    K,
    enter,
    example,
    home,
    new_draft,
    open_draft,
    press,
    select,
    wait_ready,
    window,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QWidget,
)

from govreport_gui.core.store import library
from govreport_gui.gui import fonts
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_multi_table_forms_show_tabs(qtbot: Any, window: MainWindow, form_id: str) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    page = window.page
    assert page is not None and page.tabs is not None
    names = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert names == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert page.tabs.currentIndex() == 0
    # selecting a cell on another tab shows that tab
    select(qtbot, window, "new.natural")
    assert page.tabs.currentIndex() == 1
    assert page.views["applications"].isVisible()
    select(qtbot, window, "cases.review_total")
    assert page.tabs.currentIndex() == 2


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_table_four_shows_its_row(qtbot: Any, window: MainWindow, form_id: str) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    view = select(qtbot, window, "cases.review_upheld")
    qtbot.wait(20)
    assert view.isVisible()
    assert view.viewport().height() >= view.rowHeight(0)


def test_table_four_has_no_empty_label_column(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    view = select(qtbot, window, "cases.review_upheld")
    assert view.isColumnHidden(0)
    assert view.currentIndex() == view.form_model.index_of("cases.review_upheld")
    assert not view.isColumnHidden(view.currentIndex().column())


def test_long_figures_and_column_titles_are_shown_whole(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    view = select(qtbot, window, "fees")
    enter(qtbot, "24252.311082")
    index = view.form_model.index_of("fees")
    shown = index.data(Qt.ItemDataRole.DisplayRole)
    assert shown.replace(",", "") == "24252.311082"
    width = view.columnWidth(index.column())
    assert width > view.fontMetrics().horizontalAdvance(shown)
    # 本年收费金额（单位：万元）fits in two lines of the header.
    title = view.form_model.table.columns[0].label
    assert "万元" in title
    half = title[: (len(title) + 1) // 2]
    assert width > view.horizontalHeader().fontMetrics().horizontalAdvance(half)
    # The user can still widen it.
    assert (
        view.horizontalHeader().sectionResizeMode(index.column())
        == QHeaderView.ResizeMode.Interactive
    )


def test_the_system_chinese_font_is_used_when_there_is_one(qapp: QApplication) -> None:
    if not fonts.system_has_chinese_font():
        pytest.skip("no Chinese system font on this machine")
    before = qapp.font()
    assert fonts.ensure_chinese_font(qapp) is None
    assert qapp.font() == before


def test_the_bundled_font_is_registered_without_a_system_chinese_font(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fonts.sys.platform in ("win32", "darwin"):
        pytest.skip("the system UI font is used as it is on Windows and macOS")
    monkeypatch.setattr(fonts, "system_has_chinese_font", lambda: False)
    before = qapp.font()
    try:
        family = fonts.ensure_chinese_font(qapp)
        assert family == "GovReport Serif SC"
        assert family in QFontDatabase.families()
        assert family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        assert family in qapp.font().families()
    finally:
        qapp.setFont(before)


def test_the_bundled_font_is_used_again_after_the_application_font_was_set_anew(
    qapp: QApplication,
) -> None:
    """Registered once, the bundled face is a Chinese family in Qt's database itself: asked again
    (the application font set anew meanwhile), the program must still add it, not conclude that
    the system has a Chinese font and leave every character a box."""
    if fonts.sys.platform in ("win32", "darwin") or fonts.system_has_chinese_font():
        pytest.skip("a system Chinese font is used on this machine")
    before = qapp.font()
    try:
        family = fonts.ensure_chinese_font(qapp)
        assert family == "GovReport Serif SC"
        plain = QFont(before)  # e.g. another window's set-up, or a test's clean-up
        plain.setFamilies([f for f in before.families() if f != family][:1] or ["Sans Serif"])
        qapp.setFont(plain)
        assert family not in qapp.font().families()
        assert fonts.ensure_chinese_font(qapp) == family
        assert family in qapp.font().families()
    finally:
        qapp.setFont(before)


def _shot(widget: QWidget, folder: Path, name: str) -> None:
    pixmap = widget.grab()
    assert not pixmap.isNull()
    assert pixmap.save(str(folder / name))


def test_screenshots(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    """Paint every screen (the grouped headers, hints and marks included).

    With GOVREPORT_SCREENSHOTS=DIR the pictures are kept there (docs/images/ holds the ones in the
    documentation).
    """
    folder = Path(os.environ.get("GOVREPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1180, 820)
    library.create_example()
    new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    new_draft("gov-disclosure-2019", "某某县人民政府", "2020")
    window.start.reload()
    qtbot.wait(50)
    _shot(window, folder, "start.png")

    window.start.list.setFocus()
    window.start.list.selectRow(window.start.model.rowCount() - 1)
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, window)
    qtbot.wait(50)
    _shot(window, folder, "example-2014.png")

    select(qtbot, window, "received")
    enter(qtbot, "4")
    select(qtbot, window, "closed")
    press(qtbot, K.Key_Delete)  # a blank total: "应为 3"
    select(qtbot, window, "answered_granted")
    qtbot.wait(50)
    _shot(window, folder, "errors-2014.png")

    path = new_draft("gov-disclosure-2021", "某某区人民政府", "2022")
    open_draft(qtbot, window, path)
    view = select(qtbot, window, "new.natural")
    view.paste("12\t3\t0\t1\t0\t0\t16\n2\t0\t0\t0\t0\t0\t2\n")
    select(qtbot, window, "granted.natural")
    qtbot.wait(50)
    _shot(window, folder, "form-2021.png")
    assert window.page is not None
    _shot(window.page.views["applications"].horizontalHeader(), folder, "header-2021-3.png")
    select(qtbot, window, "cases.review_upheld")
    qtbot.wait(50)
    _shot(window.page.views["appeals"], folder, "table-2021-4.png")


def test_grouped_header_spans(qtbot: Any, window: MainWindow) -> None:
    open_draft(qtbot, window, new_draft("gov-disclosure-2021"))
    assert window.page is not None
    header = window.page.views["applications"].horizontalHeader()
    assert header.levels == 3
    # 申请人情况 over all seven columns, 法人或其他组织 over the five in the middle
    assert header._spans(0) == [(1, 7, "申请人情况")]
    assert header._spans(1) == [(2, 6, "申请人情况\x00法人或其他组织")]
    appeals = window.page.views["appeals"].horizontalHeader()
    assert [s[2].split("\x00")[-1] for s in appeals._spans(0)] == ["行政复议", "行政诉讼"]
    assert [s[2].split("\x00")[-1] for s in appeals._spans(1)] == ["未经复议直接起诉", "复议后起诉"]
