"""The Windows installer: Inno Setup's compiler (``iscc``) over ``packaging/windows/govreport.iss``.

``packaging/build.py`` calls :func:`make_package` on Windows with PyInstaller's one-folder bundle.
Needs Inno Setup 6.5 or later (its official Chinese translation, ChineseSimplified.isl, came with
6.5); the CI workflow installs it (.github/workflows/installers.yml). Untested here: this
machine has no Windows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "govreport.iss"
CHINESE = Path("Languages") / "ChineseSimplified.isl"


def find_iscc(env: Mapping[str, str] = os.environ) -> Path:
    """Inno Setup's command-line compiler: on the PATH, or where its installer puts it."""
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        folder = env.get(base)
        if not folder:
            continue
        for sub in ("Inno Setup 6", r"Programs\Inno Setup 6"):
            candidate = Path(folder) / sub / "ISCC.exe"
            if candidate.is_file():
                return candidate
    raise SystemExit("找不到 Inno Setup 的编译器 ISCC.exe：请安装 Inno Setup 6.5 或更高版本。")


def setup_name(version: str) -> str:
    """The installer's file name (OutputBaseFilename in govreport.iss, plus .exe)."""
    return f"govreport-{version}-windows-x64-setup.exe"


def iscc_command(iscc: Path, bundle_dir: Path, version: str, out_dir: Path) -> list[str]:
    return [
        str(iscc),
        "/Q",  # quiet: only errors and the result
        f"/DAppVersion={version}",
        f"/DBundleDir={bundle_dir.resolve()}",
        f"/DOutputDir={out_dir.resolve()}",
        str(SCRIPT),
    ]


def make_package(bundle_dir: Path, version: str, out_dir: Path) -> Path:
    """Build ``govreport-VERSION-windows-x64-setup.exe`` from ``bundle_dir`` into ``out_dir``."""
    if not (bundle_dir / "govreport-gui.exe").is_file():
        raise SystemExit(
            f"{bundle_dir} 中没有 govreport-gui.exe：请先用 PyInstaller 生成程序文件夹。"
        )
    iscc = find_iscc()
    if not (iscc.parent / CHINESE).is_file():
        raise SystemExit(
            f"{iscc.parent} 中没有 {CHINESE}：安装程序需要 Inno Setup 6.5 或更高版本（自带简体中文）。"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(iscc_command(iscc, bundle_dir, version, out_dir), check=True)
    made = out_dir / setup_name(version)
    if not made.is_file():
        raise SystemExit(f"Inno Setup 没有生成 {made}")
    return made
