"""How long does a durable save take? One cell per edit through ``Draft.apply`` against bare SQLite.

    python benchmarks/save_speed.py [--edits 300] [--dir FOLDER]

Each ``Draft.apply`` is one committed transaction (the value and its history row, rollback journal,
``synchronous=FULL``) and has returned only when the edit is on disk. The baseline, in the same
folder in the same run, is a bare sqlite3 single-row upsert + commit with the same settings, so the
ratio is what the draft's bookkeeping costs over the disk's own fsync time. Prints figures only.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from govreport_gui.core.forms.registry import get_form  # noqa: E402
from govreport_gui.core.forms.values import Kind  # noqa: E402
from govreport_gui.core.store.draft import Draft  # noqa: E402


def timed(edits: int, step: Callable[[int], None]) -> list[float]:
    times = []
    for i in range(edits):
        start = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - start)
    return times


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def draft_saves(folder: Path, edits: int) -> list[float]:
    form = get_form("gov-disclosure-2014")
    cells = [c.id for c in form.cells if c.kind is Kind.COUNT]
    rng = random.Random(1)
    path = folder / "save-speed.nianbao"
    with Draft.create(path, form, "基准测试", fields={"unit": "基准测试单位"}) as draft:
        # Distinct values, so every apply really changes the cell.
        return timed(edits, lambda i: draft.apply({rng.choice(cells): 1000 + i}))


def bare_saves(folder: Path, edits: int, name: str = "bare.sqlite") -> list[float]:
    con = sqlite3.connect(folder / name, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE cell (id TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    rng = random.Random(1)

    def step(i: int) -> None:
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "INSERT INTO cell VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value",
            (f"cell{rng.randrange(56)}", str(1000 + i)),
        )
        con.execute("COMMIT")

    try:
        return timed(edits, step)
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--dir", type=Path, help="folder on the disk to measure (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreport-save-", dir=args.dir) as tmp:
        folder = Path(tmp)
        bare_saves(folder, 20, "warm-up.sqlite")  # warm up the disk and the page cache
        draft = draft_saves(folder, args.edits)
        bare = bare_saves(folder, args.edits)
    print(f"folder: {args.dir or tempfile.gettempdir()}  edits: {args.edits} each")
    print(f"{'':34} {'median':>10} {'p99':>10} {'mean':>10}")
    rows = [("Draft.apply, one cell", draft), ("bare sqlite3 upsert + commit", bare)]
    for name, times in rows:
        print(
            f"{name:34} {statistics.median(times) * 1000:8.3f}ms {percentile(times, 99) * 1000:8.3f}ms"
            f" {statistics.fmean(times) * 1000:8.3f}ms"
        )
    print(
        f"{'ratio draft / bare':34} {statistics.median(draft) / statistics.median(bare):9.2f}x"
        f" {percentile(draft, 99) / percentile(bare, 99):9.2f}x"
        f" {statistics.fmean(draft) / statistics.fmean(bare):9.2f}x"
    )


if __name__ == "__main__":
    main()
