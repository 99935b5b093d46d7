"""Annual reports saved from a government portal (浏览器“另存为”), as import-report and check
meet them: the report inside the site's frame — the site's name and menus, the breadcrumb, the
政府信息公开 metadata table (索引号 …) above the title, the meta line (来源 / 发布时间 / 浏览次数 /
字号) under it, share, print and close links, 上一篇 / 下一篇 and the footer (主办单位, 网站标识码,
ICP 备案号, 公安备案号, 联系我们) after the 落款 —, GBK bytes declared by ``http-equiv``, headings as
bold ``<p>``, text in ``<p style>`` or in one ``<div>`` with ``<br>``, tables with rowspan/colspan
and ``<br>`` in labels (tests' ``portal_html``). The frame is not the report's: it is neither its
text nor “未能归入”, and the page imports with exit 0; the report's own text and every figure are
read, and what inside the report fits nowhere is still named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from published_reports import (
    SEED_VALUES,
    TEXTS,
    example_2021_file,
    filled,
    load,
    portal_html,
)
from test_import_report_cli import _run

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout.import_docx import ImportedReport
from govreport_gui.core.ops.import_report import read_report_file
from govreport_gui.core.report.model import PREFACE

# Words of the portal's frame (published_reports.PORTAL_*), none of which is the report's text.
FRAME_WORDS = (
    "今天是",
    "设为首页",
    "走进示例",
    "政府信息公开指南",
    "当前位置",
    "索引号",
    "来源：",
    "浏览次数",
    "字号",
    "分享到",
    "打印本页",
    "关闭窗口",
    "上一篇",
    "下一篇",
    "主办单位",
    "网站标识码",
    "ICP备",
    "公网安备",
    "联系我们",
    "示例路1号",
)


def _read(path: Path, form_id: str = "gov-disclosure-2021") -> ImportedReport:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == form_id
    return imported


def _the_report_alone(imported: ImportedReport, doc: ValuesDocument) -> None:
    """Every figure, the unit, year and 落款's date, each section's own text and nothing of the
    frame in it; nothing said not placed."""
    assert imported.values == filled(doc)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.fields["year"] == doc.fields["year"]
    assert imported.fields["date"] == doc.fields["date"]
    assert imported.title == f"{doc.fields['unit']}{doc.fields['year']}年政府信息公开工作年度报告"
    assert imported.sections[PREFACE] == TEXTS[PREFACE]
    assert imported.sections["general"] == TEXTS["general"]
    assert imported.sections["problems"] == "存在的主要问的说明文字。"
    assert imported.sections["other_matters"] == "其他需要报告的说明文字。"
    text = "\n".join(imported.sections.values())
    assert [word for word in FRAME_WORDS if word in text] == []
    assert imported.unplaced == []
    assert imported.extra_sections == []


def _gbk(path: Path) -> str:
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    return raw.decode("gbk")


@pytest.mark.parametrize("divs", [False, True], ids=["paragraphs", "div-with-br"])
def test_a_saved_portal_page_is_read_as_the_report_alone(tmp_path: Path, divs: bool) -> None:
    """The whole frame around a 2021 report, GBK, the 索引号 table above the title (before, the
    frame's 15 lines before the title became the preface, its 8 lines after the 落款 the text of
    六, and the 落款's date was not read: all silently, exit 0)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "年报.htm", doc, divs=divs)
    page = _gbk(path)
    assert "索&nbsp;引&nbsp;号" in page and "charset=gb2312" in page
    _the_report_alone(_read(path), doc)


def test_import_report_says_what_of_the_page_it_left_out_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The frame is said once, with its first and last words, so that a reader can see no text of
    the report went with it; it is not “未能归入” and exit is 0."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "年报.htm", doc)
    code, out, _ = _run(capsys, "import-report", path, "--values-out", tmp_path / "read.json")
    assert code == 0, out
    assert "未能归入" not in out
    assert "统计表：读出 200 个数字" in out
    assert (
        "网页中不属于报告的内容（网站的栏目、导航、页脚等，未导入）：\n"
        "  正文之前 14 段和 1 个表格：“今天是： 设为首页 | 加入收藏 | 无障碍浏览……”"
        "至“来源：示例县人民政府办公室 发布时间：2023-……”\n"
        "  正文之后 8 段：“分享到：微信 微博 QQ空间”至“地址：示例县示例路1号 邮编：650000 电话……”\n"
    ) in out
    code, out, err = _run(capsys, "check", path)
    assert code == 0, out
    assert [word for word in FRAME_WORDS if word in out + err] == []


def test_the_title_printed_again_in_the_report_and_a_page_without_the_metadata_table(
    tmp_path: Path,
) -> None:
    """The portal's title line, the meta line, then the content repeating the title: the title
    is read once, not kept as the preface's first line."""
    doc = load(example_2021_file(tmp_path))
    _the_report_alone(
        _read(portal_html(tmp_path / "a.htm", doc, repeat_title=True, metadata=False)), doc
    )


def test_other_reports_listed_in_the_side_column_are_not_the_title(tmp_path: Path) -> None:
    """The side column lists the unit's reports of other years (历年年报) before this one: the
    report's title is the one over its text, not the first one on the page."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path).replace(
        '<li><a href="#">政府信息公开年报</a></li></ul>',
        '<li><a href="#">政府信息公开年报</a></li>'
        '<li><a href="#">示例县人民政府办公室2021年政府信息公开工作年度报告</a></li>'
        '<li><a href="#">示例县人民政府办公室2020年政府信息公开工作年度报告</a></li></ul>',
    )
    path.write_bytes(page.encode("gbk"))
    _the_report_alone(_read(path), doc)


def test_a_paragraph_of_the_report_that_fits_nowhere_is_still_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A heading the form has not, with its paragraph, before the 落款: named, its text not
    imported, exit 1 — the frame around it changes nothing of that."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    closing = '<p style="text-align:right">示例县人民政府办公室</p>'
    assert page.count(closing) == 1
    page = page.replace(
        closing, "<p><strong>七、附则</strong></p><p>本报告由县政府办公室负责解释。</p>" + closing
    )
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    assert imported.unplaced == ["“七、附则”不是本表单的部分标题：它和其后 1 段未能归入任何部分"]
    assert imported.extra_sections == [("七、附则", "本报告由县政府办公室负责解释。")]
    assert imported.fields["date"] == doc.fields["date"]
    assert imported.values == filled(doc)
    code, out, _ = _run(capsys, "import-report", path, "--values-out", tmp_path / "read.json")
    assert code == 1
    assert "有 1 个标题不是本表单的部分" in out


def test_a_2014_report_page_keeps_its_attachment_table_after_the_signature(
    tmp_path: Path,
) -> None:
    """A 2014 report: its 落款, then 附件 and the 统计表, then the site's footer. The table and
    its figures after the 落款 are the report's; the footer after them is not."""
    doc = load(SEED_VALUES)
    path = portal_html(tmp_path / "seed.htm", doc, closing_first=True)
    imported = _read(path, "gov-disclosure-2014")
    assert imported.values == filled(doc)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.unplaced == []
    text = "\n".join(imported.sections.values())
    assert [word for word in FRAME_WORDS if word in text] == []


def test_a_page_showing_its_title_only_in_the_browser_tab(tmp_path: Path) -> None:
    """No title line on the page, the title in ``<title>`` with the site's name: the frame down
    to the report's first sentence is the page's (before, the menus, the breadcrumb and the meta
    line became the preface's first 15 paragraphs)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    title = '<div class="title">示例县人民政府办公室2022年政府信息公开工作年度报告</div>'
    page = _gbk(path)
    assert page.count(title) == 1
    path.write_bytes(page.replace(title, "").encode("gbk"))
    imported = _read(path)
    _the_report_alone(imported, doc)
    assert imported.page_frame[0].startswith("正文之前 14 段和 1 个表格：")


def test_a_signature_dated_in_chinese_numerals(tmp_path: Path) -> None:
    """落款 二〇二三年一月二十日 (as GB/T 9704 wrote dates before 2012, and some reports still do):
    the date is read, and the 落款 is not left in 六's text (before, it was, with the unit's line)
    — nor, on a web page, taken for the start of the footer."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    assert page.count("2023年1月20日") == 1
    path.write_bytes(page.replace("2023年1月20日", "二〇二三年一月二十日").encode("gbk"))
    _the_report_alone(_read(path), doc)


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    "figure",
    [
        lambda text: f"{int(text):,}" if text.isdigit() else text,  # 3,520
        lambda text: f"{int(text):,}".replace(",", "，") if text.isdigit() else text,  # 3，520
        lambda text: text.translate(FULL_WIDTH),  # ３５２０
        lambda text: f"\u3000{text} ",
    ],
    ids=["thousands", "full-width-comma", "full-width-digits", "spaces-around"],
)
def test_figures_as_portals_print_them(tmp_path: Path, figure: Callable[[str], str]) -> None:
    """Thousands separators (half- or full-width), full-width digits, spaces (a full-width one)
    around a figure: every figure (this worked before the frame was left out, and still does)."""
    doc = load(example_2021_file(tmp_path))
    _the_report_alone(_read(portal_html(tmp_path / "a.htm", doc, figure=figure)), doc)


@pytest.mark.parametrize("mark", ["—", ""], ids=["dash", "blank"])
def test_zero_printed_as_a_dash_or_left_blank_is_blank_and_said(tmp_path: Path, mark: str) -> None:
    """0 printed “—” or nothing: read as blank, not as 0 (a blank is no zero: README), the dash
    said in a note; every other figure read."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc, figure=lambda text: mark if text == "0" else text)
    imported = _read(path)
    zeros = {k for k, v in filled(doc).items() if v == 0}
    assert imported.values == {k: v for k, v in filled(doc).items() if k not in zeros}
    assert imported.unplaced == [] and imported.lost_figures == 0
    noted = any(f"{len(zeros)} 格写的是“/”或“—”" in note for note in imported.table_notes)
    assert noted == (mark == "—")


def test_the_import_dialog_says_the_frame_left_out_not_as_unplaced(
    qtbot: Any, tmp_path: Path
) -> None:
    """从已发布年报导入's dialog: the frame's lines under “说明：”, not “未能归入的内容”."""
    from PySide6.QtWidgets import QLabel

    from govreport_gui.gui.import_report_ui import ImportReportDialog

    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "年报.htm", doc)
    form, imported = read_report_file(path, None, all_forms())
    dialog = ImportReportDialog(path, form, imported, list(all_forms()))
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "说明：" in labels
    assert not any("未能归入" in text for text in labels)
    notes = dialog.unplaced.toPlainText()
    assert notes.startswith(
        "网页中不属于报告的内容（网站的栏目、导航、页脚等，未导入）：\n  正文之前 14 段"
    )


def test_a_sentence_in_the_footer_does_not_keep_the_footer_above_it(tmp_path: Path) -> None:
    """本网站由…主办，欢迎批评指正。 in the footer: a sentence, yet after the 落款's date — the
    frame still starts after that date (before this was looked after, the share and print links
    and 上一篇 / 下一篇 stayed in 六's text with the 落款, its date unread)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path).replace(
        "<p>主办单位：", "<p>本网站由示例县人民政府办公室主办，欢迎批评指正。</p><p>主办单位："
    )
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    _the_report_alone(imported, doc)
    assert imported.page_frame[1].startswith("正文之后 9 段：")


def test_a_title_without_the_unit_under_a_menu_item(tmp_path: Path) -> None:
    """The page's title is 2022年政府信息公开工作年度报告 and the side column's last item above it
    政府信息公开年报: that item is no unit (before this was looked after, it was read as one);
    the unit is the 落款's."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc, metadata=False)
    page = _gbk(path)
    crumbs = page[page.index('<div class="position">') : page.index('<div class="article">')]
    page = page.replace(crumbs, "").replace(
        '<div class="title">示例县人民政府办公室2022年', '<div class="title">2022年'
    )
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.title == "2022年政府信息公开工作年度报告"
    assert imported.values == filled(doc)
    assert imported.sections[PREFACE] == TEXTS[PREFACE]
    assert imported.sections["other_matters"] == "其他需要报告的说明文字。"
    assert imported.unplaced == []


def test_a_sentence_in_the_sites_header_above_the_title(tmp_path: Path) -> None:
    """欢迎访问…。 in the header: a sentence above the title is the site's, not the report's start
    (before this was looked after, the header's menus and the title went into the preface)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path).replace(
        '<div class="header">',
        '<p>欢迎访问示例县人民政府网站，祝您浏览愉快。</p><div class="header">',
    )
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    _the_report_alone(imported, doc)
    assert imported.page_frame[0].startswith("正文之前 15 段和 1 个表格：")  # 14 and the sentence


CLOSING = (
    '<p style="text-align:right">示例县人民政府办公室</p>\n'
    '<p style="text-align:right">2023年1月20日</p>'
)
TITLE = '<div class="title">示例县人民政府办公室2022年政府信息公开工作年度报告</div>'
FOOTER = '<div class="footer"><div class="wrap">'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the 落款 in one <p>, a line break between the unit and the date
        (CLOSING, '<p style="text-align:right">示例县人民政府办公室<br />2023年1月20日</p>'),
        # the title over two lines
        (TITLE, TITLE.replace("办公室2022", "办公室<br>2022")),
        # the 索引号 table under the meta line, above the article's text
        ('<div class="TRS_Editor">', '<table><tr><td>索引号：</td><td>2023-00012</td></tr></table>'
         '<div class="TRS_Editor">'),
        # the footer in a table of its own
        (FOOTER, '<table><tr><td>版权所有：示例县人民政府</td></tr></table>' + FOOTER),
        # the report's file offered for download after the 落款
        ('<div class="share">', "<p>附件：<a>示例县人民政府办公室2022年年报.pdf</a></p>"
         '<div class="share">'),
    ],
    ids=["closing-with-br", "title-on-two-lines", "metadata-under-title", "footer-table",
         "attachment-link"],
)  # fmt: skip
def test_other_shapes_of_a_portal_page(tmp_path: Path, old: str, new: str) -> None:
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    assert page.count(old) == 1
    path.write_bytes(page.replace(old, new).encode("gbk"))
    _the_report_alone(_read(path), doc)


def test_a_page_without_a_signature_ends_at_its_footer(tmp_path: Path) -> None:
    """No 落款: the frame starts at the first line of the page's own (分享到); the date is blank."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    assert page.count(CLOSING) == 1
    path.write_bytes(page.replace(CLOSING, "").encode("gbk"))
    imported = _read(path)
    assert "date" not in imported.fields
    assert imported.sections["other_matters"] == "其他需要报告的说明文字。"
    assert imported.page_frame[1].startswith("正文之后 8 段：“分享到：")
    assert imported.unplaced == []


DATE = '<p style="text-align:right">2023年1月20日</p>'


def _after_the_date(tmp_path: Path, *paragraphs: str) -> tuple[Path, ValuesDocument]:
    """The portal page with ``paragraphs`` (each a ``<p>``) between the 落款's date and the
    share links, and the values it was made from."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    assert page.count(DATE) == 1
    after = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    path.write_bytes(page.replace(DATE, DATE + after).encode("gbk"))
    return path, doc


def test_a_note_after_the_signature_is_named_not_dropped_with_the_footer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """说明 and 备注 after the 落款's date are the report's, not the site's (before, they went
    into the page's frame with its footer, said only as part of its count of lines): named as
    not placed; the footer after them is still the page's, and the 落款's date is read."""
    path, doc = _after_the_date(
        tmp_path,
        "说明：本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
        "备注：数据统计截至2022年12月31日",
    )
    imported = _read(path)
    assert imported.unplaced == [
        "落款之后的“说明：本报告中所列数据的统计期限自2022年1月……”未能归入任何部分",
        "落款之后的“备注：数据统计截至2022年12月31日”未能归入任何部分",
    ]
    assert imported.fields["date"] == doc.fields["date"]
    assert imported.values == filled(doc)
    assert imported.sections["other_matters"] == "其他需要报告的说明文字。"
    assert imported.page_frame[1].startswith("正文之后 8 段：“分享到：")
    code, out, _ = _run(capsys, "import-report", path, "--values-out", tmp_path / "read.json")
    assert code == 0, out  # as any line of text not placed (the figures are all read)
    assert (
        "未能归入的内容（2 处）：\n"
        "  落款之后的“说明：本报告中所列数据的统计期限自2022年1月……”未能归入任何部分\n"
        "  落款之后的“备注：数据统计截至2022年12月31日”未能归入任何部分\n"
    ) in out


def test_links_after_the_signature_are_named_in_the_notes(tmp_path: Path) -> None:
    """相关附件 and 解读 links after the 落款: no text of the report to import, but each named
    (before, they were lost in the frame's count of lines); the report itself is read whole."""
    path, doc = _after_the_date(
        tmp_path,
        "相关附件：<a>示例县2022年政府信息公开情况统计表.xls</a>",
        "解读：<a>一图读懂示例县人民政府办公室2022年政府信息公开工作年度报告</a>",
    )
    imported = _read(path)
    _the_report_alone(imported, doc)
    assert imported.page_frame[1:] == [
        "正文之后 8 段：“分享到：微信 微博 QQ空间”至“地址：示例县示例路1号 邮编：650000 电话……”",
        "正文之后的链接（所链接的内容未导入，请另行查看）："
        "“相关附件：示例县2022年政府信息公开情况统计表.xls”",
        "正文之后的链接（所链接的内容未导入，请另行查看）："
        "“解读：一图读懂示例县人民政府办公室2022年政府信息公开工作年度报告”",
    ]


def test_the_statistics_tables_in_an_attachment_after_the_signature(tmp_path: Path) -> None:
    """The report's text and 落款, then 附件 with the statistics tables, then the footer: the
    tables are the report's and every figure is read; the footer after them is the page's."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    start = page.index('<p style="text-indent:2em;line-height:28pt;font-family:仿宋_GB2312">'
                       "<strong>二、")  # fmt: skip
    end = page.index('<p style="text-indent:2em;line-height:28pt;font-family:仿宋_GB2312">'
                     "<strong>五、")  # fmt: skip
    tables = page[start:end]
    page = page[:start] + page[end:]
    page = page.replace(DATE, DATE + "<p>附件：政府信息公开情况统计表</p>" + tables)
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    assert imported.values == filled(doc)
    assert imported.fields["date"] == doc.fields["date"]
    assert imported.page_frame[1].startswith("正文之后 8 段：“分享到：")


@pytest.mark.parametrize(
    "first",
    ["分享政务公开经验做法是本年度的一项重点工作。", "关闭了3个长期不更新的政务新媒体账号。"],
    ids=["starts-with-share", "starts-with-close"],
)
def test_a_report_sentence_starting_with_a_link_word_under_the_title(
    tmp_path: Path, first: str
) -> None:
    """The report's first sentence starts with 分享 / 关闭: it is the preface's, not the page's
    meta line (before, it was taken into the frame with 【打印】【关闭】 above it)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    anchor = '<div class="TRS_Editor">'
    assert page.count(anchor) == 1
    page = page.replace(anchor, f"<div>【打印】【关闭】</div>{anchor}<p>{first}</p>")
    path.write_bytes(page.encode("gbk"))
    imported = _read(path)
    assert imported.sections[PREFACE] == f"{first}\n{TEXTS[PREFACE]}"
    # the frame's 14 lines above and 【打印】【关闭】
    assert imported.page_frame[0].startswith("正文之前 15 段和 1 个表格：")
    assert imported.unplaced == []


@pytest.mark.parametrize(
    ("line", "meta"),
    [
        ("【关闭】【打印】", True),
        ("[打印本页] [关闭窗口]", True),
        ("分享到：", True),
        ("分享到：微信 微博", True),
        ("发布时间：2019-01-30 来源：示例县人民政府办公室", True),
        ("字号：大 中 小", True),
        ("收藏", True),
        ("2023-01-20 10:30", True),
        ("关闭了3个长期不更新的政务新媒体账号。", False),
        ("分享政务公开经验做法", False),
        ("打印机等办公设备采购信息已公开。", False),
        ("【打印】【关闭】【返回顶部】", True),
        ("【打印本页】【关闭窗口】【我要纠错】", True),
        ("打印本页 关闭窗口 返回顶部", True),
        ("打印本页 | 返回顶部", True),
        ("【我要纠错】【返回顶部】", False),
        ("关闭 一个长期不再更新的账号", False),
        ("【打印】【关闭】【说明：本表数据】", False),
    ],
)
def test_the_meta_line_is_the_whole_line(line: str, meta: bool) -> None:
    from govreport_gui.core.layout.page_frame import page_info

    assert page_info(line) is meta


@pytest.mark.parametrize(
    "line",
    [
        "（此件公开发布）",
        "示例县人民政府办公室<br>2023年1月20日",
        "本网站由示例县人民政府办公室主办，欢迎批评指正。",
        "首页 | 政务公开 | 互动交流",
        "【返回】【顶部】",
        "2023-01-20",
        "【返回】",
        "建议使用IE9以上版本浏览器、1366×768分辨率浏览本站。",
        "示例县人民政府办公室主办 示例县大数据中心承办",
        "扫一扫 关注示例县人民政府微信公众号",
        "官方微博 官方微信",
        "【我要纠错】【返回顶部】",
        "技术支持：示例科技有限公司",
        "版权所有 &copy; 2023 示例县人民政府 技术支持：示例科技有限公司",
        "Copyright &copy; 2023 示例县人民政府 All Rights Reserved",
        "相关链接 | 联系我们 | 网站地图",
        "扫一扫在手机打开当前页",
        "本网站由示例县人民政府办公室主办，技术支持：示例科技有限公司。",
    ],
    ids=[
        "release-mark",
        "signature-again",
        "site-sentence",
        "menu",
        "bracketed-links",
        "date-alone",
        "back",
        "browser-sentence",
        "host-without-colon",
        "scan",
        "official-accounts",
        "other-links",
        "technical-support",
        "copyright",
        "copyright-sign",
        "related-links-menu",
        "scan-on-phone",
        "footer-sentence",
    ],
)
def test_the_pages_own_lines_right_after_the_signature_are_still_its_frame(
    tmp_path: Path, line: str
) -> None:
    """What a portal prints right under the 落款, before its share links, or the 落款 itself
    does (printed twice, the 公文's mark): not taken for the report's lines after its 落款."""
    path, doc = _after_the_date(tmp_path, line)
    _the_report_alone(_read(path), doc)


@pytest.mark.parametrize(
    ("note", "named"),
    [
        (
            "说明：本年度通过政务微博、微信公众号发布信息1200条，已计入上表。",
            "“说明：本年度通过政务微博、微信公众号发布信息12……”",
        ),
        (
            "备注：依申请公开件数含通过“返回”补正材料后重新提交的申请。",
            "“备注：依申请公开件数含通过“返回”补正材料后重新……”",
        ),
        (
            "说明：本表数据由本机关主办的政府网站统计。",
            "“说明：本表数据由本机关主办的政府网站统计。”",
        ),
        ("注：本站全年共受理政府信息公开申请12件。", "“注：本站全年共受理政府信息公开申请12件。”"),
        ("【备注】", "“【备注】”"),
        (
            "说明：本报告所列数据的统计期限自2023年1月1日起至12月31日止。"
            "如对本报告有疑问，请联系我们：0951-1234567。",
            "“说明：本报告所列数据的统计期限自2023年1月1……”",
        ),
        (
            "备注：全年未发生需要技术支持的政务公开平台故障。",
            "“备注：全年未发生需要技术支持的政务公开平台故障。”",
        ),
        ("说明：本年度政务公开工作要点见相关链接", "“说明：本年度政务公开工作要点见相关链接”"),
        ("注：群众扫一扫专区二维码即可查阅本报告。", "“注：群众扫一扫专区二维码即可查阅本报告。”"),
        ("备注：如有疑问请联系我们 0951-1234567", "“备注：如有疑问请联系我们 0951-123456……”"),
    ],
    ids=[
        "weibo-weixin",
        "back",
        "hosted",
        "this-station",
        "bracketed-label",
        "contact-us-sentence",
        "technical-support",
        "related-links",
        "scan",
        "no-full-stop",
    ],
)
def test_a_note_after_the_signature_holding_a_sites_word_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], note: str, named: str
) -> None:
    """A 说明 / 备注 after the 落款 with a word a portal prints too (微博, 微信, “返回”, 主办, 本站
    of a 水文站's report), a bracketed label alone, or a sentence merely mentioning a word of a
    portal's footer (请联系我们, 技术支持, 相关链接, 扫一扫): the report's, named with the line
    after it (before, both were taken into the page's frame — for a footer's word, as its footer
    — and lost in its count of lines); the footer after them is still the page's."""
    path, doc = _after_the_date(tmp_path, note, "本表中“0”表示无此项数据。")
    imported = _read(path)
    assert imported.unplaced == [
        f"落款之后的{named}未能归入任何部分",
        "落款之后的“本表中“0”表示无此项数据。”未能归入任何部分",
    ]
    assert imported.values == filled(doc)
    assert imported.fields["date"] == doc.fields["date"]
    assert imported.page_frame[1].startswith("正文之后 8 段：“分享到：")
    code, out, _ = _run(capsys, "import-report", path, "--values-out", tmp_path / "read.json")
    assert code == 0, out
    assert f"  落款之后的{named}未能归入任何部分\n" in out


@pytest.mark.parametrize(
    "links", ["【打印】【关闭】【返回顶部】", "【我要纠错】【打印本页】【关闭窗口】"]
)
def test_meta_links_with_other_links_under_the_title_stay_out_of_the_preface(
    tmp_path: Path, links: str
) -> None:
    """The meta line's print and close links among other short links (返回顶部, 我要纠错): the
    page's, not the preface's first paragraph (before, the preface started with them)."""
    doc = load(example_2021_file(tmp_path))
    path = portal_html(tmp_path / "a.htm", doc)
    page = _gbk(path)
    anchor = '<div class="TRS_Editor">'
    path.write_bytes(page.replace(anchor, f"<div>{links}</div>{anchor}").encode("gbk"))
    imported = _read(path)
    assert imported.sections[PREFACE] == TEXTS[PREFACE]
    assert imported.page_frame[0].startswith("正文之前 15 段和 1 个表格：")
    assert imported.unplaced == []


@pytest.mark.parametrize(
    ("line", "footer"),
    [
        ("技术支持：示例科技有限公司", True),
        ("主办单位：示例县人民政府办公室，承办单位：示例县大数据中心", True),
        ("版权所有 © 2023 示例县人民政府", True),
        ("Copyright © 2023 示例县人民政府", True),
        ("滇ICP备12345678号-1", True),
        ("网站标识码：5325000001", True),
        ("联系我们 | 网站地图 | 隐私声明", True),
        ("网站地图联系我们", True),  # links glued together, as inline links without spaces are
        ("【打印本页】【关闭窗口】", True),
        ("扫一扫在手机打开当前页", True),
        ("上一篇：示例县人民政府办公室2021年政府信息公开工作年度报告", True),
        ("如对本报告有疑问，请联系我们：0951-1234567。", False),
        ("说明：如有疑问请联系我们 0951-1234567", False),
        ("本年度为基层政务公开提供技术支持12次。", False),
        ("群众扫一扫专区二维码即可查阅政府信息，全年访问3万次。", False),
        ("详见本机关网站政务公开栏目相关链接。", False),
    ],
)
def test_a_footer_line_looks_like_one(line: str, footer: bool) -> None:
    """A footer's line by what it looks like (its marks, short link labels), not by one of its
    words a report's sentence or 说明 mentions."""
    from govreport_gui.core.layout.page_frame import footer_line

    assert footer_line(line) is footer


@pytest.mark.parametrize(
    "line",
    [
        "某某市人民政府办公室主办，某某市大数据管理局承办",
        "关于我们，联系我们，网站地图，使用帮助",
        "扫码关注微信公众号，获取更多政务信息",
        "返回首页，返回列表，我要纠错",
        "打印本页，关闭窗口，分享到微信",
        "浏览次数：12,345,678",
    ],
)
def test_a_pages_line_of_items_with_commas_after_the_signature_is_the_pages(line: str) -> None:
    """A footer's or a page's line that lists its items with commas (or a count with digit
    groups) is no sentence: it stays the page's, not a line of the report after its 落款."""
    from govreport_gui.core.layout.page_frame import site_line

    assert site_line(line)
