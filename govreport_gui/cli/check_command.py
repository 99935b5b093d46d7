"""``govreport check FILE|FOLDER ...``: check one report file, or many in one process.

A file is a draft, a values file, an exported workbook (its embedded signature checked as
``verify`` does) or a published report (.docx …): :mod:`govreport_gui.core.ops.report_file` reads
each kind. With one file (not a folder) the output is the single report it always was. With
several files or a folder (searched recursively for ``.nianbao`` drafts, ``.json`` values files
and ``.xlsx`` workbooks) each file is one
line — file, 通过 / 有错误 / 无法读取, errors, warnings, blanks when any, the signature when signed — then a
summary line; ``--json`` gives JSON Lines: per file the object a single check prints plus ``file``
(an unreadable one: ``file`` and ``unreadable``, the reason), then ``{"summary": {...}}``. The exit
code is the worst of the files'. A file that cannot be read is one line with its reason; it never
stops the run. So is a folder inside that cannot be read (``"folder": true`` in JSON): the reports in
it were not checked, so it counts as 无法读取 and the exit code says the check is incomplete.

Links inside a folder are not followed (neither files nor folders): a folder of reports handed in
by others must not make the check read files outside it. Each one skipped is named on stderr.
Files and folders named on the command line are used as given (links included: the user named
them).

Only what a values file needs is imported at the top: the draft-only modules (SQLite, signatures)
are imported when the first draft is checked, so ``govreport check FILE.json`` starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from govreport_gui.cli.check_report import check_object, report, text_problems
from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    CliError,
    out_path,
    path_text,
    quoted,
    warn,
)
from govreport_gui.core.forms.engine import Checker

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any, TextIO

    from _typeshed import StrPath

    from govreport_gui.core.forms.values import Value
    from govreport_gui.core.ops.check_summary import SummaryRow
    from govreport_gui.core.ops.report_file import Counted
    from govreport_gui.core.ops.review_state import Explanation
    from govreport_gui.core.ops.signature import SignatureCheck
    from govreport_gui.core.report.problems import FileProblem

HELP = "校验数值文件或草稿；可给多个文件或文件夹（逐份一行并汇总）"


def register(commands: Any) -> None:
    p = commands.add_parser("check", help=HELP)
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        type=path_text,
        help="草稿（.nianbao）、数值文件（.json）、导出的工作簿（.xlsx）或已发布的年报（.docx 等）；也可以是文件夹（查找其中所有的草稿、数值文件和工作簿）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出（多份时每份一行 JSON）")
    p.add_argument(
        "--summary-xlsx",
        type=out_path("报表清单.xlsx"),
        metavar="OUT.xlsx",
        help="另把逐份的清单（单位、年度、状态、错误、签名、重复等）写成 Excel 文件（以 .xlsx 结尾）",
    )
    p.add_argument("--overwrite", action="store_true", help="--summary-xlsx 的文件已存在时覆盖它")
    p.add_argument(
        "--published",
        action="store_true",
        help="在文件夹中也查找已发布的年报（.docx、.pdf、.html、.htm），读出其中的统计表并校验",
    )
    p.set_defaults(handler=cmd_check)


class Inspected:
    """One file read and checked, not yet printed. (A plain class: ``dataclasses`` costs a
    ``check`` process milliseconds to import.)"""

    def __init__(
        self,
        checker: Checker,
        extra: dict[str, Any] | None = None,
        explanations: Mapping[str, Explanation] | None = None,
        signature: SignatureCheck | None = None,
        note: str | None = None,  # the form is not the one in force for the report's year
        sections: Mapping[str, str] | None = None,  # the report's text: {section id: text}
        fields: dict[str, str] | None = None,  # unit, year … (for the list of --summary-xlsx)
        status: str | None = None,  # a draft's status label; None: a values file
        last_change: str | None = None,  # a draft's last history time (ISO)
        values: Mapping[str, Value | None] | None = None,  # the figures (for the list's digest)
        file_problems: list[FileProblem] | None = None,  # the file's own (a figure not read …)
    ) -> None:
        self.checker = checker
        self.extra = extra
        self.explanations = explanations
        self.signature = signature
        self.note = note
        self.fields = fields or {}
        self.status = status
        self.last_change = last_change
        self.values = values or {}
        # Warnings like the rules', counted in the exit code's way (never errors).
        self.text_problems = text_problems(checker, sections or {}, self.fields.get("year"))
        self.file_problems = file_problems or []

    @property
    def counts(self) -> Counted:
        from govreport_gui.core.ops.report_file import counted

        return counted(self.checker, self.text_problems, self.file_problems)

    @property
    def code(self) -> int:
        failed = self.counts.errors or (self.signature and self.signature.invalid)
        return EXIT_FAILED if failed else EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    # As text: one file's check runs on ``os.path`` (cli/quick_args.py); ``pathlib`` is imported
    # for many (the folders' walk) and for --summary-xlsx.
    given: list[str] = args.files
    target: Path | None = args.summary_xlsx
    rows: list[SummaryRow] | None = None
    if target is not None:
        _check_target(target, args.overwrite)  # refused before anything is checked
        rows = []
    if len(given) == 1 and not os.path.isdir(given[0]):
        if target is not None:
            _refuse_checked(target, _as_paths(given))
        try:
            code = _check_one(given[0], args.json, out, rows)
        except CliError as exc:
            if target is None or rows is None:
                raise
            # The list is written for one unreadable file as for many (a row 无法读取 with the
            # reason): what was asked for is there, and the file's own error still follows.
            from govreport_gui.core.ops.check_summary import unreadable_row

            one_line = " ".join(part.strip() for part in exc.message.splitlines() if part.strip())
            rows.append(unreadable_row(given[0], one_line))
            try:
                _write_summary(rows, target, given, exc.code, out)
            except CliError as failed:
                warn(f"govreport：{failed.message}")
            raise
    else:
        paths = _as_paths(given)
        code = check_many(paths, args.json, out, rows, published=args.published, target=target)
    if target is not None and rows is not None:
        _write_summary(rows, target, given, code, out)
    return code


def _as_paths(given: list[str]) -> list[Path]:
    from pathlib import Path

    return [Path(text) for text in given]


def _check_one(
    path: StrPath, as_json: bool, out: TextIO, rows: list[SummaryRow] | None = None
) -> int:
    """One file, printed as ``check`` always printed it."""
    found = inspect_file(path)
    if rows is not None:
        rows.append(_row(path, found))
    if found.note:
        warn(found.note)
    if found.signature is not None and not as_json:
        from govreport_gui.core.ops.signature import SignatureStatus

        if found.signature.status is not SignatureStatus.UNSIGNED:
            out.write(found.signature.line + "\n")
    report(
        found.checker,
        as_json,
        out,
        extra=found.extra,
        explanations=found.explanations,
        text_problems=found.text_problems,
        file_problems=found.file_problems,
    )
    # A signed draft changed behind the program's back is a problem found, as an error is.
    return found.code


# -- the list of --summary-xlsx (core/ops/check_summary.py; openpyxl only when asked) -----------


def _check_target(target: Path, overwrite: bool) -> None:
    from govreport_gui.core.ops.check_summary import SummaryTargetError, check_target

    try:
        check_target(target, overwrite)
    except SummaryTargetError as exc:
        raise CliError(exc.message, EXIT_UNUSABLE if exc.unusable else EXIT_FAILED) from exc


def _refuse_checked(target: Path, files: list[Path]) -> None:
    """The list must not replace one of the reports checked (with --overwrite it would)."""
    from govreport_gui.core.ops.check_summary import among

    if among(target, files):
        raise CliError(
            f"汇总表的文件“{target}”是要校验的报表之一，覆盖它就没有这份报表了："
            "请给汇总表另起一个文件名。没有校验，也没有写入任何文件。",
            EXIT_UNUSABLE,
        )


def _row(path: StrPath, found: Inspected) -> SummaryRow:
    from govreport_gui.core.ops.check_summary import (
        content_digest,
        file_time,
        local_time,
        report_row,
    )

    counts = found.counts
    return report_row(
        str(path),
        found.checker.form,
        found.fields,
        (counts.errors, counts.warnings, counts.blank),
        found.status,
        found.signature,
        file_time(path) if found.status is None else local_time(found.last_change),
        # The same report in other formats is told from a duplicate by its figures' digest.
        content_digest(found.checker.form.id, found.values),
    )


def _write_summary(
    rows: list[SummaryRow], target: Path, paths: Iterable[StrPath], code: int, out: TextIO
) -> None:
    """Write the list (its duplicates marked by :func:`check_many`); the exit code stays the files'
    own unless the list cannot be written (then at least 1: what was asked is missing)."""
    from govreport_gui.core.layout.report import ExportError
    from govreport_gui.core.ops.check_summary import write_summary

    try:
        write_summary(rows, target, [str(p) for p in paths])
    except ExportError as exc:
        raise CliError(f"汇总表没有写入：{exc}", max(code, EXIT_FAILED)) from exc
    warn(f"已写入汇总表（{len(rows)} 份）：{target}")


def inspect_file(path: StrPath) -> Inspected:
    """Read and check one file; :class:`CliError` (with the command line's words) when unusable."""
    from govreport_gui.core.ops.report_file import ReportFileError, read_report_file
    from govreport_gui.core.regular_file import starts_with

    try:
        found = read_report_file(path)
    except ReportFileError as exc:
        if os.path.splitext(path)[1].lower() == ".nianbao" and starts_with(
            path, b"PK\x03\x04"
        ):  # say how to import it instead
            raise CliError(
                f"这是一个压缩包或 Excel/Word 文档，不是年报草稿：{path}\n"
                f"如需导入 Excel 表，请用：govreport import-xlsx {quoted(path)} 草稿.nianbao"
            ) from exc
        raise CliError(exc.message) from exc
    extra: dict[str, Any] | None = None
    if found.kind == "draft":
        from govreport_gui.core.capped_list import listed_json

        assert found.signature is not None
        extra = {
            "path": str(path),
            "status": found.status,
            "signature": found.signature.as_json(),
            # Kept in the draft, not checked (warned of in "problems"): how many, the first ids.
            "unknown_cells": listed_json(found.unknown_cells),
            "unknown_sections": listed_json(found.unknown_sections),
        }
    elif found.signature is not None:  # an exported workbook that carries a signature
        extra = {"path": str(path), "signature": found.signature.as_json()}
    return Inspected(
        found.checker(),
        extra=extra,
        explanations=found.explanations or None,
        signature=found.signature,
        note=found.note,
        sections=found.sections,
        fields=found.fields,
        status=found.status_name,
        last_change=found.last_change,
        values=found.values,
        file_problems=found.file_problems,
    )


# -- many files ----------------------------------------------------------------------------------


def check_many(
    paths: Iterable[Path],
    as_json: bool,
    out: TextIO,
    rows: list[SummaryRow] | None = None,
    published: bool = False,
    target: Path | None = None,  # the list's file (--summary-xlsx): never one of the reports
) -> int:
    from govreport_gui.core.ops.check_summary import Tally, duplicate_line, mark_duplicates
    from govreport_gui.core.ops.desk_scan import summary_line

    # Folders that could not be looked into: their reports were not checked, so each is a line
    # 无法读取 and counts in the exit code as an unreadable file does (the check is incomplete).
    missed: list[tuple[Path, str]] = []
    files, empty = collect(paths, published, missed)
    if target is not None:
        _refuse_checked(target, files)
    kinds = (
        "草稿（.nianbao）、数值文件（.json）、导出的工作簿（.xlsx）或已发布的年报（.docx、.pdf、.html）"
        if published
        else "草稿（.nianbao）、数值文件（.json）或导出的工作簿（.xlsx）"
    )
    hint = "" if published else "（已发布的年报 .docx、.pdf、.html 要加 --published 才查找）"
    if not files and not missed:
        raise CliError(
            "没有找到可校验的文件：文件夹"
            + "、".join(f"“{folder}”" for folder in empty)
            + f"中没有{kinds}。{hint}",
            EXIT_UNUSABLE,
        )
    for folder in empty:
        warn(f"注意：文件夹中没有{kinds}：{folder}")
    # Every file's row, for the duplicates (a unit's report received twice) even without a list.
    listed: list[SummaryRow] = rows if rows is not None else []
    worst = EXIT_OK  # the exit code: the worst of the files'
    reasons = {str(path): why for path, why in missed}
    for path in sorted([*files, *(path for path, _ in missed)], key=str):
        why = reasons.get(str(path))
        if why is not None:
            code = _unreadable(path, why, as_json, out, listed, folder=path.is_dir())
        else:
            code = _check_listed(path, as_json, out, listed)
        worst = max(worst, code)
    duplicates = mark_duplicates(listed)
    for group in duplicates:
        warn(duplicate_line(group))
    if as_json:
        tally = Tally(listed)  # each file's row judged as its line and the 审核台 judge it
        summary = {
            "files": tally.total,
            "passed": tally.passed,
            "failed": tally.failed,
            "unreadable": tally.unreadable,
            "exit_code": worst,
            "duplicates": [
                {"unit": g[0].unit, "year": g[0].year, "files": [r.file for r in g]}
                for g in duplicates
            ],
        }
        _json_line({"summary": summary}, out)
    else:
        # The line issue 14 set (the folders that could not be read included), the 审核台's too;
        # the duplicates are said on stderr, one line a group.
        out.write(summary_line(listed) + "\n")
    return worst


def _check_listed(
    path: Path, as_json: bool, out: TextIO, rows: list[SummaryRow] | None = None
) -> int:
    """One line for one file of many; never raises for the file's sake."""
    try:
        found = inspect_file(path)
    except CliError as exc:
        return _unreadable(path, exc.message, as_json, out, rows)
    except OSError as exc:
        from govreport_gui.core.oserror_text import cannot_read

        return _unreadable(path, cannot_read(exc, path), as_json, out, rows)
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # a bug on one file must not hide the others' results
        from govreport_gui.core.store import crash_log

        written = crash_log.write_exception(type(exc), exc, exc.__traceback__, "govreport")
        where = f"详情已写入 {written}" if written else "错误日志无法写入"
        return _unreadable(path, f"内部错误（{type(exc).__name__}），{where}", as_json, out, rows)
    code = found.code
    row = _row(path, found)
    if rows is not None:
        rows.append(row)
    if found.note:
        warn(f"{path}：{found.note}")
    if as_json:
        _json_line(
            {
                "file": str(path),
                **check_object(
                    found.checker,
                    found.extra,
                    found.explanations,
                    found.text_problems,
                    found.file_problems,
                ),
            },
            out,
        )
        return code
    from govreport_gui.core.ops.desk_scan import verdict_parts

    line = "\t".join([str(path), *verdict_parts(row)])  # the 审核台's words (core/ops/desk_scan.py)
    if found.signature is not None and found.signature.status.name != "UNSIGNED":
        line += f"\t{found.signature.line}"
    out.write(line + "\n")
    return code


def _unreadable(
    path: Path,
    reason: str,
    as_json: bool,
    out: TextIO,
    rows: list[SummaryRow] | None = None,
    folder: bool = False,  # a folder that could not be looked into
) -> int:
    from govreport_gui.core.ops.check_summary import unreadable_row
    from govreport_gui.core.ops.desk_scan import verdict_parts

    one_line = " ".join(part.strip() for part in reason.splitlines() if part.strip())
    row = unreadable_row(str(path), one_line)
    if rows is not None:
        rows.append(row)
    if as_json:
        _json_line(
            {"file": str(path), "unreadable": one_line, **({"folder": True} if folder else {})}, out
        )
    else:
        out.write("\t".join([str(path), *verdict_parts(row)]) + "\n")  # the 审核台's words
    return EXIT_UNUSABLE


def _json_line(data: dict[str, Any], out: TextIO) -> None:
    import json  # for --json alone (issue 14)

    out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def collect(
    paths: Iterable[Path],
    published: bool = False,
    unreadable: list[tuple[Path, str]] | None = None,
) -> tuple[list[Path], list[Path]]:
    """Every file to check, sorted by path, each once (the files given and what the folders hold),
    and the folders that hold none; each link skipped is named on stderr, and each folder that
    could not be read too (and added to ``unreadable`` with the reason). The walk is the
    审核台's too: core/ops/desk_scan.py; ``consolidate`` walks its folders with it."""
    from govreport_gui.core.ops.desk_scan import collect as collect_reports

    return collect_reports(paths, published=published, notice=warn, unreadable=unreadable)
