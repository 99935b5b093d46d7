"""Building a form from its file: the TOML read, and every id, rule, reference, help entry,
section and phrase checked, so that a file that is inconsistent is refused with its file, line and
problem (:class:`~govreport_gui.core.forms.formdef.FormDefinitionError`). The file format is
documented in ``forms/README.md``; what is built is the model of :mod:`formdef`.

Imported only when a form is not in the form cache (:mod:`form_file`), or a form's text is
parsed directly (:func:`parse_form`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence

from govreport_gui.core.forms.formdef import (
    FIELD_PLACES,
    HEADING_UNIT,
    NOT_MEANING,
    SEVERITIES,
    Cell,
    Column,
    FieldDef,
    FormDef,
    FormDefinitionError,
    HelpEntry,
    Row,
    RuleDef,
    Severity,
    Table,
)
from govreport_gui.core.forms.rule_expr import (
    Comparison,
    ExprSyntaxError,
    Max,
    Ref,
    Term,
    parse_comparison,
    sum_rule_parts,
)
from govreport_gui.core.forms.sections import (
    HEADING_PLACEHOLDERS,
    PREFACE,
    SECTION_KINDS,
    TABLE,
    Guidance,
    SectionDef,
)
from govreport_gui.core.forms.text_figures import build_text_figures, is_id
from govreport_gui.core.forms.values import Kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any


# ---------------------------------------------------------------------------------------------
# Loading

# The keys of a form file left out of its fingerprint (``meaning``): help explains the form, the
# sections and the report's title shape the text, which the sign-off covers itself.


_NUMERALS = frozenset("一二三四五六七八九十")
# A form's id: lower-case ASCII letters, digits and "-", not starting with "-".
_FORM_ID_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_FORM_ID_CHARS = _FORM_ID_START | {"-"}


def _run_end(text: str, start: int, wanted: Callable[[str], bool]) -> int:
    """Where the run of characters ``wanted`` that starts at ``start`` ends."""
    end = start
    while end < len(text) and wanted(text[end]):
        end += 1
    return end


def _numbering_end(text: str) -> int:
    """The length of the numbering that starts ``text`` (其中：, 一、, （一）, 1. 1． 1、), else 0."""
    if text.startswith(("其中：", "其中:")):
        return 3
    if text.startswith("（"):
        end = _run_end(text, 1, _NUMERALS.__contains__)
        return end + 1 if end > 1 and text[end : end + 1] == "）" else 0
    end = _run_end(text, 0, _NUMERALS.__contains__)
    if end:
        return end + 1 if text[end : end + 1] == "、" else 0
    end = _run_end(text, 0, str.isdecimal)  # any decimal digit, full-width ones too
    return end + 1 if end and text[end : end + 1] in (".", "．", "、") else 0


def short_label(label: str) -> str:
    """``（一）收到申请数`` → ``收到申请数``; ``1.专职人员数（不包括…）`` → ``专职人员数``.

    Read without patterns: compiling them would cost every ``check`` process more than reading
    all the labels of a form (issue 14)."""
    text = label.strip()
    while 0 < (end := _numbering_end(text)) < len(text):
        text = text[end:].lstrip()
    if text.endswith("）"):  # a closing note （…） with no bracket inside it
        start = text.rfind("（")
        if start >= 0 and "）" not in text[start:-1]:
            return text[:start] or text
    return text


# Compiled on first use (re's own cache): a form read from the parsed-form cache needs none.
_ASSIGNMENT = r"""(?:^|[\s{,])([A-Za-z_]+)\s*=\s*["']([^"']*)["']"""


class _Source:
    """The text of a form file, to point at lines (tomllib keeps no positions)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._lines: list[str] | None = None
        self._assignments: dict[tuple[str, str], list[int]] | None = None

    @property
    def lines(self) -> list[str]:
        """The file's lines, split when first asked."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line_of(self, *needles: str, occurrence: int = 1) -> int | None:
        seen = 0
        for number, line in enumerate(self.lines, start=1):
            if all(n in line for n in needles):
                seen += 1
                if seen == occurrence:
                    return number
        return None

    def line_of_id(self, key: str, value: str, occurrence: int = 1) -> int | None:
        """The line of the n-th ``key = "value"`` in the file (an index built once per file)."""
        found = self.assignments().get((key, value), [])
        return found[occurrence - 1] if len(found) >= occurrence else None

    def assignments(self) -> dict[tuple[str, str], list[int]]:
        """The lines of every ``key = "value"`` of the file, by key and value."""
        if self._assignments is None:
            self._assignments = {}
            for number, line in enumerate(self.lines, start=1):
                for match in re.finditer(_ASSIGNMENT, line):
                    self._assignments.setdefault((match.group(1), match.group(2)), []).append(
                        number
                    )
        return self._assignments

    def fail(self, line: int | None, problem: str) -> FormDefinitionError:
        return FormDefinitionError(self.path, line, problem)


def _str(
    src: _Source, data: Mapping[str, Any], key: str, where: str, default: str | None = None
) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        line = src.line_of_id("id", str(data.get("id", ""))) if "id" in data else None
        raise src.fail(line, f"{where} 缺少文字项 “{key}”")
    return value


def _consolidate(src: _Source, data: Mapping[str, Any], line: int | None) -> bool:
    """A row's or column's ``consolidate`` key (default true): may a 汇总 add it up over units."""
    raw = data.get("consolidate", True)
    if not isinstance(raw, bool):
        raise src.fail(line, f"consolidate 只能是 true 或 false，不是 “{raw}”")
    return raw


def _aliases(
    src: _Source, data: Mapping[str, Any], line: int | None, own: str = "label"
) -> tuple[str, ...]:
    """A row's or column's ``aliases`` key (default none): the other labels reports print; a
    section's (``own`` = heading): the other headings."""
    raw = data.get("aliases", [])
    if not isinstance(raw, list) or not all(isinstance(a, str) and a.strip() for a in raw):
        raise src.fail(line, 'aliases 应是一组非空的文字，如 aliases = ["合计"]')
    if len(set(raw)) != len(raw) or data.get(own) in raw:
        raise src.fail(line, f"aliases 中有重复的文字，或与 {own} 相同")
    return tuple(raw)


def _placeholders_left(heading: str) -> bool:
    """Whether a heading holds a brace other than its ``{year}`` and ``{next}``."""
    rest = heading
    for name in HEADING_PLACEHOLDERS:
        rest = rest.replace(name, "")
    return "{" in rest or "}" in rest


# Keys of a row or column that say how a report is read or summed, not what it says.
_NOT_MEANING_ITEM_KEYS = frozenset({"consolidate", "aliases"})


def _without_consolidate(tables: Any) -> Any:
    """The tables as the fingerprint sees them: without the rows' and columns' ``consolidate``
    and ``aliases``."""
    if not isinstance(tables, list):
        return tables
    kept = []
    for table in tables:
        if not isinstance(table, dict):
            kept.append(table)
            continue
        copy = dict(table)
        for part in ("rows", "columns"):
            if isinstance(copy.get(part), list):
                copy[part] = [
                    {k: v for k, v in item.items() if k not in _NOT_MEANING_ITEM_KEYS}
                    if isinstance(item, dict)
                    else item
                    for item in copy[part]
                ]
        kept.append(copy)
    return kept


def _kind(src: _Source, data: Mapping[str, Any], line: int | None) -> Kind | None:
    raw = data.get("kind")
    if raw is None:
        return None
    try:
        return Kind(raw)
    except ValueError:
        names = ", ".join(k.value for k in Kind)
        raise src.fail(line, f"未知的数值类型 “{raw}”（可用：{names}）") from None


def parse_form(text: str, path: str = "<form>") -> FormDef:
    """The form in ``text``, the content of the form file ``path``."""
    src = _Source(path, text)
    return _Builder(src, _parse_toml(src, text)).build()


def _parse_toml(src: _Source, text: str) -> dict[str, Any]:
    import tomllib  # here: a form read from the cache needs no TOML reader

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise src.fail(int(match.group(1)) if match else None, f"TOML 语法错误：{exc}") from exc


class _FieldNames(dict[str, str]):
    """The names a format string asks for, recorded by ``str.format_map`` (each given as ""): the
    check of ``report_title`` needs no ``string`` module, which a ``check`` process would import
    for this alone."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def __missing__(self, key: str) -> str:
        self.asked.add(key)
        return ""


class _Builder:
    def __init__(self, src: _Source, data: dict[str, Any]) -> None:
        self.src = src
        self.data = data
        self.ids_seen: dict[str, int] = {}
        self.cells: list[Cell] = []
        self.cell_by_id: dict[str, Cell] = {}
        self.rules: list[RuleDef] = []

    def claim_id(self, kind: str, key: str, value: str) -> int | None:
        """Register a row/column/table/rule id; ids are unique in a form (per kind for columns)."""
        count = self.ids_seen.get(f"{kind}:{value}", 0) + 1
        self.ids_seen[f"{kind}:{value}"] = count
        # The n-th `id = "value"` line of the file, whatever kind of thing it names.
        seen_in_file = self.ids_seen.get(f"line:{key}:{value}", 0) + 1
        self.ids_seen[f"line:{key}:{value}"] = seen_in_file
        line = self.src.line_of_id(key, value, occurrence=seen_in_file)
        if not is_id(value):
            raise self.src.fail(
                line, f"标识 “{value}” 不合规（只能用小写字母、数字和下划线，字母开头）"
            )
        if count > 1:
            raise self.src.fail(line, f"重复的标识 “{value}”")
        return line

    def build(self) -> FormDef:
        d, src = self.data, self.src
        form_id = _str(src, d, "id", "表单")
        if not (form_id[:1] in _FORM_ID_START and set(form_id) <= _FORM_ID_CHARS):
            raise src.fail(src.line_of_id("id", form_id), f"表单标识 “{form_id}” 不合规")
        title = _str(src, d, "title", "表单")
        report_title = self.title_pattern(d, "report_title", "{title}（{year}年度）")
        basis = _str(src, d, "basis", "表单", "")
        fields = self.build_fields(d.get("fields", []))
        raw_tables = d.get("tables", [])
        if not isinstance(raw_tables, list) or not raw_tables:
            raise src.fail(None, "表单至少要有一张表（[[tables]]）")
        tables = tuple(self.build_table(t) for t in raw_tables)
        for table, raw in zip(tables, raw_tables, strict=True):
            self.build_table_rules(table, raw)
        for raw_rule in d.get("checks", []):
            self.build_rule(raw_rule, tables[0], context=None, self_row=None)
        self.check_cycles()
        help_entries = self.build_help(d.get("help", []), tables)
        sections = self.build_sections(d.get("sections", []), tables)
        document_title = self.title_pattern(d, "document_title", "")
        # Help text explains the form but does not change what a report says: it is left out of
        # the form's fingerprint, so adding or correcting help keeps signed-off drafts valid. The
        # report's sections and title pattern are left out too: they shape the text, which the
        # sign-off covers as its own part (signed content v3), and a form file that gained them
        # must not make every draft signed before it "changed". So are the phrases that find figures
        # in the text: they check the text, not the report.
        # Whether a row or column may be summed over units (``consolidate``) says how a 汇总 is
        # made, not what a report says: left out too; so are the other labels a published report
        # prints for it (``aliases``), which say how a report is read.
        meaning = {
            key: _without_consolidate(value) if key == "tables" else value
            for key, value in d.items()
            if key not in NOT_MEANING
        }
        canonical = json.dumps(meaning, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return FormDef(
            id=form_id,
            title=title,
            basis=basis,
            first_year=d.get("first_year"),
            last_year=d.get("last_year"),
            fields=fields,
            tables=tables,
            rules=tuple(self.rules),
            meaning=canonical,
            source=src.path,
            cells=tuple(self.cells),
            _cell_by_id=dict(self.cell_by_id),
            help=help_entries,
            report_title=report_title,
            sections=sections,
            document_title=document_title,
            sections_editable=self.flag(d, "sections_editable"),
            text_figures=build_text_figures(
                d.get("text_figures", []), self.cell_by_id, src.line_of_id, src.fail
            ),
        )

    def flag(self, d: Mapping[str, Any], key: str) -> bool:
        value = d.get(key, False)
        if not isinstance(value, bool):
            raise self.src.fail(self.src.line_of(key), f"{key} 只能是 true 或 false")
        return value

    def title_pattern(self, d: Mapping[str, Any], key: str, default: str) -> str:
        """A title pattern (``report_title``, ``document_title``): only {title}, {year}, {unit},
        and {year} must be there."""
        src = self.src
        pattern = _str(src, d, key, "表单", default)
        if not pattern:
            return pattern
        names = _FieldNames()
        try:
            pattern.format_map(names)
        except ValueError as exc:  # a lone brace, a positional field, a bad conversion
            raise src.fail(src.line_of(key), f"{key} 有误：{exc}") from exc
        except (AttributeError, IndexError, KeyError):  # {year.x}, {year[0]}: not a plain name
            names.asked.add("")
        if not names.asked <= {"title", "year", "unit"} or "year" not in names.asked:
            raise src.fail(
                src.line_of(key), f"{key} 只能用 {{title}}、{{year}}、{{unit}}，且必须含有 {{year}}"
            )
        return pattern

    def build_sections(self, raw_sections: Any, tables: Sequence[Table]) -> tuple[SectionDef, ...]:
        """``[[sections]]``: the report's sections in order, the preface first; every table in
        exactly one table section. A form without sections has tables only (no report text)."""
        src = self.src
        if not isinstance(raw_sections, list) or not all(isinstance(r, dict) for r in raw_sections):
            raise src.fail(src.line_of("[sections]"), "sections 应写成 [[sections]] 条目")
        if not raw_sections:
            return ()
        table_ids = [t.id for t in tables]
        placed: dict[str, str] = {}
        result: list[SectionDef] = []
        lines: dict[str, int | None] = {}
        for position, raw in enumerate(raw_sections):
            section_id = raw.get("id")
            if not isinstance(section_id, str):
                raise src.fail(src.line_of("[[sections]]"), "章节缺少文字项 “id”")
            line = self.claim_id("section", "id", section_id)
            lines[section_id] = line
            heading = raw.get("heading", "")
            if not isinstance(heading, str):
                raise src.fail(line, f"章节 “{section_id}” 的 heading 应为文字")
            if position == 0 and (section_id != PREFACE or heading):
                raise src.fail(line, f"第一个章节应为开头部分：id = “{PREFACE}”，heading 为空")
            if position > 0 and section_id == PREFACE:
                raise src.fail(line, f"开头部分 “{PREFACE}” 只能是第一个章节")
            if position > 0 and not heading.strip():
                raise src.fail(line, f"章节 “{section_id}” 缺少标题（heading）")
            if _placeholders_left(heading):
                raise src.fail(line, f"章节 “{section_id}” 的标题只能用 {{year}}、{{next}}")
            kind = raw.get("kind", "text")
            if kind not in SECTION_KINDS:
                raise src.fail(
                    line, f"章节 “{section_id}” 的 kind “{kind}” 只能是 {'、'.join(SECTION_KINDS)}"
                )
            held = raw.get("tables", [])
            if not isinstance(held, list) or not all(isinstance(t, str) for t in held):
                raise src.fail(line, f"章节 “{section_id}” 的 tables 应为表格标识的列表")
            if kind == TABLE and not held:
                raise src.fail(line, f"表格章节 “{section_id}” 没有写明 tables")
            if kind != TABLE and held:
                raise src.fail(
                    line, f'文字章节 “{section_id}” 不能带 tables（表格章节写 kind = "table"）'
                )
            if section_id == PREFACE and kind == TABLE:
                raise src.fail(line, "开头部分不能是表格章节")
            for table_id in held:
                if table_id not in table_ids:
                    raise src.fail(line, f"章节 “{section_id}” 指向不存在的表格 “{table_id}”")
                if table_id in placed:
                    raise src.fail(
                        line,
                        f"表格 “{table_id}” 已在章节 “{placed[table_id]}” 中，不能再放进 “{section_id}”",
                    )
                placed[table_id] = section_id
            guidance = self.build_guidance(raw.get("guidance", []), section_id, line)
            aliases = _aliases(src, raw, line, "heading")
            if any(_placeholders_left(a) for a in aliases):
                raise src.fail(line, f"章节 “{section_id}” 的别名只能用 {{year}}、{{next}}")
            result.append(SectionDef(section_id, heading, kind, tuple(held), guidance, aliases))
        missing = [t for t in table_ids if t not in placed]
        if missing:
            raise src.fail(src.line_of("[[sections]]"), f"表格 {'、'.join(missing)} 不在任何章节中")
        self.check_section_aliases(result, lines)
        return tuple(result)

    def check_section_aliases(
        self, sections: Sequence[SectionDef], lines: Mapping[str, int | None]
    ) -> None:
        """A section's alias that reads as its own heading adds nothing, and one that reads as
        another section's heading or alias (numbering, punctuation and 的 aside, as import-report
        compares them) would let the text under it land in either: both refused with the line
        of the section that has it."""
        if not any(section.aliases for section in sections):
            return  # the 2014 form: nothing to compare
        from govreport_gui.core.forms.headings import heading_key, heading_number

        owner: dict[str, str] = {}
        for section in sections:
            for text in (section.heading, *section.aliases):
                owner.setdefault(heading_key(text), section.id)
        for section in sections:
            line = lines.get(section.id)
            if section.aliases and heading_number(section.heading) is None:
                raise self.src.fail(
                    line,
                    f"章节 “{section.id}” 的标题没有编号（如“五、”），"
                    "别名按编号认出，不能用 aliases",
                )
            for alias in section.aliases:
                key = heading_key(alias)
                other = owner.get(key, section.id)
                if key == heading_key(section.heading) or other != section.id:
                    what = "本章节的标题" if other == section.id else f"章节 “{other}” 的标题或别名"
                    raise self.src.fail(
                        line, f"章节 “{section.id}” 的别名 “{alias}” 与{what}相同（不计编号和标点）"
                    )

    def build_guidance(self, raw: Any, section_id: str, line: int | None) -> tuple[Guidance, ...]:
        """A section's ``[[sections.guidance]]``: quoted text and its source, both required."""
        if not isinstance(raw, list):
            raise self.src.fail(
                line, f"章节 “{section_id}” 的 guidance 应写成 [[sections.guidance]]"
            )
        result: list[Guidance] = []
        for entry in raw:
            text = entry.get("text") if isinstance(entry, dict) else None
            source = entry.get("source") if isinstance(entry, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise self.src.fail(line, f"章节 “{section_id}” 的填写要求缺少 text（引文）")
            if not isinstance(source, str) or not source.strip():
                raise self.src.fail(
                    line, f"章节 “{section_id}” 的填写要求缺少 source（出处：文件名称和条款）"
                )
            result.append(Guidance(text.strip(), source.strip()))
        return tuple(result)

    def build_help(self, raw_help: Any, tables: Sequence[Table]) -> tuple[HelpEntry, ...]:
        """``[[help]]`` entries: each names a row (or a table), and has a text and its source."""
        src = self.src
        if not isinstance(raw_help, list):
            raise src.fail(src.line_of("[help]"), "help 应写成 [[help]] 条目")
        row_table = {row.id: table.id for table in tables for row in table.rows}
        table_ids = {table.id for table in tables}
        entries: list[HelpEntry] = []
        seen: dict[tuple[str, str], int] = {}
        for raw in raw_help:
            if not isinstance(raw, dict):
                raise src.fail(src.line_of("[[help]]"), "help 应写成 [[help]] 条目")
            row_id = raw.get("row", "")
            table_id = raw.get("table", "")
            key = ("row", row_id) if row_id else ("table", table_id)
            seen[key] = seen.get(key, 0) + 1
            line = src.line_of_id(*key, occurrence=seen[key]) if key[1] else None
            if not isinstance(row_id, str) or not isinstance(table_id, str):
                raise src.fail(line, "说明条目的 row 和 table 应为文字")
            if row_id:
                if row_id not in row_table:
                    raise src.fail(line, f"说明条目指向不存在的行 “{row_id}”")
                if table_id and table_id != row_table[row_id]:
                    raise src.fail(line, f"行 “{row_id}” 不在表格 “{table_id}” 中")
                table_id = row_table[row_id]
            elif not table_id:
                raise src.fail(src.line_of("[[help]]"), "说明条目应写明 row（行）或 table（表格）")
            elif table_id not in table_ids:
                raise src.fail(line, f"说明条目指向不存在的表格 “{table_id}”")
            text, source = raw.get("text"), raw.get("source")
            if not isinstance(text, str) or not text.strip():
                raise src.fail(line, f"“{row_id or table_id}” 的说明条目缺少 text（说明文字）")
            if not isinstance(source, str) or not source.strip():
                raise src.fail(
                    line, f"“{row_id or table_id}” 的说明条目缺少 source（出处：文件名称和条款）"
                )
            entries.append(HelpEntry(table_id, row_id, text.strip(), source.strip()))
        return tuple(entries)

    def build_fields(self, raw_fields: Sequence[Mapping[str, Any]]) -> tuple[FieldDef, ...]:
        result: list[FieldDef] = []
        for raw in raw_fields:
            key = _str(self.src, raw, "key", "字段")
            line = self.src.line_of_id("key", key)
            if any(f.key == key for f in result):
                raise self.src.fail(self.src.line_of_id("key", key, 2), f"重复的字段 “{key}”")
            place = raw.get("place", "footer")
            if place not in FIELD_PLACES:
                raise self.src.fail(line, f"字段位置 “{place}” 只能是 header 或 footer")
            kind = raw.get("kind", "text")
            if kind not in ("text", "year", "date"):
                raise self.src.fail(line, f"字段类型 “{kind}” 只能是 text、year 或 date")
            label = _str(self.src, raw, "label", f"字段 {key}")
            result.append(
                FieldDef(
                    key=key,
                    label=label,
                    print_label=raw.get("print_label", label),
                    place=place,
                    required=bool(raw.get("required", False)),
                    kind=kind,
                    print_blank=bool(raw.get("print_blank", True)),
                )
            )
        return tuple(result)

    def check_aliases(
        self, items: Sequence[Row] | Sequence[Column], lines: Mapping[str, int | None], what: str
    ) -> None:
        """An alias that is another row's (column's) label or alias in the same table would let an
        import put a figure in either: refused, with the line of the row (column) that has it.
        Two rows may share a label (the 2014 form's two （二）被依法纠错数, told apart by place), and
        columns under different groups (table 四's three 总计): so may their aliases."""

        def key(item: Row | Column, text: str) -> tuple[tuple[str, ...], str]:
            return (item.groups if isinstance(item, Column) else ()), "".join(text.split())

        names: dict[tuple[tuple[str, ...], str], set[str]] = {}
        for item in items:
            for text in (item.label, *item.aliases):
                names.setdefault(key(item, text), set()).add(item.id)
        for item in items:
            for alias in item.aliases:
                others = names[key(item, alias)] - {item.id}
                if others:
                    raise self.src.fail(
                        lines.get(item.id),
                        f"{what} “{item.id}” 的别名 “{alias}” 与{what} “{min(others)}” 的名称相同",
                    )

    def build_table(self, raw: Mapping[str, Any]) -> Table:
        src = self.src
        table_id = _str(src, raw, "id", "表格")
        line = self.claim_id("table", "id", table_id)
        table_kind = _kind(src, raw, line) or Kind.COUNT
        columns: list[Column] = []
        col_lines: dict[str, int | None] = {}
        row_lines: dict[str, int | None] = {}
        for raw_col in raw.get("columns", [{"id": "value", "label": "统计数"}]):
            col_id = _str(src, raw_col, "id", f"表格 {table_id} 的列")
            col_line = self.claim_id(f"column:{table_id}", "id", col_id)
            col_lines[col_id] = col_line
            label = _str(src, raw_col, "label", f"列 {col_id}")
            groups = raw_col.get("group", [])
            if isinstance(groups, str):
                groups = [groups]
            columns.append(
                Column(
                    id=col_id,
                    label=label,
                    short=raw_col.get("short", label),
                    groups=tuple(groups),
                    kind=_kind(src, raw_col, col_line),
                    additive=_consolidate(src, raw_col, col_line),
                    aliases=_aliases(src, raw_col, col_line),
                )
            )
        if not columns:
            raise src.fail(line, f"表格 “{table_id}” 没有列")
        rows: list[Row] = []
        cells: list[Cell] = []
        one_column = len(columns) == 1
        for raw_row in raw.get("rows", []):
            row_id = _str(src, raw_row, "id", f"表格 {table_id} 的行")
            row_line = self.claim_id("row", "id", row_id)
            row_lines[row_id] = row_line
            heading = bool(raw_row.get("heading", False))
            label = _str(src, raw_row, "label", f"行 {row_id}")
            row = Row(
                id=row_id,
                label=label,
                note=raw_row.get("note", ""),
                unit=raw_row.get("unit", HEADING_UNIT if heading else ""),
                indent=int(raw_row.get("indent", 0)),
                heading=heading,
                short=raw_row.get("short", short_label(label)),
                kind=_kind(src, raw_row, row_line),
                additive=_consolidate(src, raw_row, row_line),
                aliases=_aliases(src, raw_row, row_line),
            )
            rows.append(row)
            if heading:
                continue
            for column in columns:
                cell_id = row_id if one_column else f"{row_id}.{column.id}"
                if cell_id in self.cell_by_id:
                    raise src.fail(row_line, f"单元格标识 “{cell_id}” 重复")
                kind = row.kind or column.kind or table_kind
                if row.unit == "万元" and row.kind is None and column.kind is None:
                    kind = Kind.MONEY
                if one_column:
                    cell_label = row.short
                elif not row.short:
                    cell_label = column.short
                else:
                    cell_label = f"{row.short}（{column.short}）"
                cell = Cell(cell_id, len(self.cells), table_id, row, column, kind, cell_label)
                self.cells.append(cell)
                self.cell_by_id[cell_id] = cell
                cells.append(cell)
        if not rows:
            raise src.fail(line, f"表格 “{table_id}” 没有行")
        self.check_aliases(rows, row_lines, "行")
        self.check_aliases(columns, col_lines, "列")
        return Table(
            id=table_id,
            title=raw.get("title", ""),
            section=raw.get("section", ""),
            stub_header=raw.get("stub_header", "统计指标"),
            stub_note=raw.get("stub_note", ""),
            unit_header=raw.get("unit_header", "单位"),
            show_unit=bool(raw.get("show_unit", True)),
            rows=tuple(rows),
            columns=tuple(columns),
            cells=tuple(cells),
        )

    def build_table_rules(self, table: Table, raw: Mapping[str, Any]) -> None:
        for raw_row, row in zip(raw.get("rows", []), table.rows, strict=True):
            for raw_rule in raw_row.get("checks", []):
                if row.heading:
                    line = self.src.line_of_id("id", str(raw_rule.get("id", "")))
                    raise self.src.fail(line, f"标题行 “{row.id}” 不填数，不能带校验")
                self.build_rule(raw_rule, table, context="column", self_row=row)
        for raw_rule in raw.get("checks", []):
            context = raw_rule.get("for_each", "column")
            if context not in ("column", "row", "cell"):
                line = self.src.line_of_id("id", str(raw_rule.get("id", "")))
                raise self.src.fail(line, f"for_each 只能是 column、row 或 cell，不是 “{context}”")
            self.build_rule(
                raw_rule, table, context=None if context == "cell" else context, self_row=None
            )

    def build_rule(
        self, raw: Mapping[str, Any], table: Table, context: str | None, self_row: Row | None
    ) -> None:
        src = self.src
        rule_id = _str(src, raw, "id", "校验")
        line = self.claim_id("rule", "id", rule_id)
        severity = raw.get("severity", "error")
        if severity not in SEVERITIES:
            raise src.fail(line, f"校验 “{rule_id}” 的 severity 只能是 error 或 warning")
        text = _str(src, raw, "expr", f"校验 {rule_id}")
        try:
            expr = parse_comparison(text)
        except ExprSyntaxError as exc:
            raise src.fail(line, f"校验 “{rule_id}” 的表达式有误：{exc}") from exc
        for term in (*expr.left, *expr.right):
            if isinstance(term.atom, Max) and len({a.previous_year for a in term.atom.args}) > 1:
                raise src.fail(line, f"校验 “{rule_id}” 的 max() 不能混用本年与上年（prev）")
        description = raw.get("message", "")
        if context == "row":
            targets: list[tuple[str, Any]] = [(r.id, r) for r in table.rows if not r.heading]
            only = raw.get("rows")
        elif context == "column":
            targets = [(c.id, c) for c in table.columns]
            only = raw.get("columns")
        else:
            targets, only = [("", None)], None
        if only is not None:
            known = {t[0] for t in targets}
            for name in only:
                if name not in known:
                    raise src.fail(
                        line,
                        f"校验 “{rule_id}” 指定了不存在的{'行' if context == 'row' else '列'} “{name}”",
                    )
            targets = [t for t in targets if t[0] in only]
        expand = len(targets) > 1
        # The table's ids, once per rule rather than once per row or column it is checked for.
        ids = ({r.id for r in table.rows}, {c.id for c in table.columns})
        for target_id, _target in targets:
            resolved = self.resolve(expr, table, ids, context, target_id, self_row, rule_id, line)
            self.rules.append(
                RuleDef(
                    id=f"{rule_id}@{target_id}" if expand else rule_id,
                    base_id=rule_id,
                    severity=Severity(severity),
                    expr=resolved,
                    description=description or self.describe(resolved),
                    table_id=table.id,
                    line=line,
                )
            )

    def resolve(
        self,
        expr: Comparison,
        table: Table,
        ids: tuple[set[str], set[str]],
        context: str | None,
        target: str,
        self_row: Row | None,
        rule_id: str,
        line: int | None,
    ) -> Comparison:
        one_column = len(table.columns) == 1
        row_ids, col_ids = ids

        def cell_of(ref: Ref) -> Ref:
            name = ref.name
            if name == "self":
                if self_row is None:
                    raise self.src.fail(line, f"校验 “{rule_id}” 用了 self，但它不写在某一行下")
                name = self_row.id
            candidate: str | None = None
            if context == "column" and name in row_ids:
                candidate = name if one_column else f"{name}.{target}"
            elif context == "row" and name in col_ids:
                candidate = target if one_column else f"{target}.{name}"
            elif name in self.cell_by_id:
                candidate = name
            if candidate is None:
                raise self.src.fail(line, f"校验 “{rule_id}” 引用了不存在的单元格 “{ref.name}”")
            if candidate not in self.cell_by_id:
                raise self.src.fail(
                    line, f"校验 “{rule_id}” 引用了标题行 “{ref.name}”，标题行不填数"
                )
            if self.cell_by_id[candidate].kind is Kind.TEXT:
                raise self.src.fail(line, f"校验 “{rule_id}” 引用了文字单元格 “{ref.name}”")
            return Ref(candidate, ref.previous_year)

        return _map_refs(expr, cell_of)

    def describe(self, expr: Comparison) -> str:
        def side(terms: Sequence[Any]) -> str:
            parts = []
            for i, term in enumerate(terms):
                sign = "−" if term.sign < 0 else ("+" if i else "")
                parts.append(f"{sign} {_atom_text(term.atom, self.cell_by_id)}".strip())
            return " ".join(parts)

        op = {"=": "=", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}[expr.op]
        return f"{side(expr.left)} {op} {side(expr.right)}"

    def check_cycles(self) -> None:
        """A total that is, through other totals, a part of itself makes the form unusable."""
        graph: dict[str, list[tuple[str, RuleDef]]] = {}
        for rule in self.rules:
            total = sum_rule_parts(rule.expr)
            if total is None:
                continue
            head, parts = total
            for part in parts:
                if part == head:
                    raise self.src.fail(
                        rule.line, f"校验 “{rule.base_id}” 中 “{head}” 是它自己的分项"
                    )
                graph.setdefault(head, []).append((part, rule))
        state: dict[str, int] = {}

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            for child, rule in graph.get(node, []):
                if state.get(child) == 1:
                    cycle = (
                        " → ".join([*path[path.index(child) :], child]) if child in path else child
                    )
                    raise self.src.fail(rule.line, f"合计关系成环：{cycle}")
                if state.get(child) is None:
                    visit(child, [*path, child])
            state[node] = 2

        for node in list(graph):
            if state.get(node) is None:
                visit(node, [node])


def _map_refs(expr: Comparison, fn: Any) -> Comparison:
    def map_terms(terms: tuple[Term, ...]) -> tuple[Term, ...]:
        out = []
        for term in terms:
            atom = term.atom
            if isinstance(atom, Ref):
                atom = fn(atom)
            elif isinstance(atom, Max):
                atom = Max(tuple(fn(a) for a in atom.args))
            out.append(Term(term.sign, atom))
        return tuple(out)

    return Comparison(map_terms(expr.left), expr.op, map_terms(expr.right))


def _atom_text(atom: Any, cells: Mapping[str, Cell]) -> str:
    if isinstance(atom, Ref):
        label = cells[atom.name].label
        return f"上年{label}" if atom.previous_year else label
    if isinstance(atom, Max):
        return "max(" + "、".join(_atom_text(a, cells) for a in atom.args) + ")"
    return str(atom.value)
