"""Exports are all or nothing (issue 13 §6): Excel and PDF both appear or neither does, an older
file is kept when the export fails, and what a killed export left is swept by the next one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core import all_or_nothing
from govreport_gui.core.layout import export_pdf as pdf_module
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.ops.export import ExportFailed, export_report

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and hard links: POSIX")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path.parent / (tmp_path.name + "-home")))


@pytest.fixture()
def draft(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    return signed_example(tmp_path / "src")


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _full_disk(*_args: object, **_kwargs: object) -> Path:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_on_the_pdf_writes_no_workbook_either(
    draft: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_full(data: object, path: Path, draft_mode: bool = False) -> Path:
        def write(tmp: Path) -> None:
            tmp.write_bytes(b"%PDF-1.4 half")
            raise OSError(errno.ENOSPC, "No space left on device")

        return write_export(Path(path), write, "其他程序")

    monkeypatch.setattr(pdf_module, "export_pdf", half_then_full)
    targets = [("xlsx", out / "a.xlsx"), ("pdf", out / "a.pdf")]
    with pytest.raises(ExportFailed, match="磁盘空间不足") as caught:
        export_report(read_data(draft), targets)  # type: ignore[arg-type]
    assert "没有导出任何文件" in caught.value.message and caught.value.written == []
    assert names(out) == []  # neither target, nor a temporary file


@pytest.mark.parametrize("hard_links", [True, False], ids=["linked-aside", "moved-aside"])
def test_a_failed_second_rename_restores_the_older_files(
    draft: Path, out: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:  # FAT, some shares: the older file is moved aside, then moved back

        def no_link(*_args: object, **_kwargs: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(all_or_nothing.os, "link", no_link)
    old_xlsx, old_pdf = out / "a.xlsx", out / "a.pdf"
    old_xlsx.write_bytes(b"last year's workbook")
    old_pdf.write_bytes(b"last year's pdf")
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == old_pdf and Path(src).name.endswith(".tmp"):  # the new PDF only
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(all_or_nothing.os, "replace", replace)
    targets = [("xlsx", old_xlsx), ("pdf", old_pdf)]
    with pytest.raises(ExportFailed) as caught:
        export_report(read_data(draft), targets, overwrite=True)  # type: ignore[arg-type]
    assert caught.value.written == []
    assert old_xlsx.read_bytes() == b"last year's workbook"  # put back, unchanged
    assert old_pdf.read_bytes() == b"last year's pdf"
    assert names(out) == ["a.pdf", "a.xlsx"]  # nothing kept aside, no temporary file


def test_a_failed_second_rename_removes_the_first_new_file(
    draft: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "a.pdf":
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(all_or_nothing.os, "replace", replace)
    with pytest.raises(ExportFailed):
        export_report(read_data(draft), [("xlsx", out / "a.xlsx"), ("pdf", out / "a.pdf")])
    assert names(out) == []


def test_the_command_line_exports_both_or_says_none_was_written(
    draft: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pdf_module, "_build", _full_disk)
    code = cli.main(
        ["export", str(draft), "--xlsx", str(out / "a.xlsx"), "--pdf", str(out / "a.pdf")]
    )
    _out, err = capsys.readouterr()
    assert code == 1 and "磁盘空间不足" in err and "没有导出任何文件" in err, err
    assert "已导出" not in _out
    assert names(out) == []


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_leftovers_of_a_killed_export_are_swept_by_the_next_one(draft: Path, out: Path) -> None:
    stale = out / ".a.xlsx.govreport-0123abcd.tmp"
    stale.write_bytes(b"half a workbook")
    _age(stale, all_or_nothing.LEFTOVER_AGE + 60)
    fresh = out / ".b.pdf.govreport-4567cdef.tmp"  # another export writing right now
    fresh.write_bytes(b"being written")
    foreign = out / ".a-0123abcd.tmp"  # not a name of ours
    foreign.write_bytes(b"someone else's")
    old_foreign = out / "notes.govreport-0123abcd.tmp"  # no leading dot: not ours either
    old_foreign.write_bytes(b"someone else's")
    _age(foreign, all_or_nothing.LEFTOVER_AGE + 60)
    _age(old_foreign, all_or_nothing.LEFTOVER_AGE + 60)
    export_report(read_data(draft), [("xlsx", out / "a.xlsx"), ("pdf", out / "a.pdf")])
    assert names(out) == sorted(["a.pdf", "a.xlsx", fresh.name, foreign.name, old_foreign.name])


@posix_only
def test_a_file_kept_aside_by_a_killed_export_is_put_back(draft: Path, out: Path) -> None:
    """Killed after moving the old file aside (no hard links there) and before the new one took
    its place: the target is missing, and the next run puts the old file back."""
    kept = out / ".a.pdf.govreport-89abcdef.old"
    kept.write_bytes(b"last year's pdf")
    _age(kept, all_or_nothing.LEFTOVER_AGE + 60)
    assert all_or_nothing.sweep_leftovers(out, now=time.time() + all_or_nothing.LEFTOVER_AGE + 1)
    assert names(out) == ["a.pdf"] and (out / "a.pdf").read_bytes() == b"last year's pdf"


_KILLED = """
import sys, time
from pathlib import Path
from govreport_gui.core.layout import export_pdf as pdf_module
from govreport_gui.core.layout.export_file import write_export
from govreport_gui.core.ops.export import export_report
from govreport_gui.core.store.draft import Draft

def slow_pdf(data, path, draft_mode=False):
    def write(tmp):
        tmp.write_bytes(b"%PDF-1.4 half")
        print("writing", flush=True)
        time.sleep(600)
    return write_export(Path(path), write, "x")

pdf_module.export_pdf = slow_pdf
with Draft.open(Path(sys.argv[1]), "x", readonly=True) as draft:
    export_report(draft, [("xlsx", Path(sys.argv[2])), ("pdf", Path(sys.argv[3]))])
"""


@posix_only
def test_an_export_killed_while_writing_leaves_nothing_the_next_run_does_not_clean(
    draft: Path, out: Path
) -> None:
    xlsx, pdf = out / "a.xlsx", out / "a.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(draft), str(xlsx), str(pdf)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "writing", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    # Killed with the workbook written and the PDF half-written: neither is in place.
    left = names(out)
    assert "a.xlsx" not in left and "a.pdf" not in left
    assert left and all(".govreport-" in n and n.endswith(".tmp") for n in left)
    for name in left:
        _age(out / name, all_or_nothing.LEFTOVER_AGE + 60)
    export_report(read_data(draft), [("xlsx", xlsx), ("pdf", pdf)])
    assert names(out) == ["a.pdf", "a.xlsx"]
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_leftovers_of_a_killed_new_draft_are_swept_by_the_next_save(tmp_path: Path) -> None:
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.store.draft import Draft

    stale = [
        tmp_path / ".d.nianbao.govreport-0123abcd.tmp",
        tmp_path / ".d.nianbao.govreport-0123abcd.tmp-journal",
    ]
    for path in stale:
        path.write_bytes(b"half a draft")
        _age(path, all_or_nothing.LEFTOVER_AGE + 60)
    Draft.create(tmp_path / "e.nianbao", get_form("gov-disclosure-2014"), "填报人").close()
    assert names(tmp_path) == ["e.nianbao"]
