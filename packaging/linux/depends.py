"""The .deb's ``Depends``: the system libraries the bundle links to but does not carry.

PyInstaller leaves out on purpose the C library, the OpenGL/EGL driver stack and libxcb (they
must match the machine), and cannot carry a library the build machine does not have (Qt's
xcb plugin needs libxcb-icccm and libxcb-keysyms). ``objdump -p`` lists what each file of the
bundle links to (binutils); every such library that is not in the bundle must come from a Debian
package, named in ``PACKAGE_OF``. A library missing from that table stops the build with a
message that says so, rather than a package that fails on a clerk's machine.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

# The C library's files: the package is libc6, at least the newest symbol version used.
GLIBC = re.compile(r"^(ld-linux.*|libc|libm|libdl|libpthread|librt|libresolv|libutil)\.so")

# soname → the Debian package that provides it (the same names on Ubuntu, 统信 UOS and 麒麟).
# Where a library's soname, and so its package, changed between releases, each is listed: the
# package for glibc 2.28 is built on Debian 10 (.github/workflows/installers.yml), where some
# libraries are older than on Debian 12.
PACKAGE_OF: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLESv2.so.2": "libgles2",
    "libGLdispatch.so.0": "libglvnd0",
    "libdrm.so.2": "libdrm2",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.0": "libxcb-util0",  # Debian 10; .so.1 from Debian 11 and Ubuntu 20.04
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-dri2.so.0": "libxcb-dri2-0",
    "libxcb-dri3.so.0": "libxcb-dri3-0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    # PyInstaller carries libffi with Python's ctypes; listed in case a build machine's is left out
    "libffi.so.6": "libffi6",  # Debian 10
    "libffi.so.7": "libffi7",  # Debian 11, Ubuntu 20.04
    "libffi.so.8": "libffi8",  # Debian 12
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libwayland-server.so.0": "libwayland-server0",
}

# Libraries the bundle carries whose data comes from the system's package all the same:
# libxkbcommon reads the keyboard layouts (xkb-data), fontconfig the font configuration
# (fontconfig-config); both packages come with these.
ALWAYS = ("libxkbcommon0", "libfontconfig1")

_NEEDED = re.compile(r"^\s*NEEDED\s+(\S+)", re.M)
_GLIBC_VERSION = re.compile(r"\bGLIBC_(\d+(?:\.\d+)+)\b")


class MissingPackage(Exception):
    """A library the bundle needs that no Debian package of ``PACKAGE_OF`` provides."""


def elf_files(bundle_dir: Path) -> list[Path]:
    return sorted(
        path
        for path in bundle_dir.rglob("*")
        if path.is_file() and not path.is_symlink() and _is_elf(path)
    )


def _is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def _objdump(*args: str) -> str:
    return subprocess.run(
        ["objdump", *args], capture_output=True, text=True, check=True, errors="replace"
    ).stdout


def depends(bundle_dir: Path) -> list[str]:
    """The ``Depends`` entries for the bundle in ``bundle_dir`` (raises MissingPackage)."""
    files = elf_files(bundle_dir)
    carried = {path.name for path in bundle_dir.rglob("*") if ".so" in path.name}
    needed: set[str] = set()
    glibc: tuple[int, ...] = (2, 17)
    for path in files:
        needed.update(_NEEDED.findall(_objdump("-p", str(path))))
        for version in _GLIBC_VERSION.findall(_objdump("-T", str(path))):
            glibc = max(glibc, tuple(int(part) for part in version.split(".")))
    return packages_for(needed - carried, glibc)


def packages_for(system_libraries: Iterable[str], glibc: tuple[int, ...]) -> list[str]:
    packages = {"libc6": f"libc6 (>= {'.'.join(map(str, glibc))})"}
    unknown = []
    for soname in sorted(system_libraries):
        if GLIBC.match(soname):
            continue
        package = PACKAGE_OF.get(soname)
        if package is None:
            unknown.append(soname)
        else:
            packages[package] = package
    if unknown:
        raise MissingPackage(
            "安装包需要这些系统库，但不知道它们由哪个 Debian 软件包提供："
            + "、".join(unknown)
            + "。请在 packaging/linux/depends.py 的 PACKAGE_OF 中写明。"
        )
    for package in ALWAYS:
        packages.setdefault(package, package)
    return [packages[name] for name in sorted(packages)]
