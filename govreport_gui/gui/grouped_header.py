"""A horizontal header with grouped, multi-level column titles (法人或其他组织 over five columns).

The label and unit columns span every level; a value column's groups (``Column.groups``) are drawn
above its label, and neighbouring columns with the same group path share one merged title.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from govreport_gui.core.forms.formdef import Table
from govreport_gui.core.layout.textbreak import balanced_break
from govreport_gui.gui.pyside_costs import adopt_viewport


class GroupedHeader(QHeaderView):
    def __init__(
        self, table: Table, first_value_column: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        adopt_viewport(self)
        self.table = table
        self.first_value_column = first_value_column
        self.levels = table.header_depth
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        # The lines of each title as last painted, with the width they had (what the user reads).
        self.painted: list[tuple[tuple[str, ...], int]] = []

    def _line_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        lines = self.levels
        # Wrapped column labels (e.g. 本年收费金额（单位：万元）) take two lines at the bottom level.
        return QSize(base.width(), self._line_height() * (lines + 1) + 4)

    def _spans(self, level: int) -> list[tuple[int, int, str]]:
        """(first section, last section, text) of each merged title on ``level`` (0 = top)."""
        spans: list[tuple[int, int, str]] = []
        for i, column in enumerate(self.table.columns):
            section = self.first_value_column + i
            if level < len(column.groups):
                key = column.groups[: level + 1]
                if spans and spans[-1][2] == "\x00".join(key) and spans[-1][1] == section - 1:
                    spans[-1] = (spans[-1][0], section, spans[-1][2])
                else:
                    spans.append((section, section, "\x00".join(key)))
        return spans

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        self.painted = []
        palette = self.palette()
        # No fill of our own: Qt fills a header's viewport in the button colour before this
        # (QHeaderView's background role). ``fillRect`` from Python would make PySide create
        # QGradient's enums for its overloads (≈ 2 ms of the start-up, issue 14).
        pen = QPen(palette.mid().color())
        painter.setPen(pen)
        height = self.viewport().height()
        top_of_label: dict[int, int] = {}
        line = max(1, (height - 2) // (self.levels + 1))
        # The label and unit columns span the whole header height.
        for section in range(self.first_value_column):
            rect = self._section_rect(section, 0, height)
            text = (
                self.model().headerData(section, Qt.Orientation.Horizontal) if self.model() else ""
            )
            if section == 0 and self.table.stub_note:
                text = f"{text}\n{self.table.stub_note}" if text else self.table.stub_note
            self._draw(painter, rect, str(text or ""), pen)
        for level in range(self.levels - 1):
            for first, last, key in self._spans(level):
                y = level * line
                rect = self._section_rect(first, y, line).united(self._section_rect(last, y, line))
                self._draw(painter, rect, key.split("\x00")[-1], pen)
        for i, column in enumerate(self.table.columns):
            section = self.first_value_column + i
            y = len(column.groups) * line
            top_of_label[section] = y
            rect = self._section_rect(section, y, height - y)
            self._draw(painter, rect, column.label, pen)
        painter.end()

    def _section_rect(self, section: int, y: int, h: int) -> QRect:
        x = self.sectionViewportPosition(section)
        return QRect(x, y, self.sectionSize(section), h)

    def _draw(self, painter: QPainter, rect: QRect, text: str, pen: QPen) -> None:
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.setPen(self.palette().buttonText().color())
        inner = rect.adjusted(3, 2, -3, -2)
        lines = self.lines(text, inner.width())
        self.painted.append((lines, inner.width()))
        # Qt would wrap Chinese anywhere (结果维 / 持): break between words ourselves; wrapping
        # stays on for what balanced_break leaves alone (Latin text, a column narrower than 2 字).
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(inner, int(flags), "\n".join(lines))

    def lines(self, text: str, width: int) -> tuple[str, ...]:
        """``text`` in lines that fit ``width`` pixels, broken between words (core/layout/textbreak.py)."""
        metrics = self.fontMetrics()
        result: list[str] = []
        for part in text.split("\n"):
            per_line = width // max(1, metrics.horizontalAdvance("国"))
            if per_line >= 2 and metrics.horizontalAdvance(part) > width:
                result.extend(balanced_break(part, per_line))
            else:
                result.append(part)
        return tuple(result)
