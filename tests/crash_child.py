"""Crash safety: a child that saves edits in a loop, and the harness that SIGKILLs it and checks.

Child (``python tests/crash_child.py PATH SEED``): opens the draft, prints ``ready``, then forever
picks an edit (one cell, a batch of cells, or fields with or without cells), prints it as
``intent {json}``, calls ``Draft.apply`` and, after it returns, prints ``ack {json}``. Every line is
flushed at once, so a line the parent read was really printed. Every edit changes each target it
names, so an edit that reached the file can always be told from one that did not.

Harness (:func:`run_kills`, used by tests/test_draft_crash.py and benchmarks/crash_safety.py):
kills the child at a random moment, reopens the draft — read-only first (as ``govreport show``
would), then for writing, which a stale lock must not prevent — and compares the file with what
was acknowledged: every acknowledged edit must be there; the one edit in flight may be there,
all of it or none of it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from govreport_gui.core.forms.registry import get_form  # noqa: E402
from govreport_gui.core.forms.values import Kind, Value, parse_value, to_text  # noqa: E402
from govreport_gui.core.store import draft_lock  # noqa: E402
from govreport_gui.core.store.draft import Draft, DraftError  # noqa: E402

FORM_ID = "gov-disclosure-2014"
CHILD_USER = "崩溃测试"
CHECK_USER = "检查人"
TEXT_FIELDS = ("unit", "head", "reviewer", "preparer", "phone")
HANZI = "政府信息公开年度报告统计表主动依申请办理复议诉讼机关事务管理局单位负责人审核填报"

State = dict[str, str]  # cell id or "field:KEY" -> canonical text ("" for blank)


# -- the child ----------------------------------------------------------------------------------


def _random_value(rng: random.Random, kind: Kind) -> Value | None:
    if rng.random() < 0.1:
        return None
    if kind is Kind.MONEY:
        places = rng.randint(0, 6)
        return parse_value(kind, Decimal(rng.randint(0, 10**9)).scaleb(-places))
    return rng.choice([rng.randint(0, 20), rng.randint(0, 10**6), rng.randint(0, 10**12)])


def _random_field(rng: random.Random, key: str) -> str:
    if rng.random() < 0.1:
        return ""
    if key == "year":
        return str(rng.randint(2014, 2018))
    if key == "date":
        return f"{rng.randint(2015, 2019)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    return "".join(rng.choice(HANZI) for _ in range(rng.randint(1, 40)))


def child(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    draft = Draft.open(path, CHILD_USER)
    if draft.readonly:
        print(f"readonly {draft.readonly_reason}", flush=True)
        sys.exit(3)
    cells = list(draft.form.cells)
    field_keys = [f.key for f in draft.form.fields]
    print("ready", flush=True)
    while True:
        roll = rng.random()
        values: dict[str, Value | None] = {}
        fields: dict[str, str] = {}
        if roll < 0.85:
            count = 1 if roll < 0.55 else rng.randint(2, 25)
            for cell in rng.sample(cells, count):
                value = _random_value(rng, cell.kind)
                while to_text(value) == to_text(draft.values.get(cell.id)):
                    value = _random_value(rng, cell.kind)
                values[cell.id] = value
        if roll >= 0.75:
            for key in rng.sample(field_keys, rng.randint(1, 3)):
                text = _random_field(rng, key)
                while text == draft.fields.get(key, ""):
                    text = _random_field(rng, key)
                fields[key] = text
        edit = {
            "values": {c: to_text(v) for c, v in values.items()},
            "fields": fields,
        }
        line = json.dumps(edit, ensure_ascii=False)
        print(f"intent {line}", flush=True)
        changes = draft.apply(values, fields)
        assert len(changes) == len(values) + len(fields), changes
        print(f"ack {line}", flush=True)


# -- the harness ----------------------------------------------------------------------------------


@dataclass
class CrashStats:
    kills: int = 0
    drafts_opened: int = 0
    edits_acknowledged: int = 0
    edits_lost: int = 0
    in_flight_saved: int = 0  # the edit being saved at the kill turned out complete in the file
    in_flight_dropped: int = 0
    stale_locks: int = 0  # a lock file of the killed child was still there
    hot_journals: int = 0  # a -journal of an interrupted save was still there
    # The read-only open refused (the save interrupted, its journal hot), leaving the files as
    # they were; the open for writing then recovered the draft.
    refused_hot: int = 0
    killed_before_ready: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _files(path: Path) -> dict[str, bytes]:
    """The draft and what lies beside it (its journal), byte for byte; the lock file aside."""
    lock = draft_lock.lock_path(path).name
    return {
        p.name: p.read_bytes()
        for p in sorted(path.parent.iterdir())
        if p.name.startswith(path.name) and p.name != lock
    }


def state_of(draft: Draft) -> State:
    result = {c.id: to_text(draft.values.get(c.id)) for c in draft.form.cells}
    result.update({f"field:{f.key}": draft.fields.get(f.key, "") for f in draft.form.fields})
    return result


def _applied(state: State, edit: dict[str, dict[str, str]]) -> State:
    new = dict(state)
    new.update(edit["values"])
    new.update({f"field:{k}": v for k, v in edit["fields"].items()})
    return new


def _differences(a: State, b: State) -> list[str]:
    return [k for k in a if a[k] != b.get(k)]


def verdict(
    expected: State, in_flight: dict[str, dict[str, str]] | None, actual: State
) -> tuple[bool, list[str]]:
    """(whether the edit in flight is in the file, the targets whose acknowledged value is not).

    The edit in flight counts only whole: half of it in the file is as wrong as a lost edit.
    """
    if actual == expected:
        return False, []
    if in_flight is not None and actual == _applied(expected, in_flight):
        return True, []
    return False, _differences(expected, actual)


def _max_batch(draft: Draft) -> int:
    row = draft.con.execute("SELECT coalesce(max(batch), 0) FROM history").fetchone()
    return int(row[0])


def _reader(stream: object, lines: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.append(line)


def new_draft(path: Path) -> None:
    Draft.create(path, get_form(FORM_ID), CHECK_USER, fields={"unit": "测试单位"}).close()


def run_kills(
    path: Path,
    kills: int,
    seed: int,
    home: Path,
    max_delay: float = 0.2,
    log: bool = False,
) -> CrashStats:
    """Kill a child saving edits ``kills`` times; reuse one draft (created if missing)."""
    rng = random.Random(seed)
    stats = CrashStats()
    started = time.perf_counter()
    if not path.exists():
        new_draft(path)
    with Draft.open(path, CHECK_USER) as draft:
        baseline = state_of(draft)
        batches = _max_batch(draft)
    env = dict(os.environ, GOVREPORT_HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    for round_no in range(kills):
        lines: list[str] = []
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(path), str(rng.getrandbits(32))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
        reader.start()
        delay = rng.uniform(0.005, max_delay)
        if rng.random() < 0.9:  # mostly while saving; sometimes while starting or opening
            deadline = time.monotonic() + 30
            while not lines and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join()
        err = proc.stderr.read() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        stats.kills += 1
        if proc.returncode != -signal.SIGKILL:
            stats.problems.append(
                f"round {round_no}: child ended by itself ({proc.returncode}): {err}"
            )
        complete = [line for line in lines if line.endswith("\n")]
        if not complete or complete[0] != "ready\n":
            stats.killed_before_ready += 1
        expected = baseline
        in_flight: dict[str, dict[str, str]] | None = None
        acked = 0
        for line in complete:
            tag, _, payload = line.rstrip("\n").partition(" ")
            if tag == "intent":
                in_flight = json.loads(payload)
            elif tag == "ack":
                edit = json.loads(payload)
                if edit != in_flight:
                    stats.problems.append(f"round {round_no}: ack without its intent")
                expected = _applied(expected, edit)
                in_flight = None
                acked += 1
        stats.edits_acknowledged += acked

        if draft_lock.lock_path(path).exists():
            stats.stale_locks += 1
        if path.with_name(path.name + "-journal").exists():
            stats.hot_journals += 1
        # As `govreport show` would, before anyone opened it for writing: it reads the draft, or
        # (the save interrupted) refuses and changes nothing; the open for writing recovers it.
        seen: State | None = None
        refused = False
        before = _files(path)
        try:
            with Draft.open(path, CHECK_USER, readonly=True) as viewer:
                seen = state_of(viewer)
        except DraftError as exc:
            refused = "草稿上次保存时被中断" in exc.message
            if not refused:
                stats.problems.append(f"round {round_no}: read-only open failed: {exc.message}")
        if _files(path) != before:
            stats.problems.append(f"round {round_no}: the read-only open changed the files")
        stats.refused_hot += refused
        with Draft.open(path, CHECK_USER) as draft:
            stats.drafts_opened += 1
            if draft.readonly:
                stats.problems.append(
                    f"round {round_no}: reopened read-only: {draft.readonly_reason}"
                )
            if refused and not draft.recovered:
                stats.problems.append(f"round {round_no}: recovered without saying so")
            actual = state_of(draft)
            now_batches = _max_batch(draft)
        if seen is not None and seen != actual:
            stats.problems.append(f"round {round_no}: read-only view differs from the file")
        landed, missing = verdict(expected, in_flight, actual)
        if missing:
            stats.edits_lost += len(missing)
            stats.problems.append(
                f"round {round_no}: {len(missing)} acknowledged values missing: {missing[:5]}"
            )
        if in_flight is not None:
            if landed:
                stats.in_flight_saved += 1
            else:
                stats.in_flight_dropped += 1
        if now_batches != batches + acked + landed:
            stats.problems.append(
                f"round {round_no}: history has {now_batches - batches} new batches, "
                f"expected {acked + landed}"
            )
        baseline, batches = actual, now_batches
        if log:
            print(
                f"kill {round_no + 1}/{kills}: {acked} acknowledged, in flight "
                f"{'saved' if landed else 'none' if in_flight is None else 'dropped'}",
                flush=True,
            )
    stats.seconds = time.perf_counter() - started
    return stats


if __name__ == "__main__":
    child(Path(sys.argv[1]), int(sys.argv[2]))
