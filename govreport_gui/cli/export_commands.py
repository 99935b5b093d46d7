"""Sub-commands of ``govreport`` for the files handed in: export, import-xlsx, verify.

``export`` writes the Excel and/or PDF document of a signed-off draft, and with ``--docx``,
``--report-pdf``, ``--html`` the whole report as Word, PDF and a web page (a draft not signed off is
refused, exit 1, unless ``--draft``); ``import-xlsx`` reads a filled table into a draft (one history batch) or
into a new draft; ``verify`` checks an exported workbook or PDF against its sign-off (exit 0 match,
1 mismatch, 2 cannot be checked).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    CliError,
    draft_error_text,
    form_or_fail,
    new_draft_path,
    open_draft,
    out_path,
    path_arg,
    print_json,
    user_option,
    who,
)

# Imported by the commands that use them: a whole-process ``export`` starts the PDF's child
# process first, and the draft's and export's modules load while the child loads reportlab; the
# import's modules (the Excel reader, the document's undo stack) are for ``import-xlsx`` alone.
if TYPE_CHECKING:
    from govreport_gui.core.forms.formdef import FormDef
    from govreport_gui.core.layout.import_xlsx import ImportResult
    from govreport_gui.core.layout.report import ReportData
    from govreport_gui.core.ops.export import Target
    from govreport_gui.core.ops.pdf_beside import PdfBeside
    from govreport_gui.core.ops.verify import VerifyResult


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export", help="导出报送用的 Excel / PDF（只有已签发的报表才能导出正式文件）"
    )
    p.add_argument("path", metavar="PATH", type=path_arg, help="草稿（.nianbao）")
    # The files written (each refused with a trailing "/": out_path). --docx, --report-pdf and
    # --html are the whole report (issue 16): title, text, the tables in their place, the 落款.
    for option, example, what in (
        ("--xlsx", "某某局2024.xlsx", "Excel 文件（以 .xlsx 结尾）"),
        ("--pdf", "某某局2024.pdf", "PDF 文件（以 .pdf 结尾）"),
        ("--docx", "某某局2024年报.docx", "报告全文 Word 文件（以 .docx 结尾）"),
        ("--report-pdf", "某某局2024年报.pdf", "报告全文 PDF 文件（以 .pdf 结尾）"),
        ("--html", "某某局2024年报.html", "报告全文网页（以 .html 结尾，单个文件）"),
    ):
        suffix = example.rsplit(".", 1)[1]
        p.add_argument(option, type=out_path(example), metavar=f"OUT.{suffix}", help=what)
    p.add_argument("--overwrite", action="store_true", help="导出文件已存在时覆盖它")
    p.add_argument(
        "--draft",
        action="store_true",
        help="导出草稿：每页标明“草稿（未签发）”，不含签发信息（未签发的报表也可导出）",
    )
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("import-xlsx", help="从 Excel 统计表导入数值（按行标签对应）")
    p.add_argument("file", metavar="FILE.xlsx", type=path_arg)
    p.add_argument(
        "path", metavar="PATH", type=out_path("某某局2024.nianbao"), help="草稿；不存在则新建"
    )
    p.add_argument("--form", metavar="ID", help="表单标识（新建草稿且工作簿中没有写明表单时必填）")
    user_option(p)
    p.set_defaults(handler=cmd_import_xlsx)

    p = commands.add_parser("verify", help="核对导出的 Excel / PDF 是否与签发时的内容一致")
    p.add_argument("file", metavar="FILE", type=path_arg, help="导出的 .xlsx 或 .pdf")
    p.add_argument(
        "--draft",
        type=path_arg,
        metavar="PATH",
        help="与此草稿的签发比较，逐项列出差异（不带签发内容的 PDF 必须给出）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_verify)


# -- export ------------------------------------------------------------------------------------


def _read_draft(path: Path) -> ReportData:
    from govreport_gui.core.ops.export import snapshot
    from govreport_gui.core.store import settings

    draft = open_draft(path, settings.current_user(), write=False)
    try:
        return snapshot(draft)
    finally:
        draft.close()


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.pdf_beside import PdfBeside

    # Both table files (asked for, or by default when no file is named): the PDF's child starts
    # now, loading reportlab and the fonts while this process reads the draft and writes the
    # workbook (core/ops/pdf_beside.py; None where it cannot).
    both = (args.xlsx is None) == (args.pdf is None) and not (
        args.xlsx is None and _report_targets(args)
    )
    child = PdfBeside.start() if both else None
    try:
        return _export(args, out, child)
    finally:
        if child is not None:
            child.cancel()


def _export(args: argparse.Namespace, out: TextIO, child: PdfBeside | None) -> int:
    from govreport_gui.core.layout.export_xlsx import pillow_unneeded
    from govreport_gui.core.ops.export import (
        ExportFailed,
        TargetError,
        default_targets,
        export_report,
        refusal,
    )
    from govreport_gui.core.store.draft import SIGNED

    data = _read_draft(args.path)
    reason = refusal(data, args.draft)
    if reason:
        if data.status != SIGNED or data.signature_problem:
            reason += "\n  导出草稿：govreport export PATH --draft"
        raise CliError(reason, EXIT_FAILED)
    targets: list[Target] = []
    if args.xlsx is None and args.pdf is None and not _report_targets(args):
        targets = default_targets(data, args.path.parent, ("xlsx", "pdf"), args.draft)
    else:
        if args.xlsx is not None:
            targets.append(("xlsx", args.xlsx))
        if args.pdf is not None:
            targets.append(("pdf", args.pdf))
        targets.extend(_report_targets(args))
    pillow_unneeded()  # this process writes workbooks and never reads one
    try:
        result = export_report(
            data,
            targets,
            args.draft,
            args.overwrite,
            draft_path=args.path,
            pdf_beside=child or False,
        )
    except TargetError as exc:
        raise CliError(exc.message, EXIT_UNUSABLE if exc.unusable else EXIT_FAILED) from exc
    except ExportFailed as exc:
        if isinstance(exc.original, OSError):
            raise exc.original from None  # said in Chinese by the command line's OSError handler
        _say_written(exc.written, targets, args.draft, out)
        raise CliError(exc.message, EXIT_FAILED) from exc
    _say_written(result.written, targets, args.draft, out)
    if not args.draft and data.signoff is not None:
        from govreport_gui.core.forms.fingerprint import short

        out.write(
            f"签发：{data.signoff.reviewer}（{data.signoff.local_time}），"
            f"内容指纹 {short(data.signoff.fingerprint)}"
            + (f"，签名密钥 {data.signoff.key_fingerprint}" if data.signoff.key_fingerprint else "")
            + "\n"
        )
        if data.signature_status:
            out.write(f"签名：{data.signature_status}\n")
    return EXIT_OK


def _report_targets(args: argparse.Namespace) -> list[Target]:
    """The whole report's files asked for (--docx, --report-pdf, --html), in that order."""
    asked: list[Target] = [
        ("docx", args.docx),
        ("report-pdf", args.report_pdf),
        ("html", args.html),
    ]
    return [(kind, path) for kind, path in asked if path is not None]


def _say_written(written: list[Path], targets: list[Target], draft_mode: bool, out: TextIO) -> None:
    from govreport_gui.core.ops.export import KIND_NAMES

    kinds = {path: kind for kind, path in targets}
    for target in written:
        name = KIND_NAMES[kinds.get(target, target.suffix.lstrip(".").lower())]
        out.write(f"已导出 {name}{'（草稿）' if draft_mode else ''}：{target}\n")


# -- import ------------------------------------------------------------------------------------


def cmd_import_xlsx(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.ops.import_workbook import ImportRefused, apply_import, stated_form
    from govreport_gui.core.store import settings
    from govreport_gui.core.store.draft import Draft, DraftError

    path: Path = args.path
    file: Path = args.file
    chosen = form_or_fail(args.form) if args.form else None  # an unknown --form: exit 2
    if path.exists():
        draft = open_draft(path, who(args), write=True)
        try:
            if args.form and args.form != draft.form.id:
                raise CliError(
                    f"草稿使用表单“{draft.form.id}”，而不是 --form 指定的“{args.form}”。"
                )
            result = _import(file, draft.form)
            try:
                count = apply_import(ReportDocument(draft), result, file)
            except DraftError as exc:
                raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
        finally:
            draft.close()
        _report_import(result, out)
        out.write(f"已保存 {count} 处修改（一次导入，可在修改记录中查看）。\n")
        return EXIT_OK
    try:
        stated = stated_form(file)
    except ImportRefused as exc:
        raise CliError(exc.message) from exc
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
        draft = Draft.create(path, form, who(args), fields=result.fields, values=values)
    except DraftError as exc:
        raise CliError(exc.message, EXIT_FAILED if path.exists() else EXIT_UNUSABLE) from exc
    draft.close()
    settings.remember_recent(path)
    _report_import(result, out)
    out.write(f"已新建草稿：{path}（{form.title}，{form.id}），填入 {len(values)} 格。\n")
    return EXIT_OK


def _import(file: Path, form: FormDef) -> ImportResult:
    """The import result; a refusal is exit 2 (unusable file), unmatched rows with numbers exit 1."""
    from govreport_gui.core.ops.import_workbook import ImportRefused, read_import

    try:
        return read_import(file, form)
    except ImportRefused as exc:
        raise CliError(exc.message, EXIT_UNUSABLE if exc.unusable else EXIT_FAILED) from exc


def _report_import(result: ImportResult, out: TextIO) -> None:
    from govreport_gui.core.ops.import_workbook import import_notes

    out.write(f"已对应 {len(result.matched_rows)} 行。\n")
    for line in import_notes(result):
        out.write(line + "\n")


# -- verify ------------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.verify import VerifyError, verify_xlsx
    from govreport_gui.core.ops.verify_pdf import is_pdf

    result: VerifyResult
    try:
        if is_pdf(args.file):
            result = _verify_pdf(args.file, args.draft)
        else:
            expected = _read_draft(args.draft) if args.draft is not None else None
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
                "signature": result.signature.as_json() if result.signature else None,
                "draft_signature": (
                    {"text": result.draft_signature, "reason": result.draft_signature_problem}
                    if args.draft is not None
                    else None
                ),
            },
            out,
        )
    else:
        out.write(f"{result.headline}：{args.file}\n")
        for message in result.messages:
            out.write(f"  {message}\n")
        if result.signature_line:
            out.write(f"{result.signature_line}\n")
        if args.draft is not None and result.draft_signature:
            line = f"草稿的签名：{result.draft_signature}"
            if result.draft_signature_problem:
                line += f"——{result.draft_signature_problem}"
            out.write(line + "\n")
        if result.changes:
            out.write("与草稿不同之处：\n")
            for change in result.changes:
                out.write(f"  {change}\n")
    return EXIT_OK if result.ok else EXIT_FAILED


def _verify_pdf(file: Path, draft_path: Path | None) -> VerifyResult:
    """A PDF by itself, or against its draft (open while its signature is checked)."""
    from govreport_gui.core.ops.verify_pdf import verify_pdf
    from govreport_gui.core.store import settings

    if draft_path is None:
        return verify_pdf(file, None)  # the signed content the PDF carries, or why it needs one
    draft = open_draft(draft_path, settings.current_user(), write=False)
    try:
        return verify_pdf(file, draft)
    finally:
        draft.close()
