"""Our own whole-report exports read back (issues 16 and 17): ``govreport export --docx /
--report-pdf / --html`` of a draft, then ``govreport import-report`` of the file, give back exactly
the draft — every figure (a blank stays blank, 0 stays 0, 123456 and 万元 with six decimals as
typed), the fields the report prints, each section's heading and text as a reader sees it — and
name nothing as not read; ``govreport check`` of the file says what ``check`` of the draft says.

Our exports are the cleanest published reports there can be: any difference here is a bug of the
exporter or of the importer. A handful of drafts, each chosen to stress the layout: every form
(2014, 2019, 2021), every cell filled or whole tables left blank, figures of nine digits (the
labels' column narrow), a unit's name too long for a line (or for two), text with numbered headings at three
levels, figures inserted from the tables (``{{CELL_ID}}``, a blank one too), Chinese punctuation,
a sentence before a table, a 2014 draft's sections renamed, added, removed, no 填报日期, a draft export and a
signed one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import Run, run
from consistent_report import consistent_values
from published_reports import values_file

from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.values import Kind, Value
from govreport_gui.core.forms.valuesfile import load_values_document, parse_values
from govreport_gui.core.layout.report_layout import figure_text
from govreport_gui.core.report.figures import render

_ = run  # the fixture of cli_run

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
SHORT_UNIT = "示例县人民政府办公室"
# Longer than a line of the title and of the 落款: the PDF prints it over two lines.
LONG_UNIT = "新疆维吾尔自治区伊犁哈萨克自治州直属机关事务管理局（自治州人民政府机关事务服务中心）"
VERY_LONG_UNIT = f"中华人民共和国某某部某某司某某局某某处某某科{LONG_UNIT}信息中心"  # over 2 lines
FORMATS = {"docx": "--docx", "pdf": "--report-pdf", "html": "--html"}  # suffix: export option
# The fields the whole report prints: the title's unit and year, the 落款's date; the 2014 附件
# also prints the table's own lines (单位负责人 … 联系电话). The 2019 and 2021 reports print no
# 单位负责人 (README, "The whole report"): those fields are not in the file to be read back.
PRINTED_FIELDS = ("unit", "year", "date")
PRINTED_2014 = (*PRINTED_FIELDS, "head", "reviewer", "preparer", "phone")
# By design (core/layout/import_xlsx.py): table 四 has one row and no labels, so a blank one is
# said, where a blank row of a labelled table is not.
EMPTY_APPEALS = "注意：表格“四、政府信息公开行政复议、行政诉讼情况”中没有数字，按空白处理"

COUNTS = (None, 0, 123456)  # then figures no other cell has
WIDE_COUNTS = (None, 0, 987654321, 99, 12345678, 1)
MONEY = (None, "0", "123456.25", "0.000001", "7730.28", "12.5", "24252.311082")


def stress_values(
    form: FormDef, blank_tables: tuple[str, ...] = (), counts: tuple[int | None, ...] = COUNTS
) -> dict[str, Value | None]:
    """Every cell in turn blank, 0, a large figure (wide in table 四's narrow columns), then a
    figure no other cell has; money blank, 0, 123456.25, 0.000001 …; every other signed figure
    negative; the cells of ``blank_tables`` all blank."""
    values: dict[str, Value | None] = {}
    for n, cell in enumerate(form.cells):
        turn = n % len(MONEY)
        if cell.table_id in blank_tables:
            values[cell.id] = None
        elif cell.kind is Kind.MONEY:
            amount = MONEY[turn]
            values[cell.id] = None if amount is None else Decimal(amount)
        elif turn < len(counts):
            values[cell.id] = counts[turn]
        else:
            values[cell.id] = -(100 + n) if cell.kind is Kind.SIGNED and n % 2 else 100 + n
    return values


def example_values(form: FormDef) -> dict[str, Value | None]:
    return dict(load_values_document(EXAMPLE).values)


TEXTS_2014 = {
    "preface": "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布本年度报告。",
    "summary": "（一）组织领导。本年度主动公开政府信息{{proactive_info}}条，其中网站公开{{website}}"
    "条、微博{{weibo}}条；\n1.完善制度——“三审三校”。\n（二）收费情况：收取费用{{fees}}万元。",
    "disclosure": "一是全面公开；二是重点公开！\n受理申请{{received}}件？办结{{closed}}件……",
    "shortcomings": "存在的问题：公开不够及时、解读不够深入。",
    "next_year": "2019年，我们将：\n1.加强培训；\n2.完善考核，做到“应公开、尽公开”。",
}
TEXTS_LATER = {
    "preface": "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。",
    "general": "（一）主动公开。全年主动公开政府信息，“互联网+政务服务”平台运行平稳！\n"
    "1.平台建设。更新“政策解读”“办事指南”等栏目；\n（二）依申请公开。收到申请{{new.total}}件，"
    "其中自然人{{new.natural}}件、法人{{new.commercial}}件，较上年增长12.5%。\n"
    "（三）政府信息管理？规范……",
    "proactive_disclosure": "本年度主动公开政府信息情况如下表：",
    "problems": "一、公开内容不够全面；二、解读形式单一。\n下一步：（1）加强培训；（2）完善制度。",
    "other_matters": "本年度收取信息处理费{{fee}}万元。\n无其他需要报告的事项。",
}


# A numbered list of its own in section 一 (二、 numbered further on than the section it stands
# in, as published reports write one), and a paragraph numbered past the last section (七、 in
# 六、, no list before it: only the export's marks on its headings tell that it is text).
LIST_IN_SECTION = {
    "general": "一、主动公开情况\n全年主动公开政府信息。\n二、依申请公开情况\n"
    "收到申请{{new.total}}件。\n三、政府信息管理\n规范管理。",
    "other_matters": "本年度收取信息处理费{{fee}}万元。\n七、附则\n本报告由办公室负责解释。",
}


def texts_later(form_id: str, texts: Mapping[str, str] = TEXTS_LATER) -> dict[str, str]:
    """The later forms' ``texts``, the fee figure by the form's cell."""
    cell = {"gov-disclosure-2019": "procurement.amount", "gov-disclosure-2021": "fees"}[form_id]
    return {sid: text.replace("{{fee}}", "{{" + cell + "}}") for sid, text in texts.items()}


@dataclass(frozen=True)
class Case:
    name: str
    form_id: str
    year: str
    unit: str
    values: Callable[[FormDef], dict[str, Value | None]]
    texts: Mapping[str, str]
    date: str = "2023年1月20日"
    signed: bool = False
    arrange: tuple[tuple[str, ...], ...] = ()  # ``govreport sections`` runs (2014: editable)
    notes: tuple[str, ...] = ()  # the import's 注意 lines expected (by design)


F2014, F2019, F2021 = "gov-disclosure-2014", "gov-disclosure-2019", "gov-disclosure-2021"
TABLE_TWO_2021 = ("proactive_1", "proactive_5", "proactive_6", "proactive_8")
CASES = [
    Case("2014-every-turn-long-unit", F2014, "2018", LONG_UNIT, stress_values,
         {**TEXTS_2014, "own_1": "无。"}, date="2019年1月20日",
         arrange=(("--add", "五、其他需要报告的事项"),)),
    Case("2014-sections-of-its-own", F2014, "2018", SHORT_UNIT, example_values,
         {**TEXTS_2014, "own_1": "受理申请{{received}}件。"}, date="2019年2月14日",
         arrange=(("--rename", "summary=一、基本情况"), ("--add", "三、依申请公开情况", "--after",
                  "disclosure"), ("--rename", "shortcomings=四、存在的不足"),
                  ("--remove", "next_year", "--yes"))),
    Case("2014-example-signed", F2014, "2018", SHORT_UNIT, example_values, TEXTS_2014,
         date="2019年2月14日", signed=True),
    Case("2019-every-turn", F2019, "2020", SHORT_UNIT, stress_values, texts_later(F2019),
         date="2021年1月15日"),
    Case("2019-tables-three-four-blank-no-text-no-date", F2019, "2020", LONG_UNIT,
         lambda form: stress_values(form, ("applications", "appeals")), {}, date="",
         notes=(EMPTY_APPEALS,)),
    Case("2021-every-turn-long-unit", F2021, "2022", LONG_UNIT, stress_values, texts_later(F2021)),
    Case("2021-wide-figures-very-long-unit", F2021, "2022", VERY_LONG_UNIT,
         lambda form: stress_values(form, counts=WIDE_COUNTS), texts_later(F2021)),
    Case("2021-consistent-signed", F2021, "2022", SHORT_UNIT, consistent_values,
         texts_later(F2021), signed=True),
    Case("2021-numbered-lists-in-sections", F2021, "2022", SHORT_UNIT, consistent_values,
         texts_later(F2021, {**TEXTS_LATER, **LIST_IN_SECTION})),
    Case("2021-tables-two-four-blank", F2021, "2022", SHORT_UNIT,
         lambda form: stress_values(form, (*TABLE_TWO_2021, "appeals")), texts_later(F2021),
         notes=(EMPTY_APPEALS,)),
]  # fmt: skip


def make_draft(folder: Path, run: Run, case: Case) -> Path:
    """The case's draft, made as a user makes one on the command line."""
    form = get_form(case.form_id)
    fields = {"unit": case.unit, "year": case.year, "date": case.date}
    if case.form_id == F2014:
        fields |= {"head": "张三", "reviewer": "李四", "preparer": "王五", "phone": "0951-1234567"}
    source = values_file(folder / "values.json", form.id, case.values(form), fields)
    path = folder / "draft.nianbao"
    assert run("new", path, "--form", form.id, "--user", "填报人")[0] == 0
    assert run("fill", path, "--values", source, "--user", "填报人")[0] == 0
    for arrange in case.arrange:
        assert run("sections", path, *arrange, "--user", "填报人")[0] == 0
    texts = {
        sid: text for sid, text in case.texts.items() if sid in run.json("show", path)["sections"]
    }
    if texts:
        sections = [f"--section={sid}={text}" for sid, text in texts.items()]
        assert run("set", path, *sections, "--user", "填报人")[0] == 0
    if case.signed:
        assert run("submit", path, "--user", "填报人")[0] == 0
        assert run("signoff", path, "--reviewer", "沈涛", "--user", "审核人")[0] == 0
    return path


@dataclass
class Shown:
    """A draft as ``show --json`` gives it: figures, fields, its sections' headings, and each
    section with text as a reader of the report sees it (heading, the text with its figures
    printed)."""

    values: dict[str, Value | None]
    fields: dict[str, str]
    headings: list[str]
    texts: list[tuple[str, str]]


def shown(run: Run, path: Path) -> Shown:
    data = run.json("show", path)
    form = get_form(data["form"])
    values = parse_values(form, data["values"])
    texts: list[tuple[str, str]] = []
    for section in data["report"]["sections"]:
        lines = data["sections"].get(section["id"], "").split("\n")
        text = "\n".join(
            line for line in (render(p, form, values, figure_text).strip() for p in lines) if line
        )
        if text:
            texts.append((section["heading"], text))
    fields = {k: v for k, v in data["fields"].items() if v}
    headings = [section["heading"] for section in data["report"]["sections"]]
    return Shown(values, fields, headings, texts)


def differences(
    form: FormDef, want: Mapping[str, Value | None], got: Mapping[str, Value | None]
) -> list[str]:
    """Each cell whose figure read back is not the draft's (kind and value: 0 is no blank)."""
    return [
        f"{cell.id}: {want.get(cell.id)!r} → {got.get(cell.id)!r}"
        for cell in form.cells
        if want.get(cell.id) != got.get(cell.id)
        or type(want.get(cell.id)) is not type(got.get(cell.id))
    ]


def not_read(printed: str, notes: tuple[str, ...]) -> list[str]:
    """What import-report names as not read, not placed or to be noted, beyond ``notes``."""
    lines = printed.split("\n校验：")[0].splitlines()
    named = [line for line in lines if line.startswith("  ") and "未" in line]
    named += [line for line in lines if line.startswith("注意：") and line not in notes]
    named += [f"没有说：{note}" for note in notes if note not in lines]
    return named + [line for line in printed.splitlines() if "没有导入" in line or "不完整" in line]


def checked(run: Run, path: Path) -> tuple[int, list[str]]:
    """``check``'s exit code and lines, without the signature's (a published report has none)."""
    code, out, _ = run("check", path)
    return code, [line for line in out.splitlines() if not line.startswith("签名：")]


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_our_export_reads_back_to_its_draft(
    tmp_path: Path, run: Run, case: Case, suffix: str
) -> None:
    draft = make_draft(tmp_path, run, case)
    exported = tmp_path / f"报告.{suffix}"
    signed = [] if case.signed else ["--draft"]
    assert run("export", draft, FORMATS[suffix], exported, *signed)[0] == 0
    back, values_out = tmp_path / "读回.nianbao", tmp_path / "读回.json"
    code, printed, err = run(
        "import-report", exported, back, "--values-out", values_out, "--user", "导入人"
    )
    assert code in (0, 1), err
    form = get_form(case.form_id)
    want, read = shown(run, draft), load_values_document(values_out)
    problems = [f"表单：{read.form.id}"] if read.form.id != form.id else []
    problems += differences(form, want.values, read.values)
    for key in PRINTED_2014 if form.id == F2014 else PRINTED_FIELDS:
        if want.fields.get(key) != read.fields.get(key):
            problems.append(f"{key}：{want.fields.get(key)!r} → {read.fields.get(key)!r}")
    problems += not_read(printed, case.notes)
    got = shown(run, back)
    if got.texts != want.texts:
        problems.append(f"正文：{want.texts!r}\n  → {got.texts!r}")
    if got.headings != want.headings:
        problems.append(f"各部分：{want.headings!r}\n  → {got.headings!r}")
    if got.values != read.values:
        problems.append("新草稿的数字与数值文件的不同")
    if checked(run, exported) != checked(run, draft):
        problems.append(f"check：{checked(run, draft)!r}\n  → {checked(run, exported)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_a_draft_without_figures_reads_back_as_the_readme_says(
    tmp_path: Path, run: Run, suffix: str
) -> None:
    """A 2021 draft with its text, unit and year but no figure yet, exported and read back: by
    design (README, import-report) no figure read is no report — a new draft is made with the
    text and the fields, every figure blank, and import-report exits 1 saying so; a values file
    alone is not written (exit 2), and ``check`` of the file says it holds no figure (exit 2).
    The refusal says what was not read, and not that the unit and year it did read were not
    (before: “文档中没有读出任何数字或填报信息”)."""
    case = Case("2021-blank", F2021, "2022", SHORT_UNIT, lambda form: {}, texts_later(F2021))
    draft = make_draft(tmp_path, run, case)
    exported = tmp_path / f"报告.{suffix}"
    assert run("export", draft, FORMATS[suffix], exported, "--draft")[0] == 0

    values_out = tmp_path / "读回.json"
    code, printed, err = run("import-report", exported, "--values-out", values_out)
    assert code == 2 and not values_out.exists()
    assert f"填报单位：{SHORT_UNIT}" in printed and "统计表：读出 0 个数字" in printed
    assert err == (
        f"govreport：文档中没有读出任何数字，未写数值文件：{values_out}\n"
        "要保留读出的正文和填报信息，请写新草稿的文件名（PATH），"
        "例如：govreport import-report 年报.pdf 年报.nianbao\n"
    )

    back = tmp_path / "读回.nianbao"
    code, printed, _ = run("import-report", exported, back, "--user", "导入人")
    assert code == 1
    assert "统计表：没有读出任何数字，草稿的统计表全部为空" in printed
    got, want = shown(run, back), shown(run, draft)
    assert got.values == {cell.id: None for cell in get_form(F2021).cells}
    assert got.texts == want.texts and got.fields == want.fields

    code, _, err = run("check", exported)
    assert code == 2 and "没有从中读出统计表的数字" in err
