"""What the PyInstaller bundle leaves out, and why each part is safe to leave out.

PyInstaller's hooks collect every Qt plugin and translation a Qt module may use, and every shared
library those need. govreport uses a small part of them: this module names what goes and takes
out, with it, the shared libraries that only the dropped files needed (``prune``). The spec
(``packaging/govreport.spec``) calls it on the analysis' binaries and data files; the tests call it
on made-up lists.

Paths are the bundle's own (``PySide6/Qt/plugins/...`` on Linux and macOS,
``PySide6/plugins/...`` on Windows), with ``/`` as separator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from pathlib import PurePath

# (pattern of the path in the bundle, why the application does not need it)
DROPPED: tuple[tuple[str, str], ...] = (
    (
        "*/plugins/imageformats/*",
        "no image file is ever read: the window's icons are drawn or Qt's built-in PNGs (PNG needs "
        "no plugin); SVG icons of a desktop theme go through iconengines/qsvgicon, which stays",
    ),
    ("*/plugins/tls/*", "TLS backends of QtNetwork: the program never opens a connection"),
    (
        "*docx/templates/default-docx-template/*",
        "the unpacked source of python-docx's default.docx (0.95 MB): python-docx opens "
        "default.docx itself, and its default-*.xml parts, never this folder",
    ),
    ("*/plugins/networkinformation/*", "network status for QtNetwork: never used"),
    (
        "*/plugins/platforms/*qeglfs*",
        "eglfs draws full-screen without a window system (kiosks, embedded boards), not a desktop",
    ),
    ("*/plugins/egldeviceintegrations/*", "the eglfs platform's device back-ends (see eglfs)"),
    ("*Qt6EglFS*", "the eglfs platform's libraries (see eglfs)"),
    ("*/plugins/platforms/*qvnc*", "serves the window over VNC; needs QtNetwork"),
    (
        "*/plugins/platforms/*qlinuxfb*",
        "draws into the Linux framebuffer without a window system (kiosks, boards), as eglfs",
    ),
    (
        "*/plugins/platforms/*qvkkhrdisplay*",
        "draws full-screen through Vulkan's display extension without a window system, as eglfs",
    ),
    (
        "*/plugins/platforms/*qminimal*",
        "Qt's test platforms, which show nothing (minimal, minimalegl); the packages' own checks "
        "start the window with offscreen, which stays",
    ),
    (
        "*/plugins/generic/*qevdev*",
        "keyboard, mouse, touch and tablet read from /dev/input, loaded only when asked for "
        "(QT_QPA_GENERIC_PLUGINS) by the platforms without a window system left out above; on "
        "X11, Wayland, Windows and macOS the window system gives the window its input",
    ),
    ("*/plugins/generic/*qtuiotouch*", "TUIO touch events over the network; needs QtNetwork"),
    (
        "*/plugins/platformthemes/*qgtk3*",
        "GTK 3 look and dialogs: needs the system's GTK 3, which the package does not depend on; "
        "without it the desktop portal's or Qt's own dialogs (in Chinese) are used",
    ),
    (
        "*/plugins/xcbglintegrations/*glx*",
        "OpenGL through GLX: the window draws with QPainter, never OpenGL (EGL's stays for Qt)",
    ),
)

# pdfminer's CMaps (7.9 MB, collected by its hook): only those a Chinese PDF's text needs are
# kept, 0.6 MB. A font embedded with Identity-H (what Word, WPS and reportlab write) needs none,
# nor does its ToUnicode map; a font left out of the file (宋体 as STSong-Light, common in PDFs
# made by Acrobat or printed to PDF) names a GB CMap — UniGB-UCS2-H or UniGB-UTF16-H (Acrobat,
# reportlab), GBK-EUC-H or GB-EUC-H (older Chinese PDF makers) — and needs the Adobe-GB1
# to-Unicode table. Japanese, Korean and Big5 CMaps, the rarer GB ones (GBK2K, GBT, the pc and p
# variants, UTF-8/32) and vertical writing (…-V, not how a report is set) are left out: such text
# then reads as no text, and the import says so.
CMAPS = "pdfminer/cmap/*"
KEPT_CMAPS = (
    "UniGB-UCS2-H.json.gz",
    "UniGB-UTF16-H.json.gz",
    "GBK-EUC-H.json.gz",
    "GB-EUC-H.json.gz",
    "to-unicode-Adobe-GB1.json.gz",
)

# Qt's catalogues kept: the program loads qtbase_zh_CN by name (gui/qt_translations.py), whatever
# the system's language; qt_zh_CN is the catalogue that names it.
KEPT_TRANSLATION = "*_zh_CN.qm"
TRANSLATIONS = "*/translations/*.qm"

# Python modules not collected at all (the spec's ``excludes``).
EXCLUDED_MODULES: tuple[tuple[str, str], ...] = (
    ("PySide6.QtNetwork", "the program never opens a connection"),
    (
        "PySide6.QtDBus",
        "the Python side of QtDBus (0.33 MB), collected because QtGui links Qt's D-Bus library: "
        "nothing imports it (Qt's own library stays, for the input method and the desktop portal)",
    ),
    ("PIL._avif", "reportlab reads no AVIF image (Pillow skips a missing format)"),
    ("PIL._webp", "reportlab reads no WebP image (Pillow skips a missing format)"),
    ("PIL._imagingtk", "Tk is not used"),
    (
        "PIL._imagingcms",
        "colour management (ICC profiles): reportlab draws no image, and with it goes liblcms2 "
        "(0.85 MB together)",
    ),
    ("PIL.ImageCms", "the Python side of PIL._imagingcms: nothing imports it"),
    ("PIL.ImageTk", "Tk is not used"),
    ("tkinter", "Tk is not used"),
    (
        "ssl",
        "the program never opens a connection (as QtNetwork above): TLS is never used, and "
        "urllib and http.client, which reportlab and openpyxl may import, go without it",
    ),
    ("_ssl", "ssl's compiled part, with libssl (0.9 MB together; see ssl)"),
    # Decoders of Japanese, Korean and Big5/HKSCS text, loaded only when such an encoding is
    # asked for: every file the programs read is UTF-8 (drafts, values files, forms, workbooks,
    # Word files); the Chinese codecs (GBK, GB18030: _codecs_cn) stay.
    ("_codecs_jp", "Japanese encodings (Shift-JIS, EUC-JP): no such file is read"),
    ("_codecs_kr", "Korean encodings (EUC-KR, Johab): no such file is read"),
    ("_codecs_tw", "Big5: no such file is read"),
    ("_codecs_hk", "Big5-HKSCS: no such file is read"),
    ("_codecs_iso2022", "ISO-2022 Japanese and Korean mail encodings: no such file is read"),
    # lxml comes with python-docx (the whole report as Word, issue 16), which uses lxml.etree
    # (and its _elementpath) alone; PyInstaller's lxml hook collects every submodule. The rest
    # is 4.7 MB of compiled code the programs never load (tests/test_bundle_filter.py checks
    # that writing and reading a .docx imports none of it).
    ("lxml.objectify", "python-docx builds its own element classes on lxml.etree: 2.9 MB"),
    ("lxml.html", "no HTML is parsed (the web page export writes text): 1.4 MB with html.diff"),
    ("lxml.isoschematron", "no Schematron validation; its XSL resources go with it"),
    ("lxml.sax", "no SAX events from lxml trees"),
    ("lxml.builder", "E-factory trees: python-docx makes elements with OxmlElement"),
    ("lxml.ElementInclude", "no XInclude processing"),
    ("lxml.cssselect", "no CSS selectors"),
    ("lxml.doctestcompare", "doctest helpers"),
    ("lxml.usedoctest", "doctest helpers"),
    ("lxml.pyclasslookup", "an alias module for objectify's class lookup"),
    # pdfplumber (PDF import, issue 17) renders pages with pypdfium2 only for Page.to_image (its
    # display module, imported there alone); text and tables come from pdfminer.six.
    (
        "pypdfium2",
        "renders PDF pages as images: the PDF import reads text only (with pypdfium2_raw, 8 MB)",
    ),
    ("pypdfium2_raw", "PDFium itself (libpdfium), used only by pypdfium2"),
    ("pdfplumber.display", "pdfplumber's page images (to_image), the one importer of pypdfium2"),
    # Test and debugging code that reaches the bundle only through the libraries' own self-tests
    # (pdfminer.ccitt and reportlab import unittest / doctest inside `if __name__ == "__main__"`
    # or a function of a test module): the programs never import it (tests/test_bundle_filter.py
    # runs their commands and window and checks). Each program's archive carries every module,
    # so these were ≈ 0.9 MB twice; asyncio (through unittest.async_case) and multiprocessing
    # (through asyncio's concurrent.futures) leave with them, made room for the PDF import.
    ("unittest", "test code: imported only by the libraries' self-tests, never by the programs"),
    ("doctest", "test code: reportlab's modules run their doctests only as scripts"),
    ("pdb", "the debugger: only doctest imports it"),
    ("pydoc", "interactive help: only pdb and xmlrpc.server import it"),
    ("pydoc_data", "pydoc's help topics (see pydoc)"),
    ("xmlrpc", "XML-RPC: only defusedxml.xmlrpc, which nothing imports, uses it"),
    ("_pydecimal", "decimal's pure-Python fallback, used only when the C _decimal is missing"),
    ("asyncio", "no event loop is run: reached only through unittest.async_case"),
    ("multiprocessing", "no process pool: reached only through asyncio's concurrent.futures"),
    # GPL libraries: a stdlib module that only links one in would put the whole package under the
    # GPL's terms (tests/test_bundle_filter.py checks the programs never import these).
    (
        "readline",
        "the programs never read a line interactively (no input(), no REPL); it links libreadline, "
        "GPL-3.0, which PyInstaller otherwise copies from the build machine",
    ),
    ("dbm.gnu", "no dbm database is opened; it links libgdbm, GPL-3.0"),
    ("_gdbm", "dbm.gnu's compiled part (see dbm.gnu)"),
)

Entry = tuple[str, str, str]  # PyInstaller's TOC entry: path in the bundle, source, kind


def reason_dropped(dest: str) -> str | None:
    """Why the file at ``dest`` in the bundle is left out, or None when it stays."""
    path = PurePath(dest).as_posix()
    for pattern, why in DROPPED:
        if fnmatchcase(path, pattern):
            return why
    if fnmatchcase(path, TRANSLATIONS) and not fnmatchcase(PurePath(path).name, KEPT_TRANSLATION):
        return "Qt's catalogues in other languages: the interface is Chinese whatever the system's"
    name = PurePath(path).name
    if fnmatchcase(path, CMAPS) and not any(fnmatchcase(name, kept) for kept in KEPT_CMAPS):
        return (
            "pdfminer's CMaps for Japanese, Korean, Big5, vertical and the rarer GB encodings: a "
            "report is Chinese, set horizontally"
        )
    return None


def prune(
    entries: Iterable[Entry], needs: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """Split ``entries`` into (kept, dropped): the files ``reason_dropped`` names, then the shared
    libraries that only dropped files needed, and links to anything dropped.

    ``needs(source)`` gives the file names of the libraries a binary links to. A link (kind
    SYMLINK) has the path in the bundle of its target as its source, as PyInstaller's analysis
    writes it. A library that a kept file needs, directly or through others, stays.
    """
    entries = list(entries)
    by_name: dict[str, list[Entry]] = {}
    by_path: dict[str, Entry] = {}
    for entry in entries:
        by_name.setdefault(PurePath(entry[0]).name, []).append(entry)
        by_path[PurePath(entry[0]).as_posix()] = entry

    def uses(entry: Entry) -> list[Entry]:
        if entry[2] == "SYMLINK":
            target = by_path.get(PurePath(entry[1]).as_posix())
            return [target] if target is not None else []
        if entry[2] in ("BINARY", "EXTENSION"):
            return [
                used for name in needs(entry[1]) for used in by_name.get(PurePath(name).name, ())
            ]
        return []

    def closure(roots: Iterable[Entry]) -> set[Entry]:
        seen: set[Entry] = set()
        todo = list(roots)
        while todo:
            entry = todo.pop()
            if entry not in seen:
                seen.add(entry)
                todo.extend(uses(entry))
        return seen

    named = {entry for entry in entries if reason_dropped(entry[0]) is not None}
    # What a dropped file uses is a candidate; one that a kept file also uses stays.
    candidates = closure(named) - named
    needed = closure(entry for entry in entries if entry not in named and entry not in candidates)
    dropped = named | (candidates - needed)
    dropped_paths = {PurePath(entry[0]).as_posix() for entry in dropped}
    dropped |= {  # a link to a dropped file goes with it
        entry
        for entry in entries
        if entry[2] == "SYMLINK" and PurePath(entry[1]).as_posix() in dropped_paths
    }
    return [e for e in entries if e not in dropped], [e for e in entries if e in dropped]
