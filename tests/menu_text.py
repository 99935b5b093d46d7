"""Menu texts as the tests name them: without the access key that gui/desktop_habits.py adds.

``另存为(&B)…`` → ``另存为…``, ``撤销 录入(&U)`` → ``撤销 录入``, ``A&&B`` → ``A&B``. Only the
bracketed ``(&X)`` and a bare ``&`` go; the rest of the text is compared exactly.
(tests/test_desktop_habits.py checks that every item has its key.)
"""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"\(&[^&]\)")


def plain(text: str) -> str:
    """The menu text without its access key."""
    text = _BRACKETED.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def plain_texts(actions: object) -> list[str]:
    """``plain`` of the text of each of ``actions`` (QAction objects), in order."""
    return [plain(a.text()) for a in actions]  # type: ignore[attr-defined]
