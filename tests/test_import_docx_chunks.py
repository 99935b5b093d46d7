"""A Word document whose report is embedded as another format (``w:altChunk``), as the "导出
Word" button of many web systems makes it: a web archive (.mht), a web page, plain text. Word
shows it as the report; the import reads it in its place, as the web page it is. A kind of chunk
not read (RTF) refuses the document with what to do, never a silent gap."""

from __future__ import annotations

import email.message
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
from govreport_gui.core.layout import docx_chunks, import_docx, import_html
from govreport_gui.core.layout.import_docx import (
    Block,
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


# --- A crafted chunk costs no more than a web page of its size ----------------------------------


def with_references(path: Path, blob: bytes, content_type: str, name: str, count: int) -> Path:
    """A .docx whose body is ``count`` references to one chunk part."""
    document = docx.Document()
    part = Part(PackURI(f"/word/{name}"), content_type, blob, document.part.package)
    rid = document.part.relate_to(part, AF_CHUNK)
    body = document.element.body
    for _ in range(count):
        chunk = OxmlElement("w:altChunk")
        chunk.set(qn("r:id"), rid)
        body.insert(len(body) - 1, chunk)
    document.save(str(path))
    return path


def test_a_chunk_referenced_twice_is_read_once_and_shown_at_both_places(tmp_path: Path) -> None:
    """Each reference used to read the part again: one costly page referenced 20 times took 20
    times as long (75 s)."""
    path = with_references(tmp_path / "r.docx", "<p>甲</p>".encode(), "text/html", "c.html", 3)
    pages: list[str | bytes] = []

    def reader(page: str | bytes, where: Path) -> list[Block]:
        pages.append(page)
        return page_blocks(page, where)

    blocks = read_blocks(path, reader)
    assert len(pages) == 1
    assert [(b.number, b.text) for b in blocks if isinstance(b, Paragraph)] == [
        (1, "甲"),
        (2, "甲"),
        (3, "甲"),
    ]


def test_a_document_of_too_many_chunks_is_refused(tmp_path: Path) -> None:
    path = with_references(
        tmp_path / "r.docx", "甲".encode(), "text/plain", "c.txt", import_docx.MAX_CHUNKS + 1
    )
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path, page_blocks)
    assert caught.value.problems == [
        f"文档中嵌入的其他格式内容（altChunk）超过 {import_docx.MAX_CHUNKS} 处，"
        f"不像是一份年度报告，已停止读取：{path}"
    ]


def test_the_chunks_together_are_held_to_a_web_pages_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 40 MB page in a chunk was read, where a web page file over 20 MB is refused."""
    assert docx_chunks.MAX_BYTES == import_html.MAX_FILE_BYTES
    monkeypatch.setattr(docx_chunks, "MAX_BYTES", 1000)
    page = b"<p>" + b"x" * 600 + b"</p>"
    one = with_chunk(tmp_path / "one.docx", page, "text/html", "c.html")
    assert len(read_blocks(one, page_blocks)) == 1
    document = docx.Document()
    body = document.element.body
    for name in ("a.html", "b.html"):
        part = Part(PackURI(f"/word/{name}"), "text/html", page, document.part.package)
        chunk = OxmlElement("w:altChunk")
        chunk.set(qn("r:id"), document.part.relate_to(part, AF_CHUNK))
        body.insert(len(body) - 1, chunk)
    two = tmp_path / "two.docx"
    document.save(str(two))
    with pytest.raises(DocxImportError) as caught:
        read_blocks(two, page_blocks)
    assert caught.value.problems == [
        "文档中嵌入的其他格式内容（altChunk）共超过 1000 字节，不像是一份年度报告，"
        f"已停止读取：{two}"
    ]


# --- A web archive's page: its charset as a web page's, its parsing bounded ---------------------


def archive(html: bytes, header: bytes = b"Content-Type: text/html") -> bytes:
    """A web archive of one page whose part's header is ``header`` (no charset named)."""
    return (
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="--=_chunk"\r\n\r\n'
        b"----=_chunk\r\n" + header + b"\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quopri.encodestring(html)
        + b"\r\n----=_chunk--\r\n"
    )


def archive_paragraphs(tmp_path: Path, blob: bytes) -> list[str]:
    path = with_chunk(tmp_path / "r.docx", blob, "message/rfc822", "a.mht")
    return [b.text for b in read_blocks(path, page_blocks) if isinstance(b, Paragraph)]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_an_archived_page_naming_its_charset_in_the_page_only_reads_its_chinese(
    tmp_path: Path, encoding: str
) -> None:
    """Its Chinese was all U+FFFD: the part's header names no charset, the page does."""
    html = (
        f'<html><head><meta charset="{encoding}"></head>'
        "<body><p>全年收到申请12件。</p></body></html>"
    ).encode(encoding)
    assert archive_paragraphs(tmp_path, archive(html)) == ["全年收到申请12件。"]


def test_an_archived_page_labelled_gb2312_reads_a_gbk_only_character(tmp_path: Path) -> None:
    """喆 is in GBK, not in GB 2312: web pages labelled gb2312 are read as GB 18030."""
    html = "<html><body><p>联系人：王喆，电话12345。</p></body></html>".encode("gbk")
    assert archive_paragraphs(tmp_path, mht(html, "gb2312")) == ["联系人：王喆，电话12345。"]


def unread_archive(tmp_path: Path, blob: bytes) -> str:
    path = with_chunk(tmp_path / "r.docx", blob, "message/rfc822", "a.mht")
    with pytest.raises(DocxImportError) as caught:
        read_blocks(path, page_blocks)
    (problem,) = caught.value.problems
    assert "另存为 .docx" in problem
    return problem


def test_an_archive_with_a_crafted_long_header_is_refused_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1 MB of Content-Type parameters took 154 s: a header's parameters are parsed in quadratic
    time. No parameter of a header longer than a web archive's writes is parsed."""
    parsed: list[int] = []
    parse = email.message._parseparam  # type: ignore[attr-defined]
    monkeypatch.setattr(
        email.message, "_parseparam", lambda value: parsed.append(len(value)) or parse(value)
    )
    params = b"".join(b'; a%d="x;y"' % i for i in range(20_000))
    blob = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"'
        + params
        + b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n"
    )
    problem = unread_archive(tmp_path, blob)
    assert "网页存档（.mht）" in problem
    assert max(parsed, default=0) <= docx_chunks.MAX_HEADER


def test_an_archive_nested_deep_is_refused_as_such_not_as_a_damaged_document(
    tmp_path: Path,
) -> None:
    """Parts nested deep raised RecursionError, reported as a damaged document; parts of parts
    nested a few hundred deep made the parser test every line against each level's boundary."""
    deep = b"Content-Type: message/rfc822\r\n\r\n" * 2000 + b"Content-Type: text/html\r\n\r\n<p>x"
    assert "网页存档（.mht）" in unread_archive(tmp_path, deep)
    levels = docx_chunks.MAX_MULTIPARTS + 1
    nested = b"".join(
        b'Content-Type: multipart/related; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(levels)
    )
    assert "网页存档（.mht）" in unread_archive(
        tmp_path, nested + b"Content-Type: text/html\r\n\r\nx"
    )


def test_an_archive_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    parts = b"".join(
        b"--b\r\nContent-Type: image/png\r\n\r\nx\r\n" for _ in range(docx_chunks.MAX_PARTS)
    )
    blob = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        + parts
        + b"--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n"
    )
    assert "网页存档（.mht）" in unread_archive(tmp_path, blob)


def test_a_chunk_in_a_table_cell_is_named_not_passed_by(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2022年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    cell = document.add_table(rows=1, cols=2).cell(0, 1)._tc
    page = "<p>全年收到申请12件。</p>".encode()
    part = Part(PackURI("/word/c.html"), "text/html", page, document.part.package)
    chunk = OxmlElement("w:altChunk")
    chunk.set(qn("r:id"), document.part.relate_to(part, AF_CHUNK))
    cell.insert(len(cell) - 1, chunk)
    document.save(str(tmp_path / "report.docx"))
    _form, imported = read_report_file(tmp_path / "report.docx", None, all_forms())
    said = "\n".join(imported.unplaced)
    assert "表格1的单元格中嵌有 1 段嵌入的网页或文本内容，其内容没有读取。" in said, said
    assert "另存为 .docx 后再导入" in said, said
