"""``[[text_figures]]`` in a form file (forms/README.md, "Figures in the text"): read as data,
refused with the file and line when wrong, never part of the form's fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.report.phrases import find, phrases

TESTS = Path(__file__).resolve().parent
GRID = (TESTS / "forms" / "test-grid.toml").read_text(encoding="utf-8")
FORMS = sorted((TESTS.parent / "forms").glob("*.toml"))


def with_figures(block: str) -> str:
    return GRID + "\n" + block


GOOD = """
[[text_figures]]
figure = "received"
cells = ["new.a", "new.b"]
patterns = ['收到[^，。；]{0,8}申请{n}件']
parts = ['网络申请{n}件']
"""

LINE = with_figures(GOOD).split("\n").index('figure = "received"') + 1


def test_an_entry_is_read() -> None:
    form = parse_form(with_figures(GOOD))
    [figure] = form.text_figures
    assert figure.cells == ("new.a", "new.b")
    assert figure.line == LINE
    [found] = find(form, "全年共收到政府信息公开申请12件。")
    assert (found.figure.figure, found.stated) == ("received", 12)


def test_phrases_do_not_change_the_forms_fingerprint() -> None:
    assert parse_form(with_figures(GOOD)).fingerprint == parse_form(GRID).fingerprint


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("new.a", "nope.a"), "不存在的单元格 “nope.a”"),
        (("{0,8}申请{n}件", "{0,8}申请件"), "应恰好含有一个 {n}"),
        (("{0,8}申请{n}件", "{0,8}申请{n}件{n}"), "应恰好含有一个 {n}"),
        (("[^，。；]{0,8}", ".*"), "无上限的重复"),
        (("[^，。；]{0,8}", ".+"), "无上限的重复"),
        (("[^，。；]{0,8}", ".{2,}"), "无上限的重复"),
        (("收到[", "(?P<x>收到)["), "命名分组"),
        (('figure = "received"', 'figure = "Received"'), "figure"),
        (("parts =", "part ="), "未知的项：part"),
    ],
)
def test_a_wrong_entry_refuses_the_file_with_its_line(
    change: tuple[str, str], problem: str
) -> None:
    text = with_figures(GOOD.replace(*change))
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(text, "forms/x.toml")
    assert problem in str(caught.value)
    if problem != "figure":  # a bad figure id: no line to name
        assert caught.value.line == LINE


def test_a_pattern_that_does_not_compile_is_refused_with_its_line_when_first_used() -> None:
    form = parse_form(with_figures(GOOD.replace("申请{n}件", "申请({n}件")), "forms/x.toml")
    assert find(form, "没有数字的段落。") == []  # nothing to look for: nothing compiled yet
    with pytest.raises(FormDefinitionError) as caught:
        find(form, "全年收到申请5件。")
    assert str(caught.value).startswith(f"forms/x.toml:{LINE}: ")


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_every_bundled_phrase_compiles(path: Path) -> None:
    form = parse_form(path.read_text(encoding="utf-8"), str(path))
    assert form.text_figures
    compiled = phrases(form)
    assert len(compiled) == sum(len(f.patterns) + len(f.parts) for f in form.text_figures)
    for phrase in compiled:
        assert phrase.matcher is not None  # compiled now, whatever text would need it
