"""``govreport consolidate`` never sums a report quietly incomplete: a report with an error of its
own file (a published report's figure that could not be read, a signed workbook that no longer
shows what was signed) refuses the 汇总, with or without --include-unsigned (exit 2, nothing
written); a draft's cells its form does not have are named in a note (the form's own cells are
summed, complete)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cli_run import Run, run
from consolidation_samples import three_signed
from published_reports import SEED_VALUES, export_docx, load
from test_check_hidden_cells import merged, rewrite

from govreport_gui.core.store.draft import Draft

GOV = "某某自治区人民政府"
_ = run  # the fixture of cli_run


def test_a_published_report_with_a_figure_not_read_refuses_the_consolidation(
    run: Run, tmp_path: Path
) -> None:
    """The Word report of 自治区机关事务管理局 with “abc” for 370: summed, its 370 would be missing."""
    others = three_signed(tmp_path / "drafts")[1:]
    plain = export_docx(tmp_path / "plain.docx", load(SEED_VALUES))
    abc = rewrite(
        plain, tmp_path / "局.docx", "word/document.xml", {"<w:t>370</w:t>": "<w:t>abc</w:t>"}
    )
    target = tmp_path / "汇总.nianbao"
    code, out, err = run(
        "consolidate", abc, *others, "--out", target, "--unit", GOV, "--include-unsigned"
    )
    assert code == 2 and out == "", out
    lines = err.splitlines()
    assert lines[0].endswith("不能汇总：") and lines[-1] == "未写入任何文件。"
    assert (
        "  “局.docx”本身有错误，汇总会不完整，不能汇总（选择包括未签发的报告也不行）："
        "表格1第 3 行第 3 列“主动公开政府信息数”：“abc”不是数字" in err
    )
    assert "请向报送单位要一份改正后的报告。" in err
    assert not target.exists()


def test_a_signed_workbook_that_no_longer_shows_what_was_signed_is_refused(
    run: Run, tmp_path: Path
) -> None:
    """Its signature holds (it would be summed without asking), but a merge hides figures."""
    paths = three_signed(tmp_path / "drafts")
    workbook = tmp_path / "财政厅.xlsx"
    assert run("export", paths[1], "--xlsx", workbook)[0] == 0
    hidden = merged(workbook, tmp_path / "财政厅-合并.xlsx", "B5:C7")
    target = tmp_path / "汇总.nianbao"
    code, _, err = run("consolidate", paths[0], hidden, paths[2], "--out", target, "--unit", GOV)
    assert code == 2
    assert "“财政厅-合并.xlsx”本身有错误，汇总会不完整" in err
    assert "打开工作簿看到的内容与签发的内容不同" in err and "被合并单元格 B5:C7 遮住" in err
    assert not target.exists()


def test_a_drafts_cells_its_form_does_not_have_are_named(run: Run, tmp_path: Path) -> None:
    paths = three_signed(tmp_path / "drafts")
    con = sqlite3.connect(str(paths[1]), isolation_level=None)
    try:
        con.executemany(
            "INSERT INTO cell (id, value) VALUES (?, ?)", [("new_cell", "5"), ("other.cell", "7")]
        )
    finally:
        con.close()
    target = tmp_path / "汇总.nianbao"
    code, out, err = run("consolidate", *paths, "--out", target, "--unit", GOV)
    assert code == 0, err
    assert (
        "注意：以下 1 份报告中有本表单没有的单元格，其中的数值没有汇总（可能是更新版本的 govreport "
        "保存的，请升级程序后再汇总，或向报送单位核实）："
        "自治区财政厅（2-自治区财政厅.nianbao：new_cell、other.cell）\n"
    ) in out
    with Draft.open(target, "x", readonly=True) as draft:
        assert not draft.unknown_cells  # not summed, not copied
    # The note stays with the draft: whoever opens it later reads it in its history.
    code, out, err = run("history", target)
    assert code == 0, err
    line = next(line for line in out.splitlines() if "汇总自 3 份报告" in line)
    assert line.endswith(
        "以下 1 份报告中有本表单没有的单元格，其中的数值没有汇总（可能是更新版本的 govreport 保存的，"
        "请升级程序后再汇总，或向报送单位核实）：自治区财政厅（2-自治区财政厅.nianbao：new_cell、other.cell）"
    ), line


def test_reports_without_problems_of_their_own_say_nothing_of_them(
    run: Run, tmp_path: Path
) -> None:
    code, out, err = run(
        "consolidate", *three_signed(tmp_path), "--out", tmp_path / "o", "--unit", GOV
    )
    assert code == 0, err
    assert "本表单没有的单元格" not in out and "本身有错误" not in out + err


def test_the_notes_kept_in_the_history_read_as_one_text(run: Run, tmp_path: Path) -> None:
    """A single report whose draft has cells its form lacks: two notes, kept as one line's note,
    joined without a stray “。；”."""
    path = three_signed(tmp_path / "drafts")[1]
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute("INSERT INTO cell (id, value) VALUES ('new_cell', '5')")
    finally:
        con.close()
    target = tmp_path / "汇总.nianbao"
    code, _, err = run("consolidate", path, "--out", target, "--unit", GOV)
    assert code == 0, err
    code, out, err = run("history", target)
    assert code == 0, err
    line = next(line for line in out.splitlines() if "汇总自 1 份报告" in line)
    assert "汇总草稿的数字就是这份报告的数字；以下 1 份报告中有本表单没有的单元格" in line, line
    assert "。；" not in line
