"""从已发布年报导入's dialog says when figures of the document were not imported (a footnote mark on
a figure), as import-report does with its exit 1: the user must not take the draft as complete."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from test_import_web_habits import page

from govreport_gui.core.forms.registry import all_forms
from govreport_gui.core.ops.import_report import read_report_file
from govreport_gui.gui.import_report_ui import ImportReportDialog


def dialog_for(qtbot: Any, path: Path) -> ImportReportDialog:
    form, imported = read_report_file(path, None, all_forms())
    dialog = ImportReportDialog(path, form, imported, list(all_forms()))
    qtbot.addWidget(dialog)
    return dialog


def test_a_figure_not_imported_is_said_above_the_notes(qtbot: Any, tmp_path: Path) -> None:
    path, _doc = page(tmp_path, {r'(<td class="num">)([0-9]+)(</td>)': r"\1\2\3"})
    clean = dialog_for(qtbot, path)
    assert "没有导入" not in clean.figures.text()
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(<td class="num">[0-9]+)(</td>)', r"\1*\2", text, count=1)
    path.write_text(text, encoding="utf-8")
    marked = dialog_for(qtbot, path)
    assert "有 1 处数字没有导入" in marked.figures.text()
    assert "留空" in marked.unplaced.toPlainText()
