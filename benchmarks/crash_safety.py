"""Crash safety under fire: SIGKILL a process saving edits 500 times and count what was lost.

    python benchmarks/crash_safety.py [--kills 500] [--seed N] [--dir FOLDER]

The child (tests/crash_child.py) opens one draft of gov-disclosure-2014 and applies random edits in
a loop — single cells, batches of up to 25 cells, header fields — printing each one after
``Draft.apply`` returns. It is killed after a random 5–200 ms; the draft is then reopened read-only
and for writing (the dead child's lock must not block) and compared with what was acknowledged.
The same draft is reused across kills. Prints figures only; "edits lost" must be 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _path in (str(REPO), str(REPO / "tests")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import crash_child  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="folder for the draft (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreport-crash-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash-safety.nianbao"
        path.unlink(missing_ok=True)
        stats = crash_child.run_kills(path, args.kills, args.seed, home=Path(tmp) / "home")
        size = path.stat().st_size
        if args.dir:
            path.unlink()
    print(f"kills:                 {stats.kills}")
    print(f"drafts opened:         {stats.drafts_opened} (each also read-only first)")
    print(f"edits acknowledged:    {stats.edits_acknowledged}")
    print(f"edits lost:            {stats.edits_lost}")
    print(
        f"in-flight edit saved:  {stats.in_flight_saved} (whole), dropped: {stats.in_flight_dropped}"
    )
    print(f"stale locks taken over: {stats.stale_locks}")
    print(f"journals left by kill: {stats.hot_journals}")
    print(f"killed before ready:   {stats.killed_before_ready}")
    print(f"problems:              {len(stats.problems)}")
    for problem in stats.problems[:20]:
        print(f"  {problem}")
    print(f"draft size at the end: {size / 1024:.0f} KiB")
    print(
        f"time taken:            {stats.seconds:.1f} s ({stats.seconds / max(stats.kills, 1) * 1000:.0f} ms per kill)"
    )


if __name__ == "__main__":
    main()
