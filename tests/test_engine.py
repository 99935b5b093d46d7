"""The rule engine on the 2014 form with the seed report's numbers, and on the 2-D test form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import FORM_2014_PATH, GRID_PATH, grid_good_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms.engine import Checker, RuleResult, Status
from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDef, RuleDef
from govreport_gui.core.forms.rule_expr import Comparison, Const, Max, Ref, Term, sum_rule_parts
from govreport_gui.core.forms.values import Kind, Number, Value

FORM_2014 = load_form(FORM_2014_PATH)
GRID = load_form(GRID_PATH)


# An independent evaluator of a rule, written from forms/README.md, to judge the engine by.
def _side(
    terms: tuple[Term, ...], values: dict[str, Any], previous: dict[str, Any] | None = None
) -> Number | None:
    def get(ref: Ref) -> Any:
        source = (previous or {}) if ref.previous_year else values
        return source.get(ref.name)

    total: Number = 0
    for term in terms:
        atom = term.atom
        if isinstance(atom, Const):
            v: Any = atom.value
        elif isinstance(atom, Ref):
            v = get(atom)
        else:
            assert isinstance(atom, Max)
            args = [get(a) for a in atom.args]
            v = None if any(a is None for a in args) else max(args)
        if v is None:
            return None
        total += term.sign * v
    return total


def oracle_holds(
    expr: Comparison, values: dict[str, Any], previous: dict[str, Any] | None = None
) -> bool | None:
    left, right = _side(expr.left, values, previous), _side(expr.right, values, previous)
    if left is None or right is None:
        return None
    return {
        "=": left == right,
        "<=": left <= right,
        ">=": left >= right,
        "<": left < right,
        ">": left > right,
    }[expr.op]


def failed_errors(checker: Checker) -> dict[str, RuleResult]:
    return {p.id: p for p in checker.problems() if p.severity == "error"}


# -- the seed report ------------------------------------------------------------------------------


def test_seed_numbers_check_clean(form_2014: FormDef, example_values: dict[str, Any]) -> None:
    assert set(example_values) == {c.id for c in form_2014.cells}
    checker = Checker(form_2014, example_values)
    summary = checker.summary()
    assert (summary.errors, summary.warnings, summary.blank, summary.incomplete) == (0, 0, 0, 0)
    assert checker.problems() == []
    assert all(r.status is Status.OK for r in checker.results)
    # the independent evaluator agrees that every rule holds
    assert all(oracle_holds(r.expr, example_values) for r in form_2014.rules)


ERROR_RULE_CELLS = [
    (rule.id, ref.name)
    for rule in FORM_2014.rules
    if rule.severity == "error"
    for ref in dict.fromkeys(rule.expr.refs())
    if not ref.previous_year
]


def test_every_cell_of_the_2014_form_error_rules_is_covered() -> None:
    assert len({rule for rule, _ in ERROR_RULE_CELLS}) == sum(
        r.severity == "error" for r in FORM_2014.rules
    )
    assert len(ERROR_RULE_CELLS) > 30


@pytest.mark.parametrize(("rule_id", "cell_id"), ERROR_RULE_CELLS)
def test_one_more_in_a_checked_cell_is_an_error(
    form_2014: FormDef, example_values: dict[str, Any], rule_id: str, cell_id: str
) -> None:
    rule = next(r for r in form_2014.rules if r.id == rule_id)
    values = dict(example_values)
    values[cell_id] += 1
    checker = Checker(form_2014, values)
    errors = failed_errors(checker)
    expected_to_fail = oracle_holds(rule.expr, values) is False
    if rule.expr.op == "=":
        assert expected_to_fail  # a sum can't absorb +1 in one of its cells
    if expected_to_fail:
        assert rule_id in errors, f"{cell_id} + 1 should break {rule_id}"
        problem = errors[rule_id]
        assert cell_id in problem.cells
        assert str(values[cell_id]) in problem.message
        assert checker.summary().errors == len(errors) >= 1
        return
    # An inequality with room to spare (the seed has 0 <= 370): +1 kept it. Pushing the smaller
    # side past the larger one breaks it, and the problem still lists this cell.
    assert rule_id not in errors
    left = _side(rule.expr.left, example_values)
    right = _side(rule.expr.right, example_values)
    assert left is not None and right is not None
    gap = abs(right - left)
    for pushed_id in dict.fromkeys([cell_id, *(r.name for r in rule.expr.refs())]):
        pushed = dict(example_values)
        pushed[pushed_id] += gap + 1
        if oracle_holds(rule.expr, pushed) is False:
            break
    else:
        pytest.fail(f"no single cell breaks {rule_id}")
    problem = failed_errors(Checker(form_2014, pushed))[rule_id]
    assert cell_id in problem.cells and pushed_id in problem.cells
    assert str(pushed[pushed_id]) in problem.message


def test_sum_error_message_shows_the_numbers(form_2014: FormDef, example_values: dict) -> None:
    values = dict(example_values, received=example_values["received"] + 1)
    problem = failed_errors(Checker(form_2014, values))["received_sum"]
    parts = ["received_in_person", "received_fax", "received_online", "received_letter"]
    for cell_id in ["received", *parts]:
        assert f"{form_2014.cell(cell_id).label} {values[cell_id]}" in problem.message
    assert problem.message.endswith(f"= {sum(values[p] for p in parts)}")
    assert (problem.left, problem.right) == (values["received"], sum(values[p] for p in parts))


# -- blanks ---------------------------------------------------------------------------------------


def test_removed_values_are_counted_as_blank(form_2014: FormDef, example_values: dict) -> None:
    removed = ["hot_topics", "received_fax", "budget"]
    for cell_id in removed:
        del example_values[cell_id]
    checker = Checker(form_2014, example_values)
    summary = checker.summary()
    assert summary.blank == 3
    assert checker.blank_cells() == [c.id for c in form_2014.cells if c.id in removed]
    assert summary.errors == 0 and summary.warnings == 0
    assert checker.result("received_sum").status is Status.INCOMPLETE
    assert checker.result("received_sum").blanks == ("received_fax",)


def test_blank_is_not_zero(form_2014: FormDef, example_values: dict) -> None:
    # received = 3 and the online part blank: 0 would make it an error; blank does not.
    example_values["received_online"] = None
    checker = Checker(form_2014, example_values)
    result = checker.result("received_sum")
    assert result.status is Status.INCOMPLETE
    assert result.expected is None
    assert "尚有 1 个空格未填" in result.message
    assert checker.summary().errors == 0
    assert checker.summary().blank == 1
    assert checker.summary().incomplete >= 1


SUM_RULES = [r for r in FORM_2014.rules if sum_rule_parts(r.expr) is not None]


@pytest.mark.parametrize("rule", SUM_RULES, ids=[r.id for r in SUM_RULES])
def test_blank_total_says_what_it_would_be(
    form_2014: FormDef, example_values: dict, rule: RuleDef
) -> None:
    parts_of = sum_rule_parts(rule.expr)
    assert parts_of is not None
    total, parts = parts_of
    example_values[total] = None
    checker = Checker(form_2014, example_values)
    result = checker.result(rule.id)
    expected = sum(example_values[p] for p in parts)
    assert result.status is Status.INCOMPLETE
    assert result.expected == expected
    assert f"合计应为 {expected}" in result.message
    assert checker.summary().errors == 0
    assert checker.summary().blank == 1
    assert checker.computable_totals()[total] == expected


def test_total_of_blank_totals_is_computed(form_2014: FormDef, example_values: dict) -> None:
    example_values["answered"] = None
    example_values["answered_refused"] = None
    checker = Checker(form_2014, example_values)
    refused_parts = sum_rule_parts(checker.result("answered_refused_sum").rule.expr)
    answered_parts = sum_rule_parts(checker.result("answered_sum").rule.expr)
    assert refused_parts and answered_parts
    refused = sum(example_values[p] for p in refused_parts[1])
    answered = sum(
        refused if p == "answered_refused" else example_values[p] for p in answered_parts[1]
    )
    assert checker.computable_totals() == {"answered": answered, "answered_refused": refused}
    assert checker.result("answered_sum").expected is None  # one of its parts is blank


def test_money_sums_stay_exact(form_2014: FormDef, example_values: dict) -> None:
    money = [c.id for c in form_2014.cells if c.kind is Kind.MONEY]
    assert money == ["fees", "budget"]
    example_values["fees"] = Decimal("0.1")
    example_values["budget"] = Decimal("0.2")
    assert Checker(form_2014, example_values).summary().errors == 0


# -- the 2-D test form ----------------------------------------------------------------------------


def test_grid_good_values_are_clean_and_prev_is_not_applicable(grid_form: FormDef) -> None:
    checker = Checker(grid_form, grid_good_values())
    assert all(oracle_holds(r.expr, grid_good_values()) in (True, None) for r in grid_form.rules)
    summary = checker.summary()
    assert (summary.errors, summary.warnings, summary.blank) == (0, 0, 0)
    prev_rules = [r for r in checker.results if r.rule.base_id == "carried_matches_last_year"]
    assert len(prev_rules) == len(grid_form.tables[0].columns)
    assert all(r.status is Status.NOT_APPLICABLE for r in prev_rules)
    assert {r.status for r in checker.results if r not in prev_rules} == {Status.OK}


GRID_VALUE_ROWS = [r for r in GRID.tables[0].rows if not r.heading]


@pytest.mark.parametrize("row", GRID_VALUE_ROWS, ids=[r.id for r in GRID_VALUE_ROWS])
def test_wrong_cell_in_column_b_flags_only_its_column_and_row(grid_form: FormDef, row: Any) -> None:
    values = grid_good_values()
    cell = grid_form.cell(f"{row.id}.b")
    values[cell.id] += 1  # type: ignore[operator]
    checker = Checker(grid_form, values)
    errors = failed_errors(checker)
    assert errors, f"{cell.id} + 1 broke nothing"
    expected = {
        r.id
        for r in grid_form.rules
        if r.severity == "error" and cell.id in [ref.name for ref in r.expr.refs()]
    }
    assert set(errors) == expected
    for rule_id, problem in errors.items():
        assert rule_id.endswith(("@b", f"@{row.id}")), rule_id
        assert cell.id in problem.cells
        assert f"{cell.label} {values[cell.id]}" in problem.message
        assert "乙" in problem.message and row.short in problem.message
    # a per-column rule for b and the per-row rule for this row, both named
    assert any(i.endswith("@b") for i in errors)
    assert f"row_total@{row.id}" in errors
    assert checker.summary().warnings == 0


def test_wrong_total_column_flags_only_that_row(grid_form: FormDef) -> None:
    values = grid_good_values()
    values["granted.total"] += 1  # type: ignore[operator]
    values["done.total"] += 1  # type: ignore[operator]
    errors = failed_errors(Checker(grid_form, values))
    # done.total = granted.total + refused.total still holds; balance@total breaks; the two rows'
    # totals break
    assert set(errors) == {"row_total@granted", "row_total@done", "balance@total"}


def test_prev_rule_warns_when_last_year_differs(grid_form: FormDef) -> None:
    values = grid_good_values()
    columns = [c.id for c in grid_form.tables[0].columns]
    previous: dict[str, Value | None] = {f"forward.{c}": values[f"carried.{c}"] for c in columns}
    checker = Checker(grid_form, values, previous=previous)
    prev_results = {c: checker.result(f"carried_matches_last_year@{c}") for c in columns}
    assert all(r.status is Status.OK for r in prev_results.values())
    assert checker.summary().warnings == 0

    previous["forward.b"] = values["carried.b"] + 5  # type: ignore[operator]
    changed = checker.set_previous(previous)
    assert [r.id for r in changed] == ["carried_matches_last_year@b"]
    problems = checker.problems()
    assert [p.id for p in problems] == ["carried_matches_last_year@b"]
    (problem,) = problems
    assert problem.severity == "warning"
    assert "上年" in problem.message and "乙" in problem.message
    assert str(previous["forward.b"]) in problem.message
    summary = checker.summary()
    assert (summary.errors, summary.warnings) == (0, 1)

    # last year's report unknown again: not applicable, no warning
    changed = checker.set_previous(None)
    assert sorted(r.id for r in changed) == sorted(
        f"carried_matches_last_year@{c}" for c in columns
    )
    assert checker.result("carried_matches_last_year@b").status is Status.NOT_APPLICABLE
    assert checker.summary().warnings == 0


def test_prev_rule_with_a_blank_last_year_cell_is_not_applicable(grid_form: FormDef) -> None:
    values = grid_good_values()
    checker = Checker(grid_form, values, previous={"forward.a": values["carried.a"]})
    assert checker.result("carried_matches_last_year@a").status is Status.OK
    assert checker.result("carried_matches_last_year@b").status is Status.NOT_APPLICABLE


# -- incremental checking ----------------------------------------------------------------------


def _value_strategy(kind: Kind) -> st.SearchStrategy[Value | None]:
    if kind is Kind.MONEY:
        return st.one_of(
            st.none(), st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("10"), Decimal("3.25")])
        )
    if kind is Kind.SIGNED:
        return st.one_of(st.none(), st.integers(-3, 5))
    return st.one_of(st.none(), st.integers(0, 5))


def _start(form: FormDef) -> tuple[dict[str, Value | None], dict[str, Value | None] | None]:
    if form is GRID:
        values = grid_good_values()
        return values, {
            f"forward.{c.id}": values[f"carried.{c.id}"] for c in form.tables[0].columns
        }
    import json

    from conftest import EXAMPLE_PATH

    from govreport_gui.core.forms.valuesfile import parse_values

    raw = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))["values"]
    return parse_values(form, raw), None


@st.composite
def edit_sequences(draw: st.DrawFn, form: FormDef) -> list[tuple[str, Value | None]]:
    cells = st.sampled_from(form.cells)
    steps = []
    for _ in range(draw(st.integers(1, 25))):
        cell = draw(cells)
        steps.append((cell.id, draw(_value_strategy(cell.kind))))
    return steps


def _replay(
    form: FormDef,
    steps: list[tuple[str, Value | None]],
    with_previous: bool,
    check_changed: bool,
) -> None:
    values, previous = _start(form)
    if not with_previous:
        previous = None
    checker = Checker(form, values, previous=previous)
    for cell_id, value in steps:
        before = list(checker.results)
        changed = checker.set_value(cell_id, value)
        values[cell_id] = value
        fresh = Checker(form, values, previous=previous)
        assert checker.results == fresh.results
        if check_changed:
            expected = {f.id for b, f in zip(before, fresh.results, strict=True) if b != f}
            assert sorted(r.id for r in changed) == sorted(expected), (cell_id, value)
        for result in changed:
            assert result == fresh.result(result.id)
    fresh = Checker(form, values, previous=previous)
    assert checker.summary() == fresh.summary()
    assert checker.problems() == fresh.problems()
    assert checker.blank_cells() == fresh.blank_cells()
    assert checker.computable_totals() == fresh.computable_totals()


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(edit_sequences(FORM_2014))
def test_incremental_state_equals_fresh_check_2014(steps: list) -> None:
    _replay(FORM_2014, steps, with_previous=False, check_changed=False)


@_SETTINGS
@given(edit_sequences(GRID), st.booleans())
def test_incremental_state_equals_fresh_check_grid(steps: list, with_previous: bool) -> None:
    _replay(GRID, steps, with_previous=with_previous, check_changed=False)


@_SETTINGS
@given(edit_sequences(FORM_2014))
def test_set_value_returns_exactly_the_changed_rules_2014(steps: list) -> None:
    _replay(FORM_2014, steps, with_previous=False, check_changed=True)


@_SETTINGS
@given(edit_sequences(GRID), st.booleans())
def test_set_value_returns_exactly_the_changed_rules_grid(steps: list, with_previous: bool) -> None:
    _replay(GRID, steps, with_previous=with_previous, check_changed=True)


def test_set_value_reports_a_change_of_a_rules_numbers(
    form_2014: FormDef, example_values: dict
) -> None:
    checker = Checker(form_2014, dict(example_values, proactive_info=100))
    before = checker.result("proactive_info_ge_largest_channel")
    assert before.failed
    changed = checker.set_value("gazette", 5)  # not the largest channel: the sums stay the same
    after = checker.result("proactive_info_ge_largest_channel")
    assert after.message != before.message  # the shown numbers did change ...
    assert "proactive_info_ge_largest_channel" in [r.id for r in changed]  # ... so report it


def test_set_value_reports_a_change_of_the_blank_count(
    form_2014: FormDef, example_values: dict
) -> None:
    values = dict(example_values, received_fax=None, received_letter=None)
    checker = Checker(form_2014, values)
    before = checker.result("received_sum")
    assert "尚有 2 个空格未填" in before.message
    changed = checker.set_value("received_fax", 0)
    after = checker.result("received_sum")
    assert "尚有 1 个空格未填" in after.message
    assert "received_sum" in [r.id for r in changed]


def test_set_value_of_an_unchanged_value_reports_nothing(
    form_2014: FormDef, example_values: dict
) -> None:
    checker = Checker(form_2014, example_values)
    assert checker.set_value("received", example_values["received"]) == []


def test_set_value_returns_the_new_results(form_2014: FormDef, example_values: dict) -> None:
    checker = Checker(form_2014, example_values)
    reads_received = {
        r.id for r in form_2014.rules if "received" in [x.name for x in r.expr.refs()]
    }
    changed = checker.set_value("received", 4)
    assert "received_sum" in [r.id for r in changed]
    assert {r.id for r in changed} <= reads_received
    by_id = {r.id: r for r in changed}
    assert by_id["received_sum"].failed and by_id["received_sum"].left == 4
    # closed <= received and answered <= received still hold with more received
    assert [r.id for r in changed if r.failed] == ["received_sum"]
    changed = checker.set_value("received", 3)
    assert {r.id: r.status for r in changed}["received_sum"] is Status.OK
    assert checker.summary().errors == 0


def test_set_values_equals_fresh(form_2014: FormDef, example_values: dict) -> None:
    checker = Checker(form_2014, example_values)
    edits = {"received": 5, "closed_on_time": None, "staff": 3, "budget": Decimal("1.5")}
    checker.set_values(edits)
    fresh = Checker(form_2014, {**example_values, **edits})
    assert checker.results == fresh.results
    assert checker.summary() == fresh.summary()


@pytest.mark.parametrize(
    "form_id", ["gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021", "grid"]
)
def test_a_compiled_rule_reads_sums_and_signs_as_the_form_writes_them(
    form_id: str, grid_form: FormDef
) -> None:
    """The compiled rules' total and parts are the form's ``total = part + …`` rules, the other
    fields what the rule's terms say (each term looked at once, issue 14)."""
    from govreport_gui.core.forms.engine import CompiledForm
    from govreport_gui.core.forms.registry import get_form

    form = grid_form if form_id == "grid" else get_form(form_id)
    index = {cell.id: cell.index for cell in form.cells}
    summed = 0
    for rule, compiled in zip(form.rules, CompiledForm(form).rules, strict=True):
        found = sum_rule_parts(rule.expr)
        expected = (index[found[0]], tuple(index[p] for p in found[1])) if found else (None, ())
        assert (compiled.total, compiled.parts) == expected, rule.id
        summed += found is not None
        terms = (*rule.expr.left, *rule.expr.right)
        refs = [a for t in terms for a in ((t.atom,) if isinstance(t.atom, Ref) else ())]
        refs += [a for t in terms if isinstance(t.atom, Max) for a in t.atom.args]
        assert compiled.uses_previous == any(r.previous_year for r in refs), rule.id
        this_year = [index[r.name] for r in refs if not r.previous_year]
        assert sorted(compiled.cells) == sorted(this_year), rule.id
        non_negative = all(form.cells[index[r.name]].kind in ("count", "money") for r in refs)
        assert compiled.monotone == (all(t.sign > 0 for t in terms) and non_negative), rule.id
    assert summed  # each form has sum rules: the test looks at some
