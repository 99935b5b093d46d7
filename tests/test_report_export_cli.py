"""``govreport export PATH --docx OUT.docx --report-pdf OUT.pdf --html OUT.html`` (issue 16): the
whole report from a draft, with the refusals, checks of the names and messages of the table export."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from cli_run import Run, run

from govreport_gui.core.ops.report_export import report_of
from govreport_gui.core.report.model import PREFACE, TABLE, TEXT

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


_ = run  # the fixture of cli_run


@pytest.fixture()
def filled(tmp_path: Path, run: Run) -> Path:
    path = tmp_path / "seed.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2014", "--user", "填报人")[0] == 0
    assert run("fill", path, "--values", EXAMPLE, "--user", "填报人")[0] == 0
    return path


def outputs(tmp_path: Path) -> list[str]:
    return ["--docx", str(tmp_path / "r.docx"), "--report-pdf", str(tmp_path / "r.pdf"),
            "--html", str(tmp_path / "r.html")]  # fmt: skip


def test_unsigned_draft_is_refused_and_nothing_written(
    tmp_path: Path, run: Run, filled: Path
) -> None:
    code, out, err = run("export", filled, *outputs(tmp_path))
    assert code == 1 and out == ""
    assert "只有已签发的报表才能导出正式文件" in err and "--draft" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.nianbao"]


def test_draft_export_writes_the_three_files(tmp_path: Path, run: Run, filled: Path) -> None:
    code, out, _ = run("export", filled, *outputs(tmp_path), "--draft")
    assert code == 0
    assert out.splitlines() == [
        f"已导出 Word（草稿）：{tmp_path / 'r.docx'}",
        f"已导出 报告全文 PDF（草稿）：{tmp_path / 'r.pdf'}",
        f"已导出 网页（草稿）：{tmp_path / 'r.html'}",
    ]
    document = docx.Document(io.BytesIO((tmp_path / "r.docx").read_bytes()))
    assert document.paragraphs[0].text == "自治区机关事务管理局\n2018年政府信息公开工作年度报告"
    assert document.tables[0].rows[0].cells[0].text.startswith("统　计　指　标")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "<h1>" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_names_are_checked_before_anything_is_written(
    tmp_path: Path, run: Run, filled: Path
) -> None:
    code, _, err = run("export", filled, "--docx", tmp_path / "r.pdf", "--draft")
    assert code == 2 and "--docx 的文件名应以 .docx 结尾（Word 文件）" in err
    code, _, err = run("export", filled, "--html", tmp_path / "r.htm", "--draft")
    assert code == 2 and "--html 的文件名应以 .html 结尾（HTML 文件）" in err
    same = tmp_path / "same.pdf"
    code, _, err = run("export", filled, "--pdf", same, "--report-pdf", same, "--draft")
    assert code == 2 and "PDF 和 报告全文 PDF 不能导出到同一个文件" in err
    (tmp_path / "r.html").write_text("旧", encoding="utf-8")
    code, _, err = run("export", filled, *outputs(tmp_path), "--draft")
    assert code == 1 and "以下文件已存在" in err
    assert not (tmp_path / "r.docx").exists()
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "旧"


def test_signed_report_exports_with_its_fingerprint(tmp_path: Path, run: Run, filled: Path) -> None:
    assert run("submit", filled, "--user", "填报人")[0] == 0
    assert run("signoff", filled, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    code, out, _ = run("export", filled, *outputs(tmp_path))
    assert code == 0 and "已导出 Word：" in out and "签发：沈涛" in out
    document = docx.Document(str(tmp_path / "r.docx"))
    assert "fingerprint=" in document.core_properties.keywords
    assert "草稿" not in document.sections[0].header.paragraphs[0].text
    first = (tmp_path / "r.pdf").read_bytes()
    assert run("export", filled, "--report-pdf", tmp_path / "r.pdf", "--overwrite")[0] == 0
    assert (tmp_path / "r.pdf").read_bytes() == first  # the same signed report, the same bytes


def test_report_of_a_draft_without_text_has_the_form_s_parts(filled: Path) -> None:
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.store.draft import Draft

    draft = Draft.open(filled, "填报人")
    try:
        report = report_of(ReportDocument(draft))
    finally:
        draft.close()
    assert report.title == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    assert (report.unit, report.date) == ("自治区机关事务管理局", "2019年2月14日")
    assert report.sections[0].id == PREFACE
    assert [(s.kind, s.heading, s.tables, s.text) for s in report.sections[1:]] == [
        (TEXT, "一、概述", (), ""),
        (TEXT, "二、信息公开情况", (), ""),
        (TEXT, "三、存在的问题与不足", (), ""),
        (TEXT, "四、2019年工作思路", (), ""),
        (TABLE, "附件：政府信息公开情况统计表", ("main",), ""),
    ]


def test_verify_names_a_whole_report_pdf_instead_of_calling_it_altered(
    tmp_path: Path, run: Run, filled: Path
) -> None:
    assert run("submit", filled, "--user", "填报人")[0] == 0
    assert run("signoff", filled, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    assert run("export", filled, "--report-pdf", tmp_path / "r.pdf")[0] == 0
    for extra in ((), ("--draft", filled)):
        code, _, err = run("verify", tmp_path / "r.pdf", *extra)
        assert code == 2 and "这是报告全文 PDF" in err and "改动" not in err
