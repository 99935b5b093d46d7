"""Header and footer fields (填报单位, 年度, 填报日期 …): parsing what a person types."""

from __future__ import annotations

import unicodedata

from govreport_gui.core.forms.formdef import FieldDef, FormDef
from govreport_gui.core.forms.values import ValueInputError, control_character_problem

MAX_FIELD_LENGTH = 200
_FULL_WIDTH_DIGITS = {0xFF10 + d: ord("0") + d for d in range(10)}
# A date as typed; read by :func:`date_parts`, without ``re`` (issue 14: a values file's 填报日期
# would import it into a `check` process for this alone). tests/test_date_field.py holds the two
# to the same reading.
_DATE = r"^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?$"


def parse_field(field: FieldDef, raw: object) -> str:
    """The value to store for ``field``; ``""`` for blank. Raises ValueInputError."""
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise ValueInputError(f"{field.label}应填写文字。", str(raw))
    text = str(raw).strip()
    if "\n" in text or "\r" in text:
        raise ValueInputError(f"{field.label}不能分行。", text)
    problem = control_character_problem(text, field.label)
    if problem is not None:
        raise ValueInputError(problem, text)
    if len(text) > MAX_FIELD_LENGTH:
        raise ValueInputError(f"{field.label}太长（最多 {MAX_FIELD_LENGTH} 字）。", text)
    if not text:
        return ""
    if field.kind == "year":
        # Only ASCII or full-width digits: NFKC and \d would also take Arabic-Indic (٢٠٢٤) or other
        # scripts' digits and store them as they came, a year no reader or sort order understands.
        digits = text.translate(_FULL_WIDTH_DIGITS).removesuffix("年度").removesuffix("年").strip()
        four = len(digits) == 4 and digits.isascii() and digits.isdigit()  # [0-9]{4}
        if not four or not 1990 <= int(digits) <= 2100:
            raise ValueInputError(f"年度应为四位年份，如 2024，而不是“{text}”。", text)
        return digits
    if field.kind == "date":
        return _parse_date(field, text)
    return text


def _parse_date(field: FieldDef, text: str) -> str:
    parts = date_parts(unicodedata.normalize("NFKC", text))
    if parts is None:
        raise ValueInputError(f"{field.label}应为日期，如 2025年1月20日 或 2025-01-20。", text)
    year, month, day = (int(g) for g in parts)
    if not _is_date(year, month, day):
        raise ValueInputError(f"{field.label}“{text}”不是有效的日期。", text)
    return f"{year}年{month}月{day}日"


def date_parts(text: str) -> tuple[str, str, str] | None:
    """The groups ``re.match(_DATE, text)`` gives (year, month, day as written), or None where it
    does not match. Digits, spaces and the separators are disjoint classes, so reading each run
    as far as it goes finds what the pattern's backtracking would: ``\\d`` is ``isdecimal``,
    ``\\s`` is ``isspace`` (both as ``re`` tests them)."""
    parts: list[str] = []
    end = len(text)
    at = 0
    for least, most, separators in ((4, 4, "年-/."), (1, 2, "月-/."), (1, 2, "")):
        start = at
        while at < end and at - start < most and text[at].isdecimal():
            at += 1
        if at - start < least:
            return None
        parts.append(text[start:at])
        while at < end and text[at].isspace():
            at += 1
        if separators:
            if at == end or text[at] not in separators:
                return None
            at += 1
            while at < end and text[at].isspace():
                at += 1
    if at < end and text[at] == "日":
        at += 1
    if text[at:] == "\n":  # ``$`` matches before a final line break too
        at = end
    return (parts[0], parts[1], parts[2]) if at == end else None


def _is_date(year: int, month: int, day: int) -> bool:
    """What ``datetime.date(year, month, day)`` accepts (a check of a values file with a 填报日期
    imports no ``datetime`` for this: 1 ms of a whole-process ``govreport check``)."""
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return 1 <= day <= days


def parse_fields(form: FormDef, raw: dict[str, object]) -> dict[str, str]:
    """Parse several fields; unknown keys and bad values are all reported together."""
    result: dict[str, str] = {}
    problems: list[str] = []
    for key, value in raw.items():
        try:
            field = form.field(key)
        except KeyError:
            known = "、".join(f"{f.key}（{f.label}）" for f in form.fields)
            problems.append(f"表单没有字段“{key}”（可用：{known}）")
            continue
        try:
            result[key] = parse_field(field, value)
        except ValueInputError as exc:
            problems.append(exc.reason)
    if problems:
        raise FieldsError(problems)
    return result


class FieldsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems
