"""A legacy (fingerprint-only) sign-off is no proof of who signed (issue 13, acceptance testing):
anyone with sqlite3 can turn a signed draft into one, or write one into a draft never signed, and
anyone with openpyxl can strip a workbook's signature. So a legacy draft is not exported as a final
document, ``check`` says it must be re-signed, and ``verify`` passes no workbook without a valid
signature (a stripped one is 签名无效, a real pre-signature export is reported, exit 1)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"
REFUSAL = "旧版签发（无数字签名），不能证明签发人：请撤销签发后重新提交、签发，再导出正式文件"
SIGNATURE_PROPS = ("signature", "public_key", "content_version", "digests")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


def sql(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    con = sqlite3.connect(str(path))
    with con:
        for statement, params in statements:
            con.execute(statement, params)
    con.close()


def status_of(path: Path) -> SignatureStatus:
    with Draft.open(path, "查看者", readonly=True) as d:
        return signature_status(d).status


STRIP_SIGNATURE = (
    "UPDATE signoff SET content_version = NULL, digests = NULL, signature = NULL, public_key = NULL",
    (),
)


def legacy_forgery(path: Path) -> None:
    """The acceptance test's forgery: fees set to 999, the v1 fingerprint recomputed, the
    signature columns emptied and the history's sign-off row given the new fingerprint."""
    with Draft.open(path, "查看者", readonly=True) as d:
        values = dict(d.values)
        values["fees"] = 999
        forged = fingerprint(d.form, dict(d.fields), values)
    sql(
        path,
        ("UPDATE cell SET value = '999' WHERE id = 'fees'", ()),
        ("UPDATE signoff SET fingerprint = ? WHERE active = 1", (forged,)),
        STRIP_SIGNATURE,
        ("UPDATE history SET new = ? WHERE kind = 'signoff'", (forged,)),
        ("DELETE FROM history WHERE target = 'fees' AND batch > 1", ()),
    )


def director_written_in(tmp_path: Path) -> Path:
    """A draft in 填报中 made 已签发 with sqlite3: a sign-off row for 局长 and its history row."""
    doc = load_values_document(EXAMPLE)
    path = tmp_path / "forged.nianbao"
    Draft.create(path, doc.form, "填报人", doc.fields, doc.values).close()
    with Draft.open(path, "查看者", readonly=True) as d:
        fp = review.content_fingerprint(d)
    at = "2026-12-01T08:00:00+00:00"
    con = sqlite3.connect(str(path))
    batch = con.execute("SELECT max(batch) + 1 FROM history").fetchone()[0]
    con.close()
    sql(
        path,
        ("UPDATE meta SET value = 'signed' WHERE key = 'status'", ()),
        (
            "INSERT INTO signoff (reviewer, at, fingerprint, active) VALUES ('局长', ?, ?, 1)",
            (at, fp),
        ),
        (
            "INSERT INTO history (batch, at, who, kind, target, old, new, note) "
            "VALUES (?, ?, '局长', 'signoff', 'status', '待审核', ?, '签发人：局长')",
            (batch, at, fp),
        ),
    )
    return path


# -- export and check of a legacy draft -------------------------------------------------------------


def test_export_refuses_a_legacy_draft_and_says_how_to_re_sign(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(tmp_path)
    sql(path, STRIP_SIGNATURE)
    assert status_of(path) is SignatureStatus.LEGACY
    target = tmp_path / "out.xlsx"
    code, out, err = run(capsys, "export", path, "--xlsx", target, "--pdf", tmp_path / "out.pdf")
    assert code == 1 and REFUSAL in err
    assert "签发：" not in out
    assert not target.exists() and not (tmp_path / "out.pdf").exists()
    code, _, _ = run(capsys, "export", path, "--xlsx", target, "--draft")
    assert code == 0 and target.exists()  # a draft export still works


@pytest.mark.parametrize("forgery", ["legacy_forgery", "director_written_in"])
def test_the_forged_legacy_sign_offs_of_acceptance_testing_are_not_exported_as_signed(
    forgery: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if forgery == "legacy_forgery":
        path = signed_example(tmp_path)
        legacy_forgery(path)
    else:
        path = director_written_in(tmp_path)
    # What a forger can reach with sqlite3 alone looks like a sign-off from before signatures …
    assert status_of(path) is SignatureStatus.LEGACY
    code, out, _ = run(capsys, "show", path)
    assert "旧版签发（无数字签名）" in out
    # … and is not exported as a final document.
    target = tmp_path / "out.xlsx"
    code, out, err = run(capsys, "export", path, "--xlsx", target)
    assert code == 1 and REFUSAL in err and "签发：" not in out
    assert not target.exists()


def test_check_of_a_legacy_draft_passes_but_says_it_must_be_re_signed_before_a_final_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(tmp_path)
    sql(path, STRIP_SIGNATURE)
    code, out, _ = run(capsys, "check", path)
    assert code == 0
    line = next(x for x in out.splitlines() if "旧版签发（无数字签名）" in x)
    assert "无法证明签发人" in line and "导出正式文件前须撤销签发、重新提交并签发" in line


def test_the_layouts_legacy_text_is_the_status_text() -> None:
    from govreport_gui.core.layout.report import SIGNATURE_LEGACY

    assert SignatureStatus.LEGACY.value == SIGNATURE_LEGACY


# -- verify of a workbook whose signature was stripped ------------------------------------------


def stripped(source: Path, out: Path, names: tuple[str, ...]) -> Path:
    wb = openpyxl.load_workbook(source)
    drop = {f"govreport.{n}" for n in names}
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props if p.name not in drop]
    wb.save(out)
    return out


def test_a_workbook_with_its_four_signature_properties_deleted_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = signed_example(tmp_path)
    genuine = export_xlsx(read_data(draft), tmp_path / "signed.xlsx")
    forged = stripped(genuine, tmp_path / "stripped.xlsx", SIGNATURE_PROPS)
    code, out, _ = run(capsys, "verify", forged)
    assert code == 1 and out.startswith("不一致")
    assert "签名：签发后被改动（签名无效）" in out and "签名被删除过" in out
    assert "旧版签发" not in out


def test_a_workbook_whose_sign_off_line_prints_a_key_but_has_no_signature_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = signed_example(tmp_path)
    genuine = export_xlsx(read_data(draft), tmp_path / "signed.xlsx")
    # Every signature property gone, the key fingerprint's too: the line still prints 签名密钥.
    forged = stripped(genuine, tmp_path / "stripped.xlsx", (*SIGNATURE_PROPS, "key_fingerprint"))
    code, out, _ = run(capsys, "verify", forged)
    assert code == 1 and "签名：签发后被改动（签名无效）" in out and "旧版签发" not in out
