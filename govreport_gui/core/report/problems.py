"""A problem found in the report's text (or of the file itself), in the shape of a rule's problem.

``check --json`` prints a rule's problem as ``rule``, ``severity``, ``cells``, ``message``,
``expected``, ``actual``; a text problem has the same and ``section``, ``paragraph`` and ``span``
(where the view highlights it). A 说明 keys on :attr:`TextProblem.id` (``RULE@SECTION``, as a rule
expanded per column is ``RULE@COLUMN``) and is kept for the numbers in :attr:`TextProblem.text`:
when the text or the table changes them, the 说明 is stale, as a rule's is.
"""

from __future__ import annotations

from collections.abc import Iterator
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
            **_problem_json(self),
            "section": self.section,
            "paragraph": self.paragraph + 1,  # from 1, as messages and comments count
            "span": list(self.span),
        }


def iter_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The paragraphs of a section's text as ``ReportSection.paragraphs`` and a problem's
    ``paragraph`` number them: the non-empty lines, from 0, each as typed (spans are offsets into
    it)."""
    index = 0
    for line in text.split("\n"):
        if line.strip():
            yield index, line
            index += 1


# A problem of the file itself (FileProblem.rule_id): a figure the reader could not read, a row or
# a column (小计, 历年累计) of figures the form has not, a table of the form a published report
# lacks, a workbook that shows other than what was signed (errors); a draft's content its form does
# not have (warnings, core/ops/unknown_content.py), what the import of a workbook notes for a person
# to confirm (warnings: a format not judged, another count unit…; import_xlsx.workbook_notes).
FIGURE_UNREAD = "file.figure_unread"
ROW_UNREAD = "file.row_unread"
COLUMN_UNREAD = "file.column_unread"
TABLE_MISSING = "file.table_missing"
NOT_AS_SIGNED = "file.not_as_signed"
WORKBOOK_NOTE = "file.workbook_note"


class FileProblem(Record):
    """What the file itself shows wrong, in the shape of a rule's problem. An error: a published
    report's figure that could not be read (“7*”, “abc”), a table of the form it lacks, a workbook
    that no longer shows what was signed; ``check`` and the 审核台 count it with the errors, and
    the cells it names are not counted as blank (the file has something there, only no figure that
    could be read; or the report lacks them, which is no blank left to fill). A warning:
    content of a draft its form does not have (``draft.unknown_cells``; the ids it names are no
    cells of the form, so ``cells`` is empty), a note of a workbook's import
    (``file.workbook_note``). Never explained by a 说明: there are no numbers of the report to
    accept."""

    rule_id: str
    message: str
    cells: tuple[str, ...] = ()
    actual: str | None = None  # what the file holds there, as written
    severity: Severity = Severity.ERROR

    expected = None  # nothing the form expects: the file's content is at fault

    @property
    def id(self) -> str:
        return self.rule_id

    @property
    def text(self) -> str:
        return self.message

    def as_json(self) -> dict[str, Any]:
        """As ``check --json`` prints a rule's problem."""
        return _problem_json(self)


def _problem_json(problem: TextProblem | FileProblem) -> dict[str, Any]:
    return {
        "rule": problem.id,
        "severity": str(problem.severity),
        "cells": list(problem.cells),
        "message": problem.message,
        "expected": _json(problem.expected),
        "actual": _json(problem.actual),
    }


def _shown(value: Any) -> str:
    from govreport_gui.core.forms.values import format_number

    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    return _shown(value)


# What ``check`` lists after the rules' problems: the text's, and the file's.
ReportProblem = TextProblem | FileProblem
