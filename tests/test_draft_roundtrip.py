"""Property: whatever values and field texts are saved come back exactly after close and open."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value, parse_value, to_text
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")
COUNTS = [c.id for c in FORM.cells if c.kind is Kind.COUNT]
MONEY = [c.id for c in FORM.cells if c.kind is Kind.MONEY]
FIELD_KEYS = [f.key for f in FORM.fields]

counts = st.none() | st.integers(min_value=0, max_value=10**12)
money = st.none() | st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(
        min_value=0, max_value=10**12, places=places, allow_nan=False, allow_infinity=False
    )
)
values = st.fixed_dictionaries(
    {},
    optional={
        **{c: counts for c in COUNTS},
        **{c: money for c in MONEY},
    },
)
# What parse_field lets through (Draft.apply takes checked fields): no line breaks, lone surrogates
# or control characters (Cc); a file holding a control character in a field is refused on open.
field_text = st.text(
    alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs", "Cc")),
    max_size=200,
)
fields = st.fixed_dictionaries({}, optional={k: field_text for k in FIELD_KEYS})

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def canonical(raw: dict[str, Value | None]) -> dict[str, Value | None]:
    """As a typed or pasted value would arrive: through parse_value."""
    return {c: parse_value(FORM.cell(c).kind, v) for c, v in raw.items()}


def expect(
    state: tuple[dict[str, str], dict[str, str]],
    new_values: dict[str, Value | None],
    new_fields: dict[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    cells, texts = dict(state[0]), dict(state[1])
    for c, v in new_values.items():
        if to_text(v):
            cells[c] = to_text(v)
        else:
            cells.pop(c, None)
    for k, t in new_fields.items():
        if t:
            texts[k] = t
        else:
            texts.pop(k, None)
    return cells, texts


def as_texts(draft: Draft) -> tuple[dict[str, str], dict[str, str]]:
    return {c: to_text(v) for c, v in draft.values.items()}, dict(draft.fields)


@SETTINGS
@given(first=values, second=values, first_fields=fields, second_fields=fields)
def test_values_and_fields_round_trip(
    first: dict[str, Value | None],
    second: dict[str, Value | None],
    first_fields: dict[str, str],
    second_fields: dict[str, str],
) -> None:
    first, second = canonical(first), canonical(second)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "往返.nianbao"
        Draft.create(path, FORM, "测试").close()
        expected: tuple[dict[str, str], dict[str, str]] = ({}, {})
        for new_values, new_fields in ((first, first_fields), (second, second_fields)):
            with Draft.open(path, "测试") as draft:
                draft.apply(new_values, new_fields)
                expected = expect(expected, new_values, new_fields)
                assert as_texts(draft) == expected  # memory after saving
            with Draft.open(path, "测试") as draft:
                assert as_texts(draft) == expected  # the file
                for c, v in new_values.items():
                    assert draft.values.get(c) == v
                    if v is not None:
                        assert type(draft.values[c]) is type(v)
                for k, t in new_fields.items():
                    assert draft.fields.get(k, "") == t


@SETTINGS
@given(amount=st.decimals(min_value=0, max_value=10**12, places=6))
def test_money_keeps_every_decimal(amount: Decimal) -> None:
    value = parse_value(Kind.MONEY, amount)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "金额.nianbao"
        with Draft.create(path, FORM, "测试") as draft:
            draft.apply({"fees": value})
        with Draft.open(path, "测试") as draft:
            stored = draft.values.get("fees")
    assert stored == amount and isinstance(stored, Decimal)
    assert to_text(stored) == to_text(value)
