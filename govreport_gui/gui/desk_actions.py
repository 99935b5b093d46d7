"""What the 审核台's buttons do: open a report, export the list, compare with last year, consolidate.

- 打开 (double-click, Enter): a draft opens in the main window as 打开… opens it; a published
  report (.docx/.pdf/.html) goes through 从 Word 导入年报… (its text too); a values file or an
  exported workbook cannot be edited, so a new draft with its figures is offered (the file itself
  is never written); a file that cannot be read says why.
- 导出清单…: the rows shown, in the order shown, as a workbook (core/ops/check_summary.py).
- 与上年比较… (two rows of one unit, two years) and 汇总… (the rows selected, or all shown) call
  the comparison and consolidation dialogs, imported when used (gui/compare_dialog.py,
  gui/consolidate_dialog.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from govreport_gui.core.ops.check_summary import SummaryRow
from govreport_gui.core.ops.report_file import DRAFT_SUFFIX, PUBLISHED_SUFFIXES
from govreport_gui.gui import file_dialogs

if TYPE_CHECKING:
    from govreport_gui.gui.desk_base import DeskBase
    from govreport_gui.gui.worker import Job


class Opener(Protocol):
    """What the 审核台 uses of the main window."""

    user: str

    def open_path(self, path: Path) -> bool: ...

    def import_published(self, path: Path) -> None: ...

    def show_from_desk(self) -> None: ...


class DeskActions:
    def __init__(self, desk: DeskBase, opener: Opener | None) -> None:
        self.desk = desk
        self.opener = opener
        self.export_job: Job | None = None
        self.last_export: Path | None = None
        self.last_message = ""  # the last message shown (tests read it)
        self.act_open = QAction("打开(&O)", desk)
        self.act_open.setToolTip("打开所选的报表（双击或回车）")
        self.act_open.triggered.connect(self.open_current)
        # Access keys (Alt+letter) on the buttons, so the keyboard reaches every action.
        self.act_compare = QAction("与上年比较(&B)…", desk)
        self.act_compare.setToolTip("选中同一单位两个年度的两份报表，逐项比较")
        self.act_compare.triggered.connect(self.compare)
        self.act_consolidate = QAction("汇总(&H)…", desk)
        self.act_consolidate.setToolTip(
            "把多份报表的数字相加，得到本级政府及所属部门的汇总表（选中两份以上时汇总选中的，"
            "否则汇总显示的全部）"
        )
        self.act_consolidate.triggered.connect(self.consolidate)
        self.act_export = QAction("导出清单(&E)…", desk)
        self.act_export.setShortcut(QKeySequence("Ctrl+E"))
        self.act_export.setToolTip("把显示的清单存为 Excel 文件（Ctrl+E）")
        self.act_export.triggered.connect(self.export)
        for action in (self.act_compare, self.act_consolidate, self.act_export):
            action.setIconText(action.text())  # the buttons keep the “…” (a dialog follows)

    # -- which actions apply -------------------------------------------------------------------

    def compare_pair(self) -> tuple[SummaryRow, SummaryRow] | None:
        """The two selected rows, last year's first, when they are one unit's two years."""
        chosen = self.desk.selected_rows()
        if len(chosen) != 2:
            return None
        a, b = chosen
        if a.unreadable or b.unreadable or not a.unit or a.unit != b.unit:
            return None
        if not (a.year.isdigit() and b.year.isdigit()) or a.year == b.year:
            return None
        return (a, b) if int(a.year) < int(b.year) else (b, a)

    def consolidation_rows(self) -> list[SummaryRow]:
        """The readable rows to add up: those selected when two or more are, else all shown."""
        chosen = self.desk.selected_rows()
        rows = chosen if len(chosen) >= 2 else self.desk.shown_rows()
        return [row for row in rows if not row.unreadable]

    def update(self) -> None:
        self.act_open.setEnabled(self.desk.current_row() is not None)
        self.act_compare.setEnabled(self.compare_pair() is not None)
        # Counted cheaply (this runs as each chunk of a scan arrives); 汇总 checks the rows read.
        chosen = len(self.desk.table_selection())
        self.act_consolidate.setEnabled(chosen >= 2 or self.desk.shown_count() >= 2)
        exporting = self.export_job is not None and not self.export_job.done
        self.act_export.setEnabled(bool(self.desk.model.rows) and not exporting)

    # -- messages ------------------------------------------------------------------------------

    def say(self, text: str, title: str = "审核台") -> None:
        """A message that does not wait (the scan goes on behind it)."""
        self.last_message = text
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.desk)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText("知道了")
        box.open()

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """A question with a named 'yes' button and 取消 (tests patch this)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.desk)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is accept

    # -- 打开 ----------------------------------------------------------------------------------

    def open_current(self) -> None:
        row = self.desk.current_row()
        if row is None:
            return
        path = Path(row.file)
        if row.unreadable:
            self.say(f"这个文件无法读取：\n{row.unreadable}", title="无法打开")
            return
        if self.opener is None:  # pragma: no cover - the window always has one
            return
        suffix = path.suffix.lower()
        if suffix == DRAFT_SUFFIX:
            if self.opener.open_path(path):
                self.opener.show_from_desk()
        elif suffix in PUBLISHED_SUFFIXES:
            self.opener.import_published(path)
            self.opener.show_from_desk()
        else:
            self._offer_draft(path, row)

    def _offer_draft(self, path: Path, row: SummaryRow) -> None:
        from govreport_gui.core.ops.draft_from_file import draft_from_file
        from govreport_gui.core.ops.report_file import ReportFileError
        from govreport_gui.core.store.draft import DraftError
        from govreport_gui.gui.file_problems import file_problem

        kind = "导出的工作簿" if path.suffix.lower() == ".xlsx" else "数值文件"
        if not self.confirm(
            "用它新建草稿",
            f"“{path.name}”是{kind}，不是草稿，不能直接修改。\n"
            f"要用它的数字（{row.unit or '未填单位'}，{row.year or '未填年度'} 年度）"
            "在草稿库中新建一份草稿并打开吗？原文件不会被改动。",
            "新建草稿",
        ):
            return
        assert self.opener is not None
        try:
            made = draft_from_file(path, self.opener.user)
        except ReportFileError as exc:
            self.say(f"没有新建草稿：\n{exc.message}", title="无法新建草稿")
            return
        except (DraftError, OSError) as exc:
            self.say(file_problem(exc, "无法新建草稿"), title="无法新建草稿")
            return
        if self.opener.open_path(made):
            self.opener.show_from_desk()

    # -- 导出清单 -------------------------------------------------------------------------------

    def export(self) -> None:
        from govreport_gui.core.layout.report import ExportError
        from govreport_gui.core.ops.check_summary import SummaryTargetError, among, check_target
        from govreport_gui.gui.worker import Job

        rows = self.desk.shown_rows()
        if not rows:
            self.say("清单中没有显示任何报表，没有可导出的内容。（可清除筛选后再导出。）")
            return
        from govreport_gui.gui.import_report_ui import documents_folder

        # The user's documents, not the folder listed: a list saved there would be among the
        # reports (it is skipped when it is, but it is not the units' to see).
        proposed = documents_folder() / f"审核台清单_{dt.date.today():%Y%m%d}.xlsx"
        target = file_dialogs.save_file(self.desk, "导出清单", proposed, file_dialogs.XLSX_FILTER)
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        try:
            check_target(target, overwrite=True)  # the dialog asked before replacing
        except SummaryTargetError as exc:
            self.say(f"清单没有导出：\n{exc.message}", title="无法导出")
            return
        if among(target, [Path(name) for name in self.desk.scan.rows]):
            self.say(
                f"清单没有导出：“{target}”是清单中的一份报表，覆盖它就没有这份报表了。"
                "请另起一个文件名。",
                title="无法导出",
            )
            return
        checked = [str(p) for p in self.desk.scan.paths]

        def write(_progress: object) -> Path:
            from govreport_gui.core.ops.check_summary import write_summary

            return write_summary(rows, target, checked)

        def failed(exc: Exception) -> None:
            self.update()
            if isinstance(exc, ExportError):
                self.say(f"清单没有导出：\n{exc}", title="无法导出")
            elif isinstance(exc, OSError):
                from govreport_gui.gui.file_problems import file_problem

                self.say(file_problem(exc, "清单没有导出"), title="无法导出")
            else:
                raise exc

        self.export_job = Job(
            self.desk, f"正在导出清单 {target.name}…", write, self._exported, failed
        )
        self.update()

    def _exported(self, target: Path) -> None:
        self.last_export = target
        self.update()
        self.desk.statusBar().showMessage(
            f"已导出清单（{len(self.desk.shown_rows())} 份）：{target}", 10000
        )

    # -- 与上年比较, 汇总 ------------------------------------------------------------------------

    def compare(self) -> None:
        pair = self.compare_pair()
        if pair is None:
            self.say("请选中同一单位不同年度的两份报表，再点“与上年比较”。")
            return
        from govreport_gui.gui.compare_dialog import show_comparison  # on first use

        last, this = pair
        show_comparison(self.desk, Path(last.file), Path(this.file))

    def consolidate(self) -> None:
        rows = self.consolidation_rows()
        if len(rows) < 2:
            self.say("请至少选中两份能读取的报表（或清除筛选，汇总显示的全部），再点“汇总”。")
            return
        from govreport_gui.gui.consolidate_dialog import consolidate_files_dialog  # on first use

        made = consolidate_files_dialog(self.desk, [Path(row.file) for row in rows])
        if made is not None and self.opener is not None and self.opener.open_path(Path(made)):
            self.opener.show_from_desk()
