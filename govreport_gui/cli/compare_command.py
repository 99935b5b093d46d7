"""``govreport compare LAST THIS [--json]``: one unit's report beside last year's (issue 17).

Prints the figures table by table (项目, 上年, 本年, 变化, 说明), then the large jumps (notes for the
reviewer, not errors) and the rules that tie this year's report to last year's (上年结转 = last
year's 结转下年度): :mod:`govreport_gui.core.ops.compare` does the work. ``--json`` prints one
object: ``figures``, ``notes``, ``prev_checks`` (empty and ``prev_checks_apply`` false across a
gap year), ``warnings``, ``exit_code``; ``last`` and ``this`` give each file's ``signature``. The
header names each file's signature state; one that no longer holds is also a 注意 line on stderr,
and so is an error of the file itself that ``check`` names (a signed workbook that no longer shows
what was signed, a published report's table not read).

Exit codes: 0 compared (with or without notes: a jump is for the reviewer to look at, not a
failure); 1 compared, but a rule that reads last year's figures fails (上年结转 ≠ last year's
结转下年度: a real inconsistency between the two reports; never across a gap year); 2 a file cannot be read, or the two
cannot be compared (another unit, this year not after last year).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any, TextIO

from govreport_gui.cli.common import EXIT_FAILED, EXIT_OK, CliError, path_arg, print_json, warn
from govreport_gui.core.forms.values import Value, to_text
from govreport_gui.core.ops.compare import change_text, signature_text

if TYPE_CHECKING:
    import argparse

    from govreport_gui.core.ops.compare import Comparison, Figure

HELP = "同比比较：同一单位上年与本年的报告逐项对照，列出大幅变化和上年结转的核对"
LABEL_WIDTH = 56  # display columns the 项目 column is padded to at most (a longer label overflows)
NUMBER_WIDTH = 14


def register(commands: Any) -> None:
    p = commands.add_parser("compare", help=HELP)
    p.add_argument(
        "last",
        metavar="LAST",
        type=path_arg,
        help="上一年的报告：草稿（.nianbao）、数值文件（.json）、导出的工作簿（.xlsx）或已发布的年报（.docx 等）",
    )
    p.add_argument("this", metavar="THIS", type=path_arg, help="本年的报告（同上）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（一个对象）")
    p.set_defaults(handler=cmd_compare)


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from govreport_gui.core.ops.compare import ComparisonRefused, compare_files

    try:
        comparison = compare_files(args.last, args.this)
    except ComparisonRefused as exc:
        # Each reason indented; a reason's own lines (a file's problems) one step further.
        lines = [f"  {line}" for reason in exc.reasons for line in reason.splitlines()]
        raise CliError("无法比较：\n" + "\n".join(lines)) from exc
    code = EXIT_FAILED if comparison.prev_failed else EXIT_OK
    for line in comparison.warnings:
        warn(f"注意：{line}")
    if args.json:
        print_json({**comparison.as_json(), "exit_code": code}, out)
    else:
        write_text(comparison, out)
    return code


def write_text(comparison: Comparison, out: TextIO) -> None:
    last, this = comparison.last, comparison.this
    out.write(f"同比比较：{comparison.title}\n")
    for name, report in (("上年", last), ("本年", this)):
        out.write(
            f"{name}：{report.path}（{report.kind_name}，{report.form.years_text}表格；"
            f"签名：{signature_text(report)}）\n"
        )
    for heading, figures in _by_table(comparison.figures):
        out.write("\n" + (heading or "统计表") + "\n")
        labels = [_inner_label(f, heading) for f in figures]
        width = min(LABEL_WIDTH, max(_width(label) for label in labels))
        out.write(_line("项目", width, "上年", "本年", "变化", "说明"))
        for figure, label in zip(figures, labels, strict=True):
            out.write(
                _line(
                    label,
                    width,
                    _value(figure.last, figure.last_cell_id is not None),
                    _value(figure.this, figure.cell_id is not None),
                    change_text(figure.change, figure.percent),
                    figure.remark,
                )
            )
    notes = comparison.notes
    out.write("\n")
    if notes:
        out.write(f"大幅变化（{len(notes)} 项，请审核人核对；不是错误）：\n")
        for figure in notes:
            out.write(f"  {figure.label}：{figure.remark}\n")
    else:
        out.write("没有大幅变化（增减到上年的 10 倍或十分之一、由 0 变多或由多变 0）。\n")
    if not comparison.adjacent:
        out.write("与上年报告的衔接：两份报告不是相邻年度，上年结转的核对不适用。\n")
    elif comparison.prev_checks:
        out.write("与上年报告的衔接（本年表中引用上年数字的核对）：\n")
        described = ""
        for check in comparison.prev_checks:
            if check.description != described:
                described = check.description
                out.write(f"  {described}\n")
            out.write(f"    {check.line}\n")
    both = len(comparison.figures) - len(comparison.unmatched_last) - len(comparison.unmatched_this)
    failed = len(comparison.prev_failed)
    if not comparison.adjacent:
        tied = "与上年衔接的核对不适用（不是相邻年度）"
    else:
        tied = f"与上年衔接的核对{'有 ' + str(failed) + ' 项不相符' if failed else '没有不相符'}"
    out.write(
        f"共 {len(comparison.figures)} 项，两年都有的 {both} 项；大幅变化 {len(notes)} 项；{tied}。\n"
    )


def _by_table(figures: tuple[Figure, ...]) -> list[tuple[str, list[Figure]]]:
    """The figures grouped by their table (the first part of the path when the form has several
    tables), in order; the last year's figures without a counterpart come last."""
    groups: list[tuple[str, list[Figure]]] = []
    for figure in figures:
        heading = figure.path[0] if figure.path and figure.path[0].startswith("表") else ""
        if figure.cell_id is None:
            heading = (
                f"上年表格中有、本年表格中没有的项目{('（' + heading + '）') if heading else ''}"
            )
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(figure)
    return groups


def _inner_label(figure: Figure, heading: str) -> str:
    path = figure.path[1:] if figure.path and figure.path[0].startswith("表") else figure.path
    return " › ".join(path) if path else figure.label


def _value(value: Value | None, exists: bool) -> str:
    if not exists:
        return "—"
    return "（空）" if value is None else to_text(value)


def _width(text: str) -> int:
    """Display columns of ``text`` in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    room = " " * max(0, width - _width(text))
    return room + text if right else text + room


def _line(label: str, width: int, last: str, this: str, change: str, remark: str) -> str:
    """One row; a label wider than the column gets a line of its own, the figures under it."""
    numbers = "".join(_pad(part, NUMBER_WIDTH, right=True) for part in (last, this))
    rest = f"{numbers}  {_pad(change, NUMBER_WIDTH + 4)}  {remark}".rstrip()
    if _width(label) > width:
        return f"  {label}\n  {' ' * width}{rest}\n"
    return f"  {_pad(label, width)}{rest}\n"
