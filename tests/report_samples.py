"""Whole reports (issue 16) for the export tests, built against the contract of core/report/model.py:

* :func:`seed_report` — the seed report (resources/examples/nxjgsw-2018-report.txt) split by its
  headings, with the figures of resources/examples/nxjgsw-2018.json on the 2014 form; its 统计表 is
  the attachment.
* :func:`report_2021` — a 2021 report with all six sections: 二、三、四 hold the form's tables by
  their section (``Table.section``), 一 quotes figures as ``{{CELL_ID}}`` tokens.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from consistent_report import consistent_values

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.report import ReportData
from govreport_gui.core.report.model import PREFACE, TABLE, TEXT, ReportSection, ReportText

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"
SEED_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def seed_data() -> ReportData:
    raw = json.loads((EXAMPLES / "nxjgsw-2018.json").read_text(encoding="utf-8"))
    form = get_form(raw["form"])
    return ReportData(form=form, fields=raw["fields"], values=raw["values"])


def seed_sections() -> list[tuple[str, str]]:
    """(heading, text) of the seed's text, as typed: the title's two lines dropped."""
    lines = (EXAMPLES / "nxjgsw-2018-report.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip()][2:]  # 自治区机关事务管理局 / 2018年…年度报告
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in body:
        if SEED_HEADING.match(line.strip()):
            parts.append((line.strip(), []))
        else:
            parts[-1][1].append(line)
    return [(heading, "\n".join(text)) for heading, text in parts]


def seed_report(text_of: dict[str, str] | None = None) -> tuple[ReportText, ReportData]:
    data = seed_data()
    sections = []
    for i, (heading, text) in enumerate(seed_sections()):
        sid = PREFACE if not heading else f"s{i}"
        sections.append(ReportSection(sid, heading, TEXT, (), (text_of or {}).get(sid, text)))
    sections.append(ReportSection("attachment", "附件", TABLE, ("main",)))
    report = ReportText(
        title="自治区机关事务管理局2018年政府信息公开工作年度报告",
        sections=tuple(sections),
        unit=data.unit,
        date=data.fields["date"],
    )
    return report, data


UNIT_2021 = "示例市人民政府办公室"
TEXT_2021 = {
    PREFACE: "本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为2021年1月1日至2021年12月31日。"
    "\n如有疑问，请与示例市人民政府办公室联系（电话：0000-1234567）。",
    "general": "（一）主动公开。全年新制发规范性文件{{normative_docs.issued}}件，现行有效{{normative_docs.in_force}}件。"
    "\n（二）依申请公开。共收到申请{{new.total}}件，上年结转{{carried_over.total}}件。"
    "\n（三）政府信息管理。落实公开属性源头认定。"
    "\n（四）政府信息公开平台建设。门户网站持续改版。"
    "\n（五）监督保障。将政务公开纳入绩效考核。",
    "problems": "存在的问题：公开质量还需提高。改进情况：逐条整改上年问题。"
    "\n<script>alert('x')</script> & “引号”",
    "other": "本年度未收取信息处理费。",
}


def report_2021(unit: str = UNIT_2021) -> tuple[ReportText, ReportData]:
    form = get_form("gov-disclosure-2021")
    values = {k: v for k, v in consistent_values(form).items() if v is not None}
    data = ReportData(
        form=form,
        fields={"unit": unit, "year": "2021", "date": "2022年1月20日"},
        values=values,
    )
    sections = [
        ReportSection(PREFACE, "", TEXT, (), TEXT_2021[PREFACE]),
        ReportSection("general", "一、总体情况", TEXT, (), TEXT_2021["general"]),
    ]
    by_section: dict[str, list[str]] = {}
    for table in form.tables:
        by_section.setdefault(table.section, []).append(table.id)
    for i, (heading, ids) in enumerate(by_section.items(), 2):
        sections.append(ReportSection(f"table{i}", heading, TABLE, tuple(ids)))
    sections.append(
        ReportSection("problems", "五、存在的主要问题及改进情况", TEXT, (), TEXT_2021["problems"])
    )
    sections.append(ReportSection("other", "六、其他需要报告的事项", TEXT, (), TEXT_2021["other"]))
    report = ReportText(
        title=f"{unit}2021年政府信息公开工作年度报告",
        sections=tuple(sections),
        unit=unit,
        date="2022年1月20日",
    )
    return report, data
