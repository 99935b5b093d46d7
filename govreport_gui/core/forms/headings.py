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
# Numbering of a section heading: 一、 一. 一 第一部分 1. 1、 (not （一）: that is a sub-heading).
_HEADING_NUMBER = re.compile(
    rf"^(?:第(?P<ordinal>[{CN_NUMERALS}]+)(?:部分|章|节)|(?P<cn>[{CN_NUMERALS}]+)"
    r"|(?P<digits>\d{1,2})(?=[、.,]))"
)
_PUNCTUATION = re.compile(r"[\s、,.:;!?'\"“”‘’《》<>()\[\]【】·。，：；！？]")
# 2019年工作思路 = 下一年工作思路 = the form file's {next}年工作思路 (a year filled in when shown)
_YEAR = re.compile(r"(?:\d{4}|\{\w+\}|下一?|明)年度?")


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
    s = _HEADING_NUMBER.sub("", _plain(text), count=1)
    s = _YEAR.sub("#年", s)
    return _PUNCTUATION.sub("", s).replace("的", "")


def heading_number(text: str) -> int | None:
    """The number a heading is numbered with (二、 第二部分 2. → 2), None when it has none."""
    found = _HEADING_NUMBER.match(_plain(text))
    if found is None:
        return None
    if found.group("digits"):
        return int(found.group("digits"))
    return chinese_number(found.group("ordinal") or found.group("cn")) or None
