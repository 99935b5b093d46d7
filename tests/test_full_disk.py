"""A full disk (issue 13 follow-up): the Chinese message alone, and the right one.

`export D --xlsx o.xlsx --pdf o.pdf` with 4 KB free printed the right Chinese message and then
“Exception ignored in: <function ZipFile.__del__> … OSError: [Errno 28] No space left on device”:
openpyxl left its zip archive open and its ``__del__`` failed again. Such reports now go to the
error log; and the archive is closed on the failure path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_export import signed_example

REPO = Path(__file__).resolve().parent.parent

# A child process whose zip archives fail like a full disk once about 4 KB are written (every
# later write fails too, as it would), then the command line.
_FULL_ZIP = """
import errno, sys, zipfile
_init = zipfile.ZipFile.__init__
class Full:
    def __init__(self, fp):
        self._fp, self._room = fp, 4096
    def write(self, data):
        if len(data) > self._room:
            self._room = -1
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._fp.write(data)
    def __getattr__(self, name):
        return getattr(self._fp, name)
def init(self, file, *a, **k):
    _init(self, file, *a, **k)
    self.fp = Full(self.fp)
zipfile.ZipFile.__init__ = init
from govreport_gui.cli.main import main
sys.exit(main())
"""

# A child whose command leaves behind an object that fails when it is collected (a cycle, so the
# collector, not the command, finds it): Python's "Exception ignored" report.
_FAILING_DEL = """
import errno, gc, sys
from govreport_gui.cli import main as cli
class Leftover:
    def __del__(self):
        raise OSError(errno.ENOSPC, "No space left on device")
run = cli._run
def leaving_one_behind(argv):
    item = Leftover()
    item.cycle = item
    del item
    return run(argv)
cli._run = leaving_one_behind
code = cli.main()
gc.collect()
sys.exit(code)
"""


def child(tmp_path: Path, script: str, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOVREPORT_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", script, *(str(a) for a in argv)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def assert_no_english_report(stderr: str) -> None:
    assert "Exception ignored" not in stderr and "Traceback" not in stderr, stderr
    assert "No space left" not in stderr and "Errno" not in stderr, stderr


def test_export_on_a_full_disk_says_so_in_chinese_only(tmp_path: Path) -> None:
    draft = signed_example(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    done = child(
        tmp_path, _FULL_ZIP, "export", draft, "--xlsx", out / "o.xlsx", "--pdf", out / "o.pdf"
    )
    assert done.returncode == 1, done.stderr
    assert "磁盘空间不足" in done.stderr
    assert_no_english_report(done.stderr)
    assert list(out.iterdir()) == []  # all or nothing: neither file, no temporary file


def test_exception_ignored_reports_go_to_the_error_log(tmp_path: Path) -> None:
    done = child(tmp_path, _FAILING_DEL, "forms")
    assert done.returncode == 0, done.stderr
    assert_no_english_report(done.stderr)
    logs = list((tmp_path / "home").rglob("*.log"))
    assert logs, "no error log written"
    text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "No space left on device" in text and "Leftover" in text
