"""Published Word reports of issue 17's layouts: made from values files, read back figure for
figure (the Word import of issue 16 with the matcher's three-column labels)."""

from __future__ import annotations

from pathlib import Path

from published_reports import (
    SEED_VALUES,
    example_2021_file,
    export_docx,
    filled,
    load,
    official_docx,
)

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.ops.import_report import read_report_file


def test_our_word_export_of_the_2014_example(tmp_path: Path) -> None:
    doc = load(SEED_VALUES)
    form, imported = read_report_file(export_docx(tmp_path / "seed.docx", doc), None, all_forms())
    assert form.id == doc.form.id and imported.values == filled(doc)
    assert imported.fields["unit"] == doc.fields["unit"]


def test_the_official_template_typed_in_word(tmp_path: Path) -> None:
    """Table 三's labels in three columns, merged down as Word merges them, "/" in blank cells:
    every figure, under the right heading (1.属于国家秘密 under （三）不予公开)."""
    values = dict(load(example_2021_file(tmp_path, other=True)).values)
    values["fees"] = None
    doc = load(example_2021_file(tmp_path, "o.json", other=True))
    doc.values = values
    path = official_docx(tmp_path / "official.docx", doc)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    assert imported.values == filled(doc)
    # the one "/" is said to be read as blank, not 0; nothing else is noted
    assert len(imported.table_notes) == 1 and "行政事业性收费" in imported.table_notes[0]
    assert imported.fields["year"] == doc.fields["year"]
