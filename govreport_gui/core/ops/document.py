"""An open report: the draft (the one source of truth), its live check, and undoable commands.

Views never change values themselves: they call an op (:mod:`~govreport_gui.core.ops.edit_ops`,
:mod:`~govreport_gui.core.ops.review_ops`), which saves durably, re-checks incrementally and has
the document broadcast ONE :class:`~govreport_gui.core.ops.changes.ChangeSet` naming what changed,
so a view redraws just that. Undoable ops are commands (:mod:`~govreport_gui.core.ops.commands`,
``do`` / ``undo`` / ``redo``); the document is passed in explicitly, there is no global state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from govreport_gui.core.forms.engine import Checker, RuleResult
from govreport_gui.core.forms.formdef import Row, Severity, Table
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.commands import Command, EditValues, SetValues, UndoStack
from govreport_gui.core.store.draft import Draft, DraftReadOnlyError
from govreport_gui.core.store.kinds import HistoryKind

if TYPE_CHECKING:
    from govreport_gui.core.ops.review import Explanation
    from govreport_gui.core.report.problems import FileProblem, TextProblem
from govreport_gui.core.forms.fields import parse_field
from govreport_gui.core.forms.values import Value, ValueInputError, is_not_applicable, parse_value

Listener = Callable[[ChangeSet], None]

__all__ = [
    "ChangeSet",
    "Command",
    "ReportDocument",
    "SetValues",
    "UndoStack",
]


class ReportDocument:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.form = draft.form
        self.checker = Checker(draft.form, draft.values, draft.previous)
        self.undo_stack = UndoStack()
        self.review_mode = False  # a reviewer reading: values read-only, comments allowed
        self._listeners: list[Listener] = []
        # The 说明 written for warnings; re-read when a change set names explanations or status.
        self.explanations: dict[str, Explanation] = self._read_explanations()
        # The report text's problems (issue 16), worked out once per change for everyone who
        # shows them (the problems panel, the status bar): None until asked, dropped by a change.
        self._text_problems: list[TextProblem] | None = None
        # Views show none of them while the window puts the first check off (``defer_text_problems``).
        self._text_deferred = False

    # -- listening ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def broadcast(self, change: ChangeSet) -> ChangeSet:
        """Tell every listener, once, what an op changed (nothing when it changed nothing)."""
        if change.explanations or change.status:
            self.explanations = self._read_explanations()
        if change.cells or change.sections or change.headings:
            self._text_problems = None
            # An edit comes after the draft was drawn: a check put off is not put off further
            # (the views refresh for this change and show the text's problems with it).
            self._text_deferred = False
        if change:
            for listener in list(self._listeners):
                listener(change)
        return change

    def text_problems(self) -> list[TextProblem]:
        """The problems of the report's text against the figures (none without text)."""
        if self._text_problems is None:
            from govreport_gui.core.ops.text_problems import draft_text_problems

            self._text_problems = draft_text_problems(self.draft)
        return self._text_problems

    def defer_text_problems(self) -> None:
        """Until :meth:`work_out_text_problems`, views show the text's problems as none.

        The window opens a draft this way: the text's first check imports the text checks and
        reads the form's phrase patterns (10–14 ms on a slow machine; 0.1 s while ``re`` compiled
        the patterns, issue 14), so the draft is drawn first and the text's warnings follow. Whatever needs them meanwhile (提交, 签发, 说明) still works them out."""
        if self.draft.texts and self._text_problems is None:
            self._text_deferred = True

    def work_out_text_problems(self) -> ChangeSet:
        """End :meth:`defer_text_problems`: the text's problems worked out, and views told."""
        if not self._text_deferred:
            return ChangeSet()
        self._text_deferred = False
        self.text_problems()
        return self.broadcast(ChangeSet(text_checked=True))

    @property
    def text_check_pending(self) -> bool:
        """Whether the text's first check is put off still (views may say it is coming)."""
        return self._text_deferred

    def shown_text_problems(self) -> list[TextProblem]:
        """The text's problems as views show them: none while put off, else all of them."""
        return [] if self._text_deferred else self.text_problems()

    def file_problems(self) -> list[FileProblem]:
        """The warnings of the draft's own file, as ``check`` lists them first: content its form
        does not have (kept aside on opening, so the same while it is open). Never settled by a
        说明, never a blocker of 提交 or 签发 (the form's figures may all be right)."""
        draft = self.draft
        if not (draft.unknown_cells or draft.unknown_sections):
            return []
        from govreport_gui.core.ops.unknown_content import unknown_content_problems

        return unknown_content_problems(draft.unknown_cells, draft.unknown_sections)

    def run(self, command: Command) -> ChangeSet:
        """Do an undoable command (one undo step) and broadcast its change set."""
        self.check_editable()
        return self.broadcast(self.undo_stack.push(command, self))

    def set_review_mode(self, on: bool) -> ChangeSet:
        """审核模式 on or off: values become read-only (or editable again) for the views."""
        if on == self.review_mode:
            return ChangeSet()
        self.review_mode = on
        return self.broadcast(ChangeSet(mode=True))

    def _read_explanations(self) -> dict[str, Explanation]:
        # From review_state, not the review module (which re-exports it): opening a draft in the
        # window needs the 说明, and the review's actions are built after it is shown (issue 14).
        from govreport_gui.core.ops.review_state import explanations

        return explanations(self.draft)

    def explanation(self, result: RuleResult | TextProblem | FileProblem) -> str | None:
        """The 说明 that accepts this failing warning now (None: none, or its numbers changed;
        always for the file's own: a 说明 row of its id, written by hand, settles nothing)."""
        found = self._explanation_of(result)
        if found is None or result.severity is Severity.ERROR or not found.covers(result):
            return None
        return found.text

    def stale_explanation(self, result: RuleResult | TextProblem | FileProblem) -> str | None:
        """A 说明 written for other numbers of this warning (shown so it can be renewed)."""
        found = self._explanation_of(result)
        if found is None or not found.text.strip() or found.covers(result):
            return None
        return found.text

    def _explanation_of(self, result: RuleResult | TextProblem | FileProblem) -> Explanation | None:
        from govreport_gui.core.report.problems import FileProblem  # records only: cheap

        return None if isinstance(result, FileProblem) else self.explanations.get(result.id)

    def warnings(self) -> tuple[int, int]:
        """The warnings as ``check`` counts them, the text's and the file's included (the text's
        as shown: none while put off): (all, not explained)."""
        rules = [r for r in self.checker.problems() if r.severity is Severity.WARNING]
        found: list[RuleResult | TextProblem | FileProblem] = [
            *self.file_problems(),
            *rules,
            *self.shown_text_problems(),
        ]
        return len(found), sum(1 for p in found if self.explanation(p) is None)

    # -- reading -----------------------------------------------------------------------------

    def value(self, cell_id: str) -> Value | None:
        return self.draft.values.get(cell_id)

    def parse(self, cell_id: str, text: object) -> Value | None:
        """What typing ``text`` into the cell would store. Raises ValueInputError.

        A 不适用 mark (“/”, “—”) in a number cell clears it, as Delete does."""
        kind = self.form.cell(cell_id).kind
        if kind.is_numeric and is_not_applicable(text):
            return None
        return parse_value(kind, text)

    def parse_field(self, key: str, text: object) -> str:
        return parse_field(self.form.field(key), text)

    @property
    def editable(self) -> bool:
        return not self.draft.readonly and not self.draft.locked and not self.review_mode

    def check_editable(self) -> None:
        """Raise (a Chinese reason) unless values and fields may change now."""
        self.draft.check_writable()
        if self.review_mode:
            raise DraftReadOnlyError("审核模式下数值为只读；如需修改，请先退出审核模式。")

    # -- changing ----------------------------------------------------------------------------

    def write(
        self,
        values: Mapping[str, Value | None],
        fields: Mapping[str, str],
        kind: str,
        note: str = "",
    ) -> ChangeSet:
        """Save and re-check; the change set (not yet broadcast). Used by commands; raises
        DraftError when nothing was saved."""
        changes = self.draft.apply(values, fields, kind=kind, note=note)
        cells = tuple(c.target for c in changes if not c.target.startswith("field:"))
        field_keys = tuple(
            c.target.removeprefix("field:") for c in changes if c.target.startswith("field:")
        )
        rules = (
            self.checker.set_values({c: self.draft.values.get(c) for c in cells}) if cells else []
        )
        return ChangeSet(cells, field_keys, tuple(rules))

    def changed_only(
        self, values: Mapping[str, Value | None] | None, fields: Mapping[str, str] | None
    ) -> tuple[dict[str, Value | None], dict[str, str]]:
        """The values and fields that differ from what the draft holds (an op of no change is
        no undo step)."""
        return (
            {c: v for c, v in (values or {}).items() if self.draft.values.get(c) != v},
            {k: v for k, v in (fields or {}).items() if self.draft.fields.get(k, "") != v},
        )

    def edit(
        self,
        values: Mapping[str, Value | None] | None = None,
        fields: Mapping[str, str] | None = None,
        description: str = "修改",
        kind: str = HistoryKind.CELL,
    ) -> ChangeSet:
        """Apply an undoable change (one undo step, one transaction)."""
        changed_values, changed_fields = self.changed_only(values, fields)
        if not changed_values and not changed_fields:
            return ChangeSet()
        return self.run(EditValues(changed_values, changed_fields, description, kind))

    def undo(self) -> bool:
        return self._step(self.undo_stack.undo)

    def redo(self) -> bool:
        return self._step(self.undo_stack.redo)

    def _step(self, step: Callable[[ReportDocument], ChangeSet | None]) -> bool:
        """One undo or redo step; False when there was none to take."""
        self.check_editable()
        change = step(self)
        if change is None:
            return False
        self.broadcast(change)
        return True

    def close(self) -> None:
        self._listeners.clear()
        self.draft.close()


class PasteError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel and WPS put them on the clipboard."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows = [line.split("\t") for line in text.split("\n")]
    return [[cell.strip().strip('"') for cell in row] for row in rows]


def plan_paste(
    doc: ReportDocument,
    start_cell: str,
    grid: list[list[str]],
    not_applicable: list[str] | None = None,
) -> dict[str, Value | None]:
    """Where each pasted value goes, parsed. Raises PasteError (all reasons).

    Two shapes of a copied block are understood. Copied from the form's value rows (our own
    window, a values-only sheet), each pasted row goes to the next value row, headings skipped.
    Copied from our Excel export or the official template, the block also has a row for each
    heading, with its value cells empty: when every pasted row that lines up with a heading
    row (walking the table's rows from the start row) is blank and at least one heading is
    crossed, the pasted rows line up with the table's rows and the blank rows at headings are
    consumed, not applied. Any other block is read the first way.

    A 不适用 mark (“/”, “—”, as published tables print) is a blank; the cells that had one are
    added to ``not_applicable`` for the caller to say so.
    """
    form = doc.form
    start = form.cell(start_cell)
    table = next(t for t in form.tables if t.id == start.table_id)
    col_pos = next(i for i, c in enumerate(table.columns) if c.id == start.column.id)
    room = len(table.columns) - col_pos
    # Blank cells past the table's right edge are dropped: Excel and WPS copy a column with a
    # trailing tab when the next column was selected too but is empty.
    width = max((len(_without_trailing_blanks(r)) for r in grid), default=0)
    problems: list[str] = []
    targets = _paste_rows(table, start.row.id, grid, problems)
    if width > room:
        problems.append(f"粘贴了 {width} 列，但从此处往右只有 {room} 列。")
    if problems:
        raise PasteError(problems)
    plan: dict[str, Value | None] = {}
    for row, texts in targets:
        for c, text in enumerate(texts[:room]):
            cell = table.cell_at(row.id, table.columns[col_pos + c].id)
            assert cell is not None
            if cell.kind.is_numeric and is_not_applicable(text):
                plan[cell.id] = None
                if not_applicable is not None:
                    not_applicable.append(cell.id)
                continue
            try:
                plan[cell.id] = parse_value(cell.kind, text)
            except ValueInputError as exc:
                problems.append(f"“{cell.label}”：{exc.reason}")
    if problems:
        raise PasteError(problems)
    return plan


def _paste_rows(
    table: Table, start_row: str, grid: list[list[str]], problems: list[str]
) -> list[tuple[Row, list[str]]]:
    """The value row each pasted row goes to (see :func:`plan_paste`); too many rows: a problem."""
    below = table.rows[next(i for i, r in enumerate(table.rows) if r.id == start_row) :]
    lined_up = below[: len(grid)]
    headings = [i for i, row in enumerate(lined_up) if row.heading]
    if headings and all(not any(t and not is_not_applicable(t) for t in grid[i]) for i in headings):
        # The block was copied with the heading rows (blank there): row for row with the table.
        if len(grid) > len(below):
            problems.append(
                f"粘贴了 {len(grid)} 行（含标题行），但从此处往下表格只有 {len(below)} 行。"
            )
            return []
        return [(row, texts) for row, texts in zip(lined_up, grid, strict=True) if not row.heading]
    value_rows = [r for r in below if not r.heading]
    if len(grid) > len(value_rows):
        problems.append(f"粘贴了 {len(grid)} 行，但从此处往下只有 {len(value_rows)} 个可填的行。")
        return []
    return list(zip(value_rows, grid, strict=False))


def _without_trailing_blanks(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]
