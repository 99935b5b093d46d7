"""Review and sign-off on the command line: submit, return, signoff, reopen, explain, comment."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import Run, run

from govreport_gui.core.forms.fingerprint import fingerprint, short
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import parse_value
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
FORM = get_form("gov-disclosure-2014")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


_ = run  # the fixture of cli_run


@pytest.fixture()
def filled(tmp_path: Path, run: Run) -> Path:
    path = tmp_path / "report.nianbao"
    assert run("new", path, "--form", FORM.id, "--user", "填报人")[0] == 0
    assert run("fill", path, "--values", EXAMPLE, "--user", "填报人")[0] == 0
    return path


def stderr_lines(err: str) -> list[str]:
    return [line.strip() for line in err.splitlines()]


def test_round_trip(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "机关事务管理局.nianbao"
    assert run("new", path, "--form", FORM.id, "--user", "填报人")[0] == 0

    # Empty: every blank and empty required field blocks, each on its own line.
    code, out, _ = run("blockers", path)
    assert code == 1
    assert len(out.splitlines()) == len(FORM.cells) + 6 + 1
    code, _, err = run("submit", path, "--user", "填报人")
    assert code == 1
    assert err.startswith("govreport：不能提交审核：还有 64 个问题需要处理。")
    assert len(err.splitlines()) == 1 + 64
    assert run.json("show", path)["status"] == "filling"

    assert run("fill", path, "--values", EXAMPLE, "--user", "填报人")[0] == 0
    code, out, _ = run("blockers", path)
    assert code == 0 and "没有妨碍" in out
    assert run.json("blockers", path)["blockers"] == []
    code, out, _ = run("submit", path, "--user", "填报人")
    assert code == 0 and "待审核" in out
    # While 待审核, nothing the reviewer reads can change underneath them.
    before = run.json("show", path)
    for args in (
        ("set", path, "website=1"),
        ("set", path, "--field", "phone=1"),
        ("fill", path, "--values", EXAMPLE),
    ):
        code, _, err = run(*args, "--user", "填报人")
        assert code == 1, args
        assert "已提交审核" in err and "退回" in err
    assert run.json("show", path)["values"] == before["values"]
    assert run.json("show", path)["fields"] == before["fields"]

    # The reviewer comments (on a cell and on the form) and returns it.
    code, out, _ = run("comment", path, "--cell", "website", "网站公开数请核对", "--user", "审核人")
    assert code == 0 and "#1" in out
    assert run("comment", path, "联系电话请写分机", "--user", "审核人")[0] == 0
    code, _, err = run("return", path, "--reason", "", "--user", "审核人")
    assert code == 1 and "退回原因" in err
    assert run("return", path, "--reason", "请按意见修改", "--user", "审核人")[0] == 0
    shown = run.json("show", path)
    assert shown["status"] == "filling"
    assert [(c["id"], c["cell"]) for c in shown["comments"]] == [(1, "website"), (2, None)]

    # The filler fixes and replies; dismissing the reviewer's comments is not theirs to do.
    assert run("set", path, "website=329", "other_channel=41", "--user", "填报人")[0] == 0
    code, out, _ = run("comment", path, "--reply-to", "1", "已核对", "--user", "填报人")
    assert code == 0 and "#3" in out
    code, _, err = run("comment", path, "--resolve", "1", "--user", "填报人")
    assert code == 1 and "填报人不能把审核意见标为已解决" in err
    assert run("submit", path, "--user", "填报人")[0] == 0
    # The reviewer resolves them.
    assert run("comment", path, "--resolve", "1", "--user", "审核人")[0] == 0
    assert run("comment", path, "--resolve", "2", "--user", "审核人")[0] == 0
    assert run.json("comments", path) == []
    everything = run.json("comments", path, "--all")
    assert [(c["id"], c["cell"], c["parent"], c["resolved_by"]) for c in everything] == [
        (1, "website", None, "审核人"),
        (2, None, None, "审核人"),
        (3, "website", 1, "审核人"),
    ]

    code, out, _ = run("signoff", path, "--reviewer", "沈涛", "--user", "审核人")
    assert code == 0
    shown = run.json("show", path)
    first = shown["signoff"]
    assert shown["status"] == "signed"
    assert first["reviewer"] == "沈涛"
    assert first["fingerprint"] == shown["fingerprint"]
    assert first["short"] == short(first["fingerprint"]) and first["short"] in out
    with Draft.open(path, "测试", readonly=True) as d:
        assert first["fingerprint"] == fingerprint(d.form, d.fields, d.values)

    # Signed: set, fill and explain are refused with the reason; comments are still allowed.
    for args in (
        ("set", path, "website=1"),
        ("set", path, "--field", "phone=1"),
        ("fill", path, "--values", EXAMPLE),
        ("explain", path, "closed_le_received", "说明"),
    ):
        code, _, err = run(*args, "--user", "填报人")
        assert code == 1, args
        assert "已签发" in err
    assert run.json("show", path)["values"] == shown["values"]
    assert run.json("show", path)["fingerprint"] == first["fingerprint"]
    assert run("comment", path, "已归档", "--user", "审核人")[0] == 0
    code, _, err = run("submit", path, "--user", "填报人")
    assert code == 1 and "已签发" in err

    code, _, err = run("reopen", path, "--reason", "", "--user", "审核人")
    assert code == 1
    assert run("reopen", path, "--reason", "网站数据有误", "--user", "审核人")[0] == 0
    shown = run.json("show", path)
    assert shown["status"] == "filling" and shown["signoff"] is None
    assert run("set", path, "website=328", "other_channel=42", "--user", "填报人")[0] == 0
    assert run("submit", path, "--user", "填报人")[0] == 0
    # The note written after the first sign-off is unanswered: it blocks until dismissed.
    code, _, err = run("signoff", path, "--reviewer", "沈涛", "--user", "审核人")
    assert code == 1 and "意见 #4" in err and "尚未答复" in err
    code, out, _ = run("comment", path, "--no-reply-needed", "4", "--user", "审核人")
    assert code == 0 and "不需答复" in out
    assert run("signoff", path, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    second = run.json("show", path)["signoff"]
    assert second["fingerprint"] != first["fingerprint"]

    history = run.json("history", path, "--cell", "status")
    assert [(e["kind"], e["note"]) for e in history] == [
        ("status", ""),
        ("status", "请按意见修改"),
        ("status", ""),
        ("signoff", "签发人：沈涛"),
        ("reopen", "网站数据有误"),
        ("status", ""),
        ("signoff", "签发人：沈涛"),
    ]
    code, out, _ = run("history", path)
    assert code == 0 and "撤销签发" in out and "签发" in out


def test_each_blocker_is_listed_on_its_own_line(filled: Path, run: Run) -> None:
    assert run("set", filled, "received=4", "weibo=", "normative_published=1")[0] == 0
    assert run("set", filled, "--field", "head=", "--field", "date=")[0] == 0
    found = run.json("blockers", filled)["blockers"]
    assert [(b["kind"], b["target"], b["cell"]) for b in found] == [
        ("error", "received_sum", "received"),
        ("blank", "weibo", "weibo"),
        ("field", "head", None),
        ("field", "date", None),
        ("warning", "normative_published_le_issued", "normative_published"),
    ]
    code, _, err = run("submit", filled)
    assert code == 1
    lines = stderr_lines(err)
    assert len(lines) == 1 + len(found)
    for line, blocker in zip(lines[1:], found, strict=True):
        assert line.endswith(blocker["message"])
    assert "4" in lines[1] and "3" in lines[1]  # the numbers of the error


def test_an_explained_warning_does_not_block(filled: Path, run: Run) -> None:
    assert run("set", filled, "normative_published=1")[0] == 0
    code, _, err = run("submit", filled)
    assert code == 1 and "normative_published" not in err and "规范性文件" in err
    code, out, _ = run("explain", filled, "normative_published_le_issued", "转发上级文件 1 件")
    assert code == 0 and "已保存说明" in out
    explained = run.json("show", filled)["explanations"]
    assert explained["normative_published_le_issued"]["text"] == "转发上级文件 1 件"
    assert run("submit", filled)[0] == 0
    assert run("signoff", filled, "--reviewer", "沈涛")[0] == 0


def test_removing_an_explanation_blocks_again(filled: Path, run: Run) -> None:
    assert run("set", filled, "normative_published=1")[0] == 0
    assert run("explain", filled, "normative_published_le_issued", "说明")[0] == 0
    code, out, _ = run("explain", filled, "normative_published_le_issued", "")
    assert code == 0 and "已删除说明" in out
    assert run.json("show", filled)["explanations"] == {}
    assert run("submit", filled)[0] == 1


def test_explain_refuses_errors_and_unknown_rules(filled: Path, run: Run) -> None:
    code, _, err = run("explain", filled, "received_sum", "说明")
    assert code == 1 and "错误" in err
    code, _, err = run("explain", filled, "no_such_rule", "说明")
    assert code == 2 and "no_such_rule" in err


def test_refusals_by_status(filled: Path, run: Run) -> None:
    code, _, err = run("signoff", filled, "--reviewer", "沈涛")
    assert code == 1 and "待审核" in err
    code, _, err = run("return", filled, "--reason", "原因")
    assert code == 1 and "待审核" in err
    code, _, err = run("reopen", filled, "--reason", "原因")
    assert code == 1 and "已签发" in err
    assert run("submit", filled)[0] == 0
    code, _, err = run("signoff", filled, "--reviewer", " ")
    assert code == 1 and "签发人" in err
    assert run.json("show", filled)["status"] == "submitted"


def test_comment_input_problems(filled: Path, run: Run) -> None:
    code, _, err = run("comment", filled, "--cell", "no_such_cell", "意见")
    assert code == 2 and "no_such_cell" in err
    code, _, err = run("comment", filled, "--reply-to", "7", "意见")
    assert code == 2 and "7" in err
    code, _, err = run("comment", filled, "--resolve", "7")
    assert code == 2
    code, _, err = run("comment", filled, " ")
    assert code == 2 and "意见内容" in err
    code, _, err = run("comment", filled, "--resolve", "第一条")
    assert code == 2 and "编号" in err
    code, _, err = run("comment", filled, "--resolve", "1", "--cell", "received")
    assert code == 2
    assert run.json("comments", filled, "--all") == []


def test_a_draft_open_elsewhere_is_not_changed(filled: Path, run: Run) -> None:
    with Draft.open(filled, "另一个窗口") as other:
        assert not other.readonly
        for args in (
            ("submit", filled),
            ("comment", filled, "意见"),
            ("explain", filled, "closed_le_received", "说明"),
        ):
            code, _, err = run(*args)
            assert code == 1 and "无法修改" in err
    assert run.json("show", filled)["status"] == "filling"


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_draft_is_said_to_be_read_only_also_to_root(
    filled: Path, run: Run, what: str
) -> None:
    """A draft handed in read-only (or on a write-protected folder): run as root (whom chmod
    does not stop, but who opens it read-only as its owner meant), `signoff` said “无法在文件所在
    的文件夹中建立锁文件” of a folder that took files, and to copy the draft elsewhere."""
    assert run("submit", filled)[0] == 0
    before = filled.read_bytes()
    target = filled if what == "file" else filled.parent
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        code, _, err = run("signoff", filled, "--reviewer", "沈涛")
    finally:
        target.chmod(0o644 if what == "file" else 0o755)
    assert code == 1
    said = "文件是只读的" if what == "file" else "文件所在的文件夹是只读的"
    assert said in err and "建立锁文件" not in err, err
    assert filled.read_bytes() == before


def test_show_json_review_part(filled: Path, run: Run) -> None:
    shown = run.json("show", filled)
    assert shown["status"] == "filling"
    assert shown["signoff"] is None
    assert shown["explanations"] == {} and shown["comments"] == []
    with Draft.open(filled, "测试", readonly=True) as d:
        assert shown["fingerprint"] == fingerprint(d.form, d.fields, d.values)
    # A money value typed "10.0" is the same content as 10.
    assert run("set", filled, "fees=10.0")[0] == 0
    typed = run.json("show", filled)["fingerprint"]
    values = dict(d.values, fees=parse_value(FORM.cell("fees").kind, "10"))
    assert typed == fingerprint(FORM, d.fields, values)


def test_show_text_names_the_signoff(filled: Path, run: Run) -> None:
    code, out, _ = run("show", filled)
    assert code == 0 and "签发人" not in out
    assert run("submit", filled, "--user", "填报人")[0] == 0
    assert run("signoff", filled, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    signoff = run.json("show", filled)["signoff"]
    code, out, _ = run("show", filled)
    assert code == 0 and "状态：已签发" in out
    line = next(line for line in out.splitlines() if line.startswith("签发人："))
    assert "沈涛" in line and signoff["short"] in line and "签发时间：" in line
    assert run("reopen", filled, "--reason", "改数", "--user", "审核人")[0] == 0
    assert "签发人" not in run("show", filled)[1]


def test_comments_prints_one_comment_per_line(filled: Path, run: Run) -> None:
    """A comment with paragraphs was printed across several lines, so a script reading one comment
    a line misread it. Each comment is one line of tab-separated fields: a line break shows as ⏎
    (as `history` shows it); --json keeps the exact text."""
    import sqlite3

    text = "网站公开数请核对：\n1. 与后台统计一致吗？\n2. 含转载吗？"
    assert run("comment", filled, "--cell", "website", text, "--user", "审核人")[0] == 0
    assert run("comment", filled, "整表无误", "--user", "审核人")[0] == 0
    # What a crafted (or another program's) file may hold besides: CR LF, a lone CR, a tab,
    # the Unicode line and paragraph separators — in the text and in the name.
    con = sqlite3.connect(str(filled))
    with con:
        con.execute(
            "INSERT INTO comment (cell, parent, at, who, text) VALUES "
            "(NULL, NULL, '2024-01-01T00:00:00+00:00', ?, ?)",
            ("王\n五", "甲\r\n乙\r丙\t丁\u2028戊\u2029己"),
        )
    con.close()

    code, out, _ = run("comments", filled)
    assert code == 0
    lines = out.splitlines()  # Python's splitlines splits at U+2028 too
    assert len(lines) == 3
    assert [line.split("\t")[2:] for line in lines] == [
        ["审核人", "website", "网站公开数请核对：⏎1. 与后台统计一致吗？⏎2. 含转载吗？"],
        ["审核人", "整张表", "整表无误"],
        ["王⏎五", "整张表", "甲⏎乙⏎丙\\u0009丁⏎戊⏎己"],
    ]
    assert [c["text"] for c in run.json("comments", filled)] == [
        text,
        "整表无误",
        "甲\r\n乙\r丙\t丁\u2028戊\u2029己",
    ]
