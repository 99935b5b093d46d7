"""The numbering of sub-headings in a section's text: found out of order, and mended.

A paragraph that begins with a marker is a numbered heading or item (《党政机关公文格式》GB/T 9704:
结构层次序数依次用“一、”“（一）”“1.”“（1）”):

=====  ==================  =============================
level  official style      also met (one style per level)
=====  ==================  =============================
1      一、
2      （一）              （1）
3      1.                 1、
4      （1）
=====  ==================  =============================

Within a section each level counts from 1 under its parent (the 1. 2. 3. under （一） restart under
（二）) and keeps one style: the official one when the section uses it at that level, else the
first one it uses. ``（2）`` is read as level 2 where it continues the level-2 count and no level-4
list is open (the seed's （一）…1.2.3.（2）（3）（四）), else as level 4.

:func:`numbering_problems` gives a warning per slip ("第2个小标题应为“（二）”，写成了“（2）”"; after a
skipped number the count goes on from the number written, so one slip is one warning);
:func:`mend_numbering` renumbers every marker in sequence in the level's style. Only the leading
marker is touched (and spaces right after a marker it rewrites), never a number inside a paragraph.
"""

from __future__ import annotations

from govreport_gui.core.report.problems import NUMBERING_RULE, TextProblem, iter_paragraphs

CN_DUN = "cn_dun"  # 一、
CN_PAREN = "cn_paren"  # （一）
AR_DOT = "ar_dot"  # 1.
AR_DUN = "ar_dun"  # 1、
AR_PAREN = "ar_paren"  # （1）
OFFICIAL = {1: CN_DUN, 2: CN_PAREN, 3: AR_DOT, 4: AR_PAREN}
_LEVEL_OF_STYLE = {CN_DUN: 1, CN_PAREN: 2, AR_DOT: 3, AR_DUN: 3}

_CN = frozenset("一二三四五六七八九十百")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_LEADING = frozenset(" \t\u3000")


def _run(text: str, start: int, chars: frozenset[str], stop: int) -> int:
    """Where the run of ``chars`` from ``start`` ends (at ``stop`` at the latest)."""
    end = start
    while end < stop and text[end] in chars:
        end += 1
    return end


def marker_at_start(paragraph: str) -> tuple[str, int, int, str] | None:
    """The marker a paragraph begins with: its style, where its number starts, where the marker
    ends, and the number as written; None when it begins with none.

    What ``re.match`` of this expression finds (``tests/test_numbering.py`` holds the two to the
    same answers), read by hand: its classes of Chinese numerals would cost every process that
    checks a report's text ≈ 1 ms to compile (issue 14)::

        [ \\t\\u3000]*(?:(?P<cn_dun>[一二三四五六七八九十百]+)、
                     |[（(](?P<cn_paren>[一二三四五六七八九十百]+)[）)]
                     |[（(](?P<ar_paren>[0-9０-９]{1,3})[）)]
                     |(?P<ar_dot>[0-9０-９]{1,3})[.．](?![0-9０-９])
                     |(?P<ar_dun>[0-9０-９]{1,3})、)

    No backtracking is needed: what follows each run (、 ） . ．) is never one of its characters.
    """
    size = len(paragraph)
    i = _run(paragraph, 0, _LEADING, size)
    if i == size:
        return None
    j = _run(paragraph, i, _CN, size)
    if j > i:
        if paragraph.startswith("、", j):
            return CN_DUN, i, j + 1, paragraph[i:j]
        return None
    if paragraph[i] in "（(":
        j = _run(paragraph, i + 1, _CN, size)
        if j == i + 1:
            j = _run(paragraph, i + 1, _DIGITS, min(size, i + 4))
            style = AR_PAREN
        else:
            style = CN_PAREN
        if j > i + 1 and j < size and paragraph[j] in "）)":
            return style, i + 1, j + 1, paragraph[i + 1 : j]
        return None
    j = _run(paragraph, i, _DIGITS, min(size, i + 3))
    if j in (i, size):
        return None
    if paragraph[j] in ".．" and not (j + 1 < size and paragraph[j + 1] in _DIGITS):
        return AR_DOT, i, j + 1, paragraph[i:j]
    if paragraph[j] == "、":
        return AR_DUN, i, j + 1, paragraph[i:j]
    return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


class Item:
    """A numbered paragraph: its level, its marker as written and the one it should have."""

    __slots__ = (
        "end",
        "expected",
        "level",
        "number",
        "ordinal",
        "paragraph",
        "parent",
        "start",
        "style",
        "written",
    )

    def __init__(
        self, paragraph: int, start: int, end: int, written: str, style: str, number: int
    ) -> None:
        self.paragraph = paragraph
        self.start = start  # the marker's span in the paragraph (leading spaces left out)
        self.end = end
        self.written = written
        self.style = style
        self.number = number
        self.level = 0
        self.ordinal = 0  # its place under its parent, from 1
        self.expected = ""
        self.parent: Item | None = None


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + digits[rest] if rest < 10 else chinese_numeral(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return digits[n // 100] + "百" + tail


def marker(style: str, number: int) -> str:
    if style == CN_DUN:
        return f"{chinese_numeral(number)}、"
    if style == CN_PAREN:
        return f"（{chinese_numeral(number)}）"
    if style == AR_PAREN:
        return f"（{number}）"
    if style == AR_DUN:
        return f"{number}、"
    return f"{number}."


def _value(style: str, digits: str) -> int:
    if style in (CN_DUN, CN_PAREN):
        from govreport_gui.core.report.numbers import parse_number

        parsed = parse_number(digits)
        return int(parsed) if parsed is not None else 0
    return int(digits.translate(_FULL_WIDTH))


def items(text: str) -> list[Item]:
    """The numbered paragraphs of a section's text, each with its level and the marker it should
    have (paragraphs counted as ``ReportSection.paragraphs`` counts them)."""
    found: list[Item] = []
    for index, paragraph in iter_paragraphs(text):
        marker_found = marker_at_start(paragraph)
        if marker_found is None:
            continue
        style, number_start, end, digits = marker_found
        start = number_start - (1 if style in (CN_PAREN, AR_PAREN) else 0)
        number = _value(style, digits)
        if number < 1:
            continue
        found.append(Item(index, start, end, paragraph[start:end], style, number))
    _place(found)
    return found


def _place(found: list[Item]) -> None:
    """Give each item its level, ordinal, parent and the marker due."""
    seen = {1: 0, 2: 0, 3: 0, 4: 0}
    parents: dict[int, Item | None] = {1: None, 2: None, 3: None, 4: None}
    for item in found:
        level = _LEVEL_OF_STYLE.get(item.style) or _paren_level(item.number, seen)
        item.level = level
        seen[level] += 1
        item.ordinal = seen[level]
        item.parent = next((parents[up] for up in range(level - 1, 0, -1) if parents[up]), None)
        parents[level] = item
        for lower in range(level + 1, 5):
            seen[lower] = 0
            parents[lower] = None
    styles: dict[int, str] = {}
    for level in (1, 2, 3, 4):
        used = [i.style for i in found if i.level == level]
        if used:
            styles[level] = OFFICIAL[level] if OFFICIAL[level] in used else used[0]
    for item in found:
        item.expected = marker(styles[item.level], item.ordinal)


def _paren_level(number: int, seen: dict[int, int]) -> int:
    """（n）: level 4 when it continues an open level-4 list; level 2 when it continues the
    level-2 count; else level 4 under an open level 3 or as a list starting right under a
    heading, and level 2 where nothing is open (a section numbered （1）（2）… throughout)."""
    if seen[4] and number == seen[4] + 1:
        return 4
    if seen[2] and number == seen[2] + 1:
        return 2
    if seen[3] or seen[4] or (seen[2] and number == 1):
        return 4
    return 2


def _same_style(item: Item, expected: str) -> bool:
    """Whether the marker as written is the one due, full-width or not (（2） and (2) alike)."""
    return item.written.translate(_SAME) == expected.translate(_SAME)


_SAME = str.maketrans("()．０１２３４５６７８９", "（）.0123456789")


def numbering_problems(section_id: str, text: str) -> list[TextProblem]:
    """A warning per numbering slip of the section's text."""
    problems: list[TextProblem] = []
    counts: dict[tuple[int, int], int] = {}  # (id of the parent, level) → the count written
    for item in items(text):
        key = (id(item.parent), item.level)
        due = counts.get(key, 0) + 1
        styled = marker(_style_of(item.expected), due)
        counts[key] = max(due, item.number)  # after a skip, go on from the number written
        if _same_style(item, styled):
            continue
        problems.append(
            TextProblem(
                rule_id=NUMBERING_RULE,
                section=section_id,
                paragraph=item.paragraph,
                span=(item.start, item.end),
                message=f"{_place_name(item, due)}应为“{styled}”，写成了“{item.written}”",
                expected=styled,
                actual=item.written,
            )
        )
    return problems


def _style_of(expected: str) -> str:
    if expected.startswith("（"):
        return CN_PAREN if expected[1] in _CN else AR_PAREN
    if expected.endswith("、"):
        return CN_DUN if expected[0] in _CN else AR_DUN
    return AR_DOT


def _place_name(item: Item, ordinal: int) -> str:
    if item.level <= 2 or item.parent is None:
        return f"第{ordinal}个{'标题' if item.level == 1 else '小标题'}"
    return f"“{item.parent.expected}”下第{ordinal}项"


def mend_numbering(text: str) -> str:
    """``text`` with every leading marker renumbered in sequence in its level's style (the spaces
    after a rewritten marker dropped); the rest of the text as it was."""
    fixes = {i.paragraph: i for i in items(text) if not _same_style(i, i.expected)}
    if not fixes:
        return text
    lines = text.split("\n")
    index = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        item = fixes.get(index)
        index += 1
        if item is None:
            continue
        rest = line[item.end :].lstrip(" \t\u3000")
        lines[number] = line[: item.start] + item.expected + rest
    return "\n".join(lines)
