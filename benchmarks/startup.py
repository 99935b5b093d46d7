"""How fast the window comes up: its first paint, and idle with a draft shown, against a bare
PySide6 window in the same run; and whether that depends on the size of the library.

    python benchmarks/startup.py [--runs 7] [--repo OTHER_CHECKOUT] [--only "filled 2021"]
                                 [--instructions]

Each figure is the time from spawning a fresh ``python -c`` process until, in the child, (a) the
first paint event of its main window, and (b) the window is interactive: everything the start-up
does has run (the draft's table shown, or the start page), and the event queue has run dry. The
baseline is a bare PySide6 ``QMainWindow`` process (imports, show, first paint, idle), spawned
alternately with ours (paired runs) on the same machine state; medians of ``--runs`` each, and
the ratio. ``perf_counter`` is a system-wide monotonic clock (CLOCK_MONOTONIC,
QueryPerformanceCounter, mach_absolute_time), so the parent's reading before the spawn and the
child's readings can be subtracted.

The govreport child runs ``govreport_gui.gui.process.start_window(ARGS)`` (what ``govreport-gui ARGS``
runs) for: the example; a filled 2021 draft; the example's figures in a 2014 draft with the
report's text (its published text: a real draft has one, and the window checks it); and the
start page (no path), a path in the library and a path outside it (a "USB stick"), with 0, 200
and 2,000 drafts in the library (generated in a temporary GOVREPORT_HOME). Beside the bare window, a second reference: the "Qt floor", a
PySide6 process that shows a ``QMainWindow`` with the window's 文件 / 编辑 / 查看 menus and its
toolbar (the same actions, shortcuts and icons) and one ``QTableView`` over a plain
``QAbstractTableModel`` as large as the 2021 form's first tab (its rows, by the label and the
widest table's columns): what any table-based window of this size costs, however it is built;
interactive as for the others. Each child also
reports whether ``openpyxl`` / ``reportlab`` (export only) were imported. "Interactive" is the same
for every case, the bare window's too: the window as the start-up left it (the draft's table, or
the start page) has been painted and the event loop has answered once more (that paint is
watched on the window itself, ahead of the window's own after-paint hook: see ``_PAINT_WATCH``
and ``_READY``). The start page reads
its rows after that (a chunk per turn); the time until the whole library is listed is printed
beside it. The parts of the window not needed to type into a draft (审核, 导出, 打印, 帮助) are
built after that too: "all built" is when the last of them is there. A file from outside the
library is looked up in it (for an older copy) in the background after it is shown: the time
that took is printed beside it.

``--repo`` runs the window from another checkout (e.g. ``git archive`` of an earlier commit
unpacked in /tmp), to measure "before" with the same script. ``--only TEXT`` runs only the cases
whose name contains TEXT (with the bare window beside each), for a quicker before/after.
``--instructions``: instead of timing, each case (the bare window and the Qt floor too) is run
once under Valgrind's callgrind and the instructions it executes from its start until it is
interactive are printed, with the ratio to the bare window's (``benchmarks/instructions.py``): a
figure the machine does not move, for a change of a few percent that the clock cannot tell apart.

Figures only; the offscreen Qt platform; settings and drafts in a temporary GOVREPORT_HOME.
(The keystroke measurement lives in benchmarks/keystroke.py.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHILD_REPO = REPO  # the checkout the window's children run (``--repo``)

# The same paint watch in every child. The first paint of a QMainWindow is stamped by an
# application-wide filter, installed before the window exists and taken away at that paint. The
# start-up's end is the next paint of the window itself once it has done all its steps, watched on
# the window alone (``_ready``): an application-wide Python filter hands every object Qt makes
# inside the widgets to Python, and PySide then looks for each one's class, making the enums of
# every class it tries — work no program does, which cost our window's last paint ≈ 130M
# instructions of the observer's own.
_PAINT_WATCH = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

app = QApplication(sys.argv[:1])
STAMPS = {}
WATCHED = []  # the window whose next paint ends the start-up, once it has done all its steps

class _Paints(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if "paint" not in STAMPS and isinstance(obj, QMainWindow):
                STAMPS["paint"] = time.perf_counter()
                app.removeEventFilter(self)
            if WATCHED and "painted" not in STAMPS and obj is WATCHED[0]:
                STAMPS["painted"] = time.perf_counter()
                obj.removeEventFilter(self)  # nothing later goes through Python for it
                QTimer.singleShot(0, _answered)
        return False

_watch = _Paints()
app.installEventFilter(_watch)
"""

_BARE_CHILD = """
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1180, 820)
window.show()
# Watched from the first turn of the loop, before the first paint that show() queued (a second
# zero timer, as ``_ready`` takes for our window, would run after that paint and time another).
QTimer.singleShot(0, _watch_window)
"""

# The Qt floor: what any window that shows a table of the same size with the same menus and
# toolbar costs, written as a PySide6 programmer would (a plain QAbstractTableModel, Qt's enums
# looked up where used). ROWS and COLUMNS are set from the 2021 form's first tab (``_floor``).
_FLOOR_CHILD = """
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QTableView, QToolBar

class _Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else COLUMNS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return "行政规范性文件" if index.column() == 0 else "1"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return "信息内容" if section == 0 else "本年制发件数"
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

window = QMainWindow()
window.setWindowTitle("floor")
window.resize(1180, 820)
S = QStyle.StandardPixmap
K = QKeySequence.StandardKey

def _action(text, key=None, icon=None):
    action = QAction(text, window)
    if key is not None:
        action.setShortcut(QKeySequence(key))
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    return action

# The window's 文件 / 编辑 / 查看 menus (15 actions) and its toolbar (5 of them, with icons).
file_ = [_action("新建…", K.New, S.SP_FileIcon), _action("打开…", K.Open, S.SP_DialogOpenButton),
         _action("打开示例"), _action("另存为…", K.SaveAs), _action("关闭草稿", K.Close),
         _action("退出", K.Quit)]
edit = [_action("撤销", K.Undo, S.SP_ArrowBack), _action("重做", "Ctrl+Y", S.SP_ArrowForward),
        _action("复制"), _action("粘贴"), _action("清除所选单元格"),
        _action("按分项填入合计", "Ctrl+T", S.SP_DialogApplyButton)]
view_ = [_action("问题面板", "F8"), _action("下一个问题", "F7"), _action("审核意见")]
for title, actions in (("文件(&F)", file_), ("编辑(&E)", edit), ("查看(&V)", view_)):
    menu = window.menuBar().addMenu(title)
    for action in actions:
        menu.addAction(action)
bar = QToolBar("工具栏", window)
bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
for action in (file_[0], file_[1], edit[0], edit[1], edit[5]):
    bar.addAction(action)
window.addToolBar(bar)
table = QTableView(window)
table.setModel(_Model(table))
window.setCentralWidget(table)
window.show()
# Watched from the first turn of the loop, before the first paint that show() queued (a second
# zero timer, as ``_ready`` takes for our window, would run after that paint and time another).
QTimer.singleShot(0, _watch_window)
"""

_WINDOW_CHILD = """
try:  # what govreport-gui runs (gui/process.py)
    from govreport_gui.gui.process import start_window
except ImportError:  # a checkout from before it (--repo)
    from govreport_gui.gui.app import start as start_window
from govreport_gui.gui.startup import startup_of

_qa, window = start_window(ARGS)
_steps = startup_of(window)
# Interactive: the draft (or the start page) shown; the rest of the window is built after it.
getattr(_steps, "interactive", _steps.finished).connect(_ready)
_steps.finished.connect(lambda: STAMPS.setdefault("built", time.perf_counter()))
"""

# Interactive: the window as the start-up left it has been painted (an update asked for then is
# honoured: for a window already drawn, one more paint) and the event loop has answered again.
_READY = """
import json
EXIT_WHEN_READY = "GOVREPORT_BENCH_EXIT_WHEN_READY" in os.environ

def _ready():
    # From the event loop (before the paint, which Qt delivers after every queued call): the
    # watch is then the window's last filter and sees the paint first, so the answer is queued
    # ahead of what the window itself runs after that paint (the rest of it, gui/after_paint.py).
    QTimer.singleShot(0, _watch_window)

def _watch_window():
    WATCHED.append(window)
    window.installEventFilter(_watch)
    window.update()

def _answered():
    STAMPS["ready"] = time.perf_counter()
    if EXIT_WHEN_READY:  # --instructions: counted from the start up to here
        os._exit(0)
    AT_READY["cryptography"] = "cryptography" in sys.modules  # the signature's check: later
    _listed()

AT_READY = {}

def _listed():
    # The start page's whole library (it fills in while the window answers), the rest of the
    # window built, and a file from outside the library looked up in it (in the background).
    start = getattr(window, "_start", None)  # not made when a draft was opened at start
    model = getattr(start, "model", None)
    lookup = getattr(window, "older_copy_lookup", None)
    if model is not None and model.loading:
        QTimer.singleShot(1, _listed)
        return
    if "built" not in STAMPS and hasattr(window, "build_next_extra"):
        QTimer.singleShot(1, _listed)
        return
    if lookup is not None and not lookup.done:
        QTimer.singleShot(1, _listed)
        return
    STAMPS["listed"] = time.perf_counter()
    rows = model.rowCount() if model is not None else 0
    shown = getattr(window, "page", None)
    print(json.dumps({
        "stamps": STAMPS,
        "draft_shown": shown is not None and shown.isVisible(),
        "rows": rows,
        "looked_up": lookup is not None,
        "crypto_at_ready": AT_READY.get("cryptography", False),
        "openpyxl": "openpyxl" in sys.modules,
        "reportlab": "reportlab" in sys.modules,
    }), flush=True)
    app.quit()
"""

_EXEC = "\napp.exec()\n"


def _child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["GOVREPORT_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHILD_REPO), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONSTARTUP", None)
    # An installed program runs from compiled bytecode (pip compiles it); so do both sides here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _prepare_home(home: Path) -> None:
    """A fresh settings + library folder with the user's name confirmed (no name dialog)."""
    sys.path.insert(0, str(REPO))
    from govreport_gui.core.store import settings

    saved = os.environ.get("GOVREPORT_HOME")
    os.environ["GOVREPORT_HOME"] = str(home)
    try:
        settings.save_settings(settings.Settings(user_name="基准", user_name_confirmed=True))
    finally:
        if saved is None:
            del os.environ["GOVREPORT_HOME"]
        else:
            os.environ["GOVREPORT_HOME"] = saved


def _spawn(code: str, home: Path) -> dict[str, object]:
    env = _child_env(home)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _PAINT_WATCH + _READY + code + _EXEC],
        env=env,
        cwd=CHILD_REPO,  # ``-c`` puts the current folder first on the path: the checkout measured
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"child failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    report: dict[str, object] = json.loads(lines[-1])
    stamps: dict[str, float] = report.pop("stamps")  # type: ignore[assignment]
    for key, value in stamps.items():
        report[key] = value - start
    report["exit"] = proc.returncode
    return report


def _window(args: list[str]) -> str:
    return f"ARGS = {args!r}\n" + _WINDOW_CHILD


def _filled_2021(folder: Path) -> Path:
    """A 2021 draft with every value cell filled (as a finished report is)."""
    sys.path.insert(0, str(REPO))
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.store.draft import Draft

    form = get_form("gov-disclosure-2021")
    values = {cell.id: 1 for cell in form.cells if cell.kind.is_numeric}
    path = folder / "某某市人民政府办公室_2023年度_填好的.nianbao"
    draft = Draft.create(
        path, form, "基准", fields={"unit": "某某市人民政府办公室", "year": "2023"}, values=values
    )
    draft.close()
    return path


def _with_text(folder: Path) -> Path:
    """The example's figures in a 2014 draft with the report's text (the example's published
    one): a real draft has its text, and the window checks it too."""
    sys.path.insert(0, str(REPO))
    from example_text import example_sections

    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.paths import example_values_path
    from govreport_gui.core.store.draft import Draft

    doc = load_values_document(example_values_path())
    path = folder / "自治区机关事务管理局_2018年度_有正文.nianbao"
    sections = example_sections(folder, doc.form.id)
    Draft.create(path, doc.form, "基准", doc.fields, doc.values, sections=sections).close()
    return path


def _floor() -> str:
    """The Qt floor's child, its table as large as the 2021 form's first tab: all its rows (the
    tab's tables one under another) by the label and the widest table's value columns."""
    sys.path.insert(0, str(REPO))
    from govreport_gui.core.forms.registry import get_form

    tables = get_form("gov-disclosure-2021").tables
    first = [t for t in tables if (t.section or t.title) == (tables[0].section or tables[0].title)]
    rows = sum(len(t.rows) for t in first)
    columns = 1 + max(len(t.columns) for t in first)
    return f"ROWS, COLUMNS = {rows}, {columns}\n" + _FLOOR_CHILD


def _home_with(tmp: Path, drafts: int, template: Path) -> Path:
    """A GOVREPORT_HOME whose library holds ``drafts`` drafts (copies of the template, each with
    its own unit and last change, written without fsync: only the benchmark reads them)."""
    home = Path(tempfile.mkdtemp(dir=tmp))
    _prepare_home(home)
    library = home / "data" / "drafts"
    library.mkdir(parents=True)
    for n in range(drafts):
        path = library / f"单位{n:04d}_2023年度_统计表.nianbao"
        shutil.copyfile(template, path)
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA synchronous=OFF")
            con.execute("UPDATE field SET value=? WHERE key='unit'", (f"单位{n:04d}",))
            con.execute(
                "UPDATE history SET at=? WHERE rowid=(SELECT max(rowid) FROM history)",
                (f"2024-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}+00:00",),
            )
            con.commit()
        finally:
            con.close()
    return home


FLOOR = "Qt floor"


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _cases(tmp: Path, only: str) -> dict[str, tuple[str, Path]]:
    """Each case's child code and GOVREPORT_HOME (made in ``tmp``), the bare window and the Qt
    floor first; with ``only``, the cases whose name contains it (and those two)."""
    empty = Path(tempfile.mkdtemp(dir=tmp))
    _prepare_home(empty)
    template = _filled_2021(Path(tempfile.mkdtemp(dir=tmp)))
    sizes = (0, 200, 2000)
    listed = {n: _home_with(tmp, n, template) for n in sizes}  # n drafts, no path
    opened = {n: _home_with(tmp, n - 1 if n else 0, template) for n in sizes}
    for home in opened.values():  # the path opened: a filled draft, one of the n
        shutil.copyfile(template, home / "data" / "drafts" / template.name)
    texted = _with_text(Path(tempfile.mkdtemp(dir=tmp)))
    cases: dict[str, tuple[str, Path]] = {
        "bare": (_BARE_CHILD, empty),
        FLOOR: (_floor(), empty),  # a reference beside every run, as the bare window is
        "example": (_window(["--example"]), empty),
        "2014 draft with its text": (_window([str(texted)]), empty),
        "filled 2021": (
            _window([str(opened[0] / "data" / "drafts" / template.name)]),
            opened[0],
        ),
    }
    outside = Path(tempfile.mkdtemp(dir=tmp)) / "U盘"  # a file from outside the library
    outside.mkdir()
    shutil.copyfile(template, outside / template.name)
    for n in sizes:
        cases[f"start page, {n} drafts"] = (_window([]), listed[n])
        path = str(opened[n] / "data" / "drafts" / template.name)
        cases[f"path, {max(n, 1)} drafts"] = (_window([path]), opened[n])
    # A library of n drafts, and the file on the "USB stick" (homes of their own: the file
    # opened goes on the recent list, which the start page lists).
    away = {n: _home_with(tmp, n, template) for n in sizes}
    for n in sizes:
        cases[f"outside, {n} drafts"] = (_window([str(outside / template.name)]), away[n])
    if only:  # a few cases (and the bare window beside each): a quicker before/after
        cases = {k: v for k, v in cases.items() if k in ("bare", FLOOR) or only in k}
    return cases


def instruction_counts(only: str = "") -> None:
    import instructions

    if not instructions.available():
        raise SystemExit("--instructions needs valgrind on PATH (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as name:
        cases = _cases(Path(name), only)
        counts: dict[str, int] = {}
        for key, (code, home) in cases.items():
            _spawn(code, home)  # as the timed runs are: after a first start (the form's cache)
            env = {**_child_env(home), "GOVREPORT_BENCH_EXIT_WHEN_READY": "1"}
            command = [sys.executable, "-c", _PAINT_WATCH + _READY + code + _EXEC]
            counts[key] = instructions.count(command, env, CHILD_REPO)
    bare = counts["bare"]
    print("start-up in instructions, spawn → interactive (callgrind, one run each):")
    for key, value in counts.items():
        ratio = "" if key == "bare" else f"   {value / bare:.2f}× the bare window"
        print(f"  {key:26s} {instructions.millions(value):>10s}{ratio}")
    for kind in ("start page", "path", "outside"):
        sized = [v for k, v in counts.items() if k.startswith(f"{kind}, ")]
        if len(sized) == 3:
            spread = (max(sized) - min(sized)) / min(sized)
            print(f"  {kind}: with 0 (1) / 200 / 2,000 drafts, {spread:.2%} apart")


def startup(runs: int, only: str = "") -> None:
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as name:
        tmp = Path(name)
        cases = _cases(tmp, only)
        empty = cases["bare"][1]
        for code, home in cases.values():  # warm the disk cache (bytecode, Qt plugins, fonts)
            _spawn(code, home)
        results: dict[str, list[dict[str, object]]] = {key: [] for key in cases}
        for _ in range(runs):  # interleaved: the bare window beside each of ours, paired
            for key, (code, home) in cases.items():
                if key != "bare":
                    results["bare"].append(_spawn(_BARE_CHILD, empty))
                results[key].append(_spawn(code, home))

    def figure(key: str, stamp: str) -> float:
        return _median_ms([float(r[stamp]) for r in results[key]])  # type: ignore[arg-type]

    bare_paint = figure("bare", "paint")
    bare_ready = figure("bare", "ready")
    print(f"start-up, spawn → window ({runs} runs each, medians; the bare PySide6 QMainWindow")
    print(f"process spawned alternately with each of ours, {len(results['bare'])} runs):")
    print(f"  bare QMainWindow: first paint {bare_paint:5.0f} ms, idle {bare_ready:5.0f} ms")
    floor_ready = figure(FLOOR, "ready")
    print(
        f"  Qt floor (menus, toolbar, one QTableView): first paint {figure(FLOOR, 'paint'):5.0f} ms,"
        f" interactive {floor_ready:5.0f} ms"
        f" ({floor_ready / bare_ready:.2f}× the bare window)"
    )
    print(
        f"  {'case':26s} {'first paint':>12s} {'ratio':>7s} {'interactive':>12s} {'ratio':>7s}"
        f" {'all built':>10s}"
    )
    for key in cases:
        if key in ("bare", FLOOR):
            continue
        paint, ready = figure(key, "paint"), figure(key, "ready")
        listed = figure(key, "listed")
        built = figure(key, "built") if all("built" in r for r in results[key]) else ready
        rows = results[key][-1]["rows"]
        extra = (
            f"   (all {rows} listed at {listed:5.0f} ms)" if key.startswith("start page") else ""
        )
        if key.startswith("outside") and results[key][-1]["looked_up"]:
            extra = f"   (library read for an older copy by {listed:5.0f} ms)"
        shown = all(r["draft_shown"] for r in results[key]) or key.startswith("start page")
        print(
            f"  {key:26s} {paint:9.0f} ms {paint / bare_paint:6.2f}× {ready:9.0f} ms"
            f" {ready / bare_ready:6.2f}× {built:7.0f} ms{extra}"
            f"{'' if shown else '   DRAFT NOT SHOWN'}"
        )
    for kind in ("start page", "path", "outside"):
        if only:
            break
        ready = [
            figure(f"{kind}, {max(n, 1) if kind == 'path' else n} drafts", "ready")
            for n in (0, 200, 2000)
        ]
        spread = (max(ready) - min(ready)) / min(ready)
        sizes_text = "1 / 200 / 2,000" if kind == "path" else "0 / 200 / 2,000"
        print(f"  {kind}: interactive with {sizes_text} drafts differs by {spread:.1%}")
    heavy = {m for rs in results.values() for r in rs for m in ("openpyxl", "reportlab") if r[m]}
    print(f"  openpyxl / reportlab imported at start: {sorted(heavy) or 'neither'}")
    crypto = sorted({k for k, rs in results.items() for r in rs if r.get("crypto_at_ready")})
    print(f"  cryptography imported when interactive: {', '.join(crypto) or 'in no case'}")
    exits = {r["exit"] for rs in results.values() for r in rs}
    if exits != {0}:
        print(f"  child exit codes: {sorted(map(str, exits))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose window runs")
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind) instead of time"
    )
    args = parser.parse_args()
    global CHILD_REPO
    CHILD_REPO = args.repo.resolve()
    print(f"window from: {CHILD_REPO}")
    import compileall

    compileall.compile_dir(str(CHILD_REPO / "govreport_gui"), quiet=1)  # as pip does on install
    if args.instructions:
        instruction_counts(args.only)
    else:
        startup(args.runs, args.only)


if __name__ == "__main__":
    main()
