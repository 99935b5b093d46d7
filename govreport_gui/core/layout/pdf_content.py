"""The signed content a signed PDF export carries, so that ``verify`` needs no draft to redraw it.

A signed export writes, in its information dictionary under :data:`INFO_KEY`, the form, the
form definition's fingerprint, the fields, the values (their canonical text) and the sign-off with
its signature, as JSON in base64 (base64, so the PDF string needs no escaping and a bounded pattern
finds it). :func:`read_content` is the other side: the text comes from an untrusted file, so it is
bounded, strictly decoded (no duplicate keys, no NaN, only the expected shape) and every value is
read back as its cell's kind; any fault is one Chinese sentence (:class:`ContentError`).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import UnknownFormError, get_form
from govreport_gui.core.forms.values import Value, ValueInputError, from_text, to_text
from govreport_gui.core.layout.report import SIGNED_STATUS, ReportData, SignOffInfo

INFO_KEY = "GovreportSigned"
MAX_CONTENT = 2_000_000  # base64 characters: a report's fields and figures are a few kilobytes
_SIGNOFF_KEYS = (
    "reviewer",
    "at",
    "fingerprint",
    "content_version",
    "digests",
    "signature",
    "public_key",
    "key_fingerprint",
)


class ContentError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def embedded_content(data: ReportData) -> str:
    """The base64 text a signed export carries ('' without a signature to carry)."""
    signoff = data.signoff
    if signoff is None or not signoff.signature:
        return ""
    content = {
        "form": data.form.id,
        "form_definition": data.form.fingerprint,
        "fields": {f.key: data.fields.get(f.key, "") for f in data.form.fields},
        "values": {c.id: to_text(data.values.get(c.id)) for c in data.form.cells},
        "signoff": {key: getattr(signoff, key) for key in _SIGNOFF_KEYS},
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ContentError(f"PDF 中的签发内容有重复的键“{key[:40]}”（文件被改动过）。")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ContentError("PDF 中的签发内容不是本程序写的格式（文件被改动过）。")


def _texts(raw: object, keys: list[str], what: str) -> dict[str, str]:
    if not isinstance(raw, dict) or set(raw) != set(keys):
        raise ContentError(f"PDF 中签发内容的{what}与表单不符（文件被改动过）。")
    if not all(isinstance(v, str) for v in raw.values()):
        raise ContentError(f"PDF 中签发内容的{what}不是文字（文件被改动过）。")
    return dict(raw)


def read_content(text: bytes) -> tuple[ReportData, str]:
    """The report the embedded content describes, and its form definition's fingerprint."""
    if len(text) > MAX_CONTENT:
        raise ContentError("PDF 中的签发内容过长，不是本程序写的（文件被改动过）。")
    try:
        raw = json.loads(
            base64.b64decode(text, validate=True).decode("utf-8"),
            object_pairs_hook=_unique,
            parse_constant=_no_constant,
        )
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        raise ContentError("PDF 中的签发内容无法读出（文件被改动过）。") from None
    if not isinstance(raw, dict) or set(raw) != {
        "form",
        "form_definition",
        "fields",
        "values",
        "signoff",
    }:
        raise ContentError("PDF 中的签发内容不是本程序写的格式（文件被改动过）。")
    form_id, definition = raw["form"], raw["form_definition"]
    if not isinstance(form_id, str) or not isinstance(definition, str):
        raise ContentError("PDF 中的签发内容不是本程序写的格式（文件被改动过）。")
    try:
        form: FormDef = get_form(form_id)
    except UnknownFormError:
        raise ContentError(
            f"PDF 使用的表单“{form_id[:40]}”本程序不认识，可能需要更新 govreport。"
        ) from None
    fields = _texts(raw["fields"], [f.key for f in form.fields], "字段")
    texts = _texts(raw["values"], [c.id for c in form.cells], "数字")
    signoff = _texts(raw["signoff"], list(_SIGNOFF_KEYS), "签发信息")
    values: dict[str, Value] = {}
    for cell in form.cells:
        try:
            value = from_text(cell.kind, texts[cell.id])
        except (ValueInputError, ValueError):
            raise ContentError(
                f"PDF 中签发内容的“{cell.label}”不是有效的数字（文件被改动过）。"
            ) from None
        if value is not None:
            values[cell.id] = value
    data = ReportData(
        form=form,
        fields=fields,
        values=values,
        status=SIGNED_STATUS,
        signoff=SignOffInfo(**signoff),
    )
    return data, definition
