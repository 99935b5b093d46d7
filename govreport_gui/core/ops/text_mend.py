"""Mending the report's text in one step (issue 16): the sub-headings' numbering renumbered in
order, and the year-over-year phrases (比上年增长X%) filled in from both years' figures. Each is
one undo step and one history batch over every section it changes, locked like any edit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.commands import Command
from govreport_gui.core.ops.commands import ReportDocument as DocumentProtocol
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.ops.text_ops import check_section, parse_text
from govreport_gui.core.report.numbering import mend_numbering
from govreport_gui.core.report.year_change import fill_change_phrases
from govreport_gui.core.store.kinds import HistoryKind


class NoPreviousYear(ValueError):
    """The draft has no last year's figures to compute changes from; the message says what to do."""


@dataclass
class SetTexts(Command):
    """Several sections' texts changed by one action: one undo step, one history batch."""

    new: dict[str, str] = field(default_factory=dict)
    description: str = "修改正文"
    _old: dict[str, str] = field(default_factory=dict)

    def do(self, doc: DocumentProtocol) -> ChangeSet:
        self._old = {i: doc.draft.texts.get(i, "") for i in self.new}
        doc.draft.apply_text(self.new, HistoryKind.TEXT)
        return ChangeSet(sections=tuple(self.new))

    def undo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_text(self._old, HistoryKind.UNDO)
        return ChangeSet(sections=tuple(self.new))

    def redo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_text(self.new, HistoryKind.REDO)
        return ChangeSet(sections=tuple(self.new))


def _texts(doc: ReportDocument, only: Iterable[str] | None) -> dict[str, str]:
    texts = {s.id: s.text for s in report_text(doc).sections if s.text.strip()}
    if only is None:
        return texts
    chosen: dict[str, str] = {}
    for section_id in only:
        check_section(doc, section_id)  # an unknown id is a message, not silence
        chosen[section_id] = doc.draft.texts.get(section_id, "")
    return chosen


def _run(doc: ReportDocument, mended: Mapping[str, str], description: str) -> ChangeSet:
    changed = {i: parse_text(doc, i, t) for i, t in mended.items()}
    changed = {i: t for i, t in changed.items() if t != doc.draft.texts.get(i, "")}
    if not changed:
        return ChangeSet()
    return doc.run(SetTexts(new=changed, description=description))


def mend_headings(doc: ReportDocument, only: Iterable[str] | None = None) -> ChangeSet:
    """修正小标题编号: every section's (or ``only`` those) leading （一）/1./（1） markers renumbered
    in order, in each level's prevailing style; words and numbers inside paragraphs untouched."""
    doc.check_editable()
    texts = _texts(doc, only)
    return _run(doc, {i: mend_numbering(t) for i, t in texts.items()}, "修正小标题编号")


def fill_changes(doc: ReportDocument, only: Iterable[str] | None = None) -> ChangeSet:
    """填写同比变化: every change phrase after a figure (比上年增长X%, 同比减少N件) written or corrected
    from this year's and last year's figures."""
    doc.check_editable()
    previous = doc.draft.previous
    if not previous:
        raise NoPreviousYear(
            "这份草稿没有关联上年度的数据，无法计算同比变化：新建时用“上年度草稿”"
            "（命令行 new --previous LAST.nianbao）关联上一年的报表。"
        )
    form, values = doc.form, doc.draft.values
    texts = _texts(doc, only)
    filled = {i: fill_change_phrases(form, t, values, previous) for i, t in texts.items()}
    return _run(doc, filled, "填写同比变化")
