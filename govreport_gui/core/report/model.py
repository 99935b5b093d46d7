"""The shapes shared by everything that reads or writes the report's text (issue 16).

* :class:`SectionDef` — a section of the report as the form file defines it (``[[sections]]``):
  its heading, whether it holds text or tables, and the official guidance quoted for it.
* :class:`ReportSection` — a section as one draft has it: the heading in force (a 2014 draft may
  rename, add or remove sections) and its text.
* :class:`ReportText` — the whole report in reading order, what the exports (Word, PDF, web page)
  and the 报告正文 view are given: the title, the sections (the preface is the section with the id
  ``preface`` and no heading) and the 落款 (the unit and the date).

Text is stored as typed, paragraphs separated by ``"\\n"``; a figure inserted from a table is the
token ``{{CELL_ID}}`` (:mod:`.figures`), turned into the cell's number when shown or exported.
"""

from __future__ import annotations

from govreport_gui.core.forms.record import Record

TEXT = "text"  # SectionDef.kind: paragraphs the user writes
TABLE = "table"  # SectionDef.kind: the statistics tables named in ``tables``, read-only in the text
SECTION_KINDS = (TEXT, TABLE)
PREFACE = "preface"  # the id of the opening paragraphs (no heading of their own)


class Guidance(Record):
    """What an official document asks a section to report, quoted with where it comes from
    (the notice and the article or item); never invented."""

    text: str
    source: str


class SectionDef(Record):
    id: str
    heading: str  # 一、总体情况; "" for the preface
    kind: str  # TEXT or TABLE
    tables: tuple[str, ...] = ()  # for a TABLE section: the form's table ids, in order
    guidance: tuple[Guidance, ...] = ()


class ReportSection(Record):
    id: str
    heading: str  # as the draft has it (the form's, or the user's own on an editable form)
    kind: str
    tables: tuple[str, ...] = ()
    text: str = ""  # paragraphs joined with "\n"; figures as {{CELL_ID}}

    @property
    def paragraphs(self) -> list[str]:
        """The non-empty paragraphs, as typed (figures still as tokens)."""
        return [p for p in self.text.split("\n") if p.strip()]


class ReportText(Record):
    title: str  # 自治区机关事务管理局2018年政府信息公开工作年度报告
    sections: tuple[ReportSection, ...]
    unit: str  # the 落款: who publishes it
    date: str  # the 落款's date, as the draft's 填报日期 field has it (may be "")
