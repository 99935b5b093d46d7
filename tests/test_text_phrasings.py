"""The report's text as government offices write it, checked against agreeing tables: no warning;
with the one cell a phrase states changed, that phrase's warning (forms/README.md, “Figures in the
text”). A false warning on a correct report is the worst outcome, so each row is a real way of
saying a figure: 受理 for 收到, 结转至2023年, 延期办结, 收到行政复议申请 …"""

from __future__ import annotations

from decimal import Decimal

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.report.text_checks import check_text

YEAR = 2022

# (form, text, the table's values that agree: CELL=VALUE, ~CELL for a cell no phrase states)
STATED = [
    # 受理 is said for 收到, of the applications as of their kinds
    ("2021", "2022年，本机关共受理政府信息公开申请56件，上年结转3件。", "new.total=56 carried_over.total=3"),
    ("2019", "全年共受理政府信息公开申请56件，均在法定期限内答复。", "new.total=56"),
    ("2021", "全年共受理依申请公开56件，办结56件。", "new.total=56 total.total=56"),
    ("2014", "共受理政府信息公开申请15件，其中当面申请3件，网络申请10件，信函申请2件。",
     "received=15 received_in_person=3 received_online=10 received_letter=2"),
    # last year's applications, said with 上一年度 / 上年度
    ("2021", "上一年度结转申请3件，本年度新收申请56件。", "carried_over.total=3 new.total=56"),
    ("2019", "上年度结转政府信息公开申请3件。", "carried_over.total=3"),
    # carried forward to the next year, said with its year or 至下一年度, the number before or after
    ("2021", "全年办结57件，结转至2023年继续办理2件。", "total.total=57 carry_forward.total=2"),
    ("2021", "结转至下一年度继续办理的申请2件。", "carry_forward.total=2"),
    ("2019", "另有2件结转至下一年度办理。", "carry_forward.total=2"),
    ("2021", "其余2件申请结转至2023年继续办理。", "carry_forward.total=2"),
    ("2021", "已办结57件，结转下一年度继续办理2件。", "total.total=57 carry_forward.total=2"),
    # 答复 of the applications: every result
    ("2021", "共答复政府信息公开申请57件，按时答复率100%。", "total.total=57"),
    ("2014", "答复申请15件，其中同意公开8件，同意部分公开2件，不同意公开1件。",
     "answered=15 answered_granted=8 answered_partly_granted=2 answered_refused=1"),
    # 按时办结 and 延期办结 are rows of the 2014 table
    ("2014", "已办结15件，其中按时办结14件，延期办结1件。",
     "closed=15 closed_on_time=14 closed_extended=1"),
    ("2014", "按期办结14件，延期办结1件。", "closed_on_time=14 closed_extended=1"),
    # the 2021 table's 行政强制 and 本年废止
    ("2021", "作出行政许可决定1256件，行政处罚决定89件，行政强制决定3件。",
     "licensing=1256 penalty=89 enforcement=3"),
    ("2021", "全年共制发规范性文件5件，废止规范性文件2件，现行有效规范性文件38件。",
     "normative_docs.issued=5 normative_docs.repealed=2 normative_docs.in_force=38"),
    # 收到行政复议申请 is a review, not an application for information
    ("2021", "全年收到行政复议申请3件，行政诉讼2件。",
     "~new.total=56 cases.review_total=3 ~cases.direct_suit_total=2 ~cases.review_suit_total=0"),
    ("2014", "全年共收到行政复议申请2件，行政诉讼1件。", "~received=15 reviews=2 lawsuits=1"),
    # a website's figure without 信息
    ("2014", "全局共主动公开政府信息1256条，其中通过门户网站公开1100条，通过政务微博发布信息80条。",
     "proactive_info=1256 website=1100 weibo=80"),
]  # fmt: skip


def table(spec: str) -> tuple[dict[str, Value | None], list[str]]:
    """The values of ``CELL=VALUE`` words, and the cells a phrase states (those without ``~``)."""
    values: dict[str, Value | None] = {}
    for word in spec.split():
        cell, value = word.lstrip("~").split("=")
        values[cell] = int(value)
    return values, [w.split("=")[0] for w in spec.split() if not w.startswith("~")]


# Text that states none of the table's figures, though a phrase's words are in it
NOT_STATED = [
    # 延期办结 and 按时办结 are no total of the results in 2019 and 2021 tables
    ("2021", "共办结57件，其中按时办结56件，延期办结1件。", {"total.total": 57}),
    ("2019", "延期办结1件。", {"total.total": 57}),
    # other applications than for information
    ("2021", "全年共受理行政许可申请1256件。", {"new.total": 56}),
    ("2021", "全年共受理信访举报投诉申请2件。", {"new.total": 56}),
    ("2021", "收到重复申请2件。", {"new.total": 56}),
    ("2019", "收到行政复议申请3件。", {"new.total": 56}),
    ("2014", "收到行政诉讼申请1件。", {"received": 15}),
    # last year's carried into this one: not carried forward
    ("2021", "2021年结转至2022年的申请3件。", {"carry_forward.total": 2}),
    ("2021", "上年度结转至本年度的申请3件。", {"carry_forward.total": 2}),
    ("2021", "收到申请56件（含上年结转3件）。", {"carry_forward.total": 2}),
    # dates, document numbers, phone numbers, percentages
    (
        "2021",
        "依据《通知》（国办函〔2020〕109号），2022年1月1日至12月31日收到申请56件。",
        {"new.total": 56},
    ),
    ("2021", "联系电话：0371-12345678，按时答复率100%，同比增长27.3%。", {"total.total": 57}),
]


def check(form_id: str, text: str, values: dict[str, Value | None]) -> list[str]:
    problems = check_text(get_form(f"gov-disclosure-{form_id}"), {"s": text}, values, year=YEAR)
    return [p.message for p in problems if p.rule_id.startswith("text.figure.")]


def changed(value: Value) -> Value:
    return value + 1 if isinstance(value, int) else Decimal(value) + 1


@pytest.mark.parametrize(("form_id", "text", "spec"), STATED)
def test_a_usual_phrasing_agrees_with_its_table_and_is_checked(
    form_id: str, text: str, spec: str
) -> None:
    values, stated = table(spec)
    assert check(form_id, text, dict(values)) == []
    for cell in stated:
        value = values[cell]
        assert value is not None
        [message] = check(form_id, text, {**values, cell: changed(value)})
        assert message.endswith(f"为{changed(value)}"), (cell, message)


@pytest.mark.parametrize(("form_id", "text", "values"), NOT_STATED)
def test_words_that_state_no_table_figure_give_no_warning(
    form_id: str, text: str, values: dict[str, Value | None]
) -> None:
    assert check(form_id, text, dict(values)) == []


# 办结 or 答复 alone, in a sentence about another matter: that matter's figure, not the table's
ANOTHER_MATTER = [
    ("2014", "全年共受理行政许可申请1256件，办结1256件。", {"closed": 15}),
    ("2021", "全年受理12345热线工单3000件，办结2990件。", {"total.total": 57}),
    ("2019", "全年承办人大代表建议32件、政协提案28件，已全部办结60件。", {"total.total": 57}),
    ("2021", "政务服务中心全年受理办件5万件，办结4.9万件。", {"total.total": 57}),
]


@pytest.mark.parametrize(("form_id", "text", "values"), ANOTHER_MATTER)
def test_a_bare_figure_in_a_sentence_about_another_matter_is_not_the_tables(
    form_id: str, text: str, values: dict[str, Value | None]
) -> None:
    assert check(form_id, text, dict(values)) == []


@pytest.mark.parametrize(
    ("form_id", "text", "cell"),
    [
        ("2021", "共收到政府信息公开申请56件，办结56件。", "total.total"),
        ("2014", "全年收到申请15件，已全部办结15件。", "closed"),
        # another matter in an earlier sentence: this one's figure is still checked
        ("2021", "全年受理热线工单3000件。收到政府信息公开申请56件，办结56件。", "total.total"),
    ],
)
def test_a_bare_figure_after_the_applications_is_still_checked(
    form_id: str, text: str, cell: str
) -> None:
    assert check(form_id, text, {cell: 56 if form_id != "2014" else 15}) == []
    [message] = check(form_id, text, {cell: 99})
    assert message.endswith("为99")
