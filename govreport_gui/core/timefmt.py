"""Times as the program shows them: stored in UTC (ISO 8601), shown in the local time zone.

At ``core/`` top level because the file layer, the operations and the layout writers (the sign-off
line of an export) all show times, and the layout may not import the file layer.
"""

from __future__ import annotations

# ``datetime`` is imported where a time is made or shown: a ``check`` of a draft shows none (with
# core/store/sqlite.py, which leaves out the other importer, ≈ 3 % of that process; issue 14).


def now_iso() -> str:
    """Now, in UTC, as stored in a draft."""
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def format_time(iso: str) -> str:
    """A stored time as the user reads it (local time, to the second); unreadable text as is."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (ValueError, TypeError, OverflowError, OSError):  # year 1 or 9999 has no local time
        return str(iso)
