"""The command line on forms and values files: forms, describe, check (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from seed_table import seed_rows

from govreport_gui.cli.main import main
from govreport_gui.core.forms.formdef import FormDef

FORM_ID = "gov-disclosure-2014"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write_values(tmp_path: Path, document: Any, name: str = "values.json") -> Path:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def example_file(tmp_path: Path, example_document: dict[str, Any]) -> Path:
    return write_values(tmp_path, example_document)


def edited(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(document))
    copy["values"].update(changes)
    return copy


# -- forms / describe ------------------------------------------------------------------------------


def test_forms_lists_the_2014_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith(FORM_ID + "\t"))
    assert "政府信息公开情况统计表" in line and "国办发〔2014〕32号" in line


def test_forms_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms", "--json")
    assert code == 0
    forms = json.loads(out)
    entry = next(f for f in forms if f["id"] == FORM_ID)
    assert (entry["first_year"], entry["last_year"]) == (2014, 2018)
    assert entry["basis"] == "国办发〔2014〕32号"
    first_years = [f["first_year"] or 0 for f in forms]
    assert first_years == sorted(first_years, reverse=True)  # newest first


@pytest.fixture(scope="module")
def described() -> dict[str, Any]:
    # main() prints to sys.stdout; run it in a subprocess-free way by capturing ourselves
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["describe", FORM_ID, "--json"])
    assert code == 0
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


def test_describe_json_cells_in_table_order(described: dict[str, Any], form_2014: FormDef) -> None:
    assert described["id"] == FORM_ID
    cells = described["cells"]
    assert [c["id"] for c in cells] == [c.id for c in form_2014.cells]
    for cell in cells:
        assert {"id", "table", "row_label", "column_label", "unit", "kind"} <= set(cell)
        assert cell["table"] == "main"
        assert cell["column_label"] == "统计数"
    kinds = {c["id"]: c["kind"] for c in cells}
    assert kinds["budget"] == kinds["fees"] == "money"
    assert kinds["received"] == "count"
    rules = described["rules"]
    assert [r["id"] for r in rules] == [r.id for r in form_2014.rules]
    for rule in rules:
        assert rule["severity"] in ("error", "warning")
        assert rule["text"]


def test_describe_matches_the_seed_table(described: dict[str, Any]) -> None:
    """Every label, note, unit, indent and the order of rows as printed in the seed report."""
    seed = seed_rows()
    rows = described["tables"][0]["rows"]
    assert len(rows) == len(seed)
    for row, printed in zip(rows, seed, strict=True):
        where = f"{row['id']} / {printed.label}"
        assert row["label"] == printed.label, where
        assert row["note"] == printed.note, where
        assert row["unit"] == printed.unit, where
        assert row["heading"] == (printed.value == "" and printed.unit == "——"), where
        if row["id"] == "budget":
            # the seed indents （四）政府信息公开专项经费 by 2; the official format (and ours) by 0
            assert (printed.indent, row["indent"]) == (2, 0)
            continue
        assert row["indent"] == printed.indent, where
    # the cells are the non-heading rows, in the same order, with the seed's label and unit
    value_rows = [p for p in seed if p.unit != "——"]
    cells = described["cells"]
    assert len(cells) == len(value_rows)
    for cell, printed in zip(cells, value_rows, strict=True):
        assert cell["row_label"] == printed.label
        assert cell["unit"] == printed.unit


def test_bundled_example_holds_the_seed_numbers(
    described: dict[str, Any], example_document: dict[str, Any]
) -> None:
    value_rows = [p for p in seed_rows() if p.unit != "——"]
    ids = [c["id"] for c in described["cells"]]
    assert list(example_document["values"]) == ids
    for cell_id, printed in zip(ids, value_rows, strict=True):
        assert str(example_document["values"][cell_id]) == printed.value, cell_id


def test_describe_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "describe", FORM_ID)
    assert code == 0
    assert "（一）收到申请数" in out and "(received)" in out
    assert "received_sum" in out


def test_describe_unknown_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "describe", "no-such-form")
    assert code == 2
    assert "no-such-form" in err and FORM_ID in err
    assert out == ""


# -- check ---------------------------------------------------------------------------------------


def test_check_clean_example(capsys: pytest.CaptureFixture[str], example_file: Path) -> None:
    code, out, _ = run(capsys, "check", str(example_file))
    assert code == 0
    assert out.splitlines() == ["共 0 个错误，0 个警告，0 个空格未填（共 58 格）。"]
    code, out, _ = run(capsys, "check", str(example_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["errors"], data["warnings"], data["blank"], data["problems"]) == (0, 0, 0, [])


def test_check_human_output_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_document: dict[str, Any]
) -> None:
    doc = edited(example_document, received=4, staff=5, trainees=0)
    code, out, err = run(capsys, "check", str(write_values(tmp_path, doc)))
    assert code == 1
    lines = out.splitlines()
    problems = [line for line in lines if line.startswith(("错误\t", "警告\t"))]
    assert len(problems) == 3
    by_rule = {line.split("\t")[1]: line for line in problems}
    assert set(by_rule) == {"received_sum", "staff_sum", "trainees_ge_classes"}
    assert by_rule["received_sum"].startswith("错误\t")
    assert "收到申请数 4" in by_rule["received_sum"] and "= 3" in by_rule["received_sum"]
    assert "从事政府信息公开工作人员数 5" in by_rule["staff_sum"]
    assert by_rule["staff_sum"].endswith("= 2")
    assert by_rule["trainees_ge_classes"].startswith("警告\t")
    assert "0" in by_rule["trainees_ge_classes"] and "1" in by_rule["trainees_ge_classes"]
    assert lines[-1].startswith("共 2 个错误，1 个警告")
    assert err == ""


def test_check_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_document: dict[str, Any]
) -> None:
    doc = edited(example_document, received=4, trainees=0)
    del doc["values"]["hot_topics"]
    del doc["values"]["closed"]
    code, out, _ = run(capsys, "check", str(write_values(tmp_path, doc)), "--json")
    assert code == 1
    data = json.loads(out)
    assert (data["errors"], data["warnings"], data["blank"]) == (1, 1, 2)
    problems = {p["rule"]: p for p in data["problems"]}
    assert set(problems) == {"received_sum", "trainees_ge_classes"}
    for problem in data["problems"]:
        assert set(problem) >= {"rule", "severity", "cells", "message", "expected", "actual"}
    received = problems["received_sum"]
    assert received["severity"] == "error"
    assert received["cells"][0] == "received"
    assert set(received["cells"]) == {
        "received",
        "received_in_person",
        "received_fax",
        "received_online",
        "received_letter",
    }
    assert (received["actual"], received["expected"]) == (4, 3)
    assert problems["trainees_ge_classes"]["severity"] == "warning"
    # the blank total says what it would be
    closed_parts = (
        example_document["values"]["closed_on_time"] + example_document["values"]["closed_extended"]
    )
    hints = {h["rule"]: h for h in data["computed_totals"]}
    assert hints["closed_sum"]["cell"] == "closed"
    assert hints["closed_sum"]["expected"] == closed_parts


def test_check_warnings_only_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example_document: dict[str, Any]
) -> None:
    doc = edited(example_document, trainees=0)
    code, out, _ = run(capsys, "check", str(write_values(tmp_path, doc)), "--json")
    assert code == 0
    assert (json.loads(out)["errors"], json.loads(out)["warnings"]) == (0, 1)


def test_check_values_as_a_list_in_cells_order(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    example_document: dict[str, Any],
    described: dict[str, Any],
) -> None:
    ordered = [example_document["values"][c["id"]] for c in described["cells"]]
    doc = {"form": FORM_ID, "values": ordered}
    code, out, _ = run(capsys, "check", str(write_values(tmp_path, doc)), "--json")
    assert code == 0
    assert json.loads(out)["blank"] == 0
    # typed strings and blanks in the list go through the same parsing
    received = [c["id"] for c in described["cells"]].index("received")
    ordered[received] = "４"
    ordered[0] = ""
    code, out, _ = run(capsys, "check", str(write_values(tmp_path, doc, "b.json")), "--json")
    data = json.loads(out)
    assert code == 1
    assert data["blank"] == 1
    assert [p["rule"] for p in data["problems"] if p["severity"] == "error"] == ["received_sum"]
    # a list of the wrong length is refused
    doc["values"] = ordered[:-1]
    code, _, err = run(capsys, "check", str(write_values(tmp_path, doc, "c.json")))
    assert code == 2 and str(len(ordered) - 1) in err


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"form": "no-such-form", "values": {}}, "no-such-form"),
        ('{"form": "gov-disclosure-2014", "values": {', "JSON"),
        ("[1, 2, 3]", "JSON"),
        ({"form": FORM_ID, "values": {"no_such_cell": 1}}, "no_such_cell"),
        ({"form": FORM_ID, "values": {"received": "abc"}}, "received"),
        ({"form": FORM_ID, "values": {"received": "1.5"}}, "整数"),
        ({"form": FORM_ID, "values": {"received": -3}}, "负"),
        ({"form": FORM_ID, "values": {"received": "1e5"}}, "科学计数法"),
        ({"form": FORM_ID, "values": {"received": 10**13}}, "过大"),
        ({"form": FORM_ID, "values": {"fees": "0.1234567"}}, "6 位小数"),
        ({"form": FORM_ID, "values": 5}, "values"),
        ({"form": FORM_ID, "fields": {"date": "明天"}, "values": {}}, "日期"),
        ('{"form": "gov-disclosure-2014", "value": {"received": 3}}', "“value”"),
        ('{"form": "gov-disclosure-2014", "feilds": {}, "values": {}}', "“feilds”"),
        ('{"form": "gov-disclosure-2014", "values": {"received": 3, "received": 4}}', "“received”"),
        ('{"form": "gov-disclosure-2014", "form": "gov-disclosure-2014", "values": {}}', "“form”"),
        ('{"form": "gov-disclosure-2014", "values": {"received": 1e5}}', "科学计数法"),
        ('{"form": "gov-disclosure-2014", "values": {"received": 1.0E2}}', "科学计数法"),
        ('{"form": "gov-disclosure-2014", "values": {"fees": 1e-3}}', "科学计数法"),
    ],
    ids=[
        "unknown-form",
        "broken-json",
        "not-an-object",
        "unknown-cell",
        "not-a-number",
        "fraction",
        "negative",
        "exponent",
        "too-big",
        "money-places",
        "values-not-a-list",
        "bad-field",
        "misspelt-values",
        "misspelt-fields",
        "duplicate-cell",
        "duplicate-top-level-key",
        "json-exponent",
        "json-exponent-with-fraction",
        "json-exponent-money",
    ],
)
def test_check_unusable_input_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, document: Any, reason: str
) -> None:
    code, out, err = run(capsys, "check", str(write_values(tmp_path, document)))
    assert code == 2
    assert reason in err
    assert out == ""
    code, out, err = run(capsys, "check", str(write_values(tmp_path, document)), "--json")
    assert code == 2 and reason in err


def test_an_unknown_key_names_the_allowed_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = {"form": FORM_ID, "value": {"received": 3}, "values": {"closed": "x"}}
    code, _, err = run(capsys, "check", str(write_values(tmp_path, doc)))
    assert code == 2
    assert "“value”" in err and all(f"“{key}”" in err for key in ("form", "fields", "values"))
    assert "closed" in err  # listed with the other problems
    code, _, err = run(capsys, "check", str(write_values(tmp_path, {"from": FORM_ID}, "f.json")))
    assert code == 2 and '缺少 "form"' in err and "“from”" in err


def test_a_duplicate_key_is_refused_by_fill_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "d.nianbao"
    assert run(capsys, "new", "--form", FORM_ID, str(draft))[0] == 0
    text = '{"form": "gov-disclosure-2014", "values": {"received": 3, "received": 4}}'
    code, _, err = run(capsys, "fill", str(draft), "--values", str(write_values(tmp_path, text)))
    assert code == 2 and "“received”" in err and "两次" in err
    code, out, _ = run(capsys, "show", str(draft), "--json")
    assert json.loads(out)["values"]["received"] is None


def test_a_cell_or_field_written_twice_is_refused_by_set_and_new(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # as fill refuses a key written twice: which of the two was meant cannot be told
    draft = tmp_path / "d.nianbao"
    code, _, err = run(
        capsys, "new", "--form", FORM_ID, str(draft), "--field", "unit=甲", "--field", "unit=乙"
    )
    assert code == 2 and "“unit”" in err and "两次" in err and not draft.exists()
    assert run(capsys, "new", "--form", FORM_ID, str(draft))[0] == 0
    code, _, err = run(capsys, "set", str(draft), "received=3", "received=4")
    assert code == 2 and "“received”" in err and "两次" in err
    code, out, _ = run(capsys, "show", str(draft), "--json")
    assert json.loads(out)["values"]["received"] is None


@pytest.mark.parametrize(
    "number", ["12.0", "0.25", "1234.5", "1.00000000000000001", "0.12345678901234567"]
)
def test_a_json_number_is_read_as_its_text_would_be(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, number: str
) -> None:
    # not rounded to a binary float first: 1.00000000000000001 is no more a whole number than typed
    results = []
    for cell in ("received", "fees"):
        for name, value in ((f"n-{cell}.json", number), (f"t-{cell}.json", json.dumps(number))):
            text = f'{{"form": "{FORM_ID}", "values": {{"{cell}": {value}}}}}'
            code, out, err = run(capsys, "check", str(write_values(tmp_path, text, name)), "--json")
            results.append((code, out if code != 2 else err.replace(name, "")))
    assert results[0] == results[1] and results[2] == results[3]


def test_check_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err


def test_check_reports_every_bad_value_at_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = {"form": FORM_ID, "values": {"received": "x", "closed": "-1", "zz": 1}}
    code, _, err = run(capsys, "check", str(write_values(tmp_path, doc)))
    assert code == 2
    assert "received" in err and "closed" in err and "zz" in err


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# -- as a program ----------------------------------------------------------------------------------


def test_python_m_govreport_gui(tmp_path: Path, repo_root: Path, example_document: dict) -> None:
    env = dict(os.environ, PYTHONPATH=str(repo_root), PYTHONIOENCODING="utf-8")

    def program(*argv: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "govreport_gui", *argv],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
        assert "Traceback" not in result.stdout + result.stderr
        return result

    result = program("forms")
    assert result.returncode == 0 and FORM_ID in result.stdout

    good = write_values(tmp_path, example_document, "good.json")
    result = program("check", str(good))
    assert result.returncode == 0, result.stderr
    assert "0 个错误" in result.stdout

    bad = write_values(tmp_path, edited(example_document, received=4), "bad.json")
    result = program("check", str(bad), "--json")
    assert result.returncode == 1
    assert [p["rule"] for p in json.loads(result.stdout)["problems"]] == ["received_sum"]

    broken = write_values(tmp_path, "{not json", "broken.json")
    result = program("check", str(broken))
    assert result.returncode == 2
    assert "JSON" in result.stderr and result.stdout == ""
