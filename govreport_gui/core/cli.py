"""The command line, ``govreport``. Chinese messages; no traceback ever reaches the user.

Exit codes: 0 done / no errors (warnings allowed); 1 errors found or an action refused;
2 unusable input (unknown form, broken JSON, unknown cell id, bad number, bad file).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from govreport_gui import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2


class CliError(Exception):
    """Ends a command with ``code`` and a message on stderr."""

    def __init__(self, message: str, code: int = EXIT_UNUSABLE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


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


class _Parser(argparse.ArgumentParser):
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
            EXIT_UNUSABLE,
            f"{self.prog}：{message}\n（运行“{self.prog} -h”查看用法。）\n",
        )


def path_arg(text: str) -> Path:
    """``type=`` of every path argument: an empty one is an error (``Path("")`` would be ``.``)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("路径不能为空")
    return Path(text)


Handler = Callable[[argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    from govreport_gui.core import cli_commands

    parser = _Parser(
        prog="govreport",
        description="政府信息公开年报统计表：填报、校验、审核与导出。",
        epilog="退出码：0 成功（无错误，可有警告）；1 有错误或操作被拒绝；2 输入无法使用。",
    )
    parser.add_argument(
        "--version", action="version", version=f"govreport {__version__}", help="显示程序版本并退出"
    )
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    cli_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _ensure_utf8_output()
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # argparse takes a command's positional values in one run, so in
        # `set P --user 张三 received=3` the assignment after the option is left over: it belongs
        # to the assignments all the same. Anything else left over is an error, as before.
        if isinstance(getattr(args, "assignments", None), list) and not any(
            e.startswith("-") for e in extras
        ):
            args.assignments.extend(extras)
        else:
            command = f" {args.command}" if getattr(args, "command", None) else ""
            parser.error(f"无法识别的参数：{' '.join(extras)}（用法见 govreport{command} -h）")
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        return handler(args, sys.stdout)
    except CliError as exc:
        print(f"govreport：{_os_errors_in_chinese(exc.message, exc)}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file the command did not expect to fail: still a Chinese reason
        from govreport_gui.core.oserror_text import describe_os_error

        where = f"：{exc.filename}" if exc.filename else ""
        print(f"govreport：{describe_os_error(exc)}{where}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("govreport：已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still no traceback for the user, but say where to look
        import traceback

        log = _write_crash_log(traceback.format_exc())
        print(f"govreport：内部错误（{type(exc).__name__}）。详情已写入 {log}", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        _report_settings_warning()


def _os_errors_in_chinese(message: str, exc: BaseException) -> str:
    """Replace the English ``strerror`` of an OSError behind ``exc`` that a core message quotes.

    Some core messages (draft files, values files) still quote ``exc.strerror``; the OSError is
    kept as the cause or context of the exception chain, so its text can be put in Chinese here.
    """
    from govreport_gui.core.oserror_text import describe_os_error

    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, OSError) and link.strerror and link.strerror in message:
            message = message.replace(link.strerror, describe_os_error(link))
        link = link.__cause__ or link.__context__
    return message


def warn(message: str) -> None:
    """A note on stderr that does not change the exit code (e.g. a form not in force)."""
    print(message, file=sys.stderr)


def _report_settings_warning() -> None:
    from govreport_gui.core import settings

    message = settings.pop_warning()
    if message:
        with contextlib.suppress(OSError, ValueError):
            warn(f"govreport：{message}")


def _ensure_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _write_crash_log(text: str) -> str:
    import tempfile

    path = Path(tempfile.gettempdir()) / "govreport-crash.log"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        return "（无法写入日志）"
    return str(path)


def print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")
