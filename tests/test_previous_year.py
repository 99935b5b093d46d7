"""Last year's report: pre-filling 上年结转 and the year-to-year warnings, across 2019 → 2021."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_gui.cli.main import main
from govreport_gui.core.forms.engine import Checker, Status
from govreport_gui.core.forms.registry import form_for_year, get_form
from govreport_gui.core.store.draft import Draft

COLUMNS = (
    "natural",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    return tmp_path


def _last_year(tmp_path: Path, form_id: str = "gov-disclosure-2019") -> tuple[Path, dict[str, int]]:
    form = get_form(form_id)
    carry = {f"carry_forward.{c}": n for c, n in zip(COLUMNS, (7, 1, 0, 2, 0, 1, 11), strict=True)}
    path = tmp_path / "last.nianbao"
    Draft.create(
        path, form, "去年的填报人", fields={"unit": "某某市某某局", "year": "2020"}, values=carry
    ).close()
    return path, carry


def test_new_draft_prefills_carried_over_from_last_years_carry_forward(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last, carry = _last_year(tmp_path)
    path = tmp_path / "this.nianbao"
    code = main(
        [
            "new",
            "--form",
            "gov-disclosure-2021",
            str(path),
            "--previous",
            str(last),
            "--user",
            "张三",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert "预填 7 格" in capsys.readouterr().out
    with Draft.open(path, "张三", readonly=True) as draft:
        for column in COLUMNS:
            assert draft.values[f"carried_over.{column}"] == carry[f"carry_forward.{column}"]
        assert draft.fields["unit"] == "某某市某某局"
        assert draft.fields["year"] == "2021"  # the year after last year's
        checker = Checker(draft.form, draft.values, draft.previous)
    for column in COLUMNS:
        assert checker.result(f"carried_over_matches_last_year@{column}").status is Status.OK


def test_a_carried_over_that_differs_from_last_year_warns_with_both_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last, _ = _last_year(tmp_path)
    path = tmp_path / "this.nianbao"
    assert main(["new", "--form", "gov-disclosure-2021", str(path), "--previous", str(last)]) == 0
    assert main(["set", str(path), "carried_over.natural=9"]) == 0
    capsys.readouterr()
    main(["check", str(path), "--json"])
    import json

    report = json.loads(capsys.readouterr().out)
    warnings = [
        p for p in report["problems"] if p["rule"] == "carried_over_matches_last_year@natural"
    ]
    assert len(warnings) == 1 and warnings[0]["severity"] == "warning"
    assert (
        "9" in warnings[0]["message"]
        and "上年" in warnings[0]["message"]
        and "7" in warnings[0]["message"]
    )


def test_without_last_years_report_the_year_to_year_rules_do_not_apply(tmp_path: Path) -> None:
    form = get_form("gov-disclosure-2021")
    checker = Checker(form, {"carried_over.natural": 5})
    assert checker.result("carried_over_matches_last_year@natural").status is Status.NOT_APPLICABLE
    assert checker.summary().warnings == 0


def test_previous_report_of_another_unit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last, _ = _last_year(tmp_path)
    path = tmp_path / "this.nianbao"
    code = main(
        [
            "new",
            "--form",
            "gov-disclosure-2021",
            str(path),
            "--previous",
            str(last),
            "--field",
            "unit=另一个局",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "另一个局" in err and "某某市某某局" in err and "内部错误" not in err
    assert not path.exists()


def test_in_force_documents_are_checked_against_last_years_2021_report(tmp_path: Path) -> None:
    form = get_form("gov-disclosure-2021")
    previous = {"regulations.in_force": 10}
    ok = Checker(
        form,
        {"regulations.issued": 3, "regulations.repealed": 1, "regulations.in_force": 12},
        previous,
    )
    assert ok.result("in_force_carried@regulations").status is Status.OK
    off = Checker(
        form,
        {"regulations.issued": 3, "regulations.repealed": 1, "regulations.in_force": 13},
        previous,
    )
    result = off.result("in_force_carried@regulations")
    assert result.status is Status.FAILED and result.severity == "warning"
    assert "上年" in result.message


@pytest.mark.parametrize(
    ("year", "form_id"),
    [
        (2014, "gov-disclosure-2014"),
        (2018, "gov-disclosure-2014"),
        (2019, "gov-disclosure-2019"),
        (2020, "gov-disclosure-2019"),
        (2021, "gov-disclosure-2021"),
        (2025, "gov-disclosure-2021"),
    ],
)
def test_a_new_draft_for_a_year_proposes_the_form_in_force(year: int, form_id: str) -> None:
    form = form_for_year(year)
    assert form is not None and form.id == form_id


def test_forms_are_listed_newest_first_with_their_years(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "gov-disclosure-2021",
        "gov-disclosure-2019",
        "gov-disclosure-2014",
    ]
    assert "2021 年度起" in lines[0] and "2019–2020" in lines[1] and "2014–2018" in lines[2]


def test_refusals_name_the_forms_by_title_and_years_never_by_id(tmp_path: Path) -> None:
    from govreport_gui.core.ops.previous_year import PreviousYearError, form_name, read_previous

    form_2014, form_2019 = get_form("gov-disclosure-2014"), get_form("gov-disclosure-2019")
    assert form_name(form_2014) == "2014 年版《政府信息公开情况统计表》（2014–2018 年度）"
    assert (
        form_name(get_form("gov-disclosure-2021"))
        == "2021 年版《政府信息公开工作年度报告》（2021 年度起）"
    )
    last = tmp_path / "2018.nianbao"
    Draft.create(last, form_2014, "去年的填报人", fields={"unit": "某局", "year": "2018"}).close()
    with pytest.raises(PreviousYearError) as info:
        read_previous(last, "张三", form_2019, "某局", "2019")
    assert info.value.message == (
        "上一年度草稿使用 2014 年版《政府信息公开情况统计表》（2014–2018 年度），"
        "其中没有 2019 年版《政府信息公开工作年度报告》（2019–2020 年度）可以结转或核对的数据。"
    )
    older = tmp_path / "2017.nianbao"
    Draft.create(older, form_2014, "去年的填报人", fields={"unit": "某局", "year": "2017"}).close()
    # The 2014 table reads no last-year figure, but its text's 比上年增长X% phrases do (issue 16):
    # last year's 2014 report links, for the text.
    linked = read_previous(older, "张三", form_2014, "某局", "2018")
    assert linked.form_id == "gov-disclosure-2014"
    assert "gov-disclosure" not in str(info.value.message)
