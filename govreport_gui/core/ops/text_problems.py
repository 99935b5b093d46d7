"""The problems of a draft's report text (issue 16), for everything that treats them as warnings
like the rules' — ``check``, the blockers of submission and sign-off, 说明, the window's panel."""

from __future__ import annotations

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.report.problems import TextProblem
from govreport_gui.core.report.sections import section_name
from govreport_gui.core.store.draft import Draft

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from collections.abc import Mapping

    from govreport_gui.core.forms.engine import Checker

TEXT_RULE_PREFIX = "text."  # the rule ids of text problems: text.figure.X@SECTION, text.numbering@…


def sections_of(draft: Draft) -> dict[str, str]:
    """The report's text as it reads: the sections in force with text, by id."""
    if not draft.texts:
        return {}
    return {s.id: s.text for s in report_text(draft).sections if s.text.strip()}


def draft_text_problems(draft: Draft) -> list[TextProblem]:
    """Every problem of the draft's text against its figures (and last year's, when linked)."""
    sections = sections_of(draft)
    if not sections:
        return []
    from govreport_gui.core.report.text_checks import check_text, report_year

    values: dict[str, Value | None] = dict(draft.values)
    previous: dict[str, Value | None] | None = (
        None if draft.previous is None else dict(draft.previous)
    )
    year = report_year(draft.fields.get("year"))
    return check_text(draft.form, sections, values, previous, year)


def values_text_problems(
    checker: Checker, sections: Mapping[str, str], year: str | None = None
) -> list[TextProblem]:
    """The problems of a report's text (``sections``: ``{section id: text}``) against the values
    ``checker`` checked, and last year's when it has them (a draft's ``--previous``): none without
    text, and the text checks are imported only when there is some (a ``check`` of the tables
    alone loads nothing more). ``year``: the report's ``year`` field, as read."""
    if not any(text.strip() for text in sections.values()):
        return []
    from govreport_gui.core.report.text_checks import check_text, report_year

    cells = checker.form.cells
    values = {c.id: checker.values[c.index] for c in cells}
    last = checker.previous
    previous = None if last is None else {c.id: last[c.index] for c in cells}
    return check_text(checker.form, sections, values, previous, report_year(year))


def is_text_rule(rule_id: str) -> bool:
    return rule_id.startswith(TEXT_RULE_PREFIX) and "@" in rule_id


def explained_numbers(problems: list[TextProblem], rule_id: str) -> str | None:
    """The numbers a 说明 of ``rule_id`` is written for: one problem's numbers, or ``""`` (all of
    that rule in that section, e.g. several numbering slips) — None when the text has no such
    problem now."""
    found = [p for p in problems if p.id == rule_id]
    if not found:
        return None
    return found[0].text if len(found) == 1 else ""


def where(form: FormDef, problem: TextProblem) -> str:
    """Where in the text a problem is, for a person: 正文“二、信息公开情况”第5段."""
    name = section_name(form, None, problem.section)
    return f"正文“{name}”第{problem.paragraph + 1}段"
