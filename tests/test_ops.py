"""Every user action is one op over the open document: it returns a change set naming exactly what
it changed, and the document broadcasts that change set once to its listeners.

Core tests: no QApplication is started here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import edit_ops, review, review_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.review import ReviewRefused
from govreport_gui.core.store.draft import Draft, DraftLockedError
from govreport_gui.core.store.kinds import DraftStatus, HistoryKind

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
WARNING_RULE = "normative_published_le_issued"  # more published than issued: a warning


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def doc(tmp_path: Path) -> Iterator[ReportDocument]:
    """The clean example report (no errors, warnings or blanks), open for its 填报人."""
    source = load_values_document(EXAMPLE)
    path = tmp_path / "报表.nianbao"
    Draft.create(path, source.form, "填报人", source.fields, source.values).close()
    document = ReportDocument(Draft.open(path, "填报人"))
    yield document
    document.close()


@pytest.fixture()
def heard(doc: ReportDocument) -> list[ChangeSet]:
    """Every change set the document broadcast, in order."""
    found: list[ChangeSet] = []
    doc.subscribe(found.append)
    return found


def test_an_edit_names_its_cells_fields_and_rules_and_is_broadcast_once(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    total = doc.value("received")
    assert isinstance(total, int)
    change = edit_ops.set_values(doc, {"received": total + 1}, {"head": "王五"})
    assert heard == [change]
    assert change.cells == ("received",) and change.fields == ("head",)
    assert "received_sum" in {r.id for r in change.rules}
    assert not change.status and not change.comments and not change.explanations
    assert doc.value("received") == total + 1 and doc.draft.fields["head"] == "王五"


def test_an_edit_that_changes_nothing_is_no_change_and_no_broadcast(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    change = edit_ops.set_values(doc, {"received": doc.value("received")})
    assert not change and heard == [] and not doc.undo_stack.can_undo()


def test_set_field_clear_paste_each_broadcast_once(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    assert edit_ops.set_field(doc, "unit", "  新单位 ").fields == ("unit",)
    assert doc.draft.fields["unit"] == "新单位"
    cleared = edit_ops.clear(doc, ["website", "other_channel"])
    assert set(cleared.cells) == {"website", "other_channel"}
    assert doc.value("website") is None
    pasted = edit_ops.paste(doc, {"website": 7, "other_channel": 8})
    assert set(pasted.cells) == {"website", "other_channel"}
    assert doc.value("website") == 7
    assert len(heard) == 3 and [h.cells for h in heard[1:]] == [cleared.cells, pasted.cells]
    assert doc.undo_stack.undo_text() == "粘贴 2 格"


def test_fill_totals_fills_only_blank_totals_and_names_them(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    expected = doc.value("received")
    edit_ops.clear(doc, ["received"])
    heard.clear()
    change = edit_ops.fill_totals(doc)
    assert change.cells == ("received",) and heard == [change]
    assert doc.value("received") == expected
    last = doc.draft.last_change("received")
    assert last is not None and last.kind == HistoryKind.FILL_TOTALS
    # Nothing left to fill: no change, no broadcast, no undo step.
    assert not edit_ops.fill_totals(doc) and len(heard) == 1


def test_fill_totals_of_the_selection_leaves_other_totals_blank(doc: ReportDocument) -> None:
    edit_ops.clear(doc, ["received", "closed"])
    change = edit_ops.fill_totals(doc, only=["closed"])
    assert change.cells == ("closed",)
    assert doc.value("received") is None and doc.value("closed") is not None


def test_zero_fill_fills_only_blank_number_cells(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    edit_ops.clear(doc, ["website"])
    heard.clear()
    before = doc.value("other_channel")
    change = edit_ops.zero_blanks(doc, ["website", "other_channel"])
    assert change.cells == ("website",) and heard == [change]
    assert doc.value("website") == 0 and doc.value("other_channel") == before
    assert doc.undo_stack.undo_text() == "空格填 0（1 格）"


def test_import_is_one_step_with_its_source_in_the_history(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    change = edit_ops.import_values(
        doc, {"website": 1, "other_channel": 2}, {"head": "赵六", "phone": ""}, "上报.xlsx"
    )
    assert heard == [change]
    assert set(change.cells) == {"website", "other_channel"} and change.fields == ("head",)
    assert doc.draft.fields["phone"]  # an empty field in the workbook leaves the draft's alone
    entry = doc.draft.last_change("website")
    assert entry is not None and entry.kind == HistoryKind.IMPORT and "上报.xlsx" in entry.note
    assert doc.undo_stack.undo_text() == "从 Excel 导入 上报.xlsx"


def test_review_ops_name_the_status_and_go_through_the_document(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    assert review_ops.submit(doc) == ChangeSet(status=True)
    assert doc.draft.status == DraftStatus.SUBMITTED
    doc.draft.user = "审核人"
    assert review_ops.return_to_filler(doc, "请核对") == ChangeSet(status=True)
    assert doc.draft.status == DraftStatus.FILLING
    doc.draft.user = "填报人"
    review_ops.submit(doc)
    doc.draft.user = "审核人"
    assert review_ops.sign_off(doc, "审核人") == ChangeSet(status=True)
    assert doc.draft.status == DraftStatus.SIGNED and doc.draft.signed
    signoff = review.current_signoff(doc.draft)
    assert signoff is not None and signoff.reviewer == "审核人"
    assert review_ops.reopen(doc, "发现笔误") == ChangeSet(status=True)
    assert doc.draft.status == DraftStatus.FILLING
    assert heard == [ChangeSet(status=True)] * 5
    kinds = [e.kind for e in review.status_history(doc.draft)]
    assert kinds == ["status", "status", "status", "signoff", "reopen"]


def test_a_refused_review_op_broadcasts_nothing(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    with pytest.raises(ReviewRefused):
        review_ops.sign_off(doc, "审核人")  # still 填报中
    with pytest.raises(ReviewRefused):
        review_ops.reopen(doc, "原因")
    assert heard == [] and doc.draft.status == DraftStatus.FILLING


def test_comment_ops_name_the_comments_they_changed(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    doc.draft.user = "审核人"
    added = review_ops.add_comment(doc, "网站公开数请核对", cell="website")
    (first,) = added.comments
    reply = review_ops.add_comment(doc, "再看一下", parent=first)
    (second,) = reply.comments
    assert second != first and not added.cells and not added.status
    on_form = review_ops.add_comment(doc, "请补充电话")
    (third,) = on_form.comments
    resolved = review_ops.resolve_comment(doc, first)
    assert set(resolved.comments) == {first, second}  # the thread, its reply included
    no_reply = review_ops.mark_no_reply_needed(doc, third)
    assert no_reply.comments == (third,)
    assert heard == [added, reply, on_form, resolved, no_reply]
    by_id = {c.id: c for c in review.comments(doc.draft)}
    assert by_id[first].resolved and by_id[second].resolved and by_id[third].no_reply_needed


def test_explain_names_the_rule_and_refreshes_the_documents_explanations(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    issued = doc.value("normative_issued")
    assert isinstance(issued, int)
    edit_ops.set_values(doc, {"normative_published": issued + 1})
    warning = doc.checker.result(WARNING_RULE)
    assert warning.failed and doc.explanation(warning) is None
    heard.clear()
    change = review_ops.explain(doc, WARNING_RULE, "转发上级文件 1 件")
    assert change == ChangeSet(explanations=(WARNING_RULE,)) and heard == [change]
    assert doc.explanation(warning) == "转发上级文件 1 件"
    # The same text again changes nothing: no broadcast.
    assert not review_ops.explain(doc, WARNING_RULE, "转发上级文件 1 件") and len(heard) == 1


def test_ops_refuse_while_submitted_and_change_nothing(
    doc: ReportDocument, heard: list[ChangeSet]
) -> None:
    review_ops.submit(doc)
    heard.clear()
    before = dict(doc.draft.values)
    for op in (
        lambda: edit_ops.set_values(doc, {"website": 1}),
        lambda: edit_ops.clear(doc, ["website"]),
        lambda: edit_ops.zero_blanks(doc, ["website"]),
        lambda: edit_ops.fill_totals(doc),
        lambda: edit_ops.import_values(doc, {"website": 1}, {}, "x.xlsx"),
    ):
        with pytest.raises(DraftLockedError):
            op()
    assert heard == [] and doc.draft.values == before


def test_review_mode_is_a_mode_change(doc: ReportDocument, heard: list[ChangeSet]) -> None:
    assert doc.set_review_mode(True) == ChangeSet(mode=True) and not doc.editable
    assert not doc.set_review_mode(True)  # already on: nothing to tell
    assert doc.set_review_mode(False).editability and doc.editable
    assert heard == [ChangeSet(mode=True), ChangeSet(mode=True)]


def test_change_sets_merge_without_repeating_names() -> None:
    a = ChangeSet(cells=("a", "b"), comments=(1,))
    b = ChangeSet(cells=("b", "c"), status=True)
    merged = a.merged(b)
    assert merged.cells == ("a", "b", "c") and merged.status and merged.comments == (1,)
    assert not ChangeSet() and merged.review and not a.editability
