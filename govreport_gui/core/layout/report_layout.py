"""The whole report (issue 16) as the three writers lay it out: title, headed sections, paragraphs,
the tables in their official grid, the 落款, and for a 2014 report the 统计表 as its 附件.

:func:`report_layout` turns a :class:`~govreport_gui.core.report.model.ReportText` and the snapshot
of its figures into plain blocks; the Word (:mod:`.report_docx`), PDF (:mod:`.report_pdf`) and web
page (:mod:`.report_html`) writers only draw them, so the three files say the same thing in the same
order. Figures inserted into the text (``{{CELL_ID}}``) are printed as the tables print them.

The styling decisions of GB/T 9704-2012 are made here once, as data:

* a paragraph opening with a second-level marker （一）… is a sub-heading: the marker and its first
  sentence (to the first 。, when that is short) are set in 楷体, the rest of the paragraph in 仿宋,
  which is how offices set 公文 (a sub-heading standing alone is 楷体 whole);
* a table section of the national format (2019, 2021: 二、三、四) is its heading and the form's
  tables of that section as one grid (:mod:`.grid`, the layout of the xlsx and PDF table exports);
* a table section whose tables belong to no section of the form (the 2014 form) is an attachment:
  附件说明 before the 落款, then on a page of its own 附件, the table's title, 填报单位, the table
  and its signature lines, as the seed report prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.grid import Section, SectionGrid, display_value, section_grid
from govreport_gui.core.layout.report import ReportData, footer_lines, header_lines
from govreport_gui.core.report.figures import BLANK_FIGURE, render
from govreport_gui.core.report.model import TABLE, ReportSection, ReportText

ATTACHMENT_LABEL = "附件"
# （一）…（九十九）: GB/T 9704's second level. （1） and 1. are lower levels, printed in 仿宋.
SECOND_LEVEL = re.compile(r"^\s*（[一二三四五六七八九十]+）")
LEAD_MAX_CHARS = 40  # a first sentence longer than this is text, not a sub-heading


@dataclass(frozen=True)
class Heading:
    """A first-level heading (一、概述): 黑体."""

    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph: ``lead`` (a sub-heading's marker and first sentence, 楷体) then ``text``."""

    text: str
    lead: str = ""

    @property
    def whole(self) -> str:
        return self.lead + self.text


@dataclass(frozen=True)
class TableBlock:
    """The tables of one report section in their official grid; ``caption`` names them."""

    grid: SectionGrid
    caption: str


@dataclass(frozen=True)
class Attachment:
    """A table printed as the report's 附件 on pages of its own (the 2014 统计表)."""

    label: str  # 附件
    title_lines: tuple[str, ...]  # 政府信息公开情况统计表 / （2018年度）
    before: tuple[str, ...]  # 填报单位（盖章）：…
    tables: tuple[TableBlock, ...]
    after: tuple[str, ...]  # 单位负责人：… / 联系电话：… 填报日期：…

    @property
    def name(self) -> str:
        return "".join(self.title_lines[:1])


Block = Heading | Para | TableBlock


@dataclass(frozen=True)
class ReportLayout:
    title: str  # as one line (document properties, the web page's <title>)
    title_lines: tuple[str, ...]  # as printed: broken after the unit when it is long
    body: tuple[Block, ...]
    attachments: tuple[Attachment, ...]
    unit: str  # the 落款
    date: str

    @property
    def attachment_note(self) -> str:
        """附件说明 (GB/T 9704 7.3.4): 附件：政府信息公开情况统计表; '' without attachments."""
        names = [a.name for a in self.attachments]
        if not names:
            return ""
        if len(names) == 1:
            return f"{ATTACHMENT_LABEL}：{names[0]}"
        return f"{ATTACHMENT_LABEL}：" + "　".join(f"{i}.{n}" for i, n in enumerate(names, 1))

    def texts(self) -> list[str]:
        """Every string printed (the PDF checks each character has a glyph)."""
        out = [*self.title_lines, self.unit, self.date, self.attachment_note]
        for block in self.body:
            out.extend(_block_texts(block))
        for a in self.attachments:
            out += [a.label, *a.title_lines, *a.before, *a.after]
            for t in a.tables:
                out.extend(_block_texts(t))
        return out


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Para):
        return [block.whole]
    texts = [block.caption]
    for cell in block.grid.cells:
        texts += [cell.text, cell.note]
        if cell.value is not None:
            texts.append(display_value(cell.value))
    return texts


DATE_RIGHT_CHARS = 4  # GB/T 9704 7.3.5.1: the date 右空四字
# Characters of the body's size (三号, 16 pt) on a line of the text block: A4 less GB/T 9704's
# margins (28 mm left, 26 mm right), 156 mm.
LINE_CHARS = 156 / 25.4 * 72 / 16


def chars(text: str) -> float:
    """Width in characters of the body's size: a digit or Latin letter is half a character."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def closing_indents(unit: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the unit and the date of the 落款: the date four
    characters in from the right, the unit centred over it (GB/T 9704 7.3.5.1); a unit too long
    for that reaches the right margin, with the date centred under it — under the line, for a
    name longer than a line (the date would otherwise be pushed off its own line)."""
    unit_w, date_w = min(chars(unit), LINE_CHARS), chars(date)
    if not date:
        return DATE_RIGHT_CHARS, DATE_RIGHT_CHARS
    unit_right = DATE_RIGHT_CHARS + (date_w - unit_w) / 2
    if unit_right >= 0:
        return unit_right, DATE_RIGHT_CHARS
    return 0.0, (unit_w - date_w) / 2


def figure_text(_cell_id: str, value: Value | None) -> str:
    """A figure in the text as the tables print it (money with two decimals)."""
    return BLANK_FIGURE if value is None else display_value(value)


def split_lead(paragraph: str) -> tuple[str, str]:
    """(楷体 lead, rest) of a paragraph: see the module's note on second-level headings."""
    match = SECOND_LEVEL.match(paragraph)
    if not match:
        return "", paragraph
    end = paragraph.find("。", match.end())
    if 0 <= end < LEAD_MAX_CHARS:
        return paragraph[: end + 1], paragraph[end + 1 :]
    if len(paragraph) <= LEAD_MAX_CHARS:
        return paragraph, ""
    return paragraph[: match.end()], paragraph[match.end() :]


def title_lines(title: str, unit: str, per_line: int) -> tuple[str, ...]:
    """The title as printed: too long for one line of ``per_line`` characters it breaks after the
    unit's name (自治区机关事务管理局 / 2018年政府信息公开工作年度报告), as published reports set it."""
    unit = unit.strip()
    if unit and title.startswith(unit) and len(title) > per_line and len(title) > len(unit):
        return (unit, title[len(unit) :])
    return (title,)


def _table_title_lines(title: str) -> tuple[str, ...]:
    """政府信息公开情况统计表（2018年度） as the seed prints it: the year on a line of its own."""
    cut = title.rfind("（")
    if cut > 0 and title.endswith("）"):
        return (title[:cut], title[cut:])
    return (title,)


def is_attachment(section: ReportSection, data: ReportData) -> bool:
    """A table section whose tables belong to no section of the form: the 2014 统计表."""
    tables = [t for t in data.form.tables if t.id in section.tables]
    return section.kind == TABLE and bool(tables) and all(not t.section for t in tables)


def _grid(section: ReportSection, data: ReportData) -> SectionGrid | None:
    wanted = [t for tid in section.tables for t in data.form.tables if t.id == tid]
    if not wanted:
        return None
    return section_grid(Section("", tuple(wanted)), data.form, data.values)


def report_layout(report: ReportText, data: ReportData, title_chars: int = 20) -> ReportLayout:
    """The blocks of ``report`` with the figures of ``data``; ``title_chars``: the characters of
    the title that fit a line (22 pt on the 156 mm text width of A4: 20)."""
    body: list[Block] = []
    attachments: list[Attachment] = []
    for section in report.sections:
        paragraphs = [
            render(p, data.form, data.values, figure_text).strip() for p in section.paragraphs
        ]
        if is_attachment(section, data):
            grid = _grid(section, data)
            assert grid is not None  # is_attachment found its tables
            title = data.form.title_for_year(data.year or None, data.unit)
            attachments.append(
                Attachment(
                    label=ATTACHMENT_LABEL,
                    title_lines=_table_title_lines(title),
                    before=tuple(header_lines(data)),
                    tables=(TableBlock(grid, title),),
                    after=tuple(footer_lines(data)),
                )
            )
            continue
        if section.heading.strip():
            body.append(Heading(section.heading.strip()))
        for paragraph in paragraphs:
            lead, rest = split_lead(paragraph)
            body.append(Para(rest, lead))
        if section.kind == TABLE:
            grid = _grid(section, data)
            if grid is not None:
                body.append(TableBlock(grid, section.heading.strip()))
    return ReportLayout(
        title=report.title,
        title_lines=title_lines(report.title, report.unit, title_chars),
        body=tuple(body),
        attachments=tuple(attachments),
        unit=report.unit.strip(),
        date=report.date.strip(),
    )
