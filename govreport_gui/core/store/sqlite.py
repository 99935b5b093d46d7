"""SQLite as the drafts use it: ``from govreport_gui.core.store.sqlite import sqlite3``.

The standard ``sqlite3`` package is the compiled module ``_sqlite3`` re-exported (its ``dbapi2``:
``from _sqlite3 import *``) plus the DB-API's date and time helpers, for which it imports
``datetime`` and registers adapters of dates (deprecated since Python 3.12; a draft stores its
times as text it writes itself). Those cost a whole-process ``govreport check`` of a draft about
3 % (issue 14), so the compiled module is used directly: the same functions, classes and
exceptions (``sqlite3.Error`` *is* ``_sqlite3.Error``), without the helpers. Where it is missing
(another Python), the package is imported as usual. ``tests/test_sqlite_module.py`` checks that
what the program uses is there and is the package's own.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    import sqlite3 as sqlite3
else:
    try:
        import _sqlite3 as sqlite3
    except ImportError:  # pragma: no cover - CPython has it
        import sqlite3

__all__ = ["sqlite3"]
