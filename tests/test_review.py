"""Review and sign-off through the API: 填报中 → 待审核 → 已签发, blockers, fingerprint, comments."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from signing import sign_off_as

from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.fingerprint import canonical_text, fingerprint, short
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value, parse_value
from govreport_gui.core.forms.valuesfile import ValuesDocument, load_values_document
from govreport_gui.core.ops import edit_ops, review
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.review import Blocker, ReviewRefused
from govreport_gui.core.store.draft import (
    FILLING,
    SIGNED,
    SUBMITTED,
    Draft,
    DraftLockedError,
    DraftReadOnlyError,
    DraftWriteError,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
FORM = get_form("gov-disclosure-2014")
REQUIRED = [f.key for f in FORM.fields if f.required]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def example() -> ValuesDocument:
    return load_values_document(EXAMPLE)


@pytest.fixture()
def draft(tmp_path: Path) -> Iterator[Draft]:
    """A new draft holding the clean example report (no errors, warnings or blanks)."""
    doc = example()
    d = Draft.create(tmp_path / "report.nianbao", doc.form, "填报人", doc.fields, doc.values)
    yield d
    d.close()


def status_of(draft: Draft) -> str:
    """The status, read afresh (so a type checker does not carry an earlier comparison over)."""
    return draft.status


def locked(draft: Draft) -> bool:
    return draft.locked


def changed_behind_the_back(draft: Draft, sql: str) -> Draft:
    """Close the draft, change its file with plain SQL (as another program might), reopen it."""
    path, user = draft.path, draft.user
    draft.close()
    con = sqlite3.connect(str(path))
    with con:
        con.execute(sql)
    con.close()
    return Draft.open(path, user)


def kinds(found: list[Blocker]) -> list[str]:
    return [b.kind for b in found]


def stored(draft: Draft) -> dict[str, str]:
    """What the file says, read by a separate connection."""
    con = sqlite3.connect(str(draft.path))
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        rows = con.execute("SELECT count(*), coalesce(sum(active), 0) FROM signoff").fetchone()
    finally:
        con.close()
    return {"status": meta["status"], "signoffs": str(rows[0]), "active": str(rows[1])}


# -- the whole round trip ------------------------------------------------------------------------


def test_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = example()
    path = tmp_path / "机关事务管理局_2018.nianbao"
    draft = Draft.create(path, FORM, "填报人")
    doc = ReportDocument(draft)
    try:
        # An empty draft: every value cell is blank and every required field is empty.
        found = review.blockers(draft)
        assert kinds(found) == ["blank"] * len(FORM.cells) + ["field"] * len(REQUIRED)
        with pytest.raises(ReviewRefused) as refused:
            review.submit(draft)
        assert refused.value.blockers == found
        assert draft.status == FILLING

        doc.edit(source.values, source.fields, description="导入示例")  # fill: one undo step
        assert review.blockers(draft, doc.checker) == []

        review.submit(draft, doc.checker)
        assert draft.status == SUBMITTED
        assert stored(draft)["status"] == SUBMITTED

        # The reviewer comments and returns the report.
        draft.user = "审核人"
        on_cell = review.add_comment(draft, "网站公开数请与后台核对", cell="website")
        on_form = review.add_comment(draft, "请补充联系电话分机号")
        with pytest.raises(ReviewRefused):
            review.return_to_filler(draft, "  ")
        review.return_to_filler(draft, "请按意见修改")
        assert draft.status == FILLING
        assert [c.id for c in review.comments(draft, open_only=True)] == [on_cell, on_form]

        # The filler fixes, replies and resolves.
        draft.user = "填报人"
        doc.edit({"website": 329, "other_channel": 41}, description="按意见修改")
        doc.edit(fields={"phone": "0951-0000000"})  # undone: leaves a step to redo
        assert doc.undo()
        assert draft.fields["phone"] == "0951-6038879"
        reply = review.add_comment(draft, "已核对，改为 329", parent=on_cell)
        assert review.comments(draft)[-1].cell == "website"  # a reply is on its parent's cell
        # Dismissing the reviewer's comments is the reviewer's part, not the filler's.
        with pytest.raises(ReviewRefused, match="填报人不能把审核意见标为已解决"):
            review.resolve_comment(draft, on_cell)
        assert [c.id for c in review.unanswered_comments(draft)] == [on_form]

        review.submit(draft, doc.checker)
        draft.user = "审核人"
        review.resolve_comment(draft, on_cell)
        review.resolve_comment(draft, on_form)
        assert review.comments(draft, open_only=True) == []
        assert {c.id for c in review.comments(draft)} == {on_cell, on_form, reply}
        first = review.sign_off(draft, "沈涛", doc.checker)
        assert draft.status == SIGNED and draft.locked
        assert first.reviewer == "沈涛"
        assert first.fingerprint == fingerprint(FORM, draft.fields, draft.values)
        assert first.fingerprint == review.content_fingerprint(draft)
        assert review.current_signoff(draft) == first
        assert stored(draft) == {"status": SIGNED, "signoffs": "1", "active": "1"}

        # Signed: no change of values or fields gets through, by any path.
        before = (dict(draft.values), dict(draft.fields))
        with pytest.raises(DraftLockedError):
            draft.apply({"website": 1})
        with pytest.raises(DraftLockedError):
            draft.apply(fields={"phone": "1"})
        with pytest.raises(DraftLockedError):
            doc.edit({"website": 1})
        with pytest.raises(DraftLockedError):
            edit_ops.type_value(doc, "website", "2")
        assert doc.undo_stack.can_undo() and doc.undo_stack.can_redo()
        with pytest.raises(DraftLockedError):
            doc.undo()
        with pytest.raises(DraftLockedError):
            doc.redo()
        # fill_totals is refused outright, whether or not there is something to fill.
        with monkeypatch.context() as patch, pytest.raises(DraftLockedError):
            patch.setattr(doc.checker, "computable_totals", lambda: {"received": 4})
            edit_ops.fill_totals(doc)
        with pytest.raises(DraftLockedError):
            edit_ops.fill_totals(doc)
        with pytest.raises(DraftLockedError):
            review.explain(draft, "closed_le_received", "说明")
        assert (dict(draft.values), dict(draft.fields)) == before
        assert doc.undo_stack.can_undo() and doc.undo_stack.can_redo()
        # Comments do not change the content: allowed when signed.
        late = review.add_comment(draft, "签发后补充：已归档")
        review.resolve_comment(draft, late)
        # Nothing else moves a signed report except reopening.
        with pytest.raises(ReviewRefused):
            review.submit(draft)
        with pytest.raises(ReviewRefused):
            review.sign_off(draft, "沈涛")
        with pytest.raises(ReviewRefused):
            review.return_to_filler(draft, "原因")

        with pytest.raises(ReviewRefused):
            review.reopen(draft, "")
        review.reopen(draft, "发现网站数据有误")
        assert status_of(draft) == FILLING and not locked(draft)
        assert review.current_signoff(draft) is None
        assert stored(draft) == {"status": FILLING, "signoffs": "1", "active": "0"}

        draft.user = "填报人"  # the figures are corrected by the 填报人, not by the one who signs
        doc.edit({"website": 328, "other_channel": 42})
        review.submit(draft, doc.checker)
        second = sign_off_as(draft, "沈涛", doc.checker)
        assert second.fingerprint != first.fingerprint
        assert second.fingerprint == review.content_fingerprint(draft)
        assert stored(draft) == {"status": SIGNED, "signoffs": "2", "active": "1"}

        history = review.status_history(draft)
        assert [(e.kind, e.old, e.new) for e in history] == [
            ("status", "填报中", "待审核"),
            ("status", "待审核", "填报中"),
            ("status", "填报中", "待审核"),
            ("signoff", "待审核", first.fingerprint),
            ("reopen", first.fingerprint, "填报中"),
            ("status", "填报中", "待审核"),
            ("signoff", "待审核", second.fingerprint),
        ]
        assert history[1].note == "请按意见修改"
        assert history[4].note == "发现网站数据有误"
        assert history[3].note == "签发人：沈涛"
        assert history[3].who == "审核人"
        assert all(e.at.endswith("+00:00") for e in history)
    finally:
        doc.close()

    # Everything is in the file.
    with Draft.open(path, "他人", readonly=True) as again:
        assert again.status == SIGNED
        assert review.current_signoff(again) == second
        assert review.content_fingerprint(again) == second.fingerprint
        assert len(review.status_history(again)) == 7
        kinds_logged = [e.kind for e in again.history()]
        assert kinds_logged.count("comment") == 8  # 4 comments, 4 resolutions (one of 2)


# -- every blocker blocks ----------------------------------------------------------------------


def test_clean_example_has_no_blockers(draft: Draft) -> None:
    assert review.blockers(draft) == []


def test_an_error_blocks_submit_and_sign_off(draft: Draft) -> None:
    draft.apply({"received": 4})
    found = review.blockers(draft)
    assert kinds(found) == ["error"]
    error = found[0]
    assert error.target == "received_sum"
    assert error.cell == "received"
    assert "4" in error.message and "= 3" in error.message
    with pytest.raises(ReviewRefused) as refused:
        review.submit(draft)
    assert refused.value.reasons[1:] == [review.reason_text(b) for b in found]
    assert refused.value.message == "\n".join(refused.value.reasons)
    assert draft.status == FILLING

    # While 待审核 the values are locked: what the reviewer reads is what gets signed.
    draft.apply({"received": 3})
    review.submit(draft)
    with pytest.raises(DraftLockedError, match="已提交审核"):
        draft.apply({"received": 4})
    assert draft.values["received"] == 3
    assert draft.history()[-1].kind == "status"
    # After 退回 the 填报人 may change it again; the error then blocks submitting once more.
    draft.user = "审核人"  # 退回 is the reviewer's (tests/test_roles.py)
    review.return_to_filler(draft, "请核对收到申请数")
    draft.user = "填报人"
    draft.apply({"received": 4})
    with pytest.raises(ReviewRefused) as refused:
        review.submit(draft)
    assert refused.value.blockers == found
    assert draft.status == FILLING
    assert review.current_signoff(draft) is None
    assert stored(draft) == {"status": FILLING, "signoffs": "0", "active": "0"}


def test_a_blank_cell_blocks(draft: Draft) -> None:
    draft.apply({"weibo": None})
    found = review.blockers(draft)
    assert found == [Blocker("blank", "weibo", found[0].message, "weibo")]
    assert "空白不等于 0" in found[0].message
    with pytest.raises(ReviewRefused):
        review.submit(draft)
    draft.apply({"weibo": 0})  # zero is an answer
    review.submit(draft)
    with pytest.raises(DraftLockedError):
        draft.apply({"weibo": None})
    # Sign-off checks again: a file changed behind the program's back is refused too.
    changed = changed_behind_the_back(draft, "DELETE FROM cell WHERE id = 'weibo'")
    with pytest.raises(ReviewRefused):
        review.sign_off(changed, "沈涛")
    assert stored(changed)["status"] == SUBMITTED
    changed.close()


@pytest.mark.parametrize("key", REQUIRED)
def test_each_required_field_blocks(draft: Draft, key: str) -> None:
    draft.apply(fields={key: ""})
    found = review.blockers(draft)
    assert found == [Blocker("field", key, f"“{FORM.field(key).label}”尚未填写", None)]
    with pytest.raises(ReviewRefused):
        review.submit(draft)
    draft.apply(fields={key: example().fields[key]})
    review.submit(draft)
    with pytest.raises(DraftLockedError):
        draft.apply(fields={key: ""})
    changed = changed_behind_the_back(draft, f"DELETE FROM field WHERE key = '{key}'")
    with pytest.raises(ReviewRefused):
        review.sign_off(changed, "沈涛")
    changed.close()


def test_an_optional_field_does_not_block(draft: Draft) -> None:
    draft.apply(fields={"phone": ""})
    assert review.blockers(draft) == []


def test_an_unexplained_warning_blocks_and_an_explained_one_does_not(draft: Draft) -> None:
    draft.apply({"normative_published": 1})  # more published than issued: a warning only
    found = review.blockers(draft)
    assert [(b.kind, b.target, b.cell) for b in found] == [
        ("warning", "normative_published_le_issued", "normative_published")
    ]
    with pytest.raises(ReviewRefused):
        review.submit(draft)

    draft.user = "李四"
    review.explain(draft, "normative_published_le_issued", "  本年转发上级规范性文件 1 件  ")
    explained = review.explanations(draft)["normative_published_le_issued"]
    assert explained.text == "本年转发上级规范性文件 1 件"
    assert explained.who == "李四"
    assert review.blockers(draft) == []
    review.submit(draft)
    review.sign_off(draft, "沈涛")

    review.reopen(draft, "撤回说明")
    review.explain(draft, "normative_published_le_issued", "")  # '' removes it
    assert review.explanations(draft) == {}
    assert kinds(review.blockers(draft)) == ["warning"]
    logged = [(e.old, e.new) for e in draft.history("normative_published_le_issued")]
    assert logged == [("", "本年转发上级规范性文件 1 件"), ("本年转发上级规范性文件 1 件", "")]


def test_an_explanation_is_for_the_numbers_it_explained(draft: Draft) -> None:
    rule = "normative_published_le_issued"
    draft.apply({"normative_published": 1})
    review.explain(draft, rule, "转发上级文件 1 件")
    assert review.blockers(draft) == []
    explained_for = Checker(draft.form, draft.values, draft.previous).result(rule).text
    assert review.explanations(draft)[rule].numbers == explained_for

    # A figure of the warning changes: the explanation no longer covers it; it blocks again,
    # and says there was an explanation for other numbers.
    draft.apply({"normative_published": 30})
    found = review.blockers(draft)
    assert [(b.kind, b.target) for b in found] == [("warning", rule)]
    assert "数字已改变" in found[0].message and "转发上级文件 1 件" in found[0].message
    with pytest.raises(ReviewRefused):
        review.submit(draft)
    checker = Checker(draft.form, draft.values, draft.previous)
    assert not review.explanations(draft)[rule].covers(checker.result(rule))

    # Explaining again (even with the same words) renews it for the numbers as they are now.
    review.explain(draft, rule, "转发上级文件 1 件")
    assert review.blockers(draft) == []
    # Back to the numbers first explained: explained for 30 now, so it blocks again.
    draft.apply({"normative_published": 1})
    assert kinds(review.blockers(draft)) == ["warning"]


def test_an_explanation_from_an_older_file_still_counts(draft: Draft) -> None:
    """Files before format 3 have no numbers with their explanations: they stay accepted."""
    rule = "normative_published_le_issued"
    draft.apply({"normative_published": 1})
    review.explain(draft, rule, "转发上级文件 1 件")
    changed = changed_behind_the_back(draft, "UPDATE explanation SET numbers = ''")
    changed.apply({"normative_published": 30})
    assert review.blockers(changed) == []
    changed.close()


def test_all_blockers_at_once_in_order(draft: Draft) -> None:
    draft.apply(
        {"received": 4, "normative_published": 1, "budget": None, "weibo": None},
        {"unit": "", "date": ""},
    )
    found = review.blockers(draft)
    assert kinds(found) == ["error", "blank", "blank", "field", "field", "warning"]
    assert [b.target for b in found[1:5]] == ["weibo", "budget", "unit", "date"]
    with pytest.raises(ReviewRefused) as refused:
        review.submit(draft)
    assert len(refused.value.reasons) == 1 + len(found)


def test_a_stale_checker_is_not_trusted(draft: Draft) -> None:
    clean = Checker(draft.form, draft.values)
    draft.apply({"received": 4})
    assert kinds(review.blockers(draft, clean)) == ["error"]
    with pytest.raises(ReviewRefused):
        review.submit(draft, clean)


def test_sign_off_signs_what_is_in_the_file(draft: Draft) -> None:
    review.submit(draft)
    con = sqlite3.connect(str(draft.path))  # changed behind the open draft's back
    con.execute("UPDATE cell SET value = '331' WHERE id = 'website'")
    con.commit()
    con.close()
    with pytest.raises(ReviewRefused) as refused:
        sign_off_as(draft, "沈涛")
    assert "不一致" in refused.value.message
    assert draft.status == SUBMITTED and review.current_signoff(draft) is None


def test_explained_warning_keys_are_expanded_rule_ids(tmp_path: Path) -> None:
    form = get_form("gov-disclosure-2019")
    with Draft.create(tmp_path / "2019.nianbao", form, "填报人") as d:
        review.explain(d, "carried_over_matches_last_year@natural", "上年报告有误")
        assert list(review.explanations(d)) == ["carried_over_matches_last_year@natural"]
        with pytest.raises(ValueError, match="没有校验规则"):
            review.explain(d, "carried_over_matches_last_year", "基础标识不是规则")


def test_explain_refuses_unknown_rules_and_errors(draft: Draft) -> None:
    with pytest.raises(ValueError, match="没有校验规则“no_such_rule”"):
        review.explain(draft, "no_such_rule", "说明")
    with pytest.raises(ValueError, match="错误"):
        review.explain(draft, "received_sum", "说明")
    assert review.explanations(draft) == {}


# -- refusals ----------------------------------------------------------------------------------


def test_transitions_from_the_wrong_status_are_refused(draft: Draft) -> None:
    with pytest.raises(ReviewRefused, match="待审核"):
        review.return_to_filler(draft, "原因")
    with pytest.raises(ReviewRefused, match="待审核"):
        review.sign_off(draft, "沈涛")
    with pytest.raises(ReviewRefused, match="已签发"):
        review.reopen(draft, "原因")
    review.submit(draft)
    with pytest.raises(ReviewRefused, match="填报中"):
        review.submit(draft)
    with pytest.raises(ReviewRefused, match="签发人"):
        review.sign_off(draft, "  ")
    assert draft.status == SUBMITTED
    assert [e.kind for e in review.status_history(draft)] == ["status"]


def test_read_only_drafts_change_nothing(draft: Draft) -> None:
    review.submit(draft)
    draft.close()
    with Draft.open(draft.path, "他人", readonly=True) as ro:
        for action in (
            lambda: review.return_to_filler(ro, "原因"),
            lambda: review.sign_off(ro, "沈涛"),
            lambda: review.submit(ro),
            lambda: review.reopen(ro, "原因"),
            lambda: review.explain(ro, "closed_le_received", "说明"),
            lambda: review.add_comment(ro, "意见"),
        ):
            with pytest.raises(DraftReadOnlyError):
                action()
        assert ro.status == SUBMITTED
        assert review.blockers(ro) == []  # reading is fine


def test_a_failed_write_changes_nothing(draft: Draft, monkeypatch: pytest.MonkeyPatch) -> None:
    review.submit(draft)

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(draft, "log", full)
    with pytest.raises(DraftWriteError):
        sign_off_as(draft, "沈涛")
    assert draft.status == SUBMITTED
    assert stored(draft) == {"status": SUBMITTED, "signoffs": "0", "active": "0"}


# -- comments ----------------------------------------------------------------------------------


def test_comments_on_cells_and_the_form(draft: Draft) -> None:
    first = review.add_comment(draft, "收到申请数是否含电话咨询？", cell="received")
    second = review.add_comment(draft, "整体没问题")
    reply = review.add_comment(draft, "不含", parent=first)
    nested = review.add_comment(draft, "好的", parent=reply)
    everything = review.comments(draft)
    assert [(c.id, c.cell, c.parent) for c in everything] == [
        (first, "received", None),
        (second, None, None),
        (reply, "received", first),
        (nested, "received", reply),
    ]
    assert all(c.who == "填报人" and c.resolved_at is None for c in everything)

    review.resolve_comment(draft, first)  # resolves the thread under it
    assert [c.id for c in review.comments(draft, open_only=True)] == [second]
    resolved = review.comments(draft)[0]
    assert resolved.resolved and resolved.resolved_by == "填报人"
    review.resolve_comment(draft, first)  # again: nothing to do
    assert len([e for e in draft.history() if e.kind == "comment"]) == 7

    with pytest.raises(ValueError, match="没有单元格"):
        review.add_comment(draft, "意见", cell="no_such_cell")
    with pytest.raises(ValueError, match="没有编号为 99"):
        review.add_comment(draft, "意见", parent=99)
    with pytest.raises(ValueError, match="不能为空"):
        review.add_comment(draft, "   ")
    with pytest.raises(ValueError):
        review.resolve_comment(draft, 99)


def test_comments_are_allowed_in_every_status(draft: Draft) -> None:
    for step in (
        lambda: None,
        lambda: review.submit(draft),
        lambda: sign_off_as(draft, "沈涛"),
    ):
        step()
        review.add_comment(draft, f"状态：{draft.status_name}", cell="received")
        # The filler's own notes need no answer for the sign-off that follows.
        for c in review.unanswered_comments(draft):
            review.mark_no_reply_needed(draft, c.id)
    assert draft.status == SIGNED
    assert len(review.comments(draft, open_only=True)) == 3


# -- the fingerprint ---------------------------------------------------------------------------


def reference_text(value: Value | None) -> str:
    """A value's canonical text as documented: plain decimals without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def reference_fingerprint(
    form: FormDef, fields: Mapping[str, str], values: Mapping[str, Value | None]
) -> str:
    """The serialisation documented in fingerprint.py, written again from the documentation."""
    text = reference_text
    lines = ["govreport-fingerprint-v1", f"form:{form.id}", f"form-definition:{form.fingerprint}"]
    lines += [f"field:{f.key}={fields.get(f.key, '')}" for f in form.fields]
    lines += [f"cell:{c.id}={text(values.get(c.id))}" for c in form.cells]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def test_fingerprint_matches_the_documented_serialisation(draft: Draft) -> None:
    draft.apply({"budget": Decimal("24252.311082"), "fees": Decimal("0.5")}, {"phone": ""})
    fp = review.content_fingerprint(draft)
    assert fp == reference_fingerprint(FORM, draft.fields, draft.values)
    assert len(fp) == 64 and int(fp, 16) >= 0
    text = canonical_text(FORM, draft.fields, draft.values)
    assert text.startswith(f"govreport-fingerprint-v1\nform:{FORM.id}\nform-definition:")
    assert "\nfield:phone=\n" in text
    assert "\ncell:budget=24252.311082\n" in text and "\ncell:fees=0.5\n" in text
    assert not text.endswith("\n")
    assert short(fp) == " ".join(fp[i : i + 4].upper() for i in range(0, 16, 4))


def test_fingerprint_ignores_how_the_content_was_built(tmp_path: Path) -> None:
    source = example()
    values = dict(source.values)
    values["fees"] = Decimal("10")
    reordered = dict(reversed(list(values.items())))
    fields_reordered = dict(reversed(list(source.fields.items())))
    assert fingerprint(FORM, source.fields, values) == fingerprint(
        FORM, fields_reordered, reordered
    )

    # Separate drafts: one created full, one filled cell by cell in reverse, fees typed as "10.0".
    with (
        Draft.create(tmp_path / "a.nianbao", FORM, "甲", source.fields, values) as a,
        Draft.create(tmp_path / "b.nianbao", FORM, "乙") as b,
    ):
        for key, text in fields_reordered.items():
            b.apply(fields={key: text})
        for cell_id, value in reordered.items():
            b.apply({cell_id: value})
        b.apply({"fees": parse_value(Kind.MONEY, "10.0")})
        assert review.content_fingerprint(a) == review.content_fingerprint(b)
        for d in (a, b):
            review.submit(d)
        # Signed off by someone who entered none of the figures (one reviewer: a key signs for
        # one person).
        assert sign_off_as(a, "丙").fingerprint == sign_off_as(b, "丙").fingerprint

    # A Decimal written with a trailing zero is the same content.
    values_ten = dict(values, fees=Decimal("10.0"))
    assert fingerprint(FORM, source.fields, values_ten) == fingerprint(FORM, source.fields, values)
    assert fingerprint(FORM, source.fields, values) == reference_fingerprint(
        FORM, source.fields, values
    )


BASE = example()


def _new_value(kind: Kind) -> st.SearchStrategy[Value | None]:
    if kind is Kind.MONEY:
        return st.one_of(
            st.none(),
            st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False),
        )
    return st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_any_one_cell_change_changes_the_fingerprint(data: st.DataObject) -> None:
    cell = data.draw(st.sampled_from(FORM.cells), label="cell")
    old = BASE.values.get(cell.id)
    new = data.draw(
        _new_value(cell.kind).filter(lambda v: reference_text(v) != reference_text(old)),
        label="new",
    )
    changed = dict(BASE.values)
    changed[cell.id] = new
    before = fingerprint(FORM, BASE.fields, BASE.values)
    after = fingerprint(FORM, BASE.fields, changed)
    assert before != after
    assert after == reference_fingerprint(FORM, BASE.fields, changed)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    key=st.sampled_from([f.key for f in FORM.fields]),
    text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)
def test_any_one_field_change_changes_the_fingerprint(key: str, text: str) -> None:
    if text == BASE.fields.get(key, ""):
        return
    changed = dict(BASE.fields, **{key: text})
    assert fingerprint(FORM, changed, BASE.values) != fingerprint(FORM, BASE.fields, BASE.values)
