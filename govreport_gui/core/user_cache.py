"""The per-user cache folder, found without importing ``platformdirs`` on Linux.

``core/store/settings.py``'s ``cache_dir`` is this folder; the command line needs it for the
parsed-form cache before anything else, and ``platformdirs`` (with ``tempfile`` and ``random``)
costs a whole-process ``govreport check`` about 6 ms to import. On Linux its rule is short enough
to follow here (``tests/test_form_cache.py`` checks that the two agree); elsewhere it is asked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "govreport"


def cache_dir() -> Path:
    """Anything in it may be deleted at any time and is rebuilt when needed. Under
    ``GOVREPORT_HOME`` when that is set."""
    home = os.environ.get("GOVREPORT_HOME")
    if home:
        return Path(home) / "cache"
    on_linux = sys.platform.startswith("linux")  # a variable: mypy would judge the test statically
    if on_linux:
        # platformdirs' Unix rule: $XDG_CACHE_HOME unless it is blank, else ~/.cache.
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.cache")
        return Path(base) / APP_NAME
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
