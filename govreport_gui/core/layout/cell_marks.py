"""A table cell's text as its reader sees it, marks included: a superscript or subscript digit (a
footnote mark after a figure, ``12`` then a raised ``1``) as a superscript or subscript character,
text struck through with :data:`~govreport_gui.core.forms.values.STRUCK` after each character.

Web pages (:mod:`.import_html`), Word (:mod:`.import_docx`) and PDF (:mod:`.import_pdf`) give a
cell's text without its formatting; joined plainly, ``12¹`` would read as the figure 121 and a
correction ``99`` struck beside ``111`` as 99111. Marked, the values parser refuses both with a
reason (a superscript digit; a struck figure), and the cell is named instead of misread.
"""

from __future__ import annotations

from typing import NamedTuple

from govreport_gui.core.forms.values import STRUCK

RAISED = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
LOWERED = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")


class Marks(NamedTuple):
    """How a run of a cell's text is set (a web page's element, a Word run): raised (a
    superscript), lowered (a subscript), struck through."""

    raised: bool = False
    lowered: bool = False
    struck: bool = False


PLAIN = Marks()


def marked(text: str, *, raised: bool = False, lowered: bool = False, struck: bool = False) -> str:
    """``text`` as set: its digits raised or lowered, each of its characters but spaces struck."""
    if raised:
        text = text.translate(RAISED)
    elif lowered:
        text = text.translate(LOWERED)
    if struck:
        text = "".join(ch if ch.isspace() else ch + STRUCK for ch in text)
    return text
