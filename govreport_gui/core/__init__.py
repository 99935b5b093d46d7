"""The Qt-free core: form definitions, the rule engine, drafts, exports and the command line.

Nothing in this package may import Qt; ``tests/test_no_qt_in_core.py`` enforces it.
"""
