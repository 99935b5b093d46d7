"""The form page: title, header fields, the table(s), footer fields — the official table on screen."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.forms.formdef import FieldDef, Table
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.gui.date_field import field_edit_for
from govreport_gui.gui.field_edit import FieldEdit
from govreport_gui.gui.form_model import FormTableModel
from govreport_gui.gui.form_view import FormTableView
from govreport_gui.gui.table_nav import TableNavigator


class DraftPage(QWidget):
    """Everything of one draft that is on paper, in paper order."""

    message = Signal(str)
    problem = Signal(str)

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        form = doc.form
        self.models: list[FormTableModel] = []
        self.views: dict[str, FormTableView] = {}
        self.page_of: dict[str, QWidget] = {}  # the tab that holds each table
        self.fitted: list[FormTableView] = []  # views shown at full height in a scroll area
        self.field_edits: dict[str, FieldEdit] = {}
        self.navigators: list[TableNavigator[FormTableView]] = []  # one per page (tab), in tab order

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        self.title = QLabel(self)
        self.title.setObjectName("formTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        layout.addWidget(self.title)
        layout.addLayout(self._fields_grid([f for f in form.fields if f.place == "header"]))

        pages = [
            (key, list(tables))
            for key, tables in groupby(form.tables, key=lambda t: t.section or t.title or t.id)
        ]
        if len(pages) == 1:
            self.tabs: QTabWidget | None = None
            layout.addWidget(self._page(pages[0][1], single=True), 1)
        else:
            self.tabs = QTabWidget(self)
            for key, tables in pages:
                self.tabs.addTab(self._page(tables, single=False), key)
            # Table 二's sub-tables are sized to their rows: again when shown after a zoom.
            self.tabs.currentChanged.connect(lambda _: self.fit_views())
            layout.addWidget(self.tabs, 1)

        footer = QFrame(self)
        footer.setLayout(self._fields_grid([f for f in form.fields if f.place == "footer"]))
        layout.addWidget(footer)
        self.update_title()
        doc.subscribe(self._on_change)

    def _fields_grid(self, fields: list[FieldDef]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        per_row = 3 if len(fields) > 2 else 2
        for n, field in enumerate(fields):
            edit = field_edit_for(self.doc, field, self)  # 填报日期 gets a calendar
            edit.message.connect(self.message)
            edit.problem.connect(self.problem)
            self.field_edits[field.key] = edit
            label = QLabel(f"{field.print_label}：", self)
            label.setBuddy(edit)
            if field.required:
                label.setToolTip("必填")
            row, col = divmod(n, per_row)
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, row, col * 2 + 1)
        return grid

    def _page(self, tables: list[Table], single: bool) -> QWidget:
        """One page (tab) of tables. A lone table scrolls by itself, so its header stays in view;
        several small tables (the blocks of 二) sit one under another in a scroll area."""
        if len(tables) == 1:
            page = QWidget(self)
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            view = self._add_table(tables[0], page, box, single)
            self.navigators.append(view.navigator)
            self.page_of[tables[0].id] = page
            box.setStretchFactor(view, 1)
            return page
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget(scroll)
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 0, 0)
        views: list[FormTableView] = []
        for table in tables:
            view = self._add_table(table, inner, box, single)
            views.append(view)
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.fitted.append(view)
            self.page_of[table.id] = scroll
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, v=view, s=scroll: self._ensure_visible(v, s, current)
            )
        box.addStretch(1)
        scroll.setWidget(inner)
        # The sub-tables are one table for the keyboard and share one selection (table_nav.py).
        self.navigators.append(TableNavigator(views, scroll))
        return scroll

    def _add_table(
        self, table: Table, parent: QWidget, box: QVBoxLayout, single: bool
    ) -> FormTableView:
        if table.title and (not single or table.title != self.doc.form.title):
            caption = QLabel(table.title, parent)
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)
            box.addWidget(caption)
        model = FormTableModel(self.doc, table, self)
        view = FormTableView(model, parent)
        view.setObjectName(f"table_{table.id}")
        view.message.connect(self.message)
        view.problem.connect(self.problem)
        self.models.append(model)
        self.views[table.id] = view
        box.addWidget(view)
        return view

    def fit_views(self) -> None:
        for view in self.fitted:
            view.fit_rows()
            view.setFixedHeight(view.fitted_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_views()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_views()

    def _ensure_visible(self, view: FormTableView, scroll: QScrollArea, index: QModelIndex) -> None:
        if not index.isValid():
            return
        rect = view.visualRect(index)
        inner = scroll.widget()
        if inner is None:
            return
        top_left = view.viewport().mapTo(inner, rect.topLeft())
        scroll.ensureVisible(
            top_left.x(), top_left.y() + rect.height() // 2, 40, rect.height() // 2 + 40
        )

    def update_title(self) -> None:
        # As printed: the form's title pattern (2019/2021: {单位}{年度}年政府信息公开工作年度报告).
        fields = self.doc.draft.fields
        self.title.setText(self.doc.form.title_for_year(fields.get("year", ""), fields.get("unit", "")))

    def _on_change(self, change: ChangeSet) -> None:
        for key in change.fields:
            edit = self.field_edits.get(key)
            if edit is not None and edit.text() != self.doc.draft.fields.get(key, ""):
                edit.setText(self.doc.draft.fields.get(key, ""))
        if "year" in change.fields or "unit" in change.fields:
            self.update_title()
        if change.editability:  # locked or unlocked: the fields become read-only or editable
            for edit in self.field_edits.values():
                edit.reload()

    def select_cell(self, cell_id: str) -> bool:
        cell = self.doc.form.cell(cell_id)
        view = self.views.get(cell.table_id)
        if view is None:
            return False
        if self.tabs is not None:
            self.tabs.setCurrentWidget(self.page_of[cell.table_id])
        return view.select_cell(cell_id)

    def current_view(self) -> FormTableView | None:
        """The table with the keyboard focus (also while one of its cells is being edited)."""
        focus = QApplication.focusWidget()
        for view in self.views.values():
            if focus is not None and (focus is view or view.isAncestorOf(focus)):
                return view
        for view in self.views.values():
            if view.isVisible():
                return view
        return next(iter(self.views.values()), None)

    def switch_table(self, step: int) -> bool:
        """Show the next (+1) or previous (-1) tab, round at the ends, and put the focus in its
        remembered cell (its first value cell at first). False when the form has one table."""
        if self.tabs is None or self.tabs.count() < 2:
            return False
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self.navigators[self.tabs.currentIndex()].focus()
        return True

    def first_view(self) -> FormTableView:
        return next(iter(self.views.values()))

    def detach(self) -> None:
        self.doc.unsubscribe(self._on_change)
        for model in self.models:
            model.detach()
