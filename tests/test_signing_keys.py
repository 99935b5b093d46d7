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


# -- files from outside that are not what they should be (hostile-input probe) --------------------


def _pem_files(tmp_path: Path) -> list[Path]:
    """Public keys of other programs: OpenSSL's PEM of an EC and an X25519 key, an SSH key."""
    from cryptography.hazmat.primitives.asymmetric import ec, x25519
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    spki = Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
    made = {
        "ec.pem": ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(*spki),
        "x25519.pem": x25519.X25519PrivateKey.generate().public_key().public_bytes(*spki),
        "id_ed25519.pub": b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLs a@b\n",
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return [tmp_path / name for name in made]


def test_a_key_of_another_program_is_named_as_such_with_what_to_ask_for(tmp_path: Path) -> None:
    for path in _pem_files(tmp_path):
        with pytest.raises(keys.KeyFileError) as caught:
            keys.trust(path)
        said = caught.value.message
        assert "其他程序" in said and "不是本程序" in said, said
        assert "govreport keys export-public" in said and "JSON" not in said
        with pytest.raises(keys.KeyFileError, match="其他程序") as caught:
            keys.restore(path)
        assert "govreport keys backup" in caught.value.message
    assert keys.trusted_keys() == [] and keys.load_own_key() is None


def test_a_private_key_given_to_trust_is_refused_with_a_warning_not_to_pass_it_on(
    tmp_path: Path,
) -> None:
    from cryptography.hazmat.primitives import serialization

    pem = tmp_path / "私钥.pem"
    pem.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(keys.KeyFileError, match="含有私钥") as caught:
        keys.trust(pem)
    assert "其他程序" in caught.value.message
    assert keys.trusted_keys() == []


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (
            "backup",
            ["是签名密钥备份（含有私钥），不是公钥文件", "请不要再转交他人", "export-public"],
        ),
        ("public", ["是公钥文件", "不是密钥备份", "govreport keys backup"]),
    ],
)
def test_our_other_key_file_given_in_place_of_one_says_which_is_needed(
    tmp_path: Path, given: str, words: list[str]
) -> None:
    """A backup (it holds the private key) given to trust, a public key file given to restore."""
    keys.own_key_for_signing("沈涛")
    path = tmp_path / "给接收单位.json"
    if given == "backup":
        keys.backup(path)
    else:
        keys.export_public(path)
    with pytest.raises(keys.KeyFileError) as caught:
        (keys.trust if given == "backup" else keys.restore)(path)
    assert all(word in caught.value.message for word in words), caught.value.message
    assert keys.trusted_keys() == []


def test_an_empty_key_file_is_said_to_be_empty(tmp_path: Path) -> None:
    empty = tmp_path / "空.govreport-key"
    empty.write_bytes(b"")
    with pytest.raises(keys.KeyFileError, match="是空的"):
        keys.trust(empty)
    with pytest.raises(keys.KeyFileError, match="是空的"):
        keys.restore(empty)


@pytest.mark.parametrize("name", ["沈\u202e涛", "沈\u200b涛", "沈涛\u2028"])
def test_a_name_with_an_invisible_character_is_refused_in_public_keys_and_backups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A direction override shows 涛沈 as 沈涛: the trusted list would name someone else."""
    keys.own_key_for_signing("沈涛")
    public, saved = tmp_path / "p.govreport-key", tmp_path / "b.json"
    keys.export_public(public)
    keys.backup(saved)
    for path in (public, saved):
        content = json.loads(path.read_text(encoding="utf-8"))
        content["name"] = name
        path.write_text(json.dumps(content), encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))
    code = f"U+{ord(name[-1] if name.endswith(chr(0x2028)) else name[1]):04X}"
    with pytest.raises(keys.KeyFileError, match="不可见") as caught:
        keys.trust(public)
    assert code in caught.value.message
    with pytest.raises(keys.KeyFileError, match="不可见"):
        keys.restore(saved)
    assert keys.trusted_keys() == [] and keys.load_own_key() is None


def test_a_backups_creation_time_of_another_type_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.own_key_for_signing("沈涛")
    saved = tmp_path / "b.json"
    keys.backup(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    content["created"] = {"x": [1, 2]}
    saved.write_text(json.dumps(content), encoding="utf-8")
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "new"))
    assert keys.restore(saved).created == ""


@pytest.mark.parametrize(
    "typed", ["", "   ", "ZZZZ", "3F2A", "3F2A 9C01 77BE 0D45 00", "x" * 100_000]
)
def test_untrust_with_something_that_is_no_fingerprint_says_what_one_is(typed: str) -> None:
    with pytest.raises(keys.KeyFileError) as caught:
        keys.untrust(typed)
    said = caught.value.message
    assert "不是密钥指纹" in said and "16 位十六进制" in said, said
    assert len(said) < 200  # a long argument is not echoed whole
    assert caught.value.unusable


@pytest.mark.parametrize("command", ["backup", "export-public", "trust"])
def test_a_key_file_that_cannot_be_written_exits_1_as_a_failed_write_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """A full disk while writing a key file is an action that failed (exit 1, as for export), not
    input that is unusable (exit 2); the message says why in Chinese and nothing is left."""
    import errno

    from govreport_gui.cli.main import main
    from govreport_gui.core import atomic_file

    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "reviewer"))
    keys.own_key_for_signing("沈涛")
    exported = tmp_path / "沈涛.govreport-key"
    keys.export_public(exported)
    if command == "trust":  # the receiving office: another computer
        monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "office"))

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic_file, "atomic_replace", full_disk)
    target = tmp_path / "out.json"
    code = main(["keys", command, str(exported if command == "trust" else target)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "无法写入" in err and "磁盘" in err, err
    assert not target.exists()


def _damage_own_key(how: str, tmp_path: Path) -> bytes:
    """Spoil this user's key file as a crash, a bad disk or a hand edit would; what is there now."""
    path = keys.private_key_path()
    path.unlink()
    if how == "link":
        path.symlink_to(tmp_path / "nowhere.json")
        return b""
    content = {"garbage": b'{\n "format": "govreport-keypair",\n "na', "empty": b""}[how]
    path.write_bytes(content)
    return content


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need rights on Windows")
@pytest.mark.parametrize("how", ["garbage", "empty", "link"])
def test_a_backup_restores_over_an_own_key_file_that_cannot_be_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """The key file half written or spoilt: sign-off said only “…不是有效的 JSON 文件，无法使用”,
    and `keys restore BACKUP` (with --force too) refused with the same words: the backup, the
    one way out, could not be put back. Now the refusal says what to do, the backup takes the
    unusable file's place, and that file is kept under another name, not deleted."""
    from govreport_gui.cli.main import main

    pair = keys.own_key_for_signing("沈涛")
    saved = tmp_path / "备份.json"
    keys.backup(saved)
    spoilt = _damage_own_key(how, tmp_path)

    with pytest.raises(keys.KeyFileError) as refused:
        keys.own_key_for_signing("沈涛")
    assert "govreport keys restore" in refused.value.message
    assert main(["keys", "show"]) == 2
    assert "从备份恢复" in capsys.readouterr().err

    assert main(["keys", "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert f"已恢复签名密钥：沈涛（指纹 {pair.fingerprint}）" in out
    assert keys.load_own_key() == pair
    kept = [p for p in keys.keys_dir().iterdir() if p.name != "signing-key.json"]
    assert len(kept) == 1 and f"原来的签名密钥文件无法使用，已改名保留为 {kept[0]}" in out
    if how == "link":
        assert kept[0].is_symlink() and not (tmp_path / "nowhere.json").exists()
    else:
        assert kept[0].read_bytes() == spoilt
