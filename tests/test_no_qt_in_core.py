"""Nothing under govreport_gui/core (nor the command line, govreport_gui/cli) may import Qt: the
core runs headless (CLI, tests, servers)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "govreport_gui" / "core"
CLI = CORE.parent / "cli"
QT_ROOTS = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "qtpy", "pytestqt"}


def _core_sources() -> list[Path]:
    files = sorted(CORE.rglob("*.py")) + sorted(CLI.rglob("*.py"))
    assert CORE / "forms" / "engine.py" in files and CLI / "main.py" in files
    return files


def _imported_roots(tree: ast.AST) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_ast_finds_a_qt_import() -> None:
    # the detector itself works
    sample = "import os\nfrom PySide6.QtCore import Qt\nimportlib.import_module('shiboken6')\n"
    assert _imported_roots(ast.parse(sample)) == {"os", "PySide6", "shiboken6"}


def test_no_qt_import_in_core_sources() -> None:
    offenders = {}
    for path in _core_sources():
        roots = _imported_roots(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        if bad := roots & QT_ROOTS:
            offenders[str(path.relative_to(CORE.parent.parent))] = sorted(bad)
    assert offenders == {}


def test_importing_all_core_modules_loads_no_qt(tmp_path: Path) -> None:
    script = """
import importlib, json, pkgutil, sys
import govreport_gui.core as core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + "."))
for name in names:
    importlib.import_module(name)
from govreport_gui.cli.main import build_parser
build_parser()
qt = sorted(m for m in sys.modules if m.split(".")[0] in QT_ROOTS)
print(json.dumps({"modules": names, "qt": qt}))
""".replace("QT_ROOTS", repr(sorted(QT_ROOTS)))
    env = dict(os.environ, PYTHONPATH=str(CORE.parent.parent))
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    expected = {
        "govreport_gui."
        + ".".join(p.relative_to(CORE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in CORE.rglob("*.py")
        if p != CORE / "__init__.py"  # the package itself, not one of its modules
    }
    assert expected <= set(data["modules"])
    assert data["qt"] == []
