"""The window shows a sign-off's digital signature (issue 13 §3): valid and trusted, valid from a
key not in the trusted list, invalid (changed after sign-off, in the error colour, export as
signed refused but 导出草稿 allowed), and legacy (fingerprint only)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from pathlib import Path
from typing import Any

import background
import gui_helpers
import pytest
from gui_helpers import open_draft
from test_export import signed_example

from govreport_gui.core.store import keys
from govreport_gui.gui import file_dialogs
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

home, window = gui_helpers.home, gui_helpers.window  # the shared fixtures


def sql(path: Path, statement: str) -> None:
    con = sqlite3.connect(str(path))
    with con:
        con.execute(statement)
    con.close()


def signed_draft(tmp_path: Path) -> Path:
    """A draft signed off by 沈涛 with this user's own key (made now)."""
    return signed_example(tmp_path, "signed.nianbao")


def badge(win: MainWindow) -> str:
    return win.review.status_label.text().strip()


def test_a_valid_signature_by_the_own_key_is_shown_with_the_key(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    path = signed_draft(tmp_path)
    own = keys.load_own_key()
    assert own is not None
    open_draft(qtbot, window, path)
    assert badge(window) == "状态：已签发（沈涛） · 签名有效，签名人受信任"
    tip = window.review.status_label.toolTip()
    assert f"签名密钥：{own.fingerprint}" in tip and "签发时间：" in tip and "内容指纹：" in tip
    assert f"签名有效，签名人受信任，签名密钥 {own.fingerprint}" in window.banner.text()
    assert "签名无效" not in window.windowTitle()
    assert "#fde2e1" not in window.banner.styleSheet()


def test_a_key_not_in_the_trusted_list_is_said_and_how_to_trust_it(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_draft(tmp_path)
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))  # the receiving office
    open_draft(qtbot, window, path)
    assert "签名有效，但签名人不在受信任名单" in badge(window)
    assert "受信任的审核人" in window.banner.text()


def test_a_draft_changed_after_sign_off_is_shown_in_the_error_colour_and_not_exported_as_signed(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_draft(tmp_path)
    sql(path, "UPDATE signoff SET reviewer = '局长' WHERE active = 1")
    open_draft(qtbot, window, path)
    assert badge(window).startswith("状态：签发后被改动（签名无效）")
    first = window.banner.text().splitlines()[0]
    assert (
        first.startswith("签发后被改动（签名无效）：")
        and "不能导出正式文件，请重新审核签发" in first
    )
    assert "#fde2e1" in window.banner.styleSheet()  # the error colour
    assert window.windowTitle().startswith("【签名无效】")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    assert background.export(qtbot, window, ("xlsx", "pdf")) == []
    assert "签发后被改动（签名无效）" in window.last_problem
    assert "导出草稿" in window.last_problem and "Traceback" not in window.last_problem
    drafts = background.export(qtbot, window, ("xlsx", "pdf"), draft_mode=True)
    assert [p.suffix for p in drafts] == [".xlsx", ".pdf"]


def test_figures_changed_behind_the_programs_back_refuse_export_with_the_banners_words(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_draft(tmp_path)
    sql(path, "UPDATE cell SET value = '331' WHERE id = 'received_online'")
    open_draft(qtbot, window, path)
    first = window.banner.text().splitlines()[0]
    assert first.startswith("签发后被改动（签名无效）：签发时内容指纹")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    assert background.export(qtbot, window, ("xlsx", "pdf")) == []
    assert window.last_problem.startswith(first)


def test_a_legacy_sign_off_says_it_has_no_signature_and_how_to_re_sign(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed_draft(tmp_path)
    sql(
        path,
        "UPDATE signoff SET content_version = NULL, digests = NULL, signature = NULL, "
        "public_key = NULL",
    )
    open_draft(qtbot, window, path)
    assert "旧版签发（无数字签名）" in badge(window)
    banner = window.banner.text()
    assert banner.startswith("旧版签发（无数字签名）——不能证明签发人，不能导出正式文件")
    assert "请撤销签发后重新提交、签发" in banner
    # Anyone with sqlite3 can write a legacy sign-off: the window exports it only as a draft.
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    assert background.export(qtbot, window, ("xlsx", "pdf")) == []
    assert window.last_problem.startswith(
        "旧版签发（无数字签名），不能证明签发人：请撤销签发后重新提交、签发，再导出正式文件"
    )
    assert "导出草稿" in window.last_problem and list(out.iterdir()) == []
    drafts = background.export(qtbot, window, ("xlsx", "pdf"), draft_mode=True)
    assert [p.suffix for p in drafts] == [".xlsx", ".pdf"]


def test_the_signature_is_checked_once_per_open_not_per_look(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    open_draft(qtbot, window, signed_draft(tmp_path))
    watch = window.review.signature
    before = watch.computed
    for _ in range(5):
        window.review.update()
        window.review.title_note()
        window.repaint()
    assert watch.computed == before
    watch.forget()  # the keys changed: asked again once
    window.review.update()
    assert watch.computed == before + 1


def test_signing_off_under_another_name_than_the_own_keys_is_refused_in_the_window(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import SUBMITTED, Draft
    from govreport_gui.gui import review_ui

    keys.own_key_for_signing("沈涛")  # this computer's key is 沈涛's
    example = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
    doc = load_values_document(example)
    path = tmp_path / "submitted.nianbao"
    with Draft.create(path, doc.form, "填报人", doc.fields, doc.values) as d:
        review.submit(d)
    open_draft(qtbot, window, path)
    monkeypatch.setattr(review_ui.ReviewUI, "_confirm", lambda self, *a: True)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("局长", True)))
    window.review.act_review_mode.trigger()
    window.review.act_signoff.trigger()
    assert "本机的签名密钥属于沈涛，不能以局长的名义签发" in window.last_problem
    assert window.doc is not None and window.doc.draft.status == SUBMITTED


@pytest.mark.parametrize("width", [1024, 1100, 1180])
def test_the_badge_shows_its_whole_text_in_the_toolbar(
    window: MainWindow, qtbot: Any, tmp_path: Path, width: int
) -> None:
    """At the window's usual widths (1024×600 included) the badge is whole: no part of its text
    cut off with “…” (the key is in the banner, just below, and in the badge's tooltip), and
    neither it nor 签发 pushed behind the toolbar's » button."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    open_draft(qtbot, window, signed_draft(tmp_path))
    own = keys.load_own_key()  # made for the signature
    assert own is not None
    window.resize(width, 600)
    qtbot.waitUntil(lambda: window.width() == width)
    label = window.review.status_label
    qtbot.waitUntil(label.isVisible)
    text = label.text()
    assert "…" not in text and "签名有效，签名人受信任" in text
    assert label.width() >= label.sizeHint().width()
    room = label.contentsRect().width()
    metrics = QFontMetrics(label.font())
    assert metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) == text
    toolbar = window.toolbar
    assert toolbar.rect().contains(label.geometry())
    signoff = toolbar.widgetForAction(window.review.act_signoff)
    assert signoff is not None and signoff.isVisible()
    assert f"签名密钥：{own.fingerprint}" in label.toolTip()
