"""PySide6's start-up costs the window does not pay, or not before its frame is painted (issue 14,
gui/pyside_costs.py): the source scan of every module imported after PySide6, the search through
every widget class on the first ``viewport()``, and the ``Qt`` namespace's enums; and what the
window loads only after a draft can be typed into. Checked in a fresh process, as a user starts
the window: each cost is paid once per process, so a test process that already made widgets (or
imported the modules) could not see it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import enum, gc, json, linecache, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication(sys.argv[:1])
from govreport_gui.gui.app import start
from govreport_gui.gui.startup import startup_of

_qa, window = start(["--example"])
steps = startup_of(window)

def report():
    own = [name for name in linecache.cache if "govreport_gui" in str(name)]
    classes = sorted({
        e.__qualname__.split(".")[0]
        for e in gc.get_objects()
        if isinstance(e, enum.EnumType) and (e.__module__ or "").startswith("PySide6")
    })
    tables = [v.model().rowCount() for v in window.findChildren(QTableView)]
    print(json.dumps({"sources_read": own, "classes": classes, "tables": tables}))
    app.quit()

steps.finished.connect(lambda: QTimer.singleShot(0, report))
app.exec()
"""


def _started(child: str = _CHILD, *args: str) -> dict[str, Any]:
    """What the child printed last (JSON), the window started in a fresh process (``args``: its
    command line)."""
    result = subprocess.run(
        [sys.executable, "-c", child, *args],
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "GOVREPORT_USER": "测试",
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def test_the_window_starts_without_reading_its_own_sources_or_making_every_widget_class() -> None:
    found = _started()
    assert found["tables"], "the example's tables were shown"  # the start-up really ran
    # PySide6's __feature__ scan reads each module's source through linecache.
    assert found["sources_read"] == []
    # Classes the window never uses: made only by shiboken's search on a first viewport().
    assert not {"QMdiArea", "QGraphicsView", "QWizard", "QLCDNumber"} & set(found["classes"])


_FIRST_PAINT_CHILD = """
import enum, gc, json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
from govreport_gui.gui.app import start
from govreport_gui.gui.startup import startup_of

def qt_enums():
    return sorted({
        e.__qualname__
        for e in gc.get_objects()
        if isinstance(e, enum.EnumType) and e.__qualname__.startswith("Qt.")
    })

seen = {}

class Watch(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            seen["paint"] = qt_enums()
        return False

watch = Watch()
app.installEventFilter(watch)
_qa, window = start(["--example"])

LATER = ("govreport_gui.core.ops.review", "cryptography", "openpyxl", "reportlab")

def loaded_of_later():
    return [name for name in LATER if name in sys.modules]

PRINTING = ("govreport_gui.gui.print_ui", "PySide6.QtPrintSupport")

def report():
    printing_when_built = [name for name in PRINTING if name in sys.modules]
    window.printing  # what 文件 → 打印… uses
    print(json.dumps({
        "at_first_paint": seen.get("paint"),
        "when_built": qt_enums(),
        "later_at_interactive": seen.get("interactive"),
        "later_when_built": loaded_of_later(),
        "printing_when_built": printing_when_built,
        "printing_once_used": [name for name in PRINTING if name in sys.modules],
    }))
    app.quit()

steps = startup_of(window)
steps.interactive.connect(lambda: seen.setdefault("interactive", loaded_of_later()))
steps.finished.connect(lambda: QTimer.singleShot(0, report))
app.exec()
"""


def test_the_frame_is_painted_before_the_qt_namespace_makes_its_enums() -> None:
    """``from PySide6.QtCore import Qt`` makes all 93 of the namespace's enum classes at once
    (36–58 ms on a slow machine): not before the frame's first paint, whatever module the frame
    imports, and only after it (the window's tables need ``Qt``'s item roles)."""
    found = _started(_FIRST_PAINT_CHILD)
    assert found["at_first_paint"] == []
    assert {"Qt.ItemDataRole", "Qt.AlignmentFlag"} <= set(found["when_built"])


def test_the_draft_is_interactive_before_the_review_actions_and_the_writers_are_loaded() -> None:
    """The review's actions (core/ops/review.py: opening a draft reads its 说明 through
    review_state), the signature's cryptography, openpyxl and reportlab: none of them before the
    draft can be typed into; the review's module once the rest of the window is built."""
    found = _started(_FIRST_PAINT_CHILD)
    assert found["later_at_interactive"] == []
    assert "govreport_gui.core.ops.review" in found["later_when_built"]


def test_printing_is_loaded_when_first_used_not_with_the_menu() -> None:
    """文件 → 打印… and the others are in the menu once the window is built; Qt's print support
    and the export's page layout behind them (≈ 15 ms of that part of the start-up, issue 14)
    are loaded when printing is first used."""
    found = _started(_FIRST_PAINT_CHILD)
    assert found["printing_when_built"] == []
    assert found["printing_once_used"] == ["govreport_gui.gui.print_ui", "PySide6.QtPrintSupport"]


# No event filter here: one on the whole application would have every object it sees wrapped as
# its Python class, which makes enum classes the window itself never makes.
_INTERACTIVE_CHILD = """
import enum, gc, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
from govreport_gui.gui.app import start
from govreport_gui.gui.startup import startup_of

_qa, window = start(sys.argv[1:])

def made():
    # The program's dataclasses loaded so far (each one processed, its methods compiled), and
    # the enum classes of the Qt classes that only the calendar popup needs.
    dataclasses = sorted(
        f"{module.__name__}.{name}"
        for module in list(sys.modules.values())
        if (getattr(module, "__name__", "") or "").startswith("govreport_gui")
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__ == module.__name__
        and "__dataclass_fields__" in vars(value)
    )
    calendar = sorted({
        e.__qualname__.split(".")[0]
        for e in gc.get_objects()
        if isinstance(e, enum.EnumType)
        and e.__qualname__.split(".")[0] in ("QCalendarWidget", "QGradient")
    })
    date_fields = [w for w in window.findChildren(QWidget) if type(w).__name__ == "DateFieldEdit"]
    print(json.dumps({
        "dataclasses": dataclasses,
        "calendar": calendar,
        "date_fields": len(date_fields),
        "review_built": "govreport_gui.gui.review_ui" in sys.modules,  # the first part after it
    }))
    app.quit()

def interactive():
    # Once what the start-up shows has been painted (the tables' headers too), before the rest
    # of the window is built: a filter installed after the start-up's own sees the paint first.
    from govreport_gui.gui.after_paint import after_paint
    window.update()
    QTimer.singleShot(0, lambda: after_paint(window, made))

startup_of(window).interactive.connect(interactive)
app.exec()
"""


def test_the_draft_is_interactive_without_a_dataclass_or_the_calendars_classes() -> None:
    """Until a draft can be typed into and has been painted, no dataclass of the program is
    processed (each costs ≈ 0.7 ms, its methods generated and compiled: the commands, the change
    set, the table navigation's and the library's records are plain classes and ``Record`` s),
    and no enum classes of ``QCalendarWidget`` or ``QGradient`` are made: the 填报日期 field's
    popup class is imported when it is first opened, its icon is an image, not painted, and the
    tables' headers leave their background to Qt (a ``fillRect`` from Python makes QGradient's
    enums for its overloads)."""
    found = _started(_INTERACTIVE_CHILD, "--example")
    assert found["date_fields"] == 1  # the 填报日期 field with its calendar icon was made
    assert not found["review_built"]  # looked at before the rest of the window was built
    assert found["dataclasses"] == []
    assert found["calendar"] == []
