"""Export and import as ops (``core/ops/export.py``, ``core/ops/import_workbook.py``): the rules
on where an export may be written hold for every caller, not only the command line (no Qt)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from test_export import example, make_draft, read_data, signed_example

from govreport_gui.core.layout.report import ExportRefused
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.export import (
    ExportFailed,
    TargetError,
    default_targets,
    export_report,
)
from govreport_gui.core.ops.import_workbook import (
    ImportRefused,
    apply_import,
    import_changes,
    read_import,
)
from govreport_gui.core.store.draft import Draft


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def test_export_writes_both_files_and_says_which(tmp_path: Path) -> None:
    draft = signed_example(tmp_path)
    data = read_data(draft)
    targets = default_targets(data, tmp_path, ("xlsx", "pdf"), draft_mode=False)
    said: list[str] = []
    result = export_report(data, targets, progress=said.append, draft_path=draft)
    assert result.written == [t for _, t in targets]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in result.written)
    assert said == [f"正在导出 {p.name}…" for p in result.written]
    assert result.data.fingerprint == data.fingerprint


def test_an_unsigned_report_is_refused_unless_a_draft_export(tmp_path: Path) -> None:
    doc = example()
    draft = make_draft(tmp_path / "d.nianbao", doc.form, doc.fields, doc.values, sign=False)
    data = read_data(draft)
    with pytest.raises(ExportRefused, match="只有已签发的报表才能导出正式文件"):
        export_report(data, [("pdf", tmp_path / "a.pdf")])
    assert not (tmp_path / "a.pdf").exists()
    written = export_report(data, [("pdf", tmp_path / "a.pdf")], draft_mode=True).written
    assert written == [tmp_path / "a.pdf"] and written[0].is_file()


@pytest.mark.parametrize(
    ("targets", "says"),
    [
        ([("xlsx", "folder")], "是一个文件夹，不是文件名"),
        ([("pdf", "report.nianbao")], "导出文件不能是草稿本身"),
        ([("xlsx", "a.pdf")], "的文件名应以 .xlsx 结尾"),
        ([("xlsx", "same.xlsx"), ("pdf", "same.xlsx")], "的文件名应以 .pdf 结尾"),
        ([("xlsx", "same.xlsx"), ("pdf", "link.pdf")], "Excel 和 PDF 不能导出到同一个文件"),
    ],
)
def test_unusable_targets_are_refused_before_anything_is_written(
    tmp_path: Path, targets: list[tuple[str, str]], says: str
) -> None:
    draft = signed_example(tmp_path)
    (tmp_path / "folder").mkdir()
    (tmp_path / "link.pdf").symlink_to(tmp_path / "same.xlsx")  # the same file under two names
    before = sorted(tmp_path.iterdir())
    with pytest.raises(TargetError, match=says) as caught:
        export_report(read_data(draft), [(k, tmp_path / n) for k, n in targets], draft_path=draft)  # type: ignore[misc]
    assert caught.value.unusable
    assert sorted(tmp_path.iterdir()) == before


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    draft = signed_example(tmp_path)
    old = tmp_path / "a.xlsx"
    old.write_bytes(b"old")
    targets = [("xlsx", old), ("pdf", tmp_path / "a.pdf")]
    with pytest.raises(TargetError, match="以下文件已存在，没有导出任何文件") as caught:
        export_report(read_data(draft), targets)  # type: ignore[arg-type]
    assert not caught.value.unusable
    assert old.read_bytes() == b"old" and not (tmp_path / "a.pdf").exists()
    written = export_report(read_data(draft), targets, overwrite=True).written  # type: ignore[arg-type]
    assert old.read_bytes() != b"old" and written[1].is_file()


def test_a_failure_of_the_second_file_writes_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up while the PDF, the second file, is flushed: the workbook written first
    is not left alone either."""
    from govreport_gui.core import atomic_file

    flush = atomic_file.fsync_file

    def full_for_the_pdf(path: Path) -> None:
        if ".pdf" in Path(path).name:
            raise OSError(errno.ENOSPC, "No space left on device")
        flush(path)

    monkeypatch.setattr(atomic_file, "fsync_file", full_for_the_pdf)
    draft = signed_example(tmp_path)
    targets = [("xlsx", tmp_path / "a.xlsx"), ("pdf", tmp_path / "a.pdf")]
    before = sorted(tmp_path.iterdir())
    with pytest.raises(ExportFailed) as caught:
        export_report(read_data(draft), targets)  # type: ignore[arg-type]
    assert caught.value.written == [] and "没有导出任何文件" in caught.value.message
    assert sorted(tmp_path.iterdir()) == before  # no a.xlsx, no temporary file


def test_a_missing_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """As ``new`` and ``check --summary-xlsx`` refuse it: the name given is unusable."""
    draft = signed_example(tmp_path)
    gone = tmp_path / "gone"
    targets = [("xlsx", tmp_path / "a.xlsx"), ("pdf", gone / "a.pdf")]
    before = sorted(tmp_path.iterdir())
    with pytest.raises(TargetError, match="文件夹不存在") as caught:
        export_report(read_data(draft), targets)  # type: ignore[arg-type]
    assert caught.value.unusable and "没有导出任何文件" in caught.value.message
    assert sorted(tmp_path.iterdir()) == before


def test_import_reads_then_applies_as_one_undo_step(tmp_path: Path) -> None:
    source = signed_example(tmp_path, "source.nianbao")
    data = read_data(source)
    xlsx = export_report(data, [("xlsx", tmp_path / "filled.xlsx")]).written[0]
    blank = tmp_path / "blank.nianbao"
    Draft.create(blank, data.form, "董晓东", fields={"unit": "空白单位", "year": "2018"}).close()
    doc = ReportDocument(Draft.open(blank, "董晓东"))
    try:
        result = read_import(xlsx, doc.form)
        assert doc.draft.values == {}  # reading changes nothing
        values, fields = import_changes(doc, result)
        assert values == dict(data.values) and fields["unit"] == data.fields["unit"]
        count = apply_import(doc, result, xlsx)
        assert doc.draft.values == dict(data.values)
        assert doc.draft.fields["unit"] == data.fields["unit"]
        assert count == len(values) + len(fields)
        batches = {e.batch for e in doc.draft.history() if e.kind == "import"}
        assert len(batches) == 1
        assert {e.note for e in doc.draft.history() if e.kind == "import"} == {
            "从 Excel 导入：filled.xlsx"
        }
        assert doc.undo_stack.undo_text() == "从 Excel 导入 filled.xlsx"
        doc.undo()
        assert doc.draft.values == {} and doc.draft.fields["unit"] == "空白单位"
        doc.redo()
        assert doc.draft.values == dict(data.values)
    finally:
        doc.close()


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(tmp_path: Path) -> None:
    text = tmp_path / "not.xlsx"
    text.write_text("这不是 Excel", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        read_import(text, example().form)
    assert caught.value.unusable and caught.value.problems
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p) for p in caught.value.problems)
