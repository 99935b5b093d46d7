"""Cell assignments and field values given as text (``govreport set received=12 --field …``).

Every problem is collected before anything is refused, so that one run names all of them and the
draft is changed either completely or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govreport_gui.core.forms.fields import FieldsError, parse_fields
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value, ValueInputError, parse_value


class AssignmentsError(ValueError):
    """Some assignments cannot be used; ``problems`` are Chinese lines, one per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def split_pairs(items: Iterable[str], what: str) -> dict[str, str]:
    """``KEY=VALUE`` texts as a dict (``what`` names them in messages, e.g. 字段).

    A key written twice is refused, as a values file refuses it (valuesfile.py): which of the two
    was meant cannot be told, and silently keeping the last one would save a number never checked.
    Raises :class:`AssignmentsError` with one problem, at the first unusable item.
    """
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise AssignmentsError([f"{what}应写成 KEY=VALUE，而不是“{item}”"])
        if key in result:
            raise AssignmentsError([f"{what}中“{key}”写了两次，不知道该用哪一个，请只写一次"])
        result[key] = value
    return result


@dataclass(frozen=True)
class Assignments:
    values: dict[str, Value | None]
    fields: dict[str, str]


def parse_assignments(
    form: FormDef, cells: Mapping[str, str], fields: Mapping[str, str]
) -> Assignments:
    """``cells`` (cell id → text; blank clears) and ``fields`` (key → text) parsed for ``form``.

    Raises :class:`AssignmentsError` naming every unknown cell, unusable value and bad field.
    """
    problems: list[str] = []
    values: dict[str, Value | None] = {}
    for cell_id, text in cells.items():
        if not form.has_cell(cell_id):
            problems.append(f"表单 {form.id} 没有单元格“{cell_id}”")
            continue
        cell = form.cell(cell_id)
        try:
            values[cell_id] = parse_value(cell.kind, text)
        except ValueInputError as exc:
            problems.append(f"{cell_id}（{cell.label}）：{exc.reason}")
    parsed_fields: dict[str, str] = {}
    try:
        parsed_fields = parse_fields(form, dict(fields))
    except FieldsError as exc:
        problems.extend(exc.problems)
    if problems:
        raise AssignmentsError(problems)
    return Assignments(values, parsed_fields)
