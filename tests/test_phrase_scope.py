"""The clause before a phrase names another period: the year, month and December ranges are read
by hand in ``core/report/phrase_scope.py`` (compiling the regular expressions they stand for cost
every ``check`` of a report's text ≈ 5M instructions, issue 14); here the two ways are held to the
same answers on generated clauses."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.core.report.phrase_scope import names_a_month, to_december, years

YEAR = re.compile(r"([0-9０-９]{4})\s*年")
MONTH = re.compile(r"[0-9０-９一二三四五六七八九十]+\s*月")
TO_DECEMBER = re.compile(r"[至到\-－—～~]\s*(?:12|１２|十二)\s*月")

# What the three read, and what stands beside them in a report's clauses.
PIECES = [
    *"0123456789", *"０１２３４５６７８９", *"一二三十", "年", "月", "至", "到", "-", "－", "—",
    "～", "~", " ", "\u3000", "\xa0", "\t", "共", "件", "份", "12", "１２", "十二", "2023", "２０２３",
]  # fmt: skip
clauses = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=4000, deadline=None)
@given(clauses)
def test_years_are_found_as_the_regular_expression_finds_them(clause: str) -> None:
    expected = [(m.start(), m.end(), m.group(1)) for m in YEAR.finditer(clause)]
    assert years(clause) == expected


@settings(max_examples=4000, deadline=None)
@given(clauses)
def test_months_and_ranges_to_december_are_read_as_the_regular_expressions_read_them(
    clause: str,
) -> None:
    assert names_a_month(clause) == (MONTH.search(clause) is not None)
    assert to_december(clause) == (TO_DECEMBER.search(clause) is not None)


def test_the_clauses_a_report_writes() -> None:
    assert years("2022年及2023 年") == [(0, 5, "2022"), (6, 12, "2023")]
    assert years("２０２３年度") == [(0, 5, "２０２３")]
    assert years("23年") == [] and years("年") == []
    assert names_a_month("1至6月") and names_a_month("十二 月份")
    assert not names_a_month("月底") and not names_a_month("本月")
    assert to_december("1-12月") and to_december("一月至十二月") and to_december("1月～ １２ 月")
    assert not to_december("12月") and not to_december("1至11月")
