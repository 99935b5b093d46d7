"""The national formats of 国办公开办函〔2019〕60号 and 〔2021〕30号 (forms/gov-disclosure-2019.toml and
forms/gov-disclosure-2021.toml): labels as printed, shared ids, and every family of checks.

The expected labels are copied from sections 2 and 3 of official-formats.md (the shared reference of
the official formats), character for character.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govreport_gui.core.forms.engine import Checker, RuleResult, Status
from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDef, Table
from govreport_gui.core.forms.values import Kind, Value, parse_value

FORMS = Path(__file__).resolve().parents[1] / "forms"


@pytest.fixture(scope="module")
def form2019() -> FormDef:
    return load_form(FORMS / "gov-disclosure-2019.toml")


@pytest.fixture(scope="module")
def form2021() -> FormDef:
    return load_form(FORMS / "gov-disclosure-2021.toml")


@pytest.fixture(scope="module", params=["2019", "2021"])
def form(request: pytest.FixtureRequest, form2019: FormDef, form2021: FormDef) -> FormDef:
    return form2019 if request.param == "2019" else form2021


def table(form: FormDef, table_id: str) -> Table:
    return next(t for t in form.tables if t.id == table_id)


# ---------------------------------------------------------------------------------------------
# Expected labels (official-formats.md §2 and §3)

SECTION_2 = "二、主动公开政府信息情况"
SECTION_3 = "三、收到和处理政府信息公开申请情况"
SECTION_4 = "四、政府信息公开行政复议、行政诉讼情况"

# table id: (title, column labels, row labels)
TABLE_2_2019 = {
    "proactive_1": (
        "第二十条第（一）项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "规范性文件"],
    ),
    "proactive_5": (
        "第二十条第（五）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "其他对外管理服务事项"],
    ),
    "proactive_6": (
        "第二十条第（六）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "行政强制"],
    ),
    "proactive_8": ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
    "proactive_9": ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
}
TABLE_2_2021 = {
    "proactive_1": (
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "行政规范性文件"],
    ),
    "proactive_5": ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
    "proactive_6": ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
    "proactive_8": ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
}

STUB_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORG = ("申请人情况", "法人或其他组织")
# column id, label, header groups
TABLE_3_COLUMNS = [
    ("natural", "自然人", ("申请人情况",)),
    ("commercial", "商业企业", ORG),
    ("research", "科研机构", ORG),
    ("public_interest", "社会公益组织", ORG),
    ("legal_services", "法律服务机构", ORG),
    ("other_org", "其他", ORG),
    ("total", "总计", ("申请人情况",)),
]
APPLICANTS = [c[0] for c in TABLE_3_COLUMNS[:-1]]

# row id, label, heading
_TABLE_3_HEAD = [
    ("new", "一、本年新收政府信息公开申请数量", False),
    ("carried_over", "二、上年结转政府信息公开申请数量", False),
    ("results", "三、本年度办理结果", True),
    ("granted", "（一）予以公开", False),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", False),
    ("withheld", "（三）不予公开", True),
    ("withheld_state_secret", "1.属于国家秘密", False),
    ("withheld_prohibited", "2.其他法律行政法规禁止公开", False),
    ("withheld_security", "3.危及“三安全一稳定”", False),
    ("withheld_third_party", "4.保护第三方合法权益", False),
    ("withheld_internal", "5.属于三类内部事务信息", False),
    ("withheld_process", "6.属于四类过程性信息", False),
    ("withheld_enforcement_file", "7.属于行政执法案卷", False),
    ("withheld_inquiry", "8.属于行政查询事项", False),
    ("unable", "（四）无法提供", True),
    ("unable_not_held", "1.本机关不掌握相关政府信息", False),
    ("unable_needs_creation", "2.没有现成信息需要另行制作", False),
    ("unable_unclear", "3.补正后申请内容仍不明确", False),
    ("not_handled", "（五）不予处理", True),
    ("not_handled_petition", "1.信访举报投诉类申请", False),
    ("not_handled_repeated", "2.重复申请", False),
    ("not_handled_publication", "3.要求提供公开出版物", False),
    ("not_handled_excessive", "4.无正当理由大量反复申请", False),
    ("not_handled_confirmation", "5.要求行政机关确认或重新出具已获取信息", False),
]
_TABLE_3_TAIL = [
    ("total", "（七）总计", False),
    ("carry_forward", "四、结转下年度继续办理", False),
]
OTHER_2019 = [("other_handling", "（六）其他处理", False)]
OTHER_2021 = [
    ("other_handling_kinds", "（六）其他处理", True),
    (
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        False,
    ),
    (
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        False,
    ),
    ("other_misc", "3.其他", False),
]
TABLE_3_2019 = _TABLE_3_HEAD + OTHER_2019 + _TABLE_3_TAIL
TABLE_3_2021 = _TABLE_3_HEAD + OTHER_2021 + _TABLE_3_TAIL

OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
# column id prefix, header groups, short prefix used in messages
APPEAL_BLOCKS = [
    ("review", ("行政复议",), "行政复议"),
    ("direct_suit", ("行政诉讼", "未经复议直接起诉"), "直接起诉"),
    ("review_suit", ("行政诉讼", "复议后起诉"), "复议后起诉"),
]
OUTCOME_IDS = ["upheld", "corrected", "other", "pending", "total"]

RULES_2019 = {
    "public_total_ge_published": "warning",
    "proactive_5_items_not_negative": "warning",
    "proactive_6_items_not_negative": "warning",
    "proactive_8_items_not_negative": "warning",
    "carried_over_matches_last_year": "warning",
    "results_total_sum": "error",
    "applications_balance": "error",
    "applicants_total_sum": "error",
    "review_total_sum": "error",
    "direct_suit_total_sum": "error",
    "review_suit_total_sum": "error",
}
RULES_2021 = {
    "in_force_carried": "warning",
    "carried_over_matches_last_year": "warning",
    "results_total_sum": "error",
    "applications_balance": "error",
    "applicants_total_sum": "error",
    "review_total_sum": "error",
    "direct_suit_total_sum": "error",
    "review_suit_total_sum": "error",
}


# ---------------------------------------------------------------------------------------------
# Examples


def _grid(rows: dict[str, tuple[int, ...]]) -> dict[str, Value]:
    """Table 三 values from rows of (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)."""
    columns = [c[0] for c in TABLE_3_COLUMNS]
    values: dict[str, Value] = {}
    for row, numbers in rows.items():
        assert len(numbers) == len(columns), row
        values.update({f"{row}.{col}": n for col, n in zip(columns, numbers, strict=True)})
    return values


def _appeals(*numbers: int) -> dict[str, Value]:
    ids = [f"cases.{block}_{o}" for block, _, _ in APPEAL_BLOCKS for o in OUTCOME_IDS]
    assert len(numbers) == len(ids)
    return dict(zip(ids, numbers, strict=True))


def example_2019() -> dict[str, Value]:
    """A plausible, fully filled and consistent 2019 report (自然人 column: 821 + 18 = 767 + 72)."""
    values: dict[str, Value] = {
        "regulations.made": 13,
        "regulations.published": 13,
        "regulations.public_total": 524,
        "normative_docs.made": 60,
        "normative_docs.published": 60,
        "normative_docs.public_total": 368,
        "licensing.last_year_items": 120,
        "licensing.change": -18,
        "licensing.decisions": 3520,
        "other_services.last_year_items": 45,
        "other_services.change": 3,
        "other_services.decisions": 210,
        "penalty.last_year_items": 30,
        "penalty.change": 0,
        "penalty.decisions": 812,
        "enforcement.last_year_items": 8,
        "enforcement.change": -1,
        "enforcement.decisions": 35,
        "fees.last_year_items": 12,
        "fees.change": -2,
        "procurement.items": 6,
        "procurement.amount": Decimal("25.1"),
    }
    values |= _grid(
        {
            "new": (821, 35, 0, 3, 2, 1, 862),
            "carried_over": (18, 2, 0, 0, 1, 0, 21),
            "granted": (258, 12, 0, 1, 1, 1, 273),
            "partly_granted": (3, 0, 0, 0, 0, 0, 3),
            "withheld_state_secret": (14, 0, 0, 0, 0, 0, 14),
            "withheld_prohibited": (0, 0, 0, 0, 0, 0, 0),
            "withheld_security": (0, 0, 0, 0, 0, 0, 0),
            "withheld_third_party": (0, 1, 0, 0, 0, 0, 1),
            "withheld_internal": (5, 0, 0, 0, 0, 0, 5),
            "withheld_process": (3, 1, 0, 0, 0, 0, 4),
            "withheld_enforcement_file": (0, 0, 0, 0, 0, 0, 0),
            "withheld_inquiry": (10, 2, 0, 0, 0, 0, 12),
            "unable_not_held": (252, 12, 0, 1, 1, 0, 266),
            "unable_needs_creation": (44, 3, 0, 0, 0, 0, 47),
            "unable_unclear": (25, 0, 0, 0, 0, 0, 25),
            "not_handled_petition": (148, 1, 0, 0, 0, 0, 149),
            "not_handled_repeated": (5, 4, 0, 0, 0, 0, 9),
            "not_handled_publication": (0, 0, 0, 0, 0, 0, 0),
            "not_handled_excessive": (0, 0, 0, 0, 0, 0, 0),
            "not_handled_confirmation": (0, 0, 0, 0, 0, 0, 0),
            "other_handling": (0, 0, 0, 1, 0, 0, 1),
            "total": (767, 36, 0, 3, 2, 1, 809),
            "carry_forward": (72, 1, 0, 0, 1, 0, 74),
        }
    )
    values |= _appeals(5, 0, 0, 2, 7, 8, 0, 0, 1, 9, 0, 0, 0, 0, 0)
    return values


def example_2021() -> dict[str, Value]:
    """A plausible, fully filled and consistent 2021 report; its 上年结转 is example_2019's 结转."""
    values: dict[str, Value] = {
        "regulations.issued": 5,
        "regulations.repealed": 4,
        "regulations.in_force": 178,
        "normative_docs.issued": 60,
        "normative_docs.repealed": 31,
        "normative_docs.in_force": 456,
        "licensing": 3520,
        "penalty": 812,
        "enforcement": 35,
        "fees": Decimal("7730.28"),
    }
    values |= _grid(
        {
            "new": (903, 41, 2, 0, 6, 3, 955),
            "carried_over": (72, 1, 0, 0, 1, 0, 74),
            "granted": (280, 15, 1, 0, 2, 1, 299),
            "partly_granted": (12, 2, 0, 0, 1, 0, 15),
            "withheld_state_secret": (2, 0, 0, 0, 0, 0, 2),
            "withheld_prohibited": (1, 0, 0, 0, 0, 0, 1),
            "withheld_security": (0, 0, 0, 0, 0, 0, 0),
            "withheld_third_party": (4, 2, 0, 0, 0, 0, 6),
            "withheld_internal": (6, 0, 0, 0, 0, 0, 6),
            "withheld_process": (9, 0, 0, 0, 0, 0, 9),
            "withheld_enforcement_file": (3, 0, 0, 0, 0, 0, 3),
            "withheld_inquiry": (15, 0, 0, 0, 0, 0, 15),
            "unable_not_held": (301, 14, 1, 0, 2, 1, 319),
            "unable_needs_creation": (38, 3, 0, 0, 0, 0, 41),
            "unable_unclear": (11, 0, 0, 0, 0, 0, 11),
            "not_handled_petition": (120, 0, 0, 0, 0, 0, 120),
            "not_handled_repeated": (22, 1, 0, 0, 0, 0, 23),
            "not_handled_publication": (1, 0, 0, 0, 0, 0, 1),
            "not_handled_excessive": (3, 0, 0, 0, 0, 0, 3),
            "not_handled_confirmation": (2, 0, 0, 0, 0, 0, 2),
            "other_overdue_correction": (25, 1, 0, 0, 0, 0, 26),
            "other_overdue_fee": (0, 0, 0, 0, 0, 0, 0),
            "other_misc": (7, 0, 0, 0, 1, 0, 8),
            "total": (862, 38, 2, 0, 6, 2, 910),
            "carry_forward": (113, 4, 0, 0, 1, 1, 119),
        }
    )
    values |= _appeals(4, 1, 0, 2, 7, 6, 0, 1, 2, 9, 1, 0, 0, 1, 2)
    return values


# The 2019 report of 上海市人民政府办公厅 (“2019年上海市人民政府办公厅政府信息公开工作年度报告”,
# 发布日期 2020-01-31, published on “中国上海” www.shanghai.gov.cn; the full text with its three
# tables was read from a public copy, as the search tool could not return the tables of the page
# itself), as printed: "" is a cell the report left blank. 采购总金额 is printed as “251000元”
# (the 2019 form prints no unit). No 2021 report with all its numbers could be retrieved.
SHANGHAI_2019_TABLE_2 = {
    "regulations.made": "13",
    "regulations.published": "13",
    "regulations.public_total": "524",
    "normative_docs.made": "60",
    "normative_docs.published": "60",
    "normative_docs.public_total": "368",
    "licensing.last_year_items": "0",
    "licensing.change": "0",
    "licensing.decisions": "0",
    "other_services.last_year_items": "0",
    "other_services.change": "0",
    "other_services.decisions": "0",
    "penalty.last_year_items": "0",
    "penalty.change": "0",
    "penalty.decisions": "0",
    "enforcement.last_year_items": "0",
    "enforcement.change": "0",
    "enforcement.decisions": "0",
    "fees.last_year_items": "0",
    "fees.change": "0",
    "procurement.items": "6",
    "procurement.amount": "251000",
}
SHANGHAI_2019_TABLE_3 = {
    "new": ("821", "35", "", "", "2", "1", "859"),
    "carried_over": ("18", "", "", "", "", "", "18"),
    "granted": ("258", "12", "", "", "1", "1", ""),
    "partly_granted": ("3", "", "", "", "", "", ""),
    "withheld_state_secret": ("14", "", "", "", "", "", ""),
    "withheld_prohibited": ("", "", "", "", "", "", ""),
    "withheld_security": ("", "", "", "", "", "", ""),
    "withheld_third_party": ("", "", "", "", "", "", ""),
    "withheld_internal": ("5", "", "", "", "", "", ""),
    "withheld_process": ("3", "1", "", "", "", "", ""),
    "withheld_enforcement_file": ("", "", "", "", "", "", ""),
    "withheld_inquiry": ("10", "2", "", "", "", "", ""),
    "unable_not_held": ("252", "12", "", "", "1", "", ""),
    "unable_needs_creation": ("44", "3", "", "", "", "", ""),
    "unable_unclear": ("25", "", "", "", "", "", ""),
    "not_handled_petition": ("148", "1", "", "", "", "", ""),
    "not_handled_repeated": ("5", "4", "", "", "", "", ""),
    "not_handled_publication": ("", "", "", "", "", "", ""),
    "not_handled_excessive": ("", "", "", "", "", "", ""),
    "not_handled_confirmation": ("", "", "", "", "", "", ""),
    "other_handling": ("", "", "", "", "", "", ""),
    "total": ("767", "35", "", "", "2", "1", "805"),
    "carry_forward": ("72", "", "", "", "", "", "72"),
}
SHANGHAI_2019_TABLE_4 = ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


def shanghai_2019(form: FormDef, blank_as_zero: bool = False) -> dict[str, Value | None]:
    """The printed values, parsed as typed; optionally with blanks (not totals) read as 0."""
    texts: dict[str, str] = dict(SHANGHAI_2019_TABLE_2)
    columns = [c[0] for c in TABLE_3_COLUMNS]
    for row, cells in SHANGHAI_2019_TABLE_3.items():
        texts.update({f"{row}.{col}": text for col, text in zip(columns, cells, strict=True)})
    appeal_ids = [f"cases.{b}_{o}" for b, _, _ in APPEAL_BLOCKS for o in OUTCOME_IDS]
    texts.update(zip(appeal_ids, SHANGHAI_2019_TABLE_4, strict=True))
    assert set(texts) == {c.id for c in form.cells}
    values: dict[str, Value | None] = {}
    for cell_id, text in texts.items():
        if blank_as_zero and text == "" and not is_total(cell_id):
            text = "0"
        values[cell_id] = parse_value(form.cell(cell_id).kind, text)
    return values


def is_total(cell_id: str) -> bool:
    """A 总计 cell of table 三 (its 总计 column or （七）总计 row) or of table 四."""
    return (
        cell_id.startswith("total.")
        or cell_id.endswith(".total")
        or (cell_id.startswith("cases.") and cell_id.endswith("_total"))
    )


def failed(checker: Checker) -> dict[str, RuleResult]:
    return {r.id: r for r in checker.problems()}


# ---------------------------------------------------------------------------------------------
# Loading, labels, ids


def test_both_forms_load(form2019: FormDef, form2021: FormDef) -> None:
    assert (form2019.id, form2019.basis) == ("gov-disclosure-2019", "国办公开办函〔2019〕60号")
    assert (form2019.first_year, form2019.last_year) == (2019, 2020)
    assert (form2021.id, form2021.basis) == ("gov-disclosure-2021", "国办公开办函〔2021〕30号")
    assert (form2021.first_year, form2021.last_year) == (2021, None)
    assert [form2019.in_force(y) for y in (2018, 2019, 2020, 2021)] == [False, True, True, False]
    assert form2021.in_force(2021) and form2021.in_force(2030) and not form2021.in_force(2020)
    for form in (form2019, form2021):
        assert [f.key for f in form.fields] == [
            "unit",
            "year",
            "head",
            "reviewer",
            "preparer",
            "phone",
            "date",
        ]
        assert form.field("unit").print_label == "填报单位（盖章）"


def test_rule_ids_and_severities(form2019: FormDef, form2021: FormDef) -> None:
    for form, expected in ((form2019, RULES_2019), (form2021, RULES_2021)):
        assert {r.base_id: r.severity for r in form.rules} == expected
        assert all(r.description and not r.description.isascii() for r in form.rules)
    assert (len(form2019.cells), len(form2019.rules)) == (198, 54)
    assert (len(form2021.cells), len(form2021.rules)) == (200, 51)


@pytest.mark.parametrize(("year", "expected"), [("2019", TABLE_2_2019), ("2021", TABLE_2_2021)])
def test_table_2_labels(
    year: str,
    expected: dict[str, tuple[str, list[str], list[str]]],
    form2019: FormDef,
    form2021: FormDef,
) -> None:
    form = form2019 if year == "2019" else form2021
    blocks = [t for t in form.tables if t.section == SECTION_2]
    assert [t.id for t in blocks] == list(expected)
    for t in blocks:
        title, columns, rows = expected[t.id]
        assert t.title == title
        assert t.stub_header == "信息内容"
        assert not t.show_unit
        assert [c.label for c in t.columns] == columns
        assert [r.label for r in t.rows] == rows
        assert not any(r.heading for r in t.rows)
    assert [t.section for t in form.tables] == [SECTION_2] * len(expected) + [SECTION_3, SECTION_4]


def test_table_2_kinds(form2019: FormDef, form2021: FormDef) -> None:
    kinds_2019 = {c.id: c.kind for c in form2019.cells if c.table_id.startswith("proactive")}
    assert {i for i, k in kinds_2019.items() if k is Kind.SIGNED} == {
        "licensing.change",
        "other_services.change",
        "penalty.change",
        "enforcement.change",
        "fees.change",
    }
    assert {i for i, k in kinds_2019.items() if k is Kind.MONEY} == {"procurement.amount"}
    kinds_2021 = {c.id: c.kind for c in form2021.cells if c.table_id.startswith("proactive")}
    assert {i for i, k in kinds_2021.items() if k is not Kind.COUNT} == {"fees"}
    assert kinds_2021["fees"] is Kind.MONEY
    # published values: a negative 本年增/减, a fee with six decimals
    assert parse_value(form2019.cell("licensing.change").kind, "−18") == -18
    assert parse_value(form2021.cell("fees").kind, "24252.311082") == Decimal("24252.311082")
    for form in (form2019, form2021):
        others = [c for c in form.cells if not c.table_id.startswith("proactive")]
        assert all(c.kind is Kind.COUNT for c in others)


@pytest.mark.parametrize(("year", "rows"), [("2019", TABLE_3_2019), ("2021", TABLE_3_2021)])
def test_table_3_labels(
    year: str, rows: list[tuple[str, str, bool]], form2019: FormDef, form2021: FormDef
) -> None:
    t = table(form2019 if year == "2019" else form2021, "applications")
    assert t.section == SECTION_3
    assert t.stub_note == STUB_NOTE
    assert not t.show_unit
    assert [(c.id, c.label, c.groups) for c in t.columns] == TABLE_3_COLUMNS
    assert [(r.id, r.label, r.heading) for r in t.rows] == rows
    indents = {r.id: r.indent for r in t.rows}
    assert {indents[i] for i in ("new", "carried_over", "results", "carry_forward")} == {0}
    assert indents["granted"] < indents["withheld_state_secret"]
    assert "“三安全一稳定”" in dict((r.id, r.label) for r in t.rows)["withheld_security"]


def test_table_4_labels(form: FormDef) -> None:
    t = table(form, "appeals")
    assert t.section == SECTION_4
    assert [r.label for r in t.rows] == [""]
    assert [c.label for c in t.columns] == OUTCOMES * 3
    assert [c.groups for c in t.columns] == [g for _, g, _ in APPEAL_BLOCKS for _ in OUTCOMES]
    assert form.cell("cases.review_upheld").label == "行政复议·结果维持"
    assert form.cell("cases.review_suit_total").label == "复议后起诉·总计"


def test_tables_3_and_4_share_ids(form2019: FormDef, form2021: FormDef) -> None:
    def ids(form: FormDef, table_id: str) -> set[str]:
        return {c.id for c in table(form, table_id).cells}

    assert ids(form2019, "appeals") == ids(form2021, "appeals")
    only_2019 = ids(form2019, "applications") - ids(form2021, "applications")
    only_2021 = ids(form2021, "applications") - ids(form2019, "applications")
    assert {i.split(".")[0] for i in only_2019} == {"other_handling"}
    assert {i.split(".")[0] for i in only_2021} == {
        "other_overdue_correction",
        "other_overdue_fee",
        "other_misc",
    }
    assert [c.id for c in table(form2019, "applications").columns] == [
        c.id for c in table(form2021, "applications").columns
    ]
    # the ids that prev() reads and writes are shared
    for col in (c[0] for c in TABLE_3_COLUMNS):
        assert form2019.has_cell(f"carry_forward.{col}") and form2021.has_cell(
            f"carry_forward.{col}"
        )


# ---------------------------------------------------------------------------------------------
# Consistent examples


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_consistent_example_has_no_problems(
    year: str, form2019: FormDef, form2021: FormDef
) -> None:
    form, values = (form2019, example_2019()) if year == "2019" else (form2021, example_2021())
    assert set(values) == {c.id for c in form.cells}
    checker = Checker(form, values=values)
    assert checker.problems() == []
    summary = checker.summary()
    assert (summary.errors, summary.warnings, summary.blank, summary.incomplete) == (0, 0, 0, 0)
    statuses = {r.rule.base_id: r.status for r in checker.results if r.status is not Status.OK}
    # without last year's report, only the prev() warnings are set aside
    expected = {"carried_over_matches_last_year"} | (
        {"in_force_carried"} if year == "2021" else set()
    )
    assert set(statuses) == expected
    assert set(statuses.values()) == {Status.NOT_APPLICABLE}


def test_published_shanghai_2019_report(form2019: FormDef) -> None:
    printed = shanghai_2019(form2019)
    checker = Checker(form2019, values=printed)
    assert checker.summary().errors == 0
    assert checker.summary().warnings == 0
    assert checker.value("procurement.amount") == 251000
    # blank is not zero: the report leaves most cells blank, so the sums cannot be checked yet
    assert checker.result("applications_balance@natural").status is Status.OK  # 821+18=767+72
    assert checker.result("results_total_sum@natural").status is Status.INCOMPLETE
    assert checker.result("applicants_total_sum@new").status is Status.INCOMPLETE

    # read its blanks as 0 (but keep the blank 总计 cells blank): the totals can be computed
    zeros = shanghai_2019(form2019, blank_as_zero=True)
    checker = Checker(form2019, values=zeros)
    assert checker.summary().errors == 0
    totals = checker.computable_totals()
    assert totals["granted.total"] == 272
    assert totals["unable_not_held.total"] == 265
    assert totals["not_handled_petition.total"] == 149
    assert totals["cases.review_suit_total"] == 0
    assert checker.result("applicants_total_sum@granted").message.endswith("合计应为 272")
    checker.set_values(totals)
    assert checker.problems() == []
    assert checker.summary().incomplete == 0
    assert checker.value("total.total") == 805  # the printed total agrees with the parts


# ---------------------------------------------------------------------------------------------
# Each family of checks fires on bad data, with the numbers


def test_balance_per_column(form: FormDef) -> None:
    values = example_2019() if form.id.endswith("2019") else example_2021()
    new = values["new.natural"]
    checker = Checker(form, values=values)
    checker.set_value("new.natural", new + 1)  # type: ignore[operator]
    problems = failed(checker)
    assert set(problems) == {"applications_balance@natural", "applicants_total_sum@new"}
    balance = problems["applications_balance@natural"]
    assert balance.severity == "error"
    carried, total, forward = (
        values[f"{r}.natural"] for r in ("carried_over", "total", "carry_forward")
    )
    assert balance.message == (
        "第一项加第二项之和应等于第三项加第四项之和（本年新收 + 上年结转 = 办理结果总计 + 结转下年度）："
        f"本年新收申请（自然人） {new + 1} + 上年结转申请（自然人） {carried} = {new + 1 + carried}"  # type: ignore[operator]
        f" ≠ 办理结果总计（自然人） {total} + 结转下年度继续办理（自然人） {forward}"
        f" = {total + forward}"  # type: ignore[operator]
    )
    checker.set_value("new.natural", new)
    assert checker.problems() == []


def test_results_total_per_column(form2019: FormDef, form2021: FormDef) -> None:
    checker = Checker(form2019, values=example_2019())
    checker.set_value("granted.commercial", 13)
    problems = failed(checker)
    assert set(problems) == {"results_total_sum@commercial", "applicants_total_sum@granted"}
    message = problems["results_total_sum@commercial"].message
    assert message.startswith("（七）总计应等于（一）予以公开至（六）其他处理各项之和：")
    assert (
        "办理结果总计（商业企业） 36 ≠ 予以公开（商业企业） 13 + 部分公开（商业企业） 0" in message
    )
    assert "+ 其他处理（商业企业） 0 = 37" in message

    # 2021: （六） is three rows, all of them counted
    checker = Checker(form2021, values=example_2021())
    checker.set_value("other_overdue_fee.natural", 2)
    problems = failed(checker)
    assert set(problems) == {"results_total_sum@natural", "applicants_total_sum@other_overdue_fee"}
    message = problems["results_total_sum@natural"].message
    assert "办理结果总计（自然人） 862 ≠ 予以公开（自然人） 280" in message
    assert "逾期不补正、不再处理（自然人） 25 + 逾期未缴费、不再处理（自然人） 2" in message
    assert message.endswith("+ 其他处理·其他（自然人） 7 = 864")


def test_applicants_total_per_row(form: FormDef) -> None:
    values = example_2019() if form.id.endswith("2019") else example_2021()
    checker = Checker(form, values=values)
    checker.set_value("granted.total", 270)
    problems = failed(checker)
    assert set(problems) == {"applicants_total_sum@granted", "results_total_sum@total"}
    result = problems["applicants_total_sum@granted"]
    assert result.severity == "error"
    parts = [values[f"granted.{c}"] for c in APPLICANTS]
    assert result.message == (
        "总计应等于自然人与各类法人或其他组织的数量之和：予以公开（总计） 270 ≠ "
        f"予以公开（自然人） {parts[0]} + 予以公开（商业企业） {parts[1]} + "
        f"予以公开（科研机构） {parts[2]} + 予以公开（社会公益组织） {parts[3]} + "
        f"予以公开（法律服务机构） {parts[4]} + 予以公开（其他法人或其他组织） {parts[5]}"
        f" = {sum(parts)}"  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("block", "name"), [(b, s) for b, _, s in APPEAL_BLOCKS])
def test_appeal_blocks(block: str, name: str, form: FormDef) -> None:
    values = example_2019() if form.id.endswith("2019") else example_2021()
    checker = Checker(form, values=values)
    total = values[f"cases.{block}_total"]
    checker.set_value(f"cases.{block}_total", total + 1)  # type: ignore[operator]
    problems = failed(checker)
    assert list(problems) == [f"{block}_total_sum"]
    result = problems[f"{block}_total_sum"]
    assert result.severity == "error"
    parts = [values[f"cases.{block}_{o}"] for o in OUTCOME_IDS[:-1]]
    assert result.message.endswith(
        f"：{name}·总计 {total + 1} ≠ {name}·结果维持 {parts[0]} + {name}·结果纠正 {parts[1]}"  # type: ignore[operator]
        f" + {name}·其他结果 {parts[2]} + {name}·尚未审结 {parts[3]} = {total}"
    )


def test_2019_table_2_warnings(form2019: FormDef) -> None:
    checker = Checker(form2019, values=example_2019())
    checker.set_values(
        {
            "regulations.public_total": 10,
            "licensing.change": -150,
            "fees.change": parse_value(Kind.SIGNED, "－13"),
        }
    )
    problems = failed(checker)
    assert set(problems) == {
        "public_total_ge_published@regulations",
        "proactive_5_items_not_negative@licensing",
        "proactive_8_items_not_negative",
    }
    assert all(r.severity == "warning" for r in problems.values())
    assert problems["public_total_ge_published@regulations"].message.endswith(
        "：规章（对外公开总数量） 10 < 规章（本年新公开数量） 13"
    )
    assert problems["proactive_5_items_not_negative@licensing"].message.endswith(
        "：行政许可（上一年项目数量） 120 + 行政许可（本年增/减） -150 = -30 < 0"
    )
    assert problems["proactive_8_items_not_negative"].message.endswith(
        "：行政事业性收费（上一年项目数量） 12 + 行政事业性收费（本年增/减） -13 = -1 < 0"
    )
    assert checker.summary().errors == 0
    # the boundary holds: a count that drops to exactly 0 is fine
    checker.set_values(
        {"regulations.public_total": 13, "licensing.change": -120, "fees.change": -12}
    )
    assert checker.problems() == []


# ---------------------------------------------------------------------------------------------
# Last year's report: prev()


def test_2019_report_feeds_2021_carried_over(form2019: FormDef, form2021: FormDef) -> None:
    last_year = example_2019()
    this_year = example_2021()
    checker = Checker(form2021, values=this_year, previous=last_year)
    assert checker.problems() == []
    for col in (c[0] for c in TABLE_3_COLUMNS):
        assert checker.result(f"carried_over_matches_last_year@{col}").status is Status.OK
    # a 2019 report has no 现行有效件数: that warning stays set aside
    assert checker.result("in_force_carried@regulations").status is Status.NOT_APPLICABLE

    # 70 carried over instead of last year's 72 (the balance kept by taking in 2 more)
    checker.set_values(
        {"carried_over.natural": 70, "carried_over.total": 72, "new.natural": 905, "new.total": 957}
    )
    problems = failed(checker)
    assert set(problems) == {
        "carried_over_matches_last_year@natural",
        "carried_over_matches_last_year@total",
    }
    result = problems["carried_over_matches_last_year@natural"]
    assert result.severity == "warning"
    assert result.message == (
        "上年结转政府信息公开申请数量应等于上年度报告的“结转下年度继续办理”数量："
        "上年结转申请（自然人） 70 ≠ 上年结转下年度继续办理（自然人） 72"
    )
    assert problems["carried_over_matches_last_year@total"].message.endswith(
        "：上年结转申请（总计） 72 ≠ 上年结转下年度继续办理（总计） 74"
    )

    # without last year's report the warning is not applicable, not an error
    checker.set_previous(None)
    assert checker.problems() == []
    assert checker.result("carried_over_matches_last_year@natural").status is Status.NOT_APPLICABLE
    assert checker.summary().warnings == 0


def test_prev_within_2019_and_blank_last_year(form2019: FormDef) -> None:
    # a 2020 report (same format) after the printed Shanghai 2019 report, whose blanks stay blank
    last_year = shanghai_2019(form2019)
    values = example_2019()
    checker = Checker(form2019, values=values, previous=last_year)
    natural = checker.result("carried_over_matches_last_year@natural")
    assert natural.status is Status.FAILED  # 18 carried over, but 72 were carried forward
    assert natural.message.endswith(
        "：上年结转申请（自然人） 18 ≠ 上年结转下年度继续办理（自然人） 72"
    )
    # last year's blank is not a zero: that column cannot be compared
    commercial = checker.result("carried_over_matches_last_year@commercial")
    assert commercial.status is Status.NOT_APPLICABLE


def test_2021_in_force_follows_last_year(form2021: FormDef) -> None:
    # last year's table 二 only (its table 三 would not match a copy of itself as this year)
    last_year = {
        k: v for k, v in example_2021().items() if k.startswith(("regulations.", "normative_docs."))
    }
    this_year = example_2021()
    this_year.update(
        {
            "regulations.issued": 3,
            "regulations.repealed": 1,
            "regulations.in_force": 180,
            "normative_docs.issued": 40,
            "normative_docs.repealed": 6,
            "normative_docs.in_force": 490,
        }
    )
    checker = Checker(form2021, values=this_year, previous=last_year)
    assert checker.problems() == []
    assert checker.result("in_force_carried@regulations").status is Status.OK
    assert checker.result("in_force_carried@normative_docs").status is Status.OK

    checker.set_value("regulations.in_force", 181)
    problems = failed(checker)
    assert list(problems) == ["in_force_carried@regulations"]
    result = problems["in_force_carried@regulations"]
    assert result.severity == "warning"
    assert result.message == (
        "现行有效件数应等于上年度报告的现行有效件数加本年制发件数、减本年废止件数："
        "规章（现行有效件数） 181 ≠ 上年规章（现行有效件数） 178 + 规章（本年制发件数） 3"
        " − 规章（本年废止件数） 1 = 180"
    )
    checker.set_previous(None)
    assert checker.result("in_force_carried@regulations").status is Status.NOT_APPLICABLE
    assert checker.problems() == []


# ---------------------------------------------------------------------------------------------
# Blank totals


@pytest.mark.parametrize("year", ["2019", "2021"])
def test_blank_totals_are_computable(year: str, form2019: FormDef, form2021: FormDef) -> None:
    form, full = (form2019, example_2019()) if year == "2019" else (form2021, example_2021())
    total_ids = {i for i in full if is_total(i)}
    value_rows = len([r for r in form.cells if r.id.endswith(".natural")])
    assert len(total_ids) == value_rows + 7 - 1 + 3  # 总计 column and row, 3 in table 四
    values = {i: v for i, v in full.items() if i not in total_ids}
    checker = Checker(form, values=values)
    assert checker.summary().errors == 0
    assert checker.summary().blank == len(total_ids)
    assert checker.result("results_total_sum@natural").message == (
        f"（七）总计应等于（一）予以公开至（六）其他处理各项之和：合计应为 {full['total.natural']}"
    )
    assert checker.result("review_total_sum").message.endswith(
        f"合计应为 {full['cases.review_total']}"
    )
    computed = checker.computable_totals()
    assert computed == {i: full[i] for i in total_ids}
    checker.set_values(computed)
    assert checker.problems() == []
    assert checker.summary().incomplete == 0
