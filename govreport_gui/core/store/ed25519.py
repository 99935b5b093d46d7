"""Ed25519 for checking a signature: the `cryptography` package's, imported as little as possible.

Checking a signed draft is a whole ``govreport check`` process (issue 14). The public classes
(``cryptography.hazmat.primitives.asymmetric.ed25519``) are thin Python wrappers whose import
pulls ``typing``, ``cryptography.utils`` and the serialization and hash modules (≈ 5 ms) around
the compiled binding, which alone does the work: ``Ed25519PublicKey.from_public_bytes`` *is*
``rust_openssl.ed25519.from_public_bytes``, and the key it returns is the binding's own object.
So the same two calls are made here on the binding directly. Nothing of the cryptography is ours:
the verdict is OpenSSL's through the same object either way.

The binding is not a public interface: when it is missing or has another shape (another version
of the package), the public classes are used instead. ``tests/test_ed25519_paths.py`` checks that
both give the same verdicts (valid, another key, an altered message, a small-order key, a
malformed signature or key).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from typing import Any


def binding() -> Any:
    """``cryptography``'s compiled Ed25519 module, or None when it cannot be reached directly."""
    try:
        from cryptography.hazmat.bindings._rust import openssl
    except ImportError:
        return None
    found = getattr(openssl, "ed25519", None)
    if not all(hasattr(found, name) for name in ("from_public_bytes", "from_private_bytes")):
        return None
    return found


def _public_api() -> Any:
    """The public classes' module, which offers the same two functions as class methods."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    class Public:
        from_public_bytes = ed25519.Ed25519PublicKey.from_public_bytes
        from_private_bytes = ed25519.Ed25519PrivateKey.from_private_bytes

    return Public


def _module(public_api: bool) -> Any:
    if not public_api:
        found = binding()
        if found is not None:
            return found
    return _public_api()


def verify(public: bytes, signature: bytes, message: bytes, public_api: bool = False) -> bool:
    """Whether ``signature`` is ``public``'s signature of ``message`` (False for a key or a
    signature that is no Ed25519 one). ``public_api``: through the public classes (tests)."""
    try:
        _module(public_api).from_public_bytes(public).verify(signature, message)
    except Exception as exc:
        # cryptography.exceptions (with typing) is imported only now: a bad signature is rare.
        from cryptography.exceptions import InvalidSignature

        if isinstance(exc, (InvalidSignature, ValueError)):
            return False
        raise
    return True


def public_from_private(private: bytes, public_api: bool = False) -> bytes:
    """The raw public key of a raw private key (ValueError when it is none)."""
    key = _module(public_api).from_private_bytes(private)
    result: bytes = key.public_key().public_bytes_raw()
    return result
