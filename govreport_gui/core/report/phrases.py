"""The phrases of a form's ``[[text_figures]]``, compiled, and found in a paragraph.

A pattern's ``{n}`` is the number (``numbers.NUMBER``) with its approximate words around it. The
patterns of a form are read once (on the first text checked) and kept, keyed by the form's
entries, so typing in the text never compiles anything. They are read by :mod:`phrase_match`,
which matches the usual patterns without the cost of compiling them as regular expressions; any
other pattern is compiled by ``re`` with its ``{n}`` spelt out, and one that does not compile
refuses the form file then, with its file and line, as ``formdef`` refuses a file.

Figures inserted from a table (``{{CELL_ID}}``) are masked before the phrases are looked for:
such a figure is the table's by construction, never a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

from govreport_gui.core.forms.formdef import FormDef, FormDefinitionError
from govreport_gui.core.forms.text_figures import NUMBER_SLOT, TextFigure
from govreport_gui.core.report import numbers
from govreport_gui.core.report.figures import TOKEN
from govreport_gui.core.report.phrase_match import PhraseMatcher, Span, compile_phrase

_SLOT = (
    f"(?P<before>{numbers.APPROX_BEFORE})(?P<n>{numbers.NUMBER})(?P<after>{numbers.APPROX_AFTER})"
)
_MASK = "\ufffc"  # what a {{CELL_ID}} token becomes while phrases are looked for: no number


class _RegexPhrase:
    """A pattern outside what :mod:`phrase_match` reads, compiled by ``re`` with its ``{n}``
    spelt out; its matches as ``PhraseMatcher.finditer`` gives them."""

    __slots__ = ("regex",)

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex

    def finditer(self, text: str) -> Iterator[Span]:
        for match in self.regex.finditer(text):
            start, end = match.span()
            number_start, number_end = match.span("n")
            yield (start, end, match.start("before"), number_start, number_end, match.end("after"))


class Phrase:
    """One compiled pattern of a figure (``part``: it states a part of the figure); ``needed``:
    words every match contains (none known for a pattern compiled by ``re``)."""

    __slots__ = ("figure", "matcher", "needed", "part")

    def __init__(
        self, figure: TextFigure, matcher: PhraseMatcher | _RegexPhrase, part: bool
    ) -> None:
        self.figure = figure
        self.matcher = matcher
        self.part = part
        self.needed = matcher.needed if isinstance(matcher, PhraseMatcher) else ()


class Found:
    """A phrase found in a paragraph: where it is, the number it states and how approximately."""

    __slots__ = ("approx", "end", "figure", "number_end", "number_start", "part", "start", "stated")

    def __init__(
        self,
        phrase: Phrase,
        start: int,
        end: int,
        number_start: int,
        number_end: int,
        stated: Decimal,
        approx: str,
    ) -> None:
        self.figure = phrase.figure
        self.part = phrase.part
        self.start = start
        self.end = end
        self.number_start = number_start
        self.number_end = number_end
        self.stated = stated
        self.approx = approx


_COMPILED: dict[tuple[TextFigure, ...], tuple[Phrase, ...]] = {}
# The last form's entries and phrases, looked up by identity: hashing the entries (each a record
# of several fields) on every paragraph cost a third of a whole text check (issue 14).
_last: tuple[tuple[TextFigure, ...], tuple[Phrase, ...]] | None = None


def phrases(form: FormDef) -> tuple[Phrase, ...]:
    """The form's phrases, compiled on first use, in file order (an entry's patterns, then its
    parts): a number is read by the first phrase that finds it."""
    global _last
    key = form.text_figures
    last = _last  # read once: another thread (the 审核台's scan) may set it meanwhile
    if last is not None and last[0] is key:
        return last[1]
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = tuple(
            _compile(form, figure, pattern, part)
            for figure in key
            for part, listed in ((False, figure.patterns), (True, figure.parts))
            for pattern in listed
        )
    _last = (key, found)
    return found


def _compile(form: FormDef, figure: TextFigure, pattern: str, part: bool) -> Phrase:
    matcher = compile_phrase(pattern)
    if matcher is not None:
        return Phrase(figure, matcher, part)
    try:
        regex = re.compile(pattern.replace(NUMBER_SLOT, _SLOT))
    except (re.error, RecursionError) as exc:  # RecursionError: groups nested thousands deep
        raise FormDefinitionError(
            form.source, figure.line, f"正文数字 “{figure.figure}” 的说法 “{pattern}” 有误：{exc}"
        ) from exc
    return Phrase(figure, _RegexPhrase(regex), part)


def mask_tokens(text: str) -> str:
    """``text`` with each ``{{CELL_ID}}`` covered (same length: spans stay those of the text)."""
    if "{{" not in text:
        return text
    return TOKEN.sub(lambda m: _MASK * len(m.group(0)), text)


def forget_compiled() -> None:
    """Drop the compiled phrases and everything found with them (a benchmark timing a cold
    compile): ``find``'s results are keyed by the compiled phrases' identity, so they go too."""
    global _last
    _COMPILED.clear()
    _last = None
    forget_found()


def forget_found() -> None:
    """Drop what ``find`` kept (a benchmark timing the search itself, not a re-check)."""
    _FOUND.clear()


# What ``find`` found in the paragraphs seen last, by the phrases they were looked for with and the
# paragraph's text. The phrases of a paragraph depend on its text alone (not on the table), so a
# figure typed into the table, which checks the whole text again against the new values, looks
# for nothing again; a paragraph being typed adds an entry per version, hence the bound.
_FOUND: dict[tuple[int, str], tuple[Found, ...]] = {}
_FOUND_KEPT = 4096


def find(form: FormDef, paragraph: str) -> list[Found]:
    """The figure phrases of ``paragraph`` (tokens masked first), in the order they appear; a
    number is read once, by the first phrase that finds it."""
    compiled = phrases(form)
    # The phrases live as long as ``_COMPILED`` keeps them (``forget_compiled`` drops both).
    key = (id(compiled), paragraph)
    cached = _FOUND.get(key)
    if cached is None:
        if len(_FOUND) >= _FOUND_KEPT:
            _FOUND.clear()
        cached = _FOUND[key] = tuple(_find(compiled, paragraph))
    return list(cached)


def _find(compiled: tuple[Phrase, ...], paragraph: str) -> list[Found]:
    text = mask_tokens(paragraph)
    result: list[Found] = []
    if not any(ch in text for ch in numbers.NUMBER_CHAR_LIST):
        return result  # every phrase states a number (``pattern_problem``: exactly one {n})
    taken: set[int] = set()
    for phrase in compiled:
        # Most phrases lack a word of the paragraph: passed by here, before a search is set up
        # (a paragraph is looked at by every phrase of the form; 44 of them for 2014).
        for word in phrase.needed:
            if word not in text:
                break
        else:
            _take(phrase, text, taken, result)
    result.sort(key=lambda f: f.number_start)
    return result


def _take(phrase: Phrase, text: str, taken: set[int], result: list[Found]) -> None:
    """The numbers ``phrase`` finds in ``text`` that no phrase before it has read."""
    for span in phrase.matcher.finditer(text):
        nearest = _nearest(phrase, text, span)
        if nearest is None or nearest[3] in taken:
            continue
        found = _found(phrase, nearest, text)
        if found is None:
            continue
        taken.update((found.number_start, nearest[3]))
        result.append(found)


_DIGITS = frozenset("0123456789０１２３４５６７８９")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A number's thousands before the part a {n} reads (1,234.5: 1, before 234.5), a group of
    three digits, a year: compiled when a text needs them (at import, every ``check`` of a draft
    with text would pay for them, issue 14)."""
    return (
        re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})*,\Z"),
        re.compile(r"[0-9]{3}(?![0-9])"),
        re.compile(r"[0-9０-９]{4}\s*年"),
    )


def _number_start(text: str, number_start: int) -> int:
    """Where the number read at ``number_start`` starts, its thousands before it included."""
    if number_start and text[number_start - 1] == ",":
        groups_before, grouped, _year = _patterns()
        if grouped.match(text, number_start):
            groups = groups_before.search(text, 0, number_start)
            if groups is not None:
                return groups.start()
    return number_start


def _nearest(phrase: Phrase, text: str, span: Span) -> Span | None:
    """``span``, or the phrase from the same start to a nearer number when its gap passes over
    another figure (行政复议1件、诉讼2件: a greedy gap takes “1件、诉讼” and reads 2); ``None``
    when there is none. A year (2014年度) is no figure passed over."""
    start = span[0]
    if span[3] < start:
        return span  # a pattern's {n} that took no part (re's -1): no figure, ``_found`` says
    while _passes_a_number(text, start, min(span[2], _number_start(text, span[3]))):
        nearer = None
        for match in phrase.matcher.finditer(text[: span[3]]):
            if match[0] >= start:
                nearer = match if match[0] == start else None
                break
        if nearer is None:
            return None
        span = nearer
    return span


def _passes_a_number(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    if _DIGITS.isdisjoint(gap):
        return False
    return not _DIGITS.isdisjoint(_patterns()[2].sub("", gap))


def _found(phrase: Phrase, span: Span, text: str) -> Found | None:
    start, end, before_start, number_start, number_end, after_end = span
    grouped = _number_start(text, number_start)
    if grouped != number_start:
        before_start = number_start = grouped
    stated = numbers.parse_number(text[number_start:number_end].replace(",", ""))
    if stated is None:
        return None
    approx = numbers.EXACT
    before = text[before_start:number_start]
    if before:
        approx = numbers.BEFORE_WORDS[before]
    else:  # a gap of the pattern (.{0,6}) may have taken the word: 收到申请约65件
        for word, meaning in numbers.BEFORE_WORDS.items():
            if text.endswith(word, 0, number_start):
                approx = meaning
                break
    after = text[number_end:after_end]
    if after:
        approx = numbers.AFTER_WORDS[after]
    else:
        tail = _tail(text, after_end, end)
        if tail is not None:
            word, approx_tail, end = tail
            approx = approx_tail if approx == numbers.EXACT else approx
    return Found(phrase, start, end, number_start, number_end, stated, approx)


def _tail(text: str, number_end: int, end: int) -> tuple[str, str, int] | None:
    """左右 / 以上 after the number's measure word (280次左右) or after the phrase: the word, its
    meaning, and where the phrase now ends."""
    for at in (end, number_end + 1, number_end):
        for word, meaning in numbers.TAIL_WORDS.items():
            if text.startswith(word, at):
                return word, meaning, max(end, at + len(word))
    return None


def iter_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The paragraphs of a section's text as ``ReportSection.paragraphs`` numbers them: the
    non-empty lines, from 0, each as typed (spans are offsets into it)."""
    index = 0
    for line in text.split("\n"):
        if line.strip():
            yield index, line
            index += 1
