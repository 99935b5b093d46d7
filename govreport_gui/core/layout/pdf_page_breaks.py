"""A table broken by a page in a PDF: its start at the foot of one page, the rest on the next.

Word and WPS break a long table where the page ends, and a table set without vertical lines then
gives each page's part alone no way to tell it is a table's: table 四's header broken after
行政复议 | 行政诉讼 (no figure under it on its page), a 2014 table's header and a row or two at the
foot (too few rows to be told from text), a row's label begun at the foot with its figures beside
its end on the next page. Such a start is held back from its page (:func:`page_foot`) and read with
the next page's first lines, moved to stand just over them (:func:`split_after_foot`): kept when
the two make one table, else read on its own as before. The rest of a table continued from the
page before (its last rows over its bottom rule, a label's end) is read by
:func:`~.pdf_row_rules.split_tables` (``continued``) and :func:`~.pdf_text_table.label_over_page`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from govreport_gui.core.layout.import_docx import WordTable
from govreport_gui.core.layout.pdf_row_rules import (
    RULE_SLACK,
    Rule,
    merge_rules,
    middle,
    split_tables,
    within,
)
from govreport_gui.core.layout.pdf_text_table import (
    TextLine,
    block_title,
    figure_line,
    label_start_at_foot,
    table_start_at_foot,
)

FOOT_LINES = 16  # lines of a header at a page's foot (table 四's headings set a character a line)
LABEL_GAP = 0.2  # of a line's height: between a label's lines joined over a page break


@dataclass
class FootStart:
    """The start of a table (or of a row) at the foot of a page, read with the next page's first
    lines: a header ruled with horizontal lines only, no figure in it (table 四's 行政复议 |
    行政诉讼 at the foot, the rest of its header and its figures on the next page; ``rules``:
    those drawn across it), the header and a row or two of a table set without rulings, or
    (``label``) the first lines of a row's label, its figures beside its end on the next page."""

    lines: list[TextLine]
    rules: list[Rule]
    label: bool = False


def foot_header(lines: list[TextLine], rules: Sequence[Rule]) -> FootStart | None:
    """The lines at the end of ``lines`` (a page's last run, top to bottom) that start a table at
    the page's foot, without a figure: from a rule drawn over them, all of them inside its width
    and in one size, nothing of a table of that width above the rule (the band up to the rule
    before it holds a line of another size or width: a section's heading). None when the page
    does not end so."""
    merged = merge_rules(rules)
    for rule in merged:
        start = next((i for i, line in enumerate(lines) if middle(line) > rule.y), None)
        if start is None or len(lines) - start > FOOT_LINES:
            continue
        foot = lines[start:]
        if _table_lines(foot, rule, foot[0].height) and not _table_above(lines, merged, rule):
            width = [r for r in merged if _same_width(r, rule) and r.y >= rule.y - 1]
            return FootStart(foot, width)
    return None


Blocks = list[Any]  # a page's tables and runs of text lines, in order


def page_foot(
    blocks: Blocks, rules: Sequence[Rule], run: Sequence[TextLine]
) -> tuple[Blocks, FootStart | None]:
    """``blocks`` (a page's, in order; ``run``: the lines of its last run of text) without the
    start of a table at the page's foot, and that start, to be read with the next page's first
    lines (:func:`split_after_foot`): a header ruled with horizontal lines only
    (:func:`foot_header`), the header and the first row or two of a table set without
    rulings, too few rows to be told from text on their own
    (:func:`~.pdf_text_table.table_start_at_foot`), or a label's first lines under the last
    row of a table (:func:`~.pdf_text_table.label_start_at_foot`)."""
    if not blocks or not isinstance(blocks[-1], list):
        return blocks, None
    lines = blocks[-1]
    foot = foot_header(lines, rules)
    if foot is None:
        start = table_start_at_foot(lines, FOOT_LINES)
        foot = None if start is None else FootStart(lines[start:], [])
    after_table = len(blocks) > 1 and isinstance(blocks[-2], WordTable)
    if foot is None and after_table and label_start_at_foot(run, len(lines)):
        foot = FootStart(lines, [], label=True)
    if foot is None:
        return blocks, None
    kept = lines[: len(lines) - len(foot.lines)]
    return [*blocks[:-1], *([kept] if kept else [])], foot


def _same_width(a: Rule, b: Rule) -> bool:
    return abs(a.x0 - b.x0) <= RULE_SLACK and abs(a.x1 - b.x1) <= RULE_SLACK


def _table_lines(lines: Sequence[TextLine], rule: Rule, size: float) -> bool:
    """Whether ``lines`` may be a header's under ``rule``: inside its width, in one size, no
    figures."""
    figures = any(figure_line(line) for line in lines)
    return not figures and within(range(len(lines)), lines, rule, size)


def _table_above(lines: Sequence[TextLine], rules: Sequence[Rule], rule: Rule) -> bool:
    """Whether a table ruled as ``rule`` goes on above it: the band up to the rule of its width
    before it holds lines of the table's size and width only (its rows, not a heading)."""
    above = [r for r in rules if _same_width(r, rule) and r.y < rule.y - RULE_SLACK]
    if not above:
        return False
    top = above[-1].y
    band = [line for line in lines if top <= middle(line) <= rule.y]
    size = next((line.height for line in lines if middle(line) > rule.y), 0.0)
    return bool(band) and _table_lines([ln for ln in band if not figure_line(ln)], rule, size)


def split_after_foot(
    foot: FootStart, lines: list[TextLine], rules: Sequence[Rule], page_end: bool = False
) -> tuple[list[WordTable | list[TextLine]], list[TextLine]] | None:
    """``lines`` (the first run of the next page) as :func:`split_tables` reads them with the
    start of a table at the previous page's foot set just over them, when the two make one
    table (the next page starts with the rest of it): else None, and the foot is read on its
    own. A table set without rulings goes on under no header of its own: a page starting with
    a line of several words apart, no figure, starts a table of its own (or is text). Returns
    the blocks and the lines they were read from (the foot's moved over the page's).
    ``page_end``: ``lines`` are the page's last too (:func:`split_tables`)."""
    if not lines:
        return None
    # (a block's title at the foot, 第二十条第（五）项, is followed by its own header: table 二's
    # blocks are one table)
    header = len(lines[0].words) >= 2 and not figure_line(lines[0])
    if not foot.rules and header and not block_title(foot.lines[-1]):
        return None
    joint = _joint(foot, lines, rules)
    joined = [*(_moved(line, joint) for line in foot.lines), *lines]
    moved_rules = [_moved_rule(r, joint) for r in foot.rules]
    # a label's first lines: the rows they go on with are those of a table from the page before
    blocks = list(split_tables(joined, [*moved_rules, *rules], foot.label, page_end))
    if not blocks or isinstance(blocks[0], list):
        return None
    return blocks, joined


def _joint(foot: FootStart, lines: Sequence[TextLine], rules: Sequence[Rule]) -> float:
    """How far to move the foot's lines and rules so that they stand just over the next page's
    first line: its rule at the foot (else half a line under its last line) on the next page's
    rule over its first line (else half a line over it); a label's lines as close as the lines
    of one cell."""
    last, first = foot.lines[-1], lines[0]
    if foot.label:
        return first.top - LABEL_GAP * last.height - last.bottom
    under = [r.y for r in foot.rules if r.y >= last.bottom - 1]
    bottom = min(under) if under else last.bottom + last.height / 2
    width = foot.rules[:1]  # the rules of the foot's table are of one width
    over = [
        r.y
        for r in merge_rules(rules)
        if r.y <= first.top + 1 and any(_same_width(r, w) for w in width)
    ]
    top = max(over) if over else first.top - first.height / 2
    return top - bottom


def _moved(line: TextLine, by: float) -> TextLine:
    words = [replace(w, top=w.top + by, bottom=w.bottom + by) for w in line.words]  # its look too
    return TextLine(words, line.page_width)


def _moved_rule(rule: Rule, by: float) -> Rule:
    return Rule(rule.x0, rule.x1, rule.y + by)
