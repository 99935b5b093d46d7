"""A name typed wrong at the first sign-off (沈滔 for 沈涛) bound this computer's signing key to it
for good: every later sign-off as 沈涛 was refused, and only deleting the key file by hand helped.
``govreport keys rename NAME`` (and 我的签名密钥… → 更改姓名…) corrects it: the same key pair, under
the right name, and the user is told what it means for what was signed and who trusts the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import Run, run

from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import SIGNED, Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"

_ = run  # the fixture of cli_run


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def submitted(path: Path) -> Path:
    doc = load_values_document(EXAMPLE)
    with Draft.create(path, doc.form, "填报人", doc.fields, doc.values) as d:
        review.submit(d)
    return path


def status(path: Path) -> tuple[SignatureStatus, str]:
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
    return check.status, check.reason


def test_a_typo_in_the_first_sign_off_can_be_corrected(tmp_path: Path, run: Run) -> None:
    typo = submitted(tmp_path / "一.nianbao")
    assert run("signoff", typo, "--reviewer", "沈滔")[0] == 0
    made = keys.load_own_key()
    assert made is not None and made.name == "沈滔"

    second = submitted(tmp_path / "二.nianbao")
    code, _, err = run("signoff", second, "--reviewer", "沈涛")
    assert code == 1
    assert "本机的签名密钥属于沈滔，不能以沈涛的名义签发" in err
    assert "如果本机密钥的姓名是第一次签发时写错的，可以改正：govreport keys rename 沈涛" in err

    code, out, err = run("keys", "rename", "沈涛")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"已把本机签名密钥的姓名由沈滔改为沈涛（同一把密钥，指纹 {made.fingerprint} 不变）。",
        "以沈滔签发过的报表，签名仍然有效，但署名仍是沈滔，在本机核对时显示“签名有效，"
        "但签名人不在受信任名单”；如需改正署名，请撤销签发后重新签发。",
        "如已把公钥交给接收单位：对方名单中这把密钥仍属于沈滔，以沈涛签发的报表在对方会显示"
        "“签名人不在受信任名单”，请重新导出公钥交给对方重新导入（govreport keys export-public "
        "FILE）。以前的密钥备份中仍是沈滔，请重新备份（govreport keys backup FILE）。",
    ]
    renamed = keys.load_own_key()
    assert renamed is not None and renamed.name == "沈涛"
    assert (renamed.public, renamed.private, renamed.created) == (
        made.public,
        made.private,
        made.created,
    )
    code, out, _ = run("keys", "show")
    assert code == 0 and "签发人：沈涛" in out and made.fingerprint in out

    assert run("signoff", second, "--reviewer", "沈涛")[0] == 0
    assert status(second)[0] is SignatureStatus.VALID_TRUSTED
    # What was signed as 沈滔 still holds, under the name it was signed with.
    assert status(typo) == (
        SignatureStatus.VALID_UNTRUSTED,
        "本机密钥属于沈涛，而签发人写的是“沈滔”",
    )
    with Draft.open(typo, "查看者", readonly=True) as d:
        assert d.status == SIGNED

    # The recipient re-imports the public key exported now: the key is trusted as 沈涛.
    exported = tmp_path / "沈涛.govreport-key"
    assert run("keys", "export-public", exported)[0] == 0
    assert keys.read_public_key_file(exported).name == "沈涛"


def test_the_new_name_is_checked_and_nothing_changes_when_refused(tmp_path: Path, run: Run) -> None:
    code, out, err = run("keys", "rename", "沈涛")  # no key yet
    assert (code, out) == (1, "")
    assert err.strip() == (
        "govreport：本机还没有签名密钥，无需改名：第一次签发时以签发人的姓名生成。"
    )
    keys.own_key_for_signing("沈滔")
    before = keys.private_key_path().read_bytes()
    for typed, why in (
        ("沈\u202e涛", "新的姓名中有不可见的格式字符（U+202E，文字方向控制符）"),
        ("  ", "新的姓名不能为空。"),
        ("沈" * 101, "新的姓名过长（101 字，最多 100 字）。"),
    ):
        code, out, err = run("keys", "rename", typed)
        assert (code, out) == (2, ""), typed
        assert err.startswith(f"govreport：{why}"), err
        assert keys.private_key_path().read_bytes() == before
    code, out, _ = run("keys", "rename", " 沈滔 ")  # the name it has
    assert code == 0 and out == "本机签名密钥的姓名已是沈滔，没有更改。\n"
    assert keys.private_key_path().read_bytes() == before


def test_an_unusable_key_file_is_not_renamed(tmp_path: Path, run: Run) -> None:
    keys.keys_dir().mkdir(parents=True)
    keys.private_key_path().write_text("{broken", encoding="utf-8")
    code, out, err = run("keys", "rename", "沈涛")
    assert (code, out) == (2, "")
    assert "签名密钥文件" in err and "从备份恢复" in err
    assert keys.private_key_path().read_text(encoding="utf-8") == "{broken"
