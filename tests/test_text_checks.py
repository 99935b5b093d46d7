"""Figures typed in the report's text, checked against the tables (issue 16): the phrases are the
form files' ``[[text_figures]]``, approximate words are read as such, a part of a figure is
checked as a part, and nothing else in the text is taken for a figure."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_text_seed import seed_sections

from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.report.numbers import parse_number
from govreport_gui.core.report.problems import TextProblem
from govreport_gui.core.report.text_checks import check_text

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def form_2021() -> FormDef:
    return load_form(REPO / "forms" / "gov-disclosure-2021.toml")


@pytest.fixture(scope="module")
def form_2019() -> FormDef:
    return load_form(REPO / "forms" / "gov-disclosure-2019.toml")


def figures_only(problems: list[TextProblem]) -> list[TextProblem]:
    return [p for p in problems if p.rule_id.startswith("text.figure.")]


def check(
    form: FormDef, text: str, values: dict[str, Value | None], year: int | None = None
) -> list[TextProblem]:
    return figures_only(check_text(form, {"s": text}, values, year=year))


# -- the seed ------------------------------------------------------------------------------------


def test_the_seed_gives_no_figure_warning(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    # 370余条 (table 370), 330条, 收到3份, 配备2名, 20余条 + 20余条 (其他方式 40)
    problems = check_text(form_2014, seed_sections(), example_values)
    assert figures_only(problems) == []


def test_a_changed_table_figure_makes_the_seeds_phrase_a_warning(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    example_values["received"] = 4
    sections = seed_sections()
    [problem] = figures_only(check_text(form_2014, sections, example_values))
    assert problem.rule_id == "text.figure.received"
    assert problem.section == "s2"
    assert problem.message == "正文写‘收到3份依申请公开申请’，统计表收到申请数为4"
    assert (problem.expected, problem.actual) == (4, 3)
    paragraph = [p for p in sections["s2"].split("\n") if p.strip()][problem.paragraph]
    assert paragraph[problem.span[0] : problem.span[1]] == "收到3份依申请公开申请"
    assert problem.as_json()["rule"] == "text.figure.received@s2"
    assert problem.as_json()["section"] == "s2"
    assert problem.as_json()["severity"] == "warning"


def test_the_seeds_parts_are_added_up_and_may_not_exceed_the_figure(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    example_values["other_channel"] = 30
    [problem] = figures_only(check_text(form_2014, seed_sections(), example_values))
    assert problem.rule_id == "text.figure.other_channel"
    assert "‘报纸、电视等传统媒体发布信息20余条’" in problem.message
    assert "‘其他方式发布信息20余条’" in problem.message
    assert "合计至少40" in problem.message and "为30" in problem.message


def test_one_part_alone_is_no_contradiction(form_2014: FormDef) -> None:
    text = "通过报纸、电视等传统媒体发布信息20余条。"
    assert check(form_2014, text, {"other_channel": 40}) == []


def test_the_seed_with_a_changed_website_figure(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    example_values["website"] = 331
    [problem] = figures_only(check_text(form_2014, seed_sections(), example_values))
    assert problem.message == "正文写‘门户网站发布各类信息330条’，统计表政府网站公开政府信息数为331"


# -- approximate words ---------------------------------------------------------------------------

APPROXIMATE = [
    # (text, table value, warning expected)
    ("主动公开政府信息370余条", 370, False),
    ("主动公开政府信息370余条", 379, False),
    ("主动公开政府信息370余条", 380, True),
    ("主动公开政府信息370余条", 369, True),
    ("主动公开政府信息20多条", 25, False),
    ("主动公开政府信息20多条", 31, True),
    ("主动公开政府信息近400条", 370, False),
    ("主动公开政府信息近400条", 400, False),
    ("主动公开政府信息近400条", 401, True),
    ("主动公开政府信息近400条", 350, True),
    ("主动公开政府信息约370条", 400, False),
    ("主动公开政府信息约370条", 340, False),
    ("主动公开政府信息约370条", 420, True),
    ("主动公开政府信息370条左右", 360, False),
    ("主动公开政府信息370条左右", 300, True),
    ("主动公开政府信息100条以上", 5000, False),
    ("主动公开政府信息100条以上", 99, True),
    ("主动公开政府信息超过100条", 101, False),
    ("主动公开政府信息不足10条", 9, False),
    ("主动公开政府信息不足10条", 10, True),
]


@pytest.mark.parametrize(("text", "table", "warned"), APPROXIMATE)
def test_approximate_words_are_read_as_such(
    form_2014: FormDef, text: str, table: int, warned: bool
) -> None:
    problems = check(form_2014, text, {"proactive_info": table})
    assert bool(problems) is warned, [p.message for p in problems]


def test_an_approximate_warning_says_how_the_word_was_read(form_2014: FormDef) -> None:
    [problem] = check(form_2014, "主动公开政府信息370余条", {"proactive_info": 390})
    assert (
        problem.message
        == "正文写‘主动公开政府信息370余条’（即370至379），统计表主动公开政府信息数为390"
    )


# -- numerals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("370", 370),
        ("３７０", 370),
        ("三百七十", 370),
        ("两", 2),
        ("十二", 12),
        ("二十", 20),
        ("一千零五", 1005),
        ("三万五千", 35000),
        ("1.2万", 12000),
        ("0.5", Decimal("0.5")),
    ],
)
def test_numbers_are_read_in_every_way_they_are_written(written: str, value: int) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["百", "三十百", "一二", "万", ""])
def test_what_is_no_number_is_not_read_as_one(written: str) -> None:
    assert parse_number(written) is None


def test_chinese_and_full_width_figures_are_checked(form_2014: FormDef) -> None:
    assert check(form_2014, "全年共收到两份依申请公开申请。", {"received": 2}) == []
    assert check(form_2014, "自治区机关事务管理局配备两名工作人员。", {"staff": 2}) == []
    [problem] = check(form_2014, "全年共收到政府信息公开申请十二件。", {"received": 13})
    assert (problem.actual, problem.expected) == (12, 13)
    [problem] = check(form_2014, "全年共收到政府信息公开申请１２件。", {"received": 13})
    assert problem.actual == 12


def test_money_in_wan_yuan(form_2014: FormDef) -> None:
    assert check(form_2014, "依申请公开收取费用0.5万元。", {"fees": Decimal("0.5")}) == []
    [problem] = check(form_2014, "依申请公开收取费用0.5万元。", {"fees": Decimal("0.6")})
    assert problem.message.endswith("为0.6")


def test_a_number_with_thousands_separators_is_read_whole(form_2014: FormDef) -> None:
    values: dict[str, Value | None] = {"budget": Decimal("1234.5")}
    assert check(form_2014, "信息公开专项经费1,234.5万元。", values) == []
    assert check(form_2014, "信息公开专项经费约1,200万元。", values) == []
    [problem] = check(form_2014, "信息公开专项经费1,235.5万元。", values)
    assert problem.message == "正文写‘专项经费1,235.5万元’，统计表政府信息公开专项经费为1234.5"
    assert problem.actual == Decimal("1235.5")


def test_a_phrase_does_not_reach_over_another_figure_to_a_later_number(
    form_2014: FormDef, form_2021: FormDef
) -> None:
    # 行政复议[^，。；]{0,6}{n}件 would reach over “1件、诉讼” to 2: the number is the nearest
    assert check(form_2021, "全年发生行政复议1件、诉讼2件。", {"cases.review_total": 1}) == []
    assert check(form_2014, "全年发生行政复议1件、诉讼2件。", {"reviews": 1}) == []
    [problem] = check(form_2014, "全年发生行政复议3件、诉讼2件。", {"reviews": 1})
    assert problem.message == "正文写‘行政复议3件’，统计表行政复议数量为1"
    # a year in the gap is no figure passed over
    [problem] = check(form_2014, "收到2014年的信息公开申请5件。", {"received": 4})
    assert problem.actual == 5


# -- what a phrase does not name -----------------------------------------------------------------

NOT_FIGURES = [
    "所列数据统计期限从2018年1月1日至2018年12月31日。",
    "按照《通知》（国办发〔2018〕23号）要求，收到申请后及时答复。",
    "联系电话：0951—6038879，传真：0951—5041083。",
    "依申请公开答复率达到100%，收到申请均按时答复。",
    "全年共收到{{received}}份依申请公开申请。",
    "网站日均点击量280次左右。",
    "地址：宁夏银川市解放西街361号，邮编：750001。",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_numbers_that_are_no_table_figure_give_no_warning(
    form_2014: FormDef, example_values: dict[str, Value | None], text: str
) -> None:
    example_values.update({"received": 7, "website": 9, "staff": 5})
    assert check(form_2014, text, example_values) == []


def test_a_blank_cell_is_not_zero_and_gives_no_warning(form_2014: FormDef) -> None:
    # The table's blank cells are reported by the table's check; the text is not held to a 0.
    assert check(form_2014, "全年共收到3份依申请公开申请。", {"received": None}) == []
    assert check(form_2014, "全年共收到3份依申请公开申请。", {}) == []


def test_a_figure_inserted_from_the_table_is_never_a_contradiction(form_2014: FormDef) -> None:
    assert check(form_2014, "全年共收到{{received}}份申请。", {"received": 9}) == []


# -- one contradiction per form ------------------------------------------------------------------


def test_a_contradiction_in_a_2021_report(form_2021: FormDef) -> None:
    text = "一是……本年度共收到政府信息公开申请65件，上年结转申请2件。"
    [problem] = check(form_2021, text, {"new.total": 64, "carried_over.total": 2})
    assert problem.message == "正文写‘收到政府信息公开申请65件’，表三本年新收申请总计为64"
    assert problem.cells == ("new.total",)


def test_a_contradiction_in_a_2019_report(form_2019: FormDef) -> None:
    values: dict[str, Value | None] = {"cases.direct_suit_total": 1, "cases.review_suit_total": 1}
    assert check(form_2019, "发生政府信息公开行政诉讼2件。", values) == []
    [problem] = check(form_2019, "发生政府信息公开行政诉讼3件。", values)
    assert problem.rule_id == "text.figure.lawsuits"
    assert (problem.actual, problem.expected) == (3, 2)


# -- another period, another unit, a change: not the table's figure ------------------------------

_YEAR_2023: dict[str, Value | None] = {
    "new.total": 10,
    "carried_over.total": 2,
    "cases.review_total": 1,
}

OTHER_SCOPE = [
    # another period
    "2022年收到政府信息公开申请5件。",
    "与2022年收到申请5件相比，申请量增长一倍。",
    "上年度共收到政府信息公开申请5件。",
    "去年收到申请5件，今年有所增加。",
    "上一年度收到申请5件。",
    "上年同期收到申请5件。",
    "自2008年以来累计收到政府信息公开申请300件。",
    "历年累计收到申请300件。",
    "自2008年以来，累计收到政府信息公开申请300件。",
    "《条例》实施以来，累计受理政府信息公开申请300件。",
    "迄今累计收到申请300件。",
    "迄今为止，收到申请累计300件。",
    "到年底累计收到政府信息公开申请300件。",
    "至2023年末，累计受理政府信息公开申请300件。",
    "平均每月收到申请1件。",
    "上半年收到申请4件。",
    "1至6月收到政府信息公开申请4件。",
    # another unit
    "其中本级收到申请6件，所属单位收到申请4件。",
    "各乡镇共收到政府信息公开申请4件。",
    "局属各单位共收到申请4件。",
    # a part of the total just stated
    "收到政府信息公开申请10件，其中通过互联网收到申请8件。",
    # … or of a total in words no phrase reads (a county 市场监管局's 2023 report)
    "2023年我局共受理依申请政府信息公开事项29例，其中通过网络收到申请25件，占比86%。",
    # a change, not the figure
    "行政复议较上年减少2件。",
    "行政复议案件同比增加2件。",
    "比上年多收到申请3件。",
]


@pytest.mark.parametrize("text", OTHER_SCOPE)
def test_a_figure_of_another_period_or_unit_or_a_change_gives_no_warning(
    form_2021: FormDef, text: str
) -> None:
    assert check(form_2021, text, dict(_YEAR_2023), year=2023) == []


THIS_REPORTS = [
    "2023年共收到政府信息公开申请11件。",
    "2023年1月至12月，共收到申请11件。",
    "1-12月共收到政府信息公开申请11件。",
    "本年度新收申请11件，上年结转申请2件。",
    "全年累计收到政府信息公开申请11件。",
    "2023年，本机关累计收到政府信息公开申请11件。",
    "截至2023年12月31日，本年度累计收到申请11件。",
    "截至2023年12月31日，本机关累计收到政府信息公开申请11件。",
    "截至目前，2023年度累计收到申请11件。",
    "2023年以来，本机关累计收到申请11件。",
    "今年以来，累计收到申请11件。",
    "针对目前存在的问题加强培训，本机关累计收到申请11件。",
    "与上年相比，今年收到申请11件。",
    "本机关收到政府信息公开申请11件。",
    "全年办结申请12件，其中收到申请11件。",  # 其中 after another figure: still this one
    # 其中 after a total of another matter: the applications are the year's
    "全年共受理群众来信来访及各类申请256件，其中受理政府信息公开申请11件。",
    "本年度共受理政务服务事项5000件，其中收到政府信息公开申请11件。",
    "全年共受理信访事项30件，其中受理政府信息公开申请11件。",
    # a year in passing before the year's own figure
    "对比2022年，今年共收到政府信息公开申请11件。",
    "相较2022年，本年度收到政府信息公开申请11件，有所增加。",
    "《条例》修订于2019年，本机关收到政府信息公开申请11件。",
]


@pytest.mark.parametrize("text", THIS_REPORTS)
def test_this_years_figure_near_such_words_is_still_checked(form_2021: FormDef, text: str) -> None:
    [problem] = check(form_2021, text, dict(_YEAR_2023), year=2023)
    assert problem.message.endswith("表三本年新收申请总计为10"), problem.message
    assert problem.actual == 11


_NORMATIVE_2023: dict[str, Value | None] = {
    "normative_docs.issued": 4,
    "normative_docs.repealed": 1,
    "normative_docs.in_force": 32,
}


def test_a_sentence_opened_by_another_year_is_that_years(form_2021: FormDef) -> None:
    """A town's 2023 report kept last year's sentence, 2022年 said first and the figures after it
    (“2022年，…镇人民政府办公室共制定规范性文件0件，…”): they are 2022's, not the table's."""
    text = "2022年，西柳镇人民政府办公室共制定规范性文件0件，废止规范性文件0件，现行有效的规范性文件0件。"
    assert check(form_2021, text, dict(_NORMATIVE_2023), year=2023) == []
    # the report's own year said first is the report's; a year of the clause itself still governs
    this_year = text.replace("2022年", "2023年")
    assert len(check(form_2021, this_year, dict(_NORMATIVE_2023), year=2023)) == 3
    own_clause = "2022年，本机关废止规范性文件0件，2023年制定规范性文件0件。"
    [problem] = check(form_2021, own_clause, dict(_NORMATIVE_2023), year=2023)
    assert problem.actual == 0 and "制发" in problem.message, problem.message
    # the report's year unknown: left as before (“2023年，收到申请11件” is the common case)
    assert len(check(form_2021, text, dict(_NORMATIVE_2023))) == 3


def test_a_phrase_led_by_a_year_is_not_checked_when_the_reports_year_is_unknown(
    form_2021: FormDef,
) -> None:
    # Which year is the report's cannot be told: silence rather than a warning that may be wrong.
    assert check(form_2021, "2022年收到申请5件。", dict(_YEAR_2023)) == []
    [problem] = check(form_2021, "全年收到申请5件。", dict(_YEAR_2023))
    assert problem.actual == 5


SUB_ITEMS = [
    # a row of the table's results, not its total
    ("行政复议结果维持2件，结果纠正0件。", {"cases.review_total": 3}),
    ("行政复议被纠正1件。", {"cases.review_total": 3}),
    ("行政复议其他结果1件，尚未审结1件。", {"cases.review_total": 3}),
    ("行政诉讼结果维持1件。", {"cases.direct_suit_total": 2, "cases.review_suit_total": 1}),
    # one kind of applicant or channel, not every application
    ("收到自然人申请8件。", {"new.total": 10}),
    ("收到来自企业的申请2件。", {"new.total": 10}),
    ("新收网上申请8件。", {"new.total": 10}),
    ("收到信函申请1件、当面申请1件。", {"new.total": 10}),
    ("收到8件自然人提出的申请。", {"new.total": 10}),
]


@pytest.mark.parametrize(("text", "values"), SUB_ITEMS)
def test_a_sub_item_of_a_figure_is_not_taken_for_the_figure(
    form_2019: FormDef, form_2021: FormDef, text: str, values: dict[str, Value | None]
) -> None:
    for form in (form_2019, form_2021):
        assert check(form, text, values) == [], form.id


def test_a_sub_item_is_not_taken_for_the_figure_in_a_2014_report(form_2014: FormDef) -> None:
    assert check(form_2014, "收到自然人申请8件。", {"received": 10}) == []
    assert check(form_2014, "行政复议结果维持1件。", {"reviews": 3}) == []
    [problem] = check(form_2014, "收到公民、法人或其他组织申请8件。", {"received": 10})
    assert problem.actual == 8  # every applicant: the whole figure


_STAFF_AND_TRAINING: dict[str, Value | None] = {
    "staff": 2,
    "staff_full_time": 1,
    "staff_part_time": 1,
    "training_classes": 2,
    "trainees": 40,
}


@pytest.mark.parametrize(
    "text",
    [
        "全年举办培训班2期，培训工作人员40人次。",
        "全年培训政务公开工作人员40人次。",
        "组织参训工作人员40人次。",
        "全年培训工作人员40人。",  # 人 for 人次, as often written
    ],
)
def test_staff_trained_in_person_times_are_the_trainees_not_the_staff(
    form_2014: FormDef, text: str
) -> None:
    """人次 is the unit of 接受培训人员数: 工作人员40人次 states the trainees, not 40 staff."""
    assert check(form_2014, text, _STAFF_AND_TRAINING) == []
    [problem] = check(form_2014, text, {**_STAFF_AND_TRAINING, "trainees": 41})
    assert problem.cells == ("trainees",)
    said = text[text.index("工作人员") :].rstrip("。")  # …工作人员40人次 or …40人: as written
    assert problem.message.endswith(f"{said}’，统计表接受培训人员数为41")


@pytest.mark.parametrize(
    ("text", "cell", "name"),
    [
        ("主要负责同志参加新闻发布会1次。", "press_conferences_leader", "新闻发布会次数"),
        ("主要负责人参加政府网站在线访谈1次。", "interviews_leader", "政府网站在线访谈次数"),
    ],
)
def test_the_leaders_appearances_are_their_own_row_not_the_total(
    form_2014: FormDef, text: str, cell: str, name: str
) -> None:
    """其中：主要负责同志参加… is a row of its own: its phrase is not the 总次数's."""
    values: dict[str, Value | None] = {
        "press_conferences": 3,
        "press_conferences_leader": 1,
        "interviews": 2,
        "interviews_leader": 1,
    }
    assert check(form_2014, text, values) == []
    [problem] = check(form_2014, text, {**values, cell: 2})
    assert problem.cells == (cell,)
    assert problem.message.endswith(f"1次’，统计表主要负责同志参加{name}为2")


@pytest.mark.parametrize(
    ("form_id", "text", "cell", "amount"),
    [
        ("2021", "全年收取行政事业性收费24252.31万元。", "fees", "24252.311082"),
        ("2021", "全年收取行政事业性收费24252.3万元。", "fees", "24252.311082"),
        ("2021", "全年收取行政事业性收费24252万元。", "fees", "24252.311082"),
        ("2021", "全年收取行政事业性收费7730.29万元。", "fees", "7730.285"),
        ("2014", "政府信息公开专项经费9.6万元。", "budget", "9.58"),
        ("2014", "政府信息公开专项经费9.60万元。", "budget", "9.6"),
    ],
)
def test_an_amount_written_with_fewer_decimals_is_the_table_amount_rounded(
    form_2014: FormDef, form_2021: FormDef, form_id: str, text: str, cell: str, amount: str
) -> None:
    """万元 amounts are written rounded (24252.311082 as 24252.31万元, 四舍五入): no contradiction."""
    form = form_2021 if form_id == "2021" else form_2014
    assert check(form, text, {cell: Decimal(amount)}) == []


def test_an_amount_that_is_not_the_table_amount_rounded_is_still_a_warning(
    form_2014: FormDef, form_2021: FormDef
) -> None:
    fees: dict[str, Value | None] = {"fees": Decimal("24252.311082")}
    [problem] = check(form_2021, "全年收取行政事业性收费24252.32万元。", fees)
    assert problem.message == (
        "正文写‘行政事业性收费24252.32万元’，表二行政事业性收费金额为24252.311082"
    )
    [problem] = check(form_2021, "全年收取行政事业性收费24253万元。", fees)
    assert problem.actual == 24253
    # more decimals written than the table has: the exact amount
    [problem] = check(form_2014, "政府信息公开专项经费9.601万元。", {"budget": Decimal("9.6")})
    assert problem.actual == Decimal("9.601")
    # a crafted number with more decimals than any amount holds is compared, not rounded to
    crafted = "0." + "0" * 23 + "1"
    [problem] = check(
        form_2014, f"政府信息公开专项经费{crafted}万元。", {"budget": Decimal(10**12)}
    )
    assert problem.actual == Decimal(crafted)


def test_sections_keep_their_order_and_ids(form_2014: FormDef) -> None:
    sections = {"b": "全年共收到3份申请。", "a": "配备3名工作人员。"}
    problems = check_text(form_2014, sections, {"received": 4, "staff": 2})
    assert [p.section for p in problems] == ["b", "a"]


# -- never crashes -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list(
        "收到申请件份条余多近约左右以上不足配备名门户网站发布信息比上年增长减少持平%（）()一二三十百千万两零"
    )
    + list("0123456789０１.．、，。\n {}X□")
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(_ALPHABET, max_size=200), value=st.integers(0, 10**6))
def test_the_checker_never_crashes_on_any_text(form_2014: FormDef, text: str, value: int) -> None:
    values: dict[str, Any] = {c.id: value for c in form_2014.cells}
    previous: dict[str, Any] = {c.id: value // 2 for c in form_2014.cells}
    for problem in check_text(form_2014, {"s": text}, values, previous):
        assert problem.severity == "warning"
        json.dumps(problem.as_json(), ensure_ascii=False)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_the_checker_never_crashes_on_random_unicode(form_2021: FormDef, text: str) -> None:
    check_text(form_2021, {"s": text}, {}, {})


def test_a_2021_report_in_its_usual_words_gives_no_false_warning(form_2021: FormDef) -> None:
    text = "\n".join(
        [
            "（一）依申请公开情况。2021年，本机关共收到政府信息公开申请128件，上年结转申请2件，"
            "其中自然人申请120件、法人或其他组织申请8件。全年办结申请126件，其中予以公开68件，"
            "部分公开12件，不同意公开3件，不予公开5件；结转下年度继续办理4件。",
            "（二）行政复议、行政诉讼情况。全年发生政府信息公开行政复议3件，行政诉讼2件。",
            "（三）其他。依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
            "全年未收取信息处理费。联系电话：0951-5041083，2021年1月1日至12月31日。",
        ]
    )
    values: dict[str, int] = {
        "new.total": 128,
        "carried_over.total": 2,
        "total.total": 126,
        "granted.total": 68,
        "partly_granted.total": 12,
        "carry_forward.total": 4,
        "cases.review_total": 3,
        "cases.direct_suit_total": 2,
        "cases.review_suit_total": 0,
    }
    assert check(form_2021, text, dict(values)) == []
    # each figure is read from its own words: change one cell, one warning names it
    for cell, value in values.items():
        problems = check(form_2021, text, {**values, cell: value + 1})
        assert [p.cells for p in problems] in (
            [(cell,)],
            [("cases.direct_suit_total", "cases.review_suit_total")],
        ), cell


def test_a_stored_figure_naming_no_cell_is_a_warning() -> None:
    """Typed tokens are refused as they are set; one already stored (an import, an older draft, a
    changed form) is found by the check, since it would be printed as its braces."""
    from govreport_gui.core.forms.registry import get_form

    form = get_form("gov-disclosure-2021")
    problems = check_text(
        form, {"general": "共收到申请{{new.total}}件，网站{{website.count}}条。"}, {}
    )
    assert [(p.rule_id, p.actual, p.span) for p in problems] == [
        ("text.unknown_figure", "{{website.count}}", (22, 39))
    ]


# -- how Word and PDF write a figure: spaces around it, a line broken inside a sentence -----------

_SPACES = [" ", "\u3000", "\u00a0"]  # a space, a full-width space, a no-break space


@pytest.mark.parametrize("space", _SPACES)
def test_a_figure_with_spaces_around_it_is_read(form_2021: FormDef, space: str) -> None:
    text = f"本年度共收到政府信息公开申请{space}11{space}件。"
    [problem] = check(form_2021, text, {"new.total": 10})
    assert problem.message == (
        f"正文写‘收到政府信息公开申请{space}11{space}件’，表三本年新收申请总计为10"
    )
    assert (problem.actual, problem.expected) == (11, 10)
    assert text[problem.span[0] : problem.span[1]] == f"收到政府信息公开申请{space}11{space}件"
    assert check(form_2021, text, {"new.total": 11}) == []


def test_spaces_between_two_numbers_do_not_make_them_one(form_2021: FormDef) -> None:
    for table in (1, 11):
        assert check(form_2021, "收到政府信息公开申请1 1件。", {"new.total": table}) == []


def test_a_sentence_broken_over_lines_is_read_whole(form_2021: FormDef) -> None:
    # text pasted from a PDF: each line of its layout is a line of the text
    text = "本年度共收到政府信息公开申\n请11件，上年结转申请2件。"
    [problem] = check(form_2021, text, {"new.total": 10, "carried_over.total": 2})
    assert problem.message == "正文写‘收到政府信息公开申请11件’，表三本年新收申请总计为10"
    assert problem.paragraph == 1  # the line of its number, the words of that line highlighted
    assert text.split("\n")[1][problem.span[0] : problem.span[1]] == "请11件"
    assert check(form_2021, text, {"new.total": 11, "carried_over.total": 2}) == []


NOT_JOINED = [
    # the sentence ends: the next line's number is another sentence's
    "本年度共收到政府信息公开申请。\n11件为当面提交。",
    # a blank line: another paragraph
    "本年度共收到政府信息公开申请\n\n11件为当面提交。",
    # a sub-heading is a paragraph of its own, though it ends in no punctuation
    "（二）收到和处理政府信息公开申请\n10件申请均按期答复。",
    # a numbered item begins a paragraph
    "本年度共收到政府信息公开申请\n1、11件为当面提交。",
]


@pytest.mark.parametrize("text", NOT_JOINED)
def test_a_figure_of_another_sentence_or_paragraph_is_not_joined_to_a_phrase(
    form_2021: FormDef, text: str
) -> None:
    assert check(form_2021, text, {"new.total": 5}) == []


# Pieces of phrases, numbers, spaces of every kind and line breaks, put together at random.
_PIECES = [*"申请件、，。约余） \u3000\u00a0\n", "共收到", "新收", "政府信息", "11", "2", "（含"]
_PIECES += ["其中", "上年结转", "办结", "行政复议", "（一）"]
_LAID_OUT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_LAID_OUT)
def test_a_warning_marks_words_of_its_own_paragraph(form_2021: FormDef, text: str) -> None:
    paragraphs = [line for line in text.split("\n") if line.strip()]
    values: dict[str, Value | None] = {c.id: 10**6 for c in form_2021.cells if c.kind.is_numeric}
    for problem in check(form_2021, text, values):
        start, end = problem.span
        assert 0 <= start < end <= len(paragraphs[problem.paragraph]), problem


# -- a total that includes last year's carried-over applications ---------------------------------

WITH_CARRIED_OVER = [
    # (text, the total's words)
    (
        "本年度共收到政府信息公开申请12件（含上年结转2件）。",
        "收到政府信息公开申请12件（含上年结转2件）",
    ),
    (
        "本年度共收到政府信息公开申请12件(含上年结转申请2件)。",
        "收到政府信息公开申请12件(含上年结转申请2件)",
    ),
    (
        "共收到政府信息公开申请12件（其中上年结转2件），均已办结。",
        "收到政府信息公开申请12件（其中上年结转2件）",
    ),
    (
        "本年度共收到政府信息公开申请12件，包括上年结转2件。",
        "收到政府信息公开申请12件，包括上年结转2件",
    ),
    (
        "本年度共收到12件政府信息公开申请（含上年结转2件）。",
        "收到12件政府信息公开申请（含上年结转2件）",
    ),
    (
        "共收到政府信息公开申请12件，其中上年结转2件、当面申请3件。",
        "收到政府信息公开申请12件，其中上年结转2件",
    ),
]


@pytest.mark.parametrize(("text", "said"), WITH_CARRIED_OVER)
def test_a_total_with_carried_over_applications_is_compared_with_both(
    form_2019: FormDef, form_2021: FormDef, text: str, said: str
) -> None:
    for form in (form_2019, form_2021):
        values: dict[str, Value | None] = {"new.total": 10, "carried_over.total": 2}
        assert check(form, text, values) == [], form.id
        values["carried_over.total"] = 1  # 新收 10 and 结转 1: the text's 12 and 2 are both wrong
        messages = sorted(p.message for p in check(form, text, values))
        carried = text[text.index("上年结转") : text.rindex("2件") + 2]
        assert messages == [
            f"正文写‘{carried}’，表三上年结转申请总计为1",
            f"正文写‘{said}’，表三本年新收与上年结转申请之和为11",
        ], form.id


def test_a_total_with_carried_over_applications_is_left_alone_without_such_a_row(
    form_2014: FormDef,
) -> None:
    # the 2014 form has no 上年结转: its 收到申请数 is not the 12, and nothing else is
    for text, _said in WITH_CARRIED_OVER:
        assert check(form_2014, text, {"received": 10}) == [], text
    # carried forward to next year: still this year's applications
    [problem] = check(form_2014, "共收到申请12件（其中结转下年度2件）。", {"received": 10})
    assert problem.actual == 12


def test_the_new_applications_alone_are_still_the_new_figure(form_2021: FormDef) -> None:
    text = "本年度新收政府信息公开申请10件，上年结转2件。"
    assert check(form_2021, text, {"new.total": 10, "carried_over.total": 2}) == []
    [problem] = check(form_2021, text, {"new.total": 12, "carried_over.total": 2})
    assert problem.message == "正文写‘新收政府信息公开申请10件’，表三本年新收申请总计为12"


# -- approximate words and whole numbers ---------------------------------------------------------


def test_an_approximate_zero_is_read_as_zero_and_said_so(form_2021: FormDef) -> None:
    text = "本年度共收到政府信息公开申请约0件。"
    assert check(form_2021, text, {"new.total": 0}) == []
    [problem] = check(form_2021, text, {"new.total": 3})
    assert problem.message == "正文写‘收到政府信息公开申请约0件’（即0），表三本年新收申请总计为3"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("主动公开政府信息约15条", "（即14至16）"),
        ("主动公开政府信息约5条", "（即5）"),
        ("主动公开政府信息近5条", "（即5）"),
        ("主动公开政府信息近0条", "（即0）"),
        ("主动公开政府信息0余条", "（即0）"),
        ("主动公开政府信息不足10条", "（即少于10）"),
    ],
)
def test_an_approximate_count_is_described_in_whole_numbers(
    form_2014: FormDef, text: str, meant: str
) -> None:
    [problem] = check(form_2014, text, {"proactive_info": 300})
    assert problem.message == f"正文写‘{text}’{meant}，统计表主动公开政府信息数为300"


def test_an_approximate_sum_of_parts_is_at_least_whole_applications(form_2014: FormDef) -> None:
    text = "通过报纸发布信息约15条。通过其他方式发布信息约15条。"
    [problem] = check(form_2014, text, {"other_channel": 27})
    assert "合计至少28，" in problem.message, problem.message  # 14 + 14, not 13.5 + 13.5


# -- the results that the table sums from its rows: 不予公开, 无法提供, 不予处理, 其他处理 ----------------

_RESULTS_2021 = {
    "granted.total": 3,
    "partly_granted.total": 4,
    "withheld_state_secret.total": 5,
    "withheld_prohibited.total": 6,
    "withheld_security.total": 7,
    "withheld_third_party.total": 3,
    "withheld_internal.total": 4,
    "withheld_process.total": 5,
    "withheld_enforcement_file.total": 6,
    "withheld_inquiry.total": 7,
    "unable_not_held.total": 3,
    "unable_needs_creation.total": 4,
    "unable_unclear.total": 5,
    "not_handled_petition.total": 6,
    "not_handled_repeated.total": 7,
    "not_handled_publication.total": 5,
    "not_handled_excessive.total": 4,
    "not_handled_confirmation.total": 3,
    "other_overdue_correction.total": 6,
    "other_overdue_fee.total": 7,
    "other_misc.total": 3,
}
_RESULTS_TEXT = (
    "全年办结申请，其中予以公开3件，部分公开4件，不予公开43件，无法提供12件，不予处理25件，"
    "其他处理{other}件。"
)


def test_the_sums_of_the_results_rows_are_checked_in_a_2021_report(form_2021: FormDef) -> None:
    text = _RESULTS_TEXT.format(other=16)
    assert check(form_2021, text, dict(_RESULTS_2021)) == []
    # one row more under a heading: the sentence's figure for that heading is named, with the sum
    for cell, heading, said, total in [
        ("withheld_inquiry.total", "不予公开", 43, 44),
        ("unable_unclear.total", "无法提供", 12, 13),
        ("not_handled_confirmation.total", "不予处理", 25, 26),
        ("other_misc.total", "其他处理", 16, 17),
    ]:
        values = {**_RESULTS_2021, cell: _RESULTS_2021[cell] + 1}
        [problem] = check(form_2021, text, values)
        assert problem.message == f"正文写‘{heading}{said}件’，表三{heading}各项之和为{total}"
        assert cell in problem.cells


def test_the_results_of_a_2019_report_with_its_one_row_of_other_handling(
    form_2019: FormDef,
) -> None:
    values = {key: value for key, value in _RESULTS_2021.items() if not key.startswith("other_")}
    values["other_handling.total"] = 16
    assert check(form_2019, _RESULTS_TEXT.format(other=16), dict(values)) == []
    [problem] = check(form_2019, _RESULTS_TEXT.format(other=15), dict(values))
    assert problem.message == "正文写‘其他处理15件’，表三其他处理总计为16"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("不予公开中属于国家秘密1件。", None),  # 属于国家秘密: read by no phrase (a review's words)
        ("不予公开的申请中，属于国家秘密1件。", None),
        ("不予公开中保护第三方合法权益1件。", "withheld_third_party.total"),
        ("无法提供中本机关不掌握相关政府信息1件。", "unable_not_held.total"),
        ("不予处理的信访举报投诉类申请1件。", "not_handled_petition.total"),
        ("其他处理中申请人逾期未缴费1件。", None),  # no row's words: read by no phrase
        ("部分公开1件。", "partly_granted.total"),  # its own figure, not one of the sums
    ],
)
def test_one_row_under_a_result_is_not_taken_for_their_sum(
    form_2021: FormDef, text: str, cell: str | None
) -> None:
    """The row a phrase names is compared with that row (it says 1), never with the sum of the
    rows of its result (不予公开 …, which the table gives as more)."""
    values: dict[str, Value | None] = dict(_RESULTS_2021)
    if cell is not None:
        values[cell] = 1
    assert check(form_2021, text, values) == []
    if cell is not None:
        [problem] = check(form_2021, text, {**values, cell: 2})
        assert problem.message.endswith("为2"), problem.message


def test_a_table_amount_too_long_to_round_is_compared_as_it_is(form_2021: FormDef) -> None:
    # a crafted draft's amount of 41 digits: rounding it to 0.1 is beyond the decimal context
    fees: dict[str, Value | None] = {"fees": Decimal("1" + "0" * 40)}
    [problem] = check(form_2021, "全年收取行政事业性收费1.5万元。", fees)
    assert problem.actual == Decimal("1.5")


@pytest.mark.parametrize("table", [Decimal("25.1"), Decimal("251000")])
def test_a_2019_procurement_amount_is_not_compared_its_unit_being_unknown(
    form_2019: FormDef, table: Decimal
) -> None:
    # the 2019 table prints no unit for 采购总金额: published ones give 元 and 万元 alike
    text = "全年政府集中采购项目6个，采购总金额25.1万元。"
    assert check(form_2019, text, {"procurement.amount": table}) == []


# -- a number written in 万 or 亿: rounded as written ----------------------------------------------

ROUNDED_BIG = [
    # (text, table value, warning expected)
    ("主动公开政府信息1.2万条", 12000, False),
    ("主动公开政府信息1.2万条", 12345, False),
    ("主动公开政府信息1.2万条", 11500, False),
    ("主动公开政府信息1.2万条", 12499, False),
    ("主动公开政府信息1.2万条", 12500, True),
    ("主动公开政府信息1.2万条", 11499, True),
    ("主动公开政府信息10万条", 104999, False),
    ("主动公开政府信息10万条", 95000, False),
    ("主动公开政府信息10万条", 105000, True),
    ("主动公开政府信息10万条", 94999, True),
    ("主动公开政府信息１.２万条", 12345, False),
    ("主动公开政府信息1.2万余条", 12999, False),
    ("主动公开政府信息1.2万余条", 11999, True),
    ("主动公开政府信息1.2万条左右", 13000, False),  # 约: within a tenth
    ("主动公开政府信息一万两千条", 12345, True),  # in words: the number as it is
]


@pytest.mark.parametrize(("text", "table", "warned"), ROUNDED_BIG)
def test_a_number_in_wan_is_rounded_as_written(
    form_2014: FormDef, text: str, table: int, warned: bool
) -> None:
    problems = check(form_2014, text, {"proactive_info": table})
    assert bool(problems) is warned


def test_a_rounded_number_in_wan_says_its_range(form_2014: FormDef) -> None:
    [problem] = check(form_2014, "主动公开政府信息1.2万条。", {"proactive_info": 13000})
    assert problem.message == (
        "正文写‘主动公开政府信息1.2万条’（即11500至12499），统计表主动公开政府信息数为13000"
    )
