"""``python -m govreport_gui.gui [PATH]``: the window."""

import sys

from govreport_gui.gui.process import run

sys.exit(run())
