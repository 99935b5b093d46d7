"""Sign-off that cannot be forged (issue 13 §3): the reviewer's Ed25519 signature over the signed
content's part digests, its status on every signed draft, and the exports that carry it."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from signing import sign_off_as
from test_export import signed_form

from govreport_gui.cli import main as cli
from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.forms.registry import get_form
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout import report
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture()
def draft(tmp_path: Path) -> Iterator[Draft]:
    """The clean example report, submitted for review."""
    doc = load_values_document(EXAMPLE)
    d = Draft.create(tmp_path / "report.nianbao", doc.form, "填报人", doc.fields, doc.values)
    review.submit(d)
    yield d
    d.close()


def stored_signoff(path: Path) -> dict[str, object]:
    con = sqlite3.connect(str(path))
    try:
        con.row_factory = sqlite3.Row
        row = con.execute("SELECT * FROM signoff WHERE active = 1").fetchone()
        return dict(row)
    finally:
        con.close()


def test_sign_off_signs_the_stored_content_with_the_reviewers_own_key(draft: Draft) -> None:
    assert keys.load_own_key() is None
    signoff = sign_off_as(draft, "沈涛")
    pair = keys.load_own_key()
    assert pair is not None and pair.name == "沈涛"  # made on the first sign-off
    row = stored_signoff(draft.path)
    assert row["content_version"] == signed_content.CONTENT_VERSION
    assert row["public_key"] == keys.b64(pair.public)
    assert row["fingerprint"] == review.content_fingerprint(draft)  # v1 kept for display
    digests = signed_content.parse_digests(row["digests"])
    assert digests == review.content_digests(draft)
    message = signed_content.message(
        signed_content.CONTENT_VERSION,
        draft.form.id,
        draft.form.fingerprint,
        digests,
        "沈涛",
        str(row["at"]),
    )
    signature = keys.from_b64(row["signature"], keys.SIGNATURE_SIZE)
    assert signature is not None and keys.verify(pair.public, signature, message)
    assert signoff.key_fingerprint == pair.fingerprint
    assert review.current_signoff(draft) == signoff


def test_an_unusable_key_file_refuses_sign_off_with_a_reason(draft: Draft) -> None:
    keys.keys_dir().mkdir(parents=True)
    keys.private_key_path().write_text("{broken", encoding="utf-8")
    with pytest.raises(review.ReviewRefused, match="签名密钥文件") as refused:
        sign_off_as(draft, "沈涛")
    assert draft.status == "submitted"
    # One head line, then the reason with the way out (the command line printed “无法签发：”
    # and under it “不能签发：…无法使用。”, and nothing of what to do).
    head, reason = refused.value.reasons
    assert head == "不能签发：" and refused.value.headed
    assert reason.endswith(keys.OWN_KEY_WAY_OUT) and "govreport keys restore" in reason


# -- the status of a signed draft ------------------------------------------------------------------


def sql(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Change the closed draft's file with plain SQL, as anyone with sqlite3 can."""
    con = sqlite3.connect(str(path))
    with con:
        for statement, params in statements:
            con.execute(statement, params)
    con.close()


def status_of(path: Path) -> SignatureStatus:
    with Draft.open(path, "查看者", readonly=True) as d:
        return signature_status(d).status


def signed(draft: Draft, reviewer: str = "沈涛") -> Path:
    sign_off_as(draft, reviewer)
    draft.close()
    return draft.path


def test_a_genuine_sign_off_is_valid_and_the_own_key_is_trusted(draft: Draft) -> None:
    path = signed(draft)
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
    assert check.status is SignatureStatus.VALID_TRUSTED
    own = keys.load_own_key()
    assert own is not None and check.key_fingerprint == own.fingerprint
    assert check.line == f"签名：签名有效，签名人受信任（签名密钥 {own.fingerprint}）"


def test_edited_with_sqlite_fingerprint_recomputed_history_deleted_is_invalid(draft: Draft) -> None:
    """The forgery of the issue: it passed as signed before digital signatures."""
    path = signed(draft)
    form, fields, values = draft.form, dict(draft.fields), dict(draft.values)
    cell = next(c.id for c in form.cells if isinstance(values.get(c.id), int) and values[c.id])
    values[cell] = int(values[cell]) + 1  # type: ignore[call-overload]
    forged = fingerprint(form, fields, values)
    sql(
        path,
        ("UPDATE cell SET value = ? WHERE id = ?", (str(values[cell]), cell)),
        ("UPDATE signoff SET fingerprint = ? WHERE active = 1", (forged,)),
        ("UPDATE history SET new = ? WHERE kind = 'signoff'", (forged,)),
        ("DELETE FROM history WHERE kind = 'cell' AND target = ? AND batch > 1", (cell,)),
    )
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
        assert review.content_fingerprint(d) == forged  # the v1 fingerprint alone is fooled
    assert check.status is SignatureStatus.INVALID
    assert "表格数字" in check.reason


def test_filling_draft_marked_signed_with_an_inserted_row_for_the_director_is_invalid(
    tmp_path: Path,
) -> None:
    doc = load_values_document(EXAMPLE)
    path = tmp_path / "forged.nianbao"
    Draft.create(path, doc.form, "填报人", doc.fields, doc.values).close()
    with Draft.open(path, "查看者", readonly=True) as d:
        fp = review.content_fingerprint(d)
    sql(
        path,
        ("UPDATE meta SET value = 'signed' WHERE key = 'status'", ()),
        (
            "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES (?, ?, ?, 1)",
            ("局长", "2024-03-01T08:00:00+00:00", fp),
        ),
    )
    assert status_of(path) is SignatureStatus.INVALID


def test_a_signature_by_another_key_than_the_stored_one_is_invalid(draft: Draft) -> None:
    path = signed(draft)
    other = keys.b64(Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    sql(path, ("UPDATE signoff SET public_key = ? WHERE active = 1", (other,)))
    assert status_of(path) is SignatureStatus.INVALID


def test_a_changed_reviewer_name_breaks_the_signature(draft: Draft) -> None:
    path = signed(draft)
    sql(
        path,
        ("UPDATE signoff SET reviewer = '局长' WHERE active = 1", ()),
        ("UPDATE history SET note = '签发人：局长' WHERE kind = 'signoff'", ()),
    )
    assert status_of(path) is SignatureStatus.INVALID


def test_an_active_sign_off_in_a_draft_not_signed_is_invalid(draft: Draft) -> None:
    path = signed(draft)
    sql(path, ("UPDATE meta SET value = 'filling' WHERE key = 'status'", ()))
    assert status_of(path) is SignatureStatus.INVALID


def test_untrusted_until_the_office_trusts_the_reviewers_key(
    draft: Draft, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed(draft)
    public = tmp_path / "沈涛.govreport-key"
    keys.export_public(public)
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))  # the receiving office
    assert status_of(path) is SignatureStatus.VALID_UNTRUSTED
    keys.trust(public)
    assert status_of(path) is SignatureStatus.VALID_TRUSTED


def test_a_trusted_key_signing_under_another_name_is_not_trusted(
    draft: Draft, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = signed(draft, "局长")
    public = tmp_path / "沈涛.govreport-key"
    keys.export_public(public)
    # The office was given this key as 沈涛's: its signature as 局长 is not trusted.
    content = json.loads(public.read_text(encoding="utf-8"))
    public.write_text(json.dumps({**content, "name": "沈涛"}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    keys.trust(public)
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
    assert check.status is SignatureStatus.VALID_UNTRUSTED
    assert "沈涛" in check.reason and "局长" in check.reason


def legacy(path: Path) -> None:
    """What a sign-off made before signatures looks like after the format-5 upgrade."""
    sql(
        path,
        (
            "UPDATE signoff SET content_version = NULL, digests = NULL, signature = NULL, "
            "public_key = NULL",
            (),
        ),
    )


def test_an_old_fingerprint_only_sign_off_is_legacy_not_forged(draft: Draft) -> None:
    path = signed(draft)
    legacy(path)
    assert status_of(path) is SignatureStatus.LEGACY


def test_a_legacy_sign_off_whose_content_changed_is_invalid(draft: Draft) -> None:
    path = signed(draft)
    legacy(path)
    sql(path, ("UPDATE field SET value = '另一个单位' WHERE key = 'unit'", ()))
    assert status_of(path) is SignatureStatus.INVALID


def test_a_legacy_sign_off_can_be_signed_anew(draft: Draft) -> None:
    path = signed(draft)
    legacy(path)
    with Draft.open(path, "沈涛") as d:
        review.reopen(d, "重新签发，加上数字签名")
        review.submit(d)
        review.sign_off(d, "沈涛")
        assert signature_status(d).status is SignatureStatus.VALID_TRUSTED


# -- where it is checked: show, check, export, and what the exports carry --------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


def forge(path: Path, draft: Draft) -> None:
    """Edit a signed draft with sqlite3, recompute the v1 fingerprint, delete the history rows."""
    values = dict(draft.values)
    cell = next(
        c.id for c in draft.form.cells if isinstance(values.get(c.id), int) and values[c.id]
    )
    values[cell] = int(str(values[cell])) * 10
    forged = fingerprint(draft.form, dict(draft.fields), values)
    sql(
        path,
        ("UPDATE cell SET value = ? WHERE id = ?", (str(values[cell]), cell)),
        ("UPDATE signoff SET fingerprint = ? WHERE active = 1", (forged,)),
        ("UPDATE history SET new = ? WHERE kind = 'signoff'", (forged,)),
        ("DELETE FROM history WHERE target = ? AND batch > 1", (cell,)),
    )


def test_show_and_check_print_the_signature_status_and_the_key(
    draft: Draft, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed(draft)
    own = keys.load_own_key()
    assert own is not None
    code, out, _ = run(capsys, "show", path)
    assert code == 0
    assert f"签名：签名有效，签名人受信任（签名密钥 {own.fingerprint}）" in out
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and "签名：签名有效，签名人受信任" in out
    shown = json.loads(run(capsys, "show", path, "--json")[1])
    assert shown["signature"]["status"] == "VALID_TRUSTED"
    assert shown["signoff"]["key_fingerprint"] == own.fingerprint


def test_show_check_and_export_see_a_forged_sign_off(
    draft: Draft, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed(draft)
    forge(path, draft)
    code, out, _ = run(capsys, "show", path)
    assert code == 0 and "签名：签发后被改动（签名无效）" in out
    code, out, _ = run(capsys, "check", path)
    assert code == 1 and "签发后被改动（签名无效）" in out
    assert json.loads(run(capsys, "check", path, "--json")[1])["signature"]["status"] == "INVALID"
    target = tmp_path / "out.xlsx"
    code, out, err = run(capsys, "export", path, "--xlsx", target)
    assert code == 1
    assert "签发后被改动（签名无效）" in err and "不能导出正式文件" in err and "--draft" in err
    assert not target.exists()
    code, out, err = run(capsys, "export", path, "--xlsx", target, "--draft")
    assert code == 0 and target.exists()  # a draft export stays possible


def test_export_of_the_inserted_director_sign_off_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = load_values_document(EXAMPLE)
    path = tmp_path / "forged.nianbao"
    Draft.create(path, doc.form, "填报人", doc.fields, doc.values).close()
    with Draft.open(path, "查看者", readonly=True) as d:
        fp = review.content_fingerprint(d)
    sql(
        path,
        ("UPDATE meta SET value = 'signed' WHERE key = 'status'", ()),
        (
            "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES ('局长', ?, ?, 1)",
            ("2024-03-01T08:00:00+00:00", fp),
        ),
    )
    code, _, err = run(capsys, "export", path, "--xlsx", tmp_path / "x.xlsx")
    assert code == 1 and "签名无效" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_the_exports_carry_the_signature_and_print_the_keys_fingerprint(
    draft: Draft, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed(draft)
    row = stored_signoff(path)
    own = keys.load_own_key()
    assert own is not None
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    code, out, _ = run(capsys, "export", path, "--xlsx", xlsx, "--pdf", pdf)
    assert code == 0 and f"签名密钥 {own.fingerprint}" in out
    workbook = openpyxl.load_workbook(xlsx)
    props = {p.name: p.value for p in workbook.custom_doc_props}
    assert props["govreport.signature"] == row["signature"]
    assert props["govreport.public_key"] == row["public_key"]
    assert props["govreport.content_version"] == signed_content.CONTENT_VERSION
    assert signed_content.parse_digests(props["govreport.digests"]) == signed_content.parse_digests(
        row["digests"]
    )
    assert props["govreport.key_fingerprint"] == own.fingerprint
    printed = [
        str(c.value) for ws in workbook.worksheets for r in ws.iter_rows() for c in r if c.value
    ]
    assert any(f"签名密钥：{own.fingerprint}" in text for text in printed)
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert f"signature={row['signature']}" in info.stdout
        assert f"public_key={row['public_key']}" in info.stdout
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"签名密钥：{own.fingerprint}" in text


def test_the_layouts_invalid_text_is_the_status_text() -> None:
    assert SignatureStatus.INVALID.value == report.SIGNATURE_INVALID


# -- govreport keys ---------------------------------------------------------------------------------


def test_keys_commands_from_reviewer_to_receiving_office(
    draft: Draft,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "keys", "show")
    assert code == 0 and "还没有签名密钥" in out
    path = signed(draft)  # the first sign-off makes the key
    own = keys.load_own_key()
    assert own is not None
    code, out, _ = run(capsys, "keys", "show")
    assert code == 0 and own.fingerprint in out
    public = tmp_path / "沈涛.govreport-key"
    code, out, _ = run(capsys, "keys", "export-public", public)
    assert code == 0 and own.fingerprint in out and public.exists()
    saved = tmp_path / "密钥备份.json"
    code, out, _ = run(capsys, "keys", "backup", saved)
    assert code == 0 and "私钥" in out
    code, _, err = run(capsys, "keys", "backup", saved)
    assert code == 1 and "已存在" in err

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    code, out, _ = run(capsys, "show", path)
    assert "签名有效，但签名人不在受信任名单" in out
    code, out, _ = run(capsys, "keys", "trust", public)
    assert code == 0 and out.strip() == f"已加入受信任名单：沈涛（指纹 {own.fingerprint}）"
    code, out, _ = run(capsys, "keys", "list")
    assert code == 0 and own.fingerprint in out and "沈涛" in out
    assert "签名有效，签名人受信任" in run(capsys, "show", path)[1]
    code, out, _ = run(capsys, "keys", "untrust", own.fingerprint)
    assert code == 0 and "已移出受信任名单：沈涛" in out
    assert run(capsys, "keys", "untrust", own.fingerprint)[0] == 1
    assert "不在受信任名单" in run(capsys, "show", path)[1]

    # The reviewer's new computer: the backup restored, a different key only with --force.
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "new-computer"))
    code, out, _ = run(capsys, "keys", "restore", saved)
    assert code == 0 and own.fingerprint in out
    assert "签名有效，签名人受信任" in run(capsys, "show", path)[1]


def test_keys_commands_refuse_hostile_files_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.govreport-key"
    big.write_bytes(b"{" + b" " * keys.MAX_KEY_FILE + b"}")
    bad = tmp_path / "bad.govreport-key"
    bad.write_text('{"format": "govreport-public-key", "name": "甲", "key": "AAAA"}', "utf-8")
    for path, said in ((big, "过大"), (bad, "长度"), (tmp_path / "none", "找不到")):
        code, _, err = run(capsys, "keys", "trust", path)
        assert code == 2 and said in err
    code, _, err = run(capsys, "keys", "restore", bad)
    assert code == 2 and "密钥备份" in err
    assert keys.trusted_keys() == [] and keys.load_own_key() is None


def test_keys_untrust_of_no_fingerprint_and_trust_of_a_pem_say_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "keys", "untrust", "ZZZZ")
    assert code == 2
    assert err.strip() == (
        "govreport：“ZZZZ”不是密钥指纹：指纹是 16 位十六进制数字（0–9、A–F），"
        "如 3F2A 9C01 77BE 0D45（空格和大小写不论）。"
    )
    code, _, err = run(capsys, "keys", "untrust", "3f2a9c0177be0d45")
    assert code == 1 and "没有指纹为“3F2A 9C01 77BE 0D45”的密钥" in err
    pem = tmp_path / "沈涛.pem"
    pem.write_text("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")
    code, _, err = run(capsys, "keys", "trust", pem)
    assert code == 2 and "是其他程序（如 OpenSSL、SSH）生成的密钥" in err, err
    assert keys.trusted_keys() == []


def test_signoff_on_the_command_line_names_the_signing_key(
    draft: Draft, capsys: pytest.CaptureFixture[str]
) -> None:
    draft.close()
    code, out, _ = run(capsys, "signoff", draft.path, "--reviewer", "沈涛")
    own = keys.load_own_key()
    assert code == 0 and own is not None
    assert f"数字签名：签名密钥 {own.fingerprint}" in out


def test_a_sign_off_row_written_as_blobs_is_invalid_not_an_internal_error(draft: Draft) -> None:
    path = signed(draft)
    sql(path, ("UPDATE signoff SET reviewer = X'E5B180E995BF'", ()))
    assert status_of(path) is SignatureStatus.INVALID


def test_a_signature_spelled_otherwise_in_base64_is_invalid(draft: Draft) -> None:
    """The last base64 character of a 64-byte signature has four spare bits: changing them gives
    the same bytes. The hostile run found such a changed row still counted as genuine."""
    path = signed(draft)
    row = stored_signoff(path)
    text = str(row["signature"])
    assert text.endswith("==")
    last = text[-3]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    index = alphabet.index(last)
    other = alphabet[(index & ~0xF) | ((index + 1) & 0xF)]  # same top two bits, other spare bits
    assert other != last
    sql(path, ("UPDATE signoff SET signature = ? WHERE active = 1", (text[:-3] + other + "==",)))
    assert status_of(path) is SignatureStatus.INVALID


@pytest.mark.parametrize("fingerprint_too", [False, True])
def test_a_switched_form_is_named_as_such_not_as_an_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fingerprint_too: bool
) -> None:
    """`UPDATE meta SET value = 'gov-disclosure-2019' WHERE key = 'form_id'` on a signed 2021
    draft was said to be “签发之后表单定义有了更新”: the form was switched, not updated. Also when
    the form's fingerprint was switched with it (the draft then names no changed definition)."""
    path = signed_form(tmp_path, "gov-disclosure-2021", "d.nianbao")
    statements = [("UPDATE meta SET value = 'gov-disclosure-2019' WHERE key = 'form_id'", ())]
    if fingerprint_too:
        statements.append(
            (
                "UPDATE meta SET value = ? WHERE key = 'form_fingerprint'",
                (get_form("gov-disclosure-2019").fingerprint,),
            )
        )
    sql(path, *statements)
    why = (
        "草稿文件中的表单被换过：新建时是 gov-disclosure-2021，现在写的是 gov-disclosure-2019"
        "（文件被改动过），签发时的内容指纹已不再适用"
    )
    code, out, _ = run(capsys, "check", path)
    assert code == 1
    assert out.splitlines()[0].endswith(f"签发后被改动（签名无效）（签名密钥 {own_fp()}）——{why}")
    assert "表单定义有了更新" not in out
    target = tmp_path / "out.xlsx"
    code, _, err = run(capsys, "export", path, "--xlsx", target)
    assert code == 1 and not target.exists()
    assert err.startswith(f"govreport：{why}，不能导出正式文件。"), err
    assert "表单定义有了更新" not in err


def own_fp() -> str:
    pair = keys.load_own_key()
    assert pair is not None
    return pair.fingerprint
