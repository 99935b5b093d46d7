"""A section's text read from a file (``govreport set PATH --section ID=@FILE``): UTF-8 plain text,
one paragraph per line. A file that is not (a Word document, a GBK text, a picture) is refused with
a Chinese sentence saying what to do, never read as garbage into the report. Only a plain file is
read, and never through a symbolic link: what is read goes into the report that is handed on, and
a link in a folder handed in could point at any file of the user's."""

from __future__ import annotations

from pathlib import Path

from govreport_gui.core.oserror_text import cannot_read
from govreport_gui.core.regular_file import (
    FileTooLargeError,
    NotRegularFileError,
    UnreadableFileError,
    read_limited,
    size_text,
)
from govreport_gui.core.report.sections import MAX_TEXT, normalized_text

# UTF-8 takes at most 4 bytes a character: a file larger than this cannot hold an allowed text.
MAX_FILE_BYTES = MAX_TEXT * 4 + 3


def read_text_file(path: Path) -> str:
    """The text of ``path`` (a UTF-8 BOM dropped, line breaks as "\\n", blank lines at the start
    and the end dropped); UnreadableFileError with the reason otherwise."""
    try:
        # Not through a link: what is read goes into the report that is handed on.
        data = read_limited(path, MAX_FILE_BYTES, follow_links=False)
    except FileTooLargeError:
        # Said in characters, the limit the text has (the byte limit is only its UTF-8 bound).
        raise UnreadableFileError(
            f"“{path.name}”过大（超过 {size_text(MAX_FILE_BYTES)}），"
            f"一个章节的正文最多 {MAX_TEXT} 字，未读取。"
        ) from None
    except NotRegularFileError as exc:
        raise UnreadableFileError(exc.message) from None
    except OSError as exc:
        raise UnreadableFileError(cannot_read(exc, path, "文本文件")) from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise UnreadableFileError(
            f"“{path.name}”是 Word、WPS 或 PDF 文件，不是纯文本：请在 Word/WPS 中“另存为”"
            "纯文本（.txt，编码选 UTF-8）后再用，或直接复制正文。"
        )
    if b"\x00" in data:
        raise UnreadableFileError(f"“{path.name}”不是文本文件（含二进制内容），未读取。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFileError(
            f"“{path.name}”不是 UTF-8 编码的文本（可能是 GBK/ANSI）：请用记事本或 WPS "
            "“另存为”时把编码选为 UTF-8 后再用。"
        ) from None
    return normalized_text(text).strip("\n")
