"""The plain snapshot of a report that every writer works on, and the texts printed around the table.

A writer never reads a draft or its review state: :mod:`govreport_gui.core.ops.snapshot` copies what
an export needs out of an open draft into a :class:`ReportData` (form, fields, values, status and its
name, sign-off, fingerprint), and the Excel and PDF writers, the print preview and ``verify`` work on
that. This module imports nothing of ``core/store`` or ``core/ops``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govreport_gui.core.filenames import report_stem, safe_part
from govreport_gui.core.forms.fingerprint import fingerprint as compute_fingerprint
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import FieldDef, FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.timefmt import format_time

TYPE_CHECKING = False  # typing's, without importing typing at run time (see forms/record.py)
if TYPE_CHECKING:
    from govreport_gui.core.report.model import ReportText

DRAFT_MARK = "草稿（未签发）"
SIGNOFF_PREFIX = "签发："
DRAFT_NOTE = "草稿（未签发）：本文件未经审核签发，不能作为正式报送材料。"
FIELD_SEPARATOR = "　　　　"
PAGE_FOOTER = "第 &P 页 共 &N 页"

# The stored status of a signed-off draft (store.draft.SIGNED; a test keeps the two equal). The
# layout compares with it rather than importing the file layer.
SIGNED_STATUS = "signed"

# Custom document properties of an exported workbook.
PROP_FORM = "govreport.form"
PROP_FORM_DEFINITION = "govreport.form_definition"
PROP_FINGERPRINT = "govreport.fingerprint"
PROP_REVIEWER = "govreport.reviewer"
PROP_SIGNED_AT = "govreport.signed_at"
PROP_STATUS = "govreport.status"
PROP_EXPORT = "govreport.export"  # "final" or "draft"
PROP_VERSION = "govreport.version"
# The digital signature of the sign-off (issue 13): enough to check it without the draft.
PROP_CONTENT_VERSION = "govreport.content_version"
PROP_DIGESTS = "govreport.digests"
PROP_SIGNATURE = "govreport.signature"
PROP_PUBLIC_KEY = "govreport.public_key"
PROP_KEY_FINGERPRINT = "govreport.key_fingerprint"
SIGNATURE_INVALID = (
    "签发后被改动（签名无效）"  # signature.SignatureStatus.INVALID (a test keeps them equal)
)
SIGNATURE_LEGACY = (
    "旧版签发（无数字签名）"  # signature.SignatureStatus.LEGACY (a test keeps them equal)
)
# A legacy sign-off is a fingerprint anyone with sqlite3 can write (issue 13): it is no proof of
# who signed, so it may not go out as a final document.
LEGACY_REFUSAL = (
    f"{SIGNATURE_LEGACY}，不能证明签发人：请撤销签发后重新提交、签发，再导出正式文件"
    "（仍可导出草稿）。"
)

MONEY_FORMAT = "0.00####"
COUNT_FORMAT = "0"
MAX_EXACT_DIGITS = 15  # significant digits a spreadsheet number holds exactly


class ExportError(Exception):
    """An export that could not be written; ``message`` is a Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExportRefused(ExportError):
    """The report may not be exported as a final document (not signed off, changed since)."""


# ---------------------------------------------------------------------------------------------
# The plain data an export is made from


@dataclass(frozen=True)
class SignOffInfo:
    reviewer: str
    at: str  # ISO 8601, UTC
    fingerprint: str
    # The digital signature as stored ('' for a legacy, fingerprint-only sign-off).
    content_version: str = ""
    digests: str = ""  # JSON text of the part digests
    signature: str = ""  # Ed25519, base64
    public_key: str = ""  # raw public key, base64
    key_fingerprint: str = ""  # the public key's short fingerprint

    @property
    def local_time(self) -> str:
        return format_time(self.at)


@dataclass(frozen=True)
class ReportData:
    form: FormDef
    fields: Mapping[str, str]
    values: Mapping[str, Value]
    status: str = "filling"  # the draft's status as stored (see store.draft: FILLING, SIGNED …)
    signoff: SignOffInfo | None = None
    fingerprint: str = ""  # of fields and values; computed when left empty
    source: str = ""  # where it came from (the draft's file name), for messages
    form_changed: bool = False  # the form definition differs from the one the draft was made with
    # Why the draft's form is another than the one it was made with ('' when it is not), set by
    # ops.snapshot: a file whose form was switched, not a form whose definition was updated.
    form_switched: str = ""
    status_name: str = ""  # the status as the user reads it (填报中, 已签发); set by ops.snapshot
    # The signature check of ops.signature, made by ops.snapshot: its text, and why it is invalid
    # ('' when the signature holds, the sign-off is legacy, or nobody checked).
    signature_status: str = ""
    signature_problem: str = ""
    # The whole report's text (issue 16) for the Word, report PDF and web page exports, made by
    # ops.report_export.report_of with the snapshot; None where nobody made it (the table
    # exports do not read it).
    report: ReportText | None = None

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(
                self, "fingerprint", compute_fingerprint(self.form, self.fields, self.values)
            )

    @property
    def year(self) -> str:
        for f in self.form.fields:
            if f.kind == "year":
                return self.fields.get(f.key, "")
        return ""

    @property
    def unit(self) -> str:
        return self.fields.get("unit", "")


def refusal_reason(data: ReportData, offer_draft: bool = True) -> str | None:
    """Why ``data`` may not be exported as a final (signed-off) document, or None.
    ``offer_draft``: an unsigned report's reason ends by pointing to the draft export (a front-end
    that offers the draft itself asks without it)."""
    if data.status != SIGNED_STATUS:
        name = data.status_name or data.status
        reason = f"只有已签发的报表才能导出正式文件（当前状态：{name}）。"
        if offer_draft:
            reason += "如只需查看或打印核对，可导出草稿（标有“草稿（未签发）”）。"
        return reason
    if data.signoff is None:
        return "报表标为已签发，但找不到有效的签发记录，不能导出正式文件。"
    if data.signoff.fingerprint != data.fingerprint and data.form_switched:
        return (
            f"{data.form_switched}，签发时的内容指纹已不再适用，不能导出正式文件。"
            "请找回签发时的原文件，或撤销签发、核对后重新审核签发。"
        )
    if data.signoff.fingerprint != data.fingerprint and data.form_changed:
        return (
            "签发之后本程序的表单定义有了更新，签发时的内容指纹已不再适用，不能导出正式文件。"
            "请撤销签发、核对后重新审核签发。"
        )
    if data.signoff.fingerprint != data.fingerprint:
        return (
            f"签发后报表内容已变（签发时指纹 {short(data.signoff.fingerprint)}，"
            f"现在 {short(data.fingerprint)}），不能导出正式文件。请重新审核签发。"
        )
    if data.signature_problem:
        return (
            f"{SIGNATURE_INVALID}：{data.signature_problem}。不能导出正式文件；"
            "请撤销签发、核对后重新审核签发（仍可导出草稿）。"
        )
    if data.signature_status == SIGNATURE_LEGACY:
        return LEGACY_REFUSAL
    return None


def check_exportable(data: ReportData, draft_mode: bool) -> None:
    if draft_mode:
        return
    reason = refusal_reason(data)
    if reason:
        raise ExportRefused(reason)


# ---------------------------------------------------------------------------------------------
# Texts shared by the Excel and PDF documents


def title_text(data: ReportData) -> str:
    return data.form.title_for_year(data.year or None, data.unit)


def header_fields(form: FormDef) -> list[FieldDef]:
    """Header fields printed on the 填报单位 line (the year is in the title)."""
    return [f for f in form.fields if f.place == "header" and f.kind != "year"]


def footer_fields(form: FormDef) -> list[FieldDef]:
    return [f for f in form.fields if f.place == "footer"]


def printed_footer_fields(data: ReportData) -> list[FieldDef]:
    """The footer fields printed: all of them where the form has a footer to sign (2014), only
    the filled ones where it has none (2019/2021: ``print_blank = false`` in the form file)."""
    return [
        f for f in footer_fields(data.form) if f.print_blank or data.fields.get(f.key, "").strip()
    ]


def field_text(f: FieldDef, data: ReportData) -> str:
    return f"{f.print_label}：{data.fields.get(f.key, '')}"


def header_lines(data: ReportData) -> list[str]:
    fields = header_fields(data.form)
    return [FIELD_SEPARATOR.join(field_text(f, data) for f in fields)] if fields else []


def footer_lines(data: ReportData) -> list[str]:
    """As on paper: 单位负责人 / 审核人 / 填报人 on one line, 联系电话 / 填报日期 on the next."""
    fields = printed_footer_fields(data)
    return [
        FIELD_SEPARATOR.join(field_text(f, data) for f in fields[i : i + 3])
        for i in range(0, len(fields), 3)
    ]


def signoff_lines(data: ReportData, draft_mode: bool) -> list[str]:
    if draft_mode or data.signoff is None:
        return [DRAFT_NOTE]
    s = data.signoff
    # The signing key's short fingerprint goes on the first line, which has room: a line of its
    # own would push the 2014 table onto a third page, and the importer knows the sign-off lines
    # by their heads (签发：, 完整指纹).
    key = f"　签名密钥：{s.key_fingerprint}" if s.key_fingerprint else ""
    return [
        f"{SIGNOFF_PREFIX}{s.reviewer}　签发时间：{s.local_time}　内容指纹：{short(s.fingerprint)}{key}",
        f"完整指纹（SHA-256）：{s.fingerprint}",
    ]


def safe_filename(text: str) -> str:
    return safe_part(text)


def default_basename(data: ReportData, tail: str = "") -> str:
    """``<填报单位>_<年度>年度_<表名><tail>`` (without suffix), short enough for any file system
    with ``.xlsx`` or ``.pdf`` appended (a long unit is shortened, see :mod:`.filenames`)."""
    unit = data.unit or "未填单位"
    year = data.year or "未填"
    return report_stem(unit, year, data.form.title, tail, room=len(b".xlsx"))
