"""The ops on the report's text (issue 16): a section's text, and on a form whose sections may be
edited (2014) adding, renaming, removing and moving sections. Each is an undoable command, saved
at once like a figure, locked like the figures after submission and sign-off.

**One history entry per pause in typing.** The window saves a section's text after each short pause
in typing; a save of the same section by the same user within :data:`MERGE_SECONDS` of the previous
one, with nothing done or undone in between, extends that save — one history row (its ``new`` and
time updated; its ``old`` stays the text before the session) and one undo step — instead of adding
one per pause. A longer pause, another section, another action, or an undo starts a new entry.
``merge=True`` / ``False`` decides explicitly (the command line never merges: each ``set`` is its
own change).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from govreport_gui.core.forms.sections import PREFACE, TABLE
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.commands import Command
from govreport_gui.core.ops.commands import ReportDocument as DocumentProtocol
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.report.figures import figure_ids, token
from govreport_gui.core.report.sections import (
    heading_problem,
    new_section_id,
    normalized_text,
    section_list,
    section_name,
    text_problem,
)
from govreport_gui.core.store.draft import SECTIONS_TARGET
from govreport_gui.core.store.kinds import HistoryKind

# Saves of one section closer together than this are one typing session (see the module text):
# longer than the window's save delay after a pause (about a second), short enough that a
# paragraph written after a real pause is its own entry.
MERGE_SECONDS = 5.0

# The clock of the merge rule (monotonic: a changed system time does not merge or split entries);
# tests replace it rather than wait.
clock: Callable[[], float] = time.monotonic


class SectionTextError(ValueError):
    """A text or a section change that cannot be made; the message says why, in Chinese."""


class ConfirmRemoval(SectionTextError):
    """Removing a section that has text: the front-end asks, then calls again with
    ``confirmed=True``. The message is the question to ask."""


@dataclass
class SetSectionText(Command):
    """A section's text typed (or pasted, or set on the command line): one undo step per typing
    session."""

    section_id: str = ""
    old: str = ""
    new: str = ""
    description: str = "修改正文"
    who: str = ""
    seq: int | None = None  # the history row of ``do`` (extended while the session goes on)
    last: float = 0.0  # the clock when last saved
    open: bool = True  # may still be extended (False once undone or redone)

    def do(self, doc: DocumentProtocol) -> ChangeSet:
        self.old = doc.draft.texts.get(self.section_id, "")
        self.who = doc.draft.user
        changes, self.seq = doc.draft.apply_text({self.section_id: self.new}, HistoryKind.TEXT)
        self.last = clock()
        return ChangeSet(sections=(self.section_id,)) if changes else ChangeSet()

    def extend(self, doc: DocumentProtocol, text: str) -> ChangeSet:
        """The same typing session saved again: the same history row and undo step."""
        changes, seq = doc.draft.apply_text(
            {self.section_id: text}, HistoryKind.TEXT, merge_seq=self.seq
        )
        self.new = text
        self.seq = seq if seq is not None else self.seq
        self.last = clock()
        return ChangeSet(sections=(self.section_id,)) if changes else ChangeSet()

    def undo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_text({self.section_id: self.old}, HistoryKind.UNDO)
        self.open = False
        return ChangeSet(sections=(self.section_id,))

    def redo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_text({self.section_id: self.new}, HistoryKind.REDO)
        self.open = False
        return ChangeSet(sections=(self.section_id,))


Own = tuple[tuple[str, str], ...]


@dataclass
class ChangeSections(Command):
    """The draft's own list of sections changed (added, renamed, removed, moved), with the texts
    that go or come back with it: one undo step."""

    old_list: Own | None = None
    new_list: Own | None = None
    texts: dict[str, str] = field(default_factory=dict)  # what the change writes
    description: str = "修改章节"
    _old_texts: dict[str, str] = field(default_factory=dict)

    def do(self, doc: DocumentProtocol) -> ChangeSet:
        self._old_texts = {i: doc.draft.texts.get(i, "") for i in self.texts}
        doc.draft.apply_sections(self.new_list, self.texts, HistoryKind.TEXT)
        return ChangeSet(sections=tuple(self.texts), headings=True)

    def undo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_sections(self.old_list, self._old_texts, HistoryKind.UNDO)
        return ChangeSet(sections=tuple(self.texts), headings=True)

    def redo(self, doc: DocumentProtocol) -> ChangeSet:
        doc.draft.apply_sections(self.new_list, self.texts, HistoryKind.REDO)
        return ChangeSet(sections=tuple(self.texts), headings=True)


# -- the text ------------------------------------------------------------------------------------


def heading_of(doc: ReportDocument, section_id: str) -> str:
    """How a section is named in messages: its heading, or 开头部分 for the preface."""
    return section_name(doc.form, doc.draft.own_sections, section_id, doc.draft.year)


def check_section(doc: ReportDocument, section_id: str) -> None:
    """Raise SectionTextError unless the draft has a section of that id."""
    ids = doc.draft.section_ids()
    if not ids:
        raise SectionTextError(f"表单“{doc.form.title}”没有报告正文的章节。")
    if section_id not in ids:
        raise SectionTextError(
            f"没有章节“{section_id}”。此草稿的章节：{'、'.join(ids)}"
            "（govreport describe 表单 --json 列出章节）"
        )


def parse_text(doc: ReportDocument, section_id: str, text: str) -> str:
    """The text as it would be stored (line breaks normalised), or SectionTextError."""
    stored = normalized_text(text)
    problem = text_problem(stored, f"“{heading_of(doc, section_id)}”的正文")
    if problem:
        raise SectionTextError(problem)
    unknown = [i for i in dict.fromkeys(figure_ids(stored)) if not doc.form.has_cell(i)]
    if unknown:
        # A figure naming no cell would be published as its braces: refused while it is typed.
        raise SectionTextError(
            f"“{heading_of(doc, section_id)}”的正文引用了本表没有的单元格："
            + "、".join(f"“{token(i)}”" for i in unknown)
            + "。插入数字请写 {{单元格标识}}（标识见 govreport describe 表单），"
            "或在窗口中用 编辑 → 插入数字…。"
        )
    return stored


def set_section_text(
    doc: ReportDocument, section_id: str, text: str, merge: bool | None = None
) -> ChangeSet:
    """A section's text as typed (paragraphs separated by line breaks, figures as {{CELL_ID}}).
    ``merge``: extend the last save of this section (None: by the rule of the module text)."""
    doc.check_editable()
    check_section(doc, section_id)
    stored = parse_text(doc, section_id, text)
    top = doc.undo_stack.top
    if merge is None:
        merge = (
            isinstance(top, SetSectionText)
            and top.open
            and top.section_id == section_id
            and top.who == doc.draft.user
            and clock() - top.last < MERGE_SECONDS
        )
    if merge and isinstance(top, SetSectionText) and top.open and top.section_id == section_id:
        return doc.broadcast(top.extend(doc, stored))
    if stored == doc.draft.texts.get(section_id, ""):
        return ChangeSet()
    command = SetSectionText(section_id=section_id, new=stored)
    command.description = f"修改正文 {heading_of(doc, section_id)}"
    return doc.run(command)


# -- the list of sections (editable forms) -------------------------------------------------------


def _current_list(doc: ReportDocument) -> Own:
    if not doc.form.sections_editable:
        raise SectionTextError(f"表单“{doc.form.title}”的章节是统一规定的，不能增删或改名。")
    return tuple(section_list(doc.form, doc.draft.own_sections))


def _change(
    doc: ReportDocument, new_list: Own, description: str, texts: dict[str, str] | None = None
) -> ChangeSet:
    old = doc.draft.own_sections
    if old is None and new_list == tuple(section_list(doc.form, None)):
        return ChangeSet()
    if old == new_list:
        return ChangeSet()
    return doc.run(ChangeSections(old, new_list, texts or {}, description))


def _heading(heading: str) -> str:
    text = heading.strip()
    problem = heading_problem(text)
    if problem:
        raise SectionTextError(problem)
    return text


def add_section(doc: ReportDocument, heading: str, after: str | None = None) -> ChangeSet:
    """A new text section with ``heading``, after the section ``after`` (default: after the last
    text section, before the attached tables). Its id is the change set's ``sections[0]``."""
    doc.check_editable()
    current = _current_list(doc)
    text = _heading(heading)
    new_id = new_section_id([i for i, _h in current])
    if after is None:
        # Last among the text sections: before the attached tables (2014: 附件).
        position = len(current)
        while position > 1 and _is_table(doc, current[position - 1][0]):
            position -= 1
    else:
        check_section(doc, after)
        position = [i for i, _h in current].index(after) + 1
    new_list = (*current[:position], (new_id, text), *current[position:])
    return _change(doc, new_list, f"添加章节 {text}", {new_id: ""})


def _is_table(doc: ReportDocument, section_id: str) -> bool:
    defined = doc.form.section(section_id)
    return defined is not None and defined.kind == TABLE


def rename_section(doc: ReportDocument, section_id: str, heading: str) -> ChangeSet:
    doc.check_editable()
    current = _current_list(doc)
    check_section(doc, section_id)
    if section_id == PREFACE:
        raise SectionTextError("开头部分没有标题。")
    text = _heading(heading)
    new_list = tuple((i, text if i == section_id else h) for i, h in current)
    return _change(doc, new_list, f"章节改名为 {text}")


def remove_section(doc: ReportDocument, section_id: str, confirmed: bool = False) -> ChangeSet:
    """Remove a text section (and its text: undo brings both back). A section with text raises
    :class:`ConfirmRemoval` unless ``confirmed``."""
    doc.check_editable()
    current = _current_list(doc)
    check_section(doc, section_id)
    name = heading_of(doc, section_id)
    if section_id == PREFACE:
        raise SectionTextError("开头部分不能删除。")
    defined = doc.form.section(section_id)
    if defined is not None and defined.kind == TABLE:
        raise SectionTextError(f"“{name}”是统计表，不能删除。")
    text = doc.draft.texts.get(section_id, "")
    if text and not confirmed:
        raise ConfirmRemoval(
            f"章节“{name}”有正文（{len(text)} 字），删除章节会一并删除正文（可以撤销）。确定删除吗？"
        )
    new_list = tuple((i, h) for i, h in current if i != section_id)
    return _change(doc, new_list, f"删除章节 {name}", {section_id: ""})


def move_section(doc: ReportDocument, section_id: str, position: int) -> ChangeSet:
    """Move a section to ``position`` (0-based in the list; the preface stays first)."""
    doc.check_editable()
    current = _current_list(doc)
    check_section(doc, section_id)
    if section_id == PREFACE:
        raise SectionTextError("开头部分总在最前，不能移动。")
    rest = [s for s in current if s[0] != section_id]
    first = 1 if rest and rest[0][0] == PREFACE else 0
    where = max(first, min(position, len(rest)))
    moved = next(s for s in current if s[0] == section_id)
    new_list = (*rest[:where], moved, *rest[where:])
    return _change(doc, tuple(new_list), f"移动章节 {heading_of(doc, section_id)}")


def arrange_sections(doc: ReportDocument, sections: Sequence[tuple[str, str]]) -> ChangeSet:
    """The draft's sections as ``sections`` lists them, (id, heading) of sections it has, in that
    order, in one step: the preface first, each heading checked as typed; a table section left
    out stays, after the others; a text section left out goes, with its text. How an imported
    2014 report gets its document's sections."""
    doc.check_editable()
    current = _current_list(doc)
    has = {i for i, _h in current}
    listed: dict[str, str] = {}
    for section_id, heading in sections:
        if section_id in has and section_id != PREFACE and section_id not in listed:
            listed[section_id] = _heading(heading)
    kept = [s for s in current if s[0] == PREFACE]
    tables = [s for s in current if _is_table(doc, s[0]) and s[0] not in listed]
    gone = {
        i: "" for i, _h in current if i not in listed and i != PREFACE and not _is_table(doc, i)
    }
    new_list = (*kept, *listed.items(), *tables)
    return _change(doc, new_list, "按文档排列章节", gone)


__all__ = [
    "MERGE_SECONDS",
    "SECTIONS_TARGET",
    "ConfirmRemoval",
    "SectionTextError",
    "add_section",
    "arrange_sections",
    "move_section",
    "remove_section",
    "rename_section",
    "set_section_text",
]
