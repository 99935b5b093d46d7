"""汇总 (issue 17): the reports of many units, of one form and one year, summed into a new draft.

A county or city 政务公开办 sums its departments' reports into the government's own
(本级政府及所属部门汇总). Two steps, so that the window can read and plan off the GUI thread and
write only when the plan holds:

* :func:`plan_consolidation` checks the reports and sums them. It refuses — every reason at once,
  each a Chinese sentence naming the files — an empty list, a missing name for the result, reports
  of different forms or years, a report without a year or a unit, the same unit twice (names
  compared without spaces and full-/half-width differences), a report whose signature no longer
  holds (always refused, even when unsigned ones are included), and unsigned reports unless
  ``include_unsigned``. A report with only a legacy sign-off (no digital signature) counts as
  unsigned: it proves no signer. So does a valid signature whose signer is not on the trusted list
  (VALID_UNTRUSTED): anyone can make a key, so it proves only that someone signed; it is refused
  with its own reason (签名人不在受信任名单：…) unless ``include_unsigned``, and named in the notes
  when included. A report with an error of its own file (``check``'s ``file.*`` errors: a published
  report's figure that could not be read or table not found, a signed workbook that no longer
  shows what was signed) is always refused: summed, the 汇总 would be short of what could not be
  read, or hold what its reader does not see. A single report is summed (a note says so: the 汇总
  is then a copy). A draft's cells its form does not have (saved by a newer program) cannot be
  summed: a note names each such report and the cells (the form's own cells are complete).
* :func:`create_consolidated_draft` writes the new draft with the sums, its record of the reports
  it includes (unit, file, signer, time, key and content fingerprints, signature state: file format
  7) and one history line naming them. The draft is a draft like any other: checked by the form's
  rules, submitted, signed off, exported.

How the sums are made:

* every numeric cell of an additive row and column is summed exactly (integers as integers, money
  as ``Decimal``: 0.1 + 0.2 is 0.3);
* a cell blank in every report stays blank (nobody reported it); a cell blank in some reports only
  is the sum of the filled ones, as if the blanks were 0, and is listed in ``partly_blank`` with
  how many reports left it blank, so the user can see what the sum rests on;
* text cells and the cells of rows or columns marked ``consolidate = false`` in the form file are
  never summed: they are named in ``not_summed`` and left blank for the user. None of the three
  national forms has such a row: every figure they ask for is a count or an amount of the unit's
  own (its applications, its staff, its fees), which add up over units;
* a sum over what a cell can hold (10^12) is a refusal, never a number cut short.

With last year's consolidated draft (``last_year``), the units it included that are missing now
are listed in ``missing_units``, and its figures become the new draft's last year (``prev()`` in
the form's checks, as a new draft made from last year's has).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path

from govreport_gui.core.capped_list import named, short_id
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.fields import MAX_FIELD_LENGTH
from govreport_gui.core.forms.formdef import FormDef, Severity
from govreport_gui.core.forms.values import (
    Kind,
    Value,
    ValueInputError,
    control_character_problem,
    parse_value,
    to_text,
)
from govreport_gui.core.ops.report_file import ReportFile, ReportFileError, read_report_file
from govreport_gui.core.readable_name import readable_name
from govreport_gui.core.store.consolidation_record import ConsolidatedSource
from govreport_gui.core.store.draft import Draft

NAMED = 10  # files named in one reason; the rest are counted
NOTE_NAMED = 50  # units named in one note (a city has hundreds); the rest are counted
TRUSTED = "VALID_TRUSTED"  # the only state summed without include_unsigned
NOT_SIGNED = ("UNSIGNED", "LEGACY")

Progress = Callable[[str], None]
# How a refusal tells the user to include unsigned reports, in each front-end.
INCLUDE_IN_WINDOW = "请勾选“包括未签发的报告”"
INCLUDE_ON_COMMAND_LINE = "请在命令行加 --include-unsigned"


class ConsolidationRefused(Exception):
    """Nothing was written; ``reasons`` are Chinese sentences, one per problem found."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        self.message = "不能汇总：\n" + "\n".join(f"  {r}" for r in self.reasons)
        super().__init__(self.message)


@dataclass(frozen=True)
class Consolidation:
    """The planned 汇总: what the new draft will hold, and what the user must look at."""

    form: FormDef
    fields: dict[str, str]  # unit (the name given) and year (the reports')
    values: dict[str, Value | None]  # every cell of the form (None: blank)
    sources: tuple[ConsolidatedSource, ...]  # the reports included, in the order given
    not_summed: tuple[str, ...] = ()  # cell ids left blank for the user (text, not additive)
    partly_blank: dict[str, int] = field(default_factory=dict)  # cell id → reports blank there
    missing_units: tuple[str, ...] = ()  # in last year's 汇总, not in this one
    previous: dict[str, Value] | None = None  # last year's figures (prev() in the checks)
    previous_source: str = ""  # the file they came from
    # The reports summed whose own figures break an error check of the form ("unit（file）"):
    # an error in the sums may come from them.
    with_errors: tuple[str, ...] = ()
    # The reports with cells their form does not have, left out of the sums ("unit（file：ids）").
    unknown_cells: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        return self.fields["unit"]

    @property
    def year(self) -> str:
        return self.fields["year"]

    @property
    def unsigned(self) -> tuple[ConsolidatedSource, ...]:
        """The reports included without a digital signature (only with include_unsigned)."""
        return tuple(s for s in self.sources if s.signature in NOT_SIGNED)

    @property
    def untrusted(self) -> tuple[ConsolidatedSource, ...]:
        """The reports included whose valid signature is by a signer not on the trusted list
        (only with include_unsigned)."""
        return tuple(s for s in self.sources if s.signature == "VALID_UNTRUSTED")

    def notes(self) -> list[str]:
        """What the user must know about the reports summed, one sentence each (the check of
        the sums and the cells are the front-ends' to show)."""
        found = []
        if len(self.sources) == 1:
            found.append(
                f"只有 1 份报告（{self.sources[0].unit}）：汇总草稿的数字就是这份报告的数字。"
            )
        if self.unsigned:
            found.append(
                f"以下 {len(self.unsigned)} 份报告没有数字签名，按要求一并汇总："
                + named_units([s.unit for s in self.unsigned])
            )
        if self.untrusted:
            found.append(
                f"以下 {len(self.untrusted)} 份报告的签名人不在受信任名单，按要求一并汇总："
                + named_units([f"{s.unit}（签名人 {s.signer}）" for s in self.untrusted])
            )
        if self.unknown_cells:
            found.append(
                f"以下 {len(self.unknown_cells)} 份报告中有本表单没有的单元格，其中的数值没有汇总"
                "（可能是更新版本的 govreport 保存的，请升级程序后再汇总，或向报送单位核实）："
                + named_units(list(self.unknown_cells))
            )
        return found

    def checker(self) -> Checker:
        """The form's checks over the sums, as the new draft will be checked."""
        return Checker(self.form, self.values, self.previous)

    def cell_names(self, cell_ids: Sequence[str]) -> list[str]:
        """Cells as a user reads them: 收到申请数, 予以公开（自然人）."""
        return [self.form.cell(c).label for c in cell_ids]

    @property
    def history_line(self) -> str:
        from govreport_gui.core.store.consolidation_record import history_text

        return history_text(self.sources)


def named_units(names: Sequence[str]) -> str:
    """甲局、乙局 …: the first :data:`NOTE_NAMED`, then 等 N 份."""
    more = f" 等 {len(names)} 份" if len(names) > NOTE_NAMED else ""
    return "、".join(names[:NOTE_NAMED]) + more


def unit_key(name: str) -> str:
    """A unit's name as compared: full-/half-width forms alike (NFKC), no spaces anywhere."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _names(reports: Sequence[ReportFile], shown: dict[int, str]) -> str:
    listed = [shown[id(r)] for r in reports[:NAMED]]
    more = f" 等 {len(reports)} 份" if len(reports) > len(listed) else ""
    return "、".join(listed) + more


def _shown_names(reports: Sequence[ReportFile]) -> dict[int, str]:
    """Each report's file as messages name it: its name, or its whole path where names repeat
    (each unit's folder holding a 年报.nianbao)."""
    counts: dict[str, int] = {}
    for r in reports:
        counts[r.name] = counts.get(r.name, 0) + 1
    return {id(r): readable_name(r.name if counts[r.name] == 1 else str(r.path)) for r in reports}


def plan_consolidation(
    reports: Sequence[ReportFile],
    unit: str,
    include_unsigned: bool,
    last_year: ReportFile | None = None,
    how: str = INCLUDE_IN_WINDOW,
) -> Consolidation:
    """Check ``reports`` and sum them into a :class:`Consolidation` for the unit ``unit``.

    Raises :class:`ConsolidationRefused` with every reason found (nothing is written here)."""
    shown = _shown_names(reports)
    reasons: list[str] = []
    name = unit.strip()
    if not reports:
        reasons.append("没有要汇总的报告：请至少选择一份报告。")
    reasons += _name_problems(name)
    reasons += _form_and_year_problems(reports, shown)
    reasons += _unit_problems(reports, shown)
    reasons += _signature_problems(reports, shown, include_unsigned, how)
    reasons += _file_problems(reports, shown)
    if reasons:
        raise ConsolidationRefused(reasons)
    form, year = reports[0].form, reports[0].year
    values, not_summed, partly_blank, too_big = _sums(form, reports)
    reasons += too_big
    missing: tuple[str, ...] = ()
    previous: dict[str, Value] | None = None
    if last_year is not None:
        last_reasons = _last_year_problems(last_year, name, year)
        reasons += last_reasons
        if not last_reasons:
            here = {unit_key(r.unit) for r in reports}
            missing = tuple(
                s.unit for s in last_year.consolidated_from if unit_key(s.unit) not in here
            )
            previous = {
                c: v for c, v in last_year.values.items() if v is not None and form.has_cell(c)
            }
    if reasons:
        raise ConsolidationRefused(reasons)
    return Consolidation(
        form=form,
        fields={"unit": name, "year": year},
        values=values,
        sources=tuple(_source(r) for r in reports),
        not_summed=tuple(not_summed),
        partly_blank=partly_blank,
        missing_units=missing,
        previous=previous or None,
        previous_source=str(last_year.path) if previous and last_year is not None else "",
        with_errors=tuple(
            f"{r.unit}（{shown[id(r)]}）" for r in reports if r.checker().summary().errors
        ),
        unknown_cells=tuple(
            f"{r.unit}（{shown[id(r)]}：{named([short_id(c) for c in r.unknown_cells], NAMED)}）"
            for r in reports
            if r.unknown_cells
        ),
    )


def _name_problems(name: str) -> list[str]:
    if not name:
        return ["没有填写汇总后的填报单位：请写上汇总报告的单位名称（如“某某县人民政府”）。"]
    problem = control_character_problem(name, "汇总后的填报单位")
    if problem:
        return [problem]
    if len(name) > MAX_FIELD_LENGTH:
        return [f"汇总后的填报单位名称太长（超过 {MAX_FIELD_LENGTH} 个字），请改短。"]
    return []


def _form_and_year_problems(reports: Sequence[ReportFile], shown: dict[int, str]) -> list[str]:
    reasons = []
    by_form: dict[str, list[ReportFile]] = {}
    for r in reports:
        by_form.setdefault(r.form.id, []).append(r)
    if len(by_form) > 1:
        parts = [
            f"{g[0].form.title}（{g[0].form.id}）：{_names(g, shown)}" for g in by_form.values()
        ]
        reasons.append(
            "报告使用了不同的表单，不能汇总在一起：" + "；".join(parts) + "。请只选同一表单的报告。"
        )
    no_year = [r for r in reports if not r.year]
    if no_year:
        reasons.append(
            f"以下报告没有填写年度，无法确认是哪一年的：{_names(no_year, shown)}。"
            "请让报送单位补上年度后重新报送。"
        )
    by_year: dict[str, list[ReportFile]] = {}
    for r in reports:
        if r.year:
            by_year.setdefault(r.year, []).append(r)
    if len(by_year) > 1:
        parts = [f"{y} 年度：{_names(g, shown)}" for y, g in sorted(by_year.items())]
        reasons.append(
            "报告的年度不同，不能汇总在一起：" + "；".join(parts) + "。请只选同一年度的报告。"
        )
    return reasons


def _unit_problems(reports: Sequence[ReportFile], shown: dict[int, str]) -> list[str]:
    reasons = []
    no_unit = [r for r in reports if not r.unit]
    if no_unit:
        reasons.append(
            f"以下报告没有填写填报单位，无法确认是哪个单位的：{_names(no_unit, shown)}。"
            "请让报送单位补上单位名称后重新报送。"
        )
    by_unit: dict[str, list[ReportFile]] = {}
    for r in reports:
        if r.unit:
            by_unit.setdefault(unit_key(r.unit), []).append(r)
    for group in by_unit.values():
        if len(group) > 1:
            reasons.append(
                f"同一单位“{group[0].unit}”有 {len(group)} 份报告：{_names(group, shown)}。"
                "每个单位只能汇总一份，请去掉多余的。"
            )
    return reasons


def _signature_state(report: ReportFile) -> str:
    return report.signature.status.name if report.signature is not None else "UNSIGNED"


def _signature_problems(
    reports: Sequence[ReportFile], shown: dict[int, str], include_unsigned: bool, how: str
) -> list[str]:
    """``how``: how the user includes unsigned reports (the command line's flag, the window's
    checkbox)."""
    reasons = []
    invalid = [r for r in reports if _signature_state(r) == "INVALID"]
    if invalid:
        details = "、".join(
            f"{shown[id(r)]}（{r.signature.reason if r.signature else ''}）".replace("（）", "")
            for r in invalid[:NAMED]
        )
        more = f" 等 {len(invalid)} 份" if len(invalid) > NAMED else ""
        reasons.append(
            f"以下报告签发后被改动（签名无效），不能汇总，选择包括未签发的报告也不行：{details}{more}。"
            "请向报送单位要一份重新签发的报告。"
        )
    unsigned = [r for r in reports if _signature_state(r) in ("UNSIGNED", "LEGACY")]
    if unsigned and not include_unsigned:
        reasons.append(
            f"以下报告没有签发（或只有旧版签发，没有数字签名），默认不汇总：{_names(unsigned, shown)}。"
            f"请等报送单位签发后再汇总；确需先汇总的，{how}。"
        )
    untrusted = [r for r in reports if _signature_state(r) == "VALID_UNTRUSTED"]
    if untrusted and not include_unsigned:
        details = "、".join(
            f"{shown[id(r)]}（签名人 {r.signature.reviewer if r.signature else ''}）"
            for r in untrusted[:NAMED]
        )
        more = f" 等 {len(untrusted)} 份" if len(untrusted) > NAMED else ""
        reasons.append(
            f"签名人不在受信任名单：{details}{more}。任何人都能生成签名密钥，"
            "这样的签名不能证明是报送单位的审核人签发的，默认不汇总。请先导入签名人的公钥"
            f"（受信任的审核人）；确需先汇总的，{how}。"
        )
    return reasons


def _file_problems(reports: Sequence[ReportFile], shown: dict[int, str]) -> list[str]:
    """A reason for each report with an error of its own file (a figure that could not be read,
    a table not found, a workbook not showing what was signed), whatever its signature: the 汇总
    would silently lack it, or sum what the report's reader does not see."""
    reasons = []
    for r in reports:
        errors = [p for p in r.file_problems if p.severity is Severity.ERROR]
        if not errors:
            continue
        more = f"（另有 {len(errors) - 1} 处错误）" if len(errors) > 1 else ""
        reasons.append(
            f"“{shown[id(r)]}”本身有错误，汇总会不完整，不能汇总（选择包括未签发的报告也不行）："
            f"{errors[0].message}{more}请向报送单位要一份改正后的报告。"
        )
    return reasons


def _sums(
    form: FormDef, reports: Sequence[ReportFile]
) -> tuple[dict[str, Value | None], list[str], dict[str, int], list[str]]:
    """Every cell's sum; the cells not summed; the partly blank ones; sums too big to hold."""
    values: dict[str, Value | None] = {}
    not_summed: list[str] = []
    partly_blank: dict[str, int] = {}
    too_big: list[str] = []
    for cell in form.cells:
        if not cell.additive:
            not_summed.append(cell.id)
            values[cell.id] = None
            continue
        filled = [v for r in reports if (v := r.values.get(cell.id)) is not None]
        if not filled:
            values[cell.id] = None
            continue
        if len(filled) < len(reports):
            partly_blank[cell.id] = len(reports) - len(filled)
        total = _exact_sum(cell.kind, filled)
        try:
            values[cell.id] = parse_value(cell.kind, to_text(total))
        except ValueInputError:
            values[cell.id] = None
            too_big.append(
                f"“{cell.label}”的合计 {to_text(total)} 超过了一个单元格能填的上限（1 万亿），"
                "无法汇总。请核对各报告中这一格的数字。"
            )
    return values, not_summed, partly_blank, too_big


def _exact_sum(kind: Kind, filled: Sequence[Value]) -> Value:
    if kind is Kind.MONEY:
        # Enough digits that no sum of 10^12-sized amounts with 6 places is ever rounded.
        with localcontext(prec=80):
            return sum((Decimal(str(v)) for v in filled), Decimal(0))
    return sum(int(v) for v in filled)


def _last_year_problems(last_year: ReportFile, name: str, year: str) -> list[str]:
    file = readable_name(last_year.name)
    if not last_year.consolidated_from:
        return [
            f"“{file}”不是汇总草稿（没有它所汇总的报告的记录），不能作为上一年度的汇总来对照。"
            "请选择上一年度用本程序汇总得到的草稿。"
        ]
    reasons = []
    if year.isdigit() and last_year.year != str(int(year) - 1):
        reasons.append(
            f"“{file}”是 {_year(last_year.year)}的汇总，不是上一年度（{int(year) - 1} 年度）的。"
        )
    if unit_key(last_year.unit) != unit_key(name):
        reasons.append(
            f"“{file}”是“{last_year.unit}”的汇总，不是“{name}”的。请选择同一单位上一年度的汇总草稿，"
            "或把汇总后的填报单位写成与它相同。"
        )
    return reasons


def _year(year: str) -> str:
    """2018 年度 (a year written 2018年 or 2018年度 not doubled); 未填年度."""
    if not year:
        return "未填年度"
    return year if year.endswith(("年度", "年")) else f"{year} 年度"


def _source(report: ReportFile) -> ConsolidatedSource:
    signature = report.signature
    state = _signature_state(report)
    signed = signature is not None and state != "UNSIGNED"
    return ConsolidatedSource(
        unit=report.unit,
        file=readable_name(report.name),
        signer=signature.reviewer if signed and signature is not None else "",
        signed_at=signature.at if signed and signature is not None else "",
        key_fingerprint=signature.key_fingerprint if signed and signature is not None else "",
        content_fingerprint=report.content_fingerprint if signed else "",
        signature=state,
    )


def create_consolidated_draft(path: Path, consolidation: Consolidation, user: str) -> None:
    """Write the new draft (refused when ``path`` exists; it appears complete or not at all).

    Raises :class:`~govreport_gui.core.store.draft.DraftError` when it cannot be written."""
    c = consolidation
    draft = Draft.create(
        path,
        c.form,
        user,
        fields=c.fields,
        values={k: v for k, v in c.values.items() if v is not None},
        previous=c.previous,
        previous_source=c.previous_source,
        consolidated_from=c.sources,
        # What the 汇总's notes said (unsigned or untrusted reports summed, cells left out): kept
        # with the draft, for whoever opens it later without the command's output.
        consolidation_note="；".join(note.removesuffix("。") for note in c.notes()),
    )
    draft.close()


def read_reports(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[list[ReportFile], list[str]]:
    """Every file read (in order), and a reason for each one that cannot be read."""
    from govreport_gui.core.oserror_text import cannot_read

    reports: list[ReportFile] = []
    reasons: list[str] = []
    for n, path in enumerate(paths, 1):
        if progress is not None:
            progress(f"正在读取第 {n}/{len(paths)} 份：{readable_name(path.name)}")
        try:
            reports.append(read_report_file(path))
        except ReportFileError as exc:
            one_line = " ".join(p.strip() for p in exc.message.splitlines() if p.strip())
            # The file by its name: the reader's message names its whole path already.
            reasons.append(f"无法读取“{readable_name(path.name)}”：{one_line}")
        except OSError as exc:
            reasons.append(cannot_read(exc, path))
    return reports, reasons


def read_last_year(path: Path) -> ReportFile:
    """Last year's consolidated draft; :class:`ConsolidationRefused` when it cannot be read."""
    from govreport_gui.core.oserror_text import cannot_read

    try:
        return read_report_file(path)
    except ReportFileError as exc:
        one_line = " ".join(p.strip() for p in exc.message.splitlines() if p.strip())
        raise ConsolidationRefused(
            [f"上一年度的汇总草稿无法读取“{readable_name(str(path))}”：{one_line}"]
        ) from exc
    except OSError as exc:
        raise ConsolidationRefused([f"上一年度的汇总草稿{cannot_read(exc, path)}"]) from exc


def plan_files(
    paths: Sequence[Path],
    unit: str,
    include_unsigned: bool,
    last_year_path: Path | None = None,
    progress: Progress | None = None,
    how: str = INCLUDE_IN_WINDOW,
    unlisted: Sequence[str] = (),
) -> Consolidation:
    """Read the files and plan: every unreadable file is one more reason to refuse, and so is each
    of ``unlisted`` (a folder that could not be looked into: why, its reports missing)."""
    reports, unreadable_files = read_reports(paths, progress)
    unreadable = [*unlisted, *unreadable_files]
    last_year = None
    reasons = list(unreadable)
    if last_year_path is not None:
        try:
            last_year = read_last_year(last_year_path)
        except ConsolidationRefused as exc:
            reasons += exc.reasons
    if progress is not None:
        progress(f"正在汇总 {len(reports)} 份报告…")
    try:
        planned = plan_consolidation(reports, unit, include_unsigned, last_year, how)
    except ConsolidationRefused as exc:
        if unreadable and not reports:  # "no reports" says nothing the unreadable ones did not
            exc.reasons = [r for r in exc.reasons if not r.startswith("没有要汇总的报告")]
        raise ConsolidationRefused(reasons + exc.reasons) from exc
    if reasons:
        raise ConsolidationRefused(reasons)
    return planned


def consolidate_files(
    paths: Sequence[Path],
    out: Path,
    unit: str,
    user: str,
    include_unsigned: bool = False,
    last_year_path: Path | None = None,
    progress: Progress | None = None,
    how: str = INCLUDE_ON_COMMAND_LINE,
    unlisted: Sequence[str] = (),
) -> Consolidation:
    """Read, plan and write in one go (the command line): :class:`ConsolidationRefused` with every
    reason, or the :class:`Consolidation` written to ``out``. ``unlisted``: see :func:`plan_files`."""
    if out.exists():  # before reading hundreds of files
        raise ConsolidationRefused(
            [f"文件已存在，不会覆盖：{readable_name(str(out))}。请换一个文件名。"]
        )
    planned = plan_files(paths, unit, include_unsigned, last_year_path, progress, how, unlisted)
    create_consolidated_draft(out, planned, user)
    return planned
