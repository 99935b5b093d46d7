"""The ``.nianbao`` file: SQLite as an application file format.

``PRAGMA application_id`` marks the file as ours, ``PRAGMA user_version`` is the schema version.
Every older version has a migration here; a file from a newer program is refused, not guessed at.
"""

from __future__ import annotations

from functools import cache

from govreport_gui.core.store.sqlite import sqlite3

APPLICATION_ID = 0x4E42_4247  # "NBBG": 年报 govreport
SCHEMA_VERSION = 7

# Version 1: the first released layout (cells, fields, history, status, comments, sign-offs).
SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE field (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cell (id TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    batch INTEGER NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    old TEXT,
    new TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_target ON history (target, seq);
CREATE TABLE comment (
    id INTEGER PRIMARY KEY,
    cell TEXT,
    parent INTEGER REFERENCES comment (id),
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    text TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
);
CREATE TABLE signoff (
    id INTEGER PRIMARY KEY,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    active INTEGER NOT NULL
);
"""

# Version 2: warning explanations (说明) and last year's values for the year-to-year checks.
MIGRATE_V1_TO_V2 = """
CREATE TABLE explanation (
    rule_id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE previous_value (cell TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

# Version 3: an explanation remembers the numbers it explained (the rule's numbers text), so a
# changed figure makes it stale instead of silently still accepting the warning. Explanations of
# older files have '' there: they stay valid until the warning's numbers are explained again.
MIGRATE_V2_TO_V3 = """
ALTER TABLE explanation ADD COLUMN numbers TEXT NOT NULL DEFAULT '';
"""

# Version 4: a reviewer may mark a comment as not needing an answer (不需答复), with who and when:
# unanswered comments block sign-off, and this is the reviewer's deliberate way to let one pass.
MIGRATE_V3_TO_V4 = """
ALTER TABLE comment ADD COLUMN no_reply_at TEXT;
ALTER TABLE comment ADD COLUMN no_reply_by TEXT;
"""

# Version 5: a sign-off is a digital signature (issue 13): the version of the signed content
# (core/forms/signed_content.py), the digest of each part (JSON text), the Ed25519 signature and the
# signer's public key (base64). Sign-offs of older files keep NULL there: legacy, fingerprint only.
MIGRATE_V4_TO_V5 = """
ALTER TABLE signoff ADD COLUMN content_version TEXT;
ALTER TABLE signoff ADD COLUMN digests TEXT;
ALTER TABLE signoff ADD COLUMN signature TEXT;
ALTER TABLE signoff ADD COLUMN public_key TEXT;
"""

# Version 6: the report's text (issue 16). ``section_text`` holds each section's text (paragraphs
# joined with "\n", figures as {{CELL_ID}}); ``section_list`` is the draft's own list of sections
# on a form whose sections may be edited (2014), empty while the form's list is used.
MIGRATE_V5_TO_V6 = """
CREATE TABLE section_text (id TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE section_list (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    heading TEXT NOT NULL
);
"""

# Version 7: a consolidated draft (汇总, issue 17) records the reports it sums, one row each in
# the order listed: the unit, the file's name, the signer and the time of the sign-off, the signing
# key's short fingerprint, the signed content's fingerprint and the state of the signature when it
# was read (a SignatureStatus name: VALID_TRUSTED, VALID_UNTRUSTED, LEGACY or UNSIGNED). Any other
# draft has no rows there.
MIGRATE_V6_TO_V7 = """
CREATE TABLE consolidated_from (
    position INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    file TEXT NOT NULL,
    signer TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL,
    content_fingerprint TEXT NOT NULL,
    signature TEXT NOT NULL
);
"""

# The script that takes version N to N + 1.
MIGRATIONS: dict[int, str] = {
    1: MIGRATE_V1_TO_V2,
    2: MIGRATE_V2_TO_V3,
    3: MIGRATE_V3_TO_V4,
    4: MIGRATE_V4_TO_V5,
    5: MIGRATE_V5_TO_V6,
    6: MIGRATE_V6_TO_V7,
}


def create_schema(con: sqlite3.Connection) -> None:
    """A new file: the first layout, then every migration (so both paths give the same schema)."""
    for statement in _statements(SCHEMA_V1):
        con.execute(statement)
    for version in range(1, SCHEMA_VERSION):
        for statement in _statements(MIGRATIONS[version]):
            con.execute(statement)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(con: sqlite3.Connection, from_version: int) -> None:
    """Bring a file of an older schema up to date, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[version]):
                con.execute(statement)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


# The schema a file of version SCHEMA_VERSION holds, as SQLite keeps it in ``sqlite_master``: type,
# name, table and statement (whitespace collapsed; "" for the index SQLite makes for UNIQUE).
# SQLite builds every table, column and index of a file from these statements, so a file that
# has exactly these rows has exactly our schema, and is known to without the reference database
# below (≈ 3 % of a `govreport check` process, issue 14). Anything else is compared object by
# object as before. tests/test_draft_schema_fast.py checks these rows against that reference.
CURRENT_MASTER = (
    ("index", "history_target", "history", "CREATE INDEX history_target ON history (target, seq)"),
    ("index", "sqlite_autoindex_section_list_1", "section_list", ""),
    (
        "table",
        "cell",
        "cell",
        "CREATE TABLE cell (id TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        "table",
        "comment",
        "comment",
        "CREATE TABLE comment ( id INTEGER PRIMARY KEY, cell TEXT, parent INTEGER REFERENCES"
        " comment (id), at TEXT NOT NULL, who TEXT NOT NULL, text TEXT NOT NULL, resolved_at TEXT,"
        " resolved_by TEXT , no_reply_at TEXT, no_reply_by TEXT)",
    ),
    (
        "table",
        "consolidated_from",
        "consolidated_from",
        "CREATE TABLE consolidated_from ( position INTEGER PRIMARY KEY, unit TEXT NOT NULL, file"
        " TEXT NOT NULL, signer TEXT NOT NULL, signed_at TEXT NOT NULL, key_fingerprint TEXT NOT"
        " NULL, content_fingerprint TEXT NOT NULL, signature TEXT NOT NULL )",
    ),
    (
        "table",
        "explanation",
        "explanation",
        "CREATE TABLE explanation ( rule_id TEXT PRIMARY KEY, text TEXT NOT NULL, at TEXT NOT NULL,"
        " who TEXT NOT NULL , numbers TEXT NOT NULL DEFAULT '') WITHOUT ROWID",
    ),
    (
        "table",
        "field",
        "field",
        "CREATE TABLE field (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        "table",
        "history",
        "history",
        "CREATE TABLE history ( seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, at TEXT NOT NULL,"
        " who TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, old TEXT, new TEXT, note"
        " TEXT NOT NULL DEFAULT '' )",
    ),
    (
        "table",
        "meta",
        "meta",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        "table",
        "previous_value",
        "previous_value",
        "CREATE TABLE previous_value (cell TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        "table",
        "section_list",
        "section_list",
        "CREATE TABLE section_list ( position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, heading"
        " TEXT NOT NULL )",
    ),
    (
        "table",
        "section_text",
        "section_text",
        "CREATE TABLE section_text (id TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID",
    ),
    (
        "table",
        "signoff",
        "signoff",
        "CREATE TABLE signoff ( id INTEGER PRIMARY KEY, reviewer TEXT NOT NULL, at TEXT NOT NULL,"
        " fingerprint TEXT NOT NULL, active INTEGER NOT NULL , content_version TEXT, digests TEXT,"
        " signature TEXT, public_key TEXT)",
    ),
)


def master_rows(con: sqlite3.Connection) -> tuple[tuple[str, str, str, str], ...]:
    """The file's ``sqlite_master`` as :data:`CURRENT_MASTER` writes it, sorted (a row twice
    stays twice)."""
    return tuple(
        sorted(
            (
                str(kind),
                str(name),
                str(table),
                " ".join(str(sql).split()) if sql is not None else "",
            )
            for kind, name, table, sql in con.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master"
            )
        )
    )


def missing_columns(con: sqlite3.Connection) -> list[str]:
    """The ``table.column`` names of the current schema that the file lacks (a damaged schema)."""
    return sorted(f"{t}.{c}" for t, c in _current_columns() - _columns(con))


@cache
def _current_columns() -> frozenset[tuple[str, str]]:
    # The tables' columns of the schema a new file gets: read from the reference schema that
    # unexpected_objects compares with (one reference database per process, not two: issue 14).
    return frozenset(
        (name, str(column[1]))
        for kind, name, _table, _sql, columns in _expected_schema(SCHEMA_VERSION)
        if kind == "table"
        for column in columns
    )


def _columns(con: sqlite3.Connection) -> set[tuple[str, str]]:
    # One query for every table's columns (a folder of drafts is opened one after another).
    return {
        (str(table), str(column))
        for table, column in con.execute(
            "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
            " WHERE m.type = 'table'"
        )
    }


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def unexpected_objects(con: sqlite3.Connection, version: int) -> list[str]:
    """What the file's schema holds beyond (or instead of) what version ``version`` of this
    program writes: triggers, views, extra tables, columns, indexes or constraints.

    A draft comes from outside (USB sticks, mail): a trigger stored in it would run our own
    edits through someone else's SQL, a CHECK with ``randomblob`` would eat memory. The file's
    schema must be exactly the one we write, object by object, including each statement's
    text (so a CHECK or a changed default is seen). Empty means the schema is ours.
    """
    if version == SCHEMA_VERSION and master_rows(con) == CURRENT_MASTER:
        return []
    expected = _expected_schema(version)
    actual = _schema(con)
    if actual == expected:
        return []
    found = {(kind, name) for kind, name, *_ in actual}
    wanted = {(kind, name) for kind, name, *_ in expected}
    extra = sorted(found - wanted)
    changed = sorted(
        (kind, name) for kind, name, *_ in (set(actual) - set(expected)) if (kind, name) in wanted
    )
    missing = sorted(wanted - found)
    described = [f"{_KIND_NAMES.get(kind, kind)}“{name}”" for kind, name in extra]
    described += [f"{_KIND_NAMES.get(kind, kind)}“{name}”（结构不同）" for kind, name in changed]
    described += [f"缺少{_KIND_NAMES.get(kind, kind)}“{name}”" for kind, name in missing]
    return described


_KIND_NAMES = {"table": "数据表", "index": "索引", "trigger": "触发器", "view": "视图"}

# One schema object: type, name, table, its statement with whitespace collapsed, its columns.
SchemaObject = tuple[str, str, str, str, tuple[tuple[object, ...], ...]]


@cache
def _expected_schema(version: int) -> frozenset[SchemaObject]:
    reference = sqlite3.connect(":memory:")
    try:
        for statement in _statements(SCHEMA_V1):
            reference.execute(statement)
        for step in range(1, version):
            for statement in _statements(MIGRATIONS[step]):
                reference.execute(statement)
        return _schema(reference)
    finally:
        reference.close()


def _schema(con: sqlite3.Connection) -> frozenset[SchemaObject]:
    objects: set[SchemaObject] = set()
    rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        text = " ".join(str(sql).split()) if sql is not None else ""
        columns: tuple[tuple[object, ...], ...] = ()
        if kind == "table":
            columns = tuple(
                tuple(row) for row in con.execute("SELECT * FROM pragma_table_xinfo(?)", (name,))
            )
        elif kind == "index":
            columns = tuple(
                tuple(row) for row in con.execute("SELECT * FROM pragma_index_xinfo(?)", (name,))
            )
        objects.add((str(kind), str(name), str(table), text, columns))
    return frozenset(objects)
