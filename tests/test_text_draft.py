"""The report's text in the draft (issue 16): stored per section, checked like typed input, old
drafts migrated; set / undo / redo, one history entry per typing session, an editable form's own
sections, locked with the figures; report_text(); the sign-off covering the text (content v3)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import EXAMPLE_PATH

from govreport_gui.core.forms import signed_content as sc
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.valuesfile import parse_values
from govreport_gui.core.ops import review, text_ops
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store.draft import (
    Draft,
    DraftLockedError,
    DraftOpenError,
    DraftReadOnlyError,
    DraftWriteError,
)
from govreport_gui.core.store.draft_schema import SCHEMA_VERSION

FILLER = "董晓东"
REVIEWER = "沈涛"
F2014 = "gov-disclosure-2014"
F2021 = "gov-disclosure-2021"


def _new(tmp_path: Path, form_id: str = F2014, **kwargs: object) -> Path:
    path = tmp_path / "报告.nianbao"
    fields = {"unit": "自治区机关事务管理局", "year": "2018", "date": "2019年1月20日"}
    Draft.create(path, get_form(form_id), FILLER, fields=fields, **kwargs).close()  # type: ignore[arg-type]
    return path


def _texts(path: Path) -> dict[str, str]:
    with Draft.open(path, "读者", readonly=True) as draft:
        return dict(draft.texts)


# -- storing -----------------------------------------------------------------------------------


def test_a_new_draft_takes_initial_texts_and_they_survive_reopening(tmp_path: Path) -> None:
    path = _new(tmp_path, sections={"preface": "第一段\r\n第二段", "summary": ""})
    assert _texts(path) == {"preface": "第一段\n第二段"}
    with Draft.open(path, FILLER) as draft:
        assert [(e.kind, e.target) for e in draft.history() if e.kind == "text"] == [
            ("text", "text:preface")
        ]


def test_a_new_2021_draft_has_empty_sections(tmp_path: Path) -> None:
    """No placeholder text that could be published by mistake."""
    path = _new(tmp_path, F2021)
    with Draft.open(path, FILLER) as draft:
        report = report_text(draft)
    assert report.title == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    assert [s.heading for s in report.sections][1:] == [
        s.heading for s in get_form(F2021).sections
    ][1:]
    assert all(s.text == "" for s in report.sections)


@pytest.mark.parametrize(
    ("text", "problem"),
    [("a\x07b", "控制字符"), ("x" * 200_001, "过长"), ("a\u202eb", "U\\+202E")],
    ids=["bell", "too-long", "direction-override"],
)
def test_text_that_typing_cannot_store_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(DraftWriteError, match=problem):
        _new(tmp_path, sections={"summary": text})
    path = _new(tmp_path)
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        with pytest.raises(text_ops.SectionTextError, match=problem):
            text_ops.set_section_text(doc, "summary", text)
        assert draft.texts == {}


def test_an_unknown_section_is_named_when_set(tmp_path: Path) -> None:
    path = _new(tmp_path, F2021)
    with (
        Draft.open(path, FILLER) as draft,
        pytest.raises(text_ops.SectionTextError, match=r"没有章节“overview”.*general"),
    ):
        text_ops.set_section_text(ReportDocument(draft), "overview", "文字")
    with pytest.raises(DraftWriteError, match="没有章节“overview”"):
        Draft.create(tmp_path / "b.nianbao", get_form(F2021), FILLER, sections={"overview": "x"})


def _craft(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.close()


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        ("INSERT INTO section_text VALUES ('summary', 'a' || char(7))", "控制字符"),
        (
            "INSERT INTO section_text VALUES ('summary', zeroblob(1) || printf('%.*c', 200001, 'x'))",
            "",
        ),
        ("INSERT INTO section_list VALUES (0, 'summary', '一、概述')", "开头部分应是第一个章节"),
        ("INSERT INTO section_list VALUES (0, 'preface', ''); ", "缺少表格章节"),
        ("INSERT INTO section_text VALUES (char(27) || '[2J', 'a')", "章节标识"),
    ],
    ids=["control", "huge", "preface-not-first", "table-missing", "escape-id"],
)
def test_a_crafted_text_or_section_list_is_refused_untouched(
    tmp_path: Path, sql: str, problem: str
) -> None:
    path = _new(tmp_path)
    _craft(path, sql)
    before = path.read_bytes()
    for readonly in (True, False):
        with pytest.raises(DraftOpenError) as caught:
            Draft.open(path, FILLER, readonly=readonly).close()
        assert problem in caught.value.message and "文件未被修改" in caught.value.message
    assert path.read_bytes() == before


def test_a_text_of_no_section_of_a_fixed_form_is_kept_aside_and_named(tmp_path: Path) -> None:
    path = _new(tmp_path, F2021, sections={"general": "总体"})
    _craft(path, "INSERT INTO section_text VALUES ('overview', '别处写的')")
    with Draft.open(path, FILLER) as draft:
        assert draft.texts == {"general": "总体"}
        assert draft.unknown_sections == ["overview"]
        assert all(s.text != "别处写的" for s in report_text(draft).sections)


def test_a_fixed_form_draft_with_an_own_section_list_is_refused(tmp_path: Path) -> None:
    path = _new(tmp_path, F2021)
    _craft(path, "INSERT INTO section_list VALUES (0, 'preface', '')")
    with pytest.raises(DraftOpenError, match="章节是统一规定的"):
        Draft.open(path, FILLER).close()


def _as_version_5(path: Path) -> None:
    """The file as version 5 wrote it: no tables of the text, user_version 5."""
    _craft(
        path,
        "DROP TABLE section_text; DROP TABLE section_list; DROP TABLE consolidated_from;"
        " PRAGMA user_version = 5;",
    )


def test_a_version_5_draft_opens_and_migrates(tmp_path: Path) -> None:
    path = _new(tmp_path)
    with Draft.open(path, FILLER) as draft:
        draft.apply({"received": 3})
    _as_version_5(path)
    with Draft.open(path, FILLER) as draft:
        assert draft.migrated_backup is not None and ".v5-备份" in draft.migrated_backup.name
        assert draft.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
        assert draft.values["received"] == 3 and draft.texts == {}
        doc = ReportDocument(draft)
        text_ops.set_section_text(doc, "summary", "概述正文")
    assert _texts(path) == {"summary": "概述正文"}


# -- the ops -----------------------------------------------------------------------------------


def test_set_undo_redo(tmp_path: Path) -> None:
    path = _new(tmp_path)
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        seen = []
        doc.subscribe(seen.append)
        change = text_ops.set_section_text(doc, "summary", "一段\n二段", merge=False)
        assert change.sections == ("summary",) and seen == [change]
        text_ops.set_section_text(doc, "summary", "一段\n二段\n三段", merge=False)
        assert doc.undo_stack.undo_text() == "修改正文 一、概述"
        assert doc.undo() and draft.texts["summary"] == "一段\n二段"
        assert doc.undo() and "summary" not in draft.texts
        assert doc.redo() and draft.texts["summary"] == "一段\n二段"
        kinds = [(e.kind, e.old, e.new) for e in draft.history("text:summary")]
    assert kinds == [
        ("text", "", "一段\n二段"),
        ("text", "一段\n二段", "一段\n二段\n三段"),
        ("undo", "一段\n二段\n三段", "一段\n二段"),
        ("undo", "一段\n二段", ""),
        ("redo", "", "一段\n二段"),
    ]
    assert _texts(path) == {"summary": "一段\n二段"}
    # The window's list of changes names the section, not its id.
    assert review.history_target_name(get_form(F2014), "text:summary") == "正文：一、概述"
    assert review.history_target_name(get_form(F2014), "text:preface") == "正文：开头部分"


def test_saves_of_one_typing_session_are_one_history_entry_and_one_undo_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(text_ops, "clock", lambda: now[0])
    path = _new(tmp_path)
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        for typed in ("2018", "2018年，", "2018年，本局"):  # saves 1 s apart: one session
            text_ops.set_section_text(doc, "summary", typed)
            now[0] += 1
        now[0] += text_ops.MERGE_SECONDS  # a real pause: a new entry
        text_ops.set_section_text(doc, "summary", "2018年，本局认真")
        now[0] += 1
        text_ops.set_section_text(doc, "preface", "开头")  # another section: its own entry
        now[0] += 1
        text_ops.set_section_text(doc, "summary", "2018年，本局认真贯彻")  # after another: new
        entries = [(e.target, e.old, e.new) for e in draft.history() if e.kind == "text"]
        assert entries == [
            ("text:summary", "", "2018年，本局"),
            ("text:summary", "2018年，本局", "2018年，本局认真"),
            ("text:preface", "", "开头"),
            ("text:summary", "2018年，本局认真", "2018年，本局认真贯彻"),
        ]
        doc.undo()
        doc.undo()
        doc.undo()
        assert draft.texts == {"summary": "2018年，本局"}
        doc.undo()  # the whole first session in one step
        assert draft.texts == {}
        # After an undo, the next save is a new step even within the session's time.
        text_ops.set_section_text(doc, "summary", "甲")
        text_ops.set_section_text(doc, "summary", "甲乙", merge=False)
        assert doc.undo() and draft.texts == {"summary": "甲"}


def test_text_is_locked_with_the_figures(tmp_path: Path) -> None:
    path = _filled(tmp_path, {"summary": "概述"})
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        review.submit(draft)
        for action in (
            lambda: text_ops.set_section_text(doc, "summary", "改"),
            lambda: text_ops.add_section(doc, "五、其他"),
            lambda: text_ops.remove_section(doc, "summary", confirmed=True),
        ):
            with pytest.raises(DraftLockedError, match="已提交审核"):
                action()
    with Draft.open(path, REVIEWER) as draft:
        doc = ReportDocument(draft)
        review.sign_off(draft, REVIEWER)
        with pytest.raises(DraftLockedError, match="已签发"):
            text_ops.set_section_text(doc, "summary", "改")
        assert draft.texts == {"summary": "概述"}
        review.reopen(draft, "再改")
        doc.set_review_mode(True)
        with pytest.raises(DraftReadOnlyError, match="审核模式"):
            text_ops.set_section_text(doc, "summary", "改")
        doc.set_review_mode(False)
        text_ops.set_section_text(doc, "summary", "改")  # reopened: editable again
        assert draft.texts == {"summary": "改"}


def test_the_2014_sections_can_be_added_renamed_moved_and_removed(tmp_path: Path) -> None:
    path = _new(tmp_path, sections={"summary": "概述正文"})
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        added = text_ops.add_section(doc, "五、其他事项")
        new_id = added.sections[0]
        assert added.headings and new_id == "own_1"
        text_ops.set_section_text(doc, new_id, "其他")
        text_ops.rename_section(doc, "shortcomings", "三、存在的主要问题")
        text_ops.move_section(doc, new_id, 1)
        with pytest.raises(text_ops.ConfirmRemoval, match=r"一、概述.*4 字"):
            text_ops.remove_section(doc, "summary")
        text_ops.remove_section(doc, "summary", confirmed=True)
        for refused in (
            lambda: text_ops.remove_section(doc, "attachment"),
            lambda: text_ops.remove_section(doc, "preface"),
            lambda: text_ops.rename_section(doc, "summary", "x"),
            lambda: text_ops.add_section(doc, "  "),
        ):
            with pytest.raises(text_ops.SectionTextError):
                refused()
    with Draft.open(path, FILLER) as draft:
        report = report_text(draft)
        assert [(s.id, s.heading) for s in report.sections] == [
            ("preface", ""),
            ("own_1", "五、其他事项"),
            ("disclosure", "二、信息公开情况"),
            ("shortcomings", "三、存在的主要问题"),
            ("next_year", "四、2019年工作思路"),
            ("attachment", "附件：政府信息公开情况统计表"),
        ]
        assert "summary" not in draft.texts
        doc = ReportDocument(draft)
        # The session's undo stack is gone; a new session's changes undo one by one.
        text_ops.add_section(doc, "六、附记", after="next_year")
        assert draft.section_ids()[-2] == "own_2"
        assert doc.undo() and "own_2" not in draft.section_ids()


def test_removing_a_section_with_text_is_undone_with_its_text(tmp_path: Path) -> None:
    path = _new(tmp_path, sections={"summary": "概述正文"})
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        text_ops.remove_section(doc, "summary", confirmed=True)
        assert "summary" not in draft.section_ids() and "summary" not in draft.texts
        assert doc.undo()
        assert draft.section_ids()[1] == "summary" and draft.texts["summary"] == "概述正文"


def test_fixed_sections_cannot_be_changed(tmp_path: Path) -> None:
    path = _new(tmp_path, F2021)
    with (
        Draft.open(path, FILLER) as draft,
        pytest.raises(text_ops.SectionTextError, match="统一规定"),
    ):
        text_ops.add_section(ReportDocument(draft), "七、附记")


def test_report_text_follows_the_year_and_the_date(tmp_path: Path) -> None:
    path = _new(tmp_path, sections={"next_year": "明年"})
    with Draft.open(path, FILLER) as draft:
        doc = ReportDocument(draft)
        text_ops.set_section_text(doc, "next_year", "明年计划")
        assert doc.undo_stack.undo_text() == "修改正文 四、2019年工作思路"
        report = report_text(ReportDocument(draft))
        assert report.unit == "自治区机关事务管理局" and report.date == "2019年1月20日"
        assert report.sections[4].heading == "四、2019年工作思路"
        assert report.sections[4].paragraphs == ["明年计划"]
        draft.apply(fields={"year": ""})
        assert report_text(draft).sections[4].heading == "四、下一年工作思路"


# -- the sign-off covers the text ----------------------------------------------------------------


def _filled(tmp_path: Path, sections: dict[str, str]) -> Path:
    """A 2014 draft with the seed report's figures and fields, and these texts."""
    document = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))
    form = get_form(F2014)
    path = tmp_path / "填好.nianbao"
    values = parse_values(form, document["values"])
    Draft.create(path, form, FILLER, document["fields"], values, sections=sections).close()
    return path


def _signed(tmp_path: Path) -> Path:
    """The seed report's figures and a preface, submitted and signed off."""
    path = _filled(tmp_path, {"preface": "开头"})
    with Draft.open(path, FILLER) as draft:
        review.submit(draft)
    with Draft.open(path, REVIEWER) as draft:
        review.sign_off(draft, REVIEWER)
    return path


def test_a_sign_off_signs_the_text_and_a_changed_text_breaks_it(tmp_path: Path) -> None:
    path = _signed(tmp_path)
    with Draft.open(path, "读者", readonly=True) as draft:
        signoff = review.current_signoff(draft)
        assert signoff is not None and signoff.content_version == sc.V3 == sc.CONTENT_VERSION
        assert "text" in (signoff.digests or "")
        assert signature_status(draft).valid
    _craft(path, "UPDATE section_text SET text = '开头，改过' WHERE id = 'preface'")
    with Draft.open(path, "读者", readonly=True) as draft:
        check = signature_status(draft)
    assert check.status is SignatureStatus.INVALID and "报告正文" in check.reason


def test_a_heading_or_section_list_changed_after_sign_off_breaks_it(tmp_path: Path) -> None:
    path = _signed(tmp_path)
    _craft(
        path,
        "INSERT INTO section_list SELECT 0, 'preface', ''; "
        "INSERT INTO section_list SELECT 1, 'attachment', '附件';",
    )
    with Draft.open(path, "读者", readonly=True) as draft:
        assert "报告正文" in signature_status(draft).reason


def test_a_version_2_signature_still_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed by the program before the text was signed (content v2), in a version 5 file."""
    monkeypatch.setattr(sc, "CONTENT_VERSION", sc.V2)
    path = _signed(tmp_path)
    monkeypatch.undo()
    _craft(path, "DELETE FROM section_text")
    _as_version_5(path)
    with Draft.open(path, "读者") as draft:
        signoff = review.current_signoff(draft)
        assert signoff is not None and signoff.content_version == sc.V2
        assert signature_status(draft).valid
