"""The review ops over an open document: submit, return, sign off, reopen, explain, comments.

The rules live in :mod:`~govreport_gui.core.ops.review` (over the draft file); these ops run them
through the document, which broadcasts ONE change set naming what changed — the status, the
comments or the explanations — so no caller has to remember to tell the views. The window and the
command line both call these. Each raises :class:`~govreport_gui.core.ops.review.ReviewRefused`
(or DraftError / ValueError with a Chinese message) before anything is changed.
"""

from __future__ import annotations

from govreport_gui.core.ops import review
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument


def submit(doc: ReportDocument) -> ChangeSet:
    """填报中 → 待审核 (refused while anything blocks)."""
    review.submit(doc.draft, doc.checker)
    return doc.broadcast(ChangeSet(status=True))


def return_to_filler(doc: ReportDocument, reason: str) -> ChangeSet:
    """待审核 → 填报中, with the reason."""
    review.return_to_filler(doc.draft, reason)
    return doc.broadcast(ChangeSet(status=True))


def sign_off(doc: ReportDocument, reviewer: str) -> ChangeSet:
    """待审核 → 已签发 (who, when and the fingerprint: :func:`review.current_signoff`)."""
    review.sign_off(doc.draft, reviewer, doc.checker)
    return doc.broadcast(ChangeSet(status=True))


def reopen(doc: ReportDocument, reason: str) -> ChangeSet:
    """已签发 → 填报中 (撤销签发), with the reason."""
    review.reopen(doc.draft, reason)
    return doc.broadcast(ChangeSet(status=True))


def explain(doc: ReportDocument, rule_id: str, text: str) -> ChangeSet:
    """Write (or, with ``''``, remove) the 说明 of a warning; no change set when nothing changed."""
    before = doc.explanations.get(rule_id)
    review.explain(doc.draft, rule_id, text, doc.checker)
    after = review.explanations(doc.draft).get(rule_id)
    if after == before:
        return ChangeSet()
    return doc.broadcast(ChangeSet(explanations=(rule_id,)))


def add_comment(
    doc: ReportDocument, text: str, cell: str | None = None, parent: int | None = None
) -> ChangeSet:
    """A comment on a cell or on the whole form, or a reply; its id is ``comments[0]``."""
    comment_id = review.add_comment(doc.draft, text, cell=cell, parent=parent)
    return doc.broadcast(ChangeSet(comments=(comment_id,)))


def resolve_comment(doc: ReportDocument, comment_id: int) -> ChangeSet:
    """Mark a comment thread resolved (the reviewer's; refused for a 填报人 of the figures)."""
    before = _thread_state(doc)
    review.resolve_comment(doc.draft, comment_id)
    return doc.broadcast(ChangeSet(comments=_changed_comments(doc, before)))


def mark_no_reply_needed(doc: ReportDocument, comment_id: int) -> ChangeSet:
    """Mark a comment 不需答复 (the reviewer's): it no longer blocks sign-off."""
    before = _thread_state(doc)
    review.mark_no_reply_needed(doc.draft, comment_id)
    return doc.broadcast(ChangeSet(comments=_changed_comments(doc, before)))


def _thread_state(doc: ReportDocument) -> dict[int, review.Comment]:
    return {c.id: c for c in review.comments(doc.draft)}


def _changed_comments(doc: ReportDocument, before: dict[int, review.Comment]) -> tuple[int, ...]:
    return tuple(c.id for c in review.comments(doc.draft) if before.get(c.id) != c)
