"""Every open/save/folder dialog of the window, with the filters named in Chinese.

Native or Qt's own dialog? The native dialogs of Windows and macOS (and GTK's on a GNOME desktop)
speak the language of the system, which for the users of this program is Chinese; they also know
the user's favourite folders. Qt's own dialog is used where there is no native one (minimal Linux
desktops, the offscreen platform), and it speaks Chinese through Qt's catalogue
(:mod:`.qt_translations`). So the native dialog stays; ``GOVREPORT_QT_FILE_DIALOG=1`` (or
:data:`use_native` = False, as the tests do to inspect the dialog) asks for Qt's own everywhere.

The static QFileDialog functions are kept (with ``options``): they give the native dialog its
full behaviour, and tests that replace them keep working.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from govreport_gui.core.draft import DRAFT_SUFFIX

DRAFT_FILTER = f"政府信息公开年报草稿 (*{DRAFT_SUFFIX})"
ALL_FILES_FILTER = "所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"

use_native = os.environ.get("GOVREPORT_QT_FILE_DIALOG", "") != "1"


def _options() -> QFileDialog.Option:
    if use_native:
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog


def open_file(parent: QWidget | None, title: str, folder: Path | str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(folder), filters, options=_options())
    return Path(chosen) if chosen else None


def save_file(parent: QWidget | None, title: str, proposed: Path | str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, str(proposed), filters, options=_options()
    )
    return Path(chosen) if chosen else None


def choose_folder(parent: QWidget | None, title: str, folder: Path | str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(
        parent, title, str(folder), options=_options() | QFileDialog.Option.ShowDirsOnly
    )
    return Path(chosen) if chosen else None
