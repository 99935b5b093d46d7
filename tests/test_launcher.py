"""packaging/launchers/govreport_launcher.py, the entry script of the Linux package's one program
file: started as ``govreport`` it is the command line, by any other name (``govreport-gui``, the
desktop entry's, or a link a user made) the window, which first runs PyInstaller's PySide6
run-time hook; the command line never does (it would import Qt at every ``govreport check``)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

import govreport_gui.cli.process
import govreport_gui.gui.process

LAUNCHER = (
    Path(__file__).resolve().parent.parent / "packaging" / "launchers" / "govreport_launcher.py"
)


def _launcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("govreport_launcher", LAUNCHER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not __main__: nothing starts
    return module


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What runs, in order: the Qt hook (a stand-in in a bundle folder), the command line's
    program or the window's."""
    runs: list[str] = []
    hook = tmp_path / "pyi_rth_pyside6.py"
    hook.write_text("import os\nos.environ['GOVREPORT_TEST_QT_HOOK'] = 'ran'\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("GOVREPORT_TEST_QT_HOOK", raising=False)

    def cli() -> int:
        runs.append("command line, hook " + os.environ.get("GOVREPORT_TEST_QT_HOOK", "not run"))
        return 3

    def window() -> int:
        runs.append("window, hook " + os.environ.get("GOVREPORT_TEST_QT_HOOK", "not run"))
        return 4

    monkeypatch.setattr(govreport_gui.cli.process, "run", cli)
    monkeypatch.setattr(govreport_gui.gui.process, "run", window)
    return runs


@pytest.mark.parametrize(
    ("argv0", "expected", "code"),
    [
        ("govreport", "command line, hook not run", 3),
        ("/usr/bin/govreport", "command line, hook not run", 3),
        ("/opt/govreport/govreport", "command line, hook not run", 3),
        ("govreport-gui", "window, hook ran", 4),
        ("/usr/bin/govreport-gui", "window, hook ran", 4),
        ("/home/张三/桌面/年报填报", "window, hook ran", 4),
    ],
)
def test_the_name_it_was_started_by_picks_the_front_end(
    started: list[str],
    monkeypatch: pytest.MonkeyPatch,
    argv0: str,
    expected: str,
    code: int,
) -> None:
    monkeypatch.setattr(sys, "argv", [argv0, "--version"])
    assert _launcher().main() == code
    assert started == [expected]


def test_the_window_still_starts_when_the_qt_hook_is_missing(
    started: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged folder without the hook: PySide6 finds its plugins by its own qt.conf, so the
    window is started rather than the program stopping on a missing helper."""
    (tmp_path / "pyi_rth_pyside6.py").unlink()
    monkeypatch.setattr(sys, "argv", ["govreport-gui"])
    assert _launcher().main() == 4
    assert started == ["window, hook not run"]
