"""A key signs for one person (issue 13, acceptance): this computer's own key is trusted only under
the name it was made for, and it does not sign under another name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from govreport_gui.cli import main as cli
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import SIGNED, SUBMITTED, Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


def submitted(path: Path) -> Path:
    doc = load_values_document(EXAMPLE)
    with Draft.create(path, doc.form, "填报人", doc.fields, doc.values) as d:
        review.submit(d)
    return path


@pytest.fixture()
def shentao_key() -> Iterator[keys.KeyPair]:
    """This computer's key, made for 沈涛."""
    yield keys.own_key_for_signing("沈涛")


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


def test_signoff_under_another_name_than_the_own_keys_is_refused(
    shentao_key: keys.KeyPair, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = submitted(tmp_path / "report.nianbao")
    code, _, err = run(capsys, "signoff", path, "--reviewer", "局长")
    assert code != 0
    assert "本机的签名密钥属于沈涛，不能以局长的名义签发" in err
    with Draft.open(path, "查看者", readonly=True) as d:
        assert d.status == SUBMITTED and review.current_signoff(d) is None
    assert keys.load_own_key() == shentao_key  # no second key made
    # The key's own person signs (the name as typed with a full-width space is the same name).
    code, _, _ = run(capsys, "signoff", path, "--reviewer", "沈　涛")
    assert code == 0
    with Draft.open(path, "查看者", readonly=True) as d:
        assert d.status == SIGNED
        assert signature_status(d).status is SignatureStatus.VALID_TRUSTED


def test_the_op_refuses_it_too_and_lists_it_with_the_other_refusals(
    shentao_key: keys.KeyPair, tmp_path: Path
) -> None:
    with Draft.open(submitted(tmp_path / "report.nianbao"), "局长") as d:
        assert any("本机的签名密钥属于沈涛" in r for r in review.signoff_refusals(d, "局长"))
        assert review.signoff_refusals(d, "沈涛") == []
        with pytest.raises(review.ReviewRefused, match="不能以局长的名义签发"):
            review.sign_off(d, "局长")
        assert d.status == SUBMITTED


def rename_own_key(name: str) -> None:
    """The key file says it was made for ``name`` (the name is not part of the key)."""
    path = keys.private_key_path()
    content = json.loads(path.read_text(encoding="utf-8"))
    content["name"] = name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_a_signature_by_the_own_key_under_another_name_is_valid_but_not_trusted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = submitted(tmp_path / "report.nianbao")
    with Draft.open(path, "局长") as d:
        review.sign_off(d, "局长")
    # This computer's key belongs to 沈涛: its signature as 局长 proves nothing about 局长.
    rename_own_key("沈涛")
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
    assert check.status is SignatureStatus.VALID_UNTRUSTED
    assert "本机密钥属于沈涛" in check.reason
    code, out, _ = run(capsys, "show", path)
    assert code == 0
    assert "签名：签名有效，但签名人不在受信任名单" in out and "本机密钥属于沈涛" in out
    # The office may still trust that key for 局长: its own decision, under that name.
    exported = tmp_path / "局长.govreport-key"
    pair = keys.load_own_key()
    assert pair is not None
    exported.write_text(
        json.dumps({"format": keys.PUBLIC_FORMAT, "name": "局长", "key": keys.b64(pair.public)}),
        encoding="utf-8",
    )
    keys.trust(exported)
    with Draft.open(path, "查看者", readonly=True) as d:
        assert signature_status(d).status is SignatureStatus.VALID_TRUSTED


def test_the_own_key_is_trusted_under_its_name_however_it_is_spaced(tmp_path: Path) -> None:
    path = submitted(tmp_path / "report.nianbao")
    with Draft.open(path, "沈涛") as d:
        review.sign_off(d, "沈涛")
    rename_own_key("沈 涛")
    with Draft.open(path, "查看者", readonly=True) as d:
        assert signature_status(d).status is SignatureStatus.VALID_TRUSTED
