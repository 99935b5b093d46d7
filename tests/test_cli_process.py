"""``govreport`` as a process of its own (``cli/process.py``, issue 14): a read-only command and
``export`` end at once, after the exit handlers but without Python tearing its modules down, and
still deliver all they printed and wrote; every other command exits the usual way, with whatever
Python does on exit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from govreport_gui.core.store.draft import Draft

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

# The console script's lines, with an exit handler that says it ran, and an object that says
# when Python's teardown frees it (a global of the script's module).
SCRIPT = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('EXIT-HANDLERS-RAN\\n'))\n"
    "class TeardownProbe:\n"
    "    def __del__(self):\n"
    "        sys.stderr.write('TEARDOWN-RAN\\n')\n"
    "probe = TeardownProbe()\n"
    "from govreport_gui.cli.process import run\n"
    "sys.exit(run())\n"
)


def govreport(
    tmp_path: Path, *argv: str | Path, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GOVREPORT_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *(str(a) for a in argv)],
        env=env,
        cwd=tmp_path,
        timeout=300,
        **kwargs,  # type: ignore[call-overload]
    )


def new_draft(tmp_path: Path, draft: Path) -> None:
    """A new 2014 draft made by the program (as any command, through the console script)."""
    made = govreport(
        tmp_path, "new", "--form", "gov-disclosure-2014", "--user", "张三", draft,
        capture_output=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr.decode()


def test_a_check_written_to_a_file_arrives_whole(tmp_path: Path) -> None:
    """Output to a file is buffered by blocks: what the buffer still holds at the end is written
    before the process ends (60 files' JSON lines, far more than one buffer)."""
    folder = tmp_path / "各部门"
    folder.mkdir()
    for i in range(60):
        shutil.copyfile(EXAMPLE, folder / f"部门{i:02d}.json")
    out = tmp_path / "结果.jsonl"
    with out.open("wb") as handle:
        done = govreport(tmp_path, "check", folder, "--json", stdout=handle, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr.decode()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 61 and out.stat().st_size > 16 * 1024
    assert sorted(Path(line["file"]).name for line in lines[:-1]) == [
        f"部门{i:02d}.json" for i in range(60)
    ]
    assert lines[-1]["summary"]["files"] == 60 and lines[-1]["summary"]["passed"] == 60
    # ended at once: the exit handlers ran, Python's teardown did not
    assert b"EXIT-HANDLERS-RAN" in done.stderr and b"TEARDOWN-RAN" not in done.stderr


def test_a_check_with_errors_keeps_its_exit_code(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["values"]["received"] = int(data["values"].get("received", 0)) + 1000
    bad = tmp_path / "错.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = govreport(tmp_path, "check", bad, capture_output=True)
    assert done.returncode == 1
    assert "共 1 个错误" in done.stdout.decode("utf-8")


def test_a_command_that_writes_exits_the_usual_way(tmp_path: Path) -> None:
    draft = tmp_path / "新.nianbao"
    done = govreport(
        tmp_path,
        "new",
        "--form",
        "gov-disclosure-2014",
        "--user",
        "张三",
        draft,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"EXIT-HANDLERS-RAN" in done.stderr and b"TEARDOWN-RAN" in done.stderr
    with Draft.open(draft, "张三", readonly=True) as opened:
        assert opened.form.id == "gov-disclosure-2014"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["新.nianbao"]


def test_an_export_ends_at_once_with_both_files_whole(tmp_path: Path) -> None:
    """Excel and PDF together (the PDF drawn by a forked child on Linux): both files are complete
    and nothing else is left in the folder when the process has ended at once."""
    draft = tmp_path / "部门.nianbao"
    new_draft(tmp_path, draft)
    filled = govreport(tmp_path, "fill", draft, "--values", EXAMPLE, capture_output=True)
    assert filled.returncode == 0, filled.stderr.decode()
    xlsx, pdf = tmp_path / "年报.xlsx", tmp_path / "年报.pdf"
    done = govreport(
        tmp_path, "export", draft, "--draft", "--xlsx", xlsx, "--pdf", pdf, capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()
    said = done.stdout.decode("utf-8")
    assert said.splitlines() == [f"已导出 Excel（草稿）：{xlsx}", f"已导出 PDF（草稿）：{pdf}"]
    assert b"EXIT-HANDLERS-RAN" in done.stderr and b"TEARDOWN-RAN" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == sorted(
        [draft.name, xlsx.name, pdf.name]
    )
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    # The workbook reads back with the example's figures: the same check as the draft's.
    from_draft = govreport(tmp_path, "check", draft, "--json", capture_output=True)
    from_xlsx = govreport(tmp_path, "check", xlsx, "--json", capture_output=True)
    assert from_xlsx.returncode == 0, from_xlsx.stderr.decode()
    draft_result, xlsx_result = json.loads(from_draft.stdout), json.loads(from_xlsx.stdout)
    assert xlsx_result["errors"] == draft_result["errors"] == 0
    assert xlsx_result["blank"] == draft_result["blank"]


def test_a_refused_export_ends_at_once_and_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """A draft not signed off, without --draft: refused after the PDF's child was started (it is
    started before the draft is read); the child is stopped, nothing is written."""
    draft = tmp_path / "未签发.nianbao"
    new_draft(tmp_path, draft)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = govreport(
        tmp_path, "export", draft, "--xlsx", tmp_path / "年报.xlsx", "--pdf", tmp_path / "年报.pdf",
        capture_output=True,
    )  # fmt: skip
    assert done.returncode == 1
    assert "--draft" in done.stderr.decode("utf-8")
    assert b"EXIT-HANDLERS-RAN" in done.stderr and b"TEARDOWN-RAN" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
