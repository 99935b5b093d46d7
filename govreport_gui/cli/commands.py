"""Sub-commands of ``govreport`` that describe the forms: forms, describe (``check`` is
``check_command``)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from govreport_gui.cli.common import EXIT_OK, CliError, form_or_fail, print_json
from govreport_gui.core.forms.describe import form_as_json, form_as_text
from govreport_gui.core.forms.formdef import FormDefinitionError
from govreport_gui.core.forms.registry import all_forms


def register(commands: Any) -> None:
    p = commands.add_parser("forms", help="列出可用的表单（最新的在前）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_forms)

    p = commands.add_parser("describe", help="显示表单的行、列、单元格与校验规则")
    p.add_argument("form_id", metavar="FORM_ID")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_describe)


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
