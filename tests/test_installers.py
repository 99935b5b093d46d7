"""The Windows and macOS installers' own parts, as far as they can be checked on Linux: what the
.app declares, what the Inno Setup script asks for, and what goes on the disk image. Building and
running them happens on Windows and macOS runners (.github/workflows/installers.yml)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import plistlib
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from govreport_gui import __version__

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"


def _load(relative: str) -> ModuleType:
    path = PACKAGING / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_app_opens_the_window_and_owns_nianbao_drafts() -> None:
    info = _load("macos/bundle_info.py")
    arguments = info.bundle_arguments(REPO, __version__)
    plist = plistlib.loads(plistlib.dumps(arguments["info_plist"]))  # valid Info.plist types
    # Double-clicking the app starts the window, not the command line, and it has a Dock icon.
    assert plist["CFBundleExecutable"] == "govreport-gui"
    assert plist["LSBackgroundOnly"] is False
    assert plist["CFBundleDisplayName"] == "政府信息公开年报填报"
    assert plist["CFBundleShortVersionString"] == __version__
    assert plist["LSMinimumSystemVersion"] == "13.0"  # Qt 6.11's oldest macOS
    declared = plist["UTExportedTypeDeclarations"][0]
    assert declared["UTTypeTagSpecification"]["public.filename-extension"] == ["nianbao"]
    document = plist["CFBundleDocumentTypes"][0]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
    assert document["LSHandlerRank"] == "Owner"
    assert Path(arguments["icon"]).is_file() and arguments["icon"].endswith(".icns")
    assert arguments["name"].endswith(".app")


def test_the_windows_script_installs_per_user_in_chinese() -> None:
    raw = (PACKAGING / "windows" / "govreport.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # else Inno Setup reads the Chinese as ANSI
    script = raw.decode("utf-8-sig")
    lines = [line.strip() for line in script.splitlines() if not line.lstrip().startswith(";")]
    assert "PrivilegesRequired=lowest" in lines
    assert not any(line.startswith("PrivilegesRequiredOverridesAllowed") for line in lines)
    assert "ChangesAssociations=yes" in lines
    assert "MinVersion=10.0.17763" in lines  # Windows 10 1809, Qt 6's oldest
    assert any("compiler:Languages\\ChineseSimplified.isl" in line for line in lines)
    registry = [line for line in lines if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKCU;") for line in registry)
    assert any('"Software\\Classes\\.nianbao"' in line for line in registry)
    # the uninstaller removes the whole Applications\govreport-gui.exe key, not only a subkey
    whole = 'Subkey: "Software\\Classes\\Applications\\{#GuiExe}";'
    assert any(whole in line and "uninsdeletekey" in line for line in registry)
    assert any("{userprograms}\\{#AppName}" in line for line in lines)
    assert (REPO / "resources" / "icons" / "govreport.ico").is_file()


def test_iscc_gets_the_version_the_bundle_and_the_output_folder(tmp_path: Path) -> None:
    installer = _load("windows/installer.py")
    command = installer.iscc_command(Path("ISCC.exe"), tmp_path / "b", "1.2.3", tmp_path / "out")
    assert command[0] == "ISCC.exe" and command[-1] == str(installer.SCRIPT)
    assert f"/DBundleDir={tmp_path / 'b'}" in command and "/DAppVersion=1.2.3" in command
    assert f"/DOutputDir={tmp_path / 'out'}" in command
    assert installer.setup_name("1.2.3") == "govreport-1.2.3-windows-x64-setup.exe"
    with pytest.raises(installer.InstallerError, match=r"没有 govreport-gui\.exe"):
        installer.make_package(tmp_path, "1.2.3", tmp_path / "out")


def test_the_disk_image_holds_the_app_and_a_link_to_applications(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dmg = _load("macos/dmg.py")
    dist = tmp_path / "dist"
    app = dist / "govreport.app" / "Contents"
    (app / "MacOS").mkdir(parents=True)
    (app / "MacOS" / "govreport-gui").write_text("#!/bin/sh\n")
    (app / "Frameworks").mkdir()
    (app / "Frameworks" / "Current").symlink_to("MacOS")  # Qt's frameworks are made of links
    (dist / "govreport").mkdir()
    seen: dict[str, Any] = {}

    def hdiutil(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        staging = Path(command[command.index("-srcfolder") + 1])
        seen["entries"] = sorted(p.name for p in staging.iterdir())
        seen["link"] = (staging / "Applications").readlink()
        seen["kept link"] = (staging / "govreport.app/Contents/Frameworks/Current").is_symlink()
        seen["volume"] = command[command.index("-volname") + 1]
        Path(command[-1]).write_bytes(b"dmg")
        return subprocess.CompletedProcess(command, 0, stdout="created", stderr="")

    monkeypatch.setattr(subprocess, "run", hdiutil)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/hdiutil")
    made = dmg.make_package(dist / "govreport", "1.2.3", dist)
    assert made == dist / "govreport-1.2.3-macos.dmg" and made.read_bytes() == b"dmg"
    # the staging folder (beside the image, on the same disk) is gone
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        [made.name, "govreport", "govreport.app"]
    )
    assert seen == {
        "entries": ["Applications", "govreport.app"],
        "link": Path("/Applications"),
        "kept link": True,
        "volume": "政府信息公开年报填报 1.2.3",
    }


def _workflow_jobs() -> dict[str, str]:
    """installers.yml's jobs, name → its text (the jobs are the two-space-indented keys)."""
    text = (REPO / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8")
    jobs = text.split("\njobs:\n", 1)[1]
    parts = re.split(r"^  ([\w-]+):\n", jobs, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_release_installers_are_built_with_the_qt_tested_here() -> None:
    """The Linux, Windows and macOS jobs install the build with packaging/constraints-release.txt,
    which pins the PySide6 these tests run with; a change to the program triggers the workflow."""
    pins = dict(
        line.split("==")
        for line in (PACKAGING / "constraints-release.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert pins == {
        "PySide6-Essentials": importlib.metadata.version("PySide6-Essentials"),
        "shiboken6": importlib.metadata.version("shiboken6"),
    }
    jobs = _workflow_jobs()
    for job in ("linux-deb", "windows-installer", "macos-dmg"):
        assert 'pip install -c packaging/constraints-release.txt ".[build]"' in jobs[job], job
    workflow = (REPO / ".github" / "workflows" / "installers.yml").read_text(encoding="utf-8")
    paths = workflow.split("    paths:", 1)[1].split("\n\n", 1)[0]
    for folder in ("govreport_gui/**", "forms/**", "resources/**", "pyproject.toml"):
        assert f'- "{folder}"' in paths, folder
