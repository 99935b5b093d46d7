"""packaging/linux/system_licences.py: each library the bundle takes from the build machine gets
its Debian package's copyright file and a line in INDEX.txt; a library of unknown origin stops
the build. Run on a made-up folder (the real one is tests/test_installer_deb.py's)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))

from linux.system_licences import SYSTEM, LicenceError, collect

ZLIB = Path("/usr/share/doc/zlib1g/copyright")

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg") is None or not ZLIB.is_file(), reason="needs dpkg and zlib1g"
)


def _bundle(tmp_path: Path, *system: str) -> Path:
    internal = tmp_path / "_internal"
    (internal / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    (internal / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6").write_bytes(b"wheel")
    (internal / "libQt6Core.so.6").symlink_to("PySide6/Qt/lib/libQt6Core.so.6")
    (internal / "_cffi_backend.cpython-311-x86_64-linux-gnu.so").write_bytes(b"wheel")
    for name in system:
        (internal / name).write_bytes(b"system")
    return internal


def test_each_system_library_gets_its_packages_copyright(tmp_path: Path) -> None:
    internal = _bundle(tmp_path, "libz.so.1")
    rows = collect(internal, {})
    assert rows == [("libz.so.1", "zlib1g", "system/zlib1g.txt")]
    licences = internal / SYSTEM
    assert (licences / "zlib1g.txt").read_bytes() == ZLIB.read_bytes()
    index = (licences / "INDEX.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in index if not line.startswith("#")] == ["libz.so.1"]
    assert "zlib1g (" in index[-1]  # with the version that was bundled


def test_a_library_no_package_owns_stops_the_build(tmp_path: Path) -> None:
    internal = _bundle(tmp_path, "libz.so.1", "libnot-from-debian.so.3")
    with pytest.raises(LicenceError, match=r"不属于任何 Debian 软件包.*libnot-from-debian\.so\.3"):
        collect(internal, {})


def test_a_library_is_looked_up_by_the_file_pyinstaller_copied(tmp_path: Path) -> None:
    """A libpython from a Python dpkg did not install (pyenv, CI's setup-python) is the runtime's,
    even where a Debian package has a file of the same name."""
    internal = _bundle(tmp_path, "libpython3.11.so.1.0", "libz.so.1")
    elsewhere = tmp_path / "pyenv" / "lib" / "libpython3.11.so.1.0"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(b"python")
    rows = collect(internal, {"libpython3.11.so.1.0": str(elsewhere)})
    assert ("libpython3.11.so.1.0", "Python", "python/Python.txt") in rows
