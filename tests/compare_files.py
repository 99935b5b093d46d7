"""Report files for the year-over-year comparison tests: values files made from the bundled
example (2014 form) or from the consistent 2019/2021 reports, with figures changed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from consistent_report import consistent_values

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value, to_text

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
UNIT = "某某县人民政府办公室"


def example(path: Path, year: str = "2018", unit: str | None = None, **changes: Any) -> Path:
    """The bundled example (自治区机关事务管理局, 2014 form) for ``year``, with ``changes``."""
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["fields"]["year"] = year
    if unit is not None:
        document["fields"]["unit"] = unit
    document["values"].update(changes)
    return _write(path, document)


def report(
    path: Path,
    form_id: str,
    year: str,
    tied: dict[str, Value | None] | None = None,
    *,
    unit: str = UNIT,
    **changes: Value | None,
) -> Path:
    """A complete, consistent 2019 or 2021 report (tests/consistent_report.py) with ``changes``
    (cell ids with a dot are written ``row__column``), ``tied`` first (:func:`following`)."""
    values = consistent_values(get_form(form_id))
    changes = {**(tied or {}), **changes}
    values.update({key.replace("__", "."): value for key, value in changes.items()})
    return _write(path, {"form": form_id, "fields": {"unit": unit, "year": year}, "values": values})


def following(last: Path) -> dict[str, Value | None]:
    """What ties a 2021-form report to ``last`` (as ``row__column`` keys): its 上年结转 row equal to
    last year's 结转下年度, its 现行有效件数 last year's plus 本年制发 less 本年废止."""
    values = json.loads(last.read_text(encoding="utf-8"))["values"]
    tied: dict[str, Value | None] = {
        f"carried_over__{key.split('.', 1)[1]}": value
        for key, value in values.items()
        if key.startswith("carry_forward.")
    }
    this = consistent_values(get_form("gov-disclosure-2021"))
    for row in ("regulations", "normative_docs"):
        issued, repealed = this[f"{row}.issued"], this[f"{row}.repealed"]
        assert isinstance(issued, int) and isinstance(repealed, int)
        tied[f"{row}__in_force"] = values[f"{row}.in_force"] + issued - repealed
    return tied


def _write(path: Path, document: dict[str, Any]) -> Path:
    document["values"] = {
        key: to_text(value) if isinstance(value, Decimal) else value
        for key, value in document["values"].items()
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
