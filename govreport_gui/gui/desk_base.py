"""What the 审核台's actions (gui/desk_actions.py) use of its window, declared once.

``DeskWindow`` (gui/desk.py) imports the actions; typing them with this base instead of the window
keeps the two modules free of an import cycle (as gui/window_base.py does for the main window).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from govreport_gui.core.ops.check_summary import SummaryRow
from govreport_gui.core.ops.desk_scan import DeskScan
from govreport_gui.gui.desk_model import DeskModel


class DeskBase(QMainWindow):
    scan: DeskScan  # the files listed and the stamps they were read at
    model: DeskModel  # every row

    def selected_rows(self) -> list[SummaryRow]:
        raise NotImplementedError

    def current_row(self) -> SummaryRow | None:
        raise NotImplementedError

    def shown_rows(self) -> list[SummaryRow]:
        raise NotImplementedError

    def table_selection(self) -> list[int]:
        """The shown rows selected (their numbers in the table)."""
        raise NotImplementedError

    def shown_count(self) -> int:
        raise NotImplementedError
