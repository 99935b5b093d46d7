"""The list of many checked reports (issue 17): one row per file, duplicates pointed out, a workbook.

``govreport check … --summary-xlsx OUT.xlsx`` (and later the window's 审核台) hands each file it
checked to :func:`report_row` or :func:`unreadable_row`; :func:`mark_duplicates` names the reports
of the same unit and year found twice or more (a 政务公开办 that receives two versions of one
department's report must see it), and :func:`write_summary` writes the list as a workbook.

One report in several formats (a signed draft, the workbook exported from it, its Word copy) is not
a duplicate: each row carries a digest of its figures (:func:`content_digest`), and files of one
unit and year with the same digest are the same report in other formats (``copies``), named apart
from the reports whose figures differ (``duplicates``, the ones a reviewer must sort out).

openpyxl is imported by :func:`write_summary` alone: a check that writes no list never loads it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.signature import SignatureCheck, SignatureStatus

VALUES_FILE = "数值文件"  # the status column of a values file (it has no review state)
# The verdict on one file of many, in the words of check's lines and summary line, the 审核台 and
# the list's sheet 说明 (UNREADABLE is the status column of such a file too).
PASSED, FAILED, UNREADABLE = "通过", "有错误", "无法读取"
# The status of a signed report whose signature no longer holds: "已签发" would be a lie.
SIGNATURE_INVALID = "签名无效"
COPIES_PREFIX = "同一报告的其他格式："
YES, NO, NONE = "是", "否", "—"
# A group of many copies (a folder of 3,000 copies of one report) must not make each cell name
# thousands of files: Excel holds 32,767 characters in a cell, and nobody reads more than a few.
NAMED_DUPLICATES = 10

HEADERS = (
    "文件",
    "单位",
    "年度",
    "表单",
    "表单名称",
    "状态",
    "错误",
    "警告",
    "未填",
    "已签发",
    "签名",
    "签名人受信任",
    "签发人",
    "最后修改",
    "重复",
    "无法读取的原因",
)
# Widths in Excel's units (one per Latin character; a Chinese character takes about two).
_WIDTHS = (48, 28, 8, 18, 40, 10, 8, 8, 8, 8, 30, 12, 12, 20, 48, 48)


class SummaryRow:
    """One file of the list. (A plain class: the command line imports no ``dataclasses``.)"""

    def __init__(
        self,
        file: str,
        unit: str = "",
        year: str = "",
        form_id: str = "",
        form_title: str = "",
        status: str = "",
        errors: int | None = None,
        warnings: int | None = None,
        blanks: int | None = None,
        signed: str = NONE,
        signature: str = NONE,
        trusted: str = NONE,
        signer: str = "",
        last_change: str = "",
        unreadable: str = "",
        form_name: str = "",
        digest: str = "",
    ) -> None:
        self.file = file
        self.unit = unit
        self.year = year
        self.form_id = form_id
        self.form_title = form_title
        self.status = status
        self.errors = errors
        self.warnings = warnings
        self.blanks = blanks
        self.signed = signed
        self.signature = signature
        self.trusted = trusted
        self.signer = signer
        self.last_change = last_change
        self.unreadable = unreadable
        self.form_name = form_name or form_id  # short: 2021版格式 (the id stays in form_id)
        self.digest = digest  # of the figures (content_digest): the same report in other formats
        # Other files of the same unit and year whose figures differ (the first few) and how many.
        self.duplicates: list[str] = []
        self.duplicate_count = 0
        # Other files of the same unit and year with the same figures: the report in other formats.
        self.copies: list[str] = []
        self.copy_count = 0

    def cells(self) -> tuple[str | int | None, ...]:
        """The row's values in the order of :data:`HEADERS`."""
        return (
            self.file,
            self.unit,
            self.year,
            self.form_id,
            self.form_title,
            self.status,
            self.errors,
            self.warnings,
            self.blanks,
            self.signed,
            self.signature,
            self.trusted,
            self.signer,
            self.last_change,
            self.duplicate_text(),
            self.unreadable,
        )

    def duplicate_text(self) -> str:
        """The 重复 cell: the differing reports, then the same report's other formats."""
        parts = []
        if self.duplicate_count:
            parts.append(_named(self.duplicates, self.duplicate_count))
        if self.copy_count:
            parts.append(COPIES_PREFIX + _named(self.copies, self.copy_count))
        return "；".join(parts)


def failed(row: SummaryRow) -> bool:
    """Has errors, or a signature that no longer holds (as ``check``'s exit code counts: a signed
    draft changed since is a problem found, as an error is)."""
    return bool(row.errors) or row.signature == SignatureStatus.INVALID.value


class Tally:
    """How many reports passed (and of those, how many have blank cells), failed, were unread:
    ``check``'s summary line, the 审核台's and the list's sheet 说明 (core/ops/desk_scan.py)."""

    def __init__(self, rows: Sequence[SummaryRow]) -> None:
        self.total = len(rows)
        self.passed = self.passed_with_blanks = self.failed = self.unreadable = 0
        for row in rows:  # one pass: each row judged once
            if row.unreadable:
                self.unreadable += 1
            elif failed(row):
                self.failed += 1
            else:
                self.passed += 1
                if row.blanks:
                    self.passed_with_blanks += 1


def report_row(
    file: str,
    form: FormDef,
    fields: dict[str, str],
    counts: tuple[int, int, int],  # errors, warnings (the text's included), blanks
    status: str | None,  # the draft's status label; None: a values file
    signature: SignatureCheck | None,
    last_change: str,
    digest: str = "",
) -> SummaryRow:
    errors, warnings, blanks = counts
    row = SummaryRow(
        file,
        unit=fields.get("unit", "").strip(),
        year=fields.get("year", "").strip(),
        form_id=form.id,
        form_title=form.title,
        status=status if status is not None else VALUES_FILE,
        errors=errors,
        warnings=warnings,
        blanks=blanks,
        last_change=last_change,
        form_name=form_name(form),
        digest=digest,
    )
    if status is not None and signature is not None:
        signed = signature.status is not SignatureStatus.UNSIGNED
        row.signed = YES if signed else NO
        row.signature = signature.status.value if signed else NONE
        row.trusted = {
            SignatureStatus.VALID_TRUSTED: YES,
            SignatureStatus.VALID_UNTRUSTED: NO,
        }.get(signature.status, NONE)
        row.signer = signature.reviewer
        if signature.status is SignatureStatus.INVALID:
            row.status = SIGNATURE_INVALID
    return row


def form_name(form: FormDef) -> str:
    """The form as a reviewer names it: 2021版格式 (the id ``gov-disclosure-2021`` says less)."""
    return f"{form.first_year}版格式" if form.first_year else form.title or form.id


def content_digest(form_id: str, values: Mapping[str, Value | None]) -> str:
    """A digest of a report's figures (sha256 of its cells, sorted, as canonical text): equal for
    the same report read from a draft, its workbook or its published copy."""
    import hashlib
    from decimal import Decimal

    lines = [form_id]
    for cell in sorted(values):
        value = values[cell]
        if value is None:
            continue
        if isinstance(value, int | Decimal):  # 5 and 5.0 are one figure in any format
            text = format(Decimal(value).normalize(), "f")
        else:
            text = " ".join(str(value).split())
        lines.append(f"{cell}={text}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def unreadable_row(file: str, reason: str) -> SummaryRow:
    return SummaryRow(
        file, status=UNREADABLE, signed="", signature="", trusted="", unreadable=reason
    )


def local_time(at: str | None) -> str:
    """A history time (ISO, UTC) as the user's clock shows it, to the second; '' when none."""
    if not at:
        return ""
    try:
        return dt.datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, OverflowError, OSError):
        return at


def file_time(path: str | os.PathLike[str]) -> str:
    """A file's modification time in local time ('' when it cannot be read)."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        return ""
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M:%S")


def mark_duplicates(rows: Sequence[SummaryRow]) -> list[list[SummaryRow]]:
    """Group the readable reports by unit and year (form aside: the same unit's report on two
    forms is a duplicate too). In a group of two or more, each row names the files whose figures
    differ (``duplicates``) and those with the same figures (``copies``: the same report in other
    formats, not a duplicate). Returns the groups, in the order of their first file. A report with
    no unit or no year is never grouped."""
    groups: dict[tuple[str, str], list[SummaryRow]] = {}
    for row in rows:
        if row.unreadable or not row.unit or not row.year:
            continue
        groups.setdefault((row.unit, row.year), []).append(row)
    found = [group for group in groups.values() if len(group) > 1]
    for group in found:
        # One list per content; a row without a digest is a content of its own.
        contents: dict[str, list[SummaryRow]] = {}
        for row in group:
            contents.setdefault(row.digest or f"\0{row.file}", []).append(row)
        for same in contents.values():
            # Only the first few names are kept per row: linear in the group's size.
            same_head = [r.file for r in same[: NAMED_DUPLICATES + 1]]
            others = [r for r in group if r not in same] if len(contents) > 1 else []
            other_head = [r.file for r in others[:NAMED_DUPLICATES]]
            for row in same:
                row.copies = [name for name in same_head if name != row.file][:NAMED_DUPLICATES]
                row.copy_count = len(same) - 1
                row.duplicates = other_head
                row.duplicate_count = len(others)
    return found


def conflicting(group: Sequence[SummaryRow]) -> bool:
    """Whether a group of one unit and year holds reports whose figures differ."""
    return any(row.duplicate_count for row in group)


def _named(shown: list[str], count: int) -> str:
    text = "、".join(shown)
    if count > len(shown):
        text += f" 等 {count} 份"
    return text


def duplicate_line(group: Sequence[SummaryRow]) -> str:
    """``同一单位同一年度的报表有 2 份，数字不同：a.nianbao、b.nianbao（单位，年度）``, or for one
    report in several formats ``同一报告的 2 种格式（数字相同，不算重复）：a.nianbao、a.xlsx（…）``."""
    names = [row.file for row in group[:NAMED_DUPLICATES]]
    more = f" 等（共 {len(group)} 份）" if len(group) > len(names) else ""
    where = f"（{group[0].unit}，{group[0].year} 年度）"
    if not conflicting(group):
        return f"同一报告的 {len(group)} 个文件（数字相同，是其他格式，不算重复）：{'、'.join(names)}{more}{where}"
    line = f"同一单位同一年度的报表有 {len(group)} 份，数字不同：{'、'.join(names)}{more}{where}"
    copies = [row.file for row in group if row.copy_count][:NAMED_DUPLICATES]
    if copies:
        line += f"；其中数字相同的（同一报告的其他格式）：{'、'.join(copies)}"
    return line


# -- the output file ---------------------------------------------------------------------------


class SummaryTargetError(Exception):
    """The list's file cannot be used; ``unusable``: the name is wrong (else: it exists)."""

    def __init__(self, message: str, unusable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.unusable = unusable


def check_target(target: Path, overwrite: bool) -> None:
    """Refuse the list's file before anything is checked, with export's rules: a name too long, a
    folder, a name not ending in .xlsx, a folder that does not exist; an existing file unless
    ``overwrite`` (a minute of checking must not end in a refusal that was known at the start)."""
    from govreport_gui.core.name_length import export_name_problem

    too_long = export_name_problem(target) if target.name not in ("", ".", "..") else None
    if too_long:
        raise SummaryTargetError(too_long)
    if target.name in ("", ".", "..") or target.is_dir():
        raise SummaryTargetError(
            f"“{target}”是一个文件夹，不是文件名：请写汇总表的文件名，如 {target / '汇总.xlsx'}"
        )
    if target.suffix.lower() != ".xlsx":
        raise SummaryTargetError(
            f"--summary-xlsx 的文件名应以 .xlsx 结尾（Excel 文件），而不是“{target.name}”："
            f"如 {target.with_name(target.stem + '.xlsx')}"
        )
    if not target.parent.is_dir():
        from govreport_gui.core.oserror_text import no_folder

        raise SummaryTargetError(f"{no_folder(target.parent)}（汇总表没有写入）")
    if (target.exists() or target.is_symlink()) and not overwrite:
        raise SummaryTargetError(
            f"文件已存在，没有写入汇总表（如要覆盖，请加 --overwrite）：{target}", unusable=False
        )


def among(target: Path, files: Iterable[Path]) -> bool:
    """Whether the list's file is one of the reports listed, by any of its names (a hard link,
    ``./a.xlsx``, a link to it): replacing it with the list would lose that report (an exported
    workbook among a folder's reports). The program's own list is no report (the folder walk
    skips it), so the list of an earlier check may be replaced."""
    try:
        own = target.stat()
    except OSError:
        return False  # not there (or not to be looked at): nothing is replaced
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (own.st_dev, own.st_ino):
            return True
    return False


def write_summary(
    rows: Sequence[SummaryRow],
    target: Path,
    checked: Sequence[str],
    when: dt.datetime | None = None,
) -> Path:
    """Write the list (sheet 报表清单) and a sheet 说明 (the time, what was checked, the counts)
    atomically. Raises :class:`~govreport_gui.core.layout.report.ExportError` (Chinese)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from govreport_gui.core.layout.export_file import write_export
    from govreport_gui.core.layout.export_xlsx import save_workbook
    from govreport_gui.core.ops.summary_mark import mark
    from govreport_gui.core.xml_text import writable

    # Write-only: the rows are streamed, no cell object is kept (3,000 reports: about half the
    # time of a normal workbook). Its sheet settings must all be made before the first row.
    book = Workbook(write_only=True)
    mark(book)  # a list saved among the reports is skipped, not read as a broken report
    sheet = book.create_sheet("报表清单")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        # File names and reasons come from outside (a name with a control character, a reason
        # quoting a damaged draft's cell): escaped, so the list is always written (xml_text.py).
        sheet.append([writable(v) if isinstance(v, str) else v for v in row.cells()])

    about = book.create_sheet("说明")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 60
    moment = (when or dt.datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
    tally = Tally(rows)
    duplicated = sum(1 for row in rows if row.duplicate_count)
    copies = sum(1 for row in rows if row.copy_count)
    lines: list[tuple[str, str | int]] = [
        ("校验时间", moment),
        *(("校验的文件和文件夹", writable(name)) for name in checked),
        ("报表份数", len(rows)),
        (PASSED, tally.passed),
        ("其中有空格未填", tally.passed_with_blanks),
        (FAILED, tally.failed),
        (UNREADABLE, tally.unreadable),
        ("同一单位同一年度重复", duplicated),
        ("同一报告的其他格式（不算重复）", copies),
    ]
    for line in lines:
        about.append(line)
    # Not ``book.save``: on a failed write (a full disk) openpyxl leaves the zip archive open, whose
    # ``__del__`` writes again later (and on Windows it keeps the temporary file from being removed).
    return write_export(target, lambda tmp: save_workbook(book, tmp), "Excel 或 WPS")
