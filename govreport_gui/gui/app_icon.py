"""The application's icon for its windows (title bar, task switcher), from the bundled PNGs.

PNG, not the SVG source: the installers leave out Qt's image-format plugins (SVG among them),
and PNG is built into QtGui. Set once the draft is on screen (the help part of
``MainWindow.build_next_extra``): the window's first paint does not wait for it. The installers
give the program file and the desktop entry their own icon, so the taskbar and the menus have
it from the start.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from govreport_gui.core.paths import resources_dir

# What title bars and task switchers ask for; 512 only makes sense for a dock or a file manager.
SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The icon, each size its own file (read when a size is first asked for)."""
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in SIZES:
        icon.addFile(str(folder / f"govreport-{size}.png"), QSize(size, size))
    return icon


def install() -> None:
    """Every window of the program, and its dialogs, get the icon (once: each new window
    builds its help part, and the first one set it)."""
    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(app_icon())
