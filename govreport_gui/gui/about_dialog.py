"""帮助 → 关于 govreport…: the program's name and version, and the licences of what it bundles.

What is said comes from :mod:`govreport_gui.core.about` (the same list as the licence folder's
THIRD-PARTY.txt); this module lays it out and opens the folder of the licence texts, which in an
installed package is inside the program's own folder.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

TITLE = "关于 govreport"


def install(window: QWidget, menu: QMenu) -> QAction:
    """帮助 → 关于 govreport…, at the end of ``menu`` after a separator line."""
    action = QAction(f"{TITLE}…", window)
    action.setObjectName("actAbout")
    action.setToolTip("程序版本，以及随附组件的许可证")
    action.triggered.connect(lambda: show_about(window))
    menu.addSeparator()
    menu.addAction(action)
    return action


def show_about(window: QWidget) -> None:
    dialog = AboutDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not one more child per opening
    dialog.exec()


def licence_text(spdx: str) -> str:
    """An SPDX expression as the dialog reads it: ``A OR B`` → ``A 或 B``, and a licence with an
    exception to it, ``A WITH E`` → ``A 附 E`` (the PyInstaller bootloader's)."""
    return spdx.replace(" OR ", " 或 ").replace(" AND ", " 和 ").replace(" WITH ", " 附 ")


def licences_html() -> str:
    from govreport_gui.core import about

    rows = []
    for part in about.COMPONENTS:
        note = f"<br><small>{escape(part.note)}</small>" if part.note else ""
        rows.append(
            f"<tr><td>{escape(part.name)}</td><td>{escape(part.use)}</td>"
            f"<td>{escape(licence_text(part.licence))}{note}</td></tr>"
        )
    head = (
        "<tr><th align='left'>组件</th><th align='left'>用途</th><th align='left'>许可证</th></tr>"
    )
    return f"<table cellspacing='0' cellpadding='3'>{head}{''.join(rows)}</table>"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        # Imported here: the start-up makes only the menu item (gui/main_window.py's help part).
        from govreport_gui.core import about

        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(TITLE)
        box = QVBoxLayout(self)
        heading = QLabel(
            f"<h2>{escape(about.PROGRAM_NAME)}</h2>"
            f"<p>{escape(about.version_line())}，Qt {escape(qVersion())}</p>"
            f"<p>{escape(about.SUMMARY)}</p>"
        )
        box.addWidget(heading)
        box.addWidget(QLabel("<b>随附组件及其许可证</b>"))
        table = QLabel(licences_html())
        table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Scrolled: the whole list is taller than a 1024×600 screen leaves for a dialog.
        scroll = QScrollArea()
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(table.sizeHint().width() + 24)
        scroll.setMaximumHeight(280)
        box.addWidget(scroll)
        folder = about.licenses_dir()
        self.folder_label = QLabel(f"许可证全文在此文件夹中：\n{folder}")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )  # the path can be copied
        box.addWidget(self.folder_label)
        system = about.system_libraries_line()
        if system is not None:  # only the Linux package carries them
            self.system_label = QLabel(system)
            self.system_label.setWordWrap(True)
            self.system_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(self.system_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = QPushButton("打开许可证文件夹")
        self.open_folder.setToolTip("在文件管理器中打开许可证全文所在的文件夹")
        self.open_folder.clicked.connect(self.show_folder)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def show_folder(self) -> bool:
        from govreport_gui.core import about

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(about.licenses_dir())))
