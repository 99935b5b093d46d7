"""tests/figures.py: what a test measures is shown at the end of a plain ``pytest`` run, where a
passing test's own output is hidden, and of a ``-n 2`` run, where it happens in a worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
MEASURING = """
def test_measures(figures):
    figures("folder 175.1 MB, package 52.5 MB")
    assert True


def test_measures_nothing():
    print("hidden, as pytest hides it")
"""


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_recorded_figures_are_shown_when_the_tests_pass(tmp_path: Path, workers: list[str]) -> None:
    if workers:
        # pytest-xdist is a developer's choice (`-n 2`), not a test dependency: CI runs without it.
        pytest.importorskip("xdist", reason="pytest-xdist is not installed")
    (tmp_path / "test_sizes.py").write_text(MEASURING, encoding="utf-8")
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "figures",
            "-p",
            "no:cacheprovider",
            *workers,
            "-c",
            os.devnull,
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "figures measured by the tests" in out
    assert "test_measures:\n  folder 175.1 MB, package 52.5 MB" in out
    assert "hidden, as pytest hides it" not in out
    assert "test_measures_nothing" not in out.split("figures measured by the tests")[1]
