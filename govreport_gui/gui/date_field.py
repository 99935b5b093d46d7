"""The 填报日期 field: typed as before, or picked from a calendar; blank until a date is chosen.

The field stays a line edit (typing ``2025-01-20`` or ``2025年1月20日`` keeps working, and a blank
field is simply empty — a spin-box date editor cannot be blank). A calendar button inside the field
(also Alt+↓ / F4) opens a Chinese calendar popup with 今天 and 清除; whatever is picked is stored in
the field's usual format (``2025年1月20日``, as the command line stores it) through the same
undoable edit as typing.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.forms.formdef import FieldDef
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.gui.field_edit import FieldEdit

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
_STORED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def stored_text(date: QDate) -> str:
    """The text a 填报日期 holds: ``2025年1月20日`` (what ``core.fields.parse_field`` stores)."""
    return f"{date.year()}年{date.month()}月{date.day()}日"


def stored_date(text: str) -> QDate | None:
    match = _STORED.match(text.strip())
    if match is None:
        return None
    date = QDate(*(int(g) for g in match.groups()))
    return date if date.isValid() else None


# A small calendar (no standard icon for it): a page with a blue header and a grid of days. Given
# as an image (XPM) rather than painted: a QPainter fill or brush from Python makes QGradient's
# five enum classes, ≈ 2 ms while a draft opens (issue 14).
_CALENDAR_XPM = [
    "16 16 4 1",
    ". c None",
    "g c #5f6368",
    "w c #ffffff",
    "b c #1a73e8",
    "................",
    "................",
    ".gggggggggggggg.",
    ".gbbbbbbbbbbbbg.",
    ".gbbbbbbbbbbbbg.",
    ".gbbbbbbbbbbbbg.",
    ".gwwwwwwwwwwwwg.",
    ".gwwwwwwwwwwwwg.",
    ".gwggwwggwwggwg.",
    ".gwggwwggwwggwg.",
    ".gwwwwwwwwwwwwg.",
    ".gwggwwggwwggwg.",
    ".gwggwwggwwggwg.",
    ".gwwwwwwwwwwwwg.",
    ".gggggggggggggg.",
    "................",
]


def _calendar_icon() -> QIcon:
    return QIcon(QPixmap(_CALENDAR_XPM))


class DatePopup(QFrame):
    """The calendar under the field: a day (click or Enter), 今天, or 清除 (back to blank)."""

    picked = Signal(QDate)
    cleared = Signal()

    def __init__(self, parent: QWidget) -> None:
        # Imported when the calendar is first opened, not with the draft: importing the class
        # makes its enum classes (issue 14).
        from PySide6.QtWidgets import QCalendarWidget

        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("datePopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(CHINESE)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        box.addWidget(self.calendar)
        buttons = QHBoxLayout()
        self.today_button = QPushButton("今天", self)
        self.clear_button = QPushButton("清除（未填）", self)
        for button in (self.today_button, self.clear_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        self.today_button.clicked.connect(lambda: self._pick(QDate.currentDate()))
        self.clear_button.clicked.connect(self._clear)

    def open_at(self, date: QDate | None, where: QPoint) -> None:
        """Show the month of ``date`` (today's for a blank field) without choosing anything yet."""
        shown = date or QDate.currentDate()
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self.adjustSize()
        self.move(where)
        self.show()
        self.calendar.setFocus()

    def _pick(self, date: QDate) -> None:
        self.hide()
        self.picked.emit(date)

    def _clear(self) -> None:
        self.hide()
        self.cleared.emit()


class DateFieldEdit(FieldEdit):
    """A date field (kind ``date``): typing as in every field, plus the calendar and 清除."""

    def __init__(self, doc: ReportDocument, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(doc, field, parent)
        self.popup: DatePopup | None = None
        self.pick_action = QAction(_calendar_icon(), "选择日期", self)
        self.clear_action = QAction("清除（未填）", self)
        self.setPlaceholderText("未填，如 2025-01-20")
        self.pick_action.setToolTip("从日历选择日期（Alt+↓）")
        self.clear_action.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
        )
        self.clear_action.setToolTip("清除日期（未填）")
        # The first trailing action sits at the far right: the calendar, then 清除 beside it.
        self.addAction(self.pick_action, QLineEdit.ActionPosition.TrailingPosition)
        self.addAction(self.clear_action, QLineEdit.ActionPosition.TrailingPosition)
        self.pick_action.triggered.connect(self.open_calendar)
        self.clear_action.triggered.connect(self.clear_date)
        self.textChanged.connect(lambda _text: self._update_actions())
        self._update_actions()

    def reload(self) -> None:
        super().reload()
        self._update_actions()

    def _update_actions(self) -> None:
        # The base class loads the text before the actions exist: nothing to show yet then.
        if not hasattr(self, "clear_action"):
            return
        editable = not self.isReadOnly()
        self.pick_action.setEnabled(editable)
        self.pick_action.setVisible(editable)
        self.clear_action.setVisible(editable and bool(self.text()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if (alt_down or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        if self.isReadOnly():
            return
        if self.popup is None:
            self.popup = DatePopup(self)
            self.popup.picked.connect(self.set_date)
            self.popup.cleared.connect(self.clear_date)
        self.popup.open_at(stored_date(self.text()), self._popup_position(self.popup))

    def _popup_position(self, popup: QWidget) -> QPoint:
        """Under the field, or above it when the screen ends first (填报日期 is at the bottom)."""
        size = popup.sizeHint()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry()
        if below.y() + size.height() > screen.bottom():
            below = self.mapToGlobal(QPoint(0, -size.height()))
        x = min(max(below.x(), screen.left()), screen.right() - size.width())
        return QPoint(x, max(below.y(), screen.top()))

    def set_date(self, date: QDate) -> None:
        """A date picked: stored at once, one undoable step (as if typed and confirmed)."""
        self.setText(stored_text(date))
        self.save()
        self.setFocus()

    def clear_date(self) -> None:
        self.setText("")
        self.save()
        self.setFocus()


def field_edit_for(doc: ReportDocument, field: FieldDef, parent: QWidget) -> FieldEdit:
    """The editor of one header/footer field: a date picker for dates, a line edit otherwise."""
    if field.kind == "date":
        return DateFieldEdit(doc, field, parent)
    return FieldEdit(doc, field, parent)
