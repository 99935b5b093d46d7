"""A draft with a very long history (a crafted one: 300,000 rows): ``govreport history`` and the
window's 修改记录 list the latest changes and say how many earlier ones they leave out, reading
only those they show; ``--all`` and ``--json`` give every change."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, run

from govreport_gui.cli import draft_commands
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")
_ = run  # the fixture of cli_run


def long_history(path: Path, rows: int) -> Path:
    """A draft whose history has ``rows`` changes of 收到申请数 after its own rows (1 → 2, …)."""
    with Draft.create(path, FORM, "填报人", fields={"unit": "某局"}):
        pass
    con = sqlite3.connect(path)
    try:
        con.execute(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?) "
            "INSERT INTO history (batch, at, who, kind, target, old, new) "
            "SELECT i + 100, '2026-01-01T00:00:00+00:00', '张三', 'cell', 'received', "
            "CAST(i AS TEXT), CAST(i + 1 AS TEXT) FROM r",
            (rows,),
        )
        con.commit()
    finally:
        con.close()
    return path


def own_rows(path: Path) -> int:
    with Draft.open(path, "查看", readonly=True) as draft:
        return draft.history_count() - draft.history_count("received")


def test_the_latest_changes_are_listed_and_the_earlier_ones_counted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_commands, "HISTORY_SHOWN", 4)
    path = long_history(tmp_path / "d.nianbao", 30)
    code, out, _ = run("history", path)
    assert code == 0
    lines = out.splitlines()
    assert [line.rsplit("\t", 1)[-1] for line in lines[:4]] == [
        "27 → 28",
        "28 → 29",
        "29 → 30",
        "30 → 31",
    ]
    earlier = 30 - 4 + own_rows(path)
    assert lines[4:] == [
        f"以上是最近的 4 条修改记录；更早的 {earlier} 条没有列出"
        f"（全部列出：govreport history {path} --all）"
    ]
    code, out, _ = run("history", path, "--cell", "received")
    assert out.splitlines()[-1].startswith("以上是最近的 4 条修改记录；更早的 26 条没有列出")
    assert f"govreport history {path} --cell received --all" in out


def test_all_and_json_give_every_change(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(draft_commands, "HISTORY_SHOWN", 4)
    path = long_history(tmp_path / "d.nianbao", 30)
    total = 30 + own_rows(path)
    code, out, _ = run("history", path, "--all")
    assert code == 0 and len(out.splitlines()) == total and "没有列出" not in out
    code, out, _ = run("history", path, "--json")
    assert code == 0 and len(json.loads(out)) == total


def test_a_history_within_the_limit_is_listed_whole(run: Run, tmp_path: Path) -> None:
    path = long_history(tmp_path / "d.nianbao", 3)
    code, out, _ = run("history", path)
    assert code == 0 and "没有列出" not in out
    assert len(out.splitlines()) == 3 + own_rows(path)


def test_hundreds_of_thousands_of_rows_print_the_limit(run: Run, tmp_path: Path) -> None:
    path = long_history(tmp_path / "d.nianbao", 300_000)
    code, out, _ = run("history", path)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == draft_commands.HISTORY_SHOWN + 1
    earlier = 300_000 - draft_commands.HISTORY_SHOWN + own_rows(path)
    assert lines[-1].startswith(
        f"以上是最近的 {draft_commands.HISTORY_SHOWN} 条修改记录；更早的 {earlier} 条没有列出"
    )
    assert lines[-2].endswith("300000 → 300001")


def test_the_window_lists_the_latest_and_says_how_many_are_left_out(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.gui import review_ui

    monkeypatch.setattr(review_ui, "HISTORY_SHOWN", 5)
    path = long_history(tmp_path / "d.nianbao", 30)
    earlier = 30 - 5 + own_rows(path)
    doc = ReportDocument(Draft.open(path, "查看", readonly=True))
    try:
        dialog = review_ui.HistoryDialog(doc)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 5
        assert dialog.table.item(0, 4).text() == "30 → 31"  # the newest first
        assert not dialog.more.isHidden()
        assert dialog.more.text() == (
            f"只列出最近的 5 条修改记录，更早的 {earlier} 条没有列出"
            "（命令行 govreport history 草稿文件 --all 可以全部列出）。"
        )
        dialog.filter.setCurrentIndex(dialog.filter.findData("status"))
        assert dialog.more.isHidden()
    finally:
        doc.close()


def test_a_long_json_history_still_reaches_the_terminal_escaped(run: Run, tmp_path: Path) -> None:
    """The JSON is written in one piece (a long text is searched for control characters at
    once): a C1 control a crafted row holds is escaped as in any other output."""
    path = long_history(tmp_path / "d.nianbao", 400)
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE history SET new = 'a' || char(155) || 'b' WHERE old = '7'")
        con.commit()
    finally:
        con.close()
    code, out, _ = run("history", path, "--json")
    assert code == 0 and len(out) > 65_536
    assert "\x9b" not in out and '"new": "a\\u009bb"' in out
    assert [e["new"] for e in json.loads(out) if e["old"] == "7"] == ["a\x9bb"]
