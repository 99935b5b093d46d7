"""A complete, consistent report for the 2019 and 2021 forms (no errors, no warnings): the figures
the export, layout and window tests draw, and the keystroke benchmark types into."""

from __future__ import annotations

from decimal import Decimal

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Kind, Value

SECTION_2_VALUES: dict[str, Value] = {
    # 2019
    "made": 2,
    "published": 2,
    "public_total": 10,
    "last_year_items": 5,
    "change": -2,
    "items": 4,
    # 2021
    "issued": 3,
    "repealed": 1,
    "in_force": 20,
    # both
    "decisions": 7,
}
APPEALS = {
    "review_upheld": 1,
    "review_corrected": 0,
    "review_other": 0,
    "review_pending": 1,
    "review_total": 2,
    "direct_suit_upheld": 0,
    "direct_suit_corrected": 1,
    "direct_suit_other": 0,
    "direct_suit_pending": 0,
    "direct_suit_total": 1,
    "review_suit_upheld": 0,
    "review_suit_corrected": 0,
    "review_suit_other": 0,
    "review_suit_pending": 0,
    "review_suit_total": 0,
}


def consistent_values(form: FormDef) -> dict[str, Value | None]:
    """A complete, consistent report for the 2019 or 2021 form (no errors, no warnings)."""
    values: dict[str, Value | None] = {}
    for table in form.tables:
        if table.id == "applications":
            continue
        for cell in table.cells:
            if cell.kind is Kind.MONEY:
                values[cell.id] = Decimal("24252.311082")
            elif table.id == "appeals":
                values[cell.id] = APPEALS[cell.column.id]
            else:
                values[cell.id] = SECTION_2_VALUES[cell.column.id]
    table = next(t for t in form.tables if t.id == "applications")
    columns = [c.id for c in table.columns if c.id != "total"]
    results = [
        r.id
        for r in table.rows
        if not r.heading and r.id not in ("new", "carried_over", "total", "carry_forward")
    ]
    for i, column in enumerate(columns):
        total = 0
        for j, row in enumerate(results):
            number = (i * 7 + j * 3) % 5 if i < 2 else int((i + j) % 4 == 0)
            values[f"{row}.{column}"] = number
            total += number
        forward, carried = i % 3, int(i == 0)
        values[f"total.{column}"] = total
        values[f"carry_forward.{column}"] = forward
        values[f"carried_over.{column}"] = carried
        values[f"new.{column}"] = total + forward - carried
    for row in table.rows:
        if not row.heading:
            values[f"{row.id}.total"] = sum(int(values[f"{row.id}.{c}"] or 0) for c in columns)
    return values
