"""The open report (ReportDocument): undoable edits saved at once, paste plans, filling totals, and
a signed-off draft refusing every change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import (
    PasteError,
    ReportDocument,
    parse_clipboard,
    plan_paste,
)
from govreport_gui.core.ops.snapshot import report_data
from govreport_gui.core.store.draft import SIGNED, Draft, DraftLockedError

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
    heard: list[ChangeSet] = []
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


FORM_2021 = get_form("gov-disclosure-2021")
APPLICATIONS = next(t for t in FORM_2021.tables if t.id == "applications")  # table 三
NATURAL = [f"{r.id}.natural" for r in APPLICATIONS.rows if not r.heading]  # 自然人, 25 cells


def numbered(cells: list[str]) -> dict[str, Value | None]:
    """Distinct values (101, 102, …) in ``cells``: a value in the wrong cell shows."""
    return {c: 101 + i for i, c in enumerate(cells)}


def copied_from_export(
    tmp_path: Path, form: FormDef, values: dict[str, Value | None], first: str, rows: int
) -> str:
    """What Excel puts on the clipboard when ``rows`` cells are copied down a column of our own
    Excel export, starting at the cell of ``first``: heading rows come as empty lines. (Exported
    once per test and form: every call of a test passes the same values.)"""
    out = tmp_path / f"导出_{form.id}.xlsx"
    if not out.exists():
        source = tmp_path / f"导出来源_{form.id}.nianbao"
        with Draft.create(
            source, form, "填报人", fields={"unit": "某局", "year": "2022"}, values=values
        ) as draft:
            export_xlsx(report_data(draft), out, draft_mode=True)
    workbook = openpyxl.load_workbook(out)
    found = [
        c for ws in workbook for row in ws.iter_rows() for c in row if c.value == values[first]
    ]
    assert len(found) == 1
    sheet, top = found[0].parent, found[0]
    texts = [sheet.cell(top.row + i, top.column).value for i in range(rows)]
    return "".join(("" if t is None else str(t)) + "\r\n" for t in texts)


def draft_doc(tmp_path: Path, form: FormDef) -> ReportDocument:
    path = tmp_path / f"{form.id}.nianbao"
    Draft.create(path, form, "填报人", fields={"unit": "某局"}).close()
    return ReportDocument(Draft.open(path, "填报人"))


def test_paste_a_2021_column_copied_from_the_excel_export_with_its_heading_rows(
    tmp_path: Path,
) -> None:
    values = numbered(NATURAL)
    # The whole 自然人 column of table 三: 30 rows, 5 of them the (blank) headings 三、本年度办理结果,
    # （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理.
    text = copied_from_export(tmp_path, FORM_2021, values, "new.natural", len(APPLICATIONS.rows))
    grid = parse_clipboard(text)
    assert len(grid) == 30 and sum(1 for r in grid if r == [""]) == 5
    doc = draft_doc(tmp_path, FORM_2021)
    try:
        assert plan_paste(doc, "new.natural", grid) == values
        # A part crossing two headings (上年结转 … 2.其他法律行政法规禁止公开): every value in its
        # own cell, nothing cleared.
        part = copied_from_export(tmp_path, FORM_2021, values, "carried_over.natural", 7)
        assert plan_paste(doc, "carried_over.natural", parse_clipboard(part)) == {
            c: values[c]
            for c in (
                "carried_over.natural",
                "granted.natural",
                "partly_granted.natural",
                "withheld_state_secret.natural",
                "withheld_prohibited.natural",
            )
        }
        # Pasted into the 法人或其他组织·商业企业 column: the same rows, the other column.
        plan = plan_paste(doc, "new.commercial", grid)
        assert plan == {c.replace(".natural", ".commercial"): v for c, v in values.items()}
        doc.edit(plan, description="粘贴")
        assert doc.draft.values == plan
    finally:
        doc.close()


def test_paste_a_2014_column_copied_with_its_headings(tmp_path: Path) -> None:
    cells = [c.id for c in FORM.cells]
    values = numbered(cells)
    # From 5.其他方式公开… down to 1.参加或举办新闻发布会…: crosses 二、回应解读情况 and （二）通过不同
    # 渠道和方式回应解读的情况.
    text = copied_from_export(tmp_path, FORM, values, "other_channel", 5)
    lines = [[str(values["other_channel"])], [""], [str(values["hot_topics"])], [""]]
    assert parse_clipboard(text) == [*lines, [str(values["press_conferences"])]]
    doc = draft_doc(tmp_path, FORM)
    try:
        assert plan_paste(doc, "other_channel", parse_clipboard(text)) == {
            c: values[c] for c in ("other_channel", "hot_topics", "press_conferences")
        }
        # The whole column below the first heading, to the end of the table.
        rows = len(FORM.tables[0].rows) - 1
        whole = copied_from_export(tmp_path, FORM, values, "proactive_info", rows)
        assert plan_paste(doc, "proactive_info", parse_clipboard(whole)) == values
    finally:
        doc.close()


def test_paste_a_column_of_value_rows_only_as_before(tmp_path: Path) -> None:
    values = numbered(NATURAL)
    grid = [[str(values[c])] for c in NATURAL]  # 25 rows, no heading rows
    doc = draft_doc(tmp_path, FORM_2021)
    try:
        assert plan_paste(doc, "new.natural", grid) == values
        with pytest.raises(PasteError, match="粘贴了 25 行，但从此处往下只有 24 个可填的行"):
            plan_paste(doc, "carried_over.natural", grid)
    finally:
        doc.close()


def test_paste_with_a_figure_at_a_heading_reads_value_rows_only(tmp_path: Path) -> None:
    doc = draft_doc(tmp_path, FORM_2021)
    try:
        # The second line lines up with the heading 三、本年度办理结果 but is blank, the fifth lines
        # up with （三）不予公开 and holds a figure: the block is not one copied with its headings,
        # so every line fills the next value row, and the blank one clears its cell.
        grid = parse_clipboard("1\n\n2\n3\n4\n")
        assert plan_paste(doc, "carried_over.natural", grid) == {
            "carried_over.natural": 1,
            "granted.natural": None,
            "partly_granted.natural": 2,
            "withheld_state_secret.natural": 3,
            "withheld_prohibited.natural": 4,
        }
    finally:
        doc.close()


def test_paste_copied_with_headings_past_the_end_of_the_table_is_refused(tmp_path: Path) -> None:
    doc = draft_doc(tmp_path, FORM_2021)
    try:
        # Copied with its headings (blank), one row more than the table has from 上年结转 down.
        grid = [[""] if r.heading else ["1"] for r in APPLICATIONS.rows[1:]] + [["1"]]
        with pytest.raises(
            PasteError, match="粘贴了 30 行（含标题行），但从此处往下表格只有 29 行"
        ):
            plan_paste(doc, "carried_over.natural", grid)
    finally:
        doc.close()


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

    filled = fill_totals(doc)
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
    assert fill_totals(doc) == filled  # and it can be done again


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
        lambda: edit_ops.fill_totals(doc),
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


def fill_totals(doc: ReportDocument) -> dict[str, object]:
    """按分项填入合计 through its op; the totals it filled and their new values."""
    change = edit_ops.fill_totals(doc)
    return {c: doc.draft.values.get(c) for c in change.cells}


def test_a_put_off_text_check_shows_nothing_until_worked_out_but_counts_for_decisions(
    tmp_path: Path,
) -> None:
    """The window opens a draft with its text's first check put off (the draft drawn first):
    views see no text problem until it is worked out, then all of them, with one change set that
    says so; whatever decides meanwhile (submission's blockers) gets them all the same."""
    form = get_form("gov-disclosure-2014")
    path = tmp_path / "正文.nianbao"
    slips = "（一）第一项。\n（2）第二项。"
    Draft.create(path, form, "填报人", sections={"disclosure": slips}).close()
    document = ReportDocument(Draft.open(path, "填报人"))
    try:
        heard: list[ChangeSet] = []
        document.subscribe(heard.append)
        document.defer_text_problems()
        assert document.shown_text_problems() == []
        rule_warnings = [r for r in document.checker.problems() if r.severity.value == "warning"]
        assert document.warnings()[0] == len(rule_warnings)  # the status bar's count
        assert [p.id for p in document.text_problems()] == ["text.numbering@disclosure"]
        assert document.shown_text_problems() == []  # still put off for the views
        change = document.work_out_text_problems()
        assert change.text_checked and heard == [change]
        assert [p.id for p in document.shown_text_problems()] == ["text.numbering@disclosure"]
        assert document.warnings()[0] == len(rule_warnings) + 1
        assert not document.work_out_text_problems()  # once
    finally:
        document.close()
    # A draft without text has nothing to put off: no change set to send.
    Draft.create(tmp_path / "无正文.nianbao", form, "填报人").close()
    plain = ReportDocument(Draft.open(tmp_path / "无正文.nianbao", "填报人"))
    try:
        plain.defer_text_problems()
        assert not plain.work_out_text_problems()
    finally:
        plain.close()
