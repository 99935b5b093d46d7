"""Lists of problems found in one input, shown capped: the first ones, then how many more.

One crafted file can hold any number of bad items (a values file with 500,000 unknown cells, a
workbook with 3,000 unrecognised rows, a draft with thousands of rows its form does not have).
Printed whole, such a list floods the terminal for seconds and hides the first, telling lines; a
message box with it cannot be read or closed. Every list of one input's problems — on the command
line, in ``--json`` and in the window — is capped here, always saying how many were left out.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process' start)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

MAX_LISTED = 20  # items of one list shown
SHOWN_ID = 60  # characters of an id named (a crafted file's id may be of any length)


def left_out(count: int) -> str:
    """The last line of a capped list of lines."""
    return f"……另有 {count} 条未列出"


def capped(lines: Sequence[str], limit: int = MAX_LISTED) -> list[str]:
    """The first ``limit`` lines, and a line saying how many more there are (when there are)."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit], left_out(len(lines) - limit)]


def named(items: Sequence[str], limit: int = MAX_LISTED, unit: str = "个") -> str:
    """Items in one line (``a、b、c``), the first ``limit`` of them, and how many more there are:
    ``a、b（另有 480 个未列出）``."""
    shown = "、".join(items[:limit])
    if len(items) <= limit:
        return shown
    return f"{shown}（另有 {len(items) - limit} {unit}未列出）"


def short_id(item: str) -> str:
    """An id as a list names it: at most :data:`SHOWN_ID` characters, then “…”."""
    return item if len(item) <= SHOWN_ID else item[:SHOWN_ID] + "…"


def listed_json(ids: Sequence[str]) -> dict[str, Any]:
    """How ``--json`` names ids it lists: how many, and the first ones (shortened)."""
    return {"count": len(ids), "ids": [short_id(i) for i in ids[:MAX_LISTED]]}
