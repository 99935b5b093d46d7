"""The form page: title, header fields, the table(s), footer fields — the official table on screen."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


class TableViews(Mapping[str, FormTableView]):
    """The tables' views by table id, in the form's order. A tab's views are made when the tab is
    first shown (issue 14: the 2021 form's six tables cost the start-up ≈ 37 ms made at once), or
    when asked for here: ``views[table_id]`` (and ``values()``, ``get``) makes them, so callers
    need not know. ``built()`` lists the views made so far without making any."""

    def __init__(self, page: DraftPage, table_ids: list[str]) -> None:
        self._page = page
        self._ids = table_ids
        self._made: dict[str, FormTableView] = {}

    def __getitem__(self, table_id: str) -> FormTableView:
        if table_id not in self._made:
            if table_id not in self._ids:
                raise KeyError(table_id)
            self._page.build_tab_of(table_id)
        return self._made[table_id]

    def __contains__(self, table_id: object) -> bool:  # whether the form has it: makes nothing
        return table_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def built(self) -> list[FormTableView]:
        return [self._made[i] for i in self._ids if i in self._made]

    def built_one(self, table_id: str) -> FormTableView | None:
        return self._made.get(table_id)

    def add(self, table_id: str, view: FormTableView) -> None:
        self._made[table_id] = view


class DraftPage(QWidget):
    """Everything of one draft that is on paper, in paper order."""

    message = Signal(str)
    problem = Signal(str)
    # A table's view made (its tab first shown, or asked for): zoom, menus and help follow it.
    viewMade = Signal(FormTableView)

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        form = doc.form
        self.models: list[FormTableModel] = []  # of the views made so far, in the order made
        self.views = TableViews(self, [t.id for t in form.tables])
        self.page_of: dict[str, QWidget] = {}  # the tab that holds each table
        self.fitted: list[FormTableView] = []  # views shown at full height in a scroll area
        self.field_edits: dict[str, FieldEdit] = {}
        # One per page (tab), by tab index; a tab's once its views are made.
        self._navigators: dict[int, TableNavigator[FormTableView]] = {}
        self._tab_tables: list[list[Table]] = []  # each tab's tables, until its views are made

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
            self._tab_tables.append(pages[0][1])
            layout.addWidget(self._page(0, pages[0][1], single=True), 1)
        else:
            self.tabs = QTabWidget(self)
            for n, (key, tables) in enumerate(pages):
                # Only the first tab's tables are made now; the others' when first shown.
                holder = QWidget(self.tabs)
                box = QVBoxLayout(holder)
                box.setContentsMargins(0, 0, 0, 0)
                self._tab_tables.append(tables)
                for table in tables:
                    self.page_of[table.id] = holder
                self.tabs.addTab(holder, key)
                if n == 0:
                    box.addWidget(self._page(0, tables, single=False))
            # First: a tab's views made before anything else hears it was shown.
            self.tabs.currentChanged.connect(self._build_tab)
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

    def build_tab_of(self, table_id: str) -> None:
        """Make the views of the tab that holds ``table_id`` (without showing it)."""
        for index, tables in enumerate(self._tab_tables):
            if any(t.id == table_id for t in tables):
                self._build_tab(index)
                return

    def _build_tab(self, index: int) -> None:
        if index < 0 or index in self._navigators or self.tabs is None:
            return
        holder = self.tabs.widget(index)
        layout = holder.layout() if holder is not None else None
        if holder is None or layout is None:
            return
        content = self._page(index, self._tab_tables[index], single=False)
        layout.addWidget(content)
        content.show()  # now, not at the next turn of the event loop (as a layout would)
        made = [v for t in self._tab_tables[index] if (v := self.views.built_one(t.id))]
        for view in made:
            self.viewMade.emit(view)
        self.fit_views()

    def navigator(self, index: int) -> TableNavigator[FormTableView]:
        """The keyboard navigator of tab ``index`` (its views made if they were not yet)."""
        self._build_tab(index)
        return self._navigators[index]

    def _page(self, index: int, tables: list[Table], single: bool) -> QWidget:
        """One page (tab) of tables. A lone table scrolls by itself, so its header stays in view;
        several small tables (the blocks of 二) sit one under another in a scroll area."""
        if len(tables) == 1:
            page = QWidget(self)
            box = QVBoxLayout(page)
            box.setContentsMargins(0, 0, 0, 0)
            view = self._add_table(tables[0], page, box, single)
            self._navigators[index] = view.navigator
            self.page_of.setdefault(tables[0].id, page)
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
            self.page_of.setdefault(table.id, scroll)
            view.selectionModel().currentChanged.connect(
                lambda current, _prev, v=view, s=scroll: self._ensure_visible(v, s, current)
            )
        box.addStretch(1)
        scroll.setWidget(inner)
        # The sub-tables are one table for the keyboard and share one selection (table_nav.py).
        self._navigators[index] = TableNavigator(views, scroll)
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
        if self.models:  # made later: the review's marks (``ReviewUI._mark_cells``) as the others'
            first = self.models[0]
            model.comment_cells = first.comment_cells
            model.comment_notes = first.comment_notes
            model.changed_cells = first.changed_cells
        view = FormTableView(model, parent)
        view.setObjectName(f"table_{table.id}")
        view.message.connect(self.message)
        view.problem.connect(self.problem)
        self.models.append(model)
        self.views.add(table.id, view)
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
        self.title.setText(
            self.doc.form.title_for_year(fields.get("year", ""), fields.get("unit", ""))
        )

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
        if not self.doc.form.has_cell(cell_id):  # a comment on a paragraph of the text
            return False
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
        made = self.views.built()
        for view in made:
            if focus is not None and (focus is view or view.isAncestorOf(focus)):
                return view
        for view in made:
            if view.isVisible():
                return view
        return next(iter(made), None)

    def switch_table(self, step: int) -> bool:
        """Show the next (+1) or previous (-1) tab, round at the ends, and put the focus in its
        remembered cell (its first value cell at first). False when the form has one table."""
        if self.tabs is None or self.tabs.count() < 2:
            return False
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self.navigator(self.tabs.currentIndex()).focus()
        return True

    def first_view(self) -> FormTableView:
        return self.views.built()[0]  # the first tab's are made with the page

    def detach(self) -> None:
        self.doc.unsubscribe(self._on_change)
        for model in self.models:
            model.detach()
