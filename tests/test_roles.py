"""The 填报人 and the 审核人: who may sign off, unanswered comments, 不需答复, what changed
since the last 退回 — in core and on the command line (the same rules)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from signing import sign_off_as

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review, review_changes
from govreport_gui.core.ops.review import STATUS_TARGET, ReviewRefused
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import FILLING, SIGNED, SUBMITTED, Draft
from govreport_gui.core.store.draft_schema import APPLICATION_ID, MIGRATIONS, SCHEMA_V1

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOVREPORT_USER", raising=False)


@pytest.fixture()
def draft(tmp_path: Path) -> Iterator[Draft]:
    """The clean example, entered by 张三 and submitted for review."""
    doc = load_values_document(EXAMPLE)
    d = Draft.create(tmp_path / "report.nianbao", doc.form, "张三", doc.fields, doc.values)
    review.submit(d)
    yield d
    d.close()


def as_user(draft: Draft, name: str) -> Draft:
    draft.user = name
    return draft


def test_whoever_entered_figures_cannot_sign_them_off(draft: Draft) -> None:
    with pytest.raises(ReviewRefused) as refused:
        review.sign_off(draft, "张三")
    assert "签发人不能是填报人：张三录入了本表的数字" in str(refused.value)
    assert draft.status == SUBMITTED and review.current_signoff(draft) is None

    # Somebody who changed only a field (the phone number) entered content too.
    review.return_to_filler(as_user(draft, "李四"), "电话请写分机")
    as_user(draft, "王五").apply(fields={"phone": "0951-6038879-8"})
    review.submit(draft)
    with pytest.raises(ReviewRefused, match="签发人不能是填报人：王五"):
        review.sign_off(as_user(draft, "李四"), " 王五 ")
    authors = review.figure_authors(draft)
    assert set(authors) == {"张三", "王五"} and authors["王五"] == 1

    signed = review.sign_off(draft, "李四")
    assert draft.status == SIGNED and signed.reviewer == "李四"


def test_a_filler_cannot_sign_off_under_another_name(draft: Draft) -> None:
    """Who signs is who acts: 张三 entered every figure, and writing 沈涛 as the 签发人 does not
    make 张三's sign-off a review (the history said 张三|signoff|签发人：沈涛)."""
    for acting in ("张三", "张 三"):
        with pytest.raises(ReviewRefused) as refused:
            review.sign_off(as_user(draft, acting), "沈涛")
        assert refused.value.reasons[0] == "不能签发："
        assert refused.value.reasons[1] == (
            "签发人不能是填报人：正在操作的张三录入了本表的数字或表头表尾（65 处修改），"
            "不能以沈涛的名义签发，请由沈涛本人签发。"
        )
        assert draft.status == SUBMITTED and review.current_signoff(draft) is None
    assert [e.kind for e in draft.history()].count("signoff") == 0
    # The reviewer acting for themselves still signs.
    assert review.sign_off(as_user(draft, "沈涛"), "沈涛").reviewer == "沈涛"


RETURN_REFUSED = (
    "填报人不能退回：正在操作的张三录入了本表的数字或表头表尾（65 处修改）。"
    "退回是审核人的事：如需收回已提交的报表再修改，请审核人退回。"
)


def test_a_filler_cannot_return_the_draft(draft: Draft) -> None:
    """退回 is the reviewer's: 张三, who entered every figure, returning his own submission "as
    reviewer" would pass for a review that never was (under any spelling of his name)."""
    rows = len(draft.history())
    for acting in ("张三", "张　三"):
        with pytest.raises(ReviewRefused) as refused:
            review.return_to_filler(as_user(draft, acting), "我自己退回")
        assert refused.value.reasons == [RETURN_REFUSED]
    assert draft.status == SUBMITTED and len(draft.history()) == rows
    # The reviewer returns it.
    review.return_to_filler(as_user(draft, "李四"), "请核对")
    assert draft.status == FILLING and draft.history()[-1].who == "李四"


def test_a_filler_cannot_revoke_the_sign_off(draft: Draft) -> None:
    """撤销签发 is the reviewer's: a 填报人 who could revoke 李四's sign-off could change the
    figures and submit them again, and the sign-off would mean nothing."""
    signed = sign_off_as(draft, "李四")
    rows = len(draft.history())
    with pytest.raises(ReviewRefused) as refused:
        review.reopen(as_user(draft, "张三"), "我要改数字")
    assert refused.value.reasons == [
        "填报人不能撤销签发：正在操作的张三录入了本表的数字或表头表尾（65 处修改）。"
        "撤销签发是审核人的事：如需修改已签发的报表，请签发人李四或另一位审核人撤销签发。"
    ]
    assert draft.status == SIGNED and review.current_signoff(draft) == signed
    assert len(draft.history()) == rows
    # The signer revokes his own sign-off; another reviewer (no 填报人) may too.
    review.reopen(as_user(draft, "李四"), "会议数有误")
    assert draft.status == FILLING and review.current_signoff(draft) is None
    review.submit(as_user(draft, "张三"))
    sign_off_as(draft, "李四")
    review.reopen(as_user(draft, "赵六"), "李四出差，由我撤销")
    assert draft.status == FILLING and draft.history()[-1].who == "赵六"


def test_a_signer_who_entered_figures_is_not_named_as_the_one_to_revoke(draft: Draft) -> None:
    """A sign-off made before the rule (or crafted) by one who also entered figures: the
    refusal does not send the 填报人 to him."""
    signed = sign_off_as(draft, "沈涛")
    with draft.con:  # 沈涛's change to a figure, as such a draft's history holds it
        draft.con.execute(
            "INSERT INTO history (batch, at, who, kind, target, old, new, note) "
            "VALUES (0, '2018-01-01T00:00:00+00:00', '沈涛', 'cell', 'website', '1', '330', '')"
        )
    for acting in ("张三", "沈涛"):
        with pytest.raises(ReviewRefused) as refused:
            review.reopen(as_user(draft, acting), "改数字")
        assert refused.value.reasons[0].endswith(
            "撤销签发是审核人的事：如需修改已签发的报表，请审核人撤销签发。"
        )
    assert draft.status == SIGNED and review.current_signoff(draft) == signed


@pytest.mark.parametrize("typed", ["张 三", "张\u3000三", " 张  三 ", "张\t三"])
def test_the_same_name_typed_with_spaces_is_still_the_filler(draft: Draft, typed: str) -> None:
    """A Chinese name has no spaces: "张 三" or "张　三" (a full-width space, as Chinese input
    methods type it) is 张三, who entered the figures; the space must not let 张三 sign off."""
    with pytest.raises(ReviewRefused, match="签发人不能是填报人：张三录入了本表的数字"):
        review.sign_off(as_user(draft, typed), typed)
    assert draft.status == SUBMITTED and review.current_signoff(draft) is None


def test_an_unanswered_comment_blocks_sign_off_until_answered(draft: Draft) -> None:
    reviewer = as_user(draft, "李四")
    asked = review.add_comment(reviewer, "网站公开数请与后台核对", cell="website")
    review.return_to_filler(reviewer, "请按意见核对")
    as_user(draft, "张三").apply({"website": 329, "other_channel": 41})
    review.submit(draft)

    with pytest.raises(ReviewRefused) as refused:
        review.sign_off(as_user(draft, "李四"), "李四")
    assert refused.value.reasons[0] == "不能签发："
    assert any(f"意见 #{asked}（“政府网站公开政府信息数”" in r for r in refused.value.reasons)
    assert draft.status == SUBMITTED

    # The reviewer's own follow-up in the thread is no answer; the 填报人's reply is.
    review.add_comment(draft, "请尽快", parent=asked)
    assert [c.id for c in review.unanswered_comments(draft)] == [asked]
    review.add_comment(as_user(draft, "李　四"), "再催一次", parent=asked)  # the same 李四
    assert [c.id for c in review.unanswered_comments(draft)] == [asked]
    review.add_comment(as_user(draft, "张三"), "已核对，改为 329", parent=asked)
    assert review.unanswered_comments(draft) == []
    assert review.sign_off(as_user(draft, "李四"), "李四").reviewer == "李四"


def test_an_answer_to_a_follow_up_answers_the_thread(draft: Draft) -> None:
    """`comment --reply-to 2` where #2 is the reviewer's own follow-up under #1: the 填报人's
    answer sat under the follow-up, and #1 stayed 待答复 and blocked the sign-off for good (only
    direct replies to #1 counted), and the window listed no such reply at all."""
    asked = review.add_comment(as_user(draft, "李四"), "网站公开数请与后台核对", cell="website")
    follow_up = review.add_comment(draft, "另：微博公开数也请核对", parent=asked)
    assert [c.id for c in review.unanswered_comments(draft)] == [asked]
    answer = review.add_comment(as_user(draft, "张三"), "都已核对，无误", parent=follow_up)
    assert review.unanswered_comments(draft) == []
    # The thread, as the window lists it: the first comment, then every reply under it.
    assert [(c.id, [r.id for r in replies]) for c, replies in review.threads(draft)] == [
        (asked, [follow_up, answer])
    ]
    assert review.sign_off(as_user(draft, "李四"), "李四").reviewer == "李四"


def test_a_reply_row_crafted_to_point_at_itself_answers_nothing(draft: Draft) -> None:
    asked = review.add_comment(as_user(draft, "李四"), "请核对")
    path = draft.path
    draft.close()
    con = sqlite3.connect(str(path))
    with con:  # a reply to itself, and one to a later comment: nothing the program writes
        con.executemany(
            "INSERT INTO comment (id, parent, at, who, text) VALUES (?, ?, 'x', '张三', '好')",
            [(7, 7), (8, 9), (9, 8)],
        )
    con.close()
    with Draft.open(path, "李四") as d:
        assert [c.id for c in review.unanswered_comments(d)] == [asked]
        assert [c.id for c, _ in review.threads(d)] == [asked]


def test_no_reply_needed_is_the_reviewers_and_is_recorded(draft: Draft) -> None:
    note = review.add_comment(as_user(draft, "李四"), "本年度依申请公开数较上年明显下降")
    with pytest.raises(ReviewRefused, match="填报人不能把审核意见标为“不需答复”"):
        review.mark_no_reply_needed(as_user(draft, "张三"), note)
    with pytest.raises(ReviewRefused, match="填报人不能把审核意见标为已解决"):
        review.resolve_comment(draft, note)
    assert [c.id for c in review.unanswered_comments(draft)] == [note]

    review.mark_no_reply_needed(as_user(draft, "李四"), note)
    marked = review.comments(draft)[0]
    assert marked.no_reply_needed and marked.no_reply_by == "李四" and marked.no_reply_at
    assert not marked.resolved  # still an open comment, just not one that waits for an answer
    assert review.unanswered_comments(draft) == []
    last = draft.history()[-1]
    assert (last.kind, last.who, last.new, last.note) == ("comment", "李四", "不需答复", f"#{note}")
    with pytest.raises(ValueError, match="没有编号为 99"):
        review.mark_no_reply_needed(draft, 99)
    assert review.sign_off(draft, "李四").reviewer == "李四"


def test_the_filler_may_settle_their_own_notes(draft: Draft) -> None:
    own = review.add_comment(as_user(draft, "张三"), "网站数据以年底统计为准")
    review.mark_no_reply_needed(draft, own)
    assert review.unanswered_comments(draft) == []


def test_a_version_3_draft_gains_the_no_reply_columns(tmp_path: Path) -> None:
    path = tmp_path / "旧版本.nianbao"
    con = sqlite3.connect(str(path))
    con.executescript(SCHEMA_V1 + MIGRATIONS[1] + MIGRATIONS[2])
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 3")
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("form_id", "gov-disclosure-2014"), ("status", "submitted")],
    )
    con.execute(
        "INSERT INTO comment (cell, at, who, text) VALUES (NULL, '2019-01-01', '李四', '意见')"
    )
    con.commit()
    con.close()
    with Draft.open(path, "李四") as d:
        assert d.migrated_backup is not None and d.migrated_backup.exists()
        assert [c.no_reply_needed for c in review.comments(d)] == [False]
        review.mark_no_reply_needed(d, 1)
        assert review.comments(d)[0].no_reply_by == "李四"


def test_changes_since_the_last_return(draft: Draft) -> None:
    assert review_changes.changes_since_return(draft) == []  # never returned
    review.return_to_filler(as_user(draft, "李四"), "请核对")
    filler = as_user(draft, "张三")
    filler.apply({"website": 300})
    filler.apply({"website": 329, "other_channel": 41})  # website twice: one change
    filler.apply({"trainees": 41})
    filler.apply({"trainees": 40})  # changed and changed back: no change
    filler.apply(fields={"phone": "0951-1234567"})
    review.explain(filler, "closed_le_received", "结转的申请在本年办结")
    review.add_comment(filler, "已按意见修改")  # a comment is not a change of content
    review.submit(filler)

    changes = review_changes.changes_since_return(draft)
    assert [(c.kind, c.target, c.old, c.new, c.who) for c in changes] == [
        ("cell", "website", "330", "329", "张三"),
        ("cell", "other_channel", "40", "41", "张三"),
        ("field", "phone", "0951-6038879", "0951-1234567", "张三"),
        ("explain", "closed_le_received", "", "结转的申请在本年办结", "张三"),
    ]
    assert changes[0].text == "政府网站公开政府信息数：330 → 329（张三）"
    assert list(review_changes.changed_cells(draft)) == ["website", "other_channel"]

    # A second 退回 starts afresh: only what changed after it counts.
    review.return_to_filler(as_user(draft, "李四"), "再核对一次")
    as_user(draft, "张三").apply({"meetings": 9})
    assert [c.target for c in review_changes.changes_since_return(draft)] == ["meetings"]

    # After a sign-off is withdrawn (撤销签发), the changes after that count.
    as_user(draft, "张三").apply({"meetings": 2})
    review.submit(draft)
    review.resolve_comment(as_user(draft, "李四"), 1)
    review.sign_off(draft, "李四")
    review.reopen(draft, "会议数有误")
    as_user(draft, "张三").apply({"training_classes": 2})
    assert [c.target for c in review_changes.changes_since_return(draft)] == ["training_classes"]


def _pad_history(draft: Draft, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    """History rows (kind, target, old, new) as a crafted draft may hold them, by the thousand."""
    with draft.con:
        draft.con.executemany(
            "INSERT INTO history (batch, at, who, kind, target, old, new, note) "
            "VALUES (0, '2024-01-01T00:00:00+00:00', '张三', ?, ?, ?, ?, '')",
            rows,
        )


def _return_and_revise(draft: Draft) -> list[tuple[str, str, str, str, str]]:
    review.return_to_filler(as_user(draft, "李四"), "请核对")
    filler = as_user(draft, "张三")
    filler.apply({"website": 300})
    filler.apply({"website": 329, "other_channel": 41})
    filler.apply(fields={"phone": "0951-1234567"})
    review.explain(filler, "closed_le_received", "结转的申请在本年办结")
    return [
        (c.kind, c.target, c.old, c.new, c.who) for c in review_changes.changes_since_return(draft)
    ]


def test_a_long_history_gives_the_same_changes_since_the_return(
    draft: Draft, tmp_path: Path
) -> None:
    doc = load_values_document(EXAMPLE)
    plain = Draft.create(tmp_path / "plain.nianbao", doc.form, "张三", doc.fields, doc.values)
    try:
        review.submit(plain)
        expected = _return_and_revise(plain)
    finally:
        plain.close()
    assert expected == [
        ("cell", "website", "330", "329", "张三"),
        ("cell", "other_channel", "40", "41", "张三"),
        ("field", "phone", "0951-6038879", "0951-1234567", "张三"),
        ("explain", "closed_le_received", "", "结转的申请在本年办结", "张三"),
    ]
    # Thousands of changes before the 退回 (of cells, fields, 说明, names no form has) ...
    kinds = ("cell", "field", "explain", "undo", "comment")
    _pad_history(
        draft, [(kinds[n % 5], f"meetings{n % 3 or ''}", str(n), str(n + 1)) for n in range(6000)]
    )
    assert _return_and_revise(draft) == expected
    # ... and after it: a figure changed and changed back, a field of a cell's name (apart from
    # the cell), rows of no cell, a comment: the same changes, and one figure more.
    _pad_history(
        draft,
        [("cell", "meetings", "2", str(n)) for n in range(3000)]
        + [
            ("undo", "meetings", "5", "2"),
            ("field", "meetings", "", "x"),
            ("field", "meetings", "x", ""),
        ]
        + [("cell", f"no_such_cell_{n}", "", "1") for n in range(3000)]
        + [("comment", "website", None, "意见"), ("redo", "trainees", "40", "41")],
    )
    changes = review_changes.changes_since_return(draft)
    assert [(c.kind, c.target, c.old, c.new, c.who) for c in changes] == [
        *expected,
        ("cell", "trainees", "40", "41", "张三"),
    ]


def _last_return_read_row_by_row(draft: Draft) -> int | None:
    """The last 退回 or 撤销签发 found as the status rows were once read: every one, in order."""
    found = None
    for entry in draft.history(STATUS_TARGET):
        if (entry.kind == "status" and entry.old == "待审核") or entry.kind == "reopen":
            found = entry.seq
    return found


def test_the_last_return_among_many_status_rows_is_the_same(draft: Draft) -> None:
    """The last 退回 is read by one query, not by reading every status row: the same row for a
    draft with returns, reopenings (撤销签发), submissions and thousands of other rows."""
    assert review_changes.last_return(draft) is None
    review.return_to_filler(as_user(draft, "李四"), "请核对")
    first = review_changes.last_return(draft)
    assert first is not None and first.seq == _last_return_read_row_by_row(draft)
    # Submissions (填报中 → 待审核), 退回 and 撤销签发 rows by the thousand, and rows of other
    # kinds and targets that look like a 退回 (a cell named like the status, a comment).
    rows: list[tuple[str, str, str | None, str | None]] = []
    for n in range(3000):
        rows.append(("status", STATUS_TARGET, "填报中", "待审核"))
        rows.append(
            ("status", STATUS_TARGET, "待审核", "填报中")
            if n % 7
            else ("reopen", STATUS_TARGET, "已签发", "填报中")
        )
    rows += [("status", STATUS_TARGET, "填报中", "待审核")] * 2000
    rows += [("cell", STATUS_TARGET, "待审核", "1"), ("status", "website", "待审核", "填报中")]
    rows += [("comment", STATUS_TARGET, None, "意见")]
    _pad_history(draft, rows)
    last = review_changes.last_return(draft)
    assert last is not None and last.seq == _last_return_read_row_by_row(draft)
    assert (last.kind, last.old) == ("status", "待审核")
    # A 撤销签发 after it is the last one now.
    _pad_history(draft, [("reopen", STATUS_TARGET, "已签发", "填报中"), *rows[-3:]])
    last = review_changes.last_return(draft)
    assert last is not None and last.seq == _last_return_read_row_by_row(draft)
    assert last.kind == "reopen"


def test_government_user_environment_gives_the_name(monkeypatch: pytest.MonkeyPatch) -> None:
    settings.set_user_name("设置中的名字")
    assert settings.current_user() == "设置中的名字"
    monkeypatch.setenv("GOVREPORT_USER", "  打包 测试  ")
    assert settings.current_user() == "打包 测试"
    monkeypatch.setenv("GOVREPORT_USER", "   ")
    assert settings.current_user() == "设置中的名字"


# -- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def refused_lines(capsys: pytest.CaptureFixture[str], *args: str | Path) -> list[str]:
    """A refused command: exit 1, nothing on stdout; its stderr lines, stripped."""
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    return [line.strip() for line in err.splitlines()]


def test_command_line_follows_the_same_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "命令行.nianbao"
    assert run(capsys, "new", path, "--form", "gov-disclosure-2014", "--user", "张三")[0] == 0
    assert run(capsys, "fill", path, "--values", EXAMPLE, "--user", "张三")[0] == 0
    assert run(capsys, "submit", path, "--user", "张三")[0] == 0
    assert run(capsys, "comment", path, "--cell", "website", "请核对", "--user", "李四")[0] == 0

    code, _, err = run(capsys, "signoff", path, "--reviewer", "张三")
    assert code == 1
    lines = [line.strip() for line in err.splitlines()]
    assert lines[0] == "govreport：不能签发："
    assert any(line.startswith("签发人不能是填报人：张三录入了本表的数字") for line in lines)
    assert any(line.startswith("意见 #1") and "尚未答复" in line for line in lines)

    code, _, err = run(capsys, "comment", path, "--no-reply-needed", "1", "--user", "张三")
    assert code == 1 and "填报人不能把审核意见标为“不需答复”" in err
    code, _, err = run(capsys, "comment", path, "--no-reply-needed", "x", "--user", "李四")
    assert code == 2 and "--no-reply-needed 后应写意见编号" in err
    code, out, _ = run(capsys, "comment", path, "--no-reply-needed", "1", "--user", "李四")
    assert code == 0 and "意见 #1 已标为“不需答复”（李四）" in out
    code, out, _ = run(capsys, "comments", path)
    assert "不需答复（李四）" in out

    # The filler acting under the reviewer's name is refused: the acting user is who signs.
    assert refused_lines(capsys, "signoff", path, "--reviewer", "李四", "--user", "张三") == [
        "govreport：不能签发：",
        "签发人不能是填报人：正在操作的张三录入了本表的数字或表头表尾（65 处修改），"
        "不能以李四的名义签发，请由李四本人签发。",
    ]
    with Draft.open(path, "查看", readonly=True) as d:
        assert d.status == SUBMITTED and review.current_signoff(d) is None

    code, out, _ = run(capsys, "signoff", path, "--reviewer", "李四")
    assert code == 0 and "签发人：李四" in out
    with Draft.open(path, "查看", readonly=True) as d:
        assert d.status == SIGNED
        assert d.history()[-1].who == "李四"  # recorded in the reviewer's name


def test_on_the_command_line_a_filler_cannot_return_or_revoke(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``return`` and ``reopen`` act as ``--user`` (else the name in the settings): the 填报人's
    own is refused, exit 1, and the draft stays as it was."""
    path = tmp_path / "命令行.nianbao"
    assert run(capsys, "new", path, "--form", "gov-disclosure-2014", "--user", "张三")[0] == 0
    assert run(capsys, "fill", path, "--values", EXAMPLE, "--user", "张三")[0] == 0
    assert run(capsys, "submit", path, "--user", "张三")[0] == 0
    before = path.read_bytes()

    assert refused_lines(capsys, "return", path, "--reason", "我自己退回", "--user", "张三") == [
        "govreport：无法退回：",
        RETURN_REFUSED,
    ]
    settings.set_user_name("张三")  # no --user: the name in the settings acts
    code, _, err = run(capsys, "return", path, "--reason", "我自己退回")
    assert code == 1 and RETURN_REFUSED in err
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "return", path, "--reason", "请核对", "--user", "李四")
    assert code == 0 and "已退回修改" in out

    assert run(capsys, "submit", path, "--user", "张三")[0] == 0
    assert run(capsys, "signoff", path, "--reviewer", "李四")[0] == 0
    before = path.read_bytes()
    assert refused_lines(capsys, "reopen", path, "--reason", "我要改数字", "--user", "张三") == [
        "govreport：无法撤销签发：",
        "填报人不能撤销签发：正在操作的张三录入了本表的数字或表头表尾（65 处修改）。"
        "撤销签发是审核人的事：如需修改已签发的报表，请签发人李四或另一位审核人撤销签发。",
    ]
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "reopen", path, "--reason", "会议数有误", "--user", "李四")
    assert code == 0 and "已撤销签发" in out
    with Draft.open(path, "查看", readonly=True) as d:
        assert d.status == FILLING and d.history()[-1].who == "李四"
