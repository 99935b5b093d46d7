"""Where the bundled data lives, in a source checkout and in an installed wheel.

The wheel carries ``forms/`` and ``resources/`` as ``govreport_gui/_data/...`` (hatch
``force-include``); a source checkout has them at the top of the repository.

The folders are found as text (``os.path``): a ``check`` of one file reads a form from here and
imports no ``pathlib`` (with the ``urllib.parse`` and ``ipaddress`` it imports, ≈ 8 % of such a
process, issue 14). The functions that return a ``Path`` are for everything else.
"""

from __future__ import annotations

import os
from functools import cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


@cache
def data_folder() -> str:
    installed = os.path.join(_PACKAGE_DIR, "_data")
    if os.path.isdir(os.path.join(installed, "forms")):
        return installed
    return os.path.dirname(_PACKAGE_DIR)


def forms_folder() -> str:
    return os.path.join(data_folder(), "forms")


def data_root() -> Path:
    from pathlib import Path

    return Path(data_folder())


def forms_dir() -> Path:
    from pathlib import Path

    return Path(forms_folder())


def resources_dir() -> Path:
    return data_root() / "resources"


def example_values_path() -> Path:
    return resources_dir() / "examples" / "nxjgsw-2018.json"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"
