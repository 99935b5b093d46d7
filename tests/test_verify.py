"""Verifying an exported workbook against its sign-off (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_export import example, make_draft, read_data, signed_example, signed_form

from govreport_gui.cli.main import main as cli_main
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_xlsx import import_xlsx
from govreport_gui.core.ops import review
from govreport_gui.core.ops.verify import MATCH, MISMATCH, VerifyError, verify_xlsx
from govreport_gui.core.ops.workbook_signature import TEXT_NOT_IN_FILE
from govreport_gui.core.store.draft import Draft


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def signed(tmp_path: Path) -> tuple[Path, Path]:
    """(draft, its exported workbook)."""
    draft = signed_example(tmp_path)
    return draft, export_xlsx(read_data(draft), tmp_path / "signed.xlsx")


def edit(path: Path, out: Path, change: Any) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(out)
    return out


def find(ws: Any, text: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == text:
            return row
    raise AssertionError(text)


def test_untouched_export_matches(signed: tuple[Path, Path]) -> None:
    draft, xlsx = signed
    result = verify_xlsx(xlsx)
    assert result.status == MATCH and result.ok
    assert result.computed == result.printed
    assert result.reviewer == "沈涛"
    with Draft.open(draft, "测试", readonly=True) as d:
        with_draft = verify_xlsx(xlsx, d)
    assert with_draft.ok and with_draft.changes == []
    assert with_draft.draft_fingerprint == result.printed


def test_a_single_changed_cell_is_detected(signed: tuple[Path, Path], tmp_path: Path) -> None:
    draft, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(find(ws, "3.网络申请数"), 3).value = 3

    changed = edit(xlsx, tmp_path / "changed.xlsx", change)
    result = verify_xlsx(changed)
    assert result.status == MISMATCH
    assert any("内容与签发指纹不符" in m for m in result.messages)
    with Draft.open(draft, "测试", readonly=True) as d:
        detailed = verify_xlsx(changed, d)
    assert detailed.status == MISMATCH
    assert detailed.changes == ["网络申请数：工作簿中为 3，草稿中为 2"]


def test_a_changed_field_is_detected(signed: tuple[Path, Path], tmp_path: Path) -> None:
    draft, xlsx = signed

    def change(wb: Any) -> None:
        wb.active["A2"].value = "填报单位（盖章）：别的单位"

    changed = edit(xlsx, tmp_path / "unit.xlsx", change)
    assert verify_xlsx(changed).status == MISMATCH
    with Draft.open(draft, "测试", readonly=True) as d:
        detailed = verify_xlsx(changed, d)
    assert detailed.changes == [
        "填报单位（盖章）：工作簿中为“别的单位”，草稿中为“自治区机关事务管理局”"
    ]


def test_a_removed_row_is_named(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(find(ws, "2.传真申请数"), 1).value = "2.传真和电邮申请数"

    result = verify_xlsx(edit(xlsx, tmp_path / "row.xlsx", change))
    assert result.status == MISMATCH
    assert "行“2.传真申请数”" in result.missing


def test_a_forged_fingerprint_is_detected(signed: tuple[Path, Path], tmp_path: Path) -> None:
    _, xlsx = signed

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(find(ws, "3.网络申请数"), 3).value = 3
        for prop in wb.custom_doc_props:
            if prop.name == "govreport.fingerprint":
                prop.value = "0" * 64

    result = verify_xlsx(edit(xlsx, tmp_path / "forged.xlsx", change))
    assert result.status == MISMATCH
    assert any("不一致" in m for m in result.messages)


def test_an_old_export_does_not_match_a_new_signoff(
    signed: tuple[Path, Path], tmp_path: Path
) -> None:
    draft_path, xlsx = signed
    with Draft.open(draft_path, "沈涛") as d:
        review.reopen(d, "改正网络申请数")
        d.user = "填报人"  # the figures are corrected by the 填报人, not by the one who signs
        d.apply({"received_online": 1, "received_letter": 2})
        review.submit(d)
        d.user = "沈涛"
        review.sign_off(d, "沈涛")
    assert verify_xlsx(xlsx).ok  # the old file is still what was signed then
    with Draft.open(draft_path, "测试", readonly=True) as d:
        result = verify_xlsx(xlsx, d)
    assert result.status == MISMATCH
    assert any("旧的导出文件" in m for m in result.messages)
    assert "网络申请数：工作簿中为 2，草稿中为 1" in result.changes


def test_draft_export_has_nothing_to_verify_against(tmp_path: Path) -> None:
    doc = example()
    path = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    xlsx = export_xlsx(read_data(path), tmp_path / "d.xlsx", draft_mode=True)
    with pytest.raises(VerifyError, match="没有签发指纹"):
        verify_xlsx(xlsx)
    with Draft.open(path, "测试", readonly=True) as d:
        result = verify_xlsx(xlsx, d)
    assert result.ok
    assert any("尚未签发" in m for m in result.messages)


def test_non_workbooks_cannot_be_verified(tmp_path: Path) -> None:
    text = tmp_path / "a.xlsx"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(VerifyError, match="不是 Excel"):
        verify_xlsx(text)


def test_a_single_change_in_the_2021_table_3_is_detected(tmp_path: Path) -> None:
    draft = signed_form(tmp_path, "gov-disclosure-2021")
    xlsx = export_xlsx(read_data(draft), tmp_path / "f.xlsx")
    assert verify_xlsx(xlsx).ok

    def change(wb: Any) -> None:
        ws = wb.worksheets[1]
        row = find(ws, "（一）予以公开")
        ws.cell(row, 3).value = (ws.cell(row, 3).value or 0) + 1  # 商业企业

    changed = edit(xlsx, tmp_path / "f2.xlsx", change)
    assert verify_xlsx(changed).status == MISMATCH
    with Draft.open(draft, "测试", readonly=True) as d:
        result = verify_xlsx(changed, d)
    assert len(result.changes) == 1
    assert result.changes[0].startswith("予以公开（商业企业）：工作簿中为")


def test_cli_verify_exit_codes(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, xlsx = signed
    assert cli_main(["verify", str(xlsx)]) == 0
    assert "一致" in capsys.readouterr().out

    def change(wb: Any) -> None:
        ws = wb.active
        ws.cell(find(ws, "（三）接受培训人员数"), 3).value = 41

    changed = edit(xlsx, tmp_path / "c.xlsx", change)
    assert cli_main(["verify", str(changed), "--draft", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "不一致" in out and "接受培训人员数：工作簿中为 41，草稿中为 40" in out
    assert cli_main(["verify", str(changed), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == MISMATCH and data["printed"] != data["computed"]
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x", encoding="utf-8")
    assert cli_main(["verify", str(bad)]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("text", ["2", "２", "2 "])
def test_a_figure_changed_to_text_is_a_mismatch(
    signed: tuple[Path, Path], tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, xlsx = signed
    assert verify_xlsx(xlsx).ok

    def change(wb: Any) -> None:
        ws = wb.active
        cell = ws.cell(find(ws, "3.网络申请数"), 3)
        assert cell.value == 2
        cell.value = text  # the same number, as a text cell

    changed = edit(xlsx, tmp_path / "text.xlsx", change)
    result = verify_xlsx(changed)
    assert result.status == MISMATCH
    assert result.computed == result.printed  # the number itself is the same
    named = [m for m in result.messages if "“网络申请数”的数字被改成了文字" in m]
    assert len(named) == 1 and f"：“{text}”" in named[0]
    assert not any("至少有一个数字" in m for m in result.messages)
    with Draft.open(draft, "测试", readonly=True) as d:
        detailed = verify_xlsx(changed, d)
    assert detailed.status == MISMATCH and detailed.changes == []
    assert any("“网络申请数”的数字被改成了文字" in m for m in detailed.messages)
    assert cli_main(["verify", str(changed)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("不一致") and "的数字被改成了文字" in out

    # import (hand-made copies of the official table) still takes figures typed as text
    imported = import_xlsx(changed, read_data(draft).form)
    assert imported.values == import_xlsx(xlsx, read_data(draft).form).values
    assert [t.label for t in imported.text_figures] == ["网络申请数"]


@pytest.mark.filterwarnings("ignore:Title is more than 31 characters")
def test_a_figure_changed_to_text_on_a_crafted_sheet_is_named_shortened(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crafted sheet name of 5,000 characters, and a figure's text padded with 5,000 spaces,
    are quoted to their first characters as in every message about a workbook, not whole on
    each line (every figure turned to text printed the whole name: 200 KB for one file)."""
    _, xlsx = signed
    title = "表" * 5000

    def change(wb: Any) -> None:
        ws = wb.active
        for row in range(5, 30):
            cell = ws.cell(row, 3)
            if isinstance(cell.value, int):
                cell.value = str(cell.value) + " " * 5000
        ws.title = title

    assert cli_main(["verify", str(edit(xlsx, tmp_path / "long.xlsx", change))]) == 1
    out = capsys.readouterr().out
    named = [line for line in out.splitlines() if "的数字被改成了文字" in line]
    assert len(named) > 5
    assert all(f"（工作表“{title[:60]}…”C" in line and len(line) < 300 for line in named), named[0]


def test_an_untouched_export_has_no_text_figures(signed: tuple[Path, Path]) -> None:
    draft, xlsx = signed
    assert verify_xlsx(xlsx).ok
    assert import_xlsx(xlsx, read_data(draft).form).text_figures == []


def test_figures_as_text_in_the_2021_tables_are_named(tmp_path: Path) -> None:
    draft = signed_form(tmp_path, "gov-disclosure-2021")
    xlsx = export_xlsx(read_data(draft), tmp_path / "f.xlsx")
    assert verify_xlsx(xlsx).ok

    def change(wb: Any) -> None:
        ws = wb.worksheets[1]
        cell = ws.cell(find(ws, "（一）予以公开"), 3)  # 商业企业
        assert isinstance(cell.value, int)
        cell.value = str(cell.value)

    result = verify_xlsx(edit(xlsx, tmp_path / "f2.xlsx", change))
    assert result.status == MISMATCH
    assert any("“予以公开（商业企业）”的数字被改成了文字" in m for m in result.messages)


def test_an_unsigned_draft_is_not_called_a_signoff_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = example()
    path = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    xlsx = export_xlsx(read_data(path), tmp_path / "d.xlsx", draft_mode=True)
    assert cli_main(["verify", str(xlsx), "--draft", str(path)]) == 0
    out = capsys.readouterr().out
    assert "工作簿的内容与草稿当前内容一致（草稿尚未签发）" in out
    assert "签发指纹一致" not in out


def test_a_signed_export_against_a_reopened_draft(signed: tuple[Path, Path]) -> None:
    draft_path, xlsx = signed
    with Draft.open(draft_path, "沈涛") as d:
        review.reopen(d, "再看看")
    with Draft.open(draft_path, "测试", readonly=True) as d:
        result = verify_xlsx(xlsx, d)
    assert result.ok
    assert "也与草稿当前内容一致（草稿尚未签发）" in result.messages[0]
    # The only other message: the signature covers the report's text, which the workbook lacks.
    assert result.messages[1:] == [TEXT_NOT_IN_FILE]


def _set_line_print(wb: Any, new: str) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("完整指纹"):
                    cell.value = f"完整指纹（SHA-256）：{new}"
                    return
    raise AssertionError("no fingerprint line")


@pytest.mark.parametrize("also_properties", [False, True])
def test_an_edited_fingerprint_line_is_named_as_such(
    signed: tuple[Path, Path], tmp_path: Path, also_properties: bool
) -> None:
    draft, xlsx = signed
    forged = "ab" * 32

    def change(wb: Any) -> None:
        _set_line_print(wb, forged)
        if also_properties:
            for prop in wb.custom_doc_props:
                if prop.name == "govreport.fingerprint":
                    prop.value = forged

    changed = edit(xlsx, tmp_path / "line.xlsx", change)
    with Draft.open(draft, "测试", readonly=True) as d:
        detailed = verify_xlsx(changed, d)
    assert detailed.status == MISMATCH and detailed.changes == []
    assert any("签发指纹" in m and "被改动过" in m for m in detailed.messages)
    assert not any("旧的导出文件" in m for m in detailed.messages)
    alone = verify_xlsx(changed)
    assert alone.status == MISMATCH
    if not also_properties:  # the document properties still hold what was signed
        assert any("表下签发行中" in m and "被改动过" in m for m in alone.messages)
        assert not any("字段被改动" in m for m in alone.messages)
    else:  # nothing left to tell which: both are named as possible
        assert any("字段被改动" in m and "签发指纹被改写" in m for m in alone.messages)
