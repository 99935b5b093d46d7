"""How long the year-over-year comparison takes (issue 17), against ``check`` in the same run.

    python benchmarks/compare_speed.py [RUNS]

1. In one process: :func:`compare_files` of two values files (the 2014 example, 2019 → 2021,
   2021 → 2021), median over RUNS, beside reading and checking the same two files
   (``read_report_file`` + ``checker()``), the floor the comparison builds on.
2. Whole processes, as a user's shell starts them: ``govreport compare LAST THIS`` against
   ``govreport check THIS`` (alternating, paired; medians of wall and CPU time).

A reviewer compares one unit at a time, or the 审核台 one row at a time: the goal is that a
comparison costs about what checking the two files costs. Prints figures only.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from consistent_report import consistent_values  # noqa: E402

from govreport_gui.core.forms.registry import get_form  # noqa: E402
from govreport_gui.core.ops.compare import compare_files  # noqa: E402
from govreport_gui.core.ops.report_file import read_report_file  # noqa: E402

EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def write(path: Path, form_id: str, year: str) -> Path:
    values = {
        k: str(v) if isinstance(v, Decimal) else v
        for k, v in consistent_values(get_form(form_id)).items()
    }
    document = {"form": form_id, "fields": {"unit": "某某局", "year": year}, "values": values}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def example(path: Path, year: str) -> Path:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["fields"]["year"] = year
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def median_ms(work: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def read_and_check(last: Path, this: Path) -> None:
    for path in (last, this):
        read_report_file(path).checker()


def process(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from govreport_gui.cli.process import run; sys.exit(run())",
            *argv,
        ],
        env=env,
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pairs = {
            "2014 example, 2018 → 2019": (
                example(folder / "e18.json", "2018"),
                example(folder / "e19.json", "2019"),
            ),
            "2019 → 2021 forms": (
                write(folder / "a.json", "gov-disclosure-2019", "2020"),
                write(folder / "b.json", "gov-disclosure-2021", "2021"),
            ),
            "2021 → 2021": (
                write(folder / "c.json", "gov-disclosure-2021", "2021"),
                write(folder / "d.json", "gov-disclosure-2021", "2022"),
            ),
        }
        print(f"In one process (median of {RUNS}):")
        for name, (last, this) in pairs.items():
            compare_files(last, this)  # forms parsed and cached once, as in a session
            ours = median_ms(lambda last=last, this=this: compare_files(last, this), RUNS)
            floor = median_ms(lambda last=last, this=this: read_and_check(last, this), RUNS)
            print(
                f"  {name:28} compare {ours:6.1f} ms   read+check both {floor:6.1f} ms   ratio {ours / floor:4.2f}"
            )
        env = dict(
            os.environ,
            PYTHONPATH=str(REPO),
            GOVREPORT_HOME=str(folder / "home"),
            PYTHONPYCACHEPREFIX=str(folder / "pycache"),
        )
        last, this = pairs["2019 → 2021 forms"]
        compare: list[tuple[float, float]] = []
        check: list[tuple[float, float]] = []
        process(["compare", str(last), str(this)], env)  # bytecode compiled once
        for _ in range(RUNS):
            compare.append(process(["compare", str(last), str(this)], env))
            check.append(process(["check", str(this)], env))
        cw, cc = (statistics.median(x) for x in zip(*compare, strict=True))
        kw, kc = (statistics.median(x) for x in zip(*check, strict=True))
        print(f"Whole process, 2019 → 2021 (median of {RUNS}, paired):")
        print(f"  govreport compare LAST THIS   {cw:6.0f} ms wall {cc:6.0f} ms CPU")
        print(f"  govreport check THIS          {kw:6.0f} ms wall {kc:6.0f} ms CPU")
        print(f"  ratio compare / check         {cw / kw:6.2f} wall {cc / kc:6.2f} CPU")


if __name__ == "__main__":
    main()
