"""The licences of the system libraries PyInstaller copies into the bundle from the build machine.

PyInstaller carries every shared library the program links to that the target may lack (ICU,
libstdc++, freetype, fontconfig, dbus, gnutls, krb5, …), taken from the build machine's Debian
packages. Their licences ask that the notice travel with each copy, so for every such library in
``_internal/`` this copies its Debian package's ``/usr/share/doc/PKG/copyright`` into
``resources/licenses/system/PKG.txt`` and writes ``INDEX.txt`` (library → package → file), which
帮助 → 关于 and the .deb's copyright file point at.

Which files are the system's: the regular ``lib*.so*`` files directly in ``_internal/``. The wheels'
libraries (PySide6/Qt/lib, pillow.libs, cryptography, …) stay in their packages' folders, and what
PyInstaller puts beside them at the top is a link; their licences are the Python libraries'.
A library no Debian package owns stops the build: shipping a library whose licence nobody can
name is what this module exists to prevent. The one exception is libpython from a Python not
installed by dpkg (CI's actions/setup-python): its licence is already ``licenses/python/Python.txt``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

# Under _internal/: where the texts go (core/paths.py's resources, as in the wheel).
LICENCES = Path("govreport_gui", "_data", "resources", "licenses")
SYSTEM = LICENCES / "system"
INDEX = "INDEX.txt"
SOURCES = "govreport-sources.txt"  # beside the folder, written by packaging/govreport.spec
PYTHON_RUNTIME = re.compile(r"^libpython3\.\d+\.so")
PYTHON_LICENCE = "python/Python.txt"  # relative to LICENCES, written by collect_licenses.py
# Where Debian keeps libraries; a match elsewhere (a -dbg package's /usr/lib/debug) is not it.
LIBRARY_DIR = re.compile(r"^(/usr)?/lib(64|32)?(/[^/]+-linux-gnu[^/]*)?/[^/]+$")


class LicenceError(Exception):
    """A bundled library's licence cannot be found; the message says which, in Chinese."""


def system_libraries(internal: Path) -> list[str]:
    """Names of the shared libraries in ``internal`` that came from the build machine."""
    return sorted(
        path.name
        for path in internal.iterdir()
        # lib*: a Python extension module at the top (_cffi_backend…) is its wheel's
        if path.name.startswith("lib")
        and ".so" in path.name
        and path.is_file()
        and not path.is_symlink()
    )


def read_sources(listing: Path) -> dict[str, str]:
    """Name in the bundle → the file PyInstaller copied (the spec's ``govreport-sources.txt``);
    empty when there is none (a folder built before it existed)."""
    if not listing.is_file():
        return {}
    pairs = (line.split("\t", 1) for line in listing.read_text(encoding="utf-8").splitlines())
    return {dest: src for dest, src in pairs}


def _spellings(source: str) -> list[str]:
    """The paths dpkg may know a file by: as found, resolved, and with or without /usr (a
    merged-/usr system has both, dpkg's database only one)."""
    paths = []
    for path in (source, os.path.realpath(source)):
        paths.append(path)
        if path.startswith("/usr/lib"):
            paths.append(path[len("/usr") :])
        elif path.startswith("/lib"):
            paths.append("/usr" + path)
    return list(dict.fromkeys(paths))


def owners(names: list[str], sources: dict[str, str]) -> dict[str, str]:
    """Library name → the Debian package that installed it here (``dpkg -S``, one call): by the
    file PyInstaller copied where ``sources`` names it, else by the name under a library folder."""
    queries: dict[str, str] = {}  # what dpkg is asked → library name
    for name in names:
        if name in sources:
            queries.update((path, name) for path in _spellings(sources[name]))
        else:
            queries[f"*/{name}"] = name
    if not queries:
        return {}
    result = subprocess.run(["dpkg", "-S", *queries], capture_output=True, text=True)
    # exit 1 when some query matched nothing: those are simply absent from the answer
    found: dict[str, str] = {}
    for line in result.stdout.splitlines():
        packages, _, path = line.partition(": ")
        package = packages.split(",")[0].split(":")[0].strip()
        name = queries.get(path) or queries.get(f"*/{path.rsplit('/', 1)[-1]}")
        if name is None or name in found:
            continue
        if path in queries or LIBRARY_DIR.match(path):
            found[name] = package
    return found


def versions(packages: set[str]) -> dict[str, str]:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\t${Version}\n", *sorted(packages)],
        capture_output=True,
        text=True,
    )
    return dict(line.split("\t", 1) for line in result.stdout.splitlines() if "\t" in line)


def collect(
    internal: Path, sources: dict[str, str], doc_root: Path = Path("/usr/share/doc")
) -> list[tuple[str, str, str]]:
    """Copy the licences into ``internal``'s licences folder; returns the index's rows
    (library, package, licence file relative to the licences folder)."""
    names = system_libraries(internal)
    found = owners(names, sources)
    rows: list[tuple[str, str, str]] = []
    unknown = []
    for name in names:
        if name in found:
            rows.append((name, found[name], f"system/{found[name]}.txt"))
        elif PYTHON_RUNTIME.match(name):
            rows.append((name, "Python", PYTHON_LICENCE))
        else:
            unknown.append(name)
    if unknown:
        raise LicenceError(
            "以下随附的库不属于任何 Debian 软件包，无法确定其许可证："
            f"{', '.join(unknown)}。请用系统软件包提供的库构建，或在 packaging/bundle_filter.py "
            "中排除用到它的模块。"
        )
    out = internal / SYSTEM
    out.mkdir(parents=True, exist_ok=True)
    packages = {package for _name, package, file in rows if file.startswith("system/")}
    for package in sorted(packages):
        source = doc_root / package / "copyright"
        if not source.is_file():
            raise LicenceError(f"软件包 {package} 没有版权文件 {source}，无法随附其许可证。")
        (out / f"{package}.txt").write_bytes(source.read_bytes())
    known = versions(packages)
    lines = [
        "# 随附的系统库及其许可证（库 → Debian 软件包 → 许可证文件，相对于 licenses/）\n",
        "# System libraries bundled from the build machine: library, package (version), licence\n",
    ]
    for name, package, file in rows:
        version = f" ({known[package]})" if package in known else ""
        lines.append(f"{name}\t{package}{version}\t{file}\n")
    (out / INDEX).write_text("".join(lines), encoding="utf-8")
    return rows
