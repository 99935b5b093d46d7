"""The command line on drafts: new, set, fill, show, history, drafts, check (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code in (0, 1), err
    return json.loads(out)


@pytest.fixture()
def path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    p = tmp_path / "报表.nianbao"
    code, out, _ = run(
        capsys, "new", p, "--form", FORM.id, "--field", "unit=某某局", "--field", "year=2018"
    )
    assert code == 0 and str(p) in out
    return p


def file_state(p: Path) -> tuple[bytes, int]:
    return p.read_bytes(), p.stat().st_mtime_ns


def test_new_set_show_history(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "set",
        path,
        "received=1,234",
        "fees=０.５",
        "--field",
        "head=负责人",
        "--user",
        "甲",
    )
    assert code == 0 and "3" in out
    shown = run_json(capsys, "show", path)
    assert shown["form"] == FORM.id
    assert shown["values"]["received"] == 1234
    assert shown["values"]["fees"] == "0.5"
    assert shown["values"]["website"] is None
    assert shown["fields"]["unit"] == "某某局" and shown["fields"]["head"] == "负责人"
    assert shown["status"] == "filling" and shown["check"]["blank"] == len(FORM.cells) - 2

    code, out, _ = run(capsys, "show", path)
    assert code == 0 and "1234" in out and "某某局" in out

    history = run_json(capsys, "history", path)
    assert history[0]["kind"] == "create"
    changes = {h["target"]: (h["who"], h["old"], h["new"], h["batch"]) for h in history[-3:]}
    assert changes == {
        "received": ("甲", "", "1234", history[-1]["batch"]),
        "fees": ("甲", "", "0.5", history[-1]["batch"]),
        "head": ("甲", "", "负责人", history[-1]["batch"]),
    }
    only = run_json(capsys, "history", path, "--cell", "fees")
    assert [(h["target"], h["new"]) for h in only] == [("fees", "0.5")]


def test_set_with_one_bad_value_changes_nothing(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "set", path, "received=5")[0] == 0
    before = file_state(path)
    code, _, err = run(capsys, "set", path, "website=3", "received=-1", "fees=1.5")
    assert code == 2
    assert "没有做任何修改" in err and "received" in err and "负数" in err
    assert file_state(path) == before
    assert run_json(capsys, "show", path)["values"]["received"] == 5


def test_set_unknown_cell_or_field(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = file_state(path)
    code, _, err = run(capsys, "set", path, "website=3", "no_such_cell=1")
    assert code == 2 and "no_such_cell" in err
    code, _, err = run(capsys, "set", path, "--field", "colour=红")
    assert code == 2 and "colour" in err
    code, _, err = run(capsys, "set", path, "website")
    assert code == 2 and "=VALUE" in err
    assert file_state(path) == before


def test_fill_with_a_list_in_cells_order(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = list(range(1, len(FORM.cells) + 1))
    values_file = tmp_path / "列.json"
    values_file.write_text(
        json.dumps({"form": FORM.id, "values": numbers, "fields": {"preparer": "乙"}}),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "fill", path, "--values", values_file, "--user", "乙")
    assert code == 0 and str(len(FORM.cells) + 1) in out
    shown = run_json(capsys, "show", path)
    for cell, number in zip(FORM.cells, numbers, strict=True):
        expected = number if cell.kind.value == "count" else str(number)
        assert shown["values"][cell.id] == expected, cell.id
    assert shown["fields"]["preparer"] == "乙"
    history = run_json(capsys, "history", path)
    filled = [h for h in history if h["batch"] > 1]  # batch 1: the new draft
    assert {h["kind"] for h in filled} == {"import", "field"}
    assert len(filled) == len(FORM.cells) + 1 and len({h["batch"] for h in filled}) == 1

    # A list of the wrong length, or one bad value in it, changes nothing.
    before = file_state(path)
    values_file.write_text(json.dumps({"form": FORM.id, "values": numbers[:-1]}), encoding="utf-8")
    assert run(capsys, "fill", path, "--values", values_file)[0] == 2
    bad = [*numbers[:-1], -1]
    values_file.write_text(json.dumps({"form": FORM.id, "values": bad}), encoding="utf-8")
    code, _, err = run(capsys, "fill", path, "--values", values_file)
    assert code == 2 and "没有做任何修改" in err
    assert file_state(path) == before


def test_check_a_draft(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "fill", path, "--values", EXAMPLE)[0] == 0
    report = run_json(capsys, "check", path)
    assert report["errors"] == 0 and report["path"] == str(path)
    assert run(capsys, "check", path)[0] == 0
    # The parts of 收到申请数 no longer add up: an error, exit 1.
    assert run(capsys, "set", path, "received=999")[0] == 0
    code, out, _ = run(capsys, "check", path)
    assert code == 1 and "错误" in out
    assert run_json(capsys, "check", path)["errors"] >= 1


def test_set_while_open_elsewhere(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Draft.open(path, "正在编辑的张三") as holder:
        assert not holder.readonly
        before = file_state(path)
        code, _, err = run(capsys, "set", path, "received=1")
        assert code == 1
        assert "正在编辑的张三" in err
        assert file_state(path) == before
        # Reading is still fine while it is open elsewhere.
        assert run(capsys, "show", path)[0] == 0
    assert run(capsys, "set", path, "received=1")[0] == 0


def test_drafts_lists_library_and_recent(
    tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = settings.library_dir()
    library.mkdir(parents=True)
    in_library = library / "库中.nianbao"
    assert run(capsys, "new", in_library, "--form", FORM.id, "--field", "unit=库中单位")[0] == 0
    broken = library / "坏的.nianbao"
    broken.write_text("不是草稿", encoding="utf-8")
    listed = {Path(d["path"]).name: d for d in run_json(capsys, "drafts")}
    assert listed["库中.nianbao"]["in_library"] is True
    assert listed["库中.nianbao"]["unit"] == "库中单位"
    assert listed[path.name]["in_library"] is False  # made with `new` elsewhere: a recent file
    assert listed[path.name]["year"] == "2018" and listed[path.name]["status_name"] == "填报中"
    assert listed["坏的.nianbao"]["problem"]
    code, out, _ = run(capsys, "drafts")
    assert code == 0 and "库中单位" in out and "无法读取" in out


def test_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "没有.nianbao"
    code, _, err = run(capsys, "set", missing, "received=1")
    assert code == 2 and "找不到" in err
    text = tmp_path / "文本.nianbao"
    text.write_text("hello", encoding="utf-8")
    for command in (("show", text), ("history", text), ("check", text), ("set", text, "a=1")):
        code, _, err = run(capsys, *command)
        assert code == 2 and "草稿" in err, command
    code, _, err = run(capsys, "new", tmp_path / "x", "--form", "no-such-form")
    assert code == 2 and "no-such-form" in err


def test_python_m_govreport_gui(path: Path, tmp_path: Path) -> None:
    env = dict(os.environ, GOVREPORT_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "govreport_gui", "set", str(path), "received=2", "bogus=1"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert "bogus" in done.stderr and "Traceback" not in done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "govreport_gui", "show", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["values"]["received"] is None
