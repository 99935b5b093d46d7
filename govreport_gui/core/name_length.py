"""Is a file name short enough for the names the program makes beside it?

A file system takes names up to ``NAME_MAX`` bytes (255 on Linux, macOS and Windows' NTFS/FAT
long names; Chinese takes 3 bytes a character in UTF-8). Writing a draft or an export makes longer
names beside it: the temporary file ``.<stem>-<8 hex>.tmp`` and, for a draft, that file's
``-journal`` while SQLite writes it, then the draft's own ``-journal`` and ``.~lock.NAME#``. A name
that fits but whose companions do not used to fail half-way with SQLite's “unable to open”
(“保存失败（数据库错误：OperationalError）”). So the name is checked before anything is written,
and the message says how many bytes are allowed.
"""

from __future__ import annotations

import os
from pathlib import Path

from govreport_gui.core.atomic_file import temp_name_size

DEFAULT_NAME_MAX = 255
_JOURNAL = len("-journal")
_LOCK = len(".~lock.#")


def name_max(folder: Path) -> int:
    """The longest file name ``folder`` takes, in bytes (255 where the system cannot say)."""
    try:
        value = os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else -1
    except (OSError, ValueError):
        value = -1
    return value if 0 < value < 10_000 else DEFAULT_NAME_MAX


def _size(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def draft_extra(path: Path) -> int:
    """How many bytes longer than ``path``'s name the longest name written beside a draft is."""
    size = _size(path.name)
    return max(
        _LOCK,  # .~lock.NAME#
        _JOURNAL,  # NAME-journal
        temp_name_size(path) + _JOURNAL - size,  # .STEM-XXXXXXXX.tmp-journal, while written
    )


def export_extra(path: Path) -> int:
    """How many bytes longer than ``path``'s name the temporary file of an export is."""
    return max(0, temp_name_size(path) - _size(path.name))


def _problem(path: Path, extra: int, what: str) -> str | None:
    limit = name_max(path.parent) - extra
    size = _size(path.name)
    if size <= limit:
        return None
    shown = _shown(path.name)
    return (
        f"文件名太长：“{shown}”有 {size} 字节，{what}的文件名最多 {limit} 字节"
        f"（按 UTF-8 计，一个汉字占 3 字节，约 {limit // 3} 个汉字；本程序写入时要在旁边建立名字更长的"
        f"临时文件）。请换一个短一些的文件名。没有写入任何文件。"
    )


def draft_name_problem(path: Path) -> str | None:
    """Why a new draft (or a copy of one) cannot be written under ``path``'s name; None: it can."""
    return _problem(path, draft_extra(path), "草稿")


def export_name_problem(path: Path) -> str | None:
    """Why an export cannot be written under ``path``'s name; None: it can."""
    return _problem(path, export_extra(path), "导出文件")


def too_long_text(path: str | Path) -> str:
    """What to say when the system refused ``path`` as too long (ENAMETOOLONG), whatever was being
    done with it: the name's or the whole path's size and the limit, never the whole name."""
    path = Path(path)
    folder = path.parent
    # os.path.isdir, not Path.is_dir: it says False for a path the system refuses as too long.
    while not os.path.isdir(folder) and folder != folder.parent:
        folder = folder.parent  # the limit of the nearest folder that exists
    limit = name_max(folder)
    longest = max(path.parts, key=_size, default="")
    if _size(longest) > limit:
        return (
            f"文件名太长：“{_shown(longest)}”有 {_size(longest)} 字节，文件名最多 {limit} 字节"
            f"（按 UTF-8 计，一个汉字占 3 字节，约 {limit // 3} 个汉字）。请换一个短一些的文件名。"
        )
    return (
        f"路径太长：“{_shown(str(path))}”有 {_size(str(path))} 字节。"
        "请把文件放到层级浅一些的文件夹，或缩短文件夹的名字。"
    )


def _shown(name: str) -> str:
    # The whole name would fill the message: its start and its end say which file it is.
    return name if len(name) <= 40 else f"{name[:20]}…{name[-12:]}"
