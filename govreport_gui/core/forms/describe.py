"""A form as plain data (``govreport describe --json``) and as indented text."""

from __future__ import annotations

from typing import Any

from govreport_gui.core.forms.engine import describe_rule
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.sections import TABLE, SectionDef


def form_as_json(form: FormDef) -> dict[str, Any]:
    return {
        "id": form.id,
        "title": form.title,
        "basis": form.basis,
        "first_year": form.first_year,
        "last_year": form.last_year,
        "fingerprint": form.fingerprint,
        "fields": [
            {
                "key": f.key,
                "label": f.label,
                "print_label": f.print_label,
                "place": f.place,
                "kind": f.kind,
                "required": f.required,
            }
            for f in form.fields
        ],
        "tables": [
            {
                "id": t.id,
                "title": t.title,
                "section": t.section,
                "stub_header": t.stub_header,
                "stub_note": t.stub_note,
                "unit_header": t.unit_header if t.show_unit else None,
                "columns": [
                    {"id": c.id, "label": c.label, "groups": list(c.groups), "short": c.short}
                    for c in t.columns
                ],
                "rows": [
                    {
                        "id": r.id,
                        "label": r.label,
                        "note": r.note,
                        "unit": r.unit,
                        "indent": r.indent,
                        "heading": r.heading,
                    }
                    for r in t.rows
                ],
            }
            for t in form.tables
        ],
        "cells": [
            {
                "id": c.id,
                "table": c.table_id,
                "row": c.row.id,
                "column": c.column.id,
                "row_label": c.row.label,
                "column_label": c.column.label,
                "unit": c.row.unit,
                "kind": c.kind.value,
                "consolidate": c.additive,  # summed by a 汇总 (issue 17)
            }
            for c in form.cells
        ],
        "rules": [
            {
                "id": r.id,
                "base_id": r.base_id,
                "severity": r.severity,
                "text": r.description,
                "formula": describe_rule(r, form),
                "table": r.table_id,
            }
            for r in form.rules
        ],
        # The report's sections (issue 16), in order; a table section names its tables.
        "document_title": form.document_title or form.report_title,
        "sections_editable": form.sections_editable,
        "sections": [_section_json(s) for s in form.sections],
    }


def _section_json(section: SectionDef) -> dict[str, Any]:
    data: dict[str, Any] = {"id": section.id, "heading": section.heading, "kind": section.kind}
    if section.kind == TABLE:
        data["tables"] = list(section.tables)
    data["guidance"] = [{"text": g.text, "source": g.source} for g in section.guidance]
    return data


def form_as_text(form: FormDef) -> str:
    lines = [f"{form.title}  [{form.id}]  {form.basis}  {form.years_text}".rstrip()]
    for table in form.tables:
        lines.append("")
        heading = " / ".join(p for p in (table.section, table.title) if p)
        if heading:
            lines.append(heading)
        labels = ["·".join(p for p in (*c.groups, c.label) if p) for c in table.columns]
        if any(labels):  # a single column too: 统计数, 本年收费金额（单位：万元）
            lines.append("  列：" + "、".join(label or "（无标题）" for label in labels))
        for row in table.rows:
            pad = "　" * row.indent
            unit = f"  〔{row.unit}〕" if table.show_unit and row.unit else ""
            ident = "" if row.heading else f"  ({row.id})"
            kept = "  〔汇总时不相加〕" if not row.heading and not row.additive else ""
            lines.append(f"  {pad}{row.label}{row.note}{unit}{ident}{kept}")
    if form.sections:
        lines.append("")
        lines.append("报告章节" + ("（可增删改）：" if form.sections_editable else "："))
        for section in form.sections:
            heading = section.heading or "（开头部分）"
            tables = f"  表格：{'、'.join(section.tables)}" if section.tables else ""
            lines.append(f"  {heading}  ({section.id}){tables}")
    lines.append("")
    lines.append(f"校验规则 {len(form.rules)} 条：")
    for rule in form.rules:
        tag = "错误" if rule.severity == "error" else "警告"
        lines.append(f"  [{tag}] {rule.id}：{describe_rule(rule, form)}")
    return "\n".join(lines)
