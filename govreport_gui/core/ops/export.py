"""Export as one operation, for the window and the command line alike.

Both front-ends call :func:`export_report`: it takes a snapshot of the report (plain data, so the
document may change while the files are written without changing them), refuses a report that is
not signed off unless ``draft_mode``, checks every target before anything is written (the suffix,
a folder instead of a file, the draft itself, one file for both kinds, an existing file without
``overwrite``) and writes the files through the writers' public entry points. Export changes nothing
in the document, so there is no change set to return: the result names the files written.

The window asks its own questions (where, and whether to replace) and then calls the op with
``overwrite=True``; the command line maps its flags. The writers are imported only when used, so
neither front-end loads openpyxl or reportlab before an export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from govreport_gui.core.all_or_nothing import CommitError, all_or_nothing
from govreport_gui.core.layout.report import (
    ExportError,
    ExportRefused,
    ReportData,
    default_basename,
    refusal_reason,
)
from govreport_gui.core.name_length import export_name_problem
from govreport_gui.core.ops.font_cache_dir import use_font_cache
from govreport_gui.core.ops.pdf_beside import PdfBeside
from govreport_gui.core.ops.snapshot import as_report_data
from govreport_gui.core.oserror_text import describe_os_error

Kind = Literal["xlsx", "pdf", "docx", "report-pdf", "html"]
Target = tuple[Kind, Path]
# The table form (xlsx, pdf) and the whole report (issue 16: docx, report-pdf, html).
KIND_NAMES: dict[str, str] = {
    "xlsx": "Excel",
    "pdf": "PDF",
    "docx": "Word",
    "report-pdf": "报告全文 PDF",
    "html": "网页",
}
FILE_NAMES: dict[str, str] = {"report-pdf": "PDF", "html": "HTML"}  # …结尾（PDF 文件）
SUFFIXES: dict[str, str] = {"report-pdf": "pdf"}  # the others: the kind itself
REPORT_KINDS = ("docx", "report-pdf", "html")
REPORT_TAIL = "_全文"  # the default name of the whole report's PDF, beside the table's
DRAFT_TAIL = "_草稿"  # added to the default name of a draft export
NOTHING_WRITTEN = "没有导出任何文件，原有的文件保持不变。"


class TargetError(ExportError):
    """A target that cannot be written to. ``unusable``: the name itself is wrong (a folder, the
    draft, a wrong suffix, one file for both kinds); otherwise the file exists (no overwrite)."""

    def __init__(self, message: str, unusable: bool = True) -> None:
        super().__init__(message)
        self.unusable = unusable


class ExportFailed(ExportError):
    """Writing stopped: ``written`` are the files already written, ``original`` what went wrong."""

    def __init__(self, message: str, written: Sequence[Path], original: Exception) -> None:
        super().__init__(message)
        self.written = list(written)
        self.original = original

    @property
    def from_os(self) -> bool:
        """The file system refused (a name too long, no room, no rights): another place may do."""
        return isinstance(self.original, OSError) or isinstance(self.original.__cause__, OSError)


@dataclass(frozen=True)
class ExportResult:
    written: list[Path]
    data: ReportData  # the snapshot the files were made from
    draft_mode: bool


def snapshot(source: Any) -> ReportData:
    """What the files are made from, copied out of a draft or an open document (or given)."""
    return as_report_data(source)


def refusal(data: ReportData, draft_mode: bool, offer_draft: bool = True) -> str | None:
    """Why this report may not be exported (None: it may). A draft export is always allowed."""
    return None if draft_mode else refusal_reason(data, offer_draft)


def default_targets(
    data: ReportData, folder: Path, kinds: Sequence[Kind], draft_mode: bool
) -> list[Target]:
    """The files of an export into ``folder`` under the report's usual name."""
    base = default_basename(data, DRAFT_TAIL if draft_mode else "")
    return [
        (kind, folder / f"{base}{REPORT_TAIL if kind == 'report-pdf' else ''}.{suffix(kind)}")
        for kind in kinds
    ]


def suffix(kind: str) -> str:
    """The file name's ending of a kind, without the dot: xlsx, pdf, docx, html."""
    return SUFFIXES.get(kind, kind)


def existing(targets: Sequence[Target]) -> list[Path]:
    """The targets that already exist (a broken link included). May raise OSError."""
    return [target for _, target in targets if target.exists() or target.is_symlink()]


def check_targets(targets: Sequence[Target], draft: Path | None, overwrite: bool) -> None:
    """Refuse unusable export targets before anything is written (all targets checked first).

    A folder, the draft itself, a name not ending in the kind's suffix, or the same file for both
    kinds is unusable (``TargetError.unusable``); an existing file without ``overwrite`` is
    refused (``unusable`` False) and nothing is written.
    """
    for kind, target in targets:
        # First: a name over the file system's limit makes even is_dir() fail (ENAMETOOLONG).
        too_long = export_name_problem(target) if target.name not in ("", ".", "..") else None
        if too_long:
            raise TargetError(too_long)
        if target.name in ("", ".", "..") or target.is_dir():
            raise TargetError(
                f"“{target}”是一个文件夹，不是文件名：请写导出文件的文件名，"
                f"如 {target / ('报表.' + kind)}"
            )
        if not target.parent.is_dir():  # as new and check --summary-xlsx: before anything is read
            from govreport_gui.core.oserror_text import no_folder

            raise TargetError(f"{no_folder(target.parent)}（没有导出任何文件）")
        if draft is not None and target.resolve() == draft.resolve():
            raise TargetError(f"导出文件不能是草稿本身：{target}")
        end = suffix(kind)
        if target.suffix.lower() != f".{end}":
            raise TargetError(
                f"--{kind} 的文件名应以 .{end} 结尾（{FILE_NAMES.get(kind, KIND_NAMES[kind])} 文件），"
                f"而不是“{target.name}”：如 {target.with_name(target.stem + '.' + end)}"
            )
    for i, (kind, target) in enumerate(targets):
        for other_kind, other in targets[i + 1 :]:
            if target.resolve() == other.resolve():
                raise TargetError(
                    f"{KIND_NAMES[kind]} 和 {KIND_NAMES[other_kind]} 不能导出到同一个文件：{target}"
                )
    found = existing(targets)
    if found and not overwrite:
        lines = ["以下文件已存在，没有导出任何文件（如要覆盖，请加 --overwrite）："]
        lines += [f"  {target}" for target in found]
        raise TargetError("\n".join(lines), unusable=False)


def write_files(
    data: ReportData,
    targets: Sequence[Target],
    draft_mode: bool,
    progress: Callable[[str], None] | None = None,
    pdf_beside: bool | PdfBeside = False,
) -> list[Path]:
    """Write every target, all or nothing: each is written to a temporary file first, and they are
    moved into place only when all are written (:mod:`govreport_gui.core.all_or_nothing`). On any
    failure :class:`ExportFailed` is raised with nothing written (``written`` is empty), an
    existing target kept as it was, and no temporary file left.

    ``pdf_beside`` (whole-process command-line exports): with both kinds, the PDF is drawn by a
    child process while the workbook is written (``core/ops/pdf_beside.py``): ``True`` starts
    one, or the child already started by the caller; it is stopped when the files are written."""
    try:
        with all_or_nothing():
            written = _write_each(data, targets, draft_mode, progress, pdf_beside)
    except CommitError as exc:
        if isinstance(exc.__cause__, PermissionError) and exc.note:
            reason = f"文件是否正被{exc.note}打开？"
        else:
            reason = describe_os_error(exc)
        raise ExportFailed(f"无法写入 {exc.target}：{reason}\n{NOTHING_WRITTEN}", [], exc) from exc
    except ExportFailed as exc:  # the temporary files are gone with the batch
        raise ExportFailed(f"{exc.message}\n{NOTHING_WRITTEN}", [], exc.original) from exc
    return written


def _write_each(
    data: ReportData,
    targets: Sequence[Target],
    draft_mode: bool,
    progress: Callable[[str], None] | None,
    pdf_beside: bool | PdfBeside = False,
) -> list[Path]:
    kinds = [kind for kind, _target in targets]
    child = pdf_beside if isinstance(pdf_beside, PdfBeside) else None
    if "pdf" in kinds and "xlsx" in kinds:
        if pdf_beside is True:
            child = PdfBeside.start()
        if child is not None and not child.send(data, draft_mode):
            child.cancel()
            child = None
    elif child is not None:
        child.cancel()  # one file: nothing to do beside it
        child = None
    try:
        return _write_targets(data, targets, draft_mode, progress, child)
    finally:
        if child is not None:
            child.cancel()


def _write_targets(
    data: ReportData,
    targets: Sequence[Target],
    draft_mode: bool,
    progress: Callable[[str], None] | None,
    child: PdfBeside | None,
) -> list[Path]:
    written: list[Path] = []
    for kind, target in targets:
        if progress is not None:
            progress(f"正在导出 {target.name}…")
        try:
            if kind == "xlsx":
                from govreport_gui.core.layout.export_xlsx import export_xlsx

                written.append(export_xlsx(data, target, draft_mode=draft_mode))
            elif kind in REPORT_KINDS:
                written.append(_write_report(data, kind, target, draft_mode))
            else:
                from govreport_gui.core.layout.export_pdf import export_pdf, write_pdf

                content = child.result() if child is not None else None
                if content is not None:
                    written.append(write_pdf(target, content))
                    continue
                use_font_cache()
                written.append(export_pdf(data, target, draft_mode=draft_mode))
        except ExportError as exc:
            raise ExportFailed(exc.message, written, exc) from exc
        except OSError as exc:
            raise ExportFailed(
                f"无法写入 {target}：{describe_os_error(exc)}", written, exc
            ) from exc
    return written


def _write_report(data: ReportData, kind: Kind, target: Path, draft_mode: bool) -> Path:
    """One file of the whole report (issue 16), from the text the snapshot carries."""
    from govreport_gui.core.ops.report_export import report_of

    report = report_of(data)
    if kind == "docx":
        from govreport_gui.core.layout.report_docx import export_report_docx

        return export_report_docx(report, data, target, draft_mode=draft_mode)
    if kind == "html":
        from govreport_gui.core.layout.report_html import export_report_html

        return export_report_html(report, data, target, draft_mode=draft_mode)
    from govreport_gui.core.layout.report_pdf import export_report_pdf

    use_font_cache()
    return export_report_pdf(report, data, target, draft_mode=draft_mode)


def export_report(
    source: Any,
    targets: Sequence[Target],
    draft_mode: bool = False,
    overwrite: bool = False,
    draft_path: Path | None = None,
    progress: Callable[[str], None] | None = None,
    pdf_beside: bool | PdfBeside = False,
) -> ExportResult:
    """Export ``source`` (a draft, a document or a snapshot) to ``targets``.

    Raises :class:`ExportRefused` (not signed off, changed since: nothing written),
    :class:`TargetError` (a target refused: nothing written) or :class:`ExportFailed`.
    A file system error while checking the targets is an ``ExportFailed`` with nothing written.
    ``pdf_beside``: see :func:`write_files` (the command line's whole-process export).
    """
    data = snapshot(source)
    reason = refusal(data, draft_mode)
    if reason:
        raise ExportRefused(reason)
    if draft_path is None and data.source:
        draft_path = Path(data.source)
    try:
        check_targets(targets, draft_path, overwrite)
    except OSError as exc:  # e.g. a name too long for this file system
        where = targets[0][1] if targets else Path()
        raise ExportFailed(f"无法写入 {where}：{describe_os_error(exc)}", [], exc) from exc
    written = write_files(data, targets, draft_mode, progress, pdf_beside)
    return ExportResult(written, data, draft_mode)
