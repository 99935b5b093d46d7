"""Every Qt model of the window on its own, over a temporary document: Qt's model tester and contents."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    FORM_IDS,
    enter,
    example,
    home,
    new_draft,
    open_draft,
    select,
    window,
)

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.store import settings
from govreport_gui.gui.form_model import FormTableModel
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import ProblemsModel
from govreport_gui.gui.start_page import DraftListModel

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


def test_draft_list_model_with_an_unreadable_file(home: Path, qtmodeltester: Any) -> None:
    folder = settings.library_dir()
    folder.mkdir(parents=True)
    (folder / "坏文件.nianbao").write_bytes(b"not a draft at all")
    model = DraftListModel()
    model.reload()
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "无法读取"
    qtmodeltester.check(model)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_table_model_and_the_problems_model_pass_the_model_tester(
    qtbot: Any, window: MainWindow, qtmodeltester: Any, form_id: str
) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    assert window.page is not None and window.problems is not None
    form: FormDef = window.page.doc.form
    assert [m.table.id for m in window.page.models] == [t.id for t in form.tables]
    for model in window.page.models:
        assert isinstance(model, FormTableModel)
        assert model.rowCount() == len(model.table.rows)
        qtmodeltester.check(model)
    qtmodeltester.check(window.problems.model)


def test_models_of_the_filled_example_with_a_problem(
    qtbot: Any, example: MainWindow, qtmodeltester: Any
) -> None:
    select(qtbot, example, "received")
    enter(qtbot, "4")
    assert example.problems is not None
    assert isinstance(example.problems.model, ProblemsModel)
    assert example.problems.model.rowCount() == 1
    assert example.page is not None
    qtmodeltester.check(example.page.models[0])
    qtmodeltester.check(example.problems.model)
