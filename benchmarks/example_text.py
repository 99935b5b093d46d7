"""The bundled example's published report text, for the benchmarks' drafts that have their text
(a real draft has it: checking the draft checks the text too)."""

from __future__ import annotations

import html
from pathlib import Path

EXAMPLE_TEXT = (
    Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018-report.txt"
)


def example_page(folder: Path, text_file: Path = EXAMPLE_TEXT) -> Path:
    """The example's published text saved as a web page (``folder/report.html``), one paragraph
    per line, as a user saves a report published on a website; ``import-report`` reads it."""
    text = text_file.read_text(encoding="utf-8")
    lines = "".join(
        f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )
    page = folder / "report.html"
    page.write_text(
        f"<html><head><meta charset='utf-8'></head><body>{lines}</body></html>", encoding="utf-8"
    )
    return page


def example_sections(folder: Path, form_id: str) -> dict[str, str]:
    """The example's published text in the form's sections, as ``import-report`` reads it from
    :func:`example_page`, each section's headings' numbering mended (the published text numbers
    some of them (2) (3))."""
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.ops.import_report import read_report_file
    from govreport_gui.core.report.numbering import mend_numbering

    form = get_form(form_id)
    form, imported = read_report_file(example_page(folder), form, [form])
    known = {s.id for s in form.sections}
    return {i: mend_numbering(t) for i, t in imported.sections.items() if i in known and t.strip()}
