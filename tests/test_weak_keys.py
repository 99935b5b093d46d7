"""Weak Ed25519 public keys are refused wherever a public key is taken (issue 13, acceptance).

With a key of small order (8·A = identity) the one signature R = identity, S = 0 verifies for every
message, so a forger shows 签名有效 for anything. The small-order points are computed here with the
test's own arithmetic (not the program's): the identity, the point of order 2, the two of order 4
and one of order 8 found by solving the doubling formula."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from test_export import read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.layout.export_xlsx import export_xlsx
from govreport_gui.core.ops import review
from govreport_gui.core.ops.signature import SignatureStatus, signature_status
from govreport_gui.core.ops.verify import verify_xlsx
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import Draft

P = 2**255 - 19
D = -121665 * pow(121666, P - 2, P) % P


def sqrt_mod(a: int) -> int | None:
    """A square root of ``a`` mod p (p ≡ 5 mod 8), or None."""
    a %= P
    root = pow(a, (P + 3) // 8, P)
    if root * root % P != a:
        root = root * pow(2, (P - 1) // 4, P) % P
    return root if root * root % P == a else None


def add(p1: tuple[int, int], p2: tuple[int, int]) -> tuple[int, int]:
    (x1, y1), (x2, y2) = p1, p2
    t = D * x1 * x2 * y1 * y2 % P
    return (
        (x1 * y2 + x2 * y1) * pow(1 + t, P - 2, P) % P,
        (y1 * y2 + x1 * x2) * pow(1 - t, P - 2, P) % P,
    )


def order(point: tuple[int, int]) -> int:
    """The order of a point of small order (1, 2, 4 or 8; 0 when larger)."""
    current, n = point, 1
    while current != (0, 1):
        current, n = add(current, point), n + 1
        if n > 8:
            return 0
    return n


def encode(point: tuple[int, int]) -> bytes:
    x, y = point
    return (y | (x & 1) << 255).to_bytes(32, "little")


def order_8_point() -> tuple[int, int]:
    """2·P has y = 0 (order 4) when x² = −y²; on the curve that gives d·y⁴ + 2y² − 1 = 0."""
    root = sqrt_mod(1 + D)
    assert root is not None
    for r in (root, P - root):
        y2 = (-1 + r) * pow(D, P - 2, P) % P
        y = sqrt_mod(y2)
        x = sqrt_mod(-y2)
        if y is not None and x is not None:
            return x, y
    raise AssertionError("no point of order 8 found")


SQRT_M1 = sqrt_mod(-1)
assert SQRT_M1 is not None
SMALL_ORDER = {
    "identity": ((0, 1), 1),
    "order 2 (y = p−1)": ((0, P - 1), 2),
    "order 4 (y = 0, x even)": ((SQRT_M1 if SQRT_M1 % 2 == 0 else P - SQRT_M1, 0), 4),
    "order 4 (y = 0, x odd)": ((SQRT_M1 if SQRT_M1 % 2 else P - SQRT_M1, 0), 4),
    "order 8": (order_8_point(), 8),
}
WEAK = {name: encode(point) for name, (point, _) in SMALL_ORDER.items()}
IDENTITY = encode((0, 1))
UNIVERSAL_SIGNATURE = IDENTITY + bytes(32)  # R = identity, S = 0


def test_the_tests_points_have_the_orders_they_are_named_for() -> None:
    for point, wanted in SMALL_ORDER.values():
        assert (-(point[0] ** 2) + point[1] ** 2 - 1 - D * point[0] ** 2 * point[1] ** 2) % P == 0
        assert order(point) == wanted
    assert base64.b64encode(IDENTITY).decode().startswith("AQAAAA")


@pytest.mark.parametrize("name", sorted(WEAK))
def test_small_order_keys_are_weak(name: str) -> None:
    assert keys.is_weak_key(WEAK[name])


def test_non_canonical_or_off_curve_encodings_are_weak_and_real_keys_are_not() -> None:
    assert keys.is_weak_key((P + 1).to_bytes(32, "little"))  # y ≥ p: the identity, non-canonical
    assert keys.is_weak_key((1 | 1 << 255).to_bytes(32, "little"))  # x = 0 with the sign bit set
    off_curve = next(
        y for y in range(2, 100) if sqrt_mod((y * y - 1) * pow(D * y * y + 1, P - 2, P)) is None
    )
    assert keys.is_weak_key(off_curve.to_bytes(32, "little"))
    for _ in range(20):
        public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        assert not keys.is_weak_key(public)


def test_the_quick_test_refuses_every_encoding_of_a_small_order_point() -> None:
    """can_forge (used where a key verifies) decides by y alone: every encoding of each of the 8
    small-order points, both signs of x (one of them not canonical when x = 0), and y + p."""
    points = {point for point, _ in SMALL_ORDER.values()}
    points |= {((P - x) % P, y) for x, y in points}  # −A has A's order
    points |= {((P - x) % P, (P - y) % P) for x, y in points}  # and so has A + (0, −1)
    assert len(points) == 8
    for x, y in points:
        for sign in (0, 1):
            assert keys.can_forge((y | sign << 255).to_bytes(32, "little")), (x, y, sign)
            if y + P < 2**255:
                assert keys.can_forge((y + P | sign << 255).to_bytes(32, "little"))
    assert keys.can_forge(bytes(31)) and keys.can_forge(bytes(33))


def test_the_quick_test_and_the_whole_test_agree_on_every_key_that_is_a_point() -> None:
    """On encodings of points the two tests agree; a key that is no point passes the quick test
    but verifies nothing (OpenSSL refuses it), and the whole test refuses it."""
    off_curve = [
        y for y in range(2, 200) if sqrt_mod((y * y - 1) * pow(D * y * y + 1, P - 2, P)) is None
    ]
    for y in off_curve[:10]:
        key = y.to_bytes(32, "little")
        assert not keys.can_forge(key) and keys.is_weak_key(key)
        signer = Ed25519PrivateKey.generate()
        signature = signer.sign(b"x")
        assert not keys.verify(key, signature, b"x")
    for _ in range(50):
        public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        assert not keys.can_forge(public) and not keys.is_weak_key(public)
    for key in WEAK.values():
        assert keys.can_forge(key) and keys.is_weak_key(key)


def test_the_programs_curve_constants_are_the_tests() -> None:
    assert keys._D == D
    assert pow(2, (P - 1) // 4, P) == keys._SQRT_M1 and keys._SQRT_M1**2 % P == P - 1


def test_the_universal_signature_verifies_no_message() -> None:
    # OpenSSL alone accepts it for any message: the program must not.
    for message in (b"", b"govreport", "局长签发".encode()):
        assert not keys.verify(IDENTITY, UNIVERSAL_SIGNATURE, message)


def public_key_file(tmp_path: Path, key: bytes, name: str = "局长") -> Path:
    path = tmp_path / f"{name}.govreport-key"
    content = {"format": keys.PUBLIC_FORMAT, "name": name, "key": keys.b64(key)}
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(WEAK))
def test_keys_trust_refuses_a_small_order_key(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = public_key_file(tmp_path, WEAK[name])
    code = cli.main(["keys", "trust", str(path)])
    err = capsys.readouterr().err
    assert code != 0 and "弱的密钥" in err and "Traceback" not in err
    assert keys.trusted_keys() == []


def test_a_real_key_is_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert cli.main(["keys", "trust", str(public_key_file(tmp_path, public))]) == 0
    assert [t.key for t in keys.trusted_keys()] == [public]


def test_a_weak_key_written_into_the_trusted_list_by_hand_is_refused() -> None:
    keys.keys_dir().mkdir(parents=True)
    entry = {"name": "局长", "key": keys.b64(IDENTITY)}
    keys.trusted_path().write_text(json.dumps({"keys": [entry]}), encoding="utf-8")
    with pytest.raises(keys.KeyFileError, match="无法使用的条目"):
        keys.trusted_keys()


def test_a_backup_with_a_weak_public_key_is_not_restored(tmp_path: Path) -> None:
    private = Ed25519PrivateKey.generate().private_bytes_raw()
    backup = tmp_path / "备份.json"
    content = {
        "format": keys.PAIR_FORMAT,
        "name": "局长",
        "private": keys.b64(private),
        "public": keys.b64(WEAK["order 8"]),
    }
    backup.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(keys.KeyFileError, match="弱的密钥"):
        keys.restore(backup)
    assert keys.load_own_key() is None


def test_a_draft_forged_with_the_identity_key_is_invalid(tmp_path: Path) -> None:
    """Figures changed, digests and fingerprint recomputed, the key and signature replaced by
    the identity and the universal signature: with OpenSSL alone this showed 签名有效."""
    path = signed_example(tmp_path)
    with Draft.open(path, "查看者", readonly=True) as d:
        values = dict(d.values)
        values["fees"] = 999
        forged = fingerprint(d.form, dict(d.fields), values)
    con = sqlite3.connect(str(path))
    with con:
        con.execute("UPDATE cell SET value = '999' WHERE id = 'fees'")
        con.execute("UPDATE signoff SET fingerprint = ? WHERE active = 1", (forged,))
    con.close()
    with Draft.open(path, "查看者", readonly=True) as d:
        digests = signed_content.digests_json(review.content_digests(d))
    con = sqlite3.connect(str(path))
    with con:
        con.execute(
            "UPDATE signoff SET digests = ?, public_key = ?, signature = ? WHERE active = 1",
            (digests, keys.b64(IDENTITY), keys.b64(UNIVERSAL_SIGNATURE)),
        )
    con.close()
    with Draft.open(path, "查看者", readonly=True) as d:
        check = signature_status(d)
    assert check.status is SignatureStatus.INVALID
    assert "弱的密钥" in check.reason


def test_a_workbook_whose_key_is_the_identity_is_invalid(tmp_path: Path) -> None:
    draft = signed_example(tmp_path)
    genuine = export_xlsx(read_data(draft), tmp_path / "signed.xlsx")
    from openpyxl.packaging.custom import StringProperty

    wb = openpyxl.load_workbook(genuine)
    replaced = {
        "govreport.public_key": keys.b64(IDENTITY),
        "govreport.signature": keys.b64(UNIVERSAL_SIGNATURE),
        "govreport.key_fingerprint": keys.key_fingerprint(IDENTITY),
    }
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props if p.name not in replaced]
    for name, value in replaced.items():
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    forged = tmp_path / "forged.xlsx"
    wb.save(forged)
    result = verify_xlsx(forged)
    assert not result.ok and result.signature is not None
    assert result.signature.status is SignatureStatus.INVALID
    assert "弱的密钥" in result.signature.reason


def test_cryptography_itself_accepts_the_identity_key() -> None:
    """Why the program checks: the library loads the identity as a public key."""
    Ed25519PublicKey.from_public_bytes(IDENTITY)
