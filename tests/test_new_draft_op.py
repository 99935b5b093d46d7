"""新建草稿 as one op (core/ops/new_draft.py) and ``set``'s input parsing (core/forms/assignments.py).

Core only: no QApplication. The command line and the window both call these; the CLI tests
(tests/test_cli_*.py, tests/test_previous_year.py) pin the messages and exit codes around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from govreport_gui.core.forms.assignments import AssignmentsError, parse_assignments, split_pairs
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.ops.new_draft import new_report
from govreport_gui.core.ops.previous_year import PreviousYearError
from govreport_gui.core.store.draft import Draft, DraftError

COLUMNS = (
    "natural",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)
CARRY = dict(zip(COLUMNS, (7, 1, 0, 2, 0, 1, 11), strict=True))


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    return tmp_path


def _last_year(tmp_path: Path, year: str = "2020") -> Path:
    """A 2020 report of 某某市某某局 on the 2019 form with its 年末结转 filled in."""
    path = tmp_path / "last.nianbao"
    values = {f"carry_forward.{c}": n for c, n in CARRY.items()}
    fields = {"unit": "某某市某某局", "year": year}
    Draft.create(
        path, get_form("gov-disclosure-2019"), "去年", fields=fields, values=values
    ).close()
    return path


def test_a_new_report_without_last_year_is_blank_with_the_given_fields(tmp_path: Path) -> None:
    form = get_form("gov-disclosure-2021")
    made = new_report(form, tmp_path / "new.nianbao", "张三", {"unit": "某某局", "year": "2023"})
    assert made.path == tmp_path / "new.nianbao" and made.prefilled == {}
    assert made.year_note is None
    with Draft.open(made.path, "张三", readonly=True) as draft:
        assert draft.form.id == form.id
        assert draft.fields["unit"] == "某某局" and draft.fields["year"] == "2023"
        assert all(v is None for v in draft.values.values()) and not draft.previous


def test_last_years_report_prefills_carried_over_and_gives_unit_and_year(tmp_path: Path) -> None:
    last = _last_year(tmp_path)
    form = get_form("gov-disclosure-2021")
    made = new_report(form, tmp_path / "new.nianbao", "张三", {}, last)
    assert made.fields["unit"] == "某某市某某局" and made.fields["year"] == "2021"
    assert made.prefilled == {f"carried_over.{c}": n for c, n in CARRY.items()}
    assert made.previous_source == str(last)
    with Draft.open(made.path, "张三", readonly=True) as draft:
        for column, n in CARRY.items():
            assert draft.values[f"carried_over.{column}"] == n
        assert draft.previous["carry_forward.natural"] == 7  # kept for the prev() rules
        assert draft.fields["unit"] == "某某市某某局" and draft.fields["year"] == "2021"


def test_the_library_names_the_file_after_the_fields_last_year_completed(tmp_path: Path) -> None:
    last = _last_year(tmp_path)
    seen: list[dict[str, str]] = []

    def in_library(fields: Mapping[str, str]) -> Path:
        seen.append(dict(fields))
        return tmp_path / f"{fields['unit']}_{fields['year']}.nianbao"

    made = new_report(get_form("gov-disclosure-2021"), in_library, "张三", {}, last)
    assert seen == [{"unit": "某某市某某局", "year": "2021"}]
    assert made.path == tmp_path / "某某市某某局_2021.nianbao" and made.path.exists()


def test_given_unit_and_year_are_kept_over_last_years(tmp_path: Path) -> None:
    last = _last_year(tmp_path)
    fields = {"unit": "某某市某某局", "year": "2021"}
    made = new_report(get_form("gov-disclosure-2021"), tmp_path / "n.nianbao", "张三", fields, last)
    assert made.fields == fields


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"year": "2023"}, ["2020", "2023", "2022"]),  # not the year before
        ({"unit": "另一个局"}, ["另一个局", "某某市某某局"]),  # another unit's
    ],
)
def test_an_unusable_last_year_is_refused_and_nothing_is_made(
    tmp_path: Path, fields: dict[str, str], words: list[str]
) -> None:
    last = _last_year(tmp_path)
    called: list[Mapping[str, str]] = []

    def path(final: Mapping[str, str]) -> Path:
        called.append(final)
        return tmp_path / "n.nianbao"

    with pytest.raises(PreviousYearError) as caught:
        new_report(get_form("gov-disclosure-2021"), path, "张三", fields, last)
    for word in words:
        assert word in caught.value.message
    assert called == [] and not (tmp_path / "n.nianbao").exists()


def test_a_2014_form_report_cannot_feed_a_2019_form_report(tmp_path: Path) -> None:
    last = tmp_path / "2018.nianbao"
    Draft.create(
        last, get_form("gov-disclosure-2014"), "去年", fields={"unit": "某局", "year": "2018"}
    ).close()
    with pytest.raises(PreviousYearError) as caught:
        new_report(get_form("gov-disclosure-2019"), tmp_path / "n.nianbao", "张三", {}, last)
    assert "2014 年版" in caught.value.message and "gov-disclosure" not in caught.value.message
    assert not (tmp_path / "n.nianbao").exists()


def test_an_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "taken.nianbao"
    target.write_bytes(b"somebody's file")
    with pytest.raises(DraftError) as caught:
        new_report(get_form("gov-disclosure-2021"), target, "张三", {"unit": "某局"})
    assert "已存在" in caught.value.message
    assert target.read_bytes() == b"somebody's file"


def test_a_form_not_in_force_for_the_year_is_made_with_a_note(tmp_path: Path) -> None:
    made = new_report(
        get_form("gov-disclosure-2014"), tmp_path / "n.nianbao", "张三", {"year": "2021"}
    )
    assert made.path.exists()
    assert (
        made.year_note is not None
        and "2021" in made.year_note
        and "gov-disclosure-2021" in made.year_note
    )


# -- set: cell assignments and fields as text ----------------------------------------------------


def test_assignments_are_parsed_by_the_cells_kind_and_blank_clears() -> None:
    form = get_form("gov-disclosure-2021")
    parsed = parse_assignments(
        form, {"carried_over.natural": "12", "carried_over.total": ""}, {"year": "2023年度"}
    )
    assert parsed.values == {"carried_over.natural": 12, "carried_over.total": None}
    assert parsed.fields == {"year": "2023"}


def test_every_problem_of_the_assignments_is_named_at_once() -> None:
    form = get_form("gov-disclosure-2021")
    with pytest.raises(AssignmentsError) as caught:
        parse_assignments(
            form,
            {"no_such_cell": "1", "carried_over.natural": "十二", "carried_over.total": "3"},
            {"year": "明年"},
        )
    problems = caught.value.problems
    assert len(problems) == 3
    assert any("no_such_cell" in p and form.id in p for p in problems)
    assert any(p.startswith("carried_over.natural（") for p in problems)
    assert any("年度应为四位年份" in p for p in problems)


def test_key_value_texts_are_split_at_the_first_equals_sign() -> None:
    assert split_pairs(["received=12", " unit =某局=办公室", "closed="], "单元格赋值") == {
        "received": "12",
        "unit": "某局=办公室",
        "closed": "",
    }


@pytest.mark.parametrize(
    ("items", "words"),
    [
        (["received"], ["单元格赋值应写成 KEY=VALUE", "“received”"]),
        (["=3"], ["KEY=VALUE", "“=3”"]),
        (["received=3", "received =4"], ["“received”", "两次", "只写一次"]),
    ],
    ids=["no-equals", "no-key", "twice"],
)
def test_unusable_key_value_texts_are_refused_with_what_to_do(
    items: list[str], words: list[str]
) -> None:
    with pytest.raises(AssignmentsError) as caught:
        split_pairs(items, "单元格赋值")
    assert len(caught.value.problems) == 1
    for word in words:
        assert word in caught.value.problems[0]
