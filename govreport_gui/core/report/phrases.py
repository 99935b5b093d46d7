"""The phrases of a form's ``[[text_figures]]``, compiled, and found in a paragraph.

A pattern's ``{n}`` is the number (``numbers.NUMBER``) with its approximate words around it. The
patterns of a form are kept, keyed by the form's entries; each is compiled when a paragraph first
holds the words every match of it contains (a ``check`` reads one report, whose text needs about
half of them), and once only. They are read by :mod:`phrase_match`, which matches the usual
patterns without the cost of compiling them as regular expressions; any other pattern is compiled
by ``re`` with its ``{n}`` spelt out, and one that does not compile refuses the form file then,
with its file and line, as ``formdef`` refuses a file.

Figures inserted from a table (``{{CELL_ID}}``) are masked before the phrases are looked for:
such a figure is the table's by construction, never a contradiction.

How Word and PDF lay a sentence out is undone before the phrases are looked for, since a phrase
reads neither: a Word document often sets a figure apart with spaces (“共收到政府信息公开申请 11 件”,
a full-width or a no-break space as often as a plain one), and text pasted from a PDF keeps each
line of the page as a line (“共收到政府信息公开申\\n请11件”). A paragraph is searched without the
spaces inside it, and what is found is placed and said as written; lines that continue one
sentence are searched as one (:func:`found_by_paragraph`). Both here rather than in a module of
their own: a ``check`` of a draft with text imports this one anyway (issue 14).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache

from govreport_gui.core.forms.formdef import FormDef, FormDefinitionError
from govreport_gui.core.forms.text_figures import NUMBER_SLOT, TextFigure
from govreport_gui.core.report import numbers
from govreport_gui.core.report.figures import TOKEN
from govreport_gui.core.report.numbering import marker_at_start
from govreport_gui.core.report.phrase_match import (
    PhraseMatcher,
    Span,
    compile_phrase,
    plain_words,
)

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
    """One pattern of a figure (``part``: it states a part of the figure), compiled when a text
    first holds its ``needed`` words: words every match contains, read from the pattern's text
    (:func:`~.phrase_match.plain_words`; none known for some patterns). A ``check`` process reads
    one report, whose text needs about half of a form's phrases (issue 14)."""

    __slots__ = ("_compiled", "_source", "figure", "needed", "part", "pattern")

    def __init__(self, source: str, figure: TextFigure, pattern: str, part: bool) -> None:
        self.figure = figure
        self.pattern = pattern
        self.part = part
        self.needed = plain_words(pattern)
        self._source = source  # the form file, named when the pattern does not compile
        self._compiled: PhraseMatcher | _RegexPhrase | None = None

    @property
    def matcher(self) -> PhraseMatcher | _RegexPhrase:
        """The compiled pattern (:class:`FormDefinitionError` naming the form file and the
        entry's line when it does not compile)."""
        if self._compiled is None:
            self._compiled = _compile(self._source, self.figure, self.pattern)
        return self._compiled


class Found:
    """A phrase found in a paragraph: where it is, the number it states and how approximately;
    ``said``, its words as written (a line break inside them left out)."""

    __slots__ = (
        "approx",
        "end",
        "figure",
        "number_end",
        "number_start",
        "part",
        "said",
        "start",
        "stated",
    )

    def __init__(
        self,
        figure: TextFigure,
        part: bool,
        span: tuple[int, int, int, int],
        stated: Decimal,
        approx: str,
        said: str,
    ) -> None:
        self.figure = figure
        self.part = part
        self.start, self.end, self.number_start, self.number_end = span
        self.stated = stated
        self.approx = approx
        self.said = said

    def moved(self, offset: int, size: int) -> Found:
        """The phrase in a line of a longer text that starts at ``offset`` and is ``size`` long:
        its words in that line (a phrase begun on the line before starts at 0)."""
        span = (
            max(self.start - offset, 0),
            min(self.end - offset, size),
            self.number_start - offset,
            self.number_end - offset,
        )
        return Found(self.figure, self.part, span, self.stated, self.approx, self.said)


_COMPILED: dict[tuple[TextFigure, ...], tuple[Phrase, ...]] = {}
# The last form's entries and phrases, looked up by identity: hashing the entries (each a record
# of several fields) on every paragraph cost a third of a whole text check (issue 14).
_last: tuple[tuple[TextFigure, ...], tuple[Phrase, ...]] | None = None


def phrases(form: FormDef) -> tuple[Phrase, ...]:
    """The form's phrases, each compiled when a text first needs it, in file order (an entry's
    patterns, then its parts): a number is read by the first phrase that finds it."""
    global _last
    key = form.text_figures
    last = _last  # read once: another thread (the 审核台's scan) may set it meanwhile
    if last is not None and last[0] is key:
        return last[1]
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = tuple(
            Phrase(form.source, figure, pattern, part)
            for figure in key
            for part, listed in ((False, figure.patterns), (True, figure.parts))
            for pattern in listed
        )
    _last = (key, found)
    return found


def _compile(source: str, figure: TextFigure, pattern: str) -> PhraseMatcher | _RegexPhrase:
    matcher = compile_phrase(pattern)
    if matcher is not None:
        return matcher
    try:
        regex = re.compile(pattern.replace(NUMBER_SLOT, _SLOT))
    except (re.error, RecursionError) as exc:  # RecursionError: groups nested thousands deep
        raise FormDefinitionError(
            source, figure.line, f"正文数字 “{figure.figure}” 的说法 “{pattern}” 有误：{exc}"
        ) from exc
    return _RegexPhrase(regex)


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
    if not any(ch in text for ch in numbers.NUMBER_CHAR_LIST):
        return []  # every phrase states a number (``pattern_problem``: exactly one {n})
    spaced = _squeezed(text)
    if spaced is None:
        return _found_in(compiled, text, paragraph)
    # Found in the text without its spaces (申请 11 件), placed and said as written.
    found = _found_in(compiled, spaced.text, spaced.text)
    return [_placed(f, spaced, paragraph) for f in found]


_NUMBER_CHARS = frozenset(numbers.NUMBER_CHAR_LIST)


class _Squeezed:
    """A paragraph without the spaces inside it (any: U+0020, U+3000, U+00A0, a line break …), but
    those between two number characters (“1 1件” is no 11). ``text`` is what phrases are looked for
    in; :meth:`at` and :meth:`end` give a position of it in the paragraph."""

    __slots__ = ("_origins", "text")

    def __init__(self, text: str, origins: list[int]) -> None:
        self.text = text
        self._origins = origins  # where each character of ``text`` is in the paragraph

    def at(self, i: int) -> int:
        """Where the character at ``i`` of ``text`` is in the paragraph."""
        return self._origins[i]

    def end(self, i: int) -> int:
        """Where a span of ``text`` that ends at ``i`` (after its first character) ends in the
        paragraph: after its last character, not after the spaces that followed it."""
        return self._origins[i - 1] + 1


def _squeezed(paragraph: str) -> _Squeezed | None:
    """``paragraph`` without its inner spaces; ``None`` when it has none (most paragraphs: nothing
    to map)."""
    words = paragraph.split()
    if len(words) < 2:
        return None
    pieces: list[str] = []
    origins: list[int] = []
    end = -1  # where the last word ends in the paragraph
    for word in words:
        at = paragraph.find(word, max(end, 0))
        stop = at + len(word)
        if end >= 0 and paragraph[end - 1] in _NUMBER_CHARS and word[0] in _NUMBER_CHARS:
            at = end  # the space kept: two numbers stay two (1 1件 is no 11)
        pieces.append(paragraph[at:stop])
        origins.extend(range(at, stop))
        end = stop
    return _Squeezed("".join(pieces), origins)


def _placed(found: Found, squeezed: _Squeezed, paragraph: str) -> Found:
    start, end = squeezed.at(found.start), squeezed.end(found.end)
    span = (start, end, squeezed.at(found.number_start), squeezed.end(found.number_end))
    said = _said(paragraph, start, end)
    return Found(found.figure, found.part, span, found.stated, found.approx, said)


def _said(paragraph: str, start: int, end: int) -> str:
    words = paragraph[start:end]
    return words.replace("\n", "") if "\n" in words else words


def _found_in(compiled: tuple[Phrase, ...], text: str, paragraph: str) -> list[Found]:
    """The phrases in ``text`` (the paragraph masked, without its spaces), said from
    ``paragraph`` (the same positions)."""
    result: list[Found] = []
    taken: set[int] = set()
    for phrase in compiled:
        # Most phrases lack a word of the paragraph: passed by here, before a search is set up
        # (a paragraph is looked at by every phrase of the form; 44 of them for 2014).
        for word in phrase.needed:
            if word not in text:
                break
        else:
            _take(phrase, text, paragraph, taken, result)
    result.sort(key=lambda f: f.number_start)
    return result


def _take(phrase: Phrase, text: str, paragraph: str, taken: set[int], result: list[Found]) -> None:
    """The numbers ``phrase`` finds in ``text`` that no phrase before it has read."""
    for span in phrase.matcher.finditer(text):
        nearest = _nearest(phrase, text, span)
        if nearest is None or nearest[3] in taken:
            continue
        found = _found(phrase, nearest, text, paragraph)
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


def _found(phrase: Phrase, span: Span, text: str, paragraph: str) -> Found | None:
    start, end, before_start, number_start, number_end, after_end = span
    grouped = _number_start(text, number_start)
    if grouped != number_start:
        before_start = number_start = grouped
    written = text[number_start:number_end].replace(",", "")
    stated = numbers.parse_number(written)
    if stated is None:
        return None
    approx = numbers.ROUNDED if numbers.rounded_as_written(written) else numbers.EXACT
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
            approx = approx_tail if approx in (numbers.EXACT, numbers.ROUNDED) else approx
    spans = (start, end, number_start, number_end)
    return Found(phrase.figure, phrase.part, spans, stated, approx, paragraph[start:end])


def _tail(text: str, number_end: int, end: int) -> tuple[str, str, int] | None:
    """左右 / 以上 after the number's measure word (280次左右) or after the phrase: the word, its
    meaning, and where the phrase now ends."""
    for at in (end, number_end + 1, number_end):
        for word, meaning in numbers.TAIL_WORDS.items():
            if text.startswith(word, at):
                return word, meaning, max(end, at + len(word))
    return None


def found_by_paragraph(
    form: FormDef, text: str, keep: Callable[[str, list[Found]], list[Found]] | None = None
) -> dict[int, list[Found]]:
    """The figure phrases of a section's text, by paragraph (as ``problems.iter_paragraphs``
    numbers them). Lines that continue one sentence (:func:`_runs`: text pasted from a PDF) are
    read as one: a phrase broken over them (收到政府信息公开申\\n请11件) is the paragraph's where
    its number is, its span there the words on that line. ``keep(text, found)``: the phrases to
    keep of those found in a line, or in lines read as one (their text joined by line breaks)."""
    result: dict[int, list[Found]] = {}
    for run in _runs(text):
        joined = run[0][1] if len(run) == 1 else "\n".join(line for _i, line in run)
        found = find(form, joined)
        if keep is not None:
            found = keep(joined, found)
        if len(run) == 1:
            result[run[0][0]] = found
            continue
        _share(run, found, result)
    return result


def _share(run: list[tuple[int, str]], found: list[Found], result: dict[int, list[Found]]) -> None:
    """``found`` in the lines of ``run`` joined, given to the line of each one's number."""
    starts: list[int] = []
    at = 0
    for index, line in run:
        result[index] = []
        starts.append(at)
        at += len(line) + 1
    line_of = 0
    for phrase in found:  # in the order of their numbers
        while line_of + 1 < len(run) and starts[line_of + 1] <= phrase.number_start:
            line_of += 1
        index, line = run[line_of]
        result[index].append(phrase.moved(starts[line_of], len(line)))


# A line that ends so ends its sentence: the next line is another sentence (or a paragraph).
_SENTENCE_ENDS = frozenset("。！？；：!?;:")
_CLOSING = "”’」』\"'"  # a quotation closed after its sentence's end: 。”
_CLAUSE_MARKS = frozenset("，。；,;")


def _runs(text: str) -> Iterator[list[tuple[int, str]]]:
    """The paragraphs of a section's text (numbered as ``problems.iter_paragraphs`` numbers them),
    grouped: a line that stops inside a sentence (no 。！？；： at its end) goes on in the next
    line, as text pasted from a PDF does, unless a blank line, a sub-heading or a numbered item
    (（一）…, 1、…) stands between them."""
    group: list[tuple[int, str]] = []
    index = 0
    for line in text.split("\n"):
        if not line.strip():
            if group:
                yield group
                group = []
            continue
        if group and not _goes_on(group[-1][1], line):
            yield group
            group = []
        group.append((index, line))
        index += 1
    if group:
        yield group


def _goes_on(line: str, following: str) -> bool:
    """Whether ``line``'s sentence goes on in ``following``."""
    end = line.rstrip().rstrip(_CLOSING)
    if not end or end[-1] in _SENTENCE_ENDS:
        return False
    if marker_at_start(following) is not None:
        return False  # a numbered paragraph begins
    # a sub-heading (（二）收到和处理政府信息公开申请) is a paragraph of its own
    return marker_at_start(line) is None or not _CLAUSE_MARKS.isdisjoint(line)
