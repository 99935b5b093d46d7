"""``python -m govreport_gui``: the command line."""

import sys

from govreport_gui.cli.main import main

sys.exit(main())
