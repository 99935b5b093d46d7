"""Word's ``w:altChunk``: content of another format that a .docx embeds where it stands (a web
page, a web archive .mht, plain text), converted by Word when it opens the document.

The "导出 Word" button of many web systems makes such a document (html-docx-js and its kin write
the whole page as one MHT chunk): Word shows the report, but the document's own body holds
nothing but the reference. Such a chunk is read here as the web page it is (its HTML given to the
web page reader, :mod:`.import_html`), in its place among the paragraphs. A chunk of a kind we do
not read (RTF, another .docx) is no silent gap: the import is refused with what to do — Word
saves the document with the chunk turned into ordinary paragraphs and tables.
"""

from __future__ import annotations

import email
from email.message import Message
from typing import Any

HTML = frozenset({"text/html", "application/xhtml+xml"})
MHT = frozenset({"message/rfc822", "multipart/related", "application/x-mimearchive"})
TEXT = frozenset({"text/plain"})

# All of a document's chunks together: as much as one web page file (import_html takes its
# MAX_FILE_BYTES from here: this module imports nothing of the readers).
MAX_BYTES = 20 * 1024 * 1024
# A web archive as Word, a browser or html-docx-js writes it: one multipart/related (sometimes a
# multipart/alternative in it), a part for the page and one for each of its pictures, headers of
# a line or two. The parser tests each line against every open multipart's boundary, and parses a
# header's parameters in quadratic time: a crafted archive is refused before either costs much.
MAX_PARTS = 1000
MAX_MULTIPARTS = 8
MAX_HEADER = 2000  # characters of a multipart's Content-Type, its boundary parameter among them

ARCHIVE_NOT_READ = "文档中嵌入的网页存档（.mht）已损坏或结构异常，无法读取"


class ArchiveNotRead(ValueError):
    """A web archive that cannot be read, or is crafted to cost the parser too much."""


def kind_of(content_type: str) -> str:
    """The chunk's content type without its parameters, in lower case."""
    return content_type.split(";", 1)[0].strip().lower()


def mht_html(blob: bytes) -> bytes | None:
    """The web page a web archive holds: the bytes of its first HTML part (the others are its
    pictures), None when it has none. Its bytes, not its text: the part's header may name no
    charset, or gb2312 for GBK, and the web page reader decides as for a page file (the page's
    ``<meta charset>``, GB 18030 for gb2312). Raises :class:`ArchiveNotRead`."""
    parts = _Parts()
    try:
        # compat32 (no policy): the default policy parses every header it is asked for, encoded
        # words and parameters, in quadratic time, and decodes by the header's charset alone.
        message = email.message_from_bytes(blob, _class=parts.new)
        for part in message.walk():
            if part.get_content_type() in HTML:
                payload = part.get_payload(decode=True)
                return payload if isinstance(payload, bytes) else None
    except RecursionError:  # parts nested in parts thousands deep
        raise ArchiveNotRead from None
    except (LookupError, ValueError) as exc:  # ArchiveNotRead, a payload that cannot be decoded
        raise ArchiveNotRead from exc
    return None


class _Parts:
    """The parts the parser makes of one archive, counted as it makes them."""

    def __init__(self) -> None:
        self.parts = self.multiparts = 0

    def new(self) -> _Part:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise ArchiveNotRead
        return _Part(self)


class _Part(Message):
    """A part of the archive; the parser asks a multipart part's boundary before it reads its
    body: that is where a crafted nesting or header is refused."""

    def __init__(self, parts: _Parts) -> None:
        super().__init__()
        self.parts = parts

    def get_boundary(self, failobj: Any = None) -> Any:
        self.parts.multiparts += 1
        if self.parts.multiparts > MAX_MULTIPARTS or len(self.get("content-type", "")) > MAX_HEADER:
            raise ArchiveNotRead
        return super().get_boundary(failobj)


def plain_lines(blob: bytes) -> list[str]:
    """A plain-text chunk's lines (UTF-8 or, failing that, GB 18030, as Chinese text files are)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return blob.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    return blob.decode("utf-8", "replace").splitlines()
