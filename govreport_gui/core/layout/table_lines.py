"""Lines a published statistics table carries that are no rows of it.

Reports print their tables with lines of their own, inside the table (a merged row) or as
paragraphs just above or below it: the unit (``单位：件``, ``（单位：万元）``, set alone or after a
caption), a note at the foot (``注：…``, ``说明：…``, ``数据来源：…``), a caption (``表二 收到和处理
政府信息公开申请情况``, ``续表``). They hold no figure: the table readers do not take them for rows
the form has not (``import_xlsx.read_tables``), and a unit they state is the table's, compared with
the form's (a money unit the form does not count in leaves the cells unread and named).

The functions work on a label normalised as ``import_xlsx.norm`` makes it (NFKC, no white space,
ASCII punctuation: ``单位:件``, ``(单位:件)``), so that this module needs nothing of the readers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

# The units that scale a figure of money (only these: 件 and 条 do not scale a count).
MONEY_UNITS = ("百万元", "千元", "万元", "亿元", "元")
# The units the forms count in (a test keeps them so): a number shown with one of them is the same
# number whichever it is. Longest first, as they are looked for at the end of a text (人次 before 次).
COUNT_UNITS = ("人次", "件", "条", "个", "次", "人", "篇")

UNIT = "unit"  # 单位：件
NOTE = "note"  # 注：…, 说明：…, 数据来源：…
CAPTION = "caption"  # 表二 …, 续表, the section's heading


@dataclass(frozen=True)
class TableLine:
    """What a line without figures printed with a table is, and the units it states."""

    kind: str  # UNIT, NOTE or CAPTION
    units: tuple[str, ...]  # 件; 件 and 万元 for 单位：件、万元


# At the end of the line: 单位:件, (单位:件、万元), 计量单位:件, 金额单位:元 (after a caption or a note).
_UNIT_STATEMENT = re.compile(r"\(?(?:计量|金额)?单位:(?P<units>[^():]{1,16})\)?$")
_UNIT_SEPARATORS = re.compile(r"[、,/;]|和|及")
_NOTE = re.compile(r"^(?:注\d*|注释|附注|说明|备注|数据来源|资料来源|填表说明|填报说明)\d*:")
_CAPTION = re.compile(r"^(?:附)?表格?[一二三四五六七八九十\d]+|^\(?续(?:上)?表\)?$")


def table_line(key: str, known: Collection[str] = ()) -> TableLine | None:
    """What the normalised text ``key`` of a line holding no figure is, printed with a table:
    a unit, a note or a caption (``known``: the form's own titles, as printed over its tables);
    None when it is none of them (a row label, a sentence)."""
    rest = key
    units: tuple[str, ...] = ()
    match = _UNIT_STATEMENT.search(key)
    if match:
        units = tuple(u for u in _UNIT_SEPARATORS.split(match.group("units")) if u)
        rest = key[: match.start()]
    if not rest and units:
        return TableLine(UNIT, units)
    if _NOTE.match(rest):
        return TableLine(NOTE, units)
    if rest and (_CAPTION.match(rest) or rest in known):
        return TableLine(CAPTION, units)
    return None


def stated_money_conflict(
    units: Collection[str], wanted: str, is_money: bool, table_has_money: bool
) -> tuple[str, str] | None:
    """(the money unit a table's line states, the form's: "" for a count) when they differ: 元
    over a fee the form asks in 万元 (``wanted``), 元 or 万元 over a table of counts. None when
    the line states no money unit, when one it states is the form's, and for a count in a table
    that has money cells too, or under a count unit stated beside it (单位：件、万元): the money
    unit is the money cells'."""
    money = [u for u in units if u in MONEY_UNITS]
    if not money:
        return None
    if is_money:
        return (money[0], wanted) if wanted and wanted not in money else None
    if table_has_money or len(money) < len(units):
        return None
    return money[0], ""
