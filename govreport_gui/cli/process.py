"""The ``govreport`` program as a process of its own: :func:`govreport_gui.cli.main.main`, run the
way only a whole process may run it (a test or another program calling ``main`` keeps Python's
defaults).

- The cyclic garbage collector runs every 30,000 new objects instead of 700, for the whole
  command (``govreport_gui/collector.py``): garbage is still collected, in larger steps.
- A command of :data:`~govreport_gui.cli.main.ENDS_AT_ONCE` (those that only read and print, and
  ``export``) ends at once: the exit handlers run (``atexit``: openpyxl removing a temporary file
  that a failed write left, ``weakref.finalize`` callbacks), standard output and error are
  flushed, and ``os._exit`` ends the process. What Python's own exit would do on top, freeing
  every module and object one by one, is skipped: ≈ 8 % of a ``check`` process, ≈ 7 % of an
  export's (and all of it on the export's critical path, after both files are written). Such a
  command closes what it opened before it returns (a draft's connection, the files it read),
  writes each file whole through :mod:`govreport_gui.core.atomic_file` (renamed into place before
  it returns), and waits for any process it started (the export's PDF child). Every other
  command exits the usual way.
"""

from __future__ import annotations

import atexit
import os
import sys

from govreport_gui import collector


def run() -> int:
    """``govreport``'s console script: the exit code, or no return at all (see the module)."""
    collector.wait_while_starting()
    from govreport_gui.cli.main import ends_at_once, main

    code = main()
    # CPython's: the registered handlers, run now as at exit. Elsewhere, exit the usual way.
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is not None and ends_at_once(sys.argv[1:]):
        run_exit_handlers()
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
