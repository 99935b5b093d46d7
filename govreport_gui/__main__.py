"""``python -m govreport_gui``: the command line."""

import sys

from govreport_gui.core.cli import main

sys.exit(main())
