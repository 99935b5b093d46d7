"""What one user action changed: the change set an op returns and the document broadcasts once.

Every op of :mod:`govreport_gui.core.ops` returns a :class:`ChangeSet` that names exactly what it
touched, so a view redraws only that: the table the named cells (and the cells of the rules whose
result changed), the problems panel when rules or explanations changed, the review panel when the
status or comments changed, the header/footer when fields changed. There is no catch-all: a view
that needs everything redrawn asks for it by the kinds it depends on (``status``, ``mode``).
"""

from __future__ import annotations

from typing import TypeVar

from govreport_gui.core.forms.engine import RuleResult
from govreport_gui.core.forms.record import Record

T = TypeVar("T")


# A Record, not a frozen dataclass: the same fields, equality and immutability, without the
# dataclass's generated methods being compiled while the window starts (issue 14).
class ChangeSet(Record):
    cells: tuple[str, ...] = ()  # value cells whose value changed (ids)
    fields: tuple[str, ...] = ()  # header/footer fields whose text changed (keys)
    rules: tuple[RuleResult, ...] = ()  # rules whose result changed (their new result)
    status: bool = False  # the report's status changed (submitted, returned, signed, reopened)
    comments: tuple[int, ...] = ()  # comments added, resolved or marked 不需答复 (ids)
    explanations: tuple[str, ...] = ()  # rules whose 说明 was written, renewed or removed (ids)
    mode: bool = False  # 审核模式 entered or left: what may be edited changed, not the content
    sections: tuple[str, ...] = ()  # sections whose text changed (ids; issue 16)
    headings: bool = False  # the draft's list of sections changed (added, renamed, removed, moved)
    # The text's problems were worked out after the window put them off (nothing changed in the
    # draft: the views that show them list and count them now).
    text_checked: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.cells
            or self.fields
            or self.rules
            or self.status
            or self.comments
            or self.explanations
            or self.mode
            or self.sections
            or self.headings
            or self.text_checked
        )

    @property
    def editability(self) -> bool:
        """Whether what may be edited changed (status or mode): editors and actions re-enable."""
        return self.status or self.mode

    @property
    def review(self) -> bool:
        """Whether the review state shown in the review panel changed."""
        return self.status or self.mode or bool(self.comments or self.explanations)

    def merged(self, other: ChangeSet) -> ChangeSet:
        """Both change sets as one (for an op made of several steps, still broadcast once)."""
        rules = {r.id: r for r in self.rules}
        rules.update({r.id: r for r in other.rules})
        return ChangeSet(
            cells=_union(self.cells, other.cells),
            fields=_union(self.fields, other.fields),
            rules=tuple(rules.values()),
            status=self.status or other.status,
            comments=_union(self.comments, other.comments),
            explanations=_union(self.explanations, other.explanations),
            mode=self.mode or other.mode,
            sections=_union(self.sections, other.sections),
            headings=self.headings or other.headings,
            text_checked=self.text_checked or other.text_checked,
        )


def _union(first: tuple[T, ...], second: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(dict.fromkeys((*first, *second)))
