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
import email.policy
from email.message import EmailMessage

HTML = frozenset({"text/html", "application/xhtml+xml"})
MHT = frozenset({"message/rfc822", "multipart/related", "application/x-mimearchive"})
TEXT = frozenset({"text/plain"})


def kind_of(content_type: str) -> str:
    """The chunk's content type without its parameters, in lower case."""
    return content_type.split(";", 1)[0].strip().lower()


def mht_html(blob: bytes) -> str | None:
    """The web page a web archive holds: its first HTML part (the others are its pictures),
    decoded by the charset its header names; None when it has none."""
    message = email.message_from_bytes(blob, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() in HTML and isinstance(part, EmailMessage):
            try:
                content = part.get_content()
            except (LookupError, ValueError):  # a charset Python does not know: as GB 18030
                payload = part.get_payload(decode=True)
                content = payload.decode("gb18030", "replace") if isinstance(payload, bytes) else ""
            return content if isinstance(content, str) else None
    return None


def plain_lines(blob: bytes) -> list[str]:
    """A plain-text chunk's lines (UTF-8 or, failing that, GB 18030, as Chinese text files are)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return blob.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    return blob.decode("utf-8", "replace").splitlines()
