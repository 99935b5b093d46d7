"""帮助 → 关于 govreport…: the version, the licence of each bundled component, and where their
texts are (a folder that exists and holds them), as a user reads them in the dialog."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dialog_texts import open_and_read
from gui_helpers import home, window
from menu_text import plain_texts
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QPushButton

from govreport_gui import __version__
from govreport_gui.core import about
from govreport_gui.core.paths import resources_dir
from govreport_gui.gui import about_dialog
from govreport_gui.gui.desktop_habits import submenu_of
from govreport_gui.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window)
LICENCES = ("MIT", "LGPL-3.0", "OFL-1.1", "PSF-2.0", "BSD", "MIT-CMU", "Apache-2.0", "MIT-0")


def _about_action(win: MainWindow) -> Any:
    help_menu = next(m for m in win.menuBar().actions() if m.text().startswith("帮助"))
    menu = submenu_of(help_menu)
    assert menu is not None
    titles = plain_texts(menu.actions())
    assert titles[-1] == "关于 govreport…"
    return menu.actions()[-1]


def test_the_about_dialog_names_the_version_and_every_licence(
    window: MainWindow, qtbot: Any
) -> None:
    seen = open_and_read(qtbot, _about_action(window).trigger, ["reject"])
    assert len(seen) == 1
    text = "\n".join(seen[0].texts)
    assert seen[0].title == "关于 govreport"
    assert "政府信息公开年报填报" in text
    assert f"版本 {__version__}" in text
    for name in ("Qt 6 / PySide6", "Python", "openpyxl", "reportlab", "cryptography", "pillow"):
        assert name in text, name
    for licence in LICENCES:
        assert licence in text, licence
    assert "动态链接" in text  # LGPL: the user may replace Qt
    # The folder it names exists and holds the texts.
    folder_line = next(t for t in seen[0].texts if "许可证全文在此文件夹中" in t)
    folder = Path(folder_line.split("\n", 1)[1])
    assert folder == resources_dir() / "licenses"
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt", "THIRD-PARTY.txt", "govreport-MIT.txt"):
        assert (folder / name).is_file(), name
    assert (folder / "python" / "openpyxl.txt").is_file()


def test_the_pyinstaller_bootloader_each_package_runs_on_is_named_with_its_licence(
    window: MainWindow, qtbot: Any
) -> None:
    """Every program file of the packages is PyInstaller's bootloader (GPL-2.0-or-later with
    its exception for embedding): the dialog names it, and its text is in the folder."""
    seen = open_and_read(qtbot, _about_action(window).trigger, ["reject"])
    text = "\n".join(seen[0].texts)
    assert "PyInstaller bootloader" in text
    assert "GPL-2.0-or-later 附 Bootloader-exception" in text  # SPDX's WITH, in Chinese
    assert "Apache-2.0" in text.split("PyInstaller bootloader", 1)[1]  # its run-time hooks
    licence = (about.licenses_dir() / "python" / "pyinstaller.txt").read_text(encoding="utf-8")
    assert licence.startswith("pyinstaller ")
    for part in ("Bootloader Exception", "GNU GENERAL PUBLIC LICENSE", "Apache License"):
        assert part in licence, part


def test_the_linux_packages_system_libraries_are_named_when_it_carries_them(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The .deb carries licenses/system/ (the build machine's libraries): the dialog says so and
    where; a folder without it (the wheel, Windows) says nothing of them."""
    seen = open_and_read(qtbot, _about_action(window).trigger, ["reject"])
    assert not any("系统库" in t for t in seen[0].texts)
    system = tmp_path / "licenses" / "system"
    system.mkdir(parents=True)
    (system / "INDEX.txt").write_text(
        "# header\nlibicuuc.so.73\tlibicu73 (73.2-1)\tsystem/libicu73.txt\n"
        "libfreetype.so.6\tlibfreetype6\tsystem/libfreetype6.txt\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(about, "resources_dir", lambda: tmp_path)
    seen = open_and_read(qtbot, _about_action(window).trigger, ["reject"])
    line = next(t for t in seen[0].texts if "系统库" in t)
    assert "2 个" in line
    assert Path(line.split("\n", 1)[1]) == system


def test_every_components_licence_text_is_in_the_package() -> None:
    for part in about.COMPONENTS:
        for relative in part.files:
            path = resources_dir() / relative
            assert path.is_file() and path.stat().st_size > 500, path
    assert (
        "GNU LESSER GENERAL PUBLIC LICENSE" in (about.licenses_dir() / "LGPL-3.0.txt").read_text()
    )
    assert "Version 3" in (about.licenses_dir() / "GPL-3.0.txt").read_text()
    assert (
        "SIL OPEN FONT LICENSE Version 1.1" in (resources_dir() / "fonts" / "OFL.txt").read_text()
    )


def test_third_party_lists_what_the_dialog_lists() -> None:
    """THIRD-PARTY.txt (read without the program) names the same components and licences."""
    listing = (about.licenses_dir() / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    for part in about.COMPONENTS:
        assert part.name.split("（")[0] in listing, part.name
        assert part.licence in listing, part.licence
        for relative in part.files:
            assert relative.removeprefix("licenses/").replace("fonts/", "../fonts/") in listing


def test_the_python_libraries_licences_are_their_own() -> None:
    """Each library's text is copied from the package (packaging/collect_licenses.py)."""
    for part in about.COMPONENTS:
        if part.distribution:
            text = (resources_dir() / part.files[0]).read_text(encoding="utf-8")
            assert text.startswith(f"{part.distribution} "), part.distribution
            assert "=====" in text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in (
        about.licenses_dir() / "python" / "Python.txt"
    ).read_text(encoding="utf-8")


def test_the_button_opens_the_licence_folder(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(
        about_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )

    def press(dialog: Any) -> None:
        assert isinstance(dialog, QDialog)
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "打开许可证文件夹")
        button.click()
        dialog.reject()

    open_and_read(qtbot, _about_action(window).trigger, [press])
    assert [Path(u.toLocalFile()) for u in opened] == [about.licenses_dir()]


def test_govreport_version() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from govreport_gui.cli.main import main; sys.exit(main())",
            "--version",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0
    assert run.stdout.strip() == f"govreport {__version__}"
