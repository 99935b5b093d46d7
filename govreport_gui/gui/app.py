"""``govreport-gui [PATH]``: start the window (the start screen, or PATH opened)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from govreport_gui.core import settings
from govreport_gui.gui.fonts import ensure_chinese_font
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.user_name import ask_user_name_once  # GOVREPORT_USER, or asked once

__all__ = ["ask_user_name_once", "main", "start"]


def start(argv: Sequence[str] | None = None) -> tuple[QApplication, MainWindow]:
    """Everything ``govreport-gui`` does before the event loop: the window shown, PATH opened.

    The start-up benchmark runs this same function, so it measures what a user waits for.
    """
    parser = argparse.ArgumentParser(
        prog="govreport-gui", description="政府信息公开年报填报（窗口）"
    )
    parser.add_argument("path", nargs="?", type=Path, help="要打开的草稿（.nianbao）")
    parser.add_argument("--example", action="store_true", help="打开自带示例的副本")
    args = parser.parse_args(list(argv) if argv is not None else None)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("govreport")
    app.setApplicationDisplayName("政府信息公开年报填报")
    ensure_chinese_font(app)
    user = ask_user_name_once()
    window = MainWindow(user)
    window.show()
    warning = settings.pop_warning()  # a damaged settings file was set aside: say so, once
    if warning:
        window.show_problem(warning, title="设置文件")
    if args.example:
        window.open_example()
    elif args.path is not None:
        window.open_path(args.path)
    return app, window


def main(argv: Sequence[str] | None = None) -> int:
    app, _window = start(argv)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
