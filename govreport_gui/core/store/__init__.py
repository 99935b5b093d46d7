"""The draft file (schema, migrations, lock), atomic writes, the library, settings, logs."""
