"""The per-user folders (cache, settings, data), found without importing ``platformdirs`` on Linux.

``core/store/settings.py``'s ``cache_dir``, ``config_dir`` and ``data_dir`` are these folders; the
command line needs the cache folder for the parsed-form cache before anything else, and an export
needs the others to read the user's name and the keys. ``platformdirs`` (with ``tempfile`` and
``random``) costs a whole-process ``govreport check`` about 6 ms to import, and both processes of an
export about as much. On Linux its rule is short enough to follow here (``tests/test_form_cache.py``
checks that the two agree); elsewhere it is asked.

Each folder is found as text (``*_folder``), which a ``check`` uses without importing ``pathlib``
(issue 14); ``*_dir`` gives it as a ``Path``.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "govreport"

# The folder's XDG variable and default under the home folder (the XDG base directory rule).
_XDG = {
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "data": ("XDG_DATA_HOME", "~/.local/share"),
}


def user_folder(kind: str) -> str:
    """The folder of ``kind`` (``cache``, ``config`` or ``data``), as text."""
    home = os.environ.get("GOVREPORT_HOME")
    if home:
        return os.path.join(home, kind)
    on_linux = sys.platform.startswith("linux")  # a variable: mypy would judge the test statically
    if on_linux:
        # platformdirs' Unix rule: the XDG variable when it holds an absolute path (the spec says
        # a relative one is to be ignored), else the default under the home folder.
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "")
        if not os.path.isabs(base):
            base = os.path.expanduser(default)
        return os.path.join(base, APP_NAME)
    import platformdirs

    finder = {
        "cache": platformdirs.user_cache_dir,
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
    }[kind]
    return str(finder(APP_NAME, appauthor=False))


def _user_dir(kind: str) -> Path:
    from pathlib import Path

    return Path(user_folder(kind))


def cache_dir() -> Path:
    """Anything in it may be deleted at any time and is rebuilt when needed. Under
    ``GOVREPORT_HOME`` when that is set."""
    return _user_dir("cache")


def config_dir() -> Path:
    """The settings file's folder; ``GOVREPORT_HOME/config`` when that is set."""
    return _user_dir("config")


def data_dir() -> Path:
    """The library, the keys, the logs; ``GOVREPORT_HOME/data`` when that is set."""
    return _user_dir("data")
