"""A folder the program cannot look into, for the tests of ``check`` and ``consolidate`` FOLDER.

:func:`deny_listing` makes listing one folder fail as a folder without permission (chmod 000)
does, whoever runs the tests (root reads any folder). :func:`cli_without_permissions` runs the
command line in a child process that really has no permission to read a chmod 000 folder: as
root, with the capabilities that let root read anything dropped (``setpriv``); None where that
cannot be done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The capabilities that let root read, list and change any file whatever its mode.
ROOT_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"


def deny_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Listing ``folder`` is refused as without permission (chmod 000), whoever runs the tests."""
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def cli_without_permissions(
    args: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str] | None:
    """``python -m govreport_gui ARGS`` in ``cwd``, unable to read what its modes forbid (None:
    this machine cannot run it so: root without setpriv, or not POSIX)."""
    if os.name != "posix":
        return None
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            return None
        prefix = [setpriv, f"--bounding-set={ROOT_CAPABILITIES}", "--"]
    env = {**env, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "govreport_gui", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
