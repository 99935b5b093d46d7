"""A table in a PDF ruled with horizontal lines only, read from its rules and its text.

WPS's and Word's plainer table styles draw no line between the columns: a line under each row, or
a 三线表 (a line over the table, one under its header, one under the table). pdfplumber's ruled
table finder needs the columns' lines too and finds nothing; read as a table set without rulings
(:mod:`.pdf_text_table`), its header (merged cells, their text centred) and its long labels
(wrapped, the figures centred beside them) would come apart. Here:

* the table is the lines between two or more rules of one width, when they hold figures; a line of
  another size between two of them (a section's heading) ends one table and starts the next; a
  line set apart by a tall space over the first rule or under the last (a running header or
  footer) is none of its rows; on a page going on with a table from the page before, its last
  rows over a single rule (a 三线表's bottom line) are a table too (:func:`continued_rows`);
* its columns are where its figures stand (:class:`~.pdf_text_table.Columns`), its labels left of
  them;
* a row of its body is what lies between two rules: a label wrapped over lines and the figures
  beside any of them are one row. Between two rules holding several lines of figures (a 三线表's
  body) the lines are taken apart as a table set without rulings (:func:`.text_rows`);
* the header (the lines above the first line of figures) is laid out by blocks: the words of one
  cell (a label wrapped, or set one character a line) are one block; a block with others under it
  is a group heading, centred over its columns: it stands in the first of them (a merged cell's
  text is read there); a block's row in the header is the number of blocks above it. A column's
  own heading must stand over its figures (centred over them, or set to the same side): one that
  does not (headings set left over figures set right) could be read one column off, so such a
  header is kept as text and the table is named as not read (:func:`_stands_over`).

The official layout's three label columns (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密, the
headings merged down and centred beside the rows they head) are read by the rows' own labels: the
headings' words are left out (:func:`~.pdf_text_table.without_merged_headings`). A table continued
on the next page may start with a label's first line over its figures: that line is the body's,
not a header (:func:`~.pdf_text_table.labels_over`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from statistics import median

from govreport_gui.core.layout.import_docx import WordTable
from govreport_gui.core.layout.pdf_text_table import (
    Columns,
    Row,
    TextLine,
    TextTable,
    Word,
    Words,
    block_title,
    figure_line,
    is_figure,
    join_lines,
    labels_over,
    line_row,
    split_text_tables,
    text_rows,
    without_merged_headings,
)

RULE_SLACK = 2.0  # points: one rule's ends on two lines; a thin box's two edges are one rule
SIZE_SLACK = 0.3  # of the table's text height: a line larger or smaller is not the table's
BLOCK_GAP = 0.5  # of a line's height: lines of one cell stand closer than two cells' lines
GROUP_SLACK = 0.25  # of a block's height, above and below: blocks beside each other
EMPTY_BAND = 2.5  # of the table's text height: a space without text that high is no row


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on the page, ``y`` from the page's top."""

    x0: float
    x1: float
    y: float


def merge_rules(segments: Iterable[Rule]) -> list[Rule]:
    """Segments drawn at one height (a line drawn cell by cell, a thin box's two edges) as one
    rule each where they touch, top to bottom."""
    rows: list[list[Rule]] = []
    for rule in sorted(segments, key=lambda r: r.y):
        if rows and rule.y - rows[-1][0].y <= RULE_SLACK / 2:
            rows[-1].append(rule)
        else:
            rows.append([rule])
    merged: list[Rule] = []
    for row in rows:
        y = row[0].y
        current: list[float] = []
        for rule in sorted(row, key=lambda r: r.x0):
            if current and rule.x0 <= current[1] + RULE_SLACK:
                current[1] = max(current[1], rule.x1)
            else:
                if current:
                    merged.append(Rule(current[0], current[1], y))
                current = [rule.x0, rule.x1]
        merged.append(Rule(current[0], current[1], y))
    return merged


@dataclass
class Region:
    """Lines ``first`` to ``last`` (indexes in the run) between the rules at ``ys``."""

    first: int
    last: int
    ys: list[float]
    rules: list[Rule] = field(default_factory=list)  # every rule drawn across its columns


def ruled_regions(
    lines: Sequence[TextLine], rules: Sequence[Rule], continued: bool = False
) -> list[Region]:
    """The tables ruled with horizontal lines only among ``lines`` (sorted top to bottom); with
    ``continued``, also the last rows of a table from the page before over its bottom rule
    (:func:`continued_rows`)."""
    widths: list[list[Rule]] = []
    for rule in rules:
        for group in widths:
            if (
                abs(group[0].x0 - rule.x0) <= RULE_SLACK
                and abs(group[0].x1 - rule.x1) <= RULE_SLACK
            ):
                group.append(rule)
                break
        else:
            widths.append([rule])
    regions: list[Region] = []
    for group in widths:
        left, right = group[0].x0, group[0].x1
        ys = sorted(r.y for r in group)
        if len(group) < 2:
            found = continued_rows(lines, group[0]) if continued else None
            parts = [found] if found else []
        else:
            parts = _tables_of(lines, ys, left, right)
        for part in parts:
            inside = [r for r in rules if r.x0 >= left - RULE_SLACK and r.x1 <= right + RULE_SLACK]
            part.rules = [r for r in inside if part.ys[0] - 1 <= r.y <= part.ys[-1] + 1]
            regions.append(part)
    regions.sort(key=lambda r: r.first)
    # Two regions over one line (rules of two widths around one table): the first one wins.
    kept: list[Region] = []
    for region in regions:
        if not kept or region.first > kept[-1].last:
            kept.append(region)
    return kept


Band = tuple[float, float, list[int]]  # top, bottom, the indexes of the lines between


def _tables_of(
    lines: Sequence[TextLine], ys: list[float], left: float, right: float
) -> list[Region]:
    """The rules ``ys`` of one width split into tables: between two rules, a band holding a line
    of another size than the table's (a section's heading between two tables) or a line outside
    the rules' width, or a tall space without text, is no part of a table. The lines from the
    page's top to its first rule, and from its last rule to the page's end, are part of the table
    when all of them are lines of the table, with figures: its rows continued from the page
    before, or going on to the next (a 三线表 draws no rule where a page breaks it)."""
    bands: list[Band] = []
    for top, bottom in itertools.pairwise(ys):
        inside = [i for i, line in enumerate(lines) if top - 1 <= middle(line) <= bottom + 1]
        bands.append((top, bottom, inside))
    heights = [lines[i].height for _, _, inside in bands for i in inside]
    if not heights:
        return []
    start, end = _page_ends(lines, ys)
    # The table's size is its figures' (a section's heading alone between two rules is not: a
    # table continued from the page before, its rule at the foot only, is then read with it).
    figures = [
        lines[i].height
        for _, _, inside in [*bands, *(b for b in (start, end) if b)]
        for i in inside
        if figure_line(lines[i])
    ]
    size = median(figures or heights)

    def foreign(band: Band) -> bool:
        top, bottom, inside = band
        return (not inside and bottom - top > EMPTY_BAND * size) or any(
            abs(lines[i].height - size) > SIZE_SLACK * size
            or lines[i].x0 < left - RULE_SLACK
            or lines[i].x1 > right + RULE_SLACK
            for i in inside
        )

    def joins(band: Band | None) -> bool:
        return (
            band is not None and not foreign(band) and any(figure_line(lines[i]) for i in band[2])
        )

    bands = [
        *([start] if start and joins(start) else []),
        *bands,
        *([end] if end and joins(end) else []),
    ]
    tables: list[Region] = []
    current: list[Band] = []
    for band in [*bands, None]:
        if band is not None and not foreign(band):
            current.append(band)
            continue
        indexes = [i for _, _, inside in current for i in inside]
        contiguous = indexes and indexes[-1] - indexes[0] + 1 == len(indexes)
        if contiguous and any(figure_line(lines[i]) for i in indexes):
            edges = [current[0][0], *(b for _, b, _ in current)]
            tables.append(Region(indexes[0], indexes[-1], edges))
        current = []
    return tables


def continued_rows(lines: Sequence[TextLine], rule: Rule) -> Region | None:
    """The last rows of a table continued from the page before at the top of this page, over its
    bottom rule and no other (a 三线表 broken by the page: its last row or two on this page, no
    line over them): the lines over the rule, close together and to it, figures among them, in
    the figures' size and inside the rule's width, no figure above them on the page."""
    start, _ = _page_ends(lines, [rule.y])
    if start is None:
        return None
    inside = start[2]
    figures = [lines[i].height for i in inside if figure_line(lines[i])]
    if not figures or any(figure_line(line) for line in lines[: inside[0]]):
        return None
    size = median(figures)
    if not within(inside, lines, rule, size):
        return None
    return Region(inside[0], inside[-1], [start[0], rule.y])


def within(indexes: Sequence[int], lines: Sequence[TextLine], rule: Rule, size: float) -> bool:
    """Whether the lines are inside the rule's width and of the table's text ``size``."""
    return all(
        abs(lines[i].height - size) <= SIZE_SLACK * size
        and lines[i].x0 >= rule.x0 - RULE_SLACK
        and lines[i].x1 <= rule.x1 + RULE_SLACK
        for i in indexes
    )


def _page_ends(lines: Sequence[TextLine], ys: list[float]) -> tuple[Band | None, Band | None]:
    """The lines above the first rule and those under the last, as bands: those standing close
    to the rule, each close to the next. A line set apart from them by a tall space (a running
    header at the page's top, a footer at its foot: 示例县人民政府办公室2022年…年度报告) is not a
    row of the table."""
    above = [i for i, line in enumerate(lines) if middle(line) < ys[0] - 1]
    below = [i for i, line in enumerate(lines) if middle(line) > ys[-1] + 1]
    above = above[len(above) - _close_run(lines, above[::-1], ys[0], -1) :]
    below = below[: _close_run(lines, below, ys[-1], 1)]
    start = (lines[above[0]].top - 1, ys[0], above) if above else None
    end = (ys[-1], lines[below[-1]].bottom + 1, below) if below else None
    return start, end


def _close_run(lines: Sequence[TextLine], indexes: list[int], y: float, step: int) -> int:
    """How many of ``indexes`` (lines going away from the rule at ``y``: up, ``step`` -1, or
    down) stand close to it, each close to the one before: no space between them taller than
    EMPTY_BAND lines."""
    edge = y
    for count, i in enumerate(indexes):
        line = lines[i]
        gap = line.top - edge if step > 0 else edge - line.bottom
        if gap > EMPTY_BAND * line.height:
            return count
        edge = line.bottom if step > 0 else line.top
    return len(indexes)


def middle(line: TextLine) -> float:
    return line.top + line.height / 2


def split_tables(
    lines: list[TextLine], rules: Sequence[Rule], continued: bool = False, page_end: bool = False
) -> Iterator[WordTable | list[TextLine]]:
    """``lines`` as runs of text and the tables among them: those ruled with horizontal lines
    only (``rules``: the page's rules outside its ruled tables), then those set without rulings
    (:func:`.split_text_tables`) in the text between. ``continued``: the lines are a page's
    first, the page before ended inside a table (:func:`continued_rows`); ``page_end``: they are
    the page's last, a table reaching their end may go on on the next page."""
    start = 0
    for region in ruled_regions(lines, merge_rules(rules), continued):
        if region.first > start:
            yield from split_text_tables(lines[start : region.first], continued and start == 0)
        yield ruled_table(
            lines,
            region,
            cut_top=continued and region.first == 0,
            cut_bottom=page_end and region.last == len(lines) - 1,
        )
        start = region.last + 1
    if start < len(lines):
        yield from split_text_tables(lines[start:], continued and start == 0, page_end)


# ---------------------------------------------------------------------------------------------
# One table


def ruled_table(
    lines: Sequence[TextLine],
    region: Region,
    *,
    cut_top: bool = False,
    cut_bottom: bool = False,
) -> WordTable:
    """The table of ``region``: its header, then a row for each band between two rules (the lines
    of one band taken apart when it holds several lines of figures). ``cut_top`` /
    ``cut_bottom``: the page cut it at its top / at its end (:func:`.without_merged_headings`)."""
    table = list(lines[region.first : region.last + 1])
    first = next(i for i, line in enumerate(table) if figure_line(line))
    columns = Columns.of(table[first:])
    start = labels_over(table, first, parted=lambda line, below: _ruled(line, below, region.rules))
    body = without_merged_headings(table[start:], columns, cut_top=cut_top, cut_bottom=cut_bottom)
    left = min((r.x0 for r in region.rules), default=table[0].x0)
    right = max((r.x1 for r in region.rules), default=max(line.x1 for line in table))
    labels = [w.x1 for line in body for n, w in enumerate(line.words) if not columns.column(w, n)]
    edges = _edges(columns, left, right, max(labels, default=None))
    header = _header(table[:start], edges, columns.bands, region.rules)
    rows: list[Row] = []
    for top, bottom in itertools.pairwise(region.ys):
        band = [line for line in body if top - 1 <= middle(line) <= bottom + 1]
        if sum(1 for line in band if figure_line(line)) > 1 or any(map(block_title, band)):
            rows.extend(text_rows([line_row(line, columns) for line in band]))
        elif band:
            rows.append(_band_row(band, columns))
    cells = [*header, *(row.cells for row in rows)]
    rows_read = tuple(tuple(c or None for c in row) for row in cells)
    return TextTable(0, rows_read, bands=tuple(columns.bands))


def _ruled(line: TextLine, below: TextLine, rules: Sequence[Rule]) -> bool:
    """Whether a rule is drawn between ``line`` and the line ``below`` it."""
    return any(line.bottom <= r.y <= below.top for r in rules)


def _band_row(band: list[TextLine], columns: Columns) -> Row:
    """The lines of one row between two rules: the label's lines joined, each column's words
    joined (figures on lines of their own stay lines: one figure or several cannot be told)."""
    parts: list[list[str]] = [[] for _ in range(len(columns.bands) + 1)]
    for line in band:
        for n, word in enumerate(line.words):
            parts[columns.column(word, n)].append(word.text)
    cells = [join_lines(parts[0])]
    for texts in parts[1:]:
        if len(texts) > 1 and all(is_figure(t) for t in texts):
            cells.append("\n".join(texts))
        else:
            cells.append(join_lines(texts))
    return Row(cells)


# ---------------------------------------------------------------------------------------------
# The header


@dataclass
class _Block(Words):
    """The words of one header cell, the columns they stand over."""

    first: int
    last: int

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    def text(self) -> str:
        lines: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (w.top, w.x0)):
            if lines and abs(lines[-1][0].top - word.top) <= 2:
                lines[-1].append(word)
            else:
                lines.append([word])
        return join_lines(["".join(w.text for w in line) for line in lines])


def _edges(
    columns: Columns, left: float, right: float, labels_end: float | None
) -> list[tuple[float, float]]:
    """Each column's extent, its figures centred in it: the labels' from the table's left edge
    (none wide in a table without labels: table 四), then each band of figures out to half way
    to the next (the first as far to its left, not over the labels' ends), the last to the
    table's right edge. A single column of figures (a 2014 table printed 统计指标 | 统计数) reaches
    as far to the left of its figures as to their right: its heading, wider than the figures
    under it, stands in it, not in the labels' column."""
    bands = columns.bands
    if not bands:
        return [(left, right)]
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(bands)]
    half = median(gaps) / 2 if gaps else right - bands[0][1]
    first = left if labels_end is None else max(bands[0][0] - half, labels_end + 1)
    cuts = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(bands)]
    return list(itertools.pairwise([left, first, *cuts, right]))


def _header(
    lines: Sequence[TextLine],
    edges: list[tuple[float, float]],
    bands: list[tuple[float, float]],
    rules: Sequence[Rule],
) -> list[list[str]]:
    if not lines:
        return []
    blocks = _blocks([w for line in lines for w in line.words], edges, rules)
    _widen_groups(blocks, edges)
    heads = [b for b in blocks if b.last > 0]  # over the figures' columns
    depth = {
        id(b): sum(
            1
            for o in heads
            if o is not b and o.bottom <= b.top + 1 and o.first <= b.last and o.last >= b.first
        )
        for b in heads
    }
    # A block in the labels' column (信息内容, the stub's note) stands in the row of the headings
    # beside it; one above them all (第二十条第（一）项, the block's title) is a row of its own.
    top = min((o.top for o in heads), default=float("inf"))
    titles = sorted((b for b in blocks if b.last == 0 and b.bottom <= top), key=lambda b: b.top)
    for block in (b for b in blocks if b.last == 0 and b not in titles):
        level = [depth[id(o)] for o in heads if o.top < block.bottom and block.top < o.bottom]
        depth[id(block)] = max(level, default=max(depth.values(), default=0))
    for n, block in enumerate(titles):
        depth[id(block)] = n - len(titles)
    trusted = all(_stands_over(b, blocks, bands) for b in heads)
    rows = [[""] * len(edges) for _ in range(max(depth.values()) + 1 + len(titles))]
    for block in sorted(blocks, key=lambda b: (b.top, b.first)):
        # A header that does not stand over its figures (headings set left, figures right: a
        # heading's column cannot be told) is kept as text: no column is found by it.
        rows[depth[id(block)] + len(titles)][block.first if trusted else 0] += block.text()
    return rows


def _stands_over(block: _Block, blocks: list[_Block], bands: list[tuple[float, float]]) -> bool:
    """Whether a heading with none under it (a column's own) stands over its column's figures:
    centred over them, or set to the same side. One standing beside its figures, or in the
    labels' column, tells no column: its header is not to be read by."""
    if any(
        o is not block
        and o.top >= block.bottom - 1
        and o.first <= block.last
        and o.last >= block.first
        for o in blocks
    ):
        return True  # a group heading: placed by the headings under it
    if block.first < 1:
        return False
    x0, x1 = bands[block.first - 1]
    slack = block.height
    return block.x0 <= x1 + slack and block.x1 >= x0 - slack


def _overlapped(word: Word, edges: list[tuple[float, float]]) -> tuple[int, int]:
    """The columns a word stands over (by more than a fifth of it), the nearest when none."""
    width = max(word.x1 - word.x0, 1.0)
    cols = [
        n
        for n, (x0, x1) in enumerate(edges)
        if min(word.x1, x1) - max(word.x0, x0) > 0.2 * min(width, x1 - x0)
    ]
    if not cols:
        centre = (word.x0 + word.x1) / 2
        near = min(range(len(edges)), key=lambda n: abs(sum(edges[n]) / 2 - centre))
        return near, near
    return cols[0], cols[-1]


def _blocks(
    words: list[Word], edges: list[tuple[float, float]], rules: Sequence[Rule]
) -> list[_Block]:
    """Words of one cell in one block: over the same columns, on one line or each line close
    under the last, no rule between them."""
    blocks: list[_Block] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        first, last = _overlapped(word, edges)
        height = word.bottom - word.top
        for block in blocks:
            if (block.first, block.last) != (first, last):
                continue
            previous = block.words[-1]
            beside = abs(previous.top - word.top) <= 2 and word.x0 - previous.x1 <= 2 * height
            under = 0 <= word.top - block.bottom <= BLOCK_GAP * height
            if beside or (under and not _ruled_between(block, word, rules)):
                block.words.append(word)
                break
        else:
            blocks.append(_Block([word], first, last))
    return blocks


def _ruled_between(block: _Block, word: Word, rules: Sequence[Rule]) -> bool:
    return any(
        block.bottom <= r.y <= word.top and r.x0 <= word.x0 and r.x1 >= word.x1 for r in rules
    )


def _widen_groups(blocks: list[_Block], edges: list[tuple[float, float]]) -> None:
    """A block with others under it is a group heading, centred over the columns it heads: its
    columns are widened while they are there (never the labels' column), no block beside it
    (another group of its line) has them, each has a block under it, and the heading stays
    centred over them: on both sides alike, or on one side when that brings their middle nearer
    the heading's (a group over the table's first, wider column)."""

    def beside(a: _Block, b: _Block) -> bool:
        slack = GROUP_SLACK * a.height
        return a.top - slack < b.bottom and b.top < a.bottom + slack

    def under(block: _Block, col: int) -> bool:
        return any(
            o is not block and o.top >= block.bottom - 1 and o.first <= col <= o.last
            for o in blocks
        )

    def free(block: _Block, col: int) -> bool:
        return (
            1 <= col < len(edges)
            and under(block, col)
            and not any(
                o is not block and beside(block, o) and o.first <= col <= o.last for o in blocks
            )
        )

    def off(block: _Block, first: int, last: int) -> float:
        return abs((edges[first][0] + edges[last][1]) / 2 - block.centre)

    groups = [
        b for b in blocks if b.first > 0 and any(under(b, c) for c in range(b.first, b.last + 1))
    ]
    widening = True
    while widening:
        widening = False
        for block in groups:
            first, last = block.first, block.last
            now = off(block, first, last)
            if free(block, first - 1) and free(block, last + 1):
                if off(block, first - 1, last + 1) <= max(now, block.height):
                    block.first, block.last = first - 1, last + 1
                    widening = True
                continue
            for a, b in ((first - 1, last), (first, last + 1)):
                if free(block, a if a < first else b) and off(block, a, b) < now:
                    block.first, block.last = a, b
                    widening = True
                    break
