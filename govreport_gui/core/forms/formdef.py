"""The form model: one official format version per TOML file in ``forms/``, read into immutable
objects (:class:`FormDef`, :class:`Table`, :class:`Row`, :class:`Column`, :class:`Cell`,
:class:`RuleDef`, …).

A form file is read by :func:`~govreport_gui.core.forms.form_file.load_form`: from the form
cache, or built by :mod:`form_build`, which refuses a file that is inconsistent, naming the file,
the line and the problem (:class:`FormDefinitionError`). The file format is documented in
``forms/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property

from govreport_gui.core.forms.record import Record, refuse_state, set_fields
from govreport_gui.core.forms.rule_expr import (
    Comparison,
    Const,
    Max,
    Ref,
    Term,
)
from govreport_gui.core.forms.sections import (
    Guidance,
    SectionDef,
)
from govreport_gui.core.forms.text_figures import TextFigure
from govreport_gui.core.forms.values import Kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    import re  # imported where a pattern is made: a check makes none (issue 14)
    from typing import ClassVar


HEADING_UNIT = "——"
# Parts of a form file left out of its fingerprint (``meaning``): they change no report's content.
NOT_MEANING = frozenset({"help", "text_figures", "sections", "document_title", "sections_editable"})
FIELD_PLACES = ("header", "footer")


class Severity(StrEnum):
    """How bad a failing rule is: an error must be corrected, a warning may be explained (说明).

    The values are what the form files write (``severity = "warning"``)."""

    ERROR = "error"
    WARNING = "warning"

    __setstate__ = refuse_state  # neither Severity nor a member changes when a form cache is read


SEVERITIES = tuple(Severity)


class FormDefinitionError(ValueError):
    """A form file that cannot be used; the message names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class FieldDef(Record):
    key: str
    label: str
    print_label: str
    place: str  # "header" or "footer"
    required: bool
    kind: str  # "text", "year" or "date"
    # Printed with an empty line to sign on when blank (the 2014 统计表's footer), or only when
    # filled (the 2019/2021 tables have no such footer).
    print_blank: bool = True


class Column(Record):
    id: str
    label: str
    short: str
    groups: tuple[str, ...]
    kind: Kind | None
    # False: the column's figures cannot be added up over units (a rate, a unit's own limit):
    # a consolidation (汇总, issue 17) names its cells and leaves them for the user.
    additive: bool = True
    # Other headers published reports print for this column (合计 for 总计): read by the imports,
    # never printed, left out of the fingerprint.
    aliases: tuple[str, ...] = ()


class Row(Record):
    id: str
    label: str
    note: str
    unit: str
    indent: int
    heading: bool
    short: str
    kind: Kind | None
    additive: bool = True  # as a column's ``additive``
    # as a column's ``aliases`` (the 2019 format's 规范性文件, printed in 2021 reports)
    aliases: tuple[str, ...] = ()

    def __init__(  # see Record
        self,
        id: str,
        label: str,
        note: str,
        unit: str,
        indent: int,
        heading: bool,
        short: str,
        kind: Kind | None,
        additive: bool = True,
        aliases: tuple[str, ...] = (),
    ) -> None:
        set_fields(
            self,
            {
                "id": id,
                "label": label,
                "note": note,
                "unit": unit,
                "indent": indent,
                "heading": heading,
                "short": short,
                "kind": kind,
                "additive": additive,
                "aliases": aliases,
            },
        )

    @property
    def full_label(self) -> str:
        return f"{self.label}{self.note}"


class Cell(Record):
    id: str
    index: int
    table_id: str
    row: Row
    column: Column
    kind: Kind
    label: str  # a short readable name for messages: 收到申请数, 予以公开（自然人）

    def __init__(  # see Record
        self, id: str, index: int, table_id: str, row: Row, column: Column, kind: Kind, label: str
    ) -> None:
        set_fields(
            self,
            {
                "id": id,
                "index": index,
                "table_id": table_id,
                "row": row,
                "column": column,
                "kind": kind,
                "label": label,
            },
        )

    @property
    def unit(self) -> str:
        return self.row.unit

    @property
    def additive(self) -> bool:
        """Whether a consolidation may sum this cell over units (a number, in an additive row and
        column)."""
        return self.kind is not Kind.TEXT and self.row.additive and self.column.additive


class RuleDef(Record):
    """One check, after a per-column / per-row rule has been expanded to concrete cells."""

    id: str
    base_id: str  # the id written in the form file
    severity: Severity
    expr: Comparison  # refs are resolved cell ids
    description: str
    table_id: str
    line: int | None

    def __init__(  # see Record
        self,
        id: str,
        base_id: str,
        severity: Severity,
        expr: Comparison,
        description: str,
        table_id: str,
        line: int | None,
    ) -> None:
        set_fields(
            self,
            {
                "id": id,
                "base_id": base_id,
                "severity": severity,
                "expr": expr,
                "description": description,
                "table_id": table_id,
                "line": line,
            },
        )


class HelpEntry(Record):
    """An official explanation of a row or a table, quoted with where it comes from.

    Only text found in an official document (a notice, its attached format, the regulation) is
    written here; a row with no such text has no entry (the window then says so, it never guesses).
    """

    table_id: str
    row_id: str  # "" for an entry about the whole table
    text: str
    source: str  # the document, and the article / section quoted


class Table(Record):
    id: str
    title: str
    section: str
    stub_header: str
    stub_note: str
    unit_header: str
    show_unit: bool
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]
    _not_shown: ClassVar[frozenset[str]] = frozenset({"cells"})

    def cell_at(self, row_id: str, column_id: str) -> Cell | None:
        for cell in self.cells:
            if cell.row.id == row_id and cell.column.id == column_id:
                return cell
        return None

    @property
    def header_depth(self) -> int:
        """Rows of column headers: the deepest group path plus the column labels."""
        return 1 + max((len(c.groups) for c in self.columns), default=0)


class FormDef(Record):
    id: str
    title: str
    basis: str
    first_year: int | None
    last_year: int | None
    fields: tuple[FieldDef, ...]
    tables: tuple[Table, ...]
    rules: tuple[RuleDef, ...]
    # What the fingerprint is taken over: the form file's data less its help, as canonical JSON.
    # Hashed on first use (:attr:`fingerprint`), so that a check imports no ``hashlib``.
    meaning: str
    source: str
    cells: tuple[Cell, ...]
    _cell_by_id: Mapping[str, Cell]
    help: tuple[HelpEntry, ...] = ()

    def help_for(self, table_id: str, row_id: str) -> tuple[list[HelpEntry], list[HelpEntry]]:
        """The official explanations of a row, and those of its whole table."""
        row = [h for h in self.help if h.table_id == table_id and h.row_id == row_id and row_id]
        table = [h for h in self.help if h.table_id == table_id and not h.row_id]
        return row, table

    # The printed title, with {unit}, {year} and {title} from the fields.
    report_title: str = "{title}（{year}年度）"
    # The whole report (issue 16): its sections in order (empty: a form with tables only), the
    # title of the whole published report ('' : report_title), and whether a draft may rename,
    # add and remove sections (the 2014 format had no national list of sections).
    sections: tuple[SectionDef, ...] = ()
    document_title: str = ""
    sections_editable: bool = False
    # The phrases of a report's text that state a table figure (issue 16, ``[[text_figures]]``).
    text_figures: tuple[TextFigure, ...] = ()

    _not_compared: ClassVar[frozenset[str]] = frozenset({"_cell_by_id"})
    _not_shown: ClassVar[frozenset[str]] = frozenset(
        {"meaning", "cells", "_cell_by_id", "help", "sections", "text_figures"}
    )

    def section(self, section_id: str) -> SectionDef | None:
        """The form's section of that id (None: no such section)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def document_title_for(self, year: str | int | None, unit: str = "") -> str:
        """The whole report's title: 自治区机关事务管理局2018年政府信息公开工作年度报告."""
        pattern = self.document_title or self.report_title
        if not year:
            return f"{unit.strip()}{self.title}" if "{unit}" in pattern else self.title
        return pattern.format(title=self.title, year=year, unit=unit.strip())

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of :attr:`meaning`: the form definition a sign-off's fingerprint names."""
        from govreport_gui.core.sha256 import sha256_hex

        return sha256_hex(self.meaning.encode("utf-8"))

    def cell(self, cell_id: str) -> Cell:
        return self._cell_by_id[cell_id]

    def has_cell(self, cell_id: str) -> bool:
        return cell_id in self._cell_by_id

    def field(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def in_force(self, year: int) -> bool:
        if self.first_year is not None and year < self.first_year:
            return False
        return self.last_year is None or year <= self.last_year

    @property
    def years_text(self) -> str:
        if self.first_year and self.last_year:
            return f"{self.first_year}–{self.last_year} 年度"
        if self.first_year:
            return f"{self.first_year} 年度起"
        return ""

    def title_for_year(self, year: str | int | None, unit: str = "") -> str:
        """The printed title (``report_title`` of the form file): 政府信息公开情况统计表（2018年度）,
        淮安市人民政府2024年政府信息公开工作年度报告; the bare form title while the year is blank."""
        if not year:
            return self.title
        return self.report_title.format(title=self.title, year=year, unit=unit.strip())

    def title_regex(self) -> re.Pattern[str]:
        """Matches a printed title of this form (any unit, any year; spaces ignored), with the
        groups ``year`` and, where the pattern has one, ``unit``."""
        import re
        import string

        parts: list[str] = []
        seen: set[str] = set()
        for literal, name, _spec, _conv in string.Formatter().parse(self.report_title):
            parts.append(r"\s*".join(_title_char(ch) for ch in literal if not ch.isspace()))
            if name == "title":
                parts.append(re.escape(self.title))
            elif name in ("year", "unit") and name not in seen:
                seen.add(name)
                parts.append(r"(?P<year>\d{4})" if name == "year" else r"(?P<unit>.*?)")
            elif name:
                parts.append(r".*?")
        return re.compile(r"^\s*" + r"\s*".join(p for p in parts if p) + r"\s*$")


# What a built form is made of: its records and enums, all the form cache writes and reads back
# (``form_pack``; the form first).
MODEL: tuple[type, ...] = (
    FormDef,
    FieldDef,
    Table,
    Column,
    Row,
    Cell,
    RuleDef,
    HelpEntry,
    Severity,
    Comparison,
    Term,
    Ref,
    Const,
    Max,
    SectionDef,
    Guidance,
    TextFigure,
    Kind,
)


def _title_char(ch: str) -> str:
    import re

    # Full-width or ASCII brackets alike: a workbook's text may have been normalised (NFKC).
    if ch in "（(":
        return r"[（(]"
    if ch in "）)":
        return r"[）)]"
    return re.escape(ch)
