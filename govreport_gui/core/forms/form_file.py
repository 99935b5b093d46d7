"""A form file read: the built form from the form cache when it holds the file's bytes, else
parsed and built (:mod:`form_build`) and the cache written; and the form files of a folder.

Kept apart from the builder so that a process whose forms come from the cache (every ``check``
after the first) loads no building code at all (issue 14).
"""

from __future__ import annotations

import os

from govreport_gui.core.forms import form_cache
from govreport_gui.core.forms.formdef import MODEL, FormDef, FormDefinitionError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from collections.abc import Iterator

    from _typeshed import StrPath


def load_form(path: StrPath) -> FormDef:
    """The form in the file ``path``: from the built-form cache when it holds this file's bytes
    (``form_cache``: configured by the command line and the window), else parsed and built (and
    the cache written)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as file:
            source = file.read()
    except OSError as exc:
        raise FormDefinitionError(name, None, f"无法读取表单文件：{exc}") from exc
    cached = form_cache.read(name, source, MODEL)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    try:
        # As ``read_text`` reads it: universal newlines.
        text = source.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise FormDefinitionError(name, None, f"无法读取表单文件：{exc}") from exc
    from govreport_gui.core.forms.form_build import parse_form

    form = parse_form(text, name)
    form_cache.write(name, source, form, MODEL)
    return form


def iter_form_files(directory: StrPath) -> Iterator[str]:
    """The form files of a folder (``*.toml``, matched as the platform matches file names), in
    the order of their names."""
    from fnmatch import fnmatch

    folder = os.fspath(directory)
    try:
        names = sorted(os.listdir(folder))
    except OSError:  # no such folder, or not readable: no forms (as ``Path.glob`` had it)
        return
    for name in names:
        path = os.path.join(folder, name)
        if fnmatch(name, "*.toml") and os.path.isfile(path):
            yield path
