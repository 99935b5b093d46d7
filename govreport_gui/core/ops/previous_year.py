"""Last year's report of the same unit, for pre-filling and year-to-year checks.

Rules refer to last year's values with ``prev(cell)``; a new draft keeps a copy of those values
(so it stays one self-contained file). Only cells whose id exists in both forms are carried:
the 2019 and 2021 formats share the ids of their table 三, so a 2020 draft feeds a 2021 one.
A draft is refused as last year's report when its year is missing or not the year before, when it
is another unit's, or when its form has none of the cells the new form reads with ``prev()``
(a 2018 report on the 2014 form cannot feed a 2019 one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.rule_expr import Ref
from govreport_gui.core.forms.values import Value
from govreport_gui.core.store.draft import Draft, DraftOpenError


class PreviousYearError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PreviousReport:
    values: dict[str, Value]
    fields: dict[str, str]
    form_id: str

    @property
    def year(self) -> int:
        """Last year's report year (always set: :func:`read_previous` refuses a draft without)."""
        return int(self.fields["year"])


def previous_year_cells(form: FormDef) -> set[str]:
    """The cells whose last-year value ``form`` reads (``prev(cell)`` in its rules)."""
    return {ref.name for rule in form.rules for ref in rule.expr.refs() if ref.previous_year}


def read_previous(
    path: Path, user: str, form: FormDef, unit: str = "", year: str | int | None = None
) -> PreviousReport:
    """Last year's report for a new draft of ``form`` (and of ``unit`` and ``year`` when given).

    Raises :class:`PreviousYearError` when the draft cannot be opened, has no year, is not of the
    year before ``year``, is another unit's, or has nothing the new form can use.
    """
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
        last_year = draft.fields.get("year", "")
        if not (last_year.isascii() and last_year.isdigit()):
            raise PreviousYearError(f"上一年度草稿没有填写年度，无法确认它是哪一年的报告：{path}")
        this_year = str(year if year is not None else "").strip()
        if this_year.isascii() and this_year.isdigit():
            wanted = int(this_year) - 1
            if int(last_year) != wanted:
                raise PreviousYearError(
                    f"上一年度草稿是 {last_year} 年度的报告，而本年度是 {wanted + 1} 年度："
                    f"应使用 {wanted} 年度的报告。"
                )
        # The cells the rules read as last year's, and those the text's 比上年 phrases compare
        # (a 2014 report has no prev() rule, but its text may say 比上年增长X%).
        needed = previous_year_cells(form) | {c for f in form.text_figures for c in f.cells}
        usable = {c for c in needed if draft.form.has_cell(c)}
        if not usable:
            raise PreviousYearError(_nothing_to_carry(form, draft.form))
        values = {c: v for c, v in draft.values.items() if form.has_cell(c)}
        return PreviousReport(values, dict(draft.fields), draft.form.id)
    finally:
        draft.close()


def _nothing_to_carry(form: FormDef, last_form: FormDef) -> str:
    if not previous_year_cells(form) and not form.text_figures:
        return f"{form_name(form)}不使用上一年度的数据，无需上一年度草稿。"
    return (
        f"上一年度草稿使用 {form_name(last_form)}，其中没有 {form_name(form)}可以结转或核对的数据。"
    )


_ISSUE_YEAR = re.compile(r"〔(\d{4})〕")


def form_name(form: FormDef) -> str:
    """A form as the user knows it, for messages (never its id):
    ``2014 年版《政府信息公开情况统计表》（2014–2018 年度）``. The edition is the year of the
    document that issued the format (〔2014〕 in 国办发〔2014〕32号), else its first year."""
    issued = _ISSUE_YEAR.search(form.basis)
    edition = issued.group(1) if issued else form.first_year
    name = f"《{form.title}》"
    if edition:
        name = f"{edition} 年版{name}"
    if form.years_text:
        name = f"{name}（{form.years_text}）"
    return name


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
