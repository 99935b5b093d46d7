"""The sections a draft has: the form's list, or on an editable form the user's own, with texts.

Pure functions over the form, the draft's own section list (``None``: the form's) and its texts;
the draft (:mod:`govreport_gui.core.store.draft`) stores them, :mod:`govreport_gui.core.ops.report_text`
builds the report from them and the sign-off digests them (:mod:`govreport_gui.core.forms.signed_content`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.sections import PREFACE, TABLE, TEXT, ReportSection, heading_for_year
from govreport_gui.core.forms.text_figures import is_id
from govreport_gui.core.forms.values import control_character_problem

# A section's text is bounded: a whole report is some thousands of characters; 200,000 is far
# beyond any, and keeps a crafted file from making every view and export crawl.
MAX_TEXT = 200_000
MAX_HEADING = 200  # a heading is one line

# (id, heading as stored: the form's, with its {year}/{next}, or as the user typed it)
OwnSections = Sequence[tuple[str, str]]


def normalized_text(text: str) -> str:
    """Text as stored: line breaks of any system become "\\n" (paragraphs)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_problem(text: str, what: str, invisible: bool = True) -> str | None:
    """Why ``text`` cannot be a section's text (Chinese), or None: too long, or a control
    character other than the line break (which separates paragraphs)."""
    if len(text) > MAX_TEXT:
        return f"{what}过长（{len(text)} 字），最多 {MAX_TEXT} 字。"
    if "\r" in text:
        return f"{what}中有不可见的控制字符（U+000D），请删去后重新输入。"
    return control_character_problem(text, what, paragraphs=True, invisible=invisible)


def heading_problem(heading: str, invisible: bool = True) -> str | None:
    """Why ``heading`` cannot be a section's heading, or None."""
    if not heading.strip():
        return "章节标题不能为空。"
    if len(heading) > MAX_HEADING:
        return f"章节标题过长（{len(heading)} 字），最多 {MAX_HEADING} 字。"
    return control_character_problem(heading, "章节标题", invisible=invisible)


def own_list_problem(form: FormDef, own: OwnSections) -> str | None:
    """Why ``own`` cannot be a draft's own section list of ``form``, or None: only an editable
    form has one; the preface stays first; every table section of the form is in it once."""
    if not form.sections_editable:
        return f"表单“{form.title}”的章节是统一规定的，不能自行增删"
    ids = [section_id for section_id, _heading in own]
    if len(set(ids)) != len(ids):
        return "章节标识重复"
    for section_id, heading in own:
        if not is_id(section_id):
            return f"章节标识“{section_id[:40]}”不合规"
        if section_id != PREFACE and heading_problem(heading, invisible=False):
            return f"章节“{section_id}”的标题不是本程序能写入的（过长、为空或含控制字符）"
    form_ids = [s.id for s in form.sections]
    if PREFACE in form_ids and (not ids or ids[0] != PREFACE):
        return "开头部分应是第一个章节"
    missing = [s.id for s in form.sections if s.kind == TABLE and s.id not in ids]
    if missing:
        return f"缺少表格章节“{'、'.join(missing)}”"
    return None


def section_list(form: FormDef, own: OwnSections | None) -> list[tuple[str, str]]:
    """The draft's sections in order: (id, heading as stored)."""
    if own is None or not form.sections_editable:
        return [(s.id, s.heading) for s in form.sections]
    return [(i, "" if i == PREFACE else h) for i, h in own]


PREFACE_NAME = "开头部分"  # how messages name the preface, which has no heading


def section_name(form: FormDef, own: OwnSections | None, section_id: str, year: str = "") -> str:
    """How messages name a section: its heading in force (the draft's own on an editable form,
    the year filled in), 开头部分 for the preface, its id when it is in no list."""
    if section_id == PREFACE:
        return PREFACE_NAME
    for i, heading in section_list(form, own):
        if i == section_id:
            return heading_for_year(heading, year) or section_id
    defined = form.section(section_id)
    return heading_for_year(defined.heading, year) if defined is not None else section_id


def effective_sections(
    form: FormDef, own: OwnSections | None, texts: Mapping[str, str], year: str
) -> tuple[ReportSection, ...]:
    """The draft's sections in reading order, each with its heading in force (the year filled
    in), its kind, its tables and its text."""
    result: list[ReportSection] = []
    for section_id, heading in section_list(form, own):
        defined = form.section(section_id)
        kind = defined.kind if defined is not None else TEXT
        tables = defined.tables if defined is not None else ()
        shown = heading_for_year(heading, year)
        result.append(ReportSection(section_id, shown, kind, tables, texts.get(section_id, "")))
    return tuple(result)


def signed_items(
    form: FormDef, own: OwnSections | None, texts: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """What the sign-off covers of the text: (id, heading as stored, text as stored) of every
    section in order; figures stay tokens (the tables part covers their values)."""
    return [(i, h, texts.get(i, "")) for i, h in section_list(form, own)]


def new_section_id(existing: Sequence[str]) -> str:
    """An id for a section the user adds: ``own_1``, ``own_2`` … one past the highest in the
    list (a stable id: texts, history and comments are kept by it, not by the heading)."""
    numbers = [int(i[4:]) for i in existing if i.startswith("own_") and i[4:].isdigit()]
    return f"own_{max(numbers, default=0) + 1}"


# -- comments on a paragraph ---------------------------------------------------------------------

PARAGRAPH_TARGET = "text:"  # a comment's target: "text:SECTION_ID:N", N the paragraph (from 1)


def paragraph_target(section_id: str, number: int) -> str:
    """The target a comment on paragraph ``number`` (1 = the first) of a section is stored with."""
    return f"{PARAGRAPH_TARGET}{section_id}:{number}"


def parse_paragraph_target(target: str) -> tuple[str, int] | None:
    """(section id, paragraph number) of a comment's target, or None: not a paragraph's."""
    if not target.startswith(PARAGRAPH_TARGET):
        return None
    section_id, sep, number = target[len(PARAGRAPH_TARGET) :].rpartition(":")
    if not sep or not is_id(section_id) or not number.isdigit():
        return None
    return section_id, int(number)


def first_words(paragraph: str, count: int = 12) -> str:
    """How a paragraph is named: its first words (figures as typed), … when cut."""
    text = paragraph.strip()
    return text if len(text) <= count else text[:count] + "…"
