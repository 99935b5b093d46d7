"""Which numbered paragraph of a published report is a heading the form has not (五、其他事项),
and which an item of a numbered list in a section's text (二、依申请公开情况 inside 一、总体情况).

Reports number their own lists with the sections' numerals, so a paragraph's numbering alone does
not tell. Two ways, the first that applies:

* the document marks its headings (Word's 标题 1 or an outline level, a web page's ``<h2>``, a
  PDF's bookmarks or its headings' own font or size: each reader gives a paragraph its ``mark``):
  when most headings of the form's sections it has carry marks, a paragraph is a heading the form
  has not when it carries one of those marks, and never else (a body paragraph 二、… is text;
  one marked by its font only must be numbered as a heading too);
* it marks none (typed as plain paragraphs, or in bold only): a short numbered paragraph
  (``二、…``, no sentence in it) numbered further on than the section it stands in is a heading —
  unless it goes on with a list begun in that section (一、 二、 … 七、 in 六、), or a heading of the
  form's numbered from the section's on up to its own number still comes after it (the form's
  二、 comes later: 二、 to 五、 inside 一、 are the section's list). Its words those of a section
  of the form (numbered as another: 六、 over 五's words) keep it a heading, to be named.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from govreport_gui.core.forms.headings import CN_NUMERALS, chinese_number

# A top-level heading the form may not have: 五、其他事项 (short, numbered, no sentence in it).
LOOKS_LIKE_HEADING = re.compile(rf"^(?P<number>[{CN_NUMERALS}]{{1,3}})、[^。，,；;]{{2,30}}$")
# An item of a numbered list: 一、… (a sentence may follow).
_ITEM = re.compile(rf"^([{CN_NUMERALS}]{{1,3}})、")
MARKED_HEADING_CHARS = 60  # a marked paragraph longer than a heading is text set as one
# A mark that is only a look (a PDF's font and size, :mod:`.pdf_headings`): a line in bold is not
# always a heading, so one so marked must also be numbered as one (五、…).
LOOK_MARK = "look "
_SUB_HEADING = ("（", "(")  # （一）… is a sub-heading, never a section


@dataclass(frozen=True)
class FormHeading:
    """A paragraph that is the heading of a section of the form."""

    index: int  # among the document's blocks
    number: int | None  # as the document numbers it, else as the form does; None: neither
    mark: str  # how the document marks it ("" when it does not)


class OwnHeadings:
    """Tells a heading the form has not from a list item, paragraph by paragraph in the
    document's order (:meth:`enter` at each heading, :meth:`is_heading` for the rest)."""

    def __init__(self, form_headings: Sequence[FormHeading]) -> None:
        marked = [h.mark for h in form_headings if h.mark]
        # A document that marks a few of its headings only (one typed in 标题 1, the rest plain)
        # does not say that a plain paragraph is text: it is read by its numbering.
        self.marks = frozenset(marked) if 2 * len(marked) > len(form_headings) else frozenset()
        self.at: dict[int, list[int]] = {}  # number → the indexes its form headings stand at
        for heading in form_headings:
            if heading.number is not None:
                self.at.setdefault(heading.number, []).append(heading.index)
        self.before = 0  # the number of the section the paragraphs stand in
        self.listed = 0  # the last item of a list in that section (0: none)

    def enter(self, number: int | None) -> None:
        """A heading (the form's or not) numbered ``number`` starts a section."""
        self.before, self.listed = number or 0, 0

    def is_heading(self, index: int, text: str, mark: str, form_words: bool) -> bool:
        """Whether the paragraph ``text`` at ``index`` (not the heading of a section of the form)
        is a heading the form has not; ``form_words``: its words are those of a form's section."""
        text = text.strip()
        if self.marks:
            return (
                mark in self.marks
                and len(text) <= MARKED_HEADING_CHARS
                and not text.startswith(_SUB_HEADING)
                and (not mark.startswith(LOOK_MARK) or LOOKS_LIKE_HEADING.match(text) is not None)
            )
        item = _ITEM.match(text)
        if item is None:
            return False
        number = chinese_number(item.group(1))
        heading = (
            LOOKS_LIKE_HEADING.match(text) is not None
            and number > self.before
            and (form_words or not (self._goes_on(number) or self._form_ahead(index, number)))
        )
        if not heading and (number == 1 or number == self.listed + 1):
            self.listed = number
        return heading

    def _goes_on(self, number: int) -> bool:
        return self.listed > 0 and number == self.listed + 1

    def _form_ahead(self, index: int, number: int) -> bool:
        """Whether a heading of the form numbered after the section's and up to ``number`` comes
        after ``index``: in a report numbered in order, ``number`` cannot be a heading before it."""
        for later in range(self.before + 1, number + 1):
            places = self.at.get(later, [])
            if bisect.bisect_right(places, index) < len(places):
                return True
        return False
