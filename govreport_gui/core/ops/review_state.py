"""What a draft's review records say, read only: the active sign-off, the 说明, the status
history, and the fingerprint and part digests of the content as it is now.

``govreport check`` of a draft (and the signature's check, :mod:`.signature`) needs only this, not
the review's actions and rules (:mod:`.review`, which re-exports every name here): checking a
draft is a whole process, so this module is kept to what reading needs (issue 14). The record
types are :class:`~govreport_gui.core.forms.record.Record` classes (no ``dataclasses`` import).
"""

from __future__ import annotations

import unicodedata

from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.forms.record import Record
from govreport_gui.core.store import review_records as records
from govreport_gui.core.store.kinds import HistoryKind

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from govreport_gui.core.forms.engine import RuleResult
    from govreport_gui.core.report.problems import ReportProblem
    from govreport_gui.core.store.draft import Draft
    from govreport_gui.core.store.history import HistoryEntry

HISTORY_KINDS = (HistoryKind.STATUS, HistoryKind.SIGNOFF, HistoryKind.REOPEN)
STATUS_TARGET = "status"  # the history target of every status change, sign-off and reopening


class SignOff(Record):
    reviewer: str
    at: str  # ISO 8601, UTC
    fingerprint: str  # the v1 content fingerprint (kept for display and old exports)
    # The digital signature (format 5; None in a legacy, fingerprint-only sign-off), as stored:
    content_version: str | None = None  # signed_content.CONTENT_VERSION when signed
    digests: str | None = None  # the part digests, JSON text
    signature: str | None = None  # Ed25519, base64
    public_key: str | None = None  # the signer's raw public key, base64

    @property
    def key_fingerprint(self) -> str:
        """The signing key's short fingerprint ('' for a legacy or unreadable key)."""
        from govreport_gui.core.store import keys

        raw = keys.from_b64(self.public_key, keys.KEY_SIZE)
        return keys.key_fingerprint(raw) if raw is not None else ""


class Explanation(Record):
    rule_id: str
    text: str
    at: str
    who: str
    numbers: str = ""  # the warning's numbers when it was explained ('' in files before version 3)

    def covers(self, result: RuleResult | ReportProblem) -> bool:
        """Whether this explanation still accepts the warning: it was written for these numbers.

        A figure of the rule changed since (收到申请数 3 → 30) makes it stale: the warning is
        open again until somebody looks at it and explains it anew.
        """
        return bool(self.text.strip()) and (not self.numbers or self.numbers == result.text)


def content_fingerprint(draft: Draft) -> str:
    """The fingerprint of the draft's current values and fields."""
    return fingerprint(draft.form, draft.fields, draft.values)


def current_signoff(draft: Draft) -> SignOff | None:
    row = records.active_signoff(draft)
    return SignOff(*row) if row else None


def explanations(draft: Draft) -> dict[str, Explanation]:
    return {row[0]: Explanation(*row) for row in records.explanations(draft)}


def status_history(draft: Draft) -> list[HistoryEntry]:
    """Status changes, sign-offs and reopenings, oldest first."""
    return [e for e in draft.history(STATUS_TARGET) if e.kind in HISTORY_KINDS]


def content_digests(draft: Draft, version: str = signed_content.CONTENT_VERSION) -> dict[str, str]:
    """The part digests of the draft's current content (as open), for checking a signature."""
    notes = signed_content.explanation_items(records.explanations(draft))
    sections: list[signed_content.SectionItem] = []
    if "text" in signed_content.PARTS.get(version, ()):
        from govreport_gui.core.report.sections import signed_items  # v3 sign-offs only

        sections = signed_items(draft.form, draft.own_sections, draft.texts)
    return signed_content.part_digests(
        draft.form, draft.fields, draft.values, notes, version, sections
    )


def name_key(name: str) -> str:
    """What makes two typed names the same person's: a Chinese name has no spaces, so "张 三",
    "张　三" (the full-width space of Chinese input methods) and "张三" are one name; full-width
    letters are their half-width ones (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()
