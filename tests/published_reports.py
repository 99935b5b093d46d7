"""Published annual reports made in the tests from values files (issue 17), as an agency's website
would carry them: PDF and web pages in several layouts, never committed as binary fixtures.

* :func:`values_file` writes a values file (the example's figures, or variants with other numbers);
  every maker takes the loaded :class:`ValuesDocument` and prints its figures, so a test compares
  what the import reads with the file the report was made from.
* Our own exports (:func:`export_pdf`, :func:`export_html`, :func:`export_docx`).
* PDF of other layouts (:func:`platypus_pdf`): another font (reportlab's STSong-Light, not embedded:
  the reader needs pdfminer's GB CMap), other column widths, header cells drawn unmerged, table 三
  broken over a page with or without its header repeated, "/" or "—" in blank cells, the 2019-style
  single （六） row, table 三 on landscape pages (marked ``/Rotate 90`` or drawn turned), tables
  ruled with horizontal lines only (a line under each row, a 三线表), the 落款 flush right; a 2014
  table set as text without rulings, its figures beside a wrapped label's first or last line
  (:func:`text_table_pdf`); a page with shapes only (:func:`image_only_pdf`).
* Web pages of other layouts (:func:`cms_html`): GBK-encoded, the report inside layout tables,
  ``&nbsp;`` indentation, ``<br>`` in cells, ``<font>``/``<span>`` markup, full-width digits,
  merged header cells unmerged with their text repeated.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Value
from govreport_gui.core.forms.valuesfile import ValuesDocument, load_values_document
from govreport_gui.core.layout.grid import (
    SectionGrid,
    display_value,
    section_grid,
    sections,
)
from govreport_gui.core.layout.report import ReportData
from govreport_gui.core.report.model import PREFACE, TABLE, ReportSection, ReportText
from govreport_gui.core.report.sections import effective_sections

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
SEED_VALUES = EXAMPLES / "nxjgsw-2018.json"
UNIT = "示例县人民政府办公室"
WRAP_LABEL = 24  # characters of a label on one line of the rule-less table (10.5 pt: 252 pt)
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


# -- values files ------------------------------------------------------------------------------


def values_file(
    path: Path, form_id: str, values: Mapping[str, Value | None], fields: Mapping[str, str]
) -> Path:
    """Write a values file (figures as JSON numbers, money as the text typed)."""

    def plain(value: Value | None) -> object:
        return str(value) if isinstance(value, Decimal) else value

    data = {
        "form": form_id,
        "fields": dict(fields),
        "values": {k: plain(v) for k, v in values.items()},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load(path: Path) -> ValuesDocument:
    return load_values_document(path)


def filled(doc: ValuesDocument) -> dict[str, Value]:
    """The figures a published report shows (a blank cell is printed blank or as "/")."""
    return {k: v for k, v in doc.values.items() if v is not None}


def example_2021_file(folder: Path, name: str = "v2021.json", other: bool = False) -> Path:
    """The 2021 example's figures (tests/test_forms_2019_2021.py), or with ``other`` the
    consistent report of tests/consistent_report.py (other numbers, a money figure with 6 places)."""
    from consistent_report import consistent_values
    from test_forms_2019_2021 import example_2021

    form = get_form("gov-disclosure-2021")
    values: dict[str, Value | None] = dict(consistent_values(form) if other else example_2021())
    fields = {"unit": UNIT, "year": "2022", "date": "2023年1月20日"}
    return values_file(folder / name, form.id, values, fields)


def example_2019_file(folder: Path, name: str = "v2019.json") -> Path:
    from test_forms_2019_2021 import example_2019

    fields = {"unit": UNIT, "year": "2020", "date": "2021年1月15日"}
    return values_file(folder / name, "gov-disclosure-2019", dict(example_2019()), fields)


YEARS = {
    "gov-disclosure-2014": "2018",
    "gov-disclosure-2019": "2020",
    "gov-disclosure-2021": "2022",
}


def distinct_file(folder: Path, form_id: str, name: str = "distinct.json") -> Path:
    """Every cell of the form filled with a figure no other cell has (101, 102, …; money
    1.25, 2.25, …; every other signed figure negative): a figure read into a wrong cell cannot
    pass for the right one. Table 四's fifteen narrow columns get two-digit figures (10, 11, …):
    :func:`platypus_pdf` would wrap three digits in two lines (tests/test_import_pdf_layouts.py
    reads such wrapped figures). The sums do not hold: for reading tests, not checks."""
    from govreport_gui.core.forms.values import Kind

    form = get_form(form_id)
    values: dict[str, Value | None] = {}
    narrow = 10
    for n, cell in enumerate(form.cells, start=1):
        if cell.kind is Kind.MONEY:
            values[cell.id] = Decimal(f"{n}.25")
        elif cell.table_id == "appeals":
            values[cell.id], narrow = narrow, narrow + 1
        else:
            values[cell.id] = -(100 + n) if cell.kind is Kind.SIGNED and n % 2 else 100 + n
    fields = {"unit": UNIT, "year": YEARS[form_id], "date": "2023年1月20日"}
    return values_file(folder / name, form_id, values, fields)


# -- the report around the tables --------------------------------------------------------------

TEXTS = {
    PREFACE: "本报告根据《中华人民共和国政府信息公开条例》编制。",
    "general": "（一）主动公开。全年主动公开政府信息。\n（二）依申请公开。依法办理申请。",
}


def report_of(
    doc: ValuesDocument, texts: Mapping[str, str] | None = None
) -> tuple[ReportText, ReportData]:
    form = doc.form
    year = doc.fields.get("year", "")
    unit = doc.fields.get("unit", "")
    chosen = dict(TEXTS if texts is None else texts)
    for section in form.sections:
        if section.kind != TABLE and section.id not in chosen and section.id != PREFACE:
            chosen[section.id] = f"{section.heading.split('、')[-1][:6]}的说明文字。"
    report = ReportText(
        title=form.document_title_for(year, unit),
        sections=effective_sections(form, None, chosen, year),
        unit=unit,
        date=doc.fields.get("date", ""),
    )
    return report, ReportData(form=form, fields=dict(doc.fields), values=filled(doc))


def export_pdf(path: Path, doc: ValuesDocument | None = None) -> Path:
    """Our own report PDF (core/layout/report_pdf.py); the 2021 example when ``doc`` is None."""
    from govreport_gui.core.layout.report_pdf import render_report_pdf

    if doc is None:
        doc = load(example_2021_file(path.parent, path.stem + ".json"))
    path.write_bytes(render_report_pdf(*report_of(doc)))
    return path


def export_html(path: Path, doc: ValuesDocument) -> Path:
    from govreport_gui.core.layout.report_html import render_report_html

    path.write_text(render_report_html(*report_of(doc)), encoding="utf-8")
    return path


def export_docx(path: Path, doc: ValuesDocument) -> Path:
    from govreport_gui.core.layout.report_docx import render_report_docx

    path.write_bytes(render_report_docx(*report_of(doc)))
    return path


# -- tables as rows ----------------------------------------------------------------------------


class Grid:
    """One table block of the form as rows of cell texts, with its merged cells and header rows."""

    def __init__(self, grid: SectionGrid, na: str) -> None:
        self.title = grid.section.title
        self.ncols = grid.ncols
        self.stub_cols = 1  # columns the labels take
        self.rows: list[list[str]] = [[""] * grid.ncols for _ in range(grid.nrows)]
        self.spans: list[Span] = []  # mutable: a test may move them (:func:`add_column`)
        self.header = {r for first, last in grid.header_rows for r in range(first, last + 1)}
        self.blocks: set[int] = set()
        for cell in grid.cells:
            text = cell.text
            if cell.role == "value":
                text = display_value(cell.value) if cell.value is not None else na
            if cell.role == "block":
                self.blocks.add(cell.row)
            self.rows[cell.row][cell.col] = text
            if cell.rowspan > 1 or cell.colspan > 1:
                span = Span(cell.row, cell.col, cell.rowspan, cell.colspan, cell.text, cell.role)
                self.spans.append(span)
        self.labels = [
            next((c.text for c in grid.cells if c.row == r and c.role == "row_label"), "")
            for r in range(grid.nrows)
        ]


def grids(
    form: FormDef, values: Mapping[str, Value | None], na: str = "", official: bool = False
) -> list[Grid]:
    """The form's table blocks; ``official``: table 三 of 2019/2021 with its labels in three
    columns as the official template has them (:func:`official_three`)."""
    out = [Grid(section_grid(s, form, values), na) for s in sections(form)]
    if official:
        out = [official_three(g, form) if g.title.startswith("三") else g for g in out]
    return out


class Span:
    """A merged cell: where it starts, how far it reaches, its text and its role."""

    def __init__(self, row: int, col: int, rowspan: int, colspan: int, text: str, role: str):
        self.row, self.col, self.rowspan, self.colspan = row, col, rowspan, colspan
        self.text, self.role = text, role


def official_three(grid: Grid, form: FormDef) -> Grid:
    """Table 三 as the official template (国办公开办函〔2021〕30号) lays it out: the labels in three
    columns, a heading merged down over the rows under it and on the first of them
    (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密), the rows without headings across the
    three columns; heading rows have no line of their own."""
    table = next(t for t in form.tables if t.section.startswith("三"))
    first_body = max(grid.header) + 1
    rows = list(table.rows)

    def level(label: str) -> int:
        if label[:1] in "一二三四五六七八九":
            return 0
        return 1 if label.startswith("（") else 2

    leaves = [(n, r) for n, r in enumerate(rows) if not r.heading]
    body_text = {grid.labels[first_body + n]: grid.rows[first_body + n] for n in range(len(rows))}
    out = Grid.__new__(Grid)
    out.title = grid.title
    out.ncols = grid.ncols + 2
    out.stub_cols = 3
    out.header = set(range(first_body))
    out.blocks = set()
    out.rows = []
    out.spans = []
    out.labels = []
    for r in range(first_body):  # the header: the stub cell three columns wide
        out.rows.append([grid.rows[r][0], "", "", *grid.rows[r][1:]])
        out.labels.append("")
    for span in grid.spans:
        if span.row < first_body:
            col = span.col if span.col == 0 else span.col + 2
            width = 3 if span.col == 0 else span.colspan
            out.spans.append(Span(span.row, col, span.rowspan, width, span.text, span.role))
    for n, row in leaves:
        r = len(out.rows)
        cells = ["", "", ""]
        chain = []  # the headings above this row, outermost first
        depth = level(row.label)
        for before in reversed(rows[:n]):
            if (
                before.heading
                and level(before.label) < depth
                and all(level(before.label) < level(c.label) for c in chain)
            ):
                chain.insert(0, before)
                depth = level(before.label)
        for head in chain:
            col = level(head.label)
            starts_here = next(m for m, x in leaves if rows.index(head) < m) == n
            if starts_here:
                end = next(
                    (
                        m
                        for m, x in enumerate(rows)
                        if m > rows.index(head) and level(x.label) <= col
                    ),
                    len(rows),
                )
                count = sum(1 for m, _ in leaves if rows.index(head) < m < end)
                cells[col] = head.label
                if count > 1:
                    out.spans.append(Span(r, col, count, 1, head.label, "row_label"))
        col = level(row.label) if chain else 0
        cells[col] = row.label
        if 3 - col > 1:
            out.spans.append(Span(r, col, 1, 3 - col, row.label, "row_label"))
        values = body_text[row.label + (f"\n{row.note}" if row.note else "")][1:]
        out.rows.append([*cells, *values])
        out.labels.append(row.label)
    return out


def single_six(grid: Grid) -> None:
    """Table 三 as a 2019 report prints it: one （六）其他处理 row holding the sum of 2021's three
    sub-rows, which are removed."""
    start = next(i for i, label in enumerate(grid.labels) if label.startswith("（六）"))
    subs = [start + 1, start + 2, start + 3]
    sums = []
    for col in range(grid.ncols):
        cells = [grid.rows[r][col] for r in subs]
        sums.append(str(sum(int(c) for c in cells)) if all(c.isdigit() for c in cells) else "")
    grid.rows[start] = [grid.rows[start][0], *sums[1:]]
    for r in reversed(subs):
        del grid.rows[r]
        del grid.labels[r]
    grid.spans = [s for s in grid.spans if s.row < start]


Change = Callable[[dict[str, Grid]], None]


def tables_of(
    doc: ValuesDocument, na: str, official: bool, change: Change | None
) -> dict[str, Grid]:
    """The report's tables by title (the section's heading, or 第二十条第（N）项), changed by
    ``change`` as a published report differs from the official layout (:func:`rename`,
    :func:`add_column`, :func:`drop_column`, :func:`move_row`, :func:`insert_line`)."""
    tables = {g.title: g for g in grids(doc.form, doc.values, na, official)}
    if change is not None:
        change(tables)
    return tables


def rename(grid: Grid, old: str, new: str, *, header: bool | None = None) -> None:
    """Every cell whose text is ``old`` (only header cells when ``header``, only others when
    False) written ``new``; a label written so stays the row's label. Fails when none is."""
    count = 0
    for r, row in enumerate(grid.rows):
        if header is not None and (r in grid.header) != header:
            continue
        for c, text in enumerate(row):
            if text == old:
                row[c] = new
                count += 1
    for span in grid.spans:
        if span.text == old and (header is None or (span.row in grid.header) == header):
            span.text = new
    grid.labels = [new if label == old else label for label in grid.labels]
    assert count, old


def add_column(grid: Grid, at: int, heading: str, values: Sequence[str]) -> None:
    """A column inserted before column ``at``: ``heading`` in the header's last row (a group
    heading over it widened), ``values`` in the body rows, top to bottom."""
    last_header = max(grid.header)
    body = iter(values)
    for r, row in enumerate(grid.rows):
        text = heading if r == last_header else "" if r in grid.header else next(body, "")
        row.insert(at, text)
    for span in grid.spans:
        if span.col >= at:
            span.col += 1
        elif span.col + span.colspan > at:
            span.colspan += 1
    grid.ncols += 1


def drop_column(grid: Grid, col: int) -> None:
    """Column ``col`` left out (a group heading over it narrowed, a heading of its own dropped)."""
    for row in grid.rows:
        del row[col]
    kept = []
    for span in grid.spans:
        if span.col == col and span.colspan == 1:
            continue
        if span.col > col:
            span.col -= 1
        elif span.col + span.colspan > col:
            span.colspan -= 1
        kept.append(span)
    grid.spans = kept
    grid.ncols -= 1


def insert_line(grid: Grid, at: int, text: str, *, col: int | None = None) -> None:
    """A line of its own inserted before row ``at`` (``len(grid.rows)``: after the last), as
    published tables carry them (the unit 单位：件, a note 注：…, a caption 表三 …): ``text`` in one
    cell merged across the table, or in column ``col`` alone (单位：件 set in the last column)."""
    row = [""] * grid.ncols
    row[col or 0] = text
    grid.rows.insert(at, row)
    grid.labels.insert(at, "")
    for span in grid.spans:
        if span.row >= at:
            span.row += 1
        elif span.row + span.rowspan > at:
            span.rowspan += 1
    grid.header = {r + 1 if r >= at else r for r in grid.header}
    grid.blocks = {r + 1 if r >= at else r for r in grid.blocks}
    if col is None:
        grid.spans.append(Span(at, 0, 1, grid.ncols, text, "note"))


def move_row(grid: Grid, label: str, before: str) -> None:
    """The body row labelled ``label`` printed just above the row labelled ``before`` (a table
    without row spans in its body: the default, not the official three-column one)."""
    source = grid.labels.index(label)
    row, name = grid.rows.pop(source), grid.labels.pop(source)
    target = grid.labels.index(before)
    grid.rows.insert(target, row)
    grid.labels.insert(target, name)


# -- PDF of other layouts ----------------------------------------------------------------------


def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = "STSong-Light"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def platypus_pdf(
    path: Path,
    doc: ValuesDocument,
    *,
    font: str | None = None,
    na: str = "/",
    break_three_after: int | None = 12,
    breaks: Mapping[str, int] | None = None,
    repeat_header: bool = False,
    unmerged_header: bool = False,
    six_as_2019: bool = False,
    title_lines: Sequence[str] | None = None,
    official: bool = False,
    change: Change | None = None,
    rules: str = "grid",
    landscape_three: str | None = None,
    signoff_right: bool = False,
    markup: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
    head_size: float = 12,
    open_breaks: bool = False,
    page_marks: PageMarks | None = None,
    lead: float = 0,
) -> Path:
    """A report PDF laid out as another office would: ``font`` (default STSong-Light, a font not
    embedded in the file), narrower label column, blank cells printed as ``na``, table 三 broken
    into two tables on two pages after ``break_three_after`` body rows (the header repeated
    when ``repeat_header``), header cells drawn unmerged (text in the first of them) when
    ``unmerged_header``, table 三's （六） as the 2019 form's single row when ``six_as_2019``,
    table 三's labels in three columns as the official template has them when ``official``, the
    tables changed by ``change`` (:func:`tables_of`; a line break in a cell's text is one in the
    cell). ``breaks``: a table broken into two on two pages after that many rows from its top,
    its header included, by the start of its section's heading (``{"四": 1}``: table 四 after
    行政复议 | 行政诉讼, the rest of its header on the next page; ``{"附件": 3}``: the 2014 table). ``rules``: ``"grid"`` (every cell ruled), ``"rows"`` (a line under each row, none
    between the columns) or ``"three"`` (a 三线表: lines over the table, under its header and
    under the table only); without vertical lines, the header and the figures are centred in
    their cells, as WPS's and Word's table styles set them. ``landscape_three``: table 三 on landscape pages of its own, as Word
    prints a landscape section, ``"rotate"`` (portrait pages marked ``/Rotate 90``, the content
    drawn turned) or ``"turned"`` (portrait pages, the table drawn turned, no ``/Rotate``).
    ``signoff_right``: the 落款 (unit, date) set flush right. ``markup``: a cell whose text is a
    key set as the value's platypus markup (``111`` → ``111<super>1</super>``). ``texts`` as
    :func:`report_of` takes them; ``head_size``: the headings' size (the text's is 11: at 11 they
    differ from it in nothing). ``open_breaks``:
    a 三线表 broken by a page has no line at the break (none under its part at the foot of the
    page, none over the part at the top of the next), as Word draws its outer lines only at the
    table's own top and bottom. ``page_marks``: a running header and footer on every page
    (:class:`PageMarks`). ``lead``: room (points) left under the title, as a longer preface
    takes, which moves where the page breaks a table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch, mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    font = font or _cid_font()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, firstLineIndent=22)
    right = ParagraphStyle("right", fontName=font, fontSize=11, leading=17, alignment=2)
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1)
    head = ParagraphStyle("head", fontName=font, fontSize=head_size, leading=20)
    cell = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9)
    centred = ParagraphStyle("centred", parent=cell, alignment=1)
    report, data = report_of(doc, texts)
    story: list[Any] = []
    for line in title_lines or (data.unit, report.title[len(data.unit) :]):
        story.append(Paragraph(html.escape(line), title))
    story.append(Spacer(1, 8 + lead))
    tables = tables_of(doc, na, official, change)
    width = A4[0] - 50 * mm
    for section in report.sections:
        if section.heading:
            story.append(Paragraph(html.escape(section.heading), head))
        for paragraph in (p for p in section.text.split("\n") if p.strip()):
            story.append(Paragraph(html.escape(paragraph), body))
        if section.kind != TABLE:
            continue
        grid = tables.get(section.heading) or next(iter(tables.values()))
        three = section.heading.startswith("三")
        if six_as_2019 and three:
            single_six(grid)
        parts = [grid.rows]
        split = None
        if break_three_after is not None and three:
            split = max(grid.header) + 1 + break_three_after
        for start, rows in (breaks or {}).items():
            if section.heading.startswith(start):
                split = rows
        if split is not None:
            parts = [grid.rows[:split], grid.rows[split:]]
        turned = landscape_three if three else None
        for n, rows in enumerate(parts):
            offset = 0 if n == 0 else split or 0
            shown = rows
            header_rows = sorted(grid.header)
            if n and repeat_header:
                shown = [grid.rows[r] for r in header_rows] + rows
            # header rows shown, when its last is (a break inside the header: the line under it
            # stands on the next page)
            heads = sum(1 for r in range(offset, offset + len(rows)) if r in grid.header)
            heads += len(shown) - len(rows)
            if not (repeat_header and n) and not offset <= max(grid.header) < offset + len(rows):
                heads = 0
            stub = grid.stub_cols
            # WPS's and Word's table styles centre the header and the figures
            centre = [r in grid.header for r in range(offset, offset + len(rows))]
            centre = [True] * (len(shown) - len(rows)) + centre if rules != "grid" else []
            flow = [
                [
                    Paragraph(
                        (markup or {}).get(t) or _cell_markup(t),
                        centred if centre and (centre[r] or c >= stub or not _chinese(t)) else cell,
                    )
                    if t
                    else ""
                    for c, t in enumerate(row)
                ]
                for r, row in enumerate(shown)
            ]
            wide = A4[1] - 2 * inch - 12 if turned else width  # the frame's padding
            label = (0.42 if stub > 1 else 0.36) * wide
            other = (wide - label) / max(grid.ncols - stub, 1)
            widths = [label / stub] * stub + [other] * (grid.ncols - stub)
            table = Table(flow, colWidths=widths)
            closed = (not open_breaks or n == 0, not open_breaks or n == len(parts) - 1)
            style = [*_rules(rules, heads, *closed), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            extra = len(header_rows) if n and repeat_header else 0
            for span in grid.spans:
                r, rowspan = span.row - offset, span.rowspan
                if n and span.row in grid.header and span.row < offset:
                    if not repeat_header:
                        continue
                    r = header_rows.index(span.row) - extra
                elif r < 0:  # merged down from the page before: goes on at the top of this one
                    r, rowspan = 0, rowspan + r
                r += extra
                if rowspan < 1 or r >= len(shown):
                    continue
                if unmerged_header and span.row in grid.header:
                    continue
                last_row = min(r + rowspan - 1, len(shown) - 1)
                style.append(("SPAN", (span.col, r), (span.col + span.colspan - 1, last_row)))
            table.setStyle(TableStyle(style))
            if n or turned:
                story.append(PageBreak())
            story.append(_turned(table, turned == "rotate") if turned else table)
        if turned:
            story.append(PageBreak())
        story.append(Spacer(1, 6))
    signoff = right if signoff_right else body
    story.append(Paragraph(html.escape(data.unit), signoff))
    story.append(Paragraph(html.escape(report.date), signoff))
    on_page = _upright if page_marks is None else page_marks.draw(font)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm).build(
        story, onFirstPage=on_page, onLaterPages=on_page
    )
    if landscape_three == "rotate":
        # reportlab gives a page marked /Rotate 90 the media box turned (the page as shown is
        # A4 portrait); Word's is the paper's, A4 portrait, shown landscape. Same length: the
        # file's offsets hold.
        data = path.read_bytes()
        turned = b"/MediaBox [ 0 0 841.8898 595.2756 ]"
        assert turned in data
        path.write_bytes(data.replace(turned, b"/MediaBox [ 0 0 595.2756 841.8898 ]"))
    return path


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _rules(
    rules: str, header_rows: int, top: bool = True, bottom: bool = True
) -> list[tuple[Any, ...]]:
    """The lines of a table drawn as ``rules`` says (:func:`platypus_pdf`); a 三线表 without its
    line over it (``top``) or under it (``bottom``) where a page breaks it."""
    from reportlab.lib import colors

    if rules == "grid":
        return [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
    if rules == "rows":
        return [
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black),
        ]
    assert rules == "three", rules
    lines = [
        *([("LINEABOVE", (0, 0), (-1, 0), 1.5, colors.black)] if top else []),
        *([("LINEBELOW", (0, -1), (-1, -1), 1.5, colors.black)] if bottom else []),
    ]
    if header_rows:
        lines.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, colors.black))
    return lines


class PageMarks:
    """What a report prints on every page outside its text: ``header`` at the top (with a line
    under it across the text's width when ``header_rule``, as Word's 页眉 draws one), and
    ``footer`` at the foot, its ``{n}`` the page's number (``第 {n} 页 共 9 页``, ``— {n} —``)."""

    def __init__(self, header: str = "", footer: str = "", header_rule: bool = False) -> None:
        self.header, self.footer, self.header_rule = header, footer, header_rule

    def draw(self, font: str) -> Callable[[Any, Any], None]:
        def on_page(canvas: Any, doc: Any) -> None:
            _upright(canvas, doc)
            width, height = doc.pagesize
            canvas.saveState()
            canvas.setFont(font, 9)
            if self.header:
                canvas.drawCentredString(width / 2, height - 50, self.header)
                if self.header_rule:
                    canvas.setLineWidth(0.6)
                    canvas.line(doc.leftMargin, height - 55, width - doc.rightMargin, height - 55)
            if self.footer:
                canvas.drawCentredString(width / 2, 40, self.footer.format(n=doc.page))
            canvas.restoreState()

        return on_page


def _upright(_canvas: Any, doc: Any) -> None:
    """A new page is not turned (a table drawn by :func:`_turned` marks its own page)."""
    doc.rotation = 0  # platypus marks a page with it when the page ends


def _turned(table: Any, rotate_page: bool) -> Any:
    """``table`` drawn turned a quarter to the left on its portrait page (its top at the page's
    left edge), as a landscape section prints; with ``rotate_page`` the page is marked
    ``/Rotate 90`` so that a viewer shows it upright, as Word saves such a section."""
    from reportlab.platypus import Flowable

    class Turned(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.table_width, self.table_height = table.wrap(available_height, available_width)
            return self.table_height, self.table_width

        def draw(self) -> None:
            if rotate_page:
                self.canv._doctemplate.rotation = 90
            self.canv.translate(self.table_height, 0)
            self.canv.rotate(90)
            table.drawOn(self.canv, 0, 0)

    return Turned()


def _cell_markup(text: str) -> str:
    """A cell's text as a platypus paragraph: a line break in the text is one in the cell."""
    return "<br/>".join(html.escape(line) for line in text.split("\n"))


def cid_font_pdf(path: Path) -> Path:
    """A 2021 report set in STSong-Light (a font the file does not embed)."""
    return platypus_pdf(path, load(example_2021_file(path.parent, path.stem + ".json")))


def text_table_pdf(
    path: Path,
    doc: ValuesDocument,
    figures_last: bool = False,
    units: bool = True,
    page_break: tuple[int, int] | None = None,
) -> Path:
    """The 2014 table set as text in columns, without a single line drawn (a rule-less table),
    after the title and a paragraph; the bundled font (embedded, Identity-H). A long label
    wraps onto a second line, its unit and figure beside the first line, or beside the second
    with ``figures_last`` (the cell's text set to its bottom). Without ``units`` the table has
    no 单位 column (统计指标 | 统计数, as many published 2014-format tables are printed).
    ``page_break``: (row, line): the page also broken before that line (0 or, for a wrapped
    label, 1) of that row of the table (its header row 0), as it falls at a page's foot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from govreport_gui.core.layout.report_pdf import report_fonts

    fonts = report_fonts()
    font = fonts.body
    report, _ = report_of(doc)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 60
    pdf.setFont(font, 16)
    pdf.drawCentredString(A4[0] / 2, y, report.title)
    y -= 40
    pdf.setFont(font, 10.5)
    pdf.drawString(90, y, "本年度政府信息公开情况统计如下。")
    y -= 30
    grid = grids(doc.form, doc.values)[0]
    columns = (70, 380, 470)  # label, unit, figure
    for r, row in enumerate(grid.rows):
        texts = [t for t in row if t is not None]
        if r in grid.blocks:
            continue
        label, unit, figure = [*texts, "", "", ""][:3]
        if r not in grid.header:
            label = (grid.labels[r] or label).replace("\n", "")
        lines = [label]
        if len(label) > WRAP_LABEL:  # a long label (with its note) wraps onto the next line
            lines = [label[:WRAP_LABEL], label[WRAP_LABEL:]]
        beside = len(lines) - 1 if figures_last else 0
        for n, text in enumerate(lines):
            if y < 60 or page_break == (r, n):
                pdf.showPage()
                pdf.setFont(font, 10.5)
                y = A4[1] - 60
            pdf.drawString(columns[0], y, text)
            if n == beside:
                if units:
                    pdf.drawString(columns[1], y, unit)
                if figure:
                    pdf.drawRightString(columns[2] + 40, y, figure)
            y -= 16
    pdf.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scan': a page with shapes only (a grey rectangle and lines), no text at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFillGray(0.8)
    pdf.rect(50, 50, A4[0] - 100, A4[1] - 100, fill=1)
    for y in range(100, 700, 20):
        pdf.line(80, y, 500, y)
    pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(
        str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0, strength=128)
    )
    pdf.drawString(72, 720, "2022 report")
    pdf.save()
    return path


# -- web pages of other layouts ----------------------------------------------------------------


def cms_html(
    path: Path,
    doc: ValuesDocument,
    *,
    encoding: str = "gbk",
    nested: bool = True,
    full_width: bool = False,
    repeat_merged: bool = False,
    na: str = "—",
    six_as_2019: bool = False,
    official: bool = False,
    change: Change | None = None,
    headings: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Path:
    """A report page as an old content system publishes it: ``<meta charset=gb2312>`` and the
    bytes in ``encoding``, the report inside layout tables (``nested``), paragraphs as
    ``<p>&nbsp;&nbsp;…`` with ``<font>``, headings in ``<strong>``, figures in full-width digits
    (``full_width``), merged header cells written out with their text repeated in each
    (``repeat_merged``) or as ``colspan``/``rowspan``; labels broken by ``<br>``; no ``<thead>``;
    the tables changed by ``change`` (:func:`tables_of`); ``headings``: a section's heading as
    the page prints it, by section id; ``texts`` as :func:`report_of` takes them."""
    report, data = report_of(doc, texts)
    out: list[str] = []
    charset = "gb2312" if encoding in ("gbk", "gb18030", "gb2312") else encoding
    out.append(
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>年度报告</title><script>document.write('<p>广告</p>')</script>"
        "<style>p{font-size:14px}</style></head><body>"
    )
    if nested:
        out.append('<table width="100%"><tr><td class="nav">首页 &gt; 政务公开</td></tr><tr><td>')
        out.append('<table width="760" align="center"><tr><td id="content">')
    out.append(
        f'<div align="center"><font size="5"><b>{html.escape(report.title)}</b></font></div>'
    )
    tables = tables_of(doc, na, official, change)
    for section in report.sections:
        if section.heading:
            shown = printed_heading(section, headings)
            out.append(f"<p><strong>{html.escape(shown)}</strong></p>")
        for paragraph in (p for p in section.text.split("\n") if p.strip()):
            out.append(
                f'<p>&nbsp;&nbsp;&nbsp;&nbsp;<font face="仿宋">{html.escape(paragraph)}</font></p>'
            )
        if section.kind != TABLE:
            continue
        grid = tables.get(section.heading) or next(iter(tables.values()))
        if six_as_2019 and section.heading.startswith("三"):
            single_six(grid)
        out.append(_html_table(grid, full_width, repeat_merged))
    out.append(f'<p align="right">{html.escape(data.unit)}<br>{html.escape(report.date)}</p>')
    if nested:
        out.append("</td></tr></table></td></tr><tr><td>版权所有：示例县人民政府</td></tr></table>")
    out.append("</body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


# A real portal's frame around the report (a county government's site on a TRS-like content
# system, as 浏览器“另存为” saves it): the site's name and menus, a search box, the breadcrumb, the
# 政府信息公开 metadata table above the title, the meta line under it, share / print / close links,
# the related items and the footer with 主办单位, 网站标识码, ICP and 公安 备案号.
PORTAL_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="SiteName" content="示例县人民政府" />
<meta name="ArticleTitle" content="{title}" />
<title>{title}_示例县人民政府</title>
<link href="../../../images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../../js/jquery-1.8.3.min.js"></script>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计代码</p>");</script>
<style type="text/css">.TRS_Editor P{{margin-top:0;margin-bottom:12px;line-height:2;font-size:12pt;}}</style>
</head>
<body>
<div class="top"><div class="wrap"><span class="fl">今天是：<script>document.write(new Date())</script>
</span><span class="fr"><a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍浏览</a> |
<a href="#">长者模式</a> | <a href="#">English</a></span></div></div>
<div class="header"><div class="wrap"><a href="../../../"><img src="../../../images/logo.png"
 alt="示例县人民政府" /></a><div class="search"><form action="/search"><input type="text" name="q"
 value="请输入关键字" /><button type="submit">搜索</button></form></div></div></div>
<div class="nav"><ul><li><a href="#">首页</a></li><li><a href="#">走进示例</a></li>
<li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li>
<li><a href="#">专题专栏</a></li></ul></div>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="240" valign="top" class="left"><div class="lm_title">政府信息公开</div><ul>
<li><a href="#">政府信息公开指南</a></li><li><a href="#">政府信息公开制度</a></li>
<li><a href="#">法定主动公开内容</a></li><li><a href="#">政府信息公开年报</a></li></ul></td>
<td width="760" valign="top">
<div class="position">当前位置：<a href="#">首页</a>&nbsp;&gt;&nbsp;<a href="#">政务公开</a>&nbsp;&gt;&nbsp;<a
 href="#">政府信息公开年报</a></div>
"""
PORTAL_METADATA = """<table class="xxgk_table" width="100%" border="1" cellspacing="0" cellpadding="0">
<tr><td width="15%">索&nbsp;引&nbsp;号：</td><td width="35%">11530000MB0P12345X/2023-00012</td>
<td width="15%">发布机构：</td><td>{unit}</td></tr>
<tr><td>公开日期：</td><td>2023-01-20</td><td>主题分类：</td><td>政务公开</td></tr>
<tr><td>名&nbsp;&nbsp;&nbsp;&nbsp;称：</td><td colspan="3">{title}</td></tr>
<tr><td>文&nbsp;&nbsp;&nbsp;&nbsp;号：</td><td></td><td>有&nbsp;效&nbsp;性：</td><td>有效</td></tr>
</table>
"""
PORTAL_TITLE = """<div class="article"><div class="title">{title}</div>
<div class="info">来源：{unit}&nbsp;&nbsp;&nbsp;发布时间：2023-01-20 10:30&nbsp;&nbsp;&nbsp;浏览次数：<span
 id="hits">123</span>&nbsp;&nbsp;&nbsp;字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
"""
PORTAL_FOOT = """</div></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】&nbsp;【<a
 href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><p>上一篇：<a href="#">示例县人民政府办公室2021年政府信息公开工作年度报告</a></p>
<p>下一篇：<a href="#">示例县财政局2022年政府信息公开工作年度报告</a></p></div>
</div></td></tr></table>
<div class="footer"><div class="wrap">
<p>主办单位：示例县人民政府办公室&nbsp;&nbsp;承办单位：示例县大数据中心</p>
<p>网站标识码：5325000001&nbsp;&nbsp;<a href="#">滇ICP备12345678号-1</a>&nbsp;&nbsp;<img
 src="../../../images/ga.png" />滇公网安备 53250002000123号</p>
<p><a href="#">联系我们</a> | <a href="#">网站地图</a> | <a href="#">隐私声明</a></p>
<p>地址：示例县示例路1号&nbsp;&nbsp;邮编：650000&nbsp;&nbsp;电话：0871-12345678</p>
</div></div>
<script type="text/javascript">document.getElementById("hits").innerHTML = "124";</script>
</body></html>
"""


def portal_html(
    path: Path,
    doc: ValuesDocument,
    *,
    figure: Callable[[str], str] | None = None,
    metadata: bool = True,
    divs: bool = False,
    repeat_title: bool = False,
    closing_first: bool = False,
) -> Path:
    """The report as a county portal publishes it and a browser saves it (另存为): inside the
    site's frame (:data:`PORTAL_HEAD` … :data:`PORTAL_FOOT`), ``<meta http-equiv>`` charset
    gb2312 and the bytes in GBK, the 索引号 table above the title (``metadata``), headings as bold
    ``<p>``, paragraphs as ``<p style=…>`` with ``&nbsp;`` indents — or all of the text in one
    ``<div>`` with ``<br>`` between paragraphs (``divs``) —, the tables with rowspan/colspan and
    ``<br>`` in long labels, each figure printed as ``figure`` writes it, the 落款 set right
    (before the statistics table of a 2014 report, its 附件, with ``closing_first``); the
    title printed again as the report's first line (``repeat_title``)."""
    report, data = report_of(doc)
    title = html.escape(report.title)
    unit = html.escape(data.unit)
    out = [PORTAL_HEAD.format(charset="gb2312", title=title)]
    if metadata:
        out.append(PORTAL_METADATA.format(unit=unit, title=title))
    out.append(PORTAL_TITLE.format(title=title, unit=unit))
    tables = tables_of(doc, "", False, None)
    closing = [
        f'<p style="text-align:right">{unit}</p>',
        f'<p style="text-align:right">{html.escape(report.date)}</p>',
    ]
    lines: list[str] = [f"<strong>{title}</strong>"] if repeat_title else []
    for section in report.sections:
        if closing_first and section.kind == TABLE:
            lines.extend(closing)
            closing = []
        if section.heading:
            lines.append(f"<strong>{html.escape(section.heading)}</strong>")
        lines.extend(
            f"&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(p)}" for p in section.text.split("\n") if p
        )
        if section.kind == TABLE:
            grid = tables.get(section.heading) or next(iter(tables.values()))
            lines.append(_html_table(grid, False, False, figure))
    if divs:
        out.append('<div style="font-family:仿宋_GB2312;font-size:16pt">')
        out.append("<br />\n".join(lines))
        out.append("</div>")
    else:
        style = 'style="text-indent:2em;line-height:28pt;font-family:仿宋_GB2312"'
        out.extend(
            line if line.startswith(("<table", "<p ")) else f"<p {style}>{line}</p>"
            for line in lines
        )
    out.extend(closing)
    out.append(PORTAL_FOOT)
    path.write_bytes("\n".join(out).encode("gbk"))
    return path


def printed_heading(section: ReportSection, headings: Mapping[str, str] | None) -> str:
    """The heading a report prints for ``section``: its own, or the one ``headings`` gives it."""
    return (headings or {}).get(section.id, section.heading)


def _html_table(
    grid: Grid,
    full_width: bool,
    repeat_merged: bool,
    figure: Callable[[str], str] | None = None,
) -> str:
    """``grid`` as an HTML table; ``figure`` rewrites each body cell's text (a figure, or the
    blank mark) as a page prints it."""
    covered: dict[tuple[int, int], Span] = {}
    for span in grid.spans:
        for r in range(span.row, span.row + span.rowspan):
            for c in range(span.col, span.col + span.colspan):
                covered[(r, c)] = span
    lines = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">']
    for r, row in enumerate(grid.rows):
        cells = []
        for c, text in enumerate(row):
            span = covered.get((r, c))
            shown = text
            # unmerged: a group heading (申请人情况, 法人或其他组织) written in each of its columns
            unmerge = repeat_merged and span is not None and span.role in ("group", "stub")
            if span is not None and (span.row, span.col) != (r, c):
                if not unmerge:
                    continue
                shown = span.text if span.row == r else ""
            attrs = ""
            if span is not None and not unmerge and (span.row, span.col) == (r, c):
                attrs = f' colspan="{span.colspan}" rowspan="{span.rowspan}"'
            body = r not in grid.header and c >= grid.stub_cols
            value = html.escape(figure(shown) if figure is not None and body else shown)
            if full_width and r not in grid.header and c:
                value = value.translate(FULL_WIDTH)
            if len(value) > 8 and c == 0:
                value = value[:8] + "<br>" + value[8:]  # a long label broken by hand
            cells.append(f'<td{attrs}><p align="center"><span>{value or "&nbsp;"}</span></p></td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


# -- Word of another layout --------------------------------------------------------------------


def official_docx(
    path: Path,
    doc: ValuesDocument,
    na: str = "/",
    change: Change | None = None,
    headings: Mapping[str, str] | None = None,
    texts: Mapping[str, str] | None = None,
) -> Path:
    """A Word report as an office types it from the official template: plain paragraphs, table 三
    with its labels in three columns merged down (python-docx's merges: gridSpan and vMerge),
    blank cells as ``na``, the tables changed by ``change`` (:func:`tables_of`); a line break in a
    cell's text is a line break in the cell; ``headings`` and ``texts`` as :func:`cms_html`
    takes them."""
    import docx

    report, data = report_of(doc, texts)
    document = docx.Document()
    document.add_paragraph(report.title)
    tables = tables_of(doc, na, True, change)
    for section in report.sections:
        if section.heading:
            document.add_paragraph(printed_heading(section, headings))
        for paragraph in (p for p in section.text.split("\n") if p.strip()):
            document.add_paragraph(paragraph)
        if section.kind != TABLE:
            continue
        grid = tables.get(section.heading) or next(iter(tables.values()))
        table = document.add_table(rows=len(grid.rows), cols=grid.ncols)
        table.style = "Table Grid"
        for r, row in enumerate(grid.rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for span in grid.spans:
            last = table.cell(span.row + span.rowspan - 1, span.col + span.colspan - 1)
            table.cell(span.row, span.col).merge(last)
    document.add_paragraph(data.unit)
    document.add_paragraph(report.date)
    document.save(str(path))
    return path


def restricted_pdf(path: Path, title: str) -> Path:
    """A PDF that opens without a password but forbids copying and printing (an owner password
    only), its text in the bundled font: such a file is read."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    from govreport_gui.core.layout.report_pdf import report_fonts

    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0, canPrint=0)
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.setFont(report_fonts().body, 14)
    pdf.drawString(72, 720, title)
    pdf.save()
    return path


def rewrite_once(path: Path, old: str, new: str) -> None:
    """``path``'s text with ``old`` replaced by ``new``, which must stand there exactly once (a
    cell of our own web page written as another office's page has it)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
