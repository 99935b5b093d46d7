"""The ``govreport`` program as a process of its own: :func:`govreport_gui.cli.main.main`, run the
way only a whole process may run it (a test or another program calling ``main`` keeps Python's
defaults).

- The cyclic garbage collector runs every 30,000 new objects instead of 700, for the whole
  command (``govreport_gui/collector.py``): garbage is still collected, in larger steps.
- A read-only command (:data:`~govreport_gui.cli.main.ENDS_AT_ONCE`) ends with ``os._exit`` once
  standard output and error are flushed: Python's own exit would free every module and object one
  by one (≈ 8 % of a ``check`` process) and has nothing to do for it. Such a command closes what it
  opened before it returns (a draft's connection, the files it read), writes no file except
  through :mod:`govreport_gui.core.atomic_file` (renamed into place before it returns), starts no
  thread or process that outlives it, and registers nothing with ``atexit``. Every other command
  exits the usual way.
"""

from __future__ import annotations

import os
import sys

from govreport_gui import collector


def run() -> int:
    """``govreport``'s console script: the exit code, or no return at all (see the module)."""
    collector.wait_while_starting()
    from govreport_gui.cli.main import ends_at_once, main

    code = main()
    if ends_at_once(sys.argv[1:]):
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                # The reader went away (`| head -1`): what is left has nobody to read it, and
                # the command's own exit code stands.
                pass
        os._exit(code)
    return code
