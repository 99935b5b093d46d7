"""The displayed text of a cell under a number format (what ``verify`` compares), no Qt."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govreport_gui.core.layout.number_format import (
    UnrenderableFormat,
    display_text,
    figure_text,
    format_colour,
)


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (3, "0", "3"),
        (3.0, "0", "3"),
        (2.5, "0", "3"),  # half away from zero, as spreadsheets round
        (-2, "0", "-2"),
        (3, "General", "3"),
        (None, "0", ""),
        (24252.311082, "0.00####", "24252.311082"),
        (Decimal("5"), "0.00####", "5.00"),
        (1234567, "#,##0", "1,234,567"),
        (1234.5, "#,##0.00", "1,234.50"),
        (0.25, "0%", "25%"),
        (3, '"4"', "4"),  # a literal in place of the number
        (3, "\\4", "4"),
        (3, ";;;", ""),  # every section empty
        ("审核人", ";;;", ""),
        (-2, "0;(0)", "(2)"),
        (0, '0;-0;"无"', "无"),
        ("x", "@", "x"),
        ("x", '0;0;0;"看"@', "看x"),
        ("x", "0", "x"),  # no text section: text shows as it is
        (3, "@", "3"),
        (True, "General", "TRUE"),
        # a trailing comma shows thousands; a point escaped between placeholders (the 万 of a
        # Chinese template: “0!.0000”, saved as “0\\.0000”) shows ten thousands
        (12345, "0,", "12"),
        (12345, "#,##0,", "12"),
        (12345, '0.0,"千"', "12.3千"),
        (12345, "0\\.0000", "1.2345"),
        (12345, "0!.0000", "1.2345"),
        (123456, '0!.0,"万"', "12.3万"),
        (5, "#\\.0000", ".0005"),
        (1234567, "000-0000", "123-4567"),
    ],
)
def test_display_text(value: object, fmt: str, shown: str) -> None:
    assert display_text(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        # scientific notation: one whole digit, the exponent's digits at least its zeros
        (12, "0.00E+00", "1.20E+01"),
        (12345, "0.00E+00", "1.23E+04"),
        (9.996, "0.00E+00", "1.00E+01"),
        (0.00012, "0.0E+0", "1.2E-4"),
        (0, "0.00E+00", "0.00E+00"),
        (-12, "0.00E+00", "-1.20E+01"),
        (1000, '0E-0"件"', "1E3件"),
        (12, '0"E+5"', "12E+5"),  # quoted: a literal
        # sections chosen by conditions
        (12, '[>10]"多";0', "多"),
        (5, '[>10]"多";0', "5"),
        (5, '[>10]"多";[<0]"负";0', "5"),
        (-15, '[<-10]"少";0', "少"),  # a negative number in a section showing no digit
        (12, '"[>10]"0', "[>10]12"),  # quoted: a literal
    ],
)
def test_scientific_notation_and_conditions(value: object, fmt: str, shown: str) -> None:
    assert display_text(value, fmt) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (12, "[DBNum1][$-804]General", "12"),  # 十二: the same number
        (12, "[DBNum2]0", "12"),  # 壹拾贰
        (12, "[DBNum1]", "12"),  # nothing but the code: General
        (12, '[Red]"多"', "多"),
        (12, "[$¥-804]#,##0.00", "¥12.00"),
        (12, '_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ ', " 12 "),  # 会计专用
        (0, '_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ ', " - "),
    ],
)
def test_the_number_a_format_shows(value: object, fmt: str, shown: str) -> None:
    """figure_text: codes that change only how the number looks are left out."""
    assert figure_text(value, fmt) == shown
    with pytest.raises(UnrenderableFormat):
        display_text(value, fmt)


@pytest.mark.parametrize(
    "fmt",
    [
        "[Red]0", "[White]0", "yyyy-mm-dd", "* 0", "[>5]0", "##0.0E+0", "[DBNum1]0", "# ?/?",
        '[>5]"多";[>20]0',  # 3 meets neither condition, and there is no third section
        "0;[>5]0",  # a condition in the second section only
    ],
)  # fmt: skip
def test_formats_that_cannot_be_rendered_exactly_are_refused(fmt: str) -> None:
    with pytest.raises(UnrenderableFormat) as caught:
        display_text(3, fmt)
    assert caught.value.fmt == fmt


def test_a_negative_number_shown_by_a_condition_is_not_rendered() -> None:
    """Whether Excel prints its minus sign in a section chosen by a condition is not known."""
    with pytest.raises(UnrenderableFormat):
        display_text(-5, '[>10]"多";0')


@pytest.mark.parametrize(
    ("value", "fmt", "colour"),
    [
        (3, "[White]0", 9),
        (3, "[white]0", 9),
        (3, "[Color2]0", 9),  # [Color1] is the palette's 8: black
        (3, "[$-804][White]0", 9),
        (3, "0;[White]-0", None),  # the negative section's colour
        (-3, "0;[White]-0", 9),
        (0, '0;0;[Red]"-"', 10),
        (3, '"[White]"0', None),  # quoted: a literal, no colour
        ("x", "0;0;0;[White]@", 9),
        ("x", "[White]0", None),  # a text shows as it is without a text section
        (3, "0", None),
        (None, "[White]0", None),
        (3, "[Color99]0", None),
        (12, "[>10][Red]0;0", 10),  # the section a condition chooses
        (5, "[>10][Red]0;[Blue]0", 12),
    ],
)
def test_the_colour_a_format_gives_a_value(value: object, fmt: str, colour: int | None) -> None:
    assert format_colour(value, fmt) == colour
