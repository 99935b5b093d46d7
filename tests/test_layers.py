"""The layers of the package hold: the import-linter contracts of ``pyproject.toml`` are kept.

``core`` imports neither Qt nor argparse nor a front-end; ``core.forms`` imports nothing of store,
layout or ops; ``core.store`` nothing of layout or ops; the command line and the window do not
import each other; there is no import cycle anywhere in the package. Each contract is also shown to
bite: in a copy of the package, one forbidden import makes ``lint-imports`` fail naming it.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Contracts written but not yet enforced (none: every contract in pyproject.toml is on).
NOT_YET_ON: set[str] = set()


def _contracts() -> dict[str, str]:
    """Contract id → name, as written in pyproject.toml."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def _lint(root: Path, contracts: list[str]) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` over the package in ``root`` (its pyproject.toml), only ``contracts``."""
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    args = ["--no-cache", "--no-logo", *(f"--contract={c}" for c in contracts)]
    env = dict(os.environ, PYTHONPATH=str(root), COLUMNS="300", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_contract_is_named_in_the_configuration() -> None:
    contracts = _contracts()
    assert {
        "core-no-qt-no-argparse",
        "forms-at-the-bottom",
        "store-below-ops",
        "layout-below-store-ops",
        "front-ends-independent",
        "no-cycles",
    } <= set(contracts)


def test_the_package_keeps_its_layer_contracts() -> None:
    contracts = {k: v for k, v in _contracts().items() if k not in NOT_YET_ON}
    result = _lint(REPO, list(contracts))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in contracts.values():
        assert f"{name} KEPT" in result.stdout


def test_no_module_imports_a_private_name_of_another() -> None:
    """Helpers shared between modules are public (the command line's are in cli/common.py)."""
    found = []
    for path in sorted((REPO / "govreport_gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("govreport_gui"):
                found += [
                    f"{path.relative_to(REPO)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert found == []


SQL_CALLS = {"execute", "executemany", "executescript"}
# A statement as the package writes them (keywords in capitals), anywhere in a string constant.
SQL_STATEMENT = re.compile(
    r"\bSELECT\b.*\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(CREATE|ALTER|DROP)\s+(TABLE|INDEX)\b|\bPRAGMA\s",
    re.DOTALL,
)


def _sql_in(tree: ast.AST) -> list[str]:
    """Calls of a connection's execute and string constants that start like a SQL statement."""
    found = []
    for node in ast.walk(tree):
        call = node.func if isinstance(node, ast.Call) else None
        if isinstance(call, ast.Attribute) and call.attr in SQL_CALLS:
            found.append(f"line {node.lineno}: .{call.attr}(")
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and SQL_STATEMENT.search(text):
            found.append(f"line {node.lineno}: {text.strip()[:40]}")
    return found


def test_sql_detector_sees_a_statement_and_an_execute() -> None:
    sample = (
        'con.execute("SELECT cell FROM comment WHERE id = ?", (1,))\n'
        'sql = "UPDATE signoff SET active = 0"\n'
        '"""Delete: the cells become blank; select a row from the table."""\n'
    )
    assert sorted(_sql_in(ast.parse(sample))) == [
        "line 1: .execute(",
        "line 1: SELECT cell FROM comment WHERE id = ?",
        "line 2: UPDATE signoff SET active = 0",
    ]


def test_ops_hold_no_sql() -> None:
    """The ops decide, the store stores: every SQL statement lives in core/store/."""
    found = [
        f"{path.relative_to(REPO)} {hit}"
        for path in sorted((REPO / "govreport_gui" / "core" / "ops").rglob("*.py"))
        for hit in _sql_in(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def _copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(
        REPO / "govreport_gui", root / "govreport_gui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    ("contract", "module", "forbidden"),
    [
        ("core-no-qt-no-argparse", "core/ops/review.py", "import PySide6.QtCore"),
        ("core-no-qt-no-argparse", "core/store/settings.py", "import shiboken6"),
        ("core-no-qt-no-argparse", "core/forms/values.py", "import argparse"),
        ("core-no-qt-no-argparse", "core/ops/verify.py", "from govreport_gui.cli import common"),
        (
            "forms-at-the-bottom",
            "core/forms/values.py",
            "from govreport_gui.core.store import settings",
        ),
        ("forms-at-the-bottom", "core/forms/engine.py", "import govreport_gui.core.ops.review"),
        ("store-below-ops", "core/store/library.py", "import govreport_gui.core.ops.review"),
        ("front-ends-independent", "gui/zoom.py", "from govreport_gui.cli.common import who"),
        ("front-ends-independent", "cli/common.py", "import govreport_gui.gui.style"),
        ("no-cycles", "cli/common.py", "import govreport_gui.cli.main"),
        ("no-cycles", "gui/style.py", "import govreport_gui.gui.main_window"),
        ("no-cycles", "core/paths.py", "import govreport_gui.core.store.library"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, contract: str, module: str, forbidden: str
) -> None:
    root = _copy_package(tmp_path)
    before = _lint(root, [contract])
    assert before.returncode == 0, before.stdout  # the copy itself keeps the contract
    target = root / "govreport_gui" / module
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{forbidden}  # added by tests/test_layers.py\n")
    after = _lint(root, [contract])
    assert after.returncode != 0
    assert f"{_contracts()[contract]} BROKEN" in after.stdout
