"""The numbers Word's automatic numbering (自动编号, 多级列表) prints before a paragraph: the 一、
of a heading set so is not in the paragraph's text but in numbering.xml, and a reader of the
printed report sees it. A heading whose 五、 is Word's must still read as 五、 (other words for a
section count only numbered as it is), and a heading the form has not (七、其他事项) must not read
as a sentence of 六.

A paragraph is numbered by its own ``w:numPr`` or its style's (标题 1 linked to a multilevel
list, through its base styles); the list (``w:num``) gives the level's definition
(``w:abstractNum``, or one it links to through a numbering style), overridden per list
(``w:lvlOverride``: Word's 重新开始编号 is a list whose level starts again). Counting follows
Word: lists of one definition go on counting together unless one starts again; a level starts
again after a higher level's item (``w:lvlRestart`` says otherwise). The number is written as
the level's format says: Arabic, Chinese counting (一 … 十一 … 一百零一), 壹贰叁, 甲乙丙, 子丑寅,
①②③, Roman, letters; ``w:isLgl`` writes every level Arabic. A bullet or a hidden number prints
no number here (a bullet is no numbering a heading has).

The file is hostile: a start out of range is clamped, a level text is cut to
:data:`MAX_LEVEL_TEXT` characters, links between definitions and styles are followed a few
steps only (a crafted loop ends), a level or list that does not exist numbers nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govreport_gui.core.layout.docx_outline import StyleLevels, W
from govreport_gui.core.layout.docx_text import MC, switched_on
from govreport_gui.core.report.numbering import chinese_numeral

LEVELS = 9  # Word's levels 0–8 (%1–%9)
MAX_LEVEL_TEXT = 40  # characters of a level's text (Word's dialog takes about 30)
MAX_NUMBER = 32767  # Word numbers no further
MAX_LINKS = 5  # a definition linked to a numbering style, and on: a crafted loop ends
_VAL = f"{W}val"
_NUM_PR, _ILVL, _NUM_ID, _PPR, _PSTYLE = (
    f"{W}numPr",
    f"{W}ilvl",
    f"{W}numId",
    f"{W}pPr",
    f"{W}pStyle",
)
_LVL, _START, _NUM_FMT, _LVL_TEXT = f"{W}lvl", f"{W}start", f"{W}numFmt", f"{W}lvlText"
_IS_LGL, _SUFF, _RESTART, _RPR = f"{W}isLgl", f"{W}suff", f"{W}lvlRestart", f"{W}rPr"
_ABSTRACT, _ABSTRACT_ID, _NUM = f"{W}abstractNum", f"{W}abstractNumId", f"{W}num"
_STYLE_LINK, _OVERRIDE, _START_OVERRIDE = f"{W}numStyleLink", f"{W}lvlOverride", f"{W}startOverride"
_STYLE, _STYLE_ID = f"{W}style", f"{W}styleId"
_FALLBACK_FORMAT = f"{MC}AlternateContent/{MC}Fallback/{_NUM_FMT}"
_DIGITS = "〇一二三四五六七八九"
_CYCLES = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
}
_SERIES = {
    "decimalEnclosedCircle": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedCircleChinese": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedParen": "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
    "decimalEnclosedFullstop": "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛",
    "ideographEnclosedCircle": "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉",
}
_COUNTING = {
    "chineseCounting",
    "chineseCountingThousand",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
    "japaneseCounting",
    "koreanCounting",
}
_LEGAL = str.maketrans("零一二三四五六七八九十百", "零壹贰叁肆伍陆柒捌玖拾佰")
_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)
_ENDS_WITHOUT_GAP = frozenset("、.．,，:：)）]】")


@dataclass(frozen=True)
class _Level:
    start: int = 1
    form: str = "decimal"  # w:numFmt
    text: str = ""  # w:lvlText: %1 … %9 the levels' numbers
    legal: bool = False  # w:isLgl: every level Arabic
    gap: bool = True  # w:suff: a tab or a space after the number (not "nothing")
    restart: int | None = None  # w:lvlRestart: after which level (1-based) it starts again
    hidden: bool = False
    style: str = ""  # w:pStyle: the paragraph style this level is linked to


class ListNumbers:
    """The numbers a document's paragraphs print, counted in the document's order: call
    :meth:`label` once for each paragraph, in order."""

    def __init__(self, numbering: Any, styles: Any, levels: StyleLevels) -> None:
        self.styles = levels
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum → the numbering style it follows
        self.lists: dict[str, tuple[str, dict[int, int | None], dict[int, _Level]]] = {}
        self.style_lists: dict[str, tuple[str, int | None]] = {}  # style → (numId, ilvl)
        self.counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            for style in styles.iterchildren(_STYLE):
                numbered = _num_pr(style)
                if numbered is not None:
                    self.style_lists[style.get(_STYLE_ID) or ""] = numbered

    def _read_numbering(self, numbering: Any) -> None:
        for abstract in numbering.iterchildren(_ABSTRACT):
            key = abstract.get(_ABSTRACT_ID) or ""
            self.abstracts[key] = {
                level: parsed
                for level, parsed in (_level(lvl) for lvl in abstract.iterchildren(_LVL))
                if level is not None
            }
            link = abstract.find(_STYLE_LINK)
            if link is not None:
                self.style_links[key] = link.get(_VAL) or ""
        for num in numbering.iterchildren(_NUM):
            abstract_id = num.find(_ABSTRACT_ID)
            starts: dict[int, int | None] = {}
            overridden: dict[int, _Level] = {}
            for override in num.iterchildren(_OVERRIDE):
                level = _level_number(override.get(_ILVL))
                if level is None:
                    continue
                start = override.find(_START_OVERRIDE)
                starts[level] = _clamped(start.get(_VAL)) if start is not None else None
                lvl = override.find(_LVL)
                parsed = _level(lvl)[1] if lvl is not None else None
                if parsed is not None:
                    overridden[level] = parsed
            target = abstract_id.get(_VAL) or "" if abstract_id is not None else ""
            self.lists[num.get(_NUM_ID) or ""] = (target, starts, overridden)

    def label(self, paragraph: Any) -> str:
        """The number ``paragraph`` (``w:p``) prints before its text ("" when none), with the
        gap after it as a space when the number does not end in punctuation (一、总体情况,
        第一章 总则)."""
        found = self._numbering_of(paragraph)
        resolved = self._definition(found[0]) if found is not None else None
        if found is None or resolved is None:
            return ""
        num_id, level = found
        abstract_id, starts, overridden = resolved
        definitions = {**self.abstracts.get(abstract_id, {}), **overridden}
        if level is None:  # the level linked to the paragraph's style (w:lvl/w:pStyle)
            style = _style_of(paragraph)
            level = next((n for n, d in definitions.items() if d.style and d.style == style), 0)
        definition = definitions.get(level)
        if definition is None:
            return ""
        # A list that starts a level again (重新开始编号) counts on its own; lists of one
        # definition otherwise count together, as Word counts them.
        key = f"list {num_id}" if any(s is not None for s in starts.values()) else abstract_id
        counts = self.counters.setdefault(key, [None] * LEVELS)
        _count(counts, level, definitions, starts.get(level))
        if definition.hidden or definition.form == "bullet":
            return ""
        text = _written(definition, counts, definitions)
        if text and definition.gap and text[-1] not in _ENDS_WITHOUT_GAP:
            text += " "
        return text

    def _numbering_of(self, paragraph: Any) -> tuple[str, int | None] | None:
        """The list and level of ``paragraph``: its own ``w:numPr``, else its style's."""
        own = _num_pr(paragraph)
        style_id = _style_of(paragraph) or self.styles.default
        inherited = None
        for style in self.styles.chain(style_id):
            if style in self.style_lists:
                inherited = self.style_lists[style]
                break
        if own is None:
            own = inherited or ("", None)
        num_id, level = own
        if level is None and inherited is not None:
            level = inherited[1]
        if not num_id and inherited is not None:
            num_id = inherited[0]
        return (num_id, level) if num_id and num_id != "0" else None

    def _definition(
        self, num_id: str
    ) -> tuple[str, dict[int, int | None], dict[int, _Level]] | None:
        """The list ``num_id``'s definition, following a definition that only links to a
        numbering style (``w:numStyleLink``) to the list that style names."""
        found = self.lists.get(num_id)
        if found is None:
            return None
        abstract_id, starts, overridden = found
        for _ in range(MAX_LINKS):
            link = self.style_links.get(abstract_id)
            target = self.style_lists.get(link) if link else None
            linked = self.lists.get(target[0]) if target is not None else None
            if linked is None:
                break
            abstract_id = linked[0]
        return abstract_id, starts, overridden


def _count(
    counts: list[int | None], level: int, definitions: dict[int, _Level], start: int | None
) -> None:
    """An item at ``level``: its number counted on (or started), the levels under it started
    again when they start again after it (``w:lvlRestart``; by default after any higher level)."""
    current = counts[level]
    if current is None:
        counts[level] = definitions[level].start if start is None else start
    else:
        counts[level] = min(current + 1, MAX_NUMBER)
    for deeper in range(level + 1, LEVELS):
        below = definitions.get(deeper, _Level())
        after = deeper if below.restart is None else below.restart
        if after and level < after:
            counts[deeper] = None


def _num_pr(element: Any) -> tuple[str, int | None] | None:
    """A paragraph's or a style's ``w:pPr/w:numPr``: (numId, ilvl or None)."""
    found = element.find(f"{_PPR}/{_NUM_PR}")
    if found is None:
        return None
    num_id = found.find(_NUM_ID)
    level = found.find(_ILVL)
    return (
        (num_id.get(_VAL) or "").strip() if num_id is not None else "",
        _level_number(level.get(_VAL)) if level is not None else None,
    )


def _style_of(paragraph: Any) -> str:
    style = paragraph.find(f"{_PPR}/{_PSTYLE}")
    return (style.get(_VAL) or "") if style is not None else ""


def _level_number(value: str | None) -> int | None:
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 2:
        return None
    number = int(value)
    return number if number < LEVELS else None


def _clamped(value: str | None) -> int:
    """A start value as written, within 0 … :data:`MAX_NUMBER` (1 when it is no number)."""
    value = (value or "").strip()
    digits = value.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):
        return 1
    if value.startswith("-"):
        return 0
    return min(int(digits[:6]), MAX_NUMBER)


def _level(lvl: Any) -> tuple[int | None, _Level]:
    """A ``w:lvl``'s level number and definition."""
    start = lvl.find(_START)
    form = lvl.find(_NUM_FMT)
    if form is None:
        form = lvl.find(_FALLBACK_FORMAT)  # Word 2010's custom format: its fallback
    text = lvl.find(_LVL_TEXT)
    restart = lvl.find(_RESTART)
    suffix = lvl.find(_SUFF)
    style = lvl.find(_PSTYLE)
    return _level_number(lvl.get(_ILVL)), _Level(
        start=_clamped(start.get(_VAL)) if start is not None else 1,
        form=(form.get(_VAL) or "decimal") if form is not None else "decimal",
        text=(text.get(_VAL) or "")[:MAX_LEVEL_TEXT] if text is not None else "",
        legal=switched_on(lvl.find(_IS_LGL)),
        gap=suffix is None or suffix.get(_VAL) != "nothing",
        restart=_clamped(restart.get(_VAL)) if restart is not None else None,
        hidden=switched_on(lvl.find(f"{_RPR}/{W}vanish")),
        style=(style.get(_VAL) or "") if style is not None else "",
    )


def _written(definition: _Level, counts: list[int | None], levels: dict[int, _Level]) -> str:
    """The level's text with each %n replaced by level n's number in its format."""
    out: list[str] = []
    text = definition.text
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if char == "%" and following in "123456789" and following:
            level = int(following) - 1
            shown = levels.get(level, _Level())
            count = counts[level]
            number = shown.start if count is None else count
            out.append(formatted(number, "decimal" if definition.legal else shown.form))
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def formatted(number: int, form: str) -> str:
    """``number`` written in the numbering format ``form`` (``w:numFmt``)."""
    if form in ("none", "bullet"):
        return ""
    if form in _COUNTING:
        return chinese_numeral(number) if 0 < number < 1000 else str(number)
    if form == "chineseLegalSimplified":  # 壹, 贰 … 壹拾, 壹拾壹 … 壹佰零壹
        if not 0 < number < 1000:
            return str(number)
        counted = chinese_numeral(number)
        return ("一" + counted if counted.startswith("十") else counted).translate(_LEGAL)
    if form in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(number))
    series = _SERIES.get(form)
    if series is not None and 0 < number <= len(series):
        return series[number - 1]
    if form in _CYCLES and number > 0:
        return _CYCLES[form][(number - 1) % len(_CYCLES[form])]
    if form in ("decimalFullWidth", "decimalFullWidth2"):
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if form == "decimalZero":
        return f"{number:02d}"
    if form in ("upperRoman", "lowerRoman"):
        roman = _roman(number)
        return roman if form == "upperRoman" else roman.lower()
    if form in ("upperLetter", "lowerLetter"):
        letter = _letters(number)
        return letter if form == "upperLetter" else letter.lower()
    return str(number)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _letters(number: int) -> str:
    """Word's letters: A … Z, then AA … ZZ, AAA …"""
    if number <= 0:
        return str(number)
    letter = chr(ord("A") + (number - 1) % 26)
    return letter * ((number - 1) // 26 % 10 + 1)
