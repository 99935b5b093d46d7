"""The whole report as one reads it (issue 16): what the exports (Word, PDF, web page), ``show`` and
the 报告正文 view are given — the title by the form's pattern, the draft's sections in order with
their headings in force and their texts (figures still as {{CELL_ID}} tokens: the reader renders
them with :func:`govreport_gui.core.report.figures.render`), and the 落款."""

from __future__ import annotations

from govreport_gui.core.forms.sections import ReportText
from govreport_gui.core.report.sections import effective_sections
from govreport_gui.core.store.draft import Draft

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Protocol

    class _HoldsDraft(Protocol):
        """An open document (ops.document.ReportDocument, not imported: it imports the review,
        which reads the report's text from here)."""

        @property
        def draft(self) -> Draft: ...


def report_text(source: _HoldsDraft | Draft) -> ReportText:
    """The report of an open document or draft: title, sections, unit and date (填报日期)."""
    draft = source if isinstance(source, Draft) else source.draft
    form = draft.form
    year = draft.fields.get("year", "")
    unit = draft.fields.get("unit", "").strip()
    return ReportText(
        title=form.document_title_for(year, unit),
        sections=effective_sections(form, draft.own_sections, draft.texts, year),
        unit=unit,
        date=draft.fields.get("date", ""),
    )
