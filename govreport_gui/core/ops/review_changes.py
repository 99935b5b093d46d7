"""What changed since the report was last returned (退回): what the reviewer has to look at again.

When a returned draft comes back for review, the reviewer should not have to read the whole form
again: the history since the last 退回 says which cells, fields and explanations the 填报人
changed. A value changed and changed back is no change; several edits of one cell are one change
(from the value at the 退回 to the value now).
"""

from __future__ import annotations

from dataclasses import dataclass

from govreport_gui.core.ops.review import FIGURE_KINDS, STATUS_TARGET, history_target_name
from govreport_gui.core.store.draft import Draft
from govreport_gui.core.store.history import HistoryEntry
from govreport_gui.core.store.kinds import DraftStatus, HistoryKind


@dataclass(frozen=True)
class Revision:
    kind: str  # 'cell' | 'field' | 'explain'
    target: str  # cell id, field key or rule id
    name: str  # what it is, in the form's words
    old: str  # at the 退回 ('' blank)
    new: str  # now ('' blank)
    who: str  # the last person who changed it
    at: str  # when (ISO, UTC), the last change

    @property
    def text(self) -> str:
        """One line for the reviewer: ``收到申请数：3 → 5（张三）``."""
        return f"{self.name}：{self.old or '空'} → {self.new or '空'}（{self.who}）"


def last_return(draft: Draft) -> HistoryEntry | None:
    """The last time the report went back to the 填报人: a 退回 (待审核 → 填报中) or a 撤销签发
    (the reviewer reads again what changed after either). None if it never went back.

    Asked of SQLite, newest row first: a crafted draft with 300,000 status rows is not read row
    by row on each status refresh."""
    returned = DraftStatus.SUBMITTED.label
    return draft.history_latest(
        STATUS_TARGET, ((HistoryKind.STATUS, returned), (HistoryKind.REOPEN, None))
    )


def changes_since_return(draft: Draft) -> list[Revision]:
    """Cells, fields and explanations changed since the last 退回, in the order first changed."""
    since = last_return(draft)
    if since is None:
        return []
    # A 说明 and a field are apart from a figure of the same name; only the first and the last
    # change of each are read (a crafted draft may hold 300,000 rows after the 退回).
    apart = (HistoryKind.EXPLAIN, HistoryKind.FIELD)
    kinds = tuple(dict.fromkeys((*apart, *FIGURE_KINDS)))
    result: list[Revision] = []
    for entry, now in draft.history_spans(since.seq, kinds, apart):
        if entry.kind == HistoryKind.EXPLAIN:
            kind = "explain"
        elif entry.kind == HistoryKind.FIELD:
            kind = "field"
        elif draft.form.has_cell(entry.target):
            kind = "cell"
        else:
            continue
        old, new = entry.old or "", now.new or ""
        if old == new:
            continue
        name = history_target_name(draft.form, entry.target, draft.own_sections, draft.year)
        result.append(Revision(kind, entry.target, name, old, new, now.who, now.at))
    return result


def changed_cells(draft: Draft) -> dict[str, Revision]:
    """The value cells changed since the last 退回, by cell id (for marking them in the table)."""
    return {r.target: r for r in changes_since_return(draft) if r.kind == "cell"}
