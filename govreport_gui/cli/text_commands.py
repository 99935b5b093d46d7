"""``govreport sections``: the report's own list of sections on a form whose sections may be edited
(2014): add, rename, remove, move (issue 16). Each is the window's text op, one history entry."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    CliError,
    draft_command,
    draft_error_text,
    open_draft,
    user_option,
    who,
)
from govreport_gui.core.ops import text_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.report_text import report_text
from govreport_gui.core.store.draft import DraftError

HELP = "报告正文的章节：列出，或增加、改名、删除、移动（仅章节可自定的表单，如 2014 年格式）"


def register(commands: Any) -> None:
    p = draft_command(commands, "sections", HELP, cmd_sections)
    action = p.add_mutually_exclusive_group()
    action.add_argument("--add", metavar="HEADING", help="增加一节（文字章节），标题为 HEADING")
    action.add_argument("--rename", metavar="ID=HEADING", help="把章节 ID 改名为 HEADING")
    action.add_argument("--remove", metavar="ID", help="删除章节 ID（有正文时须加 --yes）")
    action.add_argument(
        "--move", metavar="ID=N", help="把章节 ID 移到第 N 位（从 0 数起，开头部分总在最前）"
    )
    p.add_argument("--after", metavar="ID", help="与 --add 连用：加在章节 ID 之后")
    p.add_argument("--yes", action="store_true", help="与 --remove 连用：确认连同正文一起删除")
    user_option(p)
    register_mend(commands)


def _pair(text: str, option: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise CliError(f"{option} 应写成 ID=…，而不是“{text}”。")
    return key.strip(), value


def cmd_sections(args: argparse.Namespace, out: TextIO) -> int:
    changing = args.add or args.rename or args.remove or args.move
    draft = open_draft(args.path, who(args), write=bool(changing))
    try:
        if changing:
            doc = ReportDocument(draft)
            try:
                change = _change(doc, args)
            except text_ops.ConfirmRemoval as exc:
                raise CliError(f"{exc}加 --yes 确认。", EXIT_FAILED) from exc
            except text_ops.SectionTextError as exc:
                raise CliError(str(exc)) from exc
            except DraftError as exc:
                raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
            out.write("已保存章节的修改。\n" if change else "章节没有变化。\n")
            if args.add and change:
                out.write(f"新章节的标识：{change.sections[0]}\n")
        for position, section in enumerate(report_text(draft).sections):
            tables = f"\t表格：{'、'.join(section.tables)}" if section.tables else ""
            words = f"\t{len(section.text)} 字" if section.text else ""
            out.write(
                f"{position}\t{section.id}\t{section.heading or '（开头部分）'}{tables}{words}\n"
            )
        return EXIT_OK
    finally:
        draft.close()


def _change(doc: ReportDocument, args: argparse.Namespace) -> ChangeSet:
    if args.add:
        return text_ops.add_section(doc, args.add, after=args.after)
    if args.after:
        raise CliError("--after 只能与 --add 一起用。")
    if args.rename:
        section_id, heading = _pair(args.rename, "--rename")
        return text_ops.rename_section(doc, section_id, heading)
    if args.remove:
        return text_ops.remove_section(doc, args.remove.strip(), confirmed=args.yes)
    section_id, position = _pair(args.move, "--move")
    if not position.strip().isdigit():
        raise CliError(f"--move 的位置应是数字，而不是“{position}”。")
    return text_ops.move_section(doc, section_id, int(position))


# -- mending the text in one step ----------------------------------------------------------------

FIX_HELP = "修正正文小标题编号：（一）（二）… 1. 2. …（1）（2）… 按顺序重排，一步可撤销"
FILL_HELP = "填写正文中的同比变化（比上年增长、减少多少），按本年与上年度的数字计算"


def register_mend(commands: Any) -> None:
    for name, text, handler in (
        ("fix-numbering", FIX_HELP, cmd_fix_numbering),
        ("fill-changes", FILL_HELP, cmd_fill_changes),
    ):
        p = draft_command(commands, name, text, handler)
        p.add_argument(
            "--section", action="append", metavar="ID", help="只改这一节（可写多次；默认全部）"
        )
        user_option(p)


def _mend(args: argparse.Namespace, out: TextIO, op: Any, done: str) -> int:
    from govreport_gui.core.ops.text_mend import NoPreviousYear

    draft = open_draft(args.path, who(args), write=True)
    try:
        doc = ReportDocument(draft)
        before = dict(draft.texts)
        try:
            change = op(doc, args.section)
        except (text_ops.SectionTextError, NoPreviousYear) as exc:
            raise CliError(str(exc), EXIT_FAILED) from exc
        except DraftError as exc:
            raise CliError(draft_error_text(draft, exc), EXIT_FAILED) from exc
        if not change:
            out.write("正文无需修改。\n")
            return EXIT_OK
        for section_id in change.sections:
            old = before.get(section_id, "").split("\n")
            new = draft.texts.get(section_id, "").split("\n")
            lines = sum(1 for a, b in zip(old, new, strict=False) if a != b)
            out.write(f"{text_ops.heading_of(doc, section_id)}：改了 {lines} 段\n")
        out.write(done + "\n")
        return EXIT_OK
    finally:
        draft.close()


def cmd_fix_numbering(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.text_mend import mend_headings

    return _mend(args, out, mend_headings, "已修正小标题编号（可在窗口中撤销，或见 history）。")


def cmd_fill_changes(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.text_mend import fill_changes

    return _mend(args, out, fill_changes, "已按两年的数字填写同比变化。")
