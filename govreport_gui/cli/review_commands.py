"""Sub-commands of ``govreport`` for review and sign-off.

``submit``, ``return``, ``signoff``, ``reopen``, ``explain``, ``comment``, ``comments`` and
``blockers``. A refused action exits 1 and lists every reason, one per line, on stderr; unusable
input (an unknown cell or rule id, a bad file) exits 2.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from govreport_gui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    CliError,
    draft_command,
    draft_error_text,
    open_draft,
    print_json,
    user_option,
    who,
)
from govreport_gui.cli.safe_output import one_line
from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.ops import review, review_ops
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.ops.signature import signature_status
from govreport_gui.core.ops.text_problems import is_text_rule
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import Draft, DraftError
from govreport_gui.core.timefmt import format_time


def register(commands: Any) -> None:
    p = draft_command(commands, "submit", "提交审核（填报中 → 待审核）", cmd_submit)
    user_option(p)

    p = draft_command(commands, "return", "退回修改（待审核 → 填报中；审核人操作）", cmd_return)
    p.add_argument("--reason", required=True, metavar="TEXT", help="退回原因")
    user_option(p)

    p = draft_command(
        commands, "signoff", "签发（待审核 → 已签发），记录签发人、时间与内容指纹", cmd_signoff
    )
    p.add_argument("--reviewer", required=True, metavar="NAME", help="签发人姓名")
    user_option(p)

    p = draft_command(commands, "reopen", "撤销签发（已签发 → 填报中；审核人操作）", cmd_reopen)
    p.add_argument("--reason", required=True, metavar="TEXT", help="撤销签发的原因")
    user_option(p)

    p = draft_command(commands, "explain", "为警告填写说明（说明为空则删除）", cmd_explain)
    p.add_argument("rule_id", metavar="RULE_ID", help="校验规则标识（如 closed_le_received）")
    p.add_argument("text", metavar="TEXT", help='说明；写 "" 删除已有说明')
    user_option(p)

    p = draft_command(commands, "comment", "写审核意见、回复意见或把意见标为已解决", cmd_comment)
    # TEXT is a required positional so that it may follow the options (comment PATH --cell C TEXT);
    # with --resolve it is the comment's number (comment PATH --resolve ID).
    p.add_argument(
        "text", metavar="TEXT", help="意见内容（与 --resolve、--no-reply-needed 连用时为意见编号）"
    )
    p.add_argument("--cell", metavar="CELL_ID", help="针对的单元格（不写则针对整张表）")
    p.add_argument("--section", metavar="ID", help="针对报告正文的一节（与 --paragraph 连用）")
    p.add_argument(
        "--paragraph", type=_comment_number, metavar="N", help="该节的第 N 段（从 1 数起）"
    )
    p.add_argument("--reply-to", type=_comment_number, metavar="ID", help="回复编号为 ID 的意见")
    p.add_argument(
        "--resolve", action="store_true", help="把编号为 ID 的意见标为已解决：--resolve ID"
    )
    p.add_argument(
        "--no-reply-needed",
        action="store_true",
        help="审核人把编号为 ID 的意见标为“不需答复”（不再妨碍签发）：--no-reply-needed ID",
    )
    user_option(p)

    p = draft_command(commands, "comments", "列出审核意见（默认只列未解决的）", cmd_comments)
    p.add_argument("--all", action="store_true", help="也列出已解决的意见")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = draft_command(commands, "blockers", "列出妨碍提交审核或签发的问题", cmd_blockers)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


def _comment_number(text: str) -> int:
    """``--reply-to``: a comment's number (a positive integer that SQLite can hold)."""
    try:
        number = int(text.strip().removeprefix("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"意见编号应为正整数，而不是“{text}”") from None
    if not 0 < number < 2**63:
        raise argparse.ArgumentTypeError(f"没有编号为 {text} 的意见")
    return number


# -- helpers -----------------------------------------------------------------------------------


@contextmanager
def _draft(args: argparse.Namespace, write: bool) -> Iterator[Draft]:
    user = who(args) if write else settings.current_user()
    draft = open_draft(args.path, user, write=write)
    try:
        yield draft
    finally:
        draft.close()


def _run(draft: Draft, action: Callable[[], Any], refused: str) -> Any:
    """Run a review action; a refusal ends the command with exit 1 and every reason on stderr."""
    try:
        return action()
    except review.ReviewRefused as exc:
        reasons = exc.reasons
        if exc.headed:  # the first reason is the head line; the rest are the reasons under it
            head, reasons = reasons[0], reasons[1:]
        else:
            head = refused
        raise CliError("\n".join([head, *(f"  {r}" for r in reasons)]), EXIT_FAILED) from exc
    except DraftError as exc:  # read-only, locked (signed), disk full …
        raise CliError(f"{refused}\n  {draft_error_text(draft, exc)}", EXIT_FAILED) from exc


# The JSON of a blocker or a comment is the record itself, field by field, in its order.


def blocker_json(blocker: review.Blocker) -> dict[str, Any]:
    return dataclasses.asdict(blocker)


def comment_json(comment: review.Comment) -> dict[str, Any]:
    return dataclasses.asdict(comment)


def review_json(draft: Draft) -> dict[str, Any]:
    """The review part of ``show --json``: sign-off, fingerprint, explanations, open comments."""
    signoff = review.current_signoff(draft)
    return {
        "signature": signature_status(draft).as_json(),
        "signoff": None
        if signoff is None
        else {
            "reviewer": signoff.reviewer,
            "at": signoff.at,
            "fingerprint": signoff.fingerprint,
            "short": short(signoff.fingerprint),
            "key_fingerprint": signoff.key_fingerprint,
        },
        "fingerprint": review.content_fingerprint(draft),
        "explanations": {
            rule_id: {"text": e.text, "at": e.at, "who": e.who}
            for rule_id, e in review.explanations(draft).items()
        },
        "comments": [comment_json(c) for c in review.comments(draft, open_only=True)],
    }


# -- commands ----------------------------------------------------------------------------------


def _move(
    args: argparse.Namespace,
    out: TextIO,
    refused: str,
    done: str,
    action: Callable[..., object],
    *reason: str,
) -> int:
    """A change of status (submit, return, reopen): ``action(doc, *reason)``, then say where the
    draft now stands."""
    with _draft(args, write=True) as draft:
        _run(draft, lambda: action(ReportDocument(draft), *reason), refused)
        out.write(f"{done}：{draft.path}（状态：{draft.status_name}）\n")
    return EXIT_OK


def cmd_submit(args: argparse.Namespace, out: TextIO) -> int:
    return _move(args, out, "无法提交审核：", "已提交审核", review_ops.submit)


def cmd_return(args: argparse.Namespace, out: TextIO) -> int:
    return _move(args, out, "无法退回：", "已退回修改", review_ops.return_to_filler, args.reason)


def cmd_signoff(args: argparse.Namespace, out: TextIO) -> int:
    reviewer = args.reviewer.strip()
    # The sign-off is recorded in the reviewer's name; one that cannot be recorded is refused by
    # the sign-off itself, as 签发人姓名 (not as a --user the user never gave).
    if not args.user and reviewer and settings.name_problem(reviewer) is None:
        args.user = reviewer
    with _draft(args, write=True) as draft:
        _run(draft, lambda: review_ops.sign_off(ReportDocument(draft), args.reviewer), "无法签发：")
        signoff = review.current_signoff(draft)
        assert signoff is not None  # just signed
        out.write(
            f"已签发：{draft.path}\n签发人：{signoff.reviewer}    时间：{format_time(signoff.at)}\n"
            f"内容指纹：{short(signoff.fingerprint)}（{signoff.fingerprint}）\n"
            f"数字签名：签名密钥 {signoff.key_fingerprint}（查看、导出公钥：govreport keys）\n"
        )
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace, out: TextIO) -> int:
    return _move(args, out, "无法撤销签发：", "已撤销签发", review_ops.reopen, args.reason)


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    with _draft(args, write=True) as draft:
        rule = next((r for r in draft.form.rules if r.id == args.rule_id), None)
        if rule is None and is_text_rule(args.rule_id):
            _explain_text(draft, args, out)
            return EXIT_OK
        if rule is None:
            known = "、".join(r.id for r in draft.form.rules if r.severity is not Severity.ERROR)
            raise CliError(
                f"表单 {draft.form.id} 没有校验规则“{args.rule_id}”（可填写说明的警告：{known}）",
                EXIT_UNUSABLE,
            )
        if rule.severity is Severity.ERROR:
            raise CliError(
                f"无法填写说明：\n  “{rule.id}”是错误，不是警告：错误必须改正，不能用说明放行。",
                EXIT_FAILED,
            )
        try:
            doc = ReportDocument(draft)
            _run(draft, lambda: review_ops.explain(doc, args.rule_id, args.text), "无法填写说明：")
        except ValueError as exc:
            raise CliError(str(exc), EXIT_UNUSABLE) from exc
        if args.text.strip():
            out.write(f"已保存说明：{rule.id}（{rule.description}）\n")
        else:
            out.write(f"已删除说明：{rule.id}\n")
    return EXIT_OK


def _explain_text(draft: Draft, args: argparse.Namespace, out: TextIO) -> None:
    """A 说明 for a warning of the report's text (``text.figure.received@disclosure``)."""
    try:
        doc = ReportDocument(draft)
        _run(draft, lambda: review_ops.explain(doc, args.rule_id, args.text), "无法填写说明：")
    except ValueError as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    out.write(
        ("已保存说明：" if args.text.strip() else "已删除说明：") + f"{args.rule_id}（正文）\n"
    )


def cmd_comment(args: argparse.Namespace, out: TextIO) -> int:
    resolve: int | None = None
    option = "--resolve" if args.resolve else "--no-reply-needed" if args.no_reply_needed else ""
    if args.resolve and args.no_reply_needed:
        raise CliError("--resolve 与 --no-reply-needed 只能用一个。")
    if option:
        if args.cell or args.section or args.reply_to is not None:
            raise CliError(f"{option} 不能与 --cell、--section 或 --reply-to 同时使用。")
        try:
            resolve = int(args.text.strip().removeprefix("#"))
        except ValueError:
            raise CliError(f"{option} 后应写意见编号（数字），而不是“{args.text}”。") from None
    elif not args.text.strip():
        raise CliError("请写意见内容（或用 --resolve ID 把意见标为已解决）。")
    target = _target(args)
    with _draft(args, write=True) as draft:
        doc = ReportDocument(draft)
        try:
            if resolve is not None and args.no_reply_needed:
                number = resolve
                _run(
                    draft,
                    lambda: review_ops.mark_no_reply_needed(doc, number),
                    "无法标为不需答复：",
                )
                out.write(f"意见 #{number} 已标为“不需答复”（{draft.user}）。\n")
                return EXIT_OK
            if resolve is not None:
                number = resolve
                _run(draft, lambda: review_ops.resolve_comment(doc, number), "无法标为已解决：")
                out.write(f"意见 #{number} 已标为已解决。\n")
                return EXIT_OK
            added: ChangeSet = _run(
                draft,
                lambda: review_ops.add_comment(doc, args.text, target, args.reply_to),
                "无法保存意见：",
            )
            comment_id = added.comments[0]
        except ValueError as exc:
            raise CliError(str(exc), EXIT_UNUSABLE) from exc
        where = f"单元格 {args.cell}" if args.cell else "整张表"
        if args.section:
            where = review.comment_place(draft, target)
        if args.reply_to is not None:
            where = f"回复 #{args.reply_to}"
        out.write(f"已保存意见 #{comment_id}（{where}）。\n")
    return EXIT_OK


def _target(args: argparse.Namespace) -> str | None:
    """What the comment is on: ``--cell``, or ``--section ID --paragraph N`` (a paragraph)."""
    from govreport_gui.core.report.sections import paragraph_target

    if (args.section is None) != (args.paragraph is None):
        raise CliError("--section 与 --paragraph 要一起写：--section 章节标识 --paragraph 段号。")
    if args.section is not None and args.cell:
        raise CliError("--cell 与 --section 只能用一个。")
    if args.section is not None:
        return paragraph_target(args.section, args.paragraph)
    return str(args.cell) if args.cell else None


def cmd_comments(args: argparse.Namespace, out: TextIO) -> int:
    with _draft(args, write=False) as draft:
        found = review.comments(draft, open_only=not args.all)
        if args.json:
            print_json([comment_json(c) for c in found], out)
            return EXIT_OK
        if not found:
            out.write("没有未解决的意见。\n" if not args.all else "没有意见。\n")
        for c in found:
            out.write(_comment_line(draft, c))
    return EXIT_OK


def _comment_line(draft: Draft, c: review.Comment) -> str:
    """One comment, one line: ``#id  time  who  where  text  [state]`` separated by tabs; a line
    break or tab inside a field is shown (:func:`one_line`), so a script reads a comment a line."""
    where = review.comment_place(draft, c.cell) if c.cell else "整张表"
    if c.cell and draft.form.has_cell(c.cell):
        where = c.cell  # the cell's id, as before: scripts read it
    reply = f"（回复 #{c.parent}）" if c.parent is not None else ""
    state = f"已解决（{c.resolved_by}）" if c.resolved_at else ""
    if c.no_reply_needed and not c.resolved_at:
        state = f"不需答复（{c.no_reply_by}）"
    fields = [f"#{c.id}", format_time(c.at), c.who, f"{where}{reply}", c.text]
    return "\t".join(one_line(str(f)) for f in [*fields, *([state] if state else [])]) + "\n"


def cmd_blockers(args: argparse.Namespace, out: TextIO) -> int:
    with _draft(args, write=False) as draft:
        checker = Checker(draft.form, draft.values, draft.previous)
        found = review.blockers(draft, checker)
        if args.json:
            print_json(
                {
                    "path": str(draft.path),
                    "status": draft.status,
                    "status_name": draft.status_name,
                    "blockers": [blocker_json(b) for b in found],
                },
                out,
            )
        else:
            for b in found:
                out.write(f"{review.reason_text(b)}\t[{b.target}]\n")
            if found:
                out.write(f"共 {len(found)} 个问题，处理后才能提交审核或签发。\n")
            else:
                out.write("没有妨碍提交审核或签发的问题。\n")
    return EXIT_FAILED if found else EXIT_OK
