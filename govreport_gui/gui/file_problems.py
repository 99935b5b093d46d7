"""The Chinese sentence shown when a file action (new, example copy, save as) fails.

A DraftError already carries its sentence; any other OSError is worded here, after what could not
be done, so that every such action reads alike.
"""

from __future__ import annotations

from govreport_gui.core.oserror_text import describe_os_error
from govreport_gui.core.store.draft import DraftError


def file_problem(exc: DraftError | OSError, cannot: str, advice: str = "") -> str:
    """``exc``'s message for the user: ``cannot`` (“无法新建草稿”) and the reason, then ``advice``."""
    if isinstance(exc, DraftError):
        return exc.message
    text = f"{cannot}：{describe_os_error(exc)}"
    return f"{text}。\n{advice}" if advice else text
