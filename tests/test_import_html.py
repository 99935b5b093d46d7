"""Reading a published report from a saved web page (issue 17): pages made here from values files
in several layouts (our export, an old content system's GBK page with layout tables, full-width
digits, unmerged headers) come back with every figure right; hostile pages get a Chinese message
or are read without harm, and nothing is fetched."""

from __future__ import annotations

import socket
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from published_reports import (
    SEED_VALUES,
    cms_html,
    example_2019_file,
    example_2021_file,
    export_html,
    filled,
    load,
    values_file,
)

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.layout import import_html
from govreport_gui.core.layout.import_docx import Paragraph, WordTable
from govreport_gui.core.layout.import_html import decode_page, page_blocks, read_html_blocks
from govreport_gui.core.ops.import_report import ReportImportRefused, read_report_file


def _read_back(path: Path, doc: ValuesDocument) -> Any:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == doc.form.id
    assert imported.values == filled(doc)
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.fields["year"] == doc.fields["year"]
    return imported


def _refusal(path: Path) -> str:
    with pytest.raises(ReportImportRefused) as caught:
        read_report_file(path, None, all_forms())
    message = caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


# -- layouts -----------------------------------------------------------------------------------


def test_our_own_web_page(tmp_path: Path) -> None:
    """govreport's web page export (UTF-8, <caption>, <thead>, rowspan/colspan): every figure, and
    each text section's text; the caption repeating the heading is not a second heading."""
    doc = load(example_2021_file(tmp_path, other=True))
    imported = _read_back(export_html(tmp_path / "report.html", doc), doc)
    assert imported.unplaced == []
    assert imported.sections["general"].startswith("（一）主动公开。")


def test_a_sentence_before_a_table_and_the_caption_repeating_the_heading(tmp_path: Path) -> None:
    """Our web page of a section with a sentence before its tables: the first table's caption
    (二、主动公开政府信息情况　第二十条第（一）项) repeats the heading above the sentence. It is the
    table's caption, as it is right under the heading — not a line of the section's text (before,
    “二、主动公开政府信息情况第二十条第（一）项” was kept as the section's second paragraph)."""
    from published_reports import TEXTS, report_of

    from govreport_gui.core.layout.report_html import render_report_html

    doc = load(example_2021_file(tmp_path))
    texts = {
        **TEXTS,
        "proactive_disclosure": "本年度主动公开情况如下表：",
        "requests_handled": "收到和处理申请情况如下表：",
    }
    path = tmp_path / "report.html"
    path.write_text(render_report_html(*report_of(doc, texts)), encoding="utf-8")
    assert "<caption>二、主动公开政府信息情况　第二十条第（一）项</caption>" in path.read_text(
        encoding="utf-8"
    )
    imported = _read_back(path, doc)
    assert imported.unplaced == []
    assert imported.sections["proactive_disclosure"] == "本年度主动公开情况如下表："
    assert imported.sections["requests_handled"] == "收到和处理申请情况如下表："


def test_our_draft_web_page_its_mark_is_not_named_as_text(tmp_path: Path) -> None:
    """The draft export's line 草稿（未签发）：本文件未经审核签发… above the title is our mark, as
    the Word file's page header and the PDF's watermark are: not text before the title that fits
    nowhere (before, import-report listed it as 未能归入的内容)."""
    from published_reports import report_of

    from govreport_gui.core.layout.report_html import render_report_html

    doc = load(example_2021_file(tmp_path))
    path = tmp_path / "draft.html"
    path.write_text(render_report_html(*report_of(doc), draft_mode=True), encoding="utf-8")
    assert "本文件未经审核签发" in path.read_text(encoding="utf-8")
    imported = _read_back(path, doc)
    assert imported.unplaced == []
    assert "未签发" not in "".join(imported.sections.values())


def test_a_gbk_page_of_an_old_content_system(tmp_path: Path) -> None:
    """<meta charset=gb2312>, the bytes in GBK, the report inside two layout tables beside the
    site's navigation, &nbsp; indents, <font>, labels broken by <br>, "—" in blank cells."""
    values = dict(load(example_2021_file(tmp_path)).values)
    values["fees"] = None
    fields = {"unit": "某某区人民政府", "year": "2022", "date": "2023年1月30日"}
    doc = load(values_file(tmp_path / "gbk.json", "gov-disclosure-2021", values, fields))
    path = cms_html(tmp_path / "report.htm", doc, encoding="gbk")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    imported = _read_back(path, doc)
    # the site's navigation and footer: said as the page's, not the report's “未能归入”
    assert imported.page_frame == [
        "正文之前 1 段：“首页 > 政务公开”",
        "正文之后 1 段：“版权所有：示例县人民政府”",
    ]
    assert imported.unplaced == []
    assert "广告" not in "".join(imported.sections.values())  # the script's text is not read


def test_full_width_digits_and_header_cells_unmerged(tmp_path: Path) -> None:
    """GB18030 bytes; figures typed in full-width digits (１２); the group headings (申请人情况,
    法人或其他组织) written out in each of their columns instead of merged."""
    doc = load(example_2021_file(tmp_path, other=True))
    path = cms_html(
        tmp_path / "report.html", doc, encoding="gb18030", full_width=True, repeat_merged=True
    )
    assert "１" in path.read_bytes().decode("gb18030")
    _read_back(path, doc)


def test_the_2014_example_as_a_plain_page(tmp_path: Path) -> None:
    doc = load(SEED_VALUES)
    _read_back(cms_html(tmp_path / "seed.html", doc, nested=False, encoding="utf-8"), doc)


def test_a_2019_report_page(tmp_path: Path) -> None:
    doc = load(example_2019_file(tmp_path))
    _read_back(cms_html(tmp_path / "r2019.html", doc), doc)


def test_the_2019_style_single_six_row_is_reported(tmp_path: Path) -> None:
    doc = load(example_2021_file(tmp_path))
    path = cms_html(tmp_path / "six.html", doc, six_as_2019=True)
    _, imported = read_report_file(path, None, all_forms())
    assert imported.values == {k: v for k, v in filled(doc).items() if not k.startswith("other_")}
    assert imported.lost_figures == 1
    assert any("（六）其他处理" in u and "一行有数字" in u for u in imported.unplaced)


# -- the parser --------------------------------------------------------------------------------


def test_spans_are_laid_out_on_a_grid_as_word_merges_them(tmp_path: Path) -> None:
    path = tmp_path / "t.html"
    path.write_text(
        "<table><tr><td rowspan=2>甲</td><td colspan=2>乙</td></tr>"
        "<tr><td>丙</td><td>丁<br>戊</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>",
        encoding="utf-8",
    )
    (table,) = read_html_blocks(path)
    assert isinstance(table, WordTable)
    assert table.rows == (("甲", "乙", None), (None, "丙", "丁\n戊"), ("1", "2", "3"))


def test_paragraphs_breaks_and_white_space(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(
        "<body><div>&nbsp;&nbsp;一、总体情况</div><p>第一段<b>加粗</b>\n 接着。<br>第二段"
        "<p>　　第三段<script>var x = '<p>不是正文</p>';</script><style>p{}</style>"
        "<div hidden>隐藏</div><span style='display: none'>也隐藏</span></body>",
        encoding="utf-8",
    )
    texts = [b.text for b in read_html_blocks(path) if isinstance(b, Paragraph)]
    assert texts == ["一、总体情况", "第一段加粗 接着。", "第二段", "第三段"]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("报告".encode("utf-8-sig"), "报告"),
        ("\ufeff报告".encode("utf-16-le"), "报告"),
        ('<meta charset="gbk">报告'.encode("gbk"), '<meta charset="gbk">报告'),
        ("报告，没有声明".encode("gb18030"), "报告，没有声明"),  # not UTF-8: read as GB18030
        ('<meta charset="utf-8">报告'.encode("gbk"), '<meta charset="utf-8">报告'),  # wrong
        # Saved again in UTF-8 with the old declaration kept: read as what the bytes are.
        ('<meta charset="gbk">某某局2018年报告'.encode(), '<meta charset="gbk">某某局2018年报告'),
        ('<meta charset="iso-8859-1">报告'.encode(), '<meta charset="iso-8859-1">报告'),
        ('<meta charset="big5">報告'.encode("big5"), '<meta charset="big5">報告'),
    ],
)
def test_decoding_by_bom_meta_or_content(data: bytes, text: str) -> None:
    assert decode_page(data) == text


# -- hostile pages -----------------------------------------------------------------------------


def test_nothing_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Images, frames, style sheets and scripts with addresses: no connection is opened."""

    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    doc = load(SEED_VALUES)
    path = cms_html(tmp_path / "seed.html", doc, nested=False, encoding="utf-8")
    page = path.read_text(encoding="utf-8").replace(
        "<body>",
        '<body><img src="http://example.invalid/a.png"><iframe src="http://example.invalid/">'
        '</iframe><link rel="stylesheet" href="http://example.invalid/s.css">'
        '<script src="http://example.invalid/s.js"></script>',
    )
    path.write_text(page, encoding="utf-8")
    _read_back(path, doc)


def test_a_table_of_50000_cells_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    path.write_text("<table>" + row * 500 + "</table>", encoding="utf-8")
    assert "单元格" in _refusal(path)


def test_a_huge_page_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(import_html.MAX_FILE_BYTES + 1)  # sparse
    assert "MB" in _refusal(path) or "过大" in _refusal(path)


def test_deep_nesting_and_forged_spans_do_no_harm(tmp_path: Path) -> None:
    """100,000 nested <div>s (no recursion error) and a span of a billion columns (clamped)."""
    path = tmp_path / "deep.html"
    path.write_text(
        "某某局2022年政府信息公开工作年度报告"
        + "<div>" * 100_000
        + "正文"
        + "</div>" * 100_000
        + '<table><tr><td colspan="999999999">甲</td></tr><tr><td>乙</td></tr></table>',
        encoding="utf-8",
    )
    blocks = read_html_blocks(path)
    assert [b.text for b in blocks if isinstance(b, Paragraph)][-1] == "正文"
    (table,) = [b for b in blocks if isinstance(b, WordTable)]
    assert table.rows[0][0] == "甲" and table.rows[1][0] == "乙"
    assert len(table.rows[0]) == import_html.MAX_SPAN


def test_a_forged_rowspan_pushing_cells_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "span.html"
    path.write_text(
        '<table><tr><td colspan="999" rowspan="999">甲</td></tr><tr><td>乙</td></tr></table>',
        encoding="utf-8",
    )
    assert "超过 200 列" in _refusal(path)


def test_too_many_elements_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_html, "MAX_ELEMENTS", 1000)
    path = tmp_path / "many.html"
    path.write_text("<span>字</span>" * 2000, encoding="utf-8")
    assert "超过 1000 个" in _refusal(path)


# Markup that nothing after it on the page closes, repeated: an end tag, a start tag (its
# attributes, a quote), a comment, a CDATA section, a processing instruction.
_NEVER_CLOSED = ["</", "<a ", "<a/", '<a x="', "<!--a>", "<![CDATA[x>", "<?"]
_PARSERS = ("parse_starttag", "parse_endtag", "parse_comment", "parse_pi", "parse_html_declaration")


def _count_misses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Where html.parser tried a piece of markup and found no end to it: each time, it scanned
    the rest of the page for one."""
    misses: list[int] = []

    def counting(parse: Callable[..., int]) -> Callable[..., int]:
        def parse_counted(self: HTMLParser, i: int, *args: int) -> int:
            end = parse(self, i, *args)
            if end < 0:
                misses.append(i)
            return end

        return parse_counted

    for name in _PARSERS:
        monkeypatch.setattr(HTMLParser, name, counting(getattr(HTMLParser, name)))
    return misses


@pytest.mark.parametrize("piece", _NEVER_CLOSED)
def test_markup_never_closed_is_read_as_a_browser_does_scanning_the_page_a_few_times(
    monkeypatch: pytest.MonkeyPatch, piece: str
) -> None:
    """Markup that nothing closes shows nothing, as in a browser. html.parser before Python
    3.11.14 took its ``<`` for text and tried again at the next ``<``, scanning the rest of the
    page each time: quadratic (400 KB of ``</`` took 12 s, of ``<a `` minutes), and the markup
    shown as the page's text. Now the page is scanned a few times at most, at any size."""
    misses = _count_misses(monkeypatch)
    for count in (500, 2000):
        misses.clear()
        blocks = page_blocks("<p>正文</p>" + piece * count, Path("p.html"))
        assert [block.text for block in blocks if isinstance(block, Paragraph)] == ["正文"]
        assert len(misses) <= import_html.READ_PAST + 1


@pytest.mark.parametrize(
    "stray",
    [
        "<a title='示例>",
        '<img alt="图片>',
        "<span class='x>",
        "<!-- 统计代码 >",
        "<a href='x' title='y>",
    ],
)
def test_a_stray_quote_or_comment_mid_page_loses_nothing_after_it(stray: str) -> None:
    """A tag whose quote is never closed (a CMS's slip), or a comment never closed, stands before
    the report's next heading: the tag ends at its ``>`` and the rest of the report is read. A
    browser would show nothing after it; the report's text is what the user imports."""
    page = (
        "<p>一、总体情况</p><p>甲。</p>"
        f"{stray}<p>二、主动公开政府信息情况</p><p>乙。</p><p>三、收到和处理政府信息公开申请情况</p>"
    )
    blocks = page_blocks(page, Path("p.html"))
    texts = [block.text for block in blocks if isinstance(block, Paragraph)]
    assert texts[:2] == ["一、总体情况", "甲。"]
    assert "二、主动公开政府信息情况" in texts and "乙。" in texts, texts
    assert texts[-1] == "三、收到和处理政府信息公开申请情况", texts


class _CountedStack(list[Any]):
    """The tree builder's stack of open elements, counting how often it is looked into."""

    looks = 0

    def __getitem__(self, index: Any) -> Any:
        _CountedStack.looks += 1
        return super().__getitem__(index)


@pytest.mark.parametrize(
    ("opened", "tags"),
    [
        ("<div>", "</span>"),
        ("<div>", "<td>"),
        ("<div>", "<tr>"),
        ("<div>", "<li>"),
        ("<span>", "<p>"),
        ("<div>", "<table></table>"),
    ],
)
def test_an_end_tag_or_optional_end_is_found_without_walking_500_open_elements(
    opened: str, tags: str
) -> None:
    """A crafted page opens 499 elements, then repeats a tag that closes an open element or would
    (an end tag, a cell, a list item): each one looked through every open element down to the
    page's root for the one it closes (400 KB of ``<td>`` took 10 s, 20 MB of ``</span>``
    about 90 s). Now each looks at a few, whatever the depth."""
    for count in (1000, 4000):
        builder = import_html._TreeBuilder(Path("p.html"))
        builder.stack = _CountedStack(builder.stack)
        _CountedStack.looks = 0
        builder.feed(opened * 499 + tags * count)
        builder.close()
        assert _CountedStack.looks < 10 * count


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ('<p>正文</p><p>后文<span class="x', ["正文", "后文"]),  # a page cut off in a tag
        ("<p>正文</p><p>后文<!-- 统计代码", ["正文", "后文"]),
        ("<p>正文</p><p>后文</", ["正文", "后文</"]),  # at the very end: text
        ("<p>正文</p><p>后文<", ["正文", "后文<"]),
        ("<p>正文</p><p>1 < 2，3 </ 4</p><p>后文</p>", ["正文", "1 < 2，3", "后文"]),
    ],
    ids=["tag", "comment", "end-tag-open", "less-than", "closed-later"],
)
def test_the_end_of_a_page_is_read_as_a_browser_shows_it(page: str, shown: list[str]) -> None:
    blocks = page_blocks(page, Path("p.html"))
    assert [block.text for block in blocks if isinstance(block, Paragraph)] == shown


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n", "不是网页"),
        (b"\x00\x01\x02binary" * 100, "二进制"),
        (b"", "空的"),
        (b"<html><body></body></html>", "没有可导入的内容"),
    ],
)
def test_not_a_page_or_an_empty_one(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "r.html"
    path.write_bytes(content)
    assert words in _refusal(path)


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "r.html"
    link.symlink_to("/dev/zero")
    assert str(link) in _refusal(link)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("r.xls", "另存为 .xlsx"),
        ("r.et", "另存为 .xlsx"),
        ("r.mht", "另存为”网页（.html）"),
        ("r.txt", "无法识别的文件类型"),
    ],
)
def test_formats_not_read_say_what_to_do(tmp_path: Path, name: str, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    assert words in _refusal(path)


def test_table_three_with_its_labels_in_three_columns(tmp_path: Path) -> None:
    """The official template's table 三: 三、本年度办理结果 and （三）不予公开 merged down beside the
    rows under them; each row is matched by its own label, under its heading."""
    doc = load(example_2021_file(tmp_path))
    path = cms_html(tmp_path / "official.html", doc, official=True)
    page = path.read_bytes().decode("gbk")
    assert 'rowspan="8"><p align="center"><span>（三）不予公开' in page
    imported = _read_back(path, doc)
    assert imported.table_notes == []


_PIECES = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=3>", "<td rowspan=99>",
    "<p>", "</p>", "<br>", "<div>", "</div>", "<script>", "</script>", "<caption>", "&nbsp;",
    "&#x4e00;", "&bogus;", "<!--", "-->", "<![CDATA[", "一、总体情况", "１２", "/", "—", "<",
    ">", "\x00", "\ufeff", '<meta charset="gbk">', "<td colspan=-5>", "<td colspan=x>",
]  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_any_tag_soup_is_read_or_refused_with_a_message(tmp_path: Path, pieces: list[str]) -> None:
    """Tags in any order, unclosed or stray, entities, spans of any value: blocks come back, or
    a refusal with a Chinese message; no other exception."""
    path = tmp_path / "soup.html"
    path.write_text("".join(pieces), encoding="utf-8")
    try:
        blocks = read_html_blocks(path)
    except import_html.HtmlImportError as exc:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
        return
    for block in blocks:
        if isinstance(block, WordTable):
            assert all(len(row) <= import_html.MAX_COLS for row in block.rows)
