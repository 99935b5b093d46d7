"""The one command line read without argparse: ``govreport check FILE... [--json]``.

A whole-process ``govreport check`` of one file is meant to cost about as much as starting Python
(issue 14); importing argparse (with gettext) and building the parsers is about 3 ms of it. The
plain shape, ``check`` then paths and ``--json``, means exactly one thing to the full parser, so it
is read here into the same namespace the parser would give (``files``, ``json``, ``handler``).
Anything else — an option other than ``--json`` (``-h``, an abbreviation such as ``--js``), a
path that starts with ``-`` or is blank, ``--``, no path at all — goes to argparse as before, with
its messages (``tests/test_cli_lazy.py`` checks that both read the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    import argparse


def quick_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """What the parser would make of ``argv`` when it is a plain ``check``; else ``None``."""
    if len(argv) < 2 or argv[0] != "check":
        return None
    # The paths as text: ``pathlib`` (with the ``urllib.parse`` and ``ipaddress`` it imports) is
    # ≈ 8 % of a ``check`` process, and a file's check needs no more than ``os.path`` (issue 14).
    files: list[str] = []
    as_json = False
    for arg in argv[1:]:
        if arg == "--json":
            as_json = True
        elif arg.startswith("-") or not arg.strip():
            return None  # argparse's own reading and words
        else:
            files.append(arg)
    if not files:
        return None
    from govreport_gui.cli.check_command import cmd_check

    # The attributes the parser sets for ``check`` (tests/test_cli_lazy.py compares them).
    namespace = SimpleNamespace(
        command="check",
        files=files,
        json=as_json,
        summary_xlsx=None,  # --summary-xlsx, --overwrite, --published go through the full parser
        overwrite=False,
        published=False,
        handler=cmd_check,
    )
    return namespace  # type: ignore[return-value]  # read by attribute, as a Namespace is
