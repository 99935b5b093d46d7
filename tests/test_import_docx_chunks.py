"""A Word document whose report is embedded as another format (``w:altChunk``), as the "导出
Word" button of many web systems makes it: a web archive (.mht), a web page, plain text. Word
shows it as the report; the import reads it in its place, as the web page it is. A kind of chunk
not read (RTF) refuses the document with what to do, never a silent gap."""

from __future__ import annotations

import quopri
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from published_reports import cms_html, example_2021_file, filled, load

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.layout.import_docx import (
    DocxImportError,
    Paragraph,
    WordTable,
    read_blocks,
)
from govreport_gui.core.layout.import_html import page_blocks
from govreport_gui.core.ops.import_report import ReportImportRefused, read_report_file

AF_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def with_chunk(
    path: Path, blob: bytes, content_type: str, name: str, before: str = "", after: str = ""
) -> Path:
    """A .docx whose body is ``before`` (a paragraph), the chunk, then ``after``."""
    document = docx.Document()
    body = document.element.body
    if before:
        document.add_paragraph(before)
    part = Part(PackURI(f"/word/{name}"), content_type, blob, document.part.package)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), document.part.relate_to(part, AF_CHUNK))
    body.insert(len(body) - 1, chunk)  # before the section properties, after ``before``
    if after:
        paragraph = document.add_paragraph(after)
        body.remove(paragraph._p)
        body.insert(len(body) - 1, paragraph._p)
    document.save(str(path))
    return path


def mht(html: bytes, charset: str) -> bytes:
    """A web archive of one page, quoted-printable, as html-docx-js writes it."""
    return (
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="--=_chunk"\r\n\r\n'
        b"----=_chunk\r\n"
        + f'Content-Type: text/html; charset="{charset}"\r\n'.encode()
        + b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: file:///C:/fake/document.html\r\n\r\n"
        + quopri.encodestring(html)
        + b"\r\n----=_chunk--\r\n"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_report_exported_as_one_web_archive_chunk_is_read_whole(
    tmp_path: Path, encoding: str
) -> None:
    doc = load(example_2021_file(tmp_path, other=True))
    page = cms_html(tmp_path / "page.html", doc, encoding=encoding)
    as_page = read_report_file(page, None, all_forms())[1]
    charset = "gb2312" if encoding == "gbk" else encoding
    path = with_chunk(
        tmp_path / "report.docx", mht(page.read_bytes(), charset), "message/rfc822", "afchunk.mht"
    )
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == doc.form.id
    assert imported.values == filled(doc)
    assert imported.sections == as_page.sections
    assert imported.fields["unit"] == doc.fields["unit"]


def test_a_web_page_chunk_stands_where_it_is_among_the_paragraphs(tmp_path: Path) -> None:
    page = "<html><body><h2>乙</h2><table><tr><td>表</td><td>1</td></tr></table><p>丙</p>"
    path = with_chunk(
        tmp_path / "report.docx", page.encode(), "text/html", "c.html", before="甲", after="丁"
    )
    blocks = read_blocks(path, page_blocks)
    assert [(type(b).__name__, b.number) for b in blocks] == [
        ("Paragraph", 1),
        ("Paragraph", 2),
        ("WordTable", 1),
        ("Paragraph", 3),
        ("Paragraph", 4),
    ]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["甲", "乙", "丙", "丁"]
    assert blocks[1].mark == "h2"  # a heading of the page stays one
    assert blocks[2] == WordTable(1, (("表", "1"),))


def test_a_plain_text_chunk_gives_its_lines(tmp_path: Path) -> None:
    text = "一、总体情况\n全年收到政府信息公开申请12件。\n".encode("gb18030")
    path = with_chunk(
        tmp_path / "report.docx",
        text,
        "text/plain",
        "chunk.txt",
        before="某某局2022年政府信息公开工作年度报告",
    )
    _form, imported = read_report_file(path, None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections.get("general", "")


def test_a_chunk_of_a_kind_not_read_refuses_the_document_with_what_to_do(tmp_path: Path) -> None:
    path = with_chunk(
        tmp_path / "report.docx",
        rb"{\rtf1\ansi 2022}",
        "application/rtf",
        "chunk.rtf",
        before="某某局2022年政府信息公开工作年度报告",
    )
    with pytest.raises(ReportImportRefused) as caught:
        read_report_file(path, None, all_forms())
    assert "application/rtf" in caught.value.message
    assert "另存为 .docx" in caught.value.message


def test_a_chunk_pointing_at_nothing_is_passed_by(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年收到政府信息公开申请12件。")
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), "rId999")
    body = document.element.body
    body.insert(len(body) - 1, chunk)
    path = tmp_path / "report.docx"
    document.save(str(path))
    _form, imported = read_report_file(path, None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections.get("general", "")


def test_without_a_web_page_reader_a_page_chunk_is_refused_not_passed_by(tmp_path: Path) -> None:
    """read_blocks is given the web page reader by its callers (import_report): without one, an
    embedded page is refused as a kind not read, never a silent gap."""
    path = with_chunk(
        tmp_path / "report.docx", "<p>乙</p>".encode(), "text/html", "c.html", before="甲"
    )
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path)
    assert "另存为 .docx" in caught.value.problems[0]
