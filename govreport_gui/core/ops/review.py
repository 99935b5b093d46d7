"""Review and sign-off: 填报中 → 待审核 → 已签发, with comments (意见) and explanations (说明).

A report moves through three states (:data:`~govreport_gui.core.store.draft.STATUS_NAMES`)::

    填报中 ──submit──▶ 待审核 ──sign_off──▶ 已签发
       ▲                 │                    │
       └──return_to_filler┘◀───────reopen──────┘   (reopen goes back to 填报中)

Submitting and signing off are refused while anything blocks (:func:`blockers`): an error, a blank
value cell, an empty required field, or a warning nobody has explained. A sign-off records who signed,
when, and the fingerprint (:mod:`~govreport_gui.core.forms.fingerprint`) of exactly the content signed;
a signed draft refuses every change of values and fields until it is reopened.

Roles: the 填报人 enters the figures, the 审核人 signs them off. Both are just names (the draft
knows no accounts), so the rules are about names, taken from the history: nobody signs off figures
they entered themselves (:func:`signoff_refusals`), nor returns or revokes the sign-off of a draft
whose figures they entered (:func:`return_refusals`, :func:`reopen_refusals`: both are the
审核人's), and a comment nobody answered blocks sign-off until it is answered, resolved or marked
不需答复 by someone other than the 填报人. The window and
the command line both call these functions: the rules live here only.

Every action here is one transaction (:meth:`Draft.transaction`) with its history row (the rows
themselves are read and written by :mod:`~govreport_gui.core.store.review_records`); memory
(``draft.meta``) follows only after the commit. Comments may be written in every state (they do not
change the content); explanations are part of what is signed and are refused once signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from govreport_gui.core.forms import signed_content
from govreport_gui.core.forms.engine import Checker, RuleResult
from govreport_gui.core.forms.fingerprint import fingerprint
from govreport_gui.core.forms.formdef import FormDef, Severity
from govreport_gui.core.forms.values import (
    Value,
    ValueInputError,
    control_character_problem,
    from_text,
)

# What reading a draft's review needs is in review_state (a check imports only that); its names
# stay importable from here, where the window and the command line take them.
from govreport_gui.core.ops.review_state import HISTORY_KINDS as HISTORY_KINDS
from govreport_gui.core.ops.review_state import STATUS_TARGET as STATUS_TARGET
from govreport_gui.core.ops.review_state import Explanation as Explanation
from govreport_gui.core.ops.review_state import SignOff as SignOff
from govreport_gui.core.ops.review_state import content_digests as content_digests
from govreport_gui.core.ops.review_state import content_fingerprint as content_fingerprint
from govreport_gui.core.ops.review_state import current_signoff as current_signoff
from govreport_gui.core.ops.review_state import explanations as explanations
from govreport_gui.core.ops.review_state import name_key as name_key
from govreport_gui.core.ops.review_state import status_history as status_history

# ``keys`` (and with it the cryptography package) is imported where a key is used: opening a
# draft reads its explanations through this module, and the window shows the draft before it
# checks a signature (gui/startup.py).
from govreport_gui.core.report.sections import (
    OwnSections,
    first_words,
    parse_paragraph_target,
    section_name,
)
from govreport_gui.core.store import review_records as records
from govreport_gui.core.store.draft import (
    FILLING,
    SECTIONS_TARGET,
    SIGNED,
    STATUS_NAMES,
    SUBMITTED,
    TEXT_TARGET,
    Draft,
    DraftError,
)
from govreport_gui.core.store.history import HistoryEntry
from govreport_gui.core.store.kinds import CONTENT_KINDS, DraftStatus, HistoryKind
from govreport_gui.core.store.sqlite import sqlite3

MAX_TEXT_LENGTH = 2000


@dataclass(frozen=True)
class Blocker:
    kind: str  # 'error' | 'blank' | 'field' | 'warning'
    target: str  # rule id, cell id or field key
    message: str  # Chinese, with the numbers for rule problems
    cell: str | None  # the cell to go to (None for fields)


@dataclass(frozen=True)
class Comment:
    id: int
    cell: str | None
    parent: int | None
    at: str
    who: str
    text: str
    resolved_at: str | None
    resolved_by: str | None
    no_reply_at: str | None = None  # marked 不需答复 (by whom, when): does not block sign-off
    no_reply_by: str | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def no_reply_needed(self) -> bool:
        return self.no_reply_at is not None


class ReviewRefused(DraftError):
    """A review action that cannot be done now; ``reasons`` lists every reason (Chinese)."""

    def __init__(
        self, reasons: list[str], blockers: list[Blocker] | None = None, headed: bool = False
    ) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = list(reasons)
        self.blockers = list(blockers or [])
        # The first reason is a head line ("不能签发：") and the rest are the reasons under it
        # (always so when there are blockers).
        self.headed = headed or bool(blockers)


_BLOCKER_TAGS = {"error": "错误", "blank": "未填", "field": "未填", "warning": "警告（未说明）"}


def reason_text(blocker: Blocker) -> str:
    """One line for a person: ``错误：收到申请数应等于…：收到申请数 4 ≠ … = 3``."""
    return f"{_BLOCKER_TAGS.get(blocker.kind, blocker.kind)}：{blocker.message}"


# -- reading -----------------------------------------------------------------------------------


def comments(draft: Draft, open_only: bool = False) -> list[Comment]:
    return [Comment(*row) for row in records.comments(draft, open_only)]


def history_target_name(
    form: FormDef, target: str, own: OwnSections | None = None, year: str = ""
) -> str:
    """What a history entry is about, in the form's words (not its ids); ``own`` and ``year``:
    the draft's own list of sections (the sections a user added) and its year (四、2019年…)."""
    if form.has_cell(target):
        return form.cell(target).label
    if target == STATUS_TARGET:
        return "报表状态"
    if target.startswith(TEXT_TARGET):  # a section's text (issue 16)
        return f"正文：{section_name(form, own, target.removeprefix(TEXT_TARGET), year)}"
    if target == SECTIONS_TARGET:
        return "正文章节"
    if target == "":
        return "整表"
    for f in form.fields:
        if f.key == target:
            return f.label
    for rule in form.rules:
        if rule.id == target:
            return f"说明：{rule.description}"
    return target


def history_note(entry: HistoryEntry) -> str:
    """The note of a history entry as a person reads it (a comment's "#3 回复 #1" says 意见)."""
    if entry.kind == HistoryKind.COMMENT and entry.note.startswith("#"):
        return f"意见 {entry.note}"
    if entry.kind == HistoryKind.EXPLAIN and entry.note:
        return f"针对：{entry.note}"
    return entry.note


def _checker(draft: Draft, checker: Checker | None) -> Checker:
    """The given checker if it checks exactly the draft's values (and last year's), else a new one."""
    if checker is not None and checker.form is draft.form and _same_values(draft, checker):
        return checker
    return Checker(draft.form, draft.values, draft.previous)


def _same_values(draft: Draft, checker: Checker) -> bool:
    for cell in draft.form.cells:
        value = draft.values.get(cell.id)
        if (None if value == "" else value) != checker.values[cell.index]:
            return False
    previous: list[object] | None = None
    if draft.previous is not None:
        previous = [None] * len(draft.form.cells)
        for cell_id, value in draft.previous.items():
            if draft.form.has_cell(cell_id) and not isinstance(value, str):
                previous[draft.form.cell(cell_id).index] = value
    return previous == checker.previous


def blockers(draft: Draft, checker: Checker | None = None) -> list[Blocker]:
    """Everything that stops submitting or signing off, all at once.

    Errors first, then blank value cells, empty required fields and warnings without a 说明; each
    group in form order.
    """
    checker = _checker(draft, checker)
    form = draft.form
    problems = checker.problems()
    explained = explanations(draft)
    result: list[Blocker] = [
        Blocker("error", p.id, p.message, _anchor(checker, p))
        for p in problems
        if p.severity is Severity.ERROR
    ]
    for cell_id in checker.blank_cells():
        label = form.cell(cell_id).label
        result.append(
            Blocker("blank", cell_id, f"“{label}”尚未填写（空白不等于 0，没有发生请填 0）", cell_id)
        )
    for field in form.fields:
        if field.required and not draft.fields.get(field.key, "").strip():
            result.append(Blocker("field", field.key, f"“{field.label}”尚未填写", None))
    for p in problems:
        if p.severity is Severity.ERROR:
            continue
        explanation = explained.get(p.id)
        if explanation is not None and explanation.covers(p):
            continue
        if explanation is not None and explanation.text.strip():
            why = f"{p.message}（已有说明“{explanation.text}”，但数字已改变，请核实后重新填写说明）"
        else:
            why = f"{p.message}（请核实；如数字无误，请填写说明）"
        result.append(Blocker("warning", p.id, why, _anchor(checker, p)))
    result.extend(_text_blockers(draft, explained))
    return result


def _text_blockers(draft: Draft, explained: Mapping[str, Explanation]) -> list[Blocker]:
    """The report text's warnings without a 说明 (issue 16), anchored at their paragraph."""
    from govreport_gui.core.ops.text_problems import draft_text_problems, where

    result: list[Blocker] = []
    for p in draft_text_problems(draft):
        explanation = explained.get(p.id)
        if explanation is not None and explanation.covers(p):
            continue
        why = f"{where(draft.form, p)}：{p.message}（请核实；如无误，请填写说明）"
        result.append(Blocker("warning", p.id, why, f"text:{p.section}:{p.paragraph + 1}"))
    return result


def _anchor(checker: Checker, result: RuleResult) -> str | None:
    if result.cells:
        return checker.form.cells[result.anchor].id
    return None


# -- roles -------------------------------------------------------------------------------------

# History kinds that put figures or header/footer text into the draft: whoever wrote one of these
# is a 填报人 of this report (``create`` rows only name the file; its initial values are 'cell').
FIGURE_KINDS = CONTENT_KINDS


def figure_author(draft: Draft, name: str) -> tuple[str, int] | None:
    """The 填报人 of this draft that ``name`` names (as the history spells it, and their number
    of changes), or None: the same-person test of sign-off, tolerant of spacing."""
    key = name_key(name)
    same = [(a, n) for a, n in figure_authors(draft).items() if key and name_key(a) == key]
    if not same:
        return None
    return same[0][0], sum(n for _, n in same)  # "张三" and "张 三" in the history: one person


def figure_authors(draft: Draft) -> dict[str, int]:
    """Who entered figures or fields, and how many changes each made (from the history)."""
    rows = records.changes_by_author(draft, FIGURE_KINDS)
    return {str(who).strip(): int(n) for who, n in rows}


def _thread_roots(everything: list[Comment]) -> dict[int, int]:
    """Each comment's thread: the id of the thread's first message, by comment id.

    A reply may answer a reply (``comment --reply-to 2`` under the reviewer's follow-up #2): it
    is in #2's thread. Ids grow, so a parent comes before its replies; a row whose parent is
    missing, itself or a later one (a crafted file) belongs to no thread.
    """
    roots: dict[int, int] = {}
    for c in sorted(everything, key=lambda c: c.id):
        if c.parent is None:
            roots[c.id] = c.id
        elif c.parent in roots and c.parent < c.id:
            roots[c.id] = roots[c.parent]
    return roots


def threads(draft: Draft) -> list[tuple[Comment, list[Comment]]]:
    """Every thread: its first comment and all the replies under it (replies to replies too),
    oldest first, as the window lists them."""
    everything = comments(draft)
    roots = _thread_roots(everything)
    replies: dict[int, list[Comment]] = {c.id: [] for c in everything if c.parent is None}
    for c in everything:
        if c.parent is not None and c.id in roots:
            replies[roots[c.id]].append(c)
    return [(c, replies[c.id]) for c in everything if c.parent is None]


def unanswered_comments(draft: Draft) -> list[Comment]:
    """Open comments that nobody answered: they block sign-off.

    A comment (a thread's first message) counts as answered once someone other than its writer
    replied anywhere in its thread; it stops counting when it is resolved or marked 不需答复.
    """
    return [
        first
        for first, replies in threads(draft)
        if not first.resolved
        and not first.no_reply_needed
        and all(name_key(r.who) == name_key(first.who) for r in replies)
    ]


def _where(draft: Draft, comment: Comment) -> str:
    if comment.cell and draft.form.has_cell(comment.cell):
        return f"“{draft.form.cell(comment.cell).label}”"
    return "整表"


def signoff_refusals(draft: Draft, reviewer: str) -> list[str]:
    """Why ``reviewer`` may not sign this draft off now, apart from the figures' blockers.

    * The 审核人 must not be one of the 填报人: signing off one's own figures is no review. The
      history knows who entered every figure; a name among them is refused. Neither may a 填报人
      sign it off under another name: the one acting (``draft.user``, whom the history records
      for the sign-off) is checked as well as the name written as the 签发人.
    * Every comment must be answered, resolved or marked 不需答复: a question the reviewer asked
      must not be forgotten at sign-off.
    * A key signs for one person: this computer's key was made for (or restored as) one name, and
      signing as another would put that person's name under someone else's signature.
    """
    # Imported here: opening a draft reads this module, and the keys bring in cryptography.
    from govreport_gui.core.store import keys

    name = reviewer.strip()
    reasons: list[str] = []
    try:
        own = keys.load_own_key()
    except keys.KeyFileError:
        own = None  # sign_off says what is wrong with the key file
    if own is not None and name and name_key(own.name) != name_key(name):
        reasons.append(
            f"本机的签名密钥属于{own.name}，不能以{name}的名义签发：一把密钥只为一个人签名，"
            f"请由{name}在自己的电脑上签发（或在本机恢复{name}的密钥备份）。"
            f"如果本机密钥的姓名是第一次签发时写错的，可以改正：govreport keys rename {name}"
            "（窗口中：审核 → 我的签名密钥… → 更改姓名…）。"
        )
    author = figure_author(draft, name)
    if author is not None:
        reasons.append(
            f"签发人不能是填报人：{author[0]}录入了本表的数字或表头表尾（{author[1]} 处修改），"
            "请由另一位审核人签发。"
        )
    reasons.extend(_acting_filler(draft, name))
    for c in unanswered_comments(draft):
        reasons.append(
            f"意见 #{c.id}（{_where(draft, c)}，{c.who}）尚未答复：{_short_text(c.text)}"
            "——请填报人回复，或由审核人标为已解决或“不需答复”。"
        )
    return reasons


def _acting_filler(draft: Draft, reviewer: str) -> list[str]:
    """The one who acts is the one who signs: a 填报人 who opened the draft (``draft.user``, the
    command line's --user) may not sign it off by writing another name as the 签发人."""
    acting = draft.user.strip()
    if not reviewer or name_key(acting) == name_key(reviewer):
        return []  # the same person: the reviewer's own check says it
    author = figure_author(draft, acting)
    if author is None:
        return []
    return [
        f"签发人不能是填报人：{_acting_author(author)}，"
        f"不能以{reviewer}的名义签发，请由{reviewer}本人签发。"
    ]


def return_refusals(draft: Draft) -> list[str]:
    """Why the one acting (``draft.user``: the window's 审核人 in 审核模式, the command line's
    --user) may not 退回 this draft: 退回 is the 审核人's. A 填报人 "returning" his own submission
    as reviewer would pass for a review; there is no 撤回 of one's own, the 审核人 returns it."""
    author = figure_author(draft, draft.user)
    if author is None:
        return []
    return [
        f"填报人不能退回：{_acting_author(author)}。"
        "退回是审核人的事：如需收回已提交的报表再修改，请审核人退回。"
    ]


def reopen_refusals(draft: Draft) -> list[str]:
    """Why the one acting may not 撤销签发: it is the 审核人's (the signer, or another reviewer
    who entered nothing). A 填报人 who could revoke the sign-off could change the figures and
    submit them again, and the sign-off would have meant nothing."""
    author = figure_author(draft, draft.user)
    if author is None:
        return []
    active = current_signoff(draft)
    # The signer is named only when he may revoke it (not in a draft he entered figures of).
    signer = active.reviewer if active and figure_author(draft, active.reviewer) is None else ""
    who = f"签发人{signer}或另一位审核人" if signer else "审核人"
    return [
        f"填报人不能撤销签发：{_acting_author(author)}。"
        f"撤销签发是审核人的事：如需修改已签发的报表，请{who}撤销签发。"
    ]


def _acting_author(author: tuple[str, int]) -> str:
    return f"正在操作的{author[0]}录入了本表的数字或表头表尾（{author[1]} 处修改）"


def _short_text(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _refuse_if_filler(draft: Draft, comment: Comment, action: str) -> None:
    """A 填报人 may not dismiss somebody else's comment: answering it is their part."""
    who = draft.user.strip()
    if name_key(who) != name_key(comment.who) and figure_author(draft, who) is not None:
        raise ReviewRefused(
            [
                f"填报人不能把审核意见{action}：{who}录入了本表的数字。"
                "请回复意见，由审核人（在审核模式中）处理。"
            ]
        )


# -- status changes ----------------------------------------------------------------------------


def _require_status(draft: Draft, wanted: DraftStatus, action: str) -> None:
    if draft.status != wanted:
        raise ReviewRefused(
            [f"只有“{STATUS_NAMES[wanted]}”的报表才能{action}，此报表当前为“{draft.status_name}”。"]
        )


def _require_reason(reason: str, what: str) -> str:
    text = reason.strip()
    if not text:
        raise ReviewRefused([f"请填写{what}。"])
    if len(text) > MAX_TEXT_LENGTH:
        raise ReviewRefused([f"{what}太长（最多 {MAX_TEXT_LENGTH} 字）。"])
    problem = control_character_problem(text, what, paragraphs=True)
    if problem is not None:
        raise ReviewRefused([problem])
    return text


def _refuse_all(reasons: list[str]) -> None:
    if reasons:
        raise ReviewRefused(reasons)


def _refuse_blockers(found: list[Blocker], action: str) -> None:
    if found:
        head = f"不能{action}：还有 {len(found)} 个问题需要处理。"
        raise ReviewRefused([head, *(reason_text(b) for b in found)], found)


def _change_status(
    draft: Draft,
    new: DraftStatus,
    kind: HistoryKind,
    old_text: str | None,
    new_text: str | None,
    note: str,
) -> None:
    """One transaction: the status in meta, and its history row. Memory follows after the commit."""
    expected = draft.status
    with draft.transaction() as (con, batch, at):
        if records.stored_status(con) != expected:
            raise ReviewRefused(["草稿的状态已在别处改变，请关闭后重新打开。"])
        draft.set_meta(con, "status", new)
        draft.log(con, batch, at, kind, STATUS_TARGET, old_text, new_text, note)
    draft.meta["status"] = new


def submit(draft: Draft, checker: Checker | None = None) -> None:
    """填报中 → 待审核. Refused (:class:`ReviewRefused`) while anything blocks."""
    draft.check_writable(values_change=False)
    _require_status(draft, FILLING, "提交审核")
    _refuse_blockers(blockers(draft, checker), "提交审核")
    _change_status(
        draft, SUBMITTED, HistoryKind.STATUS, STATUS_NAMES[FILLING], STATUS_NAMES[SUBMITTED], ""
    )


def return_to_filler(draft: Draft, reason: str) -> None:
    """待审核 → 填报中, with the reason (required)."""
    draft.check_writable(values_change=False)
    text = _require_reason(reason, "退回原因")
    _require_status(draft, SUBMITTED, "退回修改")
    _refuse_all(return_refusals(draft))
    _change_status(
        draft, FILLING, HistoryKind.STATUS, STATUS_NAMES[SUBMITTED], STATUS_NAMES[FILLING], text
    )


def sign_off(draft: Draft, reviewer: str, checker: Checker | None = None) -> SignOff:
    """待审核 → 已签发: records the reviewer, the time and the fingerprint of the content signed."""
    draft.check_writable(values_change=False)
    name = reviewer.strip()
    if not name:
        raise ReviewRefused(["请填写签发人姓名。"])
    if "\n" in name or "\r" in name or len(name) > 100:
        raise ReviewRefused(["签发人姓名不能分行，且最多 100 字。"])
    _require_status(draft, SUBMITTED, "签发")
    refusals = signoff_refusals(draft, name)
    # Listed with the other refusals (a filler's name with a tab in it is still the filler's).
    problem = control_character_problem(name, "签发人姓名")
    if problem is not None:
        refusals.append(problem)
    found = blockers(draft, checker)
    if refusals:
        raise ReviewRefused(
            ["不能签发：", *refusals, *(reason_text(b) for b in found)], found, headed=True
        )
    _refuse_blockers(found, "签发")
    fp = content_fingerprint(draft)
    from govreport_gui.core.store import keys

    try:
        # The reviewer's own key, made on their first sign-off (in their user data folder).
        pair = keys.own_key_for_signing(name)
    except keys.KeyFileError as exc:
        raise ReviewRefused(["不能签发：", exc.message], headed=True) from exc
    with draft.transaction() as (con, batch, at):
        if records.stored_status(con) != SUBMITTED:
            raise ReviewRefused(["草稿的状态已在别处改变，请关闭后重新打开。"])
        # What is signed is what is in the file: the fingerprint of the stored content must be the
        # fingerprint of what was checked above.
        if _stored_fingerprint(draft, con) != fp:
            raise ReviewRefused(
                ["草稿文件中的内容与正在审核的内容不一致（可能在别处被修改），请关闭后重新打开。"]
            )
        # The digital signature covers the digests of exactly what is stored (checked above).
        version = signed_content.CONTENT_VERSION
        digests = stored_digests(draft, con, version)
        message = signed_content.message(
            version, draft.form.id, draft.form.fingerprint, digests, name, at
        )
        signed = (
            version,
            signed_content.digests_json(digests),
            keys.b64(pair.sign(message)),
            keys.b64(pair.public),
        )
        records.deactivate_signoffs(con)
        records.insert_signoff(con, name, at, fp, signed)
        draft.set_meta(con, "status", SIGNED)
        draft.log(
            con,
            batch,
            at,
            HistoryKind.SIGNOFF,
            STATUS_TARGET,
            STATUS_NAMES[SUBMITTED],
            fp,
            f"签发人：{name}",
        )
        signoff = SignOff(name, at, fp, *signed)
    draft.meta["status"] = SIGNED
    return signoff


def _stored_values(
    draft: Draft, con: sqlite3.Connection
) -> tuple[dict[str, Value | None], dict[str, str]] | None:
    """The values and fields as stored in the file (None: a stored value cannot be read)."""
    form = draft.form
    values: dict[str, Value | None] = {}
    cells, fields = records.stored_content(con)
    for cell_id, text in cells:
        if form.has_cell(cell_id):
            try:
                values[cell_id] = from_text(form.cell(cell_id).kind, text)
            except (ValueInputError, ValueError):
                return None
    return values, {str(k): str(v) for k, v in fields.items()}


def _stored_fingerprint(draft: Draft, con: sqlite3.Connection) -> str:
    stored = _stored_values(draft, con)
    if stored is None:
        return ""
    values, fields = stored
    return fingerprint(draft.form, fields, values)


def stored_digests(
    draft: Draft, con: sqlite3.Connection, version: str = signed_content.CONTENT_VERSION
) -> dict[str, str]:
    """The signed content's part digests of what is stored in the file (in a transaction)."""
    stored = _stored_values(draft, con)
    values, fields = stored if stored is not None else ({}, {})
    notes = signed_content.explanation_items(records.stored_explanations(con))
    own, texts = records.stored_sections(con)
    from govreport_gui.core.report.sections import signed_items

    sections = signed_items(draft.form, own or None, texts)
    return signed_content.part_digests(draft.form, fields, values, notes, version, sections)


def reopen(draft: Draft, reason: str) -> None:
    """已签发 → 填报中, with the reason (required); the sign-off is kept in history, no longer active."""
    draft.check_writable(values_change=False)
    text = _require_reason(reason, "撤销签发的原因")
    _require_status(draft, SIGNED, "撤销签发")
    _refuse_all(reopen_refusals(draft))
    active = current_signoff(draft)
    expected = draft.status
    with draft.transaction() as (con, batch, at):
        if records.stored_status(con) != expected:
            raise ReviewRefused(["草稿的状态已在别处改变，请关闭后重新打开。"])
        records.deactivate_signoffs(con)
        draft.set_meta(con, "status", FILLING)
        draft.log(
            con,
            batch,
            at,
            HistoryKind.REOPEN,
            STATUS_TARGET,
            active.fingerprint if active else None,
            STATUS_NAMES[FILLING],
            text,
        )
    draft.meta["status"] = FILLING


# -- explanations ------------------------------------------------------------------------------


def explain(draft: Draft, rule_id: str, text: str, checker: Checker | None = None) -> None:
    """Accept a warning with a 说明 (``''`` removes it). Only warnings can be explained.

    The explanation is tied to the warning's numbers as they are now (see
    :meth:`Explanation.covers`); explaining again after a figure changed renews it.
    """
    from govreport_gui.core.ops import text_problems

    text_rule = text_problems.is_text_rule(rule_id)
    rule = next((r for r in draft.form.rules if r.id == rule_id), None)
    if rule is None and not text_rule:
        raise ValueError(f"表单 {draft.form.id} 没有校验规则“{rule_id}”。")
    if rule is not None and rule.severity is Severity.ERROR:
        raise ValueError(f"“{rule_id}”是错误，不是警告：错误必须改正，不能用说明放行。")
    draft.check_writable()  # explanations are part of what is signed: locked once signed
    new = text.strip()
    if len(new) > MAX_TEXT_LENGTH:
        raise ValueError(f"说明太长（最多 {MAX_TEXT_LENGTH} 字）。")
    problem = control_character_problem(new, "说明", paragraphs=True)
    if problem is not None:
        raise ValueError(problem)
    if text_rule:
        found = text_problems.explained_numbers(text_problems.draft_text_problems(draft), rule_id)
        if found is None and new:
            raise ValueError(f"正文中目前没有警告“{rule_id}”，无需说明。")
        numbers = found or ""
    else:
        current = _checker(draft, checker).result(rule_id)
        numbers = current.text if current.failed else ""
    old = explanations(draft).get(rule_id)
    old_text = old.text if old else ""
    if new == old_text and (not new or (old is not None and old.numbers == numbers)):
        return
    with draft.transaction() as (con, batch, at):
        if new:
            records.set_explanation(con, rule_id, new, at, draft.user, numbers)
        else:
            records.delete_explanation(con, rule_id)
        draft.log(con, batch, at, HistoryKind.EXPLAIN, rule_id, old_text, new, numbers)


# -- comments ----------------------------------------------------------------------------------


def add_comment(draft: Draft, text: str, cell: str | None = None, parent: int | None = None) -> int:
    """A comment on a cell (or on the whole form when ``cell`` is None), or a reply; its id.

    Allowed in every status, also when signed. A reply without a cell is on its parent's cell.
    """
    draft.check_writable(values_change=False)
    body = text.strip()
    if not body:
        raise ValueError("意见不能为空。")
    if len(body) > MAX_TEXT_LENGTH:
        raise ValueError(f"意见太长（最多 {MAX_TEXT_LENGTH} 字）。")
    problem = control_character_problem(body, "意见", paragraphs=True)
    if problem is not None:
        raise ValueError(problem)
    if cell is not None and parse_paragraph_target(cell) is not None:
        problem = _paragraph_problem(draft, cell)
        if problem:
            raise ValueError(problem)
    elif cell is not None and not draft.form.has_cell(cell):
        raise ValueError(f"表单 {draft.form.id} 没有单元格“{cell}”。")
    if parent is not None:
        exists, parent_cell = records.comment_cell(draft, parent)
        if not exists:
            raise ValueError(f"没有编号为 {parent} 的意见，无法回复。")
        if cell is None:
            cell = parent_cell
    with draft.transaction() as (con, batch, at):
        comment_id = records.insert_comment(con, cell, parent, at, draft.user, body)
        note = f"#{comment_id}" + (f" 回复 #{parent}" if parent is not None else "")
        draft.log(con, batch, at, HistoryKind.COMMENT, cell or "", None, body, note)
    return comment_id


def _paragraph_problem(draft: Draft, target: str) -> str | None:
    """Why a comment cannot be on this paragraph (no such section, or no such paragraph now)."""
    from govreport_gui.core.ops.report_text import report_text

    parsed = parse_paragraph_target(target)
    assert parsed is not None
    section_id, number = parsed
    found = [s for s in report_text(draft).sections if s.id == section_id]
    if not found:
        return f"此草稿没有章节“{section_id}”（章节见 govreport show --json 的 report.sections）。"
    paragraphs = found[0].paragraphs
    name = found[0].heading or "开头部分"
    if not 1 <= number <= len(paragraphs):
        return f"“{name}”没有第 {number} 段（现有 {len(paragraphs)} 段）。"
    return None


def comment_place(draft: Draft, target: str | None) -> str:
    """What a comment is on, as a person reads it: a cell's label, a paragraph by its section and
    first words (一、概述 第2段“2018年，自治区机关…”), or 整表."""
    if not target:
        return "整表"
    parsed = parse_paragraph_target(target)
    if parsed is None:
        return draft.form.cell(target).label if draft.form.has_cell(target) else target
    from govreport_gui.core.ops.report_text import report_text

    section_id, number = parsed
    for section in report_text(draft).sections:
        if section.id == section_id:
            name = section.heading or "开头部分"
            paragraphs = section.paragraphs
            if 1 <= number <= len(paragraphs):
                return f"{name} 第{number}段“{first_words(paragraphs[number - 1])}”"
            return f"{name} 第{number}段（该段已不存在）"
    return f"章节 {section_id} 第{number}段（该章节已不存在）"


def resolve_comment(draft: Draft, comment_id: int) -> None:
    """Mark a comment, and the replies under it, as resolved (allowed in every status)."""
    draft.check_writable(values_change=False)
    everything = {c.id: c for c in comments(draft)}
    if comment_id not in everything:
        raise ValueError(f"没有编号为 {comment_id} 的意见。")
    thread = [comment_id]
    for c in everything.values():  # ids grow, so a reply comes after its parent
        if c.parent in thread and c.id not in thread:
            thread.append(c.id)
    todo = [i for i in thread if everything[i].resolved_at is None]
    if not todo:
        return
    _refuse_if_filler(draft, everything[comment_id], "标为已解决")
    with draft.transaction() as (con, batch, at):
        for i in todo:
            records.mark_resolved(con, i, at, draft.user)
            c = everything[i]
            draft.log(con, batch, at, HistoryKind.COMMENT, c.cell or "", c.text, "已解决", f"#{i}")


def mark_no_reply_needed(draft: Draft, comment_id: int) -> None:
    """Mark a comment 不需答复 (who and when are recorded): it no longer blocks sign-off.

    For the reviewer: a 填报人 may not wave through somebody else's question.
    """
    draft.check_writable(values_change=False)
    found = next((c for c in comments(draft) if c.id == comment_id), None)
    if found is None:
        raise ValueError(f"没有编号为 {comment_id} 的意见。")
    if found.no_reply_needed or found.resolved:
        return
    _refuse_if_filler(draft, found, "标为“不需答复”")
    with draft.transaction() as (con, batch, at):
        records.mark_no_reply(con, comment_id, at, draft.user)
        draft.log(
            con,
            batch,
            at,
            HistoryKind.COMMENT,
            found.cell or "",
            found.text,
            "不需答复",
            f"#{comment_id}",
        )
