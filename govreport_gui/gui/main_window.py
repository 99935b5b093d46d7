"""The main window: the start screen, or one open draft with its menus, problems panel and status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store import settings
from govreport_gui.gui.after_paint import after_paint
from govreport_gui.gui.menu_items import add_items
from govreport_gui.gui.window_base import WindowBase, side_dock

# What the window's contents need is imported where they are built (``build``, after the frame
# was painted) or used: ``app.start`` shows the frame before any of it is loaded (gui/startup.py).
# So are ``Qt``, ``QStyle`` and ``QKeySequence``: importing one makes PySide create all its
# enums (~25 ms for the three).
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from PySide6.QtGui import QIcon, QKeySequence
    from PySide6.QtWidgets import QStyle

    from govreport_gui.core.ops.changes import ChangeSet
    from govreport_gui.core.ops.document import ReportDocument
    from govreport_gui.core.store.consolidation_record import ConsolidatedSource
    from govreport_gui.gui.desk import DeskWindow
    from govreport_gui.gui.draft_page import DraftPage
    from govreport_gui.gui.export_ui import ExportUI
    from govreport_gui.gui.help_pane import HelpUI
    from govreport_gui.gui.print_ui import PrintUI
    from govreport_gui.gui.problems import ProblemsPanel
    from govreport_gui.gui.review_ui import ReviewUI
    from govreport_gui.gui.start_page import StartPage
    from govreport_gui.gui.worker import Job

APP_TITLE = "政府信息公开年报填报"
BANNER_UNITS = 5  # units a consolidated draft's banner line names


class MainWindow(WindowBase):  # what the helper modules use of it: gui/window_base.py
    def __init__(self, user: str | None = None, *, frame_only: bool = False) -> None:
        """The whole window; with ``frame_only``, only its frame (title, size and place) until
        :meth:`build` fills it in (``app.start`` paints the frame first: gui/startup.py)."""
        super().__init__()
        self.user = user or settings.current_user()
        self.doc: ReportDocument | None = None
        self._last_problem = ""  # the rule F7 went to last
        self.page: DraftPage | None = None
        self.crash_reporter: object | None = None  # set by app.start (crash_report.install)
        self.problems: ProblemsPanel | None = None
        self.built = False
        self._start: StartPage | None = None  # made by ``build``, or on first use
        self._extras_left: list[Callable[[], None]] = []  # set by ``build``
        self._extras_built = False
        self._recent_pending: Path | None = None  # opened, not yet on the recent list
        self.older_copy_lookup: Job | None = None  # gui/handover.py: reading the library
        self.desks: list[DeskWindow] = []  # the 审核台 windows open (gui/desk.py)
        self.setWindowTitle(APP_TITLE)
        from govreport_gui.gui.window_geometry import WindowGeometry

        self.geometry_keeper = WindowGeometry(self)  # the frame opens at its remembered place
        if not frame_only:
            self.build()

    def build(self, start_page: bool = True, extras: bool = True) -> None:
        """Menus, toolbar, start page, panes: everything inside the frame (once).

        Without ``start_page`` (a draft is about to be opened: gui/startup.py) the start page is
        made when it is first needed (``start``). Without ``extras`` the parts not needed to show
        a draft and type into it (审核 with the signature check and the key dialogs, 导出, 打印,
        设置, 帮助 and its pane, 重新打开原始示例) are left for :meth:`build_extras`, which
        the start-up runs a part per turn of the event loop once the draft is on screen; using
        one of them before (``review``, ``exports``, ``printing``, ``row_help``) builds them at
        once. Their imports and widgets are about half of the time to a draft that answers."""
        if self.built:
            return
        self.built = True
        from PySide6.QtCore import Qt

        self.setAcceptDrops(True)
        self.stack = QStackedWidget(self)
        self.draft_holder = QWidget(self)
        self.draft_layout = QVBoxLayout(self.draft_holder)
        self.draft_layout.setContentsMargins(0, 0, 0, 0)
        self.draft_layout.setSpacing(0)
        self.banner = QLabel(self.draft_holder)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel#banner { background: #fff1d0; color: #5c3c00; padding: 8px 12px; }"
        )
        self.banner.hide()
        self.draft_layout.addWidget(self.banner)
        self.stack.addWidget(self.draft_holder)
        self.setCentralWidget(self.stack)

        self.dock = side_dock(self, "问题", "problemsDock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.counts = QLabel(self)
        self._counts_colour = ""
        self.saved = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.saved)

        self._make_actions()
        from govreport_gui.gui.report_ui import ReportUI
        from govreport_gui.gui.table_actions import TableActions

        self.report = ReportUI(self, self.draft_layout)  # 报告正文 (issue 16): tab, keys, menus
        from govreport_gui.gui.zoom import ZoomControl

        self.table_actions = TableActions(self)  # right-click menu, 空格填 0, switching tables
        self.zoom = ZoomControl(self)
        # The 审核意见 pane is here from the start (empty until the review part fills it), so
        # that the remembered place of the docks is restored with it when a draft opens.
        self.comments_dock = QDockWidget("审核意见", self)
        self.comments_dock.setObjectName("commentsDock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.comments_dock)
        self.tabifyDockWidget(self.dock, self.comments_dock)
        self.comments_dock.hide()
        self.menus["view"].addAction(self.comments_dock.toggleViewAction())
        if start_page:
            self._make_start_page()
            self.stack.setCurrentWidget(self.start)
        self._setup_geometry()
        self._desktop_habits()  # access keys also for the menus added later (it watches)
        # The extras, in this order (the menu bar reads 文件 编辑 查看 审核 导出 设置 帮助).
        self._extras_left = [
            self._build_review,
            self._build_exports,
            self._build_settings_and_print,
            self._build_help,
        ]
        if extras:
            self.build_extras()
        self._update_actions()

    # -- the parts built after the draft is shown (``build(extras=False)``) ---------------------

    @property
    def extras_built(self) -> bool:
        return self._extras_built

    def build_extras(self) -> None:
        """Build every part not built yet (at once: something is about to use one)."""
        if not self.built:
            self.build()
        while self.build_next_extra():
            pass

    def build_next_extra(self) -> bool:
        """Build the next part (the start-up calls this once per turn of the event loop);
        False once all are built."""
        if not self._extras_left:
            return False
        from govreport_gui.gui.desktop_habits import one_refresh

        with one_refresh(self.menuBar()):  # access keys once per part, not once per item
            self._extras_left.pop(0)()
        if self._extras_left:
            return True
        self._extras_built = True
        if self.doc is not None:  # shown before they were there: they catch up with it now
            self.geometry_keeper.restore_state()  # the 填报说明 pane's remembered place
            self.compact.document_shown()
            self._update_parts_for_document()
            self._update_banner()
            self._update_title()
        self._update_actions()
        return False

    def _build_review(self) -> None:
        from govreport_gui.gui import key_dialogs
        from govreport_gui.gui.review_ui import ReviewUI

        self._review = ReviewUI(self)
        # 审核 → 与上年报告比较… (this year's report: the open draft, if any)
        from govreport_gui.gui import compare_menu

        self.act_compare = compare_menu.install(
            self, self._review.menu, lambda: self.doc.draft.path if self.doc is not None else None
        )
        # 审核 → 我的签名密钥… / 受信任的审核人…; a change re-checks the open draft's signature.
        self.act_own_key, self.act_trusted_keys = key_dialogs.install(
            self, self._review.menu, self._signing_keys_changed
        )
        self.comments_dock.setWidget(self._review.comments)

    def _build_exports(self) -> None:
        from govreport_gui.gui.export_ui import ExportUI

        self._exports = ExportUI(self)
        self._build_word_import()

    def _build_word_import(self) -> None:
        """文件 → 从已发布年报导入… (gui/import_report_ui.py), after 打开示例."""
        from govreport_gui.gui.import_report_ui import ImportReportUI

        self.word_import = ImportReportUI(self)
        file_menu = self.menus["file"]
        actions = file_menu.actions()
        before = actions[actions.index(self.act_save_as) - 1]  # the separator above 另存为…
        file_menu.insertAction(before, self.word_import.act_import)
        from govreport_gui.gui import consolidate_dialog

        # 文件 → 汇总多份报告… (issue 17), below the Word import.
        self.act_consolidate = consolidate_dialog.install(self)
        file_menu.insertAction(before, self.act_consolidate)

    def _build_settings_and_print(self) -> None:
        from govreport_gui.gui import handover, user_name

        self.act_user_name = user_name.install(self)  # 设置 → 您的姓名…
        self.act_fresh_example = handover.install(self)  # 文件 → 重新打开原始示例
        self._make_print_actions()

    def _build_help(self) -> None:
        from govreport_gui.gui import about_dialog, app_icon
        from govreport_gui.gui.help_pane import HelpUI

        self._row_help = HelpUI(self)  # 帮助 → 本行填报说明 (F1) and the 说明 pane
        self.act_about = about_dialog.install(self, self._row_help.menu)  # 帮助 → 关于 govreport…
        app_icon.install()  # the last part: the first paint and the draft did not wait for it

    @property
    def review(self) -> ReviewUI:
        self.build_extras()
        return self._review

    @property
    def exports(self) -> ExportUI:
        self.build_extras()
        return self._exports

    @property
    def printing(self) -> PrintUI:
        self.build_extras()
        return self._print_actions.ui

    @property
    def row_help(self) -> HelpUI:
        self.build_extras()
        return self._row_help

    def _update_parts_for_document(self) -> None:
        """The review, export and help parts follow the open draft (or no draft)."""
        self._review.update()
        if self.doc is not None:
            self._review.after_open()  # a returned draft: the reviewer's comments to the front
        self._exports.update()
        self._row_help.attach(self.page)

    def _fresh_example(self) -> None:
        self.build_extras()
        self.act_fresh_example.trigger()

    @property
    def start(self) -> StartPage:
        """The start page (made on first use when ``build`` was told to leave it out)."""
        if self._start is None:
            self._make_start_page()
        assert self._start is not None
        return self._start

    def _make_start_page(self) -> None:
        from govreport_gui.gui.start_page import StartPage

        page = StartPage(self)
        self._start = page
        self.stack.insertWidget(0, page)
        page.newRequested.connect(self.new_draft)
        page.openRequested.connect(self.open_dialog)
        page.exampleRequested.connect(self.open_example)
        page.freshExampleRequested.connect(self._fresh_example)
        page.draftChosen.connect(lambda p: self.open_path(Path(p)))

    def _desktop_habits(self) -> None:
        """Ctrl+S answered, &-letters on every menu item (gui/desktop_habits.py)."""
        from govreport_gui.gui.desktop_habits import add_mnemonics, add_save_shortcut

        self.act_save = add_save_shortcut(self)
        add_mnemonics(self.menuBar())

    def _setup_geometry(self) -> None:
        """Size and place (gui/window_geometry.py, set in ``__init__``); the narrow-window layout."""
        from govreport_gui.gui.compact_layout import CompactLayout

        self.compact = CompactLayout(self)

    # -- actions -----------------------------------------------------------------------------

    def _icon(self, pixmap: QStyle.StandardPixmap) -> QIcon:
        return self.style().standardIcon(pixmap)

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | None = None,
        icon: QIcon | None = None,
    ) -> QAction:
        from PySide6.QtGui import QKeySequence

        action = QAction(text, self)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QKeySequence
        from PySide6.QtWidgets import QStyle

        S = QStyle.StandardPixmap
        K = QKeySequence.StandardKey
        self.act_new = self._action(
            "新建…", self.new_draft, QKeySequence(K.New), self._icon(S.SP_FileIcon)
        )
        self.act_open = self._action(
            "打开…", self.open_dialog, QKeySequence(K.Open), self._icon(S.SP_DialogOpenButton)
        )
        self.act_example = self._action("打开示例", self.open_example)
        self.act_desk = self._action(
            "打开审核台（文件夹）…", self.open_desk_dialog, QKeySequence("Ctrl+Shift+O")
        )
        self.act_desk.setToolTip("列出一个文件夹中各单位的报表：逐份校验、签名、重复，可筛选、导出")
        self.act_save_as = self._action(
            "另存为…", self.save_as, QKeySequence(K.SaveAs), self._icon(S.SP_DialogSaveButton)
        )
        self.act_close = self._action("关闭草稿", self.close_draft, QKeySequence(K.Close))
        self.act_quit = self._action("退出", self.close, QKeySequence(K.Quit))
        self.act_undo = self._action(
            "撤销", self.undo, QKeySequence(K.Undo), self._icon(S.SP_ArrowBack)
        )
        self.act_redo = self._action(
            "重做", self.redo, QKeySequence("Ctrl+Y"), self._icon(S.SP_ArrowForward)
        )
        # Ctrl+Y everywhere, and the platform's own redo key (Ctrl+Shift+Z) where it differs.
        redo_keys = [
            QKeySequence("Ctrl+Y"),
            QKeySequence("Ctrl+Shift+Z"),
            *QKeySequence.keyBindings(K.Redo),
        ]
        self.act_redo.setShortcuts(
            list({k.toString(): k for k in redo_keys if not k.isEmpty()}.values())
        )
        self.act_fill = self._action(
            "按分项填入合计",
            self.fill_totals,
            QKeySequence("Ctrl+T"),
            self._icon(S.SP_DialogApplyButton),
        )
        self.act_fill.setToolTip(
            "把分项都已填写、合计仍为空的合计格按分项之和填上（不覆盖已填的数）"
        )
        self.act_copy = self._action("复制", lambda: self._view_call("copy"))
        self.act_paste = self._action("粘贴", lambda: self._view_call("paste"))
        self.act_clear = self._action(
            "清除所选单元格", lambda: self._view_call("clear_selection_values")
        )
        self.act_problems = self.dock.toggleViewAction()
        self.act_problems.setText("问题面板")
        self.act_problems.setShortcut(QKeySequence("F8"))
        self.act_next_problem = self._action("下一个问题", self.next_problem, QKeySequence("F7"))

        file_menu = self.menuBar().addMenu("文件(&F)")
        add_items(
            file_menu,
            (
                self.act_new,
                self.act_open,
                self.act_example,
                None,
                self.act_desk,
                None,
                self.act_save_as,
                self.act_close,
                None,
                self.act_quit,
            ),
        )
        edit_menu = self.menuBar().addMenu("编辑(&E)")
        add_items(
            edit_menu,
            (
                self.act_undo,
                self.act_redo,
                None,
                self.act_copy,
                self.act_paste,
                self.act_clear,
                None,
                self.act_fill,
            ),
        )
        view_menu = self.menuBar().addMenu("查看(&V)")
        view_menu.addAction(self.act_problems)
        view_menu.addAction(self.act_next_problem)
        self.menus = {"file": file_menu, "edit": edit_menu, "view": view_menu}

        self.toolbar = QToolBar("工具栏", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.setMovable(False)
        add_items(
            self.toolbar,
            (
                self.act_new,
                self.act_open,
                None,
                self.act_undo,
                self.act_redo,
                None,
                self.act_fill,
            ),
        )
        self.addToolBar(self.toolbar)

    def _make_print_actions(self) -> None:
        """文件 → 打印… / 打印预览… (gui/print_actions.py), after 另存为…; the printing itself
        (gui/print_ui.py) is loaded when one of them is first used."""
        from govreport_gui.gui.print_actions import PrintActions

        self._print_actions = PrintActions(self)
        file_menu = self.menus["file"]
        file_menu.insertActions(self.act_close, list(self._print_actions.actions))
        file_menu.insertSeparator(self._print_actions.act_print)
        file_menu.insertSeparator(self.act_close)

    def _view_call(self, name: str) -> None:
        if self.page is None:
            return
        view = self.page.current_view()
        if view is not None:
            getattr(view, name)()

    def _update_actions(self) -> None:
        has = self.doc is not None
        editable = has and self.doc is not None and self.doc.editable
        stack = self.doc.undo_stack if self.doc is not None else None
        typed = self.report.pending()  # text typed, saved when 撤销 runs: then undone
        self.act_undo.setEnabled(bool(editable and stack and (stack.can_undo() or typed)))
        self.act_redo.setEnabled(bool(editable and stack and stack.can_redo() and not typed))
        from govreport_gui.gui.desktop_habits import with_mnemonic

        undo = f"撤销 {stack.undo_text()}" if stack and stack.can_undo() else "撤销"
        if typed and stack and not stack.can_undo():
            undo = "撤销 修改正文"
        redo = f"重做 {stack.redo_text()}" if stack and stack.can_redo() else "重做"
        self.act_undo.setText(with_mnemonic(undo, "U"))
        self.act_redo.setText(with_mnemonic(redo, "R"))
        # The toolbar keeps the short names; the menu says what would be undone.
        self.act_undo.setIconText("撤销")
        self.act_redo.setIconText("重做")
        for action in (self.act_fill, self.act_paste, self.act_clear):
            action.setEnabled(bool(editable))
        for action in (
            self.act_save_as,
            self.act_close,
            self.act_copy,
            self.act_problems,
            self.act_next_problem,
        ):
            action.setEnabled(has)
        self.table_actions.update()
        self.report.update()
        if self._extras_built:
            self._print_actions.update()
        self.compact.apply()

    # -- opening and closing -------------------------------------------------------------------

    def new_draft(self) -> None:
        from govreport_gui.core.ops.new_draft import new_report
        from govreport_gui.core.ops.previous_year import PreviousYearError
        from govreport_gui.core.store import library
        from govreport_gui.core.store.draft import DraftError
        from govreport_gui.gui.file_problems import file_problem
        from govreport_gui.gui.new_draft_dialog import NewDraftDialog

        dialog = NewDraftDialog(self)
        if dialog.exec() != NewDraftDialog.DialogCode.Accepted:
            return
        form = dialog.form()
        unit = dialog.unit.text().strip()
        year = str(dialog.year.value())
        fields = {"unit": unit, "year": year}
        same = [
            d
            for d in library.list_drafts()
            if d.unit == unit and d.year == year and d.form_id == form.id and not d.problem
        ]
        if same and not self.confirm(
            "已有同一份报表",
            f"已有 {unit or '（未填单位）'} {year} 年度的这份报表（{same[0].path.name}，"
            f"{same[0].status_name}）。\n再新建一份空白草稿吗？（要接着填原来的，请在开始页打开它。）",
            "新建一份",
        ):
            return
        try:
            made = new_report(
                form,
                lambda final: library.new_draft_path(form, final["unit"], final["year"]),
                self.user,
                fields,
                dialog.previous_path(),
            )
        except PreviousYearError as exc:
            self.show_problem(exc.message)
            return
        except (DraftError, OSError) as exc:
            self.show_problem(file_problem(exc, "无法新建草稿"))
            return
        self.open_path(made.path)

    def open_dialog(self) -> None:
        from govreport_gui.gui import file_dialogs

        path = file_dialogs.open_file(
            self,
            "打开草稿",
            settings.library_dir(),
            f"{file_dialogs.DRAFT_FILTER};;{file_dialogs.ALL_FILES_FILTER}",
        )
        if path is not None:
            self.open_path(path)

    # -- the 审核台 (gui/desk.py) ----------------------------------------------------------------

    def open_desk_dialog(self) -> None:
        """文件 → 打开审核台（文件夹）…: a folder chosen, then its 审核台."""
        from govreport_gui.gui import file_dialogs

        folder = file_dialogs.choose_folder(
            self, "打开审核台：选择各单位报表所在的文件夹", Path.home()
        )
        if folder is not None:
            self.open_desk([folder])

    def open_desk(self, paths: list[Path]) -> DeskWindow | None:
        """The 审核台 on ``paths`` (folders or files), in a window of its own."""
        from govreport_gui.gui.desk import DeskWindow

        missing = [p for p in paths if not p.exists()]
        found = [p for p in paths if p.exists()]
        if not found:
            self.show_problem(
                "找不到：" + "、".join(str(p) for p in missing) + "\n请检查路径后重新打开审核台。",
                title="无法打开审核台",
            )
            return None
        desk = DeskWindow(found, self)
        desk.closed.connect(lambda: self._desk_closed(desk))
        self.desks.append(desk)
        desk.show()
        if missing:  # the others are listed; these are said, not silently left out
            self.show_problem(
                "以下路径找不到，审核台只列出了其余的："
                + "、".join(str(p) for p in missing)
                + "\n请检查路径；如要加上它们，请重新打开审核台。",
                title="部分路径找不到",
            )
        return desk

    def _desk_closed(self, desk: DeskWindow) -> None:
        if desk in self.desks:
            self.desks.remove(desk)
        desk.deleteLater()

    def import_published(self, path: Path) -> None:
        """A published report from the 审核台: read as 从 Word 导入年报… reads one."""
        self.build_extras()
        self.word_import.import_report(path)

    def show_from_desk(self) -> None:
        """The window to the front after the 审核台 opened something in it."""
        from PySide6.QtGui import QGuiApplication

        self.show()
        # Qt's offscreen platform (tests, benchmarks) cannot raise a window, and warns.
        if QGuiApplication.platformName() != "offscreen":
            self.raise_()
        self.activateWindow()

    def open_example(self) -> None:
        from govreport_gui.core.store import library
        from govreport_gui.core.store.draft import DraftError
        from govreport_gui.gui.file_problems import file_problem

        try:
            path = library.create_example()
        except (DraftError, OSError) as exc:
            self.show_problem(file_problem(exc, "无法创建示例的副本"))
            return
        self.open_path(path)

    def open_path(self, path: Path) -> bool:
        """Open ``path`` in place of the open draft. The new file is opened (and so checked) first:
        if it is not a draft, or cannot be opened, the open draft stays as it was."""
        from govreport_gui.core.ops.document import ReportDocument
        from govreport_gui.core.store.draft import Draft, DraftError

        reopening = self.doc is not None and _same_file(self.doc.draft.path, path)
        if reopening and not self.close_draft():  # the same draft again: let go of it first
            return False
        try:
            draft = Draft.open(path, self.user)
        except DraftError as exc:
            self.show_problem(exc.message, title="无法打开")
            if self.doc is None:
                self.start.reload()
            return False
        except OSError as exc:
            self.show_problem(f"无法打开 {path}：{describe_os_error(exc)}", title="无法打开")
            return False
        if not self.close_draft():
            draft.close()
            return False
        self.show_document(ReportDocument(draft))
        # A file from outside the library may be a newer copy of one in it: the library is read
        # for that once the draft is on screen, in the background, and the offer comes then.
        self.older_copy_lookup = None
        shown = draft.path
        if self.isVisible():
            after_paint(self, lambda: self._look_for_older_copy(shown))
        else:
            self._look_for_older_copy(shown)
        # The recent list (a durable write, with fsync) is a convenience: written once the draft
        # is on screen, not before (or when it is closed first; at once in a window not shown).
        self._recent_pending = path
        if self.isVisible():
            after_paint(self, self._remember_recent)
        else:
            self._remember_recent()
        return True

    def _look_for_older_copy(self, path: Path) -> None:
        from govreport_gui.gui import handover

        if self.doc is not None and self.doc.draft.path == path:  # still the draft shown
            self.older_copy_lookup = handover.look_for_older_copy(self, path)

    def _remember_recent(self) -> None:
        if self._recent_pending is not None:
            path, self._recent_pending = self._recent_pending, None
            settings.remember_recent(path)

    def show_document(self, doc: ReportDocument) -> None:
        from PySide6.QtCore import Qt

        from govreport_gui.gui.draft_page import DraftPage
        from govreport_gui.gui.problems import ProblemsPanel

        self.doc = doc
        doc.defer_text_problems()  # the draft drawn first; its text's warnings a moment later
        self.page = DraftPage(doc, self.draft_holder)
        self.draft_layout.addWidget(self.page, 1)
        self.page.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.page.problem.connect(self.show_problem)
        self.table_actions.attach(self.page)
        self.report.attach()
        self.zoom.apply(self.page)
        self.problems = ProblemsPanel(doc, self.dock)
        self.problems.cellActivated.connect(self.select_cell)
        self.problems.textActivated.connect(self.report.show_text_problem)
        self.dock.setWidget(self.problems)
        # A narrow window folds the docks away (``compact.document_shown`` below): not shown
        # first, or the panel's list would lay out all its rows once for nothing.
        if not self.compact.narrow:
            self.dock.show()
            self.comments_dock.show()
            self.dock.raise_()
        self.resizeDocks([self.dock], [max(240, self.width() // 5)], Qt.Orientation.Horizontal)
        self.geometry_keeper.restore_state()
        self.compact.document_shown()
        doc.subscribe(self._on_change)
        if self._extras_built:  # else they catch up once built (``build_next_extra``)
            self._update_parts_for_document()
        self._update_banner()
        self.stack.setCurrentWidget(self.draft_holder)
        self._update_title()
        self._update_status()
        self._update_actions()
        QTimer.singleShot(0, self._focus_first_cell)
        self._check_text_once_drawn(doc)

    def _check_text_once_drawn(self, doc: ReportDocument) -> None:
        """The text's problems worked out once the window has been painted with the draft (at
        once when it will not be: a hidden window). The window, not the table's page: 报告正文
        may be chosen before the page is ever painted, and the check must not wait for it."""
        from govreport_gui.gui.after_paint import after_paint

        def work_out() -> None:
            if self.doc is doc:  # not closed (or replaced) meanwhile
                doc.work_out_text_problems()

        if not doc.text_check_pending:
            return
        if self.isVisible() and not self.isMinimized():
            after_paint(self, work_out)
        else:
            QTimer.singleShot(0, self, work_out)

    def _focus_first_cell(self) -> None:
        if self.page is None:
            return
        view = self.page.first_view()
        if not view.currentIndex().isValid():
            view.setCurrentIndex(view.first_value_index())
        view.setFocus()

    def close_draft(self) -> bool:
        """Close the open draft (it is already saved: nothing can be lost here)."""
        if self.doc is None:
            return True
        self._remember_recent()  # the start page lists it
        view = self.page.current_view() if self.page else None
        if view is not None and view.state() == view.State.EditingState:
            view.setFocus()  # commit a cell being edited
        self.report.detach()  # what was typed in the text is saved first
        if self.page is not None:
            self.page.detach()
            self.page.setParent(None)
            self.page.deleteLater()
        if self.problems is not None:
            self.problems.model.detach()
            self.dock.setWidget(QWidget())
            self.problems.deleteLater()
        self.doc.unsubscribe(self._on_change)
        self.doc.close()
        self.doc = None
        self.page = None
        self.problems = None
        self.dock.hide()
        self.comments_dock.hide()
        self.banner.hide()
        self.zoom.draft_closed()
        if self._extras_built:
            self._update_parts_for_document()
        self.stack.setCurrentWidget(self.start)
        self.start.reload()
        self.start.focus_list()
        self.setWindowTitle(APP_TITLE)
        self.counts.clear()
        self.saved.clear()
        self._update_actions()
        return True

    def save_as(self) -> None:
        if self.doc is None:
            return
        from govreport_gui.core.store.draft import DRAFT_SUFFIX, DraftError
        from govreport_gui.gui import file_dialogs
        from govreport_gui.gui.file_problems import file_problem

        draft = self.doc.draft
        dest = file_dialogs.save_file(
            self,
            "另存为",
            draft.path.with_name(draft.path.stem + "（副本）" + DRAFT_SUFFIX),
            file_dialogs.DRAFT_FILTER,
        )
        if dest is None:
            return
        if dest.suffix.lower() != DRAFT_SUFFIX:
            dest = dest.with_name(dest.name + DRAFT_SUFFIX)
        try:
            draft.save_as(dest, overwrite=dest.exists())
        except (DraftError, OSError) as exc:  # OSError: e.g. a name too long for the file system
            self.show_problem(
                file_problem(exc, f"无法另存为 {dest}", "请换一个文件夹或更短的文件名后再试。")
            )
            return
        self.statusBar().showMessage(f"已另存为 {dest}", 8000)

    # -- editing -------------------------------------------------------------------------------

    def undo(self) -> None:
        self.report.flush()  # the text typed last is the step undone (one per typing session)
        if self.doc is not None:
            self._step("撤销", self.doc.undo_stack.undo_text(), self.doc.undo)

    def redo(self) -> None:
        self.report.flush()
        if self.doc is not None:
            self._step("重做", self.doc.undo_stack.redo_text(), self.doc.redo)

    def _step(self, verb: str, what: str, step: Callable[[], bool]) -> None:
        """Undo or redo, and say so: the status bar would otherwise still show the change just
        undone (“已粘贴 6 格。”) over cells that are empty again."""
        taken: list[bool] = []
        if self._guarded(lambda: taken.append(step())) and any(taken) and what:
            self.statusBar().showMessage(f"已{verb}：{what}", 8000)

    def fill_totals(self) -> None:
        if self.doc is None:
            return
        from govreport_gui.core.ops import edit_ops

        filled: dict[str, object] = {}

        def run() -> None:
            assert self.doc is not None
            change = edit_ops.fill_totals(self.doc)
            filled.update({c: self.doc.draft.values.get(c) for c in change.cells})

        if self._guarded(run):
            if filled:
                self.statusBar().showMessage(f"已按分项填入 {len(filled)} 个合计（可撤销）。", 8000)
            else:
                self.statusBar().showMessage(
                    "没有可以填入的合计：合计已填写，或其分项尚有空格。", 8000
                )

    def _guarded(self, action: object) -> bool:
        from govreport_gui.core.store.draft import DraftError

        try:
            action()  # type: ignore[operator]
        except DraftError as exc:
            self.show_problem(exc.message)
            return False
        self._update_actions()
        return True

    def select_cell(self, cell_id: str) -> None:
        from govreport_gui.core.report.sections import parse_paragraph_target

        paragraph = parse_paragraph_target(cell_id)
        if paragraph is not None:  # a comment on a paragraph of the text: shown in 报告正文
            self.report.show_paragraph(*paragraph)
        elif self.page is not None:
            self.report.show_text(False)
            self.page.select_cell(cell_id)

    def next_problem(self) -> None:
        if self.doc is None:
            return
        problems = [p for p in self.doc.checker.problems() if p.cells]
        if not problems:
            self.statusBar().showMessage("没有问题。", 5000)
            return
        # Each press goes on to the next problem, round to the first after the last.
        ids = [p.id for p in problems]
        after = ids.index(self._last_problem) + 1 if self._last_problem in ids else 0
        problem = problems[after % len(problems)]
        self._last_problem = problem.id
        self.select_cell(self.doc.form.cells[problem.anchor].id)
        self.statusBar().showMessage(
            f"问题 {after % len(problems) + 1}/{len(problems)}：{problem.message}", 8000
        )

    # -- status --------------------------------------------------------------------------------

    def _on_change(self, change: ChangeSet) -> None:
        self._update_status()
        # The undo stack records a command after it has run: look at it once the edit is done.
        QTimer.singleShot(0, self._update_actions)
        if change.fields or change.editability:
            self._update_title()
        if change.review or "year" in change.fields:  # the banner counts open comments
            self._update_banner()
            self._update_actions()
            if self._extras_built:
                self._exports.update()

    def _update_title(self) -> None:
        if self.doc is None:
            return
        draft = self.doc.draft
        unit = draft.unit or "未填单位"
        flag = "（只读）" if draft.readonly else ""
        mode = self._review.title_note() if self._extras_built else ""
        self.setWindowTitle(f"{mode}{draft.path.name} — {unit}{flag} — {APP_TITLE}")

    def _update_status(self) -> None:
        if self.doc is None:
            return
        summary = self.doc.checker.summary()
        total, open_warnings = self.doc.warnings()  # the text's too, as check counts them
        warnings = f"警告 {total}"
        if total and open_warnings < total:
            warnings += f"（已说明 {total - open_warnings}）"
        self.counts.setText(f"错误 {summary.errors}　{warnings}　空格 {summary.blank}")
        busy = open_warnings or summary.blank
        color = "#b3261e" if summary.errors else ("#8a5a00" if busy else "#3c7d3e")
        if self._counts_colour != color:  # a style sheet re-polishes the label: not per figure
            self._counts_colour = color
            self.counts.setStyleSheet(f"color: {color}; padding: 0 8px;")
        last = self.doc.draft.last_saved
        if self.doc.draft.readonly:
            self.saved.setText("只读，不保存")
        elif last:
            when = dt.datetime.fromisoformat(last).astimezone().strftime("%H:%M:%S")
            self.saved.setText(f"已保存 {when}")

    def _signing_keys_changed(self) -> None:
        """The own key or the trusted list changed: the open draft's signature says so anew."""
        self._review.signature.forget()
        self._review.update()
        self._update_banner()
        self._update_title()

    def _update_banner(self) -> None:
        if self.doc is None:
            return
        lines = self._banner_lines(self.doc)
        self.banner.setText("\n".join(lines))
        if self._extras_built:
            self.banner.setStyleSheet(self._review.banner_style())  # error colour: bad signature
        self.banner.setVisible(bool(lines))

    def _banner_lines(self, doc: ReportDocument) -> list[str]:
        """What the user must know before typing: why it is locked, why it came back, a format
        that does not fit the year, and content of the draft its form does not have.

        Before the review part is built (the draft was just shown: ``build_extras``) the lines
        that need it (审核模式, the signature's status, why it came back: the review module
        imports the signature's cryptography) are left out; they come with it a moment later."""
        from govreport_gui.core.forms.registry import year_warning

        draft = doc.draft
        extras = self._extras_built
        # 审核模式 first: whose window this is now.
        lines: list[str] = self._review.banner_lines() if extras else []
        if draft.recovered:  # the open rolled an interrupted save back: the last edit is gone
            from govreport_gui.core.store.draft_file import RECOVERED

            lines.append(f"{RECOVERED}，请核对最近的修改。")
        if draft.readonly:
            lines.append(f"只读：{draft.readonly_reason}")
        elif draft.signed:
            if extras:
                lines.append(self._review.signed_banner_line())  # with the signature's status
        elif draft.locked:
            lines.append(
                "此报表已提交审核：数值、表头表尾和报告正文在审核期间锁定，审核人可以提意见、退回或签发。"
            )
        if not draft.locked and extras:
            from govreport_gui.core.ops import review
            from govreport_gui.core.store.kinds import HistoryKind

            history = review.status_history(draft)
            last = history[-1] if history else None
            if last is not None and last.kind in ("status", "reopen") and last.note:
                action = "撤销签发" if last.kind == HistoryKind.REOPEN else "退回"
                lines.append(f"{last.who} 于 {last.local_time} {action}：{last.note}")
        if draft.consolidated_from:  # a 汇总 (issue 17): where its figures came from
            lines.append(consolidation_line(draft.consolidated_from))
            said = draft.consolidation_note()  # what its maker was told: values not summed …
            if said:
                lines.append(f"汇总时的提示：{said}。")
        note = year_warning(draft.form, draft.year)
        if note:
            lines.append(note)
        # content of the draft its form does not have: kept, but neither shown nor checked
        lines.extend(p.message for p in doc.file_problems())
        return [line for line in lines if line]

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """A question with a named 'yes' button and 取消 (tests patch this)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self
        )
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is accept

    def show_problem(self, text: str, title: str = "提示") -> None:
        from PySide6.QtWidgets import QMessageBox

        self.statusBar().showMessage(status_line(text), 10000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.button(QMessageBox.StandardButton.Ok).setText("知道了")
        box.open()
        self.last_problem = text

    # -- drag and drop, closing ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_path(Path(url.toLocalFile()))
                break

    def closeEvent(self, event: QCloseEvent) -> None:
        for desk in list(self.desks):
            desk.close()
        self.geometry_keeper.remember()
        self.close_draft()
        event.accept()


def consolidation_line(sources: Sequence[ConsolidatedSource]) -> str:
    """The banner line of a consolidated draft: 汇总草稿：由 3 份报告相加（甲局、乙局、丙局）……"""
    names = "、".join(s.unit for s in sources[:BANNER_UNITS])
    more = f"等 {len(sources)} 个单位" if len(sources) > BANNER_UNITS else ""
    unsigned = sum(1 for s in sources if not s.digitally_signed)
    untrusted = sum(1 for s in sources if s.digitally_signed and not s.trusted)
    parts = [f"{unsigned} 份没有数字签名"] if unsigned else []
    parts += [f"{untrusted} 份的签名人不在受信任名单"] if untrusted else []
    note = f"，其中 {'、'.join(parts)}" if parts else "，均已签发"
    return f"汇总草稿：由 {len(sources)} 份报告相加（{names}{more}）{note}。"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def status_line(text: str) -> str:
    """One line for the status bar: a first line that ends in a colon takes the next one along."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and lines[0].endswith(("：", ":")):
        more = f"（另有 {len(lines) - 2} 条，详见提示框）" if len(lines) > 2 else ""
        return f"{lines[0]}{lines[1]}{more}"
    return lines[0]
