"""Crafted and damaged drafts, many at once (issue 13, Done when): truncated at many offsets,
bytes flipped (fixed seed), extra SQL objects, WAL mode, wrong application id / user_version, huge
or impossible values, an empty file, a folder and a link to /dev/zero named *.nianbao. Each is
opened (for writing and read-only) and given to show / check / history / set / export in-process:
never a traceback or 内部错误, never a hang, a refused file unchanged, no -wal/-shm/-journal left,
and nothing loaded that no input could have stored. The judge is ``hostile_inputs.judge_draft``."""

from __future__ import annotations

import random
from pathlib import Path

import hostile_inputs as hi
import pytest

SEED = 13


@pytest.fixture()
def base(tmp_path: Path) -> Path:
    (tmp_path / "out").mkdir()
    return hi.make_base_draft(tmp_path / "base.nianbao")


def cases(tmp_path: Path, base: Path, count: int) -> list[tuple[str, Path]]:
    folder = tmp_path / "crafted"
    folder.mkdir()
    return list(hi.crafted_drafts(folder, base, random.Random(SEED), count))


def test_damaged_and_odd_drafts_are_refused_cleanly(tmp_path: Path, base: Path) -> None:
    made = [c for c in cases(tmp_path, base, 8) if not c[0].startswith("SQL")]
    assert len(made) >= 16
    failures = [f for name, path in made for f in hi.judge_draft(name, path, tmp_path / "out")]
    assert failures == []


@pytest.mark.parametrize("name", list(hi.CRAFTED_SQL))
def test_crafted_sql_drafts_are_handled(tmp_path: Path, base: Path, name: str) -> None:
    path = tmp_path / f"{name}.nianbao"
    path.write_bytes(base.read_bytes())
    hi.craft_sql(path, hi.CRAFTED_SQL[name])
    assert hi.judge_draft(f"SQL：{name}", path, tmp_path / "out") == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("control-field", "控制字符"),
        ("huge-field", "过长"),
        ("negative-count", "received"),
        ("over-limit-cell", "received"),
        ("money-places", "fees"),
    ],
    ids=lambda v: v if v.isascii() else "",
)
def test_impossible_stored_content_is_refused_on_open(
    tmp_path: Path, base: Path, name: str, reason: str
) -> None:
    """A field with a control character used to fail the export with 内部错误
    (IllegalCharacterError), a 5-million-character field hung it; a negative count, 10^14 or seven
    decimals were shown and exported as if typed. Refused on open, the file untouched."""
    from govreport_gui.core.store.draft import Draft, DraftOpenError

    path = tmp_path / f"{name}.nianbao"
    path.write_bytes(base.read_bytes())
    hi.craft_sql(path, hi.CRAFTED_SQL[name])
    before = hi.file_state(path)
    for readonly in (False, True):
        with pytest.raises(DraftOpenError) as caught:
            Draft.open(path, "李四", readonly=readonly).close()
        assert reason in caught.value.message and "文件未被修改" in caught.value.message
    assert hi.file_state(path) == before
    code, text = hi.run_cli(["export", str(path), "--draft", "--xlsx", str(tmp_path / "x.xlsx")])
    assert code == 2 and "内部错误" not in text and "文件未被修改" in text
    assert not (tmp_path / "x.xlsx").exists()


def _name(size: int) -> str:
    """A draft name of ``size`` bytes in UTF-8, mostly Chinese (3 bytes a character)."""
    room = size - len(".nianbao")
    stem = "长" * (room // 3)
    return stem + "x" * (room - len(stem.encode())) + ".nianbao"


@pytest.mark.parametrize("size", [245, 247, 249, 254])
def test_a_draft_name_too_long_is_said_so(tmp_path: Path, size: int) -> None:
    """245–254 bytes used to fail with 保存失败（数据库错误：OperationalError）: the temporary
    file's journal went over the file system's 255 bytes. Now the message says the name is too
    long, and nothing is left in the folder."""
    path = tmp_path / _name(size)
    assert len(path.name.encode()) == size
    code, text = hi.run_cli(
        ["new", "--form", "gov-disclosure-2014", str(path), "--field", "unit=某局"]
    )
    assert code == 2 and "文件名太长" in text and "OperationalError" not in text, text
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["history", "comments", "show"])
def test_a_drafts_text_never_drives_the_terminal(tmp_path: Path, base: Path, command: str) -> None:
    """ESC sequences stored in a draft (a name in the history, a comment) used to be printed raw:
    the terminal cleared the screen or took an OSC 52 clipboard write. They print as \\u001b."""
    hi.craft_sql(base, hi.CRAFTED_SQL["escape-comment"])
    hi.craft_sql(base, "UPDATE history SET who = '王' || char(27) || '[2J' || char(155) || '五'")
    argv = [command, str(base)] + (["--all"] if command == "comments" else [])
    code, text = hi.run_cli(argv)
    assert code in (0, 1), text
    assert not hi.TERMINAL_CONTROL.search(text)
    if command != "show":
        assert "\\u001b" in text  # shown, harmlessly, rather than dropped


def test_json_output_keeps_the_exact_text(tmp_path: Path, base: Path) -> None:
    """JSON escaped C0 characters already, but printed C1 ones (\x9b, a CSI) raw; escaped as
    \u009b the JSON still reads back the exact text."""
    import json

    hi.craft_sql(base, hi.CRAFTED_SQL["escape-comment"])
    hi.craft_sql(
        base, "UPDATE comment SET text = text || char(155) || '1m'"
    )  # C1 CSI: json keeps it
    code, text = hi.run_cli(["comments", str(base), "--all", "--json"])
    assert code == 0 and not hi.TERMINAL_CONTROL.search(text)
    assert json.loads(text)[0]["text"] == "请核对\x1b[2J\x9b1m"


def test_history_of_a_damaged_draft_says_so(tmp_path: Path, base: Path) -> None:
    """History rows that are not UTF-8 (bytes flipped on a USB stick) opened fine and then ended
    `history` in 内部错误（DraftError）; now the store's Chinese reason, and the file unchanged."""
    hi.craft_sql(base, hi.CRAFTED_SQL["history-not-utf8"])
    before = hi.file_state(base)
    code, text = hi.run_cli(["history", str(base)])
    assert code == 2, text
    assert "内部错误" not in text and "修改记录无法读取" in text and "已损坏" in text
    assert "OperationalError" not in text
    assert hi.file_state(base) == before


@pytest.mark.parametrize("command", ["show", "check", "history", "comments", "export"])
def test_a_form_id_that_is_no_text_is_a_damaged_draft(
    tmp_path: Path, base: Path, command: str
) -> None:
    """`UPDATE meta SET value = X'FF' WHERE key = 'form_id'` ended every command in 内部错误
    (AttributeError in get_form): now 草稿文件已损坏, naming the entry, and the file unchanged."""
    hi.craft_sql(base, hi.CRAFTED_SQL["meta-form_id-blob"])
    before = hi.file_state(base)
    extra = ["--draft", "--xlsx", str(tmp_path / "x.xlsx")] if command == "export" else []
    code, text = hi.run_cli([command, str(base), *extra])
    assert code == 2, text
    assert "草稿文件已损坏" in text and "form_id" in text and "内部错误" not in text, text
    assert hi.file_state(base) == before
    assert not (tmp_path / "x.xlsx").exists()


def test_the_drafts_list_says_a_mistyped_draft_is_damaged(tmp_path: Path, base: Path) -> None:
    from govreport_gui.core.store.library import summarise

    hi.craft_sql(base, hi.CRAFTED_SQL["meta-status-blob"])
    summary = summarise(base, in_library=False)
    assert summary.problem and "已损坏" in summary.problem
