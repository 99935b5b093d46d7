"""The reviewer's signing key and the trusted list (core/store/keys.py): files from outside are
hostile, the private key is the user's only and never written through a planted link."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from govreport_gui.core.store import keys


def test_the_key_is_made_once_and_readable_by_its_owner_only() -> None:
    assert keys.load_own_key() is None
    pair = keys.own_key_for_signing("沈涛")
    assert keys.own_key_for_signing("别人") == pair  # the same key on the next sign-off
    assert pair.name == "沈涛"
    path = keys.private_key_path()
    if sys.platform != "win32":  # Windows: the user profile folder protects it (README)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) & 0o077 == 0
    assert len(pair.fingerprint.split()) == 4
    signature = pair.sign(b"message")
    assert keys.verify(pair.public, signature, b"message")
    assert not keys.verify(pair.public, signature, b"messagf")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
def test_a_link_planted_at_the_key_file_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    keys.keys_dir().mkdir(parents=True)
    keys.private_key_path().symlink_to(victim)
    with pytest.raises(keys.KeyFileError, match="链接"):
        keys.own_key_for_signing("沈涛")
    assert victim.read_text(encoding="utf-8") == "precious"
    keys.private_key_path().unlink()
    keys.private_key_path().symlink_to(tmp_path / "nowhere.json")  # a dangling link
    with pytest.raises(keys.KeyFileError, match="链接"):
        keys.own_key_for_signing("沈涛")
    assert not (tmp_path / "nowhere.json").exists()


def test_export_trust_and_untrust_a_public_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = keys.own_key_for_signing("沈涛")
    exported = tmp_path / "沈涛.govreport-key"
    keys.export_public(exported)
    content = json.loads(exported.read_text(encoding="utf-8"))
    assert content["name"] == "沈涛" and content["fingerprint"] == pair.fingerprint
    assert "private" not in content
    # The receiving office (another home) trusts it.
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    entry = keys.trust(exported)
    assert (entry.name, entry.key) == ("沈涛", pair.public)
    assert [e.fingerprint for e in keys.trusted_keys()] == [pair.fingerprint]
    keys.trust(exported)  # twice: still one entry
    assert len(keys.trusted_keys()) == 1
    removed = keys.untrust(pair.fingerprint.replace(" ", "").lower())
    assert [e.name for e in removed] == ["沈涛"]
    assert keys.trusted_keys() == []


def _public_file(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "x.govreport-key"
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("not json {", "JSON"),
        ([1, 2], "格式"),
        ({"format": "govreport-public-key", "name": "甲", "key": "AAAA"}, "长度"),
        ({"format": "govreport-public-key", "name": "甲", "key": "A" * 44 + "=="}, "长度"),
        ({"format": "govreport-public-key", "name": "甲", "key": "!!!"}, "长度"),
        ({"format": "govreport-public-key", "name": "", "key": "A" * 43 + "="}, "姓名"),
        ({"format": "govreport-public-key", "name": "甲\x01", "key": "A" * 43 + "="}, "控制字符"),
        ({"format": "other", "name": "甲", "key": "A" * 43 + "="}, "不是本程序"),
        (
            {
                "format": "govreport-public-key",
                "name": "甲",
                "key": "A" * 43 + "=",
                "fingerprint": "0",
            },
            "指纹",
        ),
    ],
)
def test_hostile_public_key_files_get_a_clear_message(
    tmp_path: Path, content: object, said: str
) -> None:
    path = tmp_path / "x.govreport-key"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path = _public_file(tmp_path, content)
    with pytest.raises(keys.KeyFileError, match=said):
        keys.trust(path)
    assert keys.trusted_keys() == []


def test_too_big_or_deeply_nested_key_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.govreport-key"
    big.write_bytes(b" " * (keys.MAX_KEY_FILE + 1))
    with pytest.raises(keys.KeyFileError, match="过大"):
        keys.trust(big)
    deep = tmp_path / "deep.govreport-key"
    deep.write_text("[" * 10000, encoding="utf-8")
    with pytest.raises(keys.KeyFileError, match="JSON"):
        keys.trust(deep)
    with pytest.raises(keys.KeyFileError, match="找不到"):
        keys.trust(tmp_path / "missing.govreport-key")


def test_backup_and_restore_on_another_computer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = keys.own_key_for_signing("沈涛")
    saved = tmp_path / "备份.json"
    keys.backup(saved)
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    with pytest.raises(keys.KeyFileError, match="已存在"):
        keys.backup(saved)
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "new-computer"))
    assert keys.restore(saved) == pair
    assert keys.load_own_key() == pair
    # A computer with another key keeps it unless forced.
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "third"))
    other = keys.own_key_for_signing("李四")
    with pytest.raises(keys.KeyFileError, match="--force"):
        keys.restore(saved)
    assert keys.load_own_key() == other
    assert keys.restore(saved, force=True) == pair
    assert keys.load_own_key() == pair


def test_a_backup_whose_keys_do_not_match_is_refused(tmp_path: Path) -> None:
    pair = keys.own_key_for_signing("沈涛")
    saved = tmp_path / "备份.json"
    keys.backup(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    # Another real key (all zeros would be refused first as a weak key, see test_weak_keys.py).
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    content["public"] = keys.b64(other)
    saved.write_text(json.dumps(content), encoding="utf-8")
    keys.private_key_path().unlink()
    with pytest.raises(keys.KeyFileError, match="不配对"):
        keys.restore(saved)
    assert keys.load_own_key() is None
    assert pair.public != bytes(32)
