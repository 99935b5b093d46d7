"""Year-over-year phrases after a figure: 比上年增长X%, 比上年减少N件, 同比下降X%, 与上年持平.

With last year's report linked (``--previous``; ``core/ops/previous_year.py`` holds its values),
a change phrase that follows a figure of the text — a ``[[text_figures]]`` phrase or a figure
inserted from a cell (``{{CELL_ID}}``) — in the same clause is checked against both years' values,
and can be filled in: :func:`change_fills` lists what each phrase should read (a placeholder
such as ``比上年增长X%`` or ``□%`` is filled, a wrong one corrected), :func:`fill_change_phrases`
applies them to a section's text, :func:`change_phrase` writes the phrase for one figure.

A percentage is right when it is the exact change rounded to the decimals written (12.5% for
12.46%); a count when it is the difference, read with its approximate word (比上年增加20余件); the
direction (增长 / 减少) must be the change's. Nothing is checked while a figure is blank in either
year, nor a percentage against last year's 0 (said so instead: no percentage of 0 exists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.text_figures import TextFigure
from govreport_gui.core.forms.values import Value
from govreport_gui.core.report import numbers
from govreport_gui.core.report.figure_value import figure_name, figure_value
from govreport_gui.core.report.figures import TOKEN
from govreport_gui.core.report.phrases import Found, found_by_paragraph
from govreport_gui.core.report.problems import CHANGE_RULE, TextProblem, iter_paragraphs

_UP = {"增长": "下降", "增加": "减少", "上升": "下降", "提高": "降低", "多": "少"}
_DOWN = {"减少": "增加", "下降": "增长", "降低": "提高", "少": "多"}
_SAME = "持平"
_PLACEHOLDER_CHARS = "Xx×□？?＿_"
PLACEHOLDER = rf"[{_PLACEHOLDER_CHARS}]+"

# Spaces may stand around the number, as Word documents set figures apart (比上年增长 15 %);
# taken only when a number, or a unit, follows them.
_CHANGE = (
    r"(?P<cmp>同比|(?:比|较|与)(?:上一?年度?|去年)(?:同期)?(?:相比)?)[，,]?\s*"
    r"(?P<dir>增长|增加|上升|提高|减少|下降|降低|持平)了?"
    rf"(?:\s*(?P<before>{numbers.APPROX_BEFORE})(?P<num>{numbers.NUMBER}|{PLACEHOLDER})"
    rf"(?P<after>{numbers.APPROX_AFTER})"
    r"(?:\s*(?P<unit>%|％|个百分点|倍|[件条份次篇个人名项场]|万元))?)?"
)


# This pattern and _UNFILLED are compiled when a paragraph first may hold what they look for:
# ``re`` compiles their classes of Chinese characters in 1–2 ms each, which a ``govreport check``
# of a report whose text compares no year with the last would otherwise pay for (issue 14).
def _may_compare(paragraph: str) -> bool:
    """Whether the paragraph names the year before (what ``(?P<cmp>…)`` needs)."""
    return any(word in paragraph for word in ("同比", "上年", "上一年", "去年"))


@cache
def _change() -> re.Pattern[str]:
    return re.compile(_CHANGE)


# How far after its figure a change phrase may stand (共收到申请65件，比上年增长20%): the clause.
REACH = 16
_CLAUSE_END = "。；;！？!?\n"


class Anchor:
    """A figure of the text that a change phrase can refer to."""

    __slots__ = ("end", "figure")

    def __init__(self, figure: TextFigure, end: int) -> None:
        self.figure = figure
        self.end = end


class ChangeFill:
    """What a change phrase should read: ``paragraph`` and ``span`` of the phrase as written,
    ``old`` (the words) and ``new`` (what both years' figures give; ``None`` for a percentage
    of last year's 0, which no phrase can state)."""

    __slots__ = ("figure", "new", "old", "paragraph", "span", "wrong")

    def __init__(
        self,
        figure: TextFigure,
        paragraph: int,
        span: tuple[int, int],
        old: str,
        new: str | None,
        wrong: bool,
    ) -> None:
        self.figure = figure
        self.paragraph = paragraph
        self.span = span
        self.old = old
        self.new = new
        self.wrong = wrong  # a stated change that is wrong (a placeholder is not wrong)


def _anchors(form: FormDef, paragraph: str, found: Sequence[Found]) -> list[Anchor]:
    anchors = [Anchor(f.figure, f.end) for f in found if not f.part]
    by_cells = {f.cells: f for f in form.text_figures}
    for match in TOKEN.finditer(paragraph):
        cell_id = match.group(1)
        if not form.has_cell(cell_id) or not form.cell(cell_id).kind.is_numeric:
            continue
        figure = by_cells.get((cell_id,)) or TextFigure(cell_id, (cell_id,), "", (), (), None)
        anchors.append(Anchor(figure, match.end()))
    anchors.sort(key=lambda a: a.end)
    return anchors


def _anchor_for(anchors: Sequence[Anchor], paragraph: str, start: int) -> Anchor | None:
    """The figure a change phrase at ``start`` follows: the last one before it in its clause."""
    before = [a for a in anchors if a.end <= start]
    if not before:
        return None
    anchor = before[-1]
    gap = paragraph[anchor.end : start]
    if len(gap) > REACH or any(ch in _CLAUSE_END for ch in gap):
        return None
    return anchor


def _fills(
    form: FormDef,
    text: str,
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None],
    found: Mapping[int, Sequence[Found]] | None = None,
) -> list[tuple[ChangeFill, Decimal, Decimal]]:
    result: list[tuple[ChangeFill, Decimal, Decimal]] = []
    for index, paragraph in iter_paragraphs(text):
        if not _may_compare(paragraph):
            continue
        if found is None:  # the phrases as the check finds them (a sentence over lines too)
            found = found_by_paragraph(form, text)
        anchors = _anchors(form, paragraph, found[index])
        for match in _change().finditer(paragraph):
            anchor = _anchor_for(anchors, paragraph, match.start())
            if anchor is None:
                continue
            current = figure_value(anchor.figure, values)
            last = figure_value(anchor.figure, previous)
            if current is None or last is None:
                continue
            judged = _judge(match, current, last)
            if judged is None:
                continue
            new, wrong = judged
            fill = ChangeFill(anchor.figure, index, match.span(), match.group(0), new, wrong)
            result.append((fill, current, last))
    return result


def _judge(match: re.Match[str], current: Decimal, last: Decimal) -> tuple[str | None, bool] | None:
    """What the phrase should read, and whether the stated one is wrong (``None``: a change this
    check does not read, such as 个百分点)."""
    unit = match.group("unit") or ""
    if unit == "个百分点":
        return None
    raw = match.group("num")
    direction = match.group("dir")
    placeholder = raw is not None and re.fullmatch(PLACEHOLDER, raw) is not None
    stated = None if raw is None or placeholder else numbers.parse_number(raw)
    kind = "%" if unit in ("%", "％") else ("倍" if unit == "倍" else "count")
    decimals = _decimals(raw) if stated is not None else None
    new = _phrase(match.group("cmp"), direction, current, last, kind, unit, decimals)
    if placeholder:
        return (new, False) if new is not None else None
    if direction == _SAME:
        return new, current != last
    going_up = direction in _UP
    if current == last or (current > last) != going_up:
        return new, True
    if stated is None:  # 比上年有所增长: the direction is all it says
        return None
    if kind == "count":
        approx = _approx(match)
        return new, not numbers.agrees(stated, approx, abs(current - last))
    if last == 0:
        return None, True
    change = abs(current - last) / last
    exact = change * 100 if kind == "%" else change
    tolerance = Decimal(5) / Decimal(10) ** ((decimals or 0) + 1)
    return new, abs(exact - stated) > tolerance


def _approx(match: re.Match[str]) -> str:
    if match.group("before"):
        return numbers.BEFORE_WORDS[match.group("before")]
    if match.group("after"):
        return numbers.AFTER_WORDS[match.group("after")]
    return numbers.EXACT


def _decimals(raw: str) -> int:
    raw = raw.replace("．", ".")
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def _phrase(
    cmp: str,
    direction: str,
    current: Decimal,
    last: Decimal,
    kind: str,
    unit: str,
    decimals: int | None,
) -> str | None:
    """The change phrase both years' figures give, in the words of the one written (比上年增长
    → 比上年下降 when the figure fell); ``None`` for a percentage of last year's 0."""
    if current == last:
        return "同比持平" if cmp == "同比" else "与上年持平"
    up = current > last
    if direction == _SAME:
        direction = "增长" if kind != "count" else "增加"
    if up != (direction in _UP):
        direction = _UP.get(direction) or _DOWN[direction]
    if kind == "count":
        return f"{cmp}{direction}{numbers.plain(abs(current - last))}{unit}"
    if last == 0:
        return None
    change = abs(current - last) / last * (100 if kind == "%" else 1)
    return f"{cmp}{direction}{_rounded(change, decimals)}{unit}"


def _rounded(value: Decimal, decimals: int | None) -> str:
    """``decimals`` places as written; for a placeholder one place, none when it is whole."""
    places = 1 if decimals is None else decimals
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if decimals is None and rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    return format(rounded, "f")


def change_fills(
    form: FormDef,
    text: str,
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None],
) -> list[ChangeFill]:
    """Each change phrase of a section's text whose words differ from what the figures give."""
    return [f for f, _c, _l in _fills(form, text, values, previous) if f.new != f.old]


def fill_change_phrases(
    form: FormDef,
    text: str,
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None],
) -> str:
    """``text`` with every change phrase after a figure filled in (or corrected) from both
    years' figures; the rest as it was."""
    fills = [f for f in change_fills(form, text, values, previous) if f.new is not None]
    if not fills:
        return text
    by_paragraph: dict[int, list[ChangeFill]] = {}
    for fill in fills:
        by_paragraph.setdefault(fill.paragraph, []).append(fill)
    lines = text.split("\n")
    index = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        for fill in sorted(by_paragraph.get(index, []), key=lambda f: -f.span[0]):
            line = line[: fill.span[0]] + (fill.new or fill.old) + line[fill.span[1] :]
        lines[number] = line
        index += 1
    return "\n".join(lines)


def change_phrase(
    form: FormDef,
    cells: Sequence[str],
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None],
    percent: bool = True,
) -> str | None:
    """The phrase to write after a figure (the sum of ``cells``): 比上年增长12.5%, 比上年减少3件,
    与上年持平; ``None`` while either year's figure is blank, or for a percentage of 0."""
    figure = TextFigure("", tuple(cells), "", (), (), None)
    current, last = figure_value(figure, values), figure_value(figure, previous)
    if current is None or last is None:
        return None
    unit = "%" if percent else form.cell(cells[0]).unit
    kind = "%" if percent else "count"
    return _phrase("比上年", "增长" if percent else "增加", current, last, kind, unit, None)


def change_problems(
    form: FormDef,
    section_id: str,
    text: str,
    values: Mapping[str, Value | None],
    previous: Mapping[str, Value | None],
    found: Mapping[int, Sequence[Found]] | None = None,
) -> list[TextProblem]:
    """A warning per change phrase that both years' figures contradict."""
    problems: list[TextProblem] = []
    for fill, current, last in _fills(form, text, values, previous, found):
        if not fill.wrong:
            continue
        name = figure_name(form, fill.figure) if fill.figure.cells else ""
        should = f"，应为‘{fill.new}’" if fill.new is not None else "，上年为0，不能写百分比"
        problems.append(
            TextProblem(
                rule_id=CHANGE_RULE + fill.figure.figure,
                section=section_id,
                paragraph=fill.paragraph,
                span=fill.span,
                message=(
                    f"正文写‘{fill.old}’，{name}上年为{numbers.plain(last)}、"
                    f"本年为{numbers.plain(current)}{should}"
                ),
                expected=fill.new,
                actual=fill.old,
                cells=fill.figure.cells,
            )
        )
    return problems


PLACEHOLDER_RULE = "text.unfilled"
_UNFILLED = (
    r"(?:比上年|较上年|同比|与上年相比|比去年|较去年)[^，。；\n]{0,4}?"
    r"(?:增长|增加|减少|下降|上升|提高|降低)(?:了)?\s*(?:约)?"
    rf"(?P<mark>{PLACEHOLDER})\s*(?:%|％|个?百分点|倍|件|条|次|人|个|万元|篇|场)?"
)


# Every match starts with one of the comparisons above, and each of them holds one of these words.
_UNFILLED_NEEDS = ("上年", "同比", "去年")


@cache
def _unfilled() -> re.Pattern[str]:
    return re.compile(_UNFILLED)


def unfilled_problems(section_id: str, text: str) -> list[TextProblem]:
    """A change phrase whose number is still a placeholder (比上年增长X%, 同比减少□件): a warning,
    so that the X is never published (with last year's figures linked, 填写同比变化 fills it)."""
    problems: list[TextProblem] = []
    for index, paragraph in iter_paragraphs(text):
        if not any(ch in paragraph for ch in _PLACEHOLDER_CHARS):
            continue
        if not any(word in paragraph for word in _UNFILLED_NEEDS):
            continue  # an x in a web address: not worth compiling the pattern for (issue 14)
        for match in _unfilled().finditer(paragraph):
            phrase = match.group(0)
            problems.append(
                TextProblem(
                    rule_id=PLACEHOLDER_RULE,
                    section=section_id,
                    paragraph=index,
                    span=(match.start(), match.end()),
                    message=(
                        f"正文“{phrase}”中的“{match.group('mark')}”尚未填写"
                        "（关联上年度报告后可用“填写同比变化”按两年的数字填入）"
                    ),
                    expected="",
                    actual=phrase,
                )
            )
    return problems
