"""Handing drafts around in the window: a newer copy coming back replaces the library's older
one (asked; the old one is kept aside), and the bundled example can be had fresh again.

The decisions (same report? newer? where does the old copy go?) are in
:mod:`govreport_gui.core.store.library`; this module asks and reports.

Whether the library holds an older copy is found by reading every draft in it: seconds with
2,000 drafts. So a file from outside the library is opened and shown first, and the library is
read after that, in the background (:func:`look_for_older_copy`); the offer comes then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import DraftError
from govreport_gui.core.timefmt import format_time
from govreport_gui.gui.file_problems import file_problem
from govreport_gui.gui.window_base import WindowBase

if TYPE_CHECKING:
    from govreport_gui.gui.worker import Job

FRESH_EXAMPLE = "重新打开原始示例"


def install(window: WindowBase) -> QAction:
    """文件 → 重新打开原始示例 (after 打开示例); the start page's button triggers it (the window
    connects it when the page is made)."""
    action = QAction(f"{FRESH_EXAMPLE}…", window)
    action.setToolTip("新建一份未改过的示例副本（已改过的副本改名保留，不会删除）")
    action.triggered.connect(lambda: reopen_original_example(window))
    menu = window.menus["file"]
    actions = menu.actions()
    after = actions.index(window.act_example) + 1 if window.act_example in actions else len(actions)
    if after < len(actions):
        menu.insertAction(actions[after], action)
    else:
        menu.addAction(action)
    return action


def in_library(path: Path) -> bool:
    """``path`` is one of the library's own drafts (no file is read)."""
    try:
        return path.resolve().parent == settings.library_dir().resolve()
    except OSError:
        return False


def look_for_older_copy(window: WindowBase, path: Path) -> Job | None:
    """``path`` (from outside the library) is open and shown: read the library in the background
    for an older copy of the same report, and if there is one, offer to replace it then (the
    draft is closed, the library's copy replaced and opened, as :func:`offer_newer_copy` does).
    Nothing is offered once another draft was opened meanwhile. None when ``path`` is in the
    library (nothing to look for)."""
    if in_library(path):
        return None
    from govreport_gui.gui.worker import Job, Progress

    def work(_progress: Progress) -> library.DraftSummary | None:
        return library.older_library_copy(path)  # no widget, no open draft: files only

    def found(older: library.DraftSummary | None) -> None:
        doc = window.doc
        if older is None or doc is None or doc.draft.path != path:
            return  # nothing older, or the user has moved on to another draft
        if not _ask_to_replace(window, path, older):
            return
        if not window.close_draft():
            return
        window.open_path(_replace(window, path, older))

    def failed(_exc: Exception) -> None:
        pass  # the library could not be read: the draft stays open as it is, nothing offered

    return Job(window, "正在查找草稿库中的旧副本…", work, found, failed)


def offer_newer_copy(window: WindowBase, path: Path) -> Path:
    """Before ``path`` is opened: if it is a newer copy of a report the library holds, ask
    whether it should replace the library's copy. Returns the file to open (the library's copy
    once replaced, so that work goes on there). Reads the whole library: the window opens a file
    first and asks after that (:func:`look_for_older_copy`)."""
    older = library.older_library_copy(path)
    if older is None or not _ask_to_replace(window, path, older):
        return path
    return _replace(window, path, older)


def _ask_to_replace(window: WindowBase, path: Path, older: library.DraftSummary) -> bool:
    newer = library.summarise(path, in_library=False)
    text = (
        f"您打开的文件是“{newer.unit or '未填单位'} {newer.year} 年度”这份报表的一份较新的副本"
        f"（{newer.status_name}，最后修改 {format_time(newer.last_change)}）：\n{path}\n\n"
        f"本机草稿库中还有它较旧的副本（{older.status_name}，最后修改 "
        f"{format_time(older.last_change)}）：{older.path.name}\n\n"
        "用这份较新的替换草稿库中的副本吗？旧副本会移到草稿库的"
        f"“{library.REPLACED_FOLDER}”文件夹中保留，不会删除。"
    )
    return window.confirm("草稿库中有较旧的副本", text, "替换草稿库中的副本")


def _replace(window: WindowBase, path: Path, older: library.DraftSummary) -> Path:
    """Replace the library's older copy by ``path``; returns the file to open (``path`` when
    that failed: the reason was shown)."""
    try:
        backup = library.replace_library_copy(older.path, path, window.user)
    except DraftError as exc:
        window.show_problem(exc.message)
        return path
    settings.forget_recent(path)  # its content is in the library now: listed once, not twice
    window.statusBar().showMessage(
        f"已用较新的副本替换草稿库中的 {older.path.name}；旧副本保留在：{backup}", 15000
    )
    return older.path


def reopen_original_example(window: WindowBase) -> None:
    existing = library.example_copy()
    if existing is not None and not window.confirm(
        FRESH_EXAMPLE,
        f"草稿库中已有示例的副本（可能已改过）：{existing.name}\n\n"
        "重新打开原始示例会新建一份未改过的副本；原来的副本改名为“…（改过的副本 日期）”"
        "保留在草稿库中，不会删除。继续吗？",
        FRESH_EXAMPLE,
    ):
        return
    if not window.close_draft():
        return
    try:
        path, kept = library.fresh_example()
    except (DraftError, OSError) as exc:
        window.show_problem(file_problem(exc, "无法创建示例的副本"))
        return
    if window.open_path(path) and kept is not None:
        window.statusBar().showMessage(f"已打开原始示例；改过的副本保留为：{kept.name}", 15000)
