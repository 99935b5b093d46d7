"""The forms of a folder (``core/forms/registry.py``): every ``*.toml`` file in it, read by path as
text or as a ``Path`` (a ``check`` hands it text: it imports no ``pathlib``, issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import UnknownFormError, all_forms, get_form
from govreport_gui.core.paths import forms_dir, forms_folder

IDS = ("gov-disclosure-2014", "gov-disclosure-2021")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two bundled forms, and what is no form file: notes, and a folder named like one."""
    forms = tmp_path / "forms"
    forms.mkdir()
    for form_id in IDS:
        shutil.copyfile(forms_dir() / f"{form_id}.toml", forms / f"{form_id}.toml")
    (forms / "说明.txt").write_text("不是表单", encoding="utf-8")
    (forms / "旧版.toml").mkdir()
    return forms


def test_a_folder_s_forms_are_its_toml_files(folder: Path) -> None:
    assert sorted(form.id for form in all_forms(folder)) == sorted(IDS)
    # The same folder named as text is the same folder: the same form objects.
    assert all_forms(str(folder)) == all_forms(folder)
    for form_id in IDS:
        assert get_form(form_id, str(folder)) is get_form(form_id, folder)
        assert get_form(form_id, folder) in all_forms(folder)


def test_an_unknown_form_or_a_missing_folder_is_named(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormError):
        get_form("gov-disclosure-2019", folder)
    assert all_forms(tmp_path / "没有这个文件夹") == ()
    with pytest.raises(UnknownFormError):
        get_form(IDS[0], tmp_path / "没有这个文件夹")


def test_the_bundled_folder_as_text_and_as_path_agree() -> None:
    assert Path(forms_folder()) == forms_dir()
    assert {form.id for form in all_forms()} >= set(IDS)
