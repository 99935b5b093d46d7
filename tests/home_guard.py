"""A pytest plugin that fails the whole run if it changed the user's own govreport folders.

Every test runs with its own ``HOME`` and ``GOVREPORT_HOME`` (the autouse fixture in
``conftest.py``); this guard is the proof that none slipped through: the real settings and data
folders (as ``platformdirs`` finds them from the environment the run started with) are listed
before the first test and after the last, and any file added, removed or changed fails the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

_APP = "govreport"
Snapshot = dict[str, tuple[int, int]]


def real_folders() -> list[Path]:
    """The settings and data folders of the user running the tests (no GOVREPORT_HOME)."""
    return [
        Path(platformdirs.user_config_dir(_APP, appauthor=False)),
        Path(platformdirs.user_data_dir(_APP, appauthor=False)),
    ]


def snapshot(folders: list[Path]) -> Snapshot:
    seen: Snapshot = {}
    for folder in folders:
        if not folder.exists():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                try:
                    info = path.lstat()
                except OSError:
                    continue
                seen[str(path)] = (info.st_size, info.st_mtime_ns)
    return seen


_before: Snapshot | None = None
_folders: list[Path] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    global _before, _folders
    _folders = real_folders()
    _before = snapshot(_folders)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _before is None:
        return
    after = snapshot(_folders)
    if after == _before:
        return
    changed = sorted(set(after) ^ set(_before) | {k for k in after if _before.get(k) != after[k]})
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = ["测试改动了用户自己的设置或草稿文件夹（测试必须只用自己的临时文件夹）：", *changed]
    if reporter is not None:
        reporter.write_line("\n".join(lines), red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
