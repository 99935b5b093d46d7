"""The record a consolidated draft (汇总, issue 17) keeps of the reports it sums.

One row per report in the ``consolidated_from`` table (file format 7): the unit, the file's name,
who signed it off and when, the signing key's short fingerprint, the signed content's fingerprint
and the state of the signature as it was read. It is written once, with the new draft, and never
changed: it says where the draft's figures came from, next to the history line that names them.

The texts come from other people's files: they are cleaned before they are stored (control and
invisible characters replaced, lengths capped), and a row read back that the program could not
have written is a damaged or crafted file, refused untouched like any other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from govreport_gui.core.forms.record import Record
from govreport_gui.core.forms.values import control_character_problem
from govreport_gui.core.store.draft_errors import DraftOpenError
from govreport_gui.core.store.sqlite import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a `check` process)
if TYPE_CHECKING:
    from _typeshed import StrPath  # a path as text or Path: ``check`` imports no ``pathlib``

# The signature states a record may hold (SignatureStatus names, core/ops/signature.py): an
# invalid signature is never consolidated, so it never appears here. Only VALID_TRUSTED is summed
# by default: VALID_UNTRUSTED (a signer not on the trusted list: anyone can make a key), LEGACY
# and UNSIGNED only when the user includes unsigned reports.
SIGNATURE_STATES = ("VALID_TRUSTED", "VALID_UNTRUSTED", "LEGACY", "UNSIGNED")
SIGNATURE_LABELS = {
    "VALID_TRUSTED": "签名有效，签名人受信任",
    "VALID_UNTRUSTED": "签名有效，但签名人不在受信任名单",
    "LEGACY": "旧版签发（无数字签名）",
    "UNSIGNED": "未签发",
}
MAX_TEXT = 300  # a unit's name, a file name, a signer: longer is nothing a person reads
HISTORY_NAMED = 50  # units named in the history line; the rest are counted (a city has hundreds)
# The notes of the 汇总 kept with its history line (each names at most 50 reports): all of them
# fit; a crafted unit name of 300 characters in each of 50 makes the most, cut here.
MAX_NOTE = 40_000


class ConsolidatedSource(Record):
    """One report a consolidated draft includes."""

    unit: str
    file: str  # the file's name (not its folder: the record travels with the draft)
    signer: str = ""  # '' when not signed off
    signed_at: str = ""  # ISO time of the sign-off ('' when not signed off)
    key_fingerprint: str = ""  # the signing key's short fingerprint ('' without a signature)
    content_fingerprint: str = ""  # the signed content's fingerprint ('' unsigned)
    signature: str = "UNSIGNED"  # one of SIGNATURE_STATES

    @property
    def digitally_signed(self) -> bool:
        return self.signature in ("VALID_TRUSTED", "VALID_UNTRUSTED")

    @property
    def trusted(self) -> bool:
        """Signed by a signer on the trusted list: the only report summed without asking."""
        return self.signature == "VALID_TRUSTED"

    @property
    def signature_label(self) -> str:
        return SIGNATURE_LABELS.get(self.signature, self.signature)

    def as_json(self) -> dict[str, str | bool]:
        return {
            "unit": self.unit,
            "file": self.file,
            "signer": self.signer,
            "signed_at": self.signed_at,
            "key_fingerprint": self.key_fingerprint,
            "content_fingerprint": self.content_fingerprint,
            "signature": self.signature,
            "signature_text": self.signature_label,
            "digitally_signed": self.digitally_signed,
            "trusted": self.trusted,
        }


def clean_text(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` as it may be stored: control, invisible and non-UTF-8 characters as U+FFFD, at
    most ``limit`` characters."""
    kept = []
    for ch in text[:limit]:
        code = ord(ch)
        bad = code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
        if not bad and code > 0x9F:
            bad = unicodedata.category(ch) in ("Cf", "Zl", "Zp")
        kept.append("\ufffd" if bad else ch)
    return "".join(kept)


def history_text(sources: Sequence[ConsolidatedSource]) -> str:
    """The history line: ``汇总自 3 份报告：财政局、教育局、民政局``."""
    names = [s.unit for s in sources[:HISTORY_NAMED]]
    more = f"等（共 {len(sources)} 份）" if len(sources) > len(names) else ""
    return f"汇总自 {len(sources)} 份报告：{'、'.join(names)}{more}"


def write_sources(con: sqlite3.Connection, sources: Sequence[ConsolidatedSource]) -> None:
    """Inside the new draft's transaction: one row per report, in order."""
    con.executemany(
        "INSERT INTO consolidated_from (position, unit, file, signer, signed_at, key_fingerprint,"
        " content_fingerprint, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                n,
                clean_text(s.unit),
                clean_text(s.file),
                clean_text(s.signer),
                clean_text(s.signed_at),
                clean_text(s.key_fingerprint),
                clean_text(s.content_fingerprint),
                s.signature,
            )
            for n, s in enumerate(sources)
        ],
    )


def load_sources(con: sqlite3.Connection, path: StrPath) -> tuple[ConsolidatedSource, ...]:
    """The record as read from the file (the column types are checked on open already)."""
    rows = con.execute(
        "SELECT unit, file, signer, signed_at, key_fingerprint, content_fingerprint, signature"
        " FROM consolidated_from ORDER BY position"
    ).fetchall()
    sources = []
    for row in rows:
        texts = [str(t) for t in row]
        damaged = texts[6] not in SIGNATURE_STATES or any(
            len(t) > MAX_TEXT or control_character_problem(t, "", invisible=False) for t in texts
        )
        if damaged:
            raise DraftOpenError(
                f"草稿中的汇总来源记录不是本程序能写入的，文件可能被改动或已损坏：{path}\n"
                "文件未被修改。"
            )
        sources.append(ConsolidatedSource(*texts))
    return tuple(sources)
