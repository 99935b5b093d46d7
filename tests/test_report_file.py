"""One reader for every kind of report file (issue 17): ``check`` and the 审核台 read drafts, values
files and exported workbooks alike; a workbook's embedded signature is checked as ``verify`` does;
a workbook filled by hand is read for the form whose rows it fills; old formats get a message."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops.report_file import ReportFileError, read_report_file
from govreport_gui.core.ops.signature import SignatureStatus

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture()
def signed_workbook(tmp_path: Path) -> Path:
    draft = signed_example(tmp_path)
    return export_xlsx(read_data(draft), tmp_path / "signed.xlsx")


def test_an_exported_signed_workbook_reads_as_the_draft_with_its_signature(
    signed_workbook: Path,
) -> None:
    expected = load_values_document(EXAMPLE)
    found = read_report_file(signed_workbook)
    assert found.kind == "workbook" and found.form.id == expected.form.id
    assert found.unit == expected.fields["unit"] and found.year == expected.fields["year"]
    assert {k: v for k, v in found.values.items() if v is not None} == {
        k: v for k, v in expected.values.items() if v is not None
    }
    assert found.signature is not None
    assert found.signature.status is SignatureStatus.VALID_TRUSTED
    assert found.signed and found.content_fingerprint


def test_a_changed_figure_in_a_signed_workbook_breaks_its_signature(
    signed_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(signed_workbook)
    changed = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not changed and isinstance(cell.value, int) and cell.value > 0:
                    cell.value += 1
                    changed = True
    assert changed
    tampered = tmp_path / "tampered.xlsx"
    wb.save(tampered)
    found = read_report_file(tampered)
    assert found.signature is not None and found.signature.status is SignatureStatus.INVALID
    code, out, _ = run(capsys, "check", tampered)
    assert "签名无效" in out
    assert code == 1  # an invalid signature fails the check, as a draft's does


def test_check_reads_a_workbook_and_a_folder_lists_workbooks(
    signed_workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", signed_workbook, "--json")
    data = json.loads(out)
    assert code == 0 and data["errors"] == 0
    assert data["signature"]["status"] == "VALID_TRUSTED"
    folder = tmp_path / "各部门"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(signed_workbook.read_bytes())
    (folder / "b.json").write_bytes(EXAMPLE.read_bytes())
    code, out, _ = run(capsys, "check", folder)
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == [
        str(folder / "a.xlsx"),
        str(folder / "b.json"),
    ]
    assert "签名有效" in lines[0]
    assert lines[-1] == "共 2 份：通过 2，有错误 0，无法读取 0"


def test_a_workbook_filled_by_hand_is_read_for_the_form_it_fills(
    signed_workbook: Path, tmp_path: Path
) -> None:
    """A copy without our properties (a department typed the figures into a template)."""
    wb = openpyxl.load_workbook(signed_workbook)
    wb.custom_doc_props.props = []
    plain = tmp_path / "手填.xlsx"
    wb.save(plain)
    found = read_report_file(plain)
    assert found.form.id == load_values_document(EXAMPLE).form.id
    assert found.signature is None or not found.signature.valid  # nothing proves who signed


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        ("a.xls", "另存为 .xlsx"),
        ("a.et", "另存为 .xlsx"),
        ("a.doc", "另存为 .docx"),
        ("a.wps", "另存为 .docx"),
    ],
)
def test_old_formats_are_refused_with_what_to_do(tmp_path: Path, name: str, advice: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(ReportFileError) as caught:
        read_report_file(path)
    assert advice in caught.value.message


def test_a_broken_workbook_is_one_unreadable_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "各部门"
    folder.mkdir()
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "好.json").write_bytes(EXAMPLE.read_bytes())
    code, out, _ = run(capsys, "check", folder)
    lines = out.splitlines()
    assert code == 2
    assert lines[0].startswith(f"{folder / '坏.xlsx'}\t无法读取\t")
    assert lines[-1] == "共 2 份：通过 1，有错误 0，无法读取 1"


def test_a_hand_filled_workbook_with_a_row_the_form_has_not_names_that_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One 其中 row added to the 2014 template, with a figure: the form it fills is plain (17 rows
    fit), the row is what stops it. It was said as “没有认得出的统计表…也不像任何一种年报格式”,
    the row and its figure not named."""
    from test_import_xlsx import hand_made_2014

    path = hand_made_2014(tmp_path / "手填.xlsx", [["其中：网上申请数", 7, "件"]])
    code, out, err = run(capsys, "check", path)
    assert code == 2 and out == ""
    assert "没有认得出的统计表" not in err
    assert "工作簿中的统计表无法按表单“政府信息公开情况统计表”读出" in err
    assert "以下 1 行有数字，但在表单中找不到对应的行（能对应的有 17 行）" in err
    assert "工作表“Sheet1”第 23 行“其中：网上申请数”（有数字）" in err


def test_a_hand_filled_workbook_whose_row_cannot_be_placed_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """四、行政复议数量 and its （一） deleted: its （二）被依法纠错数 may be 四's or 五's; said
    as such, not as a workbook with no table in it."""
    from test_import_xlsx import workbook

    path = workbook(
        [
            ["统计指标", "统计数", "单位"],
            ["（一）收到申请数", 3, "件"],
            ["（二）被依法纠错数", 2, "件"],
        ],
        tmp_path / "手填.xlsx",
    )
    code, _, err = run(capsys, "check", path)
    assert code == 2
    assert "工作簿中的统计表无法按表单“政府信息公开情况统计表”读出" in err
    assert "\n  有的行无法确定对应表单中的哪一行：\n" in err
    assert "\n    工作表“Sheet1”第 3 行：“（二）被依法纠错数”可能是" in err
