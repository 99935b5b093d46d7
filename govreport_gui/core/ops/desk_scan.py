"""The reviewer's folder of reports (issue 17): which files it holds, and one row per file.

A 政务公开办 keeps the reports handed in by dozens or hundreds of departments in a folder. Both
``govreport check FOLDER`` and the window's 审核台 list it with :func:`collect` (one walk for
both): drafts, values files and exported workbooks, and — for the 审核台, when asked — published
reports (.docx/.pdf/.html). Links inside a folder are not followed, neither files nor folders: a
folder handed in by others must not make the program read files outside it (each one skipped is
told to ``notice``). The program's own list workbook (导出清单, ``check --summary-xlsx``) saved
among the reports is skipped and told too (core/ops/summary_mark.py): it is not a report. Files
and folders named by the user are used as given.

:func:`scan_file` reads one file into a :class:`~govreport_gui.core.ops.check_summary.SummaryRow`
(errors, warnings with the report text's problems, blanks, signature) and never raises for the
file's sake: an unusable file is a row that says why. Only the row is kept, never the report
itself, so 3,000 rows stay small. :class:`DeskScan` remembers each file's modification time and
size, so that looking again at a folder that changed reads only the files that changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from govreport_gui.core.ops.report_file import ALL_SUFFIXES, CHECKED_SUFFIXES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a `check` process' start)
if TYPE_CHECKING:
    from govreport_gui.core.ops.check_summary import SummaryRow
    from govreport_gui.core.ops.report_file import ReportFile

Notice = Callable[[str], None]


def _ignore(_text: str) -> None:
    pass


def suffixes(published: bool) -> tuple[str, ...]:
    """What a folder is searched for: what ``check`` reads, and published reports when asked."""
    return ALL_SUFFIXES if published else CHECKED_SUFFIXES


def collect(
    paths: Iterable[Path],
    published: bool = False,
    notice: Notice = _ignore,
    unreadable: list[tuple[Path, str]] | None = None,
) -> tuple[list[Path], list[Path]]:
    """Every report file, sorted by path, each once (the files given and what the folders hold),
    and the folders that hold none. What could not be looked into (a folder without permission)
    is told to ``notice`` and, with ``unreadable``, added to it with the reason: the reports in
    it were not found, so a check of the folder is not complete (``check`` counts it as 无法读取)."""
    wanted = suffixes(published)
    found: dict[str, Path] = {}
    empty: list[Path] = []
    missed: list[tuple[Path, str]] = unreadable if unreadable is not None else []
    for given in paths:
        if given.is_dir():
            before, missed_before = len(found), len(missed)
            for path in walk(given, wanted, notice, missed):
                found.setdefault(str(path), path)
            # A folder whose subfolder could not be read is not known to hold no report.
            if len(found) == before and len(missed) == missed_before:
                empty.append(given)
        else:
            found.setdefault(str(given), given)  # a missing one is reported as unreadable
    return [found[key] for key in sorted(found)], empty


def walk(
    folder: Path,
    wanted: tuple[str, ...],
    notice: Notice = _ignore,
    unreadable: list[tuple[Path, str]] | None = None,
) -> Iterator[Path]:
    """The files under ``folder`` whose names end in ``wanted``; links are skipped (told). What
    could not be looked into is told and added to ``unreadable`` with the reason."""
    from govreport_gui.core.oserror_text import cannot_read

    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        # A folder, not a file, is what could not be read (cannot_read speaks of files).
        why = (
            f"没有权限读取文件夹：{folder}"
            if isinstance(exc, PermissionError)
            else cannot_read(exc, folder, what="文件夹")
        )
        notice(f"注意：{why}")
        if unreadable is not None:
            unreadable.append((folder, why))
        return
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_symlink():
                notice(f"注意：已跳过链接（文件夹中的链接不跟随）：{path}")
            elif entry.is_dir(follow_symlinks=False):
                yield from walk(path, wanted, notice, unreadable)
            elif entry.name.lower().endswith(wanted):
                if entry.name.lower().endswith(".xlsx") and _is_list(path):
                    notice(f"注意：已跳过本程序导出的报表清单（不是单位的年报）：{path}")
                    continue
                yield path  # a FIFO or device with such a name is refused unread by the reader
        except OSError as exc:
            # Not known to be a folder or a report: it may be either, so the walk is incomplete.
            why = cannot_read(exc, path)
            notice(f"注意：{why}")
            if unreadable is not None:
                unreadable.append((path, why))


def _is_list(path: Path) -> bool:
    from govreport_gui.core.ops.summary_mark import is_summary_list

    return is_summary_list(path)


def folders_of(paths: Iterable[Path]) -> list[Path]:
    """The folders to watch for ``paths`` as the user gave them: each folder given and the folders
    under it (not through links), and the folder of each file given."""
    seen: dict[str, Path] = {}
    for given in paths:
        if given.is_dir():
            for folder in _folders(given):
                seen.setdefault(str(folder), folder)
        elif given.parent.is_dir():
            seen.setdefault(str(given.parent), given.parent)
    return list(seen.values())


def _folders(folder: Path) -> Iterator[Path]:
    yield folder
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_symlink() and entry.is_dir(follow_symlinks=False):
                yield from _folders(folder / entry.name)
        except OSError:
            continue


# -- one file ------------------------------------------------------------------------------------


def scan_file(path: Path) -> SummaryRow:
    """The row of one file; an unusable file (or a bug while reading it) is a row that says why."""
    from govreport_gui.core.ops.check_summary import unreadable_row
    from govreport_gui.core.ops.report_file import ReportFileError, read_report_file

    try:
        found = read_report_file(path)
        return _row(found)
    except ReportFileError as exc:
        reason = exc.message
    except OSError as exc:
        from govreport_gui.core.oserror_text import cannot_read

        reason = cannot_read(exc, path)
    except MemoryError:
        reason = "文件太大，无法读取。"
    except Exception as exc:  # a bug on one file must not hide the others' rows
        from govreport_gui.core.store import crash_log

        written = crash_log.write_exception(type(exc), exc, exc.__traceback__, "govreport")
        where = f"详情已写入 {written}" if written else "错误日志无法写入"
        reason = f"内部错误（{type(exc).__name__}），{where}"
    one_line = " ".join(part.strip() for part in reason.splitlines() if part.strip())
    return unreadable_row(str(path), one_line)


def _row(found: ReportFile) -> SummaryRow:
    """As ``check`` counts: errors, warnings (the report text's and the file's too), blanks."""
    from govreport_gui.core.ops.check_summary import (
        content_digest,
        file_time,
        local_time,
        report_row,
    )
    from govreport_gui.core.ops.report_file import counted

    checker = found.checker()
    counts = counted(checker, file_problems=found.file_problems)
    text = _text_problem_count(found)
    changed = local_time(found.last_change) if found.last_change else file_time(found.path)
    return report_row(
        str(found.path),
        found.form,
        found.fields,
        (counts.errors, counts.warnings + text, counts.blank),
        # A values file has no state (report_row says 数值文件); a workbook / published report: its kind.
        found.status_name,
        found.signature,
        changed,
        content_digest(found.form.id, found.values),
    )


def _text_problem_count(found: ReportFile) -> int:
    """The report text's problems (warnings like the rules'), as ``check`` counts them."""
    if not any(text.strip() for text in found.sections.values()):
        return 0
    from govreport_gui.core.report.text_checks import check_text, report_year

    previous = dict(found.previous) if found.previous is not None else None
    year = report_year(found.fields.get("year"))
    return len(check_text(found.form, found.sections, found.values, previous, year))


def verdict_parts(row: SummaryRow) -> list[str]:
    """What ``check`` prints of one file of many, after its name: 通过 / 有错误, the errors, the
    warnings, and the blank cells when there are any (通过 says no error, not filled in: a report
    not filled in says so beside it); 无法读取 and the reason for a file that cannot be read."""
    from govreport_gui.core.ops.check_summary import FAILED, PASSED, UNREADABLE, failed

    if row.unreadable:
        return [UNREADABLE, row.unreadable]
    parts = [FAILED if failed(row) else PASSED, f"{row.errors} 个错误", f"{row.warnings} 个警告"]
    if row.blanks:
        parts.append(f"{row.blanks} 个空格未填")
    return parts


def verdict(row: SummaryRow) -> str:
    """:func:`verdict_parts` as the 审核台 says them: ``通过，0 个错误，0 个警告，2 个空格未填``."""
    return "，".join(verdict_parts(row))


def summary_line(rows: Sequence[SummaryRow]) -> str:
    """``共 N 份：通过 …（其中 … 份有空格未填），有错误 …，无法读取 …`` (as ``check`` ends its
    list): a report that passed with blank cells is not simply 通过."""
    from govreport_gui.core.ops.check_summary import FAILED, PASSED, UNREADABLE, Tally

    tally = Tally(rows)
    blanks = f"（其中 {tally.passed_with_blanks} 份有空格未填）" if tally.passed_with_blanks else ""
    return (
        f"共 {tally.total} 份：{PASSED} {tally.passed}{blanks}，{FAILED} {tally.failed}，"
        f"{UNREADABLE} {tally.unreadable}"
    )


def mark_all_duplicates(rows: Sequence[SummaryRow]) -> None:
    """:func:`~govreport_gui.core.ops.check_summary.mark_duplicates` over rows marked before (a
    rescan): a row no longer in a group loses its mark."""
    from govreport_gui.core.ops.check_summary import mark_duplicates

    for row in rows:
        row.duplicates, row.duplicate_count = [], 0
        row.copies, row.copy_count = [], 0
    mark_duplicates(rows)


# -- a folder looked at again --------------------------------------------------------------------


Stamp = tuple[int, int]  # the file's modification time (ns) and size


def stamp(path: Path) -> Stamp | None:
    """What tells a changed file (without following a link: a link is read as what it is)."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class Plan:
    """What a look at the folder again must do: read ``to_read`` (new or changed files, in the
    order of the list), drop ``removed`` (paths as strings); ``order``: every file, sorted."""

    def __init__(
        self,
        order: list[Path],
        to_read: list[Path],
        removed: list[str],
        notices: list[str] | None = None,  # links skipped, folders that cannot be read
    ) -> None:
        self.order = order
        self.to_read = to_read
        self.removed = removed
        self.notices = notices or []


def make_plan(
    paths: Sequence[Path],
    published: bool,
    known: Mapping[str, Stamp | None],
    everything: bool = False,
) -> Plan:
    """List the files again against ``known`` (the stamps of the files read before); with
    ``everything`` all are read again (the trusted list or the program may have changed what a
    row says), else only the new and changed ones. Touches no list: a worker thread calls this."""
    notices: list[str] = []
    order, _empty = collect(paths, published, notices.append)
    names = {str(path) for path in order}
    removed = [name for name in known if name not in names]
    to_read = [
        path
        for path in order
        if everything or str(path) not in known or known[str(path)] != stamp(path)
    ]
    return Plan(order, to_read, removed, notices)


class DeskScan:
    """The rows of the files listed, with the stamp each was read at (no report kept)."""

    def __init__(self, paths: Sequence[Path], published: bool = False) -> None:
        self.paths = list(paths)
        self.published = published
        self.rows: dict[str, SummaryRow] = {}
        self.stamps: dict[str, Stamp | None] = {}

    def plan(self, everything: bool = False) -> Plan:
        return make_plan(self.paths, self.published, self.stamps, everything)

    def apply(self, scanned: Iterable[Scanned], removed: Iterable[str] = ()) -> None:
        """Keep the rows read (on the thread that owns the list) and drop the removed files'."""
        for name in removed:
            self.rows.pop(name, None)
            self.stamps.pop(name, None)
        for row, at in scanned:
            self.rows[row.file] = row
            self.stamps[row.file] = at


Scanned = tuple["SummaryRow", Stamp | None]


def read(path: Path) -> Scanned:
    """One file's row and the stamp it was read at (taken first: a change while it is read is
    seen next time). Touches no list: a worker thread calls this."""
    before = stamp(path)
    return scan_file(path), before


def read_many(paths: list[Path]) -> list[Scanned]:
    """:func:`read` for each of ``paths`` (a worker process's task: one batch)."""
    return [read(path) for path in paths]
