"""``[[text_figures]]`` of a form file: the phrases of a report's text that name a table figure.

Each entry names a figure (one cell, or the sum of several) and the phrases that state it, as
patterns with ``{n}`` where the number stands (forms/README.md, "Figures in the text"). Here the
entries are read and checked as data (a known numeric cell, one ``{n}`` per pattern, no unbounded
repetition); the patterns are compiled only when a text is checked (``core/report/phrases.py``):
compiling them costs milliseconds that a ``check`` of the tables alone must not pay.
"""

from __future__ import annotations

from govreport_gui.core.forms.record import Record, set_fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

NUMBER_SLOT = "{n}"
KEYS = frozenset({"figure", "cells", "name", "patterns", "parts"})
_ID_START = frozenset("abcdefghijklmnopqrstuvwxyz")
_ID_CHARS = _ID_START | frozenset("0123456789_")


def is_id(value: str) -> bool:
    """Whether ``value`` is a form's id of a row, column, table, rule or figure: lower-case ASCII
    letters, digits and ``_``, a letter first. (No pattern: one compiled at import costs a
    ``check`` process more than every id it tests, issue 14.)"""
    return value[:1] in _ID_START and set(value) <= _ID_CHARS


# No form's cell id comes near this (the longest is 33 characters): a longer one is no id that a
# form file, of this version or a later one, declares.
MAX_CELL_ID = 100


def is_cell_id(value: object) -> bool:
    """Whether ``value`` could be a cell's id in some form: a row's id, or ``row.column``."""
    if not isinstance(value, str) or len(value) > MAX_CELL_ID:
        return False
    parts = value.split(".")
    return len(parts) <= 2 and all(is_id(part) for part in parts)


class TextFigure(Record):
    """A table figure and the phrases of the text that state it.

    ``patterns`` state the whole figure; ``parts`` state a part of it (several parts in one section
    are added up, and the sum may not exceed the figure)."""

    figure: str  # the rule id is text.figure.<figure>
    cells: tuple[str, ...]  # the figure is their sum
    name: str  # how a message names it: 表三本年新收申请总计; "" for the default
    patterns: tuple[str, ...]
    parts: tuple[str, ...]
    line: int | None  # where the entry is, for a pattern refused when it is compiled

    def __init__(  # see Record
        self,
        figure: str,
        cells: tuple[str, ...],
        name: str,
        patterns: tuple[str, ...],
        parts: tuple[str, ...],
        line: int | None,
    ) -> None:
        set_fields(
            self,
            {
                "figure": figure,
                "cells": cells,
                "name": name,
                "patterns": patterns,
                "parts": parts,
                "line": line,
            },
        )


def build_text_figures(
    raw: Any,
    cells: Mapping[str, Any],  # formdef's cells by id (a Cell: not imported, formdef imports us)
    line_of: Callable[..., int | None],
    fail: Callable[[int | None, str], Exception],
) -> tuple[TextFigure, ...]:
    """The ``[[text_figures]]`` entries of a form file's data, checked; ``fail(line, problem)``
    makes the error that refuses the file."""
    if not isinstance(raw, list):
        raise fail(None, "text_figures 应写成 [[text_figures]] 条目")
    result: list[TextFigure] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict):
            raise fail(None, "text_figures 应写成 [[text_figures]] 条目")
        figure = entry.get("figure")
        if not isinstance(figure, str) or not is_id(figure):
            raise fail(None, f"[[text_figures]] 条目缺少合规的 figure（标识）：{figure!r}")
        line = line_of("figure", figure)
        if figure in seen:
            raise fail(line_of("figure", figure, 2), f"重复的正文数字标识 “{figure}”")
        seen.add(figure)
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            raise fail(line, f"正文数字 “{figure}” 有未知的项：{'、'.join(unknown)}")
        names = entry.get("cells")
        if not isinstance(names, list) or not names or not all(isinstance(c, str) for c in names):
            raise fail(line, f"正文数字 “{figure}” 应以 cells 列出它的单元格")
        for cell_id in names:
            cell = cells.get(cell_id)
            if cell is None:
                raise fail(line, f"正文数字 “{figure}” 引用了不存在的单元格 “{cell_id}”")
            if not cell.kind.is_numeric:
                raise fail(line, f"正文数字 “{figure}” 引用了文字单元格 “{cell_id}”")
        name = entry.get("name", "")
        if not isinstance(name, str):
            raise fail(line, f"正文数字 “{figure}” 的 name 应为文字")
        patterns = _patterns(entry, "patterns", figure, line, fail)
        parts = _patterns(entry, "parts", figure, line, fail)
        if not patterns and not parts:
            raise fail(line, f"正文数字 “{figure}” 没有 patterns（说法）")
        result.append(TextFigure(figure, tuple(names), name, patterns, parts, line))
    return tuple(result)


def _patterns(
    entry: Mapping[str, Any],
    key: str,
    figure: str,
    line: int | None,
    fail: Callable[[int | None, str], Exception],
) -> tuple[str, ...]:
    raw = entry.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise fail(line, f"正文数字 “{figure}” 的 {key} 应为文字列表")
    for pattern in raw:
        problem = pattern_problem(pattern)
        if problem:
            raise fail(line, f"正文数字 “{figure}” 的说法 “{pattern}” {problem}")
    return tuple(raw)


def pattern_problem(pattern: str) -> str:
    """What is wrong with a phrase pattern before it is compiled ("" when nothing): it has one
    ``{n}``, no group of its own that captures by name or refers back, and no unbounded repetition
    (``*``, ``+``, ``{m,}``): a pattern is run over every paragraph, and ``.{0,8}`` says how far a
    phrase may stretch where ``.*`` would reach across the paragraph."""
    import re  # here: a form read from its cache checks no pattern (issue 14)

    if pattern.count(NUMBER_SLOT) != 1:
        return "应恰好含有一个 {n}（数字所在处）"
    if "\n" in pattern or not pattern.replace(NUMBER_SLOT, "").strip():
        return "不能为空或含有换行"
    rest = pattern.replace(NUMBER_SLOT, "")
    if "(?P" in rest or "(?<" in rest.replace("(?<=", "").replace("(?<!", ""):
        return "不能含有命名分组"
    if "\\" in rest and re.search(r"\\[1-9]", rest):
        return "不能含有反向引用"
    if "*" not in rest and "+" not in rest and ",}" not in rest:
        return ""  # the usual case, without a walk through the pattern (a form loads faster)
    in_class = escaped = False
    for index, ch in enumerate(rest):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "*+" or (ch == "{" and re.match(r"\{\d*,\}", rest[index:])):
            return "不能含有无上限的重复（*、+、{m,}），请写出上限，如 .{0,8}"
    return ""
