"""The whole report as a web page for the agency's website: one self-contained UTF-8 file.

No script, no external resource (no font, image, style sheet or web address is loaded): the page
is the text and its own ``<style>``. ``<h1>`` the title, ``<h2>`` the sections, ``<p>`` the
paragraphs (a （一） lead in ``<strong class="lead">``), every table a real ``<table>`` with its
``<caption>``, the header rows in ``<thead>`` and the merged cells as ``rowspan``/``colspan`` as in
the official layout (:mod:`.grid`), row labels indented, figures right-aligned; the 落款 and a 2014
report's 统计表 as its 附件. Readable on a phone: a viewport, sizes in ``rem``/``em``, the tables in
a wrapper that scrolls sideways; and on paper (print styles). Everything from the report is
escaped: what a user typed (``<script>`` included) comes out as text.
"""

from __future__ import annotations

from pathlib import Path

from govreport_gui import __version__
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.layout.grid import (
    GridCell,
    Section,
    SectionGrid,
    display_value,
    section_grid,
)
from govreport_gui.core.layout.report import DRAFT_MARK, DRAFT_NOTE, ReportData, check_exportable
from govreport_gui.core.layout.report_layout import (
    Attachment,
    Heading,
    Para,
    ReportLayout,
    TableBlock,
    report_layout,
)
from govreport_gui.core.report.model import ReportText

STYLE = """
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 1rem; line-height: 1.8; color: #111;
  font-family: "FangSong", "仿宋", "仿宋_GB2312", "STFangsong", serif; font-size: 1.125rem; }
h1 { font-family: "方正小标宋简体", "SimSun", "宋体", "Songti SC", serif; font-weight: bold;
  font-size: 1.6rem; text-align: center; line-height: 1.5; margin: 1rem 0 1.5rem; }
h1 span { display: block; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-weight: normal;
  font-size: 1.125rem; margin: 1.2em 0 0.3em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.lead { font-family: "KaiTi", "楷体", "楷体_GB2312", "STKaiti", serif; font-weight: normal; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.8em 0; }
table { border-collapse: collapse; font-family: "SimSun", "宋体", "Songti SC", serif;
  font-size: 0.85rem; line-height: 1.4; min-width: 36rem; width: 100%; }
caption { font-family: "SimHei", "黑体", sans-serif; padding: 0.3em; }
th, td { border: 1px solid #000; padding: 0.2em 0.4em; vertical-align: middle; }
th { font-weight: normal; text-align: center; }
td.num { text-align: right; white-space: nowrap; }
td.unit, th.block { text-align: center; }
.note { display: block; font-size: 0.85em; text-align: left; }
.closing { margin-top: 3em; text-align: right; }
.closing p { text-indent: 0; text-align: right; padding-right: 4em; }
.attachment { margin-top: 3em; }
.attachment .label { font-family: "SimHei", "黑体", sans-serif; text-indent: 0; }
.attachment p.line { text-indent: 0; }
.draft { color: #c00000; text-align: right; text-indent: 0; }
@media print {
  body { max-width: none; font-size: 16pt; line-height: 28pt; padding: 0; }
  h1 { font-size: 22pt; }
  .table-wrap { overflow: visible; }
  table { font-size: 10.5pt; min-width: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .attachment { break-before: page; }
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
}
"""


def escape(text: str) -> str:
    """Text for an element or a quoted attribute: & < > " ' escaped."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def export_report_html(
    report: ReportText, data: ReportData, path: str | Path, draft_mode: bool = False
) -> Path:
    """Write the whole report as one .html file; refuses as the table exports do."""
    check_exportable(data, draft_mode)
    content = render_report_html(report, data, draft_mode).encode("utf-8")

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_export(Path(path), write, "其他程序")


def render_report_html(report: ReportText, data: ReportData, draft_mode: bool = False) -> str:
    layout = report_layout(report, data)
    title = layout.title + (f"（{DRAFT_MARK}）" if draft_mode else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="author" content="{escape(layout.unit)}">',
        f'<meta name="generator" content="govreport {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if draft_mode:
        out.append(f'<p class="draft">{escape(DRAFT_NOTE)}</p>')
    out.append(
        "<h1>" + "".join(f"<span>{escape(line)}</span>" for line in layout.title_lines) + "</h1>"
    )
    out.extend(_body(layout, data))
    for attachment in layout.attachments:
        out.extend(_attachment(attachment, data))
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _body(layout: ReportLayout, data: ReportData) -> list[str]:
    out: list[str] = []
    for block in layout.body:
        if isinstance(block, Heading):
            out.append(f"<h2>{escape(block.text)}</h2>")
        elif isinstance(block, Para):
            lead = f'<strong class="lead">{escape(block.lead)}</strong>' if block.lead else ""
            out.append(f"<p>{lead}{escape(block.text)}</p>")
        else:
            out.append(_table(block, data))
    if layout.attachment_note:
        out.append(f'<p class="attachment-note">{escape(layout.attachment_note)}</p>')
    if layout.unit or layout.date:
        out.append('<div class="closing">')
        out += [f"<p>{escape(line)}</p>" for line in (layout.unit, layout.date) if line]
        out.append("</div>")
    return out


def _attachment(attachment: Attachment, data: ReportData) -> list[str]:
    out = ['<section class="attachment">', f'<p class="label">{escape(attachment.label)}</p>']
    out.append(
        "<h1>" + "".join(f"<span>{escape(t)}</span>" for t in attachment.title_lines) + "</h1>"
    )
    out += [f'<p class="line">{escape(line)}</p>' for line in attachment.before]
    out += [_table(block, data) for block in attachment.tables]
    out += [f'<p class="line">{escape(line)}</p>' for line in attachment.after]
    out.append("</section>")
    return out


def _table(block: TableBlock, data: ReportData) -> str:
    """The block's tables: one ``<table>`` each, so that every one has its header rows in its
    ``<thead>`` (the blocks of 二 each have their own header) and its title as ``<caption>``."""
    tables = block.grid.section.tables
    if len(tables) == 1:
        return _one_table(block.grid, block.caption)
    parts = []
    for i, table in enumerate(tables):
        grid = section_grid(Section("", (table,)), data.form, data.values)
        caption = table.title if table.title and table.title != data.form.title else ""
        lead = f"{block.caption}　" if i == 0 and block.caption else ""
        parts.append(_one_table(grid, lead + caption if caption else block.caption))
    return "\n".join(parts)


def _one_table(grid: SectionGrid, caption: str) -> str:
    first, last = grid.header_rows[0] if grid.header_rows else (0, -1)
    head_rows = set(range(first, last + 1))
    by_row: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        if cell.role == "block" and cell.row < first:
            continue  # the table's title: its caption
        by_row.setdefault(cell.row, []).append(cell)
    out = ['<div class="table-wrap">', "<table>", f"<caption>{escape(caption)}</caption>"]
    out.append(_colgroup(grid))
    out.append("<thead>")
    for r in range(first, grid.nrows):
        if r == last + 1:
            out += ["</thead>", "<tbody>"]
        cells = sorted(by_row.get(r, []), key=lambda c: c.col)
        out.append("<tr>" + "".join(_cell(c, r in head_rows) for c in cells) + "</tr>")
    out.append("</tbody>" if grid.nrows > last + 1 else "</thead>")
    out += ["</table>", "</div>"]
    return "\n".join(out)


def _colgroup(grid: SectionGrid) -> str:
    total = sum(grid.col_units) or 1.0
    cols = "".join(f'<col style="width:{100 * u / total:.1f}%">' for u in grid.col_units)
    return f"<colgroup>{cols}</colgroup>"


def _cell(cell: GridCell, in_head: bool) -> str:
    span = ""
    if cell.rowspan > 1:
        span += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        span += f' colspan="{cell.colspan}"'
    if cell.role == "value":
        return f'<td class="num"{span}>{escape(display_value(cell.value))}</td>'
    if cell.role == "row_label":
        indent = cell.row_def.indent if cell.row_def else 0
        pad = f";padding-left:{0.4 + indent:.1f}em" if indent else ""
        return f'<th scope="row" style="text-align:left{pad}"{span}>{_lines(cell.text)}</th>'
    if cell.role == "unit":
        return f'<td class="unit"{span}>{escape(cell.text)}</td>'
    if cell.role == "block":
        return f'<th class="block" scope="colgroup"{span}>{escape(cell.text)}</th>'
    note = f'<span class="note">{_lines(cell.note)}</span>' if cell.note else ""
    scope = ' scope="col"' if in_head and cell.role in ("label", "group") else ""
    return f"<th{scope}{span}>{_lines(cell.text)}{note}</th>"
