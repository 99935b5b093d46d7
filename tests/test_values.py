"""Typed numbers are read forgivingly but exactly (govreport_gui/core/forms/values.py)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms.values import (
    INVISIBLE,
    MAX_MAGNITUDE,
    Kind,
    ValueInputError,
    check_stored,
    control_character_problem,
    first_refused_character,
    format_number,
    from_text,
    parse_value,
    to_text,
)

NUMERIC = [Kind.COUNT, Kind.SIGNED, Kind.MONEY]
_HAN = re.compile(r"[\u4e00-\u9fff]")


def refused(kind: Kind, raw: object) -> ValueInputError:
    with pytest.raises(ValueInputError) as info:
        parse_value(kind, raw)
    reason = info.value.reason
    assert _HAN.search(reason), f"reason is not Chinese: {reason!r}"
    return info.value


# -- forgiving ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NUMERIC)
@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("１２", 12),  # full-width digits
        (" 12 ", 12),
        ("\u300012\u3000", 12),  # ideographic spaces
        ("1,234", 1234),
        ("1，234", 1234),  # full-width comma
        ("１，２３４", 1234),
        ("12,345,678", 12_345_678),
        ("+7", 7),
        ("0", 0),
        ("007", 7),
        ("12\u200b", 12),  # a zero-width space pasted from a web page
        ("\ufeff1,2\u200d34", 1234),  # a byte-order mark, a zero-width joiner
        ("1\u00ad2", 12),  # a soft hyphen
    ],
)
def test_forgiving_input_is_the_typed_number(kind: Kind, typed: str, number: int) -> None:
    value = parse_value(kind, typed)
    assert value == number
    if kind is Kind.MONEY:
        assert isinstance(value, Decimal)
    else:
        assert type(value) is int


@pytest.mark.parametrize("kind", NUMERIC)
@pytest.mark.parametrize("typed", ["", "   ", "\u3000", "\t\n", "\u200b"])
def test_blank_input_is_blank_not_zero(kind: Kind, typed: str) -> None:
    assert parse_value(kind, typed) is None
    assert parse_value(kind, None) is None


# -- refused -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NUMERIC)
@pytest.mark.parametrize(
    "typed", ["abc", "1e5", "1E5", "2.5e3", "12abc", "1,23", "1,2345", "--3", "1.2.3", ".", "1."]
)
def test_garbage_is_refused_with_a_chinese_reason(kind: Kind, typed: str) -> None:
    error = refused(kind, typed)
    assert error.text == typed


@pytest.mark.parametrize("kind", NUMERIC)
@pytest.mark.parametrize("typed", ["10²", "370¹", "①", "⑫", "٣", "३", "Ⅻ", "1½", "十二", "12元"])
def test_digits_that_are_not_0_to_9_are_refused_not_read(kind: Kind, typed: str) -> None:
    # A footnote mark pasted with a figure must not turn 370 into 3701.
    error = refused(kind, typed)
    assert error.text == typed


def test_superscript_reason_says_so() -> None:
    assert "0–9" in refused(Kind.COUNT, "10²").reason


@pytest.mark.parametrize("typed", ["-18", "−18", "－18", "‐18", "–18", "—18", "﹣18"])
def test_the_minus_signs_people_type_are_minus(typed: str) -> None:
    assert parse_value(Kind.SIGNED, typed) == -18


def test_a_no_break_space_between_groups_is_a_thousands_separator() -> None:
    assert parse_value(Kind.COUNT, "1\u00a0234") == 1234
    assert parse_value(Kind.COUNT, "1\u202f234\u202f567") == 1234567


def test_scientific_notation_reason_says_so() -> None:
    assert "科学计数法" in refused(Kind.COUNT, "1e5").reason


@pytest.mark.parametrize("typed", ["-3", "－3", "\u22123", -3])
def test_negative_count_is_refused(typed: object) -> None:
    assert "负" in refused(Kind.COUNT, typed).reason


@pytest.mark.parametrize("typed", ["-0.5", "−1"])
def test_negative_money_is_refused(typed: str) -> None:
    assert "负" in refused(Kind.MONEY, typed).reason


@pytest.mark.parametrize("typed", ["1.5", "１．５", "3.000001", 1.5, Decimal("2.5")])
@pytest.mark.parametrize("kind", [Kind.COUNT, Kind.SIGNED])
def test_fraction_in_an_integer_cell_is_refused(kind: Kind, typed: object) -> None:
    assert "整数" in refused(kind, typed).reason


@pytest.mark.parametrize("kind", [Kind.COUNT, Kind.SIGNED])
def test_integer_with_zero_fraction_is_that_integer(kind: Kind) -> None:
    assert parse_value(kind, "3.000") == 3


@pytest.mark.parametrize("kind", NUMERIC)
def test_magnitude_limit_is_ten_to_the_twelfth(kind: Kind) -> None:
    limit = 10**12
    assert limit == MAX_MAGNITUDE
    assert parse_value(kind, str(limit)) == limit
    assert parse_value(kind, f"{limit:,}") == limit
    for too_big in (str(limit + 1), f"{limit + 1:,}", "9" * 40, limit + 1):
        assert "过大" in refused(kind, too_big).reason
    if kind is Kind.MONEY:
        assert "过大" in refused(kind, "1000000000000.000001").reason
    if kind is Kind.SIGNED:
        assert parse_value(kind, f"-{limit}") == -limit
        assert "过大" in refused(kind, f"-{limit + 1}").reason


@pytest.mark.parametrize(
    ("written", "value"),
    [("减4", -4), ("减少 12", -12), ("增2", 2), ("增加1,234", 1234), ("减0", 0)],
)
def test_a_change_written_in_words_is_read_with_its_sign(written: str, value: int) -> None:
    """Published 2019 tables print 本年增/减 as 减4 or 增加2 as often as -4 or 2."""
    assert parse_value(Kind.SIGNED, written) == value


@pytest.mark.parametrize("written", ["减4", "增2", "减", "减减4", "增-2"])
def test_a_change_word_is_no_number_elsewhere_nor_twice(written: str) -> None:
    kind = Kind.COUNT if written in ("减4", "增2") else Kind.SIGNED
    with pytest.raises(ValueInputError) as caught:
        parse_value(kind, written)
    assert "不是数字" in str(caught.value) or "不能为负数" in str(caught.value)


def test_signed_kind_takes_negative_integers() -> None:
    assert parse_value(Kind.SIGNED, "-3") == -3
    assert parse_value(Kind.SIGNED, "－１，２３４") == -1234
    assert parse_value(Kind.SIGNED, -7) == -7
    assert parse_value(Kind.SIGNED, "-0") == 0


def test_money_keeps_up_to_six_decimals_exactly() -> None:
    value = parse_value(Kind.MONEY, "0.000001")
    assert value == Decimal("0.000001")
    assert to_text(value) == "0.000001"
    big = parse_value(Kind.MONEY, "999,999,999,999.999999")
    assert big == Decimal("999999999999.999999")
    assert to_text(big) == "999999999999.999999"
    # 0.1 + 0.2 is exactly 0.3 when stored as decimals, unlike binary floats
    a, b = parse_value(Kind.MONEY, "0.1"), parse_value(Kind.MONEY, "0.2")
    assert isinstance(a, Decimal) and isinstance(b, Decimal)
    assert a + b == Decimal("0.3")
    assert parse_value(Kind.MONEY, "1.500000") == Decimal("1.5")
    assert parse_value(Kind.MONEY, 0.1) == Decimal("0.1")  # a JSON float, via its shortest text


def test_money_with_seven_decimals_is_refused() -> None:
    assert "6 位小数" in refused(Kind.MONEY, "0.0000001").reason
    assert "6 位小数" in refused(Kind.MONEY, Decimal("1.2345678")).reason


def test_non_numbers_from_json_are_refused() -> None:
    for raw in (True, False, [1], {"a": 1}, float("nan"), float("inf")):
        refused(Kind.COUNT, raw)


def test_text_kind_keeps_text_and_refuses_numbers() -> None:
    assert parse_value(Kind.TEXT, "  说明  ") == "说明"
    assert parse_value(Kind.TEXT, "   ") is None
    refused(Kind.TEXT, 12)


def test_canonical_text_and_display() -> None:
    assert to_text(None) == ""
    assert to_text(1234) == "1234"
    assert to_text(Decimal("1E+3")) == "1000"
    assert format_number(None) == "（空）"
    assert from_text(Kind.COUNT, "") is None
    assert from_text(Kind.MONEY, "12.5") == Decimal("12.5")
    with pytest.raises(ValueInputError):
        from_text(Kind.MONEY, "不是数")


# -- properties --------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=MAX_MAGNITUDE)
signed = st.integers(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE)
money = st.decimals(
    min_value=0, max_value=MAX_MAGNITUDE, places=6, allow_nan=False, allow_infinity=False
)


def _round_trip(kind: Kind, value: int | Decimal) -> None:
    text = to_text(value)
    assert "e" not in text.lower()
    parsed = parse_value(kind, text)
    assert parsed == value
    assert to_text(parsed) == text or kind is Kind.MONEY
    assert from_text(kind, text) == value
    # the stored value itself goes in unchanged, too
    assert parse_value(kind, value) == value
    # and so does the same number written with thousands separators
    if kind is not Kind.MONEY:
        assert parse_value(kind, f"{value:,}") == value
        assert parse_value(kind, f"{value:,}".replace(",", "，")) == value


@given(counts)
def test_any_count_round_trips(value: int) -> None:
    _round_trip(Kind.COUNT, value)


@given(signed)
def test_any_signed_round_trips(value: int) -> None:
    _round_trip(Kind.SIGNED, value)


@given(money)
def test_any_money_round_trips_exactly(value: Decimal) -> None:
    _round_trip(Kind.MONEY, value)
    stored = parse_value(Kind.MONEY, to_text(value))
    assert isinstance(stored, Decimal)
    assert stored.compare_total(stored) == 0
    assert parse_value(Kind.MONEY, to_text(stored)) == stored
    assert to_text(parse_value(Kind.MONEY, to_text(stored))) == to_text(stored)


_NUMBERISH = st.sampled_from(list("0123456789０１２３.,，。-−－+ eE\u3000"))


@settings(max_examples=500)
@given(
    st.sampled_from(list(Kind)),
    st.text(alphabet=st.one_of(st.characters(), _NUMBERISH), max_size=30),
)
def test_random_text_parses_to_a_fixed_point_or_is_refused(kind: Kind, text: str) -> None:
    try:
        value = parse_value(kind, text)
    except ValueInputError as exc:
        assert exc.reason
        return
    if value is None:
        # Blank: nothing visible was typed (invisible characters are dropped from a figure).
        visible = "".join(ch for ch in text if ch not in INVISIBLE)
        assert visible.strip() == "" or kind is Kind.TEXT
        return
    canonical = to_text(value)
    again = parse_value(kind, canonical)
    assert again == value
    assert to_text(again) == canonical
    assert from_text(kind, canonical) == value
    if kind.is_numeric:
        assert abs(value) <= MAX_MAGNITUDE  # type: ignore[arg-type]
        if kind is not Kind.SIGNED:
            assert value >= 0  # type: ignore[operator]
        if kind is not Kind.MONEY:
            assert type(value) is int


_ALLOWED_IN_A_NUMBER = set(
    "0123456789,.+-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63 \t\n\r\x0b\x0c"
)


@settings(max_examples=500)
@given(
    st.sampled_from(NUMERIC),
    st.text(alphabet=st.one_of(st.characters(), _NUMBERISH), max_size=12),
)
def test_only_the_characters_of_a_number_make_a_number(kind: Kind, text: str) -> None:
    """Whatever is accepted was written with digits 0–9, separators, signs and spaces only
    (full-width forms and wide spaces being those): no other character adds to a figure."""
    try:
        value = parse_value(kind, text)
    except ValueInputError:
        return
    if value is None:
        return
    mapped = "".join(
        chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text
    ).translate({0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "})
    mapped = mapped.replace("，", ",").replace("。", ".").replace("､", ",")
    assert {c for c in mapped if not c.isspace()} <= _ALLOWED_IN_A_NUMBER, text


@pytest.mark.parametrize("kind", [Kind.COUNT, Kind.SIGNED, Kind.MONEY])
@pytest.mark.parametrize(
    "stored",
    ["0", "7", "-7", "1000000000000", "1000000000001", "-1000000000000", "-1000000000001",
     "12.5", "-0.000001", "0.0000001", "", "10000000000000"],
)  # fmt: skip
def test_a_number_read_back_is_accepted_exactly_when_typing_its_text_would_be(
    kind: Kind, stored: str
) -> None:
    """``check_stored`` takes a count or signed integer in range at once; it must accept and
    refuse exactly what typing the value's canonical text again would (issue 14)."""
    try:
        value = from_text(kind, stored)
    except ValueError:
        return  # not a number of this kind at all: the draft refuses it before this check
    try:
        parse_value(kind, to_text(value))
        typed_again = True
    except ValueInputError:
        typed_again = False
    try:
        check_stored(kind, value)
        accepted = True
    except ValueInputError:
        accepted = False
    assert accepted == typed_again


# Characters on both sides of every rule of control_character_problem: line breaks, C0, DEL, C1,
# format characters (soft hyphen, zero-width space, direction override, BOM, a tag), the line and
# paragraph separators, wide and no-break spaces, lone surrogates, a private-use and an unassigned
# code point, and ordinary text.
_EDGES = "\n\r\t\x00\x1f\x7f\x85\x9f\u00ad\u200b\u202e\u2028\u2029\u3000\u00a0\ufeff"
_EDGES += "\ud800\udfff\ue000\U000e0001\u0378 a中１"


@settings(max_examples=2000)
@given(
    st.text(st.one_of(st.characters(), st.sampled_from(_EDGES)), max_size=12),
    st.booleans(),
    st.booleans(),
)
def test_the_quick_pass_over_clean_text_answers_as_the_full_check(
    text: str, paragraphs: bool, invisible: bool
) -> None:
    # control_character_problem passes printable text at once; for every text its answer is the
    # one a check of each character gives.
    assert control_character_problem(
        text, "正文", paragraphs=paragraphs, invisible=invisible
    ) == first_refused_character(text, "正文", paragraphs, invisible)
