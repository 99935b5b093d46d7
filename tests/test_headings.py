"""How a report's section heading is read: its numbering and the words it is matched by."""

from __future__ import annotations

import pytest

from govreport_gui.core.forms.headings import heading_key, heading_number


@pytest.mark.parametrize(
    ("text", "number", "key"),
    [
        ("一、总体情况", 1, "总体情况"),
        ("二十三、其他", 23, "其他"),
        ("第二部分 主动公开", 2, "主动公开"),
        ("第十二章　其他事项", 12, "其他事项"),
        ("第三节概述", 3, "概述"),
        ("第一", None, "第一"),  # 第 without 部分 / 章 / 节 is no numbering
        ("1.总体情况", 1, "总体情况"),
        ("12、情况", 12, "情况"),
        ("６．其他需要报告的事项", 6, "其他需要报告事项"),  # full-width, as NFKC reads it
        ("123.情况", None, "123情况"),  # three digits: a figure, not a heading's number
        ("1总体", None, "1总体"),  # digits without 、 . , after them
        ("（一）主动公开", None, "一主动公开"),  # a sub-heading keeps its numbering
        ("四、2019年工作思路", 4, "#年工作思路"),
        ("四．2020 年工作思路：", 4, "#年工作思路"),
        ("四、{next}年工作思路", 4, "#年工作思路"),
        ("三、收到和处理政府信息公开的申请情况", 3, "收到和处理政府信息公开申请情况"),
        ("附件：统计表", None, "附件统计表"),
    ],
)
def test_a_headings_number_and_key(text: str, number: int | None, key: str) -> None:
    assert heading_number(text) == number
    assert heading_key(text) == key
