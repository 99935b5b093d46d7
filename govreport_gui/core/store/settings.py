"""Per-user settings and folders (``platformdirs``'s, found by ``core/user_cache.py``): the user's
name, recent files, the library.

``GOVREPORT_HOME`` (an environment variable) moves everything under one folder: tests and portable
installs use it. ``GOVREPORT_USER`` gives the user's name (the window then does not ask for it).

A damaged ``settings.json`` (not JSON, not an object, nested too deeply, larger than any settings
file is) is not silently replaced by the defaults: it is moved aside to
``settings.json.broken-YYYYMMDD-HHMMSS`` before anything can overwrite it, and a warning is kept for
the program to show once (:func:`pop_warning`). It is read as a file from outside is: only a plain
file (a FIFO or a link to ``/dev/zero`` would block or never end), capped. A user's name that
cannot be recorded with a change (a control or invisible character, a lone surrogate, over 100
characters), in the settings or in ``GOVREPORT_USER``, is not used, with a warning too.
"""

from __future__ import annotations

import os

# Only what reading the settings needs is imported here (``govreport check`` of a draft reads the
# user's name: a whole process, issue 14); writing imports the atomic write when it writes.
from govreport_gui.core import user_cache
from govreport_gui.core.json_text import loads
from govreport_gui.core.regular_file import FileTooLargeError, NotRegularFileError, read_limited

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from pathlib import Path

    from _typeshed import StrPath

APP_NAME = "govreport"
MAX_RECENT = 20
MAX_NAME = 100  # characters of the user's name (the sign-off's reviewer has the same limit)
# Twenty recent paths and the window's saved state take a few KB: a file past this is no settings.
MAX_SETTINGS_FILE = 1024 * 1024
ZOOM_STEPS = (70, 80, 90, 100, 110, 125, 150, 175, 200)  # the table's zoom, in percent


# The folders come from core/user_cache.py: on Linux without importing platformdirs, which an
# export's two processes would otherwise each load (issue 14). What a ``check`` of a draft reads
# (the settings for the user's name, the keys) is found as text (``*_folder``), without
# ``pathlib``.


def data_folder() -> str:
    return user_cache.user_folder("data")


def config_dir() -> Path:
    return user_cache.config_dir()


def data_dir() -> Path:
    return user_cache.data_dir()


def cache_dir() -> Path:
    """The per-user cache folder (the PDF export's parsed fonts, the parsed forms): anything in it
    may be deleted at any time and is rebuilt when needed. Under ``GOVREPORT_HOME`` when that is
    set. Found by ``core/user_cache.py`` (which the command line uses before loading settings)."""
    return user_cache.cache_dir()


def log_dir() -> Path:
    """The per-user folder for the error log (inside the user data folder, or ``GOVREPORT_HOME``).

    Never the shared temporary folder: there another user could plant a file or link under the
    name first, and the log (paths, names of units) is nobody else's business.
    """
    return data_dir() / "logs"


def library_dir() -> Path:
    """Where new drafts are created."""
    return data_dir() / "drafts"


def login_name() -> str:
    """The login name, found as ``getpass.getuser`` finds it: the first of ``LOGNAME``, ``USER``,
    ``LNAME`` and ``USERNAME`` that is set, else the password database's name of this user (none
    on Windows). Not through ``getpass``, which imports ``contextlib`` and ``termios``: about
    1.5 ms of a ``check`` process run without ``GOVREPORT_USER`` and without a name in the
    settings (issue 14)."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        name = os.environ.get(variable)
        if name:
            return "未署名" if name_problem(name) else name
    try:
        import pwd

        name = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):  # no pwd on Windows; a uid with no entry
        return "未署名"
    return "未署名" if name_problem(name) else name


def name_problem(name: str, what: str = "姓名", advice: bool = True) -> str | None:
    """Why ``name`` cannot be the name recorded with every change (``what`` names it in the
    message), as a typed name would be refused: a control or invisible character, a lone
    surrogate (no file can store it), more than :data:`MAX_NAME` characters; None when it can.
    Without ``advice`` (a name read from a file), the reason alone, without what to retype."""
    if len(name) > MAX_NAME:
        return f"{what}过长（{len(name)} 字，最多 {MAX_NAME} 字）" + ("。" if advice else "")
    if name.isprintable():  # nearly every name: nothing more to import or look at
        return None
    from govreport_gui.core.forms.values import refused_character

    refused = refused_character(name, what)
    if refused is None:
        return None
    reason, retype = refused
    return f"{reason}，{retype}" if advice else reason


class Settings:
    """The user's settings (a plain class: ``dataclasses`` costs a check process its import)."""

    def __init__(
        self,
        user_name: str = "",
        user_name_confirmed: bool = False,  # asked once; the login name is only a default
        recent: list[str] | None = None,
        zoom: int = 100,  # the data-entry table's zoom (percent, one of ZOOM_STEPS)
        # The main window's size and place (Qt's saveGeometry) and its docks and toolbar
        # (saveState), base64; empty until the window was first closed. Files without them
        # load as before.
        window_geometry: str = "",
        window_state: str = "",
    ) -> None:
        self.user_name = user_name
        self.user_name_confirmed = user_name_confirmed
        self.recent: list[str] = [] if recent is None else recent
        self.zoom = zoom
        self.window_geometry = window_geometry
        self.window_state = window_state

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"Settings({shown})"

    @property
    def who(self) -> str:
        return self.user_name or login_name()


def _settings_path() -> str:
    return os.path.join(user_cache.user_folder("config"), "settings.json")


# Each said once, none in another's place: a bad GOVREPORT_USER is found again after the settings
# file was moved aside (the window asks for the name twice), and that move is said only now.
_pending_warnings: list[str] = []


def pop_warning() -> str | None:
    """The warnings about the settings (a damaged file, a name that cannot be used), a line each,
    once (None when there is none, or they were taken).

    The command line prints them on stderr; the window shows them after it read the settings.
    """
    message = "\n".join(_pending_warnings) or None
    _pending_warnings.clear()
    return message


def _warn(message: str) -> None:
    if message not in _pending_warnings:
        _pending_warnings.append(message)


def load_settings() -> Settings:
    path = _settings_path()
    try:
        content = read_limited(path, MAX_SETTINGS_FILE)
    except FileNotFoundError:
        return Settings()
    except FileTooLargeError:
        from govreport_gui.core.regular_file import size_text

        return _broken(path, f"文件过大，超过 {size_text(MAX_SETTINGS_FILE)}")
    except NotRegularFileError:
        _warn(f"无法读取设置文件（它不是普通文件，可能是设备或管道），本次使用默认设置：{path}")
        return Settings()
    except OSError as exc:
        from govreport_gui.core.oserror_text import describe_os_error

        _warn(f"无法读取设置文件（{describe_os_error(exc)}），本次使用默认设置：{path}")
        return Settings()
    try:
        # Notepad before 2019 saved UTF-8 with a BOM; dropped here, not by the utf-8-sig codec
        # (a module more in every `check` of a draft, issue 14).
        text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return _broken(path, "不是 UTF-8 文本")
    try:
        data = loads(text)
    except RecursionError:  # [[[[…]]]]: Python's JSON reader recurses once a level
        return _broken(path, "不是有效的 JSON：嵌套层数过多")
    except ValueError as exc:
        from json import JSONDecodeError  # imported already: json_text reads no bad JSON itself

        where = f"第 {exc.lineno} 行" if isinstance(exc, JSONDecodeError) else ""
        return _broken(path, f"不是有效的 JSON{('，' + where) if where else ''}")
    if not isinstance(data, dict):
        return _broken(path, "内容不是设置项的集合")
    raw_recent = data.get("recent", [])
    # A NUL is in no file's path (os.stat raises ValueError for it): such an entry is no file.
    recent = (
        [p for p in raw_recent if isinstance(p, str) and "\x00" not in p]
        if isinstance(raw_recent, list)
        else []
    )
    zoom = data.get("zoom", 100)
    # Files written before the zoom existed, or a hand-edited odd value: plain 100%.
    if isinstance(zoom, bool) or zoom not in ZOOM_STEPS:
        zoom = 100

    def string(key: str) -> str:
        value = data.get(key, "")
        return value if isinstance(value, str) else ""

    user_name, confirmed = _user_name(string("user_name"), data.get("user_name_confirmed"), path)
    return Settings(
        user_name=user_name,
        user_name_confirmed=confirmed,
        recent=recent[:MAX_RECENT],
        zoom=int(zoom),
        window_geometry=string("window_geometry"),
        window_state=string("window_state"),
    )


def _user_name(name: str, confirmed: object, path: StrPath) -> tuple[str, bool]:
    """The settings' name and whether it was asked: a name that cannot be recorded (a crafted or
    hand-edited file) is not used, the window asks again, and the warning says why."""
    reason = name_problem(name, advice=False)
    if reason is None:
        return name, bool(confirmed)
    _warn(
        f"设置文件中的姓名不能使用（{reason}），没有采用：没有另外指定姓名时，记录中署登录名"
        f"“{login_name()}”；窗口会再次询问您的姓名（命令行可用 --user NAME 或环境变量 "
        f"GOVREPORT_USER 指定）：{path}"
    )
    return "", False


def _broken(settings_file: StrPath, why: str) -> Settings:
    """Move a damaged settings file aside (so that nothing overwrites it) and say so, once."""
    import datetime as dt
    from pathlib import Path

    path = Path(settings_file)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        os.replace(path, backup)
    except FileNotFoundError:  # another process moved it aside a moment ago (and said so)
        return Settings()
    except OSError as exc:
        from govreport_gui.core.oserror_text import describe_os_error

        _warn(
            f"设置文件已损坏（{why}），本次使用默认设置（最近打开的草稿列表为空）；"
            f"无法把它另存备份（{describe_os_error(exc)}）：{path}"
        )
        return Settings()
    _warn(
        f"设置文件已损坏（{why}），已改用默认设置（姓名和最近打开的草稿列表需重新设置）。"
        f"原文件已备份为：{backup}"
    )
    return Settings()


def save_settings(settings: Settings) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    import json

    from govreport_gui.core.atomic_file import PRIVATE_MODE, atomic_replace

    path = _settings_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = {
        "user_name": settings.user_name,
        "user_name_confirmed": settings.user_name_confirmed,
        "recent": settings.recent[:MAX_RECENT],
        "zoom": settings.zoom,
        "window_geometry": settings.window_geometry,
        "window_state": settings.window_state,
    }
    with atomic_replace(path, mode=PRIVATE_MODE) as tmp:
        # backslashreplace: a recent file whose name is not UTF-8 (surrogate escapes) is written
        # as \\udcff in the JSON string, which reads back as the same name.
        tmp.write_text(
            json.dumps(data, ensure_ascii=False, indent=1),
            encoding="utf-8",
            errors="backslashreplace",
        )


def remember_recent(path: Path) -> None:
    try:
        settings = load_settings()
        entry = str(path.resolve())
        settings.recent = [entry, *(p for p in settings.recent if p != entry)][:MAX_RECENT]
        save_settings(settings)
    except OSError:
        pass  # a read-only profile must not stop anyone from opening a draft


def forget_recent(path: Path) -> None:
    """Take a file off the recent list (its content now lives elsewhere, e.g. in the library)."""
    try:
        settings = load_settings()
        entry = str(path.resolve())
        if entry in settings.recent:
            settings.recent = [p for p in settings.recent if p != entry]
            save_settings(settings)
    except OSError:
        pass


def env_user() -> str:
    """The name given by ``GOVREPORT_USER`` ('' when unset or blank, or when it cannot be recorded:
    said as a warning): it wins over the settings."""
    name = " ".join(os.environ.get("GOVREPORT_USER", "").split())[:MAX_NAME]
    problem = name_problem(name) if name else None
    if problem is not None:
        _warn(f"环境变量 GOVREPORT_USER 中的姓名不能使用，已忽略：{problem}")
        return ""
    return name


def current_user() -> str:
    return env_user() or load_settings().who


def set_user_name(name: str) -> None:
    """Keep the user's name (confirmed: the first-start question is not asked again)."""
    current = load_settings()
    current.user_name = name.strip()
    current.user_name_confirmed = True
    save_settings(current)
