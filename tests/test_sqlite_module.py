"""``core/store/sqlite.py``: the drafts' SQLite is the compiled module the ``sqlite3`` package
re-exports, so everything the program uses of it is the package's own object (an exception
raised by one is caught by the other's name)."""

from __future__ import annotations

import ast
import sqlite3 as package
from pathlib import Path

import pytest

from govreport_gui.core.store.sqlite import sqlite3

PROGRAM = Path(__file__).resolve().parent.parent / "govreport_gui"


def _used_names() -> set[str]:
    """Every ``sqlite3.NAME`` the program's modules use."""
    names: set[str] = set()
    for path in PROGRAM.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "sqlite3"
            ):
                names.add(node.attr)
    return names


def test_what_the_program_uses_is_the_packages_own() -> None:
    used = _used_names()
    assert {"connect", "Connection", "Error"} <= used  # the walk found the program's uses
    for name in sorted(used):
        assert getattr(sqlite3, name) is getattr(package, name), name


def test_no_module_of_the_program_imports_the_package_itself() -> None:
    # One such import would bring the date helpers (and datetime) back into every draft command.
    for path in PROGRAM.rglob("*.py"):
        if path.name == "sqlite.py" and path.parent.name == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                assert "sqlite3" not in {alias.name for alias in node.names}, path
            if isinstance(node, ast.ImportFrom):
                assert node.module != "sqlite3", path


def test_its_errors_are_caught_by_the_packages_names(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "x.db")
    try:
        with pytest.raises(package.OperationalError):
            connection.execute("SELECT * FROM missing")
        connection.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
        connection.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(package.IntegrityError):
            connection.execute("INSERT INTO t VALUES (1)")
    finally:
        connection.close()
