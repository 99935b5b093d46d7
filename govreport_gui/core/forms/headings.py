"""How a report's section heading is compared with the form's: its words without numbering,
punctuation, year or 的 (:func:`heading_key`), and its numbering apart (:func:`heading_number`).

Here, beside the sections of the form file, because the form file is checked with them (a
section's ``aliases`` must not read as another section's heading) and ``import-report`` matches
with them (:func:`govreport_gui.core.layout.import_docx.match_heading`).
"""

from __future__ import annotations

import re
import unicodedata

CN_NUMERALS = "一二三四五六七八九十"
# The numbering of a section heading (一、 一. 一 第一部分 1. 1、; not （一）: that is a sub-heading)
# and the punctuation left out of a heading's key are read by hand, not by regular expressions:
# the form file checks its sections' aliases with these functions on every `check` of a 2019 or
# 2021 report, and compiling the two patterns cost that process ≈ 7M instructions (4 %).
_ORDINAL_ENDS = ("部分", "章", "节")
_DIGITS_END = frozenset("、.,")
_PUNCTUATION = str.maketrans(dict.fromkeys("、,.:;!?'\"“”‘’《》<>()[]【】·。，：；！？"))
# 2019年工作思路 = 下一年工作思路 = the form file's {next}年工作思路 (a year filled in when shown)
_YEAR = re.compile(r"(?:\d{4}|\{\w+\}|下一?|明)年度?")


def _numbering(text: str) -> tuple[int, int]:
    """Where the numbering that starts ``text`` ends (0: none), and its number."""
    if text.startswith("第"):
        end = _run(text, 1, CN_NUMERALS)
        if end > 1:
            for word in _ORDINAL_ENDS:
                if text.startswith(word, end):
                    return end + len(word), chinese_number(text[1:end])
        return 0, 0
    end = _run(text, 0, CN_NUMERALS)
    if end:
        return end, chinese_number(text[:end])
    end = 0
    while end < min(len(text), 2) and text[end].isdecimal():
        end += 1
    if end and end < len(text) and text[end] in _DIGITS_END:
        return end, int(text[:end])
    return 0, 0


def _run(text: str, start: int, chars: str) -> int:
    """Where the run of ``chars`` that starts at ``start`` ends."""
    end = start
    while end < len(text) and text[end] in chars:
        end += 1
    return end


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (the numbering of headings)."""
    digits = {ch: n for n, ch in enumerate("一二三四五六七八九", start=1)}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, units = text.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(units, 0)


def _plain(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    return "".join(s.split())


def heading_key(text: str) -> str:
    """The words of a heading, for matching: ``四、2019年工作思路`` and ``四．2020 年工作思路：``
    give the same key, and so do headings retyped with or without 的 (三、收到和处理政府信息公开的
    申请情况); ``（一）…`` keeps its numbering (a sub-heading is never a section)."""
    s = _plain(text)
    s = s[_numbering(s)[0] :]
    s = _YEAR.sub("#年", s)
    return s.translate(_PUNCTUATION).replace("的", "")


def heading_number(text: str) -> int | None:
    """The number a heading is numbered with (二、 第二部分 2. → 2), None when it has none."""
    end, number = _numbering(_plain(text))
    return number or None if end else None
