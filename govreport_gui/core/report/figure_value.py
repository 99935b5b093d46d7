"""A ``[[text_figures]]`` figure in the tables: its value (the sum of its cells) and its name."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.text_figures import TextFigure
from govreport_gui.core.forms.values import Kind, Value


def figure_value(figure: TextFigure, values: Mapping[str, Value | None]) -> Decimal | None:
    """The figure's value in the table (the sum of its cells); ``None`` while one is blank."""
    total = Decimal(0)
    for cell_id in figure.cells:
        value = values.get(cell_id)
        if not isinstance(value, int | Decimal):
            return None
        total += value
    return total


def figure_name(form: FormDef, figure: TextFigure) -> str:
    """How messages name the figure: the entry's ``name``, else the table and the cells' labels
    (统计表收到申请数, 表三本年新收申请（总计）)."""
    if figure.name:
        return figure.name
    labels = [form.cell(c).label for c in figure.cells]
    first = form.cell(figure.cells[0])
    table = next(t for t in form.tables if t.id == first.table_id)
    numeral = table.section.split("、", 1)[0] if "、" in table.section else ""
    where = f"表{numeral}" if numeral else "统计表"
    return where + ("与".join(labels) + ("之和" if len(labels) > 1 else ""))


def counts(form: FormDef, figure: TextFigure) -> bool:
    """Whether the figure counts things (its cells hold whole numbers, not money): a message says
    its approximate ranges in whole numbers."""
    return all(form.cell(c).kind in (Kind.COUNT, Kind.SIGNED) for c in figure.cells)
