"""Chinese text on any machine: use the bundled font when the system has no Chinese font.

On Windows and macOS the system UI font (Microsoft YaHei, PingFang) is used as it is.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from govreport_gui.core.paths import fonts_dir

BUNDLED_FONT = "GovReportSerifSC-Regular.ttf"
_registered: list[str] = []  # the bundled face's family ("" if it failed), once registered


def registered_family() -> str:
    """The bundled font's family when this process has registered it, else ""."""
    return _registered[0] if _registered else ""


def system_has_chinese_font() -> bool:
    """Whether a Chinese family other than the bundled one (once registered, Qt lists it as
    one of its own) is installed."""
    ours = registered_family()
    return any(
        family != ours
        for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    )


def bundled_family() -> str:
    """The bundled font's family, registered with Qt the first time ("" when it cannot be)."""
    if not _registered:
        font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / BUNDLED_FONT))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _registered.append(families[0] if families else "")
    return _registered[0]


def ensure_chinese_font(app: QApplication) -> str | None:
    """Register the bundled font if needed and make it the application font's fallback; returns
    its family name when it is used. Called again (the application font set anew meanwhile), it
    adds the face again: the bundled face, once registered, does not count as the system's."""
    if sys.platform in ("win32", "darwin") or system_has_chinese_font():
        return None
    family = bundled_family()
    if not family:
        return None
    font = QFont(app.font())
    if family not in font.families():
        font.setFamilies([font.family(), family])
        app.setFont(font)
    return family
