"""The Qt window: a thin layer over :mod:`govreport_gui.core` (models, views, dialogs)."""

# First of all: PySide6's scan of every module imported after it, which the window does not need
# (pyside_costs.py says why). Every module of the window imports this package first.
from govreport_gui.gui import pyside_costs as _pyside_costs  # noqa: F401
