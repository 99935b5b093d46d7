"""Sign-off that cannot be forged (issue 13 §3): the reviewer's Ed25519 signature over the signed
content's part digests, its status on every signed draft, and the exports that carry it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.valuesfile import load_values_document
from govreport_gui.core.ops import review
from govreport_gui.core.store import keys
from govreport_gui.core.store.draft import Draft

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "nxjgsw-2018.json"


@pytest.fixture()
def draft(tmp_path: Path) -> Iterator[Draft]:
    """The clean example report, submitted for review."""
    doc = load_values_document(EXAMPLE)
    d = Draft.create(tmp_path / "report.nianbao", doc.form, "填报人", doc.fields, doc.values)
    review.submit(d)
    yield d
    d.close()


def stored_signoff(path: Path) -> dict[str, object]:
    con = sqlite3.connect(str(path))
    try:
        con.row_factory = sqlite3.Row
        row = con.execute("SELECT * FROM signoff WHERE active = 1").fetchone()
        return dict(row)
    finally:
        con.close()


def test_sign_off_signs_the_stored_content_with_the_reviewers_own_key(draft: Draft) -> None:
    assert keys.load_own_key() is None
    signoff = review.sign_off(draft, "沈涛")
    pair = keys.load_own_key()
    assert pair is not None and pair.name == "沈涛"  # made on the first sign-off
    row = stored_signoff(draft.path)
    assert row["content_version"] == signed_content.CONTENT_VERSION
    assert row["public_key"] == keys.b64(pair.public)
    assert row["fingerprint"] == review.content_fingerprint(draft)  # v1 kept for display
    digests = signed_content.parse_digests(row["digests"])
    assert digests == review.content_digests(draft)
    message = signed_content.message(
        signed_content.CONTENT_VERSION, draft.form.id, draft.form.fingerprint, digests,
        "沈涛", str(row["at"]),
    )
    signature = keys.from_b64(row["signature"], keys.SIGNATURE_SIZE)
    assert signature is not None and keys.verify(pair.public, signature, message)
    assert signoff.key_fingerprint == pair.fingerprint
    assert review.current_signoff(draft) == signoff


def test_an_unusable_key_file_refuses_sign_off_with_a_reason(draft: Draft) -> None:
    keys.keys_dir().mkdir(parents=True)
    keys.private_key_path().write_text("{broken", encoding="utf-8")
    with pytest.raises(review.ReviewRefused, match="签名密钥文件"):
        review.sign_off(draft, "沈涛")
    assert draft.status == "submitted"
