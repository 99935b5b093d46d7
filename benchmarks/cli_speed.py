"""Whole-process command-line figures, each against its baseline measured in the same run (issue 14).

    python benchmarks/cli_speed.py [RUNS] [--reports N] [--repo CHECKOUT] [--only check|export|folder]
                                   [--instructions]

``--repo`` runs the commands of another checkout (e.g. the commit before issue 14, for the
figures before the work), with this script's baselines. ``--instructions``: the checks of 1. are
counted in instructions instead of timed (once each, under Valgrind's callgrind, with ``python -c
pass`` counted beside them; ``benchmarks/instructions.py``), a figure the machine does not move.

1. ``python -c pass`` against ``govreport check FILE`` (the bundled example as a values file, and
   a signed-off draft of it): goal, the check within 4x of the bare interpreter. Also a
   signed-off draft with the report's text (the example's published text, imported as a user
   would with ``import-report``): a real draft has its text, and checking it checks the text too.
   And a report of the format in force (2021), as a values file and as a signed-off draft.
2. ``soffice --headless --convert-to pdf`` of the workbook we export against
   ``govreport export DRAFT --xlsx --pdf`` (the parsed font in the user cache, as from the second
   export on; the first export, with no cache, is shown apart): goal, at least 4x faster.
   Skipped when LibreOffice is not on PATH.
3. ``govreport check FOLDER`` over N generated reports (default 3,000: values files with varied
   figures, one in ten a draft, half of those signed off) in one process: goal, under 10 s; and
   the same with ``--summary-xlsx`` (the list of all of them written as a workbook, issue 17).

Every command runs as a new process, as a user's shell starts it: the console script's own lines
(its ``[project.scripts]`` entry) with this checkout first on ``PYTHONPATH``, a
``GOVREPORT_HOME`` of its own, and compiled bytecode kept (``PYTHONPYCACHEPREFIX`` in the temporary
folder) as an installed program has it. Baseline and ours alternate run by run (paired), medians
are printed, with the processes' CPU time beside the wall time: the machine may be shared, and CPU
time is what another process's load disturbs least. Prints figures only.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if "--repo" in sys.argv:
    REPO = Path(sys.argv[sys.argv.index("--repo") + 1]).resolve()
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"

ARGS = [a for a in sys.argv[1:2] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 15
REPORTS = int(sys.argv[sys.argv.index("--reports") + 1]) if "--reports" in sys.argv else 3000
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
INSTRUCTIONS = "--instructions" in sys.argv


def wanted(section: str) -> bool:
    return ONLY is None or section == ONLY


def console_script(checkout: Path) -> list[str]:
    """What pip's wrapper of the installed ``govreport`` runs: the checkout's own
    ``[project.scripts]`` entry (``--repo`` may name a commit with another one)."""
    import tomllib

    project = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, function = project["scripts"]["govreport"].split(":")
    return [
        sys.executable,
        "-c",
        "import re, sys\n"
        f"from {module} import {function}\n"
        "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
        f"sys.exit({function}())",
    ]


GOVREPORT = console_script(REPO)


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its bytecode compiled
    env.update(
        PYTHONPATH=str(REPO),
        GOVREPORT_HOME=str(tmp / "home"),
        GOVREPORT_USER="基准测试",
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        PYTHONIOENCODING="utf-8",
    )
    return env


def timed(
    command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Wall and CPU seconds of one process (CPU: user + system of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # In the temporary folder: ``python -c`` puts the current folder first on sys.path.
    result = subprocess.run(
        command, env=env, cwd=env["GOVREPORT_HOME"], capture_output=True, timeout=600
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ok:
        sys.exit(f"{command[3:]} failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def paired(
    label: str,
    baseline: list[str],
    ours: list[str],
    env: dict[str, str],
    runs: int,
    before_ours: object = None,
    ok: tuple[int, ...] = (0,),
) -> tuple[float, float]:
    """Median wall and CPU time of both, alternating; returns ours/baseline (wall, CPU)."""
    base_w: list[float] = []
    base_c: list[float] = []
    our_w: list[float] = []
    our_c: list[float] = []
    for _ in range(runs):
        w, c = timed(baseline, env)
        base_w.append(w)
        base_c.append(c)
        if callable(before_ours):
            before_ours()
        w, c = timed(ours, env, ok)
        our_w.append(w)
        our_c.append(c)
    bw, bc = statistics.median(base_w), statistics.median(base_c)
    ow, oc = statistics.median(our_w), statistics.median(our_c)
    print(f"  {label}")
    print(f"    baseline  wall {bw * 1000:7.1f} ms   cpu {bc * 1000:7.1f} ms")
    print(f"    ours      wall {ow * 1000:7.1f} ms   cpu {oc * 1000:7.1f} ms")
    return ow / bw, oc / bc


def make_reports(tmp: Path, env: dict[str, str]) -> tuple[Path, Path, Path]:
    """The example as a values file, a plain draft and a signed-off draft of it."""
    values = tmp / "example.json"
    shutil.copyfile(EXAMPLE, values)
    draft = tmp / "example.nianbao"
    signed = tmp / "signed.nianbao"
    script = f"""
from pathlib import Path
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft
doc = load_values_document(Path({str(EXAMPLE)!r}))
Draft.create(Path({str(draft)!r}), doc.form, "填报人", doc.fields, doc.values).close()
d = Draft.create(Path({str(signed)!r}), doc.form, "填报人", doc.fields, doc.values)
review.submit(d)
d.user = "审核人"  # the reviewer signs, not the 填报人
review.sign_off(d, "审核人")
d.close()
"""
    subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=env["GOVREPORT_HOME"], check=True, timeout=600
    )
    return values, draft, signed


def make_2021(tmp: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """A report of the format in force (2021; the tests' consistent report, 200 figures): as a
    values file, and as a signed-off draft."""
    values = tmp / "v2021.json"
    signed = tmp / "signed2021.nianbao"
    script = f"""
import json, sys
from pathlib import Path
sys.path.insert(0, {str(REPO / "tests")!r})
from consistent_report import consistent_values
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft
form = get_form("gov-disclosure-2021")
figures = consistent_values(form)
fields = {{"unit": "某某市人民政府办公室", "year": "2021", "head": "甲", "reviewer": "乙"}}
plain = {{k: v if isinstance(v, int) else str(v) for k, v in figures.items()}}
document = {{"form": form.id, "fields": fields, "values": plain}}
Path({str(values)!r}).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
d = Draft.create(Path({str(signed)!r}), form, "填报人", fields, figures)
review.submit(d)
d.user = "审核人"  # the reviewer signs, not the 填报人
review.sign_off(d, "审核人")
d.close()
"""
    subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=env["GOVREPORT_HOME"], check=True, timeout=600
    )
    return values, signed


def make_texted(tmp: Path, values: Path, env: dict[str, str]) -> Path:
    """A signed-off draft of the example with its report's text: the published text (saved as a
    web page) imported with ``import-report``, the example's figures filled in, submitted and
    signed off, each step a ``govreport`` command as a user would run it."""
    from example_text import example_page  # this folder, as the script runs

    page = example_page(tmp, EXAMPLE.parent / "nxjgsw-2018-report.txt")
    texted = tmp / "texted.nianbao"
    # The page holds the text alone, no table: import-report writes the draft with the text and
    # exits 1 ("no figure was read"); the figures are filled in by the next step.
    imported = subprocess.run(
        [*GOVREPORT, "import-report", str(page), str(texted)],
        env=env,
        cwd=env["GOVREPORT_HOME"],
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    if imported.returncode not in (0, 1) or not texted.is_file():
        raise SystemExit(f"import-report of the example's text failed ({imported.returncode})")
    for step in (
        ["fill", str(texted), "--values", str(values)],
        ["fix-numbering", str(texted)],  # the published text numbers some headings (2) (3)
        ["submit", str(texted)],
        ["signoff", "--reviewer", "审核人", str(texted)],
    ):
        subprocess.run(
            [*GOVREPORT, *step],
            env=env,
            cwd=env["GOVREPORT_HOME"],
            check=True,
            timeout=600,
            stdout=subprocess.DEVNULL,
        )
    return texted


def make_folder(tmp: Path, count: int, draft: Path, signed: Path) -> Path:
    folder = tmp / "各部门"
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    cells = list(document["values"])
    for i in range(count):
        sub = folder / f"部门{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 10 == 9:
            shutil.copyfile(signed if i % 20 == 19 else draft, sub / f"{i:05d}.nianbao")
            continue
        doc = json.loads(json.dumps(document))
        doc["values"][cells[i % len(cells)]] = i % 13  # some pass, some break a rule
        (sub / f"{i:05d}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def main() -> None:
    print(f"cli_speed: {RUNS} paired runs each (medians); Python {sys.version.split()[0]}; {REPO}")
    with tempfile.TemporaryDirectory(prefix="govreport-cli-speed-") as name:
        tmp = Path(name)
        env = environment(tmp)
        Path(env["GOVREPORT_HOME"]).mkdir()
        values, draft, signed = make_reports(tmp, env)
        texted = make_texted(tmp, values, env)
        values_2021, signed_2021 = make_2021(tmp, env)
        bare = [sys.executable, "-c", "pass"]
        check = [*GOVREPORT, "check"]
        files = (values, signed, texted, values_2021, signed_2021)
        for command in (*([*check, str(f)] for f in files), bare):
            timed(command, env)  # bytecode compiled once, files in the page cache

        if wanted("check"):
            check_one(files, bare, check, env)
        if wanted("export"):
            export_speed(tmp, signed, env)
        if wanted("folder"):
            folder_speed(tmp, draft, signed, check, env)


CHECK_NAMES = (
    "values file (the bundled example, 2014 form)",
    "signed-off draft of it",
    "signed-off draft with the report's text",
    "values file of the format in force (2021 form, 200 figures)",
    "signed-off draft of it",
)


def check_one(
    files: tuple[Path, Path, Path, Path, Path],
    bare: list[str],
    check: list[str],
    env: dict[str, str],
) -> None:
    if INSTRUCTIONS:
        check_instructions(zip(CHECK_NAMES, files, strict=True), bare, check, env)
        return
    print("\n1. govreport check FILE, whole process, against python -c pass (goal: <= 4x)")
    for name, file in zip(CHECK_NAMES, files, strict=True):
        wall, cpu = paired(name, bare, [*check, str(file)], env, RUNS)
        print(f"    ratio     wall {wall:.2f}x   cpu {cpu:.2f}x")


def check_instructions(
    named: Iterable[tuple[str, Path]], bare: list[str], check: list[str], env: dict[str, str]
) -> None:
    """``--instructions``: each check counted once (callgrind), against ``python -c pass``."""
    import instructions

    print("\n1. govreport check FILE, whole process, in instructions (callgrind; goal: <= 4x)")
    if not instructions.available():
        print("  skipped: valgrind is not on PATH")
        return
    cwd = env["GOVREPORT_HOME"]
    baseline = instructions.count(bare, env, cwd)
    print(f"  {'python -c pass':60s} {instructions.millions(baseline):>9s}")
    for name, file in named:
        ours = instructions.count([*check, str(file)], env, cwd)
        print(f"  {name:60s} {instructions.millions(ours):>9s}   {ours / baseline:.2f}x")


def export_speed(tmp: Path, signed: Path, env: dict[str, str]) -> None:
    print(
        "\n2. govreport export --xlsx --pdf against LibreOffice's PDF of that xlsx (goal: >= 4x faster)"
    )
    out = tmp / "out"
    out.mkdir()
    export = [
        *GOVREPORT, "export", str(signed), "--xlsx", str(out / "r.xlsx"),
        "--pdf", str(out / "r.pdf"), "--overwrite",
    ]  # fmt: skip
    font_cache = tmp / "home" / "cache" / "fonts"
    shutil.rmtree(font_cache, ignore_errors=True)
    timed(export, env)  # writes the font cache
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("  LibreOffice not on PATH: skipped (our export alone below)")
        w = statistics.median(timed(export, env)[0] for _ in range(RUNS))
        print(f"    ours      wall {w * 1000:7.1f} ms")
        return
    convert = [
        office,
        f"-env:UserInstallation=file://{tmp / 'lo-profile'}",  # its own profile
        "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"),
        str(out / "r.xlsx"),
    ]  # fmt: skip
    timed(convert, env)  # LibreOffice's first start sets its profile up
    wall, cpu = paired("font cache warm (every export after the first)", convert, export, env, RUNS)
    print(f"    faster by wall {1 / wall:.2f}x   cpu {1 / cpu:.2f}x")
    runs = max(3, RUNS // 3)
    wall, cpu = paired(
        "no font cache (the first export; the cache is written)",
        convert,
        export,
        env,
        runs,
        before_ours=lambda: shutil.rmtree(font_cache, ignore_errors=True),
    )
    print(f"    faster by wall {1 / wall:.2f}x   cpu {1 / cpu:.2f}x")


def folder_speed(
    tmp: Path, draft: Path, signed: Path, check: list[str], env: dict[str, str]
) -> None:
    print(f"\n3. govreport check FOLDER: {REPORTS:,} reports in one process (goal: < 10 s)")
    folder = make_folder(tmp, REPORTS, draft, signed)
    probe = subprocess.run(
        [*check, str(folder)], env=env, cwd=env["GOVREPORT_HOME"], capture_output=True, timeout=600
    )
    if probe.returncode not in (0, 1):
        print("    this checkout cannot check a folder (one file per process only)")
        return
    figures = [timed([*check, str(folder)], env, ok=(0, 1)) for _ in range(3)]
    wall = statistics.median(w for w, _c in figures)
    cpu = statistics.median(c for _w, c in figures)
    print(f"    {REPORTS:,} reports: wall {wall:.2f} s   cpu {cpu:.2f} s   "
          f"({wall / REPORTS * 1000:.2f} ms per report)")  # fmt: skip
    summary = [*check, str(folder), "--summary-xlsx", str(tmp / "清单.xlsx"), "--overwrite"]
    if subprocess.run(summary, env=env, cwd=env["GOVREPORT_HOME"], capture_output=True,
                      timeout=600).returncode not in (0, 1):  # fmt: skip
        print("    this checkout cannot write the list (--summary-xlsx)")
        return
    figures = [timed(summary, env, ok=(0, 1)) for _ in range(3)]
    wall_s = statistics.median(w for w, _c in figures)
    cpu_s = statistics.median(c for _w, c in figures)
    print(f"    with --summary-xlsx: wall {wall_s:.2f} s   cpu {cpu_s:.2f} s   "
          f"(the list: +{wall_s - wall:.2f} s wall, +{cpu_s - cpu:.2f} s cpu)")  # fmt: skip


if __name__ == "__main__":
    main()
