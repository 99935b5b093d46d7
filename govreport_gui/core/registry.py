"""The forms the program knows: every ``*.toml`` in the bundled ``forms/`` folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from govreport_gui.core.formdef import FormDef, FormDefinitionError, iter_form_files, load_form
from govreport_gui.core.paths import forms_dir


class UnknownFormError(KeyError):
    def __init__(self, form_id: str) -> None:
        super().__init__(form_id)
        self.form_id = form_id

    def __str__(self) -> str:
        known = "、".join(f.id for f in all_forms())
        return f"未知的表单“{self.form_id}”（可用：{known}）"


@cache
def _load_dir(directory: Path) -> tuple[FormDef, ...]:
    forms: dict[str, FormDef] = {}
    for path in iter_form_files(directory):
        form = load_form(path)
        if form.id in forms:
            raise FormDefinitionError(
                str(path), None, f"表单标识 “{form.id}” 与 {forms[form.id].source} 重复"
            )
        forms[form.id] = form
    # Newest format first: the one in force today leads every list.
    return tuple(sorted(forms.values(), key=lambda f: -(f.first_year or 0)))


def all_forms(directory: Path | None = None) -> tuple[FormDef, ...]:
    return _load_dir((directory or forms_dir()).resolve())


def get_form(form_id: str, directory: Path | None = None) -> FormDef:
    for form in all_forms(directory):
        if form.id == form_id:
            return form
    raise UnknownFormError(form_id)


def form_for_year(year: int, directory: Path | None = None) -> FormDef | None:
    """The form in force for reports of ``year`` (newest first when several would fit)."""
    for form in all_forms(directory):
        if form.in_force(year):
            return form
    return None
