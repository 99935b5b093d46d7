"""What a hand-filled workbook's number formats show, and what the import reads (no Qt).

A figure is read as the number the cell shows: a unit word after it that is not the row's (件 for
a row counted in 条) is the same number, imported and named in a note; a money unit the form does
not count in (元 for 万元) is another number, and refused. A sum pasted as a value (0.1 + 0.2 is
0.30000000000000004) reads as the 0.3 Excel shows; a figure shown rounded (0.1234567 shown as
0.12) is refused, with what the cell shows. Scientific notation and Chinese numerals show the same
number; a conditional section showing a word (“多”) shows none, and the figure is named.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_run import Run, run
from test_check_hidden_cells import rewrite
from test_import_xlsx import FORM_2014, hand_made_2014

from govreport_gui.core.forms.formdef import HEADING_UNIT
from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.layout.import_xlsx import XlsxImportError, import_xlsx
from govreport_gui.core.layout.table_lines import COUNT_UNITS, MONEY_UNITS

_ = run  # the fixture of cli_run

# Cells of the hand-made 2014 table (tests/test_import_xlsx.py: hand_made_2014).
PROACTIVE = ("(一)主动公开政府信息数", 6)  # 12, its row counted in 条
IN_PERSON = ("1、当面申请数", 11)  # 1000, in 件
FEES = ("七、依申请公开信息收取的费用", 21)  # 0.5, in 万元
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def formatted(
    tmp_path: Path, row: tuple[str, int], value: Any, fmt: str, stored: str | None = None
) -> Path:
    """The hand-made table with ``value`` in ``row``'s figure cell, shown in ``fmt``. ``stored``:
    the number as the file holds it (Excel writes 17 digits, 0.30000000000000004; openpyxl writes
    16, 0.3)."""
    path = hand_made_2014(tmp_path / "hand.xlsx")
    book = openpyxl.load_workbook(path)
    label, number = row
    cell = book.active.cell(number, 2)
    assert book.active.cell(number, 1).value == label
    cell.value, cell.number_format = value, fmt
    book.save(path)
    if stored is None:
        return path
    change = {rf'(<c r="B{number}"[^>]*><v>)[^<]*': rf"\g<1>{stored}"}
    return rewrite(path, tmp_path / "stored.xlsx", SHEET, change)


def imported(run: Run, path: Path) -> tuple[str, Path]:
    """import-xlsx of ``path`` succeeds: what it printed, and the draft written."""
    target = path.with_name("imported.nianbao")
    code, out, err = run("import-xlsx", path, target, "--form", FORM_2014.id)
    assert code == 0, out + err
    assert target.exists()
    return out + err, target


def refused(run: Run, path: Path) -> str:
    """import-xlsx and check of ``path`` refuse it (exit 2, no draft written): what they said."""
    target = path.with_name("imported.nianbao")
    code, out, err = run("import-xlsx", path, target, "--form", FORM_2014.id)
    assert code == 2, out + err
    assert not target.exists()
    check_code, check_out, check_err = run("check", path)
    assert check_code == 2, check_out
    return err + check_err


# -- 1. a unit word in the format ----------------------------------------------------------------


def test_every_count_unit_of_the_forms_is_known() -> None:
    """The unit words a format may show after a count are those the forms' rows use."""
    units = {cell.unit for form in all_forms() for cell in form.cells}
    assert units - {"", HEADING_UNIT, *MONEY_UNITS} <= set(COUNT_UNITS)


@pytest.mark.parametrize("unit", ["件", "个", "次", "人", "人次", "篇"])
def test_a_count_shown_with_another_count_unit_is_read_and_named(
    tmp_path: Path, run: Run, unit: str
) -> None:
    """12 on a row counted in 条, shown as “12件”: the number typed is the one seen; imported,
    and the unit that differs named."""
    path = formatted(tmp_path, PROACTIVE, 12, f'0"{unit}"')
    result = import_xlsx(path, FORM_2014)
    assert result.values["proactive_info"] == 12
    said, _ = imported(run, path)
    assert (
        f"注意：工作表“Sheet1”B6“主动公开政府信息数”：“12”显示为“12{unit}”"
        f'（数字格式“0"{unit}"”），这一行的单位是“条”，已按 12 导入，请核对单位。'
    ) in said
    code, out, err = run("check", path)
    assert code == 0, out + err


def test_a_count_shown_with_its_own_unit_is_read_without_a_note(tmp_path: Path) -> None:
    result = import_xlsx(formatted(tmp_path, IN_PERSON, 1000, '#,##0"件"'), FORM_2014)
    assert result.values["received_in_person"] == 1000
    assert not [p for p in result.problems if "单位" in p]


def test_a_fee_shown_with_a_count_unit_is_read_and_named(tmp_path: Path) -> None:
    result = import_xlsx(formatted(tmp_path, FEES, 0.5, '0.0"件"'), FORM_2014)
    assert result.values["fees"] == Decimal("0.5")
    assert (
        '工作表“Sheet1”B21“依申请公开信息收取的费用”：“0.5”显示为“0.5件”（数字格式“0.0"件"”），'
        "这一行的单位是“万元”，已按 0.5 导入，请核对单位。"
    ) in result.problems


# -- 2. a float beyond what Excel shows ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["General", "0.00", "0.00####", "#,##0.0"])
def test_a_pasted_sum_reads_as_excel_shows_it(tmp_path: Path, run: Run, fmt: str) -> None:
    """0.1 + 0.2 pasted as a value: Excel keeps 0.30000000000000004 and shows 0.3 (cell and
    formula bar: 15 significant digits)."""
    path = formatted(tmp_path, FEES, 0.3, fmt, stored="0.30000000000000004")
    assert import_xlsx(path, FORM_2014).values["fees"] == Decimal("0.3")
    imported(run, path)


def test_a_count_a_hair_under_an_integer_reads_as_shown(tmp_path: Path) -> None:
    path = formatted(tmp_path, IN_PERSON, 1000, "General", stored="999.99999999999989")
    assert import_xlsx(path, FORM_2014).values["received_in_person"] == 1000


def test_seven_decimals_typed_are_refused_as_before(tmp_path: Path) -> None:
    with pytest.raises(XlsxImportError) as caught:
        import_xlsx(formatted(tmp_path, FEES, 0.1234567, "General"), FORM_2014)
    assert (
        "工作表“Sheet1”B21“依申请公开信息收取的费用”：“0.1234567”：金额最多保留 6 位小数（单位：万元）。"
    ) in caught.value.problems


# -- 3. formats that were not judged --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt"),
    [
        (12, "0.00E+00"),  # 1.20E+01
        (1000, "0E+0"),  # 1E+3
        (12, "[DBNum1][$-804]General"),  # 十二
        (12, "[DBNum2][$-804]General"),  # 壹拾贰
        (12, "[DBNum1]0"),
        (5, '[>10]"多";0'),  # 5 is not over 10: shown as it is
        (12, '[Red][>10]0"条";0'),  # its own unit, in red over 10
    ],
)
def test_another_notation_of_the_same_number_is_read(tmp_path: Path, value: int, fmt: str) -> None:
    row = IN_PERSON if value == 1000 else PROACTIVE
    cell = "received_in_person" if value == 1000 else "proactive_info"
    result = import_xlsx(formatted(tmp_path, row, value, fmt), FORM_2014)
    assert result.values[cell] == value
    assert not [p for p in result.problems if "数字格式" in p]


def test_a_format_that_cannot_be_judged_is_named_in_a_note(tmp_path: Path, run: Run) -> None:
    """A fraction format: what it shows is not worked out here; the figure is read and named."""
    path = formatted(tmp_path, PROACTIVE, 12, "# ?/?")
    said, _ = imported(run, path)
    assert (
        "注意：工作表“Sheet1”B6“主动公开政府信息数”：“12”的数字格式“# ?/?”本程序无法核对，"
        "请在 Excel 或 WPS 中确认它显示的是 12。"
    ) in said


# -- what is refused, and how it is said ----------------------------------------------------------

B6 = "工作表“Sheet1”B6“主动公开政府信息数”"
B21 = "工作表“Sheet1”B21“依申请公开信息收取的费用”"
NOT_THIS = "看的人读到的不是这个数"
# (the cell, its value, its format, the number as stored or None; what is said of it)
REFUSED = {
    # 0.5 万元 shown as “0.5元”: whoever reads it reads 0.5 元, ten thousand times less
    "another money unit": (
        (FEES, 0.5, '0.0"元"', None),
        f'{B21}：“0.5”显示为“0.5元”（数字格式“0.0"元"”），写的单位是“元”，本表单这一格是“万元”，{NOT_THIS}',
    ),
    "a count as money": (
        (PROACTIVE, 12, '0"万元"', None),
        f'{B6}：“12”显示为“12万元”（数字格式“0"万元"”），写的单位是“万元”，本表单这一格是数量，不是金额，{NOT_THIS}',
    ),
    # 0.1234567 shown as 0.12: which one is meant is not known; both are said
    "shown rounded": (
        (FEES, 0.1234567, "0.00", None),
        f"{B21}：“0.1234567”（单元格显示为“0.12”，数字格式“0.00”）：金额最多保留 6 位小数（单位：万元）。",
    ),
    # 0.30000000000000004 reads as 0.3, but a format without decimals shows “0”
    "a sum shown as 0": (
        (FEES, 0.3, "0", "0.30000000000000004"),
        f"{B21}：“0.3”显示为“0”（数字格式“0”），{NOT_THIS}",
    ),
    "scientific, rounded": (
        (PROACTIVE, 1234, "0.00E+00", None),  # 1230
        f"{B6}：“1234”显示为“1.23E+03”（数字格式“0.00E+00”），{NOT_THIS}",
    ),
    "a condition showing a word": (
        (PROACTIVE, 12, '[>10]"多";0', None),
        f'{B6}：“12”显示为“多”（数字格式“[>10]"多";0”），{NOT_THIS}',
    ),
    "Chinese numerals of a word": (
        (PROACTIVE, 12, '[DBNum1]"多"', None),
        f'{B6}：“12”显示为“多”（数字格式“[DBNum1]"多"”），{NOT_THIS}',
    ),
    "a coloured word": (
        (PROACTIVE, 12, '[Red]"多"', None),
        f'{B6}：“12”显示为“多”（数字格式“[Red]"多"”），{NOT_THIS}',
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
def test_a_figure_not_shown_as_read_is_refused_and_named(
    tmp_path: Path, run: Run, case: str
) -> None:
    (row, value, fmt, stored), said = REFUSED[case]
    assert said in refused(run, formatted(tmp_path, row, value, fmt, stored))
