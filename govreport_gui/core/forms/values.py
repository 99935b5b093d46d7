"""Value kinds of a cell, and the forgiving but exact parsing of what a user types.

Counts and signed integers are Python ``int``; money (万元) is ``decimal.Decimal`` with at most six
decimal places. Binary floats never enter storage or sums: a float from JSON is converted through its
shortest decimal representation and then held to the same rules as typed text.
"""

from __future__ import annotations

import unicodedata
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation, localcontext
from enum import StrEnum

from govreport_gui.core.forms.record import refuse_state

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from contextlib import AbstractContextManager  # `contextlib`: ≈ 1 ms of a `check` process

Number = int | Decimal
Value = int | Decimal | str


class Kind(StrEnum):
    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # integer that may be negative (本年增/减)
    MONEY = "money"  # non-negative decimal, up to 6 places (万元)
    TEXT = "text"

    __setstate__ = refuse_state  # neither Kind nor a member changes when a form cache is read

    @property
    def is_numeric(self) -> bool:
        return self is not Kind.TEXT

    @property
    def chinese(self) -> str:
        return _KIND_NAMES[self]


_KIND_NAMES = {
    Kind.COUNT: "非负整数",
    Kind.SIGNED: "整数（可为负）",
    Kind.MONEY: "非负金额（最多 6 位小数）",
    Kind.TEXT: "文字",
}

# Kind's members under plain names for the functions every cell read goes through: a member read
# through its class costs CPython 3.11 a lookup through the enum's metaclass (≈ 1,600 instructions,
# against ≈ 100 for a module name), four of them for each of a draft's 200 cells (issue 14).
_TEXT, _COUNT, _SIGNED, _MONEY = Kind.TEXT, Kind.COUNT, Kind.SIGNED, Kind.MONEY

MAX_MAGNITUDE = 10**12
MONEY_PLACES = 6
# No number a cell can hold needs more characters than this (1,000,000,000,000.000000 is 24): a
# longer text is a slip or an attack, refused before any digit is read.
MAX_NUMBER_CHARS = 100


class ValueInputError(ValueError):
    """A value that cannot be stored in a cell; ``reason`` is a Chinese sentence for the user."""

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


# One or more digits, optionally grouped by thousands separators, optionally a fraction. ASCII digits
# only: any other digit (superscripts, circled, Arabic-Indic ...) is refused, never read as a number.
# Both patterns are compiled on first use (``re``'s own cache), not at import, and ``re`` is
# imported where they are used: a figure of plain digits, with or without a fraction, as almost
# every stored one is, needs neither (issue 14: ≈ 1 ms of a `check` process).
_GROUPED = r"^(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?$"
_SPACE_GROUPED = r"^[-+\u2212]?[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?$"
# Minus signs people type: ASCII, the true minus, hyphen, figure/en/em dash, small hyphen-minus.
_MINUS_SIGNS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63"
# What a Chinese input method or a copied cell may give for the characters of a number: full-width
# forms (U+FF01–FF5E) are the ASCII ones; ideographic and other wide spaces are a space; the
# ideographic comma and full stop are a comma and a point. Nothing else is changed: "10²" or "①"
# stay what they are and are refused (a general NFKC would quietly read "10²" as 102).
_NUMBER_CHARS: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NUMBER_CHARS.update(dict.fromkeys((0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F), ord(" ")))
_NUMBER_CHARS.update({ord("，"): ord(","), ord("。"): ord("."), ord("､"): ord(",")})
# Characters no one sees: zero-width spaces and joiners, the word joiner, a byte-order mark inside
# text, the soft hyphen. Web editors (UEditor, Word's HTML) leave them around figures; a page
# showing "1234" must read as 1234, pasted or imported.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NUMBER_CHARS.update(dict.fromkeys(map(ord, INVISIBLE)))
# A character struck through in a published report's table cell (Word's 删除线, a web page's <s>
# or <del>) is read followed by the combining long stroke overlay, which shows it struck: a
# correction left visible (“99” struck, “111” beside it) is named, never read as 99111.
STRUCK = "\u0336"


def _normalise(text: str) -> str:
    text = text.translate(_NUMBER_CHARS).strip()
    # A space between digit groups of three is a thousands separator (1 234); any other inner
    # space is a typing slip ("1 2") and is refused below rather than read as 12.
    if " " in text:
        import re

        if re.match(_SPACE_GROUPED, text):
            text = text.replace(" ", ",")
    return text


# Published tables print a slash or a dash in a cell that does not apply (“/”, “／”, “—”, “——”,
# “-”, “－”). Read where a table is imported or pasted, such a cell is blank (not 0: nothing was
# reported). Only this family of marks: “无” or “空” are words, not marks, and stay refused, since
# “无” may as well mean 0.
_NOT_APPLICABLE_CHARS = frozenset(
    "/\uff0f\u2215\u2044-\uff0d\u2014\u2013\u2015\u2010\u2011\u2012\u2212\u2500\u2501\ufe63"
)
NOT_APPLICABLE_MARKS = "“/”“—”"  # how messages name them


def control_character_problem(
    text: str, what: str, paragraphs: bool = False, invisible: bool = True
) -> str | None:
    """Why ``text`` may not be stored, if it holds a control or invisible character; ``None`` when
    it is clean.

    Control characters (C0, DEL, C1) cannot be written into a workbook (openpyxl raises
    IllegalCharacterError at export, long after the draft was signed) nor printed, so they are
    refused where they are typed. Line breaks stay allowed in a text with paragraphs (``paragraphs``).

    With ``invisible`` (all input), Unicode's format characters (category Cf: the direction
    overrides U+202E that make "ABC" display as "CBA", zero-width spaces and joiners, the BOM,
    the soft hyphen) and the line and paragraph separators U+2028/U+2029 are refused too: they
    are invisible or reorder what a reader sees, so a name or figure could show one thing and be
    another, and U+2028 would break a one-line field where a line break is refused. Text read back
    from an older draft is checked without them (``invisible=False``): such text was accepted then,
    and the file is not damaged for it.
    """
    # What is refused here (Cc, Cs, and Cf, Zl, Zp) is never printable: text that is, as nearly
    # all is, is passed at C speed, not a character at a time (a report's text, issue 14).
    if (text.replace("\n", "").replace("\r", "") if paragraphs else text).isprintable():
        return None
    return first_refused_character(text, what, paragraphs, invisible)


def first_refused_character(text: str, what: str, paragraphs: bool, invisible: bool) -> str | None:
    """:func:`control_character_problem`, a character at a time (its answer for any text)."""
    refused = refused_character(text, what, paragraphs, invisible)
    return None if refused is None else f"{refused[0]}，{refused[1]}"


def refused_character(
    text: str, what: str, paragraphs: bool = False, invisible: bool = True
) -> tuple[str, str] | None:
    """Why the first character of ``text`` that may not be stored is refused, and what to do when
    typing it, apart: a text read from a file (a settings file's name) says the reason alone."""
    for ch in text:
        code = ord(ch)
        if paragraphs and ch in "\n\r":
            continue
        if 0xD800 <= code <= 0xDFFF:
            # A lone surrogate (JSON "\\ud800", or bytes that were not UTF-8 on a command line):
            # no file can store it, so it is refused here rather than fail on saving.
            return (
                f"{what}中有无效的字符（U+{code:04X}，不是有效的 Unicode 文字）",
                "请检查文件或终端的编码（应为 UTF-8）后重新输入。",
            )
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return (
                f"{what}中有不可见的控制字符（U+{code:04X}），无法打印和导出",
                "请删去后重新输入（从别处复制的文字常带有这种字符）。",
            )
        if invisible and code > 0x9F:
            category = unicodedata.category(ch)
            if category in ("Zl", "Zp"):
                if paragraphs:
                    return f"{what}中有 Unicode 换行符（U+{code:04X}）", "请改用普通换行。"
                return (
                    f"{what}中有 Unicode 换行符（U+{code:04X}），此处不能分行",
                    "请删去后重新输入。",
                )
            if category == "Cf":
                return (
                    f"{what}中有不可见的格式字符（U+{code:04X}，{_format_character_name(code)}），"
                    "会让显示的文字与实际内容不同",
                    "请删去后重新输入（从网页或文档复制的文字常带有这种字符）。",
                )
    return None


def _format_character_name(code: int) -> str:
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x061C):
        return "文字方向控制符"
    if code == 0xFEFF:
        return "字节顺序标记"
    if code == 0x00AD:
        return "软连字符"
    if 0x200B <= code <= 0x200D or code == 0x2060:
        return "零宽字符"
    return "格式控制符"


def is_not_applicable(raw: object) -> bool:
    """Whether ``raw`` is a 不适用 mark (a slash or dash, alone or repeated, spaces around)."""
    if not isinstance(raw, str):
        return False
    text = "".join(ch for ch in raw if not ch.isspace() and ch not in INVISIBLE)
    return bool(text) and all(ch in _NOT_APPLICABLE_CHARS for ch in text)


def parse_value(kind: Kind, raw: object) -> Value | None:
    """Parse ``raw`` (typed text, or a JSON number) for a cell of ``kind``.

    Returns ``None`` for a blank. Raises :class:`ValueInputError` with a Chinese reason for anything
    that would otherwise have to be stored as something else.
    """
    if raw is None:
        return None
    if kind is _TEXT:
        if not isinstance(raw, str):
            raise ValueInputError("此处应填写文字。", str(raw))
        text = raw.strip()
        problem = control_character_problem(text, "文字", paragraphs=True)
        if problem is not None:
            raise ValueInputError(problem, text)
        return text or None
    if isinstance(raw, bool):
        raise ValueInputError("此处应填写数字，不能是“是/否”。", str(raw))
    if isinstance(raw, int):
        return _check_number(kind, Decimal(raw), str(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueInputError("不是有效的数字。", repr(raw))
        return _check_number(kind, Decimal(repr(raw)), repr(raw))
    if isinstance(raw, Decimal):
        return _check_number(kind, raw, str(raw))
    if not isinstance(raw, str):
        raise ValueInputError("无法识别的值。", repr(raw))
    if len(raw.strip()) > MAX_NUMBER_CHARS:
        raise ValueInputError(
            f"数字过长（超过 {MAX_NUMBER_CHARS} 个字符），请检查是否多输入了数字。", raw[:40]
        )
    if STRUCK in raw:
        raise ValueInputError(_struck_reason(raw), raw)
    text = _normalise(raw)
    if not text:
        return None
    sign = 1
    if text[0] in _MINUS_SIGNS:
        sign, text = -1, text[1:]
    elif text[0] == "+":
        text = text[1:]
    elif kind is _SIGNED:
        sign, text = _change_word(text)
    if text.isascii() and text.isdigit():  # plain digits: what _GROUPED would read as they are
        return _check_number(kind, Decimal(text).copy_negate() if sign < 0 else Decimal(text), raw)
    whole, point, fraction = text.partition(".")
    if point and _ascii_digits(whole) and _ascii_digits(fraction):  # 12.5: _GROUPED's reading
        number = Decimal(text)
        return _check_number(kind, number.copy_negate() if sign < 0 else number, raw)
    import re

    match = re.match(_GROUPED, text)
    if match is None:
        if re.fullmatch(r"[0-9.,]*[eE][+-]?[0-9]+", text):
            raise ValueInputError("不接受科学计数法（如 1e5），请直接填写数字。", raw)
        if "\n" in text and re.fullmatch(r"[0-9.,\s]+", text):
            # a cell's figures on lines of their own (a PDF's cell, Alt+Enter in Excel)
            lines = [f"“{line.strip()}”" for line in text.splitlines() if line.strip()]
            count = "两" if len(lines) == 2 else str(len(lines))
            raise ValueInputError(
                f"{''.join(lines)}分在{count}行，不能确定是一个数字还是几个，请核对原表。", raw
            )
        if re.fullmatch(r"[0-9.,]*[0-9]\s+[0-9][0-9.,\s]*", text):
            raise ValueInputError("数字中间不能有空格。", raw)
        if any(not c.isascii() and unicodedata.category(c) in ("Nd", "Nl", "No") for c in text):
            raise ValueInputError(
                f"“{raw.strip()}”中有上标、圈码或其他写法的数字，请只用 0–9 填写。", raw
            )
        if "," in text and re.fullmatch(r"[0-9,]+(\.[0-9]+)?", text):
            raise ValueInputError("千位分隔符位置不对，请写成 1,234 或 1234。", raw)
        raise ValueInputError(f"“{raw.strip()}”不是数字，请填写{kind.chinese}。", raw)
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    number = Decimal(digits + ("." + frac if frac else ""))
    # copy_negate is exact; ``sign * number`` would round to Decimal's default 28 digits.
    return _check_number(kind, number.copy_negate() if sign < 0 else number, raw)


def _ascii_digits(text: str) -> bool:
    """Whether ``text`` is one or more of 0–9 (``[0-9]+``; ``isdigit`` alone takes ² and ٣)."""
    return text.isascii() and text.isdigit()


# A change written in words, as published 2019 tables print 本年增/减 (减4, 增加2, 增 3).
_CHANGE_WORDS = (("增加", 1), ("减少", -1), ("增", 1), ("减", -1))


def _change_word(text: str) -> tuple[int, str]:
    """The sign a change's leading word gives (增 …: +, 减 …: −) and the rest of ``text``; ``(1,
    text)`` when it has none."""
    for word, sign in _CHANGE_WORDS:
        if text.startswith(word):
            return sign, text[len(word) :].lstrip()
    return 1, text


def _struck_reason(raw: str) -> str:
    """What a cell with characters struck through (each followed by :data:`STRUCK`) holds."""
    import re

    struck = re.findall(rf"(?:[^{STRUCK}]{STRUCK}+)+", raw)
    shown = "”“".join(part.replace(STRUCK, "") for part in struck)
    return (
        f"“{raw.replace(STRUCK, '').strip()}”中的“{shown}”加了删除线，看的人会当它已删去，"
        "不能确定这一格的数字，请核对原表。"
    )


def _exact_context(number: Decimal) -> AbstractContextManager[Context]:
    """A context in which normalising ``number`` cannot round (the default keeps 28 digits)."""
    return localcontext(
        prec=max(28, len(number.as_tuple().digits) + 2), Emax=MAX_EMAX, Emin=MIN_EMIN
    )


def _check_number(kind: Kind, number: Decimal, raw: str) -> Value:
    if kind is _TEXT:
        raise ValueInputError("此处应填写文字。", raw)
    if not number.is_finite():
        raise ValueInputError("不是有效的数字。", raw)
    # Comparisons and copy_abs are exact; abs() would round in the default 28-digit context and let
    # 1000000000000.0000…0396 through as 10^12.
    if number.copy_abs() > MAX_MAGNITUDE:
        raise ValueInputError("数值过大（不能超过 1 万亿）。", raw)
    if number < 0 and kind is not _SIGNED:
        what = "金额" if kind is _MONEY else "数量"
        raise ValueInputError(f"{what}不能为负数。", raw)
    if kind is _MONEY:
        with _exact_context(number):
            exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MONEY_PLACES:
            raise ValueInputError("金额最多保留 6 位小数（单位：万元）。", raw)
        return _plain_decimal(number)
    if number != number.to_integral_value():
        raise ValueInputError("此处应填写整数，不能有小数。", raw)
    return int(number)


def _plain_decimal(number: Decimal) -> Decimal:
    with _exact_context(number):
        normal = number.normalize()
        exponent = normal.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            normal = normal.quantize(Decimal(1))
        return normal + Decimal(0) if normal == 0 else normal


def check_stored(kind: Kind, value: Number | None) -> None:
    """Refuse (:class:`ValueInputError`) a number read back from a file that no input could have
    stored (a negative count, 10^14, seven decimals): its canonical text, typed again, must be
    accepted. A count or signed integer within range is accepted at once, as that round trip
    would (a draft of 200 figures is opened ≈ 0.5 ms sooner, issue 14)."""
    if isinstance(value, int) and (
        (kind is _COUNT and 0 <= value <= MAX_MAGNITUDE)
        or (kind is _SIGNED and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE)
    ):
        return
    parse_value(kind, to_text(value))


def to_text(value: Value | None) -> str:
    """The canonical text of a stored value (exact; no exponent; ``""`` for blank)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def from_text(kind: Kind, text: str) -> Value | None:
    """Read back a canonical text written by :func:`to_text`."""
    if text == "":
        return None
    if kind is _TEXT:
        return text
    if kind is _MONEY:
        try:
            return _plain_decimal(Decimal(text))
        except InvalidOperation as exc:  # a damaged file; callers report it
            raise ValueInputError(f"“{text}”不是有效的金额。", text) from exc
    return int(text)


def format_number(value: Number | None) -> str:
    """How a number is shown to a person in messages and cells."""
    if value is None:
        return "（空）"
    return to_text(value)
