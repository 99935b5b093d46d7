"""``govreport import-report FILE [PATH] [--form ID] [--values-out OUT.json]``: a published report
(Word .docx, PDF, or a saved web page .html/.htm) read into a new draft and/or a values file.

Prints what was read (each section with its paragraph count and first words, the figures), what
could not be placed, and then the check of the figures as ``govreport check`` prints it. Exit
codes: 0 read and written, no errors in the figures; 1 written, but the figures have errors (the
draft or values file is there for the reviewer to look at), or the target exists; 2 nothing usable
read (an old .doc or .xls, a scan, a damaged or hostile file) and nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_UNUSABLE,
    CliError,
    form_or_fail,
    new_draft_path,
    out_path,
    path_arg,
    user_option,
    warn,
    who,
)

if TYPE_CHECKING:
    from govreport_gui.core.forms.formdef import FormDef
    from govreport_gui.core.layout.import_docx import ImportedReport

HELP = "从已发布的年报（.docx/.pdf/.html）新建草稿或数值文件"
FIRST_WORDS = 20  # how much of a section's first paragraph is shown


def register(commands: Any) -> None:
    p = commands.add_parser("import-report", help=HELP)
    p.add_argument(
        "file",
        metavar="FILE",
        type=path_arg,
        help="已发布的年度报告：Word 文档（.docx）、带文字的 PDF（.pdf）或保存的网页（.html / .htm）",
    )
    p.add_argument(
        "path",
        metavar="PATH",
        type=out_path("某某局2024.nianbao"),
        nargs="?",
        help="新草稿的文件名（没写 .nianbao 时自动加上；已存在则不覆盖）",
    )
    p.add_argument(
        "--values-out",
        metavar="OUT.json",
        type=out_path("某某局2024.json"),
        help="把读出的填报信息和数字写成数值文件（govreport check / fill 可读）；PATH 与此项至少写一个",
    )
    p.add_argument("--overwrite", action="store_true", help="--values-out 的文件已存在时覆盖它")
    p.add_argument(
        "--form",
        metavar="ID",
        help="表单标识（见 govreport forms）；不写则按文档中的统计表、标题中的年度或各部分标题判断",
    )
    user_option(p)
    p.set_defaults(handler=cmd_import_report)


def cmd_import_report(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.cli.check_report import report, text_problems
    from govreport_gui.core.forms.engine import Checker
    from govreport_gui.core.forms.registry import all_forms, year_warning
    from govreport_gui.core.ops.import_report import (
        ReportImportRefused,
        create_draft,
        read_report_file,
        write_values_file,
    )
    from govreport_gui.core.store import settings
    from govreport_gui.core.store.draft import DraftError

    if args.path is None and args.values_out is None:
        raise CliError(
            "请写新草稿的文件名（PATH），或用 --values-out OUT.json 写数值文件（也可两者都写），"
            "例如：govreport import-report 年报.pdf 年报.nianbao",
            EXIT_UNUSABLE,
        )
    chosen = form_or_fail(args.form) if args.form else None  # an unknown --form: exit 2
    # Before reading the document: say at once what `new` would say of the targets.
    path = new_draft_path(args.path) if args.path is not None else None
    if path is not None and path.exists():
        raise CliError(f"文件已存在，不会覆盖：{path}", EXIT_FAILED)
    values_out: Path | None = args.values_out
    if values_out is not None:
        if values_out.is_dir():
            raise CliError(f"“{values_out}”是一个文件夹：请写数值文件的文件名（如 年报.json）")
        if values_out.exists() and not args.overwrite:
            raise CliError(
                f"文件已存在，不会覆盖：{values_out}（要覆盖它请加 --overwrite）", EXIT_FAILED
            )
    file: Path = args.file
    try:
        form, imported = read_report_file(file, chosen, all_forms())
    except ReportImportRefused as exc:
        raise CliError(exc.message, EXIT_UNUSABLE) from exc
    _say_read(file, form, imported, out)
    if path is None and not imported.values:
        # A values file without a figure is no report; what was read (the text, the unit and the
        # year of the title) goes into a new draft.
        raise CliError(
            f"文档中没有读出任何数字，未写数值文件：{values_out}\n"
            "要保留读出的正文和填报信息，请写新草稿的文件名（PATH），"
            "例如：govreport import-report 年报.pdf 年报.nianbao",
            EXIT_UNUSABLE,
        )
    if path is not None:
        try:
            create_draft(path, form, who(args), imported)
        except DraftError as exc:
            raise CliError(exc.message, EXIT_FAILED if path.exists() else EXIT_UNUSABLE) from exc
        settings.remember_recent(path)
        out.write(f"已新建草稿：{path}（{form.title}，{form.id}）\n")
    if values_out is not None:
        try:
            write_values_file(values_out, form, imported)
        except OSError as exc:
            if path is None:
                raise  # said in Chinese by the command line's OSError handler (exit 2)
            from govreport_gui.core.oserror_text import describe_os_error

            raise CliError(
                f"草稿已新建，但数值文件未能写入：{values_out}：{describe_os_error(exc)}",
                EXIT_FAILED,
            ) from exc
        out.write(f"已写数值文件：{values_out}（{form.id}）\n")
    note = year_warning(form, imported.fields.get("year"))
    if note:
        warn(note)
    out.write("\n校验：\n")
    checker = Checker(form, imported.values)
    # 1 when the figures have errors: written all the same, for the reviewer to look at and mend.
    code = report(
        checker,
        False,
        out,
        text_problems=text_problems(checker, imported.sections, imported.fields.get("year")),
    )
    # The text alone was read: its blanks pass every check, but they are no report.
    if not imported.values:
        out.write(
            "统计表：没有读出任何数字，草稿的统计表全部为空（见上面“未能归入的内容”），"
            "请核对原文件后补填。\n"
        )
        code = max(code, EXIT_FAILED)
    elif imported.missing_tables:  # blanks the check does not count as errors, but not figures
        out.write("统计表不完整：有表格没有读出，其数字均为空（见上面的“注意”），请核对原文件。\n")
        code = max(code, EXIT_FAILED)
    if imported.extra_sections and not form.sections_editable:
        # their text is in neither the draft nor the values file: lost, as figures not imported
        out.write(
            f"有 {len(imported.extra_sections)} 个标题不是本表单的部分，它们下面的文字没有导入"
            "（见上面“未能归入的内容”），请核对原文件。\n"
        )
        code = max(code, EXIT_FAILED)
    if imported.lost_figures:  # blanks again, and the sums may hold without them
        out.write(
            f"有 {imported.lost_figures} 处数字没有导入（见上面“未能归入的内容”），"
            "请核对原文件并补填。\n"
        )
        code = max(code, EXIT_FAILED)
    return code


def _say_read(file: Path, form: FormDef, imported: ImportedReport, out: TextIO) -> None:
    from govreport_gui.core.capped_list import capped
    from govreport_gui.core.ops.import_report import heading_read
    from govreport_gui.core.report.model import PREFACE, TABLE

    out.write(f"已读取：{file}\n")
    out.write(f"表单：{form.id}（{form.title}），{imported.form_reason}\n")
    if imported.title:
        out.write(f"标题：{imported.title}\n")
    for key in ("unit", "year"):
        if imported.fields.get(key):
            out.write(f"{form.field(key).label}：{imported.fields[key]}\n")
    out.write("各部分：\n")
    for section in form.sections:
        text = imported.sections.get(section.id, "")
        name = heading_read(section, imported)
        if section.id == PREFACE and not text:
            continue
        paragraphs = [p for p in text.split("\n") if p.strip()]
        if paragraphs:
            first = paragraphs[0]
            shown = first if len(first) <= FIRST_WORDS else first[:FIRST_WORDS] + "……"
            out.write(f"  {name}\t{len(paragraphs)} 段\t“{shown}”\n")
        elif section.kind == TABLE:
            out.write(f"  {name}\t（统计表）\n")
        else:
            out.write(f"  {name}\t（文档中没有正文）\n")
    where = "作为新的一节导入" if form.sections_editable else "表单中没有这一部分，未导入"
    extra = [
        f"{heading}\t{_paragraphs(text)} 段\t（{where}）"
        for heading, text in imported.extra_sections
    ]
    for line in capped(extra):  # a crafted document can hold thousands of each: capped
        out.write(f"  {line}\n")
    out.write(f"统计表：读出 {len(imported.values)} 个数字（对应 {imported.matched_rows} 行）\n")
    if imported.page_frame:  # not the report's, so not “未能归入”: said, for a reader to see
        from govreport_gui.core.layout.page_frame import LEFT_OUT

        out.write(f"{LEFT_OUT}：\n")
        for line in imported.page_frame:
            out.write(f"  {line}\n")
    if imported.unplaced:
        out.write(f"未能归入的内容（{len(imported.unplaced)} 处）：\n")
        for line in capped(imported.unplaced):
            out.write(f"  {line}\n")
    for note in capped(imported.table_notes):
        out.write(f"注意：{note}\n")


def _paragraphs(text: str) -> int:
    return len([p for p in text.split("\n") if p.strip()])
