"""从已发布年报导入 as one op: a report in Word (.docx, issue 16), PDF or a saved web page (.html,
issue 17) read into a new draft or a values file.

Reading (:func:`read_report_file`) touches no draft, so the window can run it off the GUI thread;
writing (:func:`create_draft` or :func:`write_values_file`) makes the new file. The reader is
chosen by the file's suffix (:func:`read_file_blocks`); each gives the same paragraphs and tables,
which :func:`~govreport_gui.core.layout.import_docx.read_report` places. The form is the one given,
else guessed from the document (:func:`~govreport_gui.core.layout.import_docx.guess_form`: its
tables, else the year in its title, else its headings). Formats we do not read (.doc, .wps, .xls,
.et, .rtf, .odt, …) are refused with how to save them in one we do.

The sections of a form come from the form file (``FormDef.sections``). A 2014 report's headings
that the form does not have become sections of the draft's own (that form's sections may be
edited); on other forms they are listed as not placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value, to_text
from govreport_gui.core.layout.import_docx import (
    Block,
    DocxImportError,
    ImportedReport,
    guess_form,
    read_blocks,
    read_report,
)

if TYPE_CHECKING:
    from govreport_gui.core.report.model import SectionDef
    from govreport_gui.core.store.draft import Draft


class ReportImportRefused(Exception):
    """The document cannot be read; ``problems`` are Chinese sentences (nothing was created)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "\n".join(self.problems)


# The formats read, by suffix; a file of another suffix is looked at (its first bytes).
SUFFIXES = (".docx", ".pdf", ".html", ".htm")
SAVE_AS_XLSX = (
    "统计表请先另存为 .xlsx 再用“从 Excel 导入”（govreport import-xlsx）：在 Excel 或 WPS 表格中"
    "选“文件 → 另存为”，保存类型选“Excel 工作簿 (*.xlsx)”。"
)
# Word's old formats (.doc .wps .rtf .odt .dot .wpt) go to the Word reader, which tells them by
# their content (an OLE file, RTF, a zip of another kind) and says how to save them as .docx.
_WORD_LIKE = (".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt", ".docm", ".dotx", ".dotm")
_OLD_FORMATS = {
    ".xls": f"这是旧版 Excel 工作簿（.xls），不是年度报告文档。{SAVE_AS_XLSX}",
    ".et": f"这是 WPS 表格文件（.et），不是年度报告文档。{SAVE_AS_XLSX}",
    ".xlsx": "这是 Excel 工作簿，不是年度报告文档：统计表请用“从 Excel 导入”（govreport import-xlsx）。",
    ".nianbao": "这是年报草稿（.nianbao），不是已发布的年度报告：请直接打开它。",
    ".mht": "这是单个文件网页（.mht），无法直接导入：请在浏览器中打开后“另存为”网页（.html），再导入。",
    ".mhtml": "这是单个文件网页（.mhtml），无法直接导入：请在浏览器中打开后“另存为”网页（.html），再导入。",
}


def read_file_blocks(file: Path) -> tuple[list[Block], bool]:
    """The paragraphs and tables of ``file``, by its suffix (.docx, .pdf, .html, .htm); another
    suffix is read by what the file's first bytes say it is; and whether it is a saved web page
    (whose site's frame around the report is no part of it). Raises DocxImportError (and its
    PDF and web-page kinds) with Chinese problems."""
    # A Word document may embed its report as a web page (altChunk: import_docx, docx_chunks).
    from govreport_gui.core.layout.import_html import page_blocks

    suffix = file.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise DocxImportError([f"{_OLD_FORMATS[suffix]}\n文件：{file}"])
    if suffix in _WORD_LIKE:
        return read_blocks(file, page_blocks), False
    kind = suffix if suffix in SUFFIXES else _sniff(file)
    if kind == ".pdf":
        from govreport_gui.core.layout.import_pdf import read_pdf_blocks

        return read_pdf_blocks(file), False
    if kind in (".html", ".htm"):
        from govreport_gui.core.layout.import_html import read_html_blocks

        return read_html_blocks(file), True
    if kind == ".docx":
        return read_blocks(file, page_blocks), False
    raise DocxImportError(
        [
            f"无法识别的文件类型“{file.suffix or '（无扩展名）'}”：{file}\n"
            "可以导入的是 Word 文档（.docx）、PDF 文件（.pdf）和保存的网页（.html / .htm）。"
        ]
    )


def _sniff(file: Path) -> str:
    """What a file without a known suffix is, by its first bytes ("" when nothing we read)."""
    from govreport_gui.core.regular_file import UnreadableFileError, read_head

    try:
        _, head = read_head(file, 1024, "文件")
    except UnreadableFileError as exc:
        raise DocxImportError([exc.message]) from None
    if b"%PDF-" in head:
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"  # the Word reader says what another zip is (a workbook, an .odt)
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered:
        return ".html"
    return ""


def read_report_file(
    file: Path, form: FormDef | None, forms: Sequence[FormDef]
) -> tuple[FormDef, ImportedReport]:
    """Read the published report ``file`` for ``form`` (None: guessed among ``forms``)."""
    try:
        blocks, web = read_file_blocks(file)
        if form is None:
            form, reason = guess_form(blocks, forms, web)
        else:
            reason = "按指定的表单"
        imported = read_report(file, form, form.sections, blocks, web)
    except DocxImportError as exc:
        raise ReportImportRefused(exc.problems) from exc
    has_text = any(t.strip() for t in imported.sections.values()) or imported.extra_sections
    if not has_text and not imported.values and not imported.title:
        raise ReportImportRefused(
            [f"文档“{file.name}”中没有可导入的内容：没有标题、正文，也没有统计表。未建立任何文件。"]
        )
    imported.form_reason = reason
    return form, imported


def heading_read(section: SectionDef, imported: ImportedReport) -> str:
    """How what was read names a section of the form: its heading as the document writes it,
    else the form's with the report's year filled in (四、2019年工作思路), （开头） for the preface."""
    from govreport_gui.core.forms.sections import heading_for_year

    written = imported.headings.get(section.id)
    return (
        written or heading_for_year(section.heading, imported.fields.get("year", "")) or "（开头）"
    )


def create_draft(path: Path, form: FormDef, user: str, imported: ImportedReport) -> None:
    """Write the new draft at ``path`` (refused when it exists): the figures, the fields, each
    section's text and, on a form whose sections may be edited (2014), the sections as the
    document has them (:func:`_as_in_document`). Raises DraftError (or SectionTextError for a
    text refused)."""
    from govreport_gui.core.store.draft import Draft

    known = {s.id for s in form.sections}
    texts = {i: t for i, t in imported.sections.items() if i in known and t.strip()}
    draft = Draft.create(
        path, form, user, fields=imported.fields, values=imported.values, sections=texts
    )
    try:
        if form.sections_editable and imported.order:
            _as_in_document(draft, imported)
    except BaseException:
        draft.close()
        path.unlink(missing_ok=True)  # nothing half-made: the draft is complete or not there
        raise
    draft.close()


def _as_in_document(draft: Draft, imported: ImportedReport) -> None:
    """The draft's sections as the document has them (a 2014 report names and orders its own):
    the headings it does not share with the form added with their text, all in its order, a
    section of the form under the heading the document writes (when it is one a user could
    type), and the form's sections the document has not left out — read back, our own export of
    a draft with sections renamed, added or removed gives that draft's sections."""
    from govreport_gui.core.forms.sections import TABLE, heading_for_year
    from govreport_gui.core.ops import text_ops
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.report.sections import heading_problem, section_list

    doc = ReportDocument(draft)
    own: list[str] = []
    for heading, text in imported.extra_sections:
        change = text_ops.add_section(doc, heading)
        own.append(change.sections[0])
        if text.strip():
            text_ops.set_section_text(doc, change.sections[0], text, merge=False)
    stored = dict(section_list(draft.form, draft.own_sections))
    year = imported.fields.get("year", "")
    listed: list[tuple[str, str]] = []
    for item in imported.order:
        section_id = own[item] if isinstance(item, int) else item
        heading = stored.get(section_id, "")
        written = imported.headings.get(section_id, "").strip()
        defined = draft.form.section(section_id)
        retyped = written and written != heading_for_year(heading, year)
        if retyped and not heading_problem(written) and (defined is None or defined.kind != TABLE):
            heading = written  # the 附件's table keeps its own: the export prints it otherwise
        listed.append((section_id, heading))
    text_ops.arrange_sections(doc, listed)


def values_json(form: FormDef, imported: ImportedReport) -> str:
    """The values file (the format ``govreport check`` and ``fill`` read) of what was read: the
    form, the fields, and every cell of the form in its order (blank: null), so that a reviewer
    sees at once what was not read."""
    import json

    def plain(value: Value | None) -> object:
        return value if value is None or isinstance(value, int | str) else to_text(value)

    content = {
        "form": form.id,
        "fields": {
            f.key: imported.fields[f.key] for f in form.fields if imported.fields.get(f.key)
        },
        "values": {c.id: plain(imported.values.get(c.id)) for c in form.cells},
    }
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def write_values_file(path: Path, form: FormDef, imported: ImportedReport) -> None:
    """Write the values file at ``path`` atomically (an existing file is replaced whole or not at
    all). Raises OSError."""
    from govreport_gui.core.atomic_file import atomic_replace

    data = values_json(form, imported).encode("utf-8")
    with atomic_replace(path) as tmp:
        tmp.write_bytes(data)
