"""The check language is parsed into a tree, never evaluated (govreport_gui/core/forms/rule_expr.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.core.forms.rule_expr import (
    Comparison,
    Const,
    ExprSyntaxError,
    Max,
    Ref,
    Term,
    parse_comparison,
)


def test_sum_rule() -> None:
    expr = parse_comparison("self = face + fax + online + letter")
    assert expr.op == "="
    assert expr.left == (Term(1, Ref("self")),)
    assert [t.atom for t in expr.right] == [Ref("face"), Ref("fax"), Ref("online"), Ref("letter")]
    assert all(t.sign == 1 for t in expr.right)


def test_minus_constants_and_dotted_cell_ids() -> None:
    expr = parse_comparison("-new.a + 3 >= done.total - forward.b")
    assert expr.left == (Term(-1, Ref("new.a")), Term(1, Const(3)))
    assert expr.op == ">="
    assert expr.right == (Term(1, Ref("done.total")), Term(-1, Ref("forward.b")))


def test_max_and_prev() -> None:
    expr = parse_comparison("self >= max(gazette, website, weibo)")
    assert expr.right == (Term(1, Max((Ref("gazette"), Ref("website"), Ref("weibo")))),)
    expr = parse_comparison("prev(carry_over) = self")
    assert expr.left == (Term(1, Ref("carry_over", previous_year=True)),)
    expr = parse_comparison("a <= max(prev(b), prev(c))")
    assert expr.right[0].atom == Max((Ref("b", True), Ref("c", True)))


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("a = b", "="),
        ("a == b", "="),
        ("a <= b", "<="),
        ("a ≤ b", "<="),
        ("a >= b", ">="),
        ("a ≥ b", ">="),
        ("a < b", "<"),
        ("a > b", ">"),
    ],
)
def test_comparison_operators(text: str, op: str) -> None:
    assert parse_comparison(text).op == op


def test_refs_lists_names_inside_max() -> None:
    expr = parse_comparison("a + max(b, prev(c)) = d - 2")
    assert expr.refs() == [Ref("a"), Ref("b"), Ref("c", True), Ref("d")]


def test_whitespace_and_newlines_are_ignored() -> None:
    text = "self = a + b\n    + c"
    assert parse_comparison(text) == parse_comparison("self=a+b+c")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a",
        "a =",
        "= a",
        "a + = b",
        "a = b = c",
        "a = b c",
        "a = b $",
        "a = b * 2",
        "a = b / 2",
        "a = foo(b)",
        "a = max()",
        "a = max(b,",
        "a = max(1, b)",
        "a = prev(b, c)",
        "a = max(foo(b))",
        "a = 1.5",
        "a = 收到",
        "__import__('os').system('true') = 1",
        "a = (b + c)",
    ],
)
def test_bad_expressions_raise_syntax_error(text: str) -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse_comparison(text)
    assert str(info.value)


# -- properties --------------------------------------------------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,6}(\.[a-z][a-z0-9_]{0,4})?", fullmatch=True).filter(
    lambda n: n not in ("max", "prev")
)
refs = st.builds(Ref, names, st.booleans())
atoms = st.one_of(
    refs,
    st.builds(Const, st.integers(min_value=0, max_value=10**6)),
    st.lists(refs, min_size=1, max_size=4).map(lambda rs: Max(tuple(rs))),
)
terms = st.builds(Term, st.sampled_from([1, -1]), atoms)
sides = st.lists(terms, min_size=1, max_size=5).map(tuple)
comparisons = st.builds(Comparison, sides, st.sampled_from(["=", "<=", ">=", "<", ">"]), sides)


def _ref_text(ref: Ref) -> str:
    return f"prev({ref.name})" if ref.previous_year else ref.name


def _atom_text(atom: object) -> str:
    if isinstance(atom, Ref):
        return _ref_text(atom)
    if isinstance(atom, Const):
        return str(atom.value)
    assert isinstance(atom, Max)
    return "max(" + ", ".join(_ref_text(a) for a in atom.args) + ")"


def _side_text(side: tuple[Term, ...]) -> str:
    out = []
    for i, term in enumerate(side):
        sign = ("-" if term.sign < 0 else "") if i == 0 else ("- " if term.sign < 0 else "+ ")
        out.append(sign + _atom_text(term.atom))
    return " ".join(out)


@given(comparisons)
def test_written_comparisons_parse_back_to_the_same_tree(expr: Comparison) -> None:
    text = f"{_side_text(expr.left)} {expr.op} {_side_text(expr.right)}"
    assert parse_comparison(text) == expr


_PIECES = st.one_of(
    st.characters(),
    st.sampled_from(
        ["a", "b.c", "self", "max", "prev", "(", ")", ",", "+", "-", "=", "<=", "≥", " ", "3"]
    ),
)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_any_text_parses_or_raises_syntax_error(text: str) -> None:
    try:
        expr = parse_comparison(text)
    except ExprSyntaxError:
        return
    assert isinstance(expr, Comparison)
    assert expr.op in ("=", "<=", ">=", "<", ">")
    assert expr.left and expr.right
