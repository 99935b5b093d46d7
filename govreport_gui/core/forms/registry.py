"""The forms the program knows: every ``*.toml`` in the bundled ``forms/`` folder.

Folders and files are text here (``os.path``, as in :mod:`govreport_gui.core.paths`): opening a
draft reads its form through this module, and a ``check`` imports no ``pathlib``.
"""

from __future__ import annotations

import os
from functools import cache

from govreport_gui.core.forms.form_file import iter_form_files, load_form
from govreport_gui.core.forms.formdef import FormDef, FormDefinitionError
from govreport_gui.core.paths import forms_folder

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from _typeshed import StrPath


class UnknownFormError(KeyError):
    def __init__(self, form_id: str) -> None:
        super().__init__(form_id)
        self.form_id = form_id

    def __str__(self) -> str:
        known = "、".join(f.id for f in all_forms())
        return f"未知的表单“{self.form_id}”（可用：{known}）"


@cache
def _load_one(path: str) -> FormDef | None:
    """One form file (its real path), parsed once (the same object whether asked for alone or in
    the list)."""
    return load_form(path) if os.path.isfile(path) else None


@cache
def _load_dir(directory: str) -> tuple[FormDef, ...]:
    forms: dict[str, FormDef] = {}
    for path in iter_form_files(directory):
        form = _load_one(os.path.realpath(path))
        assert form is not None
        if form.id in forms:
            raise FormDefinitionError(
                str(path), None, f"表单标识 “{form.id}” 与 {forms[form.id].source} 重复"
            )
        forms[form.id] = form
    # Newest format first: the one in force today leads every list.
    return tuple(sorted(forms.values(), key=lambda f: -(f.first_year or 0)))


def _folder(directory: StrPath | None) -> str:
    return os.path.realpath(forms_folder() if directory is None else directory)


def all_forms(directory: StrPath | None = None) -> tuple[FormDef, ...]:
    return _load_dir(_folder(directory))


def get_form(form_id: str, directory: StrPath | None = None) -> FormDef:
    folder = _folder(directory)
    # A form's file is normally named after its id: opening a draft parses that file alone.
    if form_id and all(c.isalnum() or c in "-_." for c in form_id) and not form_id.startswith("."):
        form = _load_one(os.path.join(folder, f"{form_id}.toml"))
        if form is not None and form.id == form_id:
            return form
    for form in all_forms(directory):
        if form.id == form_id:
            return form
    raise UnknownFormError(form_id)


def form_for_year(year: int, directory: StrPath | None = None) -> FormDef | None:
    """The form in force for reports of ``year`` (newest first when several would fit)."""
    for form in all_forms(directory):
        if form.in_force(year):
            return form
    return None


def year_warning(form: FormDef, year: str | int | None) -> str | None:
    """A note when ``form`` is not in force for reports of ``year`` (None when it is, or no year).

    E.g. ``注意：gov-disclosure-2014 适用于 2014–2018 年度的报告，2021 年度应使用 gov-disclosure-2021（…）``.
    """
    text = str(year if year is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    if form.in_force(number):
        return None
    head = f"注意：{form.id} 适用于 {form.years_text}的报告，"
    right = form_for_year(number)
    if right is None:
        return head + f"没有适用于 {number} 年度的表单。"
    return head + f"{number} 年度应使用 {right.id}（{right.title}，{right.basis}）。"
