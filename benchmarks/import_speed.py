"""How fast is reading a published report (issue 17)? PDF, web page and Word (median of runs).

    python benchmarks/import_speed.py [RUNS]

The reports are made from the 2021 example's values file by the tests' makers
(tests/published_reports.py): our report PDF (3 pages), the same in STSong-Light (a font the file
does not embed), a rule-less 2014 table, a GBK web page in layout tables, our web page and our
Word file. Each is read as `import-report` reads it (blocks, form guessed, figures matched); the
ratio to the Word file says what the format costs. Then the hostile pages: a 50,000-cell table
(refused) and 100,000 nested elements. Prints figures only.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for extra in (REPO, REPO / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from published_reports import (  # noqa: E402
    SEED_VALUES,
    cms_html,
    example_2021_file,
    export_docx,
    export_html,
    export_pdf,
    load,
    platypus_pdf,
    text_table_pdf,
)

from govreport_gui.core.forms.registry import all_forms  # noqa: E402
from govreport_gui.core.ops.import_report import (  # noqa: E402
    ReportImportRefused,
    read_report_file,
)

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def median_seconds(work: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read(path: Path) -> Callable[[], object]:
    forms = list(all_forms())

    def work() -> object:
        try:
            return read_report_file(path, None, forms)
        except ReportImportRefused as exc:
            return exc

    return work


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    doc = load(example_2021_file(folder))
    seed = load(SEED_VALUES)
    files = {
        "Word (.docx), our export": export_docx(folder / "r.docx", doc),
        "PDF, our export (3 pages)": export_pdf(folder / "r.pdf", doc),
        "PDF, STSong-Light (not embedded)": platypus_pdf(folder / "cid.pdf", doc),
        "PDF, 2014 table without rulings": text_table_pdf(folder / "plain.pdf", seed),
        "web page, our export": export_html(folder / "r.html", doc),
        "web page, GBK in layout tables": cms_html(folder / "cms.html", doc),
    }
    big = folder / "cells.html"
    big.write_text("<table>" + ("<tr>" + "<td>1</td>" * 100 + "</tr>") * 500 + "</table>")
    deep = folder / "deep.html"
    deep.write_text("<div>" * 100_000 + "正文" + "</div>" * 100_000)
    files["web page, 50,000 cells (refused)"] = big
    files["web page, 100,000 nested elements"] = deep
    read(files["PDF, our export (3 pages)"])()  # imports pdfplumber once, outside the timing
    base = median_seconds(read(files["Word (.docx), our export"]))
    print(f"{'file':40} {'size':>9} {'median':>9} {'× Word':>7}")
    for name, path in files.items():
        seconds = median_seconds(read(path))
        size = path.stat().st_size / 1024
        print(f"{name:40} {size:7.0f} kB {seconds * 1000:7.0f} ms {seconds / base:7.1f}")


if __name__ == "__main__":
    main()
