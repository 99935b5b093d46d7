"""Numbers as a report's text writes them, and what approximate wording allows.

A figure in the text may be written in Arabic digits (``370``, full-width ``３７０``, ``0.5``,
``1.2万``) or in Chinese numerals (``三百七十``, ``两``, ``一千零五``), and may be approximate:
``370余条``, ``20多条``, ``近400条``, ``约300条``, ``280次左右``, ``100件以上``, ``不足10件``.
:func:`reading` turns a stated number and its approximate word into the range of table values it
is true of; :func:`agrees` says whether a table value is in it. The ranges (forms/README.md,
"Figures in the text"):

* exact — the same number; an amount of money (万元) also the table's rounded to the decimals
  written (24252.31 for 24252.311082, :func:`rounds_to`);
* 余 多 来 — at least the number, and less than the number plus one unit of its last non-zero
  digit (370余: 370 to 379; 20余: 20 to 29; 1000余: 1000 to 1999): how the words are used;
* 以上 超过 逾 多于 — at least the number;
* 近 将近 接近 — at most the number, and not more than a tenth below it (近400: 360 to 400);
* 约 大约 左右 上下 — within a tenth of the number, or half a unit of its last non-zero digit
  when that is more (约370: 333 to 407; 约20: 15 to 25);
* 不足 不到 少于 — less than the number.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

# Approximate words: before the number, right after it, or after its measure word (条, 件 …).
EXACT = ""
OVER = "over"  # 余 多 来: a little more than
AT_LEAST = "at_least"  # 以上 超过 逾
NEAR = "near"  # 近: a little less than, or as much
ABOUT = "about"  # 约 左右: either side
BELOW = "below"  # 不足: less than
# No word, but a number written in 万 or 亿 with Arabic digits (1.2万条, 3万件): rounded to its last
# digit written, as such a number is (1.2万 is 11500 to 12499; 10万 is 95000 to 104999).
ROUNDED = "rounded"

BEFORE_WORDS = {
    "大约": ABOUT,
    "约为": ABOUT,
    "约": ABOUT,
    "将近": NEAR,
    "接近": NEAR,
    "近": NEAR,
    "超过": AT_LEAST,
    "多于": AT_LEAST,
    "逾": AT_LEAST,
    "不足": BELOW,
    "不到": BELOW,
    "少于": BELOW,
}
AFTER_WORDS = {"余": OVER, "多": OVER, "来": OVER}
TAIL_WORDS = {"左右": ABOUT, "上下": ABOUT, "以上": AT_LEAST, "之多": EXACT}

_DIGITS = "0123456789０１２３４５６７８９"
# A number as a pattern's ``{n}``: digits (Arabic, full-width, Chinese), points, 万 and 亿, not
# preceded by one (a gap like ``[^，。；]{0,8}`` must not start inside a number); what the run of
# characters means is read by :func:`parse_number` (a run that is no number is no figure). One
# character class rather than the grammar of numbers: where ``re`` compiles it (the year-over-year
# phrases, a form's pattern that ``phrase_match`` leaves to ``re``) it compiles in a third less
# time (≈ 0.4 ms each); ``phrase_match`` reads the same characters as a set.
NUMBER_CHAR_LIST = (
    f"{_DIGITS}.．零〇一二两三四五六七八九十百千万亿"  # no character special in a class
)
NUMBER = rf"(?<![{NUMBER_CHAR_LIST}])[{NUMBER_CHAR_LIST}]+"
# The approximate words as a pattern tries them: the longer first (约为 before 约), else in order.
BEFORE_ORDER = tuple(sorted(BEFORE_WORDS, key=len, reverse=True))
APPROX_BEFORE = "(?:" + "|".join(BEFORE_ORDER) + ")?"
APPROX_AFTER = "(?:" + "|".join(AFTER_WORDS) + ")?"

_CHINESE_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CHINESE_DIGIT.update({"六": 6, "七": 7, "八": 8, "九": 9})
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_PLACES = {"万": 4, "亿": 8}
_BIG_UNIT = {unit: 10**places for unit, places in _BIG_PLACES.items()}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def parse_number(text: str) -> Decimal | None:
    """The value of a number as written (``370``, ``３７０``, ``1.2万``, ``三百七十``, ``两``);
    ``None`` for what is not one (``十十``, ``万``, an empty text)."""
    text = text.translate(_FULL_WIDTH)
    if not text:
        return None
    if text[0].isascii() and text[0].isdigit():
        places = 0
        if text[-1] in _BIG_UNIT:
            places = _BIG_PLACES[text[-1]]
            text = text[:-1]
        try:
            # scaleb keeps the digits written: 10万 is 1.0E+5, one unit of its last digit 1万
            return Decimal(text).scaleb(places)
        except ArithmeticError:
            return None
    return _chinese(text)


def _chinese(text: str) -> Decimal | None:
    """三百七十 → 370, 二十 → 20, 十二 → 12, 一千零五 → 1005, 三万五千 → 35000, 两 → 2."""
    total = 0  # the finished 万/亿 groups
    section = 0  # the current group below 万
    digit: int | None = None
    last_unit = 10**4  # units fall within a group in order: 三百七十, not 三十百
    last_big = 10**9
    for ch in text:
        if ch in _CHINESE_DIGIT:
            if digit:  # 三五: two digits in a row is no number
                return None
            digit = _CHINESE_DIGIT[ch]
        elif ch in _SMALL_UNIT:
            unit = _SMALL_UNIT[ch]
            if unit >= last_unit or (digit is None and (unit != 10 or section)):
                return None  # 百 alone, 三十百
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:  # 万 亿
            big = _BIG_UNIT[ch]
            group = section + (digit or 0)
            if big >= last_big or group == 0:
                return None
            total += group * big
            section, digit, last_unit, last_big = 0, None, 10**4, big
    return Decimal(total + section + (digit or 0))


def rounded_as_written(text: str) -> bool:
    """Whether a number as written is one rounded to 万 or 亿 in Arabic digits (1.2万, ３万)."""
    return len(text) > 1 and text[-1] in _BIG_UNIT and text[0] in _DIGITS


def unit_of(stated: Decimal) -> Decimal:
    """One unit of the last non-zero digit: 370 → 10, 20 → 10, 1500 → 100, 0.5 → 0.1, 3 → 1."""
    if stated == 0:
        return Decimal(1)
    exponent = stated.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(exponent)


class Reading:
    """The table values a stated number is true of: ``low`` ≤ value (``<`` when ``low_open``) and
    value ≤ ``high`` (``<`` when ``high_open``; ``None``: no upper bound)."""

    __slots__ = ("high", "high_open", "low", "low_open")

    def __init__(
        self, low: Decimal, high: Decimal | None, low_open: bool = False, high_open: bool = False
    ) -> None:
        self.low = low
        self.high = high
        self.low_open = low_open
        self.high_open = high_open

    def holds(self, value: Decimal) -> bool:
        if value < self.low or (self.low_open and value == self.low):
            return False
        if self.high is None:
            return True
        return value < self.high or (not self.high_open and value == self.high)

    def describe(self) -> str:
        """The range in words, for a message: 370至379, 不少于100, 少于10."""
        from govreport_gui.core.forms.values import format_number

        low = format_number(plain(self.low))
        if self.high is None:
            return f"大于{low}" if self.low_open else f"不少于{low}"
        if self.low == 0 and not self.low_open and self.high_open:
            return f"少于{format_number(plain(self.high))}"
        if self.low == self.high:
            return low
        high = self.high
        if self.high_open and _is_whole(self.low) and _is_whole(high):
            high -= 1  # 370余: 370至379
            return f"{low}至{format_number(plain(high))}"
        return f"{low}至{format_number(plain(high))}" + ("（不含）" if self.high_open else "")


def reading(stated: Decimal, approx: str) -> Reading:
    """What ``stated`` with the approximate word's meaning ``approx`` allows (module docstring)."""
    unit = unit_of(stated)
    if approx == OVER:
        return Reading(stated, stated + unit, high_open=True)
    if approx == AT_LEAST:
        return Reading(stated, None)
    if approx == NEAR:
        return Reading(stated - max(stated / 10, Decimal(0)), stated)
    if approx == ABOUT:
        margin = max(stated / 10, unit / 2)
        return Reading(max(stated - margin, Decimal(0)), stated + margin)
    if approx == BELOW:
        return Reading(Decimal(0), stated, high_open=True)
    if approx == ROUNDED:
        exponent = stated.as_tuple().exponent
        half = Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)
        return Reading(stated - half, stated + half, high_open=True)
    return Reading(stated, stated)


def agrees(stated: Decimal, approx: str, actual: Decimal) -> bool:
    return reading(stated, approx).holds(actual)


def rounds_to(stated: Decimal, actual: Decimal) -> bool:
    """Whether ``actual`` rounded (四舍五入) to the decimals ``stated`` is written with is it: an
    amount in 万元 is written rounded (a table's 24252.311082 as 24252.31万元 or 24252万元)."""
    from govreport_gui.core.forms.values import MONEY_PLACES

    exponent = stated.as_tuple().exponent
    assert isinstance(exponent, int)
    # More decimals than an amount holds: no rounding of it (and quantizing to more places than
    # the context's precision would fail on a crafted text).
    if exponent < -MONEY_PLACES:
        return False
    places = Decimal(1).scaleb(min(exponent, 0))
    try:
        return actual.quantize(places, rounding=ROUND_HALF_UP) == stated
    except InvalidOperation:  # an amount of more digits than the context holds: not this one
        return False


# The words whose range has two ends (约 近 余): for a count, said as the whole numbers in it.
_TWO_ENDED = (ABOUT, NEAR, OVER, ROUNDED)


def meaning(stated: Decimal, approx: str, whole: bool) -> str:
    """What the stated number with its approximate word allows, for a message: 370至379, 不少于100,
    少于10. ``whole``: the figure counts things (applications, items): its range is said in whole
    numbers, 约15件 as 14至16 and 约0件 as 0, not 13.5至16.5 and 0至0.5 (no half application is
    meant); a range with no whole number in it (约2.5件) is said as it is."""
    range_ = reading(stated, approx)
    if whole and approx in _TWO_ENDED and range_.high is not None:
        low = _ceiling(range_.low, range_.low_open)
        high = _floor(range_.high, range_.high_open)
        if low == high:
            return str(low)
        if low < high:
            return f"{low}至{high}"
    return range_.describe()


def least(stated: Decimal, approx: str, whole: bool) -> Decimal:
    """The least value the stated number allows (for a count, the least whole number)."""
    range_ = reading(stated, approx)
    return Decimal(_ceiling(range_.low, range_.low_open)) if whole else range_.low


def _ceiling(value: Decimal, open_: bool) -> int:
    whole = int(value.to_integral_value(rounding=ROUND_CEILING))
    return whole + 1 if open_ and whole == value else whole


def _floor(value: Decimal, open_: bool) -> int:
    whole = int(value.to_integral_value(rounding=ROUND_FLOOR))
    return whole - 1 if open_ and whole == value else whole


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def plain(value: Decimal | int) -> Decimal | int:
    """A number as messages print it: 370, not 370.0 or 3.7E+2."""
    if isinstance(value, int):
        return value
    if _is_whole(value):
        return int(value)
    return value.normalize()
