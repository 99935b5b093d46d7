"""Rules whose filled cells already break them are reported at once, blanks or not.

A rule ``total = part + part`` with the total 3 and filled parts adding up to 4 cannot be mended by
any value of the blank parts: it is an error now ("已填分项之和 4 已超过合计 3"). Only rules whose
terms are all added and whose cells cannot be negative (by the cell's kind in the form) get such an
early verdict; a subtraction or a signed cell keeps the rule waiting until it is filled.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govreport_gui.cli.main import main
from govreport_gui.core.forms.engine import Checker, Status
from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDef, RuleDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.rule_expr import Const, Max, Ref, Term
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft

FORMS = {year: get_form(f"gov-disclosure-{year}") for year in ("2014", "2019", "2021")}


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


# -- real rules of the three forms ------------------------------------------------------------


def test_2014_received_with_parts_over_the_total_is_an_error_now() -> None:
    checker = Checker(FORMS["2014"], {"received": 3, "received_online": 2, "received_letter": 2})
    result = checker.result("received_sum")
    assert result.status is Status.FAILED and result.severity == "error"
    assert "已填分项之和 4 已超过合计 3" in result.message
    assert result.blanks == ("received_in_person", "received_fax")
    assert [p.id for p in checker.problems()] == ["received_sum"]
    assert checker.summary().errors == 1


def test_2014_received_not_yet_over_waits_and_still_says_what_the_total_would_be() -> None:
    checker = Checker(FORMS["2014"], {"received": 4, "received_online": 2, "received_letter": 2})
    assert checker.result("received_sum").status is Status.INCOMPLETE  # 0 + 0 + 2 + 2 = 4 may hold
    parts = {"received_in_person": 0, "received_fax": 1, "received_online": 2, "received_letter": 2}
    blank_total = Checker(FORMS["2014"], parts).result("received_sum")
    assert blank_total.status is Status.INCOMPLETE
    assert blank_total.message.endswith("合计应为 5")


def test_2014_part_within_its_parent_is_checked_early() -> None:
    # 其中：主要负责同志参加 ≤ 总次数: with the total filled, a larger 其中 is wrong already; with
    # the 其中 filled and the total blank, nothing is known yet.
    form = FORMS["2014"]
    early = Checker(form, {"press_conferences": 2, "press_conferences_leader": 3})
    assert early.result("press_conferences_leader_within").failed
    waiting = Checker(form, {"press_conferences_leader": 3})
    assert waiting.result("press_conferences_leader_within").status is Status.INCOMPLETE


def test_2014_warning_rule_warns_early() -> None:
    # 主动公开政府信息数 ≥ 最大值（五个渠道）: one channel already larger than the total.
    checker = Checker(FORMS["2014"], {"proactive_info": 3, "website": 5})
    result = checker.result("proactive_info_ge_largest_channel")
    assert result.failed and result.severity == "warning"
    assert "已填的 最大值（政府网站公开政府信息数 5） 已超过 主动公开政府信息数 3" in result.message
    assert [p.severity for p in checker.problems()] == ["warning"]


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_table_3_column_total_with_a_blank_part_already_exceeded(year: str) -> None:
    form = FORMS[year]
    values: dict[str, Value | None] = {
        "total.natural": 5,
        "granted.natural": 4,
        "partly_granted.natural": 2,
    }
    checker = Checker(form, values)
    result = checker.result("results_total_sum@natural")
    assert result.failed and result.severity == "error"
    assert "已填分项之和 6 已超过合计 5" in result.message
    # the other columns are untouched: still blank, no verdict
    assert checker.result("results_total_sum@commercial").status is Status.INCOMPLETE


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_table_3_row_total_over_applicants(year: str) -> None:
    checker = Checker(FORMS[year], {"new.total": 1, "new.natural": 1, "new.commercial": 1})
    result = checker.result("applicants_total_sum@new")
    assert result.failed and "已填分项之和 2 已超过合计 1" in result.message


def test_2021_subtraction_rule_gives_no_early_verdict() -> None:
    # 现行有效 = 上年现行有效 + 本年制发 − 本年废止: 1 = 5 + 0 − 4 is possible, so a blank
    # 废止 must not be taken as "at least 0" on the right side.
    form = FORMS["2021"]
    previous = {"regulations.in_force": 5}
    values = {"regulations.in_force": 1, "regulations.issued": 0}
    checker = Checker(form, values, previous=previous)
    assert checker.result("in_force_carried@regulations").status is Status.INCOMPLETE
    checker.set_value("regulations.repealed", 4)
    assert checker.result("in_force_carried@regulations").status is Status.OK
    checker.set_value("regulations.repealed", 3)
    assert checker.result("in_force_carried@regulations").failed


SIGNED_FORM = """
id = "signed-test"
title = "测试表"

[[tables]]
id = "main"

[[tables.rows]]
id = "total"
label = "项目数量"
unit = "项"

[[tables.rows.checks]]
id = "total_sum"
expr = "self = base + change"

[[tables.rows]]
id = "base"
label = "上一年项目数量"
unit = "项"

[[tables.rows]]
id = "change"
label = "本年增/减"
unit = "项"
kind = "signed"
"""


def test_signed_cell_rule_gives_no_early_verdict() -> None:
    form = parse_form(SIGNED_FORM)
    checker = Checker(form, {"total": 3, "base": 5})  # 3 = 5 + (−2) is possible
    assert checker.result("total_sum").status is Status.INCOMPLETE
    checker.set_value("change", -2)
    assert checker.result("total_sum").status is Status.OK


def test_signed_cell_in_the_2019_form_is_marked_signed() -> None:
    # The non-negativity comes from the form's cell kinds: 本年增/减 is signed there.
    assert FORMS["2019"].cell("licensing.change").kind is Kind.SIGNED
    assert FORMS["2019"].cell("licensing.last_year_items").kind is Kind.COUNT


# -- what check and the blockers show -----------------------------------------------------------


def test_check_command_reports_the_early_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "values.json"
    document = {
        "form": "gov-disclosure-2014",
        "fields": {"unit": "某局", "year": "2018"},
        "values": {"received": 3, "received_online": 2, "received_letter": 2},
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "已填分项之和 4 已超过合计 3" in out


def test_blockers_list_the_early_error(tmp_path: Path) -> None:
    form = FORMS["2014"]
    values = {"received": 3, "received_online": 2, "received_letter": 2}
    draft = Draft.create(tmp_path / "d.nianbao", form, "填报人", {"unit": "某局"}, values)
    try:
        errors = [b for b in review.blockers(draft) if b.kind == "error"]
    finally:
        draft.close()
    assert [b.target for b in errors] == ["received_sum"]
    assert "已填分项之和 4 已超过合计 3" in errors[0].message


# -- the early verdict against brute force ------------------------------------------------------


def _all_rules() -> list[tuple[FormDef, RuleDef]]:
    return [(form, rule) for form in FORMS.values() for rule in form.rules]


def _eval_side(terms: tuple[Term, ...], values: dict[str, Any], previous: dict[str, Any]) -> Any:
    total: Any = 0
    for term in terms:
        atom = term.atom
        if isinstance(atom, Const):
            v: Any = atom.value
        elif isinstance(atom, Ref):
            v = (previous if atom.previous_year else values)[atom.name]
        else:
            assert isinstance(atom, Max)
            v = max((previous if a.previous_year else values)[a.name] for a in atom.args)
        total += term.sign * v
    return total


def _holds(rule: RuleDef, values: dict[str, Any], previous: dict[str, Any]) -> bool:
    left = _eval_side(rule.expr.left, values, previous)
    right = _eval_side(rule.expr.right, values, previous)
    return {
        "=": left == right,
        "<=": left <= right,
        ">=": left >= right,
        "<": left < right,
        ">": left > right,
    }[rule.expr.op]


def _may_be_negative(form: FormDef, rule: RuleDef) -> bool:
    terms = (*rule.expr.left, *rule.expr.right)
    return any(t.sign < 0 for t in terms) or any(
        form.cell(r.name).kind not in (Kind.COUNT, Kind.MONEY) for r in rule.expr.refs()
    )


@st.composite
def partial_fills(draw: st.DrawFn) -> tuple[FormDef, RuleDef, dict[str, Any], dict[str, Any]]:
    form, rule = draw(st.sampled_from(_all_rules()))
    cells = list(dict.fromkeys(r.name for r in rule.expr.refs() if not r.previous_year))
    previous = {r.name: draw(st.integers(0, 4)) for r in rule.expr.refs() if r.previous_year}
    # Small numbers and few blanks keep the brute force below quick on the long sums of table 三.
    small = len(cells) <= 8
    most = 3 if small else 2
    blanks = draw(st.sets(st.sampled_from(cells), min_size=1, max_size=min(most, len(cells))))
    values: dict[str, Any] = {}
    for cell in cells:
        if cell in blanks:
            continue
        low = -3 if form.cell(cell).kind is Kind.SIGNED else 0
        values[cell] = draw(st.integers(low, 4 if small else 2))
    return form, rule, values, previous


def _some_fill_holds(
    form: FormDef, rule: RuleDef, values: dict[str, Any], previous: dict[str, Any]
) -> bool:
    this_year = dict.fromkeys(r.name for r in rule.expr.refs() if not r.previous_year)
    blanks = [c for c in this_year if c not in values]
    # Any solution needs no blank larger than all the filled numbers together (plus one for a
    # strict comparison): the difference it has to make up is no larger than that.
    bound = sum(abs(v) for v in (*values.values(), *previous.values())) + 1
    for fill in itertools.product(range(bound + 1), repeat=len(blanks)):
        if _holds(rule, {**values, **dict(zip(blanks, fill, strict=True))}, previous):
            return True
    return False


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_fills())
def test_early_error_iff_no_fill_of_the_blanks_holds(
    case: tuple[FormDef, RuleDef, dict[str, Any], dict[str, Any]],
) -> None:
    form, rule, values, previous = case
    checker = Checker(form, values, previous=previous)
    result = checker.result(rule.id)
    if _may_be_negative(form, rule):
        assert result.status is Status.INCOMPLETE, (rule.id, values)
        return
    possible = _some_fill_holds(form, rule, values, previous)
    assert result.failed is (not possible), (rule.id, values, previous, result.message)
    event("early verdict" if result.failed else "no verdict yet")
    if result.failed:
        assert result.text and result.blanks


# -- incremental checking gives the same as a full check ----------------------------------------


@st.composite
def edits(draw: st.DrawFn) -> tuple[FormDef, list[tuple[str, Value | None]], dict[str, Any]]:
    form = draw(st.sampled_from(list(FORMS.values())))
    # Few distinct cells, so that rules often have some parts filled and some blank.
    pool = draw(st.lists(st.sampled_from(form.cells), min_size=1, max_size=12, unique=True))
    steps: list[tuple[str, Value | None]] = []
    for _ in range(draw(st.integers(1, 30))):
        cell = draw(st.sampled_from(pool))
        low = -3 if cell.kind is Kind.SIGNED else 0
        steps.append((cell.id, draw(st.one_of(st.none(), st.integers(low, 6)))))
    # Last year's report, complete, so that the rules reading prev() take part too.
    shift = draw(st.integers(0, 6))
    previous = {c.id: (c.index * 5 + shift) % 7 for c in form.cells}
    return form, steps, previous


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_incremental_early_verdicts_equal_a_full_check(
    case: tuple[FormDef, list[tuple[str, Value | None]], dict[str, Any]],
) -> None:
    form, steps, previous = case
    checker = Checker(form, previous=previous)
    values: dict[str, Value | None] = {}
    for cell_id, value in steps:
        before = list(checker.results)
        changed = checker.set_value(cell_id, value)
        values[cell_id] = value
        fresh = Checker(form, values, previous=previous)
        assert checker.results == fresh.results
        expected = {f.id for b, f in zip(before, fresh.results, strict=True) if b != f}
        assert {r.id for r in changed} == expected
    assert checker.problems() == Checker(form, values, previous=previous).problems()
