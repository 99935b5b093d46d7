"""The checks of the report's text against its tables (issue 16).

:func:`check_text` is what ``check``, the problems panel and the 报告正文 view call: over a form,
the text of each section (``{section id: text}``), this year's values and, when last year's report
is linked, last year's values, it returns the text's problems (:class:`.problems.TextProblem`):

* ``text.figure.FIGURE`` — a figure typed in the text that the table contradicts (the phrases are
  the form file's ``[[text_figures]]``; approximate wording is read as such, ``numbers.py``);
* ``text.change.FIGURE`` — a wrong 比上年增长X% after such a figure (``year_change.py``);
* ``text.numbering`` — a sub-heading out of order or in another style (``numbering.py``).

Pure functions: nothing is read or written. A blank cell is not 0: a phrase whose figure is blank
is not checked (the table's blank cells are reported by the table's own check).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.report import numbers
from govreport_gui.core.report.figure_value import counts, figure_name, figure_value
from govreport_gui.core.report.figures import TOKEN
from govreport_gui.core.report.numbering import numbering_problems
from govreport_gui.core.report.phrase_scope import this_reports
from govreport_gui.core.report.phrases import Found, found_by_paragraph
from govreport_gui.core.report.problems import FIGURE_RULE, TextProblem, iter_paragraphs
from govreport_gui.core.report.year_change import change_problems, unfilled_problems


def check_text(
    form: FormDef,
    sections: Mapping[str, str],
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None] | None = None,
    year: int | None = None,
) -> list[TextProblem]:
    """Every problem of the text: figures, year-over-year phrases (with ``previous``), numbering;
    by section in the order given, then by paragraph. ``year``: the report's (a phrase led by
    another year states that year's figure; ``None`` when not known)."""
    problems: list[TextProblem] = []
    for section_id, text in sections.items():
        if not text.strip():
            continue
        found = found_by_paragraph(
            form, text, lambda run, phrases: this_reports(run, phrases, year)
        )
        problems += figure_problems(form, section_id, values, found)
        if previous is not None:
            problems += change_problems(form, section_id, text, values, previous, found)
        problems += numbering_problems(section_id, text)
        problems += unfilled_problems(section_id, text)
        problems += unknown_figure_problems(form, section_id, text)
    problems.sort(key=lambda p: (p.section, p.paragraph, p.span))
    order = {section_id: i for i, section_id in enumerate(sections)}
    problems.sort(key=lambda p: order.get(p.section, len(order)))
    return problems


def report_year(text: str | None) -> int | None:
    """A report's ``year`` field as a number (``None`` when blank or not a year)."""
    text = (text or "").strip()
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None


def figure_problems(
    form: FormDef,
    section_id: str,
    values: Mapping[str, Value | None],
    found: Mapping[int, Sequence[Found]],
) -> list[TextProblem]:
    """The figures of one section's text that the table contradicts (``found``: the phrases of
    each paragraph that state this report's figures)."""
    problems: list[TextProblem] = []
    parts: dict[str, list[tuple[int, Found]]] = {}
    for index, phrases in found.items():
        for phrase in phrases:
            if phrase.part:
                parts.setdefault(phrase.figure.figure, []).append((index, phrase))
                continue
            actual = figure_value(phrase.figure, values)
            if actual is None or _agrees(form, phrase, actual):
                continue
            meant = ""
            if phrase.approx != numbers.EXACT:
                whole = counts(form, phrase.figure)
                meant = f"（即{numbers.meaning(phrase.stated, phrase.approx, whole)}）"
            name = figure_name(form, phrase.figure)
            problems.append(
                TextProblem(
                    rule_id=FIGURE_RULE + phrase.figure.figure,
                    section=section_id,
                    paragraph=index,
                    span=(phrase.start, phrase.end),
                    message=f"正文写‘{phrase.said}’{meant}，{name}为{numbers.plain(actual)}",
                    expected=numbers.plain(actual),
                    actual=numbers.plain(phrase.stated),
                    cells=phrase.figure.cells,
                )
            )
    for listed in parts.values():
        problem = _parts_problem(form, section_id, listed, values)
        if problem is not None:
            problems.append(problem)
    return problems


def _agrees(form: FormDef, phrase: Found, actual: Decimal) -> bool:
    """Whether the phrase's number is true of the table's figure: its range (approximate words),
    or, for an amount of money written without them, the amount rounded as written."""
    if numbers.agrees(phrase.stated, phrase.approx, actual):
        return True
    exact_money = phrase.approx == numbers.EXACT and not counts(form, phrase.figure)
    return exact_money and numbers.rounds_to(phrase.stated, actual)


def _parts_problem(
    form: FormDef,
    section_id: str,
    listed: Sequence[tuple[int, Found]],
    values: Mapping[str, Value | None],
) -> TextProblem | None:
    """Phrases that each state a part of one figure (报纸、电视等传统媒体发布信息20余条, 其他方式发布
    信息20余条: 其他方式 40): together they may not come to more than the figure."""
    figure = listed[0][1].figure
    actual = figure_value(figure, values)
    if actual is None:
        return None
    whole = counts(form, figure)
    least = sum((numbers.least(p.stated, p.approx, whole) for _i, p in listed), Decimal(0))
    if least <= actual:
        return None
    said = "、".join(f"‘{p.said}’" for _i, p in listed)
    approx = any(p.approx != numbers.EXACT for _i, p in listed)
    total = f"合计至少{numbers.plain(least)}" if approx else f"合计{numbers.plain(least)}"
    index, first = listed[0]
    return TextProblem(
        rule_id=FIGURE_RULE + figure.figure,
        section=section_id,
        paragraph=index,
        span=(first.start, first.end),
        message=(
            f"正文写{said}，{total}，{figure_name(form, figure)}为{numbers.plain(actual)}"
            "（分项之和不应超过它）"
        ),
        expected=numbers.plain(actual),
        actual=numbers.plain(least),
        cells=figure.cells,
    )


UNKNOWN_FIGURE_RULE = "text.unknown_figure"


def unknown_figure_problems(form: FormDef, section_id: str, text: str) -> list[TextProblem]:
    """A figure token naming no cell of the form (typed by hand, imported, or from a form that
    changed): it would be printed as its braces. The text ops refuse such a token as it is typed;
    this finds one already stored."""
    problems: list[TextProblem] = []
    for index, paragraph in iter_paragraphs(text):
        for match in TOKEN.finditer(paragraph):
            if form.has_cell(match.group(1)):
                continue
            problems.append(
                TextProblem(
                    rule_id=UNKNOWN_FIGURE_RULE,
                    section=section_id,
                    paragraph=index,
                    span=(match.start(), match.end()),
                    message=(
                        f"正文中的“{match.group(0)}”不是本表的单元格，导出时会原样印出："
                        "请改用 编辑 → 插入数字… 插入，或删去"
                    ),
                    expected="",
                    actual=match.group(0),
                )
            )
    return problems
