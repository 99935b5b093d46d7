"""Sub-commands of ``govreport`` that work on forms and values files: forms, describe, check."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.main import EXIT_FAILED, EXIT_OK, CliError, path_arg, print_json, warn
from govreport_gui.core.forms.describe import form_as_json, form_as_text
from govreport_gui.core.forms.engine import Checker, RuleResult, Status
from govreport_gui.core.forms.formdef import FormDefinitionError, Severity
from govreport_gui.core.forms.registry import UnknownFormError, all_forms, get_form, year_warning
from govreport_gui.core.forms.values import format_number
from govreport_gui.core.forms.valuesfile import ValuesFileError, load_values_document

if TYPE_CHECKING:
    from govreport_gui.core.ops.review import Explanation


def register(commands: Any) -> None:
    p = commands.add_parser("forms", help="列出可用的表单（最新的在前）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_forms)

    p = commands.add_parser("describe", help="显示表单的行、列、单元格与校验规则")
    p.add_argument("form_id", metavar="FORM_ID")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_describe)

    p = commands.add_parser("check", help="校验数值文件（或草稿）")
    p.add_argument("file", metavar="FILE", type=path_arg)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_check)

    from govreport_gui.cli import draft_commands as cli_draft_commands
    from govreport_gui.cli import export_commands as cli_export_commands
    from govreport_gui.cli import review_commands as cli_review_commands

    cli_draft_commands.register(commands)
    cli_review_commands.register(commands)
    cli_export_commands.register(commands)


def _forms() -> tuple[Any, ...]:
    try:
        return all_forms()
    except FormDefinitionError as exc:
        raise CliError(f"表单定义文件有误：{exc}") from exc


def cmd_forms(args: argparse.Namespace, out: TextIO) -> int:
    forms = _forms()
    if args.json:
        print_json(
            [
                {
                    "id": f.id,
                    "title": f.title,
                    "basis": f.basis,
                    "first_year": f.first_year,
                    "last_year": f.last_year,
                    "years": f.years_text,
                }
                for f in forms
            ],
            out,
        )
        return EXIT_OK
    for form in forms:
        out.write(f"{form.id}\t{form.title}\t{form.basis}\t适用于 {form.years_text}\n")
    return EXIT_OK


def form_or_fail(form_id: str) -> Any:
    _forms()
    try:
        return get_form(form_id)
    except UnknownFormError as exc:
        raise CliError(str(exc)) from exc


def cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    form = form_or_fail(args.form_id)
    if args.json:
        print_json(form_as_json(form), out)
    else:
        out.write(form_as_text(form) + "\n")
    return EXIT_OK


def problem_json(result: RuleResult) -> dict[str, Any]:
    return {
        "rule": result.id,
        "severity": result.severity,
        "cells": list(result.cells),
        "message": result.message,
        "expected": _num(result.right),
        "actual": _num(result.left),
    }


def _num(value: Any) -> Any:
    if value is None:
        return None
    return value if isinstance(value, int) else format_number(value)


def report(
    checker: Checker,
    as_json: bool,
    out: TextIO,
    extra: dict[str, Any] | None = None,
    explanations: Mapping[str, Explanation] | None = None,
) -> int:
    """Print a check result; the exit code says whether there were errors.

    ``explanations`` (a draft's 说明): a warning they accept is marked as explained; one whose
    numbers changed since is marked as needing a new explanation.
    """
    summary = checker.summary()
    problems = checker.problems()
    found = explanations or {}

    def explained(p: RuleResult) -> str | None:
        e = found.get(p.id)
        return e.text if e is not None and p.severity is not Severity.ERROR and e.covers(p) else None

    def stale(p: RuleResult) -> str | None:
        e = found.get(p.id)
        return e.text if e is not None and e.text.strip() and not e.covers(p) else None

    settled = sum(1 for p in problems if explained(p) is not None)
    hints = [r for r in checker.results if r.status is Status.INCOMPLETE and r.expected is not None]
    if as_json:
        data: dict[str, Any] = dict(extra or {})
        data.update(
            {
                "form": checker.form.id,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "blank": summary.blank,
                "blank_cells": checker.blank_cells(),
                "explained_warnings": settled,
                "problems": [
                    {**problem_json(p), "explanation": explained(p), "stale_explanation": stale(p)}
                    for p in problems
                ],
                "computed_totals": [
                    {"rule": h.id, "cell": h.cells[0], "expected": _num(h.expected)} for h in hints
                ],
            }
        )
        print_json(data, out)
    else:
        for p in problems:
            note = ""
            if p.severity is Severity.ERROR:
                tag = "错误"
            elif (text := explained(p)) is not None:
                tag, note = "警告·已说明", f"（说明：{text}）"
            else:
                tag = "警告"
                if (old := stale(p)) is not None:
                    note = f"（原说明“{old}”针对的数字已改变，需重新说明）"
            out.write(f"{tag}\t{p.id}\t{p.message}{note}\n")
        for h in hints:
            out.write(f"提示\t{h.id}\t{h.message}（空白不等于 0）\n")
        warnings = f"{summary.warnings} 个警告" + (f"（已说明 {settled} 个）" if settled else "")
        out.write(
            f"共 {summary.errors} 个错误，{warnings}，"
            f"{summary.blank} 个空格未填（共 {summary.cells} 格）。\n"
        )
    return EXIT_FAILED if summary.errors else EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    path: Path = args.file
    from govreport_gui.cli import draft_commands as cli_draft_commands

    if cli_draft_commands.looks_like_draft(path):
        return cli_draft_commands.check_draft(path, args.json, out)
    _forms()
    try:
        doc = load_values_document(path)
    except ValuesFileError as exc:
        raise CliError("数值文件无法使用：\n" + "\n".join(f"  {p}" for p in exc.problems)) from exc
    except UnknownFormError as exc:
        raise CliError(str(exc)) from exc
    note = year_warning(doc.form, doc.fields.get("year"))
    if note:
        warn(note)
    return report(Checker(doc.form, doc.values), args.json, out)
