"""``govreport-gui [PATH]``: start the window (the start screen, or PATH opened)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from govreport_gui import VERSION_TEXT, collector
from govreport_gui.argparse_zh import ChineseArgumentParser
from govreport_gui.core.forms import form_cache
from govreport_gui.core.store import settings
from govreport_gui.core.user_cache import cache_dir
from govreport_gui.gui import crash_report, file_open_event
from govreport_gui.gui.fonts import ensure_chinese_font
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.qt_translations import install_chinese
from govreport_gui.gui.quit_when_ready import arm as quit_when_ready
from govreport_gui.gui.startup import Startup
from govreport_gui.gui.user_name import ask_user_name_once  # GOVREPORT_USER, or asked once

__all__ = ["ask_user_name_once", "start"]


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="govreport-gui",
        description="政府信息公开年报填报（窗口）。不带参数时显示开始页。",
        epilog="命令行工具见 govreport -h。",
    )
    parser.add_argument(
        "path", nargs="?", type=Path, metavar="草稿文件", help="要打开的草稿（.nianbao 文件）"
    )
    parser.add_argument("--example", action="store_true", help="打开自带示例的副本")
    parser.add_argument(
        "--desk",
        nargs="+",
        type=Path,
        metavar="文件夹",
        help="打开审核台：列出文件夹（或所给文件）中各单位的报表，逐份校验",
    )
    parser.add_argument(
        "--version", action="version", version=VERSION_TEXT, help="显示程序版本并退出"
    )
    return parser


def start(
    argv: Sequence[str] | None = None, own_process: bool = False
) -> tuple[QApplication, MainWindow]:
    """Everything ``govreport-gui`` does before the event loop: the window's frame shown.

    Its contents, and PATH (or the example), follow in the event loop, each after the window was
    painted (gui/startup.py: ``startup_of(window).finished`` says when all is there).
    The start-up benchmark runs this same function, so it measures what a user waits for.
    ``own_process``: started by the program's own process (``gui/process.py``), whose garbage
    collector waits until the whole window is built (``govreport_gui/collector.py``).
    """
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    # Parsed forms from the user's cache folder, as the command line reads them (cli/main.py):
    # opening a 2021 draft then reads its form as JSON instead of parsing the TOML (≈ 9 ms).
    form_cache.configure(cache_dir())
    app = QApplication.instance() or file_open_event.Application(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_chinese(app)  # before the first widget: Qt's own buttons and dialogs in Chinese
    reporter = crash_report.install()  # from here on, no error goes unseen (or unlogged)
    app.setApplicationName("govreport")
    app.setApplicationDisplayName("政府信息公开年报填报")
    # Wayland names a window's program by its app_id, which Qt takes from this (else from the
    # executable's name): it must be the desktop entry's name, govreport.desktop, for the dock and
    # the task switcher to show the entry's icon and name and group its windows under it.
    app.setDesktopFileName("govreport")
    # The frame shows no text of ours: the bundled font (a large file, when the system has no
    # Chinese font) is registered after its first paint, unless the name is asked first.
    asks_name = not settings.env_user() and not settings.load_settings().user_name_confirmed
    if asks_name:
        ensure_chinese_font(app)
    user = ask_user_name_once()
    window = MainWindow(user, frame_only=True)
    reporter.window = window
    window.crash_reporter = reporter
    startup = Startup(  # a child of the window
        window,
        args.path,
        args.example,
        settings.pop_warning,
        before_build=(lambda: None) if asks_name else lambda: _font(app),
    )
    if own_process:
        # Not at ``interactive``: Python's own thresholds make the next allocation collect the
        # whole start-up's objects at once (≈ 8 ms, a gen-1 round), which would come before
        # the draft's first paint. Once the rest is built, it is one more short step after them;
        # and at the latest a while after ``interactive``, should the rest never be built (a
        # part that failed, a minimised window that is not painted).
        startup.finished.connect(collector.started)
        startup.interactive.connect(
            lambda: QTimer.singleShot(collector.AT_THE_LATEST_MS, collector.started)
        )
    if args.desk:  # the 审核台 once the window is there (the start page behind it)
        folders: list[Path] = args.desk
        startup.interactive.connect(lambda: window.open_desk(folders))
    window.show()
    # macOS hands a double-clicked .nianbao over as an event, not as PATH (gui/file_open_event.py)
    file_open_event.install(app, window)
    quit_when_ready(window)  # GOVREPORT_QUIT_WHEN_READY=1: smoke tests of a built package
    return app, window


def _font(app: QApplication) -> None:
    ensure_chinese_font(app)
