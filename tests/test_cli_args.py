"""Arguments in the order people write them: values after options still count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture()
def draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "r.nianbao"
    args = (
        "new",
        "--form",
        "gov-disclosure-2021",
        path,
        "--field",
        "unit=某局",
        "--field",
        "year=2023",
    )
    assert run(capsys, *args)[0] == 0
    return path


def values(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    code, out, _ = run(capsys, "show", path, "--json")
    assert code in (0, 1)
    shown: dict[str, object] = json.loads(out)
    return shown


@pytest.mark.parametrize(
    "argv",
    [
        ("--user", "张三", "new.natural=2", "new.commercial=3"),
        ("new.natural=2", "--user", "张三", "new.commercial=3"),
        ("--field", "phone=1234", "new.natural=2", "new.commercial=3"),
        ("new.natural=2", "--field", "phone=1234", "new.commercial=3"),
    ],
)
def test_assignments_after_an_option_are_assignments(
    draft: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, _, err = run(capsys, "set", draft, *argv)
    assert code == 0, err
    filled = {k: v for k, v in values(capsys, draft)["values"].items() if v is not None}  # type: ignore[attr-defined]
    assert filled == {"new.natural": 2, "new.commercial": 3}


def test_an_unknown_option_is_still_refused_and_changes_nothing(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "set", draft, "new.natural=2", "--bogus")
    assert code == 2 and "--bogus" in err and "govreport set -h" in err
    assert not any(v is not None for v in values(capsys, draft)["values"].values())  # type: ignore[attr-defined]


def test_a_stray_word_after_another_command_is_refused(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "show", draft, "extra")
    assert code == 2 and "extra" in err


def test_check_marks_explained_warnings_and_stale_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
    path = tmp_path / "d.nianbao"
    assert run(capsys, "new", "--form", "gov-disclosure-2014", path)[0] == 0
    assert run(capsys, "fill", path, "--values", example)[0] == 0
    assert run(capsys, "set", path, "normative_published=1")[0] == 0
    rule = "normative_published_le_issued"
    assert run(capsys, "explain", path, rule, "转发上级文件 1 件")[0] == 0
    code, out, _ = run(capsys, "check", path)
    assert code == 0
    assert f"警告·已说明\t{rule}" in out and "说明：转发上级文件 1 件" in out
    assert "1 个警告（已说明 1 个）" in out
    report = json.loads(run(capsys, "check", path, "--json")[1])
    assert report["explained_warnings"] == 1
    assert report["problems"][0]["explanation"] == "转发上级文件 1 件"

    assert run(capsys, "set", path, "normative_published=30")[0] == 0
    code, out, _ = run(capsys, "check", path)
    assert f"警告\t{rule}" in out and "需重新说明" in out and "已说明 1" not in out
    code, out, _ = run(capsys, "blockers", path)
    assert code == 1 and "数字已改变" in out
