"""The text a spreadsheet shows for a cell: a small, exact renderer of number formats.

``verify`` compares what a reader sees, and a number format can make a cell holding 3 show “4”
(``"4"``) or nothing at all (``;;;``). This renders exactly the formats our exporter writes (``0``,
``0.00####``, ``General``) and the plain ones a person may set (``0.00``, ``#,##0``, ``#,##0.00``,
``@``, percentages, scientific notation ``0.00E+00``), with sections (positive;negative;zero;text),
sections chosen by conditions (``[>10]"多";0``: 12 shows “多”), empty sections, quoted literals,
``\\x`` and ``!x`` escapes and ``_x`` spacers, digit placeholders split by literals (``000-0000``,
and the ``0!.0000`` of a template showing ten thousands) and trailing commas (``#,##0,``:
thousands): an unsigned workbook's figure so shown reads as another number, and must be said.
Anything else (dates, colours, scientific notation with more than one whole digit, fill
characters, locale codes, Chinese numerals) cannot be rendered exactly: :class:`UnrenderableFormat`
names it, and ``verify`` counts such a cell as changed rather than guess what it shows.

What number a cell shows is another question (the import's: is it the figure read?), and
:func:`figure_text` answers it for more formats: a colour (``[Red]``), Chinese numerals
(``[DBNum1]``: 十二 for 12), a locale (``[$-804]``) and a fill (``* ``) change how the number
looks, never which number it is; the text it gives has the number in digits.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

# Characters a spreadsheet prints as they are without quotes.
_PLAIN_LITERALS = set("$-+/():^&'~{}<>= ")


class UnrenderableFormat(ValueError):
    """A number format this renderer cannot show exactly; ``fmt`` is the format."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.fmt = fmt


def split_sections(fmt: str) -> list[str]:
    """``0;-0;;@`` → [``0``, ``-0``, ````, ``@``]; semicolons inside quotes or escaped stay."""
    sections: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            end = fmt.find('"', i + 1)
            end = len(fmt) - 1 if end < 0 else end
            current.append(fmt[i : end + 1])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(fmt):
            current.append(fmt[i : i + 2])
            i += 2
            continue
        if ch == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    sections.append("".join(current))
    return sections


def _tokens(section: str, fmt: str, loose: bool = False) -> list[tuple[str, str]]:
    """(kind, text): ``lit`` literal text, ``num`` a digit placeholder run, ``at`` the text,
    ``exp`` an exponent (``E+00``). ``loose``: codes that change only how the number looks
    (:data:`_LOOK_ONLY`, a fill) are left out rather than refused."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == "[":
            end = section.find("]", i + 1)
            if end < 0:
                raise UnrenderableFormat(fmt)
            tokens.extend(_bracket(section[i : end + 1], fmt, loose))
            i = end + 1
        elif ch == "*" and loose and i + 1 < len(section):
            i += 2  # a fill repeats its character across the cell: no digit of the number
        elif ch in "Ee" and (exponent := _EXPONENT.match(section, i)):
            tokens.append(("exp", exponent.group()))
            i = exponent.end()
        elif ch == '"':
            end = section.find('"', i + 1)
            if end < 0:
                raise UnrenderableFormat(fmt)
            tokens.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif ch in "\\!":  # ! escapes as \\ does: “0!.0000” shows 12345 as 1.2345
            if i + 1 >= len(section):
                raise UnrenderableFormat(fmt)
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch == "_":  # the width of the next character: a space for our purpose
            if i + 1 >= len(section):
                raise UnrenderableFormat(fmt)
            tokens.append(("lit", " "))
            i += 2
        elif ch == "@":
            tokens.append(("at", "@"))
            i += 1
        elif ch == "%":
            tokens.append(("pct", "%"))
            i += 1
        elif ch in "0#?.,":
            start = i
            while i < len(section) and section[i] in "0#?.,":
                i += 1
            tokens.append(("num", section[start:i]))
        elif section[i : i + 7].lower() == "general":
            tokens.append(("general", section[i : i + 7]))
            i += 7
        elif ch in _PLAIN_LITERALS:
            tokens.append(("lit", ch))
            i += 1
        else:  # dates, *fill and the rest
            raise UnrenderableFormat(fmt)
    return tokens


_EXPONENT = re.compile(r"[Ee][+-][0#]+")
_CONDITION = re.compile(r"\[\s*(<=|>=|<>|<|>|=)\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s*\]")
# Codes that change how a number looks, never which number it is: a colour (judged apart:
# format_colour), Chinese numerals ([DBNum1] 十二, [DBNum2] 壹拾贰, [DBNum3] full-width digits),
# a locale or a currency symbol ([$-804], [$¥-804]).
_LOOK_ONLY = re.compile(
    r"(?i)\[\s*(?:black|white|red|green|blue|yellow|magenta|cyan|color\s*[0-9]{1,2}"
    r"|dbnum[1-4]|\$[^\]]*)\s*\]"
)


def _bracket(code: str, fmt: str, loose: bool) -> list[tuple[str, str]]:
    """The tokens of a ``[…]`` code: a condition none (it chose the section: _pick_section), a
    code that only changes the look none when ``loose`` (a currency symbol its text)."""
    if _CONDITION.fullmatch(code):
        return []
    if not (loose and _LOOK_ONLY.fullmatch(code)):
        raise UnrenderableFormat(fmt)
    inner = code.strip("[] ")
    symbol = inner[1:].split("-", 1)[0] if inner.startswith("$") else ""
    return [("lit", symbol)] if symbol else []


def _general(number: Decimal) -> str:
    """General: the number as typed, up to 11 significant digits (what a normal column shows)."""
    if number == number.to_integral_value() and abs(number) < Decimal(10) ** 11:
        return str(int(number))
    text = format(float(number), ".11g")
    if "e" in text:
        raise UnrenderableFormat("General")
    return text


def _placeholders(pattern: str, number: Decimal, fmt: str) -> str:
    """Render ``number`` (not negative) with a run such as ``#,##0.00##``."""
    if pattern.count(".") > 1:
        raise UnrenderableFormat(fmt)
    whole, _, frac = pattern.partition(".")
    grouping = "," in whole  # trailing commas (a scale) are taken off by _numbers
    whole = whole.replace(",", "")
    if "," in frac or "?" in pattern:
        raise UnrenderableFormat(fmt)
    places = len(frac)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    int_part, _, frac_digits = f"{rounded:f}".partition(".")
    frac_digits = frac_digits.ljust(places, "0")[:places]
    # Optional decimals (#) drop trailing zeros; required ones (0) stay.
    required = len(frac.rstrip("#")) if "#" in frac else places
    while len(frac_digits) > required and frac_digits.endswith("0"):
        frac_digits = frac_digits[:-1]
    min_int = whole.count("0")  # the whole part's required digits
    digits = int_part.lstrip("0")
    if len(digits) < min_int:
        digits = digits.rjust(min_int, "0")
    if grouping and digits:
        head = len(digits) % 3 or 3
        groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
        digits = ",".join(groups)
    return f"{digits}.{frac_digits}" if "." in pattern else digits  # 0.## shows 3 as “3.”


def _numbers(runs: list[str], number: Decimal, fmt: str) -> list[str]:
    """The text of each placeholder run of a section: ``number`` shown by their placeholders as
    one, the whole part's digits filled from the right, what is left over in the first run
    (``0!.0000``: runs ``0`` and ``0000``, 12345 → ``1``, ``2345``). A trailing comma of the last
    run (before its point, or at its end) divides by 1000 each."""
    last = runs[-1]
    whole, point, frac = last.partition(".")
    commas = len(whole) - len(whole.rstrip(",")) + len(frac) - len(frac.rstrip(","))
    if commas and whole.rstrip(",") == "":
        raise UnrenderableFormat(fmt)  # “,.0”: no placeholder the comma follows
    whole, frac = whole.rstrip(","), frac.rstrip(",")
    number = number / Decimal(1000) ** commas if commas else number
    if len(runs) == 1:
        return [_placeholders(whole + point + frac, number, fmt)]
    if any(c in run for run in runs[:-1] for c in ".,") or "," in whole:
        raise UnrenderableFormat(fmt)  # a point or grouping split over runs: not seen in practice
    text = _placeholders("".join(runs[:-1]) + whole + point + frac, number, fmt)
    digits, _, decimals = text.partition(".")
    pieces: list[str] = []
    for run in reversed([*runs[:-1], whole][1:]):
        pieces.append(digits[len(digits) - len(run) :] if len(run) < len(digits) else digits)
        digits = digits[: max(len(digits) - len(run), 0)]
    pieces.append(digits)
    pieces.reverse()
    pieces[-1] += point + decimals
    return pieces


def _render_section(tokens: list[tuple[str, str]], number: Decimal, fmt: str) -> str:
    kinds = [k for k, _ in tokens]
    if "exp" in kinds:
        return _scientific(tokens, number, fmt)
    if kinds.count("num") and kinds.count("general"):
        raise UnrenderableFormat(fmt)
    scaled = number * (Decimal(100) ** kinds.count("pct"))
    runs = [text for kind, text in tokens if kind == "num"]
    pieces = iter(_numbers(runs, scaled, fmt) if runs else [])
    out: list[str] = []
    for kind, text in tokens:
        if kind == "lit":
            out.append(text)
        elif kind == "pct":
            out.append("%")
        elif kind == "num":
            out.append(next(pieces))
        elif kind == "general":
            out.append(_general(scaled))
        else:  # "@" in a number section prints nothing special: not seen in practice
            raise UnrenderableFormat(fmt)
    return "".join(out)


def _scientific(tokens: list[tuple[str, str]], number: Decimal, fmt: str) -> str:
    """``0.00E+00``: one whole digit, the decimals asked for, the exponent's digits at least as
    many as its zeros (12345 → 1.23E+04). More whole digits (``##0.0E+0``, engineering
    notation) are not rendered."""
    kinds = [k for k, _ in tokens]
    runs = [text for kind, text in tokens if kind == "num"]
    if len(runs) != 1 or kinds.count("exp") != 1 or kinds.index("num") > kinds.index("exp"):
        raise UnrenderableFormat(fmt)
    whole, _, frac = runs[0].partition(".")
    plain = set(kinds) <= {"lit", "num", "exp"} and not any(c in runs[0] for c in ",?")
    if len(whole) != 1 or not plain:  # engineering notation, grouping, a percentage…
        raise UnrenderableFormat(fmt)
    mantissa, exponent = _mantissa(number, len(frac))
    out: list[str] = []
    for kind, text in tokens:
        if kind == "num":
            out.append(_placeholders(runs[0], mantissa, fmt))
        elif kind == "exp":
            sign = "-" if exponent < 0 else ("+" if text[1] == "+" else "")
            out.append(text[0] + sign + str(abs(exponent)).rjust(text.count("0"), "0"))
        else:
            out.append(text)
    return "".join(out)


def _mantissa(number: Decimal, places: int) -> tuple[Decimal, int]:
    """``number`` (not negative) as a mantissa of one whole digit rounded to ``places`` decimals,
    and its exponent of ten (9.996 to two places: 1.00 and 1)."""
    if number == 0:
        return Decimal(0), 0
    step = Decimal(1).scaleb(-places)
    exponent = number.adjusted()
    mantissa = number.scaleb(-exponent).quantize(step, rounding=ROUND_HALF_UP)
    if mantissa >= 10:
        exponent += 1
        mantissa = number.scaleb(-exponent).quantize(step, rounding=ROUND_HALF_UP)
    return mantissa, exponent


def display_text(value: object, fmt: str | None) -> str:
    """What a spreadsheet shows for ``value`` (int, float, Decimal, str, bool, None) in ``fmt``.

    Raises :class:`UnrenderableFormat` when the format cannot be rendered exactly.
    """
    return _display(value, fmt, loose=False)


def figure_text(value: object, fmt: str | None) -> str:
    """What a spreadsheet shows for ``value`` in ``fmt`` as far as which number it is: as
    :func:`display_text`, the codes that only change how it looks (a colour, Chinese numerals, a
    locale, a fill) left out. ``[DBNum1]0`` shows 12 as 十二, which is 12: “12”.

    Raises :class:`UnrenderableFormat` when what the format shows cannot be worked out.
    """
    return _display(value, fmt, loose=True)


def _display(value: object, fmt: str | None, loose: bool) -> str:
    fmt = fmt or "General"
    if value is None:
        return ""
    sections = split_sections(fmt)
    if len(sections) > 4:
        raise UnrenderableFormat(fmt)
    if isinstance(value, str):
        text_section = _text_section(sections)
        if text_section is None:
            return value
        out: list[str] = []
        for kind, text in _tokens(text_section, fmt, loose):
            if kind == "at":
                out.append(value)
            elif kind == "lit":
                out.append(text)
            elif kind == "general":
                out.append(value)
            else:
                raise UnrenderableFormat(fmt)
        return "".join(out)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, (int, float, Decimal)):
        raise UnrenderableFormat(fmt)  # dates and the like: never written by us
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise UnrenderableFormat(fmt)
    section, sign = _pick_section(number, sections, fmt)
    if sign is None:  # a conditional section showing a negative number
        if _has_digits(section):
            raise UnrenderableFormat(fmt)  # whether Excel prints the minus sign is not known
        sign = ""
    if "@" in section.replace('"@"', ""):  # a text-only format: numbers show as General
        return ("-" if number < 0 else "") + _general(abs(number))
    tokens = _tokens(section, fmt, loose)
    if not tokens and section:  # only codes in brackets
        if not loose or _condition(section) is not None:
            raise UnrenderableFormat(fmt)
        tokens = [("general", "General")]  # [DBNum1] alone: the number as General shows it
    if not tokens:
        return ""
    return sign + _render_section(tokens, abs(number), fmt)


def _text_section(sections: list[str]) -> str | None:
    """The section that shows a text (None: a text shows as it is)."""
    if len(sections) == 4:
        return sections[3]
    if "@" in sections[0].replace('"@"', ""):
        return sections[0]
    return None


def _unquoted(section: str) -> str:
    """``section`` without its quoted literals and escaped characters (a ``"[>10]"`` is text)."""
    return re.sub(r'"[^"]*"?|[\\!_*].?', "", section)


def _condition(section: str) -> tuple[str, Decimal] | None:
    """The condition a section is chosen by (``[>10]``: (">", 10)), or None."""
    found = _CONDITION.search(_unquoted(section))
    return (found.group(1), Decimal(found.group(2))) if found else None


_OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
    "<>": operator.ne,
}  # fmt: skip


def _meets(number: Decimal, condition: tuple[str, Decimal]) -> bool:
    compare, bound = condition
    return _OPERATORS[compare](number, bound)


def _has_digits(section: str) -> bool:
    """Whether a section shows the number (a digit placeholder, General), not only text."""
    unquoted = _unquoted(section)
    return bool(re.search(r"[0#?]", _LOOK_ONLY.sub("", _CONDITION.sub("", unquoted)))) or (
        "general" in unquoted.lower()
    )


def _pick_section(number: Decimal, sections: list[str], fmt: str) -> tuple[str, str | None]:
    """The section that shows ``number`` and the sign to print before it: by the sign, or by the
    conditions of the first two sections (``[>10]"多";0``: the first when over 10, else the second;
    ``[>10]A;[<0]B;C``: C for the rest). The sign is None for a negative number in a section chosen
    by conditions (whether Excel prints it there is not known). UnrenderableFormat when no section
    is chosen for it, or the conditions are where Excel does not read them so."""
    numeric = sections[:3]
    conditions = [_condition(section) for section in numeric]
    if not any(conditions):
        return _number_section(number, sections)
    first, *others = conditions
    if first is None or any(c is not None for c in others[1:]):
        raise UnrenderableFormat(fmt)
    if _meets(number, first):
        chosen: int | None = 0
    elif not others:
        chosen = None  # one conditional section that does not apply
    elif others[0] is None:
        chosen = 1 if len(numeric) == 2 else None
    elif _meets(number, others[0]):
        chosen = 1
    else:
        chosen = 2 if len(numeric) == 3 else None
    if chosen is None:
        raise UnrenderableFormat(fmt)
    return numeric[chosen], ("" if number >= 0 else None)


def _number_section(number: Decimal, sections: list[str]) -> tuple[str, str]:
    """The section that shows ``number``, and the sign to print before it."""
    numeric = sections[:3]
    if len(numeric) == 1 or (len(numeric) == 2 and number >= 0) or number > 0:
        return numeric[0], "-" if number < 0 else ""
    if number < 0:
        return numeric[1], ""
    return (numeric[2] if len(numeric) > 2 else numeric[0]), ""  # zero with three sections


def _colour_section(number: Decimal, sections: list[str]) -> str | None:
    """The section whose colour ``number`` is shown in; None when that is not known."""
    if not number.is_finite():
        return None
    try:
        return _pick_section(number, sections, ";".join(sections))[0]
    except UnrenderableFormat:
        return None


# The colours a number format may name, as indexes of the spreadsheet's palette ([Color1] is 8).
_COLOUR_NAMES = {
    "black": 8, "white": 9, "red": 10, "green": 11, "blue": 12, "yellow": 13, "magenta": 14,
    "cyan": 15,
}  # fmt: skip
_BRACKETS = re.compile(r"\[([^\]]*)\]")


def format_colour(value: object, fmt: str | None) -> int | None:
    """The palette index of the colour that the section of ``fmt`` showing ``value`` sets
    (``[White]0``: 9, ``[Color10]0``: 17), None when it sets none: the text is drawn in it, over
    the font's colour, so ``[White]`` hides a figure on a white page as a white font does."""
    sections = split_sections(fmt or "General")
    if value is None or isinstance(value, bool) or len(sections) > 4:
        return None
    if isinstance(value, str):
        section = _text_section(sections)
    elif isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        section = _colour_section(number, sections)
    else:
        section = None
    if section is None:
        return None
    unquoted = re.sub(r'"[^"]*"', "", section)
    for name in _BRACKETS.findall(unquoted):
        key = name.strip().lower()
        if key in _COLOUR_NAMES:
            return _COLOUR_NAMES[key]
        found = re.fullmatch(r"color\s*([0-9]{1,2})", key)
        if found and 1 <= int(found.group(1)) <= 56:
            return int(found.group(1)) + 7
    return None
