"""The 报告正文 view in the window: a tab bar above the draft (统计表 | 报告正文), the actions and keys.

- 查看 → 报告正文 (Ctrl+Shift+R) switches to the text and back; the tab bar does the same.
- 编辑 → 插入数字… (Ctrl+Shift+F; also in the editor's right-click menu) puts a figure from a
  cell into the text.
- 查看 → 下一节 (F6) / 上一节 (Shift+F6) move between the sections (Tab moves the focus out of a
  section's editor, Ctrl+Up / Ctrl+Down stay the editor's own paragraph keys).

The view (:mod:`.report_view`) is made when it is first shown: a draft opened on its tables pays
nothing for it. Whatever was typed is saved before the view is left, the draft closed, or any
command of the window run (the view watches for them while a save is pending).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabBar, QVBoxLayout

from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from govreport_gui.core.ops.changes import ChangeSet
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.gui.report_view import ReportView

TABLES, TEXT = 0, 1


class ReportUI(QObject):
    def __init__(self, window: WindowBase, layout: QVBoxLayout) -> None:
        super().__init__(window)
        self.window = window
        self.layout = layout  # the draft's column: banner, this tab bar, the page / the view
        self.view: ReportView | None = None
        self.tabs = QTabBar()
        self.tabs.setObjectName("draftViews")
        self.tabs.addTab("统计表")
        self.tabs.addTab("报告正文")
        self.tabs.setTabToolTip(TABLES, "填写统计表（Ctrl+Shift+R 切换）")
        self.tabs.setTabToolTip(TEXT, "报告的标题、正文和附表，整份年报（Ctrl+Shift+R 切换）")
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.currentChanged.connect(self._switched)
        self.tabs.hide()
        layout.insertWidget(1, self.tabs)

        self.act_report = QAction("报告正文", window)
        self.act_report.setObjectName("actReportText")
        self.act_report.setCheckable(True)
        self.act_report.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_report.setToolTip("在统计表和报告正文之间切换")
        self.act_report.triggered.connect(lambda on: self.show_text(bool(on)))
        self.act_next = QAction("下一节", window)
        self.act_next.setShortcut(QKeySequence("F6"))
        self.act_next.triggered.connect(lambda: self._step(1))
        self.act_previous = QAction("上一节", window)
        self.act_previous.setShortcut(QKeySequence("Shift+F6"))
        self.act_previous.triggered.connect(lambda: self._step(-1))
        self.act_figure = QAction("插入数字…", window)
        self.act_figure.setObjectName("actInsertFigure")
        self.act_figure.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.act_figure.setToolTip("把统计表中某一格的数字插入正文，表中数字改了正文随之改变")
        self.act_figure.triggered.connect(self.insert_figure)
        self.act_mend = QAction("修正正文小标题编号", window)
        self.act_mend.setObjectName("actMendNumbering")
        self.act_mend.setToolTip(
            "把正文的（一）（二）…、1. 2. …、（1）（2）… 按顺序重新编号（可撤销）"
        )
        self.act_mend.triggered.connect(self.mend_numbering)
        self.act_changes = QAction("填写同比变化", window)
        self.act_changes.setObjectName("actFillChanges")
        self.act_changes.setToolTip(
            "按本年与上年度的数字填写正文中的“比上年增长／减少……”（需关联上年度草稿；可撤销）"
        )
        self.act_changes.triggered.connect(self.fill_changes)
        view_menu = window.menus["view"]
        view_menu.addSeparator()
        for action in (self.act_report, self.act_next, self.act_previous):
            view_menu.addAction(action)
        window.menus["edit"].addSeparator()
        for action in (self.act_figure, self.act_mend, self.act_changes):
            window.menus["edit"].addAction(action)
        self.update()

    # -- the open draft -------------------------------------------------------------------------

    def attach(self) -> None:
        """A draft was shown (or closed): the tab bar for a form with report sections."""
        self.detach()
        doc = self.window.doc
        has_text = doc is not None and bool(doc.form.sections)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(TABLES)
        self.tabs.blockSignals(False)
        self.tabs.setVisible(has_text)
        self.update()

    def detach(self) -> None:
        """Save what was typed and drop the view (the draft is about to close)."""
        if self.view is not None:
            self.view.detach()
            self.layout.removeWidget(self.view)
            self.view.setParent(None)
            self.view.deleteLater()
            self.view = None
        self.update()

    def flush(self) -> bool:
        """Save at once what was typed in the text and not saved yet."""
        return self.view.flush() if self.view is not None else True

    def pending(self) -> bool:
        """Whether text was typed and not saved yet (撤销 would save it, then take it back)."""
        return self.view is not None and self.view.pending()

    @property
    def showing_text(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def update(self) -> None:
        doc = self.window.doc
        has_text = doc is not None and bool(doc.form.sections)
        self.act_report.setEnabled(has_text)
        self.act_report.setChecked(self.tabs.currentIndex() == TEXT and has_text)
        showing = has_text and self.tabs.currentIndex() == TEXT
        self.act_next.setEnabled(showing)
        self.act_previous.setEnabled(showing)
        self.act_figure.setEnabled(bool(showing and doc is not None and doc.editable))
        editable_text = bool(has_text and doc is not None and doc.editable)
        self.act_mend.setEnabled(editable_text)
        self.act_changes.setEnabled(editable_text)

    # -- switching ------------------------------------------------------------------------------

    def show_text(self, on: bool = True) -> None:
        if self.window.doc is None or not self.window.doc.form.sections:
            self.update()
            return
        self.tabs.setCurrentIndex(TEXT if on else TABLES)  # _switched does the rest
        self.update()

    def _switched(self, index: int) -> None:
        page = self.window.page
        if page is None:
            return
        if index == TEXT:
            view = self._view()
            page.hide()
            view.show()
            if view.last_editor is not None:
                view.last_editor.setFocus()
            else:  # first shown: from the title, the keyboard in the first section's text
                view.focus_first()
        else:
            if self.view is not None:
                self.view.flush()
                self.view.hide()
            page.show()
            current = page.current_view()
            if current is not None:
                current.setFocus()
        self.update()

    def _view(self) -> ReportView:
        if self.view is None:
            from govreport_gui.gui.report_view import ReportView

            doc = self.window.doc
            assert doc is not None
            self.view = ReportView(doc)
            self.view.message.connect(lambda text: self.window.statusBar().showMessage(text, 8000))
            self.view.problem.connect(self.window.show_problem)
            self.view.pendingStarted.connect(self.window.update_actions)
            self.layout.addWidget(self.view, 1)
        return self.view

    def _step(self, step: int) -> None:
        if self.view is not None and self.showing_text:
            self.view.step_section(step)

    def insert_figure(self) -> None:
        if self.window.doc is None or not self.window.doc.form.sections:
            return
        if not self.showing_text:
            self.show_text(True)
        assert self.view is not None
        self.view.insert_figure()

    def mend_numbering(self) -> None:
        """编辑 → 修正正文小标题编号: one undo step over every section."""
        from govreport_gui.core.ops.text_mend import mend_headings

        self._mend(
            mend_headings, "已修正正文小标题编号（可撤销）。", "正文的小标题编号没有需要修正的。"
        )

    def fill_changes(self) -> None:
        """编辑 → 填写同比变化: the 比上年增长X% phrases from both years' figures."""
        from govreport_gui.core.ops.text_mend import fill_changes

        self._mend(
            fill_changes, "已按两年的数字填写同比变化（可撤销）。", "正文中没有需要填写的同比变化。"
        )

    def _mend(self, op: Callable[[ReportDocument], ChangeSet], done: str, nothing: str) -> None:
        from govreport_gui.core.ops.text_mend import NoPreviousYear
        from govreport_gui.core.ops.text_ops import SectionTextError
        from govreport_gui.core.store.draft import DraftError

        doc = self.window.doc
        if doc is None or not self.flush():
            return
        try:
            change = op(doc)
        except (NoPreviousYear, SectionTextError) as exc:
            self.window.show_problem(str(exc))
            return
        except DraftError as exc:
            self.window.show_problem(exc.message)
            return
        self.window.statusBar().showMessage(done if change else nothing, 8000)
        self.window.update_actions()

    def show_paragraph(self, section_id: str, number: int) -> bool:
        """A comment on a paragraph chosen in the 审核意见 pane: the paragraph in the text."""
        if self.window.doc is None:
            return False
        self.show_text(True)
        return self.view is not None and self.view.show_paragraph(section_id, number)

    def show_text_problem(self, section_id: str, paragraph: int, start: int, end: int) -> bool:
        """The problems panel's hook for a problem in the text (see ReportView.show_text_problem)."""
        if self.window.doc is None:
            return False
        self.show_text(True)
        return self.view is not None and self.view.show_text_problem(
            section_id, paragraph, start, end
        )
