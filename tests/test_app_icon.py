"""The application icon: the committed renders are what the SVG gives, the Windows and macOS icon
files hold every size, and the window takes the icon from the PNGs once the draft is shown."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gui_helpers import home, new_draft
from PIL import Image
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication

from govreport_gui.core.paths import resources_dir
from govreport_gui.gui import app as gui_app
from govreport_gui.gui import app_icon
from govreport_gui.gui.startup import startup_of

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home,)
REPO = Path(__file__).resolve().parent.parent
ICONS = resources_dir() / "icons"


def _render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_icons", REPO / "packaging" / "render_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one channel of one pixel (0–255), the images as RGBA."""
    fmt = QImage.Format.Format_RGBA8888
    a, b = a.convertToFormat(fmt), b.convertToFormat(fmt)
    assert (a.width(), a.height()) == (b.width(), b.height())
    return max(abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True))


def test_the_committed_pngs_are_what_the_svg_gives(qapp: QApplication) -> None:
    """Someone who changes govreport.svg re-runs packaging/render_icons.py (else this fails)."""
    render = _render_icons()
    for size in render.PNG_SIZES:
        committed = QImage(str(ICONS / render.png_name(size)))
        assert not committed.isNull(), size
        assert (committed.width(), committed.height()) == (size, size)
        # A small tolerance: another Qt version may round an anti-aliased edge differently.
        assert _largest_difference(committed, render.render(render.SVG, size)) <= 24, size


def test_the_pngs_are_not_blank_and_the_corners_are_transparent(qapp: QApplication) -> None:
    for size in (16, 32, 256):
        image = QImage(str(ICONS / f"govreport-{size}.png"))
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, size - 1).alpha() == 0  # the sheet does not fill the square
        middle = image.pixelColor(size // 2, size // 4)
        assert middle.alpha() == 255


def test_the_ico_and_icns_hold_every_size() -> None:
    with Image.open(ICONS / "govreport.ico") as ico:
        assert sorted(ico.info["sizes"]) == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    with Image.open(ICONS / "govreport.icns") as icns:
        pixels = {w * scale for w, _h, scale in icns.info["sizes"]}
        assert pixels == {32, 64, 128, 256, 512, 1024}


def test_the_ico_sizes_are_drawn_each_not_scaled_from_the_largest() -> None:
    """The 16 px entry is the 16 px render (crisp), not the 256 px one shrunk (blurred)."""
    with Image.open(ICONS / "govreport.ico") as ico:
        ico.size = (16, 16)
        small = ico.convert("RGBA")
    with Image.open(ICONS / "govreport-16.png") as png:
        assert small.tobytes() == png.convert("RGBA").tobytes()


@pytest.fixture()
def no_icon(qapp: QApplication) -> Iterator[None]:
    QApplication.setWindowIcon(QIcon())  # as at the start of a program
    yield
    QApplication.setWindowIcon(QIcon())


def test_the_window_gets_the_icon_once_the_draft_is_shown(
    qtbot: Any, home: Path, no_icon: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the PNGs (the bundle has no SVG plugin), after the first paint: not before the draft
    answers, and all of them by the end of the start-up."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = new_draft("gov-disclosure-2021", "某某市人民政府办公室", "2023")
    _app, win = gui_app.start([str(path)])
    qtbot.addWidget(win)
    startup = startup_of(win)
    assert startup is not None
    at_interactive: list[bool] = []
    startup.interactive.connect(lambda: at_interactive.append(QApplication.windowIcon().isNull()))
    assert QApplication.windowIcon().isNull()  # not before the first paint
    with qtbot.waitSignal(startup.finished, timeout=20000):
        pass
    assert at_interactive == [True]
    icon = win.windowIcon()
    assert [s.width() for s in icon.availableSizes()] == list(app_icon.SIZES)
    assert not icon.pixmap(32, 32).isNull()
    assert icon.pixmap(32, 32).toImage() == QImage(str(ICONS / "govreport-32.png")).convertToFormat(
        icon.pixmap(32, 32).toImage().format()
    )
    win.close()
