"""Python's cyclic garbage collector while a program starts (issue 14).

By default the collector runs after every 700 new objects. Start-up creates a few hundred
thousand (the modules' functions, classes and constants; for the window also PySide's wrappers)
that all stay alive, so each of its rounds then walks a growing heap and frees next to nothing:
some thirty rounds in a ``govreport check`` (≈ 4 % of its instructions), some seventy before the
window can be typed into (≈ 3–4 % of that time). While a program starts it runs after every
:data:`START_UP_THRESHOLD` new objects instead; garbage is still collected, in larger steps.

The window goes back to Python's thresholds once all of it is built (``Startup.finished``), not
as soon as the draft can be typed into: the first allocation after that walks everything the
start-up made at once (a gen-1 round of ≈ 8 ms for a filled 2021 draft), which would otherwise
come between the draft and its first paint. Should the rest never be built (a part that failed, a
minimised window that is not painted), it goes back :data:`AT_THE_LATEST_MS` after the draft can
be typed into.

Only a program's own process does this (``cli/process.py``, ``gui/process.py``): a test, or
another program calling ours, keeps its own settings.
"""

from __future__ import annotations

import gc

START_UP_THRESHOLD = 30_000
# The window's latest return to Python's thresholds, after it can be typed into (gui/app.py).
AT_THE_LATEST_MS = 5_000
_DEFAULT = gc.get_threshold()


def wait_while_starting() -> None:
    """From now on, a round of the youngest generation every 30,000 new objects."""
    gc.set_threshold(START_UP_THRESHOLD)


def started() -> None:
    """Back to Python's own thresholds (a window, once all of it is built: small, frequent
    rounds keep each pause short). Called again, it changes nothing."""
    gc.set_threshold(*_DEFAULT)
