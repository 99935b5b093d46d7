"""``govreport consolidate`` (汇总, issue 17): what it prints, its exit codes (0 written, 1 written
with errors in the sums' check, 2 refused with nothing written), and ``show`` of the result."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_run import Run, run
from consolidation_samples import UNITS, three_signed, variant, write_draft, write_values
from unlistable import cli_without_permissions, deny_listing

from govreport_gui.core.store.draft import Draft

GOV = "某某自治区人民政府"
_ = run  # the fixture of cli_run


def test_a_folder_is_consolidated_and_each_report_is_printed(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "各部门"
    three_signed(folder)
    (folder / "说明.txt").write_text("不是报表", encoding="utf-8")
    code, out, err = run("consolidate", folder, "--out", tmp_path / "汇总", "--unit", GOV)
    assert code == 0, err
    assert f"已汇总 3 份报告（政府信息公开情况统计表，2018 年度）为“{GOV}”的新草稿" in out
    for unit, *_ in UNITS:
        assert f"  {unit}\t" in out
    assert out.count("沈涛 签发于") == 3 and "签名有效，签名人受信任（签名密钥 " in out
    assert "汇总后的校验：\n共 0 个错误，0 个警告，0 个空格未填（共 58 格）。" in out
    assert (tmp_path / "汇总.nianbao").is_file()  # .nianbao added


def test_show_and_show_json_give_the_record(run: Run, tmp_path: Path) -> None:
    out_file = tmp_path / "汇总.nianbao"
    run("consolidate", *three_signed(tmp_path), "--out", out_file, "--unit", GOV)
    code, out, _ = run("show", out_file)
    assert code == 0
    assert (
        "汇总自 3 份报告：\n  自治区机关事务管理局\t1-自治区机关事务管理局.nianbao\t沈涛 签发于"
        in out
    )
    data = run.json("show", out_file)
    record = data["consolidated_from"]
    assert [r["unit"] for r in record] == [u for u, *_ in UNITS]
    assert all(r["signature"] == "VALID_TRUSTED" and r["key_fingerprint"] for r in record)
    history = run.json("history", out_file)
    assert [e["new"] for e in history if e["kind"] == "consolidate"] == [
        "汇总自 3 份报告：自治区机关事务管理局、自治区财政厅、自治区教育厅"
    ]
    code, out, _ = run("history", out_file)
    assert "\t汇总\t\t汇总自 3 份报告：" in out


def test_refused_exit_2_with_every_reason_and_nothing_written(run: Run, tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    unsigned = write_values(tmp_path / "未签.json", variant("自治区财政厅", 1, "0", "1"))
    other_year = write_values(tmp_path / "去年.json", variant("某局", 1, "0", "1", year="2017"))
    target = tmp_path / "汇总.nianbao"
    code, out, err = run(
        "consolidate", *paths, unsigned, other_year, "--out", target, "--unit", GOV
    )
    assert code == 2 and out == ""
    assert "不能汇总：" in err and "未写入任何文件。" in err
    assert "报告的年度不同" in err and "同一单位“自治区财政厅”有 2 份报告" in err
    assert "以下报告没有签发" in err and "--include-unsigned" in err
    assert not target.exists()


def test_unsigned_included_with_the_flag_is_said(run: Run, tmp_path: Path) -> None:
    paths = [
        *three_signed(tmp_path)[:2],
        write_values(tmp_path / "c.json", variant("丙局", 1, "0", "1")),
    ]
    code, out, err = run(
        "consolidate", *paths, "--out", tmp_path / "o.nianbao", "--unit", GOV, "--include-unsigned"
    )
    assert code == 0, err
    assert "  丙局\tc.json\t未签发\t未签发\n" in out
    assert "注意：以下 1 份报告没有数字签名，按要求一并汇总：丙局" in out


def test_what_its_maker_was_told_is_shown_with_the_record(run: Run, tmp_path: Path) -> None:
    """A reviewer opening the 汇总 later sees what its maker was told (here: a report without a
    digital signature, summed as asked), not only in the history."""
    paths = [
        *three_signed(tmp_path)[:2],
        write_values(tmp_path / "c.json", variant("丙局", 1, "0", "1")),
    ]
    target = tmp_path / "o.nianbao"
    run("consolidate", *paths, "--out", target, "--unit", GOV, "--include-unsigned")
    code, out, _ = run("show", target)
    assert code == 0
    assert "汇总时的提示：以下 1 份报告没有数字签名，按要求一并汇总：丙局。\n" in out
    assert run.json("show", target)["consolidation_note"] == (
        "以下 1 份报告没有数字签名，按要求一并汇总：丙局"
    )
    signed_only = tmp_path / "signed.nianbao"
    run("consolidate", *three_signed(tmp_path / "b"), "--out", signed_only, "--unit", GOV)
    assert "汇总时的提示" not in run("show", signed_only)[1]
    assert run.json("show", signed_only)["consolidation_note"] == ""


def test_errors_in_the_sums_check_exit_1_with_the_draft_written(run: Run, tmp_path: Path) -> None:
    wrong = variant("乙局", 1, "0", "1")
    wrong["values"]["received"] = 4  # 收到申请数 ≠ its four channels: an error in the report
    paths = [
        write_values(tmp_path / "a.json", variant("甲局", 1, "0", "1")),
        write_values(tmp_path / "b.json", wrong),
    ]
    target = tmp_path / "o.nianbao"
    code, out, _ = run("consolidate", *paths, "--out", target, "--unit", GOV, "--include-unsigned")
    assert code == 1 and target.is_file()
    assert "汇总后的校验：" in out and "1 个错误" in out
    assert "以下报告本身有错误（1 份，汇总后的错误可能来自它们）：乙局（b.json）" in out


def test_blank_cells_and_last_years_missing_units_are_printed(run: Run, tmp_path: Path) -> None:
    last = [
        write_draft(tmp_path / "2017" / f"{n}.nianbao", variant(u, 1, "0", "1", year="2017"))
        for n, u in enumerate(("自治区机关事务管理局", "自治区财政厅", "自治区民政厅"))
    ]
    last_out = tmp_path / "2017汇总.nianbao"
    assert run("consolidate", *last, "--out", last_out, "--unit", GOV)[0] == 0
    docs = [variant(u, f, fees, budget) for u, f, fees, budget in UNITS]
    docs[1]["values"]["meetings"] = None
    paths = [write_values(tmp_path / "2018" / f"{n}.json", d) for n, d in enumerate(docs)]
    code, out, err = run(
        "consolidate",
        *paths,
        "--out",
        tmp_path / "o",
        "--unit",
        GOV,
        "--previous",
        last_out,
        "--include-unsigned",
    )
    assert code == 0, err
    assert "部分报告未填、按 0 相加：会议数（1 份未填）" in out
    assert "上一年度汇总过、今年没有报告的单位（1 个）：自治区民政厅" in out


def test_an_existing_output_and_a_bad_output_folder_are_refused(run: Run, tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    existing = tmp_path / "有了.nianbao"
    existing.write_bytes(b"mine")
    code, _, err = run("consolidate", *paths, "--out", existing, "--unit", GOV)
    assert code == 2 and "文件已存在，不会覆盖" in err and existing.read_bytes() == b"mine"
    code, _, err = run("consolidate", *paths, "--out", tmp_path / "无" / "o", "--unit", GOV)
    assert code == 2 and "汇总草稿没有写入：文件夹不存在" in err


def test_links_inside_a_folder_are_skipped_and_said(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "各部门"
    three_signed(folder)
    outside = write_draft(tmp_path / "外面" / "x.nianbao", variant("外单位", 1, "0", "1"))
    os.symlink(outside, folder / "链接.nianbao")
    code, out, err = run("consolidate", folder, "--out", tmp_path / "o", "--unit", GOV)
    assert code == 0 and "已跳过链接" in err and "外单位" not in out


def test_the_written_draft_is_a_draft_like_any_other(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "o.nianbao"
    run("consolidate", *three_signed(tmp_path), "--out", target, "--unit", GOV, "--user", "王五")
    with Draft.open(target, "王五", readonly=True) as draft:
        assert draft.meta["created_by"] == "王五"
    code, out, _ = run("check", target, "--json")
    assert code == 0 and json.loads(out)["errors"] == 0


def test_an_exported_signed_workbook_counts_as_signed(run: Run, tmp_path: Path) -> None:
    from consolidation_samples import expected_sums

    paths = three_signed(tmp_path / "drafts")
    workbook = tmp_path / "财政厅.xlsx"
    assert run("export", paths[1], "--xlsx", workbook)[0] == 0
    target = tmp_path / "o.nianbao"
    code, out, err = run(
        "consolidate", paths[0], workbook, paths[2], "--out", target, "--unit", GOV
    )
    assert code == 0, err
    assert "  自治区财政厅\t财政厅.xlsx\t沈涛 签发于" in out
    documents = [variant(u, f, fees, budget) for u, f, fees, budget in UNITS]
    with Draft.open(target, "x", readonly=True) as draft:
        assert draft.values == expected_sums(documents)
        assert draft.consolidated_from[1].signature == "VALID_TRUSTED"


def test_an_output_name_with_another_suffix_is_refused(run: Run, tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    code, out, err = run("consolidate", *paths, "--out", tmp_path / "r8.txt", "--unit", GOV)
    assert code == 2 and out == ""
    assert "汇总草稿的文件名应以 .nianbao 结尾，而“r8.txt”以 .txt 结尾：请改为如 r8.nianbao" in err
    assert not (tmp_path / "r8.txt.nianbao").exists() and not (tmp_path / "r8.txt").exists()
    code, _, err = run("consolidate", *paths, "--out", tmp_path / "r8.NIANBAO", "--unit", GOV)
    assert code == 0, err


def test_a_single_report_and_an_untrusted_signer_are_noted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = three_signed(tmp_path)[:1]
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))  # 沈涛 not trusted here
    code, out, err = run("consolidate", path, "--out", tmp_path / "o", "--unit", GOV)
    assert (
        code == 2 and "签名人不在受信任名单：1-自治区机关事务管理局.nianbao（签名人 沈涛）" in err
    )
    assert "请在命令行加 --include-unsigned" in err and "勾选" not in err
    code, out, err = run(
        "consolidate", path, "--out", tmp_path / "o", "--unit", GOV, "--include-unsigned"
    )
    assert code == 0, err
    assert "注意：只有 1 份报告（自治区机关事务管理局）：汇总草稿的数字就是这份报告的数字。" in out
    assert "注意：以下 1 份报告的签名人不在受信任名单，按要求一并汇总：" in out


# -- a folder that cannot be read: refused, as an unreadable report is ---------------------------


def test_a_subfolder_that_cannot_be_read_refuses_the_consolidation(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "各部门"
    three_signed(folder / "sub1")
    write_draft(folder / "sub2" / "民政厅.nianbao", variant("自治区民政厅", 1, "0", "1"))
    deny_listing(monkeypatch, folder / "sub2")  # a department's reports that cannot be seen
    target = tmp_path / "汇总.nianbao"
    code, out, err = run("consolidate", folder, "--out", target, "--unit", GOV)
    assert code == 2 and out == ""
    assert err.endswith(
        "govreport：不能汇总：\n"
        f"  没有权限读取文件夹：{folder / 'sub2'}（其中的报告没有读到，汇总会不完整）\n"
        "未写入任何文件。\n"
    )
    assert not target.exists()


def test_a_folder_given_that_cannot_be_read_is_the_reason_not_no_reports(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = three_signed(tmp_path / "有")
    locked = tmp_path / "锁"
    locked.mkdir()
    deny_listing(monkeypatch, locked)
    target = tmp_path / "汇总.nianbao"
    code, _, err = run("consolidate", *paths, locked, "--out", target, "--unit", GOV)
    assert code == 2 and not target.exists()
    assert f"  没有权限读取文件夹：{locked}（其中的报告没有读到，汇总会不完整）\n" in err
    assert "文件夹中没有" not in err
    code, _, err = run("consolidate", locked, "--out", target, "--unit", GOV)
    assert code == 2 and not target.exists()
    assert "没有要汇总的报告" not in err and f"没有权限读取文件夹：{locked}" in err


def test_a_folder_without_permission_really_refuses(tmp_path: Path) -> None:
    """The whole command in a process that cannot read a chmod 000 folder (as root too)."""
    folder = tmp_path / "f"
    write_values(folder / "sub1" / "a.json", variant("自治区财政厅", 1, "0", "1"))
    (folder / "sub2").mkdir()
    (folder / "sub2").chmod(0o000)
    try:
        done = cli_without_permissions(
            ["consolidate", "f", "--out", "c.nianbao", "--unit", "某县", "--include-unsigned"],
            tmp_path,
            dict(os.environ),
        )
    finally:
        (folder / "sub2").chmod(0o700)
    if done is None:
        pytest.skip("cannot drop the permission to read any folder here")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "没有权限读取文件夹：f/sub2（其中的报告没有读到，汇总会不完整）" in done.stderr
    assert "未写入任何文件。" in done.stderr and not (tmp_path / "c.nianbao").exists()
