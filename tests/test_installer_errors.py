"""The Windows and macOS packaging steps, when they fail, as the person building sees it:
``python packaging/build.py`` says 构建失败 and, in Chinese, what failed and what to do, with
exit code 1, never a traceback. There is no Windows or macOS here: Inno Setup's compiler and
hdiutil are simulated (``shutil.which``, ``subprocess.run``) on a folder shaped like the bundle.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
VERSION = "1.2.3"


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """packaging/build.py, with sys.path restored afterwards (it puts packaging/ on it)."""
    monkeypatch.setattr(sys, "path", [*sys.path])
    spec = importlib.util.spec_from_file_location("build", PACKAGING / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "version", lambda: VERSION)
    return module


def _run_build(
    build: ModuleType,
    platform: str,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str]:
    """``build.py --skip-pyinstaller --out OUT`` as on ``platform``: (exit code, stderr)."""
    real = getattr(build.platform_module, "func", build.platform_module)  # a partial already?
    monkeypatch.setattr(build, "platform_module", functools.partial(real, platform))
    code = build.main(["--skip-pyinstaller", "--out", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _windows_bundle(tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    (out / "govreport" / "_internal").mkdir(parents=True)
    (out / "govreport" / "govreport-gui.exe").write_bytes(b"MZ")
    (out / "govreport" / "govreport.exe").write_bytes(b"MZ")
    return out


def _inno_setup(tmp_path: Path, chinese: bool = True) -> Path:
    iscc = tmp_path / "Inno Setup 6" / "ISCC.exe"
    (iscc.parent / "Languages").mkdir(parents=True)
    iscc.write_bytes(b"MZ")
    if chinese:
        (iscc.parent / "Languages" / "ChineseSimplified.isl").write_text("; zh")
    return iscc


def _which(found: dict[str, Path]) -> Callable[[str], str | None]:
    return lambda name: str(found[name]) if name in found else None


def _no_program_files(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)


def test_no_inno_setup_says_to_install_it(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _windows_bundle(tmp_path)
    monkeypatch.setattr(shutil, "which", _which({}))
    _no_program_files(monkeypatch)
    code, err = _run_build(build, "win32", out, monkeypatch, capsys)
    assert code == 1
    assert err.startswith("构建失败：找不到 Inno Setup 的编译器 ISCC.exe")
    assert "请安装 Inno Setup 6.5 或更高版本" in err and "PATH" in err


def test_an_inno_setup_without_chinese_says_which_version_is_needed(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _windows_bundle(tmp_path)
    iscc = _inno_setup(tmp_path, chinese=False)
    monkeypatch.setattr(shutil, "which", _which({"iscc": iscc}))
    code, err = _run_build(build, "win32", out, monkeypatch, capsys)
    assert code == 1
    assert "ChineseSimplified.isl" in err and "请安装 Inno Setup 6.5 或更高版本" in err


def test_a_failed_compile_shows_the_compilers_error_and_what_to_do(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _windows_bundle(tmp_path)
    iscc = _inno_setup(tmp_path)
    monkeypatch.setattr(shutil, "which", _which({"iscc": iscc}))
    calls: list[list[str]] = []

    def fails(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        error = "Error on line 73 in govreport.iss: Source file does not exist.\nCompile aborted."
        return subprocess.CompletedProcess(command, 2, stdout=error, stderr="")

    monkeypatch.setattr(subprocess, "run", fails)
    code, err = _run_build(build, "win32", out, monkeypatch, capsys)
    assert code == 1 and calls and calls[0][0] == str(iscc)
    assert "Inno Setup 未能生成安装程序（ISCC.exe 退出码 2）" in err
    assert "Error on line 73 in govreport.iss" in err  # what the compiler said
    assert "请按上面的提示修正后重试" in err


def test_a_compiler_that_cannot_start_or_makes_nothing_is_said_so(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _windows_bundle(tmp_path)
    iscc = _inno_setup(tmp_path)
    monkeypatch.setattr(shutil, "which", _which({"iscc": iscc}))

    def cannot_start(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        raise PermissionError(13, "Permission denied", command[0])

    monkeypatch.setattr(subprocess, "run", cannot_start)
    code, err = _run_build(build, "win32", out, monkeypatch, capsys)
    assert code == 1
    assert "无法运行 Inno Setup 的编译器" in err and "Permission denied" in err

    def silent(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", silent)
    code, err = _run_build(build, "win32", out, monkeypatch, capsys)
    assert code == 1
    assert f"没有生成 {out / f'govreport-{VERSION}-windows-x64-setup.exe'}" in err


def _mac_bundle(tmp_path: Path, apps: int = 1) -> Path:
    out = tmp_path / "dist"
    (out / "govreport" / "_internal").mkdir(parents=True)
    for name in ("govreport.app", "other.app")[:apps]:
        (out / name / "Contents" / "MacOS").mkdir(parents=True)
        (out / name / "Contents" / "MacOS" / "govreport-gui").write_text("#!/bin/sh\n")
    return out


def test_no_hdiutil_says_the_disk_image_is_made_on_macos(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _mac_bundle(tmp_path)
    monkeypatch.setattr(shutil, "which", _which({}))
    code, err = _run_build(build, "darwin", out, monkeypatch, capsys)
    assert code == 1
    assert err.startswith("构建失败：找不到 hdiutil") and "只能在 macOS 上构建" in err


def test_a_failed_hdiutil_shows_its_error_and_leaves_no_half_made_image(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _mac_bundle(tmp_path)
    monkeypatch.setattr(shutil, "which", _which({"hdiutil": Path("/usr/bin/hdiutil")}))

    def busy(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        Path(command[-1]).write_bytes(b"half an image")  # what a failing hdiutil may leave
        return subprocess.CompletedProcess(
            command, 1, stdout="", stderr="hdiutil: create failed - 资源忙"
        )

    monkeypatch.setattr(subprocess, "run", busy)
    before = sorted(p.name for p in out.iterdir())
    code, err = _run_build(build, "darwin", out, monkeypatch, capsys)
    assert code == 1
    assert "hdiutil 未能生成磁盘映像（退出码 1）" in err
    assert "hdiutil: create failed - 资源忙" in err
    assert "hdiutil detach" in err and "处理后请重试" in err
    # no .dmg the workflow could take for the package, and no staging folder left behind
    assert sorted(p.name for p in out.iterdir()) == before


def test_no_app_or_two_apps_are_named(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(shutil, "which", _which({"hdiutil": Path("/usr/bin/hdiutil")}))
    for apps, found in ((0, "找到：没有"), (2, "找到：govreport.app、other.app")):
        out = _mac_bundle(tmp_path / str(apps), apps)
        code, err = _run_build(build, "darwin", out, monkeypatch, capsys)
        assert code == 1
        assert "应有且只有一个 .app" in err and found in err
