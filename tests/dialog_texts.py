"""Reading what a dialog shows, to check that every visible word is Chinese.

``open_and_read(qtbot, trigger, answers)`` runs ``trigger`` (an action of the window) and reads each
dialog it opens — a modal one (``exec``), or one shown with ``open()`` — then answers it
(``"reject"``, ``"accept"``, or a function of the dialog), one answer per dialog expected. It finds
dialogs generically (the active modal widget, or a new visible top-level QDialog), so a new
dialog of the window is checked by adding one line to the list in ``test_chinese_dialogs.py``.

``english_words(texts)`` is what the test fails on: Latin words of two letters or more that are not
in :data:`ALLOWED`, after file names and paths (which are the user's, not ours) are taken out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolButton,
    QTreeView,
    QWidget,
)

# The one allow-list: file formats and products, shortcut key names, licence names. Lower case.
ALLOWED = frozenset(
    {
        # file formats and products
        "excel", "pdf", "word", "wps", "qt", "xlsx", "sqlite", "nianbao",
        # the program's own name, and the components 关于 names (core/about.py)
        "govreport", "pyside", "python", "openpyxl", "et", "xmlfile", "defusedxml", "reportlab",
        "charset", "normalizer", "pillow", "platformdirs", "cryptography", "cffi", "openssl",
        "noto", "serif", "cjk", "sc", "libjpeg", "libpng", "zlib", "freetype",
        "docx", "lxml", "libxml", "libxslt",  # python-docx and lxml (the Word export, issue 16)
        "pyinstaller", "bootloader",  # the packages' program files
        # shortcut key names
        "ctrl", "shift", "alt", "del", "esc", "enter", "tab", "home", "end", "pgup", "pgdown",
        # licence names
        "lgpl", "ofl", "sil", "mit", "gpl", "psf", "bsd", "apache", "clause", "cmu",
        "or", "later", "exception",  # GPL-2.0-or-later 附 Bootloader-exception (SPDX ids)
    }
)  # fmt: skip

_WORD = re.compile(r"[A-Za-z]{2,}")
# The user's own names, not our words: paths, file names with an extension, wildcard patterns.
_NOT_OURS = re.compile(
    r"\S*[/\\]\S*"  # a path (or a part of one)
    r"|\*?\.[A-Za-z0-9]+\b"  # *.nianbao, .xlsx
    r"|[\w.-]+\.[A-Za-z]{2,5}\b"  # a file name
    r"|<[^>]+>"  # rich text tags
    r"|&\w+;"  # HTML entities
)


@dataclass
class DialogTexts:
    title: str
    kind: str
    texts: list[str] = field(default_factory=list)

    def english(self) -> list[str]:
        return english_words([self.title, *self.texts])


def english_words(texts: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        cleaned = _NOT_OURS.sub(" ", text.replace("&&", "&").replace("&", ""))
        found.extend(w for w in _WORD.findall(cleaned) if w.lower() not in ALLOWED)
    return found


def visible_texts(top: QWidget) -> list[str]:
    """Every text a user can see in ``top``: buttons, labels, placeholders, combo items, headers,
    tab and group titles (not what the user typed, not file lists)."""
    texts = [top.windowTitle()]
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top):
            continue
        if isinstance(widget, QAbstractButton):
            icon_only = (
                isinstance(widget, QToolButton)
                and widget.toolButtonStyle().name == "ToolButtonIconOnly"
                and not widget.icon().isNull()
            )
            if not icon_only:
                texts.append(widget.text())
            texts.append(widget.toolTip())
        elif isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, (QTreeView, QTableView)) and isinstance(widget, QAbstractItemView):
            model = widget.model()
            if model is not None:
                header = widget.header() if isinstance(widget, QTreeView) else None
                hidden = header.isHidden() if header is not None else False
                if not hidden:
                    texts.extend(
                        str(model.headerData(c, _horizontal()) or "")
                        for c in range(model.columnCount())
                    )
    return [t for t in texts if t]


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _is_dialog(widget: QWidget) -> bool:
    return isinstance(widget, QDialog) and widget.isVisible()


def _next_dialog(handled: list[QWidget]) -> QWidget | None:
    modal = QApplication.activeModalWidget()
    candidates = [modal] if modal is not None else []
    candidates += [w for w in QApplication.topLevelWidgets() if _is_dialog(w)]
    for widget in candidates:
        if widget is not None and widget.isVisible() and not any(widget is h for h in handled):
            return widget
    return None


Answer = str | Callable[[QWidget], object]


def answer(dialog: QWidget, how: Answer) -> None:
    if callable(how):
        how(dialog)
        return
    if how == "accept" and isinstance(dialog, QMessageBox):
        for button in dialog.buttons():
            if dialog.buttonRole(button) in (
                QMessageBox.ButtonRole.AcceptRole,
                QMessageBox.ButtonRole.YesRole,
            ):
                button.click()
                return
    assert isinstance(dialog, QDialog), f"not a dialog: {dialog!r}"
    if how == "accept":
        dialog.accept()
    else:
        dialog.reject()


def open_and_read(
    qtbot: Any, trigger: Callable[[], object], answers: Sequence[Answer] = ("reject",)
) -> list[DialogTexts]:
    """Run ``trigger`` and read the ``len(answers)`` dialogs it opens, answering each in turn."""
    seen: list[DialogTexts] = []
    handled: list[QWidget] = [w for w in QApplication.topLevelWidgets() if _is_dialog(w)]
    pending = list(answers)

    def poll() -> None:
        if not pending:
            return
        dialog = _next_dialog(handled)
        if dialog is None:
            return
        handled.append(dialog)
        seen.append(DialogTexts(dialog.windowTitle(), type(dialog).__name__, visible_texts(dialog)))
        answer(dialog, pending.pop(0))

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()
    try:
        trigger()
        qtbot.waitUntil(lambda: not pending, timeout=5000)
    finally:
        timer.stop()
    return seen
