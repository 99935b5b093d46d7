"""Crash safety: a process saving edits is SIGKILLed at random moments, again and again.

After every kill the draft opens (read-only as ``govreport show`` would, and for writing — the
lock file the dead process left must not block), every edit acknowledged before the kill is in
it, and the edit that was being saved is there completely or not at all. The child and the
harness are in tests/crash_child.py; benchmarks/crash_safety.py runs the same for 500 kills.
"""

from __future__ import annotations

import sys
from pathlib import Path

import crash_child
import pytest

from govreport_gui.core.store.draft import Draft

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 55


def test_every_acknowledged_edit_survives_sigkill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("GOVREPORT_HOME", str(home))
    folder = tmp_path / "drafts"
    folder.mkdir()
    path = folder / "崩溃测试.nianbao"

    stats = crash_child.run_kills(path, KILLS, seed=20240611, home=home)

    assert stats.problems == []
    assert stats.kills == KILLS
    assert stats.drafts_opened == KILLS
    assert stats.edits_lost == 0
    # The kills really landed while saving: edits were acknowledged, locks were left behind.
    assert stats.edits_acknowledged > KILLS
    assert stats.stale_locks > KILLS // 2
    # Closed after the last check: the draft is one file again, no journal and no lock.
    assert [p.name for p in folder.iterdir()] == [path.name]
    with Draft.open(path, "最后检查") as draft:
        assert not draft.readonly
        assert draft.history()[-1].who == crash_child.CHILD_USER


def test_the_check_notices_a_lost_or_half_saved_edit() -> None:
    """The harness's verdict itself: exact state passes, anything else is reported."""
    expected = {"a": "1", "b": "2", "field:unit": "甲"}
    in_flight = {"values": {"a": "5", "b": "6"}, "fields": {"unit": "乙"}}
    assert crash_child.verdict(expected, in_flight, dict(expected)) == (False, [])
    landed = {"a": "5", "b": "6", "field:unit": "乙"}
    assert crash_child.verdict(expected, in_flight, landed) == (True, [])
    half = {"a": "5", "b": "2", "field:unit": "甲"}
    assert crash_child.verdict(expected, in_flight, half) == (False, ["a"])
    lost = {"a": "1", "b": "", "field:unit": "甲"}
    assert crash_child.verdict(expected, None, lost) == (False, ["b"])
