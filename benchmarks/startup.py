"""How fast the window comes up, and how fast a typed value reaches the problems panel.

    python benchmarks/startup.py [--runs 5] [--edits 200]

1. Start-up: time from spawning a fresh ``python -c`` process until the main window, with a copy of
   the bundled example open, is shown and the event queue has run dry (the child runs
   ``govreport_gui.gui.app.start(["--example"])``, what ``govreport-gui --example`` runs); beside the same for a bare
   PySide6 ``QMainWindow``. Median of ``--runs`` processes each, and the ratio. ``perf_counter`` is
   a system-wide monotonic clock (CLOCK_MONOTONIC, QueryPerformanceCounter, mach_absolute_time),
   so the parent's reading before the spawn and the child's reading when idle can be subtracted.
   Each child also reports whether ``openpyxl`` / ``reportlab`` (export only) were imported.
2. Edit latency, in this process: a value is typed into the cell editor and committed with Enter,
   and the clock stops when the problems panel's model has the new list and its view has repainted.
   The values alternate between a wrong and a right subtotal, so every edit changes the panel.
   Every commit is a durable SQLite transaction, so this includes the disk's fsync.

Figures only; the offscreen Qt platform; settings and drafts in a temporary GOVREPORT_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WINDOW_CHILD = """
import sys, time
PHASES = {}
from govreport_gui.gui.app import start

PHASES["imported"] = time.perf_counter()
# What `govreport-gui --example` does before its event loop: window shown, example open.
app, window = start(["--example"])
PHASES["example"] = time.perf_counter()
from PySide6.QtCore import QTimer
"""

_BARE_CHILD = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

PHASES = {"imported": time.perf_counter()}
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1180, 820)
window.show()
"""

# Runs once the queue has been worked through (show, layout, the first paint, the focus timer).
_IDLE_TAIL = """
import json, time

def _idle():
    for _ in range(3):
        app.processEvents()
    now = time.perf_counter()
    print(json.dumps({
        "ready": now,
        "phases": PHASES,
        "openpyxl": "openpyxl" in sys.modules,
        "reportlab": "reportlab" in sys.modules,
    }), flush=True)
    app.quit()

QTimer.singleShot(0, _idle)
app.exec()
"""


def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["GOVREPORT_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONSTARTUP", None)
    # An installed program runs from compiled bytecode (pip compiles it); so do both sides here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _prepare_home(home: Path) -> None:
    """A fresh settings + library folder with the user's name confirmed (no name dialog)."""
    sys.path.insert(0, str(REPO))
    from govreport_gui.core.store import settings

    saved = os.environ.get("GOVREPORT_HOME")
    os.environ["GOVREPORT_HOME"] = str(home)
    try:
        settings.save_settings(settings.Settings(user_name="基准", user_name_confirmed=True))
    finally:
        if saved is None:
            del os.environ["GOVREPORT_HOME"]
        else:
            os.environ["GOVREPORT_HOME"] = saved


def _spawn(code: str, tmp: Path) -> dict[str, object]:
    """One child in a fresh GOVREPORT_HOME (so every start sees the same, empty library)."""
    home = Path(tempfile.mkdtemp(dir=tmp))
    _prepare_home(home)
    env = _child_env(home)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code + _IDLE_TAIL],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"child failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    report: dict[str, object] = json.loads(lines[-1])
    report["seconds"] = float(report["ready"]) - start  # type: ignore[arg-type]
    phases: dict[str, float] = report["phases"]  # type: ignore[assignment]
    report["phases"] = {k: v - start for k, v in phases.items()}
    report["exit"] = proc.returncode
    return report


def startup(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as name:
        tmp = Path(name)
        _spawn(_BARE_CHILD, tmp)  # warm the disk cache once (bytecode, Qt plugins, fonts)
        _spawn(_WINDOW_CHILD, tmp)
        app_times: list[float] = []
        bare_times: list[float] = []
        phases: dict[str, list[float]] = {}
        heavy: set[str] = set()
        exits: set[object] = set()
        for _ in range(runs):  # interleaved, so both see the same machine state
            bare = _spawn(_BARE_CHILD, tmp)
            bare_times.append(float(bare["seconds"]))  # type: ignore[arg-type]
            report = _spawn(_WINDOW_CHILD, tmp)
            app_times.append(float(report["seconds"]))  # type: ignore[arg-type]
            for key, value in report["phases"].items():  # type: ignore[attr-defined]
                phases.setdefault(key, []).append(value)
            heavy.update(m for m in ("openpyxl", "reportlab") if report[m])
            exits.add(report["exit"])
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print(f"start-up, spawn → window with example shown and idle ({runs} runs each, median):")
    print(
        f"  govreport window + example : {app_median * 1000:7.0f} ms  "
        f"(min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f})"
    )
    print(
        f"  bare PySide6 QMainWindow   : {bare_median * 1000:7.0f} ms  "
        f"(min {min(bare_times) * 1000:.0f}, max {max(bare_times) * 1000:.0f})"
    )
    print(f"  ratio                      : {app_median / bare_median:7.2f}×")
    steps = (("imported", "imports done"), ("example", "window shown with the example"))
    print(
        "  govreport phases (median, since spawn): "
        + ", ".join(
            f"{label} {statistics.median(phases[key]) * 1000:.0f} ms" for key, label in steps
        )
        + f", idle {app_median * 1000:.0f} ms"
    )
    print(f"  openpyxl in sys.modules    : {'openpyxl' in heavy}")
    print(f"  reportlab in sys.modules   : {'reportlab' in heavy}")
    if exits != {0}:
        print(f"  child exit codes           : {sorted(map(str, exits))}")


def edit_latency(edits: int) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as tmp:
        os.environ["GOVREPORT_HOME"] = tmp
        sys.path.insert(0, str(REPO))
        from PySide6.QtCore import QEvent, QObject, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication, QLineEdit

        from govreport_gui.core.store import settings
        from govreport_gui.gui.main_window import MainWindow

        settings.save_settings(settings.Settings(user_name="基准", user_name_confirmed=True))
        app = QApplication.instance() or QApplication(sys.argv[:1])

        window = MainWindow()
        window.show()
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        # A desktop-size window: on the 800×800 offscreen screen the window is fitted to the
        # screen, narrow, with the problems panel folded away (and never repainted).
        window.resize(1180, 820)
        window.open_example()
        assert window.page is not None and window.problems is not None
        view = window.page.first_view()
        model = window.problems.model
        list_view = window.problems.view

        class PaintWatch(QObject):
            last = 0.0

            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    PaintWatch.last = time.perf_counter()
                return False

        watch = PaintWatch()
        list_view.viewport().installEventFilter(watch)
        for _ in range(5):
            app.processEvents()

        timings: list[float] = []
        commits: list[float] = []
        for n in range(edits):
            wrong = n % 2 == 0  # 收到申请数 4 ≠ 0 + 0 + 2 + 1, then 3 again
            view.select_cell("received")
            QTest.keyClick(view, "4" if wrong else "3")
            editor = QApplication.focusWidget()
            assert isinstance(editor, QLineEdit), editor
            expected_rows = 1 if wrong else 0
            start = time.perf_counter()
            QTest.keyClick(editor, Qt.Key.Key_Return)  # commit: save, re-check, notify
            commits.append(time.perf_counter() - start)
            deadline = start + 5
            while not (model.rowCount() == expected_rows and PaintWatch.last > start):
                app.processEvents()
                if time.perf_counter() > deadline:
                    raise SystemExit(f"edit {n}: the problems panel did not repaint")
            timings.append(time.perf_counter() - start)
        window.close()
        app.processEvents()

    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]

    print(f"keystroke commit → problems panel repainted ({edits} edits, each saved durably):")
    print(
        f"  total  median {statistics.median(timings) * 1000:6.2f} ms   "
        f"p99 {p99(timings) * 1000:6.2f} ms   max {max(timings) * 1000:6.2f} ms"
    )
    print(
        f"  of it, Enter → saved+checked  median {statistics.median(commits) * 1000:6.2f} ms   "
        f"p99 {p99(commits) * 1000:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    import compileall

    compileall.compile_dir(str(REPO / "govreport_gui"), quiet=1)  # as pip does on install
    startup(args.runs)
    edit_latency(args.edits)


if __name__ == "__main__":
    main()
