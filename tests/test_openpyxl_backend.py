"""openpyxl keeps the XML back-end our workbook import, export and ``verify`` were made with,
although python-docx (the Word export) installs lxml, which openpyxl would otherwise switch to."""

from __future__ import annotations

import os
import subprocess
import sys


def test_openpyxl_does_not_switch_to_lxml() -> None:
    probe = (
        "import lxml.etree\n"  # installed with python-docx
        "import govreport_gui.core.layout.export_xlsx\n"
        "import openpyxl.xml\n"
        "print(openpyxl.xml.LXML)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "False"
