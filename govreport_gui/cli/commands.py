"""Sub-commands of ``govreport`` that work on forms and values files: forms, describe, check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.check_report import report
from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CliError,
    form_or_fail,
    looks_like_draft,
    open_draft,
    path_arg,
    print_json,
    warn,
)
from govreport_gui.core.forms.describe import form_as_json, form_as_text
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.forms.registry import UnknownFormError, all_forms, year_warning
from govreport_gui.core.forms.valuesfile import ValuesFileError, load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store import settings

if TYPE_CHECKING:
    pass


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


def cmd_describe(args: argparse.Namespace, out: TextIO) -> int:
    form = form_or_fail(args.form_id)
    if args.json:
        print_json(form_as_json(form), out)
    else:
        out.write(form_as_text(form) + "\n")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    path: Path = args.file
    if looks_like_draft(path):
        return check_draft(path, args.json, out)
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


def check_draft(path: Path, as_json: bool, out: TextIO) -> int:
    draft = open_draft(path, settings.current_user(), write=False)
    try:
        note = year_warning(draft.form, draft.year)
        if note:
            warn(note)
        checker = Checker(draft.form, draft.values, draft.previous)
        signature = signature_status(draft)
        if not as_json and signature.status is not SignatureStatus.UNSIGNED:
            out.write(signature.line + "\n")
        code = report(
            checker,
            as_json,
            out,
            extra={
                "path": str(path),
                "status": draft.status,
                "signature": signature.as_json(),
            },
            explanations=review.explanations(draft),
        )
        # A signed draft changed behind the program's back is a problem found, as an error is.
        return max(code, EXIT_FAILED) if signature.invalid else code
    finally:
        draft.close()
