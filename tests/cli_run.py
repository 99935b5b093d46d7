"""Running ``govreport`` in the test's own process, as a user types it: the exit code and what it
printed, never a traceback (shared by the command-line tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govreport_gui.cli import main as cli


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        code = cli.main([str(a) for a in args])
        captured = self.capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err and "内部错误" not in captured.err
        return code, captured.out, captured.err

    def json(self, *args: str | Path) -> Any:
        code, out, err = self(*args, "--json")
        assert code in (0, 1), err
        return json.loads(out)


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)
