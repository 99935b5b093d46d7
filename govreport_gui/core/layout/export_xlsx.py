"""Excel export of a report in the official layout.

The writer works on the plain snapshot :class:`~govreport_gui.core.layout.report.ReportData` (made
from a draft by :mod:`govreport_gui.core.ops.snapshot`) and never touches a draft's database.
:func:`~govreport_gui.core.layout.grid.section_grid` lays a section of the form out as a grid of
cells (merged headers, block titles, labels, units, values); the Excel and the PDF writer both draw
that grid, and the importer reads the tables back through it, so they agree.

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
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Kind, Value, to_text
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.layout.grid import (
    CJK_PIXELS,
    TARGET_UNITS,
    Section,
    SectionGrid,
    display_value,
    section_grid,
    sections,
    text_units,
)
from govreport_gui.core.layout.report import (
    COUNT_FORMAT,
    DRAFT_MARK,
    MAX_EXACT_DIGITS,
    MONEY_FORMAT,
    PAGE_FOOTER,
    PROP_CONTENT_VERSION,
    PROP_DIGESTS,
    PROP_EXPORT,
    PROP_FINGERPRINT,
    PROP_FORM,
    PROP_FORM_DEFINITION,
    PROP_KEY_FINGERPRINT,
    PROP_PUBLIC_KEY,
    PROP_REVIEWER,
    PROP_SIGNATURE,
    PROP_SIGNED_AT,
    PROP_STATUS,
    PROP_VERSION,
    ExportError,
    ReportData,
    check_exportable,
    footer_lines,
    header_lines,
    signoff_lines,
    title_text,
)
from govreport_gui.core.layout.textbreak import balanced_break


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
    # What Excel shows, in the cell and the formula bar: 15 significant digits. A float holds 16
    # or 17, so a round trip through it alone would pass a figure that shows rounded.
    shown = Decimal(format(number, f".{MAX_EXACT_DIGITS}g"))
    if shown != value:
        raise ExportError(
            f"金额 {to_text(value)} 的有效数字超过 {MAX_EXACT_DIGITS} 位，Excel 无法精确保存，未导出。"
        )
    return number


def export_xlsx(data: ReportData, path: str | Path, draft_mode: bool = False) -> Path:
    """Write the report as an Excel workbook in the official layout; returns the path written.

    Refuses (:class:`ExportRefused`) unless the report is signed off and unchanged since, or
    ``draft_mode`` is set (then every sheet says 草稿（未签发） and there is no sign-off).
    """
    check_exportable(data, draft_mode)
    for cell_id, value in data.values.items():
        if data.form.has_cell(cell_id) and data.form.cell(cell_id).kind.is_numeric:
            _exact_number(value)
    refuse_unwritable(data, draft_mode)
    workbook = build_workbook(data, draft_mode)
    return write_export(Path(path), lambda tmp: save_workbook(workbook, tmp), " Excel 或 WPS ")


def refuse_unwritable(data: ReportData, draft_mode: bool) -> None:
    """ExportError when a text the workbook would hold has a character XML cannot hold.

    The draft's own texts cannot (the draft refuses them on opening), but a sign-off's are read as
    stored: a crafted draft, signed with its maker's own key, may name a reviewer with a control
    character. Not escaped as the list of ``check --summary-xlsx`` does (core/xml_text.py): what is
    signed must be written as signed, or the workbook's own signature no longer holds."""
    from govreport_gui.core.xml_text import escaped_character, first_unwritable, writable

    texts = [*all_texts(data, draft_mode), data.status]
    if not draft_mode and data.signoff is not None:
        s = data.signoff
        texts += [s.reviewer, s.at, s.fingerprint, s.content_version, s.digests, s.signature]
        texts += [s.public_key, s.key_fingerprint]
    for text in texts:
        char = first_unwritable(text)
        if char is not None:
            quoted = writable(text if len(text) <= 40 else text[:40] + "…")
            raise ExportError(
                f"报表中有 Excel 文件不能保存的控制字符（{escaped_character(char)}）：“{quoted}”，"
                "没有导出 Excel 文件。本程序不会写入这样的字符，草稿可能被改动过。"
            )


# Set by a process that writes workbooks and never reads one (the command line's export):
# openpyxl is then imported without Pillow (import_openpyxl_without_pillow).
_pillow_unneeded = False


def pillow_unneeded() -> None:
    """This process writes workbooks and never reads one: openpyxl may load without Pillow."""
    global _pillow_unneeded
    _pillow_unneeded = True


def import_openpyxl_without_pillow() -> None:
    """Import openpyxl for a process that only writes workbooks (the command line's export).

    openpyxl imports Pillow at start-up (``openpyxl.drawing.image``), only to embed pictures: about
    a sixth of openpyxl's import time, and the report has no pictures. Pillow is kept out while
    openpyxl loads (an entry of ``None`` in ``sys.modules`` makes its import fail, which openpyxl
    expects) and may be imported normally afterwards. Not for the window: a workbook with pictures
    read later in the same process (the importer) would need Pillow in openpyxl.
    """
    import sys

    if "openpyxl" in sys.modules or "PIL" in sys.modules:
        return  # nothing to save: one of them is already loaded
    sys.modules["PIL"] = None  # type: ignore[assignment]  # "import PIL" raises ImportError
    try:
        import openpyxl.writer.excel  # noqa: F401  # everything save_workbook needs
    finally:
        if sys.modules.get("PIL", 0) is None:
            del sys.modules["PIL"]


def save_workbook(workbook: Any, path: Path) -> None:
    """``workbook.save(path)``, but a failure leaves no zip archive open behind it.

    openpyxl's own save leaves its ``ZipFile`` open when a write fails (a full disk): the archive's
    ``__del__`` later tries to write its directory again and Python prints “Exception ignored in
    ZipFile.__del__ … OSError: No space left on device” in English on the terminal, after our
    Chinese message. Here the archive is closed on the failure path, its own error swallowed (the
    first one is the one reported), so nothing is left for ``__del__``.
    """
    import datetime as dt
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    with open(path, "wb") as handle:
        archive = ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True)
        try:
            ExcelWriter(workbook, archive).save()  # closes the archive when all is written
        except BaseException:
            _abandon(archive)
            raise


def _abandon(archive: Any) -> None:
    """Close a zip archive whose writing failed, whatever that close raises."""
    try:
        archive.close()
    except Exception:  # the disk is still full: the first error is the one the user is told
        pass
    # close() may refuse before it lets go of the file (an entry still open for writing): the
    # archive must not try again from __del__.
    archive.fp = None


def build_workbook(data: ReportData, draft_mode: bool) -> Any:
    if _pillow_unneeded:
        import_openpyxl_without_pillow()
    from openpyxl import Workbook

    workbook = Workbook()
    default_sheet = workbook.active
    parts = sections(data.form)
    for index, section in enumerate(parts):
        name = _sheet_name(section.title or data.form.title, workbook.sheetnames)
        ws = workbook.create_sheet(name)
        _SheetWriter(ws, data, draft_mode).write(section, last=index == len(parts) - 1)
    workbook.remove(default_sheet)
    workbook.active = 0
    _set_properties(workbook, data, draft_mode)
    return workbook


def sheet_titles(form: FormDef) -> list[str]:
    """The titles of the sheets an export of ``form`` has, in order (``verify`` reads the sheets
    in this order whatever order the workbook has them in)."""
    titles: list[str] = []
    for section in sections(form):
        titles.append(_sheet_name(section.title or form.title, titles))
    return titles


def _sheet_name(title: str, taken: Sequence[str]) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "统计表"
    base, n = name, 2
    while name in taken:
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
                # The digital signature, so the workbook can be checked without the draft.
                PROP_CONTENT_VERSION: data.signoff.content_version,
                PROP_DIGESTS: data.signoff.digests,
                PROP_SIGNATURE: data.signoff.signature,
                PROP_PUBLIC_KEY: data.signoff.public_key,
                PROP_KEY_FINGERPRINT: data.signoff.key_fingerprint,
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
        # Each combination of font, alignment, border and number format styled once; the cells
        # after take a copy of that cell's style indices (see :meth:`style`).
        self._styles: dict[tuple[Any, ...], Any] = {}
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

    def style(
        self,
        cell: Any,
        font: Any,
        alignment: dict[str, Any] | None,
        number_format: str | None = None,
    ) -> None:
        """Give ``cell`` the table's border and this font, alignment and number format.

        openpyxl files every style object a cell is given by hashing it, field by field, on each
        assignment: about a third of the workbook's drawing time when each of a few hundred cells
        is given its own. The first cell of each combination is styled that way; the others take
        a copy of its style indices (``Cell._style``, what openpyxl's own ``copy_worksheet``
        copies), which refer to the same entries: the file is the same, byte for byte.
        """
        key = (id(font), tuple(sorted(alignment.items())) if alignment else None, number_format)
        template = self._styles.get(key)
        if template is not None:
            cell._style = copy(template)
            return
        cell.border = self.border
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = self.Alignment(**alignment)
        if number_format is not None:
            cell.number_format = number_format
        self._styles[key] = copy(cell._style)

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
        heights: dict[int, float] = {}
        # Borders on every cell of the table area (merged ranges show their outline this way).
        for cell_def in grid.cells:
            if cell_def.role == "block":
                continue
            for r in range(cell_def.row, cell_def.row + cell_def.rowspan):
                for c in range(cell_def.col, cell_def.col + cell_def.colspan):
                    self.style(ws.cell(row=top + r, column=c + 1), None, None)
        centred = {"horizontal": "center", "vertical": "center", "wrap_text": True}
        for cell_def in grid.cells:
            r, c = top + cell_def.row, cell_def.col + 1
            cell = ws.cell(row=r, column=c)
            width = sum(grid.col_units[cell_def.col : cell_def.col + cell_def.colspan])
            need = 1
            font = self.body
            if cell_def.role == "block":
                cell.value = cell_def.text
                self.style(cell, self.bold, centred)
                for x in range(cell_def.col + 1, cell_def.col + cell_def.colspan):
                    self.style(ws.cell(row=r, column=x + 1), None, None)
                need = lines_needed(cell_def.text, width)
            elif cell_def.role == "stub":
                text = cell_def.text
                if cell_def.note:
                    text = f"{text}\n{cell_def.note}" if text else cell_def.note
                cell.value = text or None
                font = self.small if cell_def.note else self.bold
                horizontal = "left" if cell_def.note else "center"
                self.style(cell, font, {**centred, "horizontal": horizontal})
                need = lines_needed(text, width) if text else 1
            elif cell_def.role in ("unit_head", "group", "label"):
                text = balanced_lines(cell_def.text, width)
                cell.value = text or None
                self.style(cell, self.bold, centred)
                need = lines_needed(text, width)
            elif cell_def.role == "row_label":
                row = cell_def.row_def
                assert row is not None
                cell.value = cell_def.text or None
                font = self.bold if row.heading else self.body
                indent = min(row.indent * 2, 15)
                self.style(cell, font, {**centred, "horizontal": "left", "indent": indent})
                need = lines_needed(cell_def.text, width - row.indent * 2.1)
            elif cell_def.role == "unit":
                cell.value = cell_def.text or None
                self.style(cell, self.body, centred)
            elif cell_def.role == "value":
                number_format = None
                if cell_def.value is not None:
                    cell.value = (
                        _exact_number(cell_def.value)
                        if not isinstance(cell_def.value, str)
                        else cell_def.value
                    )
                    number_format = MONEY_FORMAT if cell_def.kind is Kind.MONEY else COUNT_FORMAT
                self.style(
                    cell, self.body, {"horizontal": "right", "vertical": "center"}, number_format
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
