"""导出 and 从 Excel 导入 in the window. The work is in the core (imported only when used, so the
window starts without openpyxl and reportlab)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from govreport_gui.core.forms.values import Value
from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store.draft import DraftError
from govreport_gui.core.store.settings import data_dir
from govreport_gui.gui import file_dialogs

if TYPE_CHECKING:
    from govreport_gui.gui.main_window import MainWindow


_WHAT_TO_DO = "请换一个文件夹或更短的文件名后再导出。"


class ExportUI:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_folder: Path | None = None  # where the last export went (this session)
        self.act_xlsx = QAction("导出 Excel…", window)
        self.act_pdf = QAction("导出 PDF…", window)
        self.act_both = QAction("导出 Excel 和 PDF…", window)
        self.act_draft = QAction("导出草稿（未签发）…", window)
        self.act_import = QAction("从 Excel 导入…", window)
        self.act_both.setShortcut("Ctrl+E")
        self.act_xlsx.triggered.connect(lambda: self.export(("xlsx",)))
        self.act_pdf.triggered.connect(lambda: self.export(("pdf",)))
        self.act_both.triggered.connect(lambda: self.export(("xlsx", "pdf")))
        self.act_draft.triggered.connect(lambda: self.export(("xlsx", "pdf"), draft_mode=True))
        self.act_import.triggered.connect(self.import_xlsx)
        menu = window.menuBar().addMenu("导出(&X)")
        for action in (
            self.act_both,
            self.act_xlsx,
            self.act_pdf,
            None,
            self.act_draft,
            None,
            self.act_import,
        ):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.menu = menu
        self.update()

    def update(self) -> None:
        doc = self.window.doc
        for action in (self.act_xlsx, self.act_pdf, self.act_both, self.act_draft):
            action.setEnabled(doc is not None)
        self.act_import.setEnabled(doc is not None and doc.editable)
        if doc is not None and not doc.draft.signed:
            tip = "只有已签发的报表才能导出报送文件；可先“导出草稿”。"
            for action in (self.act_xlsx, self.act_pdf, self.act_both):
                action.setToolTip(tip)

    def export(self, kinds: tuple[str, ...], draft_mode: bool = False) -> list[Path]:
        doc = self.window.doc
        if doc is None:
            return []
        from govreport_gui.core.layout.report import ExportError, default_basename, refusal_reason
        from govreport_gui.core.ops.snapshot import report_data

        data = report_data(doc.draft)
        if not draft_mode:
            reason = refusal_reason(data)
            if reason:
                self.window.show_problem(
                    f"{reason}\n\n（菜单“导出 → 导出草稿（未签发）…”）", title="不能导出"
                )
                return []
        base = default_basename(data, "_草稿" if draft_mode else "")
        folder = self.default_folder()
        if len(kinds) == 1:
            suffix = kinds[0]
            name = file_dialogs.XLSX_FILTER if suffix == "xlsx" else file_dialogs.PDF_FILTER
            chosen = file_dialogs.save_file(self.window, "导出", folder / f"{base}.{suffix}", name)
            if chosen is None:
                return []
            target = chosen
            if target.suffix.lower() != f".{suffix}":
                target = target.with_name(f"{target.name}.{suffix}")
            targets = [(suffix, target)]
        else:
            chosen_dir = file_dialogs.choose_folder(self.window, "导出到文件夹", folder)
            if chosen_dir is None:
                return []
            targets = [(k, chosen_dir / f"{base}.{k}") for k in kinds]
            try:
                existing = [t for _k, t in targets if t.exists()]
            except OSError as exc:  # e.g. a name too long for this file system: say so
                self.window.show_problem(
                    f"无法写入 {chosen_dir}：{describe_os_error(exc)}。\n没有写入任何文件。{_WHAT_TO_DO}", title="导出失败"
                )
                return []
            if existing and not self._confirm_overwrite(existing):
                return []
        self.last_folder = targets[0][1].parent
        written: list[Path] = []
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for kind, target in targets:
                self.window.statusBar().showMessage(f"正在导出 {target.name}…")
                QGuiApplication.processEvents()
                if kind == "xlsx":
                    from govreport_gui.core.layout.export_xlsx import export_xlsx

                    written.append(export_xlsx(data, target, draft_mode=draft_mode))
                else:
                    from govreport_gui.core.layout.export_pdf import export_pdf

                    written.append(export_pdf(data, target, draft_mode=draft_mode))
        except (ExportError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            if isinstance(exc, ExportError):
                text = exc.message.rstrip("。") + "。"
            else:
                text = f"无法写入 {target}：{describe_os_error(exc)}。"
            done = "已写入：" + "、".join(p.name for p in written) + "。" if written else "没有写入任何文件。"
            from_os = isinstance(exc, OSError) or isinstance(exc.__cause__, OSError)
            hint = _WHAT_TO_DO if from_os else ""
            self.window.show_problem(f"{text}\n{done}{hint}", title="导出失败")
            return written
        QGuiApplication.restoreOverrideCursor()
        self.window.statusBar().showMessage("已导出：" + "、".join(p.name for p in written), 10000)
        self._done(written, draft_mode)
        return written

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

    def import_xlsx(self, path: Path | None = None) -> bool:
        doc = self.window.doc
        if doc is None:
            return False
        try:
            doc.check_editable()
        except DraftError as exc:
            self.window.show_problem(f"不能导入：{exc.message}")
            return False
        if path is None:
            chosen = file_dialogs.open_file(
                self.window, "从 Excel 导入", doc.draft.path.parent, file_dialogs.XLSX_FILTER
            )
            if chosen is None:
                return False
            path = chosen
        from govreport_gui.core.layout.import_xlsx import XlsxImportError, import_xlsx

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = import_xlsx(path, doc.form)
        except XlsxImportError as exc:
            QGuiApplication.restoreOverrideCursor()
            self.window.show_problem(
                "没有导入任何数值：\n" + "\n".join(exc.problems), title="不能导入"
            )
            return False
        QGuiApplication.restoreOverrideCursor()
        fields = {k: v for k, v in result.fields.items() if v}
        if not self._confirm_import(path, result.values, fields):
            return False
        try:
            doc.edit(result.values, fields, description=f"从 Excel 导入 {path.name}", kind="import")
        except DraftError as exc:
            self.window.show_problem(exc.message)
            return False
        lines = [f"已从 {path.name} 导入：对应 {len(result.matched_rows)} 行（可撤销）。"]
        if result.unmatched_rows:
            lines.append("以下行在表单中找不到（没有数字），已忽略：")
            lines.extend(f"  {row.describe()}" for row in result.unmatched_rows[:20])
        lines.extend(f"注意：{p}" for p in result.problems[:20])
        self.window.statusBar().showMessage(lines[0], 10000)
        if len(lines) > 1:
            self.window.show_problem("\n".join(lines), title="导入完成")
        self.window._update_actions()
        return True
