"""The Linux package: a .deb made with ``dpkg-deb`` from the PyInstaller folder.

Installs
    /opt/govreport/                    the folder (govreport, govreport-gui a link to it, _internal/)
    /usr/bin/govreport, govreport-gui  links to the two commands
    /usr/share/applications/govreport.desktop, the .nianbao MIME type, hicolor icons
and removes them all with ``apt remove`` (no configuration files: remove and purge are the same).
``make_package`` is what packaging/build.py calls on Linux.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from .depends import depends
from .freedesktop import (
    APP_ID,
    DESKTOP_ENTRY,
    ICON_SIZES,
    MIME_XML,
    NAME,
    REFRESH_CACHES,
    icon_paths,
)
from .system_licences import SOURCES, LicenceError, collect, read_sources

PACKAGE = "govreport"
INSTALL_DIR = "opt/govreport"
MAINTAINER = "govreport developers <govreport@localhost>"
# xz at dpkg-deb's default level: the smallest package every dpkg reads (zstd is not read by
# the dpkg of 统信 UOS 20 or 麒麟 V10). Sizes and times as measured are in README.md (安装包);
# on the 155 MiB folder of the time: gzip -6 73 MB in 12 s, xz -1 65 MB in 7 s, xz -6 52 MB.
COMPRESSION = ("-Zxz", "-z6")

DESCRIPTION = f"""\
{NAME} — government information disclosure annual report
 填写、校验、审核并导出《政府信息公开工作年度报告》统计表（2014、2019、2021
 年三版官方格式）：输入时即时核对合计与勾稽关系；草稿保存在本机，每次修改立即
 落盘；审核人可提意见、退回或签发；签发后的报表导出为与官方版式一致的 Excel
 和 PDF。
 .
 Fill in, check, review and export the statistics tables of the annual report
 on government information disclosure (the official 2014, 2019 and 2021
 formats): every total is checked as you type, drafts are saved locally at
 every edit, a reviewer comments, returns or signs off, and the signed-off
 report is exported to Excel and PDF laid out like the official form.
 .
 Programs: govreport-gui (the window) and govreport (the command line)."""


# debian/copyright's machine-readable format (DEP-5), pointing at the licence texts the folder
# carries (resources/licenses, the same that 帮助 → 关于 shows).
LICENCES = f"/{INSTALL_DIR}/_internal/govreport_gui/_data/resources/licenses"
# The wheels' parts of the folder with a licence other than ours; the system libraries' stanzas
# are made from licenses/system/INDEX.txt (system_licences.py).
COPYRIGHT_HEAD = f"""\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: govreport
Comment: 随附组件及其许可证见 {LICENCES}/THIRD-PARTY.txt（帮助 → 关于 govreport… 中亦列出），
 随附的系统库见 {LICENCES}/system/INDEX.txt。
 The bundled components and their licences are listed in {LICENCES}/THIRD-PARTY.txt,
 with the licence texts beside it: Qt / PySide6 under LGPL-3.0, the font under OFL-1.1,
 the Python runtime and libraries under their own licences; the system libraries copied
 from the build machine, with their Debian packages' copyright files, in system/INDEX.txt.

Files: *
Copyright: govreport developers
License: MIT
 Full text: {LICENCES}/govreport-MIT.txt

Files: opt/govreport/_internal/PySide6/* opt/govreport/_internal/shiboken6/*
 opt/govreport/_internal/libQt6* opt/govreport/_internal/libpyside6* opt/govreport/_internal/libshiboken6*
Copyright: The Qt Company Ltd. and other contributors
License: LGPL-3.0-only
 Full text: {LICENCES}/LGPL-3.0.txt (with {LICENCES}/GPL-3.0.txt, which it amends).
 The Qt libraries are dynamically linked and may be replaced by a build of the same version.

Files: opt/govreport/_internal/govreport_gui/_data/resources/fonts/*
Copyright: Adobe (Noto Serif CJK SC), subset renamed GovReport Serif SC
License: OFL-1.1
 Full text: {LICENCES.rsplit("/", 1)[0]}/fonts/OFL.txt

Files: opt/govreport/govreport opt/govreport/govreport-gui
Copyright: PyInstaller Development Team
License: GPL-2.0-or-later WITH Bootloader-exception
 The program file is PyInstaller's bootloader; the exception allows embedding it in any program
 and distributing the result. The archive appended to it holds the Python modules of govreport
 and of the libraries, each under its own licence (THIRD-PARTY.txt).
 Full text: {LICENCES}/python/pyinstaller.txt

Files: opt/govreport/_internal/pyi_rth_pyside6.py
Copyright: PyInstaller Development Team
License: Apache-2.0
 PyInstaller's PySide6 run-time hook, run by the program when it starts as the window.
 Full text: {LICENCES}/python/pyinstaller.txt
"""


def copyright_text(system: list[tuple[str, str, str]]) -> str:
    """/usr/share/doc/govreport/copyright: ours, Qt's, the font's, then one stanza per system
    library's package (``system``: system_licences.collect's rows)."""
    by_package: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    for name, package, file in system:
        by_package.setdefault(package, []).append(name)
        files[package] = file
    stanzas = [COPYRIGHT_HEAD]
    for package, names in sorted(by_package.items()):
        paths = " ".join(f"opt/govreport/_internal/{name}" for name in names)
        text = f"{LICENCES}/{files[package]}"
        if files[package].startswith("system/"):
            origin = f"From the Debian package {package} of the build machine; its copyright\n"
            licence = "other"
        else:  # libpython of a Python dpkg did not install: the runtime's own licence
            origin = "The Python runtime; its licence\n"
            licence = "PSF-2.0"
        stanzas.append(
            f"\nFiles: {paths}\n"
            f"Copyright: see {text}\n"
            f"License: {licence}\n"
            f" {origin} file, with the licences it names, is {text}.\n"
        )
    return "".join(stanzas)


class PackageError(Exception):
    """The package cannot be made; the message says why, in Chinese."""


def architecture() -> str:
    try:
        result = subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise PackageError(
            f"无法确定本机的 Debian 架构（dpkg --print-architecture）：{exc}"
        ) from exc
    return result.stdout.strip()


def make_package(bundle_dir: Path, version: str, out_dir: Path) -> Path:
    """Build ``govreport_VERSION_ARCH.deb`` in ``out_dir`` from the folder ``bundle_dir``."""
    if shutil.which("dpkg-deb") is None:
        raise PackageError("没有 dpkg-deb：请在 Debian 系统上构建（apt-get install dpkg）。")
    if shutil.which("objdump") is None:
        raise PackageError("没有 objdump：请先安装 binutils（apt-get install binutils）。")
    arch = architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="govreport-deb-", dir=out_dir) as staging:
        root = Path(staging)
        _lay_out(root, bundle_dir)
        _normalise_modes(root)
        control = root / "DEBIAN"
        control.mkdir(mode=0o755)
        fields = {
            "Package": PACKAGE,
            "Version": version,
            "Architecture": arch,
            "Maintainer": MAINTAINER,
            "Installed-Size": str(_installed_size_kib(root)),
            "Depends": ", ".join(depends(root / INSTALL_DIR)),
            "Section": "misc",
            "Priority": "optional",
            "Description": DESCRIPTION,
        }
        (control / "control").write_text(
            "".join(f"{key}: {value}\n" for key, value in fields.items()), encoding="utf-8"
        )
        (control / "md5sums").write_text(_md5sums(root), encoding="utf-8")
        for script in ("postinst", "postrm"):
            path = control / script
            path.write_text(REFRESH_CACHES, encoding="utf-8")
            path.chmod(0o755)
        partial = target.with_name(f".{target.name}.partial")
        result = subprocess.run(
            ["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root), str(partial)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise PackageError(f"dpkg-deb 未能生成安装包：\n{result.stderr.strip()}")
        partial.replace(target)
    return target


def _lay_out(root: Path, bundle_dir: Path) -> None:
    install = root / INSTALL_DIR
    shutil.copytree(bundle_dir, install, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("govreport", "govreport-gui"):
        if not (install / program).is_file():
            raise PackageError(f"打包文件夹中没有程序 {program}：{bundle_dir}")
        # The PyInstaller program finds its _internal folder through /proc/self/exe, so a link
        # on the PATH runs it from /opt/govreport; the name it was started by stays its argv[0],
        # which picks the command line or the window (packaging/launchers/govreport_launcher.py).
        (bin_dir / program).symlink_to(f"/{INSTALL_DIR}/{program}")
    share = root / "usr" / "share"
    _write(share / "applications" / f"{APP_ID}.desktop", DESKTOP_ENTRY)
    _write(share / "mime" / "packages" / f"{APP_ID}.xml", MIME_XML)
    icons = Path("_internal", "govreport_gui", "_data", "resources", "icons")
    found = [size for size in ICON_SIZES if (install / icons / f"govreport-{size}.png").is_file()]
    if len(found) != len(ICON_SIZES):
        missing = ", ".join(str(size) for size in ICON_SIZES if size not in found)
        raise PackageError(
            f"打包文件夹的 {icons.as_posix()} 中缺少图标 govreport-N.png（N = {missing}；由 "
            "packaging/render_icons.py 生成，放在 resources/icons/）：菜单项和文件类型需要它们。"
        )
    for size in found:
        for dest in icon_paths(size):
            (root / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(install / icons / f"govreport-{size}.png", root / dest)
    # Debian's place for a package's licences; the texts themselves are in the folder.
    # The system libraries' licences go into the folder first: the copyright file names them.
    try:
        sources = read_sources(bundle_dir.parent / SOURCES)
        system = collect(install / "_internal", sources)
    except LicenceError as exc:
        raise PackageError(str(exc)) from exc
    _write(share / "doc" / PACKAGE / "copyright", copyright_text(system))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _normalise_modes(root: Path) -> None:
    """Folders and programs 0755, other files 0644, whatever the build machine's umask was."""
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(0o755)
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            executable = path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
            path.chmod(0o755 if executable else 0o644)
    root.chmod(0o755)


def _installed_size_kib(root: Path) -> int:
    """As dpkg-gencontrol counts it: each file rounded up to a KiB, each link one KiB."""
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink():
            total += 1
        elif path.is_file():
            total += (path.stat().st_size + 1023) // 1024
    return total


def _md5sums(root: Path) -> str:
    """DEBIAN/md5sums, with which ``dpkg --verify`` checks the installed files."""
    lines = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    return "".join(lines)
