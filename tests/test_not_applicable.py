"""“/” and “—” mean not applicable: read as blank on import, paste and typing, and said so.

Published tables print a slash or a dash where nothing applies. The dash/slash family (“/”, “／”,
“-”, “－”, “—”, “——”) is read as a blank cell (not 0) with a note; words such as “无” are not marks
and stay refused, since “无” may as well mean 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    doc_value,
    draft_path,
    enter,
    home,
    saved_values,
    select,
    status,
    wait_ready,
    window,
)
from PySide6.QtCore import Qt
from test_export import example, make_draft, read_data, signed_example

from govreport_gui.cli.main import main as cli_main
from govreport_gui.core.forms.values import ValueInputError, is_not_applicable
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.layout.import_xlsx import import_xlsx
from govreport_gui.core.ops.document import ReportDocument, plan_paste
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui.main_window import MainWindow

_ = (home, window)  # the window fixtures of gui_helpers, used through example_window


@pytest.fixture()
def example_window(request: pytest.FixtureRequest, qtbot: Any) -> MainWindow:
    """The window with a fresh copy of the bundled example open (as gui_helpers's ``example``)."""
    win: MainWindow = request.getfixturevalue("window")
    qtbot.mouseClick(win.start.example_button, Qt.MouseButton.LeftButton)
    wait_ready(qtbot, win)
    return win


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("mark", ["/", "／", "-", "－", "—", "——", " / ", "--"])
def test_slash_and_dash_marks_are_not_applicable(mark: str) -> None:
    assert is_not_applicable(mark)


@pytest.mark.parametrize("text", ["无", "0", "-3", "", " ", "1/2", "/3", "空", "N/A"])
def test_other_texts_are_not_marks(text: str) -> None:
    assert not is_not_applicable(text)


# -- import ----------------------------------------------------------------------------------------


def _with_marks(tmp_path: Path) -> tuple[Path, Any]:
    """Our export of the example, with “/” and “—” written into two value cells."""
    import openpyxl

    data = read_data(signed_example(tmp_path))
    xlsx = export_xlsx(data, tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    marks = {
        data.form.cell("received_fax").row.label: "/",
        data.form.cell("reading_points").row.label: "——",
    }
    marked = []
    for row in ws.iter_rows():
        label = str(row[0].value or "").strip()
        if label in marks:
            row[2].value = marks[label]
            marked.append(row[2].coordinate)
    assert len(marked) == 2
    wb.save(tmp_path / "marked.xlsx")
    return tmp_path / "marked.xlsx", marked


def test_import_reads_marks_as_blank_and_names_the_cells(tmp_path: Path) -> None:
    path, marked = _with_marks(tmp_path)
    result = import_xlsx(path, example().form)
    assert result.values["received_fax"] is None
    assert result.values["reading_points"] is None
    assert result.values["received_online"] == 2  # the rest as before
    note = next(p for p in result.problems if "不适用" in p)
    assert note.startswith("2 格写的是“/”或“—”（不适用），已按空白导入（不是 0）")
    for coordinate in marked:
        assert coordinate in note
    assert "“传真申请数”" in note and "查阅点数" in note


def test_cli_import_says_which_cells_were_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _marked = _with_marks(tmp_path)
    code = cli_main(["import-xlsx", str(path), str(tmp_path / "new.nianbao")])
    out = capsys.readouterr().out
    assert code == 0
    assert "注意：2 格写的是“/”或“—”（不适用），已按空白导入" in out
    draft = Draft.open(tmp_path / "new.nianbao", "测试", readonly=True)
    try:
        assert draft.values.get("received_fax") is None
    finally:
        draft.close()


def test_import_still_refuses_a_word(tmp_path: Path) -> None:
    import openpyxl

    from govreport_gui.core.layout.import_xlsx import XlsxImportError

    data = read_data(signed_example(tmp_path))
    wb = openpyxl.load_workbook(export_xlsx(data, tmp_path / "e.xlsx"))
    ws = wb.active
    fax = data.form.cell("received_fax").row.label
    row = next(r for r in ws.iter_rows() if str(r[0].value or "").strip() == fax)
    row[2].value = "无"
    wb.save(tmp_path / "w.xlsx")
    with pytest.raises(XlsxImportError, match="不是数字"):
        import_xlsx(tmp_path / "w.xlsx", data.form)


# -- paste and typing (core) -------------------------------------------------------------------------


@pytest.fixture()
def doc(tmp_path: Path) -> Any:
    doc_ = example()
    path = make_draft(tmp_path / "d.nianbao", doc_.form, doc_.fields, doc_.values, sign=False)
    document = ReportDocument(Draft.open(path, "填报人"))
    yield document
    document.close()


def test_paste_plan_reads_marks_as_blank(doc: ReportDocument) -> None:
    blanked: list[str] = []
    plan = plan_paste(doc, "received_in_person", [["5"], ["/"], ["—"], ["1"]], blanked)
    assert plan == {
        "received_in_person": 5,
        "received_fax": None,
        "received_online": None,
        "received_letter": 1,
    }
    assert blanked == ["received_fax", "received_online"]


def test_typed_slash_clears_a_number_cell(doc: ReportDocument) -> None:
    assert doc.parse("received", "/") is None
    assert doc.parse("received", "——") is None
    with pytest.raises(ValueInputError):
        doc.parse("received", "无")


# -- paste and typing in the window ------------------------------------------------------------------


def test_window_paste_with_marks_says_how_many_were_blank(
    qtbot: Any, example_window: MainWindow
) -> None:
    view = select(qtbot, example_window, "received_in_person")
    view.paste("5\n/\n—\n1\n")
    values = [doc_value(example_window, c) for c in ("received_in_person", "received_fax")]
    assert values == [5, None]
    assert doc_value(example_window, "received_online") is None
    saved = saved_values(draft_path(example_window))
    assert "received_fax" not in saved or saved["received_fax"] is None
    assert "已粘贴 4 格" in status(example_window)
    assert "其中 2 格为“/”或“—”（不适用），已按空白处理" in status(example_window)


def test_window_typing_a_slash_clears_the_cell_and_says_so(
    qtbot: Any, example_window: MainWindow
) -> None:
    assert doc_value(example_window, "other_channel") == 40
    select(qtbot, example_window, "other_channel")
    enter(qtbot, "/")
    assert doc_value(example_window, "other_channel") is None
    assert "表示不适用" in status(example_window) and "按空白处理" in status(example_window)
