"""How fast are the checks of the report's text (issue 16)? Prints figures only.

    python benchmarks/text_check_speed.py

* compiling a form's ``[[text_figures]]`` phrases (once per form, on the first text checked;
  ``core/report/phrase_match.py`` reads the usual ones, ``re`` compiles any other);
* checking a section of about 5,000 characters (the seed's section 二, repeated) — figures,
  year-over-year phrases and numbering — per check and per phrase of the form;
* the numbering check and mend alone, and a 5,000-character paragraph with no line break.

Medians of repeated runs, wall and CPU time (the machine may be shared).
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from report_text_seed import seed_sections  # noqa: E402

from govreport_gui.core.forms.form_file import load_form  # noqa: E402
from govreport_gui.core.forms.valuesfile import parse_values  # noqa: E402
from govreport_gui.core.report import phrases  # noqa: E402
from govreport_gui.core.report.numbering import mend_numbering, numbering_problems  # noqa: E402
from govreport_gui.core.report.text_checks import check_text  # noqa: E402

RUNS = 200


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn``."""
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    for year in (2014, 2019, 2021):
        form = load_form(REPO / "forms" / f"gov-disclosure-{year}.toml")

        def compile_all(form: object = form) -> None:
            phrases.forget_compiled()
            re.purge()  # re's own cache would hand back the patterns compiled by the last run
            for phrase in phrases.phrases(form):  # type: ignore[arg-type]
                phrase.matcher  # noqa: B018 (compiled when first asked for: every one, here)

        wall, cpu = timed(compile_all, 20)
        count = len(phrases.phrases(form))
        print(f"{form.id}: compiling {count} phrases once: {wall:.2f} ms (CPU {cpu:.2f} ms)")

    form = load_form(REPO / "forms" / "gov-disclosure-2014.toml")
    example = json.loads((REPO / "resources/examples/nxjgsw-2018.json").read_text("utf-8"))
    values = parse_values(form, example["values"])
    previous = dict(values)
    section = seed_sections()["s2"]
    big = "\n".join([section] * (5000 // len(section) + 1))[:5000]
    count = len(phrases.phrases(form))

    def first_check(text: str) -> None:
        phrases.forget_found()  # the phrases looked for anew, as in a text not checked before
        check_text(form, {"s2": text}, values, previous)

    wall, cpu = timed(lambda: first_check(big))
    print(
        f"section of {len(big)} characters, all checks, {count} phrases: {wall:.2f} ms "
        f"(CPU {cpu:.2f} ms), {wall / count * 1000:.1f} µs per phrase"
    )
    wall, cpu = timed(lambda: check_text(form, {"s2": big}, values, previous))
    print(
        f"  the same again (a figure typed into the table; the phrases found are kept): "
        f"{wall:.2f} ms (CPU {cpu:.2f} ms)"
    )
    one_line = big.replace("\n", "")
    wall, cpu = timed(lambda: first_check(one_line))
    print(f"one paragraph of {len(one_line)} characters: {wall:.2f} ms (CPU {cpu:.2f} ms)")
    wall, cpu = timed(lambda: numbering_problems("s2", big))
    print(f"numbering check alone: {wall:.3f} ms (CPU {cpu:.3f} ms)")
    wall, cpu = timed(lambda: mend_numbering(big))
    print(f"numbering mend alone: {wall:.3f} ms (CPU {cpu:.3f} ms)")
    sections = seed_sections()
    wall, cpu = timed(lambda: check_text(form, sections, values, previous))
    print(f"the whole seed text ({sum(map(len, sections.values()))} characters): {wall:.2f} ms")


if __name__ == "__main__":
    main()
