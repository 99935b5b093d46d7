"""The plain snapshot of an open report that the layout writers work on.

:func:`report_data` copies what an export or a print needs out of an open draft — form, fields,
values, status and its Chinese name, the active sign-off — into a frozen
:class:`~govreport_gui.core.layout.report.ReportData`. The writers in ``core/layout`` then read
neither the draft nor its review state, and the draft is free again as soon as the copy is made
(an export may run in a worker while the window goes on).
"""

from __future__ import annotations

from typing import Any

from govreport_gui.core.layout.report import ReportData, SignOffInfo
from govreport_gui.core.ops import review
from govreport_gui.core.ops.report_export import report_of
from govreport_gui.core.ops.signature import form_switched, signature_status
from govreport_gui.core.store.draft import STATUS_NAMES


def current_signoff(draft: Any) -> SignOffInfo | None:
    """The draft's active sign-off (via ``review.current_signoff``), as plain data."""
    found = review.current_signoff(draft)
    if found is None:
        return None
    return SignOffInfo(
        str(found.reviewer),
        str(found.at),
        str(found.fingerprint),
        content_version=found.content_version or "",
        digests=found.digests or "",
        signature=found.signature or "",
        public_key=found.public_key or "",
        key_fingerprint=found.key_fingerprint,
    )


def report_data(draft: Any) -> ReportData:
    """Copy what an export needs out of an open draft (the draft is not used afterwards)."""
    status = str(draft.status)
    check = signature_status(draft)
    return ReportData(
        form=draft.form,
        fields=dict(draft.fields),
        values=dict(draft.values),
        status=status,
        signoff=current_signoff(draft),
        source=str(getattr(draft, "path", "")),
        form_changed=bool(getattr(draft, "form_changed", False)),
        form_switched=form_switched(draft) if check.invalid else "",
        status_name=STATUS_NAMES.get(status, status),
        signature_status=check.status.value,
        signature_problem=check.reason if check.invalid else "",
        report=report_of(draft),
    )


def as_report_data(source: Any) -> ReportData:
    """A ReportData from a ReportData, a Draft or a ReportDocument (anything with ``.draft``)."""
    if isinstance(source, ReportData):
        return source
    draft = getattr(source, "draft", source)
    return report_data(draft)
