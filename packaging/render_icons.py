#!/usr/bin/env python3
"""Render the application icon ``resources/icons/govreport.svg`` to what each platform needs.

- ``govreport-{16,…,512}.png``: the window's icon (gui/app_icon.py) and the Linux desktop entry's
  (hicolor sizes). Qt's SVG renderer draws them: the same renderer the window would use, and the
  one a test re-runs (tests/test_app_icon.py) to check the committed files still match the SVG.
- ``govreport.ico`` (16–256 px, each size drawn from the SVG, not scaled from a big one): Windows,
  the installer and the program's .exe.
- ``govreport.icns`` (32–1024 px): macOS, the .app bundle.

The window loads PNG files, never the SVG: the installers leave out Qt's image-format plugins,
and PNG is the one format built into QtGui.

Usage::

    python packaging/render_icons.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "govreport.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can be
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)  # what Pillow writes into an .icns (16 px is legacy)


def png_name(size: int) -> str:
    return f"govreport-{size}.png"


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn at ``size``×``size`` pixels on a transparent background."""
    if QGuiApplication.instance() is None:  # QPainter on an image needs the GUI application
        QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"无法读取图标源文件：{svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def to_pillow(image: QImage) -> Image.Image:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # straight alpha, as Pillow's
    size = (rgba.width(), rgba.height())
    return Image.frombytes(
        "RGBA", size, bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine()
    )


def write_all(svg: Path, out: Path) -> list[Path]:
    """Write every file into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    drawn = {size: render(svg, size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    written: list[Path] = []
    for size in PNG_SIZES:
        path = out / png_name(size)
        if not drawn[size].save(str(path)):  # PNG, by the name
            raise SystemExit(f"无法写入：{path}")
        written.append(path)
    images = {size: to_pillow(image) for size, image in drawn.items()}
    written.append(_save_set(out / "govreport.ico", "ICO", images, ICO_SIZES))
    written.append(_save_set(out / "govreport.icns", "ICNS", images, ICNS_SIZES))
    return written


def _save_set(path: Path, kind: str, images: dict[int, Image.Image], sizes: Iterable[int]) -> Path:
    # Each size its own rendering (append_images), so Pillow scales none of them down.
    chosen = [images[s] for s in sorted(sizes)]
    largest = chosen[-1]
    largest.save(
        path,
        kind,
        sizes=[(s, s) for s in sorted(sizes)],
        append_images=chosen[:-1],
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把 govreport.svg 渲染为各平台所需的图标文件")
    parser.add_argument(
        "--out", type=Path, default=ICONS, help="输出文件夹（默认 resources/icons）"
    )
    args = parser.parse_args(argv)
    for path in write_all(SVG, args.out):
        print(f"{path}  {path.stat().st_size:,} 字节")
    return 0


if __name__ == "__main__":
    sys.exit(main())
