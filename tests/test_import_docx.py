"""从 Word 导入年度报告 (issue 16): a report written in Word comes back as sections, figures, the
unit and the year, with a list of what could not be placed; old formats and hostile files get a
message, never a traceback. Every document is made here with python-docx."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from report_docx import (
    NATIONAL_HEADINGS,
    REPORT_2021_TEXT,
    add_grid_table,
    report_2021_document,
    seed_document,
    seed_sections,
    seed_values,
)
from test_forms_2019_2021 import example_2019, example_2021

from govreport_gui.cli.main import main
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import all_forms, get_form
from govreport_gui.core.layout.import_docx import (
    MAX_TABLE_ROWS,
    DocxImportError,
    heading_key,
    match_heading,
    parse_title,
    read_blocks,
    read_report,
)
from govreport_gui.core.ops.import_report import (
    ReportImportRefused,
    read_report_file,
)
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.report.model import PREFACE
from govreport_gui.core.store.draft import Draft


def sid(heading: str, form_id: str = "gov-disclosure-2021") -> str:
    """The id of the form's section with ``heading`` ("" = the preface): the form file's own ids
    once it defines its sections, else the import's fallback list."""
    if not heading:
        return PREFACE
    found = match_heading(heading, get_form(form_id).sections)
    assert found is not None, heading
    return found.id


def by_id(texts: dict[str, list[str]], form_id: str = "gov-disclosure-2021") -> dict[str, str]:
    return {sid(h, form_id): "\n".join(lines) for h, lines in texts.items()}


@pytest.fixture(scope="module")
def form_2021() -> FormDef:
    return get_form("gov-disclosure-2021")


def _read(path: Path, form_id: str | None = None) -> tuple[FormDef, object]:
    form = get_form(form_id) if form_id else None
    return read_report_file(path, form, all_forms())


# -- the seed report ---------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["plain", "heading", "bold"])
def test_seed_report_gives_back_every_section_and_figure(tmp_path: Path, style: str) -> None:
    """The seed as a clerk has it in Word (title on two lines, the 统计表 as 附件): each section's
    paragraphs, every figure of the example, the unit and the year; nothing left over."""
    path = seed_document(tmp_path / "seed.docx", heading_style=style)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2014"
    assert "统计表" in imported.form_reason
    assert imported.sections == by_id(seed_sections(), "gov-disclosure-2014")
    assert imported.values == {k: v for k, v in seed_values().items() if v is not None}
    assert imported.fields["unit"] == "自治区机关事务管理局"
    assert imported.fields["year"] == "2018"
    assert imported.fields["head"] == "潘明生"  # the table's footer lines are fields too
    assert imported.fields["date"] == "2019年2月14日"
    assert imported.title == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    assert (
        imported.headings[sid("四、2019年工作思路", form.id)] == "四、2019年工作思路"
    )  # as written, for a 2014 draft
    assert imported.unplaced == []


def test_seed_table_split_over_two_word_tables_with_blank_rows(tmp_path: Path) -> None:
    """A page break splits the table into two Word tables, the second without a header; blank
    rows between: still every figure."""
    path = seed_document(tmp_path / "split.docx", split_after=20, blank_rows=True)
    _, imported = read_report_file(path, None, all_forms())
    assert len([b for b in read_blocks(path) if not hasattr(b, "text")]) == 2
    assert imported.values == {k: v for k, v in seed_values().items() if v is not None}
    assert imported.unplaced == []


def test_seed_table_header_repeated_on_the_next_page(tmp_path: Path) -> None:
    document = docx.Document(str(seed_document(tmp_path / "a.docx", split_after=30)))
    second = document.tables[1]
    header = second.add_row()  # moved to the top: the header Word repeats on the next page
    second._tbl.remove(header._tr)
    second._tbl.insert(second._tbl.index(second._tbl.tr_lst[0]), header._tr)
    for cell, text in zip(header.cells, ("统计指标", "单位", "统计数"), strict=True):
        cell.text = text
    document.save(str(tmp_path / "b.docx"))
    _, imported = read_report_file(tmp_path / "b.docx", None, all_forms())
    assert imported.values == {k: v for k, v in seed_values().items() if v is not None}
    assert imported.unplaced == []


# -- 2021 and 2019 -----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["heading", "bold"])
def test_2021_report_all_six_sections_and_three_tables(
    tmp_path: Path, form_2021: FormDef, style: str
) -> None:
    """Six sections, tables 二 三 四 in the official layout (merged header cells), the 落款 at the
    end: the text of each text section, every figure, the unit, year and date."""
    values = example_2021()
    path = report_2021_document(tmp_path / "r.docx", form_2021, values, heading_style=style)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    assert imported.values == {k: v for k, v in values.items() if v is not None}
    assert imported.sections == by_id(REPORT_2021_TEXT)
    assert imported.fields == {
        "unit": "某某市人民政府办公室",
        "year": "2022",
        "date": "2023年1月20日",
    }
    assert imported.unplaced == []
    assert imported.table_notes == []


def test_merged_header_cells_are_read_as_word_merges_them(
    tmp_path: Path, form_2021: FormDef
) -> None:
    """Table 三's 申请人情况 › 法人或其他组织 › 商业企业…: the merged cells repeat in python-docx's
    view of a row; the import reads each figure once, under its own column."""
    path = report_2021_document(tmp_path / "r.docx", form_2021, example_2021())
    table = docx.Document(str(path)).tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header.count("申请人情况") > 1  # Word's merge, as python-docx shows it
    _, imported = read_report_file(path, None, all_forms())
    assert imported.values["new.commercial"] == example_2021()["new.commercial"]
    assert imported.values["new.total"] == example_2021()["new.total"]


def test_2019_and_2021_told_apart_by_their_tables(tmp_path: Path) -> None:
    """The same year (2020) in both titles: the tables decide (table 二's columns, table 三's
    （六）其他处理 rows)."""
    title = ("某某县人民政府2020年政府信息公开工作年度报告",)
    for form_id, values in (
        ("gov-disclosure-2019", example_2019()),
        ("gov-disclosure-2021", example_2021()),
    ):
        form = get_form(form_id)
        path = report_2021_document(tmp_path / f"{form_id}.docx", form, values, title=title)
        guessed, imported = read_report_file(path, None, all_forms())
        assert guessed.id == form_id
        assert imported.values == {k: v for k, v in values.items() if v is not None}


def test_a_report_without_tables_is_placed_by_its_year(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年主动公开信息100条。")
    document.save(str(tmp_path / "t.docx"))
    form, imported = read_report_file(tmp_path / "t.docx", None, all_forms())
    assert form.id == "gov-disclosure-2021"
    assert "年度" in imported.form_reason
    assert imported.sections == {sid("一、总体情况"): "全年主动公开信息100条。"}
    assert imported.values == {}
    assert any("没有表格" in line for line in imported.unplaced)


def test_wrong_form_keeps_the_text_and_lists_the_figures_it_could_not_place(
    tmp_path: Path,
) -> None:
    """A 2021 report read as 2019 (--form): table 二's columns differ (not read, and said so);
    table 三's three （六）其他处理 rows of 2021 are listed with their numbers, not dropped."""
    path = report_2021_document(
        tmp_path / "r.docx", get_form("gov-disclosure-2021"), example_2021()
    )
    _, imported = read_report_file(path, get_form("gov-disclosure-2019"), all_forms())
    assert imported.sections[sid("一、总体情况")].startswith("2022年")
    assert "regulations.made" not in imported.values
    assert imported.values["new.natural"] == example_2021()["new.natural"]
    assert any("第二十条第（一）项" in note for note in imported.table_notes)
    left = [line for line in imported.unplaced if line.endswith("（有数字，未导入）")]
    assert len(left) == 3 and "申请人无正当理由逾期不补正" in left[0]


def test_tables_that_are_not_the_forms_are_said_so(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "联系人", "电话"
    table.cell(1, 0).text, table.cell(1, 1).text = "张三", "12345"
    document.save(str(tmp_path / "t.docx"))
    _, imported = read_report_file(tmp_path / "t.docx", get_form("gov-disclosure-2021"), [])
    assert imported.values == {}
    assert any("1 个表格都对不上" in line for line in imported.unplaced)


def test_not_applicable_cells_are_blank_and_listed(tmp_path: Path, form_2021: FormDef) -> None:
    values = example_2021()
    path = report_2021_document(
        tmp_path / "r.docx",
        form_2021,
        values,
        cell_text={"penalty": "—", "fees": "/"},
    )
    _, imported = read_report_file(path, None, all_forms())
    assert "penalty" not in imported.values
    assert "fees" not in imported.values
    assert imported.values["licensing"] == values["licensing"]
    (note,) = [n for n in imported.table_notes if "不适用" in n]
    assert "2 格" in note and "表格1第" in note  # named as Word shows it, not as a sheet


# -- what cannot be placed ---------------------------------------------------------------------


def test_what_cannot_be_placed_is_listed_in_chinese(tmp_path: Path, form_2021: FormDef) -> None:
    document = docx.Document()
    document.add_paragraph("内部资料")
    document.add_paragraph("某某市人民政府办公室2022年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年主动公开信息100条。")
    document.add_paragraph("二、主动公开政府信息情况")
    add_grid_table(document, form_2021, "二、主动公开政府信息情况", example_2021())
    document.tables[0].add_row().cells[0].text = "地方性法规"
    document.tables[0].rows[-1].cells[1].text = "7"
    document.add_paragraph("七、附则")
    document.add_paragraph("本报告由办公室负责解释。")
    document.save(str(tmp_path / "r.docx"))
    _, imported = read_report_file(tmp_path / "r.docx", form_2021, all_forms())
    assert imported.unplaced[0] == "第 1 段“内部资料”在标题之前，未能归入任何部分"
    assert any(
        line.startswith("表格1第 ") and "“地方性法规”未能匹配表单中的行（有数字，未导入）" in line
        for line in imported.unplaced
    )
    assert "“七、附则”不是本表单的部分标题：它和其后 1 段未能归入任何部分" in imported.unplaced
    assert imported.extra_sections == [("七、附则", "本报告由办公室负责解释。")]
    assert imported.sections == {sid("一、总体情况"): "全年主动公开信息100条。"}
    assert imported.values["regulations.issued"] == example_2021()["regulations.issued"]


def test_text_after_the_attachment_table_is_not_taken_for_a_section(tmp_path: Path) -> None:
    path = seed_document(tmp_path / "seed.docx")
    document = docx.Document(str(path))
    document.add_paragraph("本表由综合处填报。")
    document.save(str(path))
    _, imported = read_report_file(path, None, all_forms())
    (line,) = imported.unplaced
    assert line.endswith("段“本表由综合处填报。”在附件中，未能归入任何部分")
    plans = imported.sections[sid("四、2019年工作思路", "gov-disclosure-2014")]
    assert "本表由综合处填报" not in plans


# -- headings and titles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "一、总体情况",
        "一.总体情况",
        "一．总体情况",
        "一 总体情况",
        "一总体情况",
        "总体情况",
        "第一部分 总体情况",
        "1.总体情况",
        "一、 总 体 情 况：",
        "　一、总体情况。",
    ],
)
def test_heading_written_differently_still_matches(written: str) -> None:
    sections = get_form("gov-disclosure-2021").sections
    found = match_heading(written, sections)
    assert found is not None and found.id == sid("一、总体情况")


@pytest.mark.parametrize(
    "written",
    [
        "（一）总体情况",
        "总体情况良好，各项工作有序推进。",
        "一、总体情况" + "很好" * 40,
        "二、总体",
    ],
)
def test_sub_headings_and_sentences_are_not_section_headings(written: str) -> None:
    assert match_heading(written, get_form("gov-disclosure-2021").sections) is None


def test_year_in_a_heading_does_not_matter() -> None:
    assert heading_key("四、2019年工作思路") == heading_key("四、2024年度工作思路")
    assert heading_key("四、下一年工作思路") == heading_key("四、2019年工作思路")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["自治区机关事务管理局2018年政府信息公开工作年度报告"],
            ("自治区机关事务管理局", "2018", 0, 1),
        ),
        (
            ["自治区机关事务管理局", "2018年政府信息公开工作年度报告"],
            ("自治区机关事务管理局", "2018", 0, 2),
        ),
        (
            ["机密", "某某市（区）人民政府 2024 年政府信息公开年度报告"],
            ("某某市（区）人民政府", "2024", 1, 2),
        ),
        (["2018年政府信息公开工作年度报告"], ("", "2018", 0, 1)),
        (["关于做好政务公开工作的通知"], None),
    ],
)
def test_title_on_one_line_or_two(lines: list[str], expected: object) -> None:
    assert parse_title(lines) == expected


# -- refused files -----------------------------------------------------------------------------


def _refusal(path: Path) -> str:
    with pytest.raises(ReportImportRefused) as caught:
        read_report_file(path, None, all_forms())
    message = caught.value.message
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Word 文档（.doc）"),
        ("old.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "WPS 文字文件（.wps）"),
        ("r.rtf", b"{\\rtf1\\ansi 2018}", "RTF"),
        ("r.pdf", b"%PDF-1.7\n%\xe2\xe3\n", "PDF"),
        ("r.doc", b"<html><body>Word HTML</body></html>", "不是 .docx"),
        ("r.docx", b"just text, not a document", "不是 Word 文档"),
        ("r.docx", b"", "空的"),
    ],
)
def test_other_formats_get_a_message_to_save_as_docx(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    message = _refusal(path)
    assert words in message
    if name.endswith((".doc", ".wps", ".rtf")):
        assert "另存为" in message and "(*.docx)" in message


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _with_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    """``source`` with one member replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info, old.read(info))
        new.writestr(name, data)
    return target


def test_odt_and_xlsx_and_other_zips_are_named(tmp_path: Path) -> None:
    odt = _zip(tmp_path / "r.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"})
    assert "OpenDocument" in _refusal(odt) and "另存为" in _refusal(odt)
    xlsx = _zip(tmp_path / "t.docx", {"xl/workbook.xml": b"<workbook/>"})
    assert "Excel 工作簿" in _refusal(xlsx)
    other = _zip(tmp_path / "o.docx", {"readme.txt": b"hello"})
    assert "不是 Word 文档" in _refusal(other)


def test_damaged_docx_is_refused(tmp_path: Path) -> None:
    good = seed_document(tmp_path / "seed.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good[: len(good) // 2])
    assert "损坏" in _refusal(cut)
    broken = _with_member(
        tmp_path / "seed.docx", tmp_path / "b.docx", "word/document.xml", b"<w:document"
    )
    assert "无法读取 Word 文档" in _refusal(broken)


def test_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = _with_member(
        seed_document(tmp_path / "seed.docx"),
        tmp_path / "bomb.docx",
        "word/media/image1.png",
        b"\0" * (30 * 1024 * 1024),
    )
    message = _refusal(bomb)
    assert "压缩炸弹" in message


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    """A billion-laughs document.xml: refused before parsing. (python-docx's own parser would not
    expand the entities either, checked below.)"""
    source = seed_document(tmp_path / "seed.docx")
    with zipfile.ZipFile(source) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    head, _, rest = body.partition("?>")
    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    crafted = head + "?>" + laughs + rest.replace("自治区机关事务管理局", "&c;", 1)
    bad = _with_member(source, tmp_path / "dtd.docx", "word/document.xml", crafted.encode("utf-8"))
    assert "DTD" in _refusal(bad)
    utf16 = _with_member(
        source, tmp_path / "dtd16.docx", "word/document.xml", crafted.encode("utf-16")
    )
    assert "DTD" in _refusal(utf16)

    from docx.oxml.parser import parse_xml

    element = parse_xml(crafted.encode("utf-8"))  # what python-docx would have made of it
    assert "haha" not in "".join(element.itertext())


def test_external_file_reference_is_refused_but_a_web_link_is_not(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(str(seed_document(tmp_path / "seed.docx")))
    document.part.relate_to("http://www.nxjgsw.gov.cn/", RT.HYPERLINK, is_external=True)
    document.save(str(tmp_path / "link.docx"))
    _, imported = read_report_file(tmp_path / "link.docx", None, all_forms())
    assert imported.values  # read as usual
    template = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    )
    document.part.relate_to("http://attacker.example/t.dotm", template, is_external=True)
    document.save(str(tmp_path / "remote.docx"))
    message = _refusal(tmp_path / "remote.docx")
    assert "文件以外的内容" in message and "attacker.example" in message
    document = docx.Document(str(seed_document(tmp_path / "seed2.docx")))
    document.part.relate_to(r"\\server\share\pic.png", RT.IMAGE, is_external=True)
    document.save(str(tmp_path / "image.docx"))
    assert "image" in _refusal(tmp_path / "image.docx")


def test_a_huge_table_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    table = document.add_table(rows=1, cols=1)
    row = table.rows[0]._tr
    for _ in range(MAX_TABLE_ROWS):
        table._tbl.append(__import__("copy").deepcopy(row))
    document.save(str(tmp_path / "huge.docx"))
    assert f"超过 {MAX_TABLE_ROWS} 行" in _refusal(tmp_path / "huge.docx")


def test_refusal_of_read_blocks_is_a_docx_import_error(tmp_path: Path) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(DocxImportError):
        read_blocks(path)


# -- the command -------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部错误" not in err, err
    return code, out, err


def test_import_report_makes_a_draft_and_says_what_it_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_document(tmp_path / "seed.docx")
    code, out, _ = _run(capsys, "import-report", path, tmp_path / "seed2018")
    assert code == 0
    assert "表单：gov-disclosure-2014" in out
    assert "标题：自治区机关事务管理局2018年政府信息公开工作年度报告" in out
    assert "  一、概述\t4 段\t“2018年，自治区机关事务管理局认真贯彻……”" in out
    assert "统计表：读出 58 个数字" in out
    assert "共 0 个错误" in out  # the check of the figures, as `govreport check` prints it
    draft = Draft.open(tmp_path / "seed2018.nianbao", "测试")
    try:
        assert {k: v for k, v in draft.values.items() if v is not None} == {
            k: v for k, v in seed_values().items() if v is not None
        }
        assert draft.fields["unit"] == "自治区机关事务管理局"
        assert draft.fields["year"] == "2018"
        # Every section's text in the draft, paragraph by paragraph as the seed has them.
        by_heading = {s.heading: s.text for s in report_text(draft).sections if s.kind == "text"}
        for heading, paragraphs in seed_sections().items():
            assert by_heading[heading].split("\n") == paragraphs, heading
    finally:
        draft.close()
    code, _, err = _run(capsys, "import-report", path, tmp_path / "seed2018.nianbao")
    assert code == 1 and "不会覆盖" in err


def test_a_2014_section_of_the_reports_own_is_imported_not_named_as_not_placed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2014 form's sections may be edited: a heading it has not (五、其他需要报告的事项) becomes
    a section of the new draft, with its text — and is not also listed as 未能归入的内容 (before,
    the same heading was said to be imported and not placed)."""
    path = seed_document(tmp_path / "seed.docx")
    document = docx.Document(str(path))
    attachment = next(p for p in document.paragraphs if p.text.startswith("附件"))
    attachment.insert_paragraph_before("五、其他需要报告的事项")
    attachment.insert_paragraph_before("本年度无其他需要报告的事项。")
    document.save(str(path))
    code, out, _ = _run(capsys, "import-report", path, tmp_path / "seed2018")
    assert code == 0, out
    assert "  五、其他需要报告的事项\t1 段\t（作为新的一节导入）" in out
    assert "未能归入" not in out
    draft = Draft.open(tmp_path / "seed2018.nianbao", "测试")
    try:
        by_heading = {s.heading: s.text for s in report_text(draft).sections}
        assert by_heading["五、其他需要报告的事项"] == "本年度无其他需要报告的事项。"
    finally:
        draft.close()


def test_a_section_the_report_has_not_is_named_with_its_year_filled_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: Any
) -> None:
    """The form's 四、{next}年工作思路, absent from a 2018 report (its 四 is headed otherwise), is
    listed as 四、2019年工作思路 — by import-report and in the window's dialog — not with the form
    file's placeholder (before: “四、{next}年工作思路	（文档中没有正文）”)."""
    from govreport_gui.gui.import_report_ui import section_rows

    path = seed_document(tmp_path / "seed.docx")
    document = docx.Document(str(path))
    heading = next(p for p in document.paragraphs if p.text == "四、2019年工作思路")
    heading.text = "四、明年打算"
    document.save(str(path))
    code, out, _ = _run(capsys, "import-report", path, "--values-out", tmp_path / "v.json")
    assert code == 0, out
    assert "  四、2019年工作思路\t（文档中没有正文）" in out and "{next}" not in out
    _, imported = read_report_file(path, None, all_forms())
    names = [
        name for name, _count, _first in section_rows(get_form("gov-disclosure-2014"), imported)
    ]
    assert "四、2019年工作思路" in names and not any("{" in name for name in names)


def test_import_report_lists_what_was_not_placed_and_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], form_2021: FormDef
) -> None:
    values = example_2021()
    values["new.total"] = 1  # does not add up: the check says so
    path = report_2021_document(tmp_path / "r.docx", form_2021, values, title=("年度报告",))
    code, out, _ = _run(
        capsys, "import-report", path, tmp_path / "r.nianbao", "--form", "gov-disclosure-2021"
    )
    assert code == 1  # written, but the figures have errors (issue 17)
    assert (tmp_path / "r.nianbao").exists()
    assert "没有找到报告标题" in out
    assert "按指定的表单" in out
    assert "错误" in out.split("\n校验：")[1]


def test_import_report_refuses_a_doc_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = _run(capsys, "import-report", path, tmp_path / "new")
    assert code == 2
    assert "另存为" in err and "Word 文档 (*.docx)" in err
    assert not (tmp_path / "new.nianbao").exists()


def test_money_and_signed_figures_come_back_exactly(tmp_path: Path) -> None:
    form = get_form("gov-disclosure-2019")
    values = example_2019()
    path = report_2021_document(
        tmp_path / "r.docx", form, values, title=("某某县人民政府2019年政府信息公开工作年度报告",)
    )
    _, imported = read_report_file(path, None, all_forms())
    assert imported.values["procurement.amount"] == Decimal("25.1")
    assert imported.values["licensing.change"] == -18
    tables = {sid(heading, form.id) for heading, table in NATIONAL_HEADINGS if table}
    assert set(imported.sections) == {sid(h, form.id) for h in REPORT_2021_TEXT}
    assert not tables & set(imported.sections)


def test_a_numbered_item_inside_a_section_stays_its_text(tmp_path: Path) -> None:
    """``一、…`` inside 五、 is a list item (numbered before the section it stands in); the 落款
    closes the text even when the report ends before the form's last section."""
    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    document.add_paragraph("五、存在的主要问题及改进情况")
    for line in ("一、公开不够及时", "二、解读形式单一", "下一步将加以改进。"):
        document.add_paragraph(line)
    document.add_paragraph("某某局")
    document.add_paragraph("2024年1月15日")
    document.save(str(tmp_path / "t.docx"))
    _, imported = read_report_file(tmp_path / "t.docx", get_form("gov-disclosure-2021"), [])
    assert imported.sections == {
        sid(
            "五、存在的主要问题及改进情况"
        ): "一、公开不够及时\n二、解读形式单一\n下一步将加以改进。"
    }
    assert imported.extra_sections == []
    assert imported.fields["date"] == "2024年1月15日"


def test_a_file_too_large_for_a_report_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    with path.open("wb") as handle:  # sparse: takes no room on the disk
        handle.write(b"PK\x03\x04")
        handle.truncate(60 * 1024 * 1024)
    assert "文件太大" in _refusal(path)


def test_macro_enabled_documents_and_templates_are_named(tmp_path: Path) -> None:
    source = seed_document(tmp_path / "seed.docx")
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml")
    main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert main in types
    for name, kind, words in (
        ("m.docm", b"application/vnd.ms-word.document.macroEnabled.main+xml", "启用宏"),
        (
            "t.dotx",
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "模板",
        ),
    ):
        path = _with_member(
            source, tmp_path / name, "[Content_Types].xml", types.replace(main, kind)
        )
        message = _refusal(path)
        assert words in message and "另存为" in message and "Error" not in message


def test_table_three_split_by_a_page_break_with_its_header_repeated(
    tmp_path: Path, form_2021: FormDef
) -> None:
    """Table 三 continued in a second Word table that repeats the three header rows (merged
    cells and the top-left note): every figure, and the repeated header is not reported."""
    import copy

    values = example_2021()
    path = report_2021_document(tmp_path / "r.docx", form_2021, values)
    document = docx.Document(str(path))
    first = document.tables[1]._tbl
    second = copy.deepcopy(first)
    rows = first.tr_lst
    depth = 3  # 申请人情况 › 法人或其他组织 › 商业企业…
    cut = 12
    for tr in rows[cut:]:
        first.remove(tr)
    for tr in second.tr_lst[depth:cut]:
        second.remove(tr)
    brk = document.add_paragraph()._p
    first.addnext(brk)
    brk.addnext(second)
    document.save(str(tmp_path / "split.docx"))
    _, imported = read_report_file(tmp_path / "split.docx", None, all_forms())
    assert len(docx.Document(str(tmp_path / "split.docx")).tables) == 4
    assert imported.values == {k: v for k, v in values.items() if v is not None}
    assert imported.unplaced == []


@pytest.mark.parametrize(
    ("target", "refused"),
    [
        ("file:///C:/Users/clerk/AppData/Roaming/Microsoft/Templates/公文.dotm", False),
        ("C:\\Users\\clerk\\Documents\\公文模板.dotx", False),
        ("http://attacker.example/t.dotm", True),
        ("\\\\fileserver\\templates\\t.dotm", True),
        ("file://fileserver/templates/t.dotm", True),
    ],
)
def test_a_template_on_this_computer_is_fine_a_remote_one_is_not(
    tmp_path: Path, target: str, refused: bool
) -> None:
    """Word records the 公文 template a report was written from (settings.xml.rels): on this
    computer it is common and harmless (never opened here); on the network it is how a document
    reaches out when Word opens it."""
    document = docx.Document(str(seed_document(tmp_path / "seed.docx")))
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    document.part._settings_part.relate_to(target, kind, is_external=True)  # settings.xml.rels
    document.save(str(tmp_path / "t.docx"))
    if refused:
        assert "attachedTemplate" in _refusal(tmp_path / "t.docx")
    else:
        assert read_report_file(tmp_path / "t.docx", None, all_forms())[1].values


def test_without_tables_or_year_the_headings_decide(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("政府信息公开工作年度报告")
    for heading, text in (("一、概述", "全年工作平稳。"), ("三、存在的问题与不足", "人手不足。")):
        document.add_paragraph(heading)
        document.add_paragraph(text)
    document.save(str(tmp_path / "t.docx"))
    form, imported = read_report_file(tmp_path / "t.docx", None, all_forms())
    assert form.id == "gov-disclosure-2014"
    assert imported.form_reason == "按各部分的标题判断（2 个部分的标题与表单对应）"
    assert imported.sections == {
        sid("一、概述", form.id): "全年工作平稳。",
        sid("三、存在的问题与不足", form.id): "人手不足。",
    }
    assert imported.title == "政府信息公开工作年度报告"
    assert imported.unplaced == [
        "标题“政府信息公开工作年度报告”中没有写年度，年度未能读出",
        "文档中没有表格：统计表的数字需另行填写（或用“从 Excel 导入”）",
    ]


def test_a_sentence_before_a_table_stays_with_its_section(
    tmp_path: Path, form_2021: FormDef
) -> None:
    """Sections 二–四 are tables, and a sentence may stand before each: it is kept under that
    section's id (the draft decides what a table section's text is), never dropped."""
    document = docx.Document()
    document.add_paragraph("某某市人民政府办公室2022年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_paragraph("本年度主动公开情况如下表。")
    add_grid_table(document, form_2021, "二、主动公开政府信息情况", example_2021())
    document.save(str(tmp_path / "t.docx"))
    _, imported = read_report_file(tmp_path / "t.docx", form_2021, [])
    assert imported.sections == {sid("二、主动公开政府信息情况"): "本年度主动公开情况如下表。"}
    assert imported.values["licensing"] == example_2021()["licensing"]


def test_sections_as_the_form_files_define_them(tmp_path: Path) -> None:
    """Headings with the form file's placeholders (四、{next}年工作思路) and the 2014 table as a
    section of its own (附件：政府信息公开情况统计表): the seed still reads whole, and text after
    the attachment's table is not taken for the attachment's or any section's."""
    from govreport_gui.core.report.model import TABLE, TEXT, SectionDef

    sections = (
        SectionDef(id=PREFACE, heading="", kind=TEXT),
        SectionDef(id="summary", heading="一、概述", kind=TEXT),
        SectionDef(id="disclosure", heading="二、信息公开情况", kind=TEXT),
        SectionDef(id="shortcomings", heading="三、存在的问题与不足", kind=TEXT),
        SectionDef(id="next_year", heading="四、{next}年工作思路", kind=TEXT),
        SectionDef(id="attachment", heading="附件：政府信息公开情况统计表", kind=TABLE),
    )
    path = seed_document(tmp_path / "seed.docx")
    document = docx.Document(str(path))
    attachment = next(p for p in document.paragraphs if p.text == "附件")
    attachment.text = "附件：政府信息公开情况统计表"
    document.add_paragraph("本表由综合处填报。")
    document.save(str(path))
    imported = read_report(path, get_form("gov-disclosure-2014"), sections)
    lines = seed_sections()
    assert imported.sections["next_year"] == "\n".join(lines["四、2019年工作思路"])
    assert imported.sections["summary"] == "\n".join(lines["一、概述"])
    assert "attachment" not in imported.sections
    assert imported.values == {k: v for k, v in seed_values().items() if v is not None}
    (line,) = imported.unplaced
    assert "本表由综合处填报" in line and "在附件中" in line


def test_an_empty_word_document_makes_no_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "空白.docx"
    docx.Document().save(str(path))
    code, _, err = _run(capsys, "import-report", path, tmp_path / "new.nianbao")
    assert code == 2 and "没有可导入的内容" in err
    assert not (tmp_path / "new.nianbao").exists()
