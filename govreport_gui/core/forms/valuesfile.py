"""Values files: ``{"form": ID, "fields": {...}, "values": {cell_id: value} | [v, v, ...]}``.

A list of values is taken in the form's ``cells`` order (how a column copied from a spreadsheet
arrives). Values may be JSON numbers or the strings a person would type; each goes through the same
parsing as typing (a JSON number as the text it is written with: ``1e5`` is refused as typed "1e5"
is), and any bad one refuses the whole file. Keys other than ``form``, ``fields`` and ``values``
(a misspelt ``"value"``) and a key written twice in one object are refused, never ignored.
"""

from __future__ import annotations

from govreport_gui.core.capped_list import capped
from govreport_gui.core.forms.fields import FieldsError, parse_fields
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value, ValueInputError, parse_value
from govreport_gui.core.json_text import loads
from govreport_gui.core.oserror_text import cannot_read
from govreport_gui.core.regular_file import FileTooLargeError, NotRegularFileError, read_limited

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any

    from _typeshed import StrPath  # a path as text or Path: ``check`` imports no ``pathlib``


MAX_VALUES_FILE = 16 * 1024 * 1024
TOP_LEVEL_KEYS = ("form", "fields", "values")


class ValuesFileError(ValueError):
    """A values file that cannot be used; ``problems`` lists every reason, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(capped(problems)))
        self.problems = problems

    def listed(self) -> str:
        """The problems as shown, one indented line each: the first ones and how many more (a
        crafted file can name 500,000 unknown cells)."""
        return "\n".join(f"  {p}" for p in capped(self.problems))


class ValuesDocument:
    """A values file as read: its form, fields and values. (A plain class, not a dataclass:
    ``govreport check FILE`` imports no ``dataclasses``.)"""

    def __init__(
        self,
        form: FormDef,
        fields: dict[str, str] | None = None,
        values: dict[str, Value | None] | None = None,
    ) -> None:
        self.form = form
        self.fields: dict[str, str] = {} if fields is None else fields
        self.values: dict[str, Value | None] = {} if values is None else values


class JsonNumber(float):
    """A JSON number with a fraction or exponent, keeping the text it was written with."""

    text: str

    def __new__(cls, text: str) -> JsonNumber:
        number = super().__new__(cls, text)
        number.text = text
        return number


# No figure has more digits than this (10^12 and its six decimals); a longer integer literal is
# refused before Python converts it (over 4,300 digits it would raise a bare ValueError).
MAX_JSON_INTEGER_DIGITS = 100


class _LongIntegerError(Exception):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INTEGER_DIGITS:
        raise _LongIntegerError(text)
    return int(text)


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def read_json(path: StrPath) -> Any:
    """The JSON document in ``path``; a key written twice in one object is refused.

    Numbers with a fraction or exponent are :class:`JsonNumber` (a float that keeps its text).
    """
    try:
        text = read_limited(path, MAX_VALUES_FILE).decode("utf-8-sig")
    except (NotRegularFileError, FileTooLargeError) as exc:
        raise ValuesFileError([exc.message]) from None
    except UnicodeDecodeError:
        raise ValuesFileError(
            [
                "文件不是 UTF-8 编码的 JSON（可能是 UTF-16 或 GBK/ANSI），请用记事本或 WPS "
                f"“另存为”时把编码选为 UTF-8 后再用：{path}"
            ]
        ) from None
    except OSError as exc:
        raise ValuesFileError([cannot_read(exc, path)]) from None
    try:
        return loads(
            text, object_pairs_hook=_unique_object, parse_float=JsonNumber, parse_int=_json_int
        )
    except RecursionError:
        # Python's JSON reader recurses once per level: [[[[…]]]] 100,000 deep exhausts the stack.
        raise ValuesFileError(
            [f'JSON 嵌套层数过多，不是数值文件（应为 {{"form": …, "values": …}}）：{path}']
        ) from None
    except _LongIntegerError:
        raise ValuesFileError(
            [f"JSON 中有位数过多的整数（超过 {MAX_JSON_INTEGER_DIGITS} 位），请检查数字：{path}"]
        ) from None
    except ValueError as exc:
        from json import JSONDecodeError  # imported already: json_text reads no bad JSON itself

        if not isinstance(exc, JSONDecodeError):
            raise
        raise ValuesFileError(
            [f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{path}"]
        ) from None
    except _DuplicateKeyError as exc:
        raise ValuesFileError(
            [f"JSON 中同一处写了两次“{exc.key}”，不知道该用哪一个，请只保留一个：{path}"]
        ) from None


def parse_values(form: FormDef, raw: object) -> dict[str, Value | None]:
    """A mapping or a list in ``cells`` order → parsed values; every problem reported at once."""
    problems: list[str] = []
    pairs: list[tuple[str, object]] = []
    if isinstance(raw, dict):
        for cell_id, value in raw.items():
            if not form.has_cell(cell_id):
                problems.append(f"表单 {form.id} 没有单元格“{cell_id}”")
                continue
            pairs.append((cell_id, value))
    elif isinstance(raw, list):
        if len(raw) != len(form.cells):
            problems.append(
                f"values 列表有 {len(raw)} 个值，但表单 {form.id} 有 {len(form.cells)} 个单元格"
            )
        else:
            pairs = [(cell.id, value) for cell, value in zip(form.cells, raw, strict=True)]
    else:
        problems.append("values 应为对象（单元格标识 → 值）或按单元格顺序排列的列表")
    result: dict[str, Value | None] = {}
    for cell_id, value in pairs:
        cell = form.cell(cell_id)
        if isinstance(value, JsonNumber) and cell.kind is not Kind.TEXT:
            value = value.text  # held to the rules of typed text: 1e5 refused, 12.0 read as 12
        try:
            result[cell_id] = parse_value(cell.kind, value)
        except ValueInputError as exc:
            problems.append(f"{cell_id}（{cell.label}）：{exc.reason}")
    if problems:
        raise ValuesFileError(problems)
    return result


def load_values_document(path: StrPath, form: FormDef | None = None) -> ValuesDocument:
    data = read_json(path)
    if not isinstance(data, dict):
        raise ValuesFileError(['数值文件应为 JSON 对象：{"form": …, "values": …}'])
    allowed = "、".join(f"“{key}”" for key in TOP_LEVEL_KEYS)
    problems = [
        f"数值文件中有不认识的项“{key}”（只能有 {allowed}），拼写有误？"
        for key in data
        if key not in TOP_LEVEL_KEYS
    ]
    form_id = data.get("form")
    if form is None:
        if "form" not in data:
            raise ValuesFileError(['数值文件缺少 "form"（表单标识）', *problems])
        if not isinstance(form_id, str):
            import json  # for this message alone (check FILE.json imports no json, issue 14)

            stated = json.dumps(form_id, ensure_ascii=False)
            stated = stated if len(stated) <= 40 else stated[:40] + "……"
            wrong = (
                f'数值文件的 "form" 应为表单标识（文字，如 "gov-disclosure-2021"），而不是 {stated}'
            )
            raise ValuesFileError([wrong, *problems])
        form = get_form(form_id)
    elif form_id is not None and form_id != form.id:
        raise ValuesFileError([f"数值文件是表单 {form_id} 的，而不是 {form.id} 的"])
    fields: dict[str, str] = {}
    raw_fields = data.get("fields", {})
    if not isinstance(raw_fields, dict):
        problems.append('"fields" 应为对象')
    else:
        try:
            fields = parse_fields(form, raw_fields)
        except FieldsError as exc:
            problems.extend(exc.problems)
    values: dict[str, Value | None] = {}
    try:
        values = parse_values(form, data.get("values", {}))
    except ValuesFileError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ValuesFileError(problems)
    return ValuesDocument(form, fields, values)
