"""Reading a published annual report from a saved web page (.html / .htm, issue 17).

Most agencies publish the report as a page on their website; a clerk saves it (浏览器 “另存为”).
The page becomes the same :data:`~govreport_gui.core.layout.import_docx.Block` list as a Word
document, so the title, the sections and the figures are placed by the Word import's code:

* a block element (``<p>``, ``<div>``, ``<h1>``…, ``<li>``) or a ``<br>`` ends a paragraph;
  white space is collapsed as a browser does (``&nbsp;`` indentation included); a paragraph in
  ``<h1>``–``<h6>`` is marked with its tag (:mod:`.heading_rules`: a heading, not a list item);
* a ``<table>`` that holds no other table is a table: its ``colspan``/``rowspan`` cells laid out on
  a grid with a merged cell's text in its first column, as Word's merged cells are; a ``<br>`` in a
  cell is a line break within it; a ``<caption>`` is a paragraph before it;
* a table that holds other tables is page layout (common on government sites): its cells are read
  as text, and the tables inside them as tables;
* ``<script>``, ``<style>``, ``<head>``, ``<template>`` and the like are ignored; nothing is fetched
  (no image, frame, style sheet or link is followed);
* the portal's frame around the report (menus, breadcrumb, 索引号 table, footer) is read as any
  text: :mod:`.import_docx` leaves it out, told by the report's title and 落款 (``web=True``,
  :mod:`.page_frame`).

The bytes are decoded by their byte-order mark, else as UTF-8 if they are valid UTF-8 (whatever the
page's ``<meta charset>`` says: :func:`decode_page`), else by that charset (Big5, Windows-1252,
Latin-1), else as GB18030 (the superset of GBK and GB2312). The page is hostile input: at most 20 MB, 500,000 elements, nesting beyond 500 levels
flattened, at most 20,000 table cells in all, 5,000 rows and 200 columns; a span is at most 200
columns or as many rows as the table has; markup that nothing closes runs to the page's end, read
once (:meth:`_TreeBuilder.close`). Refusals are :class:`HtmlImportError` with a Chinese message.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from govreport_gui.core.layout import docx_chunks
from govreport_gui.core.layout.cell_marks import PLAIN, Marks, marked
from govreport_gui.core.layout.import_docx import (
    TAB_TITLE,
    TITLE_LINES,
    Block,
    DocxImportError,
    Paragraph,
    WordTable,
    find_page_title,
    parse_title,
)
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.regular_file import (
    FileTooLargeError,
    UnreadableFileError,
    read_head,
    read_limited,
    size_problem,
)

MAX_FILE_BYTES = docx_chunks.MAX_BYTES  # 20 MB; a saved report page is 50 KB to 2 MB
MAX_ELEMENTS = 500_000
MAX_DEPTH = 500
MAX_CELLS = 20_000  # the 2021 form's tables have about 400 cells
MAX_TABLE_ROWS = 5000
MAX_COLS = 200
MAX_SPAN = 200
MAX_PARAGRAPHS = 20_000
# How many pieces of markup that nothing closes are read past, each ending at its ">"
# (:meth:`_TreeBuilder.close`): a page has one or two slips; a crafted one has thousands.
READ_PAST = 8


class HtmlImportError(DocxImportError):
    """The page is refused; ``problems`` lists every reason (Chinese)."""


def _refuse(*problems: str) -> HtmlImportError:
    return HtmlImportError(list(problems))


# ---------------------------------------------------------------------------------------------
# Bytes to text


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "cp936", "windows-936", "euc-cn"}


def decode_page(data: bytes) -> str:
    """The page's text: by its BOM, else as UTF-8 if it is valid UTF-8, else by its
    ``<meta charset>``, else as GB18030.

    Valid UTF-8 goes before the page's ``<meta charset>``: a page saved again in UTF-8 by an
    editor that kept its old ``charset=gbk`` line is common on government sites, and read as GBK
    it would be all mojibake (no title, no table found). The converse does not happen: Chinese in
    GBK (a lead byte 0x81–0xFE, a trail byte 0x40–0xFE) is valid UTF-8 only where every pair falls
    into UTF-8's own narrow sequences, which no page of Chinese text does. (A page of ASCII alone
    reads the same in every charset this accepts.)"""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            codec = codecs.lookup(name)
        except LookupError:
            codec = None
        # utf-7 and the like can hide markup; a page in them is not one we need to read
        if (
            name not in _GB
            and codec is not None
            and codec.name in ("big5", "cp1252", "latin-1", "iso8859-1")
        ):
            try:
                return data.decode(codec.name)
            except UnicodeDecodeError:
                pass  # the declaration is wrong (a copy saved in another encoding): GB18030
    return data.decode("gb18030", errors="replace")


# ---------------------------------------------------------------------------------------------
# A small element tree


@dataclass(eq=False, repr=False)  # a tree 500 deep: no recursive comparison or repr
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None


_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_IGNORED = {
    "script", "style", "head", "template", "noscript", "iframe", "object", "svg", "math",
    "select", "textarea", "button", "title", "noframes",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre",
    "center", "address", "figure", "figcaption", "form", "fieldset", "hr", "body", "html",
    "table", "tr", "td", "th", "caption", "tbody", "thead", "tfoot",
}  # fmt: skip
_CELLS = {"td", "th"}
_ROW_GROUPS = {"tbody", "thead", "tfoot"}
# An open element that a new start tag of the key closes (HTML's optional end tags), up to the
# boundary elements (never across a table).
_CLOSES = {
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"tr", "td", "th"},
    "tbody": {"tbody", "thead", "tfoot", "tr", "td", "th"},
    "thead": {"tbody", "thead", "tfoot", "tr", "td", "th"},
    "tfoot": {"tbody", "thead", "tfoot", "tr", "td", "th"},
    "li": {"li"},
    "p": {"p"},
}
_BOUNDARY = {"table", "html", "body"}
# The open elements a start tag of the key does not close one beyond: the boundary, and for a
# paragraph any block, for a cell its row, for a row its row group.
_STOPS = {
    tag: frozenset(
        _BOUNDARY
        | (_BLOCKS if tag == "p" else set())
        | ({"tr"} if tag in _CELLS else set())
        | (_ROW_GROUPS if tag == "tr" else set())
    )
    for tag in _CLOSES
}


class _TreeBuilder(HTMLParser):
    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.root = _Node("#root")
        self.stack: list[_Node] = [self.root]
        # Where each tag is open on the stack, innermost last: what an end tag (or a start tag
        # ending an element, <td> its cell) closes is found there, not by walking the stack,
        # which a crafted page makes 500 deep under each of its tags.
        self.depths: dict[str, list[int]] = {}
        self.elements = 0
        self.skipping: str | None = None  # inside <script> etc.: nothing is kept
        self.skip_depth = 0
        self.page_title = ""  # <title>'s text: the report's title when the page shows none
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if self.skipping is not None:
            if tag == self.skipping:
                self.skip_depth += 1
            return
        if tag in _IGNORED:
            self.skipping, self.skip_depth = tag, 1
            return
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _refuse(
                f"网页中的元素超过 {MAX_ELEMENTS} 个，不像是一份年度报告，已停止读取：{self.path}"
            )
        closes = _CLOSES.get(tag)
        if closes is not None:
            # the innermost open element it closes, unless a boundary stands inside that one
            found = self._innermost(closes)
            if found and found >= self._innermost(_STOPS[tag]):
                self._close(found)
        parent = self.stack[-1]
        node = _Node(tag, {k: v or "" for k, v in attrs}, [], parent)
        parent.children.append(node)
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self.depths.setdefault(tag, []).append(len(self.stack))
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.skipping is None and self.stack[-1].tag == tag:
            self._close(len(self.stack) - 1)

    def _innermost(self, tags: Iterable[str]) -> int:
        """The depth of the innermost open element of ``tags``; 0 (the root's) if none is open."""
        return max((self.depths[tag][-1] for tag in tags if self.depths.get(tag)), default=0)

    def _close(self, depth: int) -> None:
        """Close the open elements from ``depth`` in."""
        for node in self.stack[depth:]:
            self.depths[node.tag].pop()
        del self.stack[depth:]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skipping is not None:
            if tag == self.skipping:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skipping = None
            return
        found = self._innermost((tag,))
        # a stray end tag never closes a table around it
        if found and (tag == "table" or found > self._innermost(("table",))):
            self._close(found)

    def close(self) -> None:
        """The page's end. :meth:`feed` stops at the first markup that nothing after it closes —
        a tag whose quote is never closed (a CMS's slip: ``<a title='示例>``), a comment, ``<!…``,
        ``<?…``, a tag cut off — and keeps the rest of the page from it unparsed.

        Such markup ends at its first ``>`` and the page is read on from there, so that a stray
        quote loses none of the report after it (a browser would show nothing more); at most
        :data:`READ_PAST` times, each a scan of the rest. What is still left — markup without a
        ``>``, or beyond that many — runs to the page's end and shows nothing, as the HTML
        standard's end of file has it; ``<`` or ``</`` at the very end is text.

        html.parser's own close (before Python 3.11.14 / 3.12.12, CPython gh-135462) took the
        ``<`` for text and tried again at the next ``<``, scanning the rest of the page each time:
        quadratic on a crafted page (400 KB of ``</`` took 12 s, of ``<a `` minutes)."""
        for _ in range(READ_PAST):
            rest = self.rawdata
            end = rest.find(">") if self._stalled(rest) else -1
            if end < 0:
                break
            self.rawdata = ""
            self.feed(rest[end + 1 :])
        if self._stalled(self.rawdata):
            self.rawdata = ""
        super().close()

    def _stalled(self, rest: str) -> bool:
        """Whether :meth:`feed` stopped at markup nothing closed (not in a script's text, not a
        ``<`` or ``</`` alone at the end)."""
        return self.cdata_elem is None and rest.startswith("<") and rest not in ("<", "</")

    def handle_data(self, data: str) -> None:
        if self.in_title and len(self.page_title) < MAX_PAGE_TITLE:
            self.page_title = (self.page_title + data)[:MAX_PAGE_TITLE]
        if self.skipping is None and data:
            self.stack[-1].children.append(data)


# ---------------------------------------------------------------------------------------------
# Tree to blocks


_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u3000]+")
_SITE_SEPARATOR = re.compile(r"\s*[_|｜\-–—]+\s*")  # 标题_网站名, 标题 - 网站名, 标题|网站名
MAX_PAGE_TITLE = 300


def _collapse(text: str) -> str:
    """White space as a browser shows it; a full-width space (used to indent) counts as one."""
    return _SPACE.sub(" ", text)


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LEAVE_HEADING = _Node("#leave-heading")  # the end of a heading element, on the walk's stack


class _Blocks:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.headings: list[str] = []  # the heading elements (h2) the walk is inside
        self.paragraphs = 0
        self.tables = 0
        self.rows = 0
        self.cells = 0

    def flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        if not text:
            return
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise _refuse(
                f"网页超过 {MAX_PARAGRAPHS} 段，不像是一份年度报告，已停止读取：{self.path}"
            )
        # A paragraph's mark: the heading element it stands in (heading_rules), "" outside one.
        mark = self.headings[-1] if self.headings else ""
        self.blocks.append(Paragraph(self.paragraphs, text, mark))

    def walk(self, root: _Node) -> None:
        # An explicit stack: a crafted page nests deep, and recursion would overflow on it.
        work: list[_Node | str | None] = [root]
        while work:
            item = work.pop()
            if item is None:  # the end of a block element
                self.flush()
                continue
            if isinstance(item, str):
                self.buffer.append(_collapse(item))
                continue
            if item is _LEAVE_HEADING:
                self.headings.pop()
                continue
            tag = item.tag
            if tag == "br":
                self.flush()
                continue
            if _hidden(item):
                continue
            if tag == "table" and not _holds_table(item):
                self.flush()
                self.table(item)
                continue
            if tag in _BLOCKS:
                self.flush()
                if tag in _HEADINGS:
                    self.headings.append(tag)
                    work.append(_LEAVE_HEADING)  # after the end below: its text flushed first
                work.append(None)
            work.extend(reversed(item.children))

    def table(self, table: _Node) -> None:
        for caption in (c for c in table.children if isinstance(c, _Node) and c.tag == "caption"):
            for line in _cell_text(caption).split("\n"):
                # A caption that repeats the section's heading just above (“三、…情况”, or
                # “二、…情况　第二十条第（一）项”) is not a second heading: only the rest is kept.
                last = self.blocks[-1] if self.blocks else None
                key = "".join(line.split())
                if isinstance(last, Paragraph):
                    heading = "".join(last.text.split())
                    if heading and key.startswith(heading):
                        key = key[len(heading) :]
                if key:
                    self.buffer.append(key)
                    self.flush()
        rows = list(_rows(table))
        if not rows:
            return
        self.tables += 1
        grid: list[list[str | None]] = []
        taken: dict[tuple[int, int], bool] = {}
        spans: list[tuple[int, int, int]] = []  # (row, column, columns) of a cell across columns
        for r, tr in enumerate(rows):
            self.rows += 1
            if self.rows > MAX_TABLE_ROWS:
                raise _refuse(
                    f"网页中的表格共超过 {MAX_TABLE_ROWS} 行，不像是一份年度报告，已停止读取：{self.path}"
                )
            while len(grid) <= r:
                grid.append([])
            col = 0
            for cell in (c for c in tr.children if isinstance(c, _Node) and c.tag in _CELLS):
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise _refuse(
                        f"网页中的表格共超过 {MAX_CELLS} 个单元格，不像是一份年度报告，"
                        f"已停止读取：{self.path}"
                    )
                while taken.get((r, col)):
                    col += 1
                colspan = _span(cell, "colspan", MAX_SPAN)
                rowspan = _span(cell, "rowspan", len(rows) - r)
                if col + colspan > MAX_COLS:
                    raise _refuse(
                        f"网页中的表格{self.tables}超过 {MAX_COLS} 列，不像是年度报告中的表格，"
                        f"已停止读取：{self.path}"
                    )
                text = _cell_text(cell) or None
                if colspan > 1 and text:
                    spans.append((r, col, colspan))
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken[(r + dr, col + dc)] = True
                _put(grid[r], col, text)
                col += colspan
        width = max((c + 1 for (_, c) in taken), default=0)
        table_rows = tuple(tuple(row + [None] * (width - len(row))) for row in grid)
        self.blocks.append(WordTable(self.tables, table_rows, tuple(spans)))


def _put(row: list[str | None], col: int, text: str | None) -> None:
    while len(row) <= col:
        row.append(None)
    row[col] = text


def _span(cell: _Node, name: str, limit: int) -> int:
    raw = cell.attrs.get(name, "1").strip()
    digits = re.match(r"\d+", raw)
    value = int(digits.group()[:6]) if digits else 1
    return min(max(value, 1), max(limit, 1))


def _hidden(node: _Node) -> bool:
    """``hidden`` or ``display:none``: text a reader of the page does not see."""
    if "hidden" in node.attrs:
        return True
    style = node.attrs.get("style", "").replace(" ", "").lower()
    return "display:none" in style


def _holds_table(node: _Node) -> bool:
    work: list[_Node] = [c for c in node.children if isinstance(c, _Node)]
    while work:
        child = work.pop()
        if child.tag == "table":
            return True
        work.extend(c for c in child.children if isinstance(c, _Node))
    return False


def _rows(table: _Node) -> Iterator[_Node]:
    """The table's own rows (in ``<thead>``, ``<tbody>``, ``<tfoot>`` or directly), in order."""
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from (r for r in child.children if isinstance(r, _Node) and r.tag == "tr")


def _cell_text(cell: _Node) -> str:
    """A cell's text: ``<br>`` and block elements as line breaks, white space collapsed; digits
    in ``<sup>``/``<sub>`` raised or lowered and text in ``<s>``/``<del>`` struck
    (:mod:`.cell_marks`), as the browser shows them."""
    parts: list[str] = []
    work: list[tuple[_Node | str | None, Marks]] = [(c, PLAIN) for c in reversed(cell.children)]
    while work:
        item, marks = work.pop()
        if item is None or (isinstance(item, _Node) and item.tag == "br"):
            parts.append("\n")
        elif isinstance(item, str):
            parts.append(marked(_collapse(item), **marks._asdict()))
        elif not _hidden(item):
            if item.tag in _BLOCKS:
                parts.append("\n")
                work.append((None, marks))
            inner = _marks(item, marks)
            work.extend((child, inner) for child in reversed(item.children))
    lines = [line.strip() for line in "".join(parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    return _figure(text)


_STRUCK_TAGS = {"s", "strike", "del"}


def _marks(node: _Node, outer: Marks) -> Marks:
    """How ``node`` sets its text, within ``outer``: raised by ``<sup>`` or ``vertical-align:
    super``, lowered by ``<sub>``, struck by ``<s>``, ``<strike>``, ``<del>`` or ``line-through``."""
    style = node.attrs.get("style", "").replace(" ", "").lower()
    raised = node.tag == "sup" or "vertical-align:super" in style
    lowered = node.tag == "sub" or "vertical-align:sub" in style
    struck = outer.struck or node.tag in _STRUCK_TAGS or "line-through" in style
    if raised or lowered:
        return Marks(raised, lowered and not raised, struck)
    return Marks(outer.raised, outer.lowered, struck)


def _figure(text: str) -> str:
    """A figure written in full-width digits (１２, ３．５) as the digits the values parser reads;
    a superscript digit stays one (``12¹`` is no figure 121)."""
    folded = unicodedata.normalize("NFKC", text)
    wide = all(ch.isascii() or ch.isspace() or "\uff01" <= ch <= "\uff5e" for ch in text)
    if folded != text and wide and re.fullmatch(r"[\s\d.,+\-%]+", folded):
        return folded.strip()
    return text


# ---------------------------------------------------------------------------------------------
# The file


def read_html_blocks(path: Path) -> list[Block]:
    """The saved web page at ``path`` as paragraphs and tables. Raises :class:`HtmlImportError`."""
    try:
        size, head = read_head(path, 512, "网页文件")
    except UnreadableFileError as exc:
        raise _refuse(exc.message) from None
    problem = size_problem(size, MAX_FILE_BYTES, path, "一份年度报告的网页")
    if problem:
        raise _refuse(problem)
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"SQLite format 3")):
        raise _refuse(f"这不是网页文件（.html），扩展名与内容不符：{path}")
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileTooLargeError:
        raise _refuse(
            size_problem(MAX_FILE_BYTES + 1, MAX_FILE_BYTES, path, "一份年度报告的网页") or ""
        ) from None
    except UnreadableFileError as exc:
        raise _refuse(exc.message) from None
    except OSError as exc:
        raise _refuse(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _refuse(f"这不是网页文件（含有二进制内容）：{path}")
    return page_blocks(decode_page(data), path)


def page_blocks(page: str | bytes, path: Path) -> list[Block]:
    """The web page ``page`` (its text, or its bytes in the charset it declares; read from
    ``path``, which messages name) as paragraphs and tables: a saved page's, or one a Word
    document embeds (:mod:`.docx_chunks`). Raises :class:`HtmlImportError`."""
    text = decode_page(page) if isinstance(page, bytes) else page
    builder = _TreeBuilder(path)
    try:
        builder.feed(text)
        builder.close()
    except HtmlImportError:
        raise
    except Exception as exc:  # html.parser is tolerant; anything else is a page we cannot read
        raise _refuse(f"无法解析网页（{type(exc).__name__}）：{path}") from None
    blocks = _Blocks(path)
    blocks.walk(builder.root)
    blocks.flush()
    return _with_page_title(blocks.blocks, builder.page_title)


def _with_page_title(blocks: list[Block], page_title: str) -> list[Block]:
    """``blocks``, led by the page's ``<title>`` when the page itself shows no report title (at
    its top, or further down under the site's menus: :func:`find_page_title`) and the
    ``<title>`` is one (a content system may print the title only in the browser's tab, often
    with the site's name: ``临江市交通运输局2023年政府信息公开工作年度报告_临江市人民政府``)."""
    leading: list[str] = []
    for block in blocks:
        if isinstance(block, WordTable) or len(leading) == TITLE_LINES:
            break
        leading.append(block.text)
    shown = parse_title(leading) is not None or find_page_title(blocks) is not None
    if not page_title.strip() or shown:
        return blocks
    text = _collapse(page_title).strip()
    for part in (text, *_SITE_SEPARATOR.split(text)):
        if parse_title([part]) is not None:
            return [Paragraph(TAB_TITLE, part), *blocks]
    return blocks
