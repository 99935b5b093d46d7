"""What the window says about a sign-off's digital signature (issue 13 §3).

The check itself is :func:`govreport_gui.core.ops.signature.signature_status` (no crypto here).
:class:`SignatureWatch` keeps its answer for the open draft and asks again only when the draft,
its status or its sign-off row changes, or when the keys changed (:meth:`SignatureWatch.forget`,
after 我的签名密钥 / 受信任的审核人): the status badge, the banner and the title read it often, a
repaint never recomputes the digests.
"""

from __future__ import annotations

from typing import Any

from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureCheck, SignatureStatus, signature_status
from govreport_gui.core.timefmt import format_time

# The banner's colours: the usual calm note, and the error colour for a signature that fails.
BANNER_STYLE = "QLabel#banner { background: #fff1d0; color: #5c3c00; padding: 8px 12px; }"
BANNER_ERROR_STYLE = (
    "QLabel#banner { background: #fde2e1; color: #b3261e; padding: 8px 12px; font-weight: bold; }"
)
BADGE_STYLE: dict[SignatureStatus, str] = {
    SignatureStatus.VALID_TRUSTED: "background: #e6f4ea; color: #1e6b34;",
    SignatureStatus.VALID_UNTRUSTED: "background: #fff1d0; color: #6b4500;",
    SignatureStatus.LEGACY: "background: #fff1d0; color: #6b4500;",
    SignatureStatus.INVALID: "background: #fde2e1; color: #b3261e;",
}

INVALID_BANNER = "签发后被改动（签名无效）：{reason}；不能导出正式文件，请重新审核签发（撤销签发后再提交、签发；仍可导出草稿）。"
LEGACY_BANNER = "旧版签发（无数字签名）——不能证明签发人，不能导出正式文件：请撤销签发后重新提交、签发（仍可导出草稿）。报表已签发，数值、表头表尾和报告正文已锁定。"
UNTRUSTED_HINT = "如确认是签发人的密钥，可用“审核 → 受信任的审核人…”导入其公钥文件。"


class SignatureWatch:
    """The signature check of the open draft, made once per draft / status / sign-off."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._check: SignatureCheck | None = None
        self.computed = 0  # how many times signature_status ran (tests look at it)

    def forget(self) -> None:
        """The own key or the trusted list changed: the next look asks again."""
        self._key = None

    def check(self, doc: Any) -> SignatureCheck | None:
        if doc is None:
            return None
        draft = doc.draft
        # One small query: which sign-off row is active. The digests are recomputed only when
        # it, the status or the draft changed.
        key = (id(draft), str(draft.status), review.current_signoff(draft))
        if key != self._key:
            self._check = signature_status(draft)
            self._key = key
            self.computed += 1
        return self._check


def _short_time(at: str) -> str:
    return format_time(at) if at else ""


def badge_text(check: SignatureCheck) -> str:
    """``状态：已签发（沈涛） · 签名有效，签名人受信任``: whole in the toolbar at 1024 pixels and
    beside its text labels at 1100. No key: half a fingerprint cut with “…” looked like the badge
    itself cut short; the whole key is in the banner just below and, with the time, the tooltip."""
    if check.status is SignatureStatus.INVALID:
        return f"状态：{check.status.value}"
    signed = f"已签发（{check.reviewer}）" if check.reviewer else "已签发"
    return f"状态：{signed} · {check.status.value}"


def badge_tooltip(check: SignatureCheck, content_fingerprint: str) -> str:
    lines = [check.status.value]
    if check.reviewer:
        lines.append(f"签发人：{check.reviewer}　签发时间：{_short_time(check.at)}")
    if check.key_fingerprint:
        lines.append(f"签名密钥：{check.key_fingerprint}")
    if check.trusted_name:
        lines.append(f"受信任名单中的名字：{check.trusted_name}")
    if content_fingerprint:
        lines.append(f"内容指纹：{content_fingerprint}")
    if check.reason:
        lines.append(check.reason)
    return "\n".join(lines)


def banner_line(check: SignatureCheck | None) -> str:
    """The banner's line about the sign-off ('' when there is none to speak of)."""
    if check is None or check.status is SignatureStatus.UNSIGNED:
        return ""
    if check.status is SignatureStatus.INVALID:
        return refusal_text(check.reason)
    if check.status is SignatureStatus.LEGACY:
        return LEGACY_BANNER
    key = f"签名密钥 {check.key_fingerprint}"
    line = f"此报表已签发，数值、表头表尾和报告正文已锁定（{check.status.value}，{key}）。"
    if check.status is SignatureStatus.VALID_UNTRUSTED:
        line += UNTRUSTED_HINT
    return line + "如需修改，请审核人在审核模式中用“审核 → 撤销签发”。"


def refusal_text(problem: str) -> str:
    """Why 导出 (as signed) is refused for a signature that fails: the banner's words."""
    return INVALID_BANNER.format(reason=problem.rstrip("。"))


def title_note(check: SignatureCheck | None) -> str:
    """A failed signature in the window title too: nobody misses it."""
    if check is not None and check.invalid:
        return "【签名无效】"
    return ""


def banner_style(check: SignatureCheck | None) -> str:
    return BANNER_ERROR_STYLE if check is not None and check.invalid else BANNER_STYLE
