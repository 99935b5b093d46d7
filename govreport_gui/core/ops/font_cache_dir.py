"""Where the PDF writer caches its parsed fonts: the user's cache folder.

The layout does not know the user's folders (``core/user_cache.py``; not through
``core/store/settings.py``, whose imports the PDF's child process would pay for nothing), so the
ops that draw a PDF point it there before drawing (the export, and the child that draws the PDF
beside it).
"""

from __future__ import annotations


def use_font_cache() -> None:
    """Point the PDF writer's font cache at the user's cache folder: a whole-process export then
    skips parsing the 14 MB font. Each time: ``GOVREPORT_HOME`` may have changed (tests)."""
    from govreport_gui.core.layout import font_cache
    from govreport_gui.core.user_cache import cache_dir

    font_cache.configure(cache_dir())
