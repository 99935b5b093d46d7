"""Colours and small visual constants shared by the views (a calm light theme)."""

from __future__ import annotations

from PySide6.QtGui import QColor

ERROR_BG = QColor("#fde2e1")
ERROR_FG = QColor("#b3261e")
WARNING_BG = QColor("#fff1d0")
WARNING_FG = QColor("#8a5a00")
HEADING_BG = QColor("#f1f3f5")
BLANK_BG = QColor("#ffffff")
HINT_FG = QColor("#8a8f98")
COMMENT_MARK = QColor("#1a73e8")
LOCKED_BG = QColor("#f6f7f9")
EXPLAINED_BG = QColor("#eef3ea")  # a warning accepted with a 说明: settled, not alarming
EXPLAINED_FG = QColor("#4d6b45")
COMMENT_BG = QColor("#c9dcfb")  # a cell with an open review comment: seen at a glance
CHANGED_BG = QColor("#dcc6f6")  # changed since the last 退回: what the reviewer reads again
