"""Every value in a draft is of its column's type: text where text is declared, an integer where an
integer is (NULL only where the column allows it).

SQLite stores any type in any column: a draft crafted with ``sqlite3`` can hold a BLOB as the form
id (``UPDATE meta SET value = X'FF' WHERE key = 'form_id'``) or text as a history batch number,
and the code that reads it (``get_form``, ``str.startswith`` …) then failed with 内部错误
(AttributeError). The types are checked once, on open, for every table and column, so every later
reader can rely on them; a wrong one is a damaged file, said in Chinese.
"""

from __future__ import annotations

from govreport_gui.core.store.sqlite import sqlite3

# The SQLite storage classes a declared column type takes (TEXT affinity turns numbers into text,
# INTEGER affinity turns numeric text into integers: what stays different is really wrong).
_ALLOWED = {"TEXT": ("text",), "INTEGER": ("integer",)}

# Tables whose rows are checked where they are read, so the draft still opens: a damaged history
# line is named by its number (core/store/history.py); a sign-off row of the wrong types is a
# signature that does not verify, shown as 签名无效 (core/ops/signature.py), like any forgery.
_CHECKED_WHERE_READ = frozenset({"history", "signoff"})


def wrongly_typed(con: sqlite3.Connection) -> str | None:
    """Where the first value of the wrong type is, in Chinese (None: every value is right)."""
    columns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # table: (column, classes)
    for table, column, declared, notnull in con.execute(
        'SELECT m.name, p.name, p.type, p."notnull"'
        " FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
        " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
    ):
        allowed = _ALLOWED.get(str(declared).upper())
        if allowed is not None and table not in _CHECKED_WHERE_READ:
            kinds = allowed if notnull else (*allowed, "null")
            columns.setdefault(str(table), []).append((str(column), kinds))
    for table, checked in columns.items():
        if not checked:
            continue
        # One query a table, not one a column: a folder of 3,000 drafts is opened by the 审核台.
        # Names come from the file's own schema, which check_file has compared with ours.
        wrong = [
            f'typeof("{column}") NOT IN ({", ".join(f"{kind!r}" for kind in kinds)})'
            for column, kinds in checked
        ]
        row = con.execute(
            f'SELECT {", ".join(wrong)} FROM "{table}" WHERE {" OR ".join(wrong)} LIMIT 1'
        ).fetchone()
        if row is None:
            continue
        column, taken = checked[[bool(flag) for flag in row].index(True)]
        if table == "meta":
            found = con.execute(
                "SELECT key FROM meta WHERE typeof(value) != 'text' AND typeof(key) = 'text'"
            ).fetchone()
            if found is not None:
                return f"元数据“{found[0]}”的值不是文本"
        what = "文本" if taken[0] == "text" else "整数"
        return f"数据表“{table}”的“{column}”列中有不是{what}的内容"
    return None
