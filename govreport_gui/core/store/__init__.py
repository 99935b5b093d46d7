"""The draft file (schema, migrations, lock, review records), atomic writes, library, settings, logs.

Every SQL statement of the package is here; the ops above call these functions and run none.
"""
