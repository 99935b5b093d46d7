"""Shared fixtures for the core tests: the 2014 form, the bundled example values, the 2-D test form."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The package is imported as installed (``pip install -e ".[test]"``); the helper modules here
# (seed_table, gui_helpers, home_guard, …) are found through pytest's ``pythonpath`` option.
from govreport_gui.core.forms import form_cache
from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.forms.valuesfile import parse_values

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent

FORM_2014_PATH = REPO_ROOT / "forms" / "gov-disclosure-2014.toml"
GRID_PATH = TESTS_DIR / "forms" / "test-grid.toml"
EXAMPLE_PATH = REPO_ROOT / "resources" / "examples" / "nxjgsw-2018.json"

# Fails the run if it changed the user's own settings or drafts (see tests/home_guard.py);
# figures: the sizes and timings tests measure, printed at the end of the run (tests/figures.py).
pytest_plugins = ["home_guard", "figures"]


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test gets its own ``GOVREPORT_HOME`` and ``HOME``: no test reads or writes the user's
    settings, recent list, library or Qt's per-user files. A test that wants a particular home sets
    ``GOVREPORT_HOME`` again with its own ``monkeypatch``.

    A MonkeyPatch of its own, not the test's: a test calling ``monkeypatch.undo()`` midway must not
    give the rest of the test (a window closing, saving its size) the user's real folders."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORT_HOME", str(home / "govreport"))
        patch.setenv("HOME", str(home))
        # platformdirs and Qt honour these before HOME; a developer's own values must not leak in.
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            patch.setenv(name, str(home / name.lower()))
        # Nor the program's own settings from the environment (a developer who set a user name
        # for the benchmarks, GOVREPORT_USER=…, would see the name tests ask or read change).
        for name in ("GOVREPORT_USER", "GOVREPORT_QT_FILE_DIALOG", "GOVREPORT_QUIT_WHEN_READY"):
            patch.delenv(name, raising=False)
        if sys.platform == "win32":  # pragma: no cover - the same on Windows
            patch.setenv("USERPROFILE", str(home))
            patch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
            patch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
        # The window's start-up points the parsed-form cache at that home's cache folder (as the
        # command line does): the next test must not go on writing into this test's folder.
        patch.setattr(form_cache, "_folder", form_cache.folder())
        yield home


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def form_2014() -> FormDef:
    return load_form(FORM_2014_PATH)


@pytest.fixture(scope="session")
def grid_form() -> FormDef:
    return load_form(GRID_PATH)


@pytest.fixture(scope="session")
def example_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture()
def example_values(form_2014: FormDef, example_document: dict[str, Any]) -> dict[str, Value | None]:
    """The seed report's numbers, parsed exactly as a values file would be (a fresh copy per test)."""
    return parse_values(form_2014, example_document["values"])


# Consistent values for tests/forms/test-grid.toml: every column balances (new + carried = done +
# forward, done = granted + refused) and every row's total is a + b + c.
GRID_COLUMNS: dict[str, dict[str, int]] = {
    "a": {"new": 5, "carried": 1, "granted": 3, "refused": 1, "done": 4, "forward": 2},
    "b": {"new": 2, "carried": 0, "granted": 1, "refused": 1, "done": 2, "forward": 0},
    "c": {"new": 1, "carried": 2, "granted": 2, "refused": 0, "done": 2, "forward": 1},
}


def grid_good_values() -> dict[str, Value | None]:
    values: dict[str, Value | None] = {}
    for column, rows in GRID_COLUMNS.items():
        for row, number in rows.items():
            values[f"{row}.{column}"] = number
    for row in GRID_COLUMNS["a"]:
        values[f"{row}.total"] = sum(GRID_COLUMNS[c][row] for c in GRID_COLUMNS)
    return values


@pytest.fixture()
def grid_values() -> dict[str, Value | None]:
    return grid_good_values()


@pytest.fixture(scope="session")
def qapp(qapp: Any) -> Any:
    """pytest-qt's QApplication with what ``app.start`` gives the real one: Qt's own buttons and
    dialogs in Chinese (so the tests see what a user sees)."""
    from govreport_gui.gui.qt_translations import install_chinese

    install_chinese(qapp)
    return qapp
