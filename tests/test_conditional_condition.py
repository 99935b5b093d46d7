"""Whether a conditional format's rule may apply to a figure (``conditional_format.may_apply``): a
“cell value” rule comparing with numbers written in it is judged on the figure; anything this
program does not evaluate is taken as applying, so a rule that might hide a figure is never let
through on a guess."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from govreport_gui.core.layout.conditional_format import ConditionalRule, may_apply


def cell_is(operator: str, *formulas: str) -> ConditionalRule:
    return ConditionalRule("C5:C68", "cellIs", operator=operator, formulas=formulas)


JUDGED = [
    ("equal", ("0",), 0, True),
    ("equal", ("0",), 370, False),
    ("equal", ("0",), Decimal("0.00"), True),
    ("equal", ("=0",), 5, False),  # as some programs write it
    ("equal", (" 1.5 ",), Decimal("1.5"), True),
    ("equal", ("1E3",), 1000, True),
    ("equal", ("-1",), 0, False),
    ("notEqual", ("0",), 0, False),
    ("notEqual", ("0",), 3, True),
    ("greaterThan", ("100",), 100, False),
    ("greaterThan", ("100",), 101, True),
    ("greaterThanOrEqual", ("100",), 100, True),
    ("lessThan", ("0",), 0, False),
    ("lessThan", ("0",), -1, True),
    ("lessThanOrEqual", ("0",), 0, True),
    ("between", ("1", "5"), 5, True),
    ("between", ("1", "5"), 6, False),
    ("notBetween", ("1", "5"), 0, True),
    ("notBetween", ("1", "5"), 3, False),
]


@pytest.mark.parametrize(("operator", "formulas", "value", "applies"), JUDGED)
def test_a_comparison_with_numbers_is_judged_on_the_figure(
    operator: str, formulas: tuple[str, ...], value: Any, applies: bool
) -> None:
    assert may_apply(cell_is(operator, *formulas), value) is applies


NOT_JUDGED = {
    "another cell": (cell_is("equal", "$E$1"), 370),
    "a text operand": (cell_is("equal", '"abc"'), 370),
    "a function": (cell_is("equal", "SUM(1,2)"), 370),
    "a boolean operand": (cell_is("equal", "TRUE"), 370),
    "not a number": (cell_is("equal", "NaN"), 370),
    "a crafted long number": (cell_is("equal", "1" * 41), 370),
    "two signs": (cell_is("equal", "--1"), 370),
    "reversed bounds": (cell_is("between", "400", "300"), 370),
    "a bound missing": (cell_is("between", "1"), 370),
    "no operand": (cell_is("equal"), 370),
    "an unknown operator": (cell_is("containsText", "0"), 370),
    "no operator": (cell_is("", "0"), 370),
    "a text value": (cell_is("equal", "0"), "370"),
    "a formula value": (cell_is("equal", "0"), "=SUM(C6:C7)"),
    "a boolean value": (cell_is("equal", "0"), True),
    "a value that is no number": (cell_is("equal", "0"), Decimal("NaN")),
    "a formula rule": (ConditionalRule("C5:C68", "expression", formulas=("C5=0",)), 370),
    "top ten": (ConditionalRule("C5:C68", "top10"), 370),
}


@pytest.mark.parametrize("case", NOT_JUDGED)
def test_what_is_not_evaluated_is_taken_as_applying(case: str) -> None:
    rule, value = NOT_JUDGED[case]
    assert may_apply(rule, value) is True
