"""The sections of a report whose form lets them be edited (the 2014 format had no national list:
the seed's sections are the default): right-click a heading or an outline entry to rename, add,
remove or move a section. Each is one undoable op of :mod:`govreport_gui.core.ops.text_ops`; a
section with text asks before it is removed (undo brings it back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from govreport_gui.core.forms.sections import PREFACE, TABLE
from govreport_gui.core.ops import text_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store.draft import DraftError


class ReportView(Protocol):
    """What the menu uses of the 报告正文 view (gui/report_view.py imports this module: a
    protocol, not an import back, keeps the window free of import cycles)."""

    doc: ReportDocument

    def section_ids(self) -> list[str]: ...
    def heading_text(self, section_id: str) -> str: ...
    def flush(self) -> bool: ...
    def show_problem(self, text: str) -> None: ...
    def jump_to(self, section_id: str, focus: bool = True) -> bool: ...
    def ask_heading(self, title: str, default: str) -> str | None: ...
    def confirm(self, title: str, text: str, yes: str) -> bool: ...


def ask_heading(parent: QWidget, title: str, default: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, "章节标题：", text=default)
    return text.strip() if ok and text.strip() else None


def section_menu(view: ReportView, section_id: str, parent: QWidget) -> QMenu:
    """The menu of one section (its actions disabled where the form or the draft forbids)."""
    doc = view.doc
    menu = QMenu(parent)
    editable = doc.form.sections_editable and doc.editable
    defined = doc.form.section(section_id)
    fixed = section_id == PREFACE or (defined is not None and defined.kind == TABLE)
    ids = view.section_ids()
    position = ids.index(section_id) if section_id in ids else -1
    items: list[tuple[str, str, bool, Callable[[], object]]] = [
        (
            "renameSection",
            "重命名章节…",
            editable and not fixed,
            lambda: rename(view, section_id),
        ),
        ("addSection", "在此后添加章节…", editable, lambda: add(view, section_id)),
        ("removeSection", "删除章节…", editable and not fixed, lambda: remove(view, section_id)),
        (
            "moveSectionUp",
            "上移",
            editable and section_id != PREFACE and position > 1,
            lambda: move(view, section_id, position - 1),
        ),
        (
            "moveSectionDown",
            "下移",
            editable and section_id != PREFACE and 0 < position < len(ids) - 1,
            lambda: move(view, section_id, position + 1),
        ),
    ]
    for name, text, enabled, slot in items:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setEnabled(enabled)
        action.triggered.connect(slot)
    if not doc.form.sections_editable:
        menu.addSeparator()
        note = menu.addAction("本格式的章节由国家统一规定，不能增删或改名")
        note.setEnabled(False)
    return menu


def _run(view: ReportView, op: Callable[[], ChangeSet], then: str | None) -> bool:
    view.flush()  # what was typed is saved before the sections change
    try:
        change = op()
    except text_ops.ConfirmRemoval:
        raise
    except (DraftError, text_ops.SectionTextError) as exc:
        view.show_problem(exc.message if isinstance(exc, DraftError) else str(exc))
        return False
    target = change.sections[0] if change.sections and then is None else then
    if target is not None:
        view.jump_to(target)
    return True


def rename(view: ReportView, section_id: str) -> bool:
    heading = view.ask_heading("重命名章节", view.heading_text(section_id))
    if heading is None:
        return False
    return _run(view, lambda: text_ops.rename_section(view.doc, section_id, heading), section_id)


def add(view: ReportView, after: str) -> bool:
    heading = view.ask_heading("添加章节", "")
    if heading is None:
        return False
    return _run(view, lambda: text_ops.add_section(view.doc, heading, after=after), None)


def remove(view: ReportView, section_id: str) -> bool:
    try:
        return _run(view, lambda: text_ops.remove_section(view.doc, section_id), "preface")
    except text_ops.ConfirmRemoval as question:
        if not view.confirm("删除章节", str(question), "删除"):
            return False
        return _run(
            view, lambda: text_ops.remove_section(view.doc, section_id, confirmed=True), "preface"
        )


def move(view: ReportView, section_id: str, position: int) -> bool:
    return _run(view, lambda: text_ops.move_section(view.doc, section_id, position), section_id)
