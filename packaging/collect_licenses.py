#!/usr/bin/env python3
"""Copy the licence texts of the bundled Python libraries and runtime into ``resources/licenses/``.

MIT and BSD ask that a library's notice go with every copy of it, and the installers copy the
libraries with the program; the About dialog shows the folder. Which libraries, and under which
licence, is ``govreport_gui/core/about.py``'s ``COMPONENTS``; this script takes each library's
licence files from its installed distribution (the ``License-File`` entries of its metadata, or
its LICENSE/LICENCE files) and writes them, one after the other, into
``licenses/python/NAME.txt``, and the Python runtime's ``LICENSE.txt`` into ``Python.txt``.
Run it again when a library is upgraded; the result is committed.

Usage::

    python packaging/collect_licenses.py
"""

from __future__ import annotations

import importlib.metadata
import sys
import sysconfig
from pathlib import Path

from govreport_gui.core.about import COMPONENTS, licenses_dir


def licence_texts(distribution: str) -> list[tuple[str, str]]:
    """(file name, text) of each licence file of an installed distribution, in its own order."""
    dist = importlib.metadata.distribution(distribution)
    declared = dist.metadata.get_all("License-File") or []
    found: list[tuple[str, str]] = []
    for file in dist.files or []:
        name = file.name
        named = name in declared or name.upper().startswith(("LICENSE", "LICENCE", "COPYING"))
        if named and ".dist-info" in str(file.parent):
            found.append((name, file.read_text(encoding="utf-8")))
    if not found:
        raise SystemExit(f"{distribution}：找不到许可证文件")
    order = {name: i for i, name in enumerate(declared)}
    return sorted(found, key=lambda item: (order.get(item[0], len(order)), item[0]))


def python_licence() -> str:
    candidates = [
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",  # Linux, macOS
        Path(sys.base_prefix) / "LICENSE.txt",  # Windows
    ]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise SystemExit("找不到 Python 的 LICENSE.txt")


def main() -> int:
    out = licenses_dir() / "python"
    out.mkdir(parents=True, exist_ok=True)
    for component in COMPONENTS:
        if not component.distribution:
            continue
        version = importlib.metadata.version(component.distribution)
        parts = [f"{component.distribution} {version} — {component.licence}\n"]
        for name, text in licence_texts(component.distribution):
            parts.append(f"\n===== {name} =====\n\n{text.rstrip()}\n")
        target = out / f"{component.distribution}.txt"
        target.write_text("".join(parts), encoding="utf-8", newline="\n")
        print(target)
    runtime = out / "Python.txt"
    header = f"Python {sys.version.split()[0]} — PSF-2.0\n\n"
    runtime.write_text(header + python_licence().rstrip() + "\n", encoding="utf-8", newline="\n")
    print(runtime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
