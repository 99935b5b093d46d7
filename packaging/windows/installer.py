"""The Windows installer: Inno Setup's compiler (``iscc``) over ``packaging/windows/govreport.iss``.

``packaging/build.py`` calls :func:`make_package` on Windows with PyInstaller's one-folder bundle.
Needs Inno Setup 6.5 or later (its official Chinese translation, ChineseSimplified.isl, came with
6.5); the CI workflow installs it (.github/workflows/installers.yml). A step that fails raises
:class:`InstallerError` with what failed and what to do, in Chinese, which build.py prints as
its 构建失败 message. Untested here on Windows (tests/test_installers.py simulates its failures).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "govreport.iss"
CHINESE = Path("Languages") / "ChineseSimplified.isl"
INNO_SETUP = (
    "Inno Setup 6.5 或更高版本（https://jrsoftware.org/isdl.php，或 choco install innosetup）"
)
SHOWN_LINES = 20  # of the compiler's output, in the message when it fails


class InstallerError(Exception):
    """The installer cannot be made; the message says why and what to do, in Chinese."""


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
    raise InstallerError(
        f"找不到 Inno Setup 的编译器 ISCC.exe（PATH 中没有 iscc，默认安装位置也没有）：请安装 "
        f"{INNO_SETUP}，或把它的安装文件夹加入 PATH 后重试。"
    )


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
        raise InstallerError(
            f"{bundle_dir} 中没有 govreport-gui.exe：请先用 PyInstaller 生成程序文件夹"
            "（python packaging/build.py，不加 --skip-pyinstaller）。"
        )
    iscc = find_iscc()
    if not (iscc.parent / CHINESE).is_file():
        raise InstallerError(
            f"{iscc.parent} 中没有 {CHINESE}：安装程序需要 Inno Setup 自带的简体中文，"
            f"请安装 {INNO_SETUP}。"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InstallerError(
            f"无法创建输出文件夹 {out_dir}：{exc.strerror or exc}。请用 --out 指定一个可写的文件夹。"
        ) from exc
    command = iscc_command(iscc, bundle_dir, version, out_dir)
    try:
        # The compiler's output is kept for the message: with /Q it prints only its errors.
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as exc:
        raise InstallerError(
            f"无法运行 Inno Setup 的编译器 {iscc}：{exc.strerror or exc}。请确认它能运行"
            f"（或重新安装 {INNO_SETUP}）。"
        ) from exc
    if result.returncode != 0:
        raise InstallerError(
            f"Inno Setup 未能生成安装程序（{iscc.name} 退出码 {result.returncode}）。"
            f"它的输出：\n{_tail(result.stdout, result.stderr)}\n"
            "请按上面的提示修正后重试（脚本是 packaging/windows/govreport.iss）。"
        )
    made = out_dir / setup_name(version)
    if not made.is_file():
        raise InstallerError(
            f"Inno Setup 运行完毕，却没有生成 {made}：请检查 govreport.iss 中的 "
            "OutputBaseFilename 与 installer.py 的 setup_name 是否一致。"
        )
    return made


def _tail(*outputs: str) -> str:
    """The last lines the compiler printed (its errors are at the end), or a note that it was silent."""
    lines = [line for output in outputs for line in (output or "").splitlines() if line.strip()]
    return "\n".join(lines[-SHOWN_LINES:]) or "（没有输出）"
