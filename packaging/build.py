#!/usr/bin/env python3
"""Build govreport's package for the platform this runs on: ``python3 packaging/build.py``.

1. PyInstaller builds the folder ``dist/govreport`` from ``packaging/govreport.spec`` (both
   programs, one runtime; PyInstaller comes with ``pip install -e ".[build]"``).
2. The platform's module makes the package from it: Linux ``packaging/linux/deb.py`` (a .deb),
   Windows ``packaging/windows/installer.py``, macOS ``packaging/macos/dmg.py``; each has
   ``make_package(bundle_dir, version, out_dir) -> Path``.
3. It prints the folder's size, the package's and the time taken, against the size goals.

Options: ``--out DIR`` (folder and package; default ``dist/``), ``--work DIR`` (PyInstaller's
work files; default ``build/``), ``--skip-pyinstaller`` (package an existing folder again).
Exit code 1, with the reason in Chinese, when a step fails.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SPEC = PACKAGING / "govreport.spec"
BUNDLE_NAME = "govreport"  # COLLECT's name in the spec
MB = 1000 * 1000
FOLDER_GOAL_MB = 180  # issue 15: the installed folder
PACKAGE_GOAL_MB = 80  # issue 15: the compressed package

PLATFORM_MODULES = {"linux": "linux.deb", "win32": "windows.installer", "darwin": "macos.dmg"}


class BuildError(Exception):
    """A step failed; the message says which and why, in Chinese."""


def version() -> str:
    """``govreport_gui.__version__`` of the checkout being built (read from its file, not
    imported: the version of this checkout, whichever govreport the running Python has installed)."""
    for line in (ROOT / "govreport_gui" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise BuildError("govreport_gui/__init__.py 中没有 __version__。")


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` (links not followed): what the folder takes once installed."""
    return sum(
        path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink()
    )


def run_pyinstaller(out_dir: Path, work_dir: Path) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError(
            f"{sys.executable} 没有 PyInstaller：请先运行 "
            f'{Path(sys.executable).name} -m pip install -e ".[build]"'
        )
    env = dict(os.environ)
    # This checkout's govreport_gui, even where another copy is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(out_dir),
        "--workpath",
        str(work_dir),
        str(SPEC),
    ]
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        raise BuildError("PyInstaller 构建失败（见上面的输出）。")
    return out_dir / BUNDLE_NAME


def platform_module(platform: str = sys.platform) -> object:
    key = "linux" if platform.startswith("linux") else platform
    name = PLATFORM_MODULES.get(key)
    if name is None:
        raise BuildError(f"不支持在此平台构建安装包：{platform}")
    sys.path.insert(0, str(PACKAGING))
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise BuildError(
            f"没有本平台的打包模块 packaging/{name.replace('.', '/')}.py：{exc}"
        ) from exc


def build(out_dir: Path, work_dir: Path, skip_pyinstaller: bool = False) -> Path:
    started = time.perf_counter()
    if skip_pyinstaller:
        bundle = out_dir / BUNDLE_NAME
        if not (bundle / "_internal").is_dir():
            raise BuildError(f"没有可打包的文件夹：{bundle}（去掉 --skip-pyinstaller 重新构建）")
    else:
        bundle = run_pyinstaller(out_dir, work_dir)
    bundled = time.perf_counter()
    module = platform_module()
    try:
        package: Path = module.make_package(bundle, version(), out_dir)  # type: ignore[attr-defined]
    except Exception as exc:
        # The platform modules' own errors carry a Chinese message; anything else is a bug.
        if type(exc).__module__.split(".")[0] in {"linux", "windows", "macos"}:
            raise BuildError(str(exc)) from exc
        raise
    done = time.perf_counter()
    folder_mb = folder_size(bundle) / MB
    package_mb = package.stat().st_size / MB
    print(f"文件夹：{bundle}  {folder_mb:.1f} MB（目标 ≤ {FOLDER_GOAL_MB} MB）")
    print(f"安装包：{package}  {package_mb:.1f} MB（目标 ≤ {PACKAGE_GOAL_MB} MB）")
    print(
        f"用时：共 {done - started:.0f} 秒（PyInstaller {bundled - started:.0f} 秒，"
        f"打包 {done - bundled:.0f} 秒）"
    )
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建本平台的 govreport 安装包。")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="文件夹与安装包的位置")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller 的工作文件夹"
    )
    parser.add_argument(
        "--skip-pyinstaller", action="store_true", help="不重新运行 PyInstaller，打包已有的文件夹"
    )
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve(), args.work.resolve(), args.skip_pyinstaller)
    except BuildError as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
