"""PyInstaller's entry script of ``govreport-gui`` (the window): ``pyproject.toml``'s
``[project.gui-scripts]`` entry, as a file, because PyInstaller starts a program from a script."""

import sys

from govreport_gui.gui.process import run

sys.exit(run())
