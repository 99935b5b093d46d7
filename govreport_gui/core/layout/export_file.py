"""Writing one export file (xlsx or PDF) in place, with the same Chinese reasons for both.

The writers differ only in how they fill the temporary file and in the program a locked file is
likely open in; the folder check, the atomic replace and the wording of a failure are one here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from govreport_gui.core.atomic_file import TempFileError, atomic_replace
from govreport_gui.core.layout.report import ExportError
from govreport_gui.core.oserror_text import describe_os_error, no_folder


def write_export(path: Path, write: Callable[[Path], None], held_by: str) -> Path:
    """Write ``path`` through ``write(tmp)`` and an atomic replace; returns ``path``.

    ``held_by`` names what probably holds the file when the OS refuses it (“Excel 或 WPS”), for the
    question the user is asked: 文件是否正被{held_by}打开？
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(no_folder(path.parent))
    try:
        with atomic_replace(path, note=held_by) as tmp:
            write(tmp)
    except TempFileError as exc:
        raise ExportError(f"无法在 {path.parent} 写入文件：{describe_os_error(exc)}") from exc
    except PermissionError as exc:
        raise ExportError(f"无法写入 {path}：文件是否正被{held_by}打开？") from exc
    except OSError as exc:
        raise ExportError(f"无法写入 {path}：{describe_os_error(exc)}") from exc
    return path
