"""The Qt window: a thin layer over :mod:`govreport_gui.core` (models, views, dialogs)."""
