"""The text a spreadsheet shows for a cell: a small, exact renderer of number formats.

``verify`` compares what a reader sees, and a number format can make a cell holding 3 show “4”
(``"4"``) or nothing at all (``;;;``). This renders exactly the formats our exporter writes (``0``,
``0.00####``, ``General``) and the plain ones a person may set (``0.00``, ``#,##0``, ``#,##0.00``,
``@``, percentages), with sections (positive;negative;zero;text), empty sections, quoted literals,
``\\x`` and ``!x`` escapes and ``_x`` spacers, digit placeholders split by literals (``000-0000``,
and the ``0!.0000`` of a template showing ten thousands) and trailing commas (``#,##0,``: thousands):
an unsigned workbook's figure so shown reads as another number, and must be said. Anything else (dates, colours, conditions, scientific notation,
fill characters, locale codes) cannot be rendered exactly: :class:`UnrenderableFormat` names it, and
``verify`` counts such a cell as changed rather than guess what it shows.
"""

from __future__ import annotations

import re
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


def _tokens(section: str, fmt: str) -> list[tuple[str, str]]:
    """(kind, text): ``lit`` literal text, ``num`` a digit placeholder run, ``at`` the text."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
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
        else:  # [colour], [condition], dates, E+, *fill and the rest
            raise UnrenderableFormat(fmt)
    return tokens


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


def display_text(value: object, fmt: str | None) -> str:
    """What a spreadsheet shows for ``value`` (int, float, Decimal, str, bool, None) in ``fmt``.

    Raises :class:`UnrenderableFormat` when the format cannot be rendered exactly.
    """
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
        for kind, text in _tokens(text_section, fmt):
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
    section, sign = _number_section(number, sections)
    if "@" in section.replace('"@"', ""):  # a text-only format: numbers show as General
        return ("-" if number < 0 else "") + _general(abs(number))
    tokens = _tokens(section, fmt)
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


def _number_section(number: Decimal, sections: list[str]) -> tuple[str, str]:
    """The section that shows ``number``, and the sign to print before it."""
    numeric = sections[:3]
    if len(numeric) == 1 or (len(numeric) == 2 and number >= 0) or number > 0:
        return numeric[0], "-" if number < 0 else ""
    if number < 0:
        return numeric[1], ""
    return (numeric[2] if len(numeric) > 2 else numeric[0]), ""  # zero with three sections


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
        section = _number_section(number, sections)[0] if number.is_finite() else None
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
