"""``govreport export --xlsx --pdf`` draws the PDF in a forked child while it writes the workbook
(issue 14): the files are the same as drawn in one process, a refusal found by the child is the
same refusal (nothing written), and a child that dies is replaced by drawing the PDF here.

The command runs in a new process each time (``python -c``): the child is only used in a process
with one thread, and pytest's own process has more."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from signing import sign_off_as

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.ops.export import export_report
from govreport_gui.core.ops.pdf_beside import PdfBeside, can_fork
from govreport_gui.core.store.draft import Draft

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

needs_fork = pytest.mark.skipif(sys.platform != "linux", reason="the child is used on Linux only")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

# Runs ``govreport ARGS`` as the console script does, reporting whether the child's PDF was used.
SCRIPT = """
import os, sys
from govreport_gui.core.ops import pdf_beside
from govreport_gui.core.layout import export_pdf
used = []
real = pdf_beside.PdfBeside.result
def result(self):
    answer = None
    try:
        answer = real(self)
        return answer
    finally:
        used.append(answer is not None)
pdf_beside.PdfBeside.result = result
if os.environ.get("KILL_CHILD"):
    export_pdf.render_pdf = lambda *args, **kwargs: os._exit(3)  # the child dies
from govreport_gui.cli.main import main
code = main(sys.argv[1:])
print("CHILD-USED", used)
sys.exit(code)
"""


def govreport(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", **env)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def draft(tmp_path: Path, unit: str | None = None, sign: bool = True) -> Path:
    doc = load_values_document(EXAMPLE)
    fields = dict(doc.fields, **({"unit": unit} if unit else {}))
    d = Draft.create(tmp_path / "r.nianbao", doc.form, "填报人", fields, doc.values)
    if sign:
        review.submit(d)
        sign_off_as(d, "沈涛")
    d.close()
    return tmp_path / "r.nianbao"


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


@needs_fork
@needs_poppler
def test_the_childs_pdf_is_the_pdf_drawn_here(tmp_path: Path) -> None:
    path = draft(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = govreport(
        tmp_path, "export", str(path), "--xlsx", str(out / "a.xlsx"), "--pdf", str(out / "a.pdf")
    )
    assert result.returncode == 0, result.stderr
    assert "CHILD-USED [True]" in result.stdout
    assert "已导出 Excel" in result.stdout and "已导出 PDF" in result.stdout
    here = tmp_path / "here"
    here.mkdir()
    with Draft.open(path, "查看者", readonly=True) as d:  # this process: no child (threads)
        export_report(d, [("xlsx", here / "a.xlsx"), ("pdf", here / "a.pdf")], pdf_beside=True)
    assert pdftotext(out / "a.pdf") == pdftotext(here / "a.pdf")
    assert "自治区机关事务管理局" in pdftotext(out / "a.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "a.xlsx"]  # no temporary file left


@needs_fork
def test_a_refusal_in_the_child_is_the_same_refusal_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    path = draft(tmp_path, unit="𠀀𠀁县人民政府", sign=False)
    out = tmp_path / "out"
    out.mkdir()
    result = govreport(
        tmp_path, "export", str(path), "--draft", "--xlsx", str(out / "a.xlsx"),
        "--pdf", str(out / "a.pdf"),
    )  # fmt: skip
    assert result.returncode == 1
    assert "“𠀀”(U+20000)、“𠀁”(U+20001)。" in result.stderr
    assert "没有导出任何文件" in result.stderr
    assert list(out.iterdir()) == []  # the workbook written first is not left either
    here = govreport(
        tmp_path, "export", str(path), "--draft", "--xlsx", str(out / "a.xlsx"),
        "--pdf", str(out / "a.pdf"), KILL_CHILD="1",
    )  # fmt: skip
    assert "CHILD-USED [False]" in here.stdout  # drawn here, refused here
    assert (here.returncode, here.stderr) == (result.returncode, result.stderr)


@needs_fork
@needs_poppler
def test_a_child_that_dies_is_replaced_by_drawing_the_pdf_here(tmp_path: Path) -> None:
    path = draft(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = govreport(
        tmp_path, "export", str(path), "--xlsx", str(out / "a.xlsx"), "--pdf", str(out / "a.pdf"),
        KILL_CHILD="1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "CHILD-USED [False]" in result.stdout
    assert "政府信息公开情况统计表（2018年度）" in pdftotext(out / "a.pdf")


@needs_fork
def test_only_the_pdf_alone_is_drawn_here(tmp_path: Path) -> None:
    path = draft(tmp_path)
    result = govreport(tmp_path, "export", str(path), "--pdf", str(tmp_path / "a.pdf"))
    assert result.returncode == 0, result.stderr
    assert "CHILD-USED []" in result.stdout  # one file: nothing to do beside it


def test_no_child_in_a_process_with_other_threads(tmp_path: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert PdfBeside.start() is None
    finally:
        stop.set()
        thread.join()
