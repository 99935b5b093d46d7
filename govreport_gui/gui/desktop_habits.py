"""Desktop habits: a mnemonic (&-letter) on every menu item, and Ctrl+S answered.

Chinese Windows programs write the access key in brackets after the name: 新建(&N)…, 退出(&X).
:func:`add_mnemonics` gives every item of every menu one, unique within its menu: the letter a
Windows user expects where there is a convention (:data:`PREFERRED`), else the first free letter
of the item's Latin text (Excel → E), else the first free letter of the alphabet. The toolbar and
tooltips keep the plain names. Menus and items added or renamed later (another part of the window
building its menu after the pass, 进入审核模式… becoming 退出审核模式（姓名）) get theirs at once:
:class:`_MnemonicKeeper` watches the menu bar and every menu for added and changed actions.

Ctrl+S (:func:`add_save_shortcut`): every edit is already saved; the reflex is answered in the
status bar, without a dialog in the way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar
from shiboken6 import isValid

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
    "进入审核模式": "M",
    "退出审核模式": "M",
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
    """``打开…`` → ``打开``; ``退出审核模式（董晓东）`` → ``退出审核模式``."""
    return text.rstrip("…").rstrip(".").split("（")[0].strip()


def with_mnemonic(text: str, letter: str) -> str:
    """``打开…`` → ``打开(&O)…``; ``撤销 录入`` → ``撤销 录入(&U)``."""
    ellipsis = "…" if text.endswith("…") else ("..." if text.endswith("...") else "")
    base = text[: len(text) - len(ellipsis)] if ellipsis else text
    return f"{base.replace('&', '&&')}(&{letter}){ellipsis}"


def add_mnemonics(menu_bar: QMenuBar) -> None:
    """Give every item of every menu (and submenu) of ``menu_bar`` an access key, now and
    whenever an item is added or renamed later."""
    keeper = menu_bar.findChild(_MnemonicKeeper)
    if keeper is None:
        keeper = _MnemonicKeeper(menu_bar)
    keeper.refresh()


@contextmanager
def one_refresh(menu_bar: QMenuBar) -> Iterator[None]:
    """Items added to the menus inside get their access keys once, at the end, rather than the
    menus being gone through after each one (a part of the window built at once)."""
    keeper = menu_bar.findChild(_MnemonicKeeper)
    if keeper is None or keeper._busy:
        yield
        return
    keeper._busy = True
    try:
        yield
    finally:
        keeper._busy = False
        keeper.refresh()  # also watches the menus added meanwhile


class _MnemonicKeeper(QObject):
    """Watches the menu bar and its menus: an added or renamed item gets an access key at once
    (synchronously, so a menu read straight after the change already has it)."""

    def __init__(self, menu_bar: QMenuBar) -> None:
        super().__init__(menu_bar)
        self.menu_bar = menu_bar
        self._busy = False
        self._watched: set[int] = set()
        self._watch(menu_bar)

    def _watch(self, widget: QMenuBar | QMenu) -> None:
        if id(widget) not in self._watched:
            self._watched.add(id(widget))
            widget.installEventFilter(self)
            widget.destroyed.connect(lambda: self._watched.discard(id(widget)))

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            _menu_mnemonics(self.menu_bar, self._watch)
        finally:
            self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the program shuts down, menus may already be gone on the C++ side: an event then
        # must not reach them (it would end the program with a traceback instead of quietly).
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionChanged) and isValid(
            self.menu_bar
        ):
            # Only an item without its access key (or a new submenu, to be watched) needs the
            # menus gone through again: enabling, disabling or checking an item changes nothing
            # here, and the window does that to dozens of items at every change of state.
            action = event.action() if isinstance(event, QActionEvent) else None
            if action is None or _needs_key(action):
                self.refresh()
        return False


def _needs_key(action: QAction) -> bool:
    if action.isSeparator() or not action.text():
        return False
    return submenu_of(action) is not None or mnemonic_of(action.text()) is None


def submenu_of(action: QAction) -> QMenu | None:
    """The menu that ``action`` opens (a menu's own action has the menu as its parent), or None.

    Not ``QAction.menu()``: PySide6 6.9 (the newest with wheels for glibc 2.28: 统信 UOS 20,
    麒麟 V10) makes the menu it returns a Python child of that action's wrapper, so the menu is
    deleted when the wrapper goes; 6.11's binding no longer does (``menu()`` in its typesystem)."""
    parent = action.parent()
    if isinstance(parent, QMenu) and parent.menuAction() is action:
        return parent
    return None


def _menu_mnemonics(menu: QMenu | QMenuBar, watch: Callable[[QMenu], None] | None = None) -> None:
    actions = [a for a in menu.actions() if not a.isSeparator() and a.text()]
    used = {m for a in actions if (m := mnemonic_of(a.text()))}
    for action in actions:
        submenu = submenu_of(action)
        if submenu is not None:
            if watch is not None:
                watch(submenu)
            _menu_mnemonics(submenu, watch)
    # The conventional letters first (另存为 keeps A even below a later item that would take it).
    for action in actions:
        text = action.text()
        letter = PREFERRED.get(_base_name(text), "")
        if letter and letter not in used and not mnemonic_of(text):
            used.add(letter)
            set_menu_text(action, with_mnemonic(text, letter))
    for action in actions:
        if mnemonic_of(action.text()):
            continue
        text = action.text()
        candidates = [PREFERRED.get(_base_name(text), "")]
        candidates += [c.upper() for c in text if c in string.ascii_letters]
        candidates += list(string.ascii_uppercase + string.digits)
        letter = next(c for c in candidates if c and c not in used)
        used.add(letter)
        set_menu_text(action, with_mnemonic(text, letter))


_OURS = "_govreport_plain_names"  # (iconText, toolTip) that set_menu_text put there


def set_menu_text(action: QAction, text: str) -> None:
    """Change the menu text; the toolbar button and tooltip keep the plain name (Qt would show
    ``新建(N)``). A name that set_menu_text pinned earlier follows the new text; one the window
    set itself (撤销's short toolbar name) is kept."""
    # Qt 6.9 keeps the "…" in the toolbar text it derives from the menu text (6.11 drops it).
    plain = _base_text(action.iconText())
    tooltip = action.toolTip()
    ours = action.property(_OURS)
    if isinstance(ours, (list, tuple)) and len(ours) == 2:
        stripped = _base_text(text)
        if plain == ours[0]:
            plain = stripped
        if tooltip == ours[1]:
            tooltip = stripped
    action.setText(text)
    action.setIconText(plain)
    action.setToolTip(tooltip)
    action.setProperty(_OURS, [plain, tooltip])


def _base_text(text: str) -> str:
    """The plain name of a menu text, as Qt derives a toolbar text: no &-letter, no ``…``."""
    text = re.sub(r"\(&[^&]\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").removesuffix("...")


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
