"""Output nobody reads (issue 13 follow-up): a closed output or a reader that went away.

`govreport verify x.xlsx >&-` ended in 内部错误（AttributeError） (sys.stdout is None), and
`govreport check bad.json | head -1` exited 0 — success — whenever the pipe closed before the
command had printed, or 120 with "Exception ignored … BrokenPipeError" when Python's last flush
failed. The command must run silently to its end and exit with its own result, as `set -o
pipefail` in a script would see it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="closing descriptors as a shell does"
)


def values_with_an_error(folder: Path, name: str = "err.json") -> Path:
    """The example with 收到申请数 no longer the sum of its parts: `check` finds 1 error, exit 1."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["values"]["received"] = int(data["values"].get("received", 0)) + 1000
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "GOVREPORT_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}


def command(*argv: str | Path) -> list[str]:
    return [sys.executable, "-m", "govreport_gui", *(str(a) for a in argv)]


def assert_quiet(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "内部错误" not in text and "Traceback" not in text, text
    assert "Exception ignored" not in text and "BrokenPipe" not in text, text


def _close(*fds: int) -> object:
    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


@posix_only
@pytest.mark.parametrize("closed", [(1,), (1, 2)], ids=["stdout", "stdout-and-stderr"])
def test_a_closed_output_keeps_the_commands_exit_code(
    tmp_path: Path, closed: tuple[int, ...]
) -> None:
    bad = values_with_an_error(tmp_path)
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_text("x", encoding="utf-8")
    for argv, expected in [
        (["check", EXAMPLE], 0),
        (["check", bad], 1),
        (["verify", not_a_workbook], 2),
    ]:
        done = subprocess.run(
            command(*argv),
            env=env(tmp_path),
            stdout=None if 1 in closed else subprocess.PIPE,
            stderr=subprocess.PIPE if 2 not in closed else None,
            preexec_fn=_close(*closed),
            timeout=120,
        )
        assert done.returncode == expected, (argv, done.stderr)
        assert_quiet(done.stderr or b"")
    # Nothing written where the output was: no stray file beside the inputs.
    assert {p.name for p in tmp_path.iterdir()} - {"home"} == {"err.json", "x.xlsx"}


@posix_only
def test_a_reader_gone_before_anything_is_printed_does_not_turn_errors_into_success(
    tmp_path: Path,
) -> None:
    bad = values_with_an_error(tmp_path)
    for argv, expected in [(["check", bad], 1), (["check", EXAMPLE], 0)]:
        child = subprocess.Popen(
            command(*argv), env=env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader is gone before the command prints
        stderr = child.stderr.read()
        assert child.wait(timeout=120) == expected, stderr
        assert_quiet(stderr)


def lines(folder: Path, tmp_path: Path) -> list[bytes]:
    done = subprocess.run(
        command("check", folder), env=env(tmp_path), capture_output=True, timeout=300
    )
    return done.stdout.splitlines()


@posix_only
def test_head_minus_one_sees_the_commands_own_result(tmp_path: Path) -> None:
    """`check FOLDER | head -1`: more lines than a pipe holds, the reader takes one and leaves."""
    folder = tmp_path / "many"
    folder.mkdir()
    long_name = "某某省某某市某某区人民政府办公室" * 3
    for n in range(400):
        values_with_an_error(folder, f"{long_name}-{n:04d}.json")
    child = subprocess.Popen(
        command("check", folder), env=env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    stderr = child.stderr.read()
    assert child.wait(timeout=300) == 1, stderr
    assert first.strip()
    assert (
        sum(len(line) for line in lines(folder, tmp_path)) > 80_000
    )  # more than a pipe holds (64 KiB on Linux)
    assert_quiet(stderr)
