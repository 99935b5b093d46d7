"""PyInstaller's entry script of the one program file of the Linux package, which is both commands.

``govreport`` and ``govreport-gui`` are one file there (``govreport-gui`` a link to ``govreport``,
packaging/govreport.spec says why): the name it was started by picks the front end, as busybox
does. The command line never imports Qt; the window first runs PyInstaller's PySide6 run-time hook
(``pyi_rth_pyside6.py``, collected beside the libraries), which the spec keeps out of the
program's start so that ``govreport check`` does not pay for importing QtCore (≈ 90 ms).

Windows and macOS keep two program files (govreport_cli.py, govreport_window.py).
"""

from __future__ import annotations

import os
import sys

CLI_NAME = "govreport"
QT_HOOK = "pyi_rth_pyside6.py"  # its name in the folder's _internal/ (the spec puts it there)


def is_command_line(argv0: str) -> bool:
    """True when started as ``govreport`` (the command line); any other name is the window: the
    desktop entry's ``govreport-gui``, or a link a user made with a name of their own."""
    return os.path.basename(argv0) == CLI_NAME


def prepare_qt(bundle: str) -> None:
    """What PyInstaller's PySide6 run-time hook does at a program's start (Qt's plugin folder,
    its qt.conf), done here, before the window imports Qt."""
    import runpy  # the window's start only

    hook = os.path.join(bundle, QT_HOOK)
    # Not there only in a damaged folder (tests/test_installer_deb.py checks the package has it):
    # PySide6 then finds its plugins through the qt.conf it makes itself, and the window still
    # starts, rather than stopping on a missing helper.
    if os.path.isfile(hook):
        runpy.run_path(hook, run_name="__pyi_rth__")


def main() -> int:
    if is_command_line(sys.argv[0]):
        from govreport_gui.cli.process import run as cli_main

        return cli_main()
    prepare_qt(getattr(sys, "_MEIPASS", os.path.dirname(os.path.abspath(__file__))))
    from govreport_gui.gui.process import run as window_main

    return window_main()


if __name__ == "__main__":
    sys.exit(main())
