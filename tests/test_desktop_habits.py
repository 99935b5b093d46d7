"""Desktop habits: unique shortcuts, Ctrl+S, mnemonics on every menu item, the start screen's
focus after closing a draft, and the test set-up that fails a test on any Qt warning."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox
from test_export import example, make_draft

from govreport_gui.core.ops import review
from govreport_gui.core.store import settings
from govreport_gui.gui.desktop_habits import SAVED_MESSAGE, add_mnemonics, mnemonic_of, submenu_of
from govreport_gui.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parent.parent
USER = "董晓东"


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    settings.save_settings(settings.Settings(user_name=USER, user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win


def open_example(qtbot: Any, win: MainWindow, tmp_path: Path, sign: bool = False) -> None:
    doc = example()
    path = make_draft(tmp_path / "example.nianbao", doc.form, doc.fields, doc.values, sign=sign)
    assert win.open_path(path)
    page = win.page
    assert page is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.first_view())


def all_actions(win: MainWindow) -> set[QAction]:
    """Every action of the window: its own, its menus', its toolbars', its children's."""
    actions = set(win.findChildren(QAction)) | set(win.actions())
    for menu in win.menuBar().findChildren(QMenu):
        actions |= set(menu.actions())
    actions |= set(win.toolbar.actions())
    return actions


def shared_shortcuts(win: MainWindow) -> dict[str, list[str]]:
    """Key sequences bound to more than one enabled window-wide action or shortcut."""
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    bound: dict[str, list[str]] = {}
    for action in all_actions(win):
        if action.isEnabled() and action.shortcutContext() in window_wide:
            for key in action.shortcuts():
                if not key.isEmpty():
                    name = key.toString(QKeySequence.SequenceFormat.PortableText)
                    bound.setdefault(name, []).append(action.text() or action.objectName())
    for shortcut in win.findChildren(QShortcut):
        if shortcut.isEnabled() and shortcut.context() in window_wide:
            for key in shortcut.keys():  # noqa: SIM118 - QShortcut.keys(), not a dict
                if not key.isEmpty():
                    name = key.toString(QKeySequence.SequenceFormat.PortableText)
                    bound.setdefault(name, []).append(shortcut.objectName() or "QShortcut")
    return {key: names for key, names in bound.items() if len(names) > 1}


def test_no_two_enabled_actions_share_a_shortcut(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    assert shared_shortcuts(window) == {}  # the start screen
    open_example(qtbot, window, tmp_path)
    assert window.doc is not None
    assert shared_shortcuts(window) == {}  # 填报
    window.review.enter_review_mode("审核人")  # Ctrl+R asks for this name
    assert window.review.in_review_mode
    assert shared_shortcuts(window) == {}  # 审核模式
    window.review.leave_review_mode()
    assert not window.review.in_review_mode
    review.submit(window.doc.draft)
    window.review.update()
    window._update_actions()
    assert shared_shortcuts(window) == {}  # 待审核
    # The check sees a clash when there is one (as Ctrl+Shift+S was: 另存为 and 提交审核).
    clash = QAction("测试", window)
    clash.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    window.addAction(clash)
    assert list(shared_shortcuts(window)) == [
        QKeySequence(QKeySequence.StandardKey.Print).toString(
            QKeySequence.SequenceFormat.PortableText
        )
    ]


def test_ctrl_s_says_that_drafts_save_themselves(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    open_example(qtbot, window, tmp_path)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == SAVED_MESSAGE
    assert not [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert QApplication.activeModalWidget() is None


def menu_texts(win: MainWindow) -> dict[str, list[str]]:
    menus: dict[str, list[str]] = {}
    for top in win.menuBar().actions():
        menu = submenu_of(top)
        assert isinstance(menu, QMenu)
        menus[top.text()] = [a.text() for a in menu.actions() if not a.isSeparator()]
    return menus


def test_every_menu_and_menu_item_has_a_mnemonic_unique_in_its_menu(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    for state in ("start", "open", "edited"):
        if state == "open":
            open_example(qtbot, window, tmp_path)
        elif state == "edited":
            assert window.doc is not None
            window.doc.edit(fields={"phone": "0951-1234567"}, description="修改联系电话")
            window._update_actions()
            assert window.act_undo.text().startswith("撤销 修改联系电话")
        menus = menu_texts(window)
        tops = [mnemonic_of(t) for t in menus]
        assert None not in tops and len(set(tops)) == len(tops), menus.keys()
        for title, items in menus.items():
            keys = [mnemonic_of(t) for t in items]
            missing = [t for t, k in zip(items, keys, strict=True) if k is None]
            assert not missing, f"{title}: {missing}"
            assert len(set(keys)) == len(keys), f"{title}: {items}"
    # The toolbar keeps the plain names.
    assert window.toolbar.widgetForAction(window.act_new).text() == "新建"


def test_after_closing_a_draft_the_recent_list_has_the_focus(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    open_example(qtbot, window, tmp_path)
    window.act_close.trigger()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.start.list)
    # Enter opens the draft just closed (the first of the recent list).
    qtbot.keyClick(window.start.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.doc is not None and window.doc.draft.path.name == "example.nianbao"


def test_a_qt_warning_fails_a_test(tmp_path: Path) -> None:
    """pytest is set up (qt_log_level_fail) so that a Qt warning fails the test that caused it."""
    (tmp_path / "test_warns.py").write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import qWarning

            def test_quiet(qtbot):
                pass

            def test_warns(qtbot):
                qWarning("something is wrong")
            """
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(REPO / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_warns.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 1, out.stdout + out.stderr
    assert "1 failed, 1 passed" in out.stdout
    assert "something is wrong" in out.stdout


@pytest.mark.parametrize("how", ["loop", "no-loop"])
def test_the_window_closes_without_a_traceback(tmp_path: Path, how: str) -> None:
    """Start on the example, then end the program with the window still open, with and without
    its event loop (a logout; a script or the start-up benchmark) after F1 opened the help pane:
    nothing is printed on the way out (the menus' watcher once ran on menus already deleted while
    the program shut down)."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from govreport_gui.gui import app\n"
        "qa, window = app.start(['--example'])\n"
        "while window.page is None:  # the example opens once the window's frame is painted\n"
        "    qa.processEvents()\n"
        "window.select_cell('proactive_info')\n"
        "window.row_help.show_help()  # F1: the help pane docks beside the table\n"
        "for _ in range(50):\n"
        "    qa.processEvents()\n"
        "if sys.argv[1] == 'loop':\n"
        "    QTimer.singleShot(300, qa.quit)\n"
        "    sys.exit(qa.exec())\n"
    )
    env = dict(
        os.environ,
        GOVREPORT_HOME=str(tmp_path / "home"),
        GOVREPORT_USER="董晓东",
        QT_QPA_PLATFORM="offscreen",
    )
    run = subprocess.run(
        [sys.executable, "-c", script, how], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert "Error calling Python override" not in run.stderr


def test_pressing_ctrl_shift_s_saves_a_copy_and_f9_submits(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys themselves, pressed in a cell as a clerk does (not only the bindings): each one
    reaches its action, which an ambiguous shortcut would not."""
    from govreport_gui.core.store.draft import SUBMITTED, Draft
    from govreport_gui.gui import file_dialogs

    open_example(qtbot, window, tmp_path)
    asked: list[str] = []
    copy = tmp_path / "副本.nianbao"

    def save_file(parent: Any, title: str, proposed: Any, filters: str) -> Path:
        asked.append(title)
        return copy

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, shift_ctrl)
    assert asked == ["另存为"]
    qtbot.waitUntil(copy.is_file)
    Draft.open(copy, USER).close()  # a draft, readable

    confirmed: list[str] = []

    def confirm(title: str, text: str, ok: str) -> bool:
        confirmed.append(title)
        return True

    monkeypatch.setattr(window, "confirm", confirm)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F9)
    assert confirmed == ["提交审核"]
    assert window.doc is not None and window.doc.draft.status == SUBMITTED


def test_a_menu_found_from_its_action_outlives_the_action(qtbot: Any) -> None:
    # PySide6 6.9's QAction.menu() deleted the menu once the action's Python object was gone: the
    # window lost every menu as soon as the menus were given their access keys.
    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().addMenu("文件")
    file_menu.addAction("新建…")
    recent = file_menu.addMenu("最近打开")

    def menus_of_the_items() -> list[QMenu | None]:
        return [submenu_of(a) for a in window.menuBar().actions() + file_menu.actions()]

    assert menus_of_the_items() == [file_menu, None, recent]
    assert menus_of_the_items() == [file_menu, None, recent]
    add_mnemonics(window.menuBar())
    assert (file_menu.title(), recent.title()) == ("文件(&A)", "最近打开(&A)")
