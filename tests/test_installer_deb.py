"""The Linux package, as a clerk gets it: ``python3 packaging/build.py`` makes the .deb; it is
unpacked with ``dpkg-deb -x`` (nothing is installed system-wide) and only the unpacked files are
used, with a fresh HOME and the user's name in GOVREPORT_USER:

- ``govreport check`` on the example finds no error; new / fill / submit / signoff / export give
  an Excel file and a PDF that ``govreport verify`` accepts (the PDF alone and with its draft);
- ``govreport-gui --example`` shows its window and ends cleanly (GOVREPORT_QUIT_WHEN_READY);
- the control data, the files' places, the desktop entry, the MIME type, the icons and the
  maintainer scripts are right; the sizes are within issue 15's goals.

The package is built once per run (a few minutes: PyInstaller, then xz). Deselect with
``-m "not installer"``.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MB = 1000 * 1000
BUILD_SUMMARY = "build-summary.txt"  # build.py's sizes and times, beside the package

pytestmark = [
    pytest.mark.installer,
    # the first test waits for the build (PyInstaller ≈ 25 s, xz ≈ 80 s on one core)
    pytest.mark.timeout(1200),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is built on Linux"),
    pytest.mark.skipif(
        shutil.which("dpkg-deb") is None, reason="no dpkg-deb (not a Debian system)"
    ),
]


def _version() -> str:
    text = (REPO / "govreport_gui" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    assert found
    return found.group(1)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(the .deb, the folder PyInstaller made): built once, even when pytest-xdist's workers
    each ask for it (the first takes a lock in their shared temporary folder, the others wait)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / "govreport-deb"
    with (shared / "govreport-deb.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(out.glob("govreport_*.deb")):
            started = time.perf_counter()
            result = subprocess.run(
                [
                    sys.executable,
                    str(REPO / "packaging" / "build.py"),
                    *("--out", str(out), "--work", str(shared / "govreport-pyinstaller")),
                ],
                cwd=REPO,
                # set up before any test's own home: PyInstaller's cache goes to a home of its own
                env=dict(os.environ, HOME=str(shared), XDG_CACHE_HOME=str(shared / "cache")),
                capture_output=True,
                text=True,
                encoding="utf-8",
            )
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
            summary = [
                line
                for line in result.stdout.splitlines()
                if line[:3] in ("文件夹", "安装包", "用时：")
            ]
            # shown with the sizes (test_sizes_are_within_the_goals), by whichever worker builds
            (out / BUILD_SUMMARY).write_text(
                "\n".join([f"build.py ({time.perf_counter() - started:.0f} s):", *summary]),
                encoding="utf-8",
            )
    debs = list(out.glob("govreport_*.deb"))
    assert len(debs) == 1, debs
    yield debs[0], out / "govreport"


@pytest.fixture(scope="session")
def unpacked(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["dpkg-deb", "-x", str(built[0]), str(root)], check=True)
    return root


def _env(home: Path, **more: str) -> dict[str, str]:
    """A clerk's environment: a fresh home, no Python of ours (nothing from PYTHONPATH)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "GOVREPORT_"))}
    env.update(
        HOME=str(home),
        GOVREPORT_HOME=str(home / "govreport"),
        GOVREPORT_USER="张三",
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    env.update(more)
    return env


def _run(
    program: Path, *args: str, env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_sizes_are_within_the_goals(
    built: tuple[Path, Path], figures: Callable[[str], None]
) -> None:
    deb, folder = built
    folder_bytes = sum(
        p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink()
    )
    for line in (deb.parent / BUILD_SUMMARY).read_text(encoding="utf-8").splitlines():
        figures(line)
    figures(f"folder {folder_bytes / MB:.1f} MB, package {deb.stat().st_size / MB:.1f} MB")
    assert folder_bytes <= 180 * MB
    assert deb.stat().st_size <= 80 * MB


def test_control_data(built: tuple[Path, Path]) -> None:
    deb, folder = built
    info = subprocess.run(
        ["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True
    )
    assert " postinst" in info.stdout and " postrm" in info.stdout
    assert _field(deb, "Package") == "govreport"
    assert _field(deb, "Version") == _version()
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout
    assert _field(deb, "Architecture") == arch.strip()
    assert "@" in _field(deb, "Maintainer")
    description = _field(deb, "Description")
    assert description.startswith("政府信息公开年报填报")
    assert "填写、校验、审核并导出" in description and "annual report" in description
    depends = [d.strip() for d in _field(deb, "Depends").split(",")]
    # what Qt needs from the system and PyInstaller does not carry
    assert {"libegl1", "libgl1", "libxcb1", "libxkbcommon0", "libfontconfig1"} <= set(depends)
    assert any(re.fullmatch(r"libc6 \(>= 2\.\d+\)", d) for d in depends), depends
    installed_kib = int(_field(deb, "Installed-Size"))
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    assert installed_kib * 1024 >= sum(p.stat().st_size for p in files)


def test_files_go_under_opt_and_the_desktop_folders(built: tuple[Path, Path]) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(built[0])], capture_output=True, text=True, check=True
    ).stdout
    paths = {
        line.split(None, 5)[5].split(" -> ")[0].removeprefix(".") for line in listing.splitlines()
    }
    allowed = ("/opt/govreport", "/usr/bin/", "/usr/share/applications/", "/usr/share/mime/")
    allowed += ("/usr/share/icons/hicolor/", "/usr/share/doc/govreport/")
    strays = [
        p
        for p in paths
        if p.rstrip("/") and not p.startswith(allowed) and not any(a.startswith(p) for a in allowed)
    ]
    assert strays == []
    assert "/usr/bin/govreport -> /opt/govreport/govreport" in listing
    assert "/usr/bin/govreport-gui -> /opt/govreport/govreport-gui" in listing
    modes = {line.split()[0] for line in listing.splitlines()}
    assert modes <= {"drwxr-xr-x", "-rw-r--r--", "-rwxr-xr-x", "lrwxrwxrwx"}, modes
    assert " root/root " in listing.splitlines()[0]
    assert "/usr/share/doc/govreport/copyright" in paths
    # every icon size of resources/icons, as the program's icon and the file type's
    sizes = sorted(
        int(p.stem.split("-")[1]) for p in (REPO / "resources" / "icons").glob("govreport-*.png")
    )
    for size in sizes:
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/govreport.png" in paths
        assert (
            f"/usr/share/icons/hicolor/{size}x{size}/mimetypes/application-x-govreport-draft.png"
            in paths
        )
    assert len(
        [p for p in paths if p.startswith("/usr/share/icons/") and p.endswith(".png")]
    ) == 2 * len(sizes)


def test_check_on_the_example_finds_no_error(
    unpacked: Path, tmp_path: Path, figures: Callable[[str], None]
) -> None:
    program = unpacked / "opt" / "govreport" / "govreport"
    example = (
        unpacked / "opt/govreport/_internal/govreport_gui/_data/resources/examples/nxjgsw-2018.json"
    )
    version = _run(program, "--version", env=_env(tmp_path), cwd=tmp_path)
    assert version.stdout.strip() == f"govreport {_version()}"
    result = _run(program, "check", str(example), env=_env(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "共 0 个错误" in result.stdout
    # the bundle's start-up beside the virtual environment's (printed, never asserted)
    timings = {}
    for name, command in (
        ("bundle", [str(program), "check", str(example)]),
        ("venv", [sys.executable, "-m", "govreport_gui", "check", str(example)]),
    ):
        env = _env(tmp_path, PYTHONPATH=str(REPO)) if name == "venv" else _env(tmp_path)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, check=True)
            runs.append(time.perf_counter() - started)
        timings[name] = sorted(runs)[1]
    figures(
        f"govreport check, median of 3: bundle {timings['bundle'] * 1000:.0f} ms, "
        f"venv {timings['venv'] * 1000:.0f} ms"
    )


def test_both_commands_are_one_program_file_and_the_command_line_loads_no_qt(
    unpacked: Path, tmp_path: Path
) -> None:
    """The folder carries one program file (PyInstaller's archive of the Python modules once, not
    once per command): govreport-gui is a link to govreport, and the name picks the front end.
    The command line loads none of Qt's libraries (the window's Qt hook is not run for it)."""
    folder = unpacked / "opt" / "govreport"
    gui = folder / "govreport-gui"
    assert gui.is_symlink() and os.readlink(gui) == "govreport"
    programs = [p for p in folder.iterdir() if p.is_file() and not p.is_symlink()]
    assert [p.name for p in programs] == ["govreport"]
    assert (folder / "_internal" / "pyi_rth_pyside6.py").is_file()  # the window's Qt hook
    loaded = _run(
        folder / "govreport", "--version", env=_env(tmp_path, LD_DEBUG="files"), cwd=tmp_path
    )
    assert loaded.returncode == 0 and loaded.stdout.strip() == f"govreport {_version()}"
    assert "libpython3" in loaded.stderr  # LD_DEBUG does report what is loaded
    assert "libQt6" not in loaded.stderr and "libpyside6" not in loaded.stderr
    help_text = _run(gui, "--help", env=_env(tmp_path), cwd=tmp_path)
    assert help_text.returncode == 0 and help_text.stdout.startswith("用法：govreport-gui")


def test_fill_review_export_and_verify(unpacked: Path, tmp_path: Path) -> None:
    program = unpacked / "opt" / "govreport" / "govreport"
    example = (
        unpacked / "opt/govreport/_internal/govreport_gui/_data/resources/examples/nxjgsw-2018.json"
    )
    env = _env(tmp_path)
    draft = tmp_path / "报表.nianbao"
    steps = [
        (
            "new",
            "--form",
            "gov-disclosure-2014",
            str(draft),
            "--field",
            "unit=自治区机关事务管理局",
            "--field",
            "year=2018",
        ),
        ("fill", str(draft), "--values", str(example)),
        ("submit", str(draft)),
    ]
    for step in steps:
        result = _run(program, *step, env=env, cwd=tmp_path)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    reviewer = dict(env, GOVREPORT_USER="李四")
    result = _run(program, "signoff", str(draft), "--reviewer", "李四", env=reviewer, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    xlsx, pdf = tmp_path / "报表.xlsx", tmp_path / "报表.pdf"
    result = _run(
        program, "export", str(draft), "--xlsx", str(xlsx), "--pdf", str(pdf), env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = _run(program, "verify", str(xlsx), "--draft", str(draft), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "内容与签发指纹一致" in result.stdout and "签名有效" in result.stdout
    for alone in ((), ("--draft", str(draft))):  # the PDF by itself, and against its draft
        result = _run(program, "verify", str(pdf), *alone, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("一致") and "签名有效" in result.stdout
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "自治区机关事务管理局" in text and "签发：李四" in text
    if shutil.which("pdffonts"):  # the bundled Chinese font made it into the package and the PDF
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "GovReportSerifSC" in fonts
    # The whole report (issue 16): python-docx's templates and lxml.etree are in the package
    # (the lxml parts left out by packaging/bundle_filter.py are not needed).
    docx_file, report_pdf, html = (tmp_path / f"全文.{s}" for s in ("docx", "pdf", "html"))
    result = _run(
        program,
        "export",
        str(draft),
        "--docx",
        str(docx_file),
        "--report-pdf",
        str(report_pdf),
        "--html",
        str(html),
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(docx_file) as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert "政府信息公开工作年度报告" in document and "<w:tbl>" in document
    assert "自治区机关事务管理局" in html.read_text(encoding="utf-8")
    assert report_pdf.read_bytes().startswith(b"%PDF")


def test_the_window_starts_and_ends_cleanly(
    unpacked: Path, tmp_path: Path, figures: Callable[[str], None]
) -> None:
    program = unpacked / "opt" / "govreport" / "govreport-gui"
    env = _env(tmp_path, GOVREPORT_QUIT_WHEN_READY="1")
    started = time.perf_counter()
    result = _run(program, "--example", env=env, cwd=tmp_path)
    bundle_s = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("已就绪："), result.stdout
    assert "自治区机关事务管理局" in result.stdout  # the example is open in the window
    assert "Traceback" not in result.stderr and "Could not load" not in result.stderr
    venv_env = _env(tmp_path / "venv", GOVREPORT_QUIT_WHEN_READY="1", PYTHONPATH=str(REPO))
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "govreport_gui.gui", "--example"],
        env=venv_env,
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    venv_s = time.perf_counter() - started
    figures(
        f"govreport-gui --example until ready and closed: bundle {bundle_s * 1000:.0f} ms, "
        f"venv {venv_s * 1000:.0f} ms"
    )


def test_desktop_entry(unpacked: Path) -> None:
    entry = unpacked / "usr/share/applications/govreport.desktop"
    text = entry.read_text(encoding="utf-8")
    for line in (
        "Name=政府信息公开年报填报",
        "Name[zh_CN]=政府信息公开年报填报",
        "Exec=govreport-gui %f",
        "Icon=govreport",
        "Categories=Office;",
        "MimeType=application/x-govreport-draft;",
        "Type=Application",
    ):
        assert line in text.splitlines()
    assert any(line.startswith("Comment=") for line in text.splitlines())
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True
        )
        assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_nianbao_file_type(unpacked: Path, tmp_path: Path) -> None:
    xml = unpacked / "usr/share/mime/packages/govreport.xml"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(xml).getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-govreport-draft"
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.nianbao"]
    # the magic: SQLite's header, and our application_id at offset 68 (core/store/draft_schema.py)
    from govreport_gui.core.store.draft_schema import APPLICATION_ID

    inner = mime.find("m:magic/m:match/m:match", ns)
    assert inner is not None and int(inner.get("value", ""), 16) == APPLICATION_ID
    assert inner.get("offset") == "68"
    if shutil.which("update-mime-database"):
        mime_dir = tmp_path / "mime"
        (mime_dir / "packages").mkdir(parents=True)
        shutil.copy(xml, mime_dir / "packages")
        result = subprocess.run(
            ["update-mime-database", str(mime_dir)],
            env=dict(os.environ, XDG_DATA_DIRS=str(tmp_path)),  # else it notes the folder is unused
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert "application/x-govreport-draft:*.nianbao" in (mime_dir / "globs2").read_text()
        assert b"NBBG" in (mime_dir / "magic").read_bytes()
    if shutil.which("xmllint"):
        subprocess.run(["xmllint", "--noout", str(xml)], check=True)


def test_maintainer_scripts_refresh_the_caches_only_where_the_tools_are(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    control = tmp_path / "DEBIAN"
    subprocess.run(["dpkg-deb", "--control", str(built[0]), str(control)], check=True)
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "calls.log"
    for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache"):
        (tools / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\n')
        (tools / tool).chmod(0o755)
    for script in ("postinst", "postrm"):
        path = control / script
        assert os.access(path, os.X_OK)
        subprocess.run(["/bin/sh", "-n", str(path)], check=True)
        action = "configure" if script == "postinst" else "remove"
        # no tools at all (a server without a desktop): nothing to do, and no failure
        empty = tmp_path / "empty"
        empty.mkdir(exist_ok=True)
        result = subprocess.run(["/bin/sh", str(path), action], env={"PATH": str(empty)})
        assert result.returncode == 0
        log.unlink(missing_ok=True)
        result = subprocess.run(["/bin/sh", str(path), action], env={"PATH": str(tools)})
        assert result.returncode == 0
        calls = log.read_text().splitlines()
        assert "update-desktop-database -q /usr/share/applications" in calls
        assert "update-mime-database /usr/share/mime" in calls
    if shutil.which("lintian"):
        result = subprocess.run(
            ["lintian", "--no-tag-display-limit", str(built[0])], capture_output=True, text=True
        )
        print("\nlintian:\n" + result.stdout)
        assert not [line for line in result.stdout.splitlines() if line.startswith("E:")]


def test_the_copyright_file_names_licence_texts_the_package_carries(unpacked: Path) -> None:
    """Debian's /usr/share/doc/govreport/copyright points at the licence texts in the folder."""
    text = (unpacked / "usr/share/doc/govreport/copyright").read_text(encoding="utf-8")
    assert text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/")
    named = set(re.findall(r"(/opt/govreport/\S+\.txt)", text))
    assert named, text
    for path in named:
        assert (unpacked / path.lstrip("/")).is_file(), path
    licences = unpacked / "opt/govreport/_internal/govreport_gui/_data/resources/licenses"
    assert {"LGPL-3.0.txt", "GPL-3.0.txt", "THIRD-PARTY.txt"} <= {
        p.name for p in licences.iterdir()
    }


# The wheels' folders in _internal/ (their licences are the Python libraries' own, in
# licenses/python/) and Python's own extension modules; the links PyInstaller puts at the top
# point into them.
WHEEL_FOLDERS = ("PySide6", "shiboken6", "PIL", "pillow.libs", "cryptography", "charset_normalizer")


def test_every_system_library_bundled_has_its_licence_and_none_is_gpl(unpacked: Path) -> None:
    """Each shared library copied from the build machine is named in licenses/system/INDEX.txt
    with its Debian package's copyright file beside it; libreadline (GPL-3.0) is not bundled."""
    internal = unpacked / "opt/govreport/_internal"
    licences = internal / "govreport_gui/_data/resources/licenses"
    index = (licences / "system" / "INDEX.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in index if line and not line.startswith("#")]
    listed = {row[0]: row for row in rows}
    outside = []
    for path in internal.rglob("*.so*"):
        relative = path.relative_to(internal)
        if path.is_symlink() or relative.parts[0] in WHEEL_FOLDERS:
            continue
        if relative.parts[0].startswith("python3") or ".cpython-" in path.name:
            continue  # Python's own modules: licenses/python/Python.txt
        outside.append(relative.as_posix())
    assert outside, "no system library found: the bundle's layout changed"
    assert sorted(outside) == sorted(listed), set(outside) ^ set(listed)
    for name, package, file in rows:
        assert (licences / file).is_file(), (name, package, file)
    assert len({row[1] for row in rows}) >= 10  # libstdc++, ICU's users, freetype, dbus, ...
    assert not [p for p in internal.rglob("libreadline*")]
    assert not [p for p in internal.rglob("readline.cpython-*")]
    copyright_ = (unpacked / "usr/share/doc/govreport/copyright").read_text(encoding="utf-8")
    for name in listed:
        assert f"opt/govreport/_internal/{name}" in copyright_, name
    for licence in ("License: MIT", "License: LGPL-3.0-only", "License: OFL-1.1"):
        assert licence in copyright_
    # the program file is PyInstaller's bootloader
    bootloader = "Files: opt/govreport/govreport opt/govreport/govreport-gui\n"
    assert bootloader in copyright_
    after = copyright_.split(bootloader, 1)[1]
    assert "License: GPL-2.0-or-later WITH Bootloader-exception" in after.split("\n\n")[0]
