"""A draft holding cells its form does not have (saved by a newer govreport whose form has more
cells, or edited by hand): the value cannot be checked, shown, exported or signed, so ``check``
warns naming them (the first 20), the window says so when it opens the draft, and every save of
ours keeps the rows as they are (nothing of the user's is lost by opening it here)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, run
from gui_helpers import enter, home, select, wait_ready, window
from PySide6.QtCore import Qt

from govreport_gui.core.store.draft import Draft, DraftOpenError
from govreport_gui.gui.main_window import MainWindow

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
FORM_ID = "gov-disclosure-2014"

_ = (run, home, window)  # fixtures of cli_run and gui_helpers


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def _filled(folder: Path, run: Run, name: str = "report.nianbao") -> Path:
    (folder / "reports").mkdir(exist_ok=True)
    path = folder / "reports" / name
    assert run("new", path, "--form", FORM_ID, "--user", "填报人")[0] == 0
    assert run("fill", path, "--values", EXAMPLE, "--user", "填报人")[0] == 0
    return path


def _add_cells(path: Path, cells: dict[str, str]) -> None:
    """What a newer program (or sqlite3 by hand) leaves in the draft's cell table."""
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.executemany("INSERT INTO cell (id, value) VALUES (?, ?)", cells.items())
    finally:
        con.close()


def _stored_cells(path: Path) -> dict[str, str]:
    con = sqlite3.connect(str(path))
    try:
        return dict(con.execute("SELECT id, value FROM cell").fetchall())
    finally:
        con.close()


def test_check_warns_of_a_cell_the_form_does_not_have(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {"no_such_cell": "5"})
    code, out, err = run("check", path)
    assert code == 0, err  # a warning: the form's own figures are all checked and right
    line = next(line for line in out.splitlines() if "no_such_cell" in line)
    assert line.startswith("警告\tdraft.unknown_cells\t")
    assert "1 个本表单没有的单元格" in line and "无法校验" in line and "原样保留" in line
    assert "共 0 个错误，1 个警告" in out

    data = run.json("check", path)
    assert data["unknown_cells"] == {"count": 1, "ids": ["no_such_cell"]}
    assert data["warnings"] == 1
    (problem,) = [p for p in data["problems"] if p["rule"] == "draft.unknown_cells"]
    assert problem["severity"] == "warning" and "no_such_cell" in problem["message"]

    # Among many files, the draft's line counts the warning.
    code, out, _ = run("check", path.parent)
    assert code == 0
    assert f"{path}\t通过\t0 个错误\t1 个警告" in out


def test_the_ids_named_are_capped(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {f"new_cell_{n:03d}": "1" for n in range(500)})
    code, out, _ = run("check", path)
    assert code == 0
    (line,) = [line for line in out.splitlines() if "draft.unknown_cells" in line]
    assert "500 个本表单没有的单元格" in line
    assert "new_cell_019" in line and "new_cell_020" not in line
    assert "另有 480 个未列出" in line
    data = run.json("check", path)
    assert data["unknown_cells"]["count"] == 500
    assert data["unknown_cells"]["ids"] == [f"new_cell_{n:03d}" for n in range(20)]


def test_a_signed_draft_says_the_signature_does_not_cover_them(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    assert run("submit", path, "--user", "填报人")[0] == 0
    assert run("signoff", path, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    _add_cells(path, {"no_such_cell": "5"})
    code, out, _ = run("check", path)
    assert code == 0  # what was signed is intact: the signature holds
    assert "签名有效" in out
    (line,) = [line for line in out.splitlines() if "draft.unknown_cells" in line]
    assert "不在签名范围内" in line


def test_show_names_them(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {"no_such_cell": "5"})
    code, out, _ = run("show", path)
    assert code == 0 and "no_such_cell" in out
    assert run.json("show", path)["unknown_cells"] == {"count": 1, "ids": ["no_such_cell"]}


def test_saving_keeps_the_rows(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {"no_such_cell": "5", "later_cell": "文字"})
    assert run("set", path, "received=7", "--field", "phone=123", "--user", "填报人")[0] == 0
    assert run("set", path, "--section", "summary=概述", "--user", "填报人")[0] == 0
    assert run("fill", path, "--values", EXAMPLE, "--user", "填报人")[0] == 0
    stored = _stored_cells(path)
    assert stored["no_such_cell"] == "5" and stored["later_cell"] == "文字"
    copy = tmp_path / "copy.nianbao"
    with Draft.open(path, "填报人") as draft:
        assert draft.unknown_cells == ["later_cell", "no_such_cell"]
        draft.save_as(copy)
    assert _stored_cells(copy)["no_such_cell"] == "5"


@pytest.mark.parametrize(
    "cell_id",
    ["\x1b[2J", "A-B", "../x", "x" * 200],
    ids=["escape", "not-an-id", "path", "huge"],
)
def test_an_id_no_program_writes_is_refused_untouched(
    tmp_path: Path, run: Run, cell_id: str
) -> None:
    """An id no version of the program writes is damage or a trap (as a section's id is)."""
    path = _filled(tmp_path, run)
    _add_cells(path, {cell_id: "1"})
    before = path.read_bytes()
    for readonly in (True, False):
        with pytest.raises(DraftOpenError) as caught:
            Draft.open(path, "读者", readonly=readonly).close()
        assert "单元格标识" in caught.value.message and "文件未被修改" in caught.value.message
    assert path.read_bytes() == before


def test_the_window_says_so_when_it_opens_the_draft(
    qtbot: Any, window: MainWindow, tmp_path: Path, run: Run
) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {"no_such_cell": "5"})
    assert window.open_path(path)
    wait_ready(qtbot, window)
    assert window.banner.isVisible()
    text = window.banner.text()
    assert "no_such_cell" in text and "本表单没有的单元格" in text and "原样保留" in text
    # Typing a figure keeps the row, as the command line does.
    assert window.doc is not None
    window.doc.draft.apply({"received": 9})
    assert _stored_cells(path)["no_such_cell"] == "5"


def test_the_problems_panel_lists_the_warning_and_counts_it_as_check_does(
    qtbot: Any, window: MainWindow, tmp_path: Path, run: Run, qtmodeltester: Any
) -> None:
    path = _filled(tmp_path, run)
    _add_cells(path, {"no_such_cell": "5"})
    code, out, _ = run("check", path)
    assert code == 0
    assert "共 0 个错误，1 个警告，0 个空格未填" in out
    assert window.open_path(path)
    wait_ready(qtbot, window)
    assert window.problems is not None and window.doc is not None
    panel = window.problems
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    text = model.index(0, 0).data()
    assert text.startswith("【警告】草稿中有 1 个本表单没有的单元格：no_such_cell。")
    assert "原样保留" in text and "说明" not in text
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "draft.unknown_cells" in tip and "说明" not in tip
    assert not panel.empty.isVisible()
    assert window.counts.text() == "错误 0　警告 1　空格 0"  # as check counts them

    # Nothing to jump to: activating the row selects no cell and no words of the text.
    jumps: list[object] = []
    panel.cellActivated.connect(jumps.append)
    panel.textActivated.connect(lambda *place: jumps.append(place))
    panel.view.activated.emit(model.index(0, 0))
    assert jumps == []
    # A 说明 cannot settle it (there is no number of the report to accept), so none is offered.
    review = window.review
    shown: list[str] = []
    window.show_problem = lambda text, title="提示": shown.append(text)  # type: ignore[method-assign]
    review.explain()
    assert shown == ["当前没有警告需要说明。"]

    # A warning of the file does not stop submitting: the form's figures are all right.
    from govreport_gui.core.ops.review import blockers

    assert blockers(window.doc.draft, window.doc.checker) == []

    # A rule's problem comes after it, as check lists them; the model stays valid.
    select(qtbot, window, "received")
    enter(qtbot, "9")  # 收到申请数 ≠ its parts
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data().startswith("【警告】草稿中有 1 个本表单没有的单元格")
    assert model.index(1, 0).data().startswith("【错误】")
    assert window.counts.text() == "错误 1　警告 1　空格 0"


def test_a_draft_without_them_has_no_such_warning(tmp_path: Path, run: Run) -> None:
    path = _filled(tmp_path, run)
    data = run.json("check", path)
    assert "unknown_cells" not in data or data["unknown_cells"]["count"] == 0
    assert all(p["rule"] != "draft.unknown_cells" for p in data["problems"])
    assert json.dumps(data)  # plain JSON
