"""Every open/save/folder dialog of the window, with the file types named in Chinese.

Native or Qt's own dialog? The native dialogs of Windows and macOS (and GTK's on a GNOME desktop)
speak the language of the system, which for the users of this program is Chinese, and they know the
user's favourite folders: they stay. Qt's own dialog is shown where there is no native one (Linux
desktops whose Qt 5 theme a Qt 6 program cannot load, such as Kylin's or UOS's, minimal desktops,
the offscreen platform); it speaks Chinese through Qt's catalogue (:mod:`.qt_translations`), and
here its “type” column calls a draft what it is instead of “SQLite3 数据库”. Setting
``GOVREPORT_QT_FILE_DIALOG=1`` (or :data:`use_native` = False, as the tests do to inspect the
dialog) asks for Qt's own dialog everywhere.

A QFileDialog object (not the static functions) is used so that Qt's dialog can be given the
type names; a plain QFileDialog still becomes the native dialog where there is one.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QFileDialog,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from govreport_gui.core.store.draft import DRAFT_SUFFIX

DRAFT_FILTER = f"政府信息公开年报草稿 (*{DRAFT_SUFFIX})"
ALL_FILES_FILTER = "所有文件 (*)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"
DOCX_FILTER = "Word 文档 (*.docx)"
HTML_FILTER = "网页 (*.html)"

use_native = os.environ.get("GOVREPORT_QT_FILE_DIALOG", "") != "1"


def _options() -> QFileDialog.Option:
    if use_native:
        return QFileDialog.Option(0)
    return QFileDialog.Option.DontUseNativeDialog


# What the “type” column of Qt's dialog says for our files (else: the MIME type's comment).
TYPE_NAMES = {
    DRAFT_SUFFIX: "政府信息公开年报草稿",
    ".xlsx": "Excel 工作簿",
    ".pdf": "PDF 文件",
    ".docx": "Word 文档",
    ".html": "网页",
}
_TYPE_COLUMN = 2  # QFileSystemModel: name, size, type, date modified


class _TypeNameDelegate(QStyledItemDelegate):
    """Draws the type column with our names; the model (and so sorting, selection) is untouched."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        name = str(index.sibling(index.row(), 0).data() or "")
        for suffix, text in TYPE_NAMES.items():
            if name.lower().endswith(suffix):
                option.text = text
                break


def _dialog(
    parent: QWidget | None,
    title: str,
    start: Path | str,
    filters: str,
    mode: QFileDialog.FileMode,
    accept: QFileDialog.AcceptMode,
) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start), filters)
    dialog.setOptions(_options())
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    tree = dialog.findChild(QTreeView, "treeView")  # only in Qt's own dialog
    if tree is not None:
        tree.setItemDelegateForColumn(_TYPE_COLUMN, _TypeNameDelegate(tree))
        # Qt sizes the columns for English; the Chinese type name would be cut to “政…稿”.
        wide = tree.fontMetrics().horizontalAdvance(TYPE_NAMES[DRAFT_SUFFIX]) + 24
        header = tree.header()
        header.resizeSection(_TYPE_COLUMN, max(header.sectionSize(_TYPE_COLUMN), wide))
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None and splitter.count() == 2:  # the places list beside the files
        places = splitter.fontMetrics().horizontalAdvance("计算机") * 2 + 48
        sizes = splitter.sizes()
        if sizes[0] < places:
            splitter.setSizes([places, max(sum(sizes) - places, 1)])
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        files = dialog.selectedFiles()
        return Path(files[0]) if files else None
    finally:
        dialog.deleteLater()


def open_file(parent: QWidget | None, title: str, folder: Path | str, filters: str) -> Path | None:
    """An existing file chosen by the user, or None."""
    M, A = QFileDialog.FileMode, QFileDialog.AcceptMode
    return _run(_dialog(parent, title, folder, filters, M.ExistingFile, A.AcceptOpen))


def open_files(parent: QWidget | None, title: str, folder: Path | str, filters: str) -> list[Path]:
    """Existing files chosen by the user (several at once), or none."""
    M, A = QFileDialog.FileMode, QFileDialog.AcceptMode
    dialog = _dialog(parent, title, folder, filters, M.ExistingFiles, A.AcceptOpen)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [Path(f) for f in dialog.selectedFiles()]
    finally:
        dialog.deleteLater()


def save_file(
    parent: QWidget | None, title: str, proposed: Path | str, filters: str
) -> Path | None:
    """Where to write (``proposed``: folder and name offered); the dialog asks before replacing."""
    M, A = QFileDialog.FileMode, QFileDialog.AcceptMode
    return _run(_dialog(parent, title, proposed, filters, M.AnyFile, A.AcceptSave))


def choose_folder(parent: QWidget | None, title: str, folder: Path | str) -> Path | None:
    M, A = QFileDialog.FileMode, QFileDialog.AcceptMode
    dialog = _dialog(parent, title, folder, "", M.Directory, A.AcceptOpen)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)
