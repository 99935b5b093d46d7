"""``verify`` checks the digital signature embedded in a workbook (issue 13 §3): the digests of the
parts it shows, the signature over all digests by the embedded key, and whether that key is
trusted. The embedded properties are hostile input: a clear message, never a traceback."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops.signature import SignatureStatus
from govreport_gui.core.ops.verify import verify_xlsx
from govreport_gui.core.store import keys

Edit = Callable[[Any], None]


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


@pytest.fixture()
def signed(tmp_path: Path) -> tuple[Path, Path]:
    """(the signed draft, its exported workbook), signed by 沈涛 with this user's own key."""
    draft = signed_example(tmp_path)
    return draft, export_xlsx(read_data(draft), tmp_path / "signed.xlsx")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


def props_of(path: Path) -> dict[str, str]:
    return {p.name: str(p.value) for p in openpyxl.load_workbook(path).custom_doc_props}


def set_props(wb: Any, **changes: str | None) -> None:
    """Set (or, with None, remove) custom document properties, as anyone with openpyxl can."""
    from openpyxl.packaging.custom import StringProperty

    kept = [p for p in wb.custom_doc_props if p.name not in changes]
    wb.custom_doc_props.props = kept
    for name, value in changes.items():
        if value is not None:
            wb.custom_doc_props.append(StringProperty(name=name, value=value))


def edited(source: Path, out: Path, change: Edit) -> Path:
    wb = openpyxl.load_workbook(source)
    change(wb)
    wb.save(out)
    return out


def prop(name: str) -> str:
    return f"govreport.{name}"


# -- a genuine export --------------------------------------------------------------------------


def test_a_genuine_export_has_a_valid_signature_by_the_own_trusted_key(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, xlsx = signed
    own = keys.load_own_key()
    assert own is not None
    result = verify_xlsx(xlsx)
    assert result.ok and result.signature is not None
    assert result.signature.status is SignatureStatus.VALID_TRUSTED
    assert result.signature.key_fingerprint == own.fingerprint
    assert result.signature.trusted_name == "沈涛"
    code, out, _ = run(capsys, "verify", xlsx)
    assert code == 0
    assert f"签名：签名有效，签名人受信任（签名密钥 {own.fingerprint}，密钥属于：沈涛）" in out
    code, out, _ = run(capsys, "verify", xlsx, "--json")
    data = json.loads(out)
    assert code == 0 and data["signature"]["status"] == "VALID_TRUSTED"
    assert data["signature"]["key_fingerprint"] == own.fingerprint


def test_at_the_receiving_office_untrusted_until_the_key_is_trusted(
    signed: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, xlsx = signed
    public = tmp_path / "沈涛.govreport-key"
    keys.export_public(public)
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    code, out, _ = run(capsys, "verify", xlsx)
    # An unknown key is not an altered workbook: it matches, the line says who to trust.
    assert code == 0 and "签名：签名有效，但签名人不在受信任名单" in out
    assert run(capsys, "keys", "trust", public)[0] == 0
    code, out, _ = run(capsys, "verify", xlsx)
    assert code == 0 and "签名：签名有效，签名人受信任" in out


def test_with_the_draft_the_drafts_own_signature_is_shown(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    draft, xlsx = signed
    code, out, _ = run(capsys, "verify", xlsx, "--draft", draft)
    assert code == 0 and "草稿的签名：签名有效，签名人受信任" in out
    code, out, _ = run(capsys, "verify", xlsx, "--draft", draft, "--json")
    assert json.loads(out)["draft_signature"]["text"] == "签名有效，签名人受信任"


def test_a_forged_draft_given_with_draft_fails_verify(
    signed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    draft, xlsx = signed
    con = sqlite3.connect(str(draft))
    with con:
        con.execute("UPDATE signoff SET reviewer = '局长' WHERE active = 1")
    con.close()
    code, out, _ = run(capsys, "verify", xlsx, "--draft", draft)
    assert code == 1 and "草稿的签名：签发后被改动（签名无效）" in out


# -- altered workbooks ---------------------------------------------------------------------------


def other_signature(text: str) -> str:
    return base64.b64encode(Ed25519PrivateKey.generate().sign(text.encode())).decode()


def another_key_over_altered_digests(wb: Any) -> None:
    """The public key swapped for another key's, with a signature made anew over altered
    digests: everything in the properties fits together, but not the sheets."""
    props = {p.name: str(p.value) for p in wb.custom_doc_props}
    digests = json.loads(props[prop("digests")])
    digests["tables"] = "0" * 64
    other = Ed25519PrivateKey.generate()
    public = other.public_key().public_bytes_raw()
    message = signed_content.message(
        props[prop("content_version")],
        props[prop("form")],
        props[prop("form_definition")],
        digests,
        props[prop("reviewer")],
        props[prop("signed_at")],
    )
    set_props(
        wb,
        **{
            prop("digests"): signed_content.digests_json(digests),
            prop("public_key"): keys.b64(public),
            prop("signature"): keys.b64(other.sign(message)),
            prop("key_fingerprint"): None,
        },
    )


def edit_digest(wb: Any) -> None:
    props = {p.name: str(p.value) for p in wb.custom_doc_props}
    digests = json.loads(props[prop("digests")])
    digests["fields"] = "1" * 64
    set_props(wb, **{prop("digests"): signed_content.digests_json(digests)})


def edit_explanations_digest(wb: Any) -> None:
    """The part a workbook does not show: only the signature over all digests covers it."""
    props = {p.name: str(p.value) for p in wb.custom_doc_props}
    digests = json.loads(props[prop("digests")])
    digests["explanations"] = "2" * 64
    set_props(wb, **{prop("digests"): signed_content.digests_json(digests)})


ALTERATIONS: dict[str, tuple[Edit, str]] = {
    "signature by another key": (
        lambda wb: set_props(wb, **{prop("signature"): other_signature("x")}),
        "数字签名与文档属性不符",
    ),
    "another key over altered digests": (another_key_over_altered_digests, "表格数字"),
    "a shown part's digest edited": (edit_digest, "表头表尾的摘要被改动过"),
    "the explanations' digest edited": (edit_explanations_digest, "数字签名与文档属性不符"),
    "reviewer changed in the properties only": (
        lambda wb: set_props(wb, **{prop("reviewer"): "局长"}),
        "签名",
    ),
    "key fingerprint edited": (
        lambda wb: set_props(wb, **{prop("key_fingerprint"): "0000 0000 0000 0000"}),
        "指纹",
    ),
}


@pytest.mark.parametrize("name", sorted(ALTERATIONS))
def test_an_altered_signature_property_is_invalid(
    name: str, signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, xlsx = signed
    change, said = ALTERATIONS[name]
    out_path = edited(xlsx, tmp_path / "altered.xlsx", change)
    result = verify_xlsx(out_path)
    assert result.signature is not None
    assert result.signature.status is SignatureStatus.INVALID, result.signature
    assert said in result.signature.reason
    assert not result.ok
    code, out, _ = run(capsys, "verify", out_path)
    assert code == 1 and "签名：签发后被改动（签名无效）" in out


def test_the_forgery_of_the_issue_changed_figure_and_fingerprint_recomputed_is_caught(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A figure changed, the v1 fingerprint recomputed in the properties and on the sign-off
    line: the fingerprint check alone is fooled, the signature is not."""
    draft, xlsx = signed
    data = read_data(draft)
    values = dict(data.values)
    cell = next(c for c in data.form.cells if isinstance(values.get(c.id), int) and values[c.id])
    values[cell.id] = int(str(values[cell.id])) + 1
    old_print = data.fingerprint
    new_print = fingerprint(data.form, dict(data.fields), values)

    def change(wb: Any) -> None:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value == data.values[cell.id] and c.column > 1:
                        label = str(ws.cell(c.row, 1).value or "")
                        if cell.label in label:
                            c.value = values[cell.id]
                    if isinstance(c.value, str) and old_print in c.value:
                        c.value = c.value.replace(old_print, new_print)
        set_props(wb, **{prop("fingerprint"): new_print})
        wb.properties.keywords = new_print

    forged = edited(xlsx, tmp_path / "forged.xlsx", change)
    result = verify_xlsx(forged)
    assert result.signature is not None and result.signature.invalid
    assert "表格数字与签名时不同" in result.signature.reason
    code, out, _ = run(capsys, "verify", forged)
    assert code == 1 and "表格数字与签名时不同" in out


HOSTILE: dict[str, dict[str, str | None]] = {
    "signature not base64": {prop("signature"): "这不是base64!!"},
    "signature of the wrong length": {prop("signature"): base64.b64encode(b"x" * 63).decode()},
    "public key of the wrong length": {prop("public_key"): base64.b64encode(b"k" * 31).decode()},
    "huge public key": {prop("public_key"): "A" * 100_000},
    "huge signature": {prop("signature"): "A" * 100_000},
    "digests not JSON": {prop("digests"): "{not json"},
    "digests a list": {prop("digests"): "[1, 2, 3]"},
    "huge digests": {prop("digests"): json.dumps({"tables": "a" * 100_000})},
    "digests missing a part": {prop("digests"): json.dumps({"tables": "a" * 64})},
    "unknown content version": {prop("content_version"): "govreport-signed-v99" + "x" * 5000},
    "signature removed": {prop("signature"): None},
    "huge reviewer": {prop("reviewer"): "局" * 50_000},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_signature_properties_get_a_clear_message(
    name: str, signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, xlsx = signed
    out_path = edited(xlsx, tmp_path / "hostile.xlsx", lambda wb: set_props(wb, **HOSTILE[name]))
    result = verify_xlsx(out_path)
    assert result.signature is not None and result.signature.invalid
    assert result.signature.reason and len(result.signature.line) < 400
    code, out, _ = run(capsys, "verify", out_path)
    assert code == 1 and "签名无效" in out


# -- before signatures ---------------------------------------------------------------------------


def test_a_workbook_exported_before_signatures_is_legacy(
    signed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, _ = signed
    con = sqlite3.connect(str(draft))
    with con:
        con.execute(
            "UPDATE signoff SET content_version = NULL, digests = NULL, signature = NULL, "
            "public_key = NULL"
        )
    con.close()
    # Exported as the program did before signatures (today's export refuses a legacy draft).
    data = replace(read_data(draft), signature_status="")
    old = export_xlsx(data, tmp_path / "old.xlsx")
    assert prop("signature") not in props_of(old)
    assert prop("key_fingerprint") not in props_of(old)
    result = verify_xlsx(old)
    assert result.signature is not None
    assert result.signature.status is SignatureStatus.LEGACY
    assert result.signature.key_fingerprint == ""
    # The content matches, but nothing proves who signed: not passed (exit 1), not “changed”.
    assert not result.ok and result.status == "legacy"
    code, out, _ = run(capsys, "verify", old)
    assert code == 1
    assert out.startswith("旧版签发（无数字签名）：内容与指纹一致，但无法证明签发人")
    assert "不一致" not in out and "签名：旧版签发（无数字签名）" in out
    code, out, _ = run(capsys, "verify", old, "--json")
    assert code == 1 and json.loads(out)["status"] == "legacy"


# -- any text in any signature property ----------------------------------------------------------

_FUZZED = (
    "signature",
    "public_key",
    "digests",
    "content_version",
    "reviewer",
    "signed_at",
    "key_fingerprint",
    "form_definition",
)


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Any, Any, Any]:
    """A genuine export's properties and the figures and fields read back from it."""
    from govreport_gui.core.forms.registry import get_form
    from govreport_gui.core.layout.import_xlsx import read_tables, read_workbook

    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORT_HOME", str(folder / "home"))
        xlsx = export_xlsx(read_data(signed_example(folder)), folder / "signed.xlsx")
    content = read_workbook(xlsx)
    form = get_form(content.properties[prop("form")])
    result = read_tables(content, form)
    values = {c.id: result.values.get(c.id) for c in form.cells}
    fields = {f.key: result.fields.get(f.key, "") for f in form.fields}
    return dict(content.properties), form, fields, values


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(_FUZZED), text=st.text(max_size=300))
def test_any_text_in_a_signature_property_is_invalid_never_an_error(
    genuine: tuple[dict[str, str], Any, Any, Any], name: str, text: str
) -> None:
    from govreport_gui.core.ops.workbook_signature import workbook_signature

    props, form, fields, values = genuine
    assert workbook_signature(props, form, fields, values).valid  # the genuine one holds
    changed = {**props, prop(name): text}
    check = workbook_signature(changed, form, fields, values)
    if text == props.get(prop(name)) or (name == "key_fingerprint" and not text):
        return  # unchanged (an absent key fingerprint is computed from the key)
    assert check.status is SignatureStatus.INVALID, (name, text)
    assert check.reason and len(check.line) < 500
