"""The text a Word paragraph prints, as its reader sees it on paper: a report that went round an
office carries more than runs of text.

* Tracked changes (修订) read as accepted: inserted text (``w:ins``, ``w:moveTo``) is text, deleted
  text (``w:del``, ``w:moveFrom``) is not, and a paragraph whose mark was deleted runs on into the
  next (:attr:`ShownText.joins_next`). Comments (批注) are in their own part and only marked here.
* A field (page number, date, document property) prints its result, never its code (the runs
  between ``begin`` and ``separate``, a field nested in the code included); a simple field
  (``w:fldSimple``) holds its result.
* Hidden text (Word's 隐藏文字) is left out; a hyperlink's, a content control's, a smart tag's
  text is text; a line break is a new line, a tab a tab; ruby text over characters is not read.
* A text box (文本框; WPS often sets the title or the 落款 in one) or a shape with text is
  anchored in a paragraph, but printed where it is placed: its content (``w:txbxContent``, read
  by the caller as paragraphs and tables of their own) is given before the paragraph's text, or
  after it when text comes before its anchor or it is placed below the paragraph's first line
  (or in the lower half of the page, placed on the page). Word and WPS write a box twice, for
  new and old readers (``mc:AlternateContent``): one copy is read. A hidden box is not.
* An embedded object (an Excel sheet pasted as an object, :mod:`.docx_objects`) is given where
  it stands as a text box is: its element, for the caller to read as a table.

The walk is recursive over the XML's depth, which the parser bounds (lxml refuses a tree deeper
than 256 levels without ``huge_tree``, which python-docx does not set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from govreport_gui.core.layout.cell_marks import PLAIN, Marks, marked
from govreport_gui.core.layout.docx_outline import W

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_R, _RPR, _PPR, _VANISH = f"{W}r", f"{W}rPr", f"{W}pPr", f"{W}vanish"
_VERT_ALIGN, _STRIKE, _DSTRIKE = f"{W}vertAlign", f"{W}strike", f"{W}dstrike"
_FLD_CHAR, _FLD_CHAR_TYPE = f"{W}fldChar", f"{W}fldCharType"
_DEL = f"{W}del"
# Characters written as elements: a tab, a line break typed in Word (a new paragraph here), a
# carriage return, a non-breaking hyphen.
_CHARACTERS = {_TAB: "\t", _BR: "\n", _CR: "\n", f"{W}noBreakHyphen": "-"}
TEXT_BOX = f"{W}txbxContent"
_ALTERNATE, _CHOICE, _FALLBACK = f"{MC}AlternateContent", f"{MC}Choice", f"{MC}Fallback"
_ANCHOR, _INLINE, _DOC_PR = f"{_WP}anchor", f"{_WP}inline", f"{_WP}docPr"
_POSITION_V = f"{_WP}positionV"
_POS_OFFSET, _ALIGN = f"{_WP}posOffset", f"{_WP}align"
# Where a text box's text is: in a drawing or a VML picture, or inside the one copy of an
# AlternateContent chosen (both hold the same box).
_SHAPES = {f"{W}drawing", f"{W}pict", f"{W}object"}
# The element of an embedded object that names its content (its ``r:id``, :mod:`.docx_objects`):
# VML's (as Word writes one), WordprocessingML's (a ``w:object`` with a DrawingML picture; a
# linked one's, 粘贴链接, names another file), and DrawingML's.
OLE_OBJECTS = frozenset(
    {
        "{urn:schemas-microsoft-com:office:office}OLEObject",
        f"{W}objectEmbed",
        f"{W}objectLink",
        "{http://schemas.openxmlformats.org/presentationml/2006/main}oleObj",
    }
)
# Not printed as the paragraph's text: deleted revisions, a field's code, properties, the ruby
# text over characters, a footnote's or endnote's mark (its number is no digit of a figure).
_SKIPPED = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}instrText",
    f"{W}pPr",
    f"{W}rPr",
    f"{W}rt",
    f"{W}footnoteReference",
    f"{W}endnoteReference",
}

EMU_PER_PT = 12700
LINE_PT = 14  # half a line of 3号 body text: a box lower than this under its paragraph is after it
HALF_PAGE_PT = 421  # half an A4 page: a box placed on the page lower than this is after its anchor
_PAGE_FRAMES = {"page", "margin", "topMargin", "bottomMargin", "insideMargin", "outsideMargin"}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|cm|mm|px|pc|emu)?\s*$", re.IGNORECASE)
_PT_PER_UNIT = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0}


@dataclass
class ShownText:
    """What a paragraph prints: its text, and the text boxes anchored in it (``w:txbxContent``
    elements) and the objects embedded in it (:data:`OLE_OBJECTS`) printed before
    and after that text."""

    text: str = ""
    number: str = ""  # its automatic number (一、), printed before the text it runs on from too
    before: list[Any] = field(default_factory=list)
    after: list[Any] = field(default_factory=list)
    joins_next: bool = False  # its mark deleted with tracked changes: one paragraph with the next


def paragraph_text(element: Any, in_cell: bool = False) -> ShownText:
    """The text the paragraph ``element`` (``w:p``) prints. In a table cell (``in_cell``),
    superscript and subscript digits and text struck through are marked as set
    (:mod:`.cell_marks`: a footnote mark after a figure is no digit of it)."""
    walk = _Walk(in_cell, ShownText(joins_next=_mark_deleted(element)))
    walk.node(element, PLAIN)
    walk.shown.text = "".join(walk.parts)
    return walk.shown


class _Walk:
    """One paragraph's elements in order, what they print collected."""

    def __init__(self, in_cell: bool, shown: ShownText) -> None:
        self.in_cell = in_cell
        self.shown = shown
        self.parts: list[str] = []
        self.printed = False  # whether text other than white space came yet
        self.fields: list[bool] = []  # per open field: True while in its code (before separate)
        self.in_code = 0  # how many of them are in their code: nothing is printed then

    def node(self, node: Any, look: Marks) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue  # comments and processing instructions have no string tag
            if tag == _FLD_CHAR:
                self.field_mark(child)
            elif self.in_code:
                self.code(child)
            elif tag == _T:
                text = child.text or ""
                self.text(marked(text, **look._asdict()) if self.in_cell else text)
            elif tag in _CHARACTERS:
                self.text(_CHARACTERS[tag])
            elif tag == _R:
                run_look = _run_look(child)
                if run_look is None:  # hidden text, not shown nor printed
                    self.code(child)
                else:
                    self.node(child, run_look)
            elif tag in _SHAPES or tag == _ALTERNATE:
                for box in _shown_content(child):
                    later = self.printed or _placed_below(box)
                    (self.shown.after if later else self.shown.before).append(box)
            else:
                self.node(child, look)

    def text(self, text: str) -> None:
        self.parts.append(text)
        self.printed = self.printed or bool(text.strip())

    def code(self, node: Any) -> None:
        """A field's code or hidden text: nothing printed, but the fields it opens and closes."""
        for mark in node.iter(_FLD_CHAR):
            self.field_mark(mark)

    def field_mark(self, mark: Any) -> None:
        kind = mark.get(_FLD_CHAR_TYPE, "")
        if kind == "begin":
            self.fields.append(True)
            self.in_code += 1
        elif kind == "separate" and self.fields and self.fields[-1]:
            self.fields[-1] = False
            self.in_code -= 1
        elif kind == "end" and self.fields:
            self.in_code -= self.fields.pop()


def _mark_deleted(element: Any) -> bool:
    """Whether the paragraph's mark was deleted with tracked changes (``w:pPr/w:rPr/w:del``)."""
    properties = element.find(_PPR)
    return properties is not None and properties.find(f"{_RPR}/{_DEL}") is not None


def mark_hidden(element: Any) -> bool:
    """Whether the paragraph's mark is hidden text (``w:pPr/w:rPr/w:vanish``): a paragraph hidden
    whole prints nothing, not even its automatic number."""
    properties = element.find(_PPR)
    return properties is not None and switched_on(properties.find(f"{_RPR}/{_VANISH}"))


def _run_look(run: Any) -> Marks | None:
    """How a run is set by its own properties (``w:rPr``); None for hidden text (``w:vanish``)."""
    properties = run.find(_RPR)
    if properties is None:
        return PLAIN
    if switched_on(properties.find(_VANISH)):
        return None
    align = properties.find(_VERT_ALIGN)
    position = align.get(f"{W}val", "") if align is not None else ""
    struck = switched_on(properties.find(_STRIKE)) or switched_on(properties.find(_DSTRIKE))
    return Marks(position == "superscript", position == "subscript", struck)


def switched_on(element: Any) -> bool:
    """Whether a Word on/off property is on: present, its ``w:val`` absent or not 0/false/off."""
    if element is None:
        return False
    return str(element.get(f"{W}val", "true")).lower() not in ("0", "false", "off")


# ---------------------------------------------------------------------------------------------
# Text boxes


def _shown_content(shape: Any) -> list[Any]:
    """The text boxes (``w:txbxContent``) and embedded objects a drawing, a VML picture, an
    object or an AlternateContent shows, outermost ones in order (a box inside a box is read with
    its box's paragraphs), hidden ones left out."""
    boxes: list[tuple[Any, bool]] = []
    _collect_boxes(shape, boxes, False)
    return [box for box, hidden in boxes if not hidden]


def _collect_boxes(node: Any, boxes: list[tuple[Any, bool]], hidden: bool) -> None:
    """Each box, and whether it is hidden. Each element is visited once at most: of an
    AlternateContent's copies, the first that holds a box is taken (the others hold the same box
    again, perhaps without the mark that hides it), the others are not gone into."""
    tag = node.tag
    if not isinstance(tag, str):
        return
    hidden = hidden or _hidden(node)
    if tag == TEXT_BOX or tag in OLE_OBJECTS:
        boxes.append((node, hidden))
        return
    if tag == _ALTERNATE:
        for branch in node.iterchildren(_CHOICE, _FALLBACK):
            found: list[tuple[Any, bool]] = []
            for child in branch.iterchildren():
                _collect_boxes(child, found, hidden)
            if found:
                boxes.extend(found)
                return
        return
    for child in node.iterchildren():
        _collect_boxes(child, boxes, hidden)


def _hidden(shape: Any) -> bool:
    """Whether ``shape`` is set hidden (DrawingML ``docPr hidden``, VML ``visibility:hidden`` or
    ``display:none``)."""
    if shape.tag in (_ANCHOR, _INLINE):
        properties = shape.find(_DOC_PR)
        hidden = properties.get("hidden") if properties is not None else None
        return hidden is not None and hidden.strip().lower() in ("1", "true", "on")
    style = _vml_style(shape)
    return style.get("visibility") == "hidden" or style.get("display") == "none"


def _placed_below(box: Any) -> bool:
    """Whether the floating shape holding ``box`` is placed below its anchor paragraph's first
    line, or in the lower half of the page when placed on the page (an inline one is where its
    anchor is)."""
    outermost: dict[str, str] = {}
    for ancestor in box.iterancestors():
        if ancestor.tag == _R:
            break  # the run the shape is anchored in
        if ancestor.tag == _INLINE:
            return False
        if ancestor.tag == _ANCHOR:
            return _anchor_below(ancestor)
        outermost = _vml_style(ancestor) or outermost
    if outermost.get("position") != "absolute":
        return False
    frame = outermost.get("mso-position-vertical-relative", "text")
    offset = _points(outermost.get("margin-top") or outermost.get("top") or "0")
    return _below(frame, offset, outermost.get("mso-position-vertical", ""))


def _anchor_below(anchor: Any) -> bool:
    position = anchor.find(_POSITION_V)
    if position is None:
        return False
    frame = position.get("relativeFrom", "paragraph")
    offset_text = position.findtext(_POS_OFFSET) or "0"
    try:
        offset = int(offset_text.strip()) / EMU_PER_PT
    except ValueError:
        offset = 0.0
    return _below(frame, offset, position.findtext(_ALIGN) or "")


def _below(frame: str, offset: float, align: str) -> bool:
    if frame in ("paragraph", "line", "text"):
        return align.strip() == "bottom" or offset > LINE_PT
    if frame in _PAGE_FRAMES:
        return frame == "bottomMargin" or align.strip() == "bottom" or offset > HALF_PAGE_PT
    return False


def _vml_style(element: Any) -> dict[str, str]:
    """A VML shape's ``style`` as a dict (empty for an element without one)."""
    style = element.get("style")
    if not style or not isinstance(element.tag, str) or "vml" not in element.tag:
        return {}
    found: dict[str, str] = {}
    for declaration in style.split(";")[:100]:
        name, _, value = declaration.partition(":")
        found[name.strip().lower()] = value.strip().lower()
    return found


def _points(length: str) -> float:
    match = _LENGTH.match(length)
    if match is None:
        return 0.0
    value, unit = float(match.group(1)), (match.group(2) or "px").lower()
    if unit == "emu":
        return value / EMU_PER_PT
    return value * _PT_PER_UNIT[unit]
