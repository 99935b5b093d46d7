"""Every Qt model of the window on its own, over a temporary document: Qt's model tester and contents."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_helpers import (
    FORM_IDS,
    USER,
    enter,
    example,
    home,
    new_draft,
    open_draft,
    select,
    window,
)
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.ops import review
from govreport_gui.core.ops.changes import ChangeSet
from govreport_gui.core.ops.document import ReportDocument
from govreport_gui.core.store import library, settings
from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import style
from govreport_gui.gui.form_model import (
    CELL_ID_ROLE,
    CHANGED_ROLE,
    COMMENT_ROLE,
    HEADING_ROLE,
    HINT_ROLE,
    FormTableModel,
)
from govreport_gui.gui.main_window import MainWindow
from govreport_gui.gui.problems import CELL_ROLE, ProblemsModel
from govreport_gui.gui.review_ui import BlockersDialog, HistoryDialog
from govreport_gui.gui.start_page import PATH_ROLE, DraftListModel

# The offscreen platform cannot raise a tool tip window (a bad entry shows its reason in one).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

_ = (home, window, example)  # the window fixtures of gui_helpers


def test_draft_list_model_with_an_unreadable_file(home: Path, qtmodeltester: Any) -> None:
    folder = settings.library_dir()
    folder.mkdir(parents=True)
    (folder / "坏文件.nianbao").write_bytes(b"not a draft at all")
    model = DraftListModel()
    model.reload()
    assert model.rowCount() == 1
    assert model.index(0, 2).data() == "无法读取"
    qtmodeltester.check(model)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_table_model_and_the_problems_model_pass_the_model_tester(
    qtbot: Any, window: MainWindow, qtmodeltester: Any, form_id: str
) -> None:
    open_draft(qtbot, window, new_draft(form_id))
    assert window.page is not None and window.problems is not None
    form: FormDef = window.page.doc.form
    models = [view.form_model for view in window.page.views.values()]  # every tab's made
    assert [m.table.id for m in models] == [t.id for t in form.tables]
    for model in models:
        assert isinstance(model, FormTableModel)
        assert model.rowCount() == len(model.table.rows)
        qtmodeltester.check(model)
    qtmodeltester.check(window.problems.model)


def test_models_of_the_filled_example_with_a_problem(
    qtbot: Any, example: MainWindow, qtmodeltester: Any
) -> None:
    select(qtbot, example, "received")
    enter(qtbot, "4")
    assert example.problems is not None
    assert isinstance(example.problems.model, ProblemsModel)
    assert example.problems.model.rowCount() == 1
    assert example.page is not None
    qtmodeltester.check(example.page.models[0])
    qtmodeltester.check(example.problems.model)


# -- each model on its own, over a temporary document (no window) -----------------------------------
#
# As qutebrowser tests its completion models: the model is built over a draft in a temporary
# folder, Qt's QAbstractItemModelTester watches it (any complaint is a Qt warning, which fails the
# test) while the document changes, and the test reads the contents a view would show.

TABLES = [(form_id, table.id) for form_id in FORM_IDS for table in get_form(form_id).tables]
RECEIVED_SUM = {
    "received",
    "received_in_person",
    "received_fax",
    "received_online",
    "received_letter",
}


@pytest.fixture()
def open_doc(tmp_path: Path, qapp: QApplication) -> Iterator[Callable[..., ReportDocument]]:
    """Opens documents over drafts in ``tmp_path`` (a new blank draft, or a given file); all closed
    at the end."""
    docs: list[ReportDocument] = []

    def make(
        form_id: str = "gov-disclosure-2014", path: Path | None = None, readonly: bool = False
    ) -> ReportDocument:
        if path is None:
            path = tmp_path / f"草稿{len(docs)}.nianbao"
            Draft.create(path, get_form(form_id), USER, fields={"unit": "测试单位"}).close()
        doc = ReportDocument(Draft.open(path, USER, readonly=readonly))
        docs.append(doc)
        return doc

    yield make
    for doc in docs:
        doc.close()


def redrawn(model: FormTableModel) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Collects the (top left, bottom right) of each ``dataChanged`` the model sends."""
    seen: list[tuple[tuple[int, int], tuple[int, int]]] = []

    def on_changed(top_left: QModelIndex, bottom_right: QModelIndex, *_: Any) -> None:
        seen.append(
            ((top_left.row(), top_left.column()), (bottom_right.row(), bottom_right.column()))
        )

    model.dataChanged.connect(on_changed)
    return seen


def single_cells(
    model: FormTableModel, spans: list[tuple[tuple[int, int], tuple[int, int]]]
) -> set[str]:
    """The cells redrawn, each by a signal of its own (a wider redraw fails)."""
    assert all(a == b for a, b in spans), "a redraw of more than the changed cells"
    return {model.index(*a).data(CELL_ID_ROLE) for a, _ in spans}


@pytest.mark.parametrize(("form_id", "table_id"), TABLES)
def test_form_table_model_of_a_blank_draft(
    open_doc: Callable[..., ReportDocument], qtmodeltester: Any, form_id: str, table_id: str
) -> None:
    doc = open_doc(form_id)
    table = next(t for t in doc.form.tables if t.id == table_id)
    model = FormTableModel(doc, table)
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)

    assert model.rowCount() == len(table.rows)
    assert model.columnCount() == model.first_value_column + len(table.columns)
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[0] == table.stub_header
    assert header[model.first_value_column :] == [c.label for c in table.columns]
    if table.show_unit:
        assert header[1] == table.unit_header
    for r, row in enumerate(table.rows):
        label = model.index(r, 0)
        assert label.data().startswith(row.label)
        assert label.data(HEADING_ROLE) == row.heading
        assert not model.flags(label) & Qt.ItemFlag.ItemIsSelectable  # labels are not cells
        if row.heading:  # a heading takes no value
            assert not any(model.is_value_index(r, c) for c in range(model.columnCount()))
    for cell in table.cells:
        index = model.index_of(cell.id)
        assert index.isValid()
        assert index.data(CELL_ID_ROLE) == cell.id
        assert index.data() == ""  # blank, not 0
        assert index.data(HINT_ROLE) == ""
        assert index.data(Qt.ItemDataRole.BackgroundRole) is None
        assert "尚未填写" in index.data(Qt.ItemDataRole.ToolTipRole)
        flags = model.flags(index)
        assert flags & Qt.ItemFlag.ItemIsEditable and flags & Qt.ItemFlag.ItemIsSelectable
    assert len({model.index_of(c.id).data(CELL_ID_ROLE) for c in table.cells}) == len(table.cells)
    assert not model.index_of("no_such_cell").isValid()
    model.detach()


def test_form_table_model_shows_the_figures_and_redraws_only_the_changed_cells(
    open_doc: Callable[..., ReportDocument], qtmodeltester: Any
) -> None:
    doc = open_doc(path=library.create_example())
    model = FormTableModel(doc, doc.form.tables[0])
    qtmodeltester.check(model)
    website = model.index_of("website")
    assert website.data() == "330"
    assert website.data(Qt.ItemDataRole.EditRole) == "330"
    assert website.data(Qt.ItemDataRole.BackgroundRole) is None

    seen = redrawn(model)
    doc.edit({"received": 4})  # 收到申请数 4 ≠ 0 + 0 + 2 + 1
    cells = single_cells(model, seen)
    assert cells >= RECEIVED_SUM
    assert len(cells) < len(model.table.cells) // 2  # not the whole table
    for cell in RECEIVED_SUM:
        assert model.index_of(cell).data(Qt.ItemDataRole.BackgroundRole) == style.ERROR_BG
    received = model.index_of("received")
    assert received.data(Qt.ItemDataRole.ForegroundRole) == style.ERROR_FG
    tip = received.data(Qt.ItemDataRole.ToolTipRole)
    assert "\n错误：收到申请数应等于" in tip and "收到申请数 4 ≠" in tip
    assert f"最后修改：{USER}" in tip and "（3 → 4）" in tip

    seen.clear()
    doc.edit({"website": 1234567})
    assert "website" in single_cells(model, seen)
    assert "received" not in single_cells(model, seen)
    assert website.data() == "1,234,567"  # thousands separators on screen, none to edit
    assert website.data(Qt.ItemDataRole.EditRole) == "1234567"

    doc.edit({"received": None})  # a blank total whose parts are filled: what it should be
    assert received.data() == ""
    assert received.data(HINT_ROLE) == "应为 3"
    assert received.data(Qt.ItemDataRole.BackgroundRole) is None
    doc.undo()
    assert received.data() == "4"
    model.detach()


def test_form_table_model_edits_through_the_document_and_says_why_not(
    open_doc: Callable[..., ReportDocument], qtbot: Any, qtmodeltester: Any
) -> None:
    doc = open_doc()
    model = FormTableModel(doc, doc.form.tables[0])
    qtmodeltester.check(model)
    gazette = model.index_of("gazette")
    assert model.setData(gazette, "１２")  # full-width digits, as an input method types them
    assert doc.value("gazette") == 12 and gazette.data() == "12"
    with qtbot.waitSignal(model.inputRejected) as rejected:
        assert not model.setData(gazette, "十二")
    cell, reason = rejected.args
    assert cell == "gazette" and "不是数字" in reason
    assert doc.value("gazette") == 12
    assert not model.setData(model.index(0, 0), "5")  # a label takes nothing
    assert not model.setData(gazette, "5", Qt.ItemDataRole.DisplayRole)
    model.detach()


def test_form_table_model_of_a_draft_open_elsewhere_is_read_only(
    open_doc: Callable[..., ReportDocument], qtbot: Any, qtmodeltester: Any
) -> None:
    path = library.create_example()
    open_doc(path=path)  # another window holds it
    doc = open_doc(path=path)
    assert doc.draft.readonly
    model = FormTableModel(doc, doc.form.tables[0])
    qtmodeltester.check(model)
    website = model.index_of("website")
    assert not model.flags(website) & Qt.ItemFlag.ItemIsEditable
    assert website.data(Qt.ItemDataRole.BackgroundRole) == style.LOCKED_BG
    with qtbot.waitSignal(model.writeFailed) as failed:
        assert not model.setData(website, "5")
    assert "只读" in failed.args[0]
    assert doc.value("website") == 330
    model.detach()


def test_form_table_model_shows_review_state_explained_warnings_comments_changes(
    open_doc: Callable[..., ReportDocument], qtmodeltester: Any
) -> None:
    doc = open_doc(path=library.create_example())
    model = FormTableModel(doc, doc.form.tables[0])
    qtmodeltester.check(model)
    doc.edit({"normative_published": 9})  # more published than issued: a warning only
    published = model.index_of("normative_published")
    assert published.data(Qt.ItemDataRole.BackgroundRole) == style.WARNING_BG
    assert published.data(Qt.ItemDataRole.ForegroundRole) == style.WARNING_FG

    seen = redrawn(model)
    review.explain(doc.draft, "normative_published_le_issued", "转发上级文件")
    doc.broadcast(ChangeSet(explanations=("normative_published_le_issued",)))
    # a new 说明 redraws just the cells of the explained warning, each once
    rule_cells = doc.checker.result("normative_published_le_issued").cells
    expected = [(model.index_of(c).row(), model.index_of(c).column()) for c in rule_cells]
    assert published in [model.index_of(c) for c in rule_cells]
    assert sorted(seen) == sorted((at, at) for at in expected)
    seen.clear()
    doc.broadcast(ChangeSet(status=True))
    last = (model.rowCount() - 1, model.columnCount() - 1)
    assert seen == [((0, 0), last)]  # a status change redraws the whole table, once
    assert published.data(Qt.ItemDataRole.BackgroundRole) == style.EXPLAINED_BG
    assert published.data(Qt.ItemDataRole.ForegroundRole) == style.EXPLAINED_FG
    assert "已说明：转发上级文件" in published.data(Qt.ItemDataRole.ToolTipRole)

    model.comment_cells = {"website"}
    model.comment_notes = {"website": ["意见：请核对（沈涛）"]}
    model.changed_cells = {"weibo": "0 → 5（张三）"}
    model.refresh()
    website, weibo = model.index_of("website"), model.index_of("weibo")
    assert website.data(COMMENT_ROLE) is True and weibo.data(COMMENT_ROLE) is False
    assert website.data(Qt.ItemDataRole.BackgroundRole) == style.COMMENT_BG
    assert "意见：请核对（沈涛）" in website.data(Qt.ItemDataRole.ToolTipRole)
    assert weibo.data(CHANGED_ROLE) == "0 → 5（张三）" and website.data(CHANGED_ROLE) == ""
    assert weibo.data(Qt.ItemDataRole.BackgroundRole) == style.CHANGED_BG
    assert "退回后修改：0 → 5（张三）" in weibo.data(Qt.ItemDataRole.ToolTipRole)
    model.detach()


def problem_texts(model: ProblemsModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_problems_model_lists_what_fails_and_follows_the_document(
    open_doc: Callable[..., ReportDocument], qtbot: Any, qtmodeltester: Any
) -> None:
    doc = open_doc(path=library.create_example())
    model = ProblemsModel(doc)
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0

    with qtbot.waitSignal(model.rowsInserted):
        doc.edit({"received": 4})
    assert problem_texts(model) == [model.index(0, 0).data()]
    first = model.index(0, 0)
    assert first.data().startswith("【错误】收到申请数应等于")  # one table: no table name
    assert "收到申请数 4 ≠" in first.data()
    assert first.data(CELL_ROLE) == "received"
    assert first.data(Qt.ItemDataRole.ForegroundRole) == style.ERROR_FG
    assert first.data(Qt.ItemDataRole.BackgroundRole) == style.ERROR_BG
    assert "规则：received_sum" in first.data(Qt.ItemDataRole.ToolTipRole)

    doc.edit({"normative_published": 9})
    texts = problem_texts(model)
    assert len(texts) == 2
    assert texts[0].startswith("【警告】") and "规范性文件" in texts[0]  # in form order
    warning = model.index(0, 0)
    assert warning.data(CELL_ROLE) == "normative_published"
    assert "警告可以改正，或写说明后放行" in warning.data(Qt.ItemDataRole.ToolTipRole)

    review.explain(doc.draft, "normative_published_le_issued", "转发上级文件")
    doc.broadcast(ChangeSet(explanations=("normative_published_le_issued",)))
    assert problem_texts(model)[0].startswith("【警告·已说明】")
    assert problem_texts(model)[0].endswith("\n说明：转发上级文件")
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == style.EXPLAINED_BG
    doc.edit({"normative_published": 8})  # other numbers: the 说明 no longer covers them
    assert problem_texts(model)[0].startswith("【警告】")
    assert problem_texts(model)[0].endswith("原说明（数字已改变，需重新说明）：转发上级文件")

    doc.edit({"received": 3, "normative_published": 0})
    assert model.rowCount() == 0
    model.detach()


def test_problems_model_follows_an_edit_by_rows_and_keeps_the_other_rows(
    open_doc: Callable[..., ReportDocument], qtmodeltester: Any
) -> None:
    """One typed figure inserts, redraws or removes its rule's row; the other rows (their
    selection, their place) stay: no reset of the whole list."""
    doc = open_doc(path=library.create_example())
    model = ProblemsModel(doc)
    qtmodeltester.check(model, force_py=True)  # and it keeps watching the signals below
    resets: list[int] = []
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    redrawn_rows: list[int] = []
    model.dataChanged.connect(
        lambda top, bottom, *_: redrawn_rows.extend(range(top.row(), bottom.row() + 1))
    )

    doc.edit({"normative_published": 9})  # a warning
    warning = QPersistentModelIndex(model.index(0, 0))
    assert warning.data(CELL_ROLE) == "normative_published"
    doc.edit({"received": 4})  # an error, listed after the warning (form order)
    assert inserted == [(0, 0), (1, 1)] and model.rowCount() == 2
    assert warning.isValid() and warning.row() == 0
    assert warning.data(CELL_ROLE) == "normative_published"

    redrawn_rows.clear()
    doc.edit({"received": 5})  # still wrong, other numbers: that row is redrawn, no other
    assert redrawn_rows == [1] and len(inserted) == 2
    assert "收到申请数 5 ≠" in model.index(1, 0).data()

    doc.edit({"normative_published": 0})  # the warning is fixed: its row goes, the error stays
    assert removed == [(0, 0)] and not warning.isValid()
    assert model.index(0, 0).data(CELL_ROLE) == "received"
    doc.edit({"received": 3})
    assert removed == [(0, 0), (0, 0)] and model.rowCount() == 0
    assert resets == []
    model.detach()


def test_problems_model_names_the_table_of_a_multi_table_form(
    open_doc: Callable[..., ReportDocument], qtmodeltester: Any
) -> None:
    doc = open_doc("gov-disclosure-2021")
    model = ProblemsModel(doc)
    qtmodeltester.check(model)
    cases = ("upheld", "corrected", "other", "pending", "total")
    doc.edit({f"cases.review_{k}": n for k, n in zip(cases, (1, 1, 1, 1, 9), strict=True)})
    assert model.rowCount() == 1
    text = model.index(0, 0).data()
    assert text.startswith("【错误】表四：")
    assert "行政复议·总计 9 ≠" in text
    assert model.index(0, 0).data(CELL_ROLE) == "cases.review_total"
    assert model.index(1, 0).data() is None  # past the end
    model.detach()


def test_draft_list_model_shows_each_draft_and_follows_the_library(
    qapp: QApplication, qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    example = library.create_example()
    form = get_form("gov-disclosure-2021")
    path = library.new_draft_path(form, "某某市人民政府办公室", "2023")
    Draft.create(path, form, USER, fields={"unit": "某某市人民政府办公室", "year": "2023"}).close()
    model = DraftListModel()
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 0  # nothing read before the first reload
    with qtbot.waitSignal(model.modelReset):
        model.reload()
    assert model.rowCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "填报单位",
        "年度",
        "表单",
        "状态",
        "最后修改",
        "文件",
        "位置",
    ]
    rows = {
        model.index(r, 0).data(PATH_ROLE): [
            model.index(r, c).data() for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }
    assert set(rows) == {str(example.resolve()), str(path.resolve())}
    unit, year, form_name, status, when, stem, where = rows[str(path.resolve())]
    assert (unit, year, stem, where) == ("某某市人民政府办公室", "2023", path.stem, "本机草稿库")
    assert form_name.endswith("（2021 版）") and status and when
    assert rows[str(example.resolve())][0] == "自治区机关事务管理局"
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("（本机草稿库）") and tip.startswith(model.index(0, 0).data(PATH_ROLE))

    # a recent file from elsewhere: its folder, and no 本机草稿库 in its tooltip
    elsewhere = tmp_path / "单位共享盘" / "2019年报.nianbao"
    elsewhere.parent.mkdir()
    form_2019 = get_form("gov-disclosure-2019")
    Draft.create(elsewhere, form_2019, USER, fields={"unit": "某某县", "year": "2020"}).close()
    settings.remember_recent(elsewhere)
    model.reload()
    assert model.rowCount() == 3
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(PATH_ROLE) == str(elsewhere)
    )
    assert model.index(row, 0).data() == "某某县"
    assert model.index(row, 6).data() == library.short_folder(elsewhere.parent) != "本机草稿库"
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == str(elsewhere)

    path.unlink()
    elsewhere.unlink()
    model.reload()
    assert [model.index(r, 0).data(PATH_ROLE) for r in range(model.rowCount())] == [
        str(example.resolve())
    ]


def table_texts(model: QAbstractItemModel) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_history_dialog_lists_each_change_newest_first(
    open_doc: Callable[..., ReportDocument], qtbot: Any
) -> None:
    """The change list (修改记录) is a QTableWidget: Qt's own model, filled by the dialog.

    No model tester here: the model is Qt's, not ours, and the tester watching a QListWidget's or
    QTableWidget's model crashes the process when the widget is deleted (the model emits a reset
    from inside the widget's destructor)."""
    doc = open_doc()
    doc.edit({"gazette": 5}, description="修改 政府公报")
    doc.undo()
    doc.redo()
    doc.edit(fields={"preparer": "李四"})
    dialog = HistoryDialog(doc)
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "时间",
        "修改人",
        "类别",
        "对象",
        "原值 → 新值",
        "说明",
    ]
    rows = table_texts(model)
    assert [r[2] for r in rows[:4]] == ["字段", "重做", "撤销", "修改"]  # newest first
    assert {r[1] for r in rows} == {USER}
    assert rows[0][4] == "空 → 李四"
    gazette = doc.form.cell("gazette").label
    assert [(r[3], r[4]) for r in rows[1:4]] == [
        (gazette, "空 → 5"),
        (gazette, "5 → 空"),
        (gazette, "空 → 5"),
    ]

    dialog.filter.setCurrentIndex(dialog.filter.findData("gazette"))
    assert [r[2] for r in table_texts(model)] == ["重做", "撤销", "修改"]
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == "空 → 5"


def test_blockers_dialog_lists_what_stops_a_submission(
    open_doc: Callable[..., ReportDocument], qtbot: Any
) -> None:
    doc = open_doc(path=library.create_example())
    doc.edit({"received": 4, "normative_published": 9})
    found = review.blockers(doc.draft, doc.checker)
    dialog = BlockersDialog("提交审核", found)
    qtbot.addWidget(dialog)
    model = dialog.list.model()
    assert model.rowCount() == len(found) >= 2
    texts = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert texts == [review.reason_text(b) for b in found]
    cells = [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert {"received", "normative_published"} <= set(cells)
    with qtbot.waitSignal(dialog.cellChosen) as chosen:
        dialog.list.itemActivated.emit(dialog.list.item(cells.index("received")))
    assert chosen.args == ["received"]
