"""Objects embedded in a Word document (插入 → 对象 → Excel 工作表; 选择性粘贴 → Microsoft Excel
工作表对象): Word prints a picture of the sheet, the document holds the workbook itself.

Offices paste the statistics table so; the import reads it as the table Word shows: the sheet the
workbook opens on (the one the object shows), its used range, each cell's text as the sheet shows
it (12, not 12.0; 1.50 in a format of two places), a merged range's text in its first cell with
the columns it spans, as a Word table's merged cell is read (:class:`.import_docx.WordTable`).
The workbook is hostile input as any workbook file is: it is read by
:func:`.import_xlsx.read_embedded_workbook`, with the workbook file's checks and limits.

What cannot be read is said, never skipped: an old binary embedding (an .xls inside an
``oleObject*.bin``), a damaged workbook, an object of another kind, a linked object (粘贴链接: its
figures are in another file, which is never fetched), one whose content the document lacks
(:class:`ObjectNotRead`), each with what to do; and what a table's cell holds that is not read
(:func:`in_cells_note`).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreport_gui.core.layout.docx_outline import W
from govreport_gui.core.layout.import_xlsx import (
    SheetRows,
    XlsxImportError,
    read_embedded_workbook,
    technical_detail,
)
from govreport_gui.core.layout.number_format import UnrenderableFormat, display_text, figure_text

_PROG_IDS = ("ProgID", f"{W}progId", "progId")
SHEET_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel.sheet.macroenabled.12",
    }
)
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # a sheet's grid: no area named, the whole sheet

# Excel's and WPS 表格's objects (Excel.Sheet.8, Excel.Sheet.12, ET.Xls, KET.Sheet …)
_SPREADSHEET_PROGS = ("excel.", "et.", "ket.")
_SPREADSHEET_NAMES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".et")

WHAT_TO_DO = (
    "请在 Word 或 WPS 中双击这个表格打开它，选中其中的单元格复制，再粘贴到文档中成为普通表格，"
    "保存后重新导入；或在打开的表格中“另存为” .xlsx 工作簿，"
    "用“从 Excel 导入”（govreport import-xlsx）导入统计表。"
)

LINK_TO_DO = (
    "请在 Excel 或 WPS 中打开它链接的工作簿，选中表格复制，再粘贴到文档中成为普通表格"
    "（不要用“粘贴链接”），保存后重新导入；或用“从 Excel 导入”（govreport import-xlsx）导入那个工作簿。"
)
OTHER_TO_DO = "如其中有报告的内容，请在 Word 或 WPS 中把它改为普通的文字或表格，保存后重新导入。"
CHUNK_TO_DO = (
    "请在 Word 或 WPS 中打开文档，另存为 .docx 后再导入（另存时这部分会转为普通的段落和表格）。"
)


class ObjectNotRead(Exception):
    """An embedded object whose content is not read; ``message``: why and what to do (Chinese,
    one line, to follow where the object stands)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Rows = list[tuple[str | None, ...]]
Spans = tuple[tuple[int, int, int], ...]


def object_table(element: Any, part: Any) -> tuple[Rows, Spans]:
    """The table the embedded object ``element`` (one of :data:`.docx_text.OLE_OBJECTS`) shows, its content
    being the package part ``part``: rows on the sheet's grid, and where a cell with text spans
    columns (as :class:`.import_docx.WordTable` has them). Raises :class:`ObjectNotRead`."""
    name = str(part.partname).lstrip("/")
    program = _program(element)
    if not _is_workbook(part):
        if _is_spreadsheet(program, name):
            raise ObjectNotRead(
                f"嵌入的 Excel 表格（{name}，{program or '旧版格式'}）是旧版 Excel（.xls）的格式，"
                f"无法直接读取，其中的数字没有导入。{WHAT_TO_DO}"
            )
        raise ObjectNotRead(
            f"嵌入的对象（{program or '未知类型'}，{name}）不是 Excel 表格，其内容没有读取"
        )
    try:
        content, book_xml = read_embedded_workbook(part.blob, Path(name))
        if not content.sheets:
            return [], ()
        return sheet_table(content.sheets[0], shown_area(book_xml))
    except XlsxImportError as exc:
        why = " ".join(line.strip() for p in exc.problems for line in p.splitlines())
    except Exception as exc:  # whatever else a crafted workbook makes fail: this object unread,
        # the rest of the document still read
        why = f"工作簿内容有误，无法读取{technical_detail(exc)}"
    raise ObjectNotRead(
        f"嵌入的 Excel 表格（{name}）未能读取，其中的数字没有导入：{why.rstrip('。')}。{WHAT_TO_DO}"
    )


def _program(element: Any) -> str:
    """The program the object ``element`` names (its ProgID: Excel.Sheet.12, Equation.3), or "";
    a crafted file's long one shortened, as it is quoted in a message."""
    program = next((str(element.get(a)) for a in _PROG_IDS if element.get(a)), "")
    return program if len(program) <= 40 else program[:40] + "……"


def _is_workbook(part: Any) -> bool:
    """Whether the embedded ``part`` is an .xlsx (or .xlsm) workbook, read as a table."""
    name = str(part.partname).lower()
    return str(part.content_type).lower() in SHEET_TYPES or name.endswith((".xlsx", ".xlsm"))


def _is_spreadsheet(program: str, name: str) -> bool:
    """Whether an object of ``program`` whose content is named ``name`` is an Excel or WPS 表格
    table of any format (an old .xls too)."""
    return program.lower().startswith(_SPREADSHEET_PROGS) or name.lower().split("!")[0].endswith(
        _SPREADSHEET_NAMES
    )


# -- objects whose content the document does not hold -----------------------------------------


def not_contained(element: Any, relationship: Any) -> str:
    """Why the object ``element`` is not read when the document holds no content for it, said
    where it stands (:func:`_not_held`)."""
    return _not_held(element, relationship)[0]


def _not_held(element: Any, relationship: Any) -> tuple[str, CellContent]:
    """What the object ``element`` is whose content the document does not hold: linked to another
    file (``relationship`` external: 选择性粘贴 → 粘贴链接), which is never fetched, or its
    reference leads nowhere (Word shows its picture only). Said two ways: the line where it stands
    (:func:`not_contained`), and how it is counted in a table's cell (:func:`cell_object`)."""
    program = _program(element)
    kind = program or "未知类型"
    if relationship is not None and relationship.is_external:
        target = _file_name(str(relationship.target_ref))
        if _is_spreadsheet(program, target):
            return (
                f"链接的 Excel 表格（链接到另一个文件“{target}”，{kind}）"
                f"没有读取：它的数字在那个文件中，不在本文档里，本程序不读取文档以外的文件。{LINK_TO_DO}",
                CellContent(f"个链接的 Excel 表格（数字在另一个文件“{target}”中）", LINK_TO_DO),
            )
        return (
            f"链接的对象（{kind}，链接到另一个文件“{target}”）没有读取："
            f"它的内容在那个文件中，不在本文档里。{OTHER_TO_DO}",
            CellContent(f"个链接的对象（{kind}）", OTHER_TO_DO),
        )
    what = "Excel 表格" if _is_spreadsheet(program, "") else "对象"
    return (
        f"嵌入的{what}（{kind}）在文档中只有图片，没有它的内容，没有读取。"
        f"{WHAT_TO_DO if what == 'Excel 表格' else OTHER_TO_DO}",
        CellContent(f"个只有图片、没有内容的对象（{kind}）", OTHER_TO_DO),
    )


def _file_name(target: str) -> str:
    """The file a link names (``file:///C:\\表\\统计.xlsx!Sheet1!R1C1:R9C5``): its name, without
    the folders and the range after it, shortened when long."""
    name = target.split("!")[0].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or target
    return name if len(name) <= 80 else name[:80] + "……"


# -- what a table's cell holds that is not read ----------------------------------------------


@dataclass(frozen=True)
class CellContent:
    """A kind of content in a table's cell that is not read: counted (``counted``: its measure
    word and name, after the number), with what to do."""

    counted: str
    to_do: str


MAX_KINDS = 5  # kinds named in one table's note
EXCEL_IN_CELL = CellContent("个 Excel 表格", WHAT_TO_DO)
CHUNK_IN_CELL = CellContent("段嵌入的网页或文本内容", CHUNK_TO_DO)


def cell_object(element: Any, part: Any, relationship: Any) -> CellContent:
    """What the object ``element`` in a table's cell is, its content being ``part`` (None when
    the document holds none; ``relationship``: its reference, None when there is none)."""
    if part is None:
        return _not_held(element, relationship)[1]
    program = _program(element)
    name = str(part.partname)
    if _is_equation(program):
        return CellContent(f"个公式对象（{program}）", OTHER_TO_DO)
    if _is_workbook(part) or _is_spreadsheet(program, name):
        return EXCEL_IN_CELL
    return CellContent(f"个不是 Excel 表格的对象（{program or '未知类型'}）", OTHER_TO_DO)


def _is_equation(program: str) -> bool:
    """Microsoft 公式 3.0 (Equation.3), MathType (Equation.DSMT4), WPS's (Equation.KSEE3)."""
    return program.lower().startswith("equation.")


def in_cells_note(table: int, counted: Counter[CellContent]) -> str:
    """The line said after table ``table`` whose cells hold ``counted`` (how many of each kind,
    in the order met), not read."""
    listed = list(counted.items())[:MAX_KINDS]  # a crafted file's thousand ProgIDs: not a page
    what = "、".join(f"{n} {kind.counted}" for kind, n in listed)
    if len(counted) > MAX_KINDS:
        what += f"等 {counted.total()} 项"
    to_do = "".join(dict.fromkeys(kind.to_do for kind in counted))
    return f"表格{table}的单元格中嵌有 {what}，其内容没有读取。{to_do}"


# The area of the sheet the object shows (workbook.xml's ``<oleSize ref="A1:H40"/>``): what Word
# draws, of a workbook that may hold much more (选择性粘贴 of a range embeds the whole workbook).
_OLE_SIZE = re.compile(
    rb"<(?:\w+:)?oleSize\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})"
    rb"(?::([A-Za-z]{1,3})([0-9]{1,7}))?[\"']"
)
Area = tuple[int, int, int, int]  # first row, first column, last row, last column; 1-based


def shown_area(book_xml: bytes) -> Area | None:
    """The area of the sheet an embedded workbook shows, as its workbook.xml ``book_xml`` (its
    start: :class:`.import_xlsx.EmbeddedWorkbook`) names it; None when it names none (the whole
    used range is shown then)."""
    found = _OLE_SIZE.search(book_xml)
    if found is None:
        return None
    from openpyxl.utils.cell import column_index_from_string  # read the workbook: imported

    try:
        first_col = column_index_from_string(found.group(1).decode("ascii"))
        last_col = (
            column_index_from_string(found.group(3).decode("ascii"))
            if found.group(3)
            else first_col
        )
    except ValueError:  # beyond a sheet's last column (XFD): no area a sheet has
        return None
    first_row = int(found.group(2))
    last_row = int(found.group(4)) if found.group(4) else first_row
    return (
        min(first_row, last_row),
        min(first_col, last_col),
        max(first_row, last_row),
        max(first_col, last_col),
    )


def sheet_table(sheet: SheetRows, area: Area | None = None) -> tuple[Rows, Spans]:
    """The used range of ``sheet`` as a table, within ``area`` when given (what the object
    shows): each cell's text as the sheet shows it, the cells a merged range covers empty, and
    (row, column, columns) of each merged cell with text that spans columns, all 0-based in the
    range."""
    top, left, bottom, right = area or (1, 1, MAX_ROW, MAX_COLUMN)
    texts = {
        (number, col): text
        for number, values in sheet.rows
        if top <= number <= bottom
        for col, value in enumerate(values)
        if left <= col + 1 <= right
        and (text := cell_text(value, sheet.formats.get(number, {}).get(col)))
        and col not in sheet.covered.get(number, {})
    }
    if not texts:
        return [], ()
    first_row, last_row = min(r for r, _ in texts), max(r for r, _ in texts)
    first_col, last_col = min(c for _, c in texts), max(c for _, c in texts)
    rows: Rows = [
        tuple(texts.get((number, col)) for col in range(first_col, last_col + 1))
        for number in range(first_row, last_row + 1)
    ]
    spans = []
    for r1, c1, _r2, c2 in sheet.merges:  # 1-based
        width = min(c2 - 1, last_col) - (c1 - 1) + 1
        if (r1, c1 - 1) in texts and width > 1:
            spans.append((r1 - first_row, c1 - 1 - first_col, width))
    return rows, tuple(sorted(spans))


def cell_text(value: Any, number_format: str | None) -> str | None:
    """What a cell holding ``value`` shows, as far as which text or number it is (a number in
    digits, as :func:`.number_format.figure_text` gives it); None when it shows nothing."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        text = f"{value.year}年{value.month}月{value.day}日"
    elif isinstance(value, str):
        text = value
    else:
        try:
            text = figure_text(value, number_format)
        except UnrenderableFormat:  # a format we cannot render: the number as General shows it
            try:
                text = display_text(value, None)
            except UnrenderableFormat:
                text = str(value)
    return text.strip() or None
