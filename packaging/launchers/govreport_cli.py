"""PyInstaller's entry script of ``govreport`` (the command line): ``pyproject.toml``'s
``[project.scripts]`` entry, as a file, because PyInstaller starts a program from a script."""

import sys

from govreport_gui.cli.process import run

sys.exit(run())
