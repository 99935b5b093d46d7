"""``govreport consolidate FILE… --out OUT.nianbao --unit NAME``: 汇总 (issue 17).

The reports (drafts, values files, exported workbooks; a folder is searched as ``check`` searches
it, links inside it not followed) are summed into a new draft by
:mod:`govreport_gui.core.ops.consolidate`. Printed: the reports included (unit, file, signer,
signature), those included unsigned or signed by a signer not on the trusted list (a single report
is noted too, and so are drafts holding cells their form does not have), the reports whose own
figures break an error check, the cells not summed, the cells blank in some reports, the units of
last year's 汇总 missing now, and the check of the new draft as ``check`` prints it.

Exit codes: 0 written and its check has no errors; 1 written, but the sums break a check of the
form (an error to look at); 2 refused, nothing written (every reason on stderr).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govreport_gui.cli.check_command import collect
from govreport_gui.cli.check_report import report
from govreport_gui.cli.common import (
    EXIT_UNUSABLE,
    CliError,
    new_draft_path,
    out_path,
    path_arg,
    user_option,
    warn,
    who,
)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import TextIO

    from govreport_gui.core.ops.consolidate import Consolidation

HELP = "汇总多份报告（同一表单、同一年度）为一份新草稿（本级政府及所属部门汇总）"
NAMED_BLANKS = 20  # partly blank cells named; the rest counted


def register(commands: Any) -> None:
    p = commands.add_parser("consolidate", help=HELP)
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        type=path_arg,
        help="各单位的报告：草稿（.nianbao）、数值文件（.json）或导出的工作簿（.xlsx）；"
        "也可以是文件夹（查找其中所有这些文件，不跟随链接）",
    )
    p.add_argument(
        "--out",
        required=True,
        type=out_path("某某县2024汇总.nianbao"),
        metavar="OUT.nianbao",
        help="汇总得到的新草稿（不能是已有的文件；没写扩展名时自动加上 .nianbao，其他扩展名不接受）",
    )
    p.add_argument(
        "--unit", required=True, metavar="NAME", help="汇总后的填报单位，如 某某县人民政府"
    )
    p.add_argument(
        "--include-unsigned",
        action="store_true",
        help="也汇总未签发的报告（默认只汇总已签发的；签名无效的报告始终不汇总）",
    )
    p.add_argument(
        "--previous",
        type=path_arg,
        metavar="LAST_YEAR.nianbao",
        help="上一年度的汇总草稿：指出去年汇总过、今年没有的单位，并用它的数字核对上年结转",
    )
    user_option(p)
    p.set_defaults(handler=cmd_consolidate)


def cmd_consolidate(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.consolidate import (
        INCLUDE_ON_COMMAND_LINE,
        ConsolidationRefused,
        consolidate_files,
    )
    from govreport_gui.core.store import settings
    from govreport_gui.core.store.draft import DRAFT_SUFFIX, DraftError

    suffix = args.out.suffix
    if suffix and suffix.lower() != DRAFT_SUFFIX:  # r8.txt is not to become r8.txt.nianbao
        raise CliError(
            f"汇总草稿的文件名应以 {DRAFT_SUFFIX} 结尾，而“{args.out.name}”以 {suffix} 结尾："
            f"请改为如 {args.out.stem}{DRAFT_SUFFIX}。未写入任何文件。",
            EXIT_UNUSABLE,
        )
    target = new_draft_path(args.out)
    # A folder that could not be looked into (no permission) holds reports that would be missing
    # from the sums: refused as an unreadable report is, never a total short of a department.
    missed: list[tuple[Path, str]] = []
    files, empty = collect(args.files, unreadable=missed)
    for folder in empty:
        warn(
            f"注意：文件夹中没有草稿（.nianbao）、数值文件（.json）或导出的工作簿（.xlsx）：{folder}"
        )
    try:
        done = consolidate_files(
            files,
            target,
            args.unit,
            who(args),
            args.include_unsigned,
            args.previous,
            how=INCLUDE_ON_COMMAND_LINE,
            unlisted=[f"{why}（其中的报告没有读到，汇总会不完整）" for _, why in missed],
        )
    except ConsolidationRefused as exc:
        raise CliError(exc.message + "\n未写入任何文件。", EXIT_UNUSABLE) from exc
    except DraftError as exc:
        raise CliError(f"汇总草稿没有写入：{exc.message}", EXIT_UNUSABLE) from exc
    settings.remember_recent(target)
    _print_done(done, target, out)
    return report(done.checker(), False, out)


def _print_done(done: Consolidation, target: Any, out: TextIO) -> None:
    from govreport_gui.core.ops.consolidate import named_units
    from govreport_gui.core.timefmt import format_time

    out.write(
        f"已汇总 {len(done.sources)} 份报告（{done.form.title}，{done.year} 年度）"
        f"为“{done.unit}”的新草稿：{target}\n"
    )
    for s in done.sources:
        signed = f"{s.signer} 签发于 {format_time(s.signed_at)}" if s.signer else "未签发"
        key = f"（签名密钥 {s.key_fingerprint}）" if s.key_fingerprint else ""
        out.write(f"  {s.unit}\t{s.file}\t{signed}\t{s.signature_label}{key}\n")
    for note in done.notes():
        out.write(f"注意：{note}\n")
    if done.with_errors:
        out.write(
            f"以下报告本身有错误（{len(done.with_errors)} 份，汇总后的错误可能来自它们）："
            f"{named_units(list(done.with_errors))}\n"
        )
    if done.not_summed:
        names = "、".join(done.cell_names(done.not_summed))
        out.write(f"未汇总（不能相加，已留空，请自行填写）：{names}\n")
    if done.partly_blank:
        items = list(done.partly_blank.items())
        shown = [f"{done.form.cell(c).label}（{n} 份未填）" for c, n in items[:NAMED_BLANKS]]
        more = f" 等 {len(items)} 格" if len(items) > NAMED_BLANKS else ""
        out.write(f"部分报告未填、按 0 相加：{'、'.join(shown)}{more}\n")
    if done.missing_units:
        out.write(
            f"上一年度汇总过、今年没有报告的单位（{len(done.missing_units)} 个）："
            f"{'、'.join(done.missing_units)}\n"
        )
    out.write("\n汇总后的校验：\n")
