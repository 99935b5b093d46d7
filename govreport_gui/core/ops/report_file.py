"""One report file of any kind, read for the reviewer (issue 17): what ``check``, the 审核台, the
year-over-year comparison and the consolidation all start from.

A 政务公开办 receives reports as drafts (``.nianbao``), values files (``.json``), exported
workbooks (``.xlsx``) and published reports (``.docx``, and ``.pdf`` / ``.html`` where the
import of published reports reads them). :func:`read_report_file` reads any of them into a
:class:`ReportFile`: the form, the fields, the figures, and what the kind of file can tell of its
state (a draft's review status and signature, a workbook's embedded signature). Every file is
hostile input: a file that cannot be used raises :class:`ReportFileError` with a Chinese sentence
(:class:`NotAReportError` for the program's own list workbook); nothing is ever written.

Only what a values file needs is imported at the top: ``govreport check FILE.json`` must start
fast (issue 14), so the draft, workbook and published-report readers are imported on first use.
"""

from __future__ import annotations

import os

from govreport_gui.core.regular_file import starts_with

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a `check` process' start)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from _typeshed import StrPath

    from govreport_gui.core.forms.engine import Checker
    from govreport_gui.core.forms.formdef import FormDef
    from govreport_gui.core.forms.values import Value
    from govreport_gui.core.layout.import_docx import ImportedReport
    from govreport_gui.core.ops.review_state import Explanation
    from govreport_gui.core.ops.signature import SignatureCheck
    from govreport_gui.core.ops.verify import VerifyResult
    from govreport_gui.core.report.problems import FileProblem, TextProblem
    from govreport_gui.core.store.consolidation_record import ConsolidatedSource

DRAFT, VALUES, WORKBOOK, PUBLISHED = "draft", "values", "workbook", "published"
DRAFT_SUFFIX = ".nianbao"
VALUES_SUFFIX = ".json"
WORKBOOK_SUFFIX = ".xlsx"
PUBLISHED_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
# What a folder of reports is searched for, by kind of search: ``check`` reads drafts, values
# files and exported workbooks; the 审核台 may also list published reports.
CHECKED_SUFFIXES = (DRAFT_SUFFIX, VALUES_SUFFIX, WORKBOOK_SUFFIX)
ALL_SUFFIXES = CHECKED_SUFFIXES + PUBLISHED_SUFFIXES
# Formats we cannot read, and what to do about them.
OLD_FORMATS = {
    ".xls": "请先在 Excel 或 WPS 表格中把它另存为 .xlsx 再打开。",
    ".et": "请先在 WPS 表格中把它另存为 .xlsx（“文件 → 另存为”，文件类型选 Excel 工作簿）再打开。",
    ".doc": "请先在 Word 或 WPS 中把它另存为 .docx 再打开。",
    ".wps": "请先在 WPS 文字中把它另存为 .docx（“文件 → 另存为”，文件类型选 Word 文件）再打开。",
}

KIND_NAMES = {
    DRAFT: "草稿",
    VALUES: "数值文件",
    WORKBOOK: "导出的工作簿",
    PUBLISHED: "已发布的年报",
}


class ReportFileError(Exception):
    """The file cannot be used as a report; ``message`` says why in Chinese (one or more lines)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAReportError(ReportFileError):
    """The file is the program's own list of many reports (导出清单, ``check --summary-xlsx``), not
    a report: folder walks skip it, and one named by the user is refused with these words."""


class ReportFile:
    """A report read from a file. (A plain class: the command line imports no ``dataclasses``.)

    ``values`` holds every cell of the form (None: blank). ``previous`` is last year's figures as
    the draft links them (``prev()`` in the checks), None when not linked. ``signature`` is None for
    a kind of file that cannot carry one (a values file, a published report). ``file_problems`` are
    problems of the file beyond the form's checks: errors (a published report's figure that could
    not be read, left blank in ``values``; a signed workbook that no longer shows what was signed)
    and warnings (a draft's content its form does not have, a workbook's import notes): check
    counts each with its kind (:func:`counted`).
    """

    def __init__(
        self,
        path: StrPath,  # as given: text for a ``check`` (which imports no ``pathlib``)
        kind: str,
        form: FormDef,
        fields: dict[str, str],
        values: dict[str, Value | None],
        *,
        previous: Mapping[str, Value | None] | None = None,
        status: str | None = None,  # a draft's status code (draft.status)
        status_name: str | None = None,  # its label (已签发 …); None for other kinds
        signature: SignatureCheck | None = None,
        content_fingerprint: str = "",  # the signed content's fingerprint ('' unsigned)
        explanations: Mapping[str, Explanation] | None = None,
        sections: Mapping[str, str] | None = None,  # the report's text {section id: text}
        last_change: str | None = None,  # ISO time of the last change, when the file tells
        note: str | None = None,  # the form is not the one in force for the report's year
        problems: list[str] | None = None,  # what could not be read (a published report's rows)
        consolidated_from: tuple[ConsolidatedSource, ...] = (),  # a consolidated draft's record
        unknown_cells: tuple[str, ...] = (),  # a draft's cells its form does not have (kept)
        unknown_sections: tuple[str, ...] = (),  # a draft's texts of no section in force (kept)
        # errors of the file itself: figures not read, a workbook not showing what was signed
        file_problems: list[FileProblem] | None = None,
    ) -> None:
        self.path = path
        self.name = os.path.basename(path)  # the file's name, as messages and the lists show it
        self.kind = kind
        self.form = form
        self.fields = fields
        self.values = values
        self.previous = previous
        self.status = status
        self.status_name = status_name
        self.signature = signature
        self.content_fingerprint = content_fingerprint
        self.explanations = explanations or {}
        self.sections = dict(sections or {})
        self.last_change = last_change
        self.note = note
        self.problems = problems or []
        self.consolidated_from = consolidated_from
        self.unknown_cells = unknown_cells
        self.unknown_sections = unknown_sections
        # The file's own problems, listed and counted by ``check`` and the 审核台 with the rules':
        # the errors given, then the warnings of a draft's content its form does not have.
        self.file_problems = [
            *(file_problems or []),
            *_unknown_content(unknown_cells, unknown_sections),
        ]

    @property
    def unit(self) -> str:
        return self.fields.get("unit", "").strip()

    @property
    def year(self) -> str:
        return self.fields.get("year", "").strip()

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    @property
    def signed(self) -> bool:
        """Signed off (whether or not the signature still holds)."""
        return self.signature is not None and self.signature.status.name != "UNSIGNED"

    def checker(self, previous: Mapping[str, Value | None] | None = None) -> Checker:
        """The form's checks over the figures (``previous``: last year's, else the linked ones)."""
        from govreport_gui.core.forms.engine import Checker

        return Checker(self.form, self.values, previous if previous is not None else self.previous)


def _unknown_content(cells: tuple[str, ...], sections: tuple[str, ...]) -> list[FileProblem]:
    """The warnings of a draft's content its form does not have (none: nothing imported)."""
    if not (cells or sections):
        return []
    from govreport_gui.core.ops.unknown_content import unknown_content_problems

    return unknown_content_problems(cells, sections)


class Counted:
    """A report's problems as ``check`` and the 审核台 count them. (A plain class: the modules
    of :class:`~govreport_gui.core.report.problems.FileProblem` are not loaded for a values file.)"""

    def __init__(
        self, errors: int, warnings: int, blank: int, blank_cells: tuple[str, ...]
    ) -> None:
        self.errors = errors  # the rules' and the file's
        self.warnings = warnings  # the rules', the text's and the file's
        self.blank = blank
        self.blank_cells = blank_cells  # the numeric cells left blank, in form order


def counted(
    checker: Checker,
    text_problems: Sequence[TextProblem] = (),
    file_problems: Sequence[FileProblem] = (),
) -> Counted:
    """Errors, warnings and blanks with the text's warnings and the file's errors and warnings; a
    cell a file problem names is not blank (the file holds something there that could not be
    read)."""
    from govreport_gui.core.forms.formdef import Severity  # loaded with the checker's form

    summary = checker.summary()
    named = {cell for problem in file_problems for cell in problem.cells}
    unread = sum(1 for cell in named if checker.value(cell) is None)
    file_errors = sum(1 for problem in file_problems if problem.severity is Severity.ERROR)
    return Counted(
        summary.errors + file_errors,
        summary.warnings + len(text_problems) + len(file_problems) - file_errors,
        summary.blank - unread,
        tuple(cell for cell in checker.blank_cells() if cell not in named),
    )


def read_report_file(path: StrPath) -> ReportFile:
    """Read ``path`` by its kind (its suffix, or a draft's header). Raises :class:`ReportFileError`
    (or OSError for a file that cannot be read at all: the caller words it with its path)."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in OLD_FORMATS:
        raise ReportFileError(f"不能读取 {suffix} 格式的文件：{path}\n{OLD_FORMATS[suffix]}")
    if suffix == DRAFT_SUFFIX or starts_with(path, b"SQLite format 3\x00"):
        return _read_draft(path)
    if suffix == WORKBOOK_SUFFIX:
        from pathlib import Path  # with openpyxl: no cost of its own

        from govreport_gui.core.ops.summary_mark import is_summary_list

        if is_summary_list(Path(path)):
            raise NotAReportError(
                f"这是本程序导出的报表清单（审核台“导出清单”或 check --summary-xlsx 所写），"
                f"不是单位的年报，不能校验或打开：{path}\n请选择各单位报来的草稿、数值文件或工作簿。"
            )
        return _read_workbook(path)
    if suffix in PUBLISHED_SUFFIXES:
        return _read_published(path)
    return _read_values(path)


_READER: list[str] = []


def _reader(current_user: Callable[[], str]) -> str:
    """This user's name, looked up once a process: a read-only open names the reader only to a
    stale journal's lock, and a folder of 3,000 drafts must not ask the settings 3,000 times."""
    if not _READER:
        _READER.append(current_user())
    return _READER[0]


def _read_values(path: StrPath) -> ReportFile:
    from govreport_gui.core.forms.formdef import FormDefinitionError
    from govreport_gui.core.forms.registry import UnknownFormError, year_warning
    from govreport_gui.core.forms.valuesfile import ValuesFileError, load_values_document

    try:
        doc = load_values_document(path)
    except ValuesFileError as exc:
        raise ReportFileError("数值文件无法使用：\n" + exc.listed()) from exc
    except UnknownFormError as exc:
        raise ReportFileError(str(exc)) from exc
    except FormDefinitionError as exc:
        raise ReportFileError(f"表单定义文件有误：{exc}") from exc
    values = {c.id: doc.values.get(c.id) for c in doc.form.cells}
    note = year_warning(doc.form, doc.fields.get("year"))
    return ReportFile(path, VALUES, doc.form, dict(doc.fields), values, note=note)


def _read_draft(path: StrPath) -> ReportFile:
    from govreport_gui.core.forms.registry import year_warning
    from govreport_gui.core.ops import review_state
    from govreport_gui.core.ops.signature import signature_status
    from govreport_gui.core.store import settings
    from govreport_gui.core.store.draft import Draft, DraftOpenError

    try:
        draft = Draft.open(path, _reader(settings.current_user), readonly=True)
    except DraftOpenError as exc:
        if starts_with(path, b"PK\x03\x04"):
            raise ReportFileError(
                f"这是一个压缩包或 Excel/Word 文档，却以 .nianbao 结尾，不是年报草稿：{path}"
            ) from exc
        raise ReportFileError(exc.message) from exc
    try:
        signature = signature_status(draft)
        signoff = review_state.current_signoff(draft)
        sections: dict[str, str] = {}
        if draft.texts:  # the report-text modules are loaded for a draft with text only
            from govreport_gui.core.ops.text_problems import sections_of

            sections = sections_of(draft)
        return ReportFile(
            path,
            DRAFT,
            draft.form,
            dict(draft.fields),
            dict(draft.values),
            previous=draft.previous,
            status=draft.status,
            status_name=draft.status_name,
            signature=signature,
            content_fingerprint=signoff.fingerprint if signoff is not None else "",
            explanations=review_state.explanations(draft),
            sections=sections,
            last_change=draft.last_saved,
            note=year_warning(draft.form, draft.year),
            consolidated_from=draft.consolidated_from,
            unknown_cells=tuple(draft.unknown_cells),
            unknown_sections=tuple(draft.unknown_sections),
        )
    finally:
        draft.close()


def _read_workbook(path: StrPath) -> ReportFile:
    """An exported workbook: the figures as it shows them, and its embedded signature checked.

    A signed workbook is also compared, as ``verify`` compares it, with what its signed content
    looks like: one that shows something else (a merge over figures, a hidden row, white text) is
    no longer what was signed, an error of the file even while its signature holds (the figures
    read are the signed ones). An unsigned one whose figures a reader does not see as read (under
    a merge, in a hidden row or column, white on white, a number format showing nothing or another
    number) is refused: nobody who opens it sees them. What the import of the workbook notes for a
    person to confirm (a figure whose format is not judged, a count shown in another unit, a sheet
    hidden…) is a warning of the file each, in the import's words."""
    from pathlib import Path  # with openpyxl or the readers: no cost of its own

    from govreport_gui.core.forms.registry import year_warning
    from govreport_gui.core.ops.verify import VerifyError, verify_xlsx
    from govreport_gui.core.ops.workbook_report import WorkbookReadError, read_exported_workbook

    path = Path(path)

    try:
        read = read_exported_workbook(path)
    except WorkbookReadError as exc:
        raise ReportFileError(exc.message) from exc
    try:
        verified = verify_xlsx(path, content=read.content)
    except VerifyError:  # a workbook filled by hand states no form: it carries no signature
        verified = None
    signature = verified.signature if verified is not None else None
    problems: list[FileProblem] = []
    if verified is not None and verified.reader_changes:
        problems.append(_not_as_signed(verified))
    if verified is None:  # unsigned: its look judged here (a signed one's by verify, above)
        try:
            notes = read.seen_notes(path)
        except WorkbookReadError as exc:
            raise ReportFileError(exc.message) from exc
    else:
        notes = read.notes()
    problems.extend(_noted(notes))
    return ReportFile(
        path,
        WORKBOOK,
        read.form,
        read.fields,
        read.values,
        status_name=KIND_NAMES[WORKBOOK],
        signature=signature,
        content_fingerprint=(verified.printed or "") if verified is not None and signature else "",
        note=year_warning(read.form, read.fields.get("year")),
        file_problems=problems,
    )


SHOWN_CHANGES = 3  # of a workbook's differences from what was signed, named in check's line


def _noted(notes: Sequence[str]) -> list[FileProblem]:
    """A warning for each note the import of the workbook makes (capped as the import's list is:
    the last one says how many more), so that ``check``'s reviewer hears what the import's user
    hears: a figure whose format is not judged, a count shown in another unit…"""
    from govreport_gui.core.capped_list import capped
    from govreport_gui.core.forms.formdef import Severity
    from govreport_gui.core.report.problems import WORKBOOK_NOTE, FileProblem

    return [FileProblem(WORKBOOK_NOTE, note, severity=Severity.WARNING) for note in capped(notes)]


def _not_as_signed(verified: VerifyResult) -> FileProblem:
    """The error of a workbook that shows other than its signed content: how many differences,
    the first few in verify's words, and where to see them all."""
    from govreport_gui.core.report.problems import NOT_AS_SIGNED, FileProblem

    changes = verified.reader_changes
    shown = "".join(changes[:SHOWN_CHANGES]) + ("……" if len(changes) > SHOWN_CHANGES else "")
    return FileProblem(
        NOT_AS_SIGNED,
        f"打开工作簿看到的内容与签发的内容不同，签发后被改动过（共 {len(changes)} 处）：{shown}"
        "逐项列出请用 govreport verify 核对这个文件。",
    )


def _read_published(path: StrPath) -> ReportFile:
    """A published report (Word, and PDF / web page where the import reads them): its figures."""
    from pathlib import Path  # with openpyxl or the readers: no cost of its own

    from govreport_gui.core.forms.registry import all_forms, year_warning
    from govreport_gui.core.ops.import_report import ReportImportRefused
    from govreport_gui.core.ops.import_report import read_report_file as read_published

    path = Path(path)

    try:
        form, imported = read_published(path, None, all_forms())
    except ReportImportRefused as exc:
        raise ReportFileError(exc.message) from exc
    if not imported.values:  # a report of blanks would pass every check: it is no report here
        raise ReportFileError(
            f"没有从中读出统计表的数字（{imported.form_reason or form.title}）：{path}\n"
            + "".join(f"{line}\n" for line in imported.unread_objects)
            + "可用 govreport import-report 查看读出了什么、哪些没能识别。"
        )
    values = {c.id: imported.values.get(c.id) for c in form.cells}
    fields = {f.key: imported.fields.get(f.key, "") for f in form.fields}
    return ReportFile(
        path,
        PUBLISHED,
        form,
        fields,
        values,
        status_name=KIND_NAMES[PUBLISHED],
        sections={k: v for k, v in imported.sections.items() if v.strip()},
        note=year_warning(form, fields.get("year")),
        problems=list(imported.unplaced),
        file_problems=[*_missing_tables(form, imported), *_unread_figures(imported)],
    )


def _missing_tables(form: FormDef, imported: ImportedReport) -> list[FileProblem]:
    """Each table of the form a published report lacks (others were read), an error naming the
    table as the report prints it: its cells are missing from the report, not blanks to fill."""
    from govreport_gui.core.report.problems import TABLE_MISSING, FileProblem

    found = []
    for table in form.tables:
        if table.id not in imported.missing_tables:
            continue
        cells = tuple(cell.id for cell in form.cells if cell.table_id == table.id)
        name = " ".join(part for part in (table.section, table.title) if part) or table.id
        found.append(
            FileProblem(
                TABLE_MISSING,
                f"没有读出统计表“{name}”（文档中没有这张表，或认不出它的表头）："
                f"这张表的 {len(cells)} 格都没有读到数字，报告不完整（不算作空格未填）。",
                cells,
            )
        )
    return found


def _unread_figures(imported: ImportedReport) -> list[FileProblem]:
    """The figures of a published report that could not be read, each an error: a cell whose text
    is no figure (left blank, so it is not counted as one), a row or a column of figures the form
    has not (a heading row's and a column's words say they were not checked)."""
    from govreport_gui.core.layout.import_docx import unmatched_row_text
    from govreport_gui.core.report.problems import (
        COLUMN_UNREAD,
        FIGURE_UNREAD,
        ROW_UNREAD,
        FileProblem,
    )

    not_checked = "（这个数字未能读出，没有参与校验）"
    not_read = "（有数字，未能读出，没有参与校验）"
    return [
        *(
            FileProblem(FIGURE_UNREAD, cell.description + not_checked, (cell.cell_id,), cell.text)
            for cell in imported.unread_cells
        ),
        *(
            FileProblem(ROW_UNREAD, unmatched_row_text(row) + ("" if row.heading else not_read))
            for row in imported.unread_rows
        ),
        *(FileProblem(COLUMN_UNREAD, column) for column in imported.unread_columns),
    ]
