"""The lines a government portal prints around a report it publishes (issue 17), as a saved web
page (浏览器“另存为”) gives them: none of them is the report's.

Before the report's title: the site's name, its menus, the breadcrumb (首页 > 政务公开 > …), the
政府信息公开 metadata table (索引号、发布机构、公开日期、主题分类); under the title, the article's
meta line (:func:`page_info`: 来源：… 发布时间：… 浏览次数：… 字号：大 中 小); after the report's
落款, share, print and close links, 上一篇 / 下一篇 and the footer (:func:`footer_line`: 主办单位,
网站标识码, ICP 备案号, 公安备案号, 联系我们). :mod:`.import_docx` finds where the report starts and
ends on a page with these; this module only tells such lines by their words.

The words are narrow on purpose: each is one a portal prints and a report's own sentence does not
start with (or, for the footer, hold), so that no line of the report is taken for the page's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# The article's meta line under its title: who published it and when, how often it was read, the
# type size; labels followed by a colon, links standing alone. Matched on the text without spaces.
_PAGE_INFO = re.compile(
    r"^[【\[(（]?(?:"
    r"(?:(?:信息|文章)?来源|发布(?:机构|单位|部门|者|人|时间|日期)|更新(?:时间|日期)|成文日期|"
    r"公开日期|生成日期|索引号|文号|主题分类|作者|(?:责任)?编辑|浏览(?:次数|量)|访问(?:次数|量)|"
    r"点击(?:数|量|率|次数)|阅读(?:数|量|次数)|字号|字体)[:：]"
    r"|(?:打印|关闭|分享|收藏|视力保护色|大中小)"
    r"|\d{4}-\d{1,2}-\d{1,2}(?:\d{1,2}:\d{2}(?::\d{2})?)?$"  # the publication date alone
    r")"
)
# The page's own lines after the report: words a portal's footer and links print, never a report.
_FOOTER = re.compile(
    r"版权所有|主办单位|承办单位|协办单位|主办[:：]|承办[:：]|网站标识码|ICP备|ICP证|公网安备|"
    r"公安备案|公安机关备案|技术支持|网站地图|联系我们|关于我们|打印本页|打印此页|关闭窗口|"
    r"分享到|上一篇|下一篇|返回顶部|相关链接|相关阅读|相关文章|相关新闻|扫一扫"
)
# What a unit's name in a title never holds: the breadcrumb's separators, a label's colon, a
# sentence's punctuation (当前位置：首页 > … > 某某局2022年…年度报告, 名称：某某局…, 上一篇：…).
_NOT_A_UNIT = re.compile(r"[:：>＞»›|｜/\\《》“”\"，,。；;!！?？]")
MAX_UNIT_CHARS = 60
# How import-report heads the frame's lines it left out (the command line and the window).
LEFT_OUT = "网页中不属于报告的内容（网站的栏目、导航、页脚等，未导入）"
SENTENCE_CHARS = 10  # a line of the report's text, not of the page: a sentence this long or more


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def page_info(text: str) -> bool:
    """Whether ``text`` is a line of the article's meta line under a portal page's title
    (来源：… 发布时间：…, 【打印】【关闭】, 字号：大 中 小, the date alone: 2023-01-20 10:30)."""
    return bool(_PAGE_INFO.match(_flat(text)))


def footer_line(text: str) -> bool:
    """Whether ``text`` is a line of a portal's footer or of the links under an article."""
    return bool(_FOOTER.search(_flat(text)))


def sentence(text: str) -> bool:
    """Whether ``text`` is a sentence of text (a report's, not a page's menus or labels)."""
    flat = _flat(text)
    return len(flat) >= SENTENCE_CHARS and "。" in text and not footer_line(text)


def unit_name(unit: str) -> bool:
    """Whether ``unit`` (read from a title) can be a unit's name, not a breadcrumb, a labelled
    line or a sentence ending in a title."""
    return len(unit) <= MAX_UNIT_CHARS and not _NOT_A_UNIT.search(unit)


# The last character of a unit's name (某某局, 某某办公室, 某某委员会, 某某街道, 某某镇): a menu item
# or a column's name (政府信息公开年报, 政务公开, 专题专栏) ends otherwise.
_UNIT_END = re.compile(r"[局厅委会院办室处所部署府心站馆队社团行司校道镇乡区县市省州盟旗园场台组]$")


def organisation(name: str) -> bool:
    """Whether ``name`` ends as a unit's name does (for a title split over two lines on a web
    page, whose line above the year may be the site's menu item rather than the unit)."""
    return bool(_UNIT_END.search(name))


def metadata_table(rows: Sequence[Sequence[str | None]]) -> bool:
    """Whether a table is a portal's 政府信息公开 metadata (索引号、发布机构、公开日期…)."""
    return any(cell and _flat(cell).startswith("索引号") for row in rows for cell in row)
