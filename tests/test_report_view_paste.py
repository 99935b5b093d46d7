"""Text pasted into a section (core/report/pasted_text.py): what Word, WPS, web pages and PDF
readers put on the clipboard, made into paragraphs a section stores."""

from __future__ import annotations

from govreport_gui.core.report.pasted_text import plain_paragraphs
from govreport_gui.core.report.sections import text_problem


def test_word_paragraphs_keep_their_words_and_lose_their_layout() -> None:
    pasted = "\ufeff\u3000\u3000一、总体情况\r\n\r\n\u3000\u30002021年，本机关\u200b认真贯彻\u00ad落实。\r\n"
    assert plain_paragraphs(pasted) == "一、总体情况\n2021年，本机关认真贯彻落实。"


def test_every_kind_of_line_break_ends_a_paragraph() -> None:
    pasted = "甲\r乙\u2028丙\u2029丁\x0b戊\x0c己\n"
    assert plain_paragraphs(pasted) == "甲\n乙\n丙\n丁\n戊\n己"


def test_what_a_section_refuses_is_dropped_so_the_paste_is_saved() -> None:
    pasted = "表\t格\x07文字\u202e反向\ud800"
    cleaned = plain_paragraphs(pasted)
    assert cleaned == "表 格文字反向"
    assert text_problem(cleaned, "正文") is None
    assert text_problem(pasted, "正文") is not None  # as pasted, it would be refused
