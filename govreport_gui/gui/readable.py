"""Text colours that stay readable on any cell background (WCAG 2 contrast ratio).

The "应为 N" hint in a blank total is grey, to look unlike a typed figure; grey on the blue of a
selection, or on the pink of an error, is hard to read. :func:`readable` keeps the wanted colour
when it contrasts enough with the background and otherwise moves it, step by step, towards black
or white (whichever contrasts more with the background) until it does.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

MINIMUM_CONTRAST = 4.5  # WCAG 2 AA for normal text


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""
    return (
        0.2126 * _channel(color.redF())
        + 0.7152 * _channel(color.greenF())
        + 0.0722 * _channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(wanted: QColor, background: QColor, minimum: float = MINIMUM_CONTRAST) -> QColor:
    if contrast(wanted, background) >= minimum:
        return QColor(wanted)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    extreme = black if contrast(black, background) >= contrast(white, background) else white
    color = QColor(wanted)
    for step in range(1, 11):
        t = step / 10
        color = QColor.fromRgbF(
            wanted.redF() + (extreme.redF() - wanted.redF()) * t,
            wanted.greenF() + (extreme.greenF() - wanted.greenF()) * t,
            wanted.blueF() + (extreme.blueF() - wanted.blueF()) * t,
        )
        if contrast(color, background) >= minimum:
            break
    return color
