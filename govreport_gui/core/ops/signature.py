"""Is this draft's sign-off genuine? One answer for ``show``, ``check``, ``export`` and the window.

A sign-off of file format 5 is the reviewer's Ed25519 signature over the signed content
(:mod:`~govreport_gui.core.forms.signed_content`): the digests of the parts (tables, fields,
explanations), the reviewer's name and the time. :func:`signature_status` recomputes the digests
of the draft as it is now, rebuilds the message and verifies the stored signature with the stored
public key, then looks the key up in the trusted list (:mod:`~govreport_gui.core.store.keys`).

* ``INVALID`` — anything that does not hold: the content's digests or v1 fingerprint differ from
  the signed ones, the signature does not verify (another key, another name or time), the row is
  incomplete, the status says 已签发 with no sign-off row, or an active sign-off row sits in a draft
  that is not signed.
* ``LEGACY`` — a sign-off from before signatures (v1 fingerprint only) whose fingerprint still
  matches and whose history shows that sign-off as the last status change. It proves only that
  nobody changed the figures carelessly: anyone with sqlite3 can write such a row, so it is not
  exported as a final document. Re-sign it (撤销签发, 提交审核 and 签发 again) to give it a
  signature.
* ``VALID_TRUSTED`` / ``VALID_UNTRUSTED`` — the signature holds; trusted when the key is in the
  trusted list under the reviewer's name, or is this user's own key made for that name.
"""

from __future__ import annotations

from enum import StrEnum

# Only what reading a sign-off needs: review_state, not the review's actions (issue 14: a check
# of a signed draft is a whole process).
from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.record import Record
from govreport_gui.core.ops import review_state as review
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import SIGNED, STATUS_NAMES
from govreport_gui.core.store.kinds import HistoryKind

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any

# What a legacy sign-off lacks and what to do: it cannot go out as a final document (export
# refuses it), so check, show and the window say it must be signed anew first.
LEGACY_REASON = (
    "只有内容指纹，无法证明签发人；导出正式文件前须撤销签发、重新提交并签发，以加上数字签名"
)

PART_NAMES = {
    "tables": "表格数字",
    "fields": "表头表尾",
    "explanations": "警告说明",
    "text": "报告正文",
}


class SignatureStatus(StrEnum):
    VALID_TRUSTED = "签名有效，签名人受信任"
    VALID_UNTRUSTED = "签名有效，但签名人不在受信任名单"
    INVALID = "签发后被改动（签名无效）"
    LEGACY = "旧版签发（无数字签名）"
    UNSIGNED = "未签发"


class SignatureCheck(Record):
    status: SignatureStatus
    reviewer: str = ""
    at: str = ""
    key_fingerprint: str = ""  # the signing key's short fingerprint ('' without a signature)
    trusted_name: str = ""  # the name the trusted list (or the own key) gives the key
    reason: str = ""  # why INVALID, or what to do (Chinese, one sentence)

    @property
    def invalid(self) -> bool:
        return self.status is SignatureStatus.INVALID

    @property
    def valid(self) -> bool:
        return self.status in (SignatureStatus.VALID_TRUSTED, SignatureStatus.VALID_UNTRUSTED)

    @property
    def line(self) -> str:
        """``签名：签名有效，签名人受信任（签名密钥 3F2A 9C01 77BE 0D45）``, with the reason."""
        text = f"签名：{self.status.value}"
        if self.key_fingerprint:
            text += f"（签名密钥 {self.key_fingerprint}）"
        if self.reason:
            text += f"——{self.reason}"
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status.name,
            "text": self.status.value,
            "reviewer": self.reviewer,
            "at": self.at,
            "key_fingerprint": self.key_fingerprint,
            "trusted_name": self.trusted_name,
            "reason": self.reason,
        }


def _invalid(signoff: review.SignOff | None, reason: str) -> SignatureCheck:
    if signoff is None:
        return SignatureCheck(SignatureStatus.INVALID, reason=reason)
    return SignatureCheck(
        SignatureStatus.INVALID, signoff.reviewer, signoff.at, signoff.key_fingerprint, "", reason
    )


def signature_status(draft: Any) -> SignatureCheck:
    """The state of ``draft``'s sign-off (an open :class:`~govreport_gui.core.store.draft.Draft`)."""
    status = str(draft.status)
    signoff = review.current_signoff(draft)
    if status != SIGNED:
        if signoff is not None:
            name = STATUS_NAMES.get(status, status)
            return _invalid(signoff, f"报表状态为“{name}”，却有一条有效的签发记录（文件被改动过）")
        return SignatureCheck(SignatureStatus.UNSIGNED)
    if signoff is None:
        return _invalid(None, "报表标为已签发，但没有签发记录（文件被改动过）")
    if not all(isinstance(x, str) for x in (signoff.reviewer, signoff.at, signoff.fingerprint)):
        # Written by hand as a blob or a number: nothing the program writes.
        return _invalid(None, "签发记录已损坏（文件被改动过）")
    current = review.content_fingerprint(draft)
    if signoff.fingerprint != current:
        switched = form_switched(draft)
        if switched:
            why = f"{switched}，签发时的内容指纹已不再适用"
        elif getattr(draft, "form_changed", False):
            why = "签发之后表单定义有了更新，签发时的内容指纹已不再适用"
        else:
            why = f"签发时内容指纹 {short(signoff.fingerprint)}，现在 {short(current)}"
        return _invalid(signoff, why)
    stored = (signoff.content_version, signoff.digests, signoff.signature, signoff.public_key)
    version = signoff.content_version or ""
    covers_text = "text" in signed_content.PARTS.get(version, ("text",))
    if not covers_text and _has_text(draft):
        # Signed before the text was signed (v1, v2): a report text there was written after.
        return _invalid(signoff, "签发后加入了报告正文（签发时的签名不包括正文）")
    if stored == (None, None, None, None):
        return _legacy(draft, signoff)
    return _signed(draft, signoff)


def form_switched(draft: Any) -> str:
    """Why the draft's form is not the one it was made with, when its file now names another
    form (its meta's form_id changed with sqlite3): not an update of the form's definition,
    which a newer program brings. '' when nothing shows a switch.

    The form it was made with is the one its 'create' history row names, or the one whose
    definition's fingerprint the file keeps (``form_fingerprint``); only a form this program
    knows is named (a crafted file may hold anything there)."""
    from govreport_gui.core.forms.registry import all_forms
    from govreport_gui.core.store import review_records

    now = draft.form.id
    created = review_records.created_form_id(draft)
    known = {form.id: form for form in all_forms()}
    was = created if isinstance(created, str) and created in known else ""
    if not was or was == now:
        stored = draft.meta.get("form_fingerprint")
        same = [f.id for f in known.values() if f.fingerprint == stored and f.id != now]
        was = same[0] if same else ""
    if not was or was == now:
        return ""
    return f"草稿文件中的表单被换过：新建时是 {was}，现在写的是 {now}（文件被改动过）"


def _has_text(draft: Any) -> bool:
    """Whether the draft holds any report text or a section list of its own."""
    texts = getattr(draft, "texts", None) or {}
    return any(str(t).strip() for t in texts.values()) or bool(getattr(draft, "own_sections", None))


def _legacy(draft: Any, signoff: review.SignOff) -> SignatureCheck:
    """A v1 sign-off counts only where the history shows it as the last status change."""
    entries = review.status_history(draft)
    last = entries[-1] if entries else None
    if (
        last is None
        or last.kind != HistoryKind.SIGNOFF
        or last.new != signoff.fingerprint
        or last.at != signoff.at
        or review.name_key(last.note.removeprefix("签发人：")) != review.name_key(signoff.reviewer)
    ):
        return _invalid(signoff, "修改记录中没有这次签发（签发记录是后来写进文件的）")
    return SignatureCheck(
        SignatureStatus.LEGACY,
        signoff.reviewer,
        signoff.at,
        reason=LEGACY_REASON,
    )


def _signed(draft: Any, signoff: review.SignOff) -> SignatureCheck:
    version = signoff.content_version or ""
    if version not in signed_content.PARTS:
        return _invalid(signoff, f"签名内容的版本“{version[:40]}”本程序不认识（可能需要升级程序）")
    public = keys.from_b64(signoff.public_key, keys.KEY_SIZE)
    signature = keys.from_b64(signoff.signature, keys.SIGNATURE_SIZE)
    digests = signed_content.parse_digests(signoff.digests)
    if public is None or signature is None or digests is None:
        return _invalid(signoff, "签名数据不完整或已损坏")
    if keys.can_forge(public):
        return _invalid(signoff, f"签发记录中的{keys.WEAK_KEY}（文件被改动过）")
    expected = review.content_digests(draft, version)
    if digests != expected:
        changed = [PART_NAMES.get(p, p) for p in sorted(expected) if digests.get(p) != expected[p]]
        changed += [PART_NAMES.get(p, p) for p in sorted(set(digests) - set(expected))]
        return _invalid(signoff, f"签发后改动了：{'、'.join(changed)}")
    message = signed_content.message(
        version, draft.form.id, draft.form.fingerprint, digests, signoff.reviewer, signoff.at
    )
    if not keys.verify(public, signature, message):
        return _invalid(
            signoff, "数字签名与签发记录不符（签发人、时间或内容被改，或不是这把密钥签的）"
        )
    return _trust(signoff, public)


def _trust(signoff: review.SignOff, public: bytes) -> SignatureCheck:
    return trust_check(signoff.reviewer, signoff.at, public)


def trust_check(reviewer: str, at: str, public: bytes) -> SignatureCheck:
    """VALID_TRUSTED or VALID_UNTRUSTED for a signature by ``public`` that verified (a draft's,
    or a workbook's in ``verify``): the own key, or the trusted list under the reviewer's name."""
    fingerprint = keys.key_fingerprint(public)
    base = (reviewer, at, fingerprint)
    try:
        own = keys.load_own_key()
    except keys.KeyFileError:
        own = None
    own_key = own is not None and own.public == public
    # The own key is trusted only under the name it was made for: a valid signature by it under
    # another name is this computer's holder signing as someone else.
    if own is not None and own_key and review.name_key(own.name) == review.name_key(reviewer):
        return SignatureCheck(SignatureStatus.VALID_TRUSTED, *base, own.name, "")
    try:
        trusted = [t for t in keys.trusted_keys() if t.key == public]
    except keys.KeyFileError as exc:
        return SignatureCheck(SignatureStatus.VALID_UNTRUSTED, *base, "", exc.message)
    same_name = [t for t in trusted if review.name_key(t.name) == review.name_key(reviewer)]
    if same_name:
        return SignatureCheck(SignatureStatus.VALID_TRUSTED, *base, same_name[0].name, "")
    if own is not None and own_key:
        return SignatureCheck(
            SignatureStatus.VALID_UNTRUSTED,
            *base,
            own.name,
            f"本机密钥属于{own.name}，而签发人写的是“{reviewer}”",
        )
    if trusted:
        return SignatureCheck(
            SignatureStatus.VALID_UNTRUSTED,
            *base,
            trusted[0].name,
            f"受信任名单中这把密钥属于“{trusted[0].name}”，而签发人写的是“{reviewer}”",
        )
    return SignatureCheck(
        SignatureStatus.VALID_UNTRUSTED,
        *base,
        "",
        "如确认是签发人的密钥，可用 govreport keys trust 导入其公钥文件",
    )
