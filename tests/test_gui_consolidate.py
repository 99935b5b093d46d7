"""文件 → 汇总多份报告… and the dialog the 审核台 calls (汇总, issue 17): the choices, the reading in
the background, refusals as a list, the notes after writing, and the new draft opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from consolidation_samples import three_signed, variant, write_values
from gui_helpers import home, window  # noqa: F401  (fixtures)
from menu_text import plain_texts
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from govreport_gui.core.store.draft import Draft
from govreport_gui.gui import consolidate_dialog, file_dialogs
from govreport_gui.gui.consolidate_dialog import ConsolidateDialog, consolidate_files_dialog
from govreport_gui.gui.main_window import MainWindow

GOV = "某某自治区人民政府"


def _click(qtbot: Any, dialog: ConsolidateDialog) -> None:
    qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)


def _dialog(qtbot: Any, paths: list[Path]) -> ConsolidateDialog:
    dialog = ConsolidateDialog(paths, "汇总人")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_choices_are_asked_for_before_anything_is_read(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, three_signed(tmp_path))
    _click(qtbot, dialog)
    assert dialog.task is None and dialog.problems.isVisible()
    text = dialog.problems.toPlainText()
    assert "请填写汇总后的填报单位" in text and "请选择汇总草稿保存到哪里" in text


def test_refusals_are_a_list_and_the_user_can_change_and_retry(qtbot: Any, tmp_path: Path) -> None:
    paths = [
        *three_signed(tmp_path),
        write_values(tmp_path / "未签.json", variant("丙局", 1, "0", "1")),
    ]
    broken = tmp_path / "坏的.json"
    broken.write_text("{", encoding="utf-8")
    dialog = _dialog(qtbot, [*paths, broken])
    dialog.unit.setText(GOV)
    dialog.out.setText(str(tmp_path / "汇总"))
    _click(qtbot, dialog)
    assert dialog.written is None and not (tmp_path / "汇总.nianbao").exists()
    assert dialog.status.text().startswith("不能汇总（2 个问题），未写入任何文件。")
    assert "“移除所选”" in dialog.status.text()
    lines = dialog.problems.toPlainText().split("\n")
    assert lines[0].startswith("• 无法读取") and "坏的.json" in lines[0]
    assert lines[1].startswith("• 以下报告没有签发") and "未签.json" in lines[1]
    dialog.grab().save(str(tmp_path / "refused.png"))
    assert dialog.unit.isEnabled() and dialog.go.isEnabled()  # change and try again
    # The broken file is taken off the list as a user does it: select it, 移除所选.
    assert [dialog.files.item(n).text() for n in range(dialog.files.count())][-1] == "坏的.json"
    assert not dialog.remove.isEnabled()  # nothing selected yet
    dialog.files.item(dialog.files.count() - 1).setSelected(True)
    assert dialog.remove.isEnabled()
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert dialog.files.count() == 4 and dialog.heading.text().startswith("把以下 4 份报告")
    dialog.include_unsigned.setChecked(True)
    _click(qtbot, dialog)
    made = tmp_path / "汇总.nianbao"
    assert dialog.written == made and made.is_file()
    # Something to look at: the unsigned report; the dialog stays with 打开汇总草稿.
    assert dialog.isVisible() and dialog.go.text() == "打开汇总草稿"
    assert "没有数字签名，按要求一并汇总：丙局" in dialog.problems.toPlainText()
    with Draft.open(made, "汇总人", readonly=True) as draft:
        assert draft.fields["unit"] == GOV and len(draft.consolidated_from) == 4
        assert draft.meta["created_by"] == "汇总人"
    qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
    assert dialog.result() == ConsolidateDialog.DialogCode.Accepted


def test_the_function_the_review_desk_calls_returns_the_new_draft(
    qtbot: Any, tmp_path: Path
) -> None:
    paths = three_signed(tmp_path)
    parent = MainWindow(user="审核台用户")
    qtbot.addWidget(parent)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConsolidateDialog)
        dialog.unit.setText(GOV)
        dialog.out.setText(str(tmp_path / "汇总.nianbao"))
        dialog.go.click()  # three signed reports, nothing to note: written and closed

    QTimer.singleShot(0, answer)
    made = consolidate_files_dialog(parent, paths)
    assert made == tmp_path / "汇总.nianbao" and made.is_file()
    with Draft.open(made, "x", readonly=True) as draft:
        assert draft.meta["created_by"] == "审核台用户"


def test_cancel_returns_none_and_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    paths = three_signed(tmp_path)
    parent = MainWindow(user="某人")
    qtbot.addWidget(parent)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConsolidateDialog)
        dialog.cancel.click()

    QTimer.singleShot(0, cancel)
    assert consolidate_files_dialog(parent, paths) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_the_file_menu_item_picks_files_and_opens_the_result(
    window: MainWindow,  # noqa: F811
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.build_extras()
    texts = plain_texts(window.menus["file"].actions())
    assert "汇总多份报告…" in texts
    assert texts.index("汇总多份报告…") == texts.index("从已发布年报导入…") + 1
    paths = three_signed(tmp_path / "各部门")
    asked: list[str] = []

    def pick(_parent: object, title: str, _folder: object, filters: str) -> list[Path]:
        asked.append(f"{title}|{filters}")
        return paths

    monkeypatch.setattr(file_dialogs, "open_files", pick)
    target = tmp_path / "汇总.nianbao"
    monkeypatch.setattr(
        consolidate_dialog, "consolidate_files_dialog", lambda _w, _p: _write(_p, target)
    )
    window.act_consolidate.trigger()
    assert asked == ["选择要汇总的报告（可多选）|各单位的报告 (*.nianbao *.json *.xlsx)"]
    assert window.doc is not None and window.doc.draft.path == target
    assert window.doc.draft.fields["unit"] == GOV
    # The banner says where the figures came from.
    assert window._banner_lines(window.doc)[-1] == (
        "汇总草稿：由 3 份报告相加（自治区机关事务管理局、自治区财政厅、自治区教育厅），均已签发。"
    )


def test_the_banner_repeats_what_its_maker_was_told(
    window: MainWindow,  # noqa: F811
    tmp_path: Path,
) -> None:
    from govreport_gui.core.ops.consolidate import consolidate_files

    paths = three_signed(tmp_path / "各部门")[:2]
    paths.append(write_values(tmp_path / "c.json", variant("丙局", 1, "0", "1")))
    target = tmp_path / "汇总.nianbao"
    consolidate_files(paths, target, GOV, "汇总人", include_unsigned=True)
    window.open_path(target)
    assert window.doc is not None
    assert window._banner_lines(window.doc)[-2:] == [
        "汇总草稿：由 3 份报告相加（自治区机关事务管理局、自治区财政厅、丙局），其中 1 份没有数字签名。",
        "汇总时的提示：以下 1 份报告没有数字签名，按要求一并汇总：丙局。",
    ]


def _write(paths: list[Path], target: Path) -> Path:
    from govreport_gui.core.ops.consolidate import consolidate_files

    consolidate_files(paths, target, GOV, "汇总人")
    return target


def test_closing_the_dialog_while_reading_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    from govreport_gui.gui import worker

    paths = three_signed(tmp_path / "各部门")
    dialog = _dialog(qtbot, paths)
    dialog.unit.setText(GOV)
    dialog.out.setText(str(tmp_path / "汇总.nianbao"))
    qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
    task = dialog.task
    assert task is not None and not task.done
    dialog.cancel.click()  # at once: the files are still being read
    assert dialog.result() == ConsolidateDialog.DialogCode.Rejected
    dialog.deleteLater()
    qtbot.waitUntil(lambda: task.done, timeout=30000)
    qtbot.wait(50)
    assert not (tmp_path / "汇总.nianbao").exists()
    assert task not in worker._RUNNING


def test_the_done_notes_give_the_sums_errors_and_the_reports_that_had_them(
    qtbot: Any, tmp_path: Path
) -> None:
    wrong = variant("乙局", 1, "0", "1")
    wrong["values"]["received"] = 4  # 收到申请数 ≠ its four channels: an error in the report
    paths = [
        write_values(tmp_path / "a.json", variant("甲局", 1, "0", "1")),
        write_values(tmp_path / "b.json", wrong),
    ]
    dialog = _dialog(qtbot, paths)
    dialog.unit.setText(GOV)
    dialog.out.setText(str(tmp_path / "汇总"))
    _click(qtbot, dialog)
    # Refused (unsigned): the window names its checkbox, not the command line's flag.
    text = dialog.problems.toPlainText()
    assert "请勾选“包括未签发的报告”" in text and "--include-unsigned" not in text
    dialog.include_unsigned.setChecked(True)
    _click(qtbot, dialog)
    assert dialog.written == tmp_path / "汇总.nianbao"
    notes = dialog.problems.toPlainText()
    assert "• 汇总后的校验：错误 1 个" in notes
    assert "    1. 收到申请数应等于当面、传真、网络、信函申请数之和" in notes
    assert "• 以下报告本身有错误（1 份，汇总后的错误可能来自它们）：乙局（b.json）" in notes
    dialog.resize(1024, 600)
    assert dialog.grab().save(str(tmp_path / "done.png"))


def test_add_and_remove_files_and_another_suffix_is_refused(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = three_signed(tmp_path)
    dialog = _dialog(qtbot, paths[:1])
    extra = [paths[1], paths[0], paths[2]]  # one already listed: not listed twice
    monkeypatch.setattr(file_dialogs, "open_files", lambda *_args: extra)
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    assert dialog.paths == paths and dialog.files.count() == 3
    for row in (0, 2):
        dialog.files.item(row).setSelected(True)
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert dialog.paths == [paths[1]]
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)  # nothing selected: nothing gone
    assert dialog.paths == [paths[1]]
    dialog.unit.setText(GOV)
    dialog.out.setText(str(tmp_path / "r8.txt"))
    _click(qtbot, dialog)
    assert dialog.task is None
    assert "汇总草稿的文件名应以 .nianbao 结尾" in dialog.problems.toPlainText()
    dialog.files.selectAll()
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    dialog.out.setText(str(tmp_path / "r8"))
    _click(qtbot, dialog)
    assert dialog.task is None and "列表中没有报告" in dialog.problems.toPlainText()


def test_the_banner_does_not_call_untrusted_signatures_signed_off() -> None:
    from govreport_gui.core.store.consolidation_record import ConsolidatedSource
    from govreport_gui.gui.main_window import consolidation_line

    sources = [
        ConsolidatedSource(unit="甲局", file="a.nianbao", signer="沈涛", signature="VALID_TRUSTED"),
        ConsolidatedSource(
            unit="乙局", file="b.nianbao", signer="某人", signature="VALID_UNTRUSTED"
        ),
        ConsolidatedSource(unit="丙局", file="c.json"),
    ]
    assert consolidation_line(sources) == (
        "汇总草稿：由 3 份报告相加（甲局、乙局、丙局），"
        "其中 1 份没有数字签名、1 份的签名人不在受信任名单。"
    )
