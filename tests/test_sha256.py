"""SHA-256 comes from CPython's own module, not hashlib's OpenSSL (core/sha256.py, issue 14): the
fingerprints and signed digests must be exactly hashlib's."""

from __future__ import annotations

import hashlib
import os

from govreport_gui.core.sha256 import sha256_hex


def test_the_digests_are_hashlibs() -> None:
    inputs = [b"", b"abc", "govreport-fingerprint-v1\nform:报表".encode(), os.urandom(100_000)]
    for data in inputs:
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
