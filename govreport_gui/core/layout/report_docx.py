"""The whole report as a Word document (.docx), laid out as offices exchange it (GB/T 9704-2012).

A4, margins top 37 mm, bottom 35, left 28, right 26; the title in 二号 (22 pt) 方正小标宋简体,
centred; the text in 三号 (16 pt) 仿宋_GB2312, first line indented two characters, fixed 28.95 pt
lines (22 lines to the page); 一、 headings in 黑体 (Word's 标题 1, so the navigation pane lists
them); a （一） sub-heading's marker and first sentence in 楷体_GB2312 (:mod:`.report_layout`); page
numbers "— 1 —" in 四号 宋体, outside (odd pages right, even pages left, one character in); the
tables as real Word tables in the official layout of :mod:`.grid` (merged header cells, units
column, indented labels, figures right-aligned, 五号 10.5 pt 宋体, header rows repeated on each
page); the 落款 (unit centred over the date, the date four characters in from the right, three
empty lines above for the seal); a 2014 report's 统计表 as its 附件 on a new page.

Fonts are named as Word and WPS in China name them, each on the East Asian slot (``w:eastAsia``)
as well as the Latin ones, and the document's font table gives each an alternative that every
Chinese Windows has (仿宋 for 仿宋_GB2312, 楷体 for 楷体_GB2312, 宋体 for 方正小标宋简体): where the
office font is missing, Word and WPS substitute it.

The same input gives the same bytes: the dates in the document properties are the sign-off's
(or a fixed one for a draft) and the zip entries carry a fixed time.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govreport_gui import __version__
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.layout.grid import GridCell, SectionGrid, display_value
from govreport_gui.core.layout.report import (
    DRAFT_MARK,
    ExportError,
    ReportData,
    check_exportable,
)
from govreport_gui.core.layout.report_layout import (
    Attachment,
    Heading,
    Para,
    ReportLayout,
    closing_indents,
    report_layout,
)
from govreport_gui.core.report.model import ReportText

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
# (office name, the alternative Word and WPS fall back on, family, pitch)
FONT_TABLE = (
    (TITLE_FONT, SONG_FONT, "script", "variable"),
    (BODY_FONT, "仿宋", "modern", "fixed"),
    (KAI_FONT, "楷体", "modern", "fixed"),
    (HEADING_FONT, "SimHei", "modern", "fixed"),
    (SONG_FONT, "SimSun", "auto", "variable"),
)
CELL_STYLE = "表格文字"  # the paragraph style of the tables' cells
TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
TABLE_PT = 10.5  # 五号
LINE_PT = 28.95  # 22 lines on the 225 mm text height
TITLE_LINE_PT = 35.0
TABLE_LINE_PT = 13.0
SEAL_LINES = 3  # empty lines above the 落款 for the seal
FIXED_TIME = "2000-01-01T00:00:00+00:00"  # a draft's document date: no clock in the bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Sizes:
    """Twips (1/20 pt) of the page, as python-docx's Length takes EMU."""

    PAGE_W_MM = 210
    PAGE_H_MM = 297
    TOP_MM = 37
    BOTTOM_MM = 35
    LEFT_MM = 28
    RIGHT_MM = 26
    FOOTER_MM = 23  # the page number's line 7 mm below the text block (GB/T 9704 7.5)

    @classmethod
    def text_width_mm(cls) -> int:
        return cls.PAGE_W_MM - cls.LEFT_MM - cls.RIGHT_MM


def export_report_docx(
    report: ReportText, data: ReportData, path: str | Path, draft_mode: bool = False
) -> Path:
    """Write the whole report as a .docx; refuses as the table exports do (not signed off)."""
    check_exportable(data, draft_mode)
    try:
        content = render_report_docx(report, data, draft_mode)
    except ValueError as exc:  # lxml: a character XML cannot hold (a control character)
        raise ExportError(
            f"报告中有 Word 文件不能保存的字符（如控制字符），没有导出 Word 文件：{exc}"
        ) from exc

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_export(Path(path), write, "Word 或 WPS")


def render_report_docx(report: ReportText, data: ReportData, draft_mode: bool = False) -> bytes:
    """The bytes of the .docx (no refusal: :func:`export_report_docx` checks first)."""
    import docx

    layout = report_layout(report, data)
    document = docx.Document()
    _page(document, draft_mode)
    _styles(document)
    _font_table(document)
    _properties(document, layout, data, draft_mode)
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:  # the template's empty first paragraph
        body._element.getparent().remove(body._element)
    _title(document, layout.title_lines)
    for block in layout.body:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style="Heading 1")
        elif isinstance(block, Para):
            _para(document, block)
        else:
            _table(document, block.grid)
    _closing(document, layout)
    for attachment in layout.attachments:
        _attachment(document, attachment)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


# -- the page ----------------------------------------------------------------------------------


def _page(document: DocxDocument, draft_mode: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    s = _Sizes
    section = document.sections[0]
    section.page_width, section.page_height = Mm(s.PAGE_W_MM), Mm(s.PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(s.TOP_MM), Mm(s.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(s.LEFT_MM), Mm(s.RIGHT_MM)
    section.footer_distance = Mm(s.FOOTER_MM)
    section.header_distance = Mm(15)
    # GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字.
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        if odd:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        _page_number(paragraph)
    if draft_mode:
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            run = paragraph.add_run(DRAFT_MARK)
            _font(run, HEADING_FONT)
            run.font.size = Pt(12)
            run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _page_number(paragraph: DocxParagraph) -> None:
    """— PAGE — : the number is a field Word and WPS fill in on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _font(r, SONG_FONT)
        r.font.size = Pt(PAGE_NUMBER_PT)
        return r

    run("— ")
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1")):
        r = run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        elif kind == "text":
            r.text = text
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
    end = run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._r.append(fld)
    run(" —")


# -- styles and fonts --------------------------------------------------------------------------


def _rfonts(element: Any, name: str) -> None:
    """Every slot of ``w:rFonts`` (ascii, hAnsi, eastAsia, cs) on ``name``, themes removed."""
    from docx.oxml.ns import qn

    rfonts = element.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def _font(run: Any, name: str) -> None:
    run.font.name = name
    _rfonts(run._r.get_or_add_rPr(), name)


def _chars_indent(fmt_element: Any, first: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents in characters (w:firstLineChars …, hundredths of a character), as Chinese Word
    writes them: they follow the font size, where a length in points would not."""
    from docx.oxml.ns import qn

    ind = fmt_element.get_or_add_ind()
    for attr, value in (("firstLineChars", first), ("leftChars", left), ("rightChars", right)):
        if value:
            ind.set(qn(f"w:{attr}"), str(value * 100))


def _styles(document: DocxDocument) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = document.styles
    # The document's defaults: 仿宋_GB2312 三号, Chinese, no spacing between paragraphs.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _rfonts(rpr, BODY_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _rfonts(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.first_line_indent = Pt(2 * BODY_PT)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True
    _chars_indent(normal.element.get_or_add_pPr(), first=2)

    heading = styles["Heading 1"]
    heading.font.size = Pt(BODY_PT)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    _rfonts(heading.element.get_or_add_rPr(), HEADING_FONT)
    hfmt = heading.paragraph_format
    hfmt.space_before = hfmt.space_after = Pt(0)
    hfmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    hfmt.line_spacing = Pt(LINE_PT)
    hfmt.first_line_indent = Pt(2 * BODY_PT)
    hfmt.keep_with_next = True
    _chars_indent(heading.element.get_or_add_pPr(), first=2)

    title = styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    title.font.size = Pt(TITLE_PT)
    _rfonts(title.element.get_or_add_rPr(), TITLE_FONT)
    tfmt = title.paragraph_format
    tfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tfmt.first_line_indent = Pt(0)
    tfmt.line_spacing = Pt(TITLE_LINE_PT)
    tfmt.keep_with_next = True
    _no_chars_indent(title.element.get_or_add_pPr())

    cell = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)
    _rfonts(cell.element.get_or_add_rPr(), SONG_FONT)
    cfmt = cell.paragraph_format
    cfmt.first_line_indent = Pt(0)
    cfmt.line_spacing = Pt(TABLE_LINE_PT)
    cfmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _no_chars_indent(cell.element.get_or_add_pPr())

    plain = styles.add_style("无缩进", WD_STYLE_TYPE.PARAGRAPH)
    plain.base_style = normal
    plain.paragraph_format.first_line_indent = Pt(0)
    _no_chars_indent(plain.element.get_or_add_pPr())


def _no_chars_indent(ppr: Any) -> None:
    from docx.oxml.ns import qn

    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")


def _font_table(document: DocxDocument) -> None:
    """Our fonts in the document's font table, each with its usual alternative (w:altName) and
    the GB2312 character set, so a missing office font is replaced by a Chinese one."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    for name, alt, family, pitch in FONT_TABLE:
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, val in (("altName", alt), ("charset", "86"), ("family", family), ("pitch", pitch)):
            font.append(OxmlElement(f"w:{tag}", {qn("w:val"): val}))
        root.append(font)
    part._blob = serialize_part_xml(root)


def _properties(
    document: DocxDocument, layout: ReportLayout, data: ReportData, draft_mode: bool
) -> None:
    import datetime as dt

    signed = data.signoff is not None and not draft_mode
    at = data.signoff.at if signed and data.signoff else FIXED_TIME
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        when = dt.datetime.fromisoformat(FIXED_TIME)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    props = document.core_properties
    props.title = layout.title + (f"（{DRAFT_MARK}）" if draft_mode else "")
    props.author = layout.unit
    props.subject = data.form.title
    props.comments = f"govreport {__version__}"
    props.keywords = f"govreport form={data.form.id}" + (
        f" fingerprint={data.signoff.fingerprint}" if signed and data.signoff else ""
    )
    props.last_modified_by = layout.unit
    props.revision = 1
    props.created = props.modified = when
    props.category = ""


# -- the text ----------------------------------------------------------------------------------


def _title(document: DocxDocument, lines: tuple[str, ...]) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph(style="报告标题")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    # GB/T 9704 7.3.3: the text starts one line below the title.
    paragraph.paragraph_format.space_after = Pt(LINE_PT)


def _para(document: DocxDocument, block: Para) -> None:
    paragraph = document.add_paragraph()
    if block.lead:
        run = paragraph.add_run(block.lead)
        _font(run, KAI_FONT)
    if block.text:
        paragraph.add_run(block.text)


def _closing(document: DocxDocument, layout: ReportLayout) -> None:
    """附件说明, room for the seal, then the unit centred over the date, 右空四字 (GB/T 9704 7.3.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # The 落款 never stands alone on a page (GB/T 9704 7.3.5.4): the last paragraph of the text,
    # the 附件说明 and the empty lines for the seal are kept with it.
    kept = [document.paragraphs[-1]] if document.paragraphs else []
    if layout.attachment_note:
        kept += [document.add_paragraph(), document.add_paragraph(layout.attachment_note)]
    if layout.unit or layout.date:
        kept += [document.add_paragraph(style="无缩进") for _ in range(SEAL_LINES)]
    for paragraph in kept:
        paragraph.paragraph_format.keep_with_next = True
    if not (layout.unit or layout.date):
        if kept:
            kept[-1].paragraph_format.keep_with_next = False
        return
    indents = closing_indents(layout.unit, layout.date)
    for text, right in zip((layout.unit, layout.date), indents, strict=True):
        if not text:
            continue
        paragraph = document.add_paragraph(text, style="无缩进")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(right * BODY_PT)
        paragraph.paragraph_format.keep_with_next = text == layout.unit and bool(layout.date)


def _attachment(document: DocxDocument, attachment: Attachment) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    label = document.add_paragraph(attachment.label, style="无缩进")
    label.paragraph_format.page_break_before = True
    _font(label.runs[0], HEADING_FONT)
    _title(document, attachment.title_lines)
    for line in attachment.before:
        paragraph = document.add_paragraph(line, style="无缩进")
        paragraph.runs[0].font.size = Pt(14)
    for block in attachment.tables:
        _table(document, block.grid)
    for line in attachment.after:
        paragraph = document.add_paragraph(line, style="无缩进")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.runs[0].font.size = Pt(14)


# -- the tables --------------------------------------------------------------------------------


def _table(document: DocxDocument, grid: SectionGrid) -> DocxTable:
    """The grid as one Word table: merged cells as the official layout, widths of :mod:`.grid`
    on the text width, header rows repeated when the table has one header at its top."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table: DocxTable = document.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.col_units)
    widths = [Mm(_Sizes.text_width_mm() * u / total) for u in grid.col_units]
    for gridcol, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        gridcol.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if len(grid.header_rows) == 1 and grid.header_rows[0][0] == 0:
        for r in range(grid.header_rows[0][1] + 1):
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(flag)
    # The cells taken once, before any merge: python-docx's table.cell(row, col) walks the whole
    # table on every call, which made the 2014 table's 198 cells take half a second. The grid's
    # spans do not overlap, so the corners of a span not yet merged are still these cells.
    cells = [list(row.cells) for row in table.rows]
    style_id = document.styles[CELL_STYLE].style_id
    for cell in grid.cells:
        target = cells[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(cells[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
        _cell(target, cell, style_id)
    # Every header row (and a block's own title, such as 第二十条第（八）项 in table 二) stays
    # on the page of the row after it: no header alone at the foot of a page, in Word or WPS or
    # LibreOffice (which repeats only the table's first header).
    kept = {r for first, last in grid.header_rows for r in range(first, last + 1)}
    kept |= {c.row for c in grid.cells if c.role == "block"}  # 第二十条第（八）项 over its block
    for r in sorted(kept):
        for cell_obj in table.rows[r].cells:
            for paragraph in cell_obj.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    # A paragraph after the table: Word needs one between two tables, and it spaces the text.
    document.add_paragraph(style="无缩进")
    return table


def _cell(target: Any, cell: GridCell, style_id: str) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    target.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = target.paragraphs[0]
    # The style by its id: assigning it by name looks it up among all styles for every cell.
    paragraph._p.style = style_id
    align = WD_ALIGN_PARAGRAPH.CENTER
    text = cell.text
    if cell.role == "row_label":
        align = WD_ALIGN_PARAGRAPH.LEFT
        indent = cell.row_def.indent if cell.row_def else 0
        if indent:
            paragraph.paragraph_format.left_indent = Pt(indent * TABLE_PT)
            _chars_indent(paragraph._p.get_or_add_pPr(), left=indent)
    elif cell.role == "value":
        align = WD_ALIGN_PARAGRAPH.RIGHT
        text = display_value(cell.value)
    paragraph.alignment = align
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    if cell.note:  # the stub's note (本列数据的勾稽关系…), smaller, under its text
        note = target.add_paragraph() if text else paragraph
        note._p.style = style_id
        note.alignment = WD_ALIGN_PARAGRAPH.LEFT
        note.add_run(cell.note).font.size = Pt(9)


def _fixed_zip(content: bytes) -> bytes:
    """The package again with a fixed time on every entry: the same report, the same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
