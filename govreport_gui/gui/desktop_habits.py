"""Desktop habits: a mnemonic (&-letter) on every menu item, and Ctrl+S answered.

Chinese Windows programs write the access key in brackets after the name: 新建(&N)…, 退出(&X).
:func:`add_mnemonics` gives every item of every menu one, unique within its menu: the letter a
Windows user expects where there is a convention (:data:`PREFERRED`), else the first free letter
of the item's Latin text (Excel → E), else the first free letter of the alphabet. The toolbar and
tooltips keep the plain names.

Ctrl+S (:func:`add_save_shortcut`): every edit is already saved; the reflex is answered in the
status bar, without a dialog in the way.
"""

from __future__ import annotations

import re
import string

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from govreport_gui.gui.window_base import WindowBase

SAVED_MESSAGE = "草稿在每次修改时已自动保存，无需手动保存"
READONLY_MESSAGE = "此草稿以只读方式打开，不能修改，也不会保存。"

# The usual access keys (Windows, WPS) for the names of this program's menus.
PREFERRED: dict[str, str] = {
    "新建": "N",
    "打开": "O",
    "打开示例": "E",
    "另存为": "A",
    "打印": "P",
    "打印预览": "V",
    "关闭草稿": "C",
    "退出": "X",
    "撤销": "U",
    "重做": "R",
    "复制": "C",
    "粘贴": "P",
    "清除所选单元格": "D",
    "按分项填入合计": "T",
    "问题面板": "P",
    "下一个问题": "N",
    "审核意见": "M",
    "提交审核": "S",
    "退回": "B",
    "签发": "G",
    "撤销签发": "R",
    "审核模式": "M",
    "检查能否提交/签发": "K",
    "对当前格提意见": "C",
    "对整表提意见": "W",
    "为警告填写说明": "E",
    "修改记录": "H",
    "当前格的修改记录": "L",
    "导出 Excel 和 PDF": "B",
    "导出 Excel": "E",
    "导出 PDF": "P",
    "导出草稿（未签发）": "D",
    "从 Excel 导入": "I",
}

_MNEMONIC = re.compile(r"&([^&])")


def mnemonic_of(text: str) -> str | None:
    """The access key of a menu text (``新建(&N)…`` → ``N``), or None."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).upper() if match else None


def _base_name(text: str) -> str:
    return text.rstrip("…").rstrip(".").strip()


def with_mnemonic(text: str, letter: str) -> str:
    """``打开…`` → ``打开(&O)…``; ``撤销 录入`` → ``撤销 录入(&U)``."""
    ellipsis = "…" if text.endswith("…") else ("..." if text.endswith("...") else "")
    base = text[: len(text) - len(ellipsis)] if ellipsis else text
    return f"{base.replace('&', '&&')}(&{letter}){ellipsis}"


def add_mnemonics(menu_bar: QMenuBar) -> None:
    """Give every item of every menu (and submenu) of ``menu_bar`` an access key."""
    for action in menu_bar.actions():
        if action.menu() is not None:
            _menu_mnemonics(action.menu())  # type: ignore[arg-type]


def _menu_mnemonics(menu: QMenu) -> None:
    actions = [a for a in menu.actions() if not a.isSeparator() and a.text()]
    used = {m for a in actions if (m := mnemonic_of(a.text()))}
    for action in actions:
        if action.menu() is not None:
            _menu_mnemonics(action.menu())  # type: ignore[arg-type]
        if mnemonic_of(action.text()):
            continue
        text = action.text()
        candidates = [PREFERRED.get(_base_name(text), "")]
        candidates += [c.upper() for c in text if c in string.ascii_letters]
        candidates += list(string.ascii_uppercase + string.digits)
        letter = next(c for c in candidates if c and c not in used)
        used.add(letter)
        set_menu_text(action, with_mnemonic(text, letter))


def set_menu_text(action: QAction, text: str) -> None:
    """Change the menu text; the toolbar button and tooltip keep the plain name (Qt would show
    ``新建(N)``)."""
    plain = action.iconText()
    tooltip = action.toolTip()
    action.setText(text)
    action.setIconText(plain)
    action.setToolTip(tooltip)


def add_save_shortcut(window: WindowBase) -> QAction:
    """Ctrl+S: say that there is nothing to save by hand (no menu item: nothing to choose)."""
    action = QAction("保存", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
    action.setObjectName("saveReflex")

    def answer() -> None:
        doc = window.doc
        if doc is None:
            return
        text = READONLY_MESSAGE if doc.draft.readonly else SAVED_MESSAGE
        window.statusBar().showMessage(text, 8000)

    action.triggered.connect(answer)
    window.addAction(action)
    return action
