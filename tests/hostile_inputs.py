"""Hostile inputs and their judges, shared by the tests and ``benchmarks/hostile.py`` (issue 13).

Each ``judge_*`` function sends one input through an entry point a user reaches and returns the
list of broken promises (empty: the input was handled as promised). The properties are the same
everywhere:

- no exception escapes other than the documented refusal types (ValueInputError, FieldsError,
  AssignmentsError, ValuesFileError, DraftError);
- an accepted value is within its kind's limit and round-trips exactly (stored → reopened → the
  same canonical text);
- a refused value is not stored, and the refusal says why in Chinese (holds a CJK character);
- a draft command never prints a traceback or 内部错误, never hangs, never changes a file it
  refused, and a closed draft leaves no -wal/-shm/-journal beside it.

The generators are plain functions of a ``random.Random`` (the benchmark, any seed) or hypothesis
strategies built from the same pieces (the tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from govreport_gui.core.forms.assignments import AssignmentsError, parse_assignments, split_pairs
from govreport_gui.core.forms.fields import MAX_FIELD_LENGTH, parse_field
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import (
    MAX_MAGNITUDE,
    MONEY_PLACES,
    Kind,
    Value,
    ValueInputError,
    control_character_problem,
    from_text,
    parse_value,
    to_text,
)
from govreport_gui.core.forms.valuesfile import ValuesFileError, load_values_document
from govreport_gui.core.store.draft_errors import DraftError

FORM_IDS = ("gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021")
REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def is_chinese(message: str) -> bool:
    return bool(_CJK.search(message))


# -- values --------------------------------------------------------------------------------------

# What a hostile or careless hand puts in a cell: digits of every script, signs, separators,
# exponents, huge digit runs, control characters, lone surrogates, invisible and bidi marks.
PIECES: tuple[str, ...] = (
    "0",
    "1",
    "7",
    "9",
    "12",
    "100",
    "1,234",
    "1 234",
    "12,34",
    ".",
    ",",
    "-",
    "+",
    "\u2212",
    "\u2014",
    "/",
    "e",
    "E",
    "e5",
    "1e-3",
    "E+12",
    " ",
    "\u3000",
    "\u00a0",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\ud800",
    "\udfff",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\u200d",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\u2066",
    "０",
    "１",
    "９",
    "，",
    "。",
    "．",
    "－",
    "٢",
    "٠",
    "۲",
    "२",
    "²",
    "①",
    "𝟐",
    "Ⅻ",
    "9" * 13,
    "9" * 30,
    "1" * 120,
    "0." + "0" * 30 + "1",
    ".999999",
    ".0000001",
    "999999999999",
    "1000000000000",
    "1000000000000.0000000000000000000000000396",
    "年",
    "年度",
    "月",
    "日",
    "2024",
    "２０２４",
    "2024-02-30",
    "2025年1月20日",
    "Infinity",
    "NaN",
    "nan",
    "∞",
    "0x10",
    "1_000",
    "潘明生",
    "'",
    '"',
    "\\",
    ";",
    "DROP TABLE cell",
    "=",
)


def random_text(rng: random.Random) -> str:
    """One hostile text: a few pieces glued together, or random code points (surrogates too)."""
    if rng.random() < 0.75:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
    return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 12)))


class Target:
    """A cell (one of each kind a form has) or a header/footer field of one form.

    A plain class, not a dataclass: hypothesis prints a failing example's dataclass field by
    field (the whole form); this prints as its name."""

    __slots__ = ("form", "is_field", "key")

    def __init__(self, form: FormDef, key: str, is_field: bool) -> None:
        self.form = form
        self.key = key
        self.is_field = is_field

    @property
    def name(self) -> str:
        return f"{self.form.id}:{'field' if self.is_field else 'cell'}:{self.key}"

    def __repr__(self) -> str:
        return f"Target({self.name})"


def targets(form_ids: Sequence[str] = FORM_IDS) -> list[Target]:
    """Every cell kind and every field of the forms: one cell stands for its kind."""
    found: list[Target] = []
    for form_id in form_ids:
        form = get_form(form_id)
        kinds: dict[Kind, str] = {}
        for cell in form.cells:
            kinds.setdefault(cell.kind, cell.id)
        found += [Target(form, cell_id, False) for cell_id in kinds.values()]
        found += [Target(form, f.key, True) for f in form.fields]
    return found


def _escape(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii")[:80]


def value_limit_problem(kind: Kind, value: Value | None) -> str | None:
    """Why an accepted ``value`` breaks what a cell of ``kind`` may hold; None when it fits."""
    if value is None:
        return None
    if kind is Kind.TEXT:
        if not isinstance(value, str):
            return f"文字格存了 {type(value).__name__}"
        return control_character_problem(value, "文字", paragraphs=True)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return f"数字格存了 {type(value).__name__}"
    if (
        value.copy_abs() > MAX_MAGNITUDE
        if isinstance(value, Decimal)
        else abs(value) > MAX_MAGNITUDE
    ):
        return f"超过上限：{value}"
    if kind is not Kind.SIGNED and value < 0:
        return f"负数：{value}"
    if kind is Kind.MONEY:
        if not isinstance(value, Decimal) or not value.is_finite():
            return f"金额不是 Decimal：{value!r}"
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MONEY_PLACES:
            return f"金额超过 6 位小数：{value}"
    elif not isinstance(value, int):
        return f"整数格存了 {value!r}"
    return None


def field_limit_problem(form: FormDef, key: str, value: str, typed: bool = True) -> str | None:
    """Why an accepted field value breaks what the field may hold; None when it fits.

    ``typed=False``: a field read from a draft, which the store takes as the program wrote it (its
    API stores fields as given): only what would break printing or export counts there, not the
    format typing gives a year or a date, nor the invisible characters older versions accepted."""
    if len(value) > MAX_FIELD_LENGTH:
        return f"字段超长：{len(value)}"
    if "\n" in value or "\r" in value:
        return "字段含换行"
    problem = control_character_problem(value, "字段", invisible=typed)
    if problem is not None:
        return problem
    if not typed:
        return None
    kind = form.field(key).kind
    if kind == "year" and value and not (re.fullmatch(r"[0-9]{4}", value)):
        return f"年度不是四位 ASCII 数字：{value!r}"
    if kind == "date" and value and not re.fullmatch(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日", value):
        return f"日期格式不对：{value!r}"
    return None


def parse_target(target: Target, raw: object) -> Value | str | None:
    """What typing ``raw`` into the target stores (ValueInputError when refused)."""
    if target.is_field:
        return parse_field(target.form.field(target.key), raw)
    return parse_value(target.form.cell(target.key).kind, raw)


def judge_parse(target: Target, text: str) -> list[str]:
    """parse_value / parse_field, and to_text / from_text of what they accept."""
    where = f"{target.name} {_escape(text)!r}"
    try:
        value = parse_target(target, text)
    except ValueInputError as exc:
        return [] if is_chinese(exc.reason) else [f"{where}: 拒绝理由不是中文：{exc.reason!r}"]
    except Exception as exc:  # the property under test: nothing else escapes
        return [f"{where}: 未预期的异常 {type(exc).__name__}: {exc}"[:300]]
    if target.is_field:
        assert isinstance(value, str)
        problem = field_limit_problem(target.form, target.key, value)
        again = parse_target(target, value)  # a stored field, typed again, stays itself
        if problem is None and again != value:
            problem = f"再次输入变成 {again!r}"
        return [] if problem is None else [f"{where}: {problem}"]
    kind = target.form.cell(target.key).kind
    problem = value_limit_problem(kind, value)
    if problem is None and value is not None:
        canonical = to_text(value)
        back = from_text(kind, canonical)
        if back != value or to_text(back) != canonical or "E" in canonical.upper():
            problem = f"规范文本不能往返：{canonical!r} → {back!r}"
        elif parse_value(kind, canonical) != value:
            problem = f"规范文本再次输入变成 {parse_value(kind, canonical)!r}"
    return [] if problem is None else [f"{where}: {problem}"]


def judge_assignment(target: Target, text: str) -> list[str]:
    """``govreport set`` argument parsing: split_pairs then parse_assignments, as the CLI does."""
    where = f"{target.name} {_escape(text)!r}"
    item = f"{target.key}={text}"
    refused = False
    expected: Value | str | None = None
    try:
        expected = parse_target(target, text)
    except ValueInputError:
        refused = True
    got: Value | str | None
    try:
        pairs = split_pairs([item], "字段" if target.is_field else "赋值")
        if target.is_field:
            got = parse_assignments(target.form, {}, pairs).fields[target.key]
        else:
            got = parse_assignments(target.form, pairs, {}).values[target.key]
    except AssignmentsError as exc:
        bad = [p for p in exc.problems if not is_chinese(p)]
        if bad:
            return [f"{where}: 拒绝理由不是中文：{bad}"]
        if not refused:
            return [f"{where}: 命令行拒绝了键入时接受的值 {expected!r}：{exc.problems}"]
        return []
    except Exception as exc:
        return [f"{where}: 未预期的异常 {type(exc).__name__}: {exc}"[:300]]
    if refused:
        return [f"{where}: 命令行接受了键入时拒绝的值，存为 {got!r}"]
    if got != expected or type(got) is not type(expected):
        return [f"{where}: 命令行存为 {got!r}，键入存为 {expected!r}"]
    return []


def values_file_texts(target: Target, text: str) -> list[str]:
    """The JSON files a values file could carry ``text`` in: as a string (lone surrogates as
    ``\\ud800`` escapes) and, for a cell, as a bare JSON token (a number literal, or junk)."""
    section = "fields" if target.is_field else "values"
    as_string = json.dumps({"form": target.form.id, section: {target.key: text}})
    files = [as_string]
    if not target.is_field and text.strip() and len(text) < 200:
        token = text.strip()
        head = json.dumps({"form": target.form.id})[:-1]
        files.append(f'{head}, "values": {{"{target.key}": {token}}}}}')
    return files


def json_meaning(text: str) -> str:
    """What ``text`` written as a JSON string means when read back: an escaped surrogate pair
    (``\\ud800\\udfff``) is one character (U+103FF), as JSON says; a lone one stays lone."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def judge_values_file(folder: Path, target: Target, text: str) -> list[str]:
    """A values file (JSON) holding ``text``: refused whole in Chinese, or read as typing reads
    it (a string) / within the kind's limit (a bare number)."""
    found: list[str] = []
    for index, content in enumerate(values_file_texts(target, text)):
        where = f"{target.name} 数值文件#{index} {_escape(content[-60:])!r}"
        path = folder / f"v{index}.json"
        path.write_text(content, encoding="ascii", errors="backslashreplace")
        try:
            doc = load_values_document(path)
        except ValuesFileError as exc:
            bad = [p for p in exc.problems if not is_chinese(p)]
            if bad:
                found.append(f"{where}: 拒绝理由不是中文：{bad}")
            continue
        except Exception as exc:
            found.append(f"{where}: 未预期的异常 {type(exc).__name__}: {exc}"[:300])
            continue
        if target.is_field:
            got_field = doc.fields.get(target.key, "")
            problem = field_limit_problem(target.form, target.key, got_field)
            if problem is None:
                try:
                    if parse_target(target, json_meaning(text)) != got_field:
                        problem = f"与键入不同：{got_field!r}"
                except ValueInputError:
                    problem = f"键入时拒绝，数值文件却接受为 {got_field!r}"
            if problem:
                found.append(f"{where}: {problem}")
            continue
        kind = target.form.cell(target.key).kind
        got = doc.values.get(target.key)
        problem = value_limit_problem(kind, got)
        if problem is None and index == 0:
            try:
                if parse_target(target, json_meaning(text)) != got:
                    problem = f"与键入不同：{got!r}"
            except ValueInputError:
                problem = f"键入时拒绝，数值文件却接受为 {got!r}"
        if problem is None and got is not None and from_text(kind, to_text(got)) != got:
            problem = f"规范文本不能往返：{to_text(got)!r}"
        if problem:
            found.append(f"{where}: {problem}")
    return found


def canonical(target: Target, stored: object) -> str:
    """The text a stored field or value is kept as in the file."""
    if stored is None:
        return ""
    if target.is_field or not isinstance(stored, int | Decimal | str):
        return str(stored)
    return to_text(stored)


class DocumentJudge:
    """``type_value`` / ``set_field`` on one open ReportDocument per form; each accepted value is
    read back from a fresh read-only open of the file (what the next session sees)."""

    def __init__(self, folder: Path) -> None:
        from govreport_gui.core.ops.document import ReportDocument
        from govreport_gui.core.store.draft import Draft

        self._docs: dict[str, ReportDocument] = {}
        for form_id in FORM_IDS:
            path = folder / f"{form_id}.nianbao"
            draft = Draft.create(path, get_form(form_id), "填报人", fields={"unit": "某局"})
            self._docs[form_id] = ReportDocument(draft)

    def close(self) -> None:
        for doc in self._docs.values():
            doc.draft.close()

    def __enter__(self) -> DocumentJudge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _stored(self, target: Target, reopen: bool) -> object:
        from govreport_gui.core.store.draft import Draft

        doc = self._docs[target.form.id]
        if not reopen:
            return (
                doc.draft.fields.get(target.key, "") if target.is_field else doc.value(target.key)
            )
        with Draft.open(doc.draft.path, "读者", readonly=True) as again:
            if target.is_field:
                return again.fields.get(target.key, "")
            return again.values.get(target.key)

    def judge(self, target: Target, text: str) -> list[str]:
        from govreport_gui.core.ops import edit_ops

        doc = self._docs[target.form.id]
        where = f"{target.name} {_escape(text)!r}"
        before = canonical(target, self._stored(target, reopen=False))
        try:
            if target.is_field:
                edit_ops.set_field(doc, target.key, text)
            else:
                edit_ops.type_value(doc, target.key, text)
        except (ValueInputError, DraftError) as exc:
            reason = exc.reason if isinstance(exc, ValueInputError) else exc.message
            found = [] if is_chinese(reason) else [f"{where}: 拒绝理由不是中文：{reason!r}"]
            after = canonical(target, self._stored(target, reopen=True))
            if after != before:
                found.append(f"{where}: 被拒绝的值仍被保存：{after!r}（原为 {before!r}）")
            return found
        except Exception as exc:
            return [f"{where}: 未预期的异常 {type(exc).__name__}: {exc}"[:300]]
        # What typing stores (a 不适用 mark “/” clears a number cell, as the document reads it).
        expected = parse_target(target, text) if target.is_field else doc.parse(target.key, text)
        memory = canonical(target, self._stored(target, reopen=False))
        disk = canonical(target, self._stored(target, reopen=True))
        want = canonical(target, expected if expected is not None else "")
        if target.is_field:
            want = str(expected)
        if not (memory == disk == want):
            return [f"{where}: 保存后重新打开不一致：内存 {memory!r}，文件 {disk!r}，应为 {want!r}"]
        return []


# -- crafted and damaged drafts ------------------------------------------------------------------


def make_base_draft(path: Path) -> Path:
    """A real draft with the example's values, fields and some history."""
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.store.draft import Draft

    doc = load_values_document(EXAMPLE)
    with Draft.create(path, doc.form, "张三", doc.fields, doc.values) as draft:
        draft.apply({"received": 3})
        draft.apply({"received": 4})
    return path


# SQL a hostile sender runs on a copy of a real draft with sqlite3.
CRAFTED_SQL: dict[str, str] = {
    "trigger": "CREATE TRIGGER evil AFTER INSERT ON history BEGIN UPDATE cell SET value='999'; END",
    "cross-join-trigger": (
        "CREATE TRIGGER slow AFTER UPDATE ON cell BEGIN SELECT count(*) FROM cell a, cell b,"
        " cell c, cell d; END"
    ),
    "view": "CREATE VIEW v AS SELECT * FROM cell",
    "extra-table": "CREATE TABLE extra (x TEXT)",
    "extra-column": "ALTER TABLE cell ADD COLUMN extra TEXT",
    "extra-index": "CREATE INDEX cell_value ON cell (value)",
    "check-randomblob": (
        "DROP TABLE field; CREATE TABLE field (key TEXT PRIMARY KEY, value TEXT NOT NULL"
        " CHECK (length(randomblob(100000000)) > 0)) WITHOUT ROWID"
    ),
    "wal-mode": "PRAGMA journal_mode = WAL",
    "application-id": "PRAGMA application_id = 12345",
    "user-version-future": "PRAGMA user_version = 999",
    "user-version-zero": "PRAGMA user_version = 0",
    "huge-cell": "UPDATE cell SET value = printf('%.*c', 5000000, '9') WHERE id = 'received'",
    "huge-field": "UPDATE field SET value = printf('%.*c', 5000000, 'x') WHERE key = 'unit'",
    "blob-cell": "UPDATE cell SET value = randomblob(64) WHERE id = 'received'",
    "bad-number": "UPDATE cell SET value = '1e5' WHERE id = 'received'",
    "negative-count": "UPDATE cell SET value = '-5' WHERE id = 'received'",
    "control-field": "UPDATE field SET value = 'a' || char(1) || 'b' WHERE key = 'unit'",
    "unknown-cell": "INSERT INTO cell (id, value) VALUES ('no_such_cell', '1')",
    # The report's text (issue 16): what typing cannot store, and own section lists that break
    # the form (a fixed form's list, a missing table section, a bad id, a huge heading).
    "huge-text": "INSERT INTO section_text VALUES ('summary', printf('%.*c', 5000000, 'x'))",
    "control-text": "INSERT INTO section_text VALUES ('summary', 'a' || char(27) || '[2J')",
    "unknown-section-text": "INSERT INTO section_text VALUES ('no_such_section', '文字')",
    "escape-section-id": "INSERT INTO section_text VALUES (char(27) || '[2J', '文字')",
    "section-list-no-table": "INSERT INTO section_list VALUES (0, 'preface', '')",
    "section-list-bad-id": (
        "INSERT INTO section_list VALUES (0, 'preface', ''); "
        "INSERT INTO section_list VALUES (1, '../x', '标题'); "
        "INSERT INTO section_list VALUES (2, 'attachment', '附件')"
    ),
    "section-list-huge-heading": (
        "INSERT INTO section_list VALUES (0, 'preface', ''); "
        "INSERT INTO section_list VALUES (1, 'own_1', printf('%.*c', 5000000, 'x')); "
        "INSERT INTO section_list VALUES (2, 'attachment', '附件')"
    ),
    # A consolidated draft's record of its reports (issue 17): what the program never writes.
    "consolidated-escape": (
        "INSERT INTO consolidated_from VALUES (0, '财政局' || char(27) || '[2J', 'a.nianbao', '',"
        " '', '', '', 'UNSIGNED')"
    ),
    "consolidated-huge": (
        "INSERT INTO consolidated_from VALUES (0, printf('%.*c', 2000000, 'x'), 'a', '', '', '',"
        " '', 'UNSIGNED')"
    ),
    "consolidated-bad-state": (
        "INSERT INTO consolidated_from VALUES (0, '财政局', 'a', '', '', '', '', 'FORGED')"
    ),
    "no-cells": "DELETE FROM cell",
    "no-meta": "DELETE FROM meta",
    "unknown-form": "UPDATE meta SET value = 'no-such-form' WHERE key = 'form_id'",
    "unknown-status": "UPDATE meta SET value = 'evil' WHERE key = 'status'",
    "huge-history": (
        "UPDATE history SET who = printf('%.*c', 200000, 'x'), new = 'a' || char(27) || '[2J'"
    ),
    "huge-explanation": (
        "INSERT INTO explanation (rule_id, text, at, who) SELECT id, printf('%.*c', 2000000, 'x')"
        " || char(1), '2019-01-01T00:00:00', '张三' FROM (SELECT 'r' AS id)"
    ),
    "huge-comment": (
        "INSERT INTO comment (cell, parent, at, who, text) VALUES ('received', NULL,"
        " '2019-01-01T00:00:00', '李四', printf('%.*c', 2000000, 'x') || char(1))"
    ),
    "escape-comment": (
        "INSERT INTO comment (cell, parent, at, who, text) VALUES ('received', NULL,"
        " '2019-01-01T00:00:00', '李' || char(27) || ']52;c;ZWNobyBwd25lZA==' || char(7),"
        " '请核对' || char(27) || '[2J')"
    ),
    "over-limit-cell": "UPDATE cell SET value = '99999999999999' WHERE id = 'received'",
    "money-places": "UPDATE cell SET value = '1.1234567' WHERE id = 'fees'",
    "forged-signoff": (
        "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES ('局长' || char(1),"
        " '2019-01-01T00:00:00', 'x', 1); UPDATE meta SET value = 'signed' WHERE key = 'status'"
    ),
    "dropped-history": "DROP TABLE history",
    "history-not-utf8": "UPDATE history SET new = CAST(X'FFFE80' AS TEXT) WHERE seq = 2",
}

# A value of another type than its column's, in every column and every meta entry: SQLite stores
# whatever it is given, and a BLOB form id once ended show/check/history in 内部错误
# (AttributeError). Each table gets one plausible row first where the base draft has none.
_ONE_ROW = {
    "consolidated_from": (
        "INSERT OR IGNORE INTO consolidated_from (position, unit, file, signer, signed_at,"
        " key_fingerprint, content_fingerprint, signature) VALUES (0, '财政局', 'a.nianbao', '',"
        " '', '', '', 'UNSIGNED')"
    ),
    "section_text": "INSERT OR IGNORE INTO section_text (id, text) VALUES ('preface', '开头')",
    "section_list": (
        "INSERT OR IGNORE INTO section_list (position, id, heading) VALUES (0, 'preface', '')"
    ),
    "comment": (
        "INSERT INTO comment (cell, parent, at, who, text) VALUES ('received', NULL,"
        " '2019-01-01T00:00:00', '李四', '请核对')"
    ),
    "explanation": (
        "INSERT OR IGNORE INTO explanation (rule_id, text, at, who) VALUES ('r', '说明',"
        " '2019-01-01T00:00:00', '张三')"
    ),
    "previous_value": "INSERT OR IGNORE INTO previous_value (cell, value) VALUES ('received', '2')",
    "signoff": (
        "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES ('局长',"
        " '2019-01-01T00:00:00', 'x', 0)"
    ),
}
# Meta entries a draft has (core/store/draft_file.py write_new).
META_KEYS = (
    "form_id",
    "form_fingerprint",
    "status",
    "created_at",
    "created_by",
    "app_version",
    "previous_source",
)
# Each table's key, to change one row only (changing a key column in every row would collide).
_KEY_COLUMN = {
    "meta": "key",
    "field": "key",
    "cell": "id",
    "history": "seq",
    "comment": "id",
    "signoff": "id",
    "explanation": "rule_id",
    "previous_value": "cell",
    "section_text": "id",
    "section_list": "position",
    "consolidated_from": "position",
}


def _typed_variants() -> dict[str, str]:
    from govreport_gui.core.store.draft_schema import create_schema

    reference = sqlite3.connect(":memory:")
    try:
        create_schema(reference)
        columns = [
            (table, column, declared.upper(), bool(notnull), bool(pk))
            for (table,) in reference.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            for _cid, column, declared, notnull, _default, pk in reference.execute(
                "SELECT * FROM pragma_table_info(?)", (table,)
            )
        ]
    finally:
        reference.close()
    variants: dict[str, str] = {}
    for key in META_KEYS:
        variants[f"meta-{key}-blob"] = f"UPDATE meta SET value = X'FF' WHERE key = '{key}'"
        variants[f"meta-{key}-integer"] = f"UPDATE meta SET value = 7 WHERE key = '{key}'"
        variants[f"meta-{key}-missing"] = f"DELETE FROM meta WHERE key = '{key}'"
    for table, column, declared, notnull, pk in columns:
        if declared == "INTEGER" and pk:
            continue  # a rowid: SQLite itself refuses anything but an integer
        key = _KEY_COLUMN[table]
        one = f"WHERE {key} = (SELECT min({key}) FROM {table})"
        seed = _ONE_ROW.get(table, "")
        seed = f"{seed}; " if seed else ""
        other = "7" if declared == "TEXT" else "'x'"  # 7 in a TEXT column stays text: harmless
        kinds = {"blob": "X'FF'", "integer" if declared == "TEXT" else "text": other}
        if not notnull:
            kinds["null"] = "NULL"
        for kind, value in kinds.items():
            variants[f"{table}-{column}-{kind}"] = (
                f"{seed}UPDATE {table} SET {column} = {value} {one}"
            )
    return variants


CRAFTED_SQL.update(_typed_variants())


def craft_sql(path: Path, sql: str) -> None:
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.executescript(sql)
    finally:
        con.close()


def crafted_drafts(
    folder: Path, base: Path, rng: random.Random, count: int
) -> Iterator[tuple[str, Path]]:
    """Damaged and crafted drafts made in ``folder`` from ``base``: about ``count`` truncations and
    as many byte flips (offsets from ``rng``), every CRAFTED_SQL entry, and the odd ones (empty
    file, folder named *.nianbao, link to /dev/zero)."""
    data = base.read_bytes()
    offsets = {0, 1, 15, 16, 99, 100, 101, 512, 4096, len(data) // 2, len(data) - 1}
    offsets = set(sorted(offsets)[:count])
    while len(offsets) < min(count, len(data)):
        offsets.add(rng.randrange(len(data)))
    for offset in sorted(offsets):
        path = folder / f"trunc-{offset}.nianbao"
        path.write_bytes(data[:offset])
        yield f"截断于 {offset} 字节", path
    for index in range(count):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        path = folder / f"flip-{index}.nianbao"
        path.write_bytes(bytes(damaged))
        yield f"随机改动字节 #{index}", path
    for name, sql in CRAFTED_SQL.items():
        path = folder / f"sql-{name}.nianbao"
        path.write_bytes(data)
        try:
            craft_sql(path, sql)
        except sqlite3.Error:
            continue  # the base schema has no such object: not a crafted case
        yield f"SQL：{name}", path
    empty = folder / "empty.nianbao"
    empty.write_bytes(b"")
    yield "空文件", empty
    directory = folder / "folder.nianbao"
    directory.mkdir()
    yield "名为 *.nianbao 的文件夹", directory
    if os.name == "posix":
        link = folder / "zero.nianbao"
        link.symlink_to("/dev/zero")
        yield "指向 /dev/zero 的链接", link


def file_state(path: Path) -> tuple[object, ...]:
    """What a refused command must leave as it was: the bytes and mtime of a regular file (never
    read through a link or a device), the target of a link, or the kind of anything else."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ("missing",)
    if os.path.islink(path):
        return ("link", os.readlink(path), info.st_mtime_ns)
    if not os.path.isfile(path):
        return ("other", info.st_mode)
    return ("file", hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_size)


def leftovers(path: Path) -> list[str]:
    return sorted(
        p.name
        for p in path.parent.iterdir()
        if p.name in (path.name + "-wal", path.name + "-shm", path.name + "-journal")
    )


HANG_SECONDS = 60.0
# What a terminal would obey (ESC sequences, BEL …): a draft's text must never reach it raw.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def run_cli(argv: Sequence[str], timeout: float = HANG_SECONDS) -> tuple[int | None, str]:
    """The command line in-process with its output captured; ``None`` for the exit code when it
    did not return within ``timeout`` (a hang: the thread is left behind, the caller reports)."""
    from govreport_gui.cli import main as cli

    out = io.StringIO()
    result: list[int] = []
    problems: list[str] = []

    def target() -> None:
        try:
            result.append(cli.main(list(argv)))
        except SystemExit as exc:  # argparse's usage errors
            result.append(int(exc.code) if isinstance(exc.code, int) else 2)
        except BaseException as exc:  # the property under test
            problems.append(f"异常逃出命令行：{type(exc).__name__}: {exc}")

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        worker = threading.Thread(target=target, daemon=True)
        worker.start()
        worker.join(timeout)
    text = out.getvalue() + "".join(problems)
    if worker.is_alive():
        return None, text
    return (result[0] if result else -1), text


def draft_commands(path: Path, out_folder: Path) -> list[tuple[str, list[str]]]:
    p = str(path)
    xlsx, pdf = str(out_folder / "出.xlsx"), str(out_folder / "出.pdf")
    return [
        ("show", ["show", p]),
        ("show --json", ["show", p, "--json"]),
        ("check", ["check", p]),
        ("history", ["history", p]),
        ("comments", ["comments", p, "--all"]),
        ("set", ["set", p, "received=5", "--user", "王五"]),
        ("export", ["export", p, "--draft", "--xlsx", xlsx, "--pdf", pdf, "--overwrite"]),
    ]


def loaded_problems(draft: object) -> list[str]:
    """What an opened draft handed the program that no input could have stored."""
    from govreport_gui.core.store.draft import Draft

    assert isinstance(draft, Draft)
    found: list[str] = []
    for cell_id, value in draft.values.items():
        problem = value_limit_problem(draft.form.cell(cell_id).kind, value)
        if problem:
            found.append(f"单元格 {cell_id}：{problem}")
    known = {f.key for f in draft.form.fields}
    for key, text in draft.fields.items():
        problem = field_limit_problem(draft.form, key, text, typed=False) if key in known else None
        if problem:
            found.append(f"字段 {key}：{problem[:80]}")
    return found


def judge_draft(name: str, path: Path, out_folder: Path) -> list[str]:
    """Open (for writing and read-only) and run show/check/history/set/export on one crafted draft.

    A refused open or command must leave the file as it was; nothing may print a traceback or
    内部错误 or hang; no -wal/-shm/-journal may stay beside the draft after any of them."""
    from govreport_gui.core.store.draft import Draft

    found: list[str] = []
    for readonly in (False, True):
        before = file_state(path)
        what = f"{name} / 打开{'（只读）' if readonly else ''}"
        try:
            with Draft.open(path, "李四", readonly=readonly) as draft:
                found += [f"{what}: 读入的内容越界：{p}" for p in loaded_problems(draft)]
        except DraftError as exc:
            if not is_chinese(exc.message):
                found.append(f"{what}: 拒绝理由不是中文：{exc.message!r}")
            if file_state(path) != before:
                found.append(f"{what}: 拒绝打开，文件却被改动")
        except Exception as exc:
            found.append(f"{what}: 未预期的异常 {type(exc).__name__}: {exc}"[:300])
        if leftovers(path):
            found.append(f"{what}: 关闭后留下 {leftovers(path)}")
    for label, argv in draft_commands(path, out_folder):
        what = f"{name} / {label}"
        before = file_state(path)
        code, text = run_cli(argv)
        if code is None:
            found.append(f"{what}: {HANG_SECONDS:.0f} 秒内没有结束（挂起）")
            continue
        if "Traceback" in text or "内部错误" in text or "异常逃出" in text:
            found.append(f"{what}: {text.strip()[-300:]}")
        if TERMINAL_CONTROL.search(text):
            found.append(f"{what}: 输出含终端控制字符 {TERMINAL_CONTROL.findall(text)[:5]}")
        if code not in (0, 1, 2):
            found.append(f"{what}: 退出码 {code}")
        if code != 0 and file_state(path) != before and label != "set":
            found.append(f"{what}: 拒绝（退出码 {code}），文件却被改动")
        if label == "set" and code == 2 and file_state(path) != before:
            found.append(f"{what}: 拒绝（退出码 2），文件却被改动")
        if leftovers(path):
            found.append(f"{what}: 关闭后留下 {leftovers(path)}")
    return found
