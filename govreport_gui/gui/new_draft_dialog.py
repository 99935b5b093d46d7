"""The 新建 dialog: form (newest first, with the years it is for), year, unit, last year's draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import all_forms, form_for_year
from govreport_gui.gui import file_dialogs


class NewDraftDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建草稿")
        self.forms = list(all_forms())
        layout = QFormLayout(self)
        self.year = QSpinBox(self)
        self.year.setRange(2008, 2100)
        self.year.setValue(dt.date.today().year - 1)
        self.year.setSuffix(" 年度")
        self.form_box = QComboBox(self)
        for form in self.forms:
            self.form_box.addItem(
                f"{form.title}（{form.basis}，适用于 {form.years_text}）", form.id
            )
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("如：某某市人民政府办公室")
        self.previous = QLineEdit(self)
        self.previous.setPlaceholderText("可选：同一单位上一年度的草稿，用于预填上年结转并核对")
        browse = QPushButton("选择…", self)
        row = QHBoxLayout()
        row.addWidget(self.previous, 1)
        row.addWidget(browse)
        layout.addRow("年度：", self.year)
        layout.addRow("表单：", self.form_box)
        layout.addRow("填报单位：", self.unit)
        layout.addRow("上一年度：", row)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #8a5a00;")
        layout.addRow(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.year.valueChanged.connect(self._year_changed)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        browse.clicked.connect(self._browse)
        self._year_changed(self.year.value())

    def _year_changed(self, year: int) -> None:
        form = form_for_year(year)
        if form is not None:
            self.form_box.setCurrentIndex(self.forms.index(form))
        self._form_changed()

    def _form_changed(self) -> None:
        form = self.form()
        if not form.in_force(self.year.value()):
            self.note.setText(
                f"注意：{form.basis} 的格式适用于 {form.years_text}，不是 {self.year.value()} 年度。"
            )
        else:
            self.note.setText("")

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, "选择上一年度草稿", "", file_dialogs.DRAFT_FILTER)
        if path is not None:
            self.previous.setText(str(path))

    def _accept(self) -> None:
        if not self.unit.text().strip():
            self.note.setText("请填写填报单位。")
            self.unit.setFocus()
            return
        self.accept()

    def form(self) -> FormDef:
        return self.forms[max(0, self.form_box.currentIndex())]

    def previous_path(self) -> Path | None:
        text = self.previous.text().strip()
        return Path(text) if text else None
