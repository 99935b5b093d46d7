"""The window's 新建 with 上一年度: the same op as ``govreport new --previous`` (core/ops/new_draft.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import home, window

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import new_draft_dialog
from govreport_gui.gui.main_window import MainWindow

_ = (home, window)  # the window fixtures of gui_helpers


def _fill_dialog(monkeypatch: pytest.MonkeyPatch, year: int, unit: str, previous: Path) -> None:
    def filled_in(self: new_draft_dialog.NewDraftDialog) -> int:
        self.year.setValue(year)
        self.unit.setText(unit)
        self.previous.setText(str(previous))
        return int(new_draft_dialog.NewDraftDialog.DialogCode.Accepted)

    monkeypatch.setattr(new_draft_dialog.NewDraftDialog, "exec", filled_in)


def _last_year(tmp_path: Path) -> Path:
    path = tmp_path / "last.nianbao"
    fields = {"unit": "某某市某某局", "year": "2020"}
    values = {"carry_forward.natural": 7, "carry_forward.total": 11}
    Draft.create(
        path, get_form("gov-disclosure-2019"), "去年", fields=fields, values=values
    ).close()
    return path


def test_new_with_last_year_opens_a_library_draft_with_carried_over_filled_in(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill_dialog(monkeypatch, 2021, "某某市某某局", _last_year(tmp_path))
    window.new_draft()
    assert window.doc is not None
    draft = window.doc.draft
    assert draft.form.id == "gov-disclosure-2021"
    assert draft.values["carried_over.natural"] == 7 and draft.values["carried_over.total"] == 11
    assert draft.previous["carry_forward.natural"] == 7
    assert [d.path for d in library.list_drafts()] == [draft.path]
    assert "某某市某某局" in draft.path.name and "2021" in draft.path.name


def test_new_with_last_year_of_the_wrong_year_says_so_and_makes_nothing(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill_dialog(monkeypatch, 2023, "某某市某某局", _last_year(tmp_path))
    shown: list[str] = []
    monkeypatch.setattr(
        MainWindow, "show_problem", lambda self, text, title="提示": shown.append(text)
    )
    window.new_draft()
    assert window.doc is None
    assert len(shown) == 1 and "2020" in shown[0] and "2022" in shown[0]
    assert library.list_drafts() == []
