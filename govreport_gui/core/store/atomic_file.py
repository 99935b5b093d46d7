"""The temporary file an export is written to before it replaces the target in one rename.

``tempfile.mkstemp`` creates its file with mode 0600, and the rename would keep that: an exported
workbook could then not be read by a colleague or a backup job, unlike any file a user saves. The
file is created here with mode 0666 less the process umask (the kernel applies the umask, so there
is no need to change it), as ``open(path, "w")`` would.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def create_temp_beside(path: Path) -> Path:
    """An empty new file ``.<stem>-<random>.tmp`` in ``path``'s folder; raises OSError."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = path.parent / f".{path.stem}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            fd = os.open(name, flags, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return name
    raise FileExistsError(f"no free temporary name in {path.parent}")
