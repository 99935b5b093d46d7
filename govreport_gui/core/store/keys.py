"""The reviewer's signing key (Ed25519) and the office's list of trusted reviewers' keys.

Files, all in ``settings.data_dir()/keys/`` (a folder of mode 0700):

* ``signing-key.json`` — this user's key pair, made on their first sign-off: JSON with ``format``
  ``govreport-keypair``, the ``name`` it was made for, ``private`` and ``public`` (raw 32-byte keys,
  base64) and ``created``. Created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` and mode 0600: it is
  never written through a link planted under its name, and only its owner can read it. On Windows
  ``os.chmod`` does not restrict reading: there the user's profile folder (``%LOCALAPPDATA%``) is
  what keeps other users out (this cannot be tested on the Linux test machine).
* ``trusted.json`` — the trusted reviewers: ``{"keys": [{"name", "key", "added"}]}``.

Exchanged files: a public key (``.govreport-key``, format ``govreport-public-key``: name, key,
fingerprint) for the receiving office, and a backup of the key pair (same content as
``signing-key.json``) to move it to another computer. Files from outside are hostile input: the
size is capped, the JSON shape and the exact key length are checked, and every refusal is one
Chinese sentence (:class:`KeyFileError`).

A key's short fingerprint is the first 16 hex digits of the SHA-256 of the raw public key, in
groups of four (``3F2A 9C01 77BE 0D45``), as the content fingerprint is shown.
"""

from __future__ import annotations

import binascii
import os
import stat
from functools import lru_cache

# Only what checking a signature needs is imported here (issue 14: ``govreport check`` of a
# signed draft is a whole process): the writers' modules are imported by the writers, and
# cryptography by core/store/ed25519.py where a key is used (a draft never signed loads none).
from govreport_gui.core.forms.record import Record
from govreport_gui.core.json_text import loads
from govreport_gui.core.sha256 import sha256_hex
from govreport_gui.core.store import ed25519, settings

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms of a `check` process)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from _typeshed import StrPath

KEY_SIZE = 32  # bytes of a raw Ed25519 key (public or private)
SIGNATURE_SIZE = 64
MAX_KEY_FILE = 16 * 1024  # a key file is a few hundred bytes: anything bigger is not one
MAX_TRUSTED_FILE = 4 * 1024 * 1024
MAX_NAME = 100
PAIR_FORMAT = "govreport-keypair"
PUBLIC_FORMAT = "govreport-public-key"
PUBLIC_SUFFIX = ".govreport-key"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class KeyFileError(Exception):
    """A key file that cannot be used or written; ``message`` says why and what to do (Chinese).
    ``unusable``: the file itself is wrong (damaged, foreign, a link: the command line's exit 2);
    otherwise the action was refused or failed as things stand (a file exists, no key yet,
    another key in place, a write that failed on a full disk or a read-only folder: exit 1)."""

    def __init__(self, message: str, unusable: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.unusable = unusable


class AnotherKeyError(KeyFileError):
    """A backup restored over another key pair of this user's, without ``force``: replacing it is
    the user's decision (the window asks; the command line wants ``--force``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, unusable=False)


def key_fingerprint(public: bytes) -> str:
    """``3F2A 9C01 77BE 0D45``: the first 16 hex digits of SHA-256 of the raw public key."""
    head = sha256_hex(public)[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, 16, 4))


def _fingerprint_key(text: str) -> str:
    """A typed fingerprint compared without spaces and case."""
    return "".join(text.split()).upper()


class KeyPair(Record):
    name: str  # whom it was made for
    private: bytes
    public: bytes
    created: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public)

    def sign(self, message: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.private).sign(message)


class TrustedKey(Record):
    name: str
    key: bytes
    added: str = ""

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.key)


# -- weak keys -------------------------------------------------------------------------------------
#
# A public key of small order (the identity, or one of the 7 other points of order 2, 4 or 8) has
# 8·A = identity, so the signature R = identity, S = 0 verifies for EVERY message (OpenSSL's
# Ed25519 does not refuse such keys): with one, a forger shows 签名有效 for anything. So every
# public key taken from outside (a public key file, a draft's sign-off row, a workbook's
# properties, a backup) is decoded as RFC 8032 §5.1.3 says and refused when 8·A is the identity.
# Exact integer arithmetic on the curve −x² + y² = 1 + d·x²·y² over GF(p); the addition law is
# complete (d is not a square), so three doublings need no special cases.
#
# A point's y decides its x up to the sign, and −A has A's order: the 8 points of small order
# are those whose y is one of five numbers (the identity's 1, p − 1 of order 2, 0 of the two of
# order 4, ±y₈ of the four of order 8). So a key can be refused for small order by its y alone,
# without decoding the point (a square root mod p: the one costly step, ≈ 0.2 ms, on the way of
# every `govreport check` of a signed draft, issue 14). tests/test_weak_keys.py derives the five
# with its own arithmetic and checks both tests against each other.

_P = 2**255 - 19
_D = 37095705934669439343138083508754565189542113879843219016388785533085940283555  # −121665/121666
_SQRT_M1 = (
    19681161376707505956807079304988542015446066515923890162744021073123829784752  # 2^((p−1)/4)
)
_Y8 = 2707385501144840649318225287225658788936804267575313519463743609750303402022
_SMALL_ORDER_Y = frozenset({1, _P - 1, 0, _Y8, _P - _Y8})
_Y_BITS = (1 << 255) - 1


def can_forge(public: bytes) -> bool:
    """Whether ``public`` is no canonical encoding of a y, or that of a point of small order: a
    key for which one signature verifies for every message. What a key used to *verify* must not
    be; a key that encodes no point at all verifies nothing (OpenSSL refuses it), so this quick
    test is enough there. :func:`is_weak_key` is the whole test, for a key taken in."""
    if len(public) != KEY_SIZE:
        return True
    y = int.from_bytes(public, "little") & _Y_BITS
    return y >= _P or y in _SMALL_ORDER_Y


def _decode_point(data: bytes) -> tuple[int, int] | None:
    """The point (x, y) of a 32-byte encoding, or None when it encodes none (RFC 8032 §5.1.3)."""
    if len(data) != KEY_SIZE:
        return None
    number = int.from_bytes(data, "little")
    sign = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= _P:  # not canonical
        return None
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    if (v * x * x - u) % _P != 0:
        if (v * x * x + u) % _P != 0:
            return None  # u/v has no square root: not on the curve
        x = x * _SQRT_M1 % _P
    if x == 0 and sign == 1:
        return None
    if x % 2 != sign:
        x = _P - x
    return x, y


def _double(point: tuple[int, int, int]) -> tuple[int, int, int]:
    """2·P in projective coordinates (X : Y : Z), x = X/Z and y = Y/Z: the twisted-Edwards
    doubling for a = −1 (Bernstein, Birkner, Joye, Lange, Peters 2008, "dbl-2008-bbjlp"). Exact
    for every point of the curve: Y² − X² = Z²·(1 + d·x²·y²) and Y² − X² − 2·Z² = Z²·(d·x²·y² − 1)
    are never 0, d not being a square. No modular inverse (one costs ≈ 0.1 ms)."""
    x, y, z = point
    xx, yy = x * x % _P, y * y % _P
    f = (yy - xx) % _P
    j = (f - 2 * z * z) % _P
    return 2 * x * y * j % _P, f * (-xx - yy) % _P, f * j % _P


def is_weak_key(public: bytes) -> bool:
    """Whether ``public`` is no usable Ed25519 key: not a point's canonical encoding, or a point of
    small order (8·A = identity), for which one signature verifies for every message."""
    return _is_weak(bytes(public))


# A check asks this of one key up to three times (the sign-off's key, verify, the own key): the
# answer depends on the 32 bytes only.
@lru_cache(maxsize=1024)
def _is_weak(public: bytes) -> bool:
    if can_forge(public):
        return True
    point = _decode_point(public)
    if point is None:
        return True
    projective = (point[0], point[1], 1)
    for _ in range(3):
        projective = _double(projective)
    x, y, z = projective
    return x == 0 and y == z  # the identity (0, 1)


WEAK_KEY = "公钥是无效或弱的密钥（小阶点：用它任何内容都能“验证通过”），不予接受"


def verify(public: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is the signature of ``message`` by the key ``public`` (never for a
    key that could forge, see :func:`can_forge`; a key that is no point fails in OpenSSL)."""
    if len(public) != KEY_SIZE or len(signature) != SIGNATURE_SIZE:
        return False
    if can_forge(public):
        return False
    return ed25519.verify(public, signature, message)


def b64(data: bytes) -> str:
    # binascii, as base64.b64encode does (the base64 module costs a check process its import).
    return binascii.b2a_base64(data, newline=False).decode("ascii")


# What a user is told after exporting the public key and after a backup (command line and window).
AFTER_EXPORT_PUBLIC = "请把此文件交给接收单位，并另行（如电话）核对指纹。"
AFTER_BACKUP = "备份中含有私钥：持有它的人可以以您的名义签发，请妥善保管（如放在加密 U 盘中）。"


def from_b64(text: object, size: int | None = None) -> bytes | None:
    """Strict base64 of exactly ``size`` bytes (any size when None); None when it is not."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    try:
        # What base64.b64decode(validate=True) does: only the alphabet and correct padding.
        data = binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    if size is not None and len(data) != size:
        return None
    # Only the one spelling we write: base64 leaves spare bits in its last character, so several
    # strings decode to the same bytes, and a signature changed in its text must not still count.
    if b64(data) != text:
        return None
    return data


# -- where ---------------------------------------------------------------------------------------


def _reason(exc: OSError) -> str:
    # The words for an error, loaded when one happens (a `check` process, issue 14).
    from govreport_gui.core.oserror_text import describe_os_error

    return describe_os_error(exc)


# The key files as text: a ``check`` of a signed draft reads them without importing ``pathlib``
# (issue 14); the ``Path`` functions are for the rest.
def _keys_folder() -> str:
    return os.path.join(settings.data_folder(), "keys")


def _private_key_file() -> str:
    return os.path.join(_keys_folder(), "signing-key.json")


def _trusted_file() -> str:
    return os.path.join(_keys_folder(), "trusted.json")


def keys_dir() -> Path:
    from pathlib import Path

    return Path(_keys_folder())


def private_key_path() -> Path:
    from pathlib import Path

    return Path(_private_key_file())


def trusted_path() -> Path:
    from pathlib import Path

    return Path(_trusted_file())


def _make_keys_dir() -> Path:
    folder = keys_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise KeyFileError(f"无法建立密钥文件夹 {folder}：{_reason(exc)}", unusable=False) from exc
    if folder.is_symlink() or not folder.is_dir():
        raise KeyFileError(f"密钥文件夹 {folder} 是一个链接或不是文件夹，为安全起见不使用。")
    return folder


# -- reading files ---------------------------------------------------------------------------------


def _read_capped(path: StrPath, limit: int, what: str) -> bytes:
    """A plain file's bytes, never through a link, never more than ``limit``."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise KeyFileError(f"无法读取{what} {path}：{_reason(exc)}") from exc
    if stat.S_ISLNK(info.st_mode):
        raise KeyFileError(f"{what} {path} 是一个链接，为安全起见不读取。")
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(f"{what} {path} 不是普通文件，不读取。")
    if info.st_size > limit:
        raise KeyFileError(f"{what} {path} 过大（{info.st_size} 字节），不是本程序的密钥文件。")
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise KeyFileError(f"无法读取{what} {path}：{_reason(exc)}") from exc
    with open(fd, "rb", closefd=True) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise KeyFileError(f"{what} {path} 不是普通文件，不读取。")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise KeyFileError(f"{what} {path} 过大，不是本程序的密钥文件。")
    return data


# What a user may be given instead of our files: a key of OpenSSL, SSH or GnuPG (the first line).
_FOREIGN_KEY_STARTS = (b"-----BEGIN", b"ssh-", b"ecdsa-sha2-", b"sk-ssh-", b"PuTTY-User-Key-File")

# What to ask for instead, said when a file from outside is not the one its action needs.
_ASK_FOR = {
    "公钥文件": "请让审核人用本程序导出公钥（govreport keys export-public，或窗口中 审核 → "
    "我的签名密钥… → 导出公钥），把导出的 .govreport-key 文件加入受信任名单。",
    "密钥备份": "恢复签名密钥只能用本程序写出的密钥备份（govreport keys backup，或窗口中 审核 → "
    "我的签名密钥… → 备份密钥）。",
}


def _exchanged_object(data: bytes, path: StrPath, what: str) -> dict[str, Any]:
    """:func:`_json_object` of a file handed in (a public key, a backup): an empty file or a key
    of another program is named as what it is, with what to ask for instead."""
    head = data.lstrip()
    if not head:
        raise KeyFileError(
            f"{what} {path} 是空的（没有内容），不是本程序的密钥文件。{_ASK_FOR[what]}"
        )
    if head.startswith(_FOREIGN_KEY_STARTS):
        first_line = head.split(b"\n", 1)[0]
        secret = b"PRIVATE" in first_line or head.startswith(b"PuTTY")
        warning = "文件中含有私钥，请不要再转交他人。" if secret else ""
        raise KeyFileError(
            f"{what} {path} 是其他程序（如 OpenSSL、SSH）生成的密钥，不是本程序的密钥文件。"
            f"{warning}{_ASK_FOR[what]}"
        )
    content = _json_object(data, path, what)
    stated = content.get("format")
    if what == "公钥文件" and stated == PAIR_FORMAT:
        raise KeyFileError(
            f"{path} 是签名密钥备份（含有私钥），不是公钥文件。密钥备份只用于本人换电脑，"
            f"请不要再转交他人。{_ASK_FOR[what]}"
        )
    if what == "密钥备份" and stated == PUBLIC_FORMAT:
        raise KeyFileError(
            f"{path} 是公钥文件（用于 govreport keys trust 加入受信任名单），不是密钥备份。"
            f"{_ASK_FOR[what]}"
        )
    return content


def _json_object(data: bytes, path: StrPath, what: str) -> dict[str, Any]:
    try:
        parsed = loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyFileError(f"{what} {path} 不是有效的 JSON 文件，无法使用。") from None
    if not isinstance(parsed, dict):
        raise KeyFileError(f"{what} {path} 的内容不是本程序的密钥格式。")
    return parsed


def _name(value: object, path: StrPath, what: str, invisible: bool = False) -> str:
    """The name a key file states. ``invisible`` (a file handed in): a character that is not seen
    or reorders what is (a direction override shows 涛沈 as 沈涛) is refused too, as in every
    typed field: the trusted list would show one name and hold another. The own key file was
    written by this program and is read as it was accepted then."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME:
        raise KeyFileError(f"{what} {path} 中的姓名缺失或过长（最多 {MAX_NAME} 字）。")
    if any(0xD800 <= ord(ch) < 0xE000 for ch in value):  # not text at all: say so
        raise KeyFileError(f"{what} {path} 中的姓名含有无效的字符，无法使用。")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise KeyFileError(f"{what} {path} 中的姓名含有控制字符，无法使用。")
    if invisible and not value.isprintable():  # what is left unprintable: Cf, Zl, Zp (and Zs)
        import unicodedata

        for ch in value:
            if unicodedata.category(ch) in ("Cf", "Zl", "Zp"):
                raise KeyFileError(
                    f"{what} {path} 中的姓名含有不可见的字符（U+{ord(ch):04X}），"
                    "显示出的名字会与实际的不同，无法使用。"
                )
    return value.strip()


def _pair_from(data: dict[str, Any], path: StrPath, what: str, invisible: bool = False) -> KeyPair:
    if data.get("format") != PAIR_FORMAT:
        raise KeyFileError(f"{what} {path} 不是本程序的密钥备份（格式应为 {PAIR_FORMAT}）。")
    private = from_b64(data.get("private"), KEY_SIZE)
    public = from_b64(data.get("public"), KEY_SIZE)
    if private is None or public is None:
        raise KeyFileError(
            f"{what} {path} 中的密钥长度不对（应为 {KEY_SIZE} 字节的 base64），无法使用。"
        )
    # The pair's public key is the one derived from the private key, a point of the large
    # subgroup: tested so, it need not be decoded (is_weak_key) as well.
    if can_forge(public):
        raise KeyFileError(f"{what} {path} 中的{WEAK_KEY}。")
    if ed25519.public_from_private(private) != public:
        raise KeyFileError(f"{what} {path} 中的私钥与公钥不配对，文件已损坏或被改动。")
    created = data.get("created", "")
    # Shown as 生成时间: a time, never the text of another JSON type ({'x': [1, 2]}).
    if not isinstance(created, str) or not created.isprintable():
        created = ""
    name = _name(data.get("name"), path, what, invisible)
    return KeyPair(name, private, public, created[:40])


# What to do when the own key file cannot be used, said with every reason it cannot (sign-off,
# `keys show`, the window's 我的签名密钥…): a backup restores over it (restore keeps the file).
OWN_KEY_WAY_OUT = (
    "如有密钥备份，请从备份恢复（govreport keys restore 备份文件，或窗口中 审核 → 我的签名密钥… → "
    "从备份恢复），原文件会改名保留；没有备份时，请把这个文件移到别处，下次签发会生成新的签名密钥"
    "（新的公钥需再交给接收单位）。"
)


def load_own_key() -> KeyPair | None:
    """This user's key pair, or None when none has been made yet; KeyFileError when unusable
    (its message ends with what to do: :data:`OWN_KEY_WAY_OUT`)."""
    path = _private_key_file()
    try:
        return _read_own_key(path)
    except KeyFileError as exc:
        raise KeyFileError(f"{exc.message}{OWN_KEY_WAY_OUT}", exc.unusable) from None


def _read_own_key(path: str) -> KeyPair | None:
    try:
        data = _read_capped(path, MAX_KEY_FILE, "签名密钥文件")
    except FileNotFoundError:
        if os.path.islink(path):  # a dangling link planted at the name
            raise KeyFileError(f"签名密钥文件 {path} 是一个链接，为安全起见不使用。") from None
        return None
    return _pair_from(_json_object(data, path, "签名密钥文件"), path, "签名密钥文件")


def _json_bytes(content: dict[str, Any]) -> bytes:
    """A key file's content as written: UTF-8 JSON, one item a line."""
    import json  # for writing alone: a check reads the keys and imports no json (issue 14)

    return json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8")


def _pair_json(pair: KeyPair) -> bytes:
    content = {
        "format": PAIR_FORMAT,
        "name": pair.name,
        "public": b64(pair.public),
        "private": b64(pair.private),
        "created": pair.created,
        "fingerprint": pair.fingerprint,
    }
    return _json_bytes(content)


def _create_private_file(path: Path, content: bytes) -> None:
    """Write a new private file: exclusive, never through a link, readable by its owner only."""
    from govreport_gui.core.atomic_file import PRIVATE_MODE

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    try:
        fd = os.open(path, flags, PRIVATE_MODE)
    except FileExistsError:
        raise
    except OSError as exc:
        raise KeyFileError(f"无法写入签名密钥文件 {path}：{_reason(exc)}", unusable=False) from exc
    try:
        if os.chmod in os.supports_fd:  # the umask may only narrow 0600; on Windows a no-op
            os.chmod(fd, PRIVATE_MODE)
        with open(fd, "wb", closefd=False) as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KeyFileError(
                f"无法写入签名密钥文件 {path}：{_reason(exc)}", unusable=False
            ) from exc
        raise
    os.close(fd)


def own_key_for_signing(name: str) -> KeyPair:
    """This user's key pair, made now (for ``name``) when there is none yet."""
    from govreport_gui.core.timefmt import now_iso

    found = load_own_key()
    if found is not None:
        return found
    _make_keys_dir()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pair = KeyPair(
        name.strip(),
        private.private_bytes_raw(),
        private.public_key().public_bytes_raw(),
        now_iso(),
    )
    path = private_key_path()
    try:
        _create_private_file(path, _pair_json(pair))
    except FileExistsError:
        # Another process made it a moment ago (or a link was planted): use what is there.
        found = load_own_key()
        if found is None:
            raise KeyFileError(f"签名密钥文件 {path} 无法建立，请重试。", unusable=False) from None
        return found
    return pair


def rename_own_key(name: str) -> tuple[KeyPair, str]:
    """Make this computer's key pair belong to ``name``: the name typed at the first sign-off,
    which made the key, may have been wrong (沈滔 for 沈涛), and a key signs under its name only.

    The same pair (fingerprint, creation time) under the new name; and the name it had, '' when
    it already had this one. The name is checked as every typed name is (KeyFileError, unusable:
    the command line's exit 2); no key yet, or one that cannot be used: KeyFileError. Renaming
    gives nobody more than they had: whoever can write this file can also make a new key under
    any name; what recipients trust is the key under the name they imported (:func:`trust`)."""
    new = " ".join(name.split())
    if not new:
        raise KeyFileError("新的姓名不能为空。")
    problem = settings.name_problem(new, "新的姓名")
    if problem is not None:
        raise KeyFileError(problem)
    pair = load_own_key()
    if pair is None:
        raise KeyFileError(
            "本机还没有签名密钥，无需改名：第一次签发时以签发人的姓名生成。", unusable=False
        )
    if pair.name == new:
        return pair, ""
    renamed = KeyPair(new, pair.private, pair.public, pair.created)
    _replace_own_key(renamed)
    return renamed, pair.name


def _replace_own_key(pair: KeyPair) -> None:
    """Write ``pair`` over the own key file (atomically, mode 0600, a link replaced, not followed)."""
    from govreport_gui.core.atomic_file import PRIVATE_MODE, atomic_replace

    target = private_key_path()
    try:
        with atomic_replace(target, PRIVATE_MODE) as tmp:
            tmp.write_bytes(_pair_json(pair))
    except OSError as exc:
        raise KeyFileError(
            f"无法写入签名密钥文件 {target}：{_reason(exc)}", unusable=False
        ) from exc


def after_rename(old: str, new: str, export_how: str = "", backup_how: str = "") -> str:
    """What a renamed key means for what was signed and for those who trust it (two lines);
    ``export_how`` / ``backup_how``: how to export and back up where this is said (‘（…）’)."""
    return (
        f"以{old}签发过的报表，签名仍然有效，但署名仍是{old}，在本机核对时显示“签名有效，"
        "但签名人不在受信任名单”；如需改正署名，请撤销签发后重新签发。\n"
        f"如已把公钥交给接收单位：对方名单中这把密钥仍属于{old}，以{new}签发的报表在对方会显示"
        f"“签名人不在受信任名单”，请重新导出公钥交给对方重新导入{export_how}。"
        f"以前的密钥备份中仍是{old}，请重新备份{backup_how}。"
    )


# -- the trusted list ------------------------------------------------------------------------------


def trusted_keys() -> list[TrustedKey]:
    path = _trusted_file()
    try:
        data = _read_capped(path, MAX_TRUSTED_FILE, "受信任名单")
    except FileNotFoundError:
        return []
    content = _json_object(data, path, "受信任名单")
    entries = content.get("keys")
    if not isinstance(entries, list):
        raise KeyFileError(f"受信任名单 {path} 已损坏（缺少 keys 列表），请删除后重新导入公钥。")
    found: list[TrustedKey] = []
    for entry in entries:
        key = from_b64(entry.get("key"), KEY_SIZE) if isinstance(entry, dict) else None
        # Each key was tested whole when its file was read (read_public_key_file); one put in by hand
        # that encodes no point can verify nothing.
        if key is None or can_forge(key) or not isinstance(entry.get("name"), str):
            raise KeyFileError(f"受信任名单 {path} 中有无法使用的条目，请删除后重新导入公钥。")
        found.append(TrustedKey(str(entry["name"]), key, str(entry.get("added", ""))))
    return found


def _save_trusted(entries: list[TrustedKey]) -> None:
    from govreport_gui.core.atomic_file import PRIVATE_MODE, atomic_replace

    folder = _make_keys_dir()
    content = {"keys": [{"name": e.name, "key": b64(e.key), "added": e.added} for e in entries]}
    path = folder / trusted_path().name
    if path.is_symlink():
        raise KeyFileError(f"受信任名单 {path} 是一个链接，为安全起见不写入。")
    try:
        with atomic_replace(path, PRIVATE_MODE) as tmp:
            tmp.write_bytes(_json_bytes(content))
    except OSError as exc:
        raise KeyFileError(f"无法写入受信任名单 {path}：{_reason(exc)}", unusable=False) from exc


def read_public_key_file(path: Path) -> TrustedKey:
    """The name and key of a ``.govreport-key`` file (hostile input: checked throughout)."""
    what = "公钥文件"
    try:
        data = _read_capped(path, MAX_KEY_FILE, what)
    except FileNotFoundError:
        raise KeyFileError(f"找不到{what}：{path}") from None
    content = _exchanged_object(data, path, what)
    if content.get("format") != PUBLIC_FORMAT:
        raise KeyFileError(f"{what} {path} 不是本程序导出的公钥（格式应为 {PUBLIC_FORMAT}）。")
    key = from_b64(content.get("key"), KEY_SIZE)
    if key is None:
        raise KeyFileError(
            f"{what} {path} 中的公钥长度不对（应为 {KEY_SIZE} 字节的 base64），无法使用。"
        )
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(key)
    except ValueError:
        raise KeyFileError(f"{what} {path} 中的公钥无效。") from None
    stated = content.get("fingerprint")
    if stated is not None and (
        not isinstance(stated, str)
        or _fingerprint_key(stated) != _fingerprint_key(key_fingerprint(key))
    ):
        raise KeyFileError(f"{what} {path} 写明的指纹与其中的公钥不符，文件已被改动。")
    name = _name(content.get("name"), path, what, invisible=True)
    if is_weak_key(key):
        raise KeyFileError(f"{what} {path} 中的{WEAK_KEY}。")
    return TrustedKey(name, key)


def trust(path: Path) -> TrustedKey:
    """Add the key of a public key file to the trusted list (again: the name is renewed)."""
    from govreport_gui.core.timefmt import now_iso

    found = read_public_key_file(path)
    entries = [e for e in trusted_keys() if e.key != found.key]
    entry = TrustedKey(found.name, found.key, now_iso())
    _save_trusted([*entries, entry])
    return entry


_HEX_DIGITS = frozenset("0123456789ABCDEF")


def typed_fingerprint(text: str) -> str:
    """A key's short fingerprint as typed (spaces and case do not matter), in its shown form
    (``3F2A 9C01 77BE 0D45``); KeyFileError (unusable input) when it is none."""
    wanted = _fingerprint_key(text)
    if len(wanted) != 16 or not _HEX_DIGITS.issuperset(wanted):
        shown = text if len(text) <= 40 else text[:40] + "……"
        raise KeyFileError(
            f"“{shown}”不是密钥指纹：指纹是 16 位十六进制数字（0–9、A–F），"
            "如 3F2A 9C01 77BE 0D45（空格和大小写不论）。"
        )
    return " ".join(wanted[i : i + 4] for i in range(0, 16, 4))


def untrust(fingerprint: str) -> list[TrustedKey]:
    """Remove the keys with this short fingerprint (spaces and case do not matter); those removed.
    KeyFileError when ``fingerprint`` is none (:func:`typed_fingerprint`)."""
    wanted = _fingerprint_key(typed_fingerprint(fingerprint))
    entries = trusted_keys()
    removed = [e for e in entries if _fingerprint_key(e.fingerprint) == wanted]
    if removed:
        _save_trusted([e for e in entries if e not in removed])
    return removed


def is_own_key(public: bytes) -> bool:
    try:
        own = load_own_key()
    except KeyFileError:
        return False
    return own is not None and own.public == public


# -- exchanged files -------------------------------------------------------------------------------


def _write_new(path: Path, content: bytes, mode: int, what: str) -> None:
    from govreport_gui.core.atomic_file import atomic_replace

    if path.exists() or path.is_symlink():
        raise KeyFileError(f"{path} 已存在，没有写入{what}（请换一个文件名）。", unusable=False)
    try:
        with atomic_replace(path, mode) as tmp:
            tmp.write_bytes(content)
    except OSError as exc:
        raise KeyFileError(f"无法写入{what} {path}：{_reason(exc)}", unusable=False) from exc


def export_public(path: Path) -> KeyPair:
    """Write this user's public key to ``path`` (for the receiving office); the pair exported."""
    pair = load_own_key()
    if pair is None:
        raise KeyFileError(
            "本机还没有签名密钥：第一次签发时自动生成，或用 govreport keys restore 恢复备份。",
            unusable=False,
        )
    content = {
        "format": PUBLIC_FORMAT,
        "name": pair.name,
        "key": b64(pair.public),
        "fingerprint": pair.fingerprint,
    }
    _write_new(path, _json_bytes(content), 0o666, "公钥文件")
    return pair


def backup(path: Path) -> KeyPair:
    """Write the key pair to ``path`` (mode 0600: it holds the private key)."""
    from govreport_gui.core.atomic_file import PRIVATE_MODE

    pair = load_own_key()
    if pair is None:
        raise KeyFileError("本机还没有签名密钥，无需备份（第一次签发时自动生成）。", unusable=False)
    _write_new(path, _pair_json(pair), PRIVATE_MODE, "密钥备份")
    return pair


def restore(path: Path, force: bool = False) -> KeyPair:
    """Make the key pair of a backup this user's key; an existing different key only with ``force``."""
    return restore_noting(path, force)[0]


def restore_noting(path: Path, force: bool = False) -> tuple[KeyPair, str]:
    """:func:`restore`, and what the user should know of it besides ('' or one sentence): an own
    key file that could not be used was kept under another name."""
    what = "密钥备份"
    try:
        data = _read_capped(path, MAX_KEY_FILE, what)
    except FileNotFoundError:
        raise KeyFileError(f"找不到{what}：{path}") from None
    pair = _pair_from(_exchanged_object(data, path, what), path, what, invisible=True)
    note = ""
    try:
        existing = load_own_key()
    except KeyFileError:
        # Damaged, not ours, a link: it signs nothing, so the backup takes its place (no
        # --force: there is no key to lose), and the file is kept, not deleted.
        existing, aside = None, _set_aside_unusable_key()
        note = f"原来的签名密钥文件无法使用，已改名保留为 {aside}。" if aside else ""
    if existing is not None and existing.public == pair.public:
        return pair, ""
    _make_keys_dir()
    target = private_key_path()
    if existing is None:
        try:
            _create_private_file(target, _pair_json(pair))
        except FileExistsError:
            raise KeyFileError(
                f"签名密钥文件 {target} 已在别处建立，请重试。", unusable=False
            ) from None
        return pair, note
    if not force:
        raise AnotherKeyError(
            f"本机已有另一把签名密钥（指纹 {existing.fingerprint}），没有覆盖。"
            "覆盖后用旧密钥签的报表仍可核对，但本机不再能以它签名；如确要覆盖，请加 --force。"
        )
    _replace_own_key(pair)
    return pair, ""


def _set_aside_unusable_key() -> Path | None:
    """Rename the own key file that cannot be used to ``signing-key.无法使用-YYYYMMDD-HHMMSS.json``
    beside it (a link is renamed itself, never followed); the new name (None: it was gone)."""
    import datetime as dt

    _make_keys_dir()
    target = private_key_path()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = target.with_name(f"signing-key.无法使用-{stamp}.json")
    n = 2
    while os.path.lexists(aside):
        aside = target.with_name(f"signing-key.无法使用-{stamp}-{n}.json")
        n += 1
    try:
        os.rename(target, aside)
    except FileNotFoundError:  # moved away meanwhile: nothing to keep
        return None
    except OSError as exc:
        raise KeyFileError(
            f"无法把不能使用的签名密钥文件 {target} 改名保留（{_reason(exc)}），没有恢复。",
            unusable=False,
        ) from exc
    return aside
