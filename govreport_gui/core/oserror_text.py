"""Operating-system errors in Chinese: ``describe_os_error(exc)`` instead of ``exc.strerror``.

``strerror`` is the C library's English text ("Permission denied", "No space left on device");
the messages of govreport are Chinese, so the common errno values get a Chinese phrase (what
happened, and where it helps, the usual cause). A rare one is named by its errno symbol.
"""

from __future__ import annotations

import errno
import os

_PHRASES: dict[int, str] = {
    errno.EACCES: "没有权限（文件或文件夹是只读的，或属于其他用户）",
    errno.EPERM: "没有权限（文件或文件夹是只读的，或属于其他用户）",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EROFS: "只读文件系统（如写保护的 U 盘或光盘）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.EIO: "读写磁盘出错（U 盘或网络盘是否已断开？）",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EINVAL: "文件名无效（是否含有不允许的字符？）",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.ELOOP: "符号链接过多（可能有循环）",
    errno.EXDEV: "不能跨磁盘移动文件",
}
_OPTIONAL = {"EDQUOT": "超出磁盘配额（该用户可用的空间已用完）"}  # not on every platform
for _name, _text in _OPTIONAL.items():
    if hasattr(errno, _name):
        _PHRASES[getattr(errno, _name)] = _text

# A full disk, or the user's quota used up: the folder is writable, there is just no room.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, *((errno.EDQUOT,) if hasattr(errno, "EDQUOT") else ())})

# Windows reports a file held open by another program (Excel, WPS) as EACCES; winerror tells.
_WINERROR: dict[int, str] = {
    32: "文件正被其他程序（如 Excel、WPS）占用，请先关闭它",
    33: "文件的一部分被其他程序锁定",
    112: "磁盘空间不足",
}


def describe_os_error(exc: OSError) -> str:
    """A short Chinese phrase for ``exc`` (no file name: the caller says which file)."""
    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINERROR:
        return _WINERROR[winerror]
    code = exc.errno
    if code is None:
        return "系统错误"
    phrase = _PHRASES.get(code)
    if phrase is not None:
        return phrase
    return f"系统错误（{errno.errorcode.get(code, str(code))}）"


def cannot_read(exc: OSError, path: object, what: str = "文件") -> str:
    """Why ``path`` could not be read, as one Chinese sentence with the file's name; ``what`` is
    what the file should have been (“Excel 文件”), for a folder given in its place."""
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{path}"
    if exc.errno == errno.ENAMETOOLONG:
        from govreport_gui.core.name_length import too_long_text

        return too_long_text(str(path))
    if isinstance(exc, IsADirectoryError):
        return f"这是一个文件夹，不是{what}：{path}"
    if isinstance(exc, PermissionError):
        return f"没有权限读取文件：{path}"
    return f"无法读取文件 {path}：{describe_os_error(exc)}"


def no_folder(folder: os.PathLike[str]) -> str:
    """Why a file cannot be written into ``folder``, which is no folder: “文件夹不存在：…”, or,
    when a file has that name (or the name of a folder above it), that it is a file."""
    from pathlib import Path

    for place in (Path(folder), *Path(folder).parents):
        if os.path.lexists(place):
            if not place.is_dir():
                return f"“{place}”是一个文件，不是文件夹"
            break
    return f"文件夹不存在：{folder}"
