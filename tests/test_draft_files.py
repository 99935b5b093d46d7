"""Damaged and foreign files: opening one says why in Chinese and never changes it.

Every case must raise :class:`DraftOpenError` (never another exception) with a Chinese reason, and
leave the file's bytes exactly as they were. A flipped byte may land in unused space; then the
draft opens and its values are readable.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import struct
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft, DraftError, DraftOpenError

FORM = get_form("gov-disclosure-2014")
EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def draft_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real draft: the example's values and fields, then a few days of edits in its history."""
    from govreport_gui.core.forms.valuesfile import load_values_document

    doc = load_values_document(EXAMPLE)
    path = tmp_path_factory.mktemp("real") / "机关事务管理局.nianbao"
    with Draft.create(path, FORM, "填报人", fields=doc.fields, values=doc.values) as draft:
        for i in range(40):
            draft.apply({"received": i, "fees": Decimal(f"{i}.125")}, {"phone": f"0951-60{i:05d}"})
        draft.apply({"budget": Decimal("12.345678")}, {"head": "负责人" * 20})
    data = path.read_bytes()
    assert len(data) > 8 * 4096
    return data


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(path: Path, *words: str, readonly: bool = False) -> DraftOpenError:
    """Opening fails with DraftOpenError, a Chinese reason (with one of ``words``); bytes unchanged."""
    before = sha(path) if path.is_file() else None
    with pytest.raises(DraftOpenError) as info:
        Draft.open(path, "检查人", readonly=readonly)
    message = info.value.message
    assert CHINESE.search(message), message
    assert_no_english(message, path)
    if words:
        assert any(w in message for w in words), message
    if before is not None:
        assert sha(path) == before
    # Nothing left beside it either: no lock file, no journal, no backup copy (the test's own
    # GOVREPORT_HOME, "home", holds the per-user identity locks: not beside the draft for a user).
    assert sorted(p.name for p in path.parent.iterdir() if p.name != "home") == [path.name]
    # The draft list never fails on it (it reads a few rows only, so it may not notice damage).
    summary = library.summarise(path, in_library=False)
    assert not summary.problem or CHINESE.search(summary.problem)
    return info.value


def assert_no_english(message: str, path: Path) -> None:
    """No English phrase of SQLite or the OS ("database disk image is malformed") reaches a user."""
    rest = re.sub(r"“[^”]*”", "", message.replace(str(path), "")).replace(".nianbao", "")
    rest = rest.replace("govreport", "")
    assert not re.search(r"\b[a-z]{4,}\b", rest), message


def assert_readable(draft: Draft) -> None:
    for cell_id, value in draft.values.items():
        kind = draft.form.cell(cell_id).kind
        assert isinstance(value, Decimal if kind is Kind.MONEY else int), (cell_id, value)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in draft.fields.items())
    try:
        draft.history()  # read on demand, not at open: damage there is a DraftError
    except DraftError as exc:
        assert CHINESE.search(exc.message)


def truncation_offsets(size: int) -> list[int]:
    odd = [1, 2, 15, 16, 17, 99, 100, 101, 511, 513, 1000, 4095, 4097, 4096 * 3 + 7, size - 1]
    return sorted(set(range(0, size, 512)) | {o for o in odd if o < size})


def test_truncated_at_many_offsets(tmp_path: Path, draft_bytes: bytes) -> None:
    offsets = truncation_offsets(len(draft_bytes))
    assert len(offsets) > 80
    for n, offset in enumerate(offsets):
        path = tmp_path / f"t{n}" / "截断.nianbao"
        path.parent.mkdir()
        path.write_bytes(draft_bytes[:offset])
        words = ("空的", "不完整", "截断", "损坏", "不是")
        assert_refused(path, *words)
        assert_refused(path, *words, readonly=True)


def test_flipped_bytes_refused_or_readable(tmp_path: Path, draft_bytes: bytes) -> None:
    rng = random.Random(7)
    size = len(draft_bytes)
    # The whole 100-byte header, then positions all over the file (pages of every table).
    positions = list(range(100)) + sorted(rng.sample(range(100, size), 400))
    outcomes = {"opened": 0, "refused": 0}
    for n, pos in enumerate(positions):
        for mask in (0xFF, 0x03, 0x80):
            path = tmp_path / f"f{n}-{mask}" / "翻转.nianbao"
            path.parent.mkdir()
            data = bytearray(draft_bytes)
            data[pos] ^= mask
            path.write_bytes(bytes(data))
            before = sha(path)
            for readonly in (True, False):
                try:
                    draft = Draft.open(path, "检查人", readonly=readonly)
                except DraftOpenError as exc:
                    outcomes["refused"] += 1
                    assert CHINESE.search(exc.message), exc.message
                    assert_no_english(exc.message, path)
                    assert sha(path) == before, (pos, mask, readonly)
                else:
                    outcomes["opened"] += 1
                    with draft:
                        assert_readable(draft)
                        if not readonly:
                            try:  # a write either saves or says why in Chinese
                                draft.apply({"received": 123456}, {"phone": "12345"})
                            except DraftError as exc:
                                assert CHINESE.search(exc.message), exc.message
                                assert_no_english(exc.message, path)
                    if readonly:
                        assert sha(path) == before, (pos, mask)
                left = sorted(p.name for p in path.parent.iterdir())
                if 2 in data[18:20]:  # the header now says WAL: SQLite's -wal and -shm may stay
                    left = [n for n in left if not n.endswith(("-wal", "-shm"))]
                assert left == [path.name], (pos, mask)
            library.summarise(path, in_library=False)  # never raises
    assert outcomes["opened"] and outcomes["refused"] > 100, outcomes


def test_zero_length_file(tmp_path: Path) -> None:
    path = tmp_path / "空.nianbao"
    path.write_bytes(b"")
    assert_refused(path, "空的", "0 字节")


def test_zip_file(tmp_path: Path) -> None:
    path = tmp_path / "压缩包.nianbao"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.json", '{"form": "gov-disclosure-2014"}')
    assert_refused(path, "压缩包", "Excel")


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "说明.nianbao"
    path.write_text("这是一个文本文件，不是草稿。\n" * 50, encoding="utf-8")
    assert_refused(path, "不是年报草稿")


def test_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "年报.nianbao"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20)
    assert_refused(path, "PDF")


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_sqlite_database_of_another_program(tmp_path: Path, journal_mode: str) -> None:
    path = tmp_path / "其他程序.nianbao"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode = {journal_mode}")
    con.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, url TEXT)")
    con.executemany("INSERT INTO places (url) VALUES (?)", [(f"https://{i}",) for i in range(500)])
    con.commit()
    con.close()
    assert_refused(path, "另一种程序")
    assert_refused(path, "另一种程序", readonly=True)


def _real_draft(path: Path) -> None:
    with Draft.create(path, FORM, "填报人", fields={"unit": "某单位"}) as draft:
        draft.apply({"received": 3, "fees": Decimal("1.5")})


def test_draft_of_a_newer_program(tmp_path: Path) -> None:
    path = tmp_path / "新版本.nianbao"
    _real_draft(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    error = assert_refused(path, "更新版本", "升级")
    assert "99" in error.message


@pytest.mark.parametrize("version", [0, -1])
def test_draft_with_an_impossible_format_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "版本.nianbao"
    _real_draft(path)
    data = bytearray(path.read_bytes())
    data[60:64] = struct.pack(">i", version)
    path.write_bytes(bytes(data))
    assert_refused(path, "损坏")


def test_draft_of_an_unknown_form(tmp_path: Path) -> None:
    path = tmp_path / "未知表单.nianbao"
    _real_draft(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'gov-disclosure-2099' WHERE key = 'form_id'")
    con.commit()
    con.close()
    error = assert_refused(path, "表单")
    assert "gov-disclosure-2099" in error.message


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "文件夹.nianbao"
    folder.mkdir()
    with pytest.raises(DraftOpenError, match="文件夹"):
        Draft.open(folder, "检查人")
    with pytest.raises(DraftOpenError, match="找不到"):
        Draft.open(tmp_path / "没有.nianbao", "检查人")
