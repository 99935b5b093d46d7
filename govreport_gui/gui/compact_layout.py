"""The window on a narrow screen (1024×600, or a window made narrow): everything stays reachable.

Below :data:`NARROW_WIDTH` the toolbar shows icons only for the actions that have one (their names
are in the tooltips and the menus), so that 提交审核 and 签发 never hide behind the toolbar's »
button, and the problems panel and 审核意见 (tabbed on the right) collapse into a 问题面板 button on
the status bar beside the counts, which opens them again. Back above the width, what was open is
open again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QToolButton

from govreport_gui.gui.window_base import WindowBase

NARROW_WIDTH = 1100  # logical pixels: a 1024-wide screen is narrow, 1280 (1920 at 150 %) is not


class CompactLayout(QObject):
    def __init__(self, window: WindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.narrow = False
        self.docks_open = True  # whether the docks were open when the window became narrow
        self.button = QToolButton(window)
        self.button.setObjectName("docksButton")
        self.button.setText("问题面板")
        self.button.setAutoRaise(True)
        self.button.setToolTip("显示或收起问题面板和审核意见（窗口较窄时收起在这里）")
        self.button.clicked.connect(self.toggle_docks)
        window.statusBar().insertPermanentWidget(0, self.button)
        self.button.hide()
        window.installEventFilter(self)
        self.apply()

    def _docks(self) -> list[QObject]:
        return [self.window.dock, self.window.comments_dock]

    def docks_visible(self) -> bool:
        return self.window.dock.isVisibleTo(self.window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        window = self.window
        narrow = window.width() < NARROW_WIDTH
        has_doc = window.doc is not None
        if narrow != self.narrow:
            self.narrow = narrow
            if has_doc and narrow:
                self.docks_open = self.docks_visible()
                self._show_docks(False)
            elif has_doc and self.docks_open:
                self._show_docks(True)
        window.toolbar.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if narrow
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )
        self.button.setVisible(narrow and has_doc)

    def document_shown(self) -> None:
        """A draft was opened: its docks are shown (wherever the remembered window state put
        them, and even if they were folded away when that state was saved), or folded away again
        on a narrow window."""
        self.docks_open = True
        self._show_docks(not self.narrow)
        self.apply()

    def toggle_docks(self) -> None:
        self._show_docks(not self.docks_visible())

    def _show_docks(self, show: bool) -> None:
        window = self.window
        window.comments_dock.setVisible(show)
        window.dock.setVisible(show)
        if show:
            window.dock.raise_()
