"""文件 → 从已发布年报导入…: a new draft from a published report in Word, PDF or a saved web page
(issues 16 and 17).

The window's side of ``govreport import-report``: the .docx, .pdf or .html is read in the background
(:func:`govreport_gui.core.ops.import_report.read_report_file`, ``gui/worker.py``), what was read is
shown in :class:`ImportReportDialog` (the sections with their paragraph counts, the figures, what
could not be placed, the form guessed — which the user may change: the file is then read again for
that form), then the user says where the new draft goes (the library, named as 新建 names it) and
:func:`~govreport_gui.core.ops.import_report.create_draft` writes it; it is then opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.capped_list import capped
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.gui import file_dialogs
from govreport_gui.gui.window_base import WindowBase
from govreport_gui.gui.worker import Job

if TYPE_CHECKING:
    from govreport_gui.core.layout.import_docx import ImportedReport

TITLE = "从已发布年报导入"
# The old formats stay choosable: reading one says how to save it as .docx (or .xlsx).
REPORT_FILTER = (
    "已发布的年度报告 (*.docx *.pdf *.html *.htm);;Word 文档 (*.docx);;PDF 文件 (*.pdf);;"
    "网页 (*.html *.htm);;旧版 Word 或 WPS 文档 (*.doc *.wps)"
)
FIRST_WORDS = 24  # characters of a section's first paragraph shown beside it


def documents_folder() -> Path:
    """Where a saved report usually is: the user's documents folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _count(text: str) -> int:
    return len([p for p in text.split("\n") if p.strip()])


def _first(text: str) -> str:
    first = next((p.strip() for p in text.split("\n") if p.strip()), "")
    return first if len(first) <= FIRST_WORDS else first[:FIRST_WORDS] + "……"


class ImportReportDialog(QDialog):
    """What was read from the report, for the user to confirm before the draft is made.

    ``formChosen(form_id)`` is emitted when another form is picked: the front-end reads the file
    again for it (the sections and tables are matched per form) and shows a new dialog."""

    formChosen = Signal(str)

    def __init__(
        self,
        file: Path,
        form: FormDef,
        imported: ImportedReport,
        forms: list[FormDef],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.form = form
        self.forms = forms
        layout = QVBoxLayout(self)
        facts = QFormLayout()
        facts.addRow("文件：", QLabel(file.name, self))
        if imported.title:
            facts.addRow("标题：", QLabel(imported.title, self))
        for key in ("unit", "year"):
            if imported.fields.get(key):
                facts.addRow(f"{form.field(key).label}：", QLabel(imported.fields[key], self))
        self.form_box = QComboBox(self)
        for each in forms:
            self.form_box.addItem(
                f"{each.title}（{each.basis}，适用于 {each.years_text}）", each.id
            )
        self.form_box.setCurrentIndex([f.id for f in forms].index(form.id))
        facts.addRow("表单：", self.form_box)
        reason = QLabel(imported.form_reason, self)
        reason.setStyleSheet("color: palette(mid);")
        facts.addRow("", reason)
        from govreport_gui.core.forms.registry import year_warning

        note = year_warning(form, imported.fields.get("year"))
        if note:  # e.g. a 2018 report read for the 2021 form
            warning = QLabel(note, self)
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #8a5a00;")
            facts.addRow("", warning)
        self.form_box.setToolTip("换一种表单，将按它重新读取文档（各部分和统计表按表单对应）")
        layout.addLayout(facts)
        self.sections = QTreeWidget(self)
        self.sections.setHeaderLabels(["部分", "段数", "开头"])
        self.sections.setRootIsDecorated(False)
        self.sections.setMinimumHeight(150)
        self.sections.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.sections.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for name, count, first in section_rows(form, imported):
            self.sections.addTopLevelItem(QTreeWidgetItem([name, count, first]))
        layout.addWidget(QLabel("各部分：", self))
        layout.addWidget(self.sections, 1)
        self.figures = QLabel(
            f"统计表：读出 {len(imported.values)} 个数字（对应表中 {imported.matched_rows} 行）。"
            + checked_line(form, imported),
            self,
        )
        self.figures.setWordWrap(True)
        if imported.lost_figures:  # as the command line says it (its exit 1)
            self.figures.setText(
                f"{self.figures.text()}有 {imported.lost_figures} 处数字没有导入（见下面），"
                "请核对原文件并补填。"
            )
            self.figures.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.figures)
        # As the command line lists them: the first ones of each list and how many more.
        notes = [*capped(imported.unplaced), *capped([f"注意：{n}" for n in imported.table_notes])]
        if imported.page_frame:  # a web page's menus and footer: left out, and said
            from govreport_gui.core.layout.page_frame import LEFT_OUT

            notes += [f"{LEFT_OUT}：", *(f"  {line}" for line in imported.page_frame)]
        self.unplaced = QPlainTextEdit("\n".join(notes), self)
        self.unplaced.setReadOnly(True)
        self.unplaced.setMaximumHeight(110)
        if notes:
            heading = (
                f"未能归入的内容（{len(imported.unplaced)} 处）："
                if imported.unplaced
                else "说明："
            )
            layout.addWidget(QLabel(heading, self))
            layout.addWidget(self.unplaced)
        else:
            self.unplaced.hide()
            layout.addWidget(QLabel("文档中的内容都已归入。", self))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("新建草稿…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.resize(680, 560)

    def _form_changed(self, index: int) -> None:
        chosen = self.forms[index].id
        if chosen != self.form.id:
            self.formChosen.emit(chosen)


def checked_line(form: FormDef, imported: ImportedReport) -> str:
    """The check of what was read, as the command line prints it first (blank figures are not
    counted: a table not read is said in the notes)."""
    if not imported.values:
        return "没有读出数字，无从校验。"
    from govreport_gui.core.forms.engine import Checker
    from govreport_gui.core.ops.report_file import counted
    from govreport_gui.core.ops.text_problems import values_text_problems

    checker = Checker(form, imported.values)
    # The text's warnings too (正文写 999 件, 表中 10 件), as ``import-report`` and the new
    # draft's status bar count them: “没有错误和警告” here, then 警告 1 once opened, misleads.
    text = values_text_problems(checker, imported.sections, imported.fields.get("year"))
    found = counted(checker, text)
    if not found.errors and not found.warnings:
        return "校验：没有错误和警告。"
    return (
        f"校验：{found.errors} 个错误，{found.warnings} 个警告（新建草稿后在“问题”栏中逐条查看）。"
    )


def section_rows(form: FormDef, imported: ImportedReport) -> list[tuple[str, str, str]]:
    """(heading as written, paragraphs, first words) per section, as ``import-report`` prints."""
    from govreport_gui.core.ops.import_report import heading_read
    from govreport_gui.core.report.model import PREFACE, TABLE

    rows: list[tuple[str, str, str]] = []
    for section in form.sections:
        text = imported.sections.get(section.id, "")
        name = heading_read(section, imported)
        if section.id == PREFACE and not text:
            continue
        if _count(text):
            rows.append((name, f"{_count(text)} 段", _first(text)))
        elif section.kind == TABLE:
            rows.append((name, "", "（统计表）"))
        else:
            rows.append((name, "0 段", "（文档中没有正文）"))
    for heading, text in imported.extra_sections:
        where = "作为新的一节导入" if form.sections_editable else "表单中没有这一部分，未导入"
        rows.append((heading, f"{_count(text)} 段", f"（{where}）"))
    return rows


class ImportReportUI:
    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self.job: Job | None = None
        self.dialog: ImportReportDialog | None = None  # the confirmation shown (tests look at it)
        self.last_created: Path | None = None
        self.act_import = QAction(f"{TITLE}…", window)
        self.act_import.setToolTip(
            "读取已发布的年度报告（Word 文档 .docx、带文字的 PDF、保存的网页 .html），"
            "新建一份草稿：正文和统计表"
        )
        self.act_import.triggered.connect(lambda: self.import_report())

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.done

    def update(self) -> None:
        self.act_import.setEnabled(not self.busy)

    def import_report(self, path: Path | None = None, form_id: str | None = None) -> Job | None:
        """Read ``path`` (asked for when None) in the background for ``form_id`` (None: guessed);
        the job, or None when nothing is read."""
        self.last_created = None
        if self.busy:
            return None
        if path is None:
            chosen = file_dialogs.open_file(self.window, TITLE, documents_folder(), REPORT_FILTER)
            if chosen is None:
                return None
            path = chosen
        from govreport_gui.core.forms.registry import all_forms, get_form
        from govreport_gui.core.ops.import_report import read_report_file

        forms = list(all_forms())
        form = get_form(form_id) if form_id else None
        file = path
        self.job = Job(
            self.window,
            f"正在读取 {file.name}…",
            lambda _progress: read_report_file(file, form, forms),
            lambda result: self._read(file, forms, *result),
            self._failed,
        )
        self.update()
        return self.job

    def _failed(self, exc: Exception) -> None:
        from govreport_gui.core.ops.import_report import ReportImportRefused

        self.job = None
        self.update()
        if not isinstance(exc, ReportImportRefused):
            raise exc  # a bug: the crash report shows it, as on the GUI thread
        self.window.show_problem("没有导入：\n" + exc.message, title="不能导入")

    def _read(
        self, file: Path, forms: list[FormDef], form: FormDef, imported: ImportedReport
    ) -> None:
        self.job = None
        self.update()
        dialog = ImportReportDialog(file, form, imported, forms, self.window)
        self.dialog = dialog
        dialog.formChosen.connect(lambda form_id: self._reread(dialog, file, form_id))
        dialog.accepted.connect(lambda: self._create(form, imported))
        dialog.open()

    def _reread(self, dialog: ImportReportDialog, file: Path, form_id: str) -> None:
        dialog.reject()
        dialog.deleteLater()
        self.import_report(file, form_id)

    def _create(self, form: FormDef, imported: ImportedReport) -> None:
        """Ask where, then write the draft and open it; a failure leaves no file behind."""
        from govreport_gui.core.ops.import_report import create_draft
        from govreport_gui.core.ops.text_ops import SectionTextError
        from govreport_gui.core.store import library
        from govreport_gui.core.store.draft import DRAFT_SUFFIX, DraftError
        from govreport_gui.gui.file_problems import file_problem

        unit = imported.fields.get("unit", "")
        year = imported.fields.get("year", "")
        try:
            proposed = library.new_draft_path(form, unit, year)
        except OSError as exc:
            self.window.show_problem(file_problem(exc, "无法新建草稿"), title="不能导入")
            return
        chosen = file_dialogs.save_file(
            self.window, "保存新草稿", proposed, file_dialogs.DRAFT_FILTER
        )
        if chosen is None:
            return
        path = (
            chosen
            if chosen.suffix == DRAFT_SUFFIX
            else chosen.with_name(chosen.name + DRAFT_SUFFIX)
        )
        try:
            create_draft(path, form, self.window.user, imported)
        except (DraftError, OSError) as exc:
            self.window.show_problem(file_problem(exc, "无法新建草稿"), title="不能导入")
            return
        except SectionTextError as exc:
            self.window.show_problem(f"无法新建草稿：{exc}", title="不能导入")
            return
        self.last_created = path
        self.window.open_path(path)
