"""Records (core/forms/record.py) are made like frozen dataclasses; their ``__init__`` is generated
when the first record of a class is made (issue 14), and behaves the same from the first on."""

from __future__ import annotations

import pickle

import pytest

from govreport_gui.core.forms.record import FrozenError, Record


class Point(Record):
    x: int
    y: int = 0
    label: str = "原点"


def test_the_first_record_and_the_next_are_made_alike() -> None:
    first = Point(1, label="甲")
    second = Point(1, label="甲")
    assert first == second and hash(first) == hash(second)
    assert (first.x, first.y, first.label) == (1, 0, "甲")
    assert repr(Point(x=2)) == "Point(x=2, y=0, label='原点')"
    assert pickle.loads(pickle.dumps(first)) == first
    with pytest.raises(FrozenError):
        first.x = 3  # type: ignore[misc]


@pytest.mark.parametrize("first_call_wrong", [True, False])
def test_wrong_arguments_are_refused_on_the_first_record_as_on_later_ones(
    first_call_wrong: bool,
) -> None:
    class Pair(Record):
        a: int
        b: int

    if not first_call_wrong:
        assert Pair(1, 2).b == 2
    with pytest.raises(TypeError):
        Pair(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Pair(1, 2, c=3)  # type: ignore[call-arg]
    assert Pair(b=2, a=1) == Pair(1, 2)


def test_a_field_without_default_after_one_with_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="without a default"):

        class Wrong(Record):
            a: int = 0
            b: int  # type: ignore[misc]
