"""A problem found in the report's text, in the shape of a rule's problem.

``check --json`` prints a rule's problem as ``rule``, ``severity``, ``cells``, ``message``,
``expected``, ``actual``; a text problem has the same and ``section``, ``paragraph`` and ``span``
(where the view highlights it). A 说明 keys on :attr:`TextProblem.id` (``RULE@SECTION``, as a rule
expanded per column is ``RULE@COLUMN``) and is kept for the numbers in :attr:`TextProblem.text`:
when the text or the table changes them, the 说明 is stale, as a rule's is.
"""

from __future__ import annotations

from decimal import Decimal

from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.forms.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FIGURE_RULE = "text.figure."  # + the [[text_figures]] entry's figure: text.figure.received
CHANGE_RULE = "text.change."  # + the figure: a wrong 比上年增长X%
NUMBERING_RULE = "text.numbering"


class TextProblem(Record):
    rule_id: str  # text.figure.received, text.change.received, text.numbering
    section: str  # the section's id
    paragraph: int  # index of the paragraph in the section (its non-empty lines, from 0; shown
    #                 to people and in --json from 1)
    span: tuple[int, int]  # start and end of the words at fault in that paragraph
    message: str  # names both numbers: 正文写‘共收到申请65件’，表三本年新收申请总计为64
    expected: Any  # what the table says (a number) or the marker that was due (“（二）”)
    actual: Any  # what the text says
    cells: tuple[str, ...] = ()
    severity: Severity = Severity.WARNING

    @property
    def id(self) -> str:
        """What a 说明 is written for: the rule in this section."""
        return f"{self.rule_id}@{self.section}"

    @property
    def text(self) -> str:
        """The problem's numbers (a 说明 written for other numbers no longer covers it)."""
        return f"{_shown(self.actual)}≠{_shown(self.expected)}"

    def as_json(self) -> dict[str, Any]:
        """As ``check --json`` prints a problem (numbers as numbers, the rest as text)."""
        return {
            **_rule_json(self.id, self.severity, self.cells, self.message),
            "expected": _json(self.expected),
            "actual": _json(self.actual),
            "section": self.section,
            "paragraph": self.paragraph + 1,  # from 1, as messages and comments count
            "span": list(self.span),
        }


def _rule_json(
    rule: str, severity: Severity, cells: tuple[str, ...], message: str
) -> dict[str, Any]:
    """What every problem of ``check --json`` starts with."""
    return {"rule": rule, "severity": str(severity), "cells": list(cells), "message": message}


def _shown(value: Any) -> str:
    from govreport_gui.core.forms.values import format_number

    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    return _shown(value)


class FileProblem(Record):
    """A problem of the file as a whole, in the shape of a rule's problem: content the form does
    not have (:mod:`govreport_gui.core.ops.unknown_content`). Never explained by a 说明: what it
    names is outside the report, so there are no numbers to accept."""

    rule_id: str  # draft.unknown_cells, draft.unknown_sections
    message: str
    cells: tuple[str, ...] = ()  # always empty: the ids it names are no cells of the form
    severity: Severity = Severity.WARNING

    @property
    def id(self) -> str:
        return self.rule_id

    @property
    def text(self) -> str:
        return self.message

    def as_json(self) -> dict[str, Any]:
        """As ``check --json`` prints a problem (no numbers: ``expected`` and ``actual`` null)."""
        return {
            **_rule_json(self.id, self.severity, self.cells, self.message),
            "expected": None,
            "actual": None,
        }


# What ``check`` lists after the rules' problems: the text's, and the file's.
ReportProblem = TextProblem | FileProblem
