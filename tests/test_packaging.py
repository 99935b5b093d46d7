"""The installed wheel finds its data (forms, examples) inside the package, not in a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        args, capture_output=True, text=True, encoding="utf-8", timeout=120, **kwargs
    )


def test_wheel_installs_with_its_data(tmp_path: Path) -> None:
    pip_env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    dist = tmp_path / "dist"
    site = tmp_path / "site"
    build = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            ".",
        ],
        cwd=REPO,
        env=pip_env,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = dist.glob("govreport-*.whl")
    install = _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        cwd=tmp_path,
        env=pip_env,
    )
    assert install.returncode == 0, install.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONIOENCODING="utf-8")
    probe = _run(
        [
            sys.executable,
            "-c",
            "import json, govreport_gui, govreport_gui.core.paths as p;"
            "print(json.dumps({'package': govreport_gui.__file__, 'forms': str(p.forms_dir()),"
            " 'example': str(p.example_values_path())}))",
        ],
        cwd=elsewhere,
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    where = json.loads(probe.stdout)
    site_resolved = site.resolve()
    for key in ("package", "forms", "example"):
        assert Path(where[key]).resolve().is_relative_to(site_resolved), (key, where[key])
    assert (Path(where["forms"]) / "gov-disclosure-2014.toml").is_file()
    assert Path(where["example"]).is_file()

    # the `govreport` script of the wheel (falling back to python -m when no script dir exists)
    script = site / "bin" / "govreport"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "govreport_gui"]
    forms = _run([*command, "forms"], cwd=elsewhere, env=env)
    assert forms.returncode == 0, forms.stderr
    assert any(line.startswith("gov-disclosure-2014\t") for line in forms.stdout.splitlines())

    check = _run([*command, "check", where["example"]], cwd=elsewhere, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "共 0 个错误" in check.stdout
    assert "Traceback" not in forms.stderr + check.stderr
