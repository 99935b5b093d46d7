"""Every PDF page names the unit, the year and the page; nothing printed overlaps (poppler).

A loose page of a printed report must still say whose report it is: each page carries, under the
table, the unit and the year, and “第 2 页 共 3 页”. A long footer (long names, a long phone entry)
must not run over the 草稿 note or the sign-off under it: checked on the words' bounding boxes
that ``pdftotext -bbox`` reads back.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_export import consistent_values, example, fields_for, make_draft, read_data

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.export_pdf import export_pdf
from govreport_gui.core.layout.report import DRAFT_NOTE, ReportData

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdfinfo")), reason="poppler missing"
)

LONG_UNIT = "宁夏回族自治区机关事务管理局办公室政府信息公开与政务公开工作领导小组办公室（信息中心）"
LONG_FOOTER = {
    "head": "潘明生（主持全面工作的副局长，兼任政务公开领导小组组长）",
    "reviewer": "某某某（办公室主任、政务公开领导小组副组长）",
    "preparer": "某某（办公室政务公开专员、信息中心工程师）",
    "phone": "0951-1234567，0951-7654321，13800000000（工作日 8:30–17:30）",
    "date": "2019年1月20日",
}


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Word, slack: float = 0.5) -> bool:
        return (
            self.x0 < other.x1 - slack
            and other.x0 < self.x1 - slack
            and self.y0 < other.y1 - slack
            and other.y0 < self.y1 - slack
        )


def pages_words(path: Path) -> list[list[Word]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.findall(r"<page[^>]*>(.*?)</page>", out, flags=re.S):
        words = [
            Word(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
            for m in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                page,
            )
        ]
        pages.append(words)
    return pages


def page_text(path: Path, page: int) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "".join(out.split())


def exports(tmp_path: Path) -> dict[str, tuple[Path, ReportData]]:
    """The 2014 example signed and as a draft, and the 2019 and 2021 reports signed."""
    doc = example()
    found: dict[str, tuple[Path, ReportData]] = {}
    signed = read_data(make_draft(tmp_path / "s14.nianbao", doc.form, doc.fields, doc.values))
    found["2014"] = (export_pdf(signed, tmp_path / "2014.pdf"), signed)
    draft = read_data(make_draft(tmp_path / "d14.nianbao", doc.form, doc.fields, doc.values, False))
    found["2014-draft"] = (export_pdf(draft, tmp_path / "2014d.pdf", draft_mode=True), draft)
    for year in ("2019", "2021"):
        form = get_form(f"gov-disclosure-{year}")
        path = make_draft(
            tmp_path / f"s{year}.nianbao", form, fields_for(year), consistent_values(form)
        )
        data = read_data(path)
        found[year] = (export_pdf(data, tmp_path / f"{year}.pdf"), data)
    return found


def test_every_page_names_the_unit_the_year_and_the_page(tmp_path: Path) -> None:
    for name, (pdf, data) in exports(tmp_path).items():
        total = len(pages_words(pdf))
        assert total >= 2, name
        for page in range(1, total + 1):
            text = page_text(pdf, page)
            assert data.unit in text, (name, page)
            assert f"{data.year}年度" in text, (name, page)
            assert f"第{page}页共{total}页" in text, (name, page)


def test_a_long_footer_does_not_run_over_the_draft_note(tmp_path: Path) -> None:
    doc = example()
    data = ReportData(doc.form, {**doc.fields, "unit": LONG_UNIT, **LONG_FOOTER}, doc.values)
    pdf = export_pdf(data, tmp_path / "long.pdf", draft_mode=True)
    pages = pages_words(pdf)
    last = pages[-1]
    note = [w for w in last if w.text.startswith("草稿（未签发）：")]
    assert note, "the 草稿 note is on the last page"
    assert DRAFT_NOTE in page_text(pdf, len(pages))
    date = [w for w in last if w.text.startswith("填报日期：")]
    assert date
    # the note is under the footer's last line, clear of it
    assert note[0].y0 >= date[0].y1
    for words in pages:  # and no two printed words overlap anywhere
        clashes = [
            (a.text, b.text) for i, a in enumerate(words) for b in words[i + 1 :] if a.overlaps(b)
        ]
        assert clashes == []
    # the long unit name is on every page too
    for page in range(1, len(pages) + 1):
        assert LONG_UNIT in page_text(pdf, page)
