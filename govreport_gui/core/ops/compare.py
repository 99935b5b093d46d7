"""Year-over-year comparison of one unit's reports (issue 17): last year's and this year's figures
side by side, with notes for the reviewer where a figure jumps.

:func:`compare_reports` takes two reports read by :mod:`.report_file` and gives a
:class:`Comparison`: one :class:`Figure` per cell of this year's form (and one per cell of last
year's form that has no counterpart this year; :mod:`.compare_match` says which cells are the same
figure), each with the change (exact: counts stay ``int``, money stays ``Decimal``) and, where it
means something, the change in per cent of last year's figure.

A large jump is a :class:`Jump`, a note for the reviewer, never an error: such figures are often
right (a new online channel, a one-off campaign), but a ×10 is also what a slip of the keyboard or
of the unit (元 for 万元) looks like. As in DHIS2's outlier analysis a jump is only noted where the
figures are large enough for it to matter; "many" is :data:`MANY`:

- ×10 or more up: this year ≥ :data:`FACTOR` × last year > 0, and this year ≥ :data:`MANY`;
- ×10 or more down: last year ≥ :data:`FACTOR` × this year > 0, and last year ≥ :data:`MANY`;
- from 0 to many: last year 0, this year ≥ :data:`MANY`;
- from many to 0: last year ≥ :data:`MANY`, this year 0.

A blank is not a zero: a figure blank in either year gets no change and no note. A signed figure
(本年增/减) is judged by its size. The thresholds apply to the number as written in the cell
(万元 for money).

The rules of this year's form that read last year's report (``prev()``: 上年结转 = last year's
结转下年度, 2021's 现行有效件数) are run with last year's figures and shown (:class:`PrevCheck`):
they are the warnings the draft shows when linked, here for any two files. Across a gap year
(2019 and 2021) they are not run: last year's 结转下年度 is not what 2021's 上年结转 reads, and a
warning says so.

Each file's signature state is given (:func:`signature_text`); one that no longer holds is also a
warning (本年报告签发后被改动（签名无效）), never a refusal: the reviewer may still want the figures. So
is a signed workbook that no longer shows what was signed, and a published report's table not read
(:mod:`.compare_refusal`).

Two reports that are not comparable are refused (:class:`ComparisonRefused`, Chinese reasons:
another unit, this year not after last year); a missing unit or year is a warning
(:mod:`.compare_refusal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from pathlib import Path

from govreport_gui.core.forms.engine import Status
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.forms.values import Kind, Number, Value, to_text
from govreport_gui.core.ops.compare_match import SEPARATOR, label_path, match_cells
from govreport_gui.core.ops.compare_refusal import (
    ComparisonRefused,
    adjacent,
    read_pair,
    refusals_and_warnings,
)
from govreport_gui.core.ops.report_file import ReportFile

__all__ = [  # ComparisonRefused and read_pair are the front-ends' as well
    "FACTOR",
    "MANY",
    "Comparison",
    "ComparisonRefused",
    "Figure",
    "Jump",
    "JumpKind",
    "PrevCheck",
    "change_text",
    "compare_files",
    "compare_reports",
    "jump",
    "read_pair",
    "report_state",
    "signature_text",
]

MANY = 10  # a figure of 10 or more is "many" (in the cell's own unit)
FACTOR = 10  # a figure 10 times last year's, or a tenth of it, is a large jump


class JumpKind(StrEnum):
    UP = "up"  # ×10 or more
    DOWN = "down"  # a tenth or less
    FROM_ZERO = "from_zero"
    TO_ZERO = "to_zero"


@dataclass(frozen=True)
class Jump:
    kind: JumpKind
    text: str  # for the reviewer: 比上年增加到 15 倍（3 → 45），请核对


@dataclass(frozen=True)
class Figure:
    """One figure of the two years. ``cell_id`` is this year's cell (None: only last year's form has
    it), ``last_cell_id`` last year's (None: no counterpart)."""

    path: tuple[str, ...]  # 表三 › 三、本年度办理结果 › （一）予以公开 › 自然人, as parts
    cell_id: str | None
    last_cell_id: str | None
    kind: Kind
    last: Value | None
    this: Value | None
    change: Number | None = None  # this − last, exact; None when either is blank
    percent: Decimal | None = None  # the change in % of last year's, to 0.1; None: last 0/blank
    jump: Jump | None = None

    @property
    def label(self) -> str:
        return SEPARATOR.join(self.path)

    @property
    def remark(self) -> str:
        """The 说明 column: the jump, or that the other year's form has no such figure."""
        if self.jump is not None:
            return self.jump.text
        if self.cell_id is None:
            return "本年表格无此项"
        if self.last_cell_id is None:
            return "上年表格无此项"
        return ""

    def as_json(self) -> dict[str, object]:
        return {
            "label": self.label,
            "path": list(self.path),
            "cell": self.cell_id,
            "last_cell": self.last_cell_id,
            "last": _json_value(self.last),
            "this": _json_value(self.this),
            "change": _json_value(self.change),
            "percent": None if self.percent is None else str(self.percent),
            "note": self.jump.text if self.jump is not None else None,
            "jump": self.jump.kind.value if self.jump is not None else None,
            "remark": self.remark,
        }


STATUS_TEXT = {
    Status.OK: "相符",
    Status.FAILED: "不相符",
    Status.INCOMPLETE: "有空格，未能核对",
    Status.NOT_APPLICABLE: "上年报告中没有这些数字（或为空格），未能核对",
}


@dataclass(frozen=True)
class PrevCheck:
    """One rule of this year's form that reads last year's figures, run with the other report."""

    rule_id: str
    severity: Severity
    status: Status
    description: str  # what the rule says
    message: str  # with the numbers when it fails
    where: str  # the cell it is about: 上年结转申请（自然人）
    cell_id: str  # that cell's id (this year's form)
    numbers: str = (
        ""  # when it fails: 上年结转申请（自然人） 1 ≠ 上年结转下年度继续办理（自然人） 0
    )

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def line(self) -> str:
        """The result under its rule's description: 不相符：上年结转申请（自然人） 1 ≠ … 0."""
        return f"{STATUS_TEXT[self.status]}：{self.numbers if self.failed else self.where}"

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "status": self.status.value,
            "status_text": STATUS_TEXT[self.status],
            "where": self.where,
            "cell": self.cell_id,
            "message": self.message,
        }


@dataclass(frozen=True)
class Comparison:
    last: ReportFile
    this: ReportFile
    figures: tuple[Figure, ...]
    prev_checks: tuple[PrevCheck, ...]
    warnings: tuple[str, ...] = field(default=())
    adjacent: bool = True  # False: a gap year, the prev() checks not run (not applicable)

    @property
    def notes(self) -> list[Figure]:
        """The figures with a large jump, in form order."""
        return [f for f in self.figures if f.jump is not None]

    @property
    def prev_failed(self) -> list[PrevCheck]:
        return [c for c in self.prev_checks if c.failed]

    @property
    def unmatched_last(self) -> list[Figure]:
        return [f for f in self.figures if f.cell_id is None]

    @property
    def unmatched_this(self) -> list[Figure]:
        return [f for f in self.figures if f.last_cell_id is None]

    @property
    def title(self) -> str:
        """自治区机关事务管理局：2018 年度与 2019 年度."""
        unit = self.this.unit or self.last.unit or "（未填单位）"
        return f"{unit}：{_year_text(self.last)}与 {_year_text(self.this)}"

    def as_json(self) -> dict[str, object]:
        return {
            "unit": self.this.unit or self.last.unit,
            "last": _report_json(self.last),
            "this": _report_json(self.this),
            "figures": [f.as_json() for f in self.figures],
            "notes": [
                {
                    "label": f.label,
                    "cell": f.cell_id,
                    "jump": f.jump.kind.value,
                    "text": f.jump.text,
                }
                for f in self.notes
                if f.jump is not None
            ],
            "prev_checks": [c.as_json() for c in self.prev_checks],
            "prev_checks_apply": self.adjacent,
            "warnings": list(self.warnings),
        }


def compare_files(last: Path, this: Path) -> Comparison:
    """Read and compare; :class:`ComparisonRefused` when a file is unusable or the two are not
    comparable."""
    try:
        same = last.resolve() == this.resolve()
    except (OSError, RuntimeError):
        same = False
    if same:
        raise ComparisonRefused(
            [f"上年报告和本年报告是同一个文件：{this}。请分别选择上一年和本年的报告。"]
        )
    return compare_reports(*read_pair(last, this))


# -- comparing --------------------------------------------------------------------------------


def compare_reports(last: ReportFile, this: ReportFile) -> Comparison:
    """This year's report beside last year's; :class:`ComparisonRefused` when not comparable."""
    refusals, warnings = refusals_and_warnings(last, this)
    if refusals:
        raise ComparisonRefused(refusals)
    pairs = match_cells(last.form, this.form)
    figures: list[Figure] = []
    for cell in this.form.cells:
        last_id = pairs.get(cell.id)
        previous = last.values.get(last_id) if last_id is not None else None
        figures.append(
            _figure(
                label_path(this.form, cell),
                cell.id,
                last_id,
                cell.kind,
                previous,
                this.values.get(cell.id),
            )
        )
    matched = set(pairs.values())
    for cell in last.form.cells:
        if cell.id not in matched:
            figures.append(
                _figure(
                    label_path(last.form, cell),
                    None,
                    cell.id,
                    cell.kind,
                    last.values.get(cell.id),
                    None,
                )
            )
    if last.form.id != this.form.id:
        warnings.append(_forms_note(last, this, len(pairs)))
    # Across a gap year the rules reading last year's figures would read the wrong year's.
    prev_checks = _prev_checks(last, this) if adjacent(last, this) else ()
    return Comparison(
        last, this, tuple(figures), prev_checks, tuple(warnings), adjacent(last, this)
    )


def _forms_note(last: ReportFile, this: ReportFile, matched: int) -> str:
    formats = f"上年报告用 {last.form.years_text}的表格（{last.form.basis}），本年报告用 {this.form.years_text}的表格（{this.form.basis}）"
    if not matched:
        return f"{formats}，两种表格没有相同的项目：数字无法逐项对比，只列出各自的数字。"
    return (
        f"{formats}：按相同的表、行、列对应出 {matched} 项；"
        "其余在另一年的表格中没有对应项，说明栏写明“上年表格无此项”或“本年表格无此项”。"
    )


def _figure(
    path: tuple[str, ...],
    cell_id: str | None,
    last_cell_id: str | None,
    kind: Kind,
    last: Value | None,
    this: Value | None,
) -> Figure:
    if not kind.is_numeric or isinstance(last, str) or isinstance(this, str):
        return Figure(path, cell_id, last_cell_id, kind, last, this)
    if last is None or this is None:
        return Figure(path, cell_id, last_cell_id, kind, last, this)
    change = this - last
    return Figure(
        path,
        cell_id,
        last_cell_id,
        kind,
        last,
        this,
        change,
        _percent(change, last),
        jump(last, this),
    )


def _percent(change: Number, last: Number) -> Decimal | None:
    if last == 0:
        return None
    with localcontext(prec=40):  # sizes up to 10^12 with 6 places: no rounding before the last step
        ratio = Decimal(change) * 100 / abs(Decimal(last))
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def jump(last: Number, this: Number) -> Jump | None:
    """The note for a large jump from ``last`` to ``this`` (the module's rules), else None."""
    before: Number = -last if last < 0 else last  # a signed figure is judged by its size
    after: Number = -this if this < 0 else this
    shown = f"（{to_text(last)} → {to_text(this)}）"
    if before == 0 and after >= MANY:
        return Jump(JumpKind.FROM_ZERO, f"上年为 0，本年为 {to_text(this)}，请核对")
    if after == 0 and before >= MANY:
        return Jump(JumpKind.TO_ZERO, f"上年为 {to_text(last)}，本年为 0，请核对")
    if before > 0 and after >= MANY and after >= FACTOR * before:
        return Jump(JumpKind.UP, f"增加到上年的 {_times(after, before)} 倍{shown}，请核对")
    if after > 0 and before >= MANY and before >= FACTOR * after:
        return Jump(
            JumpKind.DOWN, f"减少到上年的 {_times(after, before, fraction=True)}{shown}，请核对"
        )
    return None


def _times(after: Number, before: Number, fraction: bool = False) -> str:
    """15 (倍), 12.5 (倍); as a fraction: 1/12 or 1/12.5 (of last year's)."""
    with localcontext(prec=40):
        ratio = Decimal(before) / Decimal(after) if fraction else Decimal(after) / Decimal(before)
        text = format(ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")
    text = text[:-2] if text.endswith(".0") else text
    return f"1/{text}" if fraction else text


def _prev_checks(last: ReportFile, this: ReportFile) -> tuple[PrevCheck, ...]:
    """The rules that read last year's figures, run with ``last``'s figures (by cell id, as the
    draft links them: the 2019 and 2021 forms share the ids of table 三)."""
    checker = this.checker(previous=last.values)
    found: list[PrevCheck] = []
    for compiled in checker.compiled.rules:
        if not compiled.uses_previous:
            continue
        result = checker.results[compiled.index]
        found.append(
            PrevCheck(
                result.rule.id,
                result.rule.severity,
                result.status,
                result.rule.description,
                result.message,
                this.form.cells[result.anchor].label,
                this.form.cells[result.anchor].id,
                result.text if result.failed else "",
            )
        )
    return tuple(found)


def change_text(change: Number | None, percent: Decimal | None) -> str:
    """+5（+12.5%）, -3, 0; '—' when there is nothing to subtract."""
    if change is None:
        return "—"
    text = to_text(change)
    if change > 0:
        text = "+" + text
    if percent is not None and change != 0:
        sign = "+" if percent > 0 else ""
        text += f"（{sign}{to_text(percent)}%）"
    return text


def _year_text(report: ReportFile) -> str:
    return f"{report.year} 年度" if report.year else "（未填年度）"


def signature_text(report: ReportFile) -> str:
    """The file's signature state in words: 签名有效，签名人受信任 / 签发后被改动（签名无效） / 未签发;
    a file that carries none (a values file, a published report, a hand-filled workbook) says so."""
    if report.signature is None:
        return "无数字签名"
    return report.signature.status.value


def report_state(report: ReportFile) -> str:
    """What the file is and its state, for a heading: 2018 年度，草稿，已签发 (a draft's review
    status after its kind; a workbook's “status” is its kind, not repeated)."""
    parts = [_year_text(report), report.kind_name]
    if report.status_name and report.status_name != report.kind_name:
        parts.append(report.status_name)
    return "，".join(parts)


def _report_json(report: ReportFile) -> dict[str, object]:
    return {
        "file": str(report.path),
        "kind": report.kind,
        "form": report.form.id,
        "unit": report.unit,
        "year": report.year,
        "status": report.status_name,
        "signature": report.signature.as_json() if report.signature is not None else None,
        "signature_text": signature_text(report),
    }


def _json_value(value: Value | None) -> object:
    """Counts as numbers; money as its exact text (JSON numbers are binary floats to most readers)."""
    if isinstance(value, Decimal):
        return to_text(value)
    return value
