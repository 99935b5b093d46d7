"""Word reports made in the tests with python-docx (never committed as binary fixtures): the seed
report with its statistics table as the published one prints it, and a 2021 report with its three
tables in the official layout (merged header cells), for the Word import's tests."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_BREAK
from seed_table import seed_rows

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.grid import display_value, section_grid, sections

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
SEED_TEXT = EXAMPLES / "nxjgsw-2018-report.txt"
SEED_VALUES = EXAMPLES / "nxjgsw-2018.json"

SEED_HEADINGS = ("一、概述", "二、信息公开情况", "三、存在的问题与不足", "四、2019年工作思路")


def seed_lines() -> list[str]:
    """The seed report's text, one non-empty line per paragraph."""
    return [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_values() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_VALUES.read_text(encoding="utf-8"))["values"]
    return data


def seed_sections() -> dict[str, list[str]]:
    """The seed's paragraphs by heading ("" = the preface), the title's two lines left out."""
    result: dict[str, list[str]] = {"": []}
    current = ""
    for line in seed_lines()[2:]:
        if line in SEED_HEADINGS:
            current = line
            result[current] = []
        else:
            result[current].append(line)
    return result


def add_heading(document: Any, text: str, style: str) -> None:
    """``style``: "heading" (Word's 标题 1), "bold" (a plain paragraph in bold) or "plain"."""
    if style == "heading":
        document.add_heading(text, level=1)
    elif style == "bold":
        document.add_paragraph().add_run(text).bold = True
    else:
        document.add_paragraph(text)


def add_seed_table(document: Any, split_after: int | None = None, blank_rows: bool = False) -> None:
    """The seed's 统计表 as published: 统计指标 | 单位 | 统计数, headings' unit ——. ``split_after``:
    the table continues in a second Word table after that many rows (a page break between)."""
    rows = seed_rows()
    parts = [rows] if split_after is None else [rows[:split_after], rows[split_after:]]
    for n, part in enumerate(parts):
        if n:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = document.add_table(rows=0, cols=3)
        if n == 0:
            cells = table.add_row().cells
            for cell, text in zip(cells, ("统　计　指　标", "单位", "统计数"), strict=True):
                cell.text = text
        for row in part:
            cells = table.add_row().cells
            label = "　" * int(row.indent) + row.label
            cells[0].text = label
            if row.note:
                cells[0].add_paragraph(row.note)
            cells[1].text = row.unit
            cells[2].text = row.value
            if blank_rows:
                table.add_row()


def seed_document(
    path: Path,
    heading_style: str = "plain",
    split_after: int | None = None,
    blank_rows: bool = False,
) -> Path:
    """The seed report as a clerk has it in Word: title on two lines, text, 附件 with the table."""
    document = docx.Document()
    lines = seed_lines()
    for line in lines[:2]:
        document.add_paragraph(line)
    for line in lines[2:]:
        if line in SEED_HEADINGS:
            add_heading(document, line, heading_style)
        else:
            document.add_paragraph(line)
    document.add_paragraph("附件")
    document.add_paragraph("政府信息公开情况统计表")
    document.add_paragraph("（2018年度）")
    document.add_paragraph("填报单位（盖章）：自治区机关事务管理局")
    add_seed_table(document, split_after, blank_rows)
    document.add_paragraph("单位负责人：潘明生　　　　审核人：沈涛　　　　填报人：董晓东")
    document.add_paragraph("联系电话：　0951-6038879　　　　填报日期：2019年2月14日")
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# 2021


# By heading ("" = the preface): the section ids are the form file's, looked up by heading.
REPORT_2021_TEXT: dict[str, list[str]] = {
    "": [
        "本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2022年1月1日至12月31日。",
        "本报告电子版可在某某市人民政府门户网站查阅或下载。",
    ],
    "一、总体情况": [
        "2022年，某某市人民政府办公室认真贯彻落实《条例》，政府信息公开工作取得新进展。",
        "（一）主动公开。全年主动公开政府信息1200条。",
        "（二）依申请公开。全年新收申请65件。",
        "（三）政府信息管理。",
        "（四）政府信息公开平台建设。",
        "（五）监督保障。",
    ],
    "五、存在的主要问题及改进情况": [
        "一是公开内容不够全面。",
        "下一步，我们将进一步规范公开工作。",
    ],
    "六、其他需要报告的事项": ["本年度未收取信息处理费。"],
}

NATIONAL_HEADINGS = (  # (heading, holds a table)
    ("一、总体情况", False),
    ("二、主动公开政府信息情况", True),
    ("三、收到和处理政府信息公开申请情况", True),
    ("四、政府信息公开行政复议、行政诉讼情况", True),
    ("五、存在的主要问题及改进情况", False),
    ("六、其他需要报告的事项", False),
)


def add_grid_table(
    document: Any,
    form: FormDef,
    section_title: str,
    values: Mapping[str, Value | None],
    cell_text: Mapping[str, str] | None = None,
) -> None:
    """The tables of one section in the official layout (core/layout/grid.py), merged cells as
    Word merges them (gridSpan, vMerge). ``cell_text`` overrides what a value cell shows."""
    section = next(s for s in sections(form) if s.title == section_title)
    grid = section_grid(section, form, values)
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    for gc in grid.cells:
        cell = table.cell(gc.row, gc.col)
        if gc.rowspan > 1 or gc.colspan > 1:
            cell = cell.merge(table.cell(gc.row + gc.rowspan - 1, gc.col + gc.colspan - 1))
        if gc.role == "value":
            text = display_value(gc.value)
            if cell_text and gc.cell_id in cell_text:
                text = cell_text[gc.cell_id]
        else:  # the top-left cell of table 三 prints its note (本列数据的勾稽关系为…)
            text = "\n".join(part for part in (gc.text, gc.note) if part)
        cell.text = text


def report_2021_document(
    path: Path,
    form: FormDef,
    values: Mapping[str, Value | None],
    heading_style: str = "heading",
    title: Sequence[str] = ("某某市人民政府办公室2022年政府信息公开工作年度报告",),
    cell_text: Mapping[str, str] | None = None,
    signature: Iterable[str] = ("某某市人民政府办公室", "2023年1月20日"),
) -> Path:
    document = docx.Document()
    for line in title:
        document.add_paragraph(line)
    for line in REPORT_2021_TEXT[""]:
        document.add_paragraph(line)
    for heading, table in NATIONAL_HEADINGS:
        add_heading(document, heading, heading_style)
        if table:
            add_grid_table(document, form, heading, values, cell_text)
        for line in REPORT_2021_TEXT.get(heading, []):
            document.add_paragraph(line)
    for line in signature:
        document.add_paragraph(line)
    document.save(str(path))
    return path
