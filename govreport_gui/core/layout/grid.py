"""The official layout grid of each form: where every title, header, label, unit and value cell
of a section sits on the sheet (rows, columns, merged spans), and the column widths.

This is the one source of the layout: the Excel writer (:mod:`.export_xlsx`) and the PDF writer
(:mod:`.export_pdf`) draw it, the Excel importer (:mod:`.import_xlsx`) and ``verify`` read the
sections and the tables printed without a label column from it, so what is written is what is read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from govreport_gui.core.forms.formdef import FormDef, Row, Table
from govreport_gui.core.forms.values import Kind, Value, to_text


def display_value(value: Value | None) -> str:
    """A value as printed: integers as they are, money with at least two decimals."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = to_text(value)
        whole, _, frac = text.partition(".")
        return f"{whole}.{frac.ljust(2, '0')}"
    return str(value)


def label_text(row: Row) -> str:
    return f"{row.label}\n{row.note}" if row.note else row.label


def text_units(text: str) -> float:
    """Width of ``text`` in spreadsheet column units: a CJK character is about two."""
    total = 0.0
    for ch in text:
        total += 2.1 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.1
    return total


# ---------------------------------------------------------------------------------------------
# The grid: one section of the form laid out as cells


@dataclass(frozen=True)
class Section:
    title: str  # e.g. 二、主动公开政府信息情况; "" for a single-table form
    tables: tuple[Table, ...]


def sections(form: FormDef) -> list[Section]:
    result: list[Section] = []
    for table in form.tables:
        if result and table.section and result[-1].title == table.section:
            result[-1] = Section(result[-1].title, (*result[-1].tables, table))
        else:
            result.append(Section(table.section, (table,)))
    return result


def table_has_stub(table: Table) -> bool:
    """False for a table printed without a label column (table 四: one unlabelled row)."""
    return bool(table.stub_header or table.stub_note or any(r.label for r in table.rows))


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    role: str  # block, stub, unit_head, group, label, row_label, unit, value, blank
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    note: str = ""  # the stub note in the top-left cell
    table: Table | None = None
    row_def: Row | None = None
    cell_id: str = ""  # value cells: the form's cell id ("" in heading rows)
    kind: Kind | None = None
    value: Value | None = None


@dataclass
class SectionGrid:
    section: Section
    ncols: int
    has_stub: bool
    has_unit: bool
    nvals: int
    cells: list[GridCell] = field(default_factory=list)
    nrows: int = 0
    header_rows: list[tuple[int, int]] = field(default_factory=list)  # (first, last) per table
    col_units: list[float] = field(default_factory=list)

    @property
    def first_value_col(self) -> int:
        return int(self.has_stub) + int(self.has_unit)


CJK_PIXELS = 14.7  # an 11 pt CJK character, in pixels at 96 dpi
TARGET_UNITS = 84.0  # printable width of A4 portrait with the official margins, in column units
UNIT_COL_UNITS = 8.0
MIN_VALUE_UNITS = 5.6
MAX_VALUE_UNITS = 14.0
MIN_STUB_UNITS = 24.0


def _spans(table: Table, nvals: int) -> list[tuple[int, int]]:
    """(offset, span) of each value column: the last one stretches to the right edge."""
    k = len(table.columns)
    return [(j, 1 if j < k - 1 else nvals - k + 1) for j in range(k)]


def section_grid(
    section: Section, form: FormDef, values: Mapping[str, Value | None]
) -> SectionGrid:
    has_stub = any(table_has_stub(t) for t in section.tables)
    has_unit = any(t.show_unit for t in section.tables)
    nvals = max(len(t.columns) for t in section.tables)
    grid = SectionGrid(section, int(has_stub) + int(has_unit) + nvals, has_stub, has_unit, nvals)
    v0 = grid.first_value_col
    r = 0
    for table in section.tables:
        if table.title and table.title != form.title:
            grid.cells.append(GridCell(r, 0, "block", table.title, colspan=grid.ncols, table=table))
            r += 1
        depth = table.header_depth
        first_header = r
        if has_stub:
            grid.cells.append(
                GridCell(
                    r,
                    0,
                    "stub",
                    table.stub_header,
                    rowspan=depth,
                    note=table.stub_note,
                    table=table,
                )
            )
        if has_unit:
            grid.cells.append(
                GridCell(
                    r,
                    int(has_stub),
                    "unit_head",
                    table.unit_header if table.show_unit else "",
                    rowspan=depth,
                    table=table,
                )
            )
        spans = _spans(table, nvals)
        for level in range(depth - 1):
            j = 0
            while j < len(table.columns):
                groups = table.columns[j].groups
                if len(groups) <= level:
                    j += 1
                    continue
                prefix = groups[: level + 1]
                end = j
                while (
                    end + 1 < len(table.columns)
                    and table.columns[end + 1].groups[: level + 1] == prefix
                ):
                    end += 1
                start_col = v0 + spans[j][0]
                width = sum(spans[x][1] for x in range(j, end + 1))
                grid.cells.append(
                    GridCell(
                        r + level, start_col, "group", groups[level], colspan=width, table=table
                    )
                )
                j = end + 1
        for j, column in enumerate(table.columns):
            level = len(column.groups)
            grid.cells.append(
                GridCell(
                    r + level,
                    v0 + spans[j][0],
                    "label",
                    column.label,
                    rowspan=depth - level,
                    colspan=spans[j][1],
                    table=table,
                )
            )
        r += depth
        grid.header_rows.append((first_header, r - 1))
        for row in table.rows:
            if has_stub:
                grid.cells.append(
                    GridCell(r, 0, "row_label", label_text(row), table=table, row_def=row)
                )
            if has_unit:
                unit = row.unit if table.show_unit else ""
                grid.cells.append(
                    GridCell(r, int(has_stub), "unit", unit, table=table, row_def=row)
                )
            for j, column in enumerate(table.columns):
                cell = table.cell_at(row.id, column.id)
                grid.cells.append(
                    GridCell(
                        r,
                        v0 + spans[j][0],
                        "value",
                        colspan=spans[j][1],
                        table=table,
                        row_def=row,
                        cell_id=cell.id if cell else "",
                        kind=cell.kind if cell else None,
                        value=values.get(cell.id) if cell else None,
                    )
                )
            r += 1
    grid.nrows = r
    grid.col_units = _column_units(grid)
    return grid


def _column_units(grid: SectionGrid) -> list[float]:
    """Column widths (spreadsheet units) that fill the printable width of A4 portrait."""
    unit_w = UNIT_COL_UNITS if grid.has_unit else 0.0
    stub_need = 0.0
    widest_value = 0.0
    for cell in grid.cells:
        if cell.role == "row_label":
            indent = (cell.row_def.indent if cell.row_def else 0) * 2.1
            longest = max((text_units(p) for p in cell.text.split("\n")), default=0.0)
            stub_need = max(stub_need, indent + longest + 2)
        elif cell.role == "value" and cell.value is not None:
            widest_value = max(
                widest_value, (text_units(display_value(cell.value)) + 2) / cell.colspan
            )
    avail = TARGET_UNITS - unit_w
    stub_w = 0.0
    if not grid.has_stub:
        value_w = avail / grid.nvals
    elif grid.nvals * MAX_VALUE_UNITS + MIN_STUB_UNITS <= avail:
        # few value columns (the 2014 table, the blocks of 二): wide figures, the rest for labels
        value_w = MAX_VALUE_UNITS
        stub_w = avail - grid.nvals * value_w
    else:
        # many value columns (table 三): labels get up to 40 %, the figures share the rest
        stub_w = min(max(stub_need, MIN_STUB_UNITS), avail * 0.4)
        value_w = (avail - stub_w) / grid.nvals
    if value_w < max(MIN_VALUE_UNITS, widest_value):
        value_w = max(MIN_VALUE_UNITS, widest_value)  # wider than the page: fit-to-width scales
    widths: list[float] = []
    if grid.has_stub:
        widths.append(round(stub_w, 1))
    if grid.has_unit:
        widths.append(unit_w)
    widths.extend([round(value_w, 1)] * grid.nvals)
    return widths
