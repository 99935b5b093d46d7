"""An unexpected error anywhere in the window: a Chinese dialog for the user, the traceback in the log.

``sys.excepthook`` receives what a slot or a virtual method of a widget raised (PySide6 prints it
through the hook and carries on), ``threading.excepthook`` what a worker thread raised. Both write
the traceback to the error log (:mod:`govreport_gui.core.store.crash_log`) and ask the window to show
what happened: the dialog is shown from the event loop (a queued signal), never from inside the
failing call, and a thread's error reaches the window the same way.

Nothing is written to the draft here: every edit the window acknowledged is already in the file
(each edit is its own transaction), and an edit that failed half-way was rolled back by SQLite.
So the dialog can say truthfully that the draft is safe.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store import crash_log

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

SAFE_TEXT = "草稿是安全的：每一次已确认的修改（状态栏显示“已保存”）都已写入草稿文件，不会丢失。"
ExcHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def describe(exc: BaseException) -> str:
    """What happened, in Chinese, with what the user can do about it."""
    if isinstance(exc, OSError):
        where = f"\n文件：{exc.filename}" if exc.filename else ""
        return (
            f"刚才的操作没有完成：{describe_os_error(exc)}。{where}\n"
            "请检查文件夹是否可写、磁盘是否已满、文件名是否过长，换一个位置或名称后再试一次。"
        )
    if isinstance(exc, MemoryError):
        return "刚才的操作没有完成：内存不足。请关闭其他程序后再试一次。"
    # The exception's (English) name and message are for the log, not for the user.
    return (
        "程序内部出错，刚才的操作没有完成。\n可以继续工作；如果同一操作再次出错，请重新启动程序。"
    )


def dialog_text(exc: BaseException, log: str) -> str:
    where = (
        f"错误详情已记录在：\n{log}\n如果问题反复出现，请把这个文件发给技术支持人员。"
        if log
        else "（错误详情未能写入日志文件。）"
    )
    return f"{describe(exc)}\n\n{SAFE_TEXT}\n\n{where}"


class CrashReporter(QObject):
    """Installed once by ``app.start`` (before the window exists, so that an error while it is
    being made is logged too); ``window``, once set, is the parent of the dialog."""

    # (text, log path): queued, so that the dialog opens from the event loop in the GUI thread.
    reported = Signal(str, str)

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__(window if window is not None else QApplication.instance())
        self.window = window
        self.box: QMessageBox | None = None
        self.repeats = 0
        self.previous_hook: ExcHook = sys.excepthook
        self.previous_thread_hook = threading.excepthook
        self.previous_unraisable_hook: Callable[[Any], object] = sys.unraisablehook
        # Queued: from a worker thread the signal is queued to this (the GUI) thread anyway; from
        # the GUI thread ``_show`` puts the dialog off to the event loop itself. (Not a connection
        # type: importing ``Qt`` would make PySide create all its enums before the first paint.)
        self.reported.connect(self._show_later)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        # "Exception ignored in …" (a __del__ that failed on a full disk): to the log, not stderr.
        self.previous_unraisable_hook = crash_log.install_unraisable_hook()

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self.previous_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self.previous_thread_hook
        if sys.unraisablehook == crash_log.log_unraisable:
            sys.unraisablehook = self.previous_unraisable_hook

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous_hook(exc_type, exc, tb)
            return
        self._report(exc_type, exc, tb, "窗口")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self._report(args.exc_type, args.exc_value, args.exc_traceback, f"线程 {name}")

    def _report(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        where: str,
    ) -> None:
        # Nothing in here may raise: an error in the error report would only hide the first one.
        try:
            log = crash_log.write_exception(exc_type, exc, tb, where)
            if sys.stderr is not None:  # for a developer running it from a terminal
                traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
            self.reported.emit(dialog_text(exc, str(log) if log else ""), str(log or ""))
        except Exception:
            pass

    def _show_later(self, text: str, log: str) -> None:
        QTimer.singleShot(0, self, lambda: self._show(text, log))

    def _show(self, text: str, _log: str) -> None:
        try:
            self._open_box(text)
        except Exception:
            # Never raise from here: the hook would report it, and this would run again, forever.
            # The error itself is in the log already.
            self.box = None

    def _open_box(self, text: str) -> None:
        if self.box is not None and shiboken6.isValid(self.box) and self.box.isVisible():
            # One dialog for a burst of errors (a failing paint would otherwise stack hundreds).
            self.repeats += 1
            self.box.setInformativeText(f"此后又发生了 {self.repeats} 次错误，详情同样已记录。")
            return
        self.repeats = 0
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        window = self.window if self.window is not None and shiboken6.isValid(self.window) else None
        parent = QApplication.activeModalWidget() or window
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "程序出错",
            text,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.button(QMessageBox.StandardButton.Ok).setText("知道了")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(self._closed)
        self.box = box
        box.open()

    def _closed(self) -> None:
        if self.box is not None and shiboken6.isValid(self.box):
            self.box.deleteLater()
        self.box = None


def install(window: QWidget | None = None) -> CrashReporter:
    reporter = CrashReporter(window)
    reporter.install()
    return reporter
