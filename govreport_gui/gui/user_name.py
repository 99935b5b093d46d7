"""The user's name: asked at first start, changed later (设置 → 您的姓名…), or given by the
environment (``GOVREPORT_USER``, then never asked: packaged and scripted starts rely on it).

Every change, comment, 退回 and sign-off is recorded with this name, so the question says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from govreport_gui.core.store import settings
from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    # Imported where the question is asked: every start imports this module for the name, and
    # a named user (GOVREPORT_USER, or asked once before) never sees the dialog, whose classes'
    # enums PySide would make at import (issue 14).
    from PySide6.QtWidgets import QInputDialog, QWidget

WHY = "修改记录、审核意见和签发都会署上这个名字。"
TITLE = "您的姓名 — 政府信息公开年报填报"
MAX_LENGTH = settings.MAX_NAME


def name_dialog(
    parent: QWidget | None, current: str, first: bool, problem: str = ""
) -> QInputDialog:
    """The question (built apart from asking it, so that tests can look at it); ``problem``: why
    the name typed before could not be taken, shown above the field."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(TITLE)
    intro = "欢迎使用。请填写您的姓名。\n" if first else "请填写您的姓名。\n"
    again = f"\n\n{problem}" if problem else ""
    dialog.setLabelText(f"{intro}{WHY}\n以后可在“设置 → 您的姓名…”中修改。{again}")
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(current)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    if problem:  # a long reason: wrapped, not a dialog as wide as the screen
        from PySide6.QtWidgets import QLabel

        label = dialog.findChild(QLabel)
        if label is not None:
            label.setWordWrap(True)
            label.setMinimumWidth(440)
    return dialog


def ask_name(parent: QWidget | None, current: str, first: bool) -> str | None:
    """The name typed (tidied), or None when cancelled or left blank.

    A name pasted from a web page or a document may carry invisible characters (a direction
    override shows 沈涛 for what is stored otherwise). Such a name would go into every history
    line, and the next start would refuse it from the settings: it is not taken; the question
    comes again with the reason and the name without them, to be confirmed."""
    problem = ""
    while True:
        dialog = name_dialog(parent, current, first, problem)
        accepted = dialog.exec() == dialog.DialogCode.Accepted
        typed = dialog.textValue()
        dialog.deleteLater()
        if not accepted:
            return None
        name = " ".join(typed.split())[:MAX_LENGTH]
        retry = name_to_confirm(name)
        if retry is None:
            return name or None
        current, problem = retry


def ask_checked_name(
    parent: QWidget, title: str, label: str, current: str, what: str
) -> str | None:
    """A name asked with ``label`` (tidied), or None when cancelled or left blank. One that cannot
    be recorded is asked again with the reason (``what`` names it) and without what cannot be."""
    from PySide6.QtWidgets import QInputDialog

    problem = ""
    while True:
        typed, ok = QInputDialog.getText(parent, title, label + problem, text=current)
        name = " ".join(typed.split())
        if not ok or not name:
            return None
        retry = name_to_confirm(name, what)
        if retry is None:
            return name
        current, problem = retry[0], f"\n\n{retry[1]}"


def name_to_confirm(name: str, what: str = "姓名") -> tuple[str, str] | None:
    """None when ``name`` can be recorded; else what to ask again with: the name without the
    characters that cannot be (nothing to type again) and why, for the question's label."""
    found = settings.name_problem(name, what)
    if found is None:
        return None
    cleaned = "".join(ch for ch in name if ch.isprintable())
    if cleaned == name:  # too long: only the one asked can shorten it
        return name, f"刚才填写的{what}不能使用：{found}\n请改正后按“确定”。"
    return cleaned, (
        f"刚才填写的{what}不能使用：{found}\n下面的{what}已去掉这些字符，请核对后按“确定”。"
    )


def ask_user_name_once() -> str:
    """The name recorded with every change: from ``GOVREPORT_USER``, or asked once and kept."""
    given = settings.env_user()
    if given:
        return given
    current = settings.load_settings()
    if current.user_name_confirmed:
        return current.who
    name = ask_name(None, current.who, first=True)
    if name:
        current.user_name = name
    current.user_name_confirmed = True  # asked once: the login name stays if none was given
    try:
        settings.save_settings(current)
    except OSError:
        pass
    return current.who


def install(window: WindowBase) -> QAction:
    """设置 → 您的姓名… in the window's menu bar."""
    action = QAction("您的姓名…", window)
    action.triggered.connect(lambda: change_name(window))
    menu = window.menuBar().addMenu("设置(&S)")
    menu.addAction(action)
    return action


def change_name(window: WindowBase) -> None:
    given = settings.env_user()
    if given:
        window.show_problem(
            f"姓名由环境变量 GOVREPORT_USER 指定为“{given}”，不能在这里修改。"
            "如需修改，请更改或删除该环境变量后重新启动。",
            title="您的姓名",
        )
        return
    name = ask_name(window, window.user, first=False)
    if name is None or name == window.user:
        return
    try:
        settings.set_user_name(name)
    except OSError as exc:
        from govreport_gui.core.oserror_text import describe_os_error

        window.show_problem(f"无法保存设置（{describe_os_error(exc)}），姓名只在本次使用。")
    window.user = name
    doc = window.doc
    if doc is not None and not window.review.in_review_mode:
        doc.draft.user = name  # the open draft records the next change with the new name
    window.statusBar().showMessage(f"您的姓名已改为“{name}”。", 8000)
