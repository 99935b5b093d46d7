"""Where the bundled data lives, in a source checkout and in an installed wheel.

The wheel carries ``forms/`` and ``resources/`` as ``govreport_gui/_data/...`` (hatch
``force-include``); a source checkout has them at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def data_root() -> Path:
    installed = _PACKAGE_DIR / "_data"
    if (installed / "forms").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def forms_dir() -> Path:
    return data_root() / "forms"


def resources_dir() -> Path:
    return data_root() / "resources"


def example_values_path() -> Path:
    return resources_dir() / "examples" / "nxjgsw-2018.json"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"
