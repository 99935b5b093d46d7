"""Breaking a short CJK header (商业企业, 社会公益组织) into balanced lines, for both exports.

A spreadsheet or a PDF paragraph wraps greedily: 商业企业 in a column three characters wide becomes
商业企 / 业, an orphan character on a line of its own. :func:`balanced_break` chooses the breaks
itself, in this order of preference:

1. no line starts with closing punctuation （）、，：…） or ends with opening punctuation (（);
2. no line of a single character (when the text has more than one);
3. no word of :data:`WORDS` cut in two (商业|企业, 社会|公益|组织, 法律|服务|机构, 结果|维持);
4. as few lines as possible;
5. lines as equal in length as possible, and of equals the longer line first.

So 商业企业 three wide is 商业 / 企业, 社会公益组织 four wide is 社会公益 / 组织 and three wide
社会 / 公益 / 组织, 法人或其他组织 five wide is 法人或 / 其他组织. Text with anything but wide
characters (Latin letters, digits, ``/``) is left to the program's own wrapping.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Words of the column headers of the national forms that should not be cut; a text made of other
# words is still broken in balanced lines, only without this preference.
_WORDS_TEXT = """
申请人 情况 自然人 法人 其他 组织 商业 企业 科研 机构 社会 公益 法律 服务 总计 合计
行政 复议 诉讼 未经 直接 起诉 复议后 结果 维持 纠正 尚未 审结 本年 上年 上一年 年度
制作 公开 数量 对外 总数量 项目 处理 决定 采购 金额 总金额 制发 废止 现行 有效 件数
收费 单位 万元 信息 内容 统计 指标 统计数
"""
WORDS: frozenset[str] = frozenset(_WORDS_TEXT.split())

NO_LINE_START = frozenset("）〕］｝】》〉」』”’，。、：；！？…—％")
NO_LINE_END = frozenset("（〔［｛【《〈「『“‘")


def is_wide(text: str) -> bool:
    """Whether every character of ``text`` is a wide (CJK, full-width) character."""
    return bool(text) and all(unicodedata.east_asian_width(c) in ("W", "F") for c in text)


@cache
def _cuts(text: str) -> tuple[int, ...]:
    """For each position 0..len(text): 1 when a break there would cut a word of WORDS."""
    cut = [0] * (len(text) + 1)
    for word in WORDS:
        start = text.find(word)
        while start >= 0:
            for i in range(start + 1, start + len(word)):
                cut[i] = 1
            start = text.find(word, start + 1)
    return tuple(cut)


@cache
def balanced_break(text: str, per_line: int) -> tuple[str, ...]:
    """``text`` as lines of at most ``per_line`` characters, broken as described above.

    Text that fits, text with a line break already, and text that is not all wide characters
    come back as one line.
    """
    n = len(text)
    if n <= max(per_line, 1) or "\n" in text or not is_wide(text):
        return (text,)
    per_line = max(per_line, 1)
    cuts = _cuts(text)

    def break_cost(i: int) -> tuple[int, int]:
        """(bad punctuation, cut word) for a break before text[i]."""
        if i == n:
            return (0, 0)
        bad = int(text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END)
        return (bad, cuts[i])

    # best[i]: the cheapest way to set text[i:], as (cost vector, next break); costs are
    # compared as tuples (bad punctuation, orphans, cut words, lines, sum of squared lengths),
    # and adding the same vector to two costs keeps their order, so the choice is optimal.
    best: list[tuple[tuple[int, int, int, int, int], int]] = [((0, 0, 0, 0, 0), n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + per_line) + 1):
            bad, cut = break_cost(j)
            length = j - i
            rest = best[j][0]
            cost = (
                bad + rest[0],
                int(length == 1) + rest[1],
                cut + rest[2],
                1 + rest[3],
                length * length + rest[4],
            )
            options.append((cost, -j))
        cost, far = min(options)  # on a tie, the longer first line: 社会公益 / 组织
        best[i] = (cost, -far)
    lines: list[str] = []
    i = 0
    while i < n:
        j = best[i][1]
        lines.append(text[i:j])
        i = j
    return tuple(lines)
