"""The seed report's text (resources/examples/nxjgsw-2018-report.txt) cut into its sections, as a
clerk pastes it into a 2014 draft: the preface, then 一、概述 … 四、2019年工作思路 (ids s1 … s4;
the headings are the sections', not the text's)."""

from __future__ import annotations

import re
from pathlib import Path

SEED_TEXT = Path(__file__).resolve().parent.parent / "resources/examples/nxjgsw-2018-report.txt"
_HEADING = re.compile(r"^([一二三四])、")


def seed_sections() -> dict[str, str]:
    lines = SEED_TEXT.read_text(encoding="utf-8").split("\n")[3:]  # after the two title lines
    sections: dict[str, list[str]] = {"preface": []}
    current = "preface"
    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            current = f"s{'一二三四'.index(heading.group(1)) + 1}"
            sections[current] = []
        else:
            sections[current].append(line)
    return {sid: "\n".join(text).strip("\n") for sid, text in sections.items()}
