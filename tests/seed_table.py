"""Reads the statistics table out of the seed report's text (tests/data/seed_report_2018.txt).

In that text each table row is three tab-prefixed lines (label, unit, value); a line without a tab
continues the label (the notes such as （不同渠道和方式公开相同信息计1条）).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SEED = Path(__file__).parent / "data" / "seed_report_2018.txt"


@dataclass
class SeedRow:
    label: str
    note: str
    indent: float  # in character widths: a full-width space is 1, an ASCII space 1/2
    unit: str
    value: str


def _indent(text: str) -> float:
    width = 0.0
    for ch in text:
        if ch == "\u3000":
            width += 1
        elif ch == " ":
            width += 0.5
        else:
            break
    return width


def seed_rows() -> list[SeedRow]:
    text = SEED.read_text(encoding="utf-8")
    table = text[text.index("\t统　计　指　标") : text.index("单位负责人：")]
    cells: list[list[str]] = []  # each: [label lines..., ] grouped per tab line
    for line in table.splitlines():
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif line.strip() and cells:
            cells[-1].append(line)
    rows = []
    for i in range(3, len(cells), 3):  # skip the header row
        label_lines, unit, value = cells[i], cells[i + 1][0], cells[i + 2][0]
        first = label_lines[0]
        note = "".join(part.strip() for part in label_lines[1:])
        rows.append(
            SeedRow(
                label=first.strip().replace("\u3000", "").strip(),
                note=note,
                indent=_indent(first),
                unit=unit.strip(),
                value=value.strip(),
            )
        )
    return rows


def seed_fields() -> dict[str, str]:
    return {
        "unit": "自治区机关事务管理局",
        "year": "2018",
        "head": "潘明生",
        "reviewer": "沈涛",
        "preparer": "董晓东",
        "phone": "0951-6038879",
        "date": "2019年2月14日",
    }
