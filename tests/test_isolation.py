"""Tests never touch the user's own files, and the set-up is declared, not assumed.

- A run of tests that once wrote into the real settings (a dead draft from pytest's temporary folder
  showed up in 最近的草稿) leaves a pretend user's home untouched.
- The guard plugin (tests/home_guard.py) fails a run that does write there, so every whole run of the
  suite proves it.
- Every third-party module imported by the package, the tests or the benchmarks is declared in
  pyproject.toml (a fresh virtual environment would otherwise fail where a developer's does not).
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _pretend_user_env(home: Path) -> dict[str, str]:
    """The environment of a user whose home is ``home``: no GOVREPORT_HOME, no XDG overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "GOVREPORT_HOME" and not k.startswith("XDG_") and not k.startswith("PYTEST_")
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    return env


def _user_files(home: Path) -> list[str]:
    found = []
    for sub in (".config/govreport", ".local/share/govreport"):
        folder = home / sub
        if folder.exists():
            found += [str(p.relative_to(home)) for p in folder.rglob("*")]
    return found


def test_command_line_tests_leave_the_users_settings_alone(tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-x",
            "tests/test_cli_core.py",
            "tests/test_library.py",
        ],
        cwd=REPO,
        env=_pretend_user_env(home),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert _user_files(home) == []


def test_a_run_that_writes_the_users_settings_fails(tmp_path: Path) -> None:
    home = tmp_path / "user"
    home.mkdir()
    bad = tmp_path / "test_writes_home.py"
    bad.write_text(
        "import pathlib, os\n"
        "def test_write():\n"
        "    folder = pathlib.Path(os.environ['REAL_USER_HOME']) / '.config' / 'govreport'\n"
        "    folder.mkdir(parents=True, exist_ok=True)\n"
        "    (folder / 'settings.json').write_text('{}')\n",
        encoding="utf-8",
    )
    env = _pretend_user_env(home)
    env.update(REAL_USER_HOME=str(home), PYTHONPATH=str(REPO / "tests"))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "home_guard",
            "--rootdir",
            str(tmp_path),
            str(bad),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 passed" in run.stdout  # the test itself passed: the guard failed the run
    assert "测试改动了用户自己的设置" in run.stdout
    assert ".config/govreport/settings.json" in run.stdout


# CPython's own modules under the name another Python version gives them: core/sha256.py takes
# SHA-256 from ``_sha2`` (3.12 on) or ``_sha256`` (3.11), which this Python may not list.
OTHER_VERSIONS_STDLIB = {"_sha2", "_sha256"}


def _third_party_imports(folders: list[Path]) -> set[str]:
    local = {"govreport_gui", "conftest", "seed_table", "crash_child", "home_guard"}
    local |= {p.stem for folder in folders for p in folder.glob("*.py")}
    # packaging/ is on sys.path for build.py and the tests of packaging: its folders (linux,
    # windows, macos) are imported as packages.
    local |= {p.name for p in (REPO / "packaging").iterdir() if p.is_dir()}
    names: set[str] = set()
    for folder in folders:
        for path in folder.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    # ``_typeshed`` is the type checkers' part of the standard library (``StrPath``), imported
    # under ``TYPE_CHECKING`` only: running any module that imported it otherwise would fail.
    stdlib = sys.stdlib_module_names | OTHER_VERSIONS_STDLIB | {"_typeshed"}
    return {n for n in names - local if n not in stdlib}


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_every_imported_package_is_declared() -> None:
    folders = [REPO / "govreport_gui", REPO / "tests", REPO / "benchmarks", REPO / "packaging"]
    distributions = importlib.metadata.packages_distributions()
    declared = {d.replace("_", "-") for d in _declared()}
    missing = {}
    for module in sorted(_third_party_imports(folders)):
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(dists)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"


def test_a_tests_own_monkeypatch_undo_keeps_the_private_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A test may call ``monkeypatch.undo()`` midway (tests/test_gui_navigation.py does); what runs
    after it, a window closing and saving its size, still writes into the test's own home."""
    private = os.environ["GOVREPORT_HOME"], os.environ["HOME"]
    monkeypatch.setenv("GOVREPORT_HOME", "/elsewhere")
    monkeypatch.undo()
    assert (os.environ["GOVREPORT_HOME"], os.environ["HOME"]) == private
    base = tmp_path_factory.getbasetemp().resolve()
    assert Path(os.environ["HOME"]).resolve().is_relative_to(base)
    assert Path(os.environ["GOVREPORT_HOME"]).resolve().is_relative_to(base)
