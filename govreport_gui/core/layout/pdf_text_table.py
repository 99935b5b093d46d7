"""A table without rulings in a PDF, read from the alignment of its text.

Some published reports set the statistics table as text in columns (no lines drawn), so
pdfplumber's ruled-table finder sees nothing. Such a table shows itself as a run of lines that end
in figures (``主动公开政府信息数  条  1190``). Its columns are where the words after each line's
label stand: their horizontal extents, overlapping from line to line, give the column bands. The
header lines just above (``统计指标  单位  统计数``: several words apart) and the rows without
figures inside (``三、本年度办理结果``) are laid out on the same bands; a word over several bands
(a group heading) goes in the first, as a merged cell's text does in a workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from govreport_gui.core.layout.import_docx import WordTable

MIN_ROWS = 3  # fewer lines with figures in a row are text, not a table
MAX_GAP_LINES = 3  # lines without figures (headings of rows) inside the table
MAX_HEADER_LINES = 4

# A figure as written in a table cell: 12, 1,190, 24.5, 0, and the marks for "not applicable".
_FIGURE = re.compile(r"^(?:[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?%?|[/／—–\-－]+|——)$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


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


def split_text_tables(lines: list[TextLine]) -> Iterator[WordTable | list[TextLine]]:
    """``lines`` as runs of text and the tables set without rulings among them, in order."""
    start = 0
    index = 0
    while index < len(lines):
        if not figure_line(lines[index]):
            index += 1
            continue
        end = _region_end(lines, index)
        figure_rows = sum(1 for line in lines[index : end + 1] if figure_line(line))
        if figure_rows < MIN_ROWS:
            index = end + 1
            continue
        top = _header_start(lines, index, start)
        if top > start:
            yield lines[start:top]
        yield _table(lines[top : end + 1], lines[index : end + 1])
        start = index = end + 1
    if start < len(lines):
        yield lines[start:]


def _region_end(lines: list[TextLine], first: int) -> int:
    end = first
    gap = 0
    for i in range(first + 1, len(lines)):
        if figure_line(lines[i]):
            end, gap = i, 0
        else:
            gap += 1
            if gap > MAX_GAP_LINES:
                break
    return end


def _header_start(lines: list[TextLine], first: int, floor: int) -> int:
    """The header's first line: the lines just above the first row with several words apart."""
    top = first
    while top - 1 >= floor and first - top < MAX_HEADER_LINES and len(lines[top - 1].words) >= 2:
        top -= 1
    return top


def _bands(rows: list[TextLine]) -> list[tuple[float, float]]:
    """Column bands from the words after each row's label, overlapping extents merged."""
    spans: list[tuple[float, float]] = []
    for line in rows:
        words = line.words if is_figure(line.words[0].text) else line.words[1:]
        spans.extend((w.x0, w.x1) for w in words)
    spans.sort()
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + 1:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(b[0], b[1]) for b in bands]


@dataclass
class Columns:
    """Where a table's columns stand: the bands of its figures, and where its labels start."""

    bands: list[tuple[float, float]]
    label_start: float

    @classmethod
    def of(cls, figure_rows: list[TextLine]) -> Columns:
        bands = _bands(figure_rows)
        first = bands[0][0] if bands else float("inf")
        # Where labels start, the most indented one included: a header's first word that starts
        # right of that (自然人 over the first column, wider than its figures) is no label.
        starts = [line.words[0] for line in figure_rows if not is_figure(line.words[0].text)]
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


def _table(lines: list[TextLine], body: list[TextLine]) -> WordTable:
    columns = Columns.of([line for line in body if figure_line(line)])
    rows = text_rows([line_row(line, columns) for line in lines])
    return WordTable(0, tuple(tuple(c or None for c in row.cells) for row in rows))


def text_rows(lines: list[Row]) -> list[Row]:
    """The rows of a table set as text, its lines read one by one: a label wrapped over lines is
    one row with the figures beside any of its lines (the first, the last, or between)."""
    label_right = max((row.label_end for row in lines), default=0.0)
    rows: list[Row] = []
    for n, row in enumerate(lines):
        above = rows[-1] if rows else None
        after = lines[n + 1] if n + 1 < len(lines) else None
        starts = after is not None and _starts(row, after, label_right)
        if above is not None and not starts and _continues(above.cells, row.cells):
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


def _continues(above: list[str], cells: list[str]) -> bool:
    """Whether a line holding only a label's words goes on with the label above it: that one
    stops inside brackets (a note wrapped: （不同渠道和方式公开相同信息计1条）) or at a comma, or
    it is a row of figures and this line starts no numbered row of its own (``1.申请人无正当理由
    逾期不补正、行政机关不再  64 …`` then ``处理其政府信息公开申请``: the figures stand on the
    label's first line). A numbered line without figures is a heading row (（四）无法提供)."""
    label = above[0]
    if not label or not cells[0] or any(cells[1:]) or _ARTICLE.match(cells[0]):
        return False
    opened = label.count("（") + label.count("(") - label.count("）") - label.count(")")
    if opened > 0 or label.endswith(("，", "、", ",")):
        return True
    return any(above[1:]) and not _NUMBERED.match(cells[0])


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


def _column(word: Word, bands: list[tuple[float, float]]) -> int:
    """The first band the word overlaps, else the nearest by centre."""
    for n, (x0, x1) in enumerate(bands):
        if word.x0 <= x1 and word.x1 >= x0:
            return n
    centre = (word.x0 + word.x1) / 2
    return min(range(len(bands)), key=lambda n: abs((bands[n][0] + bands[n][1]) / 2 - centre))
