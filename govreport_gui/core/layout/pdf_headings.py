"""How a PDF marks its headings (:mod:`.heading_rules`): its bookmarks (the outline Word, WPS and
our own export write from the headings), else the font its headings are set in.

* A paragraph whose text is the title of a bookmark is marked with the bookmark's level.
* Without such bookmarks, a paragraph set in another font or size than most of the text (黑体 among
  仿宋, or larger) is marked with that look; the title's look too, which no section heading shares.

The outline is hostile input as the rest of the file: at most :data:`MAX_ENTRIES` entries are read
(pdfminer walks it by recursion: a deep or looping one ends in an error, and then the PDF is taken
to have none).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from govreport_gui.core.layout.heading_rules import LOOK_MARK
from govreport_gui.core.layout.import_docx import Block, Paragraph

MAX_ENTRIES = 500  # a report has a dozen headings
MAX_TITLE_CHARS = 200
_SUBSET = re.compile(r"^[A-Z]{6}\+")  # an embedded subset's tag: ABCDEF+SimHei is SimHei


def outline_levels(pdf: Any) -> dict[str, int]:
    """The bookmarks' titles (without spaces) and their levels (1: top); {} without any."""
    levels: dict[str, int] = {}
    try:
        for level, title, *_ in itertools.islice(pdf.doc.get_outlines(), MAX_ENTRIES):
            if isinstance(title, str) and isinstance(level, int):
                levels.setdefault(_flat(title[:MAX_TITLE_CHARS]), level)
    except Exception:  # no outline (PDFNoOutlines), a damaged or looping one: none to go by
        return {}
    levels.pop("", None)
    return levels


def char_look(chars: Sequence[Mapping[str, Any]]) -> str:
    """The font and size most of ``chars`` are set in (``SimHei 16``; half points)."""
    looks = Counter(
        f"{_SUBSET.sub('', str(c.get('fontname', '')))} {round(float(c.get('size', 0)) * 2) / 2:g}"
        for c in chars
    )
    return looks.most_common(1)[0][0] if looks else ""


def with_marks(
    blocks: Sequence[Block], looks: Mapping[int, Counter[str]], outline: Mapping[str, int]
) -> list[Block]:
    """``blocks`` with their paragraphs marked by ``outline`` when any is one of its titles, else
    by their look (``looks``: each paragraph's characters by look, by its number)."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if any(_flat(p.text) in outline for p in paragraphs):
        marks = {
            p.number: f"outline {outline[_flat(p.text)]}"
            for p in paragraphs
            if _flat(p.text) in outline
        }
    else:
        marks = _look_marks(looks)
    return [
        replace(b, mark=marks[b.number]) if isinstance(b, Paragraph) and marks.get(b.number) else b
        for b in blocks
    ]


def _look_marks(looks: Mapping[int, Counter[str]]) -> dict[int, str]:
    """Each paragraph's own look (by its number) where it is not the text's: most characters'."""
    total: Counter[str] = Counter()
    for counted in looks.values():
        total.update(counted)
    if not total:
        return {}
    body = total.most_common(1)[0][0]
    marks: dict[int, str] = {}
    for number, counted in looks.items():
        look = counted.most_common(1)[0][0] if counted else body
        if look != body:
            marks[number] = LOOK_MARK + look
    return marks


def _flat(text: str) -> str:
    return "".join(text.split())
