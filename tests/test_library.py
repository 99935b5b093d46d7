"""The local draft library: opening the bundled example again returns the copy made before."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def library_files() -> list[str]:
    return sorted(p.name for p in settings.library_dir().iterdir())


def test_opening_the_example_again_returns_the_copy_made_before() -> None:
    first = library.create_example()
    assert first.parent == settings.library_dir()
    assert first.name == "示例_自治区机关事务管理局_2018年度_政府信息公开情况统计表.nianbao"
    with Draft.open(first, "填报人") as draft:  # the user's own changes stay
        draft.apply({"proactive_info": 371}, {"head": "新负责人"})
    assert library.create_example() == first
    assert library.create_example() == first
    assert library_files() == [first.name]
    assert [s.path for s in library.list_drafts()] == [first.resolve()]
    with Draft.open(first, "查看者", readonly=True) as draft:
        assert draft.values["proactive_info"] == 371 and draft.fields["head"] == "新负责人"


def test_the_first_of_several_earlier_copies_is_returned(tmp_path: Path) -> None:
    folder = tmp_path / "库"
    first = library.create_example(folder)
    # Copies made by earlier versions, which made a new one every time: …（2）, …（3）.
    second = folder / first.name.replace(".nianbao", "（2）.nianbao")
    third = folder / first.name.replace(".nianbao", "（3）.nianbao")
    for copy in (second, third):
        copy.write_bytes(first.read_bytes())
    assert library.create_example(folder) == first
    first.unlink()
    assert library.create_example(folder) == second
    assert sorted(p.name for p in folder.iterdir()) == sorted([second.name, third.name])


def test_a_copy_that_does_not_open_as_the_examples_form_is_not_reused() -> None:
    first = library.create_example()
    first.write_bytes(b"not a draft")
    other = settings.library_dir() / first.name.replace(".nianbao", "（2）.nianbao")
    Draft.create(other, get_form("gov-disclosure-2021"), "填报人").close()  # same name, other form
    again = library.create_example()
    assert again.name == first.name.replace(".nianbao", "（3）.nianbao")
    with Draft.open(again, "查看者", readonly=True) as draft:
        assert draft.form.id == "gov-disclosure-2014" and draft.values["proactive_info"] == 370
    assert library.create_example() == again
    assert first.read_bytes() == b"not a draft"  # left as it was


def test_a_copy_held_open_by_another_window_is_still_returned() -> None:
    first = library.create_example()
    with Draft.open(first, "王五"):
        assert library.create_example() == first


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="links")
def test_a_link_loop_in_the_library_is_listed_as_unreadable_not_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Python 3.11's resolve() raises RuntimeError for a link loop: `drafts` said 内部错误 and the
    start page logged a traceback."""
    from govreport_gui.cli import main as cli

    folder = settings.library_dir()
    folder.mkdir(parents=True)
    loop = folder / "循环.nianbao"
    loop.symlink_to(loop)
    assert library.has_drafts()
    (listed,) = library.list_drafts()
    assert listed.path.name == "循环.nianbao" and listed.problem
    assert cli.main(["drafts"]) == 0
    out, err = capsys.readouterr()
    assert "循环.nianbao" in out and "无法读取" in out and "内部错误" not in err
