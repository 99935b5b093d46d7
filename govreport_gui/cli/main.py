"""The command line, ``govreport``. Chinese messages; no traceback ever reaches the user.

This module builds the parser from the command modules' ``register`` functions and runs the chosen
handler; the handlers are thin (parse, call core, print) and share ``cli.common``.

Exit codes: 0 done / no errors (warnings allowed); 1 errors found or an action refused;
2 unusable input (unknown form, broken JSON, unknown cell id, bad number, bad file).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from govreport_gui import __version__
from govreport_gui.argparse_zh import ChineseArgumentParser
from govreport_gui.cli import (
    commands,
    draft_commands,
    export_commands,
    key_commands,
    review_commands,
    safe_output,
)
from govreport_gui.cli.common import EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE, CliError, Handler, warn
from govreport_gui.core.store.draft_errors import DraftError

# Usage, help and argparse's own errors in Chinese (shared with ``govreport-gui``).
_Parser = ChineseArgumentParser

# Each command module adds its sub-commands, in the order ``govreport --help`` lists them.
COMMAND_MODULES = (commands, draft_commands, review_commands, export_commands, key_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govreport",
        description="政府信息公开年报统计表：填报、校验、审核与导出。",
        epilog="退出码：0 成功（无错误，可有警告）；1 有错误或操作被拒绝；2 输入无法使用。",
    )
    parser.add_argument(
        "--version", action="version", version=f"govreport {__version__}", help="显示程序版本并退出"
    )
    subcommands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _ensure_utf8_output()
    # A hostile draft's text must not drive the user's terminal (cli/safe_output.py).
    with safe_output.control_free_stdio():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
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
    except DraftError as exc:
        # A draft found damaged past its open (history rows that are not UTF-8): the store's
        # Chinese reason, never 内部错误; the file was only read.
        print(f"govreport：{exc.message}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:  # a file the command did not expect to fail: still a Chinese reason
        from govreport_gui.core.oserror_text import describe_os_error

        where = f"：{exc.filename}" if exc.filename else ""
        print(f"govreport：{describe_os_error(exc)}{where}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("govreport：已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still no traceback for the user, but say where to look
        from govreport_gui.core.store import crash_log

        written = crash_log.write_exception(type(exc), exc, exc.__traceback__, "govreport")
        where = f"详情已写入 {written}" if written else "（错误日志无法写入）"
        print(f"govreport：内部错误（{type(exc).__name__}）。{where}", file=sys.stderr)
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


def _report_settings_warning() -> None:
    from govreport_gui.core.store import settings

    message = settings.pop_warning()
    if message:
        with contextlib.suppress(OSError, ValueError):
            warn(f"govreport：{message}")


def _ensure_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        with contextlib.suppress(ValueError, OSError):
            if (stream.encoding or "").lower() not in ("utf-8", "utf8"):
                reconfigure(encoding="utf-8", errors="replace")
            elif stream.errors == "strict":
                # A message quoting what the user gave (a lone surrogate from JSON "\ud800" or
                # from argv bytes that were not UTF-8) must print, not fail with 内部错误.
                reconfigure(errors="backslashreplace")
