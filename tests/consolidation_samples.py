"""Reports of several units for the consolidation tests (汇总, issue 17): the bundled example and
variants with other figures, as values files and as signed drafts."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from signing import sign_off_as

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
MONEY = ("fees", "budget")


def example_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def variant(unit: str, factor: int, fees: str, budget: str, **fields: str) -> dict[str, Any]:
    """The example with every count times ``factor`` (so every sum still holds) and the money
    cells given as decimal texts: another unit's consistent report."""
    document = example_document()
    document["fields"]["unit"] = unit
    document["fields"].update(fields)
    values = document["values"]
    for key, value in values.items():
        if key not in MONEY and isinstance(value, int):
            values[key] = value * factor
    values["fees"], values["budget"] = fees, budget
    return document


# The example itself and two variants (money with decimals): three units of one year.
UNITS: tuple[tuple[str, int, str, str], ...] = (
    ("自治区机关事务管理局", 1, "0", "10"),
    ("自治区财政厅", 2, "0.35", "12.125"),
    ("自治区教育厅", 3, "1.000001", "7.5"),
)


def write_values(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def write_draft(path: Path, document: dict[str, Any], signed: bool = True) -> Path:
    """A draft of ``document``'s figures; signed off by 沈涛 (submitted first) when ``signed``."""
    source = write_values(path.with_suffix(".source.json"), document)
    doc = load_values_document(source)
    source.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = Draft.create(path, doc.form, "填报人", doc.fields, doc.values)
    try:
        if signed:
            review.submit(draft)
            sign_off_as(draft, "沈涛")
    finally:
        draft.close()
    return path


def three_signed(folder: Path) -> list[Path]:
    return [
        write_draft(folder / f"{n}-{unit}.nianbao", variant(unit, factor, fees, budget))
        for n, (unit, factor, fees, budget) in enumerate(UNITS, 1)
    ]


def expected_sums(documents: list[dict[str, Any]]) -> dict[str, int | Decimal]:
    """Each cell's sum, computed here from the values files' own numbers (exact decimals)."""
    sums: dict[str, int | Decimal] = {}
    for key in documents[0]["values"]:
        if key in MONEY:
            sums[key] = sum((Decimal(str(d["values"][key])) for d in documents), Decimal(0))
        else:
            sums[key] = sum(int(d["values"][key]) for d in documents)
    return sums
