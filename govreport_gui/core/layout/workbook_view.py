"""What a reader of a workbook sees, and how two workbooks differ in it.

``verify`` used to recompute the fingerprint from the figures and fields read back by label; a
workbook could then show something else while matching: an extra row, an extra or hidden sheet, a
hidden row, a number format that shows 4 for 3 (``"4"``) or nothing (``;;;``), white text, a changed
sign-off line. :func:`look_of_file` reads everything a reader sees of a workbook into a
:class:`WorkbookLook`, and :func:`compare_looks` lists, in Chinese and in a reader's terms (sheet,
row, cell), how a workbook differs from the one the signed content would produce.

What counts (a reader sees it): sheets by title (their order does not count) and visibility; every
cell's value and displayed text (:mod:`.number_format`); hidden, zero-height or squeezed rows and
columns (rows also hidden by default: ``zeroHeight``), outline groups; fonts that hide text (colour too close to the fill, white on no fill, size
under 4 pt; also in rich-text runs; a number format's colour, ``[White]0``); merged ranges; header and footer texts (odd, even, first page)
and their colour and size; print titles and print area; conditional formats (also those openpyxl
drops: Excel 2010's ``x14`` ones, a range it cannot parse; :mod:`.conditional_format`), data
validations, comments, pictures, shapes and other objects. What does not count, because no reader sees it and
spreadsheet programs rewrite it on every save: the styles table, column widths left at the default,
the theme, calcChain, document properties other than ours, font names (a program substitutes
fonts), rich-text runs that only change the font name, a float ``3.0`` for ``3``.

Both sides go through the same reading (the expected workbook is saved to memory and read back), so
what openpyxl does on loading never counts as a difference.

An unsigned workbook has nothing to be compared with: :meth:`SheetLook.unseen` says of one cell, by
the same reading, why a reader does not see it (the import and ``check`` refuse figures so hidden),
a conditional format that would hide it included. What a rule would do to a cell is judged by the
tests used for the cell's own format, as if it applied (:attr:`SheetLook.conditional`), unless it
compares the cell's value with numbers written in the rule and the value does not meet them (“等于
0”: the zeros only); Excel's other conditions (formulas, top 10…) are not evaluated.
"""

from __future__ import annotations

import colorsys
import difflib
import io
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from govreport_gui.core.capped_list import capped, named, short_id
from govreport_gui.core.layout.conditional_format import (
    ConditionalFormats,
    ConditionalRule,
    Differential,
    cell_ranges,
    may_apply,
    read_conditional_formats,
    read_differentials,
)
from govreport_gui.core.layout.number_format import (
    UnrenderableFormat,
    display_text,
    format_colour,
)

# A worksheet part larger than this is not one of our tables (ours are a few tens of kB, and stay
# so when Excel, WPS or LibreOffice save them again); loading it whole (openpyxl's full mode) would
# take time and memory for nothing.
MAX_SHEET_PART_BYTES = 1024 * 1024
MIN_VISIBLE_POINTS = 4.0  # a font or a row height under this shows nothing legible
MIN_CONTRAST = 1.5  # WCAG contrast ratio of text to its background under which it is not seen
SQUEEZE = 0.5  # a row or column cut to under half its height/width no longer shows its text
MAX_MESSAGES_PER_SHEET = 30
# Columns whose width and visibility are looked at: ours have at most 15, and the importer refuses
# a sheet wider than 200; a crafted <col min="1" max="16384"> is not expanded cell by cell.
MAX_LOOKED_COLUMNS = 256
MAX_TEXT = 40  # characters of a row's text quoted in a message
# Ranges read and cells looked at for the conditional formats that may hide text: a template's
# few rules over its table take a few thousand; a crafted range list of every cell many times over
# is not gone through.
MAX_CONDITIONAL_WORK = 50_000
# Rule types that never apply to a cell holding a value (white text for #DIV/0! or for blanks).
_NEVER_ON_A_VALUE = {"containsErrors", "containsBlanks"}

# Parts of the package that add something a reader sees (and that our exporter never writes).
_OBJECT_PARTS = [
    ("xl/media/", "图片"),
    ("xl/drawings/", "图形、文本框或批注框"),
    ("xl/charts/", "图表"),
    ("xl/embeddings/", "嵌入的对象"),
    ("xl/activeX/", "控件"),
    ("xl/ctrlProps/", "控件"),
    ("xl/vbaProject", "宏"),
    ("xl/comments", "批注"),
    ("xl/threadedComments/", "批注"),
]

_PAGE_NAMES = {"odd": "", "even": "偶数页", "first": "首页"}
_PART_NAMES = {"left": "左", "center": "中", "right": "右"}
_STATE_NAMES = {"visible": "显示", "hidden": "隐藏", "veryHidden": "深度隐藏"}


class WorkbookTooLarge(ValueError):
    """A worksheet part is far larger than any table of ours: not read whole."""


@dataclass(frozen=True)
class CellLook:
    value: Any  # int / Decimal / str / bool / other, numbers normalised (3.0 → 3)
    text: str | None  # what is displayed; None when the number format cannot be rendered exactly
    fmt: str  # the number format
    hidden_by: str = ""  # why the text cannot be seen (font colour, size), or ""
    struck: bool = False  # drawn struck through: a reader takes it as withdrawn


@dataclass(frozen=True)
class ConditionalLook:
    """What a conditional format over a cell would do to it (a comparison with numbers written in
    the rule is judged first: ``conditional_format.may_apply``; any other condition is not)."""

    where: str  # the format's ranges, as written
    why: str = ""  # how it hides the text (“可能使它的字体为白色，在白底上看不见”), or ""
    fmt: str = ""  # the number format it gives, or ""
    text: str | None = None  # what that format shows; None when it cannot be rendered exactly


@dataclass
class SheetLook:
    title: str
    state: str  # visible / hidden / veryHidden
    cells: dict[tuple[int, int], CellLook] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)  # rows with a height set
    hidden_rows: set[int] = field(default_factory=set)
    outline_rows: set[int] = field(default_factory=set)
    widths: dict[int, float] = field(default_factory=dict)  # effective width of columns
    default_width: float = 8.43
    hidden_cols: set[int] = field(default_factory=set)
    merged: set[tuple[int, int, int, int]] = field(default_factory=set)  # r1, c1, r2, c2
    header_footer: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    print_titles: str = ""
    print_area: str = ""
    extras: list[str] = field(default_factory=list)  # conditional formats, validations, comments
    # What the conditional formats that may hide text or change it would do, by cell.
    conditional: dict[tuple[int, int], list[ConditionalLook]] = field(default_factory=dict)
    conditional_unchecked: str = ""  # why they were not gone through (too many), or ""

    @property
    def nrows(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def ncols(self) -> int:
        return max((c for _, c in self.cells), default=0)

    @cached_property
    def by_row(self) -> dict[int, list[tuple[int, CellLook]]]:
        """The cells of each row, left to right (built once: a sheet may have many rows)."""
        rows: dict[int, list[tuple[int, CellLook]]] = {}
        for (r, c), cell in sorted(self.cells.items()):
            rows.setdefault(r, []).append((c, cell))
        return rows

    def row_text(self, row: int) -> str:
        texts = [(cell.text or str(cell.value)) for _, cell in self.by_row.get(row, [])]
        text = "　".join(t.replace("\n", "") for t in texts if t)
        return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"

    def width(self, col: int) -> float:
        return self.widths.get(col, self.default_width)

    def unseen(self, row: int, col: int) -> str:
        """Why a reader does not see the cell at ``row``, ``col`` (1-based) as it is, or "": its row
        or column hidden, its font (or its number format's colour) not seen on its fill, struck
        through, or a conditional format that would do so. (What its number format shows is
        :attr:`CellLook.text`, what a conditional one would show :attr:`ConditionalLook.text`.)"""
        from openpyxl.utils import get_column_letter

        if row in self.hidden_rows:
            return f"所在的第 {row} 行被隐藏（或行高设为 0），在 Excel 或 WPS 中看不到"
        if col in self.hidden_cols:
            return f"所在的 {get_column_letter(col)} 列被隐藏（或列宽设为 0），在 Excel 或 WPS 中看不到"
        cell = self.cells.get((row, col))
        if cell is not None and cell.hidden_by:
            return f"的{cell.hidden_by}"
        if cell is not None and cell.struck:
            return "加了删除线，看的人会当它已删去"
        for effect in self.conditional.get((row, col), []):
            if effect.why:
                return f"的条件格式（{effect.where}）{effect.why}"
        return ""


@dataclass
class WorkbookLook:
    sheets: list[SheetLook]
    objects: set[str]  # kinds of objects found in the package (图片, 图表 …)

    def sheet(self, title: str) -> SheetLook | None:
        return next((s for s in self.sheets if s.title == title), None)


# ---------------------------------------------------------------------------------------------
# Reading


def look_of_file(path: str | Path) -> WorkbookLook:
    """Read ``path`` (already checked as a safe, reasonably sized .xlsx by the importer)."""
    from govreport_gui.core.regular_file import open_regular

    with open_regular(Path(path)) as handle:
        return look_of_bytes(handle.read())


def look_of_bytes(data: bytes) -> WorkbookLook:
    from openpyxl.reader.excel import ExcelReader

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [i.filename for i in archive.infolist()]
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and (
                info.file_size > MAX_SHEET_PART_BYTES
            ):
                raise WorkbookTooLarge(info.filename)
    objects = {kind for prefix, kind in _OBJECT_PARTS for n in names if n.startswith(prefix)}
    with warnings.catch_warnings():  # openpyxl's English warnings about the file: not for users
        warnings.simplefilter("ignore")
        # load_workbook's own steps, the reader kept: it knows which part each sheet was read from.
        reader = ExcelReader(
            io.BytesIO(data), read_only=False, data_only=False, keep_links=False, rich_text=True
        )
        reader.read()
    workbook = reader.wb
    try:
        palette = _Palette(workbook)
        formats = _conditional_formats(data, reader)
        sheets = [
            _sheet_look(ws, palette, found)
            for ws, found in zip(workbook.worksheets, formats, strict=True)
        ]
    finally:
        workbook.close()
    return WorkbookLook(sheets, objects)


def _conditional_formats(data: bytes, reader: Any) -> list[ConditionalFormats]:
    """Each worksheet's conditional formats, read from its part (:mod:`.conditional_format`), in
    the order of the workbook's worksheets (the caller zips them strictly)."""
    # The parts read_worksheets read, in its order (chart sheets are no worksheets).
    parts = [
        rel.target
        for _, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        dxfs: list[Element] = []
        if "xl/styles.xml" in archive.namelist():  # where openpyxl reads the styles from
            with archive.open("xl/styles.xml") as source:
                dxfs = read_differentials(source)
        for part in parts:
            with archive.open(part) as source:
                found.append(read_conditional_formats(source, dxfs))
    return found


def _normal_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        number = Decimal(repr(value))
        return int(number) if number == number.to_integral_value() else number
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return value
    from openpyxl.cell.rich_text import CellRichText

    if isinstance(value, CellRichText):
        return str(value)
    return value


def _sheet_look(ws: Any, palette: _Palette, formats: ConditionalFormats) -> SheetLook:
    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.utils import range_boundaries

    look = SheetLook(ws.title, ws.sheet_state)
    for row in ws.iter_rows():
        for cell in row:
            raw = cell.value
            if raw is None or raw == "":
                continue
            value = _normal_value(raw)
            fmt = str(cell.number_format or "General")
            try:
                text: str | None = display_text(value, fmt)
            except UnrenderableFormat:
                text = None
            hidden_by = palette.hidden_by(cell.font, cell.fill) or palette.format_hides(
                value, fmt, cell.fill
            )
            if not hidden_by and isinstance(raw, CellRichText):
                for block in raw:
                    font = getattr(block, "font", None)
                    if font is not None and str(getattr(block, "text", "")).strip():
                        hidden_by = palette.hidden_by(font, cell.fill, base=cell.font)
                        if hidden_by:
                            break
            struck = bool(getattr(cell.font, "strike", False)) or (
                isinstance(raw, CellRichText)
                and any(bool(getattr(getattr(b, "font", None), "strike", False)) for b in raw)
            )
            look.cells[(cell.row, cell.column)] = CellLook(value, text, fmt, hidden_by, struck)
            if cell.comment is not None:
                look.extras.append(f"单元格 {cell.coordinate} 有批注")
    for index, dim in ws.row_dimensions.items():
        if dim.ht is not None:
            look.heights[index] = float(dim.ht)
        if dim.hidden or (dim.ht is not None and float(dim.ht) < MIN_VISIBLE_POINTS):
            look.hidden_rows.add(index)
        if dim.outlineLevel or dim.collapsed:
            look.outline_rows.add(index)
    look.hidden_rows |= _hidden_by_default(ws, look.nrows)
    default_width = getattr(ws.sheet_format, "defaultColWidth", None)
    if default_width:
        look.default_width = float(default_width)
    for dim in ws.column_dimensions.values():
        if dim.min is None or dim.max is None:
            continue
        # A dimension only there to carry a style (no width, not hidden) does not change the look.
        for col in range(dim.min, min(dim.max, MAX_LOOKED_COLUMNS) + 1):
            if dim.width is not None and dim.customWidth:
                look.widths[col] = float(dim.width)
            # openpyxl's customWidth is bool(width): a width of 0 is one it says is not custom.
            if dim.hidden or (dim.width is not None and float(dim.width) < 0.5):
                look.hidden_cols.add(col)
    for merged in ws.merged_cells.ranges:
        c1, r1, c2, r2 = range_boundaries(str(merged))
        look.merged.add((r1, c1, r2, c2))
    hf = ws.HeaderFooter
    pages = {
        "odd": ("oddHeader", "oddFooter"),
        "even": ("evenHeader", "evenFooter") if hf.differentOddEven else ("oddHeader", "oddFooter"),
        "first": ("firstHeader", "firstFooter")
        if hf.differentFirst
        else ("oddHeader", "oddFooter"),
    }
    for page, (header_name, footer_name) in pages.items():
        for where, name in (("页眉", header_name), ("页脚", footer_name)):
            item = getattr(ws, name)
            for part in ("left", "center", "right"):
                shown = getattr(item, part)
                text = shown.text or ""
                style = ""
                if text:
                    color = str(shown.color or "").upper()
                    size = shown.size
                    if size is not None and float(size) < MIN_VISIBLE_POINTS:
                        style = f"字号 {size}"
                    elif color and _contrast(_hex(color), "FFFFFF") < MIN_CONTRAST:
                        style = f"颜色 {color}"
                look.header_footer[(page, where, part)] = (text, style)
    look.print_titles = ",".join(
        _plain_ref(r) for r in (ws.print_title_rows, ws.print_title_cols) if r
    )
    look.print_area = _plain_ref(ws.print_area or "")
    # A range once, however many formats over it: a rule added later is an element of its own, a
    # data bar of Excel 2010 is its rule in the sheet and its look in the extension.
    for where in dict.fromkeys(formats.ranges):
        look.extras.append(f"区域 {_quote(where)} 有条件格式")
    if formats.too_many:
        look.conditional_unchecked = f"条件格式过多（{formats.count} 条）"
        look.extras.append(look.conditional_unchecked)
    else:
        _judge_conditions(ws, look, formats.rules, palette)
    for dv in ws.data_validations.dataValidation:
        look.extras.append(f"区域 {dv.sqref} 有数据验证（下拉列表或输入提示）")
    return look


def _judge_conditions(
    ws: Any, look: SheetLook, rules: list[ConditionalRule], palette: _Palette
) -> None:
    """Fill ``look.conditional``: what each rule that may hide or change a cell's text would do to
    the cells it covers, taken as applying unless it is a comparison with numbers written in the
    rule that the cell's value does not meet (:func:`may_apply`: “等于 0 → 白色” hides the zeros
    only). Other conditions are not evaluated: an honest template has no rule that hides a
    figure, whatever its condition."""
    covering = _covered_by(look, [rule for rule in rules if _may_hide(rule)])
    if covering is None:
        look.conditional_unchecked = "条件格式覆盖的区域过多"
        return
    for rule, covered in covering:
        # What a rule does depends on the cell's style and, for a number format, on its value:
        # cells alike are judged once.
        judged: dict[tuple[int, Any], ConditionalLook | None] = {}
        for row, col in sorted(covered):
            cell = ws.cell(row=row, column=col)
            value = look.cells[(row, col)].value
            if not may_apply(rule, value):
                continue
            key = (cell.style_id, value if rule.dxf is not None and rule.dxf.fmt else None)
            if key not in judged:
                judged[key] = _effect(rule, cell, value, palette)
            effect = judged[key]
            if effect is not None:
                look.conditional.setdefault((row, col), []).append(effect)


def _covered_by(
    look: SheetLook, rules: list[ConditionalRule]
) -> list[tuple[ConditionalRule, set[tuple[int, int]]]] | None:
    """The cells holding something that each of ``rules`` covers; None when going through the
    ranges would take more than MAX_CONDITIONAL_WORK (each range and each cell of a row looked at
    counts: ranges overlapping many times over cost as much as they cover)."""
    budget = MAX_CONDITIONAL_WORK
    rows = sorted(look.by_row)
    found = []
    for rule in rules:
        covered: set[tuple[int, int]] = set()
        for r1, c1, r2, c2 in cell_ranges(rule.where):
            budget -= 1
            for row in rows[bisect_left(rows, r1) : bisect_right(rows, r2)]:
                budget -= len(look.by_row[row])
                covered.update((row, col) for col, _ in look.by_row[row] if c1 <= col <= c2)
            if budget < 0:
                return None
        found.append((rule, covered))
    return found


def _may_hide(rule: ConditionalRule) -> bool:
    """Whether ``rule`` changes anything that can hide text (a bold font, a border cannot)."""
    if rule.instead or rule.scale:
        return True
    dxf = rule.dxf
    if dxf is None or rule.kind in _NEVER_ON_A_VALUE:
        return False
    font = dxf.font
    changes_font = font is not None and (
        font.color is not None or font.sz is not None or bool(font.strike)
    )
    return changes_font or bool(dxf.fills) or bool(dxf.fmt)


def _effect(
    rule: ConditionalRule, cell: Any, value: Any, palette: _Palette
) -> ConditionalLook | None:
    """What ``rule`` would do to ``cell`` (holding ``value``), if anything that counts."""
    where = _quote(rule.where)
    if rule.instead:
        return ConditionalLook(
            where, f"只显示{rule.instead}，不显示数字本身，在 Excel 或 WPS 中看不到"
        )
    dxf = rule.dxf or Differential()
    font = dxf.font
    backs = [palette.resolve(c, "FFFFFF") for c in rule.scale or dxf.fills] or [
        palette.background(cell.fill)
    ]
    for back in backs:
        why = palette.font_hides(font or cell.font, back, cell.font)
        if why:
            return ConditionalLook(where, f"可能使它的{why}")
    if font is not None and font.strike:
        return ConditionalLook(where, "可能给它加删除线，看的人会当它已删去")
    code = dxf.fmt
    if not code:
        return None
    for back in backs:
        why = palette.format_hides_on(value, code, back, f"数字格式为“{code}”，把字设为")
        if why:
            return ConditionalLook(where, f"可能使它的{why}")
    try:
        text: str | None = display_text(value, code)
    except UnrenderableFormat:
        text = None
    return ConditionalLook(where, "", code, text)


def _hidden_by_default(ws: Any, last_row: int) -> set[int]:
    """The rows up to ``last_row`` a sheet with ``<sheetFormatPr zeroHeight="1">`` hides: those not
    given a height of their own (Excel and WPS show only those; the flag is how a sheet with most
    rows hidden is written, and so a way to hide a figure without marking its row)."""
    if not getattr(ws.sheet_format, "zeroHeight", None):
        return set()
    rows = ws.row_dimensions  # .get: indexing it would add a dimension for every row asked
    return {r for r in range(1, last_row + 1) if getattr(rows.get(r), "ht", None) is None}


def _plain_ref(ref: str) -> str:
    """``'三、…'!$A$1:$H$36`` → ``A1:H36`` (the sheet is known, dollar signs change nothing)."""
    parts = []
    for piece in str(ref).split(","):
        piece = piece.rsplit("!", 1)[-1]
        parts.append(piece.replace("$", ""))
    return ",".join(parts)


# ---------------------------------------------------------------------------------------------
# Colours


def _hex(rgb: str) -> str:
    text = rgb.strip().lstrip("#").upper()
    return text[-6:] if len(text) >= 6 else "000000"


def _luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _tinted(rgb: str, tint: float) -> str:
    """A theme colour lightened or darkened as spreadsheet programs do (in HLS)."""
    if not tint:
        return rgb
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
    return "".join(f"{round(x * 255):02X}" for x in (r, g, b))


_THEME_ORDER = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink"]  # fmt: skip


class _Palette:
    """Resolves a cell's font and fill colours (rgb, indexed, theme with tint) to RGB."""

    def __init__(self, workbook: Any) -> None:
        from openpyxl.styles.colors import COLOR_INDEX

        self.indexed = [_hex(c) for c in COLOR_INDEX]
        self.theme = self._theme_colours(getattr(workbook, "loaded_theme", None))

    @staticmethod
    def _theme_colours(theme: Any) -> list[str]:
        from openpyxl.writer.theme import theme_xml
        from openpyxl.xml.functions import fromstring

        colours: dict[str, str] = {}
        for source in (theme, theme_xml):
            if not source:
                continue
            try:
                root = fromstring(source)
            except Exception:  # a damaged theme: the default one is used
                continue
            for element in root.iter():
                tag = str(element.tag).rsplit("}", 1)[-1]
                if tag in _THEME_ORDER and tag not in colours:
                    for child in element:
                        value = child.get("lastClr") or child.get("val")
                        if value and len(value) == 6:
                            colours[tag] = value.upper()
                            break
        return [colours.get(name, "000000") for name in _THEME_ORDER]

    def resolve(self, color: Any, default: str) -> str:
        if color is None:
            return default
        kind = getattr(color, "type", None)
        try:
            if kind == "rgb" and isinstance(color.rgb, str):
                return _tinted(_hex(color.rgb), float(color.tint or 0))
            if kind == "indexed":
                index = int(color.indexed)
                if index == 64:  # the system's text colour
                    return "000000"
                if index == 65:  # the system's background
                    return "FFFFFF"
                if 0 <= index < len(self.indexed):
                    return _tinted(self.indexed[index], float(color.tint or 0))
                return default
            if kind == "theme":
                index = int(color.theme)
                if 0 <= index < len(self.theme):
                    return _tinted(self.theme[index], float(color.tint or 0))
                return default
        except (TypeError, ValueError):
            return default
        return default  # "auto"

    def background(self, fill: Any) -> str:
        pattern = getattr(fill, "patternType", None) or getattr(fill, "fill_type", None)
        if pattern in (None, "none"):
            return "FFFFFF"  # no fill: the page is white
        if pattern == "solid":
            return self.resolve(getattr(fill, "fgColor", None), "FFFFFF")
        return self.resolve(getattr(fill, "bgColor", None), "FFFFFF")

    def hidden_by(self, font: Any, fill: Any, base: Any = None) -> str:
        return self.font_hides(font, self.background(fill), base)

    def font_hides(self, font: Any, back: str, base: Any = None) -> str:
        """Why text in ``font`` (what it leaves unset taken from ``base``) cannot be seen on a
        background of ``back``, or ""."""
        size = getattr(font, "sz", None)
        if size is None and base is not None:
            size = getattr(base, "sz", None)
        if size is not None and float(size) < MIN_VISIBLE_POINTS:
            return f"字号只有 {float(size):g} 磅，看不清"
        colour = getattr(font, "color", None)
        if colour is None and base is not None:
            colour = getattr(base, "color", None)
        return self._unseen_on(self.resolve(colour, "000000"), back, "字体为")

    def format_hides(self, value: Any, fmt: str, fill: Any) -> str:
        """Why the colour a number format gives ``value`` (``[White]0``) hides it, or ""."""
        return self.format_hides_on(value, fmt, self.background(fill), f"数字格式“{fmt}”把字设为")

    def format_hides_on(self, value: Any, fmt: str, back: str, said: str) -> str:
        index = format_colour(value, fmt)
        if index is None or index >= len(self.indexed):
            return ""
        return self._unseen_on(self.indexed[index], back, said)

    def _unseen_on(self, text_rgb: str, back: str, said: str) -> str:
        """``said`` + the colour, when text of ``text_rgb`` cannot be seen on ``back``."""
        if _contrast(text_rgb, back) < MIN_CONTRAST:
            what = "白色" if text_rgb == "FFFFFF" else f"颜色 #{text_rgb}"
            on = "白底" if back == "FFFFFF" else f"底色 #{back}"
            return f"{said}{what}，在{on}上看不见"
        return ""


# ---------------------------------------------------------------------------------------------
# Comparing


def _cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _quote(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _same_value(a: Any, b: Any) -> bool:
    numeric = (int, Decimal, float)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, numeric) and isinstance(b, numeric):
        return Decimal(repr(a) if isinstance(a, float) else a) == Decimal(
            repr(b) if isinstance(b, float) else b
        )
    return bool(type(a) is type(b) and a == b)


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def compare_looks(
    expected: WorkbookLook,
    actual: WorkbookLook,
    ignore: Iterable[tuple[str, str]] = (),
    equivalents: Mapping[str, str] | None = None,
) -> list[str]:
    """How ``actual`` differs from ``expected`` for a reader: one Chinese sentence each.

    ``ignore``: (sheet title, cell name) already reported by the caller (figures typed as text).
    ``equivalents``: a text cell of ``actual`` holding a key reads as its value (what an earlier
    version of the exporter printed for the same content, such as the title of older exports).
    """
    ignored = set(ignore)
    if equivalents:
        for sheet in actual.sheets:
            for key, cell in list(sheet.cells.items()):
                if isinstance(cell.value, str) and cell.value in equivalents:
                    same = equivalents[cell.value]
                    text = same if cell.text == cell.value else cell.text
                    sheet.cells[key] = CellLook(same, text, cell.fmt, cell.hidden_by, cell.struck)
            sheet.__dict__.pop("by_row", None)  # built again from the cells as they now read
    titles = {s.title for s in expected.sheets}
    added_sheets: list[str] = []
    for sheet in actual.sheets:
        if sheet.title not in titles:
            state = (
                ""
                if sheet.state == "visible"
                else f"（{_STATE_NAMES.get(sheet.state, sheet.state)}）"
            )
            added_sheets.append(
                f"多出工作表“{short_id(sheet.title)}”{state}：本程序导出的文件中没有这张表。"
            )
    # A crafted workbook can add a thousand sheets: the first ones are named, the rest counted.
    messages = capped(added_sheets)
    for sheet in expected.sheets:
        other = actual.sheet(sheet.title)
        if other is None:
            messages.append(f"缺少工作表“{sheet.title}”（被删除或改名）。")
            continue
        if other.state != sheet.state:
            messages.append(
                f"工作表“{sheet.title}”被设为{_STATE_NAMES.get(other.state, other.state)}"
                f"（导出时为{_STATE_NAMES.get(sheet.state, sheet.state)}）。"
            )
        found = _compare_sheet(sheet, other, ignored)
        if len(found) > MAX_MESSAGES_PER_SHEET:
            rest = len(found) - MAX_MESSAGES_PER_SHEET
            found = [*found[:MAX_MESSAGES_PER_SHEET], f"……另有 {rest} 处不同"]
        messages.extend(f"工作表“{sheet.title}”{m}" for m in found)
    added = sorted(actual.objects - expected.objects)
    if added:
        messages.append(
            "工作簿中多出"
            + named(added)
            + "：本程序导出的文件没有这些对象，它们可能遮住或改变表中内容。"
        )
    return messages


def _row_signature(sheet: SheetLook, row: int) -> tuple[tuple[int, str], ...]:
    return tuple(
        (c, cell.text if cell.text is not None else f"\0{cell.fmt}\0{cell.value!r}")
        for c, cell in sheet.by_row.get(row, [])
    )


def _compare_sheet(exp: SheetLook, act: SheetLook, ignored: set[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    n_exp, n_act = exp.nrows, act.nrows
    exp_rows = [_row_signature(exp, r) for r in range(1, n_exp + 1)]
    act_rows = [_row_signature(act, r) for r in range(1, n_act + 1)]
    row_map: dict[int, int] = {}  # actual row → expected row
    matcher = difflib.SequenceMatcher(None, exp_rows, act_rows, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            i, j = i1 + k + 1, j1 + k + 1
            row_map[j] = i
            if tag == "equal":
                continue
            if not exp_rows[i - 1]:  # a blank line of the export now holds something
                out.append(f"第{j}行“{act.row_text(j)}”：多出一行（导出时此处是空行）。")
            elif not act_rows[j - 1]:
                out.append(f"第{j}行“{exp.row_text(i)}”的内容被删除（现为空行）。")
            else:
                out.extend(_compare_row(exp, act, i, j, ignored))
        if tag == "equal":
            continue
        for j in range(j1 + pairs, j2):
            text = act.row_text(j + 1)
            out.append(
                f"第{j + 1}行“{text}”：多出一行。" if text else f"第{j + 1}行：多出一个空行。"
            )
        for i in range(i1 + pairs, i2):
            text = exp.row_text(i + 1)
            where = f"（原在第{i + 1}行）"
            out.append(f"缺少一行“{text}”{where}：被删除。" if text else f"缺少一个空行{where}。")
    # Equal rows still differ when their values are of another kind (text for a number).
    for j, i in row_map.items():
        if exp_rows[i - 1] == act_rows[j - 1]:
            out.extend(_compare_row(exp, act, i, j, ignored))
    out.extend(_compare_hidden(exp, act, row_map))
    out.extend(_compare_layout(exp, act, row_map))
    return out


def _compare_row(
    exp: SheetLook, act: SheetLook, i: int, j: int, ignored: set[tuple[str, str]]
) -> list[str]:
    out: list[str] = []
    cols = sorted({c for c, _ in exp.by_row.get(i, [])} | {c for c, _ in act.by_row.get(j, [])})
    for col in cols:
        name = _cell_name(j, col)
        if (act.title, name) in ignored:
            continue
        want = exp.cells.get((i, col))
        have = act.cells.get((j, col))
        if have is None and want is not None:
            out.append(f"单元格 {name} 的内容“{_quote(want.text or _shown(want.value))}”被删除。")
            continue
        if have is None:
            continue
        if have.text is None:
            out.append(
                f"单元格 {name} 使用了本程序无法核对的数字格式“{have.fmt}”，"
                f"读者看到的可能不是实际数值 {_shown(have.value)}。"
            )
            continue
        if want is None:
            out.append(f"单元格 {name} 多出内容“{_quote(have.text)}”。")
            continue
        if have.text != want.text and _same_value(have.value, want.value):
            out.append(
                f"单元格 {name} 的显示为“{_quote(have.text)}”，实际数值为 {_shown(have.value)}"
                f"（数字格式“{have.fmt}”）。"
            )
        elif have.text != want.text:
            out.append(
                f"单元格 {name} 应为“{_quote(want.text or '')}”，现为“{_quote(have.text)}”。"
            )
        elif not _same_value(have.value, want.value):
            out.append(
                f"单元格 {name} 显示相同（“{_quote(have.text)}”），但内容的类型或数值被改动"
                f"（应为 {_shown(want.value)}，现为 {_shown(have.value)}）。"
            )
    return out


def _compare_hidden(exp: SheetLook, act: SheetLook, row_map: dict[int, int]) -> list[str]:
    out: list[str] = []
    for (r, c), cell in sorted(act.cells.items()):
        want = exp.cells.get((row_map.get(r, 0), c), CellLook(0, "", ""))
        shown = _quote(cell.text or _shown(cell.value))
        if cell.hidden_by and not want.hidden_by:
            out.append(f"单元格 {_cell_name(r, c)}（“{shown}”）的{cell.hidden_by}。")
        if cell.struck and not want.struck:
            out.append(f"单元格 {_cell_name(r, c)}（“{shown}”）加了删除线。")
    content_rows = sorted({r for r, _ in act.cells})
    for r in content_rows:
        i = row_map.get(r)
        text = act.row_text(r)
        if r in act.hidden_rows and (i is None or i not in exp.hidden_rows):
            out.append(f"第{r}行“{text}”被隐藏（或行高设为 0）。")
        elif (
            i is not None
            and i in exp.heights
            and r in act.heights
            and act.heights[r] < exp.heights[i] * SQUEEZE
        ):
            out.append(
                f"第{r}行“{text}”的行高被压缩（{act.heights[r]:g} 磅，导出时为 "
                f"{exp.heights[i]:g} 磅），内容显示不全。"
            )
        if r in act.outline_rows and (i is None or i not in exp.outline_rows):
            out.append(f"第{r}行“{text}”被设为分组（可折叠隐藏）。")
    for c in sorted({c for _, c in act.cells if c <= MAX_LOOKED_COLUMNS}):
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(c)
        if c in act.hidden_cols and c not in exp.hidden_cols:
            out.append(f"第 {letter} 列被隐藏（或列宽设为 0）。")
        elif act.width(c) < exp.width(c) * SQUEEZE:
            out.append(
                f"第 {letter} 列的列宽被压缩（{act.width(c):g}，导出时为 {exp.width(c):g}），"
                "内容显示不全。"
            )
    return out


def _compare_layout(exp: SheetLook, act: SheetLook, row_map: dict[int, int]) -> list[str]:
    out: list[str] = []

    def moved(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        r1, c1, r2, c2 = box
        m1, m2 = row_map.get(r1), row_map.get(r2)
        if m1 is not None and m2 is not None and m2 - m1 == r2 - r1:
            return (m1, c1, m2, c2)
        return box

    def name(box: tuple[int, int, int, int]) -> str:
        return f"{_cell_name(box[0], box[1])}:{_cell_name(box[2], box[3])}"

    have = {moved(b): b for b in act.merged}
    for box in sorted(set(have) - exp.merged):
        out.append(f"多出合并单元格 {name(have[box])}。")
    for box in sorted(exp.merged - set(have)):
        out.append(f"合并单元格 {name(box)} 被取消。")
    blank = ("", "")
    for key in sorted(set(exp.header_footer) | set(act.header_footer)):
        pair = (exp.header_footer.get(key, blank), act.header_footer.get(key, blank))
        want, got = pair
        if want == got:
            continue
        page, where, part = key
        odd = (page != "odd") and (
            exp.header_footer.get(("odd", where, part), blank),
            act.header_footer.get(("odd", where, part), blank),
        )
        if odd == pair:
            continue  # the even or first page shows the same change as the odd ones: named once
        label = f"{_PAGE_NAMES[page]}{where}（{_PART_NAMES[part]}）"
        if want[0] == got[0]:
            out.append(f"{label}“{_quote(got[0])}”看不见（{got[1]}）。")
        else:
            out.append(f"{label}应为“{_quote(want[0])}”，现为“{_quote(got[0])}”。")
    if exp.print_titles != act.print_titles:
        out.append(
            f"打印标题行被改动（应为“{exp.print_titles or '无'}”，现为“{act.print_titles or '无'}”）。"
        )
    if exp.print_area != act.print_area:
        out.append(
            f"打印区域被改动（应为 {exp.print_area or '整张表'}，现为 {act.print_area or '整张表'}），"
            "打印出来的内容会不同。"
        )
    for extra in act.extras:
        if extra not in exp.extras:
            out.append(f"{extra}：本程序导出的文件没有，读者可能看到不同的内容。")
    return out
