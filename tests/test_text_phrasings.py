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
    # a word of counting before the number (共, 数量, 合计 …): the same total
    ("2021", "全年收到政府信息公开申请共56件，上年结转3件。", "new.total=56 carried_over.total=3"),
    ("2021", "全年新收政府信息公开申请数量0件。", "new.total=0"),
    ("2019", "本年度收到政府信息公开申请合计56件。", "new.total=56"),
    ("2014", "全年共受理政府信息公开申请共计15件。", "received=15"),
    # 受理 is said for 收到, of the applications as of their kinds
    ("2021", "2022年，本机关共受理政府信息公开申请56件，上年结转3件。", "new.total=56 carried_over.total=3"),
    ("2019", "全年共受理政府信息公开申请56件，均在法定期限内答复。", "new.total=56"),
    ("2021", "全年共受理依申请公开56件，办结56件。", "new.total=56 total.total=56"),
    ("2014", "共受理政府信息公开申请15件，其中当面申请3件，网络申请10件，信函申请2件。",
     "received=15 received_in_person=3 received_online=10 received_letter=2"),
    # who applied, named between 收到 and 申请
    ("2014", "全年收到公民、法人和其他组织提出的政府信息公开申请128件，比上年增加15件。", "received=128"),
    ("2021", "本年度共受理公民、法人或者其他组织提出的政府信息公开申请56件。", "new.total=56"),
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
    # the rows under 不予公开, 无法提供, 不予处理 and 其他处理, by their labels (2019 and 2021)
    ("2021", "不予公开的申请中，保护第三方合法权益3件，属于三类内部事务信息2件。",
     "withheld_third_party.total=3 withheld_internal.total=2"),
    # 已答复 / 共答复 for the applications answered
    ("2021", "全年收到申请20件，均已答复20件。", "new.total=20 total.total=20"),
    ("2019", "另有属于四类过程性信息的2件、属于行政执法案卷1件、属于行政查询事项的4件未予公开。",
     "withheld_process.total=2 withheld_enforcement_file.total=1 withheld_inquiry.total=4"),
    ("2021", "其他法律行政法规禁止公开2件，危及“三安全一稳定”1件。",
     "withheld_prohibited.total=2 withheld_security.total=1"),
    ("2019", "无法提供的申请中，本机关不掌握相关政府信息7件，没有现成信息需要另行制作2件，补正后申请内容仍不明确1件。",
     "unable_not_held.total=7 unable_needs_creation.total=2 unable_unclear.total=1"),
    ("2021", "经核实，本局不掌握该项政府信息的3件，已告知申请人。", "unable_not_held.total=3"),
    ("2021", "不予处理的申请中，信访举报投诉类申请2件，重复申请1件，要求提供公开出版物1件，无正当理由大量反复申请3件，要求行政机关确认或重新出具已获取信息1件。",
     "not_handled_petition.total=2 not_handled_repeated.total=1 not_handled_publication.total=1 "
     "not_handled_excessive.total=3 not_handled_confirmation.total=1"),
    ("2021", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请2件，申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请1件。",
     "other_overdue_correction.total=2 other_overdue_fee.total=1"),
    # the 2014 table's other answers, by their labels
    ("2014", "收到申请15件，其中网络申请9件。已答复15件，其中属于已主动公开范围的2件，同意公开8件，信息不存在1件，不属于本机关公开范围的1件，告知作出更改补充1件，告知通过其他途径办理1件。",
     "received=15 received_online=9 answered=15 answered_already_public=2 answered_granted=8 "
     "answered_not_exist=1 answered_not_this_agency=1 answered_asked_to_amend=1 answered_other_channel=1"),
    # the applications named by 依申请, 公开 or 信息 between 收到 and 申请, or after the number
    ("2021", "全年共收到和办理依申请公开12件。", "new.total=12"),
    ("2019", "共收到10件依申请公开请求。", "new.total=10"),
    ("2021", "本年度收到要求公开政府信息的申请7件。", "new.total=7"),
    ("2021", "共收到26份政府信息依申请公开件。", "new.total=26"),
    ("2014", "共受理36件政府信息公开申请。", "received=36"),
    ("2021", "全年办结政府信息公开申请56件。", "total.total=56"),
    # a row under 无法提供 said with it, and 无法提供 alone
    ("2021", "因本机关不掌握相关政府信息无法提供1件。", "unable_not_held.total=1"),
    ("2019", "不予公开4件，信息无法提供30件。",
     "withheld_state_secret.total=4 ~withheld_prohibited.total=0 ~withheld_security.total=0 "
     "~withheld_third_party.total=0 ~withheld_internal.total=0 ~withheld_process.total=0 "
     "~withheld_enforcement_file.total=0 ~withheld_inquiry.total=0 "
     "unable_not_held.total=30 ~unable_needs_creation.total=0 ~unable_unclear.total=0"),
    ("2021", "对于本机关不掌握相关政府信息无法提供的3件，已告知申请人。", "unable_not_held.total=3"),
    ("2019", "没有现成信息需要另行制作无法提供2件。", "unable_needs_creation.total=2"),
    ("2021", "因需另行制作无法提供2件。", "unable_needs_creation.total=2"),
    ("2021", "补正后申请内容仍不明确无法提供的1件。", "unable_unclear.total=1"),
    # a website's figure without 信息
    ("2014", "全局共主动公开政府信息1256条，其中通过门户网站公开1100条，通过政务微博发布信息80条。",
     "proactive_info=1256 website=1100 weibo=80"),
    # each channel's own figure, though channels are named together elsewhere in the paragraph
    ("2014", "门户网站发布信息2000条，官方微博发布信息300条，微信公众号推送信息800条。",
     "website=2000 weibo=300 wechat=800"),
    ("2014", "网站、微博和微信是主要渠道，其中政务微博共发布信息300条。", "weibo=300"),
    # a running total to the year's end, then the year's own (a district's report, as the Shanghai
    # template writes it): the year's is checked, the total is not
    ("2014", "本区到年底累计主动公开政府信息5928条，全文电子化率达90.3%，其中，本年度新增主动公开"
     "政府信息2110条。", "proactive_info=2110"),
    # the channels' heading （二） in words is every channel's count, not 主动公开 (a town's report,
    # www.jimo.gov.cn …/t20220210_4340595.shtml); 共 before the number (esmarten.com, 五河镇)
    ("2014", "我镇主动公开信息52条。通过不同渠道和方式公开政府信息483条，其他方式公开政府信息条数共计6条。",
     "proactive_info=52"),
    ("2014", "我镇主动公开政府信息共278条。", "proactive_info=278"),
    ("2014", "我镇主动公开信息52条，通过不同渠道和方式共公开政府信息483条。", "proactive_info=52"),
    # the later items of a list 其中 opens are parts, each without its own 其中 (www.cyx.gov.cn)
    ("2014", "本年度共发布政策解读50条，其中文字解读12条，图片解读34条，“H5”解读2条以及动漫解读2条。",
     "interpretations=50"),
    # a 街道's report says 我街道 of itself: its own figure (www.lucheng.gov.cn, 丰门街道 2016)
    ("2014", "一年来，我街道共主动公开信息55条，其中：应急管理5条，通知公告25条，人事任免6条。",
     "proactive_info=55"),
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
    # a change of the count, not the count
    ("2021", "收到政府信息公开申请数量较上年增加3件。", {"new.total": 56}),
    # the 街道 of a district's report are other units
    ("2014", "全区各街道共主动公开信息550条。", {"proactive_info": 55}),
    # a 街道's communities, under its own name
    ("2014", "本街道各社区共主动公开信息371条。", {"proactive_info": 55}),
    ("2014", "我街道下辖各社区共主动公开信息371条。", {"proactive_info": 55}),
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
    # other matters in the words of the 2014 table's answers
    ("2014", "通过报刊、广播等其他途径发布信息30件。", {"answered_other_channel": 1}),
    ("2014", "不属于本机关职责范围的投诉举报3件已转有关部门。", {"answered_not_this_agency": 1}),
    # correct sentences about other matters in the words of table 三's rows and answers (from a
    # review of the phrases added for real reports' sake)
    (
        "2021",
        "编印《政府公报》12期，免费发放公开出版物3000份。",
        {"not_handled_publication.total": 1},
    ),
    (
        "2021",
        "开展行政执法案卷评查，共评查行政执法案卷120件。",
        {"withheld_enforcement_file.total": 0},
    ),
    (
        "2021",
        "全年审查拟公开信息326条，其中属于国家秘密的0件。",
        {"withheld_state_secret.total": 1},
    ),
    ("2014", "全年审查拟公开信息326条，涉及国家秘密的2件未予公开。", {"refused_state_secret": 0}),
    ("2014", "政府网站共收到网民留言320件，已答复320件。", {"answered": 15}),
    ("2021", "收到网民留言320件，已答复320件，答复率100%。", {"total.total": 57}),
    ("2014", "全年受理群众来信来访86件，已答复86件。", {"answered": 15}),
    ("2021", "为群众重新出具证明材料15份。", {"not_handled_confirmation.total": 0}),
    ("2021", "主动公开和部分公开解读材料12件。", {"granted.total": 20, "partly_granted.total": 5}),
    ("2014", "不属于本机关公开职责的咨询3件已转办。", {"answered_not_this_agency": 1}),
    # 另行制作 and 重复申请 said of other things than an application's result
    ("2021", "另行制作宣传册500份，发放至各社区。", {"unable_needs_creation.total": 1}),
    ("2021", "推行告知承诺制，减少群众重复申请材料3000份。", {"not_handled_repeated.total": 1}),
    # 网上申请 is said of 政务服务's applications as often: not read as the table's 网络申请
    ("2014", "办理各类行政许可事项5000件，其中网上申请3000件。", {"received_online": 10}),
    # 部分公开 said with 不予公开 or 不同意公开 before it: those two together, neither alone
    (
        "2021",
        "不予公开和部分公开的申请共5件。",
        {"partly_granted.total": 2, "withheld_state_secret.total": 3},
    ),
    (
        "2014",
        "不同意公开或部分公开的共5件。",
        {"answered_partly_granted": 2, "answered_refused": 3},
    ),
    # dates, document numbers, phone numbers, percentages
    (
        "2021",
        "依据《通知》（国办函〔2020〕109号），2022年1月1日至12月31日收到申请56件。",
        {"new.total": 56},
    ),
    ("2021", "联系电话：0371-12345678，按时答复率100%，同比增长27.3%。", {"total.total": 57}),
    # applications of other kinds, named between 受理 / 收到 and 申请 (or after the number):
    # no application for information (probed on real reports' general part)
    ("2021", "全年受理各类政务服务事项申请8600件。", {"new.total": 56}),
    ("2019", "全年共受理行政审批申请356件，按时办结率100%。", {"new.total": 56}),
    ("2021", "受理城乡低保申请210件，审批通过190件。", {"new.total": 56}),
    ("2014", "全年受理劳动人事争议仲裁申请86件。", {"received": 15}),
    ("2014", "共受理356件行政审批申请。", {"received": 15}),
    ("2021", "全年办结公租房申请118件。", {"total.total": 57}),
    # a row under 无法提供, said with it: that row, not the sum of the three
    (
        "2021",
        "因本机关不掌握相关政府信息无法提供3件。",
        {
            "unable_not_held.total": 3,
            "unable_needs_creation.total": 2,
            "unable_unclear.total": 0,
        },
    ),
    # 等 (and the others) after a row's words: what follows is the sum of the three
    (
        "2021",
        "因本机关不掌握相关政府信息等无法提供5件。",
        {
            "unable_not_held.total": 3,
            "unable_needs_creation.total": 2,
            "unable_unclear.total": 0,
        },
    ),
    (
        "2019",
        "补正后申请内容仍不明确等无法提供6件。",
        {
            "unable_not_held.total": 3,
            "unable_needs_creation.total": 2,
            "unable_unclear.total": 1,
        },
    ),
    # 2014: documents and their interpretations counted together are no count of interpretations
    ("2014", "通过门户网站发布政策文件及解读12件。", {"interpretations": 4}),
    # 2014: a list of channels and what they published together is no one channel's figure (a
    # town's 2016 report; the total is 主动公开's, per the form's 共发布…信息N条)
    (
        "2014",
        "2016年政务网站、微信、微博共发布各类信息2483条，其中网站（含转发）319条，"
        "微信（含转发）851条、微博（含转发）2348条。",
        {"weibo": 2348, "wechat": 851, "website": 319},
    ),
    (
        "2014",
        "通过门户网站、政务微博、微信公众号等平台共发布信息5000条。",
        {"weibo": 300, "wechat": 800, "website": 2000},
    ),
    ("2014", "门户网站和微博共发布信息2300条。", {"weibo": 300, "website": 2000}),
    ("2014", "网站、微博共发布信息2300条。", {"weibo": 300, "website": 2000}),
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
    # another kind of application named in the sentence, or a mailbox's letters
    ("2021", "全年共受理公租房申请120件，办结118件。", {"total.total": 57}),
    ("2014", "受理不动产登记申请2.3万件，办结2.3万件。", {"closed": 15}),
    ("2021", "本月受理“市长信箱”来件33件，办结33件。", {"total.total": 57}),
]


# 办结 alone after a figure of another period or unit in its sentence: that period's or unit's
ANOTHER_SCOPE = [
    ("2021", "上年度收到政府信息公开申请5件，办结5件。", {"total.total": 57}),
    ("2021", "其中，市政府本级收到政府信息公开申请60件，办结58件。", {"total.total": 57}),
    ("2014", "去年收到申请10件，已全部办结10件。", {"closed": 15}),
]


@pytest.mark.parametrize(("form_id", "text", "values"), ANOTHER_MATTER + ANOTHER_SCOPE)
def test_a_bare_figure_about_another_matter_period_or_unit_is_not_the_tables(
    form_id: str, text: str, values: dict[str, Value | None]
) -> None:
    assert check(form_id, text, dict(values)) == []


@pytest.mark.parametrize(
    ("form_id", "text", "cell"),
    [
        ("2021", "共收到政府信息公开申请56件，办结56件。", "total.total"),
        # the period said before the year's own figure: 办结 follows the year's
        ("2021", "与上年相比，今年收到政府信息公开申请56件，办结56件。", "total.total"),
        # another period in an earlier sentence
        ("2021", "上年度收到申请5件。本年度收到政府信息公开申请56件，办结56件。", "total.total"),
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


@pytest.mark.parametrize(
    ("form_id", "text", "granted", "partly"),
    [
        ("2021", "全年办理依申请公开38件，予以公开和部分公开共计25件，占65.8%。", "granted.total", "partly_granted.total"),
        ("2019", "其中同意公开或部分公开25件。", "granted.total", "partly_granted.total"),
        ("2021", "予以公开、部分公开共25件。", "granted.total", "partly_granted.total"),
        ("2014", "同意公开和同意部分公开的25件。", "answered_granted", "answered_partly_granted"),
    ],
)  # fmt: skip
def test_granted_and_partly_granted_said_together_are_their_sum(
    form_id: str, text: str, granted: str, partly: str
) -> None:
    """“予以公开和部分公开共计25件” is the two results together: not 部分公开 alone (a false
    warning that 部分公开 is 5), but their sum, checked as such."""
    assert check(form_id, text, {granted: 20, partly: 5}) == []
    [message] = check(form_id, text, {granted: 20, partly: 6})
    assert message.endswith("之和为26"), message
    assert "25" in message
