"""The rule engine: checks a form's values, whole or one edit at a time.

Rules are compiled once per form into flat tuples of cell indices, so re-checking after an edit
costs only the rules that read the edited cell (:meth:`Checker.set_value` returns the ones whose
state changed, for a screen to redraw just those cells).

Blank is not zero: a rule with a blank term is *incomplete*; when only its total is blank it says
what the total would be (``合计应为 3``). But when no value of the blanks could make the rule hold it
is reported at once (``已填分项之和 13 已超过合计 12``): for a rule whose every term is added (no
``-``) and reads only cells that cannot be negative (counts and money, by the cell's kind in the form),
each side ranges over ``[filled part, filled part + ∞)`` — or is exact when it has no blank — and the
rule is broken exactly when the two ranges cannot meet. A rule with a subtraction or a signed cell
gives no early verdict: a blank there can move its side either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import StrEnum

from govreport_gui.core.forms.formdef import FormDef, RuleDef, Severity
from govreport_gui.core.forms.record import Record, set_fields
from govreport_gui.core.forms.rule_expr import Comparison, Const, Max, Ref, Term
from govreport_gui.core.forms.values import Kind, Number, Value, format_number

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Final


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"
    INCOMPLETE = "incomplete"  # some term is blank
    NOT_APPLICABLE = "n/a"  # needs last year's report, and there is none


# The members under plain names where every rule's check reads them: a member read through its
# class costs CPython 3.11 a lookup through the enum's metaclass (see values.py, issue 14).
_OK, _FAILED, _INCOMPLETE, _NOT_APPLICABLE = (
    Status.OK,
    Status.FAILED,
    Status.INCOMPLETE,
    Status.NOT_APPLICABLE,
)
_ERROR = Severity.ERROR

_NEGATED: Final = {"=": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤"}
_SHOWN: Final = {"=": "=", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}

# A compiled term: (sign, kind, payload). kind 0 = this year's cell index, 1 = last year's cell
# index, 2 = constant, 3 = max over this year's cell indices, 4 = max over last year's.
_CompiledTerm = tuple[int, int, int, tuple[int, ...], Decimal]  # sign, kind, index, indices, const
_ZERO = Decimal(0)


class CompiledRule(Record):
    index: int
    rule: RuleDef
    left: tuple[_CompiledTerm, ...]
    right: tuple[_CompiledTerm, ...]
    op: str
    cells: tuple[int, ...]  # this year's cells the rule reads, in order of appearance
    anchor: int  # the cell the rule is "about" (first of the left side): orders problems
    total: int | None  # for total = part + part ...: the total's index
    parts: tuple[int, ...]
    uses_previous: bool
    # Every term added and every cell unable to be negative: a blank can only raise its side, so
    # a side with blanks is at least its filled part (see the module docstring).
    monotone: bool = False

    def __init__(  # see Record
        self,
        index: int,
        rule: RuleDef,
        left: tuple[_CompiledTerm, ...],
        right: tuple[_CompiledTerm, ...],
        op: str,
        cells: tuple[int, ...],
        anchor: int,
        total: int | None,
        parts: tuple[int, ...],
        uses_previous: bool,
        monotone: bool = False,
    ) -> None:
        set_fields(
            self,
            {
                "index": index,
                "rule": rule,
                "left": left,
                "right": right,
                "op": op,
                "cells": cells,
                "anchor": anchor,
                "total": total,
                "parts": parts,
                "uses_previous": uses_previous,
                "monotone": monotone,
            },
        )


class RuleResult(Record):
    rule: RuleDef
    status: Status
    left: Number | None
    right: Number | None
    expected: Number | None  # what a blank total would be, when all its parts are filled
    blanks: tuple[str, ...]  # blank cells of this year that the rule reads
    cells: tuple[str, ...]
    text: str  # the numbers: "收到申请数 3 ≠ 当面申请数 0 + … = 4"
    anchor: int

    def __init__(  # see Record
        self,
        rule: RuleDef,
        status: Status,
        left: Number | None,
        right: Number | None,
        expected: Number | None,
        blanks: tuple[str, ...],
        cells: tuple[str, ...],
        text: str,
        anchor: int,
    ) -> None:
        set_fields(
            self,
            {
                "rule": rule,
                "status": status,
                "left": left,
                "right": right,
                "expected": expected,
                "blanks": blanks,
                "cells": cells,
                "text": text,
                "anchor": anchor,
            },
        )

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def message(self) -> str:
        """One line for a person: what the rule says and the numbers that break it."""
        if self.status is Status.FAILED:
            return f"{self.rule.description}：{self.text}"
        if self.status is Status.INCOMPLETE and self.expected is not None:
            return f"{self.rule.description}：合计应为 {format_number(self.expected)}"
        if self.status is Status.INCOMPLETE:
            return f"{self.rule.description}：尚有 {len(self.blanks)} 个空格未填"
        return self.rule.description

    def state_key(self) -> tuple[object, ...]:
        # Everything a screen shows of the rule: its state, its numbers and what is still blank.
        return (self.status, self.left, self.right, self.expected, self.blanks, self.text)


class Summary(Record):
    errors: int
    warnings: int
    blank: int
    incomplete: int
    cells: int


class CompiledForm:
    """A form's rules in the shape the checker runs them; built once per form and shared."""

    def __init__(self, form: FormDef) -> None:
        self.form = form
        index_of = {cell.id: cell.index for cell in form.cells}
        unsigned = (Kind.COUNT, Kind.MONEY)
        non_negative = [cell.kind in unsigned for cell in form.cells]
        self.rules: list[CompiledRule] = []
        self.rules_of_cell: list[list[int]] = [[] for _ in form.cells]
        for rule in form.rules:
            compiled = _compile(len(self.rules), rule, index_of, non_negative)
            self.rules.append(compiled)
            for cell in dict.fromkeys(compiled.cells):
                self.rules_of_cell[cell].append(compiled.index)
        self.rule_by_id = {r.rule.id: r for r in self.rules}


def _compile(
    index: int, rule: RuleDef, index_of: Mapping[str, int], non_negative: list[bool]
) -> CompiledRule:
    # Plain loops: this runs for every rule of a form once per process (a ``check``), and the
    # generators and closures it had cost the 2021 form's 51 rules ≈ 5.5M instructions (issue 14).
    cells: list[int] = []
    uses_previous = False
    monotone = True  # see CompiledRule.monotone
    summed = True  # every term this year's cell, added: total = part + part … when "=" one left
    sides: list[tuple[_CompiledTerm, ...]] = []
    for terms in (rule.expr.left, rule.expr.right):
        side: list[_CompiledTerm] = []
        for t in terms:
            sign, atom = t.sign, t.atom
            if sign <= 0:
                monotone = summed = False
            if isinstance(atom, Ref):
                i = index_of[atom.name]
                monotone = monotone and non_negative[i]
                if atom.previous_year:
                    uses_previous = True
                    summed = False
                    side.append((sign, 1, i, (), _ZERO))
                else:
                    cells.append(i)
                    side.append((sign, 0, i, (), _ZERO))
            elif isinstance(atom, Const):
                summed = False
                side.append((sign, 2, -1, (), Decimal(atom.value)))
            else:
                assert isinstance(atom, Max)
                summed = False
                this_year = tuple(index_of[a.name] for a in atom.args if not a.previous_year)
                last_year = tuple(index_of[a.name] for a in atom.args if a.previous_year)
                if last_year and this_year:
                    raise ValueError(f"{rule.id}: max() 不能混用本年与上年")
                monotone = monotone and all(non_negative[i] for i in (*this_year, *last_year))
                if last_year:
                    uses_previous = True
                    side.append((sign, 4, -1, last_year, _ZERO))
                else:
                    cells.extend(this_year)
                    side.append((sign, 3, -1, this_year, _ZERO))
        sides.append(tuple(side))
    left, right = sides
    # total = part + part …, this year's cells only (what formdef.sum_rule_parts reads).
    total: int | None = None
    parts: tuple[int, ...] = ()
    if summed and rule.expr.op == "=" and len(left) == 1:
        total, parts = left[0][2], tuple([t[2] for t in right])
    return CompiledRule(
        index,
        rule,
        left,
        right,
        rule.expr.op,
        tuple(cells),
        cells[0] if cells else 0,  # the anchor
        total,
        parts,
        uses_previous,
        monotone,
    )


_COMPILED: dict[str, CompiledForm] = {}


def compiled(form: FormDef) -> CompiledForm:
    key = form.meaning  # what the fingerprint is taken over, without hashing it
    if key not in _COMPILED:
        _COMPILED[key] = CompiledForm(form)
    return _COMPILED[key]


def _holds(op: str, left: Number, right: Number) -> bool:
    """Whether ``left op right`` (the one comparison asked for, not all five)."""
    if op == "=":
        return left == right
    if op == "<=":
        return left <= right
    if op == ">=":
        return left >= right
    if op == "<":
        return left < right
    return left > right


class Checker:
    """Checks one set of values against a form; keeps every rule's last result."""

    def __init__(
        self,
        form: FormDef,
        values: Mapping[str, Value | None] | None = None,
        previous: Mapping[str, Value | None] | None = None,
    ) -> None:
        self.form = form
        self.compiled = compiled(form)
        self.values: list[Number | None] = [None] * len(form.cells)
        self.previous: list[Number | None] | None = None
        self.blank_count = len(form.cells)
        if values:
            for cell_id, value in values.items():
                self._store(form.cell(cell_id).index, value)
        if previous is not None:
            self.set_previous(previous, recheck=False)
        self.results: list[RuleResult] = [self._evaluate(r) for r in self.compiled.rules]

    # -- values ----------------------------------------------------------------------------

    def _store(self, index: int, value: Value | None) -> None:
        # Text cells are stored too (for the blank count); the loader lets no rule read them.
        old = self.values[index]
        new = None if value == "" else value
        self.values[index] = new  # type: ignore[assignment]
        self.blank_count += (old is not None) - (new is not None)

    def value(self, cell_id: str) -> Number | None:
        return self.values[self.form.cell(cell_id).index]

    def set_previous(
        self, previous: Mapping[str, Value | None] | None, recheck: bool = True
    ) -> list[RuleResult]:
        if previous is None:
            self.previous = None
        else:
            self.previous = [None] * len(self.form.cells)
            for cell_id, value in previous.items():
                if self.form.has_cell(cell_id) and not isinstance(value, str):
                    self.previous[self.form.cell(cell_id).index] = value
        if not recheck:
            return []
        return self._recheck(r.index for r in self.compiled.rules if r.uses_previous)

    def set_value(self, cell_id: str, value: Value | None) -> list[RuleResult]:
        """Store one value and re-check only the rules that read it; returns the changed results."""
        index = self.form.cell(cell_id).index
        self._store(index, value)
        return self._recheck(self.compiled.rules_of_cell[index])

    def set_values(self, values: Mapping[str, Value | None]) -> list[RuleResult]:
        touched: dict[int, None] = {}
        for cell_id, value in values.items():
            index = self.form.cell(cell_id).index
            self._store(index, value)
            touched.update(dict.fromkeys(self.compiled.rules_of_cell[index]))
        return self._recheck(touched)

    def _recheck(self, rule_indices: Iterable[int]) -> list[RuleResult]:
        changed = []
        for i in rule_indices:
            result = self._evaluate(self.compiled.rules[i])
            if result.state_key() != self.results[i].state_key():
                changed.append(result)
            self.results[i] = result
        return changed

    def check_all(self) -> list[RuleResult]:
        self.results = [self._evaluate(r) for r in self.compiled.rules]
        return self.results

    # -- results -----------------------------------------------------------------------------

    def problems(self) -> list[RuleResult]:
        """Failed rules, errors and warnings, in form order."""
        return sorted(
            (r for r in self.results if r.status is _FAILED),
            key=lambda r: (r.anchor, r.rule.severity is not _ERROR),
        )

    def results_for_cell(self, cell_id: str) -> list[RuleResult]:
        index = self.form.cell(cell_id).index
        return [self.results[i] for i in self.compiled.rules_of_cell[index]]

    def result(self, rule_id: str) -> RuleResult:
        return self.results[self.compiled.rule_by_id[rule_id].index]

    def blank_cells(self) -> list[str]:
        return [c.id for c in self.form.cells if self.values[c.index] is None and c.kind.is_numeric]

    def summary(self) -> Summary:
        errors = warnings = incomplete = 0
        for r in self.results:
            if r.status is _FAILED:
                if r.rule.severity is _ERROR:
                    errors += 1
                else:
                    warnings += 1
            elif r.status is _INCOMPLETE:
                incomplete += 1
        return Summary(errors, warnings, self.blank_count, incomplete, len(self.form.cells))

    def computable_totals(self) -> dict[str, Number]:
        """Blank totals whose parts are all filled (repeatedly, so a total of totals is found too)."""
        values = list(self.values)
        found: dict[str, Number] = {}
        progress = True
        while progress:
            progress = False
            for rule in self.compiled.rules:
                if rule.total is None or values[rule.total] is not None:
                    continue
                parts = [values[p] for p in rule.parts]
                if any(p is None for p in parts):
                    continue
                total: Number = sum(parts)  # type: ignore[arg-type]
                values[rule.total] = total
                found[self.form.cells[rule.total].id] = total
                progress = True
        return found

    # -- evaluation ----------------------------------------------------------------------------

    def _side(
        self, terms: tuple[_CompiledTerm, ...]
    ) -> tuple[Number | None, list[int], bool, Number]:
        """Sum of one side; the blank cells it met; whether last year's values were missing; and
        the sum of what is filled (a blank counted as 0, a max with blanks as its largest filled
        argument) — the least the side can be when the rule is monotone."""
        total: Number = 0
        filled: Number = 0
        blanks: list[int] = []
        missing_previous = False
        values = self.values
        v: Number | None
        for sign, kind, index, indices, const in terms:
            if kind == 0:
                v = values[index]
                if v is None:
                    blanks.append(index)
                    continue
            elif kind == 2:
                v = const
            elif kind == 3:
                vals = [values[i] for i in indices]
                missing = [i for i, x in zip(indices, vals, strict=True) if x is None]
                present = [x for x in vals if x is not None]
                if missing:
                    blanks.extend(missing)
                    filled = filled + max(present, default=0) * sign
                    continue
                v = max(present)
            else:
                prev = self.previous
                if prev is None:
                    missing_previous = True
                    continue
                if kind == 1:
                    v = prev[index]
                else:
                    pvals = [prev[i] for i in indices]
                    v = (
                        None
                        if any(x is None for x in pvals)
                        else max(x for x in pvals if x is not None)
                    )
                if v is None:
                    missing_previous = True
                    continue
            total = total + v if sign > 0 else total - v
            filled = filled + v if sign > 0 else filled - v
        return (None if blanks or missing_previous else total), blanks, missing_previous, filled

    def _evaluate(self, rule: CompiledRule) -> RuleResult:
        left, left_blanks, left_prev, left_filled = self._side(rule.left)
        right, right_blanks, right_prev, right_filled = self._side(rule.right)
        blanks = left_blanks + right_blanks
        expected: Number | None = None
        text = ""
        if left_prev or right_prev:
            status = _NOT_APPLICABLE
        elif left is None or right is None:
            status = _INCOMPLETE
            if rule.monotone and _cannot_meet(rule.op, left, left_filled, right, right_filled):
                # No value of the blanks can mend it: report it now, with the filled sums.
                status = _FAILED
                text = self._early_text(rule, left, left_filled, right, right_filled)
                left = left_filled if left is None else left
                right = right_filled if right is None else right
            elif rule.total is not None and left_blanks == [rule.total] and right is not None:
                expected = right
        else:
            holds = _holds(rule.op, left, right)
            status = _OK if holds else _FAILED
            if not holds:
                text = self._numbers_text(rule, left, right)
        cells = self.form.cells
        return RuleResult(
            rule=rule.rule,
            status=status,
            left=left,
            right=right,
            expected=expected,
            blanks=tuple(cells[i].id for i in dict.fromkeys(blanks)),
            cells=tuple(cells[i].id for i in dict.fromkeys(rule.cells)),
            text=text,
            anchor=rule.anchor,
        )

    def _early_text(
        self,
        rule: CompiledRule,
        left: Number | None,
        left_filled: Number,
        right: Number | None,
        right_filled: Number,
    ) -> str:
        """Why a rule with blanks is already broken: the filled part of one side already passes
        the other, complete side (``已填分项之和 13 已超过合计 12``)."""
        if left is None:
            partial_terms, low, full_terms, full = rule.left, left_filled, rule.right, right
        else:
            partial_terms, low, full_terms, full = rule.right, right_filled, rule.left, left
        assert full is not None
        verb = "已超过" if low > full else "已达到"
        blank_count = len(
            {
                i
                for _sign, kind, index, indices, _c in partial_terms
                for i in ((index,) if kind == 0 else indices if kind == 3 else ())
                if self.values[i] is None
            }
        )
        filled_text = self._terms_text(partial_terms, only_filled=True) or "（无）"
        if rule.total is not None and partial_terms is rule.right:
            return (
                f"已填分项之和 {format_number(low)} {verb}合计 {format_number(full)}"
                f"（已填：{filled_text}；另有 {blank_count} 项未填，填什么都只会更大）"
            )
        full_text = self._terms_text(full_terms, only_filled=False)
        if len(full_terms) > 1:
            full_text += f" = {format_number(full)}"
        filled_pieces = sum(
            1
            for _sign, kind, index, indices, _c in partial_terms
            if kind in (1, 2, 4)
            or (kind == 0 and self.values[index] is not None)
            or (kind == 3 and any(self.values[i] is not None for i in indices))
        )
        if filled_pieces != 1:
            filled_text += f" = {format_number(low)}"
        return (
            f"已填的 {filled_text} {verb} {full_text}"
            f"（另有 {blank_count} 格未填，填什么都只会更大）"
        )

    def _terms_text(self, terms: tuple[_CompiledTerm, ...], only_filled: bool) -> str:
        pieces: list[str] = []
        for sign, kind, index, indices, const in terms:
            source = self.values if kind in (0, 3) else (self.previous or self.values)
            if kind in (0, 1):
                if only_filled and source[index] is None:
                    continue
                cell = self.form.cells[index]
                label = cell.label if kind == 0 else f"上年{cell.label}"
                piece = f"{label} {format_number(source[index])}"
            elif kind == 2:
                piece = format_number(const)
            else:
                names = "、".join(
                    f"{self.form.cells[i].label} {format_number(source[i])}"
                    for i in indices
                    if not only_filled or source[i] is not None
                )
                piece = f"最大值（{names or '全部未填'}）"
            if not pieces:
                pieces.append(piece if sign > 0 else f"− {piece}")
            else:
                pieces.append(f"{'+' if sign > 0 else '−'} {piece}")
        return " ".join(pieces)

    def _numbers_text(self, rule: CompiledRule, left: Number | None, right: Number | None) -> str:
        """``收到申请数 3 ≠ 当面申请数 0 + 传真申请数 0 + 网络申请数 2 + 信函申请数 1 = 4``."""

        def side(terms: tuple[_CompiledTerm, ...], total: Number | None) -> str:
            text = self._terms_text(terms, only_filled=False)
            if len(terms) > 1 or terms[0][1] in (3, 4):
                text += f" = {format_number(total)}"
            return text

        return f"{side(rule.left, left)} {_NEGATED[rule.op]} {side(rule.right, right)}"


def _cannot_meet(
    op: str, left: Number | None, left_low: Number, right: Number | None, right_low: Number
) -> bool:
    """Whether ``left OP right`` fails for every value of the blanks, each side being exact when
    complete (``left``/``right``) and otherwise any number from its filled part up (a monotone
    rule: blanks only add)."""
    low_l = left if left is not None else left_low
    low_r = right if right is not None else right_low
    # None = unbounded above (the side has a blank).
    if op == "=":
        return (right is not None and low_l > right) or (left is not None and low_r > left)
    if op == "<=":
        return right is not None and low_l > right
    if op == "<":
        return right is not None and low_l >= right
    if op == ">=":
        return left is not None and low_r > left
    if op == ">":
        return left is not None and low_r >= left
    return False


def describe_rule(rule: RuleDef, form: FormDef) -> str:
    """The rule as a readable formula with cell labels (``收到申请数 = 当面申请数 + …``)."""
    return _formula(rule.expr, form)


def _formula(expr: Comparison, form: FormDef) -> str:
    def atom_text(atom: object) -> str:
        if isinstance(atom, Ref):
            label = form.cell(atom.name).label
            return f"上年{label}" if atom.previous_year else label
        if isinstance(atom, Max):
            return "最大值（" + "、".join(atom_text(a) for a in atom.args) + "）"
        assert isinstance(atom, Const)
        return str(atom.value)

    def side(terms: tuple[Term, ...]) -> str:
        out = []
        for n, term in enumerate(terms):
            sign = ("− " if term.sign < 0 else "") if n == 0 else ("− " if term.sign < 0 else "+ ")
            out.append(sign + atom_text(term.atom))
        return " ".join(out)

    return f"{side(expr.left)} {_SHOWN[expr.op]} {side(expr.right)}"
