"""The closed lists the draft file stores as text: a report's status and the kinds of history rows.

They are :class:`~enum.StrEnum` members so that a value read from an old file compares equal to
its member (``"signed" == DraftStatus.SIGNED``) and writing one stores the same text as before:
old drafts read the same. A list such as "the kinds that change a figure" is a property of the
enum, written once, so no query can forget a kind (``redo`` was once left out of one).
"""

from __future__ import annotations

from enum import StrEnum


class DraftStatus(StrEnum):
    FILLING = "filling"  # 填报中
    SUBMITTED = "submitted"  # 待审核
    SIGNED = "signed"  # 已签发

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    DraftStatus.FILLING: "填报中",
    DraftStatus.SUBMITTED: "待审核",
    DraftStatus.SIGNED: "已签发",
}


class HistoryKind(StrEnum):
    """What a row of the draft's history records (the ``kind`` column)."""

    CREATE = "create"
    CELL = "cell"
    FIELD = "field"
    IMPORT = "import"
    UNDO = "undo"
    REDO = "redo"
    FILL_TOTALS = "fill-totals"
    STATUS = "status"
    SIGNOFF = "signoff"
    REOPEN = "reopen"
    EXPLAIN = "explain"
    COMMENT = "comment"
    TEXT = "text"  # a section's text, or the draft's own section list (issue 16)
    CONSOLIDATE = "consolidate"  # a consolidated draft names the reports it sums (issue 17)

    @property
    def label(self) -> str:
        """What the kind is called on screen and on the command line."""
        return _KIND_LABELS[self]

    @property
    def changes_content(self) -> bool:
        """Whether a row of this kind puts a figure or a header/footer text into the draft.

        Whoever wrote such a row is a 填报人 of the report; the last such row of a cell is its
        last change. ``create`` only names the file (its initial values are ``cell`` rows)."""
        return self in _CONTENT_KINDS


_KIND_LABELS = {
    HistoryKind.CREATE: "新建",
    HistoryKind.CELL: "修改",
    HistoryKind.FIELD: "字段",
    HistoryKind.IMPORT: "导入",
    HistoryKind.UNDO: "撤销",
    HistoryKind.REDO: "重做",
    HistoryKind.FILL_TOTALS: "填入合计",
    HistoryKind.STATUS: "状态",
    HistoryKind.SIGNOFF: "签发",
    HistoryKind.REOPEN: "撤销签发",
    HistoryKind.EXPLAIN: "说明",
    HistoryKind.COMMENT: "意见",
    HistoryKind.TEXT: "正文",
    HistoryKind.CONSOLIDATE: "汇总",
}

# Every kind that writes values, fields or the report's text; the figure-writing commands (edit,
# paste, zero fill, fill totals, import, undo, redo) all store one of these, the text ops ``text``.
_CONTENT_KINDS = frozenset(
    {
        HistoryKind.CELL,
        HistoryKind.FIELD,
        HistoryKind.IMPORT,
        HistoryKind.UNDO,
        HistoryKind.REDO,
        HistoryKind.FILL_TOTALS,
        HistoryKind.TEXT,
    }
)

# In the order the history shows them; a tuple for SQL ``IN (...)`` parameters.
CONTENT_KINDS: tuple[HistoryKind, ...] = tuple(k for k in HistoryKind if k.changes_content)
