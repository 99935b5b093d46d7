"""汇总多份报告… (issue 17): the window's side of ``govreport consolidate``.

:func:`consolidate_files_dialog` asks for the name of the consolidated unit, where the new draft
goes, whether unsigned reports are included and, optionally, last year's consolidated draft; then
reads the reports and plans the sums in the background (``gui/worker.py``: hundreds of files must
not freeze the window), with a moving bar and the file being read. Refusals are shown as a list in
the dialog (every reason, each naming its files), and the user may change the choices and try
again. When the plan holds, the draft is written and its path returned; the caller opens it. What
the user must look at (reports included unsigned, cells not summed, cells blank in some reports,
last year's units missing now) is shown first, with 打开汇总草稿 to go on.

The 审核台 (folder view) calls :func:`consolidate_files_dialog` with its selected files; the 文件
menu's 汇总多份报告… (:func:`install`) picks the files with a file dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.gui import file_dialogs
from govreport_gui.gui.worker import Task

if TYPE_CHECKING:
    from govreport_gui.core.ops.consolidate import Consolidation
    from govreport_gui.gui.window_base import WindowBase

REPORT_FILTER = "各单位的报告 (*.nianbao *.json *.xlsx)"
LISTED = 8  # files named in the dialog's heading; the rest are counted
NAMED = 30  # names in one line of the notes shown after writing


class ConsolidateDialog(QDialog):
    """The choices, the progress and the outcome of one 汇总 (``written``: the new draft)."""

    def __init__(self, paths: Sequence[Path], user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总多份报告")
        self.paths = list(paths)
        self.user = user
        self.task: Task | None = None
        self.planned: Consolidation | None = None
        self.written: Path | None = None
        self.choosers: list[QPushButton] = []  # the 选择… buttons
        layout = QVBoxLayout(self)
        names = "、".join(p.name for p in self.paths[:LISTED])
        more = f" 等 {len(self.paths)} 份" if len(self.paths) > LISTED else ""
        heading = QLabel(f"把 {len(self.paths)} 份报告汇总为一份新草稿：{names}{more}", self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("如：某某县人民政府")
        form.addRow("汇总后的填报单位：", self.unit)
        self.out = QLineEdit(self)
        self.out.setPlaceholderText("新草稿的文件名（.nianbao）")
        form.addRow("保存为：", self._with_button(self.out, "选择…", self._choose_out))
        self.include_unsigned = QCheckBox("包括未签发的报告", self)
        self.include_unsigned.setToolTip(
            "默认只汇总已签发（有数字签名）的报告；签名无效（签发后被改动）的报告始终不汇总"
        )
        form.addRow("", self.include_unsigned)
        self.last_year = QLineEdit(self)
        self.last_year.setPlaceholderText("可不选：用来指出去年汇总过、今年没有报告的单位")
        form.addRow(
            "上一年度的汇总：", self._with_button(self.last_year, "选择…", self._choose_last_year)
        )
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: reading takes as long as the files take
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setMinimumHeight(120)
        self.problems.hide()
        layout.addWidget(self.problems, 1)
        self.buttons = QDialogButtonBox(self)
        self.go = self.buttons.addButton("汇总", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.go.clicked.connect(self.start)
        self.cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 420)

    def _with_button(self, edit: QLineEdit, text: str, slot: object) -> QWidget:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(edit, 1)
        button = QPushButton(text, row)
        button.clicked.connect(slot)
        box.addWidget(button)
        self.choosers.append(button)
        return row

    def _folder(self) -> Path:
        return self.paths[0].parent if self.paths else Path.home()

    def _choose_out(self) -> None:
        name = f"{self.unit.text().strip() or '汇总'}.nianbao"
        chosen = file_dialogs.save_file(
            self, "汇总草稿保存为", self._folder() / name, file_dialogs.DRAFT_FILTER
        )
        if chosen is not None:
            self.out.setText(str(chosen))

    def _choose_last_year(self) -> None:
        chosen = file_dialogs.open_file(
            self, "上一年度的汇总草稿", self._folder(), file_dialogs.DRAFT_FILTER
        )
        if chosen is not None:
            self.last_year.setText(str(chosen))

    def target(self) -> Path | None:
        from govreport_gui.core.store.draft import DRAFT_SUFFIX

        text = self.out.text().strip()
        if not text:
            return None
        path = Path(text)
        return (
            path
            if path.suffix.lower() == DRAFT_SUFFIX
            else path.with_name(path.name + DRAFT_SUFFIX)
        )

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _choices(self) -> list[QWidget]:
        return [self.unit, self.out, self.include_unsigned, self.last_year, *self.choosers]

    def _set_busy(self, busy: bool) -> None:
        for widget in [*self._choices(), self.go]:
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)

    def _say(self, lines: list[str]) -> None:
        self.problems.setPlainText("\n".join(lines))
        self.problems.show()

    def start(self) -> None:
        """Check the choices, then read and plan in the background."""
        if self.written is not None:  # the notes were shown: 打开汇总草稿
            self.accept()
            return
        if self.busy:
            return
        from govreport_gui.core.ops.consolidate import plan_files

        missing = []
        if not self.unit.text().strip():
            missing.append("请填写汇总后的填报单位（如“某某县人民政府”）。")
        target = self.target()
        if target is None:
            missing.append("请选择汇总草稿保存到哪里（“保存为”右边的“选择…”）。")
        elif target.exists():
            missing.append(f"文件已存在，不会覆盖：{target}。请换一个文件名。")
        if missing:
            self.status.setText("还不能汇总：")
            self._say(missing)
            return
        self.problems.hide()
        self.status.setText(f"正在读取 {len(self.paths)} 份报告…")
        self._set_busy(True)
        paths, unit = list(self.paths), self.unit.text()
        include, last = self.include_unsigned.isChecked(), self.last_year.text().strip()
        last_path = Path(last) if last else None
        self.task = Task(lambda progress: plan_files(paths, unit, include, last_path, progress))
        self.task.progressed.connect(self.status.setText)
        self.task.succeeded.connect(self._planned)
        self.task.failed.connect(self._refused)

    def reject(self) -> None:
        """取消 / 关闭 / Esc: a reading still going on is left to end unheard; nothing is written."""
        if self.busy and self.task is not None:
            self.task.forget()
        super().reject()

    def _refused(self, exc: Exception) -> None:
        from govreport_gui.core.ops.consolidate import ConsolidationRefused

        self._set_busy(False)
        if not isinstance(exc, ConsolidationRefused):
            raise exc  # a bug: the crash report shows it, as on the GUI thread
        self.status.setText(f"不能汇总（{len(exc.reasons)} 个问题），未写入任何文件：")
        self._say([f"• {r}" for r in exc.reasons])

    def _planned(self, planned: Consolidation) -> None:
        from govreport_gui.core.ops.consolidate import create_consolidated_draft
        from govreport_gui.core.store.draft import DraftError
        from govreport_gui.gui.file_problems import file_problem

        self._set_busy(False)
        target = self.target()
        assert target is not None
        try:
            create_consolidated_draft(target, planned, self.user)
        except (DraftError, OSError) as exc:
            self.status.setText("汇总草稿没有写入：")
            self._say([file_problem(exc, "无法写入汇总草稿")])
            return
        self.planned, self.written = planned, target
        notes = notes_of(planned)
        if not notes:
            self.accept()
            return
        self.status.setText(f"已汇总 {len(planned.sources)} 份报告到 {target.name}。请注意：")
        self._say(notes)
        for widget in self._choices():  # written: the choices no longer change anything
            widget.setEnabled(False)
        self.go.setText("打开汇总草稿")
        self.go.setEnabled(True)
        self.cancel.setText("关闭")


def notes_of(planned: Consolidation) -> list[str]:
    """What the user must look at in the new draft, one line each (none: nothing to say)."""

    def named(names: Sequence[str]) -> str:
        more = f" 等 {len(names)} 项" if len(names) > NAMED else ""
        return "、".join(names[:NAMED]) + more

    notes = []
    if planned.unsigned:
        notes.append(
            f"• 以下 {len(planned.unsigned)} 份报告没有数字签名，按你的选择一并汇总："
            + named([s.unit for s in planned.unsigned])
        )
    if planned.not_summed:
        notes.append(
            "• 以下各格不能相加，已留空，请自行填写："
            + named(planned.cell_names(planned.not_summed))
        )
    if planned.partly_blank:
        cells = [
            f"{planned.form.cell(c).label}（{n} 份未填）" for c, n in planned.partly_blank.items()
        ]
        notes.append("• 以下各格在部分报告中未填，按 0 相加：" + named(cells))
    if planned.missing_units:
        notes.append(
            f"• 上一年度汇总过、今年没有报告的单位（{len(planned.missing_units)} 个）："
            + named(list(planned.missing_units))
        )
    return notes


def consolidate_files_dialog(parent: QWidget, paths: Sequence[Path]) -> Path | None:
    """Ask, read, plan and write a 汇总 of ``paths``; the new draft's path, or None (cancelled)."""
    from govreport_gui.core.store import settings

    user = getattr(parent.window(), "user", "") or settings.current_user()
    dialog = ConsolidateDialog(paths, user, parent)
    try:
        dialog.exec()
        return dialog.written
    finally:
        dialog.deleteLater()


def install(window: WindowBase) -> QAction:
    """文件 → 汇总多份报告…: pick the reports, consolidate, open the new draft."""
    action = QAction("汇总多份报告…", window)
    action.setToolTip("把同一表单、同一年度的多份报告（各部门报来的）相加，汇总为一份新草稿")

    def run() -> None:
        from govreport_gui.gui.import_report_ui import documents_folder

        paths = file_dialogs.open_files(
            window, "选择要汇总的报告（可多选）", documents_folder(), REPORT_FILTER
        )
        if not paths:
            return
        made = consolidate_files_dialog(window, paths)
        if made is not None:
            window.open_path(made)

    action.triggered.connect(run)
    return action
