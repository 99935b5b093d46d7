"""Chinese text on any machine: use the bundled font when the system has no Chinese font.

On Windows and macOS the system UI font (Microsoft YaHei, PingFang) is used as it is.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from govreport_gui.core.paths import fonts_dir

BUNDLED_FONT = "GovReportSerifSC-Regular.ttf"


def system_has_chinese_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_chinese_font(app: QApplication) -> str | None:
    """Register the bundled font if needed; returns its family name when it was registered."""
    if sys.platform in ("win32", "darwin") or system_has_chinese_font():
        return None
    font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / BUNDLED_FONT))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QFont(app.font())
    font.setFamilies([font.family(), families[0]])
    app.setFont(font)
    return families[0]
