"""Start-up of a built package folder against another (e.g. before and after a packaging change).

    python benchmarks/bundle_start.py FOLDER [BASE_FOLDER] [--runs N]

FOLDER is what ``packaging/build.py`` makes (``dist/govreport``: the programs and ``_internal/``).
Each command runs as a new process, as a clerk starts it, with a fresh HOME and only the folder's
files (no PYTHONPATH): ``govreport --version``, ``govreport check`` of the bundled example, and
``govreport-gui --example`` offscreen until the window is ready (GOVREPORT_QUIT_WHEN_READY=1).
With BASE_FOLDER, the two alternate run by run (paired) and the ratio of the medians is printed;
the processes' CPU time is shown beside the wall time, as the machine may be shared. Prints
figures only; also the folders' sizes.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path("_internal/govreport_gui/_data/resources/examples/nxjgsw-2018.json")
MB = 1000 * 1000


def commands(folder: Path) -> dict[str, list[str]]:
    return {
        "govreport --version": [str(folder / "govreport"), "--version"],
        "govreport check (example)": [str(folder / "govreport"), "check", str(folder / EXAMPLE)],
        "govreport-gui --example (until ready)": [str(folder / "govreport-gui"), "--example"],
    }


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GOVREPORT_"))}
    env.update(
        HOME=str(home),
        GOVREPORT_HOME=str(home / "govreport"),
        GOVREPORT_USER="张三",
        GOVREPORT_QUIT_WHEN_READY="1",
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=300)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def folder_mb(folder: Path) -> float:
    files = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
    return sum(p.lstat().st_size for p in files) / MB


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 9
    if "--runs" in sys.argv:
        args.remove(str(runs))
    if not args:
        print(__doc__)
        return 2
    folders = [Path(a).resolve() for a in args[:2]]
    for label, folder in zip(("folder", "base"), folders, strict=False):
        print(f"{label}: {folder}  {folder_mb(folder):.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp))
        for folder in folders:  # once each first: the page cache warm for both
            for command in commands(folder).values():
                timed(command, env)
        for name in commands(folders[0]):
            figures: list[list[tuple[float, float]]] = [[] for _ in folders]
            for _ in range(runs):
                for i, folder in enumerate(folders):
                    figures[i].append(timed(commands(folder)[name], env))
            medians = [
                (statistics.median(w for w, _ in f), statistics.median(c for _, c in f))
                for f in figures
            ]
            line = f"{name}: {medians[0][0] * 1000:.0f} ms (CPU {medians[0][1] * 1000:.0f} ms)"
            if len(medians) == 2:
                line += (
                    f", base {medians[1][0] * 1000:.0f} ms (CPU {medians[1][1] * 1000:.0f} ms),"
                    f" ratio {medians[0][0] / medians[1][0]:.2f} (CPU"
                    f" {medians[0][1] / medians[1][1]:.2f})"
                )
            print(f"{line}  [median of {runs}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
