"""Undoable commands: one per undoable user action, each with ``do`` / ``undo`` / ``redo``.

A command changes the document only through :meth:`ReportDocument.write` (one durable transaction
with its history rows) and returns the :class:`ChangeSet` of that step; the document broadcasts
it. ``do`` may raise (locked, read-only, disk full): nothing is then changed or recorded, and the
undo stack stays as it was. The same holds for ``undo`` and ``redo``.

Every command that writes values or fields is a :class:`SetValues`: it remembers what the cells and
fields held before, so undo restores exactly the prior values (blank stays blank, 0 stays 0) and
redo writes again what ``do`` wrote. The subclasses name the action (its undo text and the kind of
its history rows): an edit, a paste, 填入合计, 空格填 0, an Excel import, a header/footer field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.store.draft import Draft
from govreport_gui.core.store.kinds import HistoryKind


class ReportDocument(Protocol):
    """What a command uses of the open document (``ops.document.ReportDocument``): its draft and
    its one durable write. A protocol, so the document may hold commands without an import cycle."""

    @property
    def draft(self) -> Draft: ...

    def write(  # the signature of ReportDocument.write
        self,
        values: Mapping[str, Value | None],
        fields: Mapping[str, str],
        kind: str,
        note: str = "",
    ) -> ChangeSet: ...


class Command:
    """The protocol: ``do`` once, then ``undo`` and ``redo`` alternately; ``text`` for the menu."""

    description = ""

    @property
    def text(self) -> str:
        """What 撤销 / 重做 in the Edit menu name (``撤销 粘贴 3 格``)."""
        return self.description

    def do(self, doc: ReportDocument) -> ChangeSet:
        raise NotImplementedError

    def undo(self, doc: ReportDocument) -> ChangeSet:
        raise NotImplementedError

    def redo(self, doc: ReportDocument) -> ChangeSet:
        return self.do(doc)


class SetValues(Command):
    """Set cells and fields together: one transaction, one undo step.

    A plain class, not a dataclass: eight of them would be processed (their methods generated
    and compiled) while the window starts, for a few milliseconds (issue 14). A subclass names
    the action by its class attributes (``kind``: the history rows' kind)."""

    kind: str = HistoryKind.CELL

    def __init__(
        self,
        values: Mapping[str, Value | None] | None = None,
        fields: Mapping[str, str] | None = None,
        description: str = "修改",
        kind: str | None = None,
        note: str = "",  # written on the history rows of ``do`` (an import names its file)
    ) -> None:
        self.values: dict[str, Value | None] = dict(values or {})
        self.fields: dict[str, str] = dict(fields or {})
        self.description = description
        if kind is not None:
            self.kind = kind
        self.note = note
        self._old_values: dict[str, Value | None] = {}
        self._old_fields: dict[str, str] = {}

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(values={self.values!r}, fields={self.fields!r}, "
            f"description={self.description!r}, kind={self.kind!r}, note={self.note!r})"
        )

    def do(self, doc: ReportDocument) -> ChangeSet:
        self._old_values = {c: doc.draft.values.get(c) for c in self.values}
        self._old_fields = {k: doc.draft.fields.get(k, "") for k in self.fields}
        return doc.write(self.values, self.fields, self.kind, self.note)

    def undo(self, doc: ReportDocument) -> ChangeSet:
        return doc.write(self._old_values, self._old_fields, HistoryKind.UNDO)

    def redo(self, doc: ReportDocument) -> ChangeSet:
        return doc.write(self.values, self.fields, HistoryKind.REDO)


class EditValues(SetValues):
    """Typed into a cell, or cleared (Delete)."""


class EditField(SetValues):
    """A header/footer field (单位, 年度, 填报人…) changed."""

    kind = HistoryKind.FIELD


class Paste(SetValues):
    """A block pasted from the clipboard (Excel, WPS, our own table)."""


class FillTotals(SetValues):
    """按分项填入合计: blank totals whose parts are all filled."""

    kind = HistoryKind.FILL_TOTALS


class ZeroFill(SetValues):
    """空格填 0: the chosen blank value cells set to 0."""


class ImportXlsx(SetValues):
    """Every value and field an Excel import changed: undone in one step."""

    kind = HistoryKind.IMPORT


class FillFromFile(SetValues):
    """A values file (``govreport fill``): its values and fields as written there, one step."""

    kind = HistoryKind.IMPORT


class UndoStack:
    def __init__(self) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command, doc: ReportDocument) -> ChangeSet:
        change = command.do(doc)  # raises before anything is recorded
        self._done.append(command)
        self._undone.clear()
        return change

    def can_undo(self) -> bool:
        return bool(self._done)

    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def top(self) -> Command | None:
        """The command an undo would take back (None: none), while nothing was undone since: a
        text saved again in the same typing session extends it (``text_ops``)."""
        return self._done[-1] if self._done and not self._undone else None

    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    def undo(self, doc: ReportDocument) -> ChangeSet | None:
        """Undo the last command; its change set, or None when there was nothing to undo."""
        if not self._done:
            return None
        change = self._done[-1].undo(doc)  # may raise (locked, disk full): the stack stays
        self._undone.append(self._done.pop())
        return change

    def redo(self, doc: ReportDocument) -> ChangeSet | None:
        if not self._undone:
            return None
        change = self._undone[-1].redo(doc)
        self._done.append(self._undone.pop())
        return change

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
