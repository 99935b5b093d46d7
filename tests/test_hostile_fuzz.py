"""Values fuzzing (issue 13, Done when): arbitrary text for every cell kind and field of the 2014,
2019 and 2021 forms, through what a user reaches — typing (parse_value / parse_field), the edit op
on an open document (type_value / set_field), values files (JSON) and ``govreport set`` arguments
(split_pairs + parse_assignments). The properties are written once, in ``hostile_inputs.judge_*``:
only the documented refusals escape, in Chinese; an accepted value fits its kind and round-trips
exactly through the file; a refused one is not stored. Bounded: a few hundred examples each."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import hostile_inputs as hi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms.values import Kind, ValueInputError

TARGETS = hi.targets()

# A number as a hand or a script would write it: signs, digits of several scripts, separators,
# long fractions, exponents, the 10^12 limit and just past it.
_digits = st.text("0123456789０９٣", min_size=0, max_size=40)
numbers = st.builds(
    lambda sign, whole, frac, exp: sign + whole + frac + exp,
    st.sampled_from(["", "-", "+", "\u2212", "－", " "]),
    _digits,
    st.one_of(st.just(""), _digits.map(lambda d: "." + d)),
    st.sampled_from(["", "", "", "e5", "E-2", "e+12"]),
)
texts = st.one_of(
    st.lists(st.sampled_from(hi.PIECES), max_size=6).map("".join),
    numbers,
    st.text(max_size=30),  # any code point hypothesis likes
    st.sampled_from(["1" * 5000, "9" * 300, " " * 300, "，" * 250, "年" * 201]),
)
fuzz = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(target=st.sampled_from(TARGETS), text=texts)
def test_typed_text_is_stored_exactly_or_refused_in_chinese(target: hi.Target, text: str) -> None:
    assert hi.judge_parse(target, text) == []


@fuzz
@given(target=st.sampled_from(TARGETS), text=texts)
def test_set_arguments_read_as_typing_reads_them(target: hi.Target, text: str) -> None:
    assert hi.judge_assignment(target, text) == []


def test_values_files_are_read_as_typing_or_refused_whole(tmp_path: Path) -> None:
    @settings(max_examples=400, deadline=None)
    @given(target=st.sampled_from(TARGETS), text=texts)
    def one(target: hi.Target, text: str) -> None:
        assert hi.judge_values_file(tmp_path, target, text) == []

    one()


def test_type_value_stores_what_reopens_and_nothing_refused(tmp_path: Path) -> None:
    with hi.DocumentJudge(tmp_path) as judge:

        @settings(max_examples=400, deadline=None)
        @given(target=st.sampled_from(TARGETS), text=texts)
        def one(target: hi.Target, text: str) -> None:
            assert judge.judge(target, text) == []

        one()


# -- the judges can fail: a parser that rounds, or answers in English, is caught -----------------


def test_the_judges_catch_a_rounding_or_english_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    money = next(t for t in TARGETS if not t.is_field and t.form.cell(t.key).kind is Kind.MONEY)
    assert hi.judge_parse(money, "1.5") == []

    def rounding(kind: Kind, raw: object) -> Decimal:
        return Decimal(str(raw)).quantize(Decimal("0.0000001"))  # seven places: over the limit

    monkeypatch.setattr(hi, "parse_value", rounding)
    assert hi.judge_parse(money, "1.00000001") != []

    def english(kind: Kind, raw: object) -> None:
        raise ValueInputError("not a number")

    monkeypatch.setattr(hi, "parse_value", english)
    assert hi.judge_parse(money, "x") != []
