"""The open report (ReportDocument): undoable edits saved at once, paste plans, filling totals, and
a signed-off draft refusing every change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govreport_gui.core.document import (
    DocumentChange,
    PasteError,
    ReportDocument,
    parse_clipboard,
    plan_paste,
)
from govreport_gui.core.draft import SIGNED, Draft, DraftLockedError
from govreport_gui.core.registry import get_form
from govreport_gui.core.values import Value

FORM = get_form("gov-disclosure-2014")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    p = tmp_path / "报表.nianbao"
    Draft.create(p, FORM, "填报人", fields={"unit": "某局"}).close()
    return p


@pytest.fixture()
def doc(path: Path) -> Iterator[ReportDocument]:
    document = ReportDocument(Draft.open(path, "填报人"))
    yield document
    document.close()


def on_disk(path: Path) -> tuple[dict[str, Value], dict[str, str]]:
    with Draft.open(path, "查看者", readonly=True) as draft:
        return dict(draft.values), dict(draft.fields)


def test_edit_undo_redo_on_disk_and_in_the_checker(doc: ReportDocument, path: Path) -> None:
    heard: list[DocumentChange] = []
    doc.subscribe(heard.append)
    rule = "received_sum"
    doc.edit(
        {"received_in_person": 1, "received_fax": 2, "received_online": 3, "received_letter": 4}
    )
    doc.edit({"received": 11}, {"head": "负责人"}, description="填合计")
    assert doc.checker.result(rule).failed
    assert on_disk(path)[0]["received"] == 11 and on_disk(path)[1]["head"] == "负责人"
    assert heard[-1].cells == ("received",) and heard[-1].fields == ("head",)
    assert any(r.id == rule for r in heard[-1].rules)

    assert doc.undo_stack.undo_text() == "填合计"
    assert doc.undo()
    values, fields = on_disk(path)
    assert "received" not in values and "head" not in fields
    assert doc.checker.value("received") is None
    assert not doc.checker.result(rule).failed
    assert doc.draft.values.get("received") is None
    assert doc.undo_stack.can_redo()

    assert doc.redo()
    assert on_disk(path)[0]["received"] == 11 and on_disk(path)[1]["head"] == "负责人"
    assert doc.checker.value("received") == 11
    assert doc.checker.result(rule).failed
    kinds = [h.kind for h in doc.draft.history("received")]
    assert kinds == ["cell", "undo", "redo"]

    # Undo everything: the draft is empty again, on disk and in the checks.
    while doc.undo():
        pass
    assert on_disk(path) == ({}, {"unit": "某局"})
    assert doc.checker.summary().blank == len(FORM.cells)


def test_parse_clipboard_from_excel() -> None:
    assert parse_clipboard("1\t\n2\n３\n") == [["1", ""], ["2"], ["３"]]
    assert parse_clipboard('1\t"2"\r\n3\t4\r\n') == [["1", "2"], ["3", "4"]]


def test_paste_a_column_skips_heading_rows(doc: ReportDocument, path: Path) -> None:
    # normative_issued is the last row before the heading （二）通过不同渠道…; the paste goes on
    # below the heading: gazette, website.
    plan = plan_paste(doc, "normative_issued", parse_clipboard("1\t\n2\n３\n"))
    assert plan == {"normative_issued": 1, "gazette": 2, "website": 3}
    doc.edit(plan, description="粘贴")
    assert {c: on_disk(path)[0][c] for c in plan} == plan
    assert doc.undo()
    assert not set(plan) & set(on_disk(path)[0])


def test_paste_with_a_bad_value_applies_nothing(doc: ReportDocument, path: Path) -> None:
    doc.edit({"gazette": 7})
    before = on_disk(path)
    with pytest.raises(PasteError) as info:
        plan_paste(doc, "normative_issued", parse_clipboard("1\n-2\n３\n"))
    assert len(info.value.problems) == 1
    assert "负数" in info.value.problems[0] and "政府公报" in info.value.problems[0]
    assert on_disk(path) == before and doc.draft.values == {"gazette": 7}
    with pytest.raises(PasteError, match="列"):
        plan_paste(doc, "normative_issued", parse_clipboard("1\t2\n"))
    last = [r for r in FORM.tables[-1].rows if not r.heading][-1]
    with pytest.raises(PasteError, match="行"):
        plan_paste(doc, FORM.tables[-1].cell_at(last.id, "value").id, [["1"], ["2"]])  # type: ignore[union-attr]


def test_fill_totals_fills_only_blank_totals_in_one_undo_step(
    doc: ReportDocument, path: Path
) -> None:
    refused = [
        "refused_state_secret",
        "refused_commercial_secret",
        "refused_privacy",
        "refused_security",
        "refused_not_government_info",
        "refused_other_law",
    ]
    answered_parts = [
        "answered_already_public",
        "answered_granted",
        "answered_partly_granted",
        "answered_not_this_agency",
        "answered_not_exist",
        "answered_asked_to_amend",
        "answered_other_channel",
    ]
    values: dict[str, Value | None] = dict.fromkeys(refused, 1)
    values.update(dict.fromkeys(answered_parts, 2))
    # The parts of 收到申请数 are filled, and the total was typed (wrongly): it stays as typed.
    values.update(received_in_person=1, received_fax=1, received_online=1, received_letter=1)
    values["received"] = 9
    values["staff_full_time"] = 3  # staff_part_time blank: 工作人员 cannot be computed
    doc.edit(values, description="录入")

    filled = doc.fill_totals()
    assert filled == {"answered_refused": 6, "answered": 6 + 7 * 2}
    disk = on_disk(path)[0]
    assert disk["answered_refused"] == 6 and disk["answered"] == 20
    assert disk["received"] == 9 and "staff" not in disk
    assert doc.checker.value("answered") == 20
    assert doc.undo_stack.undo_text().startswith("按分项填入合计")
    assert {h.kind for h in doc.draft.history("answered")} == {"fill-totals"}

    assert doc.undo()  # one step takes both totals away
    disk = on_disk(path)[0]
    assert "answered" not in disk and "answered_refused" not in disk
    assert disk["refused_privacy"] == 1 and disk["received"] == 9
    assert doc.undo_stack.undo_text() == "录入"
    assert doc.fill_totals() == filled  # and it can be done again


def sign(doc: ReportDocument) -> None:
    draft = doc.draft
    with draft.transaction() as (con, batch, at):
        draft.set_meta(con, "status", SIGNED)
        draft.log(con, batch, at, "signoff", "draft", None, "审核人")
    draft.meta["status"] = SIGNED


def test_signed_draft_refuses_edit_undo_redo_and_apply(doc: ReportDocument, path: Path) -> None:
    doc.edit({"received": 1})
    doc.edit({"received": 2})
    assert doc.undo()  # one step to undo, one to redo
    sign(doc)
    assert doc.draft.locked and not doc.editable
    before = on_disk(path)
    for attempt in (
        lambda: doc.edit({"received": 3}),
        lambda: doc.edit(fields={"unit": "别的局"}),
        doc.undo,
        doc.redo,
        doc.fill_totals,
        lambda: doc.draft.apply({"received": 3}),
        lambda: doc.draft.apply(fields={"unit": "别的局"}),
    ):
        with pytest.raises(DraftLockedError) as info:
            attempt()
        assert "签发" in info.value.message
    assert on_disk(path) == before
    assert doc.draft.values["received"] == 1 and doc.checker.value("received") == 1
    assert doc.undo_stack.can_undo() and doc.undo_stack.can_redo()
    # Still signed when opened again (the status is in the file).
    doc.close()
    with Draft.open(path, "填报人") as again:
        assert again.locked
        with pytest.raises(DraftLockedError):
            again.apply({"received": 5})
