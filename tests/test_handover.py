"""Handing drafts around: where each listed draft lives, a newer copy replacing the library's
older one (asked, the old one kept), and 重新打开原始示例 (the edited copy kept aside)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from menu_text import plain_texts
from PySide6.QtCore import Qt

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store import draft as draft_module
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import SIGNED, SUBMITTED, Draft, DraftWriteError
from govreport_gui.gui import handover
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.start_page import PATH_ROLE

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
LOCATION_COLUMN = 6


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOVREPORT_USER", raising=False)
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    # A clock that moves one minute per saved change: "later" without waiting.
    minutes = itertools.count()
    monkeypatch.setattr(
        draft_module, "now_iso", lambda: f"2025-01-10T08:{next(minutes) % 60:02d}:00+00:00"
    )
    yield


def library_report(tmp_path: Path) -> Path:
    """The 填报人's draft in the library, submitted; returns its path."""
    doc = load_values_document(EXAMPLE)
    path = library.new_draft_path(doc.form, "某局", "2018")
    with Draft.create(path, doc.form, "董晓东", {**doc.fields, "unit": "某局"}, doc.values) as d:
        review.submit(d)
    return path


def handed_back(library_copy: Path, tmp_path: Path) -> Path:
    """The copy the reviewer got (on a USB stick), signed off there: a newer copy of the report."""
    stick = tmp_path / "U盘" / "交回"
    stick.mkdir(parents=True)
    with Draft.open(library_copy, "董晓东", readonly=True) as d:
        copy = d.save_as(stick / library_copy.name)
    with Draft.open(copy, "沈涛") as d:
        review.sign_off(d, "沈涛")
    return copy


def test_a_newer_copy_of_a_library_report_is_recognised(tmp_path: Path) -> None:
    mine = library_report(tmp_path)
    back = handed_back(mine, tmp_path)
    older = library.older_library_copy(back)
    assert older is not None and older.path == mine.resolve() and older.status == SUBMITTED
    # Not for the library copy itself, and not for an older copy coming in.
    assert library.older_library_copy(mine) is None
    with Draft.open(mine, "董晓东") as d:  # the library copy changes later than the one outside
        review.add_comment(d, "补充说明")
    assert library.older_library_copy(back) is None


def test_another_report_is_not_an_older_copy(tmp_path: Path) -> None:
    mine = library_report(tmp_path)
    other_year = tmp_path / "其他" / "2019.nianbao"
    other_year.parent.mkdir()
    doc = load_values_document(EXAMPLE)
    Draft.create(
        other_year, doc.form, "董晓东", {**doc.fields, "unit": "某局", "year": "2019"}
    ).close()
    other_unit = tmp_path / "其他" / "他局.nianbao"
    Draft.create(other_unit, doc.form, "董晓东", {**doc.fields, "unit": "他局"}).close()
    assert library.older_library_copy(other_year) is None
    assert library.older_library_copy(other_unit) is None
    assert mine.exists()


def test_replacing_keeps_the_old_copy_aside(tmp_path: Path) -> None:
    mine = library_report(tmp_path)
    before = mine.read_bytes()
    back = handed_back(mine, tmp_path)
    kept = library.replace_library_copy(mine, back, "董晓东")
    assert kept.parent == settings.library_dir() / "已替换" and kept.read_bytes() == before
    with Draft.open(mine, "查看", readonly=True) as d:
        assert d.status == SIGNED and review.current_signoff(d) is not None
    assert back.exists()  # the file handed back is not touched
    # The set-aside copy is not listed as a report of its own.
    assert [s.path for s in library.list_drafts()] == [mine.resolve()]


def test_a_library_copy_open_for_writing_is_not_replaced(tmp_path: Path) -> None:
    mine = library_report(tmp_path)
    back = handed_back(mine, tmp_path)
    before = mine.read_bytes()
    with Draft.open(mine, "另一个窗口"), pytest.raises(DraftWriteError, match="正被打开"):
        library.replace_library_copy(mine, back, "董晓东")
    assert mine.read_bytes() == before
    assert not (settings.library_dir() / "已替换").exists() or not any(
        (settings.library_dir() / "已替换").iterdir()
    )


def test_folders_are_shortened_for_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert library.short_folder(tmp_path / "文档") == os.path.join("~", "文档")
    deep = (
        tmp_path
        / "一个很长的文件夹名字用来测试"
        / "第二层也很长的文件夹名字"
        / "第三层"
        / "交回的年报"
    )
    text = library.short_folder(deep)
    assert text.startswith("…") and text.endswith("交回的年报") and len(text) <= 28


# -- in the window -----------------------------------------------------------------------------


@pytest.fixture()
def window(qtbot: Any) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_start_page_says_where_each_copy_lives(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = library_report(tmp_path)
    back = handed_back(mine, tmp_path)
    settings.remember_recent(back)
    window.start.reload()
    model = window.start.model
    rows = {
        model.index(r, 0).data(PATH_ROLE): model.index(r, LOCATION_COLUMN)
        for r in range(model.rowCount())
    }
    assert rows[str(mine.resolve())].data() == "本机草稿库"
    outside = rows[str(back.resolve())]
    assert outside.data() == library.short_folder(back.parent) and "交回" in outside.data()
    assert str(back.resolve()) in outside.data(Qt.ItemDataRole.ToolTipRole)


def test_opening_a_newer_copy_offers_to_replace_the_library_one(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = library_report(tmp_path)
    back = handed_back(mine, tmp_path)
    asked: list[str] = []

    def say_no(title: str, text: str, yes: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(window, "confirm", say_no)
    assert window.open_path(back)
    # Shown at once; the library is read after that, in the background, and the offer comes then.
    assert window.doc is not None and window.doc.draft.path == back
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=20000)
    assert "较新的副本" in asked[0] and "不会删除" in asked[0]
    assert window.doc is not None and window.doc.draft.path == back  # as asked: nothing replaced
    with Draft.open(mine, "查看", readonly=True) as d:
        assert d.status == SUBMITTED

    monkeypatch.setattr(window, "confirm", lambda *a: True)
    assert window.open_path(back)
    qtbot.waitUntil(lambda: window.doc is not None and window.doc.draft.path == mine, timeout=20000)
    assert window.doc is not None and window.doc.draft.path == mine  # work goes on in the library
    assert window.doc.draft.status == SIGNED
    kept = list((settings.library_dir() / "已替换").iterdir())
    assert len(kept) == 1
    window.close_draft()
    # The report is listed once now: the library copy, signed off.
    listed = [(s.path, s.status) for s in library.list_drafts()]
    assert listed == [(mine.resolve(), SIGNED)]


def test_reopening_the_original_example(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_example()
    assert window.doc is not None
    edited = window.doc.draft.path
    window.doc.edit({"proactive_info": 999})
    monkeypatch.setattr(window, "confirm", lambda *a: False)
    window.act_fresh_example.trigger()
    assert window.doc is not None and window.doc.value("proactive_info") == 999  # not asked twice

    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text, yes: asked.append(text) or True)
    window.close_draft()
    window.start.fresh_example_button.click()
    assert asked and "不会删除" in asked[0]
    assert window.doc is not None and window.doc.draft.path == edited
    assert window.doc.value("proactive_info") == 370  # the bundled figures again
    kept = [p for p in settings.library_dir().glob("*.nianbao") if "改过的副本" in p.name]
    assert len(kept) == 1
    with Draft.open(kept[0], "查看", readonly=True) as d:
        assert d.values["proactive_info"] == 999
    # 打开示例 now opens the fresh copy; the edited one is a draft of its own in the list.
    window.close_draft()
    assert library.create_example() == edited
    assert {s.path.name for s in library.list_drafts()} == {edited.name, kept[0].name}
    assert "重新打开原始示例…" in plain_texts(window.menus["file"].actions())
    assert window.start.fresh_example_button.text() == handover.FRESH_EXAMPLE
