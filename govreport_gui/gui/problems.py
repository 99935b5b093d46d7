"""The problems panel: the warnings of the draft's own file (content its form does not have), then
every failing rule in form order, with the numbers, then the problems of the report's text (issue
16), as ``check`` lists them; activating one selects its cell, or shows its words in 报告正文 (a
file's warning has neither: it names nothing of the form)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from govreport_gui.core.forms.engine import RuleResult
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.report.problems import FileProblem, TextProblem
from govreport_gui.gui import style
from govreport_gui.gui.pyside_costs import adopt_viewport

_Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # a text problem's place: (section, paragraph from 1,
#                                           start, end)
Problem = RuleResult | TextProblem | FileProblem


def _key(problem: Problem) -> str:
    """A row's identity: a rule's id; a text problem's id and place (one rule may fail at several
    places of a section, e.g. numbering slips)."""
    if isinstance(problem, TextProblem):
        return f"{problem.id}#{problem.paragraph}:{problem.span[0]}"
    return problem.id


class ProblemsModel(QAbstractListModel):
    rowsUpdated = Signal()  # rows were inserted or removed (sent once, after all of them)
    textChecked = Signal()  # the text's first check, put off while the draft opened, is over

    def __init__(self, doc: ReportDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.problems: list[Problem] = self._current()
        self._pending = doc.text_check_pending  # the text's first check put off (the window)
        doc.subscribe(self._on_change)

    def _current(self) -> list[Problem]:
        """The file's warnings, the rules' problems in form order, then the text's (none while the
        text is empty, or while the window puts its first check off:
        ``ReportDocument.defer_text_problems``)."""
        doc = self.doc
        return [*doc.file_problems(), *doc.checker.problems(), *doc.shown_text_problems()]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        problem = self.problems[index.row()]
        error = problem.severity is Severity.ERROR
        explanation = self.doc.explanation(problem)
        if role == Qt.ItemDataRole.DisplayRole:
            tag = "错误" if error else ("警告·已说明" if explanation else "警告")
            if isinstance(problem, TextProblem):
                # Loaded with the first text problem: a draft without text never pays for it.
                from govreport_gui.core.ops.text_problems import where

                table = where(self.doc.form, problem) + "："
            elif isinstance(problem, FileProblem):
                table = ""  # the file's: of no table
            else:
                table = self._table_title(problem)
            text = f"【{tag}】{table}{problem.message}"
            if explanation:
                return f"{text}\n说明：{explanation}"
            stale = self.doc.stale_explanation(problem)
            if stale:
                return f"{text}\n原说明（数字已改变，需重新说明）：{stale}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{problem.message}\n规则：{problem.id}"
            if explanation:
                return f"{tip}\n已说明：{explanation}"
            if error or isinstance(problem, FileProblem):  # nothing a 说明 settles
                return tip
            return f"{tip}\n（警告可以改正，或写说明后放行）"
        if role == Qt.ItemDataRole.ForegroundRole:
            if explanation:
                return style.EXPLAINED_FG
            return style.ERROR_FG if error else style.WARNING_FG
        if role == Qt.ItemDataRole.BackgroundRole:
            if explanation:
                return style.EXPLAINED_BG
            return style.ERROR_BG if error else style.WARNING_BG
        if role == CELL_ROLE:
            if isinstance(problem, TextProblem):
                return None
            return problem.cells[0] if problem.cells else None
        if role == TEXT_ROLE and isinstance(problem, TextProblem):
            return (problem.section, problem.paragraph + 1, *problem.span)
        return None

    def _table_title(self, problem: RuleResult) -> str:
        if len(self.doc.form.tables) == 1:
            return ""
        for table in self.doc.form.tables:
            if table.id == problem.rule.table_id:
                name = table.section or table.title
                # "三、收到和处理政府信息公开申请情况" → "表三": the panel is narrow.
                head = name.split("、", 1)[0] if "、" in name else ""
                if head and len(head) <= 3:
                    return f"表{head}："
                return f"{name}：" if name else ""
        return ""

    def _on_change(self, change: ChangeSet) -> None:
        # The list and its 已说明 tags depend on rule results and explanations, and the text's
        # problems on the text and its figures (cells; the year names a heading).
        was_pending, self._pending = self._pending, self.doc.text_check_pending
        checked = was_pending and not self._pending  # worked out, or ended by an edit
        text = checked or (
            bool(self.doc.draft.texts)
            and bool(change.sections or change.headings or change.cells or change.fields)
        )
        if not change.rules and not change.explanations and not text:
            return
        changed = {r.id for r in change.rules}
        new = self._current()
        if text:  # a text problem's numbers or words may change while its place stays
            changed |= {_key(p) for p in new if isinstance(p, TextProblem)}
        self._update_rows(new, changed)
        if checked:
            self.textChecked.emit()
        for rule_id in change.explanations:  # 已说明, or open again: those rows' text and colour
            for row, problem in enumerate(self.problems):
                if problem.id == rule_id:
                    self.dataChanged.emit(self.index(row), self.index(row))

    def _update_rows(self, new: list[Problem], changed: set[str]) -> None:
        """Go from the rows shown to ``new`` by removing and inserting rows and redrawing the rows
        whose numbers changed, never by a reset: a reset makes the view lay out and paint every
        row again and forget its selection and scroll position; one typed figure changes a row
        or two. Both lists are in form order (Checker.problems), so the rows that stay keep
        their order."""
        root = QModelIndex()
        staying = {_key(r) for r in new}
        removed = any(_key(r) not in staying for r in self.problems)
        row = len(self.problems) - 1
        while row >= 0:  # rows that are fixed now, from the end, a run of rows at a time
            if _key(self.problems[row]) in staying:
                row -= 1
                continue
            last = row
            while row >= 0 and _key(self.problems[row]) not in staying:
                row -= 1
            self.beginRemoveRows(root, row + 1, last)
            del self.problems[row + 1 : last + 1]
            self.endRemoveRows()
        inserted: set[str] = set()
        row = 0
        while row < len(new):  # new problems: the rows shown are now in ``new``, in its order
            if row < len(self.problems) and _key(self.problems[row]) == _key(new[row]):
                row += 1
                continue
            first = row
            kept = _key(self.problems[row]) if row < len(self.problems) else None
            while row < len(new) and _key(new[row]) != kept:
                row += 1
            self.beginInsertRows(root, first, row - 1)
            self.problems[first:first] = new[first:row]
            self.endInsertRows()
            inserted.update(_key(r) for r in new[first:row])
        for row, result in enumerate(new):  # still failing, with other numbers: redraw the row
            if self.problems[row] is not result:
                self.problems[row] = result
            if _key(result) in changed and _key(result) not in inserted:
                self.dataChanged.emit(self.index(row), self.index(row))
        if inserted or removed:
            self.rowsUpdated.emit()

    def detach(self) -> None:
        self.doc.unsubscribe(self._on_change)


class _ProblemsList(QListView):
    """The list, with "没有发现问题。" written inside it when it has no rows.

    The note is a label on the list's viewport, shown and hidden over the list rather than beside
    it: hiding and showing the list itself (as this panel once did) makes the panel lay out again
    and repaint both widgets, on the typed figure that fixes the last problem or makes the first
    (≈ 2 ms a keystroke on a slow CPU; a 信创 desktop is one)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        adopt_viewport(self)  # before the first viewport(): see gui/pyside_costs.py
        self.empty = QLabel("没有发现问题。", self.viewport())
        self.empty.setStyleSheet("color: #3c7d3e; padding: 6px;")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Clicks and the wheel go to the list under it, as on an empty list.
        self.empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.empty.setGeometry(self.viewport().rect())


class ProblemsPanel(QWidget):
    cellActivated = Signal(str)
    textActivated = Signal(str, int, int, int)  # section, paragraph (from 1), start, end

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemsModel(doc, self)
        self.view = _ProblemsList(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setUniformItemSizes(False)
        self.empty = self.view.empty
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsUpdated.connect(self._update_empty)
        self.model.textChecked.connect(self._update_empty)
        self._update_empty()

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            # While the text's first check is put off (the draft just opened), not "no problems"
            # yet: its warnings may be a moment away.
            pending = self.model.doc.text_check_pending
            text = "正在检查报告正文…" if pending else "没有发现问题。"
            if self.empty.text() != text:
                self.empty.setText(text)
                self.empty.setStyleSheet(
                    f"color: {'#5f6368' if pending else '#3c7d3e'}; padding: 6px;"
                )
        self.empty.setVisible(empty)

    def _activated(self, index: QModelIndex) -> None:
        cell = index.data(CELL_ROLE)
        if cell:
            self.cellActivated.emit(cell)
            return
        place = index.data(TEXT_ROLE)
        if place:
            self.textActivated.emit(*place)
