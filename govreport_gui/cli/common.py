"""What every ``govreport`` command module shares: exit codes, errors, argument types, output,
the ``--user`` option and opening a draft with command-line wording.

The command modules (``commands``, ``draft_commands``, ``review_commands``, ``export_commands``)
import from here and never from each other's private names; ``cli.main`` imports them to build the
parser. This module imports no other module of ``govreport_gui.cli``, so the package has no cycle
(``tests/test_layers.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Only what every command needs is imported here: the forms, the drafts' store and the settings
# are imported by the functions that use them, so that ``govreport check FILE.json`` or
# ``govreport --help`` does not pay for SQLite, the settings and the user's folders.
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from typing import Any, TextIO, TypeAlias

    from govreport_gui.core.forms.formdef import FormDef
    from govreport_gui.core.store.draft import Draft, DraftError

# The drafts' file suffix (``core.store.draft.DRAFT_SUFFIX``; tests/test_cli_check_many.py checks
# that the two agree), here so that telling a draft from a values file imports no store.
DRAFT_SUFFIX = ".nianbao"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNUSABLE = 2

if TYPE_CHECKING:  # a type only (the handler of a sub-command): typing is not imported to run
    Handler: TypeAlias = Callable[[argparse.Namespace, TextIO], int]


class CliError(Exception):
    """Ends a command with ``code`` and a message on stderr."""

    def __init__(self, message: str, code: int = EXIT_UNUSABLE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# -- arguments and options ---------------------------------------------------------------------


def path_text(text: str) -> str:
    """``type=`` of a path argument read as text (``check``'s files: a check runs on ``os.path``,
    since importing ``pathlib`` is ≈ 8 % of a ``check`` process): an empty one is an error."""
    if not text.strip():
        import argparse  # only here: ``check FILE`` runs without argparse (cli/quick_args.py)

        raise argparse.ArgumentTypeError("路径不能为空")
    return text


def path_arg(text: str) -> Path:
    """``type=`` of every other path argument: an empty one is an error (``Path("")`` would be
    ``.``)."""
    from pathlib import Path

    return Path(path_text(text))


_SEPARATORS = tuple(s for s in (os.sep, os.altsep) if s)  # "/" here; "\\" and "/" on Windows


def out_path(example: str) -> Callable[[str], Path]:
    """``type=`` of a file the command writes (``example``: such a file's name, for the message):
    as :func:`path_arg`, and a name that ends in a folder separator is refused (``Path`` drops it,
    and ``--xlsx 报表/`` would write a file named 报表 where the user meant a folder). A folder
    that exists is left to the command, which says that it is one."""

    def out_path_arg(text: str) -> Path:
        path = path_arg(text)
        if text.endswith(_SEPARATORS) and not path.is_dir():
            import argparse

            raise argparse.ArgumentTypeError(
                f"“{text}”以“{text[-1]}”结尾，是文件夹的写法：请写出要保存的文件名，"
                f"如 {text}{example}"
            )
        return path

    return out_path_arg


def draft_command(commands: Any, name: str, help_text: str, handler: Handler) -> Any:
    """A sub-command over one draft, ``NAME PATH``; the caller adds its own options."""
    parser = commands.add_parser(name, help=help_text)
    parser.add_argument("path", metavar="PATH", type=path_arg, help="草稿（.nianbao）")
    parser.set_defaults(handler=handler)
    return parser


def user_option(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` of every command that changes a draft."""
    parser.add_argument(
        "--user", metavar="NAME", help="记录在修改记录中的姓名（默认取设置中的姓名）"
    )


def who(args: argparse.Namespace) -> str:
    """The name recorded in the history: ``--user``, else the one in the settings. A ``--user``
    that cannot be recorded (blank, a control or invisible character, too long) is refused."""
    from govreport_gui.core.store import settings

    if args.user is None:
        return settings.current_user()
    name = " ".join(args.user.split())
    if not name:
        raise CliError("--user 给出的姓名不能为空。")
    problem = settings.name_problem(name, "--user 给出的姓名")
    if problem is not None:
        raise CliError(problem)
    return name


def pairs(items: list[str], what: str) -> dict[str, str]:
    """``KEY=VALUE`` arguments as a dict; anything else (or a key written twice) is unusable input."""
    from govreport_gui.core.forms.assignments import AssignmentsError, split_pairs

    try:
        return split_pairs(items, what)
    except AssignmentsError as exc:
        raise CliError(exc.problems[0]) from exc


# -- output ------------------------------------------------------------------------------------


def warn(message: str) -> None:
    """A note on stderr that does not change the exit code (e.g. a form not in force)."""
    print(message, file=sys.stderr)


def print_json(data: Any, out: TextIO) -> None:
    # One write: json.dump hands the stream a piece per key and value, each escaped on its own
    # (cli/safe_output.py): a history of 300,000 changes spent two thirds of a minute there.
    import json  # for --json alone: ≈ 6M instructions a plain ``check`` does not spend (issue 14)

    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def quoted(path: str | os.PathLike[str]) -> str:
    """A path as typed in a shell (double quotes: understood by sh, cmd.exe and PowerShell)."""
    text = str(path)
    if any(ch.isspace() or ch in "'\"&|;<>()$`*?" for ch in text):
        return '"' + text.replace('"', '\\"') + '"'
    return text


# -- forms and drafts --------------------------------------------------------------------------


def form_or_fail(form_id: str) -> FormDef:
    """The form ``form_id``; a broken form file or an unknown id is unusable input (exit 2)."""
    from govreport_gui.core.forms.formdef import FormDefinitionError
    from govreport_gui.core.forms.registry import UnknownFormError, all_forms, get_form

    try:
        all_forms()
    except FormDefinitionError as exc:
        raise CliError(f"表单定义文件有误：{exc}") from exc
    try:
        return get_form(form_id)
    except UnknownFormError as exc:
        raise CliError(str(exc)) from exc


def looks_like_draft(path: Path) -> bool:
    from govreport_gui.core.regular_file import starts_with

    return path.suffix.lower() == DRAFT_SUFFIX or starts_with(path, b"SQLite format 3\x00")


def new_draft_path(path: Path) -> Path:
    """The file a new draft is written to: ``PATH`` with ``.nianbao`` added when missing.

    A folder (``.``, ``/``, an existing directory) is refused: a draft needs a file name.
    """
    if path.name not in ("", ".", ".."):
        from govreport_gui.core.name_length import draft_name_problem

        named = (
            path
            if path.suffix.lower() == DRAFT_SUFFIX
            else path.with_name(path.name + DRAFT_SUFFIX)
        )
        # First: a name over the file system's limit makes even is_dir() fail (ENAMETOOLONG).
        too_long = draft_name_problem(named)
        if too_long:
            raise CliError(too_long)
    if path.name in ("", ".", "..") or path.is_dir():
        raise CliError(
            f"“{path}”是一个文件夹，不是文件名：请写新草稿的文件名，"
            f"如 {path / ('某某局2024' + DRAFT_SUFFIX)}"
        )
    if path.suffix.lower() != DRAFT_SUFFIX:
        path = path.with_name(path.name + DRAFT_SUFFIX)
    return path


def open_draft(path: Path, user: str, write: bool, say_recovered: bool = True) -> Draft:
    """The draft, for writing or read-only; :class:`CliError` when it cannot be opened so. A save
    that had been interrupted is recovered by an open for writing: said on stderr."""
    from govreport_gui.core.store.draft import Draft, DraftOpenError

    try:
        draft = Draft.open(path, user, readonly=not write)
    except DraftOpenError as exc:
        from govreport_gui.core.regular_file import starts_with

        if starts_with(path, b"PK\x03\x04"):  # the draft's message names the window's menu
            raise CliError(
                f"这是一个压缩包或 Excel/Word 文档，不是年报草稿：{path}\n"
                f"如需导入 Excel 表，请用：govreport import-xlsx {quoted(path)} 草稿.nianbao"
            ) from exc
        raise CliError(exc.message) from exc
    if write and draft.readonly:
        reason = readonly_reason(draft)
        draft.close()
        raise CliError(f"无法修改：{reason}", EXIT_FAILED)
    if draft.recovered and say_recovered:
        from govreport_gui.core.store.draft_file import RECOVERED

        warn(f"注意：{RECOVERED}：{draft.path}")
    return draft


def readonly_reason(draft: Draft) -> str:
    """Why a draft opened for writing is read-only, and what to do, in command-line words.

    (``draft.readonly_reason`` speaks of the window: 另存为, 本窗口.)
    """
    path = draft.path
    if draft.lock_holder is not None:
        return (
            f"此草稿正被打开：{draft.lock_holder.describe()}。"
            f"请在那里关闭它（或等它退出）后再运行此命令：{path}"
        )
    if draft.lock_error is not None:
        return _lock_error_reason(draft.lock_error, path)
    # As the draft judged it: for root (whom os.access lets write anything) by the mode bits.
    from govreport_gui.core.store.draft_file import writable

    if not writable(path):
        return f"文件是只读的：{path}\n  请去掉文件的只读属性后重试；或把它复制为新文件，修改副本。"
    if not writable(path.parent, folder=True):
        return (
            f"文件所在的文件夹是只读的（如写保护的 U 盘）：{path.parent}\n"
            "  请把草稿复制到可写的文件夹后修改副本。"
        )
    return (
        f"无法在文件所在的文件夹中建立锁文件：{path.parent}\n"
        "  请把草稿复制到可写的文件夹后修改副本。"
    )


def _lock_error_reason(exc: OSError, path: Path) -> str:
    """The lock file could not be made: the OS's reason decides what to do (a full disk is not a
    read-only folder, and copying the draft elsewhere would not help it)."""
    from govreport_gui.core.oserror_text import DISK_FULL_ERRNOS, describe_os_error

    if exc.errno in DISK_FULL_ERRNOS:
        return (
            f"{describe_os_error(exc)}，无法在文件所在的文件夹中建立锁文件：{path.absolute().parent}\n"
            "  请腾出磁盘空间后重试。草稿未被修改。"
        )
    return (
        f"无法在文件所在的文件夹中建立锁文件（{describe_os_error(exc)}）：{path.absolute().parent}\n"
        "  请把草稿复制到可写的文件夹后修改副本。草稿未被修改。"
    )


def locked_reason(draft: Draft) -> str:
    """Why the values of a submitted or signed draft cannot change, with the command that helps."""
    if draft.signed:
        return (
            "此报表已签发，数值、表头表尾、报告正文和说明都不能再修改。如需修改，请审核人先撤销签发："
            f"govreport reopen {quoted(draft.path)} --reason 原因"
        )
    return (
        "此报表已提交审核，等待审核期间数值、表头表尾、报告正文和说明不能修改。如需修改，请审核人先退回："
        f"govreport return {quoted(draft.path)} --reason 原因"
    )


def draft_error_text(draft: Draft, exc: DraftError) -> str:
    """A refused or failed change, in command-line words where the draft's message is the window's."""
    from govreport_gui.core.store.draft import DraftLockedError, DraftReadOnlyError

    if isinstance(exc, DraftLockedError):
        return locked_reason(draft)
    if isinstance(exc, DraftReadOnlyError):
        return f"无法修改：{readonly_reason(draft)}"
    return exc.message
