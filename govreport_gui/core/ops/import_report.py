"""从 Word 导入年度报告 as one op: a .docx report read into a new draft (issue 16).

Reading (:func:`read_report_file`) touches no draft, so the window can run it off the GUI thread;
writing (:func:`create_draft`) makes the new draft. The form is the one given, else guessed from
the document (:func:`~govreport_gui.core.layout.import_docx.guess_form`: its tables, else the year
in its title, else its headings).

The sections of a form come from the form file (``FormDef.sections``). A 2014 report's headings
that the form does not have become sections of the draft's own (that form's sections may be
edited); on other forms they are listed as not placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.layout.import_docx import (
    DocxImportError,
    ImportedReport,
    guess_form,
    read_blocks,
    read_report,
)

if TYPE_CHECKING:
    from govreport_gui.core.store.draft import Draft


class ReportImportRefused(Exception):
    """The document cannot be read; ``problems`` are Chinese sentences (nothing was created)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(self.problems)


def read_report_file(
    file: Path, form: FormDef | None, forms: Sequence[FormDef]
) -> tuple[FormDef, ImportedReport]:
    """Read the Word report ``file`` for ``form`` (None: guessed among ``forms``)."""
    try:
        blocks = read_blocks(file)
        if form is None:
            form, reason = guess_form(blocks, forms)
        else:
            reason = "按指定的表单"
        imported = read_report(file, form, form.sections, blocks)
    except DocxImportError as exc:
        raise ReportImportRefused(exc.problems) from exc
    has_text = any(t.strip() for t in imported.sections.values()) or imported.extra_sections
    if not has_text and not imported.values and not imported.title:
        raise ReportImportRefused(
            [f"文档“{file.name}”中没有可导入的内容：没有标题、正文，也没有统计表。未建立草稿。"]
        )
    imported.form_reason = reason
    return form, imported


def create_draft(path: Path, form: FormDef, user: str, imported: ImportedReport) -> None:
    """Write the new draft at ``path`` (refused when it exists): the figures, the fields, each
    section's text and, on a form whose sections may be edited (2014), the document's own
    sections after the form's. Raises DraftError (or SectionTextError for a text refused)."""
    from govreport_gui.core.store.draft import Draft

    known = {s.id for s in form.sections}
    texts = {i: t for i, t in imported.sections.items() if i in known and t.strip()}
    draft = Draft.create(
        path, form, user, fields=imported.fields, values=imported.values, sections=texts
    )
    try:
        if form.sections_editable and imported.extra_sections:
            _add_own_sections(draft, imported.extra_sections)
    except BaseException:
        draft.close()
        path.unlink(missing_ok=True)  # nothing half-made: the draft is complete or not there
        raise
    draft.close()


def _add_own_sections(draft: Draft, extra: Sequence[tuple[str, str]]) -> None:
    """The document's sections the form does not have, added in order after the form's."""
    from govreport_gui.core.ops import text_ops
    from govreport_gui.core.ops.document import ReportDocument

    doc = ReportDocument(draft)
    for heading, text in extra:
        change = text_ops.add_section(doc, heading)
        if change.sections and text.strip():
            text_ops.set_section_text(doc, change.sections[0], text, merge=False)
