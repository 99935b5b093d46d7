"""``govreport compare LAST THIS [--json]`` (issue 17): the table, the notes and the checks against
last year's report in Chinese; one JSON object; exit 0 compared, 1 a check against last year's
report fails, 2 unusable or not comparable."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_run import Run
from compare_files import example, following, report
from consolidation_samples import write_draft
from signing import sign_off_as

from govreport_gui.cli.main import COMMANDS, main


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)


def test_the_table_then_the_notes(run: Run, tmp_path: Path) -> None:
    last = example(tmp_path / "2018.json", "2018", proactive_info=370)
    this = example(tmp_path / "2019.json", "2019", proactive_info=4100, fees="0.3")
    code, out, err = run("compare", last, this)
    assert code == 0  # a jump is a note, not a failure
    lines = out.splitlines()
    assert lines[0] == "同比比较：自治区机关事务管理局：2018 年度与 2019 年度"
    assert lines[1] == f"上年：{last}（数值文件，2014–2018 年度表格；签名：无数字签名）"
    header = next(line for line in lines if line.lstrip().startswith("项目"))
    assert header.split() == ["项目", "上年", "本年", "变化", "说明"]
    row = next(line for line in lines if "（一）主动公开政府信息数" in line and "370" in line)
    assert "370" in row and "4100" in row and "+3730（+1008.1%）" in row
    assert "增加到上年的 11.1 倍（370 → 4100），请核对" in row
    fees = next(line for line in lines if "七、依申请公开信息收取的费用" in line)
    assert fees.split()[-3:] == ["0", "0.3", "+0.3"]  # money exact; no % of a zero
    notes = lines.index("大幅变化（1 项，请审核人核对；不是错误）：")
    assert lines[notes + 1] == (
        "  一、主动公开情况 › （一）主动公开政府信息数：增加到上年的 11.1 倍（370 → 4100），请核对"
    )
    assert lines[-1] == "共 58 项，两年都有的 58 项；大幅变化 1 项；与上年衔接的核对没有不相符。"
    # The 2014 form is not the one for 2019: said on stderr.
    assert (
        "注意：本年报告用的是适用于 2014–2018 年度的表格（国办发〔2014〕32号），2019 年度应使用国办公开办函〔2019〕60号的表格。"
        in err
    )


def test_a_failing_check_against_last_year_exits_1(run: Run, tmp_path: Path) -> None:
    last = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021")
    tied = following(last)
    good = report(tmp_path / "a" / "2022.json", "gov-disclosure-2021", "2022", tied)
    code, out, _ = run("compare", last, good)
    assert code == 0
    assert "    相符：上年结转申请（自然人）" in out.splitlines()
    bad = report(
        tmp_path / "b" / "2022.json", "gov-disclosure-2021", "2022", tied, carried_over__natural=3
    )
    code, out, _ = run("compare", last, bad)
    assert code == 1
    lines = out.splitlines()
    at = lines.index("  上年结转政府信息公开申请数量应等于上年度报告的“结转下年度继续办理”数量")
    assert (
        lines[at + 1] == "    不相符：上年结转申请（自然人） 3 ≠ 上年结转下年度继续办理（自然人） 0"
    )
    assert lines[-1].endswith("与上年衔接的核对有 1 项不相符。")


def test_json_is_one_object(run: Run, tmp_path: Path) -> None:
    last = report(tmp_path / "2020.json", "gov-disclosure-2019", "2020", licensing__decisions=7)
    this = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021", licensing=70)
    code, out, err = run("compare", last, this, "--json")
    data = json.loads(out)
    assert code == data["exit_code"] == 1  # the consistent reports' 上年结转 do not tie up
    assert set(data) >= {"figures", "notes", "prev_checks", "warnings", "unit", "last", "this"}
    assert data["last"]["form"] == "gov-disclosure-2019" and data["this"]["year"] == "2021"
    licensing = next(f for f in data["figures"] if f["cell"] == "licensing")
    assert licensing["last_cell"] == "licensing.decisions"
    assert (licensing["last"], licensing["this"], licensing["change"]) == (7, 70, 63)
    assert licensing["percent"] == "900.0" and licensing["jump"] == "up"
    assert data["notes"] == [
        {
            "label": "表二 第二十条第（五）项 › 行政许可",
            "cell": "licensing",
            "jump": "up",
            "text": "增加到上年的 10 倍（7 → 70），请核对",
        }
    ]
    fees = next(f for f in data["figures"] if f["cell"] == "fees")
    assert fees["this"] == "24252.311082" and fees["remark"] == "上年表格无此项"
    failed = [c for c in data["prev_checks"] if c["status"] == "failed"]
    assert failed and all(c["status_text"] == "不相符" for c in failed)
    assert "对应出 172 项" in data["warnings"][0] and "注意：" in err


def test_refusals_exit_2_with_the_reasons(run: Run, tmp_path: Path) -> None:
    last = example(tmp_path / "a.json", "2019")
    other = example(tmp_path / "b.json", "2019", unit="另一个局")
    code, out, err = run("compare", last, other)
    assert code == 2 and out == ""
    assert err.startswith("govreport：无法比较：\n  ")
    assert "不是同一个单位" in err and "都是 2019 年度" in err
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    code, _, err = run("compare", broken, last, "--json")
    assert code == 2 and "上年报告无法读取：" in err


def test_registered_with_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert next((name, module) for name, module, _help in COMMANDS if name == "compare") == (
        "compare",
        "compare_command",
    )
    with pytest.raises(SystemExit) as done:
        main(["compare", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "LAST" in out and "THIS" in out and "上一年的报告" in out and "--json" in out


def test_a_signed_draft_beside_a_values_file(run: Run, tmp_path: Path) -> None:
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import Draft

    doc = load_values_document(example(tmp_path / "2018.json", "2018", fees="1.5"))
    draft_path = tmp_path / "某某局2018.nianbao"
    draft = Draft.create(draft_path, doc.form, "填报人", doc.fields, doc.values)
    review.submit(draft)
    sign_off_as(draft, "沈涛")
    draft.close()
    before = draft_path.read_bytes()
    this = example(tmp_path / "2019.json", "2019", fees="1.25")
    code, out, _ = run("compare", draft_path, this)
    assert code == 0
    assert (
        f"上年：{draft_path}（草稿，2014–2018 年度表格；签名：签名有效，签名人受信任）"
        in out.splitlines()
    )
    fees = next(line for line in out.splitlines() if "七、依申请公开信息收取的费用" in line)
    assert fees.split()[-3:] == ["1.5", "1.25", "-0.25（-16.7%）"]
    assert draft_path.read_bytes() == before  # read only: nothing written to the draft


def test_across_a_gap_year_the_carry_over_checks_do_not_apply(run: Run, tmp_path: Path) -> None:
    # 2021 → 2023: 2023's 上年结转 is 2022's 结转下年度, not 2021's; a mismatch is no failure.
    last = report(tmp_path / "2021.json", "gov-disclosure-2021", "2021")
    this = report(
        tmp_path / "2023.json",
        "gov-disclosure-2021",
        "2023",
        following(last),
        carried_over__natural=3,
    )
    code, out, err = run("compare", last, this)
    assert code == 0
    assert "不相符" not in out
    assert "与上年报告的衔接：两份报告不是相邻年度，上年结转的核对不适用。" in out.splitlines()
    assert out.splitlines()[-1].endswith("与上年衔接的核对不适用（不是相邻年度）。")
    assert "注意：两份报告不是相邻年度，上年结转的核对不适用。" in err
    code, out, _ = run("compare", last, this, "--json")
    data = json.loads(out)
    assert code == 0 and data["exit_code"] == 0
    assert data["prev_checks"] == [] and data["prev_checks_apply"] is False


def test_a_tampered_draft_is_said_in_the_header_the_json_and_a_warning(
    run: Run, tmp_path: Path
) -> None:
    last = signed_draft(example(tmp_path / "2018.json", "2018"))
    this = signed_draft(example(tmp_path / "2019.json", "2019"))
    tamper(this)
    code, out, err = run("compare", last, this)
    assert code == 0  # compared: the figures are still there to look at
    lines = out.splitlines()
    assert lines[1].endswith("签名：签名有效，签名人受信任）")
    assert lines[2].endswith("签名：签发后被改动（签名无效））")
    assert "注意：本年报告签发后被改动（签名无效）" in err
    assert "上年报告签发后被改动" not in err
    code, out, _ = run("compare", last, this, "--json")
    data = json.loads(out)
    assert data["this"]["signature"]["status"] == "INVALID"
    assert data["this"]["signature_text"] == "签发后被改动（签名无效）"
    assert data["last"]["signature"]["status"] == "VALID_TRUSTED"
    assert data["last"]["status"] == "已签发"
    assert any(w.startswith("本年报告签发后被改动（签名无效）") for w in data["warnings"])


def signed_draft(values_file: Path) -> Path:
    """The values file as a draft signed off by 沈涛 (the values file removed)."""
    document = json.loads(values_file.read_text(encoding="utf-8"))
    values_file.unlink()
    return write_draft(values_file.with_suffix(".nianbao"), document)


def tamper(draft: Path) -> None:
    """A figure changed behind the program's back, after the sign-off."""
    con = sqlite3.connect(draft)
    con.execute("UPDATE cell SET value = '99' WHERE id = 'received'")
    con.commit()
    con.close()


def test_a_signed_workbook_that_no_longer_shows_what_was_signed_is_a_warning(
    run: Run, tmp_path: Path
) -> None:
    """As an invalid signature: compared (the reviewer may want the figures), and said."""
    from test_check_hidden_cells import merged

    last = signed_draft(example(tmp_path / "2018.json", "2018"))
    this = signed_draft(example(tmp_path / "2019.json", "2019"))
    assert run("export", this, "--xlsx", tmp_path / "2019.xlsx")[0] == 0
    hidden = merged(tmp_path / "2019.xlsx", tmp_path / "2019-合并.xlsx", "B5:C7")
    code, _, err = run("compare", last, hidden)
    assert code == 0, err
    assert "注意：本年报告：打开工作簿看到的内容与签发的内容不同，签发后被改动过（共 " in err
    assert "被合并单元格 B5:C7 遮住" in err and "上年报告：" not in err
    data = run.json("compare", last, hidden)
    assert any(
        w.startswith("本年报告：打开工作簿看到的内容与签发的内容不同") for w in data["warnings"]
    )


def test_a_published_report_without_a_table_is_a_warning(run: Run, tmp_path: Path) -> None:
    """Its table's figures are blank in the comparison: the reviewer is told why."""
    from published_reports import example_2021_file, export_html, load, values_file
    from test_check_missing_table import without_table

    doc = load(example_2021_file(tmp_path))
    page = export_html(tmp_path / "2022.html", doc)
    cut = without_table(page, tmp_path / "2022-缺表.html", "本年新收政府信息公开申请数量")
    last = values_file(
        tmp_path / "2021.json", doc.form.id, doc.values, {**doc.fields, "year": "2021"}
    )
    code, _, err = run("compare", last, cut)
    assert code in (0, 1), err
    assert "注意：本年报告：没有读出统计表“三、收到和处理政府信息公开申请情况”" in err
