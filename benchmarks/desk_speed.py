"""How fast does the 审核台 list a folder of 3,000 reports? (issue 17)

    python benchmarks/desk_speed.py [--reports 3000] [--rebuild]

Builds (once, cached under /tmp keyed by :data:`VERSION` and the count) a 政务公开办's folder:
half drafts (a third of them signed off, a few signed and then changed behind the program's
back), half values files (some with errors, some with blanks), a few files that are no report,
spread over 30 department folders, with duplicates. Then, in this process, opens the 审核台
offscreen on it and prints the time to the first page of rows painted, the time to the completed
scan, and the peak memory (VmHWM); then ``govreport check FOLDER`` as a whole process. Goals
beside each figure. Prints figures only; no assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

VERSION = 1  # change when what is built changes: the cached folder is built again
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"
FOLDERS = 30
GOAL_FIRST_S, GOAL_DONE_S, GOAL_MB, GOAL_CHECK_S = 1.0, 15.0, 300, 10.0


def build(root: Path, count: int) -> None:
    """The folder of ``count`` reports under ``root / 'reports'`` (and the home that signed them)."""
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import Draft

    rng = random.Random(17)
    doc = load_values_document(EXAMPLE)
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    cells = list(document["values"])
    reports = root / "reports"
    started = time.perf_counter()
    for i in range(count):
        folder = reports / f"部门{i % FOLDERS:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        unit = f"单位{i % (count - count // 20):04d}"  # the last 5 %: second copies (duplicates)
        year = str(2018 + i % 3)
        values = dict(doc.values)
        kind = i % 10
        if kind == 1:  # an error: a figure that breaks a total
            values[rng.choice(cells)] = 987_654
        elif kind == 2:  # blanks
            for cell in rng.sample(cells, 3):
                values[cell] = None
        if i % 2 == 0:
            fields = {**doc.fields, "unit": unit, "year": year}
            path = folder / f"{unit}_{year}_{i}.nianbao"
            draft = Draft.create(path, doc.form, "填报人", fields, values)
            if i % 6 == 0 and kind not in (1, 2):
                review.submit(draft)
                draft.user = "审核人"  # the reviewer signs, not the 填报人
                review.sign_off(draft, "审核人")
            draft.close()
            if i % 60 == 0:  # signed, then changed with sqlite3 (the signature no longer holds)
                import sqlite3

                con = sqlite3.connect(str(path))
                with con:
                    con.execute("UPDATE cell SET value = '7' WHERE id = 'gazette'")
                con.close()
        else:
            data = dict(document)
            data["fields"] = {**document["fields"], "unit": unit, "year": year}
            data["values"] = {k: (None if v is None else v) for k, v in values.items()}
            path = folder / f"{unit}_{year}_{i}.json"
            path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        if i % 500 == 499:
            print(f"  built {i + 1} ({time.perf_counter() - started:.0f} s)", flush=True)
    for n in range(5):  # files that are no report
        (reports / f"部门{n:02d}" / f"坏文件{n}.json").write_text("{", encoding="utf-8")
    (root / "complete").write_text("ok", encoding="utf-8")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


WORKER_PEAKS: dict[int, float] = {}  # pid → peak RSS (MB) of each reading process seen


def sample_workers() -> None:
    """The peak RSS (VmHWM, after their exec: a worker's own) of this process' children now."""
    for task in Path("/proc/self/task").iterdir():
        try:
            pids = (task / "children").read_text().split()
        except OSError:
            continue
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    mb = int(line.split()[1]) / 1024
                    WORKER_PEAKS[int(pid)] = max(WORKER_PEAKS.get(int(pid), 0.0), mb)


def measure_desk(reports: Path) -> tuple[float, float, int, str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    found = QApplication.instance()
    app = found if isinstance(found, QApplication) else QApplication([])
    from govreport_gui.gui.fonts import ensure_chinese_font

    ensure_chinese_font(app)
    started = time.perf_counter()
    from govreport_gui.gui.desk import DeskWindow

    imported = (
        time.perf_counter() - started
    )  # the 审核台's modules (a window already open has many)
    desk = DeskWindow([reports])
    desk.show()
    page = 0
    first = done = 0.0
    turns = 0
    while True:
        app.processEvents()
        turns += 1
        if turns % 50 == 0:
            sample_workers()
        if not first:
            page = max(
                1,
                desk.table.viewport().height() // desk.table.verticalHeader().defaultSectionSize(),
            )
            if desk.proxy.rowCount() >= page:
                desk.table.viewport().repaint()  # painted now, with the rows
                first = time.perf_counter() - started
        if desk.complete and not desk.scanning:
            done = time.perf_counter() - started
            break
        time.sleep(0.002)  # the event loop's wait, as app.exec() would idle
    rows = desk.proxy.rowCount()
    summary = desk.summary.text()
    desk.close()
    return first, done, rows, summary + f"（第一页 {page} 行）", imported


def measure_check(reports: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "govreport_gui", "check", str(reports)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    return time.perf_counter() - started, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    root = Path("/tmp") / f"govreport-desk-bench-v{VERSION}-{args.reports}"
    os.environ["GOVREPORT_HOME"] = str(root / "home")  # the signer's key: trusted there
    os.environ["GOVREPORT_USER"] = "审核人"
    if args.rebuild and root.exists():
        shutil.rmtree(root)
    if not (root / "complete").exists():
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        print(f"building {args.reports} reports in {root} (once) …", flush=True)
        build(root, args.reports)
    reports = root / "reports"
    load_before = os.getloadavg()[0]
    import resource

    first, done, rows, summary, imported = measure_desk(reports)
    mb = peak_mb()
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the reading processes (reaped)
    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime
    worker_mb = sum(WORKER_PEAKS.values())
    print(f"审核台 on {rows} files: {summary}")
    print(
        f"  first page of rows painted: {first:.2f} s   (goal < {GOAL_FIRST_S:.0f} s); "
        f"of which importing the 审核台's modules {imported:.2f} s"
    )
    print(f"  scan complete:              {done:.2f} s   (goal < {GOAL_DONE_S:.0f} s)")
    print(f"  peak memory (VmHWM):        {mb:.0f} MB   (goal < {GOAL_MB} MB)")
    print(
        f"  worker processes:           {len(WORKER_PEAKS)}, peak RSS {worker_mb:.0f} MB together; "
        f"window and workers {mb + worker_mb:.0f} MB   (goal < {GOAL_MB} MB)"
    )
    print(f"  CPU time, window and workers: {cpu:.2f} s")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    check_s, code = measure_check(reports)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    check_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(
        f"govreport check FOLDER, whole process: {check_s:.2f} s (exit {code})   (goal < {GOAL_CHECK_S:.0f} s)"
    )
    print(f"  its CPU time: {check_cpu:.2f} s")
    print(f"  ratio scan complete / check: {done / check_s:.2f} (CPU {cpu / check_cpu:.2f})")
    print(f"load average (1 min) before / after: {load_before:.1f} / {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
