"""What 帮助 → 关于 says: the program, its version, and the licences of everything it bundles.

One list for the window's dialog (gui/about_dialog.py), ``resources/licenses/THIRD-PARTY.txt``
(tests/test_about.py checks the two name the same components and licences) and
``packaging/collect_licenses.py``, which copies each Python library's own licence text from its
installed distribution into ``resources/licenses/`` (MIT and BSD ask that the notice travel with
every copy, and the installers copy the program with its libraries).
The licences are those each package declares in its metadata (``License`` /
``License-Expression``), as installed for the release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govreport_gui import __version__
from govreport_gui.core.paths import resources_dir

PROGRAM_NAME = "政府信息公开年报填报"
SUMMARY = "填写、校验、审核并导出政府信息公开工作年度报告统计表的桌面程序。"


@dataclass(frozen=True)
class Component:
    name: str  # as its makers spell it
    use: str  # what it does for us, in Chinese
    licence: str  # SPDX identifier(s), as the package declares
    files: tuple[str, ...]  # its licence texts, relative to resources_dir()
    note: str = ""
    distribution: str = ""  # the installed package its texts are copied from (collect_licenses)


def _library(distribution: str, use: str, licence: str, note: str = "") -> Component:
    """A Python library: its licence files, copied into one text by collect_licenses.py."""
    text = f"licenses/python/{distribution}.txt"
    return Component(distribution, use, licence, (text,), note, distribution)


COMPONENTS: tuple[Component, ...] = (
    Component("govreport", "本程序", "MIT", ("licenses/govreport-MIT.txt",)),
    Component(
        "Qt 6 / PySide6",
        "窗口界面",
        "LGPL-3.0",
        ("licenses/LGPL-3.0.txt", "licenses/GPL-3.0.txt"),  # LGPL-3.0 is GPL-3.0 plus permissions
        "以动态链接库随附（程序文件夹中的 Qt 库文件），可换用自己编译的同版本 Qt",
    ),
    Component(
        "GovReport Serif SC（Noto Serif CJK SC 的子集）",
        "导出 PDF 的中文字体",
        "OFL-1.1",
        ("fonts/OFL.txt",),  # beside the font, as the OFL asks
    ),
    Component("Python", "运行环境", "PSF-2.0", ("licenses/python/Python.txt",)),
    Component(
        "PyInstaller bootloader",
        "启动程序，装入运行环境",
        "GPL-2.0-or-later WITH Bootloader-exception",
        ("licenses/python/pyinstaller.txt",),
        "安装包的程序文件即此引导程序，其例外允许随任何程序发布；运行时钩子采用 Apache-2.0",
        "pyinstaller",  # only the bootloader and its run-time files are bundled, not the tool
    ),
    _library("openpyxl", "读写 Excel", "MIT"),
    _library("et_xmlfile", "openpyxl 所用", "MIT"),
    _library("defusedxml", "安全读取 XML", "PSF-2.0"),
    _library("reportlab", "生成 PDF", "BSD"),
    _library("charset_normalizer", "reportlab 所用", "MIT"),
    _library(
        "pillow",
        "reportlab 所用的图像库",
        "MIT-CMU",
        "其中所含各图像库（libjpeg、libpng、zlib、FreeType 等）的许可证也在此文件中",
    ),
    _library("platformdirs", "找到用户文件夹", "MIT"),
    _library(
        "cryptography",
        "审核签名",
        "Apache-2.0 OR BSD-3-Clause",
        "其中静态链接的 OpenSSL 采用 Apache-2.0",
    ),
    _library("cffi", "cryptography 所用", "MIT-0"),
    _library("python-docx", "生成 Word 文件", "MIT"),
    _library(
        "lxml",
        "python-docx 所用",
        "BSD-3-Clause",
        "其中静态链接的 libxml2、libxslt 采用 MIT 许可证",
    ),
)


def licenses_dir() -> Path:
    """Where the licence texts are: inside the installed program's folder in a package."""
    return resources_dir() / "licenses"


def system_libraries_line() -> str | None:
    """What the Linux package carries besides the components: the build machine's system libraries
    (packaging/linux/system_licences.py writes their licences and INDEX.txt); None elsewhere."""
    folder = licenses_dir() / "system"
    index = folder / "INDEX.txt"
    if not index.is_file():
        return None
    lines = index.read_text(encoding="utf-8").splitlines()
    count = sum(1 for line in lines if line and not line.startswith("#"))
    return (
        f"Linux 安装包另随附 {count} 个取自构建系统的系统库（ICU、FreeType 等），"
        f"其许可证在此文件夹中（清单见 INDEX.txt）：\n{folder}"
    )


def version_line() -> str:
    import platform  # here: 1 ms to import, and only the dialog asks

    return f"版本 {__version__}（Python {platform.python_version()}）"
