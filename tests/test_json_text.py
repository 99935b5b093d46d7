"""core/json_text.py reads JSON as ``json.loads`` does, without importing the ``json`` package
(issue 14): the same document, the same hooks, and for anything it cannot read the very exception
``json`` raises."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.core.json_text import loads, quoted


def same_outcome(text: str, **hooks: Any) -> None:
    """``loads`` and ``json.loads`` give the same value, or raise the same exception."""
    try:
        expected: Any = json.loads(text, **hooks)
    except Exception as exc:  # what json raises, compared below
        with pytest.raises(type(exc)) as info:
            loads(text, **hooks)
        assert str(info.value) == str(exc)
        if isinstance(exc, json.JSONDecodeError):
            assert isinstance(info.value, json.JSONDecodeError)
            assert (info.value.pos, info.value.lineno, info.value.colno) == (
                exc.pos,
                exc.lineno,
                exc.colno,
            )
        return
    got = loads(text, **hooks)
    assert repr(got) == repr(expected)  # repr: NaN is not equal to itself
    assert type(got) is type(expected)


DOCUMENTS = [
    '{"form": "gov-disclosure-2021", "values": {"a": 1, "b": "2.5"}}',
    '  \n\t{"a": [1, 2.5, -0, 1e5, "x\\u00e9\\ud800", null, true, false]}\r\n ',
    "[NaN, Infinity, -Infinity]",
    '"text"',
    "12",
    "",
    "   ",
    "\ufeff{}",
    "{} {}",
    "{}x",
    "[1,",
    '{"a" 1}',
    '"\x01"',
    '"\\x"',
    '{"a": 1, "a": 2}',
    "[" * 100_000 + "]" * 100_000,
    "1" * 5000,
    '{"a": 01}',
    "[1e400, -1e400]",
    "nul",
    "\u00a0{}",  # a no-break space is no JSON whitespace
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_a_document_reads_as_json_reads_it(text: str) -> None:
    same_outcome(text)


class Duplicate(Exception):
    pass


def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({k for k, _v in pairs}) != len(pairs):
        raise Duplicate(pairs[0][0])
    return dict(pairs)


def short_int(text: str) -> int:
    if len(text) > 10:
        raise OverflowError(text)
    return int(text)


class Number(float):
    pass


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_hooks_are_called_as_json_calls_them(text: str) -> None:
    same_outcome(text, object_pairs_hook=unique, parse_float=Number, parse_int=short_int)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from(["", " ", "\n", "\t\r\n "]))
def test_any_document_json_writes_reads_back_the_same(value: Any, around: str) -> None:
    same_outcome(around + json.dumps(value) + around)
    same_outcome(around + json.dumps(value, ensure_ascii=False, indent=1) + around)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='{}[]",:0123456789.eE+-\\u tfalsnrNIiy \n\ufeff\x00', max_size=30))
def test_any_text_reads_or_fails_as_json_would(text: str) -> None:
    same_outcome(text, object_pairs_hook=unique, parse_float=Number)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_text_is_quoted_as_json_dumps_quotes_it(text: str) -> None:
    assert quoted(text) == json.dumps(text, ensure_ascii=False)
