"""What can go wrong with a draft, in Chinese: the exceptions and the wording of SQLite's errors.

Every message says what happened and what to do; SQLite's English text never reaches the user.
"""

from __future__ import annotations

from govreport_gui.core.store.sqlite import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from _typeshed import StrPath  # a path as text or Path: ``check`` imports no ``pathlib``


class DraftError(Exception):
    """Anything that goes wrong with a draft; ``message`` is a Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DraftOpenError(DraftError):
    """The file cannot be opened as a draft. It has not been changed."""


class DraftWriteError(DraftError):
    """A change could not be saved. Nothing of it was applied, on disk or in memory."""


class DraftReadOnlyError(DraftError):
    """The draft is open read-only (another window has it, or the file or folder is read-only)."""


class DraftLockedError(DraftError):
    """The draft is signed off: values and fields cannot change until it is reopened."""


def sqlite_reason(exc: sqlite3.Error) -> str:
    """SQLite's English message as a Chinese phrase (what it means for a draft file)."""
    text = str(exc).lower()
    if (
        "malformed" in text
        or "not a database" in text
        or "corrupt" in text
        or "could not decode" in text  # text that is not UTF-8: bytes changed on the way
    ):
        return "文件已损坏或不完整，可能复制或保存时被中断"
    if "unable to open" in text:
        return "无法打开文件（文件夹不存在或没有权限？）"
    if "locked" in text or "busy" in text:
        return "文件正被另一个程序写入，请稍后重试"
    if "readonly" in text or "read-only" in text:
        return "文件或文件夹是只读的"
    if "full" in text:
        return "磁盘空间已满"
    if "i/o" in text:
        return "读写磁盘出错（U 盘或网络盘是否已断开？）"
    return f"数据库错误：{type(exc).__name__}"


def write_error(exc: sqlite3.Error, path: StrPath) -> DraftWriteError:
    text = str(exc).lower()
    if "full" in text:
        reason = "磁盘空间已满，这次修改没有保存。请腾出空间后重试；之前保存的内容都还在。"
    elif "readonly" in text or "read-only" in text:
        reason = "文件或文件夹是只读的，这次修改没有保存。可用“另存为”保存到别处。"
    elif "locked" in text or "busy" in text:
        reason = "草稿正被另一个程序写入，这次修改没有保存，请稍后重试。"
    elif "i/o" in text:
        reason = "写入磁盘失败（U 盘是否已拔出？），这次修改没有保存；之前保存的内容都还在。"
    else:
        reason = f"保存失败（数据库错误：{type(exc).__name__}），这次修改没有保存；之前保存的内容都还在。"
    return DraftWriteError(f"{reason}\n文件：{path}")


def cannot_write(exc: OSError, path: StrPath) -> str:
    # The words for an error, loaded when one happens (a `check` process, issue 14).
    from govreport_gui.core.oserror_text import describe_os_error

    return f"无法写入 {path}：{describe_os_error(exc)}"
