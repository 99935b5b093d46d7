"""从 Word 导入年度报告 as one op: a .docx report read into a new draft (issue 16).

Reading (:func:`read_report_file`) touches no draft, so the window can run it off the GUI thread;
writing (:func:`create_draft`) makes the new draft. The form is the one given, else guessed from
the document (:func:`~govreport_gui.core.layout.import_docx.guess_form`: its tables, else the year
in its title, else its headings).

The sections of a form come from the form file (``FormDef.sections``, text-core's part of issue
16). Until every form has them, :func:`form_sections` falls back to the lists below: the national
six of the 2019 and 2021 formats and the seed's four for 2014, which had no national list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.layout.import_docx import (
    DocxImportError,
    ImportedReport,
    guess_form,
    read_blocks,
    read_report,
)
from govreport_gui.core.report.model import PREFACE, TABLE, TEXT, SectionDef

_NATIONAL = (
    SectionDef(id=PREFACE, heading="", kind=TEXT),
    SectionDef(id="overview", heading="一、总体情况", kind=TEXT),
    SectionDef(id="proactive", heading="二、主动公开政府信息情况", kind=TABLE),
    SectionDef(id="applications", heading="三、收到和处理政府信息公开申请情况", kind=TABLE),
    SectionDef(id="appeals", heading="四、政府信息公开行政复议、行政诉讼情况", kind=TABLE),
    SectionDef(id="problems", heading="五、存在的主要问题及改进情况", kind=TEXT),
    SectionDef(id="other", heading="六、其他需要报告的事项", kind=TEXT),
)
# Until the form files define their sections (text-core): what each form's reports are read by.
_FALLBACK_SECTIONS: dict[str, tuple[SectionDef, ...]] = {
    "gov-disclosure-2014": (
        SectionDef(id=PREFACE, heading="", kind=TEXT),
        SectionDef(id="overview", heading="一、概述", kind=TEXT),
        SectionDef(id="disclosure", heading="二、信息公开情况", kind=TEXT),
        SectionDef(id="problems", heading="三、存在的问题与不足", kind=TEXT),
        SectionDef(id="plans", heading="四、下一年工作思路", kind=TEXT),
    ),
    "gov-disclosure-2019": _NATIONAL,
    "gov-disclosure-2021": _NATIONAL,
}


def form_sections(form: FormDef) -> tuple[SectionDef, ...]:
    """The report sections of ``form``: the form file's own, else the fallback list above."""
    defined = getattr(form, "sections", None)
    if defined:
        return tuple(defined)
    return _FALLBACK_SECTIONS.get(form.id, ())


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
            form, reason = guess_form(blocks, forms, form_sections)
        else:
            reason = "按指定的表单"
        imported = read_report(file, form, form_sections(form), blocks)
    except DocxImportError as exc:
        raise ReportImportRefused(exc.problems) from exc
    imported.form_reason = reason
    return form, imported


def create_draft(path: Path, form: FormDef, user: str, imported: ImportedReport) -> None:
    """Write the new draft at ``path`` (refused when it exists). Raises DraftError.

    The figures and the fields go in now. The sections' text (``imported.sections``; a 2014
    report's own headings in ``imported.extra_sections``) goes in once ``Draft.create`` takes
    initial section texts (text-core): this is the one step to adapt then.
    """
    from govreport_gui.core.store.draft import Draft

    draft = Draft.create(path, form, user, fields=imported.fields, values=imported.values)
    draft.close()
