"""The report's sections as a form file defines them (``[[sections]]``, issue 16).

Defined here, beside the form model that holds them (:attr:`FormDef.sections`), because
``core.forms`` is the bottom layer: ``core.report`` builds on it and re-exports these names from
:mod:`govreport_gui.core.report.model`, where the shapes of the report's text are documented.
"""

from __future__ import annotations

from govreport_gui.core.forms.record import Record

TEXT = "text"  # SectionDef.kind: paragraphs the user writes
TABLE = "table"  # SectionDef.kind: the statistics tables named in ``tables``, read-only in the text
SECTION_KINDS = (TEXT, TABLE)
PREFACE = "preface"  # the id of the opening paragraphs (no heading of their own)

# The placeholders a heading of the form file may hold, filled from the draft's year: the 2014
# report's last section is 四、{next}年工作思路, the year after the report's.
HEADING_PLACEHOLDERS = ("{year}", "{next}")


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
    # Other headings published reports print for it (五、政府信息公开工作存在的主要问题及改进情况):
    # read by import-report only, numbered as ``heading`` is; never printed.
    aliases: tuple[str, ...] = ()


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


def heading_for_year(heading: str, year: str) -> str:
    """A heading with its placeholders filled: ``{year}`` the report's year, ``{next}`` the
    year after it (四、{next}年工作思路 of a 2018 report is 四、2019年工作思路). While the year is
    blank (or not a year) they read 本 / 下一, never a wrong number."""
    if "{" not in heading:
        return heading
    text = year.strip()
    if text.isdigit() and len(text) == 4:
        this, following = text, str(int(text) + 1)
    else:
        this, following = "本", "下一"
    # Plain replacement, not str.format: a heading the user typed may hold any brace.
    return heading.replace("{year}", this).replace("{next}", following)
