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

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
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
ERRORS = 5  # errors of the sums' check shown in the notes; the rest are counted
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
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        # The files as a list: after a refusal the user removes the ones named and tries again.
        self.files = QListWidget(self)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.setMinimumHeight(90)
        layout.addWidget(self.files, 1)
        file_buttons = QHBoxLayout()
        self.add = QPushButton("添加…", self)
        self.add.setToolTip("再选择一些报告加入汇总")
        self.remove = QPushButton("移除所选", self)
        self.remove.setToolTip("从汇总中去掉所选的报告（文件本身不动）")
        self.add.clicked.connect(self._add_files)
        self.remove.clicked.connect(self.remove_selected)
        file_buttons.addWidget(self.add)
        file_buttons.addWidget(self.remove)
        file_buttons.addStretch(1)
        layout.addLayout(file_buttons)
        self._fill_files()
        self.files.itemSelectionChanged.connect(self._selection_changed)
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
        self.resize(640, 520)

    def _fill_files(self) -> None:
        self.files.clear()
        for path in self.paths:
            item = QListWidgetItem(path.name, self.files)
            item.setToolTip(str(path))
        self.heading.setText(f"把以下 {len(self.paths)} 份报告汇总为一份新草稿：")
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove.setEnabled(not self.busy and self.written is None and bool(self._selected()))

    def _selected(self) -> list[int]:
        return sorted(self.files.row(item) for item in self.files.selectedItems())

    def remove_selected(self) -> None:
        """移除所选: the selected files leave the 汇总 (the files themselves are not touched)."""
        rows = set(self._selected())
        if not rows:
            return
        self.paths = [p for n, p in enumerate(self.paths) if n not in rows]
        self._fill_files()

    def add_paths(self, paths: Sequence[Path]) -> None:
        """添加…'s files, each once (a file already listed is not listed twice)."""
        known = set(self.paths)
        self.paths += [p for p in paths if p not in known]
        self._fill_files()

    def _add_files(self) -> None:
        chosen = file_dialogs.open_files(
            self, "选择要加入汇总的报告（可多选）", self._folder(), REPORT_FILTER
        )
        if chosen:
            self.add_paths(chosen)

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
        # A name without a suffix gets .nianbao; another suffix is refused in start (r8.txt is
        # not to become r8.txt.nianbao).
        return path if path.suffix else path.with_name(path.name + DRAFT_SUFFIX)

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def _choices(self) -> list[QWidget]:
        return [
            self.files,
            self.add,
            self.unit,
            self.out,
            self.include_unsigned,
            self.last_year,
            *self.choosers,
        ]

    def _set_busy(self, busy: bool) -> None:
        for widget in [*self._choices(), self.go]:
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        self._selection_changed()

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
        from govreport_gui.core.store.draft import DRAFT_SUFFIX

        missing = []
        if not self.paths:
            missing.append("列表中没有报告：请用“添加…”选择要汇总的报告。")
        if not self.unit.text().strip():
            missing.append("请填写汇总后的填报单位（如“某某县人民政府”）。")
        target = self.target()
        if target is None:
            missing.append("请选择汇总草稿保存到哪里（“保存为”右边的“选择…”）。")
        elif target.suffix.lower() != DRAFT_SUFFIX:
            missing.append(
                f"汇总草稿的文件名应以 {DRAFT_SUFFIX} 结尾，而“{target.name}”以 {target.suffix} "
                f"结尾：请改为如 {target.stem}{DRAFT_SUFFIX}。"
            )
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
        self.status.setText(
            f"不能汇总（{len(exc.reasons)} 个问题），未写入任何文件。"
            "可在上面的列表中选中报告后点“移除所选”，再点“汇总”重试："
        )
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
        self._selection_changed()
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
    """What the user must look at in the new draft, one line each (none: nothing to say): the
    reports' notes (unsigned, untrusted, a single one), the sums' check errors (the first
    :data:`ERRORS`) and the reports with errors of their own, the cells to look at."""
    from govreport_gui.core.forms.engine import Status
    from govreport_gui.core.forms.formdef import Severity
    from govreport_gui.core.ops.consolidate import named_units

    def named(names: Sequence[str]) -> str:
        more = f" 等 {len(names)} 项" if len(names) > NAMED else ""
        return "、".join(names[:NAMED]) + more

    notes = [f"• {note}" for note in planned.notes()]
    errors = [
        r.message
        for r in planned.checker().results
        if r.status is Status.FAILED and r.rule.severity is Severity.ERROR
    ]
    if errors:
        shown = "\n".join(f"    {n}. {message}" for n, message in enumerate(errors[:ERRORS], 1))
        more = f"\n    …… 等 {len(errors)} 个错误" if len(errors) > ERRORS else ""
        notes.append(
            f"• 汇总后的校验：错误 {len(errors)} 个（打开汇总草稿后在“问题”栏中逐条查看）：\n{shown}{more}"
        )
    if planned.with_errors:
        notes.append(
            f"• 以下报告本身有错误（{len(planned.with_errors)} 份，汇总后的错误可能来自它们）："
            + named_units(list(planned.with_errors))
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
