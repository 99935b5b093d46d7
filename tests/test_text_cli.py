"""The report's text on the command line (issue 16): the seed report's text entered into a 2014
draft section by section (``set --section ID=@FILE``), shown, listed in the history, commented on
by paragraph, signed off (content v3) and its table-only exports verified."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cli_run import Run, run
from conftest import EXAMPLE_PATH, REPO_ROOT

from govreport_gui.core.ops.workbook_signature import TEXT_NOT_IN_FILE

SEED_TEXT = REPO_ROOT / "resources" / "examples" / "nxjgsw-2018-report.txt"
HEADINGS = {
    "一、概述": "summary",
    "二、信息公开情况": "disclosure",
    "三、存在的问题与不足": "shortcomings",
    "四、2019年工作思路": "next_year",
}


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_HOME", str(tmp_path / "home"))


_ = run  # the fixture of cli_run


def seed_sections() -> dict[str, str]:
    """The seed report's text split into the 2014 form's sections by its headings: the preface is
    what stands between the title (its first two lines) and 一、概述."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "自治区机关事务管理局" and lines[2] == "2018年政府信息公开工作年度报告"
    sections: dict[str, list[str]] = {"preface": []}
    current = "preface"
    for line in lines[3:]:
        if line.strip() in HEADINGS:
            current = HEADINGS[line.strip()]
            sections[current] = []
        else:
            sections[current].append(line)
    return {key: "\n".join(body).strip("\n") for key, body in sections.items()}


def _seed_draft(tmp_path: Path, run: Run) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "机关事务管理局2018.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2014", "--user", "董晓东")[0] == 0
    assert run("fill", path, "--values", EXAMPLE_PATH, "--user", "董晓东")[0] == 0
    sections = seed_sections()
    for section_id, text in sections.items():
        source = tmp_path / f"{section_id}.txt"
        source.write_text(text + "\n", encoding="utf-8")
        code, out, err = run(
            "set", path, "--section", f"{section_id}=@{source}", "--user", "董晓东"
        )
        assert code == 0, err
        assert out == "已保存 1 处修改。\n"
    return path, sections


def _mended_seed_draft(tmp_path: Path, run: Run) -> Path:
    """The seed draft with its sub-heading numbering mended: ready to submit (an unexplained
    warning of the text blocks submission like a rule's)."""
    path, _ = _seed_draft(tmp_path, run)
    code, _, err = run("fix-numbering", path, "--user", "董晓东")
    assert code == 0, err
    return path


def test_the_seed_numbering_blocks_submission_until_mended_in_one_command(
    tmp_path: Path, run: Run
) -> None:
    path, sections = _seed_draft(tmp_path, run)
    code, out, _ = run("check", path)
    slips = [line for line in out.splitlines() if line.startswith("警告\ttext.numbering@")]
    assert [line.rsplit("写成了", 1)[1] for line in slips] == [
        "“（2）”",
        "“（3）”",
        "“（5）”",
        "“（6）”",
        "“（7）”",
    ]
    assert "text.figure" not in out  # 370余条, 330条, 收到3份, 配备2名, 20余条 + 20余条
    shown = run.json("show", path)["check"]  # show counts and lists them as check does
    assert shown["warnings"] == 5
    assert [p["rule"] for p in shown["problems"]] == ["text.numbering@disclosure"] * 5
    assert (
        shown["problems"][0]["paragraph"] == 5 and shown["problems"][0]["section"] == "disclosure"
    )
    assert "校验：0 个错误，5 个警告" in run("show", path)[1]
    code, _, err = run("submit", path, "--user", "董晓东")
    assert code != 0 and "正文“二、信息公开情况”第5段：第2个小标题应为“（二）”" in err
    code, out, err = run("fix-numbering", path, "--user", "董晓东")
    assert code == 0, err
    assert out.startswith("二、信息公开情况：改了 5 段\n")
    mended = run.json("show", path)["sections"]["disclosure"].split("\n")
    heads = [p[:3] for p in mended if p.startswith("（")]
    assert heads == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）"]
    assert mended[1:4] == sections["disclosure"].split("\n")[1:4]  # the 1. 2. 3. list kept
    assert run("fix-numbering", path)[1] == "正文无需修改。\n"
    assert run("submit", path, "--user", "董晓东")[0] == 0


def test_a_text_warning_is_explained_from_the_command_line(tmp_path: Path, run: Run) -> None:
    path, _ = _seed_draft(tmp_path, run)
    code, out, err = run("explain", path, "text.numbering@disclosure", "按原文", "--user", "董晓东")
    assert code == 0, err
    code, out, _ = run("check", path)
    assert "警告·已说明\ttext.numbering@disclosure" in out and "（已说明 5 个）" in out
    code, _, err = run("explain", path, "text.figure.received@disclosure", "x")
    assert code == 1 and "正文中目前没有警告" in err
    assert run("submit", path, "--user", "董晓东")[0] == 0


def test_the_seed_text_round_trips_section_by_section(tmp_path: Path, run: Run) -> None:
    path, sections = _seed_draft(tmp_path, run)
    shown = run.json("show", path)
    assert shown["sections"] == {**sections, "attachment": ""}
    assert list(shown["sections"]) == [
        "preface",
        "summary",
        "disclosure",
        "shortcomings",
        "next_year",
        "attachment",
    ]
    assert shown["report"]["title"] == "自治区机关事务管理局2018年政府信息公开工作年度报告"
    assert [s["heading"] for s in shown["report"]["sections"]][-2:] == [
        "四、2019年工作思路",
        "附件：政府信息公开情况统计表",
    ]
    assert shown["report"]["date"] == "2019年2月14日"
    code, out, _ = run("show", path)
    assert code in (0, 1)
    assert "报告正文：自治区机关事务管理局2018年政府信息公开工作年度报告" in out
    assert "\n四、2019年工作思路  [next_year]\n" in out
    assert "  1.通过门户网站发布各类信息330条。" in out
    # The history lists each text change, shortened.
    code, out, _ = run("history", path, "--cell", "text:summary")
    assert code == 0
    (line,) = out.splitlines()
    assert "\t正文\ttext:summary\t（空） → 2018年，自治区机关事务管理局认真贯彻" in line
    assert re.search(r"…（共 \d+ 字）$", line)


def test_figures_in_the_text_show_the_tables_numbers(tmp_path: Path, run: Run) -> None:
    path, _ = _seed_draft(tmp_path, run)
    assert run("set", path, "--section", "summary=全年收到申请{{received}}份。")[0] == 0
    assert run.json("show", path)["sections"]["summary"] == "全年收到申请{{received}}份。"
    out = run("show", path)[1]
    assert "  全年收到申请3份。\n" in out
    assert run("set", path, "received=4")[0] == 0
    assert "  全年收到申请4份。\n" in run("show", path)[1]


def test_a_file_that_is_not_utf8_text_is_refused_in_chinese(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "a.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021", "--field", "year=2021")[0] == 0
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("一、总体情况".encode("gbk"))
    docx = tmp_path / "报告.txt"
    docx.write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    binary = tmp_path / "图.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for source, words in ((gbk, "不是 UTF-8"), (docx, "Word、WPS"), (binary, "二进制")):
        code, _, err = run("set", path, "--section", f"general=@{source}")
        assert code == 2 and words in err and "没有做任何修改" in err
    code, _, err = run("set", path, "--section", f"general=@{tmp_path / 'none.txt'}")
    assert code == 2 and "none.txt" in err
    code, _, err = run("set", path, "--section", "overview=文字", "--section", "general=x\x07")
    assert code == 2 and "没有章节“overview”" in err and "控制字符" in err
    assert run.json("show", path)["sections"]["general"] == ""
    # A 2021 draft starts with every section empty: nothing to publish by mistake.
    assert set(run.json("show", path)["sections"].values()) == {""}


def test_a_text_file_too_large_states_its_real_limit(tmp_path: Path, run: Run) -> None:
    """The limit is under 1 MB (MAX_TEXT characters of UTF-8): said in KB and characters, never
    “超过 0 MB”."""
    path = tmp_path / "a.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021", "--field", "year=2021")[0] == 0
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # 50 MB, sparse: nothing of it is read past the limit
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run("set", path, "--section", f"general=@{big}")
    assert code == 2 and "没有做任何修改" in err
    assert "0 MB" not in err
    assert "超过 781.3 KB" in err and "最多 200000 字" in err
    assert run.json("show", path)["sections"]["general"] == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and FIFOs as POSIX has them")
def test_a_text_file_is_read_only_when_it_is_a_plain_file(tmp_path: Path, run: Run) -> None:
    """``@FILE`` is read as every file from outside is: never through a symbolic link (a link in
    a folder handed in could put ~/.ssh/id_rsa or /etc/passwd into the report that goes out),
    never a FIFO (it would block) or a folder; each refused in Chinese, exit 2, nothing saved."""
    path = tmp_path / "a.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021", "--field", "year=2021")[0] == 0
    before = path.read_bytes()
    real = tmp_path / "正文.txt"
    real.write_text("总体情况。\n", encoding="utf-8")
    link = tmp_path / "链接.txt"
    link.symlink_to(real)
    dangling = tmp_path / "断开.txt"
    dangling.symlink_to(tmp_path / "nothing.txt")
    looped = tmp_path / "循环.txt"
    looped.symlink_to(looped)
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "文件夹.txt"
    folder.mkdir()
    for source, words in (
        (link, "符号链接"),
        (dangling, "符号链接"),
        (looped, "符号链接"),
        (fifo, "不是普通文件"),
        (folder, "文件夹"),
    ):
        code, out, err = run("set", path, "--section", f"general=@{source}")
        assert code == 2 and out == "", source
        assert "没有做任何修改" in err and words in err and source.name in err, err
        assert path.read_bytes() == before
    # The file the link names, written out, is read.
    assert run("set", path, "--section", f"general=@{real}")[0] == 0
    assert run.json("show", path)["sections"]["general"] == "总体情况。"


def test_describe_json_gives_the_sections(run: Run) -> None:
    data = run.json("describe", "gov-disclosure-2019")
    sections = data["sections"]
    assert [s["kind"] for s in sections] == [
        "text",
        "text",
        "table",
        "table",
        "table",
        "text",
        "text",
    ]
    assert sections[3] == {
        "id": "requests_handled",
        "heading": "三、收到和处理政府信息公开申请情况",
        "kind": "table",
        "tables": ["applications"],
        "guidance": [
            {
                "text": "（二）行政机关收到和处理政府信息公开申请的情况；",
                "source": "《中华人民共和国政府信息公开条例》第五十条第（二）项",
            }
        ],
    }


def test_a_reviewer_comments_on_a_paragraph(tmp_path: Path, run: Run) -> None:
    path = _mended_seed_draft(tmp_path, run)
    code, out, err = run(
        "comment",
        path,
        "--section",
        "disclosure",
        "--paragraph",
        "2",
        "请核对条数",
        "--user",
        "沈涛",
    )
    assert code == 0, err
    assert out == "已保存意见 #1（二、信息公开情况 第2段“1.通过门户网站发布各类…”）。\n"
    (comment,) = run.json("comments", path)
    assert comment["cell"] == "text:disclosure:2"
    listed = run("comments", path)[1]
    assert "二、信息公开情况 第2段“1.通过门户网站发布各类…”\t请核对条数" in listed
    code, _, err = run("comment", path, "--section", "disclosure", "--paragraph", "99", "x")
    assert code == 2 and "没有第 99 段" in err
    code, _, err = run("comment", path, "--section", "nowhere", "--paragraph", "1", "x")
    assert code == 2 and "没有章节“nowhere”" in err
    # An open comment on the text blocks sign-off like one on a cell.
    assert run("submit", path, "--user", "董晓东")[0] == 0
    code, _, err = run("signoff", path, "--reviewer", "沈涛", "--user", "沈涛")
    assert code != 0 and "#1" in err


def test_the_signed_text_and_its_table_only_exports(tmp_path: Path, run: Run) -> None:
    path = _mended_seed_draft(tmp_path, run)
    assert run("submit", path, "--user", "董晓东")[0] == 0
    code, _, err = run("signoff", path, "--reviewer", "沈涛", "--user", "沈涛")
    assert code == 0, err
    from govreport_gui.core.ops import review
    from govreport_gui.core.store.draft import Draft

    with Draft.open(path, "读者", readonly=True) as draft:
        signoff = review.current_signoff(draft)
        assert signoff is not None and signoff.content_version == "govreport-signed-v3"
    xlsx, pdf = tmp_path / "表.xlsx", tmp_path / "表.pdf"
    assert run("export", path, "--xlsx", xlsx, "--pdf", pdf)[0] == 0
    for exported in (xlsx, pdf):
        for extra in ((), ("--draft", path)):
            result = run.json("verify", exported, *extra)
            assert result["status"] == "match", result
            assert TEXT_NOT_IN_FILE in result["messages"]


def test_a_version_2_sign_off_and_its_exports_still_verify(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed and exported by the program before the text was signed (content v2)."""
    from govreport_gui.core.forms import signed_content

    path = tmp_path / "旧.nianbao"  # the figures only: that program had no text
    assert run("new", path, "--form", "gov-disclosure-2014", "--user", "董晓东")[0] == 0
    assert run("fill", path, "--values", EXAMPLE_PATH, "--user", "董晓东")[0] == 0
    monkeypatch.setattr(signed_content, "CONTENT_VERSION", signed_content.V2)
    assert run("submit", path, "--user", "董晓东")[0] == 0
    assert run("signoff", path, "--reviewer", "沈涛", "--user", "沈涛")[0] == 0
    xlsx, pdf = tmp_path / "旧.xlsx", tmp_path / "旧.pdf"
    assert run("export", path, "--xlsx", xlsx, "--pdf", pdf)[0] == 0
    monkeypatch.undo()
    code, out, _ = run("check", path)
    assert code == 0 and "签名有效" in out
    for exported in (xlsx, pdf):
        result = run.json("verify", exported, "--draft", path)
        assert result["status"] == "match", result
        assert TEXT_NOT_IN_FILE not in result["messages"]  # v2 never signed the text


def test_the_2014_sections_are_edited_on_the_command_line(tmp_path: Path, run: Run) -> None:
    path, _ = _seed_draft(tmp_path, run)
    code, out, _ = run("sections", path, "--add", "五、其他需要报告的事项", "--user", "董晓东")
    assert code == 0 and "新章节的标识：own_1" in out
    assert "\n5\town_1\t五、其他需要报告的事项\n6\tattachment\t" in out
    code, _, err = run("sections", path, "--remove", "shortcomings")
    assert code == 1 and "有正文" in err and "--yes" in err
    assert run("sections", path, "--remove", "shortcomings", "--yes")[0] == 0
    assert run("sections", path, "--rename", "own_1=四、其他事项")[0] == 0
    assert run("sections", path, "--rename", "next_year=五、{next}年工作打算")[0] == 0
    code, out, _ = run("sections", path, "--move", "own_1=3")
    assert code == 0
    assert [line.split("\t")[2] for line in out.splitlines()[1:]] == [
        "（开头部分）",
        "一、概述",
        "二、信息公开情况",
        "四、其他事项",
        "五、2019年工作打算",
        "附件：政府信息公开情况统计表",
    ]
    assert run("set", path, "--section", "own_1=无。")[0] == 0
    shown = run.json("show", path)
    assert "shortcomings" not in shown["sections"] and shown["sections"]["own_1"] == "无。"
    history = run("history", path, "--cell", "sections")[1]
    assert (
        "→ 开头部分｜一、概述｜二、信息公开情况｜四、其他事项｜五、{next}年工作打算｜附件"
        in history
    )
    # A form with the national sections keeps them.
    other = tmp_path / "2021.nianbao"
    assert run("new", other, "--form", "gov-disclosure-2021")[0] == 0
    code, _, err = run("sections", other, "--add", "七、附记")
    assert code == 2 and "统一规定" in err


def test_a_figure_naming_no_cell_is_refused_not_published(tmp_path: Path, run: Run) -> None:
    path = tmp_path / "r.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021")[0] == 0
    code, _, err = run("set", path, "--section", "general=共收到申请{{new.totl}}件。")
    assert code == 2 and "“{{new.totl}}”" in err and "本表没有的单元格" in err
    assert run.json("show", path)["sections"]["general"] == ""
    assert run("set", path, "--section", "general=共收到申请{{new.total}}件。")[0] == 0


def test_text_written_into_a_version_2_sign_off_breaks_it(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A v2 sign-off covers no text: text found in such a draft was written after the sign-off
    (by hand, into the file) and must not be exported as signed."""
    import sqlite3

    from govreport_gui.core.forms import signed_content

    path = tmp_path / "旧.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2014", "--user", "董晓东")[0] == 0
    assert run("fill", path, "--values", EXAMPLE_PATH, "--user", "董晓东")[0] == 0
    monkeypatch.setattr(signed_content, "CONTENT_VERSION", signed_content.V2)
    assert run("submit", path, "--user", "董晓东")[0] == 0
    assert run("signoff", path, "--reviewer", "沈涛", "--user", "沈涛")[0] == 0
    monkeypatch.undo()
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO section_text VALUES ('summary', '未经签发的正文')")
    con.close()
    code, out, _ = run("check", path)
    assert code == 1 and "签发后加入了报告正文" in out
    code, _, _ = run("export", path, "--html", tmp_path / "r.html")
    assert code != 0 and not (tmp_path / "r.html").exists()


def test_the_exported_word_report_reads_back_into_a_draft_whole(tmp_path: Path, run: Run) -> None:
    """Round trip: the seed draft exported as Word, then imported: the same sections, figures,
    unit, year and date (the 落款 before the 2014 附件 too), and nothing left unplaced."""
    path, sections = _seed_draft(tmp_path, run)
    word = tmp_path / "年报.docx"
    assert run("export", path, "--draft", "--docx", word)[0] == 0
    back = tmp_path / "读回.nianbao"
    code, out, err = run("import-report", word, back)
    assert code == 0, err
    assert "未能归入" not in out, out
    original, again = run.json("show", path), run.json("show", back)
    for section_id, text in sections.items():
        paragraphs = [p for p in text.split("\n") if p.strip()]
        assert again["sections"][section_id].split("\n") == paragraphs, section_id
    assert again["values"] == original["values"]
    for key in ("unit", "year", "date"):
        assert again["fields"][key] == original["fields"][key]


def test_check_compares_only_the_reports_own_years_figure(tmp_path: Path, run: Run) -> None:
    """Last year's figure quoted beside this year's (“2022年收到申请5件”) is no contradiction in a
    2023 report; the year's own, written with its year, is still checked."""
    path = tmp_path / "a.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021", "--field", "year=2023")[0] == 0
    text = "2022年共收到政府信息公开申请5件，2023年共收到政府信息公开申请11件。"
    assert run("set", path, "new.total=10", "--section", f"general={text}")[0] == 0
    out = run("check", path)[1]
    figures = [line for line in out.splitlines() if "text.figure" in line]
    assert len(figures) == 1, out
    assert "正文写‘收到政府信息公开申请11件’，表三本年新收申请总计为10" in figures[0]


def test_check_reads_figures_as_word_and_pdf_lay_them_out(tmp_path: Path, run: Run) -> None:
    """A figure set apart by spaces (Word), a sentence broken over lines (a PDF's text) and a
    total that includes last year's carried-over applications are each read as written."""
    path = tmp_path / "a.nianbao"
    assert run("new", path, "--form", "gov-disclosure-2021", "--field", "year=2023")[0] == 0
    source = tmp_path / "general.txt"
    text = (
        "本年度共收到政府信息公开申请\u300011\u3000件。\n"
        "全年共办结政府信息公开申\n请9件，行政复议 2 件。\n"
        "连同上年结转，共收到申请12件（含上年结转2件）。\n"
    )
    source.write_text(text, encoding="utf-8")
    cells = ["new.total=10", "carried_over.total=2", "total.total=10", "cases.review_total=2"]
    assert run("set", path, *cells, "--section", f"general=@{source}")[0] == 0
    out = run("check", path)[1]
    figures = [line for line in out.splitlines() if "text.figure" in line]
    assert len(figures) == 2, out
    assert "正文写‘收到政府信息公开申请\u300011\u3000件’，表三本年新收申请总计为10" in figures[0]
    assert "第3段" in figures[1]  # the line of its number
    assert "正文写‘办结政府信息公开申请9件’，表三办理结果总计为10" in figures[1]
