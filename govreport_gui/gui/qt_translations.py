"""Qt's own words in Chinese: the OK/Cancel of standard buttons, the file dialog (查找范围, 文件名,
文件类型…), the context menu of text fields (撤销, 复制, 粘贴…).

They come from Qt's Simplified Chinese catalogue ``qtbase_zh_CN.qm``, which PySide6-Essentials
ships in ``QLibraryInfo.path(TranslationsPath)``. The interface of govreport is Chinese whatever
the system's language, so the catalogue is loaded by name, not by the system locale; the default
locale is set to zh_CN as well, so that Qt's locale-dependent texts (the file type names of the
file dialog, dates) follow.

Qt 6 gave a few texts a keyboard mnemonic (``&Look in:``) that the catalogue has only in their old
form; ``resources/translations/govreport_qt_zh_CN.ts`` (compiled to ``.qm`` beside it) supplies them.

Installed once per application, before any widget is made (``app.start`` and the tests' QApplication).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from govreport_gui.core.paths import resources_dir

SUPPLEMENT = "govreport_qt_zh_CN"
CATALOGUES = ("qtbase_zh_CN", SUPPLEMENT)
_OBJECT_PREFIX = "govreport-translation-"


def install_chinese(app: QCoreApplication) -> list[str]:
    """Load Qt's Chinese catalogues into ``app`` (again: nothing more); the names loaded.

    A catalogue that is missing (a stripped Qt) is skipped: Qt then shows its English words, which
    is no reason to refuse to start.
    """
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded: list[str] = []
    for name in CATALOGUES:
        if app.findChild(QTranslator, _OBJECT_PREFIX + name) is not None:
            loaded.append(name)
            continue
        translator = QTranslator(app)
        translator.setObjectName(_OBJECT_PREFIX + name)
        folder = str(resources_dir() / "translations") if name == SUPPLEMENT else qt_folder
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(name)
        else:
            translator.deleteLater()
    return loaded
