"""How a Word document marks its headings: a paragraph's outline level (Word's 大纲级别, which its
navigation pane lists), set on the paragraph or by its style — 标题 1 / Heading 1 and the styles
based on them, a WPS style given a level.

Read from the XML as it is (the file was checked by :func:`~.import_docx.check_docx`): a style's
level is its own ``w:outlineLvl``, else a built-in heading's by its name (``heading 1``, which
Word stores in English whatever its language, or a style named 标题 1), else its base style's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STYLE, _NAME, _BASED_ON = f"{W}style", f"{W}name", f"{W}basedOn"
_PPR, _PSTYLE, _OUTLINE_LEVEL = f"{W}pPr", f"{W}pStyle", f"{W}outlineLvl"
_VAL, _STYLE_ID, _TYPE, _DEFAULT = f"{W}val", f"{W}styleId", f"{W}type", f"{W}default"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
BODY_LEVEL = 9  # Word's 正文文本: outline levels 0–8 are headings 1–9
MAX_BASED_ON = 20  # a chain of base styles longer than Word makes (a crafted loop ends too)


class StyleLevels:
    """The outline level of each paragraph style of a document (1 for 标题 1, 0 for body text)."""

    def __init__(self, styles: Any) -> None:
        self.own: dict[str, int | None] = {}  # a style's own level, None: its base style's
        self.based_on: dict[str, str] = {}
        self.default = ""  # the style of a paragraph that names none
        for style in styles.iterchildren(_STYLE) if styles is not None else ():
            if style.get(_TYPE) not in (None, "paragraph"):
                continue
            style_id = style.get(_STYLE_ID) or ""
            self.own[style_id] = _own_level(style)
            base = style.find(_BASED_ON)
            if base is not None:
                self.based_on[style_id] = base.get(_VAL) or ""
            if style.get(_DEFAULT) in ("1", "true", "on"):
                self.default = style_id
        self.levels: dict[str, int] = {}

    def chain(self, style_id: str) -> Iterator[str]:
        """``style_id`` and its base styles, nearest first (at most :data:`MAX_BASED_ON`)."""
        current = style_id
        for _ in range(MAX_BASED_ON):
            yield current
            if current not in self.based_on:
                return
            current = self.based_on[current]

    def level(self, style_id: str) -> int:
        """The outline level of the style ``style_id`` (0: body text, or no such style)."""
        found = self.levels.get(style_id)
        if found is not None:
            return found
        level = next((self.own[s] for s in self.chain(style_id) if self.own.get(s) is not None), 0)
        self.levels[style_id] = level or 0
        return level or 0

    def paragraph(self, element: Any) -> int:
        """The outline level of the paragraph ``element`` (``w:p``): its own, else its style's."""
        properties = element.find(_PPR)
        style_id = self.default
        if properties is not None:
            own = _level(properties.find(_OUTLINE_LEVEL))
            if own is not None:
                return own
            named = properties.find(_PSTYLE)
            if named is not None:
                style_id = named.get(_VAL) or ""
        return self.level(style_id)


def _own_level(style: Any) -> int | None:
    properties = style.find(_PPR)
    if properties is not None:
        level = _level(properties.find(_OUTLINE_LEVEL))
        if level is not None:
            return level
    name = style.find(_NAME)
    match = _HEADING_NAME.match((name.get(_VAL) or "").strip()) if name is not None else None
    return int(match.group(1)) if match else None


def _level(element: Any) -> int | None:
    """1–9 for ``w:outlineLvl`` 0–8, 0 for body text (9), None when absent or not a number."""
    if element is None:
        return None
    value = (element.get(_VAL) or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number + 1 if number < BODY_LEVEL else 0
