"""An unsigned workbook whose figures whoever opens it in Excel or WPS does not see as read — a
hidden row or column (or one of zero height / width), a number format that shows nothing or another
number, a font (or a format's colour) white on white, a struck-through figure — is refused by check,
the 审核台 and import-xlsx (exit 2), each figure named with why, as a merge over figures is
(tests/test_check_hidden_cells.py). Hiding what holds no figure is harmless, and our own exports of
all three forms check and import cleanly. A signed workbook is judged by verify's comparison with
what was signed (file.not_as_signed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import Run, run
from desk_samples import workbook
from openpyxl.styles import Font, PatternFill
from test_check_hidden_cells import SHEET, assert_not_read, rewrite
from test_export import read_data, signed_example, signed_form

from govreport_gui.core.layout.export_xlsx import export_xlsx

_ = run  # the fixture of cli_run
FIGURE = "工作表“政府信息公开情况统计表”C6“主动公开政府信息数”：“370”"


@pytest.fixture()
def plain(tmp_path: Path) -> Path:
    """An unsigned export (草稿): C6 holds 370, 主动公开政府信息数."""
    return workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")


def edited(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    """``source`` changed on its first sheet and saved again, as a spreadsheet program does."""
    book = openpyxl.load_workbook(source)
    change(book.worksheets[0])
    book.save(target)
    return target


def styled(cell: str, **style: Any) -> Callable[[Any], None]:
    def change(ws: Any) -> None:
        for name, value in style.items():
            setattr(ws[cell], name, value)

    return change


# (how the sheet part is rewritten, or how a spreadsheet program changes it; what is said)
XML_HIDING = {
    "hidden row": ({r'<row r="6" ': '<row r="6" hidden="1" '}, "所在的第 6 行被隐藏（或行高设为 0）"),
    "zero height": ({r'<row r="6" ht="[0-9.]+"': '<row r="6" ht="0"'}, "所在的第 6 行被隐藏"),
    "hidden by default": (
        {r"<sheetFormatPr ": '<sheetFormatPr zeroHeight="1" ', r'<row r="6" ht="[0-9.]+" customHeight="1"': '<row r="6"'},
        "所在的第 6 行被隐藏",
    ),
    "hidden column": (
        {r'<col width="14" customWidth="1" min="3" max="3" />': '<col width="14" customWidth="1" hidden="1" min="3" max="3" />'},
        "所在的 C 列被隐藏（或列宽设为 0）",
    ),
    "zero width": (
        {r'<col width="14" customWidth="1" min="3" max="3" />': '<col width="0" customWidth="1" min="3" max="3" />'},
        "所在的 C 列被隐藏",
    ),
}  # fmt: skip
STYLE_HIDING = {
    ";;;": (styled("C6", number_format=";;;"), "的数字格式“;;;”使它什么也不显示"),
    '""': (styled("C6", number_format='""'), "的数字格式“\"\"”使它什么也不显示"),
    "literal": (styled("C6", number_format='"4"'), "显示为“4”（数字格式“\"4\"”），看的人读到的不是这个数"),
    # 370 shown in thousands, or in ten thousands (a template's “以万为单位” format)
    "thousands": (styled("C6", number_format="#,##0,"), "显示为“0”（数字格式“#,##0,”），看的人读到的不是这个数"),
    "ten thousands": (styled("C6", number_format="0!.0000"), "显示为“0.0370”（数字格式“0!.0000”），看的人读到的不是这个数"),
    "[White]": (styled("C6", number_format="[White]0"), "的数字格式“[White]0”把字设为白色，在白底上看不见"),
    "white font": (styled("C6", font=Font(color="FFFFFF")), "的字体为白色，在白底上看不见"),
    "font as fill": (
        styled("C6", font=Font(color="FFFF00"), fill=PatternFill("solid", fgColor="FFFF00")),
        "的字体为颜色 #FFFF00，在底色 #FFFF00上看不见",
    ),
    "struck": (styled("C6", font=Font(strike=True)), "加了删除线，看的人会当它已删去"),
}  # fmt: skip


def hiding(how: str, plain: Path, target: Path) -> tuple[Path, str]:
    if how in XML_HIDING:
        change, said = XML_HIDING[how]
        return rewrite(plain, target, SHEET, change), said
    edit, said = STYLE_HIDING[how]
    return edited(plain, target, edit), said


@pytest.mark.parametrize("how", [*XML_HIDING, *STYLE_HIDING])
def test_an_unsigned_workbook_that_hides_a_figure_is_not_read(
    plain: Path, tmp_path: Path, run: Run, how: str
) -> None:
    hidden, said = hiding(how, plain, tmp_path / "x.xlsx")
    assert_not_read(run, hidden, f"{FIGURE}{said}")
    _, _, err = run("check", hidden)
    assert "以下数字在 Excel 或 WPS 中看不到（或看到的不是这个数）" in err


def test_every_hidden_figure_is_named_and_the_list_is_capped(
    plain: Path, tmp_path: Path, run: Run
) -> None:
    """A hidden column hides the 41 figures of the table: the first 20 named, then how many more."""
    hidden, _ = hiding("hidden column", plain, tmp_path / "x.xlsx")
    code, _, err = run("check", hidden)
    assert code == 2
    assert err.count("所在的 C 列被隐藏") == 20
    assert "……另有 " in err


@pytest.mark.parametrize(
    "change",
    [
        {r'<row r="5" ': '<row r="5" hidden="1" '},  # 一、主动公开情况: a heading, no figure
        {r"<cols>": '<cols><col width="0" customWidth="1" min="4" max="9" />'},  # empty columns
        {r"<sheetFormatPr ": '<sheetFormatPr zeroHeight="1" '},  # every row has its own height
    ],
)
def test_hiding_what_holds_no_figure_is_harmless(
    plain: Path, tmp_path: Path, run: Run, change: dict[str, str]
) -> None:
    code, out, err = run("check", rewrite(plain, tmp_path / "x.xlsx", SHEET, change))
    assert code == 0, out + err
    assert out.splitlines()[-1] == "共 0 个错误，0 个警告，0 个空格未填（共 58 格）。"


@pytest.mark.parametrize(
    "change",
    [
        styled("C7", number_format='0;0;"-"'),  # 0 shown as “-”, as accounting formats do
        styled("C6", number_format="#,##0_ "),  # 370 as “370 ”
        styled("C6", number_format='0"条"'),  # 370 as “370条”, its row's unit
        styled("C6", number_format="[Red]0"),  # red: the same number
        styled("C6", font=Font(color="808080")),  # grey on white: seen
    ],
)
def test_a_format_that_still_shows_the_figure_is_harmless(
    plain: Path, tmp_path: Path, run: Run, change: Callable[[Any], None]
) -> None:
    code, out, err = run("check", edited(plain, tmp_path / "x.xlsx", change))
    assert code == 0, out + err
    target = tmp_path / "t.nianbao"
    code, out, err = run("import-xlsx", edited(plain, tmp_path / "y.xlsx", change), target)
    assert code == 0, out + err


@pytest.mark.parametrize(
    "change",
    [
        {r'<row r="5" ': '<row r="5" hidden="1" '},
        {  # all rows hidden but those with a height of their own
            r"<sheetFormatPr ": '<sheetFormatPr zeroHeight="1" ',
            r'<row r="5" ht="[0-9.]+" customHeight="1"': '<row r="5"',
        },
    ],
)
def test_a_signed_workbook_with_a_hidden_row_is_not_as_signed(
    tmp_path: Path, run: Run, change: dict[str, str]
) -> None:
    """verify compares what a reader sees with what was signed: check says so, its signature
    still holds, the figures read are the signed ones."""
    signed = export_xlsx(read_data(signed_example(tmp_path)), tmp_path / "s.xlsx")
    hidden = rewrite(signed, tmp_path / "h.xlsx", SHEET, change)
    code, out, _ = run("check", hidden)
    assert code == 1, out
    problem = next(line for line in out.splitlines() if "file.not_as_signed" in line)
    assert "被隐藏（或行高设为 0）" in problem


@pytest.mark.parametrize(
    "form_id", ["gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"]
)
def test_our_own_exports_check_and_import_cleanly(tmp_path: Path, run: Run, form_id: str) -> None:
    """Signed and 草稿 exports of every form: nothing hidden, every figure shown as it is."""
    source = (
        signed_example(tmp_path, "s.nianbao")
        if form_id.endswith("2014")
        else signed_form(tmp_path, form_id, "s.nianbao")
    )
    signed = export_xlsx(read_data(source), tmp_path / "s.xlsx")
    draft = export_xlsx(read_data(source), tmp_path / "d.xlsx", draft_mode=True)
    for n, path in enumerate((signed, draft)):
        code, out, err = run("check", path)
        assert code == 0, out + err
        assert "file." not in out
        code, out, err = run("import-xlsx", path, tmp_path / f"i{n}.nianbao", "--form", form_id)
        assert code == 0, out + err


def test_verify_sees_a_column_set_to_zero_width(tmp_path: Path, run: Run) -> None:
    """openpyxl reads ``<col width="0" customWidth="1">`` as no custom width: Excel and WPS show
    no column there, and verify says so (it passed such a workbook as 一致)."""
    signed = export_xlsx(read_data(signed_example(tmp_path)), tmp_path / "s.xlsx")
    change = XML_HIDING["zero width"][0]
    code, out, _ = run("verify", rewrite(signed, tmp_path / "z.xlsx", SHEET, change))
    assert code == 1 and out.startswith("不一致")
    assert "第 C 列被隐藏（或列宽设为 0）" in out
