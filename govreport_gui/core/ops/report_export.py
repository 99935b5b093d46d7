"""The whole report's text as the exports read it: the one place a :class:`ReportText` is made.

:func:`report_of` is the seam between the draft and the Word / report PDF / web page writers
(issue 16). A draft's report is :func:`~govreport_gui.core.ops.report_text.report_text`: its title,
its sections with their text, its 落款. A snapshot without a draft's text, or a form without
sections, is made from the form alone: the form's sections with no text, or the opening paragraphs
and the form's tables by section (2019, 2021: 二、三、四), or as the 附件 (2014).
"""

from __future__ import annotations

from typing import Any

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.layout.report import ReportData
from govreport_gui.core.report.model import PREFACE, TABLE, TEXT, ReportSection, ReportText
from govreport_gui.core.report.sections import effective_sections

ATTACHMENT_ID = "attachment"
ATTACHMENT_HEADING = "附件"


def report_of(source: Any) -> ReportText:
    """The report to export from a draft, an open document or a snapshot (:class:`ReportData`:
    the text it carries, else made from its form)."""
    if isinstance(source, ReportData):
        if source.report is not None:
            return source.report
        return _from_form(source.form, source.fields)
    from govreport_gui.core.ops.report_text import report_text

    return report_text(getattr(source, "draft", source))


def _from_form(form: FormDef, fields: dict[str, str] | Any) -> ReportText:
    """The report of a form with no text yet: its sections as a new draft has them (the year
    filled into their headings), or for a form without sections its tables by section."""
    unit = str(fields.get("unit", "")).strip()
    year = str(fields.get("year", "")).strip()
    sections = list(effective_sections(form, None, {}, year))
    if not sections:
        sections.append(ReportSection(PREFACE, "", TEXT))
        grouped: dict[str, list[str]] = {}
        for table in form.tables:
            grouped.setdefault(table.section, []).append(table.id)
        for i, (heading, ids) in enumerate(grouped.items()):
            if heading:
                sections.append(ReportSection(f"tables{i}", heading, TABLE, tuple(ids)))
            else:
                sections.append(ReportSection(ATTACHMENT_ID, ATTACHMENT_HEADING, TABLE, tuple(ids)))
    return ReportText(
        title=form.document_title_for(year, unit),
        sections=tuple(sections),
        unit=unit,
        date=str(fields.get("date", "")).strip(),
    )
