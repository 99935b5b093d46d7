"""Nothing fails silently (issue 11): every error in the window reaches the user in Chinese, and an
unexpected one is written, with its traceback, to the error log in the user's data folder.

Exceptions raised in slots are normally caught by pytest-qt (and fail the test); the tests of the
crash dialog switch that off (``qt_no_exception_capture``) so that the program's own
``sys.excepthook`` receives them, as in the real program.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import stat
import sys
import threading
from pathlib import Path
from typing import Any

import background
import pytest

from govreport_gui.core.filenames import MAX_NAME_BYTES
from govreport_gui.core.ops import edit_ops
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store import crash_log, settings
from govreport_gui.gui import crash_report, file_dialogs
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

LONG_UNIT = "某某省某某市某某区人民政府办公室" * 8


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("GOVREPORT_HOME", str(folder))
    settings.save_settings(settings.Settings(user_name="董晓东", user_name_confirmed=True))
    return folder


@pytest.fixture()
def window(qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    shown: list[tuple[str, str]] = []
    original = win.show_problem

    def record(text: str, title: str = "提示") -> None:
        shown.append((title, text))
        original(text, title)

    monkeypatch.setattr(win, "show_problem", record)
    win.problems_shown = shown  # type: ignore[attr-defined]
    win.open_example()
    return win


@pytest.fixture()
def reporter(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> crash_report.CrashReporter:
    """The hooks app.start installs; the test's own hooks come back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    return crash_report.install(window)


def _values(win: MainWindow) -> dict[str, Any]:
    assert win.doc is not None
    return dict(win.doc.draft.values)


# -- 3: a long 填报单位 ------------------------------------------------------------------------


def test_export_with_a_long_unit_writes_both_files(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.doc is not None
    window.doc.edit(fields={"unit": LONG_UNIT})
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *a, **k: out)
    written = background.export(qtbot, window, ("xlsx", "pdf"), draft_mode=True)
    assert [p.suffix for p in written] == [".xlsx", ".pdf"]
    for path in written:
        assert path.is_file() and path.stat().st_size > 1000
        assert len(path.name.encode("utf-8")) <= MAX_NAME_BYTES
        assert path.name.startswith("某某省某某市某某区人民政府办公室")
        assert "_2018年度_" in path.name and "草稿" in path.name


def test_a_name_the_file_system_refuses_is_said_in_chinese(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name the user typed that is too long: a Chinese message that says what to do, no file."""
    too_long = tmp_path / ("长" * 100 + ".pdf")
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: too_long)
    assert background.export(qtbot, window, ("pdf",), draft_mode=True) == []
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "导出失败"
    assert "文件名太长" in text and "没有写入任何文件" in text and "请换一个" in text
    assert list(tmp_path.glob("*.pdf")) == []


# -- 4: an unexpected error ----------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_an_error_in_an_action_is_shown_in_chinese_and_logged(
    window: MainWindow,
    reporter: crash_report.CrashReporter,
    qtbot: Any,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _values(window)

    def broken(doc: ReportDocument, cells: object = None) -> Any:
        raise RuntimeError("按分项填入合计时出了意外")

    monkeypatch.setattr(edit_ops, "fill_totals", broken)
    window.act_fill.trigger()  # the slot raises; PySide6 hands the error to sys.excepthook
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    assert reporter.box is not None
    text = reporter.box.text()
    assert reporter.box.windowTitle() == "程序出错"
    assert "程序内部出错" in text and "RuntimeError" not in text  # that is for the log
    assert "草稿是安全的" in text
    log = home / "data" / "logs" / crash_log.LOG_NAME
    assert str(log) in text
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: 按分项填入合计时出了意外" in logged
    assert "broken" in logged  # the function that raised
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    # The draft is untouched and still open and usable.
    assert window.doc is not None and _values(window) == before
    reporter.box.reject()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_thread_reaches_the_window(
    window: MainWindow, reporter: crash_report.CrashReporter, qtbot: Any, home: Path
) -> None:
    def work() -> None:
        raise ValueError("后台任务失败")

    thread = threading.Thread(target=work, name="后台")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    assert reporter.box is not None and "程序内部出错" in reporter.box.text()
    logged = (home / "data" / "logs" / crash_log.LOG_NAME).read_text(encoding="utf-8")
    assert "后台任务失败" in logged and "线程 后台" in logged
    reporter.box.reject()


def test_an_os_error_says_what_to_do(window: MainWindow) -> None:
    text = crash_report.dialog_text(OSError(28, "No space left on device", "/x/y.pdf"), "/日志")
    assert "磁盘空间不足" in text and "换一个位置" in text and "草稿是安全的" in text
    assert "No space" not in text


def test_a_link_planted_at_the_log_is_not_followed(home: Path) -> None:
    victim = home / "victim.txt"
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_text("不能被改写", encoding="utf-8")
    log = crash_log.log_path()
    log.parent.mkdir(parents=True)
    log.symlink_to(victim)
    written = crash_log.write_entry("Traceback: 测试\n")
    assert victim.read_text(encoding="utf-8") == "不能被改写"
    assert written == log and not log.is_symlink()
    assert log.read_text(encoding="utf-8") == "Traceback: 测试\n"


def test_the_log_is_in_the_user_data_folder_and_rotated(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert crash_log.log_path().is_relative_to(home)
    monkeypatch.setattr(crash_log, "MAX_LOG_BYTES", 100)
    crash_log.write_entry("一" * 40 + "\n")  # 121 bytes: over the cap
    crash_log.write_entry("二\n")
    log = crash_log.log_path()
    assert log.read_text(encoding="utf-8") == "二\n"
    assert log.with_name(log.name + ".1").read_text(encoding="utf-8").startswith("一")


def test_the_command_line_logs_in_the_user_data_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from govreport_gui.cli import commands as cli_commands
    from govreport_gui.cli import main as cli

    def broken() -> Any:
        raise RuntimeError("表单清单出错")

    monkeypatch.setattr(cli_commands, "all_forms", broken)
    assert cli.main(["forms"]) == cli.EXIT_UNUSABLE
    err = capsys.readouterr().err
    log = crash_log.log_path()
    assert "内部错误" in err and str(log) in err and "Traceback" not in err
    assert "表单清单出错" in log.read_text(encoding="utf-8")


# -- 5: opening a file that is not a draft -------------------------------------------------------


def test_opening_a_file_that_is_not_a_draft_keeps_the_open_draft(
    window: MainWindow, home: Path, qtbot: Any
) -> None:
    assert window.doc is not None
    path = window.doc.draft.path
    before = _values(window)
    bad = home / "其实是文本.nianbao"
    bad.write_text("这不是年报草稿", encoding="utf-8")
    assert window.open_path(bad) is False
    title, text = window.problems_shown[-1]  # type: ignore[attr-defined]
    assert title == "无法打开" and "不是年报草稿" in text
    assert window.doc is not None and window.doc.draft.path == path
    assert window.stack.currentWidget() is window.draft_holder
    assert _values(window) == before
    window.doc.edit({"normative_published": 7})  # still open for editing, not closed underneath
    assert window.doc.draft.values["normative_published"] == 7
    assert bad.read_text(encoding="utf-8") == "这不是年报草稿"


def test_the_error_dialog_never_raises_itself(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while showing the error would be reported again, and again: it is swallowed
    (the first error is in the log already)."""
    reporter = crash_report.CrashReporter(window)

    def broken(text: str) -> None:
        raise RuntimeError("对话框坏了")

    monkeypatch.setattr(reporter, "_open_box", broken)
    reporter._show("出错了", "")
    assert reporter.box is None


def test_a_burst_of_errors_gives_one_dialog(window: MainWindow, qtbot: Any) -> None:
    reporter = crash_report.CrashReporter(window)
    reporter._show(crash_report.dialog_text(RuntimeError("一"), ""), "")
    first = reporter.box
    reporter._show(crash_report.dialog_text(RuntimeError("二"), ""), "")
    reporter._show(crash_report.dialog_text(RuntimeError("三"), ""), "")
    assert reporter.box is first and first is not None and first.isVisible()
    assert "此后又发生了 2 次错误" in first.informativeText()
    assert "错误详情未能写入日志文件" in first.text()
    first.reject()
    qtbot.waitUntil(lambda: reporter.box is None)


def test_an_exception_ignored_report_goes_to_the_log_not_the_console(
    reporter: crash_report.CrashReporter, home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """An object failing in ``__del__`` (a zip archive on a full disk) made Python print an English
    “Exception ignored in …” traceback on the console; the window's hooks log it instead."""
    import errno
    import gc

    class Leftover:
        def __del__(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    item = Leftover()
    del item
    gc.collect()
    assert "Exception ignored" not in capfd.readouterr().err
    logged = (home / "data" / "logs" / crash_log.LOG_NAME).read_text(encoding="utf-8")
    assert "No space left on device" in logged and "Leftover" in logged
