"""The Qt-free core, in packages by job (none imports Qt or argparse):

- ``forms``: form definitions, the rule language, values and number parsing, the rule engine;
- ``store``: the draft file, its schema and migrations, the lock, atomic writes, library, settings;
- ``layout``: the official layout of each form, its Excel and PDF writers and the Excel reader;
- ``ops``: every user action over the open document.

``tests/test_no_qt_in_core.py`` enforces that nothing here imports Qt.
"""
