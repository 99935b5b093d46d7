"""Reading filled tables back from Excel: our exports, hand-made copies, and hostile files (no Qt)."""

from __future__ import annotations

import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_export import (
    consistent_values,
    example,
    make_draft,
    read_data,
    signed_example,
    signed_form,
)

from govreport_gui.cli.main import main as cli_main
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout import import_xlsx as importer
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_xlsx import (
    UnmatchedRowsError,
    XlsxImportError,
    exact_key,
    import_xlsx,
    loose_key,
)
from govreport_gui.core.layout.report import ReportData
from govreport_gui.core.store.draft import Draft

FORM_2014 = get_form("gov-disclosure-2014")
FORM_2021 = get_form("gov-disclosure-2021")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def exported(tmp_path: Path, form_id: str = "gov-disclosure-2014") -> tuple[Path, ReportData]:
    if form_id == "gov-disclosure-2014":
        draft = signed_example(tmp_path, "src.nianbao")
    else:
        draft = signed_form(tmp_path, form_id, "src.nianbao")
    data = read_data(draft)
    return export_xlsx(data, tmp_path / "export.xlsx"), data


def workbook(rows: list[list[Any]], path: Path, title: str = "Sheet1") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


# -- normalising ---------------------------------------------------------------------------------


def test_label_keys_tolerate_numbering_width_and_qizhong() -> None:
    assert (
        exact_key("（一）收到申请数")
        == exact_key("(一) 收到申请数")
        == exact_key("（一）收到申请数 ")
    )
    assert exact_key("1.当面申请数") == exact_key("1、当面申请数") == exact_key("１．当面申请数")
    assert exact_key("1.当面申请数") == exact_key("（1）当面申请数")
    assert exact_key("（一）收到申请数") != exact_key("（二）收到申请数")
    assert loose_key("其中：涉及国家秘密") == loose_key("涉及国家秘密") == "涉及国家秘密"
    assert loose_key("　　其中: 主动公开规范性文件数") == "主动公开规范性文件数"
    assert loose_key("1.专职人员数（不包括政府公报及政府网站工作人员数）") == "专职人员数"
    assert loose_key("统　计　指　标") == "统计指标"


def test_defusedxml_is_used() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


# -- our own exports -----------------------------------------------------------------------------


def test_export_imports_back_identically(tmp_path: Path) -> None:
    path, data = exported(tmp_path)
    result = import_xlsx(path, FORM_2014)
    assert {k: v for k, v in result.values.items() if v is not None} == dict(data.values)
    assert set(result.values) == {c.id for c in FORM_2014.cells}
    assert result.fields == dict(data.fields)
    assert len(result.matched_rows) == len(FORM_2014.tables[0].rows)
    assert result.unmatched_rows == [] and result.problems == [] and result.missing_rows == []
    assert result.properties["govreport.form"] == FORM_2014.id


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_2019_and_2021_exports_import_back(tmp_path: Path, form_id: str) -> None:
    path, data = exported(tmp_path, form_id)
    result = import_xlsx(path, get_form(form_id))
    assert result.values == dict(data.values)
    assert result.fields == dict(data.fields)
    assert result.unmatched_rows == [] and result.missing_rows == []


def test_money_imports_exactly(tmp_path: Path) -> None:
    doc = example()
    values = dict(doc.values, budget=Decimal("7730.28"), fees=Decimal("0.000001"))
    data = read_data(make_draft(tmp_path / "m.nianbao", doc.form, doc.fields, values))
    result = import_xlsx(export_xlsx(data, tmp_path / "m.xlsx"), FORM_2014)
    assert result.values["budget"] == Decimal("7730.28")
    assert result.values["fees"] == Decimal("0.000001")


def test_cli_import_into_a_new_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, data = exported(tmp_path)
    target = tmp_path / "new"
    assert cli_main(["import-xlsx", str(path), str(target), "--user", "导入人"]) == 0
    draft = Draft.open(tmp_path / "new.nianbao", "测试", readonly=True)
    try:
        assert draft.form.id == FORM_2014.id
        assert draft.values == dict(data.values)
        assert draft.fields == dict(data.fields)
    finally:
        draft.close()
    assert "已新建草稿" in capsys.readouterr().out


def test_cli_import_into_an_existing_draft_is_one_batch(tmp_path: Path) -> None:
    path, data = exported(tmp_path)
    target = tmp_path / "existing.nianbao"
    Draft.create(target, FORM_2014, "填报人", {"unit": "旧单位"}, {"received": 99}).close()
    assert cli_main(["import-xlsx", str(path), str(target), "--user", "导入人"]) == 0
    draft = Draft.open(target, "测试", readonly=True)
    try:
        assert draft.values == dict(data.values)
        assert draft.fields == dict(data.fields)
        imported = [e for e in draft.history() if e.batch > 1]
        assert imported and {e.batch for e in imported} == {imported[0].batch}
        assert {e.kind for e in imported} == {"import", "field"}
        assert all(e.who == "导入人" for e in imported)
    finally:
        draft.close()


def test_cli_import_needs_a_form_for_a_hand_made_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hand_made_2014(tmp_path / "hand.xlsx")
    assert cli_main(["import-xlsx", str(path), str(tmp_path / "n.nianbao")]) == 2
    assert "--form" in capsys.readouterr().err
    assert (
        cli_main(["import-xlsx", str(path), str(tmp_path / "n.nianbao"), "--form", FORM_2014.id])
        == 0
    )


def test_cli_import_refuses_another_forms_workbook(tmp_path: Path) -> None:
    path, _ = exported(tmp_path, "gov-disclosure-2021")
    code = cli_main(["import-xlsx", str(path), str(tmp_path / "x.nianbao"), "--form", FORM_2014.id])
    assert code == 2
    with pytest.raises(XlsxImportError, match="gov-disclosure-2021"):
        import_xlsx(path, FORM_2014)


def test_cli_import_names_an_unknown_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = exported(tmp_path)
    existing = tmp_path / "existing.nianbao"
    Draft.create(existing, FORM_2014, "填报人").close()
    for target in (tmp_path / "new.nianbao", existing):
        code = cli_main(["import-xlsx", str(path), str(target), "--form", "nosuch"])
        err = capsys.readouterr().err
        assert code == 2, err
        assert "未知的表单“nosuch”" in err and FORM_2014.id in err and "而" not in err
    assert not (tmp_path / "new.nianbao").exists()
    draft = Draft.open(existing, "测试", readonly=True)
    try:
        assert all(v is None for v in draft.values.values())
    finally:
        draft.close()


def test_cli_import_into_a_signed_draft_is_refused(tmp_path: Path) -> None:
    path, _ = exported(tmp_path)
    signed = signed_example(tmp_path, "signed.nianbao")
    assert cli_main(["import-xlsx", str(path), str(signed)]) == 1


# -- hand-made copies ----------------------------------------------------------------------------


def hand_made_2014(path: Path, extra: list[list[Any]] | None = None) -> Path:
    """The official table typed by hand: value column before the unit, other numbering styles."""
    rows: list[list[Any]] = [
        ["政府信息公开情况统计表"],
        ["（2018年度）"],
        ["填报单位（盖章）:某某县人民政府办公室"],
        ["统计指标", "统计数", "单位"],
        ["一、主动公开情况", None, "——"],
        ["(一)主动公开政府信息数", 12, "条"],
        ["其中: 主动公开规范性文件数", "3", "条"],
        ["其中：制发规范性文件总数", 4, "件"],  # 其中 written on both
        ["三、依申请公开情况", None, "——"],
        ["（一）收到申请数", "1,234", "件"],
        ["1、当面申请数", 1000, "件"],
        ["（2）传真申请数", 34, "件"],
        ["四、行政复议数量", 5, "件"],
        ["（一）维持具体行政行为数", 1, "件"],
        ["（二）被依法纠错数", 2, "件"],
        ["（三）其他情形数", 2, "件"],
        ["五、行政诉讼数量", 3, "件"],
        ["（一）维持具体行政行为或者驳回原告诉讼请求数", 0, "件"],
        ["（二）被依法纠错数", 3, "件"],
        ["（三）其他情形数", None, "件"],
        ["七、依申请公开信息收取的费用", 0.5, "万元"],
        ["十、本单位自定的统计项", "（见附件）", "件"],  # not in the form, and no number in it
        *(extra or []),
        [],
        ["单位负责人：赵六　　审核人：钱七　　填报人：孙八"],
        ["联系电话：0557-7654321　　填报日期：2019.2.1"],
    ]
    return workbook(rows, path)


def test_hand_made_copy_is_matched_by_label(tmp_path: Path) -> None:
    result = import_xlsx(hand_made_2014(tmp_path / "hand.xlsx"), FORM_2014)
    v = result.values
    assert v["proactive_info"] == 12
    assert v["normative_published"] == 3
    assert v["normative_issued"] == 4
    assert v["received"] == 1234
    assert v["received_in_person"] == 1000
    assert v["received_fax"] == 34
    # the two （二）被依法纠错数 rows, by the 四 / 五 row above them
    assert v["reviews_corrected"] == 2 and v["lawsuits_corrected"] == 3
    assert v["reviews_other"] == 2 and v["lawsuits_other"] is None
    assert v["fees"] == Decimal("0.5")
    assert "gazette" not in v  # not in the table: left alone
    assert result.fields == {
        "unit": "某某县人民政府办公室",
        "year": "2018",
        "head": "赵六",
        "reviewer": "钱七",
        "preparer": "孙八",
        "phone": "0557-7654321",
        "date": "2019年2月1日",
    }
    assert [r.text for r in result.unmatched_rows] == ["十、本单位自定的统计项"]
    assert not result.unmatched_rows[0].has_values  # text only: ignored, listed
    assert any("没有找到" in p and "政府公报公开政府信息数" in p for p in result.problems)
    assert ("main", "gazette") in result.missing_rows


def _row_of(path: Path, label: str) -> int:
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    return next(r[0].row for r in ws.iter_rows() if r[0].value == label)


def test_rows_with_numbers_that_fit_no_row_refuse_the_import(tmp_path: Path) -> None:
    """A number under the table that fits no row of the form is never dropped silently."""
    extra: list[list[Any]] = [["十一、本单位自定的其他统计项", 7, "件"], [None, "１２", None]]
    path = hand_made_2014(tmp_path / "extra.xlsx", extra)
    with pytest.raises(UnmatchedRowsError) as caught:
        import_xlsx(path, FORM_2014)
    error = caught.value
    assert isinstance(error, XlsxImportError)  # what the window catches: it refuses too
    row = _row_of(path, "十一、本单位自定的其他统计项")
    assert [(r.sheet, r.row, r.text) for r in error.unmatched] == [
        ("Sheet1", row, "十一、本单位自定的其他统计项"),
        ("Sheet1", row + 1, "（无标签）"),
    ]
    assert len(error.matched) == 17
    text = "\n".join(error.problems)
    assert f"第 {row} 行“十一、本单位自定的其他统计项”" in text and f"第 {row + 1} 行" in text
    assert "Sheet1" in text and "17 行" in text and "没有导入" in text
    # the row that holds only text is still ignored
    assert "十、本单位自定的统计项" not in text


@pytest.mark.filterwarnings("ignore:Title is more than 31 characters")
def test_long_labels_and_sheet_names_are_quoted_shortened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cell holds 32,767 characters and a crafted sheet name any number: quoted whole, 25 such
    rows printed 3 MB for one workbook (a sheet name is repeated in every line)."""
    import random

    rng = random.Random(7)
    labels = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(32_767)) for _ in range(25)]
    path = hand_made_2014(tmp_path / "long.xlsx", [[label, 1, "件"] for label in labels])
    import openpyxl

    wb = openpyxl.load_workbook(path)
    sheet = "表" * 5000
    wb.active.title = sheet
    wb.save(path)
    target = tmp_path / "d.nianbao"
    assert cli_main(["import-xlsx", str(path), str(target), "--form", FORM_2014.id]) == 1
    err = capsys.readouterr().err
    assert "找不到对应的行" in err and len(err) < 20_000, len(err)
    assert f"工作表“{sheet[:60]}…”第 23 行“{labels[0][:60]}…”（有数字）" in err
    assert not (tmp_path / "d.nianbao").exists()


def test_a_second_line_of_figures_under_a_one_row_table_refuses(tmp_path: Path) -> None:
    import openpyxl

    path, _ = exported(tmp_path, "gov-disclosure-2021")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[-1]
    first = next(r[0].row for r in ws.iter_rows() if isinstance(r[0].value, int))
    for col in range(1, 16):
        ws.cell(first + 1, col).value = 5
    wb.save(path)
    with pytest.raises(UnmatchedRowsError) as caught:
        import_xlsx(path, FORM_2021)
    assert [(r.sheet, r.row) for r in caught.value.unmatched] == [(ws.title, first + 1)]


def test_cli_import_with_unmatched_numbers_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hand_made_2014(tmp_path / "extra.xlsx", [["十一、本单位自定的其他统计项", 7, "件"]])
    row = _row_of(path, "十一、本单位自定的其他统计项")
    target = tmp_path / "existing.nianbao"
    Draft.create(target, FORM_2014, "填报人", {"unit": "旧单位"}, {"received": 99}).close()
    capsys.readouterr()
    assert cli_main(["import-xlsx", str(path), str(target)]) == 1
    err = capsys.readouterr().err
    assert f"工作表“Sheet1”第 {row} 行“十一、本单位自定的其他统计项”" in err and "17 行" in err
    with Draft.open(target, "测试", readonly=True) as draft:
        assert draft.values == {"received": 99} and draft.fields == {"unit": "旧单位"}
        assert {e.kind for e in draft.history()} == {"create", "cell", "field"}
    new = tmp_path / "new.nianbao"
    assert cli_main(["import-xlsx", str(path), str(new), "--form", FORM_2014.id]) == 1
    assert not new.exists()
    assert "十一、本单位自定的其他统计项" in capsys.readouterr().err


def test_duplicate_labels_without_context_are_refused(tmp_path: Path) -> None:
    path = workbook(
        [
            ["统计指标", "单位", "统计数"],
            ["（二）被依法纠错数", "件", 1],
            ["（二）被依法纠错数", "件", 2],
        ],
        tmp_path / "dup.xlsx",
    )
    with pytest.raises(XlsxImportError) as caught:
        import_xlsx(path, FORM_2014)
    text = "\n".join(caught.value.problems)
    assert "无法确定" in text and "行政复议数量" in text and "行政诉讼数量" in text


def test_a_row_twice_is_refused(tmp_path: Path) -> None:
    path = workbook(
        [
            ["统计指标", "单位", "统计数"],
            ["（一）收到申请数", "件", 1],
            ["（一）收到申请数", "件", 2],
        ],
        tmp_path / "twice.xlsx",
    )
    with pytest.raises(XlsxImportError, match="不止一次"):
        import_xlsx(path, FORM_2014)


def test_bad_values_refuse_the_whole_import_listing_each(tmp_path: Path) -> None:
    path = workbook(
        [
            ["统计指标", "单位", "统计数"],
            ["（一）收到申请数", "件", "三件"],
            ["1.当面申请数", "件", -1],
            ["2.传真申请数", "件", 1.5],
            ["3.网络申请数", "件", 2],
        ],
        tmp_path / "bad.xlsx",
    )
    with pytest.raises(XlsxImportError) as caught:
        import_xlsx(path, FORM_2014)
    problems = caught.value.problems
    assert any("收到申请数" in p and "不是数字" in p for p in problems)
    assert any("当面申请数" in p and "负数" in p for p in problems)
    assert any("传真申请数" in p and "整数" in p for p in problems)
    assert not any("网络申请数" in p for p in problems)


def test_no_header_is_refused(tmp_path: Path) -> None:
    path = workbook([["收到申请数", 3]], tmp_path / "nohead.xlsx")
    with pytest.raises(XlsxImportError, match="找不到表格"):
        import_xlsx(path, FORM_2014)


def test_hand_made_2021_table_with_columns_in_another_order(tmp_path: Path) -> None:
    form = FORM_2021
    values = consistent_values(form)
    apps = next(t for t in form.tables if t.id == "applications")
    order = [
        "total",
        "natural",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ]
    rows: list[list[Any]] = [
        ["政府信息公开工作年度报告（2021年度）"],
        ["填报单位（盖章）：某某市"],
        ["二、主动公开政府信息情况"],
    ]
    for table in form.tables:
        if table.id == "applications":
            rows.append(["三、收到和处理政府信息公开申请情况"])
            rows.append([apps.stub_note, "申请人情况"])
            rows.append([None, "总计", "自然人", "法人或其他组织"])
            rows.append(
                [None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
            )
            for row in apps.rows:
                cells = [None if row.heading else values[f"{row.id}.{c}"] for c in order]
                rows.append([row.label, *cells])
        elif table.id == "appeals":
            rows.append(["四、政府信息公开行政复议、行政诉讼情况"])
            rows.append(["行政复议", None, None, None, None, "行政诉讼"])
            rows.append([None] * 5 + ["未经复议直接起诉"] + [None] * 4 + ["复议后起诉"])
            rows.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
            rows.append([values[c.id] for c in table.cells])
        else:
            rows.append([table.title])
            rows.append([table.stub_header, *(c.label for c in table.columns)])
            for row in table.rows:
                rows.append([row.label, *(values[c.id] for c in table.cells if c.row.id == row.id)])
    path = workbook(rows, tmp_path / "h21.xlsx")
    result = import_xlsx(path, form)
    assert result.values == values
    assert result.fields == {"unit": "某某市", "year": "2021"}


# -- hostile and wrong files ---------------------------------------------------------------------


def refused_quickly(path: Path, match: str) -> XlsxImportError:
    start = time.perf_counter()
    with pytest.raises(XlsxImportError, match=match) as caught:
        import_xlsx(path, FORM_2014)
    assert time.perf_counter() - start < 5
    return caught.value


def test_formula_cells_are_refused(tmp_path: Path) -> None:
    path = workbook(
        [
            ["统计指标", "单位", "统计数"],
            ["1.当面申请数", "件", 1],
            ["2.传真申请数", "件", 2],
            ["（一）收到申请数", "件", "=C2+C3"],
        ],
        tmp_path / "formula.xlsx",
    )
    error = refused_quickly(path, "公式")
    assert "C4" in error.problems[0]


def test_not_xlsx_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "table.xlsx"
    text.write_text("统计指标,单位,统计数\n", encoding="utf-8")
    refused_quickly(text, "不是 Excel")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    refused_quickly(old, r"\.xls")
    pdf = tmp_path / "x.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n")
    refused_quickly(pdf, "PDF")
    docx = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    refused_quickly(docx, "Word")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    refused_quickly(broken, "损坏")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused_quickly(empty, "空的")
    refused_quickly(tmp_path / "missing.xlsx", "找不到")


def test_too_big_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hand_made_2014(tmp_path / "h.xlsx")
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 1000)
    refused_quickly(path, "文件太大")


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path, _ = exported(tmp_path)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/padding.bin", b"\x00" * (120 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    refused_quickly(bomb, "压缩炸弹")
    ratio = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(ratio, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/zeros.bin", b"\x00" * (3 * 1024 * 1024))
    refused_quickly(ratio, "压缩比异常")


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def _entity_bomb(tmp_path: Path) -> Path:
    path, _ = exported(tmp_path)
    bomb = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                body = text[text.index("<worksheet") :]
                body = body.replace(
                    "<sheetData>",
                    '<sheetData><row r="999"><c r="A999" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
                    1,
                )
                data = (BILLION_LAUGHS + body).encode("utf-8")
            dst.writestr(info, data)
    return bomb


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    refused_quickly(_entity_bomb(tmp_path), "DTD")


def test_entity_bomb_is_refused_by_the_parser_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the pre-scan, defusedxml (through openpyxl) still refuses instead of expanding."""
    monkeypatch.setattr(importer, "_check_no_dtd", lambda *args: None)
    refused_quickly(_entity_bomb(tmp_path), "无法读取")


def test_huge_sheet_is_refused(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["统计指标", "单位", "统计数"]]
    rows += [[f"第{i}行", "件", i] for i in range(6000)]
    path = workbook(rows, tmp_path / "huge.xlsx")
    refused_quickly(path, "超过 5000 行")


def test_too_many_empty_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_SCANNED_ROWS", 100)
    path = workbook([["统计指标", "单位", "统计数"], *([[None]] * 50), ["x"]], tmp_path / "e.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active.cell(500, 1).value = None
    wb.active.row_dimensions[400].height = 30  # an empty row that is still written
    wb.active.cell(400, 2).number_format = "0"
    wb.save(path)
    refused_quickly(path, "行数过多")


def test_too_wide_a_sheet_is_refused(tmp_path: Path) -> None:
    path = workbook([["统计指标", "单位", "统计数", *range(300)]], tmp_path / "wide.xlsx")
    refused_quickly(path, "超过 200 列")


def test_a_bogus_dimension_does_not_make_reading_slow(tmp_path: Path) -> None:
    path = hand_made_2014(tmp_path / "h.xlsx")
    patched = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                start = text.index('<dimension ref="') + len('<dimension ref="')
                end = text.index('"', start)
                data = (text[:start] + "A1:XFD1048576" + text[end:]).encode("utf-8")
            dst.writestr(info, data)
    start = time.perf_counter()
    result = import_xlsx(patched, FORM_2014)
    assert time.perf_counter() - start < 5
    assert result.values["received"] == 1234


def test_hidden_sheets_are_ignored(tmp_path: Path) -> None:
    import openpyxl

    path = hand_made_2014(tmp_path / "h.xlsx")
    wb = openpyxl.load_workbook(path)
    hidden = wb.create_sheet("隐藏")
    hidden.append(["统计指标", "单位", "统计数"])
    hidden.append(["（二）申请办结数", "件", 9])
    hidden.sheet_state = "hidden"
    wb.save(path)
    result = import_xlsx(path, FORM_2014)
    assert "closed" not in result.values
    assert any("隐藏" in p for p in result.problems)


def test_values_as_text_and_dates_are_refused(tmp_path: Path) -> None:
    import datetime as dt

    path = workbook(
        [["统计指标", "单位", "统计数"], ["（一）收到申请数", "件", dt.datetime(2019, 1, 1)]],
        tmp_path / "date.xlsx",
    )
    refused_quickly(path, "无法使用")


def test_another_suffix_is_read_by_content(tmp_path: Path) -> None:
    """A workbook saved under another suffix is still read (the content decides, not the name)."""
    path, data = exported(tmp_path)
    other = tmp_path / "统计表.dat"
    other.write_bytes(path.read_bytes())
    assert import_xlsx(other, FORM_2014).fields == dict(data.fields)


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_a_draft_export_with_a_blank_last_table_imports_back(tmp_path: Path, form_id: str) -> None:
    """A draft exported before the last table (复议/诉讼, one row without a label) is filled: the
    草稿 note printed under it is no row of figures; the table imports as blank."""
    form = get_form(form_id)
    last = form.tables[-1]
    values = {k: v for k, v in consistent_values(form).items() if form.cell(k).table_id != last.id}
    data = ReportData(
        form=form, fields={"unit": "某县人民政府办公室", "year": "2024"}, values=values
    )
    path = export_xlsx(data, tmp_path / "草稿.xlsx", draft_mode=True)
    result = import_xlsx(path, form)
    assert result.values == {**values, **{c.id: None for c in last.cells}}
    assert result.unmatched_rows == []


def test_a_fee_in_yuan_refuses_the_import(tmp_path: Path) -> None:
    """The 费用 row's unit typed 元 where the form counts 万元: 0.5 元 is not 0.5 万元. The whole
    import is refused (as for any value it cannot use), naming both units."""
    path = hand_made_2014(tmp_path / "hand.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    row = _row_of(path, "七、依申请公开信息收取的费用")
    assert ws.cell(row, 3).value == "万元"
    ws.cell(row, 3).value = "元"
    wb.save(path)
    with pytest.raises(XlsxImportError) as caught:
        import_xlsx(path, FORM_2014)
    assert any(
        "表中写明的单位是“元”，本表单是“万元”" in p and "“0.5”须换算为万元后填写" in p
        for p in caught.value.problems
    )


def test_a_column_the_form_does_not_have_is_named(tmp_path: Path) -> None:
    """A 历年累计 column beside 统计数: 统计数 is imported, the other column named, not dropped
    without a word."""
    import openpyxl

    path = hand_made_2014(tmp_path / "hand.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.cell(_row_of(path, "统计指标"), 4).value = "历年累计"
    ws.cell(_row_of(path, "(一)主动公开政府信息数"), 4).value = 120
    ws.cell(_row_of(path, "四、行政复议数量"), 4).value = 50
    wb.save(path)
    result = import_xlsx(path, FORM_2014)
    assert result.values["proactive_info"] == 12 and result.values["reviews"] == 5
    assert any(
        "“历年累计”一列不是本表单的列，其中 2 行的数字没有导入" in p for p in result.problems
    )


def test_a_row_under_an_unlabelled_parent_goes_by_the_row_read_before_it(tmp_path: Path) -> None:
    """The 五、行政诉讼数量 row deleted, and 四's （三）其他情形数: the （三） under 五's rows is
    五's, as the row read before it (五's （二）) says; it was read into 四's （三）, a figure in
    another row's cell without a word."""
    path = workbook(
        [
            ["统计指标", "统计数", "单位"],
            ["四、行政复议数量", 5, "件"],
            ["（一）维持具体行政行为数", 1, "件"],
            ["（二）被依法纠错数", 2, "件"],
            ["（一）维持具体行政行为或者驳回原告诉讼请求数", 0, "件"],
            ["（二）被依法纠错数", 3, "件"],
            ["（三）其他情形数", 9, "件"],
        ],
        tmp_path / "deleted.xlsx",
    )
    result = import_xlsx(path, FORM_2014)
    assert result.values.get("lawsuits_other") == 9
    assert result.values.get("reviews_other") is None
    assert ("main", "reviews_other") in result.missing_rows


def _two_copies(tmp_path: Path) -> Path:
    """Last year's table on the first sheet, this year's on the second: both visible."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "去年"
    for sheet, figures in ((wb.active, (112, 130)), (wb.create_sheet("今年"), (12, 30))):
        sheet.append(["统计指标", "统计数", "单位"])
        sheet.append(["（一）主动公开政府信息数", figures[0], "条"])
        sheet.append(["（一）收到申请数", figures[1], "件"])
    path = tmp_path / "两份.xlsx"
    wb.save(path)
    return path


def test_a_second_copy_of_the_table_on_another_sheet_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sheets each holding the table with figures: the first was read, the other left without
    a word, whichever was meant. Both are named and nothing is imported."""
    path = _two_copies(tmp_path)
    with pytest.raises(XlsxImportError) as caught:
        import_xlsx(path, FORM_2014)
    text = "\n".join(caught.value.problems)
    assert "工作簿中有两份“政府信息公开情况统计表”" in text
    assert "工作表“去年”第 1 行" in text and "工作表“今年”第 1 行" in text
    target = tmp_path / "d.nianbao"
    assert cli_main(["import-xlsx", str(path), str(target), "--form", FORM_2014.id]) == 2
    assert not target.exists()
    assert cli_main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "工作簿中有两份“政府信息公开情况统计表”" in err and "没有认得出的统计表" not in err


def test_an_empty_second_copy_of_the_table_is_no_second_copy(tmp_path: Path) -> None:
    """A blank template left on another sheet holds no figure: nothing to choose between."""
    import openpyxl

    path = _two_copies(tmp_path)
    wb = openpyxl.load_workbook(path)
    for row in wb["今年"].iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].value = None
    wb.save(path)
    result = import_xlsx(path, FORM_2014)
    assert result.values["proactive_info"] == 112 and result.values["received"] == 130


def test_a_figure_shown_in_ten_thousands_refuses_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template whose 费用 cell shows 元 as 万元 (“0!.0000"万元"”, a common Excel trick): 5000
    typed, 0.5000万元 seen by whoever opens it, and 5000 万元 imported without a word."""
    import openpyxl

    path = hand_made_2014(tmp_path / "hand.xlsx")
    wb = openpyxl.load_workbook(path)
    cell = wb.active.cell(_row_of(path, "七、依申请公开信息收取的费用"), 2)
    cell.value, cell.number_format = 5000, '0!.0000"万元"'
    wb.save(path)
    target = tmp_path / "d.nianbao"
    assert cli_main(["import-xlsx", str(path), str(target), "--form", FORM_2014.id]) == 2
    err = capsys.readouterr().err
    assert (
        "工作表“Sheet1”B21“依申请公开信息收取的费用”：“5000”显示为“0.5000万元”"
        '（数字格式“0!.0000"万元"”），看的人读到的不是这个数'
    ) in err
    assert not target.exists()


# -- a damaged zip directory (a broken download): the damaged-file refusal ---------------------


def damaged_directory(data: bytes, how: str) -> bytes:
    """The .xlsx ``data`` with its central directory damaged: ``negative-offset`` (the end
    record's directory offset too large, so every member is said to start before the file:
    zipfile's ``negative seek value``), or ``name-not-utf8`` (a name marked UTF-8 holding a byte
    that is not: zipfile's UnicodeDecodeError)."""
    damaged = bytearray(data)
    if how == "negative-offset":
        end = damaged.rindex(b"PK\x05\x06")
        offset = int.from_bytes(damaged[end + 16 : end + 20], "little")
        damaged[end + 16 : end + 20] = (offset + 4 * len(damaged)).to_bytes(4, "little")
    else:
        entry = damaged.index(b"PK\x01\x02")
        flags = int.from_bytes(damaged[entry + 8 : entry + 10], "little") | 0x800
        damaged[entry + 8 : entry + 10] = flags.to_bytes(2, "little")
        damaged[entry + 46] = 0xAC  # the name's first byte
    return bytes(damaged)


@pytest.mark.parametrize("how", ["negative-offset", "name-not-utf8"])
def test_check_of_a_workbook_with_a_damaged_directory_says_it_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    path = workbook([["项目", "数量"], ["收到申请", 12]], tmp_path / "统计表.xlsx")
    path.write_bytes(damaged_directory(path.read_bytes(), how))
    assert cli_main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"文件已损坏（不是完整的 .xlsx 压缩包）：{path}" in err, err
    assert "内部错误" not in err and "文件名无效" not in err, err
