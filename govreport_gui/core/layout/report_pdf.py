"""The whole report as a PDF (reportlab), laid out as the Word export (:mod:`.report_docx`):
GB/T 9704 margins, the title 22 pt centred, the text 16 pt on 28.95 pt lines with a two-character
first-line indent, 一、 headings, （一） leads, the tables in their official grid (drawn by the table
export's own code, :mod:`.export_pdf`), the 落款 with room for the seal, a 2014 统计表 as the 附件 on
a page of its own, and "— 1 —" page numbers outside (odd right, even left, one character in).

Fonts: every font is embedded (TrueType subsets), so the text is selectable and searchable. We
bundle one CJK face, GovReport Serif SC (a Song face); 仿宋, 黑体 and 楷体 are the system's where a
TrueType file of them exists (Windows: simfang.ttf, simhei.ttf, simkai.ttf; elsewhere whatever
fontconfig lists under those family names), else the bundled face. The title (小标宋, a heavy
Song, never a system font) and, without a system 黑体, the headings are the Song face drawn with a
thin outline (PDF text render mode 2: fill and stroke) — a bolder line of the same face that stays
text for copying and searching. Without a system 楷体 a lead is set in the text's face.

The same input gives the same bytes (reportlab's invariant mode; a signed report is dated by its
sign-off), so a test or ``verify`` can compare two exports.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from govreport_gui import __version__
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.layout.export_pdf import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MM,
    FontSet,
    PageDecor,
    PdfGlyphError,
    TableStyles,
    date_at,
    draw_runs,
    markup,
    missing_characters,
    pdf_fonts,
    register_font,
    section_table,
)
from govreport_gui.core.layout.report import DRAFT_MARK, ReportData, check_exportable
from govreport_gui.core.layout.report_layout import (
    Attachment,
    Heading,
    Para,
    ReportLayout,
    TableBlock,
    closing_indents,
    report_layout,
)
from govreport_gui.core.report.model import ReportText

TITLE_PT = 22.0
TITLE_LEADING = 35.0
BODY_PT = 16.0
LINE_PT = 28.95
PAGE_NUMBER_PT = 14.0
ATTACHMENT_LINE_PT = 14.0
SEAL_LINES = 3
HEADING_ROOM_LINES = 3  # a heading and two lines of text
STROKE_WIDTH = 0.45  # the outline that makes the Song face a bold title (pt)
PAGE_NUMBER_GAP = 7 * MM  # GB/T 9704 7.5: 一字线上距版心下边缘 7 mm

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
# (role, reportlab name, Windows file, fontconfig family names, best first)
SYSTEM_FACES: tuple[tuple[str, str, Path, tuple[str, ...]], ...] = (
    ("fangsong", "SimFang", _WINDOWS_FONTS / "simfang.ttf", ("FangSong", "仿宋", "仿宋_GB2312")),
    ("hei", "SimHei", _WINDOWS_FONTS / "simhei.ttf", ("SimHei", "黑体", "WenQuanYi Zen Hei")),
    (
        "kai",
        "SimKai",
        _WINDOWS_FONTS / "simkai.ttf",
        ("KaiTi", "楷体", "楷体_GB2312", "AR PL UKai CN"),
    ),
)


@dataclass(frozen=True)
class ReportFonts:
    fonts: FontSet  # body = the Song face (tables, page numbers), with every face's coverage
    body: str  # 仿宋
    heading: str  # 黑体
    kai: str  # 楷体
    bold_heading: bool  # the heading face is the Song face: drawn with an outline

    @property
    def song(self) -> str:
        return self.fonts.body


def _fontconfig_files() -> dict[str, tuple[Path, int]]:
    """Family name → (file, index) of the fonts fontconfig lists for Chinese; {} without it."""
    try:
        listed = subprocess.run(
            [
                "fc-list",
                ":lang=zh",
                "family",
                "file",
                "index",
                "-f",
                "%{family}\t%{file}\t%{index}\n",
            ],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, tuple[Path, int]] = {}
    for line in listed.splitlines():
        families, _, rest = line.partition("\t")
        file, _, index = rest.partition("\t")
        for family in families.split(","):
            if family and file and index.isdigit():
                found.setdefault(family.strip().lower(), (Path(file), int(index)))
    return found


@cache
def report_fonts() -> ReportFonts:
    """Register the faces once per process: the table export's set plus 仿宋/黑体/楷体."""
    base = pdf_fonts()
    coverage = dict(base.coverage)
    chosen: dict[str, str] = {}
    listed: dict[str, tuple[Path, int]] | None = None
    for role, name, windows_file, families in SYSTEM_FACES:
        if name in coverage:  # registered by the table export (SimFang, SimHei)
            chosen[role] = name
            continue
        found = register_font(name, windows_file, 0)
        if found is None and os.name != "nt":
            if listed is None:
                listed = _fontconfig_files()
            for family in families:
                if family.lower() in listed:
                    path, index = listed[family.lower()]
                    found = register_font(f"{name}-{family}", path, index)
                    if found is not None:
                        name = f"{name}-{family}"
                        break
        if found is not None:
            coverage[name] = found
            chosen[role] = name
    song = base.body
    fonts = replace(base, coverage=coverage)
    heading = chosen.get("hei", song)
    return ReportFonts(
        fonts=fonts,
        body=chosen.get("fangsong", song),
        heading=heading,
        kai=chosen.get("kai", chosen.get("fangsong", song)),
        bold_heading=heading == song,
    )


def export_report_pdf(
    report: ReportText, data: ReportData, path: str | Path, draft_mode: bool = False
) -> Path:
    """Write the whole report as an A4 PDF; refuses as the table exports do (not signed off, a
    character no font has)."""
    check_exportable(data, draft_mode)
    content = render_report_pdf(report, data, draft_mode)

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_export(Path(path), write, "其他程序")


def render_report_pdf(report: ReportText, data: ReportData, draft_mode: bool = False) -> bytes:
    """The bytes of the PDF (refuses a character no font has; :func:`export_report_pdf` also
    refuses a report that is not signed off)."""
    import io

    fonts = report_fonts()
    layout = report_layout(report, data)
    missing = missing_characters([*layout.texts(), DRAFT_MARK, "— 0123456789 —"], fonts.fonts)
    if missing:
        raise PdfGlyphError(missing)
    buffer = io.BytesIO()
    _build(layout, data, draft_mode, fonts, buffer)
    return buffer.getvalue()


class _Text:
    """The paragraph styles of the report's text."""

    def __init__(self, f: ReportFonts) -> None:
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        def style(name: str, font: str, size: float, leading: float, **kw: Any) -> Any:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

        self.title = style(
            "r_title", f.song, TITLE_PT, TITLE_LEADING, alignment=TA_CENTER, spaceAfter=LINE_PT
        )
        indent = 2 * BODY_PT
        self.body = style(
            "r_body", f.body, BODY_PT, LINE_PT, firstLineIndent=indent, alignment=TA_JUSTIFY
        )
        self.heading = style("r_heading", f.heading, BODY_PT, LINE_PT, firstLineIndent=indent)
        self.plain = style("r_plain", f.body, BODY_PT, LINE_PT, alignment=TA_LEFT)
        self.label = style("r_label", f.heading, BODY_PT, LINE_PT, alignment=TA_LEFT)
        self.closing = style("r_closing", f.body, BODY_PT, LINE_PT, alignment=TA_RIGHT)
        self.line = style(
            "r_line", f.body, ATTACHMENT_LINE_PT, ATTACHMENT_LINE_PT * 1.6, alignment=TA_LEFT
        )
        for s in vars(self).values():
            s.wordWrap = "CJK"


def _bold_paragraph_class() -> type:
    from govreport_gui.core.layout.cjk_wrap import paragraph_class

    class BoldParagraph(paragraph_class()):  # type: ignore[misc]
        """A paragraph drawn with fill and stroke (text render mode 2): bolder, still text."""

        def draw(self) -> None:
            canvas = self.canv
            canvas.saveState()
            canvas.setLineWidth(STROKE_WIDTH)
            canvas._code.append("2 Tr")  # text render mode is graphics state: until restore
            super().draw()
            canvas.restoreState()

    return BoldParagraph


def _outline_entry_class() -> type:
    from reportlab.platypus import Flowable

    class OutlineEntry(Flowable):  # type: ignore[misc]
        """A bookmark at a heading, in the PDF's outline: a reader lists the headings beside the
        pages, as Word's navigation pane lists its 标题 1, and import-report tells a heading from
        a paragraph of text that opens as one (二、… in a list) by them (pdf_headings)."""

        def __init__(self, title: str, key: str) -> None:
            super().__init__()
            self.title, self.key = title, key

        def wrap(self, *_: Any) -> tuple[float, float]:
            return 0.0, 0.0  # takes no room: drawn where the heading after it starts

        def draw(self) -> None:
            self.canv.bookmarkHorizontal(self.key, 0, 0)
            self.canv.addOutlineEntry(self.title, self.key, level=0)

    return OutlineEntry


def _build(
    layout: ReportLayout, data: ReportData, draft_mode: bool, f: ReportFonts, out: Any
) -> None:
    from reportlab.lib.pagesizes import A4

    from govreport_gui.core.layout.platypus_import import import_platypus

    import_platypus()  # before reportlab.platypus is first imported: see that module
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        PageBreak,
        SimpleDocTemplate,
        Spacer,
    )

    from govreport_gui.core.layout.cjk_wrap import paragraph_class

    Paragraph = paragraph_class()  # Chinese line-breaking rules (cjk_wrap)
    text = _Text(f)
    bold = _bold_paragraph_class()
    outline_entry = _outline_entry_class()
    table_styles = TableStyles(f.fonts)
    width = A4[0] - MARGIN_LEFT - MARGIN_RIGHT

    def para(content: str, style: Any, kind: type = Paragraph) -> Any:
        return kind(markup(content, style.fontName, f.fonts), style)

    def title(lines: tuple[str, ...]) -> Any:
        return bold("<br/>".join(markup(line, f.song, f.fonts) for line in lines), text.title)

    def table(block: TableBlock) -> list[Any]:
        return [section_table(block.grid, width, table_styles, f.fonts), Spacer(1, LINE_PT / 2)]

    story: list[Any] = [title(layout.title_lines)]
    for block in layout.body:
        if isinstance(block, Heading):
            # A heading with at least two lines of its text under it: a page break before it
            # when less room is left (keepWithNext would move a long paragraph whole).
            story.append(CondPageBreak(HEADING_ROOM_LINES * LINE_PT))
            story.append(outline_entry(block.text, f"heading{len(story)}"))
            story.append(para(block.text, text.heading, bold if f.bold_heading else Paragraph))
        elif isinstance(block, Para):
            lead = ""
            if block.lead:
                lead = f'<font name="{f.kai}">{markup(block.lead, f.kai, f.fonts)}</font>'
            story.append(Paragraph(lead + markup(block.text, f.body, f.fonts), text.body))
        else:
            story.extend(table(block))
    # The 落款 never stands alone on a page (GB/T 9704 7.3.5.4): it is kept with the last
    # paragraph of the text and the 附件说明.
    closing: list[Any] = []
    if story and isinstance(layout.body[-1:] and layout.body[-1], Para):
        closing.append(story.pop())
    if layout.attachment_note:
        closing += [Spacer(1, LINE_PT), para(layout.attachment_note, text.body)]
    if layout.unit or layout.date:
        closing += [Spacer(1, SEAL_LINES * LINE_PT), *_closing(layout, text, f)]
    if closing:
        story.append(KeepTogether(closing))
    for attachment in layout.attachments:
        story += [PageBreak(), *_attachment(attachment, text, f, title, table)]

    signed = data.signoff if not draft_mode else None
    # "report" marks the whole report's PDF: verify checks the table exports only, and says so.
    keywords = f"govreport report form={data.form.id}"
    if signed is not None:
        keywords += f" fingerprint={signed.fingerprint}"
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=layout.title + (f"（{DRAFT_MARK}）" if draft_mode else ""),
        author=layout.unit,
        subject=data.form.title,
        keywords=keywords,
        creator=f"govreport {__version__}",
        initialFontName=f.song,
        initialFontSize=BODY_PT,
        invariant=1,  # no clock in the bytes: the same report gives the same file
    )
    pages = _Pages(f, draft_mode, signed.at if signed else "")
    doc.build(story, onFirstPage=pages.page, onLaterPages=pages.page, canvasmaker=pages.canvas())


def _closing(layout: ReportLayout, text: _Text, f: ReportFonts) -> list[Any]:
    """The unit centred over the date, the date four characters in from the right."""
    from reportlab.lib.styles import ParagraphStyle

    from govreport_gui.core.layout.cjk_wrap import paragraph_class

    Paragraph = paragraph_class()
    out = []
    indents = closing_indents(layout.unit, layout.date)
    for line, right_chars in zip((layout.unit, layout.date), indents, strict=True):
        if line:
            right = right_chars * BODY_PT
            style = ParagraphStyle(f"r_closing{right}", parent=text.closing, rightIndent=right)
            out.append(Paragraph(markup(line, f.body, f.fonts), style))
    return out


def _attachment(
    attachment: Attachment, text: _Text, f: ReportFonts, title: Any, table: Any
) -> list[Any]:
    from govreport_gui.core.layout.cjk_wrap import paragraph_class

    def para(content: str, style: Any) -> Any:
        return paragraph_class()(markup(content, style.fontName, f.fonts), style)

    label = para(attachment.label, text.label)
    if f.bold_heading:
        label = _bold_paragraph_class()(markup(attachment.label, f.heading, f.fonts), text.label)
    story: list[Any] = [label, title(attachment.title_lines)]
    story += [para(line, text.line) for line in attachment.before]
    for block in attachment.tables:
        story += table(block)
    story += [para(line, text.line) for line in attachment.after]
    return story


class _Pages:
    """On every page: the number — N — outside, and on a draft the table export's draft marks."""

    def __init__(self, f: ReportFonts, draft_mode: bool, signed_at: str) -> None:
        self.f = f
        self.draft = PageDecor(f.fonts, draft_mode) if draft_mode else None
        self.signed_at = signed_at

    def page(self, canvas: Any, doc: Any) -> None:
        if self.draft is not None:
            self.draft.page(canvas, doc)
        number = canvas.getPageNumber()
        page_w = canvas._pagesize[0]
        y = MARGIN_BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_PT * 0.8
        label = f"— {number} —"
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        if number % 2:
            x, align = page_w - MARGIN_RIGHT - PAGE_NUMBER_PT, "right"
        else:
            x, align = MARGIN_LEFT + PAGE_NUMBER_PT, "left"
        draw_runs(canvas, x, y, label, self.f.song, PAGE_NUMBER_PT, self.f.fonts, align)
        canvas.restoreState()

    def canvas(self) -> Any:
        from reportlab.pdfgen.canvas import Canvas

        signed_at = self.signed_at
        song = self.f.song

        class DatedCanvas(Canvas):  # type: ignore[misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                kwargs["initialFontName"] = song  # else reportlab adds Helvetica, unembedded
                kwargs["initialFontSize"] = BODY_PT
                super().__init__(*args, **kwargs)
                document = getattr(self, "_doc", None)
                if signed_at and document is not None:
                    date_at(document._timeStamp, signed_at)

        return DatedCanvas
