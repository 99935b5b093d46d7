"""Tables 二 and 三 of a 2019 or 2021 report broken by a page at every place, read whole.

A PDF's table drawn without vertical lines (a line under each row, or a 三线表) and broken by a
page where it falls (tests/published_reports.py, every cell a figure no other cell has): each
place is tried, and every figure must be read into its cell, none named, none lost. Table 三 in the
official layout's three label columns is broken inside its headings merged down
(三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密: the page cutting a heading's cell after
one or two of its rows, its lines wrapped beside them); table 二's blocks of one, two and three
columns are set apart on each page. (Before: at 5 of the 23 to 25 places of table 三 a row was
named as not read, a heading's words read into its label, “三、本年度办（一）予以公开理结果”; at 4
to 7 of the 13 places of table 二 a row's figures were named, “107”写在行名的格中 or 这一行与表头的
列错开了, and with a 三线表 drawn open at the break some were lost without a word.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from published_reports import distinct_file, filled, load, platypus_pdf
from test_import_real_variants import F2021, wrong_cells

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.forms.valuesfile import ValuesDocument
from govreport_gui.core.ops.import_report import read_report_file

F2019 = "gov-disclosure-2019"
THREE_ROWS = {F2021: 25, F2019: 23}  # table 三's body rows: a break after each but the last
TWO_ROWS = 13  # table 二's rows with its blocks' titles and headers: a break after each


@pytest.fixture(scope="module")
def distinct(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ValuesDocument]:
    folder = tmp_path_factory.mktemp("distinct")
    return {f: load(distinct_file(folder, f, name=f"{f}.json")) for f in (F2021, F2019)}


def read_whole(path: Path, doc: ValuesDocument) -> None:
    form, imported = read_report_file(path, None, all_forms())
    assert form.id == doc.form.id
    assert wrong_cells(imported, doc) == {}
    assert imported.values == filled(doc)
    assert imported.unplaced == [] and imported.lost_figures == 0


# Each place with one of the two forms and one of the two styles (each PDF is slow to make and
# read): the 2021 table with a line under each row, the 2019 one as a 三线表.
THREE_STYLES = {F2021: "rows", F2019: "three"}


@pytest.mark.parametrize(
    ("form_id", "rules", "after"),
    [(f, THREE_STYLES[f], n) for f, rows in THREE_ROWS.items() for n in range(rows)],
)
def test_table_three_broken_by_a_page_inside_its_merged_headings(
    distinct: dict[str, ValuesDocument], tmp_path: Path, form_id: str, after: int, rules: str
) -> None:
    doc = distinct[form_id]
    path = platypus_pdf(
        tmp_path / "three.pdf", doc, official=True, rules=rules, break_three_after=after
    )
    read_whole(path, doc)


# A 三线表 drawn open at the break whose part on the next page starts with a block's title and
# header over a rule drawn under them (published_reports draws its header's line under as many
# rows of the part as the table has header rows): the title and header are read as text.
OPEN_LEFT = {(F2019, 12)}


# The 2021 table as a 三线表 (a block's title then read into the row above it), the 2019 one with
# a line under each row and as a 三线表 drawn open at the break (its start at the page's foot was
# read as text).
TWO_STYLES = [(F2021, "three"), (F2019, "rows"), (F2019, "three-open")]


@pytest.mark.parametrize(
    ("form_id", "rules", "after"),
    [(f, rules, n) for f, rules in TWO_STYLES for n in range(1, TWO_ROWS + 1)],
)
def test_table_two_broken_by_a_page_between_its_blocks(
    distinct: dict[str, ValuesDocument], tmp_path: Path, form_id: str, after: int, rules: str
) -> None:
    if rules == "three-open" and (form_id, after) in OPEN_LEFT:
        pytest.xfail("a block's title and header over a rule at the top of the page: see README")
    doc = distinct[form_id]
    path = platypus_pdf(
        tmp_path / "two.pdf",
        doc,
        rules=rules.removesuffix("-open"),
        open_breaks=rules.endswith("-open"),
        break_three_after=None,
        breaks={"二": after},
    )
    read_whole(path, doc)
