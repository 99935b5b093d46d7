"""The canonical content a digital sign-off signs (core/forms/signed_content.py)."""

from __future__ import annotations

from decimal import Decimal

from govreport_gui.core.forms import signed_content as sc
from govreport_gui.core.forms.formdef import FormDef
from govreport_gui.core.forms.values import Value


def _digests(
    form: FormDef,
    fields: dict[str, str],
    values: dict[str, Value | None],
    notes: list[sc.ExplanationItem],
) -> dict[str, str]:
    return sc.part_digests(form, fields, values, notes)


def test_each_part_has_its_own_digest(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    fields = {"unit": "某某局", "year": "2018"}
    notes: list[sc.ExplanationItem] = [("r1", "属实", "张三", "3 ≠ 4")]
    base = _digests(form_2014, fields, example_values, notes)
    assert sorted(base) == ["explanations", "fields", "tables", "text"]
    cell = form_2014.cells[0].id
    changed_cell = _digests(form_2014, fields, {**example_values, cell: 999}, notes)
    assert changed_cell["tables"] != base["tables"]
    assert changed_cell["fields"] == base["fields"]
    changed_field = _digests(form_2014, {**fields, "unit": "另一局"}, example_values, notes)
    assert (changed_field["fields"], changed_field["tables"]) != (base["fields"], base["tables"])
    assert changed_field["tables"] == base["tables"]
    changed_note = _digests(form_2014, fields, example_values, [("r1", "属实。", "张三", "3 ≠ 4")])
    assert changed_note["explanations"] != base["explanations"]
    assert changed_note["tables"] == base["tables"]


def test_the_same_content_gives_the_same_digests(
    form_2014: FormDef, example_values: dict[str, Value | None]
) -> None:
    money = next(c for c in form_2014.cells if c.kind.value == "money")
    a = _digests(form_2014, {}, {**example_values, money.id: Decimal("10.0")}, [])
    b = _digests(form_2014, {}, {**example_values, money.id: Decimal("10")}, [])
    assert a == b
    # The order the explanations are read in does not matter.
    one = _digests(form_2014, {}, example_values, [("a", "x", "w", ""), ("b", "y", "w", "")])
    two = _digests(form_2014, {}, example_values, [("b", "y", "w", ""), ("a", "x", "w", "")])
    assert one == two


def test_a_text_cannot_pose_as_two_lines(form_2014: FormDef) -> None:
    # With plain "key=value" lines, a 说明 holding a line break could imitate the next row.
    one = sc.explanations_digest(form_2014, [("a", 'x"]\n["b","y', "w", "")])
    two = sc.explanations_digest(form_2014, [("a", "x", "w", ""), ("b", "y", "w", "")])
    assert one != two


def test_the_message_names_its_version_and_everything_signed() -> None:
    digests = {"tables": "11", "fields": "22", "explanations": "33"}
    text = sc.message(sc.V2, "f", "def", digests, "沈涛", "2024-01-01T00:00:00Z").decode()
    lines = text.split("\n")
    assert lines[0] == '["govreport-signed-v2"]'
    assert lines[3:6] == [
        '["part","explanations","33"]',
        '["part","fields","22"]',
        '["part","tables","11"]',
    ]
    assert lines[-2:] == ['["reviewer","沈涛"]', '["at","2024-01-01T00:00:00Z"]']
    other = sc.message(sc.V2, "f", "def", digests, "局长", "2024-01-01T00:00:00Z")
    assert other != text.encode()


def test_stored_digests_are_read_back_only_when_well_formed() -> None:
    digests = {"tables": "ab", "fields": "cd"}
    assert sc.parse_digests(sc.digests_json(digests)) == digests
    # nested deeper than Python's recursion limit, within the 4,096 characters a workbook's
    # property may hold (a crafted file): refused, not a RecursionError
    deep = "[" * 2000 + "]" * 2000
    for bad in ("", "[1]", '{"a": 1}', "x" * 5000, None, "{", deep):
        assert sc.parse_digests(bad) is None


def test_a_line_is_what_json_writes_for_its_texts() -> None:
    """The signed lines are JSON lists of texts, written without json.dumps' encoder set-up
    (issue 14): every kind of character comes out as json.dumps writes it, signatures made
    before and after agree."""
    import json
    import random

    from govreport_gui.core.forms.signed_content import _line

    pool = [
        '"',
        "\\",
        "\n",
        "\t",
        "\x00",
        "\x1f",
        "\x7f",
        "\u2028",
        "\ud800",
        "é",
        "收",
        "😀",
        "a",
        " ",
    ]
    rng = random.Random(14)
    cases = [(), ("",), ("govreport-part-tables", "gov-disclosure-2021")]
    for _ in range(300):
        cases.append(
            tuple("".join(rng.choices(pool, k=rng.randint(0, 8))) for _ in range(rng.randint(1, 5)))
        )
    for items in cases:
        assert _line(*items) == json.dumps(list(items), ensure_ascii=False, separators=(",", ":"))
