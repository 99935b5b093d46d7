"""Text pasted into a section from Word, WPS, a web page or a PDF reader, made plain: one paragraph
per line, nothing a section's text refuses (:func:`govreport_gui.core.report.sections.text_problem`).

A clerk copies last year's report out of Word: its paragraphs arrive separated by ``\\r\\n`` (or as
``<p>`` of HTML, turned into lines by the window), indented with full-width spaces, sometimes with
zero-width spaces, soft hyphens, a BOM or tabs from the document's layout. Those are dropped here
rather than refused, since the user cannot see them to delete them: the paste keeps the words and
the paragraphs and nothing of the formatting.
"""

from __future__ import annotations

import unicodedata

from govreport_gui.core.report.sections import normalized_text

# Unicode's own line and paragraph separators, and the vertical tab and form feed Word puts for a
# manual line or page break: each ends a paragraph.
_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})


def _kept(ch: str) -> str:
    """``ch`` as it stays in the text: a tab becomes a space; control, format (zero-width, BOM,
    direction marks, soft hyphen) and unpaired surrogate characters are dropped."""
    if ch == "\n":
        return ch
    if ch == "\t":
        return " "
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return ""
    return ch


def plain_paragraphs(text: str) -> str:
    """``text`` as a section stores it: line breaks of any system as ``\\n``, each paragraph
    stripped of the spaces around it (the report's layout indents it), blank lines dropped."""
    unified = normalized_text(text).translate(_BREAKS)
    cleaned = "".join(_kept(ch) for ch in unified)
    # str.strip() also takes the full-width space (U+3000) that indents a paragraph typed in Word.
    lines = (line.strip() for line in cleaned.split("\n"))
    return "\n".join(line for line in lines if line)
