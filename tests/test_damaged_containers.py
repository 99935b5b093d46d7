"""A damaged Excel workbook, Word document or PDF (a broken download, a bad copy): the reader's own
Chinese refusal, never “内部错误（error）”; a library's English only as a trailing （详情：…）; and
no English warning of openpyxl or pdfminer on the console.

The files are the program's own exports, made in ``tmp_path`` and then damaged the way a broken
transfer does it: one byte of a zip member's compressed data changed (zlib then fails to unpack
it), a stored member's byte changed (its CRC-32 no longer matches), a part left out."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_run import Run
from published_reports import example_2021_file, export_docx, export_pdf, load, report_of

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_docx import SAVE_AS_DOCX, DocxImportError, read_blocks
from govreport_gui.core.layout.import_pdf import PdfImportError, read_pdf_blocks
from govreport_gui.core.layout.import_xlsx import XlsxImportError, read_workbook
from govreport_gui.core.ops.import_report import ReportImportRefused, read_report_file

REPO = Path(__file__).resolve().parent.parent
SHEET = "xl/worksheets/sheet1.xml"
DAMAGED = "文件已损坏：压缩数据有误"


def workbook(folder: Path, name: str = "统计表.xlsx") -> Path:
    """The 2021 example exported as a (draft) workbook."""
    _report, data = report_of(load(example_2021_file(folder, name + ".json")))
    return export_xlsx(data, folder / name, draft_mode=True)


def report_docx(folder: Path) -> Path:
    return export_docx(folder / "年报.docx", load(example_2021_file(folder)))


def _data_start(data: bytes | bytearray, info: zipfile.ZipInfo) -> int:
    """Where a member's (compressed) bytes begin: after its local header, name and extra field."""
    at = info.header_offset
    name_length = int.from_bytes(data[at + 26 : at + 28], "little")
    extra_length = int.from_bytes(data[at + 28 : at + 30], "little")
    return at + 30 + name_length + extra_length


def flip_deflated(path: Path, member: str) -> Path:
    """One byte of ``member``'s deflated data inverted, at the first place (of 39 spread over it)
    where zlib itself then fails to unpack it, as the probe's flip_member.py does."""
    data = path.read_bytes()
    info = zipfile.ZipFile(path).getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    start = _data_start(data, info)
    for k in range(1, 40):
        damaged = bytearray(data)
        damaged[start + info.compress_size * k // 41] ^= 0xFF
        try:
            zipfile.ZipFile(io.BytesIO(bytes(damaged))).read(member)
        except zipfile.BadZipFile:
            continue  # unpacked, but the CRC-32 tells: a case of its own (below)
        except Exception:  # zlib.error (or EOFError): what this test wants
            path.write_bytes(bytes(damaged))
            return path
    raise AssertionError(f"no byte of {member} breaks its compressed data")


def flip_stored(path: Path, member: str) -> Path:
    """The file rewritten with ``member`` stored uncompressed, then one of its bytes changed:
    it reads, but its CRC-32 does not match (zipfile's BadZipFile while reading, not opening)."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info, content in parts:
            info.compress_type = (
                zipfile.ZIP_STORED if info.filename == member else info.compress_type
            )
            target.writestr(info, content)
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    data[_data_start(data, info) + info.file_size // 2] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def rezip(path: Path, drop: str = "", change: dict[str, tuple[str, str]] | None = None) -> Path:
    """The zip at ``path`` written again without ``drop``, a member's text changed by a pattern."""
    with zipfile.ZipFile(path) as source:
        parts = [(i, source.read(i)) for i in source.infolist() if i.filename != drop]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in parts:
            if change and info.filename in change:
                pattern, replacement = change[info.filename]
                text, count = re.subn(pattern, replacement, content.decode("utf-8"), count=1)
                assert count == 1, pattern
                content = text.encode("utf-8")
            target.writestr(info, content)
    return path


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)


def before_detail(message: str) -> str:
    """What the user reads first: the message without its trailing （详情：…）."""
    return message.split("（详情：")[0]


# -- 1. damaged compressed data: the reader's refusal --------------------------------------------


def test_a_workbook_with_a_broken_member_is_refused_as_damaged(tmp_path: Path) -> None:
    path = flip_deflated(workbook(tmp_path), SHEET)
    with pytest.raises(XlsxImportError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert message.startswith(DAMAGED) and f"“{SHEET}”无法解压" in message and str(path) in message
    assert "error" not in message.lower()


def test_a_workbook_member_whose_crc_does_not_match_is_refused_as_damaged(tmp_path: Path) -> None:
    path = flip_stored(workbook(tmp_path), SHEET)
    with pytest.raises(XlsxImportError) as caught:
        read_workbook(path)
    assert str(caught.value).startswith(DAMAGED) and SHEET in str(caught.value)


def test_a_docx_with_a_broken_member_is_refused_as_damaged(tmp_path: Path) -> None:
    path = flip_deflated(report_docx(tmp_path), "word/document.xml")
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path)
    message = str(caught.value)
    assert message.startswith(DAMAGED) and "“word/document.xml”无法解压" in message
    assert "error" not in message.lower()


def test_a_docx_member_whose_crc_does_not_match_is_refused_as_damaged(tmp_path: Path) -> None:
    path = flip_stored(report_docx(tmp_path), "word/document.xml")
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path)
    assert str(caught.value).startswith(DAMAGED)


@pytest.mark.parametrize("how", ["negative-offset", "name-not-utf8"])
def test_a_docx_with_a_damaged_directory_is_refused_as_damaged(tmp_path: Path, how: str) -> None:
    """Not “加密的或使用了不支持的压缩方式” nor “文件名无效”: a directory that zipfile cannot follow
    (a member said to start before the file, a name that is not the UTF-8 it is marked as) is
    a damaged file, as for a workbook."""
    from test_import_xlsx import damaged_directory

    path = report_docx(tmp_path)
    path.write_bytes(damaged_directory(path.read_bytes(), how))
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path)
    assert str(caught.value).startswith("文件已损坏（不是完整的 .docx 压缩包）"), str(caught.value)


def _directory_patched(path: Path, offset: int, value: bytes) -> Path:
    """Every member's central directory record with ``value`` written at ``offset`` in it (8:
    the flags, 10: the compression method), as an encrypting or unusual zip tool writes it."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + offset : at + offset + len(value)] = value
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


ENCRYPTED = (8, b"\x01\x00")  # flag bit 0: an encrypted member (zipfile: RuntimeError)
UNKNOWN_METHOD = (10, b"\x63\x00")  # method 99, AES (zipfile: NotImplementedError)


@pytest.mark.parametrize("how", [ENCRYPTED, UNKNOWN_METHOD], ids=["encrypted", "unknown-method"])
def test_an_encrypted_or_unusually_compressed_zip_is_said_so_with_what_to_do(
    tmp_path: Path, how: tuple[int, bytes]
) -> None:
    """The Word document's and the workbook's refusals, in their own words."""
    docx = _directory_patched(report_docx(tmp_path), *how)
    with pytest.raises(DocxImportError) as caught:
        read_blocks(docx)
    assert str(caught.value) == (
        f"无法读取 Word 文档（加密的或使用了不支持的压缩方式）：{docx}\n{SAVE_AS_DOCX}"
    )
    xlsx = _directory_patched(workbook(tmp_path), *how)
    with pytest.raises(XlsxImportError) as caught_xlsx:
        read_workbook(xlsx)
    assert str(caught_xlsx.value) == (
        f"无法读取工作簿（加密的或使用了不支持的压缩方式）：{xlsx}\n"
        "请在 Excel 或 WPS 中“另存为” .xlsx 格式（不设密码）后再导入。"
    )


def test_a_broken_picture_read_by_python_docx_only_is_refused_as_damaged(tmp_path: Path) -> None:
    """A part the checks before python-docx do not read (not XML: a picture) is broken: python-docx
    loads every part, and its zlib error is the same refusal."""
    relationship = (
        '<Relationship Id="rIdPicture" Target="media/image1.png" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/image"/></Relationships>'
    )
    path = rezip(
        report_docx(tmp_path),
        change={"word/_rels/document.xml.rels": ("</Relationships>", relationship)},
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", bytes(range(256)) * 64)
    path = flip_deflated(path, "word/media/image1.png")
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path)
    assert str(caught.value).startswith(DAMAGED) and str(path) in str(caught.value)


def test_every_command_reading_a_damaged_workbook_refuses_it(run: Run, tmp_path: Path) -> None:
    """check, import-xlsx, verify, compare, consolidate and check FOLDER: exit 2 with the
    damaged-file message (``run`` fails on 内部错误 and on a traceback), and nothing written."""
    folder = tmp_path / "各部门"
    folder.mkdir()
    good = workbook(tmp_path, "上年.xlsx")
    bad = flip_deflated(workbook(folder), SHEET)
    draft = tmp_path / "新草稿.nianbao"
    out = tmp_path / "汇总.nianbao"
    for argv in (
        ["check", bad],
        ["import-xlsx", bad, draft],
        ["verify", bad],
        ["compare", good, bad],
        ["consolidate", bad, good, "--out", out, "--unit", "某市人民政府"],
    ):
        code, _out, err = run(*argv)
        assert code == 2 and DAMAGED in err and f"“{SHEET}”" in err, (argv, err)
    assert not draft.exists() and not out.exists()
    code, listed, _err = run("check", folder)
    line = next(line for line in listed.splitlines() if line.startswith(str(bad)))
    assert code == 2 and "\t无法读取\t" in line and DAMAGED in line


def test_a_workbook_with_broken_document_properties_is_refused_as_damaged(
    run: Run, tmp_path: Path
) -> None:
    """The custom properties are read first, to tell the program's own list workbook from a
    report: broken there, the workbook is not taken for a list, and the reader says it is damaged."""
    path = flip_deflated(workbook(tmp_path), "docProps/custom.xml")
    code, _out, err = run("check", path)
    assert code == 2 and DAMAGED in err and "“docProps/custom.xml”" in err, err


def test_commands_reading_a_damaged_docx_refuse_it(run: Run, tmp_path: Path) -> None:
    path = flip_deflated(report_docx(tmp_path), "word/document.xml")
    code, _out, err = run("check", path)
    assert code == 2 and DAMAGED in err
    values = tmp_path / "数值.json"
    code, _out, err = run("import-report", path, "--values-out", values)
    assert code == 2 and DAMAGED in err and not values.exists()


# -- 2. a library's English only as the trailing detail ------------------------------------------


@pytest.mark.parametrize(
    ("damage", "detail"),
    [
        ({"change": {SHEET: (r'(t="n"><v>)[^<]+(</v>)', r"\1inf\2")}}, "ValueError"),
        ({"drop": "[Content_Types].xml"}, "KeyError"),
    ],
    ids=["a number written inf", "no content types"],
)
def test_a_workbook_openpyxl_cannot_read_is_said_in_chinese_first(
    tmp_path: Path, damage: dict[str, object], detail: str
) -> None:
    path = rezip(workbook(tmp_path), **damage)  # type: ignore[arg-type]
    with pytest.raises(XlsxImportError) as caught:
        read_workbook(path)
    message = str(caught.value)
    first = before_detail(message)
    assert first.startswith("无法读取 Excel 工作簿：文件内容已损坏，或不是 Excel/WPS 保存的格式")
    assert "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试。" in first and str(path) in first
    assert detail not in first and f"（详情：{detail}：" in message


def _flip_stream(data: bytes, number: int, offset: int) -> bytes:
    """One byte of the ``number``-th Flate stream of a PDF inverted, ``offset`` bytes into it."""
    starts = [m.end() for m in re.finditer(rb"/FlateDecode[^>]*>>\s*stream\r?\n", data)]
    damaged = bytearray(data)
    damaged[starts[number] + offset] ^= 0xFF
    return bytes(damaged)


def test_a_damaged_pdf_page_is_said_in_chinese_first(tmp_path: Path) -> None:
    """The pages' content streams are ASCII85 text: an inverted byte is no ASCII85 digit."""
    path = tmp_path / "年报.pdf"
    path.write_bytes(_flip_stream(export_pdf(tmp_path / "原件.pdf").read_bytes(), 4, 40))
    with pytest.raises(PdfImportError) as caught:
        read_pdf_blocks(path)
    message = str(caught.value)
    first = before_detail(message)
    assert re.match(r"PDF 已损坏或格式不规范，第 \d+ 页无法读取：", first) and str(path) in first
    assert "请向发布单位索取报告的 Word 原稿" in first
    assert "Ascii85" not in first and "Pdfminer" not in first and "Ascii85" in message


def test_a_pdf_without_its_root_is_said_in_chinese_first(tmp_path: Path) -> None:
    path = tmp_path / "年报.pdf"
    path.write_bytes(export_pdf(tmp_path / "原件.pdf").read_bytes().replace(b"/Root", b"/Roxx"))
    with pytest.raises(ReportImportRefused) as caught:
        read_report_file(path, None, all_forms())
    first = before_detail(caught.value.message)
    assert first.startswith("PDF 已损坏或格式不规范") and "Root" not in first


# -- 3. no library warning on the console ------------------------------------------------------


def _govreport(tmp_path: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: Python's warnings and logging reach the console
    there as they do for a user (under pytest they are captured before they get to stderr)."""
    env = {
        **os.environ,
        "GOVREPORT_HOME": str(tmp_path / "home"),
        "GOVREPORT_USER": "测试员",
        "PYTHONPATH": str(REPO),
    }
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-m", "govreport_gui", *(str(a) for a in argv)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_no_openpyxl_warning_for_a_workbook_without_its_sheet(tmp_path: Path) -> None:
    """The sheet's part left out, its print titles still named: openpyxl warns “Defined names for
    sheet index 0 cannot be located”. The user sees only the refusal."""
    path = rezip(workbook(tmp_path), drop=SHEET)
    done = _govreport(tmp_path, "check", path)
    assert done.returncode == 2 and done.stderr.startswith("govreport："), done.stderr
    assert "Warning" not in done.stderr and "Defined names" not in done.stderr, done.stderr


def test_no_pdfminer_log_lines_for_a_damaged_pdf(tmp_path: Path) -> None:
    """A font's stream broken 200 bytes in: pdfminer logs “Data-loss while decompressing corrupted
    data”. The report is judged by what could be read, without that English line."""
    path = tmp_path / "年报.pdf"
    path.write_bytes(_flip_stream(export_pdf(tmp_path / "原件.pdf").read_bytes(), 0, 200))
    done = _govreport(tmp_path, "check", path)
    assert done.returncode == 2 and done.stderr.startswith("govreport："), done.stderr
    assert "Data-loss" not in done.stderr and "Could not" not in done.stderr, done.stderr
