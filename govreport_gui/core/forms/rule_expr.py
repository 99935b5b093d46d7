"""The small language in which form files write their checks.

A check is a comparison of two sums::

    self = face + fax + online + letter
    policy_docs_published <= policy_docs_issued
    self >= max(gazette, website, weibo, wechat, other)
    prev(carry_over) = self

Terms are names (a row, column or cell id), non-negative integer literals, ``max(...)`` and
``prev(name)`` (the same cell in last year's report). ``+`` and ``-`` combine terms. Comparisons are
``=``, ``<=``, ``>=``, ``<``, ``>`` (``==``, ``≤``, ``≥`` also read). The text is tokenised and parsed
here into a tree; nothing is ever evaluated by Python's ``eval``.
"""

from __future__ import annotations

from govreport_gui.core.forms.record import Record, set_fields


class ExprSyntaxError(ValueError):
    pass


class Ref(Record):
    name: str
    previous_year: bool = False

    def __init__(self, name: str, previous_year: bool = False) -> None:  # see Record
        set_fields(self, {"name": name, "previous_year": previous_year})


class Const(Record):
    value: int


class Max(Record):
    args: tuple[Ref, ...]


Atom = Ref | Const | Max


class Term(Record):
    sign: int  # +1 or -1
    atom: Atom

    def __init__(self, sign: int, atom: Atom) -> None:  # see Record
        set_fields(self, {"sign": sign, "atom": atom})


class Comparison(Record):
    left: tuple[Term, ...]
    op: str  # one of "=", "<=", ">=", "<", ">"
    right: tuple[Term, ...]

    def __init__(self, left: tuple[Term, ...], op: str, right: tuple[Term, ...]) -> None:
        set_fields(self, {"left": left, "op": op, "right": right})  # see Record

    def refs(self) -> list[Ref]:
        found: list[Ref] = []
        for term in (*self.left, *self.right):
            atom = term.atom
            if isinstance(atom, Ref):
                found.append(atom)
            elif isinstance(atom, Max):
                found.extend(atom.args)
        return found


# The tokens: a number (decimal digits), a name (a letter or "_", then letters, digits, "_", "."),
# an operator (the longer first where one begins another) or a punctuation mark; space between.
# Read by hand, not by a pattern: compiling one costs every `check` process more than reading all
# of a form's rules (issue 14).
_NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_NAME_CHARS = _NAME_START + "0123456789."
_OPERATORS = ("<=", ">=", "==", "=", "<", ">", "≤", "≥")
_PUNCT = "-+(),"
_OPS = {"==": "=", "≤": "<=", "≥": ">="}


def _tokenise(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    text = text.rstrip()
    pos = 0
    while pos < len(text):
        start = pos
        pos = len(text) - len(text[pos:].lstrip())  # past the space: a token follows
        char = text[pos]
        if char in _NAME_START:
            kind, end = "name", len(text) - len(text[pos:].lstrip(_NAME_CHARS))
        elif char.isdecimal():  # any decimal digit, as a pattern's \d reads it
            kind, end = "num", pos + 1
            while end < len(text) and text[end].isdecimal():
                end += 1
        elif char in _PUNCT:
            kind, end = "punct", pos + 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, pos)), None)
            if op is None:
                raise ExprSyntaxError(f"无法识别的字符“{text[start:].strip()[:10]}”")
            kind, end = "op", pos + len(op)
        tokens.append((kind, text[pos:end]))
        pos = end
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenise(text)
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ExprSyntaxError("表达式不完整")
        if value is not None and token[1] != value:
            raise ExprSyntaxError(f"此处应为“{value}”，实际为“{token[1]}”")
        self.pos += 1
        return token

    def comparison(self) -> Comparison:
        left = self.sum()
        kind, op = self.take()
        if kind != "op":
            raise ExprSyntaxError(f"此处应为比较符号（= <= >=），实际为“{op}”")
        right = self.sum()
        if self.peek() is not None:
            raise ExprSyntaxError(f"多余的内容“{self.peek()[1]}”")  # type: ignore[index]
        return Comparison(tuple(left), _OPS.get(op, op), tuple(right))

    def sum(self) -> list[Term]:
        terms: list[Term] = []
        sign = 1
        token = self.peek()
        if token is not None and token[1] in "+-" and token[0] == "punct":
            sign = -1 if self.take()[1] == "-" else 1
        terms.append(Term(sign, self.atom()))
        while (token := self.peek()) is not None and token[0] == "punct" and token[1] in "+-":
            sign = -1 if self.take()[1] == "-" else 1
            terms.append(Term(sign, self.atom()))
        return terms

    def atom(self) -> Atom:
        kind, value = self.take()
        if kind == "num":
            return Const(int(value))
        if kind != "name":
            raise ExprSyntaxError(f"此处应为名称或数字，实际为“{value}”")
        following = self.peek()
        if following != ("punct", "("):
            return Ref(value)
        self.take("(")
        args = [self.ref()]
        while self.peek() == ("punct", ","):
            self.take(",")
            args.append(self.ref())
        self.take(")")
        if value == "max":
            return Max(tuple(args))
        if value == "prev":
            if len(args) != 1:
                raise ExprSyntaxError("prev() 只接受一个名称")
            return Ref(args[0].name, previous_year=True)
        raise ExprSyntaxError(f"未知的函数“{value}”（只有 max 和 prev）")

    def ref(self) -> Ref:
        kind, value = self.take()
        if kind != "name":
            raise ExprSyntaxError(f"此处应为名称，实际为“{value}”")
        if self.peek() == ("punct", "("):
            if value != "prev":
                raise ExprSyntaxError("函数里只能写名称或 prev(名称)")
            self.take("(")
            inner = self.ref()
            self.take(")")
            return Ref(inner.name, previous_year=True)
        return Ref(value)


def parse_comparison(text: str) -> Comparison:
    if not text.strip():
        raise ExprSyntaxError("表达式为空")
    return _Parser(text).comparison()


def sum_rule_parts(expr: Comparison) -> tuple[str, list[str]] | None:
    """If ``expr`` is ``total = part + part + ...`` (this year's cells only), its total and parts."""
    if expr.op != "=" or len(expr.left) != 1:
        return None
    head = expr.left[0]
    if head.sign < 0 or not isinstance(head.atom, Ref) or head.atom.previous_year:
        return None
    parts = []
    for term in expr.right:
        if term.sign < 0 or not isinstance(term.atom, Ref) or term.atom.previous_year:
            return None
        parts.append(term.atom.name)
    return head.atom.name, parts
