"""The macOS disk image: the .app PyInstaller's BUNDLE made, beside a link to /Applications.

``packaging/build.py`` calls :func:`make_package` on macOS. The .app comes from the spec's
``BUNDLE`` (its arguments: packaging/macos/bundle_info.py); this module only puts it on a
compressed, read-only disk image with ``hdiutil`` (part of macOS), so a user opens the .dmg and
drags the program onto Applications. Untested here: this machine has no macOS.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

VOLUME_NAME = "政府信息公开年报填报"


def find_app(bundle_dir: Path) -> Path:
    """The .app: ``bundle_dir`` itself, or the one PyInstaller put beside the one-folder bundle
    (dist/govreport → dist/govreport.app)."""
    if bundle_dir.suffix == ".app" and bundle_dir.is_dir():
        return bundle_dir
    beside = sorted(bundle_dir.parent.glob("*.app"))
    if len(beside) != 1:
        found = "、".join(p.name for p in beside) or "没有"
        raise SystemExit(f"{bundle_dir.parent} 中应有且只有一个 .app（找到：{found}）")
    return beside[0]


def dmg_name(version: str) -> str:
    return f"govreport-{version}-macos.dmg"


def hdiutil_command(staging: Path, version: str, target: Path) -> list[str]:
    return [
        "hdiutil",
        "create",
        "-volname",
        f"{VOLUME_NAME} {version}",
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",  # zlib-compressed, read-only: what users expect to double-click
        "-ov",
        str(target),
    ]


def make_package(bundle_dir: Path, version: str, out_dir: Path) -> Path:
    """Build ``govreport-VERSION-macos.dmg`` in ``out_dir`` from the .app of ``bundle_dir``."""
    app = find_app(bundle_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / dmg_name(version)
    with tempfile.TemporaryDirectory() as folder:
        staging = Path(folder) / "dmg"
        staging.mkdir()
        # symlinks=True: Qt's frameworks inside the .app are made of links; copies would break
        # their code signatures and double their size.
        shutil.copytree(app, staging / app.name, symlinks=True)
        (staging / "Applications").symlink_to("/Applications")
        subprocess.run(hdiutil_command(staging, version, target), check=True)
    return target
