"""A draft another window holds opens read only: nothing typed, pasted or cleared reaches it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any

import pytest
from gui_helpers import (
    CTRL,
    K,
    dismiss_message_boxes,
    doc_value,
    focused,
    holder,
    home,
    press,
    saved_values,
    select,
    type_text,
    view_of,
    wait_ready,
    window,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import style
from govreport_gui.gui.main_window import MainWindow

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, holder)  # the window fixtures of gui_helpers


def test_a_draft_held_by_another_window_opens_read_only(
    qtbot: Any, window: MainWindow, holder: list[Draft]
) -> None:
    path = library.create_example()
    holder.append(Draft.open(path, "王五"))
    assert window.open_path(path)
    wait_ready(qtbot, window)
    assert window.doc is not None and window.doc.draft.readonly
    assert window.banner.isVisible()
    assert "只读" in window.banner.text()
    assert "王五" in window.banner.text()
    assert "（只读）" in window.windowTitle()
    view = view_of(window)
    model = view.form_model
    for cell in model.table.cells:
        flags = model.flags(model.index_of(cell.id))
        assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.index_of("website").data(Qt.ItemDataRole.BackgroundRole) == style.LOCKED_BG
    assert window.page is not None
    assert all(edit.isReadOnly() for edit in window.page.field_edits.values())
    assert not window.act_fill.isEnabled()
    assert not window.act_paste.isEnabled()

    before = saved_values(path)
    select(qtbot, window, "website")
    type_text(qtbot, "5")
    assert not isinstance(focused(), QLineEdit)
    press(qtbot, K.Key_Return)
    view.paste("1\n2\n")
    press(qtbot, K.Key_Delete)
    press(qtbot, K.Key_Z, CTRL)
    dismiss_message_boxes(window)
    assert doc_value(window, "website") == 330
    assert saved_values(path) == before
    assert window.doc.undo_stack.can_undo() is False
