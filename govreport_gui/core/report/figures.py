"""Figures inserted into the text from the tables: the token ``{{CELL_ID}}``.

The stored text keeps the token, so a figure follows every later change of its cell; what a
reader sees (the window, ``show``, the exports) is the cell's number, as :func:`render` writes it.
A token naming no cell of the form is kept visible as typed, so nothing is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value, to_text

TOKEN = re.compile(r"\{\{\s*([a-z][a-z0-9_.]*)\s*\}\}")
BLANK_FIGURE = "（空）"  # what a token of a blank cell shows: visible, never a silent 0


def token(cell_id: str) -> str:
    """The text inserted for a figure from ``cell_id``."""
    return "{{" + cell_id + "}}"


def figure_ids(text: str) -> list[str]:
    """The cell ids of the tokens in ``text``, in order (repeats kept)."""
    return [m.group(1) for m in TOKEN.finditer(text)]


def render(
    text: str,
    form: FormDef,
    values: Mapping[str, Value | None],
    shown: Callable[[str, Value | None], str] | None = None,
) -> str:
    """``text`` with every token of a known cell replaced by the cell's number (``shown`` may
    format it; default the exact canonical text), a blank cell by :data:`BLANK_FIGURE`."""

    def replace(match: re.Match[str]) -> str:
        cell_id = match.group(1)
        if not form.has_cell(cell_id):
            return match.group(0)
        value = values.get(cell_id)
        if shown is not None:
            return shown(cell_id, value)
        return BLANK_FIGURE if value is None else to_text(value)

    return TOKEN.sub(replace, text)
