"""Undo and redo are a command protocol: every undoable op is one command with do / undo / redo.

For each command kind: undo restores exactly the values and fields the draft held before (blank
stays blank, a typed number comes back), on disk and in the checker; redo writes again what the
command wrote; each step is one broadcast. And the bug of issue 12: after type 5, undo, redo, the
cell's last change (its tooltip's 最后修改) is the redo “空 → 5”, not the undo “5 → 空”.

Core tests: no QApplication is started here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from govreport_gui.core.forms.values import Value
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.commands import (
    Command,
    EditField,
    EditValues,
    FillTotals,
    ImportXlsx,
    Paste,
    ZeroFill,
)
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store.draft import Draft
from govreport_gui.core.store.kinds import HistoryKind

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    """The example report with two cells and a total left blank (something to fill)."""
    source = load_values_document(EXAMPLE)
    values = dict(source.values)
    for blank in ("website", "other_channel", "received"):
        values[blank] = None
    p = tmp_path / "报表.nianbao"
    Draft.create(p, source.form, "填报人", source.fields, values).close()
    return p


@pytest.fixture()
def doc(path: Path) -> Iterator[ReportDocument]:
    document = ReportDocument(Draft.open(path, "填报人"))
    yield document
    document.close()


def snapshot(path: Path) -> tuple[dict[str, Value], dict[str, str]]:
    """What the file holds, read by another reader."""
    with Draft.open(path, "查看者", readonly=True) as draft:
        return dict(draft.values), dict(draft.fields)


# Each undoable op, and the command class it must push.
OPS: dict[str, tuple[Callable[[ReportDocument], ChangeSet], type[Command]]] = {
    "edit": (lambda d: edit_ops.set_values(d, {"website": 5, "weibo": 0}), EditValues),
    "field": (lambda d: edit_ops.set_field(d, "head", "新负责人"), EditField),
    "clear": (lambda d: edit_ops.clear(d, ["weibo", "wechat"]), EditValues),
    "paste": (lambda d: edit_ops.paste(d, {"website": 3, "other_channel": 4}), Paste),
    "fill-totals": (lambda d: edit_ops.fill_totals(d), FillTotals),
    "zero-fill": (lambda d: edit_ops.zero_blanks(d, ["website", "other_channel"]), ZeroFill),
    "import": (
        lambda d: edit_ops.import_values(
            d, {"website": 9, "other_channel": 1, "wechat": 2}, {"head": "导入人"}, "a.xlsx"
        ),
        ImportXlsx,
    ),
}


@pytest.mark.parametrize("name", list(OPS))
def test_each_command_undoes_to_exactly_the_prior_state_and_redoes(
    name: str, doc: ReportDocument, path: Path
) -> None:
    op, command_class = OPS[name]
    heard: list[ChangeSet] = []
    doc.subscribe(heard.append)
    before = snapshot(path)
    checker_before = {c.id: doc.checker.value(c.id) for c in doc.form.cells}

    change = op(doc)
    assert change and heard == [change]
    after = snapshot(path)
    assert after != before
    assert isinstance(doc.undo_stack._done[-1], command_class)  # one command, of its own kind
    assert doc.undo_stack.undo_text()

    assert doc.undo()
    assert snapshot(path) == before  # exactly: blanks blank, numbers back, fields back
    assert {c.id: doc.checker.value(c.id) for c in doc.form.cells} == checker_before
    assert (dict(doc.draft.values), dict(doc.draft.fields)) == before
    assert len(heard) == 2 and set(heard[1].cells) == set(change.cells)
    assert not doc.undo_stack.can_undo() and doc.undo_stack.can_redo()

    assert doc.redo()
    assert snapshot(path) == after
    assert (dict(doc.draft.values), dict(doc.draft.fields)) == after
    assert len(heard) == 3 and set(heard[2].cells) == set(change.cells)
    assert doc.undo_stack.can_undo() and not doc.undo_stack.can_redo()
    # The history names each step: the op's kind, then undo, then redo (a field's rows are all
    # of kind ``field``: its old and new text tell the steps apart).
    if change.cells:
        kinds = [e.kind for e in doc.draft.history(change.cells[0])][-3:]
        assert kinds[1:] == [HistoryKind.UNDO, HistoryKind.REDO]
    else:
        steps = [(e.old, e.new) for e in doc.draft.history(change.fields[0])][-3:]
        assert steps[1] == (steps[0][1], steps[0][0]) and steps[2] == steps[0]


def test_an_import_is_undone_in_one_step(doc: ReportDocument, path: Path) -> None:
    before = snapshot(path)
    edit_ops.set_values(doc, {"wechat": 77})
    typed = snapshot(path)
    edit_ops.import_values(doc, {"website": 9, "wechat": 2}, {"head": "导入人"}, "a.xlsx")
    assert doc.undo()
    assert snapshot(path) == typed  # the import's cells and field all at once
    assert doc.undo()
    assert snapshot(path) == before


def test_a_new_command_after_undo_drops_the_redo(doc: ReportDocument) -> None:
    edit_ops.set_values(doc, {"website": 1})
    doc.undo()
    edit_ops.set_values(doc, {"website": 2})
    assert not doc.undo_stack.can_redo() and not doc.redo()
    assert doc.value("website") == 2


def test_last_change_after_type_undo_redo_is_the_redo(doc: ReportDocument) -> None:
    """Bug 1 of issue 12: the history query for a cell's last change left out ``redo``."""
    edit_ops.type_value(doc, "website", "5")
    doc.undo()
    doc.redo()
    last = doc.draft.last_change("website")
    assert last is not None
    assert last.kind == HistoryKind.REDO
    assert (last.old or "空", last.new or "空") == ("空", "5")


def test_every_content_kind_counts_as_a_last_change() -> None:
    """The list is the enum's, complete by construction: every kind that writes a figure."""
    from govreport_gui.core.store.kinds import CONTENT_KINDS

    assert set(CONTENT_KINDS) == {
        HistoryKind.CELL,
        HistoryKind.FIELD,
        HistoryKind.IMPORT,
        HistoryKind.UNDO,
        HistoryKind.REDO,
        HistoryKind.FILL_TOTALS,
        HistoryKind.TEXT,
    }
