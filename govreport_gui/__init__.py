"""govreport: 政府信息公开工作年度报告统计表的填报、校验、审核与导出。"""

import os

__version__ = "0.1.0"

# What ``govreport --version`` and ``govreport-gui --version`` print.
VERSION_TEXT = f"govreport {__version__}"

# openpyxl switches its XML back-end to lxml whenever lxml is installed, and python-docx (the
# Word export, issue 16) brings lxml: workbooks would then be read and written by other code than
# the one our import, export and ``verify`` were made and tested with (defusedxml and et_xmlfile;
# under lxml, verify no longer names an oversized sheet). openpyxl reads this when it is first
# imported, so it is set here, before any of our modules can import it.
os.environ.setdefault("OPENPYXL_LXML", "False")
