"""导出 and 从 Excel 导入 in the window: ask (where, replace?), then call the op in
``core/ops/export.py`` / ``core/ops/import_workbook.py`` in the background (``gui/worker.py``) and
show the result. The ops are imported only when used, so the window starts without openpyxl and
reportlab."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox

from govreport_gui.core.forms.values import Value
from govreport_gui.core.layout.report import ExportError, ReportData
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store.draft import DraftError
from govreport_gui.core.store.settings import data_dir
from govreport_gui.gui import file_dialogs, signature_view
from govreport_gui.gui.menu_items import add_items
from govreport_gui.gui.window_base import WindowBase
from govreport_gui.gui.worker import Job, Progress

if TYPE_CHECKING:
    from govreport_gui.core.layout.import_xlsx import ImportResult
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.ops.export import Kind, Target


_WHAT_TO_DO = "请换一个文件夹或更短的文件名后再导出。"
_FILTERS: dict[str, str] = {
    "xlsx": file_dialogs.XLSX_FILTER,
    "pdf": file_dialogs.PDF_FILTER,
    "docx": file_dialogs.DOCX_FILTER,
    "report-pdf": file_dialogs.PDF_FILTER,
    "html": file_dialogs.HTML_FILTER,
}


def suggested_file(data: ReportData, folder: Path, kind: Kind, draft_mode: bool) -> Path:
    """The name the save dialog offers: the table form's usual name, and for the whole report its
    title, as offices name the file they publish (自治区机关事务管理局2018年政府信息公开工作年度报告.docx);
    a title too long for a file name falls back to the usual name."""
    from govreport_gui.core.filenames import MAX_NAME_BYTES, safe_part
    from govreport_gui.core.ops import export as ops
    from govreport_gui.core.ops.report_export import report_of

    usual = ops.default_targets(data, folder, (kind,), draft_mode)[0][1]
    if kind not in ops.REPORT_KINDS:
        return usual
    tail = ops.DRAFT_TAIL if draft_mode else ""
    name = f"{safe_part(report_of(data).title)}{tail}.{ops.suffix(kind)}"
    return usual if len(name.encode()) > MAX_NAME_BYTES else folder / name


class ExportUI:
    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self.last_folder: Path | None = None  # where the last export went (this session)
        self.job: Job | None = None  # the export or import running in the background
        self.last_written: list[Path] = []  # what the last export wrote
        self.last_import_ok = False  # the last import was applied
        self.act_xlsx = QAction("导出 Excel…", window)
        self.act_pdf = QAction("导出 PDF…", window)
        self.act_both = QAction("导出 Excel 和 PDF…", window)
        self.act_draft = QAction("导出草稿（未签发）…", window)
        self.act_import = QAction("从 Excel 导入…", window)
        # The whole report (issue 16): one file each, as `govreport export --docx/--report-pdf/--html`.
        self.act_docx = QAction("导出全文 Word（.docx）…", window)
        self.act_report_pdf = QAction("导出全文 PDF…", window)
        self.act_html = QAction("导出网页（.html）…", window)
        self.act_docx.triggered.connect(lambda: self.export_whole("docx"))
        self.act_report_pdf.triggered.connect(lambda: self.export_whole("report-pdf"))
        self.act_html.triggered.connect(lambda: self.export_whole("html"))
        self.act_both.setShortcut("Ctrl+E")
        self.act_xlsx.triggered.connect(lambda: self.export(("xlsx",)))
        self.act_pdf.triggered.connect(lambda: self.export(("pdf",)))
        self.act_both.triggered.connect(lambda: self.export(("xlsx", "pdf")))
        self.act_draft.triggered.connect(lambda: self.export(("xlsx", "pdf"), draft_mode=True))
        self.act_import.triggered.connect(self.import_xlsx)
        menu = window.menuBar().addMenu("导出(&X)")
        add_items(
            menu,
            (
                self.act_both,
                self.act_xlsx,
                self.act_pdf,
                None,
                self.act_docx,
                self.act_report_pdf,
                self.act_html,
                None,
                self.act_draft,
                None,
                self.act_import,
            ),
        )
        self.menu = menu
        self.update()

    def update(self) -> None:
        doc = self.window.doc
        idle = not self.busy  # one export or import at a time
        for action in (self.act_xlsx, self.act_pdf, self.act_both, self.act_draft, *self.whole):
            action.setEnabled(doc is not None and idle)
        self.act_import.setEnabled(doc is not None and doc.editable and idle)
        if doc is not None and not doc.draft.signed:
            tip = "只有已签发的报表才能导出报送文件；可先“导出草稿”。"
            for action in (self.act_xlsx, self.act_pdf, self.act_both):
                action.setToolTip(tip)
            for action in self.whole:
                action.setToolTip("未签发的报告只能导出草稿版（每页标明“草稿（未签发）”）。")

    @property
    def whole(self) -> tuple[QAction, ...]:
        """The actions that export the whole report (text and tables)."""
        return (self.act_docx, self.act_report_pdf, self.act_html)

    @staticmethod
    def _refusal(data: ReportData, draft_mode: bool, offer_draft: bool = True) -> str | None:
        """Why the report may not be exported so (None when it may), said as the banner says it."""
        from govreport_gui.core.ops import export as ops

        reason = ops.refusal(data, draft_mode, offer_draft)
        if reason and data.signature_problem:
            reason = signature_view.refusal_text(data.signature_problem)
        return reason

    def export_whole(self, kind: Kind) -> Job | None:
        """One file of the whole report. A report not signed off (or changed since) is refused as
        on the command line, unless the user chooses the draft version (as ``--draft``)."""
        doc = self.window.doc
        self.last_written = []
        if doc is None or self.busy:
            return None
        from govreport_gui.core.ops import export as ops

        # The question offers the draft version itself: the reason does not offer it again.
        reason = self._refusal(ops.snapshot(doc), False, offer_draft=False)
        if not reason:
            return self.export((kind,))
        text = (
            f"{reason}\n\n可以导出草稿版：每页标明“草稿（未签发）”，不能用于报送。要导出草稿版吗？"
        )
        if not self._ask("不能导出报送版", text, "导出草稿版"):
            return None
        return self.export((kind,), draft_mode=True)

    def export(self, kinds: tuple[Kind, ...], draft_mode: bool = False) -> Job | None:
        """Ask where, then write in the background; the job, or None when nothing is written.

        What is written is the report as it is now (a snapshot taken here, on the GUI thread):
        typing on while the files are written does not change them."""
        doc = self.window.doc
        self.last_written = []
        if doc is None or self.busy:
            return None
        from govreport_gui.core.ops import export as ops

        data = ops.snapshot(doc)
        reason = self._refusal(data, draft_mode)
        if reason:
            self.window.show_problem(
                f"{reason}\n\n（菜单“导出 → 导出草稿（未签发）…”）", title="不能导出"
            )
            return None
        folder = self.default_folder()
        if len(kinds) == 1:
            kind = kinds[0]
            suffix = ops.suffix(kind)
            suggested = suggested_file(data, folder, kind, draft_mode)
            chosen = file_dialogs.save_file(self.window, "导出", suggested, _FILTERS[kind])
            if chosen is None:
                return None
            target = chosen
            if target.suffix.lower() != f".{suffix}":
                target = target.with_name(f"{target.name}.{suffix}")
            targets: list[Target] = [(kind, target)]
        else:
            chosen_dir = file_dialogs.choose_folder(self.window, "导出到文件夹", folder)
            if chosen_dir is None:
                return None
            targets = ops.default_targets(data, chosen_dir, kinds, draft_mode)
            try:
                existing = ops.existing(targets)
            except OSError as exc:  # e.g. a name too long for this file system: say so
                self.window.show_problem(
                    f"无法写入 {chosen_dir}：{describe_os_error(exc)}。\n没有写入任何文件。{_WHAT_TO_DO}",
                    title="导出失败",
                )
                return None
            if existing and not self._confirm_overwrite(existing):
                return None
        self.last_folder = targets[0][1].parent
        draft_path = doc.draft.path

        def work(progress: Progress) -> ops.ExportResult:
            # Replacing was asked about above (or by the save dialog): overwrite=True.
            return ops.export_report(data, targets, draft_mode, True, draft_path, progress)

        self.job = Job(
            self.window,
            f"正在导出 {targets[0][1].name}…",
            work,
            lambda result: self._exported(result.written, draft_mode),
            self._export_failed,
        )
        self._update_actions()
        return self.job

    @property
    def busy(self) -> bool:
        """An export or import is running (another waits until it is done)."""
        return self.job is not None and not self.job.done

    def _exported(self, written: list[Path], draft_mode: bool) -> None:
        self.last_written = written
        self._finish()
        self.window.statusBar().showMessage("已导出：" + "、".join(p.name for p in written), 10000)
        self._done(written, draft_mode)

    def _export_failed(self, exc: Exception) -> None:
        from govreport_gui.core.ops.export import NOTHING_WRITTEN, ExportFailed

        self._finish()
        if not isinstance(exc, ExportError):
            raise exc  # a bug: the crash report shows it, as on the GUI thread
        written = exc.written if isinstance(exc, ExportFailed) else []
        self.last_written = written
        text = exc.message.rstrip("。") + "。"
        done = (
            "已写入：" + "、".join(p.name for p in written) + "。"
            if written
            else "没有写入任何文件。"
        )
        if NOTHING_WRITTEN in text:  # an export is all or nothing: the op's message says so
            done = ""
        hint = _WHAT_TO_DO if isinstance(exc, ExportFailed) and exc.from_os else ""
        self.window.show_problem(f"{text}\n{done}{hint}", title="导出失败")

    def _finish(self) -> None:
        self.job = None
        self._update_actions()

    def _update_actions(self) -> None:
        self.update()

    def default_folder(self) -> Path:
        """Where the save dialog starts: the last export folder, else the draft's own folder —
        unless that is the hidden per-user library, where nobody would look for a file to send."""
        if self.last_folder is not None and self.last_folder.is_dir():
            return self.last_folder
        doc = self.window.doc
        folder = doc.draft.path.parent if doc is not None else Path.home()
        try:
            hidden = folder.resolve().is_relative_to(data_dir().resolve())
        except OSError:
            hidden = True
        if hidden:
            documents = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        return folder

    def _confirm_overwrite(self, existing: list[Path]) -> bool:
        names = "\n".join(f"  {p.name}" for p in existing)
        text = f"文件夹中已有同名文件：\n{names}\n\n替换它们吗？原来的文件将被覆盖。"
        return self._ask("替换文件？", text, "替换")

    def _confirm_import(
        self, path: Path, values: Mapping[str, Value | None], fields: Mapping[str, str]
    ) -> bool:
        """Ask before an import replaces what is already in the draft (a figure typed by hand,
        the unit or the footer); an import into an empty draft goes ahead."""
        doc = self.window.doc
        assert doc is not None
        draft = doc.draft
        replaced = [
            c
            for c, v in values.items()
            if draft.values.get(c) is not None and draft.values.get(c) != v
        ]
        changed_fields = [
            doc.form.field(k).label
            for k, v in fields.items()
            if draft.fields.get(k, "").strip() and draft.fields.get(k, "") != v
        ]
        if not replaced and not changed_fields:
            return True
        lines = [f"从 {path.name} 导入会改变草稿中已有的内容："]
        if replaced:
            lines.append(f"  {len(replaced)} 个已填的数字将被替换；")
        for key in ("unit", "year"):
            new, old = fields.get(key), draft.fields.get(key, "")
            if new and old and new != old:
                lines.append(f"  {doc.form.field(key).label}：“{old}” → “{new}”；")
        others = [
            n
            for n in changed_fields
            if n not in (doc.form.field("unit").label, doc.form.field("year").label)
        ]
        if others:
            lines.append(f"  表头表尾：{'、'.join(others)}。")
        lines.append("\n导入后可用“撤销”（Ctrl+Z）恢复。要导入吗？")
        return self._ask("导入 Excel", "\n".join(lines), "导入")

    def _ask(self, title: str, text: str, yes: str) -> bool:
        return self.window.confirm(title, text, yes)

    def _done(self, written: list[Path], draft_mode: bool) -> None:
        text = "已导出：\n" + "\n".join(str(p) for p in written)
        if draft_mode:
            text += "\n\n这是草稿，每页都标明“草稿（未签发）”，不能用于报送。"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "导出完成",
            text,
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        self.last_box = box
        box.finished.connect(
            lambda _r: self._maybe_open(box.clickedButton() is open_folder, written)
        )
        box.open()

    def _maybe_open(self, wanted: bool, written: list[Path]) -> None:
        if wanted and written:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written[0].parent)))

    def import_xlsx(self, path: Path | None = None) -> Job | None:
        """Read the workbook in the background, then (asked first when it replaces something)
        apply it as one undoable step; the job, or None when nothing is read."""
        doc = self.window.doc
        self.last_import_ok = False
        if doc is None or self.busy:
            return None
        try:
            doc.check_editable()
        except DraftError as exc:
            self.window.show_problem(f"不能导入：{exc.message}")
            return None
        if path is None:
            chosen = file_dialogs.open_file(
                self.window, "从 Excel 导入", doc.draft.path.parent, file_dialogs.XLSX_FILTER
            )
            if chosen is None:
                return None
            path = chosen
        from govreport_gui.core.ops.import_workbook import read_import

        file, form = path, doc.form  # the form definition is never changed: safe to share
        self.job = Job(
            self.window,
            f"正在读取 {file.name}…",
            lambda _progress: read_import(file, form),
            lambda result: self._apply_import(doc, file, result),
            self._import_failed,
        )
        self._update_actions()
        return self.job

    def _import_failed(self, exc: Exception) -> None:
        from govreport_gui.core.ops.import_workbook import ImportRefused

        self._finish()
        if not isinstance(exc, ImportRefused):
            raise exc  # a bug: the crash report shows it, as on the GUI thread
        self.window.show_problem("没有导入任何数值：\n" + "\n".join(exc.problems), title="不能导入")

    def _apply_import(self, doc: ReportDocument, path: Path, result: ImportResult) -> None:
        """On the GUI thread, once the workbook is read: ask, then one undoable command."""
        from govreport_gui.core.ops.import_workbook import (
            apply_import,
            import_changes,
            import_notes,
        )

        self._finish()
        if self.window.doc is not doc:  # another draft was opened meanwhile: not into that one
            return
        values, fields = import_changes(doc, result)
        if not self._confirm_import(path, values, fields):
            return
        try:
            apply_import(doc, result, path)
        except DraftError as exc:
            self.window.show_problem(exc.message)
            return
        self.last_import_ok = True
        lines = [
            f"已从 {path.name} 导入：对应 {len(result.matched_rows)} 行（可撤销）。",
            *import_notes(result),
        ]
        self.window.statusBar().showMessage(lines[0], 10000)
        if len(lines) > 1:
            self.window.show_problem("\n".join(lines), title="导入完成")
        self.window.update_actions()
