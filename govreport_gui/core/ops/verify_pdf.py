"""Checking an exported PDF against its draft: is it the PDF the signed content makes?

A PDF is not read back as the workbook is: its text is laid out in glyphs, and parsing a hostile
PDF is a risk of its own. The export is deterministic instead (a signed export carries no clock:
``core/layout/export_pdf.py``), so the PDF that the draft's signed content produces is drawn again
in memory with the code the export uses, and the two are compared byte for byte. Nothing is parsed
out of the file but its first bytes (is it a PDF?) and, to explain a difference, the version of
govreport that wrote it and the fingerprint it states, looked up with bounded patterns.

The draft is needed: without it there is nothing to draw the PDF from.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.layout.import_xlsx import MAX_FILE_BYTES
from govreport_gui.core.layout.pdf_content import (
    INFO_KEY,
    MAX_CONTENT,
    ContentError,
    read_content,
)
from govreport_gui.core.layout.report import (
    PROP_CONTENT_VERSION,
    PROP_DIGESTS,
    PROP_FINGERPRINT,
    PROP_FORM,
    PROP_FORM_DEFINITION,
    PROP_KEY_FINGERPRINT,
    PROP_PUBLIC_KEY,
    PROP_REVIEWER,
    PROP_SIGNATURE,
    PROP_SIGNED_AT,
    ReportData,
    refusal_reason,
)
from govreport_gui.core.ops.signature import SignatureCheck, SignatureStatus, signature_status
from govreport_gui.core.ops.snapshot import as_report_data
from govreport_gui.core.ops.verify import (
    LEGACY,
    MATCH,
    MISMATCH,
    VerifyError,
    VerifyResult,
)
from govreport_gui.core.ops.workbook_signature import text_note, workbook_signature
from govreport_gui.core.regular_file import (
    FileTooLargeError,
    UnreadableFileError,
    read_head,
    read_limited,
    size_problem,
)

NEEDS_DRAFT = (
    "PDF 要与它的草稿核对：本程序按草稿中签发的内容重新生成 PDF，再逐字节比较。"
    "请用 --draft 给出草稿，如 govreport verify 报表.pdf --draft 报表.nianbao"
)
# What the export writes into the PDF's information dictionary (export_pdf._build).
_CREATOR = re.compile(rb"/Creator \(govreport ([0-9A-Za-z.+\-]{1,40})\)")
_CONTENT = re.compile(rb"/" + INFO_KEY.encode() + rb" \(([A-Za-z0-9+/=]{1,%d})\)" % MAX_CONTENT)
_FINGERPRINT = re.compile(rb"/Keywords \(govreport form=[^ )]{1,80} fingerprint=([0-9a-f]{64})")


# What core/layout/report_pdf.py writes into a whole-report PDF's keywords.
REPORT_PDF_MARK = b"/Keywords (govreport report "


def _read_pdf(path: Path) -> bytes:
    """The file's bytes, once it is a plain file of at most the workbook's size cap starting as a
    PDF does; VerifyError (exit 2) otherwise."""
    try:
        size, head = read_head(path, 5, " PDF 文件")
    except UnreadableFileError as exc:
        raise VerifyError(exc.message) from None
    problem = size_problem(size, MAX_FILE_BYTES, path, "本程序导出的报表")
    if problem:
        raise VerifyError(problem)
    if head != b"%PDF-":
        raise VerifyError(f"这不是 PDF 文件（文件开头不是 %PDF-），无法核对：{path}")
    try:
        content = read_limited(path, MAX_FILE_BYTES)
    except FileTooLargeError:  # it grew while it was read
        raise VerifyError(f"文件太大，不像是本程序导出的报表：{path}") from None
    except OSError as exc:
        raise VerifyError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    return content


def _check_of(draft: Any, data: ReportData) -> SignatureCheck:
    """The draft's signature check; from the snapshot's text when only a snapshot is given."""
    if not isinstance(draft, ReportData):
        return signature_status(getattr(draft, "draft", draft))
    signoff = data.signoff
    return SignatureCheck(
        SignatureStatus(data.signature_status or SignatureStatus.UNSIGNED.value),
        reviewer=signoff.reviewer if signoff else "",
        at=signoff.at if signoff else "",
        key_fingerprint=signoff.key_fingerprint if signoff else "",
        reason=data.signature_problem,
    )


def _first_difference(a: bytes, b: bytes) -> int | None:
    """The index of the first byte where ``a`` and ``b`` differ (None: one is the other's start).
    Halving with slice comparisons keeps a 20 MB file to C-speed compares, not a Python loop."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return None
    while lo < hi:  # a[:lo] == b[:lo], and a difference lies in [lo, hi)
        mid = (lo + hi) // 2
        if a[lo : mid + 1] == b[lo : mid + 1]:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _first_page_differing(wanted: bytes, seen: bytes) -> int | None:
    """The number of the first page whose objects differ, found in the PDF drawn here (our own
    bytes, so a simple scan of its objects is safe); None when it cannot be told."""
    at = _first_difference(wanted, seen)
    if at is None:
        return None
    # The page tree lists the page objects in page order; each names its content stream.
    objects = [(m.start(), m.group(1)) for m in re.finditer(rb"\n(\d+) 0 obj\n", wanted)]
    owner = next((number for start, number in reversed(objects) if start < at), None)
    kids = re.search(rb"/Kids \[([0-9 R]*)\] /Type /Pages", wanted)
    if owner is None or kids is None:
        return None
    for index, page in enumerate(re.findall(rb"(\d+) 0 R", kids.group(1))):
        contents = re.search(rb"\n" + page + rb" 0 obj\n<<\n/Contents (\d+) 0 R", wanted)
        if owner == page or (contents is not None and owner == contents.group(1)):
            return index + 1
    return None


def _version_note(seen: bytes) -> str:
    """Why a PDF of another program version may not be drawn again the same, or ''."""
    match = _CREATOR.search(seen)
    if match is None:
        return "PDF 的元数据中没有写明由 govreport 导出：它可能是其他程序生成或另存的。"
    version = match.group(1).decode("ascii")
    if version != __version__:
        return (
            f"PDF 由 govreport {version} 导出，本程序是 {__version__}：不同版本生成的 PDF 可能"
            "逐字节不同，请用导出它的版本核对，或重新导出后再核对。"
        )
    return ""


def _embedded(seen: bytes) -> tuple[ReportData, SignatureCheck, str]:
    """The report the PDF carries (pdf_content), its signature checked as a workbook's is, and
    why it cannot stand ('' when it can); VerifyError when the PDF carries no signed content."""
    match = _CONTENT.search(seen)
    if match is None:
        raise VerifyError(
            "PDF 中没有签发内容（草稿导出、旧版本导出或其他程序生成的 PDF），只能与草稿核对。"
            + NEEDS_DRAFT.split("。", 1)[1]
        )
    data, definition = read_content(match.group(1))  # ContentError: the caller says it
    signoff = data.signoff
    assert signoff is not None  # read_content always gives one
    properties = {
        PROP_FORM: data.form.id,
        PROP_FORM_DEFINITION: definition,
        PROP_FINGERPRINT: signoff.fingerprint,
        PROP_CONTENT_VERSION: signoff.content_version,
        PROP_DIGESTS: signoff.digests,
        PROP_SIGNATURE: signoff.signature,
        PROP_PUBLIC_KEY: signoff.public_key,
        PROP_KEY_FINGERPRINT: signoff.key_fingerprint,
        PROP_REVIEWER: signoff.reviewer,
        PROP_SIGNED_AT: signoff.at,
    }
    check = workbook_signature(properties, data.form, data.fields, data.values)
    data = dataclasses.replace(data, signature_status=check.status.value)
    if not check.valid:
        return data, check, f"签名无效：{check.reason}。"
    if data.fingerprint != signoff.fingerprint:
        return (
            data,
            check,
            (
                f"PDF 中的签发内容与其签发指纹不符：签发时为 {short(signoff.fingerprint)}，"
                f"按其内容算得 {short(data.fingerprint)}。"
            ),
        )
    return data, check, ""


def verify_pdf(path: str | Path, draft: Any = None) -> VerifyResult:
    """Compare the PDF ``path`` with the PDF ``draft``'s signed content produces (without a draft,
    the signed content the PDF carries, once its signature holds).

    ``draft``: a Draft (its signature is checked as ``govreport check`` does), a ReportDocument or
    a ReportData. Raises :class:`VerifyError` when the file cannot be checked at all.
    """
    path = Path(path)
    seen = _read_pdf(path)
    if REPORT_PDF_MARK in seen:
        raise VerifyError(
            "这是报告全文 PDF（export --report-pdf 导出）：verify 只核对统计表的 Excel / PDF 导出。"
            "报告全文请与签发的草稿核对：govreport check 草稿.nianbao，或从草稿重新导出后比较。"
        )
    match = _FINGERPRINT.search(seen)
    stated = match.group(1).decode("ascii") if match else None
    problem = ""
    if draft is None:  # the signed content the PDF carries stands in for the draft
        try:
            data, check, problem = _embedded(seen)
        except ContentError as exc:
            return VerifyResult(MISMATCH, "", "", stated, messages=[exc.message])
    else:
        data = as_report_data(draft)
        check = _check_of(draft, data)
    signoff = data.signoff
    draft_print = signoff.fingerprint if signoff is not None else None

    def result(status: str, messages: list[str]) -> VerifyResult:
        return VerifyResult(
            status,
            data.form.id,
            "",
            stated,
            reviewer=signoff.reviewer if signoff else "",
            signed_at=signoff.at if signoff else "",
            draft_fingerprint=draft_print,
            messages=messages,
            signature=check,
            draft_signature=data.signature_status,
            draft_signature_problem=data.signature_problem,
        )

    if problem:
        return result(MISMATCH, [problem])
    legacy = check.status is SignatureStatus.LEGACY
    # A legacy sign-off is not exported any more, but an export made before signatures was drawn
    # from it as it stands: drawn so again, it is compared all the same (and never passes).
    drawable = dataclasses.replace(data, signature_status="") if legacy else data
    reason = refusal_reason(drawable)
    if reason:
        return result(
            MISMATCH,
            [
                "无法由草稿生成签发时的 PDF 来核对：" + reason.split("。")[0] + "。",
                "草稿现在的内容不是已签发的内容，PDF 与草稿不一致。",
            ],
        )
    from govreport_gui.core.layout.export_pdf import render_pdf

    wanted = render_pdf(drawable)
    if wanted == seen:
        if legacy:
            return result(
                LEGACY,
                [
                    f"PDF 与草稿的签发内容生成的 PDF 相同（{short(draft_print or '')}），但草稿的签发"
                    "没有数字签名（旧版签发）：谁都能写出这样的指纹。请签发人撤销签发、"
                    "重新签发后再导出。"
                ],
            )
        same = (
            f"PDF 与{'草稿' if draft is not None else '其中携带的'}签发内容生成的 PDF 逐字节相同"
            f"（{short(draft_print or '')}）。"
        )
        note = text_note(signoff.content_version if signoff is not None else None)
        return result(MATCH, [same, note] if note else [same])
    messages: list[str] = []
    if seen.startswith(wanted):
        messages.append(
            "PDF 与签发内容生成的 PDF 不同：文件末尾被追加了内容（增量更新，可能加了页、"
            "改了页面内容或批注），打开时看到的不是签发的内容。"
        )
    else:
        page = _first_page_differing(wanted, seen)
        messages.append(
            f"PDF 与签发内容生成的 PDF 不同：第 {page} 页起内容不同。"
            if page is not None
            else "PDF 与签发内容生成的 PDF 不同，文件已被改动或不是这份草稿导出的。"
        )
    if stated is not None and draft_print is not None and stated != draft_print:
        messages.append(
            f"PDF 写明的签发指纹（{short(stated)}）不是草稿的签发（{short(draft_print)}）："
            "它是另一份报表或另一次签发导出的。"
        )
    note = _version_note(seen)
    if note:
        messages.append(note)
    return result(MISMATCH, messages)


def is_pdf(path: str | Path) -> bool:
    """``path`` is to be checked as a PDF: named .pdf, or starting as a PDF does (a PDF renamed
    .xlsx is checked as what it is)."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        return True
    try:
        return read_head(path, 5, " PDF 文件")[1] == b"%PDF-"
    except UnreadableFileError:
        return False  # the workbook path says why it cannot be read
