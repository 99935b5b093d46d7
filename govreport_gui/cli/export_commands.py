"""Sub-commands of ``govreport`` for the files handed in: export, import-xlsx, verify.

``export`` writes the Excel and/or PDF document of a signed-off draft (anything else is refused,
exit 1, unless ``--draft``); ``import-xlsx`` reads a filled table into a draft (one history batch) or
into a new draft; ``verify`` checks an exported workbook against its sign-off (exit 0 match,
1 mismatch, 2 cannot be checked).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.draft_commands import (
    _user_option,
    _who,
    draft_error_text,
    new_draft_path,
    open_draft,
)
from govreport_gui.cli.main import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    CliError,
    path_arg,
    print_json,
)
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.layout.report import (
    ExportError,
    ReportData,
    default_basename,
    refusal_reason,
)
from govreport_gui.core.ops.snapshot import report_data
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import SIGNED, Draft, DraftError

if TYPE_CHECKING:
    from govreport_gui.core.forms.formdef import FormDef
    from govreport_gui.core.layout.import_xlsx import ImportResult


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export", help="导出报送用的 Excel / PDF（只有已签发的报表才能导出正式文件）"
    )
    p.add_argument("path", metavar="PATH", type=path_arg, help="草稿（.nianbao）")
    p.add_argument("--xlsx", type=path_arg, metavar="OUT.xlsx", help="Excel 文件（以 .xlsx 结尾）")
    p.add_argument("--pdf", type=path_arg, metavar="OUT.pdf", help="PDF 文件（以 .pdf 结尾）")
    p.add_argument("--overwrite", action="store_true", help="导出文件已存在时覆盖它")
    p.add_argument(
        "--draft",
        action="store_true",
        help="导出草稿：每页标明“草稿（未签发）”，不含签发信息（未签发的报表也可导出）",
    )
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("import-xlsx", help="从 Excel 统计表导入数值（按行标签对应）")
    p.add_argument("file", metavar="FILE.xlsx", type=path_arg)
    p.add_argument("path", metavar="PATH", type=path_arg, help="草稿；不存在则新建")
    p.add_argument("--form", metavar="ID", help="表单标识（新建草稿且工作簿中没有写明表单时必填）")
    _user_option(p)
    p.set_defaults(handler=cmd_import_xlsx)

    p = commands.add_parser("verify", help="核对导出的 Excel 是否与签发时的内容一致")
    p.add_argument("file", metavar="FILE.xlsx", type=path_arg)
    p.add_argument(
        "--draft", type=path_arg, metavar="PATH", help="与此草稿的签发比较，逐项列出差异"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_verify)


# -- export ------------------------------------------------------------------------------------


def _read_draft(path: Path) -> ReportData:
    draft = open_draft(path, settings.current_user(), write=False)
    try:
        return report_data(draft)
    finally:
        draft.close()


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    data = _read_draft(args.path)
    if not args.draft:
        reason = refusal_reason(data)
        if reason:
            if data.status != SIGNED:
                reason += "\n  导出草稿：govreport export PATH --draft"
            raise CliError(reason, EXIT_FAILED)
    targets: list[tuple[str, Path]] = []
    if args.xlsx is None and args.pdf is None:
        base = default_basename(data, "_草稿" if args.draft else "")
        folder = args.path.parent
        targets = [("xlsx", folder / f"{base}.xlsx"), ("pdf", folder / f"{base}.pdf")]
    else:
        if args.xlsx is not None:
            targets.append(("xlsx", args.xlsx))
        if args.pdf is not None:
            targets.append(("pdf", args.pdf))
    _check_targets(targets, args.path, overwrite=args.overwrite)
    for kind, target in targets:
        try:
            if kind == "xlsx":
                from govreport_gui.core.layout.export_xlsx import export_xlsx

                export_xlsx(data, target, draft_mode=args.draft)
            else:
                from govreport_gui.core.layout.export_pdf import export_pdf

                export_pdf(data, target, draft_mode=args.draft)
        except ExportError as exc:
            raise CliError(exc.message, EXIT_FAILED) from exc
        name = "Excel" if kind == "xlsx" else "PDF"
        out.write(f"已导出 {name}{'（草稿）' if args.draft else ''}：{target}\n")
    if not args.draft and data.signoff is not None:
        out.write(
            f"签发：{data.signoff.reviewer}（{data.signoff.local_time}），"
            f"内容指纹 {short(data.signoff.fingerprint)}\n"
        )
    return EXIT_OK


_KIND_NAMES = {"xlsx": "Excel", "pdf": "PDF"}


def _check_targets(targets: list[tuple[str, Path]], draft: Path, overwrite: bool) -> None:
    """Refuse unusable export targets before anything is written (all targets checked first).

    A folder, the draft itself, a name not ending in the kind's suffix, or the same file for both
    kinds is unusable input (exit 2); an existing file without ``--overwrite`` is refused (exit 1).
    """
    for kind, target in targets:
        if target.name in ("", ".", "..") or target.is_dir():
            raise CliError(
                f"“{target}”是一个文件夹，不是文件名：请写导出文件的文件名，"
                f"如 {target / ('报表.' + kind)}"
            )
        if target.resolve() == draft.resolve():
            raise CliError(f"导出文件不能是草稿本身：{target}")
        if target.suffix.lower() != f".{kind}":
            raise CliError(
                f"--{kind} 的文件名应以 .{kind} 结尾（{_KIND_NAMES[kind]} 文件），"
                f"而不是“{target.name}”：如 {target.with_name(target.stem + '.' + kind)}"
            )
    if len(targets) == 2 and targets[0][1].resolve() == targets[1][1].resolve():
        raise CliError(f"Excel 和 PDF 不能导出到同一个文件：{targets[0][1]}")
    existing = [target for _, target in targets if target.exists() or target.is_symlink()]
    if existing and not overwrite:
        lines = ["以下文件已存在，没有导出任何文件（如要覆盖，请加 --overwrite）："]
        lines += [f"  {target}" for target in existing]
        raise CliError("\n".join(lines), EXIT_FAILED)


# -- import ------------------------------------------------------------------------------------


def cmd_import_xlsx(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.cli.commands import form_or_fail
    from govreport_gui.core.layout.import_xlsx import XlsxImportError, workbook_form_id

    path: Path = args.path
    file: Path = args.file
    chosen = form_or_fail(args.form) if args.form else None  # an unknown --form: exit 2
    if path.exists():
        draft = open_draft(path, _who(args), write=True)
        try:
            if args.form and args.form != draft.form.id:
                raise CliError(
                    f"草稿使用表单“{draft.form.id}”，而不是 --form 指定的“{args.form}”。"
                )
            result = _import(file, draft.form)
            try:
                changes = draft.apply(
                    result.values, result.fields, kind="import", note=f"从 Excel 导入：{file.name}"
                )
            except DraftError as exc:
                raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
        finally:
            draft.close()
        _report_import(result, out)
        out.write(f"已保存 {len(changes)} 处修改（一次导入，可在修改记录中查看）。\n")
        return EXIT_OK
    try:
        stated = workbook_form_id(file)
    except XlsxImportError as exc:
        raise CliError(_problems_text(exc.problems)) from exc
    if args.form and stated and args.form != stated:
        raise CliError(f"工作簿是表单“{stated}”导出的，而 --form 指定的是“{args.form}”。")
    form_id = args.form or stated
    if not form_id:
        raise CliError("工作簿中没有写明表单，请用 --form 指定（见 govreport forms）。")
    form = chosen or form_or_fail(form_id)
    path = new_draft_path(path)
    result = _import(file, form)
    values = {k: v for k, v in result.values.items() if v is not None}
    try:
        draft = Draft.create(path, form, _who(args), fields=result.fields, values=values)
    except DraftError as exc:
        raise CliError(exc.message, EXIT_FAILED if path.exists() else EXIT_UNUSABLE) from exc
    draft.close()
    settings.remember_recent(path)
    _report_import(result, out)
    out.write(f"已新建草稿：{path}（{form.title}，{form.id}），填入 {len(values)} 格。\n")
    return EXIT_OK


def _import(file: Path, form: FormDef) -> ImportResult:
    """The import result; a refusal is exit 2 (unusable file), unmatched rows with numbers exit 1."""
    from govreport_gui.core.layout.import_xlsx import (
        UnmatchedRowsError,
        XlsxImportError,
        import_xlsx,
    )

    try:
        return import_xlsx(file, form)
    except UnmatchedRowsError as exc:
        raise CliError(_problems_text(exc.problems), EXIT_FAILED) from exc
    except XlsxImportError as exc:
        raise CliError(_problems_text(exc.problems)) from exc


def _problems_text(problems: list[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return "\n".join([problems[0], *(f"  {p}" for p in problems[1:])])


def _report_import(result: ImportResult, out: TextIO) -> None:
    out.write(f"已对应 {len(result.matched_rows)} 行。\n")
    if result.unmatched_rows:  # only rows without numbers: one with numbers refuses the import
        out.write("以下行在表单中找不到（没有数字），已忽略：\n")
        for row in result.unmatched_rows:
            out.write(f"  {row.describe()}\n")
    for problem in result.problems:
        out.write(f"注意：{problem}\n")


# -- verify ------------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.verify import VerifyError, verify_xlsx

    expected: ReportData | None = None
    if args.draft is not None:
        expected = _read_draft(args.draft)
    try:
        result = verify_xlsx(args.file, expected)
    except VerifyError as exc:
        raise CliError(exc.message, EXIT_UNUSABLE) from exc
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "status": result.status,
                "form": result.form_id,
                "computed": result.computed,
                "printed": result.printed,
                "draft_fingerprint": result.draft_fingerprint,
                "reviewer": result.reviewer,
                "signed_at": result.signed_at,
                "changes": result.changes,
                "missing": result.missing,
                "messages": result.messages,
            },
            out,
        )
    else:
        out.write(("一致" if result.ok else "不一致") + f"：{args.file}\n")
        for message in result.messages:
            out.write(f"  {message}\n")
        if result.changes:
            out.write("与草稿不同之处：\n")
            for change in result.changes:
                out.write(f"  {change}\n")
    return EXIT_OK if result.ok else EXIT_FAILED
