"""How fast are the exports? Excel and PDF of the bundled example (median of several runs).

    python benchmarks/export_speed.py [RUNS]

The example (resources/examples/nxjgsw-2018.json, the 2014 table) is exported as a signed-off report
built in memory; the 2021 form is exported with consistent generated values. When LibreOffice
(``libreoffice`` or ``soffice``) is on PATH, converting our workbook to PDF with it is timed in the
same run, with the ratio to our own PDF export. The first PDF export also registers the fonts; it is
reported separately. Prints figures only.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from govreport_gui.core.forms.fingerprint import fingerprint  # noqa: E402
from govreport_gui.core.forms.formdef import FormDef  # noqa: E402
from govreport_gui.core.forms.registry import get_form  # noqa: E402
from govreport_gui.core.forms.values import Kind, Value  # noqa: E402
from govreport_gui.core.forms.valuesfile import load_values_document  # noqa: E402
from govreport_gui.core.layout.export_pdf import export_pdf  # noqa: E402
from govreport_gui.core.layout.export_xlsx import export_xlsx  # noqa: E402
from govreport_gui.core.layout.report import ReportData, SignOffInfo  # noqa: E402
from govreport_gui.core.paths import example_values_path  # noqa: E402
from govreport_gui.core.store.draft import SIGNED  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def signed(form: FormDef, fields: dict[str, str], values: dict[str, Value]) -> ReportData:
    fp = fingerprint(form, fields, values)
    return ReportData(
        form, fields, values, SIGNED, SignOffInfo("审核人", "2025-01-20T02:00:00+00:00", fp)
    )


def example() -> ReportData:
    doc = load_values_document(example_values_path())
    return signed(doc.form, doc.fields, {k: v for k, v in doc.values.items() if v is not None})


def form_2021() -> ReportData:
    form = get_form("gov-disclosure-2021")
    values: dict[str, Value] = {}
    for i, cell in enumerate(form.cells):
        values[cell.id] = Decimal("24252.311082") if cell.kind is Kind.MONEY else i % 7
    fields = {
        "unit": "某某市人民政府办公室",
        "year": "2021",
        "head": "甲",
        "reviewer": "乙",
        "preparer": "丙",
        "phone": "0000-0000000",
        "date": "2022年1月20日",
    }
    return signed(form, fields, values)


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = example()
        start = time.perf_counter()
        export_pdf(data, folder / "first.pdf")
        first_pdf = time.perf_counter() - start
        xlsx = median_seconds(lambda: export_xlsx(data, folder / "example.xlsx"), RUNS)
        pdf = median_seconds(lambda: export_pdf(data, folder / "example.pdf"), RUNS)
        print(f"runs: {RUNS} (median)")
        print(f"2014 example  xlsx: {xlsx * 1000:8.1f} ms")
        print(
            f"2014 example  pdf : {pdf * 1000:8.1f} ms   (first export, fonts registered: {first_pdf * 1000:.1f} ms)"
        )
        big = form_2021()
        xlsx21 = median_seconds(lambda: export_xlsx(big, folder / "f2021.xlsx"), RUNS)
        pdf21 = median_seconds(lambda: export_pdf(big, folder / "f2021.pdf"), RUNS)
        print(f"2021 form     xlsx: {xlsx21 * 1000:8.1f} ms")
        print(f"2021 form     pdf : {pdf21 * 1000:8.1f} ms")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office is None:
            print("libreoffice: not on PATH (conversion not timed)")
            return
        profile = (folder / "lo-profile").as_uri()

        def convert() -> None:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder / "lo"),
                    str(folder / "example.xlsx"),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )

        convert()  # first start creates the profile
        lo = median_seconds(convert, max(3, RUNS // 2))
        print(f"libreoffice xlsx->pdf: {lo * 1000:8.1f} ms   ratio to our pdf: {lo / pdf:.1f}x")


if __name__ == "__main__":
    main()
