"""The lines a government portal prints around a report it publishes (issue 17), as a saved web
page (浏览器“另存为”) gives them: none of them is the report's.

Before the report's title: the site's name, its menus, the breadcrumb (首页 > 政务公开 > …), the
政府信息公开 metadata table (索引号、发布机构、公开日期、主题分类); under the title, the article's
meta line (:func:`page_info`: 来源：… 发布时间：… 浏览次数：… 字号：大 中 小); after the report's
落款, share, print and close links, 上一篇 / 下一篇 and the footer (:func:`footer_line`: 主办单位,
网站标识码, ICP 备案号, 公安备案号, 联系我们). :mod:`.import_docx` finds where the report starts and
ends on a page with these; this module only tells such lines by their words. After the 落款,
where the report may go on (its 附件's table, a 说明), :func:`site_line` tells the page's lines
there by more of its words, and :func:`link_line` a link to the report's 附件 or 解读.

The words are narrow on purpose: each is one a portal prints and a report's own sentence does not
start with (or, for the footer, hold), so that no line of the report is taken for the page's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# The article's meta line under its title: who published it and when, how often it was read, the
# type size — labels followed by a colon, each line starting with one —; links standing alone
# (【打印】【关闭】), the whole line of them; the publication date alone. Matched on the text without
# spaces; never a line with a sentence's full stop (关闭了3个账号。 is the report's).
_PAGE_INFO = re.compile(
    r"^[【\[(（]?(?:(?:信息|文章)?来源|发布(?:机构|单位|部门|者|人|时间|日期)|更新(?:时间|日期)|"
    r"成文日期|公开日期|生成日期|索引号|文号|主题分类|作者|(?:责任)?编辑|浏览(?:次数|量)|"
    r"访问(?:次数|量)|点击(?:数|量|率|次数)|阅读(?:数|量|次数)|字号|字体|分享(?:到)?|视力保护色)[:：]"
)
_LINK_WORDS = (
    r"(?:打印(?:本页|此页|文章|正文)?|关闭(?:窗口|本页|页面)?|收藏(?:本页)?|加入收藏|分享(?:到)?|"
    r"视力保护色|护眼模式|大中小)"
)
# A line of links (:func:`_links`): link words alone, each in brackets or after a bar or none
# (【打印】【关闭】, 打印本页关闭窗口, 大 中 小 without its spaces); or short items, between
# brackets, bars or spaces, among which a link word stands (【我要纠错】【打印本页】【关闭窗口】,
# 打印本页 | 返回顶部), none holding a label's colon or a sentence's comma.
_LINK_WORDS_ONLY = re.compile(rf"^(?:[【\[(（]?{_LINK_WORDS}[】\])）]?[|｜]?)+$")
_LINK_WORD = re.compile(rf"^{_LINK_WORDS}$")
_LINK_ITEM_CHARS = 10
_LINK_ITEM_SEPARATORS = re.compile(r"[【】\[\]()（）|｜\s]+")
_NOT_A_LINK_ITEM = re.compile(r"[:：，,、；;]")
_DATE_ALONE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\d{1,2}:\d{2}(?::\d{2})?)?$")
# The page's own lines after the report: what a portal's footer and links print, never a report.
# These wherever they stand in a line (版权所有 © 示例县人民政府, 滇ICP备…号, 网站标识码：…):
_FOOTER_MARK = re.compile(r"版权所有|©|网站标识码|ICP备|ICP证|公网安备|公安备案|公安机关备案")
# these, link labels and a footer's labels, anywhere in a line that is no sentence (联系我们 |
# 网站地图, 打印本页关闭窗口 glued together, 扫一扫在手机打开当前页) but in a sentence or a 说明
# only as an item of their own: at its start or after a space, a bar or a bracket, followed by a
# colon, one of those or the end (技术支持：某某公司, 【联系我们】) — not 请联系我们：…, 提供技术支持.
_FOOTER_LABELS = (
    r"(?:主办单位|承办单位|协办单位|(?:主办|承办)(?=[:：])|技术支持|网站地图|联系我们|关于我们|"
    r"打印本页|打印此页|关闭窗口|分享到|上一篇|下一篇|返回顶部|相关链接|相关阅读|相关文章|"
    r"相关新闻|扫一扫)"
)
_FOOTER_LABEL = re.compile(_FOOTER_LABELS)
_ITEM_EDGE = r"\s|｜丨·•【】\[\]()（）"
_FOOTER_ITEM = re.compile(rf"(?:^|(?<=[{_ITEM_EDGE}])){_FOOTER_LABELS}(?=[:：{_ITEM_EDGE}]|$)")
# After a report's 落款 only, where no sentence of its text is looked for: more of what a portal
# prints there than :func:`footer_line` knows — phrases, and in a short line without a sentence's
# punctuation a few words (浏览器, 主办 not followed by 的, 上一条) —, not the words a report's 说明
# may use too (本站 of a 水文站, 通过政务微博、微信公众号, 补正材料后“返回”, 本机关主办的网站).
# These, even in a sentence (本网站由…主办，欢迎批评指正。建议使用…浏览器浏览本站。):
_SITE_SENTENCE = re.compile(
    r"本(?:网)?站由.{1,40}?主办|版权声明|copyright|建议.{0,30}?(?:浏览器|分辨率)|"
    r"最佳(?:浏览|显示)效果",
    re.IGNORECASE,
)
# these on a line that is no sentence (某某办公室主办, 官方微博, 扫码 under a 二维码, 【返回】; such a
# line with 扫一扫 or 返回顶部 is a footer's: :func:`footer_line`):
_SITE_WORDS = re.compile(
    r"官方(?:微博|微信)|(?:微信|公众号|微博|二维码).{0,12}?扫码|"
    r"(?:扫码|扫描).{0,12}?(?:二维码|关注|微信|公众号|手机)|[【\[]返回[】\]]|"
    r"返回(?:首页|上一页|上页|列表|栏目)|我要纠错|网站纠错|纠错[】\]]?$|无障碍(?:浏览|阅读|模式)|"
    r"(?:主办|承办|协办)(?!的)|浏览器|分辨率|"
    r"长者模式|关怀(?:版|模式)|适老化(?:版|模式)|上一条|下一条|^首页|"
    r"^(?:相关|热点|推荐|最新)(?:信息|稿件|推荐|文章|新闻|阅读|内容|报道|文件)",
)
# A line of the report's after its 落款 (说明：…, 注：…, 附注1：…): the page's only by a footer's
# words (:func:`footer_line`: its marks, or its labels as items of their own).
_NOTE = re.compile(r"^(?:(?:填表|填报)?说明|备注|附注|注)[\d一二三四五六七八九十①-⑩]*[:：]")
_MENU_ITEM_CHARS = 8  # 联系我们, 网站地图, 政务公开: a menu's items are short
_MENU_SEPARATOR = re.compile(r"[|｜丨·•]")
_BRACKETED_LINKS = re.compile(r"^(?:[【\[][^】\]]{1,10}[】\]]){2,}$")  # 【备注】 alone is no menu
# A link to what the page does not show: the report's 附件 (a file), its 解读.
_LINK = re.compile(
    r"^(?:相关)?附件\d*(?:下载|列表)?(?:[:：]|$)|^(?:相关|政策|图文|图片|视频|文字|专家)?解读[:：]|"
    r"^(?:图解|一图读懂)|\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|jpe?g|png|gif)$",
    re.IGNORECASE,
)
LINK_CHARS = 60  # a link is quoted whole up to this: its file's name is at its end


# What a unit's name in a title never holds: the breadcrumb's separators, a label's colon, a
# sentence's punctuation (当前位置：首页 > … > 某某局2022年…年度报告, 名称：某某局…, 上一篇：…).
_NOT_A_UNIT = re.compile(r"[:：>＞»›|｜/\\《》“”\"，,。；;!！?？]")
MAX_UNIT_CHARS = 60
# How import-report heads the frame's lines it left out (the command line and the window).
LEFT_OUT = "网页中不属于报告的内容（网站的栏目、导航、页脚等，未导入）"
SENTENCE_CHARS = 10  # a line of the report's text, not of the page: a sentence this long or more


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _forms(text: str) -> tuple[str, str]:
    """``text`` as the words are matched on: NFKC (full-width letters, digits and punctuation as
    ASCII), and that without white space."""
    line = unicodedata.normalize("NFKC", text)
    return line, "".join(line.split())


def page_info(text: str) -> bool:
    """Whether ``text`` is a line of the article's meta line under a portal page's title
    (来源：… 发布时间：…, 【打印】【关闭】, 字号：大 中 小, the date alone: 2023-01-20 10:30)."""
    return _page_info(*_forms(text))


def _page_info(line: str, flat: str) -> bool:
    if "。" in flat:
        return False
    return bool(_PAGE_INFO.match(flat) or _DATE_ALONE.match(flat)) or _links(line, flat)


def _links(line: str, flat: str) -> bool:
    """A line of links: link words alone (【打印】【关闭】, 打印本页关闭窗口, 大 中 小), or short
    items of which one at least is a link word (【打印】【关闭】【返回顶部】, 【我要纠错】【打印本页】
    【关闭窗口】, 打印本页 关闭窗口 返回顶部)."""
    if _LINK_WORDS_ONLY.match(flat):
        return True
    items = [item for item in _LINK_ITEM_SEPARATORS.split(line) if item]
    return (
        any(_LINK_WORD.match(item) for item in items)
        and all(len(item) <= _LINK_ITEM_CHARS for item in items)
        and not any(_NOT_A_LINK_ITEM.search(item) for item in items)
    )


def footer_line(text: str) -> bool:
    """Whether ``text`` is a line of a portal's footer or of the links under an article: by the
    words only a footer holds (版权所有, ©, ICP备), or by a footer's labels and links on a line that
    looks like one — short items, no sentence —, not by such a word a report's sentence or 说明
    mentions (如对本报告有疑问，请联系我们：…。)."""
    return _footer(*_forms(text))


def _footer(line: str, flat: str) -> bool:
    if _FOOTER_MARK.search(flat):
        return True
    if not (_prose(flat) or _NOTE.match(flat)):
        return bool(_FOOTER_LABEL.search(flat))
    return bool(_FOOTER_ITEM.search(line))


def site_line(text: str) -> bool:
    """Whether ``text``, after a report's 落款, is the page's: its footer, the links under the
    article (分享, 打印, 关闭, 上一篇), a line of its menu (联系我们 | 网站地图) — not a line of
    the report's that follows its 落款 (a 说明 or 备注, a sentence): those are the page's only
    by a footer's words, or a sentence by a phrase only a portal prints (本网站由…主办)."""
    line, flat = _forms(text)
    if _footer(line, flat):
        return True
    if _NOTE.match(flat):
        return False
    if _SITE_SENTENCE.search(flat):
        return True
    if _prose(flat):
        return False
    return _page_info(line, flat) or bool(_SITE_WORDS.search(flat)) or _menu(flat)


def _prose(flat: str) -> bool:
    """Whether ``flat`` reads as a sentence: ending in 。, or long with a full stop. A comma does
    not make one: a portal's footer lists its items with them (某某市人民政府办公室主办，某某市大数据
    管理局承办; 关于我们，联系我们，网站地图), and a count with digit groups (浏览次数：12,345). NFKC
    keeps 。 and turns ， into “,”."""
    return flat.endswith("。") or (len(flat) >= SENTENCE_CHARS and "。" in flat)


def _menu(flat: str) -> bool:
    """A line of short links: 首页 | 政务公开 | 互动交流, 【返回】【顶部】."""
    if _BRACKETED_LINKS.match(flat):
        return True
    items = [item for item in _MENU_SEPARATOR.split(flat) if item]
    return (
        len(items) > 1
        and not re.search(r"[。，,；;]", flat)
        and all(len(item) <= _MENU_ITEM_CHARS for item in items)
    )


def link_line(text: str) -> bool:
    """Whether ``text`` is a link to what the page does not show: the report's 附件 as a file
    (附件：某某局2023年年报.pdf, 相关附件), its 解读 (解读：一图读懂…)."""
    return bool(_LINK.search(_flat(text)))


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
