"""The year-over-year comparison in core (issue 17): figures side by side with exact changes,
large jumps as notes for the reviewer, the checks against last year's report, cells matched
between the 2019 and 2021 forms, and the refusals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from compare_files import UNIT, example, following, report

from govreport_gui.core.forms.engine import Status
from govreport_gui.core.ops.compare import (
    MANY,
    Comparison,
    ComparisonRefused,
    Figure,
    JumpKind,
    compare_files,
)


def figure(comparison: Comparison, cell_id: str) -> Figure:
    return next(f for f in comparison.figures if f.cell_id == cell_id)


def test_same_form_every_figure_side_by_side_with_its_change(tmp_path: Path) -> None:
    last = example(tmp_path / "2018.json", "2018")
    this = example(tmp_path / "2019.json", "2019", received=5, received_online=4)
    c = compare_files(last, this)
    assert len(c.figures) == 58 and not c.unmatched_last and not c.unmatched_this
    received = figure(c, "received")
    assert (received.last, received.this, received.change) == (3, 5, 2)
    assert received.percent == Decimal("66.7")  # 2 of 3, to 0.1 %
    assert received.label == "三、依申请公开情况 › （一）收到申请数"
    website = figure(c, "website")  # unchanged: no change, no note
    assert website.change == 0 and website.percent == 0
    assert website.jump is None and website.remark == ""
    assert c.notes == [] and c.title == "自治区机关事务管理局：2018 年度与 2019 年度"
    # Two rows of the same label under different headings are told apart by their path.
    assert figure(c, "refused_commercial_secret").label == (
        "三、依申请公开情况 › （三）申请答复数 › 4.不同意公开答复数 › 涉及商业秘密"
    )
    labels = [f.label for f in c.figures if f.label.endswith("（二）被依法纠错数")]
    assert labels == [
        "四、行政复议数量 › （二）被依法纠错数",
        "五、行政诉讼数量 › （二）被依法纠错数",
    ]


@pytest.mark.parametrize(
    ("last", "this", "kind"),
    [
        (370, 4100, JumpKind.UP),  # ×11
        (1, MANY, JumpKind.UP),  # ×10 exactly, and many
        (330, 20, JumpKind.DOWN),  # a sixteenth
        (0, 25, JumpKind.FROM_ZERO),
        (40, 0, JumpKind.TO_ZERO),
        (370, 3000, None),  # ×8: a change, not a jump
        (0, MANY - 1, None),  # 0 → 9: not many
        (MANY - 1, 0, None),
        (1, 9, None),  # ×9 and few
        (5, 0, None),
    ],
)
def test_large_jumps_are_notes(tmp_path: Path, last: int, this: int, kind: JumpKind | None) -> None:
    c = compare_files(
        example(tmp_path / "a.json", "2018", proactive_info=last),
        example(tmp_path / "b.json", "2019", proactive_info=this),
    )
    found = figure(c, "proactive_info")
    assert (found.jump.kind if found.jump else None) is kind
    assert c.notes == ([found] if kind else [])
    if kind is not None:
        assert found.remark == found.jump.text if found.jump else False
        assert "请核对" in found.remark and str(this) in found.remark


def test_jump_texts_say_what_happened(tmp_path: Path) -> None:
    c = compare_files(
        example(tmp_path / "a.json", "2018", proactive_info=370, website=330, other_channel=40),
        example(tmp_path / "b.json", "2019", proactive_info=4100, website=20, other_channel=0),
    )
    assert figure(c, "proactive_info").remark == "增加到上年的 11.1 倍（370 → 4100），请核对"
    assert figure(c, "website").remark == "减少到上年的 1/16.5（330 → 20），请核对"
    assert figure(c, "other_channel").remark == "上年为 40，本年为 0，请核对"


def test_a_blank_is_not_a_zero(tmp_path: Path) -> None:
    c = compare_files(
        example(tmp_path / "a.json", "2018", proactive_info=None, website=0),
        example(tmp_path / "b.json", "2019", proactive_info=500, website=None),
    )
    for cell_id in ("proactive_info", "website"):
        found = figure(c, cell_id)
        assert (found.change, found.percent, found.jump) == (None, None, None)


def test_money_stays_exact(tmp_path: Path) -> None:
    c = compare_files(
        example(tmp_path / "a.json", "2018", fees="0.1", budget="24252.311082"),
        example(tmp_path / "b.json", "2019", fees="0.3", budget="24252.311083"),
    )
    fees, budget = figure(c, "fees"), figure(c, "budget")
    assert fees.change == Decimal("0.2") and isinstance(fees.change, Decimal)  # not 0.19999…
    assert budget.change == Decimal("0.000001")
    assert fees.as_json()["change"] == "0.2" and budget.as_json()["this"] == "24252.311083"


def test_2019_and_2021_forms_matched_by_meaning(tmp_path: Path) -> None:
    last = report(tmp_path / "2020.json", "gov-disclosure-2019", "2020", licensing__decisions=7)
    this = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021", licensing=70)
    c = compare_files(last, this)
    # 本年处理决定数量 (2021) is 2019's 处理决定数量: compared, and its ×10 noted.
    licensing = figure(c, "licensing")
    assert (licensing.last_cell_id, licensing.last, licensing.this) == (
        "licensing.decisions",
        7,
        70,
    )
    assert licensing.jump is not None and licensing.jump.kind is JumpKind.UP
    # Table 三 keeps its ids: compared cell by cell.
    natural = figure(c, "new.natural")
    assert (natural.last_cell_id, natural.last, natural.this, natural.change) == (
        "new.natural",
        37,
        39,
        2,
    )
    # What has no counterpart is listed, with the reason in 说明.
    only_last = {f.last_cell_id for f in c.unmatched_last}
    assert {"other_handling.total", "regulations.made", "procurement.amount"} <= only_last
    assert all(f.remark == "本年表格无此项" and f.this is None for f in c.unmatched_last)
    only_this = {f.cell_id for f in c.unmatched_this}
    assert {"other_misc.total", "regulations.issued", "fees"} <= only_this
    assert all(f.remark == "上年表格无此项" for f in c.unmatched_this)
    assert len(c.figures) - len(c.unmatched_last) - len(c.unmatched_this) == 172
    assert any("按相同的表、行、列对应出 172 项" in w for w in c.warnings)


def test_2014_and_2019_forms_share_no_figure(tmp_path: Path) -> None:
    last = example(tmp_path / "2018.json", "2018", unit=UNIT)
    this = report(tmp_path / "2019.json", "gov-disclosure-2019", "2019")
    c = compare_files(last, this)
    assert len(c.unmatched_last) == 58 and len(c.unmatched_this) == len(c.figures) - 58
    assert any("两种表格没有相同的项目" in w for w in c.warnings)


def test_carried_over_checked_against_last_years_carry_forward(tmp_path: Path) -> None:
    last = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021")
    matching = report(tmp_path / "a" / "2022.json", "gov-disclosure-2021", "2022", following(last))
    c = compare_files(last, matching)
    carried = [p for p in c.prev_checks if p.rule_id.startswith("carried_over_matches_last_year")]
    assert len(carried) == 7 and all(p.status is Status.OK for p in carried)
    assert c.prev_failed == [] and len(c.prev_checks) == 9  # and 现行有效件数 of the two rows
    changed = {**following(last), "carried_over__natural": 3}
    wrong = report(tmp_path / "b" / "2022.json", "gov-disclosure-2021", "2022", changed)
    c = compare_files(last, wrong)
    failed = c.prev_failed
    assert [p.where for p in failed] == ["上年结转申请（自然人）"]
    assert "上年结转申请（自然人） 3 ≠ 上年结转下年度继续办理（自然人） 0" in failed[0].line
    assert failed[0].line.startswith("不相符：")


def test_the_unit_name_is_compared_normalised(tmp_path: Path) -> None:
    last = example(tmp_path / "a.json", "2018", unit="某某县（区）政务服务中心")
    this = example(tmp_path / "b.json", "2019", unit=" 某某县(区)政务服务中心 ")
    assert compare_files(last, this).notes == []


@pytest.mark.parametrize(
    ("last_args", "this_args", "words"),
    [
        ({"year": "2018"}, {"year": "2019", "unit": "另一个局"}, "不是同一个单位"),
        ({"year": "2019"}, {"year": "2019"}, "都是 2019 年度"),
        ({"year": "2019"}, {"year": "2018"}, "两份报告是否放反了"),
    ],
)
def test_reports_that_cannot_be_compared_are_refused(
    tmp_path: Path, last_args: dict[str, str], this_args: dict[str, str], words: str
) -> None:
    last = example(tmp_path / "a.json", **last_args)
    this = example(tmp_path / "b.json", **this_args)
    with pytest.raises(ComparisonRefused) as refused:
        compare_files(last, this)
    assert words in refused.value.message


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    broken = tmp_path / "坏的.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ComparisonRefused) as refused:
        compare_files(broken, tmp_path / "没有这个文件.json")
    reasons = refused.value.reasons
    assert reasons[0].startswith("上年报告无法读取：") and "数值文件无法使用" in reasons[0]
    assert reasons[1].startswith("本年报告无法读取：") and "没有这个文件.json" in reasons[1]
    assert "Traceback" not in refused.value.message


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    path = example(tmp_path / "a.json", "2018")
    with pytest.raises(ComparisonRefused, match="同一个文件"):
        compare_files(path, tmp_path / "." / "a.json")


def test_a_missing_year_or_unit_is_a_warning(tmp_path: Path) -> None:
    last = example(tmp_path / "a.json", "", unit="")
    this = example(tmp_path / "b.json", "2019年")  # “2019年” is 2019
    c = compare_files(last, this)
    assert any(w.startswith("上年报告没有填写年度") for w in c.warnings)
    assert any(w.startswith("上年报告没有填写填报单位") for w in c.warnings)
    assert not any(w.startswith("本年报告没有填写年度") for w in c.warnings)
    gap = compare_files(example(tmp_path / "c.json", "2016"), this)
    assert any("相隔 3 年" in w for w in gap.warnings)
