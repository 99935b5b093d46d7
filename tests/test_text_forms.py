"""The report's sections in the form files (issue 16): parsed in order, with quoted guidance, and
refused with FILE:LINE when inconsistent; the form's fingerprint does not change for them."""

from __future__ import annotations

import re

import pytest
from conftest import REPO_ROOT

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.report.model import PREFACE, TABLE, TEXT

FORMS = REPO_ROOT / "forms"


def _text(form_id: str) -> str:
    return (FORMS / f"{form_id}.toml").read_text(encoding="utf-8")


def test_the_2019_and_2021_reports_have_the_national_sections_in_order() -> None:
    for form_id in ("gov-disclosure-2019", "gov-disclosure-2021"):
        form = get_form(form_id)
        headings = [(s.id, s.heading, s.kind) for s in form.sections]
        assert headings == [
            (PREFACE, "", TEXT),
            ("general", "一、总体情况", TEXT),
            ("proactive_disclosure", "二、主动公开政府信息情况", TABLE),
            ("requests_handled", "三、收到和处理政府信息公开申请情况", TABLE),
            ("reviews_litigation", "四、政府信息公开行政复议、行政诉讼情况", TABLE),
            ("problems", "五、存在的主要问题及改进情况", TEXT),
            ("other_matters", "六、其他需要报告的事项", TEXT),
        ]
        # Every table in the section its own ``section`` names, in the form's order.
        for section in form.sections:
            if section.kind == TABLE:
                assert section.tables
                assert {t.section for t in form.tables if t.id in section.tables} == {
                    section.heading
                }
        placed = [t for s in form.sections for t in s.tables]
        assert placed == [t.id for t in form.tables]
        assert not form.sections_editable
        assert form.document_title_for("2024", "淮安市人民政府") == (
            "淮安市人民政府2024年政府信息公开工作年度报告"
        )


def test_the_2014_report_has_the_seed_sections_and_may_change_them() -> None:
    form = get_form("gov-disclosure-2014")
    assert [s.heading for s in form.sections] == [
        "",
        "一、概述",
        "二、信息公开情况",
        "三、存在的问题与不足",
        "四、{next}年工作思路",
        "附件：政府信息公开情况统计表",
    ]
    assert form.sections[-1].kind == TABLE and form.sections[-1].tables == ("main",)
    assert form.sections_editable
    # The whole report's title is the seed's; the 统计表's own printed title stays as it was.
    assert form.document_title_for("2018", "自治区机关事务管理局") == (
        "自治区机关事务管理局2018年政府信息公开工作年度报告"
    )
    assert form.title_for_year("2018") == "政府信息公开情况统计表（2018年度）"


def test_guidance_is_quoted_with_its_source() -> None:
    f2021 = get_form("gov-disclosure-2021")
    general = f2021.section("general")
    assert general is not None and len(general.guidance) == 1
    assert general.guidance[0].text.startswith(
        "这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》"
    )
    assert general.guidance[0].text.endswith("责任追究结果情况”）……")
    assert "国办公开办函〔2021〕30号" in general.guidance[0].source
    other = f2021.section("other_matters")
    assert other is not None
    assert [g.source for g in other.guidance] == [
        "《中华人民共和国政府信息公开条例》第五十条第（五）项",
        "国办公开办函〔2021〕30号（要点，非原文）",
    ]
    assert "信息处理费" in other.guidance[1].text
    # 2019: the 2021 notice's words are not the 2019 format's; its 总体情况 has a summary of the
    # 2019 format's five parts, marked as such, not the 2021 notice's quotation.
    general_2019 = get_form("gov-disclosure-2019").section("general")
    assert general_2019 is not None and len(general_2019.guidance) == 1
    assert "（要点，非原文）" in general_2019.guidance[0].source
    assert "〔2019〕60号" in general_2019.guidance[0].source
    assert "监督保障" in general_2019.guidance[0].text
    assert "这一项报告" not in general_2019.guidance[0].text
    # 2021 五: last year's problems and how they were addressed.
    problems = f2021.section("problems")
    assert problems is not None and any("上一年度" in g.text for g in problems.guidance)
    for form_id in ("gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"):
        for section in get_form(form_id).sections:
            for g in section.guidance:
                assert g.text.strip() and re.search(r"《.+》|国办", g.source)


def _without_sections(text: str) -> str:
    """The form file as it was before issue 16: no sections, no document title."""
    text = re.sub(r"\n\[\[sections\]\].*", "\n", text, flags=re.S)
    text = re.sub(r"^document_title = .*$", "", text, flags=re.M)
    return re.sub(r"^sections_editable = .*$", "", text, flags=re.M)


@pytest.mark.parametrize(
    "form_id", ["gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"]
)
def test_sections_leave_the_form_fingerprint_unchanged(form_id: str) -> None:
    """Drafts signed before the forms had sections name the same form definition."""
    text = _text(form_id)
    before = parse_form(_without_sections(text))
    assert before.sections == ()
    assert parse_form(text).fingerprint == before.fingerprint


BAD = [
    (
        'kind = "table"\ntables = ["applications"]',
        'kind = "chart"\ntables = ["applications"]',
        "kind",
    ),
    ('tables = ["applications"]', 'tables = ["applications", "nowhere"]', "不存在的表格"),
    ('tables = ["appeals"]', 'tables = ["appeals", "applications"]', "已在章节"),
    ('tables = ["appeals"]', "tables = []", "没有写明 tables"),
    ('id = "problems"', 'id = "general"', "重复的标识"),
    ('id = "preface"\nheading = ""', 'id = "preface"\nheading = "前言"', "第一个章节"),
    ('heading = "五、存在的主要问题及改进情况"', 'heading = "五、{unit}问题"', "{year}、{next}"),
    (
        'source = "《中华人民共和国政府信息公开条例》第五十条第（五）项"',
        'source = ""',
        "source",
    ),
    # A section's aliases (other headings reports print): a list of texts; none that reads as
    # another section's heading or alias, or as its own heading, numbering and punctuation aside.
    *(
        ('aliases = ["其它需要报告的事项"]', f"aliases = {new}", problem)
        for new, problem in [
            ('"其它需要报告的事项"', "aliases 应是一组"),
            ('["其它", "其它"]', "重复的文字"),
            (
                '["其它需要报告的事项", "5.存在的主要问题及改进情况"]',
                "章节 “other_matters” 的别名 “5.存在的主要问题及改进情况” 与章节 “problems” 的"
                "标题或别名相同",
            ),
            ('["政府信息公开行政复议和行政诉讼情况"]', "与章节 “reviews_litigation” 的标题或别名"),
            ('["第六部分：其他需要报告的事项"]', "与本章节的标题相同"),
            ('["{unit}其它事项"]', "{year}、{next}"),
        ]
    ),
]


@pytest.mark.parametrize(("old", "new", "problem"), BAD)
def test_an_inconsistent_section_list_is_refused_with_its_line(
    old: str, new: str, problem: str
) -> None:
    text = _text("gov-disclosure-2021")
    assert old in text
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(text.replace(old, new, 1), "2021.toml")
    assert problem in caught.value.problem
    assert caught.value.line is not None and str(caught.value).startswith("2021.toml:")


def test_a_table_in_no_section_is_refused() -> None:
    text = _text("gov-disclosure-2021").replace('tables = ["appeals"]', "tables = []", 1)
    text = text.replace(
        'id = "reviews_litigation"\nheading = "四、政府信息公开行政复议、行政诉讼情况"\nkind = "table"',
        'id = "reviews_litigation"\nheading = "四、政府信息公开行政复议、行政诉讼情况"\nkind = "text"',
    )
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(text, "2021.toml")
    assert "appeals 不在任何章节中" in caught.value.problem


def test_describe_json_lists_the_sections() -> None:
    from govreport_gui.core.forms.describe import form_as_json

    data = form_as_json(get_form("gov-disclosure-2021"))
    sections = data["sections"]
    assert [s["id"] for s in sections][:3] == [PREFACE, "general", "proactive_disclosure"]
    assert sections[2]["kind"] == TABLE and sections[2]["tables"] == [
        "proactive_1",
        "proactive_5",
        "proactive_6",
        "proactive_8",
    ]
    assert "tables" not in sections[1]
    assert sections[1]["guidance"][0]["source"].startswith("国办公开办函〔2021〕30号")


def test_history_names_a_section_by_its_heading_in_force() -> None:
    """The history (审核 pane, changes since 退回) names a text change by the heading a reader
    sees: the year filled in, and a section the user added by its own heading."""
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.ops.review import history_target_name

    form = get_form("gov-disclosure-2014")
    assert history_target_name(form, "text:next_year", None, "2018") == "正文：四、2019年工作思路"
    assert history_target_name(form, "text:preface") == "正文：开头部分"
    own = (("preface", ""), ("summary", "一、概述"), ("own1", "五、其他事项"))
    assert history_target_name(form, "text:own1", own, "2018") == "正文：五、其他事项"


def test_section_aliases_are_read_and_leave_the_fingerprint_unchanged() -> None:
    """Other headings reports print for a section (the 条例's words for 四) are read with the
    section; they say how a report is read, not what it says: the fingerprint without them is
    the same, so signed drafts stay valid."""
    for form_id in ("gov-disclosure-2019", "gov-disclosure-2021"):
        form = get_form(form_id)
        reviews = form.section("reviews_litigation")
        assert reviews is not None
        assert "因政府信息公开工作被申请行政复议、提起行政诉讼情况" in reviews.aliases
        text = _text(form_id)
        plain = "\n".join(line for line in text.splitlines() if not line.startswith("aliases = "))
        without = parse_form(plain)
        assert all(s.aliases == () for s in without.sections)
        assert without.fingerprint == form.fingerprint


def test_aliases_of_a_heading_without_numbering_are_refused() -> None:
    """An alias counts only numbered as its section is (never another section's place): a
    section whose heading has no number (附件：…) cannot have any."""
    text = _text("gov-disclosure-2014")
    old = 'heading = "附件：政府信息公开情况统计表"\n'
    assert old in text
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(text.replace(old, old + 'aliases = ["附件：统计表"]\n'), "2014.toml")
    assert caught.value.line == text.splitlines().index('id = "attachment"') + 1
    assert "标题没有编号" in caught.value.problem
