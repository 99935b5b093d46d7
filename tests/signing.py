"""Signing off in a test as a reviewer does: acting as the reviewer (the window's 审核模式 records
what is done in the reviewer's name, the command line's --user), not as the 填报人 who filled the
draft — the one acting is the one who signs, and a 填报人 may not (tests/test_roles.py)."""

from __future__ import annotations

from govreport_gui.core.forms.engine import Checker
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft


def sign_off_as(draft: Draft, reviewer: str, checker: Checker | None = None) -> review.SignOff:
    """``review.sign_off`` by ``reviewer``, who from now on is the one acting on ``draft``."""
    draft.user = reviewer
    return review.sign_off(draft, reviewer, checker)
