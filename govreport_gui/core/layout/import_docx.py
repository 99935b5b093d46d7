"""Reading an annual report written in Word (.docx): its title, its sections of text and its tables.

The clerk's report of last year, or this year's written in Word, becomes a draft (issue 16): the
unit and the year from the title (``自治区机关事务管理局`` / ``2018年政府信息公开工作年度报告``, one
line or two), the paragraphs before the first heading as the preface, the paragraphs under each
heading as that section's text, and the figures of the statistics table(s). Headings are matched to
the form's sections by their words: spacing, full/half-width punctuation, the numbering (一、 一.
一 第一部分 1.) or its absence, and a year in the heading (四、2019年工作思路) do not matter; a
numbered list in a section's text (二、… inside 一、) is told from a heading the form has not by how
the document marks its headings (a paragraph's outline level or 标题 style, :mod:`.docx_outline`),
else by its numbering (:mod:`.heading_rules`). The
tables are read by :func:`~govreport_gui.core.layout.import_xlsx.read_tables`, the Excel import's
own matcher (rows by label, columns by header), from the Word tables' rows laid out as a sheet:
a merged cell's text in its first grid column, as a workbook has it; a table split by a page
break (two Word tables) reads as one, a merge across written the old way (``w:hMerge``) as a
merge; a row deleted with tracked changes is not read; a table pasted as an embedded Excel object
is the table its sheet shows (:mod:`.docx_objects`), one that cannot be read (an old .xls) named
where it stands. The paragraphs' text is what the printed
document shows (:mod:`.docx_text`: tracked changes as accepted, fields as their results, text
boxes where they print) with the numbers of Word's automatic numbering (:mod:`.docx_numbering`).
What cannot be placed (a paragraph before the title or
after the attachment, a heading the form does not have, a table row that fits no row) is listed in
readable Chinese; nothing is dropped without a line. A sentence standing before a table in a table
section (二 to 四 of 2019/2021) is kept as that section's text. A saved web page's frame around the
report (the site's menus before the title, its meta line under it, its footer after the 落款) is
no part of it: left out, and said as such (``ImportedReport.page_frame``), not as not placed.

The file is hostile input until shown otherwise: at most 50 MB; a zip whose members would unpack to
too much (200 MB, or 20 MB for one XML part), or are compressed too well, is refused before
python-docx reads it (it loads every part into memory); any XML part with a DTD or entity declaration is refused (python-docx's own parser
does not resolve entities either: ``resolve_entities=False``); a relationship to anything outside
the file other than a web link (a remote template, a linked picture or sub-document) is refused;
at most 20,000 paragraphs, 200 tables, 5,000 table rows and 200 columns are read. Old formats
(.doc, .wps, .rtf, .odt) get a message saying how to save the report as .docx; a PDF named so, to
rename it (:mod:`.import_pdf` reads PDF, :mod:`.import_html` saved web pages, into the same blocks).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govreport_gui.core.forms.fields import parse_field
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.headings import (
    CN_NUMERALS,
    chinese_number,
    heading_key,
    heading_number,
)
from govreport_gui.core.forms.values import Value, ValueInputError
from govreport_gui.core.layout.docx_numbering import ListNumbers
from govreport_gui.core.layout.docx_outline import StyleLevels
from govreport_gui.core.layout.docx_outline import W as _W
from govreport_gui.core.layout.docx_text import (
    OLE_OBJECTS,
    TEXT_BOX,
    ShownText,
    mark_hidden,
    paragraph_text,
)
from govreport_gui.core.layout.grid import sections as grid_sections
from govreport_gui.core.layout.heading_rules import FormHeading, OwnHeadings
from govreport_gui.core.layout.import_xlsx import (
    DAMAGED_ZIP_DATA,
    BadValue,
    ImportResult,
    Places,
    SheetRows,
    UnmatchedRow,
    WorkbookContent,
    XlsxImportError,
    ZipKind,
    damaged_zip_message,
    norm,
    read_tables,
    technical_detail,
    zip_refusals,
)
from govreport_gui.core.layout.page_frame import (
    LINK_CHARS,
    footer_line,
    link_line,
    metadata_table,
    organisation,
    page_info,
    sentence,
    site_line,
    unit_name,
)
from govreport_gui.core.layout.report import DRAFT_MARK, DRAFT_NOTE
from govreport_gui.core.layout.table_lines import table_line
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.regular_file import (
    UnreadableFileError,
    open_regular,
    read_head,
    size_problem,
    size_text,
)
from govreport_gui.core.report.model import PREFACE, SectionDef

if TYPE_CHECKING:
    from govreport_gui.core.layout.docx_objects import CellContent

MAX_FILE_BYTES = 50 * 1024 * 1024  # pictures (a seal, a chart) make a report larger than a table
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # python-docx reads every part into memory
# One XML part, unpacked: a long report's document.xml is a few MB; lxml's tree is many times larger.
MAX_XML_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 5000
MAX_PARAGRAPHS = 20_000
MAX_TABLES = 200
MAX_CHUNKS = 200  # altChunk references (a web system's 导出 Word writes one)
MAX_TABLE_ROWS = 5000  # all tables together
MAX_COLS = 200
MAX_SPAN = 200  # a cell's gridSpan, so that a forged span cannot make a row of millions of cells
QUOTE_CHARS = 24  # how much of a paragraph a message quotes

SAVE_AS_DOCX = (
    "请先把它另存为 .docx 再导入：在 Word 中选“文件 → 另存为”，保存类型选“Word 文档 (*.docx)”；"
    "在 WPS 中选“文件 → 另存为”，文件类型选“Word 文件 (*.docx)”。"
)
# An altChunk not read: Word or WPS saves the document with it turned into paragraphs and tables.
SAVE_CHUNK = (
    "请在 Word 或 WPS 中打开它，另存为 .docx 后再导入（另存时这部分会转为普通的段落和表格）。"
)


class DocxImportError(ValueError):
    """The document is refused; ``problems`` lists every reason (Chinese)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _refuse(*problems: str) -> DocxImportError:
    return DocxImportError(list(problems))


# How a damaged, unreadable or encrypted .docx is refused (as a workbook is: import_xlsx).
_DOCX_ZIP = ZipKind(" Word 文档", ".docx", SAVE_AS_DOCX, DocxImportError)


# ---------------------------------------------------------------------------------------------
# The result


@dataclass
class ImportedReport:
    """What was read from a Word report for one form.

    ``sections``: section id → text (paragraphs joined with ``"\\n"``; the preface under
    ``"preface"``); ``values``: the figures read (blank cells left out); ``unplaced``: one Chinese
    line per thing that could not be placed.
    """

    form_id: str
    fields: dict[str, str]  # unit and year from the title; fields printed around the table
    sections: dict[str, str]
    values: dict[str, Value]
    unplaced: list[str]
    title: str = ""  # the title as written (one line)
    form_reason: str = ""  # how the form was chosen (given, or guessed from what)
    # headings of the document that are not sections of the form, with the text under them; a
    # 2014 report may name its own sections (its headings are editable)
    extra_sections: list[tuple[str, str]] = field(default_factory=list)
    table_notes: list[str] = field(default_factory=list)  # the table reader's notes (not refusals)
    # each section's heading as the document writes it (四、2019年工作思路): a 2014 draft may keep it
    headings: dict[str, str] = field(default_factory=dict)
    matched_rows: int = 0  # table rows matched to rows of the form
    # tables of the form not read when others were (absent, or their header not recognised): all
    # their figures are blank, which a reviewer must be told (import-report exits 1)
    missing_tables: list[str] = field(default_factory=list)
    # the document's headings in the order it prints them: a section of the form by its id, one
    # of ``extra_sections`` by its index (a 2014 draft lays its sections out so)
    order: list[str | int] = field(default_factory=list)
    # figures in the tables that were not imported (each also a line of ``unplaced``): cells
    # whose text is no figure, rows of figures the form has not; import-report exits 1, check
    # counts each as an error (a row's reason, a column in a check's words: ImportResult.in_check)
    unread_cells: list[BadValue] = field(default_factory=list)
    unread_rows: list[UnmatchedRow] = field(default_factory=list)
    # columns of figures the form has not (小计, 历年累计), each said with how many figures it holds
    unread_columns: list[str] = field(default_factory=list)
    # a web page's lines around the report that are the site's (its menus, the meta line under
    # the title, the footer), and its links to the report's 附件 or 解读: not imported, and not
    # “未能归入” either — said so that a reader sees what was left out (:func:`frame_lines`)
    page_frame: list[str] = field(default_factory=list)
    # embedded tables (Excel objects) that could not be read, each said as in ``unplaced``
    unread_objects: list[str] = field(default_factory=list)

    @property
    def lost_figures(self) -> int:
        return len(self.unread_cells) + len(self.unread_rows) + len(self.unread_columns)


# ---------------------------------------------------------------------------------------------
# Checking the file before python-docx reads it


def check_docx(path: Path) -> None:
    """Refuse what is not a plain, reasonably sized .docx before any XML is parsed."""
    try:
        size, head = read_head(path, 8, " Word 文档")
    except UnreadableFileError as exc:
        raise _refuse(exc.message) from None
    suffix = path.suffix.lower()
    problem = size_problem(size, MAX_FILE_BYTES, path, "一份年度报告")
    if problem:
        raise _refuse(problem)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: .doc, .wps, or encrypted
        what = "WPS 文字文件（.wps）" if suffix == ".wps" else "旧版 Word 文档（.doc）"
        raise _refuse(
            f"这是{what}或设了密码的文档，无法直接导入：{path}\n{SAVE_AS_DOCX}（不要设密码）"
        )
    if head.startswith(b"{\\rtf"):
        raise _refuse(f"这是 RTF 文档，无法直接导入：{path}\n{SAVE_AS_DOCX}")
    if head.startswith(b"%PDF"):
        raise _refuse(
            f"这是 PDF 文件，扩展名却不是 .pdf：{path}\n"
            "请把文件的扩展名改为 .pdf 后再导入（只能读出带文字的 PDF，扫描件不行）。"
        )
    if head.startswith(b"SQLite format 3"):
        raise _refuse(f"这是年报草稿（.nianbao），不是 Word 文档：{path}")
    if not head.startswith(b"PK\x03\x04"):
        if suffix in (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"):
            raise _refuse(f"这不是 .docx 格式的 Word 文档：{path}\n{SAVE_AS_DOCX}")
        raise _refuse(f"这不是 Word 文档（.docx）：{path}")
    with zip_refusals(path, _DOCX_ZIP), zipfile.ZipFile(path) as archive:
        _check_members(archive, path)


def _check_members(archive: zipfile.ZipFile, path: Path) -> None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if len(infos) > MAX_MEMBERS:
        raise _refuse(f"压缩包内文件过多（{len(infos)} 个），不像是一份年度报告：{path}")
    if "word/document.xml" not in names:
        mimetype = (
            _read_member(archive, archive.getinfo("mimetype"), path) if "mimetype" in names else b""
        )
        if b"opendocument" in mimetype[:100]:
            raise _refuse(f"这是 OpenDocument 文档（.odt），无法直接导入：{path}\n{SAVE_AS_DOCX}")
        if "xl/workbook.xml" in names:
            raise _refuse(
                f"这是 Excel 工作簿，不是 Word 文档：{path}\n"
                "统计表请用“从 Excel 导入”（govreport import-xlsx）。"
            )
        raise _refuse(f"这是一个压缩包，但不是 Word 文档（.docx）：{path}")
    if "[Content_Types].xml" in names:
        _check_content_type(archive, archive.getinfo("[Content_Types].xml"), path)
    total = 0
    for info in infos:
        total += info.file_size
        xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        if total > MAX_UNPACKED_BYTES or (xml and info.file_size > MAX_XML_BYTES):
            raise _refuse(
                "文档解压后过大，可能是恶意构造的文件（“压缩炸弹”），未读取：" + str(path)
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(
                f"文档中的“{info.filename}”压缩比异常（{ratio} 倍），"
                f"可能是恶意构造的文件（“压缩炸弹”），未读取：{path}"
            )
    for info in infos:
        name = info.filename.lower()
        if name.endswith((".xml", ".rels", ".vml")):
            data = _read_member(archive, info, path)
            if _DTD.search(_ascii_view(data)):
                raise _refuse(
                    f"文档中的“{info.filename}”含有 XML 文档类型/实体声明（DTD），"
                    f"可能是恶意构造的文件，未读取：{path}"
                )
            if name.endswith(".rels"):
                _check_relationships(data, info.filename, path)


def _check_content_type(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """A macro-enabled document or a template has the main part python-docx refuses: say what."""
    if info.file_size > RATIO_FLOOR:
        return  # judged with the other members below
    types = _read_member(archive, info, path)
    if b"macroEnabled.main" in types:
        raise _refuse(f"这是启用宏的 Word 文档（.docm），无法直接导入：{path}\n{SAVE_AS_DOCX}")
    if b"wordprocessingml.template.main" in types or b"macroEnabledTemplate.main" in types:
        raise _refuse(f"这是 Word 模板（.dotx / .dotm），不是报告文档：{path}\n{SAVE_AS_DOCX}")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """A member's bytes, never more than its stated size allows (a lying header cannot grow it);
    broken compressed data is the document's refusal, not zlib's error."""
    try:
        with archive.open(info) as member:
            return member.read(min(info.file_size, MAX_XML_BYTES) + 1)
    except DAMAGED_ZIP_DATA:
        raise _refuse(damaged_zip_message(path, info.filename)) from None


_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _ascii_view(data: bytes) -> bytes:
    """UTF-16 text with its zero bytes dropped, so one pattern finds ``<!DOCTYPE`` in any encoding."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00<\x00" in data[:200]:
        return data.replace(b"\x00", b"")
    return data


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.DOTALL)
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A scheme (http:, file://server), a UNC path (\\server): not C:\… nor file:///C:/… (this computer).
_NETWORK = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]+:(?!///)|\\\\|//)", re.IGNORECASE)


# Outside files on this computer a report commonly names, never opened by us: the template it was
# made from (Word records the 公文 template), the workbook an Excel table is linked to (选择性粘贴
# → 粘贴链接: named where it stands as not read, :func:`.docx_objects.not_contained`).
_LOCAL_LINKS = ("attachedTemplate", "oleObject")


def _check_relationships(data: bytes, member: str, path: Path) -> None:
    """Refuse a part that points outside the file, unless it is a web link written in the text or
    one of :data:`_LOCAL_LINKS` on this computer. A remote template or linked object, a linked
    picture or sub-document is how a document reaches out when opened; no report needs one."""
    for element in _RELATIONSHIP.findall(_ascii_view(data)):
        attributes = {
            m.group(1).decode("ascii", "replace"): (m.group(2) or m.group(3) or b"").decode(
                "utf-8", "replace"
            )
            for m in _ATTRIBUTE.finditer(element)
        }
        if attributes.get("TargetMode", "").lower() != "external":
            continue
        kind = attributes.get("Type", "").rsplit("/", 1)[-1]
        target = attributes.get("Target", "")
        if kind == "hyperlink":
            continue
        if kind in _LOCAL_LINKS and not _NETWORK.match(target):
            continue
        shown = target if len(target) <= 80 else target[:80] + "……"
        raise _refuse(
            f"文档引用了文件以外的内容（{kind}：{shown}，见“{member}”），"
            f"可能是恶意构造的文件，未读取：{path}\n"
            "如确是本单位的报告，请在 Word 或 WPS 中把正文复制到一个新建的文档，另存为 .docx 后再导入。"
        )


# ---------------------------------------------------------------------------------------------
# The body in order: paragraphs and tables


_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_TR_PR, _TC_PR, _DEL, _CELL_DEL = f"{_W}trPr", f"{_W}tcPr", f"{_W}del", f"{_W}cellDel"
_V_MERGE, _H_MERGE = f"{_W}vMerge", f"{_W}hMerge"
_ALT_CHUNK = f"{_W}altChunk"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based among the document's non-empty paragraphs outside tables
    text: str
    # How the document marks it as a heading: Word's outline level ("1" for 标题 1), a web page's
    # "h2", a PDF's bookmark level or the heading's font; "" for a body paragraph, or when the
    # document marks none (:mod:`.heading_rules`).
    mark: str = field(default="", compare=False)


@dataclass(frozen=True)
class WordTable:
    number: int  # 1-based among the document's tables
    rows: tuple[tuple[str | None, ...], ...]  # grid-aligned; a merged cell's text in its first
    # (row, column, columns spanned) of each cell with text merged across columns, 0-based
    spans: tuple[tuple[int, int, int], ...] = field(default=(), compare=False)
    # An embedded table that could not be read (an old .xls object, a damaged workbook), no
    # row, number 0: the line saying so and what to do, where it stands (:mod:`.docx_objects`).
    unread: str = field(default="", compare=False)


Block = Paragraph | WordTable
Spans = tuple[tuple[int, int, int], ...]


# What reads a web page's text into blocks (:func:`.import_html.page_blocks`, given by the caller:
# the web page reader is built on this module's blocks).
PageReader = Callable[[str | bytes, Path], list[Block]]


def read_blocks(path: Path, page_reader: PageReader | None = None) -> list[Block]:
    """The body of the checked document at ``path``: its non-empty paragraphs and its tables, in
    order (content controls opened, text boxes where they print; a web page embedded as an
    altChunk read by ``page_reader``, refused without one). Raises :class:`DocxImportError`."""
    check_docx(path)
    import docx

    try:
        # No library warning about the outside file on the console: the refusal says it all.
        with open_regular(path) as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                document = docx.Document(handle)
                body = _Body(path, document, page_reader)
                body.read(document.element.body)
                return body.blocks
            except DocxImportError:
                raise
            except DAMAGED_ZIP_DATA:  # a part not checked before (a picture): python-docx reads all
                raise _refuse(damaged_zip_message(path)) from None
            except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
                raise _refuse(
                    f"无法读取 Word 文档：文件内容已损坏，或不是 Word/WPS 保存的格式：{path}\n"
                    f"{SAVE_AS_DOCX}{technical_detail(exc)}"
                ) from None
    except OSError as exc:
        raise _refuse(f"无法读取文件 {path}：{describe_os_error(exc)}") from None


def _numbering_part(document: Any) -> Any:
    """The document's numbering.xml, None when it has none (python-docx would make one up)."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except (KeyError, AttributeError):
        return None


class _Body:
    """The document's blocks, read in its order: the paragraphs' automatic numbers are counted
    as Word counts them, paragraph after paragraph, in the tables and text boxes too."""

    def __init__(self, path: Path, document: Any, page_reader: PageReader | None) -> None:
        self.path = path
        self.part = document.part  # where an altChunk's content is found, by its relationship
        self.page_reader = page_reader
        styles = document.styles.element
        self.levels = StyleLevels(styles)
        self.numbers = ListNumbers(_numbering_part(document), styles, self.levels)
        self.blocks: list[Block] = []
        self.paragraphs = self.tables = self.rows = self.objects = self.chunks = 0
        self.chunk_bytes = 0  # of the chunk parts read
        self.read_chunks: dict[str, list[Block]] = {}  # each chunk part read: what it holds
        # What the cells of the table being read hold that is not read (embedded objects,
        # altChunks), by kind in the order met: found deep in a cell's text (_cell_text, which
        # gives text only), said after the table (_table), which then starts it again.
        self.in_cells: Counter[CellContent] = Counter()
        # each embedded part read: its table, or why it was not read
        self.read_objects: dict[str, tuple[list[tuple[str | None, ...]], Spans] | str] = {}

    def shown(self, element: Any, in_cell: bool = False) -> ShownText:
        """What the paragraph ``element`` prints, with its automatic number (``number``: it heads
        the paragraphs run on into this one too). A paragraph run on into the next (its mark
        deleted) or hidden whole is not counted: Word shows no number."""
        shown = paragraph_text(element, in_cell)
        if not shown.joins_next and not (mark_hidden(element) and not shown.text.strip()):
            shown.number = self.numbers.label(element)
        return shown

    def read(self, container: Any) -> None:
        """The paragraphs and tables of ``container`` (the body, a text box) into :attr:`blocks`;
        a text box's in its place (recursion bounded by the parser's depth limit)."""
        joined = ""  # paragraphs whose mark was deleted: they run on into the next
        held: list[Any] = []  # the text boxes printed after those paragraphs
        for element in _block_elements(container, (_P, _TBL, _ALT_CHUNK)):
            if element.tag != _P:
                self._paragraph(joined, "")
                for box in held:
                    self._anchored(box)
                joined, held = "", []
                if element.tag == _ALT_CHUNK:
                    self._chunk(element)
                else:
                    self._table(element)
                continue
            shown = self.shown(element)
            for box in shown.before:
                self._anchored(box)
            held.extend(shown.after)
            if shown.joins_next:
                joined += shown.text
                continue
            level = self.levels.paragraph(element)
            self._paragraph(shown.number + joined + shown.text, str(level) if level else "")
            for box in held:
                self._anchored(box)
            joined, held = "", []
        self._paragraph(joined, "")
        for box in held:
            self._anchored(box)

    def _anchored(self, item: Any) -> None:
        """What a paragraph holds printed where it stands: a text box's paragraphs and tables, an
        embedded object's table (:mod:`.docx_objects`)."""
        if item.tag == TEXT_BOX:
            self.read(item)
        else:
            self._object(item)

    def _object(self, element: Any) -> None:
        """The table an embedded object shows; one that cannot be read is said where it stands
        (a :class:`WordTable` without rows, ``unread``)."""
        from govreport_gui.core.layout import docx_objects

        part, relationship = self._related(element)
        self.objects += 1
        if self.objects > MAX_TABLES:
            raise _refuse(
                f"文档中嵌入的对象超过 {MAX_TABLES} 个，不像是一份年度报告，已停止读取：{self.path}"
            )
        if part is None:  # linked to another file (粘贴链接), or a reference to nothing
            self._unread(docx_objects.not_contained(element, relationship))
            return
        key = str(part.partname)
        if key not in self.read_objects:  # one workbook shown twice is read once
            try:
                self.read_objects[key] = docx_objects.object_table(element, part)
            except docx_objects.ObjectNotRead as exc:
                self.read_objects[key] = exc.message
        table = self.read_objects[key]
        if isinstance(table, str):
            self._unread(table)
        elif table[0]:
            self._put_table(*table)

    def _related(self, element: Any) -> tuple[Any, Any]:
        """What the reference (``r:id``) of the object or altChunk ``element`` leads to: the part
        of the package holding its content, None when the document holds none (linked to another
        file, or a reference to nothing); and the relationship itself, None when there is no such
        reference (what a linked object names)."""
        relationship = element.get(_RELATIONSHIP_ID, "")
        return self.part.related_parts.get(relationship), self.part.rels.get(relationship)

    def _unread(self, message: str) -> None:
        """An object not read, said where it stands (a :class:`WordTable` without rows)."""
        where = f"第 {self.paragraphs} 段之后" if self.paragraphs else "文档开头"
        self.blocks.append(WordTable(0, (), unread=where + message))

    def _paragraph(self, text: str, mark: str) -> None:
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            self.paragraphs += 1
            if self.paragraphs > MAX_PARAGRAPHS:
                raise _refuse(
                    f"文档超过 {MAX_PARAGRAPHS} 段，不像是一份年度报告，已停止读取：{self.path}"
                )
            self.blocks.append(Paragraph(self.paragraphs, line, mark))

    def _chunk(self, element: Any) -> None:
        """An altChunk's content in its place (:mod:`.docx_chunks`): a web page's paragraphs and
        tables, a text's lines; a kind we do not read refuses the document, saying what to do."""
        part, _relationship = self._related(element)
        if part is None:  # a reference to nothing: Word shows nothing either
            return
        self.chunks += 1
        if self.chunks > MAX_CHUNKS:
            raise _refuse(
                f"文档中嵌入的其他格式内容（altChunk）超过 {MAX_CHUNKS} 处，"
                f"不像是一份年度报告，已停止读取：{self.path}"
            )
        # A part referenced twice (no writer does so; a crafted file may) is read once and its
        # content put at each place, as one workbook shown twice is (_object): what a reference
        # is taken to show stays the same, reading costs once (read again, one costly page
        # referenced 20 times cost 20 readings), and the repeats are held to the paragraphs' and
        # the tables' limits as any content is.
        key = str(part.partname)
        if key not in self.read_chunks:
            self.read_chunks[key] = self._chunk_blocks(part)
        for block in self.read_chunks[key]:
            if isinstance(block, WordTable):
                self._put_table(list(block.rows), block.spans)
            else:
                self._paragraph(block.text, block.mark)

    def _chunk_blocks(self, part: Any) -> list[Block]:
        """What the chunk ``part`` holds, read once; refused past the web page's size, all of the
        document's chunks together (the web page reader reads a chunk as a page file)."""
        from govreport_gui.core.layout import docx_chunks

        self.chunk_bytes += len(part.blob)
        if self.chunk_bytes > docx_chunks.MAX_BYTES:
            raise _refuse(
                f"文档中嵌入的其他格式内容（altChunk）共超过 {size_text(docx_chunks.MAX_BYTES)}，"
                f"不像是一份年度报告，已停止读取：{self.path}"
            )
        kind = docx_chunks.kind_of(part.content_type)
        if kind in docx_chunks.TEXT:
            return [Paragraph(0, line) for line in docx_chunks.plain_lines(part.blob)]
        page: bytes | None = None  # its bytes: the page says its charset
        if self.page_reader is not None and kind in docx_chunks.HTML:
            page = part.blob
        elif self.page_reader is not None and kind in docx_chunks.MHT:
            try:
                page = docx_chunks.mht_html(part.blob)
            except docx_chunks.ArchiveNotRead:
                raise _refuse(
                    f"{docx_chunks.ARCHIVE_NOT_READ}：{self.path}\n{SAVE_CHUNK}"
                ) from None
        if page is None or self.page_reader is None:  # (a reader given: for mypy's sake)
            raise _refuse(
                f"文档中嵌有另一种格式的内容（{kind or '未知格式'}），本程序无法直接读取：{self.path}\n"
                + SAVE_CHUNK
            )
        return self.page_reader(page, self.path)

    def _table(self, element: Any) -> None:
        self.in_cells = Counter()  # this table's only: a table is never read inside another's
        table_rows, spans = self._table_rows(element, self.tables + 1)
        self._put_table(table_rows, spans)
        if self.in_cells:  # no object or altChunk is read inside a cell: said after it
            from govreport_gui.core.layout.docx_objects import in_cells_note

            note = in_cells_note(self.tables, self.in_cells)
            self.blocks.append(WordTable(0, (), unread=note))
            self.in_cells = Counter()

    def _put_table(
        self, table_rows: list[tuple[str | None, ...]], spans: tuple[tuple[int, int, int], ...]
    ) -> None:
        self.tables += 1
        if self.tables > MAX_TABLES:
            raise _refuse(
                f"文档中的表格超过 {MAX_TABLES} 个，不像是一份年度报告，已停止读取：{self.path}"
            )
        self.rows += len(table_rows)
        if self.rows > MAX_TABLE_ROWS:
            raise _refuse(
                f"文档中的表格共超过 {MAX_TABLE_ROWS} 行，不像是一份年度报告，已停止读取：{self.path}"
            )
        self.blocks.append(WordTable(self.tables, tuple(table_rows), spans))

    def _table_rows(
        self, table: Any, number: int
    ) -> tuple[list[tuple[str | None, ...]], tuple[tuple[int, int, int], ...]]:
        """The table's rows on its grid, and where a cell with text spans columns
        (:class:`WordTable`). A row or cell deleted with tracked changes is not read."""
        rows: list[tuple[str | None, ...]] = []
        spans: list[tuple[int, int, int]] = []
        for tr in _rows(table):
            cells: list[str | None] = [None] * _grid_value(tr, "trPr", "gridBefore")
            widths: dict[int, int] = {}  # first column → columns, of each cell with text
            first: int | None = None  # the column of the cell a w:hMerge continues
            for tc in _block_elements(tr, (_TC,)):
                if tc.find(f"{_TC_PR}/{_CELL_DEL}") is not None:
                    continue
                span = min(max(_grid_value(tc, "tcPr", "gridSpan"), 1), MAX_SPAN)
                across = _merge(tc, _H_MERGE)
                if across == "continue" and first is not None:
                    # Word 97's merge across (WPS writes it too): the first cell's text alone
                    if first in widths:
                        widths[first] += span
                    cells.extend([None] * span)
                else:
                    first = len(cells) if across == "restart" else None
                    text = None if _merge(tc, _V_MERGE) == "continue" else self._cell_text(tc)
                    if text:
                        widths[len(cells)] = span
                    cells.append(text or None)
                    cells.extend([None] * (span - 1))
                if len(cells) > MAX_COLS:
                    raise _refuse(
                        f"表格{number}超过 {MAX_COLS} 列，不像是年度报告中的表格，已停止读取：{self.path}"
                    )
            # As a workbook has a merged cell: its text in the first grid column, the rest empty.
            spans.extend((len(rows), col, width) for col, width in widths.items() if width > 1)
            rows.append(tuple(cells))
        return rows, tuple(spans)

    def _cell_text(self, tc: Any) -> str:
        """A cell's paragraphs, a line each, those of a table or a text box inside it too (in
        its reading order); without recursion, as a crafted file may nest tables deep. A
        paragraph whose mark was deleted runs on into the next line."""
        lines: list[str] = []
        joins = False
        work: list[Any] = [tc]  # elements to read, or a paragraph: (number, text, runs on)
        while work:
            item = work.pop()
            if isinstance(item, tuple):
                number, text, next_joins = item
                if joins and lines:
                    lines[-1] = number + lines[-1] + text
                else:
                    lines.append(number + text)
                joins = next_joins
                continue
            if item.tag == _P:
                shown = self.shown(item, in_cell=True)
                read = (shown.number, shown.text, shown.joins_next)
                work.extend(reversed([*shown.before, read, *shown.after]))
                continue
            if item.tag == _TBL:
                children = list(_rows(item))
            elif item.tag == _TR:
                children = list(_block_elements(item, (_TC,)))
            elif item.tag in OLE_OBJECTS or item.tag == _ALT_CHUNK:  # not read in a cell: named
                self._in_cell(item)
                continue
            else:  # a cell, a text box
                children = list(_block_elements(item, (_P, _TBL, _ALT_CHUNK)))
            work.extend(reversed(children))
        return "\n".join(line.strip() for line in lines if line.strip()).strip()

    def _in_cell(self, element: Any) -> None:
        """Count the embedded object or altChunk ``element`` met in a cell as what it is; an
        altChunk whose reference leads nowhere shows nothing in Word, nor here."""
        from govreport_gui.core.layout import docx_objects

        part, relationship = self._related(element)
        if element.tag != _ALT_CHUNK:
            self.in_cells[docx_objects.cell_object(element, part, relationship)] += 1
        elif part is not None:
            self.in_cells[docx_objects.CHUNK_IN_CELL] += 1


def _merge(tc: Any, tag: str) -> str:
    """A cell's ``w:vMerge`` or ``w:hMerge``: "restart", "continue", or "" (none)."""
    found = tc.find(f"{_TC_PR}/{tag}")
    if found is None:
        return ""
    return "restart" if found.get(f"{_W}val", "continue") == "restart" else "continue"


def _rows(table: Any) -> Iterator[Any]:
    """A table's rows, but those deleted with tracked changes (``w:trPr/w:del``)."""
    for tr in _block_elements(table, (_TR,)):
        if tr.find(f"{_TR_PR}/{_DEL}") is None:
            yield tr


def _block_elements(parent: Any, tags: tuple[str, ...] = (_P, _TBL)) -> Iterator[Any]:
    """``parent``'s children of ``tags`` in order, also those inside a content control (``w:sdt``,
    which a form template puts around a paragraph, a table, a row, a cell or a cell's text) or
    a custom XML element: Word shows them where they stand."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_elements(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _block_elements(child, tags)


def _grid_value(element: Any, properties: str, name: str) -> int:
    found = element.find(f"{_W}{properties}/{_W}{name}")
    if found is None:
        return 0 if name == "gridBefore" else 1
    try:
        return min(max(int(found.get(f"{_W}val", "0")), 0), MAX_SPAN)
    except ValueError:
        return 0 if name == "gridBefore" else 1


# ---------------------------------------------------------------------------------------------
# Headings and titles


def match_heading(text: str, sections: Sequence[SectionDef]) -> SectionDef | None:
    """The section whose heading ``text`` is (tolerant of numbering and punctuation), or None.

    A heading in other words a form lists for the section (its ``aliases``: 五、政府信息公开工作
    存在的主要问题及改进情况) counts only numbered as the section is: 五、 for 五、…, never a
    list item or another section's place, so that no text is put under a wrong section."""
    if len(text) > 60 or text.lstrip().startswith(("（", "(")):
        return None
    key = heading_key(text)
    if not key:
        return None
    headed = [s for s in sections if s.id != PREFACE and s.heading]
    for section in headed:
        if heading_key(section.heading) == key:
            return section
    number = heading_number(text)
    for section in headed:
        if any(heading_key(alias) == key for alias in section.aliases):
            numbered = heading_number(section.heading)
            return section if numbered is not None and number == numbered else None
    return None


TITLE_LINES = 4  # the title is looked for among a report's first paragraphs (parse_title)
# Paragraph.number of a web page's <title> put before its blocks when the page shows no title
# (import_html): the site's frame then runs down to the report's first text.
TAB_TITLE = 0
_REPORT_TITLE = re.compile(
    r"^(?P<unit>.*?)(?:(?P<year>(?:19|20)\d{2})年度?)?政府信息公开(?:工作)?年度报告$"
)


def parse_title(lines: Sequence[str]) -> tuple[str, str, int, int] | None:
    """The unit, the year and the lines they are on (first, end) among the first four lines of a
    report: the whole title on one line, or split over two (the unit, then ``2018年…年度报告``, or
    wrapped anywhere).
    A line before the title (机密, 附件1) is not taken for part of the unit."""
    keys = ["".join(unicodedata.normalize("NFKC", line).split()) for line in lines[:TITLE_LINES]]
    found = [(n, _REPORT_TITLE.match(key)) for n, key in enumerate(keys)]
    for n, match in found:
        if match and match.group("unit"):
            return _unit_text(match.group("unit")), match.group("year") or "", n, n + 1
    for n in range(len(keys) - 1):  # one title wrapped anywhere (a PDF's or a web page's line)
        joined = _REPORT_TITLE.match(keys[n] + keys[n + 1])
        if joined and joined.group("unit") and not found[n][1]:
            return _unit_text(joined.group("unit")), joined.group("year") or "", n, n + 2
    for n, match in found:
        if match:  # the year's line alone: the unit is on the line before, if there is one
            unit = keys[n - 1] if n else ""
            return _unit_text(unit), match.group("year") or "", max(n - 1, 0), n + 1
    return None


def _unit_text(unit: str) -> str:
    # NFKC made the unit's brackets half-width; as written in Chinese they are full-width.
    return unit.replace("(", "（").replace(")", "）")


def find_page_title(
    blocks: Sequence[Block], sections: Sequence[SectionDef] = ()
) -> tuple[int, int, str, str] | None:
    """On a web page: the report's title — its first block and the block after it, the unit and
    the year — as the last title among the lines before the report's text (its first heading of
    ``sections``; without one, its first sentence), wherever the site's frame puts it (after its
    menus, the breadcrumb, the 索引号 table), or None. The last one: a side column may list the
    unit's reports of other years above it, and the report may print its title again under the
    page's. A line whose “unit” is no name is not one (当前位置：首页 > … > 某某局2022年…报告,
    名称：…), nor is a line above a title without the unit (2022年…年度报告) that does not end as
    a unit's name does (the menu's 政府信息公开年报)."""
    texts = [(n, b.text) for n, b in enumerate(blocks) if isinstance(b, Paragraph)]
    # A heading, when there is one: a sentence may stand in the site's header above the title.
    stop = (  # with no sections given, no line can be one of them
        next((n for n, text in texts if match_heading(text, sections) is not None), None)
        if sections
        else None
    )
    if stop is None:
        stop = next((n for n, text in texts if sentence(text)), len(blocks))
    found: tuple[int, int, str, str] | None = None
    for index, block in enumerate(blocks[:stop]):
        if isinstance(block, WordTable):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        window = [block.text, *([following.text] if isinstance(following, Paragraph) else [])]
        if not any("告" in line for line in window):
            continue  # no 年度报告 to end a title: a page's many lines cost no parse
        title = parse_title(window)
        if title is None or title[2] != 0 or not unit_name(title[0]):
            continue  # a title starting on the next line is looked at from there
        if title[3] == 2 and not organisation(window[0].strip()):
            continue  # the year's line alone is looked at from there, without a unit
        end = index + title[3]
        if found is None or end > found[1]:  # the same title's year line alone is no later one
            found = (index, end, title[0], title[1])
    return found


# ---------------------------------------------------------------------------------------------
# The report read for one form


@dataclass
class _Layout:
    """The document split for one form: where each paragraph goes, and the table stream."""

    title: str = ""
    unit: str = ""
    year: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    extra: list[tuple[str, list[str]]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    stream: list[tuple[int, tuple[str | None, ...]]] = field(default_factory=list)
    spans: dict[int, dict[int, int]] = field(default_factory=dict)  # as SheetRows.spans
    places: dict[int, str] = field(default_factory=dict)
    tables: int = 0
    unread_objects: list[str] = field(default_factory=list)  # as ImportedReport's
    date: str = ""  # the 落款's
    title_date: str = ""  # a date printed under the title (used when the 落款 has none)
    order: list[str | int] = field(default_factory=list)  # as ImportedReport.order
    # a web page's own blocks before the report's text and after its 落款 (its frame)
    frame_before: list[Block] = field(default_factory=list)
    frame_after: list[Block] = field(default_factory=list)
    # links after the 落款 to what the page does not show (附件 as a file, 解读): named each
    frame_links: list[str] = field(default_factory=list)
    # the report's lines after its 落款's date that fit no part (说明, 备注): named each
    after_closing: list[str] = field(default_factory=list)


class _WordPlaces(Places):
    """Rows of the table stream named as the user sees them: 表格2第 5 行, 第 40 段."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names

    def row(self, sheet: str, number: int) -> str:
        return self.names.get(number, f"第 {number} 行")

    def cell(self, sheet: str, number: int, col: int) -> str:
        return f"{self.row(sheet, number)}第 {col + 1} 列"


_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?")
_YEAR_LINE = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[）)]$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# A 落款's date in Chinese numerals (二〇二三年一月二十日; 〇 often typed ○ or Ｏ), as reports before
# GB/T 9704-2012 and some since write it; on a line without spaces.
_ZEROS = "〇零○OＯ"
_CHINESE_DATE = re.compile(
    rf"^([{_ZEROS}{CN_NUMERALS[:9]}]{{4}})年([一二三四五六七八九十]{{1,3}})月([一二三四五六七八九十]{{1,3}})日$"
)
# Under a 公文's 落款: （此件公开发布）, （此件主动公开）, on a line without spaces.
_RELEASE_MARK = re.compile(r"^[（(]此件[^（）()]{1,8}[）)]$")
_TITLE_DATE = re.compile(r"^[（(]?(\d{4}年\d{1,2}月\d{1,2}日)[）)]?$")  # on a line without spaces


MAX_FOOTER_LINES = 3  # a site's footer lines after a report's 落款
# Paragraphs a 落款 may take: the unit's name (over two lines or more when it is long), the date,
# each perhaps written twice (a second 落款 of the same unit).
MAX_CLOSING_PARAGRAPHS = 6


def _quote(text: str) -> str:
    return "“" + _short(text, QUOTE_CHARS) + "”"


def _short(text: str, limit: int) -> str:
    """``text`` on one line (a label broken where its cell was narrow, 一、本年新收政府<br>信息…,
    is quoted as one), cut to ``limit`` characters."""
    text = _LINE_BREAK.sub("", text)
    return text if len(text) <= limit else text[:limit] + "……"


_LINE_BREAK = re.compile(r"[^\S\n]*\n\s*")


class _Reader:
    def __init__(self, form: FormDef, sections: Sequence[SectionDef], web: bool = False) -> None:
        self.form = form
        self.web = web  # a saved web page: the site's frame around the report is left out
        self.sections = [s for s in sections if s.id != PREFACE]
        self.section_keys = {
            heading_key(text) for s in self.sections for text in (s.heading, *s.aliases)
        } - {""}
        self.known = {norm(form.title)} | {
            norm(t) for s in grid_sections(form) for t in (s.title, *(x.title for x in s.tables))
        }
        self.known.discard("")
        labels: dict[str, None] = {}
        for f in form.fields:
            for text in (f.print_label, f.label):
                labels[r"\s*".join(re.escape(ch) for ch in text if not ch.isspace())] = None
        alternatives = "|".join(sorted(labels, key=len, reverse=True))
        self.field_line = re.compile(rf"^\s*(?:{alternatives})\s*[:：]") if labels else None
        self.title_regex = form.title_regex()

    def furniture(self, text: str) -> bool:
        """A line printed around a statistics table: its title, the year, 附件, a field line, its
        unit, a note or a caption."""
        key = norm(text)
        return bool(
            key in self.known
            or self.title_regex.match(text)
            or _YEAR_LINE.match(key)
            or _ATTACHMENT.match(key)
            or (self.field_line and self.field_line.match(text))
            or table_line(key) is not None  # 单位：件, 注：…, 表二 …, 续表
        )

    def split(self, blocks: Sequence[Block]) -> _Layout:
        out = _Layout()
        # Our draft export's mark (the web page's line above the title; the Word file has it in
        # its page header, the PDF as its watermark, neither read): no text of the report.
        blocks = [b for b in blocks if not (isinstance(b, Paragraph) and _own_mark(b.text))]
        heads = self._title(blocks, out)  # and, further on, the 落款's lines after the 附件说明
        if self.web:
            heads |= self._page_end(blocks, max(heads, default=-1) + 1, out)
        around = self._around_tables(blocks)
        own = OwnHeadings(self._form_headings(blocks))
        current: str | None = PREFACE
        last: list[str] | None = None  # the paragraphs that took the last one (the 落款 ends it)
        extra: list[str] | None = None
        in_attachment = False
        for index, block in enumerate(blocks):
            if index in heads:
                continue
            if isinstance(block, WordTable):
                self._add_table(block, out)
                continue
            text = block.text
            section = match_heading(text, self.sections)
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if section is not None and section.id == current and isinstance(following, WordTable):
                continue  # the table's caption repeating its section's heading (a web page's)
            caption = (
                self._caption(text, current, out) if isinstance(following, WordTable) else None
            )
            if caption is not None:
                # …and the first table's title after it (二、…情况　第二十条第（一）项), when a
                # sentence of the section stands between the heading and the table
                if caption:
                    out.stream.append((len(out.stream) + 1, (caption,)))
                    out.places[len(out.stream)] = f"第 {block.number} 段"
                continue
            if section is not None:
                if section.id in out.sections:
                    out.unplaced.append(
                        f"第 {block.number} 段{_quote(text)}：部分“{section.heading}”的标题出现了"
                        "不止一次，其后的段落接在前面的内容后"
                    )
                # 附件：政府信息公开情况统计表 may be a section of its own (the 2014 table's)
                attachment = bool(_ATTACHMENT.match(norm(text)))
                current, extra, in_attachment = section.id, None, attachment
                own.enter(self._number(out.headings.get(section.id, text), section))
                if section.id not in out.order:
                    out.order.append(section.id)
                out.sections.setdefault(section.id, [])
                out.headings.setdefault(section.id, text.strip())
                continue
            if index in around or (in_attachment and self.furniture(text)):
                in_attachment = in_attachment or bool(_ATTACHMENT.match(norm(text)))
                out.stream.append((len(out.stream) + 1, (text,)))
                out.places[len(out.stream)] = f"第 {block.number} 段"
                continue
            if _ATTACHMENT.match(norm(text)):
                in_attachment = True
                out.stream.append((len(out.stream) + 1, (text,)))
                out.places[len(out.stream)] = f"第 {block.number} 段"
                continue
            if in_attachment:
                closing = self._closing_ahead(blocks, index, out)
                if closing:  # the 落款 after the 附件说明 line (附件：… then the unit and the date)
                    heads.update(range(index + 1, index + closing))
                    continue
            if in_attachment:
                out.unplaced.append(f"第 {block.number} 段{_quote(text)}在附件中，未能归入任何部分")
                continue
            if own.is_heading(index, text, block.mark, self._form_words(text)):
                own.enter(heading_number(text))
                extra = []
                out.order.append(len(out.extra))
                out.extra.append((text.strip(), extra))
                current = None
                continue
            if extra is not None:
                extra.append(text)
                last = extra
                continue
            if current is None:  # not reached: a heading sets either ``current`` or ``extra``
                out.unplaced.append(f"第 {block.number} 段{_quote(text)}未能归入任何部分")
                continue
            last = out.sections.setdefault(current, [])
            last.append(text)
        self._signature(out, last)
        out.unplaced.extend(out.after_closing)
        if self.form.sections_editable:
            return out  # the headings the form has not become sections of the draft (2014)
        for heading, texts in out.extra:
            out.unplaced.append(
                f"“{_short(heading, QUOTE_CHARS)}”不是本表单的部分标题：它和其后 {len(texts)} 段"
                "未能归入任何部分"
            )
        return out

    def _caption(self, text: str, current: str | None, out: _Layout) -> str | None:
        """The rest of a table's caption that repeats the heading of ``current`` before the
        table's own title ("" when it is the heading alone); None when ``text`` is no such
        caption."""
        if current is None or current == PREFACE:
            return None
        flat = _flat(text)
        written = out.headings.get(current, "")
        form = next((s.heading for s in self.sections if s.id == current), "")
        for heading in (_flat(written), _flat(form)):
            rest = flat[len(heading) :]
            if heading and flat.startswith(heading) and (not rest or self.furniture(rest)):
                return rest
        return None

    def _form_headings(self, blocks: Sequence[Block]) -> list[FormHeading]:
        """The paragraphs that are headings of the form's sections, numbered as written (else as
        the form numbers the section), with how the document marks them."""
        found: list[FormHeading] = []
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                section = match_heading(block.text, self.sections)
                if section is not None:
                    number = self._number(block.text, section)
                    found.append(FormHeading(index, number, block.mark))
        return found

    @staticmethod
    def _number(written: str, section: SectionDef) -> int | None:
        """The number of ``section`` headed ``written``: as written (三、总体情况 is 三), else the
        form's (总体情况 is 一)."""
        return heading_number(written) or heading_number(section.heading)

    def _form_words(self, text: str) -> bool:
        """Whether ``text`` has the words of a section of the form (or of one of its aliases)."""
        key = heading_key(text)
        return bool(key) and key in self.section_keys

    def _title(self, blocks: Sequence[Block], out: _Layout) -> set[int]:
        """Indexes of the title's lines and of any before it, and of a date on a line of its own
        just under it (taken as ``out.title_date``). In a document, the title is among the first
        four paragraphs, and what stands before it is named; on a web page, it is wherever the
        site's frame puts it (:func:`find_page_title`), and what stands before it, and the meta
        line under it (来源：… 发布时间：…), is the frame (``out.frame_before``)."""
        found = find_page_title(blocks, self.sections) if self.web else None
        found = found or self._first_title(blocks)
        if found is None:
            out.unplaced.append(
                "没有找到报告标题（如“某某单位2024年政府信息公开工作年度报告”），"
                "填报单位和年度未能读出"
            )
            return set()
        start, end, out.unit, out.year = found
        written = "".join(b.text for b in blocks[start:end] if isinstance(b, Paragraph))
        if not out.year:
            out.unplaced.append(f"标题{_quote(written)}中没有写年度，年度未能读出")
        out.title = "".join(written.split())
        for block in blocks[:start]:
            if self.web:
                if not (isinstance(block, Paragraph) and block.number == TAB_TITLE):
                    out.frame_before.append(block)  # the tab's title, when found on the page too
            elif isinstance(block, Paragraph):
                out.unplaced.append(
                    f"第 {block.number} 段{_quote(block.text)}在标题之前，未能归入任何部分"
                )
        after = self._under_title(blocks, end, out) if self.web else end
        heads = set(range(after))
        # （2024年3月26日） under the title, as a county's page prints it: the report's date,
        # not the first line of its preface
        below = blocks[after] if after < len(blocks) else None
        if isinstance(below, Paragraph):
            dated = _TITLE_DATE.match(_flat(below.text))
            if dated:
                heads.add(after)
                out.title_date = dated.group(1)
        return heads

    def _under_title(self, blocks: Sequence[Block], end: int, out: _Layout) -> int:
        """Where a web page's report starts after its title ending at ``end``: past the page's
        meta line and 索引号 table (taken into ``out.frame_before``). Under the title of the
        browser's tab alone (:data:`TAB_TITLE`), past all of the page's frame, down to the
        report's first sentence, heading, table or date line."""
        tab = isinstance(blocks[end - 1], Paragraph) and blocks[end - 1].number == TAB_TITLE
        after = end
        while after < len(blocks) and (
            self._frame_above_text(blocks[after]) if tab else _page_info(blocks[after])
        ):
            out.frame_before.append(blocks[after])
            after += 1
        return after

    def _frame_above_text(self, block: Block) -> bool:
        """On a page showing no title: whether ``block`` is none of the report's (its first
        sentence, a heading, a table other than the page's own, a date under the title)."""
        if isinstance(block, WordTable):
            return _frame_table(block)
        text = block.text
        return not (
            sentence(text)
            or match_heading(text, self.sections) is not None
            or _TITLE_DATE.match(_flat(text))
        )

    def _first_title(self, blocks: Sequence[Block]) -> tuple[int, int, str, str] | None:
        """The title among a document's first four paragraphs (before any table or heading):
        its first block, the block after it, the unit and the year."""
        lines: list[str] = []
        for block in blocks[:TITLE_LINES]:
            if isinstance(block, WordTable) or match_heading(block.text, self.sections):
                break
            lines.append(block.text)
        found = parse_title(lines)
        if found is None:
            return None
        unit, year, start, end = found
        return start, end, unit, year

    def _page_end(self, blocks: Sequence[Block], start: int, out: _Layout) -> set[int]:
        """On a web page: the indexes of the blocks after the report that are not read as its
        sections (:meth:`_after_signature`). The report ends with the 落款's date after its last
        sentence, heading and table (a 2014 report's 统计表 after the 落款 is its own) — or,
        when a sentence stands after every such date (本站由…主办。 in the footer), after its
        last heading and table; without a 落款 date, the frame starts at its first footer line
        there (版权所有, 网站标识码 …). A page with none of these keeps all of it."""
        last_text = last_part = start - 1  # the report's last sentence / heading or table
        for index in range(start, len(blocks)):
            block = blocks[index]
            if isinstance(block, WordTable):
                if not _frame_table(block):
                    last_text = last_part = index
            elif match_heading(block.text, self.sections) is not None:
                last_text = last_part = index
            elif sentence(block.text):
                last_text = index
        signed = _after_date(blocks, last_text) or _after_date(blocks, last_part)
        if signed is not None:
            return self._after_signature(blocks, signed, out)
        frame = next(
            (
                index
                for index in range(last_text + 1, len(blocks))
                if _frame_table(blocks[index]) or _footer(blocks[index])
            ),
            len(blocks),
        )
        for block in blocks[frame:]:
            _take_frame(block, out)
        return set(range(frame, len(blocks)))

    def _after_signature(self, blocks: Sequence[Block], start: int, out: _Layout) -> set[int]:
        """What follows the 落款's date (from ``start``): the page's own lines, from its first
        one on (分享, 打印, the footer, a menu: :func:`site_line`), into ``out.frame_after``;
        the report's own tables (the statistics table of its 附件) with their captions, kept
        (not in the set); a link to its 附件 or 解读, named in ``out.frame_links``; any other
        line of the report's (说明, 备注) before the page's, named in ``out.after_closing``."""
        kept = self._tables_with_captions(blocks, start)
        left_out: set[int] = set()
        site = False  # the page's own lines have started: what follows is the page's too
        for index in range(start, len(blocks)):
            if index in kept:
                continue
            left_out.add(index)
            block = blocks[index]
            if isinstance(block, WordTable) or link_line(block.text):
                _take_frame(block, out)
            elif not site and self._closing_again(block.text, out):
                continue  # no text of the report: its 落款 printed twice, （此件公开发布）
            elif site or site_line(block.text):
                site = True
                out.frame_after.append(block)
            else:
                out.after_closing.append(_after_closing(block.text))
        return left_out

    @staticmethod
    def _closing_again(text: str, out: _Layout) -> bool:
        """Whether ``text``, after the 落款's date, is more of the 落款: its lines again (the
        unit, the date), or the 公文's mark under it (（此件公开发布）)."""
        lines = [line for line in text.split("\n") if line.strip()]
        return bool(_RELEASE_MARK.match(_flat(text))) or _closing(lines, out.unit)

    def _tables_with_captions(self, blocks: Sequence[Block], start: int) -> set[int]:
        """The indexes from ``start`` on of the report's tables (not the page's) and of the lines
        printed above each (附件, 附表, its title): read as the report's table."""
        kept: set[int] = set()
        for index in range(start, len(blocks)):
            if not isinstance(blocks[index], WordTable) or _frame_table(blocks[index]):
                continue
            kept.add(index)
            above = index - 1
            while above >= start and self._caption_line(blocks[above]):
                kept.add(above)
                above -= 1
        return kept

    def _caption_line(self, block: Block) -> bool:
        if not isinstance(block, Paragraph):
            return False
        return self.furniture(block.text) or _flat(block.text).startswith("附表")

    def _around_tables(self, blocks: Sequence[Block]) -> set[int]:
        """Paragraphs printed with a table (its title, 附件, the field lines above and below it)."""
        marked: set[int] = set()
        for index, block in enumerate(blocks):
            if not isinstance(block, WordTable):
                continue
            for step in (-1, 1):
                other = index + step
                while 0 <= other < len(blocks):
                    near = blocks[other]
                    if (
                        not isinstance(near, Paragraph)
                        or match_heading(near.text, self.sections) is not None
                        or not self.furniture(near.text)
                    ):
                        break
                    marked.add(other)
                    other += step
        return marked

    def _add_table(self, table: WordTable, out: _Layout) -> None:
        if table.unread:  # an embedded table not read: said where it stands
            out.unplaced.append(table.unread)
            out.unread_objects.append(table.unread)
            return
        out.tables += 1
        first = len(out.stream) + 1  # the stream's number of the table's first row
        for number, cells in enumerate(table.rows, start=1):
            out.stream.append((len(out.stream) + 1, cells))
            out.places[len(out.stream)] = f"表格{table.number}第 {number} 行"
        for row, col, span in table.spans:
            out.spans.setdefault(first + row, {})[col] = span

    def _take_closing(self, texts: Sequence[str], out: _Layout) -> bool:
        """Whether the paragraphs ``texts`` are (all of them) the 落款, taking its date."""
        lines = [line for text in texts for line in text.split("\n") if line.strip()]
        if not _closing(lines, out.unit):
            return False
        for line in lines:
            date = _written_date(line)
            if date is not None:
                out.date = out.date or date
        return True

    def _closing_ahead(self, blocks: Sequence[Block], index: int, out: _Layout) -> int:
        """How many paragraphs from ``blocks[index]`` on are the 落款 (0: none)."""
        run: list[str] = []
        for block in blocks[index : index + MAX_CLOSING_PARAGRAPHS]:
            if not isinstance(block, Paragraph):
                break
            run.append(block.text)
        for count in range(len(run), 0, -1):
            if self._take_closing(run[:count], out):
                return count
        return 0

    def _signature(self, out: _Layout, texts: list[str] | None) -> None:
        """The 落款 (the unit, the date) after the last paragraph of text: not text of the
        section (or of the heading the form has not) it follows."""
        if not texts:
            return
        if out.title and not out.unit:
            out.unit = _closing_unit(texts)
        # A web page's footer after the 落款 (版权所有, 网站标识码): not the report's text. Only
        # when a date line stands among the last paragraphs with the unit's line just above it.
        for back in range(2, min(MAX_FOOTER_LINES + 2, len(texts)) + 1):
            above = texts[-back - 1] if back < len(texts) else ""
            if (
                out.unit
                and _written_date(texts[-back]) is not None
                and _flat(above) == _flat(out.unit)
            ):
                out.unplaced.extend(_after_closing(footer) for footer in texts[-back + 1 :])
                del texts[-back + 1 :]
                break
        # One paragraph may hold both, a line each (a web page's <p align=right>…<br>…</p>); a
        # name too long for a line is printed over two (a PDF's lines, each a paragraph).
        for count in range(min(MAX_CLOSING_PARAGRAPHS, len(texts)), 0, -1):
            if self._take_closing(texts[-count:], out):
                del texts[-count:]
                break


_OWN_MARKS = {norm(DRAFT_MARK), norm(DRAFT_NOTE)}


def _after_closing(text: str) -> str:
    """How a line of the report after its 落款 that fits no part is named."""
    return f"落款之后的{_quote(text)}未能归入任何部分"


def _take_frame(block: Block, out: _Layout) -> None:
    """``block`` of a web page's frame after the report, into ``out``: a link to the report's
    附件 or 解读 named on its own, any other block counted with the frame."""
    if isinstance(block, Paragraph) and link_line(block.text):
        out.frame_links.append(_short(block.text, LINK_CHARS))
    else:
        out.frame_after.append(block)


def _own_mark(text: str) -> bool:
    """Whether ``text`` is the mark of our draft export (草稿（未签发）…)."""
    return norm(text) in _OWN_MARKS


def _flat(text: str) -> str:
    """``text`` without any white space: how a 落款's line is compared."""
    return "".join(text.split())


def _written_date(line: str) -> str | None:
    """The date a 落款's line is (2023年1月20日, also written 二〇二三年一月二十日), or None."""
    flat = _flat(line)
    if _DATE_LINE.match(flat):
        return flat
    chinese = _CHINESE_DATE.match(flat)
    if chinese is None:
        return None
    year = "".join("0" if ch in _ZEROS else str(chinese_number(ch)) for ch in chinese.group(1))
    month, day = (chinese_number(chinese.group(n)) for n in (2, 3))
    return f"{year}年{month}月{day}日"


def _dated(text: str) -> bool:
    """Whether the paragraph ``text`` ends with a date on a line of its own (a 落款's)."""
    lines = text.strip().split("\n")
    return _written_date(lines[-1]) is not None


def _closing_unit(texts: Sequence[str]) -> str:
    """The unit's name a 落款 at the end of ``texts`` gives (its line above the date), for a
    title without it (2022年政府信息公开工作年度报告); "" when there is none."""
    lines = [line for text in texts[-2:] for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or _written_date(lines[-1]) is None:
        return ""
    name = _flat(lines[-2])
    return name if organisation(name) and unit_name(name) else ""


def _after_date(blocks: Sequence[Block], last: int) -> int | None:
    """The index after the first paragraph past ``last`` that ends with a date (a 落款's)."""
    for index in range(last + 1, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph) and _dated(block.text):
            return index + 1
    return None


def _page_info(block: Block) -> bool:
    """A web page's meta line under the title, or its 索引号 table."""
    if isinstance(block, WordTable):
        return metadata_table(block.rows)
    return page_info(block.text)


def _footer(block: Block) -> bool:
    """A line of a web page's footer (版权所有, 网站标识码, 上一篇 …)."""
    return isinstance(block, Paragraph) and footer_line(block.text)


def _frame_table(block: Block) -> bool:
    """A web page's table that is the site's: its 索引号 table, or its footer in a table."""
    if not isinstance(block, WordTable):
        return False
    return metadata_table(block.rows) or any(
        cell and footer_line(cell) for row in block.rows for cell in row
    )


def frame_lines(
    before: Sequence[Block], after: Sequence[Block], links: Sequence[str] = ()
) -> list[str]:
    """What a web page's frame held (``before`` the report's text, ``after`` its 落款), a line
    each, with its first and last words, and each link after the report (``links``: its 附件 as
    a file, its 解读) whole: import-report says it, so that a reader can see no text of the
    report went with it, and what the page only links to."""
    lines = []
    for where, blocks in (("正文之前", before), ("正文之后", after)):
        texts = [block.text for block in blocks if isinstance(block, Paragraph)]
        tables = len(blocks) - len(texts)
        counts = "和 ".join(
            part
            for part in (f"{len(texts)} 段" if texts else "", f"{tables} 个表格" if tables else "")
            if part
        )
        if not counts:
            continue
        words = _quote(texts[0]) if texts else ""
        if len(texts) > 1:
            words += f"至{_quote(texts[-1])}"
        lines.append(f"{where} {counts}" + (f"：{words}" if words else ""))
    lines.extend(f"正文之后的链接（所链接的内容未导入，请另行查看）：“{link}”" for link in links)
    return lines


def _closing(lines: Sequence[str], unit: str) -> bool:
    """Whether ``lines`` are a 落款: dates, and the unit's name — which a name too long for a
    line takes two lines or more to print (…直属机关事务管理局 / （…服务中心）)."""
    flat = [_flat(line) for line in lines]
    names = "".join(line for line in flat if _written_date(line) is None)
    name = _flat(unit)
    if not names:
        return bool(flat)
    return bool(name) and names == name * (len(names) // len(name))


def _read_figures(layout: _Layout, form: FormDef) -> ImportResult | None:
    """The tables' figures for ``form`` (None when the document has no table). XlsxImportError."""
    if not layout.tables:
        return None
    content = WorkbookContent(
        sheets=[SheetRows("Word", list(layout.stream), spans=layout.spans)],
        properties={},
        hidden_sheets=[],
        places=_WordPlaces(layout.places),
    )
    # partial: a report may quote some of the tables only; the rest of the figures still count.
    return read_tables(content, form, partial=True)


def read_report(
    path: str | Path,
    form: FormDef,
    sections: Sequence[SectionDef],
    blocks: list[Block] | None = None,
    web: bool = False,
) -> ImportedReport:
    """Read the Word report at ``path`` as a report of ``form`` whose sections are ``sections``
    (``blocks``: the document already read, a PDF's or a web page's; ``web``: a saved web page,
    whose site's frame around the report is left out: ``page_frame`` says what it held).

    Raises :class:`DocxImportError` when the file is refused; a table that cannot be read for the
    form is not a refusal: its problems are listed in ``unplaced`` and no figure is taken.
    """
    if blocks is None:
        blocks = read_blocks(Path(path))
    reader = _Reader(form, sections, web)
    layout = reader.split(blocks)
    unplaced = list(layout.unplaced)
    values: dict[str, Value] = {}
    table_fields: dict[str, str] = {}
    notes: list[str] = []
    missing: list[str] = []
    matched = 0
    unread_rows: list[UnmatchedRow] = []
    unread_cells: list[BadValue] = []
    unread_columns: list[str] = []
    try:
        result = _read_figures(layout, form)
    except XlsxImportError as exc:
        result = None
        unplaced.append("统计表中的数字没有导入，因为：")
        unplaced.extend(f"  {p}" for p in exc.problems)
    if result is not None:
        values = {k: v for k, v in result.values.items() if v is not None}
        table_fields = dict(result.fields)
        matched = len(result.matched_rows)
        # The header repeated on a table's next page (a second Word table): not a row, not news.
        header = {norm(text) for t in form.tables for text in (t.stub_header, t.stub_note)}
        for row in result.unmatched_rows:
            if not row.has_values and norm(row.text) in header - {""}:
                continue
            what = "（有数字，未导入）" if row.has_values else ""
            if row.has_values:
                checked = result.checked(row.reason)
                unread_rows.append(replace(row, reason=checked))
            unplaced.append(f"{unmatched_row_text(row)}{what}")
        unread_cells = list(result.unreadable)
        unplaced.extend(f"{cell.description}（未导入，留空）" for cell in unread_cells)
        unread_columns = [result.checked(c) for c in result.extra_columns]
        unplaced.extend(result.extra_columns)
        notes = list(result.problems)
        if not result.matched_rows:
            unplaced.append(
                f"文档中的 {layout.tables} 个表格都对不上“{form.title}”的统计表（找不到其表头），"
                "其中的数字没有导入"
            )
        elif result.missing_tables:
            names = "、".join(
                "“" + " / ".join(p for p in (t.section, t.title) if p) + "”"
                for t in form.tables
                if t.id in result.missing_tables
            )
            missing = list(result.missing_tables)
            notes.insert(
                0,
                f"没有读出这些表格（文档中没有，或认不出其表头），其数字均为空，需另行填写：{names}",
            )
    elif not layout.tables and not layout.unread_objects:
        unplaced.append("文档中没有表格：统计表的数字需另行填写（或用“从 Excel 导入”）")
    fields = dict(table_fields)
    # The title names the unit and year of the whole report: it wins over the table's lines; the
    # 落款's date only fills a 填报日期 the table does not give.
    dated = layout.date or layout.title_date
    for key, raw in (("unit", layout.unit), ("year", layout.year), ("date", dated)):
        field_def = next((f for f in form.fields if f.key == key), None)
        if not raw or field_def is None or (key == "date" and fields.get(key)):
            continue
        try:
            value = parse_field(field_def, raw)
        except ValueInputError as exc:
            unplaced.append(f"“{raw}”未能作为“{field_def.label}”：{exc.reason}")
            continue
        if fields.get(key) and fields[key] != value:
            unplaced.append(
                f"标题中的“{value}”与统计表处写的“{fields[key]}”不一致（{field_def.label}），"
                "采用标题中的"
            )
        fields[key] = value
    texts = {sid: "\n".join(paragraphs) for sid, paragraphs in layout.sections.items()}
    return ImportedReport(
        form_id=form.id,
        fields=fields,
        sections={sid: text for sid, text in texts.items() if text},
        values=values,
        unplaced=unplaced,
        title=layout.title,
        extra_sections=[(heading, "\n".join(texts)) for heading, texts in layout.extra],
        table_notes=notes,
        matched_rows=matched,
        headings=dict(layout.headings),
        order=list(layout.order),
        missing_tables=missing,
        unread_cells=unread_cells,
        unread_rows=unread_rows,
        unread_columns=unread_columns,
        page_frame=frame_lines(layout.frame_before, layout.frame_after, layout.frame_links),
        unread_objects=list(layout.unread_objects),
    )


def unmatched_row_text(row: UnmatchedRow) -> str:
    """``表格1第 12 行“…”未能匹配表单中的行``: a row of a report's table the form has not, with
    why its figures were not read when there is more to say (``：“107”写在行名的格中…``); a
    heading row of the form holding figures, with why they were not read."""
    if row.heading:  # a heading row of the form: the reason says what is wrong with it
        return f"{row.place}“{_short(row.text, QUOTE_CHARS)}”{row.reason}"
    why = f"：{row.reason}" if row.reason else ""
    return f"{row.place}“{_short(row.text, QUOTE_CHARS)}”未能匹配表单中的行{why}"


# ---------------------------------------------------------------------------------------------
# Which form


def guess_form(
    blocks: list[Block],
    forms: Sequence[FormDef],
    web: bool = False,
) -> tuple[FormDef, str]:
    """The form a report is most likely of, and why (Chinese), from what it holds:

    1. its statistics tables: the form whose tables read without a refusal, with the most rows
       matched and the fewest rows of figures left over (2019 and 2021 differ in table 二's columns
       and in table 三's （六）其他处理 rows; 2014 is one table of 统计指标 | 单位 | 统计数);
    2. else the year in the title: the form in force for that year;
    3. else the section headings: the form with the most headings found.

    ``web``: the blocks are a saved web page's (the site's frame is no part of the report).
    """
    scored: list[tuple[int, int, FormDef]] = []  # (score, rows matched, form)
    year = ""
    for form in forms:
        layout = _Reader(form, form.sections, web).split(blocks)
        year = year or layout.year
        try:
            result = _read_figures(layout, form)
        except XlsxImportError:
            continue
        if result is None:
            break  # no table: nothing to tell the forms apart by
        if not result.matched_rows:
            continue
        # Rows of figures a form leaves over: under its tables but no row of them, or under no
        # table of it at all (a table whose header it does not know).
        figures = sum(1 for r in result.unmatched_rows if r.has_values) + result.stray_rows
        rows = len(result.matched_rows)
        scored.append((rows - 3 * figures, rows, form))
    if scored:
        best = max(score for score, _, _ in scored)
        winners = [(rows, f) for score, rows, f in scored if score == best]
        if len(winners) == 1:
            rows, chosen = winners[0]
            return chosen, f"按统计表的表头和行判断（{rows} 行与表单对应）"
        in_force = [f for _, f in winners if year and f.in_force(int(year))]
        if len(in_force) == 1:
            return in_force[0], f"按统计表和标题中的年度（{year}年）判断"
    if year:
        in_force = [f for f in forms if f.in_force(int(year))]
        if len(in_force) == 1:
            return in_force[0], f"按标题中的年度（{year}年）判断"
    best_count, best_form = -1, forms[0]
    for form in forms:
        found = _Reader(form, form.sections, web).split(blocks).sections
        count = len([sid for sid in found if sid != PREFACE])
        if count > best_count:
            best_count, best_form = count, form
    return best_form, f"按各部分的标题判断（{best_count} 个部分的标题与表单对应）"
