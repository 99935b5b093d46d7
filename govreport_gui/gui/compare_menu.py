"""审核 → 与上年报告比较…: the menu item of the year-over-year comparison (issue 17).

It asks for last year's and this year's report files in :class:`ChooseReportsDialog` (this
year's defaults to the open draft; each has a 选择… button with the file dialog of
:mod:`.file_dialogs`), then :func:`.compare_dialog.show_comparison` reads and shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.gui import file_dialogs

REPORT_FILTER = (
    "年报文件 (*.nianbao *.json *.xlsx *.docx *.pdf *.html *.htm);;"
    f"{file_dialogs.DRAFT_FILTER};;数值文件 (*.json);;{file_dialogs.XLSX_FILTER};;"
    f"{file_dialogs.DOCX_FILTER};;{file_dialogs.ALL_FILES_FILTER}"
)


class ChooseReportsDialog(QDialog):
    """Last year's and this year's report files; 比较 once both are given."""

    def __init__(self, parent: QWidget | None, this_year: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("与上年报告比较")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "选择同一单位上一年和本年的报告（草稿、数值文件、导出的 Excel 或已发布的 Word 年报），"
            "逐项对照两年的数字。",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.last_edit, last_row = self._path_row("上一年的报告")
        self.this_edit, this_row = self._path_row("本年的报告")
        if this_year is not None:
            self.this_edit.setText(str(this_year))
        form.addRow("上年报告：", last_row)
        form.addRow("本年报告：", this_row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("比较")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in (self.last_edit, self.this_edit):
            edit.textChanged.connect(self._update)
        self._update()
        self.resize(620, self.sizeHint().height())

    def _path_row(self, what: str) -> tuple[QLineEdit, QWidget]:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(row)
        edit.setPlaceholderText(f"{what}的文件")
        button = QPushButton("选择…", row)
        button.setToolTip(f"选择{what}")
        button.clicked.connect(lambda: self._choose(edit, what))
        box.addWidget(edit, 1)
        box.addWidget(button)
        return edit, row

    def _choose(self, edit: QLineEdit, what: str) -> None:
        given = (
            edit.text().strip() or self.this_edit.text().strip() or self.last_edit.text().strip()
        )
        folder = Path(given).parent if given else Path.home()
        chosen = file_dialogs.open_file(self, f"选择{what}", folder, REPORT_FILTER)
        if chosen is not None:
            edit.setText(str(chosen))

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.last_edit.text().strip() and self.this_edit.text().strip()))

    def paths(self) -> tuple[Path, Path]:
        return Path(self.last_edit.text().strip()), Path(self.this_edit.text().strip())


def ask_and_compare(window: QMainWindow, this_year: Path | None) -> None:
    """The menu item: ask for the two files, then compare them."""
    chooser = ChooseReportsDialog(window, this_year)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return
    last, this = chooser.paths()
    # Imported when first used: building the 审核 menu at start-up loads no comparison code.
    from govreport_gui.gui.compare_dialog import show_comparison

    show_comparison(window, last, this)


def install(window: QMainWindow, menu: QMenu, this_year: Callable[[], Path | None]) -> QAction:
    """审核 → 与上年报告比较… at the end of ``menu``; ``this_year`` gives the open draft's file."""
    action = QAction("与上年报告比较…", window)
    action.setToolTip("同一单位上年与本年的报告逐项对照：变化、大幅变化和上年结转的核对")
    action.triggered.connect(lambda: ask_and_compare(window, this_year()))
    menu.addSeparator()
    menu.addAction(action)
    return action
