"""审核 → 我的签名密钥… and 受信任的审核人…: the signing keys in the window (issue 13 §3).

The same operations as ``govreport keys`` (:mod:`govreport_gui.core.store.keys` does the work,
no crypto here): the reviewer sees their own key's fingerprint, exports the public key for the
receiving office, backs the key pair up and restores it on a new computer, corrects the name
the key belongs to (typed wrong at the first sign-off); the receiving office
keeps the list of trusted reviewers' keys (import a public key file, remove one). Every file is
chosen through :mod:`.file_dialogs`; every refusal (:class:`~govreport_gui.core.store.keys.KeyFileError`)
is a Chinese message box; restoring over another key and removing a trusted key ask first.

After a change the window checks the open draft's signature again (``on_change``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govreport_gui.core.store import keys
from govreport_gui.core.timefmt import format_time
from govreport_gui.gui import file_dialogs

PUBLIC_FILTER = f"签名公钥文件 (*{keys.PUBLIC_SUFFIX})"
BACKUP_FILTER = "签名密钥备份 (*.json)"
NOT_YET = "尚未生成（第一次签发时生成）"


# -- the message boxes (tests replace these two) -------------------------------------------------


def tell(parent: QWidget, title: str, text: str, problem: bool = False) -> None:
    """A message with one 知道了 button: what happened, or why not and what to do."""
    icon = QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.exec()


def ask(parent: QWidget, title: str, text: str, yes: str) -> bool:
    """A question with a named 'yes' button and 取消."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.name.lower().endswith(suffix) else path.with_name(path.name + suffix)


# -- 我的签名密钥 -----------------------------------------------------------------------------------


class OwnKeyDialog(QDialog):
    """This user's signing key: its fingerprint, and export / backup / restore."""

    def __init__(self, parent: QWidget, on_change: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("我的签名密钥")
        self.on_change = on_change
        self.folder = Path.home()  # where the file dialogs start
        layout = QVBoxLayout(self)
        intro = QLabel(
            "签发时用这把密钥做数字签名。把公钥导出交给接收单位，对方加入受信任名单后，"
            "核对时会显示“签名有效，签名人受信任”。备份中含有私钥：持有它的人可以以您的名义签发。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("keyFingerprint")
        big = QFont(self.fingerprint.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.fingerprint.setFont(big)
        self.details = QLabel()
        self.details.setWordWrap(True)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("导出公钥…")
        self.backup_button = QPushButton("备份密钥…")
        self.restore_button = QPushButton("从备份恢复…")
        self.rename_button = QPushButton("更改姓名…")
        self.rename_button.setToolTip("第一次签发时写错了签发人的姓名：改正这把密钥所属的姓名")
        self.export_button.clicked.connect(self.export_public)
        self.backup_button.clicked.connect(self.backup)
        self.restore_button.clicked.connect(self.restore)
        self.rename_button.clicked.connect(self.rename)
        buttons_in_order = (
            self.export_button,
            self.backup_button,
            self.restore_button,
            self.rename_button,
        )
        for button in buttons_in_order:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        # Never smaller than its text: the details grow by a line once a key exists.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(560)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload()

    def _own(self) -> tuple[keys.KeyPair | None, str]:
        try:
            return keys.load_own_key(), ""
        except keys.KeyFileError as exc:
            return None, exc.message

    def reload(self) -> None:
        pair, problem = self._own()
        if problem:
            self.fingerprint.setText("签名密钥无法使用")
            self.fingerprint.setStyleSheet("color: #b3261e;")
            self.details.setText(problem)
        elif pair is None:
            self.fingerprint.setText(NOT_YET)
            self.fingerprint.setStyleSheet("")
            self.details.setText("也可以从别的电脑上做的备份恢复（从备份恢复…）。")
        else:
            self.fingerprint.setText(f"指纹：{pair.fingerprint}")
            self.fingerprint.setStyleSheet("")
            self.details.setText(
                f"签发人：{pair.name}　生成时间：{format_time(pair.created)}\n"
                f"密钥文件：{keys.private_key_path()}"
            )
        self.export_button.setEnabled(pair is not None)
        self.backup_button.setEnabled(pair is not None)
        self.rename_button.setEnabled(pair is not None)
        if self.isVisible():
            self.adjustSize()  # a restored key adds a line of details

    def _changed(self) -> None:
        self.reload()
        if self.on_change is not None:
            self.on_change()

    def export_public(self) -> None:
        pair, _ = self._own()
        name = pair.name if pair is not None else "签名公钥"
        chosen = file_dialogs.save_file(
            self, "导出公钥", self.folder / f"{name}{keys.PUBLIC_SUFFIX}", PUBLIC_FILTER
        )
        if chosen is None:
            return
        path = _with_suffix(chosen, keys.PUBLIC_SUFFIX)
        try:
            exported = keys.export_public(path)
        except keys.KeyFileError as exc:
            tell(self, "导出公钥", exc.message, problem=True)
            return
        self.folder = path.parent
        tell(
            self,
            "导出公钥",
            f"已导出公钥：{path}\n（{exported.name}，指纹 {exported.fingerprint}）\n\n"
            f"{keys.AFTER_EXPORT_PUBLIC}",
        )

    def backup(self) -> None:
        pair, _ = self._own()
        name = pair.name if pair is not None else ""
        chosen = file_dialogs.save_file(
            self, "备份签名密钥", self.folder / f"签名密钥备份-{name}.json", BACKUP_FILTER
        )
        if chosen is None:
            return
        path = _with_suffix(chosen, ".json")
        try:
            saved = keys.backup(path)
        except keys.KeyFileError as exc:
            tell(self, "备份签名密钥", exc.message, problem=True)
            return
        self.folder = path.parent
        tell(
            self,
            "备份签名密钥",
            f"已备份签名密钥（指纹 {saved.fingerprint}）：{path}\n\n{keys.AFTER_BACKUP}",
        )

    def restore(self) -> None:
        chosen = file_dialogs.open_file(self, "从备份恢复签名密钥", self.folder, BACKUP_FILTER)
        if chosen is None:
            return
        note = ""
        try:
            restored, note = keys.restore_noting(chosen)  # note: an unusable key file kept aside
        except keys.KeyFileError as exc:
            existing, _ = self._own()
            if not isinstance(exc, keys.AnotherKeyError) or existing is None:
                tell(self, "从备份恢复", exc.message, problem=True)
                return
            # Another key is in place: replacing it is the user's decision, asked here.
            if not ask(
                self,
                "从备份恢复",
                f"本机已有另一把签名密钥（指纹 {existing.fingerprint}）。\n"
                "用备份替换后，用旧密钥签的报表仍可核对，但本机不再能以它签名。确定替换吗？",
                "替换",
            ):
                return
            try:
                restored = keys.restore(chosen, force=True)
            except keys.KeyFileError as again:
                tell(self, "从备份恢复", again.message, problem=True)
                return
        self.folder = chosen.parent
        self._changed()
        tell(
            self,
            "从备份恢复",
            f"已恢复签名密钥：{restored.name}（指纹 {restored.fingerprint}）"
            + (f"\n\n{note}" if note else ""),
        )

    def rename(self) -> None:
        """Correct the name the key belongs to (typed wrong at the first sign-off)."""
        from govreport_gui.gui.user_name import ask_checked_name

        pair, _ = self._own()
        if pair is None:
            return
        name = ask_checked_name(
            self,
            "更改签名密钥的姓名",
            f"这把密钥现在属于{pair.name}，只能以这个姓名签发。\n"
            "如果第一次签发时姓名写错了，请填写正确的签发人姓名：",
            pair.name,
            "新的姓名",
        )
        if name is None:
            return
        try:
            renamed, old = keys.rename_own_key(name)
        except keys.KeyFileError as exc:
            tell(self, "更改姓名", exc.message, problem=True)
            return
        if not old:
            tell(self, "更改姓名", f"这把密钥的姓名已是{renamed.name}，没有更改。")
            return
        self._changed()
        how = ("（导出公钥…）", "（备份密钥…）")
        tell(
            self,
            "更改姓名",
            f"已把签名密钥的姓名由{old}改为{renamed.name}"
            f"（同一把密钥，指纹 {renamed.fingerprint} 不变）。\n\n"
            + keys.after_rename(old, renamed.name, *how).replace("\n", "\n\n"),
        )


# -- 受信任的审核人 ---------------------------------------------------------------------------------


class TrustedKeysDialog(QDialog):
    """The office's trusted reviewers: name, key fingerprint, when added; import and remove."""

    COLUMNS = ("姓名", "密钥指纹", "加入时间")

    def __init__(self, parent: QWidget, on_change: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("受信任的审核人")
        self.on_change = on_change
        self.folder = Path.home()
        self.entries: list[keys.TrustedKey] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "这些审核人签发的报表，核对时显示“签名有效，签名人受信任”。导入审核人交来的公钥文件"
            f"（{keys.PUBLIC_SUFFIX}）前，请另行（如电话）与本人核对指纹。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("导入公钥文件…")
        self.remove_button = QPushButton("移除")
        self.import_button.clicked.connect(self.import_key)
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()
        self.resize(620, 360)

    def reload(self) -> None:
        try:
            self.entries = keys.trusted_keys()
            problem = ""
        except keys.KeyFileError as exc:
            self.entries, problem = [], exc.message
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            added = format_time(entry.added) if entry.added else ""
            for column, text in enumerate((entry.name, entry.fingerprint, added)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if problem:
            self.empty.setText(problem)
            self.empty.setStyleSheet("color: #b3261e;")
        else:
            self.empty.setText("" if self.entries else "名单为空：还没有导入任何审核人的公钥。")
            self.empty.setStyleSheet("")
        self.empty.setVisible(bool(self.empty.text()))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def selected(self) -> keys.TrustedKey | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _changed(self) -> None:
        self.reload()
        if self.on_change is not None:
            self.on_change()

    def import_key(self) -> None:
        chosen = file_dialogs.open_file(self, "导入公钥文件", self.folder, PUBLIC_FILTER)
        if chosen is None:
            return
        try:
            entry = keys.trust(chosen)
        except keys.KeyFileError as exc:
            tell(self, "导入公钥文件", exc.message, problem=True)
            return
        self.folder = chosen.parent
        self._changed()
        tell(
            self,
            "导入公钥文件",
            f"已加入受信任名单：{entry.name}（指纹 {entry.fingerprint}）。\n"
            "请确认这个指纹与审核人本人告诉您的一致。",
        )

    def remove(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if not ask(
            self,
            "移除受信任的审核人",
            f"把“{entry.name}”（指纹 {entry.fingerprint}）移出受信任名单吗？\n"
            "移除后，这把密钥签发的报表显示为“签名有效，但签名人不在受信任名单”。",
            "移除",
        ):
            return
        try:
            keys.untrust(entry.fingerprint)
        except keys.KeyFileError as exc:
            tell(self, "移除受信任的审核人", exc.message, problem=True)
            return
        self._changed()


# -- the menu ---------------------------------------------------------------------------------------


def _run(dialog: QDialog) -> None:
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


def install(parent: QWidget, menu: QMenu, on_change: Callable[[], None]) -> tuple[QAction, QAction]:
    """我的签名密钥… and 受信任的审核人… at the end of ``menu`` (审核)."""
    own = QAction("我的签名密钥…", parent)
    trusted = QAction("受信任的审核人…", parent)
    own.triggered.connect(lambda: _run(OwnKeyDialog(parent, on_change)))
    trusted.triggered.connect(lambda: _run(TrustedKeysDialog(parent, on_change)))
    menu.addSeparator()
    menu.addAction(own)
    menu.addAction(trusted)
    return own, trusted
