"""Last year's report of the same unit, for pre-filling and year-to-year checks.

Rules refer to last year's values with ``prev(cell)``; a new draft keeps a copy of those values
(so it stays one self-contained file). Only cells whose id exists in both forms are carried:
the 2019 and 2021 formats share the ids of their table 三, so a 2020 draft feeds a 2021 one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govreport_gui.core.draft import Draft, DraftOpenError
from govreport_gui.core.formdef import FormDef
from govreport_gui.core.rule_expr import Ref
from govreport_gui.core.values import Value


class PreviousYearError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreviousReport:
    values: dict[str, Value]
    fields: dict[str, str]
    form_id: str


def read_previous(path: Path, user: str, form: FormDef, unit: str = "") -> PreviousReport:
    try:
        draft = Draft.open(path, user, readonly=True)
    except DraftOpenError as exc:
        raise PreviousYearError(f"上一年度草稿无法打开：{exc.message}") from exc
    try:
        last_unit = draft.fields.get("unit", "")
        if unit and last_unit and unit != last_unit:
            raise PreviousYearError(
                f"上一年度草稿的填报单位是“{last_unit}”，与本年度“{unit}”不同。"
            )
        values = {c: v for c, v in draft.values.items() if form.has_cell(c)}
        return PreviousReport(values, dict(draft.fields), draft.form.id)
    finally:
        draft.close()


def carry_over_values(form: FormDef, previous: dict[str, Value]) -> dict[str, Value | None]:
    """Cells to pre-fill: the left side of each ``cell = prev(other)`` rule, from last year's value."""
    result: dict[str, Value | None] = {}
    for rule in form.rules:
        expr = rule.expr
        if expr.op != "=" or len(expr.left) != 1 or len(expr.right) != 1:
            continue
        left, right = expr.left[0].atom, expr.right[0].atom
        if (
            isinstance(left, Ref)
            and isinstance(right, Ref)
            and not left.previous_year
            and right.previous_year
            and right.name in previous
        ):
            result[left.name] = previous[right.name]
    return result
