"""SHA-256 without loading OpenSSL: the content fingerprints, the signed parts' digests, the form's
and the keys' fingerprints.

``hashlib`` imports ``_hashlib``, which loads the OpenSSL library (≈ 2–5 ms of a ``govreport
check`` process, issue 14), to offer every algorithm OpenSSL has; we hash with SHA-256 only.
CPython's own SHA-256 module (``_sha256``, ``_sha2`` from Python 3.12 on) is what ``hashlib``
itself falls back to without OpenSSL, and gives the same digests. Where neither is built in (a
Python built without them), ``hashlib`` is used.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from hashlib import sha256 as sha256
else:
    try:  # by version, not by trying: a failed import searches every folder on sys.path
        if sys.version_info >= (3, 12):
            from _sha2 import sha256
        else:
            from _sha256 import sha256
    except ImportError:
        from hashlib import sha256


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in lowercase hex, as ``hashlib.sha256(data).hexdigest()``."""
    return sha256(data).hexdigest()
