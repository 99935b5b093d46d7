"""审核 → 我的签名密钥… and 受信任的审核人… (issue 13 §3): the keys of ``govreport keys`` in the
window. File dialogs and message boxes are answered by patching the calls that would open them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import stat
from pathlib import Path
from typing import Any

import gui_helpers
import pytest
from gui_helpers import open_draft
from menu_text import plain_texts
from test_export import signed_example

from govreport_gui.core.store import keys
from govreport_gui.gui import file_dialogs, key_dialogs
from govreport_gui.gui.key_dialogs import OwnKeyDialog, TrustedKeysDialog
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

home, window = gui_helpers.home, gui_helpers.window  # the shared fixtures


class Boxes:
    """The message boxes the dialogs would show: (title, text, problem); questions answered."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.told: list[tuple[str, str, bool]] = []
        self.asked: list[str] = []
        self.answer = True
        monkeypatch.setattr(key_dialogs, "tell", self._tell)
        monkeypatch.setattr(key_dialogs, "ask", self._ask)

    def _tell(self, parent: Any, title: str, text: str, problem: bool = False) -> None:
        self.told.append((title, text, problem))

    def _ask(self, parent: Any, title: str, text: str, yes: str) -> bool:
        self.asked.append(text)
        return self.answer

    @property
    def last(self) -> tuple[str, str, bool]:
        return self.told[-1]


@pytest.fixture()
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


def choose(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: path)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: path)


def test_the_review_menu_has_the_key_dialogs(window: MainWindow) -> None:
    texts = plain_texts(window.review.menu.actions())
    assert "我的签名密钥…" in texts and "受信任的审核人…" in texts


def test_own_key_not_made_yet(window: MainWindow, qtbot: Any) -> None:
    dialog = OwnKeyDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == "尚未生成（第一次签发时生成）"
    assert not dialog.export_button.isEnabled() and not dialog.backup_button.isEnabled()
    assert not dialog.rename_button.isEnabled()
    assert dialog.restore_button.isEnabled()


def test_export_the_public_key_and_back_up_the_key_pair(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    pair = keys.own_key_for_signing("沈涛")
    dialog = OwnKeyDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == f"指纹：{pair.fingerprint}"
    assert "沈涛" in dialog.details.text()

    public = tmp_path / "沈涛"  # typed without the suffix: it is added
    choose(monkeypatch, public)
    dialog.export_button.click()
    written = tmp_path / "沈涛.govreport-key"
    assert keys.read_public_key_file(written).key == pair.public
    assert boxes.last[2] is False and pair.fingerprint in boxes.last[1]
    dialog.export_button.click()  # the same name again: refused with a message, not replaced
    assert boxes.last[2] is True and "已存在" in boxes.last[1]

    saved = tmp_path / "备份.json"
    choose(monkeypatch, saved)
    dialog.backup_button.click()
    assert saved.exists() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "私钥" in boxes.last[1] and boxes.last[2] is False

    choose(monkeypatch, None)  # cancelled: nothing happens
    count = len(boxes.told)
    dialog.backup_button.click()
    assert len(boxes.told) == count


def test_restore_on_a_new_computer_and_over_another_key_only_when_confirmed(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    old = keys.own_key_for_signing("沈涛")
    saved = tmp_path / "备份.json"
    keys.backup(saved)
    changes: list[int] = []
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "new-computer"))
    dialog = OwnKeyDialog(window, lambda: changes.append(1))
    qtbot.addWidget(dialog)
    choose(monkeypatch, saved)
    dialog.restore_button.click()
    assert dialog.fingerprint.text() == f"指纹：{old.fingerprint}" and changes == [1]
    assert boxes.asked == []  # nothing to replace: no question

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "another"))
    other = keys.own_key_for_signing("沈涛")
    dialog.reload()
    boxes.answer = False
    dialog.restore_button.click()
    assert len(boxes.asked) == 1 and other.fingerprint in boxes.asked[0]
    loaded = keys.load_own_key()
    assert loaded is not None and loaded.public == other.public  # not replaced
    boxes.answer = True
    dialog.restore_button.click()
    loaded = keys.load_own_key()
    assert loaded is not None and loaded.public == old.public
    assert dialog.fingerprint.text() == f"指纹：{old.fingerprint}"


def test_a_hostile_backup_file_is_a_clear_message(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "govreport-keypair", "private": "AAAA", "public": "AAAA"}', "utf-8")
    dialog = OwnKeyDialog(window)
    qtbot.addWidget(dialog)
    choose(monkeypatch, bad)
    dialog.restore_button.click()
    assert boxes.last[2] is True and "密钥备份" in boxes.last[1]
    assert keys.load_own_key() is None


def test_trust_a_reviewer_and_the_open_draft_says_so(
    window: MainWindow,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:
    path = signed_example(tmp_path, "signed.nianbao")  # signed by 沈涛 with this home's key
    public = tmp_path / "沈涛.govreport-key"
    pair = keys.export_public(public)
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))  # the receiving office
    open_draft(qtbot, window, path)
    assert "不在受信任名单" in window.review.status_label.text()

    dialog = TrustedKeysDialog(window, window._signing_keys_changed)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and "名单为空" in dialog.empty.text()
    assert not dialog.remove_button.isEnabled()
    choose(monkeypatch, public)
    dialog.import_button.click()
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 1)] == ["沈涛", pair.fingerprint]
    assert dialog.table.item(0, 2).text()  # when it was added
    assert "签名有效，签名人受信任" in window.review.status_label.text()  # checked again
    assert "签名人受信任" in window.banner.text()

    dialog.table.selectRow(0)
    assert dialog.remove_button.isEnabled()
    boxes.answer = False
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 1 and "沈涛" in boxes.asked[-1]
    boxes.answer = True
    dialog.remove_button.click()
    assert dialog.table.rowCount() == 0 and keys.trusted_keys() == []
    assert "不在受信任名单" in window.review.status_label.text()


def test_hostile_key_files_and_a_damaged_list_are_clear_messages(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    big = tmp_path / "big.govreport-key"
    big.write_bytes(b"{" + b" " * keys.MAX_KEY_FILE + b"}")
    dialog = TrustedKeysDialog(window)
    qtbot.addWidget(dialog)
    choose(monkeypatch, big)
    dialog.import_button.click()
    assert boxes.last[2] is True and "过大" in boxes.last[1]
    keys.keys_dir().mkdir(parents=True, exist_ok=True)
    keys.trusted_path().write_text("{not json", "utf-8")
    dialog.reload()
    assert dialog.table.rowCount() == 0 and "受信任名单" in dialog.empty.text()


def test_the_name_of_the_own_key_can_be_corrected_in_the_dialog(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    """A typo at the first sign-off (沈滔 for 沈涛) bound the key to it for good: 更改姓名… corrects
    it (the same key), the name checked as every typed one, and says what it means."""
    from PySide6.QtWidgets import QInputDialog

    made = keys.own_key_for_signing("沈滔")
    changes: list[int] = []
    dialog = OwnKeyDialog(window, lambda: changes.append(1))
    qtbot.addWidget(dialog)
    assert dialog.rename_button.isEnabled()
    asked: list[tuple[str, str]] = []
    answers = iter([("沈\u202e涛", True), ("沈涛", True)])

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append((args[2], kwargs.get("text", "")))
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    dialog.rename_button.click()
    assert asked[0][1] == "沈滔" and "这把密钥现在属于沈滔" in asked[0][0]
    assert "新的姓名中有不可见的格式字符（U+202E" in asked[1][0] and asked[1][1] == "沈涛"
    renamed = keys.load_own_key()
    assert renamed is not None and renamed.name == "沈涛" and renamed.public == made.public
    assert changes == [1] and "签发人：沈涛" in dialog.details.text()
    title, text, problem = boxes.last
    assert (title, problem) == ("更改姓名", False)
    assert text.startswith(
        f"已把签名密钥的姓名由沈滔改为沈涛（同一把密钥，指纹 {made.fingerprint} 不变）。"
    )
    assert (
        "请重新导出公钥交给对方重新导入（导出公钥…）" in text and "请重新备份（备份密钥…）" in text
    )

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    told = len(boxes.told)
    dialog.rename_button.click()  # cancelled: nothing happens
    assert len(boxes.told) == told and changes == [1]
