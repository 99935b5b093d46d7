"""Checking an exported workbook against its sign-off: has anything been changed since?

The fingerprint is recomputed from what the workbook shows: the figures (read back with the same
label matching as :mod:`~govreport_gui.core.layout.import_xlsx`) and the fields of the header and footer
lines. It is compared with the fingerprint printed in the workbook (its document properties and the
sign-off line under the table), and with the draft's sign-off when a draft is given. With the draft
every changed figure is named (label, value in the workbook, value in the draft); without it the
result says that something differs and which fields or rows are missing.

A figure stored as a text cell (``"12"``, ``"１２"``) is a mismatch even when its number is the
same: exports write every figure as a number, so such a cell was typed in afterwards.

The figures are not all a reader sees: an extra row, a hidden row, a number format that shows 4 for
3, white text or a changed sign-off line leave them as signed. So the workbook the signed content
would produce (the exporter run again on the figures and fields read back, with the sign-off of the
document properties) is made in memory and compared with the file as a reader sees it
(:mod:`~govreport_gui.core.layout.workbook_view`): every difference is named and makes a mismatch.
The sheets are matched by title, so their order does not count.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.forms.fingerprint import fingerprint, short
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import UnknownFormError, get_form
from govreport_gui.core.forms.values import Value, format_number
from govreport_gui.core.layout.export_xlsx import build_workbook, sheet_titles
from govreport_gui.core.layout.import_xlsx import (
    DAMAGED_ZIP_DATA,
    ImportResult,
    WorkbookContent,
    XlsxImportError,
    read_tables,
    read_workbook,
)
from govreport_gui.core.layout.report import (
    PROP_CONTENT_VERSION,
    PROP_DIGESTS,
    PROP_EXPORT,
    PROP_FINGERPRINT,
    PROP_FORM,
    PROP_FORM_DEFINITION,
    PROP_KEY_FINGERPRINT,
    PROP_PUBLIC_KEY,
    PROP_REVIEWER,
    PROP_SIGNATURE,
    PROP_SIGNED_AT,
    PROP_VERSION,
    SIGNED_STATUS,
    SIGNOFF_PREFIX,
    ReportData,
    SignOffInfo,
    title_text,
)
from govreport_gui.core.layout.workbook_view import (
    WorkbookLook,
    WorkbookTooLarge,
    compare_looks,
    look_of_bytes,
    look_of_file,
)
from govreport_gui.core.ops.signature import SignatureCheck, SignatureStatus
from govreport_gui.core.ops.snapshot import as_report_data
from govreport_gui.core.ops.workbook_signature import text_note, workbook_signature

MATCH = "match"
MISMATCH = "mismatch"
# The content matches its fingerprint, but the workbook carries no signature (exported before
# signatures): nothing proves who signed, so it does not pass (exit 1), nor is it “changed”.
LEGACY = "legacy"
LEGACY_HEADLINE = "旧版签发（无数字签名）：内容与指纹一致，但无法证明签发人"

_HEX64 = re.compile(r"(?<![0-9a-fA-F])([0-9a-fA-F]{64})(?![0-9a-fA-F])")


class VerifyError(Exception):
    """The workbook cannot be checked at all (not a workbook, no form, nothing to compare with)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class VerifyResult:
    status: str  # MATCH or MISMATCH
    form_id: str
    computed: str  # fingerprint of what the workbook shows
    printed: str | None  # fingerprint the workbook states (sign-off line / properties)
    reviewer: str = ""
    signed_at: str = ""
    draft_fingerprint: str | None = None  # the draft's sign-off (None: no draft, or not signed)
    changes: list[str] = field(default_factory=list)  # named differences from the draft
    missing: list[str] = field(default_factory=list)  # fields / rows the workbook lacks
    # what a reader sees that the signed content would not show (extra rows, hidden text …)
    reader_changes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # the findings, in Chinese
    # The digital signature embedded in the workbook (None: not checked, e.g. another form), and
    # with a draft, the draft's own signature status text and why it is invalid.
    signature: SignatureCheck | None = None
    draft_signature: str = ""
    draft_signature_problem: str = ""

    @property
    def ok(self) -> bool:
        """Nothing differs and, for a signed workbook, a valid signature proves who signed."""
        return self.status == MATCH

    @property
    def headline(self) -> str:
        """The verdict in a word or a sentence: 一致, 不一致, or the legacy sentence."""
        if self.status == LEGACY:
            return LEGACY_HEADLINE
        return "一致" if self.ok else "不一致"

    @property
    def signature_line(self) -> str:
        """``签名：签名有效，签名人受信任（签名密钥 3F2A 9C01 77BE 0D45，密钥属于：沈涛）``."""
        check = self.signature
        if check is None:
            return ""
        text = f"签名：{check.status.value}"
        extra = [f"签名密钥 {check.key_fingerprint}"] if check.key_fingerprint else []
        if check.trusted_name:
            extra.append(f"密钥属于：{check.trusted_name}")
        if extra:
            text += f"（{'，'.join(extra)}）"
        if check.reason:
            text += f"——{check.reason}"
        return text


def _form_for(properties: dict[str, str], draft: ReportData | None) -> FormDef:
    stated = properties.get(PROP_FORM)
    if stated:
        try:
            return get_form(stated)
        except UnknownFormError:
            if draft is None:
                raise VerifyError(
                    f"工作簿使用的表单“{stated}”本程序不认识，可能需要更新 govreport。"
                ) from None
    if draft is not None:
        return draft.form
    raise VerifyError(
        "工作簿中没有表单标识（不是本程序导出的文件？），无法核对。可用 --draft 指定对应的草稿。"
    )


def verify_xlsx(
    path: str | Path, draft: Any = None, content: WorkbookContent | None = None
) -> VerifyResult:
    """Recompute the fingerprint of ``path`` and compare; ``draft``: a Draft (or ReportData);
    ``content``: the workbook's content as :func:`read_workbook` read it already (``check``
    reads the figures first: not read twice), else read here.

    Raises :class:`VerifyError` when the file cannot be checked at all.
    """
    path = Path(path)
    expected = as_report_data(draft) if draft is not None else None
    if content is None:
        try:
            content = read_workbook(path)
        except XlsxImportError as exc:
            raise VerifyError("\n".join(exc.problems)) from exc
    props = content.properties
    form = _form_for(props, expected)
    missing: list[str] = []
    changes: list[str] = []
    if expected is not None and expected.form.id != form.id:
        return VerifyResult(
            MISMATCH,
            form.id,
            "",
            props.get(PROP_FINGERPRINT),
            messages=[
                f"工作簿是表单“{form.id}”的，草稿是表单“{expected.form.id}”的，两者不是同一份报表。"
            ],
        )
    # The sheets are read in the order of an export, whatever order the workbook has them in.
    order = {title: index for index, title in enumerate(sheet_titles(form))}
    # A copy: the caller's content stays as it was read.
    content = replace(
        content, sheets=sorted(content.sheets, key=lambda sheet: order.get(sheet.name, len(order)))
    )
    try:
        result = read_tables(content, form)
    except XlsxImportError as exc:
        return VerifyResult(
            MISMATCH,
            form.id,
            "",
            props.get(PROP_FINGERPRINT),
            messages=["工作簿中的统计表无法按原样读出，内容已被改动：", *exc.problems],
        )
    values: dict[str, Value | None] = {c.id: result.values.get(c.id) for c in form.cells}
    fields = {f.key: result.fields.get(f.key, "") for f in form.fields}
    computed = fingerprint(form, fields, values)
    for f in form.fields:
        if f.key not in result.fields:
            missing.append(f"字段“{f.print_label}”")
    labels = {(t.id, r.id): r.label for t in form.tables for r in t.rows}
    missing.extend(f"行“{labels[m]}”" for m in result.missing_rows)

    line_prints = {
        m.group(1).lower() for text in result.signoff_lines for m in _HEX64.finditer(text)
    }
    prop_print = (props.get(PROP_FINGERPRINT) or "").lower() or None
    problems: list[str] = []  # why it does not match
    notes: list[str] = []  # worth knowing either way
    printed: str | None = None
    if len(line_prints) > 1:
        problems.append("签发行中写有多个不同的指纹。")
    elif line_prints:
        printed = next(iter(line_prints))
    if prop_print and printed and prop_print != printed:
        problems.append(
            f"文档属性中的指纹（{short(prop_print)}）与表下签发行中的指纹（{short(printed)}）不一致。"
        )
    printed = printed or prop_print
    if printed is None and expected is None:
        raise VerifyError(
            "工作簿中没有签发指纹（草稿导出或手工制作的表？），无法核对。可用 --draft 与草稿比较。"
        )
    stated_definition = props.get(PROP_FORM_DEFINITION)
    if stated_definition and stated_definition != form.fingerprint:
        notes.append("导出时使用的表单定义与本程序中的不同（程序版本不同？），指纹可能因此不符。")
    draft_print: str | None = None
    if expected is not None and expected.signoff is not None:
        draft_print = expected.signoff.fingerprint
    # The content is what was signed, but the fingerprint written on the workbook is another one:
    # the written fingerprint was altered (not a figure or a field).
    print_altered = (
        printed is not None
        and computed != printed
        and computed in {p for p in (prop_print, draft_print) if p is not None}
    )
    content_changed = False
    if print_altered and printed is not None:
        where = "表下签发行中" if printed in line_prints else "文档属性中"
        problems.append(
            f"{where}写明的签发指纹（{short(printed)}）被改动过：工作簿的数字和字段与签发时的一致"
            f"（{short(computed)}），但写明的指纹不是这个。"
        )
    elif printed is not None and computed != printed:
        content_changed = True
        problems.append(
            f"内容与签发指纹不符：签发时为 {short(printed)}，按工作簿现在的内容算得 {short(computed)}。"
        )
    if expected is not None:
        changes = _differences(form, values, fields, result.fields, expected)
        target = draft_print or expected.fingerprint
        if computed != target:
            content_changed = True
            problems.append(
                f"内容与草稿的签发指纹（{short(draft_print)}）不符。"
                if draft_print
                else "内容与草稿当前的内容不同。"
            )
        if (
            printed is not None
            and draft_print is not None
            and printed != draft_print
            and not print_altered
        ):
            problems.append(
                f"工作簿写明的签发指纹（{short(printed)}）不是草稿当前的签发（{short(draft_print)}）："
                "可能是旧的导出文件。"
            )
    signature = workbook_signature(props, form, fields, values, result.signoff_lines)
    if signature.invalid:
        problems.append(f"签名无效：{signature.reason}。")
    elif signature.valid and text_note(props.get(PROP_CONTENT_VERSION)):
        notes.append(text_note(props.get(PROP_CONTENT_VERSION)))
    if expected is not None and expected.signature_problem:
        problems.append(f"草稿的签名无效：{expected.signature_problem}。")
    text_problems = [t.describe() for t in result.text_figures]
    reader_changes, reader_notes = _reader_changes(
        path, form, values, fields, result, props, prop_print or printed, expected
    )
    # Figures under a merged range are not seen: named first, from the table's reading (it also
    # sees a merge that the look's reading drops, as in a second <mergeCells> that openpyxl
    # ignores and another spreadsheet program applies).
    reader_changes = [f"{b.description}。" for b in result.hidden_figures] + reader_changes
    notes.extend(reader_notes)
    exported_by = props.get(PROP_VERSION, "")
    if reader_changes and exported_by and exported_by != __version__:
        notes.append(
            f"工作簿由 govreport {exported_by} 导出，本程序是 {__version__}："
            "两个版本的版式若有不同，上面的差异可能由此而来。"
        )
    ok = not problems and not text_problems and not reader_changes
    unsigned_draft = expected is not None and draft_print is None
    if ok:
        if unsigned_draft and printed is not None:
            first = (
                f"工作簿的内容与其上写明的签发指纹一致（{short(printed)}），"
                "也与草稿当前内容一致（草稿尚未签发）。"
            )
        elif unsigned_draft:
            first = "工作簿的内容与草稿当前内容一致（草稿尚未签发）。"
        else:
            first = f"内容与签发指纹一致（{short(printed or draft_print or computed)}）。"
        messages = [first, *notes]
    else:
        messages = [*problems]
        if text_problems:
            messages.append("本程序导出的数字都是数值格，以下数字却是文字，文件已被改动：")
            messages.extend(text_problems)
        if reader_changes:
            messages.append("打开工作簿看到的内容与签发的内容导出的不同，文件已被改动：")
            messages.extend(reader_changes)
        if expected is None and content_changed:
            messages.append(
                "表中至少有一个数字或表头表尾的字段被改动，或写明的签发指纹被改写"
                "（指定 --draft 可逐项列出）。"
            )
        if missing:
            messages.append("工作簿中缺少：" + "、".join(missing))
        if unsigned_draft:
            notes.append("草稿尚未签发，只与草稿当前的内容比较。")
        messages.extend(notes)
    status = MATCH if ok else MISMATCH
    if ok and signature.status is SignatureStatus.LEGACY:
        status = LEGACY
        messages = [
            f"内容指纹 {short(printed or computed)} 与内容一致，但工作簿没有数字签名"
            "（签名功能之前导出的文件）：谁都能写出这样的指纹。请签发人撤销签发、重新签发后再导出。",
            *notes,
        ]
    return VerifyResult(
        status,
        form.id,
        computed,
        printed,
        reviewer=props.get(PROP_REVIEWER, ""),
        signed_at=props.get(PROP_SIGNED_AT, ""),
        draft_fingerprint=draft_print,
        changes=changes,
        missing=missing,
        reader_changes=reader_changes,
        messages=messages,
        signature=signature,
        draft_signature=expected.signature_status if expected is not None else "",
        draft_signature_problem=expected.signature_problem if expected is not None else "",
    )


# The signature's parts as the exporter writes them to the document properties: the sign-off line
# prints the key's fingerprint, so the workbook drawn again needs them to look the same.
_SIGNATURE_PROPS = {
    "content_version": PROP_CONTENT_VERSION,
    "digests": PROP_DIGESTS,
    "signature": PROP_SIGNATURE,
    "public_key": PROP_PUBLIC_KEY,
    "key_fingerprint": PROP_KEY_FINGERPRINT,
}


def _signed_report(
    form: FormDef,
    values: dict[str, Value | None],
    fields: dict[str, str],
    props: dict[str, str],
    signed_print: str | None,
    expected: ReportData | None,
) -> tuple[ReportData, bool]:
    """The report the workbook claims to be an export of, and whether it is a draft export.

    Figures and fields are the ones read back (their changes are named by the fingerprint check);
    the sign-off is the one of the document properties, else the draft's. The exporter draws the
    sign-off lines from this, so a change to what they print follows here by itself; when
    :class:`SignOffInfo` gains a field that the lines print (a key's fingerprint), fill it here
    from the document properties the exporter writes it to, or every signed workbook differs.
    """
    draft_signoff = expected.signoff if expected is not None else None
    draft_mode = props.get(PROP_EXPORT) == "draft" or not (
        signed_print or (draft_signoff.fingerprint if draft_signoff else None)
    )
    signoff = None
    if not draft_mode:
        signoff = SignOffInfo(
            reviewer=props.get(PROP_REVIEWER) or (draft_signoff.reviewer if draft_signoff else ""),
            at=props.get(PROP_SIGNED_AT) or (draft_signoff.at if draft_signoff else ""),
            fingerprint=signed_print or (draft_signoff.fingerprint if draft_signoff else ""),
            **{
                name: props.get(prop) or (getattr(draft_signoff, name) if draft_signoff else "")
                for name, prop in _SIGNATURE_PROPS.items()
            },
        )
    data = ReportData(
        form=form,
        fields=dict(fields),
        values={k: v for k, v in values.items() if v is not None},
        status=SIGNED_STATUS if signoff is not None else "filling",
        signoff=signoff,
    )
    return data, draft_mode


def _reader_changes(
    path: Path,
    form: FormDef,
    values: dict[str, Value | None],
    fields: dict[str, str],
    result: ImportResult,
    props: dict[str, str],
    signed_print: str | None,
    expected: ReportData | None,
) -> tuple[list[str], list[str]]:
    """What a reader of ``path`` sees that an export of the signed content would not show, and
    notes worth knowing (a signing time shown in another time zone)."""
    data, draft_mode = _signed_report(form, values, fields, props, signed_print, expected)
    try:
        buffer = io.BytesIO()
        build_workbook(data, draft_mode).save(buffer)
        wanted = look_of_bytes(buffer.getvalue())
    except Exception as exc:  # the figures read back cannot be drawn again: not an export of ours
        return [f"无法按工作簿中的内容重新生成统计表以核对显示内容（{type(exc).__name__}）。"], []
    try:
        seen = look_of_file(path)
    except WorkbookTooLarge as exc:
        return [f"工作簿中的“{exc}”远大于本程序导出的统计表，不是原样的导出文件。"], []
    except DAMAGED_ZIP_DATA:  # a part the figures' reading did not need (a picture) is broken
        return ["工作簿已损坏（有的部分压缩数据有误），无法核对读者看到的内容。"], []
    except Exception as exc:  # openpyxl raises many kinds for a crafted file
        return [f"无法读出工作簿的格式（{type(exc).__name__}），无法核对读者看到的内容。"], []
    ignore = [(t.sheet, t.cell) for t in result.text_figures]
    # Exports before the titles followed each form printed “政府信息公开工作年度报告（2021年度）”
    # (the importer still reads it): the same content, so not a change.
    legacy_title = f"{form.title}（{data.year}年度）" if data.year else ""
    equivalents = {legacy_title: title_text(data)} if legacy_title else {}
    elsewhere, notes = _signing_time_elsewhere(seen, data)
    equivalents.update(elsewhere)
    return compare_looks(wanted, seen, ignore, equivalents), notes


_SHOWN_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def _signing_time_elsewhere(
    seen: WorkbookLook, data: ReportData
) -> tuple[dict[str, str], list[str]]:
    """Sign-off lines that show the signing time in another time zone than this computer's.

    The line prints the time in the exporting computer's zone; checked elsewhere, the same instant
    reads otherwise. A time that is the signed instant in a real zone (UTC−12 to UTC+14, in
    quarter hours) reads as this computer's rendering of it, and a note says so.
    """
    if data.signoff is None:
        return {}, []
    try:
        signed = dt.datetime.fromisoformat(data.signoff.at)
    except ValueError:
        return {}, []
    if signed.tzinfo is None:
        return {}, []
    utc = signed.astimezone(dt.UTC).replace(tzinfo=None)
    here = data.signoff.local_time
    equivalents: dict[str, str] = {}
    notes: list[str] = []
    for sheet in seen.sheets:
        for cell in sheet.cells.values():
            line = cell.value
            if not isinstance(line, str) or not line.startswith(SIGNOFF_PREFIX):
                continue
            match = _SHOWN_TIME.search(line)
            if match is None or match.group(0) == here:
                continue
            try:
                shown = dt.datetime.strptime(match.group(0), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            minutes = (shown - utc).total_seconds() / 60
            if minutes % 15 or not -12 * 60 <= minutes <= 14 * 60:
                continue
            equivalents[line] = line.replace(match.group(0), here, 1)
            sign = "+" if minutes >= 0 else "−"
            zone = f"UTC{sign}{int(abs(minutes)) // 60:02d}:{int(abs(minutes)) % 60:02d}"
            notes.append(
                f"签发行中的签发时间 {match.group(0)} 是按 {zone} 时区显示的（导出时所在电脑的时区），"
                f"与本机显示的 {here} 是同一时刻。"
            )
    return equivalents, notes


def _differences(
    form: FormDef,
    values: dict[str, Value | None],
    fields: dict[str, str],
    found_fields: dict[str, str],
    expected: ReportData,
) -> list[str]:
    changes: list[str] = []
    for f in form.fields:
        mine = fields.get(f.key, "")
        theirs = expected.fields.get(f.key, "")
        if mine != theirs:
            shown = mine if f.key in found_fields else "（没有找到）"
            changes.append(f"{f.print_label}：工作簿中为“{shown}”，草稿中为“{theirs}”")
    for cell in form.cells:
        mine_value = values.get(cell.id)
        theirs_value = expected.values.get(cell.id)
        if mine_value != theirs_value:
            changes.append(
                f"{cell.label}：工作簿中为 {format_number(_num(mine_value))}，"
                f"草稿中为 {format_number(_num(theirs_value))}"
            )
    return changes


def _num(value: Value | None) -> Any:
    return None if value is None or isinstance(value, str) else value
