"""The phrase patterns matched without ``re`` (``core/report/phrase_match.py``) find exactly what
``re`` finds with the same pattern, its ``{n}`` spelt out: the same matches, the same number and
approximate words, for every bundled pattern and for random patterns of the subset, over texts
made to come close to matching; a pattern outside the subset is left to ``re``."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDef, FormDefinitionError
from govreport_gui.core.forms.text_figures import NUMBER_SLOT
from govreport_gui.core.report import numbers
from govreport_gui.core.report.phrase_match import Span, _Parser, compile_phrase, plain_words
from govreport_gui.core.report.phrases import find

FORMS = sorted((Path(__file__).resolve().parent.parent / "forms").glob("*.toml"))
GRID = (Path(__file__).resolve().parent / "forms" / "test-grid.toml").read_text(encoding="utf-8")

# What {n} means to a phrase (forms/README.md, "Figures in the text").
SLOT = (
    f"(?P<before>{numbers.APPROX_BEFORE})(?P<n>{numbers.NUMBER})(?P<after>{numbers.APPROX_AFTER})"
)
NUMBERS = ["12", "３７０", "0.5", "1.2万", "三百七十", "两", "十十", "万", "2018", "一千零五", "."]
APPROX = [
    "约",
    "大约",
    "约为",
    "近",
    "将近",
    "超过",
    "多于",
    "不足",
    "余",
    "多",
    "来",
    "左右",
    "以上",
]
NOISE = [*"，。；、的年度和等x", "{{a}}"]


def by_re(pattern: str, text: str) -> list[Span]:
    regex = re.compile(pattern.replace(NUMBER_SLOT, SLOT))
    return [
        (m.start(), m.end(), m.start("before"), m.start("n"), m.end("n"), m.end("after"))
        for m in regex.finditer(text)
    ]


def by_matcher(pattern: str, text: str) -> list[Span]:
    matcher = compile_phrase(pattern)
    assert matcher is not None, pattern
    return list(matcher.finditer(text))


def sample(items: list[tuple[Any, ...]], rng: random.Random) -> Iterator[str]:
    """A text that the parsed pattern matches, now and then a little off (a character changed,
    a gap too long, the wrong character before a look-behind): inputs, not expectations."""
    for item in items:
        kind = item[0]
        if kind == "word":
            yield item[1] if rng.random() > 0.05 else rng.choice(NOISE)
        elif kind == "class":
            chars, negated, low, high = item[1:]
            size = rng.randint(low, min(high, 12))
            if rng.random() < 0.1:
                size += 1  # one too many now and then (not for every other ``[（(]`` or ``一?``)
            pool = NOISE + list("甲乙丙一十多") if negated else sorted(chars)
            if negated and rng.random() < 0.9:  # mostly the characters the class lets through
                pool = [c for c in pool if c not in chars]
            yield "".join(rng.choice(pool) for _ in range(size))
        elif kind == "either":
            yield from sample(rng.choice(item[1]), rng)
        elif kind == "optional":
            if rng.random() < 0.5:
                yield from sample(item[1], rng)
        elif kind == "not_after":
            if rng.random() < 0.4:
                yield rng.choice(sorted(item[1]))
        else:
            if rng.random() < 0.4:
                yield rng.choice(APPROX)
            yield rng.choice(NUMBERS)
            if rng.random() < 0.4:
                yield rng.choice(APPROX)


def texts(pattern: str, rng: random.Random, count: int) -> Iterator[str]:
    parser = _Parser(pattern)
    items = parser.alternatives()
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append("".join(rng.choice(NOISE + NUMBERS) for _ in range(rng.randint(0, 3))))
            parts.append("".join(sample(items, rng)))
        yield "".join(parts)


def bundled_patterns() -> list[str]:
    found: list[str] = []
    for path in FORMS:
        form = parse_form(path.read_text(encoding="utf-8"), str(path))
        for figure in form.text_figures:
            found.extend((*figure.patterns, *figure.parts))
    return found


BUNDLED = bundled_patterns()


def test_every_bundled_pattern_is_read_without_re() -> None:
    assert len(BUNDLED) > 60
    assert [p for p in BUNDLED if compile_phrase(p) is None] == []


@pytest.mark.parametrize("pattern", BUNDLED)
def test_a_bundled_pattern_finds_what_re_finds(pattern: str) -> None:
    rng = random.Random(pattern)
    matched = 0
    for text in texts(pattern, rng, 300):
        expected = by_re(pattern, text)
        assert by_matcher(pattern, text) == expected, text
        matched += bool(expected)
    assert matched > 30  # the texts do come close enough to match, often


WORDS = list("收到申请件信息公开不未约余多来一十年度")


def random_items(rng: random.Random, depth: int = 0) -> list[str]:
    """The items of a pattern of the subset without its {n}: words, classes with bounds, groups
    of alternatives, optional parts, a look-behind."""
    items = []
    if depth == 0 and rng.random() < 0.3:
        items.append(f"(?<![{''.join(rng.sample(WORDS, 2))}])")
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        if choice < 0.4:
            item = rng.choice(WORDS)
        elif choice < 0.6:
            negate = "^" if rng.random() < 0.6 else ""
            item = f"[{negate}{''.join(rng.sample(WORDS + list('，。；'), 3))}]"
        elif depth < 2:
            branches = ["".join(random_items(rng, depth + 1)) for _ in range(rng.randint(1, 3))]
            item = ("(?:" if rng.random() < 0.5 else "(") + "|".join(branches) + ")"
        else:
            item = "".join(rng.sample(WORDS, 2))
        quantity = rng.random()
        if quantity < 0.25:
            item += "?"
        elif quantity < 0.45 and not item.startswith("("):
            low = rng.randint(0, 2)
            item += f"{{{low},{low + rng.randint(0, 4)}}}" if rng.random() < 0.8 else f"{{{low}}}"
        items.append(item)
    return items


def random_phrase(rng: random.Random) -> tuple[str, bool]:
    """A pattern of the subset with its {n} somewhere: mostly among the top items, sometimes in
    a group; and whether a match may pass by it (in an optional part, or one branch of two)."""
    items = random_items(rng)
    word = rng.choice(WORDS)
    number, skipped = rng.choice(
        [("{n}", False)] * 7
        + [(f"(?:{{n}}{word})?", True), (f"(?:{{n}}|{word})", True), (f"({word}{{n}})", False)]
    )
    items.insert(rng.randint(items[0].startswith("(?<!"), len(items)), number)
    return "".join(items), skipped


def test_random_patterns_of_the_subset_find_what_re_finds() -> None:
    rng = random.Random(14)
    patterns = 0
    matched = 0
    while patterns < 400:
        pattern, skipped = random_phrase(rng)
        if compile_phrase(pattern) is None:  # only those that may match nothing or pass by {n}
            assert skipped or re.compile(pattern.replace(NUMBER_SLOT, SLOT)).fullmatch("")
            continue
        assert not skipped, pattern
        patterns += 1
        for text in texts(pattern, rng, 40):
            expected = by_re(pattern, text)
            assert by_matcher(pattern, text) == expected, (pattern, text)
            matched += bool(expected)
    assert matched > 2000


@pytest.mark.parametrize(
    "pattern",
    [
        r"收到\S{0,8}申请{n}件",  # an escape
        "收到[a-z]{0,8}申请{n}件",  # a range
        "收到[]]{0,8}申请{n}件",  # a class of "]" (re reads [] as the start of one)
        "收到[^]，]{0,8}申请{n}件",
        "收到[^，。；{0,8}申请{n}件",  # no closing ]
        "收到[申{n}]件",  # {n} inside a class
        "收到[^，。；]{,8}申请{n}件",  # {,m}
        "收到[^，。；]{0, 8}申请{n}件",  # not a repetition to re: literal text
        "收到[^，。；]{0,8}?申请{n}件",  # lazy
        "收到(?=申请)申请{n}件",  # a look-ahead
        "(?<!不予)公开{n}件",  # a look-behind of two characters
        "(?i)收到{n}件",  # flags
        "(收到|受理){2}{n}件",  # a repeated group
        "^收到{n}件$",  # anchors
        "收到{n}?件",  # an optional number
        "收到}{n}件",
        "(?:约)?{n}?",
        "收到?" * 300 + "{n}件",  # longer than any phrase: re's engine does not recurse
        "(" * 20 + "收到" + ")" * 20 + "{n}件",
    ],
)
def test_a_pattern_outside_the_subset_is_left_to_re(pattern: str) -> None:
    assert compile_phrase(pattern) is None


def form_with(pattern: str) -> FormDef:
    """The test grid with one figure, ``received``, stated by ``pattern``."""
    block = f"""
[[text_figures]]
figure = "received"
cells = ["new.a"]
patterns = ['{pattern}']
"""
    return parse_form(GRID + block, "forms/x.toml")


def test_a_form_pattern_outside_the_subset_still_finds_its_figure() -> None:
    [found] = find(form_with("收到\\S{0,8}申请{n}件"), "全年共收到政府信息公开申请约12件。")
    assert (found.figure.figure, found.stated, found.approx) == (
        "received",
        Decimal(12),
        numbers.ABOUT,
    )
    assert (found.number_start, found.number_end) == (14, 16)


def test_a_long_pattern_is_matched_by_re_and_one_nested_too_deep_refuses_the_form() -> None:
    [found] = find(form_with("收?" * 150 + "申请{n}件"), "全年共收到申请12件。")
    assert (found.stated, found.start, found.end) == (Decimal(12), 5, 10)
    with pytest.raises(FormDefinitionError):
        find(form_with("(" * 5000 + "收到" + ")" * 5000 + "{n}件"), "收到12件")


@pytest.mark.parametrize(
    ("pattern", "text"), [("收到({n}件)?", "收到3个，收到"), ("{n}件|无", "12x无")]
)
def test_a_match_that_passes_by_the_number_states_no_figure(pattern: str, text: str) -> None:
    assert compile_phrase(pattern) is None  # re tells whether its {n} took part
    assert find(form_with(pattern), text) == []


def contains_its_plain_words(pattern: str, text: str) -> bool:
    """Whether every match ``re`` finds of ``pattern`` in ``text`` holds each of its plain words
    (what a paragraph is searched for before the pattern is compiled)."""
    words = plain_words(pattern)
    return all(word in text[span[0] : span[1]] for span in by_re(pattern, text) for word in words)


@pytest.mark.parametrize("pattern", BUNDLED)
def test_a_bundled_patterns_plain_words_are_in_each_of_its_matches(pattern: str) -> None:
    rng = random.Random(pattern)
    for text in texts(pattern, rng, 100):
        assert contains_its_plain_words(pattern, text), text


def test_random_patterns_plain_words_are_in_each_of_their_matches() -> None:
    rng = random.Random(16)
    matched = 0
    for _ in range(400):
        pattern, _skipped = random_phrase(rng)
        for text in texts(pattern, rng, 20):
            assert contains_its_plain_words(pattern, text), (pattern, text)
            matched += bool(by_re(pattern, text))
    assert matched > 1000


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("年度?报告{n}件", ("年", "报告", "件")),  # a quantified character may be left out
        ("收到[^，。；]{0,8}申请{n}件", ("收到", "申请", "件")),
        ("(收到|受理){n}件", ("件",)),  # a group's words: any branch
        ("收到{n}件|受理{n}件", ()),  # an alternative of the whole: either
        ("信息{1,2}条{n}", ("信", "条")),
        ("(?x)收 到{n}件", ()),  # spaces ignored: the words as written may not be in a match
        (r"收到\S{n}件", ()),
        ("((收到){n}件", ()),  # unbalanced
        ("收到[^，{n}件", ()),
    ],
)
def test_plain_words_are_read_without_compiling(pattern: str, words: tuple[str, ...]) -> None:
    assert plain_words(pattern) == words
