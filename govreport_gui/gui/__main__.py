"""``python -m govreport_gui.gui [PATH]``: the window."""

import sys

from govreport_gui.gui.app import main

sys.exit(main())
