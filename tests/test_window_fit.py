"""The window on small and scaled screens: it fits the screen, remembers its place, and at
1024×600 everything stays reachable (toolbar, headers broken between words)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent
USER = "董晓东"


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("GOVREPORT_HOME", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    settings.save_settings(settings.Settings(user_name=USER, user_name_confirmed=True))
    return folder


def new_2021_draft() -> Path:
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "宿州市埇桥区人民政府办公室", "2024")
    fields = {"unit": "宿州市埇桥区人民政府办公室", "year": "2024"}
    Draft.create(path, form, USER, fields=fields).close()
    return path


def open_window(qtbot: Any) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect.topLeft()) and area.contains(rect.bottomRight())


# -- the first window on a 1920×1080 laptop at 150 % (1280×720 logical) -------------------------

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from govreport_gui.core.store import library, settings
    from govreport_gui.core.store.draft import Draft
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.gui.main_window import MainWindow

    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "某某局", "2024")
    Draft.create(path, form, "董晓东", fields={"unit": "某某局", "year": "2024"}).close()
    win = MainWindow()
    win.show()
    win.open_path(path)
    for _ in range(30):
        app.processEvents()

    def on_screen(widget):
        top_left = widget.mapToGlobal(QPoint(0, 0))
        return [top_left.x(), top_left.y(), widget.width(), widget.height(), widget.isVisible()]

    print(json.dumps({
        "screen": win.screen().availableGeometry().getRect(),
        "frame": win.frameGeometry().getRect(),
        "status": on_screen(win.statusBar()),
        "footer": [on_screen(e) for k, e in win.page.field_edits.items() if k not in ("unit", "year")],
    }))
    win.close()
    """
)


def test_first_window_fits_a_scaled_laptop_screen(tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": "1.5",
        "GOVREPORT_HOME": str(tmp_path / "home"),
        "HOME": str(tmp_path / "user"),
        "PYTHONPATH": str(REPO),
    }
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    area = QRect(*result["screen"])
    assert area.size().width() <= 1280 and area.size().height() <= 720  # the scale took effect
    assert inside(QRect(*result["frame"]), area)
    for x, y, w, h, visible in [result["status"], *result["footer"]]:
        assert visible and inside(QRect(x, y, w, h), area)
    assert len(result["footer"]) == 5  # 单位负责人 … 填报日期


# -- remembered geometry ---------------------------------------------------------------------------


def test_size_and_place_are_remembered(qtbot: Any, home: Path) -> None:
    first = open_window(qtbot)
    area = first.screen().availableGeometry()
    first.resize(area.width() - 100, area.height() - 120)
    first.move(area.x() + 30, area.y() + 40)
    qtbot.waitUntil(lambda: first.width() == area.width() - 100)
    first.close()
    again = open_window(qtbot)
    assert again.size() == first.size()
    assert again.frameGeometry().topLeft() == first.frameGeometry().topLeft()


def test_a_remembered_geometry_larger_than_the_screen_is_fitted(qtbot: Any, home: Path) -> None:
    first = open_window(qtbot)
    area = first.screen().availableGeometry()
    first.setGeometry(area.x() - 200, area.y() - 100, area.width() + 900, area.height() + 700)
    first.close()
    assert settings.load_settings().window_geometry  # saved as it was: too large
    again = open_window(qtbot)
    qtbot.waitUntil(lambda: inside(again.frameGeometry(), area))


def test_settings_without_a_geometry_still_load(qtbot: Any, home: Path) -> None:
    path = settings.config_dir() / "settings.json"
    path.write_text(json.dumps({"user_name": USER, "user_name_confirmed": True, "recent": []}))
    assert settings.load_settings().window_geometry == ""
    win = open_window(qtbot)
    qtbot.waitUntil(lambda: inside(win.frameGeometry(), win.screen().availableGeometry()))
    assert win.user == USER


# -- 1024×600 ----------------------------------------------------------------------------------------

# Words of table 四's headers that a line break must not cut.
WORDS = ("维持", "纠正", "结果", "审结", "总计", "其他", "尚未", "复议", "起诉")


def signed_2021_draft(tmp_path: Path) -> Path:
    from test_export import consistent_values, fields_for, make_draft

    form = get_form("gov-disclosure-2021")
    return make_draft(
        tmp_path / "signed.nianbao", form, fields_for("2021"), consistent_values(form)
    )


def toolbar_hidden_actions(win: MainWindow) -> list[str]:
    from PySide6.QtWidgets import QToolButton

    extension = [
        b
        for b in win.toolbar.findChildren(QToolButton)
        if b.objectName() == "qt_toolbar_ext_button"
    ]
    assert not any(b.isVisible() for b in extension), "the toolbar's » button is shown"
    return [
        a.text() or a.objectName()
        for a in win.toolbar.actions()
        if a.isVisible() and not a.isSeparator() and not win.toolbar.widgetForAction(a).isVisible()
    ]


def test_at_1024_by_600_every_toolbar_action_is_visible(
    qtbot: Any, home: Path, tmp_path: Path
) -> None:
    win = open_window(qtbot)
    win.resize(1024, 600)
    assert win.open_path(signed_2021_draft(tmp_path))  # the longest status: 已签发（…，指纹 …）
    qtbot.waitUntil(lambda: win.width() == 1024)
    qtbot.wait(50)
    assert toolbar_hidden_actions(win) == []
    assert win.toolbar.widgetForAction(win.review.act_submit).isVisible()
    assert win.toolbar.widgetForAction(win.review.act_signoff).isVisible()


def test_at_1024_by_600_the_reviewer_reaches_sign_off_in_review_mode(
    qtbot: Any, home: Path, tmp_path: Path
) -> None:
    """审核模式 changes the toolbar (退出审核模式 with the reviewer's name, 签发 enabled): at
    1024×600 签发 must still be on the toolbar, not behind its » button."""
    from test_export import consistent_values, fields_for

    from govreport_gui.core.ops import review

    form = get_form("gov-disclosure-2021")
    path = tmp_path / "待审核.nianbao"
    draft = Draft.create(path, form, "董晓东", fields_for("2021"), consistent_values(form))
    review.submit(draft)
    draft.close()
    win = open_window(qtbot)
    win.resize(1024, 600)
    assert win.open_path(path)
    qtbot.waitUntil(lambda: win.width() == 1024)
    win.review.enter_review_mode("欧阳晓东某某某")  # a long name on the mode button
    qtbot.wait(50)
    assert win.review.in_review_mode
    assert toolbar_hidden_actions(win) == []
    signoff = win.toolbar.widgetForAction(win.review.act_signoff)
    assert signoff.isVisible() and signoff.isEnabled()
    assert signoff.geometry().right() <= win.toolbar.width()


def test_at_1024_the_problems_pane_collapses_to_a_status_bar_button(qtbot: Any, home: Path) -> None:
    win = open_window(qtbot)
    win.resize(1024, 600)
    assert win.open_path(new_2021_draft())
    button = win.compact.button
    qtbot.waitUntil(button.isVisible)
    assert not win.dock.isVisible() and not win.comments_dock.isVisible()
    button.click()
    qtbot.waitUntil(win.dock.isVisible)
    button.click()
    qtbot.waitUntil(lambda: not win.dock.isVisible())
    win.resize(1280, 720)  # wide again: the pane is back, the button gone
    qtbot.waitUntil(win.dock.isVisible)
    assert not button.isVisible()
    win.resize(1024, 600)
    qtbot.waitUntil(lambda: not win.dock.isVisible())
    win.close_draft()
    assert not button.isVisible()


@pytest.fixture()
def chinese_font() -> Iterator[None]:
    """The font the program uses where the system has no Chinese font (as here): without it
    every Chinese character is a narrow box and no title needs a second line."""
    from PySide6.QtWidgets import QApplication

    from govreport_gui.gui.fonts import ensure_chinese_font

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QApplication.font()
    ensure_chinese_font(app)
    yield
    QApplication.setFont(before)


@pytest.mark.usefixtures("chinese_font")
def test_table_four_headers_break_between_words_only(qtbot: Any, home: Path) -> None:
    win = open_window(qtbot)
    win.resize(1024, 600)
    assert win.open_path(new_2021_draft())
    page = win.page
    assert page is not None and page.tabs is not None
    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # 四、行政复议、行政诉讼
    # With the problems pane opened the table is at its narrowest: its titles take two lines.
    qtbot.waitUntil(win.compact.button.isVisible)
    win.compact.button.click()
    qtbot.waitUntil(win.dock.isVisible)
    view = page.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: view.isVisible())
    header = view.horizontalHeader()
    header.grab()  # paint it as the user sees it
    painted = header.painted  # type: ignore[attr-defined]
    metrics = header.fontMetrics()
    assert any(len(lines) > 1 for lines, _width in painted), "no title needed a second line"
    for lines, width in painted:
        if not "".join(lines):
            continue  # the hidden first section
        # Each line fits its column: Qt does not break it again (anywhere, 结果维 / 持).
        assert all(metrics.horizontalAdvance(line) <= width for line in lines), lines
        for before, after in itertools.pairwise(lines):
            for word in WORDS:
                assert not (before.endswith(word[0]) and after.startswith(word[1])), (
                    f"{before} / {after} cuts {word}"
                )


def test_a_pane_folded_away_when_the_window_closed_is_back_when_it_is_wide(
    qtbot: Any, home: Path
) -> None:
    path = new_2021_draft()
    narrow = open_window(qtbot)
    narrow.resize(1024, 600)
    assert narrow.open_path(path)
    qtbot.waitUntil(lambda: not narrow.dock.isVisible())
    narrow.close()  # remembers the window state with the pane folded away
    wide = open_window(qtbot)
    wide.resize(1280, 720)
    qtbot.waitUntil(lambda: wide.width() == 1280)
    assert wide.open_path(path)
    qtbot.waitUntil(wide.dock.isVisible)
    assert not wide.compact.button.isVisible()
