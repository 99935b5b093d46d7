"""Chinese argparse: usage, headings, help and errors of ``govreport`` and ``govreport-gui``.

One place for the wording, so the command line and the window's ``--help`` read the same.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any, NoReturn

EXIT_USAGE = 2  # argparse's own code for a bad command line; ``govreport`` documents it as 2 too

# argparse writes its own texts (usage, headings, errors) through ``argparse._`` (gettext) and
# ``argparse.ngettext``; while one of our parsers is being built, parses or prints, those two are
# swapped for a Chinese catalogue, then restored (other users of argparse are not affected).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多只能有一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected %s argument": "后面需要 %s 个值",
    "expected %s arguments": "后面需要 %s 个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "无效的选择 %(value)r，是不是 %(closest)r？（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须提供以下参数之一：%s",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可用：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：%(message)s\n",
}


def _gettext_zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


def _ngettext_zh(singular: str, plural: str, n: int) -> str:
    return _gettext_zh(singular if n == 1 else plural)


@contextlib.contextmanager
def _chinese_argparse() -> Iterator[None]:
    saved = (getattr(argparse, "_"), getattr(argparse, "ngettext"))  # noqa: B009
    setattr(argparse, "_", _gettext_zh)  # noqa: B010
    setattr(argparse, "ngettext", _ngettext_zh)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese: help, usage and every error; errors exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _chinese_argparse():  # the -h help text and the group titles are made here
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _chinese_argparse():  # "unrecognized arguments" is worded here
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _chinese_argparse():
            return super().parse_known_args(args, namespace)

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse's own asks ``shutil`` for the terminal's width, and so imports it (with bz2,
        # lzma, …) whenever an argument is added: 2 ms of a whole-process ``govreport check``.
        # The same width, by shutil.get_terminal_size's rule, less 2 as argparse takes it.
        make: Callable[..., argparse.HelpFormatter] = self.formatter_class  # each takes width
        return make(prog=self.prog, width=_terminal_columns() - 2)

    def format_usage(self) -> str:
        with _chinese_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese_argparse():
            text = super().format_help()
        # Section headings end with an ASCII colon in argparse; Chinese text takes the full-width one.
        return re.sub(r"(?m)^(\S[^\n:]*):$", r"\1：", text)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE,
            f"{self.prog}：{message}\n（运行“{self.prog} -h”查看用法。）\n",
        )


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80
