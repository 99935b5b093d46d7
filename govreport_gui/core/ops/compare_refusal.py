"""Whether two report files can be compared year over year (issue 17), and reading them.

Refused (:class:`ComparisonRefused`, Chinese reasons): a file that cannot be read (each one
named: 上年报告 / 本年报告), another unit (names compared with full-width forms folded and spaces
dropped), this year the same as or before last year. Warned (not refused): a unit or year not
filled in, years not adjacent (the 上年结转 checks then not run), a signature that no longer
holds (本年报告签发后被改动（签名无效）), a form not meant for its year, rows of a published report that
could not be placed, an error of the file itself that ``check`` names (a signed workbook that no
longer shows what was signed, a published report's table not found): warned as an invalid
signature is, since the reviewer may still want the figures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from govreport_gui.core.ops.report_file import ReportFile

LAST, THIS = "上年报告", "本年报告"
# Said when the years are known and not adjacent: last year's 结转下年度 is not what this year's
# 上年结转 reads across a missing year, so the prev() checks are not run (nor fail the compare).
NOT_ADJACENT = "两份报告不是相邻年度，上年结转的核对不适用。"


def adjacent(last: ReportFile, this: ReportFile) -> bool:
    """False only when both years are known and more than one apart (a gap year)."""
    last_year, this_year = year_of(last), year_of(this)
    return last_year is None or this_year is None or this_year - last_year <= 1


class ComparisonRefused(Exception):
    """The two files cannot be compared; ``reasons`` are Chinese sentences, ``message`` all of them."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        self.message = "\n".join(reasons)
        super().__init__(self.message)


def read_pair(last: Path, this: Path) -> tuple[ReportFile, ReportFile]:
    """Read both files; :class:`ComparisonRefused` naming each one that cannot be read."""
    reasons: list[str] = []
    reports: list[ReportFile] = []
    for path, which in ((last, LAST), (this, THIS)):
        report = _read(path, which, reasons)
        if report is not None:
            reports.append(report)
    if reasons:
        raise ComparisonRefused(reasons)
    return reports[0], reports[1]


def _read(path: Path, which: str, reasons: list[str]) -> ReportFile | None:
    from govreport_gui.core.ops.report_file import ReportFileError, read_report_file
    from govreport_gui.core.oserror_text import cannot_read

    try:
        return read_report_file(path)
    except ReportFileError as exc:
        reasons.append(f"{which}无法读取：{exc.message}")
    except OSError as exc:
        reasons.append(f"{which}无法读取：{cannot_read(exc, path)}")
    return None


def unit_key(unit: str) -> str:
    """A unit's name as compared: full-width forms folded, spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", unit).split())


def year_of(report: ReportFile) -> int | None:
    """The report's year as a number (2019, from “2019” or “2019年”); None when not given."""
    found = re.fullmatch(r"\s*([0-9]{4})\s*年?(度)?\s*", unicodedata.normalize("NFKC", report.year))
    return int(found.group(1)) if found else None


def refusals_and_warnings(last: ReportFile, this: ReportFile) -> tuple[list[str], list[str]]:
    refusals: list[str] = []
    warnings: list[str] = []
    if last.unit and this.unit and unit_key(last.unit) != unit_key(this.unit):
        refusals.append(
            f"两份报告不是同一个单位的：上年报告是“{last.unit}”的，本年报告是“{this.unit}”的。"
            "同比比较只比较同一单位的两年报告，请选择同一单位的报告。"
        )
    for report, which in ((last, LAST), (this, THIS)):
        if not report.unit:
            warnings.append(f"{which}没有填写填报单位，无法核对两份报告是否同一单位：{report.path}")
    last_year, this_year = year_of(last), year_of(this)
    for report, which, year in ((last, LAST, last_year), (this, THIS, this_year)):
        if year is None:
            given = f"（填的是“{report.year}”）" if report.year else ""
            warnings.append(f"{which}没有填写年度{given}，无法核对年度先后：{report.path}")
    if last_year is not None and this_year is not None:
        if this_year == last_year:
            refusals.append(f"两份报告都是 {this_year} 年度的：同比比较需要上一年和本年两份报告。")
        elif this_year < last_year:
            refusals.append(
                f"本年报告（{this_year} 年度）早于上年报告（{last_year} 年度）：两份报告是否放反了？"
                "请先给上一年的报告，再给本年的报告。"
            )
        elif this_year - last_year > 1:
            warnings.append(
                f"两份报告相隔 {this_year - last_year} 年（{last_year} 年度与 {this_year} 年度），"
                "不是相邻的两年：变化是几年间的变化。"
            )
            warnings.append(NOT_ADJACENT)
    for report, which in ((last, LAST), (this, THIS)):
        if report.signature is not None and report.signature.invalid:
            reason = f"：{report.signature.reason}" if report.signature.reason else ""
            warnings.append(f"{which}签发后被改动（签名无效）{reason}")
        warnings.extend(f"{which}：{message}" for message in _file_errors(report))
    for report, which in ((last, LAST), (this, THIS)):
        out_of_force = _out_of_force(report)
        if out_of_force:
            warnings.append(f"{which}{out_of_force}")
        if report.problems:
            warnings.append(
                f"{which}中有 {len(report.problems)} 处内容未能读入统计表，相应的数字可能为空。"
            )
    return refusals, warnings


def _file_errors(report: ReportFile) -> list[str]:
    """The errors of the file itself that ``check`` names, but the figures read not known
    otherwise: the figures not read are counted with the rows not placed (``report.problems``)."""
    from govreport_gui.core.forms.formdef import Severity
    from govreport_gui.core.report.problems import FIGURE_UNREAD, ROW_UNREAD

    said = (FIGURE_UNREAD, ROW_UNREAD)
    return [
        p.message
        for p in report.file_problems
        if p.severity is Severity.ERROR and p.rule_id not in said
    ]


def _out_of_force(report: ReportFile) -> str:
    """That the report's form is not the one for its year, in a reviewer's words (the form files'
    ids of ``report.note`` are for the command line's ``check``)."""
    from govreport_gui.core.forms.registry import form_for_year

    year = year_of(report)
    if year is None or report.form.in_force(year):
        return ""
    said = f"用的是适用于 {report.form.years_text}的表格（{report.form.basis}）"
    right = form_for_year(year)
    if right is None:
        return f"{said}，没有适用于 {year} 年度的表格。"
    return f"{said}，{year} 年度应使用{right.basis}的表格。"
