"""文件 → 打印… / 打印预览… / 打印全文… / 全文打印预览…: the menu's actions, with the printing itself
(:mod:`govreport_gui.gui.print_ui`) loaded when one is first used.

The window builds its menus once the draft is shown, a part per turn of the event loop
(``MainWindow.build_next_extra``). Printing needs Qt's print support, the export's page layout and
the whole report's (``print_ui`` with ``print_canvas`` and ``report_print``): importing them took
≈ 15 of the ≈ 17 ms of the 设置 and 打印 part, a pause that a key pressed just after the draft
appeared waited for, and most sessions never print (issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from govreport_gui.gui.print_ui import PrintUI


class PrintActions:
    """The four actions; :attr:`ui` does the printing (made on first use)."""

    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self._ui: PrintUI | None = None
        self.act_print = QAction("打印…", window)
        self.act_print.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.act_print.setToolTip("打印报表：与导出的 PDF 逐页相同（未签发的报表带“草稿”标记）")
        self.act_preview = QAction("打印预览…", window)
        # The whole report (issue 16): title, text, tables and 落款, laid out as its PDF.
        self.act_print_whole = QAction("打印全文…", window)
        self.act_print_whole.setToolTip(
            "打印整份年度报告（标题、正文、统计表和落款），版式与导出的全文 PDF 相同"
        )
        self.act_preview_whole = QAction("全文打印预览…", window)
        # Looked up when an action fires: the printing is loaded then, not with the menu.
        self.act_print.triggered.connect(lambda: self.ui.print_report())
        self.act_preview.triggered.connect(lambda: self.ui.preview())
        self.act_print_whole.triggered.connect(lambda: self.ui.print_whole())
        self.act_preview_whole.triggered.connect(lambda: self.ui.preview_whole())
        self.update()

    @property
    def actions(self) -> tuple[QAction, QAction, QAction, QAction]:
        return self.act_print, self.act_preview, self.act_print_whole, self.act_preview_whole

    @property
    def ui(self) -> PrintUI:
        if self._ui is None:
            from govreport_gui.gui.print_ui import PrintUI

            self._ui = PrintUI(self.window, self.actions)
        return self._ui

    def update(self) -> None:
        """Enabled with a draft open."""
        has = self.window.doc is not None
        for action in self.actions:
            action.setEnabled(has)
