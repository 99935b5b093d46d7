"""The command line, ``govreport``. Chinese messages; no traceback ever reaches the user.

This module builds the parser from the command modules' ``register`` functions and runs the chosen
handler; the handlers are thin (parse, call core, print) and share ``cli.common``.

Sub-commands are registered lazily: the name of the command is read first and only its module is
imported and registered; every other command is a bare entry carrying its one-line help from
:data:`COMMANDS`, so ``govreport --help`` lists them all without importing them (and
``govreport check FILE`` loads neither openpyxl, reportlab nor Qt).

Exit codes: 0 done / no errors (warnings allowed); 1 errors found or an action refused;
2 unusable input (unknown form, broken JSON, unknown cell id, bad number, bad file).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence

from govreport_gui import VERSION_TEXT
from govreport_gui.cli import safe_output
from govreport_gui.cli.common import EXIT_FAILED, EXIT_UNUSABLE, CliError, warn

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from govreport_gui.cli.common import Handler

# Usage, help and argparse's own errors in Chinese (``argparse_zh``, shared with ``govreport-gui``);
# imported by the functions that build a parser: ``check FILE`` needs none (``cli/quick_args.py``).

# Every sub-command, in the order ``govreport --help`` lists them: name, the module of
# ``govreport_gui.cli`` whose ``register`` adds it, and its one-line help (the same text the
# module gives its parser: tests/test_cli_lazy.py checks that they agree).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("forms", "commands", "列出可用的表单（最新的在前）"),
    ("describe", "commands", "显示表单的行、列、单元格与校验规则"),
    ("check", "check_command", "校验数值文件或草稿；可给多个文件或文件夹（逐份一行并汇总）"),
    (
        "compare",
        "compare_command",
        "同比比较：同一单位上年与本年的报告逐项对照，列出大幅变化和上年结转的核对",
    ),
    (
        "consolidate",
        "consolidate_command",
        "汇总多份报告（同一表单、同一年度）为一份新草稿（本级政府及所属部门汇总）",
    ),
    ("new", "draft_commands", "新建草稿"),
    ("set", "draft_commands", "修改草稿中的单元格或字段"),
    ("fill", "draft_commands", "用数值文件填写草稿"),
    ("show", "draft_commands", "显示草稿：表单、字段、数值、状态与校验结果"),
    ("history", "draft_commands", "显示草稿的修改记录"),
    ("drafts", "draft_commands", "列出本机草稿库和最近打开的草稿"),
    ("recover", "draft_commands", "恢复上次保存被中断的草稿（只读的命令不会动它）"),
    (
        "sections",
        "text_commands",
        "报告正文的章节：列出，或增加、改名、删除、移动（仅章节可自定的表单，如 2014 年格式）",
    ),
    (
        "fix-numbering",
        "text_commands",
        "修正正文小标题编号：（一）（二）… 1. 2. …（1）（2）… 按顺序重排，一步可撤销",
    ),
    (
        "fill-changes",
        "text_commands",
        "填写正文中的同比变化（比上年增长、减少多少），按本年与上年度的数字计算",
    ),
    ("submit", "review_commands", "提交审核（填报中 → 待审核）"),
    ("return", "review_commands", "退回修改（待审核 → 填报中；审核人操作）"),
    ("signoff", "review_commands", "签发（待审核 → 已签发），记录签发人、时间与内容指纹"),
    ("reopen", "review_commands", "撤销签发（已签发 → 填报中；审核人操作）"),
    ("explain", "review_commands", "为警告填写说明（说明为空则删除）"),
    ("comment", "review_commands", "写审核意见、回复意见或把意见标为已解决"),
    ("comments", "review_commands", "列出审核意见（默认只列未解决的）"),
    ("blockers", "review_commands", "列出妨碍提交审核或签发的问题"),
    ("export", "export_commands", "导出报送用的 Excel / PDF（只有已签发的报表才能导出正式文件）"),
    ("import-xlsx", "export_commands", "从 Excel 统计表导入数值（按行标签对应）"),
    ("verify", "export_commands", "核对导出的 Excel / PDF 是否与签发时的内容一致"),
    (
        "import-report",
        "import_report_command",
        "从已发布的年报（.docx/.pdf/.html）新建草稿或数值文件",
    ),
    ("keys", "key_commands", "签名密钥：查看、导出公钥、受信任名单、备份与恢复"),
)

# The modules of the commands, in the order of COMMANDS (``build_parser()`` registers them all).
COMMAND_MODULES = tuple(dict.fromkeys(module for _name, module, _help in COMMANDS))


def command_module(module: str) -> Any:
    # ``__import__`` rather than ``importlib.import_module``: importing the ``importlib`` package
    # costs a `check` process about 0.3 ms for this one call (issue 14).
    name = f"govreport_gui.cli.{module}"
    __import__(name)
    return sys.modules[name]


class _Only:
    """The sub-parsers action as one module's ``register`` sees it when only ``name`` is wanted:
    the parser of ``name`` is the real one; the module's other commands get a parser that is
    thrown away (their bare entries, with the table's help, are already in the real action)."""

    def __init__(self, subcommands: Any, name: str) -> None:
        self._subcommands = subcommands
        self._name = name

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        import argparse

        from govreport_gui.argparse_zh import ChineseArgumentParser as _Parser

        if name == self._name:
            parser = self._subcommands.add_parser(name, **kwargs)
            assert isinstance(parser, argparse.ArgumentParser)
            return parser
        return _Parser(prog=f"govreport {name}", add_help=False)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``govreport``: every command registered by its module, or, with ``only``, just
    that one (the others are bare entries that list their help)."""
    from govreport_gui.argparse_zh import ChineseArgumentParser as _Parser

    parser = _Parser(
        prog="govreport",
        description="政府信息公开年报统计表：填报、校验、审核与导出。",
        epilog="退出码：0 成功（无错误，可有警告）；1 有错误或操作被拒绝；2 输入无法使用。",
    )
    parser.add_argument(
        "--version", action="version", version=VERSION_TEXT, help="显示程序版本并退出"
    )
    subcommands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    if only is None:
        for module in COMMAND_MODULES:
            command_module(module).register(subcommands)
        return parser
    for name, module, help_text in COMMANDS:
        if name == only:
            command_module(module).register(_Only(subcommands, name))
        else:
            subcommands.add_parser(name, help=help_text, add_help=False)
    return parser


def _command_name(argv: Sequence[str]) -> str | None:
    """The sub-command the user asked for: the first argument that is not an option (``govreport``
    itself takes no option with a value). ``None`` when there is none or it is no command."""
    known = {name for name, _module, _help in COMMANDS}
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in known else None
    return None


# Commands that only read and print, and ``export``: each file they write (``check``'s
# --summary-xlsx list, the exported files) is whole and in place before they return, and the
# export's PDF child has ended. The program ends them at once, without tearing Python down
# (``cli/process.py``).
ENDS_AT_ONCE = frozenset({"check", "show", "verify", "compare", "export"})


def ends_at_once(argv: Sequence[str]) -> bool:
    """Whether the command of ``argv`` is one of :data:`ENDS_AT_ONCE`."""
    return _command_name(argv) in ENDS_AT_ONCE


def main(argv: Sequence[str] | None = None) -> int:
    # "Exception ignored in …" (a __del__ failing on a full disk) goes to the error log, never as
    # an English traceback on the terminal. The process's own entry (argv None) keeps the hook to
    # its exit, when the last such objects are collected; a call from Python gives it back.
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _log_unraisable
    try:
        return _main(argv)
    finally:
        if argv is not None:
            sys.unraisablehook = previous_hook


def _log_unraisable(unraisable: Any) -> None:
    # Imported when needed: the log's module loads the settings, which `check` of a values file
    # does not need. The collector runs at any allocation, so a report may come in the middle of
    # an import of a module the log's own imports need (``re``, argparse importing it): the log
    # cannot be imported then, and the report is kept for the next one or the exit.
    try:
        from govreport_gui.core.store import crash_log
    except Exception:
        _keep(unraisable)
        return
    while _KEPT:
        crash_log.log_unraisable(_KEPT.pop(0))
    crash_log.log_unraisable(unraisable)


_KEPT: list[Any] = []  # reports the log could not take yet


class _Shown:
    """A kept report's object as its ``repr`` showed it: the object itself is not kept (a hook
    must not bring back what is being finalised)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _keep(unraisable: Any) -> None:
    """Keep ``unraisable`` to be logged at the next report or at exit; never raises."""
    try:
        import atexit
        from types import SimpleNamespace

        thing = unraisable.object
        try:
            shown = None if thing is None else _Shown(repr(thing)[:200])
        except Exception:  # a broken __repr__, as crash_log.log_unraisable names it
            shown = _Shown(f"<{type(thing).__name__}>")
        if not _KEPT:
            atexit.register(_log_kept)
        _KEPT.append(
            SimpleNamespace(
                exc_type=unraisable.exc_type,
                exc_value=unraisable.exc_value,
                exc_traceback=unraisable.exc_traceback,
                err_msg=unraisable.err_msg,
                object=shown,
            )
        )
    except Exception:  # the hook itself must never raise
        pass


def _log_kept() -> None:
    if _KEPT:
        try:
            from govreport_gui.core.store import crash_log
        except Exception:
            return
        while _KEPT:
            crash_log.log_unraisable(_KEPT.pop(0))


def _main(argv: Sequence[str] | None) -> int:
    _ensure_utf8_output()
    # A hostile draft's text must not drive the user's terminal (cli/safe_output.py); a reader
    # that went away (`| head -1`) or a closed output (`>&-`) silences the output, and the
    # command's own exit code stands.
    with safe_output.ControlFreeStdio():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from govreport_gui.cli.quick_args import quick_args

    args = quick_args(argv)  # ``check FILE... [--json]`` needs no parser
    if args is None:
        parser = build_parser(only=_command_name(argv) or "")
        args, extras = parser.parse_known_args(argv)
        if extras:
            # argparse takes a command's positional values in one run, so in
            # `set P --user 张三 received=3` the assignment after the option is left over: it
            # belongs to the assignments all the same. Anything else left over is an error.
            if isinstance(getattr(args, "assignments", None), list) and not any(
                e.startswith("-") for e in extras
            ):
                args.assignments.extend(extras)
            else:
                command = f" {args.command}" if getattr(args, "command", None) else ""
                parser.error(f"无法识别的参数：{' '.join(extras)}（用法见 govreport{command} -h）")
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return EXIT_UNUSABLE
    handler: Handler = args.handler
    try:
        return _with_form_cache(handler, args)
    except CliError as exc:
        print(f"govreport：{_os_errors_in_chinese(exc.message, exc)}", file=sys.stderr)
        return exc.code
    except OSError as exc:  # a file the command did not expect to fail: still a Chinese reason
        from govreport_gui.core.oserror_text import describe_os_error

        if exc.errno == errno.ENAMETOOLONG and isinstance(exc.filename, str | bytes):
            # The same words and exit code as a name refused before anything was tried
            # (core/name_length.py), not the whole name quoted after an English-born error.
            from govreport_gui.core.name_length import too_long_text

            print(f"govreport：{too_long_text(os.fsdecode(exc.filename))}", file=sys.stderr)
            return EXIT_UNUSABLE

        where = f"：{exc.filename}" if exc.filename else ""
        print(f"govreport：{describe_os_error(exc)}{where}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("govreport：已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still no traceback for the user, but say where to look
        # A draft found damaged past its open (history rows that are not UTF-8): the store's
        # Chinese reason, never 内部错误; the file was only read. Looked up, not imported: a command
        # that never loaded the store (check of a values file) cannot have raised it.
        draft_errors = sys.modules.get("govreport_gui.core.store.draft_errors")
        if draft_errors is not None and isinstance(exc, draft_errors.DraftError):
            print(f"govreport：{exc.message}", file=sys.stderr)
            return EXIT_UNUSABLE
        from govreport_gui.core.store import crash_log

        written = crash_log.write_exception(type(exc), exc, exc.__traceback__, "govreport")
        where = f"详情已写入 {written}" if written else "（错误日志无法写入）"
        print(f"govreport：内部错误（{type(exc).__name__}）。{where}", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        _report_settings_warning()


def _with_form_cache(handler: Handler, args: argparse.Namespace) -> int:
    """The command, with the forms it reads parsed once and then read from the user's cache
    folder (``core/forms/form_cache.py``): a whole-process ``check`` needs no TOML reader."""
    from govreport_gui.core.forms import form_cache
    from govreport_gui.core.user_cache import user_folder

    before = form_cache.folder()
    form_cache.configure(user_folder("cache"))  # as text: a ``check`` imports no ``pathlib``
    try:
        return handler(args, sys.stdout)
    finally:
        form_cache.configure(before)  # an in-process caller (a test) keeps its own setting


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
    # A command that never read the settings has no warning about them (and need not load them).
    settings = sys.modules.get("govreport_gui.core.store.settings")
    if settings is None:
        return
    message = settings.pop_warning()
    if message:
        try:
            for line in message.splitlines():  # a warning a line
                warn(f"govreport：{line}")
        except (OSError, ValueError):
            pass  # no standard error to say it on


def _ensure_utf8_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if (stream.encoding or "").lower() not in ("utf-8", "utf8"):
                reconfigure(encoding="utf-8", errors="replace")
            elif stream.errors == "strict":
                # A message quoting what the user gave (a lone surrogate from JSON "\ud800" or
                # from argv bytes that were not UTF-8) must print, not fail with 内部错误.
                reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass  # a stream that cannot be set up (closed, or not a text file) is left as it is
