"""Review in the window: status, 提交审核 / 退回 / 签发 / 撤销签发, review mode, comments,
explanations of warnings, the blocker list and the history view.

Every action calls :mod:`govreport_gui.core.ops.review`; the window only asks, confirms and redraws.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.forms.fingerprint import short
from govreport_gui.core.forms.formdef import Severity
from govreport_gui.core.ops import review, review_changes, review_ops
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store.draft import (
    FILLING,
    HISTORY_KIND_NAMES,
    SIGNED,
    SUBMITTED,
    DraftError,
)
from govreport_gui.core.store.kinds import DraftStatus
from govreport_gui.core.timefmt import format_time
from govreport_gui.gui import signature_view
from govreport_gui.gui.menu_items import add_items
from govreport_gui.gui.window_base import WindowBase

# The changes the 修改记录 window lists: the latest ones, the earlier ones counted (a crafted draft
# may hold 300,000: read and laid out whole, they froze the window for many seconds).
HISTORY_SHOWN = 2_000
_COMMENT_ID = Qt.ItemDataRole.UserRole + 1
_COMMENT_CELL = Qt.ItemDataRole.UserRole + 2

_STATUS_STYLE: dict[str, str] = {
    DraftStatus.FILLING: "background: #e8f0fe; color: #1a4fa0;",
    DraftStatus.SUBMITTED: "background: #fff1d0; color: #6b4500;",
    DraftStatus.SIGNED: "background: #e6f4ea; color: #1e6b34;",
}


class BlockersDialog(QDialog):
    """Everything that blocks submitting or signing off, all at once; each leads to its cell."""

    cellChosen = Signal(str)

    def __init__(
        self, title: str, blockers: list[review.Blocker], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"还有 {len(blockers)} 项需要处理（双击转到单元格）：", self))
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        for blocker in blockers:
            item = QListWidgetItem(review.reason_text(blocker))
            item.setData(Qt.ItemDataRole.UserRole, blocker.cell)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.itemActivated.connect(self._go)
        self.list.itemDoubleClicked.connect(self._go)

    def _go(self, item: QListWidgetItem) -> None:
        cell = item.data(Qt.ItemDataRole.UserRole)
        if cell:
            self.cellChosen.emit(cell)
            self.accept()


class HistoryDialog(QDialog):
    """Who changed which cell from what to what and when; status changes; filter by cell."""

    def __init__(
        self, doc: ReportDocument, cell: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("修改记录")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("显示：", self))
        self.filter = QComboBox(self)
        self.filter.addItem("全部", None)
        self.filter.addItem("状态、签发与撤销签发", "status")
        for c in doc.form.cells:
            self.filter.addItem(f"单元格：{c.label}", c.id)
        for f in doc.form.fields:
            self.filter.addItem(f"字段：{f.label}", f.key)
        row.addWidget(self.filter, 1)
        layout.addLayout(row)
        self.more = QLabel(self)  # how many earlier changes are not listed
        self.more.setWordWrap(True)
        self.more.hide()
        layout.addWidget(self.more)
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            ["时间", "修改人", "类别", "对象", "原值 → 新值", "说明"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        if cell is not None:
            index = self.filter.findData(cell)
            if index >= 0:
                self.filter.setCurrentIndex(index)
        self.reload()

    def reload(self) -> None:
        target = self.filter.currentData()
        draft = self.doc.draft
        try:
            entries = draft.history(target, last=HISTORY_SHOWN)  # only those listed are read
            total = len(entries) if len(entries) < HISTORY_SHOWN else draft.history_count(target)
        except DraftError as exc:  # damaged history rows: say so instead of an internal error
            self.table.setRowCount(0)
            self.more.hide()
            QMessageBox.warning(self, "修改记录", exc.message)
            return
        self.more.setText(
            f"只列出最近的 {len(entries)} 条修改记录，更早的 {total - len(entries)} 条没有列出"
            "（命令行 govreport history 草稿文件 --all 可以全部列出）。"
        )
        self.more.setVisible(total > len(entries))
        self.table.setRowCount(len(entries))
        form = self.doc.form
        for row, e in enumerate(reversed(entries)):
            name = review.history_target_name(form, e.target, draft.own_sections, draft.year)
            if e.kind in ("signoff",):
                change = f"指纹 {short(e.new or '')}"
            else:
                change = (
                    f"{e.old or '空'} → {e.new or '空'}"
                    if e.old is not None or e.new is not None
                    else ""
                )
            for col, text in enumerate(
                (
                    e.local_time,
                    e.who,
                    HISTORY_KIND_NAMES.get(e.kind, e.kind),
                    name,
                    change,
                    review.history_note(e),
                )
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        # Long labels and notes must not push the 说明 column (a 退回 reason) out of sight.
        header = self.table.horizontalHeader()
        for col in (3, 4):
            if self.table.columnWidth(col) > 260:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(col, 260)


class CommentsPanel(QWidget):
    """Open comments (意见) on cells and on the whole form, each with its cell; reply, resolve,
    mark 不需答复, go to the cell (double click). Below them, what changed since the last 退回."""

    cellChosen = Signal(str)

    def __init__(self, ui: ReviewUI, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 2)
        self.changes_caption = QLabel("退回后修改的内容（双击转到单元格）：", self)
        self.changes_caption.setWordWrap(True)
        self.changes = QListWidget(self)
        self.changes.setWordWrap(True)
        layout.addWidget(self.changes_caption)
        layout.addWidget(self.changes, 1)
        buttons = QGridLayout()  # two columns: the panel shares the narrow dock with 问题
        self.add_cell = QPushButton("对当前格提意见", self)
        self.add_form = QPushButton("对整表提意见", self)
        self.reply = QPushButton("回复", self)
        self.resolve = QPushButton("标为已解决", self)
        self.no_reply = QPushButton("不需答复", self)
        self.no_reply.setToolTip(
            "审核人：这条意见不需要填报人答复（记录审核人和时间），不再妨碍签发"
        )
        for n, b in enumerate(
            (self.add_cell, self.add_form, self.reply, self.resolve, self.no_reply)
        ):
            buttons.addWidget(b, n // 2, n % 2)
        layout.addLayout(buttons)
        self.add_cell.clicked.connect(lambda: ui.add_comment(on_cell=True))
        self.add_form.clicked.connect(lambda: ui.add_comment(on_cell=False))
        self.reply.clicked.connect(self._reply)
        self.resolve.clicked.connect(self._resolve)
        self.no_reply.clicked.connect(self._no_reply)
        self.list.itemDoubleClicked.connect(self._go)
        self.changes.itemDoubleClicked.connect(self._go)

    def reload(self, doc: ReportDocument, revisions: list[review_changes.Revision]) -> None:
        self.list.clear()
        unanswered = {c.id for c in review.unanswered_comments(doc.draft)}
        for c, replies in review.threads(doc.draft):
            if c.resolved:
                continue
            where = review.comment_place(doc.draft, c.cell)
            state = ""
            if c.no_reply_needed:
                state = f"〔不需答复：{c.no_reply_by}〕"
            elif c.id in unanswered:
                state = "〔待答复〕"
            self._add(f"#{c.id}【{where}】{state}{c.who}（{format_time(c.at)}）：{c.text}", c)
            for r in replies:  # a reply to a reply too (``comment --reply-to``)
                self._add(f"　　↳ {r.who}（{format_time(r.at)}）：{r.text}", c)
        if self.list.count() == 0:
            self.list.addItem("没有未解决的意见。")
        self.changes.clear()
        for revision in revisions:
            item = QListWidgetItem(revision.text)
            item.setToolTip(f"{revision.text}\n{format_time(revision.at)}")
            item.setData(_COMMENT_CELL, revision.target if revision.kind == "cell" else "")
            self.changes.addItem(item)
        self.changes_caption.setVisible(bool(revisions))
        self.changes.setVisible(bool(revisions))

    def _add(self, text: str, thread: review.Comment) -> None:
        # Plain int and str in the item (no Python tuples in a QVariant).
        self.list.addItem(text)
        item = self.list.item(self.list.count() - 1)
        item.setData(_COMMENT_ID, thread.id)
        item.setData(_COMMENT_CELL, thread.cell or "")
        item.setToolTip(text)

    def _selected(self) -> tuple[int, str | None] | None:
        item = self.list.currentItem()
        if item is None or item.data(_COMMENT_ID) is None:
            return None
        return int(item.data(_COMMENT_ID)), item.data(_COMMENT_CELL) or None

    def _reply(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.ui.add_comment(on_cell=False, parent=selected[0], cell=selected[1])

    def _resolve(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.ui.resolve_comment(selected[0])

    def _no_reply(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.ui.mark_no_reply_needed(selected[0])

    def _go(self, item: QListWidgetItem) -> None:
        cell = item.data(_COMMENT_CELL)
        if cell:
            self.cellChosen.emit(cell)


_NEEDS_MODE = "请先进入审核模式（审核 → 进入审核模式…，Ctrl+R）"
_MODE_STYLE = "background: #5b2a86; color: white;"


class ReviewUI:
    """The review part of the main window.

    Two roles, one window: the 填报人 fills in and submits; the 审核人 works in 审核模式, entered
    with their name, where 退回, 签发, 撤销签发 and dismissing comments live. Outside it those
    actions are disabled. The rules (who may sign) are in :mod:`govreport_gui.core.ops.review`.
    """

    def __init__(self, window: WindowBase) -> None:
        self.window = window
        self.reviewer = ""  # the name given on entering 审核模式 ('' outside it)
        self._mode_doc: ReportDocument | None = None  # the document the name was given for
        self.signature = signature_view.SignatureWatch()  # the sign-off's signature, kept
        self.status_label = QLabel()
        self.status_label.setObjectName("statusBadge")
        self.mode_label = QLabel()
        self.mode_label.setObjectName("modeBadge")
        window.statusBar().addPermanentWidget(self.mode_label)
        self.comments = CommentsPanel(self, window)
        self.comments.cellChosen.connect(window.select_cell)
        w = window
        # F9: Ctrl+Shift+S is the platform's 另存为 key (one key, one action).
        self.act_submit = self._action("提交审核…", self.submit, "F9")
        self.act_return = self._action("退回…", self.return_to_filler)
        self.act_signoff = self._action("签发…", self.sign_off)
        self.act_reopen = self._action("撤销签发…", self.reopen)
        self.act_review_mode = self._action("进入审核模式…", self.toggle_review_mode, "Ctrl+R")
        self.act_review_mode.setCheckable(True)
        self.act_blockers = self._action("检查能否提交/签发", self.show_blockers)
        self.act_comment = self._action(
            "对当前格提意见…", lambda: self.add_comment(on_cell=True), "Ctrl+Alt+M"
        )
        self.act_form_comment = self._action(
            "对整表提意见…", lambda: self.add_comment(on_cell=False)
        )
        self.act_explain = self._action("为警告填写说明…", self.explain)
        self.act_history = self._action("修改记录…", self.show_history, "Ctrl+H")
        self.act_cell_history = self._action(
            "当前格的修改记录…", lambda: self.show_history(cell=True)
        )
        menu = w.menuBar().addMenu("审核(&R)")
        add_items(
            menu,
            (
                self.act_submit,
                None,
                self.act_review_mode,
                self.act_return,
                self.act_signoff,
                self.act_reopen,
                None,
                self.act_blockers,
                None,
                self.act_comment,
                self.act_form_comment,
                self.act_explain,
                None,
                self.act_history,
                self.act_cell_history,
            ),
        )
        self.menu = menu
        w.toolbar.addSeparator()
        self.status_action = w.toolbar.addWidget(self.status_label)
        self.status_action.setVisible(False)
        for a in (self.act_submit, self.act_review_mode, self.act_signoff):
            w.toolbar.addAction(a)
        self.update()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    @property
    def doc(self) -> ReportDocument | None:
        return self.window.doc

    @property
    def in_review_mode(self) -> bool:
        doc = self.doc
        return bool(doc is not None and doc.review_mode and self.reviewer)

    # -- state -----------------------------------------------------------------------------------

    def update(self) -> None:
        doc = self.doc
        if doc is not self._mode_doc:  # another draft (or none): 审核模式 is per draft
            if self.reviewer:
                self.window.statusBar().clearMessage()  # no "审核模式（…）" left over
            self._mode_doc, self.reviewer = doc, ""
        if doc is not None and not doc.review_mode:
            self.reviewer = ""
        has = doc is not None
        draft = doc.draft if doc else None
        writable = bool(draft and not draft.readonly)
        status = draft.status if draft else ""
        mode = self.in_review_mode
        self.act_submit.setEnabled(writable and status == FILLING and not mode)
        self.act_return.setEnabled(writable and status == SUBMITTED and mode)
        self.act_signoff.setEnabled(writable and status == SUBMITTED and mode)
        self.act_reopen.setEnabled(writable and status == SIGNED and mode)
        for a in (self.act_return, self.act_signoff, self.act_reopen):
            a.setToolTip("" if mode else _NEEDS_MODE)
        self.act_submit.setToolTip("退出审核模式后，由填报人提交" if mode else "提交审核（F9）")
        self.act_review_mode.setEnabled(has)
        self.act_review_mode.setChecked(mode)
        self.act_review_mode.setText(
            f"退出审核模式（{self.reviewer}）" if mode else "进入审核模式…"
        )
        self.act_review_mode.setIconText("退出审核模式" if mode else "审核模式")
        for a in (self.act_blockers, self.act_history, self.act_cell_history):
            a.setEnabled(has)
        for a in (self.act_comment, self.act_form_comment):
            a.setEnabled(writable)
        self.act_explain.setEnabled(writable and status not in (SUBMITTED, SIGNED) and not mode)
        panel = self.comments
        panel.add_cell.setEnabled(writable)
        panel.add_form.setEnabled(writable)
        panel.reply.setEnabled(writable)
        panel.resolve.setEnabled(writable and mode)
        panel.no_reply.setEnabled(writable and mode)
        for b in (panel.resolve, panel.no_reply):
            b.setToolTip(b.toolTip() if mode else _NEEDS_MODE)
        if mode:
            self.mode_label.setText(f"  审核模式：{self.reviewer}  ")
            self.mode_label.setStyleSheet(
                f"QLabel#modeBadge {{ {_MODE_STYLE} border-radius: 4px; padding: 2px 6px; font-weight: bold; }}"
            )
            self.mode_label.show()
        else:
            self.mode_label.hide()
        if draft is None or doc is None:
            self.status_action.setVisible(False)
            return
        text = f"  状态：{draft.status_name}  "
        style = _STATUS_STYLE.get(status, "")
        tip = ""
        check = self.signature.check(doc)
        if check is not None and (status == SIGNED or check.invalid):
            text = f"  {signature_view.badge_text(check)}  "
            style = signature_view.BADGE_STYLE.get(check.status, style)
            signoff = review.current_signoff(draft)
            shown = (
                short(signoff.fingerprint)
                if signoff and isinstance(signoff.fingerprint, str)
                else ""
            )
            tip = signature_view.badge_tooltip(check, shown)
        self.status_label.setText(text)
        self.status_label.setToolTip(tip)
        self.status_label.setStyleSheet(
            f"QLabel#statusBadge {{ {style} border-radius: 4px; padding: 3px; font-weight: bold; }}"
        )
        self.status_label.show()
        self.status_action.setVisible(True)
        revisions = self.revisions_to_show(doc)
        self.comments.reload(doc, revisions)
        self._mark_cells(revisions)

    def revisions_to_show(self, doc: ReportDocument) -> list[review_changes.Revision]:
        """What changed since the last 退回, once it is back for review (待审核 or 已签发)."""
        if doc.draft.status == FILLING:
            return []
        return review_changes.changes_since_return(doc.draft)

    def _mark_cells(self, revisions: list[review_changes.Revision]) -> None:
        doc, page = self.doc, self.window.page
        if doc is None or page is None:
            return
        notes: dict[str, list[str]] = {}
        for c in review.comments(doc.draft, open_only=True):
            if c.cell:
                notes.setdefault(c.cell, []).append(f"意见 #{c.id}（{c.who}）：{c.text}")
        changed = {
            r.target: f"{r.old or '空'} → {r.new or '空'}（{r.who}）"
            for r in revisions
            if r.kind == "cell"
        }
        for model in page.models:
            model.comment_cells = set(notes)
            model.comment_notes = notes
            model.changed_cells = changed
            model.refresh()

    def title_note(self) -> str:
        """For the window title: the mode and a failed signature, so nobody misses them."""
        note = signature_view.title_note(self.signature.check(self.doc))
        return note + (f"【审核模式：{self.reviewer}】" if self.in_review_mode else "")

    def signed_banner_line(self) -> str:
        """The banner's line for a signed draft: locked, and whether its signature holds (a
        failed one is the banner's first line, see :meth:`banner_lines`)."""
        check = self.signature.check(self.doc)
        if check is None or check.invalid:
            return ""
        return signature_view.banner_line(check)

    def banner_style(self) -> str:
        """The banner in the error colour while the sign-off's signature fails."""
        return signature_view.banner_style(self.signature.check(self.doc))

    def banner_lines(self) -> list[str]:
        """The mode and what needs the reader's eyes: changes to look at, comments to answer."""
        doc = self.doc
        if doc is None:
            return []
        check = self.signature.check(doc)
        failed = [signature_view.banner_line(check)] if check is not None and check.invalid else []
        return failed + self._mode_lines(doc)

    def _mode_lines(self, doc: ReportDocument) -> list[str]:
        if not self.in_review_mode:
            waiting = len(review.unanswered_comments(doc.draft))
            if waiting and doc.draft.status == FILLING:
                return [
                    f"有 {waiting} 条审核意见待答复：见右侧“审核意见”（蓝色底色的格子有意见，双击意见转到该格）。"
                ]
            return []
        line = f"审核模式（审核人：{self.reviewer}）：数值只读；可以提意见、退回、签发或撤销签发。"
        if review.figure_author(doc.draft, self.reviewer) is not None:
            line += f"注意：{self.reviewer}录入了本表的数字，不能退回、签发或撤销签发本表。"
        lines = [line]
        revisions = self.revisions_to_show(doc)
        if revisions:
            lines.append(
                f"退回（或撤销签发）后填报人修改了 {len(revisions)} 处：紫色底色标出，列在右侧“审核意见”下方。"
            )
        return lines

    def after_open(self) -> None:
        """A returned draft opened by its 填报人: the 审核意见 panel comes to the front by itself."""
        doc = self.doc
        if doc is None or doc.draft.status != FILLING or self.in_review_mode:
            return
        history = review.status_history(doc.draft)
        returned = review_changes.last_return(doc.draft)
        if returned is not None and history and history[-1].seq == returned.seq:
            self.window.comments_dock.show()
            self.window.comments_dock.raise_()

    def _run(self, action: Callable[[], object], done: str) -> bool:
        try:
            action()
        except review.ReviewRefused as exc:
            # Only blockers: the list that leads to each cell; other reasons too: say them all.
            if exc.blockers and len(exc.reasons) == len(exc.blockers) + 1:
                self._blockers_dialog("不能继续", exc.blockers)
            else:
                self.window.show_problem(exc.message, title="不能继续")
            return False
        except (DraftError, ValueError) as exc:
            self.window.show_problem(getattr(exc, "message", str(exc)))
            return False
        self.update()  # the op's change set reached the views; the panel and actions follow
        self.window.statusBar().showMessage(done, 8000)
        return True

    def _confirm(self, title: str, text: str, ok: str) -> bool:
        return self.window.confirm(title, text, ok)

    def _reason(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self.window, title, label)
        if not ok:
            return None
        if not text.strip():
            self.window.show_problem("必须填写理由。")
            return None
        return text.strip()

    def _blockers_dialog(self, title: str, blockers: list[review.Blocker]) -> None:
        dialog = BlockersDialog(title, blockers, self.window)
        dialog.cellChosen.connect(self.window.select_cell)
        dialog.exec()

    # -- actions ---------------------------------------------------------------------------------

    def show_blockers(self) -> None:
        if self.doc is None:
            return
        found = review.blockers(self.doc.draft, self.doc.checker)
        if not found:
            QMessageBox.information(
                self.window,
                "可以提交",
                "没有错误、空格、未填字段或未说明的警告，可以提交审核或签发。",
            )
            return
        self._blockers_dialog("还不能提交或签发", found)

    def submit(self) -> None:
        doc = self.doc
        if doc is None:
            return
        found = review.blockers(doc.draft, doc.checker)
        if found:
            self._blockers_dialog("还不能提交审核", found)
            return
        if self._confirm("提交审核", "提交后由审核人审核、退回或签发。确定提交吗？", "提交审核"):
            self._run(lambda: review_ops.submit(doc), "已提交审核。")

    def _require_mode(self) -> bool:
        """Review actions are the reviewer's: only in 审核模式 (the menu disables them elsewhere)."""
        if self.in_review_mode:
            return True
        self.window.show_problem(f"{_NEEDS_MODE}。", title="需要审核模式")
        return False

    def _refused(self, refusals: list[str], action: str) -> bool:
        """Who may act is said first: no point in asking for the reason of a refused action."""
        if refusals:
            self.window.show_problem(
                f"不能{action}：\n" + "\n".join(refusals), title=f"不能{action}"
            )
        return bool(refusals)

    def return_to_filler(self) -> None:
        doc = self.doc
        if doc is None or not self._require_mode():
            return
        if self._refused(review.return_refusals(doc.draft), "退回"):
            return
        reason = self._reason("退回", "退回的理由（填报人会看到）：")
        if reason is not None:
            self._run(lambda: review_ops.return_to_filler(doc, reason), "已退回填报人。")

    def sign_off(self) -> None:
        doc = self.doc
        if doc is None or not self._require_mode():
            return
        name = self.reviewer
        # Who may sign (not a 填报人 of these figures; every comment answered) comes first: no
        # point in asking for confirmation of a sign-off that will be refused.
        if self._refused(review.signoff_refusals(doc.draft, name), "签发"):
            return
        found = review.blockers(doc.draft, doc.checker)
        if found:
            self._blockers_dialog("还不能签发", found)
            return
        if self._confirm(
            "签发",
            f"签发后数值、表头表尾和报告正文将锁定，只有“撤销签发”才能再修改。\n签发人：{name}\n确定签发吗？",
            "签发",
        ):
            self._run(
                lambda: review_ops.sign_off(doc, name),
                "已签发，报表已锁定。",
            )

    def reopen(self) -> None:
        doc = self.doc
        if doc is None or not self._require_mode():
            return
        if self._refused(review.reopen_refusals(doc.draft), "撤销签发"):
            return
        reason = self._reason("撤销签发", "撤销签发的理由（会记入修改记录）：")
        if reason is not None and self._confirm(
            "撤销签发", "撤销后签发记录作废，报表回到“填报中”。确定吗？", "撤销签发"
        ):
            self._run(lambda: review_ops.reopen(doc, reason), "已撤销签发，可以修改。")

    def toggle_review_mode(self) -> None:
        doc = self.doc
        if doc is None:
            return
        if self.in_review_mode:
            self.leave_review_mode()
            return
        name = self._ask_reviewer()
        if name is None:
            self.act_review_mode.setChecked(False)
            return
        self.enter_review_mode(name)

    def _ask_reviewer(self) -> str | None:
        """The reviewer's name (tidied), or None when cancelled or left blank.

        It goes into every comment, 退回 and 撤销签发, so it is checked as ``--user`` and the
        签发人 are: a name pasted with an invisible character (a direction override) is not
        taken; the question comes again with the reason and the name without it."""
        from govreport_gui.gui.user_name import ask_checked_name

        return ask_checked_name(
            self.window,
            "进入审核模式",
            "审核人姓名（意见、退回和签发都会署上这个名字）：",
            self.window.user,
            "审核人姓名",
        )

    def enter_review_mode(self, name: str) -> None:
        doc = self.doc
        if doc is None:
            return
        self._mode_doc, self.reviewer = doc, name
        doc.draft.user = name  # what the reviewer does is recorded in the reviewer's name
        doc.set_review_mode(True)
        self.update()
        if self.revisions_to_show(doc) or review.comments(doc.draft, open_only=True):
            self.window.comments_dock.show()
            self.window.comments_dock.raise_()
        self.window.statusBar().showMessage(
            f"审核模式（{name}）：数值只读，可以提意见、退回或签发。", 8000
        )

    def leave_review_mode(self) -> None:
        doc = self.doc
        if doc is None:
            return
        self.reviewer = ""
        doc.draft.user = self.window.user
        doc.set_review_mode(False)
        self.update()
        self.after_open()
        self.window.statusBar().showMessage("已退出审核模式。", 8000)

    def add_comment(
        self, on_cell: bool, parent: int | None = None, cell: str | None = None
    ) -> None:
        doc = self.doc
        if doc is None:
            return
        if on_cell:
            view = self.window.page.current_view() if self.window.page else None
            current = view.form_model.cell_at(view.currentIndex()) if view else None
            if current is None:
                self.window.show_problem("请先选中一个单元格。")
                return
            cell = current.id
        where = review.comment_place(doc.draft, cell)
        title = "回复意见" if parent else f"意见：{where}"
        text, ok = QInputDialog.getMultiLineText(self.window, title, "内容：")
        if ok and text.strip():
            self._run(
                lambda: review_ops.add_comment(doc, text.strip(), cell=cell, parent=parent),
                "意见已保存。",
            )

    def resolve_comment(self, comment_id: int) -> None:
        doc = self.doc
        if doc is not None and self._require_mode():
            self._run(lambda: review_ops.resolve_comment(doc, comment_id), "意见已标为已解决。")

    def mark_no_reply_needed(self, comment_id: int) -> None:
        doc = self.doc
        if doc is not None and self._require_mode():
            self._run(
                lambda: review_ops.mark_no_reply_needed(doc, comment_id),
                "意见已标为“不需答复”。",
            )

    def explain(self) -> None:
        doc = self.doc
        if doc is None:
            return
        warnings = [p for p in doc.checker.problems() if p.severity is Severity.WARNING]
        if not warnings:
            self.window.show_problem("当前没有警告需要说明。")
            return
        # Unexplained (and stale) warnings first: they are what blocks submitting.
        warnings.sort(key=lambda w: doc.explanation(w) is not None)
        labels = [
            ("（已说明）" if doc.explanation(w) else "")
            + ("（数字已改变，需重新说明）" if doc.stale_explanation(w) else "")
            + w.message
            for w in warnings
        ]
        choice, ok = QInputDialog.getItem(self.window, "为警告填写说明", "警告：", labels, 0, False)
        if not ok:
            return
        warning = warnings[labels.index(choice)]
        old = doc.explanation(warning) or doc.stale_explanation(warning) or ""
        text, ok = QInputDialog.getMultiLineText(
            self.window, "说明", f"{warning.message}\n\n说明（为什么这个数是对的）：", old
        )
        if ok:
            self._run(
                lambda: review_ops.explain(doc, warning.id, text.strip()),
                "说明已保存。",
            )

    def show_history(self, cell: bool = False) -> None:
        doc = self.doc
        if doc is None:
            return
        cell_id = None
        if cell and self.window.page is not None:
            view = self.window.page.current_view()
            current = view.form_model.cell_at(view.currentIndex()) if view else None
            cell_id = current.id if current else None
        HistoryDialog(doc, cell_id, self.window).exec()
