"""govreport: 政府信息公开工作年度报告统计表的填报、校验、审核与导出。"""

__version__ = "0.1.0"

# What ``govreport --version`` and ``govreport-gui --version`` print.
VERSION_TEXT = f"govreport {__version__}"
