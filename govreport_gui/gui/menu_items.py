"""Filling a menu or a tool bar from a list of actions, ``None`` standing for a separator line."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar


def add_items(target: QMenu | QToolBar, actions: Iterable[QAction | None]) -> None:
    """Add ``actions`` to ``target`` in order; each None adds a separator line."""
    for action in actions:
        if action is None:
            target.addSeparator()
        else:
            target.addAction(action)
