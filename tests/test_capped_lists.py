"""One crafted file never floods the output: every list of its problems names the first 20 and
says how many more there are (core/capped_list.py), on the command line, in ``--json`` and in
what the window shows — a values file with hundreds of unknown cells, a workbook with thousands
of rows the form does not have, a Word report with hundreds of paragraphs that fit nowhere, a
workbook with hundreds of sheets added."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, run
from report_docx import seed_document
from test_import_xlsx import exported, hand_made_2014, workbook

from govreport_gui.core.ops.report_file import ReportFileError, read_report_file

_ = run  # the fixture of cli_run

MANY = 300


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def _short(text: str, most: int = 30) -> None:
    """The output of one bad file: a screenful, whatever the file holds."""
    assert len(text.splitlines()) <= most, text[:2000]


def _many_unknown_keys(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "x.json"
    values: dict[str, Any] = {f"k{n}": 1 for n in range(MANY)}
    path.write_text(json.dumps({"form": "gov-disclosure-2014", "values": values}), encoding="utf-8")
    return path


def test_a_values_file_with_many_unknown_cells(tmp_path: Path, run: Run) -> None:
    path = _many_unknown_keys(tmp_path / "in")
    code, out, err = run("check", path)
    assert code == 2 and out == ""
    _short(err)
    assert "没有单元格“k19”" in err and "k20”" not in err
    assert f"……另有 {MANY - 20} 条未列出" in err

    # Among many files: one line, as short.
    code, out, _ = run("check", path.parent)
    assert code == 2
    (line,) = [line for line in out.splitlines() if line.startswith(str(path))]
    assert "无法读取" in line and f"另有 {MANY - 20} 条未列出" in line and "k20”" not in line
    data = [json.loads(line) for line in run("check", path.parent, "--json")[1].splitlines()]
    (unreadable,) = [d for d in data if d.get("file") == str(path)]
    assert f"另有 {MANY - 20} 条未列出" in unreadable["unreadable"]
    assert "k20”" not in unreadable["unreadable"]

    # fill says the same, and changes nothing.
    draft = tmp_path / "d.nianbao"
    assert run("new", draft, "--form", "gov-disclosure-2014")[0] == 0
    before = draft.read_bytes()
    code, _, err = run("fill", draft, "--values", path)
    assert code == 2 and f"……另有 {MANY - 20} 条未列出" in err
    _short(err)
    assert draft.read_bytes() == before

    # The window and the 审核台 show the reader's message: the same, capped.
    with pytest.raises(ReportFileError) as caught:
        read_report_file(path)
    _short(caught.value.message)


def test_an_excel_table_with_many_rows_the_form_does_not_have(tmp_path: Path, run: Run) -> None:
    extra: list[list[Any]] = [[f"自定统计项{n}", "（见附件）", "件"] for n in range(MANY)]
    source = hand_made_2014(tmp_path / "many.xlsx", extra)
    code, out, err = run(
        "import-xlsx", source, tmp_path / "d.nianbao", "--form", "gov-disclosure-2014"
    )
    assert code == 0, err
    _short(out)
    assert "以下行在表单中找不到（没有数字），已忽略" in out
    assert f"……另有 {MANY + 1 - 20} 条未列出" in out  # and the table's own 十、本单位自定的统计项


def test_an_excel_table_with_many_rows_that_fit_two_rows(tmp_path: Path, run: Run) -> None:
    rows: list[list[Any]] = [["统计指标", "单位", "统计数"]]
    rows += [["（二）被依法纠错数", "件", 1] for _ in range(MANY)]
    source = workbook(rows, tmp_path / "ambiguous.xlsx")
    code, _, err = run(
        "import-xlsx", source, tmp_path / "d.nianbao", "--form", "gov-disclosure-2014"
    )
    assert code == 2 and "无法确定" in err
    _short(err)
    assert f"……另有 {MANY - 20} 条未列出" in err


def test_a_word_report_with_many_paragraphs_that_fit_nowhere(tmp_path: Path, run: Run) -> None:
    import docx

    source = seed_document(tmp_path / "report.docx")
    document = docx.Document(str(source))
    for n in range(MANY):
        document.add_paragraph(f"附注第{n}条：本表数字为初步统计。")
    document.save(str(source))
    code, out, err = run("import-report", source, tmp_path / "d.nianbao")
    assert code == 0, err
    assert f"未能归入的内容（{MANY} 处）" in out
    assert "附注第19条" in out and "附注第20条" not in out
    assert f"……另有 {MANY - 20} 条未列出" in out
    _short(out, 60)  # the sections, the figures and the check besides


def test_verify_of_a_workbook_with_many_sheets_added(tmp_path: Path, run: Run) -> None:
    import openpyxl

    path, _ = exported(tmp_path)
    book = openpyxl.load_workbook(path)
    for n in range(MANY):
        book.create_sheet(f"附加{n}")
    book.save(path)
    code, out, _ = run("verify", path)
    assert code == 1
    _short(out)
    assert "多出工作表“附加19”" in out and "附加20”" not in out
    assert f"……另有 {MANY - 20} 条未列出" in out
    data = run.json("verify", path)
    assert len(data["messages"]) < 30
    assert any(f"另有 {MANY - 20} 条未列出" in m for m in data["messages"])
