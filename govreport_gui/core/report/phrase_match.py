"""The phrase patterns of a form's ``[[text_figures]]``, matched without compiling a regex.

CPython compiles a regular expression in Python, and a character class of Chinese characters
(``[^，。；]``, the approximate words 余|多|来, the first characters of 门户网站|政府网站) costs it
a 64 KB bitmap each time: ≈ 1–1.4 ms per phrase pattern, 41–63 ms for the 44 patterns of the
2014 form, paid by every process that checks a report's text before it has looked at one paragraph
(issue 14). The patterns themselves are simple: words, alternatives of words, optional parts,
bounded gaps ``[^，。；]{0,8}``, a negative look-behind ``(?<![不未])`` and the number ``{n}``.
This module reads that subset and matches it by backtracking, exactly as ``re`` does:

* alternatives are tried left to right, an optional part first taken then left out, a repeated
  character class first as long as it goes, then shorter (greedy), and the leftmost match wins;
* ``finditer`` resumes where the last match ended.

A pattern outside the subset (an escape, a look-ahead, a lazy or unbounded repetition, a
repeated group, a ``{n}`` that a match may pass by, a pattern of more than 200 items) is not
read: :func:`compile_phrase` returns ``None`` and the caller compiles it with ``re`` as before, so a form may use any regular expression and an invalid one is still
refused by ``re``'s own message. ``tests/test_phrase_match.py`` holds the two to the same results
over random texts, for every bundled pattern and for random patterns of the subset.

The number ``{n}`` is the one of :mod:`numbers`: an optional approximate word before it, a run of
number characters not preceded by one, an optional 余/多/来 after it.
"""

from __future__ import annotations

from collections.abc import Iterator

from govreport_gui.core.report import numbers

# A match: its start and end, where the number's approximate word before it starts, the number's
# start and end, and where the approximate word after it ends (== the number's end if none).
Span = tuple[int, int, int, int, int, int]

_NOT_IN_A_CLASS = frozenset("\\[]-^{}")
_SPECIAL = "\\.^$*+?{}[]|()"
_SPECIAL_SET = frozenset(_SPECIAL)
_SPLIT_AT_SPECIAL = str.maketrans(dict.fromkeys(_SPECIAL, "\0"))
_SLOT = "{n}"
_MOST = 10_000  # a bound beyond any phrase's gap; larger ones are re's to judge
# Beyond any phrase (the bundled ones have at most 27 items, groups 1 deep): a longer pattern is
# left to ``re``, whose engine does not recurse once per step as this matcher does.
_MOST_ITEMS = 200
_MOST_DEPTH = 10
_UNSUPPORTED = ValueError  # raised inside the parser: the pattern is left to ``re``

_NUMBER_CHARS = frozenset(numbers.NUMBER_CHAR_LIST)
_BEFORE = tuple(numbers.BEFORE_ORDER)
_BEFORE_FIRST = frozenset(word[0] for word in _BEFORE)
_AFTER = tuple(numbers.AFTER_WORDS)


class _Node:
    """One step of a compiled pattern: ``m(text, i, found)`` is where the whole match ends when
    this step and the rest succeed from ``i`` (-1 when they cannot); ``found`` receives the
    number's positions as the slot passes them."""

    __slots__ = ()

    def m(self, text: str, i: int, found: list[int]) -> int:
        raise NotImplementedError


class _Step(_Node):
    """A step followed by the rest of the pattern (``next``)."""

    __slots__ = ("next",)

    def __init__(self, next: _Node) -> None:
        self.next = next


class _End(_Node):
    __slots__ = ()

    def m(self, text: str, i: int, found: list[int]) -> int:
        return i


class _Word(_Step):
    __slots__ = ("word",)

    def __init__(self, word: str, next: _Node) -> None:
        super().__init__(next)
        self.word = word

    def m(self, text: str, i: int, found: list[int]) -> int:
        if text.startswith(self.word, i):
            return self.next.m(text, i + len(self.word), found)
        return -1


class _Repeat(_Step):
    """A character class repeated ``low`` to ``high`` times (once, for a plain class), greedy."""

    __slots__ = ("chars", "high", "lead", "low", "negated")

    def __init__(
        self, chars: frozenset[str], negated: bool, low: int, high: int, next: _Node
    ) -> None:
        super().__init__(next)
        self.chars = chars
        self.negated = negated
        self.low = low
        self.high = high
        # The word that must follow (a gap before 申请): lengths not followed by it are skipped
        # without a step, as ``re`` skips them by the literal after a repeat.
        self.lead = next.word if isinstance(next, _Word) else ""

    def m(self, text: str, i: int, found: list[int]) -> int:
        chars, negated, lead = self.chars, self.negated, self.lead
        stop = min(len(text), i + self.high)
        j = i
        while j < stop and (text[j] in chars) is not negated:
            j += 1
        nxt = self.next
        while j >= i + self.low:
            if not lead or text.startswith(lead, j):
                end = nxt.m(text, j, found)
                if end >= 0:
                    return end
            j -= 1
        return -1


class _Either(_Node):
    """Alternatives, tried in order; an optional part is its content or nothing."""

    __slots__ = ("choices",)

    def __init__(self, choices: tuple[_Node, ...]) -> None:
        self.choices = choices

    def m(self, text: str, i: int, found: list[int]) -> int:
        for choice in self.choices:
            end = choice.m(text, i, found)
            if end >= 0:
                return end
        return -1


class _NotAfter(_Step):
    """``(?<![…])``: the character before ``i`` is not one of ``chars`` (or there is none)."""

    __slots__ = ("chars",)

    def __init__(self, chars: frozenset[str], next: _Node) -> None:
        super().__init__(next)
        self.chars = chars

    def m(self, text: str, i: int, found: list[int]) -> int:
        if i and text[i - 1] in self.chars:
            return -1
        return self.next.m(text, i, found)


class _Number(_Step):
    """``{n}``: as ``(?P<before>APPROX_BEFORE)(?P<n>NUMBER)(?P<after>APPROX_AFTER)``."""

    __slots__ = ()

    def m(self, text: str, i: int, found: list[int]) -> int:
        if i >= len(text):
            return -1
        ch = text[i]
        if ch in _BEFORE_FIRST:
            for word in _BEFORE:
                if text.startswith(word, i):
                    end = self._number(text, i, i + len(word), found)
                    if end >= 0:
                        return end
        if ch not in _NUMBER_CHARS:
            return -1
        return self._number(text, i, i, found)

    def _number(self, text: str, before: int, start: int, found: list[int]) -> int:
        if start and text[start - 1] in _NUMBER_CHARS:
            return -1
        j = start
        size = len(text)
        while j < size and text[j] in _NUMBER_CHARS:
            j += 1
        nxt = self.next
        while j > start:
            for word in _AFTER:
                if text.startswith(word, j):
                    found[:] = (before, start, j, j + len(word))
                    end = nxt.m(text, j + len(word), found)
                    if end >= 0:
                        return end
            found[:] = (before, start, j, j)
            end = nxt.m(text, j, found)
            if end >= 0:
                return end
            j -= 1
        return -1


class PhraseMatcher:
    """A phrase pattern of the subset, ready to match (see the module's docstring)."""

    __slots__ = ("_first", "_needed", "_start")

    def __init__(self, start: _Node, first: tuple[str, ...] | None, needed: tuple[str, ...]):
        self._start = start
        self._first = first  # the characters a match can start with (None: any)
        self._needed = needed  # words every match contains

    def finditer(self, text: str) -> Iterator[Span]:
        """The matches in ``text``, as ``re.finditer`` would find them."""
        for word in self._needed:
            if word not in text:
                return
        found = [0, 0, 0, 0]
        start = self._start
        size = len(text)
        # Where each first character occurs next: found again only once passed, so the text is
        # scanned once per first character (a pattern that starts with {n} has 40 of them).
        leads: list[str] = []
        nexts: list[int] = []
        if self._first is not None:
            for ch in self._first:
                where = text.find(ch)
                if where >= 0:
                    leads.append(ch)
                    nexts.append(where)
            if not leads:
                return
        at = 0
        while at < size:
            if leads:
                best = size
                for index, where in enumerate(nexts):
                    if where < at:
                        where = text.find(leads[index], at)
                        nexts[index] = where if where >= 0 else size
                    if where < best and where >= 0:
                        best = where
                if best >= size:
                    return
                at = best
            end = start.m(text, at, found)
            if end < 0:
                at += 1
                continue
            yield (at, end, found[0], found[1], found[2], found[3])
            at = end  # never empty: a pattern that could match nothing is left to ``re``


def compile_phrase(pattern: str) -> PhraseMatcher | None:
    """``pattern`` (with its ``{n}``) ready to match, or ``None`` when it is outside the subset
    this module reads (the caller then compiles it with ``re``)."""
    try:
        parser = _Parser(pattern)
        tree = parser.alternatives()
        if parser.at < len(pattern) or parser.slots != 1:
            raise _UNSUPPORTED
    except _UNSUPPORTED:
        return None
    if _shortest(tree) == 0 or not _numbered(tree):
        return None  # re's groups tell a match that passed by {n} from one that did not
    start = _link(tree, _End())
    return PhraseMatcher(start, _first(tree), _needed(tree))


# The parsed pattern, before it is linked into nodes: ("word", text), ("class", chars, negated,
# low, high), ("either", [branch, …]) with each branch a list of items, ("optional", branch),
# ("not_after", chars), ("number",).
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from typing import Any

    _Item = tuple[Any, ...]


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0
        self.slots = 0
        self.items = 0  # a match runs one nested call per step: long patterns are left to ``re``
        self.depth = 0

    def peek(self) -> str:
        return self.text[self.at : self.at + 1]

    def alternatives(self) -> list[_Item]:
        branches = [self.branch()]
        while self.text.startswith("|", self.at):
            self.at += 1
            branches.append(self.branch())
        return branches[0] if len(branches) == 1 else [("either", branches)]

    def branch(self) -> list[_Item]:
        # The characters read in place, not through ``peek``: a call per step is most of what
        # compiling a form's phrases costs a ``check`` process (issue 14).
        text = self.text
        items: list[_Item] = []
        while self.at < len(text) and text[self.at] not in "|)":
            items.append(self.item())
        return items

    def item(self) -> _Item:
        self.items += 1
        if self.items > _MOST_ITEMS:
            raise _UNSUPPORTED
        ch = self.text[self.at : self.at + 1]
        if self.text.startswith(_SLOT, self.at):
            self.at += len(_SLOT)
            self.slots += 1
            self.no_quantifier()
            return ("number",)
        if ch == "(":
            return self.group()
        if ch == "[":
            chars, negated = self.char_class()
        elif ch == ".":
            self.at += 1
            chars, negated = frozenset("\n"), True
        elif ch in _SPECIAL:
            raise _UNSUPPORTED
        else:
            word = self.word()
            if word:
                return ("word", word)
            self.at += 1
            chars, negated = frozenset(ch), False
        low, high = self.quantifier()
        if not negated and len(chars) == 1 and low == high == 1:
            return ("word", next(iter(chars)))
        return ("class", chars, negated, low, high)

    def word(self) -> str:
        """The plain characters from here, but the last when a quantifier follows it (年度?)."""
        text, start = self.text, self.at
        end = start
        while end < len(text) and text[end] not in _SPECIAL:
            end += 1
        after = text[end : end + 1]
        if (after and after in "?*+") or (after == "{" and not text.startswith(_SLOT, end)):
            end -= 1
        self.at = end
        return text[start:end]

    def group(self) -> _Item:
        self.at += 1
        if self.text.startswith("?<!", self.at):
            self.at += 3
            if self.peek() == "[":
                chars, negated = self.char_class()
                if negated:
                    raise _UNSUPPORTED
            elif self.peek() and self.peek() not in _SPECIAL:
                chars = frozenset(self.peek())
                self.at += 1
            else:
                raise _UNSUPPORTED
            self.close()
            self.no_quantifier()
            return ("not_after", chars)
        if self.text.startswith("?:", self.at):
            self.at += 2
        elif self.peek() == "?":
            raise _UNSUPPORTED  # a named group, a look-ahead, flags …
        self.depth += 1
        if self.depth > _MOST_DEPTH:
            raise _UNSUPPORTED
        inner = self.alternatives()
        self.depth -= 1
        self.close()
        if self.peek() == "?":
            self.at += 1
            self.no_quantifier()
            return ("optional", inner)
        self.no_quantifier()
        return ("either", [inner])

    def close(self) -> None:
        if self.peek() != ")":
            raise _UNSUPPORTED
        self.at += 1

    def char_class(self) -> tuple[frozenset[str], bool]:
        text = self.text
        start = self.at + 1
        negated = text.startswith("^", start)
        if negated:
            start += 1
        close = text.find("]", start)
        body = text[start:close] if close >= 0 else ""
        if not body or not _NOT_IN_A_CLASS.isdisjoint(body):
            raise _UNSUPPORTED  # ranges, escapes, nested sets, no closing ]: left to ``re``
        self.at = close + 1
        return frozenset(body), negated

    def quantifier(self) -> tuple[int, int]:
        ch = self.peek()
        if ch == "?":
            self.at += 1
            low, high = 0, 1
        elif ch == "{" and not self.text.startswith(_SLOT, self.at):
            close = self.text.find("}", self.at)
            body = self.text[self.at + 1 : close] if close > 0 else ""
            low_text, comma, high_text = body.partition(",")
            if not (low_text.isascii() and low_text.isdigit()):
                raise _UNSUPPORTED
            if comma and not (high_text.isascii() and high_text.isdigit()):
                raise _UNSUPPORTED  # {m,} (refused by the form) or anything else
            low = int(low_text)
            high = int(high_text) if comma else low
            if high < low or high > _MOST:
                raise _UNSUPPORTED  # re's own message (or its limit) for these
            self.at = close + 1
        elif ch in ("*", "+"):
            raise _UNSUPPORTED  # unbounded (refused by the form anyway)
        else:
            return 1, 1
        self.no_quantifier()
        return low, high

    def no_quantifier(self) -> None:
        """Nothing may follow a quantified item that changes it (``??``, ``{0,3}+``, ``a??``)."""
        ch = self.peek()
        if ch in ("?", "*", "+") and ch:
            raise _UNSUPPORTED
        if ch == "{" and not self.text.startswith(_SLOT, self.at):
            raise _UNSUPPORTED


def _link(items: list[_Item], next: _Node) -> _Node:
    """The items as linked nodes, ending in ``next`` (built from the last item back)."""
    node = next
    index = len(items)
    while index:
        index -= 1
        item = items[index]
        kind = item[0]
        if kind == "word":
            word = item[1]
            # consecutive words are one step (a one-character class [收] before 到)
            while index and items[index - 1][0] == "word":
                index -= 1
                word = items[index][1] + word
            node = _Word(word, node)
        elif kind == "class":
            node = _Repeat(item[1], item[2], item[3], item[4], node)
        elif kind == "either":
            branches = item[1]
            if len(branches) == 1:
                node = _link(branches[0], node)
            else:
                node = _Either(tuple(_link(branch, node) for branch in branches))
        elif kind == "optional":
            node = _Either((_link(item[1], node), node))
        elif kind == "not_after":
            node = _NotAfter(item[1], node)
        else:
            node = _Number(node)
    return node


def _numbered(items: list[_Item]) -> bool:
    """Whether every match passes through the ``{n}`` (not in an optional part or a branch)."""
    for item in items:
        if item[0] == "number":
            return True
        if item[0] == "either" and all(_numbered(branch) for branch in item[1]):
            return True
    return False


def _shortest(items: list[_Item]) -> int:
    total = 0
    for item in items:
        kind = item[0]
        if kind == "word":
            total += len(item[1])
        elif kind == "class":
            total += item[3]
        elif kind == "either":
            total += min(_shortest(branch) for branch in item[1])
        elif kind == "number":
            total += 1
    return total


def _first(items: list[_Item]) -> tuple[str, ...] | None:
    """The characters a match of ``items`` can start with (``None``: it may start with any)."""
    chars: set[str] = set()
    for item in items:
        kind = item[0]
        if kind == "word":
            chars.add(item[1][0])
        elif kind == "class":
            if item[2]:
                return None
            chars |= item[1]
        elif kind in ("either", "optional"):
            branches = item[1] if kind == "either" else [item[1]]
            for branch in branches:
                sub = _first(branch)
                if sub is None:
                    return None
                chars.update(sub)
        elif kind == "number":
            chars |= _NUMBER_CHARS | _BEFORE_FIRST
        if kind != "not_after" and _shortest([item]) > 0:
            return tuple(sorted(chars))
    return None  # the whole pattern may match nothing (left to ``re`` before this is asked)


def _needed(items: list[_Item]) -> tuple[str, ...]:
    """Words that every match contains: the runs of plain characters the pattern always has."""
    words: list[str] = []
    run = ""
    for item in items:
        if item[0] == "word":
            run += item[1]
            continue
        if run:
            words.append(run)
        run = ""
    if run:
        words.append(run)
    return tuple(words)


def plain_words(pattern: str) -> tuple[str, ...]:
    """Words every match of ``pattern`` contains, read from its text without compiling it: the
    runs of plain characters outside groups, classes and quantifiers (年度? gives 年). ``()`` when
    it cannot tell: a ``|`` outside a group (any branch may match), an escape, a class that starts
    with ``]``, unbalanced parentheses or brackets, inline flags (``(?x)`` ignores spaces).
    Conservative by construction: a text without one of these words has no match, whatever the
    pattern compiles to (this module's matcher or ``re``), so a phrase need not be compiled for
    it."""
    if "\\" in pattern or "[]" in pattern or "[^]" in pattern or _has_flags(pattern):
        return ()
    # The plain runs between special characters, and those characters, side by side: the loop
    # steps from one special character to the next, not through every character (a ``check``
    # process reads a whole form's patterns, issue 14).
    runs = pattern.translate(_SPLIT_AT_SPECIAL).split("\0")
    specials = [ch for ch in pattern if ch in _SPECIAL_SET]
    words: list[str] = []
    depth = 0
    closing = ""  # inside a class or braces: the character that ends it (their runs are passed)
    for index, ch in enumerate(specials):
        if closing:
            closing = "" if ch == closing else closing
            continue
        run = runs[index]
        if run and not depth:
            quantified = ch in "?*+" or (ch == "{" and runs[index + 1] != "n")
            # the character before a quantifier may be left out: the rest of its run is kept
            word = run[:-1] if quantified else run
            if word:
                words.append(word)
        if ch == "|" and not depth:
            return ()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return ()
        elif ch == "[":
            closing = "]"
        elif ch == "{":
            closing = "}"
    if depth or closing:
        return ()
    if runs[-1]:
        words.append(runs[-1])
    return tuple(words)


def _has_flags(pattern: str) -> bool:
    """Whether ``pattern`` sets flags inline (``(?x)``, ``(?i:…)``, ``(?-i:…)``)."""
    at = pattern.find("(?")
    while at >= 0:
        after = pattern[at + 2 : at + 3]
        if after.isalpha() or after == "-":
            return True
        at = pattern.find("(?", at + 2)
    return False
