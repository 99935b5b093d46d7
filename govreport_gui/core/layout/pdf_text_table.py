"""A table without rulings in a PDF, read from the alignment of its text.

Some published reports set the statistics table as text in columns (no lines drawn), so
pdfplumber's ruled-table finder sees nothing. Such a table shows itself as a run of lines that end
in figures (``主动公开政府信息数  条  1190``). Its columns are where the words after each line's
label stand: their horizontal extents, overlapping from line to line, give the column bands. The
header lines just above (``统计指标  单位  统计数``: several words apart) and the rows without
figures inside (``三、本年度办理结果``) are laid out on the same bands; a word over several bands
(a group heading) goes in the first, as a merged cell's text does in a workbook. Lines of a
label alone inside the table (a long label wrapped in a narrow column) do not end it; the headings
of label columns merged down beside the rows (the official layout of table 三) are left out of
the rows' labels (:func:`without_merged_headings`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from govreport_gui.core.layout.import_docx import WordTable
from govreport_gui.core.layout.table_lines import COUNT_UNITS, MONEY_UNITS

MIN_ROWS = 3  # fewer lines with figures in a row are text, not a table
MAX_GAP_LINES = 3  # lines without figures (headings of rows) inside the table
MAX_HEADER_LINES = 4
MAX_LABEL_LINES = 12  # lines of labels alone between two rows of figures (MAX_GAP_LINES otherwise)
LINE_GAP = 0.5  # of a line's height: the lines of one cell stand closer than two cells' lines
LINE_SIZE_SLACK = 0.3  # of a table's text height: a line larger or smaller is not the table's

# A figure as written in a table cell: 12, 1,190, 24.5, 0, and the marks for "not applicable".
_FIGURE = re.compile(r"^(?:[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?%?|[/／—–\-－]+|——)$")


@dataclass(frozen=True)
class TextTable(WordTable):
    """A table read from a PDF's text (set without rulings, or ruled with horizontal lines only),
    with where its columns of figures stand (``bands``, left to right: a row's cell ``n`` is in
    band ``n - 1``), so that its part on the next page can be laid on the same columns
    (:func:`on_one_grid`)."""

    bands: tuple[tuple[float, float], ...] = field(default=(), compare=False)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    look: str = ""  # its font and size (pdf_headings.char_look): how a heading may stand out


@dataclass
class Words:
    """Words that stand together (a line, a table's cell), and where they stand."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(w.bottom - w.top for w in self.words)


@dataclass
class TextLine(Words):
    page_width: float = 0.0
    _text: str = field(default="", repr=False)

    @property
    def text(self) -> str:
        """The words joined: a space only where a gap stands between two Latin letters/digits."""
        out = ""
        previous: Word | None = None
        for word in self.words:
            if previous is not None and out and word.text:
                gap = word.x0 - previous.x1
                latin = out[-1].isascii() and word.text[0].isascii()
                if latin or gap > 2 * self.height:
                    out += " "
            out += word.text
            previous = word
        return out


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.replace(" ", "")))


def join_lines(lines: Sequence[str]) -> str:
    """Lines of one wrapped text as one: Chinese wraps anywhere (no space), Latin at spaces."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out


def figure_line(line: TextLine) -> bool:
    """A row of a table: a label then cells ending in a figure, or figures only (table 四)."""
    words = line.words
    if len(words) < 2 and not (len(words) == 1 and is_figure(words[0].text)):
        return False
    return is_figure(words[-1].text) and sum(1 for w in words if is_figure(w.text)) >= 1


def split_text_tables(
    lines: list[TextLine], continued: bool = False, page_end: bool = False
) -> Iterator[WordTable | list[TextLine]]:
    """``lines`` as runs of text and the tables set without rulings among them, in order.
    ``continued``: the lines are a page's first, the page before ended inside a table: rows of
    figures from the first line on are its last rows, however few. ``page_end``: the lines are
    the page's last, a table reaching their end may go on on the next page."""
    start = 0
    index = 0
    while index < len(lines):
        if not figure_line(lines[index]):
            index += 1
            continue
        end = _region_end(lines, index)
        figure_rows = sum(1 for line in lines[index : end + 1] if figure_line(line))
        going_on = continued and start == 0 and _first_row_label(lines, index) == 0
        if figure_rows < MIN_ROWS and not going_on:
            index = end + 1
            continue
        top = _header_start(lines, index, start)
        if top == index:
            top = index = (
                _first_row_label(lines, index) if going_on else labels_over(lines, index, start)
            )
        if top > start:
            yield lines[start:top]
        yield _table(
            lines[top : end + 1],
            lines[index : end + 1],
            cut_top=continued and top == 0,
            cut_bottom=page_end and end == len(lines) - 1,
        )
        start = index = end + 1
    if start < len(lines):
        yield lines[start:]


def _first_row_label(lines: list[TextLine], first: int) -> int:
    """Where the rows of a table continued from the page before start on its page (``lines``,
    the page's first): at its first line of figures ``lines[first]``, at the lines of a label
    close over it (:func:`labels_over`), or at the page's first line when the lines over it are
    a label's, a line or two, however spaced (the row's label begun at the top of the page, its
    figures beside its end)."""
    top = labels_over(lines, first)
    if 0 < first <= LABEL_FOOT_LINES and all(
        _label_beside(ln, lines[first]) for ln in lines[:first]
    ):
        return 0
    return top


def table_start_at_foot(lines: list[TextLine], most: int) -> int | None:
    """Where a table set without rulings may start among the last ``most`` of ``lines`` (a
    page's last lines, read as text) with too few rows of figures to be told from text on its
    own: its header (lines of several words apart), then none, one or two rows of figures
    running to the page's end. The rest of its rows would be on the next page. None when the
    page does not end so."""
    floor = max(len(lines) - most, 0)
    first = next((i for i in range(floor, len(lines)) if figure_line(lines[i])), None)
    if first is None:  # a header alone, or with rows of a label alone (一、主动公开情况) under it
        end = len(lines)
        while (
            len(lines) - end < MAX_GAP_LINES and end - 1 >= floor and len(lines[end - 1].words) == 1
        ):
            end -= 1
        top = _header_over(lines, end, floor)
        return top if top < end else None
    end = _region_end(lines, first)  # a label's lines after it may wrap on to the next page
    if not _rows_go_on(lines[end + 1 :], lines[end]):
        return None
    top = _header_start(lines, first, floor)
    return top if top < first else None


LABEL_FOOT_LINES = 2  # lines of a label at a page's foot, its figures on the next page


def _rows_go_on(after: Sequence[TextLine], figures: TextLine) -> bool:
    """Whether the lines ``after`` a table's last row of figures at a page's foot start rows
    going on on the next page: a label's lines beside the figures (wrapped over the break), or
    the title of a block of table 二 (第二十条第（五）项) with its header under it (lines of
    several words apart), its rows of figures on the next page."""
    title = next((n for n, line in enumerate(after) if block_title(line)), len(after))
    labels, block = after[:title], after[title + 1 :]
    if not all(_label_beside(line, figures) for line in labels):
        return False
    header = all(len(line.words) >= 2 and not figure_line(line) for line in block)
    return len(block) <= MAX_HEADER_LINES and header


def label_start_at_foot(run: Sequence[TextLine], count: int) -> bool:
    """Whether the last ``count`` lines of ``run`` (a page's last lines, after a table set
    without rulings) are the first line or two of a row's label, its figures beside its end on
    the next page: each a label's line of the table (left of its figures, in their size), under
    the table as its rows are spaced."""
    if not 0 < count <= LABEL_FOOT_LINES or len(run) <= count:
        return False
    figures = next((line for line in reversed(run[:-count]) if figure_line(line)), None)
    if figures is None:
        return False
    previous = run[-count - 1]
    for line in run[-count:]:
        if not _label_beside(line, figures) or line.top - previous.bottom > 2 * line.height:
            return False
        previous = line
    return True


def _region_end(lines: list[TextLine], first: int) -> int:
    """The last line of figures of the table whose first is ``lines[first]``: up to a run of more
    than MAX_GAP_LINES lines without figures. A line of a label alone (left of the figures, in
    their size) is no gap: a long label wraps over many lines in the official layout's narrow
    label columns, with headings merged down beside them (MAX_LABEL_LINES at most)."""
    end = first
    gap = labels = 0
    for i in range(first + 1, len(lines)):
        if figure_line(lines[i]):
            end, gap, labels = i, 0, 0
        elif _label_beside(lines[i], lines[end]) and labels < MAX_LABEL_LINES:
            labels += 1
        else:
            gap += 1
            if gap > MAX_GAP_LINES:
                break
    # the last row's label wrapped under its figures (its next line is the table's last), close
    # under it, or further as the rows are spaced while the label's brackets are open (the
    # label's end at a page's foot: （四）政府信息公开专项经费（不包括… then …的经费）)
    row = end
    label = "".join(w.text for w in lines[row].words if not is_figure(w.text))
    while end + 1 < len(lines):
        below = lines[end + 1]
        close = _label_beside(below, lines[end]) and _close(lines[end], below)
        # brackets open: its next line as far down as two lines' height, a few lines at most (a
        # heading or a note far under the table is none of it, though the label never closes)
        near = below.top - lines[end].bottom <= 2 * below.height and end - row < MAX_LABEL_LINES
        if not close and not (near and _label_beside(below, lines[row]) and _unclosed(label)):
            break
        label += below.text
        end += 1
    return end


def _unclosed(label: str) -> bool:
    """Whether a label stops inside brackets (a note wrapped: （不同渠道和方式公开相同信息计1条）)."""
    return label.count("（") + label.count("(") > label.count("）") + label.count(")")


def _label_beside(line: TextLine, figures: TextLine) -> bool:
    """Whether ``line`` is a label's line of the table whose line of figures is ``figures``: it
    ends left of the figures and is set in their size."""
    first = next((w.x0 for w in figures.words if is_figure(w.text)), figures.x0)
    return line.x1 < first and abs(line.height - figures.height) <= LINE_SIZE_SLACK * figures.height


def _close(line: TextLine, below: TextLine) -> bool:
    """Whether ``below`` stands close under ``line``, as the lines of one cell do."""
    return below.top - line.bottom <= LINE_GAP * line.height


def labels_over(
    lines: Sequence[TextLine],
    first: int,
    floor: int = 0,
    parted: Callable[[TextLine, TextLine], bool] = lambda line, below: False,
) -> int:
    """Where a table's body starts: at its first line of figures ``lines[first]``, or at the
    lines of a label just over it whose figures are centred beside their next line (a table
    continued from the page before, no header over it, its first row's label wrapped): lines of
    a label alone, each close over the next, not ``parted`` from it (a rule between)."""
    top = first
    while top - 1 >= floor:
        line, below = lines[top - 1], lines[top]
        if not _label_beside(line, lines[first]) or not _close(line, below) or parted(line, below):
            break
        top -= 1
    return top


def _header_start(lines: list[TextLine], first: int, floor: int) -> int:
    """The header's first line: the lines just above the first row with several words apart,
    or above the rows of a label alone over it (一、主动公开情况 of a 2014 table printed without
    its 单位 column: a heading row has no word but its label) when a header stands over them."""
    top = _header_over(lines, first, floor)
    if top < first:
        return top
    headings = first
    while headings - 1 >= floor and first - headings < MAX_GAP_LINES:
        if not _label_beside(lines[headings - 1], lines[first]):
            break
        headings -= 1
        top = _header_over(lines, headings, floor)
        # a header over the figures' columns, not a paragraph of words set apart
        if any(not _label_beside(line, lines[first]) for line in lines[top:headings]):
            return top
    return first


def _header_over(lines: list[TextLine], first: int, floor: int) -> int:
    top = first
    while top - 1 >= floor and first - top < MAX_HEADER_LINES and len(lines[top - 1].words) >= 2:
        top -= 1
    return top


def _bands(rows: list[TextLine], others: Sequence[TextLine] = ()) -> list[tuple[float, float]]:
    """Column bands from the words after each row's label, overlapping extents merged. A word that
    stands where another row's label stands is a label too (``4.保护第三方`` after a heading merged
    down beside it, ``理结果``): no column of figures. ``others``: the body's lines without
    figures, whose first words left of every figure are labels too (on a page's part of a table
    the only row of figures labelled ``1.属于国家秘密`` may have a heading before it, the others'
    labels wrapped, their figures on lines of their own)."""
    labels = [(line.words[0].x0, line.words[0].x1) for line in rows if _labelled(line)]
    left = min((w.x0 for line in rows for w in line.words if is_figure(w.text)), default=0.0)
    labels += [
        (line.words[0].x0, line.words[0].x1)
        for line in others
        if line.words and _labelled(line) and line.words[0].x1 < left
    ]
    spans: list[tuple[float, float]] = []
    for line in rows:
        words = line.words[1:] if _labelled(line) else line.words
        spans.extend(
            (w.x0, w.x1)
            for w in words
            if is_figure(w.text) or not any(w.x0 < x1 and x0 < w.x1 for x0, x1 in labels)
        )
    spans.sort()
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + 1:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(b[0], b[1]) for b in bands]


# The units a 2014 table prints in its 单位 column: a line starting with one is a row's cells
# whose label stands on the lines around it (wrapped, the cells centred between: 件 133).
UNIT_WORDS = frozenset((*COUNT_UNITS, *MONEY_UNITS))


def _labelled(line: TextLine) -> bool:
    """Whether a line of figures starts with its label: a word that is no figure and no unit."""
    first = line.words[0].text
    return not is_figure(first) and first not in UNIT_WORDS


@dataclass
class Columns:
    """Where a table's columns stand: the bands of its figures, and where its labels start."""

    bands: list[tuple[float, float]]
    label_start: float

    @classmethod
    def of(cls, body: Sequence[TextLine]) -> Columns:
        """The columns of a table whose body (top to bottom, from its first line of figures) is
        ``body``: the bands of its rows of figures."""
        figure_rows = [line for line in body if figure_line(line)]
        others = [line for line in body if not figure_line(line)]
        bands = _bands(figure_rows, others)
        first = bands[0][0] if bands else float("inf")
        # Where labels start, the most indented one included: a header's first word that starts
        # right of that (自然人 over the first column, wider than its figures) is no label.
        starts = [line.words[0] for line in figure_rows if _labelled(line)]
        label_start = max((w.x0 + 2 * (w.bottom - w.top) for w in starts), default=first)
        return cls(bands, label_start)

    @property
    def first(self) -> float:
        return self.bands[0][0] if self.bands else float("inf")

    def column(self, word: Word, n: int) -> int:
        """0 for the label (``n``: the word's place on its line), else 1 + its band."""
        # The label starts left of the first column; a long one may run on past it.
        first = self.first
        if word.x1 <= first + 1 or (n == 0 and word.x0 < min(first - 1, self.label_start)):
            return 0
        return _column(word, self.bands) + 1


@dataclass
class Row:
    """A table's row as read: its cells' texts (the label first), and where its label's last
    line ends (0: no label), which tells a label wrapped onto the next line."""

    cells: list[str]
    label_end: float = 0.0
    height: float = 0.0

    @property
    def figures(self) -> bool:
        return any(self.cells[1:])


def line_row(line: TextLine, columns: Columns) -> Row:
    cells: list[str] = [""] * (len(columns.bands) + 1)
    label_end = 0.0
    for n, word in enumerate(line.words):
        col = columns.column(word, n)
        cells[col] += word.text
        if col == 0:
            label_end = max(label_end, word.x1)
    return Row(cells, label_end, line.height)


def _table(
    lines: list[TextLine], body: list[TextLine], *, cut_top: bool, cut_bottom: bool
) -> WordTable:
    """The table of ``lines`` whose rows are ``body``; ``cut_top`` / ``cut_bottom``: the page cut
    it at its top / at its end (:func:`without_merged_headings`)."""
    columns = Columns.of(body)
    header = lines[: len(lines) - len(body)]
    body = without_merged_headings(body, columns, cut_top=cut_top, cut_bottom=cut_bottom)
    rows = text_rows([line_row(line, columns) for line in [*header, *body]])
    cells = tuple(tuple(c or None for c in row.cells) for row in rows)
    return TextTable(0, cells, bands=tuple(columns.bands))


def text_rows(lines: list[Row]) -> list[Row]:
    """The rows of a table set as text, its lines read one by one: a label wrapped over lines is
    one row with the figures beside any of its lines (the first, the last, or between)."""
    label_right = max((row.label_end for row in lines), default=0.0)
    rows: list[Row] = []
    for n, row in enumerate(lines):
        above = rows[-1] if rows else None
        after = lines[n + 1] if n + 1 < len(lines) else None
        starts = after is not None and _starts(row, after, label_right)
        if above is not None and (
            (not starts and _continues(above.cells, row.cells)) or _wrapped(above, row, label_right)
        ):
            above.cells[0] += row.cells[0]  # a label wrapped onto the next line
            above.label_end = row.label_end
            continue
        if above is not None and _starts(above, row, label_right):
            above.cells = [above.cells[0] + row.cells[0], *row.cells[1:]]
            above.label_end = row.label_end or above.label_end
            continue
        rows.append(Row(list(row.cells), row.label_end, row.height))
    return rows


_NUMBERED = re.compile(
    r"^(?:[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9]+[.．、]|其中)"
)
# 第二十条第（五）项: the title of a block of table 二 (the article of the regulation), a row of its
# own, never the end of a label above it.
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+条")


def block_title(line: TextLine) -> bool:
    """Whether ``line`` is the title of a block of table 二 (第二十条第（五）项), a row of its own:
    between two rules with a row above it (a page breaking a 三线表 puts its rules elsewhere), it
    is no line of that row's label."""
    return bool(_ARTICLE.match(line.text))


def _continues(above: list[str], cells: list[str]) -> bool:
    """Whether a line holding only a label's words goes on with the label above it: that one
    stops inside brackets (a note wrapped: （不同渠道和方式公开相同信息计1条）) or at a comma, or
    it is a row of figures and this line starts no numbered row of its own (``1.申请人无正当理由
    逾期不补正、行政机关不再  64 …`` then ``处理其政府信息公开申请``: the figures stand on the
    label's first line). A numbered line without figures is a heading row (（四）无法提供)."""
    label = above[0]
    if not label or not cells[0] or any(cells[1:]) or _ARTICLE.match(cells[0]):
        return False
    if _unclosed(label) or label.endswith(("，", "、", ",")):
        return True
    return any(above[1:]) and not _NUMBERED.match(cells[0])


def _wrapped(above: Row, row: Row, label_right: float) -> bool:
    """Whether two lines of a label alone are one label wrapped, its figures (if any) beside a
    later line (``5.要求行政机`` over ``关确认或重新``, the figures under them): the first runs to
    the labels' edge, the second starts no row of its own."""
    return (
        not above.figures
        and not row.figures
        and bool(above.cells[0] and row.cells[0])
        and _full(above, label_right)
        and not _NUMBERED.match(row.cells[0])
        and not _ARTICLE.match(row.cells[0])
    )


def _full(row: Row, label_right: float) -> bool:
    """Whether a label's line runs to the labels' right edge: the label was wrapped there."""
    return row.label_end >= label_right - 1.5 * max(row.height, 1.0)


def _starts(row: Row, after: Row, label_right: float) -> bool:
    """Whether a line of a label alone starts the label of the row of figures under it (they
    stand beside its next line, or between its lines), rather than ending the label above: the
    next line is figures without a label, or the end of a wrapped label (this line runs to the
    labels' edge, the next starts no numbered row)."""
    if row.figures or not row.cells[0] or not after.figures:
        return False
    if not after.cells[0]:
        return True
    return (
        _full(row, label_right)
        and not _NUMBERED.match(after.cells[0])
        and not _ARTICLE.match(after.cells[0])
    )


def label_over_page(last: WordTable, first: WordTable) -> tuple[WordTable, WordTable | None]:
    """A table's part at the foot of a page (``last``) and its part at the top of the next
    (``first``), the label of a row wrapped over the page break made one row again: the
    label's end alone at the top of the next page goes on with the last row, whose figures
    stand beside the label's first line (:func:`_continues`). ``first`` is None when nothing
    of it is left. (A label's first line alone at the foot, its figures beside its end, is read
    with the next page's lines: :func:`label_start_at_foot`.)"""
    if not last.rows or not first.rows or first.spans or len(last.rows[-1]) != len(first.rows[0]):
        return last, first
    above = [c or "" for c in last.rows[-1]]
    below = [c or "" for c in first.rows[0]]
    if not _continues(above, below):
        return last, first
    row = (above[0] + below[0], *above[1:])
    joined = replace(last, rows=(*last.rows[:-1], tuple(c or None for c in row)))
    rest = first.rows[1:]
    return joined, replace(first, rows=rest) if rest else None


def on_one_grid(last: WordTable, first: WordTable) -> tuple[WordTable, WordTable]:
    """A table's part at the foot of a page (``last``) and its rows going on at the top of the
    next (``first``, starting with a row of figures, no header of its own) laid on the same
    columns. Each part's columns are where its own figures stand: table 二's blocks of one, two
    and three columns set apart, a page holding some of them has other columns than the next
    (行政许可 | 107 under 信息内容 | 本年制发件数 | … | …: the figure was read in the wrong
    column and named). The columns of both are the bands of either, those standing over each
    other one column; when a band of one stands over two of the other, the parts are left as
    they are (no column can be told)."""
    if not isinstance(last, TextTable) or not isinstance(first, TextTable) or not first.rows:
        return last, first
    if last.spans or first.spans or not any(is_figure(c or "") for c in first.rows[0][1:]):
        return last, first
    merged = _merged_bands(last.bands, first.bands)
    if merged is None or not _on_bands(last) or not _on_bands(first):
        return last, first
    return _regrid(last, merged), _regrid(first, merged)


def _on_bands(table: TextTable) -> bool:
    return all(len(row) == len(table.bands) + 1 for row in table.rows)


def _merged_bands(
    a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]
) -> list[tuple[float, float]] | None:
    """The bands of ``a`` and ``b`` as one list, left to right, a band of each standing over one
    of the other made one; None when one stands over two."""
    for one, other in ((a, b), (b, a)):
        if any(sum(1 for o in other if _spans_meet(band, o)) > 1 for band in one):
            return None
    merged: list[tuple[float, float]] = []
    for x0, x1 in sorted([*a, *b]):
        if merged and _spans_meet(merged[-1], (x0, x1)):
            merged[-1] = (min(merged[-1][0], x0), max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged


def _spans_meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _regrid(table: TextTable, bands: list[tuple[float, float]]) -> TextTable:
    """``table``'s rows with a cell for each of ``bands`` (its own among them)."""
    where = [0] + [
        1 + next(n for n, b in enumerate(bands) if _spans_meet(b, own)) for own in table.bands
    ]
    rows = []
    for row in table.rows:
        cells: list[str | None] = [None] * (len(bands) + 1)
        for n, cell in enumerate(row):
            cells[where[n]] = cell
        rows.append(tuple(cells))
    return replace(table, rows=tuple(rows), bands=tuple(bands))


def _column(word: Word, bands: list[tuple[float, float]]) -> int:
    """The first band the word overlaps, else the nearest by centre."""
    for n, (x0, x1) in enumerate(bands):
        if word.x0 <= x1 and word.x1 >= x0:
            return n
    centre = (word.x0 + word.x1) / 2
    return min(range(len(bands)), key=lambda n: abs((bands[n][0] + bands[n][1]) / 2 - centre))


# ---------------------------------------------------------------------------------------------
# Headings merged down beside the labels (the official layout's three label columns)


def without_merged_headings(
    lines: Sequence[TextLine],
    columns: Columns,
    *,
    cut_top: bool = False,
    cut_bottom: bool = False,
) -> list[TextLine]:
    """``lines`` (a table's body, top to bottom) without the words of headings merged down
    beside the rows' labels; a line left without words is left out.

    The official layout of table 三 (2019 and 2021) writes its labels in three columns, a heading
    merged down beside the rows it heads and centred in its merged cell: 三、本年度办理结果 |
    （三）不予公开 | 1.属于国家秘密. Without a line between the columns (a line under each row, a
    三线表), nothing tells the heading's cell from the rows' own labels: its lines stand beside
    theirs or between them (``理结果`` on the line of ``4.保护第三方``), and were read into their
    labels (“4.保护第三方合理结果法权益”), which then matched no row of the form.

    A heading's words are told by where they stand: the nearest label above them and the nearest
    under them each stand wholly to their right (a column further in), past the heading's own
    other lines and the headings further out. A row's own label has a label of its column over or
    under it (the row before or after it, at its depth) or the label of a shallower row running
    over it. The headings hold no figure and are rows of the form without cells: they are left
    out, and the rows under them are matched by their own labels (each unique in table 三).

    ``cut_top`` / ``cut_bottom``: the page cut the part there (a part continued from the page
    before; the page ends inside it): a heading's cell may be cut there too
    (:func:`_cut_by_the_page`). A part no page cut has whole cells at both edges: a label set
    with wide spacing there (合　　计, two words) is a row's label, no heading."""
    part = _Part(lines, columns, cut_top, cut_bottom)
    headings = {
        id(word)
        for i, words in enumerate(part.labels)
        for word in words
        if (_deeper(word, i, part, -1) and _deeper(word, i, part, 1))
        or _cut_by_the_page(word, i, part)
    }
    if not headings:
        return list(lines)
    kept = [[w for w in line.words if id(w) not in headings] for line in lines]
    return [
        TextLine(words, line.page_width) for line, words in zip(lines, kept, strict=True) if words
    ]


_MOST_LINES_WALKED = 4 * MAX_LABEL_LINES  # from a label word to the heading merged down beside it
# Label words of one line looked at: a real one has a handful (three label columns, a label
# broken by spacing); a crafted line of hundreds would cost each a walk over all the others'.
_MOST_LABEL_WORDS = 50


class _Part:
    """A table's part (its body's lines, top to bottom) as the merged headings are looked for:
    each line's label words (at most _MOST_LABEL_WORDS), top and bottom, worked out once; where
    the labels stand over each line and under it (a heading's cell cut by the page has only
    labels further in beyond it); and which edges the page cut."""

    def __init__(
        self, lines: Sequence[TextLine], columns: Columns, cut_top: bool, cut_bottom: bool
    ) -> None:
        self.labels = [
            [w for n, w in enumerate(line.words) if columns.column(w, n) == 0][:_MOST_LABEL_WORDS]
            for line in lines
        ]
        self.tops = [line.top for line in lines]
        self.bottoms = [line.bottom for line in lines]
        starts = [min((w.x0 for w in words), default=float("inf")) for words in self.labels]
        self.over = list(itertools.accumulate(starts, min, initial=float("inf")))
        self.under = list(itertools.accumulate(reversed(starts), min, initial=float("inf")))[::-1]
        self.cut_top = cut_top
        self.cut_bottom = cut_bottom

    def __len__(self) -> int:
        return len(self.labels)

    def open_end(self, first: int, last: int, right: float) -> bool:
        """Whether the page cut the part over line ``first`` or under line ``last`` and every
        label beyond them starts right of ``right``: nothing of its column or further out, up
        to the part's edge."""
        return (self.cut_top and self.over[first] > right) or (
            self.cut_bottom and self.under[last + 1] > right
        )

    def may_open(self, at: int, right: float) -> bool:
        """Whether :meth:`open_end` may hold for lines around ``at`` (the lines of a cell are
        at most _MOST_LINES_WALKED - 1 over or under it): told before walking them."""
        first = max(at - _MOST_LINES_WALKED + 1, 0)
        last = min(at + _MOST_LINES_WALKED - 1, len(self) - 1)
        return self.open_end(first, last, right)


def _deeper(word: Word, at: int, part: _Part, step: int) -> bool:
    """Whether the nearest label above ``word`` (``step`` -1) or under it (1) stands wholly to its
    right, past the word's own other lines (under or over it in its column, close)."""
    top, bottom = word.top, word.bottom  # of the word's own cell's lines met
    index = at + step
    # A heading merged down spans a block of rows, not a page: bounded, as a crafted tall page of
    # close lines would otherwise cost every label word a walk over all of them.
    last = at + step * _MOST_LINES_WALKED
    while 0 <= index < len(part) and index != last:
        others = part.labels[index]
        if not others:
            index += step  # figures alone: a wrapped label's row
            continue
        if any(other.x0 > word.x1 for other in others):
            return True
        if not any(_overlap(other, word) for other in others):
            index += step  # a heading further out, merged down beside it too
            continue
        gap = part.tops[index] - bottom if step > 0 else top - part.bottoms[index]
        if gap > LINE_GAP * max(word.bottom - word.top, 1.0):
            return False  # a label of its column: the word is a row's own label
        top, bottom = part.tops[index], part.bottoms[index]
        index += step
    return False


def _cut_by_the_page(word: Word, at: int, part: _Part) -> bool:
    """Whether ``word`` is a heading merged down whose cell the page cuts: the rows it heads on
    this page are one or two, its lines wrapped beside them (三、本年度办 | （一）予以公开 | 理结果 at
    a page's foot), so the nearest label on one side is a row's own label of its column (the
    row before the heading's first), and on the other side there is none up to the part's edge
    (its other rows on the next page). Told by a label a cell further in standing beside the
    word's own lines, and nothing of its column or further out beyond them to the part's edge
    (a row's own label never has another label beside it).

    A label further in on the word's own line counts only when it starts a row's label
    (（一）予以公开, 1.属于国家秘密): the rest of a label set with wide spacing (（七）总　　计,
    two words) is no label of its own."""
    if not part.may_open(at, word.x1):
        return False
    first, last, top, bottom = _own_lines(word, at, part)
    if not part.open_end(first, last, word.x1):
        return False
    apart = max(word.bottom - word.top, 1.0)  # a cell's padding, not a space inside a label
    return any(
        other.x0 - word.x1 > apart
        and top <= (other.top + other.bottom) / 2 <= bottom
        and (index != at or _NUMBERED.match(other.text) is not None)
        for index in range(first, last + 1)
        for other in part.labels[index]
    )


def _own_lines(word: Word, at: int, part: _Part) -> tuple[int, int, float, float]:
    """The lines of ``word``'s cell (the first and last index, the top and bottom): the label
    lines of its column close over and under it, lines beside them (labels further in or out,
    figures) passed over."""
    ends = [at, at]
    extent = [word.top, word.bottom]
    for step, side in ((-1, 0), (1, 1)):
        index = at + step
        while 0 <= index < len(part) and abs(index - at) < _MOST_LINES_WALKED:
            if not any(_overlap(other, word) for other in part.labels[index]):
                index += step
                continue
            gap = part.tops[index] - extent[1] if step > 0 else extent[0] - part.bottoms[index]
            if gap > LINE_GAP * max(word.bottom - word.top, 1.0):
                break
            ends[side] = index
            extent[side] = part.bottoms[index] if step > 0 else part.tops[index]
            index += step
    return ends[0], ends[1], extent[0], extent[1]


def _overlap(a: Word, b: Word) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1
