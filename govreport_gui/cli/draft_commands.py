"""Sub-commands of ``govreport`` that work on drafts: new, set, fill, show, history, drafts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.check_report import problem_json
from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CliError,
    draft_command,
    draft_error_text,
    form_or_fail,
    new_draft_path,
    open_draft,
    out_path,
    pairs,
    path_arg,
    print_json,
    quoted,
    user_option,
    warn,
    who,
)
from govreport_gui.cli.review_commands import review_json
from govreport_gui.cli.safe_output import one_line
from govreport_gui.core.capped_list import listed_json
from govreport_gui.core.forms.assignments import AssignmentsError, parse_assignments
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.fields import FieldsError, parse_fields
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.forms.values import Value, to_text
from govreport_gui.core.forms.valuesfile import ValuesFileError, load_values_document
from govreport_gui.core.ops import edit_ops, review
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.new_draft import new_report
from govreport_gui.core.ops.previous_year import PreviousYearError
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.ops.text_problems import draft_text_problems, where
from govreport_gui.core.ops.unknown_content import unknown_content_problems
from govreport_gui.core.report.problems import FileProblem, ReportProblem
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import (
    HISTORY_KIND_NAMES,
    Draft,
    DraftError,
)
from govreport_gui.core.timefmt import format_time

if TYPE_CHECKING:
    from govreport_gui.core.store.history import HistoryEntry

# The changes ``history`` prints without --all: the latest ones, the earlier ones counted. A
# year's real editing is a few thousand; a crafted draft may hold 300,000 (half a minute).
HISTORY_SHOWN = 10_000


def register(commands: Any) -> None:
    p = commands.add_parser("new", help="新建草稿")
    p.add_argument(
        "path",
        metavar="PATH",
        type=out_path("某某局2024.nianbao"),
        help="新草稿的文件名（没写 .nianbao 时自动加上）",
    )
    p.add_argument("--form", required=True, metavar="ID", help="表单标识（见 govreport forms）")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="表头表尾字段，如 unit=某某局、year=2024（可写多次）",
    )
    p.add_argument(
        "--previous",
        type=path_arg,
        metavar="LAST.nianbao",
        help="同一单位上一年度（年度 − 1）的草稿：预填上年结转并核对；"
        "没写 year 时年度取其下一年，没写 unit 时填报单位取自它",
    )
    user_option(p)
    p.set_defaults(handler=cmd_new)

    p = draft_command(commands, "set", "修改草稿中的单元格或字段", cmd_set)
    p.add_argument(
        "assignments",
        nargs="*",
        metavar="CELL_ID=VALUE",
        help="单元格赋值，如 received=12（单元格标识见 govreport describe；值为空则清空）",
    )
    p.add_argument(
        "--field", action="append", default=[], metavar="KEY=VALUE", help="表头表尾字段（可写多次）"
    )
    p.add_argument(
        "--section",
        action="append",
        default=[],
        metavar="ID=TEXT",
        help="报告正文的一节：ID=文字，或 ID=@文件（UTF-8 纯文本，每行一段）；"
        "插入表中数字写 {{单元格标识}}；文字为空则清空（章节标识见 govreport describe 表单 --json）",
    )
    user_option(p)

    p = draft_command(commands, "fill", "用数值文件填写草稿", cmd_fill)
    p.add_argument(
        "--values", required=True, type=path_arg, metavar="FILE.json", help="数值文件（JSON）"
    )
    user_option(p)

    p = draft_command(commands, "show", "显示草稿：表单、字段、数值、状态与校验结果", cmd_show)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = draft_command(commands, "history", "显示草稿的修改记录", cmd_history)
    p.add_argument(
        "--cell", metavar="CELL_ID", help="只看某个单元格或字段（章节正文写 text:章节标识）"
    )
    p.add_argument(
        "--all",
        action="store_true",
        help=f"列出全部修改记录（默认只列最近的 {HISTORY_SHOWN} 条；--json 总是全部）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = commands.add_parser("drafts", help="列出本机草稿库和最近打开的草稿")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_drafts)

    p = draft_command(
        commands, "recover", "恢复上次保存被中断的草稿（只读的命令不会动它）", cmd_recover
    )
    user_option(p)


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    form = form_or_fail(args.form)
    path = new_draft_path(args.path)
    try:
        fields = parse_fields(form, dict(pairs(args.field, "字段")))
    except FieldsError as exc:
        raise CliError("字段有误：" + "；".join(exc.problems)) from exc
    try:
        made = new_report(form, path, who(args), fields, args.previous)
    except PreviousYearError as exc:
        raise CliError(exc.message) from exc
    except DraftError as exc:
        raise CliError(exc.message, EXIT_FAILED if path.exists() else 2) from exc
    settings.remember_recent(path)
    out.write(f"已新建草稿：{path}（{form.title}，{form.id}）\n")
    if made.prefilled:
        out.write(f"已按上一年度报告预填 {len(made.prefilled)} 格（上年结转）。\n")
    if made.year_note:
        warn(made.year_note)
    return EXIT_OK


def _apply(draft: Draft, op: Callable[[ReportDocument], ChangeSet]) -> int:
    """Run one edit op (the window's own) over the draft; how many cells and fields changed."""
    try:
        change = op(ReportDocument(draft))
    except DraftError as exc:
        raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
    return len(change.cells) + len(change.fields)


def cmd_set(args: argparse.Namespace, out: TextIO) -> int:
    assignments = pairs(args.assignments, "单元格赋值")
    raw_fields = pairs(args.field, "字段")
    raw_sections = pairs(args.section, "章节正文")
    if not assignments and not raw_fields and not raw_sections:
        raise CliError(
            "没有要修改的内容：请写 CELL_ID=VALUE、--field KEY=VALUE 或 --section ID=TEXT"
        )
    # Files are read before the draft is opened: a file that cannot be used changes nothing.
    section_texts = {key: _section_text(text) for key, text in raw_sections.items()}
    draft = open_draft(args.path, who(args), write=True)
    try:
        try:
            parsed = parse_assignments(draft.form, assignments, raw_fields)
        except AssignmentsError as exc:
            raise CliError(
                "没有做任何修改，因为：\n" + "\n".join(f"  {p}" for p in exc.problems)
            ) from exc
        values, fields = parsed.values, parsed.fields
        texts = _checked_texts(draft, section_texts)
        count = 0
        if values or fields:
            count = _apply(draft, lambda doc: edit_ops.set_values(doc, values, fields))
        count += _apply_texts(draft, texts)
        out.write(f"已保存 {count} 处修改。\n")
        return EXIT_OK
    finally:
        draft.close()


def _section_text(raw: str) -> str:
    """``--section ID=TEXT``'s text, or the text of the file named by ``@FILE`` (``@@`` starts a
    text with a literal @)."""
    if raw.startswith("@@"):
        return raw[1:]
    if not raw.startswith("@"):
        return raw
    from govreport_gui.core.regular_file import UnreadableFileError
    from govreport_gui.core.report.text_file import read_text_file

    try:
        return read_text_file(Path(raw[1:]))
    except UnreadableFileError as exc:
        raise CliError("没有做任何修改，因为：" + exc.message) from exc


def _checked_texts(draft: Draft, texts: dict[str, str]) -> dict[str, str]:
    """Every text checked before any is saved (all or nothing, as cells are)."""
    from govreport_gui.core.ops import text_ops

    doc = ReportDocument(draft)
    problems: list[str] = []
    checked: dict[str, str] = {}
    for section_id, text in texts.items():
        try:
            text_ops.check_section(doc, section_id)
            checked[section_id] = text_ops.parse_text(doc, section_id, text)
        except text_ops.SectionTextError as exc:
            problems.append(str(exc))
    if problems:
        raise CliError("没有做任何修改，因为：\n" + "\n".join(f"  {p}" for p in problems))
    return checked


def _apply_texts(draft: Draft, texts: dict[str, str]) -> int:
    """Each section's text set by the text op (one history entry each: the command line never
    merges); how many changed."""
    from govreport_gui.core.ops import text_ops

    doc = ReportDocument(draft)
    count = 0
    for section_id, text in texts.items():
        try:
            change = text_ops.set_section_text(doc, section_id, text, merge=False)
        except DraftError as exc:
            raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
        count += len(change.sections)
    return count


def cmd_fill(args: argparse.Namespace, out: TextIO) -> int:
    draft = open_draft(args.path, who(args), write=True)
    try:
        try:
            doc = load_values_document(args.values, draft.form)
        except ValuesFileError as exc:
            raise CliError("没有做任何修改，因为数值文件有误：\n" + exc.listed()) from exc
        count = _apply(
            draft,
            lambda report: edit_ops.fill_from_file(
                report, doc.values, doc.fields, args.values.name
            ),
        )
        out.write(f"已保存 {count} 处修改。\n")
        return EXIT_OK
    finally:
        draft.close()


def _value_json(value: Value | None) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    return to_text(value)


def draft_json(draft: Draft, checker: Checker) -> dict[str, Any]:
    from govreport_gui.core.ops.report_text import report_text

    summary = checker.summary()
    report = report_text(draft)
    text_problems: list[ReportProblem] = [*draft_text_problems(draft), *_file_problems(draft)]
    return {
        "path": str(draft.path),
        "form": draft.form.id,
        "form_title": draft.form.title,
        "status": draft.status,
        "status_name": draft.status_name,
        "fields": {f.key: draft.fields.get(f.key, "") for f in draft.form.fields},
        "values": {c.id: _value_json(draft.values.get(c.id)) for c in draft.form.cells},
        "last_saved": draft.last_saved,
        # The report's text (issue 16): each section's text as stored (figures as {{CELL_ID}}),
        # in the draft's order, and the list of sections with their headings in force.
        "sections": {s.id: s.text for s in report.sections},
        "report": {
            "title": report.title,
            "sections": [
                {"id": s.id, "heading": s.heading, "kind": s.kind, "tables": list(s.tables)}
                for s in report.sections
            ],
            "unit": report.unit,
            "date": report.date,
        },
        # Kept in the draft, neither shown nor checked (warned of in "check"): how many, the
        # first ids.
        "unknown_cells": listed_json(draft.unknown_cells),
        "unknown_sections": listed_json(draft.unknown_sections),  # texts of no section in force
        # A consolidated draft's record of the reports it sums (issue 17); [] for any other.
        "consolidated_from": [s.as_json() for s in draft.consolidated_from],
        # What its maker was told of those reports ('' for any other draft, or when nothing was).
        "consolidation_note": draft.consolidation_note(),
        **review_json(draft),  # signoff, fingerprint, explanations, open comments
        "check": {
            "errors": summary.errors,
            "warnings": summary.warnings + len(text_problems),
            "blank": summary.blank,
            "problems": [problem_json(p) for p in checker.problems()]
            + [p.as_json() for p in text_problems],
        },
    }


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    draft = open_draft(args.path, settings.current_user(), write=False)
    try:
        checker = Checker(draft.form, draft.values, draft.previous)
        if args.json:
            print_json(draft_json(draft, checker), out)
            return EXIT_OK
        form = draft.form
        out.write(f"{form.title_for_year(draft.year)}  [{form.id}]\n")
        out.write(f"状态：{draft.status_name}    最后保存：{format_time(draft.last_saved or '')}\n")
        signoff = review.current_signoff(draft)
        if signoff is not None:
            out.write(
                f"签发人：{signoff.reviewer}    签发时间：{format_time(signoff.at)}    "
                f"内容指纹：{short(signoff.fingerprint)}\n"
            )
        check = signature_status(draft)
        if check.status is not SignatureStatus.UNSIGNED:
            out.write(check.line + "\n")
        for f in form.fields:
            out.write(f"{f.label}：{draft.fields.get(f.key, '')}\n")
        _write_sources(draft, out)
        _write_report_text(draft, out)
        for table in form.tables:
            title = " / ".join(p for p in (table.section, table.title) if p)
            out.write(f"\n{title}\n")
            for cell in table.cells:
                text = to_text(draft.values.get(cell.id)) or "（空）"
                unit = f" {cell.unit}" if table.show_unit and cell.unit else ""
                out.write(f"  {cell.id}\t{cell.label}\t{text}{unit}\n")
        summary = checker.summary()
        text_problems = draft_text_problems(draft)
        file_problems = _file_problems(draft)
        warnings = summary.warnings + len(text_problems) + len(file_problems)
        out.write(
            f"\n校验：{summary.errors} 个错误，{warnings} 个警告，{summary.blank} 个空格未填。\n"
        )
        for p in checker.problems():
            tag = "错误" if p.severity is Severity.ERROR else "警告"
            out.write(f"  {tag}\t{p.message}\n")
        for t in text_problems:
            out.write(f"  警告\t{where(draft.form, t)}：{t.message}\n")
        for problem in file_problems:
            out.write(f"  警告\t{problem.message}\n")
        return EXIT_OK
    finally:
        draft.close()


def _file_problems(draft: Draft) -> list[FileProblem]:
    """The draft's content its form does not have, as ``check`` warns of it."""
    return unknown_content_problems(draft.unknown_cells, draft.unknown_sections)


def _write_sources(draft: Draft, out: TextIO) -> None:
    """A consolidated draft's record: the reports it sums, each with its signer and signature."""
    sources = draft.consolidated_from
    if not sources:
        return
    out.write(f"\n汇总自 {len(sources)} 份报告：\n")
    for s in sources:
        signed = f"{s.signer} 签发于 {format_time(s.signed_at)}" if s.signer else "未签发"
        key = f"（签名密钥 {s.key_fingerprint}）" if s.key_fingerprint else ""
        content = f"  内容指纹 {short(s.content_fingerprint)}" if s.content_fingerprint else ""
        out.write(f"  {s.unit}\t{s.file}\t{signed}\t{s.signature_label}{key}{content}\n")
    said = draft.consolidation_note()
    if said:
        out.write(f"汇总时的提示：{said}。\n")


def _write_report_text(draft: Draft, out: TextIO) -> None:
    """The report's text as it reads, figures as their numbers (nothing while no section has
    text: the draft then is the tables alone)."""
    from govreport_gui.core.ops.report_text import report_text
    from govreport_gui.core.report.figures import render

    report = report_text(draft)
    if not any(s.text for s in report.sections):
        return
    out.write(f"\n报告正文：{report.title}\n")
    for section in report.sections:
        if section.heading:
            out.write(f"\n{section.heading}  [{section.id}]\n")
        for paragraph in section.paragraphs:
            out.write(f"  {render(paragraph, draft.form, draft.values)}\n")
        if section.tables:
            out.write(f"  （表格：{'、'.join(section.tables)}，见下）\n")
    signature = [line for line in (report.unit, report.date) if line]  # the 落款
    if signature:
        out.write("\n" + "".join(f"  {line}\n" for line in signature))


def _shortened(text: str | None, limit: int = 30) -> str:
    """A text of the history in one line: paragraphs joined by ⏎ (:func:`one_line`), long texts
    cut with …."""
    if not text:
        return "（空）"
    line = one_line(text)
    return line if len(line) <= limit else line[:limit] + f"…（共 {len(text)} 字）"


def _outline(text: str | None) -> str:
    """A section list of the history (``id<TAB>heading`` lines) as its headings: 一、概述｜二、…"""
    if not text:
        return "（表单的章节）"
    headings = [line.partition("\t")[2] or "开头部分" for line in text.split("\n")]
    return _shortened("｜".join(headings), 60)


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    draft = open_draft(args.path, settings.current_user(), write=False)
    try:
        every = args.json or args.all
        try:
            if args.cell is not None:
                _check_history_target(draft, args.cell)
            # Only the rows printed are read: a crafted draft's 300,000 took half a minute.
            entries = draft.history(args.cell, last=None if every else HISTORY_SHOWN)
            total = len(entries) if len(entries) < HISTORY_SHOWN else draft.history_count(args.cell)
        except DraftError as exc:  # damaged history rows: say so, exit 2 (unusable input)
            raise CliError(exc.message) from exc
        if args.json:
            print_json([e.__dict__ for e in entries], out)
            return EXIT_OK
        _print_history(entries, out)
        if total > len(entries):
            cell = f" --cell {quoted(Path(args.cell))}" if args.cell is not None else ""
            out.write(
                f"以上是最近的 {len(entries)} 条修改记录；更早的 {total - len(entries)} 条没有列出"
                f"（全部列出：govreport history {quoted(args.path)}{cell} --all）\n"
            )
        return EXIT_OK
    finally:
        draft.close()


def _print_history(entries: list[HistoryEntry], out: TextIO) -> None:
    for e in entries:
        if e.target == "sections":
            change = f"{_outline(e.old)} → {_outline(e.new)}"
        elif e.target.startswith("text:"):
            change = f"{_shortened(e.old)} → {_shortened(e.new)}"
        elif e.kind in ("cell", "field", "import", "undo", "redo", "fill-totals"):
            change = f"{e.old or '（空）'} → {e.new or '（空）'}"
        else:
            change = e.new or ""
        note = f"  {e.note}" if e.note else ""
        out.write(f"{e.local_time}\t{e.who}\t{_kind_name(e.kind)}\t{e.target}\t{change}{note}\n")


def cmd_recover(args: argparse.Namespace, out: TextIO) -> int:
    """Open the draft for writing and close it: SQLite rolls back a save that was interrupted (a
    hot -journal) and merges a -wal, which the read-only commands refuse to do."""
    from govreport_gui.core.store.draft_file import RECOVERED

    draft = open_draft(args.path, who(args), write=True, say_recovered=False)
    try:
        if draft.recovered:
            out.write(f"{RECOVERED}：{draft.path}\n")
        else:
            out.write(f"草稿没有需要恢复的内容（上次保存是完整的）：{draft.path}\n")
        return EXIT_OK
    finally:
        draft.close()


def _check_history_target(draft: Draft, target: str) -> None:
    """``--cell`` names a cell or field of the draft's form (or anything its history mentions)."""
    from govreport_gui.core.ops.review import STATUS_TARGET

    form = draft.form
    known = [c.id for c in form.cells] + [f.key for f in form.fields]
    known += [r.id for r in form.rules] + [STATUS_TARGET, form.id]
    known += [f"text:{i}" for i in draft.section_ids()] + ["sections"]
    if target in known or draft.history_count(target):
        return
    import difflib

    close = difflib.get_close_matches(target, known, n=5, cutoff=0.6)
    hint = (
        f"是不是：{'、'.join(close)}？" if close else "单元格标识见 govreport describe " + form.id
    )
    raise CliError(f"未知的单元格或字段“{target}”（表单 {form.id} 中没有）。{hint}")


def _kind_name(kind: str) -> str:
    return HISTORY_KIND_NAMES.get(kind, kind)


def cmd_drafts(args: argparse.Namespace, out: TextIO) -> int:
    drafts = library.list_drafts()
    if args.json:
        print_json([d.as_json() for d in drafts], out)
        return EXIT_OK
    if not drafts:
        out.write(f"草稿库是空的（{settings.library_dir()}）。\n")
        return EXIT_OK
    for d in drafts:
        where = "草稿库" if d.in_library else "最近打开"
        if d.problem:
            out.write(f"{d.path}\t无法读取：{d.problem}\n")
            continue
        out.write(
            f"{d.unit or '（未填单位）'}\t{d.year}\t{d.form_title}\t{d.status_name}\t{format_time(d.last_change)}\t{where}\t{d.path}\n"
        )
    return EXIT_OK
