"""汇总 (issue 17): the reports of one form and year summed into a new draft, cell by cell, with its
record of the reports and its history line; every wrong input refused with its reason."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from consolidation_samples import (
    UNITS,
    expected_sums,
    three_signed,
    variant,
    write_draft,
    write_values,
)
from signing import sign_off_as

from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.ops import review
from govreport_gui.core.ops.consolidate import (
    ConsolidationRefused,
    consolidate_files,
    plan_consolidation,
    plan_files,
    unit_key,
)
from govreport_gui.core.ops.report_file import ReportFile, read_report_file
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store.draft import Draft, DraftError

USER = "汇总人"
DOCUMENTS = [variant(u, f, fees, budget) for u, f, fees, budget in UNITS]


def refusal(paths: list[Path], out: Path, **options: object) -> str:
    with pytest.raises(ConsolidationRefused) as caught:
        consolidate_files(paths, out, "某某自治区人民政府", USER, **options)  # type: ignore[arg-type]
    assert not out.exists()  # nothing half-made
    return "\n".join(caught.value.reasons)


def test_three_signed_reports_give_the_exact_sums_cell_by_cell(tmp_path: Path) -> None:
    paths = three_signed(tmp_path / "各部门")
    out = tmp_path / "汇总.nianbao"
    planned = consolidate_files(paths, out, "某某自治区人民政府", USER)
    expected = expected_sums(DOCUMENTS)
    with Draft.open(out, USER, readonly=True) as draft:
        assert draft.fields == {"unit": "某某自治区人民政府", "year": "2018"}
        for cell in draft.form.cells:
            assert draft.values.get(cell.id) == expected[cell.id], cell.id
        # Money is exact: 0 + 0.35 + 1.000001 and 10 + 12.125 + 7.5, no float on the way.
        assert draft.values["fees"] == Decimal("1.350001")
        assert draft.values["budget"] == Decimal("29.625")
        assert draft.values["received"] == 3 * (1 + 2 + 3)
        assert draft.status == "filling"
    assert planned.not_summed == () and planned.partly_blank == {}
    assert planned.checker().summary().errors == 0  # checked with the form's own rules


def test_the_draft_records_each_report_and_names_them_in_its_history(tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    out = tmp_path / "汇总.nianbao"
    consolidate_files(paths, out, "某某自治区人民政府", USER)
    signed = [read_report_file(p) for p in paths]
    with Draft.open(out, USER, readonly=True) as draft:
        record = draft.consolidated_from
        assert [s.unit for s in record] == [u for u, *_ in UNITS]
        assert [s.file for s in record] == [p.name for p in paths]
        for source, report in zip(record, signed, strict=True):
            assert report.signature is not None
            assert source.signer == "沈涛" and source.signed_at == report.signature.at
            assert source.key_fingerprint == report.signature.key_fingerprint != ""
            assert source.content_fingerprint == report.content_fingerprint != ""
            assert source.signature == "VALID_TRUSTED" and source.digitally_signed
        entries = [e for e in draft.history() if e.kind == "consolidate"]
        assert len(entries) == 1 and entries[0].who == USER
        assert entries[0].new == "汇总自 3 份报告：自治区机关事务管理局、自治区财政厅、自治区教育厅"
        # The record is not the signed content: the new draft is unsigned, to be signed itself.
        assert signature_status(draft).status is SignatureStatus.UNSIGNED


def test_the_consolidated_draft_can_be_signed_and_its_record_survives(tmp_path: Path) -> None:
    out = tmp_path / "汇总.nianbao"
    consolidate_files(three_signed(tmp_path), out, "某某自治区人民政府", USER)
    with Draft.open(out, USER) as draft:
        footer = {
            "head": "甲",
            "reviewer": "乙",
            "preparer": "丙",
            "phone": "1",
            "date": "2019年2月1日",
        }
        draft.apply(fields=footer)
        review.submit(draft)
        sign_off_as(draft, "沈涛")  # this machine's key (the tests sign as 沈涛)
    report = read_report_file(out)
    assert report.signature is not None and report.signature.valid
    assert len(report.consolidated_from) == 3


def test_values_files_and_drafts_mixed_unsigned_only_with_the_flag(tmp_path: Path) -> None:
    paths = [
        write_values(tmp_path / "a.json", DOCUMENTS[0]),
        write_draft(tmp_path / "b.nianbao", DOCUMENTS[1], signed=False),
        write_draft(tmp_path / "c.nianbao", DOCUMENTS[2]),
    ]
    reasons = refusal(paths, tmp_path / "out.nianbao")
    assert "以下报告没有签发" in reasons and "a.json、b.nianbao" in reasons
    assert "--include-unsigned" in reasons and "c.nianbao" not in reasons
    planned = consolidate_files(
        paths, tmp_path / "out.nianbao", "某某自治区人民政府", USER, include_unsigned=True
    )
    assert [s.signature for s in planned.sources] == ["UNSIGNED", "UNSIGNED", "VALID_TRUSTED"]
    assert [s.unit for s in planned.unsigned] == ["自治区机关事务管理局", "自治区财政厅"]
    with Draft.open(tmp_path / "out.nianbao", USER, readonly=True) as draft:
        assert draft.values["fees"] == Decimal("1.350001")
        assert [s.signer for s in draft.consolidated_from] == ["", "", "沈涛"]


def test_mixed_forms_are_refused_naming_the_files(tmp_path: Path) -> None:
    other = variant("自治区教育厅", 1, "0", "1")
    other["form"] = "gov-disclosure-2019"
    other["values"] = {"new.natural": 1}
    paths = [*three_signed(tmp_path)[:2], write_values(tmp_path / "教育厅.json", other)]
    reasons = refusal(paths, tmp_path / "out.nianbao", include_unsigned=True)
    assert "报告使用了不同的表单" in reasons
    assert "教育厅.json" in reasons and "gov-disclosure-2014" in reasons


def test_mixed_years_and_a_missing_year_are_refused(tmp_path: Path) -> None:
    paths = [
        write_values(tmp_path / "a.json", variant("甲局", 1, "0", "1")),
        write_values(tmp_path / "b.json", variant("乙局", 1, "0", "1", year="2017")),
        write_values(tmp_path / "c.json", variant("丙局", 1, "0", "1", year="")),
    ]
    reasons = refusal(paths, tmp_path / "out.nianbao", include_unsigned=True)
    assert "报告的年度不同" in reasons and "2017 年度：b.json" in reasons
    assert "2018 年度：a.json" in reasons
    assert "以下报告没有填写年度" in reasons and "c.json" in reasons


def test_the_same_unit_twice_is_refused_whatever_its_spacing_or_width(tmp_path: Path) -> None:
    paths = [
        write_values(tmp_path / "a.json", variant("财政局", 1, "0", "1")),
        write_values(tmp_path / "b.json", variant(" 财 政 局", 2, "0", "1")),
        write_values(tmp_path / "c.json", variant("ＡＢ局", 1, "0", "1")),
        write_values(tmp_path / "d.json", variant("AB局", 1, "0", "1")),
        write_values(tmp_path / "e.json", variant("", 1, "0", "1")),
    ]
    reasons = refusal(paths, tmp_path / "out.nianbao", include_unsigned=True)
    assert "同一单位“财政局”有 2 份报告：a.json、b.json" in reasons
    assert "同一单位“ＡＢ局”有 2 份报告：c.json、d.json" in reasons
    assert "以下报告没有填写填报单位" in reasons and "e.json" in reasons
    assert unit_key("（财政局）") == unit_key("(财政局)")


def test_an_invalid_signature_is_refused_even_with_unsigned_included(tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    con = sqlite3.connect(paths[1])  # a figure changed behind the program's back
    con.execute("UPDATE cell SET value = '99' WHERE id = 'received'")
    con.commit()
    con.close()
    reasons = refusal(paths, tmp_path / "out.nianbao", include_unsigned=True)
    assert "签发后被改动（签名无效）" in reasons and paths[1].name in reasons
    assert "选择包括未签发的报告也不行" in reasons
    assert paths[0].name not in reasons


def test_an_unreadable_file_is_a_reason_naming_it_and_the_others_are_still_checked(
    tmp_path: Path,
) -> None:
    paths = three_signed(tmp_path)
    broken = tmp_path / "坏的.json"
    broken.write_text("{", encoding="utf-8")
    crafted = tmp_path / "伪装.nianbao"
    crafted.write_bytes(b"PK\x03\x04 not a draft")
    missing = tmp_path / "不存在.nianbao"
    unsigned = write_values(tmp_path / "未签.json", variant("某局", 1, "0", "1"))
    reasons = refusal([*paths, broken, crafted, missing, unsigned], tmp_path / "out.nianbao")
    assert "无法读取" in reasons and "坏的.json" in reasons
    assert "伪装.nianbao" in reasons and "不是年报草稿" in reasons
    assert "找不到文件" in reasons and "不存在.nianbao" in reasons
    assert "以下报告没有签发" in reasons and "未签.json" in reasons  # every reason at once


def test_an_existing_output_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    out = tmp_path / "汇总.nianbao"
    out.write_bytes(b"mine")
    with pytest.raises(ConsolidationRefused, match="文件已存在，不会覆盖"):
        consolidate_files(three_signed(tmp_path / "in"), out, "某政府", USER)
    assert out.read_bytes() == b"mine"


def test_an_empty_list_and_a_missing_name_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConsolidationRefused) as caught:
        plan_consolidation([], "  ", include_unsigned=False)
    reasons = "\n".join(caught.value.reasons)
    assert "没有要汇总的报告" in reasons and "没有填写汇总后的填报单位" in reasons
    paths = three_signed(tmp_path)
    with pytest.raises(ConsolidationRefused, match="控制字符"):
        plan_files(paths, "某\x1b[2J政府", include_unsigned=False)


def test_blank_in_all_stays_blank_blank_in_some_counts_as_zero_and_is_listed(
    tmp_path: Path,
) -> None:
    first, second = variant("甲局", 1, "0", "1"), variant("乙局", 2, "0.5", "2")
    first["values"]["trainees"] = None
    second["values"]["trainees"] = None
    second["values"]["meetings"] = None
    paths = [write_values(tmp_path / "a.json", first), write_values(tmp_path / "b.json", second)]
    planned = plan_files(paths, "某政府", include_unsigned=True)
    assert planned.values["trainees"] is None
    assert planned.values["meetings"] == 2  # 甲局's 2, 乙局 blank
    assert planned.partly_blank == {"meetings": 1}
    assert planned.values["fees"] == Decimal("0.5")


def test_a_sum_over_what_a_cell_holds_is_refused(tmp_path: Path) -> None:
    big = [variant(u, 1, "0", "1") for u in ("甲局", "乙局")]
    for document in big:
        document["values"]["trainees"] = 600_000_000_000
    paths = [write_values(tmp_path / f"{n}.json", d) for n, d in enumerate(big)]
    with pytest.raises(ConsolidationRefused, match=r"接受培训人员数.*超过了一个单元格能填的上限"):
        plan_files(paths, "某政府", include_unsigned=True)


NOT_ADDITIVE_FORM = """
id = "test-rates"
title = "测试表"
basis = "测试"
first_year = 2020

[[fields]]
key = "unit"
label = "填报单位"
place = "header"

[[fields]]
key = "year"
label = "年度"
kind = "year"
place = "header"

[[tables]]
id = "main"
title = "测试"

[[tables.rows]]
id = "received"
label = "收到申请数"
unit = "件"

[[tables.rows]]
id = "rate"
label = "按时办结率"
unit = "%"
consolidate = false

[[tables.rows]]
id = "remark"
label = "备注"
kind = "text"
"""


def _report(path: Path, form_path: Path, unit: str, values: dict[str, object]) -> ReportFile:
    form = load_form(form_path)
    return ReportFile(path, "values", form, {"unit": unit, "year": "2020"}, values)  # type: ignore[arg-type]


def test_a_row_not_additive_and_a_text_cell_are_named_and_left_blank(tmp_path: Path) -> None:
    form_path = tmp_path / "test-rates.toml"
    form_path.write_text(NOT_ADDITIVE_FORM, encoding="utf-8")
    reports = [
        _report(
            tmp_path / "a.json", form_path, "甲局", {"received": 4, "rate": 90, "remark": "好"}
        ),
        _report(
            tmp_path / "b.json", form_path, "乙局", {"received": 6, "rate": 80, "remark": "差"}
        ),
    ]
    planned = plan_consolidation(reports, "某政府", include_unsigned=True)
    assert planned.values == {"received": 10, "rate": None, "remark": None}
    assert planned.not_summed == ("rate", "remark")
    assert planned.cell_names(planned.not_summed) == ["按时办结率", "备注"]


def test_the_consolidate_key_stays_out_of_the_forms_fingerprint(tmp_path: Path) -> None:
    marked = tmp_path / "a.toml"
    marked.write_text(NOT_ADDITIVE_FORM, encoding="utf-8")
    plain = tmp_path / "b.toml"
    plain.write_text(NOT_ADDITIVE_FORM.replace("consolidate = false\n", ""), encoding="utf-8")
    assert load_form(marked).fingerprint == load_form(plain).fingerprint
    assert not load_form(marked).cell("rate").additive and load_form(plain).cell("rate").additive
    wrong = tmp_path / "c.toml"
    wrong.write_text(
        NOT_ADDITIVE_FORM.replace("consolidate = false", 'consolidate = "否"'), "utf-8"
    )
    with pytest.raises(ValueError, match="consolidate 只能是 true 或 false"):
        load_form(wrong)


def test_the_national_forms_have_no_row_left_out(tmp_path: Path) -> None:
    from govreport_gui.core.forms.registry import all_forms

    for form in all_forms():
        assert [c.id for c in form.cells if not c.additive] == [], form.id


def test_last_years_units_missing_now_are_pointed_out_and_its_figures_are_last_year(
    tmp_path: Path,
) -> None:
    last = [
        write_draft(tmp_path / "2017" / f"{n}.nianbao", variant(u, 1, "0", "1", year="2017"))
        for n, u in enumerate(("自治区机关事务管理局", "自治区财政厅", "自治区民政厅"))
    ]
    last_out = tmp_path / "2017汇总.nianbao"
    consolidate_files(last, last_out, "某某自治区人民政府", USER)
    out = tmp_path / "2018汇总.nianbao"
    planned = consolidate_files(
        three_signed(tmp_path / "2018"), out, "某某自治区人民政府", USER, last_year_path=last_out
    )
    assert planned.missing_units == ("自治区民政厅",)
    with Draft.open(out, USER, readonly=True) as draft:
        assert draft.previous is not None and draft.previous["received"] == 9
        assert draft.meta["previous_source"] == str(last_out)


def test_last_year_must_be_a_consolidation_of_the_year_before_and_the_same_unit(
    tmp_path: Path,
) -> None:
    paths = three_signed(tmp_path / "2018")
    plain = write_draft(tmp_path / "plain.nianbao", variant("某局", 1, "0", "1", year="2017"))
    with pytest.raises(ConsolidationRefused, match="不是汇总草稿"):
        plan_files(paths, "某政府", False, last_year_path=plain)
    same_year = tmp_path / "同年.nianbao"
    consolidate_files(three_signed(tmp_path / "b"), same_year, "别的政府", USER)
    with pytest.raises(ConsolidationRefused) as caught:
        plan_files(paths, "某政府", False, last_year_path=same_year)
    reasons = "\n".join(caught.value.reasons)
    assert "不是上一年度（2017 年度）的" in reasons and "是“别的政府”的汇总" in reasons
    assert "“同年.nianbao”是 2018 年度的汇总" in reasons  # the year said as a year
    with pytest.raises(ConsolidationRefused, match=r"上一年度的汇总草稿.*找不到文件"):
        plan_files(paths, "某政府", False, last_year_path=tmp_path / "无.nianbao")


def test_a_write_that_fails_leaves_nothing(tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    with pytest.raises(DraftError, match="文件夹不存在"):
        consolidate_files(paths, tmp_path / "无此文件夹" / "汇总.nianbao", "某政府", USER)
    assert not (tmp_path / "无此文件夹").exists()


def _craft(path: Path, script: str) -> None:
    con = sqlite3.connect(path)
    con.executescript(script)
    con.close()


def test_a_version_6_draft_opens_and_migrates_with_no_record(tmp_path: Path) -> None:
    path = write_draft(tmp_path / "旧.nianbao", variant("某局", 1, "0", "1"), signed=False)
    _craft(path, "DROP TABLE consolidated_from; PRAGMA user_version = 6;")
    report = read_report_file(path)  # read-only: migrated in memory, the file untouched
    assert report.consolidated_from == () and report.values["received"] == 3
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 6
    with Draft.open(path, USER) as draft:
        assert draft.migrated_backup is not None and ".v6-备份" in draft.migrated_backup.name
        assert draft.con.execute("PRAGMA user_version").fetchone()[0] == 7
        assert draft.consolidated_from == () and draft.values["received"] == 3


def test_a_record_the_program_could_not_have_written_refuses_the_draft(tmp_path: Path) -> None:
    out = tmp_path / "汇总.nianbao"
    consolidate_files(three_signed(tmp_path), out, "某政府", USER)
    _craft(
        out, "UPDATE consolidated_from SET signer = '沈' || char(27) || '[2J' WHERE position = 1"
    )
    with pytest.raises(DraftError, match="汇总来源记录不是本程序能写入的"):
        Draft.open(out, USER, readonly=True)


def test_a_signer_not_on_the_trusted_list_counts_as_unsigned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = three_signed(tmp_path / "各部门")
    # The office that receives them has its own keys: 沈涛's signatures verify, but he is not
    # on its trusted list (anyone can make a key).
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    assert signature_status_of(paths[0]) is SignatureStatus.VALID_UNTRUSTED
    reasons = refusal(paths, tmp_path / "out.nianbao")
    assert "签名人不在受信任名单：" in reasons
    assert all(p.name in reasons for p in paths) and "签名人 沈涛" in reasons
    assert "请在命令行加 --include-unsigned" in reasons  # consolidate_files: the command line
    out = tmp_path / "out.nianbao"
    planned = consolidate_files(paths, out, "某某自治区人民政府", USER, include_unsigned=True)
    assert [s.unit for s in planned.untrusted] == [u for u, *_ in UNITS]
    (note,) = planned.notes()
    assert note.startswith("以下 3 份报告的签名人不在受信任名单，按要求一并汇总：")
    assert "自治区财政厅（签名人 沈涛）" in note
    with Draft.open(out, USER, readonly=True) as draft:
        record = draft.consolidated_from
        assert {s.signature for s in record} == {"VALID_UNTRUSTED"}
        assert not any(s.trusted for s in record)


def signature_status_of(path: Path) -> SignatureStatus:
    with Draft.open(path, "查看者", readonly=True) as d:
        return signature_status(d).status


def test_many_unsigned_reports_are_named_50_then_counted(tmp_path: Path) -> None:
    reports = [
        read_report_file(write_values(tmp_path / f"{n}.json", variant(f"第{n}局", 1, "0", "1")))
        for n in range(60)
    ]
    planned = plan_consolidation(reports, "某政府", include_unsigned=True)
    (note,) = planned.notes()
    assert note.startswith("以下 60 份报告没有数字签名，按要求一并汇总：第0局、")
    assert note.endswith("第49局 等 60 份") and "第50局" not in note


def test_a_single_report_is_noted(tmp_path: Path) -> None:
    (path,) = three_signed(tmp_path)[:1]
    planned = plan_files([path], "某政府", False)
    assert planned.notes() == [
        "只有 1 份报告（自治区机关事务管理局）：汇总草稿的数字就是这份报告的数字。"
    ]


def test_the_reports_with_errors_of_their_own_are_named(tmp_path: Path) -> None:
    wrong = variant("乙局", 1, "0", "1")
    wrong["values"]["received"] = 4  # 收到申请数 ≠ its four channels
    paths = [
        write_values(tmp_path / "a.json", variant("甲局", 1, "0", "1")),
        write_values(tmp_path / "b.json", wrong),
    ]
    planned = plan_files(paths, "某政府", True)
    assert planned.with_errors == ("乙局（b.json）",)
    assert planned.checker().summary().errors == 1
