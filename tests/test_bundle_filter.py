"""packaging/bundle_filter.py: what the PyInstaller bundle leaves out, with the libraries only
those files needed, and nothing a kept file needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "packaging"))

from bundle_filter import EXCLUDED_MODULES, prune, reason_dropped

QT = "PySide6/Qt"
LINKS = {  # source → the libraries it links to
    "/src/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
    "/src/libgtk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
    "/src/libcairo.so.2": [],
    "/src/libglib-2.0.so.0": [],
    "/src/libQt6Gui.so.6": ["libQt6Core.so.6"],
    "/src/libQt6Core.so.6": ["libglib-2.0.so.0"],
    "/src/libqxcb.so": ["libQt6Gui.so.6"],
    "/src/libqopensslbackend.so": ["libQt6Network.so.6"],
    "/src/libQt6Network.so.6": ["libQt6Core.so.6"],
}
ENTRIES = [
    (f"{QT}/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
    ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
    ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
    ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY"),
    (f"{QT}/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
    (f"{QT}/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
    (f"{QT}/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
    (f"{QT}/plugins/tls/libqopensslbackend.so", "/src/libqopensslbackend.so", "BINARY"),
    (f"{QT}/lib/libQt6Network.so.6", "/src/libQt6Network.so.6", "BINARY"),
    # PyInstaller's links at the top of the bundle: the source is the target's path in the bundle
    ("libQt6Network.so.6", f"{QT}/lib/libQt6Network.so.6", "SYMLINK"),
    ("libQt6Core.so.6", f"{QT}/lib/libQt6Core.so.6", "SYMLINK"),
    (f"{QT}/translations/qtbase_zh_CN.qm", "/src/qtbase_zh_CN.qm", "DATA"),
    (f"{QT}/translations/qtbase_de.qm", "/src/qtbase_de.qm", "DATA"),
    ("govreport_gui/_data/forms/gov-disclosure-2021.toml", "/src/f.toml", "DATA"),
]


def _names(entries: list[tuple[str, str, str]]) -> set[str]:
    return {dest for dest, _src, _kind in entries}


def test_a_dropped_plugin_takes_the_libraries_only_it_needed() -> None:
    kept, dropped = prune(ENTRIES, lambda source: LINKS.get(source, []))
    assert _names(dropped) == {
        f"{QT}/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",  # only the GTK plugin needed GTK and cairo
        "libcairo.so.2",
        f"{QT}/plugins/tls/libqopensslbackend.so",
        f"{QT}/lib/libQt6Network.so.6",  # only the TLS plugin needed QtNetwork
        "libQt6Network.so.6",  # and the link to it goes with it
        f"{QT}/translations/qtbase_de.qm",
    }
    # glib: the GTK plugin needed it, and so does QtCore (kept)
    assert "libglib-2.0.so.0" in _names(kept)
    assert {
        f"{QT}/lib/libQt6Gui.so.6",
        "libQt6Core.so.6",
        f"{QT}/plugins/platforms/libqxcb.so",
    } <= (_names(kept))
    assert f"{QT}/translations/qtbase_zh_CN.qm" in _names(kept)
    assert len(kept) + len(dropped) == len(ENTRIES)


def test_each_reason_is_said_and_windows_paths_match_too() -> None:
    assert reason_dropped("PySide6/Qt/plugins/imageformats/libqjpeg.so")
    assert reason_dropped("PySide6/plugins/imageformats/qjpeg.dll")  # Windows layout
    assert reason_dropped("PySide6/translations/qt_fr.qm")
    assert reason_dropped("PySide6/translations/qt_zh_CN.qm") is None
    assert reason_dropped("PySide6/Qt/plugins/platforms/libqxcb.so") is None
    assert reason_dropped("PySide6/Qt/plugins/platforms/libqoffscreen.so") is None
    assert (
        reason_dropped("govreport_gui/_data/resources/translations/govreport_qt_zh_CN.qm") is None
    )


def test_only_the_desktop_platforms_and_offscreen_stay() -> None:
    """The window runs on X11 (xcb), Wayland, Windows and macOS; the packages' checks start it
    offscreen. The platforms that draw without a window system, Qt's test platforms and the
    raw-input plugins they ask for are left out."""
    plugins = "PySide6/Qt/plugins"
    for kept in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so"):
        assert reason_dropped(f"{plugins}/{kept}") is None, kept
    assert reason_dropped("PySide6/plugins/platforms/qwindows.dll") is None
    assert reason_dropped("PySide6/Qt/plugins/platforms/libqcocoa.dylib") is None
    for dropped in (
        "platforms/libqlinuxfb.so",
        "platforms/libqvkkhrdisplay.so",
        "platforms/libqminimal.so",
        "platforms/libqminimalegl.so",
        "generic/libqevdevkeyboardplugin.so",
        "generic/libqevdevmouseplugin.so",
        "generic/libqevdevtouchplugin.so",
        "generic/libqevdevtabletplugin.so",
    ):
        assert reason_dropped(f"{plugins}/{dropped}"), dropped
    assert reason_dropped("PySide6/plugins/platforms/qminimal.dll")  # Windows layout


def test_the_python_side_of_qtdbus_is_left_out_and_never_imported() -> None:
    """PyInstaller collects PySide6.QtDBus because QtGui links Qt's D-Bus library; no module of
    the program imports it, even with every govreport_gui module (the window's) imported."""
    assert "PySide6.QtDBus" in {name for name, _why in EXCLUDED_MODULES}
    probe = (
        "import pkgutil, importlib, sys, govreport_gui\n"
        "for m in pkgutil.walk_packages(govreport_gui.__path__, 'govreport_gui.'):\n"
        "    m.name.endswith('__main__') or importlib.import_module(m.name)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from govreport_gui.gui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "MainWindow('张三').show()\n"
        "app.processEvents()\n"
        "print('PySide6.QtDBus' in sys.modules, 'PySide6.QtPrintSupport' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    # QtPrintSupport: a binding the window does import is seen (the probe sees imports)
    assert result.stdout.strip().splitlines()[-1] == "False True", result.stdout + result.stderr


# Standard-library modules that link a GPL library (libreadline, libgdbm): none may be bundled.
EXAMPLE = Path(__file__).resolve().parent.parent / "resources/examples/nxjgsw-2018.json"
GPL_LINKED = ("readline", "dbm.gnu", "_gdbm")


def test_modules_linking_gpl_libraries_are_left_out_and_never_imported() -> None:
    """The bundle leaves out readline and gdbm (GPL-3.0 libraries), and nothing the programs
    import needs them: every govreport_gui module is imported, then the command line's check
    is run, in a fresh interpreter."""
    excluded = {name for name, _why in EXCLUDED_MODULES}
    assert set(GPL_LINKED) <= excluded
    probe = (
        "import pkgutil, importlib, sys, govreport_gui\n"
        "for m in pkgutil.walk_packages(govreport_gui.__path__, 'govreport_gui.'):\n"
        "    m.name.endswith('__main__') or importlib.import_module(m.name)\n"
        "from govreport_gui.cli.main import main\n"
        f"main(['check', {str(EXAMPLE)!r}])\n"
        f"print(sorted(set({GPL_LINKED!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_the_lxml_parts_left_out_are_not_used_by_word_files() -> None:
    """python-docx writes and reads the whole report's .docx with lxml.etree alone: in a fresh
    interpreter that does both, none of the lxml modules the bundle leaves out is imported."""
    excluded = sorted(name for name, _why in EXCLUDED_MODULES if name.startswith("lxml."))
    assert "lxml.objectify" in excluded and "lxml.html" in excluded
    probe = (
        "import io, json, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "import docx\n"
        "from report_samples import report_2021\n"
        "from govreport_gui.core.layout.report_docx import render_report_docx\n"
        "document = docx.Document(io.BytesIO(render_report_docx(*report_2021())))\n"
        "assert document.tables and document.paragraphs\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('lxml'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "lxml.etree" in loaded
    assert not [m for m in loaded if any(m == x or m.startswith(x + ".") for x in excluded)]


def test_only_the_chinese_horizontal_cmaps_of_pdfminer_stay() -> None:
    """pdfminer's 149 CMaps (7.9 MB): the common GB ones for horizontal text and the Adobe-GB1
    to-Unicode table stay; Japanese, Korean, Big5, vertical and rare GB ones go, with the reason."""
    cmap = "pdfminer/cmap/"
    for kept in ("UniGB-UCS2-H.json.gz", "GBK-EUC-H.json.gz", "to-unicode-Adobe-GB1.json.gz"):
        assert reason_dropped(cmap + kept) is None, kept
    for gone in ("90ms-RKSJ-H.json.gz", "UniKS-UCS2-H.json.gz", "B5-H.json.gz"):
        assert "Japanese, Korean" in (reason_dropped(cmap + gone) or ""), gone
    assert reason_dropped(cmap + "UniGB-UCS2-V.json.gz") is not None
    assert reason_dropped(cmap + "GBK2K-H.json.gz") is not None
    assert reason_dropped(cmap + "to-unicode-Adobe-Japan1.json.gz") is not None
    assert reason_dropped("pdfminer/glyphlist.py") is None


def test_reading_a_pdf_needs_no_left_out_module_nor_cmap() -> None:
    """In a fresh interpreter, reading our report PDF and one set in a font left out of the file
    (STSong-Light: the UniGB-UCS2-H CMap) imports none of the modules the bundle leaves out
    (pypdfium2, pdfplumber.display) and opens only CMaps the bundle keeps."""
    excluded = [name for name, _why in EXCLUDED_MODULES]
    assert "pypdfium2" in excluded and "pdfplumber.display" in excluded
    probe = (
        "import io, json, sys, tempfile\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, 'tests')\n"
        "from pdfminer.cmapdb import CMapDB\n"
        "opened = []\n"
        "load = CMapDB._load_data.__func__\n"
        "CMapDB._load_data = classmethod(lambda cls, name: (opened.append(name), load(cls, name))[1])\n"
        "from published_reports import cid_font_pdf, export_pdf\n"
        "from govreport_gui.core.layout.import_pdf import read_pdf_blocks\n"
        "folder = Path(tempfile.mkdtemp())\n"
        "for path in (export_pdf(folder / 'a.pdf'), cid_font_pdf(folder / 'b.pdf')):\n"
        "    assert read_pdf_blocks(path)\n"
        "print(json.dumps([sorted(sys.modules), opened]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    loaded, opened = json.loads(result.stdout.strip().splitlines()[-1])
    assert not [m for m in loaded if any(m == x or m.startswith(x + ".") for x in excluded)]
    assert "UniGB-UCS2-H" in opened
    assert [n for n in opened if reason_dropped(f"pdfminer/cmap/{n}.json.gz")] == []


def test_the_test_and_debugging_modules_left_out_are_never_imported(tmp_path: Path) -> None:
    """unittest, doctest, pdb, pydoc, asyncio, multiprocessing … reach the bundle only through the
    libraries' self-tests: in a fresh interpreter that imports reports from PDF, a web page and
    Word, exports every format, verifies, opens the window on the example and the 审核台 on a
    folder, none is loaded."""
    left_out = (
        "unittest",
        "doctest",
        "pdb",
        "pydoc",
        "pydoc_data",
        "xmlrpc",
        "_pydecimal",
        "asyncio",
        "multiprocessing",
    )
    assert all(name in dict(EXCLUDED_MODULES) for name in left_out)
    probe = (
        "import contextlib, io, json, os, sys\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, 'tests')\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"d = Path({str(tmp_path)!r})\n"
        "from published_reports import cms_html, example_2021_file, export_docx, export_pdf, load\n"
        "from govreport_gui.cli.main import main\n"
        "doc = load(example_2021_file(d))\n"
        "sources = [export_pdf(d / 'r.pdf', doc), cms_html(d / 'r.html', doc), "
        "export_docx(d / 'r.docx', doc)]\n"
        "def run(*argv):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        with contextlib.suppress(SystemExit):\n"
        "            main([str(a) for a in argv])\n"
        "for n, source in enumerate(sources):\n"
        "    run('import-report', source, d / f'd{n}', '--values-out', d / f'v{n}.json')\n"
        "run('export', d / 'd0.nianbao', '--xlsx', d / 'o.xlsx', '--pdf', d / 'o.pdf', '--docx',\n"
        "    d / 'o.docx', '--report-pdf', d / 'o2.pdf', '--html', d / 'o.html', '--draft')\n"
        "run('verify', d / 'o.pdf', '--draft', d / 'd0.nianbao')\n"
        "run('check', d / 'v1.json')\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from govreport_gui.gui.main_window import MainWindow\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "window.open_example()\n"
        "window.build_extras()\n"
        "app.processEvents()\n"
        # The 审核台 on a folder (a packaged program reads it in a thread: no process pool).
        "from govreport_gui.gui.desk import DeskWindow\n"
        "desk = DeskWindow([d], None)\n"
        "desk.show()\n"
        "import time\n"
        "until = time.monotonic() + 60\n"
        "while not (desk.complete and not desk.scanning) and time.monotonic() < until:\n"
        "    app.processEvents()\n"
        "assert desk.complete and desk.model.rowCount() >= 3\n"
        "assert (d / 'o.pdf').exists() and (d / 'd2.nianbao').exists()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "GOVREPORT_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert [m for m in loaded if m.split(".")[0] in left_out] == []
