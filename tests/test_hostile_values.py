"""Hostile values (issue 13 §5): exact numbers beyond Decimal's 28 digits, control characters,
foreign digits in the year, and inputs that used to end in 内部错误."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.values import MAX_MAGNITUDE, Kind, ValueInputError, parse_value


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "内部错误" not in out + err
    return code, out, err


@pytest.fixture()
def draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "d.nianbao"
    args = (
        "new",
        "--form",
        "gov-disclosure-2014",
        path,
        "--field",
        "unit=某局",
        "--field",
        "year=2018",
    )
    assert run(capsys, *args)[0] == 0
    return path


def shown(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, "show", path, "--json")
    assert code in (0, 1)
    data: dict[str, dict[str, object]] = json.loads(out)
    return data


@pytest.mark.parametrize(
    "assignment",
    [
        "received=1.0000000000000000000000000001",
        "fees=999999999999.99999999999999999",
        "fees=1000000000000.0000000000000000000000000396",
        "received=1000000000000.0000000000000000000000000396",
    ],
)
def test_numbers_beyond_28_digits_are_refused_not_rounded(
    draft: Path, capsys: pytest.CaptureFixture[str], assignment: str
) -> None:
    code, out, err = run(capsys, "set", draft, assignment)
    assert code == 2, out + err
    cell = assignment.split("=")[0]
    assert shown(capsys, draft)["values"][cell] is None  # nothing was stored


def test_exact_long_numbers_that_fit_are_kept() -> None:
    assert parse_value(Kind.COUNT, "1.000000000000000000000000000000000") == 1
    assert parse_value(Kind.MONEY, "999999999999.999999000000000000000000") == Decimal(
        "999999999999.999999"
    )


_DIGITS = st.text("0123456789", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    whole=_DIGITS,
    frac=st.one_of(st.none(), _DIGITS),
    minus=st.booleans(),
    kind=st.sampled_from([Kind.COUNT, Kind.SIGNED, Kind.MONEY]),
)
def test_a_number_is_stored_exactly_or_refused(
    whole: str, frac: str | None, minus: bool, kind: Kind
) -> None:
    text = ("-" if minus else "") + whole + ("." + frac if frac is not None else "")
    exact = Decimal(text)  # construction from a string is exact at any length
    try:
        stored = parse_value(kind, text)
    except ValueInputError:
        fits = abs(exact.as_integer_ratio()[0]) <= MAX_MAGNITUDE * exact.as_integer_ratio()[1]
        places = len((frac or "").rstrip("0"))  # counted on the text: normalize() would round
        if kind is Kind.MONEY:
            assert not fits or exact < 0 or places > 6
        else:
            assert not fits or exact != int(exact) or (exact < 0 and kind is Kind.COUNT)
        return
    assert stored is not None
    assert Decimal(stored) == exact  # compared exactly: Decimal comparison never rounds


# -- control characters ------------------------------------------------------------------------

_CONTROLS = ["\x01", "\x00", "\t", "\x1b", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("ch", _CONTROLS)
def test_a_control_character_in_a_field_is_refused_on_the_command_line(
    draft: Path, capsys: pytest.CaptureFixture[str], ch: str
) -> None:
    code, out, err = run(capsys, "set", draft, "--field", f"head=潘{ch}明生")
    assert code == 2
    assert "控制字符" in out + err
    assert shown(capsys, draft)["fields"]["head"] == ""


def test_a_new_draft_with_a_control_character_is_not_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "n.nianbao"
    code, out, err = run(
        capsys, "new", "--form", "gov-disclosure-2014", path, "--field", "unit=某\x01局"
    )
    assert code == 2
    assert "控制字符" in out + err
    assert not path.exists()


def test_control_characters_are_refused_in_core_text_and_fields() -> None:
    from govreport_gui.core.forms.fields import parse_field
    from govreport_gui.core.forms.registry import get_form

    form = get_form("gov-disclosure-2014")
    with pytest.raises(ValueInputError, match="控制字符"):
        parse_field(form.field("head"), "潘明生\x01")
    for ch in _CONTROLS:
        with pytest.raises(ValueInputError, match="控制字符"):
            parse_value(Kind.TEXT, f"第一段{ch}第二段")
    # Paragraphs stay allowed where a text has them.
    assert parse_value(Kind.TEXT, "第一段\n第二段\r\n第三段") == "第一段\n第二段\r\n第三段"
    assert parse_field(form.field("head"), "潘明生") == "潘明生"


def test_a_comment_or_a_reason_with_a_control_character_is_refused(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "comment", draft, "请核对\x07此处")
    assert code in (1, 2)
    assert "控制字符" in out + err
    code, out, _ = run(capsys, "comments", draft)
    assert "请核对" not in out
    code, out, err = run(capsys, "comment", draft, "第一行\n第二行")
    assert code == 0, out + err


# -- the year ----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["٢٠٢٤", "۲۰۲۴", "२०२४", "𝟐𝟎𝟐𝟒", "2⁰24"])
def test_a_year_in_other_digits_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    path = tmp_path / "y.nianbao"
    code, out, err = run(
        capsys,
        "new",
        "--form",
        "gov-disclosure-2021",
        path,
        "--field",
        "unit=某局",
        "--field",
        f"year={year}",
    )
    assert code == 2
    assert "年度应为四位年份" in out + err
    assert not path.exists()


@pytest.mark.parametrize("year", ["2024", "２０２４", "２０２４年", "2024年度"])
def test_a_year_in_ascii_or_full_width_digits_is_stored_as_ascii(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    path = tmp_path / "y.nianbao"
    code, out, err = run(
        capsys,
        "new",
        "--form",
        "gov-disclosure-2021",
        path,
        "--field",
        "unit=某局",
        "--field",
        f"year={year}",
    )
    assert code == 0, out + err
    assert shown(capsys, path)["fields"]["year"] == "2024"


# -- inputs that used to end in 内部错误 --------------------------------------------------------


def _values_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "v.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
        ('{"form": "gov-disclosure-2014", "values": {"received": ' + "1" * 5000 + "}}", "位数过多"),
        (
            '{"form": "gov-disclosure-2014", "values": {"received": "' + "1" * 15_000_000 + '"}}',
            "数字过长",
        ),
        ('{"form": "gov-disclosure-2014", "fields": {"head": "\\ud800"}}', "无效的字符"),
        ('{"form": "gov-disclosure-2014", "values": {"received": "\\ud800"}}', "不是数字"),
    ],
    ids=["deep", "long-integer", "long-string", "surrogate-field", "surrogate-value"],
)
def test_hostile_values_files_get_a_chinese_reason(
    tmp_path: Path, draft: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    path = _values_file(tmp_path, content)
    for argv in (("check", path), ("fill", draft, "--values", path)):
        code, out, err = run(capsys, *argv)
        assert code == 2, out + err
        assert reason in err
    assert shown(capsys, draft)["fields"]["head"] == ""


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])
def test_a_values_file_in_another_encoding_says_how_to_save_it(
    tmp_path: Path, draft: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "v.json"
    path.write_bytes('{"form": "gov-disclosure-2014", "fields": {"head": "张三"}}'.encode(encoding))
    for argv in (("check", path), ("fill", draft, "--values", path)):
        code, out, err = run(capsys, *argv)
        assert code == 2 and "不是 UTF-8 编码" in err and "另存为" in err, out + err
    assert shown(capsys, draft)["fields"]["head"] == ""


@pytest.mark.parametrize("form", ["2014", "null", '["gov-disclosure-2014"]'])
def test_a_form_that_is_no_form_id_is_not_said_to_be_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    path = _values_file(tmp_path, f'{{"form": {form}, "values": {{}}}}')
    code, out, err = run(capsys, "check", path)
    assert code == 2 and '"form" 应为表单标识' in err and "缺少" not in err, out + err


def test_invalid_utf8_in_a_field_on_the_command_line_gets_a_chinese_reason(
    tmp_path: Path, draft: Path
) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "GOVREPORT_HOME": str(tmp_path / "home"),
        "PYTHONUTF8": "0",
        "LC_ALL": "C.UTF-8",
    }
    argv = [
        os.fsencode(sys.executable),
        b"-m",
        b"govreport_gui",
        b"set",
        os.fsencode(draft),
        b"--field",
        b"head=\xff\xfe",
        b"received=\xff",
    ]
    done = subprocess.run(argv, env=env, capture_output=True, timeout=120, check=False)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "内部错误" not in err and "Traceback" not in err
    assert "无效的字符" in err
    check = subprocess.run(
        [sys.executable, "-m", "govreport_gui", "show", str(draft), "--json"],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = json.loads(check.stdout.decode("utf-8"))
    assert data["fields"]["head"] == "" and data["values"]["received"] is None


def test_a_signer_name_with_a_control_character_signs_nothing(tmp_path: Path) -> None:
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.ops.review import ReviewRefused
    from govreport_gui.core.store.draft import SUBMITTED, Draft

    example = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
    doc = load_values_document(example)
    d = Draft.create(tmp_path / "s.nianbao", doc.form, "张三", doc.fields, doc.values)
    try:
        review.submit(d)
        d.user = "李四"
        with pytest.raises(ReviewRefused, match="控制字符"):
            review.sign_off(d, "李\x01四")
        assert d.status == SUBMITTED and review.current_signoff(d) is None
        assert review.sign_off(d, "李四").reviewer == "李四"
    finally:
        d.close()


# -- invisible characters (issue 13 follow-up) -------------------------------------------------

# Direction override (shows "ABC" as "CBA"), zero-width space and joiner, BOM, soft hyphen, an
# isolate, and the line and paragraph separators (a line break where `\n` is refused).
_INVISIBLE = ["\u202e", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2066", "\u2028", "\u2029"]


@pytest.mark.parametrize("ch", _INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_a_field_is_refused_naming_it(
    draft: Path, capsys: pytest.CaptureFixture[str], ch: str
) -> None:
    code, out, err = run(capsys, "set", draft, "--field", f"head=潘{ch}明生")
    assert code == 2, out + err
    assert f"U+{ord(ch):04X}" in out + err
    assert shown(capsys, draft)["fields"]["head"] == ""


@pytest.mark.parametrize("ch", _INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_in_fields_and_text_cells(ch: str) -> None:
    from govreport_gui.core.forms.fields import parse_field
    from govreport_gui.core.forms.registry import get_form

    form = get_form("gov-disclosure-2014")
    with pytest.raises(ValueInputError, match=f"U\\+{ord(ch):04X}"):
        parse_field(form.field("unit"), f"某{ch}局")
    with pytest.raises(ValueInputError, match=f"U\\+{ord(ch):04X}"):
        parse_value(Kind.TEXT, f"第一段\n第二{ch}段")


def test_a_comment_with_a_direction_override_is_refused_and_paragraphs_stay(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "comment", draft, "请核对\u202e此处")
    assert code in (1, 2) and "U+202E" in out + err
    code, out, err = run(capsys, "comment", draft, "第一行\u2028第二行")
    assert code in (1, 2) and "U+2028" in out + err
    code, out, err = run(capsys, "comment", draft, "第一行\n第二行")
    assert code == 0, out + err


def test_visible_text_of_every_script_is_still_accepted() -> None:
    """Only what is invisible goes: CJK punctuation, full-width forms, ideographic space,
    a no-break space, Tibetan or Uyghur script, and emoji stay as typed."""
    for text in [
        "某某局（办公室）",
        "潘明生　沈涛",
        "１２３",
        "a\u00a0b",
        "བོད་ཡིག",
        "ئۇيغۇرچە",
        "✓",
    ]:
        assert parse_value(Kind.TEXT, text) == text.strip()


def test_a_draft_stored_with_an_invisible_character_still_opens(tmp_path: Path) -> None:
    """Older versions accepted U+200B in a field: such a draft is not damaged, it opens."""
    import sqlite3

    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.store.draft import Draft

    path = tmp_path / "old.nianbao"
    with Draft.create(path, get_form("gov-disclosure-2014"), "张三", {"unit": "某局"}):
        pass
    con = sqlite3.connect(path)
    con.execute("UPDATE field SET value = '某\u200b局' WHERE key = 'unit'")
    con.commit()
    con.close()
    with Draft.open(path, "张三", readonly=True) as opened:
        assert opened.fields["unit"] == "某\u200b局"


def test_a_key_file_name_with_a_lone_surrogate_is_called_invalid_not_control(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone surrogate (JSON "\\ud800") is no control character: the message says 无效的字符."""
    import json

    from govreport_gui.core.store import keys

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))
    path = tmp_path / "x.govreport-key"
    content = {"format": "govreport-public-key", "name": "甲\ud800", "key": "A" * 43 + "="}
    path.write_text(json.dumps(content), encoding="utf-8")  # ASCII: the surrogate as \ud800
    with pytest.raises(keys.KeyFileError, match="无效的字符") as caught:
        keys.trust(path)
    assert "控制字符" not in caught.value.args[0]
