"""Two start-up costs of PySide6 that a window pays and a bare ``QMainWindow`` does not (issue 14).

1. **The ``__feature__`` scan.** Once PySide6 is imported, it replaces ``__import__`` and, after
   every import statement, reads the source of the module imported (``inspect.getsource``) to see
   whether it mentions PySide6, for its opt-in ``from __feature__ import snake_case,
   true_property`` (the first time it sees each module name, the standard library's included).
   The window imports some 120 modules after PySide6, so start-up read and scanned their source
   files: ≈ 30 ms of CPU on this kind of machine (napari/napari#8584 measured the same tax).
   govreport never imports ``__feature__``, so the answer only decides whether a module counts as
   "no feature selected" (0) or "ignored" (-1) in a switch that never happens: every module is
   called one that uses PySide (0, the default of such a module), without reading its source.
   The scan lives in PySide6's own support module; when it is not there (another version), this
   does nothing and PySide6 behaves as it always did.
2. **The first ``viewport()``.** A scroll area's viewport is made by Qt in C++. The first time
   Python receives it typed as ``QWidget*``, shiboken looks for its most derived class by trying
   every ``QWidget`` subclass of QtWidgets, which creates each class with its enums (≈ 70 enums,
   10–20 ms, once per process). Found as a child (a ``QObject*``), its class comes from its
   meta-object at once, and later ``viewport()`` calls return that same wrapper:
   :func:`adopt_viewport` does that for each view the window makes.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QAbstractScrollArea, QWidget

FEATURE_MODULE = "PySide6.support.feature"
VIEWPORT_NAME = "qt_scrollarea_viewport"  # QAbstractScrollArea names its viewport so


def _uses_pyside(module: object) -> bool:
    return True  # 0: "no feature selected", the default; no source is read


def skip_feature_scan() -> bool:
    """Stop PySide6's source scan of each imported module; False when there is none to stop."""
    feature = sys.modules.get(FEATURE_MODULE)
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[union-attr]
    return True


def adopt_viewport(area: QAbstractScrollArea) -> None:
    """Make ``area.viewport()`` cheap from the first call (see the module's docstring)."""
    # Imported here: every module of the window imports this one first, and ``Qt``'s first
    # import makes PySide create all 93 of its enums (36–58 ms on a slow machine), which the
    # frame must not wait for (gui/startup.py).
    from PySide6.QtCore import Qt

    area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)


skip_feature_scan()  # at import: before the window's own modules are imported
