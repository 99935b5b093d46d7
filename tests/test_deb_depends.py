"""packaging/linux/depends.py: the .deb's Depends names the package of each system library, also
under the older names of Debian 10, where the package for glibc 2.28 is built."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))

from linux.depends import packages_for


def test_debian_10s_library_names_have_their_packages() -> None:
    libraries = ["libc.so.6", "libxcb-util.so.0", "libffi.so.6", "libEGL.so.1"]
    assert packages_for(libraries, (2, 28)) == [
        "libc6 (>= 2.28)",
        "libegl1",
        "libffi6",
        "libfontconfig1",
        "libxcb-util0",
        "libxkbcommon0",
    ]
