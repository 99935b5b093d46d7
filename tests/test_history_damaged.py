"""`govreport history` on a damaged draft (issue 13 §5): a clear Chinese message, never 内部错误."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store.draft import Draft, DraftError

FORM = get_form("gov-disclosure-2014")


@pytest.fixture()
def draft_path(tmp_path: Path) -> Path:
    p = tmp_path / "d.nianbao"
    with Draft.create(p, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 3})
    return p


def damage(path: Path, sql: str) -> None:
    """Change rows behind the program's back, as another program (or a bad copy) would."""
    con = sqlite3.connect(path)
    try:
        con.execute(sql)
        con.commit()
    finally:
        con.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


LAST = "(SELECT max(seq) FROM history)"

DAMAGES = {
    "time is a blob": f"UPDATE history SET at = X'FF00' WHERE seq = {LAST}",
    "time is no time": f"UPDATE history SET at = '下午三点' WHERE seq = {LAST}",
    "time out of range": f"UPDATE history SET at = '0001-01-01T00:00:00+14:00' WHERE seq = {LAST}",
    "kind is a blob": f"UPDATE history SET kind = X'FFFE' WHERE seq = {LAST}",
    "old value is a blob": f"UPDATE history SET old = X'C3' WHERE seq = {LAST}",
    "new value is a number": f"UPDATE history SET new = 1.5 WHERE seq = {LAST}",
    "batch is text": f"UPDATE history SET batch = 'x' WHERE seq = {LAST}",
    "who is a blob": f"UPDATE history SET who = X'00' WHERE seq = {LAST}",
}


@pytest.mark.parametrize("sql", DAMAGES.values(), ids=DAMAGES.keys())
@pytest.mark.parametrize("as_json", [False, True])
def test_history_of_a_damaged_row_says_which_row(
    draft_path: Path, sql: str, as_json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    if "1.5" in sql:
        # A REAL in a TEXT column is stored as text by SQLite's affinity; a blob is not.
        sql = sql.replace("1.5", "X'31'")
    damage(draft_path, sql)
    before = draft_path.read_bytes()
    code, out, err = run(capsys, "history", draft_path, *(["--json"] if as_json else []))
    assert code == 2, out + err
    assert "内部错误" not in err and "Traceback" not in err
    assert "草稿文件已损坏" in err and "修改记录第" in err, err
    assert draft_path.read_bytes() == before  # read, never repaired behind the user's back


def test_history_of_one_cell_with_a_damaged_row(
    draft_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(draft_path, "UPDATE history SET at = X'FF00' WHERE target = 'received'")
    code, _out, err = run(capsys, "history", draft_path, "--cell", "received")
    assert code == 2 and "修改记录第" in err and "内部错误" not in err, err


def test_a_damaged_row_is_a_draft_error_for_the_window_too(draft_path: Path) -> None:
    damage(draft_path, "UPDATE history SET who = X'00' WHERE target = 'received'")
    with (
        Draft.open(draft_path, "查看", readonly=True) as draft,
        pytest.raises(DraftError, match="修改记录第"),
    ):
        draft.last_change("received")


def test_history_of_a_truncated_draft(draft_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = draft_path.read_bytes()
    draft_path.write_bytes(data[: len(data) // 2])
    code, _out, err = run(capsys, "history", draft_path)
    assert code == 2 and "内部错误" not in err, err
    assert "不完整" in err or "损坏" in err, err


def test_an_undamaged_history_still_lists_every_change(
    draft_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "history", draft_path, "--cell", "received")
    assert code == 0 and "（空） → 3" in out


def test_the_window_shows_a_damaged_history_without_an_internal_error(
    draft_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.gui.form_model import FormTableModel
    from govreport_gui.gui.review_ui import HistoryDialog

    damage(draft_path, "UPDATE history SET at = X'FF00' WHERE target = 'received'")
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *_a: warned.append(text)
    )
    doc = ReportDocument(Draft.open(draft_path, "查看", readonly=True))
    try:
        model = FormTableModel(doc, doc.form.tables[0])
        tip = model.index_of("received").data(Qt.ItemDataRole.ToolTipRole)
        assert "最后修改" not in tip  # the damaged row is left out, the rest is shown
        dialog = HistoryDialog(doc)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 0
        assert len(warned) == 1 and "修改记录第" in warned[0]
    finally:
        doc.close()
