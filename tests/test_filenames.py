"""File names made from the unit, year and form fit every file system (issue 11: a long 填报单位
made the export fail with “File name too long”, and nothing was written)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govreport_gui.core.filenames import MAX_NAME_BYTES, report_stem
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.store import library
from govreport_gui.core.store.draft import Draft

TITLE = "政府信息公开情况统计表"
LONG_UNIT = "某某省某某市某某区人民政府办公室" * 10  # 160 characters, 480 bytes in UTF-8


def test_a_short_unit_gives_the_name_as_before() -> None:
    assert report_stem("自治区机关事务管理局", "2018", TITLE) == (
        "自治区机关事务管理局_2018年度_政府信息公开情况统计表"
    )


def test_a_long_unit_is_shortened_and_year_and_form_stay_whole() -> None:
    stem = report_stem(LONG_UNIT, "2024", TITLE, "_草稿", room=len(b".xlsx"))
    name = stem + ".xlsx"
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES <= 255
    assert name.startswith("某某省某某市某某区人民政府办公室")  # whose report it is, still readable
    assert name.endswith("…_2024年度_政府信息公开情况统计表_草稿.xlsx")


def test_characters_no_file_system_takes_are_replaced() -> None:
    assert report_stem("局/处:科", "2024", TITLE) == "局_处_科_2024年度_政府信息公开情况统计表"
    assert report_stem('局*?"<>|', "2024", TITLE).startswith("局_")


@given(
    unit=st.text(min_size=0, max_size=400),
    tail=st.sampled_from(["", "_草稿"]),
    room=st.sampled_from([0, 5, 17]),
)
def test_any_unit_gives_a_name_within_the_limit(unit: str, tail: str, room: int) -> None:
    stem = report_stem(unit or "未填单位", "2024", TITLE, tail, room)
    assert 0 < len(stem.encode("utf-8")) <= MAX_NAME_BYTES - room
    assert not set(stem) & set('\\/:*?"<>|\x00')
    assert stem == stem.strip(" .")


def test_a_new_draft_for_a_long_unit_can_be_created(form_2014: FormDef, tmp_path: Path) -> None:
    first = library.new_draft_path(form_2014, LONG_UNIT, "2018", tmp_path)
    Draft.create(first, form_2014, "测试员", fields={"unit": LONG_UNIT, "year": "2018"}).close()
    second = library.new_draft_path(form_2014, LONG_UNIT, "2018", tmp_path)
    Draft.create(second, form_2014, "测试员", fields={"unit": LONG_UNIT, "year": "2018"}).close()
    assert second != first and second.name.endswith("（2）.nianbao")
    for path in (first, second):
        assert path.is_file() and len(path.name.encode("utf-8")) <= MAX_NAME_BYTES
