"""``govreport import-report FILE [PATH] [--values-out OUT.json]`` on PDF, web pages and Word
(issue 17): a draft and/or a values file, the check always printed, exit 0 read and no errors,
1 written with errors in the figures, 2 nothing usable read and nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from published_reports import (
    SEED_VALUES,
    cms_html,
    example_2021_file,
    export_docx,
    export_pdf,
    filled,
    image_only_pdf,
    load,
    platypus_pdf,
    values_file,
)

from govreport_gui.cli.main import main
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.store.draft import Draft


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, out, err


@pytest.mark.parametrize("kind", ["pdf", "html", "docx"])
def test_a_report_becomes_a_draft_and_a_values_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Each format: the draft and the values file hold every figure of the values file the report
    was made from; the check is printed; exit 0; `govreport check` accepts the values file."""
    doc = load(example_2021_file(tmp_path))
    source = tmp_path / f"report.{kind}"
    {"pdf": export_pdf, "html": cms_html, "docx": export_docx}[kind](source, doc)
    out_json = tmp_path / "read.json"
    code, out, _ = _run(capsys, "import-report", source, tmp_path / "new", "--values-out", out_json)
    assert code == 0, out
    assert "统计表：读出 200 个数字" in out
    assert "校验：" in out and "共 0 个错误" in out
    read = load_values_document(out_json)
    assert {k: v for k, v in read.values.items() if v is not None} == filled(doc)
    assert read.fields["unit"] == doc.fields["unit"] and read.fields["year"] == "2022"
    draft = Draft.open(tmp_path / "new.nianbao", "测试")
    try:
        assert {k: v for k, v in draft.values.items() if v is not None} == filled(doc)
    finally:
        draft.close()
    assert _run(capsys, "check", out_json)[0] == 0


def test_values_out_alone_writes_no_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = load(SEED_VALUES)
    source = cms_html(tmp_path / "seed.html", doc, nested=False, encoding="utf-8")
    code, out, _ = _run(capsys, "import-report", source, "--values-out", tmp_path / "seed.json")
    assert code == 0
    assert "已写数值文件" in out and "已新建草稿" not in out
    written = json.loads((tmp_path / "seed.json").read_text(encoding="utf-8"))
    assert written["form"] == "gov-disclosure-2014"
    assert list(written["values"]) == [c.id for c in doc.form.cells]  # every cell, in order
    assert not list(tmp_path.glob("*.nianbao"))


def test_figures_with_errors_are_written_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A published table whose 总计 does not add up: the draft and the values file are written
    (the reviewer looks at them), the check lists the error, exit 1."""
    values = dict(load(example_2021_file(tmp_path)).values)
    values["new.total"] = 1
    fields = {"unit": "某某县人民政府", "year": "2022", "date": "2023年1月5日"}
    doc = load(values_file(tmp_path / "bad.json", "gov-disclosure-2021", values, fields))
    source = platypus_pdf(tmp_path / "bad.pdf", doc)
    out_json = tmp_path / "read.json"
    code, out, _ = _run(capsys, "import-report", source, tmp_path / "d", "--values-out", out_json)
    assert code == 1
    assert (tmp_path / "d.nianbao").exists() and out_json.exists()
    assert "错误" in out.split("\n校验：")[1]
    assert load_values_document(out_json).values["new.total"] == 1


def test_the_2019_style_six_row_is_said_and_its_rows_left_blank(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = load(example_2021_file(tmp_path))
    source = cms_html(tmp_path / "six.html", doc, six_as_2019=True)
    code, out, _ = _run(capsys, "import-report", source, "--values-out", tmp_path / "six.json")
    # Not spread by a guess: the 21 cells under （六） stay blank, as the check says, and the
    # row says which rows to fill; its figures were not imported: counted, exit 1.
    assert code == 1
    assert "（六）其他处理”一行有数字" in out.split("\n校验：")[0]
    assert "21 个空格未填" in out.split("\n校验：")[1]
    assert "有 1 处数字没有导入" in out


def test_nothing_usable_read_writes_nothing_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = image_only_pdf(tmp_path / "scan.pdf")
    code, _, err = _run(
        capsys, "import-report", scan, tmp_path / "d", "--values-out", tmp_path / "v.json"
    )
    assert code == 2 and "扫描件" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.pdf"]


def test_a_report_without_figures_gives_no_values_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "text.html"
    page.write_text("<h1>某某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>正文。</p>")
    code, _, err = _run(capsys, "import-report", page, "--values-out", tmp_path / "v.json")
    assert code == 2 and "没有读出任何数字" in err
    assert not (tmp_path / "v.json").exists()


def test_a_report_without_figures_gives_a_draft_of_its_text_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its text is worth keeping, but a draft of blanks passes every check: not exit 0."""
    page = tmp_path / "text.html"
    page.write_text(
        "<h1>某某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度依法公开。</p>",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "import-report", page, tmp_path / "d")
    assert code == 1, out
    assert "已新建草稿" in out and "没有读出任何数字" in out
    draft = Draft.open(tmp_path / "d.nianbao", "测试")
    try:
        assert "本年度依法公开。" in "".join(draft.texts.values())
        assert not any(v is not None for v in draft.values.values())
    finally:
        draft.close()


def test_a_page_saved_again_in_utf8_under_its_old_gbk_declaration_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = load(SEED_VALUES)
    source = cms_html(tmp_path / "seed.html", doc, nested=False, encoding="utf-8")
    page = source.read_text(encoding="utf-8")
    assert "charset" in page.lower()
    relabelled = tmp_path / "relabelled.html"
    relabelled.write_bytes(re.sub(r"charset=[\"']?[\w-]+", "charset=gbk", page).encode())
    code, out, _ = _run(capsys, "import-report", relabelled, "--values-out", tmp_path / "v.json")
    assert code == 0, out
    read = load_values_document(tmp_path / "v.json")
    assert {k: v for k, v in read.values.items() if v is not None} == filled(doc)


def test_path_or_values_out_is_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = export_pdf(tmp_path / "r.pdf")
    code, _, err = _run(capsys, "import-report", source)
    assert code == 2 and "--values-out" in err and "PATH" in err


def test_an_existing_values_file_is_kept_unless_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = export_pdf(tmp_path / "r.pdf")
    target = tmp_path / "v.json"
    target.write_text("mine", encoding="utf-8")
    code, _, err = _run(capsys, "import-report", source, "--values-out", target)
    assert code == 1 and "不会覆盖" in err and "--overwrite" in err
    assert target.read_text(encoding="utf-8") == "mine"
    code, _, _ = _run(capsys, "import-report", source, "--values-out", target, "--overwrite")
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["form"]


@pytest.mark.parametrize(
    ("name", "words"),
    [("old.xls", ".xlsx"), ("old.et", ".xlsx"), ("old.doc", ".docx"), ("old.wps", ".docx")],
)
def test_old_formats_are_told_how_to_save(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = _run(capsys, "import-report", path, tmp_path / "d")
    assert code == 2 and "另存为" in err and words in err
    assert not (tmp_path / "d.nianbao").exists()


def test_the_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "import-report", "--help")
    assert code == 0
    assert ".pdf" in out and ".html" in out and "--values-out" in out


def test_a_table_not_read_is_said_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A web page whose table 三 is gone (or unrecognisable): the other tables' figures are
    written, the note names the table, and the exit code is 1, for 178 blanks are no figures."""
    import re

    from published_reports import export_html

    doc = load(example_2021_file(tmp_path))
    page = export_html(tmp_path / "full.html", doc).read_text(encoding="utf-8")
    tables = list(re.finditer(r"<table.*?</table>", page, re.S))
    three = next(t for t in tables if "本年新收政府信息公开申请数量" in t.group())
    cut = tmp_path / "cut.html"
    cut.write_text(page[: three.start()] + page[three.end() :], encoding="utf-8")
    code, out, _ = _run(capsys, "import-report", cut, "--values-out", tmp_path / "v.json")
    assert code == 1, out
    assert "没有读出这些表格" in out and "三、收到和处理政府信息公开申请情况" in out
    assert "统计表不完整" in out
    read = load_values_document(tmp_path / "v.json")
    three_cells = {
        cell.id
        for table in doc.form.tables
        if any("本年新收政府信息公开申请数量" in row.label for row in table.rows)
        for cell in doc.form.cells
        if cell.table_id == table.id
    }
    assert three_cells  # the table's cells are blank, the others read
    expected = {k: v for k, v in filled(doc).items() if k not in three_cells}
    assert {k: v for k, v in read.values.items() if v is not None} == expected


def test_check_of_a_published_report_with_no_figures_is_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Word report of text only: nothing to check, so not a pass."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某县财政局2022年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("本年度依法公开政府信息。")
    path = tmp_path / "text-only.docx"
    document.save(str(path))
    code, out, err = _run(capsys, "check", path)
    assert code == 2, out
    assert "没有从中读出统计表的数字" in out + err
