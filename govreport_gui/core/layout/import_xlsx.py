"""Reading a filled statistics table back from Excel: our own exports and hand-made copies.

Rows are found by their label, not by position: labels are normalised (NFKC, white space removed,
full/half-width unified), numbering written differently (（一） / (一) / 一、 / 1. / 1、 / （1）) and a
``其中：`` prefix are tolerated, and so is a missing trailing note （…）. Each table's value columns are
found from its header (统计数, or the column labels with their groups). A label that fits two rows of
the form (the two （二）被依法纠错数 of 2014) is given to the one under the parent row last seen
(四 or 五); when that cannot be decided, the import is refused rather than guessed. A label written
over several cells, as the official template sets table 三 (三、本年度办理结果 | （三）不予公开 |
1.属于国家秘密, the headings merged down), is matched by its last cell, the cells before it taken
as the heading rows above it.

The file is read defensively: at most 20 MB, a zip whose members would unpack to too much (or too
compressed) is refused before openpyxl sees it, any XML part with a DTD / entity declaration is
refused (and openpyxl parses through defusedxml), a member whose compressed data is broken is
refused as a damaged file (never zlib's error), the workbook is opened ``read_only`` without
evaluating anything, any formula cell refuses the file, and a sheet is read to at most 5000 rows and
200 columns. Values go through :func:`~govreport_gui.core.forms.values.parse_value`; one bad value refuses
the whole import, with every problem listed. So does a row under a table that holds a number but
fits no row of the form (:class:`UnmatchedRowsError`): importing the rest would lose that number
without a word. Rows without numbers (headings, notes) that fit no row are listed and ignored.
Figures typed as text (``"12"``) are imported like typed input and listed in ``text_figures``:
:mod:`~govreport_gui.core.ops.verify` reports them, as our exports write every figure as a number.

A merged range shows its first cell only: Excel and WPS hide what the cells under it hold (a file
can keep it: LibreOffice offers to, a hand can write it). The figures under a merge are listed in
``hidden_figures`` (:func:`import_xlsx` refuses them: a figure nobody sees is not imported
silently); what a merge hides of the labels, units and headings changes nothing read. Our exports
merge header and title cells, never over a figure.
"""

from __future__ import annotations

import errno
import io
import math
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Container, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from govreport_gui.core.capped_list import capped, named, short_id
from govreport_gui.core.forms.fields import parse_field
from govreport_gui.core.forms.formdef import (
    HEADING_UNIT,
    Cell,
    Column,
    FieldDef,
    FormDef,
    Row,
    Table,
)
from govreport_gui.core.forms.rule_expr import sum_rule_parts
from govreport_gui.core.forms.values import (
    INVISIBLE,
    Kind,
    Value,
    ValueInputError,
    is_not_applicable,
    parse_value,
    to_text,
)
from govreport_gui.core.layout.grid import sections, table_has_stub
from govreport_gui.core.layout.number_format import UnrenderableFormat, figure_text
from govreport_gui.core.layout.report import (
    DRAFT_MARK,
    DRAFT_NOTE,
    MAX_EXACT_DIGITS,
    SIGNOFF_PREFIX,
)
from govreport_gui.core.layout.table_lines import (
    COUNT_UNITS,
    MONEY_UNITS,
    NOTE,
    TableLine,
    stated_money_conflict,
    table_line,
)
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.regular_file import (
    UnreadableFileError,
    open_regular,
    read_head,
    size_problem,
    size_text,
)

if TYPE_CHECKING:
    from govreport_gui.core.layout.workbook_view import SheetLook, WorkbookLook

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for members bigger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 2000
MAX_ROWS = 5000
MAX_SCANNED_ROWS = 50_000  # rows read at all, empty ones included
MAX_COLS = 200
MAX_LISTED = 20
MAX_UNMATCHED_LISTED = 50
# Merged ranges of one sheet: ours have a few dozen; more is no statistics table (each is looked
# at against the cells read, so a crafted file must not make that slow).
MAX_MERGES = 5000


class XlsxImportError(ValueError):
    """The workbook is refused; ``problems`` lists every reason (Chinese). ``fitted``: how many
    rows fit the form when the tables were found and something in them refused the whole (0:
    the tables were not found): ``check`` of a workbook filled by hand names, when no form takes
    it, what stopped the one that fits best, not “no table found”."""

    fitted = 0

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class BadValuesError(XlsxImportError):
    """The tables were found, but figure cells hold what is no figure (``bad``: each cell);
    ``matched``: how many rows fit the form (a workbook of another form fits none)."""

    def __init__(self, bad: Sequence[BadValue], matched: int) -> None:
        self.bad = list(bad)
        self.matched = self.fitted = matched
        super().__init__(
            ["没有导入，因为以下数值无法使用：", *capped([b.description for b in self.bad])]
        )


class UnmatchedRowsError(XlsxImportError):
    """Rows of the workbook hold numbers but fit no row of the form: nothing is imported.

    Importing the rest would drop those numbers without a word. ``unmatched`` are the rows with
    numbers (sheet, row number, label), ``matched`` the rows that did fit.
    """

    def __init__(self, unmatched: Sequence[UnmatchedRow], matched: Sequence[MatchedRow]) -> None:
        self.unmatched = list(unmatched)
        self.matched = list(matched)
        self.fitted = len(self.matched)
        listed = capped([r.describe() for r in self.unmatched], MAX_UNMATCHED_LISTED)
        super().__init__(
            [
                f"工作簿中以下 {len(self.unmatched)} 行有数字，但在表单中找不到对应的行；"
                f"为免漏掉这些数字，整个文件没有导入（能对应的有 {len(self.matched)} 行）：",
                *listed,
                "请把这些行的名称改成与官方表格一致（或删除不属于本表的行）后再导入。",
            ]
        )


class AmbiguousRowsError(XlsxImportError):
    """Rows whose label fits more than one row of the form, and nothing tells which: refused."""

    def __init__(self, ambiguous: Sequence[str], fitted: int) -> None:
        super().__init__(["没有导入，因为有的行无法确定对应表单中的哪一行：", *capped(ambiguous)])
        self.fitted = fitted


class SecondCopyError(XlsxImportError):
    """A table of the form twice, each copy with figures (last year's on one sheet, this year's on
    another): which one is meant cannot be told, and reading the first left the other unsaid."""

    def __init__(self, copies: Sequence[str], fitted: int) -> None:
        super().__init__(
            [
                *copies,
                "请删去不用的一份（或把它移到另一个工作簿，或隐藏它所在的工作表）后再试。",
            ]
        )
        self.fitted = fitted


@dataclass(frozen=True)
class MatchedRow:
    table_id: str
    row_id: str
    label: str  # as in the form
    sheet: str
    row: int  # 1-based row number in the sheet
    text: str  # the label as written in the workbook


@dataclass(frozen=True)
class UnmatchedRow:
    sheet: str
    row: int
    text: str
    has_values: bool  # holds a number in a value column (such a row refuses the import)
    place: str = ""  # where the row is, as its reader names it ("" = 工作表“…”第 N 行)
    # why its figures were not read, when more is to be said than that the form has no such row
    # (a figure typed in the label's cell): said after the row
    reason: str = ""
    # a heading row of the form, which has no cells (its figures belong to the rows under it):
    # ``reason`` says so, in place of “fits no row”
    heading: bool = False

    def describe(self) -> str:
        what = "（有数字）" if self.has_values else ""
        where = self.place or SHEET_PLACES.row(self.sheet, self.row)
        why = f"：{self.reason}" if self.reason else ""
        return f"{where}“{short_id(self.text)}”{what}{why}"  # a cell holds up to 32,767 characters


@dataclass(frozen=True)
class BadValue:
    """A figure cell of the form whose content cannot be taken: no figure of its kind (“abc”,
    −5, a date), or a figure a reader cannot see (under a merged range)."""

    cell_id: str
    text: str  # what the cell holds, as text
    # where, the cell's label and why: 工作表“…”C6“主动公开政府信息数”：“abc”不是数字…
    description: str


@dataclass(frozen=True)
class TextFigure:
    """A figure read from a text cell (``"12"``, ``"１２"``): fine to import, never in our exports.

    Import takes it like typed input; verify reports it, as our exports write figures as numbers.
    """

    cell_id: str
    label: str  # the cell's label in the form: 网络申请数, 予以公开（商业企业）
    sheet: str
    row: int  # 1-based row number in the sheet
    cell: str  # A1-style name of the cell
    text: str  # the text as written

    def describe(self) -> str:
        return (
            f"第 {self.row} 行“{self.label}”的数字被改成了文字"
            f"（工作表“{short_id(self.sheet)}”{self.cell}：“{_quoted(self.text)}”）"
        )


@dataclass(frozen=True)
class PlacedFigure:
    """A figure read, and the cell it was read from: what a reader of the sheet must see there."""

    cell_id: str
    sheet: str
    row: int  # 1-based row number in the sheet
    col: int  # 0-based column
    value: Value
    where: str  # 工作表“…”C6“主动公开政府信息数”, as a refusal names it
    text: str  # what the cell holds, as text


@dataclass
class ImportResult:
    values: dict[str, Value | None]  # every cell of every matched row (None = blank)
    fields: dict[str, str]  # fields found in the header / footer lines
    matched_rows: list[MatchedRow]
    # rows of the workbook that are not in the form (import_xlsx refuses when one holds a number)
    unmatched_rows: list[UnmatchedRow]
    problems: list[str]  # not refusals: rows of the form not found, ignored entries
    form: FormDef
    missing_rows: list[tuple[str, str]] = field(default_factory=list)  # (table id, row id)
    # A check's words for those of the notes (``problems``, ``extra_columns``, the figures' of
    # :func:`judge_figures`) that say what the import does with the form's cells (rows not found:
    # “这些格不会被改动”, a “/” “已按空白导入”, a column's figures “没有导入”…): a check changes
    # nothing (core/ops/workbook_report.py). "": a check does not say it (a table without
    # figures: its blank cells say it).
    in_check: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties
    signoff_lines: list[str] = field(default_factory=list)  # the printed sign-off line(s)
    text_figures: list[TextFigure] = field(default_factory=list)  # figures from text cells
    # cells that held a 不适用 mark (“/”, “—”), read as blank: 工作表“…”C7“label”
    not_applicable: list[str] = field(default_factory=list)

    def checked(self, note: str) -> str:
        """``note`` as a check says it (:attr:`in_check`; "" when a check does not say it)."""
        return self.in_check.get(note, note)

    missing_tables: list[str] = field(default_factory=list)  # read_tables(partial=True): not found
    # read_tables(partial=True): cells whose text is no figure, left blank (a published report is
    # read as far as it can be; one "7*" must not lose the other 199 figures)
    unreadable: list[BadValue] = field(default_factory=list)
    # figures under a merged range, read but not shown by Excel (import_xlsx refuses them; verify
    # names what the reader sees instead)
    hidden_figures: list[BadValue] = field(default_factory=list)
    # columns of figures under a table's header that are not the form's (小计, 历年累计): not read
    extra_columns: list[str] = field(default_factory=list)
    # lines holding figures that lie under no table of the form found (a table whose header was
    # not recognised): how well the form fits the document, for guessing the form
    stray_rows: int = 0
    placed: list[PlacedFigure] = field(default_factory=list)  # every figure read, with its cell
    # a table of the form found again, with figures, outside the tables read (another sheet):
    # which copy is meant is not known (refuse_unmatched refuses it); said per table
    second_copies: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Normalising labels


_CN_NUM = "一二三四五六七八九十百"
_NUMBERING = [
    (re.compile(rf"^([{_CN_NUM}]+)[、.,]"), "c"),  # 一、
    (re.compile(rf"^\(([{_CN_NUM}]+)\)"), "p"),  # （一）
    (re.compile(r"^(\d+)[.、,)]"), "a"),  # 1.  1、  1)
    (re.compile(r"^\((\d+)\)"), "a"),  # （1）
]
_QIZHONG = re.compile(r"^其中[:]?")
_DROPPED = frozenset(INVISIBLE + "\"'“”‘’「」『』″′")  # after NFKC: ＂ is already "
_PARTICLES = dict.fromkeys(map(ord, "的、"))
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def norm(text: object) -> str:
    """NFKC, no white space (also the ideographic space) nor invisible characters, no quotation
    marks (危及“三安全一稳定” is written with "", ‘’ or none on web pages), ASCII punctuation for
    full-width."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = s.replace("，", ",").replace("。", ".").replace("．", ".").replace("：", ":")
    return "".join(ch for ch in s if not ch.isspace() and ch not in _DROPPED)


def _split_numbering(s: str) -> tuple[str, str]:
    """``(一)收到申请数`` → (``p一``, ``收到申请数``); no numbering → ("", s)."""
    for pattern, kind in _NUMBERING:
        match = pattern.match(s)
        if match and match.end() < len(s):
            return f"{kind}{match.group(1)}", s[match.end() :]
    return "", s


def exact_key(text: object) -> str:
    numbering, rest = _split_numbering(norm(text))
    return f"{numbering}|{rest}"


def loose_key(text: object) -> str:
    """Without numbering, 其中, trailing notes and the particles a retyped label adds or drops
    (的, 、): ``其中：涉及国家秘密`` → ``涉及国家秘密``, ``其他法律、行政法规禁止公开`` and
    ``…已获取的信息`` → the official ``其他法律行政法规禁止公开``, ``…已获取信息``. Rows that then
    share a key are told apart by their place (``_RowMatcher``), or refused as ambiguous."""
    s = norm(text)
    for _ in range(3):
        s = _split_numbering(s)[1]
        s = _QIZHONG.sub("", s)
    while True:
        stripped = _TRAILING_NOTE.sub("", s)
        if not stripped or stripped == s:
            break
        s = stripped
    return s.translate(_PARTICLES)


def column_keys(text: object) -> tuple[str, str]:
    s = norm(text)
    loose = _TRAILING_NOTE.sub("", s) or s
    return s, loose


def _level(row: Row) -> int:
    """The outline level of a row from its numbering: 一、 0, （一） 1, 1. 2, others 3."""
    numbering, _ = _split_numbering(norm(row.label))
    return {"c": 0, "p": 1, "a": 2}.get(numbering[:1], 3)


# ---------------------------------------------------------------------------------------------
# Reading the file safely


class Places:
    """How messages name a row and a cell of the rows read: a workbook's sheet and row (and A1
    cell). Another reader of tables (a Word document's, :mod:`.import_docx`) names them its way."""

    # A sheet's name is named shortened: Excel allows 31 characters, a crafted file any number.

    def row(self, sheet: str, number: int) -> str:
        return f"工作表“{short_id(sheet)}”第 {number} 行"

    def cell(self, sheet: str, number: int, col: int) -> str:
        """``col`` is 0-based."""
        return f"工作表“{short_id(sheet)}”{_cell_name(number, col + 1)}"


SHEET_PLACES = Places()


@dataclass
class SheetRows:
    name: str
    rows: list[tuple[int, tuple[Any, ...]]]  # (1-based row number, cell values)
    # cells under a merged range (not its first) that hold something: {row: {0-based col: range}}
    covered: dict[int, dict[int, str]] = field(default_factory=dict)
    # a Word or web table's cells merged across columns: {row: {0-based col: columns spanned}}
    spans: dict[int, dict[int, int]] = field(default_factory=dict)
    # a workbook's number formats of the cells holding a fraction: {row: {0-based col: format}}
    # (a figure refused is named with what its cell shows: 0.1234567 shown as 0.12)
    formats: dict[int, dict[int, str]] = field(default_factory=dict)
    # a workbook's merged ranges, each (first row, first column, last row, last column), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class WorkbookContent:
    sheets: list[SheetRows]
    properties: dict[str, str]
    hidden_sheets: list[str]
    places: Places = SHEET_PLACES


def _refuse(*problems: str) -> XlsxImportError:
    return XlsxImportError(list(problems))


# What reading a zip member raises when its compressed bytes were changed (a broken download or
# copy, a failing disk): zlib's own error, EOFError for data cut short, BadZipFile for a wrong
# CRC-32 or a broken local header. ZipFile() opening the file does not see any of them: only the
# read does, so every read of an outside file's members must catch them.
DAMAGED_ZIP_DATA: tuple[type[Exception], ...] = (zlib.error, EOFError, zipfile.BadZipFile)


def damaged_zip_message(path: Path, member: str | None = None) -> str:
    """The refusal for a zip whose compressed data is broken: said as what it is, not as a
    library's English (``Error -3 while decompressing data``), with what to do."""
    where = f"（其中的“{member}”无法解压）" if member else ""
    return (
        f"文件已损坏：压缩数据有误{where}，可能是下载或复制时出了错：{path}\n"
        "请重新获取这份文件（重新下载、重新复制，或请对方重新发送）后再试。"
    )


XLSX_ADVICE = "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试。"


def technical_detail(exc: BaseException, limit: int = 80) -> str:
    """A library's exception, kept short at the end of a Chinese message (``（详情：…）``): the
    user reads the Chinese first; whoever helps them can still tell one failure from another.
    Control characters (a damaged file's bytes quoted in the text) are left out."""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(exc)).split())
    if len(text) > limit:
        text = text[:limit] + "……"
    return f"（详情：{type(exc).__name__}{'：' + text if text else ''}）"


def check_container(path: Path) -> None:
    """Refuse what is not a plain, reasonably sized .xlsx before any XML is parsed."""
    try:
        size, head = read_head(path, 8, " Excel 文件")
    except UnreadableFileError as exc:
        raise _refuse(exc.message) from None
    _check_head(size, head, path)
    with zip_refusals(path, _XLSX_ZIP), zipfile.ZipFile(path) as archive:
        _check_zip(archive, path)


def _check_head(size: int, head: bytes, path: Path) -> None:
    """Refuse a file of ``size`` bytes starting ``head`` that cannot be an .xlsx, saying what it is."""
    problem = size_problem(size, MAX_FILE_BYTES, path, "一张统计表")
    if problem:
        raise _refuse(problem)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(f"这是旧版 Excel（.xls）文件或加密的工作簿：{path}\n{SAVE_AS_XLSX}")
    if head.startswith(b"%PDF"):
        raise _refuse(f"这是 PDF 文件，不是 Excel 工作簿：{path}")
    if head.startswith(b"SQLite format 3"):
        raise _refuse(f"这是年报草稿（.nianbao），不是 Excel 工作簿：{path}")
    if not head.startswith(b"PK\x03\x04"):
        raise _refuse(f"这不是 Excel（.xlsx）文件：{path}")


# What zipfile raises for a damaged central directory: BadZipFile, ValueError for a member
# said to start before the file (“negative seek value”, in memory) and UnicodeDecodeError (a
# ValueError) for a name marked UTF-8 that is not; EOFError and struct.error for cut records.
BROKEN_ZIP_DIRECTORY: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    ValueError,
    EOFError,
    struct.error,
)


def seek_out_of_file(exc: OSError) -> bool:
    """A damaged directory's member said to start before the file, read from disk: the seek's
    EINVAL, which names no file (an open's error does), not a file name Windows refuses."""
    return exc.errno == errno.EINVAL and exc.filename is None


SAVE_AS_XLSX = "请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再导入。"


@dataclass(frozen=True)
class ZipKind:
    """A kind of zip file read (a workbook, a Word document) as :func:`zip_refusals` names it."""

    name: str  # after 无法读取: "工作簿", " Word 文档"
    suffix: str  # ".xlsx"
    advice: str  # what to do with an encrypted one
    error: type[ValueError]  # the importer's refusal, made of its list of problems


_XLSX_ZIP = ZipKind("工作簿", ".xlsx", SAVE_AS_XLSX, XlsxImportError)


@contextmanager
def zip_refusals(path: Path, kind: ZipKind) -> Iterator[None]:
    """Inside it, what opening and reading the zip ``path`` raises (a damaged central directory,
    the disk's error, an encrypted member or an unknown compression) is ``kind``'s refusal in
    words a clerk can act on; the importer's own refusal passes as it is."""
    damaged = f"文件已损坏（不是完整的 {kind.suffix} 压缩包）：{path}"
    try:
        yield
    except kind.error:  # a ValueError: the importer's own refusal, not a damaged directory
        raise
    except BROKEN_ZIP_DIRECTORY:  # no or a damaged central directory
        raise kind.error([damaged]) from None
    except OSError as exc:
        if seek_out_of_file(exc):
            raise kind.error([damaged]) from None
        raise kind.error([f"无法读取{kind.name} {path}：{describe_os_error(exc)}"]) from None
    except (RuntimeError, NotImplementedError):  # an encrypted member, an unknown compression
        raise kind.error(
            [f"无法读取{kind.name}（加密的或使用了不支持的压缩方式）：{path}\n{kind.advice}"]
        ) from None


def _check_zip(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a zip (the file, or a workbook's bytes embedded in another file) holding too many
    members, members that unpack to too much or are compressed too well, or XML with a DTD
    (opened inside :func:`zip_refusals`, which says what its errors mean)."""
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if len(infos) > MAX_MEMBERS:
        raise _refuse(f"压缩包内文件过多（{len(infos)} 个），不像是一张统计表：{path}")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise _refuse(f"这是 Word 文档，不是 Excel 工作簿：{path}")
        raise _refuse(f"这是一个压缩包，但不是 Excel（.xlsx）工作簿：{path}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_UNPACKED_BYTES:
            raise _refuse(
                f"工作簿解压后过大（超过 {size_text(MAX_UNPACKED_BYTES)}），"
                f"可能是恶意构造的文件（“压缩炸弹”），未读取：{path}"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(
                f"工作簿中的“{info.filename}”压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），"
                f"可能是恶意构造的文件（“压缩炸弹”），未读取：{path}"
            )
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_no_dtd(archive, info, path)


_DTD_MARKERS = [
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]


def _check_no_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """An XML part of a workbook never needs a DTD; entity declarations are how XML bombs work."""
    tail = b""
    try:
        with archive.open(info) as member:
            while chunk := member.read(256 * 1024):
                data = tail + chunk
                if any(m in data for m in _DTD_MARKERS):
                    raise _refuse(
                        f"工作簿中的“{info.filename}”含有 XML 文档类型/实体声明（DTD），"
                        f"可能是恶意构造的文件，未读取：{path}"
                    )
                tail = data[-32:]
    except DAMAGED_ZIP_DATA:
        raise _refuse(damaged_zip_message(path, info.filename)) from None


def read_workbook(path: str | Path) -> WorkbookContent:
    """Every visible sheet's cells (at most 5000 rows × 200 columns), and the custom properties."""
    _need_defusedxml()
    path = Path(path)
    check_container(path)
    try:
        with open_regular(path) as handle:
            return _load(handle, path)
    except OSError as exc:
        raise _refuse(f"无法读取文件 {path}：{describe_os_error(exc)}") from None


MAX_BOOK_XML = 1024 * 1024  # kept of an embedded workbook's workbook.xml (a few KB)


class EmbeddedWorkbook(NamedTuple):
    """What :func:`read_embedded_workbook` reads of a workbook held in another file."""

    content: WorkbookContent  # the sheet it shows
    # the start of its xl/workbook.xml, which names the area of the sheet the embedding shows
    # (``<oleSize ref="A1:H40"/>``: :func:`.docx_objects.shown_area`); read from the zip the
    # check opened, not opened again
    book_xml: bytes


def read_embedded_workbook(blob: bytes, name: Path) -> EmbeddedWorkbook:
    """The sheet a workbook held in another file shows (an Excel sheet embedded in a Word
    document: the sheet it opens on), read with the same checks and limits as a workbook file;
    ``name`` says where it is in messages."""
    _need_defusedxml()
    _check_head(len(blob), blob[:8], name)
    with zip_refusals(name, _XLSX_ZIP), zipfile.ZipFile(io.BytesIO(blob)) as archive:
        _check_zip(archive, name)
        # There (a zip without it is refused) and read whole by the DTD check: no new failure.
        with archive.open("xl/workbook.xml") as member:
            book_xml = member.read(MAX_BOOK_XML)
    return EmbeddedWorkbook(_load(io.BytesIO(blob), name, shown_only=True), book_xml)


def _need_defusedxml() -> None:
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise _refuse(
            "未安装 defusedxml：出于安全原因不读取 Excel 文件。请安装 defusedxml 后重试。"
        )


def _load(handle: BinaryIO, path: Path, shown_only: bool = False) -> WorkbookContent:
    """The checked workbook ``handle`` (named ``path``) read by openpyxl (:func:`_read_content`):
    XlsxImportError for whatever fails, never the library's exception."""
    import openpyxl

    # A file object: openpyxl then does not judge the file by its suffix. Its warnings (“Defined
    # names for sheet index 0 cannot be located”, an unknown extension) are English lines on the
    # console about a file we judge ourselves: not shown.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                handle, read_only=True, data_only=False, keep_links=False, keep_vba=False
            )
        except DAMAGED_ZIP_DATA:
            raise _refuse(damaged_zip_message(path)) from None
        except Exception as exc:  # openpyxl raises many kinds for a damaged or hostile file
            raise _unreadable(path, exc) from None
        try:
            return _read_content(workbook, path, shown_only)
        except XlsxImportError:
            raise
        except DAMAGED_ZIP_DATA:  # read_only reads the sheets' parts only now
            raise _refuse(damaged_zip_message(path)) from None
        except Exception as exc:
            raise _unreadable(path, exc) from None
        finally:
            workbook.close()


def _unreadable(path: Path, exc: Exception) -> XlsxImportError:
    """openpyxl's failure (``invalid literal for int()``, ``There is no item named …``) said in
    words a clerk can act on; the exception itself only as the trailing detail."""
    return _refuse(
        f"无法读取 Excel 工作簿：文件内容已损坏，或不是 Excel/WPS 保存的格式：{path}\n"
        f"{XLSX_ADVICE}{technical_detail(exc)}"
    )


def _read_content(workbook: Any, path: Path, shown_only: bool = False) -> WorkbookContent:
    """The workbook's visible sheets (``shown_only``: the one an embedded workbook shows)."""
    properties: dict[str, str] = {}
    for prop in getattr(workbook, "custom_doc_props", []) or []:
        name = getattr(prop, "name", None)
        value = getattr(prop, "value", None)
        if isinstance(name, str) and value is not None:
            properties[name] = str(value)
    sheets: list[SheetRows] = []
    hidden: list[str] = []
    formulas: list[str] = []  # the first MAX_LISTED formula cells, by name
    formula_count = 0
    for ws in _shown_sheet(workbook) if shown_only else workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            hidden.append(ws.title)
            continue
        rows: list[tuple[int, tuple[Any, ...]]] = []
        formats: dict[int, dict[int, str]] = {}
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # do not trust the stated size: no padding to a bogus A1:XFD1048576
        for number, cells in enumerate(ws.iter_rows(max_col=MAX_COLS + 1), start=1):
            if number > MAX_SCANNED_ROWS:
                raise _refuse(
                    f"工作表“{short_id(ws.title)}”的行数过多（超过 {MAX_SCANNED_ROWS} 行，即使是空行），"
                    f"不像是一张统计表，已停止读取：{path}"
                )
            values: list[Any] = []
            for col, cell in enumerate(cells, start=1):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    formula_count += 1
                    if len(formulas) < MAX_LISTED:
                        formulas.append(f"“{short_id(ws.title)}”!{_cell_name(number, col)}")
                    value = None
                values.append(value)
                if isinstance(value, float):
                    formats.setdefault(number, {})[col - 1] = _number_format(cell)
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            if not values:
                continue
            if number > MAX_ROWS:
                raise _refuse(
                    f"工作表“{short_id(ws.title)}”超过 {MAX_ROWS} 行（第 {number} 行还有内容），"
                    f"不像是一张统计表，已停止读取：{path}"
                )
            if len(values) > MAX_COLS:
                raise _refuse(
                    f"工作表“{short_id(ws.title)}”超过 {MAX_COLS} 列，不像是一张统计表，已停止读取：{path}"
                )
            rows.append((number, tuple(values)))
        merges = _merges(ws, path)
        covered = _covered(ws, rows, merges, path)
        sheets.append(SheetRows(ws.title, rows, covered, formats=formats, merges=merges))
    if formulas:
        raise _refuse(
            "工作簿中有公式，出于安全和准确的考虑不计算公式、也不导入。"
            "请在 Excel 或 WPS 中把公式单元格“选择性粘贴为数值”后再导入。有公式的单元格："
            + "、".join(formulas)
            + (
                f"（另有 {formula_count - len(formulas)} 格未列出）"
                if formula_count > len(formulas)
                else ""
            )
        )
    return WorkbookContent(sheets, properties, hidden)


def _shown_sheet(workbook: Any) -> list[Any]:
    """The sheet an embedded workbook shows: the one it opens on, else (a chart, a hidden sheet,
    none named) its first visible worksheet."""
    visible = [
        ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"
    ]
    try:
        active = workbook.active
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        active = None
    return [active] if any(ws is active for ws in visible) else visible[:1]


def _number_format(cell: Any) -> str:
    """A read-only cell's number format; General when a crafted file's style is not there."""
    try:
        return str(cell.number_format or "General")
    except (IndexError, KeyError, AttributeError, TypeError):
        return "General"


class _MergeTarget:
    """What the XML parser tells of a sheet: the ``ref`` of each ``mergeCell``, whatever
    ``mergeCells`` element holds it (a crafted file may have two; openpyxl keeps the last)."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag.rsplit("}", 1)[-1] == "mergeCell":
            self.found.append(str(attrib.get("ref") or ""))

    def close(self) -> list[str]:
        return self.found


def _merged_ranges(ws: Any) -> list[str]:
    """The merged ranges of a sheet opened ``read_only`` (openpyxl reads them in full mode only):
    the sheet's part parsed again through defusedxml, no tree built (a fraction of the rows'
    reading)."""
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_MergeTarget())
    with ws._get_source() as source:  # the part read_only reads the rows from
        while chunk := source.read(256 * 1024):
            parser.feed(chunk)
    found: list[str] = parser.close()
    return found


def _merges(ws: Any, path: Path) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (first row, first column, last row, last column), those that
    are no range Excel merges (a whole row or column, not a range at all) left out."""
    from openpyxl.utils.cell import range_boundaries

    ranges = _merged_ranges(ws)
    if len(ranges) > MAX_MERGES:
        raise _refuse(
            f"工作表“{short_id(ws.title)}”的合并单元格过多（{len(ranges)} 处），不像是一张统计表，"
            f"已停止读取：{path}"
        )
    merges = []
    for ref in ranges:
        try:
            c1, r1, c2, r2 = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # not a range: Excel merges nothing for it
        if c1 is None or r1 is None or c2 is None or r2 is None:
            continue  # a whole row or column is not a merge Excel makes
        merges.append((r1, c1, r2, c2))
    return merges


def _covered(
    ws: Any,
    rows: list[tuple[int, tuple[Any, ...]]],
    merges: list[tuple[int, int, int, int]],
    path: Path,
) -> dict[int, dict[int, str]]:
    """The cells read that a merged range hides (all but its first), by row and 0-based column."""
    from bisect import bisect_left

    numbers = [number for number, _ in rows]
    covered: dict[int, dict[int, str]] = {}
    # Ranges that do not overlap look at each cell read once at most: more is a crafted sheet.
    budget = sum(len(values) for _, values in rows)
    for r1, c1, r2, c2 in merges:
        ref = f"{_cell_name(r1, c1)}:{_cell_name(r2, c2)}"
        for i in range(bisect_left(numbers, r1), bisect_left(numbers, r2 + 1)):
            number, values = rows[i]
            for col in range(c1, min(c2, len(values)) + 1):
                budget -= 1
                if (number, col) != (r1, c1) and _filled(values[col - 1]):
                    covered.setdefault(number, {})[col - 1] = ref
        if budget < 0:
            raise _refuse(
                f"工作表“{short_id(ws.title)}”的合并单元格互相重叠，不像是一张统计表，已停止读取：{path}"
            )
    return covered


def _cell_name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


# ---------------------------------------------------------------------------------------------
# Finding the tables


@dataclass(frozen=True)
class _Line:
    sheet: int
    sheet_name: str
    number: int  # 1-based row number in the sheet
    cells: tuple[Any, ...]
    covered: dict[int, str] = field(default_factory=dict)  # 0-based column → the merge hiding it
    spans: dict[int, int] = field(default_factory=dict)  # 0-based column → columns its cell spans
    formats: dict[int, str] = field(default_factory=dict)  # 0-based column → number format

    def text_cells(self) -> Iterator[tuple[int, str]]:
        for i, value in enumerate(self.cells):
            if isinstance(value, str) and value.strip():
                yield i, value


@dataclass
class _Header:
    table: Table
    start: int  # index of the first header line in the stream
    end: int  # index of the last header line
    columns: dict[str, int]  # column id → 0-based column index
    unit_col: int | None
    stub_col: int | None
    # total columns the header does not have (read blank: the other columns add up to them)
    missing: tuple[str, ...] = ()
    # column id → the money unit its header states where the form's differs (元 for 万元)
    unit_conflicts: dict[str, str] = field(default_factory=dict)
    # the units lines of the table's own state (单位：件 above its header or among its rows)
    stated_units: tuple[str, ...] = ()


def _stream(content: WorkbookContent) -> list[_Line]:
    lines: list[_Line] = []
    for index, sheet in enumerate(content.sheets):
        for number, cells in sheet.rows:
            covered, spans = sheet.covered.get(number, {}), sheet.spans.get(number, {})
            formats = sheet.formats.get(number, {})
            lines.append(_Line(index, sheet.name, number, cells, covered, spans, formats))
    return lines


def _table_name(table: Table) -> str:
    parts = [p for p in (table.section, table.title) if p]
    return " / ".join(parts) or table.id


def _column_keys(column: Column) -> list[tuple[str, str]]:
    """The keys a header cell may match a column by: its label's, then its aliases' (合计)."""
    return [column_keys(text) for text in (column.label, *column.aliases)]


_STATED_MONEY_UNIT = re.compile(rf"(?:单位:|\()({'|'.join(MONEY_UNITS)})\)?$")


def money_unit(text: object) -> str:
    """The money unit a header or unit cell states (``本年收费金额（单位：元）`` → 元; ``万元`` →
    万元), "" when it states none. Only these units scale a figure: 件 and 条 do not."""
    key = norm(text)
    if key in MONEY_UNITS:
        return key
    match = _STATED_MONEY_UNIT.search(key)
    return match.group(1) if match else ""


def _total_columns(form: FormDef, table: Table) -> frozenset[str]:
    """Columns of ``table`` each of whose cells is, by a check of the form, the sum of other cells
    of its row (总计): a header without such a column still identifies the table, and nothing is
    lost but what the parts add up to."""
    row_sums: set[str] = set()  # cells that are, by some check, the sum of others of their row
    for rule in form.rules:
        found = sum_rule_parts(rule.expr)
        if found is None or not form.has_cell(found[0]):
            continue
        total, parts = found
        row = form.cell(total).row.id
        if all(form.has_cell(part) and form.cell(part).row.id == row for part in parts):
            row_sums.add(total)
    columns = {c.column.id for c in table.cells}
    return frozenset(
        column
        for column in columns
        if all(c.id in row_sums for c in table.cells if c.column.id == column)
    )


def _find_header(
    table: Table, lines: list[_Line], start: int, optional: frozenset[str] = frozenset()
) -> _Header | None:
    depth = table.header_depth
    label_keys = [_column_keys(c) for c in table.columns]
    group_names = {norm(g) for c in table.columns for g in c.groups}
    firsts = {k for keys in label_keys for pair in keys for k in pair} | group_names
    stub_key = norm(table.stub_header)
    for top in range(start, len(lines)):
        line = lines[top]
        texts = [norm(t) for _, t in line.text_cells()]
        if not any(t in firsts or (stub_key and t == stub_key) for t in texts):
            continue
        window = [
            i for i in range(top, min(top + depth + 1, len(lines))) if lines[i].sheet == line.sheet
        ]
        found = _locate_columns(table, lines, window, label_keys, optional)
        if found is None:
            continue
        columns, used_rows, written = found
        end = max(used_rows)
        unit_col = stub_col = None
        unit_key = norm(table.unit_header)
        for i in range(top, end + 1):
            for col, text in lines[i].text_cells():
                key = norm(text)
                if table.show_unit and unit_key and key == unit_key and unit_col is None:
                    unit_col = col
                if stub_key and key == stub_key and stub_col is None:
                    stub_col = col
        conflicts = {}
        for column in table.columns:
            stated, wanted = money_unit(written.get(column.id)), money_unit(column.label)
            if stated and wanted and stated != wanted:
                conflicts[column.id] = stated
        missing = tuple(c.id for c in table.columns if c.id not in columns)
        return _Header(table, top, end, columns, unit_col, stub_col, missing, conflicts)
    return None


def _locate_columns(
    table: Table,
    lines: list[_Line],
    window: list[int],
    label_keys: list[list[tuple[str, str]]],
    optional: frozenset[str],
) -> tuple[dict[str, int], set[int], dict[str, str]] | None:
    """Each column's place in the header ``window``, the lines the header takes and the text each
    column was found by; None when a column is not there (or twice, with nothing to tell them
    apart). A column in ``optional`` (a total) may be absent when two others are there."""
    cells: list[tuple[int, int, str]] = []  # (line index, column, normalised text)
    for i in window:
        for col, text in lines[i].text_cells():
            cells.append((i, col, norm(text)))
    # Group starts per level: the text of each group name, where it is written.
    levels = max((len(c.groups) for c in table.columns), default=0)
    starts: list[list[tuple[int, str]]] = []
    for level in range(levels):
        names = {norm(c.groups[level]) for c in table.columns if len(c.groups) > level}
        starts.append(sorted((col, key) for _, col, key in cells if key in names))
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    used: set[int] = set()
    for column, keys in zip(table.columns, label_keys, strict=True):
        exact = {pair[0] for pair in keys}
        candidates = [(i, col, key) for i, col, key in cells if key in exact]
        if not candidates:
            loose = {pair[1] for pair in keys}
            candidates = [(i, col, key) for i, col, key in cells if column_keys(key)[1] in loose]
        if len(candidates) > 1 and column.groups:
            wanted = [norm(g) for g in column.groups]

            def owner(col: int, level: int) -> str | None:
                before = [key for start, key in starts[level] if start <= col]
                return before[-1] if before else None

            candidates = [
                (i, col, key)
                for i, col, key in candidates
                if all(owner(col, lv) == wanted[lv] for lv in range(len(wanted)))
            ]
        if not candidates and column.id in optional:
            continue
        if len(candidates) != 1:  # not there, or twice with nothing to tell them apart
            return None
        line_index, col, key = candidates[0]
        columns[column.id] = col
        written[column.id] = key
        used.add(line_index)
    if len(set(columns.values())) != len(columns):
        return None
    if len(columns) < len(table.columns) and len(columns) < 2:
        return None  # one column alone does not tell the table
    return columns, used, written


# ---------------------------------------------------------------------------------------------
# Matching rows


class _RowMatcher:
    """Matches the label lines of one table to its rows, by label, tolerating numbering."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows = list(table.rows)
        self.index = {row.id: i for i, row in enumerate(self.rows)}
        self.level = {row.id: _level(row) for row in self.rows}
        self.parent: dict[str, str | None] = {}
        for i, row in enumerate(self.rows):
            parent = None
            for before in reversed(self.rows[:i]):
                if self.level[before.id] < self.level[row.id]:
                    parent = before.id
                    break
            self.parent[row.id] = parent
        self.exact: dict[str, list[Row]] = {}
        self.loose: dict[str, list[Row]] = {}
        for row in self.rows:
            for text in {row.label, row.full_label, *row.aliases}:
                if not text:
                    continue
                bucket = self.exact.setdefault(exact_key(text), [])
                if row not in bucket:
                    bucket.append(row)
                bucket = self.loose.setdefault(loose_key(text), [])
                if row not in bucket:
                    bucket.append(row)
        self.matched: dict[str, int] = {}  # row id → line index
        self.last: str | None = None  # the row matched last
        self.context: dict[int, str] = {}  # level → row id matched last at that level

    def match(self, text: str) -> tuple[Row | None, str]:
        """The row for a label (or None), and a refusal reason when it is ambiguous."""
        for table in (self.exact, self.loose):
            key = exact_key(text) if table is self.exact else loose_key(text)
            if not key or key == "|":
                continue
            candidates = [r for r in table.get(key, []) if r.id not in self.matched]
            taken = [r for r in table.get(key, []) if r.id in self.matched]
            if not candidates:
                if taken:
                    if len(table.get(key, [])) == 1:
                        return None, f"“{text.strip()}”在表中出现了不止一次"
                    return None, f"“{text.strip()}”出现的次数比表单中多"
                continue
            if len(candidates) == 1 and len(table.get(key, [])) == 1:
                return candidates[0], ""
            chosen = self._by_context(candidates)
            if chosen is None:
                return None, (
                    f"“{text.strip()}”可能是"
                    + "或".join(f"“{self._path(r)}”" for r in candidates)
                    + "，无法确定是哪一行（请检查它上面的所属项目行是否齐全）"
                )
            return chosen, ""
        return None, ""

    def knows(self, text: str) -> bool:
        """Whether ``text`` is the label of a row of the table (matched or not)."""
        exact, loose = exact_key(text), loose_key(text)
        return bool(exact) and exact != "|" and (exact in self.exact or loose in self.loose)

    def _by_context(self, candidates: list[Row]) -> Row | None:
        under = [
            r
            for r in candidates
            if (p := self.parent[r.id]) is not None and self.context.get(self.level[p]) == p
        ]
        if len(under) == 1:
            return under[0]
        if under:
            return None
        # No parent seen: only when exactly one candidate lies after the row matched last.
        last = self.index[self.last] if self.last is not None else -1
        after = [r for r in candidates if self.index[r.id] > last]
        return after[0] if len(after) == 1 else None

    def _path(self, row: Row) -> str:
        parent = self.parent[row.id]
        return f"{self.rows[self.index[parent]].label} › {row.label}" if parent else row.label

    def accept(self, row: Row, line_index: int) -> None:
        """The context is the row's place in the form: it and the rows over it. Not the rows
        read before at higher levels: with 五、行政诉讼数量 deleted, the （三） after 五's
        （二） would still have been taken as 四's."""
        self.matched[row.id] = line_index
        self.last = row.id
        self.context = {}
        current: str | None = row.id
        while current is not None:
            self.context[self.level[current]] = current
            current = self.parent[current]


# ---------------------------------------------------------------------------------------------
# Fields from the header and footer lines


def _label_pattern(text: str) -> str:
    parts = []
    for ch in text:
        if ch in "（(":
            parts.append(r"[（(]")
        elif ch in "）)":
            parts.append(r"[）)]")
        elif ch.isspace():
            continue
        else:
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


def _field_regex(form: FormDef) -> re.Pattern[str]:
    labels: dict[str, str] = {}
    for f in form.fields:
        for text in (f.print_label, f.label):
            labels.setdefault(text, f.key)
    alternatives = sorted(labels, key=len, reverse=True)
    body = "|".join(f"(?P<f{i}>{_label_pattern(t)})" for i, t in enumerate(alternatives))
    return re.compile(rf"(?:{body})\s*[:：]")


def _field_keys(form: FormDef) -> list[str]:
    labels: dict[str, str] = {}
    for f in form.fields:
        for text in (f.print_label, f.label):
            labels.setdefault(text, f.key)
    return [labels[t] for t in sorted(labels, key=len, reverse=True)]


_YEAR_IN_TITLE = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[）)]")


def read_fields(
    form: FormDef, lines: list[_Line], skip: set[int], first_header: int | None
) -> tuple[dict[str, str], list[str]]:
    """Fields from ``LABEL：value`` lines (and the year from the title); problems found."""
    regex = _field_regex(form)
    keys = _field_keys(form)
    by_key = {f.key: f for f in form.fields}
    found: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if index in skip:
            continue
        for _, text in line.text_cells():
            stripped = text.strip()
            matches = list(regex.finditer(stripped))
            if not matches or matches[0].start() != 0:
                continue
            for n, match in enumerate(matches):
                group = next(name for name, value in match.groupdict().items() if value)
                key = keys[int(group[1:])]
                end = matches[n + 1].start() if n + 1 < len(matches) else len(stripped)
                found.setdefault(key, []).append(stripped[match.end() : end].strip())
    year_fields = [f for f in form.fields if f.kind == "year"]
    title_regex = form.title_regex()
    if year_fields and year_fields[0].key not in found:
        limit = first_header if first_header is not None else len(lines)
        for line in lines[:limit]:
            for _, text in line.text_cells():
                # The form's own title pattern (淮安市人民政府2024年政府信息公开工作年度报告),
                # else the （2024年度） of earlier exports and of the 2014 统计表.
                title_match = title_regex.match(text)
                year_match = _YEAR_IN_TITLE.search(text)
                if title_match:
                    found.setdefault(year_fields[0].key, []).append(title_match.group("year"))
                elif year_match:
                    found.setdefault(year_fields[0].key, []).append(year_match.group(1))
            if year_fields[0].key in found:
                break
    fields: dict[str, str] = {}
    problems: list[str] = []
    for key, texts in found.items():
        field_def: FieldDef = by_key[key]
        parsed: list[str] = []
        for text in texts:
            try:
                parsed.append(parse_field(field_def, text))
            except ValueInputError as exc:
                problems.append(f"{field_def.label}：{exc.reason}")
        if len(set(parsed)) > 1:
            problems.append(
                f"“{field_def.label}”在表中写了不同的内容：" + named([f"“{p}”" for p in parsed])
            )
        elif parsed:
            fields[key] = parsed[0]
    return fields, problems


# ---------------------------------------------------------------------------------------------
# The import


def _known_texts(form: FormDef) -> set[str]:
    texts = {norm(form.title), norm(DRAFT_MARK), norm(DRAFT_NOTE)}
    for section in sections(form):
        texts.add(norm(section.title))
        for table in section.tables:
            texts.add(norm(table.title))
    texts.discard("")
    return texts


def read_tables(content: WorkbookContent, form: FormDef, partial: bool = False) -> ImportResult:
    """Match the workbook's rows and values to ``form``; raises XlsxImportError on any doubt.

    ``partial``: a table of the form whose header is not found is left out (named in
    ``missing_tables``) instead of refusing the whole: a report written in Word may quote some
    tables only."""
    lines = _stream(content)
    places = content.places
    problems: list[str] = []
    headers: list[_Header] = []
    cursor = 0
    for table in form.tables:
        header = _find_header(table, lines, cursor, _total_columns(form, table))
        if header is None:
            labels = "、".join(f"“{c.label}”" for c in table.columns[:6])
            problems.append(
                f"找不到表格“{_table_name(table)}”的表头（应有列 {labels}），"
                "或表头中的列无法与表单一一对应"
            )
            continue
        headers.append(header)
        cursor = header.end + 1
    found = {header.table.id for header in headers}
    missing_tables = [table.id for table in form.tables if table.id not in found]
    if problems and partial:
        problems = []
    if problems:
        raise XlsxImportError(
            [*problems, "是否选错了表单？请确认工作簿是此表单的统计表，且表头文字与官方格式一致。"]
        )
    known = _known_texts(form)
    # Lines printed with the tables that are no rows (单位：件, 注：…, 表二 …): not said as rows
    # the form has not; the units they state are their tables'.
    printed = _table_lines(lines, headers, known)
    _state_units(headers, lines, printed)
    taken = _Taken()
    values = taken.values
    matched: list[MatchedRow] = []
    unmatched: list[UnmatchedRow] = []
    notes: list[str] = []
    in_check: dict[str, str] = {}  # a check's words for the notes on what the import does
    missing: list[tuple[str, str]] = []
    not_applicable = taken.not_applicable
    used_lines: set[int] = set()
    covered: set[int] = set()  # the lines under a table's header (its rows, read or not)
    extra_columns: list[str] = []
    typed: list[tuple[int, int]] = []  # (unmatched row, its line): a figure after an unknown label
    rows_read: list[int] = []  # the lines read as rows of the form
    for n, header in enumerate(headers):
        table = header.table
        used_lines.update(range(header.start, header.end + 1))
        stop = len(lines)
        if n + 1 < len(headers):
            stop = headers[n + 1].start
        region = [
            i for i in range(header.end + 1, stop) if lines[i].sheet == lines[header.start].sheet
        ]
        covered.update(range(header.start, header.end + 1), region)
        first_value_col = min(header.columns.values())
        extra: dict[int, list[_Line]] = {}  # column → the read lines with a figure in it
        matcher = _RowMatcher(table)
        ambiguous: list[str] = []
        unlabelled = not table_has_stub(table) or all(not r.label for r in table.rows)
        if unlabelled:
            # table 四: one row without a label, the first line with figures under the header
            first_row = table.rows[0]
            # Lines printed outside the grid (the footer 单位负责人：…, the sign-off, the draft
            # note) are not figures: with the table left blank they come first under its header.
            filled = [
                i
                for i in region
                if any(_filled(_at(lines[i], c)) for c in header.columns.values())
                and not _outside_grid(lines[i], known, form)
                and i not in printed  # 单位：件 between its header and its figures
            ]
            if filled:
                line = lines[filled[0]]
                used_lines.add(filled[0])
                rows_read.append(filled[0])
                matched.append(
                    MatchedRow(
                        table.id, first_row.id, first_row.label, line.sheet_name, line.number, ""
                    )
                )
                _take(table, first_row, line, header, taken, places)
                for col in _extra_figures(line, header, first_value_col):
                    extra.setdefault(col, []).append(line)
                for i in filled[1:]:  # a second line of figures under a one-row table
                    other = lines[i]
                    texts = [t.strip() for _, t in other.text_cells()]
                    if any(_holds_number(_at(other, c)) for c in header.columns.values()):
                        text = "".join(t for t in texts if not _holds_number(t)) or "（无标签）"
                        unmatched.append(
                            UnmatchedRow(
                                other.sheet_name,
                                other.number,
                                text,
                                True,
                                places.row(other.sheet_name, other.number),
                            )
                        )
            else:
                values.update({c.id: None for c in table.cells})
                empty = Said(f"表格“{_table_name(table)}”中没有数字，按空白处理", "")
                _say(notes, in_check, empty)
            _say_columns(header, lines, extra, places, notes, extra_columns, in_check)
            continue
        # rows whose figures stand where no figure of the form is read: none of them is read
        shifted = {
            **_unit_column_figures(lines, region, header),
            **_shifted_rows(lines, region, header, printed),
        }
        for i in region:
            line = lines[i]
            if i in printed:
                continue
            label = "".join(
                str(v).strip()
                for col, v in enumerate(line.cells[:first_value_col])
                if isinstance(v, str)
                and col != header.unit_col
                and (header.stub_col is None or col >= header.stub_col)
            )
            has_numbers = any(_holds_number(_at(line, c)) for c in header.columns.values())
            if not label:
                if i in shifted or any(_holds_number(v) for v in line.cells[first_value_col:]):
                    # a row set to the right has its label under a column of figures
                    words = [t.strip() for _, t in line.text_cells() if not _holds_number(t)]
                    unmatched.append(
                        UnmatchedRow(
                            line.sheet_name,
                            line.number,
                            words[0] if words and i in shifted else "（无标签）",
                            True,
                            places.row(line.sheet_name, line.number),
                            shifted.get(i, ""),
                        )
                    )
                continue
            key = norm(label)
            if key in known or _is_footer_text(key, form):
                continue
            row, reason = matcher.match(label)
            parts = [
                str(v).strip()
                for col, v in enumerate(line.cells[:first_value_col])
                if isinstance(v, str)
                and v.strip()
                and col != header.unit_col
                and (header.stub_col is None or col >= header.stub_col)
            ]
            if row is None and not reason and len(parts) > 1:
                # The official 2021 layout writes table 三's labels in up to three columns
                # (三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密, merged down): the cells before
                # the last are the heading rows above it, taken as its context.
                for head in parts[:-1]:
                    heading, why = matcher.match(head)
                    if heading is not None and heading.heading and not why:
                        matcher.accept(heading, i)
                        matched.append(
                            MatchedRow(
                                table.id,
                                heading.id,
                                heading.label,
                                line.sheet_name,
                                line.number,
                                head,
                            )
                        )
                label = parts[-1]
                row, reason = matcher.match(label)
            if reason:
                ambiguous.append(f"{places.row(line.sheet_name, line.number)}：{reason}")
                continue
            if row is not None and i in shifted:
                # its figures stand under the wrong headings: none is read, the row is named
                matcher.accept(row, i)
            if row is None or i in shifted:
                unmatched.append(
                    _unmatched_row(line, label, header, matcher, shifted.get(i), places)
                )
                if not unmatched[-1].has_values and _typed_figure(label)[1]:
                    typed.append((len(unmatched) - 1, i))  # said once the table's rows are known
                continue
            matcher.accept(row, i)
            used_lines.add(i)
            rows_read.append(i)
            matched.append(
                MatchedRow(table.id, row.id, row.label, line.sheet_name, line.number, label)
            )
            if not row.heading:
                _take(table, row, line, header, taken, places)
                for col in _extra_figures(line, header, first_value_col):
                    extra.setdefault(col, []).append(line)
            elif has_numbers:
                # A 2019 table's single （六）其他处理 row in a 2021 report: its figures belong to
                # the rows under it, which cannot be told apart: said, not spread by a guess. A
                # published report's are counted as not read (a row of figures the form has not);
                # a workbook's, imported without them, noted.
                under = "、".join(f"“{r.label}”" for r in _rows_under(table, row))
                lost = _not_read(
                    f"一行有数字，但本表单在它下面分行填写（{under}），这一行的数字",
                    "：请按实际情况分别填入其下各行",
                )
                where = places.row(line.sheet_name, line.number)
                if partial:
                    in_check[lost.imported] = lost.checked  # a published report's row's reason
                    unmatched.append(
                        UnmatchedRow(
                            line.sheet_name,
                            line.number,
                            row.label,
                            True,
                            where,
                            lost.imported,
                            heading=True,
                        )
                    )
                else:
                    _say(notes, in_check, lost.after(f"{where}“{row.label}”"))
            elif any(
                _filled(_at(line, c)) and not is_not_applicable(_at(line, c))
                for c in header.columns.values()
            ):  # a heading row with “/” or “—” in its cells is as published: not news
                notes.append(
                    f"{places.row(line.sheet_name, line.number)}“{row.label}”是标题行，"
                    "不填数，其中的内容已忽略"
                )
        if ambiguous:
            raise AmbiguousRowsError(ambiguous, len(matched))
        _say_columns(header, lines, extra, places, notes, extra_columns, in_check)
        missing.extend(
            (table.id, row.id)
            for row in table.rows
            if not row.heading and row.id not in matcher.matched
        )
    _figures_among_rows(unmatched, typed, rows_read)
    if taken.bad and not partial:
        raise BadValuesError(taken.bad, len(matched))
    for said in _table_notes(lines, printed, places):
        _say(notes, in_check, said)
    if not_applicable:
        shown = "、".join(not_applicable[:30])
        more = f"等 {len(not_applicable)} 格" if len(not_applicable) > 30 else ""
        marks, listed = f"{len(not_applicable)} 格写的是“/”或“—”（不适用），", f"：{shown}{more}"
        as_blank = Said(
            f"{marks}已按空白导入（不是 0）{listed}", f"{marks}算作空格未填（不是 0）{listed}"
        )
        _say(notes, in_check, as_blank)
    if missing:  # the import leaves their cells as they are; a check counts them as blanks
        kept = Said(
            _rows_not_found(form, missing, "这些格不会被改动"),
            _rows_not_found(form, missing, "这些格算作空格未填"),
        )
        _say(notes, in_check, kept, first=True)
    first_header = headers[0].start if headers else None
    fields, field_problems = read_fields(form, lines, used_lines, first_header)
    if field_problems:
        raise XlsxImportError(["没有导入，因为表头表尾的字段有误：", *capped(field_problems)])
    signoff = [
        text.strip()
        for line in lines
        for _, text in line.text_cells()
        if norm(text).startswith(norm(SIGNOFF_PREFIX)) or "SHA-256" in text
    ]
    return ImportResult(
        form=form,
        values=values,
        fields=fields,
        matched_rows=matched,
        unmatched_rows=unmatched,
        problems=notes,
        in_check=in_check,
        missing_rows=missing,
        properties=dict(content.properties),
        signoff_lines=signoff,
        text_figures=taken.text_figures,
        not_applicable=not_applicable,
        missing_tables=missing_tables,
        unreadable=taken.bad if partial else [],
        hidden_figures=taken.hidden,
        extra_columns=extra_columns,
        stray_rows=sum(
            1
            for i, line in enumerate(lines)
            if i not in covered and any(_holds_number(v) for v in line.cells[1:])
        ),
        placed=taken.placed,
        second_copies=[] if partial else _second_copies(lines, headers, covered, form, places),
    )


def _second_copies(
    lines: list[_Line], headers: list[_Header], covered: set[int], form: FormDef, places: Places
) -> list[str]:
    """Each table read that is found again, with figures, among the lines no table read covers
    (another visible sheet): said with both places. A blank copy (the template kept on a sheet of
    its own) is nothing to choose between."""
    rest = [line for i, line in enumerate(lines) if i not in covered]
    said: list[str] = []
    for header in headers:
        table = header.table
        optional = _total_columns(form, table)
        copy = _find_header(table, rest, 0, optional)
        while copy is not None:
            where = rest[copy.start]
            below = [line for line in rest[copy.end + 1 :] if line.sheet == where.sheet]
            if any(_holds_number(_at(line, c)) for line in below for c in copy.columns.values()):
                first = lines[header.start]
                said.append(
                    f"没有导入，因为工作簿中有两份“{_table_name(table)}”，都有数字，"
                    "不能确定要读的是哪一份："
                    f"{places.row(first.sheet_name, first.number)}起的一份，"
                    f"{places.row(where.sheet_name, where.number)}起的一份"
                )
                break
            copy = _find_header(table, rest, copy.end + 1, optional)
    return said


def _table_lines(
    lines: list[_Line], headers: list[_Header], known: set[str]
) -> dict[int, TableLine]:
    """The lines, outside the tables' headers, that hold no figure and are a table's unit, note or
    caption (:func:`~.table_lines.table_line`), by index."""
    in_header = {i for h in headers for i in range(h.start, h.end + 1)}
    found: dict[int, TableLine] = {}
    for i, line in enumerate(lines):
        texts = [text.strip() for _, text in line.text_cells()]
        if i in in_header or not texts or any(_holds_number(v) for v in line.cells):
            continue
        kind = table_line(norm("".join(texts)), known)
        if kind is not None:
            found[i] = kind
    return found


def _state_units(headers: list[_Header], lines: list[_Line], printed: dict[int, TableLine]) -> None:
    """Each table's units as its own lines state them: a unit or caption line just above its
    header (back to the previous table's last row; above the first table, notes too) and any
    among its rows. A unit at the foot of one table and over the next is the next one's."""
    above: set[int] = set()
    for n, header in enumerate(headers):
        floor = headers[n - 1].end if n else -1
        units: list[str] = []
        i = header.start - 1
        while i > floor and lines[i].sheet == lines[header.start].sheet:
            found = printed.get(i)
            if found is None and any(True for _ in lines[i].text_cells()):
                break
            if found is not None:
                if found.kind == NOTE and n:
                    break  # the foot of the table before
                units.extend(found.units)
                above.add(i)
            i -= 1
        header.stated_units = tuple(units)
    for n, header in enumerate(headers):
        stop = headers[n + 1].start if n + 1 < len(headers) else len(lines)
        among = [
            unit
            for i in range(header.end + 1, stop)
            if i in printed and i not in above and lines[i].sheet == lines[header.start].sheet
            for unit in printed[i].units
        ]
        header.stated_units += tuple(among)


class Said(NamedTuple):
    """A note in the import's words and in a check's: they differ where the import says what it
    does with the form's cells, as a check changes none ("": a check does not say it)."""

    imported: str
    checked: str

    def after(self, lead: str) -> Said:
        """The note with ``lead`` (where it is) before it, in both words."""
        return Said(lead + self.imported, lead + self.checked if self.checked else "")


def _not_read(lead: str, tail: str = "") -> Said:
    """A note on what is not read as the form's figures (a column, a note, a heading row's
    figures): the import says it is not imported, a check that it is not checked."""
    return Said(f"{lead}没有导入{tail}", f"{lead}没有参与校验{tail}")


NO_NOTE = Said("", "")


def _alike(note: str) -> Said:
    """A note the import and a check say in the same words."""
    return Said(note, note)


def _say(notes: list[str], in_check: dict[str, str], said: Said, first: bool = False) -> None:
    """Add the note ``said`` in the import's words to ``notes`` (first: before the others), with a
    check's words in ``in_check`` when they differ."""
    notes.insert(0 if first else len(notes), said.imported)
    if said.checked != said.imported:
        in_check[said.imported] = said.checked


def _rows_not_found(form: FormDef, missing: Sequence[tuple[str, str]], meaning: str) -> str:
    """The note on the form's rows (table id, row id) the workbook lacks, with what that means for
    their cells."""
    row_labels = {(t.id, r.id): r.label for t in form.tables for r in t.rows}
    names = "、".join(f"“{row_labels[m]}”" for m in missing[:30])
    more = f"等 {len(missing)} 行" if len(missing) > 30 else ""
    return f"表中没有找到以下行（{meaning}）：{names}{more}"


def _table_notes(lines: list[_Line], printed: dict[int, TableLine], places: Places) -> list[Said]:
    """A note printed with a table (注：…, 说明：…) is no row of it: said once, not imported (not
    checked)."""
    said = []
    for i, found in sorted(printed.items()):
        if found.kind != NOTE:
            continue
        line = lines[i]
        # a note broken over lines (a narrow cell, a <br>) is quoted as one
        text = "".join("".join(t.split()) for _, t in line.text_cells())
        shown = text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS] + "……"
        lead = f"{places.row(line.sheet_name, line.number)}“{shown}”是表注（表格的说明文字），"
        said.append(_not_read(f"{lead}不是统计表的行，"))
    return said


NOTE_CHARS = 30  # of a table's note quoted


def _say_columns(
    header: _Header,
    lines: list[_Line],
    extra: dict[int, list[_Line]],
    places: Places,
    notes: list[str],
    extra_columns: list[str],
    in_check: dict[str, str],
) -> None:
    """The notes on a table's columns: a total column the header does not have (blank, not lost),
    and each column not of the form that holds figures (lost: said where and how many; a check's
    words in ``in_check``)."""
    table = header.table
    if header.missing:
        names = "、".join(f"“{c.label}”" for c in table.columns if c.id in header.missing)
        notes.append(
            f"表格“{_table_name(table)}”的表头中没有{names}列：这一列为空，可由其他各列相加算出"
        )
    for col, with_figures in sorted(extra.items()):
        first = with_figures[0]
        lead = (
            f"{places.cell(first.sheet_name, first.number, col)}起的“{_column_heading(lines, header, col)}”"
            f"一列不是本表单的列，其中 {len(with_figures)} 行的数字"
        )
        _say(extra_columns, in_check, _not_read(lead))


def _rows_under(table: Table, heading: Row) -> list[Row]:
    """The rows a heading row stands over: those after it, deeper, up to the next of its level."""
    rows = list(table.rows)
    start = rows.index(heading) + 1
    level = _level(heading)
    under: list[Row] = []
    for row in rows[start:]:
        if _level(row) <= level:
            break
        under.append(row)
    return under


def _outside_grid(line: _Line, known: set[str], form: FormDef) -> bool:
    """A line whose first text is one printed around the table (title, footer, sign-off)."""
    texts = [t.strip() for _, t in line.text_cells()]
    return bool(texts) and (norm(texts[0]) in known or _is_footer_text(norm(texts[0]), form))


def _is_footer_text(key: str, form: FormDef) -> bool:
    if key.startswith(norm(SIGNOFF_PREFIX)) or key.startswith(norm("完整指纹")):
        return True
    if form.title_regex().match(key):  # the title of a sheet, new style: no table row
        return True
    return any(
        key.startswith(norm(f.print_label) + ":") or key.startswith(norm(f.label) + ":")
        for f in form.fields
    )


def _at(line: _Line, col: int) -> Any:
    return line.cells[col] if col < len(line.cells) else None


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


_NUMBER_TEXT = re.compile(r"[+-]?\d+(?:\.\d+)?")
_NOT_DIGITS = frozenset(",，" + INVISIBLE)


def _holds_number(value: Any) -> bool:
    """A number, or text that is one (``12``, ``１,234``, ``0.5``): what an import must not drop."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        text = "".join(ch for ch in text if not ch.isspace() and ch not in _NOT_DIGITS)
        return bool(_NUMBER_TEXT.fullmatch(text))
    return False


_UNIT_IN_LABEL = re.compile(r"单位[:：]\s*([^)）\s]+)")


def _without_unit(raw: str, cell: Cell) -> str:
    """``12.35万元`` → ``12.35`` in a cell whose row or column gives that unit (本年收费金额（单位：
    万元）), as a published table may print it; any other word after a figure stays and is refused."""
    text = raw.strip()
    for unit in sorted(_cell_units(cell), key=len, reverse=True):
        if text.endswith(unit) and _holds_number(text[: -len(unit)]):
            return text[: -len(unit)]
    return raw


@dataclass
class _Taken:
    """What the rows' cells gave: the figures, and the cells not taken as they are."""

    values: dict[str, Value | None] = field(default_factory=dict)
    bad: list[BadValue] = field(default_factory=list)  # no figure of the cell's kind
    hidden: list[BadValue] = field(default_factory=list)  # read, but under a merged range
    text_figures: list[TextFigure] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)  # “/” or “—”, taken as blank
    placed: list[PlacedFigure] = field(default_factory=list)  # the figures read, with their cells


def _take(
    table: Table, row: Row, line: _Line, header: _Header, taken: _Taken, places: Places
) -> None:
    values = taken.values
    for column in table.columns:
        cell = table.cell_at(row.id, column.id)
        if cell is None or column.id not in header.columns:
            continue  # a total column the header does not have: said once, for the table
        col = header.columns[column.id]
        raw = _at(line, col)
        if isinstance(raw, str) and not raw.strip():
            raw = None
        name = _cell_name(line.number, col + 1)
        where = places.cell(line.sheet_name, line.number, col)
        merge = line.covered.get(col)
        if merge is not None:  # still read: verify compares what was signed with what is seen
            text = _quoted(raw)
            taken.hidden.append(
                BadValue(
                    cell.id,
                    text,
                    f"{where}“{cell.label}”：“{text}”被合并单元格 {merge} 遮住，"
                    "在 Excel 或 WPS 中看不到",
                )
            )
        if cell.kind.is_numeric and is_not_applicable(raw):
            # Published tables print “/” or “—” where nothing applies: a blank, not a refusal.
            values[cell.id] = None
            taken.not_applicable.append(f"{where}“{cell.label}”")
            continue
        shared = _sharing_cells(table, row, column, header, line.spans.get(col, 1))
        if shared and raw is not None:
            # a figure merged across two columns of the form: whose is it? (0 written once
            # for both, or one figure centred over a blank): said, never given to the first
            text = _quoted(str(raw).strip())
            taken.bad.append(
                BadValue(
                    cell.id,
                    text,
                    f"{where}“{cell.label}”：“{text}”所在的单元格横跨 {line.spans[col]} 列，"
                    f"也在{shared}之下，不能确定是哪一格的数字，请核对原表。",
                )
            )
            continue
        written = raw
        conflict = _unit_conflict(cell, header, line)
        if conflict is not None and raw is not None:
            # 元 under a form's 万元 (or the reverse): the number would be 10,000 times off.
            stated, wanted = conflict
            text = _quoted(str(raw).strip())
            what = (
                f"本表单是“{wanted}”，“{text}”须换算为{wanted}后填写"
                if wanted
                else f"本表单这一格是数量，不是金额：“{text}”没有导入，请核对原表"
            )
            taken.bad.append(
                BadValue(
                    cell.id, text, f"{where}“{cell.label}”：表中写明的单位是“{stated}”，{what}"
                )
            )
            continue
        if isinstance(raw, str) and cell.kind.is_numeric:
            raw = _without_unit(raw, cell)
        try:
            if raw is not None and not isinstance(raw, int | float | str):
                raise ValueInputError(f"“{raw}”不是数字（可能被设成了日期或其他格式）。", str(raw))
            values[cell.id] = _figure(cell.kind, raw)
        except ValueInputError as exc:
            said = f"{_number_shown(raw, line.formats.get(col))}{exc.reason}"
            taken.bad.append(BadValue(cell.id, _quoted(written), f"{where}“{cell.label}”：{said}"))
            continue
        value = values[cell.id]
        if value is not None and cell.kind.is_numeric:
            # a float as Excel shows it (0.3 for 0.30000000000000004), the rest as written
            text = to_text(value) if isinstance(raw, float) else _quoted(written)
            taken.placed.append(
                PlacedFigure(
                    cell.id,
                    line.sheet_name,
                    line.number,
                    col,
                    value,
                    f"{where}“{cell.label}”",
                    text,
                )
            )
        if isinstance(raw, str) and cell.kind.is_numeric:
            taken.text_figures.append(
                TextFigure(cell.id, cell.label, line.sheet_name, line.number, name, raw)
            )


def _figure(kind: Kind, raw: object) -> Value | None:
    """The figure a cell's ``raw`` value gives, as :func:`parse_value` reads it; a float beyond
    what Excel shows (0.1 + 0.2 pasted as a value: 0.30000000000000004) refused so is read as
    Excel shows it, in the cell and in the formula bar: to 15 significant digits (0.3). Whether
    the cell's format shows that is judged with the rest of what a reader sees (judge_figures)."""
    try:
        return parse_value(kind, raw)
    except ValueInputError as exc:
        refused = exc
    if isinstance(raw, float) and math.isfinite(raw):
        number = Decimal(repr(raw))
        if len(number.as_tuple().digits) > MAX_EXACT_DIGITS:
            shown = Context(prec=MAX_EXACT_DIGITS, rounding=ROUND_HALF_UP).plus(number)
            with suppress(ValueInputError):
                return parse_value(kind, shown)
    raise refused


def _number_shown(raw: object, fmt: str | None) -> str:
    """How a number that is no figure of the cell's is quoted before why (“0.1234567”：), with
    what its cell shows when that is another text (“…”（单元格显示为“0.12”，数字格式“0.00”）：);
    "" for a text, whose reason quotes it."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return ""
    written = _quoted(raw)
    try:
        shown = figure_text(raw, fmt).strip()
    except UnrenderableFormat:
        shown = written
    if shown == written:
        return f"“{written}”："
    return f"“{written}”（单元格显示为“{_quoted(shown)}”，数字格式“{fmt}”）："


def _sharing_cells(table: Table, row: Row, column: Column, header: _Header, span: int) -> str:
    """The other cells of the form (quoted, joined) that a cell of ``column`` merged across
    ``span`` columns also stands over; "" when none (a figure merged under one heading)."""
    start = header.columns[column.id]
    others = [
        other
        for c in table.columns
        if c.id != column.id
        and c.id in header.columns
        and start < header.columns[c.id] < start + span
        and (other := table.cell_at(row.id, c.id)) is not None
    ]
    return "、".join(f"“{other.label}”" for other in others)


QUOTED_CHARS = 100  # of a cell's content quoted (a hostile cell may hold a megabyte)


def _quoted(value: Any) -> str:
    text = str(value)
    return text if len(text) <= QUOTED_CHARS else text[:QUOTED_CHARS] + "……"


def _unit_conflict(cell: Cell, header: _Header, line: _Line) -> tuple[str, str] | None:
    """(the unit the table states, the form's) when they are different money units: by the
    column's header (本年收费金额（单位：元）), by the row's cell in the unit column (元), or by a
    unit line of the table's own (单位：元, :attr:`_Header.stated_units`); the form's is "" when
    a money unit is stated over a count (:func:`~.table_lines.stated_money_conflict`)."""
    if cell.column.id in header.unit_conflicts:
        return header.unit_conflicts[cell.column.id], money_unit(cell.column.label)
    wanted = money_unit(cell.column.label) or money_unit(cell.unit)
    if header.unit_col is not None:
        stated = money_unit(_at(line, header.unit_col))
        if stated and wanted and stated != wanted:
            return stated, wanted
    if not cell.kind.is_numeric:
        return None
    # a line of the table's own (单位：元) over cells the form counts in 万元, or counts
    has_money = any(c.kind is Kind.MONEY for c in header.table.cells)
    return stated_money_conflict(header.stated_units, wanted, cell.kind is Kind.MONEY, has_money)


# A figure typed at the end of a label's cell: 规章 103, 1.属于国家秘密107 (a PDF's cell, read
# without its space), 行政许可 1,234. The label is the shortest text before it.
_LABEL_FIGURE = re.compile(r"(?P<label>.*?)\s*(?P<figure>[+-]?\d[\d,]*(?:\.\d+)?)", re.DOTALL)


def _typed_figure(label: str) -> tuple[str, str]:
    """(the words, the figure) of a label's cell that ends in a figure (行政许可 107); ("", "")
    when it does not."""
    text = unicodedata.normalize("NFKC", label)
    text = "".join(ch for ch in text if ch not in INVISIBLE).strip()
    found = _LABEL_FIGURE.fullmatch(text)
    return (found["label"], found["figure"]) if found else ("", "")


def _figure_in_label(label: str, matcher: _RowMatcher) -> str:
    """The figure typed after a row's label in the label's own cell (行政许可 107, the row's figure
    cells left empty), "" when there is none: a figure that must be counted as not read, not
    lost with the row as a line of text. Only when the words before it are a row of the table,
    so that a note or a date under the table is no figure (a label the form has not is judged
    by where it stands: :func:`_figures_among_rows`)."""
    words, figure = _typed_figure(label)
    return figure if figure and matcher.knows(words) else ""


def _figures_among_rows(
    unmatched: list[UnmatchedRow], typed: list[tuple[int, int]], rows_read: list[int]
) -> None:
    """The rows of ``unmatched`` (by index, with their line) whose label the form has not ends in
    a figure (规章制度 103: a row's label mistyped, its figure typed after it): counted as holding
    figures when they stand among the form's rows, under a table's header and over the last line
    read as a row of the form (``rows_read``); under that, a note or a date is no row."""
    last = max(rows_read, default=-1)
    for index, line in typed:
        if line < last:
            row = unmatched[index]
            why = row.reason or _in_label_cell(_typed_figure(row.text)[1])
            unmatched[index] = replace(row, has_values=True, reason=why)


def _in_label_cell(figure: str) -> str:
    """Why a figure typed in a row's label cell was not read."""
    return f"“{figure}”写在行名的格中，不在数字的格中"


def _figure_like(value: Any) -> bool:
    """A number, or text with a digit in it (107件, a figure with a mark): what a row of the
    form's cells holds when its label is no row of the form. Not a mark of 不适用 (“/”, “—”)."""
    if _holds_number(value):
        return True
    return isinstance(value, str) and any(c.isdigit() for c in unicodedata.normalize("NFKC", value))


def _unmatched_row(
    line: _Line,
    label: str,
    header: _Header,
    matcher: _RowMatcher,
    shifted: str | None,
    places: Places,
) -> UnmatchedRow:
    """A line under a table's header whose label is no row of it (or whose figures stand under
    the wrong headings: ``shifted`` says how), with whether it holds figures and why they were
    not read when there is more to say."""
    has_figures = any(_figure_like(_at(line, c)) for c in header.columns.values())
    figure = "" if has_figures else _figure_in_label(label, matcher)
    why = _in_label_cell(figure) if figure else ""
    return UnmatchedRow(
        line.sheet_name,
        line.number,
        label,
        has_figures or bool(figure) or shifted is not None,
        places.row(line.sheet_name, line.number),
        shifted if shifted is not None else why,
    )


def _extra_figures(line: _Line, header: _Header, first_value_col: int) -> list[int]:
    """Columns right of the labels holding a number in ``line`` that are no column of the form
    (小计, 历年累计, a 合计 no alias names): their figures are not read, and must be said."""
    known = set(header.columns.values()) | {header.unit_col}
    return [
        col
        for col in range(first_value_col, len(line.cells))
        if col not in known and _holds_number(line.cells[col])
    ]


_NO_HEADING = "（无表头）"


def _column_heading(lines: list[_Line], header: _Header, col: int) -> str:
    """What the header prints over column ``col`` (its cells joined), “（无表头）” when nothing."""
    texts = [
        str(lines[i].cells[col]).strip()
        for i in range(header.start, header.end + 1)
        if col < len(lines[i].cells) and _filled(lines[i].cells[col])
    ]
    return "·".join(texts) or _NO_HEADING


def _unit_column_figures(lines: list[_Line], region: list[int], header: _Header) -> dict[int, str]:
    """The lines with a figure in the table's unit column (2014's 单位), which is never read: a row
    whose unit cell was left out (its figure moved left under 单位, as a browser and Word show
    it) or whose figure was typed there. Each with why its figures are not read."""
    col = header.unit_col
    if col is None:
        return {}
    heading = _column_heading(lines, header, col)
    return {
        i: f"“{str(lines[i].cells[col]).strip()}”写在“{heading}”一列中，不在数字的格中"
        for i in region
        if _holds_number(_at(lines[i], col))
    }


def _shifted_rows(
    lines: list[_Line], region: list[int], header: _Header, printed: Container[int]
) -> dict[int, str]:
    """The lines of a table with a figure right of all its header's columns, under no heading:
    rows set a cell or more to the right (Word's ``w:gridBefore``, a web row with an extra cell
    in front), whose figures stand under the wrong headings. Each with why its figures are not
    read. When every line with figures has one there (two lines or more), that is a column the
    header leaves unnamed, said as a column (:func:`_say_columns`), the rest of each row read:
    but for a line without a figure under the header's first column, shifted all the same. A
    column taken for shifted rows loses their figures, named; the other way round would read
    figures into wrong cells."""
    first, last = min(header.columns.values()), max(header.columns.values())
    rows = [i for i in region if i not in printed]
    shifted: dict[int, str] = {}
    for i in rows:
        cells = lines[i].cells
        outside = next(
            (
                str(cells[col]).strip()
                for col in range(last + 1, len(cells))
                if col != header.unit_col
                and _holds_number(cells[col])
                and _column_heading(lines, header, col) == _NO_HEADING
            ),
            None,
        )
        if outside is not None:
            shifted[i] = f"这一行与表头的列错开了（“{outside}”在表头以外的一列）"
    with_figures = sum(1 for i in rows if any(_holds_number(v) for v in lines[i].cells))
    if len(shifted) < max(with_figures, 2):
        return shifted
    return {i: why for i, why in shifted.items() if not _holds_number(_at(lines[i], first))}


def import_xlsx(path: str | Path, form: FormDef) -> ImportResult:
    """Read a filled table from ``path`` for ``form``. Raises :class:`XlsxImportError`.

    A row holding a number that fits no row of the form raises :class:`UnmatchedRowsError` (a
    subclass): nothing may be imported then. ``unmatched_rows`` of the result hold text only.
    """
    content = read_workbook(path)
    stated = content.properties.get("govreport.form")
    if stated and stated != form.id:
        raise XlsxImportError(
            [f"这个工作簿是表单“{stated}”导出的，不是“{form.id}”（{form.title}），没有导入。"]
        )
    result = read_tables(content, form)
    result.problems = workbook_notes(content, result, refuse_unseen(result, Path(path)))
    return result


def workbook_notes(
    content: WorkbookContent, result: ImportResult, figure_notes: Sequence[str] = ()
) -> list[str]:
    """Every note of the import of ``content`` read as ``result``, in the order said: the tables'
    (:func:`read_tables`: rows not found, “/” read as blank…), the figures' (``figure_notes``, of
    :func:`judge_figures`: a format not judged, another count unit), the sheets hidden, the columns
    not the form's. ``import-xlsx`` says each after “注意：”; ``check`` warns of each
    (core/ops/report_file.py), so that its reviewer hears what the import's user hears — in a
    check's words (``result.in_check``) where the import says what it does with the cells."""
    notes = [*result.problems, *figure_notes]
    if content.hidden_sheets:
        hidden = [short_id(title) for title in content.hidden_sheets]
        notes.append("已忽略隐藏的工作表：" + named(hidden))
    return [*notes, *result.extra_columns]


def refuse_unseen(result: ImportResult, path: Path) -> list[str]:
    """Refuse a table some of whose figures would be lost or were never seen: figures in rows the
    form does not have (:class:`UnmatchedRowsError`), figures a reader does not see as read
    (:func:`judge_figures`); the notes on the figures seen. Here, not in read_tables: verify reads
    a changed table to name what differs, not to refuse."""
    refuse_unmatched(result)
    unseen, notes = judge_figures(result, path)
    if unseen:
        raise XlsxImportError(["没有导入，因为" + HIDDEN_FIGURES, *hidden_lines(unseen)])
    return notes


def refuse_unmatched(result: ImportResult) -> None:
    """:class:`SecondCopyError` when a table read is there twice with figures,
    :class:`UnmatchedRowsError` when rows the form does not have hold figures."""
    if result.second_copies:
        raise SecondCopyError(result.second_copies, len(result.matched_rows))
    with_numbers = [row for row in result.unmatched_rows if row.has_values]
    if with_numbers:
        raise UnmatchedRowsError(with_numbers, result.matched_rows)


# What is said of figures nobody sees, by the import and by check (core/ops/workbook_report.py).
HIDDEN_FIGURES = (
    "以下数字在 Excel 或 WPS 中看不到（或看到的不是这个数），看这张表的人不知道有这些数字："
)


def hidden_lines(unseen: Sequence[BadValue]) -> list[str]:
    """Each figure not seen, then what to do."""
    return [
        *capped([b.description for b in unseen]),
        "请在 Excel 或 WPS 中让这些数字原样显示出来（取消合并，取消隐藏的行或列，"
        "数字格式设为“常规”，字体用黑色、不加删除线，删去会隐藏数字的条件格式）后再试。",
    ]


def judge_figures(result: ImportResult, path: Path) -> tuple[list[BadValue], list[str]]:
    """First, the figures of ``result`` that whoever opens the workbook in Excel or WPS does not
    see as read: under a merged range (found while reading), or as the workbook's look (what
    ``verify`` compares, :mod:`.workbook_view`) shows them: a hidden row or column, a font (or a
    number format's colour) not seen on the fill, struck through, or a number format that shows
    nothing or another number (``;;;``, ``"4"``, ``[>10]"多";0``, a money unit the form does not
    count in: ``0"元"``); or a conditional format that would do any of that, or show a data bar or
    icons instead of the figure, whatever its condition. A format showing the same number another
    way (``0.00E+00``, ``[DBNum1]`` Chinese numerals, another count unit: ``0"件"`` on a row in 条)
    shows it. A format whose text this program cannot work out (a fraction, ``# ?/?``) is not
    refused. Second, the notes on the figures seen: such a format not judged, a count unit not the
    row's (:func:`workbook_notes` says them with the others; a check's words for the latter are
    recorded in ``result.in_check``, as :func:`read_tables` records its own).

    :class:`XlsxImportError` when the look cannot be read (then nobody can say what is seen), or
    a sheet holding figures has too many conditional formats to go through."""
    hidden = list(result.hidden_figures)
    merged = {b.cell_id for b in hidden}
    placed = [p for p in result.placed if p.cell_id not in merged]
    if not placed:
        return hidden, []
    look = _look(path)
    for title in sorted({figure.sheet for figure in placed}):
        sheet = look.sheet(title)
        if sheet is not None and sheet.conditional_unchecked:
            raise _refuse(
                f"工作表“{short_id(title)}”的{sheet.conditional_unchecked}，不像是一张统计表，"
                f"{_CANNOT_CHECK}：{path}\n请在 Excel 或 WPS 中清除这张表的条件格式（开始 → "
                "条件格式 → 清除规则 → 清除整个工作表的规则）后再试。"
            )
    notes: list[str] = []
    for figure in placed:
        sheet = look.sheet(figure.sheet)
        why, note = _why_unseen(sheet, figure, result.form) if sheet is not None else ("", NO_NOTE)
        if why:
            said = f"{figure.where}：“{figure.text}”{why}"
            hidden.append(BadValue(figure.cell_id, figure.text, said))
        elif note.imported:  # a check's words recorded with read_tables' (ImportResult.in_check)
            _say(notes, result.in_check, note.after(f"{figure.where}：“{figure.text}”"))
    return hidden, notes


_CANNOT_CHECK = "无法核对其中的数字在 Excel 或 WPS 中是否看得见"


def _look(path: Path) -> WorkbookLook:
    """The workbook as a reader sees it; XlsxImportError saying why it cannot be read."""
    from govreport_gui.core.layout.workbook_view import WorkbookTooLarge, look_of_file

    cannot = _CANNOT_CHECK
    try:
        return look_of_file(path)
    except WorkbookTooLarge as exc:
        raise _refuse(
            f"工作簿中的“{exc}”远大于一张统计表，{cannot}：{path}\n"
            "请把统计表复制到一个新的工作簿（只复制这张表）后再试。"
        ) from None
    except DAMAGED_ZIP_DATA:
        raise _refuse(damaged_zip_message(path)) from None
    except OSError as exc:
        raise _refuse(f"无法读取文件 {path}：{describe_os_error(exc)}") from None
    except Exception as exc:  # openpyxl raises many kinds for a crafted file
        raise _refuse(
            f"无法读出工作簿的格式，{cannot}：{path}\n{XLSX_ADVICE}{technical_detail(exc)}"
        ) from None


def _why_unseen(sheet: SheetLook, figure: PlacedFigure, form: FormDef) -> tuple[str, Said]:
    """Why a reader of ``sheet`` does not see ``figure`` as read, or ""; and what to note of how
    it is shown when it is seen (a unit word not the row's, a format not judged), or NO_NOTE."""
    row, col = figure.row, figure.col + 1
    why = sheet.unseen(row, col)
    look = sheet.cells.get((row, col))
    if why or look is None:
        return why, NO_NOTE
    check = f"请在 Excel 或 WPS 中确认它显示的是 {to_text(figure.value)}。"
    shown = _shown_figure(look.value, look.fmt, look.text)
    if shown is None:
        why, note = "", _alike(f"的数字格式“{look.fmt}”本程序无法核对，{check}")
    elif not shown.strip():
        return f"的数字格式“{look.fmt}”使它什么也不显示，在 Excel 或 WPS 中看不到", NO_NOTE
    else:
        why, note = _judge_shown(shown, look.fmt, figure, form)
    if why:
        return why, NO_NOTE
    for effect in sheet.conditional.get((row, col), []):
        if not effect.fmt:
            continue  # a rule that gives no number format (a font, a fill): judged by unseen
        lead = f"的条件格式（{effect.where}）"
        shown = _shown_figure(look.value, effect.fmt, effect.text)
        if shown is None:
            unjudged = _alike(f"{lead}给它的数字格式“{effect.fmt}”本程序无法核对，{check}")
            note = note if note.imported else unjudged
            continue
        if not shown.strip():
            return (
                f"{lead}可能使它的数字格式为“{effect.fmt}”，什么也不显示，在 Excel 或 WPS 中看不到",
                NO_NOTE,
            )
        effect_why, effect_note = _judge_shown(shown, effect.fmt, figure, form)
        if effect_why:
            return f"{lead}可能使它{effect_why}", NO_NOTE
        if not note.imported and effect_note.imported:
            note = effect_note.after(f"{lead}可能使它")
    return "", note


def _shown_figure(value: Any, fmt: str, text: str | None) -> str | None:
    """What a cell holding ``value`` shows in ``fmt`` as far as which number it is (``text``: as
    rendered exactly, when it could be); None when that cannot be worked out."""
    if text is not None:
        return text
    try:
        return figure_text(value, fmt)
    except UnrenderableFormat:
        return None


def _judge_shown(shown: str, fmt: str, figure: PlacedFigure, form: FormDef) -> tuple[str, Said]:
    """Why ``shown`` (the text, not blank, of ``figure``'s cell in ``fmt``) does not show the
    figure read, or "" (“显示为…，看的人读到的不是这个数”); and the note to make when it does, or
    NO_NOTE: a count unit that is not the cell's (12件 on a row in 条: the same number)."""
    text = shown.strip()
    if is_not_applicable(text) and figure.value == 0:
        # “-” for 0, as an accounting format prints it: nothing that counts is lost
        return "", NO_NOTE
    cell = form.cell(figure.cell_id)
    seen, unit = _shown_number(text, cell)
    shown_as = f"显示为“{_quoted(text)}”（数字格式“{fmt}”），"
    # a money unit scales what is read (元 for 万元); over a money cell of no stated unit (2019's
    # 采购总金额) it is not judged, as _unit_conflict does not judge a table's stated one
    wanted = money_unit(cell.column.label) or money_unit(cell.unit)
    if unit in MONEY_UNITS and unit != wanted and (wanted or cell.kind is not Kind.MONEY):
        what = f"本表单这一格是“{wanted}”" if wanted else "本表单这一格是数量，不是金额"
        return f"{shown_as}写的单位是“{unit}”，{what}，看的人读到的不是这个数", NO_NOTE
    if seen is None or seen != figure.value:
        return f"{shown_as}看的人读到的不是这个数", NO_NOTE
    own = _cell_units(cell)
    if unit and own and unit not in own:
        lead = f"{shown_as}这一行的单位是“{'、'.join(sorted(own))}”，"
        value = to_text(figure.value)
        return "", Said(
            f"{lead}已按 {value} 导入，请核对单位。", f"{lead}按 {value} 校验，请核对单位。"
        )
    return "", NO_NOTE


_SCIENTIFIC = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?[Ee][+-]?[0-9]+")


def _shown_number(text: str, cell: Cell) -> tuple[Decimal | None, str]:
    """The number ``text`` shows for ``cell`` (None: none it reads as) and the unit word written
    after it ("" none): the cell's own unit, a count unit or a money unit."""
    units = _cell_units(cell) | set(COUNT_UNITS) | set(MONEY_UNITS)
    unit = next((u for u in sorted(units, key=len, reverse=True) if text.endswith(u)), "")
    number = text[: len(text) - len(unit)].strip()
    try:
        seen = parse_value(cell.kind, number)
    except ValueInputError:
        seen = Decimal(number) if _SCIENTIFIC.fullmatch(number) else None  # 1.20E+01
    return (None if seen is None or isinstance(seen, str) else Decimal(seen)), unit


def _cell_units(cell: Cell) -> set[str]:
    """The units the form gives a cell: its row's (条, 万元), its column's (（单位：万元）)."""
    units = {cell.unit, *_UNIT_IN_LABEL.findall(cell.column.label)}
    return units - {"", HEADING_UNIT}


def workbook_form_id(path: str | Path) -> str | None:
    """The form id an exported workbook states in its properties (None for a hand-made copy)."""
    return read_workbook(path).properties.get("govreport.form")
