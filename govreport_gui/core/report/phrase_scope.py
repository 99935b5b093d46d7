"""Whether a phrase found in the text states this report's figure, or the same kind of figure of
another period, another unit, a part of a total, or a change.

A report's text quotes more than its own year's totals: “2022年收到申请5件” (last year's, in a
2023 report), “上年度收到申请5件”, “自2008年以来累计收到申请300件”, “平均每月收到申请1件”,
“其中本级收到申请6件，所属单位收到申请4件”, “收到申请10件，其中通过互联网收到申请8件”,
“行政复议较上年减少2件”. Each matches a figure's phrase, and none contradicts the table when its
number differs: a warning would ask the user to explain something that is right. So a phrase is
not compared when the words of its clause before it (back to the last ，。；、（ …) name

* another period: 上年 去年 前年 同期 以来 历年 每月 平均 上半年 …, a month (1至6月; not a range
  to 12月, the whole year), or a year other than the report's (any year when the report's is not
  known: which one it is cannot be told), or, when its clause names none (nor 今年 本年度 …), a
  year other than the report's said alone as the nearest clause before it in its sentence that
  ends with a year (2022年，本机关共制定规范性文件0件; not 对比2022年，…);
* another unit: 本级 所属 下属 下辖 直属 局属 乡镇 街道 各社区 各部门 各单位 (not 我街道 or 本街道: a
  街道's own report);
* a running total: 累计 after a start or the year's end named in its clause or the one before it
  (自2008年以来，累计收到申请300件; 迄今累计…; 到年底累计…; not 今年以来 or 2023年以来 in a 2023
  report, nor 截至12月31日 alone);
* a part: 其中, when the same figure was stated before it in the paragraph (收到申请10件，其中…收到
  申请8件; 其中 after another figure — 办结12件，其中予以公开5件 — is that figure's whole; a later
  item of the list 其中 opens is a part too, though its clause names no 其中: 发布政策解读50条，其中
  文字解读12条，图片解读34条), or,
  for a phrase of receiving, when its sentence received applications for information before it
  in words no phrase reads (共受理依申请政府信息公开事项29例，其中通过网络收到申请25件);

or when the phrase names no application, review or lawsuit of its own (办结56件, 作出答复3件) and the
phrase before it in its sentence is of another period or unit (上年度收到申请5件，办结5件; 本级收到申请
60件，办结58件), or its sentence before it is about another matter (行政许可申请, 热线工单, 人大代表建议, 政务服务办件, 市长信箱:
“全年受理行政许可申请1256件，办结1256件”; an application of another kind, named between 受理 and 申请
by words without 公开 or 信息: “受理公租房申请120件，办结118件”), or when the phrase itself, before its number, says it is a change (较上年 同比 增加 减少 …), or
when a phrase of receiving (收到 新收 受理) is followed by words saying that its number includes
last year's carried-over applications (收到申请12件（含上年结转2件）: no year's receipts; a form
with a 上年结转 row reads such a total first, as 新收 + 结转, by an entry of its own). Spaces among
the words (a Word document's “上 年度”) are not counted.
The words are Chinese report wording common to every form, hence here rather than in each entry
of the form files. A miss is preferred to a false warning: the words are those real reports use
for these meanings, and the clause is short.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from govreport_gui.core.report.phrases import Found

_CLAUSE_ENDS = frozenset("，,。；;：:！!？?、（）()【】\n")
_OTHER_PERIOD = (
    "上年",
    "上一年",
    "去年",
    "前年",
    "同期",
    "以来",
    "历年",
    "至今",
    "每月",
    "每周",
    "每季度",
    "每年",
    "月均",
    "日均",
    "平均",
    "上半年",
    "下半年",
    "季度",
)
# A running total, named in the clause before the phrase's own or in its own: since a start
# (自2008年以来，累计收到申请300件; 《条例》实施以来，累计受理…: the words that make a clause another
# period, 以来 至今 历年, and 迄今), or to the year's end (本区到年底累计主动公开政府信息5928条，…其中，
# 本年度新增…2110条, as a template of district reports has it; 至2023年末，累计…). Not 截至 or 目前
# alone: “截至2023年12月31日，本机关累计收到申请11件” is the year's as often as not. A start in the
# report's year is its own (今年以来, 2023年以来 in a 2023 report), as is 全年累计 or 本年度累计.
_CUMULATIVE = "累计"
_SINCE = ("以来", "至今", "迄今", "历年")
_YEAR_END = ("年底", "年末")
_THIS_YEAR = ("今年", "本年", "年初", "全年")
_OTHER_UNIT = (
    "本级",
    "所属",
    "下属",
    "下辖",
    "直属",
    "局属",
    "乡镇",
    "街道",
    "各社区",
    "各部门",
    "各单位",
)
# A 街道's own report says 我街道 or 本街道 of itself: not another unit (我街道共主动公开信息55条).
_OWN_UNIT = ("我街道", "本街道")
_PART = "其中"
# Matters a report's general part often counts beside the applications, in words of their own; a
# phrase that is no more than its verb (办结, 作出答复: at most _BARE characters, naming none of
# _NAMES_ITS_MATTER) in such a sentence counts that matter.
_SENTENCE_ENDS = frozenset("。；;！!？?\n")
_OTHER_MATTER = (
    "行政许可",
    "热线",
    "工单",
    "诉求",
    "办件",
    "代表建议",
    "政协提案",
    "委员提案",
    "信访",
    "政务服务",
    "留言",
    "来信",
    "来访",
    "咨询",
    "提问",
    "信箱",
)
# Verbs of receiving an application; an application named between one and its 申请 by words that
# are not 公开 or 信息 (受理公租房申请, 收到不动产登记申请) is of another kind than the table's.
_RECEIVING = ("受理", "收到", "新收")
_OF_INFORMATION = ("公开", "信息", "依")  # 依: 依申请
_NAMES_ITS_MATTER = ("申请", "复议", "诉讼", "公开")
_BARE = 4
_CHANGE = (
    "较上年",
    "比上年",
    "较去年",
    "比去年",
    "同比",
    "环比",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
)
# A total with last year's carried-over applications in it, said right after the phrase:
# （含上年结转2件）, ，其中上年结转2件, （包括上年度结转的2件）.
_RECEIVED = ("收到", "新收", "受理")
_CARRIED_OVER = "结转"
_OPENING = frozenset("（(，,")
_INCLUDES = ("含", "包括", "包含", "其中")
_LAST_YEAR = ("上年", "上年度", "上一年", "上一年度")
_INCLUDES_REACH = 10  # 其中包括上一年度结转: where 结转 may stand at the latest
_AFTER_REACH = 16  # characters read after the phrase (spaces among them)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def this_reports(paragraph: str, found: Sequence[Found], year: int | None) -> list[Found]:
    """The phrases of ``paragraph`` (``found``, in order) that state this report's figures. (Lines
    read as one sentence are given joined by line breaks: the words before a phrase are looked for
    back to the line's start, as in a paragraph of their own.)"""
    kept: list[Found] = []
    carried = _CARRIED_OVER in paragraph
    elsewhere_to = -1  # where the last phrase of another period or unit ended
    for phrase in found:
        lead = _clause_before(paragraph, phrase.start)
        if (
            _other_period(lead, year)
            or _other_unit(lead)
            or _after_another_year(paragraph, phrase.start, lead, year)
        ):
            elsewhere_to = phrase.end
            continue
        said = _words(paragraph[phrase.start : phrase.number_start])
        if _bare(said) and _same_sentence(paragraph, elsewhere_to, phrase.start):
            continue  # 上年度收到申请5件，办结5件: last year's too
        if _PART in lead and (
            any(k.figure is phrase.figure for k in kept)
            or _part_of_receipts(paragraph, phrase.start, said)
        ):
            continue
        if _listed_after_part(paragraph, phrase, kept):
            continue
        if any(word in lead or word in said for word in _CHANGE):
            continue
        if _of_another_matter(paragraph, phrase.start, said):
            continue
        if _running_total(paragraph, phrase.start, lead, said, year):
            continue
        if carried and _with_carried_over(paragraph, phrase.end, said):
            continue
        kept.append(phrase)
    return kept


def _other_unit(lead: str) -> bool:
    """Whether ``lead`` names another unit than the report's (see :data:`_OTHER_UNIT`)."""
    for own in _OWN_UNIT:
        lead = lead.replace(own, "")
    return any(word in lead for word in _OTHER_UNIT)


def _clause_start(paragraph: str, start: int) -> int:
    at = start
    while at > 0 and paragraph[at - 1] not in _CLAUSE_ENDS:
        at -= 1
    return at


def _clause_before(paragraph: str, start: int) -> str:
    return _words(paragraph[_clause_start(paragraph, start) : start])


def _bare(said: str) -> bool:
    """Whether a phrase's words name nothing of their own (办结, 作出答复, 已全部办结): what it counts
    is said before it in its sentence."""
    return len(said) <= _BARE and not any(word in said for word in _NAMES_ITS_MATTER)


def _same_sentence(paragraph: str, end: int, start: int) -> bool:
    """Whether ``paragraph[end:start]`` ends no sentence (``end`` < 0: no such phrase)."""
    return end >= 0 and not any(char in _SENTENCE_ENDS for char in paragraph[end:start])


def _of_another_matter(paragraph: str, start: int, said: str) -> bool:
    """Whether the phrase names nothing of its own (办结56件) and its sentence before it is about
    another matter (全年受理行政许可申请1256件，办结1256件)."""
    if not _bare(said):
        return False
    sentence = _sentence_before(paragraph, start)
    return any(word in sentence for word in _OTHER_MATTER) or _another_application(sentence)


def _sentence_start(paragraph: str, start: int) -> int:
    at = start
    while at > 0 and paragraph[at - 1] not in _SENTENCE_ENDS:
        at -= 1
    return at


def _sentence_before(paragraph: str, start: int) -> str:
    return _words(paragraph[_sentence_start(paragraph, start) : start])


def _after_another_year(paragraph: str, start: int, lead: str, year: int | None) -> bool:
    """Whether the phrase's clause names no year (nor 今年, 本年 …) and the nearest clause before it
    in its sentence that ends with one is that year alone (a time said first: “2022年，本机关共制定
    规范性文件0件，废止…”), another than the report's. Only when the report's year is known: which
    one is meant cannot be told otherwise, and “2023年，收到申请11件” is too common to leave
    unchecked."""
    if year is None or years(lead) or any(word in lead for word in _THIS_YEAR):
        return False
    before = _sentence_before(paragraph, _clause_start(paragraph, start))
    clause_end = len(before)
    for at in range(len(before) - 1, -2, -1):
        if at >= 0 and before[at] not in _CLAUSE_ENDS:
            continue
        clause = before[at + 1 : clause_end]
        clause_end = at
        named = years(clause)
        if named and clause[named[-1][1] :] in ("", "度"):
            # The year alone is the time the sentence speaks of; a year in passing (对比2022年，
            # 《条例》修订于2019年，…) is not.
            alone = named[-1][0] == 0
            return alone and int(named[-1][2].translate(_FULL_WIDTH)) != year
    return False


def _listed_after_part(paragraph: str, phrase: Found, kept: Sequence[Found]) -> bool:
    """Whether the phrase's sentence, before it, states the same figure and then 其中: the phrase is
    a later item of the list of parts 其中 opens (发布政策解读50条，其中文字解读12条，图片解读34条 —
    图片解读34条 names no 其中 of its own)."""
    start = _sentence_start(paragraph, phrase.start)
    part = paragraph.rfind(_PART, start, phrase.start)
    return part >= 0 and any(
        k.figure is phrase.figure and start <= k.start and k.end <= part for k in kept
    )


def _part_of_receipts(paragraph: str, start: int, said: str) -> bool:
    """Whether a phrase of receiving, led by 其中, follows a total of applications for information
    received in its sentence that no phrase took (共受理依申请政府信息公开事项29例，其中通过网络收到
    申请25件): a part of it."""
    if not any(word in said for word in _RECEIVED):
        return False
    before = _sentence_before(paragraph, _clause_start(paragraph, start))
    # The total is of applications for information, not of another matter (全年共受理信访事项30件,
    # 政务服务事项5000件, 各类申请256件，其中受理政府信息公开申请11件: that one is the year's).
    return (
        any(word in before for word in _RECEIVING)
        and any(word in before for word in _OF_INFORMATION)
        and not any(word in before for word in _OTHER_MATTER)
    )


def _running_total(paragraph: str, start: int, lead: str, said: str, year: int | None) -> bool:
    """Whether the phrase counts a running total (累计 in its clause or its own words) since a
    start or to the year's end named in its clause or the one before it, rather than over the
    report's year (see :data:`_SINCE`)."""
    if _CUMULATIVE not in lead and _CUMULATIVE not in said:
        return False
    at = _clause_start(paragraph, start)
    scope = (_clause_before(paragraph, at - 1) if at > 0 else "") + lead
    if any(word in scope for word in _THIS_YEAR):
        return False
    if any(word in scope for word in _YEAR_END):
        return True
    if not any(word in scope for word in _SINCE):
        return False
    named = {int(digits.translate(_FULL_WIDTH)) for _start, _end, digits in years(scope)}
    return year is None or year not in named


def _another_application(sentence: str) -> bool:
    """Whether ``sentence`` receives an application of another kind than for information: words
    between 受理 (收到, 新收) and 申请 in one clause, none of them 公开, 信息 or 依 (全年共受理公租房申请
    120件). 收到申请56件 names no kind: the table's."""
    at = sentence.find("申请")
    while at >= 0:
        clause = _clause_before(sentence, at)
        verb = max(clause.rfind(word) for word in _RECEIVING)  # each verb is two characters
        named = clause[verb + 2 :] if verb >= 0 else ""
        if named and not any(word in named for word in _OF_INFORMATION):
            return True
        at = sentence.find("申请", at + 2)
    return False


def _words(text: str) -> str:
    """``text`` without spaces (a Word document's “上 年度”)."""
    return "".join(text.split()) if " " in text or not text.isprintable() else text


def _with_carried_over(paragraph: str, end: int, said: str) -> bool:
    """Whether the phrase says its applications were received (收到 新收 受理) and what follows it
    says they include last year's carried-over ones (收到申请12件（含上年结转2件）): then its number
    is no year's receipts. A form with a 上年结转 row reads such a total first, as 新收 + 结转."""
    if not any(word in said for word in _RECEIVED):
        return False
    after = _words(paragraph[end : end + _AFTER_REACH])
    if after[:1] in _OPENING:
        after = after[1:]
    if not after.startswith(_INCLUDES):
        return False
    at = after.find(_CARRIED_OVER, 0, _INCLUDES_REACH)
    return at > 0 and after[:at].endswith(_LAST_YEAR)  # not 其中结转下年度2件: still received


# A year, a month and a range to December, read by hand: the regular expressions they stand for
# (``([0-9０-９]{4})\s*年``, ``[0-9０-９一二三四五六七八九十]+\s*月`` and
# ``[至到\-－—～~]\s*(?:12|１２|十二)\s*月``) cost ``re`` ≈ 5M instructions to compile, their classes
# of Chinese characters, in every ``check`` of a text that names a 年 (issue 14).
# ``tests/test_phrase_scope.py`` holds the two ways to the same answers on generated clauses.
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_MONTH_NUMBER = _DIGITS | frozenset("一二三四五六七八九十")
_RANGE_TO = frozenset("至到-－—～~")
_DECEMBER = ("12", "１２", "十二")


def _spaces_start(text: str, at: int) -> int:
    """Where the spaces that end at ``at`` start (``at`` when there are none)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _before_each(text: str, char: str) -> Iterator[tuple[int, int]]:
    """Each ``char`` of ``text``: where it stands, and where what stands before it ends (the
    spaces between left out)."""
    at = text.find(char)
    while at >= 0:
        yield at, _spaces_start(text, at)
        at = text.find(char, at + 1)


def years(text: str) -> list[tuple[int, int, str]]:
    r"""Each year written with four digits before 年 (2023年, ２０２３ 年): its start, its end and
    its digits, as ``re.finditer`` of ``([0-9０-９]{4})\s*年`` finds them."""
    found = []
    for at, end in _before_each(text, "年"):
        start = end - 4
        if start >= 0 and all(char in _DIGITS for char in text[start:end]):
            found.append((start, at + 1, text[start:end]))
    return found


def names_a_month(text: str) -> bool:
    r"""Whether a number stands before 月 (1至6月, 十二 月): ``[0-9０-９一二三四五六七八九十]+\s*月``."""
    return any(end > 0 and text[end - 1] in _MONTH_NUMBER for _at, end in _before_each(text, "月"))


def to_december(text: str) -> bool:
    r"""Whether a range ends at December (1-12月, 一月至十二月): ``[至到\-－—～~]\s*(?:12|１２|十二)\s*月``."""
    for _at, end in _before_each(text, "月"):
        if end >= 2 and text[end - 2 : end] in _DECEMBER:
            start = _spaces_start(text, end - 2)
            if start > 0 and text[start - 1] in _RANGE_TO:
                return True
    return False


def _other_period(lead: str, year: int | None) -> bool:
    if any(word in lead for word in _OTHER_PERIOD):
        return True
    if "年" not in lead and "月" not in lead:
        return False
    named = years(lead)
    for _start, _end, digits in named:
        if year is None or int(digits.translate(_FULL_WIDTH)) != year:
            return True
    # 1至6月, 12月份: a part of the year; 1月至12月, 1-12月: the whole of it.
    if "月" not in lead:
        return False
    without_years = lead
    for start, end, _digits in reversed(named):
        without_years = without_years[:start] + without_years[end:]
    return names_a_month(without_years) and not to_december(lead)
