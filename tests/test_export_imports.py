"""What a whole-process ``govreport export --xlsx --pdf`` loads, in both of its processes (issue 14:
at least 4x faster than LibreOffice's conversion): no ``platformdirs`` for the user's folders, the
PDF's child without the settings module, and reportlab's web-address pattern (≈ 24 ms to compile,
unused by our PDF) compiled only if it is ever used. Each check runs in a new process: pytest's
own has loaded everything already."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from signing import sign_off_as

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

# Runs ``govreport ARGS`` as the console script does, then names the modules the process loaded.
HOOK = """
import sys
from govreport_gui.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
sys.exit(code)
"""


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = dict(env if env is not None else os.environ, PYTHONPATH=str(REPO))
    environment["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def signed_draft(tmp_path: Path) -> Path:
    doc = load_values_document(EXAMPLE)
    path = tmp_path / "年报.nianbao"
    draft = Draft.create(path, doc.form, "填报人", doc.fields, doc.values)
    review.submit(draft)
    sign_off_as(draft, "沈涛")
    draft.close()
    return path


def test_an_export_of_both_files_loads_no_platformdirs(tmp_path: Path) -> None:
    """The user's name and keys are found without platformdirs (core/user_cache.py on Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("elsewhere platformdirs finds the folders")
    draft = signed_draft(tmp_path)
    xlsx, pdf = tmp_path / "年报.xlsx", tmp_path / "年报.pdf"
    result = run(tmp_path, "-c", HOOK, "export", str(draft), "--xlsx", str(xlsx), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert f"已导出 Excel：{xlsx}" in result.stdout and f"已导出 PDF：{pdf}" in result.stdout
    assert "签名：签名有效" in result.stdout  # the keys' folder was found: the signature checked
    modules = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    assert "platformdirs" not in modules
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")


def test_the_pdf_child_points_the_font_cache_at_the_user_cache_without_the_settings(
    tmp_path: Path,
) -> None:
    """The step the PDF's child takes before drawing (core/ops/font_cache_dir.py) loads neither the
    settings module nor platformdirs, and the cache is the user's cache folder."""
    script = (
        "import sys\n"
        "from govreport_gui.core.ops.font_cache_dir import use_font_cache\n"
        "from govreport_gui.core.layout import font_cache\n"
        "use_font_cache()\n"
        "print(font_cache._cache_dir)\n"
        "print('govreport_gui.core.store.settings' in sys.modules, 'platformdirs' in sys.modules)\n"
    )
    result = run(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    folder, loaded = result.stdout.splitlines()
    assert Path(folder) == Path(os.environ["GOVREPORT_HOME"]) / "cache"
    assert loaded == "False False"


def test_the_pdf_is_drawn_without_compiling_reportlabs_web_address_pattern(tmp_path: Path) -> None:
    """reportlab's ``uri_pat`` is deferred while platypus loads for our PDF, and answers as the
    pattern compiled the usual way does when a paragraph does use it."""
    draft = signed_draft(tmp_path)
    script = f"""
import re, sys
from pathlib import Path
from govreport_gui.core.layout.export_pdf import export_pdf
from govreport_gui.core.ops.export import snapshot
from govreport_gui.core.ops.font_cache_dir import use_font_cache
from govreport_gui.core.store.draft import Draft
draft = Draft.open(Path({str(draft)!r}), "读者", readonly=True)
data = snapshot(draft)
draft.close()
use_font_cache()
out = export_pdf(data, Path({str(tmp_path / "年报.pdf")!r}))
from reportlab.platypus import paragraph
print(isinstance(paragraph.uri_pat, re.Pattern), out.read_bytes()[:4].decode())
usual = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
for uri in ("https://www.gov.cn/zhengce/2021/a.html", "http://例子.中国/公开/年报", "not a uri",
            "ftp://user:pw@10.0.0.1:21/x/y/", "HTTPS://WWW.GOV.CN/"):
    ours = paragraph.uri_pat.match(uri)
    theirs = usual.match(uri)
    assert (ours and ours.groups()) == (theirs and theirs.groups()), uri
    deferred = paragraph._uri_split_pairs(uri)  # a long address broken across lines
    paragraph.uri_pat, kept = usual, paragraph.uri_pat
    assert deferred == paragraph._uri_split_pairs(uri), uri
    paragraph.uri_pat = kept
print("same")
"""
    result = run(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "%PDF", "same"]


def unsigned_draft(tmp_path: Path) -> Path:
    doc = load_values_document(EXAMPLE)
    path = tmp_path / "草稿.nianbao"
    Draft.create(path, doc.form, "填报人", doc.fields, doc.values).close()
    return path


def test_export_and_check_of_an_unsigned_draft_load_no_cryptography(tmp_path: Path) -> None:
    """Only a signed-off draft has a signature to verify: a draft export of a draft never signed,
    and its check, load no cryptography; a signed-off one is still verified (the signature's line)."""
    draft = unsigned_draft(tmp_path)
    xlsx, pdf = tmp_path / "草稿.xlsx", tmp_path / "草稿.pdf"
    exported = run(
        tmp_path,
        "-c",
        HOOK,
        "export",
        str(draft),
        "--draft",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
    )
    assert exported.returncode == 0, exported.stderr
    assert f"已导出 PDF（草稿）：{pdf}" in exported.stdout
    checked = run(tmp_path, "-c", HOOK, "check", str(draft))
    assert checked.returncode == 0, checked.stderr
    assert "共 0 个错误" in checked.stdout and "签名" not in checked.stdout
    for result in (exported, checked):
        modules = set(result.stderr.rsplit("MODULES ", 1)[1].split())
        assert not {m for m in modules if m.split(".")[0] == "cryptography"}

    signed = signed_draft(tmp_path)
    result = run(tmp_path, "-c", HOOK, "check", str(signed))
    assert "签名：签名有效" in result.stdout
    assert "cryptography" in set(result.stderr.rsplit("MODULES ", 1)[1].split())


def test_opening_a_draft_loads_no_socket_and_its_lock_names_this_computer(tmp_path: Path) -> None:
    """The lock records this computer's name as ``socket.gethostname()`` gives it, read without
    importing socket; one told who holds a lock hears "本机" for this computer's."""
    import socket

    signed = signed_draft(tmp_path)
    result = run(tmp_path, "-c", HOOK, "check", str(signed))
    assert result.returncode == 0, result.stderr
    assert "签名：签名有效" in result.stdout
    assert "socket" not in set(result.stderr.rsplit("MODULES ", 1)[1].split())
    from govreport_gui.core.store.draft_lock import LockInfo, host_name

    assert host_name() == socket.gethostname()
    here = LockInfo("张三", socket.gethostname(), 1, "2026-03-01T08:00:00+00:00")
    assert "张三（本机）" in here.describe()
    there = LockInfo("李四", "另一台-pc", 1, "2026-03-01T08:00:00+00:00")
    assert "李四（计算机 另一台-pc）" in there.describe()
