"""What the window's helper modules use of the main window, declared once.

``review_ui``, ``export_ui``, ``print_ui``, ``table_actions``, ``zoom``, ``handover``,
``user_name``, ``help_pane``, ``desktop_habits`` and ``compact_layout`` each receive the window.
They are typed with ``WindowBase`` rather than ``MainWindow``: ``main_window`` imports them, and
none of them imports ``main_window`` back, so the window has no import cycle (an import for type
hints only would still be one; ``tests/test_layers.py``). ``MainWindow`` is the one subclass: it
sets the attributes declared here and implements the methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

if TYPE_CHECKING:  # for the annotations only: the window's frame is shown before these load
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.gui.draft_page import DraftPage
    from govreport_gui.gui.start_page import StartPage


def side_dock(window: QMainWindow, title: str, name: str) -> QDockWidget:
    """A pane at the window's side (问题, 填报说明) that can be moved and closed, not floated."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    return dock


class ReviewControls(Protocol):
    """What the table's menu and the user-name action use of the review controls (``ReviewUI``)."""

    @property
    def act_comment(self) -> QAction: ...

    @property
    def in_review_mode(self) -> bool: ...

    def add_comment(
        self, on_cell: bool, parent: int | None = None, cell: str | None = None
    ) -> None: ...


class WindowBase(QMainWindow):
    """The main window as its helpers see it (see the module's note)."""

    user: str  # the name recorded in the history
    doc: ReportDocument | None  # the open draft, if any
    page: DraftPage | None  # its tables
    dock: QDockWidget  # 问题
    comments_dock: QDockWidget  # 审核意见
    toolbar: QToolBar
    menus: dict[str, QMenu]  # "file", "edit", "view"
    act_example: QAction

    @property
    def review(self) -> ReviewControls:
        """The review controls (``MainWindow`` may build them on first use)."""
        raise NotImplementedError

    @property
    def start(self) -> StartPage:
        """The start page (``MainWindow`` makes it when it is first needed)."""
        raise NotImplementedError

    def show_problem(self, text: str, title: str = "提示") -> None:
        raise NotImplementedError

    def confirm(self, title: str, text: str, yes: str) -> bool:
        raise NotImplementedError

    def select_cell(self, cell_id: str) -> None:
        raise NotImplementedError

    def open_path(self, path: Path) -> bool:
        raise NotImplementedError

    def close_draft(self) -> bool:
        raise NotImplementedError

    def update_actions(self) -> None:
        """Enable and disable the window's actions after a change of state."""
        self._update_actions()

    def _update_actions(self) -> None:
        raise NotImplementedError
