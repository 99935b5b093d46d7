"""The command line, ``govreport``. Chinese messages; no traceback ever reaches the user.

Exit codes: 0 done / no errors (warnings allowed); 1 errors found or an action refused;
2 unusable input (unknown form, broken JSON, unknown cell id, bad number, bad file).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        translated = (
            message.replace("the following arguments are required", "缺少参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("expected one argument", "需要一个参数")
        )
        self.exit(EXIT_UNUSABLE, f"govreport：{translated}\n")


Handler = Callable[[argparse.Namespace, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    from govreport_gui.core import cli_commands

    parser = _Parser(
        prog="govreport",
        description="政府信息公开年报统计表：填报、校验、审核与导出。",
        epilog="退出码：0 成功（无错误，可有警告）；1 有错误或操作被拒绝；2 输入无法使用。",
    )
    parser.add_argument("--version", action="version", version=f"govreport {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    cli_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _ensure_utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_UNUSABLE
    try:
        return handler(args, sys.stdout)
    except CliError as exc:
        print(f"govreport：{exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("govreport：已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: still no traceback for the user, but say where to look
        import traceback

        log = _write_crash_log(traceback.format_exc())
        print(f"govreport：内部错误（{type(exc).__name__}）。详情已写入 {log}", file=sys.stderr)
        return EXIT_UNUSABLE


def _ensure_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")


def _write_crash_log(text: str) -> str:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.gettempdir()) / "govreport-crash.log"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        return "（无法写入日志）"
    return str(path)


def print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")
