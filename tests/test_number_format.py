"""The displayed text of a cell under a number format (what ``verify`` compares), no Qt."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govreport_gui.core.layout.number_format import UnrenderableFormat, display_text


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
    ],
)
def test_display_text(value: object, fmt: str, shown: str) -> None:
    assert display_text(value, fmt) == shown


@pytest.mark.parametrize("fmt", ["[Red]0", "[White]0", "yyyy-mm-dd", "0.00E+00", "* 0", "[>5]0"])
def test_formats_that_cannot_be_rendered_exactly_are_refused(fmt: str) -> None:
    with pytest.raises(UnrenderableFormat) as caught:
        display_text(3, fmt)
    assert caught.value.fmt == fmt
