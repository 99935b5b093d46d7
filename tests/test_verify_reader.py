"""``verify`` sees what a reader of the workbook sees (issue 13 §4), no Qt.

Each alteration below leaves the figures and fields as signed, so the fingerprint alone matched;
a reader opening the workbook sees something else, and ``verify`` must say 不一致 and name it.
Changes no reader sees (a re-save by openpyxl or LibreOffice, the sheets' order, 3.0 for 3) match.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from test_export import read_data, signed_example, signed_form
from test_verify import edit, find

from govreport_gui.cli.main import main as cli_main
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops.verify import MATCH, MISMATCH, VerifyResult, verify_xlsx
from govreport_gui.core.store.draft import Draft


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def signed(tmp_path: Path) -> tuple[Path, Path]:
    """(draft, its exported workbook): the 2014 form, one sheet."""
    draft = signed_example(tmp_path)
    return draft, export_xlsx(read_data(draft), tmp_path / "signed.xlsx")


@pytest.fixture()
def signed_2021(tmp_path: Path) -> tuple[Path, Path]:
    draft = signed_form(tmp_path, "gov-disclosure-2021", "r2021.nianbao")
    return draft, export_xlsx(read_data(draft), tmp_path / "signed2021.xlsx")


def altered(xlsx: Path, tmp_path: Path, change: Any) -> VerifyResult:
    result = verify_xlsx(edit(xlsx, tmp_path / "altered.xlsx", change))
    return result


def named(result: VerifyResult, *parts: str) -> list[str]:
    """The messages that contain every one of ``parts``."""
    return [m for m in result.messages if all(p in m for p in parts)]


def assert_mismatch_naming(result: VerifyResult, *parts: str) -> None:
    assert result.status == MISMATCH, result.messages
    assert result.messages[0].startswith("打开工作簿看到的内容") or named(result, "看到的内容")
    assert named(result, *parts), result.messages


def figure_row(ws: Any, label: str = "3.网络申请数") -> int:
    return find(ws, label)


ROW = 28  # the row of 3.网络申请数 in the 2014 sheet (its figure, 2, is in column C)


# -- the alterations of the issue ------------------------------------------------------------


def test_an_extra_row_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        row = find(ws, "（三）接受培训人员数") + 1
        ws.insert_rows(row)
        ws.cell(row, 1).value = "（九）其他补充数"
        ws.cell(row, 2).value = "件"
        ws.cell(row, 3).value = 999

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "第69行", "（九）其他补充数", "999", "多出一行")
    assert result.computed == result.printed  # the figures of the form are as signed


def test_an_extra_row_written_into_a_blank_line_is_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        row = find(ws, "（三）接受培训人员数") + 1  # the blank line above the footer
        ws.cell(row, 1).value = "（九）其他补充数"
        ws.cell(row, 3).value = 999

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "第69行“（九）其他补充数", "多出一行")


@pytest.mark.parametrize("state", ["visible", "hidden", "veryHidden"])
def test_an_extra_sheet_is_named(signed: tuple[Path, Path], tmp_path: Path, state: str) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.create_sheet("补充说明")
        ws["A1"] = "另有 999 件未统计"
        ws.sheet_state = state

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "多出工作表“补充说明”")
    if state != "visible":
        assert named(result, "补充说明", "隐藏")


def test_a_hidden_row_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.row_dimensions[figure_row(ws)].hidden = True

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"第{ROW}行", "3.网络申请数", "被隐藏")


def patch_part(xlsx: Path, out: Path, part: str, old: str, new: str) -> Path:
    """Copy ``xlsx`` with a text replaced in one XML part (what openpyxl will not write)."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                text = data.decode("utf-8")
                assert re.search(old, text), old
                data = re.sub(old, new, text, count=1).encode("utf-8")
            dst.writestr(info, data)
    return out


def test_a_zero_height_row_and_a_hidden_column_are_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed
    zero = patch_part(
        xlsx,
        tmp_path / "zero.xlsx",
        "xl/worksheets/sheet1.xml",
        rf'<row r="{ROW}"[^>]*>',
        f'<row r="{ROW}" ht="0" customHeight="1">',
    )
    assert_mismatch_naming(verify_xlsx(zero), f"第{ROW}行", "被隐藏")

    def change(wb: Any) -> None:
        ws = wb.active
        ws.row_dimensions[figure_row(ws)].height = 2
        ws.column_dimensions["C"].hidden = True

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"第{ROW}行", "被隐藏")
    assert named(result, "第 C 列被隐藏")


def test_a_format_that_shows_another_number_is_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        cell = ws.cell(figure_row(ws), 3)
        assert cell.row == ROW and cell.value == 2
        cell.number_format = '"3"'

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"单元格 C{ROW} 的显示为“3”，实际数值为 2")


def test_a_format_that_shows_nothing_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(figure_row(ws), 3).number_format = ";;;"

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"单元格 C{ROW} 的显示为“”，实际数值为 2")


def test_a_format_that_cannot_be_checked_is_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(figure_row(ws), 3).number_format = "[White]0"

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"单元格 C{ROW}", "无法核对的数字格式“[White]0”")


@pytest.mark.parametrize(
    ("color", "fill", "size"),
    [("FFFFFF", None, 11), ("FFFFFFFF", "FFFFFF", 11), ("CC0000", "CC0000", 11), (None, None, 1)],
)
def test_a_font_that_hides_a_figure_is_named(
    signed: tuple[Path, Path], tmp_path: Path, color: str | None, fill: str | None, size: int
) -> None:
    from openpyxl.styles import Font, PatternFill

    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        cell = ws.cell(figure_row(ws), 3)
        cell.font = Font(name="宋体", size=size, color=color)
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, f"单元格 C{ROW}（“2”）")
    if color == "FFFFFF":
        assert named(result, "白色", "看不见")


def test_a_changed_reviewer_in_the_signoff_line_is_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    draft, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("签发：沈涛"):
                    cell.value = cell.value.replace("签发：沈涛", "签发：王局长")
                    return
        raise AssertionError("no sign-off line")

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "应为“签发：沈涛", "现为“签发：王局长")
    with Draft.open(draft, "测试", readonly=True) as d:
        with_draft = verify_xlsx(tmp_path / "altered.xlsx", d)
    assert with_draft.status == MISMATCH and with_draft.changes == []
    assert named(with_draft, "现为“签发：王局长")


def test_deleted_signoff_lines_are_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        first = next(
            r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("签发：")
        )
        ws.delete_rows(first, 2)

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "缺少一行“签发：沈涛", "被删除")
    assert named(result, "缺少一行“完整指纹（SHA-256）")


def test_the_sheet_order_of_a_2021_workbook_does_not_count(
    signed_2021: tuple[Path, Path], tmp_path: Path
) -> None:
    draft, xlsx = signed_2021

    def change(wb: Any) -> None:
        wb.move_sheet(wb.worksheets[2], offset=-2)  # 四 first, then 二, 三

    path = edit(xlsx, tmp_path / "reordered.xlsx", change)
    result = verify_xlsx(path)
    assert result.status == MATCH, result.messages
    with Draft.open(draft, "测试", readonly=True) as d:
        assert verify_xlsx(path, d).ok


# -- what no reader sees ---------------------------------------------------------------------


def test_an_openpyxl_resave_matches(signed_2021: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed_2021
    result = verify_xlsx(edit(xlsx, tmp_path / "resaved.xlsx", lambda wb: None))
    assert result.status == MATCH, result.messages
    assert result.reader_changes == []


def test_a_float_for_an_integer_matches(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        cell = ws.cell(figure_row(ws), 3)
        cell.value = float(cell.value)

    result = altered(xlsx, tmp_path, change)
    assert result.status == MATCH, result.messages


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("which", ["2014", "2021"])
def test_a_libreoffice_resave_matches(
    signed: tuple[Path, Path], signed_2021: tuple[Path, Path], tmp_path: Path, which: str
) -> None:
    _, xlsx = signed if which == "2014" else signed_2021
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = verify_xlsx(out / xlsx.name)
    assert result.status == MATCH, result.messages


# -- more that a reader sees -----------------------------------------------------------------


def test_a_merged_range_added_or_removed_is_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed

    def unmerge(wb: Any) -> None:
        wb.active.unmerge_cells("A70:C70")

    assert_mismatch_naming(altered(xlsx, tmp_path, unmerge), "合并单元格 A70:C70 被取消")

    def merge(wb: Any) -> None:
        wb.active.merge_cells("B69:C69")

    assert_mismatch_naming(altered(xlsx, tmp_path, merge), "多出合并单元格 B69:C69")


def test_a_changed_footer_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        wb.active.oddFooter.right.text = "指纹 0000 0000 0000 0000"

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "页脚（右）应为“指纹 ", "现为“指纹 0000 0000 0000 0000”")

    def first_page(wb: Any) -> None:
        ws = wb.active
        ws.HeaderFooter.differentFirst = True  # page 1 gets its own, empty footer

    result = altered(xlsx, tmp_path, first_page)
    assert_mismatch_naming(result, "首页页脚（中）应为“第 &P 页 共 &N 页”，现为“”")


def test_a_conditional_format_and_a_comment_are_named(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font

    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.conditional_formatting.add(
            "C5:C68", CellIsRule(operator="equal", formula=["2"], font=Font(color="FFFFFF"))
        )
        ws["C5"].comment = Comment("实际为 400", "某人")

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "区域 C5:C68 有条件格式")
    assert named(result, "单元格 C5 有批注")


def test_the_cli_names_what_a_reader_sees(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.row_dimensions[figure_row(ws)].hidden = True

    path = edit(xlsx, tmp_path / "hidden.xlsx", change)
    assert cli_main(["verify", str(path), "--draft", str(draft)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("不一致") and f"第{ROW}行“3.网络申请数" in out and "被隐藏" in out


def test_a_workbook_from_another_version_says_so_when_it_differs(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.row_dimensions[figure_row(ws)].hidden = True
        for prop in wb.custom_doc_props:
            if prop.name == "govreport.version":
                prop.value = "0.0.1"

    result = altered(xlsx, tmp_path, change)
    assert_mismatch_naming(result, "被隐藏")
    assert named(result, "govreport 0.0.1 导出")


def test_a_sheet_far_larger_than_ours_is_not_read_whole(
    signed: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.core.layout import workbook_view

    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.create_sheet("数据")
        ws.sheet_state = "hidden"  # the importer skips hidden sheets: only this reading sees it
        for row in range(1, 200):
            ws.cell(row, 1).value = "填充" * 20

    path = edit(xlsx, tmp_path / "big.xlsx", change)
    monkeypatch.setattr(workbook_view, "MAX_SHEET_PART_BYTES", 20_000)
    result = verify_xlsx(path)
    assert_mismatch_naming(result, "xl/worksheets/sheet2.xml", "远大于本程序导出的统计表")


def test_white_text_inside_a_cell_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    _, xlsx = signed
    wb = openpyxl.load_workbook(xlsx, rich_text=True)
    ws = wb.active
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("签发："))
    line = str(ws.cell(row, 1).value)
    # The same text, its second half in white: the line reads “签发：沈涛” and stops there.
    ws.cell(row, 1).value = CellRichText(
        [
            TextBlock(InlineFont(sz=9), line[:5]),
            TextBlock(InlineFont(sz=9, color="FFFFFF"), line[5:]),
        ]
    )
    wb.save(tmp_path / "runs.xlsx")
    result = verify_xlsx(tmp_path / "runs.xlsx")
    assert_mismatch_naming(result, f"单元格 A{row}（“签发：沈涛", "白色", "看不见")


def test_a_struck_through_figure_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl.styles import Font

    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(figure_row(ws), 3).font = Font(name="宋体", size=11, strike=True)

    assert_mismatch_naming(altered(xlsx, tmp_path, change), f"单元格 C{ROW}（“2”）加了删除线")


def test_a_draft_export_without_its_draft_marks_does_not_match_the_draft(tmp_path: Path) -> None:
    from test_export import example, make_draft

    doc = example()
    path = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    xlsx = export_xlsx(read_data(path), tmp_path / "d.xlsx", draft_mode=True)

    def change(wb: Any) -> None:
        ws = wb.active
        ws.delete_rows(find(ws, "草稿（未签发）"))
        ws.oddHeader.center.text = ""

    changed = edit(xlsx, tmp_path / "clean.xlsx", change)
    with Draft.open(path, "测试", readonly=True) as d:
        assert verify_xlsx(xlsx, d).ok
        result = verify_xlsx(changed, d)
    assert_mismatch_naming(result, "缺少一行“草稿（未签发）”")
    assert named(result, "页眉（中）应为“草稿（未签发）”，现为“”")


@pytest.fixture()
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switch this process's local time zone (the sign-off line prints local time)."""
    import time

    def switch(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield switch
    monkeypatch.undo()
    time.tzset()


def test_a_signing_time_shown_in_another_time_zone_matches(tmp_path: Path, time_zone: Any) -> None:
    time_zone("Asia/Shanghai")
    draft = signed_example(tmp_path)
    xlsx = export_xlsx(read_data(draft), tmp_path / "beijing.xlsx")
    time_zone("UTC")  # checked by a computer set to another zone
    result = verify_xlsx(xlsx)
    assert result.status == MATCH, result.messages
    assert named(result, "UTC+08:00", "同一时刻")

    def change(wb: Any) -> None:  # a time that is the signed instant in no zone
        ws = wb.active
        row = next(
            r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("签发：")
        )
        line = str(ws.cell(row, 1).value)
        minute = line.index("签发时间：") + len("签发时间：") + 15
        other = "7" if line[minute] != "7" else "8"
        ws.cell(row, 1).value = line[:minute] + other + line[minute + 1 :]

    assert_mismatch_naming(altered(xlsx, tmp_path, change), "应为“签发：沈涛")
