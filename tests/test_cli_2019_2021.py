"""The command line on the 2019 and 2021 forms: describe, fill with a list in ``cells`` order,
check, sign off, export, import-xlsx and verify — the path a report of the current format takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_forms_2019_2021 import example_2019, example_2021

from govreport_gui.cli.main import main
from govreport_gui.core.store.draft import Draft

FIELDS = [
    "--field",
    "unit=宿州市埇桥区人民政府办公室",
    "--field",
    "head=张三",
    "--field",
    "reviewer=李四",
    "--field",
    "preparer=王五",
    "--field",
    "date=2022年1月20日",
]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) in (0, 1)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("form_id", "year", "example"),
    [("gov-disclosure-2019", "2020", example_2019), ("gov-disclosure-2021", "2021", example_2021)],
)
def test_a_report_of_the_current_formats_end_to_end(
    form_id: str, year: str, example: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    described = _json(capsys, "describe", form_id, "--json")
    assert isinstance(described, dict)
    cells = [c["id"] for c in described["cells"]]
    values = example()  # type: ignore[operator]
    # A list in `cells` order, as a column pasted from a spreadsheet arrives; numbers as typed text.
    listed = [None if values.get(c) is None else str(values[c]) for c in cells]
    values_file = tmp_path / "values.json"
    values_file.write_text(
        json.dumps({"form": form_id, "values": listed}, ensure_ascii=False), encoding="utf-8"
    )
    assert main(["check", str(values_file)]) == 0

    draft = tmp_path / "report.nianbao"
    assert main(["new", "--form", form_id, str(draft), "--field", f"year={year}", *FIELDS]) == 0
    assert main(["fill", str(draft), "--values", str(values_file)]) == 0
    report = _json(capsys, "check", str(draft), "--json")
    assert isinstance(report, dict) and report["errors"] == 0 and report["blank"] == 0

    # A total that does not add up is flagged with its row, column and the numbers.
    assert main(["set", str(draft), f"new.natural={int(values['new.natural']) + 1}"]) == 0  # type: ignore[call-overload]
    capsys.readouterr()
    assert main(["check", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "本年新收" in out and "自然人" in out and "≠" in out
    assert main(["set", str(draft), f"new.natural={values['new.natural']}"]) == 0

    assert main(["submit", str(draft)]) == 0
    assert main(["signoff", str(draft), "--reviewer", "李四"]) == 0
    xlsx, pdf = tmp_path / "out.xlsx", tmp_path / "out.pdf"
    assert main(["export", str(draft), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
    assert main(["verify", str(xlsx), "--draft", str(draft)]) == 0

    copy = tmp_path / "copy.nianbao"
    assert main(["import-xlsx", str(xlsx), str(copy)]) == 0
    with Draft.open(draft, "t", readonly=True) as a, Draft.open(copy, "t", readonly=True) as b:
        assert b.form.id == form_id
        assert b.values == a.values
        assert b.fields["unit"] == "宿州市埇桥区人民政府办公室"
