"""How ``govreport check`` (and ``show``) print a check result: text lines or JSON.

Shared by ``commands`` (``check``) and ``draft_commands`` (``show --json``), so it lives in a
module of its own that imports no command module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govreport_gui.cli.common import EXIT_FAILED, EXIT_OK, print_json
from govreport_gui.core.forms.engine import Checker, RuleResult, Status
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.forms.values import format_number

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any, TextIO

    from govreport_gui.core.ops.review_state import Explanation
    from govreport_gui.core.report.problems import FileProblem, ReportProblem, TextProblem


def problem_json(result: RuleResult) -> dict[str, Any]:
    return {
        "rule": result.id,
        "severity": result.severity,
        "cells": list(result.cells),
        "message": result.message,
        "expected": _num(result.right),
        "actual": _num(result.left),
    }


def _num(value: Any) -> Any:
    if value is None:
        return None
    return value if isinstance(value, int) else format_number(value)


def report(
    checker: Checker,
    as_json: bool,
    out: TextIO,
    extra: dict[str, Any] | None = None,
    explanations: Mapping[str, Explanation] | None = None,
    text_problems: Sequence[TextProblem] = (),
    file_problems: Sequence[FileProblem] = (),
) -> int:
    """Print a check result; the exit code says whether there were errors.

    ``explanations`` (a draft's 说明): a warning they accept is marked as explained; one whose
    numbers changed since is marked as needing a new explanation. ``text_problems``: those of the
    report's text (:func:`text_problems`), warnings like the rules' with their ``section``.
    ``file_problems``: those of the file itself, listed first: errors (a figure that could not be
    read, a workbook not showing what was signed) and warnings (a draft's content its form does
    not have, a workbook's import notes).
    """
    if as_json:
        print_json(check_object(checker, extra, explanations, text_problems, file_problems), out)
    else:
        _print_text(checker, explanations, out, text_problems, file_problems)
    failed = checker.summary().errors or any(f.severity is Severity.ERROR for f in file_problems)
    return EXIT_FAILED if failed else EXIT_OK


class _Explained:
    """Which warnings a draft's 说明 settle, and which 说明 are for numbers that changed since."""

    def __init__(self, explanations: Mapping[str, Explanation] | None) -> None:
        self.found = explanations or {}

    def text(self, p: RuleResult | ReportProblem) -> str | None:
        e = self.found.get(p.id)
        return (
            e.text if e is not None and p.severity is not Severity.ERROR and e.covers(p) else None
        )

    def stale(self, p: RuleResult | ReportProblem) -> str | None:
        e = self.found.get(p.id)
        return e.text if e is not None and e.text.strip() and not e.covers(p) else None


def _hints(checker: Checker) -> list[RuleResult]:
    return [r for r in checker.results if r.status is Status.INCOMPLETE and r.expected is not None]


def check_object(
    checker: Checker,
    extra: dict[str, Any] | None = None,
    explanations: Mapping[str, Explanation] | None = None,
    text_problems: Sequence[TextProblem] = (),
    file_problems: Sequence[FileProblem] = (),
) -> dict[str, Any]:
    """The object ``check --json`` prints for one file (``extra`` first: a draft's path, status…).
    The file's own problems come first in ``problems``, shaped as a rule's (``rule`` file.…)."""
    from govreport_gui.core.ops.report_file import counted

    counts = counted(checker, text_problems, file_problems)
    problems = checker.problems()
    ex = _Explained(explanations)
    every: list[RuleResult | TextProblem] = [*problems, *text_problems]
    in_file = [
        {**f.as_json(), "explanation": None, "stale_explanation": None} for f in file_problems
    ]
    in_text = [
        {**t.as_json(), "explanation": ex.text(t), "stale_explanation": ex.stale(t)}
        for t in text_problems
    ]
    data: dict[str, Any] = dict(extra or {})
    data.update(
        {
            "form": checker.form.id,
            "errors": counts.errors,
            "warnings": counts.warnings,
            "blank": counts.blank,
            "blank_cells": list(counts.blank_cells),
            "explained_warnings": sum(1 for p in every if ex.text(p) is not None),
            "problems": in_file
            + [
                {**problem_json(p), "explanation": ex.text(p), "stale_explanation": ex.stale(p)}
                for p in problems
            ]
            + in_text,
            "computed_totals": [
                {"rule": h.id, "cell": h.cells[0], "expected": _num(h.expected)}
                for h in _hints(checker)
            ],
        }
    )
    return data


def _print_text(
    checker: Checker,
    explanations: Mapping[str, Explanation] | None,
    out: TextIO,
    text_problems: Sequence[TextProblem] = (),
    file_problems: Sequence[FileProblem] = (),
) -> None:
    from govreport_gui.core.ops.report_file import counted

    counts = counted(checker, text_problems, file_problems)
    for f in file_problems:  # nothing a 说明 settles
        tag = "错误" if f.severity is Severity.ERROR else "警告"
        out.write(f"{tag}\t{f.id}\t{f.message}\n")
    problems: list[RuleResult | TextProblem] = [*checker.problems(), *text_problems]
    ex = _Explained(explanations)
    settled = sum(1 for p in problems if ex.text(p) is not None)
    for p in problems:
        note = ""
        if p.severity is Severity.ERROR:
            tag = "错误"
        elif (text := ex.text(p)) is not None:
            tag, note = "警告·已说明", f"（说明：{text}）"
        else:
            tag = "警告"
            if (old := ex.stale(p)) is not None:
                note = f"（原说明“{old}”针对的数字已改变，需重新说明）"
        out.write(f"{tag}\t{p.id}\t{_where(checker, p)}{p.message}{note}\n")
    for h in _hints(checker):
        out.write(f"提示\t{h.id}\t{h.message}（空白不等于 0）\n")
    warnings = f"{counts.warnings} 个警告" + (f"（已说明 {settled} 个）" if settled else "")
    out.write(
        f"共 {counts.errors} 个错误，{warnings}，"
        f"{counts.blank} 个空格未填（共 {len(checker.form.cells)} 格）。\n"
    )


def _where(checker: Checker, problem: RuleResult | ReportProblem) -> str:
    """Where in the text a text problem is (正文“二、信息公开情况”第5段：), '' for a rule's or the
    file's."""
    from govreport_gui.core.report.problems import TextProblem

    if not isinstance(problem, TextProblem):
        return ""
    from govreport_gui.core.ops.text_problems import where

    return where(checker.form, problem) + "："


def text_problems(
    checker: Checker, sections: Mapping[str, str], year: str | None = None
) -> list[TextProblem]:
    """:func:`~govreport_gui.core.ops.text_problems.values_text_problems`, imported only when there
    is text: a ``check`` of the tables alone loads nothing more (that module loads the draft store)."""
    if not any(text.strip() for text in sections.values()):
        return []
    from govreport_gui.core.ops.text_problems import values_text_problems

    return values_text_problems(checker, sections, year)
