"""Excel export of a report in the official layout, and the plain data every export is made from.

An export never touches the draft's database: :func:`report_data` copies what it needs from a
:class:`~govreport_gui.core.store.draft.Draft` into a :class:`ReportData` (form, fields, values, status,
sign-off, fingerprint), and the writers work on that. :func:`section_grid` lays a section of the form
out as a grid of cells (merged headers, block titles, labels, units, values); the Excel and the PDF
writer both draw that grid, so they show the same thing.

Layout decisions:

* The 2014 form is one sheet: title, 填报单位 line, the table (统计指标 | 单位 | 统计数), the footer
  block (单位负责人 … 填报日期) and the sign-off line.
* A form with sections (2019, 2021) gets one sheet per section (二、三、四), each with its own column
  widths, so table 四's fifteen narrow columns do not squeeze table 三. Every sheet carries the
  title (with the year) and the 填报单位 line, so that a sheet printed alone says whose report it
  is; the last one carries the footer block and the sign-off line.
* Every sheet is A4 portrait, fitted to the page width, header rows repeated on each page; table 三
  fits portrait legibly (its headers wrap), so nothing is landscape.
* Values are number cells (``int`` for counts, money as a number with format ``0.00####``); blanks
  stay empty. openpyxl is imported inside the functions: the window starts without it.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.forms.fingerprint import fingerprint as compute_fingerprint
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import FieldDef, FormDef, Row, Table
from govreport_gui.core.forms.values import Kind, Value, to_text
from govreport_gui.core.layout.textbreak import balanced_break
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store.atomic_file import create_temp_beside
from govreport_gui.core.store.draft import FILLING, SIGNED, STATUS_NAMES, format_time
from govreport_gui.core.store.filenames import report_stem, safe_part

DRAFT_MARK = "草稿（未签发）"
SIGNOFF_PREFIX = "签发："
DRAFT_NOTE = "草稿（未签发）：本文件未经审核签发，不能作为正式报送材料。"
FIELD_SEPARATOR = "　　　　"
PAGE_FOOTER = "第 &P 页 共 &N 页"

# Custom document properties of an exported workbook.
PROP_FORM = "govreport.form"
PROP_FORM_DEFINITION = "govreport.form_definition"
PROP_FINGERPRINT = "govreport.fingerprint"
PROP_REVIEWER = "govreport.reviewer"
PROP_SIGNED_AT = "govreport.signed_at"
PROP_STATUS = "govreport.status"
PROP_EXPORT = "govreport.export"  # "final" or "draft"
PROP_VERSION = "govreport.version"

MONEY_FORMAT = "0.00####"
COUNT_FORMAT = "0"
MAX_EXACT_DIGITS = 15  # significant digits a spreadsheet number holds exactly


class ExportError(Exception):
    """An export that could not be written; ``message`` is a Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExportRefused(ExportError):
    """The report may not be exported as a final document (not signed off, changed since)."""


# ---------------------------------------------------------------------------------------------
# The plain data an export is made from


@dataclass(frozen=True)
class SignOffInfo:
    reviewer: str
    at: str  # ISO 8601, UTC
    fingerprint: str

    @property
    def local_time(self) -> str:
        return format_time(self.at)


@dataclass(frozen=True)
class ReportData:
    form: FormDef
    fields: Mapping[str, str]
    values: Mapping[str, Value]
    status: str = FILLING
    signoff: SignOffInfo | None = None
    fingerprint: str = ""  # of fields and values; computed when left empty
    source: str = ""  # where it came from (the draft's file name), for messages
    form_changed: bool = False  # the form definition differs from the one the draft was made with

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(
                self, "fingerprint", compute_fingerprint(self.form, self.fields, self.values)
            )

    @property
    def year(self) -> str:
        for f in self.form.fields:
            if f.kind == "year":
                return self.fields.get(f.key, "")
        return ""

    @property
    def unit(self) -> str:
        return self.fields.get("unit", "")


def current_signoff(draft: Any) -> SignOffInfo | None:
    """The draft's active sign-off (via ``review.current_signoff``), as plain data."""
    from govreport_gui.core.ops import review

    found = review.current_signoff(draft)
    if found is None:
        return None
    return SignOffInfo(str(found.reviewer), str(found.at), str(found.fingerprint))


def report_data(draft: Any) -> ReportData:
    """Copy what an export needs out of an open draft (the draft is not used afterwards)."""
    return ReportData(
        form=draft.form,
        fields=dict(draft.fields),
        values=dict(draft.values),
        status=draft.status,
        signoff=current_signoff(draft),
        source=str(getattr(draft, "path", "")),
        form_changed=bool(getattr(draft, "form_changed", False)),
    )


def as_report_data(source: Any) -> ReportData:
    """A ReportData from a ReportData, a Draft or a ReportDocument (anything with ``.draft``)."""
    if isinstance(source, ReportData):
        return source
    draft = getattr(source, "draft", source)
    return report_data(draft)


def refusal_reason(data: ReportData) -> str | None:
    """Why ``data`` may not be exported as a final (signed-off) document, or None."""
    if data.status != SIGNED:
        name = STATUS_NAMES.get(data.status, data.status)
        return (
            f"只有已签发的报表才能导出正式文件（当前状态：{name}）。"
            "如只需查看或打印核对，可导出草稿（标有“草稿（未签发）”）。"
        )
    if data.signoff is None:
        return "报表标为已签发，但找不到有效的签发记录，不能导出正式文件。"
    if data.signoff.fingerprint != data.fingerprint and data.form_changed:
        return (
            "签发之后本程序的表单定义有了更新，签发时的内容指纹已不再适用，不能导出正式文件。"
            "请撤销签发、核对后重新审核签发。"
        )
    if data.signoff.fingerprint != data.fingerprint:
        return (
            f"签发后报表内容已变（签发时指纹 {short(data.signoff.fingerprint)}，"
            f"现在 {short(data.fingerprint)}），不能导出正式文件。请重新审核签发。"
        )
    return None


def check_exportable(data: ReportData, draft_mode: bool) -> None:
    if draft_mode:
        return
    reason = refusal_reason(data)
    if reason:
        raise ExportRefused(reason)


# ---------------------------------------------------------------------------------------------
# Texts shared by the Excel and PDF documents


def title_text(data: ReportData) -> str:
    return data.form.title_for_year(data.year or None, data.unit)


def header_fields(form: FormDef) -> list[FieldDef]:
    """Header fields printed on the 填报单位 line (the year is in the title)."""
    return [f for f in form.fields if f.place == "header" and f.kind != "year"]


def footer_fields(form: FormDef) -> list[FieldDef]:
    return [f for f in form.fields if f.place == "footer"]


def printed_footer_fields(data: ReportData) -> list[FieldDef]:
    """The footer fields printed: all of them where the form has a footer to sign (2014), only
    the filled ones where it has none (2019/2021: ``print_blank = false`` in the form file)."""
    return [
        f
        for f in footer_fields(data.form)
        if f.print_blank or data.fields.get(f.key, "").strip()
    ]


def field_text(f: FieldDef, data: ReportData) -> str:
    return f"{f.print_label}：{data.fields.get(f.key, '')}"


def header_lines(data: ReportData) -> list[str]:
    fields = header_fields(data.form)
    return [FIELD_SEPARATOR.join(field_text(f, data) for f in fields)] if fields else []


def footer_lines(data: ReportData) -> list[str]:
    """As on paper: 单位负责人 / 审核人 / 填报人 on one line, 联系电话 / 填报日期 on the next."""
    fields = printed_footer_fields(data)
    return [
        FIELD_SEPARATOR.join(field_text(f, data) for f in fields[i : i + 3])
        for i in range(0, len(fields), 3)
    ]


def signoff_lines(data: ReportData, draft_mode: bool) -> list[str]:
    if draft_mode or data.signoff is None:
        return [DRAFT_NOTE]
    s = data.signoff
    return [
        f"{SIGNOFF_PREFIX}{s.reviewer}　签发时间：{s.local_time}　内容指纹：{short(s.fingerprint)}",
        f"完整指纹（SHA-256）：{s.fingerprint}",
    ]


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


def safe_filename(text: str) -> str:
    return safe_part(text)


def default_basename(data: ReportData, tail: str = "") -> str:
    """``<填报单位>_<年度>年度_<表名><tail>`` (without suffix), short enough for any file system
    with ``.xlsx`` or ``.pdf`` appended (a long unit is shortened, see :mod:`.filenames`)."""
    unit = data.unit or "未填单位"
    year = data.year or "未填"
    return report_stem(unit, year, data.form.title, tail, room=len(b".xlsx"))


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


def lines_needed(text: str, width_units: float) -> int:
    """How many lines ``text`` wraps into in a cell ``width_units`` wide (11 pt 宋体)."""
    pixels = width_units * 7 + 5 - 8  # column width → pixels, less the cell padding
    line = max(1, int(pixels // CJK_PIXELS)) * CJK_PIXELS  # wrapping happens between characters
    return sum(
        max(1, math.ceil(text_units(part) / 2.1 * CJK_PIXELS / line)) for part in text.split("\n")
    )


def balanced_lines(text: str, width_units: float) -> str:
    """A CJK header too long for its column, broken into balanced lines (:mod:`textbreak`).

    结果维持 in a column two characters wide becomes 结果 / 维持 rather than 结果维 / 持 (what a
    spreadsheet's own wrapping would do). Text with Latin letters or digits is left to the program.
    """
    pixels = width_units * 7 + 5 - 8  # column width → pixels, less the cell padding
    return "\n".join(balanced_break(text, max(1, int(pixels // CJK_PIXELS))))


def all_texts(data: ReportData, draft_mode: bool) -> list[str]:
    """Every string an export of ``data`` prints (for the PDF's glyph check)."""
    texts = [title_text(data), *header_lines(data), *footer_lines(data)]
    texts.extend(signoff_lines(data, draft_mode))
    for section in sections(data.form):
        texts.append(section.title)
        grid = section_grid(section, data.form, data.values)
        for cell in grid.cells:
            texts.extend((cell.text, cell.note, display_value(cell.value)))
    return [t for t in texts if t]


# ---------------------------------------------------------------------------------------------
# Excel


BODY_FONT = "宋体"
TITLE_FONT = "黑体"
BODY_SIZE = 11
LINE_HEIGHT = 15.0  # points per line of 11 pt 宋体
DEFAULT_COLUMN_WIDTH = 8.43  # a spreadsheet's column width where none is set
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26, "header": 18, "footer": 18}
A4_MM = (210, 297)
POINTS_PER_MM = 72 / 25.4
# Shrink a sheet onto one page fewer rather than leave a remnant of less than half a page on the
# next one: 1.45 pages (table 三 of 2021) become one, 2.3 pages (the 2014 table) two.
FIT_REMNANT = 0.5


def printable_size_pt(orientation: str = "portrait") -> tuple[float, float]:
    """Width and height of the area inside the margins of an A4 page, in points."""
    width, height = A4_MM if orientation == "portrait" else A4_MM[::-1]
    return (
        (width - MARGINS_MM["left"] - MARGINS_MM["right"]) * POINTS_PER_MM,
        (height - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * POINTS_PER_MM,
    )


def pages_tall(col_widths: Sequence[float], row_heights: Sequence[float]) -> int:
    """How many pages tall a sheet prints on (its fitToHeight): at the scale that fits the page
    width, its natural number of pages, less a short remnant that is shrunk onto the page before
    (so table 三 prints on one page, as the official table, instead of spilling a few rows)."""
    # Excel's column width w (characters of the default font) is w·7 + 5 pixels at 96 dpi.
    width_pt = sum(w * 7 + 5 for w in col_widths) * 0.75
    page_w, page_h = printable_size_pt()
    scale = min(1.0, page_w / width_pt) if width_pt else 1.0
    natural = sum(row_heights) * scale / page_h
    return max(1, math.floor(natural + 1 - FIT_REMNANT))


def _exact_number(value: Value) -> int | float:
    if isinstance(value, int):
        return value
    assert isinstance(value, Decimal)
    number = float(value)
    back = Decimal(repr(float(format(number, ".16g"))))
    if back != value:
        raise ExportError(
            f"金额 {to_text(value)} 的有效数字超过 {MAX_EXACT_DIGITS} 位，Excel 无法精确保存，未导出。"
        )
    return number


def export_xlsx(draft_or_doc_data: Any, path: str | Path, draft_mode: bool = False) -> Path:
    """Write the report as an Excel workbook in the official layout; returns the path written.

    Refuses (:class:`ExportRefused`) unless the report is signed off and unchanged since, or
    ``draft_mode`` is set (then every sheet says 草稿（未签发） and there is no sign-off).
    """
    data = as_report_data(draft_or_doc_data)
    check_exportable(data, draft_mode)
    for cell_id, value in data.values.items():
        if data.form.has_cell(cell_id) and data.form.cell(cell_id).kind.is_numeric:
            _exact_number(value)
    workbook = build_workbook(data, draft_mode)
    return _save_atomically(workbook, Path(path))


def _save_atomically(workbook: Any, path: Path) -> Path:
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"文件夹不存在：{path.parent}")
    try:
        tmp_name = create_temp_beside(path)  # mode 0666 less the umask, like any saved file
    except OSError as exc:
        raise ExportError(f"无法在 {path.parent} 写入文件：{describe_os_error(exc)}") from exc
    try:
        workbook.save(tmp_name)
        os.replace(tmp_name, path)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, PermissionError):
            raise ExportError(f"无法写入 {path}：文件是否正被 Excel 或 WPS 打开？") from exc
        raise ExportError(f"无法写入 {path}：{describe_os_error(exc)}") from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


def build_workbook(data: ReportData, draft_mode: bool) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    default_sheet = workbook.active
    parts = sections(data.form)
    for index, section in enumerate(parts):
        name = _sheet_name(section.title or data.form.title, workbook)
        ws = workbook.create_sheet(name)
        _SheetWriter(ws, data, draft_mode).write(section, last=index == len(parts) - 1)
    workbook.remove(default_sheet)
    workbook.active = 0
    _set_properties(workbook, data, draft_mode)
    return workbook


def _sheet_name(title: str, workbook: Any) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "统计表"
    base, n = name, 2
    while name in workbook.sheetnames:
        suffix = f"（{n}）"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


def _set_properties(workbook: Any, data: ReportData, draft_mode: bool) -> None:
    from openpyxl.packaging.custom import StringProperty

    props = workbook.properties
    props.title = title_text(data)
    props.subject = f"{data.unit} {data.form.title}".strip()
    props.creator = "govreport"
    props.lastModifiedBy = "govreport"
    props.description = "\n".join(signoff_lines(data, draft_mode))
    props.category = data.form.id
    entries = {
        PROP_FORM: data.form.id,
        PROP_FORM_DEFINITION: data.form.fingerprint,
        PROP_STATUS: data.status,
        PROP_EXPORT: "draft" if draft_mode else "final",
        PROP_VERSION: __version__,
    }
    if not draft_mode and data.signoff is not None:
        props.keywords = data.signoff.fingerprint
        entries.update(
            {
                PROP_FINGERPRINT: data.signoff.fingerprint,
                PROP_REVIEWER: data.signoff.reviewer,
                PROP_SIGNED_AT: data.signoff.at,
            }
        )
    for name, value in entries.items():
        if value:
            workbook.custom_doc_props.append(StringProperty(name=name, value=value))


class _SheetWriter:
    def __init__(self, ws: Any, data: ReportData, draft_mode: bool) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.ws = ws
        self.data = data
        self.draft_mode = draft_mode
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.body = Font(name=BODY_FONT, size=BODY_SIZE, charset=134)
        self.bold = Font(name=BODY_FONT, size=BODY_SIZE, bold=True, charset=134)
        self.small = Font(name=BODY_FONT, size=9, charset=134)
        self.sign = Font(name=BODY_FONT, size=9, color="404040", charset=134)
        self.title = Font(name=TITLE_FONT, size=16, charset=134)
        self.section = Font(name=TITLE_FONT, size=14, charset=134)
        self.mark = Font(name=TITLE_FONT, size=14, color="C00000", charset=134)
        self.Alignment = Alignment
        self.row = 1
        self.ncols = 1
        self.widths: list[float] = []

    # -- helpers -------------------------------------------------------------------------------

    def line(
        self,
        text: str,
        font: Any,
        horizontal: str = "left",
        height: float | None = None,
        merge: bool = True,
    ) -> None:
        ws = self.ws
        cell = ws.cell(row=self.row, column=1, value=text)
        cell.font = font
        cell.alignment = self.Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if merge and self.ncols > 1:
            ws.merge_cells(
                start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols
            )
        size = float(font.size or BODY_SIZE)
        lines = lines_needed(text, (sum(self.widths) or TARGET_UNITS) * BODY_SIZE / size)
        ws.row_dimensions[self.row].height = height or max(lines * size * 1.4 + 6, size * 1.6)
        self.row += 1

    def blank(self, height: float = 8.0) -> None:
        self.ws.row_dimensions[self.row].height = height
        self.row += 1

    # -- the sheet -------------------------------------------------------------------------------

    def write(self, section: Section, last: bool) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.ws
        data = self.data
        grid = section_grid(section, data.form, data.values)
        self.ncols = grid.ncols
        self.widths = grid.col_units
        for i, width in enumerate(grid.col_units, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        # Every sheet says whose report and which year it is (the title carries the year), so a
        # sheet printed on its own still identifies itself.
        self.line(title_text(data), self.title, "center", height=32)
        if self.draft_mode:
            self.line(DRAFT_MARK, self.mark, "center", height=24)
        for text in header_lines(data):
            self.line(text, self.body)
        if section.title:
            self.line(section.title, self.section, height=26)
        top = self.row
        self.write_grid(grid, top)
        self.row = top + grid.nrows
        if last:
            self.blank(10)
            for text in footer_lines(data):
                self.line(text, self.body)
            self.blank(6)
            for text in signoff_lines(data, self.draft_mode):
                self.line(text, self.sign)
        self.page_setup(grid, top)

    def write_grid(self, grid: SectionGrid, top: int) -> None:
        ws = self.ws
        al = self.Alignment
        heights: dict[int, float] = {}
        # Borders on every cell of the table area (merged ranges show their outline this way).
        for cell_def in grid.cells:
            if cell_def.role == "block":
                continue
            for r in range(cell_def.row, cell_def.row + cell_def.rowspan):
                for c in range(cell_def.col, cell_def.col + cell_def.colspan):
                    ws.cell(row=top + r, column=c + 1).border = self.border
        for cell_def in grid.cells:
            r, c = top + cell_def.row, cell_def.col + 1
            cell = ws.cell(row=r, column=c)
            width = sum(grid.col_units[cell_def.col : cell_def.col + cell_def.colspan])
            need = 1
            font = self.body
            if cell_def.role == "block":
                cell.value = cell_def.text
                cell.font = self.bold
                cell.alignment = al(horizontal="center", vertical="center", wrap_text=True)
                cell.border = self.border
                for x in range(cell_def.col, cell_def.col + cell_def.colspan):
                    ws.cell(row=r, column=x + 1).border = self.border
                need = lines_needed(cell_def.text, width)
            elif cell_def.role == "stub":
                text = cell_def.text
                if cell_def.note:
                    text = f"{text}\n{cell_def.note}" if text else cell_def.note
                cell.value = text or None
                font = self.small if cell_def.note else self.bold
                cell.font = font
                cell.alignment = al(
                    horizontal="left" if cell_def.note else "center",
                    vertical="center",
                    wrap_text=True,
                )
                need = lines_needed(text, width) if text else 1
            elif cell_def.role in ("unit_head", "group", "label"):
                text = balanced_lines(cell_def.text, width)
                cell.value = text or None
                cell.font = self.bold
                cell.alignment = al(horizontal="center", vertical="center", wrap_text=True)
                need = lines_needed(text, width)
            elif cell_def.role == "row_label":
                row = cell_def.row_def
                assert row is not None
                cell.value = cell_def.text or None
                font = self.bold if row.heading else self.body
                cell.font = font
                cell.alignment = al(
                    horizontal="left",
                    vertical="center",
                    wrap_text=True,
                    indent=min(row.indent * 2, 15),
                )
                need = lines_needed(cell_def.text, width - row.indent * 2.1)
            elif cell_def.role == "unit":
                cell.value = cell_def.text or None
                cell.font = self.body
                cell.alignment = al(horizontal="center", vertical="center", wrap_text=True)
            elif cell_def.role == "value":
                cell.font = self.body
                cell.alignment = al(horizontal="right", vertical="center")
                if cell_def.value is not None:
                    cell.value = (
                        _exact_number(cell_def.value)
                        if not isinstance(cell_def.value, str)
                        else cell_def.value
                    )
                    cell.number_format = (
                        MONEY_FORMAT if cell_def.kind is Kind.MONEY else COUNT_FORMAT
                    )
            if cell_def.colspan > 1 or cell_def.rowspan > 1:
                ws.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + cell_def.rowspan - 1,
                    end_column=c + cell_def.colspan - 1,
                )
            size = float(font.size or BODY_SIZE)
            height = need * size * 1.35 + 4
            if cell_def.rowspan == 1:
                heights[cell_def.row] = max(heights.get(cell_def.row, LINE_HEIGHT + 5), height)
        # A cell spanning several rows: make the rows together tall enough.
        for cell_def in grid.cells:
            if cell_def.rowspan > 1:
                text = cell_def.text
                if cell_def.note:
                    text = f"{text}\n{cell_def.note}" if text else cell_def.note
                width = sum(grid.col_units[cell_def.col : cell_def.col + cell_def.colspan])
                size = 9.0 if cell_def.note else float(BODY_SIZE)
                need_pt = lines_needed(text, width) * size * 1.35 + 6 if text else 0.0
                rows = range(cell_def.row, cell_def.row + cell_def.rowspan)
                have = sum(heights.get(x, LINE_HEIGHT + 5) for x in rows)
                if need_pt > have:
                    extra = (need_pt - have) / cell_def.rowspan
                    for x in rows:
                        heights[x] = heights.get(x, LINE_HEIGHT + 5) + extra
        for r, height in heights.items():
            ws.row_dimensions[top + r].height = round(height, 1)

    def page_setup(self, grid: SectionGrid, top: int) -> None:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.ws
        ws.sheet_view.showGridLines = False
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth = 1
        last = self.row - 1
        ws.page_setup.fitToHeight = pages_tall(
            [
                ws.column_dimensions[_col_letter(c)].width or DEFAULT_COLUMN_WIDTH
                for c in range(1, grid.ncols + 1)
            ],
            [ws.row_dimensions[r].height or LINE_HEIGHT for r in range(1, last + 1)],
        )
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        for side, mm in MARGINS_MM.items():
            setattr(ws.page_margins, side, round(mm / 25.4, 3))
        if len(grid.header_rows) == 1:
            first, last_row = grid.header_rows[0]
            ws.print_title_rows = f"{top + first}:{top + last_row}"
        ws.print_area = f"A1:{_col_letter(grid.ncols)}{self.row - 1}"
        footer = ws.oddFooter
        footer.center.text = PAGE_FOOTER
        footer.center.font = f"{BODY_FONT},Regular"
        footer.center.size = 10
        if self.draft_mode:
            ws.oddHeader.center.text = DRAFT_MARK
            ws.oddHeader.center.font = f"{TITLE_FONT},Regular"
            ws.oddHeader.center.size = 14
            ws.oddHeader.center.color = "C00000"
            footer.left.text = DRAFT_MARK
            footer.left.font = f"{BODY_FONT},Regular"
            footer.left.size = 9
        elif self.data.signoff is not None:
            footer.right.text = f"指纹 {short(self.data.signoff.fingerprint)}"
            footer.right.font = f"{BODY_FONT},Regular"
            footer.right.size = 8


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))
