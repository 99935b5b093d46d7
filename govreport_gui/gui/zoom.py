"""Zoom of the data-entry table: Ctrl+= (Ctrl++) / Ctrl+- / Ctrl+0, in 查看 and the status bar.

The figures' font, the column titles and the row heights grow together (70%–200% in the steps of
``settings.ZOOM_STEPS``). The zoom is the user's, not the draft's: it is kept in the settings and
applied to every draft opened afterwards, also after a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from govreport_gui.core.store import settings
from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from govreport_gui.gui.draft_page import DraftPage
    from govreport_gui.gui.form_view import FormTableView

STEPS = settings.ZOOM_STEPS


class ZoomControl:
    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self.percent = settings.load_settings().zoom
        self._followed: DraftPage | None = None  # the page whose later-made tables are zoomed
        self.act_in = QAction("放大", window)
        self.act_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.act_in.triggered.connect(lambda: self.step(1))
        self.act_out = QAction("缩小", window)
        self.act_out.setShortcut(QKeySequence("Ctrl+-"))
        self.act_out.triggered.connect(lambda: self.step(-1))
        self.act_reset = QAction("实际大小", window)
        self.act_reset.setShortcut(QKeySequence("Ctrl+0"))
        self.act_reset.triggered.connect(lambda: self.set(100))
        menu = window.menus["view"]
        menu.addSeparator()
        for action in (self.act_in, self.act_out, self.act_reset):
            menu.addAction(action)
        self.label = QLabel(window)
        self.label.setObjectName("zoomLabel")
        self.label.setToolTip("表格缩放：Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 实际大小")
        window.statusBar().addPermanentWidget(self.label)
        # Only beside a draft's tables: the start page has nothing to zoom.
        self.label.setVisible(window.page is not None)
        self._show()

    def _show(self) -> None:
        self.label.setText(f"缩放 {self.percent}%")
        self.act_in.setEnabled(self.percent < STEPS[-1])
        self.act_out.setEnabled(self.percent > STEPS[0])
        self.act_reset.setEnabled(self.percent != 100)

    def step(self, direction: int) -> None:
        if direction > 0:
            bigger = [p for p in STEPS if p > self.percent]
            self.set(bigger[0] if bigger else STEPS[-1])
        else:
            smaller = [p for p in STEPS if p < self.percent]
            self.set(smaller[-1] if smaller else STEPS[0])

    def set(self, percent: int) -> None:
        percent = min(STEPS, key=lambda p: abs(p - percent))
        if percent != self.percent:
            self.percent = percent
            try:
                current = settings.load_settings()
                current.zoom = percent
                settings.save_settings(current)
            except OSError:
                pass  # a read-only profile: the zoom still applies until the window closes
            if self.window.page is not None:
                self.apply(self.window.page)
        self._show()
        self.window.statusBar().showMessage(f"表格缩放 {percent}%", 3000)

    def draft_closed(self) -> None:
        self.label.hide()

    def apply(self, page: DraftPage) -> None:
        self.label.show()
        if page is not self._followed:  # the tables made later (a tab first shown) get it too
            self._followed = page
            page.viewMade.connect(self._zoom_view)
        for view in page.views.built():
            self._zoom_view(view)
        page.fit_views()

    def _zoom_view(self, view: FormTableView) -> None:
        if view.zoom != self.percent:  # a new table is made at 100 %: not fitted again
            view.set_zoom(self.percent)
