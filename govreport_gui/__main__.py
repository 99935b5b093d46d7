"""``python -m govreport_gui``: the command line."""

import sys

from govreport_gui.cli.process import run

sys.exit(run())
