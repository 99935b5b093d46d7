"""One header/footer field of the form page as a line edit (``date_field`` adds a calendar to
the 填报日期 field). A module of its own so that ``draft_page`` and ``date_field`` both import it
and neither imports the other back.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from govreport_gui.core.forms.formdef import FieldDef
from govreport_gui.core.forms.values import ValueInputError
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store.draft import DraftError


class FieldEdit(QLineEdit):
    """One header/footer field, saved when editing finishes (bad input keeps the text and says why)."""

    message = Signal(str)
    problem = Signal(str)

    def __init__(self, doc: ReportDocument, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.field = field
        self.setObjectName(f"field_{field.key}")
        self.setPlaceholderText({"year": "如 2024", "date": "如 2025年1月20日"}.get(field.kind, ""))
        self.setAccessibleName(field.label)
        # Room for a phone number or a date at any window width (the page scrolls instead).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00000000") + 16)
        self.reload()
        self.editingFinished.connect(self.save)

    def reload(self) -> None:
        self.setText(self.doc.draft.fields.get(self.field.key, ""))
        self.setReadOnly(not self.doc.editable)
        self._mark(False)

    def _mark(self, bad: bool) -> None:
        self.setStyleSheet(
            "QLineEdit { border: 1px solid #b3261e; background: #fde2e1; }" if bad else ""
        )

    def save(self) -> None:
        if self.isReadOnly():
            return
        try:
            value = self.doc.parse_field(self.field.key, self.text())
        except ValueInputError as exc:
            self._mark(True)
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), exc.reason, self)
            self.problem.emit(exc.reason)
            return
        self._mark(False)
        if value == self.doc.draft.fields.get(self.field.key, ""):
            if value != self.text():
                self.setText(value)
            return
        try:
            edit_ops.set_field(self.doc, self.field.key, value)
        except DraftError as exc:
            self._mark(True)
            self.problem.emit(exc.message)
            return
        if value != self.text():
            self.setText(value)
