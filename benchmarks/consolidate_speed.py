"""How fast is a 汇总 of 300 signed reports? Goal (issue 17): under 5 s.

    python benchmarks/consolidate_speed.py [--reports N] [--runs R]

Builds N signed drafts (the bundled example's figures, times 1..N so that every report differs,
each of its own unit, signed off as the tests do: submitted, then ``review.sign_off`` with the
reviewer's own key made on the first sign-off) in a temporary folder with its own
``GOVREPORT_HOME``, then times:

1. in-process: ``consolidate_files`` (read every draft and check its signature, plan, write),
   with the reading and the planning shown apart;
2. a whole ``govreport consolidate FOLDER --out … --unit …`` process, as a user runs it.

Each is run R times, each time to a new file; the median and the worst are printed against the
goal. Prints figures only.
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
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GOAL_S = 5.0
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"


def build(folder: Path, count: int) -> float:
    """``count`` signed drafts in ``folder``; the seconds it took."""
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.forms.valuesfile import parse_values
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import Draft

    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    form = get_form(document["form"])
    start = time.perf_counter()
    for n in range(1, count + 1):
        raw = {
            k: (v * n if isinstance(v, int) and k not in ("fees", "budget") else v)
            for k, v in document["values"].items()
        }
        raw["fees"], raw["budget"] = f"{n}.25", f"{n}.000001"
        fields = {**document["fields"], "unit": f"某县第{n:03d}局"}
        draft = Draft.create(
            folder / f"{n:03d}.nianbao", form, "填报人", fields, parse_values(form, raw)
        )
        review.submit(draft)
        draft.user = "沈涛"  # the reviewer signs, not the 填报人
        review.sign_off(draft, "沈涛")
        draft.close()
    return time.perf_counter() - start


def in_process(folder: Path, out: Path) -> tuple[float, float, float]:
    """Whole, reading, planning + writing (seconds)."""
    from govreport_gui.core.ops.consolidate import (
        create_consolidated_draft,
        plan_consolidation,
        read_reports,
    )

    paths = sorted(folder.glob("*.nianbao"))
    start = time.perf_counter()
    reports, unreadable = read_reports(paths)
    read = time.perf_counter()
    assert not unreadable, unreadable
    planned = plan_consolidation(reports, "某县人民政府", include_unsigned=False)
    create_consolidated_draft(out, planned, "汇总人")
    end = time.perf_counter()
    return end - start, read - start, end - read


def whole_process(folder: Path, out: Path, env: dict[str, str]) -> float:
    command = [sys.executable, "-m", "govreport_gui", "consolidate", str(folder)]
    command += ["--out", str(out), "--unit", "某县人民政府", "--user", "汇总人"]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"govreport consolidate failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def line(name: str, times: list[float]) -> str:
    median, worst = statistics.median(times), max(times)
    verdict = "meets" if worst < GOAL_S else "MISSES"
    return (
        f"  {name:<34} median {median:6.2f} s   worst {worst:6.2f} s   "
        f"goal {GOAL_S:.0f} s: {verdict} (median is {median / GOAL_S:.0%} of the goal)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["GOVREPORT_HOME"] = str(root / "home")  # the key made for the sign-offs
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        folder = root / "各部门"
        folder.mkdir()
        built = build(folder, args.reports)
        print(
            f"{args.reports} signed drafts built in {built:.1f} s ({built / args.reports * 1000:.0f} ms each)"
        )
        whole, reading, planning = [], [], []
        for run in range(args.runs):
            total, read, plan = in_process(folder, root / f"in-{run}.nianbao")
            whole.append(total)
            reading.append(read)
            planning.append(plan)
        processes = [
            whole_process(folder, root / f"cli-{run}.nianbao", env) for run in range(args.runs)
        ]
        print(f"\n汇总 of {args.reports} signed reports ({args.runs} runs each):")
        print(line("in-process consolidate_files", whole))
        print(
            f"    of which reading + signature checks {statistics.median(reading):.2f} s "
            f"({statistics.median(reading) / args.reports * 1000:.1f} ms a report), "
            f"sums + check + writing {statistics.median(planning):.2f} s"
        )
        print(line("govreport consolidate (process)", processes))


if __name__ == "__main__":
    main()
