"""``govreport-gui --help`` and its errors are Chinese, worded like ``govreport``'s (one shared
module, ``govreport_gui/argparse_zh.py``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from dialog_texts import english_words

# Names, not words: the programs and the options a user types.
NAMES = re.compile(r"govreport-gui|govreport|--?[a-z][a-z-]*")


def _run(repo_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(repo_root), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "govreport_gui.gui", *args],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_help_is_chinese(repo_root: Path) -> None:
    result = _run(repo_root, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法：govreport-gui")
    assert "选项：" in out and "显示此帮助并退出" in out and "打开自带示例的副本" in out
    assert english_words([NAMES.sub(" ", out)]) == [], out


def test_a_wrong_argument_is_refused_in_chinese(repo_root: Path) -> None:
    result = _run(repo_root, "--no-such-option")
    assert result.returncode == 2
    assert "用法：govreport-gui" in result.stderr
    assert "govreport-gui：无法识别的参数：--no-such-option" in result.stderr
    assert english_words([NAMES.sub(" ", result.stderr)]) == [], result.stderr
