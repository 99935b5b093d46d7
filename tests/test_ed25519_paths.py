"""A signature is checked through cryptography's compiled binding (core/store/ed25519.py, issue 14:
the public classes' import costs a check process ≈ 5 ms); the public classes are the fallback.
Both must give the same verdict on every kind of input, and the binding must really be the one
the public classes call."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from govreport_gui.core.store import ed25519, keys

PRIVATE = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = PRIVATE.public_key().public_bytes_raw()
OTHER = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))).public_key().public_bytes_raw()
MESSAGE = '["govreport-signed-v2"]\n["reviewer","审核人"]'.encode()
SIGNATURE = PRIVATE.sign(MESSAGE)
IDENTITY = (1).to_bytes(32, "little")  # the point of order 1: a small-order ("weak") key
ORDER_L = 2**252 + 27742317777372353535851937790883648493

CASES = {
    "valid": (PUBLIC, SIGNATURE, MESSAGE),
    "another key": (OTHER, SIGNATURE, MESSAGE),
    "altered message": (PUBLIC, SIGNATURE, MESSAGE + b" "),
    "altered signature": (PUBLIC, SIGNATURE[:10] + bytes([SIGNATURE[10] ^ 1]) + SIGNATURE[11:], MESSAGE),
    "small-order key, R = identity, S = 0": (IDENTITY, IDENTITY + bytes(32), b"anything"),
    "S not reduced (S + L)": (
        PUBLIC,
        SIGNATURE[:32] + (int.from_bytes(SIGNATURE[32:], "little") + ORDER_L).to_bytes(32, "little"),
        MESSAGE,
    ),
    "signature too short": (PUBLIC, SIGNATURE[:63], MESSAGE),
    "signature empty": (PUBLIC, b"", MESSAGE),
    "key too short": (PUBLIC[:31], SIGNATURE, MESSAGE),
    "key no point (y >= p)": (b"\xff" * 32, SIGNATURE, MESSAGE),
    "random bytes": (os.urandom(32), os.urandom(64), MESSAGE),
}  # fmt: skip


def test_the_binding_is_what_the_public_classes_call() -> None:
    found = ed25519.binding()
    assert found is not None  # else the fast path is never taken and the test below proves little
    key = found.from_public_bytes(PUBLIC)
    assert isinstance(key, Ed25519PublicKey)
    assert type(key) is type(Ed25519PublicKey.from_public_bytes(PUBLIC))


@pytest.mark.parametrize("case", list(CASES))
def test_both_paths_give_the_same_verdict(case: str) -> None:
    public, signature, message = CASES[case]
    fast = ed25519.verify(public, signature, message)
    assert fast == ed25519.verify(public, signature, message, public_api=True)
    assert fast is (case == "valid" or case.startswith("small-order"))
    # The program's own check refuses the small-order key before either path is asked.
    assert keys.verify(public, signature, message) is (case == "valid")


def test_a_private_key_gives_the_same_public_key_both_ways() -> None:
    for private in (bytes(range(32)), os.urandom(32)):
        expected = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
        assert ed25519.public_from_private(private) == expected
        assert ed25519.public_from_private(private, public_api=True) == expected
    for public_api in (False, True):
        with pytest.raises(ValueError):
            ed25519.public_from_private(b"short", public_api=public_api)


def test_without_the_binding_the_public_classes_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ed25519, "binding", lambda: None)
    assert ed25519.verify(PUBLIC, SIGNATURE, MESSAGE)
    assert not ed25519.verify(OTHER, SIGNATURE, MESSAGE)
    assert ed25519.public_from_private(bytes(range(32))) == PUBLIC
