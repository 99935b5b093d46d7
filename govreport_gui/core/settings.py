"""Per-user settings and folders (``platformdirs``): the user's name, recent files, the library.

``GOVREPORT_HOME`` (an environment variable) moves everything under one folder: tests and portable
installs use it.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "govreport"
MAX_RECENT = 20


def config_dir() -> Path:
    home = os.environ.get("GOVREPORT_HOME")
    if home:
        return Path(home) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = os.environ.get("GOVREPORT_HOME")
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def library_dir() -> Path:
    """Where new drafts are created."""
    return data_dir() / "drafts"


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "未署名"


@dataclass
class Settings:
    user_name: str = ""
    user_name_confirmed: bool = False  # asked once; the login name is only a default
    recent: list[str] = field(default_factory=list)

    @property
    def who(self) -> str:
        return self.user_name or login_name()


def _settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    recent = [str(p) for p in data.get("recent", []) if isinstance(p, str)]
    return Settings(
        user_name=str(data.get("user_name", "")),
        user_name_confirmed=bool(data.get("user_name_confirmed", False)),
        recent=recent[:MAX_RECENT],
    )


def save_settings(settings: Settings) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    path = _settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "user_name": settings.user_name,
        "user_name_confirmed": settings.user_name_confirmed,
        "recent": settings.recent[:MAX_RECENT],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remember_recent(path: Path) -> None:
    try:
        settings = load_settings()
        entry = str(path.resolve())
        settings.recent = [entry, *(p for p in settings.recent if p != entry)][:MAX_RECENT]
        save_settings(settings)
    except OSError:
        pass  # a read-only profile must not stop anyone from opening a draft


def current_user() -> str:
    return load_settings().who
