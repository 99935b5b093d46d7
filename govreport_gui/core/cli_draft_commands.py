"""Sub-commands of ``govreport`` that work on drafts (filled in by the drafts work)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

DRAFT_SUFFIX = ".nianbao"


def register(commands: Any) -> None:
    return None


def looks_like_draft(path: Path) -> bool:
    return path.suffix.lower() == DRAFT_SUFFIX


def check_draft(path: Path, as_json: bool, out: TextIO) -> int:
    from govreport_gui.core.cli import CliError

    raise CliError("尚不支持草稿文件。")
