"""Byte limits in messages are stated in a unit that never rounds them to 0 (a limit under 1 MB
read “文件过大（超过 0 MB）”)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_gui.core.regular_file import FileTooLargeError, read_limited, size_problem, size_text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (20 * 1024 * 1024, "20 MB"),
        (800_003, "781.3 KB"),
        (64 * 1024, "64 KB"),
        (3 * 1024 * 1024 + 512 * 1024, "3.5 MB"),
        (500, "500 字节"),
    ],
)
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text


def test_a_limit_under_a_megabyte_is_said_in_kilobytes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(FileTooLargeError) as caught:
        read_limited(path, 1000)
    assert caught.value.message == f"文件过大（超过 1000 字节），不像是本程序的文件，未读取：{path}"
    with pytest.raises(FileTooLargeError) as caught:
        read_limited(path, 1536)
    assert "超过 1.5 KB" in caught.value.message


def test_size_problem_states_both_sizes_readably(tmp_path: Path) -> None:
    problem = size_problem(3_000_000, 800_003, tmp_path / "a.pdf", "一份年度报告")
    assert problem is not None
    assert problem.startswith("文件太大（2.9 MB，上限 781.3 KB）")
