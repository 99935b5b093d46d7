"""File names that are not UTF-8 (issue 13 follow-up): a GBK name from a USB stick works.

On Linux a name's bytes that are not UTF-8 reach Python as surrogate escapes; every command used
to fail with 内部错误（UnicodeEncodeError） (the SQLite URI, the lock's JSON, the history line, the
recent-files list). The draft must open, save, lock and export under such a name, and messages
show the undecodable byte as ``\\xff``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import draft_lock
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or sys.getfilesystemencoding() != "utf-8",
    reason="names of raw bytes: POSIX with a UTF-8 file-system encoding",
)

# "报表" in GBK, then a byte that is never UTF-8.
BAD = os.fsdecode(b"\xb1\xa8\xb1\xed\xff.nianbao")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "内部错误" not in err and "Traceback" not in err, err
    return code, out, err


def test_every_command_works_on_a_draft_whose_name_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / BAD
    code, out, err = run(capsys, "new", "--form", FORM.id, path, "--field", "unit=某局")
    assert code == 0, err
    assert "\\xb1\\xa8\\xb1\\xed\\xff.nianbao" in out  # the bytes, shown, not garbled
    code, out, err = run(capsys, "set", path, "received=7")
    assert code == 0, err
    code, out, err = run(capsys, "show", path)
    assert code == 0 and "某局" in out, err
    code, out, err = run(capsys, "check", path)
    assert code == 0, err
    code, out, err = run(capsys, "history", path)
    assert code == 0 and "（空） → 7" in out, err
    xlsx, pdf = tmp_path / os.fsdecode(b"o\xfe.xlsx"), tmp_path / os.fsdecode(b"o\xfe.pdf")
    code, out, err = run(capsys, "export", path, "--xlsx", xlsx, "--pdf", pdf, "--draft")
    assert code == 0, err
    assert xlsx.stat().st_size > 0 and pdf.stat().st_size > 0
    # Nothing left beside: no lock file, no temporary file.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == sorted(
        [BAD, xlsx.name, pdf.name]
    )
    with Draft.open(path, "读者", readonly=True) as draft:
        assert draft.values["received"] == 7


def test_a_missing_draft_of_such_a_name_is_named_readably(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "show", tmp_path / BAD)
    assert code != 0
    assert "\\xff.nianbao" in err and "\udcff" not in err, err


def test_the_lock_holds_and_says_who_under_such_a_name(tmp_path: Path) -> None:
    path = tmp_path / BAD
    with Draft.create(path, FORM, "填报人") as first:
        first.apply({"received": 1})
    with Draft.open(path, "甲") as first:
        assert not first.readonly
        # The lock file names the draft: its JSON reads back as the very same name.
        lock_text = draft_lock.lock_path(path).read_text(encoding="utf-8")
        assert json.loads(lock_text)["file"] == str(path.resolve())
        with Draft.open(path, "乙") as second:
            assert second.readonly and "甲" in (second.readonly_reason or "")
    assert not draft_lock.lock_path(path).exists()
