"""``GOVREPORT_QUIT_WHEN_READY=1``: the window opens the example, then closes itself with exit
code 0, so that a built package's smoke test (tests/test_installer_deb.py) can start the window
and see it end cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_window_opens_the_example_and_closes_itself(repo_root: Path, tmp_path: Path) -> None:
    env = dict(
        os.environ,
        PYTHONPATH=str(repo_root),
        QT_QPA_PLATFORM="offscreen",
        GOVREPORT_USER="张三",  # the first-start name question would wait for an answer
        GOVREPORT_QUIT_WHEN_READY="1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "govreport_gui.gui", "--example"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    # the window's title names the example's unit: the draft was opened, not the start page
    assert lines[0].startswith("已就绪："), lines
    assert "自治区机关事务管理局" in lines[0] and "政府信息公开年报填报" in lines[0]
    assert "Traceback" not in result.stderr
    # closed the usual way: the draft's lock file (.~lock.NAME#) was removed
    library = Path(os.environ["GOVREPORT_HOME"])
    assert list(library.rglob("*.nianbao")), "the example's copy is in the library"
    assert not [p for p in library.rglob(".~lock.*")]
