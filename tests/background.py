"""Waiting for the window's background work (export, import) in tests: the job runs in Qt's
thread pool and reports back through the event loop, which ``qtbot.waitUntil`` keeps turning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govreport_gui.gui.main_window import MainWindow


def wait_for(qtbot: Any, job: Any) -> None:
    if job is not None:
        qtbot.waitUntil(lambda: job.done, timeout=30000)


def export(
    qtbot: Any, win: MainWindow, kinds: tuple[Any, ...], draft_mode: bool = False
) -> list[Path]:
    """Export as the menu does, wait until it is done; the files written ([] if none)."""
    wait_for(qtbot, win.exports.export(kinds, draft_mode=draft_mode))
    return win.exports.last_written


def import_xlsx(qtbot: Any, win: MainWindow, path: Path | None = None) -> bool:
    """Import as the menu does, wait until it is done; whether the workbook was applied."""
    wait_for(qtbot, win.exports.import_xlsx(path))
    return win.exports.last_import_ok
