"""The digital signature embedded in an exported workbook: does it hold for what the workbook shows?

An export of a signed draft writes the signature into the custom document properties
(``govreport.content_version``, ``.digests``, ``.signature``, ``.public_key``,
``.key_fingerprint``, with ``.form``, ``.form_definition``, ``.reviewer`` and ``.signed_at``).
:func:`workbook_signature` checks them for ``verify``:

1. the digest of each part the workbook shows (tables, fields) is recomputed from what was read
   back and compared with the embedded one: a changed part is named (“表格数字与签名时不同”);
2. the parts it does not show (the explanations) are taken from the embedded digests;
3. the signed message is rebuilt from the embedded version, form, form definition, digests,
   reviewer and time, and the embedded signature verified with the embedded public key;
4. the key is looked up in the trusted list (or is this user's own key).

The properties are hostile input: anyone can edit them with a spreadsheet program or openpyxl.
Wrong base64, wrong lengths, huge strings and bad JSON each give one Chinese sentence and the
status INVALID, never an exception. Any signature property, or a sign-off line that prints a
signing key, means the workbook was exported with a signature: it must then be complete and hold.
A workbook exported before signatures (a fingerprint, no signature property, no key printed) is
LEGACY: the fingerprint proves nothing about who signed, and ``verify`` does not pass it (exit 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
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
)
from govreport_gui.core.ops.signature import (
    PART_NAMES,
    SignatureCheck,
    SignatureStatus,
    trust_check,
)
from govreport_gui.core.store import keys

# What the workbook shows of each part, so its digest can be recomputed from what was read back.
SHOWN_PARTS = ("tables", "fields")
MAX_TEXT = 200  # a reviewer's name or a time longer than this is not one the program writes

_SIGNATURE_PROPS = (PROP_CONTENT_VERSION, PROP_DIGESTS, PROP_SIGNATURE, PROP_PUBLIC_KEY)
KEY_MARK = "签名密钥"  # what the sign-off line prints before the key's fingerprint (report.py)


# Said by verify of a table-only file (Excel, PDF) whose signature covers the report's text too
# (signed content v3): the text's digest is taken as embedded, the text itself is not there.
TEXT_NOT_IN_FILE = (
    "签名也覆盖报告正文，但此文件只含统计表，没有正文：正文未在此核对"
    "（正文请与草稿核对：govreport check 草稿文件）。"
)


def text_note(version: str | None) -> str:
    """:data:`TEXT_NOT_IN_FILE` when the signed content ``version`` covers the text, else ''."""
    return TEXT_NOT_IN_FILE if "text" in signed_content.PARTS.get(version or "", ()) else ""


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _invalid(reviewer: str, at: str, key_fingerprint: str, reason: str) -> SignatureCheck:
    return SignatureCheck(
        SignatureStatus.INVALID, _clip(reviewer), _clip(at), key_fingerprint, "", reason
    )


def workbook_signature(
    properties: Mapping[str, str],
    form: FormDef,
    fields: Mapping[str, str],
    values: Mapping[str, Value | None],
    signoff_lines: Sequence[str] = (),
) -> SignatureCheck:
    """The state of the signature embedded in a workbook whose ``properties`` were read, with the
    ``fields`` and ``values`` read back from its sheets (the form's own keys and cell ids) and its
    printed ``signoff_lines``."""
    reviewer = properties.get(PROP_REVIEWER, "")
    at = properties.get(PROP_SIGNED_AT, "")
    present = [p for p in _SIGNATURE_PROPS if properties.get(p)]
    # A workbook that shows a signing key (property or sign-off line) was exported with a
    # signature: without one it had its signature deleted, to pass as a legacy export (issue 13).
    claims_key = bool(properties.get(PROP_KEY_FINGERPRINT)) or any(
        KEY_MARK in line for line in signoff_lines
    )
    if not present and claims_key:
        return _invalid(
            reviewer,
            at,
            "",
            "工作簿写有签名密钥，文档属性中却没有数字签名（签名被删除过，属性被改动过）",
        )
    if not present:
        if properties.get(PROP_EXPORT) == "draft" or not properties.get(PROP_FINGERPRINT):
            return SignatureCheck(SignatureStatus.UNSIGNED)
        return SignatureCheck(
            SignatureStatus.LEGACY,
            _clip(reviewer),
            _clip(at),
            reason="工作簿只有内容指纹，无法证明由谁签发（签名功能之前导出的文件）",
        )
    if len(present) < len(_SIGNATURE_PROPS):
        absent = [p for p in _SIGNATURE_PROPS if p not in present]
        return _invalid(
            reviewer, at, "", f"签名数据不完整：文档属性中缺少 {'、'.join(absent)}（属性被改动过）"
        )
    public = keys.from_b64(properties.get(PROP_PUBLIC_KEY), keys.KEY_SIZE)
    key_print = keys.key_fingerprint(public) if public is not None else ""
    if public is None:
        return _invalid(
            reviewer, at, "", "文档属性中的公钥不是有效的密钥（base64 或长度不对，属性被改动过）"
        )
    if keys.can_forge(public):
        return _invalid(reviewer, at, key_print, f"文档属性中的{keys.WEAK_KEY}（属性被改动过）")
    signature = keys.from_b64(properties.get(PROP_SIGNATURE), keys.SIGNATURE_SIZE)
    if signature is None:
        return _invalid(
            reviewer,
            at,
            key_print,
            "文档属性中的签名不是有效的签名（base64 或长度不对，属性被改动过）",
        )
    stated_print = properties.get(PROP_KEY_FINGERPRINT, "")
    if stated_print and "".join(stated_print.split()).upper() != "".join(key_print.split()):
        return _invalid(
            reviewer,
            at,
            key_print,
            f"文档属性中写明的签名密钥指纹（{_clip(stated_print, 24)}）与其中的公钥（{key_print}）不符"
            "（属性被改动过）",
        )
    if len(reviewer) > MAX_TEXT or len(at) > MAX_TEXT or not reviewer or not at:
        return _invalid(
            reviewer, at, key_print, "文档属性中的签发人或签发时间缺失或过长（属性被改动过）"
        )
    version = properties.get(PROP_CONTENT_VERSION, "")
    if version not in signed_content.PARTS:
        return _invalid(
            reviewer,
            at,
            key_print,
            f"签名内容的版本“{_clip(version)}”本程序不认识（可能需要升级程序）",
        )
    embedded = signed_content.parse_digests(properties.get(PROP_DIGESTS))
    wanted = signed_content.PARTS[version]
    if embedded is None or set(embedded) != set(wanted):
        return _invalid(
            reviewer, at, key_print, "文档属性中的部分摘要不是本程序写的格式（属性被改动过）"
        )
    stated_form = properties.get(PROP_FORM, form.id)
    definition = properties.get(PROP_FORM_DEFINITION, "")
    # The parts shown are recomputed from the sheets; explanations are not shown, so they are
    # taken as embedded (the signature over all digests still covers them).
    shown = signed_content.part_digests(form, fields, values, [], version)
    changed = [p for p in SHOWN_PARTS if p in wanted and embedded[p] != shown[p]]

    def holds(digests: Mapping[str, str]) -> bool:
        message = signed_content.message(version, stated_form, definition, digests, reviewer, at)
        return keys.verify(public, signature, message)

    if changed:
        names = "、".join(PART_NAMES.get(p, p) for p in changed)
        if holds(embedded):
            parts = "；".join(f"{PART_NAMES.get(p, p)}与签名时不同" for p in changed)
            return _invalid(reviewer, at, key_print, f"{parts}（签名之后工作簿被改动过）")
        if holds({**embedded, **{p: shown[p] for p in changed}}):
            # The sheets are as signed; what was edited is the digest written in the properties.
            return _invalid(
                reviewer,
                at,
                key_print,
                f"文档属性中{names}的摘要被改动过（与签名及表中内容都不符）",
            )
        return _invalid(
            reviewer,
            at,
            key_print,
            f"{names}与文档属性中的摘要不同，且数字签名与文档属性不符（签名之后工作簿被改动过）",
        )
    if not holds(embedded):
        return _invalid(
            reviewer,
            at,
            key_print,
            "数字签名与文档属性不符（签发人、时间、摘要或表单被改，或签名不是这把密钥签的）",
        )
    return trust_check(reviewer, at, public)
