"""``govreport verify FILE.pdf --draft DRAFT``: an exported PDF is checked against the PDF its
draft's signed content makes (issue 15: the CI test's export must give a PDF that verify accepts)."""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest
from test_export import example, make_draft, read_data, signed_example

from govreport_gui.cli import main as cli
from govreport_gui.core.layout.export_pdf import render_pdf
from govreport_gui.core.layout.pdf_content import (
    MAX_CONTENT,
    ContentError,
    embedded_content,
    read_content,
)
from govreport_gui.core.ops import review
from govreport_gui.core.store.draft import Draft


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "内部错误" not in captured.err
    return code, captured.out, captured.err


@pytest.fixture()
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """(a signed draft, its PDF as ``govreport export`` writes it)."""
    draft = signed_example(tmp_path)
    pdf = tmp_path / "报表.pdf"
    assert run(capsys, "export", draft, "--pdf", pdf)[0] == 0
    return draft, pdf


def test_two_exports_of_a_signed_draft_are_byte_identical(tmp_path: Path) -> None:
    draft = signed_example(tmp_path)
    first = render_pdf(read_data(draft))
    assert render_pdf(read_data(draft)) == first
    with Draft.open(draft, "测试", readonly=True) as d:
        signed_at = review.current_signoff(d).at  # type: ignore[union-attr]
    stamp = re.sub(r"[-:T]", "", signed_at)[:14]
    assert f"/CreationDate (D:{stamp}".encode() in first  # dated by its sign-off


def test_the_exported_pdf_of_a_signed_draft_is_accepted(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    draft, pdf = exported
    code, out, _ = run(capsys, "verify", pdf, "--draft", draft)
    assert code == 0
    assert out.startswith("一致")
    assert "签名：签名有效" in out
    code, out, _ = run(capsys, "verify", pdf, "--draft", draft, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["status"] == "match" and shown["file"] == str(pdf)
    assert shown["signature"]["status"] == "VALID_TRUSTED"
    assert shown["draft_fingerprint"] == shown["printed"]


def test_one_changed_byte_of_page_content_is_found_on_its_page(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, pdf = exported
    content = pdf.read_bytes()
    kids = re.search(rb"/Kids \[ (\d+) 0 R", content)
    assert kids is not None
    first_page = re.search(rb"\n" + kids.group(1) + rb" 0 obj\n<<\n/Contents (\d+) 0 R", content)
    assert first_page is not None
    stream = content.index(b"stream\n", content.index(b"\n" + first_page.group(1) + b" 0 obj\n"))
    at = stream + len(b"stream\n") + 40
    changed = tmp_path / "改.pdf"
    changed.write_bytes(content[:at] + bytes([content[at] ^ 1]) + content[at + 1 :])
    code, out, _ = run(capsys, "verify", changed, "--draft", draft)
    assert code == 1 and out.startswith("不一致")
    assert "第 1 页" in out


def test_a_page_appended_by_an_incremental_update_is_a_mismatch(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, pdf = exported
    appended = tmp_path / "加页.pdf"
    appended.write_bytes(
        pdf.read_bytes() + b"\n99 0 obj\n<< /Type /Page >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
    )
    code, out, _ = run(capsys, "verify", appended, "--draft", draft)
    assert code == 1 and "追加" in out


def test_the_pdf_of_another_draft_is_a_mismatch(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, pdf = exported
    doc = example()
    values = dict(doc.values)
    values["fees"] = 999
    other = make_draft(tmp_path / "另一份.nianbao", doc.form, doc.fields, values)
    code, out, _ = run(capsys, "verify", pdf, "--draft", other)
    assert code == 1 and out.startswith("不一致")
    assert "另一份报表" in out


def test_a_draft_edited_after_the_export_no_longer_accepts_it(
    exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    draft, pdf = exported
    with Draft.open(draft, "沈涛") as d:
        review.reopen(d, "改正网络申请数")
        d.user = "填报人"
        d.apply({"received_online": 1})
    code, out, _ = run(capsys, "verify", pdf, "--draft", draft)
    assert code == 1 and out.startswith("不一致")


def test_a_pdf_of_a_legacy_sign_off_matches_but_does_not_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = signed_example(tmp_path)
    con = sqlite3.connect(draft)
    with con:
        con.execute(
            "UPDATE signoff SET content_version = NULL, digests = NULL, signature = NULL, "
            "public_key = NULL"
        )
    con.close()
    # As an export made before signatures drew it (legacy drafts are no longer exported).
    data = read_data(draft)
    pdf = tmp_path / "旧.pdf"
    pdf.write_bytes(render_pdf(dataclasses.replace(data, signature_status="")))
    code, out, _ = run(capsys, "verify", pdf, "--draft", draft)
    assert code == 1
    assert out.startswith("旧版签发（无数字签名）")
    code, out, _ = run(capsys, "verify", pdf, "--draft", draft, "--json")
    assert json.loads(out)["status"] == "legacy"


def test_a_file_that_is_not_a_pdf_cannot_be_checked(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, _ = exported
    fake = tmp_path / "假.pdf"
    fake.write_text("这不是 PDF", encoding="utf-8")
    code, _, err = run(capsys, "verify", fake, "--draft", draft)
    assert code == 2 and "不是 PDF 文件" in err
    code, _, err = run(capsys, "verify", fake)
    assert code == 2 and "不是 PDF 文件" in err


def test_a_pdf_without_signed_content_is_checked_only_against_its_draft(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, _ = exported
    pdf = tmp_path / "草稿.pdf"
    assert run(capsys, "export", draft, "--pdf", pdf, "--draft")[0] == 0
    code, _, err = run(capsys, "verify", pdf)
    assert code == 2 and "--draft" in err


# -- without the draft: the signed content the PDF carries --------------------------------------


def test_the_exported_pdf_alone_is_accepted(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, pdf = exported
    alone = tmp_path / "单独" / "报表.pdf"
    alone.parent.mkdir()
    alone.write_bytes(pdf.read_bytes())
    draft.unlink()
    code, out, _ = run(capsys, "verify", alone)
    assert code == 0 and out.startswith("一致")
    assert "签名：签名有效" in out
    code, out, _ = run(capsys, "verify", alone, "--json")
    assert json.loads(out)["status"] == "match"


def test_a_pdf_redrawn_with_other_figures_under_the_old_signature_is_refused(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft, _ = exported
    data = read_data(draft)
    values = dict(data.values)
    values["fees"] = 999
    forged = dataclasses.replace(data, values=values, fingerprint="")
    assert forged.signoff is not None
    forged = dataclasses.replace(
        forged, signoff=dataclasses.replace(forged.signoff, fingerprint=forged.fingerprint)
    )
    pdf = tmp_path / "伪造.pdf"
    pdf.write_bytes(render_pdf(forged))  # a consistent PDF, but not what was signed
    code, out, _ = run(capsys, "verify", pdf)
    assert code == 1 and out.startswith("不一致")
    assert "签名无效" in out


def test_a_changed_byte_is_found_without_the_draft_too(
    exported: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, pdf = exported
    content = pdf.read_bytes()
    at = content.index(b"stream\n") + len(b"stream\n") + 40
    changed = tmp_path / "改.pdf"
    changed.write_bytes(content[:at] + bytes([content[at] ^ 1]) + content[at + 1 :])
    code, out, _ = run(capsys, "verify", changed)
    assert code == 1 and out.startswith("不一致")


@pytest.mark.parametrize(
    "text",
    [
        b"not base64!",
        base64.b64encode(b"\xff\xfe"),
        base64.b64encode(b"[1, 2]"),
        base64.b64encode(b'{"form": "a", "form": "b"}'),
        base64.b64encode(b'{"form": NaN}'),
        base64.b64encode(b"[" * 100_000),
        b"A" * (MAX_CONTENT + 4),
    ],
)
def test_hostile_signed_content_is_one_sentence(text: bytes) -> None:
    with pytest.raises(ContentError) as caught:
        read_content(text)
    assert "PDF" in caught.value.message


def test_hostile_signed_content_of_the_right_shape_is_refused(tmp_path: Path) -> None:
    data = read_data(signed_example(tmp_path))
    good = json.loads(base64.b64decode(embedded_content(data)))
    for key, value in [("values", {"fees": "x"}), ("fields", {}), ("signoff", {"at": 1})]:
        bad = dict(good, **{key: {**good[key], **value} if key != "fields" else value})
        with pytest.raises(ContentError):
            read_content(base64.b64encode(json.dumps(bad).encode()))
    assert read_content(embedded_content(data).encode())[0].fingerprint == data.fingerprint
