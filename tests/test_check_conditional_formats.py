"""A conditional format can hide a figure as a direct format does: a rule whose differential format
(styles.xml <dxf>, or the <x14:dxf> of Excel 2010's extension) makes the text white on its fill,
the fill the text's colour, strikes it through, or gives it a number format that shows nothing or
another number; a data bar or an icon set with showValue="0" shows no number at all. A “cell
value” rule comparing with numbers written in it (equal to 0, between 1000 and 2000) is judged on
each figure; Excel's other conditions are not evaluated: such a rule over a figure is taken as
applying (an honest template has no reason to carry one). An unsigned workbook with a figure so
hidden is refused by check, the 审核台 and import-xlsx (exit 2), each figure named with the range
and what the format does. Rules that only
colour, embolden or add bars and icons beside the number are harmless. A signed workbook with any
conditional format is not as signed (verify, check's file.not_as_signed), the extension's too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, run
from openpyxl.formatting.rule import (
    CellIsRule,
    ColorScaleRule,
    DataBarRule,
    IconSetRule,
    Rule,
)
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from test_check_hidden_cells import SHEET, assert_not_read, rewrite
from test_check_unseen_figures import FIGURE, edited, plain
from test_export import read_data, signed_example

from govreport_gui.core.layout.export_xlsx import export_xlsx

_ = (run, plain)  # fixtures
RANGE = "C5:C68"  # the figures of the 2014 table, as a hand selects them
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"


def formatted(rule: Rule, where: str = RANGE) -> Callable[[Any], None]:
    def change(ws: Any) -> None:
        ws.conditional_formatting.add(where, rule)

    return change


def dxf_rule(**dxf: Any) -> Rule:
    """An "expression" rule (a formula Excel evaluates, TRUE here) with the differential format."""
    return Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(**dxf))


def number_format(code: str) -> NumberFormat:
    return NumberFormat(numFmtId=200, formatCode=code)


def extension(*rules: str, where: str = RANGE) -> dict[str, str]:
    """The sheet part with Excel 2010's <x14:conditionalFormatting> of ``rules`` over ``where``."""
    ext = (
        f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
        f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}">'
        + "".join(rules)
        + f"<xm:sqref>{where}</xm:sqref></x14:conditionalFormatting>"
        "</x14:conditionalFormattings></ext></extLst>"
    )
    return {"</worksheet>": ext + "</worksheet>"}


X14_ICONS_ONLY = (
    '<x14:cfRule type="iconSet" priority="1" id="{00000000-0000-0000-0000-000000000001}">'
    '<x14:iconSet iconSet="3Triangles" showValue="0"><x14:cfvo type="percent"><xm:f>0</xm:f>'
    '</x14:cfvo><x14:cfvo type="percent"><xm:f>33</xm:f></x14:cfvo><x14:cfvo type="percent">'
    "<xm:f>67</xm:f></x14:cfvo></x14:iconSet></x14:cfRule>"
)
X14_WHITE = (
    '<x14:cfRule type="expression" priority="2" id="{00000000-0000-0000-0000-000000000002}">'
    '<xm:f>TRUE</xm:f><x14:dxf><font><color rgb="FFFFFFFF"/></font></x14:dxf></x14:cfRule>'
)
# A data bar as Excel 2010 and later write it: the rule in the sheet, its look in the extension.
DATA_BAR = {
    "<printOptions": (
        f'<conditionalFormatting sqref="{RANGE}"><cfRule type="dataBar" priority="1"><dataBar>'
        '<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst>'
        f'<ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}" xmlns:x14="{X14}">'
        "<x14:id>{00000000-0000-0000-0000-000000000003}</x14:id></ext></extLst></cfRule>"
        "</conditionalFormatting><printOptions"
    ),
    **extension(
        '<x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000003}">'
        '<x14:dataBar minLength="0" maxLength="100" border="1" negativeBarBorderColorSameAsPositive="0">'
        '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:borderColor rgb="FF638EC6"/>'
        '<x14:negativeFillColor rgb="FFFF0000"/><x14:negativeBorderColor rgb="FFFF0000"/>'
        '<x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>'
    ),
}

HIDING: dict[str, tuple[Callable[[Any], None] | dict[str, str], str]] = {
    "white font": (
        formatted(CellIsRule(operator="greaterThan", formula=["0"], font=Font(color="FFFFFF"))),
        "的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见",
    ),
    "font as fill": (
        formatted(dxf_rule(font=Font(color="FFFF00"), fill=PatternFill(bgColor="FFFF00"))),
        "的条件格式（C5:C68）可能使它的字体为颜色 #FFFF00，在底色 #FFFF00上看不见",
    ),
    "fill as font": (  # the figure's own black text on a black fill
        formatted(dxf_rule(fill=PatternFill(bgColor="FF000000"))),  # as Excel writes black
        "的条件格式（C5:C68）可能使它的字体为颜色 #000000，在底色 #000000上看不见",
    ),
    "tiny font": (
        formatted(dxf_rule(font=Font(sz=1))),
        "的条件格式（C5:C68）可能使它的字号只有 1 磅，看不清",
    ),
    "struck": (
        formatted(dxf_rule(font=Font(strike=True))),
        "的条件格式（C5:C68）可能给它加删除线，看的人会当它已删去",
    ),
    ";;;": (
        formatted(dxf_rule(numFmt=number_format(";;;"))),
        "的条件格式（C5:C68）可能使它的数字格式为“;;;”，什么也不显示，在 Excel 或 WPS 中看不到",
    ),
    "literal": (
        formatted(dxf_rule(numFmt=number_format('"4"'))),
        "的条件格式（C5:C68）可能使它显示为“4”（数字格式“\"4\"”），看的人读到的不是这个数",
    ),
    "[White]": (
        formatted(dxf_rule(numFmt=number_format("[White]0"))),
        "的条件格式（C5:C68）可能使它的数字格式为“[White]0”，把字设为白色，在白底上看不见",
    ),
    "data bar only": (
        formatted(DataBarRule(start_type="min", end_type="max", color="638EC6", showValue=False)),
        "的条件格式（C5:C68）只显示数据条，不显示数字本身，在 Excel 或 WPS 中看不到",
    ),
    "icons only": (
        formatted(IconSetRule("3Arrows", "percent", [0, 33, 67], showValue=False)),
        "的条件格式（C5:C68）只显示图标集，不显示数字本身，在 Excel 或 WPS 中看不到",
    ),
    "colour scale to black": (
        formatted(
            ColorScaleRule(
                start_type="min", start_color="FFFFFF", end_type="max", end_color="000000"
            )
        ),
        "的条件格式（C5:C68）可能使它的字体为颜色 #000000，在底色 #000000上看不见",
    ),
    "one cell": (
        formatted(CellIsRule(operator="equal", formula=["370"], font=Font(color="FFFFFF")), "C6"),
        "的条件格式（C6）可能使它的字体为白色，在白底上看不见",
    ),
    "equal to another cell": (  # an operand that is no number written out: not evaluated
        formatted(CellIsRule(operator="equal", formula=["$E$1"], font=Font(color="FFFFFF"))),
        "的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见",
    ),
    "between reversed bounds": (  # Excel's own reading of these is not guessed
        formatted(CellIsRule(operator="between", formula=["400", "300"], font=Font(color="FFFFFF"))),
        "的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见",
    ),
    "x14 greater than": (
        extension(
            '<x14:cfRule type="cellIs" priority="2" operator="greaterThan" '
            'id="{00000000-0000-0000-0000-000000000005}"><xm:f>369</xm:f>'
            '<x14:dxf><font><color rgb="FFFFFFFF"/></font></x14:dxf></x14:cfRule>'
        ),
        "的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见",
    ),
    "whole column": (  # a sqref openpyxl cannot read (it drops the rule): read here
        {"<printOptions": '<conditionalFormatting sqref="C:C"><cfRule type="expression" '
         'dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>'
         "<printOptions"},
        "的条件格式（C:C）可能使它的字体为白色，在白底上看不见",
    ),
    "x14 icons only": (
        extension(X14_ICONS_ONLY),
        "的条件格式（C5:C68）只显示图标集，不显示数字本身，在 Excel 或 WPS 中看不到",
    ),
    "x14 white font": (
        extension(X14_WHITE),
        "的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见",
    ),
}  # fmt: skip
WHITE_DXF = '<dxfs count="1"><dxf><font><color rgb="FFFFFFFF"/></font></dxf></dxfs>'


def with_format(plain: Path, target: Path, change: Callable[[Any], None] | dict[str, str]) -> Path:
    if isinstance(change, dict):
        sheet = rewrite(plain, target.with_suffix(".sheet.xlsx"), SHEET, change)
        if 'dxfId="0"' not in "".join(change.values()):
            return sheet.rename(target)
        # The rule's white font: the styles table's first differential format.
        rewrite(sheet, target, "xl/styles.xml", {"<tableStyles": WHITE_DXF + "<tableStyles"})
        sheet.unlink()
        return target
    return edited(plain, target, change)


@pytest.mark.parametrize("how", HIDING)
def test_an_unsigned_workbook_whose_conditional_format_hides_a_figure_is_not_read(
    plain: Path, tmp_path: Path, run: Run, how: str
) -> None:
    change, said = HIDING[how]
    hidden = with_format(plain, tmp_path / "x.xlsx", change)
    assert_not_read(run, hidden, f"{FIGURE}{said}")
    _, _, err = run("check", hidden)
    assert "以下数字在 Excel 或 WPS 中看不到（或看到的不是这个数）" in err
    assert "删去会隐藏数字的条件格式" in err  # what to do


HARMLESS: dict[str, Callable[[Any], None] | dict[str, str]] = {
    # Excel's "light red fill with dark red text" for negatives
    "red on pink": formatted(
        CellIsRule(
            operator="lessThan",
            formula=["0"],
            font=Font(color="9C0006"),
            fill=PatternFill(bgColor="FFC7CE"),
        )
    ),
    "bold": formatted(dxf_rule(font=Font(bold=True))),
    "white on dark blue": formatted(
        dxf_rule(font=Font(color="FFFFFF"), fill=PatternFill(bgColor="1F4E78"))
    ),
    "thousands": formatted(dxf_rule(numFmt=number_format("#,##0"))),
    "data bar": formatted(DataBarRule(start_type="min", end_type="max", color="638EC6")),
    "icons": formatted(IconSetRule("3Arrows", "percent", [0, 33, 67])),
    "colour scale": formatted(
        ColorScaleRule(
            start_type="min",
            start_color="F8696B",
            mid_type="percentile",
            mid_value=50,
            mid_color="FFEB84",
            end_type="max",
            end_color="63BE7B",
        )
    ),
    # White for errors (#DIV/0!) and blanks: a cell holding a figure is neither.
    "errors hidden": formatted(
        Rule(
            type="containsErrors",
            formula=["ISERROR(C5)"],
            dxf=DifferentialStyle(font=Font(color="FFFFFF")),
        )
    ),
    "blanks hidden": formatted(
        Rule(
            type="containsBlanks",
            formula=["LEN(TRIM(C5))=0"],
            dxf=DifferentialStyle(font=Font(color="FFFFFF")),
        )
    ),
    "labels white": formatted(dxf_rule(font=Font(color="FFFFFF")), "A5:B68"),  # no figure there
    # White for what no figure here is: the comparison is judged on each figure's value.
    "negatives white": formatted(
        CellIsRule(operator="lessThan", formula=["0"], font=Font(color="FFFFFF"))
    ),
    "over a thousand white": formatted(
        CellIsRule(operator="between", formula=["1000", "2000"], font=Font(color="FFFFFF"))
    ),
    "not 0 to 400 white": formatted(
        CellIsRule(operator="notBetween", formula=["0", "400"], font=Font(color="FFFFFF"))
    ),
    "x14 equal to -1 white": extension(
        '<x14:cfRule type="cellIs" priority="2" operator="equal" '
        'id="{00000000-0000-0000-0000-000000000006}"><xm:f>-1</xm:f>'
        '<x14:dxf><font><color rgb="FFFFFFFF"/></font></x14:dxf></x14:cfRule>'
    ),
    "x14 data bar": DATA_BAR,
    "x14 unreadable": extension(  # a colour that is none, a range that is none: nothing judged
        '<x14:cfRule type="expression" priority="2" id="{00000000-0000-0000-0000-000000000004}">'
        '<xm:f>TRUE</xm:f><x14:dxf><font><color rgb="white"/></font></x14:dxf></x14:cfRule>',
        where="C5:Cx",
    ),
}


@pytest.mark.parametrize("how", HARMLESS)
def test_a_conditional_format_that_leaves_the_figures_seen_is_harmless(
    plain: Path, tmp_path: Path, run: Run, how: str
) -> None:
    path = with_format(plain, tmp_path / "x.xlsx", HARMLESS[how])
    code, out, err = run("check", path)
    assert code == 0, out + err
    assert out.splitlines()[-1] == "共 0 个错误，0 个警告，0 个空格未填（共 58 格）。"
    code, out, err = run("import-xlsx", path, tmp_path / "t.nianbao")
    assert code == 0, out + err


def test_a_rule_hiding_zeros_names_the_zeros_only(plain: Path, tmp_path: Path, run: Run) -> None:
    """“等于 0 → 白色字体”, the usual way to hide zeros: the zeros are not seen (a reader takes
    the blank for no figure), the other figures are, and only the zeros are named."""
    rule = CellIsRule(operator="equal", formula=["0"], font=Font(color="FFFFFF"))
    hidden = with_format(plain, tmp_path / "x.xlsx", formatted(rule))
    zero = "工作表“政府信息公开情况统计表”C7“主动公开规范性文件数”：“0”"
    assert_not_read(run, hidden, f"{zero}的条件格式（C5:C68）可能使它的字体为白色，在白底上看不见")
    _, _, err = run("check", hidden)
    assert FIGURE not in err  # 370
    assert "C11" not in err and "C14" not in err  # 330, 40


# A template edited for years may carry hundreds of copies of its rules (Excel splits a rule on
# each paste): the way on is to clear them.
CLEAR_THEM = "请在 Excel 或 WPS 中清除这张表的条件格式（开始 → 条件格式 → 清除规则 → 清除整个工作表的规则）后再试"


def test_too_many_conditional_formats_are_not_looked_through(
    plain: Path, tmp_path: Path, run: Run
) -> None:
    """Thousands of rules (a crafted sheet: a template has a few) are counted, not judged one by
    one over every figure: the workbook is refused, saying why."""
    rules = "".join(
        f'<conditionalFormatting sqref="C{6 + n % 40}"><cfRule type="expression" dxfId="0" '
        f'priority="{n + 1}"><formula>TRUE</formula></cfRule></conditionalFormatting>'
        for n in range(3000)
    )
    path = with_format(plain, tmp_path / "x.xlsx", {"<printOptions": rules + "<printOptions"})
    said = "工作表“政府信息公开情况统计表”的条件格式过多（3000 条），不像是一张统计表"
    assert_not_read(run, path, said)
    assert CLEAR_THEM in run("check", path)[2]  # what to do about it


@pytest.mark.filterwarnings("ignore:Title is more than 31 characters")
def test_a_crafted_long_sheet_name_is_quoted_shortened_with_too_many_formats(
    plain: Path, tmp_path: Path, run: Run
) -> None:
    """The sheet is named as in every other message about a workbook: its first 60 characters,
    not 5,000 of a crafted name."""
    title = "表" * 5000

    def rename(ws: Any) -> None:
        ws.title = title

    renamed = edited(plain, tmp_path / "long.xlsx", rename)
    rules = "".join(
        f'<conditionalFormatting sqref="C{6 + n % 40}"><cfRule type="expression" dxfId="0" '
        f'priority="{n + 1}"><formula>TRUE</formula></cfRule></conditionalFormatting>'
        for n in range(600)
    )
    path = with_format(renamed, tmp_path / "x.xlsx", {"<printOptions": rules + "<printOptions"})
    code, _, err = run("check", path)
    assert code == 2, err
    assert f"工作表“{title[:60]}…”的条件格式过多（600 条），不像是一张统计表" in err, err[:300]
    assert title not in err


def test_a_conditional_format_over_too_many_ranges_is_not_looked_through(
    plain: Path, tmp_path: Path, run: Run
) -> None:
    """One rule over 60 000 ranges (each cell of the sheet many times over) is not expanded."""
    ranges = " ".join(f"C{6 + n % 60}" for n in range(60_000))
    rule = (
        f'<conditionalFormatting sqref="{ranges}"><cfRule type="expression" dxfId="0" '
        'priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>'
    )
    path = with_format(plain, tmp_path / "x.xlsx", {"<printOptions": rule + "<printOptions"})
    said = "工作表“政府信息公开情况统计表”的条件格式覆盖的区域过多，不像是一张统计表"
    assert_not_read(run, path, said)
    assert CLEAR_THEM in run("check", path)[2]


# Two rules over one range, added one after the other: Excel writes an element for each.
TWO_RULES = {
    "<printOptions": "".join(
        f'<conditionalFormatting sqref="{RANGE}"><cfRule type="expression" dxfId="0" '
        f'priority="{n}"><formula>C5&gt;{n}</formula></cfRule></conditionalFormatting>'
        for n in (1, 2)
    )
    + "<printOptions"
}


SIGNED_CHANGES: dict[str, Callable[[Any], None] | dict[str, str]] = {
    **{how: HIDING[how][0] for how in ("white font", "x14 icons only", "data bar only")},
    "x14 data bar": DATA_BAR,  # the rule in the sheet, its look in the extension: one format
    "two rules": TWO_RULES,
}


@pytest.mark.parametrize("how", SIGNED_CHANGES)
def test_a_signed_workbook_with_a_conditional_format_is_not_as_signed(
    tmp_path: Path, run: Run, how: str
) -> None:
    """verify names the format (the extension's too, which openpyxl drops on reading), each range
    once; check says file.not_as_signed while the signature holds."""
    signed = export_xlsx(read_data(signed_example(tmp_path)), tmp_path / "s.xlsx")
    path = with_format(signed, tmp_path / "c.xlsx", SIGNED_CHANGES[how])
    code, out, _ = run("verify", path)
    assert code == 1 and out.startswith("不一致"), out
    said = f"区域 {RANGE} 有条件格式：本程序导出的文件没有，读者可能看到不同的内容。"
    assert out.count(said) == 1, out
    code, out, _ = run("check", path)
    assert code == 1, out
    problem = next(line for line in out.splitlines() if "file.not_as_signed" in line)
    assert f"区域 {RANGE} 有条件格式" in problem
