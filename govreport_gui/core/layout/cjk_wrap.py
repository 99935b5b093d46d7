"""Line breaking of Chinese paragraphs by the rules Chinese text is set by (禁则): no line starts
with a closing mark (，。、；：？！”’）》〉」』】〕…) and none ends with an opening one (“‘（《〈「『【〔).

reportlab's CJK wrapping knows the Japanese marks only: its list lacks the full-width comma, colon,
semicolon, question and exclamation marks and the closing quotes of Chinese, so a paragraph of the
report came out with lines starting with "，" and "”". :func:`paragraph_class` gives a ``Paragraph``
whose lines break by the full rules; only the whole report's PDF (:mod:`.report_pdf`) uses it, so
the table export, whose bytes ``verify`` compares, is drawn exactly as before.

The algorithm is reportlab's ``cjkFragSplit`` (BSD licence), with the two lists extended: at the
overflowing character, a mark that may not start a line hangs in the margin (one at most, as
reportlab does), and an opening mark left at the end of the line moves down with what follows.
"""

from __future__ import annotations

from typing import Any

CANNOT_START = (
    "!),.:;?]}"
    "、。，．：；？！”’）》〉」』】〕〗〙〛｝］…‥·—～"
    "\u3005\u309b\u309c\u30fb\u30fc\uff05\u2030\u2103\u00b0\u2032\u2033"
)
CANNOT_END = "([{“‘（《〈「『【〔〖〘〚｛［"


def split_lines(frags: Any, max_widths: list[float], calc_bounds: bool) -> Any:
    """reportlab's ``cjkFragSplit`` with the Chinese rules (see the module's note)."""
    from unicodedata import category

    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
    from reportlab.rl_config import _FUZZ

    glyphs: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            glyphs.extend(cjkU(t, f, "utf8") for t in text)
        else:
            glyphs.append(cjkU(text, f, "utf8"))
    lines: list[Any] = []
    i = width_used = line_start = 0
    max_width = max_widths[0]
    count = len(glyphs)
    while i < count:
        u = glyphs[i]
        i += 1
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        width_used += w
        line_break = hasattr(u.frag, "lineBreak")
        if (width_used > max_width + _FUZZ and width_used > 0) or line_break:
            extra = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:
                    # inside a run of Latin letters or digits (2018, a web address): go back to
                    # a space or a Chinese character and break there, as reportlab does
                    limit = (line_start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        uj = glyphs[j]
                        if (uj and category(uj) == "Zs") or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                extra += sum(glyphs[m].width for m in range(k + 1, i))
                                w = glyphs[k].width
                                u = glyphs[k]
                                i = k + 1
                            break
                if str(u) not in CANNOT_START and i > line_start + 1:
                    i -= 1  # the overflowing character starts the next line
                    extra += w
                    # …and an opening mark before it goes down with it
                    while i > line_start + 1 and str(glyphs[i - 1]) in CANNOT_END:
                        i -= 1
                        extra += glyphs[i].width
                elif str(u) in CANNOT_START and i + 1 < count and str(glyphs[i]) in CANNOT_START:
                    # two closing marks (，” or 。）): rather than hang both, move the character
                    # before them down as well
                    back = i - 1
                    while back > line_start + 1 and str(glyphs[back]) in CANNOT_START:
                        back -= 1
                    if back > line_start + 1:
                        extra += sum(glyphs[k].width for k in range(back, i))
                        i = back
            lines.append(
                makeCJKParaLine(
                    glyphs[line_start:i], max_width, width_used, extra, line_break, calc_bounds
                )
            )
            max_width = max_widths[min(len(lines), len(max_widths) - 1)]
            line_start = i
            width_used = 0
    if width_used > 0:
        lines.append(
            makeCJKParaLine(
                glyphs[line_start:],
                max_width,
                width_used,
                max_width - width_used,
                False,
                calc_bounds,
            )
        )
    return ParaLines(kind=1, lines=lines)


_paragraph_class: type | None = None


def paragraph_class() -> type:
    """A reportlab ``Paragraph`` (style ``wordWrap="CJK"``) that breaks lines by these rules."""
    global _paragraph_class
    if _paragraph_class is None:
        from reportlab.platypus.paragraph import Paragraph, _handleBulletWidth

        class ChineseParagraph(Paragraph):  # type: ignore[misc]
            def breakLinesCJK(self, maxWidths: Any) -> Any:
                if not isinstance(maxWidths, list | tuple):
                    maxWidths = [maxWidths]
                maxWidths = list(maxWidths)
                style = self.style
                self.height = 0
                _handleBulletWidth(self.bulletText, style, maxWidths)
                if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
                    return self.blPara
                auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
                return split_lines(self.frags, maxWidths, auto not in ("", "off"))

        _paragraph_class = ChineseParagraph
    return _paragraph_class
