"""The local draft library: drafts in the per-user data folder, and recently opened files."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from govreport_gui.core import settings
from govreport_gui.core.draft import (
    DRAFT_SUFFIX,
    STATUS_NAMES,
    Draft,
    DraftError,
    roll_back_hot_journal,
    sniff,
)
from govreport_gui.core.filenames import report_stem, safe_part
from govreport_gui.core.formdef import FormDef
from govreport_gui.core.paths import example_values_path
from govreport_gui.core.registry import UnknownFormError, get_form


@dataclass(frozen=True)
class DraftSummary:
    path: Path
    form_id: str
    form_title: str
    unit: str
    year: str
    status: str
    status_name: str
    last_change: str  # ISO time of the last history entry
    in_library: bool
    problem: str = ""  # why the file could not be read, if it could not

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "form": self.form_id,
            "form_title": self.form_title,
            "unit": self.unit,
            "year": self.year,
            "status": self.status,
            "status_name": self.status_name,
            "last_change": self.last_change,
            "in_library": self.in_library,
            "problem": self.problem,
        }


def summarise(path: Path, in_library: bool) -> DraftSummary:
    """Read a draft's key facts without locking or changing it."""
    try:
        sniff(path)
        roll_back_hot_journal(path)
        uri = path.resolve().as_uri() + "?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=2)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            fields = dict(con.execute("SELECT key, value FROM field").fetchall())
            last = con.execute("SELECT max(at) FROM history").fetchone()[0] or ""
        finally:
            con.close()
    except (DraftError, sqlite3.Error, OSError, UnicodeDecodeError) as exc:
        message = exc.message if isinstance(exc, DraftError) else "无法读取"
        return DraftSummary(path, "", "", "", "", "", "", "", in_library, message)
    form_id = meta.get("form_id", "")
    try:
        title = get_form(form_id).title
    except UnknownFormError:
        title = f"未知表单 {form_id}"
    status = meta.get("status", "")
    return DraftSummary(
        path=path,
        form_id=form_id,
        form_title=title,
        unit=fields.get("unit", ""),
        year=fields.get("year", ""),
        status=status,
        status_name=STATUS_NAMES.get(status) or status,
        last_change=last,
        in_library=in_library,
    )


_BACKUP = re.compile(r"\.v\d+-备份\d*$")


def list_drafts() -> list[DraftSummary]:
    """The library's drafts and the recent files from elsewhere, most recently changed first."""
    seen: set[Path] = set()
    result: list[DraftSummary] = []
    folder = settings.library_dir()
    if folder.is_dir():
        for path in folder.glob(f"*{DRAFT_SUFFIX}"):
            if _BACKUP.search(path.stem):
                continue  # the copy kept before a draft was migrated, not a draft of its own
            resolved = path.resolve()
            seen.add(resolved)
            result.append(summarise(resolved, in_library=True))
    for entry in settings.load_settings().recent:
        path = Path(entry)
        if path.resolve() in seen or not path.exists():
            continue
        seen.add(path.resolve())
        result.append(summarise(path, in_library=False))
    result.sort(key=lambda s: s.last_change, reverse=True)
    return result


def safe_name(text: str) -> str:
    return safe_part(text)


# What new_draft_path may append to the stem: a number, then the suffix.
_DRAFT_NAME_ROOM = len(f"（999）{DRAFT_SUFFIX}".encode())


def _draft_stem(form: FormDef, unit: str, year: str) -> str:
    return report_stem(unit or "未命名单位", year or "未定", form.title, room=_DRAFT_NAME_ROOM)


def new_draft_path(form: FormDef, unit: str, year: str, folder: Path | None = None) -> Path:
    """A fresh file name in the library: ``<单位>_<年度>年度_<表名>.nianbao`` (numbered if taken)."""
    folder = folder or settings.library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = _draft_stem(form, unit, year)
    path = folder / f"{stem}{DRAFT_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}（{n}）{DRAFT_SUFFIX}"
        n += 1
    return path


def create_example(folder: Path | None = None) -> Path:
    """The library's copy of the bundled example (the seed's 2018 report); returns its path.

    A copy made before that is still in the library folder is returned as it is (the first one,
    ``示例_<单位>_<年度>年度_<表名>.nianbao`` before ``…（2）.nianbao``, if there are several), so
    opening the example again does not fill the library with identical drafts. A new copy is made
    only when there is none that opens as a draft of the example's form.
    """
    from govreport_gui.core.valuesfile import load_values_document

    doc = load_values_document(example_values_path())
    unit = f"示例_{doc.fields.get('unit', '示例')}"
    year = doc.fields.get("year", "")
    folder = folder or settings.library_dir()
    earlier = _earlier_copy(folder, _draft_stem(doc.form, unit, year), doc.form)
    if earlier is not None:
        return earlier
    path = new_draft_path(doc.form, unit, year, folder)
    draft = Draft.create(
        path, doc.form, settings.current_user(), fields=doc.fields, values=doc.values
    )
    draft.close()
    return path


def _earlier_copy(folder: Path, stem: str, form: FormDef) -> Path | None:
    """The first file named as :func:`new_draft_path` names ``stem`` that is a draft of ``form``."""
    named = re.compile(re.escape(stem) + r"(?:（(\d+)）)?" + re.escape(DRAFT_SUFFIX))
    try:
        names = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return None
    numbered: list[tuple[int, str, Path]] = []
    for path in names:
        match = named.fullmatch(path.name)
        if match and path.is_file():
            numbered.append((int(match.group(1) or 1), path.name, path))
    for _, _, path in sorted(numbered):
        try:
            with Draft.open(path, settings.current_user(), readonly=True) as draft:
                if draft.form.id == form.id:
                    return path
        except (DraftError, OSError):
            continue  # damaged, newer, foreign, unreadable: not a copy to go back to
    return None
