"""Instructions a whole process executes, counted by Valgrind's callgrind (issue 14).

A wall-clock ratio on a shared machine moves by ±10 % from one run to the next; the count of
instructions a process executes does not move with the machine (with Python's hash seed fixed, it
is the same from run to run). ``startup.py --instructions`` and
``cli_speed.py --instructions`` print it instead of the times, for a change of a few percent that
the clock cannot tell apart. It is not time: memory-bound work (the garbage
collector walking the heap, a page fault) weighs more in time than in instructions.

Needs ``valgrind`` on PATH (Debian: ``apt-get install valgrind``); a process runs ≈ 50× slower
under it, so each command is counted once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

_COLLECTED = re.compile(r"^==\d+== Collected : (\d+)$", re.MULTILINE)


def available() -> bool:
    return shutil.which("valgrind") is not None


def count(command: list[str], env: dict[str, str], cwd: Path | str) -> int:
    """The instructions ``command`` executes from its start to its exit (children not counted).
    Python's string hashes are seeded alike in every run (``PYTHONHASHSEED=0``): with a random
    seed, the same process differs by ≈ 0.1 % from run to run."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env={**env, "PYTHONHASHSEED": "0"},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    found = _COLLECTED.search(result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(
            f"counting instructions failed (exit {result.returncode}): {command[:3]}\n"
            f"{result.stderr[-2000:]}"
        )
    return int(found.group(1))


def millions(instructions: int) -> str:
    return f"{instructions / 1e6:,.1f}M"
