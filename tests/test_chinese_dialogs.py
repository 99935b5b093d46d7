"""Every dialog of the window speaks Chinese: buttons, labels, titles, placeholders, lists' headers.

Each entry of DIALOGS opens dialogs the way a user would (the window's own actions), and
``dialog_texts.open_and_read`` reads every visible text of each dialog before answering it. The
test fails on any Latin word outside the one allow-list (``dialog_texts.ALLOWED``). Qt's own
dialogs (the file dialog, OK/Cancel of standard buttons) are included: they are Chinese only
because the window loads Qt's catalogue at start (``qt_translations``).

Adding a dialog: one line in DIALOGS, (name, function of the window that opens it, answers).
"""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from dialog_texts import Answer, english_words, open_and_read
from menu_text import plain
from PySide6.QtWidgets import QApplication, QFileDialog, QStyleOptionViewItem, QTreeView

from govreport_gui.core.ops import review, review_ops
from govreport_gui.core.store import settings
from govreport_gui.gui import app as gui_app
from govreport_gui.gui import crash_report, file_dialogs, user_name
from govreport_gui.gui.handover import offer_newer_copy
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.new_draft_dialog import NewDraftDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture()
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOVREPORT_USER", raising=False)  # 设置 → 您的姓名… asks, not refuses
    monkeypatch.setattr(file_dialogs, "use_native", False)  # Qt's own file dialog, inspectable
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.open_example()
    return win


def _import_word_report(win: MainWindow) -> None:
    """文件 → 从已发布年报导入… with the seed report (made in a temporary folder) chosen."""
    import tempfile

    from report_docx import seed_document

    folder = Path(tempfile.mkdtemp(dir=os.environ["GOVREPORT_HOME"]))
    win.build_extras()
    win.word_import.import_report(seed_document(folder / "年报.docx"))


def _submitted(win: MainWindow) -> MainWindow:
    assert win.doc is not None
    review_ops.submit(win.doc)  # through the document: the window hears of it
    win.review.update()
    return win


def _reviewing(win: MainWindow) -> MainWindow:
    """Submitted, and in 审核模式 under a reviewer who entered none of the figures."""
    _submitted(win)
    win.review.enter_review_mode("沈涛")  # the example's figures are 董晓东's
    assert win.review.in_review_mode
    return win


def _newer_copy_outside(win: MainWindow) -> Path:
    """A copy of the open library draft, outside the library, changed later (handed back)."""
    from unittest import mock

    from govreport_gui.core.store import draft as draft_module
    from govreport_gui.core.store.draft import Draft

    assert win.doc is not None
    outside = Path(os.environ["GOVREPORT_HOME"]).parent / "U盘"
    outside.mkdir(parents=True, exist_ok=True)
    with Draft.open(win.doc.draft.path, "董晓东", readonly=True) as d:
        copy = d.save_as(outside / win.doc.draft.path.name)
    with (
        mock.patch.object(draft_module, "now_iso", lambda: "2099-01-01T08:00:00+00:00"),
        Draft.open(copy, "沈涛") as d,
    ):
        review.add_comment(d, "请核对")
    return copy


def _with_warning(win: MainWindow) -> MainWindow:
    assert win.doc is not None
    win.doc.edit({"normative_published": 1})  # more published than issued: a warning
    return win


def _blank_draft(win: MainWindow) -> MainWindow:
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.store import library
    from govreport_gui.core.store.draft import Draft

    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "空白单位", "2024")
    Draft.create(path, form, "董晓东", fields={"unit": "空白单位", "year": "2024"}).close()
    win.open_path(path)
    return win


def _not_a_draft(win: MainWindow) -> None:
    bad = Path(os.environ["GOVREPORT_HOME"]) / "文本.nianbao"
    bad.write_text("这不是草稿", encoding="utf-8")
    win.open_path(bad)


def _crash(exc: BaseException) -> Callable[[MainWindow], None]:
    def show(win: MainWindow) -> None:
        reporter = crash_report.CrashReporter(win)  # not installed: only its dialog is looked at
        reporter._show(crash_report.dialog_text(exc, "/home/张三/日志.log"), "")

    return show


Opener = Callable[[MainWindow], object]
DIALOGS: list[tuple[str, Callable[[MainWindow], MainWindow], Opener, Sequence[Answer]]] = [
    # (name, state to start from, what opens the dialog(s), one answer per dialog)
    ("新建", lambda w: w, lambda w: w.new_draft(), ["reject"]),
    ("新建·选择上一年度", lambda w: w, lambda w: NewDraftDialog(w)._browse(), ["reject"]),
    ("打开", lambda w: w, lambda w: w.open_dialog(), ["reject"]),
    ("另存为", lambda w: w, lambda w: w.save_as(), ["reject"]),
    ("导出 Excel", lambda w: w, lambda w: w.exports.export(("xlsx",), draft_mode=True), ["reject"]),
    ("导出到文件夹", lambda w: w, lambda w: w.exports.export(("xlsx", "pdf"), True), ["reject"]),
    ("从 Excel 导入", lambda w: w, lambda w: w.exports.import_xlsx(), ["reject"]),
    ("导出完成", lambda w: w, lambda w: w.exports._done([Path("/a/b.pdf")], True), ["reject"]),
    ("替换文件", lambda w: w, lambda w: w.exports._confirm_overwrite([Path("a.pdf")]), ["reject"]),
    ("提意见", lambda w: w, lambda w: w.review.add_comment(on_cell=False), ["reject"]),
    ("提交审核", lambda w: w, lambda w: w.review.submit(), ["reject"]),
    ("退回", _submitted, lambda w: w.review.return_to_filler(), ["reject"]),
    ("签发", _reviewing, lambda w: w.review.sign_off(), ["reject"]),
    ("说明", _with_warning, lambda w: w.review.explain(), ["accept", "reject"]),
    ("修改记录", lambda w: w, lambda w: w.review.show_history(), ["reject"]),
    ("可以提交", lambda w: w, lambda w: w.review.show_blockers(), ["accept"]),
    ("还不能提交", _blank_draft, lambda w: w.review.show_blockers(), ["reject"]),
    ("不是草稿", lambda w: w, _not_a_draft, ["reject"]),
    ("提示", lambda w: w, lambda w: w.show_problem("没有问题。"), ["reject"]),
    ("程序出错·文件", lambda w: w, _crash(OSError(36, "File name too long", "x")), ["reject"]),
    ("程序出错·内部", lambda w: w, _crash(RuntimeError("Something broke")), ["reject"]),
    ("进入审核模式", lambda w: w, lambda w: w.review.act_review_mode.trigger(), ["reject"]),
    ("设置·您的姓名", lambda w: w, lambda w: w.act_user_name.trigger(), ["reject"]),
    ("重新打开原始示例", lambda w: w, lambda w: w.act_fresh_example.trigger(), ["reject"]),
    (
        "替换草稿库中的副本",
        lambda w: w,
        lambda w: offer_newer_copy(w, _newer_copy_outside(w)),
        ["reject"],
    ),
    ("打印", lambda w: w, lambda w: w.printing.act_print.trigger(), ["reject"]),
    ("打印预览", lambda w: w, lambda w: w.printing.act_preview.trigger(), ["reject"]),
    ("关于", lambda w: w, lambda w: w.act_about.trigger(), ["reject"]),
    ("打印全文", lambda w: w, lambda w: w.printing.act_print_whole.trigger(), ["reject"]),
    ("全文打印预览", lambda w: w, lambda w: w.printing.act_preview_whole.trigger(), ["reject"]),
    ("导出全文·只能导出草稿版", lambda w: w, lambda w: w.exports.act_docx.trigger(), ["reject"]),
    ("从已发布年报导入", lambda w: w, lambda w: _import_word_report(w), ["reject"]),
]


@pytest.mark.parametrize(
    ("state", "opener", "answers"),
    [pytest.param(s, o, a, id=name) for name, s, o, a in DIALOGS],
)
def test_every_dialog_speaks_chinese(
    window: MainWindow,
    qtbot: Any,
    state: Callable[[MainWindow], MainWindow],
    opener: Opener,
    answers: Sequence[Answer],
) -> None:
    win = state(window)
    seen = open_and_read(qtbot, lambda: opener(win), answers)
    assert len(seen) == len(answers)
    for dialog in seen:
        assert dialog.texts, f"nothing read from {dialog.title}"
        assert dialog.english() == [], f"{dialog.kind}「{dialog.title}」: {dialog.texts}"


def test_the_first_start_name_question_speaks_chinese(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    seen = open_and_read(qtbot, gui_app.ask_user_name_once, ["reject"])
    assert seen[0].title == user_name.TITLE and seen[0].title.startswith("您的姓名")
    assert "取消" in seen[0].texts and "确定" in seen[0].texts  # Qt's own buttons, translated
    assert seen[0].english() == []


def test_the_file_dialog_says_what_a_draft_is(window: MainWindow, qtbot: Any) -> None:
    """Qt's file dialog: the filter and the “type” column name a draft as ours, not “SQLite3 数据库”."""
    assert window.doc is not None
    draft_name = window.doc.draft.path.name  # the example, in the folder the dialog opens
    seen: dict[str, Any] = {}

    def read(dialog: Any) -> None:
        assert isinstance(dialog, QFileDialog)
        seen["filters"] = dialog.nameFilters()
        tree = dialog.findChild(QTreeView, "treeView")
        model = tree.model()
        folder = model.index(str(window.doc.draft.path.parent))  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: model.rowCount(folder) > 0)
        row = next(
            r
            for r in range(model.rowCount(folder))
            if model.index(r, 0, folder).data() == draft_name
        )
        option = QStyleOptionViewItem()
        tree.itemDelegateForColumn(2).initStyleOption(option, model.index(row, 2, folder))
        seen["type"] = option.text
        dialog.reject()

    open_and_read(qtbot, window.open_dialog, [read])
    assert seen["filters"][0] == "政府信息公开年报草稿 (*.nianbao)"
    assert english_words(seen["filters"]) == []
    assert seen["type"] == "政府信息公开年报草稿"


def test_the_allow_list_lets_through_only_names(qtbot: Any) -> None:
    """The checker itself: English words are caught, names of formats/keys and file names are not."""
    assert (
        english_words(["确定", "导出 Excel 和 PDF…", "Ctrl+E", "示例_单位.nianbao", "/tmp/a b/c"])
        == []
    )
    assert english_words(["OK"]) == ["OK"]
    assert english_words(["Look in:", "File name:"]) == ["Look", "in", "File", "name"]
    assert QApplication.instance() is not None


def test_start_loads_qt_in_chinese_and_reports_errors(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``govreport-gui`` does before the window: Qt's catalogue, the error hooks."""
    import sys
    import threading

    from PySide6.QtCore import QCoreApplication

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    _app, win = gui_app.start([])
    qtbot.addWidget(win)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    reporter = win.crash_reporter
    assert isinstance(reporter, crash_report.CrashReporter)
    assert sys.excepthook == reporter.excepthook
    assert threading.excepthook == reporter.thread_excepthook


def test_the_bundled_qt_supplement_is_compiled_from_its_source(tmp_path: Path) -> None:
    """resources/translations/*.qm is what Qt loads; it must say what the .ts beside it says."""
    import shutil
    import subprocess
    import sys

    from govreport_gui.core.paths import resources_dir

    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    tool = str(lrelease) if lrelease.exists() else shutil.which("pyside6-lrelease")
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    folder = resources_dir() / "translations"
    built = tmp_path / "built.qm"
    subprocess.run(
        [tool, "-silent", str(folder / "govreport_qt_zh_CN.ts"), "-qm", str(built)],
        check=True,
        timeout=120,
    )
    assert built.read_bytes() == (folder / "govreport_qt_zh_CN.qm").read_bytes()


def test_the_window_itself_speaks_chinese(window: MainWindow) -> None:
    """Menus (with their tool tips), tool bar, panels, the table's headers, then the start page."""
    from dialog_texts import visible_texts
    from PySide6.QtWidgets import QMenu

    def texts() -> list[str]:
        found = visible_texts(window)
        for menu in window.menuBar().findChildren(QMenu):
            found.append(menu.title())
            for action in menu.actions():
                found += [action.text(), action.toolTip()]
        return found

    with_draft = texts()
    assert "按分项填入合计" in [plain(t) for t in with_draft]
    assert english_words(with_draft) == []
    window.close_draft()
    start_page = texts()
    assert "打开示例" in " ".join(start_page)
    assert english_words(start_page) == []


def test_the_file_dialogs_own_replace_question_speaks_chinese(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    """Saving over an existing file: Qt's dialog asks itself (Qt's catalogue, loaded at start)."""
    from PySide6.QtCore import QTimer

    existing = tmp_path / "已有.nianbao"
    existing.write_bytes(b"")

    def accept_then_close(dialog: Any) -> None:
        def go() -> None:
            dialog.accept()  # asks “…已存在。要替换它吗？”, answered below; the dialog stays
            dialog.reject()

        QTimer.singleShot(0, go)

    seen = open_and_read(
        qtbot,
        lambda: file_dialogs.save_file(window, "另存为", existing, file_dialogs.DRAFT_FILTER),
        [accept_then_close, "reject"],
    )
    question = seen[1]
    assert question.kind == "QMessageBox"
    assert any("已存在" in t for t in question.texts) and any("替换" in t for t in question.texts)
    assert question.english() == [], question.texts


def test_the_print_dialogs_options_speak_chinese(window: MainWindow, qtbot: Any) -> None:
    """The print dialog's 选项 >> part (hidden until clicked) and each of its tabs."""
    from dialog_texts import visible_texts
    from PySide6.QtWidgets import QDialog, QPushButton, QTabWidget, QWidget

    read: list[str] = []

    def expand_read_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        more = [b for b in dialog.findChildren(QPushButton) if "选项" in b.text()]
        assert more, visible_texts(dialog)
        more[0].click()
        tabs = dialog.findChildren(QTabWidget)
        assert tabs and all(t.isVisibleTo(dialog) for t in tabs)
        for tab in tabs:
            for i in range(tab.count()):
                tab.setCurrentIndex(i)
                read.extend(visible_texts(dialog))
        dialog.reject()

    seen = open_and_read(qtbot, window.printing.act_print.trigger, [expand_read_close])
    assert len(seen) == 1
    assert "份数：" in read and "逐份打印" in read
    assert english_words(read) == [], read


def test_the_printer_properties_speak_chinese(window: MainWindow, qtbot: Any) -> None:
    """打印 → 属性: the page tab (每张页数, 页面顺序) and the job tab (计划打印, 任务优先级…) are
    Qt 6 texts with mnemonics that qtbase_zh_CN lacks. Paper names (Letter, Envelope #10…) are
    names; the labels are read, not the paper list."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QGroupBox, QLabel, QPushButton, QTabWidget, QWidget

    read: list[str] = []

    def read_properties() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == "打印机属性"
        ]
        if not dialogs:
            QTimer.singleShot(50, read_properties)
            return
        props = dialogs[0]
        for tab in props.findChildren(QTabWidget):
            for i in range(tab.count()):
                read.append(tab.tabText(i))
                page = tab.widget(i)
                read.extend(label.text() for label in page.findChildren(QLabel))
                read.extend(box.title() for box in page.findChildren(QGroupBox))
        props.reject()

    def open_properties(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        buttons = [b for b in dialog.findChildren(QPushButton) if "属性" in b.text()]
        assert buttons
        QTimer.singleShot(0, read_properties)
        buttons[0].click()  # runs the properties dialog until read_properties closes it
        dialog.reject()

    open_and_read(qtbot, window.printing.act_print.trigger, [open_properties])
    # Qt 6.11 gives these two labels an access key, Qt 6.9 (the glibc-2.28 package's) none.
    plain = {re.sub(r"\(&\w\)", "", text) for text in read}
    assert {"每张页数：", "计划打印："} <= plain, read
    assert english_words(read) == [], read
