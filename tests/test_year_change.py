"""比上年增长X% and the like after a figure of the text (issue 16, ``--previous``): checked against
both years' figures, and filled in from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.report import year_change
from govreport_gui.core.report.text_checks import check_text
from govreport_gui.core.report.year_change import change_fills, change_phrase, fill_change_phrases

REPO = Path(__file__).resolve().parent.parent
THIS: dict[str, Value | None] = {"received": 45, "website": 330, "staff": 2}
LAST: dict[str, Value | None] = {"received": 40, "website": 330, "staff": 4}


@pytest.fixture(scope="module")
def form_2021() -> FormDef:
    return load_form(REPO / "forms" / "gov-disclosure-2021.toml")


def changes(form: FormDef, text: str, this: dict[str, Value | None] = THIS) -> list[str]:
    problems = check_text(form, {"s": text}, this, LAST)
    return [p.message for p in problems if p.rule_id.startswith("text.change.")]


@pytest.mark.parametrize(
    "text",
    [
        "全年共收到申请45件，比上年增长12.5%。",
        "全年共收到申请45件，同比增长12.5%。",
        "全年共收到申请45件，比上年增长13%。",  # 12.5 rounded to a whole percent
        "全年共收到申请45件，比上年增加5件。",
        "全年共收到申请45件，较上年有所增长。",
        "门户网站发布信息330条，与上年持平。",
        "配备2名工作人员，比上年减少2名。",
        "全年共收到申请45件。比上年增长50%的是另一项。",  # another sentence: not this figure's
    ],
)
def test_right_changes_give_no_warning(form_2014: FormDef, text: str) -> None:
    assert changes(form_2014, text) == []


def test_a_wrong_percentage(form_2014: FormDef) -> None:
    [message] = changes(form_2014, "全年共收到申请45件，比上年增长15%。")
    assert message == (
        "正文写‘比上年增长15%’，统计表收到申请数上年为40、本年为45，应为‘比上年增长13%’"
    )


@pytest.mark.parametrize("space", [" ", "\u3000", "\xa0"])
def test_a_change_written_with_spaces_is_read(form_2014: FormDef, space: str) -> None:
    """Word documents set figures apart (比上年增长 15 %): the change is read as without them."""
    right = f"全年共收到申请{space}45{space}件，比上年增长{space}12.5{space}%。"
    assert changes(form_2014, right) == []
    [message] = changes(form_2014, f"全年共收到申请45件，比上年增长{space}15{space}%。")
    assert message.startswith(f"正文写‘比上年增长{space}15{space}%’")
    assert message.endswith("应为‘比上年增长13%’")
    [message] = changes(form_2014, f"全年共收到申请45件，比上年增加{space}4{space}件。")
    assert message.endswith("应为‘比上年增加5件’")


def test_an_unfilled_change_written_with_spaces_is_named(form_2014: FormDef) -> None:
    problems = check_text(form_2014, {"s": "全年共收到申请45件，比上年增长 X %。"}, THIS)
    assert [p.rule_id for p in problems] == ["text.unfilled"]
    filled = fill_change_phrases(form_2014, "全年共收到申请45件，比上年增长 X %。", THIS, LAST)
    assert filled == "全年共收到申请45件，比上年增长12.5%。"


def test_a_wrong_direction(form_2014: FormDef) -> None:
    [message] = changes(form_2014, "全年共收到申请45件，比上年下降12.5%。")
    assert message.endswith("应为‘比上年增长12.5%’")


def test_a_wrong_difference_and_a_wrong_same(form_2014: FormDef) -> None:
    assert changes(form_2014, "全年共收到申请45件，比上年增加4件。") != []
    assert changes(form_2014, "全年共收到申请45件，与上年持平。") != []


def test_no_percentage_of_last_years_zero(form_2014: FormDef) -> None:
    [message] = changes(form_2014, "全年共收到申请45件，比上年增长100%。", THIS)
    assert message.endswith("应为‘比上年增长13%’")  # as many decimals as written
    last_zero = {"received": 0}
    problems = check_text(form_2014, {"s": "全年共收到申请45件，比上年增长100%。"}, THIS, last_zero)
    assert [p.message for p in problems] == [
        "正文写‘比上年增长100%’，统计表收到申请数上年为0、本年为45，上年为0，不能写百分比"
    ]


def test_a_blank_figure_in_either_year_is_not_checked(form_2014: FormDef) -> None:
    text = "全年共收到申请45件，比上年增长99%。"
    assert check_text(form_2014, {"s": text}, THIS, {"received": None}) == []
    assert check_text(form_2014, {"s": text}, THIS, {}) == []


def test_without_last_year_no_change_is_checked(form_2014: FormDef) -> None:
    assert check_text(form_2014, {"s": "全年共收到申请45件，比上年增长99%。"}, THIS) == []


def test_a_figure_inserted_from_the_table_anchors_its_change(form_2021: FormDef) -> None:
    this: dict[str, Value | None] = {"new.total": 60}
    last: dict[str, Value | None] = {"new.total": 48}
    text = "本年新收申请{{new.total}}件，比上年增长X%。"
    assert fill_change_phrases(form_2021, text, this, last) == (
        "本年新收申请{{new.total}}件，比上年增长25%。"
    )
    wrong = check_text(form_2021, {"s": "本年新收申请{{new.total}}件，比上年增长20%。"}, this, last)
    assert [p.rule_id for p in wrong] == ["text.change.received"]


def test_placeholders_are_filled_and_wrong_phrases_corrected(form_2014: FormDef) -> None:
    text = "全年共收到申请45件，比上年增长□%；配备2名工作人员，比上年增加2名。\n（一）网站。"
    filled = fill_change_phrases(form_2014, text, THIS, LAST)
    assert (
        filled
        == "全年共收到申请45件，比上年增长12.5%；配备2名工作人员，比上年减少2名。\n（一）网站。"
    )
    [placeholder, wrong] = change_fills(form_2014, text, THIS, LAST)
    assert (placeholder.old, placeholder.new, placeholder.wrong) == (
        "比上年增长□%",
        "比上年增长12.5%",
        False,
    )
    assert wrong.wrong
    # a placeholder is to be filled, not a contradiction: the one warning says it is not filled
    problems = check_text(form_2014, {"s": "全年共收到申请45件，比上年增长X%。"}, THIS, LAST)
    assert [(p.rule_id, p.message) for p in problems] == [
        (
            "text.unfilled",
            "正文“比上年增长X%”中的“X”尚未填写（关联上年度报告后可用“填写同比变化”按两年的数字填入）",
        )
    ]
    filled_text = fill_change_phrases(form_2014, "全年共收到申请45件，比上年增长X%。", THIS, LAST)
    assert check_text(form_2014, {"s": filled_text}, THIS, LAST) == []


def test_an_unfilled_change_is_a_warning_even_without_last_year(form_2014: FormDef) -> None:
    problems = check_text(
        form_2014, {"s": "网站发布信息330条，同比减少□条。2018年增长较快。"}, THIS
    )
    assert [(p.rule_id, p.span) for p in problems] == [("text.unfilled", (11, 17))]


def test_an_unfilled_change_after_each_comparison(form_2014: FormDef) -> None:
    # A paragraph is looked at only when it holds a word every comparison has (上年, 同比, 去年):
    # each comparison of the pattern has one, so none of them is passed by.
    first = re.match(r"\(\?:([^)]*)\)", year_change._UNFILLED)
    assert first is not None
    comparisons = first.group(1).split("|")
    assert len(comparisons) == 6
    for comparison in comparisons:
        assert any(word in comparison for word in year_change._UNFILLED_NEEDS), comparison
        text = f"网站发布信息330条，{comparison}减少X条。"
        problems = check_text(form_2014, {"s": text}, THIS)
        assert [(p.rule_id, p.actual) for p in problems] == [
            ("text.unfilled", f"{comparison}减少X条")
        ]
    # an x in a web address is no placeholder, even beside a comparison (the pattern is looked for)
    text = "政府网站www.nx.gov.cn发布信息330条，比上年减少30条。"
    assert year_change.unfilled_problems("s", text) == []


def test_the_phrase_for_a_figure(form_2014: FormDef) -> None:
    assert change_phrase(form_2014, ["received"], THIS, LAST) == "比上年增长12.5%"
    assert change_phrase(form_2014, ["received"], THIS, LAST, percent=False) == "比上年增加5件"
    assert change_phrase(form_2014, ["staff"], THIS, LAST) == "比上年下降50%"
    assert change_phrase(form_2014, ["website"], THIS, LAST) == "与上年持平"
    assert change_phrase(form_2014, ["received"], THIS, {}) is None
