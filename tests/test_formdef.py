"""Form files: the loader builds cells and rules, and refuses a bad file with ``FILE:LINE: problem``."""

from __future__ import annotations

import textwrap

import pytest

from govreport_gui.core.forms.form_build import parse_form
from govreport_gui.core.forms.formdef import FormDef, FormDefinitionError
from govreport_gui.core.forms.values import Kind

HEAD = """\
id = "bad-form"
title = "测试"

[[tables]]
id = "main"
"""


def row(row_id: str, *extra: str) -> str:
    lines = ["", "[[tables.rows]]", f'id = "{row_id}"', f'label = "{row_id}"', *extra]
    return "\n".join(lines) + "\n"


def check(check_id: str, expr: str, table_level: str = "rows") -> str:
    header = "[[tables.rows.checks]]" if table_level == "rows" else f"[[{table_level}]]"
    return f'\n  {header}\n  id = "{check_id}"\n  expr = "{expr}"\n'


def line_no(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def refuse(text: str, path: str = "forms/bad.toml") -> FormDefinitionError:
    with pytest.raises(FormDefinitionError) as info:
        parse_form(text, path)
    error = info.value
    assert str(error).startswith(f"{path}:{error.line}: "), str(error)
    assert error.problem
    return error


def rule_lines(text: str, check_id: str) -> set[int]:
    """The id line and the expr line of a check block."""
    id_line = line_no(text, f'  id = "{check_id}"')
    expr_line = id_line + 1
    assert "expr" in text.splitlines()[expr_line - 1]
    return {id_line, expr_line}


# -- good forms ----------------------------------------------------------------------------------


def test_one_column_table_cell_ids_are_row_ids() -> None:
    text = (
        HEAD
        + row("total", 'unit = "件"')
        + check("total_sum", "self = a + b")
        + row("a")
        + row("b")
    )
    form = parse_form(text, "ok.toml")
    assert [c.id for c in form.cells] == ["total", "a", "b"]
    assert [c.index for c in form.cells] == [0, 1, 2]
    assert form.cell("total").unit == "件"
    (rule,) = form.rules
    assert rule.id == "total_sum"
    assert [r.name for r in rule.expr.refs()] == ["total", "a", "b"]
    assert rule.line == line_no(text, 'id = "total_sum"')


def test_money_unit_makes_money_cells_and_kind_overrides() -> None:
    text = HEAD + row("fees", 'unit = "万元"') + row("delta", 'kind = "signed"') + row("n")
    form = parse_form(text, "ok.toml")
    assert form.cell("fees").kind is Kind.MONEY
    assert form.cell("delta").kind is Kind.SIGNED
    assert form.cell("n").kind is Kind.COUNT


def test_headings_take_no_cells(form_2014: FormDef) -> None:
    rows = form_2014.tables[0].rows
    headings = [r.id for r in rows if r.heading]
    assert headings, "the 2014 form has heading rows"
    assert all(not form_2014.has_cell(h) for h in headings)
    assert len(form_2014.cells) == len(rows) - len(headings)
    assert all(r.unit == "——" for r in rows if r.heading)


def test_grid_cells_and_expanded_rules(grid_form: FormDef) -> None:
    table = grid_form.tables[0]
    columns = [c.id for c in table.columns]
    value_rows = [r.id for r in table.rows if not r.heading]
    assert [c.id for c in grid_form.cells] == [f"{r}.{c}" for r in value_rows for c in columns]
    ids = {r.id for r in grid_form.rules}
    assert {f"balance@{c}" for c in columns} <= ids
    assert {f"done_sum@{c}" for c in columns} <= ids
    assert {f"row_total@{r}" for r in value_rows} <= ids
    rule = next(r for r in grid_form.rules if r.id == "row_total@new")
    assert [r.name for r in rule.expr.refs()] == ["new.total", "new.a", "new.b", "new.c"]
    rule = next(r for r in grid_form.rules if r.id == "balance@b")
    assert [r.name for r in rule.expr.refs()] == ["new.b", "carried.b", "done.b", "forward.b"]
    assert grid_form.cell("granted.b").label == "予以公开（乙）"


def test_fingerprint_follows_content_not_layout() -> None:
    text = HEAD + row("a") + row("b")
    same = "# a comment\n" + text.replace(" = ", "=")
    other = HEAD + row("a") + row("c")
    assert parse_form(text).fingerprint == parse_form(same).fingerprint
    assert parse_form(text).fingerprint != parse_form(other).fingerprint


# -- refused files -------------------------------------------------------------------------------


def test_unknown_cell_in_a_rule() -> None:
    text = HEAD + row("a") + row("b") + check("b_le_x", "self <= nosuch") + row("c")
    error = refuse(text)
    assert error.line in rule_lines(text, "b_le_x")
    assert "nosuch" in error.problem


def test_unknown_cell_in_a_top_level_rule() -> None:
    text = HEAD + row("a") + row("b") + check("cross", "a <= b + zz", table_level="checks")
    error = refuse(text)
    assert error.line in rule_lines(text, "cross")
    assert "zz" in error.problem


def test_unknown_column_in_a_per_row_rule() -> None:
    text = textwrap.dedent(
        """\
        id = "bad-grid"
        title = "测试"

        [[tables]]
        id = "g"

        [[tables.columns]]
        id = "x"
        label = "X"

        [[tables.columns]]
        id = "y"
        label = "Y"

        [[tables.rows]]
        id = "r1"
        label = "r1"

        [[tables.checks]]
        id = "row_sum"
        for_each = "row"
        expr = "x = y + zcol"
        """
    )
    error = refuse(text)
    assert error.line == line_no(text, 'id = "row_sum"')
    assert "zcol" in error.problem


def test_duplicate_row_id() -> None:
    text = HEAD + row("a") + row("b") + row("a") + row("c")
    error = refuse(text)
    assert error.line == line_no(text, 'id = "a"', occurrence=2)
    assert "a" in error.problem


def test_duplicate_rule_id() -> None:
    text = (
        HEAD
        + row("a")
        + check("same", "self >= 0")
        + row("b")
        + check("same", "self >= 0")
        + row("c")
    )
    error = refuse(text)
    assert error.line == line_no(text, 'id = "same"', occurrence=2)


def test_rule_id_equal_to_a_row_id_points_at_the_rule() -> None:
    # Whether or not such an id is allowed, a problem with the *rule* must name the rule's line,
    # not the line of the row that happens to have the same id.
    text = HEAD + row("a") + row("b") + check("a", "self <= nosuch")
    error = refuse(text)
    assert error.line in rule_lines(text, "a")


def test_cycle_of_totals() -> None:
    text = (
        HEAD
        + row("a")
        + check("a_sum", "self = b + c")
        + row("b")
        + check("b_sum", "self = a + d")
        + row("c")
        + row("d")
    )
    error = refuse(text)
    assert error.line in rule_lines(text, "a_sum") | rule_lines(text, "b_sum")
    assert "环" in error.problem


def test_longer_cycle_through_three_totals() -> None:
    text = (
        HEAD
        + row("a")
        + check("a_sum", "self = b + x")
        + row("b")
        + check("b_sum", "self = c + x")
        + row("c")
        + check("c_sum", "self = a + x")
        + row("x")
    )
    error = refuse(text)
    lines = rule_lines(text, "a_sum") | rule_lines(text, "b_sum") | rule_lines(text, "c_sum")
    assert error.line in lines


def test_total_of_totals_is_not_a_cycle() -> None:
    text = (
        HEAD
        + row("a")
        + check("a_sum", "self = b + c")
        + row("b")
        + check("b_sum", "self = d + e")
        + row("c")
        + row("d")
        + row("e")
    )
    assert len(parse_form(text).rules) == 2


def test_total_that_is_its_own_part() -> None:
    text = HEAD + row("a") + check("a_sum", "self = a + b") + row("b")
    error = refuse(text)
    assert error.line in rule_lines(text, "a_sum")


def test_heading_referenced_in_a_rule() -> None:
    text = HEAD + row("h", "heading = true") + row("a") + check("a_le_h", "self <= h")
    error = refuse(text)
    assert error.line in rule_lines(text, "a_le_h")
    assert "h" in error.problem


def test_heading_referenced_in_a_top_level_rule() -> None:
    text = HEAD + row("h", "heading = true") + row("a") + check("top", "a <= h", "checks")
    error = refuse(text)
    assert error.line in rule_lines(text, "top")


def test_check_under_a_heading_row() -> None:
    text = HEAD + row("h", "heading = true") + check("h_rule", "self >= 0") + row("a")
    error = refuse(text)
    assert error.line == line_no(text, 'id = "h_rule"')


def test_text_cell_in_a_rule() -> None:
    text = HEAD + row("note", 'kind = "text"') + row("a") + check("a_le_note", "self <= note")
    error = refuse(text)
    assert error.line in rule_lines(text, "a_le_note")


def test_bad_expression_syntax() -> None:
    text = HEAD + row("a") + row("b") + check("b_bad", "self <= a +")
    error = refuse(text)
    assert error.line in rule_lines(text, "b_bad")


def test_max_mixing_this_year_and_last_year_is_refused_by_the_loader() -> None:
    # The engine cannot run max(prev(a), a); the loader must refuse the file rather than hand the
    # GUI a form whose Checker raises ValueError.
    text = HEAD + row("a") + row("b") + check("b_max", "self >= max(prev(a), a)")
    error = refuse(text)
    assert error.line in rule_lines(text, "b_max")


@pytest.mark.parametrize(
    ("bad_line", "replacement"),
    [
        ('label = "b"', 'label = "b'),  # unterminated string
        ('label = "b"', "label = "),  # missing value
        ('id = "b"', 'id = "b" = "c"'),
        ("[[tables.rows]]", "[[tables.rows]"),
    ],
)
def test_bad_toml(bad_line: str, replacement: str) -> None:
    text = HEAD + row("a") + row("b") + row("c")
    target = (
        line_no(text, bad_line) if bad_line != "[[tables.rows]]" else line_no(text, bad_line, 2)
    )
    lines = text.splitlines()
    lines[target - 1] = replacement
    broken = "\n".join(lines) + "\n"
    error = refuse(broken)
    assert error.line == target
    assert "TOML" in error.problem


@pytest.mark.parametrize(
    "bad_id", ["Upper", "1abc", "with-dash", "有中文"], ids=["upper", "digit", "dash", "han"]
)
def test_bad_row_id(bad_id: str) -> None:
    text = HEAD + row("a") + row(bad_id)
    error = refuse(text)
    assert error.line == line_no(text, f'id = "{bad_id}"')


def test_unknown_kind() -> None:
    text = HEAD + row("a") + row("b", 'kind = "float"')
    error = refuse(text)
    assert error.line == line_no(text, 'id = "b"')


def test_form_without_tables() -> None:
    with pytest.raises(FormDefinitionError) as info:
        parse_form('id = "x"\ntitle = "t"\n', "forms/bad.toml")
    assert str(info.value).startswith("forms/bad.toml")
    assert "tables" in info.value.problem


# -- aliases: other labels published reports print (issue: real report variants) ----------------


def test_aliases_are_read_and_stay_out_of_the_fingerprint() -> None:
    """A row's and a column's ``aliases`` (规范性文件, 合计) change nothing a report says: the
    national forms' fingerprints are those of the files without them, so signed drafts stay
    valid."""
    from pathlib import Path

    forms = Path(__file__).resolve().parent.parent / "forms"
    for name in ("gov-disclosure-2019.toml", "gov-disclosure-2021.toml"):
        text = (forms / name).read_text(encoding="utf-8")
        assert "aliases = " in text
        plain = "\n".join(line for line in text.splitlines() if not line.startswith("aliases"))
        with_aliases, without = parse_form(text, name), parse_form(plain, name)
        assert with_aliases.fingerprint == without.fingerprint
        total = next(c for t in with_aliases.tables for c in t.columns if c.id == "total")
        assert total.aliases == ("合计",)
    form = parse_form((forms / "gov-disclosure-2021.toml").read_text(encoding="utf-8"), "f")
    docs = next(r for t in form.tables for r in t.rows if r.id == "normative_docs")
    assert docs.aliases == ("规范性文件",)


@pytest.mark.parametrize(
    "aliases", ['aliases = "合计"', "aliases = [1]", 'aliases = [""]', 'aliases = ["a", "a"]']
)
def test_bad_aliases_are_refused_with_their_line(aliases: str) -> None:
    text = HEAD + row("a", aliases) + row("b")
    error = refuse(text)
    assert error.line == line_no(text, 'id = "a"')
    assert "aliases" in error.problem


def test_an_alias_equal_to_the_label_is_refused() -> None:
    error = refuse(HEAD + row("a", 'aliases = ["a"]'))
    assert "与 label 相同" in error.problem


def test_an_alias_that_names_another_row_is_refused() -> None:
    """规范性文件 as an alias of one row while another row is labelled so: an import could put
    the figures in either. Two rows with one label stay allowed (2014's two 被依法纠错数)."""
    text = HEAD + row("a", 'aliases = ["b"]') + row("b")
    error = refuse(text)
    assert error.line == line_no(text, 'id = "a"')
    assert "别名 “b” 与行 “b” 的名称相同" in error.problem
    parse_form(HEAD + row("a") + row("b", 'label = "a"').replace('label = "b"\n', ""), "ok.toml")
