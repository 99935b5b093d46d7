"""Problems of the report's text in ``govreport check`` (issue 16): in the same shape as a rule's,
with their ``section``, counted as warnings, and explained (说明) like any other warning."""

from __future__ import annotations

import io
from typing import Any

from report_text_seed import seed_sections

from govreport_gui.cli.check_report import check_object, report, text_problems
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.review_state import Explanation


def seed_checker(form: FormDef, values: dict[str, Value | None]) -> Checker:
    values["received"] = 4  # the text says 收到3份
    return Checker(form, values)


def test_without_text_there_is_nothing_to_check(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    checker = seed_checker(form_2014, example_values)
    assert text_problems(checker, {}) == []
    assert text_problems(checker, {"s1": "  \n"}) == []


def test_check_json_gives_text_problems_with_their_section(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    checker = seed_checker(form_2014, example_values)
    before = check_object(checker)
    found = text_problems(checker, seed_sections())
    data = check_object(checker, text_problems=found)
    in_text = [p for p in data["problems"] if "section" in p]
    # the figure, and the seed's five numbering slips
    assert data["warnings"] == before["warnings"] + 6 == before["warnings"] + len(in_text)
    figure = next(p for p in in_text if p["rule"].startswith("text.figure."))
    assert figure == {
        "rule": "text.figure.received@s2",
        "severity": "warning",
        "cells": ["received"],
        "message": "正文写‘收到3份依申请公开申请’，统计表收到申请数为4",
        "expected": 4,
        "actual": 3,
        "section": "s2",
        "paragraph": 10,  # from 1, as the message 第10段
        "span": [62, 73],
        "explanation": None,
        "stale_explanation": None,
    }


def test_a_text_warning_is_explained_like_any_other(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    checker = seed_checker(form_2014, example_values)
    found = [
        p for p in text_problems(checker, seed_sections()) if p.rule_id == "text.figure.received"
    ]
    note = Explanation(
        found[0].id, "另有1份当面申请未计入正文", "2019-02-14", "董晓东", found[0].text
    )
    data: dict[str, Any] = check_object(checker, None, {note.rule_id: note}, found)
    [problem] = [p for p in data["problems"] if "section" in p]
    assert problem["explanation"] == "另有1份当面申请未计入正文"
    assert data["explained_warnings"] == 1
    # the table changes again: the 说明 was for other numbers
    checker.set_value("received", 5)
    found = text_problems(checker, seed_sections())
    data = check_object(checker, None, {note.rule_id: note}, found)
    [problem] = [p for p in data["problems"] if p["rule"] == note.rule_id]
    assert problem["explanation"] is None
    assert problem["stale_explanation"] == "另有1份当面申请未计入正文"


def test_check_text_output_lists_text_warnings(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    checker = seed_checker(form_2014, example_values)
    out = io.StringIO()
    report(checker, False, out, text_problems=text_problems(checker, seed_sections()))
    lines = out.getvalue().splitlines()
    assert (
        "警告\ttext.figure.received@s2\t正文“s2”第10段："
        "正文写‘收到3份依申请公开申请’，统计表收到申请数为4" in lines
    )
    assert "警告\ttext.numbering@s2\t正文“s2”第5段：第2个小标题应为“（二）”，写成了“（2）”" in lines
