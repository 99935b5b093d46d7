"""One lock for every name of a draft (issue 13 §1): a symbolic link and a hard link to a draft
open for editing are refused, across processes, and nothing written is lost or misrecorded."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store.draft import Draft

FORM = get_form("gov-disclosure-2014")

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="links as on POSIX")

# A second process that opens a draft for editing, changes one cell, says "ready", and keeps the
# draft open until its standard input closes.
_HOLDER = """
import sys
from pathlib import Path
from govreport_gui.core.forms.values import parse_value
from govreport_gui.core.store.draft import Draft
d = Draft.open(Path(sys.argv[1]), "甲")
assert not d.readonly, d.readonly_reason
d.apply({"received": parse_value(d.form.cell("received"), sys.argv[2])})
print("ready", flush=True)
sys.stdin.read()
d.close()
"""


@pytest.fixture()
def draft_path(tmp_path: Path) -> Path:
    p = tmp_path / "real" / "d.nianbao"
    p.parent.mkdir()
    with Draft.create(p, FORM, "填报人", fields={"unit": "某局"}) as draft:
        draft.apply({"received": 3})
    return p


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GOVREPORT_USER"] = "乙"
    return env


@contextmanager
def held(path: Path, value: str) -> Iterator[None]:
    """``path`` open for editing in another process, which set ``received`` to ``value``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), value],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "ready", proc.stderr.read() if proc.stderr else ""
        yield
    finally:
        _out, err = proc.communicate("", timeout=60)
        assert proc.returncode == 0, err


def govreport_set(path: Path, *assignments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govreport_gui", "set", str(path), *assignments],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )


def _names(draft_path: Path, kind: str) -> Path:
    other = draft_path.parent.parent / "elsewhere"
    other.mkdir()
    if kind == "symlink":
        link = other / "link.nianbao"
        link.symlink_to(draft_path)
    else:
        link = other / "another-name.nianbao"
        os.link(draft_path, link)
    return link


@posix_only
@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
@pytest.mark.parametrize("holder_uses_link", [False, True])
def test_a_second_writer_through_another_name_is_refused(
    draft_path: Path, kind: str, holder_uses_link: bool
) -> None:
    link = _names(draft_path, kind)
    first, second = (link, draft_path) if holder_uses_link else (draft_path, link)
    with held(first, "7"):
        refused = govreport_set(second, "received=9")
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "正被打开" in refused.stderr and "正在编辑" in refused.stderr, refused.stderr
        assert "甲" in refused.stderr  # who holds it, read from the holder's lock
        assert "U 盘" not in refused.stderr and "内部错误" not in refused.stderr
    # Nothing lost, nothing misrecorded: the holder's 7 stands, and the next edit's history
    # starts from it.
    done = govreport_set(second, "received=9")
    assert done.returncode == 0, done.stderr
    with Draft.open(draft_path, "查看", readonly=True) as draft:
        assert draft.values["received"] == 9
        rows = [(h.old, h.new) for h in draft.history("received")]
    assert rows[-2:] == [("3", "7"), ("7", "9")]


@posix_only
@pytest.mark.parametrize("kind", ["symlink", "hardlink"])
def test_in_one_process_the_second_name_opens_read_only(draft_path: Path, kind: str) -> None:
    link = _names(draft_path, kind)
    with Draft.open(draft_path, "甲") as first:
        assert not first.readonly
        with Draft.open(link, "乙") as second:
            assert second.readonly
            assert second.lock_holder is not None and second.lock_holder.user == "甲"
    # Released: the link opens for editing now, and a symlink is followed to the real file.
    with Draft.open(link, "乙") as again:
        assert not again.readonly
        if kind == "symlink":
            assert again.path == draft_path
    leftovers = sorted(p.name for p in draft_path.parent.iterdir())
    assert leftovers == ["d.nianbao"]
