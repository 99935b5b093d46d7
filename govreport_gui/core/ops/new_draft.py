"""新建草稿 as one op, for ``govreport new`` and the window's 新建 dialog alike.

With last year's draft of the same unit (上一年度) the op checks it (year − 1, same unit, a form that
carries over: :func:`~govreport_gui.core.ops.previous_year.read_previous`), keeps a copy of its
values for ``prev()`` rules, pre-fills 上年结转, and takes the unit and the year from it when they
were not given. Both front-ends used to assemble this themselves; written once here, they cannot
drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import year_warning
from govreport_gui.core.forms.values import Value
from govreport_gui.core.ops.previous_year import carry_over_values, read_previous
from govreport_gui.core.store.draft import Draft

# Where the new draft goes: a path, or (the window's library) a function of the final fields,
# because the library names the file after the unit and year, which may come from last year's draft.
PathChoice = Path | Callable[[Mapping[str, str]], Path]


@dataclass(frozen=True)
class NewReport:
    """What :func:`new_report` made: the file, its fields, and what came from last year."""

    path: Path
    form: FormDef
    fields: dict[str, str]
    prefilled: dict[str, Value | None] = field(default_factory=dict)
    previous_source: str = ""

    @property
    def year_note(self) -> str | None:
        """A note when the form is not the one in force for the year (the draft is made anyway)."""
        return year_warning(self.form, self.fields.get("year"))


def new_report(
    form: FormDef,
    path: PathChoice,
    user: str,
    fields: Mapping[str, str],
    previous: Path | None = None,
) -> NewReport:
    """Create a new draft of ``form`` with parsed ``fields`` (the file is closed again).

    Raises :class:`~govreport_gui.core.ops.previous_year.PreviousYearError` when ``previous``
    cannot serve as last year's report (nothing is created then), and
    :class:`~govreport_gui.core.store.draft.DraftError` when the draft cannot be written.
    """
    final = dict(fields)
    last_values: dict[str, Value] | None = None
    initial: dict[str, Value | None] = {}
    source = ""
    if previous is not None:
        last = read_previous(previous, user, form, final.get("unit", ""), final.get("year", ""))
        last_values, source = last.values, str(previous)
        if not final.get("unit") and last.fields.get("unit"):
            final["unit"] = last.fields["unit"]
        if not final.get("year"):
            final["year"] = str(last.year + 1)
        initial = carry_over_values(form, last_values)
    target = path if isinstance(path, Path) else path(final)
    draft = Draft.create(
        target,
        form,
        user,
        fields=final,
        values=initial,
        previous=last_values,
        previous_source=source,
    )
    draft.close()
    return NewReport(target, form, final, initial, source)
