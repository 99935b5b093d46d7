"""Saving: a full disk loses nothing saved before; save-as makes a complete copy; the history.

A full disk is simulated with ``PRAGMA max_page_count`` on the draft's own connection: SQLite then
answers "database or disk is full" exactly as it would for a full USB stick.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store import settings
from govreport_gui.core.store.draft import Draft, DraftWriteError

FORM = get_form("gov-disclosure-2014")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "草稿"
    folder.mkdir()
    p = folder / "报表.nianbao"
    Draft.create(p, FORM, "填报人", fields={"unit": "某局", "year": "2018"}).close()
    return p


def random_values(rng: random.Random) -> dict[str, Value | None]:
    values: dict[str, Value | None] = {}
    for cell in FORM.cells:
        if cell.kind is Kind.MONEY:
            values[cell.id] = Decimal(rng.randint(0, 10**9)).scaleb(-6).normalize()
        else:
            values[cell.id] = rng.randint(0, 10**12)
    return values


def snapshot(draft: Draft) -> tuple[dict[str, Value], dict[str, str], int]:
    return dict(draft.values), dict(draft.fields), len(draft.history())


# -- a full disk --------------------------------------------------------------------------------------


def test_full_disk_keeps_what_was_saved(path: Path) -> None:
    rng = random.Random(3)
    draft = Draft.open(path, "填报人")
    page_count = draft.con.execute("PRAGMA page_count").fetchone()[0]
    draft.con.execute(f"PRAGMA max_page_count = {page_count + 3}")
    saved = snapshot(draft)
    acknowledged = 0
    error: DraftWriteError | None = None
    for i in range(200):
        values = random_values(rng)
        fields = {"head": f"{i}" + "很长的负责人姓名" * 24, "phone": f"0951-{i:07d}"}
        try:
            draft.apply(values, fields)
        except DraftWriteError as exc:
            error = exc
            break
        acknowledged += 1
        saved = snapshot(draft)
    assert error is not None, "the simulated disk never filled up"
    assert acknowledged >= 1
    assert "磁盘" in error.message and "没有保存" in error.message
    # Memory is as it was after the last saved edit.
    assert snapshot(draft) == saved
    # A later, smaller change still fails cleanly while the disk is full ...
    with pytest.raises(DraftWriteError, match="磁盘"):
        draft.apply(random_values(rng))
    assert snapshot(draft) == saved
    draft.close()
    # ... and the file holds exactly what was acknowledged.
    with Draft.open(path, "填报人") as again:
        assert snapshot(again) == saved
        assert max(h.batch for h in again.history()) == 1 + acknowledged
        # With space again, saving goes on.
        again.apply({"received": 1})
        assert again.values["received"] == 1


def test_a_transaction_left_by_an_error_is_rolled_back_and_the_error_goes_on(path: Path) -> None:
    """What a transaction wrote before an error in its body is undone, the error is the one
    raised (not a write error), and the next transaction commits as usual."""
    draft = Draft.open(path, "填报人")
    draft.apply({"received": 1})
    saved = snapshot(draft)
    last_saved = draft.last_saved
    with pytest.raises(ZeroDivisionError), draft.transaction() as (con, batch, at):
        draft.set_meta(con, "status", "submitted")
        draft.log(con, batch, at, "status", "draft", "filling", "submitted")
        1 / 0  # noqa: B018
    assert not draft.con.in_transaction and draft.last_saved == last_saved
    draft.close()
    with Draft.open(path, "填报人") as again:
        assert snapshot(again) == saved and again.status == "filling"
        again.apply({"received": 2})  # the next transaction commits
        assert again.values["received"] == 2 and len(again.history()) == saved[2] + 1


def test_full_disk_through_the_document_keeps_undo_and_checks(path: Path) -> None:
    draft = Draft.open(path, "填报人")
    doc = ReportDocument(draft)
    doc.edit({"proactive_info": 10})
    page_count = draft.con.execute("PRAGMA page_count").fetchone()[0]
    draft.con.execute(f"PRAGMA max_page_count = {page_count + 2}")
    counts = [c.id for c in FORM.cells if c.kind is Kind.COUNT]
    done = ""
    before: dict[str, Value | None] = {}
    with pytest.raises(DraftWriteError, match="磁盘"):
        for i in range(100):  # the history grows until the last page is used
            done = doc.undo_stack.undo_text()
            before = {c: doc.checker.value(c) for c in counts}
            doc.edit(
                dict.fromkeys(counts, i + 100),
                fields={"head": "长" * 200 + str(i)},
                description=f"第 {i} 次",
            )
    assert done.startswith("第")
    # The failed edit is not on the undo stack, and neither the draft nor the checks saw it.
    assert doc.undo_stack.undo_text() == done
    assert {c: doc.checker.value(c) for c in counts} == before
    assert {c: doc.draft.values.get(c) for c in counts} == before
    doc.close()


# -- save as ------------------------------------------------------------------------------------------


def test_save_as_makes_a_complete_copy(path: Path, tmp_path: Path) -> None:
    draft = Draft.open(path, "填报人")
    draft.apply({"received": 3, "fees": Decimal("1.234567")}, {"head": "负责人"})
    draft.apply({"received": 4, "budget": Decimal("10")})
    elsewhere = tmp_path / "U盘"
    elsewhere.mkdir()
    dest = draft.save_as(elsewhere / "副本.nianbao")
    assert dest == elsewhere / "副本.nianbao"
    assert [p.name for p in elsewhere.iterdir()] == ["副本.nianbao"]
    assert dest.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one self-contained file

    with Draft.open(dest, "审核人") as copy:
        assert not copy.readonly
        assert copy.values == draft.values
        assert copy.fields == draft.fields
        assert copy.meta == draft.meta
        assert copy.history() == draft.history()

    # The source goes on being the draft being edited; the copy does not follow.
    draft.apply({"received": 5})
    with Draft.open(dest, "审核人") as copy:
        assert copy.values["received"] == 4

    # An existing file is not overwritten unless asked.
    before = dest.read_bytes()
    with pytest.raises(DraftWriteError, match="已存在"):
        draft.save_as(dest)
    assert dest.read_bytes() == before
    draft.save_as(dest, overwrite=True)
    with Draft.open(dest, "审核人") as copy:
        assert copy.values["received"] == 5
    with pytest.raises(DraftWriteError):
        draft.save_as(path)
    assert [p.name for p in elsewhere.iterdir()] == ["副本.nianbao"]

    draft.close()
    # Closed: exactly one file each, no journal, no lock.
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert [p.name for p in elsewhere.iterdir()] == ["副本.nianbao"]


# -- history ------------------------------------------------------------------------------------------


def test_history_records_who_when_old_new_and_batches(path: Path) -> None:
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with Draft.open(path, "张三") as draft:
        draft.apply({"received": 3})
        draft.apply({"received": 4, "website": 10, "fees": Decimal("0.5")}, {"phone": "12345"})
        draft.apply({"received": None})
        entries = draft.history()
    assert entries[0].kind == "create" and entries[0].who == "填报人"
    later = entries[-6:]
    single, *batch, cleared = later
    assert (single.who, single.kind, single.target, single.old, single.new) == (
        "张三",
        "cell",
        "received",
        "",
        "3",
    )
    assert {(e.target, e.old, e.new) for e in batch} == {
        ("received", "3", "4"),
        ("website", "", "10"),
        ("fees", "", "0.5"),
        ("phone", "", "12345"),
    }
    assert len({e.batch for e in batch}) == 1
    assert single.batch < batch[0].batch < cleared.batch
    assert (cleared.old, cleared.new) == ("4", "")
    assert all(e.who == "张三" for e in later)
    for e in later:
        at = dt.datetime.fromisoformat(e.at)
        assert start <= at <= dt.datetime.now(dt.UTC)
    assert next(e for e in batch if e.target == "phone").kind == "field"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    "environment",
    [
        {"LOGNAME": "login_li", "USER": "user_li"},
        {"USER": "user_li", "USERNAME": "win_li"},
        {"LNAME": "lname_li"},
        {"USERNAME": "win_li"},
        {"LOGNAME": "", "USER": "user_li"},  # an empty variable is passed over, as getpass does
        {},  # none set: the password database's name of this user
    ],
)
def test_login_name_is_the_name_getpass_would_give(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``settings.login_name`` finds the name without importing getpass (issue 14): the same."""
    import getpass

    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    try:
        expected = getpass.getuser()
    except (ImportError, KeyError, OSError):  # a uid with no name (some containers): ours says so
        expected = "未署名"
    assert settings.login_name() == expected


def test_history_user_from_settings_then_login_name(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LOGNAME", "login_zhang")
    assert run(capsys, "set", path, "received=1")[0] == 0
    settings.save_settings(settings.Settings(user_name="王五", user_name_confirmed=True))
    assert run(capsys, "set", path, "received=2", "website=3")[0] == 0
    assert run(capsys, "set", path, "received=4", "--user", "赵六")[0] == 0

    code, out, _ = run(capsys, "history", path, "--cell", "received", "--json")
    assert code == 0
    entries = json.loads(out)
    assert [(e["who"], e["old"], e["new"]) for e in entries] == [
        ("login_zhang", "", "1"),
        ("王五", "1", "2"),
        ("赵六", "2", "4"),
    ]
    assert {e["target"] for e in entries} == {"received"}
    code, out, _ = run(capsys, "history", path, "--json")
    everything = json.loads(out)
    assert {e["target"] for e in everything} >= {"received", "website", FORM.id}
    website = next(e for e in everything if e["target"] == "website")
    assert website["batch"] == entries[1]["batch"]

    code, out, _ = run(capsys, "history", path, "--cell", "received")
    assert code == 0 and "王五" in out and "1 → 2" in out and "website" not in out
