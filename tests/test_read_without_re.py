"""What a ``check`` reads without ``re`` (issue 14: a values file's check imports no ``re``) reads as
the patterns it stands for: a date field (fields.date_parts and fields._DATE), a year, a number
with a fraction (values.parse_value and values._GROUPED)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms import fields, values
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value, ValueInputError, parse_value

# Digits of several scripts (ASCII, full-width, Arabic-Indic, Devanagari), spaces of several kinds,
# the separators and words of a date, and some other characters.
DATE_ALPHABET = "0123456789０１２٣४ \t\u3000\u00a0\n年月日-/.。,x"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=DATE_ALPHABET, max_size=16))
def test_a_date_is_read_as_the_pattern_reads_it(text: str) -> None:
    match = re.match(fields._DATE, text)
    assert fields.date_parts(text) == (None if match is None else match.groups())


@pytest.mark.parametrize(
    "text",
    [
        "2025年1月20日", "2025-01-20", "2025 / 1 / 2", "2025.12.31日", "２０２５年1月2日",
        "2025年1月20日\n", "2025年1月20\n", "2025年1月20日 ", "20250-1-2", "2025-123-1",
        "2025-1-1日日", "2025年1-2", "2025月1年2", "", "2025", "2025-1", "2025-1-", "٢٠٢٥-١-٢",
    ],
)  # fmt: skip
def test_dates_as_typed(text: str) -> None:
    match = re.match(fields._DATE, text)
    assert fields.date_parts(text) == (None if match is None else match.groups())


def regex_reading(kind: Kind, text: str) -> Value | None:
    """What parse_value read a fraction as through ``_GROUPED`` alone (before issue 14's
    shortcut), or the error it raised."""
    match = re.match(values._GROUPED, text)
    assert match is not None
    digits = match.group("int").replace(",", "")
    frac = match.group("frac")
    return values._check_number(kind, Decimal(digits + ("." + frac if frac else "")), text)


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from([Kind.MONEY, Kind.COUNT, Kind.SIGNED]),
    st.text(alphabet="0123456789", min_size=1, max_size=14),
    st.text(alphabet="0123456789", min_size=1, max_size=9),
)
def test_a_number_with_a_fraction_is_read_as_the_pattern_reads_it(
    kind: Kind, whole: str, fraction: str
) -> None:
    text = f"{whole}.{fraction}"
    try:
        expected: object = regex_reading(kind, text)
    except ValueInputError as exc:
        expected = exc.reason
    try:
        got: object = parse_value(kind, text)
    except ValueInputError as exc:
        got = exc.reason
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("12.5", Decimal("12.5")), ("-0.5", None), ("+12.50", Decimal("12.50")),
        ("1,234.5", Decimal("1234.5")), ("１２.５", Decimal("12.5")), ("12。5", Decimal("12.5")),
    ],
)  # fmt: skip
def test_money_with_a_fraction(text: str, reading: Decimal | None) -> None:
    if reading is None:
        with pytest.raises(ValueInputError, match="金额不能为负数"):
            parse_value(Kind.MONEY, text)
    else:
        assert parse_value(Kind.MONEY, text) == reading


@pytest.mark.parametrize(
    "text", ["12.", ".5", "1.2.3", "1.5e3", "١٢.٥", "1 2.5", "12.５x", "12.²", "1,23.5"]
)
def test_what_is_no_fraction_of_digits_is_refused_as_before(text: str) -> None:
    with pytest.raises(ValueInputError):
        parse_value(Kind.MONEY, text)


@pytest.mark.parametrize("year", ["2024", "２０２４年", "2024年度", "٢٠٢٤", "202", "20245", "²⁰²⁴"])
def test_a_year_is_four_ascii_digits_after_full_width_ones_are_read(year: str) -> None:
    field = next(f for f in get_form("gov-disclosure-2021").fields if f.kind == "year")
    digits = year.translate(fields._FULL_WIDTH_DIGITS).removesuffix("年度").removesuffix("年")
    if re.fullmatch(r"[0-9]{4}", digits):
        assert fields.parse_field(field, year) == digits
    else:
        with pytest.raises(ValueInputError, match="年度应为四位年份"):
            fields.parse_field(field, year)
