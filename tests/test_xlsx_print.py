"""The workbook prints every table on whole pages: table 三 on one page, the 2014 table on two.

Read back with openpyxl (page setup), and printed through LibreOffice when it is installed
(``soffice --convert-to pdf``; the test is skipped without it), counting the pages of each sheet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_export import consistent_values, fields_for, make_draft, read_data, signed_example

from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.layout.export_xlsx import export_xlsx, pages_tall, printable_size_pt

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def workbooks(tmp_path: Path) -> dict[str, Path]:
    found = {"2014": export_xlsx(read_data(signed_example(tmp_path)), tmp_path / "2014.xlsx")}
    for year in ("2019", "2021"):
        form = get_form(f"gov-disclosure-{year}")
        path = make_draft(
            tmp_path / f"{year}.nianbao", form, fields_for(year), consistent_values(form)
        )
        found[year] = export_xlsx(read_data(path), tmp_path / f"{year}.xlsx")
    return found


def test_pages_tall_shrinks_a_short_remnant_only() -> None:
    _w, page_h = printable_size_pt()
    width = [20.0, 20.0, 20.0]  # narrower than the page: printed at 100 %
    assert pages_tall(width, [page_h * 0.5]) == 1
    assert pages_tall(width, [page_h * 1.4]) == 1  # a few rows over: shrunk onto one page
    assert pages_tall(width, [page_h * 1.6]) == 2  # more than half a page over: two pages
    assert pages_tall(width, [page_h * 2.3]) == 2
    # a sheet twice as wide as the page is printed at half size: half as many pages tall
    wide = [(2 * _w / 0.75 - 5 * 4) / 7 / 4] * 4
    assert pages_tall(wide, [page_h * 2.8]) == 1


def test_page_setup_of_every_sheet(tmp_path: Path) -> None:
    import openpyxl

    expected = {"2014": [2], "2019": [1, 1, 1], "2021": [1, 1, 1]}
    for name, path in workbooks(tmp_path).items():
        wb = openpyxl.load_workbook(path)
        for ws, pages in zip(wb.worksheets, expected[name], strict=True):
            setup = ws.page_setup
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
            assert (setup.fitToWidth, setup.fitToHeight) == (1, pages), (name, ws.title)
            assert setup.orientation == "portrait" and int(setup.paperSize) == 9
        if name != "2014":
            assert wb.worksheets[1].print_title_rows  # table 三's header on every page


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_each_table_on_whole_pages(tmp_path: Path) -> None:
    assert SOFFICE is not None
    books = workbooks(tmp_path)
    out = tmp_path / "printed"
    profile = tmp_path / "lo-profile"
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(p) for p in books.values()),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=240,
    )

    def page_texts(pdf: Path) -> list[str]:
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        return ["".join(page.split()) for page in text.split("\f") if page.strip()]

    pages14 = page_texts(out / "2014.pdf")
    assert len(pages14) == 2
    assert "九、政府信息公开会议和培训情况" in pages14[1]
    for year in ("2019", "2021"):
        pages = page_texts(out / f"{year}.pdf")
        assert len(pages) == 3, year  # one page per sheet: 二, 三 and 四
        assert "二、主动公开政府信息情况" in pages[0]
        # table 三 whole on its page, from its first row to its last
        assert "一、本年新收政府信息公开申请数量" in pages[1]
        assert "（七）总计" in pages[1] and "四、结转下年度继续办理" in pages[1], year
        assert "四、政府信息公开行政复议、行政诉讼情况" in pages[2]
