"""One atomic write for every whole file the program writes (core/atomic_file.py): exports, new
drafts, 另存为 and the settings. A failure half-way leaves the old file as it was and no
temporary file behind."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export import example, read_data, signed_example

from govreport_gui.core import all_or_nothing, atomic_file
from govreport_gui.core.atomic_file import TempFileError, atomic_replace
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.export_pdf import export_pdf
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.report import ExportError
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import Draft, DraftWriteError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(atomic_file.TEMP_SUFFIX))


@pytest.fixture
def disk_full_on_flush(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The disk fills up when the written file is flushed: after the writing, before the rename."""

    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file, "fsync_file", full)
    yield


def test_a_completed_write_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    with atomic_replace(target) as tmp:
        assert tmp.parent == tmp_path and tmp.exists() and tmp != target
        tmp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"  # not before the rename
    assert target.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failure_while_writing_keeps_the_old_file(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(type(failure)), atomic_replace(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise failure
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_failure_to_flush_keeps_the_old_file(tmp_path: Path, disk_full_on_flush: None) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError), atomic_replace(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_planted_link_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    planted = tmp_path / f".a.txt.govreport-0000{atomic_file.TEMP_SUFFIX}"
    planted.symlink_to(victim)
    names = iter(["0000", "1111"])
    monkeypatch.setattr(all_or_nothing, "_token", lambda: next(names))
    with atomic_replace(tmp_path / "a.txt") as tmp:
        assert tmp.name == f".a.txt.govreport-1111{atomic_file.TEMP_SUFFIX}"
        tmp.write_text("new", encoding="utf-8")
    assert victim.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="POSIX permissions")
def test_a_read_only_folder_is_a_temp_file_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(TempFileError), atomic_replace(folder / "a.txt"):
            pass
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_files_stay_private(tmp_path: Path) -> None:
    with atomic_replace(tmp_path / "p.json", mode=atomic_file.PRIVATE_MODE) as tmp:
        tmp.write_text("{}", encoding="utf-8")
    assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) == 0o600


# -- its four users ------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", [export_xlsx, export_pdf], ids=["xlsx", "pdf"])
def test_an_export_that_fails_keeps_the_old_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: object
) -> None:
    data = read_data(signed_example(tmp_path))
    target = tmp_path / ("out.xlsx" if writer is export_xlsx else "out.pdf")
    target.write_bytes(b"the export of yesterday")
    monkeypatch.setattr(
        atomic_file, "fsync_file", lambda p: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    with pytest.raises(ExportError) as caught:
        writer(data, target)  # type: ignore[operator]
    assert "磁盘空间不足" in caught.value.message
    assert target.read_bytes() == b"the export of yesterday"
    assert _leftovers(tmp_path) == []


def test_a_new_draft_that_fails_leaves_nothing(tmp_path: Path, disk_full_on_flush: None) -> None:
    doc = example()
    with pytest.raises(DraftWriteError) as caught:
        Draft.create(tmp_path / "new.nianbao", doc.form, "张三", doc.fields, doc.values)
    assert "磁盘空间不足" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_save_as_that_fails_keeps_the_old_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = get_form("gov-disclosure-2021")
    old_copy = tmp_path / "copy.nianbao"
    old_copy.write_bytes(b"an older copy")
    with Draft.create(tmp_path / "d.nianbao", form, "张三", {"unit": "某局"}) as draft:
        monkeypatch.setattr(
            atomic_file,
            "fsync_file",
            lambda p: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")),
        )
        with pytest.raises(DraftWriteError):
            draft.save_as(old_copy, overwrite=True)
    assert old_copy.read_bytes() == b"an older copy"
    assert _leftovers(tmp_path) == []


def test_settings_that_fail_to_save_keep_the_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.set_user_name("张三")
    path = settings.config_dir() / "settings.json"
    before = path.read_bytes()
    monkeypatch.setattr(
        atomic_file, "fsync_file", lambda p: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    changed = settings.load_settings()
    changed.user_name = "李四"
    with pytest.raises(OSError):
        settings.save_settings(changed)
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []
