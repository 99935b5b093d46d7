"""The conditional formats of a worksheet, read from its part (for :mod:`.workbook_view`).

openpyxl reads a sheet's own ``<conditionalFormatting>``, but drops a rule whose range it cannot
parse (``sqref="C:C"``, which Excel applies) and the whole of Excel 2010's
``<x14:conditionalFormatting>`` (in the sheet's ``extLst``: icon sets and data bars of its own, rules
carrying their differential format inline in ``<x14:dxf>``). Both kinds are read here from the
part, through defusedxml, keeping the ``<conditionalFormatting>`` elements and nothing else (the
rows are skipped, not built).

What is kept of a rule is what can change how a cell shows: its type, its differential format (a
``<dxf>`` of styles.xml by ``dxfId``, or the inline one: :class:`Differential`), a
``showValue="0"`` that shows a data bar or icons instead of the value, a colour scale's colours
(the fills it gives), and a “cell value” rule's comparison (``cellIs``: its operator and
formulas), which :func:`may_apply` judges for one value when the rule compares with numbers
written in it (“等于 0”, the common way to hide zeros). The differential formats are read here too (:func:`read_differentials`):
openpyxl's reading cannot tell a fill colour not written from black. A crafted sheet may
carry thousands of rules or a range list of thousands of cells: at most :data:`MAX_RULES` rules
are kept (:attr:`ConditionalFormats.count` says how many there are), and :func:`cell_ranges` is
read by the caller within a budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import IO, Any
from xml.etree.ElementTree import Element, TreeBuilder

# A template carries a few rules; a sheet with more is not one (each rule is judged over every
# figure it covers).
MAX_RULES = 500
LAST_ROW = 1_048_576  # Excel's: what an open range (C:C) reaches
LAST_COLUMN = 16_384

# What a rule showing no value (showValue="0") shows instead.
_SHOWN_INSTEAD = {"dataBar": "数据条", "iconSet": "图标集", "colorScale": "色阶"}


@dataclass(frozen=True)
class Differential:
    """What a differential format (``<dxf>``) sets that can hide text."""

    font: Any = None  # its font (openpyxl Font: what it leaves unset is the cell's), or None
    fmt: str = ""  # its number format, or ""
    fills: tuple[Any, ...] = ()  # the colours its fill may give the cell (openpyxl Color)


@dataclass(frozen=True)
class ConditionalRule:
    where: str  # the ranges it applies to, as written (sqref)
    kind: str  # its type: expression, cellIs, containsErrors, dataBar…
    dxf: Differential | None = None  # its differential format
    instead: str = ""  # 数据条 / 图标集 when showValue="0" shows that instead of the value
    scale: tuple[Any, ...] = ()  # a colour scale's colours (openpyxl Color): the fills it gives
    operator: str = ""  # a cellIs rule's comparison (equal, greaterThan, between…)
    formulas: tuple[str, ...] = ()  # a cellIs rule's operands, as written (0, 100, $D$1…)


@dataclass
class ConditionalFormats:
    ranges: list[str] = field(default_factory=list)  # each format's ranges, as written
    rules: list[ConditionalRule] = field(default_factory=list)
    count: int = 0  # the rules found, more than kept when over MAX_RULES

    @property
    def too_many(self) -> bool:
        return self.count > MAX_RULES


def read_differentials(source: IO[bytes]) -> list[Element]:
    """The differential formats of a styles part (``<dxf>`` of ``<dxfs>``), in order: what
    ``dxfId`` counts. Left as elements: only those a rule uses are read."""
    found = _kept(source, "dxfs")
    return [dxf for dxfs in found.found for dxf in dxfs if _local(dxf.tag) == "dxf"]


def read_conditional_formats(source: IO[bytes], dxfs: Sequence[Element]) -> ConditionalFormats:
    """The conditional formats of the worksheet part ``source``; ``dxfs``: the workbook's
    differential formats (:func:`read_differentials`)."""
    target = _kept(source, "conditionalFormatting")
    formats = ConditionalFormats(count=target.rules)
    for element in target.found:
        where = element.get("sqref") or next(
            (child.text or "" for child in element if _local(child.tag) == "sqref"), ""
        )
        where = " ".join(where.split())
        formats.ranges.append(where)
        formats.rules.extend(
            _rule(child, where, dxfs) for child in element if _local(child.tag) == "cfRule"
        )
    return formats


# A cellIs rule's comparisons, each over the value and the operands as numbers.
_COMPARISONS: dict[str, Callable[[Decimal, list[Decimal]], bool]] = {
    "equal": lambda v, o: v == o[0],
    "notEqual": lambda v, o: v != o[0],
    "greaterThan": lambda v, o: v > o[0],
    "greaterThanOrEqual": lambda v, o: v >= o[0],
    "lessThan": lambda v, o: v < o[0],
    "lessThanOrEqual": lambda v, o: v <= o[0],
    "between": lambda v, o: o[0] <= v <= o[1],
    "notBetween": lambda v, o: not o[0] <= v <= o[1],
}
_OPERANDS = {"between": 2, "notBetween": 2}
# A number as a formula writes it: no sign of its own but a leading minus, no spaces inside.
_NUMBER_CHARS = frozenset("0123456789.Ee+-")


def may_apply(rule: ConditionalRule, value: Any) -> bool:
    """Whether ``rule`` may apply to a cell holding ``value``. False only for a “cell value” rule
    (``cellIs``) comparing with numbers written in it, which the figure ``value`` (an int or a
    Decimal) does not meet: “等于 0 → 白色” leaves 370 as it is. Any other condition (a formula, an
    operand that is another cell or a text, a value that is a text or a formula, a ``between``
    whose bounds are reversed, an operator Excel does not have) is taken as applying: it is not
    evaluated here, and an honest template has no rule that hides a figure, whatever it says."""
    if rule.kind != "cellIs" or isinstance(value, bool) or not isinstance(value, int | Decimal):
        return True
    if isinstance(value, Decimal) and not value.is_finite():
        return True
    condition = _condition(rule.operator, rule.formulas)
    if condition is None:
        return True
    compare, numbers = condition
    return compare(Decimal(value), numbers)


@lru_cache(maxsize=256)  # a rule is judged on every figure it covers: its operands read once
def _condition(
    operator: str, formulas: tuple[str, ...]
) -> tuple[Callable[[Decimal, list[Decimal]], bool], list[Decimal]] | None:
    """The comparison of a cellIs rule and its operands as numbers, or None when it is none that
    is judged here (an unknown operator, an operand that is no number written out, reversed
    bounds)."""
    compare = _COMPARISONS.get(operator)
    wanted = _OPERANDS.get(operator, 1)
    if compare is None or len(formulas) < wanted:
        return None
    numbers = [n for n in (_number(f) for f in formulas[:wanted]) if n is not None]
    if len(numbers) != wanted or (wanted == 2 and numbers[0] > numbers[1]):
        return None
    return compare, numbers


def _number(formula: str) -> Decimal | None:
    """The number a formula is when it is one written out (``0``, ``-1.5``, ``1E3``), else None."""
    text = formula.strip()
    if text.startswith("="):  # as some programs write a formula
        text = text[1:].strip()
    if not text or len(text) > 40 or not set(text) <= _NUMBER_CHARS:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError:  # decimal.InvalidOperation
        return None
    return number if number.is_finite() else None


def cell_ranges(where: str) -> Iterator[tuple[int, int, int, int]]:
    """The ranges of a range list (``C5:C68 E5``, ``C:C``, ``5:5``) as (row1, col1, row2, col2);
    what is no range is skipped (Excel would not open such a file)."""
    from openpyxl.utils.cell import range_boundaries

    for token in where.split():
        try:
            c1, r1, c2, r2 = range_boundaries(token.replace("$", ""))
        except (ValueError, TypeError):
            continue
        rows = (r1 or 1, r2 or LAST_ROW)
        cols = (c1 or 1, c2 or LAST_COLUMN)
        yield min(rows), min(cols), max(rows), max(cols)


def _kept(source: IO[bytes], name: str) -> _Keep:
    """The elements named ``name`` (in any namespace) of the XML part ``source``, parsed through
    defusedxml (no DTD, no entities), nothing else built."""
    from defusedxml.ElementTree import DefusedXMLParser

    target = _Keep(name)
    parser = DefusedXMLParser(target=target)
    while chunk := source.read(256 * 1024):
        parser.feed(chunk)
    parser.close()
    return target


class _Keep:
    """An expat target building the elements named ``name`` only, counting the rules; past
    MAX_RULES nothing more is built."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[Element] = []
        self.rules = 0
        self._builder: TreeBuilder | None = None
        self._depth = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = _local(tag)
        if name == "cfRule":
            self.rules += 1
        if self._builder is None:
            if name != self.name or self.rules >= MAX_RULES:
                return
            self._builder = TreeBuilder()
        self._depth += 1
        self._builder.start(tag, attrib)

    def end(self, tag: str) -> None:
        if self._builder is None:
            return
        self._builder.end(tag)
        self._depth -= 1
        if self._depth == 0:
            self.found.append(self._builder.close())
            self._builder = None

    def data(self, text: str) -> None:
        if self._builder is not None:
            self._builder.data(text)

    def close(self) -> None:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rule(element: Element, where: str, dxfs: Sequence[Element]) -> ConditionalRule:
    dxf = _by_id(element.get("dxfId"), dxfs)
    instead = ""
    scale: tuple[Any, ...] = ()
    formulas: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name in ("formula", "f"):  # <formula>, or Excel 2010's <xm:f>
            formulas.append(child.text or "")
        elif name == "dxf":  # Excel 2010's rules carry theirs inline
            dxf = _differential(child)
        elif name in _SHOWN_INSTEAD:
            if (child.get("showValue") or "").strip() in ("0", "false"):
                instead = _SHOWN_INSTEAD[name]
            if name == "colorScale":
                colours = (_colour(c) for c in child if _local(c.tag) == "color")
                scale = tuple(c for c in colours if c is not None)
    return ConditionalRule(
        where,
        element.get("type") or "",
        dxf,
        instead,
        scale,
        element.get("operator") or "",
        tuple(formulas),
    )


def _by_id(dxf_id: str | None, dxfs: Sequence[Element]) -> Differential | None:
    try:
        index = int(dxf_id or "")
    except ValueError:
        return None
    return _differential(dxfs[index]) if 0 <= index < len(dxfs) else None


def _differential(element: Element) -> Differential:
    """A ``<dxf>``; what of it cannot be read (a font, a colour openpyxl refuses) is left out:
    nothing it would do can be said, and Excel would not open such a file."""
    from openpyxl.styles.fonts import Font

    font = None
    fmt = ""
    fills: list[Any] = []
    for child in element:
        name = _local(child.tag)
        if name == "font":
            try:
                font = Font.from_tree(child)
            except Exception:  # openpyxl raises many kinds for a crafted element
                font = None
        elif name == "numFmt":
            fmt = child.get("formatCode") or ""
        elif name == "fill":
            fills = [c for kind in child for c in _fill_colours(kind)]
    return Differential(font, fmt, tuple(c for c in fills if c is not None))


def _fill_colours(fill: Element) -> list[Any]:
    """The colours a ``<patternFill>`` or ``<gradientFill>`` of a dxf may give a cell. In a dxf
    Excel takes a solid fill's colour from bgColor (a cell's own fill takes it from fgColor),
    LibreOffice from fgColor: both count. Indexed 64 is “automatic”, no colour of its own."""
    if _local(fill.tag) == "gradientFill":
        return [_colour(c) for stop in fill for c in stop if _local(c.tag) == "color"]
    if _local(fill.tag) != "patternFill" or fill.get("patternType") == "none":
        return []
    return [
        _colour(c)
        for c in fill
        if _local(c.tag) in ("fgColor", "bgColor") and c.get("indexed") != "64"
    ]


def _colour(element: Element) -> Any:
    from openpyxl.styles.colors import Color

    try:
        return Color.from_tree(element)
    except Exception:  # openpyxl raises many kinds for a crafted element
        return None
