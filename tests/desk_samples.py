"""A 政务公开办's folder of reports for the 审核台 tests (tests/test_desk_scan.py, test_gui_desk.py).

Each file is what a reviewer receives: values files (clean, with an error), drafts (being filled,
signed, signed and then changed behind the program's back), an exported workbook, a file that is
no report, a link (not followed), and two reports of the same unit and year (a duplicate).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from signing import sign_off_as

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops import review
from govreport_gui.core.ops.snapshot import report_data
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


def values_file(path: Path, unit: str, year: str = "2018", **changes: Any) -> Path:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["fields"]["unit"] = unit
    document["fields"]["year"] = year
    document["values"].update(changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def draft(path: Path, unit: str, signed: bool = False, year: str = "2018") -> Path:
    doc = load_values_document(EXAMPLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {**doc.fields, "unit": unit, "year": year}
    d = Draft.create(path, doc.form, "填报人", fields, doc.values)
    if signed:
        review.submit(d)
        sign_off_as(d, "沈涛")
    d.close()
    return path


def tamper(path: Path) -> None:
    """Change a figure of a signed draft with sqlite3, as someone outside the program could."""
    con = sqlite3.connect(str(path))
    with con:
        con.execute("UPDATE cell SET value = '7' WHERE id = 'gazette'")
    con.close()


def workbook(path: Path, unit: str) -> Path:
    source = path.with_suffix(".source.nianbao.tmp")
    doc = load_values_document(EXAMPLE)
    with Draft.create(source, doc.form, "填报人", {**doc.fields, "unit": unit}, doc.values) as d:
        export_xlsx(report_data(d), path, draft_mode=True)
    source.unlink()
    return path


def reviewer_folder(root: Path) -> Path:
    """The folder the tests list (names sort in the order below)."""
    values_file(root / "a-财政局.json", "财政局", gazette=7)  # not the figures of d-财政局
    values_file(root / "b-教育局.json", "教育局", received=1)  # an error: totals disagree
    draft(root / "c-公安局.nianbao", "公安局")
    # A duplicate of a-财政局, with other figures (the same figures would be another format).
    draft(root / "sub" / "d-财政局.nianbao", "财政局", signed=True)
    tamper(draft(root / "e-民政局.nianbao", "民政局", signed=True))
    workbook(root / "f-水利局.xlsx", "水利局")
    (root / "g-坏文件.json").write_text("{", encoding="utf-8")
    (root / "notes.txt").write_text("不是报表", encoding="utf-8")
    outside = values_file(root.parent / "外面" / "x.json", "外单位")
    os.symlink(outside, root / "h-link.json")
    os.symlink(outside.parent, root / "i-linked-folder")
    return root
