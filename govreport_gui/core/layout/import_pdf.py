"""Reading a published annual report from a PDF with a text layer (issue 17): paragraphs and tables.

A report as published on a website is often only a PDF. Its text layer becomes the same
:data:`~govreport_gui.core.layout.import_docx.Block` list the Word import reads, so the title, the
sections and the figures are placed by the same code (:func:`~.import_docx.read_report`, the Excel
import's row matcher for the tables):

* tables with rulings are found by pdfplumber (``find_tables``, lines strategy) and their cells
  laid out on a grid with a merged cell's text in its first column, as Word's merged cells are;
  a cell's text wrapped over lines is joined (Chinese wraps anywhere, so without a space); a
  figure wrapped in a narrow cell (``10`` over ``37``) is one figure when each line but the last
  fills the cell, else its lines stay lines and the cell is named (:func:`_figure_lines`);
* a table ruled with horizontal lines only (a line under each row, a 三线表) is read from its
  rules and its text (:mod:`.pdf_row_rules`); one without rulings (figures set in columns with
  spaces) from the text's alignment: its columns are where the figures stand
  (:mod:`.pdf_text_table`);
* a page whose text is mostly drawn a quarter turn (a landscape table printed on a portrait page
  without ``/Rotate``) is read turned upright (:func:`_upright`); pdfminer turns a page marked
  ``/Rotate`` by itself;
* the title's lines at the top (centred, in a font larger than the text's) are one paragraph,
  however the title is broken (:meth:`_Builder._title_lines`);
* text lines outside the tables are joined into paragraphs: a line that runs to the right margin
  goes on in the next one unless that one is indented; page numbers (``— 1 —``, ``第1页``, and
  the page-number fields' ``第3页 共9页``, ``共9页 第3页``, ``第3页（共9页）``) are dropped; a
  paragraph is marked as a heading by the PDF's bookmarks, else by a font or size of its own
  (:mod:`.pdf_headings`);
* a ruled table continued on the next page (the same left and right edges, nothing between) is
  one table: its parts are laid on one grid made of all their column edges, so a part whose page
  draws no line between two columns lines up with the rest (:func:`_grid`); a table without
  vertical rules broken by a page has its start at the page's foot (a header, a row or two, a
  label's first line) read with the next page's first lines, and the rest of a table from the
  page before read as its rows however few (:mod:`.pdf_page_breaks`); a running header set
  apart at a page's top is no row of the table under it.

A PDF is hostile input: at most 50 MB and 200 pages, at most 200,000 characters on a page, and at
most 60 s of reading (checked after each page); pdfminer's many exception types for a damaged or
crafted file become one :class:`PdfImportError` with a Chinese message. A PDF without a text layer
(a scan) is refused with what to do instead (OCR is not in scope); so is one that needs a
password, and one whose fonts carry no Unicode mapping (the text reads as ``(cid:…)``).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import logging
import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govreport_gui.core.layout.cell_marks import marked
from govreport_gui.core.layout.import_docx import (
    Block,
    DocxImportError,
    Paragraph,
    WordTable,
)
from govreport_gui.core.layout.import_xlsx import technical_detail
from govreport_gui.core.layout.pdf_headings import char_look, outline_levels, with_marks
from govreport_gui.core.layout.pdf_page_breaks import FootStart, page_foot, split_after_foot
from govreport_gui.core.layout.pdf_row_rules import Rule, split_tables
from govreport_gui.core.layout.pdf_text_table import (
    TextLine,
    Word,
    join_lines,
    label_over_page,
    on_one_grid,
)
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.regular_file import (
    UnreadableFileError,
    open_regular,
    read_head,
    size_problem,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200  # a year's report is 5 to 30 pages
MAX_PAGE_CHARS = 200_000  # a dense A4 page holds about 3,000
MAX_SECONDS = 60.0  # a crafted content stream can make pdfminer slow; checked after each page
MAX_TABLE_ROWS = 5000
MAX_COLS = 200
MAX_PARAGRAPHS = 20_000

ASK_FOR_ORIGINAL = (
    "请向发布单位索取报告的 Word 原稿（.docx），或从其网站保存报告的网页（.html），再导入。"
)


class PdfImportError(DocxImportError):
    """The PDF is refused; ``problems`` lists every reason (Chinese)."""


def _refuse(*problems: str) -> PdfImportError:
    return PdfImportError(list(problems))


def check_pdf(path: Path) -> None:
    """Refuse what is not a reasonably sized PDF before pdfminer parses anything."""
    try:
        size, head = read_head(path, 1024, " PDF 文件")
    except UnreadableFileError as exc:
        raise _refuse(exc.message) from None
    problem = size_problem(size, MAX_FILE_BYTES, path, "一份年度报告")
    if problem:
        raise _refuse(problem)
    if b"%PDF-" not in head:  # the header may follow some junk, as readers allow
        if head.startswith(b"PK\x03\x04"):
            raise _refuse(
                f"这不是 PDF 文件，而是一个压缩包（可能是 Word 文档或 Excel 工作簿）：{path}"
            )
        raise _refuse(f"这不是 PDF 文件（文件头不是“%PDF”），可能已损坏或扩展名有误：{path}")


# ---------------------------------------------------------------------------------------------
# Reading


def read_pdf_blocks(path: Path) -> list[Block]:
    """The text layer of the PDF at ``path`` as paragraphs and tables, in reading order.

    Raises :class:`PdfImportError`."""
    check_pdf(path)
    try:
        with open_regular(path) as handle:
            return _read(handle, path)
    except PdfImportError:
        raise
    except OSError as exc:
        raise _refuse(f"无法读取文件 {path}：{describe_os_error(exc)}") from None


# pdfminer and pdfplumber log what they meet in a damaged file (“Data-loss while decompressing
# corrupted data”, “Could not get FontBBox”): with no logging set up, Python prints those English
# lines on the console. The file is judged by what can be read of it, and a refusal is ours.
QUIET_LOGGERS = ("pdfminer", "pdfplumber")


def _read(handle: Any, path: Path) -> list[Block]:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_pages(handle, path)


def _read_pages(handle: Any, path: Path) -> list[Block]:
    import pdfplumber

    started = time.monotonic()
    try:
        pdf = pdfplumber.open(handle)
    except Exception as exc:  # pdfminer raises many kinds; pdfplumber wraps some of them
        raise _damaged(exc, path) from None
    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _damaged(exc, path) from None
        if len(pages) > MAX_PAGES:
            raise _refuse(
                f"PDF 共 {len(pages)} 页，超过 {MAX_PAGES} 页，不像是一份年度报告，未读取：{path}"
            )
        builder = _Builder(path)
        builder.outline = outline_levels(pdf)
        for page in pages:
            upright = page
            try:
                upright = _upright(page)
                _read_page(upright, builder)
            except PdfImportError:
                raise
            except Exception as exc:  # RecursionError too: a deeply nested crafted object
                raise _damaged(exc, path, page.page_number) from None
            finally:
                for parsed in {id(page): page, id(upright): upright}.values():
                    with contextlib.suppress(Exception):
                        parsed.close()  # its parsed objects: a long report would hold them all
            if time.monotonic() - started > MAX_SECONDS:
                raise _refuse(
                    f"读取 PDF 超过 {int(MAX_SECONDS)} 秒（读到第 {page.page_number} 页）"
                    f"仍未完成，文件可能是恶意构造的，已停止：{path}\n{ASK_FOR_ORIGINAL}"
                )
    finally:
        # pdfplumber's close walks the pages again: a damaged page tree fails there too
        with contextlib.suppress(Exception):
            pdf.close()
    return builder.finish()


def _damaged(exc: BaseException, path: Path, page: int | None = None) -> PdfImportError:
    names = {type(e).__name__ for e in _chain(exc)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return _refuse(
            f"PDF 设有密码或加密，无法读取：{path}\n"
            "请用设置密码的软件取消密码后另存一份，或" + ASK_FOR_ORIGINAL
        )
    where = f"第 {page} 页" if page else "文件结构"
    # pdfplumber wraps pdfminer's error: name the one that says what was wrong
    cause = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Exception) else exc
    return _refuse(
        f"PDF 已损坏或格式不规范，{where}无法读取：{path}\n"
        f"{ASK_FOR_ORIGINAL}{technical_detail(cause)}"
    )


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(found) < 10:
        found.append(current)
        found.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        current = current.__cause__ or current.__context__
    return found


# ---------------------------------------------------------------------------------------------
# One page


# A character drawn turned (its text matrix rotates or shears) is a watermark laid across the page
# (草稿（未签发）, 样本), or a seal's ring of text: not the report's lines, whose characters would
# otherwise land in table cells (“发830”) and paragraphs. Taken out only while they are a minority
# of the page, so that a page set wholly turned (a landscape table) is still read.
SLANT = 1e-3
SLANTED_SHARE = 0.3
EDGE_BAND = 0.1  # of the page's height: where running headers and footers stand
EDGE_SLACK = 3.0  # points: the same place on two pages


def _slanted(obj: dict[str, Any]) -> bool:
    matrix = obj.get("matrix")
    return (
        obj.get("object_type") == "char"
        and matrix is not None
        and (abs(matrix[1]) > SLANT or abs(matrix[2]) > SLANT)
    )


def _without_slanted_text(page: Any) -> Any:
    chars = page.chars
    slanted = sum(1 for c in chars if _slanted(c))
    if not slanted or slanted > SLANTED_SHARE * len(chars):
        return page
    return page.filter(lambda obj: not _slanted(obj))


# A page whose text is mostly drawn a quarter turn (a landscape table printed on a portrait page
# without marking the page turned, /Rotate) is read as if it were marked: its lines come upright.
TURNED_SHARE = 0.5


def _quarter_turn(obj: dict[str, Any]) -> int:
    """90 for a character drawn turned left (its text runs up the page), 270 turned right (down
    the page), 0 else: what a page's /Rotate would need to be to show it upright."""
    matrix = obj.get("matrix")
    if matrix is None or abs(matrix[0]) > SLANT or abs(matrix[3]) > SLANT:
        return 0
    if matrix[1] > SLANT and matrix[2] < -SLANT:
        return 90
    if matrix[1] < -SLANT and matrix[2] > SLANT:
        return 270
    return 0


def _upright(page: Any) -> Any:
    """``page``, or when most of its text is drawn a quarter turn, the page read again turned
    (pdfminer turns what it reads by the page's /Rotate: the text comes upright, the table's
    rows rows again). Its few characters drawn otherwise are then turned: left out as a
    watermark's are (:func:`_without_slanted_text`)."""
    chars = page.chars
    turns = Counter(_quarter_turn(c) for c in chars)
    turns.pop(0, None)
    if not turns:
        return page
    turn, count = turns.most_common(1)[0]
    if count <= TURNED_SHARE * len(chars):
        return page
    from pdfplumber.page import Page

    obj = page.page_obj
    rotate = (obj.rotate + turn) % 360
    obj.attrs = {**obj.attrs, "Rotate": rotate}  # what pdfplumber reads the page's size by
    obj.rotate = rotate  # what pdfminer turns the page's content by
    return Page(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def _read_page(page: Any, builder: _Builder) -> None:
    page = _without_slanted_text(page)
    chars = page.chars
    if len(chars) > MAX_PAGE_CHARS:
        raise _refuse(
            f"PDF 第 {page.page_number} 页有 {len(chars)} 个字符，超过 {MAX_PAGE_CHARS} 个，"
            f"不像是年度报告的一页，未读取：{builder.path}"
        )
    builder.chars += len(chars)
    builder.cid_chars += sum(1 for c in chars if c.get("text", "").startswith("(cid:"))
    builder.image_pages += bool(page.images)
    if not chars:
        return
    tables = page.find_tables()
    inside = _hung_marks_inside(page, [cell for t in tables for cell in t.cells if cell])
    if inside is not page:
        page, tables = inside, inside.find_tables()  # the same rulings, the marks moved
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, RuledTable | list[TextLine]]] = []
    for table in tables:
        texts = table.extract()
        rows = [
            [
                (box[0], box[2], _cell_text(text, box, page))
                for box, text in zip(row.cells, texts[n], strict=False)
                if box is not None
            ]
            for n, row in enumerate(table.rows)
        ]
        items.append((table.bbox[1], RuledTable(table.bbox[0], table.bbox[2], rows)))

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    lines = _text_lines(rest)
    rules = _rules(page, boxes)
    builder.running_lines(lines, page.height)
    builder.margins(lines, boxes)
    # The text between two ruled tables (or before the first, after the last) in its own run, so
    # the reading order of paragraphs and tables is kept by their place on the page.
    for top, run in _runs(lines, [b[1] for b in boxes]):
        items.append((top, run))
    items.sort(key=lambda item: item[0])
    runs = [item for _, item in items]
    continued = builder.open_table  # the last page ended inside a table: this one goes on with it
    blocks: list[WordTable | RuledTable | list[TextLine]] = []
    last_run: list[TextLine] = []  # the lines the page's last blocks were read from
    if builder.foot is not None:
        blocks, last_run, runs = _after_foot(builder.foot, runs, rules)
    for n, item in enumerate(runs):
        if isinstance(item, list):
            last = n == len(runs) - 1  # a table at its end may be cut by the page
            blocks.extend(split_tables(item, rules, continued and n == 0, page_end=last))
            last_run = item
        else:
            blocks.append(item)
            last_run = []
    if continued and blocks and isinstance(blocks[0], WordTable):
        blocks = builder.label_over_page(blocks)
    blocks, foot = page_foot(blocks, rules, last_run)  # read with the next page's lines
    for block in blocks:
        builder.add(block)
    builder.foot = foot
    builder.open_table = foot is None and bool(blocks) and isinstance(blocks[-1], WordTable)


def _after_foot(
    foot: FootStart, runs: list[RuledTable | list[TextLine]], rules: Sequence[Rule]
) -> tuple[list[Any], list[TextLine], list[RuledTable | list[TextLine]]]:
    """The start of a table at the previous page's foot read with the page's first lines when
    they go on with it (the rest of its table), else on its own: its blocks, the lines they
    were read from, and the page's runs left to read."""
    first = runs[0] if runs and isinstance(runs[0], list) else []
    joined = split_after_foot(foot, first, rules, page_end=len(runs) == 1)
    if joined is None:
        return list(split_tables(foot.lines, foot.rules, page_end=True)), foot.lines, runs
    blocks, lines = joined
    return list(blocks), lines, runs[1:]


# Marks that may not start a line hang past its end when a line is set full (标点悬挂: Word's
# 允许标点溢出边界, reportlab's CJK wrap of our exports): in a ruled cell, past its right edge. Their
# ink lies in the left of their box, inside the cell, but pdfplumber gives a character to the cell
# its box's middle lies in: the next one (“缴纳费用” in one, “、987654321” in the next).
HANGING_MARKS = "、。，．：；？！”’）》〉」』】〕"


def _hung_marks_inside(page: Any, cells: Sequence[tuple[float, ...]]) -> Any:
    """``page`` with each mark hanging past a ruled cell's right edge moved back into the cell,
    as far as it hangs (the same page when none hangs)."""
    # The cells by their right edge, each edge's cells by their top: a mark is looked up in a
    # few of them, however many characters and cells a crafted page has.
    by_edge: dict[float, list[tuple[float, float]]] = {}
    for cell in cells:
        by_edge.setdefault(cell[2], []).append((cell[1], cell[3]))
    edges = sorted(by_edge)
    for spans in by_edge.values():
        spans.sort()
    chars: list[dict[str, Any]] = []
    moved = False
    for char in page.chars:
        edge = _hung_over(char, edges, by_edge) if char.get("text") in HANGING_MARKS else None
        if edge is None:
            chars.append(char)
            continue
        back = (char["x0"] + char["x1"]) / 2 - edge + 0.5
        chars.append({**char, "x0": char["x0"] - back, "x1": char["x1"] - back})
        moved = True
    if not moved:
        return page
    from pdfplumber.page import DerivedPage

    class MarksMoved(DerivedPage):
        def __init__(self, parent: Any) -> None:
            self.bbox = parent.bbox
            super().__init__(parent)

        @property
        def objects(self) -> dict[str, list[dict[str, Any]]]:
            return {**self.parent_page.objects, "char": chars}

    return MarksMoved(page)


HUNG_EDGES = 4  # right edges of cells looked at under one mark (a crafted page may draw many)


def _hung_over(
    char: dict[str, Any], edges: list[float], by_edge: dict[float, list[tuple[float, float]]]
) -> float | None:
    """The right edge of the cell ``char`` hangs past: its box begins in the cell and its
    middle lies beyond the edge (None when it hangs past none)."""
    middle = (char["x0"] + char["x1"]) / 2
    height = (char["top"] + char["bottom"]) / 2
    first = bisect.bisect_right(edges, char["x0"])
    for edge in edges[first : bisect.bisect_left(edges, middle)][:HUNG_EDGES]:
        spans = by_edge[edge]
        below = bisect.bisect_right(spans, (height, math.inf)) - 1
        if below >= 0 and spans[below][0] <= height <= spans[below][1]:
            return edge
    return None


MIN_RULE = 20.0  # points: a shorter horizontal line is no rule of a table (an underline)


def _rules(page: Any, boxes: Sequence[tuple[float, ...]]) -> list[Rule]:
    """The page's horizontal lines outside its ruled tables, long enough to rule a table."""

    def ruled_table(edge: dict[str, Any]) -> bool:
        y = edge["top"]
        return any(
            b[0] - 1 <= edge["x0"] and edge["x1"] <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1
            for b in boxes
        )

    return [
        Rule(edge["x0"], edge["x1"], edge["top"])
        for edge in page.horizontal_edges
        if edge["x1"] - edge["x0"] >= MIN_RULE and not ruled_table(edge)
    ]


@dataclass
class RuledTable:
    """A ruled table of one page: its cells with their left and right edges, row by row (a cell
    merged down from the row above is not there). Laid on a grid at the end, with the tables it
    continues on the next pages (:func:`_grid`)."""

    left: float
    right: float
    rows: list[list[tuple[float, float, str | None]]]


# Points: one column's edge drawn on two pages. pdfplumber moves a vertical line to another within
# its snap_tolerance (3 pt) on the same page: table 三's edge under a nearby one of table 二's.
EDGE_TOLERANCE = 4.0


def _grid(parts: Sequence[RuledTable]) -> list[tuple[str | None, ...]]:
    """The rows of a table (its parts on successive pages) on one grid of columns: the column
    edges of all the parts together, so that a part whose page shows no line between two columns
    (the header above table 三's three label columns) lines up with the others, and a merged
    cell's text stands in its first column, as Word's merged cells are read."""
    xs = sorted(x for part in parts for row in part.rows for cell in row for x in cell[:2])
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > EDGE_TOLERANCE:
            edges.append(x)

    def column(x: float) -> int:
        return min(range(len(edges)), key=lambda n: abs(edges[n] - x))

    width = max(len(edges) - 1, 1)
    out: list[tuple[str | None, ...]] = []
    for part in parts:
        for row in part.rows:
            cells: list[str | None] = [None] * width
            for x0, _x1, text in row:
                cells[min(column(x0), width - 1)] = text
            out.append(tuple(cells))
    return out


def _text_lines(page: Any) -> list[TextLine]:
    """The page's lines of text, each with its words (a word: characters without a gap wider
    than about one character between them) and the line's place on the page."""
    words = page.extract_words(
        x_tolerance=1.5,
        y_tolerance=2,
        keep_blank_chars=True,
        use_text_flow=False,
        return_chars=True,
    )
    lines: list[TextLine] = []
    for raw in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        text = raw["text"].strip()
        if not text:
            continue
        if _FIGURE_PART.fullmatch(text):  # a figure of a table without vertical rules, marked
            text = _marked(text, raw.get("chars", []), page)
        look = char_look(raw.get("chars", []))
        word = Word(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], look)
        if lines and abs(lines[-1].top - word.top) <= 2.5:
            lines[-1].words.append(word)
        else:
            lines.append(TextLine([word], page.width))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return [line for n, line in enumerate(lines) if not _page_number(lines, n)]


def _runs(lines: list[TextLine], cuts: Sequence[float]) -> list[tuple[float, list[TextLine]]]:
    runs: list[tuple[float, list[TextLine]]] = []
    edges = sorted(cuts)
    current: list[TextLine] = []
    band = -1
    for line in lines:
        line_band = sum(1 for e in edges if e <= line.top)
        if current and line_band != band:
            runs.append((current[0].top, current))
            current = []
        band = line_band
        current.append(line)
    if current:
        runs.append((current[0].top, current))
    return runs


# — 1 —, 第1页, and the page-number fields' forms with the count: 第3页 共9页, 第3页/共9页,
# 第3页（共9页）, 共9页 第3页
_PAGE = r"第\s*\d{1,3}\s*页"
_PAGES = r"共\s*\d{1,3}\s*页"
_PAGE_NUMBER = re.compile(
    rf"^(?:[—–\-－]\s*\d{{1,3}}\s*[—–\-－]|{_PAGE}(?:\s*[，,/]?\s*(?:{_PAGES}|[（(]{_PAGES}[)）]))?"
    rf"|{_PAGES}\s*[，,/]?\s*{_PAGE})$"
)
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}(?:\s*/\s*\d{1,3})?$")


def _page_number(lines: Sequence[TextLine], n: int) -> bool:
    """Whether ``lines[n]`` is the page's number: ``— 1 —`` or ``第1页`` anywhere; a bare ``12`` or
    ``1/10`` only as the page's first or last line, set apart from the line next to it. A
    table's figure alone on its line (a row whose label wraps, its figure centred between the
    label's lines) stands close to them, and is no page number."""
    line = lines[n]
    if _PAGE_NUMBER.match(line.text):
        return True
    if not _BARE_PAGE_NUMBER.match(line.text) or 0 < n < len(lines) - 1:
        return False
    if len(lines) == 1:
        return True
    near = lines[1] if n == 0 else lines[n - 1]
    gap = near.top - line.bottom if n == 0 else line.top - near.bottom
    return gap >= line.height


def _cell_text(cell: str | None, box: tuple[float, ...], page: Any) -> str | None:
    if cell is None:
        return None
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    if len(lines) > 1 and all(_FIGURE_PART.fullmatch(line) for line in lines):
        return _figure_lines(lines, box, page)
    text = join_lines(lines)
    if len(lines) == 1 and _FIGURE_PART.fullmatch(text):
        return _marked_figure(text, box, page)
    return text or None


def _marked_figure(text: str, box: tuple[float, ...], page: Any) -> str:
    """A figure of a ruled cell with its digits as set (:func:`_marked`)."""
    inside = [
        c
        for c in page.chars
        if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
        and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
        and c.get("text", "").strip()
    ]
    return _marked(text, inside, page)


def _marked(text: str, chars: list[dict[str, Any]], page: Any) -> str:
    """A figure with its digits as set: one smaller and raised above the others' baseline (a
    footnote mark, ``111`` then ``¹``) or lowered below it, one a horizontal line runs through the
    middle of (struck through), marked as :mod:`.cell_marks` does. pdfplumber gives them as plain
    digits of the figure (1111, 99111). ``chars``: the figure's characters (a ruled cell's, or a
    word's of a table set without vertical rules)."""
    inside = sorted((c for c in chars if c.get("text", "").strip()), key=lambda c: c["x0"])
    if not inside or "".join(c["text"] for c in inside) != "".join(text.split()):
        return text  # the characters do not give the text: nothing to mark by
    body = max(c["size"] for c in inside)
    baseline = max(c["bottom"] for c in inside if c["size"] >= 0.95 * body)
    left, right = inside[0]["x0"], inside[-1]["x1"]
    strokes = [
        e for e in page.edges if e["orientation"] == "h" and left <= e["x1"] and e["x0"] <= right
    ]
    out = []
    for c in inside:
        small = c["size"] < 0.85 * body
        height = c["bottom"] - c["top"]
        middle = (c["x0"] + c["x1"]) / 2
        struck = any(
            e["x0"] <= middle <= e["x1"]
            and c["top"] + 0.3 * height <= e["top"] <= c["bottom"] - 0.25 * height
            for e in strokes
        )
        out.append(
            marked(
                c["text"],
                raised=small and c["bottom"] < baseline - 0.15 * body,
                lowered=small and c["bottom"] > baseline + 0.1 * body,
                struck=struck,
            )
        )
    return "".join(out)


# A line of a figure wrapped in its cell: digits with their separators (1,234,5 then 67).
_FIGURE_PART = re.compile(r"[-+−]?[0-9０-９,，.．]*[0-9０-９][0-9０-９,，.．]*")
# Room a cell keeps beside its text, each side: Word and WPS 5.4 pt (0.19 cm), reportlab 6 pt.
CELL_PADDING = 7.2


def _figure_lines(lines: list[str], box: tuple[float, ...], page: Any) -> str:
    """The lines of figures in a ruled cell as one figure when they are one wrapped: each line
    but the last fills the cell (the next character would not have fitted beside it), as Word
    and WPS wrap a number too long for a narrow column (``10`` over ``37``). Otherwise they stay
    lines (``4`` over ``5`` in a wide cell: one figure or two?), which no reader takes for a
    figure: the cell is named, never read as 45 or as 4."""
    inside = [
        c
        for c in page.chars
        if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]
        and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
        and c.get("text", "").strip()
    ]
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(inside, key=lambda c: (c["top"], c["x0"])):
        if rows and abs(rows[-1][0]["top"] - char["top"]) <= 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    texts = ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for row in rows]
    if texts != lines:
        return "\n".join(lines)
    width = box[2] - box[0]
    for row, after in itertools.pairwise(rows):
        used = max(c["x1"] for c in row) - min(c["x0"] for c in row)
        following = min(after, key=lambda c: c["x0"])
        if width - used >= 2 * CELL_PADDING + (following["x1"] - following["x0"]):
            return "\n".join(lines)
    return "".join(lines)


# ---------------------------------------------------------------------------------------------
# The blocks of the whole document


@dataclass
class _Pending:
    lines: list[str]
    right: float  # where the last line ends
    width: float  # the page's text width the last line is judged against


class _Builder:
    """Collects the pages' tables and lines in order; at the end, when the text's edges over the
    whole document are known, joins the lines into paragraphs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[WordTable | RuledTable | TextLine] = []
        self.blocks: list[Block] = []
        self.chars = 0
        self.cid_chars = 0
        self.image_pages = 0
        self.paragraphs = 0
        self.tables = 0
        self.rows = 0
        self.pending: list[str] = []
        self.pending_looks: Counter[str] = Counter()  # the pending lines' characters by look
        self.looks: dict[int, Counter[str]] = {}  # each paragraph's, by its number
        self.outline: dict[str, int] = {}  # the bookmarks' titles and levels (pdf_headings)
        self.last: TextLine | None = None  # the last line taken into ``pending``
        self.left = self.right = 0.0
        # Lines at a page's top or bottom edge, by (text, place): the same on most pages is a
        # running header or footer (草稿（未签发）, the unit's name), not the report's text.
        self.edge_lines: dict[tuple[str, int], list[TextLine]] = {}
        self.pages_with_text = 0
        self.title: set[int] = set()  # the lines (by id) that go on with the title's first
        # The start of a table at the last page's foot, read with this page's first lines
        self.foot: FootStart | None = None
        self.open_table = False  # the last page ended inside a table set without vertical rules

    def running_lines(self, lines: Sequence[TextLine], height: float) -> None:
        if not lines:
            return
        self.pages_with_text += 1
        seen: set[tuple[str, int]] = set()
        for line in lines:
            if line.top < EDGE_BAND * height or line.top + line.height > (1 - EDGE_BAND) * height:
                key = (line.text, round(line.top / EDGE_SLACK))
                if key not in seen:
                    seen.add(key)
                    self.edge_lines.setdefault(key, []).append(line)

    def _running(self) -> set[int]:
        """The lines (by id) repeated at the same edge place on at least half the pages, two at
        the least."""
        least = max(2, (self.pages_with_text + 1) // 2)
        return {
            id(line) for found in self.edge_lines.values() if len(found) >= least for line in found
        }

    def add_lines(self, lines: list[TextLine], rules: Sequence[Rule]) -> None:
        for block in split_tables(lines, rules):
            self.add(block)

    def label_over_page(self, blocks: list[Any]) -> list[Any]:
        """The page's blocks, the first a table going on with the last page's: a row's label
        wrapped over the page break is one row again (:func:`.label_over_page`)."""
        last = self.items[-1] if self.items else None
        if not isinstance(last, WordTable):
            return blocks
        last, going_on = on_one_grid(last, blocks[0])
        joined, first = label_over_page(last, going_on)
        self.items[-1] = joined
        return [first, *blocks[1:]] if first is not None else blocks[1:]

    def add(self, block: WordTable | RuledTable | list[TextLine]) -> None:
        if isinstance(block, list):
            self.items.extend(block)
            return
        self.rows += len(block.rows)
        if self.rows > MAX_TABLE_ROWS:
            raise _refuse(
                f"PDF 中的表格共超过 {MAX_TABLE_ROWS} 行，不像是一份年度报告，已停止读取：{self.path}"
            )
        if any(len(row) > MAX_COLS for row in block.rows):
            raise _refuse(
                f"PDF 中的表格超过 {MAX_COLS} 列，不像是年度报告中的表格，已停止读取：{self.path}"
            )
        self.items.append(block)

    def _table(self, rows: Sequence[tuple[str | None, ...]]) -> None:
        self._flush()
        self.tables += 1
        self.blocks.append(WordTable(self.tables, tuple(rows)))

    def margins(self, lines: list[TextLine], boxes: Sequence[tuple[float, ...]]) -> None:
        """The text's edges over the document (lines and ruled tables): a page of short lines
        has no full line of its own to tell where the text ends."""
        lefts = [line.x0 for line in lines] + [b[0] for b in boxes]
        rights = [line.x1 for line in lines] + [b[2] for b in boxes]
        if lefts:
            self.left = min(lefts) if self.right == 0 else min(self.left, *lefts)
            self.right = max(self.right, *rights)

    def _title_lines(self, running: set[int]) -> set[int]:
        """The lines (by id) that go on with the title: the document's first lines, centred in
        one font larger than its text's, are one title however it is broken (示例县人民政府 /
        办公室2022年…年度报告: the unit is not 办公室), up to the line ending in 报告 (a line under
        it, （2022年度）, is not the title's)."""
        lines = [i for i in self.items if isinstance(i, TextLine) and id(i) not in running]
        if not lines:
            return set()
        sizes = Counter(round(line.height) for line in lines)
        body = sizes.most_common(1)[0][0]
        first = lines[0]
        centre = (self.left + self.right) / 2
        joined: set[int] = set()
        text = first.text
        for item in self.items:
            if not isinstance(item, TextLine):
                break
            if id(item) in running or item is first:
                continue
            em = max(first.height, 1.0)
            if (
                text.endswith("报告")
                or first.height < 1.2 * body
                or abs(item.height - first.height) > 0.2 * em
                or abs((item.x0 + item.x1) / 2 - centre) > em
                or abs((first.x0 + first.x1) / 2 - centre) > em
            ):
                break
            joined.add(id(item))
            text += item.text
        return joined

    def _line(self, line: TextLine) -> None:
        """A line goes on with the one before when that one runs to the right edge of the text,
        this one is not indented (a new paragraph) and is of the same size (a title's second line
        runs wide in a larger font: the text under it is not its continuation); a title's lines
        are one (:meth:`_title_lines`)."""
        last = self.last
        if id(line) in self.title:
            self._pend(line)
            return
        if last is not None:
            em = max(last.height, 1.0)
            full = last.x1 >= self.right - 2.5 * em and len(last.text) > 8
            indented = line.x0 > self.left + 0.8 * max(line.height, 1.0)
            same_size = abs(line.height - last.height) <= 0.2 * em
            if not full or indented or not same_size:
                self._flush()
        self._pend(line)

    def _pend(self, line: TextLine) -> None:
        self.pending.append(line.text)
        for word in line.words:
            self.pending_looks[word.look] += len(word.text)
        self.last = line

    def _flush(self) -> None:
        if self.pending:
            self._paragraph(join_lines(self.pending))
        self.pending = []
        self.pending_looks = Counter()
        self.last = None

    def _paragraph(self, text: str) -> None:
        if not text:
            return
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise _refuse(
                f"PDF 超过 {MAX_PARAGRAPHS} 段，不像是一份年度报告，已停止读取：{self.path}"
            )
        self.blocks.append(Paragraph(self.paragraphs, text))
        self.looks[self.paragraphs] = self.pending_looks

    def finish(self) -> list[Block]:
        if self.foot is not None:  # the last page's: no page goes on with it
            self.add_lines(self.foot.lines, self.foot.rules)
            self.foot = None
        parts: list[RuledTable] = []  # a ruled table and its continuations on the next pages
        running = self._running()
        self.title = self._title_lines(running)
        for item in [*self.items, None]:
            if isinstance(item, TextLine) and id(item) in running:
                continue
            continued = (
                isinstance(item, RuledTable)
                and parts
                and abs(item.left - parts[-1].left) <= EDGE_TOLERANCE
                and abs(item.right - parts[-1].right) <= EDGE_TOLERANCE
            )
            if parts and not continued:
                self._table(_grid(parts))
                parts = []
            if isinstance(item, RuledTable):
                parts.append(item)
            elif isinstance(item, WordTable):
                self._table(item.rows)
            elif item is not None:
                self._line(item)
        self._flush()
        if self.chars == 0:
            scan = "每页只有图片，" if self.image_pages else ""
            raise _refuse(
                f"这份 PDF 没有文字层（{scan}是扫描件或图片），无法读出其中的文字和数字：{self.path}\n"
                "本程序不做文字识别（OCR）。" + ASK_FOR_ORIGINAL
            )
        if self.cid_chars > self.chars // 2:
            raise _refuse(
                f"这份 PDF 的字体没有附带文字对照表，读出的只是字形编号，无法识别文字：{self.path}\n"
                + ASK_FOR_ORIGINAL
            )
        return with_marks(self.blocks, self.looks, self.outline)
