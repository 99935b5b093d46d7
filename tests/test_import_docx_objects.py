"""A statistics table pasted into a Word report as an embedded Excel object (插入 → 对象 → Excel
工作表, 选择性粘贴 → Microsoft Excel 工作表对象): Word shows the sheet's picture, the document
holds the workbook (``word/embeddings/Microsoft_Excel_Worksheet*.xlsx``). The import reads the
sheet the object shows as a table in its place; an old binary embedding (``oleObject*.bin``, an
.xls) or a damaged workbook is named with what to do, and the rest of the document still reads."""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import docx
import openpyxl
import pytest
from cli_run import Run, run
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from published_reports import (
    distinct_file,
    example_2021_file,
    filled,
    grids,
    load,
    report_of,
)
from test_import_xlsx import damaged_directory

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.layout import docx_objects
from govreport_gui.core.layout.import_docx import Paragraph, WordTable, read_blocks
from govreport_gui.core.ops.import_report import ReportImportRefused, read_report_file
from govreport_gui.core.report.model import TABLE

_ = run  # the fixture of cli_run

PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
OLE_OBJECT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BIN_TYPE = "application/vnd.openxmlformats-officedocument.oleObject"
NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
# A one-pixel PNG: the object's preview picture, as Word stores one (an EMF, usually).
PREVIEW = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
Cells = Sequence[Sequence[object]]


def workbook(
    sheets: Sequence[tuple[str, Cells]],
    merges: Sequence[str] = (),
    active: int = 0,
    formats: dict[str, str] | None = None,
) -> bytes:
    """An .xlsx of ``sheets`` (title, rows of values); ``merges`` and ``formats`` (cell → number
    format) on the active sheet, the one the object shows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.active = active
    for merged in merges:
        book.active.merge_cells(merged)
    for cell, number_format in (formats or {}).items():
        book.active[cell].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def vml_object(rid: str, picture: str, prog_id: str) -> str:
    """A ``w:object`` as Word writes an embedded sheet: a VML picture and the OLE object."""
    return (
        f'<w:object {NAMESPACES} w:dxaOrig="9000" w:dyaOrig="6000">'
        '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:450pt;height:300pt" o:ole="">'
        f'<v:imagedata r:id="{picture}" o:title=""/></v:shape>'
        f'<o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i1025" '
        f'DrawAspect="Content" ObjectID="_1700000001" r:id="{rid}"/>'
        "</w:object>"
    )


def drawing_object(rid: str, picture: str, prog_id: str) -> str:
    """The newer way: the preview as a DrawingML picture, the object as ``w:objectEmbed``."""
    return (
        f'<w:object {NAMESPACES} w:dxaOrig="9000" w:dyaOrig="6000"><w:drawing>'
        '<wp:inline><wp:extent cx="5715000" cy="3810000"/><wp:docPr id="7" name="对象 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:blipFill><a:blip r:embed="{picture}"/></pic:blipFill></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
        f'<w:objectEmbed w:drawAspect="content" r:id="{rid}" w:progId="{prog_id}" '
        'w:shapeId="_x0000_i1026" w:fieldCodes=""/></w:object>'
    )


class Report:
    """A python-docx document being written, with embedded objects added where asked."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self.count = 0

    def text(self, text: str) -> None:
        self.document.add_paragraph(text)

    def embed(
        self,
        blob: bytes,
        *,
        binary: bool = False,
        prog_id: str = "",
        drawing: bool = False,
        before: str = "",
    ) -> None:
        """A paragraph holding ``before`` (text) and the object whose content is ``blob``: an .xlsx
        part, or with ``binary`` an ``oleObject*.bin`` (an .xls embedded by an old Word)."""
        self.count += 1
        part_name = (
            f"/word/embeddings/oleObject{self.count}.bin"
            if binary
            else f"/word/embeddings/Microsoft_Excel_Worksheet{self.count}.xlsx"
        )
        main = self.document.part
        part = Part(PackURI(part_name), BIN_TYPE if binary else XLSX_TYPE, blob, main.package)
        rid = main.relate_to(part, OLE_OBJECT if binary else PACKAGE)
        picture, _image = main.get_or_add_image(io.BytesIO(PREVIEW))
        kind = prog_id or ("Excel.Sheet.8" if binary else "Excel.Sheet.12")
        made = (drawing_object if drawing else vml_object)(rid, picture, kind)
        paragraph = self.document.add_paragraph(before)
        run = paragraph.add_run()
        run._r.append(parse_xml(made))

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path


def figure(text: str) -> object:
    """A cell of the grid as Excel holds it: a figure as a number, the rest as text."""
    for kind in (int, float):
        try:
            return kind(text)  # type: ignore[operator]
        except ValueError:
            continue
    return text or None


def report_with_objects(path: Path, values: Path, drawing: bool = False) -> Path:
    """A 2021 report whose every statistics table is an embedded Excel sheet (its merges as the
    official layout has them; the object shows the workbook's second sheet, a note on the first)."""
    doc = load(values)
    report, data = report_of(doc)
    tables = {g.title: g for g in grids(doc.form, doc.values, "", official=True)}
    out = Report()
    out.text(report.title)
    for section in report.sections:
        if section.heading:
            out.text(section.heading)
        for paragraph in (p for p in section.text.split("\n") if p.strip()):
            out.text(paragraph)
        if section.kind != TABLE:
            continue
        grid = tables[section.heading]
        rows = [[figure(text) for text in row] for row in grid.rows]
        merges = [
            f"{_name(s.row, s.col)}:{_name(s.row + s.rowspan - 1, s.col + s.colspan - 1)}"
            for s in grid.spans
        ]
        blob = workbook([("说明", [["本表为嵌入的工作表"]]), ("统计表", rows)], merges, active=1)
        out.embed(blob, drawing=drawing)
    out.text(data.unit)
    out.text(report.date)
    return out.save(path)


def _name(row: int, col: int) -> str:
    return f"{chr(ord('A') + col)}{row + 1}"


# -- reading the sheet -------------------------------------------------------------------------


@pytest.mark.parametrize("drawing", [False, True], ids=["vml", "drawing"])
def test_tables_pasted_as_excel_objects_give_every_figure(tmp_path: Path, drawing: bool) -> None:
    values = distinct_file(tmp_path, "gov-disclosure-2021")
    doc = load(values)
    path = report_with_objects(tmp_path / "report.docx", values, drawing)
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == "gov-disclosure-2021"
    assert imported.values == filled(doc)
    assert not imported.missing_tables and not imported.lost_figures
    assert imported.fields["unit"] == doc.fields["unit"]
    assert imported.sections["general"].startswith("（一）主动公开。")


def test_the_sheet_the_object_shows_becomes_a_table_in_its_place(tmp_path: Path) -> None:
    """The active sheet's used range: a figure as the cell shows it (12, not 12.0; 1.50 in a
    format of two places), a merged range's text in its first cell, the cells under it empty."""
    sheet = [
        [None, None, None],
        [None, "办理情况", None, None],
        [None, "收到申请", 12, 3.25],
        [None, "其中", 1.5, None],
        [None, None, 7, None],
    ]
    blob = workbook(
        [("其他", [["不显示"]]), ("表", sheet)],
        merges=["B2:D2", "B4:B5"],
        active=1,
        formats={"C4": "0.00"},
    )
    out = Report()
    out.text("甲")
    out.embed(blob)
    out.text("乙")
    blocks = read_blocks(out.save(tmp_path / "report.docx"))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "WordTable", "Paragraph"]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["甲", "乙"]
    table = blocks[1]
    assert isinstance(table, WordTable)
    assert table.rows == (
        ("办理情况", None, None),
        ("收到申请", "12", "3.25"),
        ("其中", "1.50", None),
        (None, "7", None),
    )
    assert table.spans == ((0, 0, 3),)


def with_shown_area(blob: bytes, ref: str) -> bytes:
    """``blob`` with workbook.xml naming the area the object shows (``<oleSize ref=…/>``, which
    Excel writes for an embedded workbook and openpyxl does not)."""
    source, out = zipfile.ZipFile(io.BytesIO(blob)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</workbook>", f'<oleSize ref="{ref}"/></workbook>'.encode())
            target.writestr(info, data)
    return out.getvalue()


def test_only_the_area_the_object_shows_is_read(tmp_path: Path) -> None:
    """选择性粘贴 of a range embeds the whole workbook and shows the range: last year's figures
    beside it and a note under it, which Word does not show, are not read into the table."""
    sheet = [
        [None, "项目", "数量", None, "上年", "数量"],
        [None, "收到申请", 12, None, "收到申请", 10],
        [None, "办结", 11, None, "办结", 9],
        [],
        [None, "注：内部数据，勿公开"],
    ]
    out = Report()
    out.embed(with_shown_area(workbook([("表", sheet)]), "B1:C3"))
    blocks = read_blocks(out.save(tmp_path / "report.docx"))
    assert blocks == [WordTable(1, (("项目", "数量"), ("收到申请", "12"), ("办结", "11")))]


def test_text_before_the_object_in_its_paragraph_comes_first(tmp_path: Path) -> None:
    out = Report()
    out.embed(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]), before="表一")
    blocks = read_blocks(out.save(tmp_path / "report.docx"))
    assert blocks == [Paragraph(1, "表一"), WordTable(1, (("项目", "数量"), ("收到申请", "12")))]


# -- what cannot be read is said ---------------------------------------------------------------


def _text_report(out: Report) -> None:
    out.text("某某局2022年政府信息公开工作年度报告")
    out.text("一、总体情况")
    out.text("全年收到政府信息公开申请12件。")


def test_an_old_binary_excel_object_is_named_with_what_to_do(tmp_path: Path) -> None:
    out = Report()
    _text_report(out)
    out.embed(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), binary=True)
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections["general"]
    said = "\n".join(imported.unplaced)
    assert "旧版" in said and "oleObject1.bin" in said, said
    assert "双击" in said and "govreport import-xlsx" in said, said
    assert "文档中没有表格" not in said  # the object is the table, named


def test_import_report_says_the_binary_object_and_check_names_it(tmp_path: Path, run: Run) -> None:
    out = Report()
    _text_report(out)
    out.embed(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), binary=True)
    path = out.save(tmp_path / "report.docx")
    code, said, _ = run("import-report", path, tmp_path / "new.nianbao")
    assert code == 1, said  # the draft is written, its tables blank
    assert "嵌入的 Excel 表格" in said and "旧版" in said, said
    code, said, err = run("check", path)
    assert code == 2, said + err
    assert "嵌入的 Excel 表格" in said + err and "旧版" in said + err, said + err


def _with_dtd() -> bytes:
    """A workbook whose sheet declares an entity (the billion laughs' start)."""
    import zipfile

    source = io.BytesIO(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, body = data.rpartition(b"?>")  # after the XML declaration, if any
                data = head + _ + b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
            new.writestr(info, data)
    return out.getvalue()


def _formula() -> bytes:
    return workbook([("表", [["项目", "数量"], ["收到申请", "=1+2"]])])


@pytest.mark.parametrize(
    ("blob", "reason"),
    [
        (b"PK\x03\x04 not a whole zip", "已损坏"),
        (b"just some bytes", "不是 Excel"),
        (_with_dtd(), "DTD"),
        (_formula(), "公式"),
    ],
    ids=["damaged", "not-a-workbook", "dtd", "formula"],
)
def test_an_embedded_workbook_that_cannot_be_read_is_said_in_chinese(
    tmp_path: Path, blob: bytes, reason: str
) -> None:
    out = Report()
    _text_report(out)
    out.embed(blob)
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections["general"]
    said = "\n".join(imported.unplaced)
    assert "嵌入的 Excel 表格" in said and reason in said, said
    assert "Microsoft_Excel_Worksheet1.xlsx" in said and "Traceback" not in said


def test_an_object_in_a_table_cell_is_named(tmp_path: Path) -> None:
    out = Report()
    _text_report(out)
    out.embed(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]))
    body = out.document.element.body
    paragraph = body[len(body) - 2]  # the object's, before the section properties
    cell = out.document.add_table(rows=1, cols=2).cell(0, 1)
    cell._tc.append(paragraph)
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    said = "\n".join(imported.unplaced)
    assert "表格1的单元格中嵌有 1 个 Excel 表格" in said and "双击" in said, said


def test_other_tables_still_read_beside_an_unreadable_object(tmp_path: Path) -> None:
    """A report whose tables are objects, one of them an old .xls: the others' figures are read,
    the missing table is said as missing, the object named."""
    values = example_2021_file(tmp_path)
    path = report_with_objects(tmp_path / "report.docx", values)
    document = docx.Document(str(path))
    embedded = [p for p in document.part.package.iter_parts() if "embeddings" in str(p.partname)]
    embedded[0]._blob = b"\xd0\xcf\x11\xe0" + bytes(508)  # table 二 now unreadable
    document.save(str(path))
    _form, imported = read_report_file(path, None, all_forms())
    assert imported.values  # tables 三 and 四
    assert imported.missing_tables
    said = "\n".join(imported.unplaced)
    assert "嵌入的 Excel 表格" in said, said


# -- a damaged embedded workbook: that object named, the rest read ----------------------------


@pytest.mark.parametrize("how", ["negative-offset", "name-not-utf8"])
def test_a_workbook_with_a_damaged_directory_is_named_and_the_rest_read(
    tmp_path: Path, how: str
) -> None:
    out = Report()
    _text_report(out)
    out.embed(damaged_directory(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]), how))
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections["general"]
    said = "\n".join(imported.unplaced)
    assert "嵌入的 Excel 表格（word/embeddings/Microsoft_Excel_Worksheet1.xlsx）未能读取" in said
    assert "文件已损坏（不是完整的 .xlsx 压缩包）" in said and "双击" in said, said


def test_a_workbook_failing_in_an_unforeseen_way_is_named_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(blob: bytes, name: Path) -> None:
        raise KeyError("xl/sharedStrings.xml")

    monkeypatch.setattr(docx_objects, "read_embedded_workbook", fails)
    out = Report()
    _text_report(out)
    out.embed(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]))
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    assert "全年收到政府信息公开申请12件。" in imported.sections["general"]
    said = "\n".join(imported.unplaced)
    assert "嵌入的 Excel 表格" in said and "未能读取" in said and "详情：KeyError" in said, said
    assert "双击" in said, said


# -- objects whose content the document does not hold -----------------------------------------

LINKED = "file:///C:\\Users\\办公室\\Desktop\\2022年统计表.xlsx!Sheet1!R1C1:R9C5"


def linked(out: Report, drawing: bool, target: str = LINKED) -> None:
    """An Excel range pasted as a link (选择性粘贴 → 粘贴链接): the object names another file."""
    main = out.document.part
    rid = main.relate_to(target, RELATIONSHIP_TYPE.OLE_OBJECT, is_external=True)
    picture, _image = main.get_or_add_image(io.BytesIO(PREVIEW))
    if drawing:
        made = drawing_object(rid, picture, "Excel.Sheet.12").replace("objectEmbed", "objectLink")
    else:
        made = vml_object(rid, picture, "Excel.Sheet.12").replace('Type="Embed"', 'Type="Link"')
    out.document.add_paragraph().add_run()._r.append(parse_xml(made))


@pytest.mark.parametrize("drawing", [False, True], ids=["vml", "drawing"])
def test_a_linked_excel_object_is_named_as_figures_in_another_file(
    tmp_path: Path, drawing: bool
) -> None:
    out = Report()
    _text_report(out)
    linked(out, drawing)
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    said = "\n".join(imported.unplaced)
    assert "第 3 段之后链接的 Excel 表格（链接到另一个文件“2022年统计表.xlsx”" in said, said
    assert "本程序不读取文档以外的文件" in said and "不要用“粘贴链接”" in said, said


def test_an_object_linked_to_a_file_on_the_network_still_refuses_the_document(
    tmp_path: Path,
) -> None:
    """A link to another computer is how a document reaches out when Word opens it."""
    out = Report()
    _text_report(out)
    linked(out, drawing=False, target="\\\\fileserver\\统计\\2022年统计表.xlsx")
    with pytest.raises(ReportImportRefused, match="文件以外的内容（oleObject"):
        read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())


def _in_a_cell(out: Report) -> None:
    """The last paragraph (an object's) moved into a new table's cell."""
    body = out.document.element.body
    paragraph = body[len(body) - 2]  # before the section properties
    out.document.add_table(rows=1, cols=2).cell(0, 1)._tc.append(paragraph)


def test_objects_in_cells_are_named_by_what_they_are(tmp_path: Path) -> None:
    out = Report()
    _text_report(out)
    out.embed(b"\xd0\xcf\x11\xe0" + bytes(508), binary=True, prog_id="Equation.3")
    _in_a_cell(out)
    linked(out, drawing=False)
    _in_a_cell(out)
    out.embed(workbook([("表", [["项目", "数量"], ["收到申请", 12]])]))
    body = out.document.element.body
    next(body[len(body) - 2].iter("{urn:schemas-microsoft-com:office:office}OLEObject")).set(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", "rId999"
    )
    _in_a_cell(out)
    _form, imported = read_report_file(out.save(tmp_path / "report.docx"), None, all_forms())
    said = "\n".join(imported.unplaced)
    assert "表格1的单元格中嵌有 1 个公式对象（Equation.3），其内容没有读取。" in said, said
    assert (
        "表格2的单元格中嵌有 1 个链接的 Excel 表格（数字在另一个文件“2022年统计表.xlsx”中）" in said
    )
    assert "表格3的单元格中嵌有 1 个只有图片、没有内容的对象（Excel.Sheet.12）" in said, said
    assert "个 Excel 表格，" not in said, said


def test_the_note_after_each_of_many_tables_counts_its_own_cells_only(tmp_path: Path) -> None:
    """A long report of many tables, objects in the cells of some: the line after each such
    table names what its own cells hold, whatever the tables before it held; a table whose
    cells hold none has no line."""
    out = Report()
    _text_report(out)
    held = {2: 1, 5: 3, 11: 2, 12: 1}  # table → objects in its cells
    for number in range(1, 13):
        table = out.document.add_table(rows=2, cols=4)
        table.cell(0, 0).text = f"表{number}"
        for column in range(held.get(number, 0)):
            out.embed(b"\xd0\xcf\x11\xe0" + bytes(508), binary=True, prog_id="Equation.3")
            body = out.document.element.body
            table.cell(1, column)._tc.append(body[len(body) - 2])  # the object's paragraph
    blocks = read_blocks(out.save(tmp_path / "report.docx"))
    tables = [b for b in blocks if isinstance(b, WordTable) and b.number]
    assert [t.rows[0][0] for t in tables] == [f"表{n}" for n in range(1, 13)]
    notes = [
        (before.number, block.unread)
        for before, block in pairwise(blocks)
        if isinstance(block, WordTable) and block.unread
    ]
    assert notes == [
        (
            number,
            f"表格{number}的单元格中嵌有 {count} 个公式对象（Equation.3），其内容没有读取。"
            + docx_objects.OTHER_TO_DO,
        )
        for number, count in held.items()
    ]
