"""The macOS disk image: the .app PyInstaller's BUNDLE made, beside a link to /Applications.

``packaging/build.py`` calls :func:`make_package` on macOS. The .app comes from the spec's
``BUNDLE`` (its arguments: packaging/macos/bundle_info.py); this module only puts it on a
compressed, read-only disk image with ``hdiutil`` (part of macOS), so a user opens the .dmg and
drags the program onto Applications. A step that fails raises :class:`DiskImageError` with what
failed and what to do, in Chinese, which build.py prints as its 构建失败 message; the image is made
under a temporary name and takes its own only when hdiutil succeeded, so a failed build leaves no
half-written .dmg for the workflow to upload. Untested here on macOS (tests/test_installers.py
simulates its failures).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

VOLUME_NAME = "政府信息公开年报填报"
SHOWN_LINES = 20  # of hdiutil's output, in the message when it fails


class DiskImageError(Exception):
    """The disk image cannot be made; the message says why and what to do, in Chinese."""


def find_app(bundle_dir: Path) -> Path:
    """The .app: ``bundle_dir`` itself, or the one PyInstaller put beside the one-folder bundle
    (dist/govreport → dist/govreport.app)."""
    if bundle_dir.suffix == ".app" and bundle_dir.is_dir():
        return bundle_dir
    beside = sorted(bundle_dir.parent.glob("*.app"))
    if len(beside) != 1:
        found = "、".join(p.name for p in beside) or "没有"
        raise DiskImageError(
            f"{bundle_dir.parent} 中应有且只有一个 .app（找到：{found}）：请删除多余的 .app，"
            "或去掉 --skip-pyinstaller 重新构建。"
        )
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
    if shutil.which("hdiutil") is None:
        raise DiskImageError(
            "找不到 hdiutil（macOS 自带的磁盘映像工具）：磁盘映像只能在 macOS 上构建；"
            "若这是 macOS，请确认 /usr/bin 在 PATH 中。"
        )
    target = out_dir / dmg_name(version)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # Beside the target (same disk, so the finished image is moved, not copied), removed
        # with whatever a failure left in it.
        with tempfile.TemporaryDirectory(prefix="govreport-dmg-", dir=out_dir) as folder:
            staging = Path(folder) / "dmg"
            staging.mkdir()
            # symlinks=True: Qt's frameworks inside the .app are made of links; copies would break
            # their code signatures and double their size.
            shutil.copytree(app, staging / app.name, symlinks=True)
            (staging / "Applications").symlink_to("/Applications")
            partial = Path(folder) / target.name
            _hdiutil(hdiutil_command(staging, version, partial))
            if not partial.is_file():
                raise DiskImageError(f"hdiutil 运行完毕，却没有生成磁盘映像 {partial.name}。")
            partial.replace(target)
    except OSError as exc:
        where = f"：{exc.filename}" if exc.filename else ""
        raise DiskImageError(
            f"无法在 {out_dir} 中准备磁盘映像{where}（{exc.strerror or exc}）："
            "请确认该文件夹可写、磁盘空间足够（约为 .app 的两倍）后重试。"
        ) from exc
    return target


def _hdiutil(command: list[str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as exc:
        raise DiskImageError(f"无法运行 hdiutil：{exc.strerror or exc}。") from exc
    if result.returncode != 0:
        raise DiskImageError(
            f"hdiutil 未能生成磁盘映像（退出码 {result.returncode}）。"
            f"它的输出：\n{_tail(result.stdout, result.stderr)}\n"
            "常见原因：磁盘空间不足，或先前挂载的同名磁盘映像还没有推出"
            "（在访达中推出，或运行 hdiutil detach）。处理后请重试。"
        )


def _tail(*outputs: str) -> str:
    """The last lines hdiutil printed (its error is at the end), or a note that it was silent."""
    lines = [line for output in outputs for line in (output or "").splitlines() if line.strip()]
    return "\n".join(lines[-SHOWN_LINES:]) or "（没有输出）"
