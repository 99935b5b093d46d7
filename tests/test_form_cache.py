"""The built forms, cached in the user's cache folder (issue 14): the second run reads the cache
instead of parsing and building the form, gives the same form and the same check output, and a
cache file that is damaged, stale (another form file, other code), a link or a pipe, or that names
anything but the form model, is never trusted: the form file is parsed again and the cache written
anew."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
import pytest

from govreport_gui.core import user_cache
from govreport_gui.core.forms import form_cache, form_pack
from govreport_gui.core.forms.form_file import load_form
from govreport_gui.core.forms.formdef import MODEL, Cell, FormDef, Severity
from govreport_gui.core.forms.record import FrozenError
from govreport_gui.core.forms.values import Kind
from govreport_gui.core.paths import forms_dir

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time a form file's TOML is parsed (the work the cache saves)."""
    seen: list[str] = []
    real = tomllib.loads

    def counting(text: str, **kwargs: Any) -> dict[str, Any]:
        seen.append(text[:40])
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", counting)
    return seen


@pytest.fixture()
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "cache"
    form_cache.configure(folder)
    yield folder
    form_cache.configure(None)


@pytest.fixture()
def form_file(tmp_path: Path) -> Path:
    """A copy of the 2021 form in a folder of its own (the test may change it)."""
    folder = tmp_path / "forms"
    folder.mkdir()
    path = folder / "gov-disclosure-2021.toml"
    shutil.copyfile(forms_dir() / path.name, path)
    return path


def same_form(a: FormDef, b: FormDef) -> None:
    assert a == b
    assert a.fingerprint == b.fingerprint
    assert [r.line for r in a.rules] == [r.line for r in b.rules]
    assert a.help == b.help


def the_cache_file(cache: Path, form: Path) -> Path:
    return Path(form_cache.cache_file(cache, str(form)))


def test_the_second_load_reads_the_cache_and_gives_the_same_form(
    cache: Path, form_file: Path, parses: list[str]
) -> None:
    first = load_form(form_file)
    assert len(parses) == 1
    assert the_cache_file(cache, form_file).is_file()
    second = load_form(form_file)
    assert len(parses) == 1  # not parsed again
    same_form(first, second)
    form_cache.configure(None)
    same_form(load_form(form_file), second)  # as parsed with no cache at all


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "garbage", "empty", "other version", "checksum of other data"],
)
def test_a_damaged_cache_is_not_used_and_is_written_anew(
    cache: Path, form_file: Path, parses: list[str], damage: str
) -> None:
    fresh = load_form(form_file)
    target = the_cache_file(cache, form_file)
    blob = target.read_bytes()
    head, body = blob.split(b"\n", 1)
    if damage == "truncated":
        blob = blob[: len(blob) // 2]
    elif damage == "flipped byte":
        middle = len(blob) // 2
        blob = blob[:middle] + bytes([blob[middle] ^ 0x01]) + blob[middle + 1 :]
    elif damage == "garbage":
        blob = os.urandom(3000)
    elif damage == "empty":
        blob = b""
    elif damage == "other version":
        blob = head.replace(form_cache.MAGIC.encode(), b"govreport-form-cache-0") + b"\n" + body
    else:  # checksummed, but not a form: a record of the model alone
        about = body.split(b"\n", 1)[0]
        new_body = about + b"\n" + pickle.dumps(fresh.cells[0], protocol=form_pack.PROTOCOL)
        from binascii import crc32

        blob = f"{form_cache.MAGIC} {crc32(new_body):08x}\n".encode() + new_body
    target.write_bytes(blob)
    parses.clear()
    same_form(load_form(form_file), fresh)
    assert len(parses) == 1  # the form file was parsed again
    load_form(form_file)
    assert len(parses) == 1  # and the rewritten cache is right


CALLED: list[object] = []


def leave_a_trace(*args: object) -> None:
    """What a planted cache would have the unpickler call."""
    CALLED.append(args)


class Planted:
    def __init__(self, target: Any) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.target, ("planted",))


@pytest.mark.parametrize("target", [leave_a_trace, print, os.getcwd])
def test_a_cache_naming_anything_but_the_form_model_is_refused_not_run(
    cache: Path, form_file: Path, parses: list[str], target: Any
) -> None:
    fresh = load_form(form_file)
    cache_path = the_cache_file(cache, form_file)
    about = cache_path.read_bytes().split(b"\n")[1]
    from binascii import crc32

    for planted in (Planted(target), (fresh, Planted(target))):
        body = about + b"\n" + pickle.dumps(planted, protocol=form_pack.PROTOCOL)
        cache_path.write_bytes(f"{form_cache.MAGIC} {crc32(body):08x}\n".encode() + body)
        parses.clear()
        same_form(load_form(form_file), fresh)
        assert len(parses) == 1  # parsed again, the planted cache replaced
        assert CALLED == []


def plant(cache_path: Path, packed: bytes) -> None:
    """Put ``packed`` in the cache file in place of the form, as a cache this code wrote."""
    from binascii import crc32

    about = cache_path.read_bytes().split(b"\n")[1]
    body = about + b"\n" + packed
    cache_path.write_bytes(f"{form_cache.MAGIC} {crc32(body):08x}\n".encode() + body)


def a_global(cls: type) -> bytes:
    return pickle.GLOBAL + f"{cls.__module__}\n{cls.__qualname__}\n".encode()


def planted_state(state: str) -> bytes:
    """A BUILD's state giving its object the attribute ``planted``: as its ``__dict__``, or
    set one by one (``setattr``, a pickle's "slot state")."""
    planted = pickle.EMPTY_DICT + pickle.SHORT_BINUNICODE + b"\x07planted"
    planted += pickle.SHORT_BINUNICODE + b"\x01x" + pickle.SETITEM
    return planted if state == "dict" else pickle.NONE + planted + pickle.TUPLE2


def a_member(member: Kind | Severity) -> bytes:
    value = member.value.encode()
    return (
        a_global(type(member))
        + pickle.SHORT_BINUNICODE
        + bytes([len(value)])
        + value
        + pickle.TUPLE1
        + pickle.REDUCE
    )


@pytest.mark.parametrize(
    ("target", "state"),
    [
        (FormDef, "slots"),
        (Cell, "slots"),
        (Kind, "slots"),
        (Severity, "slots"),
        (Kind.COUNT, "dict"),
        (Kind.COUNT, "slots"),
        (Severity.ERROR, "dict"),
        (Severity.ERROR, "slots"),
    ],
)
def test_a_cache_cannot_change_the_form_model_itself(
    cache: Path, form_file: Path, parses: list[str], target: Any, state: str
) -> None:
    """A pickle's BUILD on a class of the model, or on one of its enums' members, would set their
    attributes for the whole process (``FormDef.__init__ = None``: every later form build fails,
    the cache is never written anew): refused like any cache that is not a form."""
    fresh = load_form(form_file)
    pushed = a_global(target) if isinstance(target, type) else a_member(target)
    packed = pickle.PROTO + bytes([form_pack.PROTOCOL]) + pushed + planted_state(state)
    plant(the_cache_file(cache, form_file), packed + pickle.BUILD + pickle.STOP)
    parses.clear()
    try:
        same_form(load_form(form_file), fresh)
        assert "planted" not in vars(target)
    finally:
        if "planted" in vars(target):
            delattr(target, "planted")
    assert len(parses) == 1
    load_form(form_file)
    assert len(parses) == 1  # written anew


def test_a_cache_of_a_form_without_its_fields_is_refused(
    cache: Path, form_file: Path, parses: list[str]
) -> None:
    fresh = load_form(form_file)
    made = a_global(FormDef) + pickle.EMPTY_TUPLE + pickle.NEWOBJ  # never given its fields
    plant(the_cache_file(cache, form_file), pickle.PROTO + b"\x05" + made + pickle.STOP)
    parses.clear()
    same_form(load_form(form_file), fresh)
    assert len(parses) == 1


def test_a_cache_made_by_other_code_is_not_used(
    cache: Path, form_file: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_form(form_file)
    monkeypatch.setattr(form_cache, "_stamp", form_cache.code_stamp() + "\nformdef edited")
    parses.clear()
    same_form(load_form(form_file), fresh)
    assert len(parses) == 1
    load_form(form_file)
    assert len(parses) == 1  # written anew for this code


def test_the_code_stamp_follows_each_module_that_builds_a_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = Path(form_cache.__file__).parent
    for name in form_cache.BUILT_BY:
        shutil.copy2(here / f"{name}.py", tmp_path / f"{name}.py")
    monkeypatch.setattr(form_cache, "__file__", str(tmp_path / "form_cache.py"))

    def stamp() -> str:
        monkeypatch.setattr(form_cache, "_stamp", None)
        return form_cache.code_stamp()

    first = stamp()
    assert first and stamp() == first
    for name in form_cache.BUILT_BY:
        module = tmp_path / f"{name}.py"
        before = module.stat()
        module.write_bytes(module.read_bytes() + b"\n# edited\n")
        assert stamp() != first, name
        module.write_bytes(module.read_bytes()[: before.st_size])
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert stamp() == first, name
    (tmp_path / "rule_expr.py").unlink()
    assert stamp() == ""  # no module files and no packaged program: nothing is cached
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    packaged = stamp()  # a packaged program: its own file stands for its modules
    assert packaged and os.path.realpath(sys.executable) in packaged
    link = tmp_path / "govreport-gui"  # the window, a link to the program on Linux
    link.symlink_to(os.path.realpath(sys.executable))
    monkeypatch.setattr(sys, "executable", str(link))
    assert stamp() == packaged  # one stamp, one cache for both


def test_nothing_is_cached_when_the_code_cannot_be_told(
    cache: Path, form_file: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(form_cache, "_stamp", "")
    assert load_form(form_file) == load_form(form_file)
    assert len(parses) == 2
    assert not cache.exists()


def test_the_code_stamp_names_every_module_that_reads_a_form_file() -> None:
    """BUILT_BY holds form_file and every module of core/forms it imports, at the top or in a
    function, directly or through another (the form cache itself aside)."""
    import ast

    here = Path(form_cache.__file__).parent
    package = "govreport_gui.core.forms"
    seen: set[str] = set()
    todo = ["form_file", "form_pack"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((here / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == package:
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(package + "."):
                todo.append(str(node.module).rsplit(".", 1)[1])
            elif isinstance(node, ast.Import):
                todo += [a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith(package)]
    assert seen - {"form_cache"} == set(form_cache.BUILT_BY)


@pytest.mark.parametrize(
    "name", ["gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"]
)
def test_a_packed_form_unpacks_as_it_was_built(name: str) -> None:
    form_cache.configure(None)
    form = load_form(forms_dir() / f"{name}.toml")
    again = form_pack.unpack(form_pack.pack(form, MODEL), MODEL)
    same_form(again, form)
    assert again.meaning == form.meaning
    assert (again.fields, again.sections, again.text_figures) == (
        form.fields,
        form.sections,
        form.text_figures,
    )
    # Each cell is one object, in its table, in the form's list and in its lookup, as built.
    assert [id(c) for c in again.cells] == [id(again.cell(c.id)) for c in again.cells]
    in_tables = {id(c) for table in again.tables for c in table.cells}
    assert in_tables == {id(c) for c in again.cells}
    for table in again.tables:
        rows = {id(row) for row in table.rows}
        assert all(id(cell.row) in rows for cell in table.cells)


def test_a_form_holding_what_the_cache_cannot_hold_is_not_cached(
    cache: Path, form_file: Path, parses: list[str]
) -> None:
    from decimal import Decimal

    from govreport_gui.core.forms.formdef import FormDef

    form = load_form(form_file)
    for odd in (Decimal(2021), Planted(print), 2021.0 + 0j):
        changed = FormDef(**{**form.__dict__, "first_year": odd})
        with pytest.raises(ValueError, match="type"):
            form_pack.pack(changed, MODEL)
        the_cache_file(cache, form_file).unlink(missing_ok=True)
        form_cache.write(str(form_file), form_file.read_bytes(), changed, MODEL)
        assert not the_cache_file(cache, form_file).exists()


def test_a_changed_form_file_is_parsed_again(
    cache: Path, form_file: Path, parses: list[str]
) -> None:
    old = load_form(form_file)
    text = form_file.read_text(encoding="utf-8")
    line = 'title = "政府信息公开工作年度报告"'
    assert line in text
    form_file.write_text(text.replace(line, 'title = "政府信息公开年报"', 1), "utf-8")
    new = load_form(form_file)
    assert len(parses) == 2
    assert (old.title, new.title) == ("政府信息公开工作年度报告", "政府信息公开年报")
    assert new.fingerprint != old.fingerprint
    assert load_form(form_file) == new and len(parses) == 2


def test_a_link_at_the_cache_file_is_neither_followed_nor_written_through(
    cache: Path, form_file: Path, parses: list[str], tmp_path: Path
) -> None:
    fresh = load_form(form_file)
    target = the_cache_file(cache, form_file)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(target.read_bytes())  # even a right cache is not read through a link
    target.unlink()
    target.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    parses.clear()
    same_form(load_form(form_file), fresh)
    assert len(parses) == 1
    assert elsewhere.read_bytes() == before  # not written through
    assert not target.is_symlink() and target.is_file()  # replaced by a cache of its own


def test_a_linked_cache_folder_is_not_used(
    cache: Path, form_file: Path, parses: list[str], tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache.mkdir()
    (cache / "forms").symlink_to(elsewhere)
    load_form(form_file)
    load_form(form_file)
    assert len(parses) == 2  # neither read nor written there
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_at_the_cache_file_does_not_block(
    cache: Path, form_file: Path, parses: list[str]
) -> None:
    target = the_cache_file(cache, form_file)
    target.parent.mkdir(parents=True)
    os.mkfifo(target)
    load_form(form_file)  # returns: the pipe is not opened for reading
    assert len(parses) == 1
    assert target.is_file()  # replaced by a cache file


def test_no_cache_folder_means_no_cache(form_file: Path, parses: list[str]) -> None:
    form_cache.configure(None)
    load_form(form_file)
    load_form(form_file)
    assert len(parses) == 2


def test_an_unwritable_cache_folder_only_means_no_cache(
    form_file: Path, parses: list[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    form_cache.configure(blocker)  # the cache folder cannot be made
    try:
        assert load_form(form_file).id == "gov-disclosure-2021"
        assert load_form(form_file).id == "gov-disclosure-2021"
    finally:
        form_cache.configure(None)
    assert len(parses) == 2


# -- whole processes ---------------------------------------------------------------------------


def run_check(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", GOVREPORT_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "govreport_gui", "check", *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.parametrize("as_json", [False, True])
def test_check_prints_the_same_with_and_without_the_cache(tmp_path: Path, as_json: bool) -> None:
    home = tmp_path / "home"
    home.mkdir()
    broken = tmp_path / "broken.json"
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    first_cell = next(iter(document["values"]))
    document["values"][first_cell] = 999  # breaks a total: problems with numbers in the output
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    extra = ("--json",) if as_json else ()
    for path in (EXAMPLE, broken):
        shutil.rmtree(home / "cache", ignore_errors=True)
        without = run_check(home, str(path), *extra)  # no cache yet: parsed, cache written
        assert any((home / "cache" / "forms").iterdir())
        with_cache = run_check(home, str(path), *extra)
        assert (with_cache.returncode, with_cache.stdout, with_cache.stderr) == (
            without.returncode,
            without.stdout,
            without.stderr,
        )
    assert "999" in without.stdout  # the broken file's problem, with its numbers


@pytest.mark.parametrize(
    ("kind", "variable", "finder"),
    [
        ("cache", "XDG_CACHE_HOME", platformdirs.user_cache_dir),
        ("config", "XDG_CONFIG_HOME", platformdirs.user_config_dir),
        ("data", "XDG_DATA_HOME", platformdirs.user_data_dir),
    ],
)
def test_the_user_folders_are_platformdirs_ones_on_linux(
    monkeypatch: pytest.MonkeyPatch, kind: str, variable: str, finder: Any
) -> None:
    """The cache, settings and data folders found without platformdirs (core/user_cache.py) are the
    ones it finds; settings.py gives the same (issue 14: an export loads no platformdirs)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the rule followed by hand is Linux's")
    from govreport_gui.core.store import settings

    monkeypatch.delenv("GOVREPORT_HOME", raising=False)
    ours = {
        "cache": user_cache.cache_dir,
        "config": user_cache.config_dir,
        "data": user_cache.data_dir,
    }
    through_settings = {
        "cache": settings.cache_dir, "config": settings.config_dir, "data": settings.data_dir,
    }  # fmt: skip
    for xdg in (None, "", "   ", f"/tmp/某处/{kind}", "relative/folder"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
        expected = Path(finder(user_cache.APP_NAME, appauthor=False))
        assert ours[kind]() == expected, xdg
        assert through_settings[kind]() == expected, xdg


# -- the form model's records ------------------------------------------------------------------


def test_the_form_model_is_frozen_comparable_and_picklable(form_file: Path) -> None:
    form_cache.configure(None)
    form = load_form(form_file)
    cell = form.cells[0]
    with pytest.raises(AttributeError):
        cell.label = "改过"  # type: ignore[misc]
    with pytest.raises(FrozenError):
        del form.rules[0].expr  # type: ignore[misc]
    again = load_form(form_file)
    assert form is not again and form == again and hash(form) == hash(again)
    assert {cell: 1}[again.cells[0]] == 1
    assert form.cells[0] != form.cells[1]
    assert "cells=" not in repr(form.tables[0]) and f"id={form.tables[0].id!r}" in repr(
        form.tables[0]
    )
    copied = pickle.loads(pickle.dumps(form))
    assert copied == form and copied.fingerprint == form.fingerprint
    assert copied.cell(cell.id) == cell


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [
        ("{title}（{year}年度）", True),
        ("{unit}{year}年{title}", True),
        ("{year:>6}", True),
        ("{unit}报告", False),  # no year
        ("{foo}{year}", False),
        ("{year.real}", False),
        ("{year[0]}", False),
        ("{0}{year}", False),
        ("{year", False),
        ("{year:d}", False),  # would fail when the title is printed
    ],
)
def test_the_report_title_pattern_is_checked_when_the_form_is_read(pattern: str, ok: bool) -> None:
    """(Checked with str.format_map, without the ``string`` module a check would import.)"""
    from govreport_gui.core.forms.form_build import parse_form
    from govreport_gui.core.forms.formdef import FormDefinitionError

    text = f'id = "x"\ntitle = "表"\nreport_title = "{pattern}"\n[[tables]]\nid = "t"\n'
    text += '[[tables.rows]]\nid = "a"\nlabel = "甲"\n'
    if ok:
        assert parse_form(text).title_for_year("2024", "某局")
    else:
        with pytest.raises(FormDefinitionError, match="report_title"):
            parse_form(text)
