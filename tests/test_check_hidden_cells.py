"""``govreport check`` never calls a report fine whose figures it could not read or a reader cannot
see: a published report's cell that holds no number (“abc”), an exported workbook's cell that holds
no figure, a merge that hides figures in a workbook (signed: it no longer shows what was signed;
unsigned: those figures are not read silently). The 审核台's row counts as check does."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, run
from desk_samples import workbook
from published_reports import SEED_VALUES, example_2021_file, export_docx, export_html, load
from test_export import read_data, signed_example

from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops.desk_scan import scan_file

SHEET = "xl/worksheets/sheet1.xml"
_ = run  # the fixture of cli_run


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def rewrite(
    source: Path,
    target: Path,
    member: str,
    change: Mapping[str, str | Callable[[re.Match[str]], str]],
) -> Path:
    """``source`` with each pattern of ``change`` replaced once in ``member`` (a pattern that is
    not found fails the test: the export's markup changed under it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                text = data.decode("utf-8")
                for pattern, replacement in change.items():
                    text, count = re.subn(pattern, replacement, text, count=1)
                    assert count, pattern
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target


def merged(source: Path, target: Path, ref: str, second_element: bool = False) -> Path:
    """``source`` with ``ref`` merged and the cells under it kept (as LibreOffice can keep them,
    or a hand editing the file): Excel and WPS show the first cell only. ``second_element``: in a
    <mergeCells> of its own before the export's (openpyxl reads the last one only)."""
    if second_element:
        change: Mapping[str, str | Callable[[re.Match[str]], str]] = {
            "</sheetData>": f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
        }
    else:
        change = {
            r'<mergeCells count="(\d+)">': lambda m: (
                f'<mergeCells count="{int(m[1]) + 1}"><mergeCell ref="{ref}"/>'
            )
        }
    return rewrite(source, target, SHEET, change)


# -- a published report: a figure cell that holds no number -------------------------------------


@pytest.fixture()
def seed_docx_abc(tmp_path: Path) -> Path:
    """The seed report as Word, “370” (主动公开政府信息数) written “abc”."""
    plain = export_docx(tmp_path / "plain.docx", load(SEED_VALUES))
    return rewrite(
        plain, tmp_path / "x.docx", "word/document.xml", {"<w:t>370</w:t>": "<w:t>abc</w:t>"}
    )


@pytest.fixture()
def html_abc(tmp_path: Path) -> Path:
    """The 2021 report as a web page, one figure in the middle written “abc”."""
    page = export_html(tmp_path / "x.html", load(example_2021_file(tmp_path, other=True)))
    text = page.read_text(encoding="utf-8")
    cells = list(re.finditer(r'<td class="num">([0-9]+)</td>', text))
    hit = cells[len(cells) // 2]
    page.write_text(text[: hit.start(1)] + "abc" + text[hit.end(1) :], encoding="utf-8")
    return page


def test_a_word_report_with_letters_in_a_figure_is_an_error_not_a_blank(
    seed_docx_abc: Path, run: Run
) -> None:
    code, out, _ = run("check", seed_docx_abc)
    assert code == 1, out
    lines = out.splitlines()
    assert lines[0] == (
        "错误\tfile.figure_unread\t表格1第 3 行第 3 列“主动公开政府信息数”："
        "“abc”不是数字，请填写非负整数。（这个数字未能读出，没有参与校验）"
    )
    assert lines[-1] == "共 1 个错误，0 个警告，0 个空格未填（共 58 格）。"


def test_the_json_of_a_check_names_the_cell_that_was_not_read(
    seed_docx_abc: Path, run: Run
) -> None:
    data = run.json("check", seed_docx_abc)
    assert (data["errors"], data["blank"], data["blank_cells"]) == (1, 0, [])
    (problem,) = [p for p in data["problems"] if p["rule"] == "file.figure_unread"]
    assert problem["severity"] == "error"
    assert problem["cells"] == ["proactive_info"]
    assert problem["actual"] == "abc"
    assert "“abc”不是数字" in problem["message"]


def test_a_web_page_with_letters_in_a_figure_fails_in_a_folder_check_too(
    html_abc: Path, run: Run, tmp_path: Path
) -> None:
    code, out, _ = run("check", html_abc)
    assert code == 1, out
    assert "错误\tfile.figure_unread\t" in out and "“abc”不是数字" in out
    assert out.splitlines()[-1] == "共 1 个错误，0 个警告，0 个空格未填（共 200 格）。"
    folder = tmp_path / "各部门"
    folder.mkdir()
    (folder / "x.html").write_bytes(html_abc.read_bytes())
    assert_one_error_in_folder(run, folder)


def assert_one_error_in_folder(run: Run, folder: Path) -> dict[str, Any]:
    """check FOLDER --published of a folder of one report, x.html, with one error and no warning:
    its line, the count, the exit code 1; the file's JSON object."""
    code, out, _ = run("check", folder, "--published")
    assert code == 1
    assert out.splitlines() == [
        f"{folder / 'x.html'}\t有错误\t1 个错误\t0 个警告",
        "共 1 份：通过 0，有错误 1，无法读取 0",
    ]
    code, out, _ = run("check", folder, "--published", "--json")
    first, summary = (json.loads(line) for line in out.splitlines())
    assert first["errors"] == 1 and summary["summary"]["failed"] == 1 and code == 1
    found: dict[str, Any] = first
    return found


def test_the_desk_counts_a_figure_not_read_as_an_error(seed_docx_abc: Path) -> None:
    row = scan_file(seed_docx_abc)
    assert (row.errors, row.blanks) == (1, 0)


def test_a_row_of_figures_that_matches_no_row_of_the_form_is_an_error(
    tmp_path: Path, run: Run
) -> None:
    """Its figures were not checked: the report must not pass (import-report says the same)."""
    plain = export_docx(tmp_path / "plain.docx", load(SEED_VALUES))
    renamed = rewrite(
        plain,
        tmp_path / "x.docx",
        "word/document.xml",
        {"其中：主动公开规范性文件数": "其中：某某不存在的指标"},
    )
    code, out, _ = run("check", renamed)
    assert code == 1, out
    assert "错误\tfile.row_unread\t" in out and "某某不存在的指标" in out


# -- an exported workbook: a figure cell that holds no number -------------------------------------


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ('<c r="C6" s="9" t="inlineStr"><is><t>abc</t></is></c>', "“abc”不是数字"),
        ('<c r="C6" s="9" t="b"><v>1</v></c>', "不能是“是/否”"),
        ('<c r="C6" s="9" t="n"><v>-5</v></c>', "数量不能为负数"),
        # a fraction the cell's format (0) shows rounded: both said
        (
            '<c r="C6" s="9" t="n"><v>369.5</v></c>',
            "“369.5”（单元格显示为“370”，数字格式“0”）：此处应填写整数，不能有小数",
        ),
    ],
)
def test_a_workbook_figure_that_is_no_number_names_the_cell(
    tmp_path: Path, run: Run, cell: str, said: str
) -> None:
    """As a values file with such a figure: unusable input (exit 2), the cell named."""
    plain = workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")
    bad = rewrite(plain, tmp_path / "x.xlsx", SHEET, {r'<c r="C6"[^>]*>.*?</c>': cell})
    code, out, err = run("check", bad)
    assert code == 2, out
    assert "C6“主动公开政府信息数”" in err and said in err


# -- merged cells that hide figures ---------------------------------------------------------------


@pytest.fixture()
def signed_xlsx(tmp_path: Path) -> Path:
    return export_xlsx(read_data(signed_example(tmp_path)), tmp_path / "s.xlsx")


@pytest.mark.parametrize("second_element", [False, True])
def test_a_signed_workbook_whose_merge_hides_figures_is_not_as_signed(
    signed_xlsx: Path, tmp_path: Path, run: Run, second_element: bool
) -> None:
    hidden = merged(signed_xlsx, tmp_path / "s_merged.xlsx", "B5:C7", second_element)
    code, out, _ = run("check", hidden)
    assert code == 1, out
    lines = out.splitlines()
    assert lines[0].startswith("签名：签名有效")  # the figures are still the signed ones
    problem = next(line for line in lines if line.startswith("错误\tfile.not_as_signed\t"))
    assert "打开工作簿看到的内容与签发的内容不同，签发后被改动过" in problem
    assert "C5“主动公开政府信息数”：“370”被合并单元格 B5:C7 遮住" in problem
    assert "请用 govreport verify 核对" in problem
    assert lines[-1] == "共 1 个错误，0 个警告，0 个空格未填（共 58 格）。"
    code, out, _ = run("verify", hidden)  # verify says the same, in detail
    assert code == 1 and out.startswith("不一致")
    assert "C7“制发规范性文件总数”：“0”被合并单元格 B5:C7 遮住" in out
    data = run.json("check", hidden)
    assert data["errors"] == 1 and data["signature"]["status"] == "VALID_TRUSTED"
    assert [p["rule"] for p in data["problems"]] == ["file.not_as_signed"]
    assert scan_file(hidden).errors == 1  # the 审核台's row counts it as check does


@pytest.mark.parametrize("ref", ["B6:C8", "A6:C6"])
def test_an_unsigned_workbook_whose_merge_hides_figures_is_not_read(
    tmp_path: Path, run: Run, ref: str
) -> None:
    """Excel shows none of the figures under the merge: neither check nor import takes them."""
    plain = workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")
    hidden = merged(plain, tmp_path / "x.xlsx", ref)
    assert_not_read(run, hidden, f"C6“主动公开政府信息数”：“370”被合并单元格 {ref} 遮住")


def assert_not_read(run: Run, workbook: Path, said: str) -> None:
    """``workbook`` (2014 form) is refused, ``said``, by check (exit 2), the 审核台's row and
    import-xlsx (exit 2, no draft written)."""
    code, out, err = run("check", workbook)
    assert code == 2, out
    assert said in err
    assert said in scan_file(workbook).unreadable  # the 审核台's row
    target = workbook.with_name("imported.nianbao")
    code, _, err = run("import-xlsx", workbook, target, "--form", "gov-disclosure-2014")
    assert code == 2 and said in err
    assert not target.exists()


def test_a_merge_over_a_heading_row_is_harmless(
    signed_xlsx: Path, tmp_path: Path, run: Run
) -> None:
    """The heading row 一、主动公开情况 merged over its unit (“——”) and its empty figure cell:
    nothing a reader misses. The exports as written (merged titles and footers) pass too."""
    plain = workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")
    heading = merged(plain, tmp_path / "x.xlsx", "A5:C5")
    for path in (heading, plain, signed_xlsx):
        code, out, _ = run("check", path)
        assert code == 0, out
        assert out.splitlines()[-1] == "共 0 个错误，0 个警告，0 个空格未填（共 58 格）。"


@pytest.mark.parametrize("form_id", ["gov-disclosure-2019", "gov-disclosure-2021"])
def test_our_own_exports_with_their_merged_headers_check_cleanly(
    tmp_path: Path, run: Run, form_id: str
) -> None:
    from test_export import signed_form

    signed = export_xlsx(read_data(signed_form(tmp_path, form_id)), tmp_path / "s.xlsx")
    data = read_data(signed_form(tmp_path, form_id, "d.nianbao"))
    draft = export_xlsx(data, tmp_path / "d.xlsx", draft_mode=True)
    for path in (signed, draft):
        code, out, err = run("check", path)
        assert code == 0, out + err
        assert "file." not in out


@pytest.mark.parametrize(
    ("merges", "said"),
    [
        (
            "".join(f'<mergeCell ref="E{i}:F{i}"/>' for i in range(1, 6002)),
            "合并单元格过多（6007 处），不像是一张统计表",  # the export's own 6 too
        ),
        ('<mergeCell ref="A1:C90"/>' * 4000, "合并单元格互相重叠，不像是一张统计表"),
    ],
)
def test_a_sheet_of_thousands_of_merges_is_refused_quickly(
    tmp_path: Path, run: Run, merges: str, said: str
) -> None:
    """Each merge is looked at against the cells read: a crafted file of very many (or of merges
    over one another) is no statistics table, and must not make that slow."""
    plain = workbook(tmp_path / "d.xlsx", "自治区机关事务管理局")
    change = {"<mergeCells ": f"<mergeCells>{merges}</mergeCells><mergeCells "}
    code, _, err = run("check", rewrite(plain, tmp_path / "x.xlsx", SHEET, change))
    assert code == 2
    assert said in err


def test_a_signed_workbook_is_read_once_for_its_figures_and_signature(
    signed_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` of a workbook reads its figures, then verifies it as ``verify`` does: the
    workbook's content is read once for both (a folder of departments' workbooks is checked
    file after file), and the verdict is the one ``verify`` gives on its own."""
    from govreport_gui.core.layout import import_xlsx
    from govreport_gui.core.ops import verify, workbook_report
    from govreport_gui.core.ops.report_file import read_report_file

    reads: list[Path] = []
    real = import_xlsx.read_workbook

    def counted(path: Path) -> Any:
        reads.append(Path(path))
        return real(path)

    monkeypatch.setattr(workbook_report, "read_workbook", counted)
    monkeypatch.setattr(verify, "read_workbook", counted)
    report = read_report_file(signed_xlsx)
    assert reads == [signed_xlsx]
    assert report.signature is not None and report.signature.valid
    assert report.file_problems == []
    alone = verify.verify_xlsx(signed_xlsx)  # verify on its own reads it itself
    assert len(reads) == 2 and alone.ok and alone.signature.valid
