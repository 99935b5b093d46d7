"""How fast is checking? Per-edit (incremental) and whole-form check times, small and big forms.

    python benchmarks/check_speed.py

The small form is gov-disclosure-2014 with the bundled example's values. The big form is generated
here: one table of 1000 rows x 10 columns (10,000 cells) with 500 per-column sum checks
(``r{k} = r{500+k} + r{500+(k+1)%500}``), i.e. 5,000 expanded sum rules. Prints figures only.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from govreport_gui.core.forms.engine import Checker  # noqa: E402
from govreport_gui.core.forms.form_build import parse_form  # noqa: E402
from govreport_gui.core.forms.form_file import load_form  # noqa: E402
from govreport_gui.core.forms.formdef import FormDef  # noqa: E402
from govreport_gui.core.forms.values import Value  # noqa: E402
from govreport_gui.core.forms.valuesfile import parse_values  # noqa: E402

ROWS, COLUMNS, SUMS = 1000, 10, 500
EDITS = 20_000
WHOLE_RUNS_SMALL = 2_000
WHOLE_RUNS_BIG = 30


def big_form_text() -> str:
    lines = [
        'id = "bench-big"',
        'title = "基准测试用大表"',
        "",
        "[[tables]]",
        'id = "big"',
        "show_unit = false",
    ]
    for c in range(COLUMNS):
        lines += ["", "[[tables.columns]]", f'id = "c{c}"', f'label = "列{c}"']
    for r in range(ROWS):
        lines += ["", "[[tables.rows]]", f'id = "r{r}"', f'label = "第{r}行"']
    for k in range(SUMS):
        a, b = SUMS + k, SUMS + (k + 1) % SUMS
        lines += [
            "",
            "[[tables.checks]]",
            f'id = "s{k}"',
            'for_each = "column"',
            f'expr = "r{k} = r{a} + r{b}"',
        ]
    return "\n".join(lines) + "\n"


def big_values(form: FormDef) -> dict[str, Value | None]:
    rng = random.Random(1)
    values: dict[str, Value | None] = {}
    for c in range(COLUMNS):
        parts = {r: rng.randint(0, 1000) for r in range(SUMS, ROWS)}
        for r, v in parts.items():
            values[f"r{r}.c{c}"] = v
        for k in range(SUMS):
            values[f"r{k}.c{c}"] = parts[SUMS + k] + parts[SUMS + (k + 1) % SUMS]
    assert len(values) == len(form.cells)
    return values


def per_edit_ns(form: FormDef, values: dict[str, Value | None]) -> tuple[list[int], list[int]]:
    """Time Checker.set_value for random edits (a new number, the old one back, or a blank).

    Returns the timings of all edits and, separately, of those after which a rule reading the
    edited cell has failed (a failed rule also builds its message with the numbers).
    """
    checker = Checker(form, values)
    rng = random.Random(2)
    cells = [c.id for c in form.cells]
    timings: list[int] = []
    failing: list[int] = []
    clock = time.perf_counter_ns
    for _ in range(EDITS):
        cell_id = rng.choice(cells)
        choice = rng.random()
        value = None if choice < 0.1 else (values[cell_id] if choice < 0.4 else rng.randint(0, 999))
        start = clock()
        checker.set_value(cell_id, value)
        elapsed = clock() - start
        timings.append(elapsed)
        if any(r.failed for r in checker.results_for_cell(cell_id)):
            failing.append(elapsed)
    return timings, failing


def whole_ns(make: Callable[[], object], runs: int) -> list[int]:
    timings = []
    clock = time.perf_counter_ns
    for _ in range(runs):
        start = clock()
        make()
        timings.append(clock() - start)
    return timings


def p99(samples: list[int]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def main() -> None:
    small = load_form(REPO / "forms" / "gov-disclosure-2014.toml")
    example = json.loads(
        (REPO / "resources" / "examples" / "nxjgsw-2018.json").read_text(encoding="utf-8")
    )
    small_values = parse_values(small, example["values"])

    text = big_form_text()
    start = time.perf_counter_ns()
    big = parse_form(text, "<bench-big>")
    parse_big_ms = (time.perf_counter_ns() - start) / 1e6
    big_vals = big_values(big)

    print(f"python {sys.version.split()[0]}")
    print(f"small: {small.id}: {len(small.cells)} cells, {len(small.rules)} rules")
    print(
        f"big:   {len(big.cells)} cells, {len(big.rules)} rules (parse_form {parse_big_ms:.0f} ms)"
    )
    print()

    results = {}
    for name, form, values, runs in (
        ("small", small, small_values, WHOLE_RUNS_SMALL),
        ("big", big, big_vals, WHOLE_RUNS_BIG),
    ):
        Checker(form, values)  # compile the form once, as the program does
        edits, failing = per_edit_ns(form, values)
        fresh = whole_ns(lambda f=form, v=values: Checker(f, v), runs)
        checker = Checker(form, values)
        recheck = whole_ns(checker.check_all, runs)
        results[name] = statistics.median(edits)
        print(
            f"{name:5} per edit (set_value, {len(edits)} edits): "
            f"median {statistics.median(edits) / 1e3:8.2f} µs   p99 {p99(edits) / 1e3:8.2f} µs"
        )
        if len(failing) >= 100:
            print(
                f"{name:5}   of which {len(failing):5} leave a failed rule: "
                f"median {statistics.median(failing) / 1e3:8.2f} µs   p99 {p99(failing) / 1e3:8.2f} µs"
            )
        print(
            f"{name:5} whole form ({runs} runs): Checker() median "
            f"{statistics.median(fresh) / 1e3:10.1f} µs   check_all median "
            f"{statistics.median(recheck) / 1e3:10.1f} µs"
        )
    print()
    print(f"per-edit median ratio big/small: {results['big'] / results['small']:.2f}")


if __name__ == "__main__":
    main()
