"""Which cell of last year's form a cell of this year's form is compared with (issue 17).

Two reports of the same form are matched cell by cell by id. When the forms differ (a 2019-format
report last year, a 2021-format report this year) a pair is made only where the two cells mean
the same, tried in this order:

1. the same id and the same label path (table, row and its parent rows, column with its groups):
   the 2019 and 2021 form files keep the ids of table 三 and 四 stable for ``prev()``, and all 169
   ids they share carry the same labels;
2. the same label path under another id (none between the bundled forms today; a future form
   that renames an id keeps its pairs);
3. :data:`SAME_MEANING`, the pairs whose labels differ but whose figure is the same, read from
   the official formats (``official-formats.md``).

Every other cell has no counterpart and is listed as such: e.g. 2019's 本年新制作数量 of 规章 and
2021's 本年制发件数 are not the same count, nor is 2019's single （六）其他处理 row any one of
2021's three rows; the 2014 统计表 shares no row with the later forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from govreport_gui.core.forms.formdef import Cell, FormDef, Table

# (last year's form, this year's form) → {this year's cell id: last year's cell id}. Only pairs
# that an official text says are the same figure under another label.
SAME_MEANING: Mapping[tuple[str, str], Mapping[str, str]] = {
    ("gov-disclosure-2019", "gov-disclosure-2021"): {
        # 2019 第二十条第（五）（六）项 处理决定数量 is the year's decisions, the figure 2021 calls
        # 本年处理决定数量 (2021 dropped the 上一年项目数量 and 本年增/减 columns).
        "licensing": "licensing.decisions",
        "penalty": "penalty.decisions",
        "enforcement": "enforcement.decisions",
    },
}
SEPARATOR = " › "


def _plain(text: str) -> str:
    """A label as compared: full-width forms folded (（一） = (一)), spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# How deep a row's own numbering puts it: 一、 › （一） › 1. › an unnumbered row (其中：…, 涉及
# 商业秘密), which sits under the numbered row before it. The forms' indents are the printed
# layout (the 2014 统计表 indents 其中 rows by 2 to 6), not this nesting.
_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 2),
    (re.compile(r"^[0-9]+[.．、]"), 3),
)
_UNNUMBERED = 4


def _level(label: str) -> int:
    for pattern, level in _LEVELS:
        if pattern.match(label):
            return level
    return _UNNUMBERED


def row_paths(table: Table) -> dict[str, tuple[str, ...]]:
    """Each row's label under the labels of the rows it belongs to, by their numbering, outermost
    first: 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密; 四、行政复议数量 › （二）被依法纠错数."""
    found: dict[str, tuple[str, ...]] = {}
    open_rows: list[tuple[int, str]] = []  # (level, label) of the rows a next row may sit under
    for row in table.rows:
        level = _level(row.label)
        while open_rows and open_rows[-1][0] >= level:
            open_rows.pop()
        found[row.id] = tuple(label for _, label in open_rows if label) + (
            (row.label,) if row.label else ()
        )
        open_rows.append((level, row.label))
    return found


def _column_path(table: Table, cell: Cell) -> tuple[str, ...]:
    """The column with its groups, less the groups every column of the table is under (申请人情况)
    and nothing for a table of one column (the 2014 统计表's 统计数)."""
    if len(table.columns) < 2:
        return ()
    shared = 0
    first = table.columns[0].groups
    while shared < len(first) and all(
        len(c.groups) > shared and c.groups[shared] == first[shared] for c in table.columns
    ):
        shared += 1
    return (*cell.column.groups[shared:], cell.column.label)


def table_name(form: FormDef, table: Table) -> str:
    """A table's short name: 表二 第二十条第（一）项, 表三; '' for a form of one table."""
    if len(form.tables) < 2:
        return ""
    numeral = table.section.split("、", 1)[0] if "、" in table.section else ""
    head = f"表{numeral}" if numeral else table.section
    return " ".join(part for part in (head, table.title) if part)


class _Paths:
    """Every cell's label path and matching key of one form, made once per form object."""

    def __init__(self, form: FormDef) -> None:
        self.form = form
        self.shown: dict[str, tuple[str, ...]] = {}
        self.keys: dict[str, tuple[str, ...]] = {}
        for table in form.tables:
            name = table_name(form, table)
            rows = row_paths(table)
            for cell in table.cells:
                row = rows[cell.row.id]
                self.shown[cell.id] = (
                    *((name,) if name else ()),
                    *row,
                    *_column_path(table, cell),
                )
                # What two cells of different forms must share to be the same figure: the whole
                # table heading, the row path and the column with all its groups.
                whole = (table.section, table.title, *row, *cell.column.groups, cell.column.label)
                self.keys[cell.id] = tuple(_plain(part) for part in whole)


_PATHS: dict[int, _Paths] = {}  # by id() of the form; the entry keeps its form alive


def _paths(form: FormDef) -> _Paths:
    found = _PATHS.get(id(form))
    if found is None or found.form is not form:
        found = _PATHS[id(form)] = _Paths(form)
    return found


def label_path(form: FormDef, cell: Cell) -> tuple[str, ...]:
    """Where the cell is, in the words of the printed form: the table's short name, the row path,
    the column: 表三 › 三、本年度办理结果 › （一）予以公开 › 自然人."""
    return _paths(form).shown[cell.id]


def match_cells(last: FormDef, this: FormDef) -> dict[str, str]:
    """{this year's cell id: last year's cell id} for every pair that means the same."""
    if last.id == this.id:
        return {cell.id: cell.id for cell in this.cells if last.has_cell(cell.id)}
    last_keys = _paths(last).keys
    by_key: dict[tuple[str, ...], list[str]] = {}
    for cell_id, key in last_keys.items():
        by_key.setdefault(key, []).append(cell_id)
    this_keys = _paths(this).keys
    pairs: dict[str, str] = {}
    for cell in this.cells:
        key = this_keys[cell.id]
        if last_keys.get(cell.id) == key:
            pairs[cell.id] = cell.id
        elif len(by_key.get(key, ())) == 1:
            pairs[cell.id] = by_key[key][0]
    taken = set(pairs.values())
    for this_id, last_id in SAME_MEANING.get((last.id, this.id), {}).items():
        usable = this.has_cell(this_id) and last.has_cell(last_id)
        if usable and this_id not in pairs and last_id not in taken:
            pairs[this_id] = last_id
            taken.add(last_id)
    return pairs
